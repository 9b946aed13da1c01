/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/report.h - a scan's results (findings, errors, notes, statistics) and its writers.
 *
 * A struct vg_report owns copies of everything added to it (its own arena). Writers produce
 * the table, JSON (schema: docs/json-schema.md) and SARIF 2.1.0 forms on a caller-given stream;
 * they never print anything else.
 */
#ifndef VIGIL_REPORT_H
#define VIGIL_REPORT_H

#include <stdio.h>

#include "common.h"
#include "diag.h"
#include "finding.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vg_report;

struct vg_scan_stats {
	uint64_t files;            /* inputs read */
	uint64_t documents;        /* YAML/JSON documents parsed */
	uint64_t objects;          /* Kubernetes objects checked (List items counted one by one) */
	uint64_t skipped_non_k8s;  /* documents that are not Kubernetes objects */
	uint64_t skipped_helm;     /* unrendered Helm templates skipped */
	uint64_t skipped_empty;    /* empty documents */
	uint64_t errors;           /* input errors (each also in the error list) */
};

/* A note: something skipped or worth telling that is not an error. */
struct vg_note {
	const char *file;
	uint32_t line;
	const char *message;
};

VG_EXPORT VG_WUR int vg_report_new(struct vg_report **ret_report);
VG_EXPORT void vg_report_free(struct vg_report *r);

/* Copy @f (all strings and refs) into the report. */
VG_EXPORT VG_WUR int vg_report_add(struct vg_report *r, const struct vg_finding *f);
/* Copy check metadata made at run time (e.g. one per vulnerability) into the report, so that
 * findings can point at it for as long as the report lives. *ret_check is the copy. */
VG_EXPORT VG_WUR int vg_report_add_check(struct vg_report *r, const struct vg_check_info *check,
					 const struct vg_check_info **ret_check);
/* Copy @d into the error list and count it in stats.errors. */
VG_EXPORT VG_WUR int vg_report_add_error(struct vg_report *r, const struct vg_diag *d);
VG_EXPORT VG_WUR int vg_report_add_note(struct vg_report *r, const char *file, uint32_t line,
					 const char *message);

/* Mutable statistics (the scanner updates them). */
VG_EXPORT struct vg_scan_stats *vg_report_stats(struct vg_report *r);
VG_EXPORT const struct vg_scan_stats *vg_report_stats_const(const struct vg_report *r);

/* Mark finding @i suppressed by @how (not VG_SUPPRESSION_NONE) because of @justification
 * (copied; may be NULL). A finding already suppressed keeps its first suppression. 0, -EINVAL
 * or -ENOMEM. */
VG_EXPORT VG_WUR int vg_report_suppress(struct vg_report *r, size_t i, enum vg_suppression how,
					const char *justification);
/* Point finding @i at @check (static, or from vg_report_add_check) and give it @check's
 * severity: how a severity override from the config file is applied. */
VG_EXPORT void vg_report_set_check(struct vg_report *r, size_t i, const struct vg_check_info *check);
/* Keep only the findings for which @keep returns true (order preserved). */
VG_EXPORT void vg_report_retain(struct vg_report *r,
				bool (*keep)(const struct vg_finding *f, void *userdata),
				void *userdata);

/* Sort findings by file, line, column, id, path, message; errors by file, line, column. */
VG_EXPORT void vg_report_sort(struct vg_report *r);
/* Keep only findings whose severity bit (1u << severity) is set in @mask. */
VG_EXPORT void vg_report_filter(struct vg_report *r, unsigned severity_mask);

/* Every finding, suppressed ones included (writers skip those unless asked to show them). */
VG_EXPORT size_t vg_report_count(const struct vg_report *r);
/* Findings that are suppressed. */
VG_EXPORT size_t vg_report_suppressed_count(const struct vg_report *r);
VG_EXPORT const struct vg_finding *vg_report_get(const struct vg_report *r, size_t i);
VG_EXPORT size_t vg_report_error_count(const struct vg_report *r);
VG_EXPORT const struct vg_diag *vg_report_error(const struct vg_report *r, size_t i);
VG_EXPORT size_t vg_report_note_count(const struct vg_report *r);
VG_EXPORT const struct vg_note *vg_report_note(const struct vg_report *r, size_t i);
/* Count of findings at severity @s (suppressed ones not counted). */
VG_EXPORT size_t vg_report_count_severity(const struct vg_report *r, enum vg_severity s);
/* True when a finding at or above @s remains that is not suppressed. */
VG_EXPORT bool vg_report_has_at_least(const struct vg_report *r, enum vg_severity s);

enum vg_format {
	VG_FORMAT_TABLE = 0,
	VG_FORMAT_JSON,
	VG_FORMAT_SARIF,
};
/* "table", "json", "sarif" -> 0, else -EINVAL. */
VG_EXPORT VG_WUR int vg_format_parse(const char *s, enum vg_format *ret);

struct vg_write_opts {
	bool color;              /* table: ANSI colours */
	const char *tool_name;   /* "vigil" */
	const char *tool_version;
	const char *base_dir;    /* SARIF: originalUriBaseIds SRCROOT; file URIs made relative to it; may be NULL */
	bool show_suppressed;    /* table, JSON: include suppressed findings (SARIF always does,
				  * with "suppressions") */
};

/* Write @r to @out in @fmt. Returns 0, -EIO on a write error, -ENOMEM. */
VG_EXPORT VG_WUR int vg_report_write(const struct vg_report *r, enum vg_format fmt,
				      const struct vg_write_opts *opts, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
