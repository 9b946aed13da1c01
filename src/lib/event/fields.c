/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields.c - what the per-source field tables share: lookup, argument resolution, the output
 * field parser, extraction dispatch and value rendering.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "event/event_internal.h"
#include "util/banned.h"

const char *vg_ftype_name(enum vg_ftype t)
{
	switch (t) {
	case VG_FT_STRING: return "CHARBUF";
	case VG_FT_UINT64: return "UINT64";
	case VG_FT_INT64: return "INT64";
	case VG_FT_BOOL: return "BOOL";
	case VG_FT_IPADDR: return "IPADDR";
	case VG_FT_IPNET: return "IPNET";
	case VG_FT_PORT: return "PORT";
	case VG_FT_BYTES: return "BYTEBUF";
	case VG_FT_RELTIME: return "RELTIME";
	case VG_FT_ABSTIME: return "ABSTIME";
	case VG_FT_DYN: return "DYNAMIC";
	default: return "NONE";
	}
}

const struct vg_source_fields *vg_source_fields_get(enum vg_source source)
{
	switch (source) {
	case VG_SOURCE_SYSCALL: return &vg_syscall_fields;
	case VG_SOURCE_K8S_AUDIT: return &vg_k8saudit_fields;
	default: return NULL;
	}
}

const struct vg_field_info *vg_fields_table(enum vg_source source, size_t *ret_count)
{
	const struct vg_source_fields *t = vg_source_fields_get(source);
	if (ret_count)
		*ret_count = t ? t->count : 0;
	return t ? t->info : NULL;
}

const struct vg_field_info *vg_field_find(enum vg_source source, const char *name, size_t len)
{
	const struct vg_source_fields *t = vg_source_fields_get(source);
	if (!t || !name)
		return NULL;
	for (size_t i = 0; i < t->count; i++) {
		const char *n = t->info[i].name;
		if (strncmp(n, name, len) == 0 && n[len] == '\0')
			return &t->info[i];
	}
	return NULL;
}

const char *vg_scratch_copy(struct vg_scratch *sc, const char *s, size_t len)
{
	char *p = vg_scratch_reserve(sc, len);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	return vg_scratch_commit(sc, len);
}

/* The field whose name, followed by '.', is the longest prefix of @name (dotted arguments). */
static const struct vg_field_info *find_dotted(const struct vg_source_fields *t, const char *name,
					       size_t len, size_t *ret_keyoff)
{
	const struct vg_field_info *best = NULL;
	size_t bestlen = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct vg_field_info *fi = &t->info[i];
		if (!(fi->flags & VG_FF_ARG_DOTTED))
			continue;
		size_t fl = strlen(fi->name);
		if (fl + 1 < len && fl > bestlen && memcmp(fi->name, name, fl) == 0 &&
		    name[fl] == '.') {
			best = fi;
			bestlen = fl;
		}
	}
	if (best)
		*ret_keyoff = bestlen + 1;
	return best;
}

static bool parse_index(const char *s, size_t len, int64_t *ret)
{
	if (len == 0 || len > 18)
		return false;
	int64_t v = 0;
	size_t i = 0;
	bool neg = false;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
		if (len == 1)
			return false;
	}
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = neg ? -v : v;
	return true;
}

