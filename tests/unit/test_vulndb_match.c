/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vulndb_match.c - the whole shared vulnerability corpus (../shared/corpus/vulndb/osv,
 * 7,914 records) plus the hand-written records of tests/data/vulndb/records imported into one
 * database, then inventories matched against it: the npm-lock-v3 fixture's known advisories,
 * Go's stdlib, Debian by source package (true negatives at the image's own versions), Alpine
 * by release, last_affected, versions lists, withdrawn records, severities and sorting.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "vigil/pkg.h"
#include "vigil/vulndb.h"

static char tmpdir[256];
static char dbpath[512];
static struct vg_vulndb *db;
static uint64_t corpus_records;
static char corpus_counts[16][64];
static size_t ncorpus_counts;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vg-vulndb-match-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/vulndb.sqlite", tmpdir);
	char corpus[4096], records[4096];
	snprintf(corpus, sizeof(corpus), "%s/corpus/vulndb/osv", VG_SHARED_DIR);
	snprintf(records, sizeof(records), "%s/vulndb/records", VG_TEST_DATA_DIR);
	const char *paths[] = { corpus, records };
	struct vg_vulndb_import_stats st;
	struct vg_diag d;
	double t0 = now();
	int r = vg_vulndb_import(dbpath, paths, 1, true, NULL, NULL, NULL, &st, &d);
	double el = now() - t0;
	if (r < 0) {
		fprintf(stderr, "import: %s: %s\n", d.file, d.message);
		return -1;
	}
	fprintf(stderr, "imported %llu records from %llu files in %.2f s (%llu skipped, %llu errors)\n",
		(unsigned long long)st.records, (unsigned long long)st.files, el,
		(unsigned long long)st.skipped, (unsigned long long)st.errors);
	if (st.records != 7914 || st.files != 7914 || st.errors != 0)
		return -1;
	/* the corpus alone, for test_info_counts */
	if (vg_vulndb_open(dbpath, &db, &d) < 0)
		return -1;
	const struct vg_vulndb_info *info = NULL;
	if (vg_vulndb_info(db, &info) < 0)
		return -1;
	corpus_records = info->records;
	for (size_t i = 0; i < info->necosystems && i < 16; i++)
		snprintf(corpus_counts[ncorpus_counts++], sizeof(corpus_counts[0]), "%s=%s",
			 info->ecosystems[i].key, info->ecosystems[i].value);
	vg_vulndb_close(db);
	db = NULL;
	/* then the hand-written records, added to it */
	r = vg_vulndb_import(dbpath, paths + 1, 1, false, NULL, NULL, NULL, &st, &d);
	if (r < 0 || st.records != 7 || st.errors != 0)
		return -1;
	return vg_vulndb_open(dbpath, &db, &d) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vg_vulndb_close(db);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- helpers -------------------------------------------------------------------------------- */

static struct vg_inventory *inv_new(const char *os_ecosystem)
{
	struct vg_inventory *inv = NULL;
	assert_int_equal(vg_inventory_new(&inv), 0);
	if (os_ecosystem) {
		struct vg_os os = { .id = "test", .ecosystem = os_ecosystem };
		assert_int_equal(vg_inventory_set_os(inv, &os), 0);
	}
	return inv;
}

static void add(struct vg_inventory *inv, enum vg_pkg_type type, const char *eco, const char *name,
		const char *version, const char *src_name, const char *src_version)
{
	struct vg_pkg p = {
		.type = type,
		.name = name,
		.version = version,
		.ecosystem = eco,
		.src_name = src_name,
		.src_version = src_version,
		.file = "/test",
	};
	assert_int_equal(vg_inventory_add(inv, &p), 0);
}

static struct vg_vuln_list *match(struct vg_inventory *inv)
{
	struct vg_vuln_list *l = NULL;
	struct vg_diag d;
	int r = vg_vulndb_match(db, inv, &l, &d);
	if (r)
		fprintf(stderr, "match: %s\n", d.message);
	assert_int_equal(r, 0);
	return l;
}

static const struct vg_vuln *find(const struct vg_vuln_list *l, const char *id, const char *pkg)
{
	for (size_t i = 0; i < vg_vuln_list_count(l); i++) {
		const struct vg_vuln *v = vg_vuln_list_get(l, i);
		if (strcmp(v->id, id) == 0 && (!pkg || strcmp(v->pkg->name, pkg) == 0))
			return v;
	}
	return NULL;
}

