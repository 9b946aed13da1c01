/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_loader.h - a deliberately small rules-file loader for tests and the benchmark:
 * reads a Falco rules file with the YAML tree, expands nested lists, substitutes lists textually
 * (vg_cond_subst_lists), parses macros, and compiles macros (with Falco's visibility: only
 * earlier macros) and rules (all macros). No overrides, appends or exceptions: the official
 * files use none. Independent of cmocka: functions return 0 or -1 with a message.
 */
#ifndef VG_TEST_COND_LOADER_H
#define VG_TEST_COND_LOADER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/doc.h"
#include "vigil/rules.h"

#define MINI_MAX 512

struct mini_list {
	char *name;
	struct vg_str *items;
	size_t count;
};

struct mini_macro {
	char *name;
	char *cond;
	struct vg_cond_ast *ast;
	size_t index; /* definition order */
};

struct mini_rule {
	char *name;
	char *cond;
	char *output;
	char *priority;
	enum vg_source source;
	bool enabled;
	struct vg_cond *compiled;
};

struct mini_loader {
	struct vg_docset *set;
	char *text;
	struct mini_list lists[MINI_MAX];
	size_t nlists;
	struct mini_macro macros[MINI_MAX];
	size_t nmacros;
	struct mini_rule rules[MINI_MAX];
	size_t nrules;
	size_t visibility; /* macros with index < visibility are visible */
	size_t unresolved; /* macro lookups that failed */
	char err[1024];
};

static inline char *mini_read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*ret_len = (size_t)n;
	}
	return buf;
}

static inline const struct mini_list *mini_find_list(const struct mini_loader *l,
						     const char *name, size_t len)
{
	for (size_t i = 0; i < l->nlists; i++)
		if (strlen(l->lists[i].name) == len && memcmp(l->lists[i].name, name, len) == 0)
			return &l->lists[i];
	return NULL;
}

static inline const struct vg_ast *mini_lookup(void *user, const char *name, size_t len)
{
	struct mini_loader *l = user;
	for (size_t i = l->nmacros; i-- > 0;) {
		const struct mini_macro *m = &l->macros[i];
		if (m->index < l->visibility && strlen(m->name) == len &&
		    memcmp(m->name, name, len) == 0)
			return m->ast ? vg_cond_ast_root(m->ast) : NULL;
	}
	l->unresolved++;
	return NULL;
}

static inline char *mini_subst(struct mini_loader *l, const char *cond)
{
	struct vg_cond_list *lists = calloc(l->nlists + 1, sizeof(*lists));
	char *out = NULL;
	if (!lists)
		return NULL;
	for (size_t i = 0; i < l->nlists; i++) {
		lists[i].name = vg_str_c(l->lists[i].name);
		lists[i].items = l->lists[i].items;
		lists[i].count = l->lists[i].count;
	}
	if (vg_cond_subst_lists(cond, strlen(cond), lists, l->nlists, 0, NULL, &out, NULL))
		out = NULL;
	free(lists);
	return out;
}

static inline char *mini_strdup(const char *s)
{
	return strdup(s ? s : "");
}

