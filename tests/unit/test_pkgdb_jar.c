/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_jar.c - Java archives: pom.properties, MANIFEST.MF, file names, nested jars and
 * their limits. The jars are written here with libarchive's zip writer. */
#include <archive.h>
#include <archive_entry.h>
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

struct zentry {
	const char *name;
	const void *data;
	size_t len; /* 0: strlen(data) */
};

static unsigned char *make_zip(const struct zentry *e, size_t n, size_t *ret_len)
{
	size_t cap = 65536;
	for (size_t i = 0; i < n; i++)
		cap += (e[i].len ? e[i].len : strlen(e[i].data)) + 512;
	unsigned char *buf = malloc(cap);
	size_t used = 0;
	struct archive *a = archive_write_new();
	assert_non_null(buf);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		size_t len = e[i].len ? e[i].len : strlen(e[i].data);
		struct archive_entry *ent = archive_entry_new();
		archive_entry_set_pathname(ent, e[i].name);
		archive_entry_set_filetype(ent, AE_IFREG);
		archive_entry_set_perm(ent, 0644);
		archive_entry_set_size(ent, (la_int64_t)len);
		assert_int_equal(archive_write_header(a, ent), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, e[i].data, len), (la_ssize_t)len);
		archive_entry_free(ent);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*ret_len = used;
	return buf;
}

static unsigned char *fat_jar(size_t *ret_len)
{
	size_t glen, flen, plen;
	const struct zentry guava[] = {
		{ "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBundle-SymbolicName: com.google.guava\r\n", 0 },
		{ "META-INF/maven/com.google.guava/guava/pom.properties",
		  "#Created by Apache Maven 3.8.4\nversion=31.1-jre\ngroupId=com.google.guava\nartifactId=guava\n", 0 },
		{ "com/google/common/base/Optional.class", "\xca\xfe\xba\xbe", 4 },
	};
	const struct zentry failureaccess[] = {
		{ "META-INF/MANIFEST.MF",
		  "Manifest-Version: 1.0\r\nBundle-Name: Guava InternalFutureFailureAccess and InternalFutur\r\n es\r\n"
		  "Bundle-SymbolicName: com.google.guava.failureaccess\r\nBundle-Version: 1.0.1\r\n\r\n"
		  "Name: com/google/common/\r\nImplementation-Version: 9.9\r\n", 0 },
	};
	const struct zentry plain[] = { { "x/Y.class", "\xca\xfe\xba\xbe", 4 } };
	unsigned char *g = make_zip(guava, 3, &glen), *f = make_zip(failureaccess, 1, &flen),
		      *p = make_zip(plain, 1, &plen);
	const struct zentry app[] = {
		{ "META-INF/MANIFEST.MF",
		  "Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\n"
		  "Implementation-Title: app\r\nImplementation-Version: 0.0.1\r\n", 0 },
		{ "META-INF/maven/com.example/app/pom.properties", "artifactId=app\ngroupId=com.example\nversion=0.0.1-SNAPSHOT\n", 0 },
		{ "META-INF/maven/org.shaded/dep/pom.properties", "groupId = org.shaded\nartifactId: dep\nversion=2.0\n", 0 },
		{ "BOOT-INF/lib/guava-31.1-jre.jar", g, glen },
		{ "BOOT-INF/lib/failureaccess-1.0.1.jar", f, flen },
		{ "BOOT-INF/lib/plain-lib-2.3.4.jar", p, plen },
		{ "BOOT-INF/lib/notes.txt", "not a jar", 0 },
	};
	unsigned char *out = make_zip(app, 7, ret_len);
	free(g);
	free(f);
	free(p);
	return out;
}

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_jar;
	assert_true(a->wants("/app/app.jar", 0644, 1000));
	assert_true(a->wants("/opt/tomcat/webapps/ROOT.war", 0644, 1000));
	assert_true(a->wants("/x/y.EAR", 0644, 1000));
	assert_true(a->wants("/x/y.par", 0644, 1000));
	assert_false(a->wants("/x/y.jar", 0644, 10));
	assert_false(a->wants("/x/y.zip", 0644, 1000));
	assert_false(a->wants("/x/jar", 0644, 1000));
}

static void test_fat_jar(void **state)
{
	(void)state;
	size_t len;
	unsigned char *jar = fat_jar(&len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_jar, "/app/app.jar", jar, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 5);
	const struct vg_pkg *p = need_pkg(inv, "com.example:app", "0.0.1-SNAPSHOT");
	assert_int_equal(p->type, VG_PKG_JAR);
	assert_string_equal(p->ecosystem, "Maven");
	assert_string_equal(p->file, "/app/app.jar");
	need_pkg(inv, "org.shaded:dep", "2.0");
	need_pkg(inv, "com.google.guava:guava", "31.1-jre");
	/* manifest: continuation line, Bundle-Name with spaces -> last part of the symbolic name,
	 * per-entry sections ignored */
	need_pkg(inv, "com.google.guava:failureaccess", "1.0.1");
	/* nothing inside: the file name */
	need_pkg(inv, "plain-lib", "2.3.4");
	vg_inventory_free(inv);
	torture(&vg_analyzer_jar, "/app/app.jar", jar, len, 97);
	free(jar);
}

