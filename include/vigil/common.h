/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/common.h - conventions shared by every libvigil header.
 *
 * Conventions (see docs/architecture.md):
 *  - fallible functions return 0 or a negative errno (-EINVAL bad argument, -EBADMSG malformed
 *    input, -EFBIG a limit was hit, -ENOMEM, -ENOENT, -EIO ...);
 *  - outputs come last, are named ret_*, and are untouched on failure;
 *  - destructors accept NULL;
 *  - the library never prints, exits or aborts on input.
 */
#ifndef VIGIL_COMMON_H
#define VIGIL_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VG_EXPORT __attribute__((visibility("default")))
#define VG_WUR __attribute__((warn_unused_result))

/* The library version, "MAJOR.MINOR.PATCH". */
VG_EXPORT const char *vg_version(void);

#ifdef __cplusplus
}
#endif
#endif
