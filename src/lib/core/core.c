/* SPDX-License-Identifier: Apache-2.0 */
/* core.c - version, limits and diagnostics. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vigil/common.h"
#include "vigil/diag.h"
#include "vigil/limits.h"
#include "util/banned.h"

const char *vg_version(void)
{
	return VIGIL_VERSION_STRING;
}

void vg_limits_init(struct vg_limits *ret_limits)
{
	ret_limits->max_file_size = VG_DEFAULT_MAX_FILE_SIZE;
	ret_limits->max_depth = VG_DEFAULT_MAX_DEPTH;
	ret_limits->max_nodes = VG_DEFAULT_MAX_NODES;
	ret_limits->max_alias_expansion = VG_DEFAULT_MAX_ALIAS_EXPANSION;
	ret_limits->max_scalar_len = VG_DEFAULT_MAX_SCALAR_LEN;
	ret_limits->max_documents = VG_DEFAULT_MAX_DOCUMENTS;
}

void vg_diag_clear(struct vg_diag *d)
{
	if (!d)
		return;
	d->code = VG_DIAG_NONE;
	d->file[0] = '\0';
	d->line = d->column = 0;
	d->message[0] = '\0';
}

void vg_diag_set(struct vg_diag *d, enum vg_diag_code code, const char *file, uint32_t line,
		 uint32_t column, const char *fmt, ...)
{
	if (!d)
		return;
	d->code = code;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	d->column = column;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
}

const char *vg_diag_code_name(enum vg_diag_code code)
{
	switch (code) {
	case VG_DIAG_NONE: return "none";
	case VG_DIAG_IO: return "io";
	case VG_DIAG_SYNTAX: return "syntax";
	case VG_DIAG_LIMIT: return "limit";
	case VG_DIAG_SEMANTIC: return "semantic";
	case VG_DIAG_USAGE: return "usage";
	}
	return "unknown";
}
