/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_cargo.c - Rust: Cargo.lock (a TOML subset) and cargo-auditable .dep-v0 sections
 * in ELF and PE files built here. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "pkgdb/pkgdb_internal.h"
#include "vigil/pkg.h"

#include "pkgdb_test_util.h"
/* ---- end of helpers ---- */

#define LOCK VG_TEST_DATA_DIR "/pkgdb/cargo/Cargo.lock"

static const char audit_json[] =
	"{\"packages\":["
	"{\"name\":\"my-tool\",\"version\":\"0.3.1\",\"source\":\"local\",\"kind\":\"runtime\","
	"\"dependencies\":[1,2,3],\"root\":true},"
	"{\"name\":\"serde\",\"version\":\"1.0.195\",\"source\":\"crates.io\",\"kind\":\"runtime\"},"
	"{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"},"
	"{\"name\":\"forked\",\"version\":\"0.3.0\",\"source\":\"git\"},"
	"{\"name\":\"memchr\",\"version\":\"2.7.1\",\"source\":\"crates.io\"}"
	"]}";

static size_t compress_json(const char *json, unsigned char *out, size_t cap)
{
	uLongf n = cap;
	assert_int_equal(compress2(out, &n, (const Bytef *)json, strlen(json), 9), Z_OK);
	return n;
}

static void le(unsigned char *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* ELF64 LE with sections: null, .dep-v0, .shstrtab */
static size_t make_elf(unsigned char *f, size_t cap, const unsigned char *sec, size_t slen)
{
	static const char strtab[] = "\0.dep-v0\0.shstrtab";
	size_t data = 256, shoff = (data + slen + 15) & ~(size_t)15;
	size_t total = shoff + 3 * 64;
	assert_true(total <= cap);
	memset(f, 0, total);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = 2;
	f[5] = 1;
	f[6] = 1;
	le(f + 40, shoff, 8);
	le(f + 58, 64, 2);
	le(f + 60, 3, 2);
	le(f + 62, 2, 2);
	memcpy(f + 64, strtab, sizeof(strtab));
	memcpy(f + data, sec, slen);
	unsigned char *sh = f + shoff + 64; /* [1] .dep-v0 */
	le(sh, 1, 4);
	le(sh + 4, 1, 4);
	le(sh + 24, data, 8);
	le(sh + 32, slen, 8);
	sh += 64; /* [2] .shstrtab */
	le(sh, 9, 4);
	le(sh + 4, 3, 4);
	le(sh + 24, 64, 8);
	le(sh + 32, sizeof(strtab), 8);
	return total;
}

/* A PE image with one section .dep-v0 */
static size_t make_pe(unsigned char *f, size_t cap, const unsigned char *sec, size_t slen)
{
	size_t pe = 128, sect = pe + 24 + 240, raw = 1024;
	size_t total = raw + ((slen + 511) & ~(size_t)511);
	assert_true(total <= cap);
	memset(f, 0, total);
	f[0] = 'M';
	f[1] = 'Z';
	le(f + 60, pe, 4);
	memcpy(f + pe, "PE\0\0", 4);
	le(f + pe + 4, 0x8664, 2);
	le(f + pe + 6, 1, 2);
	le(f + pe + 20, 240, 2);
	memcpy(f + sect, ".dep-v0", 7);
	le(f + sect + 8, slen, 4);
	le(f + sect + 12, 0x5000, 4);
	le(f + sect + 16, (slen + 511) & ~(size_t)511, 4);
	le(f + sect + 20, raw, 4);
	memcpy(f + raw, sec, slen);
	return total;
}

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_cargo;
	assert_true(a->wants("/src/app/Cargo.lock", 0644, 10));
	assert_true(a->wants("/usr/local/bin/rg", 0755, 100000));
	assert_false(a->wants("/src/app/Cargo.toml", 0644, 10));
	assert_false(a->wants("/src/app/cargo.lock", 0644, 10));
}

