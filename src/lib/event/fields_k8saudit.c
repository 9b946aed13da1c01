/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields_k8saudit.c - the "k8s_audit" source: the k8saudit plugin's ka.* fields, the json
 * plugin's jevt.* / json.* fields and the generic evt.* fields, extracted from the document
 * tree of an audit Event (struct vg_audit_event).
 *
 * Semantics follow falcosecurity/plugins plugins/k8saudit/pkg/k8saudit/extract.go: every ka.*
 * field is a string; a value that is not a JSON string is rendered as compact JSON; an event
 * without auditID has no ka.* field; arrays met while walking a path fan out (or are indexed
 * by the field's [N] argument) and elements missing the rest of the path are skipped.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "event/event_internal.h"
#include "util/banned.h"

#define AEV(e) ((const struct vg_audit_event *)(e))

/* ---- JSON rendering ----------------------------------------------------------------------- */

struct jbuf {
	char *buf;
	size_t cap, len;
};

static void jput(struct jbuf *b, const char *s, size_t n)
{
	if (b->len < b->cap) {
		size_t room = b->cap - b->len - 1;
		size_t k = n < room ? n : room;
		memcpy(b->buf + b->len, s, k);
		b->buf[b->len + k] = '\0';
	}
	b->len += n;
}

static void jstr(struct jbuf *b, const char *s, size_t n)
{
	jput(b, "\"", 1);
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[8];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			if (c < 0x20) {
				snprintf(u, sizeof(u), "\\u%04x", c);
				esc = u;
			}
		}
		if (esc) {
			jput(b, s + start, i - start);
			jput(b, esc, strlen(esc));
			start = i + 1;
		}
	}
	jput(b, s + start, n - start);
	jput(b, "\"", 1);
}

static void jnode(struct jbuf *b, const struct vg_node *n, unsigned depth)
{
	if (!n || depth > 512) {
		jput(b, "null", 4);
		return;
	}
	switch (n->kind) {
	case VG_NODE_NULL: jput(b, "null", 4); break;
	case VG_NODE_BOOL: jput(b, n->v.b ? "true" : "false", n->v.b ? 4 : 5); break;
	case VG_NODE_INT:
	case VG_NODE_FLOAT: jput(b, n->text, n->len); break;
	case VG_NODE_STR: jstr(b, n->text, n->len); break;
	case VG_NODE_SEQ:
		jput(b, "[", 1);
		for (uint32_t i = 0; i < n->count; i++) {
			if (i)
				jput(b, ",", 1);
			jnode(b, n->items[i], depth + 1);
		}
		jput(b, "]", 1);
		break;
	case VG_NODE_MAP:
		jput(b, "{", 1);
		for (uint32_t i = 0; i < n->count; i++) {
			if (i)
				jput(b, ",", 1);
			const struct vg_node *k = n->pairs[i].key;
			jstr(b, k && k->text ? k->text : "", k && k->text ? k->len : 0);
			jput(b, ":", 1);
			jnode(b, n->pairs[i].value, depth + 1);
		}
		jput(b, "}", 1);
		break;
	}
}

size_t vg_node_to_json(const struct vg_node *n, char *buf, size_t cap)
{
	struct jbuf b = { buf, cap, 0 };
	if (cap)
		buf[0] = '\0';
	jnode(&b, n, 0);
	return b.len;
}

/* A node as a string value: a JSON string as is, anything else as JSON text (in scratch). */
static int node_as_str(const struct vg_node *n, struct vg_value *v, struct vg_scratch *sc)
{
	if (!n)
		return 0;
	if (n->kind == VG_NODE_STR) {
		v->v.str.ptr = n->text;
		v->v.str.len = n->len;
		return 1;
	}
	if (!sc || !sc->buf || sc->used >= sc->cap)
		return -ENOSPC;
	char *p = sc->buf + sc->used;
	size_t room = sc->cap - sc->used;
	size_t len = vg_node_to_json(n, p, room);
	if (len >= room)
		return -ENOSPC;
	sc->used += len + 1;
	v->v.str.ptr = p;
	v->v.str.len = len;
	return 1;
}

static int ret_cstr(struct vg_value *v, const char *s)
{
	v->v.str.ptr = s;
	v->v.str.len = strlen(s);
	return 1;
}

/* ---- path walking ------------------------------------------------------------------------- */

static bool has_audit_id(const struct vg_audit_event *ev)
{
	return ev->root && vg_node_get(ev->root, "auditID") != NULL;
}

static const struct vg_node *get_keys(const struct vg_node *n, const char *const *keys,
				      size_t nkeys)
{
	for (size_t i = 0; n && i < nkeys; i++)
		n = vg_node_get(n, keys[i]);
	return n;
}

struct nodes {
	const struct vg_node **v; /* NULL entries = element without the rest of the path */
	size_t n, cap;
	bool overflow;
};

static void nodes_push(struct nodes *o, const struct vg_node *n)
{
	if (o->n < o->cap)
		o->v[o->n++] = n;
	else
		o->overflow = true;
}

/*
 * extract.go getValuesRecursive: walk @keys; an array met before a key fans out over its
 * elements (an element missing the rest yields NULL) or, with @index >= 0, selects one element.
 * Returns false when the value is not available.
 */
static bool values_recursive(const struct vg_node *n, int64_t index, const char *const *keys,
			     size_t nkeys, struct nodes *out, unsigned depth)
{
	if (depth > 64)
		return false;
	for (size_t i = 0; i < nkeys; i++) {
		if (n->kind == VG_NODE_SEQ) {
			if (index < 0) {
				for (uint32_t j = 0; j < n->count; j++) {
					size_t before = out->n;
					if (!values_recursive(n->items[j], index, keys + i, nkeys - i,
							      out, depth + 1)) {
						out->n = before;
						nodes_push(out, NULL);
					}
				}
				return true;
			}
			if (index >= (int64_t)n->count)
				return false;
			n = n->items[index];
		}
		if (keys[i][0])
			n = vg_node_get(n, keys[i]);
		if (!n)
			return false;
	}
	nodes_push(out, n);
	return true;
}

