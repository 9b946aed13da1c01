/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_version.c - vigil/version.h against every vector file of ../shared/corpus/versions/
 * (dpkg and rpm oracle tables, apk-tools' version.data, osv-scalibr's fixtures), Maven's
 * ComparableVersionTest cases, Go pseudo-versions, PEP 440 normalisation, the ecosystem table,
 * validity, and hostile inputs (long digit runs, long strings).
 *
 * Every vector line must pass, except the few listed in known_divergences[] with the reason;
 * each of those must still be present in its file and still disagree, so the list cannot rot.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/version.h"
#include "vulndb/version_internal.h"

#define VDIR VG_SHARED_DIR "/corpus/versions/"

/*
 * osv-scalibr's alpine fixture mixes the answers of two apk generations for strings that
 * apk-tools 3 rejects as invalid (its own comments flag most of these: "on latest apk these
 * are '<' but on 3.x they're '>'"). vigil compares a pair of apk-3-valid versions with apk 3's
 * rules (all 785 lines of apk-tools' version.data pass) and a pair involving an invalid one
 * with apk-tools 2.x's rules, which every released Alpine branch uses and which keeps real
 * versions such as "6.0.2p1-r0" < "6.0.2p1-r1" ordered (apk 3 finds them equal; all 13,979
 * lines of the generated fixture pass). The lines below are the fixture recording apk 3's
 * answer for an invalid string, where apk 2 answers otherwise. The list is checked to be exact
 * (see record() and finish()).
 */
#define APK2_R "apk 2: \"-r-N\" is an invalid token after the revision and sorts above the end, so >"
#define APK2_UPPER "apk 2: an upper-case letter is an invalid token, sorting above the letter 'd', so >"
#define APK2_DOTR "apk 2: \".r\" reads as an empty 0 component, which beats a letter, so >"
static const struct {
	const char *file;
	const char *line;
	const char *why;
} known_divergences[] = {
	{ "osv-scalibr/alpine-versions.txt", "1-r-0 < 1-r0", APK2_R },
	{ "osv-scalibr/alpine-versions.txt", "1-r-1 < 1-r0", APK2_R },
	{ "osv-scalibr/alpine-versions.txt", "1.2.0A < 1.2.0d", APK2_UPPER },
	{ "osv-scalibr/alpine-versions.txt", "1.2.0D < 1.2.0d", APK2_UPPER },
	{ "osv-scalibr/alpine-versions.txt", "0.r1 < 0r2", APK2_DOTR },
	{ "osv-scalibr/alpine-versions.txt", "0.8.21.r2 < 0.8.21r2", APK2_DOTR },
	{ "osv-scalibr/alpine-versions.txt", "1 > 1-ruff",
	  "apk 2: \"-r\" starts a revision (of no digits, then invalid) and the revision wins, so <" },
	{ "osv-scalibr/alpine-versions.txt", "1-ruff2 = 1--ruff1",
	  "apk 2: the revision token of the first beats the invalid \"--\" of the second, so <" },
};
#define NKNOWN (sizeof(known_divergences) / sizeof(known_divergences[0]))

struct tally {
	const char *file;
	unsigned lines, passed, known, failed;
	bool known_seen[NKNOWN];
};

static int known_index(const char *file, const char *line)
{
	for (size_t i = 0; i < NKNOWN; i++)
		if (strcmp(known_divergences[i].file, file) == 0 && strcmp(known_divergences[i].line, line) == 0)
			return (int)i;
	return -1;
}

static int op_value(const char *op)
{
	if (strcmp(op, "<") == 0)
		return -1;
	if (strcmp(op, "=") == 0)
		return 0;
	if (strcmp(op, ">") == 0)
		return 1;
	fail_msg("unknown operator '%s'", op);
	return 2;
}

static int cmp(enum vg_version_scheme s, const char *a, const char *b)
{
	int c = 99;
	int r = vg_version_compare(s, a, b, &c);
	if (r < 0)
		fail_msg("%s: compare '%s' '%s' failed: %d", vg_version_scheme_name(s), a, b, r);
	return c;
}

/* Record one vector line's outcome. */
static void record(struct tally *t, const char *line, bool ok)
{
	int k = known_index(t->file, line);
	t->lines++;
	if (k >= 0) {
		t->known_seen[k] = true;
		if (ok)
			print_message("%s: listed divergence now passes, drop it: '%s'\n", t->file, line);
		else
			t->known++;
		t->failed += ok; /* a stale entry fails the test */
		return;
	}
	if (ok) {
		t->passed++;
	} else {
		t->failed++;
		print_message("%s: FAIL '%s'\n", t->file, line);
	}
}

