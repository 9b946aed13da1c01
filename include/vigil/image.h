/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/image.h - container images: docker-archive tar, OCI image layout directory, OCI archive
 * tar and plain root filesystem directories; their config and their layers.
 *
 * Layers are streamed (libarchive; uncompressed, gzip or zstd, detected by magic), never
 * unpacked to disk. Entry paths are normalised to absolute, clean paths inside the image
 * ("/etc/os-release"): "..", "." and repeated slashes are resolved lexically and can never leave
 * the root; symlinks are recorded, never followed out of the image. Every dimension is capped
 * (struct vg_image_limits) and a broken image gets an error naming the layer and the entry.
 */
#ifndef VIGIL_IMAGE_H
#define VIGIL_IMAGE_H

#include <sys/types.h>

#include "common.h"
#include "diag.h"
#include "pkg.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vg_image_limits {
	uint64_t max_layers;          /* default 256 */
	uint64_t max_entries;         /* tar entries over all layers, default 2,000,000 */
	uint64_t max_total_bytes;     /* decompressed bytes over all layers, default 32 GiB */
	uint64_t max_ratio;           /* decompressed/compressed per layer, default 200 */
	uint64_t max_path_len;        /* default 4096 */
	uint64_t max_file_read;       /* bytes read from one file for analysis, default 256 MiB */
	uint64_t max_json;            /* manifest/index/config JSON size, default 16 MiB */
};
VG_EXPORT void vg_image_limits_init(struct vg_image_limits *ret);

enum vg_image_kind {
	VG_IMAGE_DOCKER_ARCHIVE = 0,
	VG_IMAGE_OCI_LAYOUT,
	VG_IMAGE_OCI_ARCHIVE,
	VG_IMAGE_ROOTFS,
};
VG_EXPORT const char *vg_image_kind_name(enum vg_image_kind k); /* "docker-archive", ... */

struct vg_image_history {
	const char *created;
	const char *created_by;
	bool empty_layer;
};

struct vg_kv {
	const char *key;
	const char *value;
};

/* From the image config JSON; every array may be empty, strings may be NULL. */
struct vg_image_config {
	const char *os, *architecture;
	const char *user;                           /* config.User */
	const char *working_dir;
	const char *const *env; size_t nenv;        /* "KEY=value" */
	const char *const *entrypoint; size_t nentrypoint;
	const char *const *cmd; size_t ncmd;
	const char *const *exposed_ports; size_t nexposed_ports; /* "8080/tcp" */
	const struct vg_kv *labels; size_t nlabels;
	const struct vg_image_history *history; size_t nhistory;
};

struct vg_image_layer {
	const char *diff_id;  /* "sha256:<hex>" of the uncompressed tar (config rootfs.diff_ids) */
	const char *digest;   /* blob digest as stored ("sha256:<hex>"), may equal diff_id */
	uint64_t size;        /* stored size in bytes */
	const char *created_by; /* from the matching non-empty history entry, may be NULL */
};

struct vg_image;

/*
 * Open @path: a directory with oci-layout is an OCI layout, another directory a root
 * filesystem; a tar with manifest.json a docker-archive, a tar with oci-layout an OCI archive.
 * @ref picks an image by tag/ref name where the input holds several (NULL: the first; for an
 * OCI index, the linux/amd64 manifest). Returns 0, -ENOENT, -EBADMSG (malformed, @ret_diag
 * names the file and entry), -EFBIG (a limit), -ENOMEM.
 */
VG_EXPORT VG_WUR int vg_image_open(const char *path, const char *ref,
				   const struct vg_image_limits *limits, struct vg_image **ret_image,
				   struct vg_diag *ret_diag);
VG_EXPORT void vg_image_free(struct vg_image *img);

VG_EXPORT enum vg_image_kind vg_image_kind(const struct vg_image *img);
/* "name:tag" from RepoTags or the OCI ref name annotation, or the input path. */
VG_EXPORT const char *vg_image_name(const struct vg_image *img);
/* Config digest "sha256:..." (NULL for a rootfs). */
VG_EXPORT const char *vg_image_id(const struct vg_image *img);
/* NULL for a rootfs. */
VG_EXPORT const struct vg_image_config *vg_image_config(const struct vg_image *img);
/* A rootfs has one pseudo-layer with NULL diff_id. */
VG_EXPORT size_t vg_image_layer_count(const struct vg_image *img);
VG_EXPORT const struct vg_image_layer *vg_image_layer(const struct vg_image *img, size_t i);

enum vg_entry_type {
	VG_ENTRY_FILE = 0,
	VG_ENTRY_DIR,
	VG_ENTRY_SYMLINK,
	VG_ENTRY_HARDLINK,
	VG_ENTRY_WHITEOUT,   /* ".wh.NAME": @path is the deleted path */
	VG_ENTRY_OPAQUE,     /* ".wh..wh..opq": @path is the directory whose lower contents go */
	VG_ENTRY_OTHER,      /* devices, fifos */
};

struct vg_entry {
	const char *path;     /* normalised absolute path inside the image */
	enum vg_entry_type type;
	uint32_t mode;        /* permission bits and type bits as in st_mode */
	uint64_t size;
	const char *link;     /* symlink target (as stored) or hardlink target (normalised) */
	uint32_t layer;       /* index into the image's layers */
};

struct vg_entry_reader; /* the content of the current entry, readable once, capped */

/* Read up to @cap bytes of the current entry into @buf; returns bytes read (>= 0) or -errno. */
VG_EXPORT VG_WUR ssize_t vg_entry_read(struct vg_entry_reader *r, void *buf, size_t cap);
/* Read the whole current entry (at most limits->max_file_read) into a malloc'd buffer (NUL
 * terminated, owned by the caller). -EFBIG when it is larger. */
VG_EXPORT VG_WUR int vg_entry_read_all(struct vg_entry_reader *r, unsigned char **ret_buf,
				       size_t *ret_len);

typedef int (*vg_entry_cb)(const struct vg_entry *e, struct vg_entry_reader *content,
			   void *userdata);

/* Visit every entry of every layer, bottom layer first, in tar order (a rootfs: sorted walk).
 * Stops and returns the callback's value when non-zero. @progress may be NULL. */
struct vg_progress {
	void (*fn)(void *userdata, const char *stage, uint64_t done, uint64_t total);
	void *userdata;
};
VG_EXPORT VG_WUR int vg_image_walk(struct vg_image *img, vg_entry_cb cb, void *userdata,
				   const struct vg_progress *progress, struct vg_diag *ret_diag);

/*
 * The package inventory of the image: run every package analyzer over every layer, then keep
 * only what the final (merged) filesystem still holds - a package database replaced or deleted
 * by a later layer takes its packages with it - and attribute each package to the layer whose
 * file it came from. Detects the OS. Returns 0 or -errno with @ret_diag set.
 */
VG_EXPORT VG_WUR int vg_image_inventory(struct vg_image *img, const struct vg_progress *progress,
					struct vg_inventory **ret_inv, struct vg_diag *ret_diag);

#ifdef __cplusplus
}
#endif
#endif
