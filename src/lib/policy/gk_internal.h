/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy/gk_internal.h - private interface between the constraint matcher (gatekeeper.c) and
 * the per-kind evaluators (gk_kinds.c).
 */
#ifndef VG_POLICY_GK_INTERNAL_H
#define VG_POLICY_GK_INTERNAL_H

#include "check/check.h"
#include "policy/gatekeeper.h"
#include "util/strbuf.h"

/* What a rego policy sees as input.review: the object itself, or the Pod a workload's template
 * creates (kind "Pod", the template's metadata and spec). */
struct gk_review {
	const struct vg_k8s_object *obj; /* where findings point (file, object ref) */
	const char *kind;                /* input.review.kind.kind */
	const char *group;               /* input.review.kind.group */
	const char *name;                /* metadata.name (the workload's for a template) */
	const char *namespace;           /* NULL when cluster-scoped */
	const struct vg_node *metadata;  /* may be NULL */
	const struct vg_node *spec;      /* may be NULL */
	const char *meta_path;           /* "metadata" or "spec.template.metadata" ... */
	const char *spec_path;           /* "spec" or "spec.template.spec" ... */
	bool pod_template;               /* a workload's template evaluated as a Pod */
};

enum gk_action { GK_DENY = 0, GK_WARN, GK_DRYRUN };

struct gk_kind;

struct gk_constraint {
	const struct gk_kind *kind;
	const char *kind_name;
	const char *name;
	const char *file;
	uint32_t line;
	const struct vg_node *match;  /* spec.match, may be NULL */
	const struct vg_node *params; /* spec.parameters, may be NULL */
	enum gk_action action;
	char ref[256];                /* "<Kind>/<name>" */
};

/* One evaluation of one constraint against one review. */
struct gk_eval {
	const struct gk_constraint *c;
	const struct gk_review *rv;
	const struct vg_node *params;
	struct vg_report *report;
	struct vg_strbuf msg;
	struct vg_strbuf path;
	char **seen;                  /* messages emitted (rego's violation set) */
	size_t nseen, cap;
};

typedef int (*gk_eval_fn)(struct gk_eval *e);

struct gk_kind {
	const char *kind;
	const char *alias;            /* another accepted spelling, or NULL */
	const struct vg_check_info *check;
	gk_eval_fn eval;
};

/* The table of implemented kinds (gk_kinds.c). */
const struct gk_kind *gk_kind_find(const char *kind);

/* Emit a finding at @at (may be NULL: the object's root) with path @path (the full field path)
 * and the message in e->msg, unless the same message was emitted already for this
 * constraint and review. Returns 0 or -ENOMEM. */
int gk_emit(struct gk_eval *e, const struct vg_node *at, const char *path);

/* Append @n as rego's sprintf("%v") prints it: strings raw at the top level and quoted inside
 * collections, arrays [a, b], objects {"k": v} with sorted keys. */
int gk_fmt_value(struct vg_strbuf *b, const struct vg_node *n);
/* Append a set of strings as rego prints it: {"a", "b"}, sorted and without duplicates. */
int gk_fmt_set(struct vg_strbuf *b, const char *const *items, size_t n);

/* "truthy" in rego's sense: defined, and not the boolean false. */
bool gk_truthy(const struct vg_node *n);

/* Prefix/suffix glob of Gatekeeper's util.Wildcard: "kube-*", "*-system", "*x*", exact. */
bool gk_wildcard_match(const char *pattern, const char *s);

#endif
