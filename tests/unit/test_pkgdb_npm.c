/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_npm.c - npm lockfiles (v1, v2, v3 and the hidden lockfile) and installed
 * node_modules package.json files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pkgdb/pkgdb_internal.h"
#include "vigil/pkg.h"

#include "pkgdb_test_util.h"
/* ---- end of helpers ---- */

#define V3 VG_SHARED_DIR "/corpus/pkgdb-fixtures/npm-lock-v3/package-lock.json"

static size_t count_named(const struct vg_inventory *inv, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < vg_inventory_count(inv); i++)
		n += strcmp(vg_inventory_get(inv, i)->name, name) == 0;
	return n;
}

static bool has(const struct vg_inventory *inv, const char *name, const char *version)
{
	for (size_t i = 0; i < vg_inventory_count(inv); i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		if (strcmp(p->name, name) == 0 && strcmp(p->version, version) == 0)
			return true;
	}
	return false;
}

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_npm;
	assert_true(a->wants("/app/package-lock.json", 0644, 10));
	assert_true(a->wants("/package-lock.json", 0644, 10));
	assert_true(a->wants("/app/npm-shrinkwrap.json", 0644, 10));
	assert_true(a->wants("/app/node_modules/.package-lock.json", 0644, 10));
	assert_true(a->wants("/app/node_modules/lodash/package.json", 0644, 10));
	assert_true(a->wants("/app/node_modules/@types/node/package.json", 0644, 10));
	assert_true(a->wants("/app/node_modules/a/node_modules/b/package.json", 0644, 10));
	assert_true(a->wants("/usr/local/lib/node_modules/npm/package.json", 0644, 10));
	assert_true(a->wants("node_modules/x/package.json", 0644, 10));
	assert_false(a->wants("/app/package.json", 0644, 10));
	assert_false(a->wants("/app/node_modules/lodash/test/fixtures/package.json", 0644, 10));
	assert_false(a->wants("/app/node_modules/@types/package.json", 0644, 10));
	assert_false(a->wants("/app/node_modules/package.json", 0644, 10));
	assert_false(a->wants("/app/node_modules/x/package-lock.json", 0644, 10));
	assert_false(a->wants("/app/node_modules/.bin/package.json", 0644, 10));
	assert_false(a->wants("/app/x/.package-lock.json", 0644, 10));
	assert_false(a->wants("/app/package-lock.json.bak", 0644, 10));
}

static void test_lock_v3_fixture(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(V3, &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_npm, "/app/package-lock.json", data, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	/* every "packages" entry with a version, without the root "" */
	assert_int_equal(vg_inventory_count(inv), 202);
	const struct vg_pkg *p = need_pkg(inv, "lodash", "4.17.15");
	assert_int_equal(p->type, VG_PKG_NPM);
	assert_string_equal(p->ecosystem, "npm");
	assert_string_equal(p->licenses, "MIT");
	assert_string_equal(p->file, "/app/package-lock.json");
	assert_true(has(inv, "minimist", "1.2.0"));
	assert_true(has(inv, "minimist", "1.2.8")); /* nested under handlebars */
	assert_true(has(inv, "semver", "7.3.7"));
	assert_true(has(inv, "semver", "5.7.3"));
	assert_true(has(inv, "express", "4.17.1"));
	assert_string_equal(need_pkg(inv, "express", NULL)->licenses, "MIT");
	vg_inventory_free(inv);
	torture(&vg_analyzer_npm, "/app/package-lock.json", data, len, 1499);
	free(data);
}

static void test_lock_v1(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(VG_TEST_DATA_DIR "/pkgdb/npm/lock-v1.json", &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_npm, "/app/package-lock.json", data, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 7);
	assert_true(has(inv, "accepts", "1.3.7"));
	assert_true(has(inv, "debug", "2.6.9"));       /* dev dependencies are kept */
	assert_true(has(inv, "ms", "2.0.0"));          /* nested */
	assert_true(has(inv, "ms", "2.1.3"));
	assert_true(has(inv, "lodash", "4.17.21"));    /* alias npm:lodash@4.17.21 */
	assert_true(has(inv, "@types/node", "18.0.0"));
	assert_true(has(inv, "@babel/code-frame", "7.12.13"));
	assert_null(find_pkg(inv, "local-thing"));
	assert_null(find_pkg(inv, "from-git"));
	assert_null(find_pkg(inv, "my-lodash"));
	vg_inventory_free(inv);
	torture(&vg_analyzer_npm, "/app/package-lock.json", data, len, 13);
	free(data);
}

static void test_lock_v2(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(VG_TEST_DATA_DIR "/pkgdb/npm/lock-v2.json", &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_npm, "/app/package-lock.json", data, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	/* "packages" wins over the v1 tree: nothing twice */
	assert_int_equal(vg_inventory_count(inv), 4);
	assert_true(has(inv, "minimist", "1.2.5"));
	assert_true(has(inv, "minimist", "0.0.8"));
	assert_int_equal(count_named(inv, "minimist"), 2);
	const struct vg_pkg *p = need_pkg(inv, "@scope/pkg", "2.0.0");
	assert_string_equal(p->licenses, "Apache-2.0");
	assert_true(has(inv, "real-name", "3.1.0"));
	assert_null(find_pkg(inv, "my-workspace"));
	assert_null(find_pkg(inv, "optional-missing"));
	assert_null(find_pkg(inv, "v2-app"));
	vg_inventory_free(inv);

	/* the same map as node_modules/.package-lock.json */
	inv = run(&vg_analyzer_npm, "/app/node_modules/.package-lock.json", data, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 4);
	vg_inventory_free(inv);
	free(data);
}

static void test_package_json(void **state)
{
	(void)state;
	struct warnlog w;
	const char *path = "/app/node_modules/lodash/package.json";
	struct vg_inventory *inv = run_str(&vg_analyzer_npm, path,
					   "{\"name\": \"lodash\", \"version\": \"4.17.21\", \"license\": \"MIT\","
					   " \"main\": \"lodash.js\"}", &w);
	const struct vg_pkg *p = need_pkg(inv, "lodash", "4.17.21");
	assert_string_equal(p->licenses, "MIT");
	assert_string_equal(p->ecosystem, "npm");
	assert_string_equal(p->file, path);
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/app/node_modules/@x/y/package.json",
		      "{\"name\": \"@x/y\", \"version\": \"1.0.0\", \"license\": {\"type\": \"BSD-3-Clause\","
		      " \"url\": \"http://example.org\"}}", &w);
	assert_string_equal(need_pkg(inv, "@x/y", "1.0.0")->licenses, "BSD-3-Clause");
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/app/node_modules/old/package.json",
		      "{\"name\": \"old\", \"version\": \"0.1.0\", \"licenses\": [{\"type\": \"MIT\"},"
		      " {\"type\": \"GPL-2.0\"}]}", &w);
	assert_string_equal(need_pkg(inv, "old", "0.1.0")->licenses, "MIT OR GPL-2.0");
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/app/node_modules/nolicense/package.json",
		      "{\"name\": \"nolicense\", \"version\": \"2.0.0\"}", &w);
	assert_null(need_pkg(inv, "nolicense", "2.0.0")->licenses);
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/app/node_modules/nover/package.json",
		      "{\n  \"name\": \"nover\"\n}", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 1, "without name or version"));
	vg_inventory_free(inv);
}

