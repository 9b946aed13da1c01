/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_image.c - `vigil image`: vulnerabilities, misconfigurations and secrets in an image. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/image_common.h"
#include "vigil/check.h"
#include "vigil/report.h"
#include "vigil/vulndb.h"

enum {
	OPT_REF = 256,
	OPT_SBOM,
	OPT_DB,
	OPT_FAIL_ON,
	OPT_EXIT_CODE,
	OPT_IGNORE_UNFIXED,
	OPT_SCANNERS,
	OPT_COLOR,
};

#define SCAN_VULN 1u
#define SCAN_CONFIG 2u
#define SCAN_SECRET 4u

static const struct vg_cli_option image_options[] = {
	{ "format", 'f', "FORMAT", 'f',
	  "table (the default), json, sarif, or an SBOM instead of a report: cyclonedx "
	  "(CycloneDX 1.6), cyclonedx-1.5, spdx (SPDX 2.3)." },
	{ "output", 'o', "FILE", 'o', "Write the report to FILE instead of standard output." },
	{ "sbom", 0, "FILE", OPT_SBOM,
	  "Scan the packages of a CycloneDX or SPDX JSON SBOM instead of an image." },
	{ "ref", 0, "NAME", OPT_REF,
	  "The image to take from an archive or layout holding several (RepoTags entry or OCI "
	  "ref name). Default: the first (linux/amd64 of a multi-platform index)." },
	{ "db", 0, "FILE", OPT_DB,
	  "Vulnerability database (default: $VIGIL_DB, then ~/.local/share/vigil/vulndb.sqlite, "
	  "then the database bundled with vigil; see vigil db)." },
	{ "scanners", 0, "LIST", OPT_SCANNERS,
	  "What to look for, comma-separated: vuln, config, secret. Default: all three." },
	{ "severity", 's', "LIST", 's',
	  "Report only findings with these severities (critical, high, medium, low, info; "
	  "Trivy's upper-case names and UNKNOWN are accepted)." },
	{ "ignore-unfixed", 0, NULL, OPT_IGNORE_UNFIXED,
	  "Leave out vulnerabilities for which no fixed version is known." },
	{ "fail-on", 0, "SEVERITY", OPT_FAIL_ON,
	  "Exit with status 1 when a reported finding at or above SEVERITY remains. Default: "
	  "info (any finding)." },
	{ "exit-code", 0, "N", OPT_EXIT_CODE,
	  "Exit status when findings fail the run (Trivy's --exit-code). Default: 1." },
	{ "color", 0, "WHEN", OPT_COLOR, "auto (default), always or never." },
	{ NULL, 0, NULL, 0, NULL },
};

static int parse_scanners(const char *list, unsigned *ret)
{
	unsigned m = 0;
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == 4 && strncmp(p, "vuln", 4) == 0)
			m |= SCAN_VULN;
		else if (n == 6 && strncmp(p, "config", 6) == 0)
			m |= SCAN_CONFIG;
		else if ((n == 6 && strncmp(p, "secret", 6) == 0) || (n == 7 && strncmp(p, "secrets", 7) == 0))
			m |= SCAN_SECRET;
		else {
			vg_cli_error("unknown scanner '%.*s' (use vuln, config, secret)", (int)n, p);
			return -EINVAL;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (!m) {
		vg_cli_error("--scanners needs at least one scanner");
		return -EINVAL;
	}
	*ret = m;
	return 0;
}

static void print_diag(const struct vg_diag *d)
{
	if (d->file[0])
		vg_cli_error("%s: %s", d->file, d->message);
	else
		vg_cli_error("%s", d->message);
}

