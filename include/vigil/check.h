/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/check.h - check families callable outside `vigil scan`: the image configuration
 * checks and the secret scanner (used by `vigil image`, and by later manifest/Dockerfile
 * scanning).
 */
#ifndef VIGIL_CHECK_H
#define VIGIL_CHECK_H

#include "common.h"
#include "image.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Image configuration checks (VG-IMG-*): runs as root or sets no USER, secrets in ENV,
 * sensitive ports exposed. Findings name @image_name as their file and the config field as
 * their path. */
VG_EXPORT VG_WUR int vg_check_image_config(const struct vg_image_config *cfg,
					   const char *image_name, struct vg_report *report);

/* The secret scanner: a table of rules (VG-SEC-*), each a set of cheap keywords that gate a
 * PCRE2 (JIT) regular expression. Compiled once, immutable, usable from several threads. */
struct vg_secrets;
VG_EXPORT VG_WUR int vg_secrets_new(struct vg_secrets **ret);
VG_EXPORT void vg_secrets_free(struct vg_secrets *s);

/* Whether the secret scanner should look at @path (absolute path inside an image) of @size
 * bytes: skips documentation, locales, certificates bundles and files over 10 MiB. */
VG_EXPORT bool vg_secrets_wants(const char *path, uint64_t size);

/* Scan @len bytes of @file (binary content - a NUL in the first 8 KiB - is skipped) and add one
 * finding per secret found, with its line and column and the secret masked in the message.
 * @layer (diff_id, may be NULL) is recorded in refs. Returns the number of findings or -errno. */
VG_EXPORT VG_WUR int vg_secrets_scan(const struct vg_secrets *s, const char *file,
				     const unsigned char *data, size_t len, const char *layer,
				     struct vg_report *report);

struct vg_vuln_list;

/* One finding per vulnerability and package (id = the OSV id, file = the package's database,
 * package section filled in). @ignore_unfixed: skip vulnerabilities with no known fix. */
VG_EXPORT VG_WUR int vg_check_vulns(const struct vg_vuln_list *vulns, bool ignore_unfixed,
				    struct vg_report *report);

/* Walk every layer of @img and run the secret scanner over the files it wants (deleted files
 * of lower layers too: their bytes are still in the image). */
VG_EXPORT VG_WUR int vg_check_image_secrets(struct vg_image *img, const struct vg_secrets *s,
					    struct vg_report *report,
					    const struct vg_progress *progress,
					    struct vg_diag *ret_diag);

/* Dockerfile checks (VG-DF-*, vigil/dockerfile.h parses): parse @len bytes of @buf named @file
 * and add one finding per violation (file, line, column, path "stage[N].KIND[M]", refs.hadolint
 * and refs.trivy where they correspond). Parse problems and hit limits become report errors
 * (vg_report_add_error) with file:line; the rest of the file is still checked after a
 * recoverable problem. Returns 0 (also when input errors were reported), -ENOMEM, -EINVAL. */
VG_EXPORT VG_WUR int vg_check_dockerfile(const char *file, const char *buf, size_t len,
					 struct vg_report *report);

#ifdef __cplusplus
}
#endif
#endif
