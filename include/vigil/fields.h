/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/fields.h - typed field tables: what `proc.name`, `fd.sip`, `ka.verb` ... are, and how
 * their values are extracted from an event (vigil/event.h).
 *
 * One static const table per event source (syscall: evt.* proc.* thread.* fd.* user.* group.*
 * container.* k8s.*; k8s_audit: ka.* jevt.* json.* and the generic evt.*). The condition
 * compiler (vigil/rules.h) resolves fields through these tables; output formatters use
 * vg_field_parse() + vg_field_format() on the same tables, so a field means the same thing in a
 * condition and in an output.
 *
 * Missing values: a field that cannot be extracted for an event (no fd, no parent, a host
 * process for container.image ...) yields no value; vg_field_extract() returns 0 and every
 * comparison on it is false (including !=), `exists` is false. Outputs print "<NA>".
 *
 * Nothing here allocates: extraction writes into caller-provided value arrays and a caller-
 * provided scratch buffer (for rendered text such as evt.arg.flags or proc.aname lists).
 */
#ifndef VIGIL_FIELDS_H
#define VIGIL_FIELDS_H

#include "common.h"
#include "diag.h"
#include "event.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Value types (libs' ppm_param_type families). */
enum vg_ftype {
	VG_FT_NONE = 0,
	VG_FT_STRING,  /* "CHARBUF": str */
	VG_FT_UINT64,  /* "UINT64": u64 */
	VG_FT_INT64,   /* "INT64": i64 */
	VG_FT_BOOL,    /* "BOOL": b (compared with true/false) */
	VG_FT_IPADDR,  /* "IPADDR": ip */
	VG_FT_IPNET,   /* "IPNET": ip; the RHS is a CIDR and = means membership */
	VG_FT_PORT,    /* "PORT": u64 */
	VG_FT_BYTES,   /* "BYTEBUF": str (binary) */
	VG_FT_RELTIME, /* "RELTIME": u64 ns */
	VG_FT_ABSTIME, /* "ABSTIME": u64 ns since epoch */
	VG_FT_DYN,     /* "DYNAMIC": evt.rawarg.*, typed per event (see vg_value.dyn) */
	VG_FT__COUNT,
};

/* libs' spelling: "CHARBUF", "UINT64", "INT64", "BOOL", "IPADDR", "IPNET", "PORT", "BYTEBUF",
 * "RELTIME", "ABSTIME", "DYNAMIC". */
VG_EXPORT const char *vg_ftype_name(enum vg_ftype t);

/* struct vg_field_info flags (libs' EPF_*) */
#define VG_FF_LIST (1u << 0)           /* several values: only exists/in/intersects (EPF_IS_LIST) */
#define VG_FF_ARG_REQUIRED (1u << 1)   /* needs [arg] (EPF_ARG_REQUIRED) */
#define VG_FF_ARG_ALLOWED (1u << 2)    /* may take [arg] (EPF_ARG_ALLOWED) */
#define VG_FF_ARG_INDEX (1u << 3)      /* the arg is a number (EPF_ARG_INDEX) */
#define VG_FF_ARG_KEY (1u << 4)        /* the arg is a string key (EPF_ARG_KEY) */
#define VG_FF_ARG_DOTTED (1u << 5)     /* also name.KEY (evt.arg.flags, k8s.pod.label.app) */
#define VG_FF_NO_TRANSFORMER (1u << 6) /* transformers refused (EPF_NO_TRANSFORMER) */
#define VG_FF_NO_RHS (1u << 7)         /* no val()/field comparisons on either side (EPF_NO_RHS) */
#define VG_FF_ANY_ANCESTOR (1u << 8)   /* without an arg: true if any ancestor matches */
#define VG_FF_DEPRECATED (1u << 9)     /* still accepted; the loader warns (LOAD_DEPRECATED_ITEM) */
#define VG_FF_FILTER_ONLY (1u << 10)   /* conditions only, not outputs (EPF_FILTER_ONLY) */
#define VG_FF_EVT_TYPE (1u << 11)      /* evt.type: compiled to event-type bitset tests */
#define VG_FF_ANY_VALUE (1u << 12)     /* several values, true if any one matches (fd.ip, fd.net) */

struct vg_field_info {
	const char *name;   /* "proc.aname" */
	enum vg_ftype type;
	uint32_t flags;     /* VG_FF_* */
	const char *desc;   /* one line */
	uint16_t id;        /* position in the source's table */
};

/* The static table of @source and its length; NULL/0 for an unknown source. */
VG_EXPORT const struct vg_field_info *vg_fields_table(enum vg_source source, size_t *ret_count);
/* Exact name lookup (no argument); NULL when unknown. */
VG_EXPORT const struct vg_field_info *vg_field_find(enum vg_source source, const char *name,
						     size_t len);

