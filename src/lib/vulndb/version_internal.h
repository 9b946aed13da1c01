/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vulndb/version_internal.h - private pieces of vigil/version.h: one comparison function per
 * scheme (version_<scheme>.c) and the helpers they share.
 *
 * Every comparison works on the caller's strings as (pointer, length) views: no copies, no
 * allocation (Maven falls back to the heap only for versions of more than
 * VG_VER_MAVEN_STACK_ITEMS components), work linear in the input, and no read past the
 * terminating NUL. Digit runs of any length compare numerically without conversion: leading
 * zeros are skipped, then the longer run wins, then the bytes decide.
 *
 * The *_cmp functions return -1, 0 or 1.
 */
#ifndef VG_VULNDB_VERSION_INTERNAL_H
#define VG_VULNDB_VERSION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vigil/version.h"

/* ---- shared helpers --------------------------------------------------------------------- */

static inline bool vg_ver_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool vg_ver_islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool vg_ver_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool vg_ver_isalnum(int c)
{
	return vg_ver_isdigit(c) || vg_ver_isalpha(c);
}

/* ASCII-only lower case (the locale never matters). */
static inline int vg_ver_tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline int vg_ver_sign(long v)
{
	return (v > 0) - (v < 0);
}

/* Compare two runs of ASCII digits numerically, whatever their length. */
static inline int vg_ver_digits_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	while (an > 0 && *a == '0')
		a++, an--;
	while (bn > 0 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	return an ? vg_ver_sign(memcmp(a, b, an)) : 0;
}

/* Byte-wise comparison of two views, a proper prefix sorting first. */
static inline int vg_ver_bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);
	if (r)
		return vg_ver_sign(r);
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

/* ---- dpkg: deb-version(7), lib/dpkg/version.c + parseversion() ------------------------- */

int vg_ver_dpkg_cmp(const char *a, const char *b);
bool vg_ver_dpkg_valid(const char *v);

/* ---- apk: apk-tools 3 src/version.c ---------------------------------------------------- */

int vg_ver_apk_cmp(const char *a, const char *b);
/*
 * apk_version_compare_fuzzy(): as vg_ver_apk_cmp(), but with @fuzzy a version that has @b as
 * its leading components compares equal ("3.6.9" ~ "3.6"). Needed to evaluate apk's "~"
 * dependency operators (and the fuzzy lines of apk-tools' test vectors).
 */
int vg_ver_apk_cmp_fuzzy(const char *a, const char *b, bool fuzzy);
bool vg_ver_apk_valid(const char *v);

/* ---- rpm: rpmvercmp() over [epoch:]version[-release] ----------------------------------- */

int vg_ver_rpm_cmp(const char *a, const char *b);
bool vg_ver_rpm_valid(const char *v);
/* rpmvercmp() itself on two views (exposed for tests). */
int vg_ver_rpmvercmp(const char *a, size_t an, const char *b, size_t bn);

/* ---- SemVer 2.0 (+ Go "v" prefix) ------------------------------------------------------ */

/* 0 and *ret_cmp, or -EINVAL when either string is not a valid version. */
int vg_ver_semver_cmp(const char *a, const char *b, int *ret_cmp);
bool vg_ver_semver_valid(const char *v);

/* ---- PEP 440 (packaging.version, with LegacyVersion) ----------------------------------- */

int vg_ver_pep440_cmp(const char *a, const char *b);
bool vg_ver_pep440_valid(const char *v);

/* ---- Maven ComparableVersion ----------------------------------------------------------- */

/* Components kept on the stack per version; longer versions use the heap. */
#define VG_VER_MAVEN_STACK_ITEMS 48

/* 0 and *ret_cmp, or -ENOMEM (only for versions longer than the stack buffer). */
int vg_ver_maven_cmp(const char *a, const char *b, int *ret_cmp);

#endif
