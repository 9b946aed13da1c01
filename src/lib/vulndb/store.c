/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c - the vulnerability database file: its SQLite schema (docs/vulndb.md), where it
 * lives, the transactional importer and the read-only handle.
 *
 * Import: the new database is built in a temporary file next to the target (a copy of the
 * existing database unless @replace), in one transaction with journalling and syncing off,
 * then fsync'ed and renamed over the target. Until that rename the target is untouched, so a
 * failed, interrupted or killed import leaves the previous database as it was.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "util/arena.h"
#include "util/strbuf.h"
#include "vigil/pkg.h"
#include "vulndb/vulndb_internal.h"
#include "util/banned.h"

#define MAX_WALK_DEPTH 64
#define PROGRESS_EVERY 500
#define ARENA_BATCH (4u * 1024u * 1024u)

/* ---- schema ------------------------------------------------------------------------------- */

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS sources(path TEXT PRIMARY KEY, imported TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS records(\n"
	"  id TEXT PRIMARY KEY,\n"
	"  modified TEXT NOT NULL,\n"
	"  summary TEXT,\n"
	"  details TEXT,\n"
	"  aliases TEXT NOT NULL,\n"
	"  severity_vector TEXT,\n"
	"  severity_score REAL,\n"
	"  severity_label TEXT,\n"
	"  url TEXT,\n"
	"  withdrawn TEXT,\n"
	"  json BLOB NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS affected(\n"
	"  record_id TEXT NOT NULL,\n"
	"  ecosystem TEXT NOT NULL,\n"
	"  base_ecosystem TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  ranges TEXT NOT NULL,\n"
	"  versions TEXT NOT NULL);\n";

static const char index_sql[] =
	"CREATE INDEX IF NOT EXISTS affected_package ON affected(base_ecosystem, name);\n"
	"CREATE INDEX IF NOT EXISTS affected_record ON affected(record_id);\n";

/* ---- small helpers -------------------------------------------------------------------------- */

static int sql_err(struct vg_diag *d, sqlite3 *db, const char *file, const char *what)
{
	vg_diag_set(d, VG_DIAG_IO, file, 0, 0, "%s: %s", what, db ? sqlite3_errmsg(db) : "sqlite");
	return -EIO;
}

static void now_rfc3339(char *buf, size_t cap)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	if (!strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) && cap)
		buf[0] = '\0';
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Append @s as a JSON string. */
static int json_put(struct vg_strbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	int r = vg_strbuf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; r == 0 && *p; p++) {
		switch (*p) {
		case '"': r = vg_strbuf_append(b, "\\\"", 2); break;
		case '\\': r = vg_strbuf_append(b, "\\\\", 2); break;
		case '\n': r = vg_strbuf_append(b, "\\n", 2); break;
		case '\r': r = vg_strbuf_append(b, "\\r", 2); break;
		case '\t': r = vg_strbuf_append(b, "\\t", 2); break;
		default:
			if (*p < 0x20) {
				char e[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
				r = vg_strbuf_append(b, e, 6);
			} else {
				r = vg_strbuf_putc(b, (char)*p);
			}
		}
	}
	return r ? r : vg_strbuf_putc(b, '"');
}

static int json_put_array(struct vg_strbuf *b, const char *const *a, size_t n)
{
	int r = vg_strbuf_putc(b, '[');
	for (size_t i = 0; r == 0 && i < n; i++) {
		if (i)
			r = vg_strbuf_putc(b, ',');
		if (r == 0)
			r = json_put(b, a[i]);
	}
	return r ? r : vg_strbuf_putc(b, ']');
}

static int json_put_ranges(struct vg_strbuf *b, const struct vg_osv_affected *a)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	static const char *const types[] = { "SEMVER", "ECOSYSTEM", "GIT" };
	int r = vg_strbuf_putc(b, '[');
	for (size_t i = 0; r == 0 && i < a->nranges; i++) {
		const struct vg_osv_range *rg = &a->ranges[i];
		r = vg_strbuf_printf(b, "%s{\"type\":\"%s\"", i ? "," : "", types[rg->type]);
		if (r == 0 && rg->repo) {
			r = vg_strbuf_puts(b, ",\"repo\":");
			if (r == 0)
				r = json_put(b, rg->repo);
		}
		if (r == 0)
			r = vg_strbuf_puts(b, ",\"events\":[");
		for (size_t k = 0; r == 0 && k < rg->nevents; k++) {
			r = vg_strbuf_printf(b, "%s{\"%s\":", k ? "," : "", kinds[rg->events[k].kind]);
			if (r == 0)
				r = json_put(b, rg->events[k].version);
			if (r == 0)
				r = vg_strbuf_putc(b, '}');
		}
		if (r == 0)
			r = vg_strbuf_puts(b, "]}");
	}
	return r ? r : vg_strbuf_putc(b, ']');
}

