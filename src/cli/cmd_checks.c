/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_checks.c - `vigil checks list|explain`: the check catalogue, printed from the same
 * registry metadata (struct vg_check_info) every finding carries. docs/checks.md is
 * `vigil checks list --format markdown`.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "vigil/finding.h"

enum { OPT_FORMAT = 1000, OPT_FAMILY };

static const struct vg_cli_option checks_options[] = {
	{ "format", 'f', "FORMAT", OPT_FORMAT,
	  "list: table (the default), json (an array of check objects) or markdown (the catalogue "
	  "in docs/checks.md). explain: text (the default) or json (one check object)." },
	{ "family", 0, "FAMILY", OPT_FAMILY,
	  "list: only the checks of FAMILY (pss, workload, dockerfile, image, secrets, ...)." },
	{ NULL, 0, NULL, 0, NULL },
};

/* ---- shared ----------------------------------------------------------------------------- */

static size_t nrefs(const struct vg_check_info *c)
{
	size_t n = 0;
	while (n < VG_MAX_REFS && c->refs[n].key)
		n++;
	return n;
}

static bool family_known(const char *family)
{
	for (size_t i = 0; i < vg_check_count(); i++)
		if (vg_check_at(i)->family && strcmp(vg_check_at(i)->family, family) == 0)
			return true;
	return false;
}

static bool wanted(const struct vg_check_info *c, const char *family)
{
	return !family || (c->family && strcmp(c->family, family) == 0);
}

static json_t *check_json(const struct vg_check_info *c)
{
	json_t *o = json_object(), *refs = json_object();
	json_object_set_new(o, "id", json_string(c->id));
	json_object_set_new(o, "family", c->family ? json_string(c->family) : json_null());
	json_object_set_new(o, "severity", json_string(vg_severity_name(c->severity)));
	json_object_set_new(o, "title", c->title ? json_string(c->title) : json_null());
	json_object_set_new(o, "description",
			    c->description ? json_string(c->description) : json_null());
	json_object_set_new(o, "remediation",
			    c->remediation ? json_string(c->remediation) : json_null());
	json_object_set_new(o, "help_uri", c->help_uri ? json_string(c->help_uri) : json_null());
	for (size_t i = 0; i < nrefs(c); i++)
		json_object_set_new(refs, c->refs[i].key,
				    json_string(c->refs[i].value ? c->refs[i].value : ""));
	json_object_set_new(o, "refs", refs);
	return o;
}

static int dump_json(json_t *v)
{
	char *text = v ? json_dumps(v, JSON_INDENT(2)) : NULL;
	json_decref(v);
	if (!text) {
		vg_cli_error("out of memory");
		return VG_EXIT_ERROR;
	}
	puts(text);
	free(text);
	return VG_EXIT_OK;
}

/* @text wrapped at @width with every line indented by @indent. */
static void wrapped(const char *text, int indent, int width)
{
	int col = 0;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		int wl = (int)(p - w);
		if (!wl)
			break;
		if (col && col + 1 + wl > width) {
			putchar('\n');
			col = 0;
		}
		if (!col)
			col = printf("%*s", indent, "");
		else
			col += printf(" ");
		col += printf("%.*s", wl, w);
	}
	if (col)
		putchar('\n');
}

/* Markdown table cells: '|' escaped, newlines as spaces. */
static void md_cell(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", stdout);
		else if (*s == '\n')
			putchar(' ');
		else
			putchar(*s);
	}
}

/* GitHub's heading anchor for "VG-PSS-001": "vg-pss-001". */
static void md_anchor(const char *id)
{
	for (; *id; id++)
		putchar(*id >= 'A' && *id <= 'Z' ? *id - 'A' + 'a' : *id);
}

/* ---- list ------------------------------------------------------------------------------- */

static int list_table(const char *family)
{
	size_t idw = 2, famw = 6;
	for (size_t i = 0; i < vg_check_count(); i++) {
		const struct vg_check_info *c = vg_check_at(i);
		if (!wanted(c, family))
			continue;
		idw = strlen(c->id) > idw ? strlen(c->id) : idw;
		if (c->family && strlen(c->family) > famw)
			famw = strlen(c->family);
	}
	printf("%-*s  %-8s  %-*s  %s\n", (int)idw, "ID", "SEVERITY", (int)famw, "FAMILY", "TITLE");
	size_t n = 0;
	for (size_t i = 0; i < vg_check_count(); i++) {
		const struct vg_check_info *c = vg_check_at(i);
		if (!wanted(c, family))
			continue;
		printf("%-*s  %-8s  %-*s  %s\n", (int)idw, c->id, vg_severity_name(c->severity),
		       (int)famw, c->family ? c->family : "", c->title ? c->title : "");
		n++;
	}
	printf("\n%zu check%s\n", n, n == 1 ? "" : "s");
	return VG_EXIT_OK;
}

