/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_live_cgroup.c - container ID (and pod UID) from real /proc/PID/cgroup contents of
 * docker, containerd/CRI, cri-o and podman, cgroup v1 and v2, systemd and cgroupfs drivers;
 * host processes and the runtimes' monitor processes give no container.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "live/state.h"
#include "live/state_internal.h"

#define ID1 "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970"
#define ID2 "9ec39b91f3d70e1beff50a308f77067065ea6be0d91a3378375056cd4422cf3d"
#define ID3 "0b8ab1c5e9f7f5f11f5d74f1a83e7e7b4e0d5de2b6d4bb6cf2a4f6f22e7a7a21"
#define POD "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f"
#define POD_ "2bc6e4a6_5b0e_4c21_9d6c_2d29fa1b6d3f"

struct cg_case {
	const char *what;
	const char *file;   /* /proc/PID/cgroup contents */
	const char *engine; /* container.type or "host" */
	const char *id;     /* full id or "" */
	const char *pod;    /* pod uid or "" */
	bool conmon;
};

static const struct cg_case cases[] = {
	{ "docker, cgroup v1, cgroupfs driver",
	  "12:pids:/docker/" ID1 "\n11:memory:/docker/" ID1 "\n1:name=systemd:/docker/" ID1 "\n",
	  "docker", ID1, "", false },
	{ "docker, cgroup v1, systemd driver (CentOS)",
	  "10:devices:/system.slice/docker-" ID2 ".scope\n"
	  "1:name=systemd:/system.slice/docker-" ID2 ".scope\n",
	  "docker", ID2, "", false },
	{ "docker, cgroup v2, systemd driver", "0::/system.slice/docker-" ID2 ".scope\n", "docker",
	  ID2, "", false },
	{ "docker with systemd inside (init.scope below the container scope)",
	  "0::/system.slice/docker-" ID2 ".scope/init.scope\n", "docker", ID2, "", false },
	{ "containerd CRI, cgroup v2, systemd driver, besteffort pod",
	  "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
	  ".slice/cri-containerd-" ID3 ".scope\n",
	  "containerd", ID3, POD, false },
	{ "containerd CRI, guaranteed pod (no QoS slice)",
	  "0::/kubepods.slice/kubepods-pod" POD_ ".slice/cri-containerd-" ID3 ".scope\n",
	  "containerd", ID3, POD, false },
	{ "containerd CRI, cgroup v1, cgroupfs driver",
	  "11:memory:/kubepods/burstable/pod" POD "/" ID3 "\n"
	  "1:name=systemd:/kubepods/burstable/pod" POD "/" ID3 "\n",
	  "containerd", ID3, POD, false },
	{ "containerd without SystemdCgroup (cri-containerd in the unit)",
	  "0::/system.slice/containerd.service/kubepods-burstable-pod" POD_
	  ".slice:cri-containerd:" ID3 "\n",
	  "containerd", ID3, POD, false },
	{ "cri-o, cgroup v2, systemd driver",
	  "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
	  ".slice/crio-" ID1 ".scope\n",
	  "cri-o", ID1, POD, false },
	{ "cri-o, cgroupfs driver", "0::/kubepods/besteffort/pod" POD "/crio-" ID1 "\n", "cri-o",
	  ID1, POD, false },
	{ "cri-o conmon is the monitor, not the container",
	  "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
	  ".slice/crio-conmon-" ID1 ".scope\n",
	  "host", "", "", true },
	{ "podman rootful", "0::/machine.slice/libpod-" ID2 ".scope/container\n", "podman", ID2, "",
	  false },
	{ "podman rootless",
	  "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID2 ".scope\n",
	  "podman", ID2, "", false },
	{ "podman conmon", "0::/machine.slice/libpod-conmon-" ID2 ".scope\n", "host", "", "",
	  true },
	{ "kind node: docker outside, pod inside (the innermost wins)",
	  "0::/docker/" ID1 "/kubepods/besteffort/pod" POD "/" ID3 "\n", "containerd", ID3, POD,
	  false },
	{ "host: login session", "0::/user.slice/user-0.slice/session-3.scope\n", "host", "", "",
	  false },
	{ "host: systemd service",
	  "12:pids:/system.slice/ssh.service\n0::/system.slice/ssh.service\n", "host", "", "",
	  false },
	{ "host: root cgroup (or a cgroup namespace)", "0::/\n", "host", "", "", false },
	{ "host: init", "0::/init.scope\n", "host", "", "", false },
	{ "not 64 hex: short id", "0::/docker/4f797c539e6c\n", "host", "", "", false },
	{ "not 64 hex: upper case", "0::/system.slice/docker-4F797C539E6C745DE61A93CA3FF892358ECBCACCD8414D5DB545C38428142970.scope\n",
	  "host", "", "", false },
	{ "not 64 hex: 65 characters", "0::/docker/" ID1 "0\n", "host", "", "", false },
	{ "bare id must be the last component", "0::/" ID1 "/sub\n", "host", "", "", false },
	{ "empty file", "", "host", "", "", false },
	{ "garbage lines", "no colons here\n::\n1:x\n", "host", "", "", false },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cg_case *c = &cases[i];
		struct vg_cgroup_match m;
		bool found = vg_cgroup_match_file(c->file, strlen(c->file), &m);
		if (found != (c->id[0] != '\0') || strcmp(m.id, c->id) != 0 ||
		    strcmp(vg_cgroup_engine_name(m.engine), c->engine) != 0 ||
		    strcmp(m.pod_uid, c->pod) != 0 || m.conmon != c->conmon)
			fail_msg("case '%s': found=%d id=%s engine=%s pod=%s conmon=%d", c->what, found,
				 m.id, vg_cgroup_engine_name(m.engine), m.pod_uid, m.conmon);
	}
}

