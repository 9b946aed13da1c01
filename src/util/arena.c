/* SPDX-License-Identifier: Apache-2.0 */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_DEFAULT_CHUNK (64u * 1024u)

struct vg_arena_chunk {
	struct vg_arena_chunk *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

void vg_arena_init(struct vg_arena *a, size_t chunk_size)
{
	a->head = NULL;
	a->chunk_size = chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK;
	a->total = 0;
}

void vg_arena_release(struct vg_arena *a)
{
	if (!a)
		return;
	struct vg_arena_chunk *c = a->head;
	while (c) {
		struct vg_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

void *vg_arena_alloc(struct vg_arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct vg_arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t cap = size > a->chunk_size / 4 ? size : a->chunk_size;
		if (cap > SIZE_MAX - sizeof(*c))
			return NULL;
		struct vg_arena_chunk *n = malloc(sizeof(*n) + cap);
		if (!n)
			return NULL;
		n->size = cap;
		n->used = 0;
		if (cap == size && c) {
			/* a large block: keep the current chunk in front for further small ones */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			a->head = n;
		}
		c = n;
	}
	void *p = c->data + c->used;
	c->used += size;
	a->total += size;
	return p;
}

void *vg_arena_zalloc(struct vg_arena *a, size_t size)
{
	void *p = vg_arena_alloc(a, size);
	if (p)
		memset(p, 0, size);
	return p;
}

void *vg_arena_calloc(struct vg_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return vg_arena_zalloc(a, n * size);
}

char *vg_arena_strndup(struct vg_arena *a, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = vg_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *vg_arena_strdup(struct vg_arena *a, const char *s)
{
	return s ? vg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *vg_arena_vprintf(struct vg_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *p = vg_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *vg_arena_printf(struct vg_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = vg_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
