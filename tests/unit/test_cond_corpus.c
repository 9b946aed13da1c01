/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_corpus.c - every condition, macro and list of the official Falco rules files
 * (falco_rules.yaml, k8s_audit_rules.yaml) parses and compiles without error; the event types
 * of the stable rules are the 19 the spec measured; every field the files use (conditions and
 * outputs) is in the field tables. Lists and macros are resolved in file order by the small
 * loader of test_cond_loader.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_cond_loader.h"

/* every %field of every output resolves */
static void check_outputs(const struct mini_loader *l)
{
	for (size_t i = 0; i < l->nrules; i++) {
		const char *o = l->rules[i].output;
		for (const char *p = strchr(o, '%'); p; p = strchr(p + 1, '%')) {
			struct vg_field_ref ref;
			size_t used = 0;
			struct vg_diag d;
			int r = vg_field_parse(l->rules[i].source, p + 1, strlen(p + 1), &ref, &used,
					       &d);
			if (r)
				fail_msg("rule %s output: '%.40s': %s", l->rules[i].name, p + 1,
					 d.message);
		}
	}
}

static void test_falco_rules(void **state)
{
	(void)state;
	struct mini_loader *l = calloc(1, sizeof(*l));
	if (mini_load(l, VG_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml", VG_SOURCE_SYSCALL))
		fail_msg("%s", l->err);
	assert_int_equal(l->nrules, 25);
	assert_int_equal(l->nmacros, 87);
	assert_int_equal(l->nlists, 49);
	if (mini_compile(l, VG_SOURCE_SYSCALL))
		fail_msg("%s", l->err);
	assert_int_equal(l->unresolved, 0);
	struct vg_evtset all;
	vg_evtset_clear(&all);
	for (size_t i = 0; i < l->nrules; i++) {
		const struct vg_cond *c = l->rules[i].compiled;
		assert_int_equal(l->rules[i].source, VG_SOURCE_SYSCALL);
		/* spec: every rule restricts evt.type, none triggers LOAD_NO_EVTTYPE */
		assert_false(vg_evtset_is_broad(vg_cond_evtset(c)));
		assert_true(vg_cond_check_count(c) > 0);
		vg_evtset_union(&all, vg_cond_evtset(c));
	}
	/* spec section 3: the 19 syscalls the stable file needs */
	char buf[1024];
	vg_evtset_format(&all, buf, sizeof(buf));
	assert_string_equal(buf, "connect dup dup2 dup3 execve execveat finit_module "
				 "init_module link linkat open openat openat2 ptrace sendmsg "
				 "sendto socket symlink symlinkat");
	check_outputs(l);
	mini_unload(l);
	free(l);
}

static void test_k8s_audit_rules(void **state)
{
	(void)state;
	struct mini_loader *l = calloc(1, sizeof(*l));
	if (mini_load(l, VG_SHARED_DIR "/corpus/falco-rules/k8s_audit_rules.yaml",
		      VG_SOURCE_K8S_AUDIT))
		fail_msg("%s", l->err);
	assert_int_equal(l->nrules, 48);
	assert_int_equal(l->nmacros, 45);
	assert_int_equal(l->nlists, 18);
	if (mini_compile(l, VG_SOURCE_K8S_AUDIT))
		fail_msg("%s", l->err);
	assert_int_equal(l->unresolved, 0);
	for (size_t i = 0; i < l->nrules; i++) {
		assert_int_equal(l->rules[i].source, VG_SOURCE_K8S_AUDIT);
		assert_true(vg_evtset_is_all(vg_cond_evtset(l->rules[i].compiled)));
	}
	check_outputs(l);
	mini_unload(l);
	free(l);
}

/* tests/data/cond/corpus_fields.txt: "<source> <field>" lines extracted from both files by
 * tests/data/cond/extract_fields.py (conditions and outputs). Each must resolve. */
static void test_corpus_fields_in_tables(void **state)
{
	(void)state;
	size_t len = 0;
	char *text = mini_read_file(VG_TEST_DATA_DIR "/cond/corpus_fields.txt", &len);
	assert_non_null(text);
	size_t n = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !line[0])
			continue;
		char *sp = strchr(line, ' ');
		assert_non_null(sp);
		*sp = '\0';
		enum vg_source src = vg_source_from_name(line, (size_t)-1);
		assert_int_not_equal(src, VG_SOURCE_NONE);
		const char *field = sp + 1;
		struct vg_field_ref ref;
		size_t used = 0;
		struct vg_diag d;
		vg_diag_clear(&d);
		int r = vg_field_parse(src, field, strlen(field), &ref, &used, &d);
		if (r || used != strlen(field))
			fail_msg("%s field %s not in the table: %s", line, field, d.message);
		n++;
	}
	assert_true(n > 100);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_falco_rules),
		cmocka_unit_test(test_k8s_audit_rules),
		cmocka_unit_test(test_corpus_fields_in_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
