/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/rulesfile.h - Falco rules files, loaded unchanged: lists, macros, rules, exceptions,
 * overrides and legacy append, with Falco's error and warning codes; compiled into an
 * immutable, reference-counted set that evaluates events and renders alerts.
 */
#ifndef VIGIL_RULESFILE_H
#define VIGIL_RULESFILE_H

#include "alert.h"
#include "common.h"
#include "event.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The engine version vigil declares (compatible with Falco 0.57.0's required_engine_version
 * checks) and the plugin field sets it provides itself. */
#define VG_RULES_ENGINE_VERSION "0.57.0"

/* One error or warning, as Falco's validation output has them. */
struct vg_rules_msg {
	bool error;
	const char *code;       /* "LOAD_ERR_YAML_PARSE", "LOAD_ERR_COMPILE_CONDITION",
				 * "LOAD_UNUSED_MACRO", "LOAD_NO_EVTTYPE", ... */
	const char *message;
	const char *file;       /* location chain: file:line:column ... */
	uint32_t line, column;
	const char *item_type;  /* "rule", "macro", "list", "required_engine_version", ... or NULL */
	const char *item_name;  /* or NULL */
	uint32_t cond_column;   /* 1-based column inside the condition, 0 when n/a */
	/* ---- extensions (Falco's validation JSON) ---- */
	size_t result;          /* index of the input file whose load reported it: like Falco, each
				 * file's load recompiles everything loaded so far, and the messages
				 * of that pass belong to that file's result */
	const char *codedesc;   /* Falco's short text of the code ("Error compiling condition") */
	const struct vg_rules_loc *locs; /* the full location chain, outermost first */
	size_t nlocs;
	const char *snippet;    /* the line at the innermost location and a caret line */
};

/* One location of a message's chain (Falco's context.locations[]). Positions are 1-based (Falco
 * prints yaml-cpp's 0-based marks); a "condition expression" location is the position inside
 * the condition text and its name is the condition's first 20 characters in quotes. */
struct vg_rules_loc {
	const char *item_type;  /* "rules content", "rule", "value for", "exception", ... */
	const char *item_name;  /* "" when none */
	const char *name;       /* file name, or the quoted condition prefix */
	uint32_t line, column, offset;
};

struct vg_rules_msgs;
VG_EXPORT size_t vg_rules_msgs_count(const struct vg_rules_msgs *m);
VG_EXPORT const struct vg_rules_msg *vg_rules_msgs_get(const struct vg_rules_msgs *m, size_t i);
VG_EXPORT size_t vg_rules_msgs_errors(const struct vg_rules_msgs *m);
VG_EXPORT void vg_rules_msgs_free(struct vg_rules_msgs *m);
/* Errors reported for input file @result (its load failed when > 0). */
VG_EXPORT size_t vg_rules_msgs_result_errors(const struct vg_rules_msgs *m, size_t result);
/* Messages borrow every string from @m. */

enum vg_rule_matching {
	VG_RULE_MATCH_FIRST = 0, /* Falco's default rule_matching: first */
	VG_RULE_MATCH_ALL,
};

struct vg_rules_load_opts {
	enum vg_priority min_priority;   /* rules below are not loaded (default Debug: all) */
	enum vg_rule_matching matching;
	const char *const *disable_tags; size_t ndisable_tags;
	const char *const *enable_rules; size_t nenable_rules;   /* name patterns (glob) */
	const char *const *disable_rules; size_t ndisable_rules;
	const struct vg_cond_limits *limits; /* NULL: defaults */
};
VG_EXPORT void vg_rules_load_opts_init(struct vg_rules_load_opts *ret);

struct vg_rule_info {
	const char *name;
	const char *desc;
	const char *output;        /* format string as written */
	enum vg_source source;
	enum vg_priority priority;
	const char *const *tags; size_t ntags;
	bool enabled;
};

struct vg_rules;

/*
 * Plugins whose fields vigil implements itself, for required_plugin_versions: a requirement is
 * met when one of its alternatives names one of these with a compatible version (same major,
 * not older). Anything else is a LOAD_ERR_VALIDATE error "Plugin 'x' required by this ruleset
 * is not loaded".
 */
#define VG_RULES_PLUGIN_CONTAINER_VERSION "0.6.0"
#define VG_RULES_PLUGIN_K8SAUDIT_VERSION "0.18.0"
#define VG_RULES_PLUGIN_JSON_VERSION "0.7.0"

/* Load @n files (in order, one namespace) from memory: @names for locations, @bufs/@lens the
 * bytes. Always returns the messages through @ret_msgs (caller frees). Returns 0 with
 * *ret_rules set when there is no error (warnings allowed); -EBADMSG when any error. */
VG_EXPORT VG_WUR int vg_rules_load_buffers(const char *const *names, const char *const *bufs,
					   const size_t *lens, size_t n,
					   const struct vg_rules_load_opts *opts,
					   struct vg_rules **ret_rules, struct vg_rules_msgs **ret_msgs);
/* The same from files on disk (-errno with an LOAD_ERR_FILE_READ message when unreadable). */
VG_EXPORT VG_WUR int vg_rules_load_files(const char *const *paths, size_t n,
					 const struct vg_rules_load_opts *opts,
					 struct vg_rules **ret_rules, struct vg_rules_msgs **ret_msgs);

VG_EXPORT struct vg_rules *vg_rules_ref(struct vg_rules *r);
VG_EXPORT void vg_rules_unref(struct vg_rules *r);

/* Counts of what was defined (whatever enabled) and the rules themselves in definition order. */
VG_EXPORT void vg_rules_counts(const struct vg_rules *r, size_t *ret_rules, size_t *ret_macros,
			       size_t *ret_lists);
VG_EXPORT size_t vg_rules_count(const struct vg_rules *r);
VG_EXPORT const struct vg_rule_info *vg_rules_get(const struct vg_rules *r, size_t i);
/* Event types the enabled rules of @source need (for a kernel-side interest set). */
VG_EXPORT void vg_rules_evtset(const struct vg_rules *r, enum vg_source source,
			       struct vg_evtset *ret_set);

/* Evaluate @event (a struct vg_sys_event or struct vg_audit_event per @source) and call @cb for
 * the matching rule(s) (first or all, per the load options). Thread-safe; allocation-free.
 * Returns the number of matches, or the callback's negative value. */
typedef int (*vg_rule_match_cb)(const struct vg_rules *r, size_t rule_index, void *userdata);
VG_EXPORT int vg_rules_eval(const struct vg_rules *r, enum vg_source source, const void *event,
			    vg_rule_match_cb cb, void *userdata);
/* Per-rule match counters (atomic, since load). */
VG_EXPORT uint64_t vg_rules_match_count(const struct vg_rules *r, size_t rule_index);

/* Render rule @rule_index's output for @event into an alert. Strings live in @scratch until
 * its next use or vg_alert_scratch_free(). @hostname may be NULL. */
struct vg_alert_scratch;
VG_EXPORT VG_WUR int vg_alert_scratch_new(struct vg_alert_scratch **ret);
VG_EXPORT void vg_alert_scratch_free(struct vg_alert_scratch *s);
VG_EXPORT VG_WUR int vg_rules_render(const struct vg_rules *r, size_t rule_index,
				     const void *event, int64_t time_ns, const char *hostname,
				     struct vg_alert_scratch *scratch, struct vg_alert *ret_alert);

#ifdef __cplusplus
}
#endif
#endif
