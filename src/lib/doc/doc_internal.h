/* SPDX-License-Identifier: Apache-2.0 */
/*
 * doc/doc_internal.h - the tree builder shared by the YAML and JSON front ends.
 *
 * Front ends create scalars and open/close collections; the builder keeps the pending children
 * of every open collection on one growable stack, counts nodes (and nodes reachable through
 * aliases) against the limits, and moves finished collections into the docset's arena.
 */
#ifndef VG_DOC_INTERNAL_H
#define VG_DOC_INTERNAL_H

#include "util/arena.h"
#include "vigil/doc.h"

struct vg_docset {
	struct vg_arena arena;
	const char *file;
	struct vg_doc **docs;
	size_t ndocs, cap;
	size_t nodes;    /* nodes created */
	size_t expanded; /* nodes made reachable again through aliases */
	struct vg_doc_warning warnings[VG_DOC_MAX_WARNINGS]; /* sorted by position */
	size_t nwarnings;
	size_t warnings_dropped;
};

struct vg_build_frame {
	struct vg_node *node; /* the open collection */
	size_t base;          /* index in the child stack where its children start */
	uint64_t size;        /* nodes in its subtree so far (itself included) */
};

struct vg_builder {
	struct vg_docset *set;
	const struct vg_limits *limits;
	struct vg_diag *diag;
	/* pending children of open collections, and their subtree sizes */
	struct vg_node **kids;
	uint64_t *kid_sizes;
	size_t nkids, kcap;
	struct vg_build_frame *frames;
	size_t nframes, fcap;
	struct vg_node *root;  /* finished root of the current document */
	uint64_t root_size;
};

void vg_builder_init(struct vg_builder *b, struct vg_docset *set, const struct vg_limits *limits,
		     struct vg_diag *diag);
void vg_builder_release(struct vg_builder *b);
/* Reset for a new document (drops any half-built state). */
void vg_builder_reset(struct vg_builder *b);

/* A new node of @kind at @line:@column (1-based), counted against max_nodes. */
struct vg_node *vg_builder_node(struct vg_builder *b, enum vg_node_kind kind, uint32_t line,
				uint32_t column);
/* Add a finished node (@size = nodes in its subtree, > 1 for a reused alias) to the open
 * collection, or make it the document root when none is open. */
int vg_builder_add(struct vg_builder *b, struct vg_node *n, uint64_t size);
/* Add an alias to @target (subtree @size): counts @size against max_alias_expansion. */
int vg_builder_add_alias(struct vg_builder *b, struct vg_node *target, uint64_t size,
			 uint32_t line, uint32_t column);
/* Open a SEQ or MAP (checks max_depth). */
int vg_builder_open(struct vg_builder *b, struct vg_node *n);
/* Close the innermost collection; MAPs get their merge keys applied. Returns the closed
 * node through @ret_node and its subtree size through @ret_size (both may be NULL). */
int vg_builder_close(struct vg_builder *b, struct vg_node **ret_node, uint64_t *ret_size);
/* Finish the current document: append it to the docset. */
int vg_builder_end_document(struct vg_builder *b);

/* Resolve a plain scalar's kind and value as Kubernetes' YAML decoder (YAML 1.1) does. */
void vg_doc_resolve_plain(struct vg_node *n);

/* Front ends. Return 0, -EBADMSG, -EFBIG or -ENOMEM, with the builder's diag set. */
int vg_yaml_parse(struct vg_builder *b, const char *buf, size_t len);
int vg_json_parse(struct vg_builder *b, const char *buf, size_t len);

#endif
