/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rpm.c - the rpm database. rpmdb.sqlite (RHEL 9+, Fedora 33+) is opened from memory with
 * SQLite (a private read-only copy, defensive mode, no triggers or views, a step budget) and
 * every Packages.blob is parsed as an rpm header:
 *
 *   uint32be il, uint32be dl, il x { int32be tag, type, offset, count }, dl bytes of data
 *
 * with every offset checked against dl and every string's NUL inside the data. Kept: NAME,
 * VERSION, RELEASE, EPOCH, ARCH, LICENSE, VENDOR, SOURCERPM. version = "[epoch:]version-release";
 * the source package comes from SOURCERPM "name-version-release.src.rpm" (its version takes
 * the binary package's epoch). gpg-pubkey entries (imported signing keys, not software) are
 * skipped.
 *
 * Berkeley DB (Packages) and NDB (Packages.db) databases are recognised and reported as
 * unsupported (docs/dependencies.md, "Package databases", says why).
 */
#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include "pkgdb/elf.h"
#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

#define RPM_MAX_IL 0xffffu          /* rpm's own HEADER_TAGS_MAX */
#define RPM_MAX_DL 0x0fffffffu      /* rpm's own HEADER_DATA_MAX */
#define RPM_SQLITE_STEPS 200000u     /* progress-handler calls (x1000 VM steps) per database */

enum {
	TAG_NAME = 1000,
	TAG_VERSION = 1001,
	TAG_RELEASE = 1002,
	TAG_EPOCH = 1003,
	TAG_VENDOR = 1011,
	TAG_LICENSE = 1014,
	TAG_ARCH = 1022,
	TAG_SOURCERPM = 1044,
};

enum { TYPE_INT32 = 4, TYPE_STRING = 6, TYPE_STRING_ARRAY = 8, TYPE_I18NSTRING = 9 };

static const char *const rpm_dirs[] = { "var/lib/rpm/", "usr/lib/sysimage/rpm/", "usr/share/rpm/" };

static bool rpm_wants(const char *path, uint32_t mode, uint64_t size)
{
	const char *rel = vg_path_rel(path);

	for (size_t i = 0; i < sizeof(rpm_dirs) / sizeof(rpm_dirs[0]); i++) {
		size_t n = strlen(rpm_dirs[i]);
		if (strncmp(rel, rpm_dirs[i], n) != 0)
			continue;
		const char *f = rel + n;
		return strcmp(f, "rpmdb.sqlite") == 0 || strcmp(f, "Packages") == 0 ||
		       strcmp(f, "Packages.db") == 0;
	}
	return false;
}

/* A string entry's first string (NUL-terminated inside the data area). */
static bool entry_string(const unsigned char *store, uint32_t dl, uint32_t type, uint32_t off,
			 uint32_t count, struct vg_sv *ret)
{
	if (type != TYPE_STRING && type != TYPE_STRING_ARRAY && type != TYPE_I18NSTRING)
		return false;
	if (count == 0 || off >= dl)
		return false;
	const unsigned char *nul = memchr(store + off, '\0', dl - off);
	if (!nul)
		return false;
	*ret = vg_sv_make((const char *)store + off, (size_t)(nul - (store + off)));
	return true;
}

/* "name-version-release.src.rpm" -> name, "version-release". */
static bool split_sourcerpm(struct vg_sv s, struct vg_sv *ret_name, struct vg_sv *ret_vr)
{
	if (vg_sv_ends(s, ".src.rpm"))
		s.n -= strlen(".src.rpm");
	else if (vg_sv_ends(s, ".nosrc.rpm"))
		s.n -= strlen(".nosrc.rpm");
	else
		return false;
	size_t rel = s.n, ver;
	while (rel > 0 && s.p[rel - 1] != '-')
		rel--;
	if (rel < 2)
		return false;
	ver = rel - 1;
	while (ver > 0 && s.p[ver - 1] != '-')
		ver--;
	if (ver < 2 || ver == rel - 1 || rel == s.n)
		return false;
	*ret_name = vg_sv_make(s.p, ver - 1);
	*ret_vr = vg_sv_make(s.p + ver, s.n - ver);
	return true;
}

int vg_rpm_header_parse(struct vg_analyze_ctx *ctx, const unsigned char *blob, size_t len,
			long long record)
{
	struct vg_sv name = { 0 }, version = { 0 }, release = { 0 }, arch = { 0 }, license = { 0 },
		     vendor = { 0 }, srpm = { 0 };
	bool has_epoch = false;
	uint32_t epoch = 0;
	size_t max_field = vg_pkgdb_limits(ctx)->max_field;
	struct vg_arena a;
	int e;

	if (len < 8) {
		vg_analyze_warn(ctx, 0, "package record %lld: header shorter than 8 bytes", record);
		return 0;
	}
	uint32_t il = vg_rd32(blob, true), dl = vg_rd32(blob + 4, true);
	if (il == 0 || il > RPM_MAX_IL || dl > RPM_MAX_DL) {
		vg_analyze_warn(ctx, 0, "package record %lld: bad header sizes (il %u, dl %u)", record, il,
				dl);
		return 0;
	}
	uint64_t need = 8 + (uint64_t)il * 16 + dl;
	if (need > len) {
		vg_analyze_warn(ctx, 0, "package record %lld: header truncated (%zu of %llu bytes)", record,
				len, (unsigned long long)need);
		return 0;
	}
	const unsigned char *idx = blob + 8, *store = idx + (size_t)il * 16;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *en = idx + (size_t)i * 16;
		uint32_t tag = vg_rd32(en, true), type = vg_rd32(en + 4, true);
		uint32_t off = vg_rd32(en + 8, true), count = vg_rd32(en + 12, true);
		struct vg_sv *dst = NULL;
		switch (tag) {
		case TAG_NAME: dst = &name; break;
		case TAG_VERSION: dst = &version; break;
		case TAG_RELEASE: dst = &release; break;
		case TAG_ARCH: dst = &arch; break;
		case TAG_LICENSE: dst = &license; break;
		case TAG_VENDOR: dst = &vendor; break;
		case TAG_SOURCERPM: dst = &srpm; break;
		case TAG_EPOCH:
			if (type != TYPE_INT32 || count < 1 || off > dl || dl - off < 4) {
				vg_analyze_warn(ctx, 0, "package record %lld: malformed EPOCH entry", record);
				return 0;
			}
			epoch = vg_rd32(store + off, true);
			has_epoch = true;
			continue;
		default:
			continue;
		}
		if (!entry_string(store, dl, type, off, count, dst)) {
			vg_analyze_warn(ctx, 0, "package record %lld: malformed string entry for tag %u",
					record, tag);
			return 0;
		}
		if (dst->n > max_field || vg_sv_has_ctl(*dst)) {
			vg_analyze_warn(ctx, 0, "package record %lld: invalid value for tag %u", record, tag);
			return 0;
		}
	}
	if (!name.n || !version.n || !release.n) {
		vg_analyze_warn(ctx, 0, "package record %lld: no NAME, VERSION or RELEASE", record);
		return 0;
	}
	if (vg_sv_eq(name, "gpg-pubkey"))
		return 0;

	vg_arena_init(&a, 1024);
	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_RPM;
	p.name = name;
	p.arch = arch;
	p.licenses = license;
	p.supplier = vendor;
	char *v = has_epoch ? vg_arena_printf(&a, "%u:%.*s-%.*s", epoch, (int)version.n, version.p,
					      (int)release.n, release.p)
			    : vg_arena_printf(&a, "%.*s-%.*s", (int)version.n, version.p, (int)release.n,
					      release.p);
	if (!v) {
		e = -ENOMEM;
		goto out;
	}
	p.version = vg_sv_make(v, strlen(v));
	p.src_name = name;
	p.src_version = p.version;
	struct vg_sv sname, svr;
	if (srpm.n && split_sourcerpm(srpm, &sname, &svr)) {
		char *sv = has_epoch ? vg_arena_printf(&a, "%u:%.*s", epoch, (int)svr.n, svr.p)
				     : vg_arena_printf(&a, "%.*s", (int)svr.n, svr.p);
		if (!sv) {
			e = -ENOMEM;
			goto out;
		}
		p.src_name = sname;
		p.src_version = vg_sv_make(sv, strlen(sv));
	} else if (srpm.n) {
		vg_analyze_warn(ctx, 0, "package record %lld (%.*s): malformed SOURCERPM '%.*s'", record,
				(int)name.n, name.p, (int)srpm.n, srpm.p);
	}
	e = vg_pkgdb_emit_sv(ctx, &a, &p);
out:
	vg_arena_release(&a);
	return vg_pkgdb_ret(e);
}

