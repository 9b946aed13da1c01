/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ebpf_load.c - the eBPF programs on this kernel: load (the verifier accepts every
 * program), attach, then an openat and an execve done by this test come back decoded with the
 * right fields. Needs root and a BPF-capable kernel: otherwise prints "SKIP: <reason>" and exits
 * 77 (CTest SKIP_RETURN_CODE).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vigil/live.h"

static struct vg_live *g_live;
static char g_path[128];
static char g_marker[64];

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Consume records until the ring buffer is empty - a syscall's record is in it before the
 * syscall returns, so that covers everything this test did - or @done(@ud) holds, for at most
 * @secs: with a heavy load elsewhere on the machine (everything is captured) the ring may not
 * run empty for a while, and a fixed number of polls would stop before this test's records.
 */
static void poll_until(struct vg_live *l, vg_live_event_fn fn, void *ud, bool (*done)(void *),
		       double secs)
{
	double end = mono() + secs;
	while (mono() < end) {
		if (done && done(ud))
			return;
		int r = vg_live_poll(l, 0, fn, ud);
		assert_true(r >= 0);
		if (r == 0)
			return;
	}
}

struct seen {
	bool open_ok, exec_ok, exec_fail_ok;
	pid_t child;
	char why[512];
};

static int on_event(const struct vg_sys_event *ev, void *ud)
{
	struct seen *s = ud;
	if (!ev->proc)
		return 0;
	if (ev->type == VG_EVT_OPENAT && ev->proc->pid == getpid() && ev->fd && ev->fd->name.ptr &&
	    strcmp(ev->fd->name.ptr, g_path) == 0) {
		/* O_RDWR|O_CREAT|O_CLOEXEC, fd >= 0, the test's own process */
		if (ev->res >= 0 && ev->fd->num == ev->res &&
		    ev->fd->open_flags == (VG_O_RDWR | VG_O_CREAT | VG_O_CLOEXEC) &&
		    ev->fd->type == VG_FD_FILE && ev->proc->tid == ev->proc->pid)
			s->open_ok = true;
		else
			snprintf(s->why, sizeof(s->why), "openat decoded wrong: res %lld fd %lld "
				 "flags %#x", (long long)ev->res, (long long)ev->fd->num,
				 ev->fd->open_flags);
	}
	if (ev->type == VG_EVT_EXECVE && ev->proc->pid == s->child && ev->res == 0) {
		const struct vg_proc *p = ev->proc;
		bool args = p->args.ptr && strstr(p->args.ptr, g_marker);
		bool exe = p->exepath.ptr && strcmp(p->exepath.ptr, "/usr/bin/true") == 0;
		bool parent = p->ppid == getpid();
		if (args && exe && parent && p->comm.ptr && strcmp(p->comm.ptr, "true") == 0)
			s->exec_ok = true;
		else
			snprintf(s->why, sizeof(s->why), "execve decoded wrong: exepath %s args %s "
				 "ppid %lld comm %s", p->exepath.ptr ? p->exepath.ptr : "-",
				 p->args.ptr ? p->args.ptr : "-", (long long)p->ppid,
				 p->comm.ptr ? p->comm.ptr : "-");
	}
	if (ev->type == VG_EVT_EXECVE && ev->proc->pid == getpid() && ev->res == -ENOENT) {
		for (uint32_t i = 0; i < ev->nargs; i++)
			if (strcmp(ev->args[i].name, "filename") == 0 && ev->args[i].str.ptr &&
			    strstr(ev->args[i].str.ptr, g_marker))
				s->exec_fail_ok = true;
	}
	return 0;
}

static bool seen_all(void *ud)
{
	const struct seen *s = ud;
	return s->open_ok && s->exec_ok && s->exec_fail_ok;
}