/* Print the file's counts; returns its failures (asserted by the caller after all files). */
static unsigned finish(struct tally *t)
{
	for (size_t i = 0; i < NKNOWN; i++)
		if (strcmp(known_divergences[i].file, t->file) == 0 && !t->known_seen[i]) {
			print_message("%s: listed divergence not found: '%s'\n", t->file, known_divergences[i].line);
			t->failed++;
		}
	print_message("%-40s %5u lines: %5u pass, %u known divergence(s), %u fail\n", t->file, t->lines,
		      t->passed, t->known, t->failed);
	for (size_t i = 0; i < NKNOWN; i++)
		if (t->known_seen[i])
			print_message("    known: '%s' - %s\n", known_divergences[i].line, known_divergences[i].why);
	assert_true(t->lines > 0);
	return t->failed;
}

static FILE *open_vectors(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s%s", VDIR, rel);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open '%s'", path);
	return f;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* osv-scalibr fixtures: "A OP B" separated by single spaces; blank, "# " and "// " lines are
 * skipped (its compare_test.go); both directions are checked, as osv-scalibr does. */
static unsigned run_scalibr(const char *rel, enum vg_version_scheme scheme)
{
	struct tally t = { .file = rel };
	FILE *f = open_vectors(rel);
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, f) >= 0) {
		chomp(line);
		if (!line[0] || strncmp(line, "# ", 2) == 0 || strncmp(line, "// ", 3) == 0)
			continue;
		char a[512], op[8], b[512];
		char *s1 = strchr(line, ' '), *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
		assert_non_null(s2);
		assert_null(strchr(s2 + 1, ' '));
		snprintf(a, sizeof(a), "%.*s", (int)(s1 - line), line);
		snprintf(op, sizeof(op), "%.*s", (int)(s2 - s1 - 1), s1 + 1);
		snprintf(b, sizeof(b), "%s", s2 + 1);
		int want = op_value(op);
		record(&t, line, cmp(scheme, a, b) == want && cmp(scheme, b, a) == -want);
	}
	free(line);
	fclose(f);
	return finish(&t);
}

/* The oracle tables: "a<TAB>op<TAB>b", '#' comment lines. */
static unsigned run_tsv(const char *rel, enum vg_version_scheme scheme)
{
	struct tally t = { .file = rel };
	FILE *f = open_vectors(rel);
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, f) >= 0) {
		chomp(line);
		if (!line[0] || line[0] == '#')
			continue;
		char a[256], op[8], b[256];
		assert_int_equal(sscanf(line, "%255[^\t]\t%7[^\t]\t%255[^\t]", a, op, b), 3);
		int want = op_value(op);
		record(&t, line, cmp(scheme, a, b) == want && cmp(scheme, b, a) == -want);
	}
	free(line);
	fclose(f);
	return finish(&t);
}

static void test_dpkg_oracle(void **state)
{
	(void)state;
	assert_int_equal(run_tsv("dpkg-oracle-table.tsv", VG_VERSION_DPKG), 0);
}

static void test_rpm_oracle(void **state)
{
	(void)state;
	assert_int_equal(run_tsv("rpm-oracle-table.tsv", VG_VERSION_RPM), 0);
}

/*
 * apk-tools test/unit/version.data, read as its driver reads it: '#' starts a comment,
 * "ver" must be valid, "!ver" invalid, "a OP b" must match and "a !OP b" must not, OP made of
 * '<' '>' '=' and '~' (fuzzy: also equal when b is a prefix of a).
 */
#define APK_EQUAL 1
#define APK_LESS 2
#define APK_GREATER 4
#define APK_FUZZY 8

static bool apk_match(const char *a, const char *op, const char *b)
{
	bool invert = false;
	int mask = 0;

	if (*op == '!') {
		invert = true;
		op++;
	}
	for (; *op; op++)
		switch (*op) {
		case '<': mask |= APK_LESS; break;
		case '>': mask |= APK_GREATER; break;
		case '=': mask |= APK_EQUAL; break;
		case '~': mask |= APK_FUZZY | APK_EQUAL; break;
		default: fail_msg("bad apk operator '%s'", op);
		}
	int r = vg_ver_apk_cmp_fuzzy(a, b, (mask & APK_FUZZY) != 0);
	int res = r < 0 ? APK_LESS : (r > 0 ? APK_GREATER : APK_EQUAL);
	bool ok = (res & mask) != 0;
	return invert ? !ok : ok;
}

static void test_apk_tools_data(void **state)
{
	(void)state;
	struct tally t = { .file = "apk-tools/version.data" };
	FILE *f = open_vectors(t.file);
	char *line = NULL;
	size_t cap = 0;
	unsigned validity = 0, fuzzy = 0;

	while (getline(&line, &cap, f) >= 0) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = line, *e = line + strlen(line);
		while (*s == ' ' || *s == '\t')
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
			*--e = '\0';
		if (!*s)
			continue;
		char *sp1 = strchr(s, ' ');
		if (!sp1) {
			bool want_valid = *s != '!';
			const char *v = want_valid ? s : s + 1;
			validity++;
			record(&t, s, vg_ver_apk_valid(v) == want_valid &&
					     vg_version_valid(VG_VERSION_APK, v) == want_valid);
			continue;
		}
		char *sp2 = strchr(sp1 + 1, ' ');
		assert_non_null(sp2);
		char a[256], op[8], b[256];
		snprintf(a, sizeof(a), "%.*s", (int)(sp1 - s), s);
		snprintf(op, sizeof(op), "%.*s", (int)(sp2 - sp1 - 1), sp1 + 1);
		snprintf(b, sizeof(b), "%s", sp2 + 1);
		fuzzy += strchr(op, '~') != NULL;
		bool ok = apk_match(a, op, b);
		/* the plain operators also hold through the public API, in both directions */
		if (ok && !strchr(op, '~') && op[0] != '!') {
			int want = op_value(op);
			ok = cmp(VG_VERSION_APK, a, b) == want && cmp(VG_VERSION_APK, b, a) == -want;
		}
		record(&t, s, ok);
	}
	free(line);
	fclose(f);
	print_message("apk-tools/version.data: %u validity lines, %u fuzzy-operator lines\n", validity, fuzzy);
	assert_int_equal(finish(&t), 0);
}

