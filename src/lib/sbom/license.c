/* SPDX-License-Identifier: Apache-2.0 */
/*
 * license.c - is a declared license an SPDX identifier, an SPDX expression or free text?
 *
 * The grammar is SPDX 2.3 Annex D over the identifiers of the SPDX License List (the table
 * license_ids.h, generated from the CycloneDX schema's enum by gen-license-ids.py):
 *
 *   or-expr   = and-expr *( "OR" and-expr )
 *   and-expr  = with-expr *( "AND" with-expr )
 *   with-expr = "(" or-expr ")" / license-id [ "+" ] [ "WITH" exception-id ]
 *
 * Identifiers match case-insensitively and come out in their canonical spelling; operators are
 * accepted in upper or lower case and come out upper case. LicenseRef-/DocumentRef- references
 * count as free text: a document must define every reference it uses, and a declared license
 * cannot carry that definition. Everything that does not parse is free text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbom/sbom_internal.h"
#include "sbom/license_ids.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const char *const *table, size_t n, const char *s, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *t = table[mid];
		int c = strncasecmp(s, t, len);
		if (c == 0 && t[len] != '\0')
			c = -1; /* @s is a proper prefix of t */
		if (c == 0)
			return t;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *vg_sbom_license_id(const char *s, size_t len)
{
	return lookup(vg_spdx_license_ids, NELEM(vg_spdx_license_ids), s, len);
}

const char *vg_sbom_exception_id(const char *s, size_t len)
{
	return lookup(vg_spdx_exception_ids, NELEM(vg_spdx_exception_ids), s, len);
}

const char *vg_sbom_license_list_version(void)
{
	return VG_SPDX_LICENSE_LIST_VERSION;
}

/* ---- the expression parser --------------------------------------------------------------- */

enum tok { T_END, T_LP, T_RP, T_AND, T_OR, T_WITH, T_WORD };

struct lp {
	const char *p, *end;
	enum tok tok;
	const char *word; /* T_WORD */
	size_t wlen;
	struct vg_strbuf out;
	unsigned operators, depth;
	bool plus, with; /* saw "+" or WITH */
	int err;         /* -ENOMEM */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool op_is(const char *w, size_t len, const char *upper)
{
	size_t n = strlen(upper);
	if (len != n)
		return false;
	if (memcmp(w, upper, n) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (w[i] != upper[i] - 'A' + 'a')
			return false;
	return true;
}

static void next(struct lp *l)
{
	while (l->p < l->end && is_space(*l->p))
		l->p++;
	if (l->p >= l->end) {
		l->tok = T_END;
		return;
	}
	if (*l->p == '(' || *l->p == ')') {
		l->tok = *l->p == '(' ? T_LP : T_RP;
		l->p++;
		return;
	}
	const char *s = l->p;
	while (l->p < l->end && !is_space(*l->p) && *l->p != '(' && *l->p != ')')
		l->p++;
	l->word = s;
	l->wlen = (size_t)(l->p - s);
	if (op_is(s, l->wlen, "AND"))
		l->tok = T_AND;
	else if (op_is(s, l->wlen, "OR"))
		l->tok = T_OR;
	else if (op_is(s, l->wlen, "WITH"))
		l->tok = T_WITH;
	else
		l->tok = T_WORD;
}

static void emit(struct lp *l, const char *s)
{
	if (l->err == 0 && vg_strbuf_puts(&l->out, s) < 0)
		l->err = -ENOMEM;
}

static bool or_expr(struct lp *l);

static bool with_expr(struct lp *l)
{
	if (l->tok == T_LP) {
		if (++l->depth > VG_SBOM_MAX_LICENSE_DEPTH)
			return false;
		emit(l, "(");
		next(l);
		if (!or_expr(l) || l->tok != T_RP)
			return false;
		emit(l, ")");
		l->depth--;
		next(l);
		return true;
	}
	if (l->tok != T_WORD)
		return false;
	const char *id = vg_sbom_license_id(l->word, l->wlen);
	if (id) {
		emit(l, id); /* whole word, including a listed "+" form such as GPL-2.0+ */
	} else if (l->wlen > 1 && l->word[l->wlen - 1] == '+' &&
		   (id = vg_sbom_license_id(l->word, l->wlen - 1)) != NULL) {
		emit(l, id);
		emit(l, "+");
		l->plus = true;
	} else {
		return false;
	}
	next(l);
	if (l->tok == T_WITH) {
		next(l);
		const char *ex = l->tok == T_WORD ? vg_sbom_exception_id(l->word, l->wlen) : NULL;
		if (!ex)
			return false;
		emit(l, " WITH ");
		emit(l, ex);
		l->with = true;
		next(l);
	}
	return true;
}

static bool and_expr(struct lp *l)
{
	if (!with_expr(l))
		return false;
	while (l->tok == T_AND) {
		emit(l, " AND ");
		l->operators++;
		next(l);
		if (!with_expr(l))
			return false;
	}
	return true;
}

static bool or_expr(struct lp *l)
{
	if (!and_expr(l))
		return false;
	while (l->tok == T_OR) {
		emit(l, " OR ");
		l->operators++;
		next(l);
		if (!and_expr(l))
			return false;
	}
	return true;
}

int vg_sbom_license_classify(struct vg_arena *a, const char *s, struct vg_sbom_license *ret)
{
	struct vg_sbom_license res = { VG_SBOM_LIC_NONE, NULL };
	if (!s) {
		*ret = res;
		return 0;
	}
	const char *b = s, *e = s + strlen(s);
	while (b < e && is_space(*b))
		b++;
	while (e > b && is_space(e[-1]))
		e--;
	size_t len = (size_t)(e - b);
	if (len == 0 || (len == 4 && memcmp(b, "NONE", 4) == 0) ||
	    (len == 11 && memcmp(b, "NOASSERTION", 11) == 0)) {
		*ret = res;
		return 0;
	}

	struct lp l = { .p = b, .end = e };
	vg_strbuf_init(&l.out, 0);
	next(&l);
	bool ok = or_expr(&l) && l.tok == T_END;
	int r = l.err;
	if (r == 0) {
		if (ok) {
			const char *id = l.operators == 0 && !l.plus && !l.with
						 ? vg_sbom_license_id(b, len) : NULL;
			if (id) {
				res.kind = VG_SBOM_LIC_ID;
				res.value = id; /* static */
			} else {
				res.kind = VG_SBOM_LIC_EXPR;
				res.value = vg_arena_strndup(a, vg_strbuf_str(&l.out), l.out.len);
			}
		} else {
			res.kind = VG_SBOM_LIC_TEXT;
			res.value = vg_arena_strndup(a, b, len);
		}
		if (!res.value)
			r = -ENOMEM;
	}
	vg_strbuf_release(&l.out);
	if (r == 0)
		*ret = res;
	return r;
}
