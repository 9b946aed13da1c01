/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report.c - the report model (copying, sort, filter, counts, names) and its three
 * writers, pinned byte for byte by tests/data/report/expected.{txt,color.txt,json,sarif}.
 *
 * VG_UPDATE_GOLDEN=1 rewrites the golden files from the current output (review the diff!).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "vigil/report.h"

#define GOLDEN_DIR VG_TEST_DATA_DIR "/report"

/* A check table local to the test: the writers must not depend on the real registry. */
static const struct vg_check_info checks[] = {
	{ "VG-PSS-001", "pss", VG_SEV_HIGH, "Host namespaces",
	  "Sharing the host's network, PID or IPC namespace lets a container see and reach host "
	  "processes and interfaces.",
	  "Remove hostNetwork, hostPID and hostIPC from the pod spec or set them to false.",
	  "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	  { { "pss", "hostNamespaces" }, { "trivy", "KSV009" } } },
	{ "VG-PSS-002", "pss", VG_SEV_HIGH, "Privileged containers",
	  "A privileged container has every capability and access to all host devices; it is "
	  "root on the node.",
	  "Remove securityContext.privileged or set it to false.",
	  "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
	  { { "pss", "privileged" }, { "trivy", "KSV017" } } },
	{ "VG-RBAC-001", "rbac", VG_SEV_CRITICAL, "Wildcard access to secrets",
	  "A role that can read every secret can read every service account token.",
	  "Name the secrets the role needs in resourceNames, or drop the rule.", NULL, { { NULL, NULL } } },
	{ "VG-WL-010", "workload", VG_SEV_MEDIUM, "Image tag latest or missing",
	  "A mutable tag makes the running image unknown and rollbacks unreliable.",
	  "Pin the image by digest or by an immutable version tag.", NULL,
	  { { "trivy", "KSV013" } } },
	{ "VG-WL-020", "workload", VG_SEV_LOW, "CPU limit not set",
	  "Without a CPU limit one container can starve the others on its node.",
	  "Set resources.limits.cpu.", NULL, { { NULL, NULL } } },
	{ "VG-WL-090", "workload", VG_SEV_INFO, "Default service account token mounted",
	  "The pod gets an API token it may not need.",
	  "Set automountServiceAccountToken: false when the pod does not call the API.", NULL,
	  { { NULL, NULL } } },
};

static const struct vg_check_info *check(const char *id)
{
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (strcmp(checks[i].id, id) == 0)
			return &checks[i];
	fail_msg("no check %s", id);
	return NULL;
}

static void add(struct vg_report *r, const char *id, const char *file, uint32_t line,
		uint32_t col, const char *kind, const char *ns, const char *name, const char *path,
		const char *message, const char *ref_key, const char *ref_value)
{
	const struct vg_check_info *c = check(id);
	struct vg_finding f = {
		.check = c,
		.id = c->id,
		.severity = c->severity,
		.title = c->title,
		.message = message,
		.remediation = c->remediation,
		.file = file,
		.line = line,
		.column = col,
		.object = { kind ? (strcmp(kind, "ClusterRole") == 0 ? "rbac.authorization.k8s.io/v1"
				   : strcmp(kind, "Deployment") == 0 || strcmp(kind, "StatefulSet") == 0
					? "apps/v1" : "v1")
				 : NULL,
			    kind, ns, name },
		.path = path,
	};
	if (ref_key) {
		f.nrefs = 1;
		f.refs[0].key = ref_key;
		f.refs[0].value = ref_value;
	}
	assert_int_equal(vg_report_add(r, &f), 0);
}

static void add_error(struct vg_report *r, enum vg_diag_code code, const char *file,
		      uint32_t line, uint32_t col, const char *msg)
{
	struct vg_diag d;
	vg_diag_set(&d, code, file, line, col, "%s", msg);
	assert_int_equal(vg_report_add_error(r, &d), 0);
}

#define WEB "/src/app/deploy/web.yaml"
#define RBAC "/src/app/deploy/rbac.yaml"
#define DB "/src/app/deploy/db config.yaml"
#define CTR0 "spec.template.spec.containers[0]"

/* The report behind every golden file: findings added out of order on purpose. */
static struct vg_report *sample_report(void)
{
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-WL-010", WEB, 22, 16, "Deployment", "default", "web", CTR0 ".image",
	    "container \"web\" uses image \"nginx:latest\"", NULL, NULL);
	add(r, "VG-PSS-002", "-", 9, 9, "Pod", "default", "debug",
	    "spec.containers[0].securityContext.privileged",
	    "container \"debug\" must not set securityContext.privileged=true", "pss",
	    "privileged");
	add(r, "VG-PSS-002", WEB, 24, 13, "Deployment", "default", "web",
	    CTR0 ".securityContext.privileged",
	    "container \"web\" must not set securityContext.privileged=true", "pss", "privileged");
	add(r, "VG-RBAC-001", RBAC, 7, 3, "ClusterRole", NULL, "secret-reader", "rules[0]",
	    "rule grants [get list watch] on [secrets] in every namespace", NULL, NULL);
	add(r, "VG-PSS-001", WEB, 18, 7, "Deployment", "default", "web", "spec.template.spec.hostNetwork",
	    "host namespaces (hostNetwork=true)", "pss", "hostNamespaces");
	add(r, "VG-WL-090", DB, 3, 1, "StatefulSet", "data", "postgres", NULL,
	    "automountServiceAccountToken is not false", NULL, NULL);
	add(r, "VG-WL-020", DB, 0, 0, "StatefulSet", "data", "postgres", CTR0 ".resources.limits.cpu",
	    "container \"postgres\" has no CPU limit", NULL, NULL);

	add_error(r, VG_DIAG_LIMIT, "/src/app/deploy/huge.yaml", 0, 0,
		  "file is 70000000 bytes, over the limit of 67108864 (max_file_size)");
	add_error(r, VG_DIAG_SYNTAX, "/src/app/deploy/broken.yaml", 3, 7,
		  "mapping values are not allowed in this context");
	assert_int_equal(vg_report_add_note(r, WEB, 40,
					    "document 3 is not a Kubernetes object (no apiVersion/kind)"),
			 0);
	assert_int_equal(vg_report_add_note(r, "/src/app/chart/templates/deployment.yaml", 0,
					    "skipped unrendered Helm template"),
			 0);

	struct vg_scan_stats *st = vg_report_stats(r);
	st->files = 6;
	st->documents = 9;
	st->objects = 4;
	st->skipped_non_k8s = 1;
	st->skipped_helm = 1;
	st->skipped_empty = 1;
	vg_report_sort(r);
	return r;
}

