/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pss_checks.c - the Pod Security Standards checks, one function per upstream versioned
 * implementation (k8s.io/pod-security-admission/policy/check_*.go).
 *
 * Values are read as Kubernetes decodes them: a pointer-to-struct field is "set" when it is a
 * map (null or absent = unset), booleans are BOOL nodes (anything else is unset), integers are
 * INT nodes, and strings compare with their exact length (no case folding, no "CAP_" or "/"
 * normalisation). Every check reports each offending place separately, with the place's field
 * path and node; when a required field is missing the node is its nearest present parent.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check/pss_internal.h"
#include "util/banned.h"

/* ---- value helpers ------------------------------------------------------------------- */

struct pss_str {
	const char *s;
	size_t len;
};

/* A scalar's text as Kubernetes would see it: null/absent/collection = "". */
static struct pss_str str_of(const struct vg_node *n)
{
	struct pss_str r = { "", 0 };

	if (!n || n->kind == VG_NODE_NULL || n->kind == VG_NODE_SEQ || n->kind == VG_NODE_MAP ||
	    !n->text)
		return r;
	r.s = n->text;
	r.len = n->len;
	return r;
}

static bool str_eq(struct pss_str a, const char *lit)
{
	size_t n = strlen(lit);

	return a.len == n && memcmp(a.s, lit, n) == 0;
}

static bool str_prefix(struct pss_str a, const char *lit)
{
	size_t n = strlen(lit);

	return a.len >= n && memcmp(a.s, lit, n) == 0;
}

static bool str_in(struct pss_str a, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(a, set[i]))
			return true;
	return false;
}

static bool str_in_list(struct pss_str a, const char *const *list)
{
	for (; *list; list++)
		if (str_eq(a, *list))
			return true;
	return false;
}

/* A struct-valued field: set only when it is a map. */
static const struct vg_node *map_get(const struct vg_node *map, const char *key)
{
	const struct vg_node *n = vg_node_get(map, key);

	return n && n->kind == VG_NODE_MAP ? n : NULL;
}

static const struct vg_node *seq_get(const struct vg_node *map, const char *key)
{
	const struct vg_node *n = vg_node_get(map, key);

	return n && n->kind == VG_NODE_SEQ ? n : NULL;
}

/* A field that is present and not null. */
static bool present(const struct vg_node *n)
{
	return n && n->kind != VG_NODE_NULL;
}

/*
 * The node at @map.k1[.k2[.k3]] or, when a step is missing, the deepest present map on the
 * way (for locating a required field that is not set). Never NULL when @map is not.
 */
static const struct vg_node *nearest(const struct vg_node *map, const char *k1, const char *k2,
				     const char *k3)
{
	const char *keys[3] = { k1, k2, k3 };
	const struct vg_node *n = map;

	for (size_t i = 0; i < 3 && keys[i]; i++) {
		const struct vg_node *v = vg_node_get(n, keys[i]);
		bool last = i == 2 || !keys[i + 1];

		if (!present(v))
			break;
		if (!last && v->kind != VG_NODE_MAP)
			return v;
		n = v;
	}
	return n;
}

static const char *spec_path(const struct vg_pss_ctx *x)
{
	return x->pod->spec_path;
}

static const char *meta_path(const struct vg_pss_ctx *x)
{
	return x->pod->meta_path ? x->pod->meta_path : "metadata";
}

static const char *cpath(const struct vg_pss_ctx *x)
{
	return vg_strbuf_str(&x->cpath);
}

static const struct vg_node *pod_sc(const struct vg_pss_ctx *x)
{
	return map_get(x->pod->spec, "securityContext");
}

static const struct vg_node *container_sc(const struct vg_container_ref *c)
{
	return map_get(c->node, "securityContext");
}

/* spec.os.name == "windows" (v1.25+ relaxation of three restricted checks). */
static bool pod_is_windows(const struct vg_pss_ctx *x)
{
	const struct vg_node *os = map_get(x->pod->spec, "os");

	return str_eq(str_of(vg_node_get(os, "name")), "windows");
}

/* spec.hostUsers set to false (user-namespace pod, v1.35+ relaxations). */
static bool pod_in_user_namespace(const struct vg_pss_ctx *x)
{
	return vg_node_is_false(vg_node_get(x->pod->spec, "hostUsers"));
}