static void test_manifest_and_names(void **state)
{
	(void)state;
	struct warnlog w;
	size_t len;
	const struct zentry m1[] = {
		{ "META-INF/MANIFEST.MF",
		  "Manifest-Version: 1.0\nImplementation-Title: my-very-long-artif\n act-name\n"
		  "Implementation-Version: 3.2.1\nImplementation-Vendor-Id: org.example\n", 0 },
	};
	unsigned char *z = make_zip(m1, 1, &len);
	struct vg_inventory *inv = run(&vg_analyzer_jar, "/lib/whatever.jar", z, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 1);
	need_pkg(inv, "org.example:my-very-long-artifact-name", "3.2.1");
	vg_inventory_free(inv);
	free(z);

	/* a pom.properties without a version: warned, the manifest is used instead */
	const struct zentry m2[] = {
		{ "META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\n", 0 },
		{ "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: a\nImplementation-Version: 5\n", 0 },
	};
	z = make_zip(m2, 2, &len);
	inv = run(&vg_analyzer_jar, "/lib/a.jar", z, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 1);
	need_pkg(inv, "a", "5");
	assert_true(warned(&w, 0, "no valid groupId, artifactId and version"));
	vg_inventory_free(inv);
	free(z);

	/* nothing usable and a name without a version: no package, no warning */
	const struct zentry m3[] = { { "a.txt", "x", 0 } };
	z = make_zip(m3, 1, &len);
	inv = run(&vg_analyzer_jar, "/lib/tools.jar", z, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.counted, 0);
	vg_inventory_free(inv);
	inv = run(&vg_analyzer_jar, "/lib/commons-lang3-3.12.0.jar", z, len, &w, NULL);
	need_pkg(inv, "commons-lang3", "3.12.0");
	vg_inventory_free(inv);
	free(z);

	inv = run_str(&vg_analyzer_jar, "/lib/x-1.0.jar", "this is not a zip file at all", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 0, "not a readable zip archive"));
	vg_inventory_free(inv);
}

/* lib-<depth>-1.0.jar containing lib-<depth+1>-1.0.jar ... */
static unsigned char *nest(unsigned depth, unsigned max, size_t *ret_len)
{
	char name[64];
	if (depth == max) {
		const struct zentry e[] = { { "a.txt", "leaf", 0 } };
		return make_zip(e, 1, ret_len);
	}
	size_t ilen;
	unsigned char *inner = nest(depth + 1, max, &ilen);
	snprintf(name, sizeof(name), "lib/lib%u-1.%u.jar", depth + 1, depth + 1);
	const struct zentry e[] = { { name, inner, ilen } };
	unsigned char *z = make_zip(e, 1, ret_len);
	free(inner);
	return z;
}

static void test_limits(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_pkgdb_limits lim;
	size_t len;

	/* seven levels: the outer jar and four nested levels are read */
	unsigned char *z = nest(0, 7, &len);
	struct vg_inventory *inv = run(&vg_analyzer_jar, "/lib/lib0-1.0.jar", z, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 5);
	need_pkg(inv, "lib0", "1.0");
	need_pkg(inv, "lib4", "1.4");
	assert_null(find_pkg(inv, "lib5"));
	assert_int_equal(w.counted, 1);
	assert_true(warned(&w, 0, "max_archive_depth"));
	vg_inventory_free(inv);

	vg_pkgdb_limits_init(&lim);
	lim.max_archive_depth = 1;
	inv = run(&vg_analyzer_jar, "/lib/lib0-1.0.jar", z, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 2);
	vg_inventory_free(inv);
	free(z);

	/* a nested jar over max_member */
	size_t flen;
	unsigned char *fat = fat_jar(&flen);
	vg_pkgdb_limits_init(&lim);
	lim.max_member = 200;
	inv = run(&vg_analyzer_jar, "/app/app.jar", fat, flen, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 3); /* the two outer pom.properties, the tiny jar */
	need_pkg(inv, "plain-lib", "2.3.4");
	assert_null(find_pkg(inv, "com.google.guava:guava"));
	assert_true(warned(&w, 0, "larger than 200 bytes"));
	vg_inventory_free(inv);

	/* the decompressed-bytes budget over the tree */
	vg_pkgdb_limits_init(&lim);
	lim.max_archive_bytes = 300;
	inv = run(&vg_analyzer_jar, "/app/app.jar", fat, flen, &w, &lim);
	assert_true(vg_inventory_count(inv) < 5);
	assert_true(warned(&w, 0, "max_archive_bytes"));
	vg_inventory_free(inv);

	/* the entry budget over the tree */
	vg_pkgdb_limits_init(&lim);
	lim.max_archive_entries = 3;
	inv = run(&vg_analyzer_jar, "/app/app.jar", fat, flen, &w, &lim);
	assert_true(warned(&w, 0, "max_archive_entries"));
	vg_inventory_free(inv);
	free(fat);

	/* a member whose compressed data expands a lot is cut at the member cap */
	size_t biglen = 4u << 20;
	char *big = malloc(biglen);
	memset(big, 'A', biglen);
	const struct zentry e[] = { { "META-INF/maven/g/a/pom.properties", big, biglen } };
	z = make_zip(e, 1, &len);
	assert_true(len < 100000);
	inv = run(&vg_analyzer_jar, "/lib/bomb-1.0.jar", z, len, &w, NULL);
	assert_true(warned(&w, 0, "is larger than"));
	need_pkg(inv, "bomb", "1.0");
	vg_inventory_free(inv);
	free(z);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_fat_jar),
		cmocka_unit_test(test_manifest_and_names),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
