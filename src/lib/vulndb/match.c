/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.c - an inventory against the vulnerability database.
 *
 * For each package: pick the OSV ecosystem and the name and version to look up (below), fetch
 * the affected rows for (base ecosystem, name) through the index, keep the rows whose
 * ecosystem is exactly the package's and whose record is not withdrawn, and evaluate each row's
 * ranges (vg_osv_range_affects) and versions list. One vg_vuln per (record, package); the fix reported is the smallest fixed
 * version above the installed one in the ranges that matched.
 *
 *  - OS packages (dpkg, apk, rpm) take the inventory's OS ecosystem ("Debian:12",
 *    "Alpine:v3.18"; the package's own when the OS is unknown) and match it exactly, as
 *    osv-scanner does. dpkg and apk packages match by source package (Debian, Ubuntu and
 *    Alpine records name source packages) with the source version when the database gives one.
 *  - Language packages use their own ecosystem; PyPI names are compared PEP 503-normalised
 *    (the importer stores them normalised); Go's stdlib/toolchain versions lose a "go" prefix.
 */
#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "vigil/pkg.h"
#include "vulndb/vulndb_internal.h"
#include "util/banned.h"

struct vg_vuln_list {
	struct vg_arena arena;
	struct vg_vuln *items;
	size_t n, cap;
};

void vg_vuln_list_free(struct vg_vuln_list *l)
{
	if (!l)
		return;
	vg_arena_release(&l->arena);
	free(l->items);
	free(l);
}

size_t vg_vuln_list_count(const struct vg_vuln_list *l)
{
	return l ? l->n : 0;
}

const struct vg_vuln *vg_vuln_list_get(const struct vg_vuln_list *l, size_t i)
{
	return l && i < l->n ? &l->items[i] : NULL;
}

/* ---- one affected row ------------------------------------------------------------------- */

static int parse_event_kind(const char *k, enum vg_osv_event_kind *ret)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	for (int i = 0; i < 4; i++)
		if (strcmp(k, kinds[i]) == 0) {
			*ret = (enum vg_osv_event_kind)i;
			return 0;
		}
	return -EBADMSG;
}

/* The ranges column (as store.c writes it) into @a, strings in @arena. */
static int load_ranges(const char *text, struct vg_arena *arena, struct vg_osv_affected *a)
{
	json_t *j = json_loads(text, 0, NULL);
	if (!json_is_array(j)) {
		json_decref(j);
		return -EBADMSG;
	}
	int r = 0;
	size_t n = json_array_size(j);
	a->ranges = n ? vg_arena_calloc(arena, n, sizeof(*a->ranges)) : NULL;
	if (n && !a->ranges)
		r = -ENOMEM;
	for (size_t i = 0; r == 0 && i < n; i++) {
		const json_t *rg = json_array_get(j, i);
		const char *type = json_string_value(json_object_get(rg, "type"));
		const json_t *ev = json_object_get(rg, "events");
		struct vg_osv_range *out = &a->ranges[i];
		if (!type || !json_is_array(ev)) {
			r = -EBADMSG;
			break;
		}
		out->type = strcmp(type, "SEMVER") == 0 ? VG_OSV_RANGE_SEMVER
			    : strcmp(type, "ECOSYSTEM") == 0 ? VG_OSV_RANGE_ECOSYSTEM
							     : VG_OSV_RANGE_GIT;
		size_t ne = json_array_size(ev);
		out->events = ne ? vg_arena_calloc(arena, ne, sizeof(*out->events)) : NULL;
		if (ne && !out->events) {
			r = -ENOMEM;
			break;
		}
		for (size_t k = 0; r == 0 && k < ne; k++) {
			const char *key;
			json_t *val;
			json_object_foreach(json_array_get(ev, k), key, val)
			{
				if (!json_is_string(val) ||
				    parse_event_kind(key, &out->events[out->nevents].kind) < 0)
					continue;
				out->events[out->nevents].version =
					vg_arena_strdup(arena, json_string_value(val));
				if (!out->events[out->nevents].version) {
					r = -ENOMEM;
					break;
				}
				out->nevents++;
				break;
			}
		}
		a->nranges++;
	}
	json_decref(j);
	return r;
}