#define NODES_INIT(name)                                                                       \
	const struct vg_node *name##_buf[VG_FIELD_MAX_VALUES];                                 \
	struct nodes name = { name##_buf, 0, VG_FIELD_MAX_VALUES, false }

/* Strings of the non-NULL nodes (arrayAsStringsSkipNil); 0 values = missing. */
static int strings_skip_nil(const struct nodes *ns, struct vg_value *v, size_t c,
			    struct vg_scratch *sc)
{
	int n = 0;
	if (ns->overflow)
		return -ENOSPC;
	for (size_t i = 0; i < ns->n; i++) {
		if (!ns->v[i])
			continue;
		if ((size_t)n >= c)
			return -ENOSPC;
		int r = node_as_str(ns->v[i], &v[n], sc);
		if (r < 0)
			return r;
		n += r;
	}
	return n;
}

/* Strings of all nodes; a NULL node makes the whole field missing (arrayAsStrings). */
static int strings_all(const struct nodes *ns, struct vg_value *v, size_t c,
		       struct vg_scratch *sc)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!ns->v[i])
			return 0;
	return strings_skip_nil(ns, v, c, sc);
}

/* extractFromKeys for a scalar field */
static int from_keys(const struct vg_audit_event *ev, const char *const *keys, size_t nkeys,
		     struct vg_value *v, struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	return node_as_str(get_keys(ev->root, keys, nkeys), v, sc);
}

/* extractFromKeys for a list field: the value must be an array */
static int from_keys_list(const struct vg_audit_event *ev, const char *const *keys,
			  size_t nkeys, struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const struct vg_node *n = get_keys(ev->root, keys, nkeys);
	if (!n || n->kind != VG_NODE_SEQ)
		return 0;
	if (n->count > c)
		return -ENOSPC;
	int k = 0;
	for (uint32_t i = 0; i < n->count; i++) {
		int r = node_as_str(n->items[i], &v[k], sc);
		if (r < 0)
			return r;
		if (r == 0)
			return 0;
		k += r;
	}
	return k;
}

#define KEYS(...) ((const char *const[]){ __VA_ARGS__ }), \
		  (sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

#define SCALAR_GETTER(NAME, ...)                                                              \
	static int g_##NAME(const struct vg_field_ref *r, const void *e, struct vg_value *v,      \
			    size_t c, struct vg_scratch *sc)                                      \
	{                                                                                         \
		return from_keys(AEV(e), KEYS(__VA_ARGS__), v, sc);                               \
	}

#define LIST_GETTER(NAME, ...)                                                                \
	static int g_##NAME(const struct vg_field_ref *r, const void *e, struct vg_value *v,      \
			    size_t c, struct vg_scratch *sc)                                      \
	{                                                                                         \
		return from_keys_list(AEV(e), KEYS(__VA_ARGS__), v, c, sc);                       \
	}

/* getValuesRecursive + arrayAsStringsSkipNil, honouring the [N] argument */
static int recursive_skip_nil(const struct vg_field_ref *r, const struct vg_audit_event *ev,
			      const char *const *keys, size_t nkeys, struct vg_value *v, size_t c,
			      struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	NODES_INIT(ns);
	if (!values_recursive(ev->root, r->has_arg ? r->index : -1, keys, nkeys, &ns, 0))
		return 0;
	return strings_skip_nil(&ns, v, c, sc);
}

#define RECURSIVE_GETTER(NAME, ...)                                                           \
	static int g_##NAME(const struct vg_field_ref *r, const void *e, struct vg_value *v,      \
			    size_t c, struct vg_scratch *sc)                                      \
	{                                                                                         \
		return recursive_skip_nil(r, AEV(e), KEYS(__VA_ARGS__), v, c, sc);                \
	}

/* ---- ka.* scalar fields ------------------------------------------------------------------- */

SCALAR_GETTER(ka_auditid, "auditID")
SCALAR_GETTER(ka_stage, "stage")
SCALAR_GETTER(ka_auth_decision, "annotations", "authorization.k8s.io/decision")
SCALAR_GETTER(ka_auth_reason, "annotations", "authorization.k8s.io/reason")
SCALAR_GETTER(ka_auth_os_decision, "annotations", "authentication.openshift.io/decision")
SCALAR_GETTER(ka_auth_os_username, "annotations", "authentication.openshift.io/username")
SCALAR_GETTER(ka_validations_failure, "annotations",
	      "validation.policy.admission.k8s.io/validation_failure")
SCALAR_GETTER(ka_security_pod_violations, "annotations",
	      "pod-security.kubernetes.io/audit-violations")
SCALAR_GETTER(ka_cluster_name, "annotations", "cluster_name")
SCALAR_GETTER(ka_user_name, "user", "username")
LIST_GETTER(ka_user_groups, "user", "groups")
SCALAR_GETTER(ka_impuser_name, "impersonatedUser", "username")
SCALAR_GETTER(ka_verb, "verb")
SCALAR_GETTER(ka_uri, "requestURI")
SCALAR_GETTER(ka_target_name, "objectRef", "name")
SCALAR_GETTER(ka_target_namespace, "objectRef", "namespace")
SCALAR_GETTER(ka_target_resource, "objectRef", "resource")
SCALAR_GETTER(ka_target_subresource, "objectRef", "subresource")
LIST_GETTER(ka_req_binding_subjects, "requestObject", "subjects")
SCALAR_GETTER(ka_req_binding_role, "requestObject", "roleRef", "name")
SCALAR_GETTER(ka_req_configmap_name, "objectRef", "name")
SCALAR_GETTER(ka_req_configmap_obj, "requestObject", "data")
SCALAR_GETTER(ka_req_pod_host_ipc, "requestObject", "spec", "hostIPC")
SCALAR_GETTER(ka_req_pod_host_network, "requestObject", "spec", "hostNetwork")
SCALAR_GETTER(ka_req_pod_host_pid, "requestObject", "spec", "hostPID")
SCALAR_GETTER(ka_req_pod_run_as_user, "requestObject", "spec", "securityContext", "runAsUser")
SCALAR_GETTER(ka_req_pod_run_as_group, "requestObject", "spec", "securityContext",
	      "runAsGroup")
SCALAR_GETTER(ka_req_pod_fs_group, "requestObject", "spec", "securityContext", "fsGroup")
LIST_GETTER(ka_req_pod_supplemental_groups, "requestObject", "spec", "securityContext",
	    "supplementalGroups")
LIST_GETTER(ka_req_role_rules, "requestObject", "rules")
SCALAR_GETTER(ka_req_service_type, "requestObject", "spec", "type")
RECURSIVE_GETTER(ka_req_service_ports, "requestObject", "spec", "ports")
SCALAR_GETTER(ka_resp_name, "responseObject", "metadata", "name")
SCALAR_GETTER(ka_response_code, "responseStatus", "code")
SCALAR_GETTER(ka_response_reason, "responseStatus", "reason")
SCALAR_GETTER(ka_useragent, "userAgent")
LIST_GETTER(ka_sourceips, "sourceIPs")
RECURSIVE_GETTER(ka_req_pod_volumes_hostpath, "requestObject", "spec", "volumes", "hostPath",
		 "path")
