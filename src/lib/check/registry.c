/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c - the static check registry: every family's metadata table, in family order.
 * New families append their struct vg_check_family here.
 */
#include <string.h>

#include "check/check.h"
#include "util/banned.h"

static const struct vg_check_family *const families[] = {
	&vg_check_family_pss,
	&vg_check_family_image,
	&vg_check_family_secrets,
	&vg_check_family_secrets_k8s,
	&vg_check_family_workload,
	&vg_check_family_dockerfile,
	&vg_check_family_gatekeeper,
};

#define NFAMILIES (sizeof(families) / sizeof(families[0]))

size_t vg_check_count(void)
{
	size_t n = 0;

	for (size_t f = 0; f < NFAMILIES; f++)
		n += families[f]->count;
	return n;
}

const struct vg_check_info *vg_check_at(size_t i)
{
	for (size_t f = 0; f < NFAMILIES; f++) {
		if (i < families[f]->count)
			return &families[f]->checks[i];
		i -= families[f]->count;
	}
	return NULL;
}

const struct vg_check_info *vg_check_find(const char *id)
{
	if (!id)
		return NULL;
	for (size_t f = 0; f < NFAMILIES; f++)
		for (size_t i = 0; i < families[f]->count; i++)
			if (strcmp(families[f]->checks[i].id, id) == 0)
				return &families[f]->checks[i];
	return NULL;
}
