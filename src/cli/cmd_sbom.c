/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_sbom.c - `vigil sbom IMAGE`: the software bill of materials of an image or rootfs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/image_common.h"

enum { OPT_REF = 256 };

static const struct vg_cli_option sbom_options[] = {
	{ "format", 'f', "FORMAT", 'f',
	  "cyclonedx (CycloneDX 1.6 JSON, the default), cyclonedx-1.5, spdx (SPDX 2.3 JSON)." },
	{ "output", 'o', "FILE", 'o', "Write the SBOM to FILE instead of standard output." },
	{ "ref", 0, "NAME", OPT_REF,
	  "The image to take from an archive or layout holding several (a RepoTags entry or an "
	  "OCI ref name). Default: the first (for a multi-platform index, linux/amd64)." },
	{ NULL, 0, NULL, 0, NULL },
};

static int run_sbom(const struct vg_cli_command *cmd, int argc, char **argv)
{
	enum vg_sbom_format fmt = VG_SBOM_CYCLONEDX_1_6;
	const char *output = NULL, *ref = NULL;
	char shorts[32];
	struct option *lo = vg_cli_getopt_table(cmd->options, shorts, sizeof(shorts));
	if (!lo)
		return VG_EXIT_ERROR;
	optind = 1;
	opterr = 0;
	int c, bad = 0;
	while (!bad && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case 'h':
			vg_cli_print_help(cmd, stdout);
			free(lo);
			return VG_EXIT_OK;
		case 'f':
			if (vg_sbom_format_parse(optarg, &fmt) < 0) {
				vg_cli_error("unknown SBOM format '%s' (use cyclonedx, cyclonedx-1.5 or spdx)",
					     optarg);
				bad = 1;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_REF:
			ref = optarg;
			break;
		default:
			vg_cli_error("unknown or incomplete option '%s'", argv[optind - 1]);
			bad = 1;
		}
	}
	free(lo);
	if (!bad && optind != argc - 1) {
		vg_cli_error("give exactly one image (docker-archive, OCI layout or archive, or a directory)");
		bad = 1;
	}
	if (bad) {
		fprintf(stderr, "Run 'vigil sbom --help' for usage.\n");
		return VG_EXIT_ERROR;
	}
	struct vg_image *img;
	struct vg_inventory *inv;
	if (vg_cli_load_inventory(argv[optind], ref, false, vg_cli_want_progress(output != NULL),
				  &img, &inv) < 0)
		return VG_EXIT_ERROR;
	struct vg_sbom_subject subj;
	vg_cli_sbom_subject(img, argv[optind], &subj);
	FILE *out = output ? fopen(output, "w") : stdout;
	int status = VG_EXIT_OK;
	if (!out) {
		vg_cli_error("cannot write '%s': %s", output, strerror(errno));
		status = VG_EXIT_ERROR;
	} else {
		int r = vg_sbom_write(inv, &subj, fmt, out);
		if ((out != stdout ? fclose(out) : fflush(out)) != 0 && r == 0)
			r = -EIO;
		if (r < 0) {
			vg_cli_error("cannot write the SBOM: %s", strerror(-r));
			status = VG_EXIT_ERROR;
		} else if (output) {
			fprintf(stderr, "vigil: %zu packages written to %s\n", vg_inventory_count(inv),
				output);
		}
	}
	vg_inventory_free(inv);
	vg_image_free(img);
	return status;
}

const struct vg_cli_command vg_cmd_sbom = {
	.name = "sbom",
	.run = run_sbom,
	.summary = "Write the software bill of materials of a container image",
	.usage = "[OPTIONS] IMAGE",
	.description =
		"Inventories IMAGE - a docker-archive tar (docker save, skopeo), an OCI image layout "
		"directory, an OCI archive tar, or a root filesystem directory - and writes its "
		"packages (OS packages, Go binaries, npm, Python, Java, Rust) as CycloneDX or SPDX "
		"JSON. Each package carries its purl, source package, licences, the file it was "
		"found in and the layer that introduced it. SOURCE_DATE_EPOCH fixes the timestamp.",
	.options = sbom_options,
	.exit_status = "0 when the SBOM was written; 2 when the image cannot be read.",
	.examples = "vigil sbom --format spdx -o app.spdx.json app.tar\n"
		    "vigil sbom oci-layout-dir > app.cdx.json\n",
};
