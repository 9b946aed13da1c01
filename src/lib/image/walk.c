/* SPDX-License-Identifier: Apache-2.0 */
/*
 * walk.c - visiting the entries of layer tars and of root filesystem directories.
 *
 * Layers are read with libarchive (tar/pax/GNU formats only; gzip, zstd, bzip2, xz, lz4 or no
 * compression, detected from the bytes) from a vg_src, never unpacked. Each entry's path is normalised
 * (vg_path_normalize: absolute, lexically clean, clamped at the root); ".wh.NAME" becomes a
 * VG_ENTRY_WHITEOUT of DIR/NAME, ".wh..wh..opq" a VG_ENTRY_OPAQUE of DIR, other ".wh..wh.*"
 * names (AUFS bookkeeping) are skipped. Limits are checked before an entry's data is
 * decompressed: the declared size is added to the decompressed position, so a bomb is refused
 * without inflating it.
 *
 * A root filesystem is walked in sorted order with a chain of directory descriptors opened
 * O_NOFOLLOW from the root; files are opened relative to their parent's descriptor with
 * O_NOFOLLOW, so no symlink (however it is planted or raced) leads outside the root.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image_internal.h"
#include "util/banned.h"

#define PROGRESS_STEP (4u * 1024u * 1024u)

void vg_walk_init(struct vg_walk *w, const struct vg_image_limits *lim, const char *input,
		  vg_entry_cb cb, void *userdata, const struct vg_progress *progress,
		  struct vg_diag *diag)
{
	memset(w, 0, sizeof(*w));
	w->lim = lim;
	w->input = input;
	w->cb = cb;
	w->userdata = userdata;
	w->progress = progress;
	w->diag = diag;
	vg_strbuf_init(&w->path, 0);
	vg_strbuf_init(&w->link, 0);
	vg_strbuf_init(&w->scratch, 0);
}

void vg_walk_release(struct vg_walk *w)
{
	if (!w)
		return;
	vg_strbuf_release(&w->path);
	vg_strbuf_release(&w->link);
	vg_strbuf_release(&w->scratch);
}

/* ---- the entry reader ------------------------------------------------------------------------ */

