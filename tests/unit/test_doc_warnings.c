/* SPDX-License-Identifier: Apache-2.0 */
/* test_doc_warnings.c - duplicate mapping keys: accepted (later value wins) and recorded. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/doc.h"

static struct vg_docset *parse_ok(const char *name, const char *text)
{
	struct vg_docset *set = NULL;
	struct vg_diag d;
	int r = vg_docset_parse(name, text, strlen(text), VG_SYNTAX_AUTO, NULL, &set, &d);
	if (r != 0)
		fail_msg("parse of %s failed: %d %s:%u:%u: %s", name, r, d.file, d.line, d.column,
			 d.message);
	return set;
}

static void assert_dup(const struct vg_docset *s, size_t i, const char *key, uint32_t line,
		       uint32_t column, uint32_t first_line, uint32_t first_column)
{
	const struct vg_doc_warning *w = vg_docset_warning(s, i);
	assert_non_null(w);
	assert_int_equal(w->kind, VG_DOC_WARN_DUPLICATE_KEY);
	assert_int_equal(w->key_len, strlen(key));
	assert_memory_equal(w->key, key, w->key_len);
	assert_int_equal(w->line, line);
	assert_int_equal(w->column, column);
	assert_int_equal(w->first_line, first_line);
	assert_int_equal(w->first_column, first_column);
}

/* The corpus case (spec.selector twice) and a nested one; later value wins; document order. */
static void test_yaml_duplicates(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("d.yaml", "apiVersion: apps/v1\n"       /* 1 */
						 "kind: Deployment\n"          /* 2 */
						 "spec:\n"                     /* 3 */
						 "  selector: {a: 1}\n"        /* 4 */
						 "  template:\n"               /* 5 */
						 "    spec:\n"                 /* 6 */
						 "      hostNetwork: true\n"   /* 7 */
						 "      hostNetwork: false\n"  /* 8 */
						 "  selector: {a: 2}\n"        /* 9 */
						 "---\n"                       /* 10 */
						 "k: 1\n"                      /* 11 */
						 "\"k\": 2\n"                  /* 12: quoted, same key */
						 "k: 3\n");                    /* 13 */
	const struct vg_node *r = vg_docset_get(s, 0)->root;
	assert_int_equal(vg_node_path(r, "spec.selector.a")->v.i, 2);
	assert_true(vg_node_is_false(vg_node_path(r, "spec.template.spec.hostNetwork")));
	assert_int_equal(vg_node_get(vg_docset_get(s, 1)->root, "k")->v.i, 3);
	assert_int_equal(vg_docset_warning_count(s), 4);
	assert_int_equal(vg_docset_warnings_dropped(s), 0);
	/* the inner map closes first, yet warnings come in document order */
	assert_dup(s, 0, "hostNetwork", 8, 7, 7, 7);
	assert_dup(s, 1, "selector", 9, 3, 4, 3);
	assert_dup(s, 2, "k", 12, 1, 11, 1); /* every repeat names the first occurrence */
	assert_dup(s, 3, "k", 13, 1, 11, 1);
	assert_null(vg_docset_warning(s, 4));
	vg_docset_free(s);
}

/* Near misses: same key in different maps, merge keys (explicit keys win by design), keys
 * differing in case, and collection keys are not duplicates. */
static void test_yaml_not_duplicates(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("n.yaml", "base: &b {x: 1, y: 2}\n"
						 "a: {x: 1}\n"
						 "b: {x: 2}\n"
						 "m:\n"
						 "  <<: *b\n"
						 "  x: 9\n"
						 "m2:\n"
						 "  <<: [*b, {z: 1}]\n"
						 "  <<: {w: 1}\n"
						 "Key: 1\n"
						 "key: 2\n"
						 "? [1, 2]\n"
						 ": one\n"
						 "? [1, 2]\n"
						 ": two\n");
	assert_int_equal(vg_node_path(vg_docset_get(s, 0)->root, "m.x")->v.i, 9);
	assert_int_equal(vg_docset_warning_count(s), 0);
	assert_int_equal(vg_docset_warnings_dropped(s), 0);
	vg_docset_free(s);
}

