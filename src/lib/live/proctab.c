/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/proctab.c - the process table of the live source (see live/state.h): entries per
 * thread group keyed by pid in a chained hash with an LRU list for counted eviction, a
 * tid -> pid map for threads, the initial /proc scan, the fork/exec/exit hooks and the
 * per-event context (proc with linked ancestors, user/group names, container, pod).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live/state_internal.h"
#include "util/banned.h"

#define PROC_BUCKETS 8192u
#define THREAD_BUCKETS 4096u
#define PROC_FILE_MAX (256u * 1024u)

#ifndef CLONE_THREAD
#define CLONE_THREAD 0x00010000
#endif
#ifndef CLONE_PARENT
#define CLONE_PARENT 0x00008000
#endif
#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif

struct lproc {
	struct vg_proc p;
	struct lproc *next;              /* hash chain */
	struct lproc *lru_prev, *lru_next; /* most recently used first */
	char *comm, *exe, *exepath, *args, *cmdline, *cwd; /* owned strings of p */
	char *envbuf;
	struct vg_str *env;
	struct vg_live_fdtab fds;
	struct vg_cgroup_match cg;
	uint64_t mntns;                  /* inode of ns/mnt; 0 = unknown */
	uint64_t stamp;                  /* last ancestor walk that visited it */
	bool exited;
	bool ppid_checked;               /* the parent was gone: ppid re-read from /proc once */
};

struct lthread {
	int64_t tid, pid;
	struct lthread *next;
};

struct vg_live_state {
	char *proc_root;
	char *hostname;
	struct vg_live_limits lim;
	struct lproc *buckets[PROC_BUCKETS];
	struct lproc *lru_head, *lru_tail;
	uint32_t nprocs;
	struct lthread *tbuckets[THREAD_BUCKETS];
	uint32_t nthreads;
	int64_t *pending; /* pids whose exit awaits vg_live_state_end_event */
	uint32_t npending, cappending;
	uint64_t walk;
	uint64_t boot_ns;
	long ticks;
	struct vg_live_containers containers;
	struct vg_live_users users;
	struct vg_live_state_stats stats;
	/* per event */
	struct vg_proc self;
	struct vg_user user, loginuser;
	struct vg_group group;
	/* the numbers shown as names of unknown ids (user, group, login user) */
	char uname[12], gname[12], lname[12];
};

void vg_live_limits_init(struct vg_live_limits *ret)
{
	ret->max_procs = 32768;
	ret->max_fds = 4096;
	ret->max_fd_num = 65535;
	ret->max_containers = 1024;
	ret->max_userdbs = 64;
	ret->max_str = 4096;
	ret->max_env = 256;
}

void vg_live_exec_init(struct vg_live_exec *x)
{
	memset(x, 0, sizeof(*x));
	x->pid = x->tid = x->ppid = -1;
	x->sid = x->vpid = x->vpgid = -1;
}

/* ---- files ----------------------------------------------------------------------------- */

int vg_live_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= max)
				break;
			size_t nc = cap * 2 > max ? max : cap * 2;
			char *nb = realloc(buf, nc + 1);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap = nc;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			free(buf);
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int read_pidfile(const struct vg_live_state *st, int64_t pid, const char *name, char **ret,
			size_t *ret_len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%lld/%s", st->proc_root, (long long)pid, name);
	return vg_live_read_file(path, PROC_FILE_MAX, ret, ret_len);
}

static ssize_t read_pidlink(const struct vg_live_state *st, int64_t pid, const char *name,
			    char *buf, size_t cap)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%lld/%s", st->proc_root, (long long)pid, name);
	ssize_t n = readlink(path, buf, cap - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

static bool parse_i64(const char *s, int64_t *ret)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s)
		return false;
	*ret = v;
	return true;
}

/* ---- strings of an entry ------------------------------------------------------------------- */

static int own_str(const struct vg_live_state *st, char **own, struct vg_str *dst, const char *s,
		   size_t len)
{
	if (!s) {
		free(*own);
		*own = NULL;
		*dst = VG_STR_NONE;
		return 0;
	}
	if (len > st->lim.max_str)
		len = st->lim.max_str;
	char *c = malloc(len + 1);
	if (!c)
		return -ENOMEM;
	memcpy(c, s, len);
	c[len] = '\0';
	free(*own);
	*own = c;
	*dst = (struct vg_str){ c, len };
	return 0;
}

/* env from NUL-separated "K=V" strings (at most max_env entries). */
static int own_env(const struct vg_live_state *st, struct lproc *lp, const char *env, size_t len)
{
	free(lp->envbuf);
	free(lp->env);
	lp->envbuf = NULL;
	lp->env = NULL;
	lp->p.env = NULL;
	lp->p.nenv = 0;
	if (!env || !len)
		return 0;
	if (len > (size_t)st->lim.max_str * 16)
		len = (size_t)st->lim.max_str * 16;
	lp->envbuf = malloc(len + 1);
	lp->env = calloc(st->lim.max_env ? st->lim.max_env : 1, sizeof(*lp->env));
	if (!lp->envbuf || !lp->env)
		return -ENOMEM;
	memcpy(lp->envbuf, env, len);
	lp->envbuf[len] = '\0';
	uint32_t n = 0;
	for (size_t i = 0; i < len && n < st->lim.max_env;) {
		size_t l = strnlen(lp->envbuf + i, len - i);
		if (l)
			lp->env[n++] = (struct vg_str){ lp->envbuf + i, l };
		i += l + 1;
	}
	lp->p.env = lp->env;
	lp->p.nenv = n;
	return 0;
}

static void base_name(const char *s, const char **ret, size_t *ret_len)
{
	const char *b = strrchr(s, '/');
	*ret = b ? b + 1 : s;
	*ret_len = strlen(*ret);
}

/*
 * The image of @lp from argv (NUL-separated, @argv_len bytes) and @comm: exe = argv[0],
 * args = argv[1..] joined by spaces, cmdline = comm [+ " " + args].
 */
