/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_replay.c - the replay decoder (docs/replay-format.md): every object of the format,
 * argument typing, the process table across lines (ancestors, exec updates), errors with
 * file:line:column, and each limit.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/fields.h"
#include "vigil/source.h"

static const struct vg_sys_event *dec(struct vg_replay *r, const char *line, uint32_t no)
{
	const struct vg_sys_event *ev = NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	int e = vg_replay_decode(r, line, strlen(line), no, &ev, &d);
	if (e != 1)
		fail_msg("line %u: %d %s", no, e, d.message);
	return ev;
}

static void dec_err(const char *line, int want, const char *msg, uint32_t col)
{
	struct vg_replay *r = NULL;
	assert_int_equal(vg_replay_new("in.jsonl", NULL, &r), 0);
	const struct vg_sys_event *ev = NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	assert_int_equal(vg_replay_decode(r, line, strlen(line), 7, &ev, &d), want);
	assert_null(ev);
	assert_string_equal(d.file, "in.jsonl");
	assert_int_equal(d.line, 7);
	if (col)
		assert_int_equal(d.column, col);
	if (msg && !strstr(d.message, msg))
		fail_msg("message '%s' lacks '%s'", d.message, msg);
	vg_replay_free(r);
}

/* Render field @name of @ev as Falco prints it. */
static const char *field(const struct vg_sys_event *ev, const char *name)
{
	static char out[1024];
	struct vg_field_ref ref;
	size_t used = 0;
	struct vg_diag d;
	if (vg_field_parse(VG_SOURCE_SYSCALL, name, strlen(name), &ref, &used, &d) < 0)
		return "?field";
	char sbuf[4096];
	struct vg_scratch sc = { sbuf, sizeof(sbuf), 0 };
	struct vg_value v[16];
	int n = vg_field_extract(&ref, ev, v, 16, &sc);
	if (n <= 0)
		return "<NA>";
	switch (ref.info->type) {
	case VG_FT_STRING:
		snprintf(out, sizeof(out), "%s", v[0].v.str.ptr);
		break;
	case VG_FT_UINT64: case VG_FT_PORT: case VG_FT_RELTIME: case VG_FT_ABSTIME:
		snprintf(out, sizeof(out), "%llu", (unsigned long long)v[0].v.u64);
		break;
	case VG_FT_INT64:
		snprintf(out, sizeof(out), "%lld", (long long)v[0].v.i64);
		break;
	case VG_FT_BOOL:
		snprintf(out, sizeof(out), "%s", v[0].v.b ? "true" : "false");
		break;
	case VG_FT_IPADDR: case VG_FT_IPNET:
		vg_ipaddr_format(v[0].v.ip, out, sizeof(out));
		break;
	default:
		snprintf(out, sizeof(out), "?type");
	}
	return out;
}

/* loginuid unset: -1 as /proc shows it, or 4294967295 as the live recorder writes it; both are
 * user.loginuid -1. Below -1 is an error. */
static void test_loginuid_unset(void **state)
{
	(void)state;
	struct vg_replay *r = NULL;
	assert_int_equal(vg_replay_new("t.jsonl", NULL, &r), 0);
	const struct vg_sys_event *ev = dec(r,
		"{\"type\":\"openat\",\"proc\":{\"pid\":5,\"exepath\":\"/bin/cat\",\"loginuid\":-1}}", 1);
	assert_string_equal(field(ev, "user.loginuid"), "-1");
	ev = dec(r, "{\"type\":\"openat\",\"proc\":{\"pid\":6,\"exepath\":\"/bin/cat\","
		 "\"loginuid\":4294967295}}", 2);
	assert_string_equal(field(ev, "user.loginuid"), "-1");
	ev = dec(r, "{\"type\":\"openat\",\"proc\":{\"pid\":7,\"exepath\":\"/bin/cat\","
		 "\"loginuid\":1000}}", 3);
	assert_string_equal(field(ev, "user.loginuid"), "1000");
	vg_replay_free(r);
	dec_err("{\"type\":\"openat\",\"proc\":{\"pid\":5,\"loginuid\":-2}}", -EBADMSG,
		"'loginuid' must not be negative", 45);
}

