/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkg.c - the package inventory (one arena for every string), package URLs and PyPI names.
 *
 * Package URLs follow the purl specification (package-url/purl-spec): type and namespace in
 * lowercase where the type says so, every component percent-encoded except alphanumerics,
 * ".-_~" and ':', qualifiers sorted by key and dropped when empty. Per type:
 *   deb     pkg:deb/<os id|debian>/<name>@<version with epoch>?arch=&distro=<id>-<version>
 *   apk     pkg:apk/<os id|alpine>/<name>@<version>?arch=&distro=<id>-<version>
 *   rpm     pkg:rpm/<vendor>/<name>@<version-release>?arch=&distro=&epoch=   (epoch split off)
 *   golang  pkg:golang/<module path, lowercased>@<version>; the toolchain as pkg:golang/stdlib@V
 *   npm     pkg:npm/%40scope/name@V
 *   pypi    pkg:pypi/<PEP 503 name>@V
 *   maven   pkg:maven/<group>/<artifact>@V
 *   cargo   pkg:cargo/<name>@V
 * The deb version keeps its epoch ("pkg:deb/debian/attr@1:2.4.47-2%2Bb1", the spec's own
 * example); rpm moves it to the epoch qualifier as its type definition asks.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"
#include "vigil/pkg.h"
#include "util/arena.h"
#include "util/banned.h"

struct vg_inventory {
	struct vg_arena arena;
	struct vg_pkg *pkgs; /* malloc'd */
	size_t count, cap;
	bool has_os;
	struct vg_os os;
	struct vg_inventory_warning warnings[VG_INVENTORY_MAX_WARNINGS];
	size_t nwarnings;
};

static const char *const type_names[VG_PKG_TYPE_COUNT] = {
	[VG_PKG_DPKG] = "dpkg",     [VG_PKG_APK] = "apk",     [VG_PKG_RPM] = "rpm",
	[VG_PKG_GOBINARY] = "gobinary", [VG_PKG_NPM] = "npm", [VG_PKG_PYTHON] = "python",
	[VG_PKG_JAR] = "jar",       [VG_PKG_CARGO] = "cargo", [VG_PKG_OTHER] = "other",
};

const char *vg_pkg_type_name(enum vg_pkg_type t)
{
	if ((unsigned)t >= VG_PKG_TYPE_COUNT)
		return "other";
	return type_names[t];
}

int vg_inventory_new(struct vg_inventory **ret_inv)
{
	struct vg_inventory *inv = calloc(1, sizeof(*inv));
	if (!inv)
		return -ENOMEM;
	vg_arena_init(&inv->arena, 0);
	*ret_inv = inv;
	return 0;
}

void vg_inventory_free(struct vg_inventory *inv)
{
	if (!inv)
		return;
	vg_arena_release(&inv->arena);
	free(inv->pkgs);
	free(inv);
}

const char *vg_inventory_strdup(struct vg_inventory *inv, const char *s)
{
	return s ? vg_arena_strdup(&inv->arena, s) : NULL;
}

/* Copy one string field; false on allocation failure. */
static bool dup_field(struct vg_inventory *inv, const char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return true;
	*dst = vg_arena_strdup(&inv->arena, src);
	return *dst != NULL;
}

int vg_inventory_add(struct vg_inventory *inv, const struct vg_pkg *p)
{
	if (!inv || !p)
		return -EINVAL;
	if (inv->count == inv->cap) {
		size_t cap = inv->cap ? inv->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof(*inv->pkgs))
			return -ENOMEM;
		struct vg_pkg *n = realloc(inv->pkgs, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		inv->pkgs = n;
		inv->cap = cap;
	}
	struct vg_pkg c = { .type = p->type };
	if (!dup_field(inv, &c.name, p->name) || !dup_field(inv, &c.version, p->version) ||
	    !dup_field(inv, &c.ecosystem, p->ecosystem) || !dup_field(inv, &c.purl, p->purl) ||
	    !dup_field(inv, &c.src_name, p->src_name) ||
	    !dup_field(inv, &c.src_version, p->src_version) || !dup_field(inv, &c.arch, p->arch) ||
	    !dup_field(inv, &c.licenses, p->licenses) ||
	    !dup_field(inv, &c.supplier, p->supplier) || !dup_field(inv, &c.file, p->file) ||
	    !dup_field(inv, &c.layer, p->layer))
		return -ENOMEM;
	inv->pkgs[inv->count++] = c;
	return 0;
}

