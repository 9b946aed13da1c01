/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_help.c - `vigil help [--markdown] [COMMAND]`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int run_help(const struct vg_cli_command *cmd, int argc, char **argv)
{
	bool markdown = false;
	const char *name = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--markdown") == 0) {
			markdown = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			vg_cli_print_help(cmd, stdout);
			return VG_EXIT_OK;
		} else if (!name) {
			name = argv[i];
		} else {
			vg_cli_error("'help' takes one command name");
			return VG_EXIT_ERROR;
		}
	}
	if (!name) {
		vg_cli_print_usage(stdout);
		return VG_EXIT_OK;
	}
	const struct vg_cli_command *c = vg_cli_find(name);
	if (!c) {
		vg_cli_error("unknown command '%s'", name);
		return VG_EXIT_ERROR;
	}
	if (markdown)
		vg_cli_print_markdown(c, stdout);
	else
		vg_cli_print_help(c, stdout);
	return VG_EXIT_OK;
}

static const struct vg_cli_option help_options[] = {
	{ "markdown", 0, NULL, 1, "Print the command's reference page in Markdown (docs/cli/COMMAND.md)." },
	{ NULL, 0, NULL, 0, NULL },
};

const struct vg_cli_command vg_cmd_help = {
	.name = "help",
	.run = run_help,
	.summary = "Show help for vigil or one of its commands",
	.usage = "[--markdown] [COMMAND]",
	.options = help_options,
};
