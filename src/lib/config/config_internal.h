/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config/config_internal.h - the config's private layout, and the inline suppressions the scan
 * pipeline calls (vigil.dev/ignore annotations, "# vigil:ignore=" Dockerfile comments).
 */
#ifndef VG_CONFIG_INTERNAL_H
#define VG_CONFIG_INTERNAL_H

#include "util/arena.h"
#include "vigil/config.h"
#include "vigil/dockerfile.h"
#include "vigil/k8s.h"

/* An item of checks.enable or checks.disable. */
struct vg_cfg_sel {
	const char *pattern; /* family name, check ID or ID glob */
	bool family;
};

/* severity: {ID: level} */
struct vg_cfg_sev {
	const char *id; /* check ID or glob */
	enum vg_severity severity;
};

struct vg_config {
	struct vg_arena arena; /* every string */
	bool loaded;           /* a config file was loaded */
	bool has_enable;
	struct vg_cfg_sel *enable, *disable;
	size_t nenable, ndisable;
	struct vg_cfg_sev *sev;
	size_t nsev;
	bool has_pss;
	struct vg_pss_policy pss;
	const char *k8s_version;
	bool has_fail_on;
	enum vg_severity fail_on;
	struct vg_suppression_rule *rules;
	size_t nrules, caprules;
};

/* True when @name is the family of a registered check. */
bool vg_config_is_family(const char *name);
/* Whether findings of check @id (of @family) are kept under checks.enable/disable. */
bool vg_config_check_enabled(const struct vg_config *cfg, const char *id, const char *family,
			     bool use_enable);

/* The annotation key of inline suppressions on Kubernetes objects. */
#define VG_IGNORE_ANNOTATION "vigil.dev/ignore"

/*
 * Inline suppressions for the findings the checks just added about one object (those at
 * indexes >= @first): the vigil.dev/ignore annotation of the object's metadata and of its
 * pod template's metadata. A malformed value becomes a note. 0 or -ENOMEM.
 */
int vg_suppress_object(const struct vg_k8s_object *obj, struct vg_report *report, size_t first)
	__attribute__((warn_unused_result));
/*
 * The same for the findings about one Dockerfile: "# vigil:ignore=ID[,ID] reason" and
 * "# hadolint ignore=DLxxxx[,DLxxxx]" comment lines directly above an instruction suppress
 * those checks for findings on that instruction's lines. 0 or -ENOMEM.
 */
int vg_suppress_dockerfile(const struct vg_dockerfile *df, struct vg_report *report, size_t first)
	__attribute__((warn_unused_result));

#endif
