/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_version_dpkg_random.c - vg_version_compare(VG_VERSION_DPKG) against the real
 * `dpkg --compare-versions` on seeded random Debian version pairs: epochs, '~', '+', ':' and
 * '-' inside the upstream version, letters of both cases, digit runs with leading zeros,
 * revisions; half of the pairs are independent, half are near misses (one version mutated).
 *
 * The pairs go to a few files that small shell loops feed to dpkg in parallel (one sh -c
 * started through popen(); dpkg once or twice per pair, about 1 ms each). Skipped when dpkg is
 * not installed.
 *
 * Environment: VIGIL_DPKG_RANDOM_N (pairs, default 10000), VIGIL_DPKG_RANDOM_SEED (default
 * 20240601), VIGIL_DPKG_RANDOM_JOBS (parallel loops, default 4: process start-up dominates,
 * so more loops than cores still help). bench/version_bench.sh runs it with 100,000 pairs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "vigil/version.h"

#define VMAX 96 /* generated versions stay shorter than this */
#define MAX_JOBS 16

struct rng {
	uint64_t s;
};

/* splitmix64 */
static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(struct rng *r, unsigned n)
{
	return (unsigned)(rnd(r) % n);
}

static char pick(struct rng *r, const char *set)
{
	return set[below(r, (unsigned)strlen(set))];
}

struct deb {
	char epoch[8]; /* "" when none */
	char up[VMAX];
	char rev[VMAX]; /* "" when none */
};

static void put(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(buf), m = strlen(s);
	if (n + m < cap) {
		memcpy(buf + n, s, m + 1);
	}
}

static void put_char(char *buf, size_t cap, char c)
{
	char s[2] = { c, '\0' };
	put(buf, cap, s);
}

static void digits(struct rng *r, char *buf, size_t cap)
{
	static const char *const special[] = { "0", "00", "01", "007", "10", "99", "100", "20240101", "4294967296" };
	if (below(r, 4) == 0) {
		put(buf, cap, special[below(r, sizeof(special) / sizeof(special[0]))]);
		return;
	}
	unsigned n = 1 + below(r, 3);
	for (unsigned i = 0; i < n; i++)
		put_char(buf, cap, pick(r, "0123456789"));
}

static void letters(struct rng *r, char *buf, size_t cap)
{
	static const char *const words[] = { "a", "b", "z", "A", "Z", "rc", "alpha", "beta", "dfsg", "ds",
					     "deb", "u", "build", "ubuntu", "git", "svn", "pre", "really" };
	if (below(r, 2) == 0) {
		put(buf, cap, words[below(r, sizeof(words) / sizeof(words[0]))]);
		return;
	}
	unsigned n = 1 + below(r, 3);
	for (unsigned i = 0; i < n; i++)
		put_char(buf, cap, pick(r, "abcxyzABCXYZ"));
}

/* One more piece of an upstream version or revision. */
static void token(struct rng *r, char *buf, size_t cap, bool upstream, bool colon_ok, bool hyphen_ok)
{
	switch (below(r, upstream ? 9 : 7)) {
	case 0:
	case 1:
		put_char(buf, cap, '.');
		digits(r, buf, cap);
		break;
	case 2:
		letters(r, buf, cap);
		break;
	case 3:
		digits(r, buf, cap);
		break;
	case 4:
		put_char(buf, cap, '~');
		if (below(r, 3))
			letters(r, buf, cap);
		if (below(r, 2))
			digits(r, buf, cap);
		break;
	case 5:
		put_char(buf, cap, '+');
		letters(r, buf, cap);
		if (below(r, 2))
			digits(r, buf, cap);
		break;
	case 6:
		put_char(buf, cap, pick(r, ".+~"));
		break;
	case 7:
		if (colon_ok) {
			put_char(buf, cap, ':');
			digits(r, buf, cap);
		}
		break;
	default:
		if (hyphen_ok) {
			put_char(buf, cap, '-');
			digits(r, buf, cap);
		}
		break;
	}
}

