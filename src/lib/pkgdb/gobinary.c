/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gobinary.c - Go build info in executables (ELF, PE, Mach-O).
 *
 * The linker leaves a blob that starts with the 14-byte magic "\xff Go buildinf:" at a
 * 16-byte aligned address, in section .go.buildinfo when the ELF file has section headers,
 * else in the first writable, non-executable PT_LOAD segment (other formats, and ELF files
 * whose headers lead nowhere, are scanned whole at 16-byte file alignment). Byte 14 is the
 * pointer size, byte 15 flags: bit 1 = Go >= 1.18 inline strings (two uvarint-prefixed
 * strings from offset 32: the Go version and the module info), else two pointers at offset
 * 16 and 16+ptrsize to Go string headers {data pointer, length} (bit 0 = big endian), which
 * are resolved through the ELF program headers. The module info is framed by 16-byte
 * sentinels and holds tab-separated lines: path, mod, dep, "=>" (replaces the module on the
 * line before), build.
 *
 * Emitted (ecosystem "Go"): the main module (its version as written, often "(devel)"),
 * every dependency with its replacement applied (a replacement by a local directory, which Go
 * records as "=> ./dir (devel)", keeps the module's path with version "(devel)": the code
 * is not any published version), and "stdlib" at the Go
 * version without "go" and without experiment suffixes ("go1.20 X:boringcrypto" -> "1.20").
 */
#include <errno.h>
#include <string.h>

#include "pkgdb/elf.h"
#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

static const unsigned char go_magic[14] = { 0xff, ' ', 'G', 'o', ' ', 'b', 'u', 'i',
					    'l', 'd', 'i', 'n', 'f', ':' };
#define GO_HEADER 32u
#define GO_ALIGN 16u
#define GO_MAX_VERSION 1024u

static bool go_wants(const char *path, uint32_t mode, uint64_t size)
{
	return vg_pkgdb_wants_executable(path, mode, size);
}

/* Offset of the first magic at a 16-byte aligned offset of [d, d+n) with a full header. */
static bool find_magic(const unsigned char *d, size_t n, size_t *ret_off)
{
	size_t i = 0;

	while (i < n && n - i >= GO_HEADER) {
		const unsigned char *m = memmem(d + i, n - i, go_magic, sizeof(go_magic));
		if (!m)
			return false;
		size_t at = (size_t)(m - d);
		if (at % GO_ALIGN == 0 && n - at >= GO_HEADER) {
			*ret_off = at;
			return true;
		}
		i = (at + GO_ALIGN) & ~(size_t)(GO_ALIGN - 1);
	}
	return false;
}

static bool read_uvarint(const unsigned char *d, size_t len, size_t *pos, uint64_t *ret)
{
	uint64_t v = 0;

	for (unsigned shift = 0, i = 0; i < 10; i++, shift += 7) {
		if (*pos >= len)
			return false;
		unsigned char b = d[(*pos)++];
		if (i == 9 && b > 1)
			return false; /* overflows 64 bits */
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*ret = v;
			return true;
		}
	}
	return false;
}

static bool read_inline(const unsigned char *d, size_t len, size_t *pos, uint64_t max,
			struct vg_sv *ret)
{
	uint64_t n;

	if (!read_uvarint(d, len, pos, &n) || n > len - *pos || n > max)
		return false;
	*ret = vg_sv_make((const char *)d + *pos, (size_t)n);
	*pos += (size_t)n;
	return true;
}

static uint64_t read_ptr(const unsigned char *p, unsigned size, bool be)
{
	return size == 8 ? vg_rd64(p, be) : vg_rd32(p, be);
}

/* A Go string header {data, len} at virtual address @addr. */
static bool read_gostring(const struct vg_addr_map *map, uint64_t addr, unsigned ptrsize, bool be,
			  uint64_t max, struct vg_sv *ret)
{
	uint64_t off, avail;

	if (!map->resolve(map->self, addr, &off, &avail) || avail < 2u * ptrsize)
		return false;
	uint64_t data = read_ptr(map->file + off, ptrsize, be);
	uint64_t n = read_ptr(map->file + off + ptrsize, ptrsize, be);
	if (n > max)
		return false;
	if (n == 0) {
		*ret = vg_sv_make("", 0);
		return true;
	}
	if (!map->resolve(map->self, data, &off, &avail) || avail < n)
		return false;
	*ret = vg_sv_make((const char *)map->file + off, (size_t)n);
	return true;
}

