/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_test_events.h - hand-built events for the condition tests: a process tree
 * (init -> sshd -> bash -> curl), a file fd, a TCP socket fd, a container in a pod.
 */
#ifndef VG_TEST_COND_EVENTS_H
#define VG_TEST_COND_EVENTS_H

#include "vigil/event.h"
#include "vigil/rules.h"

static const struct vg_str s_env[] = { VG_STR("HOME=/root"), VG_STR("PATH=/usr/bin:/bin"),
				       VG_STR("AWS_KEY=secret") };

static struct vg_proc s_init = {
	.tid = 1, .pid = 1, .ppid = 0, .vpid = 1, .vtid = 1, .sid = 1, .vpgid = 1,
	.comm = VG_STR("init"), .exe = VG_STR("/sbin/init"), .exepath = VG_STR("/sbin/init"),
	.args = VG_STR(""), .cmdline = VG_STR("init"), .cwd = VG_STR("/"),
};
static struct vg_proc s_sshd = {
	.parent = &s_init, .tid = 100, .pid = 100, .ppid = 1, .vpid = 100, .vtid = 100,
	.sid = 100, .vpgid = 100, .comm = VG_STR("sshd"), .exe = VG_STR("/usr/sbin/sshd"),
	.exepath = VG_STR("/usr/sbin/sshd"), .args = VG_STR("-D"), .cmdline = VG_STR("sshd -D"),
	.cwd = VG_STR("/"),
};
static struct vg_proc s_bash = {
	.parent = &s_sshd, .tid = 200, .pid = 200, .ppid = 100, .vpid = 200, .vtid = 200,
	.sid = 200, .vpgid = 200, .comm = VG_STR("bash"), .exe = VG_STR("-bash"),
	.exepath = VG_STR("/bin/bash"), .args = VG_STR(""), .cmdline = VG_STR("bash"),
	.cwd = VG_STR("/root"), .tty = 34816, .flags = VG_PROC_HAS_TTY,
};
static struct vg_proc s_curl = {
	.parent = &s_bash, .tid = 301, .pid = 300, .ppid = 200, .vpid = 300, .vtid = 301,
	.sid = 200, .vpgid = 300, .comm = VG_STR("curl"), .exe = VG_STR("curl"),
	.exepath = VG_STR("/usr/bin/curl"), .args = VG_STR("-s http://example.com/x.sh"),
	.cmdline = VG_STR("curl -s http://example.com/x.sh"), .cwd = VG_STR("/tmp"),
	.env = s_env, .nenv = 3, .tty = 34816, .uid = 0, .gid = 0, .loginuid = 1000,
	.clone_ts = 1700000000000000000ull, .exec_ts = 1700000000000000000ull,
	.cap_effective = (1ull << 21) | (1ull << 1), /* CAP_SYS_ADMIN, CAP_DAC_OVERRIDE */
	.cap_permitted = (1ull << 21) | (1ull << 1), .exe_ino = 4242,
	.exe_ino_ctime = 1699999999000000000ull, .exe_ino_mtime = 1699999998000000000ull,
	.flags = VG_PROC_HAS_TTY | VG_PROC_HAS_IDS | VG_PROC_HAS_LOGINUID | VG_PROC_HAS_CAPS |
		 VG_PROC_HAS_EXE_INO | VG_PROC_EXE_UPPER_LAYER,
};
/* a process whose parent is unknown */
static struct vg_proc s_orphan = {
	.tid = 77, .pid = 77, .ppid = -1, .comm = VG_STR("orphan"), .exe = VG_STR("orphan"),
	.cmdline = VG_STR("orphan"), .args = VG_STR(""),
};

static struct vg_fd s_file = {
	.num = 3, .type = VG_FD_FILE, .name = VG_STR("/etc/shadow"),
	.nameraw = VG_STR("../etc/shadow"), .open_flags = VG_O_RDWR | VG_O_CREAT,
	.flags = VG_FD_HAS_INO, .dev = 2049, .ino = 99,
};
static struct vg_fd s_sock = {
	.num = 5, .type = VG_FD_IPV4_SOCK, .name = VG_STR("10.0.0.2:40000->1.2.3.4:443"),
	.l4proto = VG_L4_TCP, .flags = VG_FD_CONNECTED,
	.cip = { 4, { 10, 0, 0, 2 } }, .sip = { 4, { 1, 2, 3, 4 } }, .cport = 40000, .sport = 443,
	.sip_name = VG_STR("example.com"),
};
static struct vg_fd s_sock6 = {
	.num = 6, .type = VG_FD_IPV6_SOCK, .name = VG_STR("[::1]:1->[fd00::5]:53"),
	.l4proto = VG_L4_UDP, .cip = { 6, { [15] = 1 } },
	.sip = { 6, { 0xfd, 0, [15] = 5 } }, .cport = 1, .sport = 53,
};

static struct vg_user s_root = { 0, VG_STR("root"), VG_STR("/root"), VG_STR("/bin/bash") };
static struct vg_user s_alice = { 1000, VG_STR("alice"), VG_STR("/home/alice"),
				  VG_STR("/bin/zsh") };
static struct vg_group s_rootg = { 0, VG_STR("root") };

static const struct vg_kv s_labels[] = { { VG_STR("app"), VG_STR("web") },
					 { VG_STR("tier"), VG_STR("front") } };
