/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_parse.c - the condition parser: golden cases (tests/data/cond/parse.golden: printed
 * AST or exact error with line:column), printing round trips, node positions, the depth limit
 * and the other parser limits.
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

static char *sexpr(const char *text, struct vg_diag *d, int *ret)
{
	struct vg_cond_ast *ast = NULL;
	*ret = vg_cond_parse(text, strlen(text), NULL, &ast, d);
	if (*ret)
		return NULL;
	char *s = NULL;
	assert_int_equal(vg_ast_print(vg_cond_ast_root(ast), VG_AST_STYLE_SEXPR, &s), 0);
	vg_cond_ast_free(ast);
	return s;
}

static void test_golden(void **state)
{
	(void)state;
	size_t len = 0;
	char *text = mini_read_file(VG_TEST_DATA_DIR "/cond/parse.golden", &len);
	assert_non_null(text);
	char cond[8192] = "";
	bool have = false;
	unsigned cases = 0, lineno = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (line[0] == '#')
			continue;
		if (strncmp(line, ">>", 2) == 0) {
			size_t l = strlen(cond);
			snprintf(cond + l, sizeof(cond) - l, "\n%s", line + 2);
			continue;
		}
		if (strncmp(line, "> ", 2) == 0 || strcmp(line, ">") == 0) {
			snprintf(cond, sizeof(cond), "%s", line[1] ? line + 2 : "");
			have = true;
			continue;
		}
		assert_true(have);
		struct vg_diag d;
		int r = 0;
		char *got = sexpr(cond, &d, &r);
		if (line[0] == '=') {
			if (r)
				fail_msg("golden line %u: '%s' failed: %u:%u %s", lineno, cond, d.line,
					 d.column, d.message);
			if (strcmp(got, line + 2) != 0)
				fail_msg("golden line %u: '%s'\n  want %s\n  got  %s", lineno, cond,
					 line + 2, got);
		} else if (line[0] == '!') {
			char want[1024];
			if (!r)
				fail_msg("golden line %u: '%s' parsed: %s", lineno, cond, got);
			snprintf(want, sizeof(want), "%u:%u %s", d.line, d.column, d.message);
			if (strcmp(want, line + 2) != 0)
				fail_msg("golden line %u: '%s'\n  want %s\n  got  %s", lineno, cond,
					 line + 2, want);
			assert_true(r == -EBADMSG || r == -EFBIG);
		} else {
			fail_msg("golden line %u: bad line '%s'", lineno, line);
		}
		free(got);
		have = false;
		cases++;
	}
	assert_true(cases >= 100);
	free(text);
}

/* print in Falco syntax, parse again: the same tree */
static void roundtrip(const char *text)
{
	struct vg_cond_ast *a = NULL, *b = NULL;
	struct vg_diag d;
	if (vg_cond_parse(text, strlen(text), NULL, &a, &d))
		fail_msg("'%s': %s", text, d.message);
	char *falco = NULL, *s1 = NULL, *s2 = NULL;
	assert_int_equal(vg_ast_print(vg_cond_ast_root(a), VG_AST_STYLE_FALCO, &falco), 0);
	if (vg_cond_parse(falco, strlen(falco), NULL, &b, &d))
		fail_msg("reprint '%s' of '%s': %s", falco, text, d.message);
	assert_int_equal(vg_ast_print(vg_cond_ast_root(a), VG_AST_STYLE_SEXPR, &s1), 0);
	assert_int_equal(vg_ast_print(vg_cond_ast_root(b), VG_AST_STYLE_SEXPR, &s2), 0);
	assert_string_equal(s1, s2);
	free(falco);
	free(s1);
	free(s2);
	vg_cond_ast_free(a);
	vg_cond_ast_free(b);
}

