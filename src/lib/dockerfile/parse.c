/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.c - the Dockerfile parser (grammar and semantics in vigil/dockerfile.h).
 *
 * One pass over physical lines: directives, then logical lines (continuations joined with
 * the active escape character, comment and blank lines inside them dropped), then heredoc
 * bodies. Each instruction is split into flags, exec/shell form, words, key/value pairs and
 * expanded with the variables in scope (global ARGs for FROM, the stage's ARG/ENV otherwise).
 * Temporary arrays live on the heap; the finished tree is copied into the arena.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigil/dockerfile.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct df_owner {
	struct vg_dockerfile df; /* first: the public part */
	struct vg_arena arena;
};

struct vec {
	void *p;
	size_t n, cap;
};

static int vec_push(struct vec *v, const void *item, size_t sz)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 8;
		void *np = realloc(v->p, nc * sz);
		if (!np)
			return -ENOMEM;
		v->p = np;
		v->cap = nc;
	}
	memcpy((char *)v->p + v->n * sz, item, sz);
	v->n++;
	return 0;
}

static void vec_release(struct vec *v)
{
	free(v->p);
	v->p = NULL;
	v->n = v->cap = 0;
}

/* A variable in scope; value NULL: declared but its value is not known (ARG without default). */
struct var {
	const char *name;
	const char *value;
};

struct pstage {
	size_t first;   /* index of its FROM in the instruction vector */
	struct vg_df_stage st;
};

struct parser {
	struct vg_arena *a;
	const struct vg_df_limits *lim;
	const char *file;
	const char *buf;
	size_t len, pos;
	uint32_t lineno; /* of the last line read */
	char esc;
	const char *syntax;
	struct vec instrs;   /* struct vg_df_instr */
	struct vec problems; /* struct vg_df_problem */
	struct vec stages;   /* struct pstage */
	struct vec gvars;    /* struct var: global ARGs */
	struct vec svars;    /* struct var: current stage */
	struct vec comments; /* struct vg_df_comment */
	uint32_t counts[VG_DF_WORKDIR + 1];
	struct vg_diag *diag;
};

static const char *const kind_names[] = {
	[VG_DF_UNKNOWN] = "UNKNOWN",       [VG_DF_ADD] = "ADD",
	[VG_DF_ARG] = "ARG",               [VG_DF_CMD] = "CMD",
	[VG_DF_COPY] = "COPY",             [VG_DF_ENTRYPOINT] = "ENTRYPOINT",
	[VG_DF_ENV] = "ENV",               [VG_DF_EXPOSE] = "EXPOSE",
	[VG_DF_FROM] = "FROM",             [VG_DF_HEALTHCHECK] = "HEALTHCHECK",
	[VG_DF_LABEL] = "LABEL",           [VG_DF_MAINTAINER] = "MAINTAINER",
	[VG_DF_ONBUILD] = "ONBUILD",       [VG_DF_RUN] = "RUN",
	[VG_DF_SHELL] = "SHELL",           [VG_DF_STOPSIGNAL] = "STOPSIGNAL",
	[VG_DF_USER] = "USER",             [VG_DF_VOLUME] = "VOLUME",
	[VG_DF_WORKDIR] = "WORKDIR",
};

