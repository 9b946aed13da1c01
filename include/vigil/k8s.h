/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/k8s.h - Kubernetes objects inside documents.
 *
 * vg_k8s_walk() visits every Kubernetes object of a document: the document itself when it has
 * apiVersion and kind, and, for List kinds (v1 List, *List with an items sequence), every item,
 * recursively. Objects borrow the document's nodes; nothing is copied.
 */
#ifndef VIGIL_K8S_H
#define VIGIL_K8S_H

#include "common.h"
#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vg_k8s_object {
	const struct vg_doc *doc;
	const struct vg_node *root;     /* the object's map */
	const char *api_version;        /* never NULL */
	const char *kind;               /* never NULL */
	const char *name;               /* metadata.name, or metadata.generateName, or "" */
	const char *namespace;          /* metadata.namespace; "default" for a namespaced kind
					 * without one; NULL for cluster-scoped kinds */
	bool cluster_scoped;
	const struct vg_node *metadata; /* may be NULL */
	uint32_t list_index;            /* index inside the enclosing List, or UINT32_MAX */
};

/* Where the pod template lives inside a workload. */
struct vg_pod_view {
	const struct vg_node *meta;  /* pod metadata (annotations, labels); may be NULL */
	const struct vg_node *spec;  /* the PodSpec map; never NULL when the view exists */
	const char *meta_path;       /* e.g. "spec.template.metadata" ("metadata" for a Pod) */
	const char *spec_path;       /* e.g. "spec.template.spec" ("spec" for a Pod) */
};

/* Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController,
 * PodTemplate: fill @ret_view and return true. Any other kind, or no spec map: false. */
VG_EXPORT bool vg_k8s_pod_view(const struct vg_k8s_object *obj, struct vg_pod_view *ret_view);

/* True for kinds whose objects live in a namespace (unknown kinds are assumed namespaced,
 * except *Cluster* kinds and well-known cluster-scoped ones). */
VG_EXPORT bool vg_k8s_kind_namespaced(const char *api_version, const char *kind);

enum vg_container_field {
	VG_CONTAINERS_INIT = 0,  /* initContainers */
	VG_CONTAINERS_REGULAR,   /* containers */
	VG_CONTAINERS_EPHEMERAL, /* ephemeralContainers */
};
/* "initContainers", "containers", "ephemeralContainers". */
VG_EXPORT const char *vg_container_field_name(enum vg_container_field f);

struct vg_container_ref {
	const struct vg_node *node;   /* the container map */
	enum vg_container_field field;
	uint32_t index;
	const char *name;             /* container name or "" */
};

/* Visit init, regular, then ephemeral containers (PSA's visitor order). Stop and return the
 * callback's value when it is non-zero. Non-map items are skipped. */
typedef int (*vg_container_cb)(const struct vg_container_ref *c, void *userdata);
VG_EXPORT int vg_k8s_for_each_container(const struct vg_node *pod_spec, vg_container_cb cb,
					void *userdata);

struct vg_k8s_walk_stats {
	uint64_t objects;
	uint64_t non_k8s;   /* maps without apiVersion/kind, and non-map documents */
	uint64_t empty;     /* null documents */
};

typedef int (*vg_k8s_object_cb)(const struct vg_k8s_object *obj, void *userdata);
/* Visit the objects of @doc in document order; stats are added to @stats (may be NULL).
 * Stops and returns the callback's value when it is non-zero. */
VG_EXPORT int vg_k8s_walk(const struct vg_doc *doc, vg_k8s_object_cb cb, void *userdata,
			  struct vg_k8s_walk_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
