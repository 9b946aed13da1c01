/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.c - what a suppression rule matches: dates, check ID globs, path globs (as given and
 * relative to the rule file's directory), object specs. Pure functions: no clock, no
 * working-directory reads (the caller passes both).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util/path.h"
#include "util/strbuf.h"
#include "vigil/config.h"
#include "util/banned.h"

/* ---- dates ---------------------------------------------------------------------------- */

static bool leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
	static const unsigned char d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

int vg_date_parse(const char *s, uint32_t *ret_date)
{
	if (!s || !ret_date)
		return -EINVAL;
	unsigned v[3] = { 0, 0, 0 };
	static const unsigned width[3] = { 4, 2, 2 };
	for (int part = 0; part < 3; part++) {
		for (unsigned k = 0; k < width[part]; k++, s++) {
			if (*s < '0' || *s > '9')
				return -EINVAL;
			v[part] = v[part] * 10 + (unsigned)(*s - '0');
		}
		if (part < 2 && *s++ != '-')
			return -EINVAL;
	}
	if (*s || v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > days_in_month(v[0], v[1]))
		return -EINVAL;
	*ret_date = v[0] * 10000 + v[1] * 100 + v[2];
	return 0;
}

uint32_t vg_date_from_unix(int64_t seconds)
{
	/* days since 1970-01-01 to a civil date (Howard Hinnant's algorithm) */
	int64_t z = (seconds >= 0 ? seconds : seconds - 86399) / 86400 + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0)
		return 0;
	return (uint32_t)(y * 10000 + m * 100 + d);
}

/* ---- check IDs ------------------------------------------------------------------------ */

bool vg_check_id_match(const char *pattern, const char *id)
{
	if (!pattern || !id)
		return false;
	return strcmp(pattern, id) == 0 || fnmatch(pattern, id, 0) == 0;
}

bool vg_check_id_known(const char *pattern)
{
	if (!pattern || !*pattern)
		return false;
	if (vg_check_find(pattern))
		return true;
	if (!strpbrk(pattern, "*?["))
		return false;
	for (size_t i = 0; i < vg_check_count(); i++)
		if (fnmatch(pattern, vg_check_at(i)->id, 0) == 0)
			return true;
	return false;
}

/* ---- paths ---------------------------------------------------------------------------- */

static bool glob_path(const char *glob, const char *path)
{
	if (fnmatch(glob, path, FNM_PATHNAME | FNM_LEADING_DIR) == 0)
		return true;
	if (!strchr(glob, '/')) {
		const char *base = strrchr(path, '/');
		if (base && fnmatch(glob, base + 1, 0) == 0)
			return true;
	}
	return false;
}

bool vg_suppression_path_match(const char *glob, const char *file, const char *base_dir,
			       const char *cwd)
{
	if (!glob || !file)
		return false;
	const char *f = file;
	while (f[0] == '.' && f[1] == '/') {
		f += 2;
		while (*f == '/')
			f++;
	}
	if (glob_path(glob, f))
		return true;
	if (!base_dir || strcmp(file, "-") == 0)
		return false;
	/* both relative: they share the working directory, which then need not be known */
	bool frel = file[0] != '/', brel = base_dir[0] != '/';
	if (!cwd && frel != brel)
		return false;
	const char *anchor = cwd && (frel || brel) ? cwd : "/";
	struct vg_strbuf fa, ba;
	vg_strbuf_init(&fa, 0);
	vg_strbuf_init(&ba, 0);
	bool match = false;
	if (vg_path_lexical_abs(anchor, file, &fa) == 0 &&
	    vg_path_lexical_abs(anchor, base_dir, &ba) == 0) {
		const char *a = vg_strbuf_str(&fa);
		size_t bl = ba.len;
		if (strncmp(a, vg_strbuf_str(&ba), bl) == 0 && a[bl] == '/' && a[bl + 1])
			match = glob_path(glob, a + bl + 1);
	}
	vg_strbuf_release(&fa);
	vg_strbuf_release(&ba);
	return match;
}

/* ---- objects -------------------------------------------------------------------------- */

/* fnmatch of the @n bytes at @pat against @s (NULL: ""). */
static bool part_match(const char *pat, size_t n, const char *s)
{
	char buf[512];
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, pat, n);
	buf[n] = '\0';
	return fnmatch(buf, s ? s : "", 0) == 0;
}

bool vg_suppression_object_match(const char *spec, const struct vg_object_ref *o)
{
	if (!spec || !o || !o->kind)
		return false;
	const char *s1 = strchr(spec, '/');
	if (!s1)
		return false;
	const char *s2 = strchr(s1 + 1, '/');
	if (!part_match(spec, (size_t)(s1 - spec), o->kind))
		return false;
	if (!s2)
		return part_match(s1 + 1, strlen(s1 + 1), o->name);
	return part_match(s1 + 1, (size_t)(s2 - s1 - 1), o->namespace) &&
	       part_match(s2 + 1, strlen(s2 + 1), o->name);
}

bool vg_suppression_rule_match(const struct vg_suppression_rule *rule, const struct vg_finding *f,
			       const char *cwd)
{
	if (!rule || !f || !vg_check_id_match(rule->id, f->id))
		return false;
	if (rule->path && !vg_suppression_path_match(rule->path, f->file, rule->base_dir, cwd))
		return false;
	if (rule->object && !vg_suppression_object_match(rule->object, &f->object))
		return false;
	return true;
}
