/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cond_bench.c - micro-benchmark of rule condition evaluation: every rule of the stable
 * falco_rules.yaml, compiled, evaluated over synthetic syscall events (a deterministic mix of
 * execve/openat/connect/... from shells, daemons and containers).
 *
 *   cond_bench [SHARED_DIR] [EVENTS] [REPEATS]
 *
 * Prints, as ns per event: (1) the ruleset path - the event's bucket only, all matches
 * (rule_matching: all); (2) the same with first-match; (3) every rule on every event, no
 * bucketing (the worst case). Not a test: build target only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/unit/test_cond_loader.h"

#ifndef VG_SHARED_DIR
#define VG_SHARED_DIR "../shared"
#endif

#define POOL 512

struct pool {
	struct vg_proc procs[POOL * 3];
	struct vg_fd fds[POOL];
	struct vg_evt_arg args[POOL][4];
	struct vg_sys_event ev[POOL];
	char text[POOL][4][160];
};

static uint64_t s_rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	s_rng ^= s_rng << 13;
	s_rng ^= s_rng >> 7;
	s_rng ^= s_rng << 17;
	return s_rng;
}

#define PICK(arr) (arr[rnd() % (sizeof(arr) / sizeof(arr[0]))])

static const char *const s_cmds[] = { "bash", "sh", "curl", "wget", "cat", "ls", "python3",
				      "node", "java", "nginx", "sudo", "find", "nc", "kubectl",
				      "ps", "grep", "awk", "dpkg", "apt", "sshd", "git", "tar" };
static const char *const s_parents[] = { "bash", "sshd", "containerd-shim", "runc", "node",
					 "java", "systemd", "cron", "sudo", "python3" };
static const char *const s_files[] = {
	"/etc/shadow", "/etc/passwd", "/tmp/x.sh", "/proc/self/environ", "/var/log/syslog",
	"/root/.ssh/id_rsa", "/home/alice/.aws/credentials", "/dev/shm/payload",
	"/usr/lib/x86_64-linux-gnu/libc.so.6", "/etc/sudoers.d/90-cloud", "/etc/ld.so.cache",
	"/var/run/docker.sock", "/app/config.yaml", "/etc/pam.d/common-auth",
};
static const char *const s_args[] = { "-s http://example.com/x.sh", "-la /", "-c 'id'",
				      "install -y vim", "get pods -A", "--version",
				      "/etc/shadow", "-e /bin/sh 10.0.0.5 4444", "" };

static struct vg_str cstr(char *buf, const char *s)
{
	snprintf(buf, 160, "%s", s);
	return vg_str_c(buf);
}

static const struct vg_container s_ctr = {
	.id = VG_STR("0123456789ab"), .name = VG_STR("web"),
	.image_repository = VG_STR("docker.io/library/nginx"), .privileged = VG_TRI_FALSE,
};
static const struct vg_user s_root = { 0, VG_STR("root"), VG_STR("/root"), VG_STR("/bin/bash") };
static const struct vg_user s_www = { 33, VG_STR("www-data"), VG_STR("/var/www"),
				      VG_STR("/usr/sbin/nologin") };

