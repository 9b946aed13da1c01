/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_rules.c - the rules-file loader (vigil/rulesfile.h) on arbitrary YAML. The input is
 * split at the first "\n#---file\n" into two files loaded in order (so that overrides and
 * appends across files are reached); small condition limits exercise the limit paths. Every
 * message is read back, and a successful load is listed and its counters read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/rulesfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n#---file\n";
	const char *buf = (const char *)data;
	const char *names[2] = { "a.yaml", "b.yaml" };
	const char *bufs[2] = { buf, "" };
	size_t lens[2] = { size, 0 };
	size_t n = 1;
	if (size > 64 * 1024)
		return 0;
	const char *cut = size >= sizeof(sep) - 1 ? memmem(buf, size, sep, sizeof(sep) - 1) : NULL;
	if (cut) {
		lens[0] = (size_t)(cut - buf);
		bufs[1] = cut + sizeof(sep) - 1;
		lens[1] = size - lens[0] - (sizeof(sep) - 1);
		n = 2;
	}
	struct vg_cond_limits lim;
	vg_cond_limits_init(&lim);
	lim.max_depth = 64;
	lim.max_len = 16384;
	lim.max_nodes = 4096;
	lim.max_expanded_nodes = 8192;
	lim.max_list_items = 512;
	struct vg_rules_load_opts o;
	vg_rules_load_opts_init(&o);
	o.limits = &lim;
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	int err = vg_rules_load_buffers(names, bufs, lens, n, &o, &r, &m);
	size_t total = 0;
	for (size_t i = 0; i < vg_rules_msgs_count(m); i++) {
		const struct vg_rules_msg *g = vg_rules_msgs_get(m, i);
		total += strlen(g->message) + strlen(g->code) + (g->snippet ? strlen(g->snippet) : 0);
		for (size_t l = 0; l < g->nlocs; l++)
			total += strlen(g->locs[l].name) + strlen(g->locs[l].item_type);
	}
	if (!err && r) {
		for (size_t i = 0; i < vg_rules_count(r); i++)
			total += strlen(vg_rules_get(r, i)->name) + vg_rules_match_count(r, i);
		size_t a, b, c;
		vg_rules_counts(r, &a, &b, &c);
	}
	(void)total;
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	return 0;
}
