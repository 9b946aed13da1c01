/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli/cli.h - the command table and option tables shared by the commands, --help and the
 * generated docs (docs/cli/<command>.md come from `vigil help --markdown COMMAND`).
 */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vigil/finding.h"

/* Exit codes */
#define VG_EXIT_OK 0
#define VG_EXIT_FINDINGS 1
#define VG_EXIT_ERROR 2

struct vg_cli_option {
	const char *name;    /* long name without dashes */
	int short_name;      /* 0 for none */
	const char *arg;     /* metavar, NULL for a flag */
	int id;              /* value returned by getopt_long */
	const char *help;    /* one or more sentences */
};

struct vg_cli_command {
	const char *name;
	int (*run)(const struct vg_cli_command *cmd, int argc, char **argv);
	const char *summary;      /* one line */
	const char *usage;        /* after "vigil NAME " */
	const char *description;  /* paragraphs separated by blank lines */
	const struct vg_cli_option *options; /* terminated by a {NULL} entry */
	const char *exit_status;  /* text for the EXIT STATUS section, may be NULL */
	const char *examples;     /* lines "command  # comment", may be NULL */
};

extern const struct vg_cli_command vg_cmd_scan;
extern const struct vg_cli_command vg_cmd_image;
extern const struct vg_cli_command vg_cmd_sbom;
extern const struct vg_cli_command vg_cmd_db;
extern const struct vg_cli_command vg_cmd_watch;
extern const struct vg_cli_command vg_cmd_rules;
extern const struct vg_cli_command vg_cmd_checks;
extern const struct vg_cli_command vg_cmd_version;
extern const struct vg_cli_command vg_cmd_help;

/* NULL-terminated table of every command, in help order. */
extern const struct vg_cli_command *const vg_cli_commands[];

const struct vg_cli_command *vg_cli_find(const char *name);

/* Print "vigil: error: ..." (lowercase, no full stop) to stderr. */
void vg_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Build a getopt_long table from @opts (always adds --help as 'h'). Caller frees. */
struct option *vg_cli_getopt_table(const struct vg_cli_option *opts, char *ret_short, size_t short_cap);

/* Text help for a command (to @out). */
void vg_cli_print_help(const struct vg_cli_command *cmd, FILE *out);
/* Markdown reference page for a command (docs/cli/<name>.md). */
void vg_cli_print_markdown(const struct vg_cli_command *cmd, FILE *out);
/* The top-level usage. */
void vg_cli_print_usage(FILE *out);

/* Shared option helpers (util.c). */
int vg_cli_parse_uint(const char *s, unsigned long long max, unsigned long long *ret);
/* "critical,HIGH,..." into a severity bit mask; prints the error itself. */
int vg_cli_parse_severity_list(const char *list, unsigned *ret_mask);
/* --fail-on, --exit-code and --color, shared by the report-writing commands; each prints its
 * error and returns -EINVAL. --color gives -1 (auto), 0 (never) or 1 (always). */
int vg_cli_parse_fail_on(const char *arg, enum vg_severity *ret);
int vg_cli_parse_exit_code(const char *arg, int *ret);
int vg_cli_parse_color(const char *arg, int *ret);
/* --color: -1 auto (terminal, table format, no -o, NO_COLOR unset), 0 never, 1 always. */
bool vg_cli_want_color(int setting, bool table, const char *output);
/* Progress goes to stderr only when both stderr and stdout are terminals and the output is a
 * table (never when output is piped or machine-readable). */
bool vg_cli_want_progress(bool table);

struct vg_cli_progress_state {
	double start, last;
	bool bytes; /* units: bytes (MB) or records */
};
/* A struct vg_progress callback printing "stage: 45% 83.0/186.0 MB (120.0 MB/s)". */
void vg_cli_progress(void *userdata, const char *stage, uint64_t done, uint64_t total);
void vg_cli_progress_end(struct vg_cli_progress_state *p);

#endif
