/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_rules_loader.c - the rules-file loader (vigil/rulesfile.h): the official files (counts
 * checked independently with the YAML API), priorities, overrides append/replace, exceptions
 * in both forms, macro visibility, load options (minimum priority, disabled tags, rule
 * matching), output rendering for a k8s_audit rule (<NA>, widths, typed output_fields).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vigil/doc.h"
#include "vigil/rulesfile.h"
#include "test_cond_loader.h"

static int load1(const char *text, const struct vg_rules_load_opts *o, struct vg_rules **r,
		 struct vg_rules_msgs **m)
{
	const char *names[1] = { "t.yaml" };
	const char *bufs[1] = { text };
	size_t lens[1] = { strlen(text) };
	return vg_rules_load_buffers(names, bufs, lens, 1, o, r, m);
}

static const struct vg_rules_msg *first_msg(const struct vg_rules_msgs *m, const char *code)
{
	for (size_t i = 0; i < vg_rules_msgs_count(m); i++)
		if (strcmp(vg_rules_msgs_get(m, i)->code, code) == 0)
			return vg_rules_msgs_get(m, i);
	return NULL;
}

static void count_items(const char *path, size_t *rules, size_t *macros, size_t *lists)
{
	size_t len = 0;
	char *buf = mini_read_file(path, &len);
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_non_null(buf);
	assert_int_equal(vg_docset_parse(path, buf, len, VG_SYNTAX_YAML, NULL, &set, &d), 0);
	*rules = *macros = *lists = 0;
	for (size_t i = 0; i < vg_docset_count(set); i++) {
		const struct vg_node *root = vg_docset_get(set, i)->root;
		for (uint32_t k = 0; root->kind == VG_NODE_SEQ && k < root->count; k++) {
			*rules += vg_node_get_key(root->items[k], "rule") != NULL;
			*macros += vg_node_get_key(root->items[k], "macro") != NULL;
			*lists += vg_node_get_key(root->items[k], "list") != NULL;
		}
	}
	vg_docset_free(set);
	free(buf);
}

static void official(const char *file)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/corpus/falco-rules/%s", VG_SHARED_DIR, file);
	const char *paths[1] = { path };
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	assert_int_equal(vg_rules_load_files(paths, 1, NULL, &r, &m), 0);
	assert_int_equal(vg_rules_msgs_errors(m), 0);
	size_t er, em, el, nr, nm, nl;
	count_items(path, &er, &em, &el);
	vg_rules_counts(r, &nr, &nm, &nl);
	assert_int_equal(nr, er);
	assert_int_equal(nm, em);
	assert_int_equal(nl, el);
	assert_int_equal(vg_rules_count(r), er);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
}

static void test_official_files(void **state)
{
	(void)state;
	official("falco_rules.yaml");
	official("k8s_audit_rules.yaml");
}

static void test_priority(void **state)
{
	(void)state;
	enum vg_priority p;
	assert_int_equal(vg_priority_parse("info", &p), 0);
	assert_int_equal(p, VG_PRIO_INFORMATIONAL);
	assert_int_equal(vg_priority_parse("WARNING", &p), 0);
	assert_int_equal(p, VG_PRIO_WARNING);
	assert_int_equal(vg_priority_parse("eMeRgEnCy", &p), 0);
	assert_int_equal(p, VG_PRIO_EMERGENCY);
	assert_int_equal(vg_priority_parse("urgent", &p), -EINVAL);
	assert_string_equal(vg_priority_name(VG_PRIO_DEBUG), "Debug");
	assert_string_equal(vg_priority_name(VG_PRIO_INFORMATIONAL), "Informational");
}

#define RULE1                                                                                   \
	"- rule: r1\n  desc: d\n  condition: evt.type = open and proc.name = cat\n"            \
	"  output: \"file %fd.name\"\n  priority: WARNING\n  tags: [b, a]\n"

