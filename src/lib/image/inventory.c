/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inventory.c - the package inventory of an image: every analyzer over every layer, then only
 * what the merged filesystem still holds.
 *
 * One pass over the layers (bottom first). Each regular file some analyzer wants is read whole
 * (at most max_file_read) and analyzed into that layer's own inventory; a record remembers the
 * file, the layer and the range of packages it produced. Meanwhile a path table (hash map of
 * path -> node) follows the filesystem: per path the layer that last wrote it and its type, the
 * highest layer that whited it out, made it opaque or wrote a non-directory over it. A path
 * written at layer W is still visible at the end when
 *   - no whiteout of the path itself comes from a layer above W,
 *   - no ancestor was whited out, made opaque or replaced by a non-directory above W,
 * which applies whiteouts lazily (no subtree is ever walked, so a whiteout costs O(1) and a
 * query O(depth)). A package survives when its file's final owner is the layer it was found in:
 * a database replaced by a later layer brings only the later layer's packages, a deleted one
 * none. The surviving packages are merged in layer order and sorted.
 *
 * Hard links: a layer cannot be re-read, so a hardlink entry whose path an analyzer wants
 * counts as a copy of its target's packages (file = the link's path) when the target was a
 * wanted file earlier in the same layer (tar puts the data at the first name); a hardlink to
 * a file that no analyzer wanted is not analyzed. A hardlink entry that carries data (pax
 * allows it) is analyzed like a regular file.
 *
 * The OS comes from /etc/os-release (else /usr/lib/os-release), /etc/debian_version,
 * /etc/alpine-release and /etc/redhat-release of the merged filesystem. Release files (the
 * known names in /etc, /usr/lib and /lib, at most 64 KiB each, 4 MiB in all) are kept as they
 * stream past; symlinks (/etc/os-release -> ../usr/lib/os-release, /lib -> usr/lib) are
 * resolved lexically through the path table, clamped at the root, at most 40 hops. Packages of the OS types then get the OS's
 * ecosystem, language packages their ecosystem, and every package without one a purl.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"
#include "pkgdb/pkgdb.h"
#include "util/banned.h"

struct pnode {
	int32_t last;     /* layer that last wrote the path (-1: never written, only marked) */
	int32_t whiteout; /* highest layer deleting it (-1: none) */
	int32_t opaque;   /* highest layer making it opaque */
	int32_t nondir;   /* highest layer writing a non-directory at it */
	enum vg_entry_type type; /* of the last write */
	const char *link;        /* symlink target of the last write */
	const char *content;     /* release file content of the last write (NUL-terminated) */
	uint64_t size;           /* size of the last write */
};

struct record {
	const char *path;
	uint32_t layer;
	size_t from, to; /* packages in the layer inventory */
	bool dead;       /* the path was written again in the same layer */
};

struct inv_ctx {
	struct vg_image *img;
	struct vg_arena arena;     /* nodes, keys, records' paths, release contents */
	struct vg_strmap paths;    /* path -> struct pnode * */
	struct vg_strmap layer_recs; /* path -> record index + 1, for the current layer */
	uint32_t cur_layer;
	struct vg_inventory **linv; /* one per layer */
	struct record *recs;
	size_t nrecs, caprecs;
	struct vg_strbuf tmp;
	uint64_t os_bytes; /* release file bytes kept so far (VG_IMAGE_OS_BUDGET) */
	struct vg_inventory *out; /* the result; analyzer warnings go straight there */
};

static void inv_warn(void *userdata, const char *file, uint32_t line, const char *message)
{
	struct inv_ctx *c = userdata;
	if (vg_inventory_add_warning(c->out, file, line, message) < 0)
		return; /* out of memory for its text: it is still counted */
}

static struct pnode *node_get(struct inv_ctx *c, const char *path)
{
	return vg_strmap_get(&c->paths, path);
}

static int node_upsert(struct inv_ctx *c, const char *path, struct pnode **ret)
{
	void **slot;
	int r = vg_strmap_upsert(&c->paths, &c->arena, path, &slot);
	if (r < 0)
		return r;
	if (r == 1) {
		struct pnode *n = vg_arena_alloc(&c->arena, sizeof(*n));
		if (!n)
			return -ENOMEM;
		*n = (struct pnode){ .last = -1, .whiteout = -1, .opaque = -1, .nondir = -1 };
		*slot = n;
	}
	*ret = *slot;
	return 0;
}

static int32_t max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

