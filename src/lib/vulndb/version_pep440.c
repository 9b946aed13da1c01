/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_pep440.c - Python versions as pypa packaging orders them: PEP 440 Version, and the
 * LegacyVersion rule of packaging < 22 for every other string (as osv-scalibr's PyPI vectors
 * expect). Written from PEP 440 and the documented behaviour of packaging/version.py.
 *
 * A PEP 440 version is matched, ASCII case-insensitively and with surrounding white space
 * allowed, by
 *
 *   v? (N!)? N(.N)* ([-_.]? (a|b|c|rc|alpha|beta|pre|preview) [-_.]? N?)?
 *      (-N | [-_.]? (post|rev|r) [-_.]? N?)? ([-_.]? dev [-_.]? N?)? (+L([-_.]L)*)?
 *
 * (L = [a-z0-9]+). The regular expression's backtracking never yields a different reading
 * than the greedy one, so the parser below is a single greedy pass. Normalisation: alpha = a,
 * beta = b, c = pre = preview = rc, rev = r = post, a missing number is 0, "1.0-1" is
 * 1.0.post1. Order: epoch, release (trailing zeros ignored), then
 *   X.devN < XaN < XbN < XrcN < X < X.postN   (X.postN.devM < X.postN)
 * and a local version sorts after its public version: local segments compare one by one,
 * numbers numerically and above strings, strings case-insensitively, a prefix first.
 *
 * Everything else is a legacy version, lower than every PEP 440 version. Legacy versions
 * compare by setuptools' historical key: the lower-cased string split into digit runs
 * (zero-padded to 8), letter runs and other runs, '.' dropped, "pre"/"preview"/"rc" -> "c",
 * "dev" -> "@", "-" -> "final-", a "final" marker at the end, trailing zero runs dropped
 * before every non-numeric part and "final-" dropped before a part sorting below "final".
 * The key is produced lazily (two pending counters instead of a list), so no allocation.
 *
 * Only ASCII is case-folded, and only ASCII digits and white space are recognised (Python
 * would also fold and match non-ASCII ones); non-ASCII bytes compare by code point.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

/* ---- PEP 440 ------------------------------------------------------------------------- */

enum { PRE_A, PRE_B, PRE_RC };

struct pep {
	const char *ep; /* epoch digits, empty: 0 */
	size_t epn;
	const char *rel; /* "1.2.3" */
	size_t reln;
	int pre; /* -1 none, else PRE_* */
	const char *pren;
	size_t prenn;
	bool post;
	const char *postn;
	size_t postnn;
	bool dev;
	const char *devn;
	size_t devnn;
	const char *local; /* without the '+', NULL when none */
	size_t localn;
};

static bool py_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static bool pep_sep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Length of @w if @p starts with it (ASCII case-insensitively), else 0. */
static size_t word(const char *p, const char *w)
{
	size_t i = 0;
	for (; w[i]; i++)
		if (vg_ver_tolower((unsigned char)p[i]) != w[i])
			return 0;
	return i;
}

/* An optional number: its bounds; advances *p. */
static void number(const char **p, const char **ret_s, size_t *ret_n)
{
	const char *s = *p;
	while (vg_ver_isdigit((unsigned char)**p))
		(*p)++;
	*ret_s = s;
	*ret_n = (size_t)(*p - s);
}

/* [-_.]? LABEL [-_.]? N? with LABEL one of @labels (longest first among prefixes); returns the
 * index of the label matched or -1 (then *p is unchanged). */
static int segment(const char **p, const char *const *labels, const char **ret_n, size_t *ret_nn)
{
	const char *q = *p;
	size_t l = 0;
	int i;

	if (pep_sep((unsigned char)*q))
		q++;
	if (!vg_ver_isalpha((unsigned char)*q))
		return -1;
	for (i = 0; labels[i]; i++) {
		l = word(q, labels[i]);
		if (l)
			break;
	}
	if (!labels[i])
		return -1;
	q += l;
	if (pep_sep((unsigned char)*q))
		q++;
	number(&q, ret_n, ret_nn);
	*p = q;
	return i;
}

