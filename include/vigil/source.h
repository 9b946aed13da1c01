/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/source.h - event sources that need no kernel: the replay decoder (syscall events as
 * JSON lines, docs/replay-format.md) and the k8saudit source (audit.k8s.io Event/EventList
 * objects from a file, or POSTed by the API server's audit webhook backend).
 *
 * Ownership: a decoded event and everything it points to belong to the decoder and stay valid
 * until the next decode call or the decoder's free. Names passed in are copied.
 */
#ifndef VIGIL_SOURCE_H
#define VIGIL_SOURCE_H

#include "common.h"
#include "diag.h"
#include "doc.h"
#include "event.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- replay (syscall events as JSON lines) ------------------------------------------------ */

#define VG_DEFAULT_REPLAY_MAX_LINE (1024u * 1024u) /* bytes of one line */
#define VG_DEFAULT_REPLAY_MAX_ARGS 64u             /* parameters of one event */
#define VG_DEFAULT_REPLAY_MAX_LIST 1024u           /* env entries, labels, mounts of one object */
#define VG_DEFAULT_REPLAY_MAX_ANCESTORS 64u        /* entries of one `ancestors` list */
#define VG_DEFAULT_REPLAY_MAX_PROCS 65536u         /* process table entries (then cleared) */
#define VG_DEFAULT_REPLAY_MAX_DEPTH 16u            /* JSON nesting of one line */

struct vg_replay_limits {
	size_t max_line;
	uint32_t max_args;
	uint32_t max_list;
	uint32_t max_ancestors;
	uint32_t max_procs;
	uint32_t max_depth;
};
VG_EXPORT void vg_replay_limits_init(struct vg_replay_limits *ret);

struct vg_replay;
/* @name names the input in diagnostics (copied). @limits may be NULL for the defaults. */
VG_EXPORT VG_WUR int vg_replay_new(const char *name, const struct vg_replay_limits *limits,
				    struct vg_replay **ret);
VG_EXPORT void vg_replay_free(struct vg_replay *r);

/*
 * Decode line @lineno (1-based, for diagnostics) of @len bytes (no newline needed). Returns 1
 * with *ret_event set (borrowed from @r until the next call), 0 for a blank or '#' comment line,
 * or -EBADMSG (malformed), -EFBIG (a limit) with @ret_diag naming file:line:column, -ENOMEM.
 * The process table (pid -> process, for ancestors) survives across lines.
 */
VG_EXPORT VG_WUR int vg_replay_decode(struct vg_replay *r, const char *line, size_t len,
				       uint32_t lineno, const struct vg_sys_event **ret_event,
				       struct vg_diag *ret_diag);
/* Entries in the process table (for tests). */
VG_EXPORT size_t vg_replay_proc_count(const struct vg_replay *r);

/* ---- k8saudit ---------------------------------------------------------------------------- */

/*
 * Parse one line (or a whole request body) holding an audit.k8s.io/v1 or v1beta1 Event or
 * EventList. Returns 0 with *ret_set (caller frees) whose first document's root is the object
 * (iterate with vg_audit_count/vg_audit_item); -EBADMSG for malformed JSON or an object that is
 * not an audit Event/EventList, -EFBIG for a limit, with @ret_diag naming @name:@lineno:column.
 */
VG_EXPORT VG_WUR int vg_audit_decode(const char *name, uint32_t lineno, const char *buf,
				      size_t len, const struct vg_limits *limits,
				      struct vg_docset **ret_set, struct vg_diag *ret_diag);

/* Called (always from the server's one thread) with each accepted request's Event/EventList
 * root, borrowed for the call. A negative return answers 500. */
typedef int (*vg_audit_server_cb)(const struct vg_node *root, void *userdata);

#define VG_DEFAULT_AUDIT_MAX_BODY (16u * 1024u * 1024u)

struct vg_audit_server_opts {
	const char *address;   /* IPv4/IPv6 literal to bind, NULL = any */
	uint16_t port;         /* 0 = ephemeral (see vg_audit_server_port) */
	const char *path;      /* URL path served, NULL = "/k8s-audit" (the k8saudit plugin's) */
	const char *tls_cert;  /* PEM file paths; both NULL = plain HTTP */
	const char *tls_key;
	size_t max_body;       /* 0 = VG_DEFAULT_AUDIT_MAX_BODY; larger bodies answer 413 */
	const struct vg_limits *limits; /* NULL = defaults */
	vg_audit_server_cb cb;
	void *userdata;
};

/*
 * Start the webhook endpoint (libmicrohttpd, one internal thread). POST @path with a JSON
 * Event/EventList: 200 on success, 400 bad JSON or not an audit object, 404 other paths, 405
 * other methods, 413 too large, 500 when the callback fails. Returns 0 with *ret, -EINVAL,
 * -errno for unreadable TLS files, -EADDRINUSE/-EIO when the server cannot start.
 */
struct vg_audit_server;
VG_EXPORT VG_WUR int vg_audit_server_start(const struct vg_audit_server_opts *opts,
					    struct vg_audit_server **ret, struct vg_diag *ret_diag);
VG_EXPORT uint16_t vg_audit_server_port(const struct vg_audit_server *s);
/* Requests accepted / rejected so far. */
VG_EXPORT void vg_audit_server_counts(const struct vg_audit_server *s, uint64_t *ret_ok,
				      uint64_t *ret_rejected);
/* Stop (waits for the request in progress) and free. Accepts NULL. */
VG_EXPORT void vg_audit_server_stop(struct vg_audit_server *s);

#ifdef __cplusplus
}
#endif
#endif
