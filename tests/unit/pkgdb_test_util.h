/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkgdb_test_util.h - helpers shared by the test_pkgdb_*.c executables (each includes it once):
 * a warning log, running one analyzer over a buffer, reading a fixture, and a torture loop over
 * prefixes and byte flips.
 */
#ifndef VG_TEST_PKGDB_UTIL_H
#define VG_TEST_PKGDB_UTIL_H

struct warnlog {
	size_t n;        /* sink calls */
	size_t counted;  /* ctx.warnings */
	uint32_t lines[64];
	char msgs[64][256];
};

static __attribute__((unused)) void warn_sink(void *ud, const char *file, uint32_t line, const char *message)
{
	struct warnlog *w = ud;
	(void)file;
	if (w->n < 64) {
		w->lines[w->n] = line;
		snprintf(w->msgs[w->n], sizeof(w->msgs[0]), "%s", message);
	}
	w->n++;
}

static __attribute__((unused)) bool warned(const struct warnlog *w, uint32_t line, const char *needle)
{
	for (size_t i = 0; i < w->n && i < 64; i++)
		if ((line == 0 || w->lines[i] == line) && strstr(w->msgs[i], needle))
			return true;
	return false;
}

/* Run @a over @len bytes as file @path with a warning log and optional limits. */
static __attribute__((unused)) struct vg_inventory *run(const struct vg_analyzer *a, const char *path, const void *data,
				size_t len, struct warnlog *w, const struct vg_pkgdb_limits *lim)
{
	struct vg_inventory *inv = NULL;
	struct vg_analyze_ctx ctx;

	assert_int_equal(vg_inventory_new(&inv), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.file = path;
	ctx.warn = w ? warn_sink : NULL;
	ctx.warn_userdata = w;
	ctx.limits = lim;
	if (w)
		memset(w, 0, sizeof(*w));
	assert_int_equal(a->analyze(&ctx, path, data, len), 0);
	if (w)
		w->counted = ctx.warnings;
	return inv;
}

static __attribute__((unused)) struct vg_inventory *run_str(const struct vg_analyzer *a, const char *path, const char *s,
				    struct warnlog *w)
{
	return run(a, path, s, strlen(s), w, NULL);
}

static __attribute__((unused)) const struct vg_pkg *find_pkg(const struct vg_inventory *inv, const char *name)
{
	for (size_t i = 0; i < vg_inventory_count(inv); i++)
		if (strcmp(vg_inventory_get(inv, i)->name, name) == 0)
			return vg_inventory_get(inv, i);
	return NULL;
}

static __attribute__((unused)) const struct vg_pkg *need_pkg(const struct vg_inventory *inv, const char *name,
				     const char *version)
{
	const struct vg_pkg *p = find_pkg(inv, name);
	if (!p)
		fail_msg("package '%s' not found", name);
	if (version)
		assert_string_equal(p->version, version);
	return p;
}

static __attribute__((unused)) void assert_str_or_null(const char *got, const char *want)
{
	if (!want) {
		if (got)
			fail_msg("expected NULL, got '%s'", got);
		return;
	}
	if (!got)
		fail_msg("expected '%s', got NULL", want);
	assert_string_equal(got, want);
}

static __attribute__((unused)) unsigned char *slurp(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	size_t cap = 1 << 16, len = 0, n;
	unsigned char *buf = malloc(cap);
	assert_non_null(buf);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(f);
	*ret_len = len;
	return buf;
}

/* Every prefix (in @step strides) and a few byte flips of @data must not crash or fail. */
static __attribute__((unused)) void torture(const struct vg_analyzer *a, const char *path, const unsigned char *data,
		    size_t len, size_t step)
{
	for (size_t n = 0; n <= len; n += step) {
		unsigned char *copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, data, n);
		struct vg_inventory *inv = run(a, path, copy, n, NULL, NULL);
		vg_inventory_free(inv);
		if (n > 0) {
			copy[(n * 7919u) % n] ^= 0x5a;
			inv = run(a, path, copy, n, NULL, NULL);
			vg_inventory_free(inv);
		}
		free(copy);
	}
}

#endif
