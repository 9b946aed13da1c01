/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parser.c - the condition lexer and recursive-descent parser (grammar in vigil/rules.h).
 *
 * It follows libs' userspace/libsinsp/filter/parser.cpp function by function, so that what is
 * accepted, the error messages, the position reported with an error (where the lexer stopped)
 * and the recursion depth at which "exceeded max depth limit of N" fires are the same. It knows
 * no fields: it builds an AST of struct vg_ast in the arena of a struct vg_cond_ast.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "rules/rules_internal.h"
#include "util/banned.h"

struct parser {
	const char *s;
	size_t len;
	struct vg_ast_pos pos;
	uint32_t depth, max_depth;
	uint32_t max_nodes, max_list_items;
	struct vg_cond_ast *out;
	char last[128]; /* the last token (for "unexpected token after 'X'") */
	int err;        /* 0, or the errno of the first error */
	struct vg_diag *diag;
};

static const char *const s_num_ops[] = { "<=", "<", ">=", ">" };
/* a trailing space: the operator needs a blank after it */
static const char *const s_str_ops[] = { "==", "=", "!=", "glob ", "iglob ", "contains ",
					 "icontains ", "bcontains ", "startswith ",
					 "bstartswith ", "endswith ", "regex " };
static const char *const s_list_ops[] = { "intersects", "in", "pmatch" };
static const char *const s_transformers[] = { "tolower(", "toupper(", "b64(",  "basename(",
					      "len(",     "join(",    "concat(", "getopt(" };
static const char s_supported_ops[] =
	"'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', "
	"'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', "
	"'intersects', 'in', 'pmatch'";
static const char s_supported_tr[] = "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', "
				     "'join', 'concat', 'getopt'";

/* ---- errors ------------------------------------------------------------------------------- */