int vg_field_resolve(enum vg_source source, const char *name, size_t name_len, const char *arg,
		     size_t arg_len, bool has_arg, struct vg_field_ref *ret_ref,
		     struct vg_diag *ret_diag)
{
	const struct vg_source_fields *t = vg_source_fields_get(source);
	if (!t || !name || !ret_ref)
		return -EINVAL;
	struct vg_field_ref ref;
	memset(&ref, 0, sizeof(ref));
	ref.source = source;
	ref.index = -1;
	bool dotted = false;
	const struct vg_field_info *fi = vg_field_find(source, name, name_len);
	if (!fi && !has_arg) {
		size_t keyoff = 0;
		fi = find_dotted(t, name, name_len, &keyoff);
		if (fi) {
			dotted = true;
			ref.has_arg = true;
			ref.key.ptr = name + keyoff;
			ref.key.len = name_len - keyoff;
		}
	}
	if (!fi) {
		if (has_arg)
			vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0,
				    "filter_check called with nonexistent field %.*s[%.*s]",
				    (int)name_len, name, (int)arg_len, arg ? arg : "");
		else
			vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0,
				    "filter_check called with nonexistent field %.*s", (int)name_len,
				    name);
		return -ENOENT;
	}
	ref.info = fi;
	if (has_arg) {
		if (!(fi->flags & (VG_FF_ARG_REQUIRED | VG_FF_ARG_ALLOWED))) {
			vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0,
				    "filter_check called with nonexistent field %s[%.*s]", fi->name,
				    (int)arg_len, arg ? arg : "");
			return -ENOENT;
		}
		ref.has_arg = true;
		int64_t idx;
		bool isnum = parse_index(arg, arg_len, &idx);
		if ((fi->flags & VG_FF_ARG_INDEX) && isnum) {
			ref.index = idx;
		} else if (fi->flags & VG_FF_ARG_KEY) {
			ref.key.ptr = arg;
			ref.key.len = arg_len;
		} else {
			vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0,
				    "%.*s is not a valid number", (int)arg_len, arg ? arg : "");
			return -EINVAL;
		}
		if (ref.index < 0 && !(fi->flags & VG_FF_ARG_KEY)) {
			vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0,
				    "invalid index argument '%.*s' for field %s", (int)arg_len,
				    arg ? arg : "", fi->name);
			return -EINVAL;
		}
	} else if (!dotted && (fi->flags & VG_FF_ARG_REQUIRED)) {
		vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0,
			    "filter %s requires an argument", fi->name);
		return -EINVAL;
	}
	vg_argcheck_fn chk = t->argchecks ? t->argchecks[fi->id] : NULL;
	if (chk) {
		int r = chk(&ref, ret_diag);
		if (r < 0)
			return r;
	}
	*ret_ref = ref;
	return 0;
}

static bool is_field_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

int vg_field_parse(enum vg_source source, const char *text, size_t len,
		   struct vg_field_ref *ret_ref, size_t *ret_consumed, struct vg_diag *ret_diag)
{
	if (!text || !ret_ref || !ret_consumed)
		return -EINVAL;
	size_t tok = 0;
	while (tok < len && is_field_char(text[tok]))
		tok++;
	/* longest prefix that resolves, ending on a name character */
	for (size_t n = tok; n > 0; n--) {
		if (text[n - 1] == '.')
			continue;
		const char *arg = NULL;
		size_t arg_len = 0, used = n;
		bool has_arg = false;
		if (n < len && text[n] == '[') {
			size_t j = n + 1;
			while (j < len && text[j] != ']')
				j++;
			if (j < len) {
				arg = text + n + 1;
				arg_len = j - n - 1;
				has_arg = true;
				used = j + 1;
			}
		}
		struct vg_diag d;
		vg_diag_clear(&d);
		struct vg_field_ref ref;
		int r = vg_field_resolve(source, text, n, arg, arg_len, has_arg, &ref, &d);
		if (r == 0) {
			*ret_ref = ref;
			*ret_consumed = used;
			return 0;
		}
		if (r != -ENOENT && n == tok) {
			/* a known field with a bad argument: report it */
			if (ret_diag)
				*ret_diag = d;
			return r;
		}
	}
	vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, NULL, 0, 0, "invalid formatting token %.*s",
		    (int)(tok ? tok : (len ? 1 : 0)), text);
	return -ENOENT;
}

int vg_field_extract(const struct vg_field_ref *ref, const void *event, struct vg_value *vals,
		     size_t cap, struct vg_scratch *scratch)
{
	if (!ref || !ref->info || !event || !vals)
		return -EINVAL;
	if (*(const enum vg_source *)event != ref->source)
		return -EINVAL;
	vg_getter_fn g = vg_field_getter(ref);
	if (!g)
		return -EINVAL;
	if (cap == 0)
		return -ENOSPC;
	return g(ref, event, vals, cap, scratch);
}