static size_t count_pkg(const struct vg_vuln_list *l, const char *pkg)
{
	size_t n = 0;
	for (size_t i = 0; i < vg_vuln_list_count(l); i++)
		if (strcmp(vg_vuln_list_get(l, i)->pkg->name, pkg) == 0)
			n++;
	return n;
}

static void expect(const struct vg_vuln_list *l, const char *id, const char *pkg, const char *fixed)
{
	const struct vg_vuln *v = find(l, id, pkg);
	if (!v)
		fprintf(stderr, "missing %s for %s\n", id, pkg);
	assert_non_null(v);
	if (fixed)
		assert_string_equal(v->fixed_version ? v->fixed_version : "(null)", fixed);
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_info_counts(void **state)
{
	(void)state;
	/* the corpus alone: its folders, file for file */
	assert_int_equal(corpus_records, 7914);
	static const char *const corpus_want[] = {
		"Alpine=1948", "Debian=381", "Go=4291", "PyPI=730", "crates.io=95", "npm=469",
	};
	assert_int_equal(ncorpus_counts, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(corpus_counts[i], corpus_want[i]);

	/* with the hand-written records added */
	const struct vg_vulndb_info *info = NULL;
	assert_int_equal(vg_vulndb_info(db, &info), 0);
	assert_int_equal(info->records, 7914 + 7);
	static const struct {
		const char *eco;
		const char *n;
	} want[] = {
		{ "Alpine", "1948" }, { "Debian", "381" },  { "Go", "4292" },  { "PyPI", "731" },
		{ "Ubuntu", "2" },    { "crates.io", "96" }, { "npm", "472" },
	};
	assert_int_equal(info->necosystems, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < info->necosystems; i++) {
		assert_string_equal(info->ecosystems[i].key, want[i].eco);
		assert_string_equal(info->ecosystems[i].value, want[i].n);
	}
	assert_int_equal(info->nsources, 2);
}

static void test_npm_lock_fixture(void **state)
{
	(void)state;
	struct vg_inventory *inv = inv_new(NULL);
	add(inv, VG_PKG_NPM, "npm", "lodash", "4.17.15", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "minimist", "1.2.0", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "semver", "7.3.7", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "express", "4.17.1", NULL, NULL);
	struct vg_vuln_list *l = match(inv);
	expect(l, "GHSA-p6mc-m468-83gw", "lodash", "4.17.20");
	expect(l, "GHSA-xvch-5gv4-984h", "minimist", "1.2.6");
	expect(l, "GHSA-c2qf-rxjj-qqgw", "semver", "7.5.2");
	expect(l, "GHSA-rv95-896h-c2vc", "express", "4.19.2");

	const struct vg_vuln *v = find(l, "GHSA-rv95-896h-c2vc", "express");
	assert_true(v->severity_known);
	assert_int_equal(v->severity, VG_SEV_MEDIUM);
	assert_true(v->score > 6.09 && v->score < 6.11);
	assert_string_equal(v->cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N");
	assert_string_equal(v->summary, "Express.js Open Redirect in malformed URLs");
	assert_int_equal(v->naliases, 1);
	assert_string_equal(v->aliases[0], "CVE-2024-29041");
	assert_non_null(v->details);
	assert_string_equal(v->url,
			    "https://github.com/expressjs/express/security/advisories/GHSA-rv95-896h-c2vc");
	v = find(l, "GHSA-xvch-5gv4-984h", NULL);
	assert_int_equal(v->severity, VG_SEV_CRITICAL);
	/* older nodejs-security-wg advisories too */
	assert_true(vg_vuln_list_count(l) > 4);
	/* one vuln per (record, package) */
	for (size_t i = 0; i < vg_vuln_list_count(l); i++)
		for (size_t k = i + 1; k < vg_vuln_list_count(l); k++)
			assert_false(strcmp(vg_vuln_list_get(l, i)->id, vg_vuln_list_get(l, k)->id) == 0 &&
				     vg_vuln_list_get(l, i)->pkg == vg_vuln_list_get(l, k)->pkg);
	/* sorted: severity (known first), then id, then package */
	for (size_t i = 1; i < vg_vuln_list_count(l); i++) {
		const struct vg_vuln *a = vg_vuln_list_get(l, i - 1), *b = vg_vuln_list_get(l, i);
		int sa = a->severity_known ? (int)a->severity + 1 : 0;
		int sb = b->severity_known ? (int)b->severity + 1 : 0;
		assert_true(sa > sb || (sa == sb && strcmp(a->id, b->id) <= 0));
	}
	vg_vuln_list_free(l);

	/* the fixed versions are not affected */
	vg_inventory_free(inv);
	inv = inv_new(NULL);
	add(inv, VG_PKG_NPM, "npm", "lodash", "4.17.20", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "minimist", "1.2.6", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "semver", "7.5.2", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "express", "4.19.2", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "express", "5.0.0-beta.3", NULL, NULL);
	l = match(inv);
	assert_null(find(l, "GHSA-p6mc-m468-83gw", NULL));
	assert_null(find(l, "GHSA-xvch-5gv4-984h", NULL));
	assert_null(find(l, "GHSA-c2qf-rxjj-qqgw", NULL));
	assert_null(find(l, "GHSA-rv95-896h-c2vc", NULL));
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	/* express 5 pre-releases: the second affected entry */
	inv = inv_new(NULL);
	add(inv, VG_PKG_NPM, "npm", "express", "5.0.0-beta.1", NULL, NULL);
	l = match(inv);
	expect(l, "GHSA-rv95-896h-c2vc", "express", "5.0.0-beta.3");
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
}

static void test_go_stdlib(void **state)
{
	(void)state;
	struct vg_inventory *inv = inv_new(NULL);
	add(inv, VG_PKG_GOBINARY, "Go", "stdlib", "1.19.8", NULL, NULL);
	struct vg_vuln_list *l = match(inv);
	size_t n = vg_vuln_list_count(l);
	/* computed independently from the corpus (SemVer, the schema's rule) */
	assert_int_equal(n, 80);
	expect(l, "GO-2023-1751", "stdlib", "1.19.9");
	expect(l, "GO-2023-1840", "stdlib", "1.19.10");
	expect(l, "GO-2023-1878", "stdlib", "1.19.11");
	for (size_t i = 0; i < n; i++) {
		const struct vg_vuln *v = vg_vuln_list_get(l, i);
		assert_true(strncmp(v->id, "GO-", 3) == 0);
		assert_false(v->severity_known); /* the Go database does not score */
	}
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	/* the toolchain's "go" prefix is accepted */
	inv = inv_new(NULL);
	add(inv, VG_PKG_GOBINARY, "Go", "stdlib", "go1.19.8", NULL, NULL);
	l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 80);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
}

/* Every package of the Debian 12 fixture's status file at its installed version. */
static void load_status(struct vg_inventory *inv)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/corpus/pkgdb-fixtures/debian-bookworm-minbase/status",
		 VG_SHARED_DIR);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[4096], name[256] = "", ver[256] = "", src[256] = "", srcver[256] = "";
	int n = 0;
	for (;;) {
		char *ok = fgets(line, sizeof(line), f);
		if (!ok || line[0] == '\n') {
			if (name[0] && ver[0]) {
				add(inv, VG_PKG_DPKG, "Debian:12", name, ver, src[0] ? src : name,
				    srcver[0] ? srcver : NULL);
				n++;
			}
			name[0] = ver[0] = src[0] = srcver[0] = '\0';
			if (!ok)
				break;
			continue;
		}
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "Package: ", 9) == 0)
			snprintf(name, sizeof(name), "%.200s", line + 9);
		else if (strncmp(line, "Version: ", 9) == 0)
			snprintf(ver, sizeof(ver), "%.200s", line + 9);
		else if (strncmp(line, "Source: ", 8) == 0) {
			/* "Source: glibc (2.36-9+deb12u4)" */
			char *paren = strchr(line + 8, '(');
			snprintf(src, sizeof(src), "%.*s",
				 (int)(paren ? (size_t)(paren - line - 9) : strlen(line + 8)), line + 8);
			if (paren)
				snprintf(srcver, sizeof(srcver), "%.*s", (int)strcspn(paren + 1, ")"),
					 paren + 1);
		}
	}
	fclose(f);
	assert_true(n > 80);
}

