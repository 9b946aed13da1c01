/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_layer.c - one layer tar (uncompressed, gzip, zstd, ... as libarchive detects) through
 * the walker: path normalisation, whiteouts, links, limits and the entry reader. Limits are
 * small so that every limit path is reachable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"

struct stats {
	uint64_t bytes;
	unsigned entries;
};

static int cb(const struct vg_entry *e, struct vg_entry_reader *r, void *ud)
{
	struct stats *s = ud;
	s->entries++;
	/* invariants of every entry */
	if (!e->path || e->path[0] != '/' || strstr(e->path, "//") || strstr(e->path, "/../") ||
	    strstr(e->path, "/./"))
		abort();
	size_t n = strlen(e->path);
	if (n > 1 && e->path[n - 1] == '/')
		abort();
	if (e->type == VG_ENTRY_HARDLINK && (!e->link || e->link[0] != '/'))
		abort();
	if (e->type == VG_ENTRY_SYMLINK && !e->link)
		abort();
	if (s->entries & 1) {
		unsigned char *buf;
		size_t len;
		int r2 = vg_entry_read_all(r, &buf, &len);
		if (r2 == 0) {
			s->bytes += len;
			free(buf);
		}
	} else {
		char buf[333];
		ssize_t k;
		while ((k = vg_entry_read(r, buf, sizeof(buf))) > 0)
			s->bytes += (uint64_t)k;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_image_limits lim;
	vg_image_limits_init(&lim);
	lim.max_entries = 2000;
	lim.max_total_bytes = 8u << 20;
	lim.max_path_len = 512;
	lim.max_file_read = 64u << 10;
	struct stats s = { 0 };
	struct vg_diag d;
	int r = vg_image_walk_layer_buffer(data, size, &lim, cb, &s, &d);
	(void)r;
	return 0;
}
