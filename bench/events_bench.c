/* SPDX-License-Identifier: Apache-2.0 */
/*
 * events_bench.c - the event pipeline on one core: a realistic mix of syscall events (exec,
 * open, connect, other syscalls; process trees of shells, daemons and containers; real paths)
 * as replay JSON lines in memory, decoded by the replay source and evaluated against the full
 * stable falco_rules.yaml through vg_rules_eval().
 *
 * usage: events_bench [SHARED_DIR] [EVENTS] [REPEATS] [--write FILE]
 * Reports events/s and ns/event for decoding, evaluation and both. Evaluation time is
 * (decode+eval) - (decode only), best of REPEATS runs each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strbuf.h"
#include "vigil/rulesfile.h"
#include "vigil/source.h"

#ifndef VG_SHARED_DIR
#define VG_SHARED_DIR "../shared"
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

#define NPROCS 256
struct bproc {
	int pid, ppid;
	const char *exepath, *args;
	bool container;
	bool tty;
};

static const char *const daemons[] = { "/usr/sbin/nginx", "/usr/sbin/sshd", "/usr/bin/containerd",
				       "/usr/lib/postgresql/15/bin/postgres", "/usr/bin/python3",
				       "/usr/bin/node", "/usr/sbin/cron", "/usr/bin/java" };
static const char *const tools[] = { "/bin/bash", "/bin/sh", "/usr/bin/ls", "/usr/bin/cat",
				     "/usr/bin/grep", "/usr/bin/curl", "/usr/bin/find",
				     "/usr/bin/git", "/usr/bin/tar", "/usr/bin/ps", "/usr/bin/id",
				     "/usr/bin/awk", "/usr/bin/sed", "/usr/bin/env" };
static const char *const tool_args[] = { "-c ls -la /tmp", "", "-la /var/log", "/etc/hostname",
					 "-r ERROR /var/log/app", "-s https://example.com/api",
					 "/home -name *.py", "status", "czf /tmp/b.tgz /srv", "aux", "",
					 "{print $1}", "-n 1p", "" };
static const char *const files[] = {
	"/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/locale/locale-archive",
	"/etc/passwd", "/etc/hosts", "/etc/resolv.conf", "/proc/self/status", "/var/log/app/app.log",
	"/srv/www/index.html", "/tmp/.X11-unix", "/home/alice/.bashrc", "/etc/nsswitch.conf",
	"/usr/share/zoneinfo/UTC", "/var/lib/postgresql/15/main/base/16384/2619", "/etc/shadow",
	"/dev/null", "/sys/fs/cgroup/cpu.max", "/var/run/secrets/kubernetes.io/serviceaccount/token",
};
static const char *const others[] = { "read", "write", "close", "mmap", "fstat", "futex",
				      "epoll_wait", "recvfrom", "sendto", "clone" };

static int gen(struct vg_strbuf *b, size_t n)
{
	struct bproc procs[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		struct bproc *p = &procs[i];
		p->pid = 1000 + i;
		p->container = i % 3 == 0;
		if (i < 8) {
			p->ppid = 1;
			p->exepath = daemons[i];
			p->args = "";
		} else {
			p->ppid = procs[rnd((uint32_t)(i < 64 ? 8 : i))].pid;
			uint32_t t = rnd(sizeof(tools) / sizeof(tools[0]));
			p->exepath = tools[t];
			p->args = tool_args[t];
		}
		p->tty = i % 17 == 0;
	}
	uint64_t ts = 1704067200000000000ull;
	int e = 0;
	/* announce every process once (exec with its parent) so the table knows the tree */
	for (int i = 0; i < NPROCS && !e; i++) {
		ts += 1000;
		e = vg_strbuf_printf(b, "{\"type\":\"execve\",\"ts\":%llu,\"res\":0,\"proc\":{\"pid\":%d,"
				     "\"ppid\":%d,\"exepath\":\"%s\",\"cmdline\":\"%s%s%s\",\"uid\":%d,"
				     "\"clone_ts\":%llu,\"tty\":%d,\"cwd\":\"/\"}%s}\n",
				     (unsigned long long)ts, procs[i].pid, procs[i].ppid,
				     procs[i].exepath, strrchr(procs[i].exepath, '/') + 1,
				     procs[i].args[0] ? " " : "", procs[i].args, i % 5 ? 1000 : 0,
				     (unsigned long long)(ts - 7200000000000ull), procs[i].tty ? 34816 : 0,
				     procs[i].container
					     ? ",\"container\":{\"id\":\"3ad7b26ded6d\",\"name\":\"web\","
					       "\"image\":\"docker.io/library/nginx:1.25\"}"
					     : "");
	}
	for (size_t k = NPROCS; k < n && !e; k++) {
		struct bproc *p = &procs[rnd(NPROCS)];
		const char *ctr = p->container ? ",\"container\":{\"id\":\"3ad7b26ded6d\",\"name\":\"web\","
						 "\"image\":\"docker.io/library/nginx:1.25\"}"
					       : "";
		uint32_t r = rnd(100);
		ts += 1000 + rnd(5000);
		if (r < 30) {
			e = vg_strbuf_printf(b, "{\"type\":\"execve\",\"ts\":%llu,\"res\":0,\"proc\":"
					     "{\"pid\":%d,\"exepath\":\"%s\",\"cmdline\":\"%s%s%s\"}%s}\n",
					     (unsigned long long)ts, p->pid, p->exepath,
					     strrchr(p->exepath, '/') + 1, p->args[0] ? " " : "", p->args,
					     ctr);
		} else if (r < 70) {
			const char *f = files[rnd(sizeof(files) / sizeof(files[0]))];
			bool w = rnd(10) == 0;
			e = vg_strbuf_printf(b, "{\"type\":\"openat\",\"ts\":%llu,\"res\":5,\"args\":{\"fd\":5,"
					     "\"dirfd\":-100,\"name\":\"%s\",\"flags\":\"%s\"},\"fd\":{\"num\":5,"
					     "\"name\":\"%s\"},\"proc\":{\"pid\":%d}%s}\n",
					     (unsigned long long)ts, f, w ? "O_WRONLY|O_CREAT|O_TRUNC" : "O_RDONLY|O_CLOEXEC",
					     f, p->pid, ctr);
		} else if (r < 80) {
			e = vg_strbuf_printf(b, "{\"type\":\"connect\",\"ts\":%llu,\"res\":0,\"args\":{\"fd\":6,"
					     "\"addr\":\"93.184.216.%u:443\"},\"fd\":{\"num\":6,\"cip\":\"10.1.0.5\","
					     "\"cport\":%u,\"sip\":\"93.184.216.%u\",\"sport\":443},\"proc\":"
					     "{\"pid\":%d}%s}\n",
					     (unsigned long long)ts, rnd(250), 30000 + rnd(30000), rnd(250),
					     p->pid, ctr);
		} else {
			e = vg_strbuf_printf(b, "{\"type\":\"%s\",\"ts\":%llu,\"res\":0,\"args\":{\"fd\":%u},"
					     "\"proc\":{\"pid\":%d}%s}\n",
					     others[rnd(sizeof(others) / sizeof(others[0]))],
					     (unsigned long long)ts, 3 + rnd(10), p->pid, ctr);
		}
	}
	return e;
}

