/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pss_fixtures.c - replay the upstream PSA fixtures (shared/corpus/psa, v1.37).
 *
 * Every pass file must give no violation and every fail file at least one, including one
 * of the check its name implies (<lowercased check ID><index>.yaml), or of the restricted
 * check overriding it, at <level>:v1.37 and <level>:latest. Nothing is ever reported at the
 * privileged level.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "vigil/doc.h"
#include "vigil/k8s.h"
#include "vigil/pss.h"

#define FIXTURE_DIR VG_SHARED_DIR "/corpus/psa"

static const char *const upstream_ids[] = {
	"hostNamespaces",     "privileged",          "capabilities_baseline",
	"hostPathVolumes",    "hostPorts",           "appArmorProfile",
	"seLinuxOptions",     "procMount",           "seccompProfile_baseline",
	"sysctls",            "windowsHostProcess",  "hostProbesAndHostLifecycle",
	"restrictedVolumes",  "runAsNonRoot",        "runAsUser",
	"allowPrivilegeEscalation", "seccompProfile_restricted", "capabilities_restricted",
	"procMount_restricted",
};

/* Baseline checks that restricted overrides at v1.37, and their overriding check. */
static const char *const overrides[][2] = {
	{ "hostPathVolumes", "restrictedVolumes" },
	{ "capabilities_baseline", "capabilities_restricted" },
	{ "seccompProfile_baseline", "seccompProfile_restricted" },
	{ "procMount", "procMount_restricted" },
};

struct totals {
	size_t files, pass, fail, violations;
};

static struct totals totals;

struct result {
	char ids[64][48];
	size_t n;
};

static int collect(const struct vg_pss_violation *v, void *userdata)
{
	struct result *r = userdata;

	assert_non_null(v->node);
	assert_non_null(v->path);
	assert_true(strncmp(v->path, "spec.", 5) == 0 || strncmp(v->path, "metadata.", 9) == 0);
	assert_true(v->reason[0] != '\0');
	assert_true(v->detail[0] != '\0' || strcmp(v->check_id, "sysctls") == 0);
	assert_true(v->node->line > 0);
	if (r->n < 64)
		snprintf(r->ids[r->n++], sizeof(r->ids[0]), "%s", v->check_id);
	return 0;
}

static bool has(const struct result *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->ids[i], id) == 0)
			return true;
	return false;
}

/* "seccompprofile_restricted3.yaml" -> "seccompProfile_restricted"; NULL for base*.yaml. */
static const char *implied_check(const char *file)
{
	char stem[128];
	size_t n = strcspn(file, ".");

	assert_true(n < sizeof(stem));
	memcpy(stem, file, n);
	stem[n] = '\0';
	while (n > 0 && isdigit((unsigned char)stem[n - 1]))
		stem[--n] = '\0';
	for (size_t i = 0; i < sizeof(upstream_ids) / sizeof(upstream_ids[0]); i++)
		if (strcasecmp(stem, upstream_ids[i]) == 0)
			return upstream_ids[i];
	return NULL;
}

static char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*ret_len = (size_t)len;
	return buf;
}

struct first_object {
	struct vg_k8s_object obj;
	int seen;
};

static int take_first(const struct vg_k8s_object *o, void *userdata)
{
	struct first_object *f = userdata;

	if (f->seen++ == 0)
		f->obj = *o;
	return 0;
}

static void evaluate(const struct vg_pod_view *view, enum vg_pss_level level, uint32_t minor,
		     struct result *ret)
{
	struct vg_pss_policy p = { level, minor };

