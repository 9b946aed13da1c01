/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check/pss_internal.h - private pieces of the Pod Security Standards evaluator.
 *
 * The evaluator mirrors k8s.io/pod-security-admission/policy: every check is data (struct
 * vg_pss_check: upstream ID, level, ForbiddenReason, metadata) plus an ordered list of
 * versioned implementations (struct vg_pss_version: minimum minor version, function,
 * overridden baseline check IDs). For a policy version V the entry with the greatest
 * minimum <= V applies; a restricted entry that applies at V removes the baseline checks it
 * overrides from the restricted level at V (exactly as upstream's registry populate()).
 *
 * Check functions report one violation per offending place through vg_pss_emit().
 */
#ifndef VG_CHECK_PSS_INTERNAL_H
#define VG_CHECK_PSS_INTERNAL_H

#include <stdarg.h>

#include "util/strbuf.h"
#include "vigil/finding.h"
#include "vigil/k8s.h"
#include "vigil/pss.h"

/* Evaluation state for one (policy, pod) pair; lives on vg_pss_evaluate()'s stack. */
struct vg_pss_ctx {
	const struct vg_pod_view *pod;
	uint32_t minor;                     /* effective policy minor version (clamped) */
	const struct vg_pss_check *check;   /* the check being run */
	vg_pss_cb cb;
	void *userdata;
	struct vg_strbuf cpath;  /* field path of the container being visited */
	struct vg_strbuf path;   /* field path of the violation being built */
	struct vg_strbuf detail; /* detail of the violation being built */
	/* per-check scratch state */
	int pass;
	bool flag;
	size_t count;
	const char *const *allow;
};

typedef int (*vg_pss_check_fn)(struct vg_pss_ctx *x);

struct vg_pss_version {
	uint32_t min_minor;               /* v1.<min_minor> */
	vg_pss_check_fn fn;
	/* baseline check IDs this entry overrides: NULL-terminated, or NULL (restricted only) */
	const char *const *overrides;
};

struct vg_pss_check {
	const char *id;                   /* upstream check ID */
	enum vg_pss_level level;          /* VG_PSS_BASELINE or VG_PSS_RESTRICTED */
	const char *reason;               /* upstream ForbiddenReason (singular form) */
	const struct vg_check_info *info; /* vigil metadata */
	const struct vg_pss_version *versions; /* strictly increasing min_minor */
	size_t nversions;
};

/* The check table in PSA's evaluation order (baseline IDs sorted bytewise, then restricted). */
extern const struct vg_pss_check vg_pss_checks[];
extern const size_t vg_pss_nchecks;

/* vigil metadata of each upstream check, defined in pss_meta.c (VG-PSS-001..019 order). */
extern const struct vg_check_info vg_pss_info[];
extern const size_t vg_pss_ninfo;

/* The versioned entry of @c that applies at @minor (already clamped), or NULL. */
const struct vg_pss_version *vg_pss_select(const struct vg_pss_check *c, uint32_t minor);

/* Set x->path from a printf format. 0 or -ENOMEM/-EFBIG. */
int vg_pss_pathf(struct vg_pss_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), warn_unused_result));
/* Report one violation of the current check at @node (or, if NULL, the pod spec) with the
 * path in x->path and a printf-formatted detail. Returns 0 or the callback's value. */
int vg_pss_emit(struct vg_pss_ctx *x, const struct vg_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), warn_unused_result));

/* ---- check implementations (pss_checks.c) -------------------------------------------- */

int vg_pss_host_namespaces_1_0(struct vg_pss_ctx *x);
int vg_pss_privileged_1_0(struct vg_pss_ctx *x);
int vg_pss_capabilities_baseline_1_0(struct vg_pss_ctx *x);
int vg_pss_host_path_volumes_1_0(struct vg_pss_ctx *x);
int vg_pss_host_ports_1_0(struct vg_pss_ctx *x);
int vg_pss_app_armor_profile_1_0(struct vg_pss_ctx *x);
int vg_pss_se_linux_options_1_0(struct vg_pss_ctx *x);
int vg_pss_se_linux_options_1_31(struct vg_pss_ctx *x);
int vg_pss_proc_mount_1_0(struct vg_pss_ctx *x);
int vg_pss_proc_mount_1_35(struct vg_pss_ctx *x);
int vg_pss_seccomp_baseline_1_0(struct vg_pss_ctx *x);
int vg_pss_seccomp_baseline_1_19(struct vg_pss_ctx *x);
int vg_pss_sysctls_1_0(struct vg_pss_ctx *x);
int vg_pss_sysctls_1_27(struct vg_pss_ctx *x);
int vg_pss_sysctls_1_29(struct vg_pss_ctx *x);
int vg_pss_sysctls_1_32(struct vg_pss_ctx *x);
int vg_pss_sysctls_1_37(struct vg_pss_ctx *x);
int vg_pss_windows_host_process_1_0(struct vg_pss_ctx *x);
int vg_pss_host_probes_lifecycle_1_34(struct vg_pss_ctx *x);
int vg_pss_restricted_volumes_1_0(struct vg_pss_ctx *x);
int vg_pss_run_as_non_root_1_0(struct vg_pss_ctx *x);
int vg_pss_run_as_non_root_1_35(struct vg_pss_ctx *x);
int vg_pss_run_as_user_1_23(struct vg_pss_ctx *x);
int vg_pss_run_as_user_1_35(struct vg_pss_ctx *x);
int vg_pss_allow_privilege_escalation_1_8(struct vg_pss_ctx *x);
int vg_pss_allow_privilege_escalation_1_25(struct vg_pss_ctx *x);
int vg_pss_seccomp_restricted_1_19(struct vg_pss_ctx *x);
int vg_pss_seccomp_restricted_1_25(struct vg_pss_ctx *x);
int vg_pss_capabilities_restricted_1_22(struct vg_pss_ctx *x);
int vg_pss_capabilities_restricted_1_25(struct vg_pss_ctx *x);

#endif
