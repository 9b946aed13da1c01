/* SPDX-License-Identifier: Apache-2.0 */
/* pss_object.c - evaluate a workload's pod template against a PSS policy into a report. */
#include <errno.h>

#include "check/check.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct pss_object_ctx {
	const struct vg_k8s_object *obj;
	struct vg_report *report;
	struct vg_strbuf message;
};

static int pss_object_violation(const struct vg_pss_violation *v, void *userdata)
{
	struct pss_object_ctx *c = userdata;
	const struct vg_check_info *info = vg_pss_check_info(v->check_id);
	struct vg_ref ref = { "pss", v->check_id };
	int r;

	if (!info)
		return -EINVAL;
	vg_strbuf_reset(&c->message);
	r = vg_strbuf_printf(&c->message, "%s: %s", v->reason, v->detail);
	if (r)
		return r;
	return vg_check_emit(c->report, info, c->obj, v->node, v->path,
			     vg_strbuf_str(&c->message), &ref, 1);
}

int vg_check_pss_object(const struct vg_k8s_object *obj, const struct vg_pss_policy *policy,
			struct vg_report *report)
{
	struct pss_object_ctx c = { obj, report, VG_STRBUF_INIT };
	struct vg_pod_view view;
	int r;

	if (!obj || !policy || !report)
		return -EINVAL;
	if (!vg_k8s_pod_view(obj, &view))
		return 0;
	r = vg_pss_evaluate(policy, &view, pss_object_violation, &c);
	vg_strbuf_release(&c.message);
	return r;
}
