/* SPDX-License-Identifier: Apache-2.0 */
/* image_common.c - what `vigil image` and `vigil sbom` share: getting an inventory from an
 * image, a root filesystem or an SBOM file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/image_common.h"
#include "vigil/sbom.h"

static void print_diag(const struct vg_diag *d)
{
	if (d->line)
		vg_cli_error("%s:%u:%u: %s", d->file, d->line, d->column, d->message);
	else if (d->file[0])
		vg_cli_error("%s: %s", d->file, d->message);
	else
		vg_cli_error("%s", d->message);
}

int vg_cli_load_inventory(const char *path, const char *ref, bool is_sbom, bool progress,
			  struct vg_image **ret_img, struct vg_inventory **ret_inv)
{
	struct vg_diag d;
	vg_diag_clear(&d);
	*ret_img = NULL;
	*ret_inv = NULL;
	if (is_sbom) {
		FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
		if (!f) {
			vg_cli_error("cannot open '%s': %s", path, strerror(errno));
			return -errno;
		}
		char *buf = NULL;
		size_t len = 0, cap = 0;
		int r = 0;
		for (;;) {
			if (len == cap) {
				cap = cap ? cap * 2 : 1 << 16;
				if (cap > (size_t)512 << 20) {
					r = -EFBIG;
					break;
				}
				char *nb = realloc(buf, cap);
				if (!nb) {
					r = -ENOMEM;
					break;
				}
				buf = nb;
			}
			size_t n = fread(buf + len, 1, cap - len, f);
			len += n;
			if (n == 0)
				break;
		}
		if (f != stdin)
			fclose(f);
		if (r == 0)
			r = vg_sbom_read(path, buf, len, ret_inv, &d);
		free(buf);
		if (r < 0) {
			if (r == -EFBIG)
				vg_cli_error("'%s' is larger than 512 MiB", path);
			else if (r == -ENOMEM)
				vg_cli_error("out of memory");
			else
				print_diag(&d);
		}
		return r;
	}
	struct vg_image_limits lim;
	vg_image_limits_init(&lim);
	int r = vg_image_open(path, ref, &lim, ret_img, &d);
	if (r < 0) {
		print_diag(&d);
		return r;
	}
	struct vg_cli_progress_state ps = { .bytes = true };
	struct vg_progress pr = { vg_cli_progress, &ps };
	r = vg_image_inventory(*ret_img, progress ? &pr : NULL, ret_inv, &d);
	if (progress)
		vg_cli_progress_end(&ps);
	if (r < 0) {
		print_diag(&d);
		vg_image_free(*ret_img);
		*ret_img = NULL;
		return r;
	}
	/* nothing is dropped silently: every analyzer warning is shown or counted */
	size_t nw = vg_inventory_warning_count(*ret_inv);
	for (size_t i = 0; i < nw; i++) {
		const struct vg_inventory_warning *w = vg_inventory_warning(*ret_inv, i);
		if (!w) {
			fprintf(stderr, "vigil: warning: %zu more warnings not shown\n", nw - i);
			break;
		}
		if (w->line)
			fprintf(stderr, "vigil: warning: %s:%u: %s\n", w->file ? w->file : "?", w->line,
				w->message);
		else
			fprintf(stderr, "vigil: warning: %s: %s\n", w->file ? w->file : "?", w->message);
	}
	return r;
}

void vg_cli_sbom_subject(const struct vg_image *img, const char *path,
			 struct vg_sbom_subject *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->name = img ? vg_image_name(img) : path;
	ret->id = img ? vg_image_id(img) : NULL;
	ret->kind = img && vg_image_kind(img) != VG_IMAGE_ROOTFS ? "container" : "rootfs";
	ret->tool_name = "vigil";
	ret->tool_version = vg_version();
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long t = sde ? strtoll(sde, &end, 10) : 0;
	ret->timestamp = sde && *sde && end && !*end ? (int64_t)t : (int64_t)time(NULL);
}
