/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sample_inventory.h - the fixed inventory the SBOM tests write: a Debian 12 image with every
 * package type vigil knows and every kind of license (an SPDX identifier, expressions, free
 * text twice, none), an epoch, a scoped npm name, a Maven group, the same purl twice and a byte
 * that is not UTF-8. Shared by tests/unit/test_sbom.c (golden files, round trip) and
 * tests/sbom/sbom_sample.c (schema validation). Header-only: include it once per program.
 */
#ifndef VG_TEST_SBOM_SAMPLE_INVENTORY_H
#define VG_TEST_SBOM_SAMPLE_INVENTORY_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/pkg.h"
#include "vigil/sbom.h"

#define SAMPLE_LAYER1 "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
#define SAMPLE_LAYER2 "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static const struct vg_sbom_subject sample_subject = {
	.name = "vigil/bookworm:layered",
	.id = "sha256:8d3b2c1e0f9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c",
	.kind = "container",
	.tool_name = "vigil",
	.tool_version = "0.1.0",
	.timestamp = 1700000000, /* 2023-11-14T22:13:20Z */
};

static const struct vg_os sample_os = {
	.id = "debian",
	.version_id = "12",
	.version = "12.15",
	.codename = "bookworm",
	.pretty_name = "Debian GNU/Linux 12 (bookworm)",
	.ecosystem = "Debian:12",
};

static const struct vg_pkg sample_pkgs[] = {
	{ .type = VG_PKG_DPKG, .name = "curl", .version = "7.88.1-10+deb12u5",
	  .ecosystem = "Debian:12",
	  .purl = "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12.15",
	  .src_name = "curl", .src_version = "7.88.1-10+deb12u5", .arch = "amd64",
	  .licenses = "curl", .supplier = "Alessandro Ghedini <ghedo@debian.org>",
	  .file = "/var/lib/dpkg/status", .layer = SAMPLE_LAYER1 },
	{ .type = VG_PKG_DPKG, .name = "libssl3", .version = "3.0.17-1~deb12u2",
	  .ecosystem = "Debian:12",
	  .purl = "pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12.15",
	  .src_name = "openssl", .src_version = "3.0.17-1~deb12u2", .arch = "amd64",
	  .licenses = "apache-2.0",
	  .supplier = "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
	  .file = "/var/lib/dpkg/status", .layer = SAMPLE_LAYER1 },
	{ .type = VG_PKG_DPKG, .name = "libgcc-s1", .version = "1:12.2.0-14",
	  .ecosystem = "Debian:12",
	  .purl = "pkg:deb/debian/libgcc-s1@1:12.2.0-14?arch=amd64&distro=debian-12.15",
	  .src_name = "gcc-12", .src_version = "12.2.0-14", .arch = "amd64",
	  .licenses = "GPL-3.0-or-later with GCC-exception-3.1",
	  .supplier = "Debian GCC Maintainers <debian-gcc@lists.debian.org>",
	  .file = "/var/lib/dpkg/status", .layer = SAMPLE_LAYER1 },
	{ .type = VG_PKG_DPKG, .name = "base-files", .version = "12.4+deb12u11",
	  .ecosystem = "Debian:12",
	  .purl = "pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64&distro=debian-12.15",
	  .src_name = "base-files", .src_version = "12.4+deb12u11", .arch = "amd64",
	  .licenses = "GPL-2+", .supplier = "Santiago Vila <sanvila@debian.org>",
	  .file = "/var/lib/dpkg/status", .layer = SAMPLE_LAYER1 },
	{ .type = VG_PKG_DPKG, .name = "libc6", .version = "2.36-9+deb12u10",
	  .ecosystem = "Debian:12",
	  .purl = "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12.15",
	  .src_name = "glibc", .src_version = "2.36-9+deb12u10", .arch = "amd64",
	  .licenses = "GPL-2+", .supplier = "GNU Libc Maintainers <debian-glibc@lists.debian.org>",
	  .file = "/var/lib/dpkg/status", .layer = SAMPLE_LAYER1 },
	{ .type = VG_PKG_APK, .name = "musl", .version = "1.2.4-r2", .ecosystem = "Alpine:v3.18",
	  .purl = "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4",
	  .src_name = "musl", .src_version = "1.2.4-r2", .arch = "x86_64", .licenses = "MIT",
	  .supplier = "Timo Ter\xe4s <timo.teras@iki.fi>", /* Latin-1, not UTF-8 */
	  .file = "/opt/alpine/lib/apk/db/installed", .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_NPM, .name = "@babel/core", .version = "7.23.2", .ecosystem = "npm",
	  .purl = "pkg:npm/%40babel/core@7.23.2", .licenses = "MIT",
	  .file = "/app/node_modules/@babel/core/package.json", .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_NPM, .name = "lodash", .version = "4.17.21", .ecosystem = "npm",
	  .purl = "pkg:npm/lodash@4.17.21", .licenses = "MIT",
	  .file = "/app/node_modules/lodash/package.json", .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_NPM, .name = "lodash", .version = "4.17.21", .ecosystem = "npm",
	  .purl = "pkg:npm/lodash@4.17.21", .licenses = "MIT",
	  .file = "/app/node_modules/jest/node_modules/lodash/package.json", .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_PYTHON, .name = "PyYAML", .version = "6.0.1", .ecosystem = "PyPI",
	  .purl = "pkg:pypi/pyyaml@6.0.1", .licenses = "MIT",
	  .file = "/usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA",
	  .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_PYTHON, .name = "requests", .version = "2.31.0", .ecosystem = "PyPI",
	  .purl = "pkg:pypi/requests@2.31.0", .licenses = "Apache 2.0",
	  .supplier = "Kenneth Reitz",
	  .file = "/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
	  .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_JAR, .name = "org.apache.logging.log4j:log4j-core", .version = "2.17.1",
	  .ecosystem = "Maven",
	  .purl = "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1",
	  .licenses = "Apache-2.0", .file = "/opt/app/lib/log4j-core-2.17.1.jar",
	  .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_GOBINARY, .name = "github.com/spf13/cobra", .version = "v1.8.0",
	  .ecosystem = "Go", .purl = "pkg:golang/github.com/spf13/cobra@v1.8.0",
	  .file = "/usr/local/bin/lefthook", .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_GOBINARY, .name = "stdlib", .version = "v1.21.5", .ecosystem = "Go",
	  .purl = "pkg:golang/stdlib@v1.21.5", .licenses = "BSD-3-Clause",
	  .file = "/usr/local/bin/lefthook", .layer = SAMPLE_LAYER2 },
	{ .type = VG_PKG_CARGO, .name = "serde", .version = "1.0.193", .ecosystem = "crates.io",
	  .purl = "pkg:cargo/serde@1.0.193", .licenses = "MIT OR Apache-2.0",
	  .file = "/usr/local/bin/ripgrep", .layer = SAMPLE_LAYER2 },
};

