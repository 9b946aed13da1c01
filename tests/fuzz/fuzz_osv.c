/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_osv.c - the OSV record parser, then everything done with a parsed record: the range
 * evaluation of every range against the record's own event versions and a few fixed ones (in
 * the ecosystem's scheme and in every other scheme), the versions list, CVSS scoring of every
 * severity vector and the choice of the record's severity. Small limits, so that the limit
 * paths are exercised too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "vulndb/vulndb_internal.h"

static void probe(const struct vg_osv_affected *a, const char *version)
{
	for (size_t i = 0; i < a->nranges; i++) {
		const struct vg_osv_range *r = &a->ranges[i];
		const char *fixed = NULL;
		(void)vg_osv_range_affects(r, vg_osv_range_scheme(r->type, a->ecosystem), version,
					   &fixed);
		if (fixed && !*fixed)
			abort(); /* a fix is always a non-empty event version */
		for (int s = VG_VERSION_UNKNOWN; s <= VG_VERSION_MAVEN; s++)
			(void)vg_osv_range_affects(r, (enum vg_version_scheme)s, version, NULL);
	}
	(void)vg_osv_versions_contain(a, version);
}

static void scores(const struct vg_osv_severity *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double v;
		if (s[i].score && vg_cvss_score(s[i].score, &v) == 0 && (v < 0 || v > 10))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_osv_limits lim;
	vg_osv_limits_init(&lim);
	lim.max_record_size = 1u << 20;
	lim.max_depth = 32;
	lim.max_items = 20000;
	struct vg_arena arena;
	vg_arena_init(&arena, 16 * 1024);
	struct vg_osv_record *rec = NULL;
	struct vg_diag d;
	if (vg_osv_parse((const char *)data, size, "fuzz", &lim, &arena, &rec, &d) == 0) {
		int64_t sec;
		int32_t nsec;
		if (vg_osv_time_parse(rec->modified, &sec, &nsec) == 0 && (nsec < 0 || nsec > 999999999))
			abort();
		scores(rec->severity, rec->nseverity);
		struct vg_osv_rating rt;
		vg_osv_rate(rec, &rt);
		if (rt.known && (rt.severity < VG_SEV_INFO || rt.severity > VG_SEV_CRITICAL))
			abort();
		size_t budget = 2000; /* evaluations per input */
		for (size_t i = 0; i < rec->naffected && budget; i++) {
			const struct vg_osv_affected *a = &rec->affected[i];
			scores(a->severity, a->nseverity);
			static const char *const fixed_versions[] = { "0", "1.0.0", "1:2.3-4~deb12u1",
								      "1.2.3-r4", "1.0rc1", "v0.0.0-0" };
			for (size_t k = 0; k < sizeof(fixed_versions) / sizeof(fixed_versions[0]); k++)
				probe(a, fixed_versions[k]);
			for (size_t r = 0; r < a->nranges && budget; r++)
				for (size_t e = 0; e < a->ranges[r].nevents && budget; e++, budget--)
					probe(a, a->ranges[r].events[e].version);
			for (size_t v = 0; v < a->nversions && budget; v++, budget--)
				probe(a, a->versions[v]);
		}
	}
	vg_arena_release(&arena);
	return 0;
}
