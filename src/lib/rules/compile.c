/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compile.c - AST -> immutable branch program.
 *
 * Pass 1 walks the AST left to right (so the first error reported is the one Falco reports),
 * expands macros, resolves fields through the source's table, type-checks operators and values
 * and compiles every check into a predicate with its matcher. It builds a small boolean IR in
 * which nested and/or are flattened and same-field checks under one `or` are merged into one
 * set / trie / Aho-Corasick predicate (`proc.name = a or proc.name in (b, c)` -> one hash set;
 * `x icontains a or x icontains b` -> one automaton).
 *
 * Pass 2 turns the IR into a branch program: each predicate is an instruction with a "true"
 * and a "false" successor; and/or/not become wiring, so evaluation is a loop without recursion
 * and with short-circuit order preserved.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

enum ir_kind { IR_AND, IR_OR, IR_NOT, IR_PRED };

struct ir {
	enum ir_kind kind;
	uint32_t pred;
	struct ir **kids;
	uint32_t n;
};

/* compile-time facts about a predicate, for merging */
struct pinfo {
	bool mergeable;
	int cls;                 /* merge class (see merge_class) */
	const struct vg_str *vals; /* literal values (AST memory) */
	uint32_t nvals;
};

struct memo_ent {
	const struct vg_ast *node;
	uint32_t pred;
};

struct cc {
	const struct vg_cond_compile_opts *opts;
	struct vg_cond_limits lim;
	struct vg_cond *cond;
	struct vg_diag *diag;
	int err;
	struct vg_pred *preds;
	struct pinfo *pinfo;
	uint32_t npreds, cappreds;
	struct memo_ent *memo; /* open addressing on node address */
	uint32_t memocap, memon;
	const struct vg_str *stack[256];
	unsigned nstack;
	uint32_t expanded;
	struct vg_arena tmp; /* IR, freed after compile */
	struct vg_insn *insns;
	uint32_t ninsns, capinsns;
};

