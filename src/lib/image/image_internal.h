/* SPDX-License-Identifier: Apache-2.0 */
/*
 * image/image_internal.h - private interfaces of the image module: the string map, path
 * normalisation, where a blob's bytes are (a file range, a member of a compressed outer tar, or
 * memory), the outer-tar index, the layer walker, the JSON parsers and the inventory's private
 * mutators. Nothing here is exported from libvigil; the unit tests and fuzz targets use it.
 *
 * Conventions of the module (see also vigil/image.h):
 *  - paths inside an image are absolute and clean ("/etc/os-release"); the outer tar's member
 *    names are normalised the same way ("/manifest.json");
 *  - error messages name the input in diag.file and "layer N (DIFF_ID) entry PATH: problem" in
 *    diag.message, with N counted from 1 (the first layer is "layer 1");
 *  - the decompression-ratio limit is not applied below VG_IMAGE_RATIO_FLOOR decompressed bytes
 *    per layer, because tiny tars (a whiteout, a directory) compress by more than 200:1.
 */
#ifndef VG_IMAGE_INTERNAL_H
#define VG_IMAGE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vigil/image.h"
#include "vigil/pkg.h"
#include "util/arena.h"
#include "util/strbuf.h"

struct archive;

#define VG_IMAGE_RATIO_FLOOR (1024u * 1024u) /* bytes per layer before max_ratio applies */
#define VG_IMAGE_MAX_LINK_HOPS 40            /* symlinks followed in one lookup */
#define VG_IMAGE_MAX_INDEX_DEPTH 4           /* nested OCI image indexes */
#define VG_IMAGE_OS_FILE_MAX (64u * 1024u)    /* bytes kept of an OS release file */
#define VG_IMAGE_OS_BUDGET (4u * 1024u * 1024u) /* release file bytes kept per inventory */

/* ---- string map (open addressing, keys copied into a caller's arena) ------------------------- */

struct vg_strmap_ent {
	const char *key; /* NULL: empty slot */
	uint64_t hash;
	void *val;
};

struct vg_strmap {
	struct vg_strmap_ent *tab; /* malloc'd */
	size_t cap;                /* power of two, 0 when empty */
	size_t count;
};

void vg_strmap_init(struct vg_strmap *m);
void vg_strmap_release(struct vg_strmap *m);
void *vg_strmap_get(const struct vg_strmap *m, const char *key);
/* Find @key or insert it (copying it into @keys) with value NULL; *ret_val points at the value
 * slot (valid until the next insert). Returns 1 when inserted, 0 when found, -ENOMEM. */
int vg_strmap_upsert(struct vg_strmap *m, struct vg_arena *keys, const char *key,
		     void ***ret_val) __attribute__((warn_unused_result));

/* ---- paths ----------------------------------------------------------------------------------- */

/*
 * Normalise @len bytes of @raw into @out (reset first): absolute, "." and empty components
 * dropped, ".." resolved lexically and clamped at "/", no trailing slash ("/" for the root).
 * Returns 0, -EINVAL (a NUL byte inside @raw) or -ENAMETOOLONG (@len > @max, @max 0 = none).
 */
int vg_path_normalize(const char *raw, size_t len, size_t max, struct vg_strbuf *out)
	__attribute__((warn_unused_result));
/* Resolve symlink target @target of the link at @link_path (both as stored) into @out:
 * relative to the link's directory, or from the root when absolute; normalised and clamped. */
int vg_path_join_link(const char *link_path, const char *target, size_t max, struct vg_strbuf *out)
	__attribute__((warn_unused_result));

/* ---- blob sources ---------------------------------------------------------------------------- */

enum vg_src_kind {
	VG_SRC_FILE = 0, /* bytes [offset, offset+size) of @file (a layout blob, or a member of an
			  * uncompressed outer tar) */
	VG_SRC_MEMBER,   /* member @ordinal of the compressed outer tar @file (streamed again) */
	VG_SRC_MEMORY,   /* @mem, @size bytes (fuzzing, tests) */
};