static void test_open_and_exec(void **state)
{
	struct seen s;
	memset(&s, 0, sizeof(s));
	snprintf(g_marker, sizeof(g_marker), "vg-marker-%d-%ld", getpid(), (long)time(NULL));
	snprintf(g_path, sizeof(g_path), "/tmp/%s", g_marker);
	int fd = openat(AT_FDCWD, g_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	unlink(g_path);
	/* a failed execve of this process: its filename argument */
	char missing[160];
	snprintf(missing, sizeof(missing), "/nonexistent/%s", g_marker);
	char *const nargv[] = { missing, NULL };
	assert_int_equal(execve(missing, nargv, environ), -1);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl("/bin/true", "true", g_marker, (char *)NULL);
		_exit(127);
	}
	s.child = pid;
	int st = 0;
	waitpid(pid, &st, 0);
	poll_until(g_live, on_event, &s, seen_all, 30);
	if (s.why[0])
		print_message("%s\n", s.why);
	assert_true(s.open_ok);
	assert_true(s.exec_ok);
	assert_true(s.exec_fail_ok);
	struct vg_live_counters c;
	assert_int_equal(vg_live_counters(g_live, &c), 0);
	assert_true(c.events >= 3);
	assert_true(c.lifecycle >= 3); /* fork, exec, exit of the child */
	assert_true(c.kernel_sent[1] >= 1); /* file */
	assert_int_equal(c.malformed, 0);
	assert_true(c.procs > 0);
}

/* interest set: with only ptrace captured, failed opens (state-only) stay in the kernel;
 * with everything captured they are reported */
static int count_probe_opens(const struct vg_sys_event *ev, void *ud)
{
	if (ev->type == VG_EVT_OPENAT && ev->proc && ev->proc->pid == getpid() && ev->fd &&
	    ev->fd->name.ptr && strcmp(ev->fd->name.ptr, "/nonexistent/vigil-interest") == 0)
		(*(int *)ud)++;
	return 0;
}

static int failed_opens_in(struct vg_live *l, int n)
{
	int seen = 0;
	poll_until(l, count_probe_opens, &seen, NULL, 5);
	seen = 0;
	for (int i = 0; i < n; i++)
		assert_int_equal(openat(AT_FDCWD, "/nonexistent/vigil-interest", O_RDONLY), -1);
	poll_until(l, count_probe_opens, &seen, NULL, 30);
	return seen;
}

static int failed_opens(int n)
{
	return failed_opens_in(g_live, n);
}

static void test_interest_set(void **state)
{
	struct vg_evtset set;
	vg_evtset_clear(&set);
	vg_evtset_add(&set, VG_EVT_PTRACE);
	assert_true(vg_live_set_interest(g_live, &set) > 0);
	assert_int_equal(failed_opens(20), 0);
	assert_true(vg_live_set_interest(g_live, NULL) > 0);
	assert_int_equal(failed_opens(20), 20);
}

/* widen, swap, narrow as a SIGHUP reload does: in fexit mode this attaches and detaches the
 * per-syscall programs; the kernel must capture exactly the current set */
static void test_interest_reload(void **state)
{
	struct vg_evtset only_ptrace, with_open;
	vg_evtset_clear(&only_ptrace);
	vg_evtset_add(&only_ptrace, VG_EVT_PTRACE);
	with_open = only_ptrace;
	vg_evtset_add(&with_open, VG_EVT_OPENAT);
	assert_true(vg_live_set_interest(g_live, &only_ptrace) > 0);
	assert_int_equal(failed_opens(5), 0);
	assert_true(vg_live_set_interest(g_live, &with_open) > 0);
	assert_int_equal(failed_opens(7), 7);
	assert_true(vg_live_set_interest(g_live, &only_ptrace) > 0);
	assert_int_equal(failed_opens(3), 0);
	assert_true(vg_live_set_interest(g_live, NULL) > 0);
	assert_int_equal(failed_opens(4), 4);
}

/* a fork is reported twice, as libs does: the parent's clone (returns the child's pid) and the
 * child's (returns 0; fexit mode: from schedule_tail) */
struct clones {
	pid_t child;
	int parent_side, child_side;
};

static int count_clones(const struct vg_sys_event *ev, void *ud)
{
	struct clones *c = ud;
	if (ev->type != VG_EVT_CLONE || !ev->proc)
		return 0;
	if (ev->proc->tid == getpid() && ev->res == c->child)
		c->parent_side++;
	else if (ev->proc->tid == c->child && ev->res == 0)
		c->child_side++;
	return 0;
}

static void test_clone_both_sides(void **state)
{
	struct clones c = { 0 };
	poll_until(g_live, count_clones, &c, NULL, 5);
	memset(&c, 0, sizeof(c));
	c.child = fork();
	assert_true(c.child >= 0);
	if (c.child == 0)
		_exit(0);
	int st;
	assert_int_equal(waitpid(c.child, &st, 0), c.child);
	poll_until(g_live, count_clones, &c, NULL, 30);
	assert_int_equal(c.parent_side, 1);
	assert_int_equal(c.child_side, 1);
}

