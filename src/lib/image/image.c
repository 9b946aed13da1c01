/* SPDX-License-Identifier: Apache-2.0 */
/*
 * image.c - opening an image in any of its four forms and walking its layers.
 *
 * Detection: a directory holding "oci-layout" is an OCI image layout, any other directory a
 * root filesystem; a file is read as a tar (any compression) and indexed once - with
 * "manifest.json" it is a docker-archive (Docker < 25, skopeo's "<diffid>.tar" plus symlinked
 * "<id>/layer.tar", and Docker >= 25's OCI layout inside the tar, whose manifest.json points at
 * blobs/sha256/...), with "oci-layout" and "index.json" an OCI archive. Nothing is verified
 * against its digest; every size is checked against the limits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image_internal.h"
#include "util/sha256.h"
#include "util/banned.h"

void vg_image_limits_init(struct vg_image_limits *ret)
{
	ret->max_layers = 256;
	ret->max_entries = 2000000;
	ret->max_total_bytes = 32ull * 1024 * 1024 * 1024;
	ret->max_ratio = 200;
	ret->max_path_len = 4096;
	ret->max_file_read = 256ull * 1024 * 1024;
	ret->max_json = 16ull * 1024 * 1024;
}

const char *vg_image_kind_name(enum vg_image_kind k)
{
	switch (k) {
	case VG_IMAGE_DOCKER_ARCHIVE: return "docker-archive";
	case VG_IMAGE_OCI_LAYOUT: return "oci-layout";
	case VG_IMAGE_OCI_ARCHIVE: return "oci-archive";
	case VG_IMAGE_ROOTFS: return "rootfs";
	}
	return "unknown";
}

int vg_image_read_json(struct vg_image *img, const struct vg_src *src, const char *what,
		       char **ret_buf, size_t *ret_len, struct vg_diag *diag)
{
	if (src->size > img->lim.max_json) {
		vg_diag_set(diag, VG_DIAG_LIMIT, img->path, 0, 0,
			    "%s: larger than %llu bytes (max_json)", what,
			    (unsigned long long)img->lim.max_json);
		return -EFBIG;
	}
	unsigned char *buf;
	size_t len;
	int r = vg_src_read_all(src, img->lim.max_json, &buf, &len);
	if (r < 0) {
		vg_diag_set(diag, VG_DIAG_IO, img->path, 0, 0, "%s: cannot read: %s", what,
			    strerror(-r));
		return r;
	}
	*ret_buf = (char *)buf;
	*ret_len = len;
	return 0;
}

void vg_image_assign_history(struct vg_image *img)
{
	if (!img->has_config)
		return;
	size_t k = 0;
	for (size_t i = 0; i < img->config.nhistory && k < img->nlayers; i++) {
		const struct vg_image_history *h = &img->config.history[i];
		if (h->empty_layer)
			continue;
		img->layers[k++].created_by = h->created_by;
	}
}

static int alloc_layers(struct vg_image *img, size_t n, struct vg_diag *diag)
{
	if (n > img->lim.max_layers) {
		vg_diag_set(diag, VG_DIAG_LIMIT, img->path, 0, 0,
			    "%zu layers, more than %llu (max_layers)", n,
			    (unsigned long long)img->lim.max_layers);
		return -EFBIG;
	}
	img->layers = vg_arena_calloc(&img->arena, n ? n : 1, sizeof(*img->layers));
	img->srcs = vg_arena_calloc(&img->arena, n ? n : 1, sizeof(*img->srcs));
	if (!img->layers || !img->srcs)
		return -ENOMEM;
	img->nlayers = n;
	return 0;
}

static const char *sha256_id(struct vg_arena *a, const void *buf, size_t len)
{
	unsigned char d[VG_SHA256_LEN];
	char hex[VG_SHA256_HEX_LEN + 1];
	vg_sha256(buf, len, d);
	vg_sha256_hex(d, hex);
	return vg_arena_printf(a, "sha256:%s", hex);
}

static bool is_hex64(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The digest a docker-archive layer path names: "/blobs/sha256/<hex>" or "/<hex>.tar". */
static const char *digest_from_name(struct vg_arena *a, const char *path)
{
	if (strncmp(path, "/blobs/", 7) == 0) {
		const char *alg = path + 7;
		const char *slash = strchr(alg, '/');
		if (slash && !strchr(slash + 1, '/'))
			return vg_arena_printf(a, "%.*s:%s", (int)(slash - alg), alg, slash + 1);
	}
	const char *base = strrchr(path, '/') + 1;
	size_t n = strlen(base);
	if (n == 68 && strcmp(base + 64, ".tar") == 0 && is_hex64(base, 64))
		return vg_arena_printf(a, "sha256:%.64s", base);
	return NULL;
}

