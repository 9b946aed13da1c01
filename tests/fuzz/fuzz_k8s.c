/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_k8s.c - the object model and the checks: YAML in, every object walked, its pod view
 * evaluated at every PSS level and a sample of versions, findings written in every format.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vigil/report.h"
#include "vigil/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vg_pss_policy policies[] = {
		{ VG_PSS_BASELINE, VG_PSS_LATEST }, { VG_PSS_RESTRICTED, VG_PSS_LATEST }, { VG_PSS_RESTRICTED, 0 },  { VG_PSS_RESTRICTED, 18 },
		{ VG_PSS_RESTRICTED, 24 }, { VG_PSS_RESTRICTED, 34 }, { VG_PSS_BASELINE, 30 },
	};
	for (size_t p = 0; p < sizeof(policies) / sizeof(policies[0]); p++) {
		struct vg_scan_options so;
		vg_scan_options_init(&so);
		so.pss = policies[p];
		so.limits.max_nodes = 100000;
		so.limits.max_alias_expansion = 10000;
		struct vg_report *report = NULL;
		struct vg_scan *scan = NULL;
		if (vg_report_new(&report) < 0)
			return 0;
		if (vg_scan_new(&so, report, &scan) == 0 &&
		    vg_scan_add_buffer(scan, "fuzz.yaml", (const char *)data, size) == 0 &&
		    vg_scan_run(scan) == 0 && p == 0) {
			static const enum vg_format formats[] = { VG_FORMAT_TABLE, VG_FORMAT_JSON,
								  VG_FORMAT_SARIF };
			for (size_t f = 0; f < 3; f++) {
				char *buf = NULL;
				size_t len = 0;
				FILE *out = open_memstream(&buf, &len);
				if (!out)
					break;
				struct vg_write_opts wo = { .color = f == 0, .tool_name = "vigil",
							    .tool_version = "fuzz", .base_dir = "/" };
				if (vg_report_write(report, formats[f], &wo, out) < 0)
					abort();
				fclose(out);
				free(buf);
			}
		}
		vg_scan_free(scan);
		vg_report_free(report);
	}
	return 0;
}
