/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_jar.c - the jar analyzer over a zip read from memory (libarchive), with small limits
 * so that nesting and budgets are exercised.
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
	struct vg_pkgdb_limits lim;
	struct vg_analyze_ctx ctx;
	if (vg_inventory_new(&inv) < 0)
		return 0;
	vg_pkgdb_limits_init(&lim);
	lim.max_member = 1u << 20;
	lim.max_archive_bytes = 4u << 20;
	lim.max_archive_entries = 10000;
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.file = "/app/app-1.0.jar";
	ctx.limits = &lim;
	r = vg_analyzer_jar.analyze(&ctx, ctx.file, data, size);
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
