/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cargo.c - Rust: Cargo.lock files and cargo-auditable executables.
 *
 * Cargo.lock is read with a TOML subset parser that knows tables, [[array tables]],
 * key = value with basic/literal strings, arrays (also over several lines), inline tables,
 * bare values and comments. From each [[package]] table: name, version, source (checksum
 * and dependencies are read past). Packages without a source are workspace members (the
 * project's own crates) and are skipped. Crates from the crates.io index
 * ("registry+https://github.com/rust-lang/crates.io-index" or the sparse index) get
 * ecosystem "crates.io"; crates from git or another registry are emitted with no
 * ecosystem (a crates.io advisory does not apply to a crate of the same name elsewhere).
 *
 * cargo-auditable binaries carry a section .dep-v0 (ELF or PE) holding zlib-compressed JSON
 * {"packages": [{"name", "version", "source", "kind", "dependencies", "root"}]}. As
 * osv-scalibr does by default, "build" dependencies are skipped (they do not end up in the
 * binary); the rest, including the root crate, are emitted; source "crates.io" gives
 * ecosystem "crates.io".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pkgdb/elf.h"
#include "pkgdb/pkgdb_internal.h"
#include "vigil/doc.h"
#include "util/banned.h"

static bool cargo_wants(const char *path, uint32_t mode, uint64_t size)
{
	if (strcmp(vg_path_base(path), "Cargo.lock") == 0)
		return true;
	return vg_pkgdb_wants_executable(path, mode, size);
}

static bool ok_token(struct vg_sv s, size_t max)
{
	return s.n > 0 && s.n <= max && !vg_sv_has_ctl(s) && !memchr(s.p, ' ', s.n);
}

static bool crates_io_source(struct vg_sv s)
{
	return vg_sv_eq(s, "registry+https://github.com/rust-lang/crates.io-index") ||
	       vg_sv_eq(s, "sparse+https://index.crates.io/");
}

static int cargo_emit(struct vg_analyze_ctx *ctx, struct vg_arena *a, struct vg_sv name,
		      struct vg_sv version, bool crates_io, uint32_t line)
{
	size_t max = vg_pkgdb_limits(ctx)->max_field;
	if (!ok_token(name, max) || !ok_token(version, max)) {
		vg_analyze_warn(ctx, line, "invalid crate name or version");
		return 0;
	}
	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_CARGO;
	p.name = name;
	p.version = version;
	if (crates_io)
		p.ecosystem = vg_sv_make("crates.io", 9);
	return vg_pkgdb_emit_sv(ctx, a, &p);
}

/* ---- Cargo.lock -------------------------------------------------------------------------- */

struct toml {
	struct vg_analyze_ctx *ctx;
	struct vg_arena a;
	struct vg_lines it;
	struct vg_sv l;       /* the current line */
	size_t pos;           /* position in it */
};

/* Skip blanks and a comment; true if the rest of the line is empty. */
static bool toml_rest_empty(struct toml *t)
{
	while (t->pos < t->l.n && (t->l.p[t->pos] == ' ' || t->l.p[t->pos] == '\t'))
		t->pos++;
	return t->pos >= t->l.n || t->l.p[t->pos] == '#';
}

/* A basic ("...") or literal ('...') string starting at t->pos on the current line. Escapes
 * in basic strings are decoded into the arena. -EBADMSG if unterminated or bad escape. */
static int toml_string(struct toml *t, struct vg_sv *ret)
{
	char q = t->l.p[t->pos];
	size_t start = ++t->pos;
	bool esc = false;

	while (t->pos < t->l.n && t->l.p[t->pos] != q) {
		if (q == '"' && t->l.p[t->pos] == '\\') {
			esc = true;
			t->pos++;
		}
		t->pos++;
	}
	if (t->pos >= t->l.n)
		return -EBADMSG;
	struct vg_sv raw = vg_sv_make(t->l.p + start, t->pos - start);
	t->pos++;
	if (!esc) {
		*ret = raw;
		return 0;
	}
	char *out = vg_arena_alloc(&t->a, raw.n + 1);
	size_t o = 0;
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < raw.n; i++) {
		char c = raw.p[i];
		if (c != '\\') {
			out[o++] = c;
			continue;
		}
		if (++i >= raw.n)
			return -EBADMSG;
		switch (raw.p[i]) {
		case '"': out[o++] = '"'; break;
		case '\\': out[o++] = '\\'; break;
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'r': out[o++] = '\r'; break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		default: return -EBADMSG; /* \u escapes never occur in Cargo.lock names/versions */
		}
	}
	out[o] = '\0';
	*ret = vg_sv_make(out, o);
	return 0;
}

