/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbom_read.c - a CycloneDX (JSON, 1.2 and later 1.x) or SPDX 2.x JSON document into an
 * inventory, so that an SBOM can be scanned like an image.
 *
 * The format is told by the top-level key: "bomFormat": "CycloneDX" or "spdxVersion":
 * "SPDX-2.x". Packages are the components (walked recursively, metadata.component's children
 * included) or SPDX packages that carry a purl; those without one cannot be matched and are
 * skipped, as Trivy skips them, and so are images (pkg:oci, pkg:docker). From the purl come the
 * type, the ecosystem (deb + distro "debian-12.15" -> "Debian:12", apk -> "Alpine:v3.18",
 * golang -> "Go", npm, pypi -> "PyPI", maven -> "Maven", cargo -> "crates.io", rpm by vendor),
 * the architecture and, when the name is not given apart, the name (Maven "group:artifact", npm
 * "@scope/name", Go the module path). The OS is the operating-system component (SPDX: the
 * OPERATING_SYSTEM package), else the first OS package's distro qualifier; OS packages without
 * a distro qualifier take its ecosystem. Source package, file and layer come from vigil:*,
 * aquasecurity:trivy:* or syft:location:0:* properties and syft's "upstream" qualifier (SPDX:
 * sourceInfo "built package from: NAME VERSION" and "Key: value" annotations). An SBOM that
 * gives no source package leaves src_name NULL: the matcher falls back to the name.
 *
 * Malformed JSON fails with jansson's message at file:line:column; a document that is JSON but
 * not what the schema says where vigil reads it (a purl that is not a string or not a purl, a
 * components member that is not an array ...) fails naming the JSON path. The caller caps the
 * input size; component nesting is capped at VG_SBOM_MAX_COMPONENT_DEPTH.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "image/image_internal.h"
#include "sbom/sbom_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct rec {
	struct vg_pkg p;
	const char *purl_type;
	const char *purl_ns;
	const char *distro;
};

struct rd {
	const char *file;
	struct vg_diag *diag;
	struct vg_arena arena;
	struct vg_strbuf path;  /* JSON path of the value being read, for messages */
	struct rec *recs;       /* heap vector */
	size_t n, cap;
	struct vg_os os;
	bool have_os;
	json_t *extracted;      /* SPDX hasExtractedLicensingInfos, borrowed */
};

/* ---- errors and paths ------------------------------------------------------------------- */

static int fail(struct rd *r, enum vg_diag_code code, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct rd *r, enum vg_diag_code code, int err, const char *fmt, ...)
{
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_diag_set(r->diag, code, r->file, 0, 0, "%s", msg);
	return err;
}

static int nomem(struct rd *r)
{
	return fail(r, VG_DIAG_IO, -ENOMEM, "out of memory");
}

/* Append ".key" or "[i]" to the path; returns the old length for path_pop(). */
static size_t path_key(struct rd *r, const char *key)
{
	size_t old = r->path.len;
	if (vg_strbuf_printf(&r->path, "%s%s", old ? "." : "", key) < 0)
		vg_strbuf_truncate(&r->path, old);
	return old;
}

static size_t path_index(struct rd *r, size_t i)
{
	size_t old = r->path.len;
	if (vg_strbuf_printf(&r->path, "[%zu]", i) < 0)
		vg_strbuf_truncate(&r->path, old);
	return old;
}

static void path_pop(struct rd *r, size_t old)
{
	vg_strbuf_truncate(&r->path, old);
}

static const char *path_str(struct rd *r)
{
	return r->path.len ? vg_strbuf_str(&r->path) : "(top level)";
}

/* Member @key of @obj as a string: *ret NULL when absent or null; -EBADMSG when another type. */
static int get_str(struct rd *r, const json_t *obj, const char *key, const char **ret)
{
	json_t *v = json_object_get(obj, key);
	*ret = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		size_t old = path_key(r, key);
		int e = fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "'%s' is not a string", path_str(r));
		path_pop(r, old);
		return e;
	}
	*ret = json_string_value(v);
	return 0;
}

/* Member @key of @obj as an array: NULL when absent or null; -EBADMSG when another type. */
static int get_array(struct rd *r, const json_t *obj, const char *key, json_t **ret)
{
	json_t *v = json_object_get(obj, key);
	*ret = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v)) {
		size_t old = path_key(r, key);
		int e = fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "'%s' is not an array", path_str(r));
		path_pop(r, old);
		return e;
	}
	*ret = v;
	return 0;
}

