/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cyclonedx.c - CycloneDX 1.5 and 1.6 JSON (valid against bom-1.5/1.6.schema.json), laid out
 * as Trivy lays out its image SBOMs so that tools reading Trivy's read ours:
 *
 *   metadata.component        the image (type container; a root filesystem is an application)
 *   components[0]             the operating system (type operating-system), when it is known
 *   components[1..]           one library per package, bom-ref = purl ("|2", "|3" ... appended
 *                             to repeats), Maven group/artifact and npm scope/name split into
 *                             group and name, supplier, licenses, vigil:* properties sorted by
 *                             name
 *   dependencies              image -> OS and the non-OS packages, OS -> its packages
 *
 * Packages keep the inventory's order (sort it first for a canonical document). A package's own
 * dependencies are unknown to the inventory, so packages get no dependencies entry of their
 * own: CycloneDX reads a missing entry as "unknown", an empty one as "none".
 *
 * Licenses: one listed SPDX identifier -> [{license: {id}}]; a valid SPDX expression ->
 * [{expression}]; anything else -> [{license: {name}}] (the schema forbids mixing expressions
 * and licenses in one array, so a declared license is always exactly one entry). 1.6 marks
 * them "acknowledgement": "declared". Otherwise 1.5 and 1.6 documents are the same.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbom/sbom_internal.h"
#include "util/banned.h"

struct cdx {
	const struct vg_inventory *inv;
	const struct vg_sbom_subject *subject;
	unsigned minor;
	struct vg_arena arena;
	struct vg_sbom_strset refs;
	unsigned char hash[VG_SHA256_LEN];
	const struct vg_os *os;
	char root_ref[37], os_ref[37];
	bool failed;
};

