/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_config.c - suppressions (docs/suppressions.md): the matcher (dates, IDs, paths,
 * objects), the config and ignore-file loaders (errors with file:line:column), applying them
 * to a report (expiry with an injected "today"), inline annotations and Dockerfile comments,
 * the Dockerfile parser's comment lines, and suppressed findings in the three writers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "vigil/check.h"
#include "vigil/config.h"
#include "vigil/dockerfile.h"
#include "vigil/report.h"
#include "vigil/scan.h"

/* ---- matcher --------------------------------------------------------------------------- */

static void test_dates(void **state)
{
	(void)state;
	uint32_t d = 0;
	assert_int_equal(vg_date_parse("2025-01-31", &d), 0);
	assert_int_equal(d, 20250131);
	assert_int_equal(vg_date_parse("2024-02-29", &d), 0); /* leap year */
	assert_int_equal(d, 20240229);
	assert_int_equal(vg_date_parse("2000-02-29", &d), 0);
	const char *bad[] = { "2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
			      "2025-1-01", "2025-01-01x", "25-01-01", "", "1969-12-31", "2025/01/01",
			      "2025-01-00" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(vg_date_parse(bad[i], &d), -EINVAL);
	assert_int_equal(vg_date_parse(NULL, &d), -EINVAL);

	assert_int_equal(vg_date_from_unix(0), 19700101);
	assert_int_equal(vg_date_from_unix(86399), 19700101);
	assert_int_equal(vg_date_from_unix(86400), 19700102);
	assert_int_equal(vg_date_from_unix(951782400), 20000229);     /* 2000-02-29T00:00:00Z */
	assert_int_equal(vg_date_from_unix(1735689599), 20241231);    /* 2024-12-31T23:59:59Z */
	assert_int_equal(vg_date_from_unix(1735689600), 20250101);
	assert_int_equal(vg_date_from_unix(4102444800LL), 21000101);
	assert_int_equal(vg_date_from_unix(-1), 19691231);
}

static void test_ids(void **state)
{
	(void)state;
	assert_true(vg_check_id_match("VG-PSS-001", "VG-PSS-001"));
	assert_false(vg_check_id_match("VG-PSS-001", "VG-PSS-0011"));
	assert_true(vg_check_id_match("VG-DF-*", "VG-DF-030"));
	assert_true(vg_check_id_match("VG-PSS-00?", "VG-PSS-009"));
	assert_false(vg_check_id_match("VG-DF-*", "VG-PSS-001"));
	assert_false(vg_check_id_match(NULL, "VG-PSS-001"));

	assert_true(vg_check_id_known("VG-PSS-001"));
	assert_true(vg_check_id_known("VG-DF-*"));
	assert_true(vg_check_id_known("VG-K8S-00[1-3]"));
	assert_false(vg_check_id_known("VG-PSS-999"));
	assert_false(vg_check_id_known("VG-NOPE-*"));
	assert_false(vg_check_id_known("vg-pss-001")); /* IDs are case-sensitive */
	assert_false(vg_check_id_known(""));
}

static void test_paths(void **state)
{
	(void)state;
	/* as given */
	assert_true(vg_suppression_path_match("deploy/web.yaml", "deploy/web.yaml", NULL, NULL));
	assert_true(vg_suppression_path_match("deploy/web.yaml", "./deploy/web.yaml", NULL, NULL));
	assert_true(vg_suppression_path_match("deploy/*.yaml", "deploy/web.yaml", NULL, NULL));
	/* '*' does not cross '/' */
	assert_false(vg_suppression_path_match("deploy/*.yaml", "deploy/sub/web.yaml", NULL, NULL));
	/* a directory matches what is under it */
	assert_true(vg_suppression_path_match("deploy", "deploy/sub/web.yaml", NULL, NULL));
	assert_true(vg_suppression_path_match("deploy/sub", "deploy/sub/web.yaml", NULL, NULL));
	assert_false(vg_suppression_path_match("deplo", "deploy/sub/web.yaml", NULL, NULL));
	/* no '/' in the glob: the base name too */
	assert_true(vg_suppression_path_match("*.yaml", "deploy/sub/web.yaml", NULL, NULL));
	assert_true(vg_suppression_path_match("Dockerfile", "app/Dockerfile", NULL, NULL));
	assert_false(vg_suppression_path_match("*.json", "deploy/web.yaml", NULL, NULL));
	/* relative to the ignore file's directory */
	assert_true(vg_suppression_path_match("web.yaml", "repo/deploy/web.yaml", "repo/deploy", NULL));
	assert_true(vg_suppression_path_match("deploy/web.yaml", "repo/deploy/web.yaml", "repo", NULL));
	assert_true(vg_suppression_path_match("deploy/web.yaml", "./repo/./x/../deploy/web.yaml",
					      "repo/", NULL));
	assert_false(vg_suppression_path_match("deploy/web.yaml", "other/deploy/web.yaml", "repo", NULL));
	/* absolute and relative mixed: needs the working directory */
	assert_false(vg_suppression_path_match("deploy/web.yaml", "repo/deploy/web.yaml", "/src/repo",
					       NULL));
	assert_true(vg_suppression_path_match("deploy/web.yaml", "repo/deploy/web.yaml", "/src/repo",
					      "/src"));
	assert_true(vg_suppression_path_match("deploy/web.yaml", "/src/repo/deploy/web.yaml", "repo",
					      "/src"));
	assert_false(vg_suppression_path_match("deploy/web.yaml", "/elsewhere/deploy/web.yaml",
					       "/src/repo", "/src"));
	/* a prefix that is not a directory boundary is not "under" */
	assert_false(vg_suppression_path_match("2/web.yaml", "/src/repo2/web.yaml", "/src/repo", "/"));
	/* standard input only as given */
	assert_true(vg_suppression_path_match("-", "-", "/src", "/src"));
	assert_false(vg_suppression_path_match("x", NULL, NULL, NULL));
}

static void test_objects(void **state)
{
	(void)state;
	struct vg_object_ref o = { "apps/v1", "Deployment", "shop", "web" };
	struct vg_object_ref cl = { "rbac.authorization.k8s.io/v1", "ClusterRole", NULL, "admin" };
	struct vg_object_ref none = { 0 };
	assert_true(vg_suppression_object_match("Deployment/web", &o));
	assert_true(vg_suppression_object_match("Deployment/shop/web", &o));
	assert_true(vg_suppression_object_match("Deployment/*/web", &o));
	assert_true(vg_suppression_object_match("*/shop/w*", &o));
	assert_false(vg_suppression_object_match("Deployment/prod/web", &o));
	assert_false(vg_suppression_object_match("StatefulSet/web", &o));
	assert_false(vg_suppression_object_match("Deployment/we", &o));
	assert_false(vg_suppression_object_match("Deployment", &o));
	assert_true(vg_suppression_object_match("ClusterRole/admin", &cl));
	assert_false(vg_suppression_object_match("ClusterRole/x/admin", &cl));
	assert_false(vg_suppression_object_match("Deployment/web", &none));
}

/* ---- loading ------------------------------------------------------------------------- */

static const char good_config[] =
	"# a full config\n"
	"checks:\n"
	"  enable: [pss, workload, VG-DF-00*]\n"
	"  disable: [VG-K8S-010, dockerfile]\n"
	"severity:\n"
	"  VG-K8S-001: critical\n"
	"  VG-PSS-*: low\n"
	"pss:\n"
	"  level: baseline\n"
	"  version: v1.29\n"
	"k8s-version: 1.29\n"
	"fail-on: HIGH\n"
	"ignore:\n"
	"  - id: VG-PSS-001\n"
	"    path: deploy/*.yaml\n"
	"    object: Deployment/shop/web\n"
	"    expires: 2026-06-30\n"
	"    reason: host network needed for the CNI\n";

static void test_config_load(void **state)
{
	(void)state;
	struct vg_config *cfg = NULL;
	struct vg_diag d;
	assert_int_equal(vg_config_new(&cfg), 0);
	assert_int_equal(vg_config_load(cfg, "conf/.vigil.yaml", good_config, strlen(good_config), &d),
			 0);
	struct vg_pss_policy p;
	assert_true(vg_config_pss(cfg, &p));
	assert_int_equal(p.level, VG_PSS_BASELINE);
	assert_int_equal(p.minor, 29);
	assert_string_equal(vg_config_k8s_version(cfg), "1.29");
	enum vg_severity s;
	assert_true(vg_config_fail_on(cfg, &s));
	assert_int_equal(s, VG_SEV_HIGH);
	assert_true(vg_config_family_enabled(cfg, "pss", true));
	assert_true(vg_config_family_enabled(cfg, "workload", true));
	assert_false(vg_config_family_enabled(cfg, "dockerfile", true)); /* disabled by name */
	assert_false(vg_config_family_enabled(cfg, "secrets", true));    /* not enabled */
	assert_true(vg_config_family_enabled(cfg, "secrets", false));    /* --checks decides */
	assert_false(vg_config_family_enabled(cfg, "dockerfile", false));
	assert_int_equal(vg_config_rule_count(cfg), 1);
	const struct vg_suppression_rule *r = vg_config_rule_at(cfg, 0);
	assert_string_equal(r->id, "VG-PSS-001");
	assert_string_equal(r->path, "deploy/*.yaml");
	assert_string_equal(r->object, "Deployment/shop/web");
	assert_int_equal(r->expires, 20260630);
	assert_string_equal(r->reason, "host network needed for the CNI");
	assert_int_equal(r->source, VG_SUPPRESSION_CONFIG);
	assert_string_equal(r->file, "conf/.vigil.yaml");
	assert_string_equal(r->base_dir, "conf");
	assert_int_equal(r->line, 14);
	assert_int_equal(r->column, 5);
	assert_null(vg_config_rule_at(cfg, 1));
	/* one config per struct */
	assert_int_equal(vg_config_load(cfg, "x", "{}", 2, &d), -EINVAL);

	/* ignore files add entries; a bare name's directory is "." */
	static const char ign[] = "- id: VG-DF-*\n  reason: legacy images\n";
	assert_int_equal(vg_config_load_ignore(cfg, ".vigilignore.yaml", ign, strlen(ign), &d), 0);
	assert_int_equal(vg_config_rule_count(cfg), 2);
	r = vg_config_rule_at(cfg, 1);
	assert_null(r->path);
	assert_null(r->object);
	assert_int_equal(r->expires, 0);
	assert_int_equal(r->source, VG_SUPPRESSION_IGNORE_FILE);
	assert_string_equal(r->base_dir, ".");
	/* empty files are fine */
	assert_int_equal(vg_config_load_ignore(cfg, "/abs/ign.yaml", "", 0, &d), 0);
	assert_int_equal(vg_config_load_ignore(cfg, "/ign.yaml", "# nothing\n", 10, &d), 0);
	vg_config_free(cfg);

	/* the pss string form, an empty config */
	assert_int_equal(vg_config_new(&cfg), 0);
	assert_int_equal(vg_config_load(cfg, "c.yaml", "pss: restricted:v1.25\n", 22, &d), 0);
	assert_true(vg_config_pss(cfg, &p));
	assert_int_equal(p.level, VG_PSS_RESTRICTED);
	assert_int_equal(p.minor, 25);
	assert_false(vg_config_fail_on(cfg, &s));
	assert_null(vg_config_k8s_version(cfg));
	assert_true(vg_config_family_enabled(cfg, "dockerfile", true));
	vg_config_free(cfg);
}

struct bad_case {
	bool ignore_file;
	const char *text;
	uint32_t line, column;
	const char *message; /* a substring */
};

static const struct bad_case bad_cases[] = {
	{ false, "sevrity: {}\n", 1, 1, "unknown key 'sevrity'" },
	{ false, "checks:\n  enable: [pss, nope]\n", 2, 17, "unknown check ID or family 'nope'" },
	{ false, "checks:\n  disable: VG-DF-001\n", 2, 12, "must be a sequence" },
	{ false, "checks:\n  only: []\n", 2, 3, "unknown key 'only' in checks" },
	{ false, "severity:\n  VG-DF-030: urgent\n", 2, 14, "unknown severity 'urgent'" },
	{ false, "severity:\n  VG-DF-999: low\n", 2, 3, "unknown check ID 'VG-DF-999'" },
	{ false, "pss:\n  level: strict\n", 2, 10, "unknown pss.level 'strict'" },
	{ false, "pss:\n  version: v2.0\n", 2, 12, "unknown pss.version" },
	{ false, "pss:\n  lvl: baseline\n", 2, 3, "unknown key 'lvl' in pss" },
	{ false, "pss: strict\n", 1, 6, "invalid pss 'strict'" },
	{ false, "k8s-version: 2.1\n", 1, 14, "k8s-version takes" },
	{ false, "k8s-version: [1]\n", 1, 14, "must be a string" },
	{ false, "fail-on: never\n", 1, 10, "unknown severity 'never' for fail-on" },
	{ false, "ignore:\n  - id: VG-DF-001\n", 2, 5, "needs a reason" },
	{ false, "- a\n", 1, 1, "must be a map" },
	{ false, "a: 1\n---\nb: 2\n", 3, 1, "single YAML document" },
	{ false, "checks: [\n", 2, 1, "" }, /* malformed YAML: the parser's diagnostic */
	{ true, "id: VG-DF-001\n", 1, 1, "must be a sequence" },
	{ true, "- VG-DF-001\n", 1, 3, "must be a map" },
	{ true, "- id: VG-DF-001\n  reason: r\n  until: 2025-01-01\n", 3, 3,
	  "unknown key 'until' in an ignore entry" },
	{ true, "- reason: r\n", 1, 3, "without an id" },
	{ true, "- id: VG-XX-001\n  reason: r\n", 1, 7, "unknown check ID 'VG-XX-001'" },
	{ true, "- id: VG-DF-001\n  reason: \"  \"\n", 2, 11, "needs a reason" },
	{ true, "- id: VG-DF-001\n  reason: ~\n", 2, 11, "must be a string" },
	{ true, "- id: VG-DF-001\n  reason: r\n  expires: 2025-02-29\n", 3, 12, "not a date" },
	{ true, "- id: VG-DF-001\n  reason: r\n  expires: tomorrow\n", 3, 12, "not a date" },
	{ true, "- id: VG-DF-001\n  reason: r\n  object: web\n", 3, 11, "Kind/name" },
	{ true, "- id: VG-DF-001\n  reason: r\n  object: a/b/c/d\n", 3, 11, "Kind/name" },
	{ true, "- id: VG-DF-001\n  reason: r\n  object: /b\n", 3, 11, "Kind/name" },
	{ true, "- id: VG-DF-001\n  reason: r\n  path: \"\"\n", 3, 9, "must not be empty" },
	{ true, "- id: VG-DF-001\n  reason: r\n  path: {a: 1}\n", 3, 9, "must be a string" },
};

static void test_config_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct vg_config *cfg = NULL;
		struct vg_diag d;
		assert_int_equal(vg_config_new(&cfg), 0);
		int r = c->ignore_file ? vg_config_load_ignore(cfg, "dir/f.yaml", c->text,
							       strlen(c->text), &d)
				       : vg_config_load(cfg, "dir/f.yaml", c->text, strlen(c->text), &d);
		if (r != -EBADMSG || d.line != c->line || d.column != c->column ||
		    !strstr(d.message, c->message) || strcmp(d.file, "dir/f.yaml") != 0)
			fail_msg("case %zu (%s): got %d %s:%u:%u: %s", i, c->text, r, d.file, d.line,
				 d.column, d.message);
		vg_config_free(cfg);
	}
}