static void test_lock(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = slurp(LOCK, &len);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_cargo, "/src/Cargo.lock", data, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	assert_int_equal(vg_inventory_count(inv), 8);
	const struct vg_pkg *p = need_pkg(inv, "aho-corasick", "1.1.2");
	assert_int_equal(p->type, VG_PKG_CARGO);
	assert_string_equal(p->ecosystem, "crates.io");
	assert_string_equal(p->file, "/src/Cargo.lock");
	assert_string_equal(need_pkg(inv, "regex", "1.10.2")->ecosystem, "crates.io"); /* sparse index */
	assert_string_equal(need_pkg(inv, "regex-syntax", "0.8.2")->ecosystem, "crates.io");
	need_pkg(inv, "memchr", "2.7.1");
	need_pkg(inv, "serde", "1.0.195");
	need_pkg(inv, "serde_derive", "1.0.195");
	assert_null(need_pkg(inv, "forked", "0.3.0")->ecosystem);        /* git */
	assert_null(need_pkg(inv, "private-crate", "2.0.0")->ecosystem); /* another registry */
	assert_null(find_pkg(inv, "my-app"));                            /* workspace member */
	assert_null(find_pkg(inv, "unused-patch"));
	vg_inventory_free(inv);
	torture(&vg_analyzer_cargo, "/src/Cargo.lock", data, len, 29);
	free(data);
}

static void test_lock_malformed(void **state)
{
	(void)state;
	struct warnlog w;
	const char *text = "version = 3\n"                                       /* 1 */
			   "[[package]]\n"                                       /* 2 */
			   "name = \"a\"\n"                                      /* 3 */
			   "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n" /* 4 */
			   "\n"                                                  /* 5 */
			   "[[package]]\n"                                       /* 6 */
			   "name = \"b\" trailing\n"                             /* 7 */
			   "version = \"1.0.0\n"                                 /* 8: unterminated */
			   "version = \"1.0.1\"\n"                               /* 9 */
			   "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n" /* 10 */
			   "just words\n"                                        /* 11 */
			   "dependencies = [\n"                                  /* 12 */
			   " \"x ]\",  # comment ]\n"                            /* 13 */
			   " \"y\",\n"                                           /* 14 */
			   "]\n"                                                 /* 15 */
			   "description = \"\"\"\n"                              /* 16 */
			   "[[package]]\n"                                       /* 17: inside the string */
			   "\"\"\"\n"                                            /* 18 */
			   "[broken\n"                                           /* 19 */
			   "[[package]]\n"                                       /* 20 */
			   "name = \"esc\\\"aped\"\n"                            /* 21 */
			   "version = \"2.0.0\"\n"                               /* 22 */
			   "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"; /* 23 */
	struct vg_inventory *inv = run_str(&vg_analyzer_cargo, "/Cargo.lock", text, &w);
	need_pkg(inv, "b", "1.0.1");
	need_pkg(inv, "esc\"aped", "2.0.0"); /* escapes in basic strings are decoded */
	assert_int_equal(vg_inventory_count(inv), 2);
	assert_true(warned(&w, 2, "without name or version"));
	assert_true(warned(&w, 7, "unexpected text after a value"));
	assert_true(warned(&w, 8, "malformed value"));
	assert_true(warned(&w, 11, "malformed line"));
	assert_true(warned(&w, 19, "malformed table header"));
	vg_inventory_free(inv);

	struct vg_pkgdb_limits lim;
	size_t len;
	unsigned char *data = slurp(LOCK, &len);
	vg_pkgdb_limits_init(&lim);
	lim.max_packages = 3;
	inv = run(&vg_analyzer_cargo, "/Cargo.lock", data, len, &w, &lim);
	assert_int_equal(vg_inventory_count(inv), 3);
	assert_true(warned(&w, 0, "max_packages"));
	vg_inventory_free(inv);
	free(data);
}

static void check_audit(const struct vg_inventory *inv)
{
	assert_int_equal(vg_inventory_count(inv), 4);
	const struct vg_pkg *p = need_pkg(inv, "my-tool", "0.3.1");
	assert_null(p->ecosystem);
	assert_int_equal(p->type, VG_PKG_CARGO);
	assert_string_equal(need_pkg(inv, "serde", "1.0.195")->ecosystem, "crates.io");
	assert_string_equal(need_pkg(inv, "memchr", "2.7.1")->ecosystem, "crates.io");
	assert_null(need_pkg(inv, "forked", "0.3.0")->ecosystem);
	assert_null(find_pkg(inv, "cc")); /* build dependency */
}

