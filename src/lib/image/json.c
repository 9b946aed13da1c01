/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c - the JSON documents of an image (jansson): docker-archive manifest.json, OCI
 * index.json / nested image indexes, OCI and Docker v2 image manifests, and image configs.
 *
 * Sizes are capped by the caller (max_json) before parsing. Digests are validated against the
 * OCI grammar (algorithm-component [+._-] ..., ':' encoded [A-Za-z0-9=_-]+) before they are used
 * as blobs/<alg>/<encoded> paths, so a digest can never name a file outside blobs/.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "image/image_internal.h"
#include "util/banned.h"

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"

static int load(const char *input, const char *what, const char *buf, size_t len, json_t **ret,
		struct vg_diag *diag)
{
	json_error_t err;
	json_t *root = json_loadb(buf, len, 0, &err);
	if (!root) {
		vg_diag_set(diag, VG_DIAG_SYNTAX, input, (uint32_t)(err.line > 0 ? err.line : 0),
			    (uint32_t)(err.column > 0 ? err.column : 0), "%s: %s", what, err.text);
		return -EBADMSG;
	}
	*ret = root;
	return 0;
}

static int bad(struct vg_diag *diag, const char *input, const char *what, const char *problem)
{
	vg_diag_set(diag, VG_DIAG_SYNTAX, input, 0, 0, "%s: %s", what, problem);
	return -EBADMSG;
}

/* A copy of a JSON string (NULL when @v is not a string; *ret_oom on allocation failure). */
static const char *str_of(struct vg_arena *a, const json_t *v, bool *ret_oom)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = vg_arena_strndup(a, json_string_value(v), json_string_length(v));
	if (!s)
		*ret_oom = true;
	return s;
}

/* The string members of array @arr (others skipped). */
static const char *const *str_array(struct vg_arena *a, const json_t *arr, size_t *ret_n,
				    bool *ret_oom)
{
	*ret_n = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	const char **v = vg_arena_calloc(a, json_array_size(arr), sizeof(*v));
	if (!v) {
		*ret_oom = true;
		return NULL;
	}
	size_t i, n = 0;
	json_t *it;
	json_array_foreach(arr, i, it) {
		const char *s = str_of(a, it, ret_oom);
		if (s)
			v[n++] = s;
	}
	*ret_n = n;
	return v;
}

