/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_audit.c - the k8saudit decoder over arbitrary bytes: parse, iterate the EventList,
 * build each event and extract every k8s_audit field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/fields.h"
#include "vigil/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_limits lim;
	vg_limits_init(&lim);
	lim.max_file_size = 1 << 20;
	struct vg_docset *set = NULL;
	struct vg_diag d;
	if (vg_audit_decode("fuzz", 1, (const char *)data, size, &lim, &set, &d) < 0)
		return 0;
	size_t n = 0;
	const struct vg_field_info *tab = vg_fields_table(VG_SOURCE_K8S_AUDIT, &n);
	const struct vg_node *root = vg_docset_get(set, 0)->root;
	size_t count = vg_audit_count(root);
	for (size_t k = 0; k < count && k < 64; k++) {
		struct vg_audit_event ev;
		vg_audit_event_init(&ev, vg_audit_item(root, k), k + 1);
		for (size_t i = 0; i < n; i++) {
			if (tab[i].flags & VG_FF_ARG_REQUIRED)
				continue;
			struct vg_field_ref ref;
			if (vg_field_resolve(VG_SOURCE_K8S_AUDIT, tab[i].name, strlen(tab[i].name),
					     NULL, 0, false, &ref, &d) < 0)
				continue;
			static char sbuf[128 * 1024];
			struct vg_scratch sc = { sbuf, sizeof(sbuf), 0 };
			struct vg_value v[VG_FIELD_MAX_VALUES];
			(void)vg_field_extract(&ref, &ev, v, VG_FIELD_MAX_VALUES, &sc);
		}
	}
	vg_docset_free(set);
	return 0;
}