static bool pep_parse(const char *s, struct pep *o)
{
	static const char *const pre_labels[] = { "alpha", "a", "beta", "b", "preview", "pre", "rc", "c", NULL };
	static const int pre_kind[] = { PRE_A, PRE_A, PRE_B, PRE_B, PRE_RC, PRE_RC, PRE_RC, PRE_RC };
	static const char *const post_labels[] = { "post", "rev", "r", NULL };
	static const char *const dev_labels[] = { "dev", NULL };
	const char *p = s, *q;
	int k;

	memset(o, 0, sizeof(*o));
	o->pre = -1;
	o->ep = o->pren = o->postn = o->devn = "";
	while (py_space((unsigned char)*p))
		p++;
	if (*p == 'v' || *p == 'V')
		p++;
	q = p;
	while (vg_ver_isdigit((unsigned char)*q))
		q++;
	if (q > p && *q == '!') {
		o->ep = p;
		o->epn = (size_t)(q - p);
		p = q + 1;
	}
	if (!vg_ver_isdigit((unsigned char)*p))
		return false;
	o->rel = p;
	for (;;) {
		while (vg_ver_isdigit((unsigned char)*p))
			p++;
		if (p[0] == '.' && vg_ver_isdigit((unsigned char)p[1])) {
			p++;
			continue;
		}
		break;
	}
	o->reln = (size_t)(p - o->rel);

	k = segment(&p, pre_labels, &o->pren, &o->prenn);
	if (k >= 0)
		o->pre = pre_kind[k];
	if (p[0] == '-' && vg_ver_isdigit((unsigned char)p[1])) {
		p++;
		o->post = true;
		number(&p, &o->postn, &o->postnn);
	} else if (segment(&p, post_labels, &o->postn, &o->postnn) >= 0) {
		o->post = true;
	}
	if (segment(&p, dev_labels, &o->devn, &o->devnn) >= 0)
		o->dev = true;
	if (*p == '+') {
		const char *l = ++p;
		for (;;) {
			if (!vg_ver_isalnum((unsigned char)*p))
				return false;
			while (vg_ver_isalnum((unsigned char)*p))
				p++;
			if (pep_sep((unsigned char)p[0]) && vg_ver_isalnum((unsigned char)p[1])) {
				p++;
				continue;
			}
			break;
		}
		o->local = l;
		o->localn = (size_t)(p - l);
	}
	while (py_space((unsigned char)*p))
		p++;
	return *p == '\0';
}

