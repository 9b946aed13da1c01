/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vulndb/vulndb_internal.h - private to src/lib/vulndb: the OSV record model (osv.c), range
 * evaluation (osv.c, used by match.c and the fuzzer), the SQLite schema (store.c) and the
 * limits on imported data.
 *
 * A parsed record lives in the caller's arena; every string in it is NUL-terminated and owned
 * by that arena. Nothing here keeps state between calls.
 */
#ifndef VG_VULNDB_INTERNAL_H
#define VG_VULNDB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "vigil/diag.h"
#include "vigil/finding.h"
#include "vigil/version.h"
#include "vigil/vulndb.h"

/* ---- limits ----------------------------------------------------------------------------- */

/* Limits on one OSV record (a JSON file or a zip entry). The largest real OSV records (Linux
 * kernel CVEs with long versions lists) are a few MiB; nesting in OSV is at most 6 levels
 * deep plus free-form database_specific objects. */
#define VG_OSV_DEFAULT_MAX_RECORD_SIZE (16u * 1024u * 1024u)
#define VG_OSV_DEFAULT_MAX_DEPTH 64u
#define VG_OSV_DEFAULT_MAX_ITEMS 1000000u /* affected + ranges + events + versions + aliases */
/* Entries in one zip export (osv.dev's largest, all.zip over every ecosystem, has ~500k). */
#define VG_OSV_DEFAULT_MAX_ZIP_ENTRIES 10000000u

struct vg_osv_limits {
	size_t max_record_size;
	uint32_t max_depth;
	uint32_t max_items;
};
void vg_osv_limits_init(struct vg_osv_limits *ret);

/* ---- the record model ------------------------------------------------------------------- */

enum vg_osv_event_kind {
	VG_OSV_INTRODUCED = 0,
	VG_OSV_FIXED,
	VG_OSV_LAST_AFFECTED,
	VG_OSV_LIMIT,
};

struct vg_osv_event {
	enum vg_osv_event_kind kind;
	const char *version;
};

enum vg_osv_range_type {
	VG_OSV_RANGE_SEMVER = 0,
	VG_OSV_RANGE_ECOSYSTEM,
	VG_OSV_RANGE_GIT,
};

struct vg_osv_range {
	enum vg_osv_range_type type;
	const char *repo; /* GIT only, may be NULL */
	size_t nevents;
	struct vg_osv_event *events;
};

struct vg_osv_severity {
	const char *type;  /* "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", ... */
	const char *score; /* the vector (CVSS) or the label (Ubuntu) */
};

struct vg_osv_affected {
	const char *ecosystem;   /* NULL when the entry has no package (GIT-only entries) */
	const char *name;
	const char *purl;        /* may be NULL */
	size_t nranges;
	struct vg_osv_range *ranges;
	size_t nversions;
	const char **versions;
	size_t nseverity;
	struct vg_osv_severity *severity;
};

struct vg_osv_record {
	const char *id;
	const char *modified;          /* as written */
	int64_t modified_sec;          /* parsed: seconds since the epoch (UTC) */
	int32_t modified_nsec;
	const char *withdrawn;         /* NULL unless withdrawn */
	const char *summary, *details; /* may be NULL */
	size_t naliases;
	const char **aliases;
	size_t nseverity;
	struct vg_osv_severity *severity;
	const char *db_severity;       /* database_specific.severity (GHSA), may be NULL */
	const char *url;               /* references[0].url, may be NULL */
	size_t naffected;
	struct vg_osv_affected *affected;
};

/*
 * Parse one OSV record from @data/@len (not NUL-terminated). @file names the input in
 * diagnostics. Returns 0, -EBADMSG (malformed: syntax error with jansson's line/column, or a
 * missing/ill-typed field, with the position of the top-level key or the record's opening
 * brace and a path like "affected[2].ranges[0].events[1]"), -EFBIG (a limit), -ENOMEM.
 * *ret_rec is allocated in @arena. A withdrawn record is returned (withdrawn set) even when
 * it has no affected entries.
 */