static void *fail(struct parser *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void *fail(struct parser *p, int code, const char *fmt, ...)
{
	if (p->err)
		return NULL;
	p->err = code;
	if (p->diag) {
		char msg[VG_DIAG_MSG_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		vg_diag_set(p->diag, code == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_SYNTAX, NULL,
			    p->pos.line, p->pos.col, "%s", msg);
	}
	return NULL;
}

/* Forget an error (libs' try/catch around the first element of a list). */
static void unfail(struct parser *p)
{
	p->err = 0;
	if (p->diag)
		vg_diag_clear(p->diag);
}

static bool depth_push(struct parser *p)
{
	p->depth++;
	if (p->depth >= p->max_depth) {
		fail(p, -EFBIG, "exceeded max depth limit of %u", p->max_depth);
		return false;
	}
	return true;
}

/* ---- lexing ------------------------------------------------------------------------------- */

static inline bool at_end(const struct parser *p)
{
	return p->pos.offset >= p->len;
}

static inline char cur(const struct parser *p)
{
	return at_end(p) ? '\0' : p->s[p->pos.offset];
}

static void advance(struct parser *p, size_t n)
{
	for (size_t i = 0; i < n && p->pos.offset < p->len; i++) {
		char c = p->s[p->pos.offset];
		p->pos.col++;
		if (c == '\r' || c == '\n') {
			p->pos.col = 1;
			p->pos.line++;
		}
		p->pos.offset++;
	}
}

static void set_last(struct parser *p, const char *s, size_t n)
{
	if (n >= sizeof(p->last))
		n = sizeof(p->last) - 1;
	memcpy(p->last, s, n);
	p->last[n] = '\0';
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
}

/* POSIX [[:space:]] */
static inline bool is_space_class(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static inline bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_ident_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

static bool lex_blank(struct parser *p)
{
	bool found = false;
	while (!at_end(p) && is_blank(cur(p))) {
		found = true;
		advance(p, 1);
	}
	return found;
}

/* Accept the literal @lit at the cursor. */
static bool lex_str(struct parser *p, const char *lit)
{
	size_t n = strlen(lit);
	if (p->len - p->pos.offset < n || memcmp(p->s + p->pos.offset, lit, n) != 0)
		return false;
	set_last(p, lit, n);
	advance(p, n);
	return true;
}

/* Length of [a-zA-Z]+[a-zA-Z0-9_]* at offset @o (0 when none). */
static size_t ident_len_at(const struct parser *p, size_t o)
{
	size_t i = o;
	if (i >= p->len || !is_alpha(p->s[i]))
		return 0;
	while (i < p->len && is_alpha(p->s[i]))
		i++;
	while (i < p->len && is_ident_char(p->s[i]))
		i++;
	return i - o;
}

static bool lex_identifier(struct parser *p)
{
	size_t n = ident_len_at(p, p->pos.offset);
	if (!n)
		return false;
	set_last(p, p->s + p->pos.offset, n);
	advance(p, n);
	return true;
}

static bool lex_field_name(struct parser *p)
{
	size_t o = p->pos.offset;
	size_t n = ident_len_at(p, o);
	if (!n)
		return false;
	size_t end = o + n;
	bool dotted = false;
	while (end < p->len && p->s[end] == '.') {
		size_t k = ident_len_at(p, end + 1);
		if (!k)
			break;
		end += 1 + k;
		dotted = true;
	}
	if (!dotted)
		return false;
	set_last(p, p->s + o, end - o);
	advance(p, end - o);
	return true;
}

static bool lex_field_arg_bare(struct parser *p)
{
	size_t o = p->pos.offset, i = o;
	while (i < p->len) {
		char c = p->s[i];
		if (c == ']' || c == '[' || c == '"' || c == '\'' || is_space_class(c))
			break;
		i++;
	}
	if (i == o)
		return false;
	set_last(p, p->s + o, i - o);
	advance(p, i - o);
	return true;
}

static bool lex_hex_num(struct parser *p)
{
	size_t o = p->pos.offset, i = o;
	if (i + 1 >= p->len || p->s[i] != '0' || (p->s[i + 1] != 'x' && p->s[i + 1] != 'X'))
		return false;
	i += 2;
	size_t start = i;
	while (i < p->len && ((p->s[i] >= '0' && p->s[i] <= '9') ||
			      (p->s[i] >= 'a' && p->s[i] <= 'f') ||
			      (p->s[i] >= 'A' && p->s[i] <= 'F')))
		i++;
	if (i == start)
		return false;
	set_last(p, p->s + o, i - o);
	advance(p, i - o);
	return true;
}

/* [+-]?[0-9]+[.]?[0-9]*([eE][+-][0-9]+)? (longest match) */
static bool lex_num(struct parser *p)
{
	size_t o = p->pos.offset, i = o;
	if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
		i++;
	size_t d = i;
	while (i < p->len && is_digit(p->s[i]))
		i++;
	if (i == d)
		return false;
	if (i < p->len && p->s[i] == '.')
		i++;
	while (i < p->len && is_digit(p->s[i]))
		i++;
	if (i + 2 < p->len && (p->s[i] == 'e' || p->s[i] == 'E') &&
	    (p->s[i + 1] == '+' || p->s[i + 1] == '-') && is_digit(p->s[i + 2])) {
		i += 2;
		while (i < p->len && is_digit(p->s[i]))
			i++;
	}
	set_last(p, p->s + o, i - o);
	advance(p, i - o);
	return true;
}

static bool lex_bare_str(struct parser *p)
{
	size_t o = p->pos.offset, i = o;
	while (i < p->len) {
		char c = p->s[i];
		if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' ||
		    is_space_class(c))
			break;
		i++;
	}
	if (i == o)
		return false;
	set_last(p, p->s + o, i - o);
	advance(p, i - o);
	return true;
}

/*
 * libs' escaping.cpp unescape_str over the token [q0, q1] including both quotes. Returns the
 * unescaped length written to @out, or -1 with an error set.
 */
static ssize_t unescape(struct parser *p, const char *tok, size_t n, char *out)
{
	char delim = tok[0];
	size_t o = 0;
	bool escaped = false;
	for (size_t i = 1; i + 1 < n; i++) {
		char c = tok[i];
		if (!escaped) {
			if (c == '\\')
				escaped = true;
			else
				out[o++] = c;
			continue;
		}
		switch (c) {
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case ' ': /* legacy: "\ " is a backslash */
		case '\\': out[o++] = '\\'; break;
		case '/': out[o++] = '/'; break;
		case '"':
			if (delim != '"') {
				fail(p, -EBADMSG, "invalid \\\" escape in '-quoted string");
				return -1;
			}
			out[o++] = '"';
			break;
		case '\'':
			if (delim != '\'') {
				fail(p, -EBADMSG, "invalid \\' escape in \"-quoted string");
				return -1;
			}
			out[o++] = '\'';
			break;
		default:
			fail(p, -EBADMSG, "unsupported string escape sequence: \\%c", c);
			return -1;
		}
		escaped = false;
	}
	out[o] = '\0';
	return (ssize_t)o;
}

/*
 * A quoted string: the token ends at the first delimiter not preceded by a backslash (libs
 * looks at the previous character only, so "a\\" does not end at its last quote). On success
 * @ret holds the unescaped text (arena). Returns false without moving when there is no closed
 * string here; false with an error set when the escapes are invalid.
 */
static bool lex_quoted_str(struct parser *p, struct vg_str *ret)
{
	char c = cur(p);
	if (at_end(p) || (c != '\'' && c != '"'))
		return false;
	char delim = c, prev = '\\';
	size_t o = p->pos.offset, i = o;
	while (i < p->len) {
		if (p->s[i] == delim && prev != '\\' && i > o)
			break;
		prev = p->s[i];
		i++;
	}
	if (i >= p->len)
		return false;
	size_t n = i + 1 - o;
	advance(p, n);
	char *buf = vg_arena_alloc(&p->out->arena, n + 1);
	if (!buf) {
		fail(p, -ENOMEM, "out of memory");
		return false;
	}
	ssize_t ul = unescape(p, p->s + o, n, buf);
	if (ul < 0)
		return false;
	set_last(p, buf, (size_t)ul);
	ret->ptr = buf;
	ret->len = (size_t)ul;
	return true;
}

/*
 * libs' lex_helper_operator_list: operators written with a trailing space need a blank after
 * them; when the word matches but no blank follows, the cursor stays after the word and the
 * list fails (the following lists are then tried from there, as upstream does).
 */
static bool lex_op_list(struct parser *p, const char *const *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(ops[i]);
		if (ops[i][l - 1] != ' ') {
			if (lex_str(p, ops[i]))
				return true;
			continue;
		}
		char word[16];
		memcpy(word, ops[i], l - 1);
		word[l - 1] = '\0';
		if (lex_str(p, word))
			return lex_blank(p);
	}
	return false;
}

static enum vg_op op_from_text(const char *t)
{
	static const struct {
		const char *s;
		enum vg_op op;
	} map[] = {
		{ "==", VG_OP_EQ },
		{ "=", VG_OP_EQ },
		{ "!=", VG_OP_NE },
		{ "<=", VG_OP_LE },
		{ "<", VG_OP_LT },
		{ ">=", VG_OP_GE },
		{ ">", VG_OP_GT },
		{ "glob", VG_OP_GLOB },
		{ "iglob", VG_OP_IGLOB },
		{ "contains", VG_OP_CONTAINS },
		{ "icontains", VG_OP_ICONTAINS },
		{ "bcontains", VG_OP_BCONTAINS },
		{ "startswith", VG_OP_STARTSWITH },
		{ "bstartswith", VG_OP_BSTARTSWITH },
		{ "endswith", VG_OP_ENDSWITH },
		{ "regex", VG_OP_REGEX },
		{ "intersects", VG_OP_INTERSECTS },
		{ "in", VG_OP_IN },
		{ "pmatch", VG_OP_PMATCH },
		{ "exists", VG_OP_EXISTS },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].s, t) == 0)
			return map[i].op;
	return VG_OP_NONE;
}

