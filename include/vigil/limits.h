/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/limits.h - every limit on a user-controlled dimension, in one place.
 *
 * Each limit has a default and can be overridden by the caller (the CLI exposes them as
 * --max-* options). Hitting a limit is an input error (-EFBIG) with a diagnostic naming the
 * limit; it is never a crash and never silently truncated output.
 */
#ifndef VIGIL_LIMITS_H
#define VIGIL_LIMITS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VG_DEFAULT_MAX_FILE_SIZE (64u * 1024u * 1024u) /* bytes of one input file */
#define VG_DEFAULT_MAX_DEPTH 256u                      /* nesting of maps/sequences */
#define VG_DEFAULT_MAX_NODES 4000000u                  /* nodes in one file's tree */
#define VG_DEFAULT_MAX_ALIAS_EXPANSION 1000000u        /* nodes reachable through aliases, per file */
#define VG_DEFAULT_MAX_SCALAR_LEN (16u * 1024u * 1024u) /* bytes of one scalar */
#define VG_DEFAULT_MAX_DOCUMENTS 100000u               /* documents in one stream */

struct vg_limits {
	size_t max_file_size;
	uint32_t max_depth;
	uint32_t max_nodes;
	uint32_t max_alias_expansion;
	size_t max_scalar_len;
	uint32_t max_documents;
};

/* Fill @ret_limits with the defaults above. */
VG_EXPORT void vg_limits_init(struct vg_limits *ret_limits);

/* Rule conditions (struct vg_cond_limits in vigil/rules.h, vg_cond_limits_init()). */
#define VG_DEFAULT_MAX_COND_DEPTH 1000u                /* parser recursion (Falco's loader: 1000) */
#define VG_DEFAULT_MAX_COND_LEN (1024u * 1024u)        /* bytes of one condition text */
#define VG_DEFAULT_MAX_COND_NODES 1000000u             /* AST nodes of one parsed condition */
#define VG_DEFAULT_MAX_COND_EXPANDED_NODES 1000000u    /* nodes after macro expansion */
#define VG_DEFAULT_MAX_COND_LIST_ITEMS 100000u         /* values in one (...) list */

/* Dockerfiles (struct vg_df_limits in vigil/dockerfile.h, vg_df_limits_init()). */
#define VG_DEFAULT_DF_MAX_FILE_SIZE (4u * 1024u * 1024u)    /* bytes of one Dockerfile */
#define VG_DEFAULT_DF_MAX_INSTRUCTIONS 20000u               /* instructions in one file */
#define VG_DEFAULT_DF_MAX_LINE_LEN (1024u * 1024u)          /* bytes of one logical line */
#define VG_DEFAULT_DF_MAX_HEREDOC_SIZE (1024u * 1024u)      /* bytes of one heredoc body */

struct vg_df_limits {
	size_t max_file_size;
	uint32_t max_instructions;
	size_t max_line_len;
	size_t max_heredoc_size;
};

#ifdef __cplusplus
}
#endif
#endif
