/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbom_sample.c - writes SBOMs of fixed inventories in every format to a directory, for
 * tests/sbom/validate.py to check against the official schemas:
 *
 *   sample.{cdx-1.5,cdx-1.6,spdx}.json   the inventory of sample_inventory.h
 *   empty.*                              a root filesystem with no OS and no packages
 *   noos.*                               packages without an OS, without purls, repeated
 *   bookworm.*                           with SHARED_DIR: the real Debian 12 package database of
 *                                        ../shared/corpus/pkgdb-fixtures through the dpkg analyzer
 *
 * Usage: sbom_sample OUTDIR [SHARED_DIR]. Exit 0, or 1 with a message.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pkgdb/pkgdb.h"
#include "vigil/sbom.h"
#include "sample_inventory.h"

static const struct {
	enum vg_sbom_format fmt;
	const char *suffix;
} formats[] = {
	{ VG_SBOM_CYCLONEDX_1_5, "cdx-1.5.json" },
	{ VG_SBOM_CYCLONEDX_1_6, "cdx-1.6.json" },
	{ VG_SBOM_SPDX_2_3, "spdx.json" },
};

static int write_all(const char *dir, const char *stem, const struct vg_inventory *inv,
		     const struct vg_sbom_subject *subject)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s.%s", dir, stem, formats[i].suffix);
		FILE *f = fopen(path, "wb");
		if (!f) {
			fprintf(stderr, "sbom_sample: cannot create '%s': %s\n", path, strerror(errno));
			return -1;
		}
		int r = vg_sbom_write(inv, subject, formats[i].fmt, f);
		if (fclose(f) != 0 && r == 0)
			r = -EIO;
		if (r < 0) {
			fprintf(stderr, "sbom_sample: writing '%s': %s\n", path, strerror(-r));
			return -1;
		}
		printf("%s\n", path);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: sbom_sample OUTDIR [SHARED_DIR]\n");
		return 2;
	}
	struct vg_inventory *inv = NULL, *empty = NULL, *noos = NULL, *bookworm = NULL;
	int rc = 1;
	if (sample_inventory(&inv) < 0 || vg_inventory_new(&empty) < 0 || vg_inventory_new(&noos) < 0)
		goto out;

	/* no OS; names and purls left to vg_purl_format; a package with no name at all */
	static const struct vg_pkg loose[] = {
		{ .type = VG_PKG_DPKG, .name = "zlib1g", .version = "1:1.2.13.dfsg-1",
		  .arch = "amd64", .licenses = "Zlib" },
		{ .type = VG_PKG_DPKG, .name = "zlib1g", .version = "1:1.2.13.dfsg-1",
		  .arch = "amd64", .licenses = "Zlib" },
		{ .type = VG_PKG_NPM, .name = "@types/node", .version = "20.8.0",
		  .licenses = "(MIT AND BSD-2-Clause) OR LicenseRef-Custom" },
		{ .type = VG_PKG_JAR, .name = "commons-io", .version = "2.15.0" },
		{ .type = VG_PKG_OTHER, .name = NULL, .version = NULL, .licenses = "NOASSERTION" },
	};
	for (size_t i = 0; i < sizeof(loose) / sizeof(loose[0]); i++)
		if (vg_inventory_add(noos, &loose[i]) < 0)
			goto out;

	struct vg_sbom_subject rootfs = {
		.name = "/srv/rootfs #1", .kind = "rootfs", .timestamp = 0,
	};
	if (write_all(argv[1], "sample", inv, &sample_subject) < 0 ||
	    write_all(argv[1], "empty", empty, &rootfs) < 0 ||
	    write_all(argv[1], "noos", noos, &sample_subject) < 0)
		goto out;
	if (argc == 3) {
		int r = bookworm_inventory(argv[2], &bookworm);
		if (r < 0) {
			fprintf(stderr, "sbom_sample: the Debian fixture in '%s': %s\n", argv[2],
				strerror(-r));
			goto out;
		}
		struct vg_sbom_subject real = sample_subject;
		real.name = "bookworm-minbase";
		if (write_all(argv[1], "bookworm", bookworm, &real) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "sbom_sample: failed\n");
	vg_inventory_free(inv);
	vg_inventory_free(empty);
	vg_inventory_free(noos);
	vg_inventory_free(bookworm);
	return rc;
}
