/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pss_versions.c - PSS evaluation across policy versions, levels and relaxations, the
 * policy parsers, and the paths, nodes and findings reported for a workload.
 *
 * Each case is (pod YAML, policy, the exact ordered list of violated check IDs, one per
 * offending place). Versions are taken on both sides of every change in the spec's change
 * log (1.0, 1.8, 1.19, 1.22, 1.23, 1.25, 1.27, 1.29, 1.31, 1.32, 1.34, 1.35, 1.37).
 */
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
#include "vigil/k8s.h"
#include "vigil/pss.h"
#include "vigil/report.h"

/* ---- helpers ------------------------------------------------------------------------- */

#define HDR "apiVersion: v1\nkind: Pod\n"
/* A pod with plain metadata and a flow-style spec. */
#define POD(spec) HDR "metadata: {name: p}\nspec: " spec "\n"
/* A pod with its own metadata. */
#define POD_META(meta, spec) HDR "metadata: " meta "\nspec: " spec "\n"

/* restricted-compliant container and pod securityContext (latest) */
#define RC(name) "{name: " name ", image: x, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}"
#define RSC "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}"

struct violation {
	char check[48];
	char reason[64];
	char detail[256];
	char path[256];
	uint32_t line, column;
};

struct result {
	struct violation v[32];
	size_t n;
	char ids[1024]; /* check IDs joined with "," */
};

static int collect(const struct vg_pss_violation *v, void *userdata)
{
	struct result *r = userdata;

	assert_non_null(v->node);
	if (r->n < 32) {
		struct violation *o = &r->v[r->n];

		snprintf(o->check, sizeof(o->check), "%s", v->check_id);
		snprintf(o->reason, sizeof(o->reason), "%s", v->reason);
		snprintf(o->detail, sizeof(o->detail), "%s", v->detail);
		snprintf(o->path, sizeof(o->path), "%s", v->path);
		o->line = v->node->line;
		o->column = v->node->column;
	}
	if (r->n++)
		strncat(r->ids, ",", sizeof(r->ids) - strlen(r->ids) - 1);
	strncat(r->ids, v->check_id, sizeof(r->ids) - strlen(r->ids) - 1);
	return 0;
}

struct loaded {
	struct vg_docset *set;
	struct vg_k8s_object obj;
	struct vg_pod_view view;
};

static int take_first(const struct vg_k8s_object *o, void *userdata)
{
	struct loaded *l = userdata;

	l->obj = *o;
	return 1;
}

static void load(const char *name, const char *yaml, struct loaded *l)
{
	struct vg_diag d;

	memset(l, 0, sizeof(*l));
	if (vg_docset_parse(name, yaml, strlen(yaml), VG_SYNTAX_YAML, NULL, &l->set, &d) != 0)
		fail_msg("%s: parse error %u:%u %s", name, d.line, d.column, d.message);
	assert_int_equal(vg_k8s_walk(vg_docset_get(l->set, 0), take_first, l, NULL), 1);
	assert_true(vg_k8s_pod_view(&l->obj, &l->view));
}

static void eval(const char *name, const char *yaml, const char *policy, struct result *r)
{
	struct vg_pss_policy p;
	struct loaded l;

	if (vg_pss_parse_policy(policy, &p) != 0)
		fail_msg("%s: bad policy %s", name, policy);
	load(name, yaml, &l);
	memset(r, 0, sizeof(*r));
	assert_int_equal(vg_pss_evaluate(&p, &l.view, collect, r), 0);
	vg_docset_free(l.set);
}

/* ---- the version/level table --------------------------------------------------------- */

struct vcase {
	const char *name;
	const char *yaml;
	const char *policy;
	const char *expect; /* exact, ordered, comma-separated; "" = allowed */
};

static const char bad_pod[] =
	POD("{hostNetwork: true, containers: [{name: c1, image: x, securityContext: {privileged: true}}]}");
static const char bare_pod[] = POD("{containers: [{name: c1, image: x}]}");
/* the minimal valid restricted pod at each step of the spec's section 1.5 */
static const char min_1_0[] = POD("{securityContext: {runAsNonRoot: true}, containers: [{name: c1, image: x}]}");
static const char min_1_8[] = POD("{securityContext: {runAsNonRoot: true}, containers: "
				  "[{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false}}]}");
static const char min_1_19[] = POD("{securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}, "
				   "containers: [{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false}}]}");
static const char min_1_22[] = POD("{" RSC ", containers: [" RC("c1") "]}");
static const char win_pod[] = POD("{os: {name: windows}, securityContext: {runAsNonRoot: true}, "
				  "containers: [{name: c1, image: x}]}");
static const char win_pod_no_rnr[] = POD("{os: {name: windows}, containers: [{name: c1, image: x}]}");
static const char win_pod_caps[] = POD("{os: {name: Windows}, securityContext: {runAsNonRoot: true}, "
				       "containers: [{name: c1, image: x}]}");
static const char seccomp_ann_pod[] = POD_META(
	"{name: p, annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}}",
	"{containers: [{name: c1, image: x}]}");
static const char seccomp_ann_container[] = POD_META(
	"{name: p, annotations: {container.seccomp.security.alpha.kubernetes.io/c1: unconfined, "
	"container.seccomp.security.alpha.kubernetes.io/other: unconfined}}",
	"{containers: [{name: c1, image: x}]}");
static const char seccomp_ann_ok[] = POD_META(
	"{name: p, annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default, "
	"container.seccomp.security.alpha.kubernetes.io/c1: docker/default, "
	"container.seccomp.security.alpha.kubernetes.io/i1: localhost/prof}}",
	"{initContainers: [{name: i1, image: x}], containers: [{name: c1, image: x}]}");