int vg_inventory_append_range(struct vg_inventory *dst, const struct vg_inventory *src, size_t from,
			      size_t to)
{
	if (to > src->count)
		to = src->count;
	for (size_t i = from; i < to; i++) {
		int r = vg_inventory_add(dst, &src->pkgs[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

int vg_inventory_set_os(struct vg_inventory *inv, const struct vg_os *os)
{
	if (!inv || !os)
		return -EINVAL;
	struct vg_os c;
	struct vg_arena *a = &inv->arena;
#define DUP(f)                                               \
	do {                                                 \
		c.f = os->f ? vg_arena_strdup(a, os->f) : NULL; \
		if (os->f && !c.f)                           \
			return -ENOMEM;                      \
	} while (0)
	DUP(id);
	DUP(version_id);
	DUP(version);
	DUP(codename);
	DUP(pretty_name);
	DUP(ecosystem);
#undef DUP
	inv->os = c;
	inv->has_os = true;
	return 0;
}

const struct vg_os *vg_inventory_os(const struct vg_inventory *inv)
{
	return inv && inv->has_os ? &inv->os : NULL;
}

size_t vg_inventory_count(const struct vg_inventory *inv)
{
	return inv ? inv->count : 0;
}

const struct vg_pkg *vg_inventory_get(const struct vg_inventory *inv, size_t i)
{
	return inv && i < inv->count ? &inv->pkgs[i] : NULL;
}

struct vg_pkg *vg_inventory_at(struct vg_inventory *inv, size_t i)
{
	return inv && i < inv->count ? &inv->pkgs[i] : NULL;
}

static int cmp_str(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int cmp_pkg(const void *pa, const void *pb)
{
	const struct vg_pkg *a = pa, *b = pb;
	int c;
	if ((c = cmp_str(a->ecosystem, b->ecosystem)) || (c = cmp_str(a->name, b->name)) ||
	    (c = cmp_str(a->version, b->version)) || (c = cmp_str(a->file, b->file)))
		return c;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	/* the rest only makes the order total, so that sorting is deterministic */
	if ((c = cmp_str(a->arch, b->arch)) || (c = cmp_str(a->layer, b->layer)) ||
	    (c = cmp_str(a->purl, b->purl)) || (c = cmp_str(a->src_name, b->src_name)) ||
	    (c = cmp_str(a->src_version, b->src_version)) ||
	    (c = cmp_str(a->licenses, b->licenses)))
		return c;
	return cmp_str(a->supplier, b->supplier);
}

void vg_inventory_sort(struct vg_inventory *inv)
{
	if (inv && inv->count > 1)
		qsort(inv->pkgs, inv->count, sizeof(*inv->pkgs), cmp_pkg);
}

void vg_inventory_drop_file(struct vg_inventory *inv, const char *file)
{
	if (!inv || !file)
		return;
	size_t o = 0;
	for (size_t i = 0; i < inv->count; i++) {
		if (inv->pkgs[i].file && strcmp(inv->pkgs[i].file, file) == 0)
			continue;
		inv->pkgs[o++] = inv->pkgs[i];
	}
	inv->count = o;
}

/* ---- PyPI names ------------------------------------------------------------------------------ */

size_t vg_pypi_normalize(const char *name, char *buf, size_t cap)
{
	size_t n = 0;
	bool sep = false;
	for (const char *p = name ? name : ""; *p; p++) {
		char c = *p;
		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep) {
			if (n + 1 < cap)
				buf[n] = '-';
			n++;
			sep = false;
		}
		if (n + 1 < cap)
			buf[n] = (char)tolower((unsigned char)c);
		n++;
	}
	if (sep) {
		if (n + 1 < cap)
			buf[n] = '-';
		n++;
	}
	if (cap)
		buf[n < cap ? n : cap - 1] = '\0';
	return n;
}

/* ---- package URLs ---------------------------------------------------------------------------- */

struct out {
	char *buf;
	size_t cap;
	size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, o->len++)
		if (o->len + 1 < o->cap)
			o->buf[o->len] = s[i];
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static bool unreserved(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

/* Percent-encode @n bytes of @s (lowercased when @lower). */
static void enc(struct out *o, const char *s, size_t n, bool lower)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && unreserved(c)) {
			char ch = lower ? (char)tolower(c) : (char)c;
			put(o, &ch, 1);
		} else {
			char t[3] = { '%', hex[c >> 4], hex[c & 15] };
			put(o, t, 3);
		}
	}
}

static void enc_s(struct out *o, const char *s, bool lower)
{
	enc(o, s, strlen(s), lower);
}

/* Each '/'-separated segment of @ns encoded, empty segments dropped. */
static void enc_segments(struct out *o, const char *ns, size_t n, bool lower)
{
	size_t i = 0;
	bool first = true;
	while (i < n) {
		size_t j = i;
		while (j < n && ns[j] != '/')
			j++;
		if (j > i) {
			if (!first)
				put(o, "/", 1);
			enc(o, ns + i, j - i, lower);
			first = false;
		}
		i = j + 1;
	}
}

struct qual {
	const char *key;
	const char *val;
	size_t vlen;
};

/* Qualifiers in the order given (callers pass them sorted by key); empty values dropped. */
static void quals(struct out *o, const struct qual *q, size_t n)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (!q[i].val || q[i].vlen == 0)
			continue;
		put(o, first ? "?" : "&", 1);
		puts_(o, q[i].key);
		put(o, "=", 1);
		enc(o, q[i].val, q[i].vlen, false);
		first = false;
	}
}