static void test_path(void **state)
{
	(void)state;
	struct vg_cgroup_match m;
	const char *p = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
			".slice/cri-containerd-" ID3 ".scope";
	assert_true(vg_cgroup_match_path(p, strlen(p), &m));
	assert_string_equal(m.id, ID3);
	assert_int_equal(m.engine, VG_CGROUP_CONTAINERD);
	assert_string_equal(m.pod_uid, POD);
	/* a malformed pod uid is ignored, the container still found */
	p = "/kubepods.slice/kubepods-podnot_a_uid.slice/cri-containerd-" ID3 ".scope";
	assert_true(vg_cgroup_match_path(p, strlen(p), &m));
	assert_string_equal(m.pod_uid, "");
	/* @len is honoured (no NUL needed) */
	char buf[200];
	snprintf(buf, sizeof(buf), "/docker/%sXYZ", ID1);
	assert_true(vg_cgroup_match_path(buf, strlen(buf) - 3, &m));
	assert_string_equal(m.id, ID1);
	assert_false(vg_cgroup_match_path(NULL, 0, &m));
	assert_string_equal(vg_cgroup_engine_name(VG_CGROUP_CRIO), "cri-o");
	assert_string_equal(vg_cgroup_engine_name((enum vg_cgroup_engine)99), "host");
}

static void test_cache(void **state)
{
	(void)state;
	struct vg_live_containers cs;
	vg_live_containers_init(&cs, 2);
	struct vg_cgroup_match a, b, c, host;
	const char *pa = "/kubepods/besteffort/pod" POD "/" ID3;
	const char *pb = "/docker/" ID1;
	const char *pc = "/machine.slice/libpod-" ID2 ".scope";
	assert_true(vg_cgroup_match_path(pa, strlen(pa), &a));
	assert_true(vg_cgroup_match_path(pb, strlen(pb), &b));
	assert_true(vg_cgroup_match_path(pc, strlen(pc), &c));
	assert_false(vg_cgroup_match_path("/", 1, &host));
	const struct vg_k8s_pod *pod = NULL;
	assert_null(vg_live_containers_get(&cs, &host, &pod));
	const struct vg_container *ca = vg_live_containers_get(&cs, &a, &pod);
	assert_non_null(ca);
	assert_string_equal(ca->id.ptr, "0b8ab1c5e9f7");
	assert_int_equal(ca->id.len, 12);
	assert_string_equal(ca->full_id.ptr, ID3);
	assert_string_equal(ca->type.ptr, "containerd");
	assert_null(ca->name.ptr); /* no CRI socket: metadata absent */
	assert_non_null(pod);
	assert_string_equal(pod->uid.ptr, POD);
	assert_ptr_equal(vg_live_containers_get(&cs, &a, &pod), ca); /* cached */
	const struct vg_container *cb = vg_live_containers_get(&cs, &b, &pod);
	assert_string_equal(cb->type.ptr, "docker");
	assert_null(pod);
	/* full: the least recently used (b: a was used again after it) goes, counted */
	assert_ptr_equal(vg_live_containers_get(&cs, &a, &pod), ca);
	const struct vg_container *cc = vg_live_containers_get(&cs, &c, &pod);
	assert_string_equal(cc->type.ptr, "podman");
	assert_int_equal(cs.evicted, 1);
	assert_int_equal(cs.n, 2);
	assert_ptr_equal(vg_live_containers_get(&cs, &a, &pod), ca); /* a survived */
	vg_live_containers_release(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
