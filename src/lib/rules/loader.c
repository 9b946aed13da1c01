/* SPDX-License-Identifier: Apache-2.0 */
/* loader.c - vigil/rulesfile.h: messages, contexts, loading, the loaded rules, evaluation. */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/loader_internal.h"
#include "rules/rules_internal.h"
#include "util/banned.h"

/* ---- small helpers ----------------------------------------------------------------------- */

void *ld_grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(v, nc * size);
	if (!p)
		return NULL;
	*cap = nc;
	return p;
}

bool ld_semver_parse(const char *s, unsigned ret[3])
{
	/* sinsp_version: "%u.%u.%u", anything may follow */
	const char *p = s;
	for (int i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return false;
		unsigned long v = 0;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > 0xffffffffUL)
				return false;
			p++;
		}
		ret[i] = (unsigned)v;
		if (i < 2) {
			if (*p != '.')
				return false;
			p++;
		}
	}
	return true;
}

bool ld_semver_compatible(const unsigned have[3], const unsigned want[3])
{
	if (have[0] != want[0])
		return false;
	if (have[1] != want[1])
		return have[1] > want[1];
	return have[2] >= want[2];
}

/* ---- contexts ---------------------------------------------------------------------------- */

void ld_ctx_file(const struct ld_state *st, struct ld_ctx *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->n = 1;
	ret->l[0] = (struct ld_loc){ "rules content", "", st->inputs[st->cur].name, 0, 0, 0,
				     (int32_t)st->cur };
}

static uint32_t node_offset(const struct ld_input *in, uint32_t line, uint32_t col)
{
	uint32_t l = 1;
	size_t i = 0;
	while (i < in->len && l < line) {
		if (in->buf[i] == '\n')
			l++;
		i++;
	}
	i += col ? col - 1 : 0;
	return (uint32_t)(i > in->len ? in->len : i);
}

void ld_ctx_push(const struct ld_state *st, const struct ld_ctx *parent, const struct vg_node *n,
		 const char *type, const char *name, struct ld_ctx *ret)
{
	if (ret != parent)
		*ret = *parent;
	if (ret->n >= LD_MAX_LOCS)
		return;
	struct ld_loc *l = &ret->l[ret->n++];
	l->type = type;
	l->name = name ? name : "";
	l->file = st->inputs[st->cur].name;
	l->line = n ? n->line : 0;
	l->col = n ? n->column : 0;
	l->off = n ? node_offset(&st->inputs[st->cur], l->line, l->col) : 0;
	l->file_index = (int32_t)st->cur;
}

