/* SPDX-License-Identifier: Apache-2.0 */
/* test_workload.c - the workload hardening checks (VG-K8S-*), one positive case and one near
 * miss per check, a hardened Deployment, and the deprecated-API table at two versions. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "vigil/doc.h"

struct walk_ctx {
	struct vg_report *report;
	const struct vg_workload_opts *opts;
};

static int on_object(const struct vg_k8s_object *obj, void *userdata)
{
	struct walk_ctx *w = userdata;
	return vg_check_workload_object(obj, w->opts, w->report);
}

/* Findings of @yaml whose ID is @id (NULL: all) as "ID@path:line:column ..." into @buf. */
static void run(const char *yaml, const char *version, const char *id, char *buf, size_t cap)
{
	struct vg_docset *set = NULL;
	struct vg_diag diag;
	struct vg_report *report;
	struct vg_workload_opts opts = { .k8s_version = version };
	struct walk_ctx w;
	size_t k = 0;

	memset(&diag, 0, sizeof(diag));
	assert_int_equal(vg_docset_parse("t.yaml", yaml, strlen(yaml), VG_SYNTAX_YAML, NULL, &set,
					 &diag), 0);
	assert_int_equal(vg_report_new(&report), 0);
	w.report = report;
	w.opts = version ? &opts : NULL;
	for (size_t d = 0; d < vg_docset_count(set); d++)
		assert_int_equal(vg_k8s_walk(vg_docset_get(set, d), on_object, &w, NULL), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < vg_report_count(report); i++) {
		const struct vg_finding *f = vg_report_get(report, i);
		if (id && strcmp(f->id, id) != 0)
			continue;
		assert_string_equal(f->file, "t.yaml");
		k += (size_t)snprintf(buf + k, cap - k, "%s%s@%s:%u:%u", k ? " " : "", f->id,
				      f->path, f->line, f->column);
		assert_true(k < cap);
	}
	vg_report_free(report);
	vg_docset_free(set);
}

static void expect(const char *yaml, const char *version, const char *id, const char *want)
{
	char got[4096];
	run(yaml, version, id, got, sizeof(got));
	if (strcmp(got, want) != 0)
		print_error("check %s\n got: %s\nwant: %s\n", id ? id : "(all)", got, want);
	assert_string_equal(got, want);
}

#define POD_HEAD "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"

static void test_registry(void **state)
{
	(void)state;
	const struct vg_check_info *c = vg_check_find("VG-K8S-001");
	assert_non_null(c);
	assert_string_equal(c->family, "workload");
	assert_string_equal(c->refs[0].value, "KSV014");
	assert_string_equal(c->refs[1].key, "kube_linter");
	assert_string_equal(c->refs[1].value, "no-read-only-root-fs");
	assert_int_equal(vg_check_find("VG-K8S-013")->severity, VG_SEV_LOW);
	assert_int_equal(vg_check_find("VG-K8S-017")->severity, VG_SEV_HIGH);
	assert_non_null(vg_check_find("VG-K8S-028"));
	assert_null(vg_check_find("VG-K8S-029"));
}

static void test_read_only_root(void **state)
{
	(void)state;
	/* positive: unset (at the container), false (at the value); ephemeral checked too */
	expect(POD_HEAD "  containers:\n  - name: a\n    image: x:1\n"
	       "  - name: b\n    image: x:1\n    securityContext:\n      readOnlyRootFilesystem: false\n"
	       "  ephemeralContainers:\n  - name: dbg\n    image: x:1\n",
	       NULL, "VG-K8S-001",
	       "VG-K8S-001@spec.containers[0].securityContext.readOnlyRootFilesystem:7:5 "
	       "VG-K8S-001@spec.containers[1].securityContext.readOnlyRootFilesystem:12:31 "
	       "VG-K8S-001@spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem:14:5");
	/* near miss: true; the string "true" is not a boolean */
	expect(POD_HEAD "  containers:\n  - name: a\n    image: x:1\n"
	       "    securityContext:\n      readOnlyRootFilesystem: true\n"
	       "  - name: b\n    image: x:1\n    securityContext:\n      readOnlyRootFilesystem: \"true\"\n",
	       NULL, "VG-K8S-001",
	       "VG-K8S-001@spec.containers[1].securityContext.readOnlyRootFilesystem:14:31");
}

