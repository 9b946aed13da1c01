/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/alert.h - alerts (a rule matched an event) and where they go.
 *
 * An alert carries what Falco's JSON alert carries (time, rule, priority, source, output,
 * output_fields, hostname, tags), so falcosidekick and falco-talon accept vigil's alerts
 * unchanged. Outputs: stdout/stderr/file (text or JSON lines) and HTTP POST (falcosidekick's
 * endpoint), each behind a bounded queue with a rate limiter; every alert an output could not
 * deliver is counted as a drop (never silently lost).
 */
#ifndef VIGIL_ALERT_H
#define VIGIL_ALERT_H

#include <stdio.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Falco priorities, most severe first (numeric order as Falco's). */
enum vg_priority {
	VG_PRIO_EMERGENCY = 0,
	VG_PRIO_ALERT,
	VG_PRIO_CRITICAL,
	VG_PRIO_ERROR,
	VG_PRIO_WARNING,
	VG_PRIO_NOTICE,
	VG_PRIO_INFORMATIONAL,
	VG_PRIO_DEBUG,
};
#define VG_PRIO_COUNT 8

/* "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug". */
VG_EXPORT const char *vg_priority_name(enum vg_priority p);
/* Case-insensitive, with Falco's aliases ("info" = Informational). 0 or -EINVAL. */
VG_EXPORT VG_WUR int vg_priority_parse(const char *s, enum vg_priority *ret);

enum vg_alert_field_type {
	VG_AF_NULL = 0, /* the field has no value for this event (Falco writes null; text "<NA>") */
	VG_AF_STR,
	VG_AF_U64,
	VG_AF_I64,
	VG_AF_BOOL,
};

struct vg_alert_field {
	const char *name;  /* as written in the rule's output, e.g. "proc.cmdline", "proc.aname[2]" */
	enum vg_alert_field_type type;
	const char *str;   /* VG_AF_STR */
	uint64_t u;        /* VG_AF_U64 */
	int64_t i;         /* VG_AF_I64 */
	bool b;            /* VG_AF_BOOL */
};

struct vg_alert {
	int64_t time_ns;             /* event time, ns since the epoch */
	const char *rule;
	enum vg_priority priority;
	const char *source;          /* "syscall", "k8s_audit" */
	const char *output;          /* the rendered output text (without time/priority prefix) */
	const struct vg_alert_field *fields; size_t nfields;
	const char *const *tags; size_t ntags;
	const char *hostname;
};

/* Falco's text line with time_format_iso_8601 (vigil's times are UTC):
 *   "2024-01-01T00:00:00.123456789+0000: Warning <output>"
 * NUL-terminated when @cap > 0. Returns the length it needs (like snprintf). */
VG_EXPORT size_t vg_alert_format_text(const struct vg_alert *a, char *buf, size_t cap);
/*
 * Falco's JSON alert (one line, no trailing newline) into a malloc'd string (caller frees):
 *   {"hostname":..,"output":<the text line above>,"output_fields":{..},"priority":..,
 *    "rule":..,"source":..,"tags":[..],"time":"2024-01-01T00:00:00.123456789Z"}
 * Keys sorted as nlohmann::json writes them (Falco's formats.cpp); output_fields holds the
 * alert's fields plus "evt.time" (ns, the "%evt.time" prefix field), sorted, typed (null when
 * missing; a later duplicate wins); tags sorted and unique (Falco keeps them in a std::set).
 * 0, -EINVAL or -ENOMEM.
 */
VG_EXPORT VG_WUR int vg_alert_format_json(const struct vg_alert *a, char **ret_json);

/* ---- outputs --------------------------------------------------------------------------- */

enum vg_output_kind {
	VG_OUTPUT_STDOUT = 0,
	VG_OUTPUT_FILE,  /* appends; reopened on vg_outputs_reopen() (log rotation) */
	VG_OUTPUT_HTTP,  /* POST each alert as JSON (falcosidekick: http://host:2801/) */
};

struct vg_output_config {
	enum vg_output_kind kind;
	const char *target;       /* file path or URL */
	bool json;                /* JSON lines instead of text (HTTP is always JSON) */
	size_t queue_size;        /* bounded queue per output (default 10000) */
	double rate;              /* alerts per second (token bucket), 0 = unlimited */
	double burst;             /* bucket size (default = rate) */
	long timeout_ms;          /* HTTP request timeout (default 5000) */
	FILE *stream;             /* VG_OUTPUT_STDOUT: the stream (borrowed; NULL = stdout) */
};

struct vg_output_stats {
	uint64_t sent;
	uint64_t dropped_queue_full;
	uint64_t dropped_rate_limited;
	uint64_t failed;          /* write or HTTP errors (the alert was dropped) */
};

/*
 * @cfgs: @n outputs (copied). Each gets a worker thread, a bounded queue and a rate limiter.
 * Returns 0 with *ret set (free with vg_outputs_free), -EINVAL for a bad configuration, -errno
 * when a file cannot be opened, -ENOMEM/-EAGAIN.
 */
struct vg_outputs;
VG_EXPORT VG_WUR int vg_outputs_new(const struct vg_output_config *cfgs, size_t n,
				    struct vg_outputs **ret);
/* Queue @a for every output (formats and copies it). Never blocks on a slow output: a full
 * queue or an empty token bucket drops and counts. Single producer: call from one thread.
 * -EPIPE after vg_outputs_flush(). */
VG_EXPORT VG_WUR int vg_outputs_emit(struct vg_outputs *o, const struct vg_alert *a);
/* Deliver everything queued (waits at most @timeout_ms; what is left then counts as failed),
 * then stop the workers. Stats stay readable until vg_outputs_free(). */
VG_EXPORT void vg_outputs_flush(struct vg_outputs *o, long timeout_ms);
VG_EXPORT void vg_outputs_stats(const struct vg_outputs *o, size_t i, struct vg_output_stats *ret);
/* Number of outputs. */
VG_EXPORT size_t vg_outputs_count(const struct vg_outputs *o);
/* Reopen file outputs before their next write (log rotation; safe from any thread). */
VG_EXPORT void vg_outputs_reopen(struct vg_outputs *o);
VG_EXPORT void vg_outputs_free(struct vg_outputs *o);

#ifdef __cplusplus
}
#endif
#endif