/* ---- applying ------------------------------------------------------------------------ */

static void add(struct vg_report *r, const char *id, const char *file, const char *kind,
		const char *ns, const char *name)
{
	struct vg_finding f;
	memset(&f, 0, sizeof(f));
	f.check = vg_check_find(id);
	assert_non_null(f.check);
	f.id = id;
	f.severity = f.check->severity;
	f.message = "m";
	f.file = file;
	f.line = 1;
	f.object.kind = kind;
	f.object.namespace = ns;
	f.object.name = name;
	assert_int_equal(vg_report_add(r, &f), 0);
}

static const struct vg_finding *find(const struct vg_report *r, const char *id, const char *name)
{
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (strcmp(f->id, id) == 0 && (!name || (f->object.name && strcmp(f->object.name, name) == 0)))
			return f;
	}
	return NULL;
}

static const char apply_config[] =
	"checks:\n"
	"  disable: [VG-K8S-010]\n"
	"severity:\n"
	"  VG-K8S-002: high\n"
	"ignore:\n"
	"  - id: VG-PSS-001\n"
	"    object: Deployment/web\n"
	"    expires: 2025-06-30\n"
	"    reason: until the CNI migration\n";
static const char apply_ignore[] =
	"- id: VG-K8S-00[34]\n"
	"  path: deploy\n"
	"  reason: sized by the VPA\n"
	"- id: VG-PSS-001\n"
	"  reason: second rule, same finding - the first wins\n";