static void test_resources(void **state)
{
	(void)state;
	static const char *const none = POD_HEAD "  containers:\n  - name: a\n    image: x:1\n";
	expect(none, NULL, "VG-K8S-002", "VG-K8S-002@spec.containers[0].resources.limits.cpu:7:5");
	expect(none, NULL, "VG-K8S-003", "VG-K8S-003@spec.containers[0].resources.requests.cpu:7:5");
	expect(none, NULL, "VG-K8S-004",
	       "VG-K8S-004@spec.containers[0].resources.requests.memory:7:5");
	expect(none, NULL, "VG-K8S-005", "VG-K8S-005@spec.containers[0].resources.limits.memory:7:5");
	/* limits only: requests default to limits, so only init container without anything flags */
	static const char *const limits = POD_HEAD
		"  initContainers:\n  - name: i\n    image: x:1\n    resources:\n      limits:\n"
		"        cpu: 1\n  containers:\n  - name: a\n    image: x:1\n    resources:\n"
		"      limits:\n        cpu: 1\n        memory: 1Gi\n";
	expect(limits, NULL, "VG-K8S-002", "");
	expect(limits, NULL, "VG-K8S-003", "");
	expect(limits, NULL, "VG-K8S-004",
	       "VG-K8S-004@spec.initContainers[0].resources.requests.memory:10:7");
	expect(limits, NULL, "VG-K8S-005",
	       "VG-K8S-005@spec.initContainers[0].resources.limits.memory:11:9");
	/* requests only: limits flagged, requests not */
	static const char *const req = POD_HEAD "  containers:\n  - name: a\n    image: x:1\n"
		"    resources:\n      requests:\n        cpu: 1\n        memory: 1Gi\n";
	expect(req, NULL, "VG-K8S-003", "");
	expect(req, NULL, "VG-K8S-004", "");
	expect(req, NULL, "VG-K8S-002", "VG-K8S-002@spec.containers[0].resources.limits.cpu:10:7");
}

static void test_image(void **state)
{
	(void)state;
	static const char *const y = POD_HEAD "  containers:\n"
		"  - name: a\n    image: nginx\n"                           /* line 8 */
		"  - name: b\n    image: nginx:latest\n"                    /* line 10 */
		"  - name: c\n    image: reg:5000/nginx\n"                  /* line 12 */
		"  - name: d\n    image: reg:5000/nginx:1.2\n"              /* line 14 */
		"    imagePullPolicy: IfNotPresent\n"                       /* line 15 */
		"  - name: e\n    image: nginx@sha256:abcd\n"               /* line 17 */
		"  - name: f\n    image: nginx:1.2\n    imagePullPolicy: Always\n"
		"  - name: g\n    image: nginx:latest\n    imagePullPolicy: Never\n"; /* 22 */
	expect(y, NULL, "VG-K8S-006",
	       "VG-K8S-006@spec.containers[0].image:8:12 VG-K8S-006@spec.containers[1].image:10:12 "
	       "VG-K8S-006@spec.containers[2].image:12:12 VG-K8S-006@spec.containers[6].image:22:12");
	expect(y, NULL, "VG-K8S-007",
	       "VG-K8S-007@spec.containers[0].image:8:12 VG-K8S-007@spec.containers[1].image:10:12 "
	       "VG-K8S-007@spec.containers[2].image:12:12 VG-K8S-007@spec.containers[3].image:14:12 "
	       "VG-K8S-007@spec.containers[5].image:19:12 VG-K8S-007@spec.containers[6].image:22:12");
	/* pull policy: d explicit IfNotPresent, g Never; a-c default to Always; f Always */
	expect(y, NULL, "VG-K8S-008",
	       "VG-K8S-008@spec.containers[3].imagePullPolicy:15:22 "
	       "VG-K8S-008@spec.containers[6].imagePullPolicy:23:22");
	/* unset policy with a version tag defaults to IfNotPresent */
	expect(POD_HEAD "  containers:\n  - name: a\n    image: nginx:1.2\n", NULL, "VG-K8S-008",
	       "VG-K8S-008@spec.containers[0].imagePullPolicy:8:12");
}

static void test_service_account(void **state)
{
	(void)state;
	expect(POD_HEAD "  containers: []\n", NULL, "VG-K8S-009",
	       "VG-K8S-009@spec.automountServiceAccountToken:6:3");
	expect(POD_HEAD "  automountServiceAccountToken: true\n  containers: []\n", NULL,
	       "VG-K8S-009", "VG-K8S-009@spec.automountServiceAccountToken:6:33");
	expect(POD_HEAD "  automountServiceAccountToken: false\n  containers: []\n", NULL,
	       "VG-K8S-009", "");
	/* default service account: unset, "default", deprecated field "default" */
	expect(POD_HEAD "  containers: []\n", NULL, "VG-K8S-010",
	       "VG-K8S-010@spec.serviceAccountName:6:3");
	expect(POD_HEAD "  serviceAccountName: default\n", NULL, "VG-K8S-010",
	       "VG-K8S-010@spec.serviceAccountName:6:23");
	expect(POD_HEAD "  serviceAccount: default\n", NULL, "VG-K8S-010",
	       "VG-K8S-010@spec.serviceAccount:6:19");
	expect(POD_HEAD "  serviceAccountName: web\n", NULL, "VG-K8S-010", "");
	expect(POD_HEAD "  serviceAccount: web\n", NULL, "VG-K8S-010", "");
}

