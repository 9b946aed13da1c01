/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.c - the compiled matchers behind list operators: a string hash set (in, intersects,
 * = anyof), a sorted number set, byte tries (startswith / endswith anyof), an Aho-Corasick DFA
 * over a compressed alphabet (contains / icontains anyof) and libs' path prefix search (pmatch).
 * Everything is built once into the program's arena; matching allocates nothing.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

static inline unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool vg_icontains(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0)
		return true;
	if (nl > hl)
		return false;
	unsigned char f = lower((unsigned char)n[0]);
	for (size_t i = 0; i + nl <= hl; i++) {
		if (lower((unsigned char)h[i]) != f)
			continue;
		size_t k = 1;
		while (k < nl && lower((unsigned char)h[i + k]) == lower((unsigned char)n[k]))
			k++;
		if (k == nl)
			return true;
	}
	return false;
}

/* ---- string set --------------------------------------------------------------------------- */

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

int vg_strset_build(struct vg_arena *a, const struct vg_str *items, size_t n,
		    struct vg_strset *ret)
{
	uint32_t cap = 8;
	while (cap < n * 2 + 1) {
		if (cap > (1u << 30))
			return -EFBIG;
		cap <<= 1;
	}
	struct vg_str *slots = vg_arena_zalloc(a, cap * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	struct vg_strset s = { slots, cap, 0, SIZE_MAX, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct vg_str *it = &items[i];
		uint32_t h = (uint32_t)fnv1a(it->ptr, it->len) & (cap - 1);
		bool dup = false;
		while (slots[h].ptr) {
			if (slots[h].len == it->len && memcmp(slots[h].ptr, it->ptr, it->len) == 0) {
				dup = true;
				break;
			}
			h = (h + 1) & (cap - 1);
		}
		if (dup)
			continue;
		char *copy = vg_arena_strndup(a, it->ptr ? it->ptr : "", it->len);
		if (!copy)
			return -ENOMEM;
		slots[h].ptr = copy;
		slots[h].len = it->len;
		s.count++;
		if (it->len < s.minlen)
			s.minlen = it->len;
		if (it->len > s.maxlen)
			s.maxlen = it->len;
	}
	*ret = s;
	return 0;
}

bool vg_strset_has(const struct vg_strset *s, const char *p, size_t len)
{
	if (s->count == 0 || len < s->minlen || len > s->maxlen)
		return false;
	uint32_t h = (uint32_t)fnv1a(p, len) & (s->cap - 1);
	while (s->slots[h].ptr) {
		if (s->slots[h].len == len && memcmp(s->slots[h].ptr, p, len) == 0)
			return true;
		h = (h + 1) & (s->cap - 1);
	}
	return false;
}

/* ---- number set --------------------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int vg_numset_build(struct vg_arena *a, const uint64_t *items, size_t n, struct vg_numset *ret)
{
	uint64_t *v = vg_arena_alloc(a, (n ? n : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (n)
		memcpy(v, items, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	ret->v = v;
	ret->count = (uint32_t)k;
	return 0;
}

bool vg_numset_has(const struct vg_numset *s, uint64_t x)
{
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid] == x)
			return true;
		if (s->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---- byte trie ---------------------------------------------------------------------------- */

struct grow {
	void *v;
	size_t n, cap, elem;
};

static void *grow_push(struct grow *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		void *nv = realloc(g->v, cap * g->elem);
		if (!nv)
			return NULL;
		g->v = nv;
		g->cap = cap;
	}
	void *p = (char *)g->v + g->n * g->elem;
	memset(p, 0, g->elem);
	g->n++;
	return p;
}

int vg_trie_build(struct vg_arena *a, const struct vg_str *items, size_t n, bool reverse,
		  struct vg_trie *ret)
{
	struct grow g = { NULL, 0, 0, sizeof(struct vg_trie_node) };
	struct vg_trie t = { 0 };
	int r = -ENOMEM;
	if (!grow_push(&g)) /* root */
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct vg_str *it = &items[i];
		if (it->len == 0) {
			t.has_empty = true;
			continue;
		}
		uint32_t cur = 0;
		for (size_t k = 0; k < it->len; k++) {
			uint8_t b = (uint8_t)it->ptr[reverse ? it->len - 1 - k : k];
			struct vg_trie_node *nodes = g.v;
			uint32_t c = nodes[cur].first_child;
			while (c && nodes[c].byte != b)
				c = nodes[c].next;
			if (!c) {
				if (g.n >= UINT32_MAX - 1) {
					r = -EFBIG;
					goto out;
				}
				if (!grow_push(&g))
					goto out;
				nodes = g.v;
				c = (uint32_t)(g.n - 1);
				nodes[c].byte = b;
				nodes[c].next = nodes[cur].first_child;
				nodes[cur].first_child = c;
			}
			cur = c;
		}
		((struct vg_trie_node *)g.v)[cur].terminal = true;
	}
	struct vg_trie_node *out = vg_arena_alloc(a, g.n * sizeof(*out));
	if (!out)
		goto out;
	memcpy(out, g.v, g.n * sizeof(*out));
	t.nodes = out;
	t.count = (uint32_t)g.n;
	*ret = t;
	r = 0;