/* ---- nodes -------------------------------------------------------------------------------- */

static struct vg_ast *node(struct parser *p, enum vg_ast_kind kind, struct vg_ast_pos pos)
{
	if (p->out->nodes >= p->max_nodes)
		return fail(p, -EFBIG, "condition too large: more than %u nodes", p->max_nodes);
	struct vg_ast *n = vg_arena_zalloc(&p->out->arena, sizeof(*n));
	if (!n)
		return fail(p, -ENOMEM, "out of memory");
	p->out->nodes++;
	n->kind = kind;
	n->pos = pos;
	return n;
}

/* A growable array of node pointers in the arena (copied on growth; the arena frees all). */
struct kids {
	struct vg_ast **v;
	uint32_t n, cap;
};

static bool kids_push(struct parser *p, struct kids *k, struct vg_ast *x)
{
	if (k->n == k->cap) {
		uint32_t cap = k->cap ? k->cap * 2 : 4;
		struct vg_ast **nv = vg_arena_alloc(&p->out->arena, cap * sizeof(*nv));
		if (!nv) {
			fail(p, -ENOMEM, "out of memory");
			return false;
		}
		if (k->n)
			memcpy(nv, k->v, k->n * sizeof(*nv));
		k->v = nv;
		k->cap = cap;
	}
	k->v[k->n++] = x;
	return true;
}

static struct vg_str arena_str(struct parser *p, const char *s, size_t n)
{
	struct vg_str r = { vg_arena_strndup(&p->out->arena, s, n), n };
	if (!r.ptr)
		fail(p, -ENOMEM, "out of memory");
	return r;
}