/* ---- container visiting -------------------------------------------------------------- */

typedef int (*pss_container_fn)(struct vg_pss_ctx *x, const struct vg_container_ref *c);

struct pss_visit {
	struct vg_pss_ctx *x;
	pss_container_fn fn;
};

static int visit_one(const struct vg_container_ref *c, void *userdata)
{
	struct pss_visit *v = userdata;
	int r;

	vg_strbuf_reset(&v->x->cpath);
	r = vg_strbuf_printf(&v->x->cpath, "%s.%s[%" PRIu32 "]", spec_path(v->x),
			     vg_container_field_name(c->field), c->index);
	if (r < 0)
		return r;
	return v->fn(v->x, c);
}

/* initContainers, containers, then ephemeralContainers, as upstream's visitContainers. */
static int for_each_container(struct vg_pss_ctx *x, pss_container_fn fn)
{
	struct pss_visit v = { x, fn };

	return vg_k8s_for_each_container(x->pod->spec, visit_one, &v);
}

/* ---- hostNamespaces ------------------------------------------------------------------ */

int vg_pss_host_namespaces_1_0(struct vg_pss_ctx *x)
{
	static const char *const fields[] = { "hostNetwork", "hostPID", "hostIPC" };

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct vg_node *v = vg_node_get(x->pod->spec, fields[i]);
		int r;

		if (!vg_node_is_true(v))
			continue;
		r = vg_pss_pathf(x, "%s.%s", spec_path(x), fields[i]);
		if (!r)
			r = vg_pss_emit(x, v, "%s=true", fields[i]);
		if (r)
			return r;
	}
	return 0;
}

/* ---- privileged ---------------------------------------------------------------------- */

static int privileged_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *v = vg_node_get(container_sc(c), "privileged");
	int r;

	if (!vg_node_is_true(v))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.privileged", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, v, "container \"%s\" must not set securityContext.privileged=true",
			   c->name);
}

int vg_pss_privileged_1_0(struct vg_pss_ctx *x)
{
	return for_each_container(x, privileged_container);
}

/* ---- capabilities_baseline ----------------------------------------------------------- */

static const char *const capabilities_allowed_1_0[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", NULL,
};

static int capabilities_baseline_container(struct vg_pss_ctx *x,
					   const struct vg_container_ref *c)
{
	const struct vg_node *add = seq_get(map_get(container_sc(c), "capabilities"), "add");

	for (uint32_t i = 0; add && i < add->count; i++) {
		const struct vg_node *cap = add->items[i];
		struct pss_str s = str_of(cap);
		int r;

		if (str_in_list(s, capabilities_allowed_1_0))
			continue;
		r = vg_pss_pathf(x, "%s.securityContext.capabilities.add[%" PRIu32 "]", cpath(x),
				 i);
		if (!r)
			r = vg_pss_emit(x, cap,
					"container \"%s\" must not include \"%.*s\" in "
					"securityContext.capabilities.add",
					c->name, (int)s.len, s.s);
		if (r)
			return r;
	}
	return 0;
}

int vg_pss_capabilities_baseline_1_0(struct vg_pss_ctx *x)
{
	return for_each_container(x, capabilities_baseline_container);
}

/* ---- hostPathVolumes ----------------------------------------------------------------- */

int vg_pss_host_path_volumes_1_0(struct vg_pss_ctx *x)
{
	const struct vg_node *vols = seq_get(x->pod->spec, "volumes");

	for (uint32_t i = 0; vols && i < vols->count; i++) {
		const struct vg_node *vol = vols->items[i];
		const struct vg_node *hp = vg_node_get(vol, "hostPath");
		struct pss_str name = str_of(vg_node_get(vol, "name"));
		int r;

		if (!vol || vol->kind != VG_NODE_MAP || !present(hp))
			continue;
		r = vg_pss_pathf(x, "%s.volumes[%" PRIu32 "].hostPath", spec_path(x), i);
		if (!r)
			r = vg_pss_emit(x, hp, "volume \"%.*s\"", (int)name.len, name.s);
		if (r)
			return r;
	}
	return 0;
}

/* ---- hostPorts ----------------------------------------------------------------------- */

