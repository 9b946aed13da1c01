/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_image_json.c - the JSON documents of an image: the first byte picks the parser
 * (0 config, 1 docker-archive manifest.json, 2 OCI index, 3 OCI manifest) and, for the
 * selectors, whether a ref is given; the rest is the document.
 */
#include <stdint.h>
#include <string.h>

#include "image/image_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *buf = (const char *)data + 1;
	size_t len = size - 1;
	struct vg_arena a;
	vg_arena_init(&a, 0);
	struct vg_diag d;
	const char *ref = (sel & 4) ? "layered" : (sel & 8) ? "example/app:1.0" : NULL;
	switch (sel & 3) {
	case 0: {
		struct vg_image_config cfg;
		const char *const *ids;
		size_t nids;
		if (vg_image_parse_config(&a, "fuzz", "config", buf, len, &cfg, &ids, &nids, &d) == 0) {
			for (size_t i = 0; i < nids; i++)
				(void)strlen(ids[i]);
			for (size_t i = 0; i < cfg.nhistory; i++)
				(void)cfg.history[i].empty_layer;
			for (size_t i = 0; i < cfg.nlabels; i++)
				(void)strlen(cfg.labels[i].key);
		}
		break;
	}
	case 1: {
		struct vg_docker_entry e;
		if (vg_image_parse_docker_manifest(&a, "fuzz", buf, len, ref, &e, &d) == 0)
			for (size_t i = 0; i < e.nlayers; i++)
				(void)strlen(e.layers[i]);
		break;
	}
	case 2: {
		struct vg_oci_desc desc;
		if (vg_image_parse_oci_index(&a, "fuzz", "index.json", buf, len, ref, (sel & 16) == 0,
					     &desc, &d) == 0 &&
		    !vg_digest_valid(desc.digest))
			__builtin_trap();
		break;
	}
	default: {
		struct vg_oci_desc cfg, *layers;
		size_t n;
		if (vg_image_parse_oci_manifest(&a, "fuzz", "manifest", buf, len, &cfg, &layers, &n,
						&d) == 0)
			for (size_t i = 0; i < n; i++)
				if (!vg_digest_valid(layers[i].digest))
					__builtin_trap();
		break;
	}
	}
	vg_arena_release(&a);
	return 0;
}