RECURSIVE_GETTER(ka_req_pod_volumes_flexvolume_driver, "requestObject", "spec", "volumes",
		 "flexVolume", "driver")

static int g_ka_req_pod_volumes_volume_type(const struct vg_field_ref *r, const void *e,
					    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	if (!has_audit_id(ev))
		return 0;
	NODES_INIT(ns);
	static const char *const keys[] = { "requestObject", "spec", "volumes", "" };
	if (!values_recursive(ev->root, r->has_arg ? r->index : -1, keys, 4, &ns, 0))
		return 0;
	int n = 0;
	for (size_t i = 0; i < ns.n; i++) {
		const struct vg_node *vol = ns.v[i];
		if (!vol || vol->kind != VG_NODE_MAP)
			continue;
		for (uint32_t j = 0; j < vol->count; j++) {
			const struct vg_node *k = vol->pairs[j].key;
			if (!k || !k->text || strcmp(k->text, "name") == 0)
				continue;
			if ((size_t)n >= c)
				return -ENOSPC;
			v[n].v.str.ptr = k->text;
			v[n].v.str.len = k->len;
			n++;
		}
	}
	return n;
}

static int g_ka_req_volume_hostpath(const struct vg_field_ref *r, const void *e,
				    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	if (!has_audit_id(ev))
		return 0;
	NODES_INIT(ns);
	static const char *const keys[] = { "requestObject", "spec", "volumes", "hostPath",
					    "path" };
	if (!values_recursive(ev->root, -1, keys, 5, &ns, 0))
		return 0;
	bool prefix = r->key.len > 0 && r->key.ptr[r->key.len - 1] == '*';
	size_t plen = prefix ? r->key.len - 1 : r->key.len;
	for (size_t i = 0; i < ns.n; i++) {
		const struct vg_node *p = ns.v[i];
		if (!p || p->kind != VG_NODE_STR)
			continue;
		if ((prefix && p->len >= plen && memcmp(p->text, r->key.ptr, plen) == 0) ||
		    (p->len == r->key.len && memcmp(p->text, r->key.ptr, r->key.len) == 0))
			return ret_cstr(v, "true");
	}
	return ret_cstr(v, "false");
}

static int g_ka_req_binding_subject_has_name(const struct vg_field_ref *r, const void *e,
					     struct vg_value *v, size_t c,
					     struct vg_scratch *sc)
{
	return has_audit_id(AEV(e)) ? ret_cstr(v, "true") : 0;
}

/* ka.req.binding.subjects.{user,group,serviceaccount}_names, serviceaccount_ns_names */
static int binding_names(const struct vg_audit_event *ev, const char *kind, bool with_ns,
			 struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const struct vg_node *subjects = vg_audit_get(ev->root, "requestObject", "subjects", NULL);
	if (!subjects || subjects->kind != VG_NODE_SEQ)
		return 0;
	int n = 0;
	for (uint32_t i = 0; i < subjects->count; i++) {
		const struct vg_node *s = subjects->items[i];
		if (!vg_node_str_eq(vg_node_get(s, "kind"), kind))
			continue;
		const struct vg_node *name = vg_node_get(s, "name");
		if (!vg_node_str(name))
			continue;
		if ((size_t)n >= c)
			return -ENOSPC;
		if (with_ns) {
			const struct vg_node *ns = vg_node_get(s, "namespace");
			const char *nss = vg_node_str(ns) ? ns->text : "";
			size_t nsl = vg_node_str(ns) ? ns->len : 0;
			char *p = vg_scratch_reserve(sc, nsl + 1 + name->len);
			if (!p)
				return -ENOSPC;
			memcpy(p, nss, nsl);
			p[nsl] = ':';
			memcpy(p + nsl + 1, name->text, name->len);
			v[n].v.str.ptr = vg_scratch_commit(sc, nsl + 1 + name->len);
			v[n].v.str.len = nsl + 1 + name->len;
		} else {
			v[n].v.str.ptr = name->text;
			v[n].v.str.len = name->len;
		}
		n++;
	}
	return n;
}

static int g_ka_binding_user_names(const struct vg_field_ref *r, const void *e,
				   struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	return binding_names(AEV(e), "User", false, v, c, sc);
}
static int g_ka_binding_group_names(const struct vg_field_ref *r, const void *e,
				    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	return binding_names(AEV(e), "Group", false, v, c, sc);
}
static int g_ka_binding_sa_names(const struct vg_field_ref *r, const void *e,
				 struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	return binding_names(AEV(e), "ServiceAccount", false, v, c, sc);
}
static int g_ka_binding_sa_ns_names(const struct vg_field_ref *r, const void *e,
				    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	return binding_names(AEV(e), "ServiceAccount", true, v, c, sc);
}

/* ka.target.pod.name: pods requests only; objectRef.name, else the created object's name */
static int g_ka_target_pod_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
				size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	if (!has_audit_id(ev))
		return 0;
	if (!vg_node_str_eq(vg_audit_get(ev->root, "objectRef", "resource", NULL), "pods"))
		return 0;
	const struct vg_node *n = vg_audit_get(ev->root, "objectRef", "name", NULL);
	if (!vg_node_str(n))
		n = vg_audit_get(ev->root, "responseObject", "metadata", "name", NULL);
	return vg_node_str(n) ? node_as_str(n, v, sc) : 0;
}

/* ka.uri.param[key]: the first value of a query parameter, URL-decoded */
static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decode @len bytes of form-encoded text into @out; false on a malformed escape. */
static bool url_decode(const char *s, size_t len, char *out, size_t *ret_len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			if (i + 2 >= len)
				return false;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return false;
			out[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	*ret_len = o;
	return true;
}

static int g_ka_uri_param(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	if (!has_audit_id(ev))
		return 0;
	const struct vg_node *uri = vg_node_get(ev->root, "requestURI");
	if (!vg_node_str(uri))
		return 0;
	const char *q = memchr(uri->text, '?', uri->len);
	if (!q)
		return 0;
	const char *end = uri->text + uri->len;
	const char *hash = memchr(q, '#', (size_t)(end - q));
	if (hash)
		end = hash;
	const char *p = q + 1;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pe - p));
		const char *ke = eq ? eq : pe;
		char *kbuf = vg_scratch_reserve(sc, (size_t)(ke - p));
		if (!kbuf)
			return -ENOSPC;
		size_t klen;
		if (url_decode(p, (size_t)(ke - p), kbuf, &klen) && klen == r->key.len &&
		    memcmp(kbuf, r->key.ptr, klen) == 0) {
			const char *vs = eq ? eq + 1 : pe;
			size_t vl = (size_t)(pe - vs);
			char *vbuf = vg_scratch_reserve(sc, vl);
			if (!vbuf)
				return -ENOSPC;
			size_t dl;
			if (!url_decode(vs, vl, vbuf, &dl))
				return 0;
			v->v.str.ptr = vg_scratch_commit(sc, dl);
			v->v.str.len = dl;
			return 1;
		}
		p = amp ? amp + 1 : end;
	}
	return 0;
}

