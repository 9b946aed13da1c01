/* SPDX-License-Identifier: Apache-2.0 */
#include "util/strbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vg_strbuf_init(struct vg_strbuf *b, size_t max)
{
	b->buf = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void vg_strbuf_release(struct vg_strbuf *b)
{
	if (!b)
		return;
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
}

void vg_strbuf_reset(struct vg_strbuf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

static int grow(struct vg_strbuf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return -EFBIG;
	size_t need = b->len + extra + 1;
	if (b->max && need - 1 > b->max)
		return -EFBIG;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *n = realloc(b->buf, cap);
	if (!n)
		return -ENOMEM;
	b->buf = n;
	b->cap = cap;
	return 0;
}

int vg_strbuf_append(struct vg_strbuf *b, const char *s, size_t len)
{
	int r = grow(b, len);
	if (r < 0)
		return r;
	if (len)
		memcpy(b->buf + b->len, s, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int vg_strbuf_puts(struct vg_strbuf *b, const char *s)
{
	return vg_strbuf_append(b, s, strlen(s));
}

int vg_strbuf_putc(struct vg_strbuf *b, char c)
{
	return vg_strbuf_append(b, &c, 1);
}

int vg_strbuf_printf(struct vg_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	int r = n < 0 ? -EINVAL : grow(b, (size_t)n);
	if (r == 0) {
		vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
	return r;
}

void vg_strbuf_truncate(struct vg_strbuf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->buf[len] = '\0';
	}
}

const char *vg_strbuf_str(const struct vg_strbuf *b)
{
	return b->buf ? b->buf : "";
}