static struct vg_report *apply_at(uint32_t today, bool use_enable)
{
	struct vg_config *cfg = NULL;
	struct vg_report *r = NULL;
	struct vg_diag d;
	assert_int_equal(vg_config_new(&cfg), 0);
	assert_int_equal(vg_config_load(cfg, "repo/.vigil.yaml", apply_config, strlen(apply_config), &d), 0);
	assert_int_equal(vg_config_load_ignore(cfg, "repo/.vigilignore.yaml", apply_ignore,
					       strlen(apply_ignore), &d), 0);
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-PSS-001", "deploy/web.yaml", "Deployment", "shop", "web");
	add(r, "VG-PSS-001", "deploy/db.yaml", "StatefulSet", "shop", "db");
	add(r, "VG-K8S-010", "deploy/web.yaml", "Deployment", "shop", "web");
	add(r, "VG-K8S-002", "deploy/web.yaml", "Deployment", "shop", "web");
	add(r, "VG-K8S-003", "deploy/web.yaml", "Deployment", "shop", "web");
	add(r, "VG-K8S-004", "other/web.yaml", "Deployment", "shop", "web");
	/* already suppressed inline: stays as it is */
	assert_int_equal(vg_report_suppress(r, 0, VG_SUPPRESSION_ANNOTATION, "inline"), 0);
	(void)use_enable;
	struct vg_config_apply_opts o = { .today = today, .cwd = "/src", .use_enable = use_enable };
	assert_int_equal(vg_config_apply(cfg, r, &o), 0);
	vg_config_free(cfg); /* the report keeps its own copies */
	return r;
}