/* ---- docker-archive -------------------------------------------------------------------------- */

int vg_image_open_docker(struct vg_image *img, struct vg_tar_index *idx, const char *ref,
			 struct vg_diag *diag)
{
	struct vg_strbuf path = VG_STRBUF_INIT;
	char *mbuf = NULL, *cbuf = NULL;
	size_t mlen, clen;
	struct vg_src src;
	int r = vg_tar_index_source(idx, "/manifest.json", &src);
	if (r < 0) {
		vg_diag_set(diag, VG_DIAG_SYNTAX, img->path, 0, 0, "manifest.json is not a file");
		r = -EBADMSG;
		goto out;
	}
	r = vg_image_read_json(img, &src, "manifest.json", &mbuf, &mlen, diag);
	if (r < 0)
		goto out;
	struct vg_docker_entry e;
	r = vg_image_parse_docker_manifest(&img->arena, img->path, mbuf, mlen, ref, &e, diag);
	if (r < 0)
		goto out;
	r = vg_path_normalize(e.config, strlen(e.config), img->lim.max_path_len, &path);
	if (r == 0)
		r = vg_tar_index_source(idx, vg_strbuf_str(&path), &src);
	if (r < 0) {
		vg_diag_set(diag, VG_DIAG_SYNTAX, img->path, 0, 0,
			    "manifest.json: config '%s' is not in the archive", e.config);
		r = r == -ENOMEM ? r : -EBADMSG;
		goto out;
	}
	char what[128];
	snprintf(what, sizeof(what), "config %s", e.config);
	r = vg_image_read_json(img, &src, what, &cbuf, &clen, diag);
	if (r < 0)
		goto out;
	const char *const *diff_ids;
	size_t ndiff;
	r = vg_image_parse_config(&img->arena, img->path, what, cbuf, clen, &img->config, &diff_ids,
				  &ndiff, diag);
	if (r < 0)
		goto out;
	img->has_config = true;
	img->id = sha256_id(&img->arena, cbuf, clen);
	img->name = e.name;
	if (!img->id) {
		r = -ENOMEM;
		goto out;
	}
	r = alloc_layers(img, e.nlayers, diag);
	if (r < 0)
		goto out;
	if (ndiff && ndiff != e.nlayers) {
		vg_diag_set(diag, VG_DIAG_SEMANTIC, img->path, 0, 0,
			    "manifest.json lists %zu layers but the config has %zu diff_ids",
			    e.nlayers, ndiff);
		r = -EBADMSG;
		goto out;
	}
	for (size_t i = 0; i < e.nlayers; i++) {
		r = vg_path_normalize(e.layers[i], strlen(e.layers[i]), img->lim.max_path_len, &path);
		if (r == 0)
			r = vg_tar_index_source(idx, vg_strbuf_str(&path), &img->srcs[i]);
		if (r < 0) {
			vg_diag_set(diag, VG_DIAG_SYNTAX, img->path, 0, 0,
				    "manifest.json: layer %zu '%s' is not a file in the archive", i + 1,
				    e.layers[i]);
			r = r == -ENOMEM ? r : -EBADMSG;
			goto out;
		}
		struct vg_image_layer *l = &img->layers[i];
		l->diff_id = ndiff ? diff_ids[i] : NULL;
		l->digest = digest_from_name(&img->arena, vg_strbuf_str(&path));
		if (!l->digest)
			l->digest = l->diff_id;
		l->size = img->srcs[i].size;
	}
	r = 0;
out:
	free(mbuf);
	free(cbuf);
	vg_strbuf_release(&path);
	return r;
}

/* ---- OCI layout (directory or archive) ------------------------------------------------------- */