/* Write @r in @fmt into a heap string (*ret_len bytes). */
static char *write_mem(const struct vg_report *r, enum vg_format fmt,
		       const struct vg_write_opts *opts, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(vg_report_write(r, fmt, opts, f), 0);
	assert_int_equal(fclose(f), 0);
	*ret_len = len;
	return buf;
}

static char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	buf[len] = '\0';
	*ret_len = len;
	return buf;
}

/* Compare @got with the golden file @name byte for byte (or rewrite it). */
static void golden(const char *name, const char *got, size_t got_len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	const char *update = getenv("VG_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, got_len, f), got_len);
		assert_int_equal(fclose(f), 0);
		return;
	}
	size_t want_len = 0;
	char *want = read_file(path, &want_len);
	if (!want)
		fail_msg("golden file %s is missing (run with VG_UPDATE_GOLDEN=1)", path);
	size_t i = 0;
	while (i < want_len && i < got_len && want[i] == got[i])
		i++;
	if (i != want_len || i != got_len) {
		/* show the first differing line of both */
		size_t line = 1, start = 0;
		for (size_t k = 0; k < i; k++) {
			if (got[k] == '\n') {
				line++;
				start = k + 1;
			}
		}
		int wl = 0, gl = 0;
		while (start + (size_t)wl < want_len && want[start + (size_t)wl] != '\n')
			wl++;
		while (start + (size_t)gl < got_len && got[start + (size_t)gl] != '\n')
			gl++;
		print_error("%s differs at byte %zu, line %zu (sizes: want %zu, got %zu)\n"
			    "want: %.*s\ngot:  %.*s\n",
			    name, i, line, want_len, got_len, wl, want + start, gl, got + start);
		free(want);
		fail_msg("%s: output differs from the golden file", name);
	}
	free(want);
}

static const struct vg_write_opts golden_opts = {
	.color = false,
	.tool_name = "vigil",
	.tool_version = "0.1.0",
	.base_dir = "/src/app",
};

