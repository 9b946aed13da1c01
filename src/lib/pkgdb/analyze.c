/* SPDX-License-Identifier: Apache-2.0 */
/*
 * analyze.c - what every analyzer shares: emitting packages into the context's inventory,
 * warnings, limits, and the small parsing helpers of pkgdb_internal.h (views, lines, paths,
 * RFC 822 style paragraphs).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

/* ---- limits, emission, warnings ---------------------------------------------------------- */

void vg_pkgdb_limits_init(struct vg_pkgdb_limits *ret_limits)
{
	ret_limits->max_packages = VG_PKGDB_DEFAULT_MAX_PACKAGES;
	ret_limits->max_field = VG_PKGDB_DEFAULT_MAX_FIELD;
	ret_limits->max_depth = VG_PKGDB_DEFAULT_MAX_DEPTH;
	ret_limits->max_archive_depth = VG_PKGDB_DEFAULT_MAX_ARCHIVE_DEPTH;
	ret_limits->max_member = VG_PKGDB_DEFAULT_MAX_MEMBER;
	ret_limits->max_archive_bytes = VG_PKGDB_DEFAULT_MAX_ARCHIVE_BYTES;
	ret_limits->max_archive_entries = VG_PKGDB_DEFAULT_MAX_ARCHIVE_ENTRIES;
	ret_limits->max_warnings = VG_PKGDB_DEFAULT_MAX_WARNINGS;
}

static const struct vg_pkgdb_limits default_limits = {
	.max_packages = VG_PKGDB_DEFAULT_MAX_PACKAGES,
	.max_field = VG_PKGDB_DEFAULT_MAX_FIELD,
	.max_depth = VG_PKGDB_DEFAULT_MAX_DEPTH,
	.max_archive_depth = VG_PKGDB_DEFAULT_MAX_ARCHIVE_DEPTH,
	.max_member = VG_PKGDB_DEFAULT_MAX_MEMBER,
	.max_archive_bytes = VG_PKGDB_DEFAULT_MAX_ARCHIVE_BYTES,
	.max_archive_entries = VG_PKGDB_DEFAULT_MAX_ARCHIVE_ENTRIES,
	.max_warnings = VG_PKGDB_DEFAULT_MAX_WARNINGS,
};

const struct vg_pkgdb_limits *vg_pkgdb_limits(const struct vg_analyze_ctx *ctx)
{
	return ctx && ctx->limits ? ctx->limits : &default_limits;
}

int vg_analyze_emit(struct vg_analyze_ctx *ctx, const struct vg_pkg *p)
{
	if (!ctx || !p || !p->name || !p->version || !p->name[0])
		return -EINVAL;
	const struct vg_pkgdb_limits *lim = vg_pkgdb_limits(ctx);
	if (ctx->emitted >= lim->max_packages) {
		if (ctx->emitted == lim->max_packages) {
			vg_analyze_warn(ctx, 0, "more than %zu packages (max_packages), the rest are skipped",
					lim->max_packages);
			ctx->emitted++;
		}
		return -EFBIG;
	}
	struct vg_pkg q = *p;
	if (ctx->file)
		q.file = ctx->file;
	q.layer = ctx->layer;
	int r = vg_inventory_add(ctx->inv, &q);
	if (r < 0)
		return r;
	ctx->emitted++;
	return 0;
}

void vg_analyze_warn(struct vg_analyze_ctx *ctx, uint32_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!ctx)
		return;
	ctx->warnings++;
	if (!ctx->warn)
		return;
	uint32_t max = vg_pkgdb_limits(ctx)->max_warnings;
	if (ctx->warnings > (size_t)max + 1)
		return;
	if (ctx->warnings == (size_t)max + 1) {
		ctx->warn(ctx->warn_userdata, ctx->file, 0,
			  "too many warnings (max_warnings), further ones are only counted");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* the message quotes bytes from the file: keep control characters out of the sink */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	ctx->warn(ctx->warn_userdata, ctx->file, line, msg);
}

int vg_analyze_buffer(const struct vg_analyzer *a, const char *path, const unsigned char *data,
		      size_t len, struct vg_inventory *inv, size_t *ret_warnings)
{
	struct vg_analyze_ctx ctx;

	if (!a || !path || !inv || (!data && len))
		return -EINVAL;
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.file = path;
	int r = a->analyze(&ctx, path, data ? data : (const unsigned char *)"", len);
	if (r == 0 && ret_warnings)
		*ret_warnings = ctx.warnings;
	return r;
}