static void test_debian(void **state)
{
	(void)state;
	/*
	 * The image's own versions: a true negative (corpus SOURCE.md) - except one record. The
	 * changelog-derived DEBIAN-CL-CVE-2011-10007 says "fixed 0.34-4" (the unstable upload),
	 * and bookworm carries the backport 0.34-4~deb12u1, which dpkg orders before 0.34-4
	 * (`dpkg --compare-versions 0.34-4~deb12u1 lt 0.34-4` is true). By the record, the
	 * installed version is affected; dpkg's order wins over the corpus's claim.
	 */
	struct vg_inventory *inv = inv_new("Debian:12");
	load_status(inv);
	struct vg_vuln_list *l = match(inv);
	for (size_t i = 0; i < vg_vuln_list_count(l); i++)
		fprintf(stderr, "hit: %s %s %s\n", vg_vuln_list_get(l, i)->id,
			vg_vuln_list_get(l, i)->pkg->name, vg_vuln_list_get(l, i)->pkg->version);
	assert_int_equal(vg_vuln_list_count(l), 1);
	expect(l, "DEBIAN-CL-CVE-2011-10007", "libfile-find-rule-perl", "0.34-4");
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	/* older versions hit, by source package and source version */
	inv = inv_new("Debian:12");
	add(inv, VG_PKG_DPKG, "Debian:12", "gzip", "1.3.12-8", "gzip", NULL);
	add(inv, VG_PKG_DPKG, "Debian:12", "gzip-binary", "9.9-1", "gzip", "1.3.12-8");
	l = match(inv);
	expect(l, "DEBIAN-CL-CVE-2010-0001", "gzip", "1.3.12-9");
	expect(l, "DEBIAN-CL-CVE-2022-1271", "gzip", "1.12-1");
	assert_null(find(l, "DEBIAN-CL-CVE-2006-4334", NULL)); /* fixed in 1.3.5-15 */
	expect(l, "DEBIAN-CL-CVE-2010-0001", "gzip-binary", "1.3.12-9");
	assert_int_equal(count_pkg(l, "gzip"), 2);
	assert_int_equal(count_pkg(l, "gzip-binary"), 2);
	const struct vg_vuln *v = find(l, "DEBIAN-CL-CVE-2022-1271", "gzip");
	assert_false(v->severity_known);
	assert_int_equal(v->severity, VG_SEV_INFO);
	assert_true(v->score < 0);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	/* another release: no match (exact ecosystem, as osv-scanner) */
	inv = inv_new("Debian:11");
	add(inv, VG_PKG_DPKG, "Debian:11", "gzip", "1.3.12-8", "gzip", NULL);
	l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 0);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
}

