/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yaml.c - YAML front end: libyaml's event parser feeding the tree builder.
 *
 * We use events rather than yaml_parser_load() so that every limit (depth, nodes, alias
 * expansion, scalar size) is enforced while parsing, before memory is spent, and so that an
 * alias shares its anchored node instead of being copied.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "doc/doc_internal.h"
#include "util/banned.h"

struct anchor {
	const char *name;
	struct vg_node *node;
	uint64_t size;
};

struct yaml_state {
	struct vg_builder *b;
	struct anchor *anchors;
	size_t nanchors, cap;
	/* anchor names of the open collections, parallel to the builder's frames */
	char **open_anchors;
	size_t nopen, open_cap;
};

static int add_anchor(struct yaml_state *st, const char *name, struct vg_node *n, uint64_t size)
{
	if (st->nanchors == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 16;
		struct anchor *a = realloc(st->anchors, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		st->anchors = a;
		st->cap = cap;
	}
	const char *copy = vg_arena_strdup(&st->b->set->arena, name);
	if (!copy)
		return -ENOMEM;
	st->anchors[st->nanchors++] = (struct anchor){ copy, n, size };
	return 0;
}

static const struct anchor *find_anchor(const struct yaml_state *st, const char *name)
{
	for (size_t i = st->nanchors; i-- > 0;) /* the latest definition wins */
		if (strcmp(st->anchors[i].name, name) == 0)
			return &st->anchors[i];
	return NULL;
}

static int push_open_anchor(struct yaml_state *st, const yaml_char_t *anchor)
{
	if (st->nopen == st->open_cap) {
		size_t cap = st->open_cap ? st->open_cap * 2 : 32;
		char **a = realloc(st->open_anchors, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		st->open_anchors = a;
		st->open_cap = cap;
	}
	char *copy = NULL;
	if (anchor) {
		copy = strdup((const char *)anchor);
		if (!copy)
			return -ENOMEM;
	}
	st->open_anchors[st->nopen++] = copy;
	return 0;
}

static void clear_open_anchors(struct yaml_state *st)
{
	while (st->nopen)
		free(st->open_anchors[--st->nopen]);
}

static int node_errno(void)
{
	return errno == EFBIG ? -EFBIG : -ENOMEM;
}

static bool tag_is(const yaml_char_t *tag, const char *suffix)
{
	static const char prefix[] = "tag:yaml.org,2002:";
	if (!tag)
		return false;
	const char *t = (const char *)tag;
	return strncmp(t, prefix, sizeof(prefix) - 1) == 0 && strcmp(t + sizeof(prefix) - 1, suffix) == 0;
}

static int on_scalar(struct yaml_state *st, const yaml_event_t *ev)
{
	struct vg_builder *b = st->b;
	uint32_t line = (uint32_t)ev->start_mark.line + 1, col = (uint32_t)ev->start_mark.column + 1;
	size_t len = ev->data.scalar.length;
	if (len > b->limits->max_scalar_len) {
		vg_diag_set(b->diag, VG_DIAG_LIMIT, b->set->file, line, col,
			    "scalar of %zu bytes, over the limit of %zu (max_scalar_len)", len,
			    b->limits->max_scalar_len);
		return -EFBIG;
	}
	struct vg_node *n = vg_builder_node(b, VG_NODE_STR, line, col);
	if (!n)
		return node_errno();
	char *text = vg_arena_strndup(&b->set->arena, (const char *)ev->data.scalar.value, len);
	if (!text)
		return -ENOMEM;
	n->text = text;
	n->len = len;
	const yaml_char_t *tag = ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->quoted = !plain;
	if (tag && strcmp((const char *)tag, "!") != 0) {
		/* explicit standard tags decide; unknown tags fall back to the style */
		if (tag_is(tag, "str")) {
			n->kind = VG_NODE_STR;
		} else if (tag_is(tag, "null") || tag_is(tag, "bool") || tag_is(tag, "int") ||
			   tag_is(tag, "float")) {
			vg_doc_resolve_plain(n);
		} else if (plain) {
			vg_doc_resolve_plain(n);
		}
	} else if (plain && !tag) {
		vg_doc_resolve_plain(n);
	}
	int r = vg_builder_add(b, n, 1);
	if (r == 0 && ev->data.scalar.anchor)
		r = add_anchor(st, (const char *)ev->data.scalar.anchor, n, 1);
	return r;
}

static int on_alias(struct yaml_state *st, const yaml_event_t *ev)
{
	struct vg_builder *b = st->b;
	uint32_t line = (uint32_t)ev->start_mark.line + 1, col = (uint32_t)ev->start_mark.column + 1;
	const struct anchor *a = find_anchor(st, (const char *)ev->data.alias.anchor);
	if (!a) {
		vg_diag_set(b->diag, VG_DIAG_SEMANTIC, b->set->file, line, col,
			    "alias '*%s' refers to an unknown anchor", (const char *)ev->data.alias.anchor);
		return -EBADMSG;
	}
	return vg_builder_add_alias(b, a->node, a->size, line, col);
}

static int on_start(struct yaml_state *st, const yaml_event_t *ev, enum vg_node_kind kind,
		    const yaml_char_t *anchor)
{
	struct vg_node *n = vg_builder_node(st->b, kind, (uint32_t)ev->start_mark.line + 1,
					    (uint32_t)ev->start_mark.column + 1);
	if (!n)
		return node_errno();
	int r = vg_builder_open(st->b, n);
	if (r < 0)
		return r;
	return push_open_anchor(st, anchor);
}

static int on_end(struct yaml_state *st)
{
	struct vg_node *n;
	uint64_t size;
	int r = vg_builder_close(st->b, &n, &size);
	if (r < 0)
		return r;
	char *anchor = st->open_anchors[--st->nopen];
	if (anchor) {
		r = add_anchor(st, anchor, n, size);
		free(anchor);
	}
	return r;
}

static void syntax_error(struct vg_builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "malformed YAML";
	uint32_t line = (uint32_t)p->problem_mark.line + 1;
	uint32_t col = (uint32_t)p->problem_mark.column + 1;
	if (p->context)
		vg_diag_set(b->diag, VG_DIAG_SYNTAX, b->set->file, line, col, "%s %s", p->context,
			    problem);
	else
		vg_diag_set(b->diag, VG_DIAG_SYNTAX, b->set->file, line, col, "%s", problem);
}

int vg_yaml_parse(struct vg_builder *b, const char *buf, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	struct yaml_state st = { .b = b };
	int r = 0;
	bool done = false;
	while (!done && r == 0) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				r = -ENOMEM;
			} else {
				syntax_error(b, &parser);
				r = -EBADMSG;
			}
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			vg_builder_reset(b);
			st.nanchors = 0; /* anchors are per document */
			break;
		case YAML_DOCUMENT_END_EVENT:
			r = vg_builder_end_document(b);
			break;
		case YAML_SCALAR_EVENT:
			r = on_scalar(&st, &ev);
			break;
		case YAML_ALIAS_EVENT:
			r = on_alias(&st, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			r = on_start(&st, &ev, VG_NODE_SEQ, ev.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_START_EVENT:
			r = on_start(&st, &ev, VG_NODE_MAP, ev.data.mapping_start.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			r = on_end(&st);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	clear_open_anchors(&st);
	free(st.open_anchors);
	free(st.anchors);
	yaml_parser_delete(&parser);
	return r;
}