static void test_json_duplicates(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("x.json", "{\"kind\": \"Pod\",\n"
						 " \"spec\": {\"hostPID\": true, \"hostPID\": false},\n"
						 " \"kind\": \"Secret\"}\n");
	const struct vg_node *r = vg_docset_get(s, 0)->root;
	assert_true(vg_node_str_eq(vg_node_get(r, "kind"), "Secret"));
	assert_true(vg_node_is_false(vg_node_path(r, "spec.hostPID")));
	assert_int_equal(vg_docset_warning_count(s), 2);
	assert_dup(s, 0, "hostPID", 2, 28, 2, 11);
	assert_dup(s, 1, "kind", 3, 2, 1, 2);
	vg_docset_free(s);
}

/* A map large enough to take the sorting path, and the cap on kept warnings. */
static void test_many_duplicates(void **state)
{
	(void)state;
	size_t cap = 64 * 1024, o = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	/* a nested map of 40 distinct keys, then k0..k29 again (30 duplicates); "top" twice */
	o += (size_t)snprintf(buf + o, cap - o, "top: 1\nm:\n");
	for (int i = 0; i < 40; i++)
		o += (size_t)snprintf(buf + o, cap - o, "  k%d: %d\n", i, i);
	for (int i = 0; i < 30; i++)
		o += (size_t)snprintf(buf + o, cap - o, "  k%d: x%d\n", i, i);
	o += (size_t)snprintf(buf + o, cap - o, "top: 2\n");
	struct vg_docset *s = parse_ok("big.yaml", buf);
	const struct vg_node *m = vg_node_get(vg_docset_get(s, 0)->root, "m");
	assert_string_equal(vg_node_str(vg_node_get(m, "k7")), "x7");
	assert_int_equal(vg_node_get(m, "k35")->v.i, 35);
	/* 31 duplicates: the first VG_DOC_MAX_WARNINGS by position are kept (k0.. again, from line 43) */
	assert_int_equal(vg_docset_warning_count(s), VG_DOC_MAX_WARNINGS);
	assert_int_equal(vg_docset_warnings_dropped(s), 31 - VG_DOC_MAX_WARNINGS);
	for (uint32_t i = 0; i < VG_DOC_MAX_WARNINGS; i++) {
		char key[16];
		snprintf(key, sizeof(key), "k%u", i);
		assert_dup(s, i, key, 43 + i, 3, 3 + i, 3);
	}
	vg_docset_free(s);

	/* the later-closing top-level duplicate comes first when it is earlier in the file */
	o = 0;
	o += (size_t)snprintf(buf + o, cap - o, "a: 1\na: 2\nm:\n");
	for (int i = 0; i < 25; i++)
		o += (size_t)snprintf(buf + o, cap - o, "  d: %d\n", i);
	s = parse_ok("order.yaml", buf);
	assert_int_equal(vg_docset_warning_count(s), VG_DOC_MAX_WARNINGS);
	assert_int_equal(vg_docset_warnings_dropped(s), 25 - VG_DOC_MAX_WARNINGS);
	assert_dup(s, 0, "a", 2, 1, 1, 1);
	assert_dup(s, 1, "d", 5, 3, 4, 3);
	assert_dup(s, VG_DOC_MAX_WARNINGS - 1, "d", 3 + VG_DOC_MAX_WARNINGS, 3, 4, 3);
	vg_docset_free(s);
	free(buf);
}

/* NULL-safe accessors. */
static void test_null(void **state)
{
	(void)state;
	assert_int_equal(vg_docset_warning_count(NULL), 0);
	assert_null(vg_docset_warning(NULL, 0));
	assert_int_equal(vg_docset_warnings_dropped(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_duplicates),
		cmocka_unit_test(test_yaml_not_duplicates),
		cmocka_unit_test(test_json_duplicates),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
