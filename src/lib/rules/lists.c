/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lists.c - Falco's textual list substitution (falcosecurity/falco
 * userspace/engine/rule_loader_compiler.cpp resolve_list), reproduced step for step including
 * its cursor arithmetic, so that conditions whose text depends on it (list names inside other
 * values, empty lists next to commas) come out the same.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

struct text {
	char *s;
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_delim(char c)
{
	return is_blank(c) || c == '(' || c == ')' || c == ',' || c == '=';
}

/* std::string::find(name, from) */
static size_t find(const struct text *t, const struct vg_str *name, size_t from)
{
	if (name->len == 0 || from > t->len || t->len - from < name->len)
		return SIZE_MAX;
	for (size_t i = from; i + name->len <= t->len; i++)
		if (t->s[i] == name->ptr[0] && memcmp(t->s + i, name->ptr, name->len) == 0)
			return i;
	return SIZE_MAX;
}

/* quote_item: items with a space that do not start with a quote are wrapped in "" */
static bool needs_quotes(const struct vg_str *it)
{
	return it->len > 0 && memchr(it->ptr, ' ', it->len) && it->ptr[0] != '"' &&
	       it->ptr[0] != '\'';
}

static size_t sub_len(const struct vg_cond_list *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			n += 2;
		n += l->items[i].len + (needs_quotes(&l->items[i]) ? 2 : 0);
	}
	return n;
}

static char *put(char *p, const char *s, size_t n)
{
	if (n)
		memcpy(p, s, n);
	return p + n;
}

/* One list over the whole text; returns 1 when used, 0 when not, < 0 on error. */
static int resolve_list(struct text *t, const struct vg_cond_list *l, size_t max_len)
{
	int used = 0;
	size_t slen = sub_len(l);
	size_t start = find(t, &l->name, 0);
	while (start != SIZE_MAX) {
		size_t end = start + l->name.len;
		if ((start == 0 || is_delim(t->s[start - 1])) &&
		    (end >= t->len || is_delim(t->s[end]))) {
			while (start > 0 && is_blank(t->s[start - 1]))
				start--;
			while (end < t->len && is_blank(t->s[end]))
				end++;
			if (slen == 0) {
				if (start > 0 && t->s[start - 1] == ',')
					start--;
				else if (end < t->len && t->s[end] == ',')
					end++;
			}
			size_t tail = end <= t->len ? t->len - end : 0;
			size_t nlen = (start > 0 ? start + 1 : 0) + slen + 1 + tail;
			if (max_len && nlen > max_len)
				return -EFBIG;
			char *ns = malloc(nlen + 1);
			if (!ns)
				return -ENOMEM;
			char *p = ns;
			if (start > 0) {
				p = put(p, t->s, start);
				*p++ = ' ';
			}
			for (size_t i = 0; i < l->count; i++) {
				if (i)
					p = put(p, ", ", 2);
				bool q = needs_quotes(&l->items[i]);
				if (q)
					*p++ = '"';
				p = put(p, l->items[i].ptr, l->items[i].len);
				if (q)
					*p++ = '"';
			}
			*p++ = ' ';
			p = put(p, t->s + end, tail);
			*p = '\0';
			free(t->s);
			t->s = ns;
			t->len = nlen;
			start += slen + 1;
			used = 1;
		}
		start = find(t, &l->name, start + 1);
	}
	return used;
}

int vg_cond_subst_lists(const char *text, size_t len, const struct vg_cond_list *lists,
			size_t nlists, size_t max_len, bool *ret_used, char **ret_text,
			size_t *ret_len)
{
	if ((!text && len) || !ret_text || (nlists && !lists))
		return -EINVAL;
	if (max_len && len > max_len)
		return -EFBIG;
	struct text t = { malloc(len + 1), len };
	bool *used = nlists ? calloc(nlists, sizeof(*used)) : NULL;
	if (!t.s || (nlists && !used)) {
		free(t.s);
		free(used);
		return -ENOMEM;
	}
	if (len)
		memcpy(t.s, text, len);
	t.s[len] = '\0';
	for (size_t i = 0; i < nlists; i++) {
		int r = resolve_list(&t, &lists[i], max_len);
		if (r < 0) {
			free(t.s);
			free(used);
			return r;
		}
		used[i] = r > 0;
	}
	if (ret_used && nlists)
		memcpy(ret_used, used, nlists * sizeof(*used));
	free(used);
	*ret_text = t.s;
	if (ret_len)
		*ret_len = t.len;
	return 0;
}
