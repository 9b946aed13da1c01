/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_lists.c - Falco's textual list substitution (exact output text), macro expansion by
 * AST substitution (undefined macros, reference loops, exponential expansion, depth).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_cond_test_events.h"

static const struct vg_str s_shells[] = { VG_STR("bash"), VG_STR("sh") };
static const struct vg_str s_spaced[] = { VG_STR("a b"), VG_STR("\"c d\""), VG_STR("e") };
static const struct vg_str s_nested[] = { VG_STR("bash"), VG_STR("sh"), VG_STR("zsh") };

static const struct vg_cond_list s_lists[] = {
	{ VG_STR("shell_binaries"), s_shells, 2 },
	{ VG_STR("spaced"), s_spaced, 3 },
	{ VG_STR("empty"), NULL, 0 },
	{ VG_STR("all_shells"), s_nested, 3 },
};

static void expect_subst(const char *in, const char *want, const bool *want_used)
{
	char *out = NULL;
	size_t len = 0;
	bool used[4] = { 0 };
	int r = vg_cond_subst_lists(in, strlen(in), s_lists, 4, 0, used, &out, &len);
	assert_int_equal(r, 0);
	if (strcmp(out, want) != 0)
		fail_msg("'%s':\n  want '%s'\n  got  '%s'", in, want, out);
	assert_int_equal(len, strlen(out));
	if (want_used)
		assert_memory_equal(used, want_used, sizeof(used));
	free(out);
}

static void test_substitution(void **state)
{
	(void)state;
	expect_subst("proc.name in (shell_binaries)", "proc.name in ( bash, sh )",
		     (const bool[]){ true, false, false, false });
	expect_subst("proc.name in (shell_binaries, sudo)", "proc.name in ( bash, sh , sudo)", NULL);
	expect_subst("proc.name in (sudo,shell_binaries)", "proc.name in (sudo, bash, sh )", NULL);
	expect_subst("proc.name = shell_binaries", "proc.name = bash, sh ", NULL);
	expect_subst("shell_binaries", "bash, sh ", NULL);
	expect_subst("proc.name in (my_shell_binaries, shell_binaries_x)",
		     "proc.name in (my_shell_binaries, shell_binaries_x)",
		     (const bool[]){ false, false, false, false });
	expect_subst("proc.name in (spaced)", "proc.name in ( \"a b\", \"c d\", e )", NULL);
	expect_subst("proc.name in (x, empty)", "proc.name in (x  )", NULL);
	expect_subst("proc.name in (empty, x)", "proc.name in (   x)", NULL);
	expect_subst("proc.name in (empty)", "proc.name in (  )", NULL);
	expect_subst("a in (shell_binaries) and b in (shell_binaries)",
		     "a in ( bash, sh ) and b in ( bash, sh )", NULL);
	expect_subst("proc.name in (\n  shell_binaries\n)", "proc.name in ( bash, sh )", NULL);
	expect_subst("no lists here", "no lists here", (const bool[]){ false, false, false, false });
	/* the result parses and means what Falco means */
	char *out = NULL;
	const char *t = "proc.name in (all_shells, curl) and not proc.name in (empty)";
	assert_int_equal(vg_cond_subst_lists(t, strlen(t), s_lists, 4, 0, NULL, &out, NULL), 0);
	expect_eval(&s_ev_open, out, true);
	free(out);
	/* limits */
	assert_int_equal(vg_cond_subst_lists(t, strlen(t), s_lists, 4, 20, NULL, &out, NULL),
			 -EFBIG);
	assert_int_equal(vg_cond_subst_lists(t, strlen(t), s_lists, 4, 40, NULL, &out, NULL),
			 -EFBIG);
	assert_int_equal(vg_cond_subst_lists(NULL, 1, s_lists, 4, 0, NULL, &out, NULL), -EINVAL);
}

struct macro {
	const char *name;
	const char *text;
	struct vg_cond_ast *ast;
};

static struct macro s_macros[320];
static size_t s_nmacros;

static void add_macro(const char *name, const char *text)
{
	struct vg_diag d;
	struct macro *m = &s_macros[s_nmacros++];
	m->name = name;
	m->text = text;
	if (vg_cond_parse(text, strlen(text), NULL, &m->ast, &d))
		fail_msg("%s: %s", name, d.message);
}

static const struct vg_ast *lookup(void *user, const char *name, size_t len)
{
	(void)user;
	for (size_t i = 0; i < s_nmacros; i++)
		if (strlen(s_macros[i].name) == len && memcmp(s_macros[i].name, name, len) == 0)
			return vg_cond_ast_root(s_macros[i].ast);
	return NULL;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < s_nmacros; i++)
		vg_cond_ast_free(s_macros[i].ast);
	s_nmacros = 0;
	return 0;
}

static int compile_with_macros(const char *text, struct vg_diag *d, struct vg_cond **ret)
{
	struct vg_cond_compile_opts o = { .source = VG_SOURCE_SYSCALL, .macro_lookup = lookup };
	return vg_cond_compile_text(text, strlen(text), &o, ret, d);
}

