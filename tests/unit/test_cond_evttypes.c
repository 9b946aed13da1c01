/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_evttypes.c - the event types a condition can match (libs' ppm_codes semantics) and
 * the per-event-type ruleset built on them.
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

struct macro {
	const char *name;
	const char *text;
	struct vg_cond_ast *ast;
};

static struct macro s_macros[] = {
	{ "spawned_process", "evt.type in (execve, execveat)", NULL },
	{ "open_read", "evt.type in (open, openat, openat2) and evt.is_open_read = true", NULL },
	{ "never_true", "evt.num = 0", NULL },
	{ "container", "container.id != host", NULL },
	{ "loop_a", "proc.name = x or loop_b", NULL },
	{ "loop_b", "loop_a", NULL },
};

static const struct vg_ast *lookup(void *user, const char *name, size_t len)
{
	(void)user;
	for (size_t i = 0; i < sizeof(s_macros) / sizeof(s_macros[0]); i++)
		if (strlen(s_macros[i].name) == len && memcmp(s_macros[i].name, name, len) == 0)
			return vg_cond_ast_root(s_macros[i].ast);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(s_macros) / sizeof(s_macros[0]); i++) {
		struct vg_diag d;
		if (vg_cond_parse(s_macros[i].text, strlen(s_macros[i].text), NULL,
				  &s_macros[i].ast, &d))
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(s_macros) / sizeof(s_macros[0]); i++)
		vg_cond_ast_free(s_macros[i].ast);
	return 0;
}

/* "ALL", "ALL-open-close" (all but those), or the exact list of names */
static void expect_types(const char *cond, const char *want)
{
	struct vg_cond_ast *ast = NULL;
	struct vg_diag d;
	assert_int_equal(vg_cond_parse(cond, strlen(cond), NULL, &ast, &d), 0);
	struct vg_evtset s;
	int r = vg_cond_evttypes(vg_cond_ast_root(ast), lookup, NULL, &s, &d);
	if (r)
		fail_msg("'%s': %s", cond, d.message);
	struct vg_evtset w;
	if (strncmp(want, "ALL", 3) == 0) {
		vg_evtset_fill(&w);
		char buf[256];
		snprintf(buf, sizeof(buf), "%s", want + 3);
		for (char *p = strtok(buf, "-"); p; p = strtok(NULL, "-")) {
			struct vg_evtset one;
			vg_evtset_clear(&one);
			vg_evtset_add(&one, vg_evt_type_from_name(p, strlen(p)));
			vg_evtset_invert(&one);
			vg_evtset_intersect(&w, &one);
		}
	} else {
		vg_evtset_clear(&w);
		char buf[256];
		snprintf(buf, sizeof(buf), "%s", want);
		for (char *p = strtok(buf, " "); p; p = strtok(NULL, " "))
			vg_evtset_add(&w, vg_evt_type_from_name(p, strlen(p)));
	}
	if (memcmp(&s, &w, sizeof(s)) != 0) {
		char got[4096];
		vg_evtset_format(&s, got, sizeof(got));
		fail_msg("'%s': want %s, got %.300s", cond, want, got);
	}
	/* the compiler computes the same set */
	struct vg_cond_compile_opts o = { .source = VG_SOURCE_SYSCALL, .macro_lookup = lookup };
	struct vg_cond *c = NULL;
	if (vg_cond_compile(vg_cond_ast_root(ast), &o, &c, &d) == 0) {
		assert_memory_equal(vg_cond_evtset(c), &s, sizeof(s));
		vg_cond_unref(c);
	}
	vg_cond_ast_free(ast);
}

static void test_sets(void **state)
{
	(void)state;
	expect_types("evt.type = open", "open");
	expect_types("evt.type == open", "open");
	expect_types("evt.type in (open, openat)", "open openat");
	expect_types("evt.type in ()", "");
	expect_types("evt.type != open", "ALL-open");
	expect_types("not evt.type = open", "ALL-open");
	expect_types("not evt.type != open", "open");
	expect_types("not not evt.type = open", "open");
	expect_types("not evt.type in (open, close)", "ALL-open-close");
	expect_types("evt.type = open and evt.type = close", "");
	expect_types("evt.type = open or evt.type = close", "close open");
	expect_types("evt.type = open and proc.name = x", "open");
	expect_types("evt.type = open or proc.name = x", "ALL");
	expect_types("proc.name = x", "ALL");
	expect_types("not proc.name = x", "ALL");
	expect_types("not (evt.type = open or evt.type = close)", "ALL-open-close");
	expect_types("not (evt.type = open and evt.type = close)", "ALL");
	expect_types("not (evt.type = open and proc.name = x)", "ALL");
	expect_types("evt.type in (open) and not evt.type in (open)", "");
	expect_types("evt.type exists", "ALL");
	expect_types("not evt.type exists", "");
	expect_types("evt.type startswith open", "ALL"); /* not an evt.type operator */
	expect_types("evt.type = nosuchcall", "");       /* unknown names add nothing */
	expect_types("evt.num = 0", "ALL");
	expect_types("spawned_process and proc.name = bash", "execve execveat");
	expect_types("open_read or spawned_process", "execve execveat open openat openat2");
	expect_types("not spawned_process", "ALL-execve-execveat");
	expect_types("spawned_process and container and not never_true", "execve execveat");
	expect_types("unknown_macro", "ALL");
	expect_types("(evt.type in (open, openat) and evt.type != openat) or evt.type = connect",
		     "connect open");
}

