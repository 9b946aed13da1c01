/* SPDX-License-Identifier: Apache-2.0 */
/*
 * npm.c - npm lockfiles and installed packages.
 *
 *  - package-lock.json / npm-shrinkwrap.json (not inside node_modules): lockfileVersion 2 and
 *    3 are read from the flat "packages" map, version 1 from the nested "dependencies" tree.
 *    In "packages" the root entry "" (the project itself), "link": true entries (workspace
 *    symlinks; their target has its own entry), entries outside node_modules (workspace
 *    sources) and entries without a version are skipped. The name is the "name" field
 *    (aliases) or the key after its last "node_modules/". Dev and optional dependencies are
 *    included (struct vg_pkg has no scope field; filtering them is a policy for the caller).
 *    Version 1 entries whose version is not a registry version (git URLs, file: paths) are
 *    skipped; "npm:real@1.2.3" aliases name the real package.
 *  - node_modules/.package-lock.json (npm >= 7's hidden lockfile): the same "packages" map.
 *  - node_modules/<name>/package.json and node_modules/@scope/<name>/package.json (at any
 *    nesting of node_modules, but not deeper inside a package, so test fixtures and examples
 *    shipped in packages are not taken for installed packages): name, version, license
 *    (a string, {"type": ...}, or a legacy "licenses" array).
 *
 * A lockfile and the installed package.json files describe the same packages twice: both are
 * emitted, each with its own file (the image layer logic drops by file; identical
 * name+version+ecosystem are merged at the end).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "pkgdb/pkgdb_internal.h"
#include "vigil/doc.h"
#include "util/banned.h"

enum npm_kind { NPM_NONE, NPM_LOCK, NPM_HIDDEN_LOCK, NPM_PACKAGE_JSON };

/* Name of the directory component that ends at @end (exclusive) in @rel, as a view. */
static struct vg_sv parent_name(const char *rel, const char *end)
{
	const char *s = end;
	while (s > rel && s[-1] != '/')
		s--;
	return vg_sv_make(s, (size_t)(end - s));
}

static enum npm_kind npm_kind(const char *path)
{
	const char *rel = vg_path_rel(path), *base = vg_path_base(rel);
	bool in_nm = strstr(rel, "node_modules/") == rel || strstr(rel, "/node_modules/") != NULL;

	if (strcmp(base, "package-lock.json") == 0 || strcmp(base, "npm-shrinkwrap.json") == 0)
		return in_nm ? NPM_NONE : NPM_LOCK;
	if (base == rel)
		return NPM_NONE;
	const char *dir_end = base - 1; /* the '/' before base */
	struct vg_sv dir = parent_name(rel, dir_end);
	if (strcmp(base, ".package-lock.json") == 0)
		return vg_sv_eq(dir, "node_modules") ? NPM_HIDDEN_LOCK : NPM_NONE;
	if (strcmp(base, "package.json") != 0 || dir.p == rel)
		return NPM_NONE;
	struct vg_sv up = parent_name(rel, dir.p - 1);
	if (vg_sv_eq(up, "node_modules") && dir.n && dir.p[0] != '@' && dir.p[0] != '.')
		return NPM_PACKAGE_JSON;
	if (up.n > 1 && up.p[0] == '@' && up.p != rel && vg_sv_eq(parent_name(rel, up.p - 1), "node_modules"))
		return NPM_PACKAGE_JSON;
	return NPM_NONE;
}

static bool npm_wants(const char *path, uint32_t mode, uint64_t size)
{
	return npm_kind(path) != NPM_NONE;
}

struct npm {
	struct vg_analyze_ctx *ctx;
	struct vg_arena a;
	size_t max_field;
	uint32_t max_depth;
};

static bool ok_token(struct vg_sv s, size_t max)
{
	return s.n > 0 && s.n <= max && !vg_sv_has_ctl(s) && !memchr(s.p, ' ', s.n);
}

static struct vg_sv node_sv(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_STR ? vg_sv_make(n->text, n->len) : vg_sv_make(NULL, 0);
}

