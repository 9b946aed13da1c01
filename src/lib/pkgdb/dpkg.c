/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpkg.c - Debian's /var/lib/dpkg/status, distroless's /var/lib/dpkg/status.d/<pkg> and
 * opkg's /usr/lib/opkg/status: RFC 822 style paragraphs.
 *
 * A package is kept when its Status state (the third word of "want flag state") is
 * "installed"; "deinstall ok config-files", "install ok half-installed" and the like are
 * skipped. Distroless status.d files carry no Status field at all: their paragraphs are kept
 * (a Status that is present is still honoured). In the main status file a paragraph without
 * Status is a warning. Source is "src" or "src (srcversion)"; without it the source package
 * is the binary one. Ecosystem and purl are left NULL: the image code fills them from the OS.
 */
#include <errno.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

enum { F_PACKAGE, F_STATUS, F_VERSION, F_SOURCE, F_ARCH, F_MAINTAINER, F_COUNT };

static bool dpkg_wants(const char *path, uint32_t mode, uint64_t size)
{
	const char *rel = vg_path_rel(path);
	static const char statusd[] = "var/lib/dpkg/status.d/";

	if (strcmp(rel, "var/lib/dpkg/status") == 0 || strcmp(rel, "usr/lib/opkg/status") == 0)
		return true;
	if (strncmp(rel, statusd, sizeof(statusd) - 1) != 0)
		return false;
	const char *name = rel + sizeof(statusd) - 1;
	return name[0] && !strchr(name, '/') && !vg_path_ends(name, ".md5sums");
}

/* "want flag state": is the state "installed"? Sets *ret_ok false when malformed. */
static bool status_installed(struct vg_sv s, bool *ret_ok)
{
	struct vg_sv w[4];
	size_t n = 0, i = 0;

	while (i < s.n) {
		while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t'))
			i++;
		if (i >= s.n)
			break;
		size_t start = i;
		while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t')
			i++;
		if (n == 4)
			break;
		w[n++] = vg_sv_make(s.p + start, i - start);
	}
	*ret_ok = n == 3;
	return n == 3 && vg_sv_eq(w[2], "installed");
}

static bool bad_token(struct vg_sv s)
{
	if (s.n == 0 || vg_sv_has_ctl(s))
		return true;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] == ' ' || s.p[i] == '\t')
			return true;
	return false;
}

static int dpkg_paragraph(struct vg_analyze_ctx *ctx, struct vg_arena *a,
			  const struct vg_para_reader *r, const struct vg_para_field *f, bool status_d)
{
	struct vg_sv name = vg_para_sv(&f[F_PACKAGE]), version = vg_para_sv(&f[F_VERSION]);

	if (r->bad)
		return 0; /* a field we need was over max_field: already warned */
	if (!f[F_PACKAGE].seen) {
		vg_analyze_warn(ctx, r->start_line, "paragraph without a Package field");
		return 0;
	}
	if (bad_token(name)) {
		vg_analyze_warn(ctx, f[F_PACKAGE].line, "invalid package name '%.*s'", (int)name.n,
				name.p);
		return 0;
	}
	if (f[F_STATUS].seen) {
		bool ok;
		bool installed = status_installed(vg_para_sv(&f[F_STATUS]), &ok);
		if (!ok) {
			struct vg_sv st = vg_para_sv(&f[F_STATUS]);
			vg_analyze_warn(ctx, f[F_STATUS].line, "package '%.*s': malformed Status '%.*s'",
					(int)name.n, name.p, (int)st.n, st.p);
			return 0;
		}
		if (!installed)
			return 0;
	} else if (!status_d) {
		vg_analyze_warn(ctx, r->start_line, "package '%.*s' has no Status field", (int)name.n,
				name.p);
		return 0;
	}
	if (!f[F_VERSION].seen || bad_token(version)) {
		vg_analyze_warn(ctx, r->start_line, "package '%.*s' has no valid Version", (int)name.n,
				name.p);
		return 0;
	}

	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_DPKG;
	p.name = name;
	p.version = version;
	p.src_name = name;
	p.src_version = version;
	p.arch = vg_para_sv(&f[F_ARCH]);
	p.supplier = vg_para_sv(&f[F_MAINTAINER]);
	if (f[F_SOURCE].seen) {
		struct vg_sv src = vg_para_sv(&f[F_SOURCE]);
		const char *paren = memchr(src.p, '(', src.n);
		if (paren) {
			struct vg_sv sn = vg_sv_trim(vg_sv_make(src.p, (size_t)(paren - src.p)));
			struct vg_sv rest = vg_sv_make(paren + 1, src.n - (size_t)(paren + 1 - src.p));
			const char *close = memchr(rest.p, ')', rest.n);
			struct vg_sv sv = close ? vg_sv_trim(vg_sv_make(rest.p, (size_t)(close - rest.p)))
						: vg_sv_make(NULL, 0);
			if (bad_token(sn) || bad_token(sv)) {
				vg_analyze_warn(ctx, f[F_SOURCE].line,
						"package '%.*s': malformed Source '%.*s'", (int)name.n,
						name.p, (int)src.n, src.p);
				if (!bad_token(sn))
					p.src_name = sn;
			} else {
				p.src_name = sn;
				p.src_version = sv;
			}
		} else if (!bad_token(src)) {
			p.src_name = src;
		} else {
			vg_analyze_warn(ctx, f[F_SOURCE].line, "package '%.*s': malformed Source '%.*s'",
					(int)name.n, name.p, (int)src.n, src.p);
		}
	}
	return vg_pkgdb_emit_sv(ctx, a, &p);
}

static int dpkg_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
			size_t len)
{
	struct vg_para_field f[F_COUNT] = {
		[F_PACKAGE] = { .name = "Package" },     [F_STATUS] = { .name = "Status" },
		[F_VERSION] = { .name = "Version" },     [F_SOURCE] = { .name = "Source" },
		[F_ARCH] = { .name = "Architecture" }, [F_MAINTAINER] = { .name = "Maintainer" },
	};
	struct vg_para_reader r;
	struct vg_arena a;
	bool status_d = strstr(path, "status.d/") != NULL;
	int e;

	vg_arena_init(&a, 4096);
	vg_para_init(&r, ctx, data, len, VG_FOLD_LINES, f, F_COUNT);
	while ((e = vg_para_next(&r, f, F_COUNT)) > 0) {
		if (r.nfields == 0)
			continue;
		e = dpkg_paragraph(ctx, &a, &r, f, status_d);
		vg_arena_release(&a);
		vg_arena_init(&a, 4096);
		if (e < 0)
			break;
	}
	vg_para_release(f, F_COUNT);
	vg_arena_release(&a);
	return vg_pkgdb_ret(e);
}

const struct vg_analyzer vg_analyzer_dpkg = {
	.name = "dpkg",
	.type = VG_PKG_DPKG,
	.wants = dpkg_wants,
	.analyze = dpkg_analyze,
};