static const char *sv_dup(struct vg_arena *a, struct vg_sv s, bool *oom)
{
	if (!s.p || s.n == 0)
		return NULL;
	char *c = vg_arena_strndup(a, s.p, s.n);
	if (!c)
		*oom = true;
	return c;
}

int vg_pkgdb_emit_sv(struct vg_analyze_ctx *ctx, struct vg_arena *a, const struct vg_pkg_sv *p)
{
	struct vg_pkg q;
	bool oom = false;

	memset(&q, 0, sizeof(q));
	q.type = p->type;
	q.name = sv_dup(a, p->name, &oom);
	q.version = sv_dup(a, p->version, &oom);
	q.ecosystem = sv_dup(a, p->ecosystem, &oom);
	q.src_name = sv_dup(a, p->src_name, &oom);
	q.src_version = sv_dup(a, p->src_version, &oom);
	q.arch = sv_dup(a, p->arch, &oom);
	q.licenses = sv_dup(a, p->licenses, &oom);
	q.supplier = sv_dup(a, p->supplier, &oom);
	if (oom)
		return -ENOMEM;
	return vg_analyze_emit(ctx, &q);
}

/* ---- views and lines --------------------------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool vg_sv_ieq(struct vg_sv s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s.p[i]) != lower((unsigned char)lit[i]))
			return false;
	return true;
}

bool vg_sv_starts(struct vg_sv s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n >= n && memcmp(s.p, lit, n) == 0;
}

bool vg_sv_ends(struct vg_sv s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n >= n && memcmp(s.p + s.n - n, lit, n) == 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

struct vg_sv vg_sv_trim(struct vg_sv s)
{
	while (s.n && is_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

bool vg_sv_has_ctl(struct vg_sv s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

bool vg_lines_next(struct vg_lines *it, struct vg_sv *ret_line)
{
	if (it->p >= it->end)
		return false;
	const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	const char *stop = nl ? nl : it->end;
	struct vg_sv l = { it->p, (size_t)(stop - it->p) };
	if (l.n && l.p[l.n - 1] == '\r')
		l.n--;
	it->p = nl ? nl + 1 : it->end;
	it->line++;
	*ret_line = l;
	return true;
}

/* ---- paths --------------------------------------------------------------------------------- */

const char *vg_path_rel(const char *path)
{
	while (*path == '/')
		path++;
	return path;
}

const char *vg_path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

bool vg_path_ends(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && memcmp(path + n - m, suffix, m) == 0;
}

/* ---- paragraphs -------------------------------------------------------------------------- */

static bool is_blank(struct vg_sv l, enum vg_fold fold)
{
	if (fold != VG_FOLD_LINES)
		return l.n == 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.p[i] != ' ' && l.p[i] != '\t')
			return false;
	return true;
}

void vg_para_init(struct vg_para_reader *r, struct vg_analyze_ctx *ctx, const void *data,
		  size_t len, enum vg_fold fold, struct vg_para_field *fields, size_t nfields)
{
	memset(r, 0, sizeof(*r));
	vg_lines_init(&r->it, data, len);
	r->fold = fold;
	r->ctx = ctx;
	size_t max = vg_pkgdb_limits(ctx)->max_field;
	for (size_t i = 0; i < nfields; i++) {
		vg_strbuf_init(&fields[i].value, max);
		fields[i].seen = false;
		fields[i].line = 0;
	}
}

void vg_para_release(struct vg_para_field *fields, size_t nfields)
{
	for (size_t i = 0; i < nfields; i++)
		vg_strbuf_release(&fields[i].value);
}

/* Append to the current field; a value over max_field marks the paragraph bad. */
static int para_append(struct vg_para_reader *r, struct vg_para_field *f, const char *s, size_t n,
		       bool *too_long)
{
	if (*too_long)
		return 0;
	int e = vg_strbuf_append(&f->value, s, n);
	if (e == -EFBIG) {
		vg_analyze_warn(r->ctx, f->line, "field '%s' longer than %zu bytes (max_field)", f->name,
				vg_pkgdb_limits(r->ctx)->max_field);
		*too_long = true;
		r->bad = true;
		return 0;
	}
	return e;
}