static const char *os_vendor(const struct vg_os *os, const char *fallback)
{
	return os && os->id && *os->id ? os->id : fallback;
}

/* "<id>-<version>" into @tmp (the precise version when known). */
static size_t distro_of(const struct vg_os *os, char *tmp, size_t cap)
{
	if (!os || !os->id || !*os->id)
		return 0;
	const char *v = os->version && *os->version ? os->version : os->version_id;
	struct out o = { tmp, cap, 0 };
	for (const char *p = os->id; *p; p++) {
		char c = (char)tolower((unsigned char)*p);
		put(&o, &c, 1);
	}
	if (v && *v) {
		put(&o, "-", 1);
		puts_(&o, v);
	}
	if (cap)
		tmp[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len < cap ? o.len : cap - 1;
}

/* Split "epoch:rest" when epoch is all digits. */
static const char *split_epoch(const char *v, size_t *ret_elen)
{
	*ret_elen = 0;
	if (!v)
		return v;
	const char *p = v;
	while (isdigit((unsigned char)*p))
		p++;
	if (p > v && *p == ':') {
		*ret_elen = (size_t)(p - v);
		return p + 1;
	}
	return v;
}

size_t vg_purl_format(const struct vg_pkg *p, const struct vg_os *os, char *buf, size_t cap)
{
	struct out o = { buf, cap, 0 };
	if (!p || !p->name || !*p->name) {
		if (cap)
			buf[0] = '\0';
		return 0;
	}
	const char *name = p->name, *ver = p->version;
	char distro[256];
	size_t dlen;
	switch (p->type) {
	case VG_PKG_DPKG:
	case VG_PKG_APK: {
		bool deb = p->type == VG_PKG_DPKG;
		puts_(&o, deb ? "pkg:deb/" : "pkg:apk/");
		enc_s(&o, os_vendor(os, deb ? "debian" : "alpine"), true);
		put(&o, "/", 1);
		enc_s(&o, name, true);
		if (ver && *ver) {
			put(&o, "@", 1);
			enc_s(&o, ver, false);
		}
		dlen = distro_of(os, distro, sizeof(distro));
		struct qual q[] = {
			{ "arch", p->arch, p->arch ? strlen(p->arch) : 0 },
			{ "distro", distro, dlen },
		};
		quals(&o, q, 2);
		break;
	}
	case VG_PKG_RPM: {
		puts_(&o, "pkg:rpm/");
		const char *vendor = os_vendor(os, NULL);
		if (vendor) {
			enc_s(&o, strcmp(vendor, "rhel") == 0 ? "redhat" : vendor, true);
			put(&o, "/", 1);
		}
		enc_s(&o, name, false);
		size_t elen = 0;
		const char *rest = split_epoch(ver, &elen);
		if (rest && *rest) {
			put(&o, "@", 1);
			enc_s(&o, rest, false);
		}
		dlen = distro_of(os, distro, sizeof(distro));
		struct qual q[] = {
			{ "arch", p->arch, p->arch ? strlen(p->arch) : 0 },
			{ "distro", distro, dlen },
			{ "epoch", ver, elen },
		};
		quals(&o, q, 3);
		break;
	}
	case VG_PKG_GOBINARY: {
		puts_(&o, "pkg:golang/");
		size_t n = strlen(name);
		const char *slash = strrchr(name, '/');
		if (slash) {
			enc_segments(&o, name, (size_t)(slash - name), true);
			put(&o, "/", 1);
			enc_s(&o, slash + 1, true);
		} else {
			enc(&o, name, n, true);
		}
		if (ver && *ver) {
			put(&o, "@", 1);
			enc_s(&o, ver, false);
		}
		break;
	}
	case VG_PKG_NPM: {
		puts_(&o, "pkg:npm/");
		const char *slash = name[0] == '@' ? strchr(name, '/') : NULL;
		if (slash) {
			enc(&o, name, (size_t)(slash - name), true);
			put(&o, "/", 1);
			enc_s(&o, slash + 1, true);
		} else {
			enc_s(&o, name, true);
		}
		if (ver && *ver) {
			put(&o, "@", 1);
			enc_s(&o, ver, false);
		}
		break;
	}
	case VG_PKG_PYTHON: {
		puts_(&o, "pkg:pypi/");
		size_t need = vg_pypi_normalize(name, NULL, 0);
		char small[256];
		char *norm = need < sizeof(small) ? small : malloc(need + 1);
		if (norm) {
			vg_pypi_normalize(name, norm, need + 1);
			enc_s(&o, norm, false);
			if (norm != small)
				free(norm);
		}
		if (ver && *ver) {
			put(&o, "@", 1);
			enc_s(&o, ver, false);
		}
		break;
	}
	case VG_PKG_JAR: {
		puts_(&o, "pkg:maven/");
		const char *colon = strchr(name, ':');
		if (colon) {
			enc_segments(&o, name, (size_t)(colon - name), false);
			put(&o, "/", 1);
			enc_s(&o, colon + 1, false);
		} else {
			enc_s(&o, name, false);
		}
		if (ver && *ver) {
			put(&o, "@", 1);
			enc_s(&o, ver, false);
		}
		break;
	}
	case VG_PKG_CARGO:
	case VG_PKG_OTHER:
	default:
		puts_(&o, p->type == VG_PKG_CARGO ? "pkg:cargo/" : "pkg:generic/");
		enc_s(&o, name, false);
		if (ver && *ver) {
			put(&o, "@", 1);
			enc_s(&o, ver, false);
		}
		break;
	}
	if (cap)
		buf[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len;
}

int vg_inventory_add_warning(struct vg_inventory *inv, const char *file, uint32_t line,
			     const char *message)
{
	if (!inv || !message)
		return -EINVAL;
	size_t i = inv->nwarnings++;
	if (i >= VG_INVENTORY_MAX_WARNINGS)
		return 0; /* counted, not kept */
	struct vg_inventory_warning *w = &inv->warnings[i];
	w->file = file ? vg_arena_strdup(&inv->arena, file) : NULL;
	w->line = line;
	w->message = vg_arena_strdup(&inv->arena, message);
	if ((file && !w->file) || !w->message) {
		inv->nwarnings--;
		return -ENOMEM;
	}
	return 0;
}

size_t vg_inventory_warning_count(const struct vg_inventory *inv)
{
	return inv ? inv->nwarnings : 0;
}

const struct vg_inventory_warning *vg_inventory_warning(const struct vg_inventory *inv, size_t i)
{
	if (!inv || i >= inv->nwarnings || i >= VG_INVENTORY_MAX_WARNINGS)
		return NULL;
	return &inv->warnings[i];
}