/* ---- containers / initContainers / ephemeralContainers ------------------------------------ */

static int containers_strings(const struct vg_field_ref *r, const struct vg_audit_event *ev,
			      const char *section, const char *k1, const char *k2, const char *k3,
			      bool all, struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const char *keys[6] = { "requestObject", "spec", section, k1, k2, k3 };
	size_t nkeys = 4 + (k2 ? 1 : 0) + (k3 ? 1 : 0);
	NODES_INIT(ns);
	if (!values_recursive(ev->root, r->has_arg ? r->index : -1, keys, nkeys, &ns, 0))
		return 0;
	return all ? strings_all(&ns, v, c, sc) : strings_skip_nil(&ns, v, c, sc);
}

static int images(const struct vg_field_ref *r, const struct vg_audit_event *ev,
		  const char *section, bool repo, struct vg_value *v, size_t c,
		  struct vg_scratch *sc)
{
	int n = containers_strings(r, ev, section, "image", NULL, NULL, true, v, c, sc);
	if (n <= 0 || !repo)
		return n;
	for (int i = 0; i < n; i++) {
		/* strings.Split(strings.Split(image, ":")[0], "@")[0] */
		const char *s = v[i].v.str.ptr;
		size_t l = v[i].v.str.len;
		const char *colon = memchr(s, ':', l);
		if (colon)
			l = (size_t)(colon - s);
		const char *at = memchr(s, '@', l);
		if (at)
			l = (size_t)(at - s);
		if (l != v[i].v.str.len) {
			const char *p = vg_scratch_copy(sc, s, l);
			if (!p)
				return -ENOSPC;
			v[i].v.str.ptr = p;
			v[i].v.str.len = l;
		}
	}
	return n;
}

static int host_ports(const struct vg_field_ref *r, const struct vg_audit_event *ev,
		      const char *section, struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const char *const keys[] = { "requestObject", "spec", section, "ports" };
	NODES_INIT(ns);
	if (!values_recursive(ev->root, r->has_arg ? r->index : -1, keys, 4, &ns, 0))
		return 0;
	int n = 0;
	for (size_t i = 0; i < ns.n; i++) {
		const struct vg_node *ports = ns.v[i];
		if (!ports)
			continue;
		if (ports->kind != VG_NODE_SEQ)
			return 0;
		for (uint32_t j = 0; j < ports->count; j++) {
			const struct vg_node *p = vg_node_get(ports->items[j], "hostPort");
			if (!p)
				p = vg_node_get(ports->items[j], "containerPort");
			if (!p)
				continue;
			if ((size_t)n >= c)
				return -ENOSPC;
			int rr = node_as_str(p, &v[n], sc);
			if (rr < 0)
				return rr;
			n += rr;
		}
	}
	return n;
}

/* effective uid/gid: the container's securityContext value, else the pod's, else "0" */
static int effective(const struct vg_field_ref *r, const struct vg_audit_event *ev,
		     const char *section, const char *key, struct vg_value *v, size_t c,
		     struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const struct vg_node *pod =
		vg_audit_get(ev->root, "requestObject", "spec", "securityContext", key, NULL);
	const char *const keys[] = { "requestObject", "spec", section, "securityContext", key };
	NODES_INIT(ns);
	const struct vg_node *arr = vg_audit_get(ev->root, "requestObject", "spec", section, NULL);
	if (!arr)
		return 0;
	if (!values_recursive(ev->root, r->has_arg ? r->index : -1, keys, 5, &ns, 0)) {
		/* a single selected container without the key */
		if (!(r->has_arg && arr->kind == VG_NODE_SEQ && r->index >= 0 &&
		      r->index < (int64_t)arr->count))
			return 0;
		nodes_push(&ns, NULL);
	}
	int n = 0;
	for (size_t i = 0; i < ns.n; i++) {
		if ((size_t)n >= c)
			return -ENOSPC;
		const struct vg_node *val = ns.v[i] ? ns.v[i] : pod;
		int rr = val ? node_as_str(val, &v[n], sc) : ret_cstr(&v[n], "0");
		if (rr < 0)
			return rr;
		n += rr;
	}
	return n;
}

static int any_privileged(const struct vg_audit_event *ev, struct vg_value *v,
			  struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const char *const keys[] = { "requestObject", "spec", "containers", "securityContext",
				     "privileged" };
	NODES_INIT(ns);
	if (!values_recursive(ev->root, -1, keys, 5, &ns, 0))
		return 0;
	for (size_t i = 0; i < ns.n; i++)
		if (vg_node_is_true(ns.v[i]))
			return ret_cstr(v, "true");
	return ret_cstr(v, "false");
}

