/* SPDX-License-Identifier: Apache-2.0 */
/* cli/scan_config.h - `vigil scan`'s config and ignore files (scan_config.c). */
#ifndef VG_CLI_SCAN_CONFIG_H
#define VG_CLI_SCAN_CONFIG_H

#include "vigil/config.h"
#include "vigil/scan.h"

#define VG_CLI_CONFIG_FILE ".vigil.yaml"
#define VG_CLI_IGNORE_FILE ".vigilignore.yaml"

/* What the command line said about the config, and which settings it made itself. */
struct vg_cli_scan_config {
	const char *config;      /* --config FILE, or NULL: ./.vigil.yaml when present */
	const char *ignore_file; /* --ignore-file FILE, or NULL: ./.vigilignore.yaml when present */
	bool no_config;          /* --no-config: no lookup in the current directory */
	bool show_suppressed;
	bool pss_set, k8s_version_set, fail_on_set, checks_set;
};

/* The check families `vigil scan` selects (--checks, and checks.enable/disable in the config),
 * each with the scan option that turns it on; one table for both. */
struct vg_cli_scan_family {
	const char *name;
	bool *(*flag)(struct vg_scan_options *so);
};
extern const struct vg_cli_scan_family vg_cli_scan_families[];
extern const size_t vg_cli_scan_nfamilies;

/* Load the files (errors printed as FILE:LINE:COLUMN: message). 0 or -errno. */
int vg_cli_scan_config_load(const struct vg_cli_scan_config *sc, struct vg_config **ret_cfg);
/* The config's settings for what the command line left unset. */
void vg_cli_scan_config_options(const struct vg_config *cfg, const struct vg_cli_scan_config *sc,
				struct vg_scan_options *so, enum vg_severity *fail_on);
/* After the scan: check selection, severity overrides, suppressions (today = the UTC date). */
int vg_cli_scan_config_apply(const struct vg_config *cfg, const struct vg_cli_scan_config *sc,
			     struct vg_report *report);

#endif