static void test_apply(void **state)
{
	(void)state;
	/* the last day of an entry still suppresses */
	struct vg_report *r = apply_at(20250630, true);
	assert_int_equal(vg_report_count(r), 5); /* VG-K8S-010 disabled: dropped */
	assert_null(find(r, "VG-K8S-010", NULL));
	const struct vg_finding *f = find(r, "VG-PSS-001", "web");
	assert_int_equal(f->suppressed, VG_SUPPRESSION_ANNOTATION);
	assert_string_equal(f->justification, "inline");
	f = find(r, "VG-PSS-001", "db"); /* not the config's object: the ignore file's 2nd rule */
	assert_int_equal(f->suppressed, VG_SUPPRESSION_IGNORE_FILE);
	assert_string_equal(f->justification, "second rule, same finding - the first wins");
	f = find(r, "VG-K8S-002", NULL);
	assert_int_equal(f->severity, VG_SEV_HIGH);
	assert_int_equal(f->check->severity, VG_SEV_HIGH); /* a report-owned copy */
	assert_int_equal(vg_check_find("VG-K8S-002")->severity, VG_SEV_LOW); /* registry untouched */
	assert_false(f->suppressed);
	f = find(r, "VG-K8S-003", NULL);
	assert_int_equal(f->suppressed, VG_SUPPRESSION_IGNORE_FILE);
	assert_string_equal(f->justification, "sized by the VPA");
	f = find(r, "VG-K8S-004", NULL); /* other/ is not under deploy */
	assert_false(f->suppressed);
	assert_int_equal(vg_report_suppressed_count(r), 3);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_HIGH), 1);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_LOW), 1);
	assert_true(vg_report_has_at_least(r, VG_SEV_HIGH));
	assert_int_equal(vg_report_note_count(r), 0);
	vg_report_free(r);

	/* a day later the config entry has expired: a note at its line, and it no longer
	 * suppresses (the web finding stays suppressed inline) */
	r = apply_at(20250701, true);
	assert_int_equal(vg_report_note_count(r), 1);
	const struct vg_note *n = vg_report_note(r, 0);
	assert_string_equal(n->file, "repo/.vigil.yaml");
	assert_int_equal(n->line, 6);
	assert_non_null(strstr(n->message, "VG-PSS-001 expired on 2025-06-30"));
	assert_int_equal(find(r, "VG-PSS-001", "web")->suppressed, VG_SUPPRESSION_ANNOTATION);
	vg_report_free(r);

	/* filtering keeps the suppressed count right */
	r = apply_at(20250101, false);
	vg_report_filter(r, 1u << VG_SEV_LOW);
	assert_int_equal(vg_report_count(r), 2);
	assert_int_equal(vg_report_suppressed_count(r), 1);
	vg_report_free(r);
}