/* ---- names ----------------------------------------------------------------------------- */

static void test_severity_names(void **state)
{
	(void)state;
	assert_string_equal(vg_severity_name(VG_SEV_INFO), "info");
	assert_string_equal(vg_severity_name(VG_SEV_LOW), "low");
	assert_string_equal(vg_severity_name(VG_SEV_MEDIUM), "medium");
	assert_string_equal(vg_severity_name(VG_SEV_HIGH), "high");
	assert_string_equal(vg_severity_name(VG_SEV_CRITICAL), "critical");
	assert_string_equal(vg_severity_name((enum vg_severity)42), "unknown");

	enum vg_severity s = VG_SEV_LOW;
	assert_int_equal(vg_severity_parse("HIGH", &s), 0);
	assert_int_equal(s, VG_SEV_HIGH);
	assert_int_equal(vg_severity_parse("Critical", &s), 0);
	assert_int_equal(s, VG_SEV_CRITICAL);
	assert_int_equal(vg_severity_parse("medium", &s), 0);
	assert_int_equal(s, VG_SEV_MEDIUM);
	assert_int_equal(vg_severity_parse("lOw", &s), 0);
	assert_int_equal(s, VG_SEV_LOW);
	assert_int_equal(vg_severity_parse("UNKNOWN", &s), 0);
	assert_int_equal(s, VG_SEV_INFO);
	s = VG_SEV_HIGH;
	assert_int_equal(vg_severity_parse("highest", &s), -EINVAL);
	assert_int_equal(vg_severity_parse("", &s), -EINVAL);
	assert_int_equal(vg_severity_parse("hig", &s), -EINVAL);
	assert_int_equal(vg_severity_parse(NULL, &s), -EINVAL);
	assert_int_equal(s, VG_SEV_HIGH); /* untouched on failure */

	enum vg_format f = VG_FORMAT_JSON;
	assert_int_equal(vg_format_parse("table", &f), 0);
	assert_int_equal(f, VG_FORMAT_TABLE);
	assert_int_equal(vg_format_parse("sarif", &f), 0);
	assert_int_equal(f, VG_FORMAT_SARIF);
	assert_int_equal(vg_format_parse("json", &f), 0);
	assert_int_equal(f, VG_FORMAT_JSON);
	assert_int_equal(vg_format_parse("xml", &f), -EINVAL);
	assert_int_equal(vg_format_parse(NULL, &f), -EINVAL);
	assert_int_equal(f, VG_FORMAT_JSON);
}

/* ---- the collection -------------------------------------------------------------------- */

static void test_add_copies(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);

	char id[] = "VG-X-001", title[] = "Some title", msg[] = "the message", fix[] = "fix it";
	char file[] = "a.yaml", av[] = "v1", kind[] = "Pod", ns[] = "ns", name[] = "p";
	char path[] = "spec.x", rk[] = "pss", rv[] = "privileged";
	struct vg_finding f = {
		.id = id, .severity = VG_SEV_MEDIUM, .title = title, .message = msg,
		.remediation = fix, .file = file, .line = 3, .column = 4,
		.object = { av, kind, ns, name }, .path = path, .nrefs = 1,
		.refs = { { rk, rv } },
	};
	assert_int_equal(vg_report_add(r, &f), 0);
	char dfile[] = "b.yaml", dmsg[] = "bad thing";
	struct vg_diag d;
	vg_diag_set(&d, VG_DIAG_SYNTAX, dfile, 5, 6, "%s", dmsg);
	assert_int_equal(vg_report_add_error(r, &d), 0);
	char nfile[] = "c.yaml", nmsg[] = "skipped";
	assert_int_equal(vg_report_add_note(r, nfile, 9, nmsg), 0);

	/* scribble over every source */
	char *all[] = { id, title, msg, fix, file, av, kind, ns, name, path, rk, rv, nfile, nmsg };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		memset(all[i], 'Z', strlen(all[i]));
	f.line = 99;
	f.refs[0].key = NULL;
	vg_diag_set(&d, VG_DIAG_IO, "zzz", 1, 1, "zzz");

	const struct vg_finding *g = vg_report_get(r, 0);
	assert_non_null(g);
	assert_null(g->check);
	assert_string_equal(g->id, "VG-X-001");
	assert_int_equal(g->severity, VG_SEV_MEDIUM);
	assert_string_equal(g->title, "Some title");
	assert_string_equal(g->message, "the message");
	assert_string_equal(g->remediation, "fix it");
	assert_string_equal(g->file, "a.yaml");
	assert_int_equal(g->line, 3);
	assert_int_equal(g->column, 4);
	assert_string_equal(g->object.api_version, "v1");
	assert_string_equal(g->object.kind, "Pod");
	assert_string_equal(g->object.namespace, "ns");
	assert_string_equal(g->object.name, "p");
	assert_string_equal(g->path, "spec.x");
	assert_int_equal(g->nrefs, 1);
	assert_string_equal(g->refs[0].key, "pss");
	assert_string_equal(g->refs[0].value, "privileged");

	assert_int_equal(vg_report_error_count(r), 1);
	const struct vg_diag *e = vg_report_error(r, 0);
	assert_int_equal(e->code, VG_DIAG_SYNTAX);
	assert_string_equal(e->file, "b.yaml");
	assert_int_equal(e->line, 5);
	assert_int_equal(e->column, 6);
	assert_string_equal(e->message, "bad thing");
	assert_int_equal(vg_report_stats(r)->errors, 1);

	assert_int_equal(vg_report_note_count(r), 1);
	const struct vg_note *n = vg_report_note(r, 0);
	assert_string_equal(n->file, "c.yaml");
	assert_int_equal(n->line, 9);
	assert_string_equal(n->message, "skipped");

	assert_null(vg_report_get(r, 1));
	assert_null(vg_report_error(r, 1));
	assert_null(vg_report_note(r, 1));
	vg_report_free(r);
}