void ld_ctx_cond(struct ld_state *st, const struct ld_ctx *parent, const char *cond,
		 const struct vg_ast_pos *pos, struct ld_ctx *ret)
{
	*ret = *parent;
	if (ret->n >= LD_MAX_LOCS)
		return;
	size_t len = strlen(cond);
	char *name = len > 20 ? vg_arena_printf(&st->arena, "\"%.17s...\"", cond)
			      : vg_arena_printf(&st->arena, "\"%s\"", cond);
	for (char *p = name; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	struct ld_loc *l = &ret->l[ret->n++];
	l->type = "condition expression";
	l->name = "";
	l->file = name ? name : "";
	l->line = pos ? pos->line : 0;
	l->col = pos ? pos->col : 0;
	l->off = pos ? pos->offset : 0;
	if (pos && !pos->offset && pos->line) {
		/* compilers report line/column only */
		uint32_t line = 1;
		const char *q = cond;
		while (*q && line < pos->line)
			line += *q++ == '\n';
		size_t o = (size_t)(q - cond) + (pos->col ? pos->col - 1 : 0);
		l->off = (uint32_t)(o > len ? len : o);
	}
	l->file_index = -1;
	ret->alt = vg_arena_strdup(&st->arena, cond);
}

/* ---- messages ---------------------------------------------------------------------------- */

static const char *const code_descs[][2] = {
	{ "LOAD_ERR_FILE_READ", "File read error" },
	{ "LOAD_ERR_YAML_PARSE", "YAML parse error" },
	{ "LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file" },
	{ "LOAD_ERR_COMPILE_CONDITION", "Error compiling condition" },
	{ "LOAD_ERR_COMPILE_OUTPUT", "Error compiling output" },
	{ "LOAD_ERR_VALIDATE", "Error validating rule/macro/list/exception objects" },
	{ "LOAD_ERR_EXTENSION", "Error in extension item" },
	{ "LOAD_UNKNOWN_SOURCE", "Unknown event source" },
	{ "LOAD_UNSAFE_NA_CHECK", "Unsafe <NA> comparison in condition" },
	{ "LOAD_NO_EVTTYPE", "Condition has no event-type restriction" },
	{ "LOAD_UNKNOWN_FILTER", "Unknown field or event-type in condition or output" },
	{ "LOAD_UNUSED_MACRO", "Unused macro" },
	{ "LOAD_UNUSED_LIST", "Unused list" },
	{ "LOAD_UNKNOWN_ITEM", "Unknown rules file item" },
	{ "LOAD_DEPRECATED_ITEM", "Used deprecated item" },
	{ "LOAD_WARNING_EXTENSION", "Warning in extension item" },
	{ "LOAD_APPEND_NO_VALUES", "Overriding/appending with no values" },
	{ "LOAD_EXCEPTION_NAME_NOT_UNIQUE", "Multiple exceptions defined with the same name" },
	{ "LOAD_INVALID_MACRO_NAME", "Invalid macro name" },
	{ "LOAD_INVALID_LIST_NAME", "Invalid list name" },
	{ "LOAD_COMPILE_CONDITION", "Warning in rule condition" },
	{ "LOAD_UNKNOWN_KEY", "Unknown key in item definition" },
};

static const char *code_desc(const char *code)
{
	for (size_t i = 0; i < sizeof(code_descs) / sizeof(code_descs[0]); i++)
		if (strcmp(code_descs[i][0], code) == 0)
			return code_descs[i][0 + 1];
	return "";
}

/* The line holding offset @off of @text and a caret under it (Falco's snippet, width 160). */
static char *make_snippet(struct vg_arena *a, const char *text, size_t len, size_t off)
{
	if (!text || !len)
		return vg_arena_strdup(a, "<No context available>\n");
	size_t pos = off;
	while (pos > 0 && (pos >= len || text[pos] == '\n'))
		pos--;
	size_t from = pos, to = pos;
	while (from > 0 && text[from] != '\n' && pos - from < 80)
		from--;
	while (to + 1 < len && text[to] != '\n' && to - pos < 80)
		to++;
	if (text[from] == '\n')
		from++;
	if (text[to] == '\n' && to > from)
		to--;
	if (to < from)
		return vg_arena_strdup(a, "<No context available>\n");
	size_t caret = pos >= from ? pos - from : 0;
	char *s = vg_arena_alloc(a, (to - from + 1) + caret + 4);
	if (!s)
		return NULL;
	size_t k = 0;
	memcpy(s, text + from, to - from + 1);
	k = to - from + 1;
	s[k++] = '\n';
	memset(s + k, ' ', caret);
	k += caret;
	s[k++] = '^';
	s[k++] = '\n';
	s[k] = '\0';
	return s;
}

int ld_msg(struct ld_state *st, bool error, const char *code, const struct ld_ctx *ctx,
	   const char *fmt, ...)
{
	struct vg_rules_msgs *m = st->msgs;
	struct vg_rules_msg *v = ld_grow(m->v, &m->cap, m->n, sizeof(*m->v));
	if (!v)
		return -ENOMEM;
	m->v = v;
	struct vg_rules_msg *msg = &m->v[m->n];
	memset(msg, 0, sizeof(*msg));
	va_list ap;
	va_start(ap, fmt);
	msg->message = vg_arena_vprintf(&m->arena, fmt, ap);
	va_end(ap);
	msg->error = error;
	msg->code = code;
	msg->codedesc = code_desc(code);
	msg->result = st->cur;
	struct vg_rules_loc *locs = vg_arena_calloc(&m->arena, ctx->n ? ctx->n : 1, sizeof(*locs));
	if (!msg->message || !locs)
		return -ENOMEM;
	const struct ld_loc *last_yaml = NULL, *item = NULL;
	for (uint32_t i = 0; i < ctx->n; i++) {
		const struct ld_loc *l = &ctx->l[i];
		locs[i].item_type = vg_arena_strdup(&m->arena, l->type);
		locs[i].item_name = vg_arena_strdup(&m->arena, l->name);
		locs[i].name = vg_arena_strdup(&m->arena, l->file);
		locs[i].line = l->line;
		locs[i].column = l->col;
		locs[i].offset = l->off;
		if (l->file_index >= 0)
			last_yaml = l;
		else
			msg->cond_column = l->col;
		if (!item && i > 0 && l->file_index >= 0)
			item = l;
	}
	msg->locs = locs;
	msg->nlocs = ctx->n;
	if (last_yaml) {
		msg->file = vg_arena_strdup(&m->arena, ctx->l[0].file);
		msg->line = last_yaml->line;
		msg->column = last_yaml->col;
	}
	if (item) {
		msg->item_type = locs[item - ctx->l].item_type;
		msg->item_name = locs[item - ctx->l].item_name;
	}
	const struct ld_loc *in = ctx->n ? &ctx->l[ctx->n - 1] : NULL;
	if (in && in->file_index < 0 && ctx->alt)
		msg->snippet = make_snippet(&m->arena, ctx->alt, strlen(ctx->alt), in->off);
	else if (in && in->file_index >= 0 && (size_t)in->file_index < st->ninputs)
		msg->snippet = make_snippet(&m->arena, st->inputs[in->file_index].buf,
					    st->inputs[in->file_index].len, in->off);
	else
		msg->snippet = vg_arena_strdup(&m->arena, "<No context available>\n");
	m->n++;
	if (error) {
		m->nerrors++;
		return -EBADMSG;
	}
	return 0;
}

size_t vg_rules_msgs_count(const struct vg_rules_msgs *m)
{
	return m ? m->n : 0;
}

const struct vg_rules_msg *vg_rules_msgs_get(const struct vg_rules_msgs *m, size_t i)
{
	return m && i < m->n ? &m->v[i] : NULL;
}

size_t vg_rules_msgs_errors(const struct vg_rules_msgs *m)
{
	return m ? m->nerrors : 0;
}

size_t vg_rules_msgs_result_errors(const struct vg_rules_msgs *m, size_t result)
{
	size_t n = 0;
	for (size_t i = 0; m && i < m->n; i++)
		n += m->v[i].error && m->v[i].result == result;
	return n;
}

void vg_rules_msgs_free(struct vg_rules_msgs *m)
{
	if (!m)
		return;
	vg_arena_release(&m->arena);
	free(m->v);
	free(m);
}

/* ---- the loaded rules -------------------------------------------------------------------- */

struct vg_rules {
	atomic_uint refs;
	struct vg_arena arena;
	struct vg_rule_info *info;
	struct vg_cond **conds;
	struct vg_rules_output **outs;
	size_t n;
	size_t nrules, nmacros, nlists;
	enum vg_rule_matching matching;
	struct vg_ruleset *rs[VG_SOURCE__COUNT];
	_Atomic uint64_t *hits;
};

void vg_rules_load_opts_init(struct vg_rules_load_opts *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->min_priority = VG_PRIO_DEBUG;
	ret->matching = VG_RULE_MATCH_FIRST;
}

static void rules_free(struct vg_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		vg_cond_unref(r->conds[i]);
		vg_rules_output_free(r->outs[i]);
	}
	for (int s = 0; s < VG_SOURCE__COUNT; s++)
		vg_ruleset_unref(r->rs[s]);
	free(r->conds);
	free(r->outs);
	free(r->info);
	free(r->hits);
	vg_arena_release(&r->arena);
	free(r);
}