static const char seccomp_field_pod[] = POD("{securityContext: {seccompProfile: {type: Unconfined}}, "
					    "containers: [{name: c1, image: x}]}");
static const char seccomp_empty_type[] = POD("{containers: [{name: c1, image: x, securityContext: {seccompProfile: {}}}]}");
static const char r18_seccomp_ann[] = POD_META(
	"{name: p, annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}}",
	"{securityContext: {runAsNonRoot: true}, containers: "
	"[{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false}}]}");
static const char r18_seccomp_field[] = POD(
	"{securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}, containers: "
	"[{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false}}]}");
static const char caps_net_raw[] = POD(
	"{securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}, containers: "
	"[{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [NET_RAW]}}}]}");
static const char caps_chown[] = POD(
	"{" RSC ", containers: [{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false, "
	"capabilities: {drop: [ALL], add: [CHOWN]}}}]}");
static const char caps_nbs[] = POD(
	"{" RSC ", containers: [{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false, "
	"capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}]}");
static const char caps_drop_lower[] = POD(
	"{" RSC ", containers: [{name: c1, image: x, securityContext: {allowPrivilegeEscalation: false, "
	"capabilities: {drop: [all]}}}]}");
static const char caps_baseline_multi[] = POD(
	"{containers: [{name: c1, image: x, securityContext: {capabilities: {add: [CAP_SYS_ADMIN, NET_RAW, CHOWN]}}}]}");
static const char uid0_pod[] = POD("{securityContext: {runAsNonRoot: true, runAsUser: 0, seccompProfile: {type: RuntimeDefault}}, "
				   "containers: [" RC("c1") "]}");
static const char uid0_both[] = POD(
	"{securityContext: {runAsNonRoot: true, runAsUser: 0, seccompProfile: {type: RuntimeDefault}}, "
	"containers: [{name: c1, image: x, securityContext: {runAsUser: 0, allowPrivilegeEscalation: false, "
	"capabilities: {drop: [ALL]}}}]}");
static const char uid1000_only[] = POD("{securityContext: {runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}, "
				       "containers: [" RC("c1") "]}");
static const char userns_root[] = POD("{hostUsers: false, securityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}, "
				      "containers: [" RC("c1") "]}");
static const char winhp[] = POD("{os: {name: windows}, hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}}, "
				"containers: [{name: c1, image: x, securityContext: {windowsOptions: {hostProcess: true}}}]}");

#define SYSCTL_POD(n) POD("{securityContext: {sysctls: [{name: " n ", value: '1'}]}, containers: [{name: c1, image: x}]}")
static const char sysctl_reserved[] = SYSCTL_POD("net.ipv4.ip_local_reserved_ports");
static const char sysctl_keepalive[] = SYSCTL_POD("net.ipv4.tcp_keepalive_probes");
static const char sysctl_rmem[] = SYSCTL_POD("net.ipv4.tcp_wmem");
static const char sysctl_lowat[] = SYSCTL_POD("net.ipv4.tcp_notsent_lowat");
static const char sysctl_shm[] = SYSCTL_POD("kernel.shm_rmid_forced");
static const char sysctl_multi[] = POD(
	"{securityContext: {sysctls: [{name: kernel.msgmax, value: '1'}, {name: net.ipv4.tcp_syncookies, value: '1'}, "
	"{name: kernel/shm_rmid_forced, value: '1'}]}, containers: [{name: c1, image: x}]}");

static const char selinux_engine[] = POD("{containers: [{name: c1, image: x, securityContext: {seLinuxOptions: {type: container_engine_t}}}]}");
static const char selinux_multi[] = POD(
	"{securityContext: {seLinuxOptions: {user: u, role: r}}, "
	"containers: [{name: c1, image: x, securityContext: {seLinuxOptions: {type: spc_t, level: 's0:c1'}}}]}");
static const char selinux_level[] = POD("{securityContext: {seLinuxOptions: {level: 's0:c1,c2', type: container_kvm_t}}, "
					"containers: [{name: c1, image: x}]}");

static const char probe_host[] = POD("{containers: [{name: c1, image: x, livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}}]}");
static const char probe_multi[] = POD(
	"{initContainers: [{name: i1, image: x, restartPolicy: Always, readinessProbe: {httpGet: {host: metadata, port: 80}}}], "
	"containers: [{name: c1, image: x, startupProbe: {tcpSocket: {host: '', port: 80}}, "
	"lifecycle: {preStop: {tcpSocket: {host: 169.254.169.254, port: 80}}, postStart: {httpGet: {path: /, port: 80}}}}]}");

static const char procmount_userns[] = POD("{hostUsers: false, containers: [{name: c1, image: x, securityContext: {procMount: Unmasked}}]}");
static const char procmount_userns_r[] = POD(
	"{hostUsers: false, " RSC ", containers: [{name: c1, image: x, securityContext: "
	"{procMount: Unmasked, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}");
static const char procmount_hostusers[] = POD("{hostUsers: true, containers: [{name: c1, image: x, securityContext: {procMount: Unmasked}}]}");
static const char procmount_hostusers_r[] = POD(
	"{hostUsers: true, " RSC ", containers: [{name: c1, image: x, securityContext: "
	"{procMount: Unmasked, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}");
static const char procmount_str_false[] = POD("{hostUsers: 'false', containers: [{name: c1, image: x, securityContext: {procMount: Unmasked}}]}");