/* A new inventory with the sample OS and packages (0 or a negative errno). */
static int sample_inventory(struct vg_inventory **ret)
{
	struct vg_inventory *inv;
	int r = vg_inventory_new(&inv);
	if (r < 0)
		return r;
	r = vg_inventory_set_os(inv, &sample_os);
	for (size_t i = 0; r == 0 && i < sizeof(sample_pkgs) / sizeof(sample_pkgs[0]); i++)
		r = vg_inventory_add(inv, &sample_pkgs[i]);
	if (r < 0) {
		vg_inventory_free(inv);
		return r;
	}
	*ret = inv;
	return 0;
}

/*
 * The real Debian 12 package database of ../shared/corpus/pkgdb-fixtures (114 packages) through
 * vigil's dpkg analyzer, with the OS set as the image walker would: -ENOENT when the fixture or
 * the analyzer is missing (callers skip). Needs "pkgdb/pkgdb.h" included before this header.
 */
#ifdef VG_PKGDB_H
static int bookworm_inventory(const char *shared_dir, struct vg_inventory **ret)
{
	static const struct vg_os os = {
		.id = "debian", .version_id = "12", .version = "12.15", .codename = "bookworm",
		.pretty_name = "Debian GNU/Linux 12 (bookworm)", .ecosystem = "Debian:12",
	};
	const struct vg_analyzer *dpkg = NULL;
	for (size_t i = 0; vg_analyzers[i]; i++)
		if (strcmp(vg_analyzers[i]->name, "dpkg") == 0)
			dpkg = vg_analyzers[i];
	char path[4096];
	snprintf(path, sizeof(path), "%s/corpus/pkgdb-fixtures/debian-bookworm-minbase/status",
		 shared_dir);
	FILE *f = fopen(path, "rb");
	if (!dpkg || !f) {
		if (f)
			fclose(f);
		return -ENOENT;
	}
	unsigned char *buf = malloc(4 << 20);
	size_t len = buf ? fread(buf, 1, 4 << 20, f) : 0;
	fclose(f);
	struct vg_inventory *inv = NULL;
	int r = buf ? vg_inventory_new(&inv) : -ENOMEM;
	if (r == 0)
		r = vg_inventory_set_os(inv, &os);
	if (r == 0)
		r = vg_analyze_buffer(dpkg, "/var/lib/dpkg/status", buf, len, inv, NULL);
	free(buf);
	if (r < 0) {
		vg_inventory_free(inv);
		return r;
	}
	*ret = inv;
	return 0;
}
#endif

#endif
