/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/cgroup.c - container ID from a cgroup path, and the container cache.
 *
 * runc-based runtimes put a container in a cgroup whose last component is either the 64-hex
 * container id (cgroupfs driver: "/docker/<id>", "/kubepods/besteffort/pod<uid>/<id>") or
 * "<prefix><id>.scope" (systemd driver: docker-, cri-containerd-, crio-, libpod-), and
 * containerd without SystemdCgroup writes "...slice:cri-containerd:<id>". The layouts are a
 * static table (as libs' runc.cpp / cri.cpp / docker.cpp); the first line with a container id
 * wins. The monitor processes (crio-conmon-, libpod-conmon-) are not the container.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/state.h"
#include "live/state_internal.h"
#include "util/banned.h"

struct cgroup_layout {
	const char *prefix;   /* before the id, at the start of a path component */
	const char *suffix;   /* after the id, at the end of the path */
	enum vg_cgroup_engine engine; /* HOST = decided by the rest of the path */
};

static const struct cgroup_layout layouts[] = {
	{ "docker-", ".scope", VG_CGROUP_DOCKER },
	{ "cri-containerd-", ".scope", VG_CGROUP_CONTAINERD },
	{ "crio-", ".scope", VG_CGROUP_CRIO },
	{ "crio-", "", VG_CGROUP_CRIO },
	{ "libpod-", ".scope", VG_CGROUP_PODMAN },
	{ "libpod-", "", VG_CGROUP_PODMAN },
	{ "", "", VG_CGROUP_HOST }, /* bare id: docker, or containerd below kubepods */
};

static const char *const conmon_prefixes[] = { "crio-conmon-", "libpod-conmon-" };

static const char *const engine_names[] = {
	[VG_CGROUP_HOST] = "host",
	[VG_CGROUP_DOCKER] = "docker",
	[VG_CGROUP_CONTAINERD] = "containerd",
	[VG_CGROUP_CRIO] = "cri-o",
	[VG_CGROUP_PODMAN] = "podman",
};

const char *vg_cgroup_engine_name(enum vg_cgroup_engine e)
{
	if ((unsigned)e >= sizeof(engine_names) / sizeof(engine_names[0]))
		return "host";
	return engine_names[e];
}

static bool is_hex64(const char *s, size_t len)
{
	if (len != 64)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

static bool has_prefix(const char *s, size_t len, const char *p)
{
	size_t pl = strlen(p);
	return len >= pl && memcmp(s, p, pl) == 0;
}

static const char *mem_find(const char *s, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; nl <= len && i <= len - nl; i++)
		if (memcmp(s + i, needle, nl) == 0)
			return s + i;
	return NULL;
}

/*
 * Pod UID: "kubepods-besteffort-pod<uid with _>.slice" (systemd) or "/pod<uid>/" (cgroupfs)
 * anywhere in the path.
 */
static void find_pod_uid(const char *path, size_t len, char out[37])
{
	out[0] = '\0';
	const char *end = path + len;
	for (const char *p = path; p < end;) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		const char *colon = memchr(p, ':', (size_t)((q ? q : end) - p));
		if (colon)
			q = colon; /* "...pod<uid>.slice:cri-containerd:<id>" */
		const char *ce = q ? q : end;
		size_t cl = (size_t)(ce - p);
		const char *pod = NULL;
		size_t pl = 0;
		if (has_prefix(p, cl, "kubepods") && cl > 6 && memcmp(ce - 6, ".slice", 6) == 0) {
			const char *x = mem_find(p, cl, "-pod");
			if (x) {
				pod = x + 4;
				pl = (size_t)(ce - 6 - pod);
			}
		} else if (has_prefix(p, cl, "pod") && cl == 3 + 36) {
			pod = p + 3;
			pl = 36;
		}
		if (pod && pl == 36) {
			bool ok = true;
			for (size_t i = 0; i < 36; i++) {
				char c = pod[i] == '_' ? '-' : pod[i];
				bool dash = i == 8 || i == 13 || i == 18 || i == 23;
				if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
					ok = false;
				out[i] = c;
			}
			out[ok ? 36 : 0] = '\0';
			if (ok)
				return;
		}
		p = q ? q + 1 : end;
	}
}

