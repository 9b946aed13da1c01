/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - the report: findings, errors and notes copied into the report's arena, scan
 * statistics, sorting, filtering, counting; severity and format names; the writer dispatch.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "util/banned.h"

/* ---- severities and formats ------------------------------------------------------------ */

static const char *const severity_names[VG_SEV_COUNT] = {
	[VG_SEV_INFO] = "info",
	[VG_SEV_LOW] = "low",
	[VG_SEV_MEDIUM] = "medium",
	[VG_SEV_HIGH] = "high",
	[VG_SEV_CRITICAL] = "critical",
};

const char *vg_severity_name(enum vg_severity s)
{
	if ((unsigned)s >= VG_SEV_COUNT)
		return "unknown";
	return severity_names[s];
}

const char *vg_suppression_name(enum vg_suppression s)
{
	switch (s) {
	case VG_SUPPRESSION_ANNOTATION:
		return "inline-annotation";
	case VG_SUPPRESSION_COMMENT:
		return "inline-comment";
	case VG_SUPPRESSION_IGNORE_FILE:
		return "ignore-file";
	case VG_SUPPRESSION_CONFIG:
		return "config";
	case VG_SUPPRESSION_NONE:
		break;
	}
	return "none";
}

bool vg_suppression_in_source(enum vg_suppression s)
{
	return s == VG_SUPPRESSION_ANNOTATION || s == VG_SUPPRESSION_COMMENT;
}

/* ASCII-only case folding: the result must not depend on the locale (think Turkish i). */
static bool ascii_case_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (unsigned char)(cb - 'A' + 'a');
		if (ca != cb)
			return false;
		if (ca == '\0')
			return true;
	}
}

int vg_severity_parse(const char *s, enum vg_severity *ret)
{
	if (!s || !ret)
		return -EINVAL;
	for (unsigned i = 0; i < VG_SEV_COUNT; i++) {
		if (ascii_case_eq(s, severity_names[i])) {
			*ret = (enum vg_severity)i;
			return 0;
		}
	}
	if (ascii_case_eq(s, "unknown")) { /* Trivy's UNKNOWN */
		*ret = VG_SEV_INFO;
		return 0;
	}
	return -EINVAL;
}

