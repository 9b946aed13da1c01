/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c - a strict RFC 8259 JSON front end feeding the tree builder.
 *
 * Hand-written so that every node gets its line and column (jansson does not keep them) and so
 * that the limits apply while parsing. Numbers without fraction or exponent that fit int64 are
 * INT, other numbers FLOAT. Strings are validated UTF-8; \u escapes (with surrogate pairs)
 * become UTF-8. One value per input; a UTF-8 BOM is skipped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct jp {
	struct vg_builder *b;
	const unsigned char *p, *end;
	uint32_t line, col;
	struct vg_strbuf sb;
};

static int fail(struct jp *j, const char *msg)
{
	vg_diag_set(j->b->diag, VG_DIAG_SYNTAX, j->b->set->file, j->line, j->col, "%s", msg);
	return -EBADMSG;
}

static void advance(struct jp *j)
{
	if (*j->p == '\n') {
		j->line++;
		j->col = 1;
	} else if ((*j->p & 0xC0) != 0x80) {
		j->col++; /* count characters, not continuation bytes */
	}
	j->p++;
}

static void skip_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		advance(j);
}

static int hex4(struct jp *j, uint32_t *ret)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		if (j->p >= j->end)
			return fail(j, "unterminated \\u escape");
		unsigned c = *j->p;
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return fail(j, "invalid hex digit in \\u escape");
		v = v * 16 + d;
		advance(j);
	}
	*ret = v;
	return 0;
}

static int put_utf8(struct vg_strbuf *sb, uint32_t cp)
{
	char o[4];
	size_t n;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return vg_strbuf_append(sb, o, n);
}

/* Length of the valid UTF-8 sequence at p (1..4), 0 when invalid. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	uint32_t min;
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0) {
		n = 2;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	uint32_t cp = c & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Parse a string at j->p (on the opening quote) into j->sb. */
static int parse_string(struct jp *j)
{
	vg_strbuf_reset(&j->sb);
	advance(j); /* opening quote */
	for (;;) {
		if (j->p >= j->end)
			return fail(j, "unterminated string");
		unsigned c = *j->p;
		int r;
		if (c == '"') {
			advance(j);
			return 0;
		}
		if (c < 0x20)
			return fail(j, "control character in string");
		if (c == '\\') {
			advance(j);
			if (j->p >= j->end)
				return fail(j, "unterminated string");
			char e = (char)*j->p;
			char out;
			switch (e) {
			case '"': out = '"'; break;
			case '\\': out = '\\'; break;
			case '/': out = '/'; break;
			case 'b': out = '\b'; break;
			case 'f': out = '\f'; break;
			case 'n': out = '\n'; break;
			case 'r': out = '\r'; break;
			case 't': out = '\t'; break;
			case 'u': {
				advance(j);
				uint32_t cp, lo;
				if ((r = hex4(j, &cp)) < 0)
					return r;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
						return fail(j, "unpaired surrogate in \\u escape");
					advance(j);
					advance(j);
					if ((r = hex4(j, &lo)) < 0)
						return r;
					if (lo < 0xDC00 || lo > 0xDFFF)
						return fail(j, "unpaired surrogate in \\u escape");
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					return fail(j, "unpaired surrogate in \\u escape");
				}
				r = put_utf8(&j->sb, cp);
				if (r < 0)
					goto toolong;
				continue;
			}
			default:
				return fail(j, "invalid escape in string");
			}
			advance(j);
			r = vg_strbuf_putc(&j->sb, out);
			if (r < 0)
				goto toolong;
			continue;
		}
		size_t n = utf8_len(j->p, j->end);
		if (!n)
			return fail(j, "invalid UTF-8 in string");
		r = vg_strbuf_append(&j->sb, (const char *)j->p, n);
		if (r < 0)
			goto toolong;
		for (size_t i = 0; i < n; i++)
			advance(j);
	}
toolong:
	if (j->sb.max && j->sb.len + 4 > j->sb.max) {
		vg_diag_set(j->b->diag, VG_DIAG_LIMIT, j->b->set->file, j->line, j->col,
			    "string longer than %zu bytes (max_scalar_len)", j->sb.max);
		return -EFBIG;
	}
	return -ENOMEM;
}

static int node_errno(void)
{
	return errno == EFBIG ? -EFBIG : -ENOMEM;
}

static int scalar(struct jp *j, enum vg_node_kind kind, uint32_t line, uint32_t col,
		  const char *text, size_t len, bool quoted, struct vg_node **ret)
{
	struct vg_node *n = vg_builder_node(j->b, kind, line, col);
	if (!n)
		return node_errno();
	char *t = vg_arena_strndup(&j->b->set->arena, text, len);
	if (!t)
		return -ENOMEM;
	n->text = t;
	n->len = len;
	n->quoted = quoted;
	*ret = n;
	return vg_builder_add(j->b, n, 1);
}

