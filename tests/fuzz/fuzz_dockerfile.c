/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_dockerfile.c - the Dockerfile parser and the VG-DF checks. Small limits so that limit
 * paths are exercised too; the whole tree is walked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/check.h"
#include "vigil/dockerfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_df_limits lim;
	struct vg_dockerfile *df = NULL;
	struct vg_diag d;
	size_t sum = 0;
	vg_df_limits_init(&lim);
	lim.max_instructions = 2000;
	lim.max_line_len = 65536;
	lim.max_heredoc_size = 65536;
	if (vg_dockerfile_parse("fuzz", (const char *)data, size, &lim, &df, &d) == 0) {
		for (size_t i = 0; i < df->ninstrs; i++) {
			const struct vg_df_instr *in = &df->instrs[i];
			sum += strlen(in->args) + strlen(in->expanded);
			for (size_t k = 0; k < in->nwords; k++)
				sum += strlen(in->words[k]);
			for (size_t k = 0; k < in->nheredocs; k++)
				sum += strlen(in->heredocs[k].body);
		}
		for (size_t s = 0; s < df->nstages; s++)
			sum += df->stages[s].ninstrs + strlen(df->stages[s].image);
		vg_dockerfile_free(df);
	}
	struct vg_report *r;
	if (vg_report_new(&r) == 0) {
		int rc = vg_check_dockerfile("fuzz", (const char *)data, size, r);
		(void)rc;
		vg_report_free(r);
	}
	(void)sum;
	return 0;
}