static struct vg_ast *value_node(struct parser *p, struct vg_ast_pos pos, const char *s,
				 size_t n, bool quoted, bool copy)
{
	struct vg_ast *v = node(p, VG_AST_VALUE, pos);
	if (!v)
		return NULL;
	if (copy) {
		v->u.value.text = arena_str(p, s, n);
		if (!v->u.value.text.ptr)
			return NULL;
	} else {
		v->u.value.text.ptr = s;
		v->u.value.text.len = n;
	}
	v->u.value.quoted = quoted;
	return v;
}

/* ---- grammar ------------------------------------------------------------------------------ */

static struct vg_ast *parse_or(struct parser *p);
static struct vg_ast *parse_field_transformer_arg(struct parser *p, struct vg_ast_pos pos);
static struct vg_ast *parse_field_or_transformer_remainder(struct parser *p, enum vg_transformer tr,
							   struct vg_ast_pos pos);

static enum vg_transformer tr_from_token(const char *tok)
{
	static const enum vg_transformer map[] = { VG_TR_TOLOWER, VG_TR_TOUPPER, VG_TR_B64,
						   VG_TR_BASENAME, VG_TR_LEN, VG_TR_JOIN,
						   VG_TR_CONCAT, VG_TR_GETOPT };
	for (size_t i = 0; i < sizeof(s_transformers) / sizeof(s_transformers[0]); i++)
		if (strcmp(tok, s_transformers[i]) == 0)
			return map[i];
	return VG_TR_NONE;
}

/* "tolower(" ... : returns the transformer, VG_TR_NONE when none is here */
static enum vg_transformer lex_transformer_type(struct parser *p)
{
	for (size_t i = 0; i < sizeof(s_transformers) / sizeof(s_transformers[0]); i++)
		if (lex_str(p, s_transformers[i]))
			return tr_from_token(s_transformers[i]);
	return VG_TR_NONE;
}

/* embedded: after '(' */
static struct vg_ast *parse_embedded_remainder(struct parser *p)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	struct vg_ast *child = parse_or(p);
	if (!child)
		goto out;
	lex_blank(p);
	if (!lex_str(p, ")")) {
		fail(p, -EBADMSG, "expected a ')' token");
		goto out;
	}
	r = child;
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_field_remainder(struct parser *p, const char *name, size_t nlen,
					    struct vg_ast_pos pos)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	struct vg_ast *f = node(p, VG_AST_FIELD, pos);
	if (!f)
		goto out;
	f->u.field.name = arena_str(p, name, nlen);
	if (!f->u.field.name.ptr)
		goto out;
	if (lex_str(p, "[")) {
		struct vg_str arg;
		if (lex_quoted_str(p, &arg)) {
			f->u.field.arg = arg;
		} else if (p->err) {
			goto out;
		} else if (lex_field_arg_bare(p)) {
			/* p->last may be truncated: take the text from the input */
			size_t end = p->pos.offset, start = end;
			while (start > 0 && p->s[start - 1] != '[')
				start--;
			f->u.field.arg = arena_str(p, p->s + start, end - start);
			if (!f->u.field.arg.ptr)
				goto out;
		} else {
			fail(p, -EBADMSG,
			     "expected a valid field argument: a quoted string or a bare string");
			goto out;
		}
		f->u.field.has_arg = true;
		if (!lex_str(p, "]")) {
			fail(p, -EBADMSG, "expected a ']' token");
			goto out;
		}
	}
	r = f;
out:
	p->depth--;
	return r;
}

/* lex a field name and keep its text (p->last may be truncated) */
static bool lex_field_name_text(struct parser *p, const char **ret, size_t *ret_len)
{
	size_t o = p->pos.offset;
	if (!lex_field_name(p))
		return false;
	*ret = p->s + o;
	*ret_len = p->pos.offset - o;
	return true;
}

/* TransformerList ::= '(' ( TransformerListArg (',' TransformerListArg)* )? ')' after '(' */
static struct vg_ast *parse_transformer_list_arg(struct parser *p, struct vg_ast_pos pos)
{
	const char *name;
	size_t nlen;
	if (lex_field_name_text(p, &name, &nlen))
		return parse_field_remainder(p, name, nlen, pos);
	enum vg_transformer tr = lex_transformer_type(p);
	if (tr != VG_TR_NONE) {
		lex_blank(p);
		return parse_field_or_transformer_remainder(p, tr, pos);
	}
	struct vg_str q;
	if (lex_quoted_str(p, &q))
		return value_node(p, pos, q.ptr, q.len, true, false);
	if (p->err)
		return NULL;
	size_t o = p->pos.offset;
	if (lex_hex_num(p) || lex_num(p))
		return value_node(p, pos, p->s + o, p->pos.offset - o, false, true);
	return fail(p, -EBADMSG,
		    "expected transformer list argument: field, transformer, quoted string, or "
		    "number");
}

