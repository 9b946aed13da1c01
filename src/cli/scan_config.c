/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_config.c - `vigil scan`'s config file and ignore file: lookup, loading, and what they
 * change (docs/suppressions.md). Command-line options always win over the config file.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/scan_config.h"

#define CONFIG_MAX_SIZE (16u << 20)

/* The whole of @path into *ret_buf (heap). 0, -ENOENT, or another -errno (printed). */
static int slurp(const char *path, bool quiet_enoent, char **ret_buf, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		if (!(quiet_enoent && e == ENOENT))
			vg_cli_error("cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	int r = buf ? 0 : -ENOMEM;
	while (r == 0) {
		if (len == cap) {
			char *nb = cap < CONFIG_MAX_SIZE ? realloc(buf, cap * 2) : NULL;
			if (!nb) {
				r = cap < CONFIG_MAX_SIZE ? -ENOMEM : -EFBIG;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f))
				r = -EIO;
			break;
		}
	}
	fclose(f);
	if (r < 0) {
		vg_cli_error("cannot read '%s': %s", path, strerror(-r));
		free(buf);
		return r;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

static int load_one(struct vg_config *cfg, const char *path, bool explicit, bool ignore_file)
{
	char *buf = NULL;
	size_t len = 0;
	int r = slurp(path, !explicit, &buf, &len);
	if (r == -ENOENT && !explicit)
		return 0;
	if (r < 0)
		return r;
	struct vg_diag d;
	r = ignore_file ? vg_config_load_ignore(cfg, path, buf, len, &d)
			: vg_config_load(cfg, path, buf, len, &d);
	free(buf);
	if (r == -EBADMSG) {
		if (d.line)
			vg_cli_error("%s:%u:%u: %s", d.file, d.line, d.column, d.message);
		else
			vg_cli_error("%s: %s", d.file, d.message);
	} else if (r < 0) {
		vg_cli_error("cannot load '%s': %s", path, strerror(-r));
	}
	return r;
}

int vg_cli_scan_config_load(const struct vg_cli_scan_config *sc, struct vg_config **ret_cfg)
{
	struct vg_config *cfg = NULL;
	*ret_cfg = NULL;
	if (vg_config_new(&cfg) < 0) {
		vg_cli_error("out of memory");
		return -ENOMEM;
	}
	int r = 0;
	if (sc->config)
		r = load_one(cfg, sc->config, true, false);
	else if (!sc->no_config)
		r = load_one(cfg, VG_CLI_CONFIG_FILE, false, false);
	if (r == 0 && sc->ignore_file)
		r = load_one(cfg, sc->ignore_file, true, true);
	else if (r == 0 && !sc->no_config)
		r = load_one(cfg, VG_CLI_IGNORE_FILE, false, true);
	if (r < 0) {
		vg_config_free(cfg);
		return r;
	}
	*ret_cfg = cfg;
	return 0;
}

static bool *pss_flag(struct vg_scan_options *so) { return &so->pss_checks; }
static bool *workload_flag(struct vg_scan_options *so) { return &so->workload_checks; }
static bool *dockerfile_flag(struct vg_scan_options *so) { return &so->dockerfile_checks; }
static bool *secrets_flag(struct vg_scan_options *so) { return &so->secret_checks; }
static bool *gatekeeper_flag(struct vg_scan_options *so) { return &so->gatekeeper_checks; }

const struct vg_cli_scan_family vg_cli_scan_families[] = {
	{ "pss", pss_flag },         { "workload", workload_flag },
	{ "dockerfile", dockerfile_flag }, { "secrets", secrets_flag },
	{ "gatekeeper", gatekeeper_flag },
};
const size_t vg_cli_scan_nfamilies = sizeof(vg_cli_scan_families) / sizeof(vg_cli_scan_families[0]);

void vg_cli_scan_config_options(const struct vg_config *cfg, const struct vg_cli_scan_config *sc,
				struct vg_scan_options *so, enum vg_severity *fail_on)
{
	if (!sc->pss_set)
		(void)vg_config_pss(cfg, &so->pss);
	if (!sc->k8s_version_set && vg_config_k8s_version(cfg))
		so->k8s_version = vg_config_k8s_version(cfg);
	if (!sc->fail_on_set)
		(void)vg_config_fail_on(cfg, fail_on);
	/* --checks replaces checks.enable; checks.disable always applies */
	bool use_enable = !sc->checks_set;
	for (size_t i = 0; i < vg_cli_scan_nfamilies; i++) {
		bool *on = vg_cli_scan_families[i].flag(so);
		*on = *on && vg_config_family_enabled(cfg, vg_cli_scan_families[i].name, use_enable);
	}
}

int vg_cli_scan_config_apply(const struct vg_config *cfg, const struct vg_cli_scan_config *sc,
			     struct vg_report *report)
{
	char cwd[PATH_MAX];
	struct vg_config_apply_opts ao = {
		.today = vg_date_from_unix((int64_t)time(NULL)),
		.cwd = getcwd(cwd, sizeof(cwd)),
		.use_enable = !sc->checks_set,
	};
	int r = vg_config_apply(cfg, report, &ao);
	if (r < 0)
		vg_cli_error("out of memory");
	return r;
}