static void *cfail(struct cc *c, int code, const struct vg_ast_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void *cfail(struct cc *c, int code, const struct vg_ast_pos *pos, const char *fmt, ...)
{
	if (c->err)
		return NULL;
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->err = code;
	enum vg_diag_code dc = code == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_SEMANTIC;
	vg_diag_set(c->diag, dc, NULL, pos ? pos->line : 0, pos ? pos->col : 0, "%s", msg);
	return NULL;
}

static void warn(struct cc *c, enum vg_cond_warning code, const struct vg_ast_pos *pos,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void warn(struct cc *c, enum vg_cond_warning code, const struct vg_ast_pos *pos,
		 const char *fmt, ...)
{
	if (!c->opts->warn)
		return;
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->opts->warn(c->opts->warn_user, code, pos, msg);
}

static void *cc_alloc(struct cc *c, size_t n)
{
	void *p = vg_arena_zalloc(&c->cond->arena, n);
	if (!p)
		cfail(c, -ENOMEM, NULL, "out of memory");
	return p;
}

static bool cc_str(struct cc *c, struct vg_str *s)
{
	char *p = vg_arena_strndup(&c->cond->arena, s->ptr ? s->ptr : "", s->len);
	if (!p) {
		cfail(c, -ENOMEM, NULL, "out of memory");
		return false;
	}
	s->ptr = p;
	return true;
}

/* ---- value parsing ------------------------------------------------------------------------ */

static bool parse_u64(const struct vg_str *s, uint64_t *ret)
{
	const char *p = s->ptr;
	size_t n = s->len, i = 0;
	uint64_t v = 0;
	if (n == 0)
		return false;
	if (p[0] == '+')
		i = 1;
	if (n - i > 2 && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) {
		for (i += 2; i < n; i++) {
			int d = (p[i] >= '0' && p[i] <= '9')   ? p[i] - '0'
				: (p[i] >= 'a' && p[i] <= 'f') ? p[i] - 'a' + 10
				: (p[i] >= 'A' && p[i] <= 'F') ? p[i] - 'A' + 10
							       : -1;
			if (d < 0 || v > (UINT64_MAX >> 4))
				return false;
			v = v << 4 | (uint64_t)d;
		}
		*ret = v;
		return true;
	}
	if (i >= n)
		return false;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		uint64_t d = (uint64_t)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ret = v;
	return true;
}

static bool parse_i64(const struct vg_str *s, int64_t *ret)
{
	struct vg_str t = *s;
	bool neg = false;
	if (t.len && (t.ptr[0] == '-' || t.ptr[0] == '+')) {
		neg = t.ptr[0] == '-';
		t.ptr++;
		t.len--;
		if (t.len && (t.ptr[0] == '-' || t.ptr[0] == '+'))
			return false;
	}
	uint64_t u;
	if (!parse_u64(&t, &u))
		return false;
	if (neg) {
		if (u > (uint64_t)INT64_MAX + 1)
			return false;
		*ret = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	} else {
		if (u > (uint64_t)INT64_MAX)
			return false;
		*ret = (int64_t)u;
	}
	return true;
}

static bool is_numeric(enum vg_ftype t)
{
	return t == VG_FT_UINT64 || t == VG_FT_INT64 || t == VG_FT_PORT || t == VG_FT_RELTIME ||
	       t == VG_FT_ABSTIME;
}

static int hexv(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* ---- type checks (libs' flt_is_comparable) ------------------------------------------------ */

static bool comparable(struct cc *c, const struct vg_ast_pos *pos, enum vg_op op,
		       enum vg_ftype t, bool list)
{
	const char *what = NULL;
	if (op == VG_OP_EXISTS)
		return true;
	if (list) {
		if (op == VG_OP_IN || op == VG_OP_INTERSECTS)
			return true;
		cfail(c, -EINVAL, pos, "filter error: '%s' operator not supported list filters",
		      vg_op_name(op));
		return false;
	}
	switch (t) {
	case VG_FT_UINT64: case VG_FT_INT64: case VG_FT_PORT: case VG_FT_RELTIME:
	case VG_FT_ABSTIME:
		switch (op) {
		case VG_OP_EQ: case VG_OP_NE: case VG_OP_LT: case VG_OP_LE: case VG_OP_GT:
		case VG_OP_GE: case VG_OP_IN: case VG_OP_INTERSECTS:
			return true;
		default:
			what = "numeric";
		}
		break;
	case VG_FT_BOOL:
		if (op == VG_OP_EQ || op == VG_OP_NE || op == VG_OP_IN || op == VG_OP_INTERSECTS)
			return true;
		what = "numeric";
		break;
	case VG_FT_IPADDR:
	case VG_FT_IPNET:
		if (op == VG_OP_EQ || op == VG_OP_NE || op == VG_OP_IN || op == VG_OP_INTERSECTS)
			return true;
		what = "ip address and network";
		break;
	case VG_FT_STRING:
		if (op == VG_OP_BCONTAINS || op == VG_OP_BSTARTSWITH)
			what = "string";
		else
			return true;
		break;
	case VG_FT_BYTES:
		switch (op) {
		case VG_OP_EQ: case VG_OP_NE: case VG_OP_CONTAINS: case VG_OP_IN:
		case VG_OP_STARTSWITH: case VG_OP_ENDSWITH: case VG_OP_INTERSECTS:
		case VG_OP_BCONTAINS: case VG_OP_BSTARTSWITH:
			return true;
		default:
			what = "buffer";
		}
		break;
	case VG_FT_DYN:
		if (op == VG_OP_PMATCH || op == VG_OP_REGEX || op == VG_OP_BCONTAINS ||
		    op == VG_OP_BSTARTSWITH)
			what = "dynamic";
		else
			return true;
		break;
	default:
		cfail(c, -EINVAL, pos, "filter error: '%s' operator not supported for type '%s'",
		      vg_op_name(op), vg_ftype_name(t));
		return false;
	}
	cfail(c, -EINVAL, pos, "filter error: '%s' operator not supported for %s filters",
	      vg_op_name(op), what);
	return false;
}

/* ---- value expressions -------------------------------------------------------------------- */

static struct vg_vexpr *compile_vexpr(struct cc *c, const struct vg_ast *n, unsigned depth);

static const char *vexpr_name(const struct vg_vexpr *x)
{
	while (x && x->kind == VG_VX_TRANSFORM && x->nkids)
		x = x->kids[x->nkids - 1];
	if (x && x->kind == VG_VX_FIELD)
		return x->ref.info->name;
	return "<expression>";
}

static bool is_field_like(const struct vg_str *s)
{
	/* FieldName: [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+ */
	size_t i = 0, n = s->len;
	int segs = 0;
	while (i < n) {
		if (!((s->ptr[i] >= 'a' && s->ptr[i] <= 'z') || (s->ptr[i] >= 'A' && s->ptr[i] <= 'Z')))
			return false;
		while (i < n && s->ptr[i] != '.') {
			char ch = s->ptr[i];
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '_'))
				return false;
			i++;
		}
		segs++;
		if (i < n)
			i++; /* '.' */
		else
			break;
		if (i == n)
			return false;
	}
	return segs >= 2;
}

static struct vg_vexpr *compile_field(struct cc *c, const struct vg_ast *n)
{
	struct vg_vexpr *x = cc_alloc(c, sizeof(*x));
	if (!x)
		return NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	const struct vg_str *arg = &n->u.field.arg;
	int r = vg_field_resolve(c->opts->source, n->u.field.name.ptr, n->u.field.name.len,
				 arg->ptr, arg->len, n->u.field.has_arg, &x->ref, &d);
	if (r < 0)
		return cfail(c, r, &n->pos, "%s", d.message);
	if (x->ref.key.ptr && !cc_str(c, &x->ref.key))
		return NULL;
	x->kind = VG_VX_FIELD;
	x->getter = vg_field_getter(&x->ref);
	x->type = x->ref.info->type;
	x->list = (x->ref.info->flags & VG_FF_LIST) != 0;
	x->any = vg_field_ref_is_any(&x->ref);
	if (x->ref.info->flags & VG_FF_DEPRECATED)
		warn(c, VG_COND_WARN_DEPRECATED_FIELD, &n->pos,
		     "usage of deprecated field '%s' has been detected in the rule condition",
		     x->ref.info->name);
	return x;
}

static struct vg_vexpr *compile_literal(struct cc *c, const struct vg_ast *n)
{
	struct vg_vexpr *x = cc_alloc(c, sizeof(*x));
	if (!x)
		return NULL;
	x->kind = VG_VX_LITERAL;
	x->type = VG_FT_STRING;
	x->lit = n->u.value.text;
	return cc_str(c, &x->lit) ? x : NULL;
}

static struct vg_vexpr *tr_type_error(struct cc *c, const struct vg_ast *n,
				      const struct vg_vexpr *arg, enum vg_transformer tr)
{
	return cfail(c, -EINVAL, &n->pos,
		     "can't add field transformer: type '%s' is not supported by '%s' transformer "
		     "applied on %sfield '%s'",
		     vg_ftype_name(arg->type), vg_transformer_name(tr), arg->list ? "list " : "",
		     vexpr_name(arg));
}

static struct vg_vexpr *compile_transform(struct cc *c, const struct vg_ast *n, unsigned depth)
{
	enum vg_transformer tr = n->u.transform.tr;
	uint32_t na = n->u.transform.nargs;
	if (tr == VG_TR_GETOPT)
		return cfail(c, -EINVAL, &n->pos, "transformer 'getopt' is not supported by vigil");
	if (tr == VG_TR_VAL)
		return cfail(c, -EINVAL, &n->pos,
			     "'val' can only be used on the right-hand side of a comparison");
	struct vg_vexpr *x = cc_alloc(c, sizeof(*x));
	if (!x)
		return NULL;
	x->kind = VG_VX_TRANSFORM;
	x->tr = tr;
	x->kids = cc_alloc(c, (na ? na : 1) * sizeof(*x->kids));
	if (!x->kids)
		return NULL;
	x->nkids = na;
	for (uint32_t i = 0; i < na; i++) {
		const struct vg_ast *a = n->u.transform.args[i];
		struct vg_vexpr *k = compile_vexpr(c, a, depth + 1);
		if (!k)
			return NULL;
		if (k->kind == VG_VX_FIELD && (k->ref.info->flags & VG_FF_NO_TRANSFORMER))
			return cfail(c, -EINVAL, &a->pos, "field '%s' does not support transformers",
				     k->ref.info->name);
		x->kids[i] = k;
	}
	switch (tr) {
	case VG_TR_TOLOWER:
	case VG_TR_TOUPPER:
	case VG_TR_BASENAME:
	case VG_TR_B64:
	case VG_TR_LEN: {
		if (na != 1 || x->kids[0]->kind == VG_VX_LITERAL || x->kids[0]->kind == VG_VX_LIST)
			return cfail(c, -EINVAL, &n->pos,
				     "transformer '%s' expects one field or transformer argument",
				     vg_transformer_name(tr));
		const struct vg_vexpr *a = x->kids[0];
		if (tr == VG_TR_LEN) {
			if (!a->list && a->type != VG_FT_STRING && a->type != VG_FT_BYTES)
				return tr_type_error(c, n, a, tr);
			x->type = VG_FT_UINT64;
			x->list = false;
			return x;
		}
		if (a->type != VG_FT_STRING && !(tr == VG_TR_B64 && a->type == VG_FT_BYTES))
			return tr_type_error(c, n, a, tr);
		x->type = a->type;
		x->list = a->list;
		x->any = a->any;
		return x;
	}
	case VG_TR_JOIN:
		if (na != 2 || x->kids[0]->kind != VG_VX_LITERAL || x->kids[1]->kind != VG_VX_LIST)
			return cfail(c, -EINVAL, &n->pos,
				     "transformer 'join' expects a separator string and a list of "
				     "fields: join(sep, (a, b))");
		for (uint32_t i = 0; i < x->kids[1]->nkids; i++) {
			const struct vg_vexpr *a = x->kids[1]->kids[i];
			if (a->type != VG_FT_STRING)
				return tr_type_error(c, n, a, tr);
		}
		x->type = VG_FT_STRING;
		return x;
	case VG_TR_CONCAT:
		if (na < 2)
			return cfail(c, -EINVAL, &n->pos,
				     "transformer 'concat' expects at least two arguments");
		for (uint32_t i = 0; i < na; i++) {
			const struct vg_vexpr *a = x->kids[i];
			if (a->kind == VG_VX_LIST || a->list || a->type != VG_FT_STRING)
				return tr_type_error(c, n, a, tr);
		}
		x->type = VG_FT_STRING;
		return x;
	default:
		return cfail(c, -EINVAL, &n->pos, "unsupported transformer");
	}
}

static struct vg_vexpr *compile_vexpr(struct cc *c, const struct vg_ast *n, unsigned depth)
{
	if (depth >= c->lim.max_depth)
		return cfail(c, -EFBIG, &n->pos, "exceeded max depth limit of %u", c->lim.max_depth);
	switch (n->kind) {
	case VG_AST_FIELD:
		return compile_field(c, n);
	case VG_AST_TRANSFORM:
		return compile_transform(c, n, depth);
	case VG_AST_VALUE:
		return compile_literal(c, n);
	case VG_AST_TRLIST: {
		struct vg_vexpr *x = cc_alloc(c, sizeof(*x));
		if (!x)
			return NULL;
		x->kind = VG_VX_LIST;
		x->type = VG_FT_STRING;
		x->nkids = n->u.nary.count;
		x->kids = cc_alloc(c, (x->nkids ? x->nkids : 1) * sizeof(*x->kids));
		if (!x->kids)
			return NULL;
		for (uint32_t i = 0; i < x->nkids; i++) {
			x->kids[i] = compile_vexpr(c, n->u.nary.kids[i], depth + 1);
			if (!x->kids[i])
				return NULL;
		}
		return x;
	}
	default:
		return cfail(c, -EINVAL, &n->pos, "unexpected expression");
	}
}

/* ---- matchers ----------------------------------------------------------------------------- */

static bool regex_add(struct cc *c, struct vg_pred *p, const struct vg_str *pat)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat->ptr, pat->len,
					 PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF |
						 PCRE2_MATCH_INVALID_UTF,
					 &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		cfail(c, -EINVAL, &p->pos, "invalid regex pattern: %s", (const char *)msg);
		return false;
	}
	struct vg_cond *cond = c->cond;
	if (cond->nregex_owned == cond->cap_regex_owned) {
		uint32_t cap = cond->cap_regex_owned ? cond->cap_regex_owned * 2 : 8;
		struct vg_regex **nv = realloc(cond->regex_owned, cap * sizeof(*nv));
		if (!nv) {
			pcre2_code_free(code);
			cfail(c, -ENOMEM, NULL, "out of memory");
			return false;
		}
		cond->regex_owned = nv;
		cond->cap_regex_owned = cap;
	}
	struct vg_regex *re = &p->regexes[p->nregex++];
	re->code = code;
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	cond->regex_owned[cond->nregex_owned++] = re;
	return true;
}

