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
		vg_secrets_message(hits[i].rule, data + hits[i].start, hits[i].end - hits[i].start,
				   msg, sizeof(msg));
		const struct vg_check_info *ci = vg_secrets_rule_check(hits[i].rule);
		size_t nrefs = 0;
		while (nrefs < VG_MAX_REFS && ci->refs[nrefs].key)
			nrefs++;
		r = vg_check_emit_at(report, ci, NULL, file, line, col, in ? path : NULL, msg,
				     ci->refs, nrefs);
	}
	free(hits);
	if (r < 0) {
		free(lines);
		return r;
	}
	*ret_lines = lines; /* ascending: hits are in start order */
	*ret_nlines = nh;
	return 0;
}