static const char vol_hostpath[] = POD("{" RSC ", containers: [" RC("c1") "], volumes: [{name: v, hostPath: {path: /}}]}");
static const char vol_mixed[] = POD(
	"{" RSC ", containers: [" RC("c1") "], volumes: [{name: a, nfs: {server: s, path: /}}, {name: b, emptyDir: {}}, "
	"{name: c, image: {reference: x}}, {name: d}, {name: e, hostPath: null}, {name: f, futureVolume: {}}, "
	"{name: g, gitRepo: {repository: r}, secret: {secretName: s}}]}");

static const char apparmor_ann[] = POD_META(
	"{name: p, annotations: {container.apparmor.security.beta.kubernetes.io/c1: unconfined}}",
	"{containers: [{name: c1, image: x}]}");
static const char apparmor_mixed[] = POD_META(
	"{name: p, annotations: {container.apparmor.security.beta.kubernetes.io/c1: runtime/default, "
	"container.apparmor.security.beta.kubernetes.io/c2: localhost/foo, "
	"container.apparmor.security.beta.kubernetes.io/c3: ''}}",
	"{securityContext: {appArmorProfile: {type: Unconfined}}, initContainers: [{name: i1, image: x, "
	"securityContext: {appArmorProfile: {type: RuntimeDefault}}}], containers: [{name: c1, image: x, "
	"securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}}]}");

static const char hostns_all[] = POD("{hostNetwork: true, hostPID: true, hostIPC: true, containers: [{name: c1, image: x}]}");
static const char hostns_str[] = POD("{hostNetwork: 'true', hostPID: false, containers: [{name: c1, image: x}]}");
static const char priv_all_kinds[] = POD(
	"{initContainers: [{name: i1, image: x, securityContext: {privileged: true}}], "
	"containers: [{name: c1, image: x, securityContext: {privileged: true}}, {name: c2, image: x, securityContext: {privileged: false}}], "
	"ephemeralContainers: [{name: e1, image: x, securityContext: {privileged: true}}]}");
static const char host_ports[] = POD(
	"{containers: [{name: c1, image: x, ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 0}, "
	"{containerPort: 82}]}]}");
static const char rnr_pod_false[] = POD("{securityContext: {runAsNonRoot: false}, containers: [{name: c1, image: x}, {name: c2, image: x}]}");
static const char rnr_c_false[] = POD("{containers: [{name: c1, image: x, securityContext: {runAsNonRoot: false}}, {name: c2, image: x}]}");
static const char rnr_unset2[] = POD("{containers: [{name: c1, image: x}, {name: c2, image: x, securityContext: {runAsNonRoot: 'true'}}]}");
static const char rnr_containers_true[] = POD(
	"{securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}, containers: [{name: c1, image: x, "
	"securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}");
static const char seccomp_c_bad_pod_ok[] = POD(
	"{" RSC ", containers: [{name: c1, image: x, securityContext: {seccompProfile: {type: Unconfined}, "
	"allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}, " RC("c2") "]}");
static const char everything[] = POD(
	"{hostNetwork: true, volumes: [{name: v, hostPath: {path: /}}], "
	"containers: [{name: c1, image: x, ports: [{containerPort: 80, hostPort: 80}], "
	"securityContext: {privileged: true, capabilities: {add: [SYS_ADMIN]}}}]}");

