/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.c - where blobs live and how to read them: a byte range of a file (an OCI layout
 * blob, or a member of an uncompressed outer tar, read with pread), a member of a compressed
 * outer tar (streamed again from the start: no random access exists), or memory. The outer
 * tar's index records each member's data offset (archive_filter_bytes(a, 0) right after the
 * header: the position in the decompressed stream where the member's data starts).
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image_internal.h"
#include "util/banned.h"

#define SRC_BUF (256u * 1024u)

void vg_archive_read_setup(struct archive *a)
{
	/* not archive_read_support_filter_all(): it adds filters (lrzip, lzop, grzip) that run an
	 * external program, and a layer from an untrusted image must never start a process */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_format_tar(a); /* ustar, pax, GNU tar */
}

static int outer_open(const char *file, struct archive **ret)
{
	struct archive *a = archive_read_new();
	if (!a)
		return -ENOMEM;
	vg_archive_read_setup(a);
	if (archive_read_open_filename(a, file, 64 * 1024) != ARCHIVE_OK) {
		int e = archive_errno(a);
		archive_read_free(a);
		return e > 0 ? -e : -EBADMSG;
	}
	*ret = a;
	return 0;
}

int vg_src_stream_open(struct vg_src_stream *s, const struct vg_src *src)
{
	memset(s, 0, sizeof(*s));
	s->src = src;
	s->fd = -1;
	if (src->kind == VG_SRC_MEMORY)
		return 0;
	s->bufcap = SRC_BUF;
	s->buf = malloc(s->bufcap);
	if (!s->buf)
		return -ENOMEM;
	if (src->kind == VG_SRC_FILE) {
		s->fd = open(src->file, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0) {
			int e = -errno;
			vg_src_stream_close(s);
			return e;
		}
		return 0;
	}
	/* VG_SRC_MEMBER: find the member again */
	int r = outer_open(src->file, &s->outer);
	if (r < 0) {
		vg_src_stream_close(s);
		return r;
	}
	struct archive_entry *e;
	for (uint64_t i = 0;; i++) {
		int ar = archive_read_next_header(s->outer, &e);
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			vg_src_stream_close(s);
			return -EIO;
		}
		if (i == src->ordinal)
			return 0;
		if (archive_read_data_skip(s->outer) != ARCHIVE_OK) {
			vg_src_stream_close(s);
			return -EIO;
		}
	}
}

ssize_t vg_src_stream_read(struct vg_src_stream *s, void *buf, size_t cap)
{
	if (s->err)
		return s->err;
	uint64_t left = s->src->size - s->pos;
	if (left == 0 || cap == 0)
		return 0;
	size_t want = left < cap ? (size_t)left : cap;
	ssize_t n;
	switch (s->src->kind) {
	case VG_SRC_MEMORY:
		memcpy(buf, s->src->mem + s->pos, want);
		n = (ssize_t)want;
		break;
	case VG_SRC_FILE:
		do
			n = pread(s->fd, buf, want, (off_t)(s->src->offset + s->pos));
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			s->err = -errno;
			return s->err;
		}
		if (n == 0) { /* the file is shorter than its index says */
			s->err = -EIO;
			return s->err;
		}
		break;
	case VG_SRC_MEMBER:
	default:
		n = archive_read_data(s->outer, buf, want);
		if (n < 0) {
			s->err = -EIO;
			return s->err;
		}
		if (n == 0) {
			s->err = -EIO;
			return s->err;
		}
		break;
	}
	s->pos += (uint64_t)n;
	return n;
}

void vg_src_stream_close(struct vg_src_stream *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->outer)
		archive_read_free(s->outer);
	s->outer = NULL;
	free(s->buf);
	s->buf = NULL;
}

/* ---- libarchive client callbacks ------------------------------------------------------------- */

static la_ssize_t cb_read(struct archive *a, void *ud, const void **ret_buf)
{
	struct vg_src_stream *s = ud;
	if (s->src->kind == VG_SRC_MEMORY) {
		uint64_t left = s->src->size - s->pos;
		*ret_buf = s->src->mem + s->pos;
		s->pos += left;
		return (la_ssize_t)left;
	}
	ssize_t n = vg_src_stream_read(s, s->buf, s->bufcap);
	if (n < 0) {
		archive_set_error(a, -(int)n, "cannot read the layer blob: %s", strerror(-(int)n));
		return -1;
	}
	*ret_buf = s->buf;
	return n;
}

