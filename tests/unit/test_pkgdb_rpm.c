/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_rpm.c - the rpm analyzer: header blobs, rpmdb.sqlite built here with SQLite, a
 * real database written by librpm (tests/data/pkgdb/rpm/mk-rpmdb.py), BDB/NDB detection. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <zlib.h>

#include "pkgdb/pkgdb_internal.h"
#include "vigil/pkg.h"

#include "pkgdb_test_util.h"
/* ---- end of helpers ---- */

/* ---- an rpm header builder ---- */
struct hb {
	unsigned char idx[16 * 64];
	unsigned char data[8192];
	uint32_t il, dl;
};

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void hb_entry(struct hb *h, uint32_t tag, uint32_t type, uint32_t off, uint32_t count)
{
	unsigned char *e = h->idx + 16 * h->il++;
	be32(e, tag);
	be32(e + 4, type);
	be32(e + 8, off);
	be32(e + 12, count);
}

static void hb_str(struct hb *h, uint32_t tag, uint32_t type, const char *s)
{
	hb_entry(h, tag, type, h->dl, 1);
	memcpy(h->data + h->dl, s, strlen(s) + 1);
	h->dl += (uint32_t)strlen(s) + 1;
}

static void hb_int(struct hb *h, uint32_t tag, uint32_t v)
{
	h->dl = (h->dl + 3) & ~3u;
	hb_entry(h, tag, 4, h->dl, 1);
	be32(h->data + h->dl, v);
	h->dl += 4;
}

static size_t hb_blob(const struct hb *h, unsigned char *out)
{
	be32(out, h->il);
	be32(out + 4, h->dl);
	memcpy(out + 8, h->idx, 16 * h->il);
	memcpy(out + 8 + 16 * h->il, h->data, h->dl);
	return 8 + 16 * h->il + h->dl;
}

static size_t make_pkg(unsigned char *out, const char *name, const char *ver, const char *rel,
		       int epoch, const char *arch, const char *srpm)
{
	struct hb h;
	memset(&h, 0, sizeof(h));
	hb_str(&h, 1004, 9, "a summary");  /* SUMMARY, I18NSTRING: ignored */
	hb_str(&h, 1000, 6, name);
	hb_str(&h, 1001, 6, ver);
	hb_str(&h, 1002, 6, rel);
	if (epoch >= 0)
		hb_int(&h, 1003, (uint32_t)epoch);
	if (arch)
		hb_str(&h, 1022, 6, arch);
	hb_str(&h, 1014, 6, "MIT and BSD");
	hb_str(&h, 1011, 6, "Red Hat, Inc.");
	if (srpm)
		hb_str(&h, 1044, 6, srpm);
	hb_str(&h, 1118, 8, "/usr/bin"); /* DIRNAMES, STRING_ARRAY: ignored */
	return hb_blob(&h, out);
}

/* An rpmdb.sqlite image: the Packages table as rpm creates it, one row per blob. */
static unsigned char *make_db(const unsigned char *const *blobs, const size_t *lens, size_t n,
			      size_t *ret_len)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY "
					  "AUTOINCREMENT,blob BLOB NOT NULL);"
					  "CREATE TABLE 'Name' (key TEXT NOT NULL, hnum INTEGER NOT NULL, "
					  "idx INTEGER NOT NULL, FOREIGN KEY (hnum) REFERENCES 'Packages'(hnum));",
					  NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO Packages(blob) VALUES (?)", -1, &st, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_blob(st, 1, blobs[i], (int)lens[i], SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_int64 sz = 0;
	unsigned char *img = sqlite3_serialize(db, "main", &sz, 0);
	assert_non_null(img);
	unsigned char *copy = malloc((size_t)sz);
	memcpy(copy, img, (size_t)sz);
	sqlite3_free(img);
	sqlite3_close(db);
	*ret_len = (size_t)sz;
	return copy;
}

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_rpm;
	assert_true(a->wants("/var/lib/rpm/rpmdb.sqlite", 0644, 10));
	assert_true(a->wants("/usr/lib/sysimage/rpm/rpmdb.sqlite", 0644, 10));
	assert_true(a->wants("/usr/share/rpm/rpmdb.sqlite", 0644, 10));
	assert_true(a->wants("/var/lib/rpm/Packages", 0644, 10));
	assert_true(a->wants("/var/lib/rpm/Packages.db", 0644, 10));
	assert_false(a->wants("/var/lib/rpm/rpmdb.sqlite-wal", 0644, 10));
	assert_false(a->wants("/var/lib/rpm/Name", 0644, 10));
	assert_false(a->wants("/opt/rpm/rpmdb.sqlite", 0644, 10));
}