static int set_image(const struct vg_live_state *st, struct lproc *lp, const char *argv,
		     size_t argv_len, const char *comm)
{
	int e;
	/* argv[0] */
	size_t a0 = argv ? strnlen(argv, argv_len) : 0;
	if (argv && argv_len)
		e = own_str(st, &lp->exe, &lp->p.exe, argv, a0);
	else
		e = own_str(st, &lp->exe, &lp->p.exe, comm, comm ? strlen(comm) : 0);
	if (e < 0)
		return e;
	/* args */
	size_t rest = argv && a0 < argv_len ? argv_len - a0 - 1 : 0;
	while (rest > 0 && argv[a0 + rest] == '\0')
		rest--; /* trailing NULs */
	if (rest > st->lim.max_str)
		rest = st->lim.max_str;
	char *args = malloc(rest + 1);
	if (!args)
		return -ENOMEM;
	if (rest)
		memcpy(args, argv + a0 + 1, rest);
	args[rest] = '\0';
	for (size_t i = 0; i < rest; i++)
		if (args[i] == '\0')
			args[i] = ' ';
	free(lp->args);
	lp->args = args;
	lp->p.args = (struct vg_str){ args, rest };
	/* comm */
	if (comm)
		e = own_str(st, &lp->comm, &lp->p.comm, comm, strlen(comm));
	if (e < 0)
		return e;
	/* cmdline */
	size_t cl = lp->p.comm.len + (rest ? 1 + rest : 0);
	char *cmd = malloc(cl + 1);
	if (!cmd)
		return -ENOMEM;
	memcpy(cmd, lp->p.comm.ptr ? lp->p.comm.ptr : "", lp->p.comm.len);
	if (rest) {
		cmd[lp->p.comm.len] = ' ';
		memcpy(cmd + lp->p.comm.len + 1, args, rest);
	}
	cmd[cl] = '\0';
	free(lp->cmdline);
	lp->cmdline = cmd;
	lp->p.cmdline = (struct vg_str){ cmd, cl };
	return 0;
}

/* ---- table ------------------------------------------------------------------------------- */

static uint32_t hash_id(int64_t id, uint32_t n)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
	return (uint32_t)((h >> 40) % n);
}

static void lru_unlink(struct vg_live_state *st, struct lproc *lp)
{
	if (lp->lru_prev)
		lp->lru_prev->lru_next = lp->lru_next;
	else
		st->lru_head = lp->lru_next;
	if (lp->lru_next)
		lp->lru_next->lru_prev = lp->lru_prev;
	else
		st->lru_tail = lp->lru_prev;
	lp->lru_prev = lp->lru_next = NULL;
}

static void lru_push(struct vg_live_state *st, struct lproc *lp)
{
	lp->lru_prev = NULL;
	lp->lru_next = st->lru_head;
	if (st->lru_head)
		st->lru_head->lru_prev = lp;
	st->lru_head = lp;
	if (!st->lru_tail)
		st->lru_tail = lp;
}

static struct lproc *find(struct vg_live_state *st, int64_t pid)
{
	for (struct lproc *lp = st->buckets[hash_id(pid, PROC_BUCKETS)]; lp; lp = lp->next)
		if (lp->p.pid == pid)
			return lp;
	return NULL;
}

static void touch(struct vg_live_state *st, struct lproc *lp)
{
	if (st->lru_head != lp) {
		lru_unlink(st, lp);
		lru_push(st, lp);
	}
}

static void lproc_free(struct lproc *lp)
{
	if (!lp)
		return;
	free(lp->comm);
	free(lp->exe);
	free(lp->exepath);
	free(lp->args);
	free(lp->cmdline);
	free(lp->cwd);
	free(lp->envbuf);
	free(lp->env);
	vg_live_fdtab_release(&lp->fds);
	free(lp);
}

static void table_unlink(struct vg_live_state *st, struct lproc *lp)
{
	for (struct lproc **pp = &st->buckets[hash_id(lp->p.pid, PROC_BUCKETS)]; *pp;
	     pp = &(*pp)->next)
		if (*pp == lp) {
			*pp = lp->next;
			lru_unlink(st, lp);
			st->nprocs--;
			return;
		}
}

/* Insert @lp (its pid must not be in the table); evicts the least recently used when full. */
static void table_insert(struct vg_live_state *st, struct lproc *lp)
{
	while (st->nprocs >= st->lim.max_procs && st->lru_tail) {
		struct lproc *old = st->lru_tail;
		table_unlink(st, old);
		lproc_free(old);
		st->stats.proc_evicted++;
	}
	struct lproc **b = &st->buckets[hash_id(lp->p.pid, PROC_BUCKETS)];
	lp->next = *b;
	*b = lp;
	lru_push(st, lp);
	st->nprocs++;
	st->stats.proc_added++;
}

static void table_replace(struct vg_live_state *st, struct lproc *lp)
{
	struct lproc *old = find(st, lp->p.pid);
	if (old) {
		table_unlink(st, old);
		lproc_free(old);
		st->stats.proc_added--; /* an update, not a new process */
	}
	table_insert(st, lp);
}

static struct lthread **thread_slot(struct vg_live_state *st, int64_t tid)
{
	struct lthread **pp = &st->tbuckets[hash_id(tid, THREAD_BUCKETS)];
	while (*pp && (*pp)->tid != tid)
		pp = &(*pp)->next;
	return pp;
}

static void thread_add(struct vg_live_state *st, int64_t tid, int64_t pid)
{
	if (tid == pid)
		return;
	struct lthread **pp = thread_slot(st, tid);
	if (*pp) {
		(*pp)->pid = pid;
		return;
	}
	if (st->nthreads >= st->lim.max_procs) {
		st->stats.proc_evicted++; /* the thread falls back to a /proc read */
		return;
	}
	struct lthread *t = calloc(1, sizeof(*t));
	if (!t)
		return;
	t->tid = tid;
	t->pid = pid;
	*pp = t;
	st->nthreads++;
}

static void thread_del(struct vg_live_state *st, int64_t tid)
{
	struct lthread **pp = thread_slot(st, tid);
	if (*pp) {
		struct lthread *t = *pp;
		*pp = t->next;
		free(t);
		st->nthreads--;
	}
}