int vg_gobuildinfo_decode(struct vg_analyze_ctx *ctx, const unsigned char *blob, size_t len,
			  const struct vg_addr_map *map)
{
	uint64_t max_mod = vg_pkgdb_limits(ctx)->max_member;
	struct vg_sv vers = { 0 }, mod = { 0 };

	if (len < GO_HEADER || memcmp(blob, go_magic, sizeof(go_magic)) != 0) {
		vg_analyze_warn(ctx, 0, "Go build info: truncated header");
		return 0;
	}
	unsigned ptrsize = blob[14], flags = blob[15];
	if (flags & 2) {
		size_t pos = GO_HEADER;
		if (!read_inline(blob, len, &pos, GO_MAX_VERSION, &vers) ||
		    !read_inline(blob, len, &pos, max_mod, &mod)) {
			vg_analyze_warn(ctx, 0, "Go build info: truncated or oversized version/module "
						"strings");
			return 0;
		}
	} else {
		bool be = flags & 1;
		if (ptrsize != 4 && ptrsize != 8) {
			vg_analyze_warn(ctx, 0, "Go build info: bad pointer size %u", ptrsize);
			return 0;
		}
		if (!map) {
			vg_analyze_warn(ctx, 0, "Go build info: pre-Go 1.18 pointer format outside an "
						"ELF file is not supported");
			return 0;
		}
		uint64_t a1 = read_ptr(blob + 16, ptrsize, be);
		uint64_t a2 = read_ptr(blob + 16 + ptrsize, ptrsize, be);
		if (!read_gostring(map, a1, ptrsize, be, GO_MAX_VERSION, &vers) ||
		    !read_gostring(map, a2, ptrsize, be, max_mod, &mod)) {
			vg_analyze_warn(ctx, 0,
					"Go build info: version/module pointers lead outside the file");
			return 0;
		}
	}
	if (vers.n == 0)
		return 0; /* not a Go executable after all */
	/* strip the module info framing: 16 bytes of sentinel at each end */
	if (mod.n >= 33 && mod.p[mod.n - 17] == '\n')
		mod = vg_sv_make(mod.p + 16, mod.n - 32);
	else
		mod = vg_sv_make(NULL, 0);
	return vg_gomodinfo_parse(ctx, mod.p, mod.n, vers.p, vers.n);
}

struct go_mod {
	struct vg_sv path, version;
	bool set;
	bool main;
	uint32_t line;
};

static bool bad_token(struct vg_sv s)
{
	if (s.n == 0 || vg_sv_has_ctl(s))
		return true;
	return memchr(s.p, ' ', s.n) != NULL;
}

static int go_emit(struct vg_analyze_ctx *ctx, struct vg_arena *a, struct go_mod *m)
{
	if (!m->set)
		return 0;
	m->set = false;
	if (bad_token(m->path) || bad_token(m->version) || m->path.n > vg_pkgdb_limits(ctx)->max_field ||
	    m->version.n > vg_pkgdb_limits(ctx)->max_field) {
		vg_analyze_warn(ctx, 0, "Go module info line %u: invalid module path or version", m->line);
		return 0;
	}
	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_GOBINARY;
	p.name = m->path;
	p.version = m->version;
	p.ecosystem = vg_sv_make("Go", 2);
	return vg_pkgdb_emit_sv(ctx, a, &p);
}

/* Split @l at tabs into at most @max fields; returns the count (max + 1 if there were more). */
static size_t split_tabs(struct vg_sv l, struct vg_sv *f, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= l.n; i++) {
		if (i < l.n && l.p[i] != '\t')
			continue;
		if (n == max)
			return max + 1;
		f[n++] = vg_sv_make(l.p + start, i - start);
		start = i + 1;
	}
	return n;
}