static struct vg_ast *parse_transformer_list(struct parser *p, struct vg_ast_pos pos)
{
	struct kids k = { 0 };
	lex_blank(p);
	struct vg_ast *l = node(p, VG_AST_TRLIST, pos);
	if (!l)
		return NULL;
	if (lex_str(p, ")"))
		return l;
	struct vg_ast *a = parse_transformer_list_arg(p, pos);
	if (!a || !kids_push(p, &k, a))
		return NULL;
	lex_blank(p);
	while (lex_str(p, ",")) {
		lex_blank(p);
		a = parse_transformer_list_arg(p, pos);
		if (!a || !kids_push(p, &k, a))
			return NULL;
		lex_blank(p);
	}
	if (!lex_str(p, ")"))
		return fail(p, -EBADMSG, "expected ')'");
	l->u.nary.kids = k.v;
	l->u.nary.count = k.n;
	return l;
}

static struct vg_ast *parse_field_transformer_arg(struct parser *p, struct vg_ast_pos pos)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	size_t o = p->pos.offset;
	if (lex_hex_num(p) || lex_num(p)) {
		r = value_node(p, pos, p->s + o, p->pos.offset - o, false, true);
		goto out;
	}
	struct vg_str q;
	if (lex_quoted_str(p, &q)) {
		r = value_node(p, pos, q.ptr, q.len, true, false);
		goto out;
	}
	if (p->err)
		goto out;
	if (lex_str(p, "(")) {
		r = parse_transformer_list(p, pos);
		goto out;
	}
	enum vg_transformer tr = lex_transformer_type(p);
	if (tr != VG_TR_NONE) {
		r = parse_field_or_transformer_remainder(p, tr, pos);
		goto out;
	}
	const char *name;
	size_t nlen;
	if (lex_field_name_text(p, &name, &nlen)) {
		r = parse_field_remainder(p, name, nlen, pos);
		goto out;
	}
	fail(p, -EBADMSG,
	     "expected field transformer argument: field, transformer, quoted string, number, or "
	     "transformer list");
out:
	p->depth--;
	return r;
}

/* after "name(" and blanks */
static struct vg_ast *parse_field_or_transformer_remainder(struct parser *p, enum vg_transformer tr,
							   struct vg_ast_pos pos)
{
	struct vg_ast *r = NULL;
	struct kids k = { 0 };
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	do {
		struct vg_ast_pos apos = p->pos;
		struct vg_ast *a = parse_field_transformer_arg(p, apos);
		if (!a || !kids_push(p, &k, a))
			goto out;
		lex_blank(p);
	} while (lex_str(p, ","));
	lex_blank(p);
	if (!lex_str(p, ")")) {
		fail(p, -EBADMSG, "expected a ')' token closing the transformer");
		goto out;
	}
	struct vg_ast *t = node(p, VG_AST_TRANSFORM, pos);
	if (!t)
		goto out;
	t->u.transform.tr = tr;
	t->u.transform.args = k.v;
	t->u.transform.nargs = k.n;
	/* getopt(...)[c]: the option selector */
	if (tr == VG_TR_GETOPT && lex_str(p, "[")) {
		struct vg_str sel;
		if (lex_quoted_str(p, &sel)) {
			t->u.transform.sel = sel;
		} else if (p->err) {
			goto out;
		} else {
			size_t o = p->pos.offset;
			if (!lex_field_arg_bare(p)) {
				fail(p, -EBADMSG, "expected a valid field argument: a quoted string "
						  "or a bare string");
				goto out;
			}
			t->u.transform.sel = arena_str(p, p->s + o, p->pos.offset - o);
			if (!t->u.transform.sel.ptr)
				goto out;
		}
		if (!lex_str(p, "]")) {
			fail(p, -EBADMSG, "expected a ']' token");
			goto out;
		}
	}
	r = t;
out:
	p->depth--;
	return r;
}