static int run_image(const struct vg_cli_command *cmd, int argc, char **argv)
{
	const char *output = NULL, *ref = NULL, *sbom_in = NULL, *db_arg = NULL, *fmt_arg = "table";
	unsigned sev_mask = (1u << VG_SEV_COUNT) - 1, scanners = SCAN_VULN | SCAN_CONFIG | SCAN_SECRET;
	enum vg_severity fail_on = VG_SEV_INFO;
	int exit_code = VG_EXIT_FINDINGS, color = -1;
	bool ignore_unfixed = false;

	char shorts[32];
	struct option *lo = vg_cli_getopt_table(cmd->options, shorts, sizeof(shorts));
	if (!lo)
		return VG_EXIT_ERROR;
	optind = 1;
	opterr = 0;
	int c, bad = 0;
	while (!bad && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case 'h':
			vg_cli_print_help(cmd, stdout);
			free(lo);
			return VG_EXIT_OK;
		case 'f': fmt_arg = optarg; break;
		case 'o': output = optarg; break;
		case OPT_SBOM: sbom_in = optarg; break;
		case OPT_REF: ref = optarg; break;
		case OPT_DB: db_arg = optarg; break;
		case OPT_IGNORE_UNFIXED: ignore_unfixed = true; break;
		case OPT_SCANNERS: bad = parse_scanners(optarg, &scanners) < 0; break;
		case 's': bad = vg_cli_parse_severity_list(optarg, &sev_mask) < 0; break;
		case OPT_FAIL_ON:
			bad = vg_cli_parse_fail_on(optarg, &fail_on) < 0;
			break;
		case OPT_EXIT_CODE:
			bad = vg_cli_parse_exit_code(optarg, &exit_code) < 0;
			break;
		case OPT_COLOR:
			bad = vg_cli_parse_color(optarg, &color) < 0;
			break;
		default:
			vg_cli_error("unknown or incomplete option '%s'", argv[optind - 1]);
			bad = 1;
		}
	}
	free(lo);
	enum vg_format format = VG_FORMAT_TABLE;
	enum vg_sbom_format sbom_fmt = VG_SBOM_CYCLONEDX_1_6;
	bool want_sbom = false;
	if (!bad && vg_format_parse(fmt_arg, &format) < 0) {
		if (vg_sbom_format_parse(fmt_arg, &sbom_fmt) == 0) {
			want_sbom = true;
		} else {
			vg_cli_error("unknown format '%s' (use table, json, sarif, cyclonedx or spdx)",
				     fmt_arg);
			bad = 1;
		}
	}
	if (!bad && (sbom_in ? optind != argc : optind != argc - 1)) {
		vg_cli_error(sbom_in ? "--sbom takes the place of the image argument"
				     : "give exactly one image (docker-archive, OCI layout or archive, "
				       "or a directory)");
		bad = 1;
	}
	if (bad) {
		fprintf(stderr, "Run 'vigil image --help' for usage.\n");
		return VG_EXIT_ERROR;
	}

	const char *target = sbom_in ? sbom_in : argv[optind];
	bool table = format == VG_FORMAT_TABLE && !want_sbom;
	bool progress = vg_cli_want_progress(table);
	struct vg_image *img = NULL;
	struct vg_inventory *inv = NULL;
	struct vg_vulndb *db = NULL;
	struct vg_vuln_list *vulns = NULL;
	struct vg_report *report = NULL;
	struct vg_secrets *secrets = NULL;
	struct vg_diag d;
	int status = VG_EXIT_ERROR, r;
	FILE *out = stdout;

	if (vg_cli_load_inventory(target, ref, sbom_in != NULL, progress, &img, &inv) < 0)
		goto done;
	if (output && !(out = fopen(output, "w"))) {
		vg_cli_error("cannot write '%s': %s", output, strerror(errno));
		out = stdout;
		goto done;
	}
	if (want_sbom) {
		struct vg_sbom_subject subj;
		vg_cli_sbom_subject(img, target, &subj);
		r = vg_sbom_write(inv, &subj, sbom_fmt, out);
		if (r < 0)
			vg_cli_error("cannot write the SBOM: %s", strerror(-r));
		status = r < 0 ? VG_EXIT_ERROR : VG_EXIT_OK;
		goto done;
	}
	if (vg_report_new(&report) < 0)
		goto oom;
	vg_report_stats(report)->files = 1;
	vg_report_stats(report)->objects = vg_inventory_count(inv);
	/* the inventory's warnings travel with the report, so JSON/SARIF readers see them too */
	for (size_t i = 0; i < vg_inventory_warning_count(inv); i++) {
		const struct vg_inventory_warning *w = vg_inventory_warning(inv, i);
		char more[96];
		if (!w) {
			snprintf(more, sizeof(more), "%zu more package database warnings not listed",
				 vg_inventory_warning_count(inv) - i);
			if (vg_report_add_note(report, target, 0, more) < 0)
				goto oom;
			break;
		}
		if (vg_report_add_note(report, w->file, w->line, w->message) < 0)
			goto oom;
	}
	if (scanners & SCAN_VULN) {
		char path[PATH_MAX];
		vg_vulndb_default_path(db_arg, false, path, sizeof(path));
		if ((r = vg_vulndb_open(path, &db, &d)) < 0) {
			print_diag(&d);
			if (r == -ENOENT)
				fprintf(stderr, "Build one with 'vigil db import' (see 'vigil help db').\n");
			goto done;
		}
		if ((r = vg_vulndb_match(db, inv, &vulns, &d)) < 0) {
			print_diag(&d);
			goto done;
		}
		if ((r = vg_check_vulns(vulns, ignore_unfixed, report)) < 0)
			goto oom;
	}
	if ((scanners & SCAN_CONFIG) && img) {
		const char *name = vg_image_name(img);
		if (vg_check_image_config(vg_image_config(img), name, report) < 0)
			goto oom;
	}
	if ((scanners & SCAN_SECRET) && img) {
		if (vg_secrets_new(&secrets) < 0)
			goto oom;
		struct vg_cli_progress_state ps = { .bytes = true };
		struct vg_progress pr = { vg_cli_progress, &ps };
		vg_diag_clear(&d);
		r = vg_check_image_secrets(img, secrets, report, progress ? &pr : NULL, &d);
		if (progress)
			vg_cli_progress_end(&ps);
		if (r < 0) {
			print_diag(&d);
			goto done;
		}
	}
	vg_report_sort(report);
	vg_report_filter(report, sev_mask);
	char cwd[PATH_MAX];
	struct vg_write_opts wo = {
		.color = vg_cli_want_color(color, table, output),
		.tool_name = "vigil",
		.tool_version = vg_version(),
		.base_dir = getcwd(cwd, sizeof(cwd)) ? cwd : NULL,
	};
	if ((r = vg_report_write(report, format, &wo, out)) < 0 ||
	    (out == stdout && fflush(stdout) != 0)) {
		vg_cli_error("cannot write the report: %s", strerror(r < 0 ? -r : EIO));
		goto done;
	}
	if (!table || output)
		fprintf(stderr, "vigil: %zu packages, %zu findings\n", vg_inventory_count(inv),
			vg_report_count(report));
	status = vg_report_has_at_least(report, fail_on) ? exit_code : VG_EXIT_OK;
	goto done;
