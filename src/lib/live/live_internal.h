/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/live_internal.h - private API of the live source between probe.c (kernel side: load,
 * attach, ring buffer, interest set, counters), decode.c (kernel records -> struct
 * vg_sys_event), live.c (the source object) and record.c (replay-format writer). Owner: E1.
 * The process/fd/container state behind these is live/state.h (owner: E2).
 */
#ifndef VG_LIVE_INTERNAL_H
#define VG_LIVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/event.h"
#include "../../../bpf/vigil_bpf.h" /* the kernel/user contract */

struct vg_live_state;

/* ---- the syscall table (decode.c): what the kernel captures and how it is decoded -------- */

struct vg_live_sc {
	uint16_t nr;            /* x86_64 syscall number */
	enum vg_evt_type type;  /* evt.type */
	uint8_t category;       /* enum vg_kcat */
	uint8_t str_mask;       /* user-string arguments */
	uint8_t sa_mask;        /* sockaddr arguments (length in the next argument) */
	uint8_t special;        /* enum vg_ksc_special */
	uint8_t base[6];        /* see struct vg_ksc_desc */
	bool state;             /* the process/fd state needs it whatever the rules use */
};

/* The table (sorted by nr) and its size. */
const struct vg_live_sc *vg_live_syscalls(size_t *ret_count);
/* The entry for @nr, NULL when vigil does not capture it. */
const struct vg_live_sc *vg_live_syscall(uint32_t nr);
/* Fill @ret (VG_KNR_MAX entries) with the kernel descriptors for the event types in @set (NULL
 * = every captured syscall) plus the syscalls the state needs. Returns how many are enabled. */
size_t vg_live_descs(const struct vg_evtset *set, struct vg_ksc_desc *ret);

/* ---- decoder (decode.c) ------------------------------------------------------------------ */

struct vg_live_decoder;

struct vg_live_decode_stats {
	uint64_t records;    /* records seen */
	uint64_t events;     /* syscall events produced */
	uint64_t lifecycle;  /* fork/exec/exit records applied to the state */
	uint64_t malformed;  /* records rejected (bad length, magic, parameter bounds) */
	uint64_t unknown;    /* syscall numbers outside the table */
	uint64_t truncated;  /* records with a truncated parameter */
};

/* @st is borrowed (must outlive the decoder). @boot_to_epoch_ns converts the kernel's boot
 * clock to ns since the epoch (0: computed now from CLOCK_REALTIME - CLOCK_BOOTTIME). */
int vg_live_decoder_new(struct vg_live_state *st, uint64_t boot_to_epoch_ns,
			struct vg_live_decoder **ret);
void vg_live_decoder_free(struct vg_live_decoder *d);

/*
 * Decode one ring-buffer record (@len bytes, untrusted: every length is checked). Returns 1
 * with *ret_event (borrowed until the next decode call) for a syscall event, 0 for a record
 * that only updated the state (fork, exec, exit) or was skipped, -EBADMSG for a malformed
 * record. Call vg_live_decoder_done() after the event has been evaluated.
 */
int vg_live_decode(struct vg_live_decoder *d, const void *rec, size_t len,
		   const struct vg_sys_event **ret_event);
/* The event returned by the last decode has been evaluated: apply its state changes that
 * must come after evaluation (close, deferred exit removal). */
void vg_live_decoder_done(struct vg_live_decoder *d);
void vg_live_decoder_stats(const struct vg_live_decoder *d, struct vg_live_decode_stats *ret);

/* ---- probe (probe.c): the kernel side ---------------------------------------------------- */

struct vg_live_probe;
typedef int (*vg_live_probe_cb)(void *ud, const void *rec, size_t len);

/* Load, verify and attach the programs; @err gets a one-line reason on failure. */
int vg_live_probe_open(size_t ringbuf_bytes, bool include_self, struct vg_live_probe **ret,
		       char *err, size_t cap);
void vg_live_probe_close(struct vg_live_probe *p);
/* Write the descriptor map for @set (NULL = everything). Returns the number enabled or -errno. */
int vg_live_probe_set_interest(struct vg_live_probe *p, const struct vg_evtset *set);
/* Poll the ring buffer up to @timeout_ms; @cb per record. Returns records consumed or -errno
 * (-EINTR when interrupted). */
int vg_live_probe_poll(struct vg_live_probe *p, int timeout_ms, vg_live_probe_cb cb, void *ud);
/* The syscall capture mode ("fexit", or "tracepoint (fexit unavailable: REASON)") and the time
 * open + load + attach took. */
const char *vg_live_probe_mode(const struct vg_live_probe *p, double *ret_load_secs);
/* Sum of the per-CPU kernel counters (VG_KCNT__COUNT entries). */
int vg_live_probe_counters(struct vg_live_probe *p, uint64_t *ret);

/* ---- path helpers (decode.c; exported for the unit tests) --------------------------------- */

/* Components leaf first, NUL-separated (@len bytes) -> "/a/b/c" into @buf. Returns the length
 * or -ENAMETOOLONG. An empty list gives "/". */
int vg_live_path_from_components(const char *comps, size_t len, char *buf, size_t cap);
/* Lexical join of @base and @path ("." and ".." removed, duplicate slashes folded) into @buf;
 * @path absolute ignores @base. Returns the length or -ENAMETOOLONG. */
int vg_live_path_join(const char *base, const char *path, char *buf, size_t cap);

#endif
