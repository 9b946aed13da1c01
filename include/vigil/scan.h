/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/scan.h - `vigil scan`: read inputs, parse, walk objects, run the check families.
 *
 * Usage: vg_scan_new(), then any number of vg_scan_add_path()/vg_scan_add_buffer(), then
 * vg_scan_run() once. Inputs are held until the run because some decisions need the whole
 * set (a Namespace's pod-security.kubernetes.io labels set the PSS level of its workloads).
 * Input problems (unreadable file, malformed YAML, a hit limit) become errors in the report;
 * the other inputs are still scanned.
 */
#ifndef VIGIL_SCAN_H
#define VIGIL_SCAN_H

#include "common.h"
#include "limits.h"
#include "pss.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vg_scan_options {
	struct vg_pss_policy pss;    /* default restricted:latest */
	bool pss_namespace_labels;   /* honour pod-security.kubernetes.io/enforce labels (default true) */
	bool pss_checks;             /* run the Pod Security Standards family VG-PSS (default true) */
	bool workload_checks;        /* run the workload hardening family VG-K8S (default true) */
	bool dockerfile_checks;      /* check Dockerfiles/Containerfiles, VG-DF (default true) */
	bool gatekeeper_checks;      /* evaluate Gatekeeper constraints found in the inputs and in
				      * policy_paths, VG-GK (default true; docs/gatekeeper.md) */
	const char *const *policy_paths; /* files/directories holding only constraints (--policy);
					  * borrowed, read by vg_scan_run(); may be NULL */
	size_t npolicy_paths;
	bool secret_checks;          /* hard-coded secrets in manifests and Dockerfiles, Vault
				      * and secrets-store CSI checks, VG-SEC (default true) */
	bool secrets_text;           /* --secrets: also scan every other file under the paths as
				      * text, and non-Kubernetes YAML/JSON documents (default false) */
	const char *k8s_version;     /* target Kubernetes version for deprecated/removed APIs
				      * ("1.29"); NULL: every known removal applies */
	struct vg_limits limits;
};

VG_EXPORT void vg_scan_options_init(struct vg_scan_options *ret_opts);

struct vg_scan;

/* @report is borrowed and must outlive the scan; findings, errors, notes and stats go there. */
VG_EXPORT VG_WUR int vg_scan_new(const struct vg_scan_options *opts, struct vg_report *report,
				 struct vg_scan **ret_scan);
VG_EXPORT void vg_scan_free(struct vg_scan *scan);

/* A file, or a directory walked recursively in byte order of names (hidden entries and
 * directory symlinks skipped; *.yaml, *.yml, *.json and Dockerfiles (Dockerfile, Containerfile,
 * *.Dockerfile, Dockerfile.*) taken; with secrets_text every regular file, hidden files such
 * as .env included, hidden directories such as .git still skipped). Returns 0, or -ENOMEM;
 * input problems are reported, not returned. */
VG_EXPORT VG_WUR int vg_scan_add_path(struct vg_scan *scan, const char *path);
/* An in-memory input named @name (e.g. "-" for standard input). Copies nothing: @buf must
 * stay valid until vg_scan_free(). */
VG_EXPORT VG_WUR int vg_scan_add_buffer(struct vg_scan *scan, const char *name, const char *buf,
					size_t len);
/* Run the checks over everything added and sort the report. Returns 0 or -ENOMEM. */
VG_EXPORT VG_WUR int vg_scan_run(struct vg_scan *scan);

#ifdef __cplusplus
}
#endif
#endif