static const struct vg_mount s_mounts[] = {
	{ VG_STR("/var/run/docker.sock"), VG_STR("/var/run/docker.sock"), VG_STR(""), true,
	  VG_STR("rprivate") },
	{ VG_STR("/data"), VG_STR("/mnt/data"), VG_STR("ro"), false, VG_STR("rprivate") },
};
static struct vg_k8s_pod s_pod = {
	.name = VG_STR("web-1"), .ns = VG_STR("prod"), .uid = VG_STR("uid-1"),
	.labels = s_labels, .nlabels = 2,
};
static struct vg_container s_ctr = {
	.id = VG_STR("0123456789ab"), .full_id = VG_STR("0123456789abcdef"),
	.name = VG_STR("web"), .type = VG_STR("containerd"),
	.image = VG_STR("docker.io/library/nginx:1.25"),
	.image_repository = VG_STR("docker.io/library/nginx"), .image_tag = VG_STR("1.25"),
	.privileged = VG_TRI_TRUE, .host_network = VG_TRI_FALSE,
	.start_ts = 1690000000000000000ull, .labels = s_labels, .nlabels = 2,
	.mounts = s_mounts, .nmounts = 2,
};

static struct vg_evt_arg s_open_args[] = {
	{ .name = "fd", .type = VG_ARG_FD, .num.i = 3 },
	{ .name = "dirfd", .type = VG_ARG_FD, .num.i = -100 },
	{ .name = "name", .type = VG_ARG_STR, .str = VG_STR("../etc/shadow") },
	{ .name = "flags", .type = VG_ARG_FLAGS, .flagset = VG_FLAGSET_OPEN,
	  .num.u = VG_O_RDWR | VG_O_CREAT | VG_O_CLOEXEC },
	{ .name = "mode", .type = VG_ARG_MODE, .num.u = 0644 },
	{ .name = "data", .type = VG_ARG_BYTES, .str = { "he\0llo\x7f", 7 } },
};

/* openat of /etc/shadow by curl (child of bash, grandchild of sshd) in a container */
static __attribute__((unused)) struct vg_sys_event s_ev_open = {
	.source = VG_SOURCE_SYSCALL, .type = VG_EVT_OPENAT, .num = 42,
	.ts = 1700000005000000000ull, .cpu = 3, .flags = VG_SYS_HAS_RES, .res = 3,
	.args = s_open_args, .nargs = 6, .proc = &s_curl, .fd = &s_file, .user = &s_root,
	.loginuser = &s_alice, .group = &s_rootg, .container = &s_ctr, .pod = &s_pod,
	.hostname = VG_STR("node-1"),
};

static struct vg_evt_arg s_ptrace_args[] = {
	{ .name = "res", .type = VG_ARG_ERRNO, .num.i = -1 },
	{ .name = "request", .type = VG_ARG_ENUM, .flagset = VG_FLAGSET_PTRACE, .num.u = 11 },
	{ .name = "pid", .type = VG_ARG_PID, .num.i = 100 },
};

/* a failed ptrace(PTRACE_ATTACH) by an orphan on the host: no fd, no container */
static __attribute__((unused)) struct vg_sys_event s_ev_ptrace = {
	.source = VG_SOURCE_SYSCALL, .type = VG_EVT_PTRACE, .num = 43, .ts = 1700000006000000000ull,
	.flags = VG_SYS_HAS_RES, .res = -1, .args = s_ptrace_args, .nargs = 3,
	.proc = &s_orphan,
};

static struct vg_evt_arg s_connect_args[] = {
	{ .name = "res", .type = VG_ARG_ERRNO, .num.i = -115 },
	{ .name = "addr", .type = VG_ARG_SOCKADDR, .addr = { 4, { 1, 2, 3, 4 } }, .port = 443 },
	{ .name = "fd", .type = VG_ARG_FD, .num.i = 5 },
};

/* connect to 1.2.3.4:443 (EINPROGRESS) */
static __attribute__((unused)) struct vg_sys_event s_ev_connect = {
	.source = VG_SOURCE_SYSCALL, .type = VG_EVT_CONNECT, .num = 44,
	.ts = 1700000007000000000ull, .flags = VG_SYS_HAS_RES, .res = -115,
	.args = s_connect_args, .nargs = 3, .proc = &s_curl, .fd = &s_sock, .user = &s_root,
	.container = &s_ctr, .pod = &s_pod,
};

static __attribute__((unused)) struct vg_sys_event s_ev_udp6 = {
	.source = VG_SOURCE_SYSCALL, .type = VG_EVT_SENDTO, .num = 45, .flags = VG_SYS_HAS_RES,
	.res = 10, .proc = &s_bash, .fd = &s_sock6,
};

/* Compile @text for @source (no macros) or fail the test. */
static __attribute__((unused)) struct vg_cond *compile_ok(enum vg_source source, const char *text)
{
	struct vg_cond_compile_opts o = { .source = source };
	struct vg_cond *c = NULL;
	struct vg_diag d;
	int r = vg_cond_compile_text(text, strlen(text), &o, &c, &d);
	if (r)
		fail_msg("'%s': %d %u:%u %s", text, r, d.line, d.column, d.message);
	return c;
}

static __attribute__((unused)) void expect_eval(const void *ev, const char *text, bool want)
{
	enum vg_source src = *(const enum vg_source *)ev;
	struct vg_cond *c = compile_ok(src, text);
	bool got = vg_cond_eval(c, ev);
	if (got != want)
		fail_msg("'%s': got %s, want %s", text, got ? "true" : "false",
			 want ? "true" : "false");
	vg_cond_unref(c);
}

static __attribute__((unused)) void expect_compile_error(enum vg_source source, const char *text, int err,
				 const char *msg)
{
	struct vg_cond_compile_opts o = { .source = source };
	struct vg_cond *c = NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	int r = vg_cond_compile_text(text, strlen(text), &o, &c, &d);
	if (r != err || strcmp(d.message, msg) != 0)
		fail_msg("'%s':\n  want %d %s\n  got  %d %s", text, err, msg, r, d.message);
	assert_null(c);
}

#endif
