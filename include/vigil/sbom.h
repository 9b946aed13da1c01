/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/sbom.h - software bills of materials: CycloneDX 1.5/1.6 JSON and SPDX 2.3 JSON, written
 * from an inventory (valid against the official schemas) and read back into one (so that
 * `vigil image --sbom FILE` can scan an SBOM instead of an image).
 */
#ifndef VIGIL_SBOM_H
#define VIGIL_SBOM_H

#include <stdio.h>

#include "common.h"
#include "diag.h"
#include "pkg.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vg_sbom_format {
	VG_SBOM_CYCLONEDX_1_5 = 0,
	VG_SBOM_CYCLONEDX_1_6,
	VG_SBOM_SPDX_2_3,
};
/* "cyclonedx" (= 1.6), "cyclonedx-1.5", "cyclonedx-1.6", "spdx" (= 2.3), "spdx-2.3". */
VG_EXPORT VG_WUR int vg_sbom_format_parse(const char *s, enum vg_sbom_format *ret);

/* What the SBOM describes. */
struct vg_sbom_subject {
	const char *name;          /* image name ("vigil/bookworm:layered") or the rootfs path */
	const char *id;            /* image config digest "sha256:...", may be NULL */
	const char *kind;          /* "container" or "rootfs" */
	const char *tool_name, *tool_version;
	int64_t timestamp;         /* seconds since the epoch; the CLI honours SOURCE_DATE_EPOCH */
};

/* Write @inv as @fmt to @out. Output is deterministic for a given input and timestamp (serial
 * numbers and SPDX namespaces are derived from a hash of the content). 0 or -EIO/-ENOMEM. */
VG_EXPORT VG_WUR int vg_sbom_write(const struct vg_inventory *inv,
				   const struct vg_sbom_subject *subject, enum vg_sbom_format fmt,
				   FILE *out);

/* Read a CycloneDX (1.2-1.6) or SPDX 2.2/2.3 JSON document into a new inventory (packages from
 * components/packages with their purls; the OS from the operating-system component or the
 * purls' distro qualifier). -EBADMSG with @ret_diag naming file:line:column. */
VG_EXPORT VG_WUR int vg_sbom_read(const char *file, const char *buf, size_t len,
				  struct vg_inventory **ret_inv, struct vg_diag *ret_diag);

#ifdef __cplusplus
}
#endif
#endif
