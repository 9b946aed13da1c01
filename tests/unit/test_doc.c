/* SPDX-License-Identifier: Apache-2.0 */
/* test_doc.c - the document model: YAML and JSON into one tree, positions, limits. */
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

static int parse_err(const char *name, const char *text, const struct vg_limits *lim,
		     struct vg_diag *d)
{
	struct vg_docset *set = NULL;
	int r = vg_docset_parse(name, text, strlen(text), VG_SYNTAX_AUTO, lim, &set, d);
	vg_docset_free(set);
	return r;
}

static void test_multi_doc_and_positions(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("a.yaml", "# comment\n"
						 "apiVersion: v1\n"
						 "kind: Pod\n"
						 "metadata:\n"
						 "  name: p   # trailing comment\n"
						 "---\n"
						 "---\n"
						 "{a: [1, 2.5, x], b: {c: true}}\n");
	assert_int_equal(vg_docset_count(s), 3);
	const struct vg_doc *d0 = vg_docset_get(s, 0);
	assert_string_equal(d0->file, "a.yaml");
	const struct vg_node *name = vg_node_path(d0->root, "metadata.name");
	assert_non_null(name);
	assert_string_equal(vg_node_str(name), "p");
	assert_int_equal(name->line, 5);
	assert_int_equal(name->column, 9);
	assert_int_equal(vg_docset_get(s, 1)->root->kind, VG_NODE_NULL);
	const struct vg_node *r2 = vg_docset_get(s, 2)->root;
	const struct vg_node *a = vg_node_get(r2, "a");
	assert_int_equal(a->kind, VG_NODE_SEQ);
	assert_int_equal(a->count, 3);
	assert_int_equal(vg_node_at(a, 0)->kind, VG_NODE_INT);
	assert_int_equal(vg_node_at(a, 0)->v.i, 1);
	assert_int_equal(vg_node_at(a, 1)->kind, VG_NODE_FLOAT);
	assert_int_equal(vg_node_at(a, 2)->kind, VG_NODE_STR);
	assert_true(vg_node_is_true(vg_node_path(r2, "b.c")));
	assert_int_equal(vg_node_at(a, 1)->line, 8);
	assert_int_equal(vg_node_at(a, 1)->column, 9);
	vg_docset_free(s);
}

static void test_scalar_resolution(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("s.yaml", "t1: true\nt2: yes\nt3: On\nf1: no\nf2: FALSE\n"
						 "n1: ~\nn2:\nn3: null\n"
						 "i1: 0755\ni2: 0x1F\ni3: -12\ni4: 1_000\n"
						 "fl: 1.5e3\nfl2: .inf\n"
						 "s1: \"true\"\ns2: '12'\ns3: !!str 7\ns4: 1.2.3\ns5: 0x\n"
						 "b1: !!bool true\n");
	const struct vg_node *r = vg_docset_get(s, 0)->root;
	assert_true(vg_node_is_true(vg_node_get(r, "t1")));
	assert_true(vg_node_is_true(vg_node_get(r, "t2")));
	assert_true(vg_node_is_true(vg_node_get(r, "t3")));
	assert_true(vg_node_is_false(vg_node_get(r, "f1")));
	assert_true(vg_node_is_false(vg_node_get(r, "f2")));
	assert_int_equal(vg_node_get(r, "n1")->kind, VG_NODE_NULL);
	assert_int_equal(vg_node_get(r, "n2")->kind, VG_NODE_NULL);
	assert_int_equal(vg_node_get(r, "n3")->kind, VG_NODE_NULL);
	assert_false(vg_node_present(vg_node_get(r, "n3")));
	assert_int_equal(vg_node_get(r, "i1")->v.i, 0755);
	assert_int_equal(vg_node_get(r, "i2")->v.i, 31);
	assert_int_equal(vg_node_get(r, "i3")->v.i, -12);
	assert_int_equal(vg_node_get(r, "i4")->v.i, 1000);
	assert_int_equal(vg_node_get(r, "fl")->kind, VG_NODE_FLOAT);
	assert_true(vg_node_get(r, "fl")->v.f == 1500.0);
	assert_int_equal(vg_node_get(r, "fl2")->kind, VG_NODE_FLOAT);
	assert_true(vg_node_str_eq(vg_node_get(r, "s1"), "true"));
	assert_true(vg_node_get(r, "s1")->quoted);
	assert_true(vg_node_str_eq(vg_node_get(r, "s2"), "12"));
	assert_true(vg_node_str_eq(vg_node_get(r, "s3"), "7"));
	assert_true(vg_node_str_eq(vg_node_get(r, "s4"), "1.2.3"));
	assert_true(vg_node_str_eq(vg_node_get(r, "s5"), "0x"));
	assert_true(vg_node_is_true(vg_node_get(r, "b1")));
	vg_docset_free(s);
}

