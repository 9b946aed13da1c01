/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vulndb_import.c - the importer: records, duplicates (later `modified` wins), withdrawn
 * records, malformed records reported with file:line:column, osv.dev zip exports, adding to
 * and replacing a database, the transactional guarantee (a failed, aborted or killed import
 * leaves the old database byte for byte), the database location and opening errors.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "vigil/vulndb.h"
#include "vulndb/vulndb_internal.h"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vg-vulndb-import-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void data_path(char *buf, size_t cap, const char *rel)
{
	snprintf(buf, cap, "%s/vulndb/%s", VG_TEST_DATA_DIR, rel);
}

static void tmp_path(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", tmpdir, name);
}

struct warns {
	int n;
	char lines[32][600];
};

static void collect(void *ud, const struct vg_diag *d)
{
	struct warns *w = ud;
	if (w->n < 32) {
		const char *base = strrchr(d->file, '/') ? strrchr(d->file, '/') + 1 : d->file;
		int n = snprintf(w->lines[w->n], sizeof(w->lines[0]), "%.60s:%u:%u: ", base, d->line,
				 d->column);
		snprintf(w->lines[w->n] + n, sizeof(w->lines[0]) - (size_t)n, "%.512s", d->message);
	}
	w->n++;
}

static long long scalar(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	long long v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static char *text(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static char *slurp(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*ret_len = (size_t)n;
	return buf;
}

/* Files in tmpdir whose name starts with @prefix. */
static int count_prefixed(const char *prefix)
{
	DIR *d = opendir(tmpdir);
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* ---- records ------------------------------------------------------------------------------ */

static void test_import_records(void **state)
{
	(void)state;
	char db[512], dir[4096];
	tmp_path(db, sizeof(db), "records.sqlite");
	data_path(dir, sizeof(dir), "records");
	const char *paths[] = { dir };
	struct vg_vulndb_import_stats st;
	struct vg_diag d;
	struct warns w = { 0 };
	assert_int_equal(vg_vulndb_import(db, paths, 1, true, NULL, collect, &w, &st, &d), 0);
	/* 8 JSON files (README.txt is not one); the older copy of x_TEST-DUP-1 is skipped */
	assert_int_equal(st.files, 8);
	assert_int_equal(st.records, 7);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.errors, 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records"), 7);

	/* the newer copy won although it was read first */
	char *s = text(db, "SELECT summary FROM records WHERE id = 'x_TEST-DUP-1'");
	assert_string_equal(s, "newer");
	free(s);
	s = text(db, "SELECT ranges FROM affected WHERE record_id = 'x_TEST-DUP-1'");
	assert_string_equal(s, "[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
			       "{\"fixed\":\"2.0.0\"}]}]");
	free(s);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM affected WHERE record_id = 'x_TEST-DUP-1'"), 1);

	/* columns */
	s = text(db, "SELECT aliases FROM records WHERE id = 'x_TEST-LA-1'");
	assert_string_equal(s, "[\"CVE-2099-0001\"]");
	free(s);
	s = text(db, "SELECT severity_label || ' ' || severity_score || ' ' || severity_vector || ' ' "
		     "|| url FROM records WHERE id = 'x_TEST-LA-1'");
	assert_string_equal(s, "critical 9.8 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H "
			       "https://example.test/x_TEST-LA-1");
	free(s);
	s = text(db, "SELECT severity_label || ' ' || severity_score FROM records WHERE id = 'x_TEST-MR-1'");
	assert_string_equal(s, "medium 5.1"); /* v4 preferred over v3 */
	free(s);
	s = text(db, "SELECT severity_label FROM records WHERE id = 'x_TEST-VL-1'");
	assert_string_equal(s, "medium"); /* GHSA MODERATE */
	free(s);
	s = text(db, "SELECT severity_label FROM records WHERE id = 'x_TEST-UB-1'");
	assert_string_equal(s, "low"); /* Ubuntu negligible */
	free(s);
	s = text(db, "SELECT severity_label || ' ' || severity_score FROM records WHERE id = 'x_TEST-AS-1'");
	assert_string_equal(s, "high 8.6"); /* affected-level v4 */
	free(s);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records WHERE severity_label IS NULL"), 2);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records WHERE withdrawn IS NOT NULL"), 1);
	/* PyPI names are stored PEP 503-normalised, the base ecosystem beside the full one */
	s = text(db, "SELECT name || ' ' || versions FROM affected WHERE record_id = 'x_TEST-VL-1'");
	assert_string_equal(s, "some-pkg [\"1.0\",\"2.0rc1\"]");
	free(s);
	s = text(db, "SELECT ecosystem || '|' || base_ecosystem FROM affected WHERE name = 'foo' LIMIT 1");
	assert_string_equal(s, "Ubuntu:22.04:LTS|Ubuntu");
	free(s);
	/* the record's JSON is kept, zlib-compressed */
	s = text(db, "SELECT value FROM meta WHERE key = 'json_encoding'");
	assert_string_equal(s, "zlib");
	free(s);

	/* info */
	struct vg_vulndb *h = NULL;
	assert_int_equal(vg_vulndb_open(db, &h, &d), 0);
	const struct vg_vulndb_info *info = NULL;
	assert_int_equal(vg_vulndb_info(h, &info), 0);
	assert_string_equal(info->path, db);
	assert_string_equal(info->schema_version, "1");
	assert_non_null(info->built);
	assert_int_equal(strlen(info->built), 20);
	assert_int_equal(info->records, 7);
	assert_int_equal(info->necosystems, 5);
	static const char *const want[][2] = {
		{ "Go", "1" }, { "PyPI", "1" }, { "Ubuntu", "2" }, { "crates.io", "1" }, { "npm", "3" },
	};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(info->ecosystems[i].key, want[i][0]);
		assert_string_equal(info->ecosystems[i].value, want[i][1]);
	}
	assert_int_equal(info->nsources, 1);
	char *real = realpath(dir, NULL);
	assert_string_equal(info->sources[0], real);
	free(real);
	vg_vulndb_close(h);

	/* again, adding: every record is already there with the same `modified` */
	assert_int_equal(vg_vulndb_import(db, paths, 1, false, NULL, collect, &w, &st, &d), 0);
	assert_int_equal(st.records, 0);
	assert_int_equal(st.skipped, 8);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records"), 7);

	/* replacing with one file */
	char one[4096];
	data_path(one, sizeof(one), "records/x_TEST-LA-1.json");
	const char *p1[] = { one };
	assert_int_equal(vg_vulndb_import(db, p1, 1, true, NULL, collect, &w, &st, &d), 0);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.records, 1);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records"), 1);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM sources"), 1);
	assert_int_equal(count_prefixed("records.sqlite.tmp-"), 0);
}