static void test_report_suppress(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-PSS-002", "a.yaml", "Pod", "x", "p");
	assert_int_equal(vg_report_suppress(r, 1, VG_SUPPRESSION_CONFIG, "x"), -EINVAL);
	assert_int_equal(vg_report_suppress(r, 0, VG_SUPPRESSION_NONE, "x"), -EINVAL);
	assert_true(vg_report_has_at_least(r, VG_SEV_CRITICAL));
	assert_int_equal(vg_report_suppress(r, 0, VG_SUPPRESSION_CONFIG, "why"), 0);
	assert_int_equal(vg_report_suppress(r, 0, VG_SUPPRESSION_IGNORE_FILE, "later"), 0);
	assert_int_equal(vg_report_get(r, 0)->suppressed, VG_SUPPRESSION_CONFIG);
	assert_false(vg_report_has_at_least(r, VG_SEV_INFO));
	assert_int_equal(vg_report_count_severity(r, VG_SEV_CRITICAL), 0);
	assert_int_equal(vg_report_suppressed_count(r), 1);
	/* vg_report_add copies the suppression */
	struct vg_finding f = *vg_report_get(r, 0);
	assert_int_equal(vg_report_add(r, &f), 0);
	assert_int_equal(vg_report_suppressed_count(r), 2);
	assert_string_equal(vg_report_get(r, 1)->justification, "why");
	f.suppressed = (enum vg_suppression)99;
	assert_int_equal(vg_report_add(r, &f), -EINVAL);
	assert_string_equal(vg_suppression_name(VG_SUPPRESSION_ANNOTATION), "inline-annotation");
	assert_string_equal(vg_suppression_name(VG_SUPPRESSION_COMMENT), "inline-comment");
	assert_string_equal(vg_suppression_name(VG_SUPPRESSION_IGNORE_FILE), "ignore-file");
	assert_string_equal(vg_suppression_name(VG_SUPPRESSION_CONFIG), "config");
	assert_true(vg_suppression_in_source(VG_SUPPRESSION_COMMENT));
	assert_false(vg_suppression_in_source(VG_SUPPRESSION_IGNORE_FILE));
	vg_report_free(r);
}

