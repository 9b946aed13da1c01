/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbom.c - format names, the write dispatcher and what both writers share: JSON helpers, the
 * content hash behind serial numbers and namespaces, deterministic UUIDs, timestamps, bom-ref
 * uniqueness.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sbom/sbom_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

int vg_sbom_format_parse(const char *s, enum vg_sbom_format *ret)
{
	static const struct {
		const char *name;
		enum vg_sbom_format fmt;
	} names[] = {
		{ "cyclonedx", VG_SBOM_CYCLONEDX_1_6 },
		{ "cyclonedx-1.5", VG_SBOM_CYCLONEDX_1_5 },
		{ "cyclonedx-1.6", VG_SBOM_CYCLONEDX_1_6 },
		{ "spdx", VG_SBOM_SPDX_2_3 },
		{ "spdx-2.3", VG_SBOM_SPDX_2_3 },
	};
	if (!s || !ret)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*ret = names[i].fmt;
			return 0;
		}
	}
	return -EINVAL;
}

int vg_sbom_write(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
		  enum vg_sbom_format fmt, FILE *out)
{
	if (!inv || !subject || !out)
		return -EINVAL;
	switch (fmt) {
	case VG_SBOM_CYCLONEDX_1_5:
		return vg_sbom_write_cyclonedx(inv, subject, 5, out);
	case VG_SBOM_CYCLONEDX_1_6:
		return vg_sbom_write_cyclonedx(inv, subject, 6, out);
	case VG_SBOM_SPDX_2_3:
		return vg_sbom_write_spdx(inv, subject, out);
	}
	return -EINVAL;
}

/* ---- JSON helpers ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at @s (RFC 3629: no overlongs, surrogates or values past
 * U+10FFFF), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	uint32_t cp;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

json_t *vg_sbom_json_str(const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	while (i < len && (n = utf8_len(u + i, len - i)) > 0)
		i += n;
	if (i == len)
		return json_stringn_nocheck(s, len);

	struct vg_strbuf b;
	vg_strbuf_init(&b, 0);
	int r = vg_strbuf_append(&b, s, i);
	while (r == 0 && i < len) {
		n = utf8_len(u + i, len - i);
		if (n == 0) {
			r = vg_strbuf_append(&b, "\xef\xbf\xbd", 3);
			i++;
		} else {
			r = vg_strbuf_append(&b, s + i, n);
			i += n;
		}
	}
	json_t *j = r == 0 ? json_stringn_nocheck(vg_strbuf_str(&b), b.len) : NULL;
	vg_strbuf_release(&b);
	return j;
}

void vg_sbom_json_set(json_t *obj, const char *key, json_t *v, bool *failed)
{
	/* json_object_set_new releases @v itself when it fails */
	if (!obj || !v || json_object_set_new(obj, key, v) != 0) {
		if (!obj)
			json_decref(v);
		*failed = true;
	}
}

void vg_sbom_json_push(json_t *arr, json_t *v, bool *failed)
{
	if (!arr || !v || json_array_append_new(arr, v) != 0) {
		if (!arr)
			json_decref(v);
		*failed = true;
	}
}

void vg_sbom_json_set_opt(json_t *obj, const char *key, const char *s, bool *failed)
{
	if (s && *s)
		vg_sbom_json_set(obj, key, vg_sbom_json_str(s), failed);
}

int vg_sbom_json_dump(const json_t *root, FILE *out)
{
	char *text = json_dumps(root, JSON_INDENT(2));
	if (!text)
		return -ENOMEM;
	size_t len = strlen(text);
	int r = 0;
	if (fwrite(text, 1, len, out) != len || fputc('\n', out) == EOF || fflush(out) != 0 ||
	    ferror(out))
		r = -EIO;
	free(text);
	return r;
}

/* ---- identity ---------------------------------------------------------------------------- */

/* Each field is a tag byte, then the string and a NUL, or just the tag 0xFF for NULL: no two
 * different inputs encode the same. */
static void hash_str(struct vg_sha256 *c, char tag, const char *s)
{
	if (!s) {
		unsigned char none = 0xFF;
		vg_sha256_update(c, &none, 1);
		return;
	}
	vg_sha256_update(c, &tag, 1);
	vg_sha256_update(c, s, strlen(s) + 1);
}

void vg_sbom_content_hash(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
			  enum vg_sbom_format fmt, unsigned char ret[VG_SHA256_LEN])
{
	struct vg_sha256 c;
	char num[32];
	vg_sha256_init(&c);
	hash_str(&c, 'V', "vigil-sbom-1");
	snprintf(num, sizeof(num), "%d", (int)fmt);
	hash_str(&c, 'F', num);
	hash_str(&c, 's', subject->name);
	hash_str(&c, 'i', subject->id);
	hash_str(&c, 'k', subject->kind);
	hash_str(&c, 't', subject->tool_name);
	hash_str(&c, 'v', subject->tool_version);
	snprintf(num, sizeof(num), "%lld", (long long)subject->timestamp);
	hash_str(&c, 'T', num);
	const struct vg_os *os = vg_inventory_os(inv);
	if (os) {
		hash_str(&c, 'o', os->id);
		hash_str(&c, 'o', os->version_id);
		hash_str(&c, 'o', os->version);
		hash_str(&c, 'o', os->codename);
		hash_str(&c, 'o', os->pretty_name);
		hash_str(&c, 'o', os->ecosystem);
	}
	size_t n = vg_inventory_count(inv);
	for (size_t i = 0; i < n; i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		snprintf(num, sizeof(num), "%d", (int)p->type);
		hash_str(&c, 'P', num);
		hash_str(&c, 'p', p->name);
		hash_str(&c, 'p', p->version);
		hash_str(&c, 'p', p->ecosystem);
		hash_str(&c, 'p', p->purl);
		hash_str(&c, 'p', p->src_name);
		hash_str(&c, 'p', p->src_version);
		hash_str(&c, 'p', p->arch);
		hash_str(&c, 'p', p->licenses);
		hash_str(&c, 'p', p->supplier);
		hash_str(&c, 'p', p->file);
		hash_str(&c, 'p', p->layer);
	}
	vg_sha256_final(&c, ret);
}

