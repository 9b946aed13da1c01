/* SPDX-License-Identifier: Apache-2.0 */
/*
 * probe.c - the kernel side of the live source: open the libbpf skeleton of bpf/vigil.bpf.c,
 * size the ring buffer, load (the verifier runs here), attach the programs, write the interest
 * set (descriptor map), poll the ring buffer and read the per-CPU drop counters.
 *
 * Two capture modes for syscalls, chosen at load time:
 *   fexit       one fexit program per captured syscall (BPF trampoline on __x64_sys_NAME),
 *               attached only while the syscall is in the interest set: the others (read,
 *               write ...) run without any tracing cost;
 *   tracepoint  the fallback: tp_btf/sys_exit, on every syscall of the machine, filtered by
 *               the descriptor map.
 * VIGIL_LIVE_MODE=fexit|tracepoint forces one (default: fexit when the kernel loads it).
 * Without VIGIL_HAVE_BPF (VIGIL_BPF=OFF) every entry point says the build lacks eBPF.
 */
#include <errno.h>
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

/* fexit programs of bpf/vigil.bpf.c by syscall number (every syscall of decode.c's table) */
static const struct fexit_prog {
	unsigned nr;
	const char *prog;
} s_fexit[] = {
	{ SYS_open, "vg_fx_open" },
	{ SYS_close, "vg_fx_close" },
	{ SYS_dup, "vg_fx_dup" },
	{ SYS_dup2, "vg_fx_dup2" },
	{ SYS_socket, "vg_fx_socket" },
	{ SYS_connect, "vg_fx_connect" },
	{ SYS_accept, "vg_fx_accept" },
	{ SYS_bind, "vg_fx_bind" },
	{ SYS_listen, "vg_fx_listen" },
	{ SYS_clone, "vg_fx_clone" },
	{ SYS_fork, "vg_fx_fork" },
	{ SYS_vfork, "vg_fx_vfork" },
	{ SYS_execve, "vg_fx_execve" },
	{ SYS_kill, "vg_fx_kill" },
	{ SYS_chdir, "vg_fx_chdir" },
	{ SYS_fchdir, "vg_fx_fchdir" },
	{ SYS_rename, "vg_fx_rename" },
	{ SYS_mkdir, "vg_fx_mkdir" },
	{ SYS_creat, "vg_fx_creat" },
	{ SYS_link, "vg_fx_link" },
	{ SYS_unlink, "vg_fx_unlink" },
	{ SYS_symlink, "vg_fx_symlink" },
	{ SYS_chmod, "vg_fx_chmod" },
	{ SYS_fchmod, "vg_fx_fchmod" },
	{ SYS_ptrace, "vg_fx_ptrace" },
	{ SYS_setuid, "vg_fx_setuid" },
	{ SYS_setgid, "vg_fx_setgid" },
	{ SYS_setresuid, "vg_fx_setresuid" },
	{ SYS_setresgid, "vg_fx_setresgid" },
	{ SYS_mount, "vg_fx_mount" },
	{ SYS_umount2, "vg_fx_umount2" },
	{ SYS_init_module, "vg_fx_init_module" },
	{ SYS_unshare, "vg_fx_unshare" },
	{ SYS_openat, "vg_fx_openat" },
	{ SYS_mkdirat, "vg_fx_mkdirat" },
	{ SYS_unlinkat, "vg_fx_unlinkat" },
	{ SYS_renameat, "vg_fx_renameat" },
	{ SYS_linkat, "vg_fx_linkat" },
	{ SYS_symlinkat, "vg_fx_symlinkat" },
	{ SYS_fchmodat, "vg_fx_fchmodat" },
	{ SYS_accept4, "vg_fx_accept4" },
	{ SYS_dup3, "vg_fx_dup3" },
	{ SYS_setns, "vg_fx_setns" },
	{ SYS_finit_module, "vg_fx_finit_module" },
	{ SYS_renameat2, "vg_fx_renameat2" },
	{ SYS_memfd_create, "vg_fx_memfd_create" },
	{ SYS_bpf, "vg_fx_bpf" },
	{ SYS_execveat, "vg_fx_execveat" },
	{ SYS_clone3, "vg_fx_clone3" },
	{ SYS_openat2, "vg_fx_openat2" },
};
#define NFEXIT (sizeof(s_fexit) / sizeof(s_fexit[0]))

/* the child's return of these comes through vg_fx_child (ret_from_fork -> schedule_tail) */
static bool is_clone_nr(unsigned nr)
{
	return nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork || nr == SYS_vfork;
}

enum probe_mode {
	MODE_FEXIT,
	MODE_TRACEPOINT,
};

static const char *const s_mode_names[] = { "fexit", "tracepoint" };

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
	char mode_desc[160]; /* "fexit" or "tracepoint (fexit unavailable: ...)" */
	/* fexit mode: programs by syscall number and their links while attached */
	struct bpf_program *fx_prog[VG_KNR_MAX];
	struct bpf_link *fx_link[VG_KNR_MAX];
	struct bpf_link *child_link;
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

static void destroy_skel(struct vg_live_probe *p)
{
	for (unsigned i = 0; i < VG_KNR_MAX; i++) {
		bpf_link__destroy(p->fx_link[i]);
		p->fx_link[i] = NULL;
		p->fx_prog[i] = NULL;
	}
	bpf_link__destroy(p->child_link);
	p->child_link = NULL;
	vigil_bpf__destroy(p->skel);
	p->skel = NULL;
}

