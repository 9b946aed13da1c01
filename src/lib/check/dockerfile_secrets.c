/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dockerfile_secrets.c - the VG-SEC rules over a Dockerfile's text.
 *
 * The raw bytes are scanned (not the parsed instructions), so a secret on a continuation line
 * or in a heredoc is reported at its exact line and column; the finding's path is the
 * instruction whose line range holds it ("stage[S].RUN[K]", "ARG[K]" before the first FROM),
 * none for a comment between instructions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/secrets_internal.h"
#include "util/banned.h"

static const struct vg_df_instr *instr_at(const struct vg_dockerfile *df, uint32_t line)
{
	for (size_t i = 0; i < df->ninstrs; i++)
		if (df->instrs[i].line <= line && line <= df->instrs[i].end_line)
			return &df->instrs[i];
	return NULL;
}

static bool has_line(const uint32_t *lines, size_t n, uint32_t l)
{
	for (size_t i = 0; i < n; i++)
		if (lines[i] == l)
			return true;
	return false;
}

/* "ENV KEY value" (the legacy form without '='): the raw text has no "KEY=value" for the
 * rules that need the key, so scan "KEY=value" and place the match in the source. */
static int legacy_env(const struct vg_secrets *s, const struct vg_df_instr *in, const char *file,
		      const char *buf, size_t len, struct vg_report *report, uint32_t **lines,
		      size_t *nlines)
{
	const struct vg_df_kv *kv = in->nkv == 1 ? &in->kv[0] : NULL;
	if (!kv || !kv->value || !in->nwords || strchr(in->words[0], '=') || has_line(*lines, *nlines, in->line))
		return 0;
	size_t kl = strlen(kv->key), vl = strlen(kv->value);
	char *t = malloc(kl + vl + 2);
	if (!t)
		return -ENOMEM;
	memcpy(t, kv->key, kl);
	t[kl] = '=';
	memcpy(t + kl + 1, kv->value, vl + 1);
	struct vg_secret_hit *hits;
	size_t nh;
	int r = vg_secrets_find(s, (const unsigned char *)t, kl + vl + 1, kl + 1, &hits, &nh);
	if (r < 0 || !nh) {
		free(t);
		return r < 0 ? r : 0;
	}
	/* the value's first occurrence on the instruction's lines */
	uint32_t line = in->line, col = in->column;
	const char *v = memmem(buf, len, kv->value, vl);
	for (const char *p = buf; v && p < buf + len; ) {
		uint32_t l, c;
		vg_secrets_position((const unsigned char *)buf, (size_t)(v - buf), &l, &c);
		if (l >= in->line && l <= in->end_line) {
			line = l;
			col = c + (uint32_t)(hits[0].start - (kl + 1));
			break;
		}
		p = v + 1;
		v = memmem(p, (size_t)(buf + len - p), kv->value, vl);
	}
	char msg[256], path[96];
	if (in->stage < 0)
		snprintf(path, sizeof(path), "%s[%u]", vg_df_kind_name(in->kind), in->kind_index);
	else
		snprintf(path, sizeof(path), "stage[%d].%s[%u]", in->stage, vg_df_kind_name(in->kind),
			 in->kind_index);
	vg_secrets_hit_message((const unsigned char *)t, &hits[0], msg, sizeof(msg));
	const struct vg_check_info *ci = vg_secrets_rule_check(hits[0].rule);
	size_t nrefs = 0;
	while (nrefs < VG_MAX_REFS && ci->refs[nrefs].key)
		nrefs++;
	r = vg_check_emit_at(report, ci, NULL, file, line, col, path, msg, ci->refs, nrefs);
	free(hits);
	free(t);
	if (r < 0)
		return r;
	uint32_t *nl = realloc(*lines, (*nlines + 1) * sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl[(*nlines)++] = line;
	*lines = nl;
	return 0;
}

int vg_dockerfile_secrets(const struct vg_secrets *s, const struct vg_dockerfile *df,
			  const char *file, const char *buf, size_t len, struct vg_report *report,
			  uint32_t **ret_lines, size_t *ret_nlines)
{
	const unsigned char *data = (const unsigned char *)buf;
	struct vg_secret_hit *hits = NULL;
	uint32_t *lines = NULL;
	size_t nh = 0;
	int r;

	*ret_lines = NULL;
	*ret_nlines = 0;
	if (!s || !df || !report || (!buf && len))
		return -EINVAL;
	if (vg_secrets_is_binary(data, len))
		return 0;
	if ((r = vg_secrets_find(s, data, len, 0, &hits, &nh)) < 0)
		return r;
	if (nh && !(lines = calloc(nh, sizeof(*lines)))) {
		free(hits);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nh && r >= 0; i++) {
		uint32_t line, col;
		char msg[256], path[96] = "";
		vg_secrets_position(data, hits[i].start, &line, &col);
		lines[i] = line;
		const struct vg_df_instr *in = instr_at(df, line);
		if (in && in->stage < 0)
			snprintf(path, sizeof(path), "%s[%u]", vg_df_kind_name(in->kind),
				 in->kind_index);
		else if (in)
			snprintf(path, sizeof(path), "stage[%d].%s[%u]", in->stage,
				 vg_df_kind_name(in->kind), in->kind_index);
		vg_secrets_hit_message(data, &hits[i], msg, sizeof(msg));
		const struct vg_check_info *ci = vg_secrets_rule_check(hits[i].rule);
		size_t nrefs = 0;
		while (nrefs < VG_MAX_REFS && ci->refs[nrefs].key)
			nrefs++;
		r = vg_check_emit_at(report, ci, NULL, file, line, col, in ? path : NULL, msg,
				     ci->refs, nrefs);
	}
	free(hits);
	size_t nl = nh;
	for (size_t i = 0; i < df->ninstrs && r >= 0; i++)
		if (df->instrs[i].kind == VG_DF_ENV)
			r = legacy_env(s, &df->instrs[i], file, buf, len, report, &lines, &nl);
	if (r < 0) {
		free(lines);
		return r;
	}
	*ret_lines = lines;
	*ret_nlines = nl;
	return 0;
}
