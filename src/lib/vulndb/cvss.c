/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cvss.c - CVSS base scores from vector strings: v2.0, v3.0, v3.1 (the specification's
 * formulas; Roundup as defined by each version) and v4.0 (FIRST's reference calculator: the
 * MacroVector lookup table, the highest-severity vectors of each MacroVector and the
 * interpolation between a MacroVector and the next lower ones, kept here as data).
 *
 * Vectors are validated strictly: the prefix, every mandatory metric, each metric at most
 * once, only defined metrics and values. v4.0 additionally requires the specification's metric
 * order (as the reference calculator does); v2 and v3.x accept any order.
 *
 * v4.0 note: the score is computed over every metric present, exactly as the calculator does,
 * so a vector carrying threat (E) or environmental metrics gets its CVSS-BT / CVSS-BE / CVSS-BTE
 * score; for a base-only vector (the usual case in OSV) that is the base score. v3.x and v2
 * always give the base score; temporal and environmental metrics are validated and ignored.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vulndb/vulndb_internal.h"
#include "util/banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vector tokenizer --------------------------------------------------------------------- */

/* A metric definition: its key and its allowed values (NULL-terminated). */
struct metric_def {
	const char *key;
	const char *const *values;
	bool mandatory;
};

/*
 * Split @s ("K:V/K:V...") and store, for each metric of @defs, the index of its value in
 * @ret_idx (-1 when absent). @ordered: metrics must appear in @defs order. -EINVAL on any
 * malformed component, unknown metric or value, duplicate, or a missing mandatory metric.
 */
static int parse_metrics(const char *s, const struct metric_def *defs, size_t ndefs, bool ordered,
			 int *ret_idx)
{
	for (size_t i = 0; i < ndefs; i++)
		ret_idx[i] = -1;
	size_t next = 0; /* for @ordered: the first definition the next metric may use */
	const char *p = s;
	if (!*p)
		return -EINVAL;
	for (;;) {
		const char *colon = strchr(p, ':');
		const char *slash = strchr(p, '/');
		if (!colon || (slash && slash < colon))
			return -EINVAL;
		const char *val = colon + 1;
		size_t klen = (size_t)(colon - p);
		size_t vlen = slash ? (size_t)(slash - val) : strlen(val);
		if (klen == 0 || vlen == 0)
			return -EINVAL;
		size_t d = ordered ? next : 0;
		for (; d < ndefs; d++)
			if (strlen(defs[d].key) == klen && memcmp(defs[d].key, p, klen) == 0)
				break;
		if (d == ndefs)
			return -EINVAL; /* unknown, duplicate (ordered) or out of order */
		if (ordered)
			for (size_t k = next; k < d; k++)
				if (defs[k].mandatory)
					return -EINVAL; /* a mandatory metric was skipped */
		if (ret_idx[d] >= 0)
			return -EINVAL; /* duplicate */
		int vi = -1;
		for (int k = 0; defs[d].values[k]; k++)
			if (strlen(defs[d].values[k]) == vlen && memcmp(defs[d].values[k], val, vlen) == 0) {
				vi = k;
				break;
			}
		if (vi < 0)
			return -EINVAL;
		ret_idx[d] = vi;
		next = d + 1;
		if (!slash)
			break;
		p = slash + 1;
		if (!*p)
			return -EINVAL; /* trailing slash */
	}
	for (size_t i = 0; i < ndefs; i++)
		if (defs[i].mandatory && ret_idx[i] < 0)
			return -EINVAL;
	return 0;
}

/* ---- CVSS v2 ---------------------------------------------------------------------------- */

static const char *const v2_av[] = { "L", "A", "N", NULL };
static const char *const v2_ac[] = { "H", "M", "L", NULL };
static const char *const v2_au[] = { "M", "S", "N", NULL };
static const char *const v2_imp[] = { "N", "P", "C", NULL };
static const char *const v2_e[] = { "U", "POC", "F", "H", "ND", NULL };
static const char *const v2_rl[] = { "OF", "TF", "W", "U", "ND", NULL };
static const char *const v2_rc[] = { "UC", "UR", "C", "ND", NULL };
static const char *const v2_cdp[] = { "N", "L", "LM", "MH", "H", "ND", NULL };
static const char *const v2_td[] = { "N", "L", "M", "H", "ND", NULL };
static const char *const v2_req[] = { "L", "M", "H", "ND", NULL };

static const struct metric_def v2_defs[] = {
	{ "AV", v2_av, true },   { "AC", v2_ac, true },   { "Au", v2_au, true },
	{ "C", v2_imp, true },   { "I", v2_imp, true },   { "A", v2_imp, true },
	{ "E", v2_e, false },    { "RL", v2_rl, false },  { "RC", v2_rc, false },
	{ "CDP", v2_cdp, false }, { "TD", v2_td, false }, { "CR", v2_req, false },
	{ "IR", v2_req, false }, { "AR", v2_req, false },
};