struct counters {
	uint64_t matches;
};

static int on_match(const struct vg_rules *r, size_t i, void *ud)
{
	((struct counters *)ud)->matches++;
	return 0;
}

static double run(const struct vg_strbuf *b, const struct vg_rules *rules, bool eval,
		  size_t *ret_events, uint64_t *ret_matches)
{
	struct vg_replay *rp = NULL;
	if (vg_replay_new("bench", NULL, &rp) < 0)
		return -1;
	struct counters c = { 0 };
	size_t events = 0;
	uint32_t lineno = 0;
	double t0 = now();
	const char *p = b->buf, *end = b->buf + b->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const struct vg_sys_event *ev;
		struct vg_diag d;
		int r = vg_replay_decode(rp, p, len, ++lineno, &ev, &d);
		if (r < 0) {
			fprintf(stderr, "events_bench: %s:%u:%u: %s\n", d.file, d.line, d.column,
				d.message);
			vg_replay_free(rp);
			return -1;
		}
		if (r == 1) {
			events++;
			if (eval)
				vg_rules_eval(rules, VG_SOURCE_SYSCALL, ev, on_match, &c);
		}
		p += len + 1;
	}
	double t = now() - t0;
	vg_replay_free(rp);
	*ret_events = events;
	*ret_matches = c.matches;
	return t;
}

