/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util/path.h - lexical path arithmetic (no file system access).
 */
#ifndef VG_UTIL_PATH_H
#define VG_UTIL_PATH_H

#include "util/strbuf.h"

/* @p made absolute against @cwd (when relative) and normalised into @b: "." and ".." resolved
 * lexically, ".." clamped at the root, repeated slashes dropped; the root is "". */
int vg_path_lexical_abs(const char *cwd, const char *p, struct vg_strbuf *b)
	__attribute__((warn_unused_result));

#endif
