/* SPDX-License-Identifier: Apache-2.0 */
/* test_pkgdb_gobinary.c - Go build info: the carved fixtures (Go 1.18+ inline format), real
 * executables built here with the system Go (module mode with a local replace, GOPATH mode,
 * a 32-bit big-endian cross build, stripped symbols, removed section headers), synthetic pre-1.18
 * pointer-format ELF files (32/64-bit, little/big endian). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pkgdb/pkgdb_internal.h"
#include "vigil/pkg.h"

#include "pkgdb_test_util.h"
/* ---- end of helpers ---- */

#define GODIR VG_SHARED_DIR "/corpus/pkgdb-fixtures/go-buildinfo/"

static struct vg_inventory *decode(const unsigned char *blob, size_t len, struct warnlog *w)
{
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;
	assert_int_equal(vg_inventory_new(&inv), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.file = "/blob";
	if (w) {
		memset(w, 0, sizeof(*w));
		ctx.warn = warn_sink;
		ctx.warn_userdata = w;
	}
	assert_int_equal(vg_gobuildinfo_decode(&ctx, blob, len, NULL), 0);
	if (w)
		w->counted = ctx.warnings;
	return inv;
}

static void test_wants(void **state)
{
	(void)state;
	const struct vg_analyzer *a = &vg_analyzer_gobinary;
	assert_true(a->wants("/usr/bin/skopeo", 0755, 30u << 20));
	assert_true(a->wants("/opt/app/server", 0700, 1000));
	assert_true(a->wants("/usr/local/bin/tool", 0644, 1000)); /* mode lost: a bin directory */
	assert_true(a->wants("/app/tool.exe", 0644, 1000));
	assert_false(a->wants("/opt/app/config.yaml", 0644, 1000));
	assert_false(a->wants("/usr/bin/huge", 0755, VG_PKGDB_MAX_EXECUTABLE + 1));
	assert_false(a->wants("/usr/bin/tiny", 0755, 10));
	assert_false(a->wants("/proc/self/exe", 0755, 1000));
	assert_false(a->wants("/usr/local/bin/sub/x", 0644, 1000));
}

static void test_fixture_lefthook(void **state)
{
	(void)state;
	size_t len, tlen;
	unsigned char *blob = slurp(GODIR "lefthook-2.2.2.buildinfo.bin", &len);
	unsigned char *txt = slurp(GODIR "lefthook-2.2.2.modinfo.txt", &tlen);
	struct warnlog w;
	struct vg_inventory *inv = decode(blob, len, &w);
	assert_int_equal(w.counted, 0);
	/* the main module + 51 dep lines + stdlib */
	assert_int_equal(vg_inventory_count(inv), 53);
	const struct vg_pkg *p = need_pkg(inv, "github.com/evilmartians/lefthook/v2", "v2.2.2");
	assert_int_equal(p->type, VG_PKG_GOBINARY);
	assert_string_equal(p->ecosystem, "Go");
	assert_string_equal(p->file, "/blob");
	p = need_pkg(inv, "stdlib", "1.27.0");
	assert_string_equal(p->ecosystem, "Go");
	need_pkg(inv, "al.essio.dev/pkg/shellescape", "v1.6.1");
	need_pkg(inv, "github.com/charmbracelet/ultraviolet", "v0.0.0-20260811164956-006e29f97886");
	need_pkg(inv, "golang.org/x/text", "v0.42.0");
	/* every dep line of the decoded text is there */
	size_t deps = 0;
	char *save = NULL, *text = malloc(tlen + 1);
	memcpy(text, txt, tlen);
	text[tlen] = '\0';
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strncmp(l, "dep\t", 4) != 0)
			continue;
		char *path = l + 4, *ver = strchr(path, '\t');
		*ver++ = '\0';
		*strchr(ver, '\t') = '\0';
		need_pkg(inv, path, ver);
		deps++;
	}
	assert_int_equal(deps, 51);
	free(text);
	vg_inventory_free(inv);

	/* every truncation of the blob: no crash, never more packages */
	for (size_t n = 0; n < len; n += 7) {
		unsigned char *c = malloc(n ? n : 1);
		memcpy(c, blob, n);
		inv = decode(c, n, NULL);
		assert_true(vg_inventory_count(inv) <= 53);
		vg_inventory_free(inv);
		free(c);
	}
	free(blob);
	free(txt);
}

