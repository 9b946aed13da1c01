/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loader_collect.c - the collector (Falco's rule_loader_collector.cpp): one namespace of lists,
 * macros and rules across files. Every define/append/replace takes the next index; a redefined
 * item keeps its position (index) and gets a new visibility; appends and replaces only move the
 * visibility. Exceptions are validated against the rule's source here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules/loader_internal.h"
#include "util/banned.h"

#define ERROR_NO_PREVIOUS_MACRO                                                                \
	"Macro uses 'append' or 'override.condition: append' but no macro by that name already " \
	"exists"
#define ERROR_NO_PREVIOUS_LIST                                                                 \
	"List uses 'append' or 'override.items: append' but no list by that name already exists"
#define ERROR_NO_PREVIOUS_RULE_APPEND                                                          \
	"Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"
#define ERROR_NO_PREVIOUS_RULE_REPLACE                                                         \
	"An 'override.<key>: replace' to a rule was requested but no rule by that name already " \
	"exists"

static int verr(struct ld_state *st, const struct ld_ctx *ctx, const char *msg)
{
	return ld_msg(st, true, LD_ERR_VALIDATE, ctx, "%s", msg);
}

static struct ld_list *find_list(struct ld_state *st, const char *name)
{
	for (size_t i = 0; i < st->nlists; i++)
		if (strcmp(st->lists[i].name, name) == 0)
			return &st->lists[i];
	return NULL;
}

static struct ld_macro *find_macro(struct ld_state *st, const char *name)
{
	for (size_t i = 0; i < st->nmacros; i++)
		if (strcmp(st->macros[i].name, name) == 0)
			return &st->macros[i];
	return NULL;
}

struct ld_rule *ld_find_rule(struct ld_state *st, const char *name)
{
	for (size_t i = 0; i < st->nrules; i++)
		if (strcmp(st->rules[i].name, name) == 0)
			return &st->rules[i];
	return NULL;
}

int ld_define_list(struct ld_state *st, struct ld_list *l)
{
	uint32_t id = st->cur_index++;
	struct ld_list *prev = find_list(st, l->name);
	if (prev) {
		l->index = prev->index;
		l->visibility = id;
		*prev = *l;
		return 0;
	}
	struct ld_list *v = ld_grow(st->lists, &st->caplists, st->nlists, sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->lists = v;
	l->index = l->visibility = id;
	st->lists[st->nlists++] = *l;
	return 0;
}

int ld_append_list(struct ld_state *st, struct ld_list *l)
{
	struct ld_list *prev = find_list(st, l->name);
	if (!prev)
		return verr(st, &l->ctx, ERROR_NO_PREVIOUS_LIST);
	const char **items = vg_arena_calloc(&st->arena, prev->n + l->n + 1, sizeof(*items));
	if (!items)
		return -ENOMEM;
	if (prev->n)
		memcpy(items, prev->items, prev->n * sizeof(*items));
	if (l->n)
		memcpy(items + prev->n, l->items, l->n * sizeof(*items));
	prev->items = items;
	prev->n += l->n;
	prev->visibility = st->cur_index++;
	return 0;
}

int ld_define_macro(struct ld_state *st, struct ld_macro *m)
{
	uint32_t id = st->cur_index++;
	struct ld_macro *prev = find_macro(st, m->name);
	if (prev) {
		m->index = prev->index;
		m->visibility = id;
		*prev = *m;
		return 0;
	}
	struct ld_macro *v = ld_grow(st->macros, &st->capmacros, st->nmacros, sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->macros = v;
	m->index = m->visibility = id;
	st->macros[st->nmacros++] = *m;
	return 0;
}

int ld_append_macro(struct ld_state *st, struct ld_macro *m)
{
	struct ld_macro *prev = find_macro(st, m->name);
	if (!prev)
		return verr(st, &m->ctx, ERROR_NO_PREVIOUS_MACRO);
	const char *c = vg_arena_printf(&st->arena, "%s %s", prev->cond, m->cond);
	if (!c)
		return -ENOMEM;
	prev->cond = c;
	prev->visibility = st->cur_index++;
	return 0;
}

static bool comp_defined(const char *op)
{
	enum vg_op o;
	enum vg_opmod mod;
	/* Falco's parser::supported_operators() plus "op modifier" (libs 0.25) */
	return vg_op_parse(op, strlen(op), &o, &mod);
}

static bool field_defined(enum vg_source src, const char *f)
{
	struct vg_field_ref ref;
	size_t used = 0;
	struct vg_diag d;
	if (vg_field_parse(src, f, strlen(f), &ref, &used, &d))
		return false;
	return used == strlen(f);
}

static int validate_exception(struct ld_state *st, enum vg_source src, struct ld_exception *ex)
{
	if (ex->fields.is_list) {
		if (!ex->comps.valid) {
			ex->comps.valid = ex->comps.is_list = true;
			ex->comps.items = vg_arena_calloc(&st->arena, ex->fields.n + 1,
							  sizeof(*ex->comps.items));
			if (!ex->comps.items)
				return -ENOMEM;
			ex->comps.n = ex->fields.n;
			for (size_t i = 0; i < ex->fields.n; i++)
				ex->comps.items[i] = (struct ld_entry){ .valid = true, .item = "=" };
		}
		if (ex->fields.n != ex->comps.n)
			return verr(st, &ex->ctx, "Fields and comps lists must have equal length");
		for (size_t i = 0; i < ex->comps.n; i++) {
			const char *c = ex->comps.items[i].item ? ex->comps.items[i].item : "";
			if (!comp_defined(c))
				return ld_msg(st, true, LD_ERR_VALIDATE, &ex->ctx,
					      "'%s' is not a supported comparison operator", c);
		}
		for (size_t i = 0; src != VG_SOURCE_NONE && i < ex->fields.n; i++) {
			const char *f = ex->fields.items[i].item ? ex->fields.items[i].item : "";
			if (!field_defined(src, f))
				return ld_msg(st, true, LD_ERR_VALIDATE, &ex->ctx,
					      "'%s' is not a supported filter field", f);
		}
		return 0;
	}
	if (!ex->comps.valid) {
		ex->comps.valid = true;
		ex->comps.item = "in";
	}
	if (ex->comps.is_list)
		return verr(st, &ex->ctx, "Fields and comps must both be strings");
	const char *c = ex->comps.item;
	if (strcmp(c, "in") && strcmp(c, "pmatch") && strcmp(c, "intersects"))
		return verr(st, &ex->ctx,
			    "When fields is a single value, comps must be one of (in, pmatch, "
			    "intersects)");
	if (src != VG_SOURCE_NONE && !field_defined(src, ex->fields.item))
		return ld_msg(st, true, LD_ERR_VALIDATE, &ex->ctx,
			      "'%s' is not a supported filter field", ex->fields.item);
	return 0;
}

static enum vg_source known_source(const char *s)
{
	return vg_source_from_name(s, (size_t)-1);
}

int ld_define_rule(struct ld_state *st, struct ld_rule *r)
{
	struct ld_rule *prev = ld_find_rule(st, r->name);
	if (prev && strcmp(prev->source, r->source) != 0)
		return verr(st, &r->ctx, "Rule has been re-defined with a different source");
	enum vg_source src = known_source(r->source);
	if (src == VG_SOURCE_NONE) {
		r->unknown_source = true;
		int rc = ld_msg(st, false, "LOAD_UNKNOWN_SOURCE", &r->ctx,
				"Unknown source %s, skipping", r->source);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < r->nexc; i++) {
		if (!r->exc[i].fields.valid)
			return verr(st, &r->exc[i].ctx,
				    "Rule exception item must have fields property with a list of "
				    "fields");
		int rc = validate_exception(st, src, &r->exc[i]);
		if (rc)
			return rc;
	}
	uint32_t id = st->cur_index++;
	if (prev) {
		r->index = prev->index;
		r->visibility = id;
		*prev = *r;
		return 0;
	}
	struct ld_rule *v = ld_grow(st->rules, &st->caprules, st->nrules, sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->rules = v;
	r->index = r->visibility = id;
	st->rules[st->nrules++] = *r;
	return 0;
}

static bool update_has_any(const struct ld_update *u)
{
	return u->has_cond || u->has_output || u->has_desc || u->has_tags || u->has_exc ||
	       u->has_priority || u->has_enabled || u->has_warn || u->has_skip ||
	       u->has_capture || u->has_capture_duration;
}

static const char *cat(struct ld_state *st, const char *a, const char *b)
{
	return vg_arena_printf(&st->arena, "%s %s", a ? a : "", b);
}

static int merge_tags(struct ld_state *st, struct ld_rule *prev, const char **tags, size_t n,
		      bool replace)
{
	size_t base = replace ? 0 : prev->ntags;
	const char **t = vg_arena_calloc(&st->arena, base + n + 1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (base)
		memcpy(t, prev->tags, base * sizeof(*t));
	size_t k = base;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < k; j++)
			dup |= strcmp(t[j], tags[i]) == 0;
		if (!dup)
			t[k++] = tags[i];
	}
	/* keep std::set order */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && strcmp(t[j - 1], t[j]) > 0; j--) {
			const char *x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	prev->tags = t;
	prev->ntags = k;
	return 0;
}

int ld_append_rule(struct ld_state *st, struct ld_update *u)
{
	struct ld_rule *prev = ld_find_rule(st, u->name);
	if (!prev)
		return verr(st, &u->ctx, ERROR_NO_PREVIOUS_RULE_APPEND);
	if (!update_has_any(u))
		return verr(st, &u->ctx, "Appended rule must have exceptions or condition property");
	enum vg_source src = prev->unknown_source ? VG_SOURCE_NONE : known_source(prev->source);
	if (u->has_cond && u->cond && *u->cond && !(prev->cond = cat(st, prev->cond, u->cond)))
		return -ENOMEM;
	if (u->has_output && u->output && *u->output &&
	    !(prev->output = cat(st, prev->output, u->output)))
		return -ENOMEM;
	if (u->has_desc && u->desc && *u->desc && !(prev->desc = cat(st, prev->desc, u->desc)))
		return -ENOMEM;
	if (u->has_tags) {
		int rc = merge_tags(st, prev, u->tags, u->ntags, false);
		if (rc)
			return rc;
	}
	if (u->has_exc) {
		struct ld_exception *ex = vg_arena_calloc(&st->arena, prev->nexc + u->nexc + 1,
							  sizeof(*ex));
		if (!ex)
			return -ENOMEM;
		if (prev->nexc)
			memcpy(ex, prev->exc, prev->nexc * sizeof(*ex));
		size_t n = prev->nexc;
		for (size_t i = 0; i < u->nexc; i++) {
			struct ld_exception *e = &u->exc[i], *pe = NULL;
			for (size_t k = 0; k < n; k++)
				if (strcmp(ex[k].name, e->name) == 0)
					pe = &ex[k];
			if (!pe) {
				if (!e->fields.valid)
					return verr(st, &e->ctx,
						    "Rule exception must have fields property with a "
						    "list of fields");
				if (!e->nvalues)
					return verr(st, &e->ctx,
						    "Rule exception must have values property with a "
						    "list of values");
				int rc = validate_exception(st, src, e);
				if (rc)
					return rc;
				ex[n++] = *e;
			} else {
				if (e->fields.valid)
					return verr(st, &e->ctx,
						    "Can not append exception fields to existing "
						    "exception, only values");
				if (e->comps.valid)
					return verr(st, &e->ctx,
						    "Can not append exception comps to existing "
						    "exception, only values");
				struct ld_entry *v = vg_arena_calloc(
					&st->arena, pe->nvalues + e->nvalues + 1, sizeof(*v));
				if (!v)
					return -ENOMEM;
				if (pe->nvalues)
					memcpy(v, pe->values, pe->nvalues * sizeof(*v));
				if (e->nvalues)
					memcpy(v + pe->nvalues, e->values, e->nvalues * sizeof(*v));
				pe->values = v;
				pe->nvalues += e->nvalues;
			}
		}
		prev->exc = ex;
		prev->nexc = n;
	}
	prev->visibility = st->cur_index++;
	return 0;
}

int ld_replace_rule(struct ld_state *st, struct ld_update *u)
{
	struct ld_rule *prev = ld_find_rule(st, u->name);
	if (!prev)
		return verr(st, &u->ctx, ERROR_NO_PREVIOUS_RULE_REPLACE);
	if (!update_has_any(u))
		return verr(st, &u->ctx, "The rule must have at least one field that can be replaced");
	if (u->has_cond)
		prev->cond = u->cond;
	if (u->has_output)
		prev->output = u->output;
	if (u->has_desc)
		prev->desc = u->desc;
	if (u->has_tags) {
		int rc = merge_tags(st, prev, u->tags, u->ntags, true);
		if (rc)
			return rc;
	}
	if (u->has_exc) {
		prev->exc = u->exc;
		prev->nexc = u->nexc;
	}
	if (u->has_priority)
		prev->priority = u->priority;
	if (u->has_enabled)
		prev->enabled = u->enabled;
	if (u->has_warn)
		prev->warn_evttypes = u->warn_evttypes;
	if (u->has_skip)
		prev->skip_unknown = u->skip_unknown;
	if (u->has_capture)
		prev->capture = u->capture;
	if (u->has_capture_duration)
		prev->capture_duration = u->capture_duration;
	prev->visibility = st->cur_index++;
	return 0;
}

int ld_enable_rule(struct ld_state *st, const char *name, bool enabled, const struct ld_ctx *ctx)
{
	struct ld_rule *prev = ld_find_rule(st, name);
	if (!prev)
		return verr(st, ctx, "Rule has 'enabled' key but no rule by that name already exists");
	prev->enabled = enabled;
	return 0;
}

int ld_define_engine_version(struct ld_state *st, const unsigned v[3], const char *text,
			     const struct ld_ctx *ctx)
{
	unsigned have[3];
	(void)text;
	if (!ld_semver_parse(VG_RULES_ENGINE_VERSION, have))
		return -EINVAL;
	if (!ld_semver_compatible(have, v))
		return ld_msg(st, true, LD_ERR_VALIDATE, ctx,
			      "Rules require engine version %u.%u.%u, but engine version is %s",
			      v[0], v[1], v[2], VG_RULES_ENGINE_VERSION);
	return 0;
}

int ld_define_plugin_req(struct ld_state *st, struct ld_plugin_reqs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		unsigned v[3];
		if (!ld_semver_parse(r->alt[i].version, v))
			return ld_msg(st, true, LD_ERR_VALIDATE, &r->ctx,
				      "Invalid required version '%s' for plugin '%s'",
				      r->alt[i].version, r->alt[i].name);
		for (size_t k = 0; k < i; k++)
			if (strcmp(r->alt[k].name, r->alt[i].name) == 0)
				return ld_msg(st, true, LD_ERR_VALIDATE, &r->ctx,
					      "Defined multiple alternative version requirements "
					      "for plugin '%s'",
					      r->alt[i].name);
	}
	struct ld_plugin_reqs *v = ld_grow(st->preqs, &st->cappreqs, st->npreqs, sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->preqs = v;
	st->preqs[st->npreqs++] = *r;
	return 0;
}

static const struct {
	const char *name, *version;
} provided[] = {
	{ "container", VG_RULES_PLUGIN_CONTAINER_VERSION },
	{ "k8saudit", VG_RULES_PLUGIN_K8SAUDIT_VERSION },
	{ "json", VG_RULES_PLUGIN_JSON_VERSION },
};

/* Falco's check_plugin_requirements(), run after each file's load (falco -V does the same). */
int ld_check_plugins(struct ld_state *st)
{
	int ret = 0;
	for (size_t i = 0; i < st->npreqs; i++) {
		const struct ld_plugin_reqs *r = &st->preqs[i];
		bool ok = false, found = false;
		const char *bad = NULL, *badv = NULL, *want = NULL;
		for (size_t a = 0; a < r->n && !found; a++) {
			for (size_t p = 0; p < sizeof(provided) / sizeof(provided[0]); p++) {
				if (strcmp(provided[p].name, r->alt[a].name) != 0)
					continue;
				unsigned have[3], w[3];
				found = true;
				ok = ld_semver_parse(provided[p].version, have) &&
				     ld_semver_parse(r->alt[a].version, w) &&
				     ld_semver_compatible(have, w);
				bad = provided[p].name;
				badv = provided[p].version;
				want = r->alt[a].version;
				break;
			}
		}
		if (ok)
			continue;
		int rc;
		if (found)
			rc = ld_msg(st, true, LD_ERR_VALIDATE, &r->ctx,
				    "Plugin '%s' version '%s' is not compatible with required plugin "
				    "version '%s'",
				    bad, badv, want);
		else
			rc = ld_msg(st, true, LD_ERR_VALIDATE, &r->ctx,
				    "Plugin '%s' required by this ruleset is not loaded",
				    r->alt[0].name);
		if (rc == -ENOMEM)
			return rc;
		ret = rc;
	}
	/* requirements are checked once, by the load that declared them */
	st->npreqs = 0;
	return ret;
}