static int load_strings(const char *text, struct vg_arena *arena, const char ***ret, size_t *ret_n)
{
	*ret = NULL;
	*ret_n = 0;
	if (!text || strcmp(text, "[]") == 0)
		return 0;
	json_t *j = json_loads(text, 0, NULL);
	if (!json_is_array(j)) {
		json_decref(j);
		return -EBADMSG;
	}
	size_t n = json_array_size(j);
	const char **a = n ? vg_arena_calloc(arena, n, sizeof(*a)) : NULL;
	int r = (n && !a) ? -ENOMEM : 0;
	size_t k = 0;
	for (size_t i = 0; r == 0 && i < n; i++) {
		const char *s = json_string_value(json_array_get(j, i));
		if (!s)
			continue;
		a[k] = vg_arena_strdup(arena, s);
		if (!a[k])
			r = -ENOMEM;
		k++;
	}
	json_decref(j);
	if (r == 0) {
		*ret = a;
		*ret_n = k;
	}
	return r;
}

/* The smaller of two fixed versions (NULL-aware). */
static const char *min_fixed(enum vg_version_scheme scheme, const char *a, const char *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	int c;
	if (vg_version_compare(scheme, a, b, &c) < 0)
		return a;
	return c <= 0 ? a : b;
}

/* Evaluate one affected row for @version: *ret_hit, *ret_fixed (in @arena). */
static int eval_row(const char *ecosystem, const char *ranges, const char *versions,
		    const char *version, struct vg_arena *arena, bool *ret_hit,
		    const char **ret_fixed)
{
	struct vg_osv_affected a = { .ecosystem = ecosystem };
	int r = load_ranges(ranges, arena, &a);
	if (r == 0)
		r = load_strings(versions, arena, &a.versions, &a.nversions);
	if (r < 0)
		return r;
	bool hit = false;
	const char *fixed = NULL;
	enum vg_version_scheme eco_scheme = vg_version_scheme_for(ecosystem);
	for (size_t i = 0; i < a.nranges; i++) {
		const char *f = NULL;
		enum vg_version_scheme s = vg_osv_range_scheme(a.ranges[i].type, ecosystem);
		if (vg_osv_range_affects(&a.ranges[i], s, version, &f)) {
			hit = true;
			fixed = min_fixed(eco_scheme != VG_VERSION_UNKNOWN ? eco_scheme : s, fixed, f);
		}
	}
	if (!hit && vg_osv_versions_contain(&a, version)) {
		hit = true;
		/* listed explicitly: report the nearest fix of the entry's ranges, if any */
		for (size_t i = 0; i < a.nranges; i++) {
			enum vg_version_scheme s = vg_osv_range_scheme(a.ranges[i].type, ecosystem);
			if (s == VG_VERSION_UNKNOWN)
				continue;
			for (size_t k = 0; k < a.ranges[i].nevents; k++) {
				const struct vg_osv_event *e = &a.ranges[i].events[k];
				int c;
				if (e->kind == VG_OSV_FIXED &&
				    vg_version_compare(s, version, e->version, &c) == 0 && c < 0)
					fixed = min_fixed(s, fixed, e->version);
			}
		}
	}
	*ret_hit = hit;
	*ret_fixed = fixed;
	return 0;
}

/* ---- per package -------------------------------------------------------------------------- */

struct hit {
	char *id;
	const char *fixed;
	enum vg_version_scheme scheme;
};

struct matcher {
	sqlite3 *db;
	sqlite3_stmt *rows;   /* affected rows of (base ecosystem, name, ecosystem) */
	sqlite3_stmt *record; /* a record's columns */
	struct vg_vuln_list *list;
	struct vg_diag *diag;
};

