/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/state_internal.h - glue between the parts of the live state (proctab.c, fdtab.c,
 * cgroup.c, users.c). Not for the decoder: it uses live/state.h.
 */
#ifndef VG_LIVE_STATE_INTERNAL_H
#define VG_LIVE_STATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live/state.h"

/* ---- CRI runtime metadata (cri.c) --------------------------------------------------------- */

struct vg_live_kvs {
	struct vg_kv *v; /* keys and values malloc'd */
	uint32_t n, cap;
};

/* What ContainerStatus (+ PodSandboxStatus of its sandbox) told; NULL = not given. */
struct vg_live_cri_info {
	char *id, *name, *image, *image_ref;
	char *pod_name, *pod_ns, *pod_uid, *pod_ip, *sandbox_id;
	uint64_t created_at; /* ns since the epoch */
	struct vg_live_kvs labels, pod_labels;
};
/*
 * Ask the CRI runtime at unix socket @sock about container @id (64 hex). Returns 1 with @ret
 * filled (release with vg_live_cri_info_release), 0 when the runtime does not know it, or
 * -errno (-ECONNREFUSED, -ETIMEDOUT, -EPROTO, -EBADMSG, -ENOMEM).
 */
int vg_live_cri_status(const char *sock, const char *id, long timeout_ms,
		       struct vg_live_cri_info *ret);
void vg_live_cri_info_release(struct vg_live_cri_info *ri);
/* protobuf decoding of the two responses (exported for the unit tests); 1, 0 (no status) or
 * -EBADMSG/-ENOMEM. Fields accumulate into @ri. */
int vg_live_cri_parse_container(const uint8_t *msg, size_t len, struct vg_live_cri_info *ri);
int vg_live_cri_parse_sandbox(const uint8_t *msg, size_t len, struct vg_live_cri_info *ri);

/* ---- container cache (cgroup.c) ----------------------------------------------------------- */

struct lcontainer;
struct vg_live_containers {
	struct lcontainer **v;
	uint32_t n, cap, max;
	uint64_t clock;
	uint64_t evicted;
	char *cri_socket;        /* NULL = no runtime metadata */
	long cri_timeout_ms;
	uint64_t cri_lookups, cri_failures;
};
void vg_live_containers_init(struct vg_live_containers *cs, uint32_t max);
void vg_live_containers_release(struct vg_live_containers *cs);
/* The cached container of @m (created on first use; least recently used evicted when full);
 * NULL for the host or on allocation failure. *ret_pod = its pod or NULL. */
const struct vg_container *vg_live_containers_get(struct vg_live_containers *cs,
						  const struct vg_cgroup_match *m,
						  const struct vg_k8s_pod **ret_pod);

/* ---- user databases per mount namespace (users.c) ----------------------------------------- */

struct vg_live_userdb;
struct vg_live_users {
	struct vg_live_userdb **v;
	uint32_t n, cap, max;
	uint64_t clock;
	uint64_t loads, evicted;
};
void vg_live_users_init(struct vg_live_users *u, uint32_t max);
void vg_live_users_release(struct vg_live_users *u);
/*
 * The passwd/group database of mount namespace @mntns, loaded on first use from
 * @proc_root/@pid/root/etc/{passwd,group}. NULL when it cannot be read (then names are
 * unknown). Borrowed until the next call.
 */
const struct vg_live_userdb *vg_live_users_get(struct vg_live_users *u, const char *proc_root,
					       int64_t pid, uint64_t mntns);
/* Parse passwd/group text into a new database (exported for the unit tests). */
struct vg_live_userdb *vg_live_userdb_parse(const char *passwd, size_t plen, const char *group,
					    size_t glen, uint64_t mntns);
void vg_live_userdb_free(struct vg_live_userdb *db);
/* Look up; false when unknown. Strings borrowed from @db. */
bool vg_live_userdb_user(const struct vg_live_userdb *db, uint32_t uid, struct vg_user *ret);
bool vg_live_userdb_group(const struct vg_live_userdb *db, uint32_t gid, struct vg_group *ret);

/* ---- fd tables (fdtab.c) ------------------------------------------------------------------ */

struct lfd;
struct vg_live_fdtab {
	struct lfd **v; /* indexed by fd number */
	uint32_t cap;   /* slots */
	uint32_t n;     /* used */
};
void vg_live_fdtab_release(struct vg_live_fdtab *t);
/* Deep copy of @src into the empty @dst. 0 or -ENOMEM. */
int vg_live_fdtab_copy(struct vg_live_fdtab *dst, const struct vg_live_fdtab *src);
/* Install a copy of @fd (replacing). 0, -ENOSPC (limit), -ENOMEM. */
int vg_live_fdtab_set(struct vg_live_fdtab *t, const struct vg_fd *fd, uint32_t max_fds,
		      uint32_t max_fd_num, uint32_t max_str);
void vg_live_fdtab_del(struct vg_live_fdtab *t, int64_t num);
struct vg_fd *vg_live_fdtab_get(struct vg_live_fdtab *t, int64_t num);
void vg_live_fdtab_close_on_exec(struct vg_live_fdtab *t);

/* ---- small helpers (proctab.c) ------------------------------------------------------------ */

/* Read @path (at most @max bytes) into a malloc'd NUL-terminated buffer. 0 or -errno. */
int vg_live_read_file(const char *path, size_t max, char **ret, size_t *ret_len);

#endif