static inline int mini_load(struct mini_loader *l, const char *path, enum vg_source dflt)
{
	size_t len = 0;
	memset(l, 0, sizeof(*l));
	l->text = mini_read_file(path, &len);
	if (!l->text) {
		snprintf(l->err, sizeof(l->err), "cannot read %.900s", path);
		return -1;
	}
	struct vg_diag d;
	if (vg_docset_parse(path, l->text, len, VG_SYNTAX_YAML, NULL, &l->set, &d)) {
		snprintf(l->err, sizeof(l->err), "%.300s:%u:%u: %.500s", d.file, d.line, d.column,
			 d.message);
		return -1;
	}
	size_t order = 0;
	for (size_t di = 0; di < vg_docset_count(l->set); di++) {
		const struct vg_node *root = vg_docset_get(l->set, di)->root;
		if (root->kind != VG_NODE_SEQ)
			continue;
		for (uint32_t i = 0; i < root->count; i++) {
			const struct vg_node *it = root->items[i];
			const char *name;
			if ((name = vg_node_str(vg_node_get(it, "list")))) {
				struct mini_list *ml = &l->lists[l->nlists++];
				const struct vg_node *items = vg_node_get(it, "items");
				ml->name = mini_strdup(name);
				size_t cap = (items ? items->count : 0) + 1;
				for (uint32_t k = 0; items && k < items->count; k++) {
					const char *v = vg_node_scalar(items->items[k]);
					const struct mini_list *ref =
						v ? mini_find_list(l, v, strlen(v)) : NULL;
					if (ref && ref != ml)
						cap += ref->count;
				}
				ml->items = calloc(cap, sizeof(*ml->items));
				for (uint32_t k = 0; items && k < items->count; k++) {
					const char *v = vg_node_scalar(items->items[k]);
					const struct mini_list *ref =
						v ? mini_find_list(l, v, strlen(v)) : NULL;
					if (ref && ref != ml) { /* nested list, defined earlier */
						for (size_t j = 0; j < ref->count; j++)
							ml->items[ml->count++] = ref->items[j];
					} else if (v) {
						ml->items[ml->count++] = vg_str_c(v);
					}
				}
			} else if ((name = vg_node_str(vg_node_get(it, "macro")))) {
				struct mini_macro *mm = &l->macros[l->nmacros++];
				mm->name = mini_strdup(name);
				mm->cond = mini_strdup(vg_node_scalar(vg_node_get(it, "condition")));
				mm->index = order++;
			} else if ((name = vg_node_str(vg_node_get(it, "rule")))) {
				struct mini_rule *rr = &l->rules[l->nrules++];
				rr->name = mini_strdup(name);
				rr->cond = mini_strdup(vg_node_scalar(vg_node_get(it, "condition")));
				rr->output = mini_strdup(vg_node_scalar(vg_node_get(it, "output")));
				rr->priority = mini_strdup(vg_node_scalar(vg_node_get(it, "priority")));
				const char *src = vg_node_str(vg_node_get(it, "source"));
				rr->source = src ? vg_source_from_name(src, (size_t)-1) : dflt;
				rr->enabled = !vg_node_is_false(vg_node_get(it, "enabled"));
			}
		}
	}
	for (size_t i = 0; i < l->nmacros; i++) {
		char *text = mini_subst(l, l->macros[i].cond);
		if (!text)
			return -1;
		int r = vg_cond_parse(text, strlen(text), NULL, &l->macros[i].ast, &d);
		if (r)
			snprintf(l->err, sizeof(l->err), "macro %.100s: %u:%u: %.500s",
				 l->macros[i].name, d.line, d.column, d.message);
		free(text);
		if (r)
			return -1;
	}
	return 0;
}

/* Compile every macro (alone, for @macro_source) and every rule into rules[i].compiled. */
static inline int mini_compile(struct mini_loader *l, enum vg_source macro_source)
{
	struct vg_diag d;
	for (size_t i = 0; i < l->nmacros; i++) {
		struct vg_cond_compile_opts o = { .source = macro_source,
						  .macro_lookup = mini_lookup,
						  .macro_user = l };
		struct vg_cond *c = NULL;
		l->visibility = l->macros[i].index;
		if (vg_cond_compile(vg_cond_ast_root(l->macros[i].ast), &o, &c, &d)) {
			snprintf(l->err, sizeof(l->err), "macro %.100s: %u:%u: %.500s",
				 l->macros[i].name, d.line, d.column, d.message);
			return -1;
		}
		vg_cond_unref(c);
	}
	l->visibility = SIZE_MAX;
	for (size_t i = 0; i < l->nrules; i++) {
		struct mini_rule *rr = &l->rules[i];
		char *text = mini_subst(l, rr->cond);
		if (!text)
			return -1;
		struct vg_cond_compile_opts o = { .source = rr->source,
						  .macro_lookup = mini_lookup,
						  .macro_user = l };
		int r = vg_cond_compile_text(text, strlen(text), &o, &rr->compiled, &d);
		if (r)
			snprintf(l->err, sizeof(l->err), "rule %.100s: %u:%u: %.300s\n%.500s",
				 rr->name, d.line, d.column, d.message, text);
		free(text);
		if (r)
			return -1;
	}
	return 0;
}

static inline void mini_unload(struct mini_loader *l)
{
	for (size_t i = 0; i < l->nlists; i++) {
		free(l->lists[i].name);
		free(l->lists[i].items);
	}
	for (size_t i = 0; i < l->nmacros; i++) {
		free(l->macros[i].name);
		free(l->macros[i].cond);
		vg_cond_ast_free(l->macros[i].ast);
	}
	for (size_t i = 0; i < l->nrules; i++) {
		free(l->rules[i].name);
		free(l->rules[i].cond);
		free(l->rules[i].output);
		free(l->rules[i].priority);
		vg_cond_unref(l->rules[i].compiled);
	}
	vg_docset_free(l->set);
	free(l->text);
}

#endif
