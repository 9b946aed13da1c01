/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_rpm.c - one rpm header blob as stored in rpmdb.sqlite's Packages table (the SQLite
 * file format itself is SQLite's to fuzz; vigil opens it read-only in defensive mode).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int r = 0;
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;
	if (vg_inventory_new(&inv) < 0)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.file = "/var/lib/rpm/rpmdb.sqlite";
	r = vg_rpm_header_parse(&ctx, data, size, 1);
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
