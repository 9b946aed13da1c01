/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_doc.c - the YAML/JSON loader. The first byte picks the front end (even: YAML, odd:
 * JSON); limits are small so that limit paths are exercised too.
 */
#include <stdint.h>
#include <stdlib.h>

#include "vigil/doc.h"

static void walk(const struct vg_node *n, unsigned depth, size_t *budget)
{
	if (!n || depth > 300 || *budget == 0)
		return;
	(*budget)--;
	if (n->kind == VG_NODE_SEQ)
		for (uint32_t i = 0; i < n->count; i++)
			walk(n->items[i], depth + 1, budget);
	if (n->kind == VG_NODE_MAP)
		for (uint32_t i = 0; i < n->count; i++) {
			walk(n->pairs[i].key, depth + 1, budget);
			walk(n->pairs[i].value, depth + 1, budget);
		}
	(void)vg_node_get(n, "kind");
	(void)vg_node_path(n, "spec.template.spec");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct vg_limits lim;
	vg_limits_init(&lim);
	lim.max_depth = 64;
	lim.max_nodes = 100000;
	lim.max_alias_expansion = 10000;
	lim.max_scalar_len = 65536;
	lim.max_documents = 1000;
	enum vg_syntax syntax = (data[0] & 1) ? VG_SYNTAX_JSON : VG_SYNTAX_YAML;
	struct vg_docset *set = NULL;
	struct vg_diag d;
	int r = vg_docset_parse("fuzz", (const char *)data + 1, size - 1, syntax, &lim, &set, &d);
	(void)r;
	size_t budget = 200000;
	for (size_t i = 0; i < vg_docset_count(set); i++)
		walk(vg_docset_get(set, i)->root, 0, &budget);
	/* duplicate-key warnings: the key bytes must stay readable while the set lives */
	volatile unsigned char sink = 0;
	for (size_t i = 0; i < vg_docset_warning_count(set); i++) {
		const struct vg_doc_warning *w = vg_docset_warning(set, i);
		for (size_t k = 0; k < w->key_len; k++)
			sink ^= (unsigned char)w->key[k];
	}
	(void)sink;
	vg_docset_free(set);
	return 0;
}