oom:
	vg_cli_error("out of memory");
done:
	if (out != stdout && fclose(out) != 0 && status != VG_EXIT_ERROR) {
		vg_cli_error("cannot write '%s'", output);
		status = VG_EXIT_ERROR;
	}
	vg_secrets_free(secrets);
	vg_report_free(report);
	vg_vuln_list_free(vulns);
	vg_vulndb_close(db);
	vg_inventory_free(inv);
	vg_image_free(img);
	return status;
}

const struct vg_cli_command vg_cmd_image = {
	.name = "image",
	.run = run_image,
	.summary = "Scan a container image for vulnerabilities, misconfigurations and secrets",
	.usage = "[OPTIONS] IMAGE | --sbom FILE",
	.description =
		"Inventories IMAGE - a docker-archive tar (docker save, skopeo), an OCI image layout "
		"directory, an OCI archive tar, or a root filesystem directory - and matches every "
		"package against the local OSV vulnerability database with its ecosystem's own "
		"version rules (dpkg, apk, rpm, SemVer, PEP 440, Maven). It also checks the image "
		"configuration (root user, secrets in ENV, sensitive ports) and looks for secrets in "
		"the files of every layer. --format cyclonedx|spdx writes an SBOM instead of a "
		"report; --sbom scans an existing SBOM.\n\n"
		"Progress is shown on standard error only when it and standard output are terminals "
		"and the format is table.",
	.options = image_options,
	.exit_status =
		"0 when no finding at or above --fail-on remains; 1 (or --exit-code N) when one does; "
		"2 on a usage error, an unreadable image or database.",
	.examples = "vigil image app.tar\n"
		    "vigil image --severity CRITICAL,HIGH --exit-code 1 oci-dir   # as trivy-action\n"
		    "vigil image --format sarif -o image.sarif app.tar\n"
		    "vigil image --sbom app.cdx.json --ignore-unfixed\n",
};