int vg_gomodinfo_parse(struct vg_analyze_ctx *ctx, const char *modinfo, size_t len,
		       const char *go_version, size_t go_version_len)
{
	struct go_mod cur = { 0 };
	struct vg_lines it;
	struct vg_sv l, f[4];
	struct vg_arena a;
	int e = 0;

	vg_arena_init(&a, 4096);
	vg_lines_init(&it, modinfo ? modinfo : "", modinfo ? len : 0);
	while (vg_lines_next(&it, &l)) {
		if (l.n == 0)
			continue;
		size_t n = split_tabs(l, f, 4);
		if (vg_sv_eq(f[0], "mod") || vg_sv_eq(f[0], "dep")) {
			if ((e = go_emit(ctx, &a, &cur)) < 0)
				goto out;
			if (n < 3 || n > 4) {
				vg_analyze_warn(ctx, 0, "Go module info line %u: expected 3 or 4 columns",
						it.line);
				continue;
			}
			cur.set = true;
			cur.main = vg_sv_eq(f[0], "mod");
			cur.path = f[1];
			cur.version = f[2];
			cur.line = it.line;
		} else if (vg_sv_eq(f[0], "=>")) {
			if (!cur.set || n != 4) {
				vg_analyze_warn(ctx, 0, "Go module info line %u: unexpected replacement",
						it.line);
				continue;
			}
			/* a directory ("./lib", "../x", "/src/x"; Go writes version "(devel)" or
			 * nothing): the module keeps its path, the code is local */
			bool local = f[2].n == 0 || vg_sv_eq(f[2], "(devel)") || vg_sv_starts(f[1], "./") ||
				     vg_sv_starts(f[1], "../") || vg_sv_starts(f[1], "/") ||
				     vg_sv_eq(f[1], ".") || vg_sv_eq(f[1], "..");
			if (local) {
				cur.version = vg_sv_make("(devel)", 7);
			} else {
				cur.path = f[1];
				cur.version = f[2];
			}
			cur.line = it.line;
		} else if (vg_sv_eq(f[0], "path") || vg_sv_eq(f[0], "build")) {
			if ((e = go_emit(ctx, &a, &cur)) < 0)
				goto out;
		} else {
			if ((e = go_emit(ctx, &a, &cur)) < 0)
				goto out;
			vg_analyze_warn(ctx, 0, "Go module info line %u: unknown line", it.line);
		}
	}
	if ((e = go_emit(ctx, &a, &cur)) < 0)
		goto out;

	/* the toolchain: "go1.19.8" -> "1.19.8"; "go1.20 X:boringcrypto" -> "1.20" */
	struct vg_sv v = vg_sv_make(go_version, go_version ? go_version_len : 0);
	if (v.n > 3 && vg_sv_starts(v, "go") && v.p[2] >= '0' && v.p[2] <= '9') {
		v.p += 2;
		v.n -= 2;
		for (size_t i = 0; i < v.n; i++)
			if (v.p[i] == ' ' || v.p[i] == '\t') {
				v.n = i;
				break;
			}
		cur.set = true;
		cur.path = vg_sv_make("stdlib", 6);
		cur.version = v;
		cur.line = 0;
		e = go_emit(ctx, &a, &cur);
	} else if (v.n) {
		vg_analyze_warn(ctx, 0, "Go build info: unrecognised Go version '%.*s'", (int)v.n, v.p);
	}
out:
	vg_arena_release(&a);
	return vg_pkgdb_ret(e);
}

static bool elf_resolve(const void *self, uint64_t addr, uint64_t *ret_off, uint64_t *ret_avail)
{
	return vg_elf_resolve(self, addr, ret_off, ret_avail);
}

static int go_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
		      size_t len)
{
	struct vg_elf elf;
	struct vg_elf_range r;
	struct vg_addr_map map;
	size_t off = 0;
	bool found = false, is_elf;

	if (!vg_pkgdb_is_executable(data, len))
		return 0;
	is_elf = vg_elf_open(data, len, &elf) == 0;
	if (is_elf && (vg_elf_section(&elf, ".go.buildinfo", &r) || vg_elf_data_segment(&elf, &r))) {
		size_t at;
		if (find_magic(data + r.off, (size_t)r.size, &at)) {
			off = (size_t)r.off + at;
			found = true;
		}
	}
	if (!found && !find_magic(data, len, &off))
		return 0; /* not a Go executable */
	if (is_elf) {
		map.resolve = elf_resolve;
		map.self = &elf;
		map.file = data;
	}
	return vg_gobuildinfo_decode(ctx, data + off, len - off, is_elf ? &map : NULL);
}

const struct vg_analyzer vg_analyzer_gobinary = {
	.name = "gobinary",
	.type = VG_PKG_GOBINARY,
	.wants = go_wants,
	.analyze = go_analyze,
};