static void test_macros(void **state)
{
	(void)state;
	add_macro("spawned_process", "evt.type in (execve, execveat)");
	add_macro("shell_procs", "proc.name in (bash, sh)");
	add_macro("nested", "spawned_process and not shell_procs");
	add_macro("self", "proc.name = x or self");
	add_macro("ping", "pong");
	add_macro("pong", "evt.num > 0 and ping");
	add_macro("undefined_inside", "proc.name = a and nope");
	struct vg_cond_ast *out = NULL;
	struct vg_diag d;
	const char *t = "nested or proc.name = curl";
	struct vg_cond_ast *in = NULL;
	assert_int_equal(vg_cond_parse(t, strlen(t), NULL, &in, &d), 0);
	assert_int_equal(vg_cond_expand_macros(vg_cond_ast_root(in), lookup, NULL, NULL, &out, &d),
			 0);
	char *s = NULL;
	assert_int_equal(vg_ast_print(vg_cond_ast_root(out), VG_AST_STYLE_SEXPR, &s), 0);
	assert_string_equal(s, "(or (and [evt.type in (\"execve\", \"execveat\")] (not [proc.name "
			       "in (\"bash\", \"sh\")])) [proc.name = \"curl\"])");
	free(s);
	vg_cond_ast_free(out);
	vg_cond_ast_free(in);

	struct vg_cond *c = NULL;
	assert_int_equal(compile_with_macros("nested", &d, &c), 0);
	assert_int_equal(vg_cond_check_count(c), 2);
	vg_cond_unref(c);
	assert_int_equal(compile_with_macros("evt.type = open and self", &d, &c), -ELOOP);
	assert_string_equal(d.message, "reference loop in macro 'self'");
	assert_int_equal(d.line, 1);
	assert_int_equal(d.column, 18); /* inside the macro's own text */
	assert_int_equal(compile_with_macros("ping", &d, &c), -ELOOP);
	assert_string_equal(d.message, "reference loop in macro 'ping'");
	assert_int_equal(compile_with_macros("undefined_inside", &d, &c), -ENOENT);
	assert_string_equal(d.message, "Undefined macro 'nope' used in filter.");
	assert_int_equal(d.column, 19);
	assert_int_equal(compile_with_macros("evt.type = open and\n  missing_one", &d, &c),
			 -ENOENT);
	assert_string_equal(d.message, "Undefined macro 'missing_one' used in filter.");
	assert_int_equal(d.line, 2);
	assert_int_equal(d.column, 3);
	/* the same macro used twice compiles its checks once */
	assert_int_equal(compile_with_macros("(shell_procs and evt.num > 1) or (shell_procs and "
					     "evt.num < 1)",
					     &d, &c),
			 0);
	expect_eval(&s_ev_open, "proc.name = curl", true);
	vg_cond_unref(c);
}

static void test_expansion_limits(void **state)
{
	(void)state;
	/* m0 = a check; m(i) = m(i-1) or m(i-1): 2^30 checks after expansion */
	static char names[31][8], texts[31][64];
	snprintf(names[0], 8, "m0");
	add_macro(names[0], "proc.name = x");
	for (int i = 1; i <= 30; i++) {
		snprintf(names[i], 8, "m%d", i);
		snprintf(texts[i], 64, "m%d or m%d", i - 1, i - 1);
		add_macro(names[i], texts[i]);
	}
	struct vg_cond *c = NULL;
	struct vg_diag d;
	assert_int_equal(compile_with_macros("m30", &d, &c), -EFBIG);
	assert_int_equal(d.code, VG_DIAG_LIMIT);
	assert_string_equal(d.message,
			    "condition too large after macro expansion: more than 1000000 nodes");
	assert_int_equal(compile_with_macros("m10", &d, &c), 0); /* 2^10 is fine */
	vg_cond_unref(c);
	struct vg_cond_ast *in = NULL, *out = NULL;
	assert_int_equal(vg_cond_parse("m30", 3, NULL, &in, &d), 0);
	assert_int_equal(vg_cond_expand_macros(vg_cond_ast_root(in), lookup, NULL, NULL, &out, &d),
			 -EFBIG);
	assert_null(out);
	vg_cond_ast_free(in);
	/* a deep chain of macros hits the depth limit at compile time */
	teardown(NULL);
	static char dn[300][8], dt[300][16];
	snprintf(dn[0], 8, "d0");
	add_macro(dn[0], "proc.name = x");
	for (int i = 1; i < 300; i++) {
		snprintf(dn[i], 8, "d%d", i);
		snprintf(dt[i], 16, "not d%d", i - 1);
		add_macro(dn[i], dt[i]);
	}
	struct vg_cond_limits lim;
	vg_cond_limits_init(&lim);
	lim.max_depth = 100;
	struct vg_cond_compile_opts o = { .source = VG_SOURCE_SYSCALL, .macro_lookup = lookup,
					  .limits = &lim };
	assert_int_equal(vg_cond_compile_text("d299", 4, &o, &c, &d), -EFBIG);
	assert_string_equal(d.message, "exceeded max depth limit of 100");
	assert_int_equal(vg_cond_compile_text("d40", 3, &o, &c, &d), 0);
	expect_eval(&s_ev_open, "proc.name = curl", true);
	vg_cond_unref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_substitution),
		cmocka_unit_test_teardown(test_macros, teardown),
		cmocka_unit_test_teardown(test_expansion_limits, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
