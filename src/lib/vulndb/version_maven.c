/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_maven.c - Maven versions as org.apache.maven.artifact.versioning.ComparableVersion
 * orders them (current Maven: the "combination" items of MNG-7559/MNG-7644/MNG-7714;
 * semantics written from Maven's documentation and checked against its ComparableVersionTest
 * cases, see tests/unit/test_version.c).
 *
 * Parsing (ASCII case-insensitive) turns the string into a list of items:
 *  - '.' ends the current item, '-' ends it and opens a sub-list (when the current list is
 *    not empty); an empty item is the number 0;
 *  - a digit after non-digits starts a "combination" (letters + number, "rc1", also written
 *    "rc-1"), opening a sub-list first when the current list is not empty ("1.0.0.X1" is
 *    "1.0.0-X1");
 *  - a non-digit after digits ends the number and opens a sub-list ("1.0a" = "1.0-a");
 *  - qualifiers: alpha (a before a digit) < beta (b) < milestone (m) < rc = cr < snapshot <
 *    "" = ga = final = release < sp < any other string (those among themselves by text);
 *  - numbers compare numerically, but as Maven does an all-zero run of more than 9 digits is
 *    a "long" and of more than 18 a "big" number, each class above the smaller ones.
 * Then every list drops its null items (0, and empty sub-lists) when they are last or stand
 * before a string, or before a sub-list starting with a string or combination.
 *
 * Comparison walks the lists: number > sub-list > combination > string, with rules for
 * combinations against strings (rc1 > rc), a missing item compared to "null" (0 = null, a
 * qualifier against the release qualifier "").
 *
 * A sub-list is always the last item of its parent, so the tree is a chain of levels and is
 * kept as one array of items tagged with their level. VG_VER_MAVEN_STACK_ITEMS items per
 * version live on the stack; longer versions are parsed into a heap array.
 *
 * Only ASCII is case-folded and only ASCII digits are digits (Java folds and recognises
 * Unicode too); non-ASCII bytes compare by code point, like letters.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

enum { MI_NUM, MI_STR, MI_COMB, MI_LIST, MI_NONE };
enum { NC_INT, NC_LONG, NC_BIG };
enum { Q_ALPHA, Q_BETA, Q_MILESTONE, Q_RC, Q_SNAPSHOT, Q_RELEASE, Q_SP, Q_OTHER };

struct mitem {
	uint8_t kind;    /* MI_NUM, MI_STR, MI_COMB */
	uint8_t nclass;  /* NC_*: MI_NUM and the number of MI_COMB */
	uint8_t qrank;   /* Q_*: MI_STR and the string of MI_COMB */
	bool removed;    /* dropped by normalisation */
	uint32_t level;
	const char *d;   /* digits without leading zeros (empty: 0) */
	size_t dn;
	const char *s;   /* qualifier text (compared lower-cased when Q_OTHER) */
	size_t sn;
};

struct mlevel {
	size_t first, count; /* items[first .. first + count) */
	bool nonempty;       /* after normalisation */
	uint8_t first_kind;  /* kind of the first element after normalisation, MI_NONE if empty */
};

struct mver {
	struct mitem *items;
	struct mlevel *levels;
	size_t nitems, nlevels, cap;
};

/* ---- parsing ----------------------------------------------------------------------------- */

static bool word_is(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w);
	if (n != wn)
		return false;
	for (size_t i = 0; i < n; i++)
		if (vg_ver_tolower((unsigned char)s[i]) != w[i])
			return false;
	return true;
}

