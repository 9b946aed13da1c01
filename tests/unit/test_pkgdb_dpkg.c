/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_dpkg.c - the dpkg analyzer: Debian status, distroless status.d, opkg; the shared
 * emit/warn/limits machinery (analyze.c) and the analyzer registry. */
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

#define FIXTURE VG_SHARED_DIR "/corpus/pkgdb-fixtures/debian-bookworm-minbase/status"

static void test_fixture(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(FIXTURE, &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_dpkg, "/var/lib/dpkg/status", data, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 114);

	/* 79 distinct source packages */
	const char *srcs[114];
	size_t nsrc = 0;
	for (size_t i = 0; i < vg_inventory_count(inv); i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		assert_int_equal(p->type, VG_PKG_DPKG);
		assert_null(p->ecosystem);
		assert_null(p->purl);
		assert_null(p->licenses);
		assert_null(p->layer);
		assert_string_equal(p->file, "/var/lib/dpkg/status");
		assert_non_null(p->src_name);
		assert_non_null(p->src_version);
		assert_non_null(p->arch);
		assert_non_null(p->supplier);
		size_t k;
		for (k = 0; k < nsrc; k++)
			if (strcmp(srcs[k], p->src_name) == 0)
				break;
		if (k == nsrc)
			srcs[nsrc++] = p->src_name;
	}
	assert_int_equal(nsrc, 79);

	static const struct {
		const char *name, *version, *src, *srcver, *arch;
	} want[] = {
		{ "libc6", "2.36-9+deb12u14", "glibc", "2.36-9+deb12u14", "amd64" },
		{ "bash", "5.2.15-2+b13", "bash", "5.2.15-2", "amd64" },
		{ "bsdutils", "1:2.38.1-5+deb12u3", "util-linux", "2.38.1-5+deb12u3", "amd64" },
		{ "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1", "amd64" },
		{ "libssl3", "3.0.22-1~deb12u2", "openssl", "3.0.22-1~deb12u2", "amd64" },
		{ "libcurl4", "7.88.1-10+deb12u15", "curl", "7.88.1-10+deb12u15", "amd64" },
		{ "gcc-12-base", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "amd64" },
		{ "e2fsprogs", "1.47.0-2+b2", "e2fsprogs", "1.47.0-2", "amd64" },
		{ "tzdata", "2026f-0+deb12u1", "tzdata", "2026f-0+deb12u1", "all" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct vg_pkg *p = need_pkg(inv, want[i].name, want[i].version);
		assert_string_equal(p->src_name, want[i].src);
		assert_string_equal(p->src_version, want[i].srcver);
		assert_string_equal(p->arch, want[i].arch);
	}
	assert_string_equal(need_pkg(inv, "libc6", NULL)->supplier,
			    "GNU Libc Maintainers <debian-glibc@lists.debian.org>");
	vg_inventory_free(inv);
	free(data);
}

static void test_fixture_via_buffer_api(void **state)
{
	(void)state;
	size_t len, warnings = 99;
	unsigned char *data = slurp(FIXTURE, &len);
	struct vg_inventory *inv = NULL;
	assert_int_equal(vg_inventory_new(&inv), 0);
	assert_int_equal(vg_analyze_buffer(&vg_analyzer_dpkg, "/var/lib/dpkg/status", data, len, inv,
					   &warnings), 0);
	assert_int_equal(warnings, 0);
	assert_int_equal(vg_inventory_count(inv), 114);
	assert_int_equal(vg_analyze_buffer(NULL, "/x", data, len, inv, NULL), -EINVAL);
	vg_inventory_free(inv);
	free(data);
}

static void test_status_states_and_warnings(void **state)
{
	(void)state;
	struct warnlog w;
	const char *text =
		"Package: good\r\n"                                   /* 1 */
		"Status: install ok installed\r\n"                    /* 2 */
		"Version: 1.0-1\r\n"                                  /* 3 */
		"Source: goodsrc\r\n"                                 /* 4 */
		"Maintainer: A\r\n"                                   /* 5 */
		" B <b@example.org>\r\n"                              /* 6: folded */
		"Description: x\r\n"                                  /* 7 */
		" .\r\n"                                              /* 8 */
		" more\r\n"                                           /* 9 */
		"\r\n"                                                /* 10 */
		"Package: gone\n"                                     /* 11 */
		"Status: deinstall ok config-files\n"                 /* 12 */
		"Version: 2.0\n"                                      /* 13 */
		"\n"                                                  /* 14 */
		"Package: half\n"                                     /* 15 */
		"Status: install ok half-installed\n"                 /* 16 */
		"Version: 2.0\n"                                      /* 17 */
		"\n"                                                  /* 18 */
		"Package: held\n"                                     /* 19 */
		"Status: hold ok installed\n"                         /* 20 */
		"Version: 3.0\n"                                      /* 21 */
		"Source: heldsrc (2.9)\n"                             /* 22 */
		"Architecture: arm64\n"                               /* 23 */
		"\n\n\n"                                              /* 24-26 */
		"Package: badstatus\n"                                /* 27 */
		"Status: installed\n"                                 /* 28 */
		"Version: 1\n"                                        /* 29 */
		"\n"                                                  /* 30 */
		"Package: nostatus\n"                                 /* 31 */
		"Version: 1\n"                                        /* 32 */
		"\n"                                                  /* 33 */
		"Package: noversion\n"                                /* 34 */
		"Status: install ok installed\n"                      /* 35 */
		"\n"                                                  /* 36 */
		"Status: install ok installed\n"                      /* 37 */
		"Version: 1\n"                                        /* 38 */
		"\n"                                                  /* 39 */
		"Package: junk\n"                                     /* 40 */
		"this line has no colon\n"                            /* 41 */
		"Status: install ok installed\n"                      /* 42 */
		"Version: 4\n"                                        /* 43 */
		"Source: bad (\n"                                     /* 44 */
		"\n"                                                  /* 45 */
		" stray continuation\n"                               /* 46 */
		"Package: last\n"                                     /* 47 */
		"Status: install ok installed\n"                      /* 48 */
		"Version: 5";                                         /* 49, no newline */
	struct vg_inventory *inv = run_str(&vg_analyzer_dpkg, "/var/lib/dpkg/status", text, &w);
	assert_int_equal(vg_inventory_count(inv), 4);
	const struct vg_pkg *p = need_pkg(inv, "good", "1.0-1");
	assert_string_equal(p->src_name, "goodsrc");
	assert_string_equal(p->src_version, "1.0-1");
	assert_string_equal(p->supplier, "A\nB <b@example.org>");
	assert_null(p->arch);
	p = need_pkg(inv, "held", "3.0");
	assert_string_equal(p->src_name, "heldsrc");
	assert_string_equal(p->src_version, "2.9");
	assert_string_equal(p->arch, "arm64");
	p = need_pkg(inv, "junk", "4");
	assert_string_equal(p->src_name, "bad");
	assert_string_equal(p->src_version, "4");
	need_pkg(inv, "last", "5");
	assert_null(find_pkg(inv, "gone"));
	assert_null(find_pkg(inv, "half"));
	assert_true(warned(&w, 28, "malformed Status"));
	assert_true(warned(&w, 31, "no Status field"));
	assert_true(warned(&w, 34, "no valid Version"));
	assert_true(warned(&w, 37, "without a Package field"));
	assert_true(warned(&w, 41, "malformed line"));
	assert_true(warned(&w, 44, "malformed Source"));
	assert_true(warned(&w, 46, "continuation line outside a field"));
	assert_int_equal(w.counted, 7);
	vg_inventory_free(inv);
}

static void test_distroless_status_d(void **state)
{
	(void)state;
	struct warnlog w;
	const struct vg_analyzer *a = &vg_analyzer_dpkg;
	assert_true(a->wants("/var/lib/dpkg/status", 0644, 100));
	assert_true(a->wants("var/lib/dpkg/status", 0644, 100));
	assert_true(a->wants("/var/lib/dpkg/status.d/libssl3", 0644, 100));
	assert_true(a->wants("/var/lib/dpkg/status.d/base-files-a1b2c3", 0644, 100));
	assert_true(a->wants("/usr/lib/opkg/status", 0644, 100));
	assert_false(a->wants("/var/lib/dpkg/status.d/libssl3.md5sums", 0644, 100));
	assert_false(a->wants("/var/lib/dpkg/status.d/", 0644, 100));
	assert_false(a->wants("/var/lib/dpkg/status.d/x/y", 0644, 100));
	assert_false(a->wants("/var/lib/dpkg/status-old", 0644, 100));
	assert_false(a->wants("/var/lib/dpkg/available", 0644, 100));

	const char *libssl = "Package: libssl3\n"
			     "Source: openssl\n"
			     "Version: 3.0.17-1~deb12u2\n"
			     "Architecture: amd64\n"
			     "Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>\n"
			     "Installed-Size: 6000\n"
			     "Description: Secure Sockets Layer toolkit - shared libraries\n"
			     " This package is part of the OpenSSL project's implementation.\n";
	struct vg_inventory *inv = run_str(a, "/var/lib/dpkg/status.d/libssl3", libssl, &w);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 1);
	const struct vg_pkg *p = need_pkg(inv, "libssl3", "3.0.17-1~deb12u2");
	assert_string_equal(p->src_name, "openssl");
	assert_string_equal(p->src_version, "3.0.17-1~deb12u2");
	assert_string_equal(p->file, "/var/lib/dpkg/status.d/libssl3");
	vg_inventory_free(inv);

	/* a Status present in status.d is still honoured */
	inv = run_str(a, "/var/lib/dpkg/status.d/x",
		      "Package: x\nStatus: deinstall ok config-files\nVersion: 1\n", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	vg_inventory_free(inv);

	/* opkg */
	inv = run_str(a, "/usr/lib/opkg/status",
		      "Package: busybox\nVersion: 1.36.1-1\nDepends: libc\n"
		      "Status: install user installed\nArchitecture: x86_64\nInstalled-Time: 1\n\n"
		      "Package: old\nVersion: 1\nStatus: deinstall hold not-installed\n",
		      &w);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 1);
	need_pkg(inv, "busybox", "1.36.1-1");
	vg_inventory_free(inv);
}