static void test_overrides(void **state)
{
	(void)state;
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	assert_int_equal(load1(RULE1 "- rule: r1\n  output: by %user.name\n  desc: more\n"
				     "  priority: ERROR\n  tags: [c]\n  override:\n    output: append\n"
				     "    desc: replace\n    priority: replace\n    tags: append\n",
			       NULL, &r, &m),
			 0);
	const struct vg_rule_info *in = vg_rules_get(r, 0);
	assert_string_equal(in->output, "file %fd.name by %user.name");
	assert_string_equal(in->desc, "more");
	assert_int_equal(in->priority, VG_PRIO_ERROR);
	assert_int_equal(in->ntags, 3);
	assert_string_equal(in->tags[0], "a");
	assert_string_equal(in->tags[2], "c");
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	/* replace tags, then appending priority is an error */
	r = NULL;
	assert_int_equal(load1(RULE1 "- rule: r1\n  tags: [z]\n  override:\n    tags: replace\n",
			       NULL, &r, &m),
			 0);
	assert_int_equal(vg_rules_get(r, 0)->ntags, 1);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	r = NULL;
	assert_int_equal(load1(RULE1 "- rule: r1\n  priority: ERROR\n  override:\n"
				     "    priority: append\n",
			       NULL, &r, &m),
			 -EBADMSG);
	assert_null(r);
	assert_string_equal(first_msg(m, "LOAD_ERR_YAML_VALIDATE")->message,
			    "Key 'priority' cannot be appended to, use 'replace' instead");
	vg_rules_msgs_free(m);
}

static void test_exceptions(void **state)
{
	(void)state;
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	/* list form with a modifier and a nested list value; scalar form with in */
	assert_int_equal(load1(RULE1 "  exceptions:\n    - name: e1\n      fields: [proc.name, fd.name]\n"
				     "      comps: [startswith oneof, startswith]\n"
				     "      values: [[[sshd, sudo], /etc/]]\n"
				     "    - name: e2\n      fields: proc.pname\n      values: [bash, \"a b\"]\n",
			       NULL, &r, &m),
			 0);
	assert_int_equal(vg_rules_msgs_errors(m), 0);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	r = NULL;
	assert_int_equal(load1(RULE1 "  exceptions:\n    - name: e1\n      fields: [proc.name]\n"
				     "      comps: [in oneof]\n      values: [[[a]]]\n",
			       NULL, &r, &m),
			 -EBADMSG);
	assert_string_equal(first_msg(m, "LOAD_ERR_VALIDATE")->message,
			    "'in oneof' is not a supported comparison operator");
	vg_rules_msgs_free(m);
	/* a field-looking value stays a literal, with Falco's warning */
	r = NULL;
	assert_int_equal(load1(RULE1 "  exceptions:\n    - name: e1\n      fields: [proc.name]\n"
				     "      values: [[proc.pname]]\n",
			       NULL, &r, &m),
			 0);
	assert_non_null(first_msg(m, "LOAD_COMPILE_CONDITION"));
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
}

static void test_visibility(void **state)
{
	(void)state;
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	const char *base = "- macro: m1\n  condition: evt.type = open and m2\n"
			   "- macro: m2\n  condition: proc.name = cat\n";
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s- rule: r1\n  desc: d\n  condition: m1\n  output: o\n"
		 "  priority: INFO\n", base);
	assert_int_equal(load1(buf, NULL, &r, &m), -EBADMSG);
	const struct vg_rules_msg *g = first_msg(m, "LOAD_ERR_VALIDATE");
	assert_string_equal(g->message, "Undefined macro 'm2' used in filter.");
	assert_string_equal(g->item_name, "m1");
	assert_int_equal(g->cond_column, 21);
	vg_rules_msgs_free(m);
	/* a replace later gives m1 a visibility that sees m2 */
	snprintf(buf, sizeof(buf), "%s- macro: m1\n  condition: evt.type = open and m2\n"
		 "  override:\n    condition: replace\n"
		 "- rule: r1\n  desc: d\n  condition: m1\n  output: o\n  priority: INFO\n", base);
	assert_int_equal(load1(buf, NULL, &r, &m), 0);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
}

