/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sbom.c - the SBOM writers and reader.
 *
 *  - the sample inventory (tests/sbom/sample_inventory.h) in every format, byte for byte
 *    against tests/data/sbom/sample.{cdx-1.5,cdx-1.6,spdx}.json (their schema validity is the
 *    CTest test sbom/schema-golden);
 *  - determinism: same input, same bytes; another timestamp, another serial number;
 *  - round trip: write, vg_sbom_read, the same (name, version, ecosystem, purl) set, OS and
 *    source packages;
 *  - the real Debian 12 package database of VG_SHARED_DIR through the dpkg analyzer, written
 *    and read back in every format (purls and ecosystems made from the OS);
 *  - hand-written Trivy- and Syft-style documents (tests/data/sbom/trivy-bookworm.cdx.json,
 *    trivy-alpine.spdx.json, nested.cdx.json);
 *  - malformed documents with their exact diagnostics, the nesting limit, argument and I/O
 *    errors.
 *
 * VG_UPDATE_GOLDEN=1 rewrites the golden files from the current output (review the diff!).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pkgdb/pkgdb.h"
#include "vigil/sbom.h"
#include "sbom/sbom_internal.h" /* VG_SBOM_MAX_COMPONENT_DEPTH */
#include "../sbom/sample_inventory.h"

#define DATA_DIR VG_TEST_DATA_DIR "/sbom"

#define NSAMPLE (sizeof(sample_pkgs) / sizeof(sample_pkgs[0]))

static char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap + 1);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[len] = '\0';
	*ret_len = len;
	return buf;
}

/* @inv as @fmt into a malloc'd string. */
static char *write_mem(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
		       enum vg_sbom_format fmt, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	int r = vg_sbom_write(inv, subject, fmt, f);
	assert_int_equal(fclose(f), 0);
	if (r != 0) {
		free(buf);
		fail_msg("vg_sbom_write: %s", strerror(-r));
	}
	*ret_len = len;
	return buf;
}

/* Compare @got with the golden file @name byte for byte (or rewrite it). */
static void golden(const char *name, const char *got, size_t got_len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	const char *update = getenv("VG_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, got_len, f), got_len);
		assert_int_equal(fclose(f), 0);
		return;
	}
	size_t want_len = 0;
	char *want = read_file(path, &want_len);
	if (!want)
		fail_msg("golden file %s is missing (run with VG_UPDATE_GOLDEN=1)", path);
	size_t i = 0;
	while (i < want_len && i < got_len && want[i] == got[i])
		i++;
	if (i != want_len || i != got_len) {
		size_t line = 1, start = 0;
		for (size_t k = 0; k < i; k++) {
			if (got[k] == '\n') {
				line++;
				start = k + 1;
			}
		}
		int wl = 0, gl = 0;
		while (start + (size_t)wl < want_len && want[start + (size_t)wl] != '\n')
			wl++;
		while (start + (size_t)gl < got_len && got[start + (size_t)gl] != '\n')
			gl++;
		print_error("%s differs at byte %zu, line %zu (sizes: want %zu, got %zu)\n"
			    "want: %.*s\ngot:  %.*s\n",
			    name, i, line, want_len, got_len, wl, want + start, gl, got + start);
		free(want);
		fail_msg("%s: output differs from the golden file", name);
	}
	free(want);
}

