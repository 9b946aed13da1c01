/* SPDX-License-Identifier: Apache-2.0 */
/*
 * osv.c - one OSV record (https://ossf.github.io/osv-schema/) from JSON into struct
 * vg_osv_record, the schema's range evaluation, and the choice of a record's severity.
 *
 * Parsing is two passes over the bytes: a cheap scan that enforces the nesting limit and notes
 * where the top-level keys are (jansson keeps no positions for values), then jansson. Syntax
 * errors carry jansson's line/column; a missing or ill-typed field carries the position of its
 * top-level key (or of the record's opening brace when the key is missing) and a field path.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigil/pkg.h"
#include "vulndb/vulndb_internal.h"
#include "util/banned.h"

void vg_osv_limits_init(struct vg_osv_limits *ret)
{
	ret->max_record_size = VG_OSV_DEFAULT_MAX_RECORD_SIZE;
	ret->max_depth = VG_OSV_DEFAULT_MAX_DEPTH;
	ret->max_items = VG_OSV_DEFAULT_MAX_ITEMS;
}

/* ---- pass 1: nesting and top-level key positions ---------------------------------------- */

#define MAX_KEYS 24
#define KEY_LEN 24

struct keypos {
	char name[KEY_LEN]; /* raw key text (no unescaping), truncated */
	uint32_t line, column;
};

struct scan {
	uint32_t open_line, open_column; /* the top-level '{' (or '[') */
	size_t nkeys;
	struct keypos keys[MAX_KEYS];
};

/* Returns 0, or -EFBIG with *ret_line/col at the bracket that went too deep. The scan does
 * not validate JSON (jansson does); it only tracks strings, brackets and lines. */