static void test_errors_and_predicates(void **state)
{
	(void)state;
	struct vg_cond_ast *ast = NULL;
	struct vg_diag d;
	struct vg_evtset s;
	const char *t = "tolower(evt.type) = open";
	assert_int_equal(vg_cond_parse(t, strlen(t), NULL, &ast, &d), 0);
	assert_int_equal(vg_cond_evttypes(vg_cond_ast_root(ast), NULL, NULL, &s, &d), -EINVAL);
	assert_string_equal(d.message, "event code search does not support `evt.type` checks "
				       "with transformers");
	vg_cond_ast_free(ast);
	t = "loop_a";
	assert_int_equal(vg_cond_parse(t, strlen(t), NULL, &ast, &d), 0);
	assert_int_equal(vg_cond_evttypes(vg_cond_ast_root(ast), lookup, NULL, &s, &d), -ELOOP);
	assert_string_equal(d.message, "reference loop in macro 'loop_a'");
	vg_cond_ast_free(ast);

	vg_evtset_clear(&s);
	assert_true(vg_evtset_is_empty(&s));
	assert_true(vg_evtset_is_broad(&s)); /* Falco warns on an empty set too */
	vg_evtset_add(&s, VG_EVT_OPEN);
	assert_false(vg_evtset_is_broad(&s));
	assert_int_equal(vg_evtset_count(&s), 1);
	vg_evtset_invert(&s);
	assert_true(vg_evtset_is_broad(&s));
	assert_false(vg_evtset_has(&s, VG_EVT_OPEN));
	assert_true(vg_evtset_has(&s, VG_EVT_GENERIC));
	vg_evtset_fill(&s);
	assert_true(vg_evtset_is_all(&s));
	assert_false(vg_evtset_has(&s, VG_EVT_UNKNOWN));
	assert_string_equal(vg_evt_type_name(VG_EVT_EXECVE), "execve");
	assert_int_equal(vg_evt_type_from_name("openat2", (size_t)-1), VG_EVT_OPENAT2);
	assert_int_equal(vg_evt_type_from_name("syscall", (size_t)-1), VG_EVT_UNKNOWN);
	char buf[8];
	vg_evtset_clear(&s);
	vg_evtset_add(&s, VG_EVT_OPEN);
	vg_evtset_add(&s, VG_EVT_CLOSE);
	assert_int_equal(vg_evtset_format(&s, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "close"); /* truncated at a name boundary */
}

static void test_ruleset(void **state)
{
	(void)state;
	struct vg_ruleset *rs = NULL;
	assert_int_equal(vg_ruleset_new(VG_SOURCE_SYSCALL, &rs), 0);
	const char *conds[] = {
		"evt.type in (open, openat) and fd.name startswith /etc", /* 0 */
		"evt.type = connect and fd.sport = 443",                  /* 1 */
		"evt.type = openat and proc.name = curl",                 /* 2 */
		"evt.type != connect and proc.name = curl",               /* 3: broad */
	};
	for (uint32_t i = 0; i < 4; i++) {
		struct vg_cond *c = compile_ok(VG_SOURCE_SYSCALL, conds[i]);
		assert_int_equal(vg_ruleset_add(rs, c, 100 + i), 0);
		vg_cond_unref(c); /* the ruleset keeps its own reference */
	}
	assert_int_equal(vg_ruleset_count(rs), 4);
	const uint32_t *ids = NULL;
	assert_int_equal(vg_ruleset_bucket(rs, VG_EVT_OPENAT, &ids), 3);
	assert_int_equal(ids[0], 100);
	assert_int_equal(ids[1], 102);
	assert_int_equal(ids[2], 103);
	assert_int_equal(vg_ruleset_bucket(rs, VG_EVT_CONNECT, &ids), 1);
	assert_int_equal(vg_ruleset_bucket(rs, VG_EVT_EXECVE, &ids), 1);
	uint32_t hits[8];
	assert_int_equal(vg_ruleset_eval(rs, &s_ev_open, VG_MATCH_ALL, hits, 8), 3);
	assert_int_equal(hits[0], 100);
	assert_int_equal(hits[1], 102);
	assert_int_equal(hits[2], 103);
	assert_int_equal(vg_ruleset_eval(rs, &s_ev_open, VG_MATCH_FIRST, hits, 8), 1);
	assert_int_equal(hits[0], 100);
	assert_int_equal(vg_ruleset_eval(rs, &s_ev_open, VG_MATCH_ALL, hits, 1), 3); /* capped */
	assert_int_equal(vg_ruleset_eval(rs, &s_ev_connect, VG_MATCH_ALL, hits, 8), 1);
	assert_int_equal(hits[0], 101);
	assert_int_equal(vg_ruleset_eval(rs, &s_ev_ptrace, VG_MATCH_ALL, hits, 8), 0);
	struct vg_evtset all;
	vg_ruleset_evtset(rs, &all);
	assert_true(vg_evtset_has(&all, VG_EVT_CONNECT));
	assert_true(vg_evtset_is_all(&all));
	/* wrong source */
	struct vg_cond *k = compile_ok(VG_SOURCE_K8S_AUDIT, "ka.verb = get");
	assert_int_equal(vg_ruleset_add(rs, k, 9), -EINVAL);
	vg_cond_unref(k);
	struct vg_ruleset *r2 = vg_ruleset_ref(rs);
	vg_ruleset_unref(rs);
	assert_int_equal(vg_ruleset_count(r2), 4);
	vg_ruleset_unref(r2);
	vg_ruleset_unref(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_errors_and_predicates),
		cmocka_unit_test(test_ruleset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
