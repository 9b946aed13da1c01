/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/users.c - user and group names resolved in a process's mount namespace: the
 * /etc/passwd and /etc/group seen through /proc/PID/root, parsed once per mount namespace
 * (keyed by the inode of /proc/PID/ns/mnt) and kept in a small LRU cache.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "live/state_internal.h"
#include "util/banned.h"

#define USERDB_MAX_FILE (4u << 20)
#define USERDB_MAX_ENTRIES 8192u

struct uent {
	uint32_t id;
	struct vg_str name, home, shell;
};

struct vg_live_userdb {
	uint64_t mntns;
	uint64_t last_used;
	char *ptext, *gtext;      /* owned copies; entries point into them */
	struct uent *users, *groups;
	uint32_t nusers, ngroups;
};

static bool parse_u32(const char *s, size_t len, uint32_t *ret)
{
	uint64_t v = 0;
	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*ret = (uint32_t)v;
	return true;
}

/*
 * Split @text (modified: ':' and '\n' become NULs) into entries: passwd lines
 * name:pw:uid:gid:gecos:home:shell (want 7 fields) or group lines name:pw:gid:members
 * (want >= 3). Malformed lines and NIS "+"/"-" lines are skipped. The first entry of an id
 * wins (as getpwuid).
 */
static int parse_db(char *text, size_t len, bool passwd, struct uent **ret, uint32_t *ret_n)
{
	uint32_t cap = 0, n = 0;
	struct uent *v = NULL;
	char *end = text + len;
	for (char *p = text; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end;
		char *f[7] = { 0 };
		size_t fl[7] = { 0 };
		unsigned nf = 0;
		for (char *q = p; nf < 7;) {
			char *c = memchr(q, ':', (size_t)(le - q));
			f[nf] = q;
			fl[nf] = (size_t)((c ? c : le) - q);
			nf++;
			if (!c)
				break;
			q = c + 1;
		}
		uint32_t id;
		bool ok = nf >= (passwd ? 7u : 3u) && fl[0] > 0 && f[0][0] != '+' && f[0][0] != '-' &&
			  parse_u32(f[2], fl[2], &id);
		if (ok) {
			for (uint32_t i = 0; i < n; i++)
				if (v[i].id == id)
					ok = false;
		}
		if (ok && n < USERDB_MAX_ENTRIES) {
			if (n == cap) {
				uint32_t nc = cap ? cap * 2 : 32;
				struct uent *nv = realloc(v, nc * sizeof(*nv));
				if (!nv) {
					free(v);
					return -ENOMEM;
				}
				v = nv;
				cap = nc;
			}
			struct uent *e = &v[n++];
			memset(e, 0, sizeof(*e));
			e->id = id;
			f[0][fl[0]] = '\0';
			e->name = (struct vg_str){ f[0], fl[0] };
			if (passwd) {
				f[5][fl[5]] = '\0';
				f[6][fl[6]] = '\0';
				e->home = (struct vg_str){ f[5], fl[5] };
				e->shell = (struct vg_str){ f[6], fl[6] };
			}
		}
		p = nl ? nl + 1 : end;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

struct vg_live_userdb *vg_live_userdb_parse(const char *passwd, size_t plen, const char *group,
					    size_t glen, uint64_t mntns)
{
	struct vg_live_userdb *db = calloc(1, sizeof(*db));
	if (!db)
		return NULL;
	db->mntns = mntns;
	db->ptext = malloc(plen + 1);
	db->gtext = malloc(glen + 1);
	if (!db->ptext || !db->gtext) {
		vg_live_userdb_free(db);
		return NULL;
	}
	if (plen)
		memcpy(db->ptext, passwd, plen);
	db->ptext[plen] = '\0';
	if (glen)
		memcpy(db->gtext, group, glen);
	db->gtext[glen] = '\0';
	if (parse_db(db->ptext, plen, true, &db->users, &db->nusers) < 0 ||
	    parse_db(db->gtext, glen, false, &db->groups, &db->ngroups) < 0) {
		vg_live_userdb_free(db);
		return NULL;
	}
	return db;
}

void vg_live_userdb_free(struct vg_live_userdb *db)
{
	if (!db)
		return;
	free(db->ptext);
	free(db->gtext);
	free(db->users);
	free(db->groups);
	free(db);
}

bool vg_live_userdb_user(const struct vg_live_userdb *db, uint32_t uid, struct vg_user *ret)
{
	for (uint32_t i = 0; db && i < db->nusers; i++)
		if (db->users[i].id == uid) {
			ret->uid = uid;
			ret->name = db->users[i].name;
			ret->homedir = db->users[i].home;
			ret->shell = db->users[i].shell;
			return true;
		}
	return false;
}

bool vg_live_userdb_group(const struct vg_live_userdb *db, uint32_t gid, struct vg_group *ret)
{
	for (uint32_t i = 0; db && i < db->ngroups; i++)
		if (db->groups[i].id == gid) {
			ret->gid = gid;
			ret->name = db->groups[i].name;
			return true;
		}
	return false;
}

void vg_live_users_init(struct vg_live_users *u, uint32_t max)
{
	memset(u, 0, sizeof(*u));
	u->max = max ? max : 1;
}

void vg_live_users_release(struct vg_live_users *u)
{
	for (uint32_t i = 0; i < u->n; i++)
		vg_live_userdb_free(u->v[i]);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

const struct vg_live_userdb *vg_live_users_get(struct vg_live_users *u, const char *proc_root,
					       int64_t pid, uint64_t mntns)
{
	u->clock++;
	for (uint32_t i = 0; i < u->n; i++)
		if (u->v[i]->mntns == mntns) {
			u->v[i]->last_used = u->clock;
			return u->v[i];
		}
	char path[4096];
	char *pt = NULL, *gt = NULL;
	size_t pl = 0, gl = 0;
	snprintf(path, sizeof(path), "%s/%lld/root/etc/passwd", proc_root, (long long)pid);
	int e = vg_live_read_file(path, USERDB_MAX_FILE, &pt, &pl);
	if (e < 0) {
		/* the root is there but has no passwd (distroless images): cache an empty
		 * database, or every event of that namespace would try again; a process that is
		 * gone tells nothing (the caller tries an ancestor) */
		struct stat sb;
		snprintf(path, sizeof(path), "%s/%lld/root/", proc_root, (long long)pid);
		if (e != -ENOENT || stat(path, &sb) != 0)
			return NULL;
		pt = strdup("");
		pl = 0;
		if (!pt)
			return NULL;
	}
	snprintf(path, sizeof(path), "%s/%lld/root/etc/group", proc_root, (long long)pid);
	if (vg_live_read_file(path, USERDB_MAX_FILE, &gt, &gl) < 0)
		gt = NULL, gl = 0;
	struct vg_live_userdb *db = vg_live_userdb_parse(pt, pl, gt ? gt : "", gl, mntns);
	free(pt);
	free(gt);
	if (!db)
		return NULL;
	u->loads++;
	db->last_used = u->clock;
	if (u->n >= u->max) {
		uint32_t old = 0;
		for (uint32_t i = 1; i < u->n; i++)
			if (u->v[i]->last_used < u->v[old]->last_used)
				old = i;
		vg_live_userdb_free(u->v[old]);
		u->v[old] = db;
		u->evicted++;
		return db;
	}
	if (u->n == u->cap) {
		uint32_t nc = u->cap ? u->cap * 2 : 8;
		struct vg_live_userdb **nv = realloc(u->v, nc * sizeof(*nv));
		if (!nv) {
			vg_live_userdb_free(db);
			return NULL;
		}
		u->v = nv;
		u->cap = nc;
	}
	u->v[u->n++] = db;
	return db;
}