out:
	free(g.v);
	return r;
}

bool vg_trie_match(const struct vg_trie *t, const char *p, size_t len, bool reverse)
{
	if (t->has_empty)
		return true;
	uint32_t cur = 0;
	for (size_t k = 0; k < len; k++) {
		uint8_t b = (uint8_t)p[reverse ? len - 1 - k : k];
		uint32_t c = t->nodes[cur].first_child;
		while (c && t->nodes[c].byte != b)
			c = t->nodes[c].next;
		if (!c)
			return false;
		if (t->nodes[c].terminal)
			return true;
		cur = c;
	}
	return false;
}

/* ---- Aho-Corasick ------------------------------------------------------------------------- */

/* Alphabet: class 0 is "a byte no pattern uses"; the class map sits in front of delta. */
#define AC_MAX_CELLS (8u * 1024u * 1024u)

int vg_ac_build(struct vg_arena *a, const struct vg_str *items, size_t n, bool fold,
		struct vg_ac *ret)
{
	uint8_t cls[256];
	unsigned ncls = 1;
	size_t total = 1;
	struct vg_ac ac = { 0 };
	memset(cls, 0, sizeof(cls));
	ac.fold = fold;
	for (size_t i = 0; i < n; i++) {
		if (items[i].len == 0)
			ac.has_empty = true;
		total += items[i].len;
		for (size_t k = 0; k < items[i].len; k++) {
			unsigned char b = (unsigned char)items[i].ptr[k];
			if (fold)
				b = lower(b);
			if (!cls[b])
				cls[b] = (uint8_t)ncls++;
		}
	}
	if (fold)
		for (unsigned c = 'A'; c <= 'Z'; c++)
			cls[c] = cls[c + 32];
	if (total > UINT32_MAX / 2 || total * ncls > AC_MAX_CELLS)
		return -EFBIG;
	uint32_t states = 1;
	/* goto function as a full table over classes; -1 = none */
	int32_t *go = malloc(total * ncls * sizeof(*go));
	uint8_t *acc = calloc(total, 1);
	uint32_t *fail = calloc(total, sizeof(*fail));
	uint32_t *queue = malloc(total * sizeof(*queue));
	int r = -ENOMEM;
	if (!go || !acc || !fail || !queue)
		goto out;
	for (size_t i = 0; i < total * ncls; i++)
		go[i] = -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = 0;
		for (size_t k = 0; k < items[i].len; k++) {
			unsigned char b = (unsigned char)items[i].ptr[k];
			unsigned c = cls[fold ? lower(b) : b];
			if (go[s * ncls + c] < 0)
				go[s * ncls + c] = (int32_t)states++;
			s = (uint32_t)go[s * ncls + c];
		}
		acc[s] = 1;
	}
	/* BFS: failure links, and turn go into the full DFA */
	size_t qh = 0, qt = 0;
	for (unsigned c = 0; c < ncls; c++) {
		int32_t t = go[c];
		if (t < 0) {
			go[c] = 0;
		} else {
			fail[t] = 0;
			queue[qt++] = (uint32_t)t;
		}
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		acc[s] |= acc[fail[s]];
		for (unsigned c = 0; c < ncls; c++) {
			int32_t t = go[s * ncls + c];
			if (t < 0) {
				go[s * ncls + c] = go[fail[s] * ncls + c];
			} else {
				fail[t] = (uint32_t)go[fail[s] * ncls + c];
				queue[qt++] = (uint32_t)t;
			}
		}
	}
	size_t cells = (size_t)states * ncls;
	int32_t *delta = vg_arena_alloc(a, 256 + cells * sizeof(*delta));
	uint8_t *accept = vg_arena_alloc(a, states);
	if (!delta || !accept)
		goto out;
	memcpy(delta, cls, 256); /* class map first, then the table */
	memcpy((uint8_t *)delta + 256, go, cells * sizeof(*delta));
	memcpy(accept, acc, states);
	ac.delta = delta;
	ac.accept = accept;
	ac.stride = ncls;
	*ret = ac;
	r = 0;
out:
	free(go);
	free(acc);
	free(fail);
	free(queue);
	return r;
}