/* ---- the importer --------------------------------------------------------------------------- */

enum {
	ST_GET_MODIFIED,
	ST_DELETE_AFFECTED,
	ST_INSERT_RECORD,
	ST_INSERT_AFFECTED,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_GET_MODIFIED] = "SELECT modified FROM records WHERE id = ?1",
	[ST_DELETE_AFFECTED] = "DELETE FROM affected WHERE record_id = ?1",
	[ST_INSERT_RECORD] = ("INSERT OR REPLACE INTO records(id, modified, summary, details, "
			      "aliases, severity_vector, severity_score, severity_label, url, "
			      "withdrawn, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
	[ST_INSERT_AFFECTED] = ("INSERT INTO affected(record_id, ecosystem, base_ecosystem, name, "
				"ranges, versions) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
};

struct importer {
	sqlite3 *db;
	const char *db_path;
	sqlite3_stmt *st[ST_COUNT];
	struct vg_osv_limits lim;
	struct vg_vulndb_import_stats stats;
	uint64_t processed; /* records parsed (stored, skipped or malformed) */
	const struct vg_progress *progress;
	void (*warn)(void *ud, const struct vg_diag *d);
	void *warn_ud;
	const struct vg_vulndb_import_hooks *hooks;
	struct vg_diag *diag;
	struct vg_strbuf sb;    /* scratch for JSON columns */
	struct vg_arena arena;  /* parsed records, released every ARENA_BATCH bytes */
	z_stream zs;            /* deflate state, reset per record */
	unsigned char *zbuf;    /* scratch for the compressed record */
	size_t zcap;
};

static void report_progress(struct importer *im, bool force)
{
	if (im->progress && im->progress->fn && (force || im->processed % PROGRESS_EVERY == 0))
		im->progress->fn(im->progress->userdata, "import", im->processed, 0);
}

static int step_done(struct importer *im, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_err(im->diag, im->db, im->db_path, what);
	return 0;
}

/* -1 when @a is older than @b, 0 same, 1 newer (RFC 3339 times; unparsable sorts oldest). */
static int cmp_modified(int64_t asec, int32_t ansec, const char *b)
{
	int64_t bsec;
	int32_t bnsec;
	if (vg_osv_time_parse(b, &bsec, &bnsec) < 0)
		return 1;
	if (asec != bsec)
		return asec < bsec ? -1 : 1;
	if (ansec != bnsec)
		return ansec < bnsec ? -1 : 1;
	return 0;
}

static int store_record(struct importer *im, const struct vg_osv_record *rec, const char *raw,
			size_t rawlen)
{
	/* the later `modified` wins; a tie keeps what is there */
	sqlite3_stmt *g = im->st[ST_GET_MODIFIED];
	sqlite3_bind_text(g, 1, rec->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(g);
	bool exists = false;
	int newer = 1;
	if (rc == SQLITE_ROW) {
		exists = true;
		newer = cmp_modified(rec->modified_sec, rec->modified_nsec,
				     (const char *)sqlite3_column_text(g, 0));
	}
	sqlite3_reset(g);
	sqlite3_clear_bindings(g);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_err(im->diag, im->db, im->db_path, "cannot look up a record");
	if (newer <= 0) {
		im->stats.skipped++;
		return 0;
	}
	int r = 0;
	if (exists) {
		sqlite3_bind_text(im->st[ST_DELETE_AFFECTED], 1, rec->id, -1, SQLITE_STATIC);
		r = step_done(im, im->st[ST_DELETE_AFFECTED], "cannot delete affected rows");
		if (r < 0)
			return r;
	}

	/* the record row */
	struct vg_osv_rating rating;
	vg_osv_rate(rec, &rating);
	vg_strbuf_reset(&im->sb);
	if (json_put_array(&im->sb, rec->aliases, rec->naliases) < 0)
		goto nomem;
	/* one deflate state for the whole import: compress2() would allocate and clear ~256 KiB
	 * per record */
	uLong bound = deflateBound(&im->zs, (uLong)rawlen);
	if (bound > im->zcap) {
		unsigned char *nb = realloc(im->zbuf, bound);
		if (!nb)
			goto nomem;
		im->zbuf = nb;
		im->zcap = bound;
	}
	if (deflateReset(&im->zs) != Z_OK)
		goto nomem;
	im->zs.next_in = (Bytef *)(uintptr_t)raw;
	im->zs.avail_in = (uInt)rawlen;
	im->zs.next_out = im->zbuf;
	im->zs.avail_out = (uInt)im->zcap;
	if (deflate(&im->zs, Z_FINISH) != Z_STREAM_END)
		goto nomem;
	uLong zlen = im->zs.total_out;
	sqlite3_stmt *ins = im->st[ST_INSERT_RECORD];
	sqlite3_bind_text(ins, 1, rec->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, rec->modified, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, rec->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, rec->details, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, vg_strbuf_str(&im->sb), (int)im->sb.len, SQLITE_STATIC);
	if (rating.vector) {
		sqlite3_bind_text(ins, 6, rating.vector, -1, SQLITE_STATIC);
		sqlite3_bind_double(ins, 7, rating.score);
	}
	if (rating.known)
		sqlite3_bind_text(ins, 8, rating.label, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, rec->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, rec->withdrawn, -1, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 11, im->zbuf, (int)zlen, SQLITE_STATIC);
	r = step_done(im, ins, "cannot insert a record");
	if (r < 0)
		return r;

	/* one row per affected package */
	for (size_t i = 0; i < rec->naffected; i++) {
		const struct vg_osv_affected *a = &rec->affected[i];
		if (!a->ecosystem || !a->name)
			continue; /* GIT-only entries without a package cannot be matched */
		char base[128], norm[512];
		vg_osv_base_ecosystem(a->ecosystem, base, sizeof(base));
		const char *name = a->name;
		if (strcmp(base, "PyPI") == 0 && vg_pypi_normalize(a->name, norm, sizeof(norm)) <
		    sizeof(norm))
			name = norm;
		vg_strbuf_reset(&im->sb);
		if (json_put_ranges(&im->sb, a) < 0)
			goto nomem;
		size_t rlen = im->sb.len;
		if (json_put_array(&im->sb, a->versions, a->nversions) < 0)
			goto nomem;
		const char *s = vg_strbuf_str(&im->sb);
		sqlite3_stmt *ia = im->st[ST_INSERT_AFFECTED];
		sqlite3_bind_text(ia, 1, rec->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ia, 2, a->ecosystem, -1, SQLITE_STATIC);
		sqlite3_bind_text(ia, 3, base, -1, SQLITE_STATIC);
		sqlite3_bind_text(ia, 4, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ia, 5, s, (int)rlen, SQLITE_STATIC);
		sqlite3_bind_text(ia, 6, s + rlen, (int)(im->sb.len - rlen), SQLITE_STATIC);
		r = step_done(im, ia, "cannot insert an affected package");
		if (r < 0)
			return r;
	}
	im->stats.records++;
	return 0;
nomem:
	vg_diag_set(im->diag, VG_DIAG_IO, im->db_path, 0, 0, "out of memory");
	return -ENOMEM;
}

/* One record's bytes: parse, store or count the error. Returns < 0 only for fatal errors. */
static int import_bytes(struct importer *im, const char *name, const char *data, size_t len)
{
	struct vg_osv_record *rec = NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	int r = vg_osv_parse(data, len, name, &im->lim, &im->arena, &rec, &d);
	im->processed++;
	if (r == -ENOMEM) {
		vg_diag_set(im->diag, VG_DIAG_IO, name, 0, 0, "out of memory");
		return r;
	}
	if (r < 0) {
		im->stats.errors++;
		if (im->warn)
			im->warn(im->warn_ud, &d);
		r = 0;
	} else {
		r = store_record(im, rec, data, len);
	}
	/* parsed records are not needed once stored: free them in batches, not one by one */
	if (im->arena.total > ARENA_BATCH) {
		vg_arena_release(&im->arena);
		vg_arena_init(&im->arena, 256 * 1024);
	}
	if (r == 0 && im->hooks && im->hooks->after_record)
		r = im->hooks->after_record(im->hooks->ud, im->processed);
	if (r < 0 && im->diag->code == VG_DIAG_NONE)
		vg_diag_set(im->diag, VG_DIAG_IO, name, 0, 0, "import aborted: %s", strerror(-r));
	report_progress(im, false);
	return r;
}

static int too_big(struct importer *im, const char *name, uint64_t size)
{
	struct vg_diag d;
	vg_diag_set(&d, VG_DIAG_LIMIT, name, 0, 0,
		    "osv record is %llu bytes, over the limit of %zu (max_record_size)",
		    (unsigned long long)size, im->lim.max_record_size);
	im->processed++;
	im->stats.errors++;
	if (im->warn)
		im->warn(im->warn_ud, &d);
	report_progress(im, false);
	return 0;
}

static int import_json_file(struct importer *im, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot open: %s", strerror(e));
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot stat: %s", strerror(e));
		return -e;
	}
	im->stats.files++;
	if ((uint64_t)st.st_size > im->lim.max_record_size) {
		close(fd);
		return too_big(im, path, (uint64_t)st.st_size);
	}
	size_t len = (size_t)st.st_size;
	char *buf = malloc(len ? len : 1);
	if (!buf) {
		close(fd);
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "out of memory");
		return -ENOMEM;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			close(fd);
			vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot read: %s", strerror(e));
			return -e;
		}
		if (n == 0)
			break; /* shrank under us: parse what is there */
		got += (size_t)n;
	}
	close(fd);
	int r = import_bytes(im, path, buf, got);
	free(buf);
	return r;
}

