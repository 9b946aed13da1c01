/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vulndb_osv.c - the OSV record parser (fields, malformed records with their positions,
 * limits), RFC 3339 times, the schema's range evaluation and the choice of severity.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "vulndb/vulndb_internal.h"

static char *slurp(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*ret_len = (size_t)n;
	return buf;
}

static int parse_str(const char *json, struct vg_arena *a, struct vg_osv_record **rec,
		     struct vg_diag *d)
{
	return vg_osv_parse(json, strlen(json), "t.json", NULL, a, rec, d);
}

/* ---- parsing ----------------------------------------------------------------------------- */

static void test_parse_corpus_record(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof(path), "%s/corpus/vulndb/osv/npm/GHSA-rv95-896h-c2vc.json",
		 VG_SHARED_DIR);
	size_t len;
	char *buf = slurp(path, &len);
	struct vg_arena a;
	vg_arena_init(&a, 4096);
	struct vg_osv_record *rec = NULL;
	struct vg_diag d;
	assert_int_equal(vg_osv_parse(buf, len, path, NULL, &a, &rec, &d), 0);
	assert_string_equal(rec->id, "GHSA-rv95-896h-c2vc");
	assert_string_equal(rec->modified, "2024-03-25T22:24:57Z");
	assert_int_equal(rec->naliases, 1);
	assert_string_equal(rec->aliases[0], "CVE-2024-29041");
	assert_string_equal(rec->summary, "Express.js Open Redirect in malformed URLs");
	assert_int_equal(rec->naffected, 2);
	assert_string_equal(rec->affected[1].ecosystem, "npm");
	assert_string_equal(rec->affected[1].name, "express");
	assert_int_equal(rec->affected[1].nranges, 1);
	assert_int_equal(rec->affected[1].ranges[0].type, VG_OSV_RANGE_ECOSYSTEM);
	assert_int_equal(rec->affected[1].ranges[0].nevents, 2);
	assert_int_equal(rec->affected[1].ranges[0].events[1].kind, VG_OSV_FIXED);
	assert_string_equal(rec->affected[1].ranges[0].events[1].version, "5.0.0-beta.3");
	assert_string_equal(rec->db_severity, "MODERATE");
	assert_string_equal(rec->url,
			    "https://github.com/expressjs/express/security/advisories/GHSA-rv95-896h-c2vc");
	struct vg_osv_rating rt;
	vg_osv_rate(rec, &rt);
	assert_true(rt.known);
	assert_string_equal(rt.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N");
	assert_true(rt.score > 6.09 && rt.score < 6.11);
	assert_int_equal(rt.severity, VG_SEV_MEDIUM);
	vg_arena_release(&a);
	free(buf);
}

/* Each malformed file of tests/data/vulndb/malformed: the exact diagnostic. */
static void test_malformed_records(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		int err;
		const char *want; /* "line:column: message" */
	} cases[] = {
		{ "missing-id.json", -EBADMSG, "1:1: osv record has no 'id'" },
		{ "missing-affected.json", -EBADMSG,
		  "1:1: osv record 'x_BAD-NOAFF' has no 'affected' packages" },
		{ "syntax.json", -EBADMSG, "4:16: invalid JSON: unexpected token near ','" },
		{ "two-keys.json", -EBADMSG,
		  "4:3: 'affected[0].ranges[0].events[1]' has both 'introduced' and 'fixed' (one per "
		  "event)" },
		{ "affected-type.json", -EBADMSG, "3:4: 'affected' is a string, not an array" },
		{ "bad-modified.json", -EBADMSG, "3:3: 'modified' is 'yesterday', not an RFC 3339 time" },
		{ "range-type.json", -EBADMSG,
		  "4:3: 'affected[1].ranges[0].type' is 'NPM_RANGE', not SEMVER, ECOSYSTEM or GIT" },
		{ "deep.json", -EFBIG, "1:142: JSON nested deeper than 64 levels (max_depth)" },
		{ "not-object.json", -EBADMSG, "1:1: an osv record must be a JSON object, not an array" },
		{ "empty.json", -EBADMSG, "1:0: invalid JSON: '[' or '{' expected near end of file" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/vulndb/malformed/%s", VG_TEST_DATA_DIR, cases[i].file);
		size_t len;
		char *buf = slurp(path, &len);
		struct vg_arena a;
		vg_arena_init(&a, 4096);
		struct vg_osv_record *rec = (struct vg_osv_record *)(uintptr_t)1;
		struct vg_diag d;
		vg_diag_clear(&d);
		int r = vg_osv_parse(buf, len, path, NULL, &a, &rec, &d);
		char got[1024];
		snprintf(got, sizeof(got), "%u:%u: %s", d.line, d.column, d.message);
		if (r != cases[i].err || strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "%s: r=%d got '%s'\n", cases[i].file, r, got);
		assert_int_equal(r, cases[i].err);
		assert_string_equal(got, cases[i].want);
		assert_string_equal(d.file, path);
		assert_true(rec == (struct vg_osv_record *)(uintptr_t)1); /* untouched */
		vg_arena_release(&a);
		free(buf);
	}
}