/* string values: copy into the program */
static struct vg_str *copy_items(struct cc *c, const struct vg_str *v, uint32_t n)
{
	struct vg_str *out = cc_alloc(c, (n ? n : 1) * sizeof(*out));
	if (!out)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		out[i] = v[i];
		if (!cc_str(c, &out[i]))
			return NULL;
	}
	return out;
}

/* The matcher for string-valued left-hand sides. */
static bool build_str(struct cc *c, struct vg_pred *p, const struct vg_str *v, uint32_t n)
{
	struct vg_arena *a = &c->cond->arena;
	int r = 0;
	enum vg_op op = p->op;
	if (p->mod == VG_MOD_NONE) {
		switch (op) {
		case VG_OP_IN:
		case VG_OP_INTERSECTS:
			p->rk = VG_RHS_STRSET;
			r = vg_strset_build(a, v, n, &p->set);
			break;
		case VG_OP_PMATCH:
			p->rk = VG_RHS_PMATCH;
			r = vg_pmatch_build(a, v, n, &p->pm);
			break;
		case VG_OP_REGEX:
			p->rk = VG_RHS_REGEX;
			p->regexes = cc_alloc(c, sizeof(*p->regexes));
			return p->regexes && regex_add(c, p, &v[0]);
		default:
			p->rk = VG_RHS_STR;
			p->str = v[0];
			return cc_str(c, &p->str);
		}
	} else if (p->mod == VG_MOD_ANYOF && op == VG_OP_EQ) {
		p->rk = VG_RHS_STRSET;
		r = vg_strset_build(a, v, n, &p->set);
	} else if (p->mod == VG_MOD_ALLOF && op == VG_OP_NE) {
		p->rk = VG_RHS_STRSET; /* not in the set */
		r = vg_strset_build(a, v, n, &p->set);
	} else if (p->mod == VG_MOD_ANYOF && op == VG_OP_STARTSWITH) {
		p->rk = VG_RHS_PREFIX;
		r = vg_trie_build(a, v, n, false, &p->trie);
	} else if (p->mod == VG_MOD_ANYOF && op == VG_OP_ENDSWITH) {
		p->rk = VG_RHS_SUFFIX;
		r = vg_trie_build(a, v, n, true, &p->trie);
	} else if (p->mod == VG_MOD_ANYOF && (op == VG_OP_CONTAINS || op == VG_OP_ICONTAINS)) {
		p->rk = VG_RHS_AC;
		r = vg_ac_build(a, v, n, op == VG_OP_ICONTAINS, &p->ac);
		if (r == -EFBIG) { /* too large for a DFA: test the patterns one by one */
			p->rk = VG_RHS_STRLIST;
			r = 0;
			p->items = copy_items(c, v, n);
			p->nitems = n;
			return p->items != NULL;
		}
	} else if (op == VG_OP_REGEX) {
		p->rk = VG_RHS_REGEX;
		p->regexes = cc_alloc(c, (n ? n : 1) * sizeof(*p->regexes));
		if (!p->regexes)
			return false;
		for (uint32_t i = 0; i < n; i++)
			if (!regex_add(c, p, &v[i]))
				return false;
		return true;
	} else {
		p->rk = VG_RHS_STRLIST;
		p->items = copy_items(c, v, n);
		p->nitems = n;
		return p->items != NULL;
	}
	if (r == -ENOMEM)
		cfail(c, -ENOMEM, NULL, "out of memory");
	else if (r)
		cfail(c, r, &p->pos, "value list too large");
	return r == 0;
}

