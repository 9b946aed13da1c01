/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evttypes.c - the set of event types a condition can match (libs'
 * userspace/libsinsp/filter/ppm_codes.cpp): and = intersection, or = union, negations pushed
 * to the leaves (De Morgan), evt.type =/==/!=/in give explicit sets, anything else is neutral.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

struct evt_ctx {
	vg_macro_lookup_fn lookup;
	void *user;
	uint32_t max_depth;
	struct vg_diag *diag;
	const struct vg_str *stack[256];
	unsigned nstack;
	int err;
};

static int ev_fail(struct evt_ctx *c, int code, const struct vg_ast *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int ev_fail(struct evt_ctx *c, int code, const struct vg_ast *n, const char *fmt, ...)
{
	if (!c->err) {
		char msg[VG_DIAG_MSG_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		c->err = code;
		vg_diag_set(c->diag, code == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_SEMANTIC, NULL,
			    n->pos.line, n->pos.col, "%s", msg);
	}
	return c->err;
}

static bool is_evttype_field(const struct vg_ast *n)
{
	return n && n->kind == VG_AST_FIELD && !n->u.field.has_arg && n->u.field.name.len == 8 &&
	       memcmp(n->u.field.name.ptr, "evt.type", 8) == 0;
}

/* a transformer whose (innermost) argument is evt.type */
static bool has_evttype_inside(const struct vg_ast *n, unsigned depth)
{
	if (!n || depth > 64)
		return false;
	if (is_evttype_field(n))
		return true;
	if (n->kind == VG_AST_TRANSFORM)
		for (uint32_t i = 0; i < n->u.transform.nargs; i++)
			if (has_evttype_inside(n->u.transform.args[i], depth + 1))
				return true;
	return false;
}

static void names_to_set(const struct vg_str *names, uint32_t n, struct vg_evtset *out)
{
	vg_evtset_clear(out);
	for (uint32_t i = 0; i < n; i++) {
		enum vg_evt_type t = vg_evt_type_from_name(names[i].ptr, names[i].len);
		if (t != VG_EVT_UNKNOWN)
			vg_evtset_add(out, t);
	}
}

static int walk(struct evt_ctx *c, const struct vg_ast *n, bool neg, unsigned depth,
		struct vg_evtset *out)
{
	if (depth >= c->max_depth)
		return ev_fail(c, -EFBIG, n, "exceeded max depth limit of %u", c->max_depth);
	switch (n->kind) {
	case VG_AST_AND:
	case VG_AST_OR: {
		/* and = intersection, or = union; swapped under a negation */
		bool intersect = (n->kind == VG_AST_AND) != neg;
		struct vg_evtset acc, kid;
		if (intersect)
			vg_evtset_fill(&acc);
		else
			vg_evtset_clear(&acc);
		for (uint32_t i = 0; i < n->u.nary.count; i++) {
			int r = walk(c, n->u.nary.kids[i], neg, depth + 1, &kid);
			if (r)
				return r;
			if (intersect)
				vg_evtset_intersect(&acc, &kid);
			else
				vg_evtset_union(&acc, &kid);
		}
		*out = acc;
		return 0;
	}
	case VG_AST_NOT:
		return walk(c, n->u.child, !neg, depth + 1, out);
	case VG_AST_MACRO: {
		const struct vg_ast *m =
			c->lookup ? c->lookup(c->user, n->u.name.ptr, n->u.name.len) : NULL;
		if (!m) {
			/* an unresolved identifier is neutral (ppm_codes' identifier_expr) */
			vg_evtset_fill(out);
			return 0;
		}
		for (unsigned i = 0; i < c->nstack; i++)
			if (c->stack[i]->len == n->u.name.len &&
			    memcmp(c->stack[i]->ptr, n->u.name.ptr, n->u.name.len) == 0)
				return ev_fail(c, -ELOOP, n, "reference loop in macro '%.*s'",
					       (int)n->u.name.len, n->u.name.ptr);
		if (c->nstack >= sizeof(c->stack) / sizeof(c->stack[0]))
			return ev_fail(c, -EFBIG, n, "macros nested too deeply at '%.*s'",
				       (int)n->u.name.len, n->u.name.ptr);
		c->stack[c->nstack++] = &n->u.name;
		int r = walk(c, m, neg, depth + 1, out);
		c->nstack--;
		return r;
	}
	case VG_AST_CHECK: {
		const struct vg_ast *l = n->u.check.left, *rt = n->u.check.right;
		enum vg_op op = n->u.check.op;
		if (op == VG_OP_EXISTS) {
			/* "evt.type exists" has codes (all); negated it matches nothing */
			vg_evtset_fill(out);
			if (neg && is_evttype_field(l))
				vg_evtset_clear(out);
			return 0;
		}
		bool evttype_op = op == VG_OP_EQ || op == VG_OP_NE || op == VG_OP_IN;
		if (evttype_op && l && l->kind == VG_AST_TRANSFORM && has_evttype_inside(l, 0)) {
			c->err = -EINVAL;
			vg_diag_set(c->diag, VG_DIAG_SEMANTIC, NULL, n->pos.line, n->pos.col,
				    "event code search does not support `evt.type` checks with "
				    "transformers");
			return c->err;
		}
		if (evttype_op && is_evttype_field(l)) {
			if (!rt || rt->kind == VG_AST_TRANSFORM || rt->kind == VG_AST_FIELD) {
				c->err = -EINVAL;
				vg_diag_set(c->diag, VG_DIAG_SEMANTIC, NULL, n->pos.line, n->pos.col,
					    "right-hand field comparisons on `evt.type` checks are not "
					    "supported by event code search");
				return c->err;
			}
			if (rt->kind == VG_AST_LIST)
				names_to_set(rt->u.list.items, rt->u.list.count, out);
			else
				names_to_set(&rt->u.value.text, 1, out);
			/* the leaf inverts under a negation, != inverts once more */
			if (neg)
				vg_evtset_invert(out);
			if (op == VG_OP_NE)
				vg_evtset_invert(out);
			return 0;
		}
		vg_evtset_fill(out);
		return 0;
	}
	default:
		vg_evtset_fill(out);
		return 0;
	}
}

int vg_evttypes_compute(const struct vg_ast *root, vg_macro_lookup_fn lookup, void *user,
			uint32_t max_depth, struct vg_evtset *ret, struct vg_diag *d)
{
	struct evt_ctx c;
	memset(&c, 0, sizeof(c));
	c.lookup = lookup;
	c.user = user;
	c.max_depth = max_depth;
	c.diag = d;
	struct vg_evtset s;
	int r = walk(&c, root, false, 0, &s);
	if (r)
		return r;
	*ret = s;
	return 0;
}

int vg_cond_evttypes(const struct vg_ast *root, vg_macro_lookup_fn lookup, void *user,
		     struct vg_evtset *ret_set, struct vg_diag *ret_diag)
{
	if (!root || !ret_set)
		return -EINVAL;
	vg_diag_clear(ret_diag);
	return vg_evttypes_compute(root, lookup, user, VG_DEFAULT_MAX_COND_DEPTH, ret_set,
				   ret_diag);
}