static void test_alpine(void **state)
{
	(void)state;
	/* libssl1.1 comes from the openssl origin */
	struct vg_inventory *inv = inv_new("Alpine:v3.10");
	add(inv, VG_PKG_APK, NULL, "libssl1.1", "1.1.1c-r0", "openssl", NULL);
	struct vg_vuln_list *l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 3);
	expect(l, "ALPINE-CVE-2019-1547", "libssl1.1", "1.1.1d-r0");
	expect(l, "ALPINE-CVE-2019-1549", "libssl1.1", "1.1.1d-r0");
	expect(l, "ALPINE-CVE-2019-1563", "libssl1.1", "1.1.1d-r0");
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	inv = inv_new("Alpine:v3.11");
	add(inv, VG_PKG_APK, NULL, "libssl1.1", "1.1.1c-r0", "openssl", NULL);
	l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 4);
	expect(l, "ALPINE-CVE-2019-1547", "libssl1.1", "1.1.1d-r1");
	expect(l, "ALPINE-CVE-2019-1551", "libssl1.1", "1.1.1d-r3");
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	/* fixed version, and a release the data does not cover */
	inv = inv_new("Alpine:v3.10");
	add(inv, VG_PKG_APK, NULL, "libssl1.1", "1.1.1d-r0", "openssl", NULL);
	l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 0);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
	inv = inv_new("Alpine:v3.12");
	add(inv, VG_PKG_APK, NULL, "libssl1.1", "1.1.1c-r0", "openssl", NULL);
	l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 0);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
}