void vg_sbom_uuid(const unsigned char h[VG_SHA256_LEN], char ret[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	memcpy(b, h, 16);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 layout */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			ret[o++] = '-';
		ret[o++] = hex[b[i] >> 4];
		ret[o++] = hex[b[i] & 15];
	}
	ret[o] = '\0';
}

void vg_sbom_uuid_of(const unsigned char seed[VG_SHA256_LEN], const char *a, const char *b,
		     char ret[37])
{
	struct vg_sha256 c;
	unsigned char h[VG_SHA256_LEN];
	vg_sha256_init(&c);
	vg_sha256_update(&c, seed, VG_SHA256_LEN);
	hash_str(&c, 'a', a);
	hash_str(&c, 'b', b);
	vg_sha256_final(&c, h);
	vg_sbom_uuid(h, ret);
}

int vg_sbom_timestamp(int64_t t, char ret[32])
{
	/* years 0000-9999 only: RFC 3339 has four-digit years */
	if (t < -62167219200LL || t > 253402300799LL)
		return -EINVAL;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return -EINVAL;
	if (strftime(ret, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return -EINVAL;
	return 0;
}

const char *vg_sbom_pkg_purl(struct vg_arena *a, const struct vg_pkg *p, const struct vg_os *os)
{
	if (p->purl && *p->purl)
		return p->purl;
	if (!p->name || !*p->name)
		return NULL;
	size_t need = vg_purl_format(p, os, NULL, 0);
	if (need == 0 || need == SIZE_MAX)
		return NULL;
	char *buf = vg_arena_alloc(a, need + 1);
	if (!buf)
		return NULL;
	vg_purl_format(p, os, buf, need + 1);
	buf[need] = '\0';
	return buf;
}

bool vg_sbom_is_os_pkg(const struct vg_pkg *p, const struct vg_os *os)
{
	if (!os || !(p->type == VG_PKG_DPKG || p->type == VG_PKG_APK || p->type == VG_PKG_RPM))
		return false;
	/* an apk database in a Debian image is not Debian's */
	return !p->ecosystem || !os->ecosystem || strcmp(p->ecosystem, os->ecosystem) == 0;
}

const struct vg_os *vg_sbom_os(const struct vg_inventory *inv)
{
	const struct vg_os *os = vg_inventory_os(inv);
	return os && os->id && *os->id ? os : NULL;
}

const char *vg_sbom_os_version(const struct vg_os *os)
{
	if (os->version && *os->version)
		return os->version;
	if (os->version_id && *os->version_id)
		return os->version_id;
	return NULL;
}

/* ---- string sets ------------------------------------------------------------------------- */

static size_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

void vg_sbom_strset_release(struct vg_sbom_strset *s)
{
	if (!s)
		return;
	free(s->slots);
	s->slots = NULL;
	s->cap = s->n = 0;
}

/* The entry for @str, added when missing (*@added). NULL on allocation failure. The pointer is
 * valid until the next insertion. */
static struct vg_sbom_strent *find_or_add(struct vg_sbom_strset *s, const char *str, bool *added)
{
	*added = false;
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		struct vg_sbom_strent *ns = calloc(ncap, sizeof(*ns));
		if (!ns)
			return NULL;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i].key)
				continue;
			size_t k = str_hash(s->slots[i].key) & (ncap - 1);
			while (ns[k].key)
				k = (k + 1) & (ncap - 1);
			ns[k] = s->slots[i];
		}
		free(s->slots);
		s->slots = ns;
		s->cap = ncap;
	}
	size_t k = str_hash(str) & (s->cap - 1);
	while (s->slots[k].key) {
		if (strcmp(s->slots[k].key, str) == 0)
			return &s->slots[k];
		k = (k + 1) & (s->cap - 1);
	}
	s->slots[k].key = str;
	s->slots[k].next = 2;
	s->n++;
	*added = true;
	return &s->slots[k];
}

int vg_sbom_strset_add(struct vg_sbom_strset *s, const char *str)
{
	bool added;
	if (!find_or_add(s, str, &added))
		return -ENOMEM;
	return added ? 1 : 0;
}

const char *vg_sbom_unique(struct vg_arena *a, struct vg_sbom_strset *s, const char *base,
			   char sep)
{
	bool added;
	struct vg_sbom_strent *e = find_or_add(s, base, &added);
	if (!e)
		return NULL;
	if (added)
		return base;
	/* each base remembers its next suffix: n duplicates cost O(n), not O(n^2) */
	for (unsigned long n = e->next;; n++) {
		char *cand = vg_arena_printf(a, "%s%c%lu", base, sep, n);
		if (!cand || !find_or_add(s, cand, &added))
			return NULL;
		if (added) {
			e = find_or_add(s, base, &added);
			if (!e)
				return NULL;
			e->next = n + 1;
			return cand;
		}
	}
}