const char *vg_df_kind_name(enum vg_df_kind k)
{
	if ((unsigned)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "UNKNOWN";
	return kind_names[k];
}

void vg_df_limits_init(struct vg_df_limits *ret)
{
	ret->max_file_size = VG_DEFAULT_DF_MAX_FILE_SIZE;
	ret->max_instructions = VG_DEFAULT_DF_MAX_INSTRUCTIONS;
	ret->max_line_len = VG_DEFAULT_DF_MAX_LINE_LEN;
	ret->max_heredoc_size = VG_DEFAULT_DF_MAX_HEREDOC_SIZE;
}

const struct vg_df_flag *vg_df_flag_get(const struct vg_df_instr *in, const char *name)
{
	const struct vg_df_flag *f = NULL;
	if (!in || !name)
		return NULL;
	for (size_t i = 0; i < in->nflags; i++)
		if (strcasecmp(in->flags[i].name, name) == 0)
			f = &in->flags[i];
	return f;
}

static int problem(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int problem(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	struct vg_df_problem pr = { line, col, NULL };
	va_list ap;
	va_start(ap, fmt);
	pr.message = vg_arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	if (!pr.message)
		return -ENOMEM;
	return vec_push(&p->problems, &pr, sizeof(pr));
}

static int limit(struct parser *p, uint32_t line, const char *what, size_t max)
{
	if (p->diag)
		vg_diag_set(p->diag, VG_DIAG_LIMIT, p->file, line, 0, "%s exceeds the limit of %zu",
			    what, max);
	return -EFBIG;
}

/* Next physical line (without '\n' and a trailing '\r'); false at the end. */
static bool next_line(struct parser *p, const char **ret_s, size_t *ret_n)
{
	if (p->pos >= p->len)
		return false;
	const char *s = p->buf + p->pos;
	const char *nl = memchr(s, '\n', p->len - p->pos);
	size_t n = nl ? (size_t)(nl - s) : p->len - p->pos;
	p->pos += n + (nl ? 1 : 0);
	if (n && s[n - 1] == '\r')
		n--;
	p->lineno++;
	*ret_s = s;
	*ret_n = n;
	return true;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Does the line end with the escape character (then blanks)? *ret_cut: length before it. */
static bool continues(const char *s, size_t n, char esc, size_t *ret_cut)
{
	size_t e = n;
	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e == 0 || s[e - 1] != esc)
		return false;
	*ret_cut = e - 1;
	return true;
}

/* ---- variables ---------------------------------------------------------------------- */

static const struct var *lookup(const struct vec *vars, const char *name, size_t n)
{
	const struct var *v = vars->p;
	for (size_t i = vars->n; i-- > 0;)
		if (strlen(v[i].name) == n && memcmp(v[i].name, name, n) == 0)
			return &v[i];
	return NULL;
}

static int expand_into(struct parser *p, const struct vec *vars, const char *s, size_t n,
		       struct vg_strbuf *out, bool *unresolved, unsigned depth);

/* ${...} starting after "${" at s[*i]; appends the value. */
static int expand_braced(struct parser *p, const struct vec *vars, const char *s, size_t n,
			 size_t *i, struct vg_strbuf *out, bool *unresolved, unsigned depth)
{
	size_t k = *i, name = k;
	while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '_'))
		k++;
	size_t nlen = k - name;
	/* find the matching '}' */
	size_t e = k;
	int lvl = 1;
	while (e < n) {
		if (s[e] == '{')
			lvl++;
		else if (s[e] == '}' && --lvl == 0)
			break;
		e++;
	}
	if (e >= n) { /* no closing brace: keep the text literally */
		int r = vg_strbuf_append(out, "${", 2);
		if (r >= 0)
			r = vg_strbuf_append(out, s + name, n - name);
		*i = n;
		return r;
	}
	const struct var *v = lookup(vars, s + name, nlen);
	bool set = v != NULL, known = v && v->value;
	const char *val = known ? v->value : "";
	int r = 0;
	if (k < e && (s[k] == ':' || s[k] == '-' || s[k] == '+')) {
		bool colon = s[k] == ':';
		size_t m = colon ? k + 1 : k;
		char op = m < e ? s[m] : 0;
		const char *w = s + m + 1;
		size_t wn = m + 1 <= e ? e - (m + 1) : 0;
		if (op == '-') {
			bool use_word = colon ? (!set || (known && !*val)) : !set;
			if (set && !known && colon)
				*unresolved = true; /* value unknown: cannot decide */
			if (use_word)
				r = expand_into(p, vars, w, wn, out, unresolved, depth + 1);
			else if (known)
				r = vg_strbuf_puts(out, val);
		} else if (op == '+') {
			bool use_word = colon ? (set && (!known || *val)) : set;
			if (set && !known)
				*unresolved = true;
			if (use_word)
				r = expand_into(p, vars, w, wn, out, unresolved, depth + 1);
		} else {
			if (!known)
				*unresolved = true;
			r = vg_strbuf_puts(out, val);
		}
	} else {
		/* ${X}, or a modifier we do not evaluate (${X#pat} ...): the plain value */
		if (!known)
			*unresolved = true;
		r = vg_strbuf_puts(out, val);
	}
	*i = e + 1;
	return r;
}

static int expand_into(struct parser *p, const struct vec *vars, const char *s, size_t n,
		       struct vg_strbuf *out, bool *unresolved, unsigned depth)
{
	bool squote = false, dquote = false;
	int r = 0;
	if (depth > 16)
		return vg_strbuf_append(out, s, n);
	for (size_t i = 0; i < n && r >= 0;) {
		char c = s[i];
		if (squote) {
			if (c == '\'')
				squote = false;
			r = vg_strbuf_putc(out, c);
			i++;
		} else if (c == p->esc && i + 1 < n) {
			if (s[i + 1] == '$') {
				r = vg_strbuf_putc(out, '$');
			} else {
				r = vg_strbuf_putc(out, c);
				if (r >= 0)
					r = vg_strbuf_putc(out, s[i + 1]);
			}
			i += 2;
		} else if (c == '\'' && !dquote) {
			squote = true;
			r = vg_strbuf_putc(out, c);
			i++;
		} else if (c == '"') {
			dquote = !dquote;
			r = vg_strbuf_putc(out, c);
			i++;
		} else if (c == '$' && i + 1 < n && s[i + 1] == '{') {
			i += 2;
			r = expand_braced(p, vars, s, n, &i, out, unresolved, depth);
		} else if (c == '$' && i + 1 < n &&
			   (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_')) {
			size_t k = i + 1;
			while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '_'))
				k++;
			const struct var *v = lookup(vars, s + i + 1, k - i - 1);
			if (!v || !v->value)
				*unresolved = true;
			else
				r = vg_strbuf_puts(out, v->value);
			i = k;
		} else {
			r = vg_strbuf_putc(out, c);
			i++;
		}
	}
	return r;
}

static int expand(struct parser *p, const struct vec *vars, const char *s, size_t n,
		  const char **ret, bool *unresolved)
{
	struct vg_strbuf b;
	vg_strbuf_init(&b, p->lim->max_line_len * 2);
	int r = expand_into(p, vars, s, n, &b, unresolved, 0);
	if (r >= 0) {
		*ret = vg_arena_strndup(p->a, vg_strbuf_str(&b), b.len);
		r = *ret ? 0 : -ENOMEM;
	}
	vg_strbuf_release(&b);
	return r;
}

/* ---- words -------------------------------------------------------------------------- */

/* The raw word starting at s[*i] (after blanks), quotes kept; false at the end. */
static bool raw_word(const char *s, size_t n, char esc, size_t *i, size_t *ret_b, size_t *ret_e)
{
	size_t k = skip_ws(s, n, *i);
	if (k >= n)
		return false;
	size_t b = k;
	char q = 0;
	while (k < n) {
		char c = s[k];
		if (q) {
			if (c == esc && q == '"' && k + 1 < n)
				k++;
			else if (c == q)
				q = 0;
		} else if (c == ' ' || c == '\t') {
			break;
		} else if (c == esc && k + 1 < n) {
			k++;
		} else if (c == '"' || c == '\'') {
			q = c;
		}
		k++;
	}
	*ret_b = b;
	*ret_e = k;
	*i = k;
	return true;
}

