/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jar.c - Java archives (.jar, .war, .ear, .par): zips read from memory with libarchive.
 *
 * Per archive, in order of preference:
 *  1. every META-INF/maven/<group>/<artifact>/pom.properties (shaded and fat jars hold
 *     several): groupId, artifactId, version -> "groupId:artifactId";
 *  2. else META-INF/MANIFEST.MF's main section: version from Implementation-Version,
 *     Bundle-Version or Specification-Version; artifact from Implementation-Title,
 *     Bundle-Name or Specification-Title when it is one word, else the last component of
 *     Bundle-SymbolicName; group from Implementation-Vendor-Id, else Bundle-SymbolicName
 *     (without ";..." and without a trailing ".<artifact>");
 *  3. else the file name "artifact-1.2.3.jar" (no group: the name is the artifact alone).
 * Nested archives (BOOT-INF/lib/, WEB-INF/lib/, lib/, anywhere) are read the same way, up
 * to max_archive_depth levels, each at most max_member bytes, with max_archive_bytes of
 * decompressed data and max_archive_entries entries over the whole tree. Ecosystem "Maven".
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

#define JAR_MAX_TEXT (1024u * 1024u) /* pom.properties, MANIFEST.MF */

static bool ends_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && vg_sv_ieq(vg_sv_make(s + n - m, m), suffix);
}

static bool is_archive_name(const char *name)
{
	return ends_ci(name, ".jar") || ends_ci(name, ".war") || ends_ci(name, ".ear") ||
	       ends_ci(name, ".par");
}

static bool jar_wants(const char *path, uint32_t mode, uint64_t size)
{
	return size >= 22 && is_archive_name(vg_path_base(path));
}

struct jar {
	struct vg_analyze_ctx *ctx;
	const struct vg_pkgdb_limits *lim;
	uint64_t bytes;     /* decompressed bytes read over the tree */
	uint64_t entries;   /* entries seen over the tree */
	bool stop;          /* a tree-wide budget ran out (warned) */
	bool depth_warned;
};

static bool ok_token(struct vg_sv s, size_t max)
{
	return s.n > 0 && s.n <= max && !vg_sv_has_ctl(s) && !memchr(s.p, ' ', s.n) &&
	       s.p[0] != '$' && s.p[0] != '%';
}

static int jar_emit(struct jar *j, struct vg_sv group, struct vg_sv artifact, struct vg_sv version)
{
	struct vg_arena a;
	struct vg_pkg_sv p;
	int e;

	vg_arena_init(&a, 512);
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_JAR;
	p.version = version;
	p.ecosystem = vg_sv_make("Maven", 5);
	if (group.n) {
		char *n = vg_arena_printf(&a, "%.*s:%.*s", (int)group.n, group.p, (int)artifact.n,
					  artifact.p);
		if (!n) {
			vg_arena_release(&a);
			return -ENOMEM;
		}
		p.name = vg_sv_make(n, strlen(n));
	} else {
		p.name = artifact;
	}
	e = vg_pkgdb_emit_sv(j->ctx, &a, &p);
	vg_arena_release(&a);
	return e;
}

/* Read the current entry into a heap buffer of at most @cap bytes. 1: read, 0: skipped
 * (too big, unreadable: warned), -ENOMEM. */
