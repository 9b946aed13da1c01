/* SPDX-License-Identifier: Apache-2.0 */
/*
 * os.c - the operating system of an image from its release files, and the OSV ecosystem of
 * its packages.
 *
 * os-release (freedesktop.org) is KEY=VALUE lines with shell-like quoting; ID, VERSION_ID,
 * VERSION, VERSION_CODENAME and PRETTY_NAME are kept. The precise release comes from
 * /etc/debian_version ("12.15"), /etc/alpine-release ("3.18.4") or the "release X.Y" in
 * /etc/redhat-release. OSV ecosystems: "Debian:<major>", "Alpine:v<major>.<minor>",
 * "Ubuntu:<VERSION_ID>[:LTS]", "Red Hat" (rhel, centos), "AlmaLinux:<major>",
 * "Rocky Linux:<major>", and the unversioned names of the other distributions OSV knows.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "image/image_internal.h"
#include "util/banned.h"

struct kv_view {
	const char *id, *version_id, *version, *codename, *pretty, *id_like;
};

/* Parse one os-release value starting at @p (up to end of line) into the arena. */
static char *parse_value(struct vg_arena *a, const char *p, const char **ret_end)
{
	struct vg_strbuf b = VG_STRBUF_INIT;
	char quote = 0;
	if (*p == '"' || *p == '\'')
		quote = *p++;
	int r = 0;
	while (*p && *p != '\n' && r == 0) {
		if (quote && *p == quote) {
			p++;
			/* ignore anything after the closing quote on this line */
			while (*p && *p != '\n')
				p++;
			break;
		}
		if (quote == '"' && *p == '\\' && p[1] && p[1] != '\n') {
			p++;
		}
		r = vg_strbuf_putc(&b, *p);
		p++;
	}
	while (*p && *p != '\n')
		p++;
	*ret_end = p;
	char *s = NULL;
	if (r == 0) {
		size_t n = b.len;
		if (!quote)
			while (n > 0 && isspace((unsigned char)b.buf[n - 1]))
				n--;
		s = vg_arena_strndup(a, vg_strbuf_str(&b), n);
	}
	vg_strbuf_release(&b);
	return s;
}

static int parse_os_release(struct vg_arena *a, const char *text, struct kv_view *kv)
{
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *key = p;
		while (*p && *p != '=' && *p != '\n')
			p++;
		if (*p != '=') {
			while (*p && *p != '\n')
				p++;
			if (*p)
				p++;
			continue;
		}
		size_t klen = (size_t)(p - key);
		p++;
		const char *end;
		char *v = parse_value(a, p, &end);
		if (!v)
			return -ENOMEM;
		p = end;
		if (*p)
			p++;
		static const struct {
			const char *key;
			size_t off;
		} keys[] = {
			{ "ID", offsetof(struct kv_view, id) },
			{ "VERSION_ID", offsetof(struct kv_view, version_id) },
			{ "VERSION", offsetof(struct kv_view, version) },
			{ "VERSION_CODENAME", offsetof(struct kv_view, codename) },
			{ "PRETTY_NAME", offsetof(struct kv_view, pretty) },
			{ "ID_LIKE", offsetof(struct kv_view, id_like) },
		};
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strlen(keys[i].key) == klen && memcmp(key, keys[i].key, klen) == 0)
				*(const char **)((char *)kv + keys[i].off) = v;
	}
	return 0;
}

/* First line of @s, trimmed, in the arena. */
static char *first_line(struct vg_arena *a, const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = 0;
	while (s[n] && s[n] != '\n' && s[n] != '\r')
		n++;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return vg_arena_strndup(a, s, n);
}

/* The leading run of digits and (up to @dots) dots: "12.15" with dots 0 gives "12". */
static char *numeric_prefix(struct vg_arena *a, const char *v, int dots)
{
	if (!v || !isdigit((unsigned char)*v))
		return NULL;
	size_t n = 0;
	int seen = 0;
	for (; v[n]; n++) {
		if (isdigit((unsigned char)v[n]))
			continue;
		if (v[n] == '.' && seen < dots && isdigit((unsigned char)v[n + 1])) {
			seen++;
			continue;
		}
		break;
	}
	return vg_arena_strndup(a, v, n);
}

