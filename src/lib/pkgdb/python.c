/* SPDX-License-Identifier: Apache-2.0 */
/*
 * python.c - installed Python distributions: <site|dist>-packages/<name>-<ver>.dist-info/METADATA,
 * *.egg-info/PKG-INFO and single-file *.egg-info. All are email-header style (core metadata);
 * only the header (up to the first blank line) is read.
 *
 * Kept: Name (as written: matching normalises it, PEP 503), Version, the license
 * (License-Expression, else a one-line License that is not "UNKNOWN"; multi-line License
 * fields hold a whole license text and are not a license name), Author (else Author-email)
 * as supplier. Ecosystem "PyPI". .egg and .whl zip files are not read.
 */
#include <errno.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

enum { F_NAME, F_VERSION, F_LICENSE, F_LICEXPR, F_AUTHOR, F_AUTHOR_EMAIL, F_COUNT };

static bool python_wants(const char *path, uint32_t mode, uint64_t size)
{
	const char *rel = vg_path_rel(path), *base = vg_path_base(rel);

	if (base == rel)
		return false;
	size_t dlen = 0; /* the parent directory */
	const char *d = base - 1;
	while (d > rel && d[-1] != '/') {
		d--;
		dlen++;
	}
	struct vg_sv dir = vg_sv_make(d, dlen);
	if (strcmp(base, "METADATA") == 0 && vg_sv_ends(dir, ".dist-info") && dir.n > 10 && d > rel) {
		const char *u = d - 1;
		size_t ulen = 0;
		while (u > rel && u[-1] != '/') {
			u--;
			ulen++;
		}
		struct vg_sv up = vg_sv_make(u, ulen);
		return vg_sv_eq(up, "site-packages") || vg_sv_eq(up, "dist-packages");
	}
	if (strcmp(base, "PKG-INFO") == 0)
		return vg_sv_ends(dir, ".egg-info") && dir.n > 9;
	return vg_path_ends(base, ".egg-info") && strlen(base) > 9;
}

static bool ok_token(struct vg_sv s)
{
	return s.n > 0 && !vg_sv_has_ctl(s) && !memchr(s.p, ' ', s.n) && !memchr(s.p, '\n', s.n);
}

static int python_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
			  size_t len)
{
	struct vg_para_field f[F_COUNT] = {
		[F_NAME] = { .name = "Name" },
		[F_VERSION] = { .name = "Version" },
		[F_LICENSE] = { .name = "License" },
		[F_LICEXPR] = { .name = "License-Expression" },
		[F_AUTHOR] = { .name = "Author" },
		[F_AUTHOR_EMAIL] = { .name = "Author-email" },
	};
	struct vg_para_reader r;
	struct vg_arena a;
	int e;

	vg_arena_init(&a, 1024);
	vg_para_init(&r, ctx, data, len, VG_FOLD_EMAIL, f, F_COUNT);
	e = vg_para_next(&r, f, F_COUNT);
	if (e <= 0)
		goto out;
	e = 0;
	struct vg_sv name = vg_para_sv(&f[F_NAME]), version = vg_para_sv(&f[F_VERSION]);
	if (!ok_token(name) || !ok_token(version)) {
		vg_analyze_warn(ctx, r.start_line, "metadata without a valid Name and Version");
		goto out;
	}
	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_PYTHON;
	p.name = name;
	p.version = version;
	p.ecosystem = vg_sv_make("PyPI", 4);
	struct vg_sv lic = vg_sv_trim(vg_para_sv(&f[F_LICEXPR]));
	if (!lic.n) {
		lic = vg_sv_trim(vg_para_sv(&f[F_LICENSE]));
		if (memchr(lic.p ? lic.p : "", '\n', lic.n) || vg_sv_ieq(lic, "UNKNOWN"))
			lic = vg_sv_make(NULL, 0);
	}
	if (!vg_sv_has_ctl(lic))
		p.licenses = lic;
	struct vg_sv who = vg_sv_trim(vg_para_sv(&f[F_AUTHOR]));
	if (!who.n || vg_sv_ieq(who, "UNKNOWN"))
		who = vg_sv_trim(vg_para_sv(&f[F_AUTHOR_EMAIL]));
	if (!vg_sv_has_ctl(who) && !vg_sv_ieq(who, "UNKNOWN"))
		p.supplier = who;
	e = vg_pkgdb_emit_sv(ctx, &a, &p);
out:
	vg_para_release(f, F_COUNT);
	vg_arena_release(&a);
	return vg_pkgdb_ret(e);
}

const struct vg_analyzer vg_analyzer_python = {
	.name = "python",
	.type = VG_PKG_PYTHON,
	.wants = python_wants,
	.analyze = python_analyze,
};