/* Is @path, last written at layer @w, visible in the merged filesystem? */
static bool alive(struct inv_ctx *c, const char *path, int32_t w)
{
	struct pnode *self = node_get(c, path);
	if (self && self->whiteout > w)
		return false;
	struct pnode *root = node_get(c, "/");
	if (root && strcmp(path, "/") != 0 && root->opaque > w)
		return false;
	/* the proper ancestors "/a", "/a/b" of "/a/b/c" */
	vg_strbuf_reset(&c->tmp);
	if (vg_strbuf_puts(&c->tmp, path) < 0)
		return true;
	char *buf = c->tmp.buf;
	for (char *p = strchr(buf + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		struct pnode *n = node_get(c, buf);
		*p = '/';
		if (n && (n->whiteout > w || n->opaque > w || n->nondir > w))
			return false;
	}
	return true;
}

/* A release file worth keeping: a known name in /etc, /usr/lib or /lib (where the symlinks of
 * the release files point), at most 64 KiB. */
static bool os_candidate(const char *path, uint64_t size)
{
	static const char *const dirs[] = { "/etc/", "/usr/lib/", "/lib/" };
	static const char *const names[] = {
		"os-release",     "debian_version", "alpine-release",    "redhat-release",
		"centos-release", "rocky-release",  "almalinux-release", "fedora-release",
		"system-release", "oracle-release", "lsb-release",
	};
	if (size > VG_IMAGE_OS_FILE_MAX)
		return false;
	const char *base = NULL;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !base; i++)
		if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
			base = path + strlen(dirs[i]);
	if (!base)
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(base, names[i]) == 0)
			return true;
	return false;
}