static int host_ports_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *ports = seq_get(c->node, "ports");

	for (uint32_t i = 0; ports && i < ports->count; i++) {
		const struct vg_node *hp = vg_node_get(ports->items[i], "hostPort");
		int r;

		if (!hp || hp->kind != VG_NODE_INT || hp->v.i == 0)
			continue;
		r = vg_pss_pathf(x, "%s.ports[%" PRIu32 "].hostPort", cpath(x), i);
		if (!r)
			r = vg_pss_emit(x, hp, "container \"%s\" uses hostPort %" PRId64, c->name,
					hp->v.i);
		if (r)
			return r;
	}
	return 0;
}

int vg_pss_host_ports_1_0(struct vg_pss_ctx *x)
{
	return for_each_container(x, host_ports_container);
}

/* ---- appArmorProfile ----------------------------------------------------------------- */

#define APPARMOR_ANNOTATION_PREFIX "container.apparmor.security.beta.kubernetes.io/"

static bool apparmor_type_allowed(struct pss_str t)
{
	return str_eq(t, "RuntimeDefault") || str_eq(t, "Localhost");
}

static bool apparmor_annotation_allowed(struct pss_str v)
{
	return v.len == 0 || str_eq(v, "runtime/default") || str_prefix(v, "localhost/");
}

static int apparmor_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *prof = map_get(container_sc(c), "appArmorProfile");
	const struct vg_node *type = vg_node_get(prof, "type");
	struct pss_str t = str_of(type);
	int r;

	if (!prof || apparmor_type_allowed(t))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.appArmorProfile.type", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, present(type) ? type : prof,
			   "container \"%s\" must not set AppArmor profile type to \"%.*s\"",
			   c->name, (int)t.len, t.s);
}

int vg_pss_app_armor_profile_1_0(struct vg_pss_ctx *x)
{
	const struct vg_node *prof = map_get(pod_sc(x), "appArmorProfile");
	const struct vg_node *ann;
	int r;

	if (prof) {
		const struct vg_node *type = vg_node_get(prof, "type");
		struct pss_str t = str_of(type);

		if (!apparmor_type_allowed(t)) {
			r = vg_pss_pathf(x, "%s.securityContext.appArmorProfile.type",
					 spec_path(x));
			if (!r)
				r = vg_pss_emit(x, present(type) ? type : prof,
						"pod must not set AppArmor profile type to "
						"\"%.*s\"",
						(int)t.len, t.s);
			if (r)
				return r;
		}
	}

	r = for_each_container(x, apparmor_container);
	if (r)
		return r;

	ann = map_get(x->pod->meta, "annotations");
	for (uint32_t i = 0; ann && i < ann->count; i++) {
		struct pss_str k = str_of(ann->pairs[i].key);
		struct pss_str v = str_of(ann->pairs[i].value);

		if (!str_prefix(k, APPARMOR_ANNOTATION_PREFIX) || apparmor_annotation_allowed(v))
			continue;
		r = vg_pss_pathf(x, "%s.annotations.%.*s", meta_path(x), (int)k.len, k.s);
		if (!r)
			r = vg_pss_emit(x, ann->pairs[i].value, "%.*s=\"%.*s\"", (int)k.len, k.s,
					(int)v.len, v.s);
		if (r)
			return r;
	}
	return 0;
}

/* ---- seLinuxOptions ------------------------------------------------------------------ */

static const char *const selinux_types_1_0[] = {
	"", "container_t", "container_init_t", "container_kvm_t", NULL,
};
static const char *const selinux_types_1_31[] = {
	"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t", NULL,
};

/* Check one seLinuxOptions map; @prefix is the path of its securityContext, @who is "pod" or
 * `container "name"`. */
static int selinux_options(struct vg_pss_ctx *x, const struct vg_node *opts, const char *prefix,
			   const char *who)
{
	static const char *const fields[] = { "type", "user", "role" };

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct vg_node *v = vg_node_get(opts, fields[i]);
		struct pss_str s = str_of(v);
		int r;

		if (i == 0 ? str_in_list(s, x->allow) : s.len == 0)
			continue;
		r = vg_pss_pathf(x, "%s.seLinuxOptions.%s", prefix, fields[i]);
		if (r)
			return r;
		if (i == 0)
			r = vg_pss_emit(x, present(v) ? v : opts,
					"%s set forbidden securityContext.seLinuxOptions: "
					"type \"%.*s\"",
					who, (int)s.len, s.s);
		else
			r = vg_pss_emit(x, v,
					"%s set forbidden securityContext.seLinuxOptions: "
					"%s may not be set",
					who, fields[i]);
		if (r)
			return r;
	}
	return 0;
}