/* The next field of [*p, e) separated by any of @seps. */
static void next_field(const char **p, const char *e, const char *seps, const char **ret_s, size_t *ret_n)
{
	const char *s = *p, *q = s;
	while (q < e && !strchr(seps, *q))
		q++;
	*ret_s = s;
	*ret_n = (size_t)(q - s);
	*p = q < e ? q + 1 : e;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!vg_ver_isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int ci_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	for (size_t i = 0; i < n; i++) {
		int ca = vg_ver_tolower((unsigned char)a[i]), cb = vg_ver_tolower((unsigned char)b[i]);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

/* The pre-release key: 0 = before everything (a bare .devN), 1 = a pre-release, 2 = none. */
static int pre_class(const struct pep *v)
{
	if (v->pre < 0 && !v->post && v->dev)
		return 0;
	return v->pre < 0 ? 2 : 1;
}

static int pep_cmp(const struct pep *a, const struct pep *b)
{
	const char *pa, *ea, *pb, *eb, *fa, *fb;
	size_t na, nb;
	int r;

	r = vg_ver_digits_cmp(a->ep, a->epn, b->ep, b->epn);
	if (r)
		return r;

	pa = a->rel, ea = a->rel + a->reln;
	pb = b->rel, eb = b->rel + b->reln;
	while (pa < ea || pb < eb) {
		fa = fb = "";
		na = nb = 0;
		if (pa < ea)
			next_field(&pa, ea, ".", &fa, &na);
		if (pb < eb)
			next_field(&pb, eb, ".", &fb, &nb);
		r = vg_ver_digits_cmp(fa, na, fb, nb);
		if (r)
			return r;
	}

	int ca = pre_class(a), cb = pre_class(b);
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca == 1) {
		if (a->pre != b->pre)
			return a->pre < b->pre ? -1 : 1;
		r = vg_ver_digits_cmp(a->pren, a->prenn, b->pren, b->prenn);
		if (r)
			return r;
	}

	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post) {
		r = vg_ver_digits_cmp(a->postn, a->postnn, b->postn, b->postnn);
		if (r)
			return r;
	}

	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev) {
		r = vg_ver_digits_cmp(a->devn, a->devnn, b->devn, b->devnn);
		if (r)
			return r;
	}

	if (!a->local || !b->local)
		return a->local ? 1 : (b->local ? -1 : 0);
	pa = a->local, ea = a->local + a->localn;
	pb = b->local, eb = b->local + b->localn;
	while (pa < ea && pb < eb) {
		next_field(&pa, ea, "-_.", &fa, &na);
		next_field(&pb, eb, "-_.", &fb, &nb);
		bool da = all_digits(fa, na), db = all_digits(fb, nb);
		if (da && db)
			r = vg_ver_digits_cmp(fa, na, fb, nb);
		else if (da || db)
			r = da ? 1 : -1;
		else
			r = ci_cmp(fa, na, fb, nb);
		if (r)
			return r;
	}
	if (pa < ea)
		return 1;
	if (pb < eb)
		return -1;
	return 0;
}

/* ---- LegacyVersion ----------------------------------------------------------------------- */

enum { LP_STAR, LP_NUM };

/* One part of the legacy key: "*" + text, or a digit run compared zero-padded to 8. */
struct lpart {
	int kind;
	const char *s;
	size_t n;
};

static const struct lpart LP_FINAL_DASH = { LP_STAR, "final-", 6 };
static const struct lpart LP_ZERO = { LP_NUM, "0", 1 };
static const struct lpart LP_FINAL = { LP_STAR, "final", 5 };

struct lgen {
	const char *p;     /* unread input */
	size_t pend_f;     /* pending "*final-" parts (no zero part after them) */
	size_t pend_z;     /* pending "00000000" parts, after the pending "*final-" ones */
	size_t out_f;      /* parts committed and not yet returned: out_f "*final-", */
	size_t out_z;      /* then out_z zeros, */
	bool out_has;      /* then out */
	struct lpart out;
	bool finished;     /* the final "*final" part was read */
};

static bool other_char(int c)
{
	return !vg_ver_isalnum(c) && c != '.' && c != '-';
}

/* The next part of the split string (before the pops), false at the end. */
static bool lraw(struct lgen *g, struct lpart *ret)
{
	static const struct {
		const char *from, *to;
	} repl[] = { { "pre", "c" }, { "preview", "c" }, { "rc", "c" }, { "dev", "@" } };
	const char *p = g->p, *s;

	while (*p == '.')
		p++;
	if (!*p) {
		g->p = p;
		return false;
	}
	s = p;
	if (vg_ver_isdigit((unsigned char)*p)) {
		while (vg_ver_isdigit((unsigned char)*p))
			p++;
		*ret = (struct lpart){ LP_NUM, s, (size_t)(p - s) };
	} else if (vg_ver_isalpha((unsigned char)*p)) {
		while (vg_ver_isalpha((unsigned char)*p))
			p++;
		*ret = (struct lpart){ LP_STAR, s, (size_t)(p - s) };
		for (size_t i = 0; i < sizeof(repl) / sizeof(repl[0]); i++)
			if (strlen(repl[i].from) == ret->n && ci_cmp(s, ret->n, repl[i].from, ret->n) == 0) {
				*ret = (struct lpart){ LP_STAR, repl[i].to, strlen(repl[i].to) };
				break;
			}
	} else if (*p == '-') {
		p++;
		*ret = LP_FINAL_DASH;
	} else {
		while (*p && other_char((unsigned char)*p))
			p++;
		*ret = (struct lpart){ LP_STAR, s, (size_t)(p - s) };
	}
	g->p = p;
	return true;
}