static void test_full_event(void **state)
{
	struct vg_replay *r = NULL;
	assert_int_equal(vg_replay_new("t.jsonl", NULL, &r), 0);
	const struct vg_sys_event *ev = dec(r,
		"{\"type\":\"execve\",\"ts\":\"2024-01-01T00:00:01.5Z\",\"res\":0,\"cpu\":3,"
		"\"hostname\":\"node-1\","
		"\"proc\":{\"pid\":300,\"ppid\":200,\"exepath\":\"/usr/bin/curl\","
		"\"args\":[\"-s\",\"http://x\"],\"cwd\":\"/tmp\",\"tty\":0,\"uid\":1000,\"gid\":1000,"
		"\"user\":\"alice\",\"group\":\"staff\",\"loginuid\":1000,\"loginuser\":\"alice\","
		"\"env\":{\"HOME\":\"/home/alice\"},\"sid\":7,\"cap_effective\":0,"
		"\"exe_from_memfd\":true,"
		"\"ancestors\":[{\"pid\":200,\"name\":\"bash\",\"cmdline\":\"bash -i\"},"
		"{\"pid\":100,\"exepath\":\"/usr/sbin/sshd\",\"ppid\":1}]},"
		"\"container\":{\"full_id\":\"3ad7b26ded6d0123456789abcdef0123456789abcdef0123456789abcdef\","
		"\"name\":\"web\",\"image\":\"registry.io:5000/team/app:1.2@sha256:ab\",\"privileged\":true,"
		"\"labels\":{\"a\":\"b\"},\"mounts\":[{\"source\":\"/var/run/docker.sock\","
		"\"dest\":\"/var/run/docker.sock\",\"rdwr\":true}]},"
		"\"k8s\":{\"pod_name\":\"web-1\",\"namespace\":\"prod\",\"labels\":{\"app\":\"web\"}}}",
		1);
	assert_int_equal(ev->type, VG_EVT_EXECVE);
	assert_int_equal(ev->ts, 1704067201500000000ull);
	assert_int_equal(ev->num, 1);
	assert_int_equal(ev->cpu, 3);
	assert_true(ev->flags & VG_SYS_HAS_RES);
	assert_string_equal(field(ev, "proc.name"), "curl");
	assert_string_equal(field(ev, "proc.exe"), "/usr/bin/curl");
	assert_string_equal(field(ev, "proc.cmdline"), "curl -s http://x");
	assert_string_equal(field(ev, "proc.args"), "-s http://x");
	assert_string_equal(field(ev, "proc.pname"), "bash");
	assert_string_equal(field(ev, "proc.pcmdline"), "bash -i");
	assert_string_equal(field(ev, "proc.aname[2]"), "sshd");
	assert_string_equal(field(ev, "proc.apid[2]"), "100");
	assert_string_equal(field(ev, "proc.aname[3]"), "<NA>");
	assert_string_equal(field(ev, "proc.ppid"), "200");
	assert_string_equal(field(ev, "user.name"), "alice");
	assert_string_equal(field(ev, "user.uid"), "1000");
	assert_string_equal(field(ev, "user.loginname"), "alice");
	assert_string_equal(field(ev, "group.name"), "staff");
	assert_string_equal(field(ev, "proc.env[HOME]"), "/home/alice");
	assert_string_equal(field(ev, "proc.is_exe_from_memfd"), "true");
	assert_string_equal(field(ev, "container.id"), "3ad7b26ded6d");
	assert_string_equal(field(ev, "container.image.repository"), "registry.io:5000/team/app");
	assert_string_equal(field(ev, "container.image.tag"), "1.2");
	assert_string_equal(field(ev, "container.privileged"), "true");
	assert_string_equal(field(ev, "k8s.ns.name"), "prod");
	assert_string_equal(field(ev, "k8s.pod.name"), "web-1");
	assert_string_equal(field(ev, "evt.hostname"), "node-1");
	assert_int_equal(vg_replay_proc_count(r), 3);

	/* next line: only the pid; the table remembers the process and its ancestors */
	ev = dec(r, "{\"type\":\"connect\",\"ts\":1704067202000000000,\"res\":0,"
		    "\"args\":{\"fd\":5,\"addr\":\"10.0.0.9:443\"},\"proc\":{\"pid\":300},"
		    "\"fd\":{\"num\":5,\"cip\":\"10.0.0.2\",\"cport\":40000,\"sip\":\"10.0.0.9\","
		    "\"sport\":443,\"connected\":true}}", 2);
	assert_int_equal(ev->num, 2);
	assert_string_equal(field(ev, "proc.name"), "curl");
	assert_string_equal(field(ev, "proc.aname[2]"), "sshd");
	assert_string_equal(field(ev, "fd.name"), "10.0.0.2:40000->10.0.0.9:443");
	assert_string_equal(field(ev, "fd.type"), "ipv4");
	assert_string_equal(field(ev, "fd.l4proto"), "tcp");
	assert_string_equal(field(ev, "fd.sport"), "443");
	assert_string_equal(field(ev, "fd.sip"), "10.0.0.9");
	assert_string_equal(field(ev, "evt.arg.addr"), "10.0.0.9:443");
	assert_string_equal(field(ev, "container.id"), "host");

	/* exec in the same pid replaces the image, keeps ids */
	ev = dec(r, "{\"type\":\"execve\",\"proc\":{\"pid\":300,\"cmdline\":\"sh -c id\"}}", 3);
	assert_string_equal(field(ev, "proc.name"), "sh");
	assert_string_equal(field(ev, "proc.args"), "-c id");
	assert_string_equal(field(ev, "user.name"), "alice");
	assert_string_equal(field(ev, "proc.pname"), "bash");
	vg_replay_free(r);
}

