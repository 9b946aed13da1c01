/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report/report_internal.h - the report's private layout and what its writers share.
 *
 * A struct vg_report keeps every string it was given in its own arena; the findings, errors
 * and notes themselves are arena records reached through heap-grown pointer vectors (so
 * sorting and filtering move pointers, never records). Each record carries its insertion
 * sequence number, which breaks sort ties: the same input always gives the same output.
 */
#ifndef VG_REPORT_INTERNAL_H
#define VG_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "util/arena.h"
#include "vigil/report.h"

struct vg_rep_vec {
	void **items;
	size_t n, cap;
};

struct vg_rep_finding {
	struct vg_finding f; /* first member: vg_report_get() hands out &rec->f */
	size_t seq;
};

struct vg_rep_error {
	struct vg_diag d;
	size_t seq;
};

struct vg_rep_note {
	struct vg_note n;
	size_t seq;
};

struct vg_report {
	struct vg_arena arena;     /* every copied string and record */
	struct vg_scan_stats stats;
	struct vg_rep_vec findings; /* struct vg_rep_finding * */
	struct vg_rep_vec errors;   /* struct vg_rep_error * */
	struct vg_rep_vec notes;    /* struct vg_rep_note * */
	size_t seq;                 /* next insertion sequence number */
	size_t nsuppressed;         /* findings with f.suppressed set */
	const char *last_file;      /* arena copy of the last finding's file, reused when equal */
};

/* Defaults for a NULL @opts or NULL members: no colour, "vigil", vg_version(), no base dir. */
struct vg_rep_opts {
	bool color;
	const char *tool_name;
	const char *tool_version;
	const char *base_dir; /* NULL or non-empty */
	bool show_suppressed;
};

/* Whether a table or JSON writer shows @f. */
static inline bool vg_rep_shown(const struct vg_rep_opts *o, const struct vg_finding *f)
{
	return !f->suppressed || o->show_suppressed;
}
void vg_rep_opts_resolve(const struct vg_write_opts *opts, struct vg_rep_opts *ret);

/* The writers (vg_report_write dispatches). 0, -EIO or -ENOMEM. */
int vg_rep_write_table(const struct vg_report *r, const struct vg_rep_opts *o, FILE *out);
int vg_rep_write_json(const struct vg_report *r, const struct vg_rep_opts *o, FILE *out);
int vg_rep_write_sarif(const struct vg_report *r, const struct vg_rep_opts *o, FILE *out);

/* ---- shared helpers ------------------------------------------------------------------- */

/*
 * Decode one UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF) from
 * the @len bytes at @s. Returns its length (1-4) and sets *ret_cp, or 0 when the bytes at @s
 * do not start a valid sequence.
 */
static inline size_t vg_rep_utf8_decode(const unsigned char *s, size_t len, uint32_t *ret_cp)
{
	if (len == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*ret_cp = c;
		return 1;
	}
	size_t n;
	uint32_t cp, min;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, cp = c & 0x1fu, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, cp = c & 0x0fu, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, cp = c & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*ret_cp = cp;
	return n;
}

/*
 * The refs to publish for @f: the check's static refs first, then the finding's instance refs;
 * an instance ref replaces a check ref with the same key in place. Fills @out (room for
 * 2 * VG_MAX_REFS) and returns the count.
 */
size_t vg_rep_merged_refs(const struct vg_finding *f, struct vg_ref *out);

/* jansson helpers. A string is taken as UTF-8; invalid bytes become U+FFFD. NULL -> null. */
json_t *vg_rep_json_str(const char *s);
json_t *vg_rep_json_uint(uint64_t v);
/* Set/append, stealing @v; on any failure (including @v == NULL) set *failed. */
void vg_rep_json_set(json_t *obj, const char *key, json_t *v, bool *failed);
void vg_rep_json_push(json_t *arr, json_t *v, bool *failed);
/* Dump @root with JSON_INDENT(2) and a trailing newline; flush. 0, -ENOMEM or -EIO. */
int vg_rep_json_dump(const json_t *root, FILE *out);

#endif
