/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/pkg.h - the package inventory of an image, a root filesystem or an SBOM.
 *
 * A struct vg_inventory owns every string in it (one arena). Packages keep the order in which
 * they were found after vg_inventory_sort() (ecosystem, name, version, file).
 */
#ifndef VIGIL_PKG_H
#define VIGIL_PKG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What kind of package database or artifact a package came from. */
enum vg_pkg_type {
	VG_PKG_DPKG = 0,
	VG_PKG_APK,
	VG_PKG_RPM,
	VG_PKG_GOBINARY, /* Go build info in an executable (modules and stdlib) */
	VG_PKG_NPM,
	VG_PKG_PYTHON,
	VG_PKG_JAR,
	VG_PKG_CARGO,    /* Cargo.lock or cargo-auditable */
	VG_PKG_OTHER,
};
#define VG_PKG_TYPE_COUNT 9

/* "dpkg", "apk", "rpm", "gobinary", "npm", "python", "jar", "cargo", "other". */
VG_EXPORT const char *vg_pkg_type_name(enum vg_pkg_type t);

struct vg_pkg {
	enum vg_pkg_type type;
	const char *name;        /* as the ecosystem names it (Maven: "group:artifact") */
	const char *version;
	const char *ecosystem;   /* OSV ecosystem: "Debian:12", "Alpine:v3.18", "Go", "npm", "PyPI",
				  * "Maven", "crates.io", "Red Hat", ... (NULL when unknown) */
	const char *purl;        /* package URL */
	const char *src_name;    /* source package (dpkg Source, apk origin, rpm SOURCERPM name) */
	const char *src_version; /* source package version */
	const char *arch;
	const char *licenses;    /* as declared (SPDX expression where the database gives one) */
	const char *supplier;    /* maintainer / vendor */
	const char *file;        /* where it was found, absolute inside the image ("/var/lib/dpkg/status") */
	const char *layer;       /* diff_id of the layer that introduced it ("sha256:..."), or NULL */
};

struct vg_os {
	const char *id;          /* os-release ID: "debian", "alpine", "rhel", ... (NULL: unknown) */
	const char *version_id;  /* "12", "3.18.4" */
	const char *version;     /* the precise release: debian_version "12.15", alpine-release "3.18.4" */
	const char *codename;    /* "bookworm" */
	const char *pretty_name;
	const char *ecosystem;   /* OSV ecosystem for its packages: "Debian:12", "Alpine:v3.18" */
};

struct vg_inventory;

VG_EXPORT VG_WUR int vg_inventory_new(struct vg_inventory **ret_inv);
VG_EXPORT void vg_inventory_free(struct vg_inventory *inv);

/* Copy @p (all strings) into the inventory. */
VG_EXPORT VG_WUR int vg_inventory_add(struct vg_inventory *inv, const struct vg_pkg *p);
/* Copy @os into the inventory (replacing any earlier one). */
VG_EXPORT VG_WUR int vg_inventory_set_os(struct vg_inventory *inv, const struct vg_os *os);
VG_EXPORT const struct vg_os *vg_inventory_os(const struct vg_inventory *inv);

VG_EXPORT size_t vg_inventory_count(const struct vg_inventory *inv);
VG_EXPORT const struct vg_pkg *vg_inventory_get(const struct vg_inventory *inv, size_t i);
/* Sort by ecosystem, name, version, file. */
VG_EXPORT void vg_inventory_sort(struct vg_inventory *inv);
/* Remove the packages found in file @file (used when a later layer replaces or deletes it). */
VG_EXPORT void vg_inventory_drop_file(struct vg_inventory *inv, const char *file);

/* Problems met while building the inventory (a malformed package database, an unsupported
 * format): never silently dropped. All are counted; the first VG_INVENTORY_MAX_WARNINGS are
 * kept with their text. */
#define VG_INVENTORY_MAX_WARNINGS 100
struct vg_inventory_warning {
	const char *file;
	uint32_t line;          /* 0 = unknown */
	const char *message;
};
VG_EXPORT VG_WUR int vg_inventory_add_warning(struct vg_inventory *inv, const char *file,
					      uint32_t line, const char *message);
/* Every warning added (kept or not). */
VG_EXPORT size_t vg_inventory_warning_count(const struct vg_inventory *inv);
/* The i-th kept warning (i < min(count, VG_INVENTORY_MAX_WARNINGS)), else NULL. */
VG_EXPORT const struct vg_inventory_warning *vg_inventory_warning(const struct vg_inventory *inv,
								 size_t i);

/* Build a purl for @p ("pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12.15")
 * into @buf; returns the length it needs (like snprintf). @os may be NULL. */
VG_EXPORT size_t vg_purl_format(const struct vg_pkg *p, const struct vg_os *os, char *buf, size_t cap);

/* PEP 503 name normalisation (lowercase, runs of -_. become -) into @buf (like snprintf). */
VG_EXPORT size_t vg_pypi_normalize(const char *name, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