static void test_import_malformed(void **state)
{
	(void)state;
	char db[512], dir[4096], good[4096];
	tmp_path(db, sizeof(db), "malformed.sqlite");
	data_path(dir, sizeof(dir), "malformed");
	data_path(good, sizeof(good), "records/x_TEST-LA-1.json");
	const char *paths[] = { good, dir };
	struct vg_vulndb_import_stats st;
	struct vg_diag d;
	struct warns w = { 0 };
	assert_int_equal(vg_vulndb_import(db, paths, 2, true, NULL, collect, &w, &st, &d), 0);
	assert_int_equal(st.files, 11);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.errors, 10);
	assert_int_equal(w.n, 10);
	/* sorted walk order, each with file:line:column */
	static const char *const want[] = {
		"affected-type.json:3:4: 'affected' is a string, not an array",
		"bad-modified.json:3:3: 'modified' is 'yesterday', not an RFC 3339 time",
		"deep.json:1:142: JSON nested deeper than 64 levels (max_depth)",
		"empty.json:1:0: invalid JSON: '[' or '{' expected near end of file",
		"missing-affected.json:1:1: osv record 'x_BAD-NOAFF' has no 'affected' packages",
		"missing-id.json:1:1: osv record has no 'id'",
		"not-object.json:1:1: an osv record must be a JSON object, not an array",
		"range-type.json:4:3: 'affected[1].ranges[0].type' is 'NPM_RANGE', not SEMVER, "
		"ECOSYSTEM or GIT",
		"syntax.json:4:16: invalid JSON: unexpected token near ','",
		"two-keys.json:4:3: 'affected[0].ranges[0].events[1]' has both 'introduced' and "
		"'fixed' (one per event)",
	};
	for (int i = 0; i < 10; i++)
		assert_string_equal(w.lines[i], want[i]);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records"), 1);
}

/* ---- zip exports ---------------------------------------------------------------------------- */

static void zip_add(struct archive *a, const char *name, const char *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
	archive_entry_free(e);
}

