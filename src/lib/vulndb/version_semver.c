/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_semver.c - Semantic Versioning 2.0.0 precedence (semver.org section 11), as used by
 * Go modules, npm and crates.io.
 *
 * Accepted: an optional "v" (Go), MAJOR[.MINOR[.PATCH[.N...]]], an optional "-prerelease" and
 * an optional "+build", identifiers being non-empty runs of [0-9A-Za-z-] separated by dots.
 * Leniencies over the strict grammar, for the versions found in advisories: MINOR and PATCH may
 * be missing (0), numbers may have leading zeros (compared numerically), and numeric
 * components after PATCH compare like the others ("1.2.3.4" > "1.2.3"). Anything else is
 * invalid (-EINVAL).
 *
 * Precedence: the numeric components (any length, numerically); a version with a pre-release
 * is lower than the same version without; pre-releases compare identifier by identifier,
 * numeric ones numerically, alphanumeric ones by ASCII, numeric below alphanumeric, and a
 * prefix lower than the longer list. Build metadata is ignored. Go pseudo-versions
 * (v1.2.4-0.20191109021931-daa7c04131f5, v0.0.0-20191109021931-daa7c04131f5,
 * v1.2.3-pre.0.20191109021931-daa7c04131f5) order correctly under these rules, and
 * "+incompatible" is build metadata.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

struct sv {
	const char *core; /* "1.2.3" */
	size_t coren;
	const char *pre; /* "rc.1", NULL when none */
	size_t pren;
};

static bool ident_char(int c)
{
	return vg_ver_isalnum(c) || c == '-';
}

/* One or more dot-separated identifiers starting at @p; returns the end or NULL. */
static const char *idents(const char *p)
{
	for (;;) {
		if (!ident_char((unsigned char)*p))
			return NULL;
		while (ident_char((unsigned char)*p))
			p++;
		if (*p != '.')
			return p;
		p++;
	}
}

static bool sv_parse(const char *s, struct sv *o)
{
	const char *p;

	if (*s == 'v')
		s++;
	if (!vg_ver_isdigit((unsigned char)*s))
		return false;
	p = s;
	for (;;) {
		while (vg_ver_isdigit((unsigned char)*p))
			p++;
		if (p[0] == '.' && vg_ver_isdigit((unsigned char)p[1])) {
			p++;
			continue;
		}
		break;
	}
	o->core = s;
	o->coren = (size_t)(p - s);
	o->pre = NULL;
	o->pren = 0;
	if (*p == '-') {
		const char *e = idents(p + 1);
		if (!e)
			return false;
		o->pre = p + 1;
		o->pren = (size_t)(e - o->pre);
		p = e;
	}
	if (*p == '+') {
		p = idents(p + 1);
		if (!p)
			return false;
	}
	return *p == '\0';
}

/* The next '.'-separated field of [*p, e): its bounds; advances *p past the dot. */
static void field(const char **p, const char *e, const char **ret_s, size_t *ret_n)
{
	const char *s = *p, *q = s;
	while (q < e && *q != '.')
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
	return n > 0;
}

static int sv_cmp(const struct sv *a, const struct sv *b)
{
	const char *pa = a->core, *ea = a->core + a->coren;
	const char *pb = b->core, *eb = b->core + b->coren;
	const char *fa, *fb;
	size_t na, nb;
	int r;

	/* numeric components; a missing one is 0 */
	while (pa < ea || pb < eb) {
		fa = fb = "";
		na = nb = 0;
		if (pa < ea)
			field(&pa, ea, &fa, &na);
		if (pb < eb)
			field(&pb, eb, &fb, &nb);
		r = vg_ver_digits_cmp(fa, na, fb, nb);
		if (r)
			return r;
	}

	if (!a->pre || !b->pre)
		return a->pre ? -1 : (b->pre ? 1 : 0);
	pa = a->pre, ea = a->pre + a->pren;
	pb = b->pre, eb = b->pre + b->pren;
	while (pa < ea && pb < eb) {
		field(&pa, ea, &fa, &na);
		field(&pb, eb, &fb, &nb);
		bool da = all_digits(fa, na), db = all_digits(fb, nb);
		if (da && db)
			r = vg_ver_digits_cmp(fa, na, fb, nb);
		else if (da || db)
			r = da ? -1 : 1;
		else
			r = vg_ver_bytes_cmp(fa, na, fb, nb);
		if (r)
			return r;
	}
	if (pa < ea)
		return 1;
	if (pb < eb)
		return -1;
	return 0;
}

int vg_ver_semver_cmp(const char *a, const char *b, int *ret_cmp)
{
	struct sv va, vb;

	if (!sv_parse(a, &va) || !sv_parse(b, &vb))
		return -EINVAL;
	*ret_cmp = sv_cmp(&va, &vb);
	return 0;
}

bool vg_ver_semver_valid(const char *v)
{
	struct sv sv;
	return sv_parse(v, &sv);
}
