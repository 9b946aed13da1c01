/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_apk.c - the apk analyzer (lib/apk/db/installed). */
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

#define SAMPLE VG_TEST_DATA_DIR "/pkgdb/apk/installed"

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_apk;
	assert_true(a->wants("/lib/apk/db/installed", 0644, 10));
	assert_true(a->wants("/var/lib/apk/db/installed", 0644, 10));
	assert_true(a->wants("/usr/lib/apk/db/installed", 0644, 10));
	assert_true(a->wants("lib/apk/db/installed", 0644, 10));
	assert_false(a->wants("/lib/apk/db/installed.bak", 0644, 10));
	assert_false(a->wants("/lib/apk/db/scripts.tar", 0644, 10));
	assert_false(a->wants("/home/x/lib/apk/db/installed", 0644, 10));
}

static void test_sample(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(SAMPLE, &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_apk, "/lib/apk/db/installed", data, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 4);
	const struct vg_pkg *p = need_pkg(inv, "musl", "1.2.4-r2");
	assert_int_equal(p->type, VG_PKG_APK);
	assert_string_equal(p->arch, "x86_64");
	assert_string_equal(p->licenses, "MIT");
	assert_string_equal(p->src_name, "musl");
	assert_string_equal(p->src_version, "1.2.4-r2");
	assert_string_equal(p->supplier, "Timo Teräs <timo.teras@iki.fi>");
	assert_string_equal(p->file, "/lib/apk/db/installed");
	assert_null(p->ecosystem);
	assert_null(p->purl);
	p = need_pkg(inv, "libcrypto3", "3.1.4-r1");
	assert_string_equal(p->src_name, "openssl");
	assert_string_equal(p->licenses, "Apache-2.0");
	p = need_pkg(inv, "ca-certificates-bundle", "20230506-r0");
	assert_string_equal(p->src_name, "ca-certificates");
	assert_string_equal(p->licenses, "MPL-2.0 AND MIT");
	need_pkg(inv, "busybox", "1.36.1-r5");
	vg_inventory_free(inv);
	torture(&vg_analyzer_apk, "/lib/apk/db/installed", data, len, 37);
	free(data);
}

static void test_malformed(void **state)
{
	(void)state;
	struct warnlog w;
	const char *text = "P:noorigin\n"         /* 1 */
			   "V:1.0-r0\n"           /* 2 */
			   "garbage line\n"       /* 3 */
			   "\n"                   /* 4 */
			   "V:2.0-r0\n"           /* 5: no P */
			   "A:x86_64\n"           /* 6 */
			   "\n"                   /* 7 */
			   "P:nover\n"            /* 8 */
			   "\r\n"                 /* 9 */
			   "P:first\n"            /* 10 */
			   "P:second\n"           /* 11 */
			   "V:3\r\n"              /* 12 */
			   "P:with space\n"       /* 13 */
			   "\n"                   /* 14 */
			   "P:\n"                 /* 15 */
			   "V:1\n";               /* 16 */
	struct vg_inventory *inv = run_str(&vg_analyzer_apk, "/lib/apk/db/installed", text, &w);
	assert_int_equal(vg_inventory_count(inv), 1);
	const struct vg_pkg *p = need_pkg(inv, "noorigin", "1.0-r0");
	assert_string_equal(p->src_name, "noorigin");
	assert_null(p->licenses);
	assert_true(warned(&w, 3, "malformed line"));
	assert_true(warned(&w, 5, "without a package name"));
	assert_true(warned(&w, 8, "no valid version"));
	assert_true(warned(&w, 11, "repeated field"));
	assert_true(warned(&w, 13, "repeated field"));
	assert_true(warned(&w, 10, "invalid package name"));
	assert_true(warned(&w, 15, "invalid package name"));
	vg_inventory_free(inv);
}

static void test_limits(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_pkgdb_limits lim;
	vg_pkgdb_limits_init(&lim);
	lim.max_field = 8;
	const char *text = "P:short\nV:1\nL:a-license-longer-than-eight\n\nP:averyveryverylongname\nV:1\n";
	struct vg_inventory *inv = run(&vg_analyzer_apk, "/lib/apk/db/installed", text, strlen(text), &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 1);
	assert_null(need_pkg(inv, "short", "1")->licenses);
	assert_true(warned(&w, 5, "invalid package name"));
	vg_inventory_free(inv);

	vg_pkgdb_limits_init(&lim);
	lim.max_packages = 2;
	size_t len;
	unsigned char *data = slurp(SAMPLE, &len);
	inv = run(&vg_analyzer_apk, "/lib/apk/db/installed", data, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 2);
	assert_true(warned(&w, 0, "max_packages"));
	vg_inventory_free(inv);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