static int import_zip(struct importer *im, const char *path)
{
	struct archive *a = archive_read_new();
	if (!a) {
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "out of memory");
		return -ENOMEM;
	}
	archive_read_support_format_zip(a);
	int r = 0;
	char *buf = NULL;
	char *name = NULL;
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		int e = archive_errno(a);
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot open zip archive: %s",
			    archive_error_string(a) ? archive_error_string(a) : "unknown error");
		r = e > 0 ? -e : -EIO;
		goto out;
	}
	im->stats.files++;
	uint64_t entries = 0;
	size_t cap = 0;
	for (;;) {
		struct archive_entry *ent;
		int ar = archive_read_next_header(a, &ent);
		if (ar == ARCHIVE_EOF)
			break;
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot read zip archive: %s",
				    archive_error_string(a) ? archive_error_string(a)
							    : "unknown error");
			r = -EBADMSG;
			goto out;
		}
		if (++entries > VG_OSV_DEFAULT_MAX_ZIP_ENTRIES) {
			vg_diag_set(im->diag, VG_DIAG_LIMIT, path, 0, 0,
				    "zip archive has more than %u entries (max_zip_entries)",
				    VG_OSV_DEFAULT_MAX_ZIP_ENTRIES);
			r = -EFBIG;
			goto out;
		}
		const char *ename = archive_entry_pathname(ent);
		if (archive_entry_filetype(ent) != AE_IFREG || !ename || !has_suffix(ename, ".json"))
			continue;
		free(name);
		size_t nlen = strlen(path) + strlen(ename) + 3;
		name = malloc(nlen);
		if (!name) {
			r = -ENOMEM;
			vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "out of memory");
			goto out;
		}
		snprintf(name, nlen, "%s!/%s", path, ename);
		if (archive_entry_size_is_set(ent) &&
		    (uint64_t)archive_entry_size(ent) > im->lim.max_record_size) {
			r = too_big(im, name, (uint64_t)archive_entry_size(ent));
			if (r < 0)
				goto out;
			continue;
		}
		size_t len = 0;
		bool big = false;
		for (;;) {
			if (len == cap) {
				size_t ncap = cap ? cap * 2 : 256 * 1024;
				char *nb = realloc(buf, ncap);
				if (!nb) {
					r = -ENOMEM;
					vg_diag_set(im->diag, VG_DIAG_IO, name, 0, 0, "out of memory");
					goto out;
				}
				buf = nb;
				cap = ncap;
			}
			la_ssize_t n = archive_read_data(a, buf + len, cap - len);
			if (n < 0) {
				vg_diag_set(im->diag, VG_DIAG_IO, name, 0, 0, "cannot read: %s",
					    archive_error_string(a) ? archive_error_string(a)
								    : "unknown error");
				r = -EBADMSG;
				goto out;
			}
			if (n == 0)
				break;
			len += (size_t)n;
			if (len > im->lim.max_record_size) {
				big = true;
				break;
			}
		}
		if (big)
			r = too_big(im, name, len);
		else
			r = import_bytes(im, name, buf, len);
		if (r < 0)
			goto out;
	}
