/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util/arena.h - a bump allocator: many small allocations, one free.
 *
 * Parse trees, reports and per-request data live in an arena and are released together by
 * vg_arena_free(). Allocations are 16-byte aligned. Not thread-safe (one owner).
 */
#ifndef VG_UTIL_ARENA_H
#define VG_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct vg_arena_chunk;

struct vg_arena {
	struct vg_arena_chunk *head;
	size_t chunk_size; /* default size of new chunks */
	size_t total;      /* bytes handed out */
};

void vg_arena_init(struct vg_arena *a, size_t chunk_size);
/* Release every chunk; @a can be reused after vg_arena_init. Accepts NULL. */
void vg_arena_release(struct vg_arena *a);

/* NULL on allocation failure or size overflow. */
void *vg_arena_alloc(struct vg_arena *a, size_t size);
void *vg_arena_zalloc(struct vg_arena *a, size_t size);
/* n * size with overflow check. */
void *vg_arena_calloc(struct vg_arena *a, size_t n, size_t size);
/* Copy @len bytes and a NUL. NULL @s with len 0 gives "". */
char *vg_arena_strndup(struct vg_arena *a, const char *s, size_t len);
char *vg_arena_strdup(struct vg_arena *a, const char *s);
char *vg_arena_printf(struct vg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *vg_arena_vprintf(struct vg_arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