/* ---- reading a process from /proc ----------------------------------------------------------- */

static uint64_t parse_mntns(const char *link)
{
	/* "mnt:[4026531841]" */
	const char *b = strchr(link, '[');
	int64_t v = 0;
	if (!b || !parse_i64(b + 1, &v) || v < 0)
		return 0;
	return (uint64_t)v;
}

static void read_cgroup(const struct vg_live_state *st, int64_t pid, struct lproc *lp)
{
	char *t = NULL;
	size_t tl = 0;
	if (read_pidfile(st, pid, "cgroup", &t, &tl) == 0) {
		vg_cgroup_match_file(t, tl, &lp->cg);
		free(t);
	}
}

static void read_mntns(const struct vg_live_state *st, int64_t pid, struct lproc *lp)
{
	char link[128];
	if (read_pidlink(st, pid, "ns/mnt", link, sizeof(link)) > 0)
		lp->mntns = parse_mntns(link);
}

static void read_loginuid(const struct vg_live_state *st, int64_t pid, struct lproc *lp)
{
	char *t = NULL;
	size_t tl = 0;
	int64_t v = 0;
	if (read_pidfile(st, pid, "loginuid", &t, &tl) == 0) {
		if (parse_i64(t, &v)) {
			lp->p.loginuid = (uint32_t)v;
			lp->p.flags |= VG_PROC_HAS_LOGINUID;
		}
		free(t);
	}
}

/* stat: "pid (comm) S ppid pgrp session tty_nr ... starttime(22nd field)" */
static int read_stat(const struct vg_live_state *st, int64_t pid, struct lproc *lp,
		     bool keep_ppid)
{
	char *t = NULL;
	size_t tl = 0;
	int e = read_pidfile(st, pid, "stat", &t, &tl);
	if (e < 0)
		return e;
	char *rp = strrchr(t, ')');
	if (!rp) {
		free(t);
		return -EBADMSG;
	}
	/* fields after ')': 1 state, 2 ppid, 3 pgrp, 4 session, 5 tty_nr, ..., 20 starttime */
	long long f[21] = { 0 };
	char *p = rp + 1;
	for (int i = 1; i <= 20 && *p; i++) {
		while (*p == ' ')
			p++;
		if (i > 1)
			f[i] = strtoll(p, NULL, 10);
		while (*p && *p != ' ')
			p++;
	}
	free(t);
	if (!keep_ppid)
		lp->p.ppid = f[2];
	lp->p.sid = f[4];
	if (lp->p.vpgid <= 0)
		lp->p.vpgid = f[3];
	lp->p.tty = (uint32_t)f[5];
	lp->p.flags |= VG_PROC_HAS_TTY;
	if (st->boot_ns && st->ticks > 0)
		lp->p.clone_ts = st->boot_ns + (uint64_t)f[20] * (1000000000ull / (uint64_t)st->ticks);
	return 0;
}

static uint64_t parse_hex(const char *s)
{
	return strtoull(s, NULL, 16);
}

/* last number of a "NSpid:\t12\t1" line */
static int64_t last_num(const char *s)
{
	int64_t v = -1;
	const char *end = strchr(s, '\n');
	if (!end)
		end = s + strlen(s);
	for (const char *p = s; p < end;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && !parse_i64(p, &v))
			break;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
	}
	return v;
}

/* the second number of "Uid:\t0\t1000\t..." */
static bool second_num(const char *s, int64_t *ret)
{
	char *end;
	errno = 0;
	(void)strtoll(s, &end, 10);
	if (errno || end == s)
		return false;
	return parse_i64(end, ret);
}

static int read_status(const struct vg_live_state *st, int64_t pid, struct lproc *lp,
		       int64_t *ret_tgid)
{
	char *t = NULL;
	size_t tl = 0;
	int e = read_pidfile(st, pid, "status", &t, &tl);
	if (e < 0)
		return e;
	for (char *l = t; l && *l;) {
		char *nl = strchr(l, '\n');
		if (strncmp(l, "Tgid:", 5) == 0) {
			int64_t v;
			if (parse_i64(l + 5, &v))
				*ret_tgid = v;
		} else if (strncmp(l, "Uid:", 4) == 0) {
			/* real, effective, saved, fs: libs' user.uid is the effective one */
			int64_t v;
			if (second_num(l + 4, &v)) {
				lp->p.uid = (uint32_t)v;
				lp->p.flags |= VG_PROC_HAS_IDS;
			}
		} else if (strncmp(l, "Gid:", 4) == 0) {
			int64_t v;
			if (second_num(l + 4, &v))
				lp->p.gid = (uint32_t)v;
		} else if (strncmp(l, "NSpid:", 6) == 0) {
			lp->p.vpid = last_num(l + 6);
		} else if (strncmp(l, "NSpgid:", 7) == 0) {
			lp->p.vpgid = last_num(l + 7);
		} else if (strncmp(l, "CapInh:", 7) == 0) {
			lp->p.cap_inheritable = parse_hex(l + 7);
		} else if (strncmp(l, "CapPrm:", 7) == 0) {
			lp->p.cap_permitted = parse_hex(l + 7);
		} else if (strncmp(l, "CapEff:", 7) == 0) {
			lp->p.cap_effective = parse_hex(l + 7);
			lp->p.flags |= VG_PROC_HAS_CAPS;
		}
		l = nl ? nl + 1 : NULL;
	}
	free(t);
	return 0;
}

