/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_live_cri.c - CRI runtime metadata: protobuf decoding of ContainerStatus and
 * PodSandboxStatus responses (hand-built bytes, malformed input), and the gRPC calls over a
 * unix socket against a fake runtime (tests/integration/live/fake_cri.py, python3-h2; the
 * end-to-end tests are skipped when python3-h2 is missing), including the container cache
 * filling container.* and k8s.* fields.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "live/state.h"
#include "live/state_internal.h"

#define CID "0b8ab1c5e9f7f5f11f5d74f1a83e7e7b4e0d5de2b6d4bb6cf2a4f6f22e7a7a21"
#define SANDBOX "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

/* ---- a tiny protobuf writer for the decoding tests ---- */
struct w {
	uint8_t b[2048];
	size_t n;
};
static void w_varint(struct w *w, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		w->b[w->n++] = (uint8_t)(c | (v ? 0x80 : 0));
	} while (v);
}
static void w_bytes(struct w *w, uint32_t f, const void *p, size_t len)
{
	w_varint(w, f << 3 | 2);
	w_varint(w, len);
	memcpy(w->b + w->n, p, len);
	w->n += len;
}
static void w_str(struct w *w, uint32_t f, const char *s)
{
	w_bytes(w, f, s, strlen(s));
}
static void w_int(struct w *w, uint32_t f, uint64_t v)
{
	w_varint(w, f << 3);
	w_varint(w, v);
}
static void w_kv(struct w *w, uint32_t f, const char *k, const char *v)
{
	struct w e = { .n = 0 };
	w_str(&e, 1, k);
	w_str(&e, 2, v);
	w_bytes(w, f, e.b, e.n);
}

static void test_parse(void **state)
{
	(void)state;
	struct w st = { .n = 0 }, md = { .n = 0 }, img = { .n = 0 }, msg = { .n = 0 };
	w_str(&md, 1, "nginx");
	w_int(&md, 2, 3);
	w_str(&img, 1, "docker.io/library/nginx:1.25");
	w_str(&st, 1, CID);
	w_bytes(&st, 2, md.b, md.n);
	w_int(&st, 3, 1);
	w_int(&st, 4, 1700000000123456789ull);
	/* a fixed64 and a fixed32 field are skipped */
	w_varint(&st, 20 << 3 | 1);
	memset(st.b + st.n, 0xff, 8);
	st.n += 8;
	w_varint(&st, 21 << 3 | 5);
	memset(st.b + st.n, 0xff, 4);
	st.n += 4;
	w_bytes(&st, 8, img.b, img.n);
	w_str(&st, 9, "sha256:abc");
	w_kv(&st, 12, "io.kubernetes.pod.name", "web-0");
	w_kv(&st, 12, "io.kubernetes.pod.namespace", "prod");
	w_kv(&st, 12, "app", "");
	w_kv(&st, 13, "io.kubernetes.cri-o.SandboxID", SANDBOX);
	w_bytes(&msg, 1, st.b, st.n);
	struct vg_live_cri_info ri;
	memset(&ri, 0, sizeof(ri));
	assert_int_equal(vg_live_cri_parse_container(msg.b, msg.n, &ri), 1);
	assert_string_equal(ri.id, CID);
	assert_string_equal(ri.name, "nginx");
	assert_string_equal(ri.image, "docker.io/library/nginx:1.25");
	assert_string_equal(ri.image_ref, "sha256:abc");
	assert_int_equal(ri.created_at, 1700000000123456789ull);
	assert_int_equal(ri.labels.n, 3);
	assert_string_equal(ri.labels.v[2].key.ptr, "app");
	assert_string_equal(ri.labels.v[2].value.ptr, "");
	assert_string_equal(ri.pod_name, "web-0");
	assert_string_equal(ri.pod_ns, "prod");
	assert_null(ri.pod_uid);
	assert_string_equal(ri.sandbox_id, SANDBOX);
	/* sandbox: metadata, network, labels */
	struct w sst = { .n = 0 }, smd = { .n = 0 }, net = { .n = 0 }, smsg = { .n = 0 };
	w_str(&smd, 1, "web-0");
	w_str(&smd, 2, "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f");
	w_str(&smd, 3, "prod");
	w_str(&net, 1, "10.1.2.3");
	w_str(&sst, 1, SANDBOX);
	w_bytes(&sst, 2, smd.b, smd.n);
	w_bytes(&sst, 5, net.b, net.n);
	w_kv(&sst, 7, "tier", "front");
	w_bytes(&smsg, 1, sst.b, sst.n);
	assert_int_equal(vg_live_cri_parse_sandbox(smsg.b, smsg.n, &ri), 1);
	assert_string_equal(ri.pod_uid, "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f");
	assert_string_equal(ri.pod_ip, "10.1.2.3");
	assert_int_equal(ri.pod_labels.n, 1);
	assert_string_equal(ri.pod_labels.v[0].value.ptr, "front");
	vg_live_cri_info_release(&ri);
	/* malformed: truncated length, bad wire type, truncated varint; empty = no status */
	static const uint8_t bad1[] = { 0x0a, 0x05, 0x0a, 0x01 };
	static const uint8_t bad2[] = { 0x0f, 0x00 };
	static const uint8_t bad3[] = { 0x0a, 0x03, 0x20, 0x80, 0x80 };
	assert_int_equal(vg_live_cri_parse_container(bad1, sizeof(bad1), &ri), -EBADMSG);
	vg_live_cri_info_release(&ri);
	assert_int_equal(vg_live_cri_parse_container(bad2, sizeof(bad2), &ri), -EBADMSG);
	vg_live_cri_info_release(&ri);
	assert_int_equal(vg_live_cri_parse_container(bad3, sizeof(bad3), &ri), -EBADMSG);
	vg_live_cri_info_release(&ri);
	assert_int_equal(vg_live_cri_parse_container(NULL, 0, &ri), 0);
	assert_int_equal(vg_live_cri_parse_sandbox(bad2, sizeof(bad2), &ri), -EBADMSG);
	vg_live_cri_info_release(&ri);
}