static void test_host_paths(void **state)
{
	(void)state;
	static const char *const y = POD_HEAD "  volumes:\n"
		"  - name: s\n    hostPath:\n      path: /var/run/docker.sock\n"        /* 9 */
		"  - name: c\n    hostPath:\n      path: /run/containerd/containerd.sock\n" /* 12 */
		"  - name: r\n    hostPath:\n      path: /\n"                           /* 15 */
		"  - name: e\n    hostPath:\n      path: /etc/kubernetes/\n"            /* 18 */
		"  - name: k\n    hostPath:\n      path: /var/lib/kubelet\n"            /* 22 */
		"  - name: ok1\n    hostPath:\n      path: /var/log\n"
		"  - name: ok2\n    hostPath:\n      path: /etcetera\n"
		"  - name: ok3\n    hostPath:\n      path: /data/my-docker.sock.d\n"
		"  - name: ok4\n    emptyDir: {}\n";
	expect(y, NULL, "VG-K8S-012",
	       "VG-K8S-012@spec.volumes[0].hostPath.path:9:13 "
	       "VG-K8S-012@spec.volumes[1].hostPath.path:12:13");
	expect(y, NULL, "VG-K8S-011",
	       "VG-K8S-011@spec.volumes[2].hostPath.path:15:13 "
	       "VG-K8S-011@spec.volumes[3].hostPath.path:18:13 "
	       "VG-K8S-011@spec.volumes[4].hostPath.path:21:13");
	/* the path as the kernel resolves it: repeated slashes and "." segments do not hide it */
	static const char *const odd = POD_HEAD "  volumes:\n"
		"  - name: a\n    hostPath:\n      path: //etc\n"                       /* 9 */
		"  - name: b\n    hostPath:\n      path: /./var//run/./docker.sock\n"    /* 12 */
		"  - name: c\n    hostPath:\n      path: /var/log/.\n";
	expect(odd, NULL, "VG-K8S-011", "VG-K8S-011@spec.volumes[0].hostPath.path:9:13");
	expect(odd, NULL, "VG-K8S-012", "VG-K8S-012@spec.volumes[1].hostPath.path:12:13");
}

static void test_probes(void **state)
{
	(void)state;
	static const char *const y = POD_HEAD
		"  initContainers:\n  - name: i\n    image: x:1\n"
		"  containers:\n  - name: a\n    image: x:1\n    livenessProbe:\n      exec: {}\n"
		"  - name: b\n    image: x:1\n    readinessProbe:\n      exec: {}\n";
	expect(y, NULL, "VG-K8S-013", "VG-K8S-013@spec.containers[1].livenessProbe:14:5");
	expect(y, NULL, "VG-K8S-014", "VG-K8S-014@spec.containers[0].readinessProbe:10:5");
	/* near miss: a Job needs no probes */
	expect("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n"
	       "    spec:\n      containers:\n      - name: a\n        image: x:1\n",
	       NULL, "VG-K8S-013", "");
}

static void test_uid_gid(void **state)
{
	(void)state;
	/* pod-level low UID reported once, container override high passes, container low flags */
	static const char *const y = POD_HEAD
		"  securityContext:\n    runAsUser: 1000\n    runAsGroup: 20000\n"
		"  containers:\n  - name: a\n    image: x:1\n"
		"  - name: b\n    image: x:1\n"
		"  - name: c\n    image: x:1\n    securityContext:\n      runAsUser: 10001\n"
		"  - name: d\n    image: x:1\n    securityContext:\n      runAsUser: 10000\n"
		"      runAsGroup: 0\n";
	expect(y, NULL, "VG-K8S-015",
	       "VG-K8S-015@spec.securityContext.runAsUser:7:16 "
	       "VG-K8S-015@spec.containers[3].securityContext.runAsUser:21:18");
	expect(y, NULL, "VG-K8S-016", "VG-K8S-016@spec.containers[3].securityContext.runAsGroup:22:19");
	/* unset everywhere */
	expect(POD_HEAD "  containers:\n  - name: a\n    image: x:1\n", NULL, "VG-K8S-016",
	       "VG-K8S-016@spec.containers[0].securityContext.runAsGroup:7:5");
}

