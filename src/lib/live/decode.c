/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decode.c - kernel records of bpf/vigil.bpf.c (format: bpf/vigil_bpf.h) into struct
 * vg_sys_event, the model the replay decoder (src/lib/event/replay.c) fills: same parameter
 * names and types (libs' exit events), open flags as VG_O_*, ptrace requests as PPM_PTRACE_*,
 * clone flags as PPM_CL_*, fd.name as the lexically resolved path, the context (proc, user,
 * group, container, pod) from the state of live/state.h.
 *
 * Records come from the kernel but are treated as untrusted: every length and offset is
 * checked against the record (tests/fuzz/fuzz_live_decode.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

#include "live/live_internal.h"
#include "live/state.h"
#include "util/banned.h"

/* ---- the syscall table -------------------------------------------------------------------- */

#define S(i) (uint8_t)(1u << (i))
#define CWD 1
#define DIRFD(j) (uint8_t)(2 + (j))

/* clang-format off */
static const struct vg_live_sc s_syscalls[] = {
	{ SYS_open, VG_EVT_OPEN, VG_KCAT_FILE, S(0), 0, 0, { CWD }, true },
	{ SYS_close, VG_EVT_CLOSE, VG_KCAT_FILE, 0, 0, 0, { 0 }, false },
	{ SYS_dup, VG_EVT_DUP, VG_KCAT_FILE, 0, 0, 0, { 0 }, false },
	{ SYS_dup2, VG_EVT_DUP2, VG_KCAT_FILE, 0, 0, 0, { 0 }, false },
	{ SYS_socket, VG_EVT_SOCKET, VG_KCAT_NET, 0, 0, 0, { 0 }, true },
	{ SYS_connect, VG_EVT_CONNECT, VG_KCAT_NET, 0, S(1), VG_KSP_TUPLE_A0, { 0 }, true },
	{ SYS_accept, VG_EVT_ACCEPT, VG_KCAT_NET, 0, 0, VG_KSP_TUPLE_RET, { 0 }, true },
	{ SYS_bind, VG_EVT_BIND, VG_KCAT_NET, 0, S(1), VG_KSP_TUPLE_A0, { 0 }, false },
	{ SYS_listen, VG_EVT_LISTEN, VG_KCAT_NET, 0, 0, VG_KSP_TUPLE_A0, { 0 }, false },
	{ SYS_clone, VG_EVT_CLONE, VG_KCAT_PROC, 0, 0, 0, { 0 }, false },
	{ SYS_fork, VG_EVT_FORK, VG_KCAT_PROC, 0, 0, 0, { 0 }, false },
	{ SYS_vfork, VG_EVT_VFORK, VG_KCAT_PROC, 0, 0, 0, { 0 }, false },
	{ SYS_execve, VG_EVT_EXECVE, VG_KCAT_PROC, S(0), 0, VG_KSP_EXECVE, { CWD }, false },
	{ SYS_kill, VG_EVT_KILL, VG_KCAT_PROC, 0, 0, 0, { 0 }, false },
	{ SYS_chdir, VG_EVT_CHDIR, VG_KCAT_FILE, S(0), 0, 0, { CWD }, true },
	{ SYS_fchdir, VG_EVT_FCHDIR, VG_KCAT_FILE, 0, 0, VG_KSP_FDPATH_A0, { 0 }, true },
	{ SYS_rename, VG_EVT_RENAME, VG_KCAT_FILE, S(0) | S(1), 0, 0, { CWD, CWD }, false },
	{ SYS_mkdir, VG_EVT_MKDIR, VG_KCAT_FILE, S(0), 0, 0, { CWD }, false },
	{ SYS_creat, VG_EVT_CREAT, VG_KCAT_FILE, S(0), 0, 0, { CWD }, true },
	{ SYS_link, VG_EVT_LINK, VG_KCAT_FILE, S(0) | S(1), 0, 0, { CWD, CWD }, false },
	{ SYS_unlink, VG_EVT_UNLINK, VG_KCAT_FILE, S(0), 0, 0, { CWD }, false },
	{ SYS_symlink, VG_EVT_SYMLINK, VG_KCAT_FILE, S(0) | S(1), 0, 0, { 0, CWD }, false },
	{ SYS_chmod, VG_EVT_CHMOD, VG_KCAT_FILE, S(0), 0, 0, { CWD }, false },
	{ SYS_fchmod, VG_EVT_FCHMOD, VG_KCAT_FILE, 0, 0, VG_KSP_FDPATH_A0, { 0 }, false },
	{ SYS_ptrace, VG_EVT_PTRACE, VG_KCAT_PROC, 0, 0, 0, { 0 }, false },
	{ SYS_setuid, VG_EVT_SETUID, VG_KCAT_PROC, 0, 0, 0, { 0 }, true },
	{ SYS_setgid, VG_EVT_SETGID, VG_KCAT_PROC, 0, 0, 0, { 0 }, true },
	{ SYS_setresuid, VG_EVT_SETRESUID, VG_KCAT_PROC, 0, 0, 0, { 0 }, true },
	{ SYS_setresgid, VG_EVT_SETRESGID, VG_KCAT_PROC, 0, 0, 0, { 0 }, true },
	{ SYS_mount, VG_EVT_MOUNT, VG_KCAT_SYSTEM, S(0) | S(1) | S(2), 0, 0, { 0 }, false },
	{ SYS_umount2, VG_EVT_UMOUNT2, VG_KCAT_SYSTEM, S(0), 0, 0, { 0 }, false },
	{ SYS_init_module, VG_EVT_INIT_MODULE, VG_KCAT_SYSTEM, S(2), 0, 0, { 0 }, false },
	{ SYS_unshare, VG_EVT_UNSHARE, VG_KCAT_SYSTEM, 0, 0, 0, { 0 }, true },
	{ SYS_openat, VG_EVT_OPENAT, VG_KCAT_FILE, S(1), 0, 0, { 0, DIRFD(0) }, true },
	{ SYS_mkdirat, VG_EVT_MKDIRAT, VG_KCAT_FILE, S(1), 0, 0, { 0, DIRFD(0) }, false },
	{ SYS_unlinkat, VG_EVT_UNLINKAT, VG_KCAT_FILE, S(1), 0, 0, { 0, DIRFD(0) }, false },
	{ SYS_renameat, VG_EVT_RENAMEAT, VG_KCAT_FILE, S(1) | S(3), 0, 0,
	  { 0, DIRFD(0), 0, DIRFD(2) }, false },
	{ SYS_linkat, VG_EVT_LINKAT, VG_KCAT_FILE, S(1) | S(3), 0, 0,
	  { 0, DIRFD(0), 0, DIRFD(2) }, false },
	{ SYS_symlinkat, VG_EVT_SYMLINKAT, VG_KCAT_FILE, S(0) | S(2), 0, 0,
	  { 0, 0, DIRFD(1) }, false },
	{ SYS_fchmodat, VG_EVT_FCHMODAT, VG_KCAT_FILE, S(1), 0, 0, { 0, DIRFD(0) }, false },
	{ SYS_accept4, VG_EVT_ACCEPT4, VG_KCAT_NET, 0, 0, VG_KSP_TUPLE_RET, { 0 }, true },
	{ SYS_dup3, VG_EVT_DUP3, VG_KCAT_FILE, 0, 0, 0, { 0 }, false },
	{ SYS_setns, VG_EVT_SETNS, VG_KCAT_SYSTEM, 0, 0, 0, { 0 }, true },
	{ SYS_finit_module, VG_EVT_FINIT_MODULE, VG_KCAT_SYSTEM, S(1), 0, 0, { 0 }, false },
	{ SYS_renameat2, VG_EVT_RENAMEAT2, VG_KCAT_FILE, S(1) | S(3), 0, 0,
	  { 0, DIRFD(0), 0, DIRFD(2) }, false },
	{ SYS_memfd_create, VG_EVT_MEMFD_CREATE, VG_KCAT_FILE, S(0), 0, 0, { 0 }, true },
	{ SYS_bpf, VG_EVT_BPF, VG_KCAT_SYSTEM, 0, 0, 0, { 0 }, false },
	{ SYS_execveat, VG_EVT_EXECVEAT, VG_KCAT_PROC, S(1), 0, VG_KSP_EXECVE, { 0, DIRFD(0) },
	  false },
	{ SYS_clone3, VG_EVT_CLONE3, VG_KCAT_PROC, 0, 0, VG_KSP_CLONE3, { 0 }, false },
	{ SYS_openat2, VG_EVT_OPENAT2, VG_KCAT_FILE, S(1), 0, VG_KSP_OPENAT2, { 0, DIRFD(0) },
	  true },
};
/* clang-format on */

#define NSYSCALLS (sizeof(s_syscalls) / sizeof(s_syscalls[0]))

const struct vg_live_sc *vg_live_syscalls(size_t *ret_count)
{
	*ret_count = NSYSCALLS;
	return s_syscalls;
}

const struct vg_live_sc *vg_live_syscall(uint32_t nr)
{
	for (size_t i = 0; i < NSYSCALLS; i++)
		if (s_syscalls[i].nr == nr)
			return &s_syscalls[i];
	return NULL;
}

static bool uses_type(const struct vg_evtset *set, enum vg_evt_type t)
{
	return !set || vg_evtset_has(set, t);
}

size_t vg_live_descs(const struct vg_evtset *set, struct vg_ksc_desc *ret)
{
	memset(ret, 0, VG_KNR_MAX * sizeof(*ret));
	/* close keeps the fd table honest where a rule reads the type of an older fd (dup) */
	bool fds = uses_type(set, VG_EVT_DUP) || uses_type(set, VG_EVT_DUP2) ||
		   uses_type(set, VG_EVT_DUP3) || uses_type(set, VG_EVT_CLOSE);
	size_t n = 0;
	for (size_t i = 0; i < NSYSCALLS; i++) {
		const struct vg_live_sc *s = &s_syscalls[i];
		if (s->nr >= VG_KNR_MAX)
			continue;
		bool on = uses_type(set, s->type) || s->state ||
			  (fds && (s->type == VG_EVT_CLOSE || s->type == VG_EVT_DUP ||
				   s->type == VG_EVT_DUP2 || s->type == VG_EVT_DUP3));
		if (!on)
			continue;
		struct vg_ksc_desc *d = &ret[s->nr];
		d->interest = 1;
		d->str_mask = s->str_mask;
		d->sa_mask = s->sa_mask;
		d->special = s->special;
		d->category = s->category;
		memcpy(d->base, s->base, sizeof(d->base));
		/* state-only syscalls: failures change nothing */
		d->only_ok = !uses_type(set, s->type) ? 1 : 0;
		n++;
	}
	return n;
}

/* ---- flag translation (Linux -> libs' PPM_* values the engine renders) --------------------- */

static uint32_t open_flags_to_ppm(uint64_t f)
{
	uint32_t r = 0;
	switch (f & 3) {
	case 0: r |= VG_O_RDONLY; break;
	case 1: r |= VG_O_WRONLY; break;
	case 2: r |= VG_O_RDWR; break;
	default: break;
	}
	if (f & 0100) r |= VG_O_CREAT;
	if (f & 02000) r |= VG_O_APPEND;
	if (f & 010000) r |= VG_O_DSYNC;
	if (f & 0200) r |= VG_O_EXCL;
	if (f & 04000) r |= VG_O_NONBLOCK;
	if ((f & 04010000) == 04010000) r |= VG_O_SYNC;
	if (f & 01000) r |= VG_O_TRUNC;
	if (f & 040000) r |= VG_O_DIRECT;
	if ((f & 020200000) == 020200000) r |= VG_O_TMPFILE;
	else if (f & 0200000) r |= VG_O_DIRECTORY;
	if (f & 0100000) r |= VG_O_LARGEFILE;
	if (f & 02000000) r |= VG_O_CLOEXEC;
	return r;
}

static const struct {
	uint64_t linux_flag;
	uint32_t ppm;
} s_clone_map[] = {
	{ 0x400, 1u << 0 },         { 0x200, 1u << 1 },       { 0x80000000, 1u << 2 },
	{ 0x08000000, 1u << 3 },    { 0x40000000, 1u << 4 },  { 0x20000, 1u << 5 },
	{ 0x20000000, 1u << 6 },    { 0x04000000, 1u << 7 },  { 0x8000, 1u << 8 },
	{ 0x100000, 1u << 9 },      { 0x2000, 1u << 10 },     { 0x800, 1u << 11 },
	{ 0x40000, 1u << 12 },      { 0x10000, 1u << 13 },    { 0x800000, 1u << 14 },
	{ 0x100, 1u << 15 },        { 0x10000000, 1u << 19 }, { 0x200000, 1u << 20 },
	{ 0x1000000, 1u << 21 },    { 0x80000, 1u << 22 },    { 0x4000, 1u << 24 },
	{ 0x02000000, 1u << 25 },
};

static uint32_t clone_flags_to_ppm(uint64_t f)
{
	uint32_t r = 0;
	for (size_t i = 0; i < sizeof(s_clone_map) / sizeof(s_clone_map[0]); i++)
		if (f & s_clone_map[i].linux_flag)
			r |= s_clone_map[i].ppm;
	return r;
}

static uint32_t ptrace_to_ppm(uint64_t req)
{
	static const struct {
		uint32_t linux_req, ppm;
	} map[] = {
		{ 0, 1 },	{ 1, 2 },	{ 2, 3 },	{ 3, 4 },	{ 4, 5 },
		{ 5, 6 },	{ 6, 7 },	{ 7, 8 },	{ 8, 9 },	{ 9, 10 },
		{ 16, 11 },	{ 17, 12 },	{ 24, 13 },	{ 0x4200, 14 }, { 0x4201, 15 },
		{ 0x4202, 16 }, { 0x4203, 17 }, { 0x4204, 18 }, { 0x4205, 19 }, { 0x4206, 20 },
		{ 0x4207, 21 }, { 0x4208, 22 }, { 0x4209, 23 }, { 0x420a, 24 }, { 0x420b, 25 },
		{ 12, 26 },	{ 13, 27 },	{ 14, 28 },	{ 15, 29 },	{ 18, 30 },
		{ 19, 31 },	{ 21, 32 },	{ 25, 33 },	{ 26, 34 },	{ 30, 35 },
		{ 31, 36 },	{ 32, 37 },	{ 33, 38 },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].linux_req == req)
			return map[i].ppm;
	return 0; /* PTRACE_UNKNOWN */
}

/* ---- paths -------------------------------------------------------------------------------- */

int vg_live_path_from_components(const char *comps, size_t len, char *buf, size_t cap)
{
	/* components are leaf first: walk them backwards */
	size_t out = 0;
	size_t end = len;
	while (end > 0 && comps[end - 1] == '\0')
		end--;
	if (cap < 2)
		return -ENAMETOOLONG;
	while (end > 0) {
		size_t start = end;
		while (start > 0 && comps[start - 1] != '\0')
			start--;
		size_t n = end - start;
		/* "/" is the name of a root dentry: skip it */
		if (!(n == 1 && comps[start] == '/')) {
			if (out + 1 + n + 1 > cap)
				return -ENAMETOOLONG;
			buf[out++] = '/';
			memcpy(buf + out, comps + start, n);
			out += n;
		}
		end = start;
		while (end > 0 && comps[end - 1] == '\0')
			end--;
	}
	if (out == 0)
		buf[out++] = '/';
	buf[out] = '\0';
	return (int)out;
}

int vg_live_path_join(const char *base, const char *path, char *buf, size_t cap)
{
	if (cap < 2)
		return -ENAMETOOLONG;
	size_t out = 0;
	buf[out++] = '/';
	buf[out] = '\0';
	for (int part = 0; part < 2; part++) {
		const char *s = part == 0 ? base : path;
		if (part == 0 && (!base || (path && path[0] == '/')))
			continue;
		if (!s)
			continue;
		while (*s) {
			while (*s == '/')
				s++;
			const char *e = s;
			while (*e && *e != '/')
				e++;
			size_t n = (size_t)(e - s);
			if (n == 0)
				break;
			if (n == 1 && s[0] == '.') {
				/* skip */
			} else if (n == 2 && s[0] == '.' && s[1] == '.') {
				while (out > 1 && buf[out - 1] != '/')
					out--;
				if (out > 1)
					out--;
			} else {
				if (out + (out > 1) + n + 1 > cap)
					return -ENAMETOOLONG;
				if (out > 1)
					buf[out++] = '/';
				memcpy(buf + out, s, n);
				out += n;
			}
			buf[out] = '\0';
			s = e;
		}
	}
	buf[out] = '\0';
	return (int)out;
}

/* ---- the decoder -------------------------------------------------------------------------- */

#define MAX_ARGS 12
#define NPARAMS 0x50
#define POOL_SIZE (96u * 1024u)

struct param {
	const char *data;
	uint16_t len;
	uint8_t flags;
	bool present;
};

struct vg_live_decoder {
	struct vg_live_state *st;
	uint64_t boot_to_epoch;
	uint64_t seq;
	struct vg_live_decode_stats stats;
	/* the current record */
	struct vg_krec hdr;
	struct param params[NPARAMS];
	char rec[VG_KREC_MAX + 8]; /* aligned copy of the record */
	/* the current event */
	struct vg_sys_event ev;
	struct vg_evt_arg args[MAX_ARGS];
	struct vg_fd fd;
	int64_t close_fd; /* applied by vg_live_decoder_done */
	int64_t close_pid;
	char pool[POOL_SIZE];
	size_t pool_used;
};

int vg_live_decoder_new(struct vg_live_state *st, uint64_t boot_to_epoch_ns,
			struct vg_live_decoder **ret)
{
	struct vg_live_decoder *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->st = st;
	if (boot_to_epoch_ns == 0) {
		struct timespec rt, bt;
		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_BOOTTIME, &bt);
		boot_to_epoch_ns = ((uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec) -
				   ((uint64_t)bt.tv_sec * 1000000000ull + (uint64_t)bt.tv_nsec);
	}
	d->boot_to_epoch = boot_to_epoch_ns;
	d->close_fd = -1;
	*ret = d;
	return 0;
}

void vg_live_decoder_free(struct vg_live_decoder *d)
{
	free(d);
}

void vg_live_decoder_stats(const struct vg_live_decoder *d, struct vg_live_decode_stats *ret)
{
	*ret = d->stats;
}

static char *pool_alloc(struct vg_live_decoder *d, size_t n)
{
	if (n > POOL_SIZE - d->pool_used)
		return NULL;
	char *p = d->pool + d->pool_used;
	d->pool_used += (n + 7) & ~(size_t)7;
	if (d->pool_used > POOL_SIZE)
		d->pool_used = POOL_SIZE;
	return p;
}

/* A string parameter as a NUL-terminated copy in the pool; NULL when absent. */
static const char *pstr(struct vg_live_decoder *d, uint8_t id, size_t *ret_len)
{
	if (id >= NPARAMS || !d->params[id].present)
		return NULL;
	const struct param *p = &d->params[id];
	size_t n = p->len;
	if (n > 0 && p->data[n - 1] == '\0')
		n--;
	const char *nul = memchr(p->data, '\0', n);
	if (nul)
		n = (size_t)(nul - p->data);
	char *s = pool_alloc(d, n + 1);
	if (!s)
		return NULL;
	memcpy(s, p->data, n);
	s[n] = '\0';
	if (ret_len)
		*ret_len = n;
	return s;
}

/* A path-walk parameter as "/a/b"; NULL when absent. */
static const char *ppath(struct vg_live_decoder *d, uint8_t id)
{
	if (id >= NPARAMS || !d->params[id].present)
		return NULL;
	char *buf = pool_alloc(d, 4096);
	if (!buf)
		return NULL;
	if (vg_live_path_from_components(d->params[id].data, d->params[id].len, buf, 4096) < 0)
		return NULL;
	return buf;
}

static struct vg_str vstr(const char *s)
{
	return vg_str_c(s);
}

static struct vg_evt_arg *add_arg(struct vg_live_decoder *d, const char *name,
				  enum vg_arg_type type)
{
	if (d->ev.nargs >= MAX_ARGS)
		return NULL;
	struct vg_evt_arg *a = &d->args[d->ev.nargs++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->type = type;
	return a;
}

static void arg_i(struct vg_live_decoder *d, const char *name, enum vg_arg_type type, int64_t v)
{
	struct vg_evt_arg *a = add_arg(d, name, type);
	if (a)
		a->num.i = v;
}

static void arg_u(struct vg_live_decoder *d, const char *name, enum vg_arg_type type, uint64_t v)
{
	struct vg_evt_arg *a = add_arg(d, name, type);
	if (a)
		a->num.u = v;
}

static void arg_flags(struct vg_live_decoder *d, const char *name, enum vg_arg_type type,
		      enum vg_flagset fs, uint64_t v)
{
	struct vg_evt_arg *a = add_arg(d, name, type);
	if (a) {
		a->flagset = fs;
		a->num.u = v;
	}
}

static void arg_s(struct vg_live_decoder *d, const char *name, const char *s)
{
	struct vg_evt_arg *a = add_arg(d, name, s ? VG_ARG_STR : VG_ARG_NONE);
	if (a)
		a->str = vstr(s);
}

static int64_t sarg(const struct vg_live_decoder *d, int i)
{
	return (int64_t)(int32_t)(uint32_t)d->hdr.args[i]; /* int-typed syscall argument */
}

/* The path of string argument @i resolved against its base (cwd / dirfd), or NULL. */
static const char *resolved(struct vg_live_decoder *d, const struct vg_live_sc *sc, int i,
			    const char *raw)
{
	if (!raw)
		return NULL;
	char *buf = pool_alloc(d, 4096);
	if (!buf)
		return raw;
	const char *base = NULL;
	if (raw[0] != '/') {
		uint8_t b = sc->base[i];
		int64_t dirfd = -100;
		if (b >= 2 && b < 8)
			dirfd = sarg(d, b - 2);
		base = ppath(d, (uint8_t)(VG_KP_BASE0 + i));
		if (!base && (b == CWD || dirfd == -100))
			base = ppath(d, VG_KP_CWD);
		if (!base && dirfd != -100) {
			const struct vg_fd *f = vg_live_fd(d->st, d->hdr.tgid, dirfd);
			if (f && f->name.ptr)
				base = f->name.ptr;
		}
		if (!base) {
			const struct vg_proc *p = vg_live_proc(d->st, d->hdr.tgid, d->hdr.tid);
			if (p && p->cwd.ptr)
				base = p->cwd.ptr;
		}
		if (!base)
			return raw;
	}
	if (vg_live_path_join(base, raw, buf, 4096) < 0)
		return raw;
	return buf;
}

static bool parse_params(struct vg_live_decoder *d, size_t len)
{
	memset(d->params, 0, sizeof(d->params));
	size_t off = sizeof(struct vg_krec);
	while (off < len) {
		off = (off + 7) & ~(size_t)7;
		if (off >= len)
			break;
		if (len - off < sizeof(struct vg_kparam))
			return false;
		struct vg_kparam ph;
		memcpy(&ph, d->rec + off, sizeof(ph));
		off += sizeof(ph);
		if (ph.len > len - off)
			return false;
		if (ph.id < NPARAMS) {
			struct param *p = &d->params[ph.id];
			p->data = d->rec + off;
			p->len = ph.len;
			p->flags = ph.flags;
			p->present = true;
		}
		off += ph.len;
	}
	return true;
}

static void fill_ctx(struct vg_live_decoder *d)
{
	vg_live_state_fill(d->st, d->hdr.tgid, d->hdr.tid, d->hdr.euid, d->hdr.egid, &d->ev);
}

static void apply_exec(struct vg_live_decoder *d)
{
	struct vg_live_exec x;
	vg_live_exec_init(&x);
	x.pid = d->hdr.tgid;
	x.tid = d->hdr.tid;
	x.ppid = d->hdr.ptgid ? (int64_t)d->hdr.ptgid : -1;
	x.exepath = ppath(d, VG_KP_EXEPATH);
	size_t alen = 0, elen = 0;
	if (d->params[VG_KP_ARGV].present) {
		x.argv = d->params[VG_KP_ARGV].data;
		alen = d->params[VG_KP_ARGV].len;
		x.argv_len = alen;
	}
	if (d->params[VG_KP_ENV].present) {
		x.env = d->params[VG_KP_ENV].data;
		elen = d->params[VG_KP_ENV].len;
		x.env_len = elen;
	}
	char comm[sizeof(d->hdr.comm) + 1];
	memcpy(comm, d->hdr.comm, sizeof(d->hdr.comm));
	comm[sizeof(d->hdr.comm)] = '\0';
	x.comm = comm;
	x.cwd = ppath(d, VG_KP_CWD);
	x.cgroup = ppath(d, VG_KP_CGROUP);
	x.has_tty = true;
	x.tty = d->hdr.tty;
	x.has_loginuid = true;
	x.loginuid = d->hdr.loginuid;
	x.has_ids = true;
	x.uid = d->hdr.euid;
	x.gid = d->hdr.egid;
	x.sid = d->hdr.sid;
	x.vpid = d->hdr.vtgid;
	/* fexecve of a memfd: the file is a pseudo file named "memfd:NAME"; libs shows
	 * "/memfd:NAME (deleted)" */
	if (x.exepath && strncmp(x.exepath, "/memfd:", 7) == 0) {
		x.exe_flags |= VG_PROC_EXE_FROM_MEMFD;
		if (!strstr(x.exepath, " (deleted)")) {
			char *m = pool_alloc(d, strlen(x.exepath) + 11);
			if (m) {
				snprintf(m, strlen(x.exepath) + 11, "%s (deleted)", x.exepath);
				x.exepath = m;
			}
		}
	}
	if (d->params[VG_KP_EXEINFO].present &&
	    d->params[VG_KP_EXEINFO].len >= sizeof(struct vg_kexeinfo)) {
		struct vg_kexeinfo xi;
		memcpy(&xi, d->params[VG_KP_EXEINFO].data, sizeof(xi));
		x.has_exe_ino = true;
		x.exe_ino = xi.exe_ino;
		x.exe_ino_ctime = xi.exe_ctime;
		x.exe_ino_mtime = xi.exe_mtime;
		if (xi.exe_flags & VG_KEXE_UPPER_LAYER)
			x.exe_flags |= VG_PROC_EXE_UPPER_LAYER;
		if (xi.exe_flags & VG_KEXE_LOWER_LAYER)
			x.exe_flags |= VG_PROC_EXE_LOWER_LAYER;
		x.has_caps = true;
		x.cap_effective = xi.cap_effective;
		x.cap_permitted = xi.cap_permitted;
		x.cap_inheritable = xi.cap_inheritable;
	}
	x.ts = d->hdr.ts + d->boot_to_epoch;
	vg_live_on_exec(d->st, &x);
}

static void sockaddr_arg(struct vg_live_decoder *d, const char *name, uint8_t id)
{
	struct vg_evt_arg *a = add_arg(d, name, VG_ARG_SOCKADDR);
	if (!a)
		return;
	const struct param *p = id < NPARAMS ? &d->params[id] : NULL;
	if (!p || !p->present || p->len < 2) {
		a->type = VG_ARG_NONE;
		return;
	}
	uint16_t fam;
	memcpy(&fam, p->data, 2);
	if (fam == 2 && p->len >= 8) { /* sockaddr_in */
		a->addr.family = 4;
		memcpy(a->addr.b, p->data + 4, 4);
		a->port = (uint16_t)(((uint8_t)p->data[2] << 8) | (uint8_t)p->data[3]);
	} else if (fam == 10 && p->len >= 24) { /* sockaddr_in6 */
		a->addr.family = 6;
		memcpy(a->addr.b, p->data + 8, 16);
		a->port = (uint16_t)(((uint8_t)p->data[2] << 8) | (uint8_t)p->data[3]);
	} else if (fam == 1) { /* sockaddr_un */
		size_t n = p->len - 2;
		char *s = pool_alloc(d, n + 1);
		if (!s) {
			a->type = VG_ARG_NONE;
			return;
		}
		memcpy(s, p->data + 2, n);
		s[n] = '\0';
		a->str = vg_str_c(s); /* stops at the first NUL */
	} else {
		a->type = VG_ARG_NONE;
	}
}

static bool get_tuple(struct vg_live_decoder *d, struct vg_ktuple *t)
{
	const struct param *p = &d->params[VG_KP_TUPLE];
	if (!p->present || p->len < sizeof(*t))
		return false;
	memcpy(t, p->data, sizeof(*t));
	return true;
}

static void tuple_addrs(const struct vg_ktuple *t, struct vg_ipaddr *l, struct vg_ipaddr *r)
{
	memset(l, 0, sizeof(*l));
	memset(r, 0, sizeof(*r));
	if (t->family == 2) {
		l->family = r->family = 4;
		memcpy(l->b, t->laddr, 4);
		memcpy(r->b, t->raddr, 4);
	} else if (t->family == 10) {
		l->family = r->family = 6;
		memcpy(l->b, t->laddr, 16);
		memcpy(r->b, t->raddr, 16);
	}
}

/* "cip:cport->sip:sport" */
static const char *tuple_text(struct vg_live_decoder *d, const struct vg_ipaddr *c, uint16_t cp,
			      const struct vg_ipaddr *s, uint16_t sp)
{
	char a[64], b[64];
	vg_ipaddr_format(c, a, sizeof(a));
	vg_ipaddr_format(s, b, sizeof(b));
	char *buf = pool_alloc(d, 160);
	if (!buf)
		return NULL;
	snprintf(buf, 160, "%s:%u->%s:%u", a, cp, b, sp);
	return buf;
}

/* The fd the event refers to: from the table, else a temporary one from @name. */
static void event_fd(struct vg_live_decoder *d, int64_t num)
{
	const struct vg_fd *f = num >= 0 ? vg_live_fd(d->st, d->hdr.tgid, num) : NULL;
	if (f)
		d->ev.fd = f;
}

static void open_event(struct vg_live_decoder *d, const struct vg_live_sc *sc, int path_arg,
		       uint64_t lflags, uint64_t mode)
{
	const char *raw = pstr(d, (uint8_t)(VG_KP_STR0 + path_arg), NULL);
	const char *path = resolved(d, sc, path_arg, raw);
	uint32_t flags = open_flags_to_ppm(lflags);
	int64_t res = d->hdr.ret;
	arg_i(d, "fd", VG_ARG_FD, res);
	if (sc->type == VG_EVT_OPENAT || sc->type == VG_EVT_OPENAT2)
		arg_i(d, "dirfd", VG_ARG_FD, sarg(d, 0));
	arg_s(d, "name", raw);
	if (sc->type != VG_EVT_CREAT)
		arg_flags(d, "flags", VG_ARG_FLAGS, VG_FLAGSET_OPEN, flags);
	arg_u(d, "mode", VG_ARG_MODE, mode);
	struct vg_fd *fd = &d->fd;
	memset(fd, 0, sizeof(*fd));
	fd->num = res >= 0 ? res : -1;
	fd->type = (flags & VG_O_DIRECTORY) ? VG_FD_DIRECTORY : VG_FD_FILE;
	fd->name = vstr(path);
	fd->nameraw = vstr(raw);
	fd->open_flags = flags;
	if (res >= 0)
		vg_live_fd_set(d->st, d->hdr.tgid, fd);
	d->ev.fd = fd;
}

static void two_paths(struct vg_live_decoder *d, const struct vg_live_sc *sc, int ia, int ib,
		      const char *na, const char *nb, const char *dira, const char *dirb,
		      bool resolve_a)
{
	const char *a = pstr(d, (uint8_t)(VG_KP_STR0 + ia), NULL);
	const char *b = pstr(d, (uint8_t)(VG_KP_STR0 + ib), NULL);
	if (dira)
		arg_i(d, dira, VG_ARG_FD, sarg(d, ia - 1));
	arg_s(d, na, resolve_a ? resolved(d, sc, ia, a) : a);
	if (dirb)
		arg_i(d, dirb, VG_ARG_FD, sarg(d, ib - 1));
	arg_s(d, nb, resolved(d, sc, ib, b));
}

static int build_syscall(struct vg_live_decoder *d, const struct vg_live_sc *sc)
{
	struct vg_sys_event *ev = &d->ev;
	const uint64_t *a = d->hdr.args;
	int64_t res = d->hdr.ret;
	int64_t pid = d->hdr.tgid;
	ev->type = sc->type;
	ev->res = res;
	ev->flags |= VG_SYS_HAS_RES;
	switch (sc->type) {
	case VG_EVT_OPEN:
		open_event(d, sc, 0, a[1], a[2]);
		break;
	case VG_EVT_CREAT:
		open_event(d, sc, 0, 01 | 0100 | 01000, a[1]);
		break;
	case VG_EVT_OPENAT:
		open_event(d, sc, 1, a[2], a[3]);
		break;
	case VG_EVT_OPENAT2: {
		uint64_t how[3] = { 0, 0, 0 };
		if (d->params[VG_KP_OPENHOW].present && d->params[VG_KP_OPENHOW].len >= 24)
			memcpy(how, d->params[VG_KP_OPENHOW].data, sizeof(how));
		open_event(d, sc, 1, how[0], how[1]);
		arg_u(d, "resolve", VG_ARG_UINT, how[2]);
		break;
	}
	case VG_EVT_EXECVE:
	case VG_EVT_EXECVEAT: {
		arg_i(d, "res", VG_ARG_ERRNO, res);
		if (res < 0) {
			int pa = sc->type == VG_EVT_EXECVE ? 0 : 1;
			const char *raw = pstr(d, (uint8_t)(VG_KP_STR0 + pa), NULL);
			arg_s(d, "filename", resolved(d, sc, pa, raw));
		}
		break;
	}
	case VG_EVT_CONNECT:
	case VG_EVT_ACCEPT:
	case VG_EVT_ACCEPT4:
	case VG_EVT_BIND:
	case VG_EVT_LISTEN: {
		bool accept = sc->type == VG_EVT_ACCEPT || sc->type == VG_EVT_ACCEPT4;
		int64_t fdn = accept ? res : sarg(d, 0);
		struct vg_ktuple t;
		bool have = get_tuple(d, &t);
		if (sc->type == VG_EVT_CONNECT || accept) {
			if (sc->type == VG_EVT_CONNECT)
				arg_i(d, "res", VG_ARG_ERRNO, res);
			else
				arg_i(d, "fd", VG_ARG_FD, res);
			struct vg_ipaddr l, r;
			if (have && (t.family == 2 || t.family == 10)) {
				tuple_addrs(&t, &l, &r);
				const char *txt = accept ? tuple_text(d, &r, t.rport, &l, t.lport)
							 : tuple_text(d, &l, t.lport, &r, t.rport);
				arg_s(d, "tuple", txt);
				if (fdn >= 0 && (res >= 0 || res == -115 /* EINPROGRESS */))
					vg_live_fd_connect(d->st, pid, fdn, &l, t.lport, &r, t.rport,
							   accept, NULL);
			} else if (have && t.family == 1 && fdn >= 0 && res >= 0 &&
				   sc->type == VG_EVT_CONNECT) {
				struct vg_ipaddr z;
				memset(&z, 0, sizeof(z));
				const char *up = NULL;
				if (d->params[VG_KP_SOCKADDR0 + 1].present) {
					sockaddr_arg(d, "addr", VG_KP_SOCKADDR0 + 1);
					up = d->args[d->ev.nargs - 1].str.ptr;
					d->ev.nargs--;
				}
				vg_live_fd_connect(d->st, pid, fdn, &z, 0, &z, 0, false, up);
			}
			if (sc->type == VG_EVT_CONNECT) {
				arg_i(d, "fd", VG_ARG_FD, fdn);
				sockaddr_arg(d, "addr", VG_KP_SOCKADDR0 + 1);
			}
		} else if (sc->type == VG_EVT_BIND) {
			arg_i(d, "res", VG_ARG_ERRNO, res);
			sockaddr_arg(d, "addr", VG_KP_SOCKADDR0 + 1);
			arg_i(d, "fd", VG_ARG_FD, fdn);
		} else {
			arg_i(d, "res", VG_ARG_ERRNO, res);
			arg_i(d, "fd", VG_ARG_FD, fdn);
			arg_i(d, "backlog", VG_ARG_INT, sarg(d, 1));
		}
		event_fd(d, fdn);
		break;
	}
	case VG_EVT_SOCKET: {
		arg_i(d, "fd", VG_ARG_FD, res);
		arg_flags(d, "domain", VG_ARG_ENUM, VG_FLAGSET_SOCKET_FAMILY, a[0] & 0xffff);
		arg_u(d, "type", VG_ARG_UINT, a[1] & 0xffffffffu);
		arg_u(d, "proto", VG_ARG_UINT, a[2] & 0xffffffffu);
		if (res >= 0) {
			struct vg_fd *fd = &d->fd;
			memset(fd, 0, sizeof(*fd));
			fd->num = res;
			uint64_t fam = a[0] & 0xffff, typ = a[1] & 0xf;
			fd->type = fam == 2 ? VG_FD_IPV4_SOCK : fam == 10 ? VG_FD_IPV6_SOCK
				   : fam == 1 ? VG_FD_UNIX_SOCK : fam == 16 ? VG_FD_NETLINK
				   : VG_FD_UNKNOWN;
			if (fam == 2 || fam == 10)
				fd->l4proto = typ == 1 ? VG_L4_TCP : typ == 2 ? VG_L4_UDP
					      : typ == 3 ? VG_L4_RAW : VG_L4_NONE;
			vg_live_fd_set(d->st, pid, fd);
			d->ev.fd = vg_live_fd(d->st, pid, res);
			if (!d->ev.fd)
				d->ev.fd = fd;
		}
		break;
	}
	case VG_EVT_DUP:
	case VG_EVT_DUP2:
	case VG_EVT_DUP3: {
		arg_i(d, "res", VG_ARG_FD, res);
		arg_i(d, "oldfd", VG_ARG_FD, sarg(d, 0));
		if (sc->type != VG_EVT_DUP)
			arg_i(d, "newfd", VG_ARG_FD, sarg(d, 1));
		if (sc->type == VG_EVT_DUP3)
			arg_u(d, "flags", VG_ARG_UINT, a[2] & 0xffffffffu);
		event_fd(d, sarg(d, 0));
		if (res >= 0 && res != sarg(d, 0))
			vg_live_fd_dup(d->st, pid, sarg(d, 0), res,
				       sc->type == VG_EVT_DUP3 && (a[2] & 02000000));
		break;
	}
	case VG_EVT_CLOSE:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "fd", VG_ARG_FD, sarg(d, 0));
		event_fd(d, sarg(d, 0));
		if (res >= 0) {
			d->close_fd = sarg(d, 0);
			d->close_pid = pid;
		}
		break;
	case VG_EVT_SETUID:
	case VG_EVT_SETGID: {
		bool u = sc->type == VG_EVT_SETUID;
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_u(d, u ? "uid" : "gid", u ? VG_ARG_UID : VG_ARG_GID, a[0] & 0xffffffffu);
		break;
	}
	case VG_EVT_SETRESUID:
	case VG_EVT_SETRESGID: {
		bool u = sc->type == VG_EVT_SETRESUID;
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_u(d, u ? "ruid" : "rgid", u ? VG_ARG_UID : VG_ARG_GID, a[0] & 0xffffffffu);
		arg_u(d, u ? "euid" : "egid", u ? VG_ARG_UID : VG_ARG_GID, a[1] & 0xffffffffu);
		arg_u(d, u ? "suid" : "sgid", u ? VG_ARG_UID : VG_ARG_GID, a[2] & 0xffffffffu);
		break;
	}
	case VG_EVT_PTRACE:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_flags(d, "request", VG_ARG_ENUM, VG_FLAGSET_PTRACE, ptrace_to_ppm(a[0]));
		arg_i(d, "pid", VG_ARG_PID, sarg(d, 1));
		break;
	case VG_EVT_MOUNT:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_s(d, "dev", pstr(d, VG_KP_STR0 + 0, NULL));
		arg_s(d, "dir", pstr(d, VG_KP_STR0 + 1, NULL));
		arg_s(d, "type", pstr(d, VG_KP_STR0 + 2, NULL));
		arg_u(d, "flags", VG_ARG_UINT, a[3]);
		break;
	case VG_EVT_UMOUNT2:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_s(d, "name", pstr(d, VG_KP_STR0 + 0, NULL));
		arg_u(d, "flags", VG_ARG_UINT, a[1] & 0xffffffffu);
		break;
	case VG_EVT_UNSHARE:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_flags(d, "flags", VG_ARG_FLAGS, VG_FLAGSET_CLONE, clone_flags_to_ppm(a[0]));
		if (res == 0 && (a[0] & 0x20000))
			vg_live_on_mntns_change(d->st, pid);
		break;
	case VG_EVT_SETNS:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "fd", VG_ARG_FD, sarg(d, 0));
		arg_flags(d, "nstype", VG_ARG_FLAGS, VG_FLAGSET_CLONE, clone_flags_to_ppm(a[1]));
		if (res == 0)
			vg_live_on_mntns_change(d->st, pid);
		break;
	case VG_EVT_CLONE:
	case VG_EVT_CLONE3:
	case VG_EVT_FORK:
	case VG_EVT_VFORK: {
		uint64_t f = sc->type == VG_EVT_CLONE ? a[0] : sc->type == VG_EVT_VFORK
			     ? 0x4000 | 0x100 : 0;
		if (sc->type == VG_EVT_CLONE3 && d->params[VG_KP_CLONE3].present &&
		    d->params[VG_KP_CLONE3].len >= 8)
			memcpy(&f, d->params[VG_KP_CLONE3].data, 8);
		arg_i(d, "res", VG_ARG_PID, res);
		arg_flags(d, "flags", VG_ARG_FLAGS, VG_FLAGSET_CLONE, clone_flags_to_ppm(f));
		break;
	}
	case VG_EVT_CHMOD:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_s(d, "filename", resolved(d, sc, 0, pstr(d, VG_KP_STR0, NULL)));
		arg_u(d, "mode", VG_ARG_MODE, a[1] & 07777);
		break;
	case VG_EVT_FCHMOD:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "fd", VG_ARG_FD, sarg(d, 0));
		arg_u(d, "mode", VG_ARG_MODE, a[1] & 07777);
		event_fd(d, sarg(d, 0));
		break;
	case VG_EVT_FCHMODAT:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "dirfd", VG_ARG_FD, sarg(d, 0));
		arg_s(d, "filename", resolved(d, sc, 1, pstr(d, VG_KP_STR0 + 1, NULL)));
		arg_u(d, "mode", VG_ARG_MODE, a[2] & 07777);
		break;
	case VG_EVT_UNLINK:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_s(d, "path", resolved(d, sc, 0, pstr(d, VG_KP_STR0, NULL)));
		break;
	case VG_EVT_UNLINKAT:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "dirfd", VG_ARG_FD, sarg(d, 0));
		arg_s(d, "name", resolved(d, sc, 1, pstr(d, VG_KP_STR0 + 1, NULL)));
		arg_u(d, "flags", VG_ARG_UINT, a[2] & 0xffffffffu);
		break;
	case VG_EVT_MKDIR:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_s(d, "path", resolved(d, sc, 0, pstr(d, VG_KP_STR0, NULL)));
		arg_u(d, "mode", VG_ARG_MODE, a[1] & 07777);
		break;
	case VG_EVT_MKDIRAT:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "dirfd", VG_ARG_FD, sarg(d, 0));
		arg_s(d, "path", resolved(d, sc, 1, pstr(d, VG_KP_STR0 + 1, NULL)));
		arg_u(d, "mode", VG_ARG_MODE, a[2] & 07777);
		break;
	case VG_EVT_RENAME:
	case VG_EVT_LINK:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		two_paths(d, sc, 0, 1, "oldpath", "newpath", NULL, NULL, true);
		break;
	case VG_EVT_RENAMEAT:
	case VG_EVT_RENAMEAT2:
	case VG_EVT_LINKAT:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		two_paths(d, sc, 1, 3, "oldpath", "newpath", "olddirfd", "newdirfd", true);
		if (sc->type != VG_EVT_RENAMEAT)
			arg_u(d, "flags", VG_ARG_UINT, a[4] & 0xffffffffu);
		break;
	case VG_EVT_SYMLINK:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		two_paths(d, sc, 0, 1, "target", "linkpath", NULL, NULL, false);
		break;
	case VG_EVT_SYMLINKAT: {
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_s(d, "target", pstr(d, VG_KP_STR0, NULL));
		arg_i(d, "linkdirfd", VG_ARG_FD, sarg(d, 1));
		arg_s(d, "linkpath", resolved(d, sc, 2, pstr(d, VG_KP_STR0 + 2, NULL)));
		break;
	}
	case VG_EVT_MEMFD_CREATE: {
		const char *name = pstr(d, VG_KP_STR0, NULL);
		arg_i(d, "fd", VG_ARG_FD, res);
		arg_s(d, "name", name);
		arg_u(d, "flags", VG_ARG_UINT, a[1] & 0xffffffffu);
		if (res >= 0) {
			struct vg_fd *fd = &d->fd;
			memset(fd, 0, sizeof(*fd));
			fd->num = res;
			fd->type = VG_FD_MEMFD;
			char *n = pool_alloc(d, 300);
			if (n) {
				snprintf(n, 300, "memfd:%s", name ? name : "");
				fd->name = vstr(n);
			}
			vg_live_fd_set(d->st, pid, fd);
			d->ev.fd = fd;
		}
		break;
	}
	case VG_EVT_BPF:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "cmd", VG_ARG_INT, sarg(d, 0));
		break;
	case VG_EVT_INIT_MODULE:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_u(d, "length", VG_ARG_UINT, a[1]);
		arg_s(d, "args", pstr(d, VG_KP_STR0 + 2, NULL));
		break;
	case VG_EVT_FINIT_MODULE:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "fd", VG_ARG_FD, sarg(d, 0));
		arg_s(d, "args", pstr(d, VG_KP_STR0 + 1, NULL));
		arg_u(d, "flags", VG_ARG_UINT, a[2] & 0xffffffffu);
		event_fd(d, sarg(d, 0));
		break;
	case VG_EVT_KILL:
		arg_i(d, "res", VG_ARG_ERRNO, res);
		arg_i(d, "pid", VG_ARG_PID, sarg(d, 0));
		arg_u(d, "sig", VG_ARG_UINT, a[1] & 0xffffffffu);
		break;
	case VG_EVT_CHDIR:
	case VG_EVT_FCHDIR: {
		arg_i(d, "res", VG_ARG_ERRNO, res);
		const char *dir = NULL;
		if (sc->type == VG_EVT_CHDIR) {
			dir = resolved(d, sc, 0, pstr(d, VG_KP_STR0, NULL));
			arg_s(d, "path", dir);
		} else {
			arg_i(d, "fd", VG_ARG_FD, sarg(d, 0));
			dir = ppath(d, VG_KP_FDPATH);
		}
		if (res == 0 && dir)
			vg_live_on_chdir(d->st, pid, dir);
		break;
	}
	default:
		return 0;
	}
	/* credentials changed: the state follows */
	if (res == 0 && (sc->type == VG_EVT_SETUID || sc->type == VG_EVT_SETRESUID ||
			 sc->type == VG_EVT_SETGID || sc->type == VG_EVT_SETRESGID)) {
		uint32_t u = d->hdr.euid, g = d->hdr.egid;
		vg_live_on_setids(d->st, pid, &u, &g);
	}
	ev->args = d->args;
	return 1;
}