static void test_auditable(void **state)
{
	(void)state;
	unsigned char z[4096], f[16384];
	size_t zlen = compress_json(audit_json, z, sizeof(z));
	struct warnlog w;

	size_t len = make_elf(f, sizeof(f), z, zlen);
	struct vg_inventory *inv = run(&vg_analyzer_cargo, "/usr/local/bin/my-tool", f, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	check_audit(inv);
	assert_string_equal(need_pkg(inv, "serde", NULL)->file, "/usr/local/bin/my-tool");
	vg_inventory_free(inv);
	torture(&vg_analyzer_cargo, "/usr/local/bin/my-tool", f, len, 11);

	len = make_pe(f, sizeof(f), z, zlen);
	inv = run(&vg_analyzer_cargo, "/app/my-tool.exe", f, len, &w, NULL);
	assert_int_equal(w.counted, 0);
	check_audit(inv);
	vg_inventory_free(inv);
	torture(&vg_analyzer_cargo, "/app/my-tool.exe", f, len, 11);

	/* an executable without the section: nothing, silently */
	unsigned char none[1] = { 0 };
	len = make_elf(f, sizeof(f), none, 0);
	memcpy(f + 65, ".dep-v1", 7);
	inv = run(&vg_analyzer_cargo, "/usr/bin/x", f, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.counted, 0);
	vg_inventory_free(inv);
}

static void test_auditable_malformed(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;
	unsigned char z[4096];

	assert_int_equal(vg_inventory_new(&inv), 0);
	memset(&ctx, 0, sizeof(ctx));
	memset(&w, 0, sizeof(w));
	ctx.inv = inv;
	ctx.warn = warn_sink;
	ctx.warn_userdata = &w;
	assert_int_equal(vg_cargo_auditable_json(&ctx, (const unsigned char *)audit_json, strlen(audit_json)), 0);
	assert_int_equal(vg_inventory_count(inv), 4);

	const char *bad = "{\"packages\": [1, {\"name\": \"x\"}, {\"name\": \"ok\", \"version\": \"1\"}]}";
	assert_int_equal(vg_cargo_auditable_json(&ctx, (const unsigned char *)bad, strlen(bad)), 0);
	assert_true(warned(&w, 0, "package 0 is not an object"));
	assert_true(warned(&w, 0, "package 1 without name or version"));
	need_pkg(inv, "ok", "1");
	assert_int_equal(vg_cargo_auditable_json(&ctx, (const unsigned char *)"{\"x\": 1}", 8), 0);
	assert_true(warned(&w, 0, "without a \"packages\" array"));
	assert_int_equal(vg_cargo_auditable_json(&ctx, (const unsigned char *)"{\"packages\": [", 14), 0);
	assert_true(warned(&w, 0, "cargo-auditable data:"));

	/* truncated and corrupt zlib */
	size_t zlen = compress_json(audit_json, z, sizeof(z));
	for (size_t n = 0; n < zlen; n++) {
		assert_int_equal(vg_cargo_auditable_zlib(&ctx, z, n), 0);
		z[n] ^= 0x55;
		assert_int_equal(vg_cargo_auditable_zlib(&ctx, z, zlen), 0);
		z[n] ^= 0x55;
	}
	assert_true(warned(&w, 0, "bad zlib stream"));

	/* the inflated size is capped by max_member */
	struct vg_pkgdb_limits lim;
	vg_pkgdb_limits_init(&lim);
	lim.max_member = 64;
	ctx.limits = &lim;
	ctx.warnings = 0; /* the loop above used up max_warnings */
	memset(&w, 0, sizeof(w));
	assert_int_equal(vg_cargo_auditable_zlib(&ctx, z, zlen), 0);
	assert_true(warned(&w, 0, "max_member"));
	vg_inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_malformed),
		cmocka_unit_test(test_auditable),
		cmocka_unit_test(test_auditable_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
