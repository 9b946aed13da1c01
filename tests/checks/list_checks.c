/* SPDX-License-Identifier: Apache-2.0 */
/*
 * list_checks.c - print every registered check as "id<TAB>family", one per line, in registry
 * order. Used by tests/checks/coverage.py to find checks without a tests/checks/<ID>/ case.
 */
#include <stdio.h>

#include "vigil/finding.h"

int main(void)
{
	size_t n = vg_check_count();

	for (size_t i = 0; i < n; i++) {
		const struct vg_check_info *c = vg_check_at(i);

		if (!c || !c->id)
			return 1;
		printf("%s\t%s\n", c->id, c->family ? c->family : "");
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
