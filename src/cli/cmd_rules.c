/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_rules.c - `vigil rules check|list`: Falco rules files (vigil/rulesfile.h). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "vigil/rulesfile.h"

enum { OPT_FORMAT = 1000, OPT_RULES };

static const struct vg_cli_option rules_options[] = {
	{ "format", 0, "FORMAT", OPT_FORMAT,
	  "check: 'text' (default; Falco's verbose validation text for every file, then the counts "
	  "of rules, macros and lists) or 'json' (Falco's validation JSON: "
	  "{\"falco_load_results\":[...]})." },
	{ "rules", 'r', "FILE", OPT_RULES,
	  "list: a rules file to load (repeatable; loaded in order into one namespace)." },
	{ NULL, 0, NULL, 0, NULL },
};

static void print_text(const char *const *files, size_t n, const struct vg_rules_msgs *m)
{
	for (size_t f = 0; f < n; f++) {
		size_t nerr = 0, nwarn = 0;
		for (size_t i = 0; i < vg_rules_msgs_count(m); i++) {
			const struct vg_rules_msg *g = vg_rules_msgs_get(m, i);
			if (g->result != f)
				continue;
			nerr += g->error;
			nwarn += !g->error;
		}
		printf("%s: %s\n", files[f], nerr ? "Invalid" : nwarn ? "Ok, with warnings" : "Ok");
		for (int pass = 0; pass < 2; pass++) {
			size_t cnt = pass == 0 ? nerr : nwarn;
			if (!cnt)
				continue;
			printf("%s%zu %s:\n", pass ? (nerr ? "\n" : "") : "", cnt,
			       pass == 0 ? "Errors" : "Warnings");
			for (size_t i = 0; i < vg_rules_msgs_count(m); i++) {
				const struct vg_rules_msg *g = vg_rules_msgs_get(m, i);
				if (g->result != f || g->error != (pass == 0))
					continue;
				for (size_t l = 0; l < g->nlocs; l++) {
					const struct vg_rules_loc *c = &g->locs[l];
					printf("%s%s", l ? "    " : "In ", c->item_type);
					if (c->item_name && *c->item_name)
						printf(" '%s'", c->item_name);
					printf(": (%s:%u:%u)\n", c->name, c->line, c->column);
				}
				printf("------\n%s------\n%s (%s): %s\n", g->snippet ? g->snippet : "",
				       g->code, g->codedesc ? g->codedesc : "", g->message);
			}
		}
	}
}

static json_t *msg_json(const struct vg_rules_msg *g)
{
	json_t *o = json_object(), *ctx = json_object(), *locs = json_array();
	for (size_t l = 0; l < g->nlocs; l++) {
		const struct vg_rules_loc *c = &g->locs[l];
		json_t *jl = json_object(), *jp = json_object();
		json_object_set_new(jl, "item_type", json_string(c->item_type));
		json_object_set_new(jl, "item_name", json_string(c->item_name ? c->item_name : ""));
		json_object_set_new(jp, "name", json_string(c->name));
		json_object_set_new(jp, "line", json_integer(c->line));
		json_object_set_new(jp, "column", json_integer(c->column));
		json_object_set_new(jp, "offset", json_integer(c->offset));
		json_object_set_new(jl, "position", jp);
		json_array_append_new(locs, jl);
	}
	json_object_set_new(ctx, "locations", locs);
	json_object_set_new(ctx, "snippet", json_string(g->snippet ? g->snippet : ""));
	json_object_set_new(o, "context", ctx);
	json_object_set_new(o, "code", json_string(g->code));
	json_object_set_new(o, "codedesc", json_string(g->codedesc ? g->codedesc : ""));
	json_object_set_new(o, "message", json_string(g->message));
	return o;
}

static void print_json(const char *const *files, size_t n, const struct vg_rules_msgs *m)
{
	json_t *root = json_object(), *res = json_array();
	for (size_t f = 0; f < n; f++) {
		json_t *r = json_object(), *errs = json_array(), *warns = json_array();
		for (size_t i = 0; i < vg_rules_msgs_count(m); i++) {
			const struct vg_rules_msg *g = vg_rules_msgs_get(m, i);
			if (g->result == f)
				json_array_append_new(g->error ? errs : warns, msg_json(g));
		}
		json_object_set_new(r, "name", json_string(files[f]));
		json_object_set_new(r, "successful", json_boolean(json_array_size(errs) == 0));
		json_object_set_new(r, "errors", errs);
		json_object_set_new(r, "warnings", warns);
		json_array_append_new(res, r);
	}
	json_object_set_new(root, "falco_load_results", res);
	char *s = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(root);
}

static int rules_check(int argc, char **argv, bool json)
{
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	if (argc < 1) {
		vg_cli_error("'rules check' needs at least one rules file");
		return VG_EXIT_ERROR;
	}
	int err = vg_rules_load_files((const char *const *)argv, (size_t)argc, NULL, &r, &m);
	if (err == -ENOMEM || !m) {
		vg_cli_error("out of memory");
		vg_rules_unref(r);
		vg_rules_msgs_free(m);
		return VG_EXIT_ERROR;
	}
	if (json) {
		print_json((const char *const *)argv, (size_t)argc, m);
	} else {
		print_text((const char *const *)argv, (size_t)argc, m);
		if (r) {
			size_t nr, nm, nl;
			vg_rules_counts(r, &nr, &nm, &nl);
			printf("rules: %zu, macros: %zu, lists: %zu\n", nr, nm, nl);
		}
	}
	int code = vg_rules_msgs_errors(m) ? 1 : VG_EXIT_OK;
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	return code;
}

