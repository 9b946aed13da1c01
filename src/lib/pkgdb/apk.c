/* SPDX-License-Identifier: Apache-2.0 */
/*
 * apk.c - Alpine's installed database (lib/apk/db/installed; also var/lib/apk/db/installed
 * and usr/lib/apk/db/installed): blank-line separated records of "X:value" lines.
 *
 * Kept: P (name), V (version), A (arch), L (license), o (origin: the source package, which
 * vulnerability data names), m (maintainer). A record without o has itself as origin.
 * Ecosystem and purl are filled later from the OS.
 */
#include <errno.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

static bool apk_wants(const char *path, uint32_t mode, uint64_t size)
{
	const char *rel = vg_path_rel(path);

	return strcmp(rel, "lib/apk/db/installed") == 0 || strcmp(rel, "var/lib/apk/db/installed") == 0 ||
	       strcmp(rel, "usr/lib/apk/db/installed") == 0;
}

enum { K_P, K_V, K_A, K_L, K_O, K_M, K_COUNT };

struct apk_rec {
	struct vg_sv v[K_COUNT];
	uint32_t start;  /* first line of the record */
	bool any;        /* any line seen */
};

static bool bad_token(struct vg_sv s)
{
	if (s.n == 0 || vg_sv_has_ctl(s))
		return true;
	return memchr(s.p, ' ', s.n) != NULL;
}

static int apk_flush(struct vg_analyze_ctx *ctx, struct vg_arena *a, struct apk_rec *rec,
		     size_t max_field)
{
	int e = 0;

	if (!rec->any)
		goto out;
	struct vg_sv name = rec->v[K_P], ver = rec->v[K_V];
	if (!name.p) {
		vg_analyze_warn(ctx, rec->start, "record without a package name (P:)");
		goto out;
	}
	if (bad_token(name) || name.n > max_field) {
		vg_analyze_warn(ctx, rec->start, "invalid package name in record");
		goto out;
	}
	if (!ver.p || bad_token(ver) || ver.n > max_field) {
		vg_analyze_warn(ctx, rec->start, "package '%.*s' has no valid version (V:)", (int)name.n,
				name.p);
		goto out;
	}
	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_APK;
	p.name = name;
	p.version = ver;
	p.src_name = rec->v[K_O].p && !bad_token(rec->v[K_O]) ? rec->v[K_O] : name;
	p.src_version = ver;
	for (int k = K_A; k < K_COUNT; k++)
		if (rec->v[k].n > max_field)
			rec->v[k] = vg_sv_make(NULL, 0);
	p.arch = rec->v[K_A];
	p.licenses = rec->v[K_L];
	p.supplier = rec->v[K_M];
	e = vg_pkgdb_emit_sv(ctx, a, &p);
out:
	memset(rec, 0, sizeof(*rec));
	return e;
}

static int apk_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
		       size_t len)
{
	static const char keys[K_COUNT] = { 'P', 'V', 'A', 'L', 'o', 'm' };
	size_t max_field = vg_pkgdb_limits(ctx)->max_field;
	struct apk_rec rec;
	struct vg_lines it;
	struct vg_sv l;
	struct vg_arena a;
	int e = 0;

	memset(&rec, 0, sizeof(rec));
	vg_arena_init(&a, 1024);
	vg_lines_init(&it, data, len);
	while (vg_lines_next(&it, &l)) {
		struct vg_sv t = vg_sv_trim(l);
		if (t.n == 0) {
			e = apk_flush(ctx, &a, &rec, max_field);
			vg_arena_release(&a);
			vg_arena_init(&a, 1024);
			if (e < 0)
				goto out;
			continue;
		}
		if (!rec.any) {
			rec.any = true;
			rec.start = it.line;
		}
		if (l.n < 2 || l.p[1] != ':') {
			vg_analyze_warn(ctx, it.line, "malformed line (no 'X:value')");
			continue;
		}
		for (int k = 0; k < K_COUNT; k++) {
			if (l.p[0] != keys[k])
				continue;
			if (rec.v[k].p)
				vg_analyze_warn(ctx, it.line, "repeated field '%c:' in record", keys[k]);
			rec.v[k] = vg_sv_trim(vg_sv_make(l.p + 2, l.n - 2));
			break;
		}
	}
	e = apk_flush(ctx, &a, &rec, max_field);
out:
	vg_arena_release(&a);
	return vg_pkgdb_ret(e);
}

const struct vg_analyzer vg_analyzer_apk = {
	.name = "apk",
	.type = VG_PKG_APK,
	.wants = apk_wants,
	.analyze = apk_analyze,
};
