/* SPDX-License-Identifier: Apache-2.0 */
/*
 * probe.c - the kernel side of the live source: open the libbpf skeleton of bpf/vigil.bpf.c,
 * size the ring buffer, load (the verifier runs here), attach the programs, write the interest
 * set (descriptor map), poll the ring buffer and read the per-CPU drop counters.
 *
 * Three capture modes for syscalls, the first the kernel accepts is used:
 *   fexit                one fexit program per captured syscall (BPF trampoline on
 *                        __x64_sys_NAME), attached only while the syscall is in the interest
 *                        set: the others (read, write ...) run without any tracing cost;
 *   syscall-tracepoints  one tracepoint program per captured syscall on the tracefs event
 *                        syscalls/sys_exit_NAME, attached the same way: the others run no BPF
 *                        program but take the kernel's syscall tracing slow path;
 *   tracepoint           the last resort: tp_btf/sys_exit, a program on every syscall of the
 *                        machine, filtered by the descriptor map.
 * VIGIL_LIVE_MODE=fexit|syscall-tracepoints|tracepoint forces one.
 * Without VIGIL_HAVE_BPF (VIGIL_BPF=OFF) every entry point says the build lacks eBPF.
 */
#include <errno.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "live/live_internal.h"

#ifdef VIGIL_HAVE_BPF
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "vigil.skel.h"
#endif

#include "util/banned.h"

static void set_err(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t cap, const char *fmt, ...)
{
	if (!err || cap == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

#ifdef VIGIL_HAVE_BPF

/* per-syscall programs of bpf/vigil.bpf.c (VG_SYSCALL_LIST): vg_fx_NAME (fexit mode) and
 * vg_tp_NAME (syscall-tracepoints mode), for every syscall of decode.c's table */
static const struct sc_prog {
	unsigned nr;
	const char *name;
} s_sc_progs[] = {
	{ SYS_open, "open" },
	{ SYS_close, "close" },
	{ SYS_dup, "dup" },
	{ SYS_dup2, "dup2" },
	{ SYS_socket, "socket" },
	{ SYS_connect, "connect" },
	{ SYS_accept, "accept" },
	{ SYS_bind, "bind" },
	{ SYS_listen, "listen" },
	{ SYS_clone, "clone" },
	{ SYS_fork, "fork" },
	{ SYS_vfork, "vfork" },
	{ SYS_execve, "execve" },
	{ SYS_kill, "kill" },
	{ SYS_chdir, "chdir" },
	{ SYS_fchdir, "fchdir" },
	{ SYS_rename, "rename" },
	{ SYS_mkdir, "mkdir" },
	{ SYS_creat, "creat" },
	{ SYS_link, "link" },
	{ SYS_unlink, "unlink" },
	{ SYS_symlink, "symlink" },
	{ SYS_chmod, "chmod" },
	{ SYS_fchmod, "fchmod" },
	{ SYS_ptrace, "ptrace" },
	{ SYS_setuid, "setuid" },
	{ SYS_setgid, "setgid" },
	{ SYS_setresuid, "setresuid" },
	{ SYS_setresgid, "setresgid" },
	{ SYS_mount, "mount" },
	{ SYS_umount2, "umount2" },
	{ SYS_init_module, "init_module" },
	{ SYS_unshare, "unshare" },
	{ SYS_openat, "openat" },
	{ SYS_mkdirat, "mkdirat" },
	{ SYS_unlinkat, "unlinkat" },
	{ SYS_renameat, "renameat" },
	{ SYS_linkat, "linkat" },
	{ SYS_symlinkat, "symlinkat" },
	{ SYS_fchmodat, "fchmodat" },
	{ SYS_accept4, "accept4" },
	{ SYS_dup3, "dup3" },
	{ SYS_setns, "setns" },
	{ SYS_finit_module, "finit_module" },
	{ SYS_renameat2, "renameat2" },
	{ SYS_memfd_create, "memfd_create" },
	{ SYS_bpf, "bpf" },
	{ SYS_execveat, "execveat" },
	{ SYS_clone3, "clone3" },
	{ SYS_openat2, "openat2" },
};
#define NSCPROGS (sizeof(s_sc_progs) / sizeof(s_sc_progs[0]))

/* the child's return of these comes through vg_fx_child (ret_from_fork -> schedule_tail) */
static bool is_clone_nr(unsigned nr)
{
	return nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork || nr == SYS_vfork;
}

enum probe_mode {
	MODE_FEXIT,
	MODE_SYSTP,
	MODE_TRACEPOINT,
	MODE__COUNT,
};

static const char *const s_mode_names[MODE__COUNT] = { "fexit", "syscall-tracepoints",
							 "tracepoint" };

/* the modes with one program per syscall, attached with the interest set */
static bool per_syscall(enum probe_mode m)
{
	return m == MODE_FEXIT || m == MODE_SYSTP;
}

struct vg_live_probe {
	struct vigil_bpf *skel;
	struct ring_buffer *rb;
	vg_live_probe_cb cb;
	void *ud;
	int ncpus;
	int consumed; /* records of the current poll */
	bool more;    /* the last poll stopped at the budget */
	int cb_err;
	enum probe_mode mode;
	char mode_desc[400]; /* "fexit", "syscall-tracepoints (fexit unavailable: ...)" ... */
	/* per-syscall modes: programs by syscall number and their links while attached */
	struct bpf_program *sc_prog[VG_KNR_MAX];
	struct bpf_link *sc_link[VG_KNR_MAX];
	struct bpf_link *child_link;
	/* syscalls without a program in this mode (no tracefs event: the kernel lacks them) */
	char uncaptured[160];
	double load_secs; /* open + load + attach of the chosen mode */
};

/* Records per poll: libbpf consumes until the ring is empty, which under a sustained load
 * never happens; a budget lets the caller check signals, timers and the duration. */
#define POLL_BUDGET 1024
#define BUDGET_STOP (-ECANCELED)

static int rb_sample(void *ctx, void *data, size_t len)
{
	struct vg_live_probe *p = ctx;
	p->consumed++;
	int e = p->cb ? p->cb(p->ud, data, len) : 0;
	if (e < 0) {
		p->cb_err = e;
		return e;
	}
	return p->consumed >= POLL_BUDGET ? BUDGET_STOP : 0;
}

/* libbpf's own messages: warnings and errors to stderr only when VIGIL_BPF_DEBUG is set */
static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !getenv("VIGIL_BPF_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static double mono_secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fexit programs' targets ("fexit/FUNC") all exist in the kernel's BTF? */
static int fexit_targets_exist(struct vigil_bpf *skel, char *why, size_t cap)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		int e = -errno;
		set_err(why, cap, "no kernel BTF: %s", strerror(errno));
		return e ? e : -ENOENT;
	}
	int e = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj) {
		const char *sec = bpf_program__section_name(prog);
		if (strncmp(sec, "fexit/", 6) != 0)
			continue;
		if (btf__find_by_name_kind(vmlinux, sec + 6, BTF_KIND_FUNC) < 0) {
			set_err(why, cap, "no kernel function %s", sec + 6);
			e = -ENOENT;
			break;
		}
	}
	btf__free(vmlinux);
	return e;
}

