/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/version.h - version comparison per ecosystem, as each ecosystem's own tools order
 * versions: dpkg (deb-version(7)), apk (apk-tools), rpm (rpmvercmp + epoch/release), SemVer 2.0
 * (Go with an optional "v" prefix, npm, crates.io), PEP 440 (PyPI, with legacy versions sorting
 * first), Maven (ComparableVersion).
 */
#ifndef VIGIL_VERSION_H
#define VIGIL_VERSION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vg_version_scheme {
	VG_VERSION_UNKNOWN = 0, /* no ordering known: only equality */
	VG_VERSION_DPKG,
	VG_VERSION_APK,
	VG_VERSION_RPM,
	VG_VERSION_SEMVER,
	VG_VERSION_PEP440,
	VG_VERSION_MAVEN,
};

/* The scheme for an OSV ecosystem string ("Debian:12" -> DPKG, "Alpine:v3.18" -> APK,
 * "Red Hat:...", "Rocky Linux:9", "AlmaLinux:9", "openSUSE..." -> RPM, "Go", "npm",
 * "crates.io" -> SEMVER, "PyPI" -> PEP440, "Maven" -> MAVEN, else UNKNOWN). */
VG_EXPORT enum vg_version_scheme vg_version_scheme_for(const char *ecosystem);
VG_EXPORT const char *vg_version_scheme_name(enum vg_version_scheme s);

/* Whether @v is a valid version in @scheme (UNKNOWN: any non-empty string). */
VG_EXPORT bool vg_version_valid(enum vg_version_scheme scheme, const char *v);

/*
 * Compare @a and @b in @scheme: *ret_cmp < 0, 0, > 0. Returns 0, or -EINVAL when either is not
 * a valid version for the scheme and the scheme has no fallback (SemVer). dpkg/rpm/apk/PEP 440
 * order every string as their tools do: apk pairs that apk-tools 3 rejects (real Alpine versions
 * such as 6.0.2p1-r0) follow apk-tools 2.x, which released Alpine branches run; PEP 440
 * "legacy" versions sort before every valid one.
 */
VG_EXPORT VG_WUR int vg_version_compare(enum vg_version_scheme scheme, const char *a, const char *b,
					int *ret_cmp);

#ifdef __cplusplus
}
#endif
#endif