static void test_capabilities(void **state)
{
	(void)state;
	static const char *const y = POD_HEAD "  containers:\n  - name: a\n    image: x:1\n"
		"    securityContext:\n      capabilities:\n"
		"        add: [SYS_ADMIN, NET_BIND_SERVICE, CAP_NET_RAW, sys_module, NET_ADMIN, BPF, "
		"CHOWN, ALL]\n"
		"        drop: [SYS_ADMIN]\n";
	expect(y, NULL, "VG-K8S-017",
	       "VG-K8S-017@spec.containers[0].securityContext.capabilities.add[0]:11:15 "
	       "VG-K8S-017@spec.containers[0].securityContext.capabilities.add[7]:11:92");
	expect(y, NULL, "VG-K8S-018",
	       "VG-K8S-018@spec.containers[0].securityContext.capabilities.add[2]:11:44");
	expect(y, NULL, "VG-K8S-019",
	       "VG-K8S-019@spec.containers[0].securityContext.capabilities.add[3]:11:57");
	expect(y, NULL, "VG-K8S-020",
	       "VG-K8S-020@spec.containers[0].securityContext.capabilities.add[4]:11:69 "
	       "VG-K8S-020@spec.containers[0].securityContext.capabilities.add[5]:11:80");
	/* near miss: only drop, and harmless adds */
	static const char *const ok = POD_HEAD "  containers:\n  - name: a\n    image: x:1\n"
		"    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE]\n"
		"        drop: [ALL, SYS_ADMIN]\n";
	for (int i = 17; i <= 20; i++) {
		char id[16];
		snprintf(id, sizeof(id), "VG-K8S-0%d", i);
		expect(ok, NULL, id, "");
	}
}

static void test_share_pid(void **state)
{
	(void)state;
	expect(POD_HEAD "  shareProcessNamespace: true\n", NULL, "VG-K8S-021",
	       "VG-K8S-021@spec.shareProcessNamespace:6:26");
	expect(POD_HEAD "  shareProcessNamespace: false\n", NULL, "VG-K8S-021", "");
}

static void test_env_secret(void **state)
{
	(void)state;
	static const char *const y = POD_HEAD "  containers:\n  - name: a\n    image: x:1\n    env:\n"
		"    - name: DB_PASSWORD\n      value: hunter2\n"                      /* 11 */
		"    - name: api_token\n      value: \"abc\"\n"                         /* 13 */
		"    - name: PASSWORD_FILE\n      value: /run/secrets/pw\n"
		"    - name: GITHUB_TOKEN\n      value: \"\"\n"
		"    - name: SECRET_KEY\n      valueFrom:\n        secretKeyRef: {name: s, key: k}\n"
		"    - name: NODE_ENV\n      value: production\n";
	expect(y, NULL, "VG-K8S-022",
	       "VG-K8S-022@spec.containers[0].env[0].value:11:14 "
	       "VG-K8S-022@spec.containers[0].env[1].value:13:14");
}

static void test_secret_object(void **state)
{
	(void)state;
	expect("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: Zm9v\n"
	       "stringData:\n  b: bar\n",
	       NULL, "VG-K8S-023", "VG-K8S-023@data:5:1 VG-K8S-023@stringData:7:1");
	expect("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\ndata: {}\n", NULL,
	       "VG-K8S-023", "");
	/* a ConfigMap with data is not a Secret */
	expect("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  a: b\n", NULL,
	       "VG-K8S-023", "");
}

static void test_service_ingress(void **state)
{
	(void)state;
	expect("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n",
	       NULL, "VG-K8S-024", "VG-K8S-024@spec.type:6:9");
	expect("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: LoadBalancer\n",
	       NULL, "VG-K8S-024", "VG-K8S-024@spec.type:6:9");
	expect("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP\n",
	       NULL, "VG-K8S-024", "");
	expect("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n"
	       "  rules:\n  - host: a.example.com\n",
	       NULL, "VG-K8S-025", "VG-K8S-025@spec.tls:6:3");
	expect("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n"
	       "  tls: []\n",
	       NULL, "VG-K8S-025", "VG-K8S-025@spec.tls:6:8");
	expect("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n"
	       "  tls:\n  - hosts: [a.example.com]\n    secretName: t\n",
	       NULL, "VG-K8S-025", "");
}