out:
	free(buf);
	free(name);
	archive_read_free(a);
	return r;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_path(struct importer *im, const char *path, bool top, unsigned depth);

static int import_dir(struct importer *im, const char *path, unsigned depth)
{
	if (depth > MAX_WALK_DEPTH) {
		vg_diag_set(im->diag, VG_DIAG_LIMIT, path, 0, 0,
			    "directories nested deeper than %u levels", MAX_WALK_DEPTH);
		return -EFBIG;
	}
	DIR *d = opendir(path);
	if (!d) {
		int e = errno;
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot open directory: %s",
			    strerror(e));
		return -e;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int r = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* ".", ".." and hidden files */
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			char **nn = realloc(names, ncap * sizeof(*nn));
			if (!nn) {
				r = -ENOMEM;
				break;
			}
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (r < 0)
		vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "out of memory");
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; r == 0 && i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]) + 2;
		char *child = malloc(len);
		if (!child) {
			r = -ENOMEM;
			vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "out of memory");
			break;
		}
		bool slash = path[0] && path[strlen(path) - 1] == '/';
		snprintf(child, len, "%s%s%s", path, slash ? "" : "/", names[i]);
		r = import_path(im, child, false, depth + 1);
		free(child);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

static int import_path(struct importer *im, const char *path, bool top, unsigned depth)
{
	struct stat st;
	if (!top) {
		/* inside a walk: symlinks to files are followed, to directories not (no loops) */
		if (lstat(path, &st) < 0)
			goto stat_err;
		if (S_ISLNK(st.st_mode)) {
			if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
				return 0;
		}
	} else if (stat(path, &st) < 0) {
		goto stat_err;
	}
	if (S_ISDIR(st.st_mode))
		return import_dir(im, path, depth);
	if (!S_ISREG(st.st_mode)) {
		if (top) {
			vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0,
				    "not a regular file or directory");
			return -EINVAL;
		}
		return 0;
	}
	if (has_suffix(path, ".zip"))
		return import_zip(im, path);
	if (top || has_suffix(path, ".json"))
		return import_json_file(im, path);
	return 0;
