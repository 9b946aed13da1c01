/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy/gatekeeper.h - OPA Gatekeeper constraints evaluated natively (docs/gatekeeper.md).
 *
 * A struct vg_gk_set collects, in a first pass over the inputs, the Constraint objects
 * (apiVersion constraints.gatekeeper.sh/<v>) and the Namespace objects (their labels, for
 * spec.match.namespaceSelector). In the second pass vg_gk_check_object() matches every
 * constraint against an object (and, for workload controllers, against the Pod their template
 * creates) and runs the constraint kind's evaluator, a C port of the gatekeeper-library rego.
 * Findings carry the check VG-GK-NNN of the kind, a severity from spec.enforcementAction and the
 * refs constraint=<Kind>/<name> and enforcement=<action>.
 *
 * Objects are borrowed: the documents they come from must outlive the set.
 */
#ifndef VG_POLICY_GATEKEEPER_H
#define VG_POLICY_GATEKEEPER_H

#include "vigil/k8s.h"
#include "vigil/report.h"

struct vg_gk_set;

int vg_gk_set_new(struct vg_gk_set **ret_set) __attribute__((warn_unused_result));
void vg_gk_set_free(struct vg_gk_set *set);

/* First pass. Constraints and ConstraintTemplates are taken from every object; Namespaces only
 * when @namespaces is true (not from --policy files). Unknown constraint kinds and templates
 * become notes in @report. Returns 0 or -ENOMEM. */
int vg_gk_collect(struct vg_gk_set *set, const struct vg_k8s_object *obj, bool namespaces,
		  struct vg_report *report) __attribute__((warn_unused_result));

/* Number of constraints collected (implemented kinds only). */
size_t vg_gk_count(const struct vg_gk_set *set);

/* Second pass: evaluate every constraint against @obj. Returns 0, -ENOMEM or -EINVAL. */
int vg_gk_check_object(struct vg_gk_set *set, const struct vg_k8s_object *obj,
		       struct vg_report *report) __attribute__((warn_unused_result));

/* After the second pass: the summary note on constraints that were not evaluated. */
int vg_gk_finish(struct vg_gk_set *set, struct vg_report *report)
	__attribute__((warn_unused_result));

/* True when @kind is a constraint kind vigil evaluates. */
bool vg_gk_kind_supported(const char *kind);

#endif