int vg_format_parse(const char *s, enum vg_format *ret)
{
	static const struct {
		const char *name;
		enum vg_format fmt;
	} formats[] = {
		{ "table", VG_FORMAT_TABLE },
		{ "json", VG_FORMAT_JSON },
		{ "sarif", VG_FORMAT_SARIF },
	};
	if (!s || !ret)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(s, formats[i].name) == 0) {
			*ret = formats[i].fmt;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- lifecycle ------------------------------------------------------------------------- */

int vg_report_new(struct vg_report **ret_report)
{
	if (!ret_report)
		return -EINVAL;
	struct vg_report *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	vg_arena_init(&r->arena, 0);
	*ret_report = r;
	return 0;
}

void vg_report_free(struct vg_report *r)
{
	if (!r)
		return;
	vg_arena_release(&r->arena);
	free(r->findings.items);
	free(r->errors.items);
	free(r->notes.items);
	free(r);
}

/* Make room for one more item, so that a later push cannot fail. */
static int vec_reserve(struct vg_rep_vec *v)
{
	if (v->n < v->cap)
		return 0;
	size_t cap = v->cap ? v->cap : 16;
	if (v->cap) {
		if (cap > SIZE_MAX / 2 / sizeof(void *))
			return -ENOMEM;
		cap *= 2;
	}
	void **items = realloc(v->items, cap * sizeof(void *));
	if (!items)
		return -ENOMEM;
	v->items = items;
	v->cap = cap;
	return 0;
}

/* ---- adding ---------------------------------------------------------------------------- */

/* An arena copy of @s; NULL stays NULL. A string that is the check table's own static text
 * (@static_text, pointer-equal) is kept as is: the tables outlive every report. */
static const char *copy_str(struct vg_report *r, const char *s, const char *static_text,
			    bool *oom)
{
	if (!s)
		return NULL;
	if (s == static_text)
		return s;
	const char *c = vg_arena_strdup(&r->arena, s);
	if (!c)
		*oom = true;
	return c;
}

int vg_report_add(struct vg_report *r, const struct vg_finding *f)
{
	if (!r || !f)
		return -EINVAL;
	const struct vg_check_info *check = f->check;
	const char *id = f->id ? f->id : check ? check->id : NULL;
	if (!id || !*id || (unsigned)f->severity >= VG_SEV_COUNT || f->nrefs > VG_MAX_REFS ||
	    (unsigned)f->suppressed > VG_SUPPRESSION_CONFIG)
		return -EINVAL;
	for (size_t i = 0; i < f->nrefs; i++)
		if (!f->refs[i].key)
			return -EINVAL;
	int ret = vec_reserve(&r->findings);
	if (ret < 0)
		return ret;

	struct vg_rep_finding *rec = vg_arena_zalloc(&r->arena, sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	bool oom = false;
	struct vg_finding *c = &rec->f;
	const char *title = f->title ? f->title : check && check->title ? check->title : id;
	const char *remediation = f->remediation ? f->remediation : check ? check->remediation : NULL;
	c->check = check;
	c->id = copy_str(r, id, check ? check->id : NULL, &oom);
	c->severity = f->severity;
	c->title = copy_str(r, title, check ? check->title : NULL, &oom);
	/* title and message are required by every output; the ID and title stand in */
	c->message = f->message ? copy_str(r, f->message, NULL, &oom) : c->title;
	c->remediation = copy_str(r, remediation, check ? check->remediation : NULL, &oom);
	if (f->file && r->last_file && strcmp(f->file, r->last_file) == 0) {
		c->file = r->last_file; /* findings arrive file by file: share one copy */
	} else {
		c->file = copy_str(r, f->file, NULL, &oom);
		if (c->file)
			r->last_file = c->file;
	}
	c->line = f->line;
	c->column = f->column;
	c->object.api_version = copy_str(r, f->object.api_version, NULL, &oom);
	c->object.kind = copy_str(r, f->object.kind, NULL, &oom);
	c->object.namespace = copy_str(r, f->object.namespace, NULL, &oom);
	c->object.name = copy_str(r, f->object.name, NULL, &oom);
	c->path = copy_str(r, f->path, NULL, &oom);
	c->nrefs = f->nrefs;
	for (size_t i = 0; i < f->nrefs; i++) {
		c->refs[i].key = copy_str(r, f->refs[i].key, NULL, &oom);
		c->refs[i].value = copy_str(r, f->refs[i].value ? f->refs[i].value : "", NULL, &oom);
	}
	if (f->pkg) {
		struct vg_finding_pkg *p = vg_arena_zalloc(&r->arena, sizeof(*p));
		if (!p)
			return -ENOMEM;
		p->name = copy_str(r, f->pkg->name, NULL, &oom);
		p->version = copy_str(r, f->pkg->version, NULL, &oom);
		p->fixed_version = copy_str(r, f->pkg->fixed_version, NULL, &oom);
		p->ecosystem = copy_str(r, f->pkg->ecosystem, NULL, &oom);
		p->purl = copy_str(r, f->pkg->purl, NULL, &oom);
		p->type = copy_str(r, f->pkg->type, NULL, &oom);
		p->layer = copy_str(r, f->pkg->layer, NULL, &oom);
		p->aliases = copy_str(r, f->pkg->aliases, NULL, &oom);
		p->score = f->pkg->score;
		p->cvss_vector = copy_str(r, f->pkg->cvss_vector, NULL, &oom);
		p->url = copy_str(r, f->pkg->url, NULL, &oom);
		c->pkg = p;
	}
	c->suppressed = f->suppressed;
	if (f->suppressed)
		c->justification = copy_str(r, f->justification, NULL, &oom);
	if (oom)
		return -ENOMEM; /* the records already made stay in the arena, unreferenced */
	rec->seq = r->seq++;
	r->findings.items[r->findings.n++] = rec;
	r->nsuppressed += c->suppressed != VG_SUPPRESSION_NONE;
	return 0;
}

int vg_report_add_check(struct vg_report *r, const struct vg_check_info *check,
			const struct vg_check_info **ret_check)
{
	if (!r || !check || !check->id || !ret_check)
		return -EINVAL;
	struct vg_check_info *c = vg_arena_zalloc(&r->arena, sizeof(*c));
	if (!c)
		return -ENOMEM;
	bool oom = false;
	c->id = copy_str(r, check->id, NULL, &oom);
	c->family = copy_str(r, check->family, NULL, &oom);
	c->severity = check->severity;
	c->title = copy_str(r, check->title, NULL, &oom);
	c->description = copy_str(r, check->description, NULL, &oom);
	c->remediation = copy_str(r, check->remediation, NULL, &oom);
	c->help_uri = copy_str(r, check->help_uri, NULL, &oom);
	for (size_t i = 0; i < VG_MAX_REFS && check->refs[i].key; i++) {
		c->refs[i].key = copy_str(r, check->refs[i].key, NULL, &oom);
		c->refs[i].value = copy_str(r, check->refs[i].value, NULL, &oom);
	}
	if (oom)
		return -ENOMEM;
	*ret_check = c;
	return 0;
}

int vg_report_add_error(struct vg_report *r, const struct vg_diag *d)
{
	if (!r || !d)
		return -EINVAL;
	int ret = vec_reserve(&r->errors);
	if (ret < 0)
		return ret;
	struct vg_rep_error *rec = vg_arena_alloc(&r->arena, sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	rec->d = *d;
	rec->d.file[sizeof(rec->d.file) - 1] = '\0';
	rec->d.message[sizeof(rec->d.message) - 1] = '\0';
	rec->seq = r->seq++;
	r->errors.items[r->errors.n++] = rec;
	r->stats.errors++;
	return 0;
}

int vg_report_add_note(struct vg_report *r, const char *file, uint32_t line, const char *message)
{
	if (!r || !message)
		return -EINVAL;
	int ret = vec_reserve(&r->notes);
	if (ret < 0)
		return ret;
	struct vg_rep_note *rec = vg_arena_alloc(&r->arena, sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	bool oom = false;
	rec->n.file = copy_str(r, file, NULL, &oom);
	rec->n.line = line;
	rec->n.message = copy_str(r, message, NULL, &oom);
	if (oom)
		return -ENOMEM;
	rec->seq = r->seq++;
	r->notes.items[r->notes.n++] = rec;
	return 0;
}

struct vg_scan_stats *vg_report_stats(struct vg_report *r)
{
	return r ? &r->stats : NULL;
}

const struct vg_scan_stats *vg_report_stats_const(const struct vg_report *r)
{
	return r ? &r->stats : NULL;
}

int vg_report_suppress(struct vg_report *r, size_t i, enum vg_suppression how,
		       const char *justification)
{
	if (!r || i >= r->findings.n || how == VG_SUPPRESSION_NONE ||
	    (unsigned)how > VG_SUPPRESSION_CONFIG)
		return -EINVAL;
	struct vg_finding *f = &((struct vg_rep_finding *)r->findings.items[i])->f;
	if (f->suppressed)
		return 0;
	bool oom = false;
	const char *j = copy_str(r, justification, NULL, &oom);
	if (oom)
		return -ENOMEM;
	f->suppressed = how;
	f->justification = j;
	r->nsuppressed++;
	return 0;
}

void vg_report_set_check(struct vg_report *r, size_t i, const struct vg_check_info *check)
{
	if (!r || i >= r->findings.n || !check || (unsigned)check->severity >= VG_SEV_COUNT)
		return;
	struct vg_finding *f = &((struct vg_rep_finding *)r->findings.items[i])->f;
	f->check = check;
	f->severity = check->severity;
}

void vg_report_retain(struct vg_report *r, bool (*keep)(const struct vg_finding *f, void *userdata),
		      void *userdata)
{
	if (!r || !keep)
		return;
	size_t n = 0;
	r->nsuppressed = 0;
	for (size_t i = 0; i < r->findings.n; i++) {
		struct vg_rep_finding *rec = r->findings.items[i];
		if (keep(&rec->f, userdata)) {
			r->findings.items[n++] = rec;
			r->nsuppressed += rec->f.suppressed != VG_SUPPRESSION_NONE;
		}
	}
	r->findings.n = n;
}

/* ---- sorting and filtering ------------------------------------------------------------- */

/* NULL sorts before every string. */
static int str_cmp(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int u32_cmp(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int seq_cmp(size_t a, size_t b)
{
	return a < b ? -1 : a > b;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct vg_rep_finding *ra = *(const struct vg_rep_finding *const *)pa;
	const struct vg_rep_finding *rb = *(const struct vg_rep_finding *const *)pb;
	const struct vg_finding *a = &ra->f, *b = &rb->f;
	int c;
	if ((c = str_cmp(a->file, b->file)) || (c = u32_cmp(a->line, b->line)) ||
	    (c = u32_cmp(a->column, b->column)) || (c = str_cmp(a->id, b->id)) ||
	    (c = str_cmp(a->path, b->path)) || (c = str_cmp(a->message, b->message)) ||
	    (c = str_cmp(a->object.kind, b->object.kind)) ||
	    (c = str_cmp(a->object.namespace, b->object.namespace)) ||
	    (c = str_cmp(a->object.name, b->object.name)))
		return c;
	return seq_cmp(ra->seq, rb->seq);
}

static int error_cmp(const void *pa, const void *pb)
{
	const struct vg_rep_error *ra = *(const struct vg_rep_error *const *)pa;
	const struct vg_rep_error *rb = *(const struct vg_rep_error *const *)pb;
	int c;
	if ((c = strcmp(ra->d.file, rb->d.file)) || (c = u32_cmp(ra->d.line, rb->d.line)) ||
	    (c = u32_cmp(ra->d.column, rb->d.column)))
		return c;
	return seq_cmp(ra->seq, rb->seq);
}

static int note_cmp(const void *pa, const void *pb)
{
	const struct vg_rep_note *ra = *(const struct vg_rep_note *const *)pa;
	const struct vg_rep_note *rb = *(const struct vg_rep_note *const *)pb;
	int c;
	if ((c = str_cmp(ra->n.file, rb->n.file)) || (c = u32_cmp(ra->n.line, rb->n.line)))
		return c;
	return seq_cmp(ra->seq, rb->seq);
}

void vg_report_sort(struct vg_report *r)
{
	if (!r)
		return;
	if (r->findings.n > 1)
		qsort(r->findings.items, r->findings.n, sizeof(void *), finding_cmp);
	if (r->errors.n > 1)
		qsort(r->errors.items, r->errors.n, sizeof(void *), error_cmp);
	/* notes too (by file, line), so that the output never depends on scan order */
	if (r->notes.n > 1)
		qsort(r->notes.items, r->notes.n, sizeof(void *), note_cmp);
}

void vg_report_filter(struct vg_report *r, unsigned severity_mask)
{
	if (!r)
		return;
	size_t keep = 0;
	r->nsuppressed = 0;
	for (size_t i = 0; i < r->findings.n; i++) {
		struct vg_rep_finding *rec = r->findings.items[i];
		if (severity_mask & (1u << rec->f.severity)) {
			r->findings.items[keep++] = rec;
			r->nsuppressed += rec->f.suppressed != VG_SUPPRESSION_NONE;
		}
	}
	r->findings.n = keep;
}

/* ---- reading --------------------------------------------------------------------------- */

size_t vg_report_count(const struct vg_report *r)
{
	return r ? r->findings.n : 0;
}

size_t vg_report_suppressed_count(const struct vg_report *r)
{
	return r ? r->nsuppressed : 0;
}

const struct vg_finding *vg_report_get(const struct vg_report *r, size_t i)
{
	if (!r || i >= r->findings.n)
		return NULL;
	return &((const struct vg_rep_finding *)r->findings.items[i])->f;
}

size_t vg_report_error_count(const struct vg_report *r)
{
	return r ? r->errors.n : 0;
}

const struct vg_diag *vg_report_error(const struct vg_report *r, size_t i)
{
	if (!r || i >= r->errors.n)
		return NULL;
	return &((const struct vg_rep_error *)r->errors.items[i])->d;
}

size_t vg_report_note_count(const struct vg_report *r)
{
	return r ? r->notes.n : 0;
}

const struct vg_note *vg_report_note(const struct vg_report *r, size_t i)
{
	if (!r || i >= r->notes.n)
		return NULL;
	return &((const struct vg_rep_note *)r->notes.items[i])->n;
}

size_t vg_report_count_severity(const struct vg_report *r, enum vg_severity s)
{
	size_t n = 0;
	for (size_t i = 0; r && i < r->findings.n; i++) {
		const struct vg_finding *f = &((const struct vg_rep_finding *)r->findings.items[i])->f;
		n += f->severity == s && !f->suppressed;
	}
	return n;
}

bool vg_report_has_at_least(const struct vg_report *r, enum vg_severity s)
{
	for (size_t i = 0; r && i < r->findings.n; i++) {
		const struct vg_finding *f = &((const struct vg_rep_finding *)r->findings.items[i])->f;
		if (f->severity >= s && !f->suppressed)
			return true;
	}
	return false;
}

/* ---- shared by the writers ------------------------------------------------------------- */

size_t vg_rep_merged_refs(const struct vg_finding *f, struct vg_ref *out)
{
	size_t n = 0;
	if (f->check) {
		for (size_t i = 0; i < VG_MAX_REFS && f->check->refs[i].key; i++)
			out[n++] = f->check->refs[i];
	}
	for (size_t i = 0; i < f->nrefs; i++) {
		size_t j = 0;
		while (j < n && strcmp(out[j].key, f->refs[i].key) != 0)
			j++;
		out[j] = f->refs[i];
		if (j == n)
			n++;
	}
	return n;
}

void vg_rep_opts_resolve(const struct vg_write_opts *opts, struct vg_rep_opts *ret)
{
	ret->color = opts && opts->color;
	ret->tool_name = opts && opts->tool_name && *opts->tool_name ? opts->tool_name : "vigil";
	ret->tool_version = opts && opts->tool_version && *opts->tool_version ? opts->tool_version
									     : vg_version();
	ret->base_dir = opts && opts->base_dir && *opts->base_dir ? opts->base_dir : NULL;
	ret->show_suppressed = opts && opts->show_suppressed;
}

int vg_report_write(const struct vg_report *r, enum vg_format fmt,
		    const struct vg_write_opts *opts, FILE *out)
{
	if (!r || !out)
		return -EINVAL;
	struct vg_rep_opts o;
	vg_rep_opts_resolve(opts, &o);
	switch (fmt) {
	case VG_FORMAT_TABLE:
		return vg_rep_write_table(r, &o, out);
	case VG_FORMAT_JSON:
		return vg_rep_write_json(r, &o, out);
	case VG_FORMAT_SARIF:
		return vg_rep_write_sarif(r, &o, out);
	}
	return -EINVAL;
}
