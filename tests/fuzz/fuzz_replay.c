/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_replay.c - the replay decoder over arbitrary bytes: every line through one decoder (the
 * process table carries across lines), each decoded event through every syscall field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/fields.h"
#include "vigil/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_replay_limits lim;
	vg_replay_limits_init(&lim);
	lim.max_procs = 64;
	struct vg_replay *r = NULL;
	if (vg_replay_new("fuzz", &lim, &r) < 0)
		return 0;
	size_t n = 0;
	const struct vg_field_info *tab = vg_fields_table(VG_SOURCE_SYSCALL, &n);
	const char *p = (const char *)data, *end = p + size;
	uint32_t lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const struct vg_sys_event *ev = NULL;
		struct vg_diag d;
		if (vg_replay_decode(r, p, len, ++lineno, &ev, &d) == 1) {
			for (size_t i = 0; i < n; i++) {
				if (tab[i].flags & VG_FF_ARG_REQUIRED)
					continue;
				struct vg_field_ref ref;
				if (vg_field_resolve(VG_SOURCE_SYSCALL, tab[i].name, strlen(tab[i].name),
						     NULL, 0, false, &ref, &d) < 0)
					continue;
				char sbuf[4096];
				struct vg_scratch sc = { sbuf, sizeof(sbuf), 0 };
				struct vg_value v[VG_FIELD_MAX_VALUES];
				(void)vg_field_extract(&ref, ev, v, VG_FIELD_MAX_VALUES, &sc);
			}
		}
		p += len + (nl ? 1 : 0);
	}
	vg_replay_free(r);
	return 0;
}