static void test_options(void **state)
{
	(void)state;
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	struct vg_rules_load_opts o;
	vg_rules_load_opts_init(&o);
	const char *tags[] = { "a" };
	o.min_priority = VG_PRIO_ERROR;
	assert_int_equal(load1(RULE1, &o, &r, &m), 0);
	assert_false(vg_rules_get(r, 0)->enabled);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	vg_rules_load_opts_init(&o);
	o.disable_tags = tags;
	o.ndisable_tags = 1;
	assert_int_equal(load1(RULE1, &o, &r, &m), 0);
	assert_false(vg_rules_get(r, 0)->enabled);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	vg_rules_load_opts_init(&o);
	assert_int_equal(load1(RULE1, &o, &r, &m), 0);
	assert_true(vg_rules_get(r, 0)->enabled);
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
}

struct hits {
	size_t n;
	size_t ids[8];
};

static int on_match(const struct vg_rules *r, size_t idx, void *u)
{
	struct hits *h = u;
	(void)r;
	if (h->n < 8)
		h->ids[h->n] = idx;
	h->n++;
	return 0;
}

static const char audit_rules[] =
	"- rule: a1\n  desc: d\n  condition: ka.verb = create\n"
	"  output: \"%10ka.user.name|%ka.verb %ka.response.code %ka.target.subresource 100%%\"\n"
	"  priority: NOTICE\n  source: k8s_audit\n"
	"- rule: a2\n  desc: d\n  condition: ka.target.resource = pods\n  output: o\n"
	"  priority: NOTICE\n  source: k8s_audit\n";

static const char audit_event[] =
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"x1\",\"stage\":\"ResponseComplete\","
	"\"verb\":\"create\",\"user\":{\"username\":\"alice-the-admin\"},"
	"\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\"},"
	"\"responseStatus\":{\"code\":201},"
	"\"stageTimestamp\":\"2024-01-01T00:00:00.000000Z\"}";

static void test_matching_and_render(void **state)
{
	(void)state;
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_parse(audit_event, strlen(audit_event), NULL, &set, &d), 0);
	struct vg_audit_event ev;
	vg_audit_event_init(&ev, vg_audit_item(vg_docset_get(set, 0)->root, 0), 1);
	for (int all = 0; all < 2; all++) {
		struct vg_rules *r = NULL;
		struct vg_rules_msgs *m = NULL;
		struct vg_rules_load_opts o;
		vg_rules_load_opts_init(&o);
		o.matching = all ? VG_RULE_MATCH_ALL : VG_RULE_MATCH_FIRST;
		assert_int_equal(load1(audit_rules, &o, &r, &m), 0);
		struct hits h = { 0 };
		assert_int_equal(vg_rules_eval(r, VG_SOURCE_K8S_AUDIT, &ev, on_match, &h),
				 all ? 2 : 1);
		assert_int_equal(h.ids[0], 0);
		assert_int_equal(vg_rules_match_count(r, 0), 1);
		if (all) {
			struct vg_alert_scratch *s = NULL;
			struct vg_alert a;
			assert_int_equal(vg_alert_scratch_new(&s), 0);
			assert_int_equal(vg_rules_render(r, 0, &ev, 5, "h", s, &a), 0);
			assert_string_equal(a.output, "alice-the-|create 201 <NA> 100%");
			assert_string_equal(a.rule, "a1");
			assert_string_equal(a.source, "k8s_audit");
			assert_int_equal(a.nfields, 4);
			assert_string_equal(a.fields[0].name, "ka.user.name");
			assert_int_equal(a.fields[0].type, VG_AF_STR);
			assert_string_equal(a.fields[0].str, "alice-the-admin");
			assert_string_equal(a.fields[3].name, "ka.target.subresource");
			assert_int_equal(a.fields[3].type, VG_AF_NULL);
			vg_alert_scratch_free(s);
		}
		vg_rules_unref(r);
		vg_rules_msgs_free(m);
	}
	vg_docset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_official_files), cmocka_unit_test(test_priority),
		cmocka_unit_test(test_overrides),      cmocka_unit_test(test_exceptions),
		cmocka_unit_test(test_visibility),     cmocka_unit_test(test_options),
		cmocka_unit_test(test_matching_and_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