static void test_limits(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_pkgdb_limits lim;
	size_t len;
	unsigned char *data = slurp(FIXTURE, &len);

	vg_pkgdb_limits_init(&lim);
	lim.max_packages = 10;
	struct vg_inventory *inv = run(&vg_analyzer_dpkg, "/var/lib/dpkg/status", data, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 10);
	assert_int_equal(w.counted, 1);
	assert_true(warned(&w, 0, "max_packages"));
	vg_inventory_free(inv);

	vg_pkgdb_limits_init(&lim);
	lim.max_field = 24;
	const char *text = "Package: a\nStatus: install ok installed\nVersion: 1\n"
			   "Maintainer: a very long maintainer name <x@example.org>\n\n"
			   "Package: b\nStatus: install ok installed\nVersion: 2\n";
	inv = run(&vg_analyzer_dpkg, "/var/lib/dpkg/status", text, strlen(text), &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 1);
	need_pkg(inv, "b", "2");
	assert_true(warned(&w, 4, "max_field"));
	vg_inventory_free(inv);

	/* max_warnings: the sink sees max_warnings + 1 calls, every warning is counted */
	vg_pkgdb_limits_init(&lim);
	lim.max_warnings = 3;
	const char *junk = "a\nb\nc\nd\ne\nf\ng\n";
	inv = run(&vg_analyzer_dpkg, "/var/lib/dpkg/status", junk, strlen(junk), &w, &lim);
	assert_int_equal(w.n, 4);
	assert_int_equal(w.counted, 7);
	assert_true(warned(&w, 0, "too many warnings"));
	vg_inventory_free(inv);
	free(data);
}

