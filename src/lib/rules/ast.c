/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ast.c - condition AST utilities: limits, operator and transformer names, printing (Falco
 * syntax and S-expressions), deep copy, macro expansion.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

void vg_cond_limits_init(struct vg_cond_limits *ret)
{
	ret->max_depth = VG_DEFAULT_MAX_COND_DEPTH;
	ret->max_len = VG_DEFAULT_MAX_COND_LEN;
	ret->max_nodes = VG_DEFAULT_MAX_COND_NODES;
	ret->max_expanded_nodes = VG_DEFAULT_MAX_COND_EXPANDED_NODES;
	ret->max_list_items = VG_DEFAULT_MAX_COND_LIST_ITEMS;
}

void vg_cond_limits_resolve(const struct vg_cond_limits *in, struct vg_cond_limits *out)
{
	if (in)
		*out = *in;
	else
		vg_cond_limits_init(out);
	if (out->max_depth < 2)
		out->max_depth = 2;
	if (out->max_nodes == 0)
		out->max_nodes = 1;
	if (out->max_expanded_nodes == 0)
		out->max_expanded_nodes = 1;
	if (out->max_list_items == 0)
		out->max_list_items = 1;
}

/* ---- names -------------------------------------------------------------------------------- */

const char *vg_op_name(enum vg_op op)
{
	switch (op) {
	case VG_OP_EQ: return "=";
	case VG_OP_NE: return "!=";
	case VG_OP_LT: return "<";
	case VG_OP_LE: return "<=";
	case VG_OP_GT: return ">";
	case VG_OP_GE: return ">=";
	case VG_OP_CONTAINS: return "contains";
	case VG_OP_ICONTAINS: return "icontains";
	case VG_OP_BCONTAINS: return "bcontains";
	case VG_OP_STARTSWITH: return "startswith";
	case VG_OP_BSTARTSWITH: return "bstartswith";
	case VG_OP_ENDSWITH: return "endswith";
	case VG_OP_GLOB: return "glob";
	case VG_OP_IGLOB: return "iglob";
	case VG_OP_REGEX: return "regex";
	case VG_OP_IN: return "in";
	case VG_OP_INTERSECTS: return "intersects";
	case VG_OP_PMATCH: return "pmatch";
	case VG_OP_EXISTS: return "exists";
	default: return "none";
	}
}

const char *vg_opmod_name(enum vg_opmod mod)
{
	switch (mod) {
	case VG_MOD_ONEOF: return "oneof";
	case VG_MOD_ANYOF: return "anyof";
	case VG_MOD_ALLOF: return "allof";
	default: return "";
	}
}

bool vg_op_is_list(enum vg_op op)
{
	return op == VG_OP_IN || op == VG_OP_INTERSECTS || op == VG_OP_PMATCH;
}

static bool op_supports_mod(enum vg_op op)
{
	switch (op) {
	case VG_OP_EQ: case VG_OP_NE: case VG_OP_CONTAINS: case VG_OP_ICONTAINS:
	case VG_OP_BCONTAINS: case VG_OP_STARTSWITH: case VG_OP_BSTARTSWITH:
	case VG_OP_ENDSWITH: case VG_OP_GLOB: case VG_OP_IGLOB: case VG_OP_REGEX:
		return true;
	default:
		return false;
	}
}