/* license: "MIT", {"type": "MIT"}; legacy "licenses": [{"type": ...}, ...] joined by " OR ". */
static struct vg_sv npm_license(struct npm *n, const struct vg_node *obj)
{
	const struct vg_node *l = vg_node_get(obj, "license");
	struct vg_sv s = node_sv(l);
	if (s.n)
		return s;
	if (l && l->kind == VG_NODE_MAP)
		return node_sv(vg_node_get(l, "type"));
	const struct vg_node *ls = vg_node_get(obj, "licenses");
	if (!ls || ls->kind != VG_NODE_SEQ || ls->count == 0)
		return vg_sv_make(NULL, 0);
	struct vg_strbuf b;
	vg_strbuf_init(&b, n->max_field);
	for (uint32_t i = 0; i < ls->count; i++) {
		const struct vg_node *it = vg_node_at(ls, i);
		struct vg_sv t = node_sv(it->kind == VG_NODE_MAP ? vg_node_get(it, "type") : it);
		if (!t.n)
			continue;
		if ((b.len && vg_strbuf_puts(&b, " OR ") < 0) || vg_strbuf_append(&b, t.p, t.n) < 0)
			break;
	}
	char *c = b.len ? vg_arena_strndup(&n->a, b.buf, b.len) : NULL;
	vg_strbuf_release(&b);
	return c ? vg_sv_make(c, strlen(c)) : vg_sv_make(NULL, 0);
}

static int npm_emit(struct npm *n, struct vg_sv name, struct vg_sv version, struct vg_sv license,
		    uint32_t line)
{
	if (!ok_token(name, n->max_field) || !ok_token(version, n->max_field)) {
		vg_analyze_warn(n->ctx, line, "invalid package name or version");
		return 0;
	}
	struct vg_pkg_sv p;
	memset(&p, 0, sizeof(p));
	p.type = VG_PKG_NPM;
	p.name = name;
	p.version = version;
	p.ecosystem = vg_sv_make("npm", 3);
	if (license.n <= n->max_field && !vg_sv_has_ctl(license))
		p.licenses = license;
	return vg_pkgdb_emit_sv(n->ctx, &n->a, &p);
}

/* lockfileVersion 2/3 and the hidden lockfile: the flat "packages" map. */
static int npm_packages(struct npm *n, const struct vg_node *pk)
{
	static const char nm[] = "node_modules/";
	int e;

	for (uint32_t i = 0; i < pk->count; i++) {
		const struct vg_node *k = pk->pairs[i].key, *v = pk->pairs[i].value;
		struct vg_sv key = node_sv(k);
		if (key.n == 0)
			continue; /* the root project */
		if (v->kind != VG_NODE_MAP) {
			vg_analyze_warn(n->ctx, v->line, "packages entry '%.*s' is not an object",
					(int)(key.n > 200 ? 200 : key.n), key.p);
			continue;
		}
		if (vg_node_is_true(vg_node_get(v, "link")))
			continue;
		const struct vg_node *ver = vg_node_get(v, "version");
		if (!ver)
			continue;
		/* the name after the last "node_modules/" */
		const char *last = NULL;
		for (const char *s = key.p; (size_t)(s - key.p) + sizeof(nm) - 1 <= key.n; s++)
			if (memcmp(s, nm, sizeof(nm) - 1) == 0 && (s == key.p || s[-1] == '/'))
				last = s;
		if (!last)
			continue; /* a workspace source directory, not an installed package */
		const char *after = last + sizeof(nm) - 1;
		struct vg_sv name = vg_sv_make(after, key.n - (size_t)(after - key.p));
		struct vg_sv alias = node_sv(vg_node_get(v, "name"));
		if (alias.n)
			name = alias;
		e = npm_emit(n, name, node_sv(ver), npm_license(n, v), ver->line);
		if (e < 0)
			return e;
	}
	return 0;
}