/* ---- writers --------------------------------------------------------------------------- */

static char *write_mem(const struct vg_report *r, enum vg_format fmt, bool show)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct vg_write_opts o = { .tool_version = "0.1.0", .show_suppressed = show };
	assert_int_equal(vg_report_write(r, fmt, &o, f), 0);
	fclose(f);
	return buf;
}

static void test_writers(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-PSS-002", "a.yaml", "Pod", "x", "p");
	add(r, "VG-K8S-001", "a.yaml", "Pod", "x", "p");
	add(r, "VG-DF-004", "Dockerfile", NULL, NULL, NULL);
	assert_int_equal(vg_report_suppress(r, 0, VG_SUPPRESSION_ANNOTATION, "accepted risk"), 0);
	assert_int_equal(vg_report_suppress(r, 2, VG_SUPPRESSION_IGNORE_FILE, "mirror"), 0);

	char *t = write_mem(r, VG_FORMAT_TABLE, false);
	assert_null(strstr(t, "VG-PSS-002"));
	assert_non_null(strstr(t, "VG-K8S-001"));
	assert_null(strstr(t, "Dockerfile"));
	assert_non_null(strstr(t, "1 finding (0 critical, 1 high, 0 medium, 0 low, 0 info), 2 suppressed\n"));
	free(t);
	t = write_mem(r, VG_FORMAT_TABLE, true);
	assert_non_null(strstr(t, "VG-PSS-002"));
	assert_non_null(strstr(t, "suppressed (inline-annotation): accepted risk\n"));
	assert_non_null(strstr(t, "suppressed (ignore-file): mirror\n"));
	free(t);

	json_error_t je;
	t = write_mem(r, VG_FORMAT_JSON, false);
	json_t *j = json_loads(t, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 1);
	json_t *sum = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(sum, "findings")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "suppressed")), 2);
	assert_null(json_object_get(json_array_get(json_object_get(j, "findings"), 0), "suppressed"));
	json_decref(j);
	free(t);
	t = write_mem(r, VG_FORMAT_JSON, true);
	j = json_loads(t, 0, &je);
	json_t *fs = json_object_get(j, "findings");
	assert_int_equal(json_array_size(fs), 3);
	json_t *s0 = json_object_get(json_array_get(fs, 0), "suppressed"); /* VG-PSS-002 */
	assert_string_equal(json_string_value(json_object_get(s0, "kind")), "inline-annotation");
	assert_string_equal(json_string_value(json_object_get(s0, "justification")), "accepted risk");
	assert_null(json_object_get(json_array_get(fs, 1), "suppressed"));
	s0 = json_object_get(json_array_get(fs, 2), "suppressed");
	assert_string_equal(json_string_value(json_object_get(s0, "kind")), "ignore-file");
	assert_string_equal(json_string_value(json_object_get(s0, "justification")), "mirror");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"), "findings")), 1);
	json_decref(j);
	free(t);

	/* SARIF: every result, suppressed ones with suppressions[] (show or not) */
	t = write_mem(r, VG_FORMAT_SARIF, false);
	j = json_loads(t, 0, &je);
	json_t *res = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
	assert_int_equal(json_array_size(res), 3);
	size_t in_source = 0, external = 0, plain = 0;
	for (size_t i = 0; i < 3; i++) {
		json_t *sup = json_object_get(json_array_get(res, i), "suppressions");
		if (!sup) {
			plain++;
			continue;
		}
		json_t *s = json_array_get(sup, 0);
		assert_string_equal(json_string_value(json_object_get(s, "status")), "accepted");
		const char *kind = json_string_value(json_object_get(s, "kind"));
		in_source += strcmp(kind, "inSource") == 0;
		external += strcmp(kind, "external") == 0;
	}
	assert_int_equal(in_source, 1);
	assert_int_equal(external, 1);
	assert_int_equal(plain, 1);
	json_decref(j);
	free(t);
	vg_report_free(r);
}