static void test_default_namespace(void **state)
{
	(void)state;
	expect("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec: {}\n",
	       NULL, "VG-K8S-026", "VG-K8S-026@metadata.namespace:5:14");
	/* no namespace, another namespace, a non-workload in default */
	expect("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n", NULL, "VG-K8S-026", "");
	expect("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec: {}\n",
	       NULL, "VG-K8S-026", "");
	expect("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  namespace: default\n",
	       NULL, "VG-K8S-026", "");
}

static void test_deprecated_api(void **state)
{
	(void)state;
	static const char *const y =
		"apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: a\n---\n"
		"apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: b\n"
		"spec:\n  tls: [{}]\n---\n"
		"apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n"
		"  name: c\n---\n"
		"apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n"
		"  name: d\n---\n"
		"apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: e\n---\n"
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: f\n";
	/* 1.20: nothing deprecated yet except extensions Deployment (deprecated 1.9, removed
	 * 1.16) and networking v1beta1 Ingress (deprecated 1.19) */
	expect(y, "1.20", "VG-K8S-027", "VG-K8S-027@apiVersion:6:13");
	expect(y, "1.20", "VG-K8S-028", "VG-K8S-028@apiVersion:23:13");
	/* 1.25: CronJob and Ingress removed, HPA v2beta2 deprecated (1.23) */
	expect(y, "v1.25.3", "VG-K8S-027", "VG-K8S-027@apiVersion:13:13");
	expect(y, "v1.25.3", "VG-K8S-028",
	       "VG-K8S-028@apiVersion:1:13 VG-K8S-028@apiVersion:6:13 VG-K8S-028@apiVersion:23:13");
	/* 1.29: flowcontrol v1beta3 deprecated too */
	expect(y, "1.29", "VG-K8S-027", "VG-K8S-027@apiVersion:18:13");
	/* no target: every known removal applies */
	expect(y, NULL, "VG-K8S-028",
	       "VG-K8S-028@apiVersion:1:13 VG-K8S-028@apiVersion:6:13 VG-K8S-028@apiVersion:13:13 "
	       "VG-K8S-028@apiVersion:18:13 VG-K8S-028@apiVersion:23:13");
}

static void test_bad_version(void **state)
{
	(void)state;
	struct vg_docset *set = NULL;
	struct vg_diag diag;
	struct vg_report *report;
	static const char *const y = POD_HEAD "  containers: []\n";
	static const char *const bad[] = { "", "2.1", "1.", "1.x", "1.29abc", "v", NULL };
	struct walk_ctx w;

	memset(&diag, 0, sizeof(diag));
	assert_int_equal(vg_docset_parse("t.yaml", y, strlen(y), VG_SYNTAX_YAML, NULL, &set, &diag),
			 0);
	assert_int_equal(vg_report_new(&report), 0);
	for (const char *const *b = bad; *b; b++) {
		struct vg_workload_opts opts = { .k8s_version = *b };
		w.report = report;
		w.opts = &opts;
		assert_int_equal(vg_k8s_walk(vg_docset_get(set, 0), on_object, &w, NULL), -EINVAL);
	}
	assert_int_equal(vg_check_workload_object(NULL, NULL, report), -EINVAL);
	vg_report_free(report);
	vg_docset_free(set);
}

/* examples/stack/web.yaml's hardened Deployment. Expected:
 *  - VG-K8S-007/008: the image is tag-pinned (2.7.1), not digest-pinned, with IfNotPresent;
 *  - VG-K8S-009: automountServiceAccountToken is not set (web does call the API - its Role in
 *    rbac.yaml - so this one is to be suppressed with a reason, not fixed);
 *  - VG-K8S-024: the web-public Service is a LoadBalancer, by design.
 * Nothing else: read-only root, resources, probes, UID/GID 10101, own service account. */
static void test_web_example(void **state)
{
	(void)state;
	FILE *f = fopen(VG_SOURCE_DIR "/examples/stack/web.yaml", "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	expect(buf, "1.29", NULL,
	       "VG-K8S-009@spec.template.spec.automountServiceAccountToken:37:7 "
	       "VG-K8S-007@spec.template.spec.containers[0].image:56:16 "
	       "VG-K8S-008@spec.template.spec.containers[0].imagePullPolicy:57:26 "
	       "VG-K8S-024@spec.type:142:9");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_read_only_root),
		cmocka_unit_test(test_resources),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_service_account),
		cmocka_unit_test(test_host_paths),
		cmocka_unit_test(test_probes),
		cmocka_unit_test(test_uid_gid),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_share_pid),
		cmocka_unit_test(test_env_secret),
		cmocka_unit_test(test_secret_object),
		cmocka_unit_test(test_service_ingress),
		cmocka_unit_test(test_default_namespace),
		cmocka_unit_test(test_deprecated_api),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_web_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