/* lockfileVersion 1: nested "dependencies". */
static int npm_deps_v1(struct npm *n, const struct vg_node *deps, uint32_t depth)
{
	int e;

	if (depth > n->max_depth) {
		vg_analyze_warn(n->ctx, deps->line, "dependencies nested deeper than %u (max_depth)",
				n->max_depth);
		return -EFBIG;
	}
	for (uint32_t i = 0; i < deps->count; i++) {
		const struct vg_node *k = deps->pairs[i].key, *v = deps->pairs[i].value;
		struct vg_sv name = node_sv(k);
		if (v->kind != VG_NODE_MAP) {
			vg_analyze_warn(n->ctx, v->line, "dependency '%.*s' is not an object",
					(int)(name.n > 200 ? 200 : name.n), name.p);
			continue;
		}
		const struct vg_node *ver = vg_node_get(v, "version");
		struct vg_sv version = node_sv(ver);
		if (vg_sv_starts(version, "npm:")) {
			/* alias: "npm:real-name@1.2.3" (the real name may be @scoped) */
			struct vg_sv rest = vg_sv_make(version.p + 4, version.n - 4);
			const char *at = rest.n > 1 ? memchr(rest.p + 1, '@', rest.n - 1) : NULL;
			if (at) {
				name = vg_sv_make(rest.p, (size_t)(at - rest.p));
				version = vg_sv_make(at + 1, rest.n - (size_t)(at + 1 - rest.p));
			}
		}
		if (version.n && version.p[0] >= '0' && version.p[0] <= '9') {
			e = npm_emit(n, name, version, vg_sv_make(NULL, 0), ver->line);
			if (e < 0)
				return e;
		}
		const struct vg_node *sub = vg_node_get(v, "dependencies");
		if (sub && sub->kind == VG_NODE_MAP && (e = npm_deps_v1(n, sub, depth + 1)) < 0)
			return e;
	}
	return 0;
}

static int npm_analyze(struct vg_analyze_ctx *ctx, const char *path, const unsigned char *data,
		       size_t len)
{
	enum npm_kind kind = npm_kind(path);
	const struct vg_pkgdb_limits *lim = vg_pkgdb_limits(ctx);
	struct vg_docset *set = NULL;
	struct vg_limits dl;
	struct vg_diag diag;
	struct npm n;
	int e = 0;

	if (kind == NPM_NONE)
		kind = NPM_LOCK;
	memset(&n, 0, sizeof(n));
	n.ctx = ctx;
	n.max_field = lim->max_field;
	n.max_depth = lim->max_depth;
	vg_arena_init(&n.a, 4096);
	vg_limits_init(&dl);
	dl.max_file_size = SIZE_MAX;
	dl.max_depth = lim->max_depth * 2 + 4; /* v1: two levels per dependency */
	dl.max_scalar_len = lim->max_member;
	e = vg_docset_parse(path, (const char *)data, len, VG_SYNTAX_JSON, &dl, &set, &diag);
	if (e == -ENOMEM || e == -EINVAL)
		goto out;
	if (e < 0) {
		vg_analyze_warn(ctx, diag.line, "%s", diag.message);
		e = 0;
		goto out;
	}
	const struct vg_node *root = vg_docset_count(set) ? vg_docset_get(set, 0)->root : NULL;
	if (!root || root->kind != VG_NODE_MAP) {
		vg_analyze_warn(ctx, root ? root->line : 0, "not a JSON object");
		goto out;
	}
	if (kind == NPM_PACKAGE_JSON) {
		struct vg_sv name = node_sv(vg_node_get(root, "name"));
		const struct vg_node *ver = vg_node_get(root, "version");
		if (!name.n || !node_sv(ver).n) {
			vg_analyze_warn(ctx, root->line, "package.json without name or version");
			goto out;
		}
		e = npm_emit(&n, name, node_sv(ver), npm_license(&n, root), ver->line);
		goto out;
	}
	const struct vg_node *pk = vg_node_get(root, "packages");
	if (pk && pk->kind == VG_NODE_MAP) {
		e = npm_packages(&n, pk);
		goto out;
	}
	if (pk)
		vg_analyze_warn(ctx, pk->line, "\"packages\" is not an object");
	const struct vg_node *deps = vg_node_get(root, "dependencies");
	if (kind == NPM_LOCK && deps && deps->kind == VG_NODE_MAP)
		e = npm_deps_v1(&n, deps, 0);
	else if (deps)
		vg_analyze_warn(ctx, deps->line, "\"dependencies\" is not an object");
out:
	vg_docset_free(set);
	vg_arena_release(&n.a);
	return vg_pkgdb_ret(e);
}

const struct vg_analyzer vg_analyzer_npm = {
	.name = "npm",
	.type = VG_PKG_NPM,
	.wants = npm_wants,
	.analyze = npm_analyze,
};