/* val(field) or a transformer; NULL without error when neither is here */
static struct vg_ast *try_parse_transformer_or_val(struct parser *p)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	struct vg_ast_pos pos = p->pos;
	if (lex_str(p, "val(")) {
		lex_blank(p);
		struct vg_ast_pos fpos = p->pos;
		const char *name;
		size_t nlen;
		if (!lex_field_name_text(p, &name, &nlen)) {
			fail(p, -EBADMSG, "expected a field within 'val' transformer");
			goto out;
		}
		struct vg_ast *f = parse_field_remainder(p, name, nlen, fpos);
		if (!f)
			goto out;
		lex_blank(p);
		if (!lex_str(p, ")")) {
			fail(p, -EBADMSG, "expected a ')' token closing the transformer");
			goto out;
		}
		struct vg_ast *t = node(p, VG_AST_TRANSFORM, pos);
		struct vg_ast **args = vg_arena_alloc(&p->out->arena, sizeof(*args));
		if (!t || !args) {
			fail(p, -ENOMEM, "out of memory");
			goto out;
		}
		args[0] = f;
		t->u.transform.tr = VG_TR_VAL;
		t->u.transform.args = args;
		t->u.transform.nargs = 1;
		r = t;
		goto out;
	}
	enum vg_transformer tr = lex_transformer_type(p);
	if (tr != VG_TR_NONE) {
		lex_blank(p);
		r = parse_field_or_transformer_remainder(p, tr, pos);
	}
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_num_value_or_transformer(struct parser *p)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	struct vg_ast_pos pos = p->pos;
	r = try_parse_transformer_or_val(p);
	if (r || p->err)
		goto out;
	size_t o = p->pos.offset;
	if (lex_hex_num(p) || lex_num(p)) {
		r = value_node(p, pos, p->s + o, p->pos.offset - o, false, true);
		goto out;
	}
	fail(p, -EBADMSG, "expected a number value or a field with a valid transformer: %s",
	     s_supported_tr);
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_str_value_or_transformer(struct parser *p, bool no_transformer)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	struct vg_ast_pos pos = p->pos;
	if (!no_transformer) {
		r = try_parse_transformer_or_val(p);
		if (r || p->err)
			goto out;
	}
	struct vg_str q;
	if (lex_quoted_str(p, &q)) {
		r = value_node(p, pos, q.ptr, q.len, true, false);
		goto out;
	}
	if (p->err)
		goto out;
	size_t o = p->pos.offset;
	if (lex_bare_str(p)) {
		r = value_node(p, pos, p->s + o, p->pos.offset - o, false, true);
		goto out;
	}
	if (no_transformer)
		fail(p, -EBADMSG, "expected a string value");
	else
		fail(p, -EBADMSG, "expected a string value or a field with a valid transformer: %s",
		     s_supported_tr);
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_list_value_or_transformer(struct parser *p)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	struct vg_ast_pos pos = p->pos;
	if (lex_str(p, "(")) {
		struct vg_ast *l = node(p, VG_AST_LIST, pos);
		if (!l)
			goto out;
		uint32_t n = 0, cap = 0;
		struct vg_str *items = NULL;
		lex_blank(p);
		struct vg_ast *child = parse_str_value_or_transformer(p, true);
		if (!child && p->err == -EBADMSG)
			unfail(p); /* libs: an empty list */
		else if (!child)
			goto out;
		while (child) {
			if (n == cap) {
				if (n >= p->max_list_items) {
					fail(p, -EFBIG, "list too long: more than %u values",
					     p->max_list_items);
					goto out;
				}
				uint32_t nc = cap ? cap * 2 : 8;
				struct vg_str *ni = vg_arena_alloc(&p->out->arena, nc * sizeof(*ni));
				if (!ni) {
					fail(p, -ENOMEM, "out of memory");
					goto out;
				}
				if (n)
					memcpy(ni, items, n * sizeof(*ni));
				items = ni;
				cap = nc;
			}
			items[n++] = child->u.value.text;
			p->out->nodes--; /* the value node is folded into the list */
			lex_blank(p);
			if (!lex_str(p, ","))
				break;
			child = parse_str_value_or_transformer(p, true);
			if (!child)
				goto out;
		}
		if (!lex_str(p, ")")) {
			fail(p, -EBADMSG, "expected a ')' token");
			goto out;
		}
		l->u.list.items = items;
		l->u.list.count = n;
		r = l;
		goto out;
	}
	r = try_parse_transformer_or_val(p);
	if (r || p->err)
		goto out;
	size_t o = p->pos.offset;
	if (lex_identifier(p)) {
		r = value_node(p, pos, p->s + o, p->pos.offset - o, false, true);
		goto out;
	}
	fail(p, -EBADMSG, "expected a list, an identifier, or a field with a valid transformer: %s",
	     s_supported_tr);
out:
	p->depth--;
	return r;
}

/*
 * A modifier after a string operator: 'oneof' | 'anyof' | 'allof', a blank, then a list or a
 * list name. Otherwise (e.g. "= oneof and x") the word is an ordinary bare value and the cursor
 * is restored.
 */
