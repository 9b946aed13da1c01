/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_cargo.c - Rust. The first byte picks the input: 0 Cargo.lock text, 1 cargo-auditable
 * JSON, 2 the zlib-compressed .dep-v0 section, 3 a whole executable.
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
	if (size < 1 || vg_inventory_new(&inv) < 0)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.file = "/fuzz";
	switch (data[0] % 4) {
	case 0:
		r = vg_analyze_buffer(&vg_analyzer_cargo, "/src/Cargo.lock", data + 1, size - 1, inv, NULL);
		break;
	case 1:
		r = vg_cargo_auditable_json(&ctx, data + 1, size - 1);
		break;
	case 2:
		r = vg_cargo_auditable_zlib(&ctx, data + 1, size - 1);
		break;
	default:
		r = vg_analyze_buffer(&vg_analyzer_cargo, "/usr/bin/app", data + 1, size - 1, inv, NULL);
		break;
	}
	vg_inventory_free(inv);
	if (r != 0 && r != -ENOMEM)
		abort(); /* analyzers return 0 or -ENOMEM: malformed input is a warning */
	return 0;
}
