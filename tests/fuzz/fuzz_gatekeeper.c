/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_gatekeeper.c - Gatekeeper constraints (policy/): one YAML stream holding constraints,
 * Namespaces and objects, collected and evaluated as `vigil scan` does. Not a parser, but every
 * constraint parameter and object field is untrusted input to the evaluators.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "policy/gatekeeper.h"
#include "vigil/doc.h"

struct pass {
	struct vg_gk_set *gk;
	struct vg_report *report;
};

static int collect(const struct vg_k8s_object *obj, void *userdata)
{
	struct pass *p = userdata;
	return vg_gk_collect(p->gk, obj, true, p->report);
}

static int check(const struct vg_k8s_object *obj, void *userdata)
{
	struct pass *p = userdata;
	return vg_gk_check_object(p->gk, obj, p->report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_limits lim;
	vg_limits_init(&lim);
	lim.max_depth = 64;
	lim.max_nodes = 100000;
	lim.max_alias_expansion = 10000;
	lim.max_scalar_len = 65536;
	lim.max_documents = 1000;
	struct vg_docset *set = NULL;
	struct vg_diag d;
	struct pass p = { NULL, NULL };
	int r = vg_docset_parse("fuzz.yaml", (const char *)data, size, VG_SYNTAX_YAML, &lim, &set, &d);
	if (r == -ENOMEM || r == -EINVAL || !set)
		return 0;
	if (vg_report_new(&p.report) < 0 || vg_gk_set_new(&p.gk) < 0)
		goto done;
	for (size_t i = 0; i < vg_docset_count(set); i++)
		if (vg_k8s_walk(vg_docset_get(set, i), collect, &p, NULL) < 0)
			goto done;
	for (size_t i = 0; i < vg_docset_count(set); i++)
		if (vg_k8s_walk(vg_docset_get(set, i), check, &p, NULL) < 0)
			goto done;
	if (vg_gk_finish(p.gk, p.report) < 0)
		goto done;
done:
	vg_gk_set_free(p.gk);
	vg_report_free(p.report);
	vg_docset_free(set);
	return 0;
}