/*
 * A field with its argument resolved, ready for extraction. Plain data; @key borrows the memory
 * passed to vg_field_resolve() (the condition compiler copies it into the program).
 */
struct vg_field_ref {
	const struct vg_field_info *info;
	enum vg_source source;
	bool has_arg;
	int64_t index;      /* VG_FF_ARG_INDEX argument (proc.aname[2] -> 2) */
	struct vg_str key;  /* VG_FF_ARG_KEY argument or the .KEY suffix (evt.arg.flags -> "flags") */
	int32_t aux;        /* table-specific pre-resolution (e.g. a JSON path length) */
};

/*
 * Resolve field @name (as written: "evt.arg.flags", "k8s.pod.label.app", "proc.aname") with an
 * optional bracket argument (@has_arg, @arg/@arg_len: the unescaped text between [ and ]).
 * Returns 0 and fills @ret_ref, or -ENOENT ("filter_check called with nonexistent field X") /
 * -EINVAL (bad or missing argument) with a message in @ret_diag (line/column left 0).
 */
VG_EXPORT VG_WUR int vg_field_resolve(enum vg_source source, const char *name, size_t name_len,
				       const char *arg, size_t arg_len, bool has_arg,
				       struct vg_field_ref *ret_ref, struct vg_diag *ret_diag);

/*
 * For output format strings: resolve the longest field at the start of @text ("proc.name",
 * "proc.aname[2]", "evt.arg.flags", "jevt.value[/a/b]") and report how many bytes it used in
 * *ret_consumed. Returns -ENOENT when no field starts there ("invalid formatting token X").
 * Formatters must reject fields flagged VG_FF_FILTER_ONLY themselves ("X is filter only and
 * cannot be used as a display field"); conditions may use them.
 */
VG_EXPORT VG_WUR int vg_field_parse(enum vg_source source, const char *text, size_t len,
				     struct vg_field_ref *ret_ref, size_t *ret_consumed,
				     struct vg_diag *ret_diag);

/* One extracted value; the type is the field's (vg_field_info.type). */
struct vg_value {
	union {
		struct {
			const char *ptr; /* NUL-terminated at ptr[len] */
			size_t len;
		} str;                   /* STRING, BYTES */
		uint64_t u64;            /* UINT64, PORT, RELTIME, ABSTIME */
		int64_t i64;             /* INT64 */
		bool b;                  /* BOOL */
		const struct vg_ipaddr *ip; /* IPADDR, IPNET (borrowed from the event or scratch) */
		const struct vg_evt_arg *dyn; /* DYN: the raw parameter */
	} v;
};

/*
 * Scratch space for values that have to be rendered (flag names, joined ancestor lists, JSON
 * text of non-string audit values, transformer output). Caller-owned, typically on the stack;
 * reset by setting used = 0. Running out makes the value missing rather than truncated.
 */
struct vg_scratch {
	char *buf;
	size_t cap;
	size_t used;
};

/* Largest number of values one extraction produces (list fields, ancestors). */
#define VG_FIELD_MAX_VALUES 256u

/*
 * Extract @ref from @event (a struct vg_sys_event or struct vg_audit_event matching
 * ref->source). Writes up to @cap values and returns how many (0 = missing; list fields with no
 * element are missing too). Returns -ENOSPC when @cap or @scratch is too small, -EINVAL for a
 * source mismatch. Values borrow from the event and from @scratch.
 */
VG_EXPORT int vg_field_extract(const struct vg_field_ref *ref, const void *event,
			       struct vg_value *vals, size_t cap, struct vg_scratch *scratch);

/*
 * Render one value of type @type as Falco prints it (numbers in decimal, bools "true"/"false",
 * addresses, byte buffers escaped like libs' "normal" buffer format) into @buf; returns the
 * length needed (like snprintf; @buf always NUL-terminated when @cap > 0).
 */
VG_EXPORT size_t vg_value_format(enum vg_ftype type, const struct vg_value *val, char *buf,
				 size_t cap);

/*
 * Render field @ref of @event for an output: a single value as vg_value_format, list fields as
 * "(a,b)", ancestor fields without an index as the space-separated list. Returns the length
 * needed like snprintf, or -ENOENT when the field is missing (print "<NA>"), -ENOSPC when the
 * scratch space ran out.
 */
VG_EXPORT int vg_field_format(const struct vg_field_ref *ref, const void *event, char *buf,
			      size_t cap, struct vg_scratch *scratch);

#ifdef __cplusplus
}
#endif
#endif