/* Skip an array or inline table that opened at t->pos, over lines if needed. */
static int toml_skip_nested(struct toml *t)
{
	unsigned depth = 0;

	for (;;) {
		while (t->pos < t->l.n) {
			char c = t->l.p[t->pos];
			if (c == '"' || c == '\'') {
				struct vg_sv dummy;
				int e = toml_string(t, &dummy);
				if (e < 0)
					return e;
				continue;
			}
			if (c == '#' && depth > 0) {
				t->pos = t->l.n;
				break;
			}
			t->pos++;
			if (c == '[' || c == '{') {
				if (++depth > 64)
					return -EBADMSG;
			} else if (c == ']' || c == '}') {
				if (depth == 0 || --depth == 0)
					return 0;
			}
		}
		if (!vg_lines_next(&t->it, &t->l))
			return -EBADMSG;
		t->pos = 0;
	}
}

/* Skip a multi-line string opened by """ or ''' at t->pos. */
static int toml_skip_multiline(struct toml *t)
{
	char delim[4] = { t->l.p[t->pos], t->l.p[t->pos], t->l.p[t->pos], '\0' };

	t->pos += 3;
	for (;;) {
		struct vg_sv rest = vg_sv_make(t->l.p + t->pos, t->l.n - t->pos);
		const char *end = rest.n >= 3 ? memmem(rest.p, rest.n, delim, 3) : NULL;
		if (end) {
			t->pos = (size_t)(end - t->l.p) + 3;
			return 0;
		}
		if (!vg_lines_next(&t->it, &t->l))
			return -EBADMSG;
		t->pos = 0;
	}
}

struct crate {
	struct vg_sv name, version, source;
	bool open;
	uint32_t line;
};

static int crate_flush(struct toml *t, struct crate *c)
{
	int e = 0;

	if (!c->open)
		return 0;
	if (!c->name.p || !c->version.p)
		vg_analyze_warn(t->ctx, c->line, "[[package]] without name or version");
	else if (c->source.p) /* no source: a workspace member */
		e = cargo_emit(t->ctx, &t->a, c->name, c->version, crates_io_source(c->source), c->line);
	memset(c, 0, sizeof(*c));
	return e;
}

