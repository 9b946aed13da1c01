/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c - rule output format strings (libs' sinsp_evt_formatter): literal text and %field
 * tokens with an optional width (%20proc.name: padded with blanks or cut to 20 bytes); the
 * longest field at the token start is taken (vg_field_parse); "%%" is a literal "%" (a vigil
 * extension: libs has no escape); a trailing "%" is "invalid formatting syntax: formatting
 * cannot end with a %". Rendering prints "<NA>" for missing values and collects the typed
 * output_fields of Falco's JSON alert (numbers for numeric fields, null when missing).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/loader_internal.h"
#include "vigil/fields.h"
#include "util/banned.h"

struct out_tok {
	const char *lit;       /* literal text or NULL for a field */
	size_t litlen;
	struct vg_field_ref ref;
	const char *name;      /* field as written */
	int width;
	char *key;             /* key copy for ref.key */
};

struct vg_rules_output {
	struct out_tok *t;
	size_t n;
	char *fmt;
	size_t nfields;        /* distinct field names */
};

struct vg_alert_scratch {
	struct vg_arena arena;
	struct vg_scratch fs;
	struct vg_value vals[VG_FIELD_MAX_VALUES];
};

void vg_rules_output_free(struct vg_rules_output *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->t[i].key);
		free((char *)o->t[i].name);
	}
	free(o->t);
	free(o->fmt);
	free(o);
}

