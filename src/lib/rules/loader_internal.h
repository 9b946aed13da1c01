/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loader_internal.h - the rules-file loader (vigil/rulesfile.h), split as Falco's engine is:
 *
 *   loader_read.c     YAML tree -> items: schema checks of keys and types, contexts (reader)
 *   loader_collect.c  the namespace of lists/macros/rules: define, append, replace, enable,
 *                     exception validation, engine/plugin requirements (collector)
 *   loader_compile.c  lists, macros (visibility), exceptions -> condition text, outputs, rule
 *                     conditions, unused/evttype warnings (compiler)
 *   loader.c          the public API: messages, load, rulesets, evaluation, counters
 *   output.c          output format strings and alert rendering
 *
 * Everything of one load lives in struct ld_state's arena and is freed at the end; the result
 * (struct vg_rules) copies what it keeps into its own arena.
 */
#ifndef VG_RULES_LOADER_INTERNAL_H
#define VG_RULES_LOADER_INTERNAL_H

#include <stdatomic.h>

#include "vigil/doc.h"
#include "vigil/rulesfile.h"
#include "util/arena.h"
#include "util/strbuf.h"

/* ---- contexts: Falco's location chain ---------------------------------------------------- */

#define LD_MAX_LOCS 8

struct ld_loc {
	const char *type;  /* Falco's item type text */
	const char *name;  /* item name or "" */
	const char *file;  /* file name or quoted condition prefix */
	uint32_t line, col, off;
	int32_t file_index; /* input index for snippets, -1 for condition locations */
};

struct ld_ctx {
	uint32_t n;
	struct ld_loc l[LD_MAX_LOCS];
	const char *alt;   /* condition text for snippets of condition locations */
};

/* ---- items ------------------------------------------------------------------------------- */

struct ld_entry {
	bool valid;
	bool is_list;
	const char *item;
	struct ld_entry *items;
	size_t n;
};

struct ld_exception {
	const char *name;
	struct ld_entry fields, comps;
	struct ld_entry *values;
	size_t nvalues;
	struct ld_ctx ctx;
};

struct ld_list {
	const char *name;
	const char **items;
	size_t n;
	uint32_t index, visibility;
	struct ld_ctx ctx;
};

struct ld_macro {
	const char *name;
	const char *cond;
	uint32_t index, visibility;
	struct ld_ctx ctx, cond_ctx;
};

struct ld_rule {
	const char *name, *cond, *output, *desc, *source;
	enum vg_priority priority;
	bool unknown_source, enabled, warn_evttypes, skip_unknown, capture;
	uint64_t capture_duration;
	const char **tags; /* sorted, unique (Falco's std::set) */
	size_t ntags;
	struct ld_exception *exc;
	size_t nexc;
	uint32_t index, visibility;
	struct ld_ctx ctx, cond_ctx, output_ctx;
};

/* A rule update (append or selective replace): has_* say which keys were given. */
struct ld_update {
	const char *name;
	bool has_cond, has_output, has_desc, has_tags, has_exc, has_priority, has_enabled,
		has_warn, has_skip, has_capture, has_capture_duration;
	const char *cond, *output, *desc;
	const char **tags;
	size_t ntags;
	struct ld_exception *exc;
	size_t nexc;
	enum vg_priority priority;
	bool enabled, warn_evttypes, skip_unknown, capture;
	uint64_t capture_duration;
	struct ld_ctx ctx;
};

struct ld_plugin_req {
	const char *name, *version;
};

struct ld_plugin_reqs {
	struct ld_plugin_req *alt;
	size_t n;
	struct ld_ctx ctx;
};

/* ---- messages ---------------------------------------------------------------------------- */

struct vg_rules_msgs {
	struct vg_arena arena;
	struct vg_rules_msg *v;
	size_t n, cap, nerrors;
};

/* ---- the load ---------------------------------------------------------------------------- */

struct ld_input {
	const char *name;
	const char *buf;
	size_t len;
};

struct ld_compiled_rule {
	size_t rule;            /* index in ld_state.rules */
	struct vg_cond *cond;
	struct vg_rules_output *out;
};