bool vg_digest_valid(const char *d)
{
	/* algorithm */
	const char *p = d;
	bool comp = false;
	for (; *p && *p != ':'; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			comp = true;
		} else if ((c == '+' || c == '.' || c == '_' || c == '-') && comp) {
			comp = false;
		} else {
			return false;
		}
	}
	if (*p != ':' || !comp)
		return false;
	p++;
	if (!*p)
		return false;
	for (; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '=' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* ---- config ---------------------------------------------------------------------------------- */

int vg_image_parse_config(struct vg_arena *a, const char *input, const char *what,
			  const char *buf, size_t len, struct vg_image_config *cfg,
			  const char *const **ret_diff_ids, size_t *ret_ndiff_ids,
			  struct vg_diag *diag)
{
	json_t *root;
	int r = load(input, what, buf, len, &root, diag);
	if (r < 0)
		return r;
	struct vg_image_config c;
	memset(&c, 0, sizeof(c));
	bool oom = false;
	const char **diff_ids = NULL;
	size_t ndiff = 0;
	if (!json_is_object(root)) {
		r = bad(diag, input, what, "not a JSON object");
		goto out;
	}
	c.os = str_of(a, json_object_get(root, "os"), &oom);
	c.architecture = str_of(a, json_object_get(root, "architecture"), &oom);
	json_t *cc = json_object_get(root, "config");
	if (json_is_object(cc)) {
		c.user = str_of(a, json_object_get(cc, "User"), &oom);
		c.working_dir = str_of(a, json_object_get(cc, "WorkingDir"), &oom);
		c.env = str_array(a, json_object_get(cc, "Env"), &c.nenv, &oom);
		c.entrypoint = str_array(a, json_object_get(cc, "Entrypoint"), &c.nentrypoint, &oom);
		c.cmd = str_array(a, json_object_get(cc, "Cmd"), &c.ncmd, &oom);
		json_t *ports = json_object_get(cc, "ExposedPorts");
		if (json_is_object(ports) && json_object_size(ports)) {
			const char **pv = vg_arena_calloc(a, json_object_size(ports), sizeof(*pv));
			const char *k;
			json_t *v;
			if (!pv)
				oom = true;
			else
				json_object_foreach(ports, k, v) {
					(void)v;
					if (!(pv[c.nexposed_ports++] = vg_arena_strdup(a, k)))
						oom = true;
				}
			c.exposed_ports = pv;
		}
		json_t *labels = json_object_get(cc, "Labels");
		if (json_is_object(labels) && json_object_size(labels)) {
			struct vg_kv *kv = vg_arena_calloc(a, json_object_size(labels), sizeof(*kv));
			const char *k;
			json_t *v;
			if (!kv)
				oom = true;
			else
				json_object_foreach(labels, k, v) {
					if (!json_is_string(v))
						continue;
					kv[c.nlabels].key = vg_arena_strdup(a, k);
					kv[c.nlabels].value = str_of(a, v, &oom);
					if (!kv[c.nlabels].key)
						oom = true;
					c.nlabels++;
				}
			c.labels = kv;
		}
	}
	json_t *hist = json_object_get(root, "history");
	if (json_is_array(hist) && json_array_size(hist)) {
		struct vg_image_history *h = vg_arena_calloc(a, json_array_size(hist), sizeof(*h));
		size_t i;
		json_t *it;
		if (!h)
			oom = true;
		else
			json_array_foreach(hist, i, it) {
				if (!json_is_object(it))
					continue;
				h[c.nhistory].created = str_of(a, json_object_get(it, "created"), &oom);
				h[c.nhistory].created_by =
					str_of(a, json_object_get(it, "created_by"), &oom);
				h[c.nhistory].empty_layer =
					json_is_true(json_object_get(it, "empty_layer"));
				c.nhistory++;
			}
		c.history = h;
	}
	json_t *rootfs = json_object_get(root, "rootfs");
	json_t *ids = json_is_object(rootfs) ? json_object_get(rootfs, "diff_ids") : NULL;
	if (ids && !json_is_array(ids) && !json_is_null(ids)) {
		r = bad(diag, input, what, "rootfs.diff_ids is not an array");
		goto out;
	}
	if (json_is_array(ids) && json_array_size(ids)) {
		diff_ids = vg_arena_calloc(a, json_array_size(ids), sizeof(*diff_ids));
		size_t i;
		json_t *it;
		if (!diff_ids) {
			oom = true;
		} else {
			json_array_foreach(ids, i, it) {
				if (!json_is_string(it)) {
					char m[64];
					snprintf(m, sizeof(m), "rootfs.diff_ids[%zu] is not a string", i);
					r = bad(diag, input, what, m);
					goto out;
				}
				diff_ids[ndiff++] = str_of(a, it, &oom);
			}
		}
	}
	if (oom) {
		r = -ENOMEM;
		goto out;
	}
	*cfg = c;
	*ret_diff_ids = diff_ids;
	*ret_ndiff_ids = ndiff;
	r = 0;
out:
	json_decref(root);
	return r;
}

/* ---- docker-archive manifest.json ------------------------------------------------------------ */

/* "docker.io/library/x:latest" and "x" compare equal. */
static void ref_norm(const char *in, char *out, size_t cap)
{
	const char *p = in;
	if (strncmp(p, "docker.io/library/", 18) == 0)
		p += 18;
	else if (strncmp(p, "docker.io/", 10) == 0)
		p += 10;
	else if (strncmp(p, "library/", 8) == 0)
		p += 8;
	const char *slash = strrchr(p, '/');
	const char *tagpart = slash ? slash + 1 : p;
	bool tagged = strchr(tagpart, ':') || strchr(tagpart, '@');
	snprintf(out, cap, "%s%s", p, tagged ? "" : ":latest");
}

static bool ref_match(const char *tag, const char *ref)
{
	if (strcmp(tag, ref) == 0)
		return true;
	char a[1024], b[1024];
	ref_norm(tag, a, sizeof(a));
	ref_norm(ref, b, sizeof(b));
	return strcmp(a, b) == 0;
}

int vg_image_parse_docker_manifest(struct vg_arena *a, const char *input, const char *buf,
				   size_t len, const char *ref, struct vg_docker_entry *ret,
				   struct vg_diag *diag)
{
	const char *what = "manifest.json";
	json_t *root;
	int r = load(input, what, buf, len, &root, diag);
	if (r < 0)
		return r;
	bool oom = false;
	if (!json_is_array(root)) {
		r = bad(diag, input, what, "not a JSON array");
		goto out;
	}
	if (json_array_size(root) == 0) {
		r = bad(diag, input, what, "no images");
		goto out;
	}
	json_t *pick = NULL;
	const char *name = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(root, i, it) {
		if (!json_is_object(it)) {
			r = bad(diag, input, what, "an entry is not an object");
			goto out;
		}
		json_t *tags = json_object_get(it, "RepoTags");
		if (!ref) {
			pick = it;
			if (json_is_array(tags) && json_is_string(json_array_get(tags, 0)))
				name = json_string_value(json_array_get(tags, 0));
			break;
		}
		size_t k;
		json_t *t;
		json_array_foreach(tags, k, t) {
			if (json_is_string(t) && ref_match(json_string_value(t), ref)) {
				pick = it;
				name = json_string_value(t);
				break;
			}
		}
		if (pick)
			break;
	}
	if (!pick) {
		vg_diag_set(diag, VG_DIAG_SEMANTIC, input, 0, 0, "%s: no image tagged '%s'", what, ref);
		r = -ENOENT;
		goto out;
	}
	struct vg_docker_entry e = { 0 };
	e.config = str_of(a, json_object_get(pick, "Config"), &oom);
	if (!e.config && !oom) {
		r = bad(diag, input, what, "an image has no Config");
		goto out;
	}
	json_t *layers = json_object_get(pick, "Layers");
	if (!json_is_array(layers)) {
		r = bad(diag, input, what, "an image has no Layers array");
		goto out;
	}
	json_array_foreach(layers, i, it) {
		if (!json_is_string(it)) {
			r = bad(diag, input, what, "a Layers entry is not a string");
			goto out;
		}
	}
	e.layers = str_array(a, layers, &e.nlayers, &oom);
	if (name && !(e.name = vg_arena_strdup(a, name)))
		oom = true;
	if (oom) {
		r = -ENOMEM;
		goto out;
	}
	*ret = e;
	r = 0;
out:
	json_decref(root);
	return r;
}

/* ---- OCI descriptors ------------------------------------------------------------------------- */

static int parse_desc(struct vg_arena *a, const char *input, const char *what, const json_t *d,
		      struct vg_oci_desc *ret, struct vg_diag *diag)
{
	if (!json_is_object(d))
		return bad(diag, input, what, "a descriptor is not an object");
	json_t *dg = json_object_get(d, "digest");
	if (!json_is_string(dg) || !vg_digest_valid(json_string_value(dg)) ||
	    strlen(json_string_value(dg)) != json_string_length(dg))
		return bad(diag, input, what, "a descriptor has no valid digest");
	json_t *sz = json_object_get(d, "size");
	if (sz && !json_is_null(sz) && (!json_is_integer(sz) || json_integer_value(sz) < 0))
		return bad(diag, input, what, "a descriptor has an invalid size");
	bool oom = false;
	struct vg_oci_desc o = { 0 };
	o.digest = str_of(a, dg, &oom);
	o.media_type = str_of(a, json_object_get(d, "mediaType"), &oom);
	o.size = json_is_integer(sz) ? (uint64_t)json_integer_value(sz) : 0;
	json_t *ann = json_object_get(d, "annotations");
	if (json_is_object(ann)) {
		o.ref_name = str_of(a, json_object_get(ann, "org.opencontainers.image.ref.name"), &oom);
		if (!o.ref_name)
			o.ref_name = str_of(a, json_object_get(ann, "io.containerd.image.name"), &oom);
	}
	o.is_index = o.media_type && (strcmp(o.media_type, MT_OCI_INDEX) == 0 ||
				      strcmp(o.media_type, MT_DOCKER_LIST) == 0);
	if (oom)
		return -ENOMEM;
	*ret = o;
	return 0;
}

static bool desc_ref_match(const json_t *d, const char *ref)
{
	json_t *ann = json_object_get(d, "annotations");
	if (!json_is_object(ann))
		return false;
	const char *rn = json_string_value(json_object_get(ann, "org.opencontainers.image.ref.name"));
	const char *cn = json_string_value(json_object_get(ann, "io.containerd.image.name"));
	if (rn && strcmp(rn, ref) == 0)
		return true;
	if (cn && ref_match(cn, ref))
		return true;
	/* "example/bookworm:layered" against ref.name "layered" */
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');
	return rn && colon && strcmp(rn, colon + 1) == 0;
}

/* 2: linux/amd64, 1: no platform, 0: another platform. */
static int platform_rank(const json_t *d)
{
	json_t *p = json_object_get(d, "platform");
	if (!json_is_object(p))
		return 1;
	const char *os = json_string_value(json_object_get(p, "os"));
	const char *arch = json_string_value(json_object_get(p, "architecture"));
	return os && arch && strcmp(os, "linux") == 0 && strcmp(arch, "amd64") == 0 ? 2 : 0;
}

int vg_image_parse_oci_index(struct vg_arena *a, const char *input, const char *what,
			     const char *buf, size_t len, const char *ref, bool top,
			     struct vg_oci_desc *ret, struct vg_diag *diag)
{
	json_t *root;
	int r = load(input, what, buf, len, &root, diag);
	if (r < 0)
		return r;
	json_t *ms = json_is_object(root) ? json_object_get(root, "manifests") : NULL;
	if (!json_is_array(ms)) {
		r = bad(diag, input, what, "no manifests array");
		goto out;
	}
	json_t *best = NULL;
	int best_rank = 0;
	size_t i;
	json_t *it;
	json_array_foreach(ms, i, it) {
		if (!json_is_object(it)) {
			r = bad(diag, input, what, "a manifests entry is not an object");
			goto out;
		}
		if (top && ref && !desc_ref_match(it, ref))
			continue;
		int rank = platform_rank(it);
		if (rank > best_rank) {
			best = it;
			best_rank = rank;
			if (rank == 2)
				break;
		}
	}
	if (!best) {
		if (top && ref)
			vg_diag_set(diag, VG_DIAG_SEMANTIC, input, 0, 0,
				    "%s: no image named '%s' for linux/amd64", what, ref);
		else
			vg_diag_set(diag, VG_DIAG_SEMANTIC, input, 0, 0,
				    "%s: no image for linux/amd64", what);
		r = -ENOENT;
		goto out;
	}
	r = parse_desc(a, input, what, best, ret, diag);
out:
	json_decref(root);
	return r;
}

int vg_image_parse_oci_manifest(struct vg_arena *a, const char *input, const char *what,
				const char *buf, size_t len, struct vg_oci_desc *ret_config,
				struct vg_oci_desc **ret_layers, size_t *ret_nlayers,
				struct vg_diag *diag)
{
	json_t *root;
	int r = load(input, what, buf, len, &root, diag);
	if (r < 0)
		return r;
	if (!json_is_object(root)) {
		r = bad(diag, input, what, "not a JSON object");
		goto out;
	}
	json_t *cfg = json_object_get(root, "config");
	json_t *layers = json_object_get(root, "layers");
	if (!cfg || !json_is_array(layers)) {
		const char *why = "not an image manifest (no config or layers)";
		if (json_object_get(root, "manifests"))
			why = "an image index where an image manifest was expected";
		else if (json_object_get(root, "fsLayers"))
			why = "a Docker schema 1 manifest (unsupported)";
		r = bad(diag, input, what, why);
		goto out;
	}
	struct vg_oci_desc c;
	r = parse_desc(a, input, what, cfg, &c, diag);
	if (r < 0)
		goto out;
	size_t n = json_array_size(layers);
	struct vg_oci_desc *l = vg_arena_calloc(a, n ? n : 1, sizeof(*l));
	if (!l) {
		r = -ENOMEM;
		goto out;
	}
	size_t i;
	json_t *it;
	json_array_foreach(layers, i, it) {
		r = parse_desc(a, input, what, it, &l[i], diag);
		if (r < 0)
			goto out;
	}
	*ret_config = c;
	*ret_layers = l;
	*ret_nlayers = n;
	r = 0;
out:
	json_decref(root);
	return r;
}