static int read_member(struct jar *j, struct archive *ar, const char *arname, const char *ename,
		       uint64_t cap, unsigned char **ret_buf, size_t *ret_len)
{
	size_t len = 0, alloc = 0;
	unsigned char *buf = NULL;
	char chunk[16384];

	for (;;) {
		la_ssize_t n = archive_read_data(ar, chunk, sizeof(chunk));
		if (n == 0)
			break;
		if (n < 0) {
			vg_analyze_warn(j->ctx, 0, "'%s' in '%s': %s", ename, arname,
					archive_error_string(ar) ? archive_error_string(ar) : "read error");
			free(buf);
			return 0;
		}
		j->bytes += (uint64_t)n;
		if (j->bytes > j->lim->max_archive_bytes) {
			vg_analyze_warn(j->ctx, 0,
					"more than %llu decompressed bytes (max_archive_bytes), the rest "
					"is skipped",
					(unsigned long long)j->lim->max_archive_bytes);
			j->stop = true;
			free(buf);
			return 0;
		}
		if (len + (size_t)n > cap) {
			vg_analyze_warn(j->ctx, 0, "'%s' in '%s' is larger than %llu bytes, skipped", ename,
					arname, (unsigned long long)cap);
			free(buf);
			return 0;
		}
		if (len + (size_t)n > alloc) {
			size_t na = alloc ? alloc * 2 : 65536;
			while (na < len + (size_t)n)
				na *= 2;
			if (na > cap)
				na = (size_t)cap;
			unsigned char *nb = realloc(buf, na);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			alloc = na;
		}
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 1;
}

/* pom.properties: Java properties lines (key=value or key: value; # and ! comments).
 * 1: emitted, 0: not usable (warned), < 0: error. */
static int jar_pom(struct jar *j, const char *arname, const char *ename, const unsigned char *d,
		   size_t n)
{
	struct vg_sv g = { 0 }, a = { 0 }, v = { 0 }, l;
	struct vg_lines it;

	vg_lines_init(&it, d, n);
	while (vg_lines_next(&it, &l)) {
		l = vg_sv_trim(l);
		if (!l.n || l.p[0] == '#' || l.p[0] == '!')
			continue;
		size_t k = 0;
		while (k < l.n && l.p[k] != '=' && l.p[k] != ':')
			k++;
		if (k == l.n) {
			vg_analyze_warn(j->ctx, it.line, "'%s' in '%s': malformed line", ename, arname);
			continue;
		}
		struct vg_sv key = vg_sv_trim(vg_sv_make(l.p, k));
		struct vg_sv val = vg_sv_trim(vg_sv_make(l.p + k + 1, l.n - k - 1));
		if (vg_sv_eq(key, "groupId"))
			g = val;
		else if (vg_sv_eq(key, "artifactId"))
			a = val;
		else if (vg_sv_eq(key, "version"))
			v = val;
	}
	size_t max = j->lim->max_field;
	if (!ok_token(g, max) || !ok_token(a, max) || !ok_token(v, max)) {
		vg_analyze_warn(j->ctx, 0, "'%s' in '%s': no valid groupId, artifactId and version", ename,
				arname);
		return 0;
	}
	int e = jar_emit(j, g, a, v);
	return e < 0 ? e : 1;
}

enum {
	M_IMPL_TITLE,
	M_IMPL_VERSION,
	M_IMPL_VENDOR_ID,
	M_BUNDLE_SN,
	M_BUNDLE_NAME,
	M_BUNDLE_VERSION,
	M_SPEC_TITLE,
	M_SPEC_VERSION,
	M_COUNT
};

/* 1: emitted, 0: not enough in the manifest, -ENOMEM. */
static int jar_manifest(struct jar *j, const unsigned char *d, size_t n)
{
	struct vg_para_field f[M_COUNT] = {
		[M_IMPL_TITLE] = { .name = "Implementation-Title" },
		[M_IMPL_VERSION] = { .name = "Implementation-Version" },
		[M_IMPL_VENDOR_ID] = { .name = "Implementation-Vendor-Id" },
		[M_BUNDLE_SN] = { .name = "Bundle-SymbolicName" },
		[M_BUNDLE_NAME] = { .name = "Bundle-Name" },
		[M_BUNDLE_VERSION] = { .name = "Bundle-Version" },
		[M_SPEC_TITLE] = { .name = "Specification-Title" },
		[M_SPEC_VERSION] = { .name = "Specification-Version" },
	};
	struct vg_para_reader r;
	size_t max = j->lim->max_field;
	int e;

	vg_para_init(&r, j->ctx, d, n, VG_FOLD_MANIFEST, f, M_COUNT);
	e = vg_para_next(&r, f, M_COUNT);
	if (e <= 0)
		goto out;
	e = 0;
	struct vg_sv version = vg_sv_trim(vg_para_sv(&f[M_IMPL_VERSION]));
	if (!ok_token(version, max))
		version = vg_sv_trim(vg_para_sv(&f[M_BUNDLE_VERSION]));
	if (!ok_token(version, max))
		version = vg_sv_trim(vg_para_sv(&f[M_SPEC_VERSION]));
	struct vg_sv sn = vg_sv_trim(vg_para_sv(&f[M_BUNDLE_SN]));
	const char *semi = sn.n ? memchr(sn.p, ';', sn.n) : NULL;
	if (semi)
		sn = vg_sv_trim(vg_sv_make(sn.p, (size_t)(semi - sn.p)));
	struct vg_sv artifact = vg_sv_trim(vg_para_sv(&f[M_IMPL_TITLE]));
	if (!ok_token(artifact, max))
		artifact = vg_sv_trim(vg_para_sv(&f[M_BUNDLE_NAME]));
	if (!ok_token(artifact, max))
		artifact = vg_sv_trim(vg_para_sv(&f[M_SPEC_TITLE]));
	if (!ok_token(artifact, max) && ok_token(sn, max)) {
		const char *dot = sn.p + sn.n;
		while (dot > sn.p && dot[-1] != '.')
			dot--;
		artifact = vg_sv_make(dot, (size_t)(sn.p + sn.n - dot));
	}
	if (!ok_token(version, max) || !ok_token(artifact, max))
		goto out;
	struct vg_sv group = vg_sv_trim(vg_para_sv(&f[M_IMPL_VENDOR_ID]));
	if (!ok_token(group, max) && ok_token(sn, max)) {
		group = sn;
		if (group.n > artifact.n + 1 && group.p[group.n - artifact.n - 1] == '.' &&
		    memcmp(group.p + group.n - artifact.n, artifact.p, artifact.n) == 0)
			group.n -= artifact.n + 1; /* "com.example.lib" with artifact "lib" */
		else if (group.n == artifact.n && memcmp(group.p, artifact.p, group.n) == 0)
			group = vg_sv_make(NULL, 0);
	}
	if (!ok_token(group, max))
		group = vg_sv_make(NULL, 0);
	e = jar_emit(j, group, artifact, version);
	if (e == 0)
		e = 1;
out:
	vg_para_release(f, M_COUNT);
	return e;
}

/* "commons-lang3-3.12.0.jar" -> "commons-lang3", "3.12.0". */
static int jar_filename(struct jar *j, const char *name)
{
	const char *base = vg_path_base(name);
	size_t n = strlen(base);

	if (n < 4)
		return 0;
	n -= 4; /* the extension */
	for (size_t i = 1; i + 1 < n; i++) {
		if (base[i] != '-' || base[i + 1] < '0' || base[i + 1] > '9')
			continue;
		struct vg_sv artifact = vg_sv_make(base, i), version = vg_sv_make(base + i + 1, n - i - 1);
		if (!ok_token(artifact, j->lim->max_field) || !ok_token(version, j->lim->max_field))
			return 0;
		return jar_emit(j, vg_sv_make(NULL, 0), artifact, version);
	}
	return 0;
}

static bool is_pom_properties(const char *p)
{
	return strncmp(p, "META-INF/maven/", 15) == 0 && vg_path_ends(p, "/pom.properties");
}

static int jar_walk(struct jar *j, const char *arname, const unsigned char *data, size_t len,
		    uint32_t depth)
{
	struct archive *ar = archive_read_new();
	struct archive_entry *ent;
	unsigned char *manifest = NULL, *buf = NULL;
	size_t manifest_len = 0, blen = 0;
	size_t poms = 0;
	int e = 0, r;

	if (!ar)
		return -ENOMEM;
	if (archive_read_support_format_zip(ar) != ARCHIVE_OK ||
	    archive_read_open_memory(ar, data, len) != ARCHIVE_OK) {
		vg_analyze_warn(j->ctx, 0, "'%s' is not a readable zip archive: %s", arname,
				archive_error_string(ar) ? archive_error_string(ar) : "unknown error");
		goto out;
	}
	while (!j->stop) {
		r = archive_read_next_header(ar, &ent);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			vg_analyze_warn(j->ctx, 0, "'%s': %s", arname,
					archive_error_string(ar) ? archive_error_string(ar) : "bad entry");
			break;
		}
		if (++j->entries > j->lim->max_archive_entries) {
			vg_analyze_warn(j->ctx, 0,
					"more than %llu archive entries (max_archive_entries), the rest "
					"are skipped",
					(unsigned long long)j->lim->max_archive_entries);
			j->stop = true;
			break;
		}
		const char *p = archive_entry_pathname(ent);
		if (!p || archive_entry_filetype(ent) != AE_IFREG)
			continue;
		bool pom = is_pom_properties(p);
		bool mf = !manifest && vg_sv_ieq(vg_sv_make(p, strlen(p)), "META-INF/MANIFEST.MF");
		bool nested = is_archive_name(p);
		if (!pom && !mf && !nested)
			continue;
		if (nested && depth + 1 > j->lim->max_archive_depth) {
			if (!j->depth_warned)
				vg_analyze_warn(j->ctx, 0,
						"'%s' in '%s': archives nested deeper than %u "
						"(max_archive_depth) are skipped",
						p, arname, j->lim->max_archive_depth);
			j->depth_warned = true;
			continue;
		}
		uint64_t cap = nested ? j->lim->max_member : JAR_MAX_TEXT;
		if (archive_entry_size_is_set(ent) && (uint64_t)archive_entry_size(ent) > cap) {
			vg_analyze_warn(j->ctx, 0, "'%s' in '%s' is larger than %llu bytes, skipped", p,
					arname, (unsigned long long)cap);
			continue;
		}
		char *ename = strdup(p);
		if (!ename) {
			e = -ENOMEM;
			goto out;
		}
		r = read_member(j, ar, arname, ename, cap, &buf, &blen);
		if (r <= 0) {
			free(ename);
			if (r < 0) {
				e = r;
				goto out;
			}
			continue;
		}
		if (pom) {
			e = jar_pom(j, arname, ename, buf, blen);
			if (e > 0) {
				poms++;
				e = 0;
			}
		} else if (mf) {
			manifest = buf;
			manifest_len = blen;
			buf = NULL;
		} else {
			e = jar_walk(j, ename, buf, blen, depth + 1);
		}
		free(ename);
		free(buf);
		buf = NULL;
		if (e < 0)
			goto out;
	}
	if (poms == 0 && manifest)
		e = jar_manifest(j, manifest, manifest_len);
	if (e == 0 && poms == 0)
		e = jar_filename(j, arname);
	if (e > 0)
		e = 0;
out:
	free(manifest);
	free(buf);
	archive_read_free(ar);
	return e;
}

int vg_jar_parse(struct vg_analyze_ctx *ctx, const char *name, const unsigned char *data,
		 size_t len)
{
	struct jar j;

	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.lim = vg_pkgdb_limits(ctx);
	return vg_pkgdb_ret(jar_walk(&j, name, data, len, 0));
}

static int jar_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
		       size_t len)
{
	return vg_jar_parse(ctx, path, data, len);
}

const struct vg_analyzer vg_analyzer_jar = {
	.name = "jar",
	.type = VG_PKG_JAR,
	.wants = jar_wants,
	.analyze = jar_analyze,
};