static void test_add_defaults_and_invalid(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);

	/* only the check: ID, title and remediation come from it, the title stands in for the
	 * message */
	struct vg_finding f = { .check = check("VG-PSS-002"), .severity = VG_SEV_HIGH, .file = "x" };
	assert_int_equal(vg_report_add(r, &f), 0);
	const struct vg_finding *g = vg_report_get(r, 0);
	assert_string_equal(g->id, "VG-PSS-002");
	assert_string_equal(g->title, "Privileged containers");
	assert_string_equal(g->message, "Privileged containers");
	assert_string_equal(g->remediation, check("VG-PSS-002")->remediation);
	assert_ptr_equal(g->check, check("VG-PSS-002"));
	assert_null(g->path);
	assert_null(g->object.kind);

	struct vg_finding bad = { .severity = VG_SEV_LOW, .message = "m" }; /* no ID, no check */
	assert_int_equal(vg_report_add(r, &bad), -EINVAL);
	bad.id = "";
	assert_int_equal(vg_report_add(r, &bad), -EINVAL);
	bad.id = "VG-X";
	bad.severity = (enum vg_severity)5;
	assert_int_equal(vg_report_add(r, &bad), -EINVAL);
	bad.severity = VG_SEV_LOW;
	bad.nrefs = VG_MAX_REFS + 1;
	assert_int_equal(vg_report_add(r, &bad), -EINVAL);
	bad.nrefs = 1; /* a ref without a key */
	assert_int_equal(vg_report_add(r, &bad), -EINVAL);
	assert_int_equal(vg_report_add(NULL, &bad), -EINVAL);
	assert_int_equal(vg_report_add(r, NULL), -EINVAL);
	assert_int_equal(vg_report_add_error(r, NULL), -EINVAL);
	assert_int_equal(vg_report_add_note(r, "f", 1, NULL), -EINVAL);
	assert_int_equal(vg_report_count(r), 1);
	assert_int_equal(vg_report_new(NULL), -EINVAL);

	/* a note without a file is fine */
	assert_int_equal(vg_report_add_note(r, NULL, 0, "general remark"), 0);
	assert_null(vg_report_note(r, 0)->file);

	vg_report_free(r);
	vg_report_free(NULL);
	assert_int_equal(vg_report_count(NULL), 0);
	assert_false(vg_report_has_at_least(NULL, VG_SEV_INFO));
}