/* Quote and escape removal of one raw word. */
static char *unquote(struct parser *p, const char *s, size_t n)
{
	char *o = vg_arena_alloc(p->a, n + 1);
	size_t k = 0;
	char q = 0;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (q == '\'') {
			if (c == '\'')
				q = 0;
			else
				o[k++] = c;
		} else if (q == '"') {
			if (c == '"')
				q = 0;
			else if (c == p->esc && i + 1 < n &&
				 (s[i + 1] == '"' || s[i + 1] == p->esc || s[i + 1] == '$'))
				o[k++] = s[++i];
			else
				o[k++] = c;
		} else if (c == '"' || c == '\'') {
			q = c;
		} else if (c == p->esc && i + 1 < n) {
			o[k++] = s[++i];
		} else {
			o[k++] = c;
		}
	}
	o[k] = '\0';
	return o;
}

static int split_words(struct parser *p, const char *s, struct vg_df_instr *in)
{
	struct vec w = { 0 };
	size_t n = strlen(s), i = 0, b, e;
	int r = 0;
	while (raw_word(s, n, p->esc, &i, &b, &e)) {
		char *u = unquote(p, s + b, e - b);
		if (!u || (r = vec_push(&w, &u, sizeof(u))) < 0) {
			r = -ENOMEM;
			break;
		}
	}
	if (r >= 0 && w.n) {
		const char **arr = vg_arena_calloc(p->a, w.n, sizeof(*arr));
		if (!arr) {
			r = -ENOMEM;
		} else {
			memcpy(arr, w.p, w.n * sizeof(*arr));
			in->words = arr;
			in->nwords = w.n;
		}
	}
	vec_release(&w);
	return r;
}

/* ---- JSON (exec form) --------------------------------------------------------------- */

