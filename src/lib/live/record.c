/* SPDX-License-Identifier: Apache-2.0 */
/* record.c - live events as replay JSON lines (docs/replay-format.md); see vigil/live.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/live.h"
#include "util/banned.h"

struct vg_live_recorder {
	FILE *out;
};

int vg_live_recorder_new(FILE *out, struct vg_live_recorder **ret)
{
	struct vg_live_recorder *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->out = out;
	*ret = r;
	return 0;
}

void vg_live_recorder_free(struct vg_live_recorder *r)
{
	free(r);
}

int vg_live_record(struct vg_live_recorder *r, const struct vg_sys_event *ev)
{
	return -ENOSYS;
}