static int not_object(struct rd *r)
{
	return fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "'%s' is not an object", path_str(r));
}

/* ---- ecosystems -------------------------------------------------------------------------- */

static const struct {
	const char *purl_type;
	enum vg_pkg_type type;
	const char *ecosystem; /* NULL: from the OS */
} purl_types[] = {
	{ "deb", VG_PKG_DPKG, NULL },      { "apk", VG_PKG_APK, NULL },
	{ "rpm", VG_PKG_RPM, NULL },       { "golang", VG_PKG_GOBINARY, "Go" },
	{ "npm", VG_PKG_NPM, "npm" },      { "pypi", VG_PKG_PYTHON, "PyPI" },
	{ "maven", VG_PKG_JAR, "Maven" },  { "cargo", VG_PKG_CARGO, "crates.io" },
	{ "gem", VG_PKG_OTHER, "RubyGems" }, { "nuget", VG_PKG_OTHER, "NuGet" },
	{ "composer", VG_PKG_OTHER, "Packagist" }, { "hex", VG_PKG_OTHER, "Hex" },
	{ "pub", VG_PKG_OTHER, "Pub" },    { "swift", VG_PKG_OTHER, "SwiftURL" },
	{ "cran", VG_PKG_OTHER, "CRAN" },  { "conan", VG_PKG_OTHER, "ConanCenter" },
};

static int purl_type_index(const char *t)
{
	for (size_t i = 0; i < sizeof(purl_types) / sizeof(purl_types[0]); i++)
		if (strcmp(purl_types[i].purl_type, t) == 0)
			return (int)i;
	return -1;
}

/* An OS package's distro qualifier: "debian-12.15" -> (debian, 12.15); apk's bare "3.18.4" ->
 * (@ns, 3.18.4). false when there is nothing usable. */
static bool split_distro(struct vg_arena *a, const char *distro, const char *ns,
			 const char **ret_id, const char **ret_version)
{
	if (!distro || !*distro)
		return false;
	if (isdigit((unsigned char)distro[0])) {
		*ret_id = ns;
		*ret_version = distro;
		return ns != NULL;
	}
	const char *dash = strrchr(distro, '-');
	if (!dash || !isdigit((unsigned char)dash[1]))
		return false; /* a codename ("bookworm"): the OS component has to tell */
	*ret_id = vg_arena_strndup(a, distro, (size_t)(dash - distro));
	*ret_version = dash + 1;
	return *ret_id != NULL;
}

