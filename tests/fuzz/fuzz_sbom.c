/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sbom.c - the SBOM reader on hostile input and, whenever it accepts a document, the
 * writers on what it read: every format is written to memory and read back, which must succeed
 * with the same number of packages (anything vigil reads, it can write; anything it writes, it
 * reads). A broken promise aborts, so the replay run fails too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vigil/sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vg_sbom_format formats[] = { VG_SBOM_CYCLONEDX_1_5, VG_SBOM_CYCLONEDX_1_6,
						       VG_SBOM_SPDX_2_3 };
	struct vg_inventory *inv = NULL;
	struct vg_diag d;
	if (vg_sbom_read("fuzz", (const char *)data, size, &inv, &d) != 0)
		return 0;
	struct vg_sbom_subject subject = {
		.name = "fuzz", .id = "sha256:00", .kind = "container", .timestamp = 0,
	};
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		if (!out)
			break;
		int r = vg_sbom_write(inv, &subject, formats[f], out);
		fclose(out);
		if (r == 0) {
			struct vg_inventory *back = NULL;
			if (vg_sbom_read("fuzz-out", buf, len, &back, &d) != 0 ||
			    vg_inventory_count(back) != vg_inventory_count(inv)) {
				fprintf(stderr, "fuzz_sbom: format %zu: %s:%u:%u: %s\n", f, d.file, d.line,
					d.column, d.message);
				abort();
			}
			vg_inventory_free(back);
		}
		free(buf);
	}
	vg_inventory_free(inv);
	return 0;
}