static int selinux_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *opts = map_get(container_sc(c), "seLinuxOptions");
	struct vg_strbuf prefix = VG_STRBUF_INIT, who = VG_STRBUF_INIT;
	int r;

	if (!opts)
		return 0;
	r = vg_strbuf_printf(&prefix, "%s.securityContext", cpath(x));
	if (!r)
		r = vg_strbuf_printf(&who, "container \"%s\"", c->name);
	if (!r)
		r = selinux_options(x, opts, vg_strbuf_str(&prefix), vg_strbuf_str(&who));
	vg_strbuf_release(&prefix);
	vg_strbuf_release(&who);
	return r;
}

static int selinux_options_check(struct vg_pss_ctx *x, const char *const *allowed)
{
	const struct vg_node *opts = map_get(pod_sc(x), "seLinuxOptions");
	struct vg_strbuf prefix = VG_STRBUF_INIT;
	int r;

	x->allow = allowed;
	if (opts) {
		r = vg_strbuf_printf(&prefix, "%s.securityContext", spec_path(x));
		if (!r)
			r = selinux_options(x, opts, vg_strbuf_str(&prefix), "pod");
		vg_strbuf_release(&prefix);
		if (r)
			return r;
	}
	return for_each_container(x, selinux_container);
}

int vg_pss_se_linux_options_1_0(struct vg_pss_ctx *x)
{
	return selinux_options_check(x, selinux_types_1_0);
}

int vg_pss_se_linux_options_1_31(struct vg_pss_ctx *x)
{
	return selinux_options_check(x, selinux_types_1_31);
}

/* ---- procMount (baseline, and procMount_restricted which reuses procMount_1_0) -------- */

static int proc_mount_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *pm = vg_node_get(container_sc(c), "procMount");
	struct pss_str v = str_of(pm);
	int r;

	if (!present(pm) || str_eq(v, "Default"))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.procMount", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, pm,
			   "container \"%s\" must not set securityContext.procMount to \"%.*s\"",
			   c->name, (int)v.len, v.s);
}

int vg_pss_proc_mount_1_0(struct vg_pss_ctx *x)
{
	return for_each_container(x, proc_mount_container);
}

int vg_pss_proc_mount_1_35(struct vg_pss_ctx *x)
{
	if (pod_in_user_namespace(x))
		return 0;
	return vg_pss_proc_mount_1_0(x);
}

/* ---- seccompProfile_baseline --------------------------------------------------------- */

#define SECCOMP_ANNOTATION_POD "seccomp.security.alpha.kubernetes.io/pod"
#define SECCOMP_ANNOTATION_CONTAINER_PREFIX "container.seccomp.security.alpha.kubernetes.io/"

static bool seccomp_annotation_valid(struct pss_str v)
{
	return str_eq(v, "runtime/default") || str_eq(v, "docker/default") ||
	       str_prefix(v, "localhost/");
}

static bool seccomp_type_valid(struct pss_str t)
{
	return str_eq(t, "RuntimeDefault") || str_eq(t, "Localhost");
}

/* Check annotation @key (its path is x->path, already built) if present. */
static int seccomp_annotation(struct vg_pss_ctx *x, const struct vg_node *ann, const char *key)
{
	const struct vg_node *v = vg_node_get(ann, key);
	struct pss_str s = str_of(v);

	if (!v || seccomp_annotation_valid(s))
		return 0;
	return vg_pss_emit(x, v, "forbidden annotation %s=\"%.*s\"", key, (int)s.len, s.s);
}

static int seccomp_annotation_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *ann = map_get(x->pod->meta, "annotations");
	size_t off;
	int r;

	if (!ann)
		return 0;
	r = vg_pss_pathf(x, "%s.annotations.", meta_path(x));
	if (r)
		return r;
	off = x->path.len;
	r = vg_strbuf_printf(&x->path, SECCOMP_ANNOTATION_CONTAINER_PREFIX "%s", c->name);
	if (r)
		return r;
	return seccomp_annotation(x, ann, vg_strbuf_str(&x->path) + off);
}

