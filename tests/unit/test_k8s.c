/* SPDX-License-Identifier: Apache-2.0 */
/* test_k8s.c - objects in documents: identification, Lists, namespaces, pod templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/k8s.h"

struct seen {
	char lines[32][160];
	size_t n;
};

static int record(const struct vg_k8s_object *o, void *ud)
{
	struct seen *s = ud;
	struct vg_pod_view v;
	bool pod = vg_k8s_pod_view(o, &v);
	if (s->n < 32)
		snprintf(s->lines[s->n++], sizeof(s->lines[0]), "%s %s %s/%s list=%d pod=%s", o->api_version,
			 o->kind, o->namespace ? o->namespace : "-", o->name,
			 o->list_index == UINT32_MAX ? -1 : (int)o->list_index, pod ? v.spec_path : "-");
	return 0;
}

static void walk_text(const char *text, struct seen *s, struct vg_k8s_walk_stats *ws)
{
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_docset_parse("t.yaml", text, strlen(text), VG_SYNTAX_YAML, NULL, &set, &d), 0);
	for (size_t i = 0; i < vg_docset_count(set); i++)
		assert_int_equal(vg_k8s_walk(vg_docset_get(set, i), record, s, ws), 0);
	vg_docset_free(set);
}

static void test_kinds_and_views(void **state)
{
	(void)state;
	static const char text[] =
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n---\n"
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec: {jobTemplate: {spec: {template: {spec: {}}}}}\n---\n"
		"apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: v1\nkind: PodTemplate\nmetadata: {name: pt}\ntemplate: {spec: {}}\n---\n"
		"apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: crd}\nspec: {template: {spec: {}}}\n---\n"
		"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: cr}\n---\n"
		"apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n"
		"apiVersion: v1\nkind: Service\nmetadata: {generateName: svc-}\n---\n"
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nospec}\n---\n"
		"replicaCount: 2\n---\n- a\n---\n";
	struct seen s = { 0 };
	struct vg_k8s_walk_stats ws = { 0 };
	walk_text(text, &s, &ws);
	static const char *const want[] = {
		"v1 Pod default/p list=-1 pod=spec",
		"apps/v1 Deployment shop/d list=-1 pod=spec.template.spec",
		"apps/v1 StatefulSet default/s list=-1 pod=spec.template.spec",
		"apps/v1 DaemonSet default/ds list=-1 pod=spec.template.spec",
		"apps/v1 ReplicaSet default/rs list=-1 pod=spec.template.spec",
		"batch/v1 Job default/j list=-1 pod=spec.template.spec",
		"batch/v1 CronJob default/cj list=-1 pod=spec.jobTemplate.spec.template.spec",
		"v1 ReplicationController default/rc list=-1 pod=spec.template.spec",
		"v1 PodTemplate default/pt list=-1 pod=template.spec",
		"example.com/v1 Deployment default/crd list=-1 pod=-",
		"rbac.authorization.k8s.io/v1 ClusterRole -/cr list=-1 pod=-",
		"v1 Namespace -/shop list=-1 pod=-",
		"v1 Service default/svc- list=-1 pod=-",
		"apps/v1 Deployment default/nospec list=-1 pod=-",
	};
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s.n; i++)
		assert_string_equal(s.lines[i], want[i]);
	assert_int_equal(ws.objects, 14);
	assert_int_equal(ws.non_k8s, 2);
	assert_int_equal(ws.empty, 1);
}

static void test_lists_flattened(void **state)
{
	(void)state;
	static const char text[] =
		"apiVersion: v1\nkind: List\nitems:\n"
		"- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: x}\n  spec: {}\n"
		"- 42\n"
		"- apiVersion: v1\n  kind: ConfigMapList\n  items:\n"
		"  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: cm}\n"
		"---\napiVersion: apps/v1\nkind: DeploymentList\nitems: []\n";
	struct seen s = { 0 };
	struct vg_k8s_walk_stats ws = { 0 };
	walk_text(text, &s, &ws);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.lines[0], "v1 Pod x/a list=0 pod=spec");
	assert_string_equal(s.lines[1], "v1 ConfigMap default/cm list=0 pod=-");
	assert_int_equal(ws.non_k8s, 1);
}

struct order {
	char names[8][32];
	size_t n;
};

static int record_container(const struct vg_container_ref *c, void *ud)
{
	struct order *o = ud;
	snprintf(o->names[o->n++], sizeof(o->names[0]), "%s[%u]=%s", vg_container_field_name(c->field),
		 c->index, c->name);
	return o->n == 4 ? 7 : 0;
}

static void test_container_order(void **state)
{
	(void)state;
	static const char text[] = "containers: [{name: c0}, {name: c1}]\n"
				   "ephemeralContainers: [{name: e0}]\n"
				   "initContainers: [{name: i0}, 3]\n";
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_docset_parse("t.yaml", text, strlen(text), VG_SYNTAX_YAML, NULL, &set, &d), 0);
	struct order o = { 0 };
	assert_int_equal(vg_k8s_for_each_container(vg_docset_get(set, 0)->root, record_container, &o), 7);
	assert_int_equal(o.n, 4);
	assert_string_equal(o.names[0], "initContainers[0]=i0");
	assert_string_equal(o.names[1], "containers[0]=c0");
	assert_string_equal(o.names[2], "containers[1]=c1");
	assert_string_equal(o.names[3], "ephemeralContainers[0]=e0");
	vg_docset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_and_views),
		cmocka_unit_test(test_lists_flattened),
		cmocka_unit_test(test_container_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