static void test_roundtrip(void **state)
{
	(void)state;
	roundtrip("a or b and not c");
	roundtrip("proc.name in (a, \"b c\", 'd\"e') and fd.name glob '/x/*'");
	roundtrip("proc.name = \"and\" or proc.name = oneof or proc.name = \"\"");
	roundtrip("toupper(basename(fd.name)) = val(proc.name)");
	roundtrip("join(\",\", (proc.name, proc.pname, \"x\")) = a");
	roundtrip("proc.name startswith oneof (a, b) and proc.env[\"A B\"] exists");
	/* a quoted string cannot end in an escaped backslash (libs looks at the previous char) */
	roundtrip("proc.name = \"tab\\tnl\\nquote\\\"backslash\\\\ end\"");
	/* every macro of the stable rules */
	struct mini_loader *l = calloc(1, sizeof(*l));
	if (mini_load(l, VG_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml", VG_SOURCE_SYSCALL))
		fail_msg("%s", l->err);
	for (size_t i = 0; i < l->nmacros; i++) {
		char *t = mini_subst(l, l->macros[i].cond);
		roundtrip(t);
		free(t);
	}
	mini_unload(l);
	free(l);
}

static void test_positions(void **state)
{
	(void)state;
	const char *text = "evt.type = open and\n  not proc.name in (a, b)";
	struct vg_cond_ast *ast = NULL;
	struct vg_diag d;
	assert_int_equal(vg_cond_parse(text, strlen(text), NULL, &ast, &d), 0);
	const struct vg_ast *root = vg_cond_ast_root(ast);
	assert_int_equal(root->kind, VG_AST_AND);
	assert_int_equal(root->u.nary.count, 2);
	const struct vg_ast *c1 = root->u.nary.kids[0];
	assert_int_equal(c1->kind, VG_AST_CHECK);
	assert_int_equal(c1->pos.line, 1);
	assert_int_equal(c1->pos.col, 1);
	assert_int_equal(c1->u.check.op, VG_OP_EQ);
	assert_int_equal(c1->u.check.right->pos.col, 12);
	const struct vg_ast *n = root->u.nary.kids[1];
	assert_int_equal(n->kind, VG_AST_NOT);
	assert_int_equal(n->pos.line, 2);
	assert_int_equal(n->pos.col, 3);
	assert_int_equal(n->pos.offset, 22);
	const struct vg_ast *c2 = n->u.child;
	assert_int_equal(c2->kind, VG_AST_CHECK);
	assert_int_equal(c2->pos.col, 7);
	assert_int_equal(c2->u.check.op, VG_OP_IN);
	assert_int_equal(c2->u.check.right->kind, VG_AST_LIST);
	assert_int_equal(c2->u.check.right->u.list.count, 2);
	assert_int_equal(c2->u.check.right->pos.col, 20);
	const struct vg_ast *f = c2->u.check.left;
	assert_int_equal(f->kind, VG_AST_FIELD);
	assert_memory_equal(f->u.field.name.ptr, "proc.name", 9);
	assert_false(f->u.field.has_arg);
	vg_cond_ast_free(ast);
}

static char *nested(unsigned levels)
{
	char *s = malloc(levels * 2 + 16);
	size_t k = 0;
	for (unsigned i = 0; i < levels; i++)
		s[k++] = '(';
	s[k++] = 'a';
	for (unsigned i = 0; i < levels; i++)
		s[k++] = ')';
	s[k] = '\0';
	return s;
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct vg_cond_ast *ast = NULL;
	struct vg_diag d;
	/* each parenthesis costs 5 levels of libs' recursion: 1000 allows < 200 */
	char *ok = nested(150), *deep = nested(250);
	assert_int_equal(vg_cond_parse(ok, strlen(ok), NULL, &ast, &d), 0);
	vg_cond_ast_free(ast);
	ast = NULL;
	assert_int_equal(vg_cond_parse(deep, strlen(deep), NULL, &ast, &d), -EFBIG);
	assert_null(ast);
	assert_int_equal(d.code, VG_DIAG_LIMIT);
	assert_string_equal(d.message, "exceeded max depth limit of 1000");
	/* libs' own default of 100 */
	struct vg_cond_limits lim;
	vg_cond_limits_init(&lim);
	assert_int_equal(lim.max_depth, VG_DEFAULT_MAX_COND_DEPTH);
	lim.max_depth = 100;
	assert_int_equal(vg_cond_parse(ok, strlen(ok), &lim, &ast, &d), -EFBIG);
	assert_string_equal(d.message, "exceeded max depth limit of 100");
	/* long flat chains are not deep */
	char *flat = malloc(100000);
	size_t k = 0;
	for (int i = 0; i < 5000; i++)
		k += (size_t)snprintf(flat + k, 100000 - k, "%sm%d", i ? " and " : "", i);
	assert_int_equal(vg_cond_parse(flat, k, NULL, &ast, &d), 0);
	vg_cond_ast_free(ast);
	/* many nots are a loop, not recursion */
	char nots[4096];
	k = 0;
	for (int i = 0; i < 800; i++)
		k += (size_t)snprintf(nots + k, sizeof(nots) - k, "not ");
	snprintf(nots + k, sizeof(nots) - k, "a");
	assert_int_equal(vg_cond_parse(nots, strlen(nots), NULL, &ast, &d), 0);
	assert_int_equal(vg_cond_ast_root(ast)->kind, VG_AST_MACRO); /* even count */
	vg_cond_ast_free(ast);
	free(ok);
	free(deep);
	free(flat);
}

static void test_other_limits(void **state)
{
	(void)state;
	struct vg_cond_limits lim;
	struct vg_cond_ast *ast = NULL;
	struct vg_diag d;
	vg_cond_limits_init(&lim);
	lim.max_len = 10;
	assert_int_equal(vg_cond_parse("proc.name = bash", 16, &lim, &ast, &d), -EFBIG);
	assert_int_equal(d.code, VG_DIAG_LIMIT);
	vg_cond_limits_init(&lim);
	lim.max_nodes = 4;
	const char *t = "a and b and c and d and e";
	assert_int_equal(vg_cond_parse(t, strlen(t), &lim, &ast, &d), -EFBIG);
	assert_string_equal(d.message, "condition too large: more than 4 nodes");
	vg_cond_limits_init(&lim);
	lim.max_list_items = 8;
	t = "proc.name in (a, b, c, d, e, f, g, h)";
	assert_int_equal(vg_cond_parse(t, strlen(t), &lim, &ast, &d), 0);
	vg_cond_ast_free(ast);
	t = "proc.name in (a, b, c, d, e, f, g, h, i)";
	assert_int_equal(vg_cond_parse(t, strlen(t), &lim, &ast, &d), -EFBIG);
	assert_string_equal(d.message, "list too long: more than 8 values");
	/* not NUL-terminated input */
	char buf[] = { 'a', ' ', 'o', 'r', ' ', 'b', 'X' };
	assert_int_equal(vg_cond_parse(buf, 6, NULL, &ast, &d), 0);
	vg_cond_ast_free(ast);
	assert_int_equal(vg_cond_parse(NULL, 0, NULL, &ast, &d), -EBADMSG);
	assert_int_equal(vg_cond_parse("a", 1, NULL, NULL, &d), -EINVAL);
}

static void test_operator_parse(void **state)
{
	(void)state;
	enum vg_op op;
	enum vg_opmod mod;
	assert_true(vg_op_parse("startswith  oneof", 17, &op, &mod));
	assert_int_equal(op, VG_OP_STARTSWITH);
	assert_int_equal(mod, VG_MOD_ONEOF);
	assert_true(vg_op_parse("==", 2, &op, &mod));
	assert_int_equal(op, VG_OP_EQ);
	assert_int_equal(mod, VG_MOD_NONE);
	assert_false(vg_op_parse("in oneof", 8, &op, &mod));
	assert_false(vg_op_parse(">= oneof", 8, &op, &mod));
	assert_false(vg_op_parse("oneof", 5, &op, &mod));
	assert_false(vg_op_parse("startswith sometimes", 20, &op, &mod));
	assert_true(vg_op_is_list(VG_OP_PMATCH));
	assert_false(vg_op_is_list(VG_OP_EQ));
	assert_string_equal(vg_op_name(VG_OP_ICONTAINS), "icontains");
	assert_string_equal(vg_opmod_name(VG_MOD_ALLOF), "allof");
	assert_string_equal(vg_transformer_name(VG_TR_VAL), "val");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_other_limits),
		cmocka_unit_test(test_operator_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