static void test_fixture_gopath_builds(void **state)
{
	(void)state;
	static const char *const names[] = { GODIR "skopeo-debian12.buildinfo.bin",
					     GODIR "umoci-debian12.buildinfo.bin" };
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		unsigned char *blob = slurp(names[i], &len);
		struct warnlog w;
		struct vg_inventory *inv = decode(blob, len, &w);
		assert_int_equal(w.counted, 0);
		assert_int_equal(vg_inventory_count(inv), 1);
		need_pkg(inv, "stdlib", "1.19.8");
		vg_inventory_free(inv);
		free(blob);
	}
}

static void test_modinfo_text(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;
	const char *mi = "path\texample.com/cmd\n"                                   /* 1 */
			 "mod\texample.com/cmd\t(devel)\t\n"                         /* 2 */
			 "dep\texample.com/a\tv1.0.0\th1:x=\n"                       /* 3 */
			 "=>\texample.com/a-fork\tv1.0.1\th1:y=\n"                   /* 4 */
			 "dep\texample.com/b\tv2.0.0\n"                              /* 5 */
			 "=>\t../b\t\t\n"                                            /* 6 */
			 "dep\texample.com/c\n"                                      /* 7: too few columns */
			 "weird\tline\n"                                             /* 8 */
			 "=>\tx\tv1\n"                                               /* 9: no module before */
			 "dep\texample.com/d\tv0.1.0\th1:z=\n"                       /* 10 */
			 "build\t-compiler=gc\n";                                    /* 11 */
	assert_int_equal(vg_inventory_new(&inv), 0);
	memset(&ctx, 0, sizeof(ctx));
	memset(&w, 0, sizeof(w));
	ctx.inv = inv;
	ctx.warn = warn_sink;
	ctx.warn_userdata = &w;
	assert_int_equal(vg_gomodinfo_parse(&ctx, mi, strlen(mi), "go1.20.14 X:boringcrypto", 24), 0);
	need_pkg(inv, "example.com/cmd", "(devel)");
	need_pkg(inv, "example.com/a-fork", "v1.0.1");
	need_pkg(inv, "example.com/b", "(devel)");
	need_pkg(inv, "example.com/d", "v0.1.0");
	need_pkg(inv, "stdlib", "1.20.14");
	assert_null(find_pkg(inv, "example.com/a"));
	assert_null(find_pkg(inv, "example.com/c"));
	assert_int_equal(vg_inventory_count(inv), 5);
	assert_true(warned(&w, 0, "line 7: expected 3 or 4 columns"));
	assert_true(warned(&w, 0, "line 8: unknown line"));
	assert_true(warned(&w, 0, "line 9: unexpected replacement"));
	assert_int_equal(ctx.warnings, 3);

	/* devel toolchains have no release version: no stdlib */
	assert_int_equal(vg_gomodinfo_parse(&ctx, NULL, 0, "devel go1.22-abcdef", 19), 0);
	assert_true(warned(&w, 0, "unrecognised Go version"));
	assert_int_equal(vg_inventory_count(inv), 5);
	vg_inventory_free(inv);
}