#define SECTION_GETTERS(SEC, SECNAME)                                                              \
	static int g_##SEC##_image(const struct vg_field_ref *r, const void *e, struct vg_value *v,   \
				   size_t c, struct vg_scratch *sc)                                   \
	{                                                                                             \
		return images(r, AEV(e), SECNAME, false, v, c, sc);                                   \
	}                                                                                             \
	static int g_##SEC##_image_repository(const struct vg_field_ref *r, const void *e,            \
					      struct vg_value *v, size_t c, struct vg_scratch *sc)    \
	{                                                                                             \
		return images(r, AEV(e), SECNAME, true, v, c, sc);                                    \
	}                                                                                             \
	static int g_##SEC##_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,    \
				  size_t c, struct vg_scratch *sc)                                    \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "name", NULL, NULL, false, v, c, sc);   \
	}                                                                                             \
	static int g_##SEC##_command(const struct vg_field_ref *r, const void *e,                     \
				     struct vg_value *v, size_t c, struct vg_scratch *sc)             \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "command", NULL, NULL, false, v, c,     \
					  sc);                                                        \
	}                                                                                             \
	static int g_##SEC##_args(const struct vg_field_ref *r, const void *e, struct vg_value *v,    \
				  size_t c, struct vg_scratch *sc)                                    \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "args", NULL, NULL, false, v, c, sc);   \
	}                                                                                             \
	static int g_##SEC##_privileged(const struct vg_field_ref *r, const void *e,                  \
					struct vg_value *v, size_t c, struct vg_scratch *sc)          \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "securityContext", "privileged", NULL,  \
					  false, v, c, sc);                                           \
	}                                                                                             \
	static int g_##SEC##_allow_privilege_escalation(const struct vg_field_ref *r,                 \
							const void *e, struct vg_value *v, size_t c,  \
							struct vg_scratch *sc)                        \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "securityContext",                      \
					  "allowPrivilegeEscalation", NULL, false, v, c, sc);         \
	}                                                                                             \
	static int g_##SEC##_read_only_fs(const struct vg_field_ref *r, const void *e,                \
					  struct vg_value *v, size_t c, struct vg_scratch *sc)        \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "securityContext",                      \
					  "readOnlyRootFilesystem", NULL, false, v, c, sc);           \
	}                                                                                             \
	static int g_##SEC##_run_as_user(const struct vg_field_ref *r, const void *e,                 \
					 struct vg_value *v, size_t c, struct vg_scratch *sc)         \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "securityContext", "runAsUser", NULL,   \
					  false, v, c, sc);                                           \
	}                                                                                             \
	static int g_##SEC##_run_as_group(const struct vg_field_ref *r, const void *e,                \
					  struct vg_value *v, size_t c, struct vg_scratch *sc)        \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "securityContext", "runAsGroup", NULL,  \
					  false, v, c, sc);                                           \
	}                                                                                             \
	static int g_##SEC##_eff_run_as_user(const struct vg_field_ref *r, const void *e,             \
					     struct vg_value *v, size_t c, struct vg_scratch *sc)     \
	{                                                                                             \
		return effective(r, AEV(e), SECNAME, "runAsUser", v, c, sc);                          \
	}                                                                                             \
	static int g_##SEC##_eff_run_as_group(const struct vg_field_ref *r, const void *e,            \
					      struct vg_value *v, size_t c, struct vg_scratch *sc)    \
	{                                                                                             \
		return effective(r, AEV(e), SECNAME, "runAsGroup", v, c, sc);                         \
	}                                                                                             \
	static int g_##SEC##_proc_mount(const struct vg_field_ref *r, const void *e,                  \
					struct vg_value *v, size_t c, struct vg_scratch *sc)          \
	{                                                                                             \
		return containers_strings(r, AEV(e), SECNAME, "securityContext", "procMount", NULL,   \
					  false, v, c, sc);                                           \
	}                                                                                             \
	static int g_##SEC##_add_capabilities(const struct vg_field_ref *r, const void *e,            \
					      struct vg_value *v, size_t c, struct vg_scratch *sc)    \
	{                                                                                             \
		int n = containers_strings(r, AEV(e), SECNAME, "securityContext", "capabilities",     \
					   "add", false, v, c, sc);                                   \
		return n;                                                                             \
	}                                                                                             \
	static int g_##SEC##_host_port(const struct vg_field_ref *r, const void *e,                   \
				       struct vg_value *v, size_t c, struct vg_scratch *sc)           \
	{                                                                                             \
		return host_ports(r, AEV(e), SECNAME, v, c, sc);                                      \
	}

SECTION_GETTERS(CTR, "containers")
SECTION_GETTERS(INIT, "initContainers")
SECTION_GETTERS(EPH, "ephemeralContainers")

static int g_ka_req_container_image(const struct vg_field_ref *r, const void *e,
				    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	struct vg_field_ref first = *r;
	first.has_arg = true;
	first.index = 0;
	int n = images(&first, AEV(e), "containers", false, v, c, sc);
	return n > 0 ? 1 : n;
}
static int g_ka_req_container_image_repository(const struct vg_field_ref *r, const void *e,
					       struct vg_value *v, size_t c,
					       struct vg_scratch *sc)
{
	struct vg_field_ref first = *r;
	first.has_arg = true;
	first.index = 0;
	int n = images(&first, AEV(e), "containers", true, v, c, sc);
	return n > 0 ? 1 : n;
}
static int g_ka_req_container_privileged(const struct vg_field_ref *r, const void *e,
					 struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	return any_privileged(AEV(e), v, sc);
}

/* role rules: requestObject.rules[].<key>[] flattened (extractRulesField) */
static int rules_field(const struct vg_field_ref *r, const struct vg_audit_event *ev,
		       const char *key, struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	if (!has_audit_id(ev))
		return 0;
	const char *const keys[] = { "requestObject", "rules", key };
	NODES_INIT(ns);
	if (!values_recursive(ev->root, r->has_arg ? r->index : -1, keys, 3, &ns, 0))
		return 0;
	int n = 0;
	for (size_t i = 0; i < ns.n; i++) {
		const struct vg_node *a = ns.v[i];
		if (!a || a->kind != VG_NODE_SEQ)
			continue;
		for (uint32_t j = 0; j < a->count; j++) {
			if (!a->items[j])
				continue;
			if ((size_t)n >= c)
				return -ENOSPC;
			int rr = node_as_str(a->items[j], &v[n], sc);
			if (rr < 0)
				return rr;
			n += rr;
		}
	}
	return n;
}

#define RULES_GETTER(NAME, KEY)                                                               \
	static int g_ka_req_role_rules_##NAME(const struct vg_field_ref *r, const void *e,        \
					      struct vg_value *v, size_t c, struct vg_scratch *sc) \
	{                                                                                         \
		return rules_field(r, AEV(e), KEY, v, c, sc);                                     \
	}
RULES_GETTER(api_groups, "apiGroups")
RULES_GETTER(non_resource_urls, "nonResourceURLs")
RULES_GETTER(verbs, "verbs")
RULES_GETTER(resources, "resources")

/* ---- jevt.* / json.* ---------------------------------------------------------------------- */

/* RFC 6901 JSON pointer */
static const struct vg_node *json_pointer(const struct vg_node *n, const char *p, size_t len)
{
	if (len == 0)
		return n;
	if (p[0] != '/')
		return NULL;
	size_t i = 1;
	char tok[1024];
	while (n) {
		size_t t = 0;
		while (i < len && p[i] != '/') {
			char ch = p[i];
			if (ch == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				ch = p[i + 1] == '0' ? '~' : '/';
				i++;
			}
			if (t + 1 >= sizeof(tok))
				return NULL;
			tok[t++] = ch;
			i++;
		}
		tok[t] = '\0';
		if (n->kind == VG_NODE_MAP) {
			n = vg_node_get(n, tok);
		} else if (n->kind == VG_NODE_SEQ) {
			if (t == 0 || t > 9)
				return NULL;
			uint32_t idx = 0;
			for (size_t k = 0; k < t; k++) {
				if (tok[k] < '0' || tok[k] > '9')
					return NULL;
				idx = idx * 10 + (uint32_t)(tok[k] - '0');
			}
			n = vg_node_at(n, idx);
		} else {
			return NULL;
		}
		if (i >= len)
			return n;
		i++; /* skip '/' */
	}
	return NULL;
}

