/* SPDX-License-Identifier: Apache-2.0 */
/* test_pss_registry.c - the PSS check table, its metadata and the check registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "check/pss_internal.h"

/* VG-PSS-001..019 in order, as the IDs are promised to users. */
static const char *const vg_order[] = {
	"hostNamespaces",     "privileged",          "capabilities_baseline",
	"hostPathVolumes",    "hostPorts",           "appArmorProfile",
	"seLinuxOptions",     "procMount",           "seccompProfile_baseline",
	"sysctls",            "windowsHostProcess",  "hostProbesAndHostLifecycle",
	"restrictedVolumes",  "runAsNonRoot",        "runAsUser",
	"allowPrivilegeEscalation", "seccompProfile_restricted", "capabilities_restricted",
	"procMount_restricted",
};

static void test_metadata_table(void **state)
{
	(void)state;
	assert_int_equal(vg_pss_ninfo, 19);
	assert_int_equal(vg_check_family_pss.count, 19);
	assert_ptr_equal(vg_check_family_pss.checks, vg_pss_info);
	assert_string_equal(vg_check_family_pss.name, "pss");
	for (size_t i = 0; i < vg_pss_ninfo; i++) {
		const struct vg_check_info *c = &vg_pss_info[i];
		char id[16];

		snprintf(id, sizeof(id), "VG-PSS-%03zu", i + 1);
		assert_string_equal(c->id, id);
		assert_string_equal(c->family, "pss");
		assert_non_null(c->title);
		assert_true(strlen(c->title) > 5);
		assert_true(c->title[strlen(c->title) - 1] != '.');
		assert_non_null(c->description);
		assert_true(strlen(c->description) > 80);
		assert_non_null(c->remediation);
		assert_string_equal(c->help_uri,
				    "https://kubernetes.io/docs/concepts/security/pod-security-standards/");
		assert_string_equal(c->refs[0].key, "pss");
		assert_string_equal(c->refs[0].value, vg_order[i]);
		assert_null(c->refs[1].key);
		/* the upstream ID maps back to this entry */
		assert_ptr_equal(vg_pss_check_info(vg_order[i]), c);
	}
	assert_int_equal(vg_pss_check_info("privileged")->severity, VG_SEV_CRITICAL);
	assert_int_equal(vg_pss_check_info("windowsHostProcess")->severity, VG_SEV_CRITICAL);
	assert_int_equal(vg_pss_check_info("hostNamespaces")->severity, VG_SEV_HIGH);
	assert_int_equal(vg_pss_check_info("hostPathVolumes")->severity, VG_SEV_HIGH);
	assert_int_equal(vg_pss_check_info("capabilities_baseline")->severity, VG_SEV_HIGH);
	assert_null(vg_pss_check_info("Privileged"));
	assert_null(vg_pss_check_info("nope"));
	assert_null(vg_pss_check_info(NULL));
}

static void test_check_table_order_and_versions(void **state)
{
	(void)state;
	uint32_t newest = 0;

	assert_int_equal(vg_pss_nchecks, 19);
	for (size_t i = 0; i < vg_pss_nchecks; i++) {
		const struct vg_pss_check *c = &vg_pss_checks[i];

		assert_true(c->level == VG_PSS_BASELINE || c->level == VG_PSS_RESTRICTED);
		assert_ptr_equal(vg_pss_check_info(c->id), c->info);
		assert_string_equal(c->info->refs[0].value, c->id);
		assert_non_null(c->reason);
		if (i > 0) {
			const struct vg_pss_check *p = &vg_pss_checks[i - 1];
			/* baseline first, each level sorted bytewise as Go sorts strings */
			assert_true(p->level < c->level ||
				    (p->level == c->level && strcmp(p->id, c->id) < 0));
		}
		assert_true(c->nversions > 0);
		for (size_t v = 0; v < c->nversions; v++) {
			const struct vg_pss_version *e = &c->versions[v];

			assert_non_null(e->fn);
			if (v > 0)
				assert_true(c->versions[v - 1].min_minor < e->min_minor);
			assert_true(e->min_minor <= VG_PSS_NEWEST_MINOR);
			if (e->min_minor > newest)
				newest = e->min_minor;
			for (const char *const *o = e->overrides; o && *o; o++) {
				const struct vg_pss_check *t = NULL;

				assert_int_equal(c->level, VG_PSS_RESTRICTED);
				for (size_t k = 0; k < vg_pss_nchecks; k++)
					if (strcmp(vg_pss_checks[k].id, *o) == 0)
						t = &vg_pss_checks[k];
				assert_non_null(t);
				assert_int_equal(t->level, VG_PSS_BASELINE);
			}
		}
	}
	/* the newest policy version is one a check changes at (upstream's maxVersion) */
	assert_int_equal(newest, VG_PSS_NEWEST_MINOR);
}