/* Round half up to one decimal, as the v2 and v4 reference code does (Math.round). */
static double round1(double x)
{
	double s = x * 10.0;
	double r = floor(s);
	if (s - r >= 0.5)
		r += 1.0;
	return r / 10.0;
}

int vg_cvss2_score(const char *vector, double *ret_score)
{
	if (!vector || !ret_score)
		return -EINVAL;
	char buf[256];
	size_t len = strlen(vector);
	const char *v = vector;
	if (len >= 2 && v[0] == '(' && v[len - 1] == ')') {
		v++;
		len -= 2;
	}
	if (len >= 9 && memcmp(v, "CVSS:2.0/", 9) == 0) {
		v += 9;
		len -= 9;
	}
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, v, len);
	buf[len] = '\0';
	int idx[NELEM(v2_defs)];
	if (parse_metrics(buf, v2_defs, NELEM(v2_defs), false, idx) < 0)
		return -EINVAL;
	static const double av[] = { 0.395, 0.646, 1.0 };
	static const double ac[] = { 0.35, 0.61, 0.71 };
	static const double au[] = { 0.45, 0.56, 0.704 };
	static const double imp[] = { 0.0, 0.275, 0.660 };
	double c = imp[idx[3]], i = imp[idx[4]], a = imp[idx[5]];
	double impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
	double expl = 20.0 * av[idx[0]] * ac[idx[1]] * au[idx[2]];
	double f = impact == 0.0 ? 0.0 : 1.176;
	double base = ((0.6 * impact) + (0.4 * expl) - 1.5) * f;
	if (base < 0)
		base = 0;
	*ret_score = round1(base);
	return 0;
}

/* ---- CVSS v3.0 / v3.1 ------------------------------------------------------------------- */

static const char *const v3_av[] = { "N", "A", "L", "P", NULL };
static const char *const v3_ac[] = { "L", "H", NULL };
static const char *const v3_pr[] = { "N", "L", "H", NULL };
static const char *const v3_ui[] = { "N", "R", NULL };
static const char *const v3_s[] = { "U", "C", NULL };
static const char *const v3_cia[] = { "H", "L", "N", NULL };
static const char *const v3_e[] = { "X", "H", "F", "P", "U", NULL };
static const char *const v3_rl[] = { "X", "U", "W", "T", "O", NULL };
static const char *const v3_rc[] = { "X", "C", "R", "U", NULL };
static const char *const v3_req[] = { "X", "H", "M", "L", NULL };
static const char *const v3_mav[] = { "X", "N", "A", "L", "P", NULL };
static const char *const v3_mac[] = { "X", "L", "H", NULL };
static const char *const v3_mpr[] = { "X", "N", "L", "H", NULL };
static const char *const v3_mui[] = { "X", "N", "R", NULL };
static const char *const v3_ms[] = { "X", "U", "C", NULL };
static const char *const v3_mcia[] = { "X", "H", "L", "N", NULL };

enum { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A };

static const struct metric_def v3_defs[] = {
	{ "AV", v3_av, true },    { "AC", v3_ac, true },    { "PR", v3_pr, true },
	{ "UI", v3_ui, true },    { "S", v3_s, true },      { "C", v3_cia, true },
	{ "I", v3_cia, true },    { "A", v3_cia, true },    { "E", v3_e, false },
	{ "RL", v3_rl, false },   { "RC", v3_rc, false },   { "CR", v3_req, false },
	{ "IR", v3_req, false },  { "AR", v3_req, false },  { "MAV", v3_mav, false },
	{ "MAC", v3_mac, false }, { "MPR", v3_mpr, false }, { "MUI", v3_mui, false },
	{ "MS", v3_ms, false },   { "MC", v3_mcia, false }, { "MI", v3_mcia, false },
	{ "MA", v3_mcia, false },
};

/* CVSS v3.1 specification, Appendix A: Roundup with integer arithmetic to avoid floating
 * point artefacts. */
static double roundup31(double x)
{
	long long i = llround(x * 100000.0);
	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (floor((double)i / 10000.0) + 1.0) / 10.0;
}

/* CVSS v3.0: the smallest number, to one decimal place, equal to or higher than its input. */
static double roundup30(double x)
{
	return ceil(x * 10.0) / 10.0;
}

