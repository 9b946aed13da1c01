/* SPDX-License-Identifier: Apache-2.0 */
/*
 * apply.c - a loaded config applied to a finished report: check selection, severity
 * overrides, suppression rules and their expiry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_internal.h"
#include "util/banned.h"

struct keep_ctx {
	const struct vg_config *cfg;
	bool use_enable;
};

static bool keep_enabled(const struct vg_finding *f, void *userdata)
{
	const struct keep_ctx *k = userdata;
	return vg_config_check_enabled(k->cfg, f->id, f->check ? f->check->family : NULL,
				       k->use_enable);
}

/* The override for @id: an exact ID first, else the first glob that matches; or NULL. */
static const struct vg_cfg_sev *override_for(const struct vg_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nsev; i++)
		if (strcmp(cfg->sev[i].id, id) == 0)
			return &cfg->sev[i];
	for (size_t i = 0; i < cfg->nsev; i++)
		if (vg_check_id_match(cfg->sev[i].id, id))
			return &cfg->sev[i];
	return NULL;
}

struct retarget {
	const struct vg_check_info *from, *to;
};

static int apply_severity(const struct vg_config *cfg, struct vg_report *r)
{
	struct retarget *map = NULL;
	size_t nmap = 0, cap = 0;
	int ret = 0;
	for (size_t i = 0; ret == 0 && i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		const struct vg_cfg_sev *o = f->check ? override_for(cfg, f->id) : NULL;
		if (!o || f->severity == o->severity)
			continue;
		/* one report-owned copy of the check per overridden check, with the new severity,
		 * so that SARIF's rule (defaultConfiguration, security-severity) agrees */
		const struct vg_check_info *to = NULL;
		for (size_t k = 0; k < nmap && !to; k++)
			if (map[k].from == f->check)
				to = map[k].to;
		if (!to) {
			struct vg_check_info copy = *f->check;
			copy.severity = o->severity;
			if ((ret = vg_report_add_check(r, &copy, &to)) < 0)
				break;
			if (nmap == cap) {
				size_t nc = cap ? cap * 2 : 8;
				struct retarget *m = realloc(map, nc * sizeof(*m));
				if (!m) {
					ret = -ENOMEM;
					break;
				}
				map = m;
				cap = nc;
			}
			map[nmap++] = (struct retarget){ f->check, to };
		}
		vg_report_set_check(r, i, to);
	}
	free(map);
	return ret;
}

static void date_text(uint32_t d, char *buf, size_t size)
{
	snprintf(buf, size, "%04u-%02u-%02u", (unsigned)(d / 10000), (unsigned)(d / 100 % 100),
		 (unsigned)(d % 100));
}

int vg_config_apply(const struct vg_config *cfg, struct vg_report *report,
		    const struct vg_config_apply_opts *opts)
{
	if (!cfg || !report || !opts)
		return -EINVAL;
	struct keep_ctx k = { cfg, opts->use_enable };
	if (cfg->ndisable || (opts->use_enable && cfg->has_enable))
		vg_report_retain(report, keep_enabled, &k);
	int r = apply_severity(cfg, report);
	if (r < 0)
		return r;

	for (size_t i = 0; i < cfg->nrules; i++) {
		const struct vg_suppression_rule *ru = &cfg->rules[i];
		if (!ru->expires || opts->today <= ru->expires)
			continue;
		char date[16], msg[512];
		date_text(ru->expires, date, sizeof(date));
		snprintf(msg, sizeof(msg),
			 "warning: suppression of %s expired on %s and no longer applies (renew or remove the entry)",
			 ru->id, date);
		if ((r = vg_report_add_note(report, ru->file, ru->line, msg)) < 0)
			return r;
	}
	for (size_t i = 0; i < vg_report_count(report); i++) {
		const struct vg_finding *f = vg_report_get(report, i);
		if (f->suppressed)
			continue;
		for (size_t j = 0; j < cfg->nrules; j++) {
			const struct vg_suppression_rule *ru = &cfg->rules[j];
			if (ru->expires && opts->today > ru->expires)
				continue;
			if (!vg_suppression_rule_match(ru, f, opts->cwd))
				continue;
			if ((r = vg_report_suppress(report, i, ru->source, ru->reason)) < 0)
				return r;
			break;
		}
	}
	vg_report_sort(report);
	return 0;
}