static char *lower_dup(struct vg_arena *a, const char *s)
{
	char *d = s ? vg_arena_strdup(a, s) : NULL;
	if (d)
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

/* Record the OS (the first one wins). */
static int set_os(struct rd *r, const char *id, const char *version, const char *pretty)
{
	if (r->have_os || !id || !*id)
		return 0;
	struct vg_arena *a = &r->arena;
	struct vg_os os = { 0 };
	os.id = lower_dup(a, id);
	if (!os.id)
		return nomem(r);
	os.version = version && *version ? version : NULL;
	if (os.version) {
		int dots = strcmp(os.id, "alpine") == 0 ? 2 : strcmp(os.id, "debian") == 0 ? 0 : 1;
		os.version_id = vg_os_numeric_prefix(a, os.version, dots);
	}
	os.pretty_name = pretty;
	os.ecosystem = vg_os_ecosystem(a, os.id, os.version, NULL);
	r->os = os;
	r->have_os = true;
	return 0;
}

/* ---- packages ---------------------------------------------------------------------------- */

/* Fields read from the document; the purl decides the rest. */
struct found {
	const char *purl;
	const char *group, *name, *version;
	const char *licenses, *supplier;
	const char *src_name, *src_version, *src_release, *src_epoch;
	const char *file, *layer, *pkg_type;
};

static int add_pkg(struct rd *r, const struct found *f, const char *purl_key)
{
	struct vg_arena *a = &r->arena;
	struct vg_sbom_purl pu;
	const char *why = NULL;
	int e = vg_sbom_purl_parse(a, f->purl, &pu, &why);
	if (e == -ENOMEM)
		return nomem(r);
	if (e < 0) {
		size_t old = path_key(r, purl_key);
		e = fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "'%s': invalid purl '%s': %s", path_str(r),
			 f->purl, why);
		path_pop(r, old);
		return e;
	}
	/* an image (Trivy's root package, images listed in a Kubernetes BOM) is not a package */
	if (strcmp(pu.type, "oci") == 0 || strcmp(pu.type, "docker") == 0)
		return 0;
	int ti = purl_type_index(pu.type);
	struct rec rec = { 0 };
	struct vg_pkg *p = &rec.p;
	p->type = ti >= 0 ? purl_types[ti].type : VG_PKG_OTHER;
	if (f->pkg_type) {
		for (int t = 0; t < VG_PKG_TYPE_COUNT; t++)
			if (strcmp(f->pkg_type, vg_pkg_type_name((enum vg_pkg_type)t)) == 0)
				p->type = (enum vg_pkg_type)t;
	}

	/* names: the purl loses case (Go, PyPI), so the document's own name wins, except for
	 * the types whose name is namespace + name, which the purl keeps intact */
	bool maven = strcmp(pu.type, "maven") == 0, npm = strcmp(pu.type, "npm") == 0;
	if ((maven || npm) && pu.namespace)
		p->name = vg_arena_printf(a, "%s%c%s", pu.namespace, maven ? ':' : '/', pu.name);
	else if (f->name && *f->name && f->group && *f->group)
		p->name = vg_arena_printf(a, "%s%c%s", f->group, maven ? ':' : '/', f->name);
	else if (f->name && *f->name)
		p->name = f->name;
	else if (strcmp(pu.type, "golang") == 0 && pu.namespace)
		p->name = vg_arena_printf(a, "%s/%s", pu.namespace, pu.name);
	else
		p->name = pu.name;
	if (!p->name)
		return nomem(r);

	p->version = f->version && *f->version ? f->version : pu.version;
	const char *epoch = vg_sbom_purl_qualifier(&pu, "epoch");
	if (p->version == pu.version && pu.version && epoch && strcmp(epoch, "0") != 0 &&
	    !strchr(pu.version, ':')) {
		p->version = vg_arena_printf(a, "%s:%s", epoch, pu.version);
		if (!p->version)
			return nomem(r);
	}
	p->purl = f->purl;
	p->arch = vg_sbom_purl_qualifier(&pu, "arch");
	p->licenses = f->licenses;
	p->supplier = f->supplier;
	p->src_name = f->src_name;
	p->src_version = f->src_version;
	const char *upstream = vg_sbom_purl_qualifier(&pu, "upstream"); /* syft: "src" or "src@ver" */
	if (!p->src_name && upstream) {
		const char *at = strchr(upstream, '@');
		p->src_name = at ? vg_arena_strndup(a, upstream, (size_t)(at - upstream)) : upstream;
		if (!p->src_name)
			return nomem(r);
		if (at && at[1] && !p->src_version)
			p->src_version = at + 1;
	}
	/* Trivy splits rpm source versions: [SrcEpoch:]SrcVersion[-SrcRelease] */
	if (f->src_version && f->src_release && *f->src_release &&
	    !(p->src_version = vg_arena_printf(a, "%s-%s", f->src_version, f->src_release)))
		return nomem(r);
	if (p->src_version && f->src_epoch && *f->src_epoch && strcmp(f->src_epoch, "0") != 0 &&
	    !(p->src_version = vg_arena_printf(a, "%s:%s", f->src_epoch, p->src_version)))
		return nomem(r);
	p->file = f->file;
	p->layer = f->layer;
	p->ecosystem = ti >= 0 ? purl_types[ti].ecosystem : NULL;
	rec.purl_type = pu.type;
	rec.purl_ns = pu.namespace;
	rec.distro = vg_sbom_purl_qualifier(&pu, "distro");

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct rec *v = realloc(r->recs, cap * sizeof(*v));
		if (!v)
			return nomem(r);
		r->recs = v;
		r->cap = cap;
	}
	r->recs[r->n++] = rec;
	return 0;
}

