/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_db.c - `vigil db import|info`: build and inspect the local vulnerability database. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "vigil/vulndb.h"

enum {
	OPT_DB = 256,
	OPT_REPLACE,
};

static const struct vg_cli_option db_options[] = {
	{ "db", 0, "FILE", OPT_DB,
	  "The database file. Default: $VIGIL_DB, else $XDG_DATA_HOME/vigil/vulndb.sqlite "
	  "(~/.local/share/vigil/vulndb.sqlite); info also falls back to the database bundled "
	  "with vigil when the user has none." },
	{ "replace", 0, NULL, OPT_REPLACE,
	  "import: start from an empty database instead of adding to the existing one." },
	{ "format", 'f', "FORMAT", 'f', "info: output format, table (the default) or json." },
	{ NULL, 0, NULL, 0, NULL },
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_diag(const struct vg_diag *d, const char *level)
{
	if (d->file[0] && d->line)
		fprintf(stderr, "%s:%u:%u: %s: %s\n", d->file, d->line, d->column, level, d->message);
	else if (d->file[0])
		fprintf(stderr, "%s: %s: %s\n", d->file, level, d->message);
	else
		fprintf(stderr, "vigil: %s: %s\n", level, d->message);
}

struct import_ui {
	bool tty;
	double start;
	bool shown;
};

static void on_warn(void *ud, const struct vg_diag *d)
{
	struct import_ui *ui = ud;
	if (ui->tty && ui->shown) {
		fputs("\r\033[K", stderr); /* clear the progress line first */
		ui->shown = false;
	}
	print_diag(d, "error");
}

static void on_progress(void *ud, const char *stage, uint64_t done, uint64_t total)
{
	(void)stage;
	(void)total;
	struct import_ui *ui = ud;
	if (!ui->tty)
		return;
	double el = now_seconds() - ui->start;
	fprintf(stderr, "\r\033[Kvigil: importing: %llu records (%.0f records/s)",
		(unsigned long long)done, el > 0 ? (double)done / el : 0.0);
	ui->shown = true;
}

static int db_import(const char *db_opt, bool replace, int nargs, char **args)
{
	if (nargs == 0) {
		vg_cli_error("no input: give OSV JSON files, directories or osv.dev zip exports");
		fprintf(stderr, "Run 'vigil db --help' for usage.\n");
		return VG_EXIT_ERROR;
	}
	char path[4096];
	if (vg_vulndb_default_path(db_opt, true, path, sizeof(path)) >= sizeof(path) || !path[0]) {
		vg_cli_error("cannot tell where the database goes: set --db, VIGIL_DB or HOME");
		return VG_EXIT_ERROR;
	}
	struct import_ui ui = { .tty = isatty(STDERR_FILENO) == 1, .start = now_seconds() };
	struct vg_progress prog = { .fn = on_progress, .userdata = &ui };
	struct vg_vulndb_import_stats st = { 0 };
	struct vg_diag d;
	int r = vg_vulndb_import(path, (const char *const *)args, (size_t)nargs, replace, &prog,
				 on_warn, &ui, &st, &d);
	if (ui.shown)
		fputs("\r\033[K", stderr);
	double el = now_seconds() - ui.start;
	if (r < 0) {
		print_diag(&d, "error");
		fprintf(stderr, "vigil: import failed; '%s' was left unchanged\n", path);
		return VG_EXIT_ERROR;
	}
	fprintf(stderr, "vigil: imported %llu record%s from %llu file%s into %s (%llu skipped, "
			"%llu error%s) in %.2f s\n",
		(unsigned long long)st.records, st.records == 1 ? "" : "s",
		(unsigned long long)st.files, st.files == 1 ? "" : "s", path,
		(unsigned long long)st.skipped, (unsigned long long)st.errors,
		st.errors == 1 ? "" : "s", el);
	return st.errors ? VG_EXIT_ERROR : VG_EXIT_OK;
}

static int print_info_json(const struct vg_vulndb_info *info)
{
	json_t *o = json_object();
	json_t *eco = json_object();
	json_t *src = json_array();
	if (!o || !eco || !src) {
		json_decref(o);
		json_decref(eco);
		json_decref(src);
		return -ENOMEM;
	}
	json_object_set_new(o, "path", json_string(info->path));
	json_object_set_new(o, "schema_version",
			    info->schema_version ? json_string(info->schema_version) : json_null());
	json_object_set_new(o, "built", info->built ? json_string(info->built) : json_null());
	json_object_set_new(o, "records", json_integer((json_int_t)info->records));
	for (size_t i = 0; i < info->necosystems; i++)
		json_object_set_new(eco, info->ecosystems[i].key,
				    json_integer(strtoll(info->ecosystems[i].value, NULL, 10)));
	json_object_set_new(o, "ecosystems", eco);
	for (size_t i = 0; i < info->nsources; i++)
		json_array_append_new(src, json_string(info->sources[i]));
	json_object_set_new(o, "sources", src);
	int r = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (r < 0)
		return -EIO;
	fputc('\n', stdout);
	return 0;
}

static void print_info_table(const struct vg_vulndb_info *info)
{
	printf("database:        %s\n", info->path);
	printf("schema version:  %s\n", info->schema_version ? info->schema_version : "-");
	printf("built:           %s\n", info->built ? info->built : "-");
	printf("records:         %llu\n", (unsigned long long)info->records);
	printf("ecosystems:\n");
	for (size_t i = 0; i < info->necosystems; i++)
		printf("  %-20s %8s\n", info->ecosystems[i].key, info->ecosystems[i].value);
	printf("sources:\n");
	for (size_t i = 0; i < info->nsources; i++)
		printf("  %s\n", info->sources[i]);
}

static int db_info(const char *db_opt, bool json)
{
	char path[4096];
	if (vg_vulndb_default_path(db_opt, false, path, sizeof(path)) >= sizeof(path) || !path[0]) {
		vg_cli_error("cannot tell where the database is: set --db, VIGIL_DB or HOME");
		return VG_EXIT_ERROR;
	}
	struct vg_vulndb *db = NULL;
	struct vg_diag d;
	int r = vg_vulndb_open(path, &db, &d);
	if (r < 0) {
		print_diag(&d, "error");
		return VG_EXIT_ERROR;
	}
	const struct vg_vulndb_info *info = NULL;
	r = vg_vulndb_info(db, &info);
	if (r < 0) {
		vg_cli_error("cannot read '%s': %s", path, strerror(-r));
		vg_vulndb_close(db);
		return VG_EXIT_ERROR;
	}
	if (json)
		r = print_info_json(info);
	else
		print_info_table(info);
	vg_vulndb_close(db);
	if (r < 0 || fflush(stdout) != 0) {
		vg_cli_error("cannot write the output");
		return VG_EXIT_ERROR;
	}
	return VG_EXIT_OK;
}

static int run_db(const struct vg_cli_command *cmd, int argc, char **argv)
{
	if (argc < 2) {
		vg_cli_error("'db' needs a subcommand: import or info");
		fprintf(stderr, "Run 'vigil db --help' for usage.\n");
		return VG_EXIT_ERROR;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		vg_cli_print_help(cmd, stdout);
		return VG_EXIT_OK;
	}
	bool is_import = strcmp(sub, "import") == 0;
	if (!is_import && strcmp(sub, "info") != 0) {
		vg_cli_error("unknown 'db' subcommand '%s' (use import or info)", sub);
		fprintf(stderr, "Run 'vigil db --help' for usage.\n");
		return VG_EXIT_ERROR;
	}
	const char *db_opt = NULL;
	bool replace = false, json = false;
	char shorts[32];
	struct option *longopts = vg_cli_getopt_table(cmd->options, shorts, sizeof(shorts));
	if (!longopts)
		return VG_EXIT_ERROR;
	/* options after the subcommand: getopt sees "SUB OPTIONS... ARGS..." */
	int sargc = argc - 1;
	char **sargv = argv + 1;
	optind = 1;
	opterr = 0;
	int c, bad = 0;
	while (!bad && (c = getopt_long(sargc, sargv, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			vg_cli_print_help(cmd, stdout);
			free(longopts);
			return VG_EXIT_OK;
		case OPT_DB:
			db_opt = optarg;
			break;
		case OPT_REPLACE:
			if (!is_import) {
				vg_cli_error("--replace only applies to 'db import'");
				bad = 1;
			}
			replace = true;
			break;
		case 'f':
			if (is_import) {
				vg_cli_error("--format only applies to 'db info'");
				bad = 1;
			} else if (strcmp(optarg, "json") == 0) {
				json = true;
			} else if (strcmp(optarg, "table") != 0) {
				vg_cli_error("unknown format '%s' (use table or json)", optarg);
				bad = 1;
			}
			break;
		case '?':
		default:
			if (optopt && optopt < 256)
				vg_cli_error("unknown or incomplete option '-%c'", optopt);
			else
				vg_cli_error("unknown or incomplete option '%s'", sargv[optind - 1]);
			bad = 1;
			break;
		}
	}
	free(longopts);
	if (bad) {
		fprintf(stderr, "Run 'vigil db --help' for usage.\n");
		return VG_EXIT_ERROR;
	}
	if (is_import)
		return db_import(db_opt, replace, sargc - optind, sargv + optind);
	if (optind < sargc) {
		vg_cli_error("'db info' takes no arguments");
		fprintf(stderr, "Run 'vigil db --help' for usage.\n");
		return VG_EXIT_ERROR;
	}
	return db_info(db_opt, json);
}

const struct vg_cli_command vg_cmd_db = {
	.name = "db",
	.run = run_db,
	.summary = "Build and inspect the local vulnerability database",
	.usage = "import [--db FILE] [--replace] PATH... | info [--db FILE] [--format FORMAT]",
	.description =
		"vigil matches packages against a local database of OSV records "
		"(https://ossf.github.io/osv-schema/) kept in one SQLite file; see docs/vulndb.md.\n\n"
		"'vigil db import' reads OSV JSON files, directories (walked recursively in a "
		"stable order, *.json) and the per-ecosystem zip exports of osv.dev "
		"(<ecosystem>/all.zip), and adds their records to the database; a record already "
		"there is replaced only by one with a later 'modified' time; withdrawn records are "
		"kept but never matched. The import is transactional: the new database is written next to the "
		"old one and renamed over it only when everything was read, so an interrupted or "
		"failed import leaves the previous database as it was. Malformed records are "
		"reported (file:line:column) and counted; the others are still imported. Progress "
		"is shown on standard error when it is a terminal, and a one-line summary always.\n\n"
		"'vigil db info' prints where the database is, when it was built, its record count "
		"per ecosystem and the sources it was imported from.",
	.options = db_options,
	.exit_status =
		"0 on success; 2 on a usage error, when the import failed (the database is "
		"unchanged), when the database cannot be opened, or when some records were "
		"malformed (the others were imported).",
	.examples =
		"vigil db import --replace ../shared/corpus/vulndb/osv\n"
		"vigil db import Go-all.zip PyPI-all.zip npm-all.zip\n"
		"vigil db info --format json\n"
		"VIGIL_DB=/tmp/v.sqlite vigil db import advisories/\n",
};