static void test_withdrawn_without_affected(void **state)
{
	(void)state;
	struct vg_arena a;
	vg_arena_init(&a, 4096);
	struct vg_osv_record *rec = NULL;
	struct vg_diag d;
	assert_int_equal(parse_str("{\"id\":\"x_W\",\"modified\":\"2024-01-01T00:00:00Z\","
				   "\"withdrawn\":\"2024-01-02T00:00:00Z\"}", &a, &rec, &d), 0);
	assert_non_null(rec->withdrawn);
	assert_int_equal(rec->naffected, 0);
	/* duplicate keys are rejected: two parsers could otherwise see different records */
	assert_int_equal(parse_str("{\"id\":\"x_A\",\"id\":\"x_B\",\"modified\":\"2024-01-01T00:00:00Z\","
				   "\"affected\":[{}]}", &a, &rec, &d), -EBADMSG);
	vg_arena_release(&a);
}

static void test_limits(void **state)
{
	(void)state;
	struct vg_arena a;
	vg_arena_init(&a, 4096);
	struct vg_osv_record *rec = NULL;
	struct vg_diag d;
	struct vg_osv_limits lim;
	vg_osv_limits_init(&lim);
	const char *json = "{\"id\":\"x_L\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":"
			   "[\"a\",\"b\",\"c\"],\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
			   "\"name\":\"x\"},\"versions\":[\"1\",\"2\"]}]}";
	assert_int_equal(vg_osv_parse(json, strlen(json), "l.json", &lim, &a, &rec, &d), 0);

	lim.max_record_size = 20;
	assert_int_equal(vg_osv_parse(json, strlen(json), "l.json", &lim, &a, &rec, &d), -EFBIG);
	assert_int_equal(d.code, VG_DIAG_LIMIT);
	assert_non_null(strstr(d.message, "max_record_size"));

	vg_osv_limits_init(&lim);
	lim.max_items = 5; /* 3 aliases + 1 affected + 2 versions = 6 */
	assert_int_equal(vg_osv_parse(json, strlen(json), "l.json", &lim, &a, &rec, &d), -EFBIG);
	assert_string_equal(d.message, "osv record has more than 5 list items (max_items)");
	lim.max_items = 6;
	assert_int_equal(vg_osv_parse(json, strlen(json), "l.json", &lim, &a, &rec, &d), 0);

	vg_osv_limits_init(&lim);
	lim.max_depth = 3; /* record, affected[], {}, package{} = 4 */
	assert_int_equal(vg_osv_parse(json, strlen(json), "l.json", &lim, &a, &rec, &d), -EFBIG);
	assert_int_equal(d.line, 1);
	assert_int_equal(d.column, 94); /* the package object */
	lim.max_depth = 4;
	assert_int_equal(vg_osv_parse(json, strlen(json), "l.json", &lim, &a, &rec, &d), 0);
	vg_arena_release(&a);
}

static void test_time_parse(void **state)
{
	(void)state;
	int64_t s;
	int32_t ns;
	assert_int_equal(vg_osv_time_parse("1970-01-01T00:00:00Z", &s, &ns), 0);
	assert_true(s == 0 && ns == 0);
	assert_int_equal(vg_osv_time_parse("2024-03-25T22:24:57Z", &s, &ns), 0);
	assert_true(s == 1711405497);
	assert_int_equal(vg_osv_time_parse("2024-03-25T23:24:57.25+01:00", &s, &ns), 0);
	assert_true(s == 1711405497 && ns == 250000000);
	assert_int_equal(vg_osv_time_parse("0001-01-01T00:00:00Z", &s, &ns), 0);
	assert_true(s < 0);
	assert_int_equal(vg_osv_time_parse("2024-03-25", &s, &ns), -EINVAL);
	assert_int_equal(vg_osv_time_parse("2024-13-25T22:24:57Z", &s, &ns), -EINVAL);
	assert_int_equal(vg_osv_time_parse("2024-03-25T22:24:57", &s, &ns), -EINVAL);
	assert_int_equal(vg_osv_time_parse("2024-03-25T22:24:57.Z", &s, &ns), -EINVAL);
	assert_int_equal(vg_osv_time_parse("2024-03-25T22:24:57Zjunk", &s, &ns), -EINVAL);
}

/* ---- range evaluation ---------------------------------------------------------------------- */

#define EV(k, v) { VG_OSV_##k, v }