static void test_header_blob(void **state)
{
	(void)state;
	unsigned char blob[8192];
	struct warnlog w;
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;

	size_t n = make_pkg(blob, "openssl-libs", "3.0.7", "27.el9", 1, "x86_64",
			    "openssl-3.0.7-27.el9.src.rpm");
	assert_int_equal(vg_inventory_new(&inv), 0);
	memset(&ctx, 0, sizeof(ctx));
	memset(&w, 0, sizeof(w));
	ctx.inv = inv;
	ctx.file = "/var/lib/rpm/rpmdb.sqlite";
	ctx.warn = warn_sink;
	ctx.warn_userdata = &w;
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, n, 1), 0);
	assert_int_equal(ctx.warnings, 0);
	assert_int_equal(vg_inventory_count(inv), 1);
	const struct vg_pkg *p = need_pkg(inv, "openssl-libs", "1:3.0.7-27.el9");
	assert_int_equal(p->type, VG_PKG_RPM);
	assert_string_equal(p->src_name, "openssl");
	assert_string_equal(p->src_version, "1:3.0.7-27.el9");
	assert_string_equal(p->arch, "x86_64");
	assert_string_equal(p->licenses, "MIT and BSD");
	assert_string_equal(p->supplier, "Red Hat, Inc.");
	assert_null(p->ecosystem);

	/* no epoch, no SOURCERPM, no arch */
	n = make_pkg(blob, "foo", "1.0", "1", -1, NULL, NULL);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, n, 2), 0);
	p = need_pkg(inv, "foo", "1.0-1");
	assert_string_equal(p->src_name, "foo");
	assert_string_equal(p->src_version, "1.0-1");
	assert_null(p->arch);

	/* malformed SOURCERPM: the package is kept, with a warning */
	n = make_pkg(blob, "bar", "2", "3", -1, "noarch", "bar.src.rpm");
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, n, 3), 0);
	p = need_pkg(inv, "bar", "2-3");
	assert_string_equal(p->src_name, "bar");
	assert_true(warned(&w, 0, "malformed SOURCERPM"));

	/* source package names with dashes; nosrc */
	n = make_pkg(blob, "python3-libs", "3.9.18", "1.el9", -1, "x86_64", "python3.9-3.9.18-1.el9.nosrc.rpm");
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, n, 4), 0);
	p = need_pkg(inv, "python3-libs", "3.9.18-1.el9");
	assert_string_equal(p->src_name, "python3.9");
	assert_string_equal(p->src_version, "3.9.18-1.el9");

	/* gpg-pubkey entries are skipped */
	n = make_pkg(blob, "gpg-pubkey", "fd431d51", "4ae0493b", -1, NULL, NULL);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, n, 5), 0);
	assert_null(find_pkg(inv, "gpg-pubkey"));
	assert_int_equal(vg_inventory_count(inv), 4);

	/* every truncation and many corruptions of a valid blob: no crash, never a bogus package */
	n = make_pkg(blob, "openssl-libs", "3.0.7", "27.el9", 1, "x86_64", "openssl-3.0.7-27.el9.src.rpm");
	for (size_t k = 0; k < n; k++) {
		unsigned char *c = malloc(k ? k : 1);
		memcpy(c, blob, k);
		assert_int_equal(vg_rpm_header_parse(&ctx, c, k, 9), 0);
		free(c);
		unsigned char *d = malloc(n);
		memcpy(d, blob, n);
		d[k] ^= 0xff;
		assert_int_equal(vg_rpm_header_parse(&ctx, d, n, 10), 0);
		free(d);
	}
	vg_inventory_free(inv);
}