static json_t *property(const char *name, const char *value)
{
	json_t *o = json_object();
	bool failed = false;
	vg_sbom_json_set(o, "name", json_string(name), &failed);
	vg_sbom_json_set(o, "value", vg_sbom_json_str(value), &failed);
	if (failed) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void push_property(json_t *props, const char *name, const char *value, bool *failed)
{
	if (value && *value)
		vg_sbom_json_push(props, property(name, value), failed);
}

static bool purl_type_is(const char *purl, const char *type)
{
	size_t n = strlen(type);
	return purl && strncasecmp(purl, "pkg:", 4) == 0 && strncasecmp(purl + 4, type, n) == 0 &&
	       purl[4 + n] == '/';
}

/* Maven "group:artifact" -> group + name; npm "@scope/name" -> group "@scope" + name (Trivy's
 * convention, aquasecurity/trivy#4675 and #5908). Others: the whole name. */
static void split_name(struct cdx *c, const struct vg_pkg *p, const char *purl,
		       const char **ret_group, const char **ret_name)
{
	const char *name = p->name ? p->name : "";
	*ret_group = NULL;
	*ret_name = name;
	bool maven = purl ? purl_type_is(purl, "maven") : p->type == VG_PKG_JAR;
	bool npm = purl ? purl_type_is(purl, "npm") : p->type == VG_PKG_NPM;
	const char *sep = NULL;
	if (maven)
		sep = strchr(name, ':');
	else if (npm && name[0] == '@')
		sep = strchr(name, '/');
	if (!sep || sep == name || !sep[1])
		return;
	char *group = vg_arena_strndup(&c->arena, name, (size_t)(sep - name));
	if (!group) {
		c->failed = true;
		return;
	}
	*ret_group = group;
	*ret_name = sep + 1;
}

static json_t *licenses_json(struct cdx *c, const char *declared)
{
	struct vg_sbom_license lic;
	if (vg_sbom_license_classify(&c->arena, declared, &lic) < 0) {
		c->failed = true;
		return NULL;
	}
	if (lic.kind == VG_SBOM_LIC_NONE)
		return NULL;
	json_t *arr = json_array();
	json_t *entry = json_object();
	/* 1.6 says whose word a license is: the package's own metadata declares it */
	if (lic.kind == VG_SBOM_LIC_EXPR) {
		vg_sbom_json_set(entry, "expression", vg_sbom_json_str(lic.value), &c->failed);
		if (c->minor >= 6)
			vg_sbom_json_set(entry, "acknowledgement", json_string("declared"), &c->failed);
	} else {
		json_t *l = json_object();
		vg_sbom_json_set(l, lic.kind == VG_SBOM_LIC_ID ? "id" : "name",
				 vg_sbom_json_str(lic.value), &c->failed);
		if (c->minor >= 6)
			vg_sbom_json_set(l, "acknowledgement", json_string("declared"), &c->failed);
		vg_sbom_json_set(entry, "license", l, &c->failed);
	}
	vg_sbom_json_push(arr, entry, &c->failed);
	return arr;
}

static json_t *pkg_component(struct cdx *c, const struct vg_pkg *p, const char *ref,
			     const char *purl)
{
	json_t *o = json_object();
	vg_sbom_json_set(o, "bom-ref", vg_sbom_json_str(ref), &c->failed);
	vg_sbom_json_set(o, "type", json_string("library"), &c->failed);
	if (p->supplier && *p->supplier) {
		json_t *s = json_object();
		vg_sbom_json_set(s, "name", vg_sbom_json_str(p->supplier), &c->failed);
		vg_sbom_json_set(o, "supplier", s, &c->failed);
	}
	const char *group, *name;
	split_name(c, p, purl, &group, &name);
	vg_sbom_json_set_opt(o, "group", group, &c->failed);
	vg_sbom_json_set(o, "name", vg_sbom_json_str(name), &c->failed);
	vg_sbom_json_set_opt(o, "version", p->version, &c->failed);
	json_t *lic = licenses_json(c, p->licenses);
	if (lic)
		vg_sbom_json_set(o, "licenses", lic, &c->failed);
	vg_sbom_json_set_opt(o, "purl", purl, &c->failed);

	/* sorted by name, as Trivy sorts its aquasecurity:trivy:* properties */
	json_t *props = json_array();
	push_property(props, "vigil:FilePath", p->file, &c->failed);
	push_property(props, "vigil:LayerDiffID", p->layer, &c->failed);
	push_property(props, "vigil:PkgType", vg_pkg_type_name(p->type), &c->failed);
	push_property(props, "vigil:SrcName", p->src_name, &c->failed);
	push_property(props, "vigil:SrcVersion", p->src_version, &c->failed);
	if (json_array_size(props) > 0)
		vg_sbom_json_set(o, "properties", props, &c->failed);
	else
		json_decref(props);
	return o;
}

static json_t *metadata_json(struct cdx *c, const char *timestamp)
{
	const struct vg_sbom_subject *s = c->subject;
	json_t *m = json_object();
	vg_sbom_json_set(m, "timestamp", json_string(timestamp), &c->failed);

	json_t *tool = json_object();
	vg_sbom_json_set(tool, "type", json_string("application"), &c->failed);
	vg_sbom_json_set(tool, "name", vg_sbom_json_str(s->tool_name ? s->tool_name : "vigil"),
			 &c->failed);
	vg_sbom_json_set(tool, "version",
			 vg_sbom_json_str(s->tool_version ? s->tool_version : vg_version()),
			 &c->failed);
	json_t *tools = json_array();
	vg_sbom_json_push(tools, tool, &c->failed);
	json_t *tc = json_object();
	vg_sbom_json_set(tc, "components", tools, &c->failed);
	vg_sbom_json_set(m, "tools", tc, &c->failed);

	json_t *comp = json_object();
	vg_sbom_json_set(comp, "bom-ref", json_string(c->root_ref), &c->failed);
	bool rootfs = s->kind && strcmp(s->kind, "rootfs") == 0;
	vg_sbom_json_set(comp, "type", json_string(rootfs ? "application" : "container"),
			 &c->failed);
	vg_sbom_json_set(comp, "name", vg_sbom_json_str(s->name ? s->name : ""), &c->failed);
	vg_sbom_json_set_opt(comp, "version", s->id, &c->failed);
	if (s->id && *s->id) {
		json_t *props = json_array();
		push_property(props, "vigil:ImageID", s->id, &c->failed);
		vg_sbom_json_set(comp, "properties", props, &c->failed);
	}
	vg_sbom_json_set(m, "component", comp, &c->failed);
	return m;
}

static json_t *os_component(struct cdx *c)
{
	json_t *o = json_object();
	vg_sbom_json_set(o, "bom-ref", json_string(c->os_ref), &c->failed);
	vg_sbom_json_set(o, "type", json_string("operating-system"), &c->failed);
	vg_sbom_json_set(o, "name", vg_sbom_json_str(c->os->id), &c->failed);
	vg_sbom_json_set_opt(o, "version", vg_sbom_os_version(c->os), &c->failed);
	vg_sbom_json_set_opt(o, "description", c->os->pretty_name, &c->failed);
	return o;
}

static json_t *dependency(const char *ref, json_t *depends_on, bool *failed)
{
	json_t *d = json_object();
	vg_sbom_json_set(d, "ref", vg_sbom_json_str(ref), failed);
	vg_sbom_json_set(d, "dependsOn", depends_on, failed);
	return d;
}

int vg_sbom_write_cyclonedx(const struct vg_inventory *inv, const struct vg_sbom_subject *subject,
			    unsigned minor, FILE *out)
{
	struct cdx c = { .inv = inv, .subject = subject, .minor = minor };
	json_t *root = NULL;
	char timestamp[32], serial[64];
	int r = vg_sbom_timestamp(subject->timestamp, timestamp);
	if (r < 0)
		return r;
	vg_arena_init(&c.arena, 64 * 1024);
	c.os = vg_sbom_os(inv);
	vg_sbom_content_hash(inv, subject,
			     minor == 5 ? VG_SBOM_CYCLONEDX_1_5 : VG_SBOM_CYCLONEDX_1_6, c.hash);
	char uuid[37];
	vg_sbom_uuid(c.hash, uuid);
	snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
	vg_sbom_uuid_of(c.hash, "metadata.component", subject->name, c.root_ref);
	vg_sbom_uuid_of(c.hash, "operating-system", c.os ? c.os->id : NULL, c.os_ref);
	if (vg_sbom_strset_add(&c.refs, c.root_ref) < 0 ||
	    (c.os && vg_sbom_strset_add(&c.refs, c.os_ref) < 0)) {
		r = -ENOMEM;
		goto out;
	}

	root = json_object();
	char schema[64];
	snprintf(schema, sizeof(schema), "http://cyclonedx.org/schema/bom-1.%u.schema.json", minor);
	char spec[8];
	snprintf(spec, sizeof(spec), "1.%u", minor);
	vg_sbom_json_set(root, "$schema", json_string(schema), &c.failed);
	vg_sbom_json_set(root, "bomFormat", json_string("CycloneDX"), &c.failed);
	vg_sbom_json_set(root, "specVersion", json_string(spec), &c.failed);
	vg_sbom_json_set(root, "serialNumber", json_string(serial), &c.failed);
	vg_sbom_json_set(root, "version", json_integer(1), &c.failed);
	vg_sbom_json_set(root, "metadata", metadata_json(&c, timestamp), &c.failed);

	json_t *components = json_array();
	json_t *root_deps = json_array();
	json_t *os_deps = c.os ? json_array() : NULL;
	if (c.os) {
		vg_sbom_json_push(components, os_component(&c), &c.failed);
		vg_sbom_json_push(root_deps, json_string(c.os_ref), &c.failed);
	}
	size_t n = vg_inventory_count(inv);
	for (size_t i = 0; i < n && !c.failed; i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		const char *purl = vg_sbom_pkg_purl(&c.arena, p, vg_inventory_os(inv));
		const char *base = purl;
		if (!base) {
			/* no purl: a UUID from the content hash, the package's place and name */
			char idx[32], uuid_ref[37];
			snprintf(idx, sizeof(idx), "package:%zu", i);
			vg_sbom_uuid_of(c.hash, idx, p->name, uuid_ref);
			base = vg_arena_strdup(&c.arena, uuid_ref);
		}
		const char *ref = base ? vg_sbom_unique(&c.arena, &c.refs, base, '|') : NULL;
		if (!ref) {
			c.failed = true;
			break;
		}
		vg_sbom_json_push(components, pkg_component(&c, p, ref, purl), &c.failed);
		if (vg_sbom_is_os_pkg(p, c.os))
			vg_sbom_json_push(os_deps, vg_sbom_json_str(ref), &c.failed);
		else
			vg_sbom_json_push(root_deps, vg_sbom_json_str(ref), &c.failed);
	}
	vg_sbom_json_set(root, "components", components, &c.failed);

	json_t *deps = json_array();
	vg_sbom_json_push(deps, dependency(c.root_ref, root_deps, &c.failed), &c.failed);
	if (c.os)
		vg_sbom_json_push(deps, dependency(c.os_ref, os_deps, &c.failed), &c.failed);
	vg_sbom_json_set(root, "dependencies", deps, &c.failed);

	r = c.failed ? -ENOMEM : vg_sbom_json_dump(root, out);
out:
	json_decref(root);
	vg_sbom_strset_release(&c.refs);
	vg_arena_release(&c.arena);
	return r;
}
