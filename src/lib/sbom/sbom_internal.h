/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbom/sbom_internal.h - what the SBOM writers (cyclonedx.c, spdx.c) and the reader
 * (sbom_read.c) share: JSON helpers, content hashing, deterministic UUIDs, license
 * classification (license.c), package URL decoding (purl.c) and the private limits.
 *
 * Every string these helpers return lives in the caller's arena (or is static); none of them
 * prints or keeps state between calls.
 */
#ifndef VG_SBOM_INTERNAL_H
#define VG_SBOM_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/sha256.h"
#include "vigil/sbom.h"

/* ---- limits ------------------------------------------------------------------------------ */

/* CycloneDX components nest (components[].components[]...): the reader walks at most this many
 * levels below the top-level array and fails with -EFBIG beyond (jansson itself stops at 2048
 * levels of JSON nesting, JSON_PARSER_MAX_DEPTH). */
#define VG_SBOM_MAX_COMPONENT_DEPTH 64u
/* Parentheses nesting in a license expression (deeper: treated as free text). */
#define VG_SBOM_MAX_LICENSE_DEPTH 32u

/* ---- JSON helpers (sbom.c) --------------------------------------------------------------- */

/* A JSON string from @s; invalid UTF-8 bytes become U+FFFD (jansson refuses invalid UTF-8 and
 * package databases are not always UTF-8). NULL @s gives NULL (so the set below fails). */
json_t *vg_sbom_json_str(const char *s);
/* Set/append @v (stolen, may be NULL); on any failure set *@failed. */
void vg_sbom_json_set(json_t *obj, const char *key, json_t *v, bool *failed);
void vg_sbom_json_push(json_t *arr, json_t *v, bool *failed);
/* Set @key to the string @s only when @s is non-NULL and non-empty. */
void vg_sbom_json_set_opt(json_t *obj, const char *key, const char *s, bool *failed);
/* Dump with JSON_INDENT(2) and a trailing newline. 0, -ENOMEM or -EIO. */
int vg_sbom_json_dump(const json_t *root, FILE *out);

/* ---- identity ---------------------------------------------------------------------------- */

/* SHA-256 over the inventory, the subject and the format in a fixed, unambiguous encoding:
 * the "content" that serial numbers and namespaces are derived from. */
void vg_sbom_content_hash(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
			  enum vg_sbom_format fmt, unsigned char ret[VG_SHA256_LEN]);
/* An RFC 4122 version-4-format UUID ("xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx") from the
 * first 16 bytes of @h. */
void vg_sbom_uuid(const unsigned char h[VG_SHA256_LEN], char ret[37]);
/* A UUID from SHA-256 over @seed, @a and @b (each may be NULL), for bom-refs of things
 * without a purl. */
void vg_sbom_uuid_of(const unsigned char seed[VG_SHA256_LEN], const char *a, const char *b,
		     char ret[37]);
/* RFC 3339 UTC "YYYY-MM-DDThh:mm:ssZ"; -EINVAL when @t is out of range. */
int vg_sbom_timestamp(int64_t t, char ret[32]);

/* The package's purl: p->purl, else vg_purl_format(p, os) (arena copy); NULL when neither. */
const char *vg_sbom_pkg_purl(struct vg_arena *a, const struct vg_pkg *p, const struct vg_os *os);
/* Whether @p belongs to @os (NULL: no OS): a dpkg, apk or rpm package whose ecosystem is the
 * OS's (or either is unknown). */
bool vg_sbom_is_os_pkg(const struct vg_pkg *p, const struct vg_os *os);
/* The OS that SBOMs describe: NULL unless vg_inventory_os() has an id. */
const struct vg_os *vg_sbom_os(const struct vg_inventory *inv);
/* The OS version SBOMs print: version (the precise release), else version_id. */
const char *vg_sbom_os_version(const struct vg_os *os);

/* A set of strings (pointers are borrowed) for bom-ref / SPDXID uniqueness. */
struct vg_sbom_strent {
	const char *key;
	unsigned long next; /* next "|N" suffix to try for vg_sbom_unique() */
};
struct vg_sbom_strset {
	struct vg_sbom_strent *slots;
	size_t cap, n;
};
void vg_sbom_strset_release(struct vg_sbom_strset *s);
/* 1 when added, 0 when already present, -ENOMEM. */
int vg_sbom_strset_add(struct vg_sbom_strset *s, const char *str);
/* @base, or the first of "@base<sep>2", "@base<sep>3" ... not yet in @s (added to @s; @base
 * must outlive @s, the suffixed forms are arena copies). NULL on allocation failure. */
const char *vg_sbom_unique(struct vg_arena *a, struct vg_sbom_strset *s, const char *base,
			   char sep);

/* The writers (vg_sbom_write dispatches; arguments are checked there). 0, -EIO, -ENOMEM,
 * -EINVAL (timestamp out of range). @minor is 5 or 6. */
int vg_sbom_write_cyclonedx(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
			    unsigned minor, FILE *out);
int vg_sbom_write_spdx(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
		       FILE *out);

/* ---- licenses (license.c) ---------------------------------------------------------------- */

enum vg_sbom_lic_kind {
	VG_SBOM_LIC_NONE = 0, /* empty, NONE or NOASSERTION */
	VG_SBOM_LIC_ID,       /* one SPDX license identifier: value is its canonical spelling */
	VG_SBOM_LIC_EXPR,     /* a valid SPDX expression over listed identifiers, normalised
			       * (operators upper case, identifiers canonical, single spaces) */
	VG_SBOM_LIC_TEXT,     /* anything else: value is the trimmed text */
};

struct vg_sbom_license {
	enum vg_sbom_lic_kind kind;
	const char *value; /* arena or static; NULL for NONE */
};

/* Classify a declared license string. 0 or -ENOMEM. */
int vg_sbom_license_classify(struct vg_arena *a, const char *s, struct vg_sbom_license *ret);
/* Canonical spelling of a listed license (or exception) identifier, matched case-insensitively
 * on @len bytes; NULL when not listed. */
const char *vg_sbom_license_id(const char *s, size_t len);
const char *vg_sbom_exception_id(const char *s, size_t len);
/* The SPDX License List version the tables come from ("3.28"). */
const char *vg_sbom_license_list_version(void);

/* ---- package URLs (purl.c) --------------------------------------------------------------- */

struct vg_sbom_purl_qualifier {
	const char *key;   /* lower case */
	const char *value; /* percent-decoded */
};

/* A decoded purl; every string lives in the arena; namespace/version/subpath may be NULL. */
struct vg_sbom_purl {
	const char *type;      /* lower case */
	const char *namespace; /* segments decoded and joined with '/' */
	const char *name;
	const char *version;
	const char *subpath;
	struct vg_sbom_purl_qualifier *qualifiers;
	size_t nqualifiers;
};

/* Decode @s (purl-spec: pkg:type/namespace/name@version?qualifiers#subpath). 0, -ENOMEM, or
 * -EBADMSG with *@ret_why a static reason ("missing 'pkg:' scheme", ...). */
int vg_sbom_purl_parse(struct vg_arena *a, const char *s, struct vg_sbom_purl *ret,
		       const char **ret_why);
/* The value of qualifier @key, or NULL. */
const char *vg_sbom_purl_qualifier(const struct vg_sbom_purl *p, const char *key);

#endif