static int cvss3_score(const char *metrics, bool v31, double *ret_score)
{
	int idx[NELEM(v3_defs)];
	if (parse_metrics(metrics, v3_defs, NELEM(v3_defs), false, idx) < 0)
		return -EINVAL;
	static const double av[] = { 0.85, 0.62, 0.55, 0.2 };
	static const double ac[] = { 0.77, 0.44 };
	static const double pr_u[] = { 0.85, 0.62, 0.27 };
	static const double pr_c[] = { 0.85, 0.68, 0.5 };
	static const double ui[] = { 0.85, 0.62 };
	static const double cia[] = { 0.56, 0.22, 0.0 };
	bool changed = idx[V3_S] == 1;
	double iss = 1.0 - ((1.0 - cia[idx[V3_C]]) * (1.0 - cia[idx[V3_I]]) * (1.0 - cia[idx[V3_A]]));
	double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
	double expl = 8.22 * av[idx[V3_AV]] * ac[idx[V3_AC]] *
		      (changed ? pr_c : pr_u)[idx[V3_PR]] * ui[idx[V3_UI]];
	double base;
	if (impact <= 0) {
		base = 0.0;
	} else {
		double raw = changed ? 1.08 * (impact + expl) : impact + expl;
		if (raw > 10.0)
			raw = 10.0;
		base = v31 ? roundup31(raw) : roundup30(raw);
	}
	*ret_score = base;
	return 0;
}

/* ---- CVSS v4.0 -------------------------------------------------------------------------- */

static const char *const v4_av[] = { "N", "A", "L", "P", NULL };
static const char *const v4_ac[] = { "L", "H", NULL };
static const char *const v4_at[] = { "N", "P", NULL };
static const char *const v4_pr[] = { "N", "L", "H", NULL };
static const char *const v4_ui[] = { "N", "P", "A", NULL };
static const char *const v4_imp[] = { "N", "L", "H", NULL };
static const char *const v4_e[] = { "X", "A", "P", "U", NULL };
static const char *const v4_req[] = { "X", "H", "M", "L", NULL };
static const char *const v4_mav[] = { "X", "N", "A", "L", "P", NULL };
static const char *const v4_mac[] = { "X", "L", "H", NULL };
static const char *const v4_mat[] = { "X", "N", "P", NULL };
static const char *const v4_mpr[] = { "X", "N", "L", "H", NULL };
static const char *const v4_mui[] = { "X", "N", "P", "A", NULL };
static const char *const v4_mimp[] = { "X", "H", "L", "N", NULL };
static const char *const v4_msia[] = { "X", "S", "H", "L", "N", NULL };
static const char *const v4_s[] = { "X", "N", "P", NULL };
static const char *const v4_au[] = { "X", "N", "Y", NULL };
static const char *const v4_r[] = { "X", "A", "U", "I", NULL };
static const char *const v4_v[] = { "X", "D", "C", NULL };
static const char *const v4_re[] = { "X", "L", "M", "H", NULL };
static const char *const v4_u[] = { "X", "Clear", "Green", "Amber", "Red", NULL };

/* In the specification's order (base, threat, environmental, supplemental). */
enum {
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA,
	V4_E,
	V4_CR, V4_IR, V4_AR, V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI, V4_MVC, V4_MVI, V4_MVA,
	V4_MSC, V4_MSI, V4_MSA,
	V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
	V4_NMETRICS
};

static const struct metric_def v4_defs[V4_NMETRICS] = {
	[V4_AV] = { "AV", v4_av, true },      [V4_AC] = { "AC", v4_ac, true },
	[V4_AT] = { "AT", v4_at, true },      [V4_PR] = { "PR", v4_pr, true },
	[V4_UI] = { "UI", v4_ui, true },      [V4_VC] = { "VC", v4_imp, true },
	[V4_VI] = { "VI", v4_imp, true },     [V4_VA] = { "VA", v4_imp, true },
	[V4_SC] = { "SC", v4_imp, true },     [V4_SI] = { "SI", v4_imp, true },
	[V4_SA] = { "SA", v4_imp, true },     [V4_E] = { "E", v4_e, false },
	[V4_CR] = { "CR", v4_req, false },    [V4_IR] = { "IR", v4_req, false },
	[V4_AR] = { "AR", v4_req, false },    [V4_MAV] = { "MAV", v4_mav, false },
	[V4_MAC] = { "MAC", v4_mac, false },  [V4_MAT] = { "MAT", v4_mat, false },
	[V4_MPR] = { "MPR", v4_mpr, false },  [V4_MUI] = { "MUI", v4_mui, false },
	[V4_MVC] = { "MVC", v4_mimp, false }, [V4_MVI] = { "MVI", v4_mimp, false },
	[V4_MVA] = { "MVA", v4_mimp, false }, [V4_MSC] = { "MSC", v4_mimp, false },
	[V4_MSI] = { "MSI", v4_msia, false }, [V4_MSA] = { "MSA", v4_msia, false },
	[V4_S] = { "S", v4_s, false },        [V4_AU] = { "AU", v4_au, false },
	[V4_R] = { "R", v4_r, false },        [V4_V] = { "V", v4_v, false },
	[V4_RE] = { "RE", v4_re, false },     [V4_U] = { "U", v4_u, false },
};