static const char *selected_fn_owner(const char *id, uint32_t minor, uint32_t *ret_min)
{
	for (size_t i = 0; i < vg_pss_nchecks; i++) {
		if (strcmp(vg_pss_checks[i].id, id) != 0)
			continue;
		const struct vg_pss_version *v = vg_pss_select(&vg_pss_checks[i], minor);
		if (!v)
			return NULL;
		*ret_min = v->min_minor;
		return id;
	}
	return NULL;
}

static void test_version_selection(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		uint32_t minor;
		int expect_min; /* -1: not applicable */
	} cases[] = {
		{ "sysctls", 0, 0 },          { "sysctls", 26, 0 },
		{ "sysctls", 27, 27 },        { "sysctls", 28, 27 },
		{ "sysctls", 29, 29 },        { "sysctls", 31, 29 },
		{ "sysctls", 32, 32 },        { "sysctls", 36, 32 },
		{ "sysctls", 37, 37 },        { "allowPrivilegeEscalation", 7, -1 },
		{ "allowPrivilegeEscalation", 8, 8 }, { "allowPrivilegeEscalation", 25, 25 },
		{ "seccompProfile_restricted", 18, -1 }, { "seccompProfile_restricted", 19, 19 },
		{ "capabilities_restricted", 21, -1 }, { "capabilities_restricted", 22, 22 },
		{ "runAsUser", 22, -1 },      { "runAsUser", 23, 23 },
		{ "runAsUser", 35, 35 },      { "seLinuxOptions", 30, 0 },
		{ "seLinuxOptions", 31, 31 }, { "hostProbesAndHostLifecycle", 33, -1 },
		{ "hostProbesAndHostLifecycle", 34, 34 }, { "procMount", 34, 0 },
		{ "procMount", 35, 35 },      { "procMount_restricted", 34, -1 },
		{ "procMount_restricted", 35, 35 }, { "seccompProfile_baseline", 18, 0 },
		{ "seccompProfile_baseline", 19, 19 }, { "runAsNonRoot", 0, 0 },
		{ "runAsNonRoot", 35, 35 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t min = 999;
		const char *got = selected_fn_owner(cases[i].id, cases[i].minor, &min);

		if (cases[i].expect_min < 0) {
			assert_null(got);
		} else {
			assert_non_null(got);
			assert_int_equal(min, (uint32_t)cases[i].expect_min);
		}
	}
}

static void test_registry(void **state)
{
	(void)state;
	size_t n = vg_check_count();

	assert_true(n >= 19);
	for (size_t i = 0; i < n; i++) {
		const struct vg_check_info *c = vg_check_at(i);

		assert_non_null(c);
		assert_ptr_equal(vg_check_find(c->id), c);
	}
	assert_null(vg_check_at(n));
	assert_null(vg_check_find("VG-PSS-000"));
	assert_null(vg_check_find("vg-pss-001"));
	assert_null(vg_check_find(NULL));
	assert_ptr_equal(vg_check_find("VG-PSS-002"), vg_pss_check_info("privileged"));
	assert_ptr_equal(vg_check_find("VG-PSS-019"), vg_pss_check_info("procMount_restricted"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metadata_table),
		cmocka_unit_test(test_check_table_order_and_versions),
		cmocka_unit_test(test_version_selection),
		cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