struct vg_rules *vg_rules_ref(struct vg_rules *r)
{
	if (r)
		atomic_fetch_add(&r->refs, 1);
	return r;
}

void vg_rules_unref(struct vg_rules *r)
{
	if (r && atomic_fetch_sub(&r->refs, 1) == 1)
		rules_free(r);
}

static bool name_matches(const char *const *pats, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (pats[i] && (strcmp(pats[i], name) == 0 || fnmatch(pats[i], name, 0) == 0))
			return true;
	return false;
}

static bool rule_enabled(const struct vg_rules_load_opts *o, const struct ld_rule *lr)
{
	bool en = lr->enabled;
	if (lr->priority > o->min_priority)
		return false;
	for (size_t t = 0; t < lr->ntags; t++)
		for (size_t k = 0; k < o->ndisable_tags; k++)
			if (o->disable_tags[k] && strcmp(o->disable_tags[k], lr->tags[t]) == 0)
				en = false;
	if (name_matches(o->disable_rules, o->ndisable_rules, lr->name))
		en = false;
	if (name_matches(o->enable_rules, o->nenable_rules, lr->name))
		en = true;
	return en;
}

static int build_rules(struct ld_state *st, struct vg_rules **ret)
{
	struct vg_rules *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	atomic_init(&r->refs, 1);
	vg_arena_init(&r->arena, 16384);
	r->matching = st->opts->matching;
	r->nrules = st->nrules;
	r->nmacros = st->nmacros;
	r->nlists = st->nlists;
	size_t n = st->ncompiled;
	r->info = calloc(n + 1, sizeof(*r->info));
	r->conds = calloc(n + 1, sizeof(*r->conds));
	r->outs = calloc(n + 1, sizeof(*r->outs));
	r->hits = calloc(n + 1, sizeof(*r->hits));
	int err = -ENOMEM;
	if (!r->info || !r->conds || !r->outs || !r->hits)
		goto fail;
	for (int s = 1; s < VG_SOURCE__COUNT; s++)
		if (vg_ruleset_new((enum vg_source)s, &r->rs[s]))
			goto fail;
	for (size_t i = 0; i < n; i++) {
		struct ld_compiled_rule *c = &st->compiled[i];
		const struct ld_rule *lr = &st->rules[c->rule];
		struct vg_rule_info *in = &r->info[i];
		in->name = vg_arena_strdup(&r->arena, lr->name);
		in->desc = vg_arena_strdup(&r->arena, lr->desc ? lr->desc : "");
		in->output = vg_arena_strdup(&r->arena, lr->output ? lr->output : "");
		in->source = vg_source_from_name(lr->source, (size_t)-1);
		in->priority = lr->priority;
		const char **tags = vg_arena_calloc(&r->arena, lr->ntags + 1, sizeof(*tags));
		if (!in->name || !in->desc || !in->output || !tags)
			goto fail;
		for (size_t t = 0; t < lr->ntags; t++)
			if (!(tags[t] = vg_arena_strdup(&r->arena, lr->tags[t])))
				goto fail;
		in->tags = tags;
		in->ntags = lr->ntags;
		in->enabled = rule_enabled(st->opts, lr);
		r->conds[i] = c->cond;
		r->outs[i] = c->out;
		c->cond = NULL;
		c->out = NULL;
		r->n = i + 1;
		if (in->enabled && (err = vg_ruleset_add(r->rs[in->source], r->conds[i],
							  (uint32_t)i)))
			goto fail;
		err = -ENOMEM;
	}
	*ret = r;
	return 0;
fail:
	rules_free(r);
	return err;
}

