/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vg_ctr.c - a simulated container for the live scenario tests: moves itself into a cgroup
 * shaped like a containerd pod's (cgroup v2), unshares the mount, UTS, IPC and PID namespaces,
 * optionally pivots into an overlayfs root (lower = the host's /, upper = a fresh directory,
 * like a container image plus its writable layer) and runs a command as PID 1 of the new PID
 * namespace, optionally on a new pseudo-terminal (its controlling tty).
 *
 * Run it through a symlink named "containerd-shim" so the command's parent has the name the
 * rules' container_entrypoint macro expects.
 *
 * usage: vg-ctr [--pty] [--overlay DIR] [--cgroup REL] -- CMD [ARG...]
 *   --cgroup REL  e.g. kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid>.slice/
 *                 cri-containerd-<64hex>.scope, below the cgroup2 mount (created)
 * Exit status: the command's, 125 for a setup error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "vg-ctr: %s: %s\n", what, strerror(errno));
	exit(125);
}

/* The cgroup2 mount point: /sys/fs/cgroup (pure v2) or /sys/fs/cgroup/unified (hybrid). */
static const char *cgroup2_root(void)
{
	static char root[4096];
	FILE *f = fopen("/proc/self/mounts", "r");
	char dev[256], dir[4096], type[64];
	while (f && fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, type) == 3) {
		if (strcmp(type, "cgroup2") == 0) {
			snprintf(root, sizeof(root), "%s", dir);
			fclose(f);
			return root;
		}
	}
	if (f)
		fclose(f);
	return NULL;
}

static void mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			die(path);
		*p = '/';
	}
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path);
}

static void join_cgroup(const char *rel)
{
	const char *root = cgroup2_root();
	if (!root) {
		errno = ENOENT;
		die("no cgroup2 mount");
	}
	char path[8192];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdirs(path);
	char procs[8300];
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	FILE *f = fopen(procs, "w");
	if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0)
		die(procs);
}

static void enter_overlay(const char *dir)
{
	char up[4096], work[4096], merged[4096], opts[16384], p[4200];
	snprintf(up, sizeof(up), "%s/upper", dir);
	snprintf(work, sizeof(work), "%s/work", dir);
	snprintf(merged, sizeof(merged), "%s/merged", dir);
	char *dirs[] = { up, work, merged };
	for (int i = 0; i < 3; i++)
		mkdirs(dirs[i]);
	snprintf(opts, sizeof(opts), "lowerdir=/,upperdir=%s,workdir=%s", up, work);
	if (mount("overlay", merged, "overlay", 0, opts) != 0)
		die("mount overlay");
	snprintf(p, sizeof(p), "%s/proc", merged);
	if (mount("proc", p, "proc", 0, NULL) != 0)
		die("mount proc");
	snprintf(p, sizeof(p), "%s/dev", merged);
	if (mount("/dev", p, NULL, MS_BIND | MS_REC, NULL) != 0)
		die("bind /dev");
	if (chroot(merged) != 0 || chdir("/") != 0)
		die("chroot");
}

int main(int argc, char **argv)
{
	bool use_pty = false;
	const char *overlay = NULL, *cgroup = NULL;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--pty") == 0)
			use_pty = true;
		else if (strcmp(argv[i], "--overlay") == 0 && i + 1 < argc)
			overlay = argv[++i];
		else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc)
			cgroup = argv[++i];
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: vg-ctr [--pty] [--overlay DIR] [--cgroup REL] -- CMD [ARG...]\n");
		return 125;
	}
	if (cgroup)
		join_cgroup(cgroup);
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID) != 0)
		die("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		die("make / private");
	if (sethostname("vg-ctr", 6) != 0)
		die("sethostname");
	int master = -1;
	char slave[256] = "";
	if (use_pty) {
		master = posix_openpt(O_RDWR | O_NOCTTY);
		if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
		    ptsname_r(master, slave, sizeof(slave)) != 0)
			die("pty");
	}
	fflush(stdout);
	pid_t child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		/* PID 1 of the new namespace */
		if (setsid() < 0)
			die("setsid");
		if (use_pty) {
			close(master);
			int s = open(slave, O_RDWR);
			if (s < 0 || ioctl(s, TIOCSCTTY, 0) != 0)
				die("controlling tty");
			dup2(s, 0);
			dup2(s, 1);
			dup2(s, 2);
			if (s > 2)
				close(s);
		} else {
			int n = open("/dev/null", O_RDONLY);
			if (n >= 0 && n != 0) {
				dup2(n, 0);
				close(n);
			}
		}
		if (overlay)
			enter_overlay(overlay);
		execvp(argv[i], argv + i);
		die(argv[i]);
	}
	if (use_pty) {
		char buf[4096];
		for (;;) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break; /* EIO: the slave side is closed */
			if (write(1, buf, (size_t)n) < 0)
				break;
		}
	}
	int status = 0;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