/* StringItem(value, followedByDigit) + comparableQualifier() */
static uint8_t qualifier_rank(const char *s, size_t n, bool followed_by_digit)
{
	static const struct {
		const char *w;
		uint8_t q;
	} known[] = {
		{ "alpha", Q_ALPHA }, { "beta", Q_BETA }, { "milestone", Q_MILESTONE }, { "rc", Q_RC },
		{ "cr", Q_RC }, { "snapshot", Q_SNAPSHOT }, { "", Q_RELEASE }, { "ga", Q_RELEASE },
		{ "final", Q_RELEASE }, { "release", Q_RELEASE }, { "sp", Q_SP },
	};

	if (followed_by_digit && n == 1) {
		switch (vg_ver_tolower((unsigned char)s[0])) {
		case 'a': return Q_ALPHA;
		case 'b': return Q_BETA;
		case 'm': return Q_MILESTONE;
		}
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (word_is(s, n, known[i].w))
			return known[i].q;
	return Q_OTHER;
}

static void set_number(struct mitem *it, const char *d, size_t n)
{
	/* stripLeadingZeroes() keeps an all-zero run as it is: its length picks the class */
	size_t z = 0;
	while (z < n && d[z] == '0')
		z++;
	size_t len = z == n ? n : n - z;
	it->nclass = len <= 9 ? NC_INT : (len <= 18 ? NC_LONG : NC_BIG);
	it->d = d + z;
	it->dn = n - z;
}

static int add_item(struct mver *v, uint32_t level, bool comb, bool digit, const char *s, size_t n)
{
	if (v->nitems == v->cap)
		return -E2BIG;
	struct mitem *it = &v->items[v->nitems++];
	memset(it, 0, sizeof(*it));
	it->level = level;
	if (comb) {
		/* "rc1" or "rc-1": letters, an optional '-', digits */
		size_t i = 0;
		while (i < n && !vg_ver_isdigit((unsigned char)s[i]))
			i++;
		size_t sn = i;
		while (sn > 0 && s[sn - 1] == '-')
			sn--;
		it->kind = MI_COMB;
		it->s = s;
		it->sn = sn;
		it->qrank = qualifier_rank(s, sn, true);
		set_number(it, s + i, n - i);
	} else if (digit) {
		it->kind = MI_NUM;
		set_number(it, s, n);
	} else {
		it->kind = MI_STR;
		it->s = s;
		it->sn = n;
		it->qrank = qualifier_rank(s, n, false);
	}
	return 0;
}

/* Where the parser adds items: the current (deepest) list. */
struct mstate {
	uint32_t level;
	size_t level_items; /* items in the current list so far */
};

static int push(struct mver *v, struct mstate *st, bool comb, bool digit, const char *s, size_t n)
{
	int r = add_item(v, st->level, comb, digit, s, n);
	if (r == 0)
		st->level_items++;
	return r;
}

static int push_zero(struct mver *v, struct mstate *st)
{
	return push(v, st, false, true, "0", 1);
}

/* list.add(list = new ListItem()) */
static void new_list(struct mstate *st)
{
	st->level++;
	st->level_items = 0;
}

/* ComparableVersion.parseVersion() without the normalisation. -E2BIG when v->cap is short. */
static int mparse(struct mver *v, const char *s, size_t n)
{
	struct mstate st = { 0 };
	size_t start = 0;
	bool is_digit = false, is_comb = false;
	int r = 0;

	v->nitems = 0;
	for (size_t i = 0; i < n && r == 0; i++) {
		int c = (unsigned char)s[i];
		if (c == '.') {
			if (i == start)
				r = push_zero(v, &st);
			else
				r = push(v, &st, is_comb, is_digit, s + start, i - start);
			is_comb = false;
			start = i + 1;
		} else if (c == '-') {
			if (i == start) {
				r = push_zero(v, &st);
			} else {
				/* "X-1" is "X1" */
				if (!is_digit && i != n - 1 && vg_ver_isdigit((unsigned char)s[i + 1])) {
					is_comb = true;
					continue;
				}
				r = push(v, &st, is_comb, is_digit, s + start, i - start);
			}
			start = i + 1;
			if (st.level_items)
				new_list(&st);
			is_comb = false;
		} else if (vg_ver_isdigit(c)) {
			if (!is_digit && i > start) {
				is_comb = true;
				if (st.level_items)
					new_list(&st);
			}
			is_digit = true;
		} else {
			if (is_digit && i > start) {
				r = push(v, &st, is_comb, true, s + start, i - start);
				start = i;
				new_list(&st);
				is_comb = false;
			}
			is_digit = false;
		}
	}
	if (r == 0 && n > start) {
		/* "1.0.0.X1" < "1.0.0-X2": ".X" is "-X" */
		if (!is_digit && st.level_items)
			new_list(&st);
		r = push(v, &st, is_comb, is_digit, s + start, n - start);
	}
	if (r < 0)
		return r;

	/* levels: items are in level order; a level may be empty only at the end */
	v->nlevels = (size_t)st.level + 1;
	if (v->nlevels > v->cap + 1)
		return -E2BIG;
	for (size_t k = 0; k < v->nlevels; k++)
		v->levels[k] = (struct mlevel){ .first = 0, .count = 0 };
	for (size_t i = v->nitems; i-- > 0;) {
		struct mlevel *l = &v->levels[v->items[i].level];
		l->first = i;
		l->count++;
	}
	return 0;
}

static bool item_null(const struct mitem *it)
{
	return it->kind == MI_NUM && it->dn == 0;
}

/* ListItem.normalize() on every level, innermost first. */
static void mnormalize(struct mver *v)
{
	for (size_t k = v->nlevels; k-- > 0;) {
		struct mlevel *l = &v->levels[k];
		bool child = k + 1 < v->nlevels && v->levels[k + 1].nonempty;
		uint8_t child_first = child ? v->levels[k + 1].first_kind : MI_NONE;
		uint8_t next = child ? MI_LIST : MI_NONE;
		uint8_t first = next;

		for (size_t i = l->first + l->count; i-- > l->first;) {
			struct mitem *it = &v->items[i];
			if (item_null(it) &&
			    (next == MI_NONE || next == MI_STR ||
			     (next == MI_LIST && (child_first == MI_COMB || child_first == MI_STR)))) {
				it->removed = true;
				continue;
			}
			next = it->kind;
			first = next;
		}
		l->nonempty = first != MI_NONE;
		l->first_kind = first;
	}
}

static int mbuild(struct mver *v, const char *s, struct mitem *items, struct mlevel *levels, size_t cap)
{
	v->items = items;
	v->levels = levels;
	v->cap = cap;
	int r = mparse(v, s, strlen(s));
	if (r == 0)
		mnormalize(v);
	return r;
}

/* ---- comparison -------------------------------------------------------------------------- */

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

static int q_cmp(uint8_t qa, const char *sa, size_t na, uint8_t qb, const char *sb, size_t nb)
{
	if (qa != qb)
		return qa < qb ? -1 : 1;
	return qa == Q_OTHER ? ci_cmp(sa, na, sb, nb) : 0;
}

/* A qualifier against null: against the release qualifier "". */
static int q_null(uint8_t q)
{
	return q < Q_RELEASE ? -1 : (q == Q_RELEASE ? 0 : 1);
}

static int num_cmp(const struct mitem *a, const struct mitem *b)
{
	if (a->nclass != b->nclass)
		return a->nclass < b->nclass ? -1 : 1;
	return vg_ver_digits_cmp(a->d, a->dn, b->d, b->dn);
}

/* Item.compareTo(null) */
static int item_to_null(const struct mitem *it)
{
	switch (it->kind) {
	case MI_NUM:
		return it->dn ? 1 : 0;
	default: /* strings; a combination compares its string part */
		return q_null(it->qrank);
	}
}

/* a.compareTo(b) for two non-list items */
static int item_cmp(const struct mitem *a, const struct mitem *b)
{
	int r;

	switch (a->kind) {
	case MI_NUM:
		return b->kind == MI_NUM ? num_cmp(a, b) : 1;
	case MI_STR:
		if (b->kind == MI_NUM)
			return -1;
		r = q_cmp(a->qrank, a->s, a->sn, b->qrank, b->s, b->sn);
		if (b->kind == MI_COMB && r == 0)
			return -1; /* X < X1 */
		return r;
	default: /* MI_COMB */
		if (b->kind == MI_NUM)
			return -1;
		r = q_cmp(a->qrank, a->s, a->sn, b->qrank, b->s, b->sn);
		if (r == 0)
			return b->kind == MI_COMB ? num_cmp(a, b) : 1;
		return r;
	}
}

/* Iterator over the elements of one level: items not removed, then the sub-list. */
struct mcur {
	const struct mver *v;
	size_t level, i, end;
	bool child_done;
};

static void cur_start(struct mcur *c, const struct mver *v, size_t level)
{
	c->v = v;
	c->level = level;
	c->i = v->levels[level].first;
	c->end = c->i + v->levels[level].count;
	c->child_done = false;
}

/* The next element: an item (returned), MI_LIST (the sub-list) or MI_NONE. */
static uint8_t cur_next(struct mcur *c, const struct mitem **ret)
{
	while (c->i < c->end) {
		const struct mitem *it = &c->v->items[c->i++];
		if (!it->removed) {
			*ret = it;
			return it->kind;
		}
	}
	if (!c->child_done && c->level + 1 < c->v->nlevels && c->v->levels[c->level + 1].nonempty) {
		c->child_done = true;
		return MI_LIST;
	}
	return MI_NONE;
}

/* ListItem.compareTo(null) for the list at @level. */
static int list_to_null(const struct mver *v, size_t level)
{
	struct mcur c;
	const struct mitem *it = NULL;

	for (;;) {
		cur_start(&c, v, level);
		for (;;) {
			uint8_t k = cur_next(&c, &it);
			if (k == MI_NONE)
				return 0;
			if (k == MI_LIST)
				break;
			int r = item_to_null(it);
			if (r)
				return r;
		}
		level++;
	}
}

static int mcompare(const struct mver *a, const struct mver *b)
{
	size_t la = 0, lb = 0;
	struct mcur ca, cb;
	const struct mitem *x = NULL, *y = NULL;

	for (;;) {
		cur_start(&ca, a, la);
		cur_start(&cb, b, lb);
		for (;;) {
			uint8_t ka = cur_next(&ca, &x), kb = cur_next(&cb, &y);
			if (ka == MI_NONE && kb == MI_NONE)
				return 0;
			/* one list is shorter: the other's items against null, until one differs
			 * (a sub-list is the last element, so its answer is final) */
			if (ka == MI_NONE) {
				if (kb == MI_LIST)
					return -list_to_null(b, lb + 1);
				int r = item_to_null(y);
				if (r)
					return -r;
				continue;
			}
			if (kb == MI_NONE) {
				if (ka == MI_LIST)
					return list_to_null(a, la + 1);
				int r = item_to_null(x);
				if (r)
					return r;
				continue;
			}
			if (ka == MI_LIST && kb == MI_LIST)
				break;
			if (ka == MI_LIST) /* list vs number: -1; vs string or combination: 1 */
				return kb == MI_NUM ? -1 : 1;
			if (kb == MI_LIST)
				return ka == MI_NUM ? 1 : -1;
			int r = item_cmp(x, y);
			if (r)
				return r;
		}
		la++;
		lb++;
	}
}

int vg_ver_maven_cmp(const char *a, const char *b, int *ret_cmp)
{
	struct mitem ia[VG_VER_MAVEN_STACK_ITEMS], ib[VG_VER_MAVEN_STACK_ITEMS];
	struct mlevel la[VG_VER_MAVEN_STACK_ITEMS + 1], lb[VG_VER_MAVEN_STACK_ITEMS + 1];
	struct mitem *ha = NULL, *hb = NULL;
	struct mlevel *hla = NULL, *hlb = NULL;
	struct mver va, vb;
	int r;

	if (strcmp(a, b) == 0) {
		*ret_cmp = 0;
		return 0;
	}
	r = mbuild(&va, a, ia, la, VG_VER_MAVEN_STACK_ITEMS);
	if (r == -E2BIG) {
		/* every item takes at least one byte, plus a 0 for an empty one: n + 1 suffice */
		size_t cap = strlen(a) + 1;
		ha = malloc(cap * sizeof(*ha));
		hla = malloc((cap + 1) * sizeof(*hla));
		r = (ha && hla) ? mbuild(&va, a, ha, hla, cap) : -ENOMEM;
	}
	if (r < 0)
		goto out;
	r = mbuild(&vb, b, ib, lb, VG_VER_MAVEN_STACK_ITEMS);
	if (r == -E2BIG) {
		size_t cap = strlen(b) + 1;
		hb = malloc(cap * sizeof(*hb));
		hlb = malloc((cap + 1) * sizeof(*hlb));
		r = (hb && hlb) ? mbuild(&vb, b, hb, hlb, cap) : -ENOMEM;
	}
	if (r < 0)
		goto out;
	*ret_cmp = mcompare(&va, &vb);
	r = 0;
out:
	free(ha);
	free(hla);
	free(hb);
	free(hlb);
	return r;
}