static void test_hostile(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(FIXTURE, &len);
	torture(&vg_analyzer_dpkg, "/var/lib/dpkg/status", data, len, 997);
	torture(&vg_analyzer_dpkg, "/var/lib/dpkg/status.d/x", data, 3000, 7);
	/* control characters in the message are replaced before reaching the sink */
	struct warnlog w;
	struct vg_inventory *inv = run_str(&vg_analyzer_dpkg, "/var/lib/dpkg/status",
					   "Package: a\x1b[31m\nVersion: 1\nStatus: install ok installed\n", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.n, 1);
	assert_null(strchr(w.msgs[0], '\x1b'));
	vg_inventory_free(inv);
	free(data);
}

static void test_registry(void **state)
{
	(void)state;
	static const char *const names[] = { "dpkg", "apk", "rpm", "gobinary", "npm", "python", "jar", "cargo" };
	size_t n = 0;
	for (; vg_analyzers[n]; n++) {
		assert_true(n < 8);
		assert_string_equal(vg_analyzers[n]->name, names[n]);
		assert_non_null(vg_analyzers[n]->wants);
		assert_non_null(vg_analyzers[n]->analyze);
		assert_string_equal(vg_pkg_type_name(vg_analyzers[n]->type), names[n]);
		/* nothing wants a directory-like or /proc path by accident */
		assert_false(vg_analyzers[n]->wants("/proc/1/exe", 0755, 1000));
		/* empty input is never an error */
		struct vg_inventory *inv = run(vg_analyzers[n], "/x", "", 0, NULL, NULL);
		assert_int_equal(vg_inventory_count(inv), 0);
		vg_inventory_free(inv);
	}
	assert_int_equal(n, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_fixture_via_buffer_api),
		cmocka_unit_test(test_status_states_and_warnings),
		cmocka_unit_test(test_distroless_status_d),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
