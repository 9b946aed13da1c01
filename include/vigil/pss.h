/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/pss.h - Pod Security Standards, evaluated as the Kubernetes PodSecurity admission
 * plugin (k8s.io/pod-security-admission/policy) decides, for every policy version v1.0 to
 * the newest known (VG_PSS_NEWEST_MINOR) and "latest".
 */
#ifndef VIGIL_PSS_H
#define VIGIL_PSS_H

#include "common.h"
#include "doc.h"
#include "finding.h"
#include "k8s.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VG_PSS_NEWEST_MINOR 37u /* v1.37 */
#define VG_PSS_LATEST UINT32_MAX /* minor value meaning "latest" (clamped to the newest) */

enum vg_pss_level {
	VG_PSS_PRIVILEGED = 0,
	VG_PSS_BASELINE,
	VG_PSS_RESTRICTED,
};

struct vg_pss_policy {
	enum vg_pss_level level;
	uint32_t minor; /* v1.<minor> (0 = v1.0), or VG_PSS_LATEST */
};

/* "privileged" | "baseline" | "restricted" (exact, as the namespace label). 0 or -EINVAL. */
VG_EXPORT VG_WUR int vg_pss_parse_level(const char *s, enum vg_pss_level *ret_level);
/* "latest" or "v1.<int>" (as PSA's ParseVersion). 0 or -EINVAL. */
VG_EXPORT VG_WUR int vg_pss_parse_version(const char *s, uint32_t *ret_minor);
/* "LEVEL" or "LEVEL:VERSION" (VERSION as above, "1.25" also accepted). 0 or -EINVAL. */
VG_EXPORT VG_WUR int vg_pss_parse_policy(const char *s, struct vg_pss_policy *ret_policy);
VG_EXPORT const char *vg_pss_level_name(enum vg_pss_level level);

/* One failing check at one place. Strings are valid only during the callback. */
struct vg_pss_violation {
	const char *check_id;       /* upstream check ID, e.g. "hostNamespaces" */
	const char *reason;         /* upstream ForbiddenReason, e.g. "host namespaces" */
	const char *detail;         /* this place, e.g. "hostNetwork=true" */
	const char *path;           /* field path from the object root, e.g.
				     * "spec.template.spec.containers[0].securityContext.privileged" */
	const struct vg_node *node; /* the offending node (or its nearest present parent) for
				     * line/column; never NULL */
};

typedef int (*vg_pss_cb)(const struct vg_pss_violation *v, void *userdata);

/*
 * Evaluate @pod against @policy. Calls @cb once per violation, in PSA's check order (baseline
 * check IDs sorted, then restricted ones), skipping baseline checks that a restricted check
 * overrides. Returns 0 (allowed or not: the violations tell), or the first non-zero value @cb
 * returned. A privileged policy yields nothing.
 */
VG_EXPORT int vg_pss_evaluate(const struct vg_pss_policy *policy, const struct vg_pod_view *pod,
			      vg_pss_cb cb, void *userdata);

/* The vigil check info for an upstream PSS check ID (e.g. "privileged"), NULL if unknown. */
VG_EXPORT const struct vg_check_info *vg_pss_check_info(const char *upstream_id);

#ifdef __cplusplus
}
#endif
#endif