static bool build_num(struct cc *c, struct vg_pred *p, enum vg_ftype t, const struct vg_str *v,
		      uint32_t n)
{
	uint64_t *nums = cc_alloc(c, (n ? n : 1) * sizeof(*nums));
	if (!nums)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (t == VG_FT_BOOL) {
			if (v[i].len == 4 && memcmp(v[i].ptr, "true", 4) == 0)
				nums[i] = 1;
			else if (v[i].len == 5 && memcmp(v[i].ptr, "false", 5) == 0)
				nums[i] = 0;
			else {
				cfail(c, -EINVAL, &p->pos, "unrecognized boolean value %.*s",
				      (int)v[i].len, v[i].ptr);
				return false;
			}
		} else if (t == VG_FT_INT64) {
			int64_t x;
			if (!parse_i64(&v[i], &x)) {
				cfail(c, -EINVAL, &p->pos, "%.*s is not a valid number", (int)v[i].len,
				      v[i].ptr);
				return false;
			}
			nums[i] = (uint64_t)x;
		} else {
			uint64_t x;
			int64_t sx;
			if (!parse_u64(&v[i], &x)) {
				/* like sscanf("%lu"): a negative number wraps around */
				if (parse_i64(&v[i], &sx)) {
					x = (uint64_t)sx;
				} else {
					cfail(c, -EINVAL, &p->pos, "%.*s is not a valid number",
					      (int)v[i].len, v[i].ptr);
					return false;
				}
			}
			if (t == VG_FT_PORT && x > 65535) {
				cfail(c, -EINVAL, &p->pos, "%.*s is not a valid number", (int)v[i].len,
				      v[i].ptr);
				return false;
			}
			nums[i] = x;
		}
	}
	if (p->mod == VG_MOD_NONE && (p->op == VG_OP_IN || p->op == VG_OP_INTERSECTS)) {
		p->rk = VG_RHS_NUMSET;
		if (vg_numset_build(&c->cond->arena, nums, n, &p->numset)) {
			cfail(c, -ENOMEM, NULL, "out of memory");
			return false;
		}
		return true;
	}
	if (p->mod != VG_MOD_NONE) {
		p->rk = VG_RHS_NUMLIST;
		p->nums = nums;
		p->nitems = n;
		return true;
	}
	p->rk = VG_RHS_NUM;
	p->num = nums[0];
	return true;
}

static bool build_net(struct cc *c, struct vg_pred *p, enum vg_ftype t, const struct vg_str *v,
		      uint32_t n)
{
	p->nets = cc_alloc(c, (n ? n : 1) * sizeof(*p->nets));
	if (!p->nets)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		bool ok;
		if (t == VG_FT_IPNET) {
			ok = vg_ipnet_parse(v[i].ptr, v[i].len, &p->nets[i]);
		} else {
			ok = vg_ipaddr_parse(v[i].ptr, v[i].len, &p->nets[i].addr);
			p->nets[i].prefix = p->nets[i].addr.family == 4 ? 32 : 128;
		}
		if (!ok) {
			cfail(c, -EINVAL, &p->pos, "unrecognized IP %s %.*s",
			      t == VG_FT_IPNET ? "network" : "address", (int)v[i].len, v[i].ptr);
			return false;
		}
	}
	p->nnets = n;
	p->rk = (n == 1 && p->mod == VG_MOD_NONE && p->op != VG_OP_IN &&
		 p->op != VG_OP_INTERSECTS)
			? VG_RHS_NET
			: VG_RHS_NETLIST;
	return true;
}

static bool build_bytes(struct cc *c, struct vg_pred *p, const struct vg_str *v, uint32_t n)
{
	if (p->op != VG_OP_BCONTAINS && p->op != VG_OP_BSTARTSWITH)
		return build_str(c, p, v, n);
	struct vg_str *dec = cc_alloc(c, (n ? n : 1) * sizeof(*dec));
	if (!dec)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (v[i].len % 2) {
			cfail(c, -EINVAL, &p->pos,
			      "bcontains and bstartswith operator support hex strings only");
			return false;
		}
		char *b = cc_alloc(c, v[i].len / 2 + 1);
		if (!b)
			return false;
		for (size_t k = 0; k < v[i].len; k += 2) {
			int h = hexv(v[i].ptr[k]), l = hexv(v[i].ptr[k + 1]);
			if (h < 0 || l < 0) {
				cfail(c, -EINVAL, &p->pos,
				      "bcontains and bstartswith operator support hex strings only");
				return false;
			}
			b[k / 2] = (char)(h * 16 + l);
		}
		dec[i].ptr = b;
		dec[i].len = v[i].len / 2;
	}
	if (p->mod == VG_MOD_NONE) {
		p->rk = VG_RHS_STR;
		p->str = dec[0];
		return true;
	}
	p->rk = VG_RHS_STRLIST;
	p->items = dec;
	p->nitems = n;
	return true;
}

