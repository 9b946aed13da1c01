/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_live_cri.c - the protobuf decoding of CRI ContainerStatus / PodSandboxStatus responses
 * (what a runtime socket sends back). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "live/state_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_live_cri_info ri = { 0 };
	int r = vg_live_cri_parse_container(data, size, &ri);
	if (r != 0 && r != 1 && r != -EBADMSG && r != -ENOMEM)
		abort();
	r = vg_live_cri_parse_sandbox(data, size, &ri);
	if (r != 0 && r != 1 && r != -EBADMSG && r != -ENOMEM)
		abort();
	for (uint32_t i = 0; i < ri.labels.n; i++)
		if (!ri.labels.v[i].key.ptr || !ri.labels.v[i].value.ptr)
			abort();
	vg_live_cri_info_release(&ri);
	return 0;
}