static void test_sort(void **state)
{
	(void)state;
	struct vg_report *r = sample_report(); /* sorted */
	static const struct {
		const char *file;
		uint32_t line;
		const char *id;
	} want[] = {
		{ "-", 9, "VG-PSS-002" },
		{ DB, 0, "VG-WL-020" },
		{ DB, 3, "VG-WL-090" },
		{ RBAC, 7, "VG-RBAC-001" },
		{ WEB, 18, "VG-PSS-001" },
		{ WEB, 22, "VG-WL-010" },
		{ WEB, 24, "VG-PSS-002" },
	};
	assert_int_equal(vg_report_count(r), sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		assert_string_equal(f->file, want[i].file);
		assert_int_equal(f->line, want[i].line);
		assert_string_equal(f->id, want[i].id);
	}
	assert_string_equal(vg_report_error(r, 0)->file, "/src/app/deploy/broken.yaml");
	assert_string_equal(vg_report_error(r, 1)->file, "/src/app/deploy/huge.yaml");
	assert_string_equal(vg_report_note(r, 0)->file, "/src/app/chart/templates/deployment.yaml");
	vg_report_free(r);

	/* same place: column, then ID, then path, then message decide; equal keys keep the
	 * insertion order */
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-WL-010", "f", 5, 2, NULL, NULL, NULL, "b", "m2", NULL, NULL);
	add(r, "VG-WL-010", "f", 5, 2, NULL, NULL, NULL, "b", "m1", NULL, NULL);
	add(r, "VG-WL-010", "f", 5, 2, NULL, NULL, NULL, "a", "m3", NULL, NULL);
	add(r, "VG-PSS-001", "f", 5, 2, NULL, NULL, NULL, "z", "m4", NULL, NULL);
	add(r, "VG-PSS-001", "f", 5, 1, NULL, NULL, NULL, "z", "m5", NULL, NULL);
	add(r, "VG-PSS-001", "f", 5, 1, NULL, NULL, NULL, "z", "m5", NULL, NULL);
	vg_report_sort(r);
	static const char *const msgs[] = { "m5", "m5", "m4", "m3", "m1", "m2" };
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(vg_report_get(r, i)->message, msgs[i]);
	vg_report_free(r);
}

static void test_filter_and_counts(void **state)
{
	(void)state;
	struct vg_report *r = sample_report();
	assert_int_equal(vg_report_count(r), 7);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_CRITICAL), 1);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_HIGH), 3);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_MEDIUM), 1);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_LOW), 1);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_INFO), 1);
	assert_true(vg_report_has_at_least(r, VG_SEV_CRITICAL));

	vg_report_filter(r, (1u << VG_SEV_HIGH) | (1u << VG_SEV_MEDIUM) | (1u << VG_SEV_LOW));
	assert_int_equal(vg_report_count(r), 5);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_CRITICAL), 0);
	assert_int_equal(vg_report_count_severity(r, VG_SEV_INFO), 0);
	assert_false(vg_report_has_at_least(r, VG_SEV_CRITICAL));
	assert_true(vg_report_has_at_least(r, VG_SEV_HIGH));
	assert_true(vg_report_has_at_least(r, VG_SEV_INFO));
	for (size_t i = 1; i < vg_report_count(r); i++) /* order kept */
		assert_true(strcmp(vg_report_get(r, i - 1)->file, vg_report_get(r, i)->file) <= 0);
	assert_int_equal(vg_report_error_count(r), 2); /* errors and notes stay */
	assert_int_equal(vg_report_note_count(r), 2);

	vg_report_filter(r, 1u << VG_SEV_LOW);
	assert_int_equal(vg_report_count(r), 1);
	assert_string_equal(vg_report_get(r, 0)->id, "VG-WL-020");
	assert_false(vg_report_has_at_least(r, VG_SEV_MEDIUM));
	assert_true(vg_report_has_at_least(r, VG_SEV_LOW));
	vg_report_filter(r, 0);
	assert_int_equal(vg_report_count(r), 0);
	assert_false(vg_report_has_at_least(r, VG_SEV_INFO));
	vg_report_free(r);
}

/* ---- writers: golden files --------------------------------------------------------------- */

static void test_golden_table(void **state)
{
	(void)state;
	struct vg_report *r = sample_report();
	size_t len;
	char *out = write_mem(r, VG_FORMAT_TABLE, &golden_opts, &len);
	golden("expected.txt", out, len);
	free(out);
	struct vg_write_opts color = golden_opts;
	color.color = true;
	out = write_mem(r, VG_FORMAT_TABLE, &color, &len);
	golden("expected.color.txt", out, len);
	free(out);
	vg_report_free(r);
}