static void build_pool(struct pool *p)
{
	for (int i = 0; i < POOL; i++) {
		struct vg_proc *gp = &p->procs[i * 3], *pp = gp + 1, *pr = gp + 2;
		char *t0 = p->text[i][0], *t1 = p->text[i][1], *t2 = p->text[i][2];
		gp->comm = VG_STR("systemd");
		gp->pid = 1;
		gp->cmdline = VG_STR("systemd");
		pp->parent = gp;
		pp->comm = cstr(t0, PICK(s_parents));
		pp->exe = pp->comm;
		pp->exepath = pp->comm;
		pp->cmdline = pp->comm;
		pp->pid = 100 + i;
		const char *cmd = PICK(s_cmds), *args = PICK(s_args);
		pr->parent = pp;
		pr->pid = 1000 + i;
		pr->tid = pr->pid;
		pr->sid = pp->pid;
		pr->comm = cstr(t1, cmd);
		pr->exe = pr->comm;
		snprintf(t2, 160, "/usr/bin/%s", cmd);
		pr->exepath = vg_str_c(t2);
		pr->args = vg_str_c(args);
		char *cl = p->text[i][3];
		snprintf(cl, 160, "%s%s%s", cmd, args[0] ? " " : "", args);
		pr->cmdline = vg_str_c(cl);
		pr->cwd = VG_STR("/tmp");
		pr->tty = (rnd() & 3) == 0 ? 34816 : 0;
		pr->clone_ts = 1700000000000000000ull;
		pr->flags = VG_PROC_HAS_TTY | VG_PROC_HAS_CAPS;
		pr->cap_effective = (rnd() & 7) == 0 ? (1ull << 21) : 0;
		struct vg_sys_event *e = &p->ev[i];
		e->source = VG_SOURCE_SYSCALL;
		e->num = (uint64_t)i + 1;
		e->ts = 1700000001000000000ull + (uint64_t)i;
		e->proc = pr;
		e->user = (rnd() & 1) ? &s_root : &s_www;
		e->container = (rnd() & 1) ? &s_ctr : NULL;
		e->flags = VG_SYS_HAS_RES;
		e->args = p->args[i];
		struct vg_fd *fd = &p->fds[i];
		unsigned k = (unsigned)(rnd() % 100);
		if (k < 30) {
			e->type = (rnd() & 1) ? VG_EVT_EXECVE : VG_EVT_EXECVEAT;
		} else if (k < 70) {
			e->type = PICK(((enum vg_evt_type[]){ VG_EVT_OPEN, VG_EVT_OPENAT,
							      VG_EVT_OPENAT2 }));
			fd->type = VG_FD_FILE;
			fd->num = 3;
			fd->name = vg_str_c(PICK(s_files));
			fd->open_flags = (rnd() & 1) ? VG_O_RDONLY : (VG_O_WRONLY | VG_O_CREAT);
			e->fd = fd;
			e->res = 3;
			p->args[i][0] = (struct vg_evt_arg){ .name = "flags", .type = VG_ARG_FLAGS,
							     .flagset = VG_FLAGSET_OPEN,
							     .num.u = fd->open_flags };
			e->nargs = 1;
		} else if (k < 80) {
			e->type = VG_EVT_CONNECT;
			fd->type = VG_FD_IPV4_SOCK;
			fd->num = 5;
			fd->l4proto = VG_L4_TCP;
			fd->cip = (struct vg_ipaddr){ 4, { 10, 0, 0, 2 } };
			fd->sip = (struct vg_ipaddr){ 4, { (uint8_t)(rnd() & 255), 2, 3, 4 } };
			fd->sport = (rnd() & 1) ? 443 : 4444;
			fd->name = VG_STR("10.0.0.2:40000->1.2.3.4:443");
			e->fd = fd;
			e->res = (rnd() & 1) ? 0 : -115;
		} else {
			e->type = PICK(((enum vg_evt_type[]){ VG_EVT_CLOSE, VG_EVT_READ, VG_EVT_WRITE,
							      VG_EVT_PTRACE, VG_EVT_DUP2,
							      VG_EVT_SOCKET, VG_EVT_SYMLINKAT,
							      VG_EVT_SENDTO, VG_EVT_MMAP }));
			p->args[i][0] = (struct vg_evt_arg){ .name = "request", .type = VG_ARG_ENUM,
							     .flagset = VG_FLAGSET_PTRACE,
							     .num.u = 11 };
			p->args[i][1] = (struct vg_evt_arg){ .name = "target", .type = VG_ARG_STR,
							     .str = VG_STR("/etc/shadow") };
			e->nargs = 2;
			e->res = 0;
		}
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : VG_SHARED_DIR;
	long events = argc > 2 ? strtol(argv[2], NULL, 10) : 2000000;
	long reps = argc > 3 ? strtol(argv[3], NULL, 10) : 5;
	if (events < 4 || reps < 1) {
		fprintf(stderr, "usage: cond_bench [SHARED_DIR] [EVENTS>=4] [REPEATS>=1]\n");
		return 2;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/corpus/falco-rules/falco_rules.yaml", shared);
	static struct mini_loader l;
	if (mini_load(&l, path, VG_SOURCE_SYSCALL) || mini_compile(&l, VG_SOURCE_SYSCALL)) {
		fprintf(stderr, "cond_bench: %s\n", l.err);
		return 1;
	}
	struct vg_ruleset *rs = NULL;
	if (vg_ruleset_new(VG_SOURCE_SYSCALL, &rs))
		return 1;
	size_t checks = 0;
	for (size_t i = 0; i < l.nrules; i++) {
		if (vg_ruleset_add(rs, l.rules[i].compiled, (uint32_t)i))
			return 1;
		checks += vg_cond_check_count(l.rules[i].compiled);
	}
	static struct pool p;
	build_pool(&p);

	uint32_t ids[64];
	uint64_t matches = 0, evals = 0;
	double best_all = 1e300, best_first = 1e300, best_flat = 1e300;
	for (long rep = 0; rep < reps; rep++) {
		double t0 = now();
		matches = 0;
		for (long i = 0; i < events; i++)
			matches += vg_ruleset_eval(rs, &p.ev[i % POOL], VG_MATCH_ALL, ids, 64);
		double t1 = now();
		for (long i = 0; i < events; i++)
			(void)vg_ruleset_eval(rs, &p.ev[i % POOL], VG_MATCH_FIRST, ids, 64);
		double t2 = now();
		long flat_events = events / 4;
		evals = 0;
		for (long i = 0; i < flat_events; i++)
			for (size_t r = 0; r < l.nrules; r++)
				evals += vg_cond_eval(l.rules[r].compiled, &p.ev[i % POOL]);
		double t3 = now();
		if ((t1 - t0) / events < best_all)
			best_all = (t1 - t0) / events;
		if ((t2 - t1) / events < best_first)
			best_first = (t2 - t1) / events;
		if ((t3 - t2) / flat_events < best_flat)
			best_flat = (t3 - t2) / flat_events;
	}
	printf("cond_bench: %zu rules (%zu checks after macro expansion), %ld events, pool %d\n",
	       l.nrules, checks, events, POOL);
	printf("ruleset, all matches:   %8.1f ns/event (%" PRIu64 " matches)\n", best_all, matches);
	printf("ruleset, first match:   %8.1f ns/event\n", best_first);
	printf("every rule, no index:   %8.1f ns/event (%.1f ns/rule, %" PRIu64 " matches)\n",
	       best_flat, best_flat / (double)l.nrules, evals);
	vg_ruleset_unref(rs);
	mini_unload(&l);
	return 0;
}
