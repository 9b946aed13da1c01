/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gatekeeper.c - Gatekeeper Constraint objects: collection, spec.match (the semantics of
 * gatekeeper's pkg/mutation/match), enforcementAction, and the findings they raise. The
 * per-kind evaluators live in gk_kinds.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/gk_internal.h"
#include "util/banned.h"

struct gk_namespace {
	const char *name;
	const struct vg_node *labels; /* may be NULL */
};

struct vg_gk_set {
	struct gk_constraint *c;
	size_t n, cap;
	struct gk_namespace *ns;
	size_t nns, nscap;
	char **missing_ns;            /* namespaces already noted as not in the scanned set */
	size_t nmissing, missing_cap;
	char **unknown_refs;          /* "<Kind>/<name>" of constraints of kinds vigil does not
				       * implement (each noted once) */
	size_t unknown, unknown_cap;
	const char *unknown_file;     /* first of them, for the summary note */
	uint32_t unknown_line;
};

int vg_gk_set_new(struct vg_gk_set **ret_set)
{
	if (!ret_set)
		return -EINVAL;
	struct vg_gk_set *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	*ret_set = s;
	return 0;
}

void vg_gk_set_free(struct vg_gk_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nmissing; i++)
		free(set->missing_ns[i]);
	free(set->missing_ns);
	for (size_t i = 0; i < set->unknown; i++)
		free(set->unknown_refs[i]);
	free(set->unknown_refs);
	free(set->c);
	free(set->ns);
	free(set);
}

size_t vg_gk_count(const struct vg_gk_set *set)
{
	return set ? set->n : 0;
}