/* Score of each MacroVector (EQ1..EQ6), from FIRST's calculator (cvss_lookup.js). */
static const struct {
	char mv[7];
	double score;
} v4_lookup[] = {
	{ "000000", 10 },  { "000001", 9.9 }, { "000010", 9.8 }, { "000011", 9.5 },
	{ "000020", 9.5 }, { "000021", 9.2 }, { "000100", 10 },  { "000101", 9.6 },
	{ "000110", 9.3 }, { "000111", 8.7 }, { "000120", 9.1 }, { "000121", 8.1 },
	{ "000200", 9.3 }, { "000201", 9 },   { "000210", 8.9 }, { "000211", 8 },
	{ "000220", 8.1 }, { "000221", 6.8 }, { "001000", 9.8 }, { "001001", 9.5 },
	{ "001010", 9.5 }, { "001011", 9.2 }, { "001020", 9 },   { "001021", 8.4 },
	{ "001100", 9.3 }, { "001101", 9.2 }, { "001110", 8.9 }, { "001111", 8.1 },
	{ "001120", 8.1 }, { "001121", 6.5 }, { "001200", 8.8 }, { "001201", 8 },
	{ "001210", 7.8 }, { "001211", 7 },   { "001220", 6.9 }, { "001221", 4.8 },
	{ "002001", 9.2 }, { "002011", 8.2 }, { "002021", 7.2 }, { "002101", 7.9 },
	{ "002111", 6.9 }, { "002121", 5 },   { "002201", 6.9 }, { "002211", 5.5 },
	{ "002221", 2.7 }, { "010000", 9.9 }, { "010001", 9.7 }, { "010010", 9.5 },
	{ "010011", 9.2 }, { "010020", 9.2 }, { "010021", 8.5 }, { "010100", 9.5 },
	{ "010101", 9.1 }, { "010110", 9 },   { "010111", 8.3 }, { "010120", 8.4 },
	{ "010121", 7.1 }, { "010200", 9.2 }, { "010201", 8.1 }, { "010210", 8.2 },
	{ "010211", 7.1 }, { "010220", 7.2 }, { "010221", 5.3 }, { "011000", 9.5 },
	{ "011001", 9.3 }, { "011010", 9.2 }, { "011011", 8.5 }, { "011020", 8.5 },
	{ "011021", 7.3 }, { "011100", 9.2 }, { "011101", 8.2 }, { "011110", 8 },
	{ "011111", 7.2 }, { "011120", 7 },   { "011121", 5.9 }, { "011200", 8.4 },
	{ "011201", 7 },   { "011210", 7.1 }, { "011211", 5.2 }, { "011220", 5 },
	{ "011221", 3 },   { "012001", 8.6 }, { "012011", 7.5 }, { "012021", 5.2 },
	{ "012101", 7.1 }, { "012111", 5.2 }, { "012121", 2.9 }, { "012201", 6.3 },
	{ "012211", 2.9 }, { "012221", 1.7 }, { "100000", 9.8 }, { "100001", 9.5 },
	{ "100010", 9.4 }, { "100011", 8.7 }, { "100020", 9.1 }, { "100021", 8.1 },
	{ "100100", 9.4 }, { "100101", 8.9 }, { "100110", 8.6 }, { "100111", 7.4 },
	{ "100120", 7.7 }, { "100121", 6.4 }, { "100200", 8.7 }, { "100201", 7.5 },
	{ "100210", 7.4 }, { "100211", 6.3 }, { "100220", 6.3 }, { "100221", 4.9 },
	{ "101000", 9.4 }, { "101001", 8.9 }, { "101010", 8.8 }, { "101011", 7.7 },
	{ "101020", 7.6 }, { "101021", 6.7 }, { "101100", 8.6 }, { "101101", 7.6 },
	{ "101110", 7.4 }, { "101111", 5.8 }, { "101120", 5.9 }, { "101121", 5 },
	{ "101200", 7.2 }, { "101201", 5.7 }, { "101210", 5.7 }, { "101211", 5.2 },
	{ "101220", 5.2 }, { "101221", 2.5 }, { "102001", 8.3 }, { "102011", 7 },
	{ "102021", 5.4 }, { "102101", 6.5 }, { "102111", 5.8 }, { "102121", 2.6 },
	{ "102201", 5.3 }, { "102211", 2.1 }, { "102221", 1.3 }, { "110000", 9.5 },
	{ "110001", 9 },   { "110010", 8.8 }, { "110011", 7.6 }, { "110020", 7.6 },
	{ "110021", 7 },   { "110100", 9 },   { "110101", 7.7 }, { "110110", 7.5 },
	{ "110111", 6.2 }, { "110120", 6.1 }, { "110121", 5.3 }, { "110200", 7.7 },
	{ "110201", 6.6 }, { "110210", 6.8 }, { "110211", 5.9 }, { "110220", 5.2 },
	{ "110221", 3 },   { "111000", 8.9 }, { "111001", 7.8 }, { "111010", 7.6 },
	{ "111011", 6.7 }, { "111020", 6.2 }, { "111021", 5.8 }, { "111100", 7.4 },
	{ "111101", 5.9 }, { "111110", 5.7 }, { "111111", 5.7 }, { "111120", 4.7 },
	{ "111121", 2.3 }, { "111200", 6.1 }, { "111201", 5.2 }, { "111210", 5.7 },
	{ "111211", 2.9 }, { "111220", 2.4 }, { "111221", 1.6 }, { "112001", 7.1 },
	{ "112011", 5.9 }, { "112021", 3 },   { "112101", 5.8 }, { "112111", 2.6 },
	{ "112121", 1.5 }, { "112201", 2.3 }, { "112211", 1.3 }, { "112221", 0.6 },
	{ "200000", 9.3 }, { "200001", 8.7 }, { "200010", 8.6 }, { "200011", 7.2 },
	{ "200020", 7.5 }, { "200021", 5.8 }, { "200100", 8.6 }, { "200101", 7.4 },
	{ "200110", 7.4 }, { "200111", 6.1 }, { "200120", 5.6 }, { "200121", 3.4 },
	{ "200200", 7 },   { "200201", 5.4 }, { "200210", 5.2 }, { "200211", 4 },
	{ "200220", 4 },   { "200221", 2.2 }, { "201000", 8.5 }, { "201001", 7.5 },
	{ "201010", 7.4 }, { "201011", 5.5 }, { "201020", 6.2 }, { "201021", 5.1 },
	{ "201100", 7.2 }, { "201101", 5.7 }, { "201110", 5.5 }, { "201111", 4.1 },
	{ "201120", 4.6 }, { "201121", 1.9 }, { "201200", 5.3 }, { "201201", 3.6 },
	{ "201210", 3.4 }, { "201211", 1.9 }, { "201220", 1.9 }, { "201221", 0.8 },
	{ "202001", 6.4 }, { "202011", 5.1 }, { "202021", 2 },   { "202101", 4.7 },
	{ "202111", 2.1 }, { "202121", 1.1 }, { "202201", 2.4 }, { "202211", 0.9 },
	{ "202221", 0.4 }, { "210000", 8.8 }, { "210001", 7.5 }, { "210010", 7.3 },
	{ "210011", 5.3 }, { "210020", 6 },   { "210021", 5 },   { "210100", 7.3 },
	{ "210101", 5.5 }, { "210110", 5.9 }, { "210111", 4 },   { "210120", 4.1 },
	{ "210121", 2 },   { "210200", 5.4 }, { "210201", 4.3 }, { "210210", 4.5 },
	{ "210211", 2.2 }, { "210220", 2 },   { "210221", 1.1 }, { "211000", 7.5 },
	{ "211001", 5.5 }, { "211010", 5.8 }, { "211011", 4.5 }, { "211020", 4 },
	{ "211021", 2.1 }, { "211100", 6.1 }, { "211101", 5.1 }, { "211110", 4.8 },
	{ "211111", 1.8 }, { "211120", 2 },   { "211121", 0.9 }, { "211200", 4.6 },
	{ "211201", 1.8 }, { "211210", 1.7 }, { "211211", 0.7 }, { "211220", 0.8 },
	{ "211221", 0.2 }, { "212001", 5.3 }, { "212011", 2.4 }, { "212021", 1.4 },
	{ "212101", 2.4 }, { "212111", 1.2 }, { "212121", 0.5 }, { "212201", 1 },
	{ "212211", 0.3 }, { "212221", 0.1 },
};