int vg_para_next(struct vg_para_reader *r, struct vg_para_field *fields, size_t nfields)
{
	struct vg_sv l;
	struct vg_para_field *cur = NULL; /* the wanted field continuation lines go to */
	bool in_field = false;            /* a field (wanted or not) was started */
	bool too_long = false;
	int e;

	for (size_t i = 0; i < nfields; i++) {
		vg_strbuf_reset(&fields[i].value);
		fields[i].seen = false;
		fields[i].line = 0;
	}
	r->bad = false;
	r->nfields = 0;
	r->start_line = 0;
	/* skip blank lines before the paragraph */
	for (;;) {
		const char *save = r->it.p;
		uint32_t save_line = r->it.line;
		if (!vg_lines_next(&r->it, &l))
			return 0;
		if (!is_blank(l, r->fold)) {
			r->it.p = save;
			r->it.line = save_line;
			break;
		}
	}
	while (vg_lines_next(&r->it, &l)) {
		if (is_blank(l, r->fold))
			break;
		if (r->start_line == 0)
			r->start_line = r->it.line;
		if (l.p[0] == ' ' || l.p[0] == '\t') {
			if (!in_field) {
				vg_analyze_warn(r->ctx, r->it.line, "continuation line outside a field");
				continue;
			}
			if (!cur)
				continue;
			if (r->fold == VG_FOLD_MANIFEST) {
				e = para_append(r, cur, l.p + 1, l.n - 1, &too_long);
			} else {
				struct vg_sv t = vg_sv_trim(l);
				e = para_append(r, cur, "\n", 1, &too_long);
				if (e == 0)
					e = para_append(r, cur, t.p, t.n, &too_long);
			}
			if (e < 0)
				return e;
			continue;
		}
		const char *colon = memchr(l.p, ':', l.n);
		if (!colon || colon == l.p) {
			vg_analyze_warn(r->ctx, r->it.line, "malformed line (no 'field: value')");
			in_field = false;
			cur = NULL;
			continue;
		}
		struct vg_sv key = vg_sv_trim(vg_sv_make(l.p, (size_t)(colon - l.p)));
		struct vg_sv val = vg_sv_make(colon + 1, l.n - (size_t)(colon + 1 - l.p));
		if (r->fold != VG_FOLD_MANIFEST) {
			val = vg_sv_trim(val);
		} else if (val.n && val.p[0] == ' ') {
			val.p++;
			val.n--;
		}
		in_field = true;
		r->nfields++;
		cur = NULL;
		too_long = false;
		for (size_t i = 0; i < nfields; i++) {
			if (!vg_sv_ieq(key, fields[i].name))
				continue;
			cur = &fields[i];
			if (cur->seen) /* repeated field: the last one wins */
				vg_strbuf_reset(&cur->value);
			cur->seen = true;
			cur->line = r->it.line;
			e = para_append(r, cur, val.p, val.n, &too_long);
			if (e < 0)
				return e;
			/* make sure an empty value still has a buffer */
			if (cur->value.len == 0 && (e = vg_strbuf_append(&cur->value, "", 0)) < 0)
				return e;
			break;
		}
	}
	return 1;
}

/* ---- executables ------------------------------------------------------------------------- */

static bool in_bin_dir(const char *rel)
{
	static const char *const dirs[] = { "bin/", "sbin/", "usr/bin/", "usr/sbin/", "usr/local/bin/",
					    "usr/local/sbin/" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		size_t n = strlen(dirs[i]);
		if (strncmp(rel, dirs[i], n) == 0 && !strchr(rel + n, '/') && rel[n])
			return true;
	}
	return false;
}

bool vg_pkgdb_wants_executable(const char *path, uint32_t mode, uint64_t size)
{
	const char *rel = vg_path_rel(path);

	if (size < 64 || size > VG_PKGDB_MAX_EXECUTABLE)
		return false;
	if (strncmp(rel, "proc/", 5) == 0 || strncmp(rel, "sys/", 4) == 0 || strncmp(rel, "dev/", 4) == 0)
		return false;
	return (mode & 0111) != 0 || in_bin_dir(rel) || vg_path_ends(rel, ".exe");
}

bool vg_pkgdb_is_executable(const unsigned char *d, size_t len)
{
	if (len < 4)
		return false;
	if (memcmp(d, "\x7f" "ELF", 4) == 0 || (d[0] == 'M' && d[1] == 'Z'))
		return true;
	static const unsigned char macho[][4] = {
		{ 0xfe, 0xed, 0xfa, 0xce }, { 0xfe, 0xed, 0xfa, 0xcf }, { 0xce, 0xfa, 0xed, 0xfe },
		{ 0xcf, 0xfa, 0xed, 0xfe }, { 0xca, 0xfe, 0xba, 0xbe },
	};
	for (size_t i = 0; i < sizeof(macho) / sizeof(macho[0]); i++)
		if (memcmp(d, macho[i], 4) == 0)
			return true;
	return false;
}