static enum vg_opmod lex_modifier(struct parser *p)
{
	static const struct {
		const char *w;
		enum vg_opmod m;
	} mods[] = { { "oneof", VG_MOD_ONEOF }, { "anyof", VG_MOD_ANYOF }, { "allof", VG_MOD_ALLOF } };
	struct vg_ast_pos save = p->pos;
	char last[sizeof(p->last)];
	memcpy(last, p->last, sizeof(last));
	lex_blank(p); /* "=" and "!=" take no blank themselves */
	for (size_t i = 0; i < 3; i++) {
		if (!lex_str(p, mods[i].w))
			continue;
		if (lex_blank(p)) {
			if (cur(p) == '(')
				return mods[i].m;
			size_t n = ident_len_at(p, p->pos.offset);
			if (n && !((n == 3 && memcmp(p->s + p->pos.offset, "and", 3) == 0) ||
				   (n == 2 && memcmp(p->s + p->pos.offset, "or", 2) == 0) ||
				   (n == 3 && memcmp(p->s + p->pos.offset, "not", 3) == 0)))
				return mods[i].m;
		}
		break;
	}
	p->pos = save;
	memcpy(p->last, last, sizeof(last));
	return VG_MOD_NONE;
}

static struct vg_ast *parse_condition(struct parser *p, struct vg_ast *left, struct vg_ast_pos pos)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	lex_blank(p);
	struct vg_ast *c = node(p, VG_AST_CHECK, pos);
	if (!c)
		goto out;
	c->u.check.left = left;
	if (lex_str(p, "exists")) {
		c->u.check.op = VG_OP_EXISTS;
		r = c;
		goto out;
	}
	lex_blank(p);
	struct vg_ast *right = NULL;
	if (lex_op_list(p, s_num_ops, sizeof(s_num_ops) / sizeof(s_num_ops[0]))) {
		c->u.check.op = op_from_text(p->last);
		right = parse_num_value_or_transformer(p);
	} else if (lex_op_list(p, s_str_ops, sizeof(s_str_ops) / sizeof(s_str_ops[0]))) {
		c->u.check.op = op_from_text(p->last);
		enum vg_opmod mod = lex_modifier(p);
		if (mod != VG_MOD_NONE) {
			c->u.check.mod = mod;
			right = parse_list_value_or_transformer(p);
		} else {
			right = parse_str_value_or_transformer(p, false);
		}
	} else if (lex_op_list(p, s_list_ops, sizeof(s_list_ops) / sizeof(s_list_ops[0]))) {
		c->u.check.op = op_from_text(p->last);
		right = parse_list_value_or_transformer(p);
	} else {
		fail(p, -EBADMSG, "expected a valid check operator: one of %s", s_supported_ops);
		goto out;
	}
	if (!right)
		goto out;
	c->u.check.right = right;
	r = c;
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_check(struct parser *p)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	struct vg_ast_pos pos = p->pos;
	lex_blank(p);
	if (lex_str(p, "(")) {
		r = parse_embedded_remainder(p);
		goto out;
	}
	const char *name;
	size_t nlen;
	if (lex_field_name_text(p, &name, &nlen)) {
		struct vg_ast *left = parse_field_remainder(p, name, nlen, pos);
		if (left)
			r = parse_condition(p, left, pos);
		goto out;
	}
	enum vg_transformer tr = lex_transformer_type(p);
	if (tr != VG_TR_NONE) {
		lex_blank(p);
		struct vg_ast *left = parse_field_or_transformer_remainder(p, tr, pos);
		if (left)
			r = parse_condition(p, left, pos);
		goto out;
	}
	size_t o = p->pos.offset;
	if (lex_identifier(p)) {
		struct vg_ast *m = node(p, VG_AST_MACRO, pos);
		if (!m)
			goto out;
		m->u.name = arena_str(p, p->s + o, p->pos.offset - o);
		if (m->u.name.ptr)
			r = m;
		goto out;
	}
	fail(p, -EBADMSG, "expected a '(' token, a field check, or an identifier");
out:
	p->depth--;
	return r;
}

/* 'not' followed by a POSIX space character */
static bool lex_not_blank(struct parser *p)
{
	if (p->len - p->pos.offset < 4 || memcmp(p->s + p->pos.offset, "not", 3) != 0 ||
	    !is_space_class(p->s[p->pos.offset + 3]))
		return false;
	size_t i = p->pos.offset + 3;
	while (i < p->len && is_space_class(p->s[i]))
		i++;
	set_last(p, p->s + p->pos.offset, i - p->pos.offset);
	advance(p, i - p->pos.offset);
	return true;
}