bool vg_cgroup_match_path(const char *path, size_t len, struct vg_cgroup_match *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!path)
		return false;
	/* containerd without SystemdCgroup: "...:cri-containerd:<id>" */
	const char *cc = mem_find(path, len, ":cri-containerd:");
	if (cc) {
		const char *id = cc + strlen(":cri-containerd:");
		size_t il = (size_t)(path + len - id);
		if (is_hex64(id, il)) {
			ret->engine = VG_CGROUP_CONTAINERD;
			memcpy(ret->id, id, 64);
			find_pod_uid(path, len, ret->pod_uid);
			return true;
		}
	}
	/* components from the last one up: "<prefix><id><suffix>" (a container may run below
	 * its scope: ".../libpod-<id>.scope/container", ".../docker-<id>.scope/init.scope"); a
	 * bare id only as the last component */
	size_t stop = len;
	bool last = true;
	while (stop > 0) {
		size_t start = stop;
		while (start > 0 && path[start - 1] != '/')
			start--;
		const char *comp = path + start;
		size_t cl = stop - start;
		for (size_t i = 0; i < sizeof(conmon_prefixes) / sizeof(conmon_prefixes[0]); i++)
			if (has_prefix(comp, cl, conmon_prefixes[i])) {
				ret->conmon = true;
				return false;
			}
		for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
			const struct cgroup_layout *l = &layouts[i];
			size_t pl = strlen(l->prefix), sl = strlen(l->suffix);
			if ((!last && pl == 0) || cl < pl + sl || !has_prefix(comp, cl, l->prefix) ||
			    memcmp(comp + cl - sl, l->suffix, sl) != 0 ||
			    !is_hex64(comp + pl, cl - pl - sl))
				continue;
			memcpy(ret->id, comp + pl, 64);
			ret->id[64] = '\0';
			find_pod_uid(path, len, ret->pod_uid);
			ret->engine = l->engine;
			if (ret->engine == VG_CGROUP_HOST)
				ret->engine = ret->pod_uid[0] || mem_find(path, start, "kubepods")
						      ? VG_CGROUP_CONTAINERD
						      : VG_CGROUP_DOCKER;
			return true;
		}
		last = false;
		stop = start > 0 ? start - 1 : 0;
	}
	return false;
}

bool vg_cgroup_match_file(const char *text, size_t len, struct vg_cgroup_match *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!text)
		return false;
	bool conmon = false;
	const char *end = text + len;
	for (const char *p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		/* "N:controllers:path": the path starts after the second ':' */
		const char *c1 = memchr(p, ':', (size_t)(le - p));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(le - c1 - 1)) : NULL;
		if (c2 && vg_cgroup_match_path(c2 + 1, (size_t)(le - c2 - 1), ret))
			return true;
		conmon = conmon || ret->conmon;
		p = nl ? nl + 1 : end;
	}
	memset(ret, 0, sizeof(*ret));
	ret->conmon = conmon;
	return false;
}

/* ---- container cache ---------------------------------------------------------------------- */

struct lcontainer {
	struct vg_container c;
	struct vg_k8s_pod pod;
	bool has_pod;
	char id[13], full_id[65], pod_uid[37], sandbox_id[13];
	char *image_repository, *image_tag;
	struct vg_live_cri_info cri;
	uint64_t last_used;
};

static void lcontainer_free(struct lcontainer *c)
{
	if (!c)
		return;
	vg_live_cri_info_release(&c->cri);
	free(c->image_repository);
	free(c->image_tag);
	free(c);
}

/* "docker.io/library/nginx:1.25@sha256:..." -> repository, tag (absent when none) */
static int split_image(struct lcontainer *c, const char *img)
{
	size_t len = strlen(img), end = len;
	const char *at = strchr(img, '@');
	if (at)
		end = (size_t)(at - img);
	size_t colon = end;
	for (size_t i = end; i > 0; i--) {
		if (img[i - 1] == '/')
			break;
		if (img[i - 1] == ':') {
			colon = i - 1;
			break;
		}
	}
	c->image_repository = strndup(img, colon);
	if (!c->image_repository)
		return -ENOMEM;
	c->c.image_repository = vg_str_c(c->image_repository);
	if (colon < end) {
		c->image_tag = strndup(img + colon + 1, end - colon - 1);
		if (!c->image_tag)
			return -ENOMEM;
		c->c.image_tag = vg_str_c(c->image_tag);
	}
	return 0;
}

