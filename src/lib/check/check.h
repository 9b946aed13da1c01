/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check/check.h - private interface of the static check families.
 *
 * Each family keeps its metadata in one static const table of struct vg_check_info and
 * exposes it to the registry (registry.c) through a {table, count} pair. Families emit
 * findings into a struct vg_report through vg_check_emit().
 */
#ifndef VG_CHECK_CHECK_H
#define VG_CHECK_CHECK_H

#include "vigil/finding.h"
#include "vigil/k8s.h"
#include "vigil/pss.h"
#include "vigil/report.h"

struct vg_check_family {
	const char *name;
	const struct vg_check_info *checks;
	size_t count;
};

/* Families known to the registry (defined by each family's source file). */
extern const struct vg_check_family vg_check_family_pss;
extern const struct vg_check_family vg_check_family_image;
extern const struct vg_check_family vg_check_family_secrets;
extern const struct vg_check_family vg_check_family_secrets_k8s;
extern const struct vg_check_family vg_check_family_workload;
extern const struct vg_check_family vg_check_family_dockerfile;
extern const struct vg_check_family vg_check_family_gatekeeper; /* policy/gk_kinds.c */

/*
 * Emit one finding for @check about @obj at @node (line/column) and @path, with the message
 * @message and optional instance refs (@refs, @nrefs <= VG_MAX_REFS). Copies everything.
 */
int vg_check_emit(struct vg_report *report, const struct vg_check_info *check,
		  const struct vg_k8s_object *obj, const struct vg_node *node, const char *path,
		  const char *message, const struct vg_ref *refs, size_t nrefs)
	__attribute__((warn_unused_result));

/* The general form: a finding about @object (may be NULL) in @file at @line:@column. */
int vg_check_emit_at(struct vg_report *report, const struct vg_check_info *check,
		     const struct vg_object_ref *object, const char *file, uint32_t line,
		     uint32_t column, const char *path, const char *message,
		     const struct vg_ref *refs, size_t nrefs) __attribute__((warn_unused_result));

/* Evaluate @obj (if it has a pod template) against @policy and emit one finding per
 * violation, with refs.pss = the upstream check ID. */
int vg_check_pss_object(const struct vg_k8s_object *obj, const struct vg_pss_policy *policy,
			struct vg_report *report) __attribute__((warn_unused_result));

/* Options of the workload hardening checks (VG-K8S-*). */
struct vg_workload_opts {
	const char *k8s_version; /* target Kubernetes version for deprecated/removed APIs:
				  * "1.29", "v1.29" or "1.29.3"; NULL = every known removal applies */
	/* VG-K8S-022 skips env values for which this returns true (a VG-SEC rule already
	 * reported them; may be NULL) */
	bool (*secret_reported)(const struct vg_node *value, void *userdata);
	void *secret_userdata;
};

/* Run the workload hardening checks (workload.c) on @obj: containers and pod templates,
 * Secrets, Services, Ingresses and API versions. @opts may be NULL. Returns 0, -ENOMEM, or
 * -EINVAL (bad arguments or an unparsable opts->k8s_version). */
int vg_check_workload_object(const struct vg_k8s_object *obj, const struct vg_workload_opts *opts,
			     struct vg_report *report) __attribute__((warn_unused_result));

/* Whether the variable name @name (@n bytes) says it holds a secret (names.c): DB_PASSWORD,
 * githubToken, AWS_SECRET_ACCESS_KEY - but not TOKENIZERS_PARALLELISM, PASSWORD_FILE or
 * TLS_SECRET_NAME. */
bool vg_check_secret_name(const char *name, size_t n);

#endif