static la_int64_t cb_skip(struct archive *a, void *ud, la_int64_t request)
{
	struct vg_src_stream *s = ud;
	(void)a;
	if (s->src->kind != VG_SRC_FILE || request <= 0)
		return 0; /* libarchive reads and discards instead */
	uint64_t left = s->src->size - s->pos;
	uint64_t n = (uint64_t)request < left ? (uint64_t)request : left;
	s->pos += n;
	return (la_int64_t)n;
}

int vg_src_archive_open(struct archive *a, struct vg_src_stream *s)
{
	return archive_read_open2(a, s, NULL, cb_read, cb_skip, NULL);
}

int vg_src_read_all(const struct vg_src *src, uint64_t max, unsigned char **ret_buf,
		    size_t *ret_len)
{
	if (src->size > max || src->size >= SIZE_MAX)
		return -EFBIG;
	unsigned char *buf = malloc((size_t)src->size + 1);
	if (!buf)
		return -ENOMEM;
	struct vg_src_stream s;
	int r = vg_src_stream_open(&s, src);
	if (r < 0) {
		free(buf);
		return r;
	}
	size_t len = 0;
	while (len < src->size) {
		ssize_t n = vg_src_stream_read(&s, buf + len, (size_t)src->size - len);
		if (n <= 0) {
			r = n < 0 ? (int)n : -EIO;
			break;
		}
		len += (size_t)n;
	}
	vg_src_stream_close(&s);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

static const char *archive_err(struct archive *a)
{
	const char *m = archive_error_string(a);
	return m ? m : "unreadable";
}

/* ---- the outer tar index --------------------------------------------------------------------- */

void vg_tar_index_release(struct vg_tar_index *idx)
{
	if (!idx)
		return;
	free(idx->members);
	idx->members = NULL;
	idx->count = idx->cap = 0;
	vg_strmap_release(&idx->map);
}

int vg_tar_index_build(struct vg_arena *arena, const char *file,
		       const struct vg_image_limits *lim, struct vg_tar_index *idx,
		       struct vg_diag *diag)
{
	memset(idx, 0, sizeof(*idx));
	vg_strmap_init(&idx->map);
	idx->file = vg_arena_strdup(arena, file);
	if (!idx->file)
		return -ENOMEM;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		vg_diag_set(diag, VG_DIAG_IO, file, 0, 0, "cannot open: %s", strerror(e));
		return -e;
	}
	close(fd);
	struct archive *a;
	int r = outer_open(file, &a);
	if (r < 0) {
		vg_diag_set(diag, VG_DIAG_SYNTAX, file, 0, 0,
			    "not a tar archive (docker-archive or OCI archive)");
		return -EBADMSG;
	}
	struct vg_strbuf name = VG_STRBUF_INIT, link = VG_STRBUF_INIT;
	struct archive_entry *e;
	for (uint64_t ordinal = 0;; ordinal++) {
		int ar = archive_read_next_header(a, &e);
		if (ar == ARCHIVE_EOF)
			break;
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			if (ordinal == 0)
				vg_diag_set(diag, VG_DIAG_SYNTAX, file, 0, 0,
					    "not a tar archive (docker-archive or OCI archive): %s",
					    archive_err(a));
			else
				vg_diag_set(diag, VG_DIAG_SYNTAX, file, 0, 0,
					    "after member '%s': %s",
					    idx->count ? idx->members[idx->count - 1].name + 1 : "",
					    archive_err(a));
			r = -EBADMSG;
			goto out;
		}
		if (ordinal == 0)
			idx->compressed = archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE;
		if (ordinal >= lim->max_entries) {
			vg_diag_set(diag, VG_DIAG_LIMIT, file, 0, 0,
				    "more than %llu members (max_entries)",
				    (unsigned long long)lim->max_entries);
			r = -EFBIG;
			goto out;
		}
		const char *p = archive_entry_pathname(e);
		if (!p)
			p = archive_entry_pathname_utf8(e);
		if (!p) {
			vg_diag_set(diag, VG_DIAG_SYNTAX, file, 0, 0, "member %llu has no readable name",
				    (unsigned long long)ordinal);
			r = -EBADMSG;
			goto out;
		}
		r = vg_path_normalize(p, strlen(p), lim->max_path_len, &name);
		if (r < 0) {
			vg_diag_set(diag, r == -ENAMETOOLONG ? VG_DIAG_LIMIT : VG_DIAG_SYNTAX, file, 0, 0,
				    "member '%.64s...': %s", p,
				    r == -ENAMETOOLONG ? "name too long (max_path_len)" : "bad name");
			r = r == -ENAMETOOLONG ? -EFBIG : -EBADMSG;
			goto out;
		}
		struct vg_tar_member m = { .ordinal = ordinal };
		m.name = vg_arena_strdup(arena, vg_strbuf_str(&name));
		if (!m.name) {
			r = -ENOMEM;
			goto out;
		}
		const char *hl = archive_entry_hardlink(e);
		const char *sl = archive_entry_symlink(e);
		m.size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0 ?
				 (uint64_t)archive_entry_size(e) : 0;
		m.offset = (uint64_t)archive_filter_bytes(a, 0);
		m.sparse = archive_entry_sparse_count(e) > 0;
		if (hl && m.size == 0) {
			m.type = VG_MEMBER_HARDLINK;
			r = vg_path_normalize(hl, strlen(hl), lim->max_path_len, &link);
		} else if (sl) {
			m.type = VG_MEMBER_SYMLINK;
			r = vg_path_join_link(m.name, sl, lim->max_path_len, &link);
		} else {
			switch (archive_entry_filetype(e)) {
			case AE_IFREG: m.type = VG_MEMBER_FILE; break;
			case AE_IFDIR: m.type = VG_MEMBER_DIR; break;
			default: m.type = VG_MEMBER_OTHER; break;
			}
		}
		if (r < 0) {
			vg_diag_set(diag, VG_DIAG_SYNTAX, file, 0, 0, "member '%s': bad link target",
				    m.name + 1);
			r = r == -ENAMETOOLONG ? -EFBIG : -EBADMSG;
			goto out;
		}
		if (m.type == VG_MEMBER_HARDLINK || m.type == VG_MEMBER_SYMLINK) {
			m.link = vg_arena_strdup(arena, vg_strbuf_str(&link));
			if (!m.link) {
				r = -ENOMEM;
				goto out;
			}
		}
		if (idx->count == idx->cap) {
			size_t cap = idx->cap ? idx->cap * 2 : 32;
			struct vg_tar_member *n = realloc(idx->members, cap * sizeof(*n));
			if (!n) {
				r = -ENOMEM;
				goto out;
			}
			idx->members = n;
			idx->cap = cap;
		}
		idx->members[idx->count++] = m;
		void **slot;
		r = vg_strmap_upsert(&idx->map, arena, m.name, &slot);
		if (r < 0)
			goto out;
		*slot = (void *)(uintptr_t)idx->count; /* the last member of a name wins */
		r = 0;
		if (archive_read_data_skip(a) != ARCHIVE_OK) {
			vg_diag_set(diag, VG_DIAG_SYNTAX, file, 0, 0, "member '%s': %s", m.name + 1,
				    archive_err(a));
			r = -EBADMSG;
			goto out;
		}
	}
	r = 0;
