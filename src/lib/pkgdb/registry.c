/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c - every package analyzer, in the order the image walker offers files to them.
 */
#include <stddef.h>

#include "pkgdb/pkgdb_internal.h"
#include "util/banned.h"

const struct vg_analyzer *const vg_analyzers[] = {
	&vg_analyzer_dpkg,
	&vg_analyzer_apk,
	&vg_analyzer_rpm,
	&vg_analyzer_gobinary,
	&vg_analyzer_npm,
	&vg_analyzer_python,
	&vg_analyzer_jar,
	&vg_analyzer_cargo,
	NULL,
};
