/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strmap.c - a string-keyed hash map (FNV-1a, open addressing with linear probing, grown at
 * 70% load) and lexical path normalisation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"
#include "util/banned.h"

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

void vg_strmap_init(struct vg_strmap *m)
{
	m->tab = NULL;
	m->cap = 0;
	m->count = 0;
}

void vg_strmap_release(struct vg_strmap *m)
{
	if (!m)
		return;
	free(m->tab);
	vg_strmap_init(m);
}

static struct vg_strmap_ent *find(const struct vg_strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct vg_strmap_ent *e = &m->tab[i];
		if (!e->key || (e->hash == h && strcmp(e->key, key) == 0))
			return e;
	}
}

void *vg_strmap_get(const struct vg_strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	struct vg_strmap_ent *e = find(m, key, fnv1a(key));
	return e->key ? e->val : NULL;
}

static int grow(struct vg_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	if (cap > SIZE_MAX / sizeof(struct vg_strmap_ent))
		return -ENOMEM;
	struct vg_strmap_ent *tab = calloc(cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	struct vg_strmap old = *m;
	m->tab = tab;
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.tab[i].key)
			*find(m, old.tab[i].key, old.tab[i].hash) = old.tab[i];
	free(old.tab);
	return 0;
}

int vg_strmap_upsert(struct vg_strmap *m, struct vg_arena *keys, const char *key, void ***ret_val)
{
	if ((m->count + 1) * 10 > m->cap * 7) {
		int r = grow(m);
		if (r < 0)
			return r;
	}
	uint64_t h = fnv1a(key);
	struct vg_strmap_ent *e = find(m, key, h);
	if (e->key) {
		*ret_val = &e->val;
		return 0;
	}
	char *k = vg_arena_strdup(keys, key);
	if (!k)
		return -ENOMEM;
	e->key = k;
	e->hash = h;
	e->val = NULL;
	m->count++;
	*ret_val = &e->val;
	return 1;
}

/* ---- paths ----------------------------------------------------------------------------------- */

int vg_path_normalize(const char *raw, size_t len, size_t max, struct vg_strbuf *out)
{
	vg_strbuf_reset(out);
	if (max && len > max)
		return -ENAMETOOLONG;
	if (memchr(raw, '\0', len))
		return -EINVAL;
	int r = vg_strbuf_putc(out, '/');
	size_t i = 0;
	while (r == 0 && i < len) {
		while (i < len && raw[i] == '/')
			i++;
		size_t j = i;
		while (j < len && raw[j] != '/')
			j++;
		size_t n = j - i;
		if (n == 0 || (n == 1 && raw[i] == '.')) {
			/* empty or "." */
		} else if (n == 2 && raw[i] == '.' && raw[i + 1] == '.') {
			/* "..": back to the previous '/', never above the root */
			size_t k = out->len;
			while (k > 1 && out->buf[k - 1] != '/')
				k--;
			vg_strbuf_truncate(out, k > 1 ? k - 1 : 1);
		} else {
			if (out->len > 1)
				r = vg_strbuf_putc(out, '/');
			if (r == 0)
				r = vg_strbuf_append(out, raw + i, n);
		}
		i = j;
	}
	return r;
}

int vg_path_join_link(const char *link_path, const char *target, size_t max, struct vg_strbuf *out)
{
	if (target[0] == '/')
		return vg_path_normalize(target, strlen(target), max, out);
	const char *slash = strrchr(link_path, '/');
	size_t dlen = slash ? (size_t)(slash - link_path) : 0;
	struct vg_strbuf tmp = VG_STRBUF_INIT;
	int r = vg_strbuf_append(&tmp, link_path, dlen);
	if (r == 0)
		r = vg_strbuf_putc(&tmp, '/');
	if (r == 0)
		r = vg_strbuf_puts(&tmp, target);
	if (r == 0)
		r = vg_path_normalize(vg_strbuf_str(&tmp), tmp.len, max, out);
	vg_strbuf_release(&tmp);
	return r;
}