/* Container and pod fields from the runtime (absent when it does not answer). */
static void apply_cri(struct vg_live_containers *cs, struct lcontainer *c)
{
	cs->cri_lookups++;
	if (vg_live_cri_status(cs->cri_socket, c->full_id, cs->cri_timeout_ms, &c->cri) <= 0) {
		cs->cri_failures++;
		return;
	}
	struct vg_live_cri_info *ri = &c->cri;
	c->c.name = vg_str_c(ri->name);
	c->c.image = vg_str_c(ri->image);
	c->c.image_id = vg_str_c(ri->image_ref);
	if (ri->image && split_image(c, ri->image) < 0)
		cs->cri_failures++;
	c->c.labels = ri->labels.v;
	c->c.nlabels = ri->labels.n;
	c->c.start_ts = ri->created_at;
	if (ri->pod_name || ri->pod_uid) {
		c->has_pod = true;
		c->pod.name = vg_str_c(ri->pod_name);
		c->pod.ns = vg_str_c(ri->pod_ns);
		if (ri->pod_uid)
			c->pod.uid = vg_str_c(ri->pod_uid);
		c->pod.ip = vg_str_c(ri->pod_ip);
		c->pod.labels = ri->pod_labels.v;
		c->pod.nlabels = ri->pod_labels.n;
		if (ri->sandbox_id) {
			c->pod.full_sandbox_id = vg_str_c(ri->sandbox_id);
			snprintf(c->sandbox_id, sizeof(c->sandbox_id), "%.12s", ri->sandbox_id);
			c->pod.sandbox_id = vg_str_c(c->sandbox_id);
		}
	}
}

void vg_live_containers_init(struct vg_live_containers *cs, uint32_t max)
{
	memset(cs, 0, sizeof(*cs));
	cs->max = max ? max : 1;
}

void vg_live_containers_release(struct vg_live_containers *cs)
{
	for (uint32_t i = 0; i < cs->n; i++)
		lcontainer_free(cs->v[i]);
	free(cs->v);
	free(cs->cri_socket);
	memset(cs, 0, sizeof(*cs));
}

const struct vg_container *vg_live_containers_get(struct vg_live_containers *cs,
						  const struct vg_cgroup_match *m,
						  const struct vg_k8s_pod **ret_pod)
{
	*ret_pod = NULL;
	if (!m->id[0])
		return NULL;
	cs->clock++;
	for (uint32_t i = 0; i < cs->n; i++) {
		struct lcontainer *c = cs->v[i];
		if (memcmp(c->full_id, m->id, 64) == 0) {
			c->last_used = cs->clock;
			*ret_pod = c->has_pod ? &c->pod : NULL;
			return &c->c;
		}
	}
	struct lcontainer *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	memcpy(c->full_id, m->id, 64);
	memcpy(c->id, m->id, 12);
	memcpy(c->pod_uid, m->pod_uid, sizeof(c->pod_uid));
	c->c.id = (struct vg_str){ c->id, 12 };
	c->c.full_id = (struct vg_str){ c->full_id, 64 };
	c->c.type = vg_str_c(vg_cgroup_engine_name(m->engine));
	if (c->pod_uid[0]) {
		c->has_pod = true;
		c->pod.uid = vg_str_c(c->pod_uid);
	}
	/* CRI metadata (name, image, labels, pod name/namespace/labels) from the runtime
	 * socket when there is one; absent otherwise */
	if (cs->cri_socket)
		apply_cri(cs, c);
	c->last_used = cs->clock;
	if (cs->n >= cs->max) {
		uint32_t old = 0;
		for (uint32_t i = 1; i < cs->n; i++)
			if (cs->v[i]->last_used < cs->v[old]->last_used)
				old = i;
		lcontainer_free(cs->v[old]);
		cs->v[old] = c;
		cs->evicted++;
	} else {
		if (cs->n == cs->cap) {
			uint32_t nc = cs->cap ? cs->cap * 2 : 16;
			struct lcontainer **nv = realloc(cs->v, nc * sizeof(*nv));
			if (!nv) {
				lcontainer_free(c);
				return NULL;
			}
			cs->v = nv;
			cs->cap = nc;
		}
		cs->v[cs->n++] = c;
	}
	*ret_pod = c->has_pod ? &c->pod : NULL;
	return &c->c;
}