static void test_anchors_aliases_merge(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("m.yaml", "base: &b\n"
						 "  x: 1\n"
						 "  y: 2\n"
						 "other: &o {z: 3, y: 9}\n"
						 "one:\n"
						 "  <<: *b\n"
						 "  y: 20\n"
						 "many:\n"
						 "  <<: [*b, *o]\n"
						 "  w: 0\n"
						 "ref: *b\n");
	const struct vg_node *r = vg_docset_get(s, 0)->root;
	const struct vg_node *one = vg_node_get(r, "one");
	assert_int_equal(vg_node_get(one, "x")->v.i, 1);
	assert_int_equal(vg_node_get(one, "y")->v.i, 20); /* explicit key wins */
	assert_null(vg_node_get(one, "<<"));
	assert_int_equal(one->count, 2);
	const struct vg_node *many = vg_node_get(r, "many");
	assert_int_equal(vg_node_get(many, "y")->v.i, 2); /* earlier source wins */
	assert_int_equal(vg_node_get(many, "z")->v.i, 3);
	assert_int_equal(many->count, 4);
	assert_ptr_equal(vg_node_get(r, "ref"), vg_node_get(r, "base"));
	vg_docset_free(s);
}

static void test_json(void **state)
{
	(void)state;
	struct vg_docset *s = parse_ok("x.json", "{\"kind\": \"Pod\", \"n\": [1, -2.5e1, true, null],\n"
						 " \"u\": \"\\u00e9\\ud83d\\ude00\", \"k\": 1, \"k\": 2}\n");
	const struct vg_node *r = vg_docset_get(s, 0)->root;
	assert_true(vg_node_str_eq(vg_node_get(r, "kind"), "Pod"));
	const struct vg_node *n = vg_node_get(r, "n");
	assert_int_equal(n->count, 4);
	assert_int_equal(vg_node_at(n, 1)->kind, VG_NODE_FLOAT);
	assert_int_equal(vg_node_at(n, 2)->kind, VG_NODE_BOOL);
	assert_int_equal(vg_node_at(n, 3)->kind, VG_NODE_NULL);
	assert_string_equal(vg_node_str(vg_node_get(r, "u")), "\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(vg_node_get(r, "k")->v.i, 2); /* last duplicate wins, as Go's decoder */
	assert_int_equal(vg_node_get(r, "u")->line, 2);
	assert_int_equal(vg_node_get(r, "u")->column, 7);
	vg_docset_free(s);
}

struct err_case {
	const char *name, *text;
	int err;
	uint32_t line, column;
	const char *msg;
};

static void test_errors(void **state)
{
	(void)state;
	static const struct err_case cases[] = {
		{ "bad.yaml", "a: b\nc: [1, 2\n", -EBADMSG, 3, 1, "did not find expected ',' or ']'" },
		{ "bad2.yaml", "a: b\n  c: d\n", -EBADMSG, 2, 4, "mapping values are not allowed" },
		{ "bad3.yaml", "a: *nope\n", -EBADMSG, 1, 4, "unknown anchor" },
		{ "bad4.yaml", "a:\n  <<: 3\n", -EBADMSG, 2, 7, "merge key" },
		{ "bad.json", "{\"a\": [1, 2}\n", -EBADMSG, 1, 12, "',' or ']' expected" },
		{ "bad2.json", "{\"a\": 01}", -EBADMSG, 1, 8, "'}' expected" },
		{ "bad3.json", "{\"a\": \"x\n\"}", -EBADMSG, 1, 9, "control character" },
		{ "bad4.json", "", -EBADMSG, 1, 1, "unexpected end of input" },
		{ "bad5.json", "{} {}", -EBADMSG, 1, 4, "unexpected content" },
		{ "bad6.json", "{\"a\": \"\\ud800\"}", -EBADMSG, 1, 14, "surrogate" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vg_diag d;
		int r = parse_err(cases[i].name, cases[i].text, NULL, &d);
		if (r != cases[i].err || d.line != cases[i].line || d.column != cases[i].column ||
		    !strstr(d.message, cases[i].msg) || strcmp(d.file, cases[i].name) != 0)
			fail_msg("%s: got %d %s:%u:%u: %s", cases[i].name, r, d.file, d.line, d.column,
				 d.message);
	}
}

static void test_partial_documents_kept(void **state)
{
	(void)state;
	const char *text = "a: 1\n---\nb: 2\n---\nc: [\n";
	struct vg_docset *set = NULL;
	struct vg_diag d;
	int r = vg_docset_parse("p.yaml", text, strlen(text), VG_SYNTAX_YAML, NULL, &set, &d);
	assert_int_equal(r, -EBADMSG);
	assert_non_null(set);
	assert_int_equal(vg_docset_count(set), 2);
	assert_int_equal(d.line, 6);
	vg_docset_free(set);
}

static void test_limits(void **state)
{
	(void)state;
	struct vg_limits lim;
	struct vg_diag d;

	vg_limits_init(&lim);
	lim.max_file_size = 10;
	assert_int_equal(parse_err("f.yaml", "a: 0123456789\n", &lim, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_file_size"));

	vg_limits_init(&lim);
	lim.max_depth = 3;
	assert_int_equal(parse_err("d.yaml", "a: {b: {c: 1}}\n", &lim, &d), 0);
	assert_int_equal(parse_err("d.yaml", "a: {b: {c: [1]}}\n", &lim, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_depth"));
	assert_int_equal(d.line, 1);
	assert_int_equal(d.column, 12);
	assert_int_equal(parse_err("d.json", "[[[[1]]]]", &lim, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_depth"));

	vg_limits_init(&lim);
	lim.max_nodes = 5;
	assert_int_equal(parse_err("n.yaml", "[1, 2, 3, 4]\n", &lim, &d), 0);
	assert_int_equal(parse_err("n.yaml", "[1, 2, 3, 4, 5]\n", &lim, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_nodes"));
	assert_int_equal(parse_err("n.json", "[1, 2, 3, 4, 5]", &lim, &d), -EFBIG);

	vg_limits_init(&lim);
	lim.max_scalar_len = 4;
	assert_int_equal(parse_err("s.yaml", "a: abcd\n", &lim, &d), 0);
	assert_int_equal(parse_err("s.yaml", "a: abcde\n", &lim, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_scalar_len"));
	assert_int_equal(parse_err("s.json", "[\"abcdefgh\"]", &lim, &d), -EFBIG);

	vg_limits_init(&lim);
	lim.max_documents = 2;
	assert_int_equal(parse_err("m.yaml", "a: 1\n---\nb: 2\n", &lim, &d), 0);
	assert_int_equal(parse_err("m.yaml", "a: 1\n---\nb: 2\n---\nc: 3\n", &lim, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_documents"));
}

static void test_alias_expansion_limit(void **state)
{
	(void)state;
	/* "billion laughs": each level doubles the reachable nodes */
	const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
			   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
			   "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
			   "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	struct vg_diag d;
	assert_int_equal(parse_err("bomb.yaml", bomb, NULL, &d), -EFBIG);
	assert_non_null(strstr(d.message, "max_alias_expansion"));
	assert_int_equal(d.line, 6);

	struct vg_limits lim;
	vg_limits_init(&lim);
	lim.max_alias_expansion = 22;
	/* two uses of an 11-node anchor = 22: allowed; a third is over */
	assert_int_equal(parse_err("al.yaml", "a: &a [1,2,3,4,5,6,7,8,9,10]\nb: [*a, *a]\n", &lim, &d), 0);
	assert_int_equal(parse_err("al.yaml", "a: &a [1,2,3,4,5,6,7,8,9,10]\nb: [*a, *a, *a]\n", &lim, &d),
			 -EFBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_doc_and_positions),
		cmocka_unit_test(test_scalar_resolution),
		cmocka_unit_test(test_anchors_aliases_merge),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_partial_documents_kept),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_alias_expansion_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
