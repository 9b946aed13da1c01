/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkgdb/pkgdb.h - package analyzers: each one recognises the files it reads by path (and mode
 * and size) and turns their bytes into packages. Analyzers know nothing about images or layers:
 * the image walker (src/lib/image) hands them whole files and fills in file and layer.
 *
 * Every analyzer is a static const struct vg_analyzer in its own source file, listed in
 * vg_analyzers[] (registry.c). Parsers get untrusted bytes: they must bound everything, never
 * read past @len, and report malformed input through vg_analyze_warn() instead of failing the
 * whole image (a broken database is a warning naming the file and line; its good records are
 * kept).
 */
#ifndef VG_PKGDB_H
#define VG_PKGDB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vigil/pkg.h"

/*
 * Limits on what the analyzers read from one file (every dimension an image controls). Hitting
 * one is a warning naming the limit; the analyzer keeps what it found so far. Overridable per
 * context (struct vg_analyze_ctx.limits); NULL means the defaults below.
 */
#define VG_PKGDB_DEFAULT_MAX_PACKAGES 1000000u          /* packages emitted from one file */
#define VG_PKGDB_DEFAULT_MAX_FIELD (64u * 1024u)        /* bytes of one field value */
#define VG_PKGDB_DEFAULT_MAX_DEPTH 256u                 /* JSON nesting, npm v1 dependency nesting */
#define VG_PKGDB_DEFAULT_MAX_ARCHIVE_DEPTH 4u           /* jar inside jar inside ... */
#define VG_PKGDB_DEFAULT_MAX_MEMBER (64u * 1024u * 1024u) /* bytes of one archive member or section read */
#define VG_PKGDB_DEFAULT_MAX_ARCHIVE_BYTES (256ull * 1024u * 1024u) /* decompressed, one archive tree */
#define VG_PKGDB_DEFAULT_MAX_ARCHIVE_ENTRIES 200000u    /* entries over one archive tree */
#define VG_PKGDB_DEFAULT_MAX_WARNINGS 100u              /* warnings passed to the sink per file */
/* Executables larger than this are not searched for Go build info or cargo-auditable data. */
#define VG_PKGDB_MAX_EXECUTABLE (256ull * 1024u * 1024u)

struct vg_pkgdb_limits {
	size_t max_packages;
	size_t max_field;
	uint32_t max_depth;
	uint32_t max_archive_depth;
	uint64_t max_member;
	uint64_t max_archive_bytes;
	uint64_t max_archive_entries;
	uint32_t max_warnings;     /* later warnings are counted, not passed to the sink */
};

/* Fill @ret_limits with the defaults above. */
void vg_pkgdb_limits_init(struct vg_pkgdb_limits *ret_limits);

/* The context an analyzer runs in (set up by the image walker or vg_analyze_buffer). */
struct vg_analyze_ctx {
	struct vg_inventory *inv;   /* where packages go */
	const char *file;           /* the file being analyzed */
	const char *layer;          /* its layer's diff_id, or NULL */
	size_t warnings;            /* count of vg_analyze_warn() calls */
	/* optional warning sink (e.g. the CLI's stderr); NULL: warnings are only counted */
	void (*warn)(void *userdata, const char *file, uint32_t line, const char *message);
	void *warn_userdata;
	/* Added fields (zero-initialise the struct): limits (borrowed; NULL = defaults) and the
	 * number of packages emitted with this context (vg_analyze_emit keeps it). */
	const struct vg_pkgdb_limits *limits;
	size_t emitted;
};

struct vg_analyzer {
	const char *name;           /* "dpkg", "apk", "rpm", "gobinary", "npm", "python", "jar", "cargo" */
	enum vg_pkg_type type;
	/* Does this analyzer want the regular file @path (absolute, normalised) of @size bytes
	 * with mode @mode? Must be cheap: it is called for every file of every layer. */
	bool (*wants)(const char *path, uint32_t mode, uint64_t size);
	/* Parse @len bytes of @path and emit packages with vg_analyze_emit(). Return 0, or -ENOMEM
	 * (anything else malformed is a warning, not an error). */
	int (*analyze)(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
		       size_t len);
};

/* NULL-terminated registry of every analyzer. */
extern const struct vg_analyzer *const vg_analyzers[];

/* Emit one package found in the file being analyzed (the ctx fills file and layer; strings
 * are copied; @p->name and @p->version must be set). Returns 0, -ENOMEM, -EINVAL (no name or
 * version), or -EFBIG once ctx->limits->max_packages packages came from this context (after
 * one warning): analyzers then stop and return 0. */
int vg_analyze_emit(struct vg_analyze_ctx *ctx, const struct vg_pkg *p)
	__attribute__((warn_unused_result));
/* A non-fatal problem in the file being analyzed (line 0 = unknown). */
void vg_analyze_warn(struct vg_analyze_ctx *ctx, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* For tests and the fuzz targets: run analyzer @a over one buffer and collect its packages
 * into @inv (file = @path, layer NULL). Warnings are counted in *ret_warnings (may be NULL). */
int vg_analyze_buffer(const struct vg_analyzer *a, const char *path, const unsigned char *data,
		      size_t len, struct vg_inventory *inv, size_t *ret_warnings)
	__attribute__((warn_unused_result));

#endif
