/* SPDX-License-Identifier: Apache-2.0 */
/*
 * purl.c - decoding package URLs (package-url/purl-spec, "How to parse a purl string"):
 *
 *   pkg:type/namespace/name@version?qualifiers#subpath
 *
 * The subpath is split off the right at '#', the qualifiers at '?', the version at the last
 * '@' after the last '/' (so an unencoded npm scope "@types/node" is not taken for a version),
 * the name is the last segment and the namespace the segments before it. Components are
 * percent-decoded; a bad escape or a decoded NUL is an error. Type-specific normalisation
 * (lower-casing PyPI names ...) is not applied: callers get the strings as written.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "sbom/sbom_internal.h"
#include "util/banned.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s+len) into the arena. */
static int decode(struct vg_arena *a, const char *s, size_t len, const char **ret,
		  const char **ret_why)
{
	char *o = vg_arena_alloc(a, len + 1);
	if (!o)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '%') {
			o[n++] = s[i];
			continue;
		}
		if (len - i < 3) {
			*ret_why = "truncated percent-encoding";
			return -EBADMSG;
		}
		int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
		if (hi < 0 || lo < 0) {
			*ret_why = "invalid percent-encoding";
			return -EBADMSG;
		}
		if (hi == 0 && lo == 0) {
			*ret_why = "percent-encoded NUL";
			return -EBADMSG;
		}
		o[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	o[n] = '\0';
	*ret = o;
	return 0;
}

static const char *rfind(const char *b, const char *e, char c)
{
	for (const char *p = e; p > b; p--)
		if (p[-1] == c)
			return p - 1;
	return NULL;
}

int vg_sbom_purl_parse(struct vg_arena *a, const char *s, struct vg_sbom_purl *ret,
		       const char **ret_why)
{
	struct vg_sbom_purl p = { 0 };
	int r;
	if (!s || strncasecmp(s, "pkg:", 4) != 0) {
		*ret_why = "missing 'pkg:' scheme";
		return -EBADMSG;
	}
	const char *b = s + 4, *e = s + strlen(s);
	while (b < e && *b == '/') /* "pkg://type/..." is tolerated by the spec */
		b++;

	const char *hash = rfind(b, e, '#');
	if (hash) {
		const char *sb = hash + 1;
		while (sb < e && *sb == '/')
			sb++;
		const char *se = e;
		while (se > sb && se[-1] == '/')
			se--;
		if (se > sb && (r = decode(a, sb, (size_t)(se - sb), &p.subpath, ret_why)) < 0)
			return r;
		e = hash;
	}

	const char *q = rfind(b, e, '?');
	if (q) {
		size_t cap = 1;
		for (const char *c = q + 1; c < e; c++)
			cap += *c == '&';
		p.qualifiers = vg_arena_calloc(a, cap, sizeof(*p.qualifiers));
		if (!p.qualifiers)
			return -ENOMEM;
		const char *item = q + 1;
		while (item < e) {
			const char *ie = memchr(item, '&', (size_t)(e - item));
			if (!ie)
				ie = e;
			const char *eq = memchr(item, '=', (size_t)(ie - item));
			if (eq && eq > item) {
				char *key = vg_arena_strndup(a, item, (size_t)(eq - item));
				if (!key)
					return -ENOMEM;
				for (char *k = key; *k; k++)
					if (*k >= 'A' && *k <= 'Z')
						*k = (char)(*k - 'A' + 'a');
				const char *val;
				if ((r = decode(a, eq + 1, (size_t)(ie - eq - 1), &val, ret_why)) < 0)
					return r;
				if (*val) {
					p.qualifiers[p.nqualifiers].key = key;
					p.qualifiers[p.nqualifiers].value = val;
					p.nqualifiers++;
				}
			} else if (ie > item) {
				*ret_why = "qualifier without '='";
				return -EBADMSG;
			}
			item = ie + 1;
		}
		e = q;
	}

	while (e > b && e[-1] == '/')
		e--;
	const char *slash = memchr(b, '/', (size_t)(e - b));
	if (!slash || slash == b) {
		*ret_why = slash ? "empty type" : "missing name";
		return -EBADMSG;
	}
	char *type = vg_arena_strndup(a, b, (size_t)(slash - b));
	if (!type)
		return -ENOMEM;
	for (char *t = type; *t; t++) {
		if (*t >= 'A' && *t <= 'Z')
			*t = (char)(*t - 'A' + 'a');
		if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || *t == '.' ||
		      *t == '+' || *t == '-')) {
			*ret_why = "invalid character in type";
			return -EBADMSG;
		}
	}
	p.type = type;
	b = slash + 1;
	while (b < e && *b == '/')
		b++;

	const char *last_slash = rfind(b, e, '/');
	const char *at = rfind(last_slash ? last_slash : b, e, '@');
	if (at) {
		if ((r = decode(a, at + 1, (size_t)(e - at - 1), &p.version, ret_why)) < 0)
			return r;
		if (!*p.version)
			p.version = NULL;
		e = at;
	}

	const char *ns_end = rfind(b, e, '/');
	const char *name_b = ns_end ? ns_end + 1 : b;
	if (name_b >= e) {
		*ret_why = "missing name";
		return -EBADMSG;
	}
	if ((r = decode(a, name_b, (size_t)(e - name_b), &p.name, ret_why)) < 0)
		return r;
	if (ns_end) {
		/* decode segment by segment (an encoded '/' stays inside its segment), drop empties */
		char *ns = vg_arena_alloc(a, (size_t)(ns_end - b) + 1);
		if (!ns)
			return -ENOMEM;
		size_t n = 0;
		const char *seg = b;
		while (seg < ns_end) {
			const char *se = memchr(seg, '/', (size_t)(ns_end - seg));
			if (!se)
				se = ns_end;
			if (se > seg) {
				const char *d;
				if ((r = decode(a, seg, (size_t)(se - seg), &d, ret_why)) < 0)
					return r;
				size_t dl = strlen(d);
				if (n)
					ns[n++] = '/';
				memcpy(ns + n, d, dl);
				n += dl;
			}
			seg = se + 1;
		}
		ns[n] = '\0';
		p.namespace = n ? ns : NULL;
	}
	*ret = p;
	return 0;
}

const char *vg_sbom_purl_qualifier(const struct vg_sbom_purl *p, const char *key)
{
	for (size_t i = 0; i < p->nqualifiers; i++)
		if (strcmp(p->qualifiers[i].key, key) == 0)
			return p->qualifiers[i].value;
	return NULL;
}
