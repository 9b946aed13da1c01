/* SPDX-License-Identifier: Apache-2.0 */
#include "util/path.h"

/* Append the segments of @p to the absolute path in @b ("" is the root), resolving "." and
 * ".." lexically. */
static int push_segments(struct vg_strbuf *b, const char *p)
{
	int r = 0;
	while (r == 0 && *p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			size_t k = b->len;
			while (k > 0 && b->buf[k - 1] != '/')
				k--;
			vg_strbuf_truncate(b, k ? k - 1 : 0);
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			r = vg_strbuf_putc(b, '/');
			if (r == 0)
				r = vg_strbuf_append(b, p, n);
		}
		p = e;
	}
	return r;
}

int vg_path_lexical_abs(const char *cwd, const char *p, struct vg_strbuf *b)
{
	vg_strbuf_reset(b);
	int r = vg_strbuf_append(b, "", 0);
	if (r == 0 && p[0] != '/')
		r = push_segments(b, cwd);
	if (r == 0)
		r = push_segments(b, p);
	return r;
}
