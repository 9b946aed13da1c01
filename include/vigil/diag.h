/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/diag.h - diagnostics: rich errors owned by the caller, never global state.
 *
 * A diagnostic names where a problem is (file:line:column, 1-based; 0 = unknown) and what it
 * is. Parsers fill the caller's struct vg_diag on failure.
 */
#ifndef VIGIL_DIAG_H
#define VIGIL_DIAG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vg_diag_code {
	VG_DIAG_NONE = 0,
	VG_DIAG_IO,          /* cannot read the input */
	VG_DIAG_SYNTAX,      /* malformed YAML/JSON */
	VG_DIAG_LIMIT,       /* a limit from vigil/limits.h was hit */
	VG_DIAG_SEMANTIC,    /* well-formed but invalid (e.g. unknown alias) */
	VG_DIAG_USAGE,       /* bad option or argument */
};

#define VG_DIAG_MSG_MAX 512

struct vg_diag {
	enum vg_diag_code code;
	char file[4096];
	uint32_t line;   /* 1-based, 0 when unknown */
	uint32_t column; /* 1-based, 0 when unknown */
	char message[VG_DIAG_MSG_MAX];
};

/* Reset @d to "no diagnostic". */
VG_EXPORT void vg_diag_clear(struct vg_diag *d);

/* Set @d (printf-style message; @file may be NULL). Returns nothing: callers return their errno. */
VG_EXPORT void vg_diag_set(struct vg_diag *d, enum vg_diag_code code, const char *file,
			   uint32_t line, uint32_t column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Short lowercase name of a code: "io", "syntax", "limit", "semantic", "usage". */
VG_EXPORT const char *vg_diag_code_name(enum vg_diag_code code);

#ifdef __cplusplus
}
#endif
#endif
