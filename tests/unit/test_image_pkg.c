/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_image_pkg.c - the package inventory (copying, sorting, dropping a file), package URLs
 * per type, PyPI name normalisation, and OS detection from release files.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "image/image_internal.h"
#include "vigil/pkg.h"

static void test_type_names(void **state)
{
	(void)state;
	static const char *const want[] = { "dpkg", "apk", "rpm", "gobinary", "npm",
					    "python", "jar", "cargo", "other" };
	for (int i = 0; i < VG_PKG_TYPE_COUNT; i++)
		assert_string_equal(vg_pkg_type_name((enum vg_pkg_type)i), want[i]);
	assert_string_equal(vg_pkg_type_name((enum vg_pkg_type)99), "other");
}

static void test_inventory_copy_sort_drop(void **state)
{
	(void)state;
	struct vg_inventory *inv;
	assert_int_equal(vg_inventory_new(&inv), 0);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_null(vg_inventory_get(inv, 0));
	assert_null(vg_inventory_os(inv));
	char name[16] = "zlib";
	struct vg_pkg p = { .type = VG_PKG_DPKG, .name = name, .version = "1.0",
			    .ecosystem = "Debian:12", .file = "/var/lib/dpkg/status" };
	assert_int_equal(vg_inventory_add(inv, &p), 0);
	name[0] = 'X'; /* strings were copied */
	assert_string_equal(vg_inventory_get(inv, 0)->name, "zlib");
	p.name = "apt";
	assert_int_equal(vg_inventory_add(inv, &p), 0);
	p.name = "apt";
	p.file = "/var/lib/dpkg/status.d/apt";
	assert_int_equal(vg_inventory_add(inv, &p), 0);
	struct vg_pkg q = { .type = VG_PKG_NPM, .name = "left-pad", .version = "1.3.0",
			    .file = "/app/package-lock.json" };
	assert_int_equal(vg_inventory_add(inv, &q), 0);
	for (int i = 0; i < 1000; i++) /* growth */
		assert_int_equal(vg_inventory_add(inv, &q), 0);
	vg_inventory_drop_file(inv, "/app/package-lock.json");
	assert_int_equal(vg_inventory_count(inv), 3);
	q.ecosystem = "npm";
	assert_int_equal(vg_inventory_add(inv, &q), 0);
	vg_inventory_sort(inv);
	assert_string_equal(vg_inventory_get(inv, 0)->name, "apt");
	assert_string_equal(vg_inventory_get(inv, 0)->file, "/var/lib/dpkg/status");
	assert_string_equal(vg_inventory_get(inv, 1)->file, "/var/lib/dpkg/status.d/apt");
	assert_string_equal(vg_inventory_get(inv, 2)->name, "zlib");
	assert_string_equal(vg_inventory_get(inv, 3)->name, "left-pad");
	struct vg_os os = { .id = "debian", .version_id = "12", .version = "12.15",
			    .ecosystem = "Debian:12" };
	assert_int_equal(vg_inventory_set_os(inv, &os), 0);
	os.id = "alpine";
	assert_int_equal(vg_inventory_set_os(inv, &os), 0);
	assert_string_equal(vg_inventory_os(inv)->id, "alpine");
	assert_null(vg_inventory_os(inv)->codename);
	assert_int_equal(vg_inventory_add(inv, NULL), -EINVAL);
	vg_inventory_free(inv);
	vg_inventory_free(NULL);
}