static int add_tok(struct vg_rules_output *o, const struct out_tok *t)
{
	struct out_tok *v = realloc(o->t, (o->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	o->t = v;
	o->t[o->n++] = *t;
	return 0;
}

int vg_rules_output_compile(enum vg_source source, const char *fmt,
			    struct vg_rules_output **ret, char *err, size_t errcap)
{
	struct vg_rules_output *o = calloc(1, sizeof(*o));
	int rc = 0;
	if (!o || !(o->fmt = strdup(fmt))) {
		free(o);
		return -ENOMEM;
	}
	const char *s = o->fmt;
	size_t len = strlen(s), lit = 0;
	for (size_t j = 0; j < len && !rc;) {
		if (s[j] != '%') {
			j++;
			continue;
		}
		if (j > lit) {
			struct out_tok t = { .lit = s + lit, .litlen = j - lit };
			if ((rc = add_tok(o, &t)))
				break;
		}
		if (j + 1 == len) {
			snprintf(err, errcap,
				 "invalid formatting syntax: formatting cannot end with a %%");
			rc = -EBADMSG;
			break;
		}
		if (s[j + 1] == '%') {
			struct out_tok t = { .lit = s + j, .litlen = 1 };
			if ((rc = add_tok(o, &t)))
				break;
			j += 2;
			lit = j;
			continue;
		}
		int width = 0;
		size_t k = j + 1;
		while (k < len && s[k] >= '0' && s[k] <= '9') {
			if (width < 100000)
				width = width * 10 + (s[k] - '0');
			k++;
		}
		if (k == len) {
			snprintf(err, errcap,
				 "invalid formatting syntax: formatting cannot end with a number");
			rc = -EBADMSG;
			break;
		}
		struct out_tok t = { .width = width };
		size_t used = 0;
		struct vg_diag d;
		if (vg_field_parse(source, s + k, len - k, &t.ref, &used, &d) || used == 0) {
			snprintf(err, errcap, "invalid formatting token %s", s + k);
			rc = -EBADMSG;
			break;
		}
		if (t.ref.info->flags & VG_FF_FILTER_ONLY) {
			snprintf(err, errcap,
				 "%s is filter only and cannot be used as a display field",
				 t.ref.info->name);
			rc = -EBADMSG;
			break;
		}
		t.name = strndup(s + k, used);
		if (t.ref.key.ptr) {
			t.key = strndup(t.ref.key.ptr, t.ref.key.len);
			if (t.key)
				t.ref.key.ptr = t.key;
		}
		if (!t.name || (t.ref.key.ptr && !t.key)) {
			free((char *)t.name);
			free(t.key);
			rc = -ENOMEM;
			break;
		}
		if ((rc = add_tok(o, &t))) {
			free((char *)t.name);
			free(t.key);
			break;
		}
		j = k + used;
		lit = j;
	}
	if (!rc && lit < len) {
		struct out_tok t = { .lit = s + lit, .litlen = len - lit };
		rc = add_tok(o, &t);
	}
	if (rc) {
		vg_rules_output_free(o);
		return rc;
	}
	for (size_t i = 0; i < o->n; i++) {
		if (o->t[i].lit)
			continue;
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = !o->t[k].lit && strcmp(o->t[k].name, o->t[i].name) == 0;
		o->nfields += !dup;
	}
	*ret = o;
	return 0;
}

int vg_alert_scratch_new(struct vg_alert_scratch **ret)
{
	struct vg_alert_scratch *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fs.cap = 128 * 1024;
	s->fs.buf = malloc(s->fs.cap);
	if (!s->fs.buf) {
		free(s);
		return -ENOMEM;
	}
	vg_arena_init(&s->arena, 16384);
	*ret = s;
	return 0;
}

void vg_alert_scratch_free(struct vg_alert_scratch *s)
{
	if (!s)
		return;
	vg_arena_release(&s->arena);
	free(s->fs.buf);
	free(s);
}

struct vg_arena *vg_alert_scratch_arena(struct vg_alert_scratch *s)
{
	return &s->arena;
}

static bool numeric(enum vg_ftype t, enum vg_alert_field_type *ret)
{
	switch (t) {
	case VG_FT_UINT64:
	case VG_FT_PORT:
	case VG_FT_RELTIME:
	case VG_FT_ABSTIME:
		*ret = VG_AF_U64;
		return true;
	case VG_FT_INT64:
		*ret = VG_AF_I64;
		return true;
	case VG_FT_BOOL:
		*ret = VG_AF_BOOL;
		return true;
	default:
		return false;
	}
}

int vg_rules_output_render(const struct vg_rules_output *o, const void *event,
			   struct vg_alert_scratch *s, const char **ret_text,
			   const struct vg_alert_field **ret_fields, size_t *ret_nfields)
{
	struct vg_strbuf b = VG_STRBUF_INIT;
	int e = 0;
	vg_arena_release(&s->arena);
	vg_arena_init(&s->arena, 16384);
	struct vg_alert_field *f = vg_arena_calloc(&s->arena, o ? o->nfields + 1 : 1, sizeof(*f));
	size_t nf = 0;
	if (!f)
		return -ENOMEM;
	for (size_t i = 0; o && i < o->n; i++) {
		const struct out_tok *t = &o->t[i];
		if (t->lit) {
			e |= vg_strbuf_append(&b, t->lit, t->litlen);
			continue;
		}
		char small[256];
		char *txt = small;
		s->fs.used = 0;
		int n = vg_field_format(&t->ref, event, small, sizeof(small), &s->fs);
		if (n >= (int)sizeof(small)) {
			txt = vg_arena_alloc(&s->arena, (size_t)n + 1);
			if (!txt) {
				vg_strbuf_release(&b);
				return -ENOMEM;
			}
			s->fs.used = 0;
			n = vg_field_format(&t->ref, event, txt, (size_t)n + 1, &s->fs);
		}
		bool missing = n < 0;
		const char *val = missing ? "<NA>" : txt;
		if (t->width) {
			size_t vl = strlen(val);
			for (int k = 0; k < t->width; k++)
				e |= vg_strbuf_putc(&b, (size_t)k < vl ? val[k] : ' ');
		} else {
			e |= vg_strbuf_puts(&b, val);
		}
		bool dup = false;
		for (size_t k = 0; k < nf && !dup; k++)
			dup = strcmp(f[k].name, t->name) == 0;
		if (dup)
			continue;
		struct vg_alert_field *af = &f[nf++];
		af->name = t->name;
		if (missing) {
			af->type = VG_AF_NULL;
			continue;
		}
		enum vg_alert_field_type nt;
		if (!(t->ref.info->flags & (VG_FF_LIST | VG_FF_ANY_VALUE)) &&
		    numeric(t->ref.info->type, &nt) && !(t->ref.info->flags & VG_FF_ANY_ANCESTOR)) {
			s->fs.used = 0;
			int k = vg_field_extract(&t->ref, event, s->vals, VG_FIELD_MAX_VALUES, &s->fs);
			if (k == 1) {
				af->type = nt;
				if (nt == VG_AF_U64)
					af->u = s->vals[0].v.u64;
				else if (nt == VG_AF_I64)
					af->i = s->vals[0].v.i64;
				else
					af->b = s->vals[0].v.b;
				continue;
			}
		}
		af->type = VG_AF_STR;
		af->str = vg_arena_strdup(&s->arena, txt);
		if (!af->str) {
			vg_strbuf_release(&b);
			return -ENOMEM;
		}
	}
	const char *text = e ? NULL : vg_arena_strdup(&s->arena, b.buf ? b.buf : "");
	vg_strbuf_release(&b);
	if (!text)
		return -ENOMEM;
	*ret_text = text;
	*ret_fields = f;
	*ret_nfields = nf;
	return 0;
}