static void gen(struct rng *r, struct deb *d)
{
	static const char *const epochs[] = { "0", "1", "2", "3", "10", "01", "00" };
	memset(d, 0, sizeof(*d));
	if (below(r, 4) == 0)
		put(d->epoch, sizeof(d->epoch), epochs[below(r, sizeof(epochs) / sizeof(epochs[0]))]);
	bool has_rev = below(r, 10) < 6;
	digits(r, d->up, sizeof(d->up));
	unsigned n = below(r, 6);
	for (unsigned i = 0; i < n; i++)
		token(r, d->up, sizeof(d->up), true, d->epoch[0] != '\0', has_rev);
	if (has_rev) {
		if (below(r, 3))
			digits(r, d->rev, sizeof(d->rev));
		else
			letters(r, d->rev, sizeof(d->rev));
		n = below(r, 4);
		for (unsigned i = 0; i < n; i++)
			token(r, d->rev, sizeof(d->rev), false, false, false);
	}
}

/* A near miss: the same version with one or two small changes. */
static void mutate(struct rng *r, struct deb *d)
{
	unsigned k = 1 + below(r, 2);
	for (unsigned i = 0; i < k; i++) {
		size_t n;
		switch (below(r, 8)) {
		case 0: /* epoch */
			if (d->epoch[0] && !strchr(d->up, ':'))
				d->epoch[0] = '\0';
			else
				snprintf(d->epoch, sizeof(d->epoch), "%u", below(r, 3));
			break;
		case 1: /* append */
			token(r, d->up, sizeof(d->up), true, d->epoch[0] != '\0', d->rev[0] != '\0');
			break;
		case 2: /* truncate */
			n = strlen(d->up);
			if (n > 1)
				d->up[1 + below(r, (unsigned)n - 1)] = '\0';
			break;
		case 3: /* change one byte */
			n = strlen(d->up);
			if (n > 1) {
				/* two statements: the order of the random draws must not depend on
				 * the compiler */
				size_t at = 1 + below(r, (unsigned)n - 1);
				d->up[at] = pick(r, "0123456789abzAZ.+~");
			}
			break;
		case 4: /* revision */
			if (d->rev[0] && !strchr(d->up, '-') && below(r, 2))
				d->rev[0] = '\0';
			else if (d->rev[0])
				token(r, d->rev, sizeof(d->rev), false, false, false);
			else
				put(d->rev, sizeof(d->rev), below(r, 2) ? "0" : "1");
			break;
		case 5: /* tilde or plus suffix */
			put(d->up, sizeof(d->up), below(r, 2) ? "~" : "+");
			break;
		case 6: /* leading zero */
			if (strlen(d->up) + 1 < sizeof(d->up)) {
				memmove(d->up + 1, d->up, strlen(d->up) + 1);
				d->up[0] = '0';
			}
			break;
		default: /* the revision changes a byte */
			n = strlen(d->rev);
			if (n > 1) {
				size_t at = 1 + below(r, (unsigned)n - 1);
				d->rev[at] = pick(r, "0123456789abz.+~");
			}
			break;
		}
	}
}

static void render(const struct deb *d, char *out, size_t cap)
{
	snprintf(out, cap, "%s%s%s%s%s", d->epoch, d->epoch[0] ? ":" : "", d->up, d->rev[0] ? "-" : "", d->rev);
}