static void purl_is(const struct vg_pkg *p, const struct vg_os *os, const char *want)
{
	char buf[512];
	size_t n = vg_purl_format(p, os, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	/* like snprintf: the needed length, truncated output */
	char small[8];
	assert_int_equal(vg_purl_format(p, os, small, sizeof(small)), strlen(want));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(vg_purl_format(p, os, NULL, 0), strlen(want));
}

static void test_purl(void **state)
{
	(void)state;
	struct vg_os deb = { .id = "debian", .version_id = "12", .version = "12.15" };
	struct vg_os alp = { .id = "alpine", .version_id = "3.18.4", .version = "3.18.4" };
	struct vg_os rhel = { .id = "rhel", .version_id = "9.3", .version = "9.3" };
	struct vg_pkg p = { .type = VG_PKG_DPKG, .name = "curl", .version = "7.88.1-10+deb12u5",
			    .arch = "amd64" };
	purl_is(&p, &deb, "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12.15");
	purl_is(&p, NULL, "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64");
	p.name = "libGcc-S1";
	p.version = "1:2.38.1-5+b1";
	p.arch = NULL;
	purl_is(&p, &deb, "pkg:deb/debian/libgcc-s1@1:2.38.1-5%2Bb1?distro=debian-12.15");
	struct vg_os ubu = { .id = "ubuntu", .version_id = "22.04" };
	p.name = "bash";
	p.version = "5.1-6ubuntu1";
	purl_is(&p, &ubu, "pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-22.04");

	struct vg_pkg a = { .type = VG_PKG_APK, .name = "musl", .version = "1.2.4-r2",
			    .arch = "x86_64" };
	purl_is(&a, &alp, "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4");

	struct vg_pkg r = { .type = VG_PKG_RPM, .name = "openssl-libs", .version = "1:3.0.7-24.el9",
			    .arch = "x86_64" };
	purl_is(&r, &rhel,
		"pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rhel-9.3&epoch=1");
	purl_is(&r, NULL, "pkg:rpm/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1");

	struct vg_pkg g = { .type = VG_PKG_GOBINARY, .name = "stdlib", .version = "1.19.8" };
	purl_is(&g, &deb, "pkg:golang/stdlib@1.19.8");
	g.name = "github.com/BurntSushi/toml";
	g.version = "v1.3.2+incompatible";
	purl_is(&g, NULL, "pkg:golang/github.com/burntsushi/toml@v1.3.2%2Bincompatible");

	struct vg_pkg n = { .type = VG_PKG_NPM, .name = "@Babel/core", .version = "7.24.0" };
	purl_is(&n, NULL, "pkg:npm/%40babel/core@7.24.0");
	n.name = "left-pad";
	purl_is(&n, NULL, "pkg:npm/left-pad@7.24.0");

	struct vg_pkg py = { .type = VG_PKG_PYTHON, .name = "Django_REST.framework",
			     .version = "3.15.1" };
	purl_is(&py, NULL, "pkg:pypi/django-rest-framework@3.15.1");

	struct vg_pkg j = { .type = VG_PKG_JAR, .name = "org.apache.logging.log4j:log4j-core",
			    .version = "2.14.1" };
	purl_is(&j, NULL, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");

	struct vg_pkg c = { .type = VG_PKG_CARGO, .name = "serde", .version = "1.0.197" };
	purl_is(&c, NULL, "pkg:cargo/serde@1.0.197");

	struct vg_pkg o = { .type = VG_PKG_OTHER, .name = "my thing", .version = "1 0" };
	purl_is(&o, NULL, "pkg:generic/my%20thing@1%200");

	struct vg_pkg none = { .type = VG_PKG_DPKG };
	char buf[16] = "x";
	assert_int_equal(vg_purl_format(&none, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

static void test_pypi_normalize(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Django", "django" },         { "zope.interface", "zope-interface" },
		{ "A__b--c..d", "a-b-c-d" },   { "ruamel.yaml.clib", "ruamel-yaml-clib" },
		{ "_private_", "-private-" }, { "", "" },
	};
	char buf[64];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = vg_pypi_normalize(cases[i].in, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(n, strlen(cases[i].out));
	}
	char small[4];
	assert_int_equal(vg_pypi_normalize("Flask_Login", small, sizeof(small)), 11);
	assert_string_equal(small, "fla");
}

static void os_is(const char *osr, const char *deb, const char *alp, const char *rh,
		  const char *id, const char *version_id, const char *version, const char *eco)
{
	struct vg_arena a;
	vg_arena_init(&a, 0);
	struct vg_os os;
	assert_int_equal(vg_os_detect(&a, osr, deb, alp, rh, &os), 0);
	if (!id) {
		assert_null(os.id);
	} else {
		assert_string_equal(os.id, id);
		if (version_id)
			assert_string_equal(os.version_id, version_id);
		else
			assert_null(os.version_id);
		if (version)
			assert_string_equal(os.version, version);
		else
			assert_null(os.version);
		if (eco)
			assert_string_equal(os.ecosystem, eco);
		else
			assert_null(os.ecosystem);
	}
	vg_arena_release(&a);
}

/* One OS -> OSV ecosystem mapping for images and SBOM OS components. */
static void test_os_ecosystem(void **state)
{
	(void)state;
	static const struct {
		const char *id, *version, *text, *want;
	} t[] = {
		{ "debian", "12", NULL, "Debian:12" },
		{ "DEBIAN", "12.5", NULL, "Debian:12" },
		{ "debian", NULL, NULL, "Debian" },
		{ "alpine", "3.18.4", NULL, "Alpine:v3.18" },
		{ "alpine", "3", NULL, "Alpine" },
		{ "ubuntu", "22.04", "22.04.4 LTS (Jammy Jellyfish)", "Ubuntu:22.04:LTS" },
		{ "ubuntu", "23.10", "23.10 (Mantic Minotaur)", "Ubuntu:23.10" },
		{ "Ubuntu", "24.04", NULL, "Ubuntu:24.04:LTS" },
		{ "ubuntu", "23.04", NULL, "Ubuntu:23.04" },
		{ "centos", "7", NULL, "Red Hat" },
		{ "rocky", "9.3", NULL, "Rocky Linux:9" },
		{ "almalinux", "8.9", NULL, "AlmaLinux:8" },
		{ "wolfi", "20230201", NULL, "Wolfi" },
	};
	struct vg_arena a;
	vg_arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = vg_os_ecosystem(&a, t[i].id, t[i].version, t[i].text);
		assert_non_null(got);
		assert_string_equal(got, t[i].want);
	}
	assert_null(vg_os_ecosystem(&a, "plan9", "4", NULL));
	assert_null(vg_os_ecosystem(&a, NULL, "4", NULL));
	vg_arena_release(&a);
}

static void test_os_detect(void **state)
{
	(void)state;
	const char *debian = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
			     "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\n"
			     "VERSION_CODENAME=bookworm\nID=debian\n";
	os_is(debian, "12.15\n", NULL, NULL, "debian", "12", "12.15", "Debian:12");
	os_is(debian, NULL, NULL, NULL, "debian", "12", "12", "Debian:12");
	os_is(NULL, "11.9\n", NULL, NULL, "debian", "11", "11.9", "Debian:11");
	os_is("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\n", "trixie/sid\n", NULL, NULL,
	      "debian", NULL, "trixie/sid", "Debian");
	const char *alpine = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.18.4\n"
			     "PRETTY_NAME=\"Alpine Linux v3.18\"\n";
	os_is(alpine, NULL, "3.18.4\n", NULL, "alpine", "3.18.4", "3.18.4", "Alpine:v3.18");
	os_is(NULL, NULL, "3.19.1\n", NULL, "alpine", "3.19.1", "3.19.1", "Alpine:v3.19");
	const char *ubuntu = "NAME=\"Ubuntu\"\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nID=ubuntu\n"
			     "ID_LIKE=debian\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\n";
	os_is(ubuntu, "bookworm/sid\n", NULL, NULL, "ubuntu", "22.04", "22.04", "Ubuntu:22.04:LTS");
	os_is("ID=ubuntu\nVERSION_ID='23.10'\nVERSION=\"23.10 (Mantic Minotaur)\"\n", NULL, NULL, NULL,
	      "ubuntu", "23.10", "23.10", "Ubuntu:23.10");
	const char *rhel = "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.3 (Plow)\"\nID=\"rhel\"\n"
			   "VERSION_ID=\"9.3\"\n";
	os_is(rhel, NULL, NULL, "Red Hat Enterprise Linux release 9.3 (Plow)\n", "rhel", "9.3", "9.3",
	      "Red Hat");
	os_is(NULL, NULL, NULL, "CentOS Linux release 7.9.2009 (Core)\n", "centos", "7.9", "7.9.2009",
	      "Red Hat");
	os_is("ID=\"rocky\"\nVERSION_ID=\"9.3\"\n", NULL, NULL, NULL, "rocky", "9.3", "9.3",
	      "Rocky Linux:9");
	os_is("ID=wolfi\nVERSION_ID=20230201\n", NULL, NULL, NULL, "wolfi", "20230201", "20230201",
	      "Wolfi");
	os_is("ID=plan9\n", NULL, NULL, NULL, "plan9", NULL, NULL, NULL);
	os_is(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	/* quoting: escapes in double quotes, comments, junk lines */
	os_is("# comment\njunk\nID=\"deb\\\"ian\"\nVERSION_ID=\"1\"  trailing\n", NULL, NULL, NULL,
	      "deb\"ian", "1", "1", NULL);
}

static void test_default_ecosystem(void **state)
{
	(void)state;
	struct vg_os os = { .id = "debian", .ecosystem = "Debian:12" };
	assert_string_equal(vg_pkg_default_ecosystem(VG_PKG_DPKG, &os), "Debian:12");
	assert_null(vg_pkg_default_ecosystem(VG_PKG_DPKG, NULL));
	assert_string_equal(vg_pkg_default_ecosystem(VG_PKG_GOBINARY, NULL), "Go");
	assert_string_equal(vg_pkg_default_ecosystem(VG_PKG_NPM, NULL), "npm");
	assert_string_equal(vg_pkg_default_ecosystem(VG_PKG_PYTHON, NULL), "PyPI");
	assert_string_equal(vg_pkg_default_ecosystem(VG_PKG_JAR, NULL), "Maven");
	assert_string_equal(vg_pkg_default_ecosystem(VG_PKG_CARGO, NULL), "crates.io");
	assert_null(vg_pkg_default_ecosystem(VG_PKG_OTHER, &os));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_inventory_copy_sort_drop),
		cmocka_unit_test(test_purl),
		cmocka_unit_test(test_pypi_normalize),
		cmocka_unit_test(test_os_ecosystem),
		cmocka_unit_test(test_os_detect),
		cmocka_unit_test(test_default_ecosystem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