static int cargo_lock(struct vg_analyze_ctx *ctx, const unsigned char *data, size_t len)
{
	struct toml t;
	struct crate c;
	bool in_package = false;
	int e = 0;

	memset(&t, 0, sizeof(t));
	memset(&c, 0, sizeof(c));
	t.ctx = ctx;
	vg_arena_init(&t.a, 4096);
	vg_lines_init(&t.it, data, len);
	while (vg_lines_next(&t.it, &t.l)) {
		uint32_t line = t.it.line;
		t.pos = 0;
		if (toml_rest_empty(&t))
			continue;
		if (t.l.p[t.pos] == '[') {
			struct vg_sv h = vg_sv_trim(vg_sv_make(t.l.p + t.pos, t.l.n - t.pos));
			const char *hash = memchr(h.p, '#', h.n);
			if (hash)
				h = vg_sv_trim(vg_sv_make(h.p, (size_t)(hash - h.p)));
			if ((e = crate_flush(&t, &c)) < 0)
				goto out;
			in_package = vg_sv_eq(h, "[[package]]");
			if (in_package) {
				c.open = true;
				c.line = line;
			} else if (!vg_sv_ends(h, "]")) {
				vg_analyze_warn(ctx, line, "malformed table header");
			}
			continue;
		}
		/* key = value */
		struct vg_sv key;
		if (t.l.p[t.pos] == '"' || t.l.p[t.pos] == '\'') {
			if ((e = toml_string(&t, &key)) < 0) {
				if (e == -ENOMEM)
					goto out;
				vg_analyze_warn(ctx, line, "malformed quoted key");
				e = 0;
				continue;
			}
		} else {
			size_t s = t.pos;
			while (t.pos < t.l.n && t.l.p[t.pos] != '=' && t.l.p[t.pos] != ' ' &&
			       t.l.p[t.pos] != '\t')
				t.pos++;
			key = vg_sv_make(t.l.p + s, t.pos - s);
		}
		toml_rest_empty(&t);
		if (t.pos >= t.l.n || t.l.p[t.pos] != '=' || key.n == 0) {
			vg_analyze_warn(ctx, line, "malformed line (no 'key = value')");
			continue;
		}
		t.pos++;
		if (toml_rest_empty(&t)) {
			vg_analyze_warn(ctx, line, "key without a value");
			continue;
		}
		char v0 = t.l.p[t.pos];
		struct vg_sv val = { NULL, 0 };
		if ((v0 == '"' || v0 == '\'') && t.l.n - t.pos >= 3 && t.l.p[t.pos + 1] == v0 &&
		    t.l.p[t.pos + 2] == v0) {
			e = toml_skip_multiline(&t);
		} else if (v0 == '"' || v0 == '\'') {
			e = toml_string(&t, &val);
		} else if (v0 == '[' || v0 == '{') {
			e = toml_skip_nested(&t);
		} else {
			while (t.pos < t.l.n && t.l.p[t.pos] != '#')
				t.pos++;
		}
		if (e == -ENOMEM)
			goto out;
		if (e < 0) {
			vg_analyze_warn(ctx, line, "malformed value");
			e = 0;
			continue;
		}
		if (!toml_rest_empty(&t))
			vg_analyze_warn(ctx, t.it.line, "unexpected text after a value");
		if (!in_package || !val.p)
			continue;
		struct vg_sv *dst = vg_sv_eq(key, "name")      ? &c.name
				    : vg_sv_eq(key, "version") ? &c.version
				    : vg_sv_eq(key, "source")  ? &c.source
							       : NULL;
		if (dst)
			*dst = val;
	}
	e = crate_flush(&t, &c);
out:
	vg_arena_release(&t.a);
	return vg_pkgdb_ret(e);
}

/* ---- cargo-auditable --------------------------------------------------------------------- */

static struct vg_sv node_sv(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_STR ? vg_sv_make(n->text, n->len) : vg_sv_make(NULL, 0);
}

int vg_cargo_auditable_json(struct vg_analyze_ctx *ctx, const unsigned char *json, size_t len)
{
	const struct vg_pkgdb_limits *lim = vg_pkgdb_limits(ctx);
	struct vg_docset *set = NULL;
	struct vg_limits dl;
	struct vg_diag diag;
	struct vg_arena a;
	int e;

	vg_arena_init(&a, 4096);
	vg_limits_init(&dl);
	dl.max_file_size = SIZE_MAX;
	dl.max_depth = lim->max_depth;
	dl.max_scalar_len = lim->max_field;
	e = vg_docset_parse("cargo-auditable", (const char *)json, len, VG_SYNTAX_JSON, &dl, &set, &diag);
	if (e == -ENOMEM || e == -EINVAL)
		goto out;
	if (e < 0) {
		vg_analyze_warn(ctx, 0, "cargo-auditable data: %s (JSON line %u)", diag.message, diag.line);
		e = 0;
		goto out;
	}
	const struct vg_node *root = vg_docset_count(set) ? vg_docset_get(set, 0)->root : NULL;
	const struct vg_node *pk = vg_node_get(root, "packages");
	if (!pk || pk->kind != VG_NODE_SEQ) {
		vg_analyze_warn(ctx, 0, "cargo-auditable data without a \"packages\" array");
		goto out;
	}
	for (uint32_t i = 0; i < pk->count; i++) {
		const struct vg_node *p = vg_node_at(pk, i);
		if (p->kind != VG_NODE_MAP) {
			vg_analyze_warn(ctx, 0, "cargo-auditable package %u is not an object", i);
			continue;
		}
		if (vg_node_str_eq(vg_node_get(p, "kind"), "build"))
			continue;
		struct vg_sv name = node_sv(vg_node_get(p, "name")), ver = node_sv(vg_node_get(p, "version"));
		if (!name.n || !ver.n) {
			vg_analyze_warn(ctx, 0, "cargo-auditable package %u without name or version", i);
			continue;
		}
		e = cargo_emit(ctx, &a, name, ver, vg_node_str_eq(vg_node_get(p, "source"), "crates.io"), 0);
		if (e < 0)
			goto out;
	}
out:
	vg_docset_free(set);
	vg_arena_release(&a);
	return vg_pkgdb_ret(e);
}

