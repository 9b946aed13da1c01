/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkgdb/pkgdb_internal.h - helpers shared by the package analyzers (private to src/lib/pkgdb)
 * and the internal entry points the unit tests and fuzz targets call directly.
 *
 * Untrusted bytes are handled as (pointer, length) views (struct vg_sv); nothing here reads
 * past the end of a view or needs NUL-terminated input.
 */
#ifndef VG_PKGDB_INTERNAL_H
#define VG_PKGDB_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkgdb/pkgdb.h"
#include "util/arena.h"
#include "util/strbuf.h"

/* The analyzers, defined one per file and listed in registry.c. */
extern const struct vg_analyzer vg_analyzer_dpkg;
extern const struct vg_analyzer vg_analyzer_apk;
extern const struct vg_analyzer vg_analyzer_rpm;
extern const struct vg_analyzer vg_analyzer_gobinary;
extern const struct vg_analyzer vg_analyzer_npm;
extern const struct vg_analyzer vg_analyzer_python;
extern const struct vg_analyzer vg_analyzer_jar;
extern const struct vg_analyzer vg_analyzer_cargo;

/* ---- views ------------------------------------------------------------------------------ */

struct vg_sv {
	const char *p;
	size_t n;
};

static inline struct vg_sv vg_sv_make(const char *p, size_t n)
{
	struct vg_sv s = { p, n };
	return s;
}