static int add_vuln(struct matcher *m, const struct vg_pkg *p, const struct hit *h)
{
	struct vg_vuln_list *l = m->list;
	struct vg_arena *a = &l->arena;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		struct vg_vuln *ni = realloc(l->items, ncap * sizeof(*ni));
		if (!ni)
			return -ENOMEM;
		l->items = ni;
		l->cap = ncap;
	}
	struct vg_vuln *v = &l->items[l->n];
	memset(v, 0, sizeof(*v));
	v->pkg = p;
	v->score = -1;
	v->id = vg_arena_strdup(a, h->id);
	if (!v->id)
		return -ENOMEM;
	if (h->fixed && !(v->fixed_version = vg_arena_strdup(a, h->fixed)))
		return -ENOMEM;

	sqlite3_stmt *st = m->record;
	sqlite3_bind_text(st, 1, h->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int r = 0;
	if (rc == SQLITE_ROW) {
#define COL(i) ((const char *)sqlite3_column_text(st, (i)))
		if (COL(0) && !(v->summary = vg_arena_strdup(a, COL(0))))
			r = -ENOMEM;
		if (r == 0 && COL(1) && !(v->details = vg_arena_strdup(a, COL(1))))
			r = -ENOMEM;
		if (r == 0 && COL(2)) {
			const char **al;
			size_t nal;
			r = load_strings(COL(2), a, &al, &nal);
			if (r == 0) {
				v->aliases = al;
				v->naliases = nal;
			} else if (r == -EBADMSG) {
				r = 0;
			}
		}
		if (r == 0 && COL(3) && !(v->cvss_vector = vg_arena_strdup(a, COL(3))))
			r = -ENOMEM;
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			v->score = sqlite3_column_double(st, 4);
		enum vg_severity sev;
		if (COL(5) && vg_severity_parse(COL(5), &sev) == 0) {
			v->severity = sev;
			v->severity_known = true;
		}
		if (r == 0 && COL(6) && !(v->url = vg_arena_strdup(a, COL(6))))
			r = -ENOMEM;
#undef COL
	} else if (rc != SQLITE_DONE) {
		r = -EIO;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (r == -EIO)
		vg_diag_set(m->diag, VG_DIAG_IO, NULL, 0, 0, "vulnerability database error: %s",
			    sqlite3_errmsg(m->db));
	if (r == 0)
		l->n++;
	return r;
}

static bool is_os_type(enum vg_pkg_type t)
{
	return t == VG_PKG_DPKG || t == VG_PKG_APK || t == VG_PKG_RPM;
}

static int match_package(struct matcher *m, const struct vg_pkg *p, const struct vg_os *os)
{
	const char *eco = p->ecosystem;
	const char *name = p->name;
	const char *version = p->version;
	if (is_os_type(p->type)) {
		if (os && os->ecosystem && *os->ecosystem)
			eco = os->ecosystem;
		if ((p->type == VG_PKG_DPKG || p->type == VG_PKG_APK) && p->src_name &&
		    *p->src_name) {
			name = p->src_name;
			if (p->src_version && *p->src_version)
				version = p->src_version;
		}
	}
	if (!eco || !*eco || !name || !*name || !version || !*version)
		return 0;
	char base[128], norm[512];
	if (vg_osv_base_ecosystem(eco, base, sizeof(base)) >= sizeof(base))
		return 0;
	if (strcmp(base, "PyPI") == 0 && vg_pypi_normalize(name, norm, sizeof(norm)) < sizeof(norm))
		name = norm;
	if (strcmp(eco, "Go") == 0 && (strcmp(name, "stdlib") == 0 || strcmp(name, "toolchain") == 0) &&
	    strncmp(version, "go", 2) == 0)
		version = version + 2;

	struct vg_arena tmp;
	vg_arena_init(&tmp, 16 * 1024);
	struct hit *hits = NULL;
	size_t nhits = 0, cap = 0;
	int r = 0;
	sqlite3_stmt *st = m->rows;
	sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, eco, -1, SQLITE_STATIC);
	int rc;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *ranges = (const char *)sqlite3_column_text(st, 1);
		const char *versions = (const char *)sqlite3_column_text(st, 2);
		bool hit = false;
		const char *fixed = NULL;
		if (!id || !ranges)
			continue;
		int er = eval_row(eco, ranges, versions, version, &tmp, &hit, &fixed);
		if (er == -ENOMEM) {
			r = er;
			break;
		}
		if (er < 0 || !hit)
			continue; /* a damaged row cannot be evaluated: skip it */
		size_t k;
		for (k = 0; k < nhits; k++)
			if (strcmp(hits[k].id, id) == 0)
				break;
		if (k < nhits) {
			hits[k].fixed = min_fixed(hits[k].scheme, hits[k].fixed, fixed);
			continue;
		}
		if (nhits == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct hit *nh = realloc(hits, ncap * sizeof(*nh));
			if (!nh) {
				r = -ENOMEM;
				break;
			}
			hits = nh;
			cap = ncap;
		}
		hits[nhits].id = vg_arena_strdup(&tmp, id);
		if (!hits[nhits].id) {
			r = -ENOMEM;
			break;
		}
		hits[nhits].fixed = fixed;
		hits[nhits].scheme = vg_version_scheme_for(eco);
		nhits++;
	}
	if (r == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		vg_diag_set(m->diag, VG_DIAG_IO, NULL, 0, 0, "vulnerability database error: %s",
			    sqlite3_errmsg(m->db));
		r = -EIO;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (size_t i = 0; r == 0 && i < nhits; i++)
		r = add_vuln(m, p, &hits[i]);
	free(hits);
	vg_arena_release(&tmp);
	return r;
}

