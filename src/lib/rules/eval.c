/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eval.c - evaluation of a compiled condition: walk the branch program, evaluate each
 * predicate on the event. Nothing is allocated: values live on the stack and in a stack scratch
 * buffer; PCRE2 match data comes from a stack-backed allocator.
 *
 * Missing values (a getter returning no value) make every predicate false except through the
 * program's negations, which is Falco's semantics (`!=` on a missing field is false, `not x =
 * y` is true).
 */
#include <errno.h>
#include <fnmatch.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

#define EVAL_SCRATCH_SYSCALL (16u * 1024u)
#define EVAL_SCRATCH_AUDIT (128u * 1024u)

/* ---- strings ------------------------------------------------------------------------------ */

static inline bool str_eq(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

/* strcmp order on views */
static inline int str_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	size_t n = al < bl ? al : bl;
	int r = n ? memcmp(a, b, n) : 0;
	if (r)
		return r;
	return al < bl ? -1 : al > bl;
}

static inline bool str_prefix(const char *a, size_t al, const char *b, size_t bl)
{
	return bl <= al && (bl == 0 || memcmp(a, b, bl) == 0);
}

static inline bool str_suffix(const char *a, size_t al, const char *b, size_t bl)
{
	return bl <= al && (bl == 0 || memcmp(a + al - bl, b, bl) == 0);
}

/* one string operator; @b is NUL-terminated (glob patterns) */
static bool str_op(enum vg_op op, const char *a, size_t al, const char *b, size_t bl)
{
	switch (op) {
	case VG_OP_EQ:
	case VG_OP_IN:
	case VG_OP_INTERSECTS:
		return str_eq(a, al, b, bl);
	case VG_OP_NE: return !str_eq(a, al, b, bl);
	case VG_OP_LT: return str_cmp(a, al, b, bl) < 0;
	case VG_OP_LE: return str_cmp(a, al, b, bl) <= 0;
	case VG_OP_GT: return str_cmp(a, al, b, bl) > 0;
	case VG_OP_GE: return str_cmp(a, al, b, bl) >= 0;
	case VG_OP_CONTAINS:
	case VG_OP_BCONTAINS:
		return bl == 0 || memmem(a, al, b, bl) != NULL;
	case VG_OP_ICONTAINS: return vg_icontains(a, al, b, bl);
	case VG_OP_STARTSWITH:
	case VG_OP_BSTARTSWITH:
		return str_prefix(a, al, b, bl);
	case VG_OP_ENDSWITH: return str_suffix(a, al, b, bl);
	case VG_OP_GLOB: return fnmatch(b, a, 0) == 0;
	case VG_OP_IGLOB: return fnmatch(b, a, FNM_CASEFOLD) == 0;
	default: return false;
	}
}

/* ---- regex -------------------------------------------------------------------------------- */

struct stack_alloc {
	_Alignas(16) char buf[24 * 1024];
	size_t used;
};

static void *sa_malloc(PCRE2_SIZE n, void *data)
{
	struct stack_alloc *s = data;
	n = (n + 15) & ~(PCRE2_SIZE)15;
	if (n > sizeof(s->buf) - s->used)
		return NULL;
	void *p = s->buf + s->used;
	s->used += n;
	return p;
}

static void sa_free(void *p, void *data)
{
	(void)p;
	(void)data;
}

static bool regex_match(const struct vg_regex *re, const char *s, size_t len)
{
	struct stack_alloc sa;
	sa.used = 0;
	pcre2_general_context *gc = pcre2_general_context_create(sa_malloc, sa_free, &sa);
	if (!gc)
		return false;
	pcre2_match_data *md = pcre2_match_data_create(1, gc);
	if (!md)
		return false;
	int rc = re->jit ? pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, NULL)
			 : pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	return rc >= 0;
}

/* ---- numbers ------------------------------------------------------------------------------ */

static bool num_op(enum vg_op op, bool is_signed, uint64_t a, uint64_t b)
{
	if (is_signed) {
		int64_t x = (int64_t)a, y = (int64_t)b;
		switch (op) {
		case VG_OP_EQ: case VG_OP_IN: case VG_OP_INTERSECTS: return x == y;
		case VG_OP_NE: return x != y;
		case VG_OP_LT: return x < y;
		case VG_OP_LE: return x <= y;
		case VG_OP_GT: return x > y;
		case VG_OP_GE: return x >= y;
		default: return false;
		}
	}
	switch (op) {
	case VG_OP_EQ: case VG_OP_IN: case VG_OP_INTERSECTS: return a == b;
	case VG_OP_NE: return a != b;
	case VG_OP_LT: return a < b;
	case VG_OP_LE: return a <= b;
	case VG_OP_GT: return a > b;
	case VG_OP_GE: return a >= b;
	default: return false;
	}
}