static void test_args_and_fd(void **state)
{
	struct vg_replay *r = NULL;
	assert_int_equal(vg_replay_new("t.jsonl", NULL, &r), 0);
	const struct vg_sys_event *ev = dec(r,
		"{\"type\":\"openat\",\"res\":3,\"args\":{\"fd\":3,\"dirfd\":-100,"
		"\"name\":\"/etc/shadow\",\"flags\":\"O_RDWR|O_CREAT\",\"mode\":420},"
		"\"fd\":{\"num\":3,\"directory\":\"/etc\",\"filename\":\"shadow\"},"
		"\"proc\":{\"pid\":5,\"name\":\"vi\",\"uid\":0}}", 1);
	assert_string_equal(field(ev, "fd.name"), "/etc/shadow");
	assert_string_equal(field(ev, "fd.directory"), "/etc");
	assert_string_equal(field(ev, "evt.is_open_write"), "true");
	assert_string_equal(field(ev, "evt.is_open_read"), "true");
	assert_string_equal(field(ev, "evt.arg.flags"), "O_CREAT|O_RDWR");
	assert_string_equal(field(ev, "evt.arg.mode"), "0644");
	assert_string_equal(field(ev, "user.name"), "root");
	assert_string_equal(field(ev, "evt.dir"), "<");
	ev = dec(r, "{\"type\":\"ptrace\",\"dir\":\">\",\"args\":{\"request\":\"PTRACE_ATTACH\","
		    "\"pid\":42},\"proc\":{\"pid\":5}}", 2);
	assert_string_equal(field(ev, "evt.arg.request"), "PTRACE_ATTACH");
	assert_string_equal(field(ev, "evt.dir"), ">");
	ev = dec(r, "{\"type\":\"socket\",\"args\":{\"domain\":\"AF_INET\",\"type\":1,"
		    "\"proto\":{\"type\":\"uint\",\"value\":6,\"text\":\"tcp\"}}}", 3);
	assert_string_equal(field(ev, "evt.arg.domain"), "AF_INET");
	assert_string_equal(field(ev, "evt.arg.proto"), "tcp");
	/* blank and comment lines */
	const struct vg_sys_event *none = NULL;
	assert_int_equal(vg_replay_decode(r, "   \n", 4, 4, &none, NULL), 0);
	assert_int_equal(vg_replay_decode(r, "# x", 3, 5, &none, NULL), 0);
	assert_null(none);
	vg_replay_free(r);
}

static void test_errors(void **state)
{
	dec_err("{\"type\":\"execve\",", -EBADMSG, NULL, 0);
	dec_err("[1]", -EBADMSG, "must be a JSON object", 1);
	dec_err("{\"ts\":1}", -EBADMSG, "missing 'type'", 1);
	dec_err("{\"type\":\"nosuch\"}", -EBADMSG, "unknown event type 'nosuch'", 9);
	dec_err("{\"type\":\"open\",\"bogus\":1}", -EBADMSG, "unknown key 'bogus'", 16);
	dec_err("{\"type\":\"open\",\"ts\":\"yesterday\"}", -EBADMSG, "'ts' must be", 21);
	dec_err("{\"type\":\"open\",\"args\":{\"nosucharg\":1}}", -EBADMSG,
		"unknown event argument 'nosucharg'", 24);
	dec_err("{\"type\":\"open\",\"args\":{\"flags\":\"O_BOGUS\"}}", -EBADMSG,
		"unknown flag or value 'O_BOGUS'", 0);
	dec_err("{\"type\":\"open\",\"proc\":{\"pid\":\"x\"}}", -EBADMSG, "'pid' must be an integer", 0);
	dec_err("{\"type\":\"open\",\"fd\":{\"sip\":\"1.2.3\"}}", -EBADMSG, "not an IP address", 0);
	dec_err("{\"type\":\"open\",\"fd\":{\"type\":\"weird\"}}", -EBADMSG, "unknown fd type", 0);
	dec_err("{\"type\":\"open\",\"container\":{\"name\":\"x\"}}", -EBADMSG, "needs an 'id'", 0);
	dec_err("{\"type\":\"open\",\"dir\":\"x\"}", -EBADMSG, "'dir' must be", 0);
	dec_err("{\"type\":\"open\"} {\"type\":\"open\"}", -EBADMSG, NULL, 0);
}

