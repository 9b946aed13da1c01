/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cvss.c - CVSS v2, v3.0, v3.1 and v4.0 scores against the reference calculators' vectors
 * (tests/data/vulndb/cvss-v3.txt, cvss-v4.txt), strict vector validation, qualitative ratings.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/vulndb.h"

/* Check every "VECTOR SCORE" line of @file; returns the number of vectors checked. */
static int check_file(const char *file)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/vulndb/%s", VG_TEST_DATA_DIR, file);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[1024];
	int n = 0, bad = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *sp = strrchr(line, ' ');
		assert_non_null(sp);
		*sp = '\0';
		double want = strtod(sp + 1, NULL), got = -1;
		int r = vg_cvss_score(line, &got);
		if (r != 0 || (long)(got * 10 + 0.5) != (long)(want * 10 + 0.5)) {
			fprintf(stderr, "%s: %s: got %.1f (r=%d), want %.1f\n", file, line, got, r,
				want);
			bad++;
		}
		n++;
	}
	fclose(f);
	assert_int_equal(bad, 0);
	return n;
}

static void test_v3_and_v2_vectors(void **state)
{
	(void)state;
	int n = check_file("cvss-v3.txt");
	assert_true(n >= 50);
}

static void test_v4_vectors(void **state)
{
	(void)state;
	int n = check_file("cvss-v4.txt");
	assert_true(n >= 50);
}

static void test_invalid_vectors(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"CVSS:3.1/",
		"CVSS:3.1",
		"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",          /* A missing */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",     /* trailing slash */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",  /* duplicate */
		"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",      /* X is not a base value */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q",  /* bad temporal value */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", /* unknown metric */
		"CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HH",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H extra",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",      /* SA missing */
		"CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", /* order */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A", /* order */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:A",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", /* S only in MSI */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/",
		"AV:N/AC:L/Au:N/C:P/I:P",
		"AV:N/AC:L/Au:N/C:P/I:P/A:P/A:P",
		"(AV:N/AC:L/Au:N/C:P/I:P/A:P",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double s = 42;
		int r = vg_cvss_score(bad[i], &s);
		if (r != -EINVAL)
			fprintf(stderr, "accepted: '%s' (%.1f)\n", bad[i], s);
		assert_int_equal(r, -EINVAL);
		assert_true(s == 42); /* untouched on failure */
	}
	double s;
	assert_int_equal(vg_cvss_score(NULL, &s), -EINVAL);
}

static void test_severity_bands(void **state)
{
	(void)state;
	assert_int_equal(vg_cvss_severity(0.0), VG_SEV_INFO);
	assert_int_equal(vg_cvss_severity(0.1), VG_SEV_LOW);
	assert_int_equal(vg_cvss_severity(3.9), VG_SEV_LOW);
	assert_int_equal(vg_cvss_severity(4.0), VG_SEV_MEDIUM);
	assert_int_equal(vg_cvss_severity(6.9), VG_SEV_MEDIUM);
	assert_int_equal(vg_cvss_severity(7.0), VG_SEV_HIGH);
	assert_int_equal(vg_cvss_severity(8.9), VG_SEV_HIGH);
	assert_int_equal(vg_cvss_severity(9.0), VG_SEV_CRITICAL);
	assert_int_equal(vg_cvss_severity(10.0), VG_SEV_CRITICAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v3_and_v2_vectors),
		cmocka_unit_test(test_v4_vectors),
		cmocka_unit_test(test_invalid_vectors),
		cmocka_unit_test(test_severity_bands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