static bool affects(const struct vg_osv_range *r, enum vg_version_scheme s, const char *v,
		    const char *want_fixed)
{
	const char *fixed = (const char *)(uintptr_t)1;
	bool hit = vg_osv_range_affects(r, s, v, &fixed);
	if (want_fixed)
		assert_string_equal(fixed ? fixed : "(null)", want_fixed);
	return hit;
}

static void test_range_basic(void **state)
{
	(void)state;
	struct vg_osv_event ev[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.0.2") };
	struct vg_osv_range r = { VG_OSV_RANGE_SEMVER, NULL, 2, ev };
	assert_true(affects(&r, VG_VERSION_SEMVER, "0.0.1", "1.0.2"));
	assert_true(affects(&r, VG_VERSION_SEMVER, "1.0.2-rc.1", "1.0.2"));
	assert_false(affects(&r, VG_VERSION_SEMVER, "1.0.2", "(null)"));
	assert_false(affects(&r, VG_VERSION_SEMVER, "2.0.0", "(null)"));
	/* Go's "v" prefix */
	assert_true(affects(&r, VG_VERSION_SEMVER, "v1.0.1", "1.0.2"));
	/* an invalid installed version says nothing */
	assert_false(affects(&r, VG_VERSION_SEMVER, "not-a-version", "(null)"));
	/* GIT ranges and unknown schemes are never evaluated */
	r.type = VG_OSV_RANGE_GIT;
	assert_false(affects(&r, VG_VERSION_SEMVER, "0.0.1", "(null)"));
	r.type = VG_OSV_RANGE_ECOSYSTEM;
	assert_false(affects(&r, VG_VERSION_UNKNOWN, "0.0.1", "(null)"));
}

static void test_range_unsorted_multi(void **state)
{
	(void)state;
	/* written out of order; the schema sorts them */
	struct vg_osv_event ev[] = {
		EV(INTRODUCED, "2.0.0"), EV(FIXED, "2.1.3"), EV(INTRODUCED, "0"), EV(FIXED, "1.0.5"),
		EV(LIMIT, "1.0.0"),
	};
	struct vg_osv_range r = { VG_OSV_RANGE_ECOSYSTEM, NULL, 5, ev };
	assert_true(affects(&r, VG_VERSION_SEMVER, "0.9.0", "1.0.5"));
	assert_false(affects(&r, VG_VERSION_SEMVER, "1.0.5", NULL));
	assert_false(affects(&r, VG_VERSION_SEMVER, "1.9.9", NULL));
	assert_true(affects(&r, VG_VERSION_SEMVER, "2.0.0", "2.1.3")); /* limit ignored */
	assert_true(affects(&r, VG_VERSION_SEMVER, "2.1.2", "2.1.3"));
	assert_false(affects(&r, VG_VERSION_SEMVER, "2.1.3", NULL));
}

static void test_range_last_affected(void **state)
{
	(void)state;
	struct vg_osv_event ev[] = { EV(INTRODUCED, "1.0.0"), EV(LAST_AFFECTED, "1.2.0") };
	struct vg_osv_range r = { VG_OSV_RANGE_SEMVER, NULL, 2, ev };
	assert_false(affects(&r, VG_VERSION_SEMVER, "0.9.9", NULL));
	assert_true(affects(&r, VG_VERSION_SEMVER, "1.0.0", "(null)"));
	assert_true(affects(&r, VG_VERSION_SEMVER, "1.2.0", "(null)"));
	assert_false(affects(&r, VG_VERSION_SEMVER, "1.2.1", NULL));
	/* a pre-release of 1.2.0 sorts below it: affected */
	assert_true(affects(&r, VG_VERSION_SEMVER, "1.2.0-alpha", NULL));
}

static void test_range_ties_and_dpkg(void **state)
{
	(void)state;
	/* equal versions keep their written order: introduced then fixed at 1.0 = not affected */
	struct vg_osv_event ev[] = { EV(INTRODUCED, "1.0"), EV(FIXED, "1.0") };
	struct vg_osv_range r = { VG_OSV_RANGE_ECOSYSTEM, NULL, 2, ev };
	assert_false(affects(&r, VG_VERSION_DPKG, "1.0", NULL));
	struct vg_osv_event ev2[] = { EV(FIXED, "1.0"), EV(INTRODUCED, "1.0") };
	struct vg_osv_range r2 = { VG_OSV_RANGE_ECOSYSTEM, NULL, 2, ev2 };
	assert_true(affects(&r2, VG_VERSION_DPKG, "1.0", NULL));
	/* dpkg ordering: epochs, tildes */
	struct vg_osv_event ev3[] = { EV(INTRODUCED, "0"), EV(FIXED, "1:1.0-1") };
	struct vg_osv_range r3 = { VG_OSV_RANGE_ECOSYSTEM, NULL, 2, ev3 };
	assert_true(affects(&r3, VG_VERSION_DPKG, "9.9-1", "1:1.0-1"));
	assert_true(affects(&r3, VG_VERSION_DPKG, "1:1.0-1~deb12u1", "1:1.0-1"));
	assert_false(affects(&r3, VG_VERSION_DPKG, "1:1.0-1+b1", NULL));
}

static void test_versions_list(void **state)
{
	(void)state;
	const char *versions[] = { "1.0", "2.0rc1" };
	struct vg_osv_affected a = { .ecosystem = "PyPI", .name = "x", .nversions = 2,
				     .versions = versions };
	assert_true(vg_osv_versions_contain(&a, "1.0"));
	assert_true(vg_osv_versions_contain(&a, "1.0.0"));   /* PEP 440 equal */
	assert_true(vg_osv_versions_contain(&a, "2.0.0rc1"));
	assert_false(vg_osv_versions_contain(&a, "1.1"));
	a.ecosystem = "npm";
	assert_true(vg_osv_versions_contain(&a, "1.0"));
	assert_false(vg_osv_versions_contain(&a, "1.0.0")); /* exact only */
}

static void test_base_ecosystem(void **state)
{
	(void)state;
	char buf[32];
	assert_int_equal(vg_osv_base_ecosystem("Debian:12", buf, sizeof(buf)), 6);
	assert_string_equal(buf, "Debian");
	vg_osv_base_ecosystem("Ubuntu:Pro:18.04:LTS", buf, sizeof(buf));
	assert_string_equal(buf, "Ubuntu");
	vg_osv_base_ecosystem("npm", buf, sizeof(buf));
	assert_string_equal(buf, "npm");
}

/* ---- severity ------------------------------------------------------------------------------ */

static void rate(const char *json, struct vg_osv_rating *rt, struct vg_arena *a)
{
	struct vg_osv_record *rec = NULL;
	struct vg_diag d;
	int r = parse_str(json, a, &rec, &d);
	if (r)
		fprintf(stderr, "%s\n", d.message);
	assert_int_equal(r, 0);
	vg_osv_rate(rec, rt);
}

static void test_rating(void **state)
{
	(void)state;
	struct vg_arena a;
	vg_arena_init(&a, 4096);
	struct vg_osv_rating rt;
#define REC(extra, affextra)                                                                 \
	"{\"id\":\"x\",\"modified\":\"2024-01-01T00:00:00Z\"" extra ",\"affected\":[{\"package\":" \
	"{\"ecosystem\":\"npm\",\"name\":\"p\"}" affextra "}]}"
	/* v4 beats v3, wherever each is */
	rate(REC(",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/"
		 "C:H/I:H/A:H\"}]", ",\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N/"
		 "AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N\"}]"), &rt, &a);
	assert_true(rt.known);
	assert_int_equal(rt.severity, VG_SEV_MEDIUM);
	assert_string_equal(rt.label, "medium");
	assert_true(rt.score > 5.09 && rt.score < 5.11);
	/* an invalid v4 vector is passed over */
	rate(REC(",\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N\"},{\"type\":"
		 "\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]", ""),
	     &rt, &a);
	assert_int_equal(rt.severity, VG_SEV_CRITICAL);
	assert_string_equal(rt.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	/* v2 as a last resort */
	rate(REC(",\"severity\":[{\"type\":\"CVSS_V2\",\"score\":\"AV:N/AC:L/Au:N/C:P/I:P/A:P\"}]",
		 ""), &rt, &a);
	assert_int_equal(rt.severity, VG_SEV_HIGH);
	/* GHSA label */
	rate(REC(",\"database_specific\":{\"severity\":\"MODERATE\"}", ""), &rt, &a);
	assert_true(rt.known);
	assert_int_equal(rt.severity, VG_SEV_MEDIUM);
	assert_null(rt.vector);
	assert_true(rt.score < 0);
	/* Ubuntu label */
	rate(REC("", ",\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"negligible\"}]"), &rt, &a);
	assert_true(rt.known);
	assert_int_equal(rt.severity, VG_SEV_LOW);
	/* nothing */
	rate(REC(",\"database_specific\":{\"severity\":\"UNKNOWN\"}", ""), &rt, &a);
	assert_false(rt.known);
	assert_null(rt.label);
#undef REC
	vg_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_corpus_record),
		cmocka_unit_test(test_malformed_records),
		cmocka_unit_test(test_withdrawn_without_affected),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_range_basic),
		cmocka_unit_test(test_range_unsorted_multi),
		cmocka_unit_test(test_range_last_affected),
		cmocka_unit_test(test_range_ties_and_dpkg),
		cmocka_unit_test(test_versions_list),
		cmocka_unit_test(test_base_ecosystem),
		cmocka_unit_test(test_rating),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