static void test_import_zip(void **state)
{
	(void)state;
	char zip[512], db[512];
	tmp_path(zip, sizeof(zip), "npm-all.zip");
	tmp_path(db, sizeof(db), "zip.sqlite");
	struct archive *a = archive_write_new();
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, zip), ARCHIVE_OK);
	static const char *const files[] = { "GHSA-p6mc-m468-83gw.json", "GHSA-xvch-5gv4-984h.json" };
	for (int i = 0; i < 2; i++) {
		char p[4096];
		snprintf(p, sizeof(p), "%s/corpus/vulndb/osv/npm/%s", VG_SHARED_DIR, files[i]);
		size_t len;
		char *buf = slurp(p, &len);
		assert_non_null(buf);
		zip_add(a, files[i], buf, len);
		free(buf);
	}
	zip_add(a, "README.md", "not json", 8);
	zip_add(a, "broken.json", "{\"id\": }", 9);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	const char *paths[] = { zip };
	struct vg_vulndb_import_stats st;
	struct vg_diag d;
	struct warns w = { 0 };
	assert_int_equal(vg_vulndb_import(db, paths, 1, true, NULL, collect, &w, &st, &d), 0);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.records, 2);
	assert_int_equal(st.errors, 1);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.lines[0], "broken.json:1:8: invalid JSON: unexpected token near '}'");
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM affected WHERE name = 'lodash'"), 1);

	/* a file that is not a zip archive is a failure, not a malformed record */
	char fake[512];
	tmp_path(fake, sizeof(fake), "fake.zip");
	FILE *f = fopen(fake, "w");
	assert_non_null(f);
	fputs("this is not a zip archive\n", f);
	fclose(f);
	const char *p2[] = { fake };
	assert_true(vg_vulndb_import(db, p2, 1, false, NULL, collect, &w, &st, &d) < 0);
	assert_non_null(strstr(d.message, "zip"));
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM records"), 2);
}

/* ---- transactions ------------------------------------------------------------------------- */

struct snapshot {
	char *data;
	size_t len;
};

static void snap(const char *path, struct snapshot *s)
{
	s->data = slurp(path, &s->len);
	assert_non_null(s->data);
}

static void assert_same(const char *path, const struct snapshot *s)
{
	size_t len;
	char *now = slurp(path, &len);
	assert_non_null(now);
	assert_int_equal(len, s->len);
	assert_memory_equal(now, s->data, len);
	free(now);
}

static int fail_at_3(void *ud, uint64_t n)
{
	(void)ud;
	return n == 3 ? -EIO : 0;
}

static void kill_at_1000(void *ud, const char *stage, uint64_t done, uint64_t total)
{
	(void)ud;
	(void)stage;
	(void)total;
	if (done >= 1000)
		raise(SIGKILL);
}

static void test_transactional(void **state)
{
	(void)state;
	char db[512], dir[4096], corpus[4096];
	tmp_path(db, sizeof(db), "tx.sqlite");
	data_path(dir, sizeof(dir), "records");
	snprintf(corpus, sizeof(corpus), "%s/corpus/vulndb/osv", VG_SHARED_DIR);
	const char *paths[] = { dir };
	struct vg_vulndb_import_stats st;
	struct vg_diag d;
	assert_int_equal(vg_vulndb_import(db, paths, 1, true, NULL, NULL, NULL, &st, &d), 0);
	struct snapshot before;
	snap(db, &before);

	/* 1: an unreadable input after good ones: nothing is written */
	const char *bad[] = { corpus, "/nonexistent/vigil-osv" };
	assert_int_equal(vg_vulndb_import(db, bad, 2, false, NULL, NULL, NULL, &st, &d), -ENOENT);
	assert_string_equal(d.file, "/nonexistent/vigil-osv");
	assert_same(db, &before);
	assert_int_equal(count_prefixed("tx.sqlite.tmp-"), 0);

	/* 2: an injected failure in the middle (replace or not) */
	struct vg_vulndb_import_hooks hooks = { fail_at_3, NULL };
	const char *good[] = { corpus };
	for (int replace = 0; replace < 2; replace++) {
		assert_int_equal(vg_vulndb_import_ex(db, good, 1, replace, NULL, NULL, NULL, &hooks, &st,
						     &d), -EIO);
		assert_non_null(strstr(d.message, "import aborted"));
		assert_same(db, &before);
		assert_int_equal(count_prefixed("tx.sqlite.tmp-"), 0);
	}

	/* 3: killed mid-import (SIGKILL: no cleanup at all) */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct vg_progress prog = { kill_at_1000, NULL };
		int r = vg_vulndb_import(db, good, 1, false, &prog, NULL, NULL, &st, &d);
		_exit(r == 0 ? 0 : 3); /* not reached */
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_same(db, &before);
	/* the killed import's temporary file is all that is left behind */
	assert_int_equal(count_prefixed("tx.sqlite.tmp-"), 1);
	struct vg_vulndb *h = NULL;
	assert_int_equal(vg_vulndb_open(db, &h, &d), 0);
	const struct vg_vulndb_info *info;
	assert_int_equal(vg_vulndb_info(h, &info), 0);
	assert_int_equal(info->records, 7);
	vg_vulndb_close(h);

	/* 4: a file that is not a vigil database is never overwritten */
	char other[512];
	tmp_path(other, sizeof(other), "notes.txt");
	FILE *f = fopen(other, "w");
	assert_non_null(f);
	fputs("precious\n", f);
	fclose(f);
	assert_int_equal(vg_vulndb_import(other, paths, 1, true, NULL, NULL, NULL, &st, &d), -EBADMSG);
	assert_non_null(strstr(d.message, "not a vigil vulnerability database"));
	struct snapshot notes;
	snap(other, &notes);
	assert_int_equal(notes.len, 9);
	free(notes.data);
	free(before.data);
}