static bool build_evtset(struct cc *c, struct vg_pred *p, const struct vg_str *v, uint32_t n)
{
	vg_evtset_clear(&p->evtset);
	for (uint32_t i = 0; i < n; i++) {
		enum vg_evt_type t = vg_evt_type_from_name(v[i].ptr, v[i].len);
		if (t == VG_EVT_UNKNOWN) {
			cfail(c, -ENOENT, &p->pos, "unknown event type %.*s", (int)v[i].len,
			      v[i].ptr);
			return false;
		}
		vg_evtset_add(&p->evtset, t);
	}
	p->rk = VG_RHS_EVTSET;
	p->neg = p->op == VG_OP_NE;
	return true;
}

static bool build_dyn(struct cc *c, struct vg_pred *p, const struct vg_str *v, uint32_t n)
{
	p->dyn = cc_alloc(c, (n ? n : 1) * sizeof(*p->dyn));
	if (!p->dyn)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		struct vg_dyn_val *d = &p->dyn[i];
		d->s = v[i];
		if (!cc_str(c, &d->s))
			return false;
		d->has_i = parse_i64(&v[i], &d->i);
		d->has_u = parse_u64(&v[i], &d->u);
	}
	p->ndyn = n;
	p->rk = VG_RHS_DYN;
	return true;
}

/* ---- checks ------------------------------------------------------------------------------- */

static bool is_evt_type_ref(const struct vg_vexpr *x)
{
	return x->kind == VG_VX_FIELD && (x->ref.info->flags & VG_FF_EVT_TYPE);
}

static int merge_class(const struct vg_pred *p)
{
	if (p->lhs->kind != VG_VX_FIELD || p->lhs->list)
		return 0;
	if (is_evt_type_ref(p->lhs))
		return p->rk == VG_RHS_EVTSET && !p->neg ? 1 : 0;
	if (p->lhs->type != VG_FT_STRING || p->mod != VG_MOD_NONE)
		return 0;
	switch (p->op) {
	case VG_OP_EQ:
	case VG_OP_IN:
		return 2;
	case VG_OP_CONTAINS: return 3;
	case VG_OP_ICONTAINS: return 4;
	case VG_OP_STARTSWITH: return 5;
	case VG_OP_ENDSWITH: return 6;
	default: return 0;
	}
}

static void check_value_warnings(struct cc *c, const struct vg_vexpr *lhs,
				 const struct vg_ast *right, enum vg_op op)
{
	const struct vg_str *v = right->kind == VG_AST_LIST ? right->u.list.items
							    : &right->u.value.text;
	uint32_t n = right->kind == VG_AST_LIST ? right->u.list.count : 1;
	bool quoted = right->kind == VG_AST_VALUE && right->u.value.quoted;
	for (uint32_t i = 0; i < n; i++) {
		if (!quoted && is_field_like(&v[i]) &&
		    vg_field_find(c->opts->source, v[i].ptr, v[i].len))
			warn(c, VG_COND_WARN_FIELD_AS_VALUE, &right->pos,
			     "'%.*s' may be a valid field misused as a const string value",
			     (int)v[i].len, v[i].ptr);
		if (v[i].len == 4 && memcmp(v[i].ptr, "<NA>", 4) == 0 &&
		    lhs->kind == VG_VX_FIELD &&
		    (strncmp(lhs->ref.info->name, "ka.", 3) == 0 ||
		     strncmp(lhs->ref.info->name, "jevt.", 5) == 0) &&
		    (op == VG_OP_EQ || op == VG_OP_NE || op == VG_OP_IN ||
		     op == VG_OP_INTERSECTS || op == VG_OP_PMATCH))
			warn(c, VG_COND_WARN_UNSAFE_NA, &right->pos,
			     "comparing a field value with <NA> is unsafe and can lead to "
			     "unpredictable behavior of the rule");
	}
}

static bool compile_rhs_field(struct cc *c, struct vg_pred *p, const struct vg_ast *right,
			      unsigned depth)
{
	const struct vg_ast *fn = right;
	if (right->u.transform.tr == VG_TR_VAL)
		fn = right->u.transform.args[0];
	if (p->op == VG_OP_PMATCH || p->op == VG_OP_REGEX) {
		cfail(c, -EINVAL, &right->pos, "operator '%s' doesn't support right-hand side fields",
		      vg_op_name(p->op));
		return false;
	}
	if (p->lhs->type == VG_FT_IPNET) {
		cfail(c, -EINVAL, &right->pos,
		      "field type 'IPNET' doesn't support right-hand side fields");
		return false;
	}
	if (is_evt_type_ref(p->lhs)) {
		cfail(c, -EINVAL, &right->pos,
		      "right-hand field comparisons on `evt.type` checks are not supported by event "
		      "code search");
		return false;
	}
	struct vg_vexpr *rhs = compile_vexpr(c, fn, depth + 1);
	if (!rhs)
		return false;
	if (p->lhs->kind == VG_VX_FIELD && (p->lhs->ref.info->flags & VG_FF_NO_RHS)) {
		cfail(c, -EINVAL, &right->pos, "field '%s' doesn't support right-hand side fields",
		      p->lhs->ref.info->name);
		return false;
	}
	if (rhs->kind == VG_VX_FIELD && (rhs->ref.info->flags & VG_FF_NO_RHS)) {
		cfail(c, -EINVAL, &right->pos, "field '%s' can't be used as a right-hand side field",
		      rhs->ref.info->name);
		return false;
	}
	if (rhs->type != p->lhs->type || rhs->list != p->lhs->list) {
		cfail(c, -EINVAL, &right->pos,
		      "field '%s' has type '%s%s' while the right-hand side field '%s' has "
		      "incompatible type '%s%s'",
		      vexpr_name(p->lhs), vg_ftype_name(p->lhs->type), p->lhs->list ? " (list)" : "",
		      vexpr_name(rhs), vg_ftype_name(rhs->type), rhs->list ? " (list)" : "");
		return false;
	}
	p->rhs = rhs;
	p->rk = VG_RHS_FIELD;
	return true;
}

static uint32_t add_pred(struct cc *c, const struct vg_pred *p, const struct pinfo *pi)
{
	if (c->npreds == c->cappreds) {
		uint32_t cap = c->cappreds ? c->cappreds * 2 : 32;
		struct vg_pred *np = realloc(c->preds, cap * sizeof(*np));
		if (!np) {
			cfail(c, -ENOMEM, NULL, "out of memory");
			return UINT32_MAX;
		}
		c->preds = np;
		struct pinfo *ni = realloc(c->pinfo, cap * sizeof(*ni));
		if (!ni) {
			cfail(c, -ENOMEM, NULL, "out of memory");
			return UINT32_MAX;
		}
		c->pinfo = ni;
		c->cappreds = cap;
	}
	struct vg_pred *q = &c->preds[c->npreds];
	*q = *p;
	q->t = (uint8_t)p->lhs->type;
	q->fast = p->lhs->kind == VG_VX_FIELD && !p->lhs->list && !p->lhs->any &&
		  p->rk != VG_RHS_FIELD;
	q->getter = q->fast ? p->lhs->getter : NULL;
	q->ref = q->fast ? &p->lhs->ref : NULL;
	c->pinfo[c->npreds] = *pi;
	return c->npreds++;
}