stat_err:;
	int e = errno;
	vg_diag_set(im->diag, VG_DIAG_IO, path, 0, 0, "cannot read: %s", strerror(e));
	return -e;
}

/* ---- meta and finishing ------------------------------------------------------------------- */

static int exec_sql(sqlite3 *db, const char *sql, const char *file, struct vg_diag *d)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		vg_diag_set(d, VG_DIAG_IO, file, 0, 0, "database error: %s",
			    err ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		return -EIO;
	}
	return 0;
}

static int set_meta(sqlite3 *db, const char *key, const char *value, const char *file,
		    struct vg_diag *d)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1,
			       &st, NULL) != SQLITE_OK)
		return sql_err(d, db, file, "cannot write meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_err(d, db, file, "cannot write meta");
}

static int finish_meta(struct importer *im, const char *const *paths, size_t npaths,
		       const char *now)
{
	sqlite3 *db = im->db;
	int r = set_meta(db, "format", VG_VULNDB_FORMAT, im->db_path, im->diag);
	if (r == 0)
		r = set_meta(db, "schema_version", VG_VULNDB_SCHEMA_VERSION, im->db_path, im->diag);
	if (r == 0)
		r = set_meta(db, "built", now, im->db_path, im->diag);
	if (r == 0)
		r = set_meta(db, "vigil_version", vg_version(), im->db_path, im->diag);
	if (r == 0)
		r = set_meta(db, "json_encoding", "zlib", im->db_path, im->diag);
	if (r < 0)
		return r;

	/* sources: the absolute paths imported */
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO sources(path, imported) VALUES (?1, ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_err(im->diag, db, im->db_path, "cannot write sources");
	for (size_t i = 0; i < npaths; i++) {
		char *abs = realpath(paths[i], NULL);
		sqlite3_bind_text(st, 1, abs ? abs : paths[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		free(abs);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return sql_err(im->diag, db, im->db_path, "cannot write sources");
		}
	}
	sqlite3_finalize(st);

	/* counts, kept in meta so that info is instant on big databases */
	r = exec_sql(db, index_sql, im->db_path, im->diag);
	if (r < 0)
		return r;
	char num[32];
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM records", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sql_err(im->diag, db, im->db_path, "cannot count records");
	}
	snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	r = set_meta(db, "records", num, im->db_path, im->diag);
	if (r < 0)
		return r;
	struct vg_strbuf sb;
	vg_strbuf_init(&sb, 0);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT base_ecosystem, COUNT(DISTINCT record_id) FROM affected "
			       "GROUP BY base_ecosystem ORDER BY base_ecosystem", -1, &st,
			       NULL) != SQLITE_OK) {
		vg_strbuf_release(&sb);
		return sql_err(im->diag, db, im->db_path, "cannot count ecosystems");
	}
	r = vg_strbuf_putc(&sb, '{');
	int rc, k = 0;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k++)
			r = vg_strbuf_putc(&sb, ',');
		if (r == 0)
			r = json_put(&sb, (const char *)sqlite3_column_text(st, 0));
		if (r == 0)
			r = vg_strbuf_printf(&sb, ":%lld", (long long)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	if (r == 0)
		r = vg_strbuf_putc(&sb, '}');
	if (r < 0) {
		vg_strbuf_release(&sb);
		vg_diag_set(im->diag, VG_DIAG_IO, im->db_path, 0, 0, "out of memory");
		return -ENOMEM;
	}
	r = set_meta(db, "ecosystems", vg_strbuf_str(&sb), im->db_path, im->diag);
	vg_strbuf_release(&sb);
	return r;
}

/* Whether @path holds a vigil database (checked read-only). 0, -EBADMSG or -errno. */
static int check_existing(const char *path, struct vg_diag *d)
{
	struct vg_vulndb *db = NULL;
	struct vg_diag tmp;
	int r = vg_vulndb_open(path, &db, &tmp);
	vg_vulndb_close(db);
	if (r == -EBADMSG)
		vg_diag_set(d, VG_DIAG_SEMANTIC, path, 0, 0,
			    "'%s' exists and is not a vigil vulnerability database (schema %s); "
			    "not overwriting it", path, VG_VULNDB_SCHEMA_VERSION);
	else if (r < 0)
		*d = tmp;
	return r;
}