static void test_limits(void **state)
{
	struct vg_replay_limits lim;
	vg_replay_limits_init(&lim);
	lim.max_line = 32;
	lim.max_args = 1;
	lim.max_ancestors = 1;
	lim.max_list = 1;
	lim.max_depth = 4;
	struct vg_replay *r = NULL;
	assert_int_equal(vg_replay_new("l", &lim, &r), 0);
	const struct vg_sys_event *ev;
	struct vg_diag d;
	const char *l1 = "{\"type\":\"open\",\"args\":{\"fd\":1,\"name\":\"x\"}}";
	assert_int_equal(vg_replay_decode(r, l1, strlen(l1), 1, &ev, &d), -EFBIG);
	assert_non_null(strstr(d.message, "line too long"));
	vg_replay_free(r);
	lim.max_line = 4096;
	assert_int_equal(vg_replay_new("l", &lim, &r), 0);
	assert_int_equal(vg_replay_decode(r, l1, strlen(l1), 1, &ev, &d), -EFBIG);
	assert_non_null(strstr(d.message, "too many arguments"));
	const char *l2 = "{\"type\":\"open\",\"proc\":{\"pid\":3,\"ancestors\":[{\"pid\":2},{\"pid\":1}]}}";
	assert_int_equal(vg_replay_decode(r, l2, strlen(l2), 2, &ev, &d), -EFBIG);
	assert_non_null(strstr(d.message, "too many ancestors"));
	const char *l3 = "{\"type\":\"open\",\"proc\":{\"pid\":3,\"env\":[\"A=1\",\"B=2\"]}}";
	assert_int_equal(vg_replay_decode(r, l3, strlen(l3), 3, &ev, &d), -EFBIG);
	const char *l4 = "{\"type\":\"open\",\"args\":{\"fd\":{\"value\":{\"a\":{\"b\":[[1]]}}}}}";
	assert_int_equal(vg_replay_decode(r, l4, strlen(l4), 4, &ev, &d), -EFBIG);
	vg_replay_free(r);

	/* a full process table is forgotten at once */
	lim = (struct vg_replay_limits){ 0 };
	vg_replay_limits_init(&lim);
	lim.max_procs = 2;
	assert_int_equal(vg_replay_new("p", &lim, &r), 0);
	char line[128];
	for (int i = 1; i <= 3; i++) {
		snprintf(line, sizeof(line), "{\"type\":\"open\",\"proc\":{\"pid\":%d}}", i);
		assert_int_equal(vg_replay_decode(r, line, strlen(line), (uint32_t)i, &ev, &d), 1);
	}
	assert_int_equal(vg_replay_proc_count(r), 1);
	vg_replay_free(r);
}

static void test_cycle_is_bounded(void **state)
{
	struct vg_replay *r = NULL;
	assert_int_equal(vg_replay_new("c", NULL, &r), 0);
	dec(r, "{\"type\":\"open\",\"proc\":{\"pid\":1,\"ppid\":2,\"name\":\"a\"}}", 1);
	const struct vg_sys_event *ev =
		dec(r, "{\"type\":\"open\",\"proc\":{\"pid\":2,\"ppid\":1,\"name\":\"b\"}}", 2);
	assert_string_equal(field(ev, "proc.pname"), "a");
	field(ev, "proc.aname"); /* must terminate */
	vg_replay_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loginuid_unset), cmocka_unit_test(test_full_event), cmocka_unit_test(test_args_and_fd),
		cmocka_unit_test(test_errors),     cmocka_unit_test(test_limits),
		cmocka_unit_test(test_cycle_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
