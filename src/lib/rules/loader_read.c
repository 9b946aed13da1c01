/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loader_read.c - the reader: one rules file's YAML tree -> items for the collector, with the
 * checks and messages of Falco's rule_loader_reader.cpp (decode_val, decode_seq, overrides,
 * exceptions) and its location contexts. Reading stops at the first error of a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/loader_internal.h"
#include "util/banned.h"

#define RGX_IDENTIFIER "([a-zA-Z]+[a-zA-Z0-9_]*)"
#define RGX_BARESTR "([^()\"'[:space:]=,]+)"

#define TRY(x)                    \
	do {                      \
		int rc_ = (x);    \
		if (rc_)          \
			return rc_; \
	} while (0)

#define yerr(st, ctx, ...) ld_msg((st), true, LD_ERR_YAML_VALIDATE, (ctx), __VA_ARGS__)

static bool is_scalar(const struct vg_node *n)
{
	return n && n->kind != VG_NODE_SEQ && n->kind != VG_NODE_MAP;
}

/* decode_val for strings. @ret NULL when absent and optional. */
static int decode_str(struct ld_state *st, const struct vg_node *item, const char *key,
		      bool optional, const struct ld_ctx *ctx, const char **ret)
{
	const struct vg_node *v = vg_node_get(item, key);
	*ret = NULL;
	if (!v && optional)
		return 0;
	if (!v)
		return yerr(st, ctx, "Item has no mapping for key '%s'", key);
	if (v->kind == VG_NODE_NULL && !v->quoted)
		return yerr(st, ctx, "Mapping for key '%s' is empty", key);
	struct ld_ctx vctx;
	ld_ctx_push(st, ctx, v, "value for", key, &vctx);
	if (!is_scalar(v))
		return yerr(st, &vctx, "Value is not a scalar value%s", "");
	if (v->len == 0)
		return yerr(st, &vctx, "Value must be non-empty%s", "");
	*ret = vg_arena_strndup(&st->arena, v->text, v->len);
	return *ret ? 0 : -ENOMEM;
}

static bool parse_bool_text(const char *s, bool *ret)
{
	static const char *const t[] = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
					 "on", "On", "ON" };
	static const char *const f[] = { "n", "N", "no", "No", "NO", "false", "False", "FALSE",
					 "off", "Off", "OFF" };
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(s, t[i]) == 0) {
			*ret = true;
			return true;
		}
		if (strcmp(s, f[i]) == 0) {
			*ret = false;
			return true;
		}
	}
	return false;
}

static int decode_bool(struct ld_state *st, const struct vg_node *item, const char *key,
		       bool optional, const struct ld_ctx *ctx, bool *ret, bool *ret_present)
{
	const char *s;
	TRY(decode_str(st, item, key, optional, ctx, &s));
	if (ret_present)
		*ret_present = s != NULL;
	if (!s)
		return 0;
	if (!parse_bool_text(s, ret)) {
		struct ld_ctx vctx;
		ld_ctx_push(st, ctx, vg_node_get(item, key), "value for", key, &vctx);
		return yerr(st, &vctx, "Can't decode YAML scalar value%s", "");
	}
	return 0;
}

static int decode_u64(struct ld_state *st, const struct vg_node *item, const char *key,
		      const struct ld_ctx *ctx, uint64_t *ret, bool *ret_present)
{
	const char *s;
	TRY(decode_str(st, item, key, true, ctx, &s));
	*ret_present = s != NULL;
	if (!s)
		return 0;
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (s[0] == '-' || errno || !end || *end) {
		struct ld_ctx vctx;
		ld_ctx_push(st, ctx, vg_node_get(item, key), "value for", key, &vctx);
		return yerr(st, &vctx, "Can't decode YAML scalar value%s", "");
	}
	*ret = v;
	return 0;
}