static int copy_file(const char *from, int to_fd, struct vg_diag *d)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		int e = errno;
		vg_diag_set(d, VG_DIAG_IO, from, 0, 0, "cannot open: %s", strerror(e));
		return -e;
	}
	char buf[1 << 16];
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(in);
			vg_diag_set(d, VG_DIAG_IO, from, 0, 0, "cannot read: %s", strerror(e));
			return -e;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(to_fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				int e = errno;
				close(in);
				vg_diag_set(d, VG_DIAG_IO, from, 0, 0, "cannot copy: %s",
					    strerror(e));
				return -e;
			}
			off += w;
		}
	}
	close(in);
	return 0;
}

static int mkdir_parent(const char *path, struct vg_diag *d)
{
	char *dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	char *slash = strrchr(dir, '/');
	int r = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		/* create each missing component (like mkdir -p) */
		for (char *p = dir + 1; r == 0; p++) {
			if (*p == '/' || *p == '\0') {
				char c = *p;
				*p = '\0';
				if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
					int e = errno;
					vg_diag_set(d, VG_DIAG_IO, dir, 0, 0,
						    "cannot create directory: %s", strerror(e));
					r = -e;
				}
				*p = c;
				if (!c)
					break;
			}
		}
	}
	free(dir);
	return r;
}

static int fsync_dir_of(const char *path)
{
	char *dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	char *slash = strrchr(dir, '/');
	const char *dname = ".";
	if (slash == dir)
		dname = "/";
	else if (slash) {
		*slash = '\0';
		dname = dir;
	}
	int fd = open(dname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;
	if (fd >= 0) {
		if (fsync(fd) < 0)
			r = -errno;
		close(fd);
	}
	free(dir);
	return r;
}

int vg_vulndb_import_ex(const char *db_path, const char *const *paths, size_t npaths, bool replace,
			const struct vg_progress *progress,
			void (*warn)(void *ud, const struct vg_diag *d), void *warn_ud,
			const struct vg_vulndb_import_hooks *hooks,
			struct vg_vulndb_import_stats *ret_stats, struct vg_diag *ret_diag)
{
	struct vg_diag dummy;
	if (!ret_diag)
		ret_diag = &dummy;
	vg_diag_clear(ret_diag);
	if (!db_path || !*db_path || (npaths && !paths)) {
		vg_diag_set(ret_diag, VG_DIAG_USAGE, NULL, 0, 0, "no database path");
		return -EINVAL;
	}
	struct importer im = {
		.db_path = db_path,
		.progress = progress,
		.warn = warn,
		.warn_ud = warn_ud,
		.hooks = hooks,
		.diag = ret_diag,
	};
	vg_osv_limits_init(&im.lim);
	vg_strbuf_init(&im.sb, 0);
	vg_arena_init(&im.arena, 256 * 1024);
	if (deflateInit(&im.zs, 1) != Z_OK) { /* level 1: ~4% larger output than 6, much faster */
		vg_diag_set(ret_diag, VG_DIAG_IO, db_path, 0, 0, "out of memory");
		return -ENOMEM;
	}
	char *tmp = NULL;
	int fd = -1, r;
	mode_t mode = 0644;

	struct stat st;
	bool exists = stat(db_path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
	if (exists) {
		mode = st.st_mode & 0777;
		r = check_existing(db_path, ret_diag);
		if (r < 0)
			goto fail;
	}
	r = mkdir_parent(db_path, ret_diag);
	if (r < 0)
		goto fail;
	size_t tlen = strlen(db_path) + 16;
	tmp = malloc(tlen);
	if (!tmp) {
		r = -ENOMEM;
		goto fail;
	}
	snprintf(tmp, tlen, "%s.tmp-XXXXXX", db_path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		vg_diag_set(ret_diag, VG_DIAG_IO, tmp, 0, 0, "cannot create: %s", strerror(-r));
		free(tmp);
		tmp = NULL;
		goto fail;
	}
	if (exists && !replace) {
		r = copy_file(db_path, fd, ret_diag);
		if (r < 0)
			goto fail;
	}

	if (sqlite3_open_v2(tmp, &im.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		r = sql_err(ret_diag, im.db, tmp, "cannot open the new database");
		goto fail;
	}
	/* nothing here needs a journal or syncing: the file only becomes the database by the
	 * final rename, after an explicit fsync */
	r = exec_sql(im.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
			    "PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=MEMORY; "
			    "PRAGMA cache_size=-65536; BEGIN;", tmp, ret_diag);
	if (r == 0)
		r = exec_sql(im.db, schema_sql, tmp, ret_diag);
	if (r < 0)
		goto fail;
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(im.db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &im.st[i],
				       NULL) != SQLITE_OK) {
			r = sql_err(ret_diag, im.db, tmp, "cannot prepare a statement");
			goto fail;
		}
	report_progress(&im, true);
	for (size_t i = 0; i < npaths; i++) {
		r = import_path(&im, paths[i], true, 0);
		if (r < 0)
			goto fail;
	}
	report_progress(&im, true);
	char now[32];
	now_rfc3339(now, sizeof(now));
	r = finish_meta(&im, paths, npaths, now);
	if (r < 0)
		goto fail;
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(im.st[i]);
		im.st[i] = NULL;
	}
	r = exec_sql(im.db, "COMMIT;", tmp, ret_diag);
	if (r < 0)
		goto fail;
	if (sqlite3_close(im.db) != SQLITE_OK) {
		r = sql_err(ret_diag, im.db, tmp, "cannot close the new database");
		im.db = NULL;
		goto fail;
	}
	im.db = NULL;
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		r = -errno;
		vg_diag_set(ret_diag, VG_DIAG_IO, tmp, 0, 0, "cannot sync: %s", strerror(-r));
		goto fail;
	}
	if (rename(tmp, db_path) < 0) {
		r = -errno;
		vg_diag_set(ret_diag, VG_DIAG_IO, db_path, 0, 0, "cannot replace: %s",
			    strerror(-r));
		goto fail;
	}
	(void)fsync_dir_of(db_path);
	close(fd);
	free(tmp);
	vg_strbuf_release(&im.sb);
	free(im.zbuf);
	deflateEnd(&im.zs);
	vg_arena_release(&im.arena);
	if (ret_stats)
		*ret_stats = im.stats;
	return 0;
fail:
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(im.st[i]);
	if (im.db)
		sqlite3_close(im.db);
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	vg_strbuf_release(&im.sb);
	free(im.zbuf);
	deflateEnd(&im.zs);
	vg_arena_release(&im.arena);
	if (r == -ENOMEM && ret_diag->code == VG_DIAG_NONE)
		vg_diag_set(ret_diag, VG_DIAG_IO, db_path, 0, 0, "out of memory");
	return r;
}