struct ld_state {
	struct vg_arena arena;
	const struct vg_rules_load_opts *opts;
	struct vg_cond_limits climits;
	struct vg_rules_msgs *msgs;
	const struct ld_input *inputs;
	size_t ninputs, cur; /* the file being loaded = the result messages go to */
	struct ld_list *lists;
	size_t nlists, caplists;
	struct ld_macro *macros;
	size_t nmacros, capmacros;
	struct ld_rule *rules;
	size_t nrules, caprules;
	uint32_t cur_index;
	struct ld_plugin_reqs *preqs;
	size_t npreqs, cappreqs;
	/* output of the last compile pass */
	struct ld_compiled_rule *compiled;
	size_t ncompiled;
};

/* Error codes, warning codes */
#define LD_ERR_FILE_READ "LOAD_ERR_FILE_READ"
#define LD_ERR_YAML_PARSE "LOAD_ERR_YAML_PARSE"
#define LD_ERR_YAML_VALIDATE "LOAD_ERR_YAML_VALIDATE"
#define LD_ERR_COMPILE_CONDITION "LOAD_ERR_COMPILE_CONDITION"
#define LD_ERR_COMPILE_OUTPUT "LOAD_ERR_COMPILE_OUTPUT"
#define LD_ERR_VALIDATE "LOAD_ERR_VALIDATE"

/* loader.c */
/* Add a message (copied). Returns -EBADMSG for errors (so callers can `return ld_error(...)`),
 * 0 for warnings, -ENOMEM. */
int ld_msg(struct ld_state *st, bool error, const char *code, const struct ld_ctx *ctx,
	   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void ld_ctx_file(const struct ld_state *st, struct ld_ctx *ret);
void ld_ctx_push(const struct ld_state *st, const struct ld_ctx *parent, const struct vg_node *n,
		 const char *type, const char *name, struct ld_ctx *ret);
/* A "condition expression" location: @pos inside @cond (arena-copied). */
void ld_ctx_cond(struct ld_state *st, const struct ld_ctx *parent, const char *cond,
		 const struct vg_ast_pos *pos, struct ld_ctx *ret);
bool ld_semver_parse(const char *s, unsigned ret[3]);
bool ld_semver_compatible(const unsigned have[3], const unsigned want[3]);
void *ld_grow(void *v, size_t *cap, size_t n, size_t size);

/* loader_read.c: read one input (st->cur). 0, -EBADMSG (error added), -ENOMEM. */
int ld_read(struct ld_state *st);

/* loader_collect.c */
int ld_define_list(struct ld_state *st, struct ld_list *l);
int ld_append_list(struct ld_state *st, struct ld_list *l);
int ld_define_macro(struct ld_state *st, struct ld_macro *m);
int ld_append_macro(struct ld_state *st, struct ld_macro *m);
int ld_define_rule(struct ld_state *st, struct ld_rule *r);
int ld_append_rule(struct ld_state *st, struct ld_update *u);
int ld_replace_rule(struct ld_state *st, struct ld_update *u);
int ld_enable_rule(struct ld_state *st, const char *name, bool enabled,
		   const struct ld_ctx *ctx);
int ld_define_engine_version(struct ld_state *st, const unsigned v[3], const char *text,
			     const struct ld_ctx *ctx);
int ld_define_plugin_req(struct ld_state *st, struct ld_plugin_reqs *r);
int ld_check_plugins(struct ld_state *st);
struct ld_rule *ld_find_rule(struct ld_state *st, const char *name);

/* loader_compile.c: compile everything collected so far (messages to st->cur). */
int ld_compile(struct ld_state *st);
void ld_compiled_clear(struct ld_state *st);

/* ---- output formats (output.c) ----------------------------------------------------------- */

struct vg_rules_output;
/* Compile @fmt for @source. -EBADMSG with @ret_err (Falco's message, malloc'd... no: written into
 * @err of @errcap bytes), -ENOMEM. */
int vg_rules_output_compile(enum vg_source source, const char *fmt,
			    struct vg_rules_output **ret, char *err, size_t errcap);
void vg_rules_output_free(struct vg_rules_output *o);

struct vg_alert_scratch;
int vg_rules_output_render(const struct vg_rules_output *o, const void *event,
			   struct vg_alert_scratch *s, const char **ret_text,
			   const struct vg_alert_field **ret_fields, size_t *ret_nfields);
struct vg_arena *vg_alert_scratch_arena(struct vg_alert_scratch *s);

#endif