static int add_record(struct inv_ctx *c, const char *path, uint32_t layer, size_t from,
		      struct record **ret)
{
	if (c->nrecs == c->caprecs) {
		size_t cap = c->caprecs ? c->caprecs * 2 : 64;
		struct record *n = realloc(c->recs, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		c->recs = n;
		c->caprecs = cap;
	}
	struct record *rec = &c->recs[c->nrecs];
	*rec = (struct record){ .layer = layer, .from = from, .to = from };
	rec->path = vg_arena_strdup(&c->arena, path);
	if (!rec->path)
		return -ENOMEM;
	void **slot;
	int r = vg_strmap_upsert(&c->layer_recs, &c->arena, path, &slot);
	if (r < 0)
		return r;
	if (*slot)
		c->recs[(uintptr_t)*slot - 1].dead = true;
	c->nrecs++;
	*slot = (void *)(uintptr_t)c->nrecs;
	*ret = rec;
	return 0;
}

static bool any_wants(const struct vg_entry *e, uint64_t size)
{
	for (size_t i = 0; vg_analyzers[i]; i++)
		if (vg_analyzers[i]->wants(e->path, e->mode, size))
			return true;
	return false;
}

static int analyze_file(struct inv_ctx *c, const struct vg_entry *e, struct vg_entry_reader *rd,
			struct pnode *n)
{
	bool wanted = any_wants(e, e->size);
	bool os = os_candidate(e->path, e->size) && e->size <= c->img->lim.max_file_read;
	if (!wanted && !os)
		return 0;
	unsigned char *buf;
	size_t len;
	int r = vg_entry_read_all(rd, &buf, &len);
	if (r < 0)
		return r;
	if (os && len <= VG_IMAGE_OS_FILE_MAX && c->os_bytes + len <= VG_IMAGE_OS_BUDGET) {
		c->os_bytes += len;
		n->content = vg_arena_strndup(&c->arena, (const char *)buf, len);
		if (!n->content) {
			r = -ENOMEM;
			goto out;
		}
	}
	if (wanted) {
		struct vg_inventory *inv = c->linv[e->layer];
		struct record *rec;
		r = add_record(c, e->path, e->layer, vg_inventory_count(inv), &rec);
		if (r < 0)
			goto out;
		const char *diff_id = c->img->layers[e->layer].diff_id;
		for (size_t i = 0; vg_analyzers[i]; i++) {
			const struct vg_analyzer *a = vg_analyzers[i];
			if (!a->wants(e->path, e->mode, e->size))
				continue;
			struct vg_analyze_ctx actx = {
				.inv = inv, .file = rec->path, .layer = diff_id,
				.warn = inv_warn, .warn_userdata = c,
			};
			r = a->analyze(&actx, rec->path, buf, len);
			if (r < 0) {
				vg_entry_reader_fail(rd, r, "%s analyzer: %s", a->name, strerror(-r));
				goto out;
			}
		}
		rec->to = vg_inventory_count(inv);
	}
	r = 0;
out:
	free(buf);
	return r;
}

/* A hardlink: the target's packages (and release content) under the link's name. */
static int analyze_hardlink(struct inv_ctx *c, const struct vg_entry *e, struct pnode *n)
{
	struct pnode *t = node_get(c, e->link);
	if (!t || t->last != (int32_t)e->layer)
		return 0;
	n->size = t->size;
	if (t->content && os_candidate(e->path, t->size)) {
		n->content = t->content;
	}
	uintptr_t ri = (uintptr_t)vg_strmap_get(&c->layer_recs, e->link);
	if (!ri || c->recs[ri - 1].dead || !any_wants(e, t->size))
		return 0;
	struct vg_inventory *inv = c->linv[e->layer];
	size_t from = c->recs[ri - 1].from, to = c->recs[ri - 1].to;
	struct record *rec;
	int r = add_record(c, e->path, e->layer, vg_inventory_count(inv), &rec);
	if (r < 0)
		return r;
	for (size_t i = from; i < to; i++) {
		struct vg_pkg p = *vg_inventory_get(inv, i);
		p.file = rec->path;
		r = vg_inventory_add(inv, &p);
		if (r < 0)
			return r;
	}
	rec->to = vg_inventory_count(inv);
	return 0;
}

static int inv_cb(const struct vg_entry *e, struct vg_entry_reader *rd, void *userdata)
{
	struct inv_ctx *c = userdata;
	int32_t L = (int32_t)e->layer;
	if (e->layer != c->cur_layer) {
		vg_strmap_release(&c->layer_recs);
		vg_strmap_init(&c->layer_recs);
		c->cur_layer = e->layer;
	}
	struct pnode *n;
	int r = node_upsert(c, e->path, &n);
	if (r < 0)
		return r;
	switch (e->type) {
	case VG_ENTRY_WHITEOUT:
		n->whiteout = max32(n->whiteout, L);
		return 0;
	case VG_ENTRY_OPAQUE:
		n->opaque = max32(n->opaque, L);
		return 0;
	default:
		break;
	}
	n->last = L;
	n->type = e->type;
	n->link = NULL;
	n->content = NULL;
	n->size = e->size;
	if (e->type != VG_ENTRY_DIR)
		n->nondir = max32(n->nondir, L);
	switch (e->type) {
	case VG_ENTRY_SYMLINK:
		n->link = vg_arena_strdup(&c->arena, e->link ? e->link : "");
		return n->link ? 0 : -ENOMEM;
	case VG_ENTRY_FILE:
		return analyze_file(c, e, rd, n);
	case VG_ENTRY_HARDLINK:
		/* a pax hardlink may carry its own copy of the data */
		return e->size ? analyze_file(c, e, rd, n) : analyze_hardlink(c, e, n);
	default:
		return 0;
	}
}

/* Resolve @path through the merged filesystem's symlinks to a release file's content. */
static const char *resolve_content(struct inv_ctx *c, const char *path)
{
	struct vg_strbuf cur = VG_STRBUF_INIT, todo = VG_STRBUF_INIT, next = VG_STRBUF_INIT;
	const char *result = NULL;
	int hops = 0;
	if (vg_strbuf_puts(&todo, path) < 0)
		goto out;
	size_t pos = 0;
	while (pos < todo.len) {
		while (pos < todo.len && todo.buf[pos] == '/')
			pos++;
		size_t end = pos;
		while (end < todo.len && todo.buf[end] != '/')
			end++;
		size_t clen = end - pos;
		const char *comp = todo.buf + pos;
		if (clen == 0 || (clen == 1 && comp[0] == '.')) {
			pos = end;
			continue;
		}
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			char *s = cur.len ? strrchr(cur.buf, '/') : NULL;
			if (s)
				vg_strbuf_truncate(&cur, (size_t)(s - cur.buf));
			pos = end;
			continue;
		}
		size_t before = cur.len;
		if (vg_strbuf_putc(&cur, '/') < 0 || vg_strbuf_append(&cur, comp, clen) < 0)
			goto out;
		struct pnode *n = node_get(c, cur.buf);
		if (n && n->last >= 0 && n->type == VG_ENTRY_SYMLINK && alive(c, cur.buf, n->last)) {
			if (++hops > VG_IMAGE_MAX_LINK_HOPS)
				goto out;
			vg_strbuf_truncate(&cur, before);
			vg_strbuf_reset(&next);
			if (vg_strbuf_puts(&next, n->link) < 0 || vg_strbuf_putc(&next, '/') < 0 ||
			    vg_strbuf_append(&next, todo.buf + end, todo.len - end) < 0)
				goto out;
			if (n->link[0] == '/')
				vg_strbuf_reset(&cur);
			if (next.len > 64 * 1024)
				goto out;
			struct vg_strbuf t = todo;
			todo = next;
			next = t;
			pos = 0;
			continue;
		}
		pos = end;
	}
	if (cur.len == 0)
		goto out;
	struct pnode *n = node_get(c, cur.buf);
	if (n && n->last >= 0 && n->content &&
	    (n->type == VG_ENTRY_FILE || n->type == VG_ENTRY_HARDLINK) && alive(c, cur.buf, n->last))
		result = n->content;
out:
	vg_strbuf_release(&cur);
	vg_strbuf_release(&todo);
	vg_strbuf_release(&next);
	return result;
}