/* A new entry for thread group @pid read from /proc; NULL when gone (or -ENOMEM). */
static struct lproc *read_proc(struct vg_live_state *st, int64_t pid)
{
	struct lproc *lp = calloc(1, sizeof(*lp));
	if (!lp)
		return NULL;
	lp->p.pid = lp->p.tid = pid;
	lp->p.ppid = -1;
	lp->p.vpid = lp->p.vtid = -1;
	int64_t tgid = pid;
	if (read_status(st, pid, lp, &tgid) < 0 || read_stat(st, pid, lp, false) < 0) {
		lproc_free(lp);
		return NULL;
	}
	if (tgid != pid) {
		/* a thread's directory: the caller wants the thread group */
		lproc_free(lp);
		return NULL;
	}
	lp->p.vtid = lp->p.vpid;
	char *t = NULL;
	size_t tl = 0;
	char comm[64] = "";
	if (read_pidfile(st, pid, "comm", &t, &tl) == 0) {
		while (tl > 0 && t[tl - 1] == '\n')
			tl--;
		t[tl] = '\0';
		snprintf(comm, sizeof(comm), "%s", t);
		free(t);
	}
	t = NULL;
	tl = 0;
	int e = read_pidfile(st, pid, "cmdline", &t, &tl);
	e = set_image(st, lp, e == 0 ? t : NULL, e == 0 ? tl : 0, comm);
	free(t);
	if (e < 0) {
		lproc_free(lp);
		return NULL;
	}
	char link[4096];
	ssize_t n = read_pidlink(st, pid, "exe", link, sizeof(link));
	if (n > 0 && own_str(st, &lp->exepath, &lp->p.exepath, link, (size_t)n) < 0)
		goto oom;
	n = read_pidlink(st, pid, "cwd", link, sizeof(link));
	if (n > 0 && own_str(st, &lp->cwd, &lp->p.cwd, link, (size_t)n) < 0)
		goto oom;
	t = NULL;
	if (read_pidfile(st, pid, "environ", &t, &tl) == 0) {
		e = own_env(st, lp, t, tl);
		free(t);
		if (e < 0)
			goto oom;
	}
	read_loginuid(st, pid, lp);
	read_cgroup(st, pid, lp);
	read_mntns(st, pid, lp);
	return lp;
oom:
	lproc_free(lp);
	return NULL;
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

int vg_live_state_new(const char *proc_root, const char *hostname,
		      const struct vg_live_limits *limits, struct vg_live_state **ret)
{
	if (!ret)
		return -EINVAL;
	struct vg_live_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->proc_root = strdup(proc_root ? proc_root : "/proc");
	st->hostname = hostname ? strdup(hostname) : NULL;
	if (!st->proc_root || (hostname && !st->hostname)) {
		vg_live_state_free(st);
		return -ENOMEM;
	}
	if (limits)
		st->lim = *limits;
	else
		vg_live_limits_init(&st->lim);
	if (st->lim.max_procs == 0)
		st->lim.max_procs = 1;
	vg_live_containers_init(&st->containers, st->lim.max_containers);
	vg_live_users_init(&st->users, st->lim.max_userdbs);
	if (!proc_root) {
		static const char *const cri_sockets[] = { "/run/containerd/containerd.sock",
							   "/run/crio/crio.sock" };
		for (size_t i = 0; i < sizeof(cri_sockets) / sizeof(cri_sockets[0]); i++)
			if (access(cri_sockets[i], F_OK) == 0) {
				if (vg_live_state_set_cri(st, cri_sockets[i], 0) < 0) {
					vg_live_state_free(st);
					return -ENOMEM;
				}
				break;
			}
	}
	st->ticks = sysconf(_SC_CLK_TCK);
	char *t = NULL;
	size_t tl = 0;
	char path[4096];
	snprintf(path, sizeof(path), "%s/stat", st->proc_root);
	if (vg_live_read_file(path, PROC_FILE_MAX, &t, &tl) == 0) {
		const char *b = strstr(t, "\nbtime ");
		int64_t v = 0;
		if (b && parse_i64(b + 7, &v) && v > 0)
			st->boot_ns = (uint64_t)v * 1000000000ull;
		free(t);
	}
	*ret = st;
	return 0;
}

void vg_live_state_free(struct vg_live_state *st)
{
	if (!st)
		return;
	for (uint32_t i = 0; i < PROC_BUCKETS; i++) {
		struct lproc *lp = st->buckets[i];
		while (lp) {
			struct lproc *n = lp->next;
			lproc_free(lp);
			lp = n;
		}
	}
	for (uint32_t i = 0; i < THREAD_BUCKETS; i++) {
		struct lthread *t = st->tbuckets[i];
		while (t) {
			struct lthread *n = t->next;
			free(t);
			t = n;
		}
	}
	vg_live_containers_release(&st->containers);
	vg_live_users_release(&st->users);
	free(st->pending);
	free(st->proc_root);
	free(st->hostname);
	free(st);
}

int vg_live_state_set_cri(struct vg_live_state *st, const char *socket, long timeout_ms)
{
	if (!st)
		return -EINVAL;
	char *c = socket ? strdup(socket) : NULL;
	if (socket && !c)
		return -ENOMEM;
	free(st->containers.cri_socket);
	st->containers.cri_socket = c;
	st->containers.cri_timeout_ms = timeout_ms > 0 ? timeout_ms : 200;
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int vg_live_state_scan_proc(struct vg_live_state *st)
{
	if (!st)
		return -EINVAL;
	DIR *d = opendir(st->proc_root);
	if (!d)
		return -errno;
	int added = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!all_digits(de->d_name))
			continue;
		int64_t pid = 0;
		if (!parse_i64(de->d_name, &pid) || pid <= 0)
			continue;
		struct lproc *lp = read_proc(st, pid);
		if (!lp)
			continue; /* vanished */
		table_replace(st, lp);
		added++;
	}
	closedir(d);
	return added;
}

/* The entry of thread group @pid, read from /proc when unknown (counted). */
static struct lproc *get_or_read(struct vg_live_state *st, int64_t pid)
{
	struct lproc *lp = find(st, pid);
	if (lp)
		return lp;
	lp = read_proc(st, pid);
	if (!lp) {
		st->stats.proc_missing++;
		return NULL;
	}
	st->stats.proc_lazy++;
	table_insert(st, lp);
	return lp;
}