	memset(ret, 0, sizeof(*ret));
	assert_int_equal(vg_pss_evaluate(&p, view, collect, ret), 0);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *level_name, bool pass, size_t expect_files)
{
	char dir[1024], path[1400];
	char *names[256];
	size_t nnames = 0;
	enum vg_pss_level level;
	struct dirent *de;
	DIR *d;

	assert_int_equal(vg_pss_parse_level(level_name, &level), 0);
	snprintf(dir, sizeof(dir), "%s/%s/v1.37/%s", FIXTURE_DIR, level_name, pass ? "pass" : "fail");
	d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0)
			continue;
		assert_true(nnames < 256);
		names[nnames++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof(names[0]), cmp_names);

	for (size_t i = 0; i < nnames; i++) {
		struct vg_docset *set = NULL;
		struct first_object first = { 0 };
		struct vg_pod_view view;
		struct result latest, v137, priv;
		struct vg_diag diag;
		const char *want = implied_check(names[i]);
		size_t len;
		char *buf;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		buf = read_file(path, &len);
		assert_int_equal(vg_docset_parse(path, buf, len, VG_SYNTAX_YAML, NULL, &set, &diag), 0);
		assert_int_equal(vg_docset_count(set), 1);
		assert_int_equal(vg_k8s_walk(vg_docset_get(set, 0), take_first, &first, NULL), 0);
		assert_int_equal(first.seen, 1);
		assert_string_equal(first.obj.kind, "Pod");
		assert_true(vg_k8s_pod_view(&first.obj, &view));

		evaluate(&view, level, 37, &v137);
		evaluate(&view, level, VG_PSS_LATEST, &latest);
		evaluate(&view, VG_PSS_PRIVILEGED, VG_PSS_LATEST, &priv);
		assert_int_equal(priv.n, 0);
		assert_int_equal(latest.n, v137.n);
		for (size_t k = 0; k < v137.n; k++)
			assert_string_equal(latest.ids[k], v137.ids[k]);

		if (pass) {
			if (v137.n != 0)
				fail_msg("%s: expected no violation, got %zu (first %s)", path, v137.n,
					 v137.ids[0]);
			if (!want && strncmp(names[i], "base", 4) != 0)
				fail_msg("%s: no check implied by the name", path);
			totals.pass++;
		} else {
			const char *alt = NULL;

			if (!want)
				fail_msg("%s: no check implied by the name", path);
			if (level == VG_PSS_RESTRICTED)
				for (size_t k = 0; k < sizeof(overrides) / sizeof(overrides[0]); k++)
					if (strcmp(overrides[k][0], want) == 0)
						alt = overrides[k][1];
			if (v137.n == 0)
				fail_msg("%s: expected a violation, got none", path);
			if (!has(&v137, want) && !(alt && has(&v137, alt)))
				fail_msg("%s: expected %s%s%s among %zu violations (first %s)", path, want,
					 alt ? " or " : "", alt ? alt : "", v137.n, v137.ids[0]);
			/* an overridden baseline check never runs at restricted */
			if (alt)
				assert_false(has(&v137, want));
			totals.fail++;
			totals.violations += v137.n;
		}
		totals.files++;
		vg_docset_free(set);
		free(buf);
		free(names[i]);
	}
	assert_int_equal(nnames, expect_files);
}

static void test_baseline_pass(void **state)
{
	(void)state;
	run_dir("baseline", true, 15);
}

static void test_baseline_fail(void **state)
{
	(void)state;
	run_dir("baseline", false, 34);
}

static void test_restricted_pass(void **state)
{
	(void)state;
	run_dir("restricted", true, 23);
}

static void test_restricted_fail(void **state)
{
	(void)state;
	run_dir("restricted", false, 76);
}

static void test_all_visited(void **state)
{
	(void)state;
	printf("pss fixtures: %zu files (%zu pass, %zu fail, %zu violations on fail files)\n",
	       totals.files, totals.pass, totals.fail, totals.violations);
	assert_int_equal(totals.files, 148);
	assert_int_equal(totals.pass, 38);
	assert_int_equal(totals.fail, 110);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_pass),
		cmocka_unit_test(test_baseline_fail),
		cmocka_unit_test(test_restricted_pass),
		cmocka_unit_test(test_restricted_fail),
		cmocka_unit_test(test_all_visited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
