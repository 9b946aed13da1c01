/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_secrets.c - the secret scanner over untrusted bytes: as a text file, as a Dockerfile
 * (raw-text scan, legacy ENV, RUN credentials) and as a manifest (every value, Secret data
 * base64-decoded, Vault/CSI checks) through vg_scan with --secrets on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/secrets_internal.h"
#include "vigil/check.h"
#include "vigil/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_secrets *s = NULL;
	struct vg_report *r = NULL;
	if (size > 256 * 1024 || vg_secrets_new(&s) < 0)
		return 0;
	if (vg_report_new(&r) == 0) {
		int rc = vg_secrets_scan(s, "fuzz", data, size, NULL, r);
		rc = vg_check_dockerfile_secrets("Dockerfile", (const char *)data, size, s, r);
		(void)rc;
		vg_report_free(r);
	}
	vg_secrets_free(s);

	struct vg_scan_options so;
	struct vg_scan *scan = NULL;
	vg_scan_options_init(&so);
	so.pss_checks = false;
	so.secrets_text = true;
	if (vg_report_new(&r) == 0) {
		if (vg_scan_new(&so, r, &scan) == 0) {
			if (vg_scan_add_buffer(scan, "fuzz.yaml", (const char *)data, size) == 0) {
				int rc = vg_scan_run(scan);
				(void)rc;
			}
			vg_scan_free(scan);
		}
		vg_report_free(r);
	}
	return 0;
}
