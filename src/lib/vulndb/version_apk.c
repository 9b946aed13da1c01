/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_apk.c - Alpine versions as apk-tools orders them: apk-tools 3's rules (semantics of
 * apk-tools src/version.c, checked against its test/unit/version.data) for versions valid in
 * apk 3, apk-tools 2.x's for pairs involving one that is not (below).
 *
 * Grammar: digit{.digit}...{letter}{_suffix{digit}}...{~hash}{-r#}. The string is read as a
 * sequence of tokens; each token type may only follow certain others:
 *
 *   initial digits, .digits, a letter [a-z], _suffix (alpha beta pre rc | cvs svn git hg p),
 *   suffix number, ~commit hash (lower-case hex), -r revision number
 *
 * Two versions compare token by token while both have a token of the same type: numbers
 * numerically (a non-initial .digits run with a leading zero in either version compares as a
 * string instead), letters and suffixes by rank, hashes as strings. When the types differ
 * (or a version ends or turns invalid) the version whose next token is a pre-release suffix
 * is lower; otherwise the version with the token type earlier in the list above is higher
 * (end of string and invalid come last: "1.0" < "1.0.1", "1.0_rc1" < "1.0").
 *
 * Invalid versions: apk 3 compares them only up to their first invalid token (then by token
 * type), which leaves e.g. "6.0.2p1-r0" and "6.0.2p1-r1" equal - real versions from Alpine's
 * security database, which every released Alpine branch orders with apk-tools 2.x, whose
 * tokenizer allows a digit after the letter and a non-digit after a dot. So when either
 * version is invalid for apk 3, the pair is compared as apk-tools 2.x compares it (its
 * get_token()/next_token() rules: leading zeros of a dotted component count as a negative
 * value, an unknown suffix or character is an invalid token that sorts above the end).
 * Numbers compare exactly at any length where apk wraps at 2^64 (2.x: overflows an int).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

enum {
	T_INITIAL_DIGIT,
	T_DIGIT,
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_COMMIT_HASH,
	T_REVISION_NO,
	T_END,
	T_INVALID,
};

/* suffix ranks: pre-release ones below S_NONE, post-release ones above */
enum {
	S_INVALID,
	S_ALPHA,
	S_BETA,
	S_PRE,
	S_RC,
	S_NONE,
	S_CVS,
	S_SVN,
	S_GIT,
	S_HG,
	S_P,
};

struct apk_tok {
	int token;
	int suffix;
	const char *val; /* the token's text */
	size_t vlen;
	const char *p; /* the rest of the string */
	size_t n;
};

static int suffix_value(const char *s, size_t n)
{
	static const char *const names[] = {
		[S_ALPHA] = "alpha", [S_BETA] = "beta", [S_PRE] = "pre", [S_RC] = "rc",
		[S_CVS] = "cvs",     [S_SVN] = "svn",   [S_GIT] = "git", [S_HG] = "hg",
		[S_P] = "p",
	};
	int v;

	if (n == 0)
		return S_INVALID;
	switch (s[0]) {
	case 'a': v = S_ALPHA; break;
	case 'b': v = S_BETA; break;
	case 'c': v = S_CVS; break;
	case 'g': v = S_GIT; break;
	case 'h': v = S_HG; break;
	case 'p': v = n > 1 ? S_PRE : S_P; break;
	case 'r': v = S_RC; break;
	case 's': v = S_SVN; break;
	default: return S_INVALID;
	}
	if (strlen(names[v]) != n || memcmp(names[v], s, n) != 0)
		return S_INVALID;
	return v;
}

static void take_digits(struct apk_tok *t)
{
	size_t i = 0;
	while (i < t->n && vg_ver_isdigit((unsigned char)t->p[i]))
		i++;
	t->val = t->p;
	t->vlen = i;
	t->p += i;
	t->n -= i;
	if (i == 0)
		t->token = T_INVALID;
}

static void tok_first(struct apk_tok *t, const char *s)
{
	t->p = s;
	t->n = strlen(s);
	t->suffix = S_INVALID;
	t->token = T_INITIAL_DIGIT;
	take_digits(t);
}

static void tok_next(struct apk_tok *t)
{
	size_t i;

	if (t->n == 0) {
		t->token = T_END;
		return;
	}
	switch (t->p[0]) {
	case 'a' ... 'z':
		if (t->token > T_DIGIT)
			goto invalid;
		t->val = t->p;
		t->vlen = 1;
		t->token = T_LETTER;
		t->p++, t->n--;
		return;
	case '.':
		if (t->token > T_DIGIT)
			goto invalid;
		t->p++, t->n--;
		__attribute__((fallthrough)); /* the number after the dot */
	case '0' ... '9':
		switch (t->token) {
		case T_INITIAL_DIGIT:
		case T_DIGIT:
			t->token = T_DIGIT;
			break;
		case T_SUFFIX:
			t->token = T_SUFFIX_NO;
			break;
		default:
			goto invalid;
		}
		take_digits(t);
		return;
	case '_':
		if (t->token > T_SUFFIX_NO)
			goto invalid;
		t->p++, t->n--;
		for (i = 0; i < t->n && vg_ver_islower((unsigned char)t->p[i]); i++)
			;
		t->val = t->p;
		t->vlen = i;
		t->p += i, t->n -= i;
		t->suffix = suffix_value(t->val, t->vlen);
		if (t->suffix == S_INVALID)
			goto invalid;
		t->token = T_SUFFIX;
		return;
	case '~':
		if (t->token >= T_COMMIT_HASH)
			goto invalid;
		t->p++, t->n--;
		for (i = 0; i < t->n && (vg_ver_isdigit((unsigned char)t->p[i]) ||
					 (t->p[i] >= 'a' && t->p[i] <= 'f')); i++)
			;
		if (i == 0)
			goto invalid;
		t->val = t->p;
		t->vlen = i;
		t->p += i, t->n -= i;
		t->token = T_COMMIT_HASH;
		return;
	case '-':
		if (t->token >= T_REVISION_NO)
			goto invalid;
		if (t->n < 2 || t->p[1] != 'r')
			goto invalid;
		t->p += 2, t->n -= 2;
		t->token = T_REVISION_NO;
		take_digits(t);
		return;
	default:
		break;
	}
invalid:
	t->token = T_INVALID;
}

/* Two tokens of the same type. */
static int tok_cmp(const struct apk_tok *a, const struct apk_tok *b)
{
	switch (a->token) {
	case T_DIGIT:
		/* a leading zero in either: string comparison, as Gentoo does */
		if (a->val[0] == '0' || b->val[0] == '0')
			return vg_ver_bytes_cmp(a->val, a->vlen, b->val, b->vlen);
		__attribute__((fallthrough));
	case T_INITIAL_DIGIT:
	case T_SUFFIX_NO:
	case T_REVISION_NO:
		return vg_ver_digits_cmp(a->val, a->vlen, b->val, b->vlen);
	case T_LETTER:
		return a->val[0] == b->val[0] ? 0 : ((unsigned char)a->val[0] < (unsigned char)b->val[0] ? -1 : 1);
	case T_SUFFIX:
		return a->suffix == b->suffix ? 0 : (a->suffix < b->suffix ? -1 : 1);
	default:
		return vg_ver_bytes_cmp(a->val, a->vlen, b->val, b->vlen);
	}
}

/* Tokenize the rest: whether the version is valid (ends without an invalid token). */
static bool tok_finish(struct apk_tok *t)
{
	while (t->token < T_END)
		tok_next(t);
	return t->token == T_END;
}

/* apk 3's comparison; *ret_valid tells whether both versions are valid (if not, the result
 * is not used). */
static int apk3_cmp(const char *a, const char *b, bool fuzzy, bool *ret_valid)
{
	struct apk_tok ta, tb;
	int r = 0;

	tok_first(&ta, a);
	tok_first(&tb, b);
	while (ta.token == tb.token && ta.token < T_END) {
		r = tok_cmp(&ta, &tb);
		if (r)
			goto out;
		tok_next(&ta);
		tok_next(&tb);
	}
	/* both ended, or both turned invalid at the same place; or @b is a prefix of @a */
	if (ta.token == tb.token || (tb.token == T_END && fuzzy))
		r = 0;
	/* equal so far: the longer version is higher unless it continues with a pre-release */
	else if (ta.token == T_SUFFIX && ta.suffix < S_NONE)
		r = -1;
	else if (tb.token == T_SUFFIX && tb.suffix < S_NONE)
		r = 1;
	else
		r = ta.token > tb.token ? -1 : 1;
out:
	*ret_valid = tok_finish(&ta) && tok_finish(&tb);
	return r;
}

/* ---- apk-tools 2.x, for versions apk 3 rejects ------------------------------------------ */

enum {
	V2_INVALID = -1,
	V2_DIGIT_OR_ZERO,
	V2_DIGIT,
	V2_LETTER,
	V2_SUFFIX,
	V2_SUFFIX_NO,
	V2_REVISION_NO,
	V2_END,
};

/* A token value: a small integer (letters, suffix ranks, 0, -1), a run of digits, or minus the
 * number of leading zeros of a dotted component. */
enum { VAL_SMALL, VAL_DIGITS, VAL_ZEROS };

struct v2val {
	int cls;
	long small;
	const char *d;
	size_t dn;
	size_t zeros;
};

struct v2blob {
	const char *p;
	size_t n;
};

static bool v2_negative(const struct v2val *v)
{
	return v->cls == VAL_ZEROS || (v->cls == VAL_SMALL && v->small < 0);
}

static int v2val_cmp(const struct v2val *a, const struct v2val *b)
{
	bool na = v2_negative(a), nb = v2_negative(b);

	if (na != nb)
		return na ? -1 : 1;
	if (na) {
		/* both negative: the larger magnitude is lower */
		size_t ma = a->cls == VAL_ZEROS ? a->zeros : (size_t)-a->small;
		size_t mb = b->cls == VAL_ZEROS ? b->zeros : (size_t)-b->small;
		return ma == mb ? 0 : (ma > mb ? -1 : 1);
	}
	if (a->cls == VAL_SMALL && b->cls == VAL_SMALL)
		return a->small == b->small ? 0 : (a->small < b->small ? -1 : 1);
	/* a digit run against a digit run or a small non-negative number */
	char ba[24], bb[24];
	const char *da = a->d, *db = b->d;
	size_t dna = a->dn, dnb = b->dn;
	if (a->cls == VAL_SMALL) {
		dna = (size_t)snprintf(ba, sizeof(ba), "%ld", a->small);
		da = ba;
	}
	if (b->cls == VAL_SMALL) {
		dnb = (size_t)snprintf(bb, sizeof(bb), "%ld", b->small);
		db = bb;
	}
	return vg_ver_digits_cmp(da, dna, db, dnb);
}

static void v2_next_token(int *type, struct v2blob *b)
{
	int n = V2_INVALID;
	int c = b->n ? (unsigned char)b->p[0] : 0;

	if (b->n == 0) {
		n = V2_END;
	} else if ((*type == V2_DIGIT || *type == V2_DIGIT_OR_ZERO) && vg_ver_islower(c)) {
		n = V2_LETTER;
	} else if (*type == V2_LETTER && vg_ver_isdigit(c)) {
		n = V2_DIGIT;
	} else if (*type == V2_SUFFIX && vg_ver_isdigit(c)) {
		n = V2_SUFFIX_NO;
	} else {
		switch (c) {
		case '.':
			n = V2_DIGIT_OR_ZERO;
			break;
		case '_':
			n = V2_SUFFIX;
			break;
		case '-':
			if (b->n > 1 && b->p[1] == 'r') {
				n = V2_REVISION_NO;
				b->p++, b->n--;
			}
			break;
		}
		b->p++, b->n--;
	}
	/* only these steps back are allowed: 1.2 (digit -> dot), _p1_rc (number -> suffix),
	 * 2a3 (letter -> digit) */
	if (n < *type && !((n == V2_DIGIT_OR_ZERO && *type == V2_DIGIT) ||
			   (n == V2_SUFFIX && *type == V2_SUFFIX_NO) || (n == V2_DIGIT && *type == V2_LETTER)))
		n = V2_INVALID;
	*type = n;
}

static struct v2val v2_get_token(int *type, struct v2blob *b)
{
	static const char *const pre[] = { "alpha", "beta", "pre", "rc" };
	static const char *const post[] = { "cvs", "svn", "git", "hg", "p" };
	struct v2val v = { .cls = VAL_SMALL };
	size_t i = 0;
	int nt = V2_INVALID;

	if (b->n == 0) {
		*type = V2_END;
		return v;
	}
	switch (*type) {
	case V2_DIGIT_OR_ZERO:
		/* leading zeros: minus their count, then the rest as a number of its own */
		if (b->p[0] == '0') {
			while (i < b->n && b->p[i] == '0')
				i++;
			nt = V2_DIGIT;
			v.cls = VAL_ZEROS;
			v.zeros = i;
			break;
		}
		__attribute__((fallthrough));
	case V2_DIGIT:
	case V2_SUFFIX_NO:
	case V2_REVISION_NO:
		while (i < b->n && vg_ver_isdigit((unsigned char)b->p[i]))
			i++;
		v.cls = VAL_DIGITS;
		v.d = b->p;
		v.dn = i;
		break;
	case V2_LETTER:
		v.small = (unsigned char)b->p[i++];
		break;
	case V2_SUFFIX: {
		/* a known suffix as a prefix: pre-release ones negative */
		size_t k;
		for (k = 0; k < sizeof(pre) / sizeof(pre[0]); k++) {
			size_t l = strlen(pre[k]);
			if (l <= b->n && memcmp(pre[k], b->p, l) == 0) {
				v.small = (long)k - 4;
				i = l;
				break;
			}
		}
		if (k < sizeof(pre) / sizeof(pre[0]))
			break;
		for (k = 0; k < sizeof(post) / sizeof(post[0]); k++) {
			size_t l = strlen(post[k]);
			if (l <= b->n && memcmp(post[k], b->p, l) == 0) {
				v.small = (long)k;
				i = l;
				break;
			}
		}
		if (k < sizeof(post) / sizeof(post[0]))
			break;
		*type = V2_INVALID;
		v.small = -1;
		return v;
	}
	default:
		*type = V2_INVALID;
		v.small = -1;
		return v;
	}
	b->p += i;
	b->n -= i;
	if (b->n == 0)
		*type = V2_END;
	else if (nt != V2_INVALID)
		*type = nt;
	else
		v2_next_token(type, b);
	return v;
}

static int apk2_cmp(const char *a, const char *b, bool fuzzy)
{
	struct v2blob ba = { a, strlen(a) }, bb = { b, strlen(b) }, tmp;
	struct v2val av = { .cls = VAL_SMALL }, bv = { .cls = VAL_SMALL }, tv;
	int at = V2_DIGIT, bt = V2_DIGIT, tt, r;

	while (at == bt && at != V2_END && at != V2_INVALID && v2val_cmp(&av, &bv) == 0) {
		av = v2_get_token(&at, &ba);
		bv = v2_get_token(&bt, &bb);
	}
	r = v2val_cmp(&av, &bv);
	if (r)
		return r;
	if (at == bt || fuzzy)
		return 0;
	/* equal so far: the longer version is higher unless it continues with a pre-release
	 * (or unknown) suffix; then by token type, invalid (-1) sorting above the end */
	tt = at, tmp = ba;
	if (at == V2_SUFFIX) {
		tv = v2_get_token(&tt, &tmp);
		if (v2_negative(&tv))
			return -1;
	}
	tt = bt, tmp = bb;
	if (bt == V2_SUFFIX) {
		tv = v2_get_token(&tt, &tmp);
		if (v2_negative(&tv))
			return 1;
	}
	return at > bt ? -1 : 1;
}

/* ---- entry points ------------------------------------------------------------------------ */

int vg_ver_apk_cmp_fuzzy(const char *a, const char *b, bool fuzzy)
{
	bool valid;
	int r = apk3_cmp(a, b, fuzzy, &valid);
	return valid ? r : apk2_cmp(a, b, fuzzy);
}

int vg_ver_apk_cmp(const char *a, const char *b)
{
	return vg_ver_apk_cmp_fuzzy(a, b, false);
}

bool vg_ver_apk_valid(const char *v)
{
	struct apk_tok t;

	tok_first(&t, v);
	return tok_finish(&t);
}