static int list_json(const char *family)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < vg_check_count(); i++)
		if (wanted(vg_check_at(i), family))
			json_array_append_new(arr, check_json(vg_check_at(i)));
	return dump_json(arr);
}

static void md_check(const struct vg_check_info *c)
{
	printf("### %s\n\n**%s** - severity %s, family %s\n\n", c->id, c->title ? c->title : "",
	       vg_severity_name(c->severity), c->family ? c->family : "-");
	if (c->description)
		printf("%s\n\n", c->description);
	if (c->remediation)
		printf("**Remediation:** %s\n\n", c->remediation);
	if (nrefs(c)) {
		fputs("**References:**", stdout);
		for (size_t i = 0; i < nrefs(c); i++)
			printf("%s %s `%s`", i ? "," : "", c->refs[i].key,
			       c->refs[i].value ? c->refs[i].value : "");
		fputs("\n\n", stdout);
	}
	if (c->help_uri && *c->help_uri)
		printf("**More information:** <%s>\n\n", c->help_uri);
}

static int list_markdown(const char *family)
{
	/* families in registry order */
	const char *fams[64];
	size_t nf = 0, total = 0;
	for (size_t i = 0; i < vg_check_count(); i++) {
		const struct vg_check_info *c = vg_check_at(i);
		if (!wanted(c, family))
			continue;
		total++;
		const char *f = c->family ? c->family : "";
		size_t k = 0;
		while (k < nf && strcmp(fams[k], f) != 0)
			k++;
		if (k == nf && nf < sizeof(fams) / sizeof(fams[0]))
			fams[nf++] = f;
	}
	printf("# Checks\n\n<!-- generated by `vigil checks list --format markdown`%s%s; do not edit. "
	       "Regenerate: build/debug/vigil checks list --format markdown > docs/checks.md -->\n\n",
	       family ? " --family " : "", family ? family : "");
	printf("%zu checks in %zu families. Every finding carries its check's ID; `vigil checks "
	       "explain ID` prints one entry, and [suppressions.md](suppressions.md) explains how "
	       "to suppress a finding.\n\n",
	       total, nf);
	for (size_t k = 0; k < nf; k++) {
		printf("## %s\n\n| ID | severity | title |\n|---|---|---|\n", fams[k]);
		for (size_t i = 0; i < vg_check_count(); i++) {
			const struct vg_check_info *c = vg_check_at(i);
			if (!wanted(c, family) || strcmp(c->family ? c->family : "", fams[k]) != 0)
				continue;
			printf("| [%s](#", c->id);
			md_anchor(c->id);
			printf(") | %s | ", vg_severity_name(c->severity));
			md_cell(c->title);
			fputs(" |\n", stdout);
		}
		putchar('\n');
		for (size_t i = 0; i < vg_check_count(); i++) {
			const struct vg_check_info *c = vg_check_at(i);
			if (wanted(c, family) && strcmp(c->family ? c->family : "", fams[k]) == 0)
				md_check(c);
		}
	}
	return VG_EXIT_OK;
}

/* ---- explain ---------------------------------------------------------------------------- */

static int explain_text(const struct vg_check_info *c)
{
	printf("%s  %s\n\n", c->id, c->title ? c->title : "");
	printf("severity:     %s\n", vg_severity_name(c->severity));
	printf("family:       %s\n", c->family ? c->family : "-");
	if (nrefs(c)) {
		fputs("references:  ", stdout);
		for (size_t i = 0; i < nrefs(c); i++)
			printf("%s %s=%s", i ? "," : "", c->refs[i].key,
			       c->refs[i].value ? c->refs[i].value : "");
		putchar('\n');
	}
	if (c->help_uri && *c->help_uri)
		printf("more:         %s\n", c->help_uri);
	if (c->description) {
		fputs("\ndescription:\n", stdout);
		wrapped(c->description, 2, 80);
	}
	if (c->remediation) {
		fputs("\nremediation:\n", stdout);
		wrapped(c->remediation, 2, 80);
	}
	printf("\nsuppress (docs/suppressions.md):\n");
	if (c->family && strcmp(c->family, "dockerfile") == 0)
		printf("  # vigil:ignore=%s REASON      (comment line above the instruction)\n", c->id);
	else if (c->family && (strcmp(c->family, "pss") == 0 || strcmp(c->family, "workload") == 0))
		printf("  vigil.dev/ignore: \"%s REASON\"      (annotation on the object)\n", c->id);
	printf("  - {id: %s, path: GLOB, reason: REASON}      (.vigilignore.yaml)\n", c->id);
	return VG_EXIT_OK;
}