static void test_scalibr_alpine(void **state)
{
	(void)state;
	unsigned f = run_scalibr("osv-scalibr/alpine-versions.txt", VG_VERSION_APK);
	f += run_scalibr("osv-scalibr/alpine-versions-generated.txt", VG_VERSION_APK);
	assert_int_equal(f, 0);
}

static void test_scalibr_debian(void **state)
{
	(void)state;
	unsigned f = run_scalibr("osv-scalibr/debian-versions.txt", VG_VERSION_DPKG);
	f += run_scalibr("osv-scalibr/debian-versions-generated.txt", VG_VERSION_DPKG);
	assert_int_equal(f, 0);
}

static void test_scalibr_pypi(void **state)
{
	(void)state;
	unsigned f = run_scalibr("osv-scalibr/pypi-versions.txt", VG_VERSION_PEP440);
	f += run_scalibr("osv-scalibr/pypi-versions-generated.txt", VG_VERSION_PEP440);
	assert_int_equal(f, 0);
}

static void test_scalibr_redhat(void **state)
{
	(void)state;
	assert_int_equal(run_scalibr("osv-scalibr/redhat-versions.txt", VG_VERSION_RPM), 0);
}

static void test_scalibr_semver(void **state)
{
	(void)state;
	assert_int_equal(run_scalibr("osv-scalibr/semver-versions.txt", VG_VERSION_SEMVER), 0);
}

/* ---- tables ------------------------------------------------------------------------------ */

struct vcase {
	const char *a;
	int want; /* -1, 0, 1 */
	const char *b;
};

static void check_cases(enum vg_version_scheme s, const struct vcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ab = cmp(s, c[i].a, c[i].b), ba = cmp(s, c[i].b, c[i].a);
		if (ab != c[i].want || ba != -c[i].want)
			fail_msg("%s: '%s' vs '%s': want %d, got %d / %d", vg_version_scheme_name(s), c[i].a,
				 c[i].b, c[i].want, ab, ba);
		assert_int_equal(cmp(s, c[i].a, c[i].a), 0);
	}
}

