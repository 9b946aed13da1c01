/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_config.c - the config file and ignore file loaders (vigil/config.h), then applying
 * what loaded to a small report: the same bytes are tried as a .vigil.yaml, as an ignore file
 * (YAML and JSON) and, split at the first NUL, as a Dockerfile and a manifest with inline
 * suppressions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/check.h"
#include "vigil/config.h"
#include "vigil/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void apply(struct vg_config *cfg)
{
	struct vg_report *r = NULL;
	if (vg_report_new(&r) < 0)
		return;
	static const char *const ids[] = { "VG-PSS-001", "VG-K8S-001", "VG-DF-004", "VG-K8S-010" };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct vg_finding f;
		memset(&f, 0, sizeof(f));
		f.check = vg_check_find(ids[i]);
		if (!f.check)
			continue;
		f.id = f.check->id;
		f.severity = f.check->severity;
		f.file = i & 1 ? "deploy/web.yaml" : "/src/app/Dockerfile";
		f.object.kind = i & 1 ? "Deployment" : NULL;
		f.object.namespace = "shop";
		f.object.name = "web";
		if (vg_report_add(r, &f) < 0)
			break;
	}
	struct vg_config_apply_opts o = { .today = 20250630, .cwd = "/src", .use_enable = true };
	int rc = vg_config_apply(cfg, r, &o);
	(void)rc;
	vg_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vg_config *cfg = NULL;
	struct vg_diag d;
	if (vg_config_new(&cfg) == 0) {
		if (vg_config_load(cfg, "dir/.vigil.yaml", buf, size, &d) == 0)
			apply(cfg);
		vg_config_free(cfg);
	}
	static const char *const names[] = { ".vigilignore.yaml", "/abs/ignore.json" };
	for (size_t i = 0; i < 2; i++) {
		if (vg_config_new(&cfg) < 0)
			continue;
		if (vg_config_load_ignore(cfg, names[i], buf, size, &d) == 0)
			apply(cfg);
		vg_config_free(cfg);
	}

	/* inline suppressions: a Dockerfile before the first NUL, a manifest after it */
	const char *nul = memchr(buf, '\0', size);
	size_t dlen = nul ? (size_t)(nul - buf) : size;
	struct vg_report *r = NULL;
	if (vg_report_new(&r) == 0) {
		int rc = vg_check_dockerfile("Dockerfile", buf, dlen, r);
		(void)rc;
		if (nul) {
			struct vg_scan_options so;
			struct vg_scan *s = NULL;
			vg_scan_options_init(&so);
			if (vg_scan_new(&so, r, &s) == 0) {
				if (vg_scan_add_buffer(s, "m.yaml", nul + 1, size - dlen - 1) == 0)
					rc = vg_scan_run(s);
				vg_scan_free(s);
			}
		}
		vg_report_free(r);
	}
	return 0;
}