static void test_golden_json(void **state)
{
	(void)state;
	struct vg_report *r = sample_report();
	size_t len;
	char *out = write_mem(r, VG_FORMAT_JSON, &golden_opts, &len);
	golden("expected.json", out, len);
	free(out);
	vg_report_free(r);
}

static void test_golden_sarif(void **state)
{
	(void)state;
	struct vg_report *r = sample_report();
	size_t len;
	char *out = write_mem(r, VG_FORMAT_SARIF, &golden_opts, &len);
	golden("expected.sarif", out, len);
	free(out);
	vg_report_free(r);
}

/* ---- writers: other cases ---------------------------------------------------------------- */

static void test_clean_report(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	vg_report_stats(r)->files = 1;
	vg_report_stats(r)->objects = 1;
	size_t len;
	char *out = write_mem(r, VG_FORMAT_TABLE, NULL, &len);
	assert_string_equal(out, "1 file, 1 object: no findings\n");
	free(out);

	out = write_mem(r, VG_FORMAT_JSON, NULL, &len);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "tool"), "name")),
			    "vigil");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "tool"), "version")),
			    vg_version());
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
	json_decref(j);
	free(out);

	out = write_mem(r, VG_FORMAT_SARIF, NULL, &len);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	json_t *run = json_array_get(json_object_get(j, "runs"), 0);
	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	assert_null(json_object_get(run, "originalUriBaseIds"));
	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_true(json_object_get(inv, "executionSuccessful")));
	json_decref(j);
	free(out);

	/* only an error: still "no findings", and the error is counted */
	add_error(r, VG_DIAG_IO, "gone.yaml", 0, 0, "cannot open \"gone.yaml\": No such file or directory");
	out = write_mem(r, VG_FORMAT_TABLE, NULL, &len);
	assert_string_equal(out, "gone.yaml: error: cannot open \"gone.yaml\": No such file or directory\n"
				 "\n"
				 "1 file, 1 object: no findings, 1 error\n");
	free(out);
	vg_report_free(r);
}

/* Hostile text: terminal escapes, bidi overrides, invalid UTF-8. */
static void test_hostile_text(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-WL-010", "evil\n.yaml", 1, 1, "Pod", "ns", "p\033[2J", "spec",
	    "image \"x\033]0;pwned\a\" \xe2\x80\xae" "gnp.exe \xff\xfe ok \xc3\xa9\t\xc2\x9b", NULL,
	    NULL);
	size_t len;
	char *out = write_mem(r, VG_FORMAT_TABLE, NULL, &len);
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\a'));
	assert_null(strstr(out, "\xe2\x80\xae"));
	assert_null(strstr(out, "\xc2\x9b"));
	assert_non_null(strstr(out, "evil\\n.yaml\n"));
	assert_non_null(strstr(out, "Pod ns/p\\x1b[2J  spec\n"));
	assert_non_null(strstr(out, "image \"x\\x1b]0;pwned\\x07\" \\u202egnp.exe \\xff\\xfe ok "
				    "\xc3\xa9\\t\\u009b\n"));
	free(out);

	out = write_mem(r, VG_FORMAT_JSON, NULL, &len);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_non_null(j);
	const char *m = json_string_value(
		json_object_get(json_array_get(json_object_get(j, "findings"), 0), "message"));
	assert_string_equal(m, "image \"x\033]0;pwned\a\" \xe2\x80\xae"
			       "gnp.exe \xef\xbf\xbd\xef\xbf\xbd ok \xc3\xa9\t\xc2\x9b");
	json_decref(j);
	free(out);

	out = write_mem(r, VG_FORMAT_SARIF, NULL, &len);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	json_t *res = json_array_get(json_object_get(json_array_get(json_object_get(j, "runs"), 0),
						     "results"),
				     0);
	json_t *al = json_object_get(
		json_object_get(json_array_get(json_object_get(res, "locations"), 0),
				"physicalLocation"),
		"artifactLocation");
	assert_string_equal(json_string_value(json_object_get(al, "uri")), "evil%0A.yaml");
	json_decref(j);
	free(out);
	vg_report_free(r);
}

static const char *sarif_uri(json_t *j, size_t i, const char **ret_base)
{
	json_t *run = json_array_get(json_object_get(j, "runs"), 0);
	json_t *res = json_array_get(json_object_get(run, "results"), i);
	json_t *al = json_object_get(
		json_object_get(json_array_get(json_object_get(res, "locations"), 0),
				"physicalLocation"),
		"artifactLocation");
	*ret_base = json_string_value(json_object_get(al, "uriBaseId"));
	return json_string_value(json_object_get(al, "uri"));
}