static int oci_source(struct vg_image *img, struct vg_tar_index *idx, const char *rel,
		      struct vg_src *ret, struct vg_diag *diag)
{
	if (idx) {
		char *name = vg_arena_printf(&img->arena, "/%s", rel);
		if (!name)
			return -ENOMEM;
		int r = vg_tar_index_source(idx, name, ret);
		if (r < 0) {
			vg_diag_set(diag, VG_DIAG_SYNTAX, img->path, 0, 0, "%s is not in the archive",
				    rel);
			return -EBADMSG;
		}
		return 0;
	}
	const char *file = vg_arena_printf(&img->arena, "%s/%s", img->path, rel);
	if (!file)
		return -ENOMEM;
	struct stat st;
	if (lstat(file, &st) < 0) {
		int e = errno;
		vg_diag_set(diag, VG_DIAG_IO, img->path, 0, 0, "%s: %s", rel, strerror(e));
		return e == ENOENT ? -EBADMSG : -e;
	}
	if (!S_ISREG(st.st_mode)) {
		vg_diag_set(diag, VG_DIAG_SYNTAX, img->path, 0, 0, "%s is not a regular file", rel);
		return -EBADMSG;
	}
	*ret = (struct vg_src){ .kind = VG_SRC_FILE, .file = file, .size = (uint64_t)st.st_size };
	return 0;
}