bool vg_op_parse(const char *text, size_t len, enum vg_op *ret_op, enum vg_opmod *ret_mod)
{
	static const char *const words[] = { "==", "=", "!=", "<=", "<", ">=", ">", "contains",
					     "icontains", "bcontains", "startswith", "bstartswith",
					     "endswith", "glob", "iglob", "regex", "in",
					     "intersects", "pmatch", "exists" };
	static const enum vg_op ops[] = { VG_OP_EQ, VG_OP_EQ, VG_OP_NE, VG_OP_LE, VG_OP_LT,
					  VG_OP_GE, VG_OP_GT, VG_OP_CONTAINS, VG_OP_ICONTAINS,
					  VG_OP_BCONTAINS, VG_OP_STARTSWITH, VG_OP_BSTARTSWITH,
					  VG_OP_ENDSWITH, VG_OP_GLOB, VG_OP_IGLOB, VG_OP_REGEX,
					  VG_OP_IN, VG_OP_INTERSECTS, VG_OP_PMATCH, VG_OP_EXISTS };
	if (!text)
		return false;
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	size_t ws = i;
	while (i < len && text[i] != ' ' && text[i] != '\t')
		i++;
	size_t wl = i - ws;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	size_t ms = i;
	while (i < len && text[i] != ' ' && text[i] != '\t')
		i++;
	size_t ml = i - ms;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i != len || wl == 0)
		return false;
	enum vg_op op = VG_OP_NONE;
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == wl && memcmp(words[k], text + ws, wl) == 0)
			op = ops[k];
	if (op == VG_OP_NONE)
		return false;
	enum vg_opmod mod = VG_MOD_NONE;
	if (ml) {
		if (ml == 5 && memcmp(text + ms, "oneof", 5) == 0)
			mod = VG_MOD_ONEOF;
		else if (ml == 5 && memcmp(text + ms, "anyof", 5) == 0)
			mod = VG_MOD_ANYOF;
		else if (ml == 5 && memcmp(text + ms, "allof", 5) == 0)
			mod = VG_MOD_ALLOF;
		else
			return false;
		if (!op_supports_mod(op))
			return false;
	}
	if (ret_op)
		*ret_op = op;
	if (ret_mod)
		*ret_mod = mod;
	return true;
}

const char *vg_transformer_name(enum vg_transformer tr)
{
	switch (tr) {
	case VG_TR_TOLOWER: return "tolower";
	case VG_TR_TOUPPER: return "toupper";
	case VG_TR_B64: return "b64";
	case VG_TR_BASENAME: return "basename";
	case VG_TR_LEN: return "len";
	case VG_TR_JOIN: return "join";
	case VG_TR_CONCAT: return "concat";
	case VG_TR_GETOPT: return "getopt";
	case VG_TR_VAL: return "val";
	default: return "none";
	}
}

/* ---- printing ----------------------------------------------------------------------------- */

static bool is_bare_ok(const struct vg_str *s)
{
	if (s->len == 0)
		return false;
	for (size_t i = 0; i < s->len; i++) {
		char c = s->ptr[i];
		if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' ||
		    c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
		    c == '\b' || c == '\0')
			return false;
	}
	/* words the grammar would read differently */
	static const char *const kw[] = { "and", "or", "not", "oneof", "anyof", "allof" };
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (s->len == strlen(kw[i]) && memcmp(s->ptr, kw[i], s->len) == 0)
			return false;
	return true;
}

static int put_quoted(struct vg_strbuf *b, const struct vg_str *s)
{
	int r = vg_strbuf_putc(b, '"');
	for (size_t i = 0; r == 0 && i < s->len; i++) {
		char c = s->ptr[i];
		switch (c) {
		case '"': r = vg_strbuf_puts(b, "\\\""); break;
		case '\\': r = vg_strbuf_puts(b, "\\\\"); break;
		case '\b': r = vg_strbuf_puts(b, "\\b"); break;
		case '\f': r = vg_strbuf_puts(b, "\\f"); break;
		case '\n': r = vg_strbuf_puts(b, "\\n"); break;
		case '\r': r = vg_strbuf_puts(b, "\\r"); break;
		case '\t': r = vg_strbuf_puts(b, "\\t"); break;
		default: r = vg_strbuf_putc(b, c);
		}
	}
	return r ? r : vg_strbuf_putc(b, '"');
}

static int put_value(struct vg_strbuf *b, const struct vg_str *s, bool force_quote)
{
	if (!force_quote && is_bare_ok(s))
		return vg_strbuf_append(b, s->ptr, s->len);
	return put_quoted(b, s);
}

