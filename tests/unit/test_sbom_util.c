/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sbom_util.c - the pieces under the SBOM writers and reader: SHA-256 (FIPS 180-4 test
 * vectors), deterministic UUIDs and timestamps, license classification against the SPDX
 * License List, package URL decoding (purl-spec), bom-ref uniqueness.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sbom/sbom_internal.h"
#include "util/sha256.h"

static void hex_of(const void *data, size_t len, char out[65])
{
	unsigned char d[VG_SHA256_LEN];
	vg_sha256(data, len, d);
	vg_sha256_hex(d, out);
}

static void test_sha256_vectors(void **state)
{
	(void)state;
	char h[65];
	hex_of("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(two, strlen(two), h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
			   "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	hex_of(four, strlen(four), h);
	assert_string_equal(h, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

	/* one million 'a', fed in uneven pieces */
	static char a[1024]; /* steps go up to 1009 bytes */
	memset(a, 'a', sizeof(a));
	struct vg_sha256 c;
	unsigned char d[VG_SHA256_LEN];
	vg_sha256_init(&c);
	size_t left = 1000000, step = 1;
	while (left) {
		size_t n = step < left ? step : left;
		vg_sha256_update(&c, a, n);
		left -= n;
		step = step % 997 + 13;
	}
	vg_sha256_final(&c, d);
	vg_sha256_hex(d, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_block_edges(void **state)
{
	(void)state;
	/* lengths around the 55/56/64-byte padding boundaries: streaming byte by byte must equal
	 * one shot */
	unsigned char buf[130];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7 + 1);
	for (size_t len = 50; len <= sizeof(buf); len++) {
		unsigned char one[VG_SHA256_LEN], many[VG_SHA256_LEN];
		vg_sha256(buf, len, one);
		struct vg_sha256 c;
		vg_sha256_init(&c);
		for (size_t i = 0; i < len; i++)
			vg_sha256_update(&c, buf + i, 1);
		vg_sha256_final(&c, many);
		assert_memory_equal(one, many, VG_SHA256_LEN);
	}
	static const struct {
		size_t n;
		const char *hex;
	} xs[] = {
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
	};
	char m[65], h[65];
	memset(m, 'x', sizeof(m));
	for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		hex_of(m, xs[i].n, h);
		assert_string_equal(h, xs[i].hex);
	}
}

static void test_uuid_timestamp(void **state)
{
	(void)state;
	unsigned char h[VG_SHA256_LEN];
	memset(h, 0xff, sizeof(h));
	char u[37];
	vg_sbom_uuid(h, u);
	assert_string_equal(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
	memset(h, 0, sizeof(h));
	vg_sbom_uuid(h, u);
	assert_string_equal(u, "00000000-0000-4000-8000-000000000000");

	char t[32];
	assert_int_equal(vg_sbom_timestamp(0, t), 0);
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	assert_int_equal(vg_sbom_timestamp(1700000000, t), 0);
	assert_string_equal(t, "2023-11-14T22:13:20Z");
	assert_int_equal(vg_sbom_timestamp(253402300799LL, t), 0);
	assert_string_equal(t, "9999-12-31T23:59:59Z");
	assert_int_equal(vg_sbom_timestamp(253402300800LL, t), -EINVAL);
	assert_int_equal(vg_sbom_timestamp(INT64_MIN, t), -EINVAL);
}

static void test_format_parse(void **state)
{
	(void)state;
	enum vg_sbom_format f = VG_SBOM_SPDX_2_3;
	assert_int_equal(vg_sbom_format_parse("cyclonedx", &f), 0);
	assert_int_equal(f, VG_SBOM_CYCLONEDX_1_6);
	assert_int_equal(vg_sbom_format_parse("cyclonedx-1.5", &f), 0);
	assert_int_equal(f, VG_SBOM_CYCLONEDX_1_5);
	assert_int_equal(vg_sbom_format_parse("cyclonedx-1.6", &f), 0);
	assert_int_equal(f, VG_SBOM_CYCLONEDX_1_6);
	assert_int_equal(vg_sbom_format_parse("spdx", &f), 0);
	assert_int_equal(f, VG_SBOM_SPDX_2_3);
	f = VG_SBOM_CYCLONEDX_1_5;
	assert_int_equal(vg_sbom_format_parse("spdx-2.3", &f), 0);
	assert_int_equal(f, VG_SBOM_SPDX_2_3);
	assert_int_equal(vg_sbom_format_parse("spdx-2.2", &f), -EINVAL);
	assert_int_equal(vg_sbom_format_parse("CycloneDX", &f), -EINVAL);
	assert_int_equal(vg_sbom_format_parse("", &f), -EINVAL);
	assert_int_equal(vg_sbom_format_parse(NULL, &f), -EINVAL);
	assert_int_equal(f, VG_SBOM_SPDX_2_3); /* untouched on failure */
}

/* ---- licenses ---------------------------------------------------------------------------- */

static void expect_license(const char *in, enum vg_sbom_lic_kind kind, const char *value)
{
	struct vg_arena a;
	vg_arena_init(&a, 0);
	struct vg_sbom_license l;
	assert_int_equal(vg_sbom_license_classify(&a, in, &l), 0);
	if (l.kind != kind || (value ? !l.value || strcmp(l.value, value) != 0 : l.value != NULL)) {
		vg_arena_release(&a);
		fail_msg("license %s%s%s: got kind %d value %s%s%s, want kind %d value %s", in ? "'" : "",
			 in ? in : "NULL", in ? "'" : "", l.kind, l.value ? "'" : "",
			 l.value ? l.value : "NULL", l.value ? "'" : "", kind, value ? value : "NULL");
	}
	vg_arena_release(&a);
}

static void test_license_classify(void **state)
{
	(void)state;
	expect_license(NULL, VG_SBOM_LIC_NONE, NULL);
	expect_license("", VG_SBOM_LIC_NONE, NULL);
	expect_license("  \t ", VG_SBOM_LIC_NONE, NULL);
	expect_license("NOASSERTION", VG_SBOM_LIC_NONE, NULL);
	expect_license("NONE", VG_SBOM_LIC_NONE, NULL);

	/* identifiers: case-insensitive, canonical spelling out */
	expect_license("MIT", VG_SBOM_LIC_ID, "MIT");
	expect_license(" mit ", VG_SBOM_LIC_ID, "MIT");
	expect_license("apache-2.0", VG_SBOM_LIC_ID, "Apache-2.0");
	expect_license("curl", VG_SBOM_LIC_ID, "curl");
	expect_license("0BSD", VG_SBOM_LIC_ID, "0BSD");
	expect_license("ZPL-2.1", VG_SBOM_LIC_ID, "ZPL-2.1");
	expect_license("GPL-2.0+", VG_SBOM_LIC_ID, "GPL-2.0+"); /* a listed (deprecated) id */

	/* expressions */
	expect_license("MIT OR Apache-2.0", VG_SBOM_LIC_EXPR, "MIT OR Apache-2.0");
	expect_license("mit  or\tapache-2.0", VG_SBOM_LIC_EXPR, "MIT OR Apache-2.0");
	expect_license("(MIT)", VG_SBOM_LIC_EXPR, "(MIT)");
	expect_license("GPL-3.0-or-later with GCC-exception-3.1", VG_SBOM_LIC_EXPR,
		       "GPL-3.0-or-later WITH GCC-exception-3.1");
	expect_license("LGPL-2.1+", VG_SBOM_LIC_ID, "LGPL-2.1+"); /* listed, deprecated */
	expect_license("apache-2.0+", VG_SBOM_LIC_EXPR, "Apache-2.0+");
	expect_license("(MIT AND BSD-2-Clause) OR (Apache-2.0 WITH LLVM-exception)",
		       VG_SBOM_LIC_EXPR,
		       "(MIT AND BSD-2-Clause) OR (Apache-2.0 WITH LLVM-exception)");
	expect_license("((MIT))", VG_SBOM_LIC_EXPR, "((MIT))");

	/* free text: unknown identifiers, mixed-case operators, bad structure, references */
	expect_license("GPL-2+", VG_SBOM_LIC_TEXT, "GPL-2+");
	expect_license("Apache 2.0", VG_SBOM_LIC_TEXT, "Apache 2.0");
	expect_license("MIT, BSD-3-Clause", VG_SBOM_LIC_TEXT, "MIT, BSD-3-Clause");
	expect_license("MIT Or Apache-2.0", VG_SBOM_LIC_TEXT, "MIT Or Apache-2.0");
	expect_license("MIT OR", VG_SBOM_LIC_TEXT, "MIT OR");
	expect_license("(MIT", VG_SBOM_LIC_TEXT, "(MIT");
	expect_license("MIT)", VG_SBOM_LIC_TEXT, "MIT)");
	expect_license("()", VG_SBOM_LIC_TEXT, "()");
	expect_license("MIT WITH Apache-2.0", VG_SBOM_LIC_TEXT, "MIT WITH Apache-2.0");
	expect_license("Classpath-exception-2.0", VG_SBOM_LIC_TEXT, "Classpath-exception-2.0");
	expect_license("LicenseRef-Custom", VG_SBOM_LIC_TEXT, "LicenseRef-Custom");
	expect_license("MIT+", VG_SBOM_LIC_EXPR, "MIT+");
	expect_license("+", VG_SBOM_LIC_TEXT, "+");

	/* nesting beyond VG_SBOM_MAX_LICENSE_DEPTH is text, at the limit an expression */
	char deep[256], want[260];
	size_t n = 0;
	for (unsigned i = 0; i < VG_SBOM_MAX_LICENSE_DEPTH; i++)
		deep[n++] = '(';
	memcpy(deep + n, "MIT", 3);
	n += 3;
	for (unsigned i = 0; i < VG_SBOM_MAX_LICENSE_DEPTH; i++)
		deep[n++] = ')';
	deep[n] = '\0';
	expect_license(deep, VG_SBOM_LIC_EXPR, deep);
	snprintf(want, sizeof(want), "(%s)", deep);
	expect_license(want, VG_SBOM_LIC_TEXT, want);

	assert_string_equal(vg_sbom_license_id("bsd-3-clause", 12), "BSD-3-Clause");
	assert_null(vg_sbom_license_id("BSD-3-Claus", 11));
	assert_null(vg_sbom_license_id("BSD-3-Clausee", 13));
	assert_string_equal(vg_sbom_exception_id("llvm-exception", 14), "LLVM-exception");
	assert_null(vg_sbom_exception_id("MIT", 3));
	assert_string_equal(vg_sbom_license_list_version(), "3.28");
}

/* ---- purls ------------------------------------------------------------------------------- */

struct purl_case {
	const char *in;
	const char *type, *ns, *name, *version, *subpath;
	const char *q1k, *q1v, *q2k, *q2v;
	const char *why; /* non-NULL: must fail with this reason */
};

static const struct purl_case purl_cases[] = {
	{ "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12.15", "deb",
	  "debian", "curl", "7.88.1-10+deb12u5", NULL, "arch", "amd64", "distro", "debian-12.15",
	  NULL },
	{ "pkg:npm/%40babel/core@7.23.2", "npm", "@babel", "core", "7.23.2", NULL, NULL, NULL, NULL,
	  NULL, NULL },
	/* an unencoded scope is not a version */
	{ "pkg:npm/@types/node", "npm", "@types", "node", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "pkg:npm/@types/node@20.8.0", "npm", "@types", "node", "20.8.0", NULL, NULL, NULL, NULL,
	  NULL, NULL },
	{ "pkg:golang/github.com/spf13/cobra@v1.8.0#cobra/doc", "golang", "github.com/spf13",
	  "cobra", "v1.8.0", "cobra/doc", NULL, NULL, NULL, NULL, NULL },
	{ "PKG:Maven/org.apache.logging.log4j/log4j-core@2.17.1?type=jar", "maven",
	  "org.apache.logging.log4j", "log4j-core", "2.17.1", NULL, "type", "jar", NULL, NULL,
	  NULL },
	{ "pkg://cargo/serde@1.0.193", "cargo", NULL, "serde", "1.0.193", NULL, NULL, NULL, NULL,
	  NULL, NULL },
	{ "pkg:rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&distro=fedora-25&epoch=", "rpm", "fedora",
	  "curl", "7.50.3-1.fc25", NULL, "arch", "i386", "distro", "fedora-25", NULL },
	{ "pkg:deb/debian/attr@1:2.4.47-2%2Bb1", "deb", "debian", "attr", "1:2.4.47-2+b1", NULL,
	  NULL, NULL, NULL, NULL, NULL },
	{ "pkg:generic/a%2Fb//c/name@", "generic", "a/b/c", "name", NULL, NULL, NULL, NULL, NULL,
	  NULL, NULL },
	{ "npm/lodash@1", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "missing 'pkg:' scheme" },
	{ "pkg:", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "missing name" },
	{ "pkg:npm", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "missing name" },
	{ "pkg:npm/", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "missing name" },
	{ "pkg:/lodash", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "missing name" },
	{ "pkg:n_pm/lodash", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "invalid character in type" },
	{ "pkg:npm/lod%zzash", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "invalid percent-encoding" },
	{ "pkg:npm/lodash%4", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "truncated percent-encoding" },
	{ "pkg:npm/lodash%00", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "percent-encoded NUL" },
	{ "pkg:npm/lodash?arch", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "qualifier without '='" },
	{ "pkg:npm/@1.0", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "missing name" },
};

static void expect_str(const char *what, const char *in, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
		fail_msg("%s: %s is %s, want %s", in, what, got ? got : "NULL", want ? want : "NULL");
}

static void test_purl_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(purl_cases) / sizeof(purl_cases[0]); i++) {
		const struct purl_case *c = &purl_cases[i];
		struct vg_arena a;
		vg_arena_init(&a, 0);
		struct vg_sbom_purl p;
		const char *why = NULL;
		int r = vg_sbom_purl_parse(&a, c->in, &p, &why);
		if (c->why) {
			if (r != -EBADMSG)
				fail_msg("%s: parsed, want failure '%s'", c->in, c->why);
			expect_str("reason", c->in, why, c->why);
		} else {
			if (r != 0)
				fail_msg("%s: fails with '%s'", c->in, why ? why : "?");
			expect_str("type", c->in, p.type, c->type);
			expect_str("namespace", c->in, p.namespace, c->ns);
			expect_str("name", c->in, p.name, c->name);
			expect_str("version", c->in, p.version, c->version);
			expect_str("subpath", c->in, p.subpath, c->subpath);
			if (c->q1k)
				expect_str(c->q1k, c->in, vg_sbom_purl_qualifier(&p, c->q1k), c->q1v);
			if (c->q2k)
				expect_str(c->q2k, c->in, vg_sbom_purl_qualifier(&p, c->q2k), c->q2v);
			assert_null(vg_sbom_purl_qualifier(&p, "epoch")); /* empty values are dropped */
		}
		vg_arena_release(&a);
	}
}

/* ---- bom-ref uniqueness ------------------------------------------------------------------ */

static void test_unique(void **state)
{
	(void)state;
	struct vg_arena a;
	vg_arena_init(&a, 0);
	struct vg_sbom_strset s = { 0 };
	assert_string_equal(vg_sbom_unique(&a, &s, "x", '|'), "x");
	assert_string_equal(vg_sbom_unique(&a, &s, "x", '|'), "x|2");
	assert_string_equal(vg_sbom_unique(&a, &s, "x|3", '|'), "x|3");
	assert_string_equal(vg_sbom_unique(&a, &s, "x", '|'), "x|4"); /* x|3 is taken */
	assert_string_equal(vg_sbom_unique(&a, &s, "x", '|'), "x|5");
	/* many repeats stay linear and distinct (the set grows past its first size) */
	char last[64] = "";
	for (int i = 0; i < 5000; i++) {
		const char *u = vg_sbom_unique(&a, &s, "y", '-');
		assert_non_null(u);
		snprintf(last, sizeof(last), "%s", u);
	}
	assert_string_equal(last, "y-5000");
	assert_int_equal(vg_sbom_strset_add(&s, "y-4999"), 0);
	assert_int_equal(vg_sbom_strset_add(&s, "z"), 1);
	vg_sbom_strset_release(&s);
	vg_sbom_strset_release(NULL);
	vg_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_block_edges),
		cmocka_unit_test(test_uuid_timestamp),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_license_classify),
		cmocka_unit_test(test_purl_parse),
		cmocka_unit_test(test_unique),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