static int finish(struct inv_ctx *c, struct vg_inventory *out)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct record *rec = &c->recs[i];
		if (rec->dead || rec->from == rec->to)
			continue;
		struct pnode *n = node_get(c, rec->path);
		if (!n || n->last != (int32_t)rec->layer ||
		    (n->type != VG_ENTRY_FILE && n->type != VG_ENTRY_HARDLINK) ||
		    !alive(c, rec->path, n->last))
			continue;
		int r = vg_inventory_append_range(out, c->linv[rec->layer], rec->from, rec->to);
		if (r < 0)
			return r;
	}

	const char *osr = resolve_content(c, "/etc/os-release");
	if (!osr)
		osr = resolve_content(c, "/usr/lib/os-release");
	const char *deb = resolve_content(c, "/etc/debian_version");
	const char *alp = resolve_content(c, "/etc/alpine-release");
	const char *rh = resolve_content(c, "/etc/redhat-release");
	struct vg_os os;
	int r = vg_os_detect(&c->arena, osr, deb, alp, rh, &os);
	if (r < 0)
		return r;
	const struct vg_os *osp = os.id ? &os : NULL;
	if (osp) {
		r = vg_inventory_set_os(out, osp);
		if (r < 0)
			return r;
	}
	char small[512];
	for (size_t i = 0; i < vg_inventory_count(out); i++) {
		struct vg_pkg *p = vg_inventory_at(out, i);
		if (!p->ecosystem) {
			const char *eco = vg_pkg_default_ecosystem(p->type, osp);
			if (eco && !(p->ecosystem = vg_inventory_strdup(out, eco)))
				return -ENOMEM;
		}
		if (!p->purl && p->name && *p->name) {
			size_t need = vg_purl_format(p, osp, small, sizeof(small));
			if (need < sizeof(small)) {
				p->purl = vg_inventory_strdup(out, small);
			} else {
				char *big = malloc(need + 1);
				if (!big)
					return -ENOMEM;
				vg_purl_format(p, osp, big, need + 1);
				p->purl = vg_inventory_strdup(out, big);
				free(big);
			}
			if (!p->purl)
				return -ENOMEM;
		}
	}
	vg_inventory_sort(out);
	return 0;
}

int vg_image_inventory(struct vg_image *img, const struct vg_progress *progress,
		       struct vg_inventory **ret_inv, struct vg_diag *ret_diag)
{
	vg_diag_clear(ret_diag);
	if (!img || !ret_inv)
		return -EINVAL;
	struct inv_ctx c = { .img = img };
	struct vg_inventory *out = NULL;
	vg_arena_init(&c.arena, 0);
	vg_strmap_init(&c.paths);
	vg_strmap_init(&c.layer_recs);
	vg_strbuf_init(&c.tmp, 0);
	int r = -ENOMEM;
	size_t nl = img->nlayers;
	c.linv = calloc(nl ? nl : 1, sizeof(*c.linv));
	if (!c.linv)
		goto out;
	for (size_t i = 0; i < nl; i++)
		if ((r = vg_inventory_new(&c.linv[i])) < 0)
			goto out;
	r = vg_inventory_new(&out);
	if (r < 0)
		goto out;
	c.out = out;
	r = vg_image_walk(img, inv_cb, &c, progress, ret_diag);
	if (r < 0)
		goto out;
	r = finish(&c, out);
	if (r < 0) {
		vg_diag_set(ret_diag, VG_DIAG_IO, img->path, 0, 0, "inventory: %s", strerror(-r));
		goto out;
	}
	*ret_inv = out;
	out = NULL;
	r = 0;
out:
	vg_inventory_free(out);
	if (c.linv)
		for (size_t i = 0; i < nl; i++)
			vg_inventory_free(c.linv[i]);
	free(c.linv);
	free(c.recs);
	vg_strmap_release(&c.paths);
	vg_strmap_release(&c.layer_recs);
	vg_strbuf_release(&c.tmp);
	vg_arena_release(&c.arena);
	return r;
}