struct vg_src {
	enum vg_src_kind kind;
	const char *file;         /* borrowed (image arena) */
	uint64_t offset;
	uint64_t size;            /* stored bytes */
	uint64_t ordinal;
	const unsigned char *mem; /* borrowed */
};

/* A reader over a source, usable as a libarchive client (vg_src_archive_open). */
struct vg_src_stream {
	const struct vg_src *src;
	int fd;
	uint64_t pos;              /* bytes of the source delivered so far */
	struct archive *outer;     /* VG_SRC_MEMBER */
	unsigned char *buf;
	size_t bufcap;
	int err;                   /* first I/O error (-errno) */
};

int vg_src_stream_open(struct vg_src_stream *s, const struct vg_src *src)
	__attribute__((warn_unused_result));
/* Up to @cap bytes into @buf: bytes read, 0 at the end, -errno. */
ssize_t vg_src_stream_read(struct vg_src_stream *s, void *buf, size_t cap);
void vg_src_stream_close(struct vg_src_stream *s);
/* Enable what a layer or an outer tar may be: tar (ustar, pax, GNU) compressed with gzip, zstd,
 * bzip2, xz or lz4, or not at all - only filters libarchive implements itself. */
void vg_archive_read_setup(struct archive *a);
/* Open @a (set up by vg_archive_read_setup) over @s. ARCHIVE_OK or an error. */
int vg_src_archive_open(struct archive *a, struct vg_src_stream *s);

/* Read a whole source (at most @max bytes, else -EFBIG) into a malloc'd NUL-terminated buffer. */
int vg_src_read_all(const struct vg_src *src, uint64_t max, unsigned char **ret_buf,
		    size_t *ret_len) __attribute__((warn_unused_result));

/* ---- the outer tar (docker-archive, OCI archive) --------------------------------------------- */

enum vg_member_type { VG_MEMBER_FILE, VG_MEMBER_DIR, VG_MEMBER_SYMLINK, VG_MEMBER_HARDLINK,
		      VG_MEMBER_OTHER };

struct vg_tar_member {
	const char *name;   /* normalised, "/manifest.json" */
	enum vg_member_type type;
	const char *link;   /* symlink: target resolved against the member's directory; hardlink:
			     * normalised target; NULL otherwise */
	uint64_t offset;    /* data offset in the (uncompressed) outer tar */
	uint64_t size;
	uint64_t ordinal;   /* entry number, from 0 */
	bool sparse;        /* GNU sparse member: no contiguous data range */
};

struct vg_tar_index {
	const char *file;       /* the outer tar (arena) */
	bool compressed;        /* no random access: members are streamed again by ordinal */
	struct vg_tar_member *members; /* malloc'd */
	size_t count, cap;
	struct vg_strmap map;   /* name -> member index + 1 (as a pointer-sized integer) */
};

/* Index every member of the tar @file (any compression). -EBADMSG when it is not a tar. */
int vg_tar_index_build(struct vg_arena *arena, const char *file,
		       const struct vg_image_limits *lim, struct vg_tar_index *idx,
		       struct vg_diag *diag) __attribute__((warn_unused_result));
void vg_tar_index_release(struct vg_tar_index *idx);
/* The member called @name (normalised), following symlinks and hardlinks inside the tar. */
const struct vg_tar_member *vg_tar_index_find(const struct vg_tar_index *idx, const char *name);
/* A source for a regular member (resolved). -ENOENT when missing, -EBADMSG when not a file. */
int vg_tar_index_source(const struct vg_tar_index *idx, const char *name, struct vg_src *ret_src)
	__attribute__((warn_unused_result));

/* ---- JSON documents (jansson): the parsers behind vg_image_open, fuzzed directly ------------- */