bool vg_ac_match(const struct vg_ac *ac, const char *p, size_t len)
{
	if (ac->has_empty)
		return true;
	const uint8_t *cls = (const uint8_t *)ac->delta;
	const int32_t *go = (const int32_t *)((const uint8_t *)ac->delta + 256);
	uint32_t stride = ac->stride;
	int32_t s = 0;
	for (size_t i = 0; i < len; i++) {
		s = go[(uint32_t)s * stride + cls[(unsigned char)p[i]]];
		if (ac->accept[s])
			return true;
	}
	return false;
}

/* ---- path prefix search (pmatch) ---------------------------------------------------------- */

static bool has_glob(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '?' || s[i] == '*' || s[i] == '[')
			return true;
	return false;
}

int vg_pmatch_build(struct vg_arena *a, const struct vg_str *items, size_t n,
		    struct vg_pmatch *ret)
{
	struct grow g = { NULL, 0, 0, sizeof(struct vg_pm_node) };
	int r = -ENOMEM;
	if (!grow_push(&g)) /* root ("root" component) */
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *p = items[i].ptr;
		size_t len = items[i].len, k = 0;
		uint32_t cur = 0;
		bool cut = false;
		while (k < len) {
			while (k < len && p[k] == '/')
				k++;
			if (k >= len)
				break;
			size_t s = k;
			while (k < len && p[k] != '/')
				k++;
			struct vg_pm_node *nodes = g.v;
			if (nodes[cur].terminal) {
				cut = true; /* a shorter search path already covers this one */
				break;
			}
			uint32_t c = nodes[cur].first_child;
			while (c && !(nodes[c].comp.len == k - s &&
				      memcmp(nodes[c].comp.ptr, p + s, k - s) == 0))
				c = nodes[c].next;
			if (!c) {
				char *copy = vg_arena_strndup(a, p + s, k - s);
				if (!copy || !grow_push(&g))
					goto out;
				nodes = g.v;
				c = (uint32_t)(g.n - 1);
				nodes[c].comp.ptr = copy;
				nodes[c].comp.len = k - s;
				nodes[c].glob = has_glob(copy, k - s);
				nodes[c].next = nodes[cur].first_child;
				nodes[cur].first_child = c;
			}
			cur = c;
		}
		if (!cut) {
			struct vg_pm_node *nodes = g.v;
			nodes[cur].terminal = true;
			nodes[cur].first_child = 0; /* this path is a prefix of everything below */
		}
	}
	struct vg_pm_node *out = vg_arena_alloc(a, g.n * sizeof(*out));
	if (!out)
		goto out;
	memcpy(out, g.v, g.n * sizeof(*out));
	ret->nodes = out;
	ret->count = (uint32_t)g.n;
	r = 0;
out:
	free(g.v);
	return r;
}

struct comp {
	const char *p; /* NUL-terminated in the split buffer */
	size_t len;
};

static bool pm_match(const struct vg_pmatch *pm, uint32_t node, const struct comp *c, size_t i,
		     size_t nc, unsigned depth)
{
	if (depth > 4096)
		return false;
	/* direct children first, then glob children (libs' order) */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t k = pm->nodes[node].first_child; k; k = pm->nodes[k].next) {
			const struct vg_pm_node *ch = &pm->nodes[k];
			if (ch->glob != (pass == 1))
				continue;
			bool hit = pass == 0 ? (ch->comp.len == c[i].len &&
						memcmp(ch->comp.ptr, c[i].p, c[i].len) == 0)
					     : fnmatch(ch->comp.ptr, c[i].p, 0) == 0;
			if (!hit)
				continue;
			if (ch->terminal)
				return true;
			if (i + 1 < nc && pm_match(pm, k, c, i + 1, nc, depth + 1))
				return true;
		}
	}
	return false;
}

#define PM_MAX_COMPONENTS 512
#define PM_MAX_PATH 4096

bool vg_pmatch_match(const struct vg_pmatch *pm, const char *p, size_t len)
{
	if (pm->count == 0)
		return false;
	if (pm->nodes[0].terminal) /* "/" is a prefix of every path */
		return true;
	if (len > PM_MAX_PATH)
		return false;
	char buf[PM_MAX_PATH + 1];
	struct comp comps[PM_MAX_COMPONENTS];
	size_t nc = 0, k = 0;
	memcpy(buf, p, len);
	buf[len] = '\0';
	while (k < len) {
		while (k < len && buf[k] == '/')
			buf[k++] = '\0';
		if (k >= len)
			break;
		if (nc == PM_MAX_COMPONENTS)
			return false;
		comps[nc].p = buf + k;
		size_t s = k;
		while (k < len && buf[k] != '/')
			k++;
		comps[nc].len = k - s;
		nc++;
		if (k < len)
			buf[k++] = '\0';
	}
	if (nc == 0)
		return false;
	return pm_match(pm, 0, comps, 0, nc, 0);
}
