/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util/strbuf.h - a growable, capped, always NUL-terminated byte buffer (heap-owned).
 */
#ifndef VG_UTIL_STRBUF_H
#define VG_UTIL_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct vg_strbuf {
	char *buf;    /* NUL-terminated when len > 0 or after any append; may be NULL when empty */
	size_t len;
	size_t cap;
	size_t max;   /* 0 = no cap; appends beyond it fail with -EFBIG */
};

#define VG_STRBUF_INIT { NULL, 0, 0, 0 }

void vg_strbuf_init(struct vg_strbuf *b, size_t max);
void vg_strbuf_release(struct vg_strbuf *b);
void vg_strbuf_reset(struct vg_strbuf *b);
int vg_strbuf_append(struct vg_strbuf *b, const char *s, size_t len) __attribute__((warn_unused_result));
int vg_strbuf_puts(struct vg_strbuf *b, const char *s) __attribute__((warn_unused_result));
int vg_strbuf_putc(struct vg_strbuf *b, char c) __attribute__((warn_unused_result));
int vg_strbuf_printf(struct vg_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), warn_unused_result));
/* Drop bytes past @len (len <= b->len). */
void vg_strbuf_truncate(struct vg_strbuf *b, size_t len);
/* "" when empty. */
const char *vg_strbuf_str(const struct vg_strbuf *b);

#endif
