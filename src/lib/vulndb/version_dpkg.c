/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_dpkg.c - Debian versions as `dpkg --compare-versions` orders them (deb-version(7);
 * semantics of dpkg's lib/dpkg/version.c and parseversion(), written from the documented
 * behaviour and checked against dpkg 1.21).
 *
 * [epoch:]upstream[-revision]: blanks around the version are ignored; the epoch is the part
 * before the first ':' (a number, default 0), the revision the part after the last '-'
 * (default empty, which equals "0"). Epochs compare numerically, upstream and revision with
 * verrevcmp(): alternate non-digit and digit runs; non-digits compare byte by byte with '~'
 * before the end of the part, the end before letters, letters before everything else; digit
 * runs compare numerically (of any length).
 *
 * Bytes >= 0x80 order as dpkg on amd64 orders them (plain char is signed there: after the
 * letters, before ASCII punctuation).
 *
 * Strings dpkg rejects (empty epoch, epoch not a number, embedded blanks, nothing after the
 * colon, empty revision) still compare: a bad epoch leaves the whole string as upstream
 * version, an empty part compares as empty. vg_ver_dpkg_valid() is false for them and for the
 * strings dpkg only warns about (upstream not starting with a digit, invalid characters).
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

struct dpkg_view {
	const char *ep; /* epoch digits (empty: 0) */
	size_t epn;
	const char *up; /* upstream version */
	size_t upn;
	const char *rv; /* revision (empty: none) */
	size_t rvn;
};

static bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Split @s as parseversion() does; with @check, returns whether dpkg accepts it without error
 * or warning (without, the return value means nothing: comparisons skip the checks). */
static bool dpkg_parse(const char *s, struct dpkg_view *v, bool check)
{
	bool ok = true;
	size_t n;

	while (is_blank((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		ok = false; /* "version string is empty" (compares as the blank version) */
	for (size_t i = 0; check && i < n; i++)
		if (is_blank((unsigned char)s[i])) {
			ok = false; /* embedded spaces */
			break;
		}

	v->ep = s;
	v->epn = 0;
	const char *p = s, *e = s + n;
	const char *colon = memchr(s, ':', n);
	if (colon) {
		/* strtol(): leading white space, a sign, digits - which must end at the colon */
		const char *q = s;
		bool neg = false;
		while (q < colon && is_space((unsigned char)*q))
			q++;
		if (q < colon && (*q == '+' || *q == '-'))
			neg = *q++ == '-';
		const char *d = q;
		while (q < colon && vg_ver_isdigit((unsigned char)*q))
			q++;
		bool nonzero = false;
		for (const char *z = d; z < q; z++)
			nonzero |= *z != '0';
		if (q == d || q != colon || (neg && nonzero)) {
			ok = false; /* epoch empty, not a number or negative: keep it all as upstream */
		} else {
			v->ep = d;
			v->epn = (size_t)(q - d);
			if (vg_ver_digits_cmp(d, v->epn, "2147483647", 10) > 0)
				ok = false; /* "epoch in version is too big" */
			p = colon + 1;
			if (p == e)
				ok = false; /* "nothing after colon in version number" */
		}
	}

	const char *hyphen = NULL;
	for (const char *q = e; q > p; q--)
		if (q[-1] == '-') {
			hyphen = q - 1;
			break;
		}
	v->up = p;
	if (hyphen) {
		v->upn = (size_t)(hyphen - p);
		v->rv = hyphen + 1;
		v->rvn = (size_t)(e - v->rv);
		if (v->rvn == 0)
			ok = false; /* "revision number is empty" */
	} else {
		v->upn = (size_t)(e - p);
		v->rv = e;
		v->rvn = 0;
	}

	if (!check)
		return ok;
	if (v->upn == 0 || !vg_ver_isdigit((unsigned char)v->up[0]))
		ok = false;
	for (size_t i = 0; ok && i < v->upn; i++) {
		int c = (unsigned char)v->up[i];
		if (!vg_ver_isalnum(c) && !strchr(".-+~:", c))
			ok = false;
	}
	for (size_t i = 0; ok && i < v->rvn; i++) {
		int c = (unsigned char)v->rv[i];
		if (!vg_ver_isalnum(c) && !strchr(".+~", c))
			ok = false;
	}
	return ok;
}

/* The weight of a non-digit byte in verrevcmp(). */
static int dpkg_order(int c)
{
	if (vg_ver_isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c >= 0x80)
		return c; /* (signed char)c + 256 */
	return c + 256;
}

static int verrevcmp(const char *a, size_t an, const char *b, size_t bn)
{
	const char *ae = a + an, *be = b + bn;

	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !vg_ver_isdigit((unsigned char)*a)) ||
		       (b < be && !vg_ver_isdigit((unsigned char)*b))) {
			/* a digit or the end weighs 0 */
			int ac = (a < ae && !vg_ver_isdigit((unsigned char)*a)) ? dpkg_order((unsigned char)*a) : 0;
			int bc = (b < be && !vg_ver_isdigit((unsigned char)*b)) ? dpkg_order((unsigned char)*b) : 0;
			if (ac != bc)
				return ac < bc ? -1 : 1;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && b < be && vg_ver_isdigit((unsigned char)*a) && vg_ver_isdigit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < ae && vg_ver_isdigit((unsigned char)*a))
			return 1;
		if (b < be && vg_ver_isdigit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff < 0 ? -1 : 1;
	}
	return 0;
}

int vg_ver_dpkg_cmp(const char *a, const char *b)
{
	struct dpkg_view va, vb;
	int r;

	(void)dpkg_parse(a, &va, false);
	(void)dpkg_parse(b, &vb, false);
	r = vg_ver_digits_cmp(va.ep, va.epn, vb.ep, vb.epn);
	if (r)
		return r;
	r = verrevcmp(va.up, va.upn, vb.up, vb.upn);
	if (r)
		return r;
	return verrevcmp(va.rv, va.rvn, vb.rv, vb.rvn);
}

bool vg_ver_dpkg_valid(const char *v)
{
	struct dpkg_view dv;
	return dpkg_parse(v, &dv, true);
}