static inline bool vg_sv_eq(struct vg_sv s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

bool vg_sv_ieq(struct vg_sv s, const char *lit);
bool vg_sv_starts(struct vg_sv s, const char *lit);
bool vg_sv_ends(struct vg_sv s, const char *lit);
struct vg_sv vg_sv_trim(struct vg_sv s);
/* Does @s hold a control character (below 0x20 except tab, or DEL) or a NUL? */
bool vg_sv_has_ctl(struct vg_sv s);

/* Line iterator over a buffer: lines end at '\n' (a trailing '\r' is dropped); the last line
 * may lack the newline. @line is the 1-based number of the line last returned. */
struct vg_lines {
	const char *p, *end;
	uint32_t line;
};

static inline void vg_lines_init(struct vg_lines *it, const void *data, size_t len)
{
	it->p = data;
	it->end = it->p + len;
	it->line = 0;
}

bool vg_lines_next(struct vg_lines *it, struct vg_sv *ret_line);

/* ---- paths ------------------------------------------------------------------------------ */

/* @path without its leading slashes. */
const char *vg_path_rel(const char *path);
/* The last component of @path. */
const char *vg_path_base(const char *path);
bool vg_path_ends(const char *path, const char *suffix);

/* ---- limits and emission ---------------------------------------------------------------- */

/* The context's limits, or the defaults. */
const struct vg_pkgdb_limits *vg_pkgdb_limits(const struct vg_analyze_ctx *ctx);

/* What an analyzer returns after a helper failed with @r: -ENOMEM stays, anything else
 * (a hit limit, malformed input already warned about) is 0. */
static inline int vg_pkgdb_ret(int r)
{
	return r == -ENOMEM ? -ENOMEM : 0;
}

/* Emit with string views: builds NUL-terminated copies in @a (may be released right after)
 * and calls vg_analyze_emit. Any view may be empty (= NULL field). */
struct vg_pkg_sv {
	enum vg_pkg_type type;
	struct vg_sv name, version, ecosystem, src_name, src_version, arch, licenses, supplier;
};
int vg_pkgdb_emit_sv(struct vg_analyze_ctx *ctx, struct vg_arena *a, const struct vg_pkg_sv *p)
	__attribute__((warn_unused_result));

/* ---- RFC 822 style paragraphs (dpkg status, METADATA, MANIFEST.MF) ---------------------- */

enum vg_fold {
	VG_FOLD_LINES,    /* deb822: continuation lines start with space or tab, joined with '\n'
			   * and trimmed; whitespace-only lines separate paragraphs */
	VG_FOLD_EMAIL,    /* email headers (core metadata): as VG_FOLD_LINES, but only an empty
			   * line ends the header (whitespace-only lines are continuations) */
	VG_FOLD_MANIFEST, /* JAR manifest: continuation lines start with one space, the rest is
			   * appended as is; only an empty line ends a section */
};

/* One field the caller wants: @name (case-insensitive) in, the rest out. */
struct vg_para_field {
	const char *name;
	struct vg_strbuf value; /* the (folded) value; capped at max_field */
	bool seen;
	uint32_t line;          /* where the field started */
};

struct vg_para_reader {
	struct vg_lines it;
	enum vg_fold fold;
	struct vg_analyze_ctx *ctx;
	/* set by vg_para_next for the paragraph just read */
	uint32_t start_line;
	bool bad;               /* a wanted field was longer than max_field (already warned) */
	size_t nfields;         /* fields (wanted or not) in the paragraph */
};

void vg_para_init(struct vg_para_reader *r, struct vg_analyze_ctx *ctx, const void *data,
		  size_t len, enum vg_fold fold, struct vg_para_field *fields, size_t nfields);
/* Read the next paragraph (blank lines separate paragraphs) into @fields (reset first).
 * Returns 1 when a paragraph was read, 0 at the end, -ENOMEM. */
int vg_para_next(struct vg_para_reader *r, struct vg_para_field *fields, size_t nfields)
	__attribute__((warn_unused_result));
void vg_para_release(struct vg_para_field *fields, size_t nfields);

static inline struct vg_sv vg_para_sv(const struct vg_para_field *f)
{
	return f->seen ? vg_sv_make(f->value.buf ? f->value.buf : "", f->value.len) : vg_sv_make(NULL, 0);
}

/* ---- executables ------------------------------------------------------------------------ */

/* The mode/size/path test shared by the analyzers that read executables. */
bool vg_pkgdb_wants_executable(const char *path, uint32_t mode, uint64_t size);
/* ELF, PE or Mach-O magic at the start of @data? */
bool vg_pkgdb_is_executable(const unsigned char *data, size_t len);

/* ---- internal entry points (unit tests, fuzz targets) ----------------------------------- */

/* rpm.c: parse one rpmdb header blob (no 8-byte magic) and emit its package; @record names it
 * in warnings. Returns 0 or -ENOMEM (malformed blobs are warnings). */
int vg_rpm_header_parse(struct vg_analyze_ctx *ctx, const unsigned char *blob, size_t len,
			long long record) __attribute__((warn_unused_result));

/* gobinary.c: decode a Go build info blob that starts with the "\xff Go buildinf:" magic
 * (inline-string format, or pointer format when @map can resolve addresses; @map may be
 * NULL) and emit its modules and stdlib. */
struct vg_addr_map {
	/* File offset and bytes available for virtual address @addr; false if unmapped. */
	bool (*resolve)(const void *self, uint64_t addr, uint64_t *ret_off, uint64_t *ret_avail);
	const void *self;
	const unsigned char *file; /* the bytes the offsets are into */
};
int vg_gobuildinfo_decode(struct vg_analyze_ctx *ctx, const unsigned char *blob, size_t len,
			  const struct vg_addr_map *map) __attribute__((warn_unused_result));
/* Parse modinfo text (without its sentinels) and emit; @go_version may be NULL. */
int vg_gomodinfo_parse(struct vg_analyze_ctx *ctx, const char *modinfo, size_t len,
		       const char *go_version, size_t go_version_len)
	__attribute__((warn_unused_result));

/* cargo.c: the JSON of a cargo-auditable .dep-v0 section (already inflated), and the
 * compressed section itself. */
int vg_cargo_auditable_json(struct vg_analyze_ctx *ctx, const unsigned char *json, size_t len)
	__attribute__((warn_unused_result));
int vg_cargo_auditable_zlib(struct vg_analyze_ctx *ctx, const unsigned char *z, size_t len)
	__attribute__((warn_unused_result));

/* jar.c: analyze a zip archive read from memory, named @name (its file name is the last
 * resort for the package name). */
int vg_jar_parse(struct vg_analyze_ctx *ctx, const char *name, const unsigned char *data,
		 size_t len) __attribute__((warn_unused_result));

#endif
