/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_live_cgroup.c - /proc/PID/cgroup contents (a process can name its own cgroups) into a
 * container id and pod uid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_cgroup_match m;
	bool found = vg_cgroup_match_file((const char *)data, size, &m);
	if (found != (m.id[0] != '\0') || (found && strlen(m.id) != 64) ||
	    (m.pod_uid[0] && strlen(m.pod_uid) != 36))
		abort();
	(void)vg_cgroup_match_path((const char *)data, size, &m);
	return 0;
}
