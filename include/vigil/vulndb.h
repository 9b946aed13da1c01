/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/vulndb.h - the local vulnerability database (OSV records in SQLite) and matching an
 * inventory against it.
 *
 * Location, in order: an explicit path (--db), $VIGIL_DB, $XDG_DATA_HOME/vigil/vulndb.sqlite
 * (default ~/.local/share/vigil/vulndb.sqlite) when it exists, else the database bundled with
 * vigil (built from ../shared/corpus/vulndb at build time; see docs/vulndb.md).
 */
#ifndef VIGIL_VULNDB_H
#define VIGIL_VULNDB_H

#include "common.h"
#include "diag.h"
#include "finding.h"
#include "image.h"
#include "pkg.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vg_vulndb;

/* Resolve the database path as above into @buf (like snprintf); @explicit_path may be NULL.
 * @for_write: ignore the bundled database (imports never write there). */
VG_EXPORT size_t vg_vulndb_default_path(const char *explicit_path, bool for_write, char *buf,
					size_t cap);

/* Open read-only. -ENOENT when missing, -EBADMSG when not a vigil database. */
VG_EXPORT VG_WUR int vg_vulndb_open(const char *path, struct vg_vulndb **ret_db,
				    struct vg_diag *ret_diag);
VG_EXPORT void vg_vulndb_close(struct vg_vulndb *db);

struct vg_vulndb_import_stats {
	uint64_t files, records, skipped, errors;
};

/*
 * Import OSV records from @paths (JSON files, directories walked recursively, osv.dev
 * per-ecosystem zip exports) into the database at @db_path, transactionally: everything is
 * written to a new file next to it and renamed over it only when the whole import succeeded,
 * so an interrupted or failed import leaves the previous database intact. @replace: start from
 * an empty database instead of adding to the existing one. Malformed records are counted and
 * reported through @warn (never silently dropped); @progress may be NULL.
 */
VG_EXPORT VG_WUR int vg_vulndb_import(const char *db_path, const char *const *paths, size_t npaths,
				      bool replace, const struct vg_progress *progress,
				      void (*warn)(void *ud, const struct vg_diag *d), void *warn_ud,
				      struct vg_vulndb_import_stats *ret_stats,
				      struct vg_diag *ret_diag);

struct vg_vulndb_info {
	const char *path;
	const char *schema_version;
	const char *built;          /* RFC 3339 time of the last import */
	uint64_t records;
	size_t necosystems;
	const struct vg_kv *ecosystems; /* key = ecosystem, value = record count as text */
	size_t nsources;
	const char *const *sources; /* paths imported */
};
/* Valid until the db is closed. */
VG_EXPORT VG_WUR int vg_vulndb_info(struct vg_vulndb *db, const struct vg_vulndb_info **ret_info);

/* One vulnerability affecting one package. */
struct vg_vuln {
	const char *id;                 /* OSV id */
	const char *const *aliases; size_t naliases;
	const char *summary;            /* may be NULL */
	const char *details;            /* may be NULL */
	const struct vg_pkg *pkg;       /* from the inventory matched */
	const char *fixed_version;      /* the nearest fix above the installed version, or NULL */
	enum vg_severity severity;      /* VG_SEV_INFO when unknown (see severity_known) */
	bool severity_known;
	double score;                   /* CVSS base score computed from the vector, or -1 */
	const char *cvss_vector;        /* the vector used, or NULL */
	const char *url;                /* the advisory's first reference, or NULL */
};

struct vg_vuln_list;
VG_EXPORT void vg_vuln_list_free(struct vg_vuln_list *l);
VG_EXPORT size_t vg_vuln_list_count(const struct vg_vuln_list *l);
VG_EXPORT const struct vg_vuln *vg_vuln_list_get(const struct vg_vuln_list *l, size_t i);

/*
 * Match every package of @inv against @db with its ecosystem's version semantics: OSV ranges
 * (ECOSYSTEM, SEMVER; introduced/fixed/last_affected) and versions lists; distribution
 * ecosystems ("Debian:12", "Alpine:v3.18") against the inventory's OS; Debian by source
 * package. The list borrows @inv's packages: free it before @inv.
 */
VG_EXPORT VG_WUR int vg_vulndb_match(struct vg_vulndb *db, const struct vg_inventory *inv,
				     struct vg_vuln_list **ret_list, struct vg_diag *ret_diag);

/* CVSS v3.0/v3.1/v4.0 base score of @vector ("CVSS:3.1/AV:N/..."). -EINVAL when malformed. */
VG_EXPORT VG_WUR int vg_cvss_score(const char *vector, double *ret_score);
/* CVSS qualitative rating of a score: 0 none (info), 0.1-3.9 low, 4-6.9 medium, 7-8.9 high, 9+ critical. */
VG_EXPORT enum vg_severity vg_cvss_severity(double score);

#ifdef __cplusplus
}
#endif
#endif