/* Parse a config JSON into @cfg (strings in @arena) and its rootfs.diff_ids. @what names the
 * document in errors ("config sha256:..."). */
int vg_image_parse_config(struct vg_arena *arena, const char *input, const char *what,
			  const char *buf, size_t len, struct vg_image_config *cfg,
			  const char *const **ret_diff_ids, size_t *ret_ndiff_ids,
			  struct vg_diag *diag) __attribute__((warn_unused_result));

/* One image of a docker-archive manifest.json. */
struct vg_docker_entry {
	const char *config;               /* path in the tar */
	const char *const *layers; size_t nlayers;
	const char *name;                 /* the selected RepoTag, or the first, or NULL */
};
/* Parse manifest.json and pick the image tagged @ref (NULL: the first). -ENOENT when no image
 * carries @ref. */
int vg_image_parse_docker_manifest(struct vg_arena *arena, const char *input, const char *buf,
				   size_t len, const char *ref, struct vg_docker_entry *ret,
				   struct vg_diag *diag) __attribute__((warn_unused_result));

struct vg_oci_desc {
	const char *media_type;
	const char *digest;   /* "alg:encoded", validated (safe as blobs/<alg>/<encoded>) */
	uint64_t size;
	const char *ref_name; /* org.opencontainers.image.ref.name or io.containerd.image.name */
	bool is_index;        /* an image index / manifest list */
};
/* Is @d a digest by the OCI grammar (so that blobs/<alg>/<encoded> stays inside blobs/)? */
bool vg_digest_valid(const char *d);
/* Pick a descriptor from an index.json / nested index: by @ref at the top level (NULL: any),
 * then the linux/amd64 platform (or one without a platform). */
int vg_image_parse_oci_index(struct vg_arena *arena, const char *input, const char *what,
			     const char *buf, size_t len, const char *ref, bool top,
			     struct vg_oci_desc *ret, struct vg_diag *diag)
	__attribute__((warn_unused_result));
/* An image manifest: its config and layers. */
int vg_image_parse_oci_manifest(struct vg_arena *arena, const char *input, const char *what,
				const char *buf, size_t len, struct vg_oci_desc *ret_config,
				struct vg_oci_desc **ret_layers, size_t *ret_nlayers,
				struct vg_diag *diag) __attribute__((warn_unused_result));

/* ---- the walker ------------------------------------------------------------------------------ */

struct vg_walk;

struct vg_entry_reader {
	struct vg_walk *w;
	struct archive *a;         /* a layer: the layer archive positioned at the entry */
	int dirfd;                 /* a rootfs: the parent directory, and @name in it */
	const char *name;
	int fd;                    /* a rootfs: opened lazily, -1 */
	uint64_t size_hint;        /* the entry's size from its header */
	uint64_t done;             /* bytes handed out */
	bool eof;
	int err;                   /* sticky error (-errno) */
	char msg[256];             /* its message, "" when none */
};

/* Record an error for the current entry (the walker puts it into the diagnostic, prefixed with
 * layer and entry, when the callback returns non-zero). Returns @err. */
