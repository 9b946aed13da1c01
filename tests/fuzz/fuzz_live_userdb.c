/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_live_userdb.c - /etc/passwd and /etc/group of a container (untrusted: the image's), as
 * the live source parses them. The input is split at the first NUL: passwd, then group. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/state_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nul = memchr(p, '\0', size);
	size_t plen = nul ? (size_t)(nul - p) : size;
	const char *g = nul ? nul + 1 : "";
	size_t glen = nul ? size - plen - 1 : 0;
	struct vg_live_userdb *db = vg_live_userdb_parse(p, plen, g, glen, 1);
	if (!db)
		return 0;
	struct vg_user u;
	struct vg_group gr;
	for (uint32_t id = 0; id < 4; id++) {
		if (vg_live_userdb_user(db, id, &u) && (!u.name.ptr || u.name.ptr[u.name.len] != '\0'))
			abort();
		if (vg_live_userdb_group(db, id, &gr) && (!gr.name.ptr || gr.name.ptr[gr.name.len]))
			abort();
	}
	vg_live_userdb_free(db);
	return 0;
}