int vg_vulndb_import(const char *db_path, const char *const *paths, size_t npaths, bool replace,
		     const struct vg_progress *progress,
		     void (*warn)(void *ud, const struct vg_diag *d), void *warn_ud,
		     struct vg_vulndb_import_stats *ret_stats, struct vg_diag *ret_diag)
{
	return vg_vulndb_import_ex(db_path, paths, npaths, replace, progress, warn, warn_ud, NULL,
				   ret_stats, ret_diag);
}

/* ---- location ------------------------------------------------------------------------------- */

static bool is_file(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

size_t vg_vulndb_default_path(const char *explicit_path, bool for_write, char *buf, size_t cap)
{
	int n;
	if (explicit_path && *explicit_path) {
		n = snprintf(buf, cap, "%s", explicit_path);
		return n < 0 ? 0 : (size_t)n;
	}
	const char *env = getenv("VIGIL_DB");
	if (env && *env) {
		n = snprintf(buf, cap, "%s", env);
		return n < 0 ? 0 : (size_t)n;
	}
	/* the user's database: $XDG_DATA_HOME (absolute only, per the XDG spec) or ~/.local/share */
	char user[PATH_MAX];
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	user[0] = '\0';
	if (xdg && xdg[0] == '/')
		snprintf(user, sizeof(user), "%s/vigil/vulndb.sqlite", xdg);
	else if (home && *home)
		snprintf(user, sizeof(user), "%s/.local/share/vigil/vulndb.sqlite", home);
	if (for_write || is_file(user)) {
		n = snprintf(buf, cap, "%s", user);
		return n < 0 ? 0 : (size_t)n;
	}
	/* the bundled database: next to the executable, then the installed data directory */
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			char cand[PATH_MAX + 32];
			snprintf(cand, sizeof(cand), "%.*s/vulndb.sqlite", (int)(slash - exe), exe);
			if (is_file(cand)) {
				n = snprintf(buf, cap, "%s", cand);
				return n < 0 ? 0 : (size_t)n;
			}
		}
	}
#ifdef VIGIL_DATADIR
	if (is_file(VIGIL_DATADIR "/vigil/vulndb.sqlite")) {
		n = snprintf(buf, cap, "%s", VIGIL_DATADIR "/vigil/vulndb.sqlite");
		return n < 0 ? 0 : (size_t)n;
	}
#endif
	/* nothing exists: name the user's path, so that errors point where a database belongs */
	n = snprintf(buf, cap, "%s", user);
	return n < 0 ? 0 : (size_t)n;
}

/* ---- the read-only handle ------------------------------------------------------------------ */

struct vg_vulndb {
	sqlite3 *db;
	char *path;
	struct vg_arena arena; /* info */
	struct vg_vulndb_info *info;
};

struct sqlite3 *vg_vulndb_sqlite(struct vg_vulndb *db)
{
	return db ? db->db : NULL;
}