static const struct vcase cases[] = {
	/* levels */
	{ "privileged level", bad_pod, "privileged", "" },
	{ "privileged level v1.0", bad_pod, "privileged:v1.0", "" },
	{ "bad pod baseline", bad_pod, "baseline", "hostNamespaces,privileged" },
	{ "bad pod restricted v1.0", bad_pod, "restricted:v1.0", "hostNamespaces,privileged,runAsNonRoot" },
	/* 1.0 .. 1.22: what restricted requires grows */
	{ "bare v1.0", bare_pod, "restricted:v1.0", "runAsNonRoot" },
	{ "bare v1.7", bare_pod, "restricted:v1.7", "runAsNonRoot" },
	{ "bare v1.8", bare_pod, "restricted:v1.8", "allowPrivilegeEscalation,runAsNonRoot" },
	{ "bare v1.18", bare_pod, "restricted:v1.18", "allowPrivilegeEscalation,runAsNonRoot" },
	{ "bare v1.19", bare_pod, "restricted:v1.19", "allowPrivilegeEscalation,runAsNonRoot,seccompProfile_restricted" },
	{ "bare v1.21", bare_pod, "restricted:v1.21", "allowPrivilegeEscalation,runAsNonRoot,seccompProfile_restricted" },
	{ "bare v1.22", bare_pod, "restricted:v1.22",
	  "allowPrivilegeEscalation,capabilities_restricted,runAsNonRoot,seccompProfile_restricted" },
	{ "bare latest", bare_pod, "restricted", "allowPrivilegeEscalation,capabilities_restricted,runAsNonRoot,seccompProfile_restricted" },
	{ "bare baseline", bare_pod, "baseline:v1.0", "" },
	{ "min 1.0 at 1.0", min_1_0, "restricted:v1.0", "" },
	{ "min 1.0 at 1.7", min_1_0, "restricted:v1.7", "" },
	{ "min 1.0 at 1.8", min_1_0, "restricted:v1.8", "allowPrivilegeEscalation" },
	{ "min 1.8 at 1.18", min_1_8, "restricted:v1.18", "" },
	{ "min 1.8 at 1.19", min_1_8, "restricted:v1.19", "seccompProfile_restricted" },
	{ "min 1.19 at 1.21", min_1_19, "restricted:v1.21", "" },
	{ "min 1.19 at 1.22", min_1_19, "restricted:v1.22", "capabilities_restricted" },
	{ "min 1.22 at 1.22", min_1_22, "restricted:v1.22", "" },
	{ "min 1.22 at latest", min_1_22, "restricted:latest", "" },
	{ "min 1.22 at v1.99", min_1_22, "restricted:v1.99", "" },
	/* 1.19: seccomp annotations before, fields from */
	{ "seccomp pod annotation 1.18", seccomp_ann_pod, "baseline:v1.18", "seccompProfile_baseline" },
	{ "seccomp pod annotation 1.19", seccomp_ann_pod, "baseline:v1.19", "" },
	{ "seccomp container annotation 1.18", seccomp_ann_container, "baseline:v1.18", "seccompProfile_baseline" },
	{ "seccomp allowed annotations 1.0", seccomp_ann_ok, "baseline:v1.0", "" },
	{ "seccomp field 1.18", seccomp_field_pod, "baseline:v1.18", "" },
	{ "seccomp field 1.19", seccomp_field_pod, "baseline:v1.19", "seccompProfile_baseline" },
	{ "seccomp empty type", seccomp_empty_type, "baseline", "seccompProfile_baseline" },
	{ "restricted 1.18 uses baseline annotations", r18_seccomp_ann, "restricted:v1.18", "seccompProfile_baseline" },
	{ "restricted 1.19 overrides baseline", r18_seccomp_ann, "restricted:v1.19", "seccompProfile_restricted" },
	{ "restricted 1.18 ignores fields", r18_seccomp_field, "restricted:v1.18", "" },
	{ "restricted 1.19 seccomp field", r18_seccomp_field, "restricted:v1.19", "seccompProfile_restricted" },
	{ "seccomp container bad, pod ok", seccomp_c_bad_pod_ok, "restricted", "seccompProfile_restricted" },
	/* 1.22: capabilities_restricted overrides capabilities_baseline */
	{ "NET_RAW at 1.21", caps_net_raw, "restricted:v1.21", "capabilities_baseline" },
	{ "NET_RAW at 1.22", caps_net_raw, "restricted:v1.22", "capabilities_restricted,capabilities_restricted" },
	{ "CHOWN at 1.21", caps_chown, "restricted:v1.21", "" },
	{ "CHOWN at 1.22", caps_chown, "restricted:v1.22", "capabilities_restricted" },
	{ "CHOWN baseline", caps_chown, "baseline", "" },
	{ "NET_BIND_SERVICE", caps_nbs, "restricted", "" },
	{ "drop all lower case", caps_drop_lower, "restricted:v1.22", "capabilities_restricted" },
	{ "baseline caps, one per entry", caps_baseline_multi, "baseline", "capabilities_baseline,capabilities_baseline" },
	/* 1.23: runAsUser */
	{ "uid 0 at 1.22", uid0_pod, "restricted:v1.22", "" },
	{ "uid 0 at 1.23", uid0_pod, "restricted:v1.23", "runAsUser" },
	{ "uid 0 pod and container", uid0_both, "restricted", "runAsUser,runAsUser" },
	{ "uid 1000 is not runAsNonRoot", uid1000_only, "restricted", "runAsNonRoot" },
	/* 1.25: Windows relaxes 3 checks only */
	{ "windows 1.24", win_pod, "restricted:v1.24", "allowPrivilegeEscalation,capabilities_restricted,seccompProfile_restricted" },
	{ "windows 1.25", win_pod, "restricted:v1.25", "" },
	{ "windows latest", win_pod, "restricted", "" },
	{ "windows still needs runAsNonRoot", win_pod_no_rnr, "restricted:v1.25", "runAsNonRoot" },
	{ "os name is exact", win_pod_caps, "restricted",
	  "allowPrivilegeEscalation,capabilities_restricted,seccompProfile_restricted" },
	{ "windows hostProcess still baseline", winhp, "baseline", "hostNamespaces,windowsHostProcess,windowsHostProcess" },
	/* sysctls 1.27 / 1.29 / 1.32 / 1.37 */
	{ "reserved_ports 1.26", sysctl_reserved, "baseline:v1.26", "sysctls" },
	{ "reserved_ports 1.27", sysctl_reserved, "baseline:v1.27", "" },
	{ "keepalive 1.28", sysctl_keepalive, "baseline:v1.28", "sysctls" },
	{ "keepalive 1.29", sysctl_keepalive, "baseline:v1.29", "" },
	{ "wmem 1.31", sysctl_rmem, "baseline:v1.31", "sysctls" },
	{ "wmem 1.32", sysctl_rmem, "baseline:v1.32", "" },
	{ "notsent_lowat 1.36", sysctl_lowat, "baseline:v1.36", "sysctls" },
	{ "notsent_lowat 1.37", sysctl_lowat, "baseline:v1.37", "" },
	{ "notsent_lowat latest", sysctl_lowat, "restricted:latest", "allowPrivilegeEscalation,capabilities_restricted,runAsNonRoot,seccompProfile_restricted" },
	{ "shm 1.0", sysctl_shm, "baseline:v1.0", "" },
	{ "sysctls one per name", sysctl_multi, "baseline", "sysctls,sysctls" },
	/* 1.31: SELinux container_engine_t */
	{ "container_engine_t 1.30", selinux_engine, "baseline:v1.30", "seLinuxOptions" },
	{ "container_engine_t 1.31", selinux_engine, "baseline:v1.31", "" },
	{ "selinux user, role, type", selinux_multi, "baseline", "seLinuxOptions,seLinuxOptions,seLinuxOptions" },
	{ "selinux level is free", selinux_level, "baseline", "" },
	/* 1.34: probe and lifecycle hosts */
	{ "probe host 1.33", probe_host, "baseline:v1.33", "" },
	{ "probe host 1.34", probe_host, "baseline:v1.34", "hostProbesAndHostLifecycle" },
	{ "probe hosts, one per place", probe_multi, "baseline", "hostProbesAndHostLifecycle,hostProbesAndHostLifecycle" },
	/* 1.35: user namespaces */
	{ "procMount userns 1.34", procmount_userns, "baseline:v1.34", "procMount" },
	{ "procMount userns 1.35", procmount_userns, "baseline:v1.35", "" },
	{ "procMount userns restricted 1.34", procmount_userns_r, "restricted:v1.34", "procMount" },
	{ "procMount userns restricted 1.35", procmount_userns_r, "restricted:v1.35", "procMount_restricted" },
	{ "procMount hostUsers true 1.35", procmount_hostusers, "baseline:v1.35", "procMount" },
	{ "procMount overridden at restricted 1.35", procmount_hostusers_r, "restricted:v1.35", "procMount_restricted" },
	{ "procMount not overridden at restricted 1.34", procmount_hostusers_r, "restricted:v1.34", "procMount" },
	{ "hostUsers as a string is unset", procmount_str_false, "baseline:v1.35", "procMount" },
	{ "userns root 1.34", userns_root, "restricted:v1.34", "runAsNonRoot,runAsUser" },
	{ "userns root 1.35", userns_root, "restricted:v1.35", "" },
	/* volumes */
	{ "hostPath baseline", vol_hostpath, "baseline", "hostPathVolumes" },
	{ "hostPath restricted 1.0", vol_hostpath, "restricted:v1.0", "restrictedVolumes" },
	{ "hostPath restricted", vol_hostpath, "restricted", "restrictedVolumes" },
	{ "mixed volumes baseline", vol_mixed, "baseline", "" },
	{ "mixed volumes restricted", vol_mixed, "restricted", "restrictedVolumes,restrictedVolumes" },
	/* AppArmor */
	{ "apparmor annotation 1.0", apparmor_ann, "baseline:v1.0", "appArmorProfile" },
	{ "apparmor annotation latest", apparmor_ann, "baseline", "appArmorProfile" },
	{ "apparmor fields", apparmor_mixed, "baseline", "appArmorProfile" },
	/* per place */
	{ "host namespaces", hostns_all, "baseline", "hostNamespaces,hostNamespaces,hostNamespaces" },
	{ "host namespace as string", hostns_str, "baseline", "" },
	{ "privileged everywhere", priv_all_kinds, "baseline", "privileged,privileged,privileged" },
	{ "host ports", host_ports, "baseline", "hostPorts" },
	{ "runAsNonRoot pod false hides implicit", rnr_pod_false, "restricted:v1.0", "runAsNonRoot" },
	{ "runAsNonRoot container false hides implicit", rnr_c_false, "restricted:v1.0", "runAsNonRoot" },
	{ "runAsNonRoot implicit per container", rnr_unset2, "restricted:v1.0", "runAsNonRoot,runAsNonRoot" },
	{ "runAsNonRoot set on containers", rnr_containers_true, "restricted", "" },
	{ "restricted order", everything, "restricted",
	  "hostNamespaces,hostPorts,privileged,allowPrivilegeEscalation,capabilities_restricted,"
	  "capabilities_restricted,restrictedVolumes,runAsNonRoot,seccompProfile_restricted" },
	{ "baseline order", everything, "baseline:v1.21", "capabilities_baseline,hostNamespaces,hostPathVolumes,hostPorts,privileged" },
};