/* ---- location and opening ------------------------------------------------------------------ */

static void test_default_path(void **state)
{
	(void)state;
	char buf[4096], want[4096];
	char *old_db = getenv("VIGIL_DB") ? strdup(getenv("VIGIL_DB")) : NULL;
	char *old_xdg = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	setenv("VIGIL_DB", "/env/db.sqlite", 1);
	assert_int_equal(vg_vulndb_default_path("/x/y.sqlite", false, buf, sizeof(buf)), 11);
	assert_string_equal(buf, "/x/y.sqlite");
	vg_vulndb_default_path(NULL, false, buf, sizeof(buf));
	assert_string_equal(buf, "/env/db.sqlite");
	unsetenv("VIGIL_DB");

	snprintf(want, sizeof(want), "%s/xdg", tmpdir);
	setenv("XDG_DATA_HOME", want, 1);
	snprintf(want, sizeof(want), "%s/xdg/vigil/vulndb.sqlite", tmpdir);
	vg_vulndb_default_path(NULL, true, buf, sizeof(buf));
	assert_string_equal(buf, want);
	/* reading with nothing there: the user's path, so that errors name it */
	vg_vulndb_default_path(NULL, false, buf, sizeof(buf));
	assert_string_equal(buf, want);
	/* an import creates the directories */
	char rec[4096];
	data_path(rec, sizeof(rec), "records/x_TEST-LA-1.json");
	const char *paths[] = { rec };
	struct vg_vulndb_import_stats st;
	struct vg_diag d;
	assert_int_equal(vg_vulndb_import(want, paths, 1, false, NULL, NULL, NULL, &st, &d), 0);
	vg_vulndb_default_path(NULL, false, buf, sizeof(buf));
	assert_string_equal(buf, want);
	/* like snprintf */
	char small[8];
	assert_int_equal(vg_vulndb_default_path(NULL, true, small, sizeof(small)), strlen(want));
	assert_int_equal(strlen(small), 7);

	/* a relative XDG_DATA_HOME is ignored (XDG base directory spec) */
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	setenv("HOME", "/home/someone", 1);
	vg_vulndb_default_path(NULL, true, buf, sizeof(buf));
	assert_string_equal(buf, "/home/someone/.local/share/vigil/vulndb.sqlite");

	if (old_db)
		setenv("VIGIL_DB", old_db, 1);
	if (old_xdg)
		setenv("XDG_DATA_HOME", old_xdg, 1);
	else
		unsetenv("XDG_DATA_HOME");
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_db);
	free(old_xdg);
	free(old_home);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct vg_vulndb *h = (struct vg_vulndb *)(uintptr_t)1;
	struct vg_diag d;
	char p[512];
	tmp_path(p, sizeof(p), "missing.sqlite");
	assert_int_equal(vg_vulndb_open(p, &h, &d), -ENOENT);
	assert_string_equal(d.file, p);
	assert_string_equal(d.message, "no vulnerability database here (build one with 'vigil db import')");
	tmp_path(p, sizeof(p), "garbage.sqlite");
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("garbage garbage garbage garbage garbage garbage garbage garbage garbage\n", f);
	fclose(f);
	assert_int_equal(vg_vulndb_open(p, &h, &d), -EBADMSG);
	assert_string_equal(d.message, "not a vigil vulnerability database");
	/* an SQLite database that is not ours */
	tmp_path(p, sizeof(p), "other.sqlite");
	sqlite3 *o = NULL;
	assert_int_equal(sqlite3_open(p, &o), SQLITE_OK);
	assert_int_equal(sqlite3_exec(o, "CREATE TABLE t(x); CREATE TABLE meta(key, value); "
				      "INSERT INTO meta VALUES('format', 'vigil-vulndb'), "
				      "('schema_version', '99');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(o);
	assert_int_equal(vg_vulndb_open(p, &h, &d), -EBADMSG);
	assert_non_null(strstr(d.message, "schema version '99' is not supported"));
	assert_true(h == (struct vg_vulndb *)(uintptr_t)1); /* untouched */
	vg_vulndb_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_records),
		cmocka_unit_test(test_import_malformed),
		cmocka_unit_test(test_import_zip),
		cmocka_unit_test(test_transactional),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