static uint32_t compile_check(struct cc *c, const struct vg_ast *n, unsigned depth)
{
	struct vg_pred p;
	struct pinfo pi;
	memset(&p, 0, sizeof(p));
	memset(&pi, 0, sizeof(pi));
	p.pos = n->pos;
	p.op = n->u.check.op;
	p.mod = n->u.check.mod;
	p.lhs = compile_vexpr(c, n->u.check.left, depth + 1);
	if (!p.lhs)
		return UINT32_MAX;
	if (p.lhs->kind == VG_VX_LITERAL || p.lhs->kind == VG_VX_LIST) {
		cfail(c, -EINVAL, &n->pos, "filter error: missing field in left-hand of check");
		return UINT32_MAX;
	}
	if (!comparable(c, &n->pos, p.op, p.lhs->type, p.lhs->list))
		return UINT32_MAX;
	if (p.op == VG_OP_EXISTS) {
		p.rk = VG_RHS_NONE;
		return add_pred(c, &p, &pi);
	}
	const struct vg_ast *right = n->u.check.right;
	if (right->kind == VG_AST_TRANSFORM) {
		if (!compile_rhs_field(c, &p, right, depth))
			return UINT32_MAX;
		return add_pred(c, &p, &pi);
	}
	const struct vg_str *v = right->kind == VG_AST_LIST ? right->u.list.items
							    : &right->u.value.text;
	uint32_t nv = right->kind == VG_AST_LIST ? right->u.list.count : 1;
	check_value_warnings(c, p.lhs, right, p.op);
	bool ok;
	enum vg_ftype t = p.lhs->type;
	if (is_evt_type_ref(p.lhs) &&
	    (p.op == VG_OP_EQ || p.op == VG_OP_NE || p.op == VG_OP_IN ||
	     p.op == VG_OP_INTERSECTS) &&
	    (p.mod == VG_MOD_NONE || (p.op == VG_OP_EQ && p.mod == VG_MOD_ANYOF) ||
	     (p.op == VG_OP_NE && p.mod == VG_MOD_ALLOF)))
		ok = build_evtset(c, &p, v, nv);
	else if (is_evt_type_ref(p.lhs) && !(p.op == VG_OP_REGEX || p.op == VG_OP_GLOB ||
					     p.op == VG_OP_IGLOB || p.op == VG_OP_PMATCH)) {
		/* other string operators on evt.type: the names must still be known for = and in */
		ok = build_str(c, &p, v, nv);
	} else if (t == VG_FT_STRING)
		ok = build_str(c, &p, v, nv);
	else if (t == VG_FT_BYTES)
		ok = build_bytes(c, &p, v, nv);
	else if (is_numeric(t) || t == VG_FT_BOOL)
		ok = build_num(c, &p, t, v, nv);
	else if (t == VG_FT_IPADDR || t == VG_FT_IPNET)
		ok = build_net(c, &p, t, v, nv);
	else if (t == VG_FT_DYN)
		ok = build_dyn(c, &p, v, nv);
	else {
		cfail(c, -EINVAL, &n->pos, "filter error: unsupported field type '%s'",
		      vg_ftype_name(t));
		ok = false;
	}
	if (!ok)
		return UINT32_MAX;
	pi.cls = merge_class(&p);
	pi.mergeable = pi.cls != 0;
	pi.vals = v;
	pi.nvals = nv;
	return add_pred(c, &p, &pi);
}

/* memoised: a macro used twice compiles its checks once */
static uint32_t check_pred(struct cc *c, const struct vg_ast *n, unsigned depth)
{
	if (c->memon * 2 >= c->memocap) {
		uint32_t cap = c->memocap ? c->memocap * 2 : 64;
		struct memo_ent *nm = calloc(cap, sizeof(*nm));
		if (!nm) {
			cfail(c, -ENOMEM, NULL, "out of memory");
			return UINT32_MAX;
		}
		for (uint32_t i = 0; i < c->memocap; i++) {
			if (!c->memo[i].node)
				continue;
			uint32_t h = (uint32_t)(((uintptr_t)c->memo[i].node >> 4) * 2654435761u) &
				     (cap - 1);
			while (nm[h].node)
				h = (h + 1) & (cap - 1);
			nm[h] = c->memo[i];
		}
		free(c->memo);
		c->memo = nm;
		c->memocap = cap;
	}
	uint32_t h = (uint32_t)(((uintptr_t)n >> 4) * 2654435761u) & (c->memocap - 1);
	while (c->memo[h].node) {
		if (c->memo[h].node == n)
			return c->memo[h].pred;
		h = (h + 1) & (c->memocap - 1);
	}
	uint32_t pr = compile_check(c, n, depth);
	if (pr == UINT32_MAX)
		return pr;
	c->memo[h].node = n;
	c->memo[h].pred = pr;
	c->memon++;
	return pr;
}

/* ---- IR ----------------------------------------------------------------------------------- */

static struct ir *ir_new(struct cc *c, enum ir_kind k, uint32_t n)
{
	struct ir *x = vg_arena_zalloc(&c->tmp, sizeof(*x));
	if (!x || (n && !(x->kids = vg_arena_alloc(&c->tmp, n * sizeof(*x->kids))))) {
		cfail(c, -ENOMEM, NULL, "out of memory");
		return NULL;
	}
	x->kind = k;
	return x;
}

static bool same_ref(const struct vg_field_ref *a, const struct vg_field_ref *b)
{
	return a->info == b->info && a->has_arg == b->has_arg && a->index == b->index &&
	       a->key.len == b->key.len &&
	       (a->key.len == 0 || memcmp(a->key.ptr, b->key.ptr, a->key.len) == 0);
}