/* decode_seq of scalars ("items", "tags"). */
static int decode_seq(struct ld_state *st, const struct vg_node *item, const char *key,
		      bool optional, const struct ld_ctx *ctx, const char ***ret, size_t *ret_n,
		      bool *ret_present)
{
	const struct vg_node *v = vg_node_get_key(item, key) ? vg_node_get(item, key) : NULL;
	bool defined = vg_node_get_key(item, key) != NULL;
	*ret = NULL;
	*ret_n = 0;
	if (ret_present)
		*ret_present = defined;
	if (!defined && optional)
		return 0;
	if (!defined)
		return yerr(st, ctx, "Item has no mapping for key '%s'", key);
	struct ld_ctx vctx;
	ld_ctx_push(st, ctx, v, "value for", key, &vctx);
	if (!v || v->kind != VG_NODE_SEQ)
		return yerr(st, &vctx, "Value is not a sequence%s", "");
	const char **out = vg_arena_calloc(&st->arena, v->count + 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (uint32_t i = 0; i < v->count; i++) {
		const struct vg_node *it = v->items[i];
		if (!is_scalar(it)) {
			struct ld_ctx ictx;
			ld_ctx_push(st, &vctx, it, "list item", "", &ictx);
			return yerr(st, &ictx, "sequence value is not scalar%s", "");
		}
		out[i] = vg_arena_strndup(&st->arena, it->text ? it->text : "", it->len);
		if (!out[i])
			return -ENOMEM;
	}
	*ret = out;
	*ret_n = v->count;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* std::set semantics for tags */
static void tags_set(const char **t, size_t *n)
{
	if (*n < 2)
		return;
	qsort(t, *n, sizeof(*t), cmp_str);
	size_t k = 1;
	for (size_t i = 1; i < *n; i++)
		if (strcmp(t[i], t[k - 1]) != 0)
			t[k++] = t[i];
	*n = k;
}

static int decode_tags(struct ld_state *st, const struct vg_node *item, const struct ld_ctx *ctx,
		       const char ***ret, size_t *ret_n, bool *ret_present)
{
	TRY(decode_seq(st, item, "tags", true, ctx, ret, ret_n, ret_present));
	tags_set(*ret, ret_n);
	return 0;
}

/* ---- overrides --------------------------------------------------------------------------- */

#define OV_MAX 16
struct ov_set {
	const char *k[OV_MAX];
	size_t n;
};

static bool ov_has(const struct ov_set *s, const char *k)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->k[i], k) == 0)
			return true;
	return false;
}

static bool in_list(const char *const *l, const char *k)
{
	for (; *l; l++)
		if (strcmp(*l, k) == 0)
			return true;
	return false;
}

static int decode_overrides(struct ld_state *st, const struct vg_node *item,
			    const char *const *can_append, const char *const *can_replace,
			    struct ov_set *app, struct ov_set *rep, const struct ld_ctx *ctx)
{
	const struct vg_node *v = vg_node_get(item, "override");
	app->n = rep->n = 0;
	if (!v || v->kind != VG_NODE_MAP)
		return 0;
	struct ld_ctx octx;
	ld_ctx_push(st, ctx, item, "overrides", "", &octx);
	for (uint32_t i = 0; i < v->count; i++) {
		const char *key = vg_node_scalar(v->pairs[i].key);
		const char *op = vg_node_scalar(v->pairs[i].value);
		key = key ? key : "";
		op = op ? op : "";
		bool ca = in_list(can_append, key), cr = in_list(can_replace, key);
		struct ld_ctx kctx;
		if (strcmp(op, "append") == 0) {
			ld_ctx_push(st, &octx, v->pairs[i].key, "overrides", key, &kctx);
			if (!ca)
				return yerr(st, &kctx,
					    "Key '%s' cannot be appended to, use 'replace' instead",
					    key);
			if (app->n < OV_MAX && !ov_has(app, key))
				app->k[app->n++] = key;
		} else if (strcmp(op, "replace") == 0) {
			ld_ctx_push(st, &octx, v->pairs[i].key, "overrides", key, &kctx);
			if (!cr)
				return yerr(st, &kctx, "Key '%s' cannot be replaced", key);
			if (rep->n < OV_MAX && !ov_has(rep, key))
				rep->k[rep->n++] = key;
		} else {
			ld_ctx_push(st, &octx, v->pairs[i].value, "value for", key, &kctx);
			return ld_msg(st, true, LD_ERR_YAML_VALIDATE, &kctx,
				      "Invalid override operation for key '%s': '%s'. Allowed values "
				      "are: %s%s",
				      key, op, ca ? "append " : "", cr ? "replace " : "");
		}
	}
	return 0;
}

/* ---- unknown keys (Falco 0.44) ----------------------------------------------------------- */