out:
	archive_read_free(a);
	vg_strbuf_release(&name);
	vg_strbuf_release(&link);
	if (r < 0)
		vg_tar_index_release(idx);
	return r;
}

const struct vg_tar_member *vg_tar_index_find(const struct vg_tar_index *idx, const char *name)
{
	for (int hops = 0; hops <= VG_IMAGE_MAX_LINK_HOPS; hops++) {
		uintptr_t i = (uintptr_t)vg_strmap_get(&idx->map, name);
		if (!i)
			return NULL;
		const struct vg_tar_member *m = &idx->members[i - 1];
		if (m->type != VG_MEMBER_SYMLINK && m->type != VG_MEMBER_HARDLINK)
			return m;
		name = m->link;
	}
	return NULL;
}

int vg_tar_index_source(const struct vg_tar_index *idx, const char *name, struct vg_src *ret_src)
{
	const struct vg_tar_member *m = vg_tar_index_find(idx, name);
	if (!m)
		return -ENOENT;
	if (m->type != VG_MEMBER_FILE)
		return -EBADMSG;
	struct vg_src s = { .file = idx->file, .size = m->size, .ordinal = m->ordinal };
	if (idx->compressed || m->sparse) {
		s.kind = VG_SRC_MEMBER;
	} else {
		s.kind = VG_SRC_FILE;
		s.offset = m->offset;
	}
	*ret_src = s;
	return 0;
}
