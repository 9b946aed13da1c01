/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inline.c - suppressions written next to what they suppress: the vigil.dev/ignore annotation
 * on a Kubernetes object ("ID[,ID] reason") and "# vigil:ignore=ID[,ID] reason" (or hadolint's
 * "# hadolint ignore=DLxxxx[,DLxxxx]") comment lines directly above a Dockerfile instruction.
 * A malformed one is reported as a note at its line, never silently dropped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "vigil/doc.h"
#include "util/banned.h"

/* "ID[,ID] reason" split in a heap copy. */
struct spec {
	char *buf;
	const char **ids;
	size_t nids;
	const char *reason; /* "" when missing */
};

static void spec_release(struct spec *sp)
{
	free(sp->buf);
	free(sp->ids);
	memset(sp, 0, sizeof(*sp));
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int spec_parse(const char *text, struct spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	while (blank(*text))
		text++;
	if (!(sp->buf = strdup(text)))
		return -ENOMEM;
	char *p = sp->buf;
	size_t n = 1;
	for (char *q = p; *q && !blank(*q); q++)
		n += *q == ',';
	if (!(sp->ids = calloc(n, sizeof(*sp->ids)))) {
		spec_release(sp);
		return -ENOMEM;
	}
	char *end = p;
	while (*end && !blank(*end))
		end++;
	char *reason = end;
	if (*reason) {
		*reason++ = '\0';
		while (blank(*reason))
			reason++;
	}
	size_t rl = strlen(reason);
	while (rl && blank(reason[rl - 1]))
		reason[--rl] = '\0';
	sp->reason = reason;
	for (char *tok = p; *tok || tok == p;) {
		char *comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		if (*tok)
			sp->ids[sp->nids++] = tok;
		if (!comma)
			break;
		tok = comma + 1;
	}
	return 0;
}

static bool spec_has(const struct spec *sp, const char *id)
{
	for (size_t i = 0; i < sp->nids; i++)
		if (sp->ids[i] && vg_check_id_match(sp->ids[i], id))
			return true;
	return false;
}

static int note(struct vg_report *r, const char *file, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int note(struct vg_report *r, const char *file, uint32_t line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vg_report_add_note(r, file, line, msg);
}

/* Check @sp's IDs (unknown ones become notes and are dropped from it) and its reason. Returns
 * 1 when it can be applied, 0 when not, or -ENOMEM. @what names the place in the notes. */
static int spec_validate(struct spec *sp, struct vg_report *r, const char *file, uint32_t line,
			 const char *what)
{
	int ret;
	if (sp->nids == 0)
		return note(r, file, line, "warning: %s names no check ID (write \"ID[,ID] reason\")",
			    what) ?: 0;
	for (size_t i = 0; i < sp->nids; i++) {
		if (vg_check_id_known(sp->ids[i]))
			continue;
		if ((ret = note(r, file, line, "warning: %s: unknown check ID '%s' (not applied)", what,
				sp->ids[i])) < 0)
			return ret;
		sp->ids[i] = NULL;
	}
	if (!*sp->reason)
		return note(r, file, line,
			    "warning: %s has no reason and is not applied (write \"ID[,ID] reason\")",
			    what) ?: 0;
	return 1;
}

/* ---- Kubernetes objects ---------------------------------------------------------------- */

static int object_annotation(const struct vg_k8s_object *obj, const struct vg_node *meta,
			     struct vg_report *r, size_t first)
{
	const struct vg_node *v = vg_node_get(vg_node_get(meta, "annotations"), VG_IGNORE_ANNOTATION);
	if (!v)
		return 0;
	const char *file = obj->doc ? obj->doc->file : NULL;
	char what[256];
	snprintf(what, sizeof(what), "%s annotation on %s %s%s%s", VG_IGNORE_ANNOTATION, obj->kind,
		 obj->namespace ? obj->namespace : "", obj->namespace ? "/" : "", obj->name);
	const char *text = vg_node_str(v);
	if (!text)
		return note(r, file, v->line, "warning: %s must be a string \"ID[,ID] reason\"", what);
	struct spec sp;
	int ret = spec_parse(text, &sp);
	if (ret < 0)
		return ret;
	ret = spec_validate(&sp, r, file, v->line, what);
	for (size_t i = first; ret > 0 && i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (spec_has(&sp, f->id) && (ret = vg_report_suppress(r, i, VG_SUPPRESSION_ANNOTATION,
									sp.reason)) == 0)
			ret = 1;
	}
	spec_release(&sp);
	return ret < 0 ? ret : 0;
}

int vg_suppress_object(const struct vg_k8s_object *obj, struct vg_report *report, size_t first)
{
	if (!obj || !report)
		return -EINVAL;
	int r = object_annotation(obj, obj->metadata, report, first);
	struct vg_pod_view pv;
	if (r == 0 && vg_k8s_pod_view(obj, &pv) && pv.meta && pv.meta != obj->metadata)
		r = object_annotation(obj, pv.meta, report, first);
	return r;
}

/* ---- Dockerfiles ------------------------------------------------------------------------ */

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The instruction that comment @ci sits directly above (only comment lines between), or NULL. */
static const struct vg_df_instr *target_of(const struct vg_dockerfile *df, size_t ci)
{
	uint32_t line = df->comments[ci].line + 1;
	for (size_t k = ci + 1; k < df->ncomments && df->comments[k].line == line; k++)
		line++;
	for (size_t i = 0; i < df->ninstrs; i++)
		if (df->instrs[i].line == line)
			return &df->instrs[i];
	return NULL;
}

/* Suppress the findings on @in's lines whose ID @sp names. */
static int suppress_instr(const struct vg_df_instr *in, const struct spec *sp,
			  struct vg_report *r, size_t first, const char *why)
{
	for (size_t i = first; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (f->line < in->line || f->line > in->end_line || !spec_has(sp, f->id))
			continue;
		int ret = vg_report_suppress(r, i, VG_SUPPRESSION_COMMENT, why);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* "hadolint ignore=DL3006,DL3008": the vigil checks whose refs.hadolint is one of them. */
static int hadolint_comment(const struct vg_dockerfile *df, size_t ci, struct vg_report *r,
			    size_t first)
{
	const char *text = df->comments[ci].text;
	const struct vg_df_instr *in = target_of(df, ci);
	if (!in)
		return 0;
	struct spec codes, ids = { 0 };
	int ret = spec_parse(text + strlen("hadolint ignore="), &codes);
	if (ret < 0)
		return ret;
	if (!(ids.ids = calloc(vg_check_count() + 1, sizeof(*ids.ids)))) {
		spec_release(&codes);
		return -ENOMEM;
	}
	for (size_t k = 0; k < vg_check_count(); k++) {
		const struct vg_check_info *c = vg_check_at(k);
		for (size_t j = 0; j < VG_MAX_REFS && c->refs[j].key; j++) {
			if (strcmp(c->refs[j].key, "hadolint") != 0 || !c->refs[j].value)
				continue;
			for (size_t q = 0; q < codes.nids; q++)
				if (strcmp(codes.ids[q], c->refs[j].value) == 0) {
					ids.ids[ids.nids++] = c->id;
					break;
				}
			break;
		}
	}
	/* hadolint's pragma has no reason: the pragma itself is the justification */
	ret = ids.nids ? suppress_instr(in, &ids, r, first, text) : 0;
	free(ids.ids);
	spec_release(&codes);
	return ret;
}

int vg_suppress_dockerfile(const struct vg_dockerfile *df, struct vg_report *report, size_t first)
{
	if (!df || !report)
		return -EINVAL;
	int ret = 0;
	for (size_t ci = 0; ret >= 0 && ci < df->ncomments; ci++) {
		const struct vg_df_comment *c = &df->comments[ci];
		if (has_prefix(c->text, "hadolint ignore=")) {
			ret = hadolint_comment(df, ci, report, first);
			continue;
		}
		if (!has_prefix(c->text, "vigil:"))
			continue;
		if (!has_prefix(c->text, "vigil:ignore=")) {
			ret = note(report, df->file, c->line,
				   "warning: unknown comment directive '%.40s' (use # vigil:ignore=ID[,ID] reason)",
				   c->text);
			continue;
		}
		const struct vg_df_instr *in = target_of(df, ci);
		if (!in) {
			ret = note(report, df->file, c->line,
				   "warning: # vigil:ignore= is not directly above an instruction and is not applied");
			continue;
		}
		struct spec sp;
		if ((ret = spec_parse(c->text + strlen("vigil:ignore="), &sp)) < 0)
			break;
		ret = spec_validate(&sp, report, df->file, c->line, "# vigil:ignore=");
		if (ret > 0)
			ret = suppress_instr(in, &sp, report, first, sp.reason);
		spec_release(&sp);
	}
	return ret < 0 ? ret : 0;
}
