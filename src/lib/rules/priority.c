/* SPDX-License-Identifier: Apache-2.0 */
/* priority.c - Falco priorities (falco_common.cpp): names and case-insensitive parsing. */
#include <errno.h>
#include <strings.h>

#include "vigil/alert.h"
#include "util/banned.h"

static const char *const prio_names[VG_PRIO_COUNT] = {
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug",
};

const char *vg_priority_name(enum vg_priority p)
{
	return (unsigned)p < VG_PRIO_COUNT ? prio_names[p] : "Unknown";
}

int vg_priority_parse(const char *s, enum vg_priority *ret)
{
	if (!s || !ret)
		return -EINVAL;
	for (unsigned i = 0; i < VG_PRIO_COUNT; i++) {
		if (strcasecmp(s, prio_names[i]) == 0) {
			*ret = (enum vg_priority)i;
			return 0;
		}
	}
	if (strcasecmp(s, "info") == 0) {
		*ret = VG_PRIO_INFORMATIONAL;
		return 0;
	}
	return -EINVAL;
}
