/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.c - vigil/version.h: the ecosystem -> scheme table and the dispatch to the
 * per-scheme comparisons in version_<scheme>.c.
 *
 * Ecosystems map by their base name (the part before the first ':'), compared ASCII
 * case-insensitively. The table lists only ecosystems whose package manager is known to
 * order versions with one of our schemes; everything else (Packagist, NuGet, RubyGems, Pub,
 * CRAN, Hackage, ...) is UNKNOWN: equality only.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "vulndb/version_internal.h"
#include "util/banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	enum vg_version_scheme scheme;
} ecosystems[] = {
	/* dpkg */
	{ "Debian", VG_VERSION_DPKG },
	{ "Ubuntu", VG_VERSION_DPKG },
	/* apk */
	{ "Alpine", VG_VERSION_APK },
	{ "Wolfi", VG_VERSION_APK },
	{ "Chainguard", VG_VERSION_APK },
	{ "MinimOS", VG_VERSION_APK },
	{ "Alpaquita", VG_VERSION_APK },
	/* rpm */
	{ "Red Hat", VG_VERSION_RPM },
	{ "Rocky Linux", VG_VERSION_RPM },
	{ "AlmaLinux", VG_VERSION_RPM },
	{ "openSUSE", VG_VERSION_RPM },
	{ "SUSE", VG_VERSION_RPM },
	{ "Mageia", VG_VERSION_RPM },
	{ "openEuler", VG_VERSION_RPM },
	{ "Photon OS", VG_VERSION_RPM },
	{ "Azure Linux", VG_VERSION_RPM },
	/* SemVer 2.0 */
	{ "Go", VG_VERSION_SEMVER },
	{ "npm", VG_VERSION_SEMVER },
	{ "crates.io", VG_VERSION_SEMVER },
	{ "Hex", VG_VERSION_SEMVER },
	{ "SwiftURL", VG_VERSION_SEMVER },
	/* others */
	{ "PyPI", VG_VERSION_PEP440 },
	{ "Maven", VG_VERSION_MAVEN },
};

enum vg_version_scheme vg_version_scheme_for(const char *ecosystem)
{
	if (!ecosystem)
		return VG_VERSION_UNKNOWN;
	const char *colon = strchr(ecosystem, ':');
	size_t n = colon ? (size_t)(colon - ecosystem) : strlen(ecosystem);
	for (size_t i = 0; i < NELEM(ecosystems); i++)
		if (strlen(ecosystems[i].name) == n && strncasecmp(ecosystems[i].name, ecosystem, n) == 0)
			return ecosystems[i].scheme;
	return VG_VERSION_UNKNOWN;
}

const char *vg_version_scheme_name(enum vg_version_scheme s)
{
	switch (s) {
	case VG_VERSION_UNKNOWN:
		return "unknown";
	case VG_VERSION_DPKG:
		return "dpkg";
	case VG_VERSION_APK:
		return "apk";
	case VG_VERSION_RPM:
		return "rpm";
	case VG_VERSION_SEMVER:
		return "semver";
	case VG_VERSION_PEP440:
		return "pep440";
	case VG_VERSION_MAVEN:
		return "maven";
	}
	return "unknown";
}

bool vg_version_valid(enum vg_version_scheme scheme, const char *v)
{
	if (!v)
		return false;
	switch (scheme) {
	case VG_VERSION_UNKNOWN:
	case VG_VERSION_MAVEN: /* ComparableVersion orders any string */
		return v[0] != '\0';
	case VG_VERSION_DPKG:
		return vg_ver_dpkg_valid(v);
	case VG_VERSION_APK:
		return vg_ver_apk_valid(v);
	case VG_VERSION_RPM:
		return vg_ver_rpm_valid(v);
	case VG_VERSION_SEMVER:
		return vg_ver_semver_valid(v);
	case VG_VERSION_PEP440:
		return vg_ver_pep440_valid(v);
	}
	return false;
}

int vg_version_compare(enum vg_version_scheme scheme, const char *a, const char *b, int *ret_cmp)
{
	int r, cmp;

	if (!a || !b || !ret_cmp)
		return -EINVAL;
	switch (scheme) {
	case VG_VERSION_UNKNOWN:
		/* only equality means something; unequal strings get byte order so that the
		 * result is still a total order */
		if (!a[0] || !b[0])
			return -EINVAL;
		cmp = vg_ver_sign(strcmp(a, b));
		break;
	case VG_VERSION_DPKG:
		cmp = vg_ver_dpkg_cmp(a, b);
		break;
	case VG_VERSION_APK:
		cmp = vg_ver_apk_cmp(a, b);
		break;
	case VG_VERSION_RPM:
		cmp = vg_ver_rpm_cmp(a, b);
		break;
	case VG_VERSION_SEMVER:
		r = vg_ver_semver_cmp(a, b, &cmp);
		if (r < 0)
			return r;
		break;
	case VG_VERSION_PEP440:
		cmp = vg_ver_pep440_cmp(a, b);
		break;
	case VG_VERSION_MAVEN:
		r = vg_ver_maven_cmp(a, b, &cmp);
		if (r < 0)
			return r;
		break;
	default:
		return -EINVAL;
	}
	*ret_cmp = cmp;
	return 0;
}