static void test_sarif_uris(void **state)
{
	(void)state;
	char *old = getcwd(NULL, 0);
	assert_non_null(old);
	assert_int_equal(chdir("/"), 0);

	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-WL-010", "srv/app/./k8s/../k8s/a b#1%.yaml", 3, 0, NULL, NULL, NULL, NULL, "m",
	    NULL, NULL);
	add(r, "VG-WL-010", "/srv/app/x:y.yaml", 0, 5, NULL, NULL, NULL, NULL, "m", NULL, NULL);
	add(r, "VG-WL-010", "/etc/kubernetes/manifests/kube-apiserver.yaml", 1, 1, NULL, NULL,
	    NULL, NULL, "m", NULL, NULL);
	add(r, "VG-WL-010", "./other/b.yaml", 1, 1, NULL, NULL, NULL, NULL, "m", NULL, NULL);
	add(r, "VG-WL-010", "-", 1, 1, NULL, NULL, NULL, NULL, "m", NULL, NULL);
	add(r, "VG-WL-010", "/srv/application/c.yaml", 1, 1, NULL, NULL, NULL, NULL, "m", NULL,
	    NULL);

	/* relative base dir, resolved against the working directory "/" */
	struct vg_write_opts o = { .tool_version = "1.2.3", .base_dir = "srv/app/" };
	size_t len;
	char *out = write_mem(r, VG_FORMAT_SARIF, &o, &len);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_non_null(j);
	json_t *run = json_array_get(json_object_get(j, "runs"), 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_object_get(run, "originalUriBaseIds"), "SRCROOT"),
				    "uri")),
			    "file:///srv/app/");
	const char *base;
	assert_string_equal(sarif_uri(j, 0, &base), "k8s/a%20b%231%25.yaml");
	assert_string_equal(base, "SRCROOT");
	json_t *region = json_object_get(
		json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(run, "results"), 0), "locations"), 0),
				"physicalLocation"),
		"region");
	assert_int_equal(json_integer_value(json_object_get(region, "startLine")), 3);
	assert_null(json_object_get(region, "startColumn"));
	assert_string_equal(sarif_uri(j, 1, &base), "x%3Ay.yaml");
	assert_string_equal(base, "SRCROOT");
	region = json_object_get(
		json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(run, "results"), 1), "locations"), 0),
				"physicalLocation"),
		"region");
	assert_int_equal(json_integer_value(json_object_get(region, "startLine")), 1);
	assert_null(json_object_get(region, "startColumn"));
	assert_string_equal(sarif_uri(j, 2, &base),
			    "file:///etc/kubernetes/manifests/kube-apiserver.yaml");
	assert_null(base);
	assert_string_equal(sarif_uri(j, 3, &base), "file:///other/b.yaml");
	assert_null(base);
	assert_string_equal(sarif_uri(j, 4, &base), "stdin");
	assert_null(base);
	assert_string_equal(sarif_uri(j, 5, &base), "file:///srv/application/c.yaml");
	assert_null(base);
	json_t *drv = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(json_string_value(json_object_get(drv, "semanticVersion")), "1.2.3");
	assert_int_equal(json_array_size(json_object_get(drv, "rules")), 1);
	json_decref(j);
	free(out);

	/* no base dir: paths as given (minus "./"), absolute ones as file URIs */
	o.base_dir = NULL;
	o.tool_version = "1.2.3-dev+g1234";
	out = write_mem(r, VG_FORMAT_SARIF, &o, &len);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	run = json_array_get(json_object_get(j, "runs"), 0);
	assert_null(json_object_get(run, "originalUriBaseIds"));
	assert_string_equal(sarif_uri(j, 0, &base), "srv/app/./k8s/../k8s/a%20b%231%25.yaml");
	assert_null(base);
	assert_string_equal(sarif_uri(j, 1, &base), "file:///srv/app/x%3Ay.yaml");
	assert_string_equal(sarif_uri(j, 3, &base), "other/b.yaml");
	drv = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(json_string_value(json_object_get(drv, "semanticVersion")),
			    "1.2.3-dev+g1234");
	json_decref(j);
	free(out);

	/* a version that is not SemVer is not claimed as one */
	o.tool_version = "nightly";
	out = write_mem(r, VG_FORMAT_SARIF, &o, &len);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	drv = json_object_get(json_object_get(json_array_get(json_object_get(j, "runs"), 0), "tool"),
			      "driver");
	assert_string_equal(json_string_value(json_object_get(drv, "version")), "nightly");
	assert_null(json_object_get(drv, "semanticVersion"));
	json_decref(j);
	free(out);

	vg_report_free(r);
	assert_int_equal(chdir(old), 0);
	free(old);
}