/* ---- a synthetic pre-Go 1.18 executable: pointers to Go string headers ---- */
static void put(unsigned char *p, uint64_t v, unsigned size, bool be)
{
	for (unsigned i = 0; i < size; i++)
		p[be ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static size_t make_old_elf(unsigned char *f, bool is64, bool be, const char *vers, const char *mod)
{
	const uint64_t base = 0x400000;
	unsigned ps = is64 ? 8 : 4;
	size_t total = 4096;
	memset(f, 0, total);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = is64 ? 2 : 1;
	f[5] = be ? 2 : 1;
	f[6] = 1;
	if (is64) {
		put(f + 32, 64, 8, be);  /* e_phoff */
		put(f + 54, 56, 2, be);  /* e_phentsize */
		put(f + 56, 1, 2, be);   /* e_phnum */
		unsigned char *ph = f + 64;
		put(ph, 1, 4, be);       /* PT_LOAD */
		put(ph + 4, 6, 4, be);   /* PF_R|PF_W */
		put(ph + 8, 0, 8, be);
		put(ph + 16, base, 8, be);
		put(ph + 32, total, 8, be);
		put(ph + 40, total, 8, be);
	} else {
		put(f + 28, 52, 4, be);
		put(f + 42, 32, 2, be);
		put(f + 44, 1, 2, be);
		unsigned char *ph = f + 52;
		put(ph, 1, 4, be);
		put(ph + 4, 0, 4, be);
		put(ph + 8, base, 4, be);
		put(ph + 16, total, 4, be);
		put(ph + 20, total, 4, be);
		put(ph + 24, 6, 4, be);
	}
	unsigned char *bi = f + 0x200;
	memcpy(bi, "\xff Go buildinf:", 14);
	bi[14] = (unsigned char)ps;
	bi[15] = be ? 1 : 0;
	put(bi + 16, base + 0x240, ps, be);
	put(bi + 16 + ps, base + 0x260, ps, be);
	/* string headers */
	put(f + 0x240, base + 0x300, ps, be);
	put(f + 0x240 + ps, strlen(vers), ps, be);
	size_t mlen = 16 + strlen(mod) + 16;
	put(f + 0x260, base + 0x400, ps, be);
	put(f + 0x260 + ps, mlen, ps, be);
	memcpy(f + 0x300, vers, strlen(vers));
	memcpy(f + 0x400, "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6", 16);
	memcpy(f + 0x410, mod, strlen(mod));
	memcpy(f + 0x410 + strlen(mod), "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2", 16);
	return total;
}

static void test_pointer_format(void **state)
{
	(void)state;
	unsigned char f[4096];
	const char *mod = "path\texample.com/old\nmod\texample.com/old\tv0.9.0\t\n"
			  "dep\tgolang.org/x/sys\tv0.0.0-20210630005230-0f9fa26af87c\th1:a=\n";
	for (int v = 0; v < 4; v++) {
		bool is64 = v & 1, be = v & 2;
		size_t len = make_old_elf(f, is64, be, "go1.16.15", mod);
		struct warnlog w;
		struct vg_inventory *inv = run(&vg_analyzer_gobinary, "/usr/bin/old", f, len, &w, NULL);
		assert_int_equal(w.counted, 0);
		assert_int_equal(vg_inventory_count(inv), 3);
		need_pkg(inv, "stdlib", "1.16.15");
		need_pkg(inv, "example.com/old", "v0.9.0");
		need_pkg(inv, "golang.org/x/sys", "v0.0.0-20210630005230-0f9fa26af87c");
		vg_inventory_free(inv);
		torture(&vg_analyzer_gobinary, "/usr/bin/old", f, len, 61);
	}
	/* pointers out of the file: a warning */
	size_t len = make_old_elf(f, true, false, "go1.16.15", mod);
	put(f + 0x200 + 16, 0x7fff0000, 8, false);
	struct warnlog w;
	struct vg_inventory *inv = run(&vg_analyzer_gobinary, "/usr/bin/old", f, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_true(warned(&w, 0, "pointers lead outside the file"));
	vg_inventory_free(inv);
	/* the pointer format without ELF headers to map addresses */
	inv = decode(f + 0x200, len - 0x200, &w);
	assert_true(warned(&w, 0, "pre-Go 1.18 pointer format"));
	vg_inventory_free(inv);
}

static void test_not_go(void **state)
{
	(void)state;
	struct warnlog w;
	struct vg_inventory *inv = run_str(&vg_analyzer_gobinary, "/usr/bin/script", "#!/bin/sh\necho hi\n", &w);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.counted, 0);
	vg_inventory_free(inv);
	/* a C executable of this system */
	const char *sys = access("/usr/bin/true", R_OK) == 0 ? "/usr/bin/true" : "/bin/true";
	size_t len;
	unsigned char *data = slurp(sys, &len);
	inv = run(&vg_analyzer_gobinary, "/usr/bin/true", data, len, &w, NULL);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_int_equal(w.counted, 0);
	vg_inventory_free(inv);
	free(data);
}

/* ---- real executables from the system Go toolchain ---- */
static char gotmp[256];

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int go_setup(void **state)
{
	(void)state;
	if (system("command -v go >/dev/null 2>&1") != 0)
		return 0; /* tests skip */
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(gotmp, sizeof(gotmp), "%s/vigil-gotest-XXXXXX", tmp);
	if (!mkdtemp(gotmp))
		return -1;
	char dir[1024], cmd[4096];
	snprintf(dir, sizeof(dir), "%s/app/lib", gotmp);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' '%s/gopath/src/example.com/plain'", dir, gotmp);
	if (system(cmd) != 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/app", gotmp);
	if (write_file(dir, "go.mod", "module example.com/vigiltest\n\ngo 1.19\n\n"
				      "require example.com/lib v1.2.3\n\nreplace example.com/lib => ./lib\n") ||
	    write_file(dir, "main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n)\n\n"
				       "func main() { fmt.Println(lib.Hello()) }\n") ||
	    write_file(dir, "lib/go.mod", "module example.com/lib\n\ngo 1.19\n") ||
	    write_file(dir, "lib/lib.go", "package lib\n\nfunc Hello() string { return \"hello\" }\n"))
		return -1;
	snprintf(dir, sizeof(dir), "%s/gopath/src/example.com/plain", gotmp);
	if (write_file(dir, "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"))
		return -1;
	/* hermetic: own caches, no network, no VCS stamping, no cgo */
	snprintf(cmd, sizeof(cmd),
		 "cd '%1$s/app' && export HOME='%1$s' GOCACHE='%1$s/cache' GOPATH='%1$s/gopath' GOPROXY=off "
		 "GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=linux && "
		 "GOARCH=amd64 go build -buildvcs=false -ldflags='-s -w' -o '%1$s/mod-amd64' . && "
		 "GOARCH=mips go build -buildvcs=false -o '%1$s/mod-mips' . && "
		 "cd '%1$s/gopath/src/example.com/plain' && "
		 "GO111MODULE=off GOARCH=amd64 go build -o '%1$s/gopath-amd64' .",
		 gotmp);
	return system(cmd) == 0 ? 0 : -1;
}

static int go_teardown(void **state)
{
	(void)state;
	if (!gotmp[0])
		return 0;
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", gotmp, gotmp);
	return system(cmd) == 0 ? 0 : -1;
}

static struct vg_inventory *run_built(const char *name, struct warnlog *w, unsigned char **ret_data,
				      size_t *ret_len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", gotmp, name);
	*ret_data = slurp(path, ret_len);
	assert_true(vg_analyzer_gobinary.wants("/app/bin", 0755, *ret_len));
	return run(&vg_analyzer_gobinary, "/app/bin", *ret_data, *ret_len, w, NULL);
}

static void check_go119_stdlib(const struct vg_inventory *inv)
{
	const struct vg_pkg *p = find_pkg(inv, "stdlib");
	assert_non_null(p);
	assert_true(strncmp(p->version, "1.19.", 5) == 0);
	assert_string_equal(p->ecosystem, "Go");
}

static void test_real_module_mode(void **state)
{
	(void)state;
	if (!gotmp[0])
		skip();
	/* 64-bit little endian, stripped; 32-bit big endian */
	static const char *const builds[] = { "mod-amd64", "mod-mips" };
	for (size_t i = 0; i < 2; i++) {
		struct warnlog w;
		unsigned char *data;
		size_t len;
		struct vg_inventory *inv = run_built(builds[i], &w, &data, &len);
		assert_int_equal(w.counted, 0);
		assert_int_equal(vg_inventory_count(inv), 3);
		check_go119_stdlib(inv);
		need_pkg(inv, "example.com/vigiltest", "(devel)");
		/* the local replacement: the module path with version (devel) */
		need_pkg(inv, "example.com/lib", "(devel)");
		vg_inventory_free(inv);

		/* without section headers the data segment is scanned */
		if (data[4] == 2) {
			memset(data + 40, 0, 8);  /* e_shoff */
			memset(data + 60, 0, 4);  /* e_shnum, e_shstrndx */
		} else {
			memset(data + 32, 0, 4);
			memset(data + 48, 0, 4);
		}
		inv = run(&vg_analyzer_gobinary, "/app/bin", data, len, &w, NULL);
		assert_int_equal(vg_inventory_count(inv), 3);
		check_go119_stdlib(inv);
		vg_inventory_free(inv);
		/* nor any ELF header at all: the whole file is scanned */
		memset(data + 16, 0, 48);
		inv = run(&vg_analyzer_gobinary, "/app/bin", data, len, &w, NULL);
		assert_int_equal(vg_inventory_count(inv), 3);
		vg_inventory_free(inv);
		free(data);
	}
}

static void test_real_gopath_mode(void **state)
{
	(void)state;
	if (!gotmp[0])
		skip();
	static const char *const builds[] = { "gopath-amd64" };
	for (size_t i = 0; i < 1; i++) {
		struct warnlog w;
		unsigned char *data;
		size_t len;
		struct vg_inventory *inv = run_built(builds[i], &w, &data, &len);
		assert_int_equal(w.counted, 0);
		assert_int_equal(vg_inventory_count(inv), 1);
		check_go119_stdlib(inv);
		vg_inventory_free(inv);
		free(data);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_fixture_lefthook),
		cmocka_unit_test(test_fixture_gopath_builds),
		cmocka_unit_test(test_modinfo_text),
		cmocka_unit_test(test_pointer_format),
		cmocka_unit_test(test_not_go),
		cmocka_unit_test(test_real_module_mode),
		cmocka_unit_test(test_real_gopath_mode),
	};
	return cmocka_run_group_tests(tests, go_setup, go_teardown);
}
