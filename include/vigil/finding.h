/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/finding.h - the finding model and the check registry's metadata.
 *
 * Every check is described once, as data (struct vg_check_info, in a static const table per
 * family). A finding is one violation of one check at one place.
 */
#ifndef VIGIL_FINDING_H
#define VIGIL_FINDING_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vg_severity {
	VG_SEV_INFO = 0,
	VG_SEV_LOW,
	VG_SEV_MEDIUM,
	VG_SEV_HIGH,
	VG_SEV_CRITICAL,
};
#define VG_SEV_COUNT 5

/* "info", "low", "medium", "high", "critical". */
VG_EXPORT const char *vg_severity_name(enum vg_severity s);
/* Case-insensitive; accepts the names above and Trivy's UNKNOWN (= info). 0 or -EINVAL. */
VG_EXPORT VG_WUR int vg_severity_parse(const char *s, enum vg_severity *ret);

/* An upstream identifier, e.g. {"pss", "hostNamespaces"} or {"trivy", "KSV017"}. */
struct vg_ref {
	const char *key;
	const char *value;
};
#define VG_MAX_REFS 4

struct vg_check_info {
	const char *id;          /* stable vigil ID, e.g. "VG-PSS-001" */
	const char *family;      /* "pss", "workload", "dockerfile", ... */
	enum vg_severity severity;
	const char *title;       /* one line, no full stop */
	const char *description; /* what and why; used as SARIF help text */
	const char *remediation; /* how to fix */
	const char *help_uri;    /* upstream documentation, may be NULL */
	struct vg_ref refs[VG_MAX_REFS]; /* terminated by a {NULL, NULL} entry or the array end */
};

/* The Kubernetes object a finding is about (all may be NULL for non-Kubernetes inputs). */
struct vg_object_ref {
	const char *api_version;
	const char *kind;
	const char *namespace;
	const char *name;
};

/* How a finding was suppressed (docs/suppressions.md). A suppressed finding stays in the
 * report, but does not count towards the summary's findings or --fail-on. */
enum vg_suppression {
	VG_SUPPRESSION_NONE = 0,
	VG_SUPPRESSION_ANNOTATION,  /* vigil.dev/ignore annotation on the object */
	VG_SUPPRESSION_COMMENT,     /* "# vigil:ignore=" (or "# hadolint ignore=") in a Dockerfile */
	VG_SUPPRESSION_IGNORE_FILE, /* an entry of an ignore file (.vigilignore.yaml) */
	VG_SUPPRESSION_CONFIG,      /* an entry of the config file's ignore: list */
};
/* "inline-annotation", "inline-comment", "ignore-file", "config"; "none". */
VG_EXPORT const char *vg_suppression_name(enum vg_suppression s);
/* True for the in-source kinds (annotation, comment): SARIF's "inSource", else "external". */
VG_EXPORT bool vg_suppression_in_source(enum vg_suppression s);

/* For findings about a package (vulnerabilities): what is affected and what fixes it. */
struct vg_finding_pkg {
	const char *name;
	const char *version;         /* installed */
	const char *fixed_version;   /* NULL when no fix is known */
	const char *ecosystem;       /* "Debian:12", "npm", ... */
	const char *purl;
	const char *type;            /* "dpkg", "npm", ... */
	const char *layer;           /* diff_id of the layer that introduced it, or NULL */
	const char *aliases;         /* other IDs of the vulnerability, comma-separated, or NULL */
	double score;                /* CVSS base score, or -1 when unknown */
	const char *cvss_vector;     /* or NULL */
	const char *url;             /* advisory URL, or NULL */
};

struct vg_finding {
	const struct vg_check_info *check; /* static; gives id, title, remediation, help */
	const char *id;                    /* = check->id */
	enum vg_severity severity;         /* normally check->severity */
	const char *title;
	const char *message;               /* this instance: what exactly is wrong */
	const char *remediation;
	const char *file;
	uint32_t line, column;             /* 1-based, 0 unknown */
	struct vg_object_ref object;
	const char *path;                  /* field path in the object, e.g. spec.containers[0].image */
	size_t nrefs;
	struct vg_ref refs[VG_MAX_REFS];   /* instance refs (e.g. pss=<upstream check>) */
	const struct vg_finding_pkg *pkg;  /* vulnerabilities only, else NULL */
	enum vg_suppression suppressed;    /* VG_SUPPRESSION_NONE unless suppressed */
	const char *justification;         /* the suppression's reason, or NULL */
};

/* ---- check registry (static, read-only tables) --------------------------------------- */

VG_EXPORT size_t vg_check_count(void);
VG_EXPORT const struct vg_check_info *vg_check_at(size_t i);
/* NULL when unknown. */
VG_EXPORT const struct vg_check_info *vg_check_find(const char *id);

#ifdef __cplusplus
}
#endif
#endif
