/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spdx.c - SPDX 2.3 JSON (valid against spdx-2.3.schema.json), laid out as Trivy lays out its
 * image documents:
 *
 *   packages        the image (primaryPackagePurpose CONTAINER; a root filesystem is OTHER),
 *                   the operating system (OPERATING_SYSTEM, the JSON spelling of the spec's
 *                   OPERATING-SYSTEM), one LIBRARY per package with its purl as a
 *                   PACKAGE-MANAGER external reference
 *   relationships   DOCUMENT DESCRIBES image, image CONTAINS OS, OS CONTAINS each OS package,
 *                   image CONTAINS every other package
 *
 * SPDX IDs are "SPDXRef-<Kind>-<16 hex digits of SHA-256 over the package's fields>" ("-2",
 * "-3" ... appended to repeats), so one package keeps its ID from document to document.
 * licenseDeclared is the SPDX expression when the declared license is one; free text becomes
 * "LicenseRef-<16 hex of its SHA-256>", defined once in hasExtractedLicensingInfos.
 * File path, layer and package type travel as annotations "Key: value" (Trivy's form).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sbom/sbom_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct spdx {
	const struct vg_inventory *inv;
	const struct vg_sbom_subject *subject;
	struct vg_arena arena;
	struct vg_sbom_strset ids;      /* SPDX IDs in use */
	struct vg_sbom_strset licrefs;  /* LicenseRef- IDs defined */
	json_t *extracted;              /* hasExtractedLicensingInfos */
	const char *tool;               /* "Tool: vigil-0.1.0" */
	const char *created;
	const struct vg_os *os;
	bool failed;
};

/* 16 hex digits of SHA-256 over the NUL-separated strings (NULL encoded apart from ""). */
static void short_hash(char ret[17], const char *const *parts, size_t n)
{
	struct vg_sha256 c;
	unsigned char h[VG_SHA256_LEN];
	char hex[VG_SHA256_HEX_LEN + 1];
	vg_sha256_init(&c);
	for (size_t i = 0; i < n; i++) {
		unsigned char tag = parts[i] ? 1 : 0;
		vg_sha256_update(&c, &tag, 1);
		if (parts[i])
			vg_sha256_update(&c, parts[i], strlen(parts[i]) + 1);
	}
	vg_sha256_final(&c, h);
	vg_sha256_hex(h, hex);
	memcpy(ret, hex, 16);
	ret[16] = '\0';
}

static const char *spdx_id(struct spdx *s, const char *kind, const char *const *parts, size_t n)
{
	char h[17];
	short_hash(h, parts, n);
	const char *base = vg_arena_printf(&s->arena, "SPDXRef-%s-%s", kind, h);
	const char *id = base ? vg_sbom_unique(&s->arena, &s->ids, base, '-') : NULL;
	if (!id)
		s->failed = true;
	return id;
}

static json_t *annotation(struct spdx *s, const char *key, const char *value)
{
	json_t *a = json_object();
	vg_sbom_json_set(a, "annotator", vg_sbom_json_str(s->tool), &s->failed);
	vg_sbom_json_set(a, "annotationDate", json_string(s->created), &s->failed);
	vg_sbom_json_set(a, "annotationType", json_string("OTHER"), &s->failed);
	const char *comment = vg_arena_printf(&s->arena, "%s: %s", key, value);
	vg_sbom_json_set(a, "comment", vg_sbom_json_str(comment), &s->failed);
	return a;
}

static void push_annotation(struct spdx *s, json_t *arr, const char *key, const char *value)
{
	if (value && *value)
		vg_sbom_json_push(arr, annotation(s, key, value), &s->failed);
}

static void set_annotations(struct spdx *s, json_t *pkg, json_t *arr)
{
	if (json_array_size(arr) > 0)
		vg_sbom_json_set(pkg, "annotations", arr, &s->failed);
	else
		json_decref(arr);
}

/* licenseDeclared for @declared; defines a LicenseRef for free text. */
static json_t *license_declared(struct spdx *s, const char *declared)
{
	struct vg_sbom_license lic;
	if (vg_sbom_license_classify(&s->arena, declared, &lic) < 0) {
		s->failed = true;
		return NULL;
	}
	switch (lic.kind) {
	case VG_SBOM_LIC_NONE:
		return json_string("NOASSERTION");
	case VG_SBOM_LIC_ID:
	case VG_SBOM_LIC_EXPR:
		return vg_sbom_json_str(lic.value);
	case VG_SBOM_LIC_TEXT:
		break;
	}
	const char *parts[] = { lic.value };
	char h[17];
	short_hash(h, parts, 1);
	const char *ref = vg_arena_printf(&s->arena, "LicenseRef-%s", h);
	int r = ref ? vg_sbom_strset_add(&s->licrefs, ref) : -ENOMEM;
	if (r < 0) {
		s->failed = true;
		return NULL;
	}
	if (r == 1) {
		json_t *e = json_object();
		vg_sbom_json_set(e, "licenseId", json_string(ref), &s->failed);
		const char *text =
			vg_arena_printf(&s->arena, "This component is licensed under \"%s\"", lic.value);
		vg_sbom_json_set(e, "extractedText", vg_sbom_json_str(text), &s->failed);
		vg_sbom_json_set(e, "name", vg_sbom_json_str(lic.value), &s->failed);
		vg_sbom_json_push(s->extracted, e, &s->failed);
	}
	return json_string(ref);
}

