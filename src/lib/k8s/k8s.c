/* SPDX-License-Identifier: Apache-2.0 */
/* k8s.c - Kubernetes objects in documents: identification, List flattening, pod templates. */
#include <string.h>

#include "vigil/k8s.h"
#include "util/banned.h"

/* Kinds whose objects are not namespaced (core and well-known extensions). */
static const char *const cluster_kinds[] = {
	"APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "ComponentStatus",
	"ConstraintTemplate", "CustomResourceDefinition", "DeviceClass", "FlowSchema", "IPAddress",
	"IngressClass", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
	"MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume",
	"PodSecurityPolicy", "PriorityClass", "PriorityLevelConfiguration", "ResourceSlice",
	"RuntimeClass", "SelfSubjectAccessReview", "SelfSubjectReview", "SelfSubjectRulesReview",
	"ServiceCIDR", "StorageClass", "StorageVersion", "StorageVersionMigration",
	"SubjectAccessReview", "TokenReview", "ValidatingAdmissionPolicy",
	"ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeAttachment",
	"VolumeSnapshotClass", NULL,
};

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool vg_k8s_kind_namespaced(const char *api_version, const char *kind)
{
	if (!kind)
		return true;
	if (starts_with(kind, "Cluster")) /* ClusterRole, ClusterRoleBinding, ClusterIssuer, ClusterSPIFFEID ... */
		return false;
	if (api_version && starts_with(api_version, "constraints.gatekeeper.sh/"))
		return false;
	for (const char *const *k = cluster_kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return false;
	return true;
}

/* The API group of an apiVersion ("" for the core group "v1"). */
static bool group_is(const char *api_version, const char *const *groups)
{
	const char *slash = strchr(api_version, '/');
	size_t glen = slash ? (size_t)(slash - api_version) : 0;
	for (; *groups; groups++)
		if (strlen(*groups) == glen && strncmp(*groups, api_version, glen) == 0)
			return true;
	return false;
}

bool vg_k8s_pod_view(const struct vg_k8s_object *obj, struct vg_pod_view *ret_view)
{
	static const char *const core[] = { "", NULL };
	static const char *const apps[] = { "apps", "extensions", NULL };
	static const char *const batch[] = { "batch", NULL };
	const char *k = obj->kind, *av = obj->api_version;
	struct vg_pod_view v = { 0 };

	if (strcmp(k, "Pod") == 0 && group_is(av, core)) {
		v.meta = vg_node_get(obj->root, "metadata");
		v.spec = vg_node_get(obj->root, "spec");
		v.meta_path = "metadata";
		v.spec_path = "spec";
	} else if (strcmp(k, "PodTemplate") == 0 && group_is(av, core)) {
		const struct vg_node *t = vg_node_get(obj->root, "template");
		v.meta = vg_node_get(t, "metadata");
		v.spec = vg_node_get(t, "spec");
		v.meta_path = "template.metadata";
		v.spec_path = "template.spec";
	} else if ((strcmp(k, "ReplicationController") == 0 && group_is(av, core)) ||
		   ((strcmp(k, "Deployment") == 0 || strcmp(k, "ReplicaSet") == 0 ||
		     strcmp(k, "StatefulSet") == 0 || strcmp(k, "DaemonSet") == 0) &&
		    group_is(av, apps)) ||
		   (strcmp(k, "Job") == 0 && group_is(av, batch))) {
		const struct vg_node *t = vg_node_path(obj->root, "spec.template");
		v.meta = vg_node_get(t, "metadata");
		v.spec = vg_node_get(t, "spec");
		v.meta_path = "spec.template.metadata";
		v.spec_path = "spec.template.spec";
	} else if (strcmp(k, "CronJob") == 0 && group_is(av, batch)) {
		const struct vg_node *t = vg_node_path(obj->root, "spec.jobTemplate.spec.template");
		v.meta = vg_node_get(t, "metadata");
		v.spec = vg_node_get(t, "spec");
		v.meta_path = "spec.jobTemplate.spec.template.metadata";
		v.spec_path = "spec.jobTemplate.spec.template.spec";
	} else {
		return false;
	}
	if (!v.spec || v.spec->kind != VG_NODE_MAP)
		return false;
	if (v.meta && v.meta->kind != VG_NODE_MAP)
		v.meta = NULL;
	*ret_view = v;
	return true;
}

const char *vg_container_field_name(enum vg_container_field f)
{
	switch (f) {
	case VG_CONTAINERS_INIT: return "initContainers";
	case VG_CONTAINERS_REGULAR: return "containers";
	case VG_CONTAINERS_EPHEMERAL: return "ephemeralContainers";
	}
	return "containers";
}

int vg_k8s_for_each_container(const struct vg_node *pod_spec, vg_container_cb cb, void *userdata)
{
	static const enum vg_container_field order[] = { VG_CONTAINERS_INIT, VG_CONTAINERS_REGULAR,
							 VG_CONTAINERS_EPHEMERAL };
	for (size_t f = 0; f < sizeof(order) / sizeof(order[0]); f++) {
		const struct vg_node *seq = vg_node_get(pod_spec, vg_container_field_name(order[f]));
		if (!seq || seq->kind != VG_NODE_SEQ)
			continue;
		for (uint32_t i = 0; i < seq->count; i++) {
			const struct vg_node *c = seq->items[i];
			if (c->kind != VG_NODE_MAP)
				continue;
			const char *name = vg_node_scalar(vg_node_get(c, "name"));
			struct vg_container_ref ref = { c, order[f], i, name ? name : "" };
			int r = cb(&ref, userdata);
			if (r)
				return r;
		}
	}
	return 0;
}

static bool is_list_kind(const char *kind, const struct vg_node *root)
{
	size_t n = strlen(kind);
	if (n < 4 || strcmp(kind + n - 4, "List") != 0)
		return false;
	const struct vg_node *items = vg_node_get(root, "items");
	return items && (items->kind == VG_NODE_SEQ || items->kind == VG_NODE_NULL);
}

static int walk_node(const struct vg_doc *doc, const struct vg_node *root, uint32_t list_index,
		     vg_k8s_object_cb cb, void *userdata, struct vg_k8s_walk_stats *stats,
		     unsigned depth)
{
	if (!root || root->kind == VG_NODE_NULL) {
		if (stats)
			stats->empty++;
		return 0;
	}
	const char *av = vg_node_str(vg_node_get(root, "apiVersion"));
	const char *kind = vg_node_str(vg_node_get(root, "kind"));
	if (root->kind != VG_NODE_MAP || !av || !kind || !*av || !*kind) {
		if (stats)
			stats->non_k8s++;
		return 0;
	}
	if (is_list_kind(kind, root) && depth < 8) {
		const struct vg_node *items = vg_node_get(root, "items");
		for (uint32_t i = 0; items && items->kind == VG_NODE_SEQ && i < items->count; i++) {
			int r = walk_node(doc, items->items[i], i, cb, userdata, stats, depth + 1);
			if (r)
				return r;
		}
		return 0;
	}
	struct vg_k8s_object obj = { 0 };
	obj.doc = doc;
	obj.root = root;
	obj.api_version = av;
	obj.kind = kind;
	obj.list_index = list_index;
	obj.metadata = vg_node_get(root, "metadata");
	if (obj.metadata && obj.metadata->kind != VG_NODE_MAP)
		obj.metadata = NULL;
	const char *name = vg_node_scalar(vg_node_get(obj.metadata, "name"));
	if (!name || !*name)
		name = vg_node_scalar(vg_node_get(obj.metadata, "generateName"));
	obj.name = name ? name : "";
	obj.cluster_scoped = !vg_k8s_kind_namespaced(av, kind);
	if (!obj.cluster_scoped) {
		const char *ns = vg_node_scalar(vg_node_get(obj.metadata, "namespace"));
		obj.namespace = ns && *ns ? ns : "default";
	}
	if (stats)
		stats->objects++;
	return cb(&obj, userdata);
}

int vg_k8s_walk(const struct vg_doc *doc, vg_k8s_object_cb cb, void *userdata,
		struct vg_k8s_walk_stats *stats)
{
	if (!doc)
		return 0;
	return walk_node(doc, doc->root, UINT32_MAX, cb, userdata, stats, 0);
}