static const struct {
	enum vg_sbom_format fmt;
	const char *golden;
} formats[] = {
	{ VG_SBOM_CYCLONEDX_1_5, "sample.cdx-1.5.json" },
	{ VG_SBOM_CYCLONEDX_1_6, "sample.cdx-1.6.json" },
	{ VG_SBOM_SPDX_2_3, "sample.spdx.json" },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/* ---- writers ----------------------------------------------------------------------------- */

static void test_write_golden(void **state)
{
	(void)state;
	struct vg_inventory *inv;
	assert_int_equal(sample_inventory(&inv), 0);
	for (size_t i = 0; i < NFORMATS; i++) {
		size_t len;
		char *out = write_mem(inv, &sample_subject, formats[i].fmt, &len);
		assert_true(len > 0 && out[len - 1] == '\n');
		golden(formats[i].golden, out, len);
		free(out);
	}
	vg_inventory_free(inv);
}

static char *find_value(const char *doc, const char *key)
{
	const char *p = strstr(doc, key);
	assert_non_null(p);
	p = strchr(p + strlen(key), '"');
	assert_non_null(p);
	const char *e = strchr(p + 1, '"');
	return strndup(p + 1, (size_t)(e - p - 1));
}

static void test_write_deterministic(void **state)
{
	(void)state;
	struct vg_inventory *inv;
	assert_int_equal(sample_inventory(&inv), 0);
	for (size_t i = 0; i < NFORMATS; i++) {
		size_t l1, l2, l3;
		char *a = write_mem(inv, &sample_subject, formats[i].fmt, &l1);
		char *b = write_mem(inv, &sample_subject, formats[i].fmt, &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(a, b, l1);

		struct vg_sbom_subject later = sample_subject;
		later.timestamp += 1;
		char *c = write_mem(inv, &later, formats[i].fmt, &l3);
		const char *key = formats[i].fmt == VG_SBOM_SPDX_2_3 ? "\"documentNamespace\""
								     : "\"serialNumber\"";
		char *s1 = find_value(a, key), *s3 = find_value(c, key);
		assert_string_not_equal(s1, s3);
		free(s1);
		free(s3);
		free(a);
		free(b);
		free(c);
	}
	/* the two CycloneDX versions of one inventory are two BOMs */
	size_t l5, l6;
	char *v5 = write_mem(inv, &sample_subject, VG_SBOM_CYCLONEDX_1_5, &l5);
	char *v6 = write_mem(inv, &sample_subject, VG_SBOM_CYCLONEDX_1_6, &l6);
	char *s5 = find_value(v5, "\"serialNumber\""), *s6 = find_value(v6, "\"serialNumber\"");
	assert_string_not_equal(s5, s6);
	assert_int_equal(strncmp(s5, "urn:uuid:", 9), 0);
	assert_int_equal(strlen(s5), 9 + 36);
	assert_int_equal(s5[9 + 14], '4'); /* version nibble */
	assert_non_null(strchr("89ab", s5[9 + 19]));
	free(s5);
	free(s6);
	free(v5);
	free(v6);
	vg_inventory_free(inv);
}

static void test_write_errors(void **state)
{
	(void)state;
	struct vg_inventory *inv;
	assert_int_equal(sample_inventory(&inv), 0);
	FILE *null = fopen("/dev/null", "w");
	assert_non_null(null);
	assert_int_equal(vg_sbom_write(NULL, &sample_subject, VG_SBOM_SPDX_2_3, null), -EINVAL);
	assert_int_equal(vg_sbom_write(inv, NULL, VG_SBOM_SPDX_2_3, null), -EINVAL);
	assert_int_equal(vg_sbom_write(inv, &sample_subject, VG_SBOM_SPDX_2_3, NULL), -EINVAL);
	assert_int_equal(vg_sbom_write(inv, &sample_subject, (enum vg_sbom_format)42, null), -EINVAL);
	struct vg_sbom_subject bad = sample_subject;
	bad.timestamp = 253402300800LL; /* year 10000 */
	for (size_t i = 0; i < NFORMATS; i++)
		assert_int_equal(vg_sbom_write(inv, &bad, formats[i].fmt, null), -EINVAL);
	fclose(null);

	/* a full disk is -EIO */
	FILE *full = fopen("/dev/full", "w");
	if (full) {
		for (size_t i = 0; i < NFORMATS; i++)
			assert_int_equal(vg_sbom_write(inv, &sample_subject, formats[i].fmt, full), -EIO);
		fclose(full);
	}
	vg_inventory_free(inv);
}

/* Defaults: no tool name/version, no id, a root filesystem, no OS, purls from vg_purl_format. */
static void test_write_defaults(void **state)
{
	(void)state;
	struct vg_inventory *inv;
	assert_int_equal(vg_inventory_new(&inv), 0);
	struct vg_pkg p = { .type = VG_PKG_NPM, .name = "@types/node", .version = "20.8.0",
			    .licenses = "MIT" };
	assert_int_equal(vg_inventory_add(inv, &p), 0);
	struct vg_sbom_subject s = { .name = "/srv/root fs", .kind = "rootfs", .timestamp = 0 };
	size_t len;
	char *cdx = write_mem(inv, &s, VG_SBOM_CYCLONEDX_1_6, &len);
	assert_non_null(strstr(cdx, "\"type\": \"application\",\n      \"name\": \"/srv/root fs\""));
	assert_non_null(strstr(cdx, "\"name\": \"vigil\",\n          \"version\": \""));
	assert_non_null(strstr(cdx, "\"bom-ref\": \"pkg:npm/%40types/node@20.8.0\""));
	assert_non_null(strstr(cdx, "\"group\": \"@types\",\n      \"name\": \"node\""));
	assert_null(strstr(cdx, "operating-system"));
	free(cdx);
	char *spdx = write_mem(inv, &s, VG_SBOM_SPDX_2_3, &len);
	assert_non_null(strstr(spdx, "\"documentNamespace\": "
				     "\"https://vigil.dev/spdxdocs/%2Fsrv%2Froot%20fs-"));
	assert_non_null(strstr(spdx, "\"SPDXID\": \"SPDXRef-Filesystem-"));
	assert_non_null(strstr(spdx, "\"primaryPackagePurpose\": \"OTHER\""));
	assert_non_null(strstr(spdx, "\"referenceLocator\": \"pkg:npm/%40types/node@20.8.0\""));
	assert_non_null(strstr(spdx, "\"creators\": [\n      \"Tool: vigil-"));
	free(spdx);
	vg_inventory_free(inv);
}

/* ---- reader ------------------------------------------------------------------------------ */

struct key {
	const char *name, *version, *ecosystem, *purl;
};

static int cmp_s(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int c;
	if ((c = cmp_s(a->name, b->name)) || (c = cmp_s(a->version, b->version)) ||
	    (c = cmp_s(a->ecosystem, b->ecosystem)))
		return c;
	return cmp_s(a->purl, b->purl);
}

static const struct vg_pkg *find_pkg(const struct vg_inventory *inv, const char *name,
				     const char *file)
{
	for (size_t i = 0; i < vg_inventory_count(inv); i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		if (strcmp(p->name, name) == 0 && (!file || (p->file && strcmp(p->file, file) == 0)))
			return p;
	}
	fail_msg("no package '%s'", name);
	return NULL;
}

#define assert_str_or_null(a, b) \
	do { \
		const char *a_ = (a), *b_ = (b); \
		if (!a_ || !b_) \
			assert_ptr_equal(a_, b_); \
		else \
			assert_string_equal(a_, b_); \
	} while (0)

static void test_round_trip(void **state)
{
	(void)state;
	struct vg_inventory *inv;
	assert_int_equal(sample_inventory(&inv), 0);
	struct key want[NSAMPLE];
	for (size_t i = 0; i < NSAMPLE; i++)
		want[i] = (struct key){ sample_pkgs[i].name, sample_pkgs[i].version,
					sample_pkgs[i].ecosystem, sample_pkgs[i].purl };
	qsort(want, NSAMPLE, sizeof(want[0]), cmp_key);

	for (size_t f = 0; f < NFORMATS; f++) {
		size_t len;
		char *doc = write_mem(inv, &sample_subject, formats[f].fmt, &len);
		struct vg_inventory *back = NULL;
		struct vg_diag d;
		int r = vg_sbom_read(formats[f].golden, doc, len, &back, &d);
		if (r != 0)
			fail_msg("%s: %s:%u:%u: %s", formats[f].golden, d.file, d.line, d.column,
				 d.message);
		assert_int_equal(vg_inventory_count(back), NSAMPLE);
		struct key got[NSAMPLE];
		for (size_t i = 0; i < NSAMPLE; i++) {
			const struct vg_pkg *p = vg_inventory_get(back, i);
			got[i] = (struct key){ p->name, p->version, p->ecosystem, p->purl };
		}
		qsort(got, NSAMPLE, sizeof(got[0]), cmp_key);
		for (size_t i = 0; i < NSAMPLE; i++) {
			if (cmp_key(&got[i], &want[i]) != 0)
				fail_msg("%s: package %zu is (%s, %s, %s, %s), want (%s, %s, %s, %s)",
					 formats[f].golden, i, got[i].name, got[i].version,
					 got[i].ecosystem, got[i].purl, want[i].name, want[i].version,
					 want[i].ecosystem, want[i].purl);
		}

		const struct vg_os *os = vg_inventory_os(back);
		assert_non_null(os);
		assert_string_equal(os->id, "debian");
		assert_string_equal(os->version, "12.15");
		assert_string_equal(os->version_id, "12");
		assert_string_equal(os->ecosystem, "Debian:12");
		assert_string_equal(os->pretty_name, "Debian GNU/Linux 12 (bookworm)");

		/* everything else that travels: source, file, layer, arch, licenses, supplier */
		for (size_t i = 0; i < NSAMPLE; i++) {
			const struct vg_pkg *w = &sample_pkgs[i];
			const struct vg_pkg *p = find_pkg(back, w->name, w->file);
			assert_int_equal(p->type, w->type);
			assert_str_or_null(p->src_name, w->src_name);
			assert_str_or_null(p->src_version, w->src_version);
			assert_str_or_null(p->file, w->file);
			assert_str_or_null(p->layer, w->layer);
			assert_str_or_null(p->arch, w->arch);
		}
		const struct vg_pkg *p = find_pkg(back, "libssl3", NULL);
		assert_string_equal(p->licenses, "Apache-2.0"); /* canonical spelling */
		assert_string_equal(p->supplier,
				    "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>");
		p = find_pkg(back, "libgcc-s1", NULL);
		assert_string_equal(p->licenses, "GPL-3.0-or-later WITH GCC-exception-3.1");
		p = find_pkg(back, "base-files", NULL);
		assert_string_equal(p->licenses, "GPL-2+"); /* SPDX: through its LicenseRef */
		p = find_pkg(back, "serde", NULL);
		assert_string_equal(p->licenses, "MIT OR Apache-2.0");
		p = find_pkg(back, "github.com/spf13/cobra", NULL);
		assert_null(p->licenses);
		assert_null(p->supplier);
		p = find_pkg(back, "musl", NULL);
		assert_string_equal(p->supplier, "Timo Ter\xef\xbf\xbds <timo.teras@iki.fi>");

		vg_inventory_free(back);
		free(doc);
	}
	vg_inventory_free(inv);
}

static void test_round_trip_debian(void **state)
{
	(void)state;
	struct vg_inventory *inv = NULL;
	int r = bookworm_inventory(VG_SHARED_DIR, &inv);
	if (r == -ENOENT)
		skip();
	assert_int_equal(r, 0);
	size_t n = vg_inventory_count(inv);
	assert_int_equal(n, 114);
	struct vg_sbom_subject subject = sample_subject;
	subject.name = "bookworm-minbase";
	for (size_t f = 0; f < NFORMATS; f++) {
		size_t len;
		char *doc = write_mem(inv, &subject, formats[f].fmt, &len);
		struct vg_inventory *back = NULL;
		struct vg_diag d;
		if (vg_sbom_read("bookworm", doc, len, &back, &d) != 0)
			fail_msg("%s: %s:%u:%u: %s", formats[f].golden, d.file, d.line, d.column,
				 d.message);
		assert_int_equal(vg_inventory_count(back), n);
		for (size_t i = 0; i < n; i++) {
			/* the writers keep the order; purls come from vg_purl_format and the OS */
			const struct vg_pkg *w = vg_inventory_get(inv, i), *p = vg_inventory_get(back, i);
			assert_string_equal(p->name, w->name);
			assert_string_equal(p->version, w->version);
			assert_int_equal(p->type, VG_PKG_DPKG);
			assert_string_equal(p->ecosystem, "Debian:12");
			assert_non_null(p->purl);
			assert_int_equal(strncmp(p->purl, "pkg:deb/debian/", 15), 0);
			assert_non_null(strstr(p->purl, "distro=debian-12.15"));
			assert_str_or_null(p->src_name, w->src_name);
			assert_str_or_null(p->src_version, w->src_version);
			assert_str_or_null(p->arch, w->arch);
			assert_string_equal(p->file, "/var/lib/dpkg/status");
		}
		vg_inventory_free(back);
		free(doc);
	}
	vg_inventory_free(inv);
}

static struct vg_inventory *read_data(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	size_t len;
	char *buf = read_file(path, &len);
	if (!buf)
		fail_msg("cannot read %s", path);
	struct vg_inventory *inv = NULL;
	struct vg_diag d;
	int r = vg_sbom_read(name, buf, len, &inv, &d);
	free(buf);
	if (r != 0)
		fail_msg("%s:%u:%u: %s", d.file, d.line, d.column, d.message);
	return inv;
}

static void expect_pkg(const struct vg_pkg *p, enum vg_pkg_type type, const char *version,
		       const char *ecosystem, const char *src_name, const char *src_version)
{
	assert_int_equal(p->type, type);
	assert_str_or_null(p->version, version);
	assert_str_or_null(p->ecosystem, ecosystem);
	assert_str_or_null(p->src_name, src_name);
	assert_str_or_null(p->src_version, src_version);
}

static void test_read_trivy_cyclonedx(void **state)
{
	(void)state;
	struct vg_inventory *inv = read_data("trivy-bookworm.cdx.json");
	assert_int_equal(vg_inventory_count(inv), 8);
	const struct vg_os *os = vg_inventory_os(inv);
	assert_string_equal(os->id, "debian");
	assert_string_equal(os->version, "12.15");
	assert_string_equal(os->ecosystem, "Debian:12");

	const struct vg_pkg *p = find_pkg(inv, "apt", NULL);
	expect_pkg(p, VG_PKG_DPKG, "2.6.1", "Debian:12", "apt", "2.6.1");
	assert_string_equal(p->layer,
			    "sha256:3f1f0a49e9e5d4f1c6d1a6a1d4e0a8f2b1c6b4e0d2a5f7c9e1b3d5f7a9c1e3b5");
	assert_string_equal(p->arch, "amd64");
	assert_string_equal(p->supplier, "APT Development Team <deity@lists.debian.org>");
	assert_string_equal(p->licenses, "GPLv2+");
	assert_string_equal(p->purl, "pkg:deb/debian/apt@2.6.1?arch=amd64&distro=debian-12.15");

	/* the epoch: Trivy's component version has it, its purl carries it as a qualifier */
	p = find_pkg(inv, "bsdutils", NULL);
	expect_pkg(p, VG_PKG_DPKG, "1:2.38.1-5+deb12u3", "Debian:12", "util-linux",
		   "2.38.1-5+deb12u3");
	assert_string_equal(p->licenses, "BSD-4-Clause AND GPL-2.0-only");
	p = find_pkg(inv, "libssl3", NULL);
	expect_pkg(p, VG_PKG_DPKG, "3.0.17-1~deb12u2", "Debian:12", "openssl", "3.0.17-1~deb12u2");

	/* Go keeps the document's case (the purl lowercased it) */
	p = find_pkg(inv, "github.com/BurntSushi/toml", NULL);
	expect_pkg(p, VG_PKG_GOBINARY, "v1.3.2", "Go", NULL, NULL);
	p = find_pkg(inv, "github.com/spf13/cobra", NULL);
	expect_pkg(p, VG_PKG_GOBINARY, "v1.8.0", "Go", NULL, NULL);
	assert_string_equal(p->layer,
			    "sha256:6b2a4c8e0d1f3a5b7c9e1d3f5a7b9c1e3d5f7a9b1c3e5d7f9a1b3c5e7d9f1a3b");
	p = find_pkg(inv, "@babel/core", NULL);
	expect_pkg(p, VG_PKG_NPM, "7.23.2", "npm", NULL, NULL);
	assert_string_equal(p->file, "app/node_modules/@babel/core/package.json");
	p = find_pkg(inv, "org.apache.logging.log4j:log4j-core", NULL);
	expect_pkg(p, VG_PKG_JAR, "2.17.1", "Maven", NULL, NULL);
	p = find_pkg(inv, "PyYAML", NULL);
	expect_pkg(p, VG_PKG_PYTHON, "6.0.1", "PyPI", NULL, NULL);
	assert_string_equal(p->licenses, "MIT");
	vg_inventory_free(inv);
}

static void test_read_trivy_spdx(void **state)
{
	(void)state;
	struct vg_inventory *inv = read_data("trivy-alpine.spdx.json");
	assert_int_equal(vg_inventory_count(inv), 3); /* the package without a purl is skipped */
	const struct vg_os *os = vg_inventory_os(inv);
	assert_string_equal(os->id, "alpine");
	assert_string_equal(os->version, "3.18.4");
	assert_string_equal(os->version_id, "3.18.4");
	assert_string_equal(os->ecosystem, "Alpine:v3.18");

	const struct vg_pkg *p = find_pkg(inv, "musl", NULL);
	expect_pkg(p, VG_PKG_APK, "1.2.4-r2", "Alpine:v3.18", "musl", "1.2.4-r2");
	assert_string_equal(p->supplier, "Timo Ter\xc3\xa4s <timo.teras@iki.fi>");
	assert_string_equal(p->licenses, "MIT");
	assert_string_equal(p->layer,
			    "sha256:8e3ba11ec2a2b39ab372c60c16b421536e50e5ce64a0bc81765c2e38381bcff6");
	assert_string_equal(p->arch, "x86_64");
	p = find_pkg(inv, "ssl_client", NULL);
	expect_pkg(p, VG_PKG_APK, "1.36.1-r5", "Alpine:v3.18", "busybox", "1.36.1-r5");
	assert_string_equal(p->licenses, "GPL-2.0-only AND bzip2-1.0.6"); /* the LicenseRef's name */
	assert_null(p->supplier);
	/* syft's upstream qualifier, PACKAGE_MANAGER, licenseConcluded when nothing is declared */
	p = find_pkg(inv, "zlib", NULL);
	expect_pkg(p, VG_PKG_APK, "1.2.13-r1", "Alpine:v3.18", "zlib", NULL);
	assert_string_equal(p->licenses, "Zlib");
	vg_inventory_free(inv);
}

static void test_read_nested(void **state)
{
	(void)state;
	struct vg_inventory *inv = read_data("nested.cdx.json");
	assert_int_equal(vg_inventory_count(inv), 7);
	/* no operating-system component: the deb purl's distro qualifier tells */
	const struct vg_os *os = vg_inventory_os(inv);
	assert_non_null(os);
	assert_string_equal(os->id, "debian");
	assert_string_equal(os->version, "11");
	assert_string_equal(os->ecosystem, "Debian:11");

	/* metadata.component's children count, in document order first */
	const struct vg_pkg *p = vg_inventory_get(inv, 0);
	assert_string_equal(p->name, "express");
	expect_pkg(p, VG_PKG_NPM, "4.18.2", "npm", NULL, NULL);
	assert_string_equal(p->licenses, "MIT AND (Apache-2.0 OR MIT)");
	p = find_pkg(inv, "org.springframework:spring-core", NULL);
	expect_pkg(p, VG_PKG_JAR, "5.3.30", "Maven", NULL, NULL);
	p = find_pkg(inv, "libcurl4", NULL);
	expect_pkg(p, VG_PKG_DPKG, "7.74.0-1.3+deb11u7", "Debian:11", "curl", "7.74.0-1.3+deb11u7");
	assert_string_equal(p->file, "/var/lib/dpkg/status");
	assert_string_equal(p->layer, "sha256:aaaa");
	assert_string_equal(p->arch, "arm64");
	p = find_pkg(inv, "serde", NULL);
	expect_pkg(p, VG_PKG_CARGO, "1.0.193", "crates.io", NULL, NULL);
	p = find_pkg(inv, "Pillow", NULL); /* no version field: the purl's */
	expect_pkg(p, VG_PKG_PYTHON, "10.1.0", "PyPI", NULL, NULL);
	p = find_pkg(inv, "rails", NULL);
	expect_pkg(p, VG_PKG_OTHER, "7.1.2", "RubyGems", NULL, NULL);
	p = find_pkg(inv, "opaque", NULL);
	expect_pkg(p, VG_PKG_OTHER, "1", NULL, NULL, NULL);
	vg_inventory_free(inv);
}

/* ---- malformed documents ----------------------------------------------------------------- */

struct bad_case {
	const char *doc;
	int err;
	enum vg_diag_code code;
	uint32_t line, column;
	const char *message;
};

#define CDX "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", "
#define SPDX "{\"spdxVersion\": \"SPDX-2.3\", "

static const struct bad_case bad_cases[] = {
	{ "", -EBADMSG, VG_DIAG_SYNTAX, 1, 0, "'[' or '{' expected near end of file" },
	{ "{", -EBADMSG, VG_DIAG_SYNTAX, 1, 1, "string or '}' expected near end of file" },
	{ "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": 1.6,,\n}", -EBADMSG,
	  VG_DIAG_SYNTAX, 3, 22, "string or '}' expected near ','" },
	{ CDX "\"components\": []} trailing", -EBADMSG, VG_DIAG_SYNTAX, 1, 75,
	  "end of file expected near 'trailing'" },
	{ "{\"name\": \"\xff\"}", -EBADMSG, VG_DIAG_SYNTAX, 1, 10,
	  "unable to decode byte 0xff near '\"'" },
	{ "{\"name\": \"\\u0000\"}", -EBADMSG, VG_DIAG_SYNTAX, 1, 17,
	  "\\u0000 is not allowed without JSON_ALLOW_NUL near '\"\\u0000\"'" },
	{ "[{\"bomFormat\": \"CycloneDX\"}]", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "not a CycloneDX or SPDX document: the top level is not an object" },
	{ "{\"name\": \"x\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "not a CycloneDX or SPDX document: no 'bomFormat' or 'spdxVersion'" },
	{ "{\"bomFormat\": \"SPDX\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'bomFormat' is not \"CycloneDX\"" },
	{ "{\"bomFormat\": \"CycloneDX\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "CycloneDX document without 'specVersion'" },
	{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": 1.5}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'specVersion' is not a string" },
	{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"2.0\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0,
	  0, "unsupported CycloneDX specVersion '2.0'" },
	{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.1\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0,
	  0, "unsupported CycloneDX specVersion '1.1'" },
	{ CDX "\"components\": {}}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'components' is not an array" },
	{ CDX "\"components\": [{\"type\": \"library\", \"name\": \"a\", \"purl\": \"pkg:npm/a@1\"}, 7]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'components[1]' is not an object" },
	{ CDX "\"components\": [{\"name\": \"a\", \"purl\": 42}]}", -EBADMSG, VG_DIAG_SEMANTIC, 0,
	  0, "'components[0].purl' is not a string" },
	{ CDX "\"components\": [{\"name\": \"a\", \"version\": [], \"purl\": \"pkg:npm/a\"}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'components[0].version' is not a string" },
	{ CDX "\"components\": [{\"name\": \"a\", \"purl\": \"npm/a@1\"}]}", -EBADMSG,
	  VG_DIAG_SEMANTIC, 0, 0, "'components[0].purl': invalid purl 'npm/a@1': missing 'pkg:' scheme" },
	{ CDX "\"components\": [{\"name\": \"a\", \"components\": [{}, {\"purl\": \"pkg:npm/%zz@1\"}]}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'components[0].components[1].purl': invalid purl 'pkg:npm/%zz@1': invalid percent-encoding" },
	{ CDX "\"metadata\": {\"component\": {\"name\": \"m\", \"components\": [{\"purl\": \"pkg:x\"}]}}}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'metadata.component.components[0].purl': invalid purl 'pkg:x': missing name" },
	{ CDX "\"components\": [{\"name\": \"a\", \"purl\": \"pkg:npm/a@1\", "
	      "\"properties\": [{\"name\": \"vigil:SrcName\", \"value\": \"s\"}, 3]}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'components[0].properties[1]' is not an object" },
	{ CDX "\"components\": [{\"name\": \"a\", \"purl\": \"pkg:npm/a@1\", "
	      "\"properties\": [{\"name\": \"x\", \"value\": 1}]}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'components[0].properties[0].value' is not a string" },
	{ CDX "\"components\": [{\"name\": \"a\", \"purl\": \"pkg:npm/a@1\", "
	      "\"licenses\": [{\"license\": {\"id\": 5}}]}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'components[0].licenses[0].license.id' is not a string" },
	{ CDX "\"components\": [{\"name\": \"a\", \"purl\": \"pkg:npm/a@1\", "
	      "\"supplier\": {\"name\": false}}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'components[0].supplier.name' is not a string" },
	{ "{\"spdxVersion\": \"SPDX-3.0\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "unsupported spdxVersion 'SPDX-3.0'" },
	{ "{\"spdxVersion\": null}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "unsupported spdxVersion ''" },
	{ SPDX "\"packages\": \"none\"}", -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'packages' is not an array" },
	{ SPDX "\"packages\": [{\"name\": \"a\"}, {\"name\": \"b\", \"externalRefs\": "
	       "[{\"referenceType\": \"purl\", \"referenceLocator\": \"pkg:/b\"}]}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0,
	  "'packages[1].externalRefs[0].referenceLocator': invalid purl 'pkg:/b': missing name" },
	{ SPDX "\"packages\": [{\"name\": \"b\", \"externalRefs\": "
	       "[{\"referenceType\": \"cpe23Type\", \"referenceLocator\": \"x\"}, "
	       "{\"referenceType\": \"purl\", \"referenceLocator\": \"pkg:npm/b@1\"}], "
	       "\"sourceInfo\": 1}]}",
	  -EBADMSG, VG_DIAG_SEMANTIC, 0, 0, "'packages[0].sourceInfo' is not a string" },
	{ SPDX "\"packages\": [{\"name\": \"b\", \"externalRefs\": [\"purl\"]}]}", -EBADMSG,
	  VG_DIAG_SEMANTIC, 0, 0, "'packages[0].externalRefs[0]' is not an object" },
};

static void test_read_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct vg_inventory *inv = (struct vg_inventory *)&inv; /* must stay untouched */
		struct vg_diag d;
		vg_diag_clear(&d);
		int r = vg_sbom_read("in.json", c->doc, strlen(c->doc), &inv, &d);
		if (r != c->err || d.code != c->code || d.line != c->line || d.column != c->column ||
		    strcmp(d.message, c->message) != 0 || strcmp(d.file, "in.json") != 0)
			fail_msg("case %zu: got %d %s %s:%u:%u: %s\nwant %d %s in.json:%u:%u: %s", i, r,
				 vg_diag_code_name(d.code), d.file, d.line, d.column, d.message,
				 c->err, vg_diag_code_name(c->code), c->line, c->column, c->message);
		assert_ptr_equal(inv, (struct vg_inventory *)&inv);
	}
}

/* components[0].components[0]... @levels arrays deep below the top-level one */
static char *nested_doc(unsigned levels)
{
	size_t cap = 256 + (size_t)levels * 64;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t n = (size_t)snprintf(s, cap, CDX "\"components\": [");
	for (unsigned i = 0; i < levels; i++)
		n += (size_t)snprintf(s + n, cap - n, "{\"name\": \"n%u\", \"components\": [", i);
	n += (size_t)snprintf(s + n, cap - n, "{\"name\": \"leaf\", \"purl\": \"pkg:npm/leaf@1\"}");
	for (unsigned i = 0; i < levels; i++)
		n += (size_t)snprintf(s + n, cap - n, "]}");
	snprintf(s + n, cap - n, "]}");
	return s;
}

static void test_read_limits(void **state)
{
	(void)state;
	struct vg_diag d;
	struct vg_inventory *inv = NULL;
	char *ok = nested_doc(VG_SBOM_MAX_COMPONENT_DEPTH);
	assert_int_equal(vg_sbom_read("deep.json", ok, strlen(ok), &inv, &d), 0);
	assert_int_equal(vg_inventory_count(inv), 1);
	assert_string_equal(vg_inventory_get(inv, 0)->name, "leaf");
	vg_inventory_free(inv);
	free(ok);

	inv = NULL;
	char *deep = nested_doc(VG_SBOM_MAX_COMPONENT_DEPTH + 1);
	assert_int_equal(vg_sbom_read("deep.json", deep, strlen(deep), &inv, &d), -EFBIG);
	assert_null(inv);
	assert_int_equal(d.code, VG_DIAG_LIMIT);
	assert_string_equal(d.file, "deep.json");
	assert_string_equal(d.message, "components nested deeper than 64 levels");
	free(deep);

	/* JSON nesting beyond jansson's own limit is a syntax error, not a stack overflow */
	size_t n = 100000;
	char *arr = malloc(n + 1);
	memset(arr, '[', n);
	arr[n] = '\0';
	assert_int_equal(vg_sbom_read("arr.json", arr, n, &inv, &d), -EBADMSG);
	assert_int_equal(d.code, VG_DIAG_SYNTAX);
	assert_string_equal(d.message, "maximum parsing depth reached near '['");
	free(arr);

	/* arguments */
	assert_int_equal(vg_sbom_read("x", NULL, 1, &inv, &d), -EINVAL);
	assert_int_equal(vg_sbom_read("x", "{}", 2, NULL, &d), -EINVAL);
	/* a NULL buffer of length 0 is an empty document; a NULL file name is fine */
	assert_int_equal(vg_sbom_read(NULL, NULL, 0, &inv, &d), -EBADMSG);
	assert_string_equal(d.file, "");
}

static void test_read_minimal(void **state)
{
	(void)state;
	struct vg_diag d;
	struct vg_inventory *inv = NULL;
	/* a UTF-8 BOM, no components at all, null members */
	const char *doc = "\xef\xbb\xbf" CDX "\"metadata\": null, \"components\": null}";
	assert_int_equal(vg_sbom_read("min.json", doc, strlen(doc), &inv, &d), 0);
	assert_int_equal(vg_inventory_count(inv), 0);
	assert_null(vg_inventory_os(inv));
	vg_inventory_free(inv);

	inv = NULL;
	doc = SPDX "\"packages\": []}";
	assert_int_equal(vg_sbom_read("min.json", doc, strlen(doc), &inv, &d), 0);
	assert_int_equal(vg_inventory_count(inv), 0);
	vg_inventory_free(inv);

	/* an rpm with its epoch in a qualifier; an apk with Trivy's bare distro; a deb with a
	 * codename distro and an OS component that comes after it */
	inv = NULL;
	doc = CDX "\"components\": ["
		  "{\"type\": \"library\", \"name\": \"curl\", \"purl\": "
		  "\"pkg:rpm/rocky/curl@7.76.1-26.el9?arch=x86_64&distro=rocky-9.3&epoch=2\"},"
		  "{\"type\": \"library\", \"name\": \"musl\", \"purl\": "
		  "\"pkg:apk/alpine/musl@1.2.4-r2?distro=3.18.4\"},"
		  "{\"type\": \"library\", \"name\": \"bash\", \"purl\": "
		  "\"pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=jammy\"},"
		  "{\"type\": \"operating-system\", \"name\": \"Ubuntu\", \"version\": \"22.04\"}]}";
	assert_int_equal(vg_sbom_read("mix.json", doc, strlen(doc), &inv, &d), 0);
	assert_int_equal(vg_inventory_count(inv), 3);
	const struct vg_os *os = vg_inventory_os(inv);
	assert_string_equal(os->id, "ubuntu");
	assert_string_equal(os->ecosystem, "Ubuntu:22.04:LTS");
	expect_pkg(find_pkg(inv, "curl", NULL), VG_PKG_RPM, "2:7.76.1-26.el9", "Rocky Linux:9",
		   NULL, NULL);
	expect_pkg(find_pkg(inv, "musl", NULL), VG_PKG_APK, "1.2.4-r2", "Alpine:v3.18", NULL, NULL);
	expect_pkg(find_pkg(inv, "bash", NULL), VG_PKG_DPKG, "5.1-6ubuntu1", "Ubuntu:22.04:LTS",
		   NULL, NULL);
	vg_inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_golden),
		cmocka_unit_test(test_write_deterministic),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_write_defaults),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_debian),
		cmocka_unit_test(test_read_trivy_cyclonedx),
		cmocka_unit_test(test_read_trivy_spdx),
		cmocka_unit_test(test_read_nested),
		cmocka_unit_test(test_read_malformed),
		cmocka_unit_test(test_read_limits),
		cmocka_unit_test(test_read_minimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