static void put_utf8(char *o, size_t *k, unsigned long c)
{
	if (c < 0x80) {
		o[(*k)++] = (char)c;
	} else if (c < 0x800) {
		o[(*k)++] = (char)(0xc0 | (c >> 6));
		o[(*k)++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		o[(*k)++] = (char)(0xe0 | (c >> 12));
		o[(*k)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[(*k)++] = (char)(0x80 | (c & 0x3f));
	} else {
		o[(*k)++] = (char)(0xf0 | (c >> 18));
		o[(*k)++] = (char)(0x80 | ((c >> 12) & 0x3f));
		o[(*k)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[(*k)++] = (char)(0x80 | (c & 0x3f));
	}
}

static int hex4(const char *s, unsigned long *ret)
{
	unsigned long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*ret = v;
	return 0;
}

/* A JSON array of strings; 1 parsed, 0 not JSON, <0 errno. */
static int parse_json(struct parser *p, const char *s, struct vg_df_instr *in)
{
	struct vec w = { 0 };
	size_t n = strlen(s), i = 1;
	int r = 0;
	char *o = vg_arena_alloc(p->a, n + 1); /* all strings share one buffer */
	size_t k = 0;
	if (!o)
		return -ENOMEM;
	i = skip_ws(s, n, i);
	if (i < n && s[i] == ']') {
		i++;
		goto done;
	}
	for (;;) {
		i = skip_ws(s, n, i);
		if (i >= n || s[i] != '"')
			goto notjson;
		i++;
		char *start = o + k;
		for (;;) {
			if (i >= n)
				goto notjson;
			unsigned char c = (unsigned char)s[i];
			if (c == '"')
				break;
			if (c < 0x20)
				goto notjson;
			if (c != '\\') {
				o[k++] = (char)c;
				i++;
				continue;
			}
			if (i + 1 >= n)
				goto notjson;
			char e = s[i + 1];
			i += 2;
			switch (e) {
			case '"': o[k++] = '"'; break;
			case '\\': o[k++] = '\\'; break;
			case '/': o[k++] = '/'; break;
			case 'b': o[k++] = '\b'; break;
			case 'f': o[k++] = '\f'; break;
			case 'n': o[k++] = '\n'; break;
			case 'r': o[k++] = '\r'; break;
			case 't': o[k++] = '\t'; break;
			case 'u': {
				unsigned long cp;
				if (i + 4 > n || hex4(s + i, &cp) < 0)
					goto notjson;
				i += 4;
				/* \uXXXX takes 6 input bytes and at most 3 output bytes; a surrogate
				 * pair takes 12 and gives 4 */
				if (cp >= 0xd800 && cp < 0xdc00 && i + 6 <= n && s[i] == '\\' &&
				    s[i + 1] == 'u') {
					unsigned long lo;
					if (hex4(s + i + 2, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
						i += 6;
					}
				}
				put_utf8(o, &k, cp);
				break;
			}
			default:
				goto notjson;
			}
		}
		i++; /* closing quote */
		o[k++] = '\0';
		if ((r = vec_push(&w, &start, sizeof(start))) < 0)
			goto out;
		i = skip_ws(s, n, i);
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		if (i < n && s[i] == ']') {
			i++;
			break;
		}
		goto notjson;
	}
done:
	if (skip_ws(s, n, i) != n)
		goto notjson;
	if (w.n) {
		const char **arr = vg_arena_calloc(p->a, w.n, sizeof(*arr));
		if (!arr) {
			r = -ENOMEM;
			goto out;
		}
		memcpy(arr, w.p, w.n * sizeof(*arr));
		in->words = arr;
	}
	in->nwords = w.n;
	in->json = true;
	r = 1;
	goto out;
notjson:
	r = 0;
out:
	vec_release(&w);
	return r;
}

/* ---- instructions ------------------------------------------------------------------- */

static const struct {
	const char *name;
	enum vg_df_kind kind;
} keywords[] = {
	{ "ADD", VG_DF_ADD },       { "ARG", VG_DF_ARG },
	{ "CMD", VG_DF_CMD },       { "COPY", VG_DF_COPY },
	{ "ENTRYPOINT", VG_DF_ENTRYPOINT }, { "ENV", VG_DF_ENV },
	{ "EXPOSE", VG_DF_EXPOSE }, { "FROM", VG_DF_FROM },
	{ "HEALTHCHECK", VG_DF_HEALTHCHECK }, { "LABEL", VG_DF_LABEL },
	{ "MAINTAINER", VG_DF_MAINTAINER }, { "ONBUILD", VG_DF_ONBUILD },
	{ "RUN", VG_DF_RUN },       { "SHELL", VG_DF_SHELL },
	{ "STOPSIGNAL", VG_DF_STOPSIGNAL }, { "USER", VG_DF_USER },
	{ "VOLUME", VG_DF_VOLUME }, { "WORKDIR", VG_DF_WORKDIR },
};

static enum vg_df_kind keyword_kind(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].name) == n && strncasecmp(keywords[i].name, s, n) == 0)
			return keywords[i].kind;
	return VG_DF_UNKNOWN;
}

static bool has_flags(enum vg_df_kind k)
{
	return k == VG_DF_FROM || k == VG_DF_RUN || k == VG_DF_COPY || k == VG_DF_ADD ||
	       k == VG_DF_HEALTHCHECK;
}

static bool expands(enum vg_df_kind k)
{
	switch (k) {
	case VG_DF_ADD: case VG_DF_COPY: case VG_DF_ENV: case VG_DF_EXPOSE: case VG_DF_FROM:
	case VG_DF_LABEL: case VG_DF_STOPSIGNAL: case VG_DF_USER: case VG_DF_VOLUME:
	case VG_DF_WORKDIR: case VG_DF_ARG:
		return true;
	default:
		return false;
	}
}

static const struct vec *scope(struct parser *p, enum vg_df_kind k)
{
	return (k == VG_DF_FROM || p->stages.n == 0) ? &p->gvars : &p->svars;
}

static int parse_flags(struct parser *p, struct vg_df_instr *in, const char *s, size_t n,
		       size_t *i)
{
	struct vec fl = { 0 };
	size_t b, e, save;
	int r = 0;
	for (;;) {
		save = *i;
		if (!raw_word(s, n, p->esc, i, &b, &e) || e - b < 3 || s[b] != '-' || s[b + 1] != '-') {
			*i = save;
			break;
		}
		struct vg_df_flag f = { 0 };
		const char *eq = memchr(s + b, '=', e - b);
		size_t nend = eq ? (size_t)(eq - s) : e;
		f.name = vg_arena_strndup(p->a, s + b + 2, nend - b - 2);
		if (!f.name) {
			r = -ENOMEM;
			break;
		}
		if (eq) {
			const char *x;
			bool unres = false;
			if ((r = expand(p, scope(p, in->kind), eq + 1, e - nend - 1, &x, &unres)) < 0)
				break;
			if (!(f.value = unquote(p, x, strlen(x)))) {
				r = -ENOMEM;
				break;
			}
		}
		if ((r = vec_push(&fl, &f, sizeof(f))) < 0)
			break;
	}
	if (r >= 0 && fl.n) {
		struct vg_df_flag *arr = vg_arena_calloc(p->a, fl.n, sizeof(*arr));
		if (!arr) {
			r = -ENOMEM;
		} else {
			memcpy(arr, fl.p, fl.n * sizeof(*arr));
			in->flags = arr;
			in->nflags = fl.n;
		}
	}
	vec_release(&fl);
	return r;
}

/* ENV, ARG, LABEL: key=value words (or the legacy "ENV KEY value"). Pushes to the scope. */
static int parse_kv(struct parser *p, struct vg_df_instr *in)
{
	struct vec kv = { 0 }, add = { 0 };
	const char *s = in->args;
	size_t n = strlen(s), i = 0, b, e;
	const struct vec *vars = scope(p, in->kind);
	int r = 0;
	while (raw_word(s, n, p->esc, &i, &b, &e)) {
		struct vg_df_kv x = { 0 };
		const char *eq = memchr(s + b, '=', e - b);
		bool unres = false;
		if (!eq && in->kind != VG_DF_ARG) {
			/* legacy form: the first word is the key, the rest the value */
			if (kv.n) {
				r = problem(p, in->line, in->column, "%s: '%.*s' is not KEY=VALUE",
					    in->keyword, (int)(e - b), s + b);
				if (r < 0)
					goto out;
				continue;
			}
			x.key = unquote(p, s + b, e - b);
			size_t vb = skip_ws(s, n, e);
			const char *v;
			if (!x.key || (r = expand(p, vars, s + vb, n - vb, &v, &unres)) < 0) {
				r = r < 0 ? r : -ENOMEM;
				goto out;
			}
			size_t vn = strlen(v);
			while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
				vn--;
			if (!(x.value = unquote(p, v, vn))) {
				r = -ENOMEM;
				goto out;
			}
			in->unresolved |= unres;
			if ((r = vec_push(&kv, &x, sizeof(x))) < 0)
				goto out;
			break;
		}
		size_t kend = eq ? (size_t)(eq - s) : e;
		if (!(x.key = unquote(p, s + b, kend - b))) {
			r = -ENOMEM;
			goto out;
		}
		if (eq) {
			const char *v;
			if ((r = expand(p, vars, eq + 1, e - kend - 1, &v, &unres)) < 0)
				goto out;
			if (!(x.value = unquote(p, v, strlen(v)))) {
				r = -ENOMEM;
				goto out;
			}
			in->unresolved |= unres;
		}
		if ((r = vec_push(&kv, &x, sizeof(x))) < 0)
			goto out;
	}
	if (kv.n == 0 && in->kind != VG_DF_LABEL) {
		r = problem(p, in->line, in->column, "%s requires at least one argument", in->keyword);
		goto out;
	}
	/* bring into scope (after all values were expanded: ENV A=1 B=$A sees the old A) */
	for (size_t k = 0; k < kv.n; k++) {
		const struct vg_df_kv *x = (const struct vg_df_kv *)kv.p + k;
		struct var v = { x->key, x->value };
		if (in->kind == VG_DF_LABEL)
			break;
		if (in->kind == VG_DF_ARG && !v.value && p->stages.n) {
			const struct var *g = lookup(&p->gvars, v.name, strlen(v.name));
			if (g)
				v.value = g->value;
		}
		if (in->kind == VG_DF_ARG && !v.value) {
			/* a bare ARG does not hide an ENV of the same name */
			const struct var *old = lookup(vars, v.name, strlen(v.name));
			if (old)
				continue;
		}
		if ((r = vec_push(&add, &v, sizeof(v))) < 0)
			goto out;
	}
	for (size_t k = 0; k < add.n; k++)
		if ((r = vec_push(p->stages.n ? &p->svars : &p->gvars,
				  (const struct var *)add.p + k, sizeof(struct var))) < 0)
			goto out;
	if (kv.n) {
		struct vg_df_kv *arr = vg_arena_calloc(p->a, kv.n, sizeof(*arr));
		if (!arr) {
			r = -ENOMEM;
			goto out;
		}
		memcpy(arr, kv.p, kv.n * sizeof(*arr));
		in->kv = arr;
		in->nkv = kv.n;
	}
out:
	vec_release(&kv);
	vec_release(&add);
	return r;
}

/* Collect the ENV pairs of stage @si and its base stages into p->svars. */
static int inherit_env(struct parser *p, size_t si, unsigned depth)
{
	const struct pstage *ps = (const struct pstage *)p->stages.p + si;
	const struct vg_df_instr *ins = p->instrs.p;
	int r;
	if (depth > 1000)
		return 0;
	if (ps->st.base_stage >= 0 && (size_t)ps->st.base_stage < si &&
	    (r = inherit_env(p, (size_t)ps->st.base_stage, depth + 1)) < 0)
		return r;
	for (size_t i = ps->first + 1; i < p->instrs.n && ins[i].stage == (int32_t)si; i++) {
		if (ins[i].kind != VG_DF_ENV)
			continue;
		for (size_t k = 0; k < ins[i].nkv; k++) {
			struct var v = { ins[i].kv[k].key, ins[i].kv[k].value };
			if ((r = vec_push(&p->svars, &v, sizeof(v))) < 0)
				return r;
		}
	}
	return 0;
}

static int start_stage(struct parser *p, struct vg_df_instr *in)
{
	struct pstage ps = { 0 };
	const char *raw[3] = { NULL, NULL, NULL };
	size_t nraw = 0, i = 0, b, e, n = strlen(in->args);
	int r;
	ps.first = p->instrs.n;
	ps.st.index = (uint32_t)p->stages.n;
	ps.st.base_stage = -1;
	ps.st.unresolved = in->unresolved;
	/* the structure comes from the raw words: an unset ${IMAGE} must not shift "AS name" */
	while (raw_word(in->args, n, p->esc, &i, &b, &e)) {
		if (nraw < 3 && !(raw[nraw] = vg_arena_strndup(p->a, in->args + b, e - b)))
			return -ENOMEM;
		nraw++;
	}
	if ((nraw != 1 && nraw != 3) || (nraw == 3 && strcasecmp(raw[1], "as") != 0)) {
		r = problem(p, in->line, in->column, "FROM requires an image and optionally AS name");
		if (r < 0)
			return r;
	}
	ps.st.image = "";
	if (nraw) {
		const char *x;
		bool unres = false;
		if ((r = expand(p, &p->gvars, raw[0], strlen(raw[0]), &x, &unres)) < 0)
			return r;
		if (!(ps.st.image = unquote(p, x, strlen(x))))
			return -ENOMEM;
		ps.st.unresolved = unres;
	}
	if (nraw >= 3 && strcasecmp(raw[1], "as") == 0) {
		char *nm = unquote(p, raw[2], strlen(raw[2]));
		if (!nm)
			return -ENOMEM;
		for (char *c = nm; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		ps.st.name = nm;
	}
	const struct pstage *prev = p->stages.p;
	for (size_t k = 0; k < p->stages.n; k++)
		if (prev[k].st.name && strcasecmp(prev[k].st.name, ps.st.image) == 0)
			ps.st.base_stage = (int32_t)k; /* the latest stage of that name */
	in->stage = (int32_t)p->stages.n;
	memset(p->counts, 0, sizeof(p->counts));
	if ((r = vec_push(&p->stages, &ps, sizeof(ps))) < 0)
		return r;
	p->svars.n = 0;
	if (ps.st.base_stage >= 0)
		return inherit_env(p, (size_t)ps.st.base_stage, 0);
	return 0;
}

/* Find heredoc openers in the shell-form args and read their bodies. */
static int read_heredocs(struct parser *p, struct vg_df_instr *in)
{
	struct vec hd = { 0 };
	const char *s = in->args;
	size_t n = strlen(s), i = 0, b, e;
	int r = 0;
	while (raw_word(s, n, p->esc, &i, &b, &e)) {
		size_t k = b;
		while (k < e && isdigit((unsigned char)s[k]))
			k++;
		if (e - k < 3 || s[k] != '<' || s[k + 1] != '<')
			continue;
		k += 2;
		struct vg_df_heredoc h = { 0 };
		if (k < e && s[k] == '-') {
			h.strip_tabs = true;
			k++;
		}
		if (k >= e || memchr(s + k, '<', e - k))
			continue;
		if ((s[k] == '"' || s[k] == '\'') && e - k >= 2 && s[e - 1] == s[k]) {
			h.quoted = true;
			h.delim = vg_arena_strndup(p->a, s + k + 1, e - k - 2);
		} else if (memchr(s + k, '"', e - k) || memchr(s + k, '\'', e - k)) {
			h.quoted = true;
			h.delim = unquote(p, s + k, e - k);
		} else {
			h.delim = vg_arena_strndup(p->a, s + k, e - k);
		}
		if (!h.delim) {
			r = -ENOMEM;
			goto out;
		}
		if (!*h.delim)
			continue;
		if ((r = vec_push(&hd, &h, sizeof(h))) < 0)
			goto out;
	}
	for (size_t d = 0; d < hd.n; d++) {
		struct vg_df_heredoc *h = (struct vg_df_heredoc *)hd.p + d;
		struct vg_strbuf body;
		const char *ls;
		size_t ln;
		bool closed = false;
		vg_strbuf_init(&body, p->lim->max_heredoc_size);
		h->line = p->lineno + 1;
		while (next_line(p, &ls, &ln)) {
			size_t off = 0;
			if (h->strip_tabs)
				while (off < ln && ls[off] == '\t')
					off++;
			if (ln - off == strlen(h->delim) && memcmp(ls + off, h->delim, ln - off) == 0) {
				closed = true;
				break;
			}
			r = vg_strbuf_append(&body, ls + off, ln - off);
			if (r >= 0)
				r = vg_strbuf_putc(&body, '\n');
			if (r < 0) {
				vg_strbuf_release(&body);
				if (r == -EFBIG)
					r = limit(p, h->line, "heredoc body", p->lim->max_heredoc_size);
				goto out;
			}
		}
		h->end_line = p->lineno;
		h->body = vg_arena_strndup(p->a, vg_strbuf_str(&body), body.len);
		vg_strbuf_release(&body);
		if (!h->body) {
			r = -ENOMEM;
			goto out;
		}
		in->end_line = p->lineno;
		if (!closed) {
			r = problem(p, in->line, in->column, "unterminated heredoc '%s' (started on line %u)",
				    h->delim, (unsigned)in->line);
			if (r < 0)
				goto out;
			/* the input ended: later heredocs of this line get empty bodies */
			for (size_t k = d + 1; k < hd.n; k++) {
				struct vg_df_heredoc *rest = (struct vg_df_heredoc *)hd.p + k;
				rest->body = "";
				rest->line = rest->end_line = p->lineno;
			}
			break;
		}
	}
	if (hd.n) {
		struct vg_df_heredoc *arr = vg_arena_calloc(p->a, hd.n, sizeof(*arr));
		if (!arr) {
			r = -ENOMEM;
			goto out;
		}
		memcpy(arr, hd.p, hd.n * sizeof(*arr));
		in->heredocs = arr;
		in->nheredocs = hd.n;
	}
out:
	vec_release(&hd);
	return r;
}

/* ONBUILD <instruction>: parse the trigger as its own instruction (flags, exec/shell form,
 * words, key-value pairs; no heredocs, no variable expansion - a trigger runs in a child
 * build), marked onbuild, with the ONBUILD's lines and kind_index. */
static int onbuild_trigger(struct parser *p, struct vg_df_instr *in)
{
	const char *a = in->args;
	size_t n = strlen(a), k = 0, i;
	int r;
	while (k < n && !isspace((unsigned char)a[k]))
		k++;
	struct vg_df_instr *t = vg_arena_calloc(p->a, 1, sizeof(*t));
	if (!t || !(t->keyword = vg_arena_strndup(p->a, a, k)))
		return -ENOMEM;
	t->kind = keyword_kind(a, k);
	t->line = in->line;
	t->end_line = in->end_line;
	t->column = in->column;
	t->stage = in->stage;
	t->kind_index = p->counts[VG_DF_ONBUILD];
	t->onbuild = true;
	if (t->kind == VG_DF_UNKNOWN)
		return problem(p, in->line, in->column, "ONBUILD: unknown instruction '%s'",
			       t->keyword);
	i = k;
	if (has_flags(t->kind) && (r = parse_flags(p, t, a, n, &i)) < 0)
		return r;
	i = skip_ws(a, n, i);
	if (!(t->args = vg_arena_strndup(p->a, a + i, n - i)))
		return -ENOMEM;
	t->expanded = t->args;
	bool json_kind = t->kind == VG_DF_RUN || t->kind == VG_DF_CMD ||
			 t->kind == VG_DF_ENTRYPOINT || t->kind == VG_DF_SHELL ||
			 t->kind == VG_DF_COPY || t->kind == VG_DF_ADD || t->kind == VG_DF_VOLUME ||
			 t->kind == VG_DF_HEALTHCHECK;
	if (json_kind && t->args[0] == '[' && (r = parse_json(p, t->args, t)) < 0)
		return r;
	if (!t->json && (r = split_words(p, t->args, t)) < 0)
		return r;
	if ((t->kind == VG_DF_ENV || t->kind == VG_DF_ARG || t->kind == VG_DF_LABEL) &&
	    (r = parse_kv(p, t)) < 0)
		return r;
	in->trigger = t;
	return 0;
}

/* One logical line (keyword at @kw, @kwn bytes; args text @args). */
static int instruction(struct parser *p, const char *kw, size_t kwn, uint32_t col,
		       uint32_t first_line, const char *text, size_t tn)
{
	struct vg_df_instr in = { 0 };
	size_t i = 0;
	int r;

	in.kind = keyword_kind(kw, kwn);
	in.line = first_line;
	in.end_line = p->lineno;
	in.column = col;
	in.stage = p->stages.n ? (int32_t)p->stages.n - 1 : -1;
	if (!(in.keyword = vg_arena_strndup(p->a, kw, kwn)))
		return -ENOMEM;
	if (in.kind == VG_DF_UNKNOWN)
		return problem(p, first_line, col, "unknown instruction '%s'", in.keyword);
	if (p->instrs.n >= p->lim->max_instructions)
		return limit(p, first_line, "number of instructions", p->lim->max_instructions);
	if (has_flags(in.kind) && (r = parse_flags(p, &in, text, tn, &i)) < 0)
		return r;
	i = skip_ws(text, tn, i);
	size_t e = tn;
	while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t'))
		e--;
	if (!(in.args = vg_arena_strndup(p->a, text + i, e - i)))
		return -ENOMEM;
	in.expanded = in.args;
	if (in.kind == VG_DF_FROM || p->stages.n) {
		if (expands(in.kind) && in.kind != VG_DF_ARG &&
		    (r = expand(p, scope(p, in.kind), in.args, strlen(in.args), &in.expanded,
				&in.unresolved)) < 0)
			return r;
	}
	if (!p->stages.n && in.kind != VG_DF_ARG && in.kind != VG_DF_FROM &&
	    (r = problem(p, first_line, col, "instruction '%s' before the first FROM", in.keyword)) < 0)
		return r;

	bool json_kind = in.kind == VG_DF_RUN || in.kind == VG_DF_CMD || in.kind == VG_DF_ENTRYPOINT ||
			 in.kind == VG_DF_SHELL || in.kind == VG_DF_COPY || in.kind == VG_DF_ADD ||
			 in.kind == VG_DF_VOLUME || in.kind == VG_DF_HEALTHCHECK;
	r = 0;
	if (json_kind && in.expanded[0] == '[')
		r = parse_json(p, in.expanded, &in);
	if (r < 0)
		return r;
	if (!in.json) {
		if (json_kind && in.expanded[0] == '[') {
			size_t k = skip_ws(in.expanded, strlen(in.expanded), 1);
			size_t l = strlen(in.expanded);
			if (in.expanded[k] == '"' && in.expanded[l - 1] != ']' &&
			    (r = problem(p, first_line, col, "%s: unterminated JSON array",
					 in.keyword)) < 0)
				return r;
		}
		if ((r = split_words(p, in.expanded, &in)) < 0)
			return r;
		if ((in.kind == VG_DF_RUN || in.kind == VG_DF_COPY || in.kind == VG_DF_ADD) &&
		    (r = read_heredocs(p, &in)) < 0)
			return r;
	}
	if ((in.kind == VG_DF_ENV || in.kind == VG_DF_ARG || in.kind == VG_DF_LABEL) &&
	    (r = parse_kv(p, &in)) < 0)
		return r;
	if (in.kind == VG_DF_FROM && (r = start_stage(p, &in)) < 0)
		return r;
	if (in.kind == VG_DF_ONBUILD && in.args[0] && (r = onbuild_trigger(p, &in)) < 0)
		return r;
	if (in.kind != VG_DF_FROM && in.kind != VG_DF_ARG && in.kind != VG_DF_ONBUILD &&
	    in.kind != VG_DF_MAINTAINER && in.kind != VG_DF_HEALTHCHECK && in.kind != VG_DF_LABEL &&
	    in.args[0] == '\0' &&
	    (r = problem(p, first_line, col, "%s requires at least one argument", in.keyword)) < 0)
		return r;
	in.kind_index = p->counts[in.kind]++;
	return vec_push(&p->instrs, &in, sizeof(in));
}

/* Parser directives at the top of the file. */
static int directives(struct parser *p)
{
	const char *s;
	size_t n;
	for (;;) {
		size_t save = p->pos;
		uint32_t line = p->lineno;
		if (!next_line(p, &s, &n))
			return 0;
		size_t i = skip_ws(s, n, 0);
		if (i >= n || s[i] != '#')
			goto back;
		i = skip_ws(s, n, i + 1);
		size_t kb = i;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		size_t ke = i;
		i = skip_ws(s, n, i);
		if (ke == kb || i >= n || s[i] != '=')
			goto back;
		i = skip_ws(s, n, i + 1);
		size_t ve = n;
		while (ve > i && (s[ve - 1] == ' ' || s[ve - 1] == '\t'))
			ve--;
		if (ke - kb == 6 && strncasecmp(s + kb, "escape", 6) == 0) {
			if (ve - i == 1 && (s[i] == '\\' || s[i] == '`')) {
				p->esc = s[i];
			} else {
				int r = problem(p, p->lineno, (uint32_t)i + 1,
						"invalid escape directive '%.*s' (must be \\ or `)",
						(int)(ve - i), s + i);
				if (r < 0)
					return r;
			}
		} else if (ke - kb == 6 && strncasecmp(s + kb, "syntax", 6) == 0) {
			if (!(p->syntax = vg_arena_strndup(p->a, s + i, ve - i)))
				return -ENOMEM;
		}
		continue;
back:
		p->pos = save;
		p->lineno = line;
		return 0;
	}
}

/* Record the comment line @s (its '#' at @i). */
static int comment(struct parser *p, const char *s, size_t n, size_t i)
{
	size_t b = skip_ws(s, n, i + 1), e = n;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
		e--;
	struct vg_df_comment c = { p->lineno, (uint32_t)i + 1, vg_arena_strndup(p->a, s + b, e - b) };
	if (!c.text)
		return -ENOMEM;
	return vec_push(&p->comments, &c, sizeof(c));
}

static int body(struct parser *p)
{
	const char *s;
	size_t n;
	struct vg_strbuf text;
	int r = 0;

	vg_strbuf_init(&text, p->lim->max_line_len);
	while (next_line(p, &s, &n)) {
		if (n > p->lim->max_line_len) {
			r = limit(p, p->lineno, "line length", p->lim->max_line_len);
			break;
		}
		size_t i = skip_ws(s, n, 0);
		if (i < n && s[i] == '#' && (r = comment(p, s, n, i)) < 0)
			break;
		if (i >= n || s[i] == '#')
			continue;
		uint32_t first = p->lineno, col = (uint32_t)i + 1;
		size_t kb = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		size_t kwn = i - kb;
		const char *kw = s + kb;
		size_t cut;
		bool more;
		/* a keyword glued to the escape: "RUN\" */
		if (kwn > 1 && kw[kwn - 1] == p->esc && i >= n) {
			kwn--;
			i--;
		}
		vg_strbuf_reset(&text);
		more = continues(s + i, n - i, p->esc, &cut);
		r = vg_strbuf_append(&text, s + i, more ? cut : n - i);
		while (r >= 0 && more && next_line(p, &s, &n)) {
			if (n > p->lim->max_line_len) {
				r = -EFBIG;
				break;
			}
			size_t j = skip_ws(s, n, 0);
			if (j >= n)
				continue; /* blank line inside a continuation: dropped */
			if (s[j] == '#') {
				/* comment inside a continuation: dropped from the instruction */
				r = comment(p, s, n, j);
				continue;
			}
			more = continues(s, n, p->esc, &cut);
			r = vg_strbuf_append(&text, s, more ? cut : n);
		}
		if (r == -EFBIG) {
			r = limit(p, first, "line length", p->lim->max_line_len);
			break;
		}
		if (r < 0)
			break;
		if ((r = instruction(p, kw, kwn, col, first, vg_strbuf_str(&text), text.len)) < 0)
			break;
	}
	vg_strbuf_release(&text);
	return r;
}

int vg_dockerfile_parse(const char *file, const char *buf, size_t len,
			const struct vg_df_limits *lim, struct vg_dockerfile **ret_df,
			struct vg_diag *ret_diag)
{
	struct vg_df_limits dlim;
	struct parser p;
	struct df_owner *o;
	int r;

	if ((!buf && len) || !ret_df)
		return -EINVAL;
	if (!lim) {
		vg_df_limits_init(&dlim);
		lim = &dlim;
	}
	if (ret_diag)
		vg_diag_clear(ret_diag);
	if (len > lim->max_file_size) {
		if (ret_diag)
			vg_diag_set(ret_diag, VG_DIAG_LIMIT, file, 0, 0,
				    "file size %zu exceeds the limit of %zu", len, lim->max_file_size);
		return -EFBIG;
	}
	if (!(o = calloc(1, sizeof(*o))))
		return -ENOMEM;
	vg_arena_init(&o->arena, 0);
	memset(&p, 0, sizeof(p));
	p.a = &o->arena;
	p.lim = lim;
	p.file = file;
	p.buf = buf;
	p.len = len;
	p.esc = '\\';
	p.diag = ret_diag;
	/* a UTF-8 byte order mark is ignored */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3;
	if ((r = directives(&p)) < 0 || (r = body(&p)) < 0)
		goto fail;
	if (p.instrs.n == 0 && (r = problem(&p, 1, 1, "file contains no instructions")) < 0)
		goto fail;
	else if (p.instrs.n && p.stages.n == 0 &&
		 (r = problem(&p, 1, 1, "no FROM instruction")) < 0)
		goto fail;

	struct vg_dockerfile *df = &o->df;
	r = -ENOMEM;
	if (file && !(df->file = vg_arena_strdup(p.a, file)))
		goto fail;
	df->escape = p.esc;
	df->syntax = p.syntax;
	if (p.instrs.n) {
		struct vg_df_instr *arr = vg_arena_calloc(p.a, p.instrs.n, sizeof(*arr));
		if (!arr)
			goto fail;
		memcpy(arr, p.instrs.p, p.instrs.n * sizeof(*arr));
		df->instrs = arr;
		df->ninstrs = p.instrs.n;
	}
	if (p.stages.n) {
		struct vg_df_stage *st = vg_arena_calloc(p.a, p.stages.n, sizeof(*st));
		const struct pstage *ps = p.stages.p;
		if (!st)
			goto fail;
		for (size_t i = 0; i < p.stages.n; i++) {
			size_t end = i + 1 < p.stages.n ? ps[i + 1].first : p.instrs.n;
			st[i] = ps[i].st;
			st[i].from = &df->instrs[ps[i].first];
			st[i].instrs = &df->instrs[ps[i].first];
			st[i].ninstrs = end - ps[i].first;
		}
		df->stages = st;
		df->nstages = p.stages.n;
	}
	if (p.problems.n) {
		struct vg_df_problem *pr = vg_arena_calloc(p.a, p.problems.n, sizeof(*pr));
		if (!pr)
			goto fail;
		memcpy(pr, p.problems.p, p.problems.n * sizeof(*pr));
		df->problems = pr;
		df->nproblems = p.problems.n;
	}
	if (p.comments.n) {
		struct vg_df_comment *cm = vg_arena_calloc(p.a, p.comments.n, sizeof(*cm));
		if (!cm)
			goto fail;
		memcpy(cm, p.comments.p, p.comments.n * sizeof(*cm));
		df->comments = cm;
		df->ncomments = p.comments.n;
	}
	vec_release(&p.instrs);
	vec_release(&p.problems);
	vec_release(&p.stages);
	vec_release(&p.gvars);
	vec_release(&p.svars);
	vec_release(&p.comments);
	*ret_df = df;
	return 0;
fail:
	vec_release(&p.instrs);
	vec_release(&p.problems);
	vec_release(&p.stages);
	vec_release(&p.gvars);
	vec_release(&p.svars);
	vec_release(&p.comments);
	vg_arena_release(&o->arena);
	free(o);
	return r;
}

void vg_dockerfile_free(struct vg_dockerfile *df)
{
	struct df_owner *o = (struct df_owner *)df;
	if (!df)
		return;
	vg_arena_release(&o->arena);
	free(o);
}
