/* SPDX-License-Identifier: Apache-2.0 */
/* emit.c - turn one check violation into a struct vg_finding and add it to a report. */
#include <errno.h>
#include <string.h>

#include "check/check.h"
#include "util/banned.h"

int vg_check_emit_at(struct vg_report *report, const struct vg_check_info *check,
		     const struct vg_object_ref *object, const char *file, uint32_t line,
		     uint32_t column, const char *path, const char *message,
		     const struct vg_ref *refs, size_t nrefs)
{
	struct vg_finding f;

	if (!report || !check || nrefs > VG_MAX_REFS || (nrefs && !refs))
		return -EINVAL;
	memset(&f, 0, sizeof(f));
	f.check = check;
	f.id = check->id;
	f.severity = check->severity;
	f.title = check->title;
	f.message = message ? message : check->title;
	f.remediation = check->remediation;
	f.file = file;
	f.line = line;
	f.column = column;
	if (object)
		f.object = *object;
	f.path = path;
	f.nrefs = nrefs;
	for (size_t i = 0; i < nrefs; i++)
		f.refs[i] = refs[i];
	return vg_report_add(report, &f);
}

int vg_check_emit(struct vg_report *report, const struct vg_check_info *check,
		  const struct vg_k8s_object *obj, const struct vg_node *node, const char *path,
		  const char *message, const struct vg_ref *refs, size_t nrefs)
{
	struct vg_object_ref o = { 0 };

	if (obj) {
		o.api_version = obj->api_version;
		o.kind = obj->kind;
		o.namespace = obj->namespace;
		o.name = obj->name;
	}
	return vg_check_emit_at(report, check, obj ? &o : NULL,
				obj && obj->doc ? obj->doc->file : NULL, node ? node->line : 0,
				node ? node->column : 0, path, message, refs, nrefs);
}