static void *destroy_link(void *link)
{
	bpf_link__destroy(link);
	return NULL;
}

/*
 * Destroy @n links (NULLs skipped) and clear them. Closing a tracefs tracepoint's perf event
 * waits for an RCU grace period (~70 ms here, the syscall tracepoints being faultable): one
 * after the other, vigil's 30 took 2 s to stop. Closed from one thread each, the waits overlap.
 */
static void destroy_links(struct bpf_link **links, size_t n)
{
	pthread_t th[VG_KNR_MAX];
	bool started[VG_KNR_MAX];
	for (size_t i = 0; i < n && i < VG_KNR_MAX; i++) {
		started[i] = false;
		if (!links[i])
			continue;
		if (pthread_create(&th[i], NULL, destroy_link, links[i]) == 0)
			started[i] = true;
		else
			bpf_link__destroy(links[i]);
	}
	for (size_t i = 0; i < n && i < VG_KNR_MAX; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		links[i] = NULL;
	}
}

static void destroy_skel(struct vg_live_probe *p)
{
	destroy_links(p->sc_link, VG_KNR_MAX);
	for (unsigned i = 0; i < VG_KNR_MAX; i++)
		p->sc_prog[i] = NULL;
	bpf_link__destroy(p->child_link);
	p->child_link = NULL;
	vigil_bpf__destroy(p->skel);
	p->skel = NULL;
}