static void test_version_table(void **state)
{
	(void)state;
	size_t failed = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct result r;

		eval(cases[i].name, cases[i].yaml, cases[i].policy, &r);
		if (strcmp(r.ids, cases[i].expect) != 0) {
			print_error("case \"%s\" (%s): expected [%s], got [%s]\n", cases[i].name,
				    cases[i].policy, cases[i].expect, r.ids);
			failed++;
		}
	}
	printf("pss version cases: %zu, failed: %zu\n", sizeof(cases) / sizeof(cases[0]), failed);
	assert_int_equal(failed, 0);
}

/* ---- exact reasons and details ------------------------------------------------------- */

struct dcase {
	const char *yaml;
	const char *policy;
	size_t index;
	const char *check, *reason, *detail, *path;
};

static const struct dcase details[] = {
	{ bare_pod, "restricted", 0, "allowPrivilegeEscalation", "allowPrivilegeEscalation != false",
	  "container \"c1\" must set securityContext.allowPrivilegeEscalation=false",
	  "spec.containers[0].securityContext.allowPrivilegeEscalation" },
	{ bare_pod, "restricted", 1, "capabilities_restricted", "unrestricted capabilities",
	  "container \"c1\" must set securityContext.capabilities.drop=[\"ALL\"]",
	  "spec.containers[0].securityContext.capabilities.drop" },
	{ bare_pod, "restricted", 2, "runAsNonRoot", "runAsNonRoot != true",
	  "pod or container \"c1\" must set securityContext.runAsNonRoot=true",
	  "spec.containers[0].securityContext.runAsNonRoot" },
	{ bare_pod, "restricted", 3, "seccompProfile_restricted", "seccompProfile",
	  "pod or container \"c1\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
	  "spec.containers[0].securityContext.seccompProfile.type" },
	{ hostns_all, "baseline", 1, "hostNamespaces", "host namespaces", "hostPID=true", "spec.hostPID" },
	{ priv_all_kinds, "baseline", 2, "privileged", "privileged",
	  "container \"e1\" must not set securityContext.privileged=true",
	  "spec.ephemeralContainers[0].securityContext.privileged" },
	{ priv_all_kinds, "baseline", 0, "privileged", "privileged",
	  "container \"i1\" must not set securityContext.privileged=true",
	  "spec.initContainers[0].securityContext.privileged" },
	{ caps_baseline_multi, "baseline", 1, "capabilities_baseline", "non-default capabilities",
	  "container \"c1\" must not include \"NET_RAW\" in securityContext.capabilities.add",
	  "spec.containers[0].securityContext.capabilities.add[1]" },
	{ caps_net_raw, "restricted", 1, "capabilities_restricted", "unrestricted capabilities",
	  "container \"c1\" must not include \"NET_RAW\" in securityContext.capabilities.add",
	  "spec.containers[0].securityContext.capabilities.add[0]" },
	{ vol_hostpath, "baseline", 0, "hostPathVolumes", "hostPath volumes", "volume \"v\"", "spec.volumes[0].hostPath" },
	{ vol_mixed, "restricted", 0, "restrictedVolumes", "restricted volume types",
	  "volume \"a\" uses restricted volume type \"nfs\"", "spec.volumes[0].nfs" },
	{ vol_mixed, "restricted", 1, "restrictedVolumes", "restricted volume types",
	  "volume \"f\" uses restricted volume type \"unknown\"", "spec.volumes[5]" },
	{ host_ports, "baseline", 0, "hostPorts", "hostPort", "container \"c1\" uses hostPort 8080",
	  "spec.containers[0].ports[0].hostPort" },
	{ apparmor_ann, "baseline", 0, "appArmorProfile", "forbidden AppArmor profile",
	  "container.apparmor.security.beta.kubernetes.io/c1=\"unconfined\"",
	  "metadata.annotations.container.apparmor.security.beta.kubernetes.io/c1" },
	{ apparmor_mixed, "baseline", 0, "appArmorProfile", "forbidden AppArmor profile",
	  "pod must not set AppArmor profile type to \"Unconfined\"", "spec.securityContext.appArmorProfile.type" },
	{ selinux_multi, "baseline", 0, "seLinuxOptions", "seLinuxOptions",
	  "pod set forbidden securityContext.seLinuxOptions: user may not be set",
	  "spec.securityContext.seLinuxOptions.user" },
	{ selinux_multi, "baseline", 2, "seLinuxOptions", "seLinuxOptions",
	  "container \"c1\" set forbidden securityContext.seLinuxOptions: type \"spc_t\"",
	  "spec.containers[0].securityContext.seLinuxOptions.type" },
	{ procmount_hostusers, "baseline", 0, "procMount", "procMount",
	  "container \"c1\" must not set securityContext.procMount to \"Unmasked\"",
	  "spec.containers[0].securityContext.procMount" },
	{ seccomp_ann_container, "baseline:v1.18", 0, "seccompProfile_baseline", "seccompProfile",
	  "forbidden annotation container.seccomp.security.alpha.kubernetes.io/c1=\"unconfined\"",
	  "metadata.annotations.container.seccomp.security.alpha.kubernetes.io/c1" },
	{ seccomp_field_pod, "baseline", 0, "seccompProfile_baseline", "seccompProfile",
	  "pod must not set securityContext.seccompProfile.type to \"Unconfined\"",
	  "spec.securityContext.seccompProfile.type" },
	{ sysctl_multi, "baseline", 1, "sysctls", "forbidden sysctls", "kernel/shm_rmid_forced",
	  "spec.securityContext.sysctls[2].name" },
	{ winhp, "baseline", 1, "windowsHostProcess", "hostProcess",
	  "pod must not set securityContext.windowsOptions.hostProcess=true",
	  "spec.securityContext.windowsOptions.hostProcess" },
	{ probe_multi, "baseline", 1, "hostProbesAndHostLifecycle", "probe or lifecycle host",
	  "container \"c1\" uses probe or lifecycle host \"169.254.169.254\"",
	  "spec.containers[0].lifecycle.preStop.tcpSocket.host" },
	{ rnr_pod_false, "restricted:v1.0", 0, "runAsNonRoot", "runAsNonRoot != true",
	  "pod must not set securityContext.runAsNonRoot=false", "spec.securityContext.runAsNonRoot" },
	{ uid0_both, "restricted", 1, "runAsUser", "runAsUser=0", "container \"c1\" must not set runAsUser=0",
	  "spec.containers[0].securityContext.runAsUser" },
	{ seccomp_c_bad_pod_ok, "restricted", 0, "seccompProfile_restricted", "seccompProfile",
	  "container \"c1\" must not set securityContext.seccompProfile.type to \"Unconfined\"",
	  "spec.containers[0].securityContext.seccompProfile.type" },
};