int vg_cargo_auditable_zlib(struct vg_analyze_ctx *ctx, const unsigned char *z, size_t len)
{
	uint64_t cap = vg_pkgdb_limits(ctx)->max_member;
	unsigned char *out = NULL;
	size_t olen = 0, oalloc = 0;
	z_stream s;
	int e = 0, zr;

	memset(&s, 0, sizeof(s));
	if (inflateInit(&s) != Z_OK)
		return -ENOMEM;
	s.next_in = (Bytef *)(uintptr_t)z;
	do {
		if (olen == oalloc) {
			if (oalloc >= cap) {
				vg_analyze_warn(ctx, 0,
						"cargo-auditable data larger than %llu bytes (max_member)",
						(unsigned long long)cap);
				goto out;
			}
			size_t na = oalloc ? oalloc * 2 : 16384;
			if (na > cap)
				na = (size_t)cap;
			unsigned char *nb = realloc(out, na);
			if (!nb) {
				e = -ENOMEM;
				goto out;
			}
			out = nb;
			oalloc = na;
		}
		/* zlib counts in uInt: feed at most 1 GiB at a time */
		if (s.avail_in == 0 && (size_t)(s.next_in - z) < len) {
			size_t left = len - (size_t)(s.next_in - z);
			s.avail_in = (uInt)(left > (1u << 30) ? (1u << 30) : left);
		}
		s.next_out = out + olen;
		s.avail_out = (uInt)(oalloc - olen);
		zr = inflate(&s, Z_NO_FLUSH);
		olen = oalloc - s.avail_out;
		if (zr == Z_MEM_ERROR) {
			e = -ENOMEM;
			goto out;
		}
		if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && s.avail_out == 0)) {
			vg_analyze_warn(ctx, 0, "cargo-auditable data: bad zlib stream (%s)",
					s.msg ? s.msg : "truncated");
			goto out;
		}
	} while (zr != Z_STREAM_END);
	e = vg_cargo_auditable_json(ctx, out, olen);
out:
	inflateEnd(&s);
	free(out);
	return vg_pkgdb_ret(e);
}

static int cargo_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
			 size_t len)
{
	struct vg_elf elf;
	struct vg_elf_range r;

	if (strcmp(vg_path_base(path), "Cargo.lock") == 0)
		return cargo_lock(ctx, data, len);
	if (!vg_pkgdb_is_executable(data, len))
		return 0;
	if (vg_elf_open(data, len, &elf) == 0) {
		if (!vg_elf_section(&elf, ".dep-v0", &r))
			return 0;
	} else if (!vg_pe_section(data, len, ".dep-v0", &r)) {
		return 0;
	}
	return vg_cargo_auditable_zlib(ctx, data + r.off, (size_t)r.size);
}

const struct vg_analyzer vg_analyzer_cargo = {
	.name = "cargo",
	.type = VG_PKG_CARGO,
	.wants = cargo_wants,
	.analyze = cargo_analyze,
};
