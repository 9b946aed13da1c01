/* SPDX-License-Identifier: Apache-2.0 */
/*
 * probe.c - the kernel side of the live source: open the libbpf skeleton of bpf/vigil.bpf.c,
 * size the ring buffer, load (the verifier runs here), attach the raw tracepoints, write the
 * interest set (descriptor map), poll the ring buffer and read the per-CPU drop counters.
 * Without VIGIL_HAVE_BPF (VIGIL_BPF=OFF) every entry point says the build lacks eBPF.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live/live_internal.h"

#ifdef VIGIL_HAVE_BPF
#include <bpf/bpf.h>
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

struct vg_live_probe {
	struct vigil_bpf *skel;
	struct ring_buffer *rb;
	vg_live_probe_cb cb;
	void *ud;
	int ncpus;
	int consumed; /* records of the current poll */
	bool more;    /* the last poll stopped at the budget */
	int cb_err;
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
	p->skel = vigil_bpf__open();
	if (!p->skel) {
		int e = -errno;
		set_err(err, cap, "cannot open the eBPF object: %s", strerror(errno));
		free(p);
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
	int e = vigil_bpf__load(p->skel);
	if (e) {
		set_err(err, cap, "the kernel refused the eBPF programs (%s); run with "
				  "VIGIL_BPF_DEBUG=1 for the verifier log. Needs a kernel >= 5.8 with "
				  "BTF (/sys/kernel/btf/vmlinux)", strerror(-e));
		vigil_bpf__destroy(p->skel);
		free(p);
		return e;
	}
	e = vigil_bpf__attach(p->skel);
	if (e) {
		set_err(err, cap, "cannot attach the eBPF programs to the tracepoints: %s",
			strerror(-e));
		vigil_bpf__destroy(p->skel);
		free(p);
		return e;
	}
	p->rb = ring_buffer__new(bpf_map__fd(p->skel->maps.events), rb_sample, p, NULL);
	if (!p->rb) {
		e = -errno;
		set_err(err, cap, "cannot map the ring buffer: %s", strerror(errno));
		vigil_bpf__destroy(p->skel);
		free(p);
		return e ? e : -EINVAL;
	}
	*ret = p;
	return 0;
}

void vg_live_probe_close(struct vg_live_probe *p)
{
	if (!p)
		return;
	ring_buffer__free(p->rb);
	vigil_bpf__destroy(p->skel);
	free(p);
}

int vg_live_probe_set_interest(struct vg_live_probe *p, const struct vg_evtset *set)
{
	struct vg_ksc_desc *d = calloc(VG_KNR_MAX, sizeof(*d));
	if (!d)
		return -ENOMEM;
	size_t n = vg_live_descs(set, d);
	int fd = bpf_map__fd(p->skel->maps.sc_desc);
	for (uint32_t i = 0; i < VG_KNR_MAX; i++) {
		if (bpf_map_update_elem(fd, &i, &d[i], BPF_ANY) < 0) {
			int e = -errno;
			free(d);
			return e;
		}
	}
	free(d);
	return (int)n;
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