/* The step budget: sqlite calls this every 1000 VM steps; nonzero interrupts the query. */
static int rpm_progress(void *arg)
{
	unsigned *left = arg;
	if (*left == 0)
		return 1;
	(*left)--;
	return 0;
}

static int rpm_sqlite(struct vg_analyze_ctx *ctx, const unsigned char *data, size_t len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned steps = RPM_SQLITE_STEPS;
	int e = 0, rc;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		e = -ENOMEM;
		goto out;
	}
	unsigned char *copy = sqlite3_malloc64(len);
	if (!copy) {
		e = -ENOMEM;
		goto out;
	}
	memcpy(copy, data, len);
	/* rpm keeps its database in WAL mode, which a deserialized database cannot use: read the
	 * main file as a rollback-journal database (the -wal file is not read). */
	if (len >= 20 && copy[18] == 2 && copy[19] == 2)
		copy[18] = copy[19] = 1;
	rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
				 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_NOMEM)
			e = -ENOMEM;
		else
			vg_analyze_warn(ctx, 0, "cannot open rpm sqlite database: %s", sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)RPM_MAX_DL);
	sqlite3_progress_handler(db, 1000, rpm_progress, &steps);
	rc = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_NOMEM)
			e = -ENOMEM;
		else
			vg_analyze_warn(ctx, 0, "not an rpm sqlite database: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long hnum = sqlite3_column_int64(st, 0);
		const void *blob = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);
		if (!blob || n <= 0) {
			vg_analyze_warn(ctx, 0, "package record %lld: empty blob", hnum);
			continue;
		}
		e = vg_rpm_header_parse(ctx, blob, (size_t)n, hnum);
		if (e < 0)
			goto out;
		if (ctx->emitted > vg_pkgdb_limits(ctx)->max_packages)
			goto out;
	}
	if (rc == SQLITE_NOMEM)
		e = -ENOMEM;
	else if (rc == SQLITE_INTERRUPT)
		vg_analyze_warn(ctx, 0, "rpm sqlite database: step budget exhausted, the rest is skipped");
	else if (rc != SQLITE_DONE)
		vg_analyze_warn(ctx, 0, "rpm sqlite database: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return vg_pkgdb_ret(e);
}

static bool is_bdb(const unsigned char *d, size_t len)
{
	/* Berkeley DB metadata page: magic at offset 12, hash 0x061561 or btree 0x053162 */
	if (len < 16)
		return false;
	uint32_t le = vg_rd32(d + 12, false), be = vg_rd32(d + 12, true);
	return le == 0x061561 || be == 0x061561 || le == 0x053162 || be == 0x053162;
}

static int rpm_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
		       size_t len)
{
	if (len >= 16 && memcmp(data, "SQLite format 3\0", 16) == 0)
		return rpm_sqlite(ctx, data, len);
	if (is_bdb(data, len)) {
		vg_analyze_warn(ctx, 0, "Berkeley DB rpmdb not supported");
		return 0;
	}
	if (len >= 4 && memcmp(data, "RpmP", 4) == 0) {
		vg_analyze_warn(ctx, 0, "NDB rpmdb not supported");
		return 0;
	}
	if (len > 0)
		vg_analyze_warn(ctx, 0, "not an rpm database (unknown format)");
	return 0;
}

const struct vg_analyzer vg_analyzer_rpm = {
	.name = "rpm",
	.type = VG_PKG_RPM,
	.wants = rpm_wants,
	.analyze = rpm_analyze,
};