static uint64_t num_of(enum vg_ftype t, const struct vg_value *v)
{
	if (t == VG_FT_BOOL)
		return v->v.b ? 1 : 0;
	if (t == VG_FT_INT64)
		return (uint64_t)v->v.i64;
	return v->v.u64;
}

static bool ip_eq(const struct vg_ipaddr *a, const struct vg_ipaddr *b)
{
	if (a->family != b->family)
		return false;
	return memcmp(a->b, b->b, a->family == 4 ? 4 : 16) == 0;
}

/* ---- generic comparison (val() right-hand sides) ------------------------------------------ */

static bool value_op(enum vg_ftype t, enum vg_op op, const struct vg_value *a,
		     const struct vg_value *b)
{
	switch (t) {
	case VG_FT_STRING:
	case VG_FT_BYTES:
		return str_op(op, a->v.str.ptr, a->v.str.len, b->v.str.ptr, b->v.str.len);
	case VG_FT_BOOL:
	case VG_FT_UINT64:
	case VG_FT_PORT:
	case VG_FT_RELTIME:
	case VG_FT_ABSTIME:
		return num_op(op, false, num_of(t, a), num_of(t, b));
	case VG_FT_INT64:
		return num_op(op, true, num_of(t, a), num_of(t, b));
	case VG_FT_IPADDR:
		if (op == VG_OP_NE)
			return !ip_eq(a->v.ip, b->v.ip);
		return ip_eq(a->v.ip, b->v.ip);
	default:
		return false;
	}
}

/*
 * A modifier over @n tests: anyof = at least one, allof = all, oneof = exactly one (an empty
 * list is false). @test(ctx, i) evaluates element i.
 */
static bool with_mod(enum vg_opmod mod, uint32_t n, bool (*test)(const void *ctx, uint32_t i),
		     const void *ctx)
{
	uint32_t hits = 0;
	if (n == 0)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		bool b = test(ctx, i);
		if (mod == VG_MOD_ALLOF) {
			if (!b)
				return false;
			continue;
		}
		if (b && ++hits && mod != VG_MOD_ONEOF)
			return true;
		if (hits > 1)
			return false;
	}
	return mod == VG_MOD_ALLOF || hits == 1;
}

struct test_ctx {
	const struct vg_pred *p;
	enum vg_ftype t;
	const struct vg_value *v;
	const struct vg_value *rv;
};

static bool dyn_one(enum vg_op op, const struct vg_evt_arg *a, const struct vg_dyn_val *d);

static bool t_str(const void *vctx, uint32_t i)
{
	const struct test_ctx *c = vctx;
	return str_op(c->p->op, c->v->v.str.ptr, c->v->v.str.len, c->p->items[i].ptr,
		      c->p->items[i].len);
}

static bool t_num(const void *vctx, uint32_t i)
{
	const struct test_ctx *c = vctx;
	return num_op(c->p->op, c->t == VG_FT_INT64, num_of(c->t, c->v), c->p->nums[i]);
}

static bool t_net(const void *vctx, uint32_t i)
{
	const struct test_ctx *c = vctx;
	bool in = vg_ipnet_contains(&c->p->nets[i], c->v->v.ip);
	return c->p->op == VG_OP_NE ? !in : in;
}

static bool t_regex(const void *vctx, uint32_t i)
{
	const struct test_ctx *c = vctx;
	return regex_match(&c->p->regexes[i], c->v->v.str.ptr, c->v->v.str.len);
}

static bool t_field(const void *vctx, uint32_t i)
{
	const struct test_ctx *c = vctx;
	return value_op(c->t, c->p->op, c->v, &c->rv[i]);
}

static bool t_dyn(const void *vctx, uint32_t i)
{
	const struct test_ctx *c = vctx;
	return dyn_one(c->p->op, c->v->v.dyn, &c->p->dyn[i]);
}

