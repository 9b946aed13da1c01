/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_dpkg.c - the dpkg analyzer. The first byte picks the layout (status, distroless
 * status.d, opkg), which changes how a missing Status is treated.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "pkgdb/pkgdb_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int r = 0;
	static const char *const paths[] = { "/var/lib/dpkg/status", "/var/lib/dpkg/status.d/pkg",
					     "/usr/lib/opkg/status" };
	struct vg_inventory *inv = NULL;
	if (size < 1 || vg_inventory_new(&inv) < 0)
		return 0;
	r = vg_analyze_buffer(&vg_analyzer_dpkg, paths[data[0] % 3], data + 1, size - 1, inv, NULL);
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