/* VIGIL_LIVE_MODE=@want: loads (and captures) when @can, else says why not */
static void forced_mode(const char *want, bool can)
{
	struct vg_live_opts o;
	vg_live_opts_init(&o);
	o.ringbuf_bytes = 1u << 20;
	o.include_self = true;
	char err[512] = "";
	char expect[128];
	struct vg_live *l = NULL;
	setenv("VIGIL_LIVE_MODE", want, 1);
	int e = vg_live_open(&o, &l, err, sizeof(err));
	unsetenv("VIGIL_LIVE_MODE");
	print_message("VIGIL_LIVE_MODE=%s: %s\n", want, e == 0 ? vg_live_mode(l, NULL) : err);
	if (can) {
		assert_int_equal(e, 0);
		snprintf(expect, sizeof(expect), "%s (VIGIL_LIVE_MODE)", want);
		/* "MODE (VIGIL_LIVE_MODE)", perhaps followed by "; not captured ..." */
		assert_true(strncmp(vg_live_mode(l, NULL), expect, strlen(expect)) == 0);
		assert_int_equal(failed_opens_in(l, 6), 6);
		vg_live_close(l);
	} else {
		assert_true(e < 0);
		assert_null(l);
		snprintf(expect, sizeof(expect), "capture mode %s is not available (VIGIL_LIVE_MODE): ",
			 want);
		assert_non_null(strstr(err, expect));
	}
}

/*
 * The mode is reported and is the best this kernel allows: fexit, else the per-syscall
 * tracepoints where tracefs has the syscall events, else tp_btf/sys_exit. VIGIL_LIVE_MODE
 * forces one (loads or says why not); a bad value is refused.
 */
static void test_modes(void **state)
{
	double secs = -1;
	const char *mode = vg_live_mode(g_live, &secs);
	print_message("mode: %s, loaded in %.2f s\n", mode, secs);
	bool fexit = strncmp(mode, "fexit", 5) == 0;
	bool tracefs = access("/sys/kernel/tracing/events/syscalls/sys_exit_openat/id", R_OK) == 0 ||
		       access("/sys/kernel/debug/tracing/events/syscalls/sys_exit_openat/id",
			      R_OK) == 0;
	if (!fexit && tracefs)
		assert_true(strncmp(mode, "syscall-tracepoints (fexit unavailable: ", 40) == 0);
	else if (!fexit)
		assert_true(strncmp(mode, "tracepoint (fexit unavailable: ", 31) == 0 &&
			    strstr(mode, "; syscall-tracepoints unavailable: no tracefs"));
	assert_true(secs > 0);
	forced_mode("tracepoint", true);
	forced_mode("syscall-tracepoints", tracefs);
	forced_mode("fexit", fexit);

	struct vg_live_opts o;
	vg_live_opts_init(&o);
	struct vg_live *l = NULL;
	char err[512] = "";
	setenv("VIGIL_LIVE_MODE", "kprobe", 1);
	assert_true(vg_live_open(&o, &l, err, sizeof(err)) < 0);
	unsetenv("VIGIL_LIVE_MODE");
	assert_null(l);
	assert_string_equal(err, "VIGIL_LIVE_MODE=kprobe: not a capture mode (fexit, "
				 "syscall-tracepoints, tracepoint)");
}

int main(void)
{
	char err[512] = "";
	if (geteuid() != 0) {
		printf("SKIP: loading eBPF programs needs root (running as uid %u)\n",
		       (unsigned)geteuid());
		return 77;
	}
	struct vg_live_opts o;
	vg_live_opts_init(&o);
	o.ringbuf_bytes = 16u * 1024u * 1024u;
	o.include_self = true;
	int e = vg_live_open(&o, &g_live, err, sizeof(err));
	if (e < 0) {
		printf("SKIP: the eBPF programs cannot be loaded here: %s\n", err);
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_exec),
		cmocka_unit_test(test_interest_set),
		cmocka_unit_test(test_interest_reload),
		cmocka_unit_test(test_clone_both_sides),
		cmocka_unit_test(test_modes),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	vg_live_close(g_live);
	return r;
}