/* ---- inline ----------------------------------------------------------------------------- */

static void test_dockerfile_comments(void **state)
{
	(void)state;
	static const char text[] = "# syntax=docker/dockerfile:1\n"
				   "# first comment  \n"
				   "FROM alpine\n"
				   "  #indented\n"
				   "RUN a \\\n"
				   "# inside\n"
				   "  b\n"
				   "RUN <<EOF\n"
				   "# heredoc body, not a comment\n"
				   "EOF\n"
				   "#\n";
	struct vg_dockerfile *df = NULL;
	struct vg_diag d;
	assert_int_equal(vg_dockerfile_parse("Dockerfile", text, strlen(text), NULL, &df, &d), 0);
	assert_string_equal(df->syntax, "docker/dockerfile:1");
	assert_int_equal(df->ncomments, 4);
	assert_int_equal(df->comments[0].line, 2);
	assert_int_equal(df->comments[0].column, 1);
	assert_string_equal(df->comments[0].text, "first comment");
	assert_int_equal(df->comments[1].line, 4);
	assert_int_equal(df->comments[1].column, 3);
	assert_string_equal(df->comments[1].text, "indented");
	assert_int_equal(df->comments[2].line, 6);
	assert_string_equal(df->comments[2].text, "inside");
	assert_int_equal(df->comments[3].line, 11);
	assert_string_equal(df->comments[3].text, "");
	assert_string_equal(df->instrs[1].args, "a   b");
	vg_dockerfile_free(df);
}

static size_t count_suppressed(const struct vg_report *r, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < vg_report_count(r); i++)
		n += strcmp(vg_report_get(r, i)->id, id) == 0 && vg_report_get(r, i)->suppressed;
	return n;
}

