/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_python.c - Python distributions: .dist-info/METADATA, .egg-info/PKG-INFO and
 * single-file .egg-info. */
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

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_python;
	assert_true(a->wants("/usr/lib/python3/dist-packages/requests-2.28.1.dist-info/METADATA", 0644, 10));
	assert_true(a->wants("/usr/local/lib/python3.11/site-packages/urllib3-2.0.7.dist-info/METADATA", 0644, 10));
	assert_true(a->wants("/venv/lib/python3.12/site-packages/Django-4.2.dist-info/METADATA", 0644, 10));
	assert_true(a->wants("/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", 0644, 10));
	assert_true(a->wants("/usr/lib/python3/dist-packages/chardet-5.1.0.egg-info", 0644, 10));
	assert_true(a->wants("/src/proj/proj.egg-info/PKG-INFO", 0644, 10));
	assert_false(a->wants("/src/proj/x.dist-info/METADATA", 0644, 10));
	assert_false(a->wants("/usr/lib/python3/dist-packages/x.dist-info/RECORD", 0644, 10));
	assert_false(a->wants("/usr/lib/python3/dist-packages/METADATA", 0644, 10));
	assert_false(a->wants("/usr/lib/python3/dist-packages/.dist-info/METADATA", 0644, 10));
	assert_false(a->wants("/usr/lib/python3/dist-packages/x.egg-info/SOURCES.txt", 0644, 10));
	assert_false(a->wants("/.egg-info", 0644, 10));
}

static void test_metadata(void **state)
{
	(void)state;
	struct warnlog w;
	const char *text = "Metadata-Version: 2.1\n"
			   "Name: requests\n"
			   "Version: 2.31.0\n"
			   "Summary: Python HTTP for Humans.\n"
			   "Home-page: https://requests.readthedocs.io\n"
			   "Author: Kenneth Reitz\n"
			   "Author-email: me@kennethreitz.org\n"
			   "License: Apache 2.0\n"
			   "Classifier: License :: OSI Approved :: Apache Software License\n"
			   "Requires-Python: >=3.7\n"
			   "Requires-Dist: charset-normalizer (<4,>=2)\n"
			   "Requires-Dist: idna (<4,>=2.5)\n"
			   "\n"
			   "# Requests\n"
			   "Name: not-a-header\n";
	const char *path = "/usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA";
	struct vg_inventory *inv = run_str(&vg_analyzer_python, path, text, &w);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 1);
	const struct vg_pkg *p = need_pkg(inv, "requests", "2.31.0");
	assert_int_equal(p->type, VG_PKG_PYTHON);
	assert_string_equal(p->ecosystem, "PyPI");
	assert_string_equal(p->licenses, "Apache 2.0");
	assert_string_equal(p->supplier, "Kenneth Reitz");
	assert_string_equal(p->file, path);
	vg_inventory_free(inv);

	/* License-Expression (metadata 2.4) wins; a name as written (matching normalises) */
	inv = run_str(&vg_analyzer_python, path,
		      "Metadata-Version: 2.4\r\nName: Typing_Extensions\r\nVersion: 4.12.2\r\n"
		      "License: whatever\r\nLicense-Expression: PSF-2.0\r\n"
		      "Author-email: \"Guido van Rossum\" <guido@python.org>\r\n", &w);
	p = need_pkg(inv, "Typing_Extensions", "4.12.2");
	assert_string_equal(p->licenses, "PSF-2.0");
	assert_string_equal(p->supplier, "\"Guido van Rossum\" <guido@python.org>");
	vg_inventory_free(inv);

	/* a whole license text in License (continuation lines) is not a license name; UNKNOWN */
	inv = run_str(&vg_analyzer_python, "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO",
		      "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\n"
		      "License: Copyright (c) 2010-2020 Benjamin Peterson\n"
		      "        \n"
		      "        Permission is hereby granted, free of charge\n"
		      "Author: UNKNOWN\n", &w);
	p = need_pkg(inv, "six", "1.16.0");
	assert_null(p->licenses);
	assert_null(p->supplier);
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_python, "/usr/lib/python3/dist-packages/x.egg-info",
		      "Metadata-Version: 1.1\nName: x\nVersion: 1.0\nLicense: UNKNOWN\n", &w);
	assert_null(need_pkg(inv, "x", "1.0")->licenses);
	vg_inventory_free(inv);
}

static void test_malformed(void **state)
{
	(void)state;
	struct warnlog w;
	const char *path = "/usr/lib/python3/dist-packages/a-1.dist-info/METADATA";
	struct vg_inventory *inv = run_str(&vg_analyzer_python, path,
					   "\n\nMetadata-Version: 2.1\nbroken line\nVersion: 1.0\n", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 4, "malformed line"));
	assert_true(warned(&w, 3, "without a valid Name and Version"));
	vg_inventory_free(inv);

	inv = run_str(&vg_analyzer_python, path, "Name: has space\nVersion: 1\n", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	vg_inventory_free(inv);

	struct vg_pkgdb_limits lim;
	vg_pkgdb_limits_init(&lim);
	lim.max_field = 10;
	const char *t = "Name: averyveryverylongname\nVersion: 1\n";
	inv = run(&vg_analyzer_python, path, t, strlen(t), &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 1, "max_field"));
	vg_inventory_free(inv);

	const char *good = "Metadata-Version: 2.1\nName: good\nVersion: 1.2.3\nLicense: MIT\nAuthor: A\n\nbody\n";
	torture(&vg_analyzer_python, path, (const unsigned char *)good, strlen(good), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
