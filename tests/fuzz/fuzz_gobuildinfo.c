/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_gobuildinfo.c - Go build info: the input is decoded as a blob starting at the
 * "\xff Go buildinf:" magic, and also run through the analyzer as a whole executable (ELF
 * section/segment lookup, the 16-byte aligned scan, pre-1.18 pointers through the program
 * headers).
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
	ctx.file = "/usr/bin/app";
	r = vg_gobuildinfo_decode(&ctx, data, size, NULL);
	if (r != 0 && r != -ENOMEM)
		abort();
	r = vg_analyze_buffer(&vg_analyzer_gobinary, "/usr/bin/app", data, size, inv, NULL);
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
