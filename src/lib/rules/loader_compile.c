/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loader_compile.c - the compiler pass (Falco's rule_loader_compiler.cpp), run after every
 * file over everything collected so far:
 *
 *  1. lists: an item naming a list with a lower index than the list's visibility is replaced by
 *     that list's (raw) items; the referenced list is used;
 *  2. macros: every condition gets the textual list substitution (all lists, no visibility) and
 *     is parsed (LOAD_ERR_COMPILE_CONDITION); then, in order, each macro's references are
 *     resolved against the macros whose index is below its visibility (LOAD_ERR_VALIDATE
 *     "Undefined macro 'x' used in filter."); the resolved tree replaces the macro's own;
 *  3. rules, in order: exceptions become condition text exactly as Falco writes it; the output
 *     gets %container.info removed (LOAD_DEPRECATED_ITEM) and is compiled
 *     (LOAD_ERR_COMPILE_OUTPUT); the condition is substituted, parsed, resolved with every
 *     macro visible and compiled; LOAD_NO_EVTTYPE for broad syscall rules;
 *  4. the first error ends the pass and suppresses the unused macro/list warnings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules/loader_internal.h"
#include "rules/rules_internal.h"
#include "util/banned.h"

struct pass {
	struct ld_state *st;
	struct vg_cond_list *clists;
	struct vg_str **items; /* per list */
	bool *list_used;
	struct vg_cond_ast **mast;  /* parsed macros */
	struct vg_cond_ast **mexp;  /* resolved macros */
	bool *macro_used;
	uint32_t visibility;
	/* compile warnings of the rule being compiled */
	struct ld_ctx warn_ctx;
	const char *warn_cond;
	int warn_err;
};

void ld_compiled_clear(struct ld_state *st)
{
	for (size_t i = 0; i < st->ncompiled; i++) {
		vg_cond_unref(st->compiled[i].cond);
		vg_rules_output_free(st->compiled[i].out);
	}
	st->ncompiled = 0;
}

static void quote_item(struct vg_strbuf *b, const char *v, int *err)
{
	bool q = strchr(v, ' ') && v[0] != '"' && v[0] != '\'';
	if (q)
		*err |= vg_strbuf_putc(b, '"');
	*err |= vg_strbuf_puts(b, v);
	if (q)
		*err |= vg_strbuf_putc(b, '"');
}

/* build_rule_exception_infos */
static int build_exceptions(struct pass *p, const struct ld_rule *r, char **ret)
{
	struct ld_state *st = p->st;
	struct vg_strbuf b = VG_STRBUF_INIT, ic = VG_STRBUF_INIT;
	int e = 0, rc = 0;
	e |= vg_strbuf_printf(&b, "(%s)", r->cond);
	for (size_t x = 0; x < r->nexc && !rc; x++) {
		const struct ld_exception *ex = &r->exc[x];
		vg_strbuf_reset(&ic);
		if (!ex->fields.is_list) {
			for (size_t v = 0; v < ex->nvalues; v++) {
				if (ex->values[v].is_list) {
					rc = ld_msg(st, true, LD_ERR_VALIDATE, &ex->ctx,
						    "Expected values array to contain a list of strings");
					break;
				}
				if (ic.len == 0)
					e |= vg_strbuf_printf(&ic, "(%s %s (", ex->fields.item,
							      ex->comps.item);
				else
					e |= vg_strbuf_puts(&ic, ", ");
				quote_item(&ic, ex->values[v].item ? ex->values[v].item : "", &e);
			}
			if (ic.len)
				e |= vg_strbuf_puts(&ic, "))");
		} else {
			e |= vg_strbuf_puts(&ic, "(");
			for (size_t v = 0; v < ex->nvalues && !rc; v++) {
				const struct ld_entry *val = &ex->values[v];
				if (ex->fields.n != val->n) {
					rc = ld_msg(st, true, LD_ERR_VALIDATE, &ex->ctx,
						    "Fields and values lists must have equal length");
					break;
				}
				if (ic.len > 1)
					e |= vg_strbuf_puts(&ic, " or ");
				e |= vg_strbuf_puts(&ic, "(");
				for (size_t k = 0; k < ex->fields.n; k++) {
					const char *comp = ex->comps.items[k].item;
					if (k)
						e |= vg_strbuf_puts(&ic, " and ");
					e |= vg_strbuf_printf(&ic, " %s %s ", ex->fields.items[k].item,
							      comp);
					const struct ld_entry *it = &val->items[k];
					if (it->is_list) {
						e |= vg_strbuf_puts(&ic, "(");
						for (size_t j = 0; j < it->n; j++) {
							if (j)
								e |= vg_strbuf_puts(&ic, ", ");
							quote_item(&ic,
								   it->items[j].item ? it->items[j].item
										     : "",
								   &e);
						}
						e |= vg_strbuf_puts(&ic, ")");
					} else {
						const char *s = it->item ? it->item : "";
						enum vg_op op;
						enum vg_opmod mod;
						bool listop = vg_op_parse(comp, strlen(comp), &op, &mod) &&
							      mod == VG_MOD_NONE && vg_op_is_list(op);
						if (listop && s[0] != '(')
							e |= vg_strbuf_printf(&ic, "(%s)", s);
						else if (listop)
							e |= vg_strbuf_puts(&ic, s);
						else
							quote_item(&ic, s, &e);
					}
				}
				e |= vg_strbuf_puts(&ic, ")");
			}
			e |= vg_strbuf_puts(&ic, ")");
			if (ic.len == 2 && memcmp(ic.buf, "()", 2) == 0)
				vg_strbuf_reset(&ic);
		}
		if (!rc && ic.len)
			e |= vg_strbuf_printf(&b, " and not %s", ic.buf);
	}
	if (!rc && e)
		rc = -ENOMEM;
	if (!rc) {
		*ret = vg_arena_strdup(&st->arena, b.buf ? b.buf : "");
		if (!*ret)
			rc = -ENOMEM;
	}
	vg_strbuf_release(&b);
	vg_strbuf_release(&ic);
	return rc;
}

static int subst(struct pass *p, const char *cond, char **ret)
{
	struct ld_state *st = p->st;
	bool *used = calloc(st->nlists + 1, sizeof(*used));
	char *out = NULL;
	if (!used)
		return -ENOMEM;
	int rc = vg_cond_subst_lists(cond, strlen(cond), p->clists, st->nlists,
				     st->climits.max_len, used, &out, NULL);
	if (!rc) {
		for (size_t i = 0; i < st->nlists; i++)
			p->list_used[i] |= used[i];
		*ret = vg_arena_strdup(&st->arena, out);
		rc = *ret ? 0 : -ENOMEM;
	}
	free(out);
	free(used);
	return rc;
}

/* parse_condition: substitute lists and parse; errors in @ctx with the parser position */
static int parse_cond(struct pass *p, const char *cond, const struct ld_ctx *ctx,
		      struct vg_cond_ast **ret)
{
	char *text = NULL;
	struct vg_diag d;
	int rc = subst(p, cond, &text);
	if (rc == -EFBIG) {
		struct ld_ctx c;
		ld_ctx_cond(p->st, ctx, cond, NULL, &c);
		return ld_msg(p->st, true, LD_ERR_COMPILE_CONDITION, &c,
			      "condition too long after list substitution");
	}
	if (rc)
		return rc;
	rc = vg_cond_parse(text, strlen(text), &p->st->climits, ret, &d);
	if (rc == -ENOMEM)
		return rc;
	if (rc) {
		struct vg_ast_pos pos = { 0, d.line, d.column };
		const char *q = text;
		for (uint32_t l = 1; l < d.line && *q; q++)
			if (*q == '\n')
				l++;
		pos.offset = (uint32_t)(q - text) + (d.column ? d.column - 1 : 0);
		struct ld_ctx c;
		ld_ctx_cond(p->st, ctx, text, &pos, &c);
		return ld_msg(p->st, true, LD_ERR_COMPILE_CONDITION, &c, "%s", d.message);
	}
	return 0;
}

static const struct vg_ast *lookup(void *user, const char *name, size_t len)
{
	struct pass *p = user;
	struct ld_state *st = p->st;
	for (size_t i = 0; i < st->nmacros; i++) {
		const struct ld_macro *m = &st->macros[i];
		if (m->index >= p->visibility || strlen(m->name) != len ||
		    memcmp(m->name, name, len) != 0)
			continue;
		const struct vg_cond_ast *a = p->mexp[i] ? p->mexp[i] : p->mast[i];
		if (!a)
			return NULL;
		p->macro_used[i] = true;
		return vg_cond_ast_root(a);
	}
	return NULL;
}

/* resolve_macros: errors are LOAD_ERR_VALIDATE in (pos, condition, @ctx) */
static int resolve(struct pass *p, const struct vg_cond_ast *ast, const char *cond,
		   uint32_t visibility, const struct ld_ctx *ctx, struct vg_cond_ast **ret)
{
	struct vg_diag d;
	p->visibility = visibility;
	int rc = vg_cond_expand_macros(vg_cond_ast_root(ast), lookup, p, &p->st->climits, ret, &d);
	if (rc == -ENOMEM || !rc)
		return rc;
	struct vg_ast_pos pos = { 0, d.line, d.column };
	struct ld_ctx c;
	ld_ctx_cond(p->st, ctx, cond, &pos, &c);
	return ld_msg(p->st, true, rc == -EFBIG ? LD_ERR_COMPILE_CONDITION : LD_ERR_VALIDATE, &c,
		      "%s", d.message);
}

static void on_warn(void *user, enum vg_cond_warning code, const struct vg_ast_pos *pos,
		    const char *message)
{
	struct pass *p = user;
	const char *c = code == VG_COND_WARN_UNSAFE_NA	     ? "LOAD_UNSAFE_NA_CHECK"
			: code == VG_COND_WARN_DEPRECATED_FIELD ? "LOAD_DEPRECATED_ITEM"
								: "LOAD_COMPILE_CONDITION";
	struct ld_ctx ctx;
	ld_ctx_cond(p->st, &p->warn_ctx, p->warn_cond, pos, &ctx);
	int rc = ld_msg(p->st, false, c, &ctx, "%s", message);
	if (rc)
		p->warn_err = rc;
}

static bool unknown_type_or_field(const char *err)
{
	return strstr(err, "nonexistent field") || strstr(err, "invalid formatting token") ||
	       strstr(err, "unknown event type") || strstr(err, "unknown filter:");
}

static const char *const deprecated_fields[] = { "evt.dir", "evt.latency", "evt.latency.s",
						 "evt.latency.ns", "evt.latency.human",
						 "evt.wait_latency" };

/* replace every "%container.info" by "" */
static char *strip_container_info(struct ld_state *st, const char *out)
{
	static const char tok[] = "%container.info";
	struct vg_strbuf b = VG_STRBUF_INIT;
	int e = 0;
	const char *s = out, *h;
	while ((h = strstr(s, tok))) {
		e |= vg_strbuf_append(&b, s, (size_t)(h - s));
		s = h + sizeof(tok) - 1;
	}
	e |= vg_strbuf_puts(&b, s);
	char *r = e ? NULL : vg_arena_strdup(&st->arena, b.buf ? b.buf : "");
	vg_strbuf_release(&b);
	return r;
}

static int compile_rule(struct pass *p, size_t ri)
{
	struct ld_state *st = p->st;
	const struct ld_rule *r = &st->rules[ri];
	enum vg_source src = vg_source_from_name(r->source, (size_t)-1);
	char *cond = (char *)r->cond;
	int rc;
	if (r->nexc && (rc = build_exceptions(p, r, &cond)))
		return rc;
	const char *output = r->output;
	if (strstr(output, "%container.info")) {
		if ((rc = ld_msg(st, false, "LOAD_DEPRECATED_ITEM", &r->ctx,
				 "%%container.info is deprecated and no more useful, and will be "
				 "dropped by Falco 1.0.0. The container plugin will automatically add "
				 "required fields to the output message.")))
			return rc;
		if (!(output = strip_container_info(st, output)))
			return -ENOMEM;
	}
	struct vg_rules_output *out = NULL;
	char err[512];
	rc = vg_rules_output_compile(src, output, &out, err, sizeof(err));
	if (rc == -ENOMEM)
		return rc;
	if (rc) {
		if (unknown_type_or_field(err) && r->skip_unknown)
			return ld_msg(st, false, "LOAD_UNKNOWN_FILTER", &r->output_ctx, "%s", err);
		return ld_msg(st, true, LD_ERR_COMPILE_OUTPUT, &r->output_ctx, "%s", err);
	}
	for (size_t i = 0; i < sizeof(deprecated_fields) / sizeof(deprecated_fields[0]); i++)
		if (strstr(output, deprecated_fields[i]) &&
		    (rc = ld_msg(st, false, "LOAD_DEPRECATED_ITEM", &r->output_ctx,
				 "usage of deprecated field '%s' has been detected in the rule output",
				 deprecated_fields[i])))
			goto fail;
	struct vg_cond_ast *ast = NULL, *exp = NULL;
	if ((rc = parse_cond(p, cond, &r->cond_ctx, &ast)))
		goto fail;
	rc = resolve(p, ast, cond, UINT32_MAX, &r->ctx, &exp);
	vg_cond_ast_free(ast);
	if (rc)
		goto fail;
	struct vg_cond_compile_opts o = { .source = src, .warn = on_warn, .warn_user = p,
					  .limits = &st->climits };
	struct vg_cond *c = NULL;
	struct vg_diag d;
	p->warn_ctx = r->cond_ctx;
	p->warn_cond = cond;
	p->warn_err = 0;
	rc = vg_cond_compile(vg_cond_ast_root(exp), &o, &c, &d);
	vg_cond_ast_free(exp);
	if (!rc && p->warn_err)
		rc = p->warn_err;
	if (rc == -ENOMEM)
		goto fail;
	if (rc) {
		struct vg_ast_pos pos = { 0, d.line, d.column };
		struct ld_ctx ctx;
		vg_cond_unref(c);
		c = NULL;
		ld_ctx_cond(st, &r->cond_ctx, cond, &pos, &ctx);
		if (unknown_type_or_field(d.message) && r->skip_unknown) {
			rc = ld_msg(st, false, "LOAD_UNKNOWN_FILTER", &ctx, "%s", d.message);
			goto fail;
		}
		rc = ld_msg(st, true, LD_ERR_COMPILE_CONDITION, &ctx, "%s", d.message);
		goto fail;
	}
	if (src == VG_SOURCE_SYSCALL && r->warn_evttypes && vg_evtset_is_broad(vg_cond_evtset(c)) &&
	    (rc = ld_msg(st, false, "LOAD_NO_EVTTYPE", &r->ctx,
			 "Rule matches too many evt.type values. This has a significant "
			 "performance penalty."))) {
		vg_cond_unref(c);
		goto fail;
	}
	struct ld_compiled_rule *v = realloc(st->compiled, (st->ncompiled + 1) * sizeof(*v));
	if (!v) {
		vg_cond_unref(c);
		rc = -ENOMEM;
		goto fail;
	}
	st->compiled = v;
	st->compiled[st->ncompiled++] = (struct ld_compiled_rule){ ri, c, out };
	return 0;
fail:
	vg_rules_output_free(out);
	return rc;
}

int ld_compile(struct ld_state *st)
{
	struct pass p;
	int rc = 0;
	memset(&p, 0, sizeof(p));
	p.st = st;
	ld_compiled_clear(st);
	size_t nl = st->nlists, nm = st->nmacros;
	p.clists = calloc(nl + 1, sizeof(*p.clists));
	p.items = calloc(nl + 1, sizeof(*p.items));
	p.list_used = calloc(nl + 1, sizeof(*p.list_used));
	p.mast = calloc(nm + 1, sizeof(*p.mast));
	p.mexp = calloc(nm + 1, sizeof(*p.mexp));
	p.macro_used = calloc(nm + 1, sizeof(*p.macro_used));
	if (!p.clists || !p.items || !p.list_used || !p.mast || !p.mexp || !p.macro_used) {
		rc = -ENOMEM;
		goto out;
	}
	/* 1. lists */
	for (size_t i = 0; i < nl; i++) {
		const struct ld_list *l = &st->lists[i];
		size_t cap = 1;
		for (size_t k = 0; k < l->n; k++) {
			const struct ld_list *ref = NULL;
			for (size_t j = 0; j < nl; j++)
				if (strcmp(st->lists[j].name, l->items[k]) == 0)
					ref = &st->lists[j];
			cap += ref && ref->index < l->visibility ? ref->n : 1;
		}
		p.items[i] = calloc(cap, sizeof(**p.items));
		if (!p.items[i]) {
			rc = -ENOMEM;
			goto out;
		}
		size_t n = 0;
		for (size_t k = 0; k < l->n; k++) {
			size_t refi = SIZE_MAX;
			for (size_t j = 0; j < nl; j++)
				if (strcmp(st->lists[j].name, l->items[k]) == 0)
					refi = j;
			if (refi != SIZE_MAX && st->lists[refi].index < l->visibility) {
				p.list_used[refi] = true;
				for (size_t j = 0; j < st->lists[refi].n; j++)
					p.items[i][n++] = vg_str_c(st->lists[refi].items[j]);
			} else {
				p.items[i][n++] = vg_str_c(l->items[k]);
			}
		}
		p.clists[i] = (struct vg_cond_list){ vg_str_c(l->name), p.items[i], n };
	}
	/* 2. macros */
	for (size_t i = 0; i < nm && !rc; i++)
		rc = parse_cond(&p, st->macros[i].cond, &st->macros[i].cond_ctx, &p.mast[i]);
	for (size_t i = 0; i < nm && !rc; i++)
		rc = resolve(&p, p.mast[i], st->macros[i].cond, st->macros[i].visibility,
			     &st->macros[i].ctx, &p.mexp[i]);
	/* 3. rules */
	for (size_t i = 0; i < st->nrules && !rc; i++)
		if (!st->rules[i].unknown_source)
			rc = compile_rule(&p, i);
	if (rc)
		goto out;
	/* 4. unused */
	for (size_t i = 0; i < nm && !rc; i++)
		if (!p.macro_used[i])
			rc = ld_msg(st, false, "LOAD_UNUSED_MACRO", &st->macros[i].ctx,
				    "Macro not referred to by any other rule/macro");
	for (size_t i = 0; i < nl && !rc; i++)
		if (!p.list_used[i])
			rc = ld_msg(st, false, "LOAD_UNUSED_LIST", &st->lists[i].ctx,
				    "List not referred to by any other rule/macro");
out:
	for (size_t i = 0; p.items && i < nl; i++)
		free(p.items[i]);
	for (size_t i = 0; p.mast && i < nm; i++) {
		vg_cond_ast_free(p.mast[i]);
		if (p.mexp)
			vg_cond_ast_free(p.mexp[i]);
	}
	free(p.clists);
	free(p.items);
	free(p.list_used);
	free(p.mast);
	free(p.mexp);
	free(p.macro_used);
	if (rc && rc != -ENOMEM)
		ld_compiled_clear(st);
	return rc;
}