static int vuln_cmp(const void *pa, const void *pb)
{
	const struct vg_vuln *a = pa, *b = pb;
	int sa = a->severity_known ? (int)a->severity + 1 : 0;
	int sb = b->severity_known ? (int)b->severity + 1 : 0;
	if (sa != sb)
		return sb - sa;
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	c = strcmp(a->pkg->name, b->pkg->name);
	if (c)
		return c;
	c = strcmp(a->pkg->version ? a->pkg->version : "", b->pkg->version ? b->pkg->version : "");
	if (c)
		return c;
	/* same id, name and version: keep inventory order */
	return a->pkg < b->pkg ? -1 : a->pkg > b->pkg;
}

int vg_vulndb_match(struct vg_vulndb *db, const struct vg_inventory *inv,
		    struct vg_vuln_list **ret_list, struct vg_diag *ret_diag)
{
	vg_diag_clear(ret_diag);
	if (!db || !inv || !ret_list)
		return -EINVAL;
	struct matcher m = { .db = vg_vulndb_sqlite(db), .diag = ret_diag };
	m.list = calloc(1, sizeof(*m.list));
	if (!m.list)
		return -ENOMEM;
	vg_arena_init(&m.list->arena, 64 * 1024);
	int r = 0;
	if (sqlite3_prepare_v2(m.db, "SELECT a.record_id, a.ranges, a.versions FROM affected a "
				     "JOIN records r ON r.id = a.record_id WHERE a.base_ecosystem = ?1 "
				     "AND a.name = ?2 AND a.ecosystem = ?3 AND r.withdrawn IS NULL",
			       -1, &m.rows, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m.db, "SELECT summary, details, aliases, severity_vector, "
				     "severity_score, severity_label, url FROM records WHERE id = ?1",
			       -1, &m.record, NULL) != SQLITE_OK) {
		vg_diag_set(ret_diag, VG_DIAG_IO, NULL, 0, 0, "vulnerability database error: %s",
			    sqlite3_errmsg(m.db));
		r = -EIO;
	}
	const struct vg_os *os = vg_inventory_os(inv);
	size_t n = vg_inventory_count(inv);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = match_package(&m, vg_inventory_get(inv, i), os);
	sqlite3_finalize(m.rows);
	sqlite3_finalize(m.record);
	if (r < 0) {
		if (r == -ENOMEM && ret_diag && ret_diag->code == VG_DIAG_NONE)
			vg_diag_set(ret_diag, VG_DIAG_IO, NULL, 0, 0, "out of memory");
		vg_vuln_list_free(m.list);
		return r;
	}
	if (m.list->n > 1)
		qsort(m.list->items, m.list->n, sizeof(*m.list->items), vuln_cmp);
	*ret_list = m.list;
	return 0;
}
