/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_python.c - the Python analyzer (core metadata headers: METADATA, PKG-INFO). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "pkgdb/pkgdb_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int r = 0;
	struct vg_inventory *inv = NULL;
	if (vg_inventory_new(&inv) < 0)
		return 0;
	r = vg_analyze_buffer(&vg_analyzer_python,
				"/usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA", data, size, inv,
				NULL);
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