static size_t put(char *buf, size_t cap, size_t at, const char *s, size_t len)
{
	if (at < cap) {
		size_t n = len < cap - at - 1 ? len : cap - at - 1;
		memcpy(buf + at, s, n);
		buf[at + n] = '\0';
	}
	return at + len;
}

size_t vg_value_format(enum vg_ftype type, const struct vg_value *val, char *buf, size_t cap)
{
	char tmp[64];
	if (cap)
		buf[0] = '\0';
	switch (type) {
	case VG_FT_STRING:
		return put(buf, cap, 0, val->v.str.ptr ? val->v.str.ptr : "", val->v.str.len);
	case VG_FT_BYTES: {
		size_t n = 0;
		for (size_t i = 0; i < val->v.str.len; i++) {
			unsigned char c = (unsigned char)val->v.str.ptr[i];
			char ch = (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? (char)c : '.';
			n = put(buf, cap, n, &ch, 1);
		}
		return n;
	}
	case VG_FT_UINT64:
	case VG_FT_PORT:
	case VG_FT_RELTIME:
	case VG_FT_ABSTIME:
		snprintf(tmp, sizeof(tmp), "%" PRIu64, val->v.u64);
		return put(buf, cap, 0, tmp, strlen(tmp));
	case VG_FT_INT64:
		snprintf(tmp, sizeof(tmp), "%" PRId64, val->v.i64);
		return put(buf, cap, 0, tmp, strlen(tmp));
	case VG_FT_BOOL:
		return put(buf, cap, 0, val->v.b ? "true" : "false", val->v.b ? 4 : 5);
	case VG_FT_IPADDR:
	case VG_FT_IPNET: {
		size_t l = vg_ipaddr_format(val->v.ip, tmp, sizeof(tmp));
		return put(buf, cap, 0, tmp, l);
	}
	case VG_FT_DYN: {
		const struct vg_evt_arg *a = val->v.dyn;
		if (!a)
			return 0;
		switch (a->type) {
		case VG_ARG_STR:
		case VG_ARG_BYTES:
			return put(buf, cap, 0, a->str.ptr ? a->str.ptr : "", a->str.len);
		case VG_ARG_INT:
		case VG_ARG_FD:
		case VG_ARG_ERRNO:
		case VG_ARG_PID:
			snprintf(tmp, sizeof(tmp), "%" PRId64, a->num.i);
			return put(buf, cap, 0, tmp, strlen(tmp));
		case VG_ARG_SOCKADDR: {
			size_t l = vg_ipaddr_format(&a->addr, tmp, sizeof(tmp));
			if (l == 0 && a->str.ptr)
				return put(buf, cap, 0, a->str.ptr, a->str.len);
			return put(buf, cap, 0, tmp, l);
		}
		default:
			snprintf(tmp, sizeof(tmp), "%" PRIu64, a->num.u);
			return put(buf, cap, 0, tmp, strlen(tmp));
		}
	}
	default:
		return 0;
	}
}

int vg_field_format(const struct vg_field_ref *ref, const void *event, char *buf, size_t cap,
		    struct vg_scratch *scratch)
{
	struct vg_value vals[VG_FIELD_MAX_VALUES];
	int n = vg_field_extract(ref, event, vals, VG_FIELD_MAX_VALUES, scratch);
	if (n < 0)
		return n == -EINVAL ? -ENOENT : n;
	if (n == 0)
		return -ENOENT;
	if (cap)
		buf[0] = '\0';
	bool list = (ref->info->flags & VG_FF_LIST) != 0;
	size_t at = 0;
	if (list)
		at = put(buf, cap, at, "(", 1);
	for (int i = 0; i < n; i++) {
		if (i)
			at = put(buf, cap, at, list ? "," : " ", 1);
		size_t need = vg_value_format(ref->info->type, &vals[i], at < cap ? buf + at : NULL,
					      at < cap ? cap - at : 0);
		at += need;
		if (at >= cap && cap)
			buf[cap - 1] = '\0';
	}
	if (list)
		at = put(buf, cap, at, ")", 1);
	if (at > INT32_MAX)
		return -ENOSPC;
	return (int)at;
}
