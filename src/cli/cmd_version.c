/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_version.c - `vigil version`. */
#include <stdio.h>
#include <yaml.h>
#include <jansson.h>

#include "cli/cli.h"
#include "vigil/common.h"
#include "vigil/pss.h"

static int run_version(const struct vg_cli_command *cmd, int argc, char **argv)
{
	if (argc > 1) {
		if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			vg_cli_print_help(cmd, stdout);
			return VG_EXIT_OK;
		}
		vg_cli_error("'version' takes no arguments");
		return VG_EXIT_ERROR;
	}
	printf("vigil %s\n", vg_version());
	printf("pod security standards: v1.0 to v1.%u\n", VG_PSS_NEWEST_MINOR);
	printf("libyaml %s, jansson %s\n", yaml_get_version_string(), jansson_version_str());
	return VG_EXIT_OK;
}

static const struct vg_cli_option version_options[] = { { NULL, 0, NULL, 0, NULL } };

const struct vg_cli_command vg_cmd_version = {
	.name = "version",
	.run = run_version,
	.summary = "Print vigil's version and the versions of what it was built with",
	.usage = "",
	.options = version_options,
};