/* every earlier entry strictly below every later one */
static void check_order(enum vg_version_scheme s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			struct vcase c = { v[i], -1, v[j] };
			check_cases(s, &c, 1);
		}
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Maven's ComparableVersionTest (maven-artifact), as tables. */
static void test_maven(void **state)
{
	(void)state;
	static const char *const qualifier_order[] = {
		"1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2",
		"1-m11", "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123",
		"1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123",
	};
	static const char *const number_order[] = {
		"2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
		"2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11",
		"11", "11.a", "11b", "11c", "11m",
	};
	/* the documented qualifier order, plus the aliases */
	static const char *const qualifiers[] = {
		"1-alpha", "1-beta", "1-milestone", "1-rc", "1-snapshot", "1", "1-sp", "1-aaa", "1-zzz",
	};
	static const char *const leading_ones[] = {
		"0000000000000000001", "000000000000000001", "00000000000000001", "0000000000000001",
		"000000000000001", "00000000000001", "0000000000001", "000000000001", "00000000001",
		"0000000001", "000000001", "00000001", "0000001", "000001", "00001", "0001", "001", "01",
		"1",
	};
	static const char *const leading_zeros[] = {
		"0000000000000000000", "000000000000000000", "00000000000000000", "0000000000000000",
		"000000000000000", "00000000000000", "0000000000000", "000000000000", "00000000000",
		"0000000000", "000000000", "00000000", "0000000", "000000", "00000", "0000", "000", "00",
		"0",
	};
	static const struct vcase cases[] = {
		/* testVersionsEqual */
		{ "1", 0, "1" }, { "1", 0, "1.0" }, { "1", 0, "1.0.0" }, { "1.0", 0, "1.0.0" },
		{ "1", 0, "1-0" }, { "1", 0, "1.0-0" }, { "1.0", 0, "1.0-0" },
		{ "1a", 0, "1-a" }, { "1a", 0, "1.0-a" }, { "1a", 0, "1.0.0-a" }, { "1.0a", 0, "1-a" },
		{ "1.0.0a", 0, "1-a" }, { "1x", 0, "1-x" }, { "1x", 0, "1.0-x" }, { "1x", 0, "1.0.0-x" },
		{ "1.0x", 0, "1-x" }, { "1.0.0x", 0, "1-x" }, { "1cr", 0, "1rc" },
		{ "1a1", 0, "1-alpha-1" }, { "1b2", 0, "1-beta-2" }, { "1m3", 0, "1-milestone-3" },
		{ "1X", 0, "1x" }, { "1A", 0, "1a" }, { "1B", 0, "1b" }, { "1M", 0, "1m" },
		{ "1Cr", 0, "1Rc" }, { "1cR", 0, "1rC" }, { "1m3", 0, "1Milestone3" },
		{ "1m3", 0, "1MileStone3" }, { "1m3", 0, "1MILESTONE3" },
		/* testVersionsHaveSameOrderButAreNotEqual */
		{ "1ga", 0, "1" }, { "1release", 0, "1" }, { "1final", 0, "1" }, { "1Ga", 0, "1" },
		{ "1GA", 0, "1" }, { "1RELEASE", 0, "1" }, { "1RELeaSE", 0, "1" }, { "1Final", 0, "1" },
		{ "1FinaL", 0, "1" }, { "1FINAL", 0, "1" },
		/* testVersionComparing */
		{ "1", -1, "2" }, { "1.5", -1, "2" }, { "1", -1, "2.5" }, { "1.0", -1, "1.1" },
		{ "1.1", -1, "1.2" }, { "1.0.0", -1, "1.1" }, { "1.0.1", -1, "1.1" }, { "1.1", -1, "1.2.0" },
		{ "1.0-alpha-1", -1, "1.0" }, { "1.0-alpha-1", -1, "1.0-alpha-2" },
		{ "1.0-alpha-1", -1, "1.0-beta-1" }, { "1.0-beta-1", -1, "1.0-SNAPSHOT" },
		{ "1.0-SNAPSHOT", -1, "1.0" }, { "1.0-alpha-1-SNAPSHOT", -1, "1.0-alpha-1" },
		{ "1.0", -1, "1.0-1" }, { "1.0-1", -1, "1.0-2" }, { "1.0.0", -1, "1.0-1" },
		{ "2.0-1", -1, "2.0.1" }, { "2.0.1-klm", -1, "2.0.1-lmn" }, { "2.0.1", -1, "2.0.1-xyz" },
		{ "2.0.1", -1, "2.0.1-123" }, { "2.0.1-xyz", -1, "2.0.1-123" },
		/* testLeadingZeroes, testCompareDigitToLetter, testLexicographicOrder */
		{ "0.7", -1, "2" }, { "0.2", -1, "1.0.7" }, { "7", 1, "J" }, { "7", 1, "c" },
		{ "aardvark", -1, "zebra" }, { "zebra", -1, "\xce\xb6\xce\xad\xce\xb2\xcf\x81\xce\xb1" },
		/* MNG-5568, MNG-6572, MNG-6964 */
		{ "6.1.0rc3", -1, "6.1.0" }, { "6.1.0rc3", -1, "6.1H.5-beta" }, { "6.1.0", -1, "6.1H.5-beta" },
		{ "20190126.230843", -1, "1234567890.12345" },
		{ "1234567890.12345", -1, "123456789012345.1H.5-beta" },
		{ "20190126.230843", -1, "123456789012345.1H.5-beta" },
		{ "123456789012345.1H.5-beta", -1, "12345678901234567890.1H.5-beta" },
		{ "1234567890.12345", -1, "12345678901234567890.1H.5-beta" },
		{ "20190126.230843", -1, "12345678901234567890.1H.5-beta" },
		{ "1-0.alpha", -1, "1" }, { "1-0.beta", -1, "1" }, { "1-0.alpha", -1, "1-0.beta" },
		/* MNG-7714 */
		{ "1.0.final-redhat", -1, "1.0-sp1-redhat" }, { "1.0.final-redhat", -1, "1.0-sp-1-redhat" },
		{ "1.0.final-redhat", -1, "1.0-sp.1-redhat" },
		/* testLocaleIndependent */
		{ "1-abcdefghijklmnopqrstuvwxyz", 0, "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
		/* the documented qualifier aliases */
		{ "1-cr", 0, "1-rc" }, { "1-ga", 0, "1" }, { "1-final", 0, "1-release" },
		{ "1-alpha", -1, "1-beta" }, { "1-m1", 0, "1-milestone-1" },
		/* a few of everyday shapes */
		{ "2.17.1", 1, "2.17.0" }, { "2.17.1", -1, "2.17.10" }, { "5.3.18", 1, "5.3.18-RC1" },
		{ "1.2.3.Final", 0, "1.2.3" }, { "1.2.3.RELEASE", -1, "1.2.3.SP1" },
		{ "2.13.4.2", 1, "2.13.4" }, { "9.4.51.v20230217", 1, "9.4.51" },
	};
	static const char *const mng7644[] = { "abc", "alpha", "a", "beta", "b", "def", "milestone", "m", "RC" };

	check_order(VG_VERSION_MAVEN, qualifier_order, NELEM(qualifier_order));
	check_order(VG_VERSION_MAVEN, number_order, NELEM(number_order));
	check_order(VG_VERSION_MAVEN, qualifiers, NELEM(qualifiers));
	check_cases(VG_VERSION_MAVEN, cases, NELEM(cases));
	for (size_t i = 0; i < NELEM(leading_ones); i++)
		for (size_t j = 0; j < NELEM(leading_ones); j++) {
			struct vcase c1 = { leading_ones[i], 0, leading_ones[j] };
			struct vcase c0 = { leading_zeros[i], 0, leading_zeros[j] };
			check_cases(VG_VERSION_MAVEN, &c1, 1);
			check_cases(VG_VERSION_MAVEN, &c0, 1);
		}
	for (size_t i = 0; i < NELEM(mng7644); i++) {
		char a[64], b[64], c[64], d[64], e[64];
		snprintf(a, sizeof(a), "1.0.0.%s1", mng7644[i]);
		snprintf(b, sizeof(b), "1.0.0-%s2", mng7644[i]);
		snprintf(c, sizeof(c), "2-%s", mng7644[i]);
		snprintf(d, sizeof(d), "2.0.%s", mng7644[i]);
		snprintf(e, sizeof(e), "2.0.0.%s", mng7644[i]);
		struct vcase cs[] = { { a, -1, b }, { c, 0, d }, { c, 0, e }, { d, 0, e } };
		check_cases(VG_VERSION_MAVEN, cs, NELEM(cs));
	}
	print_message("maven: %zu ordered lists, %zu pairs, 19x19x2 leading-zero pairs, %zu MNG-7644 rounds\n",
		      (size_t)3, NELEM(cases), NELEM(mng7644));
}

static void test_semver_go(void **state)
{
	(void)state;
	static const struct vcase cases[] = {
		/* Go pseudo-versions: base versions, commit times, and the release they precede */
		{ "v0.0.0-20191109021931-daa7c04131f5", -1, "v0.0.0-20200101000000-0123456789ab" },
		{ "v0.0.0-20191109021931-daa7c04131f5", -1, "v0.0.1" },
		{ "v0.0.0-20191109021931-daa7c04131f5", -1, "v0.0.0" },
		{ "v1.2.4-0.20191109021931-daa7c04131f5", 1, "v1.2.3" },
		{ "v1.2.4-0.20191109021931-daa7c04131f5", -1, "v1.2.4" },
		{ "v1.2.4-0.20191109021931-daa7c04131f5", -1, "v1.2.4-0.20191110000000-aaaaaaaaaaaa" },
		{ "v1.2.3-pre.0.20191109021931-daa7c04131f5", 1, "v1.2.3-pre" },
		{ "v1.2.3-pre.0.20191109021931-daa7c04131f5", -1, "v1.2.3-pre.1" },
		{ "v1.2.3-pre.0.20191109021931-daa7c04131f5", -1, "v1.2.3" },
		{ "v2.0.0+incompatible", 0, "v2.0.0" },
		{ "v2.0.1+incompatible", 1, "v2.0.0+incompatible" },
		/* semver.org precedence example */
		{ "1.0.0-alpha", -1, "1.0.0-alpha.1" }, { "1.0.0-alpha.1", -1, "1.0.0-alpha.beta" },
		{ "1.0.0-beta", -1, "1.0.0-beta.2" }, { "1.0.0-beta.2", -1, "1.0.0-beta.11" },
		{ "1.0.0-beta.11", -1, "1.0.0-rc.1" }, { "1.0.0-rc.1", -1, "1.0.0" },
		/* leniencies */
		{ "1", 0, "1.0.0" }, { "1.2", 0, "v1.2.0" }, { "01.2.3", 0, "1.2.3" },
		{ "1.2.3.4", 1, "1.2.3" }, { "1.2.3-01", 0, "1.2.3-1" },
		/* numbers of any length */
		{ "1.0.99999999999999999999999999999999999999", -1, "1.0.100000000000000000000000000000000000000" },
	};
	static const char *const invalid[] = {
		"", "v", "vv1.0.0", "1.", "1..2", ".1", "1.0.0-", "1.0.0+", "1.0.0-a..b", "1.0.0+a..b",
		"1.0.0-a_b", "1.0.0 ", " 1.0.0", "x1.0.0", "1.0.0-\xc3\xa9", "V1.0.0", "1.0.0+a+b",
	};
	int c = 42;

	check_cases(VG_VERSION_SEMVER, cases, NELEM(cases));
	for (size_t i = 0; i < NELEM(invalid); i++) {
		assert_false(vg_version_valid(VG_VERSION_SEMVER, invalid[i]));
		assert_int_equal(vg_version_compare(VG_VERSION_SEMVER, invalid[i], "1.0.0", &c), -EINVAL);
		assert_int_equal(vg_version_compare(VG_VERSION_SEMVER, "1.0.0", invalid[i], &c), -EINVAL);
		assert_int_equal(c, 42); /* untouched on failure */
	}
	assert_true(vg_version_valid(VG_VERSION_SEMVER, "v0.0.0-20191109021931-daa7c04131f5"));
	assert_true(vg_version_valid(VG_VERSION_SEMVER, "1.2.3-rc.1+build.5"));
}

static void test_pep440(void **state)
{
	(void)state;
	static const struct vcase cases[] = {
		/* normalisation */
		{ "1.0", 0, "1.0.0" }, { "1.0", 0, "v1.0" }, { "1.0", 0, " 1.0\n" }, { "1.0a", 0, "1.0alpha0" },
		{ "1.0A1", 0, "1.0a1" }, { "1.0-a.1", 0, "1.0a1" }, { "1.0b2", 0, "1.0-beta_2" },
		{ "1.0c1", 0, "1.0rc1" }, { "1.0pre1", 0, "1.0rc1" }, { "1.0preview1", 0, "1.0rc1" },
		{ "1.0-1", 0, "1.0.post1" }, { "1.0r1", 0, "1.0.post1" }, { "1.0rev1", 0, "1.0post1" },
		{ "1.0.post", 0, "1.0.post0" }, { "1.0.dev", 0, "1.0.dev0" }, { "1.0-dev-1", 0, "1.0.dev1" },
		{ "0!1.0", 0, "1.0" }, { "1.0+ABC", 0, "1.0+abc" }, { "1.0+a-b_c", 0, "1.0+a.b.c" },
		{ "1.0a.", 0, "1.0a0" },
		/* PEP 440's ordering example */
		{ "1.0.dev456", -1, "1.0a1" }, { "1.0a1", -1, "1.0a2.dev456" }, { "1.0a2.dev456", -1, "1.0a12.dev456" },
		{ "1.0a12.dev456", -1, "1.0a12" }, { "1.0a12", -1, "1.0b1.dev456" }, { "1.0b1.dev456", -1, "1.0b2" },
		{ "1.0b2", -1, "1.0b2.post345.dev456" }, { "1.0b2.post345.dev456", -1, "1.0b2.post345" },
		{ "1.0b2.post345", -1, "1.0rc1.dev456" }, { "1.0rc1.dev456", -1, "1.0rc1" },
		{ "1.0rc1", -1, "1.0" }, { "1.0", -1, "1.0+abc.5" }, { "1.0+abc.5", -1, "1.0+abc.7" },
		{ "1.0+abc.7", -1, "1.0+5" }, { "1.0+5", -1, "1.0.post456.dev34" },
		{ "1.0.post456.dev34", -1, "1.0.post456" }, { "1.0.post456", -1, "1.1.dev1" },
		/* epochs, long numbers, legacy versions below everything */
		{ "1!0.1", 1, "2.0" }, { "1.0.99999999999999999999999", -1, "1.0.100000000000000000000000" },
		{ "1.0-foo", -1, "0.0.1" }, { "1.0-foo", -1, "1.0-goo" }, { "1.0 alpha", -1, "0" },
		{ "0.9-eevee", -1, "0.9-fearow" }, { "2.0-x", 1, "2.0-final-y" }, { "2.0-x", -1, "2.0.x" },
		{ "1.0.dev-x", -1, "1.0-x" }, { "1.0-0-x", -1, "1.0-x" }, { "x0-0-1", 1, "x0-0-" },
	};
	check_cases(VG_VERSION_PEP440, cases, NELEM(cases));
	assert_true(vg_version_valid(VG_VERSION_PEP440, "1!2.0.post1.dev2+local.7"));
	assert_false(vg_version_valid(VG_VERSION_PEP440, "1.0-foo"));
	assert_false(vg_version_valid(VG_VERSION_PEP440, "1.0+"));
	assert_false(vg_version_valid(VG_VERSION_PEP440, ""));
}

static void test_dpkg_rpm_extra(void **state)
{
	(void)state;
	static const struct vcase deb[] = {
		{ "1.0", 0, " 1.0 " }, { "1.0~~a", 1, "1.0~~" }, { "1.0~~", -1, "1.0~" }, { "1:1.0", 1, "99.0" },
		{ "2:1.0", 0, "02:1.0" }, { "1.0-1", 0, "1.0-01" }, { "1.0-1.2-3", 1, "1.0-1.2-2" },
		{ "1.0~rc1-1", -1, "1.0-1" }, { "1.0a", 1, "1.0" }, { "1.0+", 1, "1.0a" },
		{ "1.0.999999999999999999999999999", -1, "1.0.1000000000000000000000000000" },
	};
	static const struct vcase rpm[] = {
		{ "1:1.0-1", 1, "2.0-1" }, { "1.0-1", 0, "0:1.0-1" }, { ":1.0", 0, "1.0" },
		{ "1.0-1.el9", -1, "1.0-1.el9_2" }, { "1.0~rc1-1", -1, "1.0-1" }, { "1.0", -1, "1.0-0" },
		{ "1.0.999999999999999999999999999", -1, "1.0.1000000000000000000000000000" },
	};
	check_cases(VG_VERSION_DPKG, deb, NELEM(deb));
	check_cases(VG_VERSION_RPM, rpm, NELEM(rpm));
	assert_true(vg_version_valid(VG_VERSION_DPKG, "1:2.36-9+deb12u4"));
	assert_true(vg_version_valid(VG_VERSION_DPKG, "1.0~rc1"));
	assert_false(vg_version_valid(VG_VERSION_DPKG, ""));
	assert_false(vg_version_valid(VG_VERSION_DPKG, "a1.0"));
	assert_false(vg_version_valid(VG_VERSION_DPKG, "1.0-"));
	assert_false(vg_version_valid(VG_VERSION_DPKG, "x:1.0"));
	assert_false(vg_version_valid(VG_VERSION_DPKG, "1:"));
	assert_false(vg_version_valid(VG_VERSION_DPKG, "1.0 1"));
	assert_false(vg_version_valid(VG_VERSION_DPKG, "99999999999:1.0"));
	assert_true(vg_version_valid(VG_VERSION_RPM, "2:1.2.3-4.el9_2"));
	assert_false(vg_version_valid(VG_VERSION_RPM, "1.0-"));
	assert_false(vg_version_valid(VG_VERSION_RPM, ""));
	assert_true(vg_version_valid(VG_VERSION_APK, "1.2.3_rc1-r0"));
	assert_false(vg_version_valid(VG_VERSION_APK, "1.2.3-1"));
}

static void test_scheme_for(void **state)
{
	(void)state;
	static const struct {
		const char *eco;
		enum vg_version_scheme s;
	} t[] = {
		{ "Debian", VG_VERSION_DPKG }, { "Debian:12", VG_VERSION_DPKG },
		{ "Ubuntu:22.04:LTS", VG_VERSION_DPKG }, { "Ubuntu:Pro:18.04:LTS", VG_VERSION_DPKG },
		{ "Alpine:v3.18", VG_VERSION_APK }, { "Wolfi", VG_VERSION_APK }, { "Chainguard", VG_VERSION_APK },
		{ "MinimOS", VG_VERSION_APK }, { "Red Hat:enterprise_linux:9::appstream", VG_VERSION_RPM },
		{ "Rocky Linux:9", VG_VERSION_RPM }, { "AlmaLinux:9", VG_VERSION_RPM },
		{ "openSUSE:Tumbleweed", VG_VERSION_RPM }, { "SUSE:Linux Enterprise Server 15 SP5", VG_VERSION_RPM },
		{ "Mageia:9", VG_VERSION_RPM }, { "Photon OS:5.0", VG_VERSION_RPM }, { "Azure Linux:3", VG_VERSION_RPM },
		{ "openEuler:22.03-LTS", VG_VERSION_RPM },
		{ "Go", VG_VERSION_SEMVER }, { "npm", VG_VERSION_SEMVER }, { "crates.io", VG_VERSION_SEMVER },
		{ "Hex", VG_VERSION_SEMVER }, { "SwiftURL", VG_VERSION_SEMVER },
		{ "PyPI", VG_VERSION_PEP440 }, { "pypi", VG_VERSION_PEP440 },
		{ "Maven", VG_VERSION_MAVEN }, { "Maven:https://repo.maven.apache.org/maven2/", VG_VERSION_MAVEN },
		{ "Packagist", VG_VERSION_UNKNOWN }, { "NuGet", VG_VERSION_UNKNOWN }, { "RubyGems", VG_VERSION_UNKNOWN },
		{ "Pub", VG_VERSION_UNKNOWN }, { "GIT", VG_VERSION_UNKNOWN }, { "", VG_VERSION_UNKNOWN },
		{ "Debianx", VG_VERSION_UNKNOWN }, { "Deb", VG_VERSION_UNKNOWN }, { NULL, VG_VERSION_UNKNOWN },
	};
	for (size_t i = 0; i < NELEM(t); i++)
		if (vg_version_scheme_for(t[i].eco) != t[i].s)
			fail_msg("'%s' -> %s, want %s", t[i].eco ? t[i].eco : "(null)",
				 vg_version_scheme_name(vg_version_scheme_for(t[i].eco)), vg_version_scheme_name(t[i].s));
	assert_string_equal(vg_version_scheme_name(VG_VERSION_PEP440), "pep440");
	assert_string_equal(vg_version_scheme_name((enum vg_version_scheme)77), "unknown");
}

static void test_api_edges(void **state)
{
	(void)state;
	int c = 7;
	assert_int_equal(vg_version_compare(VG_VERSION_DPKG, NULL, "1", &c), -EINVAL);
	assert_int_equal(vg_version_compare(VG_VERSION_DPKG, "1", NULL, &c), -EINVAL);
	assert_int_equal(vg_version_compare(VG_VERSION_DPKG, "1", "1", NULL), -EINVAL);
	assert_int_equal(vg_version_compare((enum vg_version_scheme)77, "1", "1", &c), -EINVAL);
	assert_int_equal(vg_version_compare(VG_VERSION_UNKNOWN, "", "1", &c), -EINVAL);
	assert_int_equal(c, 7);
	assert_int_equal(vg_version_compare(VG_VERSION_UNKNOWN, "abc", "abc", &c), 0);
	assert_int_equal(c, 0);
	assert_int_equal(vg_version_compare(VG_VERSION_UNKNOWN, "abc", "abd", &c), 0);
	assert_int_not_equal(c, 0);
	assert_true(vg_version_valid(VG_VERSION_UNKNOWN, "x"));
	assert_false(vg_version_valid(VG_VERSION_UNKNOWN, ""));
	assert_false(vg_version_valid(VG_VERSION_DPKG, NULL));
	/* schemes that order every string accept the empty one */
	static const enum vg_version_scheme total[] = { VG_VERSION_DPKG, VG_VERSION_APK, VG_VERSION_RPM,
							 VG_VERSION_PEP440, VG_VERSION_MAVEN };
	for (size_t i = 0; i < NELEM(total); i++) {
		assert_int_equal(vg_version_compare(total[i], "", "", &c), 0);
		assert_int_equal(c, 0);
		assert_int_equal(vg_version_compare(total[i], "", "1", &c), 0);
		assert_true(c < 0 || total[i] == VG_VERSION_APK); /* apk: both invalid, equal */
	}
}

/* Hostile inputs: huge digit runs, very long strings, many components (Maven's heap path). */
static const enum vg_version_scheme all_schemes[] = { VG_VERSION_DPKG, VG_VERSION_APK, VG_VERSION_RPM,
						      VG_VERSION_SEMVER, VG_VERSION_PEP440, VG_VERSION_MAVEN };

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
	char *s = malloc(h + u * times + t + 1);
	assert_non_null(s);
	memcpy(s, head, h);
	for (size_t i = 0; i < times; i++)
		memcpy(s + h + i * u, unit, u);
	memcpy(s + h + u * times, tail, t + 1);
	return s;
}