/* Properties (CycloneDX): vigil:*, aquasecurity:trivy:* and syft's first location. */
static int read_properties(struct rd *r, const json_t *comp, struct found *f)
{
	json_t *props;
	int e = get_array(r, comp, "properties", &props);
	if (e < 0 || !props)
		return e;
	size_t old = path_key(r, "properties");
	size_t i;
	json_t *pr;
	json_array_foreach(props, i, pr) {
		size_t o2 = path_index(r, i);
		const char *name, *value;
		if (!json_is_object(pr))
			return not_object(r);
		if ((e = get_str(r, pr, "name", &name)) < 0 || (e = get_str(r, pr, "value", &value)) < 0)
			return e;
		path_pop(r, o2);
		if (!name || !value)
			continue;
		const char *key = NULL;
		if (strncmp(name, "vigil:", 6) == 0)
			key = name + 6;
		else if (strncmp(name, "aquasecurity:trivy:", 19) == 0)
			key = name + 19;
		else if (strcmp(name, "syft:location:0:path") == 0)
			key = "FilePath";
		else if (strcmp(name, "syft:location:0:layerID") == 0)
			key = "LayerDiffID";
		if (!key)
			continue;
		if (strcmp(key, "SrcName") == 0)
			f->src_name = value;
		else if (strcmp(key, "SrcVersion") == 0)
			f->src_version = value;
		else if (strcmp(key, "SrcRelease") == 0)
			f->src_release = value;
		else if (strcmp(key, "SrcEpoch") == 0)
			f->src_epoch = value;
		else if (strcmp(key, "FilePath") == 0)
			f->file = value;
		else if (strcmp(key, "LayerDiffID") == 0)
			f->layer = value;
		else if (strcmp(key, "PkgType") == 0 && name[0] == 'v')
			f->pkg_type = value; /* only vigil's own names mean vigil's types */
	}
	path_pop(r, old);
	return 0;
}

/* CycloneDX licenses: ids, names and expressions joined with " AND ". */
static int read_cdx_licenses(struct rd *r, const json_t *comp, const char **ret)
{
	json_t *lics;
	int e = get_array(r, comp, "licenses", &lics);
	*ret = NULL;
	if (e < 0 || !lics)
		return e;
	struct vg_strbuf b;
	vg_strbuf_init(&b, 0);
	size_t old = path_key(r, "licenses");
	size_t i, count = 0;
	json_t *lc;
	json_array_foreach(lics, i, lc) {
		size_t o2 = path_index(r, i);
		if (!json_is_object(lc)) {
			e = not_object(r);
			goto out;
		}
		const char *s = NULL;
		bool compound = false;
		json_t *l = json_object_get(lc, "license");
		if (l && json_is_object(l)) {
			size_t o3 = path_key(r, "license");
			if ((e = get_str(r, l, "id", &s)) < 0 || (!s && (e = get_str(r, l, "name", &s)) < 0))
				goto out;
			path_pop(r, o3);
		} else {
			if ((e = get_str(r, lc, "expression", &s)) < 0)
				goto out;
			compound = s && (strchr(s, ' ') != NULL);
		}
		path_pop(r, o2);
		if (!s || !*s)
			continue;
		bool wrap = compound && json_array_size(lics) > 1;
		if ((count && vg_strbuf_puts(&b, " AND ") < 0) ||
		    vg_strbuf_printf(&b, "%s%s%s", wrap ? "(" : "", s, wrap ? ")" : "") < 0) {
			e = nomem(r);
			goto out;
		}
		count++;
	}
	path_pop(r, old);
	if (count && !(*ret = vg_arena_strndup(&r->arena, vg_strbuf_str(&b), b.len)))
		e = nomem(r);
out:
	vg_strbuf_release(&b);
	return e;
}

static int walk_components(struct rd *r, const json_t *arr, unsigned depth);

static int read_component(struct rd *r, const json_t *c, unsigned depth)
{
	if (!json_is_object(c))
		return not_object(r);
	int e;
	const char *type, *name, *version;
	if ((e = get_str(r, c, "type", &type)) < 0 || (e = get_str(r, c, "name", &name)) < 0 ||
	    (e = get_str(r, c, "version", &version)) < 0)
		return e;
	if (type && strcmp(type, "operating-system") == 0) {
		const char *desc;
		if ((e = get_str(r, c, "description", &desc)) < 0 ||
		    (e = set_os(r, name, version, desc)) < 0)
			return e;
	} else {
		struct found f = { .name = name, .version = version };
		if ((e = get_str(r, c, "purl", &f.purl)) < 0 ||
		    (e = get_str(r, c, "group", &f.group)) < 0)
			return e;
		json_t *sup = json_object_get(c, "supplier");
		if (sup && json_is_object(sup)) {
			size_t old = path_key(r, "supplier");
			e = get_str(r, sup, "name", &f.supplier);
			if (e < 0)
				return e;
			path_pop(r, old);
		}
		if (f.purl && *f.purl) {
			if ((e = read_cdx_licenses(r, c, &f.licenses)) < 0 ||
			    (e = read_properties(r, c, &f)) < 0 || (e = add_pkg(r, &f, "purl")) < 0)
				return e;
		}
	}
	json_t *sub;
	if ((e = get_array(r, c, "components", &sub)) < 0)
		return e;
	if (sub) {
		size_t old = path_key(r, "components");
		if ((e = walk_components(r, sub, depth + 1)) < 0)
			return e;
		path_pop(r, old);
	}
	return 0;
}

