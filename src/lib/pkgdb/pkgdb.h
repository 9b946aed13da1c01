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

/* The context an analyzer runs in (set up by the image walker or vg_analyze_buffer). */
struct vg_analyze_ctx {
	struct vg_inventory *inv;   /* where packages go */
	const char *file;           /* the file being analyzed */
	const char *layer;          /* its layer's diff_id, or NULL */
	size_t warnings;            /* count of vg_analyze_warn() calls */
	/* optional warning sink (e.g. the CLI's stderr); NULL: warnings are only counted */
	void (*warn)(void *userdata, const char *file, uint32_t line, const char *message);
	void *warn_userdata;
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
 * are copied). */
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
