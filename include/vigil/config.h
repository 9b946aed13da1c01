/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/config.h - the configuration file (.vigil.yaml), ignore files (.vigilignore.yaml) and
 * the suppressions they make (docs/suppressions.md).
 *
 * A struct vg_config holds what one config file sets (check selection, severity overrides,
 * PSS policy, target Kubernetes version, fail-on) and the suppression rules of the config's
 * `ignore:` list and of any number of ignore files. Both files go through the document model
 * (vigil/doc.h): every error names file:line:column. Unknown keys and unknown check IDs are
 * errors, never silently ignored.
 *
 * vg_config_apply() applies it to a finished report: findings of disabled checks are dropped,
 * severity overrides retarget findings to a report-owned copy of their check, and every
 * rule that matches a finding marks it suppressed. Rules whose expiry date has passed stop
 * suppressing and become notes at their file:line. "Today" is a parameter: the library never
 * reads the clock.
 */
#ifndef VIGIL_CONFIG_H
#define VIGIL_CONFIG_H

#include "common.h"
#include "diag.h"
#include "finding.h"
#include "pss.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One suppression rule: an entry of an ignore file or of the config file's ignore: list. */
struct vg_suppression_rule {
	const char *id;       /* check ID or fnmatch glob over IDs ("VG-DF-*") */
	const char *path;     /* fnmatch glob over the finding's file, or NULL: every file */
	const char *object;   /* "Kind/name" or "Kind/namespace/name" (globs per part), or NULL */
	uint32_t expires;     /* last day it applies, as YYYYMMDD (UTC); 0: never expires */
	const char *reason;   /* required, non-empty */
	enum vg_suppression source; /* VG_SUPPRESSION_IGNORE_FILE or VG_SUPPRESSION_CONFIG */
	const char *file;     /* where the entry is written */
	uint32_t line, column;
	const char *base_dir; /* directory of @file ("." for a bare name) */
};

/* "2025-01-31" -> 20250131 (a real calendar day, years 1970-9999). 0 or -EINVAL. */
VG_EXPORT VG_WUR int vg_date_parse(const char *s, uint32_t *ret_date);
/* The UTC day of a Unix time as YYYYMMDD. */
VG_EXPORT uint32_t vg_date_from_unix(int64_t seconds);

/* A check ID pattern: exact, or an fnmatch glob (*, ?, [...]). */
VG_EXPORT bool vg_check_id_match(const char *pattern, const char *id);
/* True when @pattern is a known check ID, or a glob matching at least one registered check. */
VG_EXPORT bool vg_check_id_known(const char *pattern);

/*
 * Does @glob match @file? Tried against, in turn: @file as given (a leading "./" dropped);
 * @file relative to @base_dir (both made absolute lexically against @cwd when relative; skipped
 * when that is impossible or @file is outside @base_dir). fnmatch with FNM_PATHNAME ('*' does
 * not cross '/') and FNM_LEADING_DIR (a directory matches everything under it); a glob without
 * '/' is also matched against the file's base name.
 */
VG_EXPORT bool vg_suppression_path_match(const char *glob, const char *file, const char *base_dir,
					 const char *cwd);
/* "Kind/name" (any namespace) or "Kind/namespace/name"; each part an fnmatch glob. */
VG_EXPORT bool vg_suppression_object_match(const char *spec, const struct vg_object_ref *object);
/* ID, path and object of @rule all match @f (expiry not considered). */
VG_EXPORT bool vg_suppression_rule_match(const struct vg_suppression_rule *rule,
					 const struct vg_finding *f, const char *cwd);

struct vg_config;

VG_EXPORT VG_WUR int vg_config_new(struct vg_config **ret_cfg);
VG_EXPORT void vg_config_free(struct vg_config *cfg);

/*
 * Load a config file (schema: docs/suppressions.md) named @file from @len bytes at @buf into
 * @cfg. Returns 0; -EBADMSG (malformed YAML, unknown key, wrong type, unknown check ID or
 * family, bad date or severity) with @ret_diag naming file:line:column; -ENOMEM; -EINVAL.
 * Loading a second config file is -EINVAL.
 */
VG_EXPORT VG_WUR int vg_config_load(struct vg_config *cfg, const char *file, const char *buf,
				    size_t len, struct vg_diag *ret_diag);
/* Add the entries of an ignore file (a YAML sequence of {id, path, object, expires, reason}).
 * Same returns as vg_config_load(). */
VG_EXPORT VG_WUR int vg_config_load_ignore(struct vg_config *cfg, const char *file,
					   const char *buf, size_t len, struct vg_diag *ret_diag);

/* What the config sets for the scan; each returns false (or NULL) when the file does not
 * set it, so that command-line options can take precedence. */
VG_EXPORT bool vg_config_pss(const struct vg_config *cfg, struct vg_pss_policy *ret_policy);
VG_EXPORT const char *vg_config_k8s_version(const struct vg_config *cfg);
VG_EXPORT bool vg_config_fail_on(const struct vg_config *cfg, enum vg_severity *ret);
/* Whether family @family ("pss", "workload", "dockerfile", ...) runs under checks.enable and
 * checks.disable: disabled by name -> false; an enable list that neither names the family nor
 * any of its checks -> false; else true. @use_enable false ignores checks.enable (the command
 * line chose the families). */
VG_EXPORT bool vg_config_family_enabled(const struct vg_config *cfg, const char *family,
					bool use_enable);

VG_EXPORT size_t vg_config_rule_count(const struct vg_config *cfg);
VG_EXPORT const struct vg_suppression_rule *vg_config_rule_at(const struct vg_config *cfg,
							      size_t i);

struct vg_config_apply_opts {
	uint32_t today;   /* YYYYMMDD (UTC): a rule with expires < today no longer applies */
	const char *cwd;  /* absolute working directory for path matching; NULL: unknown */
	bool use_enable;  /* honour checks.enable (false when --checks chose the families) */
};

/* Drop findings of disabled checks, apply severity overrides, mark findings matched by a
 * live rule suppressed (first rule in load order wins; findings already suppressed inline
 * stay so) and add a note for every expired rule. 0 or -ENOMEM. */
VG_EXPORT VG_WUR int vg_config_apply(const struct vg_config *cfg, struct vg_report *report,
				     const struct vg_config_apply_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