static int walk_components(struct rd *r, const json_t *arr, unsigned depth)
{
	if (depth > VG_SBOM_MAX_COMPONENT_DEPTH)
		return fail(r, VG_DIAG_LIMIT, -EFBIG, "components nested deeper than %u levels",
			    VG_SBOM_MAX_COMPONENT_DEPTH);
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c) {
		size_t old = path_index(r, i);
		int e = read_component(r, c, depth);
		if (e < 0)
			return e;
		path_pop(r, old);
	}
	return 0;
}

static int read_cyclonedx(struct rd *r, const json_t *root)
{
	const char *spec;
	int e = get_str(r, root, "specVersion", &spec);
	if (e < 0)
		return e;
	if (!spec)
		return fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "CycloneDX document without 'specVersion'");
	/* JSON exists from 1.2 on; later 1.x only add fields */
	char *end;
	unsigned long minor = 0;
	bool ok = strncmp(spec, "1.", 2) == 0 && isdigit((unsigned char)spec[2]) &&
		  ((minor = strtoul(spec + 2, &end, 10)), *end == '\0') && minor >= 2;
	if (!ok)
		return fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "unsupported CycloneDX specVersion '%s'",
			    spec);

	json_t *meta = json_object_get(root, "metadata");
	json_t *mc = meta && json_is_object(meta) ? json_object_get(meta, "component") : NULL;
	if (mc && json_is_object(mc)) {
		json_t *sub;
		size_t old = path_key(r, "metadata.component");
		if ((e = get_array(r, mc, "components", &sub)) < 0)
			return e;
		if (sub) {
			path_key(r, "components");
			if ((e = walk_components(r, sub, 1)) < 0)
				return e;
		}
		path_pop(r, old);
	}
	json_t *comps;
	if ((e = get_array(r, root, "components", &comps)) < 0)
		return e;
	if (comps) {
		size_t old = path_key(r, "components");
		if ((e = walk_components(r, comps, 0)) < 0)
			return e;
		path_pop(r, old);
	}
	return 0;
}

/* ---- SPDX -------------------------------------------------------------------------------- */

static bool noassertion(const char *s)
{
	return !s || !*s || strcmp(s, "NOASSERTION") == 0 || strcmp(s, "NONE") == 0;
}

/* A LicenseRef- defined in hasExtractedLicensingInfos with a name: that name. */
static const char *extracted_name(struct rd *r, const char *ref)
{
	size_t i;
	json_t *e;
	if (!r->extracted || strncmp(ref, "LicenseRef-", 11) != 0)
		return ref;
	json_array_foreach(r->extracted, i, e) {
		json_t *id = json_object_get(e, "licenseId");
		json_t *name = json_object_get(e, "name");
		if (json_is_string(id) && strcmp(json_string_value(id), ref) == 0 &&
		    json_is_string(name) && !noassertion(json_string_value(name)))
			return json_string_value(name);
	}
	return ref;
}