static void test_header_malformed(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;
	unsigned char blob[8192];
	struct hb h;

	assert_int_equal(vg_inventory_new(&inv), 0);
	memset(&ctx, 0, sizeof(ctx));
	memset(&w, 0, sizeof(w));
	ctx.inv = inv;
	ctx.warn = warn_sink;
	ctx.warn_userdata = &w;

	assert_int_equal(vg_rpm_header_parse(&ctx, blob, 4, 1), 0);
	assert_true(warned(&w, 0, "shorter than 8 bytes"));

	be32(blob, 0x10000); /* il over rpm's limit */
	be32(blob + 4, 0);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, 8, 2), 0);
	assert_true(warned(&w, 0, "record 2: bad header sizes"));
	be32(blob, 1);
	be32(blob + 4, 0x10000000); /* dl over rpm's limit */
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, 8, 3), 0);
	assert_true(warned(&w, 0, "record 3: bad header sizes"));
	be32(blob, 2);
	be32(blob + 4, 100);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, 40, 4), 0);
	assert_true(warned(&w, 0, "record 4: header truncated"));

	/* a string offset past dl */
	memset(&h, 0, sizeof(h));
	hb_str(&h, 1000, 6, "x");
	be32(h.idx + 8, 500);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, hb_blob(&h, blob), 5), 0);
	assert_true(warned(&w, 0, "record 5: malformed string entry for tag 1000"));

	/* a string without its NUL inside the data */
	memset(&h, 0, sizeof(h));
	hb_str(&h, 1000, 6, "name");
	h.dl--; /* drop the NUL */
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, hb_blob(&h, blob), 6), 0);
	assert_true(warned(&w, 0, "record 6: malformed string entry"));

	/* NAME as an INT32 */
	memset(&h, 0, sizeof(h));
	hb_int(&h, 1000, 7);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, hb_blob(&h, blob), 7), 0);
	assert_true(warned(&w, 0, "record 7: malformed string entry"));

	/* EPOCH running off the end */
	memset(&h, 0, sizeof(h));
	hb_str(&h, 1000, 6, "n");
	hb_entry(&h, 1003, 4, 1, 1);
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, hb_blob(&h, blob), 8), 0);
	assert_true(warned(&w, 0, "record 8: malformed EPOCH"));

	/* no VERSION */
	memset(&h, 0, sizeof(h));
	hb_str(&h, 1000, 6, "n");
	hb_str(&h, 1002, 6, "1");
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, hb_blob(&h, blob), 9), 0);
	assert_true(warned(&w, 0, "record 9: no NAME, VERSION or RELEASE"));

	/* control characters in a name */
	memset(&h, 0, sizeof(h));
	hb_str(&h, 1000, 6, "n\x1b[0m");
	hb_str(&h, 1001, 6, "1");
	hb_str(&h, 1002, 6, "1");
	assert_int_equal(vg_rpm_header_parse(&ctx, blob, hb_blob(&h, blob), 10), 0);
	assert_true(warned(&w, 0, "record 10: invalid value"));

	assert_int_equal(vg_inventory_count(inv), 0);
	vg_inventory_free(inv);
}

static void test_sqlite_built_here(void **state)
{
	(void)state;
	unsigned char b1[8192], b2[8192], b3[16];
	const unsigned char *blobs[] = { b1, b2, b3 };
	size_t lens[3];
	lens[0] = make_pkg(b1, "bash", "5.1.8", "9.el9", -1, "x86_64", "bash-5.1.8-9.el9.src.rpm");
	lens[1] = make_pkg(b2, "systemd-libs", "252", "18.el9", -1, "x86_64", "systemd-252-18.el9.src.rpm");
	memset(b3, 0xee, sizeof(b3)); /* a corrupt row between good ones */
	lens[2] = sizeof(b3);
	size_t len;
	unsigned char *img = make_db(blobs, lens, 3, &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 2);
	need_pkg(inv, "bash", "5.1.8-9.el9");
	const struct vg_pkg *p = need_pkg(inv, "systemd-libs", "252-18.el9");
	assert_string_equal(p->src_name, "systemd");
	assert_string_equal(p->src_version, "252-18.el9");
	assert_string_equal(p->file, "/var/lib/rpm/rpmdb.sqlite");
	assert_int_equal(w.counted, 1);
	assert_true(warned(&w, 0, "package record 3: bad header sizes"));
	vg_inventory_free(inv);

	/* the same file marked as WAL mode (as rpm leaves it) */
	img[18] = img[19] = 2;
	inv = run(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 2);
	vg_inventory_free(inv);

	/* truncated and corrupted databases: warnings, no crash */
	torture(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, len, 509);
	free(img);
}

static void test_sqlite_hostile_schema(void **state)
{
	(void)state;
	sqlite3 *db;
	struct warnlog w;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	/* "Packages" as a view over an endless recursive query must not run */
	assert_int_equal(sqlite3_exec(db, "CREATE VIEW Packages AS WITH RECURSIVE c(hnum, blob) AS "
					  "(SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM c) "
					  "SELECT hnum, blob FROM c;",
					  NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_int64 sz = 0;
	unsigned char *img = sqlite3_serialize(db, "main", &sz, 0);
	sqlite3_close(db);
	struct vg_inventory *inv = run(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, (size_t)sz, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 0, "not an rpm sqlite database"));
	vg_inventory_free(inv);
	sqlite3_free(img);

	/* a database without a Packages table */
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x);", NULL, NULL, NULL), SQLITE_OK);
	img = sqlite3_serialize(db, "main", &sz, 0);
	sqlite3_close(db);
	inv = run(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, (size_t)sz, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 0, "not an rpm sqlite database"));
	vg_inventory_free(inv);
	sqlite3_free(img);
}

