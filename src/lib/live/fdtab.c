/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/fdtab.c - the fd table of a process: an array indexed by fd number (grown on demand up
 * to max_fd_num), each entry a struct vg_fd with its own copies of the strings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "live/state_internal.h"
#include "util/banned.h"

struct lfd {
	struct vg_fd fd;
	char *strs; /* name, nameraw, cip_name, sip_name, back to back */
};

static void lfd_free(struct lfd *f)
{
	if (!f)
		return;
	free(f->strs);
	free(f);
}

static size_t clip(struct vg_str s, uint32_t max_str)
{
	return s.ptr ? (s.len > max_str ? max_str : s.len) + 1 : 0;
}

static struct lfd *lfd_new(const struct vg_fd *src, uint32_t max_str)
{
	struct lfd *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->fd = *src;
	const struct vg_str *in[4] = { &src->name, &src->nameraw, &src->cip_name, &src->sip_name };
	struct vg_str *out[4] = { &f->fd.name, &f->fd.nameraw, &f->fd.cip_name, &f->fd.sip_name };
	size_t tot = 0;
	for (int i = 0; i < 4; i++)
		tot += clip(*in[i], max_str);
	if (tot) {
		f->strs = malloc(tot);
		if (!f->strs) {
			free(f);
			return NULL;
		}
	}
	char *p = f->strs;
	for (int i = 0; i < 4; i++) {
		size_t n = clip(*in[i], max_str);
		if (!n) {
			*out[i] = VG_STR_NONE;
			continue;
		}
		memcpy(p, in[i]->ptr, n - 1);
		p[n - 1] = '\0';
		*out[i] = (struct vg_str){ p, n - 1 };
		p += n;
	}
	return f;
}

void vg_live_fdtab_release(struct vg_live_fdtab *t)
{
	for (uint32_t i = 0; i < t->cap; i++)
		lfd_free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int vg_live_fdtab_copy(struct vg_live_fdtab *dst, const struct vg_live_fdtab *src)
{
	memset(dst, 0, sizeof(*dst));
	if (!src->n)
		return 0;
	uint32_t top = src->cap;
	while (top > 0 && !src->v[top - 1])
		top--;
	dst->v = calloc(top, sizeof(*dst->v));
	if (!dst->v)
		return -ENOMEM;
	dst->cap = top;
	for (uint32_t i = 0; i < top; i++) {
		if (!src->v[i])
			continue;
		dst->v[i] = lfd_new(&src->v[i]->fd, UINT32_MAX - 1);
		if (!dst->v[i]) {
			vg_live_fdtab_release(dst);
			return -ENOMEM;
		}
		dst->n++;
	}
	return 0;
}

int vg_live_fdtab_set(struct vg_live_fdtab *t, const struct vg_fd *fd, uint32_t max_fds,
		      uint32_t max_fd_num, uint32_t max_str)
{
	if (fd->num < 0 || (uint64_t)fd->num > max_fd_num)
		return -ENOSPC;
	uint32_t num = (uint32_t)fd->num;
	if (num >= t->cap) {
		uint32_t nc = t->cap ? t->cap : 16;
		while (nc <= num)
			nc *= 2;
		if (nc > max_fd_num + 1u)
			nc = max_fd_num + 1u;
		struct lfd **nv = realloc(t->v, nc * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		memset(nv + t->cap, 0, (nc - t->cap) * sizeof(*nv));
		t->v = nv;
		t->cap = nc;
	}
	if (!t->v[num] && t->n >= max_fds)
		return -ENOSPC;
	struct lfd *f = lfd_new(fd, max_str);
	if (!f)
		return -ENOMEM;
	if (t->v[num])
		lfd_free(t->v[num]);
	else
		t->n++;
	t->v[num] = f;
	return 0;
}

void vg_live_fdtab_del(struct vg_live_fdtab *t, int64_t num)
{
	if (num < 0 || (uint64_t)num >= t->cap || !t->v[num])
		return;
	lfd_free(t->v[num]);
	t->v[num] = NULL;
	t->n--;
}

struct vg_fd *vg_live_fdtab_get(struct vg_live_fdtab *t, int64_t num)
{
	if (num < 0 || (uint64_t)num >= t->cap || !t->v[num])
		return NULL;
	return &t->v[num]->fd;
}

void vg_live_fdtab_close_on_exec(struct vg_live_fdtab *t)
{
	for (uint32_t i = 0; i < t->cap; i++)
		if (t->v[i] && (t->v[i]->fd.open_flags & VG_O_CLOEXEC))
			vg_live_fdtab_del(t, i);
}