static int parse_number(struct jp *j, uint32_t line, uint32_t col)
{
	const unsigned char *s = j->p;
	bool is_float = false;
	if (j->p < j->end && *j->p == '-')
		advance(j);
	if (j->p >= j->end)
		return fail(j, "invalid number");
	if (*j->p == '0') {
		advance(j);
	} else if (*j->p >= '1' && *j->p <= '9') {
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			advance(j);
	} else {
		return fail(j, "invalid number");
	}
	if (j->p < j->end && *j->p == '.') {
		is_float = true;
		advance(j);
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return fail(j, "invalid number: digit expected after '.'");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			advance(j);
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		is_float = true;
		advance(j);
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			advance(j);
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return fail(j, "invalid number: digit expected in exponent");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			advance(j);
	}
	size_t len = (size_t)(j->p - s);
	if (len > 64)
		return fail(j, "number too long");
	struct vg_node *n;
	int r = scalar(j, VG_NODE_FLOAT, line, col, (const char *)s, len, false, &n);
	if (r < 0)
		return r;
	char *end;
	if (!is_float) {
		errno = 0;
		long long v = strtoll(n->text, &end, 10);
		if (errno == 0 && *end == '\0') {
			n->kind = VG_NODE_INT;
			n->v.i = v;
			return 0;
		}
	}
	n->v.f = strtod(n->text, &end);
	return 0;
}

static bool literal(struct jp *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return false;
	for (size_t i = 0; i < n; i++)
		advance(j);
	return true;
}

static int parse_value(struct jp *j)
{
	/* Iterative over containers: the builder keeps the stack, we keep what each open
	 * container expects next. */
	enum { EXPECT_VALUE, AFTER_VALUE } state = EXPECT_VALUE;
	int r;
	for (;;) {
		skip_ws(j);
		struct vg_build_frame *top = j->b->nframes ? &j->b->frames[j->b->nframes - 1] : NULL;
		if (state == AFTER_VALUE) {
			if (!top)
				return 0;
			if (j->p >= j->end)
				return fail(j, top->node->kind == VG_NODE_MAP ? "unterminated object"
									       : "unterminated array");
			char c = (char)*j->p;
			if (c == ',') {
				advance(j);
				skip_ws(j);
				if (top->node->kind == VG_NODE_MAP) {
					if (j->p >= j->end || *j->p != '"')
						return fail(j, "object key (a string) expected");
					goto key;
				}
				state = EXPECT_VALUE;
				continue;
			}
			if ((c == '}' && top->node->kind == VG_NODE_MAP) ||
			    (c == ']' && top->node->kind == VG_NODE_SEQ)) {
				advance(j);
				if ((r = vg_builder_close(j->b, NULL, NULL)) < 0)
					return r;
				continue;
			}
			return fail(j, top->node->kind == VG_NODE_MAP ? "',' or '}' expected"
								       : "',' or ']' expected");
		}
		/* EXPECT_VALUE */
		if (j->p >= j->end)
			return fail(j, "unexpected end of input, value expected");
		uint32_t line = j->line, col = j->col;
		struct vg_node *n;
		switch (*j->p) {
		case '{':
		case '[': {
			bool obj = *j->p == '{';
			n = vg_builder_node(j->b, obj ? VG_NODE_MAP : VG_NODE_SEQ, line, col);
			if (!n)
				return node_errno();
			if ((r = vg_builder_open(j->b, n)) < 0)
				return r;
			advance(j);
			skip_ws(j);
			if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
				advance(j);
				if ((r = vg_builder_close(j->b, NULL, NULL)) < 0)
					return r;
				state = AFTER_VALUE;
				continue;
			}
			if (obj) {
				if (j->p >= j->end || *j->p != '"')
					return fail(j, "object key (a string) expected");
				goto key;
			}
			continue;
		}
		case '"':
			if ((r = parse_string(j)) < 0)
				return r;
			if ((r = scalar(j, VG_NODE_STR, line, col, vg_strbuf_str(&j->sb), j->sb.len,
					true, &n)) < 0)
				return r;
			break;
		case 't':
		case 'f':
		case 'n':
			if (literal(j, "true") || literal(j, "false")) {
				bool v = *(j->p - 1) == 'e' && *(j->p - 2) == 'u';
				if ((r = scalar(j, VG_NODE_BOOL, line, col, v ? "true" : "false",
						v ? 4 : 5, false, &n)) < 0)
					return r;
				n->v.b = v;
			} else if (literal(j, "null")) {
				if ((r = scalar(j, VG_NODE_NULL, line, col, "null", 4, false, &n)) < 0)
					return r;
			} else {
				return fail(j, "invalid literal");
			}
			break;
		default:
			if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
				if ((r = parse_number(j, line, col)) < 0)
					return r;
				break;
			}
			return fail(j, "unexpected character, value expected");
		}
		state = AFTER_VALUE;
		continue;
key:
		/* at a key's opening quote inside an object */
		{
			uint32_t kl = j->line, kc = j->col;
			if ((r = parse_string(j)) < 0)
				return r;
			if ((r = scalar(j, VG_NODE_STR, kl, kc, vg_strbuf_str(&j->sb), j->sb.len, true,
					&n)) < 0)
				return r;
			skip_ws(j);
			if (j->p >= j->end || *j->p != ':')
				return fail(j, "':' expected after object key");
			advance(j);
			state = EXPECT_VALUE;
		}
	}
}

int vg_json_parse(struct vg_builder *b, const char *buf, size_t len)
{
	struct jp j = { .b = b, .p = (const unsigned char *)buf, .end = (const unsigned char *)buf + len,
			.line = 1, .col = 1 };
	vg_strbuf_init(&j.sb, b->limits->max_scalar_len);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		j.p += 3;
	int r = parse_value(&j);
	if (r == 0) {
		skip_ws(&j);
		if (j.p < j.end)
			r = fail(&j, "unexpected content after the JSON value");
	}
	if (r == 0)
		r = vg_builder_end_document(b);
	vg_strbuf_release(&j.sb);
	return r;
}