static char *lower_dup(struct vg_arena *a, const char *s)
{
	char *d = vg_arena_strdup(a, s);
	if (d)
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

/* "... release 9.3 (Plow)" -> "9.3" */
static char *redhat_version(struct vg_arena *a, const char *line)
{
	const char *r = strstr(line, "release ");
	return r ? numeric_prefix(a, r + 8, 3) : NULL;
}

static const char *redhat_id(const char *line)
{
	static const struct {
		const char *prefix, *id;
	} m[] = {
		{ "Red Hat", "rhel" },      { "CentOS", "centos" }, { "Rocky", "rocky" },
		{ "AlmaLinux", "almalinux" }, { "Fedora", "fedora" }, { "Oracle", "ol" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strncmp(line, m[i].prefix, strlen(m[i].prefix)) == 0)
			return m[i].id;
	return NULL;
}

static bool is_redhat_family(const char *id)
{
	return strcmp(id, "rhel") == 0 || strcmp(id, "centos") == 0 || strcmp(id, "rocky") == 0 ||
	       strcmp(id, "almalinux") == 0 || strcmp(id, "fedora") == 0 || strcmp(id, "ol") == 0;
}

const char *vg_os_ecosystem(struct vg_arena *a, const char *id, const char *version,
			   const char *version_text)
{
	if (!id)
		return NULL;
	if (strcasecmp(id, "debian") == 0) {
		char *major = numeric_prefix(a, version, 0);
		return major ? vg_arena_printf(a, "Debian:%s", major) : "Debian";
	}
	if (strcasecmp(id, "alpine") == 0) {
		char *mm = numeric_prefix(a, version, 1);
		return mm && strchr(mm, '.') ? vg_arena_printf(a, "Alpine:v%s", mm) : "Alpine";
	}
	if (strcasecmp(id, "ubuntu") == 0) {
		char *v = numeric_prefix(a, version, 1);
		if (!v)
			return "Ubuntu";
		bool lts;
		if (version_text)
			lts = strstr(version_text, "LTS") != NULL;
		else /* LTS releases are the April ones of even years: 20.04, 22.04, 24.04 */
			lts = strlen(v) == 5 && v[2] == '.' && (v[1] - '0') % 2 == 0 &&
			      strcmp(v + 3, "04") == 0;
		return vg_arena_printf(a, "Ubuntu:%s%s", v, lts ? ":LTS" : "");
	}
	if (strcasecmp(id, "rhel") == 0 || strcasecmp(id, "redhat") == 0 ||
	    strcasecmp(id, "centos") == 0)
		return "Red Hat";
	if (strcasecmp(id, "almalinux") == 0 || strcasecmp(id, "rocky") == 0) {
		const char *name = tolower((unsigned char)id[0]) == 'a' ? "AlmaLinux" : "Rocky Linux";
		char *major = numeric_prefix(a, version, 0);
		return major ? vg_arena_printf(a, "%s:%s", name, major) : name;
	}
	static const struct {
		const char *id, *eco;
	} m[] = {
		{ "wolfi", "Wolfi" },           { "chainguard", "Chainguard" },
		{ "opensuse-leap", "openSUSE" }, { "opensuse-tumbleweed", "openSUSE" },
		{ "opensuse", "openSUSE" },     { "sles", "SUSE" },
		{ "photon", "Photon OS" },      { "mariner", "Azure Linux" },
		{ "azurelinux", "Azure Linux" }, { "openeuler", "openEuler" },
		{ "mageia", "Mageia" },         { "minimos", "MinimOS" },
		{ "alpaquita", "Alpaquita" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strcasecmp(id, m[i].id) == 0)
			return m[i].eco;
	return NULL;
}

char *vg_os_numeric_prefix(struct vg_arena *a, const char *v, int dots)
{
	return numeric_prefix(a, v, dots);
}

int vg_os_detect(struct vg_arena *a, const char *os_release, const char *debian_version,
		 const char *alpine_release, const char *redhat_release, struct vg_os *os)
{
	struct kv_view kv = { 0 };
	memset(os, 0, sizeof(*os));
	if (os_release) {
		int r = parse_os_release(a, os_release, &kv);
		if (r < 0)
			return r;
	}
	char *deb = debian_version ? first_line(a, debian_version) : NULL;
	char *alp = alpine_release ? first_line(a, alpine_release) : NULL;
	char *rh = redhat_release ? first_line(a, redhat_release) : NULL;
	if ((debian_version && !deb) || (alpine_release && !alp) || (redhat_release && !rh))
		return -ENOMEM;

	const char *id = kv.id && *kv.id ? kv.id : NULL;
	if (!id) {
		if (alp && *alp)
			id = "alpine";
		else if (rh && redhat_id(rh))
			id = redhat_id(rh);
		else if (deb && *deb)
			id = "debian";
	}
	if (!id)
		return 0; /* unknown */
	os->id = lower_dup(a, id);
	if (!os->id)
		return -ENOMEM;
	os->version_id = kv.version_id;
	os->codename = kv.codename;
	os->pretty_name = kv.pretty;
	if (strcmp(os->id, "debian") == 0 && deb && *deb)
		os->version = deb;
	else if (strcmp(os->id, "alpine") == 0 && alp && *alp)
		os->version = alp;
	else if (is_redhat_family(os->id) && rh && redhat_version(a, rh))
		os->version = redhat_version(a, rh);
	else
		os->version = kv.version_id;
	if (!os->version_id && os->version) {
		/* no os-release: derive VERSION_ID as os-release would have it */
		int dots = strcmp(os->id, "alpine") == 0 ? 2 : strcmp(os->id, "debian") == 0 ? 0 : 1;
		os->version_id = numeric_prefix(a, os->version, dots);
	}
	os->ecosystem = vg_os_ecosystem(a, os->id, os->version_id ? os->version_id : os->version,
					kv.version);
	return 0;
}

const char *vg_pkg_default_ecosystem(enum vg_pkg_type t, const struct vg_os *os)
{
	switch (t) {
	case VG_PKG_DPKG:
	case VG_PKG_APK:
	case VG_PKG_RPM:
		return os ? os->ecosystem : NULL;
	case VG_PKG_GOBINARY:
		return "Go";
	case VG_PKG_NPM:
		return "npm";
	case VG_PKG_PYTHON:
		return "PyPI";
	case VG_PKG_JAR:
		return "Maven";
	case VG_PKG_CARGO:
		return "crates.io";
	case VG_PKG_OTHER:
	default:
		return NULL;
	}
}
