/* SPDX-License-Identifier: Apache-2.0 */
/* vulns.c - vulnerability matches and image secrets as findings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "util/strbuf.h"
#include "vigil/check.h"
#include "vigil/vulndb.h"
#include "util/banned.h"

int vg_check_vulns(const struct vg_vuln_list *vulns, bool ignore_unfixed, struct vg_report *report)
{
	struct vg_strbuf aliases = VG_STRBUF_INIT, msg = VG_STRBUF_INIT, fix = VG_STRBUF_INIT;
	int r = 0;
	if (!report)
		return -EINVAL;
	for (size_t i = 0; r == 0 && i < vg_vuln_list_count(vulns); i++) {
		const struct vg_vuln *v = vg_vuln_list_get(vulns, i);
		const struct vg_pkg *p = v->pkg;
		if (ignore_unfixed && !v->fixed_version)
			continue;
		vg_strbuf_reset(&aliases);
		for (size_t a = 0; r == 0 && a < v->naliases; a++)
			r = vg_strbuf_printf(&aliases, "%s%s", a ? "," : "", v->aliases[a]);
		vg_strbuf_reset(&msg);
		vg_strbuf_reset(&fix);
		if (r == 0)
			r = vg_strbuf_printf(&msg, "%s %s is affected by %s%s%s%s", p->name, p->version,
					     v->id, v->naliases ? " (" : "",
					     v->naliases ? vg_strbuf_str(&aliases) : "",
					     v->naliases ? ")" : "");
		if (r == 0 && v->fixed_version)
			r = vg_strbuf_printf(&msg, "; fixed in %s", v->fixed_version);
		if (r == 0)
			r = v->fixed_version
				    ? vg_strbuf_printf(&fix, "Upgrade %s to %s or later.", p->name,
						       v->fixed_version)
				    : vg_strbuf_printf(&fix, "No fixed version of %s is known; consider "
						       "removing it or mitigating the issue.", p->name);
		if (r < 0)
			break;
		struct vg_check_info tmpl = {
			.id = v->id,
			.family = "vulnerability",
			.severity = v->severity,
			.title = v->summary && *v->summary ? v->summary : v->id,
			.description = v->details && *v->details ? v->details
				       : v->summary ? v->summary : v->id,
			.remediation = "Upgrade the package to a version that fixes the vulnerability.",
			.help_uri = v->url,
		};
		const struct vg_check_info *check;
		if ((r = vg_report_add_check(report, &tmpl, &check)) < 0)
			break;
		struct vg_finding_pkg fp = {
			.name = p->name,
			.version = p->version,
			.fixed_version = v->fixed_version,
			.ecosystem = p->ecosystem,
			.purl = p->purl,
			.type = vg_pkg_type_name(p->type),
			.layer = p->layer,
			.aliases = v->naliases ? vg_strbuf_str(&aliases) : NULL,
			.score = v->score,
			.cvss_vector = v->cvss_vector,
			.url = v->url,
		};
		struct vg_finding f = {
			.check = check,
			.id = check->id,
			.severity = v->severity,
			.title = check->title,
			.message = vg_strbuf_str(&msg),
			.remediation = vg_strbuf_str(&fix),
			.file = p->file,
			.object = { .kind = vg_pkg_type_name(p->type), .name = p->name },
			.path = p->purl,
			.pkg = &fp,
		};
		r = vg_report_add(report, &f);
	}
	vg_strbuf_release(&aliases);
	vg_strbuf_release(&msg);
	vg_strbuf_release(&fix);
	return r;
}

struct secrets_walk {
	const struct vg_secrets *s;
	struct vg_report *report;
	const struct vg_image *img;
};

static int secrets_entry(const struct vg_entry *e, struct vg_entry_reader *content, void *userdata)
{
	struct secrets_walk *w = userdata;
	if (e->type != VG_ENTRY_FILE || !vg_secrets_wants(e->path, e->size))
		return 0;
	unsigned char *buf = NULL;
	size_t len = 0;
	int r = vg_entry_read_all(content, &buf, &len);
	if (r == -EFBIG)
		return 0;
	if (r < 0)
		return r;
	const struct vg_image_layer *l = vg_image_layer(w->img, e->layer);
	r = vg_secrets_scan(w->s, e->path, buf, len, l ? l->diff_id : NULL, w->report);
	free(buf);
	return r < 0 ? r : 0;
}

int vg_check_image_secrets(struct vg_image *img, const struct vg_secrets *s,
			   struct vg_report *report, const struct vg_progress *progress,
			   struct vg_diag *ret_diag)
{
	struct secrets_walk w = { s, report, img };
	if (!img || !s || !report)
		return -EINVAL;
	return vg_image_walk(img, secrets_entry, &w, progress, ret_diag);
}