static int put_field_arg(struct vg_strbuf *b, const struct vg_str *arg)
{
	bool bare = arg->len > 0;
	for (size_t i = 0; bare && i < arg->len; i++) {
		char c = arg->ptr[i];
		if (c == '[' || c == ']' || c == '"' || c == '\'' || c == ' ' || c == '\t' ||
		    c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0')
			bare = false;
	}
	if (bare)
		return vg_strbuf_append(b, arg->ptr, arg->len);
	return put_quoted(b, arg);
}

static int print_node(struct vg_strbuf *b, const struct vg_ast *n, enum vg_ast_style st,
		      unsigned depth);

static int print_args(struct vg_strbuf *b, struct vg_ast *const *kids, uint32_t n,
		      enum vg_ast_style st, unsigned depth)
{
	int r = 0;
	for (uint32_t i = 0; r == 0 && i < n; i++) {
		if (i)
			r = vg_strbuf_puts(b, ", ");
		if (r == 0 && kids[i]->kind == VG_AST_VALUE)
			r = put_quoted(b, &kids[i]->u.value.text); /* no bare strings here */
		else if (r == 0)
			r = print_node(b, kids[i], st, depth + 1);
	}
	return r;
}

static int print_node(struct vg_strbuf *b, const struct vg_ast *n, enum vg_ast_style st,
		      unsigned depth)
{
	int r = 0;
	bool sx = st == VG_AST_STYLE_SEXPR;
	if (!n)
		return vg_strbuf_puts(b, "<null>");
	if (depth > 4096)
		return -EFBIG;
	switch (n->kind) {
	case VG_AST_AND:
	case VG_AST_OR: {
		const char *kw = n->kind == VG_AST_AND ? "and" : "or";
		r = vg_strbuf_putc(b, '(');
		if (sx && r == 0)
			r = vg_strbuf_puts(b, kw);
		for (uint32_t i = 0; r == 0 && i < n->u.nary.count; i++) {
			if (sx || i) {
				r = vg_strbuf_putc(b, ' ');
				if (r == 0 && !sx)
					r = vg_strbuf_printf(b, "%s ", kw);
			}
			if (r == 0)
				r = print_node(b, n->u.nary.kids[i], st, depth + 1);
		}
		return r ? r : vg_strbuf_putc(b, ')');
	}
	case VG_AST_NOT:
		r = vg_strbuf_puts(b, sx ? "(not " : "not ");
		if (r == 0)
			r = print_node(b, n->u.child, st, depth + 1);
		return r || !sx ? r : vg_strbuf_putc(b, ')');
	case VG_AST_MACRO:
		return vg_strbuf_append(b, n->u.name.ptr, n->u.name.len);
	case VG_AST_CHECK:
		if (sx)
			r = vg_strbuf_putc(b, '[');
		if (r == 0)
			r = print_node(b, n->u.check.left, st, depth + 1);
		if (r == 0)
			r = vg_strbuf_printf(b, " %s", vg_op_name(n->u.check.op));
		if (r == 0 && n->u.check.mod != VG_MOD_NONE)
			r = vg_strbuf_printf(b, " %s", vg_opmod_name(n->u.check.mod));
		if (r == 0 && n->u.check.right) {
			r = vg_strbuf_putc(b, ' ');
			if (r == 0)
				r = print_node(b, n->u.check.right, st, depth + 1);
		}
		return r || !sx ? r : vg_strbuf_putc(b, ']');
	case VG_AST_FIELD:
		r = vg_strbuf_append(b, n->u.field.name.ptr, n->u.field.name.len);
		if (r == 0 && n->u.field.has_arg) {
			r = vg_strbuf_putc(b, '[');
			if (r == 0)
				r = put_field_arg(b, &n->u.field.arg);
			if (r == 0)
				r = vg_strbuf_putc(b, ']');
		}
		return r;
	case VG_AST_TRANSFORM:
		r = vg_strbuf_printf(b, "%s(", vg_transformer_name(n->u.transform.tr));
		if (r == 0)
			r = print_args(b, n->u.transform.args, n->u.transform.nargs, st, depth);
		if (r == 0)
			r = vg_strbuf_putc(b, ')');
		if (r == 0 && n->u.transform.sel.ptr) {
			r = vg_strbuf_putc(b, '[');
			if (r == 0)
				r = put_field_arg(b, &n->u.transform.sel);
			if (r == 0)
				r = vg_strbuf_putc(b, ']');
		}
		return r;
	case VG_AST_VALUE:
		return put_value(b, &n->u.value.text, sx);
	case VG_AST_LIST:
		r = vg_strbuf_putc(b, '(');
		for (uint32_t i = 0; r == 0 && i < n->u.list.count; i++) {
			if (i)
				r = vg_strbuf_puts(b, ", ");
			if (r == 0)
				r = put_value(b, &n->u.list.items[i], sx);
		}
		return r ? r : vg_strbuf_putc(b, ')');
	case VG_AST_TRLIST:
		r = vg_strbuf_putc(b, '(');
		if (r == 0)
			r = print_args(b, n->u.nary.kids, n->u.nary.count, st, depth);
		return r ? r : vg_strbuf_putc(b, ')');
	}
	return -EINVAL;
}

int vg_ast_print(const struct vg_ast *node, enum vg_ast_style style, char **ret_text)
{
	struct vg_strbuf b = VG_STRBUF_INIT;
	if (!ret_text)
		return -EINVAL;
	int r = print_node(&b, node, style, 0);
	if (r == 0)
		r = vg_strbuf_append(&b, "", 0);
	if (r < 0) {
		vg_strbuf_release(&b);
		return r;
	}
	char *out = strdup(vg_strbuf_str(&b));
	vg_strbuf_release(&b);
	if (!out)
		return -ENOMEM;
	*ret_text = out;
	return 0;
}

/* ---- copy --------------------------------------------------------------------------------- */

static bool copy_str(struct vg_cond_ast *dst, struct vg_str *s)
{
	if (!s->ptr)
		return true;
	char *p = vg_arena_alloc(&dst->arena, s->len + 1);
	if (!p)
		return false;
	memcpy(p, s->ptr, s->len);
	p[s->len] = '\0';
	s->ptr = p;
	return true;
}

static struct vg_ast **copy_kids(struct vg_cond_ast *dst, struct vg_ast *const *kids,
				 uint32_t n);

struct vg_ast *vg_ast_copy(struct vg_cond_ast *dst, const struct vg_ast *n)
{
	if (!n)
		return NULL;
	struct vg_ast *c = vg_arena_alloc(&dst->arena, sizeof(*c));
	if (!c)
		return NULL;
	*c = *n;
	dst->nodes++;
	switch (n->kind) {
	case VG_AST_AND:
	case VG_AST_OR:
	case VG_AST_TRLIST:
		c->u.nary.kids = copy_kids(dst, n->u.nary.kids, n->u.nary.count);
		return c->u.nary.kids || !n->u.nary.count ? c : NULL;
	case VG_AST_NOT:
		c->u.child = vg_ast_copy(dst, n->u.child);
		return c->u.child ? c : NULL;
	case VG_AST_MACRO:
		return copy_str(dst, &c->u.name) ? c : NULL;
	case VG_AST_CHECK:
		c->u.check.left = vg_ast_copy(dst, n->u.check.left);
		c->u.check.right = n->u.check.right ? vg_ast_copy(dst, n->u.check.right) : NULL;
		return c->u.check.left && (c->u.check.right || !n->u.check.right) ? c : NULL;
	case VG_AST_FIELD:
		return copy_str(dst, &c->u.field.name) && copy_str(dst, &c->u.field.arg) ? c : NULL;
	case VG_AST_TRANSFORM:
		c->u.transform.args = copy_kids(dst, n->u.transform.args, n->u.transform.nargs);
		if (!c->u.transform.args && n->u.transform.nargs)
			return NULL;
		return copy_str(dst, &c->u.transform.sel) ? c : NULL;
	case VG_AST_VALUE:
		return copy_str(dst, &c->u.value.text) ? c : NULL;
	case VG_AST_LIST:
		if (n->u.list.count) {
			c->u.list.items = vg_arena_alloc(&dst->arena,
							 n->u.list.count * sizeof(struct vg_str));
			if (!c->u.list.items)
				return NULL;
			for (uint32_t i = 0; i < n->u.list.count; i++) {
				c->u.list.items[i] = n->u.list.items[i];
				if (!copy_str(dst, &c->u.list.items[i]))
					return NULL;
			}
		}
		return c;
	}
	return NULL;
}

static struct vg_ast **copy_kids(struct vg_cond_ast *dst, struct vg_ast *const *kids,
				 uint32_t n)
{
	if (n == 0)
		return NULL;
	struct vg_ast **v = vg_arena_alloc(&dst->arena, n * sizeof(*v));
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		v[i] = vg_ast_copy(dst, kids[i]);
		if (!v[i])
			return NULL;
	}
	return v;
}