int vg_osv_parse(const char *data, size_t len, const char *file, const struct vg_osv_limits *lim,
		 struct vg_arena *arena, struct vg_osv_record **ret_rec, struct vg_diag *ret_diag)
	__attribute__((warn_unused_result));

/* Parse an RFC 3339 time ("2024-03-25T22:24:57Z", fractions and offsets allowed) into UTC
 * seconds and nanoseconds. 0 or -EINVAL. */
int vg_osv_time_parse(const char *s, int64_t *ret_sec, int32_t *ret_nsec)
	__attribute__((warn_unused_result));

/* ---- evaluation ------------------------------------------------------------------------- */

/* The version scheme a range is evaluated in: SEMVER ranges use SemVer whatever the
 * ecosystem, ECOSYSTEM ranges the ecosystem's scheme, GIT ranges none (UNKNOWN). */
enum vg_version_scheme vg_osv_range_scheme(enum vg_osv_range_type type, const char *ecosystem);

/*
 * Whether @version is inside @r, by the OSV schema's evaluation rule: the events sorted by
 * version (introduced "0" first, ties kept in their written order), then walked - introduced
 * <= v sets affected, fixed <= v clears it, last_affected < v clears it; limit events only
 * matter for GIT ranges, which are never evaluated (false). Events whose version the scheme
 * cannot compare with @version are skipped; when @version itself is not valid in the scheme
 * (or the scheme is UNKNOWN) nothing can be said and the answer is false.
 * *ret_fixed (may be NULL) gets the smallest fixed event above @version (NULL when none).
 */
bool vg_osv_range_affects(const struct vg_osv_range *r, enum vg_version_scheme scheme,
			  const char *version, const char **ret_fixed);

/* Whether @version is in @a's versions list: exact string match, for PyPI also PEP 440
 * equality ("1.0" == "1.0.0"). */
bool vg_osv_versions_contain(const struct vg_osv_affected *a, const char *version);

/* The base ecosystem: the part of @ecosystem before the first ':' copied into @buf (like
 * snprintf). */
size_t vg_osv_base_ecosystem(const char *ecosystem, char *buf, size_t cap);

/* Record severity chosen at import (record-level severity[], then the affected entries'
 * severity[]; the highest CVSS version present wins, v4 > v3.1/v3.0 > v2; within a version the
 * first valid vector; else database_specific.severity; else an Ubuntu label). */
struct vg_osv_rating {
	bool known;
	enum vg_severity severity;
	double score;       /* -1 without a CVSS vector */
	const char *vector; /* borrowed from the record, NULL without a CVSS vector */
	const char *label;  /* "critical", "high", ... or NULL */
};
void vg_osv_rate(const struct vg_osv_record *rec, struct vg_osv_rating *ret);

/* CVSS v2 base score (vector "AV:N/AC:L/Au:N/C:P/I:P/A:P", optionally "(...)" or with a
 * "CVSS:2.0/" prefix). -EINVAL when malformed. vg_cvss_score() also accepts these. */
int vg_cvss2_score(const char *vector, double *ret_score) __attribute__((warn_unused_result));

/* ---- the store -------------------------------------------------------------------------- */

#define VG_VULNDB_FORMAT "vigil-vulndb"
#define VG_VULNDB_SCHEMA_VERSION "1"

/* Test hook for the transactional import: called after every record stored; a non-zero
 * return aborts the import with that value (negative errno). */
struct vg_vulndb_import_hooks {
	int (*after_record)(void *ud, uint64_t records);
	void *ud;
};

int vg_vulndb_import_ex(const char *db_path, const char *const *paths, size_t npaths, bool replace,
			const struct vg_progress *progress,
			void (*warn)(void *ud, const struct vg_diag *d), void *warn_ud,
			const struct vg_vulndb_import_hooks *hooks,
			struct vg_vulndb_import_stats *ret_stats, struct vg_diag *ret_diag)
	__attribute__((warn_unused_result));

/* The open handle (store.c); match.c uses its connection. */
struct sqlite3;
struct sqlite3 *vg_vulndb_sqlite(struct vg_vulndb *db);

#endif