static void state_release(struct ld_state *st)
{
	ld_compiled_clear(st);
	free(st->compiled);
	free(st->lists);
	free(st->macros);
	free(st->rules);
	free(st->preqs);
	vg_arena_release(&st->arena);
}

int vg_rules_load_buffers(const char *const *names, const char *const *bufs, const size_t *lens,
			  size_t n, const struct vg_rules_load_opts *opts,
			  struct vg_rules **ret_rules, struct vg_rules_msgs **ret_msgs)
{
	struct vg_rules_load_opts dflt;
	struct ld_input *inputs = NULL;
	struct ld_state st;
	int err = 0;
	if (!ret_msgs || (n && (!names || !bufs || !lens)))
		return -EINVAL;
	if (!opts) {
		vg_rules_load_opts_init(&dflt);
		opts = &dflt;
	}
	struct vg_rules_msgs *m = calloc(1, sizeof(*m));
	inputs = calloc(n + 1, sizeof(*inputs));
	if (!m || !inputs) {
		free(m);
		free(inputs);
		return -ENOMEM;
	}
	vg_arena_init(&m->arena, 16384);
	memset(&st, 0, sizeof(st));
	vg_arena_init(&st.arena, 65536);
	st.opts = opts;
	vg_cond_limits_resolve(opts->limits, &st.climits);
	st.msgs = m;
	st.inputs = inputs;
	st.ninputs = n;
	for (size_t i = 0; i < n; i++)
		inputs[i] = (struct ld_input){ names[i] ? names[i] : "<buffer>", bufs[i], lens[i] };
	for (size_t i = 0; i < n; i++) {
		st.cur = i;
		err = ld_read(&st);
		if (err == -ENOMEM)
			goto done;
		if (err)
			continue; /* Falco: a file that fails to read is not compiled */
		err = ld_compile(&st);
		if (err == -ENOMEM)
			goto done;
		if (!err)
			err = ld_check_plugins(&st);
		if (err == -ENOMEM)
			goto done;
	}
	err = 0;
	if (m->nerrors) {
		err = -EBADMSG;
	} else if (ret_rules) {
		err = build_rules(&st, ret_rules);
	}
done:
	state_release(&st);
	free(inputs);
	*ret_msgs = m;
	return err;
}