/* ---- the command ------------------------------------------------------------------------ */

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("vigil: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nRun 'vigil checks --help' for usage.\n", stderr);
	return VG_EXIT_ERROR;
}

static int run_checks(const struct vg_cli_command *cmd, int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		vg_cli_print_help(cmd, stdout);
		return VG_EXIT_OK;
	}
	if (argc < 2)
		return usage_error("%s", "'checks' needs a subcommand: list or explain");
	const char *sub = argv[1];
	bool list = strcmp(sub, "list") == 0, explain = strcmp(sub, "explain") == 0;
	if (!list && !explain)
		return usage_error("unknown subcommand '%s' (use list or explain)", sub);

	const char *format = NULL, *family = NULL;
	char shorts[16];
	struct option *longopts = vg_cli_getopt_table(cmd->options, shorts, sizeof(shorts));
	if (!longopts)
		return VG_EXIT_ERROR;
	optind = 1;
	opterr = 0;
	int c, bad = 0;
	while (!bad && (c = getopt_long(argc - 1, argv + 1, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			free(longopts);
			vg_cli_print_help(cmd, stdout);
			return VG_EXIT_OK;
		case 'f':
			format = optarg;
			break;
		case OPT_FAMILY:
			family = optarg;
			break;
		default:
			free(longopts);
			return usage_error("unknown or incomplete option '%s'", (argv + 1)[optind - 1]);
		}
	}
	free(longopts);
	int nargs = argc - 1 - optind;
	char **args = argv + 1 + optind;

	if (list) {
		if (nargs)
			return usage_error("'checks list' takes no arguments, not '%s'", args[0]);
		if (family && !family_known(family))
			return usage_error("unknown check family '%s' (vigil checks list shows them)",
					   family);
		if (!format || strcmp(format, "table") == 0)
			return list_table(family);
		if (strcmp(format, "json") == 0)
			return list_json(family);
		if (strcmp(format, "markdown") == 0)
			return list_markdown(family);
		return usage_error("unknown format '%s' for list (use table, json or markdown)", format);
	}
	if (nargs != 1)
		return usage_error("%s", "'checks explain' takes one check ID");
	if (family)
		return usage_error("%s", "--family is for 'checks list'");
	const struct vg_check_info *ci = vg_check_find(args[0]);
	if (!ci)
		return usage_error("unknown check ID '%s' (vigil checks list shows them)", args[0]);
	if (!format || strcmp(format, "text") == 0)
		return explain_text(ci);
	if (strcmp(format, "json") == 0)
		return dump_json(check_json(ci));
	return usage_error("unknown format '%s' for explain (use text or json)", format);
}

const struct vg_cli_command vg_cmd_checks = {
	.name = "checks",
	.run = run_checks,
	.summary = "List the checks vigil runs and explain one",
	.usage = "list [--family FAMILY] [--format table|json|markdown] | explain ID [--format text|json]",
	.description =
		"`vigil checks list` prints every check of the registry (ID, severity, family, "
		"title) in registry order; `vigil checks explain ID` prints one check in full: "
		"severity, family, upstream references (Pod Security Standards, Trivy, hadolint "
		"IDs), description, remediation, documentation link and how to suppress it. Both "
		"come from the same metadata every finding carries (and SARIF rules are built from), "
		"so they never disagree with a report. docs/checks.md is the output of "
		"`vigil checks list --format markdown`.",
	.options = checks_options,
	.exit_status = "0 on success; 2 on a usage error or an unknown check ID or family.",
	.examples = "vigil checks list\n"
		    "vigil checks list --family dockerfile --format json\n"
		    "vigil checks explain VG-PSS-001\n"
		    "vigil checks list --format markdown > docs/checks.md\n",
};