int vg_entry_reader_fail(struct vg_entry_reader *r, int err, const char *fmt, ...)
{
	if (!r->err) {
		r->err = err;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

static ssize_t raw_read(struct vg_entry_reader *r, void *buf, size_t cap)
{
	if (r->a) {
		la_ssize_t n = archive_read_data(r->a, buf, cap);
		if (n < 0) {
			const char *m = archive_error_string(r->a);
			return vg_entry_reader_fail(r, -EBADMSG, "%s", m ? m : "unreadable data");
		}
		return (ssize_t)n;
	}
	if (r->fd < 0) {
		r->fd = openat(r->dirfd, r->name,
			       O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (r->fd < 0)
			return vg_entry_reader_fail(r, -errno, "cannot open: %s", strerror(errno));
		struct stat st;
		if (fstat(r->fd, &st) < 0)
			return vg_entry_reader_fail(r, -errno, "cannot stat: %s", strerror(errno));
		if (!S_ISREG(st.st_mode))
			return vg_entry_reader_fail(r, -EBADMSG, "not a regular file any more");
	}
	ssize_t n;
	do
		n = read(r->fd, buf, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vg_entry_reader_fail(r, -errno, "cannot read: %s", strerror(errno));
	return n;
}

ssize_t vg_entry_read(struct vg_entry_reader *r, void *buf, size_t cap)
{
	if (!r || (!buf && cap))
		return -EINVAL;
	if (r->err)
		return r->err;
	if (r->eof || cap == 0)
		return 0;
	uint64_t max = r->w->lim->max_file_read;
	if (r->done >= max) {
		char probe;
		ssize_t n = raw_read(r, &probe, 1);
		if (n < 0)
			return n;
		if (n == 0) {
			r->eof = true;
			return 0;
		}
		return vg_entry_reader_fail(r, -EFBIG, "larger than %llu bytes (max_file_read)",
					    (unsigned long long)max);
	}
	if (cap > max - r->done)
		cap = (size_t)(max - r->done);
	ssize_t n = raw_read(r, buf, cap);
	if (n < 0)
		return n;
	if (n == 0)
		r->eof = true;
	r->done += (uint64_t)n;
	return n;
}

int vg_entry_read_all(struct vg_entry_reader *r, unsigned char **ret_buf, size_t *ret_len)
{
	if (!r || !ret_buf || !ret_len)
		return -EINVAL;
	uint64_t max = r->w->lim->max_file_read;
	if (r->size_hint > max)
		return vg_entry_reader_fail(r, -EFBIG, "larger than %llu bytes (max_file_read)",
					    (unsigned long long)max);
	size_t cap = (size_t)(r->size_hint < 4096 ? 4096 : r->size_hint + 1);
	unsigned char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	size_t len = 0;
	for (;;) {
		if (cap - len < 2) {
			size_t ncap = cap * 2;
			if (ncap > max + 2)
				ncap = (size_t)max + 2;
			if (ncap <= cap)
				ncap = cap + 4096;
			unsigned char *nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t n = vg_entry_read(r, buf + len, cap - len - 1);
		if (n < 0) {
			free(buf);
			return (int)n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

/* ---- layers ---------------------------------------------------------------------------------- */

struct layer_ctx {
	char label[192];      /* "layer 2 (sha256:...)" */
	const char *last;     /* the last entry's path (in w->scratch) */
};

static void set_err(struct vg_walk *w, enum vg_diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(struct vg_walk *w, enum vg_diag_code code, const char *fmt, ...)
{
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_diag_set(w->diag, code, w->input, 0, 0, "%s", msg);
}

static void progress(struct vg_walk *w, const char *stage, uint64_t done, uint64_t total)
{
	if (w->progress && w->progress->fn)
		w->progress->fn(w->progress->userdata, stage, done, total);
}

/* Map the callback's result (and the reader's error) to the diagnostic. */
static int after_cb(struct vg_walk *w, const char *label, const char *path, int rc,
		    struct vg_entry_reader *rd)
{
	if (rc == 0 && rd->err == 0)
		return 0;
	if (rc == 0)
		rc = rd->err;
	if (rd->msg[0])
		set_err(w, rd->err == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_SYNTAX, "%s entry %s: %s",
			label, path, rd->msg);
	else if (rc < 0)
		set_err(w, VG_DIAG_IO, "%s entry %s: %s", label, path, strerror(-rc));
	else
		set_err(w, VG_DIAG_IO, "%s entry %s: stopped by the callback (%d)", label, path, rc);
	return rc;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	if (a && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

/* Classify @path (normalised, in w->path) as a whiteout; false when it is an ordinary name.
 * *ret_skip is set for reserved names that are not reported at all. */
static bool whiteout_of(struct vg_walk *w, enum vg_entry_type *ret_type, bool *ret_skip)
{
	*ret_skip = false;
	char *p = w->path.buf;
	char *slash = strrchr(p, '/');
	const char *base = slash + 1;
	if (strncmp(base, ".wh.", 4) != 0)
		return false;
	size_t dlen = (size_t)(slash - p);
	if (strcmp(base, ".wh..wh..opq") == 0) {
		*ret_type = VG_ENTRY_OPAQUE;
		vg_strbuf_truncate(&w->path, dlen ? dlen : 1);
		return true;
	}
	const char *name = base + 4;
	if (strncmp(base, ".wh..wh.", 8) == 0 || !*name || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		*ret_skip = true;
		return true;
	}
	*ret_type = VG_ENTRY_WHITEOUT;
	memmove(slash + 1, name, strlen(name) + 1);
	w->path.len -= 4;
	return true;
}

int vg_walk_layer(struct vg_walk *w, uint32_t index, uint32_t nlayers, const char *diff_id,
		  const struct vg_src *src)
{
	const struct vg_image_limits *lim = w->lim;
	struct layer_ctx lc;
	if (diff_id)
		snprintf(lc.label, sizeof(lc.label), "layer %u (%s)", index + 1, diff_id);
	else
		snprintf(lc.label, sizeof(lc.label), "layer %u", index + 1);
	char stage[64];
	snprintf(stage, sizeof(stage), "layer %u/%u", index + 1, nlayers);

	struct vg_src_stream s;
	int r = vg_src_stream_open(&s, src);
	if (r < 0) {
		set_err(w, VG_DIAG_IO, "%s: cannot open the layer: %s", lc.label, strerror(-r));
		return r;
	}
	struct archive *a = archive_read_new();
	if (!a) {
		vg_src_stream_close(&s);
		return -ENOMEM;
	}
	vg_archive_read_setup(a);
	if (vg_src_archive_open(a, &s) != ARCHIVE_OK) {
		const char *m = archive_error_string(a);
		set_err(w, VG_DIAG_SYNTAX, "%s: not a tar archive: %s", lc.label, m ? m : "unreadable");
		r = s.err ? s.err : -EBADMSG;
		goto out;
	}
	uint64_t ratio_limit = lim->max_ratio ? sat_mul(src->size, lim->max_ratio) : UINT64_MAX;
	if (ratio_limit < VG_IMAGE_RATIO_FLOOR)
		ratio_limit = VG_IMAGE_RATIO_FLOOR;
	uint64_t last_progress = 0;
	progress(w, stage, 0, src->size);
	vg_strbuf_reset(&w->scratch);
	bool have_last = false;

	for (;;) {
		struct archive_entry *e;
		int ar = archive_read_next_header(a, &e);
		if (ar == ARCHIVE_EOF)
			break;
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			const char *m = archive_error_string(a);
			if (have_last)
				set_err(w, VG_DIAG_SYNTAX, "%s after entry %s: %s", lc.label,
					vg_strbuf_str(&w->scratch), m ? m : "damaged tar archive");
			else
				set_err(w, VG_DIAG_SYNTAX, "%s at the first entry: %s", lc.label,
					m ? m : "damaged tar archive");
			r = s.err ? s.err : -EBADMSG;
			goto out;
		}
		const char *raw = archive_entry_pathname(e);
		if (!raw)
			raw = archive_entry_pathname_utf8(e);
		if (!raw) {
			set_err(w, VG_DIAG_SYNTAX, "%s after entry %s: an entry without a readable path",
				lc.label, have_last ? vg_strbuf_str(&w->scratch) : "(none)");
			r = -EBADMSG;
			goto out;
		}
		r = vg_path_normalize(raw, strlen(raw), lim->max_path_len, &w->path);
		if (r == -ENAMETOOLONG) {
			set_err(w, VG_DIAG_LIMIT, "%s entry %.64s...: path longer than %llu bytes (max_path_len)",
				lc.label, raw, (unsigned long long)lim->max_path_len);
			r = -EFBIG;
			goto out;
		}
		if (r < 0) {
			set_err(w, VG_DIAG_SYNTAX, "%s entry %.64s: invalid path", lc.label, raw);
			r = r == -ENOMEM ? r : -EBADMSG;
			goto out;
		}
		vg_strbuf_reset(&w->scratch);
		if (vg_strbuf_append(&w->scratch, w->path.buf, w->path.len) < 0) {
			r = -ENOMEM;
			goto out;
		}
		have_last = true;
		const char *epath = vg_strbuf_str(&w->scratch);

		if (++w->entries > lim->max_entries) {
			set_err(w, VG_DIAG_LIMIT, "%s entry %s: more than %llu entries (max_entries)",
				lc.label, epath, (unsigned long long)lim->max_entries);
			r = -EFBIG;
			goto out;
		}
		uint64_t size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0 ?
					(uint64_t)archive_entry_size(e) : 0;
		uint64_t pos = (uint64_t)archive_filter_bytes(a, 0);
		uint64_t predicted = pos + size < pos ? UINT64_MAX : pos + size;
		if (predicted > lim->max_total_bytes ||
		    w->total_bytes + predicted > lim->max_total_bytes) {
			set_err(w, VG_DIAG_LIMIT,
				"%s entry %s: more than %llu decompressed bytes (max_total_bytes)",
				lc.label, epath, (unsigned long long)lim->max_total_bytes);
			r = -EFBIG;
			goto out;
		}
		if (predicted > ratio_limit) {
			set_err(w, VG_DIAG_LIMIT, "%s entry %s: decompression ratio over %llu", lc.label,
				epath, (unsigned long long)lim->max_ratio);
			r = -EFBIG;
			goto out;
		}

		struct vg_entry ent = {
			.mode = (uint32_t)archive_entry_mode(e),
			.size = size,
			.layer = index,
		};
		const char *hl = archive_entry_hardlink(e);
		const char *sl = archive_entry_symlink(e);
		bool skip = false;
		if (whiteout_of(w, &ent.type, &skip)) {
			if (skip)
				continue;
			ent.size = 0;
		} else if (hl) {
			ent.type = VG_ENTRY_HARDLINK;
			r = vg_path_normalize(hl, strlen(hl), lim->max_path_len, &w->link);
			if (r < 0) {
				set_err(w, r == -ENAMETOOLONG ? VG_DIAG_LIMIT : VG_DIAG_SYNTAX,
					"%s entry %s: invalid hardlink target", lc.label, epath);
				r = r == -ENAMETOOLONG ? -EFBIG : r == -ENOMEM ? r : -EBADMSG;
				goto out;
			}
			ent.link = vg_strbuf_str(&w->link);
		} else if (sl) {
			ent.type = VG_ENTRY_SYMLINK;
			if (lim->max_path_len && strlen(sl) > lim->max_path_len) {
				set_err(w, VG_DIAG_LIMIT,
					"%s entry %s: symlink target longer than %llu bytes (max_path_len)",
					lc.label, epath, (unsigned long long)lim->max_path_len);
				r = -EFBIG;
				goto out;
			}
			ent.link = sl;
		} else {
			switch (archive_entry_filetype(e)) {
			case AE_IFREG: ent.type = VG_ENTRY_FILE; break;
			case AE_IFDIR: ent.type = VG_ENTRY_DIR; break;
			default: ent.type = VG_ENTRY_OTHER; break;
			}
		}
		ent.path = vg_strbuf_str(&w->path);

		struct vg_entry_reader rd = {
			.w = w, .a = a, .dirfd = -1, .fd = -1,
		};
		if (ent.type == VG_ENTRY_FILE || ent.type == VG_ENTRY_HARDLINK)
			rd.size_hint = size;
		else
			rd.eof = true;
		int rc = w->cb ? w->cb(&ent, &rd, w->userdata) : 0;
		r = after_cb(w, lc.label, epath, rc, &rd);
		if (r)
			goto out;
		if (s.pos - last_progress >= PROGRESS_STEP) {
			last_progress = s.pos;
			progress(w, stage, s.pos, src->size);
		}
	}
	w->total_bytes += (uint64_t)archive_filter_bytes(a, 0);
	progress(w, stage, src->size, src->size);
	r = 0;
out:
	archive_read_free(a);
	vg_src_stream_close(&s);
	return r;
}

int vg_image_walk_layer_buffer(const void *data, size_t len, const struct vg_image_limits *lim,
			       vg_entry_cb cb, void *userdata, struct vg_diag *diag)
{
	struct vg_src src = { .kind = VG_SRC_MEMORY, .mem = data, .size = len };
	struct vg_walk w;
	vg_walk_init(&w, lim, "<buffer>", cb, userdata, NULL, diag);
	int r = vg_walk_layer(&w, 0, 1, NULL, &src);
	vg_walk_release(&w);
	return r;
}

/* ---- root filesystems ------------------------------------------------------------------------ */

struct names {
	char *buf;     /* NUL-separated */
	size_t len, cap;
	size_t *off;
	size_t n, ncap;
	const char **sorted; /* into buf, after list_dir */
};

static int names_add(struct names *ns, const char *s)
{
	size_t l = strlen(s) + 1;
	if (ns->len + l > ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 1024;
		while (cap < ns->len + l)
			cap *= 2;
		char *b = realloc(ns->buf, cap);
		if (!b)
			return -ENOMEM;
		ns->buf = b;
		ns->cap = cap;
	}
	if (ns->n == ns->ncap) {
		size_t cap = ns->ncap ? ns->ncap * 2 : 64;
		size_t *o = realloc(ns->off, cap * sizeof(*o));
		if (!o)
			return -ENOMEM;
		ns->off = o;
		ns->ncap = cap;
	}
	memcpy(ns->buf + ns->len, s, l);
	ns->off[ns->n++] = ns->len;
	ns->len += l;
	return 0;
}

static void names_release(struct names *ns)
{
	free(ns->buf);
	free(ns->off);
	free(ns->sorted);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in directory @dfd, sorted bytewise into ns->sorted. */
static int list_dir(int dfd, struct names *ns)
{
	int fd = dup(dfd);
	if (fd < 0)
		return -errno;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = -errno;
		close(fd);
		return e;
	}
	int r = 0;
	struct dirent *de;
	errno = 0;
	while (r == 0 && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		r = names_add(ns, de->d_name);
	}
	if (r == 0 && errno)
		r = -errno;
	closedir(d);
	if (r < 0)
		return r;
	ns->sorted = calloc(ns->n ? ns->n : 1, sizeof(*ns->sorted));
	if (!ns->sorted)
		return -ENOMEM;
	for (size_t i = 0; i < ns->n; i++)
		ns->sorted[i] = ns->buf + ns->off[i];
	if (ns->n > 1)
		qsort(ns->sorted, ns->n, sizeof(*ns->sorted), cmp_name);
	return 0;
}

static int walk_dir(struct vg_walk *w, int dfd, bool top)
{
	struct names ns = { 0 };
	int r = list_dir(dfd, &ns);
	if (r < 0) {
		set_err(w, VG_DIAG_IO, "rootfs entry %s: cannot list the directory: %s",
			w->path.len ? vg_strbuf_str(&w->path) : "/", strerror(-r));
		goto out;
	}
	size_t base_len = w->path.len;
	for (size_t i = 0; i < ns.n; i++) {
		const char *name = ns.sorted[i];
		if (top && (strcmp(name, "proc") == 0 || strcmp(name, "sys") == 0 ||
			    strcmp(name, "dev") == 0))
			continue;
		vg_strbuf_truncate(&w->path, base_len);
		if (vg_strbuf_putc(&w->path, '/') < 0 || vg_strbuf_puts(&w->path, name) < 0) {
			r = -ENOMEM;
			goto out;
		}
		const char *path = vg_strbuf_str(&w->path);
		if (w->lim->max_path_len && w->path.len > w->lim->max_path_len) {
			set_err(w, VG_DIAG_LIMIT,
				"rootfs entry %.64s...: path longer than %llu bytes (max_path_len)", path,
				(unsigned long long)w->lim->max_path_len);
			r = -EFBIG;
			goto out;
		}
		struct stat st;
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				continue; /* removed while we walk */
			r = -errno;
			set_err(w, VG_DIAG_IO, "rootfs entry %s: cannot stat: %s", path, strerror(errno));
			goto out;
		}
		if (++w->entries > w->lim->max_entries) {
			set_err(w, VG_DIAG_LIMIT, "rootfs entry %s: more than %llu entries (max_entries)",
				path, (unsigned long long)w->lim->max_entries);
			r = -EFBIG;
			goto out;
		}
		struct vg_entry ent = { .path = path, .mode = (uint32_t)st.st_mode, .layer = 0 };
		if (S_ISREG(st.st_mode)) {
			ent.type = VG_ENTRY_FILE;
			ent.size = (uint64_t)st.st_size;
		} else if (S_ISDIR(st.st_mode)) {
			ent.type = VG_ENTRY_DIR;
		} else if (S_ISLNK(st.st_mode)) {
			ent.type = VG_ENTRY_SYMLINK;
			size_t cap = (size_t)st.st_size + 2;
			if (w->lim->max_path_len && cap > w->lim->max_path_len + 2)
				cap = (size_t)w->lim->max_path_len + 2;
			char *lbuf = malloc(cap);
			if (!lbuf) {
				r = -ENOMEM;
				goto out;
			}
			ssize_t n = readlinkat(dfd, name, lbuf, cap - 1);
			if (n < 0 || (size_t)n >= cap - 1) {
				if (n < 0) {
					r = -errno;
					set_err(w, VG_DIAG_IO, "rootfs entry %s: cannot read the link: %s",
						path, strerror(errno));
				} else {
					r = -EFBIG;
					set_err(w, VG_DIAG_LIMIT,
						"rootfs entry %s: symlink target longer than %llu bytes (max_path_len)",
						path, (unsigned long long)w->lim->max_path_len);
				}
				free(lbuf);
				goto out;
			}
			vg_strbuf_reset(&w->link);
			r = vg_strbuf_append(&w->link, lbuf, (size_t)n);
			free(lbuf);
			if (r < 0)
				goto out;
			ent.link = vg_strbuf_str(&w->link);
			ent.size = (uint64_t)n;
		} else {
			ent.type = VG_ENTRY_OTHER;
		}
		struct vg_entry_reader rd = {
			.w = w, .dirfd = dfd, .name = name, .fd = -1,
			.size_hint = ent.size, .eof = ent.type != VG_ENTRY_FILE,
		};
		int rc = w->cb ? w->cb(&ent, &rd, w->userdata) : 0;
		if (rd.fd >= 0)
			close(rd.fd);
		r = after_cb(w, "rootfs", path, rc, &rd);
		if (r)
			goto out;
		if (ent.type == VG_ENTRY_DIR) {
			int cfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				r = -errno;
				set_err(w, VG_DIAG_IO, "rootfs entry %s: cannot open the directory: %s",
					path, strerror(errno));
				goto out;
			}
			r = walk_dir(w, cfd, false);
			close(cfd);
			if (r)
				goto out;
		}
	}
	vg_strbuf_truncate(&w->path, base_len);
	r = 0;
out:
	names_release(&ns);
	return r;
}

int vg_walk_rootfs(struct vg_walk *w, const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = -errno;
		set_err(w, VG_DIAG_IO, "cannot open the root filesystem: %s", strerror(errno));
		return e;
	}
	vg_strbuf_reset(&w->path);
	progress(w, "rootfs", 0, 0);
	int r = walk_dir(w, fd, true);
	close(fd);
	if (r == 0)
		progress(w, "rootfs", w->entries, w->entries);
	return r;
}