static void test_inline_dockerfile(void **state)
{
	(void)state;
	static const char text[] = "# vigil:ignore=VG-DF-004 mirrored\n" /* 1 */
				   "# vigil:ignore=VG-DF-005,VG-NOPE-1 pinned by the mirror\n"
				   "FROM ubuntu\n"                        /* 3 */
				   "# hadolint ignore=DL3008\n"
				   "RUN apt-get update && \\\n"            /* 5 */
				   "    apt-get install -y curl\n"
				   "# vigil:ignore=VG-DF-001\n"           /* 7: no reason */
				   "USER root\n"
				   "# vigil:ignore=VG-DF-030 not above anything\n" /* 9 */
				   "\n"
				   "CMD [\"sh\"]\n";
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_check_dockerfile("Dockerfile", text, strlen(text), r), 0);
	assert_int_equal(count_suppressed(r, "VG-DF-004"), 1);
	assert_int_equal(count_suppressed(r, "VG-DF-005"), 1);
	assert_int_equal(count_suppressed(r, "VG-DF-008"), 1); /* hadolint DL3008, on line 6 too */
	assert_int_equal(count_suppressed(r, "VG-DF-006"), 0);
	assert_int_equal(count_suppressed(r, "VG-DF-001"), 0);
	assert_int_equal(count_suppressed(r, "VG-DF-030"), 0);
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (strcmp(f->id, "VG-DF-008") == 0)
			assert_string_equal(f->justification, "hadolint ignore=DL3008");
		if (strcmp(f->id, "VG-DF-005") == 0) {
			assert_string_equal(f->justification, "pinned by the mirror");
			assert_int_equal(f->suppressed, VG_SUPPRESSION_COMMENT);
		}
	}
	/* notes: the unknown ID (line 2), no reason (7), not above an instruction (9) */
	assert_int_equal(vg_report_note_count(r), 3);
	uint32_t lines[3] = { 2, 7, 9 };
	const char *what[3] = { "unknown check ID 'VG-NOPE-1'", "has no reason", "not directly above" };
	for (size_t i = 0; i < 3; i++) {
		const struct vg_note *n = vg_report_note(r, i);
		assert_int_equal(n->line, lines[i]);
		assert_non_null(strstr(n->message, what[i]));
	}
	vg_report_free(r);
}

static void test_inline_annotation(void **state)
{
	(void)state;
	static const char text[] =
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: web\n"
		"  annotations:\n"
		"    vigil.dev/ignore: \"VG-PSS-002 the CNI agent must be privileged\"\n"
		"spec:\n"
		"  template:\n"
		"    metadata:\n"
		"      annotations:\n"
		"        vigil.dev/ignore: \"VG-K8S-0* , VG-PSS-001\"\n" /* the reason is ", VG-PSS-001" */
		"    spec:\n"
		"      hostNetwork: true\n"
		"      containers:\n"
		"        - name: c\n"
		"          image: c:1\n"
		"          securityContext: {privileged: true}\n"
		"---\n"
		"apiVersion: v1\n"
		"kind: Pod\n"
		"metadata:\n"
		"  name: other\n"
		"  annotations:\n"
		"    vigil.dev/ignore: 42\n"
		"spec:\n"
		"  containers:\n"
		"    - name: c\n"
		"      image: c:1\n"
		"      securityContext: {privileged: true}\n";
	struct vg_scan_options so;
	struct vg_report *r = NULL;
	struct vg_scan *s = NULL;
	vg_scan_options_init(&so);
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_scan_new(&so, r, &s), 0);
	assert_int_equal(vg_scan_add_buffer(s, "m.yaml", text, strlen(text)), 0);
	assert_int_equal(vg_scan_run(s), 0);
	size_t priv_web = 0, priv_other = 0, k8s_web = 0, k8s_web_sup = 0;
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		bool web = strcmp(f->object.name, "web") == 0;
		if (strcmp(f->id, "VG-PSS-002") == 0) {
			if (web) {
				priv_web++;
				assert_int_equal(f->suppressed, VG_SUPPRESSION_ANNOTATION);
				assert_string_equal(f->justification, "the CNI agent must be privileged");
			} else {
				priv_other++;
				assert_false(f->suppressed);
			}
		}
		if (strcmp(f->id, "VG-PSS-001") == 0)
			assert_false(f->suppressed); /* only in the reason text */
		if (web && strncmp(f->id, "VG-K8S-0", 8) == 0) {
			k8s_web++;
			k8s_web_sup += f->suppressed == VG_SUPPRESSION_ANNOTATION;
		}
	}
	assert_int_equal(priv_web, 1);
	assert_int_equal(priv_other, 1);
	assert_true(k8s_web > 3);
	assert_int_equal(k8s_web_sup, k8s_web);
	assert_int_equal(vg_report_note_count(r), 1); /* the non-string value on line 24 */
	assert_int_equal(vg_report_note(r, 0)->line, 24);
	assert_non_null(strstr(vg_report_note(r, 0)->message, "must be a string"));
	vg_scan_free(s);
	vg_report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_config_load),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_report_suppress),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_dockerfile_comments),
		cmocka_unit_test(test_inline_dockerfile),
		cmocka_unit_test(test_inline_annotation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