static void check_less(const enum vg_version_scheme *s, size_t ns, const char *lo, const char *hi)
{
	for (size_t i = 0; i < ns; i++) {
		if (cmp(s[i], lo, hi) != -1 || cmp(s[i], hi, lo) != 1 || cmp(s[i], lo, lo) != 0)
			fail_msg("%s: long inputs misordered", vg_version_scheme_name(s[i]));
	}
}

static void test_hostile(void **state)
{
	(void)state;
	const size_t n = 200000;

	/* 1.999...9 (200000 nines) < 1.1000...0 (one digit longer): no overflow anywhere */
	char *nines = repeat("1.", "9", n, ""), *longer = repeat("1.1", "0", n, "");
	check_less(all_schemes, NELEM(all_schemes), nines, longer);
	/* leading zeros do not make a number longer */
	char *zeros = repeat("1.", "0", n, "8");
	check_less((const enum vg_version_scheme[]){ VG_VERSION_DPKG, VG_VERSION_RPM, VG_VERSION_SEMVER,
						     VG_VERSION_PEP440, VG_VERSION_MAVEN },
		   5, zeros, "1.9");
	/* 100000 components, then one more */
	char *many = repeat("1", ".1", n / 2, ""), *more = repeat("1", ".1", n / 2, ".2");
	check_less(all_schemes, NELEM(all_schemes), many, more);
	/* Maven: one sub-list level per "-a-1" (the heap path) */
	char *deep = repeat("1", "-a-1", n / 4, ""), *deeper = repeat("1", "-a-1", n / 4, "-1");
	check_less((const enum vg_version_scheme[]){ VG_VERSION_MAVEN }, 1, deep, deeper);
	/* PEP 440 legacy keys with long runs of "-" and zeros */
	char *legacy = repeat("x", "0-", n / 2, ""), *legacy2 = repeat("x", "0-", n / 2, "1");
	check_less((const enum vg_version_scheme[]){ VG_VERSION_PEP440 }, 1, legacy, legacy2);
	check_less((const enum vg_version_scheme[]){ VG_VERSION_PEP440 }, 1, legacy, "0");
	free(nines);
	free(longer);
	free(zeros);
	free(many);
	free(more);
	free(deep);
	free(deeper);
	free(legacy);
	free(legacy2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_oracle),
		cmocka_unit_test(test_rpm_oracle),
		cmocka_unit_test(test_apk_tools_data),
		cmocka_unit_test(test_scalibr_alpine),
		cmocka_unit_test(test_scalibr_debian),
		cmocka_unit_test(test_scalibr_pypi),
		cmocka_unit_test(test_scalibr_redhat),
		cmocka_unit_test(test_scalibr_semver),
		cmocka_unit_test(test_maven),
		cmocka_unit_test(test_semver_go),
		cmocka_unit_test(test_pep440),
		cmocka_unit_test(test_dpkg_rpm_extra),
		cmocka_unit_test(test_scheme_for),
		cmocka_unit_test(test_api_edges),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
