/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config.c - the config file (.vigil.yaml) and ignore files (.vigilignore.yaml), read through
 * the document model so that every error names file:line:column. Strings are copied into the
 * config's arena; the parse trees are freed right after loading.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "vigil/doc.h"
#include "util/banned.h"

int vg_config_new(struct vg_config **ret_cfg)
{
	if (!ret_cfg)
		return -EINVAL;
	struct vg_config *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	vg_arena_init(&c->arena, 0);
	*ret_cfg = c;
	return 0;
}

void vg_config_free(struct vg_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->rules);
	free(cfg->enable);
	free(cfg->disable);
	free(cfg->sev);
	vg_arena_release(&cfg->arena);
	free(cfg);
}

/* ---- loading -------------------------------------------------------------------------- */

struct loader {
	struct vg_config *cfg;
	const char *file;     /* arena copy */
	const char *base_dir; /* arena copy */
	struct vg_diag *diag;
};

static int fail(struct loader *l, const struct vg_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct loader *l, const struct vg_node *at, const char *fmt, ...)
{
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->diag)
		vg_diag_set(l->diag, VG_DIAG_SEMANTIC, l->file, at ? at->line : 0,
			    at ? at->column : 0, "%s", msg);
	return -EBADMSG;
}

/* A scalar's text copied into the arena; anything else is an error naming @what. */
static int scalar(struct loader *l, const struct vg_node *n, const char *what, const char **ret)
{
	const char *t = vg_node_scalar(n);
	if (!t || n->kind == VG_NODE_NULL)
		return fail(l, n, "%s must be a string, not a %s", what,
			    vg_node_kind_name(n ? n->kind : VG_NODE_NULL));
	if (strlen(t) != n->len)
		return fail(l, n, "%s contains a NUL byte", what);
	if (!(*ret = vg_arena_strdup(&l->cfg->arena, t)))
		return -ENOMEM;
	return 0;
}

static int want_map(struct loader *l, const struct vg_node *n, const char *what)
{
	if (!n || n->kind != VG_NODE_MAP)
		return fail(l, n, "%s must be a map, not a %s", what,
			    vg_node_kind_name(n ? n->kind : VG_NODE_NULL));
	return 0;
}

static int want_seq(struct loader *l, const struct vg_node *n, const char *what)
{
	if (!n || n->kind != VG_NODE_SEQ)
		return fail(l, n, "%s must be a sequence, not a %s", what,
			    vg_node_kind_name(n ? n->kind : VG_NODE_NULL));
	return 0;
}

static bool key_is(const struct vg_pair *p, const char *k)
{
	return p->key && p->key->kind == VG_NODE_STR && strcmp(p->key->text, k) == 0;
}

static const char *key_text(const struct vg_pair *p)
{
	const char *t = vg_node_scalar(p->key);
	return t ? t : "?";
}