static int blob_source(struct vg_image *img, struct vg_tar_index *idx, const char *digest,
		       struct vg_src *ret, struct vg_diag *diag)
{
	char rel[512];
	const char *colon = strchr(digest, ':');
	if (!colon || strlen(digest) > 400)
		return -EBADMSG;
	snprintf(rel, sizeof(rel), "blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
	return oci_source(img, idx, rel, ret, diag);
}

int vg_image_open_oci(struct vg_image *img, struct vg_tar_index *idx, const char *ref,
		      struct vg_diag *diag)
{
	char *buf = NULL;
	size_t len;
	struct vg_src src;
	int r = oci_source(img, idx, "index.json", &src, diag);
	if (r < 0)
		goto out;
	r = vg_image_read_json(img, &src, "index.json", &buf, &len, diag);
	if (r < 0)
		goto out;
	struct vg_oci_desc d;
	r = vg_image_parse_oci_index(&img->arena, img->path, "index.json", buf, len, ref, true, &d,
				     diag);
	if (r < 0)
		goto out;
	img->name = d.ref_name;
	char what[512];
	for (int depth = 0; d.is_index; depth++) {
		if (depth >= VG_IMAGE_MAX_INDEX_DEPTH) {
			vg_diag_set(diag, VG_DIAG_LIMIT, img->path, 0, 0,
				    "image indexes nested more than %d deep", VG_IMAGE_MAX_INDEX_DEPTH);
			r = -EFBIG;
			goto out;
		}
		snprintf(what, sizeof(what), "index %s", d.digest);
		r = blob_source(img, idx, d.digest, &src, diag);
		if (r < 0)
			goto out;
		free(buf);
		buf = NULL;
		r = vg_image_read_json(img, &src, what, &buf, &len, diag);
		if (r < 0)
			goto out;
		r = vg_image_parse_oci_index(&img->arena, img->path, what, buf, len, NULL, false, &d,
					     diag);
		if (r < 0)
			goto out;
	}
	snprintf(what, sizeof(what), "manifest %s", d.digest);
	r = blob_source(img, idx, d.digest, &src, diag);
	if (r < 0)
		goto out;
	free(buf);
	buf = NULL;
	r = vg_image_read_json(img, &src, what, &buf, &len, diag);
	if (r < 0)
		goto out;
	struct vg_oci_desc cfg, *layers;
	size_t nlayers;
	r = vg_image_parse_oci_manifest(&img->arena, img->path, what, buf, len, &cfg, &layers,
					&nlayers, diag);
	if (r < 0)
		goto out;
	r = alloc_layers(img, nlayers, diag);
	if (r < 0)
		goto out;
	snprintf(what, sizeof(what), "config %s", cfg.digest);
	r = blob_source(img, idx, cfg.digest, &src, diag);
	if (r < 0)
		goto out;
	free(buf);
	buf = NULL;
	r = vg_image_read_json(img, &src, what, &buf, &len, diag);
	if (r < 0)
		goto out;
	const char *const *diff_ids;
	size_t ndiff;
	r = vg_image_parse_config(&img->arena, img->path, what, buf, len, &img->config, &diff_ids,
				  &ndiff, diag);
	if (r < 0)
		goto out;
	img->has_config = true;
	img->id = cfg.digest;
	if (ndiff && ndiff != nlayers) {
		vg_diag_set(diag, VG_DIAG_SEMANTIC, img->path, 0, 0,
			    "%s lists %zu layers but the config has %zu diff_ids", d.digest, nlayers,
			    ndiff);
		r = -EBADMSG;
		goto out;
	}
	for (size_t i = 0; i < nlayers; i++) {
		r = blob_source(img, idx, layers[i].digest, &img->srcs[i], diag);
		if (r < 0)
			goto out;
		img->layers[i].diff_id = ndiff ? diff_ids[i] : NULL;
		img->layers[i].digest = layers[i].digest;
		img->layers[i].size = img->srcs[i].size;
	}
	r = 0;
out:
	free(buf);
	return r;
}

/* ---- open / free / accessors ----------------------------------------------------------------- */

void vg_image_free(struct vg_image *img)
{
	if (!img)
		return;
	vg_arena_release(&img->arena);
	free(img);
}

int vg_image_open(const char *path, const char *ref, const struct vg_image_limits *limits,
		  struct vg_image **ret_image, struct vg_diag *ret_diag)
{
	vg_diag_clear(ret_diag);
	if (!path || !ret_image)
		return -EINVAL;
	struct vg_image *img = calloc(1, sizeof(*img));
	if (!img)
		return -ENOMEM;
	vg_arena_init(&img->arena, 0);
	if (limits)
		img->lim = *limits;
	else
		vg_image_limits_init(&img->lim);
	struct vg_tar_index idx;
	bool have_idx = false;
	int r;
	img->path = vg_arena_strdup(&img->arena, path);
	if (!img->path) {
		r = -ENOMEM;
		goto out;
	}
	struct stat st;
	if (stat(path, &st) < 0) {
		r = -errno;
		vg_diag_set(ret_diag, VG_DIAG_IO, path, 0, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		struct stat ls;
		char *marker = vg_arena_printf(&img->arena, "%s/oci-layout", path);
		if (!marker) {
			r = -ENOMEM;
			goto out;
		}
		if (lstat(marker, &ls) == 0 && S_ISREG(ls.st_mode)) {
			img->kind = VG_IMAGE_OCI_LAYOUT;
			r = vg_image_open_oci(img, NULL, ref, ret_diag);
		} else {
			img->kind = VG_IMAGE_ROOTFS;
			r = alloc_layers(img, 1, ret_diag);
		}
	} else {
		r = vg_tar_index_build(&img->arena, path, &img->lim, &idx, ret_diag);
		if (r < 0)
			goto out;
		have_idx = true;
		if (vg_tar_index_find(&idx, "/manifest.json")) {
			img->kind = VG_IMAGE_DOCKER_ARCHIVE;
			r = vg_image_open_docker(img, &idx, ref, ret_diag);
		} else if (vg_tar_index_find(&idx, "/oci-layout") &&
			   vg_tar_index_find(&idx, "/index.json")) {
			img->kind = VG_IMAGE_OCI_ARCHIVE;
			r = vg_image_open_oci(img, &idx, ref, ret_diag);
		} else {
			vg_diag_set(ret_diag, VG_DIAG_SYNTAX, path, 0, 0,
				    "neither a docker-archive (manifest.json) nor an OCI archive "
				    "(oci-layout and index.json)");
			r = -EBADMSG;
		}
	}
	if (r < 0)
		goto out;
	if (!img->name)
		img->name = img->path;
	vg_image_assign_history(img);
	*ret_image = img;
	img = NULL;
	r = 0;
out:
	if (have_idx)
		vg_tar_index_release(&idx);
	vg_image_free(img);
	return r;
}

enum vg_image_kind vg_image_kind(const struct vg_image *img)
{
	return img->kind;
}

const char *vg_image_name(const struct vg_image *img)
{
	return img->name;
}

const char *vg_image_id(const struct vg_image *img)
{
	return img->id;
}

const struct vg_image_config *vg_image_config(const struct vg_image *img)
{
	return img->has_config ? &img->config : NULL;
}

size_t vg_image_layer_count(const struct vg_image *img)
{
	return img->nlayers;
}

const struct vg_image_layer *vg_image_layer(const struct vg_image *img, size_t i)
{
	return i < img->nlayers ? &img->layers[i] : NULL;
}

int vg_image_walk(struct vg_image *img, vg_entry_cb cb, void *userdata,
		  const struct vg_progress *progress, struct vg_diag *ret_diag)
{
	vg_diag_clear(ret_diag);
	if (!img || !cb)
		return -EINVAL;
	struct vg_walk w;
	vg_walk_init(&w, &img->lim, img->path, cb, userdata, progress, ret_diag);
	int r = 0;
	if (img->kind == VG_IMAGE_ROOTFS) {
		r = vg_walk_rootfs(&w, img->path);
	} else {
		for (size_t i = 0; i < img->nlayers && r == 0; i++)
			r = vg_walk_layer(&w, (uint32_t)i, (uint32_t)img->nlayers,
					  img->layers[i].diff_id, &img->srcs[i]);
	}
	vg_walk_release(&w);
	return r;
}