int vg_rules_load_files(const char *const *paths, size_t n, const struct vg_rules_load_opts *opts,
			struct vg_rules **ret_rules, struct vg_rules_msgs **ret_msgs)
{
	char **bufs = calloc(n + 1, sizeof(*bufs));
	size_t *lens = calloc(n + 1, sizeof(*lens));
	int err = 0, ioerr = 0;
	if (!bufs || !lens) {
		free(bufs);
		free(lens);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n && !ioerr; i++) {
		FILE *f = fopen(paths[i], "rb");
		struct vg_strbuf b = VG_STRBUF_INIT;
		vg_strbuf_init(&b, VG_DEFAULT_MAX_FILE_SIZE);
		if (!f) {
			ioerr = -errno;
		} else {
			char chunk[65536];
			size_t k;
			while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
				if ((ioerr = vg_strbuf_append(&b, chunk, k)))
					break;
			if (!ioerr && ferror(f))
				ioerr = -EIO;
			fclose(f);
		}
		if (ioerr) {
			vg_strbuf_release(&b);
			struct vg_rules_msgs *m = calloc(1, sizeof(*m));
			if (!m) {
				err = -ENOMEM;
				break;
			}
			vg_arena_init(&m->arena, 4096);
			struct ld_state st;
			struct ld_input in = { paths[i], "", 0 };
			memset(&st, 0, sizeof(st));
			st.msgs = m;
			st.inputs = &in;
			st.ninputs = 1;
			struct ld_ctx ctx;
			ld_ctx_file(&st, &ctx);
			ld_msg(&st, true, LD_ERR_FILE_READ, &ctx, "Could not open file %s for reading: %s",
			       paths[i], strerror(-ioerr));
			m->v[m->n - 1].result = i;
			*ret_msgs = m;
			err = ioerr;
			break;
		}
		lens[i] = b.len;
		bufs[i] = b.buf ? b.buf : strdup("");
		if (!bufs[i]) {
			err = -ENOMEM;
			break;
		}
	}
	if (!err)
		err = vg_rules_load_buffers(paths, (const char *const *)bufs, lens, n, opts,
					    ret_rules, ret_msgs);
	for (size_t i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(lens);
	return err;
}

void vg_rules_counts(const struct vg_rules *r, size_t *ret_rules, size_t *ret_macros,
		     size_t *ret_lists)
{
	if (ret_rules)
		*ret_rules = r ? r->nrules : 0;
	if (ret_macros)
		*ret_macros = r ? r->nmacros : 0;
	if (ret_lists)
		*ret_lists = r ? r->nlists : 0;
}

size_t vg_rules_count(const struct vg_rules *r)
{
	return r ? r->n : 0;
}

const struct vg_rule_info *vg_rules_get(const struct vg_rules *r, size_t i)
{
	return r && i < r->n ? &r->info[i] : NULL;
}

void vg_rules_evtset(const struct vg_rules *r, enum vg_source source, struct vg_evtset *ret_set)
{
	vg_evtset_clear(ret_set);
	if (r && source > VG_SOURCE_NONE && source < VG_SOURCE__COUNT && r->rs[source])
		vg_ruleset_evtset(r->rs[source], ret_set);
}

int vg_rules_eval(const struct vg_rules *r, enum vg_source source, const void *event,
		  vg_rule_match_cb cb, void *userdata)
{
	uint32_t ids[1024];
	if (!r || !event || source <= VG_SOURCE_NONE || source >= VG_SOURCE__COUNT ||
	    !r->rs[source])
		return -EINVAL;
	enum vg_match_mode mode = r->matching == VG_RULE_MATCH_ALL ? VG_MATCH_ALL : VG_MATCH_FIRST;
	size_t n = vg_ruleset_eval(r->rs[source], event, mode, ids, sizeof(ids) / sizeof(ids[0]));
	if (n > sizeof(ids) / sizeof(ids[0]))
		n = sizeof(ids) / sizeof(ids[0]); /* more than 1024 rules matching one event */
	for (size_t i = 0; i < n; i++) {
		atomic_fetch_add_explicit(&r->hits[ids[i]], 1, memory_order_relaxed);
		if (cb) {
			int rc = cb(r, ids[i], userdata);
			if (rc < 0)
				return rc;
		}
	}
	return (int)n;
}

uint64_t vg_rules_match_count(const struct vg_rules *r, size_t rule_index)
{
	if (!r || rule_index >= r->n)
		return 0;
	return atomic_load_explicit(&r->hits[rule_index], memory_order_relaxed);
}

int vg_rules_render(const struct vg_rules *r, size_t rule_index, const void *event,
		    int64_t time_ns, const char *hostname, struct vg_alert_scratch *scratch,
		    struct vg_alert *ret_alert)
{
	if (!r || rule_index >= r->n || !event || !scratch || !ret_alert)
		return -EINVAL;
	const struct vg_rule_info *in = &r->info[rule_index];
	struct vg_alert a;
	memset(&a, 0, sizeof(a));
	int err = vg_rules_output_render(r->outs[rule_index], event, scratch, &a.output,
					 &a.fields, &a.nfields);
	if (err)
		return err;
	a.time_ns = time_ns;
	a.rule = in->name;
	a.priority = in->priority;
	a.source = vg_source_name(in->source);
	a.tags = in->tags;
	a.ntags = in->ntags;
	a.hostname = hostname;
	*ret_alert = a;
	return 0;
}