static bool dyn_one(enum vg_op op, const struct vg_evt_arg *a, const struct vg_dyn_val *d)
{
	switch (a->type) {
	case VG_ARG_INT:
	case VG_ARG_FD:
	case VG_ARG_ERRNO:
	case VG_ARG_PID:
		return d->has_i && num_op(op, true, (uint64_t)a->num.i, (uint64_t)d->i);
	case VG_ARG_UINT:
	case VG_ARG_UID:
	case VG_ARG_GID:
	case VG_ARG_FLAGS:
	case VG_ARG_ENUM:
	case VG_ARG_MODE:
		return d->has_u && num_op(op, false, a->num.u, d->u);
	case VG_ARG_STR:
	case VG_ARG_BYTES:
		return a->str.ptr && str_op(op, a->str.ptr, a->str.len, d->s.ptr, d->s.len);
	default:
		return false;
	}
}

static bool match_one(const struct vg_pred *p, enum vg_ftype t, const struct vg_value *v,
		      const struct vg_value *rv, int rn)
{
#define CTX (&(const struct test_ctx){ p, t, v, rv })
	switch (p->rk) {
	case VG_RHS_STR:
		return str_op(p->op, v->v.str.ptr, v->v.str.len, p->str.ptr, p->str.len);
	case VG_RHS_STRSET: {
		bool has = vg_strset_has(&p->set, v->v.str.ptr, v->v.str.len);
		return p->op == VG_OP_NE ? !has : has;
	}
	case VG_RHS_STRLIST:
		return with_mod(p->mod == VG_MOD_NONE ? VG_MOD_ANYOF : p->mod, p->nitems, t_str,
				CTX);
	case VG_RHS_PREFIX:
		return vg_trie_match(&p->trie, v->v.str.ptr, v->v.str.len, false);
	case VG_RHS_SUFFIX:
		return vg_trie_match(&p->trie, v->v.str.ptr, v->v.str.len, true);
	case VG_RHS_AC:
		return vg_ac_match(&p->ac, v->v.str.ptr, v->v.str.len);
	case VG_RHS_NUM:
		if (t == VG_FT_BOOL && p->op != VG_OP_EQ && p->op != VG_OP_NE)
			return false;
		return num_op(p->op, t == VG_FT_INT64, num_of(t, v), p->num);
	case VG_RHS_NUMSET:
		return vg_numset_has(&p->numset, num_of(t, v));
	case VG_RHS_NUMLIST:
		return with_mod(p->mod, p->nitems, t_num, CTX);
	case VG_RHS_NET: {
		bool in = vg_ipnet_contains(&p->nets[0], v->v.ip);
		return p->op == VG_OP_NE ? !in : in;
	}
	case VG_RHS_NETLIST:
		if (p->mod == VG_MOD_NONE) {
			for (uint32_t i = 0; i < p->nnets; i++)
				if (vg_ipnet_contains(&p->nets[i], v->v.ip))
					return true;
			return false;
		}
		return with_mod(p->mod, p->nnets, t_net, CTX);
	case VG_RHS_REGEX:
		return with_mod(p->mod == VG_MOD_NONE ? VG_MOD_ANYOF : p->mod, p->nregex, t_regex,
				CTX);
	case VG_RHS_PMATCH:
		return vg_pmatch_match(&p->pm, v->v.str.ptr, v->v.str.len);
	case VG_RHS_FIELD:
		if (p->op == VG_OP_IN || p->op == VG_OP_INTERSECTS) {
			for (int i = 0; i < rn; i++)
				if (value_op(t, VG_OP_EQ, v, &rv[i]))
					return true;
			return false;
		}
		if (p->mod != VG_MOD_NONE)
			return with_mod(p->mod, (uint32_t)rn, t_field, CTX);
		return rn > 0 && value_op(t, p->op, v, &rv[0]);
	case VG_RHS_DYN:
		if (!v->v.dyn)
			return false;
		if (p->op == VG_OP_IN || p->op == VG_OP_INTERSECTS) {
			for (uint32_t i = 0; i < p->ndyn; i++)
				if (dyn_one(VG_OP_EQ, v->v.dyn, &p->dyn[i]))
					return true;
			return false;
		}
		if (p->mod != VG_MOD_NONE)
			return with_mod(p->mod, p->ndyn, t_dyn, CTX);
		return p->ndyn > 0 && dyn_one(p->op, v->v.dyn, &p->dyn[0]);
	default:
		return false;
	}
#undef CTX
}

