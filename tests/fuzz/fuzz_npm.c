/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_npm.c - the npm analyzer. The first byte picks the file kind: package-lock.json,
 * node_modules/.package-lock.json or an installed node_modules/<name>/package.json.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "pkgdb/pkgdb_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int r = 0;
	static const char *const paths[] = { "/app/package-lock.json", "/app/node_modules/.package-lock.json",
					     "/app/node_modules/x/package.json" };
	struct vg_inventory *inv = NULL;
	if (size < 1 || vg_inventory_new(&inv) < 0)
		return 0;
	r = vg_analyze_buffer(&vg_analyzer_npm, paths[data[0] % 3], data + 1, size - 1, inv, NULL);
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
