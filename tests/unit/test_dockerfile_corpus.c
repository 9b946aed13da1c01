/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_dockerfile_corpus.c - parse every file of ../shared/corpus/dockerfiles (1,111 real
 * upstream Dockerfiles) and run the checks over them: no crash, and no parse problem.
 *
 * Reviewed: all files parse without a problem, so the allowed count is 0. A new problem
 * means the parser rejects something BuildKit accepts.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "vigil/check.h"
#include "vigil/dockerfile.h"

#define MAX_FILES_WITH_PROBLEMS 0

struct tally {
	size_t files, with_problems, findings;
};

static void one(const char *path, struct tally *t)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)sz + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	struct vg_dockerfile *df = NULL;
	struct vg_diag d;
	assert_int_equal(vg_dockerfile_parse(path, buf, (size_t)sz, NULL, &df, &d), 0);
	t->files++;
	if (df->nproblems) {
		t->with_problems++;
		for (size_t i = 0; i < df->nproblems; i++)
			printf("problem: %s:%u: %s\n", path, df->problems[i].line,
			       df->problems[i].message);
	}
	vg_dockerfile_free(df);
	struct vg_report *r;
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_check_dockerfile(path, buf, (size_t)sz, r), 0);
	t->findings += vg_report_count(r);
	vg_report_free(r);
	free(buf);
}

static void walk(const char *dir, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "SOURCE.md") == 0)
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, t);
		else if (S_ISREG(st.st_mode))
			one(path, t);
	}
	closedir(d);
}

static void test_corpus(void **state)
{
	(void)state;
	struct tally t = { 0 };
	walk(VG_SHARED_DIR "/corpus/dockerfiles", &t);
	printf("dockerfile corpus: %zu files, %zu with parse problems, %zu findings\n", t.files,
	       t.with_problems, t.findings);
	assert_int_equal(t.files, 1111);
	assert_true(t.with_problems <= MAX_FILES_WITH_PROBLEMS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