static void test_handwritten(void **state)
{
	(void)state;
	struct vg_inventory *inv = inv_new(NULL);
	/* last_affected: 1.0.0..1.2.0 inclusive; the withdrawn record (every version) never */
	add(inv, VG_PKG_NPM, "npm", "la-pkg", "0.9.0", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "la-pkg", "1.2.0", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "la-pkg", "1.2.1", NULL, NULL);
	/* versions list, PEP 503 names and PEP 440 equality */
	add(inv, VG_PKG_PYTHON, "PyPI", "some.pkg", "1.0.0", NULL, NULL);
	add(inv, VG_PKG_PYTHON, "PyPI", "SOME-PKG", "2.0rc1", NULL, NULL);
	add(inv, VG_PKG_PYTHON, "PyPI", "some_pkg", "1.1", NULL, NULL);
	/* several ranges: the nearest fix */
	add(inv, VG_PKG_CARGO, "crates.io", "multi", "0.9.0", NULL, NULL);
	add(inv, VG_PKG_CARGO, "crates.io", "multi", "2.1.0", NULL, NULL);
	add(inv, VG_PKG_CARGO, "crates.io", "multi", "2.1.2", NULL, NULL);
	add(inv, VG_PKG_CARGO, "crates.io", "multi", "1.5.0", NULL, NULL);
	/* duplicate ids: the newer record's range */
	add(inv, VG_PKG_NPM, "npm", "dup-pkg", "2.5.0", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "dup-pkg", "1.5.0", NULL, NULL);
	/* affected-level severity */
	add(inv, VG_PKG_GOBINARY, "Go", "example.test/mod", "v1.3.9", NULL, NULL);
	struct vg_vuln_list *l = match(inv);
	size_t n = vg_vuln_list_count(l);
	char got[2048] = "";
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct vg_vuln *v = vg_vuln_list_get(l, i);
		k += (size_t)snprintf(got + k, sizeof(got) - k, "%s %s@%s fix=%s sev=%s%s\n", v->id,
				      v->pkg->name, v->pkg->version,
				      v->fixed_version ? v->fixed_version : "-",
				      v->severity_known ? vg_severity_name(v->severity) : "?",
				      v->score >= 0 ? "+score" : "");
	}
	const char *want =
		"x_TEST-LA-1 la-pkg@1.2.0 fix=- sev=critical+score\n"
		"x_TEST-AS-1 example.test/mod@v1.3.9 fix=1.4.0 sev=high+score\n"
		"x_TEST-MR-1 multi@0.9.0 fix=1.0.5 sev=medium+score\n"
		"x_TEST-MR-1 multi@2.1.0 fix=2.1.1 sev=medium+score\n"
		"x_TEST-MR-1 multi@2.1.2 fix=2.1.3 sev=medium+score\n"
		"x_TEST-VL-1 SOME-PKG@2.0rc1 fix=- sev=medium\n"
		"x_TEST-VL-1 some.pkg@1.0.0 fix=- sev=medium\n"
		"x_TEST-DUP-1 dup-pkg@1.5.0 fix=2.0.0 sev=?\n";
	if (strcmp(got, want) != 0)
		fprintf(stderr, "got:\n%s", got);
	assert_string_equal(got, want);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);

	/* Ubuntu: the OS ecosystem with its suffixes, by source package; the record-level
	 * severity (x_TEST-AS-1 rates from its Go entry's CVSS v4 vector) */
	inv = inv_new("Ubuntu:22.04:LTS");
	add(inv, VG_PKG_DPKG, NULL, "libfoo1", "1.0-2", "foo", NULL);
	l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 2);
	assert_string_equal(vg_vuln_list_get(l, 0)->id, "x_TEST-AS-1");
	assert_string_equal(vg_vuln_list_get(l, 0)->fixed_version, "1.2-3ubuntu1");
	assert_string_equal(vg_vuln_list_get(l, 1)->id, "x_TEST-UB-1");
	assert_int_equal(vg_vuln_list_get(l, 1)->severity, VG_SEV_LOW);
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
}

static void test_nothing_to_match(void **state)
{
	(void)state;
	struct vg_inventory *inv = inv_new(NULL);
	/* no ecosystem, unknown ecosystem, empty version: skipped, not errors */
	add(inv, VG_PKG_OTHER, NULL, "lodash", "4.17.15", NULL, NULL);
	add(inv, VG_PKG_OTHER, "NoSuchEcosystem", "lodash", "4.17.15", NULL, NULL);
	add(inv, VG_PKG_NPM, "npm", "lodash", "", NULL, NULL);
	/* an OS package without an OS and without its own ecosystem */
	add(inv, VG_PKG_DPKG, NULL, "gzip", "1.3.12-8", "gzip", NULL);
	struct vg_vuln_list *l = match(inv);
	assert_int_equal(vg_vuln_list_count(l), 0);
	assert_null(vg_vuln_list_get(l, 0));
	vg_vuln_list_free(l);
	vg_inventory_free(inv);
	vg_vuln_list_free(NULL);
	assert_int_equal(vg_vuln_list_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_counts),
		cmocka_unit_test(test_npm_lock_fixture),
		cmocka_unit_test(test_go_stdlib),
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_alpine),
		cmocka_unit_test(test_handwritten),
		cmocka_unit_test(test_nothing_to_match),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