/* The highest-severity vectors of each MacroVector level (the calculator's MAX_COMPOSED);
 * EQ3 is indexed by EQ3 then EQ6. Empty strings end a list. */
static const char *const v4_max_eq1[3][3] = {
	{ "AV:N/PR:N/UI:N/", "", "" },
	{ "AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/" },
	{ "AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/", "" },
};
static const char *const v4_max_eq2[2][2] = {
	{ "AC:L/AT:N/", "" },
	{ "AC:H/AT:N/", "AC:L/AT:P/" },
};
static const char *const v4_max_eq3[3][2][5] = {
	{ { "VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/", "", "", "", "" },
	  { "VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/", "", "", "" } },
	{ { "VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/", "", "", "" },
	  { "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
	    "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
	    "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/" } },
	{ { "", "", "", "", "" }, { "VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/", "", "", "", "" } },
};
static const char *const v4_max_eq4[3] = { "SC:H/SI:S/SA:S/", "SC:H/SI:H/SA:H/", "SC:L/SI:L/SA:L/" };
static const char *const v4_max_eq5[3] = { "E:A/", "E:P/", "E:U/" };

/* Depth of each MacroVector level in severity steps, plus one (MAX_SEVERITY). */
static const int v4_maxsev_eq1[3] = { 1, 4, 5 };
static const int v4_maxsev_eq2[2] = { 1, 2 };
static const int v4_maxsev_eq3eq6[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int v4_maxsev_eq4[3] = { 6, 5, 4 };

/* The metrics the distance is measured on, in the calculator's order (METRIC_LEVELS). */
enum { D_AV, D_PR, D_UI, D_AC, D_AT, D_VC, D_VI, D_VA, D_SC, D_SI, D_SA, D_CR, D_IR, D_AR, D_E,
       D_COUNT };
static const char *const v4_level_keys[D_COUNT] = {
	"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR", "E",
};

/* Which composed max vector (EQ1, EQ2, EQ3+EQ6, EQ4, EQ5) holds each distance metric. */
static const int v4_level_eq[D_COUNT] = { 1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 5 };

/* METRIC_LEVELS: the severity level of a value (NAN when the value has none). */
static double v4_level(int d, char v)
{
	switch (d) {
	case D_AV:
		return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : v == 'P' ? 0.3 : NAN;
	case D_PR:
		return v == 'N' ? 0.0 : v == 'L' ? 0.1 : v == 'H' ? 0.2 : NAN;
	case D_UI:
		return v == 'N' ? 0.0 : v == 'P' ? 0.1 : v == 'A' ? 0.2 : NAN;
	case D_AC:
		return v == 'L' ? 0.0 : v == 'H' ? 0.1 : NAN;
	case D_AT:
		return v == 'N' ? 0.0 : v == 'P' ? 0.1 : NAN;
	case D_VC:
	case D_VI:
	case D_VA:
		return v == 'H' ? 0.0 : v == 'L' ? 0.1 : v == 'N' ? 0.2 : NAN;
	case D_SC:
		return v == 'H' ? 0.1 : v == 'L' ? 0.2 : v == 'N' ? 0.3 : NAN;
	case D_SI:
	case D_SA:
		return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : v == 'N' ? 0.3 : NAN;
	case D_CR:
	case D_IR:
	case D_AR:
		return v == 'H' ? 0.0 : v == 'M' ? 0.1 : v == 'L' ? 0.2 : NAN;
	case D_E:
		return v == 'U' ? 0.2 : v == 'P' ? 0.1 : v == 'A' ? 0.0 : NAN;
	default:
		return NAN;
	}
}

struct v4_vector {
	int idx[V4_NMETRICS]; /* value index, -1 absent */
};

static char v4_raw(const struct v4_vector *v, int m)
{
	if (v->idx[m] < 0)
		return 'X';
	return v4_defs[m].values[v->idx[m]][0];
}

/* getEffectiveMetricValue: worst-case defaults for E, CR, IR, AR; modified metrics override. */
static char v4_eff(const struct v4_vector *v, int m)
{
	char raw = v4_raw(v, m);
	if (raw == 'X') {
		if (m == V4_E)
			return 'A';
		if (m == V4_CR || m == V4_IR || m == V4_AR)
			return 'H';
	}
	int mod = -1;
	switch (m) {
	case V4_AV: mod = V4_MAV; break;
	case V4_AC: mod = V4_MAC; break;
	case V4_AT: mod = V4_MAT; break;
	case V4_PR: mod = V4_MPR; break;
	case V4_UI: mod = V4_MUI; break;
	case V4_VC: mod = V4_MVC; break;
	case V4_VI: mod = V4_MVI; break;
	case V4_VA: mod = V4_MVA; break;
	case V4_SC: mod = V4_MSC; break;
	case V4_SI: mod = V4_MSI; break;
	case V4_SA: mod = V4_MSA; break;
	default: break;
	}
	if (mod >= 0 && v4_raw(v, mod) != 'X')
		return v4_raw(v, mod);
	return raw;
}

static int v4_metric_of_level(int d)
{
	static const int map[D_COUNT] = { V4_AV, V4_PR, V4_UI, V4_AC, V4_AT, V4_VC, V4_VI, V4_VA,
					  V4_SC, V4_SI, V4_SA, V4_CR, V4_IR, V4_AR, V4_E };
	return map[d];
}

static double v4_lookup_score(int e1, int e2, int e3, int e4, int e5, int e6)
{
	if (e1 < 0 || e2 < 0 || e3 < 0 || e4 < 0 || e5 < 0 || e6 < 0 || e1 > 9 || e2 > 9 ||
	    e3 > 9 || e4 > 9 || e5 > 9 || e6 > 9)
		return NAN;
	char key[7] = { (char)('0' + e1), (char)('0' + e2), (char)('0' + e3),
			(char)('0' + e4), (char)('0' + e5), (char)('0' + e6), '\0' };
	for (size_t i = 0; i < NELEM(v4_lookup); i++)
		if (memcmp(v4_lookup[i].mv, key, 6) == 0)
			return v4_lookup[i].score;
	return NAN;
}

/* extractValueMetric: the value of @key in a composed max vector "K:V/K:V/...". */
static char v4_extract(const char *composed, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = composed; *p;) {
		const char *colon = strchr(p, ':');
		if (!colon)
			break;
		if ((size_t)(colon - p) == klen && memcmp(p, key, klen) == 0)
			return colon[1];
		const char *slash = strchr(colon, '/');
		if (!slash)
			break;
		p = slash + 1;
	}
	return '?';
}