static unsigned long env_num(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return dflt;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	return (errno || *end) ? dflt : v;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_dpkg_random(void **state)
{
	(void)state;
	if (system("command -v dpkg >/dev/null 2>&1") != 0) {
		print_message("dpkg not installed: skipped\n");
		skip();
	}
	size_t npairs = env_num("VIGIL_DPKG_RANDOM_N", 10000);
	uint64_t seed = env_num("VIGIL_DPKG_RANDOM_SEED", 20240601);
	unsigned jobs = (unsigned)env_num("VIGIL_DPKG_RANDOM_JOBS", 4);
	if (jobs < 1)
		jobs = 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	assert_true(npairs > 0);

	char (*pa)[VMAX * 2] = calloc(npairs, sizeof(*pa));
	char (*pb)[VMAX * 2] = calloc(npairs, sizeof(*pb));
	assert_non_null(pa);
	assert_non_null(pb);
	struct rng r = { seed };
	size_t near = 0;
	for (size_t i = 0; i < npairs;) {
		struct deb a, b;
		bool mutated = below(&r, 2);
		gen(&r, &a);
		if (mutated) {
			b = a;
			mutate(&r, &b);
		} else {
			gen(&r, &b);
		}
		render(&a, pa[i], sizeof(pa[i]));
		render(&b, pb[i], sizeof(pb[i]));
		/* only versions dpkg accepts without a warning */
		if (!vg_version_valid(VG_VERSION_DPKG, pa[i]) || !vg_version_valid(VG_VERSION_DPKG, pb[i]))
			continue;
		near += mutated;
		i++;
	}

	char dir[] = "/tmp/vigil-dpkg-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[MAX_JOBS][256], out[MAX_JOBS][300];
	size_t from[MAX_JOBS + 1];
	for (unsigned j = 0; j <= jobs; j++)
		from[j] = npairs * j / jobs;
	for (unsigned j = 0; j < jobs; j++) {
		snprintf(path[j], sizeof(path[j]), "%s/pairs.%u", dir, j);
		snprintf(out[j], sizeof(out[j]), "%s.out", path[j]);
		FILE *f = fopen(path[j], "w");
		assert_non_null(f);
		for (size_t i = from[j]; i < from[j + 1]; i++)
			fprintf(f, "%s %s\n", pa[i], pb[i]);
		assert_int_equal(fclose(f), 0);
	}

	/* one shell, one background loop per file */
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "sh -c 'for f in \"%s\"/pairs.*[0-9]; do (while read -r a b; do "
		 "if dpkg --compare-versions \"$a\" lt \"$b\"; then echo \"<\"; "
		 "elif dpkg --compare-versions \"$a\" eq \"$b\"; then echo \"=\"; else echo \">\"; fi; "
		 "done < \"$f\" > \"$f.out\") & done; wait' 2>&1",
		 dir);
	double t0 = now();
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char junk[512];
	while (fgets(junk, sizeof(junk), p))
		print_message("dpkg: %s", junk);
	assert_int_equal(pclose(p), 0);
	double t_dpkg = now() - t0;

	/* ours, timed over the same pairs */
	int *mine = calloc(npairs, sizeof(*mine));
	assert_non_null(mine);
	t0 = now();
	for (size_t i = 0; i < npairs; i++)
		assert_int_equal(vg_version_compare(VG_VERSION_DPKG, pa[i], pb[i], &mine[i]), 0);
	double t_mine = now() - t0;

	size_t agree = 0, disagree = 0, lt = 0, eq = 0, gt = 0, i = 0;
	for (unsigned j = 0; j < jobs; j++) {
		FILE *f = fopen(out[j], "r");
		assert_non_null(f);
		char line[16];
		for (i = from[j]; i < from[j + 1] && fgets(line, sizeof(line), f); i++) {
			int want = line[0] == '<' ? -1 : (line[0] == '=' ? 0 : 1);
			lt += want < 0;
			eq += want == 0;
			gt += want > 0;
			if (mine[i] == want) {
				agree++;
			} else if (++disagree <= 20) {
				print_message("DISAGREE: '%s' vs '%s': dpkg %c, vigil %d\n", pa[i], pb[i], line[0], mine[i]);
			}
		}
		assert_int_equal(i, from[j + 1]); /* dpkg answered every pair */
		fclose(f);
		unlink(out[j]);
		unlink(path[j]);
	}
	rmdir(dir);

	print_message("dpkg random: seed %llu, %zu pairs (%zu near misses; dpkg says %zu <, %zu =, %zu >)\n",
		      (unsigned long long)seed, npairs, near, lt, eq, gt);
	print_message("dpkg random: %zu agree, %zu disagree (%.4f%% agreement)\n", agree, disagree,
		      100.0 * (double)agree / (double)npairs);
	print_message("dpkg random: dpkg --compare-versions %.2f s with %u parallel loops; vigil %.3f ms (%.0f ns/pair)\n",
		      t_dpkg, jobs, t_mine * 1e3, t_mine * 1e9 / (double)npairs);
	free(pa);
	free(pb);
	free(mine);
	assert_int_equal(disagree, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