/* Merge same-field checks of one class under an `or` into one predicate. */
static bool merge_or(struct cc *c, struct ir *x)
{
	for (uint32_t i = 0; i < x->n; i++) {
		struct ir *a = x->kids[i];
		if (!a || a->kind != IR_PRED || !c->pinfo[a->pred].mergeable)
			continue;
		const struct vg_pred *pa = &c->preds[a->pred];
		int cls = c->pinfo[a->pred].cls;
		uint32_t group = 1, total = c->pinfo[a->pred].nvals;
		for (uint32_t j = i + 1; j < x->n; j++) {
			struct ir *b = x->kids[j];
			if (b && b->kind == IR_PRED && c->pinfo[b->pred].cls == cls &&
			    same_ref(&pa->lhs->ref, &c->preds[b->pred].lhs->ref)) {
				group++;
				total += c->pinfo[b->pred].nvals;
			}
		}
		if (group < 2)
			continue;
		struct vg_str *vals = vg_arena_alloc(&c->tmp, (total ? total : 1) * sizeof(*vals));
		if (!vals) {
			cfail(c, -ENOMEM, NULL, "out of memory");
			return false;
		}
		struct vg_pred m = *pa;
		uint32_t k = 0;
		for (uint32_t j = i; j < x->n; j++) {
			struct ir *b = x->kids[j];
			if (!b || b->kind != IR_PRED || c->pinfo[b->pred].cls != cls ||
			    !same_ref(&pa->lhs->ref, &c->preds[b->pred].lhs->ref))
				continue;
			const struct pinfo *pb = &c->pinfo[b->pred];
			for (uint32_t v = 0; v < pb->nvals; v++)
				vals[k++] = pb->vals[v];
			if (cls == 1)
				vg_evtset_union(&m.evtset, &c->preds[b->pred].evtset);
			if (j != i)
				x->kids[j] = NULL;
		}
		bool ok = true;
		if (cls == 2) {
			m.op = VG_OP_IN;
			m.mod = VG_MOD_NONE;
			ok = build_str(c, &m, vals, total);
		} else if (cls >= 3) {
			m.mod = VG_MOD_ANYOF;
			ok = build_str(c, &m, vals, total);
		}
		if (!ok)
			return false;
		struct pinfo pi = { false, 0, NULL, 0 };
		uint32_t np = add_pred(c, &m, &pi);
		if (np == UINT32_MAX)
			return false;
		a->pred = np;
	}
	uint32_t w = 0;
	for (uint32_t i = 0; i < x->n; i++)
		if (x->kids[i])
			x->kids[w++] = x->kids[i];
	x->n = w;
	return true;
}

static struct ir *build_ir(struct cc *c, const struct vg_ast *n, unsigned depth)
{
	if (depth >= c->lim.max_depth)
		return cfail(c, -EFBIG, &n->pos, "exceeded max depth limit of %u", c->lim.max_depth);
	if (++c->expanded > c->lim.max_expanded_nodes)
		return cfail(c, -EFBIG, &n->pos,
			     "condition too large after macro expansion: more than %u nodes",
			     c->lim.max_expanded_nodes);
	switch (n->kind) {
	case VG_AST_AND:
	case VG_AST_OR: {
		enum ir_kind k = n->kind == VG_AST_AND ? IR_AND : IR_OR;
		struct ir *kids[64];
		struct ir **tmpk = kids;
		uint32_t cnt = 0, cap = 64;
		for (uint32_t i = 0; i < n->u.nary.count; i++) {
			struct ir *ch = build_ir(c, n->u.nary.kids[i], depth + 1);
			if (!ch)
				return NULL;
			uint32_t add = ch->kind == k ? ch->n : 1;
			if (cnt + add > cap) {
				uint32_t ncap = (cnt + add) * 2;
				struct ir **nk = vg_arena_alloc(&c->tmp, ncap * sizeof(*nk));
				if (!nk)
					return cfail(c, -ENOMEM, NULL, "out of memory");
				memcpy(nk, tmpk, cnt * sizeof(*nk));
				tmpk = nk;
				cap = ncap;
			}
			if (ch->kind == k) {
				memcpy(tmpk + cnt, ch->kids, ch->n * sizeof(*tmpk));
				cnt += ch->n;
			} else {
				tmpk[cnt++] = ch;
			}
		}
		struct ir *x = ir_new(c, k, cnt);
		if (!x)
			return NULL;
		memcpy(x->kids, tmpk, cnt * sizeof(*tmpk));
		x->n = cnt;
		if (k == IR_OR && !merge_or(c, x))
			return NULL;
		if (x->n == 1)
			return x->kids[0];
		return x;
	}
	case VG_AST_NOT: {
		struct ir *ch = build_ir(c, n->u.child, depth + 1);
		if (!ch)
			return NULL;
		if (ch->kind == IR_NOT)
			return ch->kids[0];
		struct ir *x = ir_new(c, IR_NOT, 1);
		if (!x)
			return NULL;
		x->kids[0] = ch;
		x->n = 1;
		return x;
	}
	case VG_AST_MACRO: {
		for (unsigned i = 0; i < c->nstack; i++)
			if (c->stack[i]->len == n->u.name.len &&
			    memcmp(c->stack[i]->ptr, n->u.name.ptr, n->u.name.len) == 0)
				return cfail(c, -ELOOP, &n->pos, "reference loop in macro '%.*s'",
					     (int)n->u.name.len, n->u.name.ptr);
		const struct vg_ast *m =
			c->opts->macro_lookup
				? c->opts->macro_lookup(c->opts->macro_user, n->u.name.ptr,
							n->u.name.len)
				: NULL;
		if (!m)
			return cfail(c, -ENOENT, &n->pos, "Undefined macro '%.*s' used in filter.",
				     (int)n->u.name.len, n->u.name.ptr);
		if (c->nstack >= sizeof(c->stack) / sizeof(c->stack[0]))
			return cfail(c, -EFBIG, &n->pos, "macros nested too deeply at '%.*s'",
				     (int)n->u.name.len, n->u.name.ptr);
		c->stack[c->nstack++] = &n->u.name;
		struct ir *x = build_ir(c, m, depth + 1);
		c->nstack--;
		return x;
	}
	case VG_AST_CHECK: {
		uint32_t pr = check_pred(c, n, depth);
		if (pr == UINT32_MAX)
			return NULL;
		c->cond->nchecks++;
		struct ir *x = ir_new(c, IR_PRED, 0);
		if (x)
			x->pred = pr;
		return x;
	}
	default:
		return cfail(c, -EINVAL, &n->pos, "unexpected node in a boolean position");
	}
}