/* ---- macro expansion ---------------------------------------------------------------------- */

struct expander {
	vg_macro_lookup_fn lookup;
	void *user;
	struct vg_cond_ast *dst;
	struct vg_cond_limits lim;
	struct vg_diag *diag;
	const struct vg_str *stack[256]; /* macros being expanded */
	unsigned nstack;
	int err;
};

static struct vg_ast *expand(struct expander *x, const struct vg_ast *n, unsigned depth);

static struct vg_ast *expand_fail(struct expander *x, int code, const struct vg_ast *at,
				  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static struct vg_ast *expand_fail(struct expander *x, int code, const struct vg_ast *at,
				  const char *fmt, ...)
{
	if (!x->err) {
		char msg[VG_DIAG_MSG_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		x->err = code;
		vg_diag_set(x->diag, code == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_SEMANTIC, NULL,
			    at ? at->pos.line : 0, at ? at->pos.col : 0, "%s", msg);
	}
	return NULL;
}

static struct vg_ast *expand(struct expander *x, const struct vg_ast *n, unsigned depth)
{
	if (depth >= x->lim.max_depth)
		return expand_fail(x, -EFBIG, n, "exceeded max depth limit of %u", x->lim.max_depth);
	if (x->dst->nodes >= x->lim.max_expanded_nodes)
		return expand_fail(x, -EFBIG, n,
				   "condition too large after macro expansion: more than %u nodes",
				   x->lim.max_expanded_nodes);
	switch (n->kind) {
	case VG_AST_MACRO: {
		for (unsigned i = 0; i < x->nstack; i++)
			if (x->stack[i]->len == n->u.name.len &&
			    memcmp(x->stack[i]->ptr, n->u.name.ptr, n->u.name.len) == 0)
				return expand_fail(x, -ELOOP, n, "reference loop in macro '%.*s'",
						   (int)n->u.name.len, n->u.name.ptr);
		const struct vg_ast *m =
			x->lookup ? x->lookup(x->user, n->u.name.ptr, n->u.name.len) : NULL;
		if (!m)
			return expand_fail(x, -ENOENT, n, "Undefined macro '%.*s' used in filter.",
					   (int)n->u.name.len, n->u.name.ptr);
		if (x->nstack >= sizeof(x->stack) / sizeof(x->stack[0]))
			return expand_fail(x, -EFBIG, n, "macros nested too deeply at '%.*s'",
					   (int)n->u.name.len, n->u.name.ptr);
		x->stack[x->nstack++] = &n->u.name;
		struct vg_ast *r = expand(x, m, depth + 1);
		x->nstack--;
		return r;
	}
	case VG_AST_AND:
	case VG_AST_OR: {
		struct vg_ast *c = vg_arena_alloc(&x->dst->arena, sizeof(*c));
		struct vg_ast **kids = vg_arena_alloc(&x->dst->arena,
						      n->u.nary.count * sizeof(*kids));
		if (!c || !kids)
			return expand_fail(x, -ENOMEM, n, "out of memory");
		*c = *n;
		x->dst->nodes++;
		for (uint32_t i = 0; i < n->u.nary.count; i++) {
			kids[i] = expand(x, n->u.nary.kids[i], depth + 1);
			if (!kids[i])
				return NULL;
		}
		c->u.nary.kids = kids;
		return c;
	}
	case VG_AST_NOT: {
		struct vg_ast *c = vg_arena_alloc(&x->dst->arena, sizeof(*c));
		if (!c)
			return expand_fail(x, -ENOMEM, n, "out of memory");
		*c = *n;
		x->dst->nodes++;
		c->u.child = expand(x, n->u.child, depth + 1);
		return c->u.child ? c : NULL;
	}
	default: {
		struct vg_ast *c = vg_ast_copy(x->dst, n);
		if (!c)
			return expand_fail(x, -ENOMEM, n, "out of memory");
		return c;
	}
	}
}

int vg_cond_expand_macros(const struct vg_ast *root, vg_macro_lookup_fn lookup, void *user,
			  const struct vg_cond_limits *limits, struct vg_cond_ast **ret_ast,
			  struct vg_diag *ret_diag)
{
	if (!root || !ret_ast)
		return -EINVAL;
	struct expander x;
	memset(&x, 0, sizeof(x));
	x.lookup = lookup;
	x.user = user;
	x.diag = ret_diag;
	vg_cond_limits_resolve(limits, &x.lim);
	vg_diag_clear(ret_diag);
	x.dst = vg_cond_ast_new();
	if (!x.dst)
		return -ENOMEM;
	struct vg_ast *r = expand(&x, root, 0);
	if (!r) {
		vg_cond_ast_free(x.dst);
		return x.err ? x.err : -ENOMEM;
	}
	x.dst->root = r;
	*ret_ast = x.dst;
	return 0;
}