static int g_jevt_value(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	return node_as_str(json_pointer(ev->root, r->key.ptr, r->key.len), v, sc);
}
static int g_jevt_obj(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	if (ev->raw.ptr) {
		v->v.str.ptr = ev->raw.ptr;
		v->v.str.len = ev->raw.len;
		return 1;
	}
	if (!ev->root)
		return 0;
	if (!sc || !sc->buf || sc->used >= sc->cap)
		return -ENOSPC;
	char *p = sc->buf + sc->used;
	size_t room = sc->cap - sc->used;
	size_t len = vg_node_to_json(ev->root, p, room);
	if (len >= room)
		return -ENOSPC;
	sc->used += len + 1;
	v->v.str.ptr = p;
	v->v.str.len = len;
	return 1;
}

static int ret_printf_sc(struct vg_value *v, struct vg_scratch *sc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int ret_printf_sc(struct vg_value *v, struct vg_scratch *sc, const char *fmt, ...)
{
	if (!sc || !sc->buf || sc->used >= sc->cap)
		return -ENOSPC;
	char *p = sc->buf + sc->used;
	size_t room = sc->cap - sc->used;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return -ENOSPC;
	sc->used += (size_t)n + 1;
	v->v.str.ptr = p;
	v->v.str.len = (size_t)n;
	return 1;
}

static int g_jevt_rawtime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return ret_printf_sc(v, sc, "%" PRIu64, AEV(e)->ts);
}

/* ---- evt.* -------------------------------------------------------------------------------- */

static int g_evt_num(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		     struct vg_scratch *sc)
{
	v->v.u64 = AEV(e)->num;
	return 1;
}
static int g_evt_rawtime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	v->v.u64 = AEV(e)->ts;
	return 1;
}
static int time_fmt(const struct vg_audit_event *ev, int style, struct vg_value *v,
		    struct vg_scratch *sc)
{
	time_t secs = (time_t)(ev->ts / 1000000000ull);
	unsigned long ns = (unsigned long)(ev->ts % 1000000000ull);
	struct tm tm;
	if (!gmtime_r(&secs, &tm))
		return 0;
	if (style == 0)
		return ret_printf_sc(v, sc, "%02d:%02d:%02d.%09lu", tm.tm_hour, tm.tm_min,
				     tm.tm_sec, ns);
	if (style == 1)
		return ret_printf_sc(v, sc, "%04d-%02d-%02dT%02d:%02d:%02d.%09luZ",
				     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				     tm.tm_min, tm.tm_sec, ns);
	return ret_printf_sc(v, sc, "%04d-%02d-%02d %02d:%02d:%02d.%09lu", tm.tm_year + 1900,
			     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
}
static int g_evt_time(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return time_fmt(AEV(e), 0, v, sc);
}
static int g_evt_time_iso(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return time_fmt(AEV(e), 1, v, sc);
}
static int g_evt_datetime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return time_fmt(AEV(e), 2, v, sc);
}
static int g_evt_source(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return ret_cstr(v, "k8s_audit");
}
static int g_evt_pluginname(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	return ret_cstr(v, "k8saudit");
}
static int g_evt_hostname(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	const struct vg_audit_event *ev = AEV(e);
	if (!ev->hostname.ptr)
		return 0;
	v->v.str.ptr = ev->hostname.ptr;
	v->v.str.len = ev->hostname.len;
	return 1;
}
static int g_evt_is_async(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	v->v.b = false;
	return 1;
}

/* ---- the table ---------------------------------------------------------------------------- */

#define S VG_FT_STRING
#define L VG_FF_LIST
#define LIDX (VG_FF_LIST | VG_FF_ARG_ALLOWED | VG_FF_ARG_INDEX)
#define KEYREQ (VG_FF_ARG_REQUIRED | VG_FF_ARG_KEY)