/* The fields every package shares, in the order SPDX tools write them. */
static json_t *package_head(struct spdx *s, const char *name, const char *id, const char *version)
{
	json_t *o = json_object();
	vg_sbom_json_set(o, "name", vg_sbom_json_str(name ? name : ""), &s->failed);
	vg_sbom_json_set(o, "SPDXID", json_string(id), &s->failed);
	vg_sbom_json_set_opt(o, "versionInfo", version, &s->failed);
	return o;
}

static json_t *pkg_package(struct spdx *s, const struct vg_pkg *p, const char *id,
			   const char *purl)
{
	json_t *o = package_head(s, p->name, id, p->version);
	const char *supplier = p->supplier && *p->supplier
				       ? vg_arena_printf(&s->arena, "Organization: %s", p->supplier)
				       : "NOASSERTION";
	vg_sbom_json_set(o, "supplier", vg_sbom_json_str(supplier), &s->failed);
	vg_sbom_json_set(o, "downloadLocation", json_string("NOASSERTION"), &s->failed);
	vg_sbom_json_set(o, "filesAnalyzed", json_false(), &s->failed);
	if (p->src_name && *p->src_name) {
		const char *si = p->src_version && *p->src_version
					 ? vg_arena_printf(&s->arena, "built package from: %s %s",
							   p->src_name, p->src_version)
					 : vg_arena_printf(&s->arena, "built package from: %s",
							   p->src_name);
		vg_sbom_json_set(o, "sourceInfo", vg_sbom_json_str(si), &s->failed);
	}
	vg_sbom_json_set(o, "licenseConcluded", json_string("NOASSERTION"), &s->failed);
	vg_sbom_json_set(o, "licenseDeclared", license_declared(s, p->licenses), &s->failed);
	if (purl) {
		json_t *ref = json_object();
		vg_sbom_json_set(ref, "referenceCategory", json_string("PACKAGE-MANAGER"), &s->failed);
		vg_sbom_json_set(ref, "referenceType", json_string("purl"), &s->failed);
		vg_sbom_json_set(ref, "referenceLocator", vg_sbom_json_str(purl), &s->failed);
		json_t *refs = json_array();
		vg_sbom_json_push(refs, ref, &s->failed);
		vg_sbom_json_set(o, "externalRefs", refs, &s->failed);
	}
	vg_sbom_json_set(o, "primaryPackagePurpose", json_string("LIBRARY"), &s->failed);
	json_t *ann = json_array();
	push_annotation(s, ann, "FilePath", p->file);
	push_annotation(s, ann, "LayerDiffID", p->layer);
	push_annotation(s, ann, "PkgType", vg_pkg_type_name(p->type));
	set_annotations(s, o, ann);
	return o;
}

static json_t *relationship(const char *a, const char *type, const char *b, bool *failed)
{
	json_t *r = json_object();
	vg_sbom_json_set(r, "spdxElementId", json_string(a), failed);
	vg_sbom_json_set(r, "relatedSpdxElement", json_string(b), failed);
	vg_sbom_json_set(r, "relationshipType", json_string(type), failed);
	return r;
}

/* Percent-encode what may not appear in one URI path segment (RFC 3986 pchar): the name
 * "vigil/bookworm:layered" becomes "vigil%2Fbookworm:layered". */
static const char *uri_path(struct vg_arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s);
	char *o = vg_arena_alloc(a, len * 3 + 1);
	if (!o)
		return NULL;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~!$&'()*+,;=:@", *p)) {
			o[n++] = (char)*p;
		} else {
			o[n++] = '%';
			o[n++] = hex[*p >> 4];
			o[n++] = hex[*p & 15];
		}
	}
	o[n] = '\0';
	return o;
}