static unsigned char *gunzip(const char *path, size_t *ret_len)
{
	size_t zlen;
	unsigned char *z = slurp(path, &zlen);
	size_t cap = 1 << 20;
	unsigned char *out = malloc(cap);
	z_stream s;
	memset(&s, 0, sizeof(s));
	assert_int_equal(inflateInit2(&s, 16 + MAX_WBITS), Z_OK);
	s.next_in = z;
	s.avail_in = (uInt)zlen;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	*ret_len = cap - s.avail_out;
	inflateEnd(&s);
	free(z);
	return out;
}

static void test_real_rpmdb(void **state)
{
	(void)state;
	size_t len;
	unsigned char *img = gunzip(VG_TEST_DATA_DIR "/pkgdb/rpm/rpmdb.sqlite.gz", &len);
	assert_int_equal(img[18], 2); /* written by librpm in WAL mode */
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_rpm, "/usr/lib/sysimage/rpm/rpmdb.sqlite", img, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 3);
	const struct vg_pkg *p = need_pkg(inv, "bash", "5.1.8-9.el9");
	assert_string_equal(p->src_name, "bash");
	assert_string_equal(p->src_version, "5.1.8-9.el9");
	assert_string_equal(p->licenses, "GPLv3+");
	assert_string_equal(p->supplier, "Rocky Enterprise Software Foundation");
	assert_string_equal(p->arch, "x86_64");
	p = need_pkg(inv, "openssl-libs", "1:3.0.7-27.el9");
	assert_string_equal(p->src_name, "openssl");
	assert_string_equal(p->src_version, "1:3.0.7-27.el9");
	assert_string_equal(p->licenses, "ASL 2.0");
	p = need_pkg(inv, "tzdata", "2024a-1.el9");
	assert_string_equal(p->arch, "noarch");
	vg_inventory_free(inv);
	free(img);
}

static void test_other_formats(void **state)
{
	(void)state;
	struct warnlog w;
	unsigned char page[4096];

	memset(page, 0, sizeof(page));
	page[12] = 0x61; /* Berkeley DB hash magic 0x061561, little endian */
	page[13] = 0x15;
	page[14] = 0x06;
	struct vg_inventory *inv = run(&vg_analyzer_rpm, "/var/lib/rpm/Packages", page, sizeof(page), &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.counted, 1);
	assert_true(warned(&w, 0, "Berkeley DB rpmdb not supported"));
	vg_inventory_free(inv);

	memset(page, 0, sizeof(page));
	memcpy(page, "RpmP", 4);
	inv = run(&vg_analyzer_rpm, "/var/lib/rpm/Packages.db", page, sizeof(page), &w, NULL);
	assert_true(warned(&w, 0, "NDB rpmdb not supported"));
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", "hello", &w);
	assert_true(warned(&w, 0, "not an rpm database"));
	vg_inventory_free(inv);
}

static void test_limits(void **state)
{
	(void)state;
	unsigned char b[3][8192];
	const unsigned char *blobs[] = { b[0], b[1], b[2] };
	size_t lens[3], len;
	lens[0] = make_pkg(b[0], "a", "1", "1", -1, "x86_64", NULL);
	lens[1] = make_pkg(b[1], "b", "1", "1", -1, "x86_64", NULL);
	lens[2] = make_pkg(b[2], "c", "1", "1", -1, "x86_64", NULL);
	unsigned char *img = make_db(blobs, lens, 3, &len);
	struct vg_pkgdb_limits lim;
	struct warnlog w;
	vg_pkgdb_limits_init(&lim);
	lim.max_packages = 2;
	struct vg_inventory *inv = run(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 2);
	assert_true(warned(&w, 0, "max_packages"));
	vg_inventory_free(inv);

	vg_pkgdb_limits_init(&lim);
	lim.max_field = 4;
	lens[0] = make_pkg(b[0], "toolongname", "1", "1", -1, NULL, NULL);
	free(img);
	img = make_db(blobs, lens, 1, &len);
	inv = run(&vg_analyzer_rpm, "/var/lib/rpm/rpmdb.sqlite", img, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 0, "invalid value for tag 1000"));
	vg_inventory_free(inv);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_header_blob),
		cmocka_unit_test(test_header_malformed),
		cmocka_unit_test(test_sqlite_built_here),
		cmocka_unit_test(test_sqlite_hostile_schema),
		cmocka_unit_test(test_real_rpmdb),
		cmocka_unit_test(test_other_formats),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