static int unknown_keys(struct ld_state *st, const struct vg_node *item, const char *const *known,
			const struct ld_ctx *ctx)
{
	for (uint32_t i = 0; i < item->count; i++) {
		const char *k = vg_node_scalar(item->pairs[i].key);
		if (k && !in_list(known, k))
			TRY(ld_msg(st, false, "LOAD_UNKNOWN_KEY", ctx,
				   "Unknown key '%s'. The key will be ignored.", k));
	}
	return 0;
}

/* ---- exceptions -------------------------------------------------------------------------- */

static int decode_exc_entry(struct ld_state *st, const struct vg_node *v, const char *key,
			    bool optional, struct ld_entry *out, const struct ld_ctx *ctx)
{
	memset(out, 0, sizeof(*out));
	if (!v && optional)
		return 0;
	if (!v)
		return yerr(st, ctx, "Item has no mapping for key '%s'", key ? key : "");
	struct ld_ctx vctx;
	ld_ctx_push(st, ctx, v, "value for", key ? key : "", &vctx);
	if (is_scalar(v) && v->kind != VG_NODE_NULL) {
		if (v->len == 0)
			return yerr(st, &vctx, "Value must be non-empty%s", "");
		out->valid = true;
		out->item = vg_arena_strndup(&st->arena, v->text, v->len);
		return out->item ? 0 : -ENOMEM;
	}
	if (v->kind == VG_NODE_SEQ) {
		out->valid = true;
		out->is_list = true;
		out->items = vg_arena_calloc(&st->arena, v->count + 1, sizeof(*out->items));
		if (!out->items)
			return -ENOMEM;
		out->n = v->count;
		for (uint32_t i = 0; i < v->count; i++) {
			struct ld_ctx lctx;
			ld_ctx_push(st, &vctx, v->items[i], "exception", "", &lctx);
			TRY(decode_exc_entry(st, v->items[i], NULL, false, &out->items[i], &lctx));
		}
	}
	/* a null or map value stays invalid, as yaml-cpp's decoder leaves it */
	return 0;
}