bool vg_gk_kind_supported(const char *kind)
{
	return gk_kind_find(kind) != NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_constraint(const struct vg_k8s_object *obj)
{
	return starts_with(obj->api_version, "constraints.gatekeeper.sh/");
}

static bool is_template(const struct vg_k8s_object *obj)
{
	return starts_with(obj->api_version, "templates.gatekeeper.sh/") &&
	       strcmp(obj->kind, "ConstraintTemplate") == 0;
}

static int action_rank(const char *a)
{
	if (!a)
		return -1;
	if (strcmp(a, "deny") == 0)
		return 2;
	if (strcmp(a, "warn") == 0)
		return 1;
	if (strcmp(a, "dryrun") == 0)
		return 0;
	return -1;
}

static int note_at(struct vg_report *report, const struct vg_k8s_object *obj,
		   const struct vg_node *at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int note_at(struct vg_report *report, const struct vg_k8s_object *obj,
		   const struct vg_node *at, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vg_report_add_note(report, obj->doc && obj->doc->file ? obj->doc->file : "-",
				  at ? at->line : obj->root->line, msg);
}

/* spec.enforcementAction: deny (default), warn, dryrun; "scoped" takes the strongest action of
 * spec.scopedEnforcementActions. Anything else: a note, and the constraint reports as dryrun. */
static int parse_action(const struct vg_k8s_object *obj, const char *ref, enum gk_action *ret,
			struct vg_report *report)
{
	const struct vg_node *an = vg_node_path(obj->root, "spec.enforcementAction");
	const char *a = vg_node_str(an);
	int rank = -1;

	if (!an || an->kind == VG_NODE_NULL || (a && !*a)) {
		rank = 2;
	} else if (a && strcmp(a, "scoped") == 0) {
		const struct vg_node *s = vg_node_path(obj->root, "spec.scopedEnforcementActions");
		for (uint32_t i = 0; s && s->kind == VG_NODE_SEQ && i < s->count; i++) {
			int r = action_rank(vg_node_str(vg_node_get(s->items[i], "action")));
			if (r > rank)
				rank = r;
		}
	} else {
		rank = action_rank(a);
	}
	if (rank < 0) {
		*ret = GK_DRYRUN;
		return note_at(report, obj, an,
			       "gatekeeper: constraint %s: unrecognized enforcementAction \"%s\"; "
			       "findings reported as dryrun", ref, a ? a : vg_node_scalar(an) ? vg_node_scalar(an) : "");
	}
	*ret = rank == 2 ? GK_DENY : rank == 1 ? GK_WARN : GK_DRYRUN;
	return 0;
}

static int collect_namespace(struct vg_gk_set *s, const struct vg_k8s_object *obj)
{
	const struct vg_node *labels = vg_node_get(obj->metadata, "labels");
	for (size_t i = 0; i < s->nns; i++) {
		if (strcmp(s->ns[i].name, obj->name) == 0) {
			s->ns[i].labels = labels; /* the last definition wins, as an apply would */
			return 0;
		}
	}
	if (s->nns == s->nscap) {
		size_t cap = s->nscap ? s->nscap * 2 : 16;
		struct gk_namespace *n = realloc(s->ns, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		s->ns = n;
		s->nscap = cap;
	}
	s->ns[s->nns++] = (struct gk_namespace){ obj->name, labels };
	return 0;
}

int vg_gk_collect(struct vg_gk_set *s, const struct vg_k8s_object *obj, bool namespaces,
		  struct vg_report *report)
{
	if (!s || !obj || !report)
		return -EINVAL;
	if (namespaces && strcmp(obj->kind, "Namespace") == 0 && strcmp(obj->api_version, "v1") == 0)
		return collect_namespace(s, obj);
	if (is_template(obj)) {
		const char *k = vg_node_str(vg_node_path(obj->root, "spec.crd.spec.names.kind"));
		if (k && vg_gk_kind_supported(k))
			return note_at(report, obj, NULL,
				       "gatekeeper: ConstraintTemplate %s: its rego is not executed; "
				       "vigil evaluates kind %s natively", obj->name, k);
		return note_at(report, obj, NULL,
			       "gatekeeper: ConstraintTemplate %s: its rego is not executed and vigil "
			       "does not implement kind %s; its constraints are not evaluated",
			       obj->name, k ? k : "(none)");
	}
	if (!is_constraint(obj))
		return 0;

	struct gk_constraint c;
	memset(&c, 0, sizeof(c));
	c.kind = gk_kind_find(obj->kind);
	c.kind_name = obj->kind;
	c.name = obj->name;
	c.file = obj->doc && obj->doc->file ? obj->doc->file : "-";
	c.line = obj->root->line;
	snprintf(c.ref, sizeof(c.ref), "%s/%s", obj->kind, obj->name);
	if (!c.kind) {
		for (size_t i = 0; i < s->unknown; i++)
			if (strcmp(s->unknown_refs[i], c.ref) == 0)
				return 0;
		if (s->unknown == s->unknown_cap) {
			size_t cap = s->unknown_cap ? s->unknown_cap * 2 : 8;
			char **n = realloc(s->unknown_refs, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			s->unknown_refs = n;
			s->unknown_cap = cap;
		}
		if (!(s->unknown_refs[s->unknown] = strdup(c.ref)))
			return -ENOMEM;
		if (!s->unknown++) {
			s->unknown_file = c.file;
			s->unknown_line = c.line;
		}
		return note_at(report, obj, NULL,
			       "gatekeeper: constraint %s: kind %s is not implemented by vigil; "
			       "not evaluated", c.ref, obj->kind);
	}
	c.match = vg_node_path(obj->root, "spec.match");
	if (c.match && c.match->kind != VG_NODE_MAP)
		c.match = NULL;
	c.params = vg_node_path(obj->root, "spec.parameters");
	if (c.params && c.params->kind == VG_NODE_NULL)
		c.params = NULL;
	int r = parse_action(obj, c.ref, &c.action, report);
	if (r < 0)
		return r;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->c[i].ref, c.ref) == 0) {
			s->c[i] = c; /* one object per kind and name: the last definition wins */
			return 0;
		}
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct gk_constraint *n = realloc(s->c, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		s->c = n;
		s->cap = cap;
	}
	s->c[s->n++] = c;
	return 0;
}

int vg_gk_finish(struct vg_gk_set *s, struct vg_report *report)
{
	if (!s || !report)
		return -EINVAL;
	if (!s->unknown)
		return 0;
	char msg[256];
	snprintf(msg, sizeof(msg),
		 "gatekeeper: %zu constraint%s of kinds vigil does not implement %s not evaluated",
		 s->unknown, s->unknown == 1 ? "" : "s", s->unknown == 1 ? "was" : "were");
	return vg_report_add_note(report, s->unknown_file, s->unknown_line, msg);
}

/* ---- match ---------------------------------------------------------------------------- */

bool gk_wildcard_match(const char *w, const char *s)
{
	size_t wl = strlen(w), sl = strlen(s);
	if (wl >= 2 && w[0] == '*' && w[wl - 1] == '*') {
		/* "*x*": contains */
		char sub[256];
		if (wl - 2 >= sizeof(sub))
			return false;
		memcpy(sub, w + 1, wl - 2);
		sub[wl - 2] = '\0';
		return strstr(s, sub) != NULL;
	}
	if (wl >= 1 && w[0] == '*')
		return sl >= wl - 1 && strcmp(s + sl - (wl - 1), w + 1) == 0;
	if (wl >= 1 && w[wl - 1] == '*')
		return strncmp(s, w, wl - 1) == 0;
	return strcmp(w, s) == 0;
}

static bool seq_has_str(const struct vg_node *seq, const char *s)
{
	for (uint32_t i = 0; seq && seq->kind == VG_NODE_SEQ && i < seq->count; i++)
		if (vg_node_str_eq(seq->items[i], s))
			return true;
	return false;
}

static bool seq_empty(const struct vg_node *seq)
{
	return !seq || seq->kind != VG_NODE_SEQ || seq->count == 0;
}

static bool kinds_match(const struct vg_node *kinds, const struct gk_review *rv)
{
	if (seq_empty(kinds))
		return true;
	for (uint32_t i = 0; i < kinds->count; i++) {
		const struct vg_node *kk = kinds->items[i];
		const struct vg_node *k = vg_node_get(kk, "kinds");
		const struct vg_node *g = vg_node_get(kk, "apiGroups");
		if (!(seq_empty(k) || seq_has_str(k, "*") || seq_has_str(k, rv->kind)))
			continue;
		if (seq_empty(g) || seq_has_str(g, "*") || seq_has_str(g, rv->group))
			return true;
	}
	return false;
}

static bool any_wildcard(const struct vg_node *seq, const char *s)
{
	for (uint32_t i = 0; seq && seq->kind == VG_NODE_SEQ && i < seq->count; i++) {
		const char *w = vg_node_str(seq->items[i]);
		if (w && gk_wildcard_match(w, s))
			return true;
	}
	return false;
}

static const char *label_value(const struct vg_node *labels, const char *key, bool *present)
{
	const struct vg_node *v = vg_node_get(labels, key);
	*present = v != NULL;
	const char *t = vg_node_scalar(v);
	return t ? t : "";
}

/* metav1.LabelSelector: matchLabels AND matchExpressions (In, NotIn, Exists, DoesNotExist).
 * An invalid selector matches nothing (Gatekeeper reports an error). */
static bool selector_matches(const struct vg_node *sel, const struct vg_node *labels)
{
	if (!sel || sel->kind == VG_NODE_NULL)
		return true;
	if (sel->kind != VG_NODE_MAP)
		return false;
	const struct vg_node *ml = vg_node_get(sel, "matchLabels");
	for (uint32_t i = 0; ml && ml->kind == VG_NODE_MAP && i < ml->count; i++) {
		const char *k = vg_node_scalar(ml->pairs[i].key);
		const char *want = vg_node_scalar(ml->pairs[i].value);
		bool present;
		const char *got = label_value(labels, k ? k : "", &present);
		if (!present || !want || strcmp(got, want) != 0)
			return false;
	}
	const struct vg_node *me = vg_node_get(sel, "matchExpressions");
	for (uint32_t i = 0; me && me->kind == VG_NODE_SEQ && i < me->count; i++) {
		const struct vg_node *ex = me->items[i];
		const char *k = vg_node_str(vg_node_get(ex, "key"));
		const char *op = vg_node_str(vg_node_get(ex, "operator"));
		const struct vg_node *vals = vg_node_get(ex, "values");
		if (!k || !op)
			return false;
		bool present;
		const char *got = label_value(labels, k, &present);
		bool in = false;
		for (uint32_t j = 0; vals && vals->kind == VG_NODE_SEQ && j < vals->count; j++) {
			const char *v = vg_node_scalar(vals->items[j]);
			if (v && strcmp(v, got) == 0)
				in = true;
		}
		if (strcmp(op, "In") == 0) {
			if (seq_empty(vals) || !present || !in)
				return false;
		} else if (strcmp(op, "NotIn") == 0) {
			if (seq_empty(vals) || (present && in))
				return false;
		} else if (strcmp(op, "Exists") == 0) {
			if (!present)
				return false;
		} else if (strcmp(op, "DoesNotExist") == 0) {
			if (present)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

static int note_missing_namespace(struct vg_gk_set *s, const struct gk_review *rv,
				  struct vg_report *report)
{
	for (size_t i = 0; i < s->nmissing; i++)
		if (strcmp(s->missing_ns[i], rv->namespace) == 0)
			return 0;
	if (s->nmissing == s->missing_cap) {
		size_t cap = s->missing_cap ? s->missing_cap * 2 : 8;
		char **n = realloc(s->missing_ns, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		s->missing_ns = n;
		s->missing_cap = cap;
	}
	char *d = strdup(rv->namespace);
	if (!d)
		return -ENOMEM;
	s->missing_ns[s->nmissing++] = d;
	return note_at(report, rv->obj, NULL,
		       "gatekeeper: namespace \"%s\" is not in the scanned set; constraints with a "
		       "namespaceSelector do not match its objects (Gatekeeper would read its labels "
		       "from the cluster)", rv->namespace);
}

/* Gatekeeper's Matches(): every criterion present must hold. Sets *ret. */
static int constraint_matches(struct vg_gk_set *s, const struct gk_constraint *c,
			      const struct gk_review *rv, struct vg_report *report, bool *ret)
{
	const struct vg_node *m = c->match;
	bool is_ns = strcmp(rv->kind, "Namespace") == 0 && rv->group[0] == '\0';
	const char *ns = is_ns ? rv->name : rv->namespace;

	*ret = false;
	if (!m) {
		*ret = true;
		return 0;
	}
	if (!kinds_match(vg_node_get(m, "kinds"), rv))
		return 0;
	const char *scope = vg_node_str(vg_node_get(m, "scope"));
	if (scope && strcmp(scope, "Cluster") == 0 && !(is_ns || !rv->namespace))
		return 0;
	if (scope && strcmp(scope, "Namespaced") == 0 && !(!is_ns && rv->namespace))
		return 0;
	const struct vg_node *nss = vg_node_get(m, "namespaces");
	if (!seq_empty(nss) && ns && !any_wildcard(nss, ns))
		return 0;
	const struct vg_node *ex = vg_node_get(m, "excludedNamespaces");
	if (!seq_empty(ex) && ns && any_wildcard(ex, ns))
		return 0;
	if (!selector_matches(vg_node_get(m, "labelSelector"), vg_node_get(rv->metadata, "labels")))
		return 0;
	const struct vg_node *nsel = vg_node_get(m, "namespaceSelector");
	if (nsel && nsel->kind != VG_NODE_NULL) {
		if (is_ns) {
			if (!selector_matches(nsel, vg_node_get(rv->metadata, "labels")))
				return 0;
		} else if (rv->namespace) {
			const struct gk_namespace *found = NULL;
			for (size_t i = 0; i < s->nns; i++)
				if (strcmp(s->ns[i].name, rv->namespace) == 0)
					found = &s->ns[i];
			if (!found)
				return note_missing_namespace(s, rv, report);
			if (!selector_matches(nsel, found->labels))
				return 0;
		}
	}
	const char *name = vg_node_str(vg_node_get(m, "name"));
	if (name && *name && !gk_wildcard_match(name, rv->name))
		return 0;
	*ret = true;
	return 0;
}

/* ---- evaluation and findings ----------------------------------------------------------- */

static const char *const action_names[] = { "deny", "warn", "dryrun" };
static const enum vg_severity action_severity[] = { VG_SEV_HIGH, VG_SEV_MEDIUM, VG_SEV_INFO };

int gk_emit(struct gk_eval *e, const struct vg_node *at, const char *path)
{
	const char *msg = vg_strbuf_str(&e->msg);
	for (size_t i = 0; i < e->nseen; i++)
		if (strcmp(e->seen[i], msg) == 0)
			return 0; /* rego's violation set holds each message once */
	if (e->nseen == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		char **n = realloc(e->seen, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		e->seen = n;
		e->cap = cap;
	}
	char *d = strdup(msg);
	if (!d)
		return -ENOMEM;
	e->seen[e->nseen++] = d;

	const struct gk_review *rv = e->rv;
	const struct vg_k8s_object *obj = rv->obj;
	if (!at)
		at = obj->root;
	struct vg_finding f;
	memset(&f, 0, sizeof(f));
	f.check = e->c->kind->check;
	f.id = f.check->id;
	f.severity = action_severity[e->c->action];
	f.title = f.check->title;
	f.message = msg;
	f.remediation = f.check->remediation;
	f.file = obj->doc ? obj->doc->file : NULL;
	f.line = at->line;
	f.column = at->column;
	f.object.api_version = obj->api_version;
	f.object.kind = obj->kind;
	f.object.namespace = obj->namespace;
	f.object.name = obj->name;
	f.path = path;
	f.nrefs = 2;
	f.refs[0] = (struct vg_ref){ "constraint", e->c->ref };
	f.refs[1] = (struct vg_ref){ "enforcement", action_names[e->c->action] };
	return vg_report_add(e->report, &f);
}

static int eval_one(struct vg_gk_set *s, const struct gk_constraint *c, const struct gk_review *rv,
		    struct vg_report *report)
{
	bool match;
	int r = constraint_matches(s, c, rv, report, &match);
	if (r < 0 || !match)
		return r;
	struct gk_eval e = {
		.c = c, .rv = rv, .params = c->params, .report = report,
		.msg = VG_STRBUF_INIT, .path = VG_STRBUF_INIT,
	};
	r = c->kind->eval(&e);
	for (size_t i = 0; i < e.nseen; i++)
		free(e.seen[i]);
	free(e.seen);
	vg_strbuf_release(&e.msg);
	vg_strbuf_release(&e.path);
	return r;
}

static const char *api_group(const char *api_version, char *buf, size_t cap)
{
	const char *slash = strchr(api_version, '/');
	if (!slash)
		return "";
	size_t n = (size_t)(slash - api_version);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, api_version, n);
	buf[n] = '\0';
	return buf;
}

int vg_gk_check_object(struct vg_gk_set *s, const struct vg_k8s_object *obj,
		       struct vg_report *report)
{
	if (!s || !obj || !report)
		return -EINVAL;
	if (!s->n || is_constraint(obj) || is_template(obj))
		return 0;
	char group[128];
	struct gk_review rv = {
		.obj = obj,
		.kind = obj->kind,
		.group = api_group(obj->api_version, group, sizeof(group)),
		.name = obj->name,
		.namespace = obj->cluster_scoped ? NULL : obj->namespace,
		.metadata = obj->metadata,
		.spec = vg_node_get(obj->root, "spec"),
		.meta_path = "metadata",
		.spec_path = "spec",
	};
	int r = 0;
	for (size_t i = 0; i < s->n && r == 0; i++)
		r = eval_one(s, &s->c[i], &rv, report);
	if (r < 0)
		return r;

	/* a workload controller: admission also sees the Pods its template creates */
	struct vg_pod_view view;
	if (strcmp(obj->kind, "Pod") == 0 || !vg_k8s_pod_view(obj, &view))
		return 0;
	struct gk_review pod = rv;
	pod.kind = "Pod";
	pod.group = "";
	pod.metadata = view.meta;
	pod.spec = view.spec;
	pod.meta_path = view.meta_path;
	pod.spec_path = view.spec_path;
	pod.pod_template = true;
	for (size_t i = 0; i < s->n && r == 0; i++)
		r = eval_one(s, &s->c[i], &pod, report);
	return r;
}

/* ---- rego value formatting -------------------------------------------------------------- */

static int fmt_quoted(struct vg_strbuf *b, const char *s, size_t len)
{
	int r = vg_strbuf_putc(b, '"');
	for (size_t i = 0; r == 0 && i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			r = vg_strbuf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			r = vg_strbuf_puts(b, "\\n");
		else if (ch == '\t')
			r = vg_strbuf_puts(b, "\\t");
		else if (ch < 0x20)
			r = vg_strbuf_printf(b, "\\u%04x", ch);
		else
			r = vg_strbuf_putc(b, (char)ch);
	}
	return r ? r : vg_strbuf_putc(b, '"');
}

static int cmp_pair_key(const void *a, const void *b)
{
	const struct vg_pair *pa = *(const struct vg_pair *const *)a;
	const struct vg_pair *pb = *(const struct vg_pair *const *)b;
	const char *ka = vg_node_scalar(pa->key), *kb = vg_node_scalar(pb->key);
	return strcmp(ka ? ka : "", kb ? kb : "");
}

static int fmt_term(struct vg_strbuf *b, const struct vg_node *n, unsigned depth)
{
	int r = 0;
	if (!n)
		return vg_strbuf_puts(b, "null");
	if (depth > 32)
		return vg_strbuf_puts(b, "...");
	switch (n->kind) {
	case VG_NODE_NULL:
		return vg_strbuf_puts(b, "null");
	case VG_NODE_BOOL:
		return vg_strbuf_puts(b, n->v.b ? "true" : "false");
	case VG_NODE_INT:
	case VG_NODE_FLOAT:
		return vg_strbuf_append(b, n->text, n->len);
	case VG_NODE_STR:
		return depth ? fmt_quoted(b, n->text, n->len) : vg_strbuf_append(b, n->text, n->len);
	case VG_NODE_SEQ:
		r = vg_strbuf_putc(b, '[');
		for (uint32_t i = 0; r == 0 && i < n->count; i++) {
			if (i)
				r = vg_strbuf_puts(b, ", ");
			if (r == 0)
				r = fmt_term(b, n->items[i], depth + 1);
		}
		return r ? r : vg_strbuf_putc(b, ']');
	case VG_NODE_MAP: {
		const struct vg_pair **p = calloc(n->count ? n->count : 1, sizeof(*p));
		if (!p)
			return -ENOMEM;
		for (uint32_t i = 0; i < n->count; i++)
			p[i] = &n->pairs[i];
		qsort(p, n->count, sizeof(*p), cmp_pair_key);
		r = vg_strbuf_putc(b, '{');
		for (uint32_t i = 0; r == 0 && i < n->count; i++) {
			const char *k = vg_node_scalar(p[i]->key);
			if (i)
				r = vg_strbuf_puts(b, ", ");
			if (r == 0)
				r = fmt_quoted(b, k ? k : "", k ? strlen(k) : 0);
			if (r == 0)
				r = vg_strbuf_puts(b, ": ");
			if (r == 0)
				r = fmt_term(b, p[i]->value, depth + 1);
		}
		free(p);
		return r ? r : vg_strbuf_putc(b, '}');
	}
	}
	return 0;
}

int gk_fmt_value(struct vg_strbuf *b, const struct vg_node *n)
{
	return fmt_term(b, n, 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int gk_fmt_set(struct vg_strbuf *b, const char *const *items, size_t n)
{
	const char **s = calloc(n ? n : 1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, items, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_str);
	int r = vg_strbuf_putc(b, '{');
	bool first = true;
	for (size_t i = 0; r == 0 && i < n; i++) {
		if (i && strcmp(s[i], s[i - 1]) == 0)
			continue;
		if (!first)
			r = vg_strbuf_puts(b, ", ");
		first = false;
		if (r == 0)
			r = fmt_quoted(b, s[i], strlen(s[i]));
	}
	free(s);
	return r ? r : vg_strbuf_putc(b, '}');
}

bool gk_truthy(const struct vg_node *n)
{
	/* a null field is absent once the API server has decoded the object */
	return n && n->kind != VG_NODE_NULL && !(n->kind == VG_NODE_BOOL && !n->v.b);
}