/*
 * The tracefs events of the syscall-tracepoints programs ("tracepoint/syscalls/sys_exit_X"):
 * libbpf looks in /sys/kernel/tracing, then /sys/kernel/debug/tracing. A kernel has no event
 * for a syscall it does not implement (init_module without CONFIG_MODULES: always ENOSYS);
 * that program is not loaded and the syscall is named in p->uncaptured.
 */
static int tracefs_events_exist(struct vg_live_probe *p, char *why, size_t cap)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	const char *root = NULL;
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]) && !root; i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/events/syscalls", roots[i]);
		if (access(path, F_OK) == 0)
			root = roots[i];
	}
	if (!root) {
		set_err(why, cap, "no tracefs with syscall events (as root: mount -t tracefs tracefs "
				  "/sys/kernel/tracing; the kernel needs CONFIG_FTRACE_SYSCALLS)");
		return -ENOENT;
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, p->skel->obj) {
		const char *sec = bpf_program__section_name(prog);
		if (!bpf_program__autoload(prog) || strncmp(sec, "tracepoint/", 11) != 0)
			continue;
		char path[256];
		snprintf(path, sizeof(path), "%s/events/%s/id", root, sec + 11);
		if (access(path, R_OK) == 0)
			continue;
		if (errno != ENOENT) {
			set_err(why, cap, "cannot use the tracepoint %s: %s", sec + 11,
				strerror(errno));
			return -errno;
		}
		bpf_program__set_autoload(prog, false);
		size_t n = strlen(p->uncaptured);
		snprintf(p->uncaptured + n, sizeof(p->uncaptured) - n, "%s%s", n ? ", " : "",
			 bpf_program__name(prog) + 6);
	}
	return 0;
}

/*
 * Open, load and attach the programs of @mode. Tracepoint mode attaches everything here; the
 * per-syscall modes attach the lifecycle programs here and the syscall programs with the
 * interest set. On failure the skeleton is destroyed and @why says what failed (-errno).
 */