/* The thread group of thread @tid (@pid when known). */
static struct lproc *resolve(struct vg_live_state *st, int64_t pid, int64_t tid)
{
	if (pid < 0) {
		struct lthread *t = *thread_slot(st, tid);
		pid = t ? t->pid : tid;
	}
	struct lproc *lp = find(st, pid);
	if (lp)
		return lp;
	if (pid == tid || tid < 0)
		return get_or_read(st, pid);
	/* maybe tid is the pid after all (the caller did not know) */
	lp = find(st, tid);
	return lp ? lp : get_or_read(st, pid);
}

static struct lproc *lproc_clone(const struct vg_live_state *st, const struct lproc *src)
{
	struct lproc *lp = calloc(1, sizeof(*lp));
	if (!lp)
		return NULL;
	lp->p = src->p;
	lp->p.parent = NULL;
	lp->p.env = NULL;
	lp->p.nenv = 0;
	lp->cg = src->cg;
	lp->mntns = src->mntns;
	struct {
		char **own;
		struct vg_str *dst;
		struct vg_str s;
	} s[] = {
		{ &lp->comm, &lp->p.comm, src->p.comm },
		{ &lp->exe, &lp->p.exe, src->p.exe },
		{ &lp->exepath, &lp->p.exepath, src->p.exepath },
		{ &lp->args, &lp->p.args, src->p.args },
		{ &lp->cmdline, &lp->p.cmdline, src->p.cmdline },
		{ &lp->cwd, &lp->p.cwd, src->p.cwd },
	};
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		*s[i].dst = VG_STR_NONE;
		if (s[i].s.ptr && own_str(st, s[i].own, s[i].dst, s[i].s.ptr, s[i].s.len) < 0)
			goto oom;
	}
	if (src->p.nenv) {
		lp->envbuf = NULL;
		lp->env = calloc(src->p.nenv, sizeof(*lp->env));
		size_t tot = 0;
		for (uint32_t i = 0; i < src->p.nenv; i++)
			tot += src->p.env[i].len + 1;
		lp->envbuf = malloc(tot ? tot : 1);
		if (!lp->env || !lp->envbuf)
			goto oom;
		char *p = lp->envbuf;
		for (uint32_t i = 0; i < src->p.nenv; i++) {
			memcpy(p, src->p.env[i].ptr, src->p.env[i].len);
			p[src->p.env[i].len] = '\0';
			lp->env[i] = (struct vg_str){ p, src->p.env[i].len };
			p += src->p.env[i].len + 1;
		}
		lp->p.env = lp->env;
		lp->p.nenv = src->p.nenv;
	}
	if (vg_live_fdtab_copy(&lp->fds, &src->fds) < 0)
		goto oom;
	return lp;
oom:
	lproc_free(lp);
	return NULL;
}

int vg_live_on_fork(struct vg_live_state *st, int64_t parent_tid, int64_t child_pid,
		    int64_t child_tid, uint64_t clone_flags, uint64_t ts)
{
	if (!st || child_tid <= 0)
		return -EINVAL;
	if (child_pid <= 0)
		child_pid = child_tid;
	if (clone_flags & CLONE_THREAD) {
		thread_add(st, child_tid, child_pid);
		if (!find(st, child_pid))
			(void)get_or_read(st, child_pid);
		return 0;
	}
	struct lproc *par = parent_tid > 0 ? resolve(st, -1, parent_tid) : NULL;
	struct lproc *lp = NULL;
	if (par) {
		/* a runtime moves itself into the container's cgroup and then forks: the parent's
		 * cgroup may have changed since its exec (kept when it is gone already) */
		read_cgroup(st, par->p.pid, par);
		lp = lproc_clone(st, par);
		if (!lp)
			return -ENOMEM;
		lp->p.ppid = (clone_flags & CLONE_PARENT) ? par->p.ppid : par->p.pid;
		if (clone_flags & CLONE_NEWPID)
			lp->p.vpid = 1;
		else if (par->p.vpid == par->p.pid)
			lp->p.vpid = child_pid;
		else
			lp->p.vpid = -1;
		lp->p.vtid = lp->p.vpid;
		lp->p.exec_ts = par->p.exec_ts;
	} else {
		lp = read_proc(st, child_pid);
		if (!lp) {
			/* neither known nor in /proc: a bare entry keeps pid/ppid */
			lp = calloc(1, sizeof(*lp));
			if (!lp)
				return -ENOMEM;
			lp->p.ppid = -1;
			lp->p.vpid = lp->p.vtid = -1;
			st->stats.proc_missing++;
		} else {
			st->stats.proc_lazy++;
		}
	}
	lp->p.pid = lp->p.tid = child_pid;
	lp->p.clone_ts = ts ? ts : lp->p.clone_ts;
	lp->exited = false;
	lp->ppid_checked = false;
	table_replace(st, lp);
	if (child_tid != child_pid)
		thread_add(st, child_tid, child_pid);
	return 0;
}