/* ---- against the fake runtime ---- */
static char dir[128], sock[256];
static pid_t server = -1;

static bool have_h2(void)
{
	return system("/usr/bin/python3 -c 'import h2' >/dev/null 2>&1") == 0;
}

static int start_server(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vg-cri-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock, sizeof(sock), "%s/cri.sock", dir);
	if (!have_h2())
		return 0;
	server = fork();
	if (server == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* also when the test aborts */
		execl("/usr/bin/python3", "python3",
		      VG_SOURCE_DIR "/tests/integration/live/fake_cri.py", sock, (char *)NULL);
		_exit(127);
	}
	struct stat sb;
	for (int i = 0; i < 100 && stat(sock, &sb) != 0; i++)
		usleep(50000);
	return 0;
}

static int stop_server(void **state)
{
	(void)state;
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
		server = -1;
	}
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_grpc(void **state)
{
	(void)state;
	if (server <= 0)
		skip();
	struct vg_live_cri_info ri;
	assert_int_equal(vg_live_cri_status(sock, CID, 2000, &ri), 1);
	assert_string_equal(ri.name, "nginx");
	assert_string_equal(ri.image, "docker.io/library/nginx:1.25");
	assert_string_equal(ri.pod_name, "web-0");
	assert_string_equal(ri.pod_ns, "prod");
	assert_string_equal(ri.sandbox_id, SANDBOX);
	assert_string_equal(ri.pod_ip, "10.1.2.3"); /* from PodSandboxStatus */
	assert_int_equal(ri.pod_labels.n, 2);
	vg_live_cri_info_release(&ri);
	/* unknown container: NOT_FOUND */
	assert_int_equal(vg_live_cri_status(sock, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 2000, &ri), 0);
	/* no runtime there */
	char nos[300];
	snprintf(nos, sizeof(nos), "%s/none.sock", dir);
	assert_int_equal(vg_live_cri_status(nos, CID, 500, &ri), -ECONNREFUSED);
	assert_int_equal(vg_live_cri_status(NULL, CID, 500, &ri), -EINVAL);
}

static void test_cache_with_cri(void **state)
{
	(void)state;
	if (server <= 0)
		skip();
	struct vg_live_containers cs;
	vg_live_containers_init(&cs, 4);
	cs.cri_socket = strdup(sock);
	cs.cri_timeout_ms = 2000;
	struct vg_cgroup_match m;
	const char *p = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
			"2bc6e4a6_5b0e_4c21_9d6c_2d29fa1b6d3f.slice/cri-containerd-" CID ".scope";
	assert_true(vg_cgroup_match_path(p, strlen(p), &m));
	const struct vg_k8s_pod *pod = NULL;
	const struct vg_container *c = vg_live_containers_get(&cs, &m, &pod);
	assert_non_null(c);
	assert_string_equal(c->id.ptr, "0b8ab1c5e9f7");
	assert_string_equal(c->name.ptr, "nginx");
	assert_string_equal(c->image.ptr, "docker.io/library/nginx:1.25");
	assert_string_equal(c->image_repository.ptr, "docker.io/library/nginx");
	assert_string_equal(c->image_tag.ptr, "1.25");
	assert_string_equal(c->type.ptr, "containerd");
	assert_int_equal(c->start_ts, 1700000000123456789ull);
	assert_int_equal(c->nlabels, 5);
	assert_non_null(pod);
	assert_string_equal(pod->name.ptr, "web-0");
	assert_string_equal(pod->ns.ptr, "prod");
	assert_string_equal(pod->uid.ptr, "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f");
	assert_string_equal(pod->ip.ptr, "10.1.2.3");
	assert_string_equal(pod->sandbox_id.ptr, "5f1e2d3c4b5a");
	assert_string_equal(pod->full_sandbox_id.ptr, SANDBOX);
	assert_int_equal(pod->nlabels, 2);
	assert_int_equal(cs.cri_lookups, 1);
	assert_int_equal(cs.cri_failures, 0);
	/* a container the runtime does not know: fields absent, counted */
	const char *q = "/docker/ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
	assert_true(vg_cgroup_match_path(q, strlen(q), &m));
	c = vg_live_containers_get(&cs, &m, &pod);
	assert_non_null(c);
	assert_null(c->name.ptr);
	assert_null(pod);
	assert_int_equal(cs.cri_failures, 1);
	vg_live_containers_release(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_grpc),
		cmocka_unit_test(test_cache_with_cri),
	};
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