/* zfill(8) digit strings compared as strings */
static int lnum_cmp(const struct lpart *a, const struct lpart *b)
{
	size_t pa = a->n < 8 ? 8 - a->n : 0, pb = b->n < 8 ? 8 - b->n : 0;
	size_t la = pa + a->n, lb = pb + b->n;
	for (size_t i = 0; i < la && i < lb; i++) {
		int ca = i < pa ? '0' : (unsigned char)a->s[i - pa];
		int cb = i < pb ? '0' : (unsigned char)b->s[i - pb];
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

static int lpart_cmp(const struct lpart *a, const struct lpart *b)
{
	if (a->kind != b->kind)
		return a->kind == LP_STAR ? -1 : 1; /* '*' < '0' */
	if (a->kind == LP_NUM)
		return lnum_cmp(a, b);
	return ci_cmp(a->s, a->n, b->s, b->n);
}

static bool poppable_zero(const struct lpart *x)
{
	if (x->kind != LP_NUM || x->n > 8)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (x->s[i] != '0')
			return false;
	return true;
}

static bool is_final_dash(const struct lpart *x)
{
	return x->kind == LP_STAR && ci_cmp(x->s, x->n, "final-", 6) == 0;
}

/* The next part of the legacy key, false after the last. */
static bool lnext(struct lgen *g, struct lpart *ret)
{
	for (;;) {
		if (g->out_f) {
			g->out_f--;
			*ret = LP_FINAL_DASH;
			return true;
		}
		if (g->out_z) {
			g->out_z--;
			*ret = LP_ZERO;
			return true;
		}
		if (g->out_has) {
			g->out_has = false;
			*ret = g->out;
			return true;
		}
		if (g->finished)
			return false;

		struct lpart x;
		if (!lraw(g, &x)) {
			x = LP_FINAL;
			g->finished = true;
		}
		if (x.kind == LP_NUM) {
			if (poppable_zero(&x)) {
				g->pend_z++;
				continue;
			}
			g->out_f = g->pend_f;
			g->out_z = g->pend_z;
			g->pend_f = g->pend_z = 0;
		} else {
			/* "*final-" parts go before a part sorting below "*final" (unless zeros
			 * stand between), then trailing zeros go */
			if (g->pend_z == 0 && ci_cmp(x.s, x.n, "final", 5) < 0)
				g->pend_f = 0;
			g->pend_z = 0;
			if (is_final_dash(&x)) {
				g->pend_f++;
				continue;
			}
			g->out_f = g->pend_f;
			g->pend_f = 0;
		}
		g->out = x;
		g->out_has = true;
	}
}

static int legacy_cmp(const char *a, const char *b)
{
	struct lgen ga = { .p = a }, gb = { .p = b };
	struct lpart pa, pb;

	for (;;) {
		bool ha = lnext(&ga, &pa), hb = lnext(&gb, &pb);
		if (!ha || !hb)
			return ha ? 1 : (hb ? -1 : 0);
		int r = lpart_cmp(&pa, &pb);
		if (r)
			return r;
	}
}

/* ---- entry points ------------------------------------------------------------------------ */

int vg_ver_pep440_cmp(const char *a, const char *b)
{
	struct pep va, vb;

	if (strcmp(a, b) == 0)
		return 0;
	bool oka = pep_parse(a, &va), okb = pep_parse(b, &vb);
	if (oka && okb)
		return pep_cmp(&va, &vb);
	if (oka || okb)
		return oka ? 1 : -1; /* legacy versions sort first */
	return legacy_cmp(a, b);
}

bool vg_ver_pep440_valid(const char *v)
{
	struct pep pv;
	return pep_parse(v, &pv);
}