static int prescan(const char *p, size_t len, uint32_t max_depth, struct scan *sc,
		   uint32_t *ret_line, uint32_t *ret_col)
{
	uint32_t line = 1, col = 0, depth = 0;
	bool in_str = false, esc = false, expect_key = false;
	size_t key_start = 0;
	uint32_t key_line = 0, key_col = 0;
	memset(sc, 0, sizeof(*sc));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\n') {
			line++;
			col = 0;
		} else if ((c & 0xC0) != 0x80) {
			col++; /* count characters, not UTF-8 continuation bytes (as jansson) */
		}
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"') {
				in_str = false;
				if (key_line && sc->nkeys < MAX_KEYS) {
					struct keypos *k = &sc->keys[sc->nkeys++];
					size_t n = i - key_start;
					if (n >= KEY_LEN)
						n = KEY_LEN - 1;
					memcpy(k->name, p + key_start, n);
					k->name[n] = '\0';
					k->line = key_line;
					k->column = key_col;
				}
				key_line = 0;
			}
			continue;
		}
		switch (c) {
		case '"':
			in_str = true;
			if (depth == 1 && expect_key) {
				key_start = i + 1;
				key_line = line;
				key_col = col;
				expect_key = false;
			}
			break;
		case '{':
		case '[':
			if (depth == 0 && !sc->open_line) {
				sc->open_line = line;
				sc->open_column = col;
			}
			if (++depth > max_depth) {
				*ret_line = line;
				*ret_col = col;
				return -EFBIG;
			}
			expect_key = depth == 1 && c == '{';
			break;
		case '}':
		case ']':
			if (depth)
				depth--;
			break;
		case ',':
			if (depth == 1)
				expect_key = true;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* ---- pass 2: the tree --------------------------------------------------------------------- */

struct ctx {
	const char *file;
	struct vg_arena *arena;
	const struct scan *sc;
	struct vg_diag *diag;
	uint32_t items, max_items;
	int err; /* first error */
};

static void locate(const struct ctx *c, const char *key, uint32_t *line, uint32_t *col)
{
	*line = c->sc->open_line;
	*col = c->sc->open_column;
	for (size_t i = 0; key && i < c->sc->nkeys; i++)
		if (strcmp(c->sc->keys[i].name, key) == 0) {
			*line = c->sc->keys[i].line;
			*col = c->sc->keys[i].column;
			return;
		}
}

/* Record the first error: @key is the top-level key the problem is under (positions), NULL
 * for the record itself. */
static void fail(struct ctx *c, int err, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(struct ctx *c, int err, const char *key, const char *fmt, ...)
{
	if (c->err)
		return;
	c->err = err;
	uint32_t line, col;
	locate(c, key, &line, &col);
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_diag_set(c->diag, err == -EFBIG ? VG_DIAG_LIMIT : err == -ENOMEM ? VG_DIAG_IO
		    : VG_DIAG_SEMANTIC, c->file, line, col, "%s", msg);
}

static bool count_items(struct ctx *c, size_t n, const char *key)
{
	if (n > c->max_items - c->items) {
		fail(c, -EFBIG, key, "osv record has more than %u list items (max_items)",
		     c->max_items);
		return false;
	}
	c->items += (uint32_t)n;
	return true;
}

static const char *dup_str(struct ctx *c, const json_t *s)
{
	const char *r = vg_arena_strndup(c->arena, json_string_value(s), json_string_length(s));
	if (!r)
		fail(c, -ENOMEM, NULL, "out of memory");
	return r;
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "a value";
}

/* An optional string member: NULL when absent or null; an error when another type. */
static const char *opt_string(struct ctx *c, const json_t *obj, const char *member,
			      const char *top, const char *path)
{
	const json_t *v = json_object_get(obj, member);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		fail(c, -EBADMSG, top, "'%s%s%s' is %s, not a string", path, *path ? "." : "",
		     member, json_type_name(v));
		return NULL;
	}
	return dup_str(c, v);
}

/* A required, non-empty string member. */
static const char *req_string(struct ctx *c, const json_t *obj, const char *member,
			      const char *top, const char *path)
{
	const json_t *v = json_object_get(obj, member);
	if (!v || json_is_null(v)) {
		fail(c, -EBADMSG, *path ? top : NULL, "osv record has no '%s%s%s'", path,
		     *path ? "." : "", member);
		return NULL;
	}
	const char *s = opt_string(c, obj, member, top, path);
	if (s && !*s)
		fail(c, -EBADMSG, top, "'%s%s%s' is empty", path, *path ? "." : "", member);
	return s;
}

/* An optional array of strings into *ret and *ret_n. */
static void string_array(struct ctx *c, const json_t *obj, const char *member, const char *top,
			 const char *path, const char ***ret, size_t *ret_n)
{
	*ret = NULL;
	*ret_n = 0;
	const json_t *v = json_object_get(obj, member);
	if (!v || json_is_null(v))
		return;
	if (!json_is_array(v)) {
		fail(c, -EBADMSG, top, "'%s%s%s' is %s, not an array", path, *path ? "." : "",
		     member, json_type_name(v));
		return;
	}
	size_t n = json_array_size(v);
	if (!n || !count_items(c, n, top))
		return;
	const char **a = vg_arena_calloc(c->arena, n, sizeof(*a));
	if (!a) {
		fail(c, -ENOMEM, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < n && !c->err; i++) {
		const json_t *s = json_array_get(v, i);
		if (!json_is_string(s)) {
			fail(c, -EBADMSG, top, "'%s%s%s[%zu]' is %s, not a string", path,
			     *path ? "." : "", member, i, json_type_name(s));
			return;
		}
		a[i] = dup_str(c, s);
	}
	*ret = a;
	*ret_n = n;
}

static void severity_array(struct ctx *c, const json_t *obj, const char *top, const char *path,
			   struct vg_osv_severity **ret, size_t *ret_n)
{
	*ret = NULL;
	*ret_n = 0;
	const json_t *v = json_object_get(obj, "severity");
	if (!v || json_is_null(v))
		return;
	if (!json_is_array(v)) {
		fail(c, -EBADMSG, top, "'%s%sseverity' is %s, not an array", path, *path ? "." : "",
		     json_type_name(v));
		return;
	}
	size_t n = json_array_size(v);
	if (!n || !count_items(c, n, top))
		return;
	struct vg_osv_severity *a = vg_arena_calloc(c->arena, n, sizeof(*a));
	if (!a) {
		fail(c, -ENOMEM, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < n && !c->err; i++) {
		const json_t *s = json_array_get(v, i);
		char sub[128];
		snprintf(sub, sizeof(sub), "%s%sseverity[%zu]", path, *path ? "." : "", i);
		if (!json_is_object(s)) {
			fail(c, -EBADMSG, top, "'%s' is %s, not an object", sub, json_type_name(s));
			return;
		}
		a[i].type = req_string(c, s, "type", top, sub);
		a[i].score = req_string(c, s, "score", top, sub);
	}
	*ret = a;
	*ret_n = n;
}

static void parse_range(struct ctx *c, const json_t *r, const char *path, struct vg_osv_range *ret)
{
	if (!json_is_object(r)) {
		fail(c, -EBADMSG, "affected", "'%s' is %s, not an object", path, json_type_name(r));
		return;
	}
	const char *type = req_string(c, r, "type", "affected", path);
	if (c->err)
		return;
	if (strcmp(type, "SEMVER") == 0)
		ret->type = VG_OSV_RANGE_SEMVER;
	else if (strcmp(type, "ECOSYSTEM") == 0)
		ret->type = VG_OSV_RANGE_ECOSYSTEM;
	else if (strcmp(type, "GIT") == 0)
		ret->type = VG_OSV_RANGE_GIT;
	else {
		fail(c, -EBADMSG, "affected", "'%s.type' is '%.64s', not SEMVER, ECOSYSTEM or GIT",
		     path, type);
		return;
	}
	ret->repo = opt_string(c, r, "repo", "affected", path);
	const json_t *ev = json_object_get(r, "events");
	if (!ev || !json_is_array(ev)) {
		fail(c, -EBADMSG, "affected", ev ? "'%s.events' is not an array"
			  : "'%s' has no 'events'", path);
		return;
	}
	size_t n = json_array_size(ev);
	if (!n) {
		fail(c, -EBADMSG, "affected", "'%s.events' is empty", path);
		return;
	}
	if (!count_items(c, n, "affected"))
		return;
	ret->events = vg_arena_calloc(c->arena, n, sizeof(*ret->events));
	if (!ret->events) {
		fail(c, -ENOMEM, NULL, "out of memory");
		return;
	}
	ret->nevents = n;
	static const char *const kinds[] = {
		[VG_OSV_INTRODUCED] = "introduced",
		[VG_OSV_FIXED] = "fixed",
		[VG_OSV_LAST_AFFECTED] = "last_affected",
		[VG_OSV_LIMIT] = "limit",
	};
	for (size_t i = 0; i < n && !c->err; i++) {
		const json_t *e = json_array_get(ev, i);
		if (!json_is_object(e)) {
			fail(c, -EBADMSG, "affected", "'%s.events[%zu]' is %s, not an object", path, i,
			     json_type_name(e));
			return;
		}
		int found = -1;
		for (int k = 0; k < 4; k++) {
			if (!json_object_get(e, kinds[k]))
				continue;
			if (found >= 0) {
				fail(c, -EBADMSG, "affected",
				     "'%s.events[%zu]' has both '%s' and '%s' (one per event)", path, i,
				     kinds[found], kinds[k]);
				return;
			}
			found = k;
		}
		if (found < 0) {
			fail(c, -EBADMSG, "affected",
			     "'%s.events[%zu]' has none of introduced, fixed, last_affected, limit",
			     path, i);
			return;
		}
		char sub[160];
		snprintf(sub, sizeof(sub), "%s.events[%zu]", path, i);
		ret->events[i].kind = (enum vg_osv_event_kind)found;
		ret->events[i].version = req_string(c, e, kinds[found], "affected", sub);
	}
}

static void parse_affected(struct ctx *c, const json_t *a, size_t ai, struct vg_osv_affected *ret)
{
	char path[64];
	snprintf(path, sizeof(path), "affected[%zu]", ai);
	if (!json_is_object(a)) {
		fail(c, -EBADMSG, "affected", "'%s' is %s, not an object", path, json_type_name(a));
		return;
	}
	const json_t *pkg = json_object_get(a, "package");
	if (pkg && !json_is_null(pkg)) {
		char sub[80];
		snprintf(sub, sizeof(sub), "%s.package", path);
		if (!json_is_object(pkg)) {
			fail(c, -EBADMSG, "affected", "'%s' is %s, not an object", sub,
			     json_type_name(pkg));
			return;
		}
		ret->ecosystem = req_string(c, pkg, "ecosystem", "affected", sub);
		ret->name = req_string(c, pkg, "name", "affected", sub);
		ret->purl = opt_string(c, pkg, "purl", "affected", sub);
	}
	if (c->err)
		return;
	const json_t *ranges = json_object_get(a, "ranges");
	if (ranges && !json_is_null(ranges)) {
		if (!json_is_array(ranges)) {
			fail(c, -EBADMSG, "affected", "'%s.ranges' is %s, not an array", path,
			     json_type_name(ranges));
			return;
		}
		size_t n = json_array_size(ranges);
		if (n) {
			if (!count_items(c, n, "affected"))
				return;
			ret->ranges = vg_arena_calloc(c->arena, n, sizeof(*ret->ranges));
			if (!ret->ranges) {
				fail(c, -ENOMEM, NULL, "out of memory");
				return;
			}
			ret->nranges = n;
			for (size_t i = 0; i < n && !c->err; i++) {
				char sub[96];
				snprintf(sub, sizeof(sub), "%s.ranges[%zu]", path, i);
				parse_range(c, json_array_get(ranges, i), sub, &ret->ranges[i]);
			}
		}
	}
	if (c->err)
		return;
	string_array(c, a, "versions", "affected", path, &ret->versions, &ret->nversions);
	severity_array(c, a, "affected", path, &ret->severity, &ret->nseverity);
}

static void parse_record(struct ctx *c, const json_t *root, struct vg_osv_record *rec)
{
	if (!json_is_object(root)) {
		fail(c, -EBADMSG, NULL, "an osv record must be a JSON object, not %s",
		     json_type_name(root));
		return;
	}
	rec->id = req_string(c, root, "id", "id", "");
	if (c->err)
		return;
	rec->modified = req_string(c, root, "modified", "modified", "");
	if (c->err)
		return;
	if (vg_osv_time_parse(rec->modified, &rec->modified_sec, &rec->modified_nsec) < 0) {
		fail(c, -EBADMSG, "modified", "'modified' is '%.64s', not an RFC 3339 time",
		     rec->modified);
		return;
	}
	rec->withdrawn = opt_string(c, root, "withdrawn", "withdrawn", "");
	rec->summary = opt_string(c, root, "summary", "summary", "");
	rec->details = opt_string(c, root, "details", "details", "");
	string_array(c, root, "aliases", "aliases", "", &rec->aliases, &rec->naliases);
	severity_array(c, root, "severity", "", &rec->severity, &rec->nseverity);
	if (c->err)
		return;
	const json_t *dbs = json_object_get(root, "database_specific");
	if (json_is_object(dbs)) {
		const json_t *s = json_object_get(dbs, "severity");
		if (json_is_string(s))
			rec->db_severity = dup_str(c, s);
	}
	const json_t *refs = json_object_get(root, "references");
	if (json_is_array(refs) && json_array_size(refs) > 0) {
		const json_t *r0 = json_array_get(refs, 0);
		const json_t *u = json_is_object(r0) ? json_object_get(r0, "url") : NULL;
		if (json_is_string(u))
			rec->url = dup_str(c, u);
	}
	const json_t *aff = json_object_get(root, "affected");
	if (!aff || json_is_null(aff) || (json_is_array(aff) && json_array_size(aff) == 0)) {
		if (!rec->withdrawn)
			fail(c, -EBADMSG, aff ? "affected" : NULL,
			     "osv record '%.128s' has no 'affected' packages", rec->id);
		return;
	}
	if (!json_is_array(aff)) {
		fail(c, -EBADMSG, "affected", "'affected' is %s, not an array", json_type_name(aff));
		return;
	}
	size_t n = json_array_size(aff);
	if (!count_items(c, n, "affected"))
		return;
	rec->affected = vg_arena_calloc(c->arena, n, sizeof(*rec->affected));
	if (!rec->affected) {
		fail(c, -ENOMEM, NULL, "out of memory");
		return;
	}
	rec->naffected = n;
	for (size_t i = 0; i < n && !c->err; i++)
		parse_affected(c, json_array_get(aff, i), i, &rec->affected[i]);
}

int vg_osv_parse(const char *data, size_t len, const char *file, const struct vg_osv_limits *lim,
		 struct vg_arena *arena, struct vg_osv_record **ret_rec, struct vg_diag *ret_diag)
{
	struct vg_osv_limits def;
	if (!lim) {
		vg_osv_limits_init(&def);
		lim = &def;
	}
	if (!file)
		file = "-";
	if (len > lim->max_record_size) {
		vg_diag_set(ret_diag, VG_DIAG_LIMIT, file, 0, 0,
			    "osv record is %zu bytes, over the limit of %zu (max_record_size)", len,
			    lim->max_record_size);
		return -EFBIG;
	}
	struct scan sc;
	uint32_t line = 0, col = 0;
	if (prescan(data, len, lim->max_depth, &sc, &line, &col) < 0) {
		vg_diag_set(ret_diag, VG_DIAG_LIMIT, file, line, col,
			    "JSON nested deeper than %u levels (max_depth)", lim->max_depth);
		return -EFBIG;
	}
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (json_error_code(&jerr) == json_error_out_of_memory) {
			vg_diag_set(ret_diag, VG_DIAG_IO, file, 0, 0, "out of memory");
			return -ENOMEM;
		}
		vg_diag_set(ret_diag, VG_DIAG_SYNTAX, file, jerr.line > 0 ? (uint32_t)jerr.line : 0,
			    jerr.column > 0 ? (uint32_t)jerr.column : 0, "invalid JSON: %s",
			    jerr.text);
		return -EBADMSG;
	}
	struct ctx c = {
		.file = file,
		.arena = arena,
		.sc = &sc,
		.diag = ret_diag,
		.max_items = lim->max_items,
	};
	struct vg_osv_record *rec = vg_arena_zalloc(arena, sizeof(*rec));
	if (!rec)
		fail(&c, -ENOMEM, NULL, "out of memory");
	else
		parse_record(&c, root, rec);
	json_decref(root);
	if (c.err)
		return c.err;
	*ret_rec = rec;
	return 0;
}

/* ---- RFC 3339 ----------------------------------------------------------------------------- */

static bool digits(const char *s, int n, int *ret)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int vg_osv_time_parse(const char *s, int64_t *ret_sec, int32_t *ret_nsec)
{
	int y, mo, d, h, mi, se;
	if (!s || strlen(s) < 20)
		return -EINVAL;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &se))
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -EINVAL;
	const char *p = s + 19;
	int32_t nsec = 0;
	if (*p == '.') {
		p++;
		int nd = 0;
		while (isdigit((unsigned char)*p)) {
			if (nd < 9) {
				nsec = nsec * 10 + (*p - '0');
				nd++;
			}
			p++;
		}
		if (nd == 0)
			return -EINVAL;
		for (; nd < 9; nd++)
			nsec *= 10;
	}
	int64_t off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return -EINVAL;
		off = (int64_t)(oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
		p += 6;
	} else {
		return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	int64_t sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	*ret_sec = sec;
	*ret_nsec = nsec;
	return 0;
}

/* ---- evaluation --------------------------------------------------------------------------- */

enum vg_version_scheme vg_osv_range_scheme(enum vg_osv_range_type type, const char *ecosystem)
{
	switch (type) {
	case VG_OSV_RANGE_SEMVER:
		return VG_VERSION_SEMVER;
	case VG_OSV_RANGE_ECOSYSTEM:
		return ecosystem ? vg_version_scheme_for(ecosystem) : VG_VERSION_UNKNOWN;
	case VG_OSV_RANGE_GIT:
	default:
		return VG_VERSION_UNKNOWN;
	}
}

static bool is_zero_introduced(const struct vg_osv_event *e)
{
	return e->kind == VG_OSV_INTRODUCED && strcmp(e->version, "0") == 0;
}

/* Order of two events for the sort: introduced "0" before everything. */
static int event_order(enum vg_version_scheme scheme, const struct vg_osv_event *a,
		       const struct vg_osv_event *b)
{
	bool za = is_zero_introduced(a), zb = is_zero_introduced(b);
	if (za || zb)
		return za && zb ? 0 : za ? -1 : 1;
	int c = 0;
	if (vg_version_compare(scheme, a->version, b->version, &c) < 0)
		return 0;
	return c;
}

bool vg_osv_range_affects(const struct vg_osv_range *r, enum vg_version_scheme scheme,
			  const char *version, const char **ret_fixed)
{
	if (ret_fixed)
		*ret_fixed = NULL;
	if (!r || !version || r->type == VG_OSV_RANGE_GIT || scheme == VG_VERSION_UNKNOWN ||
	    !vg_version_valid(scheme, version))
		return false;
	/*
	 * Walking the sorted events, the last event that applies to @version decides; it is the
	 * greatest applying event in the sort order (ties: the later one in the list, as a stable
	 * sort keeps them). So no sort is needed: one pass finds it.
	 */
	const struct vg_osv_event *best = NULL;
	const struct vg_osv_event *fixed = NULL;
	for (size_t i = 0; i < r->nevents; i++) {
		const struct vg_osv_event *e = &r->events[i];
		if (e->kind == VG_OSV_LIMIT || !e->version)
			continue;
		int c; /* version <=> event */
		if (is_zero_introduced(e))
			c = 1;
		else if (vg_version_compare(scheme, version, e->version, &c) < 0)
			continue;
		bool applies;
		switch (e->kind) {
		case VG_OSV_INTRODUCED:
		case VG_OSV_FIXED:
			applies = c >= 0;
			break;
		case VG_OSV_LAST_AFFECTED:
			applies = c > 0;
			break;
		default:
			applies = false;
			break;
		}
		if (e->kind == VG_OSV_FIXED && c < 0 &&
		    (!fixed || event_order(scheme, e, fixed) < 0))
			fixed = e;
		if (applies && (!best || event_order(scheme, e, best) >= 0))
			best = e;
	}
	bool affected = best && best->kind == VG_OSV_INTRODUCED;
	if (affected && ret_fixed && fixed)
		*ret_fixed = fixed->version;
	return affected;
}

bool vg_osv_versions_contain(const struct vg_osv_affected *a, const char *version)
{
	if (!a || !version)
		return false;
	bool pypi = a->ecosystem && strcmp(a->ecosystem, "PyPI") == 0;
	bool pypi_valid = pypi && vg_version_valid(VG_VERSION_PEP440, version);
	for (size_t i = 0; i < a->nversions; i++) {
		if (strcmp(a->versions[i], version) == 0)
			return true;
		int c;
		if (pypi_valid && vg_version_valid(VG_VERSION_PEP440, a->versions[i]) &&
		    vg_version_compare(VG_VERSION_PEP440, a->versions[i], version, &c) == 0 && c == 0)
			return true;
	}
	return false;
}

size_t vg_osv_base_ecosystem(const char *ecosystem, char *buf, size_t cap)
{
	const char *colon = strchr(ecosystem, ':');
	int n = colon ? snprintf(buf, cap, "%.*s", (int)(colon - ecosystem), ecosystem)
		      : snprintf(buf, cap, "%s", ecosystem);
	return n < 0 ? 0 : (size_t)n;
}

/* ---- severity ----------------------------------------------------------------------------- */

/* 4 for a v4.0 vector, 3 for v3.x, 2 for v2, 0 when not a CVSS severity. */
static int cvss_rank(const struct vg_osv_severity *s)
{
	if (!s->type || !s->score)
		return 0;
	if (strncmp(s->score, "CVSS:4.0/", 9) == 0)
		return 4;
	if (strncmp(s->score, "CVSS:3.1/", 9) == 0 || strncmp(s->score, "CVSS:3.0/", 9) == 0)
		return 3;
	if (strcmp(s->type, "CVSS_V2") == 0)
		return 2;
	return 0;
}

static void consider(const struct vg_osv_severity *arr, size_t n, int *best_rank,
		     const char **best_vec, double *best_score)
{
	for (size_t i = 0; i < n; i++) {
		int rank = cvss_rank(&arr[i]);
		double s;
		if (rank > *best_rank && vg_cvss_score(arr[i].score, &s) == 0) {
			*best_rank = rank;
			*best_vec = arr[i].score;
			*best_score = s;
		}
	}
}

static bool label_severity(const char *label, enum vg_severity *ret)
{
	static const struct {
		const char *name;
		enum vg_severity sev;
	} map[] = {
		{ "critical", VG_SEV_CRITICAL }, { "high", VG_SEV_HIGH },
		{ "moderate", VG_SEV_MEDIUM },   { "medium", VG_SEV_MEDIUM },
		{ "low", VG_SEV_LOW },           { "negligible", VG_SEV_LOW },
	};
	for (size_t i = 0; label && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(label, map[i].name) == 0) {
			*ret = map[i].sev;
			return true;
		}
	return false;
}

void vg_osv_rate(const struct vg_osv_record *rec, struct vg_osv_rating *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->score = -1;
	int rank = 0;
	const char *vec = NULL;
	double score = -1;
	consider(rec->severity, rec->nseverity, &rank, &vec, &score);
	for (size_t i = 0; i < rec->naffected; i++)
		consider(rec->affected[i].severity, rec->affected[i].nseverity, &rank, &vec, &score);
	if (vec) {
		ret->known = true;
		ret->score = score;
		ret->vector = vec;
		ret->severity = vg_cvss_severity(score);
		ret->label = vg_severity_name(ret->severity);
		return;
	}
	enum vg_severity sev;
	if (rec->db_severity && label_severity(rec->db_severity, &sev)) {
		ret->known = true;
		ret->severity = sev;
		ret->label = vg_severity_name(sev);
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < (pass ? rec->naffected : 1); i++) {
			const struct vg_osv_severity *arr = pass ? rec->affected[i].severity
							    : rec->severity;
			size_t n = pass ? rec->affected[i].nseverity : rec->nseverity;
			for (size_t k = 0; k < n; k++)
				if (arr[k].type && strcmp(arr[k].type, "Ubuntu") == 0 &&
				    label_severity(arr[k].score, &sev)) {
					ret->known = true;
					ret->severity = sev;
					ret->label = vg_severity_name(sev);
					return;
				}
		}
	}
}