static void test_details(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(details) / sizeof(details[0]); i++) {
		const struct dcase *c = &details[i];
		struct result r;

		eval(c->detail, c->yaml, c->policy, &r);
		if (c->index >= r.n)
			fail_msg("detail case %zu: only %zu violations [%s]", i, r.n, r.ids);
		assert_string_equal(r.v[c->index].check, c->check);
		assert_string_equal(r.v[c->index].reason, c->reason);
		assert_string_equal(r.v[c->index].detail, c->detail);
		assert_string_equal(r.v[c->index].path, c->path);
	}
}

/* ---- a workload: paths and nodes ----------------------------------------------------- */

static const char deployment[] =
	"apiVersion: apps/v1\n"                                                       /* 1 */
	"kind: Deployment\n"                                                          /* 2 */
	"metadata:\n"                                                                 /* 3 */
	"  name: web\n"                                                               /* 4 */
	"spec:\n"                                                                     /* 5 */
	"  template:\n"                                                               /* 6 */
	"    metadata:\n"                                                             /* 7 */
	"      annotations:\n"                                                        /* 8 */
	"        container.apparmor.security.beta.kubernetes.io/app: unconfined\n"    /* 9 */
	"    spec:\n"                                                                 /* 10 */
	"      securityContext:\n"                                                    /* 11 */
	"        sysctls:\n"                                                          /* 12 */
	"        - name: kernel.shm_rmid_forced\n"                                    /* 13 */
	"          value: \"1\"\n"                                                    /* 14 */
	"        - name: kernel.msgmax\n"                                             /* 15 */
	"          value: \"1\"\n"                                                    /* 16 */
	"      containers:\n"                                                         /* 17 */
	"      - name: app\n"                                                         /* 18 */
	"        image: x\n"                                                          /* 19 */
	"        securityContext:\n"                                                  /* 20 */
	"          privileged: true\n"                                                /* 21 */
	"      - name: side\n"                                                        /* 22 */
	"        image: y\n";                                                         /* 23 */