static double v4_score(const struct v4_vector *v)
{
	static const int no_impact[] = { V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA };
	bool none = true;
	for (size_t i = 0; i < NELEM(no_impact); i++)
		if (v4_eff(v, no_impact[i]) != 'N')
			none = false;
	if (none)
		return 0.0;

	char av = v4_eff(v, V4_AV), pr = v4_eff(v, V4_PR), ui = v4_eff(v, V4_UI);
	char ac = v4_eff(v, V4_AC), at = v4_eff(v, V4_AT);
	char vc = v4_eff(v, V4_VC), vi = v4_eff(v, V4_VI), va = v4_eff(v, V4_VA);
	char sc = v4_eff(v, V4_SC), si = v4_eff(v, V4_SI), sa = v4_eff(v, V4_SA);
	char msi = v4_eff(v, V4_MSI), msa = v4_eff(v, V4_MSA);
	char e = v4_eff(v, V4_E);
	char cr = v4_eff(v, V4_CR), ir = v4_eff(v, V4_IR), ar = v4_eff(v, V4_AR);

	int eq1;
	if (av == 'N' && pr == 'N' && ui == 'N')
		eq1 = 0;
	else if ((av == 'N' || pr == 'N' || ui == 'N') && av != 'P')
		eq1 = 1;
	else
		eq1 = 2;
	int eq2 = (ac == 'L' && at == 'N') ? 0 : 1;
	int eq3;
	if (vc == 'H' && vi == 'H')
		eq3 = 0;
	else if (vc == 'H' || vi == 'H' || va == 'H')
		eq3 = 1;
	else
		eq3 = 2;
	int eq4;
	if (msi == 'S' || msa == 'S')
		eq4 = 0;
	else if (sc == 'H' || si == 'H' || sa == 'H')
		eq4 = 1;
	else
		eq4 = 2;
	int eq5 = e == 'A' ? 0 : e == 'P' ? 1 : 2;
	int eq6 = ((cr == 'H' && vc == 'H') || (ir == 'H' && vi == 'H') || (ar == 'H' && va == 'H'))
			  ? 0 : 1;

	double value = v4_lookup_score(eq1, eq2, eq3, eq4, eq5, eq6);
	if (isnan(value))
		return NAN;

	/* next lower MacroVectors (NAN when they do not exist) */
	double s_eq1 = v4_lookup_score(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
	double s_eq2 = v4_lookup_score(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
	double s_eq3eq6;
	if (eq3 == 1 && eq6 == 1)
		s_eq3eq6 = v4_lookup_score(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
	else if (eq3 == 0 && eq6 == 1)
		s_eq3eq6 = v4_lookup_score(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
	else if (eq3 == 1 && eq6 == 0)
		s_eq3eq6 = v4_lookup_score(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
	else if (eq3 == 0 && eq6 == 0) {
		double left = v4_lookup_score(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
		double right = v4_lookup_score(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
		/* Math.max: NaN if either is NaN */
		s_eq3eq6 = (isnan(left) || isnan(right)) ? NAN : (left > right ? left : right);
	} else
		s_eq3eq6 = v4_lookup_score(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1);
	double s_eq4 = v4_lookup_score(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
	double s_eq5 = v4_lookup_score(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

	/* the first composed max vector the scored vector does not exceed */
	double dist[D_COUNT] = { 0 };
	bool found = false;
	for (int i1 = 0; i1 < 3 && !found; i1++) {
		const char *m1 = v4_max_eq1[eq1][i1];
		if (!*m1)
			continue;
		for (int i2 = 0; i2 < 2 && !found; i2++) {
			const char *m2 = v4_max_eq2[eq2][i2];
			if (!*m2)
				continue;
			for (int i3 = 0; i3 < 5 && !found; i3++) {
				const char *m3 = v4_max_eq3[eq3][eq6][i3];
				if (!*m3)
					continue;
				const char *m4 = v4_max_eq4[eq4];
				const char *m5 = v4_max_eq5[eq5];
				bool ok = true;
				for (int d = 0; d < D_COUNT; d++) {
					const char *key = v4_level_keys[d];
					const char *const srcs[5] = { m1, m2, m3, m4, m5 };
					const char *src = srcs[v4_level_eq[d] - 1];
					char maxv = v4_extract(src, key);
					dist[d] = v4_level(d, v4_eff(v, v4_metric_of_level(d))) -
						  v4_level(d, maxv);
					if (!(dist[d] >= 0))
						ok = false;
				}
				if (ok)
					found = true;
			}
		}
	}
	/* when none fits, the calculator goes on with the last distances computed */

	double cur_eq1 = dist[D_AV] + dist[D_PR] + dist[D_UI];
	double cur_eq2 = dist[D_AC] + dist[D_AT];
	double cur_eq3eq6 = dist[D_VC] + dist[D_VI] + dist[D_VA] + dist[D_CR] + dist[D_IR] +
			    dist[D_AR];
	double cur_eq4 = dist[D_SC] + dist[D_SI] + dist[D_SA];

	const double step = 0.1;
	double avail_eq1 = value - s_eq1, avail_eq2 = value - s_eq2;
	double avail_eq3eq6 = value - s_eq3eq6, avail_eq4 = value - s_eq4;
	double avail_eq5 = value - s_eq5;
	double max_eq1 = v4_maxsev_eq1[eq1] * step;
	double max_eq2 = v4_maxsev_eq2[eq2] * step;
	double max_eq3eq6 = v4_maxsev_eq3eq6[eq3][eq6] * step;
	double max_eq4 = v4_maxsev_eq4[eq4] * step;

	int n = 0;
	double n1 = 0, n2 = 0, n36 = 0, n4 = 0, n5 = 0;
	if (!isnan(avail_eq1)) {
		n++;
		n1 = avail_eq1 * (cur_eq1 / max_eq1);
	}
	if (!isnan(avail_eq2)) {
		n++;
		n2 = avail_eq2 * (cur_eq2 / max_eq2);
	}
	if (!isnan(avail_eq3eq6)) {
		n++;
		n36 = avail_eq3eq6 * (cur_eq3eq6 / max_eq3eq6);
	}
	if (!isnan(avail_eq4)) {
		n++;
		n4 = avail_eq4 * (cur_eq4 / max_eq4);
	}
	if (!isnan(avail_eq5)) {
		n++;
		n5 = avail_eq5 * 0.0; /* the EQ5 proportion is always 0 */
	}
	double mean = n == 0 ? 0.0 : (n1 + n2 + n36 + n4 + n5) / n;
	double x = value - mean;
	if (x > 10.0)
		x = 10.0;
	if (x < 0.0)
		x = 0.0;
	return round1(x);
}

static int cvss4_score(const char *metrics, double *ret_score)
{
	struct v4_vector v;
	if (parse_metrics(metrics, v4_defs, V4_NMETRICS, true, v.idx) < 0)
		return -EINVAL;
	double s = v4_score(&v);
	if (isnan(s))
		return -EINVAL;
	*ret_score = s;
	return 0;
}

/* ---- public ----------------------------------------------------------------------------- */

int vg_cvss_score(const char *vector, double *ret_score)
{
	if (!vector || !ret_score)
		return -EINVAL;
	if (strlen(vector) > 512)
		return -EINVAL;
	double s;
	int r;
	if (strncmp(vector, "CVSS:3.1/", 9) == 0)
		r = cvss3_score(vector + 9, true, &s);
	else if (strncmp(vector, "CVSS:3.0/", 9) == 0)
		r = cvss3_score(vector + 9, false, &s);
	else if (strncmp(vector, "CVSS:4.0/", 9) == 0)
		r = cvss4_score(vector + 9, &s);
	else
		r = vg_cvss2_score(vector, &s);
	if (r < 0)
		return r;
	*ret_score = s;
	return 0;
}

enum vg_severity vg_cvss_severity(double score)
{
	/* compare in tenths so that 3.95 style inputs land where the rounded score would */
	long tenths = lround(score * 10.0);
	if (tenths >= 90)
		return VG_SEV_CRITICAL;
	if (tenths >= 70)
		return VG_SEV_HIGH;
	if (tenths >= 40)
		return VG_SEV_MEDIUM;
	if (tenths >= 1)
		return VG_SEV_LOW;
	return VG_SEV_INFO;
}