static void test_malformed(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_inventory *inv = run_str(&vg_analyzer_npm, "/package-lock.json",
					   "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": "
					   "{\"version\": \"1.0.0\"},\n    oops\n", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.counted, 1);
	assert_int_equal(w.lines[0], 5);
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/package-lock.json", "[1, 2]", &w);
	assert_true(warned(&w, 1, "not a JSON object"));
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/package-lock.json",
		      "{\"packages\": {\n\"node_modules/a\": 5,\n\"node_modules/b\": {\"version\": 7},\n"
		      "\"node_modules/c\": {\"version\": \"1 2\"},\n\"node_modules/d\": {\"version\": \"1.0.0\"}}}", &w);
	assert_int_equal(vg_inventory_count(inv), 1);
	need_pkg(inv, "d", "1.0.0");
	assert_true(warned(&w, 2, "is not an object"));
	assert_true(warned(&w, 3, "invalid package name or version"));
	assert_true(warned(&w, 4, "invalid package name or version"));
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_npm, "/package-lock.json", "{\"packages\": [], \"dependencies\": 3}", &w);
	assert_true(warned(&w, 1, "\"packages\" is not an object"));
	assert_true(warned(&w, 1, "\"dependencies\" is not an object"));
	vg_inventory_free(inv);
}

static void test_limits(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_pkgdb_limits lim;
	char text[4096] = "{\"lockfileVersion\": 1, \"dependencies\": ";
	for (int i = 0; i < 10; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, "{\"p%d\": {\"version\": \"1.0.%d\", \"dependencies\": ", i, i);
	}
	strcat(text, "{}");
	for (int i = 0; i < 10; i++)
		strcat(text, "}}");
	strcat(text, "}");
	vg_pkgdb_limits_init(&lim);
	struct vg_inventory *inv = run(&vg_analyzer_npm, "/package-lock.json", text, strlen(text), &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 10);
	vg_inventory_free(inv);
	lim.max_depth = 4;
	inv = run(&vg_analyzer_npm, "/package-lock.json", text, strlen(text), &w, &lim);
	assert_true(vg_inventory_count(inv) < 10);
	assert_true(warned(&w, 0, "max_depth") || warned(&w, 1, "max_depth"));
	vg_inventory_free(inv);

	size_t len;
	unsigned char *data = slurp(V3, &len);
	vg_pkgdb_limits_init(&lim);
	lim.max_packages = 5;
	inv = run(&vg_analyzer_npm, "/package-lock.json", data, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 5);
	assert_true(warned(&w, 0, "max_packages"));
	vg_inventory_free(inv);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_lock_v3_fixture),
		cmocka_unit_test(test_lock_v1),
		cmocka_unit_test(test_lock_v2),
		cmocka_unit_test(test_package_json),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