static int read_exceptions(struct ld_state *st, const struct vg_node *item,
			   const struct ld_ctx *parent, bool append, struct ld_exception **ret,
			   size_t *ret_n)
{
	const struct vg_node *exs = vg_node_get(item, "exceptions");
	*ret = NULL;
	*ret_n = 0;
	if (!exs || exs->kind == VG_NODE_NULL)
		return 0;
	struct ld_ctx ectx;
	ld_ctx_push(st, parent, exs, "exceptions", "", &ectx);
	if (exs->kind != VG_NODE_SEQ)
		return yerr(st, &ectx, "Rule exceptions must be a sequence%s", "");
	struct ld_exception *out = vg_arena_calloc(&st->arena, exs->count + 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	size_t n = 0;
	for (uint32_t i = 0; i < exs->count; i++) {
		const struct vg_node *ex = exs->items[i];
		struct ld_ctx tmp;
		const char *name;
		ld_ctx_push(st, &ectx, ex, "exception", "", &tmp);
		if (ex->kind != VG_NODE_MAP)
			return yerr(st, &tmp, "Rule exception must be a mapping%s", "");
		TRY(decode_str(st, ex, "name", false, &tmp, &name));
		struct ld_exception *e = &out[n];
		ld_ctx_push(st, parent, ex, "exception", name, &e->ctx);
		e->name = name;
		for (size_t k = 0; k < n; k++)
			if (strcmp(out[k].name, name) == 0)
				TRY(ld_msg(st, false, "LOAD_EXCEPTION_NAME_NOT_UNIQUE", &e->ctx,
					   "Multiple definitions of exception '%s' in the same rule",
					   name));
		TRY(decode_exc_entry(st, vg_node_get(ex, "fields"), "fields", append, &e->fields,
				     &e->ctx));
		TRY(decode_exc_entry(st, vg_node_get(ex, "comps"), "comps", true, &e->comps,
				     &e->ctx));
		const struct vg_node *vals = vg_node_get_key(ex, "values") ? vg_node_get(ex, "values")
									   : NULL;
		if (vg_node_get_key(ex, "values")) {
			struct ld_ctx vctx;
			ld_ctx_push(st, &e->ctx, vals, "exception values", "", &vctx);
			if (!vals || vals->kind != VG_NODE_SEQ)
				return yerr(st, &vctx, "Rule exception values must be a sequence%s",
					    "");
			e->values = vg_arena_calloc(&st->arena, vals->count + 1, sizeof(*e->values));
			if (!e->values)
				return -ENOMEM;
			for (uint32_t k = 0; k < vals->count; k++) {
				struct ld_ctx ictx;
				ld_ctx_push(st, &vctx, vals->items[k], "exception value", "", &ictx);
				TRY(decode_exc_entry(st, vals->items[k], NULL, false, &e->values[k],
						     &ictx));
			}
			e->nvalues = vals->count;
		} else if (append) {
			TRY(ld_msg(st, false, "LOAD_APPEND_NO_VALUES", &e->ctx,
				   "Overriding/appending exception with no values"));
		}
		n++;
	}
	*ret = out;
	*ret_n = n;
	return 0;
}

/* ---- items ------------------------------------------------------------------------------- */

#define WARNING_APPEND                                                                          \
	"'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under "   \
	"'override' instead."
#define WARNING_ENABLED                                                                         \
	"The standalone 'enabled' key usage is deprecated. The correct approach requires also " \
	"a 'replace' entry under the 'override' key (i.e. 'enabled: replace')."
#define ERROR_OVERRIDE_APPEND                                                                   \
	"Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry "    \
	"(e.g. 'condition: append') under 'override' instead."

static bool match_identifier(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static bool match_barestr(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (strchr("()\"'=, \t\n\r\f\v", *s))
			return false;
	return true;
}

static int read_engine_version(struct ld_state *st, const struct vg_node *item,
			       const struct ld_ctx *parent)
{
	struct ld_ctx ctx;
	const char *s;
	unsigned v[3];
	ld_ctx_push(st, parent, item, "required_engine_version", "", &ctx);
	TRY(decode_str(st, item, "required_engine_version", false, &ctx, &s));
	bool digits = *s != '\0';
	for (const char *p = s; *p; p++)
		digits &= *p >= '0' && *p <= '9';
	if (digits && strlen(s) <= 9) {
		v[0] = 0;
		v[1] = (unsigned)strtoul(s, NULL, 10);
		v[2] = 0;
	} else if (!ld_semver_parse(s, v)) {
		return ld_msg(st, true, LD_ERR_YAML_VALIDATE, &ctx,
			      "Unable to parse engine version '%s' as a semver string. Expected "
			      "\"x.y.z\" semver format.",
			      s);
	}
	return ld_define_engine_version(st, v, s, &ctx);
}

static int read_plugin_versions(struct ld_state *st, const struct vg_node *item,
				const struct ld_ctx *parent)
{
	const struct vg_node *req = vg_node_get(item, "required_plugin_versions");
	struct ld_ctx ctx;
	ld_ctx_push(st, parent, req, "required plugin versions", "", &ctx);
	if (!req || req->kind != VG_NODE_SEQ)
		return yerr(st, &ctx, "Value of required_plugin_versions must be a sequence%s", "");
	for (uint32_t i = 0; i < req->count; i++) {
		const struct vg_node *p = req->items[i];
		struct ld_ctx tmp, pctx;
		struct ld_plugin_reqs r;
		const char *name, *version;
		memset(&r, 0, sizeof(r));
		ld_ctx_push(st, &ctx, p, "required plugin versions entry", "", &tmp);
		if (p->kind != VG_NODE_MAP)
			return yerr(st, &tmp, "Plugin version must be a mapping%s", "");
		TRY(decode_str(st, p, "name", false, &tmp, &name));
		ld_ctx_push(st, &ctx, p, "required plugin versions entry", name, &pctx);
		TRY(decode_str(st, p, "version", false, &pctx, &version));
		const struct vg_node *alts = vg_node_get_key(p, "alternatives")
						     ? vg_node_get(p, "alternatives")
						     : NULL;
		bool has_alts = vg_node_get_key(p, "alternatives") != NULL;
		size_t cap = 1 + (alts && alts->kind == VG_NODE_SEQ ? alts->count : 0);
		r.alt = vg_arena_calloc(&st->arena, cap, sizeof(*r.alt));
		if (!r.alt)
			return -ENOMEM;
		r.alt[r.n++] = (struct ld_plugin_req){ name, version };
		r.ctx = pctx;
		if (has_alts) {
			if (!alts || alts->kind != VG_NODE_SEQ)
				return yerr(st, &pctx,
					    "Value of plugin version alternatives must be a sequence%s",
					    "");
			for (uint32_t k = 0; k < alts->count; k++) {
				const struct vg_node *a = alts->items[k];
				ld_ctx_push(st, &pctx, a, "required plugin versions alternative", "",
					    &tmp);
				if (a->kind != VG_NODE_MAP)
					return yerr(st, &tmp,
						    "Plugin version alternative must be a mapping%s", "");
				TRY(decode_str(st, a, "name", false, &tmp, &name));
				ld_ctx_push(st, &pctx, a, "required plugin versions alternative", name,
					    &tmp);
				TRY(decode_str(st, a, "version", false, &tmp, &version));
				r.alt[r.n++] = (struct ld_plugin_req){ name, version };
			}
		}
		TRY(ld_define_plugin_req(st, &r));
	}
	return 0;
}

static int read_list(struct ld_state *st, const struct vg_node *item, const struct ld_ctx *parent)
{
	static const char *const known[] = { "list", "items", "append", "override", NULL };
	static const char *const ovr[] = { "items", NULL };
	struct ld_ctx tmp, ctx;
	const char *name;
	ld_ctx_push(st, parent, item, "list", "", &tmp);
	TRY(decode_str(st, item, "list", false, &tmp, &name));
	ld_ctx_push(st, parent, item, "list", name, &ctx);
	TRY(unknown_keys(st, item, known, &ctx));
	if (!match_barestr(name))
		TRY(ld_msg(st, false, "LOAD_INVALID_LIST_NAME", &ctx,
			   "List has an invalid name. List names should match a regular "
			   "expression: " RGX_BARESTR));
	struct ld_list l;
	memset(&l, 0, sizeof(l));
	l.name = name;
	l.ctx = ctx;
	TRY(decode_seq(st, item, "items", false, &ctx, &l.items, &l.n, NULL));
	bool append = false;
	TRY(decode_bool(st, item, "append", true, &ctx, &append, NULL));
	if (append)
		TRY(ld_msg(st, false, "LOAD_DEPRECATED_ITEM", &ctx, WARNING_APPEND));
	struct ov_set app, rep;
	TRY(decode_overrides(st, item, ovr, ovr, &app, &rep, &ctx));
	if (append && (app.n || rep.n))
		return yerr(st, &ctx, ERROR_OVERRIDE_APPEND "%s", "");
	append |= ov_has(&app, "items");
	return append ? ld_append_list(st, &l) : ld_define_list(st, &l);
}

static int read_macro(struct ld_state *st, const struct vg_node *item,
		      const struct ld_ctx *parent)
{
	static const char *const known[] = { "macro", "condition", "append", "override", NULL };
	static const char *const ovr[] = { "condition", NULL };
	struct ld_ctx tmp, ctx;
	const char *name;
	ld_ctx_push(st, parent, item, "macro", "", &tmp);
	TRY(decode_str(st, item, "macro", false, &tmp, &name));
	ld_ctx_push(st, parent, item, "macro", name, &ctx);
	TRY(unknown_keys(st, item, known, &ctx));
	if (!match_identifier(name))
		TRY(ld_msg(st, false, "LOAD_INVALID_MACRO_NAME", &ctx,
			   "Macro has an invalid name. Macro names should match a regular "
			   "expression: " RGX_IDENTIFIER));
	struct ld_macro m;
	memset(&m, 0, sizeof(m));
	m.name = name;
	m.ctx = ctx;
	TRY(decode_str(st, item, "condition", false, &ctx, &m.cond));
	ld_ctx_push(st, &ctx, vg_node_get(item, "condition"), "macro condition", "", &m.cond_ctx);
	bool append = false;
	TRY(decode_bool(st, item, "append", true, &ctx, &append, NULL));
	if (append)
		TRY(ld_msg(st, false, "LOAD_DEPRECATED_ITEM", &ctx, WARNING_APPEND));
	struct ov_set app, rep;
	TRY(decode_overrides(st, item, ovr, ovr, &app, &rep, &ctx));
	if (append && (app.n || rep.n))
		return yerr(st, &ctx, ERROR_OVERRIDE_APPEND "%s", "");
	append |= ov_has(&app, "condition");
	return append ? ld_append_macro(st, &m) : ld_define_macro(st, &m);
}

static int decode_priority(struct ld_state *st, const struct vg_node *item,
			   const struct ld_ctx *ctx, enum vg_priority *ret)
{
	const char *s;
	TRY(decode_str(st, item, "priority", false, ctx, &s));
	if (vg_priority_parse(s, ret)) {
		struct ld_ctx pctx;
		ld_ctx_push(st, ctx, vg_node_get(item, "priority"), "rule priority", "", &pctx);
		return yerr(st, &pctx, "Invalid priority%s", "");
	}
	return 0;
}

/* check_update_expected: is @key under this override kind? then it must be defined */
static int expect(struct ld_state *st, const char **expected, size_t *nexp,
		  const struct ov_set *ov, const char *kind, const char *key,
		  const struct ld_ctx *ctx, bool *ret)
{
	*ret = false;
	if (!ov_has(ov, key))
		return 0;
	for (size_t i = 0; i < *nexp; i++) {
		if (strcmp(expected[i], key) == 0) {
			expected[i] = expected[--*nexp];
			*ret = true;
			return 0;
		}
	}
	return ld_msg(st, true, LD_ERR_YAML_VALIDATE, ctx,
		      "An %s override for '%s' was specified but '%s' is not defined", kind, key,
		      key);
}

static int read_update(struct ld_state *st, const struct vg_node *item, const struct ov_set *ov,
		       const char *kind, const char **expected, size_t *nexp,
		       const struct ld_ctx *ctx, struct ld_update *u)
{
	bool on;
	TRY(expect(st, expected, nexp, ov, kind, "condition", ctx, &on));
	if (on) {
		TRY(decode_str(st, item, "condition", false, ctx, &u->cond));
		u->has_cond = true;
	}
	TRY(expect(st, expected, nexp, ov, kind, "exceptions", ctx, &on));
	if (on) {
		TRY(read_exceptions(st, item, ctx, true, &u->exc, &u->nexc));
		u->has_exc = true;
	}
	TRY(expect(st, expected, nexp, ov, kind, "output", ctx, &on));
	if (on) {
		TRY(decode_str(st, item, "output", false, ctx, &u->output));
		u->has_output = true;
	}
	TRY(expect(st, expected, nexp, ov, kind, "desc", ctx, &on));
	if (on) {
		TRY(decode_str(st, item, "desc", false, ctx, &u->desc));
		u->has_desc = true;
	}
	TRY(expect(st, expected, nexp, ov, kind, "tags", ctx, &on));
	if (on)
		TRY(decode_tags(st, item, ctx, &u->tags, &u->ntags, &u->has_tags));
	TRY(expect(st, expected, nexp, ov, kind, "priority", ctx, &on));
	if (on) {
		TRY(decode_priority(st, item, ctx, &u->priority));
		u->has_priority = true;
	}
	TRY(expect(st, expected, nexp, ov, kind, "enabled", ctx, &on));
	if (on)
		TRY(decode_bool(st, item, "enabled", false, ctx, &u->enabled, &u->has_enabled));
	TRY(expect(st, expected, nexp, ov, kind, "warn_evttypes", ctx, &on));
	if (on)
		TRY(decode_bool(st, item, "warn_evttypes", false, ctx, &u->warn_evttypes,
				&u->has_warn));
	TRY(expect(st, expected, nexp, ov, kind, "skip-if-unknown-filter", ctx, &on));
	if (on)
		TRY(decode_bool(st, item, "skip-if-unknown-filter", false, ctx, &u->skip_unknown,
				&u->has_skip));
	TRY(expect(st, expected, nexp, ov, kind, "capture", ctx, &on));
	if (on)
		TRY(decode_bool(st, item, "capture", false, ctx, &u->capture, &u->has_capture));
	TRY(expect(st, expected, nexp, ov, kind, "capture_duration", ctx, &on));
	if (on)
		TRY(decode_u64(st, item, "capture_duration", ctx, &u->capture_duration,
			       &u->has_capture_duration));
	return 0;
}

static int read_rule(struct ld_state *st, const struct vg_node *item, const struct ld_ctx *parent)
{
	static const char *const known[] = { "rule", "condition", "output", "desc", "priority",
					     "source", "enabled", "tags", "exceptions",
					     "warn_evttypes", "skip-if-unknown-filter", "capture",
					     "capture_duration", "append", "override", NULL };
	static const char *const can_append[] = { "condition", "output", "desc", "tags",
						  "exceptions", NULL };
	static const char *const can_replace[] = { "condition", "output", "desc", "priority",
						   "tags", "exceptions", "enabled",
						   "warn_evttypes", "skip-if-unknown-filter",
						   "capture", "capture_duration", NULL };
	struct ld_ctx tmp, ctx;
	const char *name;
	ld_ctx_push(st, parent, item, "rule", "", &tmp);
	TRY(decode_str(st, item, "rule", false, &tmp, &name));
	ld_ctx_push(st, parent, item, "rule", name, &ctx);
	TRY(unknown_keys(st, item, known, &ctx));
	bool append = false;
	TRY(decode_bool(st, item, "append", true, &ctx, &append, NULL));
	if (append)
		TRY(ld_msg(st, false, "LOAD_DEPRECATED_ITEM", &ctx, WARNING_APPEND));
	struct ov_set app, rep;
	TRY(decode_overrides(st, item, can_append, can_replace, &app, &rep, &ctx));
	if (append && (app.n || rep.n))
		return yerr(st, &ctx, ERROR_OVERRIDE_APPEND "%s", "");
	if (app.n || rep.n) {
		const char *expected[32];
		size_t nexp = 0;
		for (const char *const *k = can_replace; *k; k++)
			if (vg_node_get_key(item, *k) && nexp < 32)
				expected[nexp++] = *k;
		if (app.n) {
			struct ld_update u;
			memset(&u, 0, sizeof(u));
			u.name = name;
			u.ctx = ctx;
			TRY(read_update(st, item, &app, "append", expected, &nexp, &ctx, &u));
			TRY(ld_append_rule(st, &u));
		}
		if (rep.n) {
			struct ld_update u;
			memset(&u, 0, sizeof(u));
			u.name = name;
			u.ctx = ctx;
			TRY(read_update(st, item, &rep, "replace", expected, &nexp, &ctx, &u));
			TRY(ld_replace_rule(st, &u));
		}
		if (nexp) {
			/* Falco iterates a std::set: the alphabetically first leftover key */
			const char *first = expected[0];
			for (size_t i = 1; i < nexp; i++)
				if (strcmp(expected[i], first) < 0)
					first = expected[i];
			struct ld_ctx kctx;
			ld_ctx_push(st, &ctx, vg_node_get(item, first), "overrides", first, &kctx);
			return ld_msg(st, true, LD_ERR_YAML_VALIDATE, &kctx,
				      "Unexpected key '%s': no corresponding entry under 'override' "
				      "is defined.",
				      first);
		}
		return 0;
	}
	if (append) {
		struct ld_update u;
		memset(&u, 0, sizeof(u));
		u.name = name;
		u.ctx = ctx;
		if (vg_node_get_key(item, "condition")) {
			TRY(decode_str(st, item, "condition", false, &ctx, &u.cond));
			u.has_cond = true;
		}
		if (vg_node_get_key(item, "exceptions")) {
			TRY(read_exceptions(st, item, &ctx, true, &u.exc, &u.nexc));
			u.has_exc = true;
		}
		return ld_append_rule(st, &u);
	}
	struct ld_rule r;
	memset(&r, 0, sizeof(r));
	r.name = name;
	r.ctx = ctx;
	r.cond_ctx = ctx;
	r.output_ctx = ctx;
	r.enabled = true;
	r.warn_evttypes = true;
	r.priority = VG_PRIO_DEBUG;
	if (!vg_node_get_key(item, "condition") && !vg_node_get_key(item, "output") &&
	    !vg_node_get_key(item, "desc") && !vg_node_get_key(item, "priority")) {
		bool en = true;
		TRY(decode_bool(st, item, "enabled", false, &ctx, &en, NULL));
		TRY(ld_msg(st, false, "LOAD_DEPRECATED_ITEM", &ctx, WARNING_ENABLED));
		return ld_enable_rule(st, name, en, &ctx);
	}
	TRY(decode_str(st, item, "condition", false, &ctx, &r.cond));
	ld_ctx_push(st, &ctx, vg_node_get(item, "condition"), "rule condition", "", &r.cond_ctx);
	TRY(decode_str(st, item, "output", false, &ctx, &r.output));
	ld_ctx_push(st, &ctx, vg_node_get(item, "output"), "rule output", "", &r.output_ctx);
	TRY(decode_str(st, item, "desc", false, &ctx, &r.desc));
	{
		/* trim the output (Falco's trim(): " \t\n\r\f\v") */
		const char *s = r.output;
		size_t len = strlen(s);
		while (len && strchr(" \t\n\r\f\v", s[len - 1]))
			len--;
		while (len && strchr(" \t\n\r\f\v", *s)) {
			s++;
			len--;
		}
		r.output = vg_arena_strndup(&st->arena, s, len);
		if (!r.output)
			return -ENOMEM;
	}
	TRY(decode_priority(st, item, &ctx, &r.priority));
	r.source = "syscall";
	const char *src;
	TRY(decode_str(st, item, "source", true, &ctx, &src));
	if (src)
		r.source = src;
	TRY(decode_bool(st, item, "enabled", true, &ctx, &r.enabled, NULL));
	TRY(decode_bool(st, item, "warn_evttypes", true, &ctx, &r.warn_evttypes, NULL));
	TRY(decode_bool(st, item, "skip-if-unknown-filter", true, &ctx, &r.skip_unknown, NULL));
	TRY(decode_bool(st, item, "capture", true, &ctx, &r.capture, NULL));
	bool present;
	TRY(decode_u64(st, item, "capture_duration", &ctx, &r.capture_duration, &present));
	TRY(decode_tags(st, item, &ctx, &r.tags, &r.ntags, &present));
	TRY(read_exceptions(st, item, &ctx, false, &r.exc, &r.nexc));
	return ld_define_rule(st, &r);
}

static int read_item(struct ld_state *st, const struct vg_node *item, const struct ld_ctx *parent)
{
	if (item->kind != VG_NODE_MAP) {
		struct ld_ctx tmp;
		ld_ctx_push(st, parent, item, "rules content item", "", &tmp);
		return yerr(st, &tmp,
			    "Unexpected element type. Each element should be a yaml associative "
			    "array.%s",
			    "");
	}
	if (vg_node_get_key(item, "required_engine_version"))
		return read_engine_version(st, item, parent);
	if (vg_node_get_key(item, "required_plugin_versions"))
		return read_plugin_versions(st, item, parent);
	if (vg_node_get_key(item, "list"))
		return read_list(st, item, parent);
	if (vg_node_get_key(item, "macro"))
		return read_macro(st, item, parent);
	if (vg_node_get_key(item, "rule"))
		return read_rule(st, item, parent);
	struct ld_ctx ctx;
	ld_ctx_push(st, parent, item, "rules content item", "", &ctx);
	return ld_msg(st, false, "LOAD_UNKNOWN_ITEM", &ctx, "Unknown top level item");
}

int ld_read(struct ld_state *st)
{
	const struct ld_input *in = &st->inputs[st->cur];
	struct vg_docset *set = NULL;
	struct vg_diag d;
	struct vg_limits lim;
	struct ld_ctx ctx;
	int err;
	ld_ctx_file(st, &ctx);
	vg_limits_init(&lim);
	err = vg_docset_parse(in->name, in->buf, in->len, VG_SYNTAX_YAML, &lim, &set, &d);
	if (err == -ENOMEM || err == -EINVAL)
		return err == -EINVAL ? ld_msg(st, true, LD_ERR_YAML_PARSE, &ctx, "invalid input")
				      : err;
	if (err) {
		struct ld_ctx ictx = ctx;
		struct vg_node pos = { .line = d.line, .column = d.column };
		ld_ctx_push(st, &ctx, &pos, "value for", "", &ictx);
		err = ld_msg(st, true, LD_ERR_YAML_PARSE, &ictx, "%s", d.message);
		vg_docset_free(set);
		return err;
	}
	for (size_t i = 0; i < vg_docset_count(set) && !err; i++) {
		const struct vg_node *root = vg_docset_get(set, i)->root;
		if (root->kind == VG_NODE_NULL)
			continue;
		if (root->kind != VG_NODE_SEQ && root->kind != VG_NODE_MAP) {
			err = yerr(st, &ctx, "Rules content is not yaml%s", "");
			break;
		}
		if (root->kind != VG_NODE_SEQ) {
			err = yerr(st, &ctx, "Rules content is not yaml array of objects%s", "");
			break;
		}
		for (uint32_t k = 0; k < root->count && !err; k++)
			if (root->items[k]->kind != VG_NODE_NULL)
				err = read_item(st, root->items[k], &ctx);
	}
	/* strings are copied into st->arena; the tree can go */
	vg_docset_free(set);
	return err;
}