int vg_pss_seccomp_baseline_1_0(struct vg_pss_ctx *x)
{
	const struct vg_node *ann = map_get(x->pod->meta, "annotations");
	int r;

	if (!ann)
		return 0;
	r = vg_pss_pathf(x, "%s.annotations." SECCOMP_ANNOTATION_POD, meta_path(x));
	if (!r)
		r = seccomp_annotation(x, ann, SECCOMP_ANNOTATION_POD);
	if (r)
		return r;
	return for_each_container(x, seccomp_annotation_container);
}

static int seccomp_field_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *prof = map_get(container_sc(c), "seccompProfile");
	const struct vg_node *type = vg_node_get(prof, "type");
	struct pss_str t = str_of(type);
	int r;

	if (!prof || seccomp_type_valid(t))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.seccompProfile.type", cpath(x));
	if (r)
		return r;
	x->count++;
	return vg_pss_emit(x, present(type) ? type : prof,
			   "container \"%s\" must not set securityContext.seccompProfile.type to "
			   "\"%.*s\"",
			   c->name, (int)t.len, t.s);
}

/* The pod-level seccompProfile: sets x->flag when it is valid, reports it when invalid. */
static int seccomp_field_pod(struct vg_pss_ctx *x)
{
	const struct vg_node *prof = map_get(pod_sc(x), "seccompProfile");
	const struct vg_node *type = vg_node_get(prof, "type");
	struct pss_str t = str_of(type);
	int r;

	x->flag = false;
	if (!prof)
		return 0;
	if (seccomp_type_valid(t)) {
		x->flag = true;
		return 0;
	}
	r = vg_pss_pathf(x, "%s.securityContext.seccompProfile.type", spec_path(x));
	if (r)
		return r;
	x->count++;
	return vg_pss_emit(x, present(type) ? type : prof,
			   "pod must not set securityContext.seccompProfile.type to \"%.*s\"",
			   (int)t.len, t.s);
}

int vg_pss_seccomp_baseline_1_19(struct vg_pss_ctx *x)
{
	int r = seccomp_field_pod(x);

	if (r)
		return r;
	return for_each_container(x, seccomp_field_container);
}

/* ---- sysctls ------------------------------------------------------------------------- */

/* In order of addition; version V allows the first sysctls_allowed_count(V) names. */
static const char *const sysctls_allowed[] = {
	/* v1.0 */
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_unprivileged_port_start",
	/* v1.27 */
	"net.ipv4.ip_local_reserved_ports",
	/* v1.29 */
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	/* v1.32 */
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	/* v1.37 */
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
};

static int sysctls_check(struct vg_pss_ctx *x, size_t nallowed)
{
	const struct vg_node *list = seq_get(pod_sc(x), "sysctls");

	for (uint32_t i = 0; list && i < list->count; i++) {
		const struct vg_node *item = list->items[i];
		const struct vg_node *name = vg_node_get(item, "name");
		struct pss_str s = str_of(name);
		int r;

		if (!item || item->kind != VG_NODE_MAP || str_in(s, sysctls_allowed, nallowed))
			continue;
		r = vg_pss_pathf(x, "%s.securityContext.sysctls[%" PRIu32 "].name", spec_path(x),
				 i);
		if (!r)
			r = vg_pss_emit(x, present(name) ? name : item, "%.*s", (int)s.len, s.s);
		if (r)
			return r;
	}
	return 0;
}

int vg_pss_sysctls_1_0(struct vg_pss_ctx *x)
{
	return sysctls_check(x, 5);
}

int vg_pss_sysctls_1_27(struct vg_pss_ctx *x)
{
	return sysctls_check(x, 6);
}

int vg_pss_sysctls_1_29(struct vg_pss_ctx *x)
{
	return sysctls_check(x, 10);
}

int vg_pss_sysctls_1_32(struct vg_pss_ctx *x)
{
	return sysctls_check(x, 12);
}

int vg_pss_sysctls_1_37(struct vg_pss_ctx *x)
{
	_Static_assert(sizeof(sysctls_allowed) / sizeof(sysctls_allowed[0]) == 14,
		       "sysctl allowlist size");
	return sysctls_check(x, 14);
}