static int load_mode(struct vg_live_probe *p, enum probe_mode mode, size_t ringbuf_bytes,
		     bool include_self, char *why, size_t cap, bool *verifier)
{
	*verifier = false;
	p->skel = vigil_bpf__open();
	if (!p->skel) {
		int e = -errno;
		set_err(why, cap, "cannot open the eBPF object: %s", strerror(errno));
		return e ? e : -EINVAL;
	}
	p->skel->rodata->self_tgid = include_self ? 0 : (uint32_t)getpid();
	size_t rb_size = 16u * 1024u * 1024u;
	if (ringbuf_bytes) {
		/* a power of two multiple of the page size */
		size_t sz = 4096;
		while (sz < ringbuf_bytes && sz < (1u << 30))
			sz <<= 1;
		bpf_map__set_max_entries(p->skel->maps.events, (uint32_t)sz);
		rb_size = sz;
	}
	/* batch wakeups: 1/32 of the ring (the consumer also wakes every poll timeout) */
	p->skel->rodata->wakeup_bytes = rb_size / 32;
	int e = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, p->skel->obj) {
		const char *name = bpf_program__name(prog);
		bool fx = strncmp(name, "vg_fx_", 6) == 0;
		bool tp = strncmp(name, "vg_tp_", 6) == 0;
		bool load = mode == MODE_FEXIT ? !tp : mode == MODE_SYSTP ? !fx : !fx && !tp;
		bpf_program__set_autoload(prog, load);
	}
	bpf_program__set_autoload(p->skel->progs.vg_sys_exit, mode == MODE_TRACEPOINT);
	if (per_syscall(mode)) {
		e = mode == MODE_FEXIT ? fexit_targets_exist(p->skel, why, cap)
				       : tracefs_events_exist(p, why, cap);
		if (e < 0)
			goto fail;
		const char *prefix = mode == MODE_FEXIT ? "vg_fx_" : "vg_tp_";
		bool absent[VG_KNR_MAX] = { false }; /* left unloaded: the kernel lacks the syscall */
		for (size_t i = 0; i < NSCPROGS; i++) {
			char name[64];
			snprintf(name, sizeof(name), "%s%s", prefix, s_sc_progs[i].name);
			struct bpf_program *fp = bpf_object__find_program_by_name(p->skel->obj, name);
			if (!fp || s_sc_progs[i].nr >= VG_KNR_MAX) {
				set_err(why, cap, "no eBPF program %s", name);
				e = -ENOENT;
				goto fail;
			}
			if (bpf_program__autoload(fp))
				p->sc_prog[s_sc_progs[i].nr] = fp;
			else
				absent[s_sc_progs[i].nr] = true;
		}
		/* every syscall the decoder knows needs its program, or it would silently not be
		 * captured in this mode (the kernel's missing ones are named in the mode) */
		size_t nsc;
		const struct vg_live_sc *sc = vg_live_syscalls(&nsc);
		for (size_t i = 0; i < nsc; i++) {
			if (sc[i].nr >= VG_KNR_MAX || !p->sc_prog[sc[i].nr]) {
				if (sc[i].nr < VG_KNR_MAX && absent[sc[i].nr])
					continue;
				set_err(why, cap, "no %s program for syscall %u", s_mode_names[mode],
					(unsigned)sc[i].nr);
				e = -ENOENT;
				goto fail;
			}
		}
	}
	e = vigil_bpf__load(p->skel);
	if (e) {
		*verifier = true;
		set_err(why, cap, "the kernel refused the %s programs (%s)", s_mode_names[mode],
			strerror(-e));
		goto fail;
	}
	if (per_syscall(mode)) {
		/* the per-syscall programs tail-call the record builder */
		uint32_t zero = 0;
		struct bpf_program *worker = mode == MODE_FEXIT ? p->skel->progs.vg_fx_worker
								: p->skel->progs.vg_tp_worker;
		struct bpf_map *slot = mode == MODE_FEXIT ? p->skel->maps.fx_worker
							  : p->skel->maps.tp_worker;
		int wfd = bpf_program__fd(worker);
		if (bpf_map_update_elem(bpf_map__fd(slot), &zero, &wfd, BPF_ANY) < 0) {
			e = -errno;
			set_err(why, cap, "cannot install the %s record builder: %s",
				s_mode_names[mode], strerror(errno));
			goto fail;
		}
	}
	struct {
		struct bpf_program *prog;
		struct bpf_link **link;
	} att[] = {
		{ p->skel->progs.vg_fork, &p->skel->links.vg_fork },
		{ p->skel->progs.vg_exec, &p->skel->links.vg_exec },
		{ p->skel->progs.vg_exit, &p->skel->links.vg_exit },
		{ p->skel->progs.vg_sys_exit, &p->skel->links.vg_sys_exit },
	};
	for (size_t i = 0; i < sizeof(att) / sizeof(att[0]); i++) {
		if (!bpf_program__autoload(att[i].prog))
			continue;
		*att[i].link = bpf_program__attach(att[i].prog);
		if (!*att[i].link) {
			e = -errno;
			set_err(why, cap, "cannot attach %s: %s", bpf_program__name(att[i].prog),
				strerror(errno));
			goto fail;
		}
	}
	if (per_syscall(mode)) {
		/* a trampoline can be refused at attach only (no ftrace direct calls), a tracefs
		 * event by its permissions: try the cheapest program now, so that the fallback is
		 * chosen here and not on the first interest set */
		p->sc_link[SYS_close] = bpf_program__attach(p->sc_prog[SYS_close]);
		if (!p->sc_link[SYS_close]) {
			e = -errno;
			set_err(why, cap, "cannot attach a %s program: %s", s_mode_names[mode],
				strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	destroy_skel(p);
	p->uncaptured[0] = '\0';
	return e ? e : -EINVAL;
}

static int parse_mode(const char *s, enum probe_mode *ret)
{
	for (int m = 0; m < MODE__COUNT; m++) {
		if (strcmp(s, s_mode_names[m]) == 0) {
			*ret = (enum probe_mode)m;
			return 0;
		}
	}
	return -EINVAL;
}

int vg_live_probe_open(size_t ringbuf_bytes, bool include_self, struct vg_live_probe **ret,
		       char *err, size_t cap)
{
	*ret = NULL;
	if (geteuid() != 0) {
		set_err(err, cap, "loading eBPF programs needs root (CAP_BPF and CAP_PERFMON); "
				  "running as uid %u", (unsigned)geteuid());
		return -EPERM;
	}
	const char *want = getenv("VIGIL_LIVE_MODE");
	enum probe_mode forced = MODE__COUNT;
	if (want && *want && parse_mode(want, &forced) < 0) {
		set_err(err, cap, "VIGIL_LIVE_MODE=%s: not a capture mode (fexit, "
				  "syscall-tracepoints, tracepoint)", want);
		return -EINVAL;
	}
	libbpf_set_print(print_libbpf);
	struct vg_live_probe *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->ncpus = libbpf_num_possible_cpus();
	if (p->ncpus <= 0)
		p->ncpus = 1;
	/* the reasons the better modes were not used, for the start message */
	char skipped[300] = "";
	char why[256] = "";
	bool verifier = false;
	double t0 = mono_secs();
	int e = -ENOTSUP;
	for (int m = 0; m < MODE__COUNT; m++) {
		if (forced != MODE__COUNT && m != (int)forced)
			continue;
		e = load_mode(p, (enum probe_mode)m, ringbuf_bytes, include_self, why, sizeof(why),
			      &verifier);
		if (e == 0) {
			p->mode = (enum probe_mode)m;
			break;
		}
		size_t n = strlen(skipped);
		snprintf(skipped + n, sizeof(skipped) - n, "%s%s unavailable: %.100s",
			 n ? "; " : "", s_mode_names[m], why);
	}
	if (e < 0) {
		const char *hint = verifier ? "; run with VIGIL_BPF_DEBUG=1 for the verifier log. "
					      "Needs a kernel >= 5.8 with BTF (/sys/kernel/btf/vmlinux)"
					    : "";
		if (forced != MODE__COUNT)
			set_err(err, cap, "capture mode %s is not available (VIGIL_LIVE_MODE): %s%s",
				s_mode_names[forced], why, hint);
		else
			set_err(err, cap, "%s%s", why, hint);
		free(p);
		return e;
	}
#ifdef __GLIBC__
	/* give back the heap of a refused attempt (its relocated programs: ~10 MiB RSS) */
	if (*skipped)
		malloc_trim(0);
#endif
	const char *sim = "";
#ifdef VIGIL_BPF_FEXIT_SIM
	if (p->mode == MODE_FEXIT)
		sim = " (simulated on tp_btf/sys_exit: VIGIL_BPF_FEXIT_SIM test build)";
#endif
	/* "MODE (VIGIL_LIVE_MODE)" or "MODE (why the better modes were not used)", then the
	 * simulation and the syscalls this mode cannot capture */
	if (forced != MODE__COUNT)
		snprintf(p->mode_desc, sizeof(p->mode_desc), "%s (VIGIL_LIVE_MODE)%s",
			 s_mode_names[p->mode], sim);
	else if (*skipped)
		snprintf(p->mode_desc, sizeof(p->mode_desc), "%s (%s)%s", s_mode_names[p->mode],
			 skipped, sim);
	else
		snprintf(p->mode_desc, sizeof(p->mode_desc), "%s%s", s_mode_names[p->mode], sim);
	if (*p->uncaptured) {
		size_t n = strlen(p->mode_desc);
		snprintf(p->mode_desc + n, sizeof(p->mode_desc) - n,
			 "; not captured, the kernel has no tracepoint for: %s", p->uncaptured);
	}
	p->load_secs = mono_secs() - t0;
	p->rb = ring_buffer__new(bpf_map__fd(p->skel->maps.events), rb_sample, p, NULL);
	if (!p->rb) {
		e = -errno;
		set_err(err, cap, "cannot map the ring buffer: %s", strerror(errno));
		destroy_skel(p);
		free(p);
		return e ? e : -EINVAL;
	}
	*ret = p;
	return 0;
}

const char *vg_live_probe_mode(const struct vg_live_probe *p, double *ret_load_secs)
{
	if (ret_load_secs)
		*ret_load_secs = p->load_secs;
	return p->mode_desc;
}

void vg_live_probe_close(struct vg_live_probe *p)
{
	if (!p)
		return;
	ring_buffer__free(p->rb);
	destroy_skel(p);
	free(p);
}

int vg_live_probe_set_interest(struct vg_live_probe *p, const struct vg_evtset *set)
{
	struct vg_ksc_desc *d = calloc(VG_KNR_MAX, sizeof(*d));
	if (!d)
		return -ENOMEM;
	size_t n = vg_live_descs(set, d);
	int fd = bpf_map__fd(p->skel->maps.sc_desc);
	int e = 0;
	for (uint32_t i = 0; i < VG_KNR_MAX; i++) {
		if (bpf_map_update_elem(fd, &i, &d[i], BPF_ANY) < 0) {
			e = -errno;
			goto out;
		}
	}
	if (per_syscall(p->mode)) {
		/* attach what the set gained (the descriptors are already in place), then detach
		 * what it lost (those programs return at once meanwhile): a SIGHUP reload widens,
		 * swaps, narrows, and never has a syscall of both sets detached */
		bool clones = false;
		for (uint32_t i = 0; i < VG_KNR_MAX; i++) {
			if (d[i].interest && is_clone_nr(i) && p->mode == MODE_FEXIT)
				clones = true;
			if (!d[i].interest || !p->sc_prog[i] || p->sc_link[i])
				continue;
			p->sc_link[i] = bpf_program__attach(p->sc_prog[i]);
			if (!p->sc_link[i]) {
				e = -errno;
				goto out;
			}
		}
		if (clones && !p->child_link) {
			p->child_link = bpf_program__attach(p->skel->progs.vg_fx_child);
			if (!p->child_link) {
				e = -errno;
				goto out;
			}
		}
		struct bpf_link *lost[VG_KNR_MAX] = { 0 };
		for (uint32_t i = 0; i < VG_KNR_MAX; i++) {
			if (!d[i].interest && p->sc_link[i]) {
				lost[i] = p->sc_link[i];
				p->sc_link[i] = NULL;
			}
		}
		destroy_links(lost, VG_KNR_MAX);
		if (!clones && p->child_link) {
			bpf_link__destroy(p->child_link);
			p->child_link = NULL;
		}
	}
out:
	free(d);
	return e < 0 ? e : (int)n;
}

int vg_live_probe_poll(struct vg_live_probe *p, int timeout_ms, vg_live_probe_cb cb, void *ud)
{
	p->cb = cb;
	p->ud = ud;
	p->consumed = 0;
	p->cb_err = 0;
	/* the kernel wakes us only when a batch waits (wakeup_bytes): sleep up to the timeout,
	 * then consume whatever is there */
	int r = 0;
	/* the last call stopped at the budget: records are waiting, and the kernel will not
	 * wake us for them (it wakes on crossing the threshold only) - do not sleep */
	if (timeout_ms != 0 && !p->more)
		r = ring_buffer__poll(p->rb, timeout_ms);
	if (r >= 0 && p->cb_err == 0 && p->consumed < POLL_BUDGET)
		r = ring_buffer__consume(p->rb);
	p->more = p->consumed >= POLL_BUDGET;
	if (p->cb_err < 0)
		return p->cb_err;
	if (r == BUDGET_STOP || r >= 0)
		return p->consumed;
	return r;
}

int vg_live_probe_counters(struct vg_live_probe *p, uint64_t *ret)
{
	memset(ret, 0, VG_KCNT__COUNT * sizeof(*ret));
	uint64_t *vals = calloc((size_t)p->ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	int fd = bpf_map__fd(p->skel->maps.counters);
	for (uint32_t i = 0; i < VG_KCNT__COUNT; i++) {
		if (bpf_map_lookup_elem(fd, &i, vals) < 0)
			continue;
		for (int c = 0; c < p->ncpus; c++)
			ret[i] += vals[c];
	}
	free(vals);
	return 0;
}

#else /* !VIGIL_HAVE_BPF */

struct vg_live_probe {
	int unused;
};

int vg_live_probe_open(size_t ringbuf_bytes, bool include_self, struct vg_live_probe **ret,
		       char *err, size_t cap)
{
	*ret = NULL;
	set_err(err, cap, "this vigil was built without eBPF support (VIGIL_BPF=OFF; it needs "
			  "clang, bpftool and libbpf-dev at build time)");
	return -ENOTSUP;
}

void vg_live_probe_close(struct vg_live_probe *p)
{
}

int vg_live_probe_set_interest(struct vg_live_probe *p, const struct vg_evtset *set)
{
	return -ENOTSUP;
}

const char *vg_live_probe_mode(const struct vg_live_probe *p, double *ret_load_secs)
{
	if (ret_load_secs)
		*ret_load_secs = 0;
	return "none";
}

int vg_live_probe_poll(struct vg_live_probe *p, int timeout_ms, vg_live_probe_cb cb, void *ud)
{
	return -ENOTSUP;
}

int vg_live_probe_counters(struct vg_live_probe *p, uint64_t *ret)
{
	memset(ret, 0, VG_KCNT__COUNT * sizeof(*ret));
	return -ENOTSUP;
}

#endif