static char *meta_get(sqlite3 *db, struct vg_arena *a, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = vg_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int vg_vulndb_open(const char *path, struct vg_vulndb **ret_db, struct vg_diag *ret_diag)
{
	vg_diag_clear(ret_diag);
	if (!path || !*path) {
		vg_diag_set(ret_diag, VG_DIAG_IO, NULL, 0, 0, "no vulnerability database path");
		return -ENOENT;
	}
	struct stat st;
	if (stat(path, &st) < 0) {
		int e = errno;
		vg_diag_set(ret_diag, VG_DIAG_IO, path, 0, 0,
			    e == ENOENT ? "no vulnerability database here (build one with 'vigil "
					  "db import')" : "cannot open: %s", strerror(e));
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		vg_diag_set(ret_diag, VG_DIAG_IO, path, 0, 0, "not a regular file");
		return -EBADMSG;
	}
	struct vg_vulndb *db = calloc(1, sizeof(*db));
	if (!db)
		return -ENOMEM;
	vg_arena_init(&db->arena, 4096);
	db->path = strdup(path);
	int r = -ENOMEM;
	if (!db->path)
		goto fail;
	if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		r = sql_err(ret_diag, db->db, path, "cannot open the vulnerability database");
		goto fail;
	}
	const char *fmt = meta_get(db->db, &db->arena, "format");
	const char *ver = meta_get(db->db, &db->arena, "schema_version");
	if (!fmt || strcmp(fmt, VG_VULNDB_FORMAT) != 0) {
		vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, path, 0, 0,
			    "not a vigil vulnerability database");
		r = -EBADMSG;
		goto fail;
	}
	if (!ver || strcmp(ver, VG_VULNDB_SCHEMA_VERSION) != 0) {
		vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, path, 0, 0,
			    "vulnerability database schema version '%s' is not supported (this vigil "
			    "reads version %s; re-import with --replace)", ver ? ver : "?",
			    VG_VULNDB_SCHEMA_VERSION);
		r = -EBADMSG;
		goto fail;
	}
	*ret_db = db;
	return 0;
fail:
	vg_vulndb_close(db);
	return r;
}

void vg_vulndb_close(struct vg_vulndb *db)
{
	if (!db)
		return;
	if (db->db)
		sqlite3_close(db->db);
	vg_arena_release(&db->arena);
	free(db->path);
	free(db);
}

int vg_vulndb_info(struct vg_vulndb *db, const struct vg_vulndb_info **ret_info)
{
	if (!db || !ret_info)
		return -EINVAL;
	if (db->info) {
		*ret_info = db->info;
		return 0;
	}
	struct vg_arena *a = &db->arena;
	struct vg_vulndb_info *info = vg_arena_zalloc(a, sizeof(*info));
	if (!info)
		return -ENOMEM;
	info->path = vg_arena_strdup(a, db->path);
	info->schema_version = meta_get(db->db, a, "schema_version");
	info->built = meta_get(db->db, a, "built");
	const char *rec = meta_get(db->db, a, "records");
	info->records = rec ? strtoull(rec, NULL, 10) : 0;

	const char *eco = meta_get(db->db, a, "ecosystems");
	json_t *j = eco ? json_loads(eco, 0, NULL) : NULL;
	if (json_is_object(j) && json_object_size(j)) {
		size_t n = json_object_size(j);
		struct vg_kv *kv = vg_arena_calloc(a, n, sizeof(*kv));
		if (!kv) {
			json_decref(j);
			return -ENOMEM;
		}
		const char *key;
		json_t *val;
		size_t k = 0;
		json_object_foreach(j, key, val)
		{
			kv[k].key = vg_arena_strdup(a, key);
			kv[k].value = vg_arena_printf(a, "%lld", (long long)json_integer_value(val));
			if (!kv[k].key || !kv[k].value) {
				json_decref(j);
				return -ENOMEM;
			}
			k++;
		}
		info->ecosystems = kv;
		info->necosystems = k;
	}
	json_decref(j);

	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->db, "SELECT path FROM sources ORDER BY path", -1, &st, NULL) ==
	    SQLITE_OK) {
		size_t cap = 0, n = 0;
		const char **list = NULL;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 8;
				const char **nl = vg_arena_calloc(a, ncap, sizeof(*nl));
				if (!nl) {
					sqlite3_finalize(st);
					return -ENOMEM;
				}
				if (n)
					memcpy(nl, list, n * sizeof(*nl));
				list = nl;
				cap = ncap;
			}
			list[n] = vg_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
			if (!list[n]) {
				sqlite3_finalize(st);
				return -ENOMEM;
			}
			n++;
		}
		sqlite3_finalize(st);
		info->sources = list;
		info->nsources = n;
	}
	db->info = info;
	*ret_info = info;
	return 0;
}