/* ---- windowsHostProcess -------------------------------------------------------------- */

static int host_process_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *v =
		vg_node_get(map_get(container_sc(c), "windowsOptions"), "hostProcess");
	int r;

	if (!vg_node_is_true(v))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.windowsOptions.hostProcess", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, v,
			   "container \"%s\" must not set "
			   "securityContext.windowsOptions.hostProcess=true",
			   c->name);
}

int vg_pss_windows_host_process_1_0(struct vg_pss_ctx *x)
{
	const struct vg_node *v = vg_node_get(map_get(pod_sc(x), "windowsOptions"), "hostProcess");
	int r;

	if (vg_node_is_true(v)) {
		r = vg_pss_pathf(x, "%s.securityContext.windowsOptions.hostProcess", spec_path(x));
		if (!r)
			r = vg_pss_emit(x, v,
					"pod must not set "
					"securityContext.windowsOptions.hostProcess=true");
		if (r)
			return r;
	}
	return for_each_container(x, host_process_container);
}

/* ---- hostProbesAndHostLifecycle ------------------------------------------------------ */

static int handler_hosts(struct vg_pss_ctx *x, const struct vg_container_ref *c,
			 const struct vg_node *handler, const char *where)
{
	static const char *const kinds[] = { "httpGet", "tcpSocket" };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct vg_node *host = vg_node_get(map_get(handler, kinds[i]), "host");
		struct pss_str h = str_of(host);
		int r;

		if (h.len == 0)
			continue;
		r = vg_pss_pathf(x, "%s.%s.%s.host", cpath(x), where, kinds[i]);
		if (!r)
			r = vg_pss_emit(x, host,
					"container \"%s\" uses probe or lifecycle host \"%.*s\"",
					c->name, (int)h.len, h.s);
		if (r)
			return r;
	}
	return 0;
}

static int host_probes_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	static const char *const probes[] = { "livenessProbe", "readinessProbe", "startupProbe" };
	static const char *const hooks[] = { "lifecycle.postStart", "lifecycle.preStop" };
	const struct vg_node *lifecycle = map_get(c->node, "lifecycle");
	int r;

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		r = handler_hosts(x, c, map_get(c->node, probes[i]), probes[i]);
		if (r)
			return r;
	}
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		/* hooks[i] + strlen("lifecycle.") is the handler's key */
		r = handler_hosts(x, c, map_get(lifecycle, hooks[i] + 10), hooks[i]);
		if (r)
			return r;
	}
	return 0;
}

int vg_pss_host_probes_lifecycle_1_34(struct vg_pss_ctx *x)
{
	return for_each_container(x, host_probes_container);
}

/* ---- restrictedVolumes --------------------------------------------------------------- */

static const char *const volumes_allowed[] = {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
	"persistentVolumeClaim", "projected", "secret", NULL,
};

/* The order of upstream's switch: the first one set names the volume's type. */
static const char *const volumes_restricted[] = {
	"hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi",
	"glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
	"vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume",
	"scaleIO", "storageos", NULL,
};

/*
 * A volume without any source is defaulted to emptyDir by the API server before admission
 * (SetDefaults_Volume), so it passes: upstream's pass fixture restrictedvolumes0 has one. A
 * key that is no VolumeSource field vigil knows counts as upstream's "unknown" type.
 */
int vg_pss_restricted_volumes_1_0(struct vg_pss_ctx *x)
{
	const struct vg_node *vols = seq_get(x->pod->spec, "volumes");

	for (uint32_t i = 0; vols && i < vols->count; i++) {
		const struct vg_node *vol = vols->items[i];
		const struct vg_node *src = NULL;
		const char *type = NULL;
		struct pss_str name;
		bool allowed = false;
		int r;

		if (!vol || vol->kind != VG_NODE_MAP)
			continue;
		for (const char *const *k = volumes_allowed; *k && !allowed; k++)
			allowed = present(vg_node_get(vol, *k));
		if (allowed)
			continue;
		for (const char *const *k = volumes_restricted; *k && !type; k++) {
			const struct vg_node *n = vg_node_get(vol, *k);

			if (present(n)) {
				src = n;
				type = *k;
			}
		}
		for (uint32_t k = 0; k < vol->count && !type; k++) {
			struct pss_str key = str_of(vol->pairs[k].key);

			if (!str_eq(key, "name") && present(vol->pairs[k].value))
				type = "unknown";
		}
		if (!type)
			continue; /* no source: defaulted to emptyDir */
		name = str_of(vg_node_get(vol, "name"));
		if (src)
			r = vg_pss_pathf(x, "%s.volumes[%" PRIu32 "].%s", spec_path(x), i, type);
		else
			r = vg_pss_pathf(x, "%s.volumes[%" PRIu32 "]", spec_path(x), i);
		if (!r)
			r = vg_pss_emit(x, src ? src : vol,
					"volume \"%.*s\" uses restricted volume type \"%s\"",
					(int)name.len, name.s, type);
		if (r)
			return r;
	}
	return 0;
}

