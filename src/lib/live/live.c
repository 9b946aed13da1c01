/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live.c - the live source object (vigil/live.h): the probe (kernel side, probe.c), the
 * process/fd/container state (live/state.h) and the decoder (decode.c) tied together.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "live/live_internal.h"
#include "live/state.h"
#include "vigil/live.h"
#include "util/banned.h"

_Static_assert(VG_LIVE_NCAT == VG_KCAT__COUNT, "category count");

struct vg_live {
	struct vg_live_probe *probe;
	struct vg_live_state *st;
	struct vg_live_decoder *dec;
	vg_live_event_fn fn;
	void *ud;
	int cb_err;
};

const char *vg_live_category_name(unsigned cat)
{
	static const char *const names[VG_LIVE_NCAT] = {
		"other", "file", "net", "proc", "system", "lifecycle",
	};
	return cat < VG_LIVE_NCAT ? names[cat] : "unknown";
}

void vg_live_opts_init(struct vg_live_opts *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->ringbuf_bytes = 16u * 1024u * 1024u;
}

int vg_live_open(const struct vg_live_opts *opts, struct vg_live **ret, char *err, size_t cap)
{
	struct vg_live_opts def;
	if (!opts) {
		vg_live_opts_init(&def);
		opts = &def;
	}
	*ret = NULL;
	struct vg_live *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	int e = vg_live_state_new(opts->proc_root, opts->hostname, NULL, &l->st);
	if (e < 0) {
		snprintf(err, cap, "cannot create the process table: %s", strerror(-e));
		goto fail;
	}
	/* load first: the fork/exec/exit records of processes that start during the /proc scan
	 * are queued in the ring buffer and applied after it */
	e = vg_live_probe_open(opts->ringbuf_bytes, opts->include_self, &l->probe, err, cap);
	if (e < 0)
		goto fail;
	e = vg_live_probe_set_interest(l->probe, NULL);
	if (e < 0) {
		snprintf(err, cap, "cannot write the interest set: %s", strerror(-e));
		goto fail;
	}
	e = vg_live_state_scan_proc(l->st);
	if (e < 0) {
		snprintf(err, cap, "cannot scan %s: %s", opts->proc_root ? opts->proc_root : "/proc",
			 strerror(-e));
		goto fail;
	}
	e = vg_live_decoder_new(l->st, 0, &l->dec);
	if (e < 0) {
		snprintf(err, cap, "out of memory");
		goto fail;
	}
	*ret = l;
	return 0;
fail:
	vg_live_close(l);
	return e;
}

void vg_live_close(struct vg_live *l)
{
	if (!l)
		return;
	vg_live_probe_close(l->probe);
	vg_live_decoder_free(l->dec);
	vg_live_state_free(l->st);
	free(l);
}

const char *vg_live_mode(const struct vg_live *l, double *ret_load_secs)
{
	return vg_live_probe_mode(l->probe, ret_load_secs);
}

int vg_live_set_interest(struct vg_live *l, const struct vg_evtset *set)
{
	return vg_live_probe_set_interest(l->probe, set);
}

static int on_record(void *ud, const void *rec, size_t len)
{
	struct vg_live *l = ud;
	const struct vg_sys_event *ev = NULL;
	int r = vg_live_decode(l->dec, rec, len, &ev);
	if (r == 1 && l->fn) {
		int e = l->fn(ev, l->ud);
		if (e < 0)
			l->cb_err = e;
	}
	vg_live_decoder_done(l->dec);
	return l->cb_err < 0 ? l->cb_err : 0;
}

int vg_live_poll(struct vg_live *l, int timeout_ms, vg_live_event_fn fn, void *userdata)
{
	l->fn = fn;
	l->ud = userdata;
	l->cb_err = 0;
	int r = vg_live_probe_poll(l->probe, timeout_ms, on_record, l);
	if (l->cb_err < 0)
		return l->cb_err;
	return r;
}

static uint64_t self_rss(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	unsigned long long size = 0, res = 0;
	int n = fscanf(f, "%llu %llu", &size, &res);
	fclose(f);
	return n == 2 ? res * (uint64_t)sysconf(_SC_PAGESIZE) : 0;
}

int vg_live_counters(struct vg_live *l, struct vg_live_counters *ret)
{
	memset(ret, 0, sizeof(*ret));
	struct vg_live_decode_stats ds;
	vg_live_decoder_stats(l->dec, &ds);
	ret->records = ds.records;
	ret->events = ds.events;
	ret->lifecycle = ds.lifecycle;
	ret->malformed = ds.malformed;
	ret->truncated = ds.truncated;
	uint64_t k[VG_KCNT__COUNT];
	int e = vg_live_probe_counters(l->probe, k);
	if (e == 0) {
		for (unsigned c = 0; c < VG_LIVE_NCAT; c++) {
			ret->kernel_seen[c] = k[VG_KCNT_SEEN(c)];
			ret->kernel_sent[c] = k[VG_KCNT_SENT(c)];
			ret->drop_ringbuf[c] = k[VG_KCNT_DROP_RB(c)];
			ret->trunc[c] = k[VG_KCNT_TRUNC(c)];
			ret->drops += k[VG_KCNT_DROP_RB(c)];
		}
	}
	struct vg_live_state_stats ss;
	vg_live_state_stats(l->st, &ss);
	ret->procs = ss.procs;
	ret->proc_evicted = ss.proc_evicted;
	ret->proc_lazy = ss.proc_lazy;
	ret->fd_dropped = ss.fd_dropped;
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		ret->cpu_user_us = (uint64_t)ru.ru_utime.tv_sec * 1000000u +
				   (uint64_t)ru.ru_utime.tv_usec;
		ret->cpu_sys_us = (uint64_t)ru.ru_stime.tv_sec * 1000000u +
				  (uint64_t)ru.ru_stime.tv_usec;
		ret->max_rss_bytes = (uint64_t)ru.ru_maxrss * 1024u;
	}
	ret->rss_bytes = self_rss();
	return e == -ENOTSUP ? e : 0;
}