static int read_spdx_package(struct rd *r, const json_t *pk)
{
	if (!json_is_object(pk))
		return not_object(r);
	int e;
	const char *spdxid, *name, *version, *purpose;
	if ((e = get_str(r, pk, "SPDXID", &spdxid)) < 0 || (e = get_str(r, pk, "name", &name)) < 0 ||
	    (e = get_str(r, pk, "versionInfo", &version)) < 0 ||
	    (e = get_str(r, pk, "primaryPackagePurpose", &purpose)) < 0)
		return e;
	if ((purpose && (strcmp(purpose, "OPERATING_SYSTEM") == 0 ||
			 strcmp(purpose, "OPERATING-SYSTEM") == 0)) ||
	    (spdxid && strncmp(spdxid, "SPDXRef-OperatingSystem-", 24) == 0)) {
		const char *desc;
		if ((e = get_str(r, pk, "description", &desc)) < 0)
			return e;
		return set_os(r, name, version, desc);
	}

	struct found f = { .name = name, .version = version };
	json_t *refs;
	if ((e = get_array(r, pk, "externalRefs", &refs)) < 0)
		return e;
	size_t i, purl_index = 0;
	json_t *ref;
	if (refs) {
		size_t old = path_key(r, "externalRefs");
		json_array_foreach(refs, i, ref) {
			size_t o2 = path_index(r, i);
			const char *rtype, *loc;
			if (!json_is_object(ref))
				return not_object(r);
			if ((e = get_str(r, ref, "referenceType", &rtype)) < 0 ||
			    (e = get_str(r, ref, "referenceLocator", &loc)) < 0)
				return e;
			path_pop(r, o2);
			if (rtype && strcmp(rtype, "purl") == 0 && loc && *loc) {
				f.purl = loc;
				purl_index = i;
				break;
			}
		}
		path_pop(r, old);
	}
	if (!f.purl)
		return 0;

	const char *sup, *declared, *concluded, *src;
	if ((e = get_str(r, pk, "supplier", &sup)) < 0 ||
	    (e = get_str(r, pk, "licenseDeclared", &declared)) < 0 ||
	    (e = get_str(r, pk, "licenseConcluded", &concluded)) < 0 ||
	    (e = get_str(r, pk, "sourceInfo", &src)) < 0)
		return e;
	if (!noassertion(sup)) {
		static const char *const kinds[] = { "Organization:", "Person:", "Tool:" };
		f.supplier = sup;
		for (size_t k = 0; k < 3; k++) {
			size_t kl = strlen(kinds[k]);
			if (strncmp(sup, kinds[k], kl) == 0) {
				f.supplier = sup + kl;
				while (*f.supplier == ' ')
					f.supplier++;
			}
		}
		if (noassertion(f.supplier))
			f.supplier = NULL;
	}
	const char *lic = !noassertion(declared) ? declared : !noassertion(concluded) ? concluded : NULL;
	f.licenses = lic ? extracted_name(r, lic) : NULL;

	static const char prefix[] = "built package from: ";
	if (src && strncmp(src, prefix, sizeof(prefix) - 1) == 0) {
		const char *s = src + sizeof(prefix) - 1;
		const char *sp = strchr(s, ' ');
		f.src_name = sp ? vg_arena_strndup(&r->arena, s, (size_t)(sp - s)) : s;
		if (!f.src_name)
			return nomem(r);
		if (sp && sp[1])
			f.src_version = sp + 1;
	}

	json_t *anns;
	if ((e = get_array(r, pk, "annotations", &anns)) < 0)
		return e;
	json_t *an;
	if (anns) {
		size_t old = path_key(r, "annotations");
		json_array_foreach(anns, i, an) {
			size_t o2 = path_index(r, i);
			const char *comment;
			if (!json_is_object(an))
				return not_object(r);
			if ((e = get_str(r, an, "comment", &comment)) < 0)
				return e;
			path_pop(r, o2);
			const char *colon = comment ? strstr(comment, ": ") : NULL;
			if (!colon)
				continue;
			size_t kl = (size_t)(colon - comment);
			const char *v = colon + 2;
			if (kl == 8 && memcmp(comment, "FilePath", 8) == 0)
				f.file = v;
			else if (kl == 11 && memcmp(comment, "LayerDiffID", 11) == 0)
				f.layer = v;
			else if (kl == 7 && memcmp(comment, "PkgType", 7) == 0)
				f.pkg_type = v;
		}
		path_pop(r, old);
	}

	char key[64];
	snprintf(key, sizeof(key), "externalRefs[%zu].referenceLocator", purl_index);
	return add_pkg(r, &f, key);
}