/* ---- runAsNonRoot -------------------------------------------------------------------- */

/* Pass 0 reports containers that set runAsNonRoot=false; pass 1 (run only when nothing set
 * it to false, as upstream) reports containers left unset without a pod-level true. */
static int run_as_non_root_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *v = vg_node_get(container_sc(c), "runAsNonRoot");
	int r;

	if (x->pass == 0) {
		if (!vg_node_is_false(v))
			return 0;
		x->count++;
		r = vg_pss_pathf(x, "%s.securityContext.runAsNonRoot", cpath(x));
		if (r)
			return r;
		return vg_pss_emit(x, v,
				   "container \"%s\" must not set "
				   "securityContext.runAsNonRoot=false",
				   c->name);
	}
	if (vg_node_is_true(v) || vg_node_is_false(v) || x->flag)
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.runAsNonRoot", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, nearest(c->node, "securityContext", "runAsNonRoot", NULL),
			   "pod or container \"%s\" must set securityContext.runAsNonRoot=true",
			   c->name);
}

int vg_pss_run_as_non_root_1_0(struct vg_pss_ctx *x)
{
	const struct vg_node *v = vg_node_get(pod_sc(x), "runAsNonRoot");
	int r;

	x->flag = vg_node_is_true(v);
	x->count = 0;
	if (vg_node_is_false(v)) {
		x->count++;
		r = vg_pss_pathf(x, "%s.securityContext.runAsNonRoot", spec_path(x));
		if (!r)
			r = vg_pss_emit(x, v,
					"pod must not set securityContext.runAsNonRoot=false");
		if (r)
			return r;
	}
	x->pass = 0;
	r = for_each_container(x, run_as_non_root_container);
	if (r || x->count)
		return r;
	x->pass = 1;
	return for_each_container(x, run_as_non_root_container);
}

int vg_pss_run_as_non_root_1_35(struct vg_pss_ctx *x)
{
	if (pod_in_user_namespace(x))
		return 0;
	return vg_pss_run_as_non_root_1_0(x);
}

/* ---- runAsUser ----------------------------------------------------------------------- */

static bool is_root_uid(const struct vg_node *v)
{
	return v && v->kind == VG_NODE_INT && v->v.i == 0;
}

static int run_as_user_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *v = vg_node_get(container_sc(c), "runAsUser");
	int r;

	if (!is_root_uid(v))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.runAsUser", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, v, "container \"%s\" must not set runAsUser=0", c->name);
}

int vg_pss_run_as_user_1_23(struct vg_pss_ctx *x)
{
	const struct vg_node *v = vg_node_get(pod_sc(x), "runAsUser");
	int r;

	if (is_root_uid(v)) {
		r = vg_pss_pathf(x, "%s.securityContext.runAsUser", spec_path(x));
		if (!r)
			r = vg_pss_emit(x, v, "pod must not set runAsUser=0");
		if (r)
			return r;
	}
	return for_each_container(x, run_as_user_container);
}

int vg_pss_run_as_user_1_35(struct vg_pss_ctx *x)
{
	if (pod_in_user_namespace(x))
		return 0;
	return vg_pss_run_as_user_1_23(x);
}

/* ---- allowPrivilegeEscalation -------------------------------------------------------- */