int main(int argc, char **argv)
{
	const char *shared = VG_SHARED_DIR, *write_to = NULL;
	size_t n = 1000000;
	int repeats = 3, pos = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--write") == 0 && i + 1 < argc)
			write_to = argv[++i];
		else if (pos == 0 && ++pos)
			shared = argv[i];
		else if (pos == 1 && ++pos)
			n = strtoul(argv[i], NULL, 10);
		else if (pos == 2 && ++pos)
			repeats = (int)strtol(argv[i], NULL, 10);
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/corpus/falco-rules/falco_rules.yaml", shared);
	const char *paths[] = { path };
	struct vg_rules_load_opts lo;
	vg_rules_load_opts_init(&lo);
	lo.matching = VG_RULE_MATCH_ALL;
	struct vg_rules *rules = NULL;
	struct vg_rules_msgs *msgs = NULL;
	if (vg_rules_load_files(paths, 1, &lo, &rules, &msgs) < 0) {
		fprintf(stderr, "events_bench: cannot load %s\n", path);
		return 1;
	}
	vg_rules_msgs_free(msgs);
	struct vg_strbuf b = VG_STRBUF_INIT;
	double tg = now();
	if (gen(&b, n) < 0) {
		fprintf(stderr, "events_bench: out of memory\n");
		return 1;
	}
	tg = now() - tg;
	if (write_to) {
		FILE *f = fopen(write_to, "w");
		if (!f || fwrite(b.buf, 1, b.len, f) != b.len || fclose(f) != 0) {
			fprintf(stderr, "events_bench: cannot write %s\n", write_to);
			return 1;
		}
	}
	double best_dec = 1e30, best_all = 1e30;
	size_t events = 0;
	uint64_t matches = 0, m0;
	for (int r = 0; r < repeats; r++) {
		double td = run(&b, rules, false, &events, &m0);
		double ta = run(&b, rules, true, &events, &matches);
		if (td < 0 || ta < 0)
			return 1;
		if (td < best_dec)
			best_dec = td;
		if (ta < best_all)
			best_all = ta;
	}
	double ev = (double)events;
	double eval = best_all - best_dec;
	printf("events_bench: %zu events (%.1f MB of replay JSON, generated in %.2f s), %zu rules, "
	       "rule matching all, best of %d\n",
	       events, (double)b.len / 1e6, tg, vg_rules_count(rules), repeats);
	printf("  decode (replay JSON -> event):   %8.1f ns/event  %10.0f events/s\n",
	       best_dec / ev * 1e9, ev / best_dec);
	printf("  evaluate (vg_rules_eval):         %8.1f ns/event  %10.0f events/s\n",
	       eval / ev * 1e9, eval > 0 ? ev / eval : 0);
	printf("  decode + evaluate:                %8.1f ns/event  %10.0f events/s\n",
	       best_all / ev * 1e9, ev / best_all);
	printf("  matches: %llu (%.2f%% of events)\n", (unsigned long long)matches,
	       100.0 * (double)matches / ev);
	vg_strbuf_release(&b);
	vg_rules_unref(rules);
	return 0;
}
