/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/doc.h - the document model: YAML and JSON parse into one tree.
 *
 * A struct vg_docset owns one arena holding every node of every document of one input
 * (a file or a buffer). Nodes are read-only for consumers and live until vg_docset_free().
 * Every node carries the 1-based line and column where it starts in the input.
 *
 * YAML: multi-document streams, block and flow style, anchors and aliases (an alias shares
 * the anchored node; the number of nodes made reachable through aliases is capped by
 * limits->max_alias_expansion), merge keys ("<<", a map or a sequence of maps; explicit keys
 * win), comments. Plain scalars are resolved as Kubernetes' YAML decoder (YAML 1.1) does:
 * null (~, null, empty), booleans (true/false/yes/no/on/off and their capitalised forms),
 * integers (decimal, 0x, 0o, 0-prefixed octal), floats; everything else and every quoted
 * scalar is a string. Explicit tags !!str/!!int/!!bool/!!float/!!null are honoured.
 * JSON (RFC 8259): a strict parser with the same limits.
 *
 * Duplicate mapping keys (YAML and JSON): both pairs stay in the map and lookups take the later
 * value, as Kubernetes' client-side decoding does; each later key is recorded as a warning of
 * the docset (vg_docset_warning()), not an error, since most YAML readers accept them.
 */
#ifndef VIGIL_DOC_H
#define VIGIL_DOC_H

#include "common.h"
#include "diag.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vg_node_kind {
	VG_NODE_NULL = 0,
	VG_NODE_BOOL,
	VG_NODE_INT,
	VG_NODE_FLOAT,
	VG_NODE_STR,
	VG_NODE_SEQ,
	VG_NODE_MAP,
};

struct vg_node;

struct vg_pair {
	const struct vg_node *key;
	const struct vg_node *value;
};

struct vg_node {
	enum vg_node_kind kind;
	uint32_t line;   /* 1-based */
	uint32_t column; /* 1-based */
	/* Scalars: the scalar's value as text (NUL-terminated; @len excludes the NUL; may contain
	 * embedded NULs from escapes). Collections: NULL. */
	const char *text;
	size_t len;
	bool quoted;     /* scalar was single/double quoted or a block scalar */
	union {
		bool b;      /* VG_NODE_BOOL */
		int64_t i;   /* VG_NODE_INT */
		double f;    /* VG_NODE_FLOAT */
	} v;
	uint32_t count;                   /* SEQ: items; MAP: pairs */
	const struct vg_node *const *items; /* SEQ only */
	const struct vg_pair *pairs;        /* MAP only, in document order after merges */
};

struct vg_doc {
	const char *file;          /* the input's name (owned by the docset) */
	uint32_t index;            /* 0-based position in the stream */
	const struct vg_node *root; /* never NULL; an empty document has a NULL-kind root */
};

enum vg_syntax {
	VG_SYNTAX_AUTO = 0, /* JSON for names ending in .json, YAML otherwise */
	VG_SYNTAX_YAML,
	VG_SYNTAX_JSON,
};

struct vg_docset;

/*
 * Parse @len bytes at @buf (need not be NUL-terminated) named @file (for diagnostics).
 * Returns 0 and sets *ret_set (owned by the caller, free with vg_docset_free) on success.
 * On malformed input returns -EBADMSG, on a hit limit -EFBIG; in both cases @ret_diag names
 * file:line:column and *ret_set is still set and holds the documents that were complete
 * before the error (callers may use them, but must report the error). Returns -ENOMEM or
 * -EINVAL with *ret_set untouched. @limits may be NULL for the defaults.
 */
VG_EXPORT VG_WUR int vg_docset_parse(const char *file, const char *buf, size_t len,
				      enum vg_syntax syntax, const struct vg_limits *limits,
				      struct vg_docset **ret_set, struct vg_diag *ret_diag);

VG_EXPORT void vg_docset_free(struct vg_docset *set);

/* Number of documents and the i-th one (NULL when out of range). Borrowed pointers. */
VG_EXPORT size_t vg_docset_count(const struct vg_docset *set);
VG_EXPORT const struct vg_doc *vg_docset_get(const struct vg_docset *set, size_t i);

/* Nodes created in the arena, including those reachable through aliases (for statistics). */
VG_EXPORT size_t vg_docset_node_count(const struct vg_docset *set);

/* ---- warnings: accepted input that a strict reader would refuse ---------------------- */

enum vg_doc_warning_kind {
	VG_DOC_WARN_DUPLICATE_KEY = 1, /* a mapping key repeated in the same mapping */
};

/* Warnings kept per docset, the first ones in document order; the rest are only counted. */
#define VG_DOC_MAX_WARNINGS 10u

struct vg_doc_warning {
	enum vg_doc_warning_kind kind;
	uint32_t line;         /* the later key (1-based) */
	uint32_t column;
	const char *key;       /* its text (owned by the docset; may contain embedded NULs) */
	size_t key_len;
	uint32_t first_line;   /* the first key with that text in the same mapping */
	uint32_t first_column;
};

/* Warnings kept (at most VG_DOC_MAX_WARNINGS), sorted by line and column, and the i-th one
 * (NULL when out of range; borrowed). */
VG_EXPORT size_t vg_docset_warning_count(const struct vg_docset *set);
VG_EXPORT const struct vg_doc_warning *vg_docset_warning(const struct vg_docset *set, size_t i);
/* Warnings found beyond VG_DOC_MAX_WARNINGS and not kept. */
VG_EXPORT size_t vg_docset_warnings_dropped(const struct vg_docset *set);

/* ---- read helpers (all accept NULL and return NULL/false) ---------------------------- */

/* Value for string key @key in MAP @map; NULL if absent or @map is not a map. */
VG_EXPORT const struct vg_node *vg_node_get(const struct vg_node *map, const char *key);
/* Key node for @key (for locating a key rather than its value). */
VG_EXPORT const struct vg_node *vg_node_get_key(const struct vg_node *map, const char *key);
/* Follow a dotted path of map keys, e.g. "spec.template.spec". */
VG_EXPORT const struct vg_node *vg_node_path(const struct vg_node *map, const char *dotted);
/* Text of a STR node, else NULL. */
VG_EXPORT const char *vg_node_str(const struct vg_node *n);
/* Text of any scalar (STR/INT/FLOAT/BOOL/NULL as written), else NULL. */
VG_EXPORT const char *vg_node_scalar(const struct vg_node *n);
/* True only for a BOOL node holding true. */
VG_EXPORT bool vg_node_is_true(const struct vg_node *n);
/* True only for a BOOL node holding false. */
VG_EXPORT bool vg_node_is_false(const struct vg_node *n);
/* True for a STR node equal to @s. */
VG_EXPORT bool vg_node_str_eq(const struct vg_node *n, const char *s);
/* Present and not null. */
VG_EXPORT bool vg_node_present(const struct vg_node *n);
/* Item @i of a SEQ node, else NULL. */
VG_EXPORT const struct vg_node *vg_node_at(const struct vg_node *seq, uint32_t i);
/* "null", "bool", "int", "float", "string", "sequence", "map". */
VG_EXPORT const char *vg_node_kind_name(enum vg_node_kind kind);

#ifdef __cplusplus
}
#endif
#endif