/*
 * Open, load and attach the programs of @mode. Tracepoint mode attaches everything here; fexit
 * mode attaches the lifecycle programs here and the syscall programs with the interest set.
 * On failure the skeleton is destroyed and @why says what failed (-errno returned).
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
		bool fx = strncmp(bpf_program__name(prog), "vg_fx_", 6) == 0;
		bpf_program__set_autoload(prog, mode == MODE_FEXIT ? true : !fx);
	}
	bpf_program__set_autoload(p->skel->progs.vg_sys_exit, mode == MODE_TRACEPOINT);
	if (mode == MODE_FEXIT) {
		e = fexit_targets_exist(p->skel, why, cap);
		if (e < 0)
			goto fail;
		for (size_t i = 0; i < NFEXIT; i++) {
			struct bpf_program *fp = bpf_object__find_program_by_name(p->skel->obj,
										   s_fexit[i].prog);
			if (!fp || s_fexit[i].nr >= VG_KNR_MAX) {
				set_err(why, cap, "no eBPF program %s", s_fexit[i].prog);
				e = -ENOENT;
				goto fail;
			}
			p->fx_prog[s_fexit[i].nr] = fp;
		}
		/* every syscall the decoder knows needs its program, or it would silently not be
		 * captured in this mode */
		size_t nsc;
		const struct vg_live_sc *sc = vg_live_syscalls(&nsc);
		for (size_t i = 0; i < nsc; i++) {
			if (sc[i].nr >= VG_KNR_MAX || !p->fx_prog[sc[i].nr]) {
				set_err(why, cap, "no fexit program for syscall %u", (unsigned)sc[i].nr);
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
	if (mode == MODE_FEXIT) {
		/* the per-syscall programs tail-call the record builder */
		uint32_t zero = 0;
		int wfd = bpf_program__fd(p->skel->progs.vg_fx_worker);
		if (bpf_map_update_elem(bpf_map__fd(p->skel->maps.fx_worker), &zero, &wfd,
					BPF_ANY) < 0) {
			e = -errno;
			set_err(why, cap, "cannot install the fexit record builder: %s",
				strerror(errno));
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
	if (mode == MODE_FEXIT) {
		/* a trampoline can be refused at attach only (no ftrace direct calls): try the
		 * cheapest one now, so that the fallback is chosen here and not on the first
		 * interest set */
		p->fx_link[SYS_close] = bpf_program__attach(p->fx_prog[SYS_close]);
		if (!p->fx_link[SYS_close]) {
			e = -errno;
			set_err(why, cap, "cannot attach a fexit program: %s", strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	destroy_skel(p);
	return e ? e : -EINVAL;
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
	libbpf_set_print(print_libbpf);
	struct vg_live_probe *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->ncpus = libbpf_num_possible_cpus();
	if (p->ncpus <= 0)
		p->ncpus = 1;
	const char *want = getenv("VIGIL_LIVE_MODE");
	bool force_fexit = want && strcmp(want, "fexit") == 0;
	bool force_tp = want && strcmp(want, "tracepoint") == 0;
	char why[256] = "";
	bool verifier = false;
	double t0 = mono_secs();
	int e = -ENOTSUP;
	if (!force_tp) {
		e = load_mode(p, MODE_FEXIT, ringbuf_bytes, include_self, why, sizeof(why),
			      &verifier);
		if (e == 0) {
			p->mode = MODE_FEXIT;
#ifdef VIGIL_BPF_FEXIT_SIM
			snprintf(p->mode_desc, sizeof(p->mode_desc),
				 "fexit (simulated on tp_btf/sys_exit: VIGIL_BPF_FEXIT_SIM test build)");
#else
			snprintf(p->mode_desc, sizeof(p->mode_desc), "fexit");
#endif
		} else if (force_fexit) {
			set_err(err, cap, "fexit mode is not available (VIGIL_LIVE_MODE=fexit): %s%s",
				why, verifier ? "; run with VIGIL_BPF_DEBUG=1 for the verifier log" : "");
			free(p);
			return e;
		}
	} else {
		snprintf(why, sizeof(why), "VIGIL_LIVE_MODE=tracepoint");
	}
	if (e < 0) {
		char fx_why[256];
		snprintf(fx_why, sizeof(fx_why), "%s", why);
		e = load_mode(p, MODE_TRACEPOINT, ringbuf_bytes, include_self, why, sizeof(why),
			      &verifier);
		if (e < 0) {
			if (verifier)
				set_err(err, cap, "%s; run with VIGIL_BPF_DEBUG=1 for the verifier "
						  "log. Needs a kernel >= 5.8 with BTF "
						  "(/sys/kernel/btf/vmlinux)", why);
			else
				set_err(err, cap, "%s", why);
			free(p);
			return e;
		}
		p->mode = MODE_TRACEPOINT;
#ifdef __GLIBC__
		/* give back the heap of the refused attempt (its relocated programs: ~10 MiB RSS) */
		if (!force_tp)
			malloc_trim(0);
#endif
		snprintf(p->mode_desc, sizeof(p->mode_desc), "tracepoint (fexit unavailable: %.120s)",
			 fx_why);
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
	if (p->mode == MODE_FEXIT) {
		/* attach what the set gained (the descriptors are already in place), then detach
		 * what it lost (those programs return at once meanwhile): a SIGHUP reload widens,
		 * swaps, narrows, and never has a syscall of both sets detached */
		bool clones = false;
		for (uint32_t i = 0; i < VG_KNR_MAX; i++) {
			if (d[i].interest && is_clone_nr(i))
				clones = true;
			if (!d[i].interest || !p->fx_prog[i] || p->fx_link[i])
				continue;
			p->fx_link[i] = bpf_program__attach(p->fx_prog[i]);
			if (!p->fx_link[i]) {
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
		for (uint32_t i = 0; i < VG_KNR_MAX; i++) {
			if (!d[i].interest && p->fx_link[i]) {
				bpf_link__destroy(p->fx_link[i]);
				p->fx_link[i] = NULL;
			}
		}
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
