/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_k8saudit.c - end to end on the k8s_audit source: the official k8s_audit_rules.yaml
 * evaluated over Falco's k8s audit trace files gives the detections of Falco's own test table
 * (falco_k8s_audit_tests.yaml, the scenarios that use only the stock rules). Rule names follow
 * the current rules file (the table predates the renames noted below).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_cond_loader.h"

#define TRACE_DIR VG_SHARED_DIR "/corpus/k8saudit/falco-trace-files/"

struct scenario {
	const char *file;
	const char *rule; /* expected detection, NULL = no rule may fire */
};

static const struct scenario s_scenarios[] = {
	{ "create_nginx_pod_privileged.json", "Create Privileged Pod" },
	{ "create_nginx_pod_unprivileged.json", NULL },
	{ "create_nginx_pod_hostnetwork.json", "Create HostNetwork Pod" },
	{ "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json",
	  "Create Privileged Pod" },
	{ "create_nginx_pod_privileged_2nd_container.json", "Create Privileged Pod" },
	{ "create_nginx_pod_sensitive_mount.json", "Create Sensitive Mount Pod" },
	{ "create_nginx_pod_sensitive_mount_2nd_container.json", "Create Sensitive Mount Pod" },
	{ "create_nginx_pod_unsensitive_mount.json", NULL },
	{ "create_nginx_pod_nohostnetwork.json", NULL },
	{ "anonymous_creates_namespace_foo.json", "Anonymous Request Allowed" },
	{ "exec_pod.json", "Attach/Exec Pod" },
	{ "attach_pod.json", "Attach/Exec Pod" },
	{ "create_pod_kube_system_namespace.json", "Pod Created in Kube Namespace" },
	{ "create_pod_kube_public_namespace.json", "Pod Created in Kube Namespace" },
	{ "create_serviceaccount_kube_system_namespace.json",
	  "Service Account Created in Kube Namespace" },
	{ "create_serviceaccount_kube_public_namespace.json",
	  "Service Account Created in Kube Namespace" },
	{ "delete_cluster_role_kube_aggregator.json", "System ClusterRole Modified/Deleted" },
	{ "modify_cluster_role_node_problem_detector.json", "System ClusterRole Modified/Deleted" },
	{ "attach_cluster_admin_role.json", "Attach to cluster-admin Role" },
	{ "create_cluster_role_wildcard_resources.json", "ClusterRole With Wildcard Created" },
	{ "create_cluster_role_wildcard_verbs.json", "ClusterRole With Wildcard Created" },
	{ "create_cluster_role_write_privileges.json", "ClusterRole With Write Privileges Created" },
	{ "create_cluster_role_pod_exec.json", "ClusterRole With Pod Exec Created" },
	{ "create_deployment.json", "K8s Deployment Created" },
	{ "delete_deployment.json", "K8s Deployment Deleted" },
	{ "create_service.json", "K8s Service Created" },
	{ "delete_service.json", "K8s Service Deleted" },
	{ "create_configmap.json", "K8s ConfigMap Created" },
	{ "delete_configmap.json", "K8s ConfigMap Deleted" },
	{ "delete_namespace_foo.json", "K8s Namespace Deleted" },
	{ "create_serviceaccount.json", "K8s Serviceaccount Created" },
	{ "delete_serviceaccount.json", "K8s Serviceaccount Deleted" },
	/* "K8s Role/Clusterrole Created" and friends in the 0.34 table */
	{ "create_clusterrole.json", "K8s ClusterRole Created" },
	{ "delete_clusterrole.json", "K8s ClusterRole Deleted" },
	{ "create_clusterrolebinding.json", "K8s ClusterRoleBinding Created" },
	{ "delete_clusterrolebinding.json", "K8s ClusterRoleBinding Deleted" },
	{ "create_secret.json", "K8s Secret Created" },
	{ "create_service_account_token_secret.json", NULL },
	{ "create_kube_system_secret.json", NULL },
	{ "delete_secret.json", "K8s Secret Deleted" },
	{ "fal_01_003.json", NULL },
	{ "create_nginx_service_nodeport.json", "Create NodePort Service" },
	{ "create_configmap_sensitive_values.json",
	  "Create/Modify Configmap With Private Credentials" },
};

static struct mini_loader *s_l;

static int setup(void **state)
{
	(void)state;
	s_l = calloc(1, sizeof(*s_l));
	if (mini_load(s_l, VG_SHARED_DIR "/corpus/falco-rules/k8s_audit_rules.yaml",
		      VG_SOURCE_K8S_AUDIT) ||
	    mini_compile(s_l, VG_SOURCE_K8S_AUDIT)) {
		fprintf(stderr, "%s\n", s_l->err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mini_unload(s_l);
	free(s_l);
	return 0;
}

/* evaluate every enabled rule over every event of @file; hits[i] counts rule i */
static void run_file(const char *file, unsigned *hits, struct vg_ruleset *rs, unsigned *rs_hits)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s%s", TRACE_DIR, file);
	size_t len = 0;
	char *text = mini_read_file(path, &len);
	assert_non_null(text);
	uint64_t num = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct vg_docset *set = NULL;
		struct vg_diag d;
		int r = vg_audit_parse(line, strlen(line), NULL, &set, &d);
		assert_int_equal(r, 0);
		const struct vg_node *root = vg_docset_get(set, 0)->root;
		for (size_t k = 0; k < vg_audit_count(root); k++) {
			struct vg_audit_event ev;
			vg_audit_event_init(&ev, vg_audit_item(root, k), ++num);
			for (size_t i = 0; i < s_l->nrules; i++)
				if (s_l->rules[i].enabled && vg_cond_eval(s_l->rules[i].compiled, &ev))
					hits[i]++;
			uint32_t ids[MINI_MAX];
			size_t n = vg_ruleset_eval(rs, &ev, VG_MATCH_ALL, ids, MINI_MAX);
			for (size_t i = 0; i < n; i++)
				rs_hits[ids[i]]++;
		}
		vg_docset_free(set);
	}
	free(text);
}

static void test_trace_files(void **state)
{
	(void)state;
	struct vg_ruleset *rs = NULL;
	assert_int_equal(vg_ruleset_new(VG_SOURCE_K8S_AUDIT, &rs), 0);
	for (size_t i = 0; i < s_l->nrules; i++)
		if (s_l->rules[i].enabled)
			assert_int_equal(vg_ruleset_add(rs, s_l->rules[i].compiled, (uint32_t)i), 0);
	for (size_t s = 0; s < sizeof(s_scenarios) / sizeof(s_scenarios[0]); s++) {
		const struct scenario *sc = &s_scenarios[s];
		unsigned hits[MINI_MAX] = { 0 }, rs_hits[MINI_MAX] = { 0 };
		run_file(sc->file, hits, rs, rs_hits);
		size_t total = 0;
		bool found = false;
		for (size_t i = 0; i < s_l->nrules; i++) {
			total += hits[i];
			assert_int_equal(hits[i], rs_hits[i]); /* the ruleset agrees */
			if (sc->rule && strcmp(s_l->rules[i].name, sc->rule) == 0 && hits[i] > 0)
				found = true;
		}
		if (sc->rule && !found)
			fail_msg("%s: rule '%s' did not fire", sc->file, sc->rule);
		if (!sc->rule && total)
			fail_msg("%s: %zu unexpected detections", sc->file, total);
	}
	vg_ruleset_unref(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
