/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inventory_dump.c - print the package inventory of an image, one package per line:
 * "name<TAB>version<TAB>source<TAB>layer" (source "name version" when the database gives one,
 * layer the diff_id or "-"), then exit 0; on error print the diagnostic and exit 2.
 * Used by tests/integration/bookworm.sh until `vigil sbom` exists.
 * usage: inventory_dump [--ref REF] [--os] [--purl] IMAGE
 */
#include <stdio.h>
#include <string.h>

#include "vigil/image.h"
#include "vigil/pkg.h"

int main(int argc, char **argv)
{
	const char *ref = NULL, *path = NULL;
	int show_os = 0, show_purl = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ref") == 0 && i + 1 < argc)
			ref = argv[++i];
		else if (strcmp(argv[i], "--os") == 0)
			show_os = 1;
		else if (strcmp(argv[i], "--purl") == 0)
			show_purl = 1;
		else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: inventory_dump [--ref REF] [--os] [--purl] IMAGE\n");
		return 2;
	}
	struct vg_diag d;
	struct vg_image *img = NULL;
	int r = vg_image_open(path, ref, NULL, &img, &d);
	if (r < 0) {
		fprintf(stderr, "inventory_dump: %s: %s\n", d.file, d.message);
		return 2;
	}
	struct vg_inventory *inv = NULL;
	r = vg_image_inventory(img, NULL, &inv, &d);
	if (r < 0) {
		fprintf(stderr, "inventory_dump: %s: %s\n", d.file, d.message);
		vg_image_free(img);
		return 2;
	}
	if (show_os) {
		const struct vg_os *os = vg_inventory_os(inv);
		printf("# %s %s os=%s version=%s ecosystem=%s layers=%zu\n",
		       vg_image_kind_name(vg_image_kind(img)), vg_image_name(img),
		       os && os->id ? os->id : "-", os && os->version ? os->version : "-",
		       os && os->ecosystem ? os->ecosystem : "-", vg_image_layer_count(img));
	}
	for (size_t i = 0; i < vg_inventory_count(inv); i++) {
		const struct vg_pkg *p = vg_inventory_get(inv, i);
		printf("%s\t%s\t", p->name, p->version ? p->version : "");
		if (p->src_name)
			printf("%s %s", p->src_name, p->src_version ? p->src_version : "");
		else
			printf("-");
		printf("\t%s", p->layer ? p->layer : "-");
		if (show_purl)
			printf("\t%s", p->purl ? p->purl : "-");
		printf("\n");
	}
	vg_inventory_free(inv);
	vg_image_free(img);
	return 0;
}