static int allow_privilege_escalation_container(struct vg_pss_ctx *x,
						const struct vg_container_ref *c)
{
	const struct vg_node *v = vg_node_get(container_sc(c), "allowPrivilegeEscalation");
	int r;

	if (vg_node_is_false(v))
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.allowPrivilegeEscalation", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, nearest(c->node, "securityContext", "allowPrivilegeEscalation", NULL),
			   "container \"%s\" must set "
			   "securityContext.allowPrivilegeEscalation=false",
			   c->name);
}

int vg_pss_allow_privilege_escalation_1_8(struct vg_pss_ctx *x)
{
	return for_each_container(x, allow_privilege_escalation_container);
}

int vg_pss_allow_privilege_escalation_1_25(struct vg_pss_ctx *x)
{
	if (pod_is_windows(x))
		return 0;
	return vg_pss_allow_privilege_escalation_1_8(x);
}

/* ---- seccompProfile_restricted ------------------------------------------------------- */

static int seccomp_restricted_container(struct vg_pss_ctx *x, const struct vg_container_ref *c)
{
	const struct vg_node *sc = container_sc(c);
	int r;

	if (x->pass == 0)
		return seccomp_field_container(x, c);
	if (map_get(sc, "seccompProfile") || x->flag)
		return 0;
	r = vg_pss_pathf(x, "%s.securityContext.seccompProfile.type", cpath(x));
	if (r)
		return r;
	return vg_pss_emit(x, nearest(c->node, "securityContext", "seccompProfile", NULL),
			   "pod or container \"%s\" must set "
			   "securityContext.seccompProfile.type to \"RuntimeDefault\" or "
			   "\"Localhost\"",
			   c->name);
}

int vg_pss_seccomp_restricted_1_19(struct vg_pss_ctx *x)
{
	int r;

	x->count = 0;
	r = seccomp_field_pod(x);
	if (r)
		return r;
	x->pass = 0;
	r = for_each_container(x, seccomp_restricted_container);
	if (r || x->count)
		return r;
	x->pass = 1;
	return for_each_container(x, seccomp_restricted_container);
}

int vg_pss_seccomp_restricted_1_25(struct vg_pss_ctx *x)
{
	if (pod_is_windows(x))
		return 0;
	return vg_pss_seccomp_restricted_1_19(x);
}

/* ---- capabilities_restricted --------------------------------------------------------- */

/* Pass 0: containers not dropping "ALL"; pass 1: containers adding more than
 * NET_BIND_SERVICE (upstream reports the two groups in this order). */
static int capabilities_restricted_container(struct vg_pss_ctx *x,
					     const struct vg_container_ref *c)
{
	const struct vg_node *caps = map_get(container_sc(c), "capabilities");
	int r;

	if (x->pass == 0) {
		const struct vg_node *drop = seq_get(caps, "drop");

		for (uint32_t i = 0; drop && i < drop->count; i++)
			if (str_eq(str_of(drop->items[i]), "ALL"))
				return 0;
		r = vg_pss_pathf(x, "%s.securityContext.capabilities.drop", cpath(x));
		if (r)
			return r;
		return vg_pss_emit(x, nearest(c->node, "securityContext", "capabilities", "drop"),
				   "container \"%s\" must set "
				   "securityContext.capabilities.drop=[\"ALL\"]",
				   c->name);
	}

	const struct vg_node *add = seq_get(caps, "add");

	for (uint32_t i = 0; add && i < add->count; i++) {
		struct pss_str s = str_of(add->items[i]);

		if (str_eq(s, "NET_BIND_SERVICE"))
			continue;
		r = vg_pss_pathf(x, "%s.securityContext.capabilities.add[%" PRIu32 "]", cpath(x),
				 i);
		if (!r)
			r = vg_pss_emit(x, add->items[i],
					"container \"%s\" must not include \"%.*s\" in "
					"securityContext.capabilities.add",
					c->name, (int)s.len, s.s);
		if (r)
			return r;
	}
	return 0;
}

int vg_pss_capabilities_restricted_1_22(struct vg_pss_ctx *x)
{
	int r;

	x->pass = 0;
	r = for_each_container(x, capabilities_restricted_container);
	if (r)
		return r;
	x->pass = 1;
	return for_each_container(x, capabilities_restricted_container);
}

int vg_pss_capabilities_restricted_1_25(struct vg_pss_ctx *x)
{
	if (pod_is_windows(x))
		return 0;
	return vg_pss_capabilities_restricted_1_22(x);
}