static int read_spdx(struct rd *r, const json_t *root)
{
	const char *ver;
	int e = get_str(r, root, "spdxVersion", &ver);
	if (e < 0)
		return e;
	if (!ver || strncmp(ver, "SPDX-2.", 7) != 0)
		return fail(r, VG_DIAG_SEMANTIC, -EBADMSG, "unsupported spdxVersion '%s'",
			    ver ? ver : "");
	if ((e = get_array(r, root, "hasExtractedLicensingInfos", &r->extracted)) < 0)
		return e;
	json_t *pkgs;
	if ((e = get_array(r, root, "packages", &pkgs)) < 0)
		return e;
	if (!pkgs)
		return 0;
	size_t old = path_key(r, "packages");
	size_t i;
	json_t *pk;
	json_array_foreach(pkgs, i, pk) {
		size_t o2 = path_index(r, i);
		if ((e = read_spdx_package(r, pk)) < 0)
			return e;
		path_pop(r, o2);
	}
	path_pop(r, old);
	return 0;
}

/* ---- the inventory ----------------------------------------------------------------------- */

static bool is_os_type(const struct rec *rec)
{
	return strcmp(rec->purl_type, "deb") == 0 || strcmp(rec->purl_type, "apk") == 0 ||
	       strcmp(rec->purl_type, "rpm") == 0;
}

static int build(struct rd *r, struct vg_inventory **ret_inv)
{
	struct vg_arena *a = &r->arena;
	int e;
	/* no operating-system component: the first OS package's distro qualifier */
	for (size_t i = 0; i < r->n && !r->have_os; i++) {
		const char *id, *version;
		if (is_os_type(&r->recs[i]) &&
		    split_distro(a, r->recs[i].distro, r->recs[i].purl_ns, &id, &version) &&
		    (e = set_os(r, id, version, NULL)) < 0)
			return e;
	}
	for (size_t i = 0; i < r->n; i++) {
		struct rec *rec = &r->recs[i];
		if (!is_os_type(rec))
			continue;
		const char *id, *version;
		if (split_distro(a, rec->distro, rec->purl_ns, &id, &version))
			rec->p.ecosystem = vg_os_ecosystem(a, id, version, NULL);
		else if (r->have_os)
			rec->p.ecosystem = r->os.ecosystem;
	}

	struct vg_inventory *inv = NULL;
	if ((e = vg_inventory_new(&inv)) < 0)
		return nomem(r);
	if (r->have_os && (e = vg_inventory_set_os(inv, &r->os)) < 0)
		goto fail;
	for (size_t i = 0; i < r->n; i++)
		if ((e = vg_inventory_add(inv, &r->recs[i].p)) < 0)
			goto fail;
	*ret_inv = inv;
	return 0;
fail:
	vg_inventory_free(inv);
	return nomem(r);
}

int vg_sbom_read(const char *file, const char *buf, size_t len, struct vg_inventory **ret_inv,
		 struct vg_diag *ret_diag)
{
	if ((!buf && len) || !ret_inv)
		return -EINVAL;
	struct rd r = { .file = file, .diag = ret_diag };
	vg_arena_init(&r.arena, 64 * 1024);
	vg_strbuf_init(&r.path, 4096);
	json_t *root = NULL;
	int e;

	/* a UTF-8 byte order mark is not JSON, but Windows tools write one */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	json_error_t jerr;
	root = json_loadb(buf ? buf : "", len, 0, &jerr);
	if (!root) {
		vg_diag_set(ret_diag, VG_DIAG_SYNTAX, file, jerr.line > 0 ? (uint32_t)jerr.line : 0,
			    jerr.column > 0 ? (uint32_t)jerr.column : 0, "%s", jerr.text);
		e = -EBADMSG;
		goto out;
	}
	if (!json_is_object(root)) {
		e = fail(&r, VG_DIAG_SEMANTIC, -EBADMSG,
			 "not a CycloneDX or SPDX document: the top level is not an object");
		goto out;
	}
	json_t *bf = json_object_get(root, "bomFormat");
	if (bf) {
		if (!json_is_string(bf) || strcmp(json_string_value(bf), "CycloneDX") != 0) {
			e = fail(&r, VG_DIAG_SEMANTIC, -EBADMSG, "'bomFormat' is not \"CycloneDX\"");
			goto out;
		}
		e = read_cyclonedx(&r, root);
	} else if (json_object_get(root, "spdxVersion")) {
		e = read_spdx(&r, root);
	} else {
		e = fail(&r, VG_DIAG_SEMANTIC, -EBADMSG,
			 "not a CycloneDX or SPDX document: no 'bomFormat' or 'spdxVersion'");
	}
	if (e == 0)
		e = build(&r, ret_inv);
out:
	json_decref(root);
	free(r.recs);
	vg_strbuf_release(&r.path);
	vg_arena_release(&r.arena);
	return e;
}
