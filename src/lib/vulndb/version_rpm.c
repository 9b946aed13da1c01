/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_rpm.c - RPM versions as rpm orders them: rpmvercmp() on epoch, version and release
 * (semantics of rpm's rpmio/rpmvercmp.c and parseEVR(), checked against python3-rpm 4.18
 * labelCompare).
 *
 * [epoch:]version[-release]: the epoch is a leading run of digits followed by ':' (missing or
 * empty: 0; "a:1" has no epoch, its version is "a:1"), the release is what follows the last
 * '-'. rpmvercmp() skips separators (anything but ASCII letters, digits, '~' and '^'),
 * compares numeric runs numerically and alphabetic runs with strcmp, a numeric run beating an
 * alphabetic one; '~' sorts before everything including the end, '^' after the end but before
 * any further segment.
 *
 * A version without a release sorts before the same version with one (rpm itself skips the
 * release comparison when one side has none, which is not an order; "1 < 1-0 < 1-1").
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

struct rpm_view {
	const char *e; /* epoch digits; empty: 0 */
	size_t en;
	const char *v;
	size_t vn;
	const char *r; /* release, NULL when there is no '-' */
	size_t rn;
};

static void rpm_parse(const char *s, struct rpm_view *o)
{
	size_t n = strlen(s), i = 0;

	while (i < n && vg_ver_isdigit((unsigned char)s[i]))
		i++;
	o->e = s;
	o->en = 0;
	o->v = s;
	if (i < n && s[i] == ':') {
		o->en = i;
		o->v = s + i + 1;
	}
	const char *end = s + n;
	o->r = NULL;
	o->rn = 0;
	for (const char *q = end; q > o->v; q--)
		if (q[-1] == '-') {
			o->r = q;
			o->rn = (size_t)(end - q);
			end = q - 1;
			break;
		}
	o->vn = (size_t)(end - o->v);
}

static bool rpm_sep(int c)
{
	return !vg_ver_isalnum(c) && c != '~' && c != '^';
}

int vg_ver_rpmvercmp(const char *a, size_t an, const char *b, size_t bn)
{
	const char *one = a, *ae = a + an, *two = b, *be = b + bn;

	if (an == bn && memcmp(a, b, an) == 0)
		return 0;
	while (one < ae || two < be) {
		while (one < ae && rpm_sep((unsigned char)*one))
			one++;
		while (two < be && rpm_sep((unsigned char)*two))
			two++;
		bool oend = one == ae, tend = two == be;

		/* '~' sorts before everything else, even the end */
		if ((!oend && *one == '~') || (!tend && *two == '~')) {
			if (oend || *one != '~')
				return 1;
			if (tend || *two != '~')
				return -1;
			one++, two++;
			continue;
		}
		/* '^' sorts after the end, before anything else */
		if ((!oend && *one == '^') || (!tend && *two == '^')) {
			if (oend)
				return -1;
			if (tend)
				return 1;
			if (*one != '^')
				return 1;
			if (*two != '^')
				return -1;
			one++, two++;
			continue;
		}
		if (oend || tend)
			break;

		const char *s1 = one, *s2 = two;
		bool isnum = vg_ver_isdigit((unsigned char)*s1);
		if (isnum) {
			while (s1 < ae && vg_ver_isdigit((unsigned char)*s1))
				s1++;
			while (s2 < be && vg_ver_isdigit((unsigned char)*s2))
				s2++;
		} else {
			while (s1 < ae && vg_ver_isalpha((unsigned char)*s1))
				s1++;
			while (s2 < be && vg_ver_isalpha((unsigned char)*s2))
				s2++;
		}
		/* segments of different types: numeric is newer */
		if (s2 == two)
			return isnum ? 1 : -1;
		int r = isnum ? vg_ver_digits_cmp(one, (size_t)(s1 - one), two, (size_t)(s2 - two))
			      : vg_ver_bytes_cmp(one, (size_t)(s1 - one), two, (size_t)(s2 - two));
		if (r)
			return r;
		one = s1;
		two = s2;
	}
	if (one == ae && two == be)
		return 0;
	return one == ae ? -1 : 1;
}

int vg_ver_rpm_cmp(const char *a, const char *b)
{
	struct rpm_view va, vb;
	int r;

	rpm_parse(a, &va);
	rpm_parse(b, &vb);
	r = vg_ver_digits_cmp(va.e, va.en, vb.e, vb.en);
	if (r)
		return r;
	r = vg_ver_rpmvercmp(va.v, va.vn, vb.v, vb.vn);
	if (r)
		return r;
	if (va.r && vb.r)
		return vg_ver_rpmvercmp(va.r, va.rn, vb.r, vb.rn);
	if (!va.r && !vb.r)
		return 0;
	return va.r ? 1 : -1;
}

static bool rpm_chars_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (!vg_ver_isalnum(c) && !strchr("._+~^", c))
			return false;
	}
	return true;
}

bool vg_ver_rpm_valid(const char *v)
{
	struct rpm_view rv;

	rpm_parse(v, &rv);
	if (rv.vn == 0 || !rpm_chars_ok(rv.v, rv.vn))
		return false;
	if (rv.r && (rv.rn == 0 || !rpm_chars_ok(rv.r, rv.rn)))
		return false;
	return true;
}