void vg_live_decoder_done(struct vg_live_decoder *d)
{
	if (d->close_fd >= 0) {
		vg_live_fd_close(d->st, d->close_pid, d->close_fd);
		d->close_fd = -1;
	}
	vg_live_state_end_event(d->st);
}

int vg_live_decode(struct vg_live_decoder *d, const void *rec, size_t len,
		   const struct vg_sys_event **ret_event)
{
	*ret_event = NULL;
	d->stats.records++;
	if (len < sizeof(struct vg_krec) || len > VG_KREC_MAX) {
		d->stats.malformed++;
		return -EBADMSG;
	}
	memcpy(d->rec, rec, len);
	memcpy(&d->hdr, d->rec, sizeof(d->hdr));
	if (d->hdr.magic != VG_KREC_MAGIC || d->hdr.len != len || !parse_params(d, len)) {
		d->stats.malformed++;
		return -EBADMSG;
	}
	if (d->hdr.flags & VG_KREC_F_TRUNC)
		d->stats.truncated++;
	d->pool_used = 0;
	memset(&d->ev, 0, sizeof(d->ev));
	d->close_fd = -1;
	uint64_t ts = d->hdr.ts + d->boot_to_epoch;
	switch (d->hdr.kind) {
	case VG_KREC_FORK:
		d->stats.lifecycle++;
		vg_live_on_fork(d->st, d->hdr.tid, (int64_t)(uint32_t)d->hdr.args[1],
				(int64_t)(uint32_t)d->hdr.args[0],
				(d->hdr.flags & VG_KREC_F_THREAD) ? 0x10000 : 0, ts);
		return 0;
	case VG_KREC_EXEC:
		d->stats.lifecycle++;
		apply_exec(d);
		return 0;
	case VG_KREC_EXIT:
		d->stats.lifecycle++;
		vg_live_on_exit(d->st, d->hdr.tgid, d->hdr.tid);
		return 0;
	case VG_KREC_SYSCALL:
		break;
	default:
		d->stats.malformed++;
		return -EBADMSG;
	}
	const struct vg_live_sc *sc = vg_live_syscall(d->hdr.nr);
	if (!sc) {
		d->stats.unknown++;
		return 0;
	}
	struct vg_sys_event *ev = &d->ev;
	ev->source = VG_SOURCE_SYSCALL;
	ev->ts = ts;
	ev->cpu = d->hdr.cpu;
	ev->num = ++d->seq;
	/* the context first: open/socket hooks below change the fd table only */
	int r = build_syscall(d, sc);
	if (r <= 0)
		return r;
	fill_ctx(d);
	d->stats.events++;
	*ret_event = ev;
	return 1;
}