/* ---- branch program ----------------------------------------------------------------------- */

static uint32_t emit(struct cc *c, const struct ir *x, uint32_t t, uint32_t f)
{
	if (c->err)
		return VG_INSN_REJECT;
	switch (x->kind) {
	case IR_PRED:
		if (c->ninsns == c->capinsns) {
			uint32_t cap = c->capinsns ? c->capinsns * 2 : 32;
			struct vg_insn *ni = realloc(c->insns, cap * sizeof(*ni));
			if (!ni) {
				cfail(c, -ENOMEM, NULL, "out of memory");
				return VG_INSN_REJECT;
			}
			c->insns = ni;
			c->capinsns = cap;
		}
		c->insns[c->ninsns] = (struct vg_insn){ x->pred, t, f };
		return c->ninsns++;
	case IR_NOT:
		return emit(c, x->kids[0], f, t);
	case IR_AND: {
		uint32_t e = t;
		for (uint32_t i = x->n; i-- > 0;)
			e = emit(c, x->kids[i], e, f);
		return e;
	}
	case IR_OR: {
		uint32_t e = f;
		for (uint32_t i = x->n; i-- > 0;)
			e = emit(c, x->kids[i], t, e);
		return e;
	}
	}
	return VG_INSN_REJECT;
}

/* Instructions are emitted last-first; reverse them so evaluation walks forward in memory. */
static void reverse_program(struct cc *c, uint32_t *entry)
{
	uint32_t n = c->ninsns;
#define RENUM(x) ((x) >= VG_INSN_ACCEPT ? (x) : n - 1 - (x))
	for (uint32_t i = 0; i < n / 2; i++) {
		struct vg_insn tmp = c->insns[i];
		c->insns[i] = c->insns[n - 1 - i];
		c->insns[n - 1 - i] = tmp;
	}
	for (uint32_t i = 0; i < n; i++) {
		c->insns[i].t = RENUM(c->insns[i].t);
		c->insns[i].f = RENUM(c->insns[i].f);
	}
	*entry = RENUM(*entry);
#undef RENUM
}

/* ---- public ------------------------------------------------------------------------------- */

static void cond_free(struct vg_cond *cond)
{
	if (!cond)
		return;
	for (uint32_t i = 0; i < cond->nregex_owned; i++)
		pcre2_code_free(cond->regex_owned[i]->code);
	free(cond->regex_owned);
	vg_arena_release(&cond->arena);
	free(cond);
}

int vg_cond_compile(const struct vg_ast *root, const struct vg_cond_compile_opts *opts,
		    struct vg_cond **ret_cond, struct vg_diag *ret_diag)
{
	if (!root || !opts || !ret_cond || !vg_source_fields_get(opts->source))
		return -EINVAL;
	struct cc c;
	memset(&c, 0, sizeof(c));
	c.opts = opts;
	c.diag = ret_diag;
	vg_cond_limits_resolve(opts->limits, &c.lim);
	vg_diag_clear(ret_diag);
	vg_arena_init(&c.tmp, 16384);
	int r = -ENOMEM;
	c.cond = calloc(1, sizeof(*c.cond));
	if (!c.cond)
		goto out;
	vg_arena_init(&c.cond->arena, 16384);
	c.cond->source = opts->source;
	c.cond->refs = 1;

	struct ir *ir = build_ir(&c, root, 0);
	if (!ir) {
		r = c.err ? c.err : -ENOMEM;
		goto out;
	}
	if (opts->source == VG_SOURCE_SYSCALL) {
		r = vg_evttypes_compute(root, opts->macro_lookup, opts->macro_user, c.lim.max_depth,
					&c.cond->evtset, ret_diag);
		if (r)
			goto out;
	} else {
		vg_evtset_fill(&c.cond->evtset);
	}
	uint32_t entry = emit(&c, ir, VG_INSN_ACCEPT, VG_INSN_REJECT);
	if (c.err) {
		r = c.err;
		goto out;
	}
	reverse_program(&c, &entry);
	c.cond->entry = entry;
	c.cond->ninsns = c.ninsns;
	c.cond->insns = vg_arena_alloc(&c.cond->arena, (c.ninsns ? c.ninsns : 1) *
							       sizeof(struct vg_insn));
	c.cond->preds = vg_arena_alloc(&c.cond->arena, (c.npreds ? c.npreds : 1) *
							       sizeof(struct vg_pred));
	if (!c.cond->insns || !c.cond->preds) {
		r = -ENOMEM;
		goto out;
	}
	if (c.ninsns)
		memcpy(c.cond->insns, c.insns, c.ninsns * sizeof(struct vg_insn));
	if (c.npreds)
		memcpy(c.cond->preds, c.preds, c.npreds * sizeof(struct vg_pred));
	c.cond->npreds = c.npreds; /* regex arrays live in the arena: regex_owned stays valid */
	*ret_cond = c.cond;
	c.cond = NULL;
	r = 0;
out:
	cond_free(c.cond);
	free(c.preds);
	free(c.pinfo);
	free(c.memo);
	free(c.insns);
	vg_arena_release(&c.tmp);
	return r;
}

int vg_cond_compile_text(const char *text, size_t len, const struct vg_cond_compile_opts *opts,
			 struct vg_cond **ret_cond, struct vg_diag *ret_diag)
{
	struct vg_cond_ast *ast = NULL;
	if (!opts)
		return -EINVAL;
	int r = vg_cond_parse(text, len, opts->limits, &ast, ret_diag);
	if (r)
		return r;
	r = vg_cond_compile(vg_cond_ast_root(ast), opts, ret_cond, ret_diag);
	vg_cond_ast_free(ast);
	return r;
}

struct vg_cond *vg_cond_ref(struct vg_cond *cond)
{
	if (cond)
		__atomic_add_fetch(&cond->refs, 1, __ATOMIC_RELAXED);
	return cond;
}

void vg_cond_unref(struct vg_cond *cond)
{
	if (cond && __atomic_sub_fetch(&cond->refs, 1, __ATOMIC_ACQ_REL) == 0)
		cond_free(cond);
}

enum vg_source vg_cond_source(const struct vg_cond *cond)
{
	return cond ? cond->source : VG_SOURCE_NONE;
}

const struct vg_evtset *vg_cond_evtset(const struct vg_cond *cond)
{
	return cond ? &cond->evtset : NULL;
}

size_t vg_cond_check_count(const struct vg_cond *cond)
{
	return cond ? cond->nchecks : 0;
}