int vg_live_on_exec(struct vg_live_state *st, const struct vg_live_exec *x)
{
	if (!st || !x || (x->pid <= 0 && x->tid <= 0))
		return -EINVAL;
	int64_t pid = x->pid > 0 ? x->pid : x->tid;
	struct lproc *lp = find(st, pid);
	if (!lp) {
		lp = get_or_read(st, pid);
		if (!lp) {
			lp = calloc(1, sizeof(*lp));
			if (!lp)
				return -ENOMEM;
			lp->p.pid = lp->p.tid = pid;
			lp->p.ppid = -1;
			lp->p.vpid = lp->p.vtid = -1;
			table_insert(st, lp);
		}
	}
	touch(st, lp);
	if (x->tid > 0 && x->tid != pid)
		thread_del(st, x->tid); /* the exec'ing thread took over the leader's id */
	if (x->ppid >= 0)
		lp->p.ppid = x->ppid;
	/* comm: given, or the basename of exepath, or argv[0] */
	char comm[64] = "";
	if (x->comm) {
		snprintf(comm, sizeof(comm), "%s", x->comm);
	} else {
		/* the kernel names the task after the path it was asked to run (not the resolved
		 * exepath: /bin/sh -> dash stays "sh"): /proc, else argv[0] */
		char *t = NULL;
		size_t tl = 0;
		const char *src = x->argv && x->argv_len ? x->argv : x->exepath;
		if (read_pidfile(st, pid, "comm", &t, &tl) == 0) {
			while (tl > 0 && t[tl - 1] == '\n')
				tl--;
			t[tl] = '\0';
			snprintf(comm, sizeof(comm), "%s", t);
			free(t);
			src = NULL;
		}
		if (src) {
			const char *b;
			size_t bl;
			base_name(src, &b, &bl);
			snprintf(comm, sizeof(comm), "%.15s", b);
		}
	}
	int e;
	if (x->argv || comm[0]) {
		e = set_image(st, lp, x->argv, x->argv ? x->argv_len : 0, comm[0] ? comm : NULL);
		if (e < 0)
			return e;
	}
	if (x->exepath) {
		if ((e = own_str(st, &lp->exepath, &lp->p.exepath, x->exepath, strlen(x->exepath))) < 0)
			return e;
	} else {
		char link[4096];
		ssize_t n = read_pidlink(st, pid, "exe", link, sizeof(link));
		if (n > 0 && (e = own_str(st, &lp->exepath, &lp->p.exepath, link, (size_t)n)) < 0)
			return e;
	}
	if (x->cwd) {
		if ((e = own_str(st, &lp->cwd, &lp->p.cwd, x->cwd, strlen(x->cwd))) < 0)
			return e;
	} else {
		char link[4096];
		ssize_t n = read_pidlink(st, pid, "cwd", link, sizeof(link));
		if (n > 0 && (e = own_str(st, &lp->cwd, &lp->p.cwd, link, (size_t)n)) < 0)
			return e;
	}
	if (x->env) {
		if ((e = own_env(st, lp, x->env, x->env_len)) < 0)
			return e;
	}
	/* what the record lacks comes from /proc (kept from the old image when gone) */
	if (!x->has_tty || x->sid < 0 || x->vpgid < 0)
		(void)read_stat(st, pid, lp, true);
	if (x->has_tty) {
		lp->p.tty = x->tty;
		lp->p.flags |= VG_PROC_HAS_TTY;
	}
	if (x->sid >= 0)
		lp->p.sid = x->sid;
	if (x->vpid >= 0)
		lp->p.vpid = lp->p.vtid = x->vpid;
	if (x->vpgid >= 0)
		lp->p.vpgid = x->vpgid;
	if (x->has_loginuid) {
		lp->p.loginuid = x->loginuid;
		lp->p.flags |= VG_PROC_HAS_LOGINUID;
	} else {
		read_loginuid(st, pid, lp);
	}
	if (x->has_ids) {
		lp->p.uid = x->uid;
		lp->p.gid = x->gid;
		lp->p.flags |= VG_PROC_HAS_IDS;
	}
	if (x->cgroup) {
		struct vg_cgroup_match m;
		vg_cgroup_match_path(x->cgroup, strlen(x->cgroup), &m);
		lp->cg = m;
	} else {
		read_cgroup(st, pid, lp);
	}
	read_mntns(st, pid, lp);
	lp->p.flags &= ~(uint32_t)(VG_PROC_EXE_WRITABLE | VG_PROC_EXE_UPPER_LAYER |
				   VG_PROC_EXE_LOWER_LAYER | VG_PROC_EXE_FROM_MEMFD |
				   VG_PROC_HAS_EXE_INO);
	lp->p.flags |= x->exe_flags & (VG_PROC_EXE_WRITABLE | VG_PROC_EXE_UPPER_LAYER |
				       VG_PROC_EXE_LOWER_LAYER | VG_PROC_EXE_FROM_MEMFD);
	if (x->has_exe_ino) {
		lp->p.exe_ino = x->exe_ino;
		lp->p.exe_ino_ctime = x->exe_ino_ctime;
		lp->p.exe_ino_mtime = x->exe_ino_mtime;
		lp->p.flags |= VG_PROC_HAS_EXE_INO;
	}
	if (x->has_caps) {
		lp->p.cap_effective = x->cap_effective;
		lp->p.cap_permitted = x->cap_permitted;
		lp->p.cap_inheritable = x->cap_inheritable;
		lp->p.flags |= VG_PROC_HAS_CAPS;
	}
	lp->p.exec_ts = x->ts;
	lp->ppid_checked = false;
	vg_live_fdtab_close_on_exec(&lp->fds);
	return 0;
}

int vg_live_on_setids(struct vg_live_state *st, int64_t pid, const uint32_t *uid,
		      const uint32_t *gid)
{
	struct lproc *lp = st ? resolve(st, pid, pid) : NULL;
	if (!lp)
		return -ENOENT;
	if (uid)
		lp->p.uid = *uid;
	if (gid)
		lp->p.gid = *gid;
	if (uid || gid)
		lp->p.flags |= VG_PROC_HAS_IDS;
	return 0;
}

int vg_live_on_chdir(struct vg_live_state *st, int64_t pid, const char *cwd)
{
	struct lproc *lp = st ? resolve(st, pid, pid) : NULL;
	if (!lp)
		return -ENOENT;
	if (cwd)
		return own_str(st, &lp->cwd, &lp->p.cwd, cwd, strlen(cwd));
	char link[4096];
	ssize_t n = read_pidlink(st, pid, "cwd", link, sizeof(link));
	return n > 0 ? own_str(st, &lp->cwd, &lp->p.cwd, link, (size_t)n) : (int)n;
}

int vg_live_on_mntns_change(struct vg_live_state *st, int64_t pid)
{
	struct lproc *lp = st ? resolve(st, pid, pid) : NULL;
	if (!lp)
		return -ENOENT;
	read_mntns(st, pid, lp);
	return 0;
}