static int rules_list(const char *const *files, size_t n)
{
	struct vg_rules *r = NULL;
	struct vg_rules_msgs *m = NULL;
	if (!n) {
		vg_cli_error("'rules list' needs --rules FILE");
		return VG_EXIT_ERROR;
	}
	int err = vg_rules_load_files(files, n, NULL, &r, &m);
	if (err) {
		for (size_t i = 0; i < vg_rules_msgs_count(m); i++) {
			const struct vg_rules_msg *g = vg_rules_msgs_get(m, i);
			if (g->error)
				fprintf(stderr, "vigil: error: %s:%u:%u: %s: %s\n",
					g->file ? g->file : "", g->line, g->column, g->code,
					g->message);
		}
		vg_rules_msgs_free(m);
		return 1;
	}
	size_t w = 4;
	for (size_t i = 0; i < vg_rules_count(r); i++) {
		size_t l = strlen(vg_rules_get(r, i)->name);
		w = l > w ? l : w;
	}
	printf("%-*s  %-13s  %-9s  %-7s  %s\n", (int)w, "NAME", "PRIORITY", "SOURCE", "ENABLED",
	       "TAGS");
	for (size_t i = 0; i < vg_rules_count(r); i++) {
		const struct vg_rule_info *in = vg_rules_get(r, i);
		printf("%-*s  %-13s  %-9s  %-7s  ", (int)w, in->name, vg_priority_name(in->priority),
		       vg_source_name(in->source), in->enabled ? "true" : "false");
		for (size_t t = 0; t < in->ntags; t++)
			printf("%s%s", t ? "," : "", in->tags[t]);
		printf("\n");
	}
	vg_rules_unref(r);
	vg_rules_msgs_free(m);
	return VG_EXIT_OK;
}

static int run_rules(const struct vg_cli_command *cmd, int argc, char **argv)
{
	if (argc < 2) {
		vg_cli_error("'rules' needs a subcommand: check or list");
		return VG_EXIT_ERROR;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		vg_cli_print_help(cmd, stdout);
		return VG_EXIT_OK;
	}
	if (strcmp(sub, "check") != 0 && strcmp(sub, "list") != 0) {
		vg_cli_error("unknown rules subcommand '%s'", sub);
		return VG_EXIT_ERROR;
	}
	char shorts[32];
	struct option *longopts = vg_cli_getopt_table(rules_options, shorts, sizeof(shorts));
	const char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0;
	bool json = false, bad = false;
	int c;
	if (!longopts || !files) {
		free(longopts);
		free(files);
		vg_cli_error("out of memory");
		return VG_EXIT_ERROR;
	}
	optind = 1;
	opterr = 0;
	while (!bad && (c = getopt_long(argc - 1, argv + 1, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			vg_cli_print_help(cmd, stdout);
			free(longopts);
			free(files);
			return VG_EXIT_OK;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0) {
				json = true;
			} else if (strcmp(optarg, "text") != 0) {
				vg_cli_error("unknown format '%s' (text or json)", optarg);
				bad = true;
			}
			break;
		case 'r':
			files[nfiles++] = optarg;
			break;
		default:
			vg_cli_error("unknown or incomplete option '%s'", argv[optind]);
			bad = true;
		}
	}
	int rc;
	if (bad)
		rc = VG_EXIT_ERROR;
	else if (strcmp(sub, "check") == 0)
		rc = nfiles ? (vg_cli_error("'rules check' takes files as arguments, not --rules"),
			       VG_EXIT_ERROR)
			    : rules_check(argc - 1 - optind, argv + 1 + optind, json);
	else if (optind < argc - 1 || json)
		rc = (vg_cli_error("'rules list' takes only --rules FILE"), VG_EXIT_ERROR);
	else
		rc = rules_list(files, nfiles);
	free(longopts);
	free(files);
	return rc;
}

const struct vg_cli_command vg_cmd_rules = {
	.name = "rules",
	.run = run_rules,
	.summary = "Validate and list Falco rules files",
	.usage = "check [--format text|json] FILE... | list --rules FILE...",
	.description =
		"vigil loads Falco rules files unchanged: lists, macros, rules, exceptions, "
		"overrides and legacy append, with Falco's visibility rules, error and warning "
		"codes (docs/rules-engine.md, \"Rules files\").\n\n"
		"'rules check' validates like 'falco -V': the files are loaded in order into one "
		"namespace; each file's result lists its errors and warnings with their location "
		"chain (file:line:column, item, column inside the condition) and Falco's code.\n\n"
		"'rules list' loads the files and prints every rule with its priority, source, "
		"whether it is enabled, and its tags.",
	.options = rules_options,
	.exit_status = "0 the files are valid (warnings allowed), 1 a file has errors, 2 usage "
		       "error.",
	.examples = "vigil rules check /etc/falco/falco_rules.yaml   # validate\n"
		    "vigil rules check --format json a.yaml b.yaml   # Falco's validation JSON\n"
		    "vigil rules list --rules /etc/falco/falco_rules.yaml\n",
};