int vg_entry_reader_fail(struct vg_entry_reader *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct vg_walk {
	const struct vg_image_limits *lim;
	const char *input;               /* diag.file */
	vg_entry_cb cb;
	void *userdata;
	const struct vg_progress *progress;
	struct vg_diag *diag;
	uint64_t entries;                /* over all layers */
	uint64_t total_bytes;            /* decompressed bytes of the finished layers */
	struct vg_strbuf path, link, scratch;
};

void vg_walk_init(struct vg_walk *w, const struct vg_image_limits *lim, const char *input,
		  vg_entry_cb cb, void *userdata, const struct vg_progress *progress,
		  struct vg_diag *diag);
void vg_walk_release(struct vg_walk *w);
/* Walk one layer tar (any compression) from @src; @index is 0-based, @diff_id may be NULL. */
int vg_walk_layer(struct vg_walk *w, uint32_t index, uint32_t nlayers, const char *diff_id,
		  const struct vg_src *src) __attribute__((warn_unused_result));
/* Walk a root filesystem directory (sorted, never following symlinks). */
int vg_walk_rootfs(struct vg_walk *w, const char *root) __attribute__((warn_unused_result));

/* For the fuzz target: walk @len bytes as one layer with @lim; entries are read fully. */
int vg_image_walk_layer_buffer(const void *data, size_t len, const struct vg_image_limits *lim,
			       vg_entry_cb cb, void *userdata, struct vg_diag *diag)
	__attribute__((warn_unused_result));

/* ---- the image ------------------------------------------------------------------------------- */

struct vg_image {
	struct vg_arena arena;
	enum vg_image_kind kind;
	struct vg_image_limits lim;
	const char *path;
	const char *name;
	const char *id;
	bool has_config;
	struct vg_image_config config;
	struct vg_image_layer *layers;
	struct vg_src *srcs;
	size_t nlayers;
};

int vg_image_open_docker(struct vg_image *img, struct vg_tar_index *idx, const char *ref,
			 struct vg_diag *diag) __attribute__((warn_unused_result));
/* An OCI layout: @idx NULL for a directory (blobs are files under img->path). */
int vg_image_open_oci(struct vg_image *img, struct vg_tar_index *idx, const char *ref,
		      struct vg_diag *diag) __attribute__((warn_unused_result));
/* Read a JSON document of at most lim.max_json bytes; @what names it in errors. */
int vg_image_read_json(struct vg_image *img, const struct vg_src *src, const char *what,
		       char **ret_buf, size_t *ret_len, struct vg_diag *diag)
	__attribute__((warn_unused_result));
/* Fill img->layers[i].created_by from the non-empty history entries, in order. */
void vg_image_assign_history(struct vg_image *img);

/* ---- inventory internals (pkg.c) ------------------------------------------------------------- */

/* Mutable access for the image inventory's post-processing (ecosystem, purl). */
struct vg_pkg *vg_inventory_at(struct vg_inventory *inv, size_t i);
/* Copy @s into the inventory's arena (NULL stays NULL; NULL on allocation failure otherwise). */
const char *vg_inventory_strdup(struct vg_inventory *inv, const char *s);
/* Append packages [from, to) of @src to @dst (copies). */
int vg_inventory_append_range(struct vg_inventory *dst, const struct vg_inventory *src, size_t from,
			      size_t to) __attribute__((warn_unused_result));

/* The OS from release files (each may be NULL): fills @os with strings in @arena. */
/* The OSV ecosystem of an OS by its os-release ID (case-insensitive) and VERSION_ID (or
 * version): "Debian:12", "Alpine:v3.18", "Ubuntu:22.04:LTS", "Red Hat", "Rocky Linux:9" ...;
 * NULL for an unknown OS. @version_text (os-release VERSION, may be NULL) decides Ubuntu LTS;
 * without it, LTS is inferred (April releases of even years). Used for images (os.c) and for
 * the OS components of SBOMs (sbom_read.c). */
const char *vg_os_ecosystem(struct vg_arena *a, const char *id, const char *version,
			    const char *version_text);
/* The leading digits of @v and up to @dots more ".digits" groups ("12.15", 0 -> "12"), in @a;
 * NULL when @v does not start with a digit. */
char *vg_os_numeric_prefix(struct vg_arena *a, const char *v, int dots);

int vg_os_detect(struct vg_arena *arena, const char *os_release, const char *debian_version,
		 const char *alpine_release, const char *redhat_release, struct vg_os *os)
	__attribute__((warn_unused_result));
/* The OSV ecosystem of a package type given the OS (NULL when unknown). */
const char *vg_pkg_default_ecosystem(enum vg_pkg_type t, const struct vg_os *os);

#endif