int vg_sbom_write_spdx(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
		       FILE *out)
{
	struct spdx s = { .inv = inv, .subject = subject };
	json_t *root = NULL;
	char created[32];
	int r = vg_sbom_timestamp(subject->timestamp, created);
	if (r < 0)
		return r;
	s.created = created;
	vg_arena_init(&s.arena, 64 * 1024);
	s.os = vg_sbom_os(inv);
	s.tool = vg_arena_printf(&s.arena, "Tool: %s-%s", subject->tool_name ? subject->tool_name
							     : "vigil",
				 subject->tool_version ? subject->tool_version : vg_version());
	unsigned char hash[VG_SHA256_LEN];
	char uuid[37];
	vg_sbom_content_hash(inv, subject, VG_SBOM_SPDX_2_3, hash);
	vg_sbom_uuid(hash, uuid);
	const char *name = subject->name && *subject->name ? subject->name : "unknown";
	const char *ns_name = uri_path(&s.arena, name);
	const char *ns = ns_name ? vg_arena_printf(&s.arena, "https://vigil.dev/spdxdocs/%s-%s",
						   ns_name, uuid)
				 : NULL;
	s.extracted = json_array();
	if (!s.tool || !ns || !s.extracted) {
		r = -ENOMEM;
		goto out;
	}

	bool rootfs = subject->kind && strcmp(subject->kind, "rootfs") == 0;
	const char *img_parts[] = { subject->name, subject->id, subject->kind };
	const char *img_id = spdx_id(&s, rootfs ? "Filesystem" : "ContainerImage", img_parts, 3);
	const char *os_id = NULL;
	if (s.os) {
		const char *os_parts[] = { s.os->id, vg_sbom_os_version(s.os) };
		os_id = spdx_id(&s, "OperatingSystem", os_parts, 2);
	}
	if (s.failed) {
		r = -ENOMEM;
		goto out;
	}

	root = json_object();
	vg_sbom_json_set(root, "spdxVersion", json_string("SPDX-2.3"), &s.failed);
	vg_sbom_json_set(root, "dataLicense", json_string("CC0-1.0"), &s.failed);
	vg_sbom_json_set(root, "SPDXID", json_string("SPDXRef-DOCUMENT"), &s.failed);
	vg_sbom_json_set(root, "name", vg_sbom_json_str(name), &s.failed);
	vg_sbom_json_set(root, "documentNamespace", vg_sbom_json_str(ns), &s.failed);
	json_t *ci = json_object();
	vg_sbom_json_set(ci, "created", json_string(created), &s.failed);
	json_t *creators = json_array();
	vg_sbom_json_push(creators, vg_sbom_json_str(s.tool), &s.failed);
	vg_sbom_json_set(ci, "creators", creators, &s.failed);
	vg_sbom_json_set(ci, "licenseListVersion", json_string(vg_sbom_license_list_version()),
			 &s.failed);
	vg_sbom_json_set(root, "creationInfo", ci, &s.failed);
	json_t *describes = json_array();
	vg_sbom_json_push(describes, json_string(img_id), &s.failed);
	vg_sbom_json_set(root, "documentDescribes", describes, &s.failed);

	json_t *packages = json_array();
	json_t *rels = json_array();
	vg_sbom_json_push(rels, relationship("SPDXRef-DOCUMENT", "DESCRIBES", img_id, &s.failed),
			  &s.failed);

	json_t *img = package_head(&s, name, img_id, subject->id);
	vg_sbom_json_set(img, "downloadLocation", json_string("NOASSERTION"), &s.failed);
	vg_sbom_json_set(img, "filesAnalyzed", json_false(), &s.failed);
	vg_sbom_json_set(img, "primaryPackagePurpose", json_string(rootfs ? "OTHER" : "CONTAINER"),
			 &s.failed);
	json_t *ann = json_array();
	push_annotation(&s, ann, "ImageID", subject->id);
	set_annotations(&s, img, ann);
	vg_sbom_json_push(packages, img, &s.failed);

	if (s.os) {
		json_t *o = package_head(&s, s.os->id, os_id, vg_sbom_os_version(s.os));
		vg_sbom_json_set(o, "downloadLocation", json_string("NOASSERTION"), &s.failed);
		vg_sbom_json_set(o, "filesAnalyzed", json_false(), &s.failed);
		vg_sbom_json_set_opt(o, "description", s.os->pretty_name, &s.failed);
		vg_sbom_json_set(o, "primaryPackagePurpose", json_string("OPERATING_SYSTEM"),
				 &s.failed);
		vg_sbom_json_push(packages, o, &s.failed);
		vg_sbom_json_push(rels, relationship(img_id, "CONTAINS", os_id, &s.failed),
				  &s.failed);
	}

	size_t n = vg_inventory_count(inv);
	for (size_t i = 0; i < n && !s.failed; i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		const char *purl = vg_sbom_pkg_purl(&s.arena, p, vg_inventory_os(inv));
		const char *parts[] = { vg_pkg_type_name(p->type), p->name, p->version, purl,
					p->file, p->layer };
		const char *id = spdx_id(&s, "Package", parts, 6);
		if (!id)
			break;
		vg_sbom_json_push(packages, pkg_package(&s, p, id, purl), &s.failed);
		const char *parent = vg_sbom_is_os_pkg(p, s.os) ? os_id : img_id;
		vg_sbom_json_push(rels, relationship(parent, "CONTAINS", id, &s.failed), &s.failed);
	}
	vg_sbom_json_set(root, "packages", packages, &s.failed);
	if (json_array_size(s.extracted) > 0) {
		vg_sbom_json_set(root, "hasExtractedLicensingInfos", s.extracted, &s.failed);
		s.extracted = NULL;
	}
	vg_sbom_json_set(root, "relationships", rels, &s.failed);

	r = s.failed ? -ENOMEM : vg_sbom_json_dump(root, out);
out:
	json_decref(s.extracted);
	json_decref(root);
	vg_sbom_strset_release(&s.ids);
	vg_sbom_strset_release(&s.licrefs);
	vg_arena_release(&s.arena);
	return r;
}
