/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version_bench.c - throughput of vg_version_compare(): N comparisons (default 1,000,000) per
 * scheme over real version pairs, the osv-scalibr fixtures of the shared corpus (Debian,
 * Alpine and PyPI versions from real advisories), cycled until N. Run by version_bench.sh.
 *
 * Usage: version_bench SHARED_DIR [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/version.h"

struct pairs {
	char **a, **b;
	size_t n, cap;
};

static int load(const char *path, struct pairs *p)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "version_bench: cannot open '%s'\n", path);
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#' || strncmp(line, "//", 2) == 0)
			continue;
		char *s1 = strchr(line, ' '), *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
		if (!s2)
			continue;
		*s1 = *s2 = '\0';
		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 1024;
			p->a = realloc(p->a, p->cap * sizeof(*p->a));
			p->b = realloc(p->b, p->cap * sizeof(*p->b));
			if (!p->a || !p->b)
				return -1;
		}
		p->a[p->n] = strdup(line);
		p->b[p->n] = strdup(s2 + 1);
		if (!p->a[p->n] || !p->b[p->n])
			return -1;
		p->n++;
	}
	free(line);
	fclose(f);
	return p->n ? 0 : -1;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct {
		enum vg_version_scheme scheme;
		const char *file;
	} sets[] = {
		{ VG_VERSION_DPKG, "debian-versions-generated.txt" },
		{ VG_VERSION_APK, "alpine-versions-generated.txt" },
		{ VG_VERSION_PEP440, "pypi-versions-generated.txt" },
		{ VG_VERSION_RPM, "redhat-versions.txt" },
		{ VG_VERSION_SEMVER, "semver-versions.txt" },
	};

	if (argc < 2) {
		fprintf(stderr, "usage: version_bench SHARED_DIR [N]\n");
		return 2;
	}
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	if (n <= 0)
		n = 1000000;
	/* CPU time is what the comparison costs; wall time also shows a busy machine */
	printf("%-8s %-32s %6s %9s %8s %8s %8s\n", "scheme", "pairs from", "pairs", "compares", "wall s",
	       "cpu s", "cpu ns");
	for (size_t k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) {
		char path[4096];
		struct pairs p = { 0 };
		snprintf(path, sizeof(path), "%s/corpus/versions/osv-scalibr/%s", argv[1], sets[k].file);
		if (load(path, &p) < 0)
			return 1;
		long sum = 0, errors = 0;
		double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		for (long i = 0; i < n; i++) {
			int c;
			size_t j = (size_t)i % p.n;
			if (vg_version_compare(sets[k].scheme, p.a[j], p.b[j], &c) < 0)
				errors++;
			else
				sum += c;
		}
		double w = clock_s(CLOCK_MONOTONIC) - w0, c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		printf("%-8s %-32s %6zu %9ld %8.3f %8.3f %8.1f%s\n", vg_version_scheme_name(sets[k].scheme),
		       sets[k].file, p.n, n, w, c, c * 1e9 / (double)n, errors ? "  (errors!)" : "");
		if (sum == 42424242)
			printf(" "); /* keep the loop */
		for (size_t j = 0; j < p.n; j++) {
			free(p.a[j]);
			free(p.b[j]);
		}
		free(p.a);
		free(p.b);
	}
	return 0;
}