static void expect_at(const struct result *r, size_t i, const char *check, const char *path,
		      uint32_t line, uint32_t column)
{
	assert_true(i < r->n);
	assert_string_equal(r->v[i].check, check);
	assert_string_equal(r->v[i].path, path);
	assert_int_equal(r->v[i].line, line);
	assert_int_equal(r->v[i].column, column);
}

static void test_deployment_paths(void **state)
{
	(void)state;
	struct result r;

	eval("deploy.yaml", deployment, "baseline", &r);
	assert_string_equal(r.ids, "appArmorProfile,privileged,sysctls");
	expect_at(&r, 0, "appArmorProfile",
		  "spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/app", 9, 61);
	expect_at(&r, 1, "privileged", "spec.template.spec.containers[0].securityContext.privileged", 21, 23);
	expect_at(&r, 2, "sysctls", "spec.template.spec.securityContext.sysctls[1].name", 15, 17);

	eval("deploy.yaml", deployment, "restricted", &r);
	assert_string_equal(r.ids, "appArmorProfile,privileged,sysctls,"
				   "allowPrivilegeEscalation,allowPrivilegeEscalation,"
				   "capabilities_restricted,capabilities_restricted,"
				   "runAsNonRoot,runAsNonRoot,"
				   "seccompProfile_restricted,seccompProfile_restricted");
	/* missing fields: the nearest present parent (securityContext map, or the container) */
	expect_at(&r, 3, "allowPrivilegeEscalation",
		  "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", 21, 11);
	expect_at(&r, 4, "allowPrivilegeEscalation",
		  "spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation", 22, 9);
	expect_at(&r, 5, "capabilities_restricted",
		  "spec.template.spec.containers[0].securityContext.capabilities.drop", 21, 11);
	expect_at(&r, 8, "runAsNonRoot", "spec.template.spec.containers[1].securityContext.runAsNonRoot",
		  22, 9);
	expect_at(&r, 10, "seccompProfile_restricted",
		  "spec.template.spec.containers[1].securityContext.seccompProfile.type", 22, 9);
}

/* vg_check_pss_object: findings with metadata, object, location and refs. */
static void test_pss_object_findings(void **state)
{
	(void)state;
	struct vg_pss_policy p = { VG_PSS_BASELINE, VG_PSS_LATEST };
	struct vg_report *rep = NULL;
	const struct vg_finding *f = NULL;
	struct loaded l;

	load("deploy.yaml", deployment, &l);
	assert_int_equal(vg_report_new(&rep), 0);
	assert_int_equal(vg_check_pss_object(&l.obj, &p, rep), 0);
	assert_int_equal(vg_report_count(rep), 3);
	for (size_t i = 0; i < vg_report_count(rep); i++)
		if (strcmp(vg_report_get(rep, i)->id, "VG-PSS-002") == 0)
			f = vg_report_get(rep, i);
	assert_non_null(f);
	assert_ptr_equal(f->check, vg_pss_check_info("privileged"));
	assert_int_equal(f->severity, VG_SEV_CRITICAL);
	assert_string_equal(f->title, "Privileged container");
	assert_string_equal(f->message, "privileged: container \"app\" must not set securityContext.privileged=true");
	assert_string_equal(f->file, "deploy.yaml");
	assert_int_equal(f->line, 21);
	assert_int_equal(f->column, 23);
	assert_string_equal(f->object.kind, "Deployment");
	assert_string_equal(f->object.name, "web");
	assert_string_equal(f->object.api_version, "apps/v1");
	assert_string_equal(f->path, "spec.template.spec.containers[0].securityContext.privileged");
	assert_int_equal(f->nrefs, 2);
	assert_string_equal(f->refs[0].key, "pss");
	assert_string_equal(f->refs[0].value, "privileged");
	assert_string_equal(f->refs[1].key, "pss_policy");
	assert_string_equal(f->refs[1].value, "baseline:latest");

	/* privileged level and non-pod kinds add nothing */
	p.level = VG_PSS_PRIVILEGED;
	assert_int_equal(vg_check_pss_object(&l.obj, &p, rep), 0);
	assert_int_equal(vg_report_count(rep), 3);
	vg_report_free(rep);
	vg_docset_free(l.set);
}

static int stop_at_first(const struct vg_pss_violation *v, void *userdata)
{
	(void)v;
	(*(int *)userdata)++;
	return 42;
}

