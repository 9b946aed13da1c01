/* SPDX-License-Identifier: Apache-2.0 */
/* pss_object.c - evaluate a workload's pod template against a PSS policy into a report. */
#include <errno.h>
#include <stdio.h>

#include "check/check.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct pss_object_ctx {
	const struct vg_k8s_object *obj;
	struct vg_report *report;
	struct vg_strbuf message;
	char policy[32]; /* "baseline:v1.24", "restricted:latest": the policy that decided */
};

static int pss_object_violation(const struct vg_pss_violation *v, void *userdata)
{
	struct pss_object_ctx *c = userdata;
	const struct vg_check_info *info = vg_pss_check_info(v->check_id);
	const struct vg_ref refs[] = { { "pss", v->check_id }, { "pss_policy", c->policy } };
	int r;

	if (!info)
		return -EINVAL;
	vg_strbuf_reset(&c->message);
	r = vg_strbuf_printf(&c->message, "%s: %s", v->reason, v->detail);
	if (r)
		return r;
	return vg_check_emit(c->report, info, c->obj, v->node, v->path,
			     vg_strbuf_str(&c->message), refs, 2);
}

int vg_check_pss_object(const struct vg_k8s_object *obj, const struct vg_pss_policy *policy,
			struct vg_report *report)
{
	struct pss_object_ctx c = { .obj = obj, .report = report, .message = VG_STRBUF_INIT };
	struct vg_pod_view view;
	int r;

	if (!obj || !policy || !report)
		return -EINVAL;
	if (!vg_k8s_pod_view(obj, &view))
		return 0;
	if (policy->minor == VG_PSS_LATEST)
		snprintf(c.policy, sizeof(c.policy), "%s:latest", vg_pss_level_name(policy->level));
	else
		snprintf(c.policy, sizeof(c.policy), "%s:v1.%u", vg_pss_level_name(policy->level),
			 policy->minor);
	r = vg_pss_evaluate(policy, &view, pss_object_violation, &c);
	vg_strbuf_release(&c.message);
	return r;
}