/* ---- value expressions -------------------------------------------------------------------- */

static int eval_vexpr(const struct vg_vexpr *x, const void *ev, struct vg_value *out,
		      size_t cap, struct vg_scratch *sc, unsigned depth);

static char *reserve(struct vg_scratch *sc, size_t n)
{
	return vg_scratch_reserve(sc, n);
}

static const int8_t s_b64[256] = {
	['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,
	['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
	['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21,
	['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28,
	['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
	['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
	['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
	['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63,
	['/'] = 64,
};

/* base64 decode (padding optional); false when malformed */
static bool b64_decode(const char *s, size_t n, char *out, size_t *ret_len)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0, i = 0;
	for (; i < n && s[i] != '='; i++) {
		int v = s_b64[(unsigned char)s[i]];
		if (!v)
			return false;
		acc = acc << 6 | (uint32_t)(v - 1);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	for (; i < n; i++)
		if (s[i] != '=')
			return false;
	*ret_len = o;
	return true;
}

static int eval_transform(const struct vg_vexpr *x, const void *ev, struct vg_value *out,
			  size_t cap, struct vg_scratch *sc, unsigned depth)
{
	switch (x->tr) {
	case VG_TR_TOLOWER:
	case VG_TR_TOUPPER:
	case VG_TR_B64:
	case VG_TR_BASENAME: {
		int n = eval_vexpr(x->kids[0], ev, out, cap, sc, depth + 1);
		for (int i = 0; i < n; i++) {
			const char *s = out[i].v.str.ptr;
			size_t l = out[i].v.str.len;
			if (x->tr == VG_TR_BASENAME) {
				size_t k = l;
				while (k > 0 && s[k - 1] != '/')
					k--;
				out[i].v.str.ptr = s + k;
				out[i].v.str.len = l - k;
				continue;
			}
			char *d = reserve(sc, l);
			if (!d)
				return 0;
			size_t dl = l;
			if (x->tr == VG_TR_B64) {
				if (!b64_decode(s, l, d, &dl))
					return 0;
			} else {
				for (size_t k = 0; k < l; k++) {
					char ch = s[k];
					if (x->tr == VG_TR_TOLOWER && ch >= 'A' && ch <= 'Z')
						ch = (char)(ch + 32);
					else if (x->tr == VG_TR_TOUPPER && ch >= 'a' && ch <= 'z')
						ch = (char)(ch - 32);
					d[k] = ch;
				}
			}
			out[i].v.str.ptr = vg_scratch_commit(sc, dl);
			out[i].v.str.len = dl;
		}
		return n;
	}
	case VG_TR_LEN: {
		int n = eval_vexpr(x->kids[0], ev, out, cap, sc, depth + 1);
		if (n <= 0)
			return 0;
		out[0].v.u64 = x->kids[0]->list ? (uint64_t)n : (uint64_t)out[0].v.str.len;
		return 1;
	}
	case VG_TR_JOIN:
	case VG_TR_CONCAT: {
		bool join = x->tr == VG_TR_JOIN;
		const struct vg_vexpr *items = join ? x->kids[1] : x;
		struct vg_str sep = join ? x->kids[0]->lit : (struct vg_str){ "", 0 };
		struct vg_value tmp[VG_FIELD_MAX_VALUES];
		/* the children use scratch too: collect the parts, then build the result */
		struct vg_str parts[64];
		uint32_t nparts = 0;
		for (uint32_t k = 0; k < items->nkids; k++) {
			int n = eval_vexpr(items->kids[k], ev, tmp, VG_FIELD_MAX_VALUES, sc,
					   depth + 1);
			if (n <= 0) {
				if (!join)
					return 0;
				continue;
			}
			for (int i = 0; i < n; i++) {
				if (nparts == 64)
					return 0;
				parts[nparts].ptr = tmp[i].v.str.ptr;
				parts[nparts++].len = tmp[i].v.str.len;
			}
		}
		char *d = reserve(sc, 0);
		if (!d)
			return 0;
		size_t at = 0, room = sc->cap - sc->used - 1;
		for (uint32_t k = 0; k < nparts; k++) {
			size_t need = parts[k].len + (k ? sep.len : 0);
			if (at + need > room)
				return 0;
			if (k && sep.len) {
				memcpy(d + at, sep.ptr, sep.len);
				at += sep.len;
			}
			memmove(d + at, parts[k].ptr, parts[k].len);
			at += parts[k].len;
		}
		out[0].v.str.ptr = vg_scratch_commit(sc, at);
		out[0].v.str.len = at;
		return 1;
	}
	default:
		return 0;
	}
}

static int eval_vexpr(const struct vg_vexpr *x, const void *ev, struct vg_value *out,
		      size_t cap, struct vg_scratch *sc, unsigned depth)
{
	if (depth > 256)
		return 0;
	switch (x->kind) {
	case VG_VX_FIELD: {
		int n = x->getter(&x->ref, ev, out, cap, sc);
		return n < 0 ? 0 : n;
	}
	case VG_VX_LITERAL:
		out[0].v.str.ptr = x->lit.ptr;
		out[0].v.str.len = x->lit.len;
		return 1;
	case VG_VX_TRANSFORM:
		return eval_transform(x, ev, out, cap, sc, depth);
	default:
		return 0;
	}
}

/* ---- predicates and programs -------------------------------------------------------------- */

/* everything but the fast path: transformers, lists, "any" fields, field comparisons */
static __attribute__((noinline)) bool pred_eval_slow(const struct vg_pred *p, const void *ev,
						     struct vg_scratch *sc)
{
	struct vg_value vals[VG_FIELD_MAX_VALUES];
	int n = eval_vexpr(p->lhs, ev, vals, VG_FIELD_MAX_VALUES, sc, 0);
	if (n <= 0)
		return false;
	if (p->rk == VG_RHS_NONE)
		return true;
	enum vg_ftype t = p->lhs->type;
	struct vg_value rbuf[p->rk == VG_RHS_FIELD ? VG_FIELD_MAX_VALUES : 1];
	int rn = 0;
	if (p->rk == VG_RHS_FIELD) {
		rn = eval_vexpr(p->rhs, ev, rbuf, VG_FIELD_MAX_VALUES, sc, 0);
		if (rn <= 0)
			return false;
	}
	if (p->lhs->list) {
		/* in: every value in the set; intersects: any value */
		bool all = p->op == VG_OP_IN;
		for (int i = 0; i < n; i++) {
			bool m = match_one(p, t, &vals[i], rbuf, rn);
			if (all && !m)
				return false;
			if (!all && m)
				return true;
		}
		return all;
	}
	if (n > 1) { /* fd.ip, proc.aname ...: any value */
		for (int i = 0; i < n; i++)
			if (match_one(p, t, &vals[i], rbuf, rn))
				return true;
		return false;
	}
	return match_one(p, t, &vals[0], rbuf, rn);
}

bool vg_pred_eval(const struct vg_pred *p, const void *ev, struct vg_scratch *sc)
{
	if (p->rk == VG_RHS_EVTSET)
		return vg_evtset_has(&p->evtset, ((const struct vg_sys_event *)ev)->type) != p->neg;
	sc->used = 0;
	if (!p->fast)
		return pred_eval_slow(p, ev, sc);
	/* one plain single-valued field */
	struct vg_value v;
	if (p->getter(p->ref, ev, &v, 1, sc) <= 0)
		return false;
	return p->rk == VG_RHS_NONE || match_one(p, (enum vg_ftype)p->t, &v, NULL, 0);
}

static bool run(const struct vg_cond *c, const void *event, struct vg_scratch *sc)
{
	uint32_t i = c->entry;
	while (i < VG_INSN_ACCEPT) {
		const struct vg_insn *in = &c->insns[i];
		i = vg_pred_eval(&c->preds[in->pred], event, sc) ? in->t : in->f;
	}
	return i == VG_INSN_ACCEPT;
}

static __attribute__((noinline)) bool run_audit(const struct vg_cond *c, const void *event)
{
	char buf[EVAL_SCRATCH_AUDIT];
	struct vg_scratch sc = { buf, sizeof(buf), 0 };
	return run(c, event, &sc);
}

bool vg_cond_eval(const struct vg_cond *c, const void *event)
{
	if (!c || !event || *(const enum vg_source *)event != c->source)
		return false;
	if (c->source == VG_SOURCE_K8S_AUDIT)
		return run_audit(c, event);
	char buf[EVAL_SCRATCH_SYSCALL];
	struct vg_scratch sc = { buf, sizeof(buf), 0 };
	return run(c, event, &sc);
}