#define SECTION_ROWS(X, SEC, PREFIX)                                                              \
	X(SEC##_IMAGE, PREFIX ".image", S, LIDX, g_##SEC##_image, "container images")            \
	X(SEC##_IMAGE_REPOSITORY, PREFIX ".image.repository", S, LIDX,                           \
	  g_##SEC##_image_repository, "container image repositories (no tag/digest)")            \
	X(SEC##_NAME, PREFIX ".name", S, LIDX, g_##SEC##_name, "container names")                \
	X(SEC##_COMMAND, PREFIX ".command", S, LIDX, g_##SEC##_command, "container commands")    \
	X(SEC##_ARGS, PREFIX ".args", S, LIDX, g_##SEC##_args, "container args")                 \
	X(SEC##_PRIVILEGED, PREFIX ".privileged", S, LIDX, g_##SEC##_privileged,                 \
	  "securityContext.privileged per container")                                            \
	X(SEC##_ALLOW_PRIVILEGE_ESCALATION, PREFIX ".allow_privilege_escalation", S, LIDX,        \
	  g_##SEC##_allow_privilege_escalation, "securityContext.allowPrivilegeEscalation")      \
	X(SEC##_READ_ONLY_FS, PREFIX ".read_only_fs", S, LIDX, g_##SEC##_read_only_fs,           \
	  "securityContext.readOnlyRootFilesystem")                                              \
	X(SEC##_RUN_AS_USER, PREFIX ".run_as_user", S, LIDX, g_##SEC##_run_as_user,              \
	  "securityContext.runAsUser")                                                           \
	X(SEC##_RUN_AS_GROUP, PREFIX ".run_as_group", S, LIDX, g_##SEC##_run_as_group,           \
	  "securityContext.runAsGroup")                                                          \
	X(SEC##_EFF_RUN_AS_USER, PREFIX ".eff_run_as_user", S, LIDX, g_##SEC##_eff_run_as_user,  \
	  "effective uid (container, else pod, else 0)")                                         \
	X(SEC##_EFF_RUN_AS_GROUP, PREFIX ".eff_run_as_group", S, LIDX,                           \
	  g_##SEC##_eff_run_as_group, "effective gid (container, else pod, else 0)")             \
	X(SEC##_PROC_MOUNT, PREFIX ".proc_mount", S, LIDX, g_##SEC##_proc_mount,                 \
	  "securityContext.procMount")                                                           \
	X(SEC##_ADD_CAPABILITIES, PREFIX ".add_capabilities", S, LIDX,                           \
	  g_##SEC##_add_capabilities, "securityContext.capabilities.add")                        \
	X(SEC##_HOST_PORT, PREFIX ".host_port", S, LIDX, g_##SEC##_host_port,                    \
	  "ports[].hostPort (else containerPort)")

/* X(ID, name, type, flags, getter, desc) */
#define KA_FIELDS(X)                                                                              \
	X(KA_AUDITID, "ka.auditid", S, 0, g_ka_auditid, "audit event id")                        \
	X(KA_STAGE, "ka.stage", S, 0, g_ka_stage, "request stage")                               \
	X(KA_AUTH_DECISION, "ka.auth.decision", S, 0, g_ka_auth_decision,                        \
	  "authorization decision")                                                              \
	X(KA_AUTH_REASON, "ka.auth.reason", S, 0, g_ka_auth_reason, "authorization reason")      \
	X(KA_AUTH_OS_DECISION, "ka.auth.openshift.decision", S, 0, g_ka_auth_os_decision,        \
	  "OpenShift authentication decision")                                                   \
	X(KA_AUTH_OS_USERNAME, "ka.auth.openshift.username", S, 0, g_ka_auth_os_username,        \
	  "OpenShift authenticated user")                                                        \
	X(KA_VALIDATIONS_FAILURE, "ka.validations.admission.policy.failure", S, 0,              \
	  g_ka_validations_failure, "ValidatingAdmissionPolicy failure")                         \
	X(KA_SECURITY_POD_VIOLATIONS, "ka.security.pod.violations", S, 0,                        \
	  g_ka_security_pod_violations, "Pod Security Admission audit violations")               \
	X(KA_USER_NAME, "ka.user.name", S, 0, g_ka_user_name, "user name")                       \
	X(KA_USER_GROUPS, "ka.user.groups", S, L, g_ka_user_groups, "user groups")               \
	X(KA_IMPUSER_NAME, "ka.impuser.name", S, 0, g_ka_impuser_name, "impersonated user")      \
	X(KA_VERB, "ka.verb", S, 0, g_ka_verb, "request verb")                                   \
	X(KA_URI, "ka.uri", S, 0, g_ka_uri, "request URI")                                       \
	X(KA_URI_PARAM, "ka.uri.param", S, KEYREQ, g_ka_uri_param, "one query parameter")        \
	X(KA_TARGET_NAME, "ka.target.name", S, 0, g_ka_target_name, "target object name")        \
	X(KA_TARGET_NAMESPACE, "ka.target.namespace", S, 0, g_ka_target_namespace,               \
	  "target object namespace")                                                             \
	X(KA_TARGET_RESOURCE, "ka.target.resource", S, 0, g_ka_target_resource,                  \
	  "target object resource")                                                              \
	X(KA_TARGET_SUBRESOURCE, "ka.target.subresource", S, 0, g_ka_target_subresource,         \
	  "target object subresource")                                                           \
	X(KA_TARGET_POD_NAME, "ka.target.pod.name", S, 0, g_ka_target_pod_name,                  \
	  "pod name of pods requests")                                                           \
	X(KA_REQ_BINDING_SUBJECTS, "ka.req.binding.subjects", S, L, g_ka_req_binding_subjects,   \
	  "binding subjects (JSON)")                                                             \
	X(KA_REQ_BINDING_USER_NAMES, "ka.req.binding.subjects.user_names", S, L,                 \
	  g_ka_binding_user_names, "User subjects")                                              \
	X(KA_REQ_BINDING_SA_NAMES, "ka.req.binding.subjects.serviceaccount_names", S, L,         \
	  g_ka_binding_sa_names, "ServiceAccount subjects")                                      \
	X(KA_REQ_BINDING_SA_NS_NAMES, "ka.req.binding.subjects.serviceaccount_ns_names", S, L,   \
	  g_ka_binding_sa_ns_names, "ServiceAccount subjects as ns:name")                        \
	X(KA_REQ_BINDING_GROUP_NAMES, "ka.req.binding.subjects.group_names", S, L,               \
	  g_ka_binding_group_names, "Group subjects")                                            \
	X(KA_REQ_BINDING_ROLE, "ka.req.binding.role", S, 0, g_ka_req_binding_role,               \
	  "role of a binding")                                                                   \
	X(KA_REQ_BINDING_SUBJECT_HAS_NAME, "ka.req.binding.subject.has_name", S,                 \
	  KEYREQ | VG_FF_DEPRECATED, g_ka_req_binding_subject_has_name, "deprecated")            \
	X(KA_REQ_CONFIGMAP_NAME, "ka.req.configmap.name", S, 0, g_ka_req_configmap_name,         \
	  "configmap name")                                                                      \
	X(KA_REQ_CONFIGMAP_OBJ, "ka.req.configmap.obj", S, 0, g_ka_req_configmap_obj,            \
	  "configmap data (JSON)")                                                               \
	SECTION_ROWS(X, CTR, "ka.req.pod.containers")                                             \
	SECTION_ROWS(X, INIT, "ka.req.pod.initContainers")                                        \
	SECTION_ROWS(X, EPH, "ka.req.pod.ephemeralContainers")                                    \
	X(KA_REQ_CONTAINER_IMAGE, "ka.req.container.image", S, VG_FF_DEPRECATED,                 \
	  g_ka_req_container_image, "image of the first container")                              \
	X(KA_REQ_CONTAINER_IMAGE_REPOSITORY, "ka.req.container.image.repository", S,             \
	  VG_FF_DEPRECATED, g_ka_req_container_image_repository,                                 \
	  "repository of the first container")                                                   \
	X(KA_REQ_CONTAINER_PRIVILEGED, "ka.req.container.privileged", S, VG_FF_DEPRECATED,       \
	  g_ka_req_container_privileged, "true if any container is privileged")                  \
	X(KA_REQ_CONTAINER_HOST_NETWORK, "ka.req.container.host_network", S, VG_FF_DEPRECATED,   \
	  g_ka_req_pod_host_network, "alias of ka.req.pod.host_network")                         \
	X(KA_REQ_POD_HOST_IPC, "ka.req.pod.host_ipc", S, 0, g_ka_req_pod_host_ipc, "hostIPC")    \
	X(KA_REQ_POD_HOST_NETWORK, "ka.req.pod.host_network", S, 0, g_ka_req_pod_host_network,   \
	  "hostNetwork")                                                                         \
	X(KA_REQ_POD_HOST_PID, "ka.req.pod.host_pid", S, 0, g_ka_req_pod_host_pid, "hostPID")    \
	X(KA_REQ_POD_RUN_AS_USER, "ka.req.pod.run_as_user", S, 0, g_ka_req_pod_run_as_user,      \
	  "pod securityContext.runAsUser")                                                       \
	X(KA_REQ_POD_RUN_AS_GROUP, "ka.req.pod.run_as_group", S, 0, g_ka_req_pod_run_as_group,   \
	  "pod securityContext.runAsGroup")                                                      \
	X(KA_REQ_POD_FS_GROUP, "ka.req.pod.fs_group", S, 0, g_ka_req_pod_fs_group,               \
	  "pod securityContext.fsGroup")                                                         \
	X(KA_REQ_POD_SUPPLEMENTAL_GROUPS, "ka.req.pod.supplemental_groups", S, L,                \
	  g_ka_req_pod_supplemental_groups, "pod securityContext.supplementalGroups")            \
	X(KA_REQ_POD_VOLUMES_HOSTPATH, "ka.req.pod.volumes.hostpath", S, LIDX,                   \
	  g_ka_req_pod_volumes_hostpath, "hostPath volume paths")                                \
	X(KA_REQ_POD_VOLUMES_FLEXVOLUME_DRIVER, "ka.req.pod.volumes.flexvolume_driver", S, LIDX, \
	  g_ka_req_pod_volumes_flexvolume_driver, "flexVolume drivers")                          \
	X(KA_REQ_POD_VOLUMES_VOLUME_TYPE, "ka.req.pod.volumes.volume_type", S, LIDX,             \
	  g_ka_req_pod_volumes_volume_type, "volume kinds")                                      \
	X(KA_REQ_VOLUME_HOSTPATH, "ka.req.volume.hostpath", S, KEYREQ | VG_FF_DEPRECATED,        \
	  g_ka_req_volume_hostpath, "\"true\" if a hostPath volume uses the path (prefix*)")     \
	X(KA_REQ_ROLE_RULES, "ka.req.role.rules", S, L, g_ka_req_role_rules, "role rules (JSON)") \
	X(KA_REQ_ROLE_RULES_API_GROUPS, "ka.req.role.rules.apiGroups", S, LIDX,                  \
	  g_ka_req_role_rules_api_groups, "rules' apiGroups")                                    \
	X(KA_REQ_ROLE_RULES_NON_RESOURCE_URLS, "ka.req.role.rules.nonResourceURLs", S, LIDX,     \
	  g_ka_req_role_rules_non_resource_urls, "rules' nonResourceURLs")                       \
	X(KA_REQ_ROLE_RULES_VERBS, "ka.req.role.rules.verbs", S, LIDX,                           \
	  g_ka_req_role_rules_verbs, "rules' verbs")                                             \
	X(KA_REQ_ROLE_RULES_RESOURCES, "ka.req.role.rules.resources", S, LIDX,                   \
	  g_ka_req_role_rules_resources, "rules' resources")                                     \
	X(KA_REQ_SERVICE_TYPE, "ka.req.service.type", S, 0, g_ka_req_service_type,               \
	  "service type")                                                                        \
	X(KA_REQ_SERVICE_PORTS, "ka.req.service.ports", S, LIDX, g_ka_req_service_ports,         \
	  "service ports (JSON)")                                                                \
	X(KA_RESP_NAME, "ka.resp.name", S, 0, g_ka_resp_name, "response object name")            \
	X(KA_RESPONSE_CODE, "ka.response.code", S, 0, g_ka_response_code, "response code")       \
	X(KA_RESPONSE_REASON, "ka.response.reason", S, 0, g_ka_response_reason,                  \
	  "response reason")                                                                     \
	X(KA_USERAGENT, "ka.useragent", S, 0, g_ka_useragent, "client user agent")               \
	X(KA_SOURCEIPS, "ka.sourceips", S, L, g_ka_sourceips, "source IPs")                      \
	X(KA_CLUSTER_NAME, "ka.cluster.name", S, 0, g_ka_cluster_name, "cluster name")           \
	X(JEVT_VALUE, "jevt.value", S, KEYREQ, g_jevt_value, "value at a JSON pointer")          \
	X(JEVT_OBJ, "jevt.obj", S, 0, g_jevt_obj, "the whole event as JSON")                     \
	X(JEVT_RAWTIME, "jevt.rawtime", S, 0, g_jevt_rawtime, "event time, ns since epoch")      \
	X(JSON_VALUE, "json.value", S, KEYREQ, g_jevt_value, "value at a JSON pointer")          \
	X(JSON_OBJ, "json.obj", S, 0, g_jevt_obj, "the whole event as JSON")                     \
	X(JSON_RAWTIME, "json.rawtime", S, 0, g_jevt_rawtime, "event time, ns since epoch")      \
	X(EVT_NUM, "evt.num", VG_FT_UINT64, 0, g_evt_num, "event number")                        \
	X(EVT_TIME, "evt.time", S, 0, g_evt_time, "event time (UTC)")                            \
	X(EVT_TIME_ISO, "evt.time.iso8601", S, 0, g_evt_time_iso, "event time, ISO 8601")        \
	X(EVT_DATETIME, "evt.datetime", S, 0, g_evt_datetime, "event date and time (UTC)")       \
	X(EVT_RAWTIME, "evt.rawtime", VG_FT_ABSTIME, 0, g_evt_rawtime, "ns since the epoch")     \
	X(EVT_SOURCE, "evt.source", S, 0, g_evt_source, "event source: k8s_audit")               \
	X(EVT_PLUGINNAME, "evt.pluginname", S, 0, g_evt_pluginname, "plugin name: k8saudit")     \
	X(EVT_HOSTNAME, "evt.hostname", S, 0, g_evt_hostname, "host name")                       \
	X(EVT_IS_ASYNC, "evt.is_async", VG_FT_BOOL, 0, g_evt_is_async, "asynchronous event")

enum {
#define X_ID(id, name, type, flags, getter, desc) KA_F_##id,
	KA_FIELDS(X_ID)
#undef X_ID
	KA__COUNT
};

static const struct vg_field_info s_info[KA__COUNT] = {
#define X_INFO(id, name, type, flags, getter, desc) \
	[KA_F_##id] = { name, type, flags, desc, KA_F_##id },
	KA_FIELDS(X_INFO)
#undef X_INFO
};

static const vg_getter_fn s_getters[KA__COUNT] = {
#define X_GET(id, name, type, flags, getter, desc) [KA_F_##id] = getter,
	KA_FIELDS(X_GET)
#undef X_GET
};

const struct vg_source_fields vg_k8saudit_fields = { s_info, s_getters, NULL, KA__COUNT };