int vg_live_on_exit(struct vg_live_state *st, int64_t pid, int64_t tid)
{
	if (!st)
		return -EINVAL;
	if (pid <= 0) {
		struct lthread *t = *thread_slot(st, tid);
		pid = t ? t->pid : tid;
	}
	if (tid > 0 && tid != pid) {
		thread_del(st, tid);
		return 0;
	}
	struct lproc *lp = find(st, pid);
	if (!lp || lp->exited)
		return 0;
	if (st->npending == st->cappending) {
		uint32_t nc = st->cappending ? st->cappending * 2 : 16;
		int64_t *nv = realloc(st->pending, nc * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		st->pending = nv;
		st->cappending = nc;
	}
	lp->exited = true;
	st->pending[st->npending++] = pid;
	return 0;
}

void vg_live_state_end_event(struct vg_live_state *st)
{
	if (!st || !st->npending)
		return;
	for (uint32_t i = 0; i < st->npending; i++) {
		struct lproc *lp = find(st, st->pending[i]);
		if (lp && lp->exited) {
			table_unlink(st, lp);
			lproc_free(lp);
			st->stats.proc_removed++;
		}
	}
	st->npending = 0;
}

/* ---- fds ------------------------------------------------------------------------------------ */

int vg_live_fd_set(struct vg_live_state *st, int64_t pid, const struct vg_fd *fd)
{
	if (!st || !fd)
		return -EINVAL;
	struct lproc *lp = resolve(st, pid, pid);
	if (!lp)
		return -ENOENT;
	int e = vg_live_fdtab_set(&lp->fds, fd, st->lim.max_fds, st->lim.max_fd_num, st->lim.max_str);
	if (e == -ENOSPC)
		st->stats.fd_dropped++;
	return e;
}

int vg_live_fd_connect(struct vg_live_state *st, int64_t pid, int64_t num,
		       const struct vg_ipaddr *local, uint16_t lport, const struct vg_ipaddr *remote,
		       uint16_t rport, bool server, const char *unix_path)
{
	if (!st)
		return -EINVAL;
	struct lproc *lp = resolve(st, pid, pid);
	if (!lp)
		return -ENOENT;
	struct vg_fd fd;
	const struct vg_fd *old = vg_live_fdtab_get(&lp->fds, num);
	if (old) {
		fd = *old;
	} else {
		memset(&fd, 0, sizeof(fd));
		fd.num = num;
		fd.l4proto = VG_L4_TCP;
	}
	static const struct vg_ipaddr none;
	const struct vg_ipaddr *l = local ? local : &none, *r = remote ? remote : &none;
	fd.flags |= VG_FD_CONNECTED;
	char name[256];
	if (unix_path) {
		fd.type = VG_FD_UNIX_SOCK;
		fd.name = vg_str_c(unix_path);
		fd.l4proto = VG_L4_NONE;
	} else {
		uint8_t fam = r->family ? r->family : l->family;
		if (fd.type != VG_FD_IPV4_SOCK && fd.type != VG_FD_IPV6_SOCK)
			fd.type = fam == 6 ? VG_FD_IPV6_SOCK : VG_FD_IPV4_SOCK;
		if (server) {
			fd.flags |= VG_FD_IS_SERVER;
			fd.sip = *l;
			fd.sport = lport;
			fd.cip = *r;
			fd.cport = rport;
		} else {
			fd.flags &= ~(uint32_t)VG_FD_IS_SERVER;
			fd.cip = *l;
			fd.cport = lport;
			fd.sip = *r;
			fd.sport = rport;
		}
		char c[64], s[64];
		vg_ipaddr_format(&fd.cip, c, sizeof(c));
		vg_ipaddr_format(&fd.sip, s, sizeof(s));
		bool v6 = fd.type == VG_FD_IPV6_SOCK;
		snprintf(name, sizeof(name), v6 ? "[%s]:%u->[%s]:%u" : "%s:%u->%s:%u", c, fd.cport,
			 s, fd.sport);
		fd.name = vg_str_c(name);
	}
	fd.nameraw = VG_STR_NONE;
	int e = vg_live_fdtab_set(&lp->fds, &fd, st->lim.max_fds, st->lim.max_fd_num,
				  st->lim.max_str);
	if (e == -ENOSPC)
		st->stats.fd_dropped++;
	return e;
}

int vg_live_fd_close(struct vg_live_state *st, int64_t pid, int64_t num)
{
	struct lproc *lp = st ? find(st, pid) : NULL;
	if (lp)
		vg_live_fdtab_del(&lp->fds, num);
	return 0;
}

int vg_live_fd_dup(struct vg_live_state *st, int64_t pid, int64_t oldfd, int64_t newfd,
		   bool cloexec)
{
	struct lproc *lp = st ? resolve(st, pid, pid) : NULL;
	if (!lp)
		return -ENOENT;
	if (oldfd == newfd)
		return 0;
	const struct vg_fd *o = vg_live_fdtab_get(&lp->fds, oldfd);
	if (!o) {
		vg_live_fdtab_del(&lp->fds, newfd);
		return 0;
	}
	struct vg_fd fd = *o;
	fd.num = newfd;
	fd.open_flags = cloexec ? (fd.open_flags | VG_O_CLOEXEC)
				: (fd.open_flags & ~(uint32_t)VG_O_CLOEXEC);
	int e = vg_live_fdtab_set(&lp->fds, &fd, st->lim.max_fds, st->lim.max_fd_num,
				  st->lim.max_str);
	if (e == -ENOSPC) {
		st->stats.fd_dropped++;
		vg_live_fdtab_del(&lp->fds, newfd);
	}
	return e;
}

void vg_live_fd_close_on_exec(struct vg_live_state *st, int64_t pid)
{
	struct lproc *lp = st ? find(st, pid) : NULL;
	if (lp)
		vg_live_fdtab_close_on_exec(&lp->fds);
}

const struct vg_fd *vg_live_fd(struct vg_live_state *st, int64_t pid, int64_t num)
{
	struct lproc *lp = st ? find(st, pid) : NULL;
	return lp ? vg_live_fdtab_get(&lp->fds, num) : NULL;
}

/* ---- lookups --------------------------------------------------------------------------------- */

/* Link @lp's ancestors through ppid (known entries only; bounded; cycle-safe). */
static void link_ancestors(struct vg_live_state *st, struct lproc *lp)
{
	st->walk++;
	lp->stamp = st->walk;
	struct lproc *cur = lp;
	cur->p.parent = NULL;
	for (unsigned steps = 0; steps < VG_PROC_MAX_ANCESTORS && cur->p.ppid > 0; steps++) {
		struct lproc *par = find(st, cur->p.ppid);
		if (!par && !cur->ppid_checked) {
			/* the parent exited: the kernel reparented the process (to init or a
			 * subreaper, as libs does); ask once */
			cur->ppid_checked = true;
			struct lproc tmp;
			memset(&tmp, 0, sizeof(tmp));
			tmp.p.ppid = -1;
			if (read_stat(st, cur->p.pid, &tmp, false) == 0 && tmp.p.ppid > 0 &&
			    tmp.p.ppid != cur->p.ppid) {
				cur->p.ppid = tmp.p.ppid;
				par = find(st, cur->p.ppid);
			}
		}
		if (!par || par->stamp == st->walk)
			break;
		par->stamp = st->walk;
		cur->p.parent = &par->p;
		cur = par;
		cur->p.parent = NULL;
	}
}

/* an id without a name in the namespace's passwd/group files is named by its number */
static struct vg_str id_name(char buf[12], uint32_t id)
{
	int n = snprintf(buf, 12, "%u", (unsigned)id);
	return (struct vg_str){ buf, (size_t)n };
}

static struct lproc *event_proc(struct vg_live_state *st, int64_t pid, int64_t tid)
{
	struct lproc *lp = resolve(st, pid, tid);
	if (!lp)
		return NULL;
	touch(st, lp);
	link_ancestors(st, lp);
	st->self = lp->p;
	if (tid > 0 && tid != lp->p.pid) {
		st->self.tid = tid;
		st->self.vtid = -1;
	}
	return lp;
}

const struct vg_proc *vg_live_proc(struct vg_live_state *st, int64_t pid, int64_t tid)
{
	if (!st)
		return NULL;
	return event_proc(st, pid, tid) ? &st->self : NULL;
}

int vg_live_state_fill(struct vg_live_state *st, int64_t pid, int64_t tid, int64_t uid,
		       int64_t gid, struct vg_sys_event *ev)
{
	if (!st || !ev)
		return -EINVAL;
	ev->proc = NULL;
	ev->user = ev->loginuser = NULL;
	ev->group = NULL;
	ev->container = NULL;
	ev->pod = NULL;
	ev->hostname = vg_str_c(st->hostname);
	struct lproc *lp = resolve(st, pid, tid);
	if (!lp)
		return 0;
	if (uid >= 0 && (!(lp->p.flags & VG_PROC_HAS_IDS) || lp->p.uid != (uint32_t)uid)) {
		lp->p.uid = (uint32_t)uid;
		lp->p.flags |= VG_PROC_HAS_IDS;
	}
	if (gid >= 0 && lp->p.gid != (uint32_t)gid) {
		lp->p.gid = (uint32_t)gid;
		lp->p.flags |= VG_PROC_HAS_IDS;
	}
	lp = event_proc(st, lp->p.pid, tid);
	if (!lp)
		return 0;
	ev->proc = &st->self;
	const struct vg_live_userdb *db = NULL;
	bool need_db = (lp->p.flags & VG_PROC_HAS_IDS) || (lp->p.flags & VG_PROC_HAS_LOGINUID);
	/* a short-lived process may be gone from /proc: an ancestor in the same mount namespace
	 * sees the same files (p is the first member of struct lproc) */
	const struct lproc *q = lp;
	for (unsigned i = 0; need_db && !db && q && i < 8; i++) {
		if (q->mntns == lp->mntns)
			db = vg_live_users_get(&st->users, st->proc_root, q->p.pid, lp->mntns);
		q = (const struct lproc *)(const void *)q->p.parent;
	}
	st->stats.userdb_loads = st->users.loads;
	st->stats.userdb_evicted = st->users.evicted;
	if (lp->p.flags & VG_PROC_HAS_IDS) {
		memset(&st->user, 0, sizeof(st->user));
		memset(&st->group, 0, sizeof(st->group));
		if (!vg_live_userdb_user(db, lp->p.uid, &st->user)) {
			/* unknown: root is "root" (/root) as in libs; any other uid is named by
			 * its number */
			st->user.uid = lp->p.uid;
			if (lp->p.uid == 0) {
				st->user.name = VG_STR("root");
				st->user.homedir = VG_STR("/root");
			} else {
				st->user.name = id_name(st->uname, lp->p.uid);
			}
		}
		if (!vg_live_userdb_group(db, lp->p.gid, &st->group)) {
			st->group.gid = lp->p.gid;
			st->group.name = lp->p.gid == 0 ? VG_STR("root") : id_name(st->gname, lp->p.gid);
		}
		ev->user = &st->user;
		ev->group = &st->group;
	}
	if (lp->p.flags & VG_PROC_HAS_LOGINUID) {
		memset(&st->loginuser, 0, sizeof(st->loginuser));
		st->loginuser.uid = lp->p.loginuid;
		if (lp->p.loginuid != UINT32_MAX &&
		    !vg_live_userdb_user(db, lp->p.loginuid, &st->loginuser))
			st->loginuser.name = lp->p.loginuid == 0 ? VG_STR("root")
								 : id_name(st->lname, lp->p.loginuid);
		st->loginuser.uid = lp->p.loginuid;
		ev->loginuser = &st->loginuser;
	}
	if (lp->cg.id[0]) {
		ev->container = vg_live_containers_get(&st->containers, &lp->cg, &ev->pod);
		st->stats.containers = st->containers.n;
		st->stats.container_evicted = st->containers.evicted;
	}
	return 0;
}

void vg_live_state_stats(const struct vg_live_state *st, struct vg_live_state_stats *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!st)
		return;
	*ret = st->stats;
	ret->procs = st->nprocs;
	ret->containers = st->containers.n;
	ret->container_evicted = st->containers.evicted;
	ret->userdb_loads = st->users.loads;
	ret->userdb_evicted = st->users.evicted;
	ret->cri_lookups = st->containers.cri_lookups;
	ret->cri_failures = st->containers.cri_failures;
}