static void test_evaluate_contract(void **state)
{
	(void)state;
	struct vg_pss_policy p = { VG_PSS_RESTRICTED, VG_PSS_LATEST };
	struct loaded l;
	int calls = 0;

	load("deploy.yaml", deployment, &l);
	assert_int_equal(vg_pss_evaluate(&p, &l.view, stop_at_first, &calls), 42);
	assert_int_equal(calls, 1);
	assert_int_equal(vg_pss_evaluate(NULL, &l.view, stop_at_first, &calls), -EINVAL);
	assert_int_equal(vg_pss_evaluate(&p, NULL, stop_at_first, &calls), -EINVAL);
	assert_int_equal(vg_pss_evaluate(&p, &l.view, NULL, &calls), -EINVAL);
	p.level = (enum vg_pss_level)7;
	assert_int_equal(vg_pss_evaluate(&p, &l.view, stop_at_first, &calls), -EINVAL);
	p.level = VG_PSS_PRIVILEGED;
	assert_int_equal(vg_pss_evaluate(&p, &l.view, stop_at_first, &calls), 0);
	assert_int_equal(calls, 1);
	vg_docset_free(l.set);
}

/* ---- parsers ------------------------------------------------------------------------- */

static void test_parse_level(void **state)
{
	(void)state;
	enum vg_pss_level l = VG_PSS_RESTRICTED;

	assert_int_equal(vg_pss_parse_level("privileged", &l), 0);
	assert_int_equal(l, VG_PSS_PRIVILEGED);
	assert_int_equal(vg_pss_parse_level("baseline", &l), 0);
	assert_int_equal(l, VG_PSS_BASELINE);
	assert_int_equal(vg_pss_parse_level("restricted", &l), 0);
	assert_int_equal(l, VG_PSS_RESTRICTED);
	l = VG_PSS_BASELINE;
	assert_int_equal(vg_pss_parse_level("Restricted", &l), -EINVAL);
	assert_int_equal(vg_pss_parse_level("restricted ", &l), -EINVAL);
	assert_int_equal(vg_pss_parse_level("", &l), -EINVAL);
	assert_int_equal(vg_pss_parse_level(NULL, &l), -EINVAL);
	assert_int_equal(l, VG_PSS_BASELINE); /* untouched on failure */
	assert_string_equal(vg_pss_level_name(VG_PSS_PRIVILEGED), "privileged");
	assert_string_equal(vg_pss_level_name(VG_PSS_BASELINE), "baseline");
	assert_string_equal(vg_pss_level_name(VG_PSS_RESTRICTED), "restricted");
}

static void test_parse_version(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		uint32_t minor;
	} good[] = {
		{ "latest", VG_PSS_LATEST }, { "v1.25", 25 }, { "v1.9", 9 }, { "v1.37", 37 },
		{ "v1.99", 99 }, { "v1.1", 1 },
		/* v1.0 is minor 0 */
		{ "v1.0", 0 },
		{ "v1.9223372036854775807", UINT32_MAX - 1 },
	};
	static const char *const bad[] = {
		"1.25", "v1.025", "v1.", "v1", "v2.0", "v1.-1", "v1.+3", "v1.2a", "Latest", "", " v1.2",
		"v1.2 ", "V1.2", "v1.9223372036854775808", "v1.99999999999999999999", "latest:", "v1.2.3",
	};
	uint32_t m;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		m = 12345;
		if (vg_pss_parse_version(good[i].s, &m) != 0)
			fail_msg("version \"%s\" rejected", good[i].s);
		assert_int_equal(m, good[i].minor);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = 12345;
		if (vg_pss_parse_version(bad[i], &m) != -EINVAL)
			fail_msg("version \"%s\" accepted", bad[i]);
		assert_int_equal(m, 12345);
	}
	assert_int_equal(vg_pss_parse_version(NULL, &m), -EINVAL);
}

static void test_parse_policy(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		enum vg_pss_level level;
		uint32_t minor;
	} good[] = {
		{ "restricted", VG_PSS_RESTRICTED, VG_PSS_LATEST },
		{ "baseline:v1.25", VG_PSS_BASELINE, 25 },
		{ "restricted:latest", VG_PSS_RESTRICTED, VG_PSS_LATEST },
		{ "baseline:1.25", VG_PSS_BASELINE, 25 },
		{ "privileged:v1.3", VG_PSS_PRIVILEGED, 3 },
		{ "restricted:1.37", VG_PSS_RESTRICTED, 37 },
	};
	static const char *const bad[] = {
		"baseline:", "baseline:v1.x", "foo:v1.2", ":v1.2", "baseline:v1.25:x", "baselinex",
		"", "Baseline:v1.2", "baseline:1.025", "baseline:1", "restricted:v1.2 ", "baseline :v1.2",
	};
	struct vg_pss_policy p;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&p, 0xff, sizeof(p));
		if (vg_pss_parse_policy(good[i].s, &p) != 0)
			fail_msg("policy \"%s\" rejected", good[i].s);
		assert_int_equal(p.level, good[i].level);
		assert_int_equal(p.minor, good[i].minor);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p.level = VG_PSS_BASELINE;
		p.minor = 7;
		if (vg_pss_parse_policy(bad[i], &p) != -EINVAL)
			fail_msg("policy \"%s\" accepted", bad[i]);
		assert_int_equal(p.level, VG_PSS_BASELINE);
		assert_int_equal(p.minor, 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_table),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_deployment_paths),
		cmocka_unit_test(test_pss_object_findings),
		cmocka_unit_test(test_evaluate_contract),
		cmocka_unit_test(test_parse_level),
		cmocka_unit_test(test_parse_version),
		cmocka_unit_test(test_parse_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
