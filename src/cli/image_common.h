/* SPDX-License-Identifier: Apache-2.0 */
#ifndef VG_CLI_IMAGE_COMMON_H
#define VG_CLI_IMAGE_COMMON_H

#include <time.h>

#include "cli/cli.h"
#include "vigil/image.h"
#include "vigil/pkg.h"
#include "vigil/sbom.h"

/* Open @path as an image/rootfs (or read it as an SBOM when @is_sbom) and build its inventory.
 * Prints errors itself. *ret_img is NULL for an SBOM. */
int vg_cli_load_inventory(const char *path, const char *ref, bool is_sbom, bool progress,
			  struct vg_image **ret_img, struct vg_inventory **ret_inv);
/* The SBOM subject for an image (or a path), with SOURCE_DATE_EPOCH honoured. */
void vg_cli_sbom_subject(const struct vg_image *img, const char *path,
			 struct vg_sbom_subject *ret);

#endif