/* The fingerprint ignores the line (alerts survive edits above them) but not the object. */
static void test_sarif_fingerprint(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	add(r, "VG-PSS-002", "a.yaml", 10, 3, "Pod", "default", "p", "spec.x", "m", NULL, NULL);
	add(r, "VG-PSS-002", "a.yaml", 20, 3, "Pod", "default", "p", "spec.x", "m", NULL, NULL);
	add(r, "VG-PSS-002", "a.yaml", 30, 3, "Pod", "default", "q", "spec.x", "m", NULL, NULL);
	size_t len;
	char *out = write_mem(r, VG_FORMAT_SARIF, NULL, &len);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_non_null(j);
	json_t *results = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
	const char *fp[3];
	for (size_t i = 0; i < 3; i++) {
		fp[i] = json_string_value(json_object_get(
			json_object_get(json_array_get(results, i), "partialFingerprints"), "vigil/v1"));
		assert_non_null(fp[i]);
		assert_int_equal(strlen(fp[i]), 16);
	}
	assert_string_equal(fp[0], fp[1]);
	assert_string_not_equal(fp[0], fp[2]);
	json_decref(j);
	free(out);
	vg_report_free(r);
}

static void test_write_errors(void **state)
{
	(void)state;
	struct vg_report *r = sample_report();
	assert_int_equal(vg_report_write(NULL, VG_FORMAT_JSON, NULL, stdout), -EINVAL);
	assert_int_equal(vg_report_write(r, VG_FORMAT_JSON, NULL, NULL), -EINVAL);
	assert_int_equal(vg_report_write(r, (enum vg_format)9, NULL, stdout), -EINVAL);
	FILE *full = fopen("/dev/full", "w");
	if (full) {
		assert_int_equal(vg_report_write(r, VG_FORMAT_TABLE, NULL, full), -EIO);
		clearerr(full);
		assert_int_equal(vg_report_write(r, VG_FORMAT_JSON, NULL, full), -EIO);
		clearerr(full);
		assert_int_equal(vg_report_write(r, VG_FORMAT_SARIF, NULL, full), -EIO);
		fclose(full);
	}
	vg_report_free(r);
}

/* Many findings: growth of the vectors and the sort. */
static void test_many(void **state)
{
	(void)state;
	struct vg_report *r = NULL;
	assert_int_equal(vg_report_new(&r), 0);
	char file[32], msg[32];
	for (uint32_t i = 0; i < 5000; i++) {
		snprintf(file, sizeof(file), "f%03u.yaml", (i * 7919u) % 100u);
		snprintf(msg, sizeof(msg), "m%u", i);
		add(r, i % 2 ? "VG-WL-010" : "VG-PSS-002", file, (i * 31u) % 997u + 1, 1, "Pod",
		    "default", "p", "spec", msg, NULL, NULL);
	}
	vg_report_sort(r);
	assert_int_equal(vg_report_count(r), 5000);
	for (size_t i = 1; i < 5000; i++) {
		const struct vg_finding *a = vg_report_get(r, i - 1), *b = vg_report_get(r, i);
		int c = strcmp(a->file, b->file);
		assert_true(c < 0 || (c == 0 && a->line <= b->line));
	}
	size_t len;
	char *out = write_mem(r, VG_FORMAT_SARIF, NULL, &len);
	assert_true(len > 0);
	free(out);
	vg_report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_add_copies),
		cmocka_unit_test(test_add_defaults_and_invalid),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_filter_and_counts),
		cmocka_unit_test(test_golden_table),
		cmocka_unit_test(test_golden_json),
		cmocka_unit_test(test_golden_sarif),
		cmocka_unit_test(test_clean_report),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_sarif_uris),
		cmocka_unit_test(test_sarif_fingerprint),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
