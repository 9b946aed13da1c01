/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/live.h - the live event source: eBPF programs (bpf/vigil.bpf.c, libbpf CO-RE) capture
 * syscalls at exit and the process lifecycle into a ring buffer; user space decodes each record
 * into a struct vg_sys_event (the model of vigil/event.h that replay fills too), with process,
 * fd, user and container context from a state built from /proc and kept by the events.
 * docs/live.md describes the programs, maps, interest set, drop counters and privileges.
 *
 * Needs root (CAP_BPF + CAP_PERFMON) and a kernel >= 5.8 with BTF. Not thread-safe: one owner
 * polls and evaluates.
 */
#ifndef VIGIL_LIVE_H
#define VIGIL_LIVE_H

#include <stdio.h>

#include "common.h"
#include "event.h"

#ifdef __cplusplus
extern "C" {
#endif

/* drop-counter categories (bpf/vigil_bpf.h enum vg_kcat) */
#define VG_LIVE_NCAT 6u
/* "other", "file", "net", "proc", "system", "lifecycle" */
VG_EXPORT const char *vg_live_category_name(unsigned cat);

struct vg_live_opts {
	size_t ringbuf_bytes;  /* ring buffer size (rounded up to a power of two; 0 = 16 MiB) */
	const char *hostname;  /* evt.hostname (copied; NULL = absent) */
	const char *proc_root; /* procfs (NULL = /proc) */
	bool include_self;     /* also capture this process (tests); default: filtered in the
				* kernel, so vigil's own activity never loops back */
};
VG_EXPORT void vg_live_opts_init(struct vg_live_opts *ret);

struct vg_live;

/*
 * Load and attach the programs (the kernel verifier runs here), scan /proc for the initial
 * process table and enable every captured syscall (narrow it with vg_live_set_interest).
 * On failure returns -errno (-EPERM not root, -ENOTSUP built without eBPF, or the loader's
 * error) with a one-line reason in @err.
 */
VG_EXPORT VG_WUR int vg_live_open(const struct vg_live_opts *opts, struct vg_live **ret,
				   char *err, size_t cap);
VG_EXPORT void vg_live_close(struct vg_live *l);

/*
 * Interest set: the kernel captures the syscalls of @set (the event types of the loaded rules,
 * vg_rules_evtset) plus those the process/fd state needs; the others return at once in the
 * kernel. NULL = everything vigil can capture. Can be called while polling (SIGHUP reload).
 * Returns the number of syscalls enabled or -errno.
 */
VG_EXPORT int vg_live_set_interest(struct vg_live *l, const struct vg_evtset *set);

/*
 * How syscalls are captured: "fexit" (one BPF trampoline per syscall of the interest set, the
 * others untouched) or "tracepoint (fexit unavailable: REASON)" (tp_btf/sys_exit on every
 * syscall, the fallback). VIGIL_LIVE_MODE=fexit|tracepoint forces one. @ret_load_secs (may be
 * NULL) gets the time the programs took to load (verifier) and attach.
 */
VG_EXPORT const char *vg_live_mode(const struct vg_live *l, double *ret_load_secs);

/* Called per decoded syscall event; the event is borrowed for the call. A negative return
 * stops the poll and is returned by vg_live_poll. */
typedef int (*vg_live_event_fn)(const struct vg_sys_event *ev, void *userdata);

/* Wait up to @timeout_ms for records and decode them all (0 = drain what is there). Returns
 * the number of records consumed, or -errno (-EINTR: a signal arrived). */
VG_EXPORT int vg_live_poll(struct vg_live *l, int timeout_ms, vg_live_event_fn fn, void *userdata);

/* Counters for the periodic report and Prometheus export. */
struct vg_live_counters {
	uint64_t records;        /* ring-buffer records consumed */
	uint64_t events;         /* syscall events decoded */
	uint64_t lifecycle;      /* fork/exec/exit records */
	uint64_t malformed;      /* records rejected by the decoder */
	uint64_t truncated;      /* records with a truncated parameter */
	uint64_t kernel_seen[VG_LIVE_NCAT];  /* interesting syscalls seen in the kernel */
	uint64_t kernel_sent[VG_LIVE_NCAT];  /* records written to the ring buffer */
	uint64_t drop_ringbuf[VG_LIVE_NCAT]; /* lost: ring buffer full */
	uint64_t trunc[VG_LIVE_NCAT];        /* records with a truncated argument */
	uint64_t drops;          /* sum of drop_ringbuf */
	uint64_t procs;          /* process table entries now */
	uint64_t proc_evicted, proc_lazy, fd_dropped;
	uint64_t cpu_user_us, cpu_sys_us; /* this process (getrusage) */
	uint64_t rss_bytes;      /* this process, now (/proc/self/statm) */
	uint64_t max_rss_bytes;  /* this process, peak */
};
VG_EXPORT int vg_live_counters(struct vg_live *l, struct vg_live_counters *ret);

/* ---- recording live events in the replay format (docs/replay-format.md) ------------------- */

/*
 * Writes each event as one JSON line that `vigil watch --source replay` decodes to the same
 * event (type, args with their libs types, res, proc with ancestors, fd, container, k8s).
 * The process of each line carries its ancestors the first time it is written.
 */
struct vg_live_recorder;
/* @out is borrowed (not closed). */
VG_EXPORT VG_WUR int vg_live_recorder_new(FILE *out, struct vg_live_recorder **ret);
VG_EXPORT int vg_live_record(struct vg_live_recorder *r, const struct vg_sys_event *ev);
VG_EXPORT void vg_live_recorder_free(struct vg_live_recorder *r);

#ifdef __cplusplus
}
#endif
#endif