bool vg_config_is_family(const char *name)
{
	for (size_t i = 0; i < vg_check_count(); i++) {
		const struct vg_check_info *c = vg_check_at(i);
		if (c->family && strcmp(c->family, name) == 0)
			return true;
	}
	return false;
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 8;
	void *p = realloc(*arr, nc * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = nc;
	return 0;
}

/* One ignore entry: {id, path, object, expires, reason}. */
static int load_rule(struct loader *l, const struct vg_node *n, enum vg_suppression source)
{
	struct vg_suppression_rule rule = { 0 };
	int r;
	if ((r = want_map(l, n, "an ignore entry")) < 0)
		return r;
	rule.source = source;
	rule.file = l->file;
	rule.base_dir = l->base_dir;
	rule.line = n->line;
	rule.column = n->column;
	const struct vg_node *id_node = NULL, *reason_node = NULL;
	for (uint32_t i = 0; i < n->count; i++) {
		const struct vg_pair *p = &n->pairs[i];
		if (key_is(p, "id")) {
			if ((r = scalar(l, p->value, "id", &rule.id)) < 0)
				return r;
			if (!vg_check_id_known(rule.id))
				return fail(l, p->value, "unknown check ID '%s' (vigil checks list shows them)",
					    rule.id);
			id_node = p->value;
		} else if (key_is(p, "path")) {
			if ((r = scalar(l, p->value, "path", &rule.path)) < 0)
				return r;
			if (!*rule.path)
				return fail(l, p->value, "path must not be empty (leave it out to match every file)");
		} else if (key_is(p, "object")) {
			if ((r = scalar(l, p->value, "object", &rule.object)) < 0)
				return r;
			const char *s1 = strchr(rule.object, '/');
			const char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
			if (!s1 || s1 == rule.object || !s1[1] || s1[1] == '/' ||
			    (s2 && (!s2[1] || strchr(s2 + 1, '/'))))
				return fail(l, p->value,
					    "object '%s' must be Kind/name or Kind/namespace/name",
					    rule.object);
		} else if (key_is(p, "expires")) {
			const char *t;
			if ((r = scalar(l, p->value, "expires", &t)) < 0)
				return r;
			if (vg_date_parse(t, &rule.expires) < 0)
				return fail(l, p->value, "expires '%s' is not a date (use YYYY-MM-DD)", t);
		} else if (key_is(p, "reason")) {
			if ((r = scalar(l, p->value, "reason", &rule.reason)) < 0)
				return r;
			reason_node = p->value;
		} else {
			return fail(l, p->key,
				    "unknown key '%s' in an ignore entry (use id, path, object, expires, reason)",
				    key_text(p));
		}
	}
	if (!id_node)
		return fail(l, n, "ignore entry without an id");
	const char *re = rule.reason;
	while (re && (*re == ' ' || *re == '\t'))
		re++;
	if (!re || !*re)
		return fail(l, reason_node ? reason_node : n,
			    "ignore entry for %s needs a reason", rule.id);
	struct vg_config *c = l->cfg;
	if ((r = grow((void **)&c->rules, &c->caprules, c->nrules, sizeof(*c->rules))) < 0)
		return r;
	c->rules[c->nrules++] = rule;
	return 0;
}

static int load_rules(struct loader *l, const struct vg_node *seq, enum vg_suppression source,
		      const char *what)
{
	int r;
	if ((r = want_seq(l, seq, what)) < 0)
		return r;
	for (uint32_t i = 0; i < seq->count; i++)
		if ((r = load_rule(l, seq->items[i], source)) < 0)
			return r;
	return 0;
}

/* checks.enable / checks.disable: check IDs (or globs) and family names. */
static int load_selection(struct loader *l, const struct vg_node *seq, const char *what,
			  struct vg_cfg_sel **arr, size_t *n)
{
	int r;
	if ((r = want_seq(l, seq, what)) < 0)
		return r;
	free(*arr);
	*arr = NULL;
	*n = 0;
	if (seq->count == 0)
		return 0;
	if (!(*arr = calloc(seq->count, sizeof(**arr))))
		return -ENOMEM;
	for (uint32_t i = 0; i < seq->count; i++) {
		const char *t;
		if ((r = scalar(l, seq->items[i], what, &t)) < 0)
			return r;
		bool family = vg_config_is_family(t);
		if (!family && !vg_check_id_known(t))
			return fail(l, seq->items[i],
				    "unknown check ID or family '%s' in %s (vigil checks list shows them)",
				    t, what);
		(*arr)[(*n)++] = (struct vg_cfg_sel){ t, family };
	}
	return 0;
}

static int load_checks(struct loader *l, const struct vg_node *n)
{
	int r;
	if ((r = want_map(l, n, "checks")) < 0)
		return r;
	struct vg_config *c = l->cfg;
	for (uint32_t i = 0; i < n->count; i++) {
		const struct vg_pair *p = &n->pairs[i];
		if (key_is(p, "enable")) {
			if ((r = load_selection(l, p->value, "checks.enable", &c->enable, &c->nenable)) < 0)
				return r;
			c->has_enable = true;
		} else if (key_is(p, "disable")) {
			if ((r = load_selection(l, p->value, "checks.disable", &c->disable,
						&c->ndisable)) < 0)
				return r;
		} else {
			return fail(l, p->key, "unknown key '%s' in checks (use enable, disable)",
				    key_text(p));
		}
	}
	return 0;
}

static int load_severity(struct loader *l, const struct vg_node *n)
{
	int r;
	if ((r = want_map(l, n, "severity")) < 0)
		return r;
	struct vg_config *c = l->cfg;
	free(c->sev);
	c->sev = NULL;
	c->nsev = 0;
	if (n->count == 0)
		return 0;
	if (!(c->sev = calloc(n->count, sizeof(*c->sev))))
		return -ENOMEM;
	for (uint32_t i = 0; i < n->count; i++) {
		const struct vg_pair *p = &n->pairs[i];
		struct vg_cfg_sev s;
		const char *t;
		if ((r = scalar(l, p->key, "a check ID", &s.id)) < 0)
			return r;
		if (!vg_check_id_known(s.id))
			return fail(l, p->key, "unknown check ID '%s' in severity (vigil checks list shows them)",
				    s.id);
		if ((r = scalar(l, p->value, "a severity", &t)) < 0)
			return r;
		if (vg_severity_parse(t, &s.severity) < 0)
			return fail(l, p->value,
				    "unknown severity '%s' (use critical, high, medium, low, info)", t);
		c->sev[c->nsev++] = s;
	}
	return 0;
}

static int load_pss(struct loader *l, const struct vg_node *n)
{
	struct vg_config *c = l->cfg;
	struct vg_pss_policy p = { .level = VG_PSS_RESTRICTED, .minor = VG_PSS_LATEST };
	const char *t;
	int r;
	if (n && n->kind == VG_NODE_STR) {
		/* the --pss form: LEVEL[:VERSION] */
		if (vg_pss_parse_policy(n->text, &p) < 0)
			return fail(l, n, "invalid pss '%s' (use LEVEL[:VERSION], e.g. baseline:v1.29)",
				    n->text);
	} else {
		if ((r = want_map(l, n, "pss")) < 0)
			return r;
		for (uint32_t i = 0; i < n->count; i++) {
			const struct vg_pair *pr = &n->pairs[i];
			if (key_is(pr, "level")) {
				if ((r = scalar(l, pr->value, "pss.level", &t)) < 0)
					return r;
				if (vg_pss_parse_level(t, &p.level) < 0)
					return fail(l, pr->value,
						    "unknown pss.level '%s' (use privileged, baseline, restricted)",
						    t);
			} else if (key_is(pr, "version")) {
				if ((r = scalar(l, pr->value, "pss.version", &t)) < 0)
					return r;
				if (vg_pss_parse_version(t, &p.minor) < 0)
					return fail(l, pr->value,
						    "unknown pss.version '%s' (use v1.0 to v1.37, or latest)", t);
			} else {
				return fail(l, pr->key, "unknown key '%s' in pss (use level, version)",
					    key_text(pr));
			}
		}
	}
	c->pss = p;
	c->has_pss = true;
	return 0;
}

/* "1.29", "v1.29", "1.29.3". */
static bool k8s_version_ok(const char *s)
{
	if (*s == 'v')
		s++;
	if (s[0] != '1' || s[1] != '.')
		return false;
	s += 2;
	for (int part = 0; part < 2; part++) {
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
		if (*s != '.')
			break;
		s++;
	}
	return *s == '\0';
}

static int load_config_root(struct loader *l, const struct vg_node *root)
{
	struct vg_config *c = l->cfg;
	const char *t;
	int r;
	if (root->kind == VG_NODE_NULL)
		return 0;
	if ((r = want_map(l, root, "the config file")) < 0)
		return r;
	for (uint32_t i = 0; i < root->count; i++) {
		const struct vg_pair *p = &root->pairs[i];
		if (key_is(p, "checks")) {
			r = load_checks(l, p->value);
		} else if (key_is(p, "severity")) {
			r = load_severity(l, p->value);
		} else if (key_is(p, "pss")) {
			r = load_pss(l, p->value);
		} else if (key_is(p, "k8s-version")) {
			if ((r = scalar(l, p->value, "k8s-version", &t)) == 0) {
				if (!k8s_version_ok(t))
					r = fail(l, p->value,
						 "k8s-version takes a Kubernetes version such as \"1.29\", not '%s'",
						 t);
				c->k8s_version = t;
			}
		} else if (key_is(p, "fail-on")) {
			if ((r = scalar(l, p->value, "fail-on", &t)) == 0) {
				if (vg_severity_parse(t, &c->fail_on) < 0)
					r = fail(l, p->value,
						 "unknown severity '%s' for fail-on (use critical, high, medium, low, info)",
						 t);
				c->has_fail_on = true;
			}
		} else if (key_is(p, "ignore")) {
			r = load_rules(l, p->value, VG_SUPPRESSION_CONFIG, "ignore");
		} else {
			r = fail(l, p->key,
				 "unknown key '%s' (use checks, severity, pss, k8s-version, fail-on, ignore)",
				 key_text(p));
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static int load(struct vg_config *cfg, const char *file, const char *buf, size_t len,
		struct vg_diag *diag, bool config)
{
	if (!cfg || (!buf && len))
		return -EINVAL;
	if (config && cfg->loaded)
		return -EINVAL;
	if (!file)
		file = "<config>";
	struct loader l = { .cfg = cfg, .diag = diag };
	if (diag)
		vg_diag_clear(diag);
	if (!(l.file = vg_arena_strdup(&cfg->arena, file)))
		return -ENOMEM;
	const char *slash = strrchr(file, '/');
	l.base_dir = slash ? vg_arena_strndup(&cfg->arena, file, slash == file ? 1 : (size_t)(slash - file))
			   : ".";
	if (!l.base_dir)
		return -ENOMEM;

	struct vg_docset *set = NULL;
	struct vg_diag pd;
	int r = vg_docset_parse(file, buf ? buf : "", len, VG_SYNTAX_AUTO, NULL, &set, &pd);
	if (r == -EBADMSG || r == -EFBIG) {
		if (diag)
			*diag = pd;
		vg_docset_free(set);
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	size_t nd = vg_docset_count(set);
	if (nd > 1) {
		r = fail(&l, vg_docset_get(set, 1)->root, "%s must be a single YAML document",
			 config ? "the config file" : "an ignore file");
	} else if (nd == 1) {
		const struct vg_node *root = vg_docset_get(set, 0)->root;
		if (config)
			r = load_config_root(&l, root);
		else if (root->kind != VG_NODE_NULL)
			r = load_rules(&l, root, VG_SUPPRESSION_IGNORE_FILE, "an ignore file");
	}
	if (r == 0 && config)
		cfg->loaded = true;
	vg_docset_free(set);
	return r;
}

int vg_config_load(struct vg_config *cfg, const char *file, const char *buf, size_t len,
		   struct vg_diag *ret_diag)
{
	return load(cfg, file, buf, len, ret_diag, true);
}

int vg_config_load_ignore(struct vg_config *cfg, const char *file, const char *buf, size_t len,
			  struct vg_diag *ret_diag)
{
	return load(cfg, file, buf, len, ret_diag, false);
}

/* ---- reading -------------------------------------------------------------------------- */

bool vg_config_pss(const struct vg_config *cfg, struct vg_pss_policy *ret_policy)
{
	if (!cfg || !cfg->has_pss)
		return false;
	if (ret_policy)
		*ret_policy = cfg->pss;
	return true;
}

const char *vg_config_k8s_version(const struct vg_config *cfg)
{
	return cfg ? cfg->k8s_version : NULL;
}

bool vg_config_fail_on(const struct vg_config *cfg, enum vg_severity *ret)
{
	if (!cfg || !cfg->has_fail_on)
		return false;
	if (ret)
		*ret = cfg->fail_on;
	return true;
}

/* Does selection item @s name @family, or (@id non-NULL) the check @id of @family? */
static bool sel_match(const struct vg_cfg_sel *s, const char *id, const char *family)
{
	if (s->family)
		return family && strcmp(s->pattern, family) == 0;
	return id && vg_check_id_match(s->pattern, id);
}

bool vg_config_family_enabled(const struct vg_config *cfg, const char *family, bool use_enable)
{
	if (!cfg || !family)
		return true;
	for (size_t i = 0; i < cfg->ndisable; i++)
		if (cfg->disable[i].family && strcmp(cfg->disable[i].pattern, family) == 0)
			return false;
	if (!use_enable || !cfg->has_enable)
		return true;
	for (size_t i = 0; i < cfg->nenable; i++) {
		const struct vg_cfg_sel *s = &cfg->enable[i];
		if (s->family) {
			if (strcmp(s->pattern, family) == 0)
				return true;
			continue;
		}
		for (size_t k = 0; k < vg_check_count(); k++) {
			const struct vg_check_info *c = vg_check_at(k);
			if (c->family && strcmp(c->family, family) == 0 &&
			    vg_check_id_match(s->pattern, c->id))
				return true;
		}
	}
	return false;
}

bool vg_config_check_enabled(const struct vg_config *cfg, const char *id, const char *family,
			     bool use_enable)
{
	for (size_t i = 0; i < cfg->ndisable; i++)
		if (sel_match(&cfg->disable[i], id, family))
			return false;
	if (!use_enable || !cfg->has_enable)
		return true;
	for (size_t i = 0; i < cfg->nenable; i++)
		if (sel_match(&cfg->enable[i], id, family))
			return true;
	return false;
}

size_t vg_config_rule_count(const struct vg_config *cfg)
{
	return cfg ? cfg->nrules : 0;
}

const struct vg_suppression_rule *vg_config_rule_at(const struct vg_config *cfg, size_t i)
{
	if (!cfg || i >= cfg->nrules)
		return NULL;
	return &cfg->rules[i];
}