static struct vg_ast *parse_not(struct parser *p)
{
	struct vg_ast *r = NULL;
	if (!depth_push(p))
		goto out;
	struct vg_ast_pos pos = p->pos;
	bool is_not = false;
	lex_blank(p);
	while (lex_not_blank(p))
		is_not = !is_not;
	struct vg_ast *child;
	if (lex_str(p, "not(")) {
		is_not = !is_not;
		child = parse_embedded_remainder(p);
	} else {
		child = parse_check(p);
	}
	if (!child)
		goto out;
	if (is_not) {
		struct vg_ast *n = node(p, VG_AST_NOT, pos);
		if (!n)
			goto out;
		n->u.child = child;
		child = n;
	}
	r = child;
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_nary(struct parser *p, bool is_or)
{
	struct vg_ast *r = NULL;
	struct kids k = { 0 };
	const char *kw = is_or ? "or" : "and";
	if (!depth_push(p))
		goto out;
	struct vg_ast_pos pos = p->pos;
	lex_blank(p);
	struct vg_ast *child = is_or ? parse_nary(p, false) : parse_not(p);
	if (!child || !kids_push(p, &k, child))
		goto out;
	lex_blank(p);
	while (lex_str(p, kw)) {
		if (!lex_blank(p)) {
			if (lex_str(p, "(")) {
				child = parse_embedded_remainder(p);
			} else {
				fail(p, -EBADMSG, "expected blank or '(' after '%s'", kw);
				goto out;
			}
		} else {
			child = is_or ? parse_nary(p, false) : parse_not(p);
		}
		if (!child || !kids_push(p, &k, child))
			goto out;
		lex_blank(p);
	}
	if (k.n == 1) {
		r = k.v[0];
		goto out;
	}
	struct vg_ast *n = node(p, is_or ? VG_AST_OR : VG_AST_AND, pos);
	if (!n)
		goto out;
	n->u.nary.kids = k.v;
	n->u.nary.count = k.n;
	r = n;
out:
	p->depth--;
	return r;
}

static struct vg_ast *parse_or(struct parser *p)
{
	return parse_nary(p, true);
}

/* ---- entry points ------------------------------------------------------------------------- */

struct vg_cond_ast *vg_cond_ast_new(void)
{
	struct vg_cond_ast *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	vg_arena_init(&a->arena, 8192);
	return a;
}

void vg_cond_ast_free(struct vg_cond_ast *ast)
{
	if (!ast)
		return;
	vg_arena_release(&ast->arena);
	free(ast);
}

const struct vg_ast *vg_cond_ast_root(const struct vg_cond_ast *ast)
{
	return ast ? ast->root : NULL;
}

size_t vg_cond_ast_node_count(const struct vg_cond_ast *ast)
{
	return ast ? ast->nodes : 0;
}

int vg_cond_parse(const char *text, size_t len, const struct vg_cond_limits *limits,
		  struct vg_cond_ast **ret_ast, struct vg_diag *ret_diag)
{
	struct vg_cond_limits lim;
	int r = 0;
	if (!ret_ast || (!text && len))
		return -EINVAL;
	vg_cond_limits_resolve(limits, &lim);
	vg_diag_clear(ret_diag);
	if (len == 0) {
		vg_diag_set(ret_diag, VG_DIAG_SYNTAX, NULL, 1, 1, "filter input string is empty");
		return -EBADMSG;
	}
	if (len > lim.max_len) {
		vg_diag_set(ret_diag, VG_DIAG_LIMIT, NULL, 1, 1,
			    "condition too long: %zu bytes, limit %zu", len, lim.max_len);
		return -EFBIG;
	}
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.s = text;
	p.len = len;
	p.pos.line = p.pos.col = 1;
	p.max_depth = lim.max_depth;
	p.max_nodes = lim.max_nodes;
	p.max_list_items = lim.max_list_items;
	p.diag = ret_diag;
	p.out = vg_cond_ast_new();
	if (!p.out)
		return -ENOMEM;
	struct vg_ast *root = parse_or(&p);
	if (!root) {
		r = p.err ? p.err : -EBADMSG;
		goto fail;
	}
	if (p.pos.offset != p.len) {
		fail(&p, -EBADMSG, "unexpected token after '%s', expecting 'or', 'and'", p.last);
		r = -EBADMSG;
		goto fail;
	}
	p.out->root = root;
	*ret_ast = p.out;
	return 0;
fail:
	vg_cond_ast_free(p.out);
	return r;
}
