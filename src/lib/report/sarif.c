/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sarif.c - SARIF 2.1.0 output, shaped for GitHub code scanning.
 *
 * One run. tool.driver.rules holds every distinct check that has findings, sorted by ID, and
 * results refer to them by ruleId and ruleIndex. Each result has one location: the artifact
 * (relative to the SRCROOT base when opts->base_dir is set and the file is under it) with a
 * region whose startLine is at least 1 (GitHub rejects results without one: a finding with
 * no known line points at line 1, a column of 0 is left out), and the Kubernetes object as a
 * logical location. partialFingerprints["vigil/v1"] is FNV-1a 64 over rule ID, artifact URI,
 * field path and object (kind, namespace, name): stable across line moves and checkouts.
 * A finding without a file gets the artifact URI "unknown" (standard input, "-", is "stdin").
 * A suppressed finding is still a result, with suppressions[0] = {kind inSource (annotation,
 * Dockerfile comment) or external (ignore file, config), status accepted, justification}.
 * Input errors (and notes) become invocations[0].toolExecutionNotifications; the invocation
 * is successful when there are no input errors.
 *
 * Key order is fixed (jansson keeps insertion order), so the output is byte-for-byte stable.
 * The only outside state read is the working directory, and only to make a relative
 * base_dir (or a relative file under an absolute base_dir) absolute: a lexical operation,
 * symlinks are not resolved.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_internal.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "util/banned.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_VERSION "2.1.0"
#define INFORMATION_URI "https://github.com/vigil-sec/vigil"
#define BASE_ID "SRCROOT"
#define FINGERPRINT_KEY "vigil/v1"

static const char *level_for(enum vg_severity s)
{
	switch (s) {
	case VG_SEV_CRITICAL:
	case VG_SEV_HIGH:
		return "error";
	case VG_SEV_MEDIUM:
		return "warning";
	case VG_SEV_LOW:
	case VG_SEV_INFO:
		break;
	}
	return "note";
}

/* GitHub maps > 9.0 to critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
static const char *security_severity_for(enum vg_severity s)
{
	switch (s) {
	case VG_SEV_CRITICAL:
		return "9.5";
	case VG_SEV_HIGH:
		return "8.0";
	case VG_SEV_MEDIUM:
		return "5.5";
	case VG_SEV_LOW:
		return "3.0";
	case VG_SEV_INFO:
		break;
	}
	return "0.0";
}

/* ---- URIs ------------------------------------------------------------------------------ */

/* Percent-encode everything but RFC 3986 unreserved characters and '/'. */
static int put_uri_escaped(struct vg_strbuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	int r = 0;
	for (size_t i = 0; r == 0 && i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			r = vg_strbuf_putc(b, (char)c);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			r = vg_strbuf_append(b, esc, 3);
		}
	}
	return r;
}

struct uri_ctx {
	const char *cwd;          /* getcwd() result when needed, else NULL */
	struct vg_strbuf base;    /* absolute base dir ("" = root) when has_base */
	bool has_base;
	struct vg_strbuf scratch;
};

/* Set up the SRCROOT base from @base_dir. Without a usable base, URIs are left as given. */
static int uri_ctx_init(struct uri_ctx *u, const char *base_dir, char **ret_cwd)
{
	memset(u, 0, sizeof(*u));
	vg_strbuf_init(&u->base, 0);
	vg_strbuf_init(&u->scratch, 0);
	*ret_cwd = NULL;
	if (!base_dir)
		return 0;
	/* the working directory is needed for a relative base and for relative files */
	*ret_cwd = getcwd(NULL, 0);
	u->cwd = *ret_cwd;
	if (base_dir[0] != '/' && !u->cwd)
		return 0; /* cannot anchor the base: no SRCROOT */
	int r = vg_path_lexical_abs(u->cwd ? u->cwd : "/", base_dir, &u->base);
	if (r < 0)
		return r;
	u->has_base = true;
	return 0;
}

static void uri_ctx_release(struct uri_ctx *u)
{
	vg_strbuf_release(&u->base);
	vg_strbuf_release(&u->scratch);
}

/*
 * The artifact URI for @file into @b, and whether it is relative to SRCROOT (*ret_based).
 * "-" is "stdin". Under the base: the escaped relative path. Otherwise an absolute path is a
 * file:// URI and a relative one stays relative (leading "./" dropped).
 */
static int artifact_uri(struct uri_ctx *u, const char *file, struct vg_strbuf *b,
			bool *ret_based)
{
	vg_strbuf_reset(b);
	*ret_based = false;
	if (strcmp(file, "-") == 0)
		return vg_strbuf_puts(b, "stdin");
	bool absolute = file[0] == '/';
	if (u->has_base && (absolute || u->cwd)) {
		int r = vg_path_lexical_abs(u->cwd ? u->cwd : "/", file, &u->scratch);
		if (r < 0)
			return r;
		const char *fa = vg_strbuf_str(&u->scratch);
		size_t bl = u->base.len;
		if (strncmp(fa, vg_strbuf_str(&u->base), bl) == 0 && fa[bl] == '/' && fa[bl + 1]) {
			*ret_based = true;
			return put_uri_escaped(b, fa + bl + 1, u->scratch.len - bl - 1);
		}
		/* outside the base: say exactly where */
		return vg_strbuf_puts(b, "file://") ?: put_uri_escaped(b, fa, u->scratch.len);
	}
	if (absolute)
		return vg_strbuf_puts(b, "file://") ?: put_uri_escaped(b, file, strlen(file));
	while (file[0] == '.' && file[1] == '/') {
		file += 2;
		while (*file == '/')
			file++;
	}
	return put_uri_escaped(b, file, strlen(file));
}

/* ---- pieces ---------------------------------------------------------------------------- */

static json_t *text_msg(const char *text)
{
	json_t *m = json_object();
	bool failed = false;
	if (m)
		vg_rep_json_set(m, "text", vg_rep_json_str(text), &failed);
	if (failed) {
		json_decref(m);
		return NULL;
	}
	return m;
}

static json_t *physical_location(const char *uri, bool based, uint32_t line, uint32_t column,
				 bool force_line, bool *failed)
{
	json_t *pl = json_object();
	json_t *al = json_object();
	if (al) {
		vg_rep_json_set(al, "uri", json_string(uri), failed);
		if (based)
			vg_rep_json_set(al, "uriBaseId", json_string(BASE_ID), failed);
	}
	if (!pl) {
		json_decref(al);
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(pl, "artifactLocation", al, failed);
	if (line || force_line) {
		json_t *rg = json_object();
		if (rg) {
			vg_rep_json_set(rg, "startLine", json_integer(line ? line : 1), failed);
			if (line && column)
				vg_rep_json_set(rg, "startColumn", json_integer(column), failed);
		}
		vg_rep_json_set(pl, "region", rg, failed);
	}
	return pl;
}

/* A Pascal-case name from a title: "Privileged containers" -> "PrivilegedContainers",
 * "CPU limit not set" -> "CpuLimitNotSet" (a capital after a capital is lowered, as SARIF
 * validators want no runs of capitals); the ID's letters and digits when the title has none. */
static int camel_case(const char *title, const char *id, struct vg_strbuf *b)
{
	vg_strbuf_reset(b);
	int r = vg_strbuf_append(b, "", 0);
	for (int pass = 0; r == 0 && pass < 2 && b->len == 0; pass++) {
		const char *s = pass == 0 ? title : id;
		bool start = true, prev_upper = false;
		for (; r == 0 && s && *s; s++) {
			char c = *s;
			bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				     (c >= '0' && c <= '9');
			if (!alnum) {
				start = true;
				continue;
			}
			bool upper = c >= 'A' && c <= 'Z';
			if (start && c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			else if (!start && upper && prev_upper)
				c = (char)(c - 'A' + 'a');
			prev_upper = upper || start;
			start = false;
			r = vg_strbuf_putc(b, c);
		}
	}
	return r;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	h ^= 0xff; /* field separator: no valid UTF-8 byte, so fields cannot run together */
	h *= 0x100000001b3ull;
	return h;
}

static bool is_semver(const char *v)
{
	for (int part = 0; part < 3; part++) {
		if (*v < '0' || *v > '9' || (*v == '0' && v[1] >= '0' && v[1] <= '9'))
			return false;
		while (*v >= '0' && *v <= '9')
			v++;
		if (part < 2 && *v++ != '.')
			return false;
	}
	return *v == '\0' || *v == '-' || *v == '+';
}

/* ---- rules ----------------------------------------------------------------------------- */

struct rule {
	const char *id;
	const struct vg_finding *f; /* a finding of this rule, with a check when any has one */
};

static int rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id, ((const struct rule *)b)->id);
}

/* Distinct rule IDs of @r's findings, sorted. *ret_rules is heap-owned by the caller. */
static int collect_rules(const struct vg_report *r, struct rule **ret_rules, size_t *ret_n)
{
	size_t n = vg_report_count(r);
	struct rule *rules = calloc(n ? n : 1, sizeof(*rules));
	if (!rules)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		rules[i].f = vg_report_get(r, i);
		rules[i].id = rules[i].f->id;
	}
	qsort(rules, n, sizeof(*rules), rule_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && strcmp(rules[k - 1].id, rules[i].id) == 0) {
			if (!rules[k - 1].f->check && rules[i].f->check)
				rules[k - 1] = rules[i];
			continue;
		}
		rules[k++] = rules[i];
	}
	*ret_rules = rules;
	*ret_n = k;
	return 0;
}

static size_t rule_index(const struct rule *rules, size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rules[mid].id, id);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0; /* unreachable: every finding's ID is in the table */
}

static int help_texts(const struct vg_finding *f, struct vg_strbuf *text, struct vg_strbuf *md)
{
	const struct vg_check_info *c = f->check;
	const char *title = c && c->title ? c->title : f->title;
	const char *desc = c && c->description ? c->description : title;
	const char *fix = c && c->remediation ? c->remediation : f->remediation;
	const char *uri = c ? c->help_uri : NULL;
	int r = 0;

	vg_strbuf_reset(text);
	vg_strbuf_reset(md);
	r = vg_strbuf_puts(text, desc) ?: vg_strbuf_printf(md, "**%s**\n\n%s", title, desc);
	if (r == 0 && fix && *fix)
		r = vg_strbuf_printf(text, "\n\nRemediation: %s", fix) ?:
			vg_strbuf_printf(md, "\n\n**Remediation:** %s", fix);
	if (r == 0 && c && c->refs[0].key) {
		r = vg_strbuf_puts(text, "\n\nReferences:") ?: vg_strbuf_puts(md, "\n\n**References:**");
		for (size_t i = 0; r == 0 && i < VG_MAX_REFS && c->refs[i].key; i++) {
			const char *v = c->refs[i].value ? c->refs[i].value : "";
			r = vg_strbuf_printf(text, "%s %s: %s", i ? "," : "", c->refs[i].key, v) ?:
				vg_strbuf_printf(md, "%s %s: `%s`", i ? "," : "", c->refs[i].key, v);
		}
	}
	if (r == 0 && uri && *uri)
		r = vg_strbuf_printf(text, "\n\nMore information: %s", uri) ?:
			vg_strbuf_printf(md, "\n\n[More information](%s)", uri);
	return r;
}

static json_t *rule_json(const struct rule *ru, struct vg_strbuf *s1, struct vg_strbuf *s2,
			 bool *failed)
{
	const struct vg_finding *f = ru->f;
	const struct vg_check_info *c = f->check;
	const char *title = c && c->title ? c->title : f->title;
	enum vg_severity sev = c ? c->severity : f->severity;
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "id", vg_rep_json_str(ru->id), failed);
	if (camel_case(title, ru->id, s1) < 0)
		*failed = true;
	vg_rep_json_set(o, "name", vg_rep_json_str(vg_strbuf_str(s1)), failed);
	vg_rep_json_set(o, "shortDescription", text_msg(title), failed);
	vg_rep_json_set(o, "fullDescription",
			text_msg(c && c->description ? c->description : title), failed);
	if (help_texts(f, s1, s2) < 0)
		*failed = true;
	json_t *help = json_object();
	if (help) {
		vg_rep_json_set(help, "text", vg_rep_json_str(vg_strbuf_str(s1)), failed);
		vg_rep_json_set(help, "markdown", vg_rep_json_str(vg_strbuf_str(s2)), failed);
	}
	vg_rep_json_set(o, "help", help, failed);
	if (c && c->help_uri && *c->help_uri)
		vg_rep_json_set(o, "helpUri", vg_rep_json_str(c->help_uri), failed);
	json_t *dc = json_object();
	if (dc)
		vg_rep_json_set(dc, "level", json_string(level_for(sev)), failed);
	vg_rep_json_set(o, "defaultConfiguration", dc, failed);
	json_t *props = json_object();
	if (props) {
		json_t *tags = json_array();
		if (tags) {
			vg_rep_json_push(tags, json_string("security"), failed);
			if (c && c->family && *c->family)
				vg_rep_json_push(tags, vg_rep_json_str(c->family), failed);
		}
		vg_rep_json_set(props, "tags", tags, failed);
		vg_rep_json_set(props, "security-severity",
				json_string(security_severity_for(sev)), failed);
		vg_rep_json_set(props, "precision", json_string("high"), failed);
	}
	vg_rep_json_set(o, "properties", props, failed);
	return o;
}

/* ---- results --------------------------------------------------------------------------- */

struct writer {
	const struct vg_report *r;
	const struct vg_rep_opts *o;
	struct uri_ctx uri;
	struct vg_strbuf s1, s2;
	/* the last artifact URI, reused while findings stay in one file */
	const char *last_file;
	struct vg_strbuf last_uri;
	bool last_based;
	bool failed;
};

/* The artifact URI of @file (cached for runs of the same file). */
static const char *file_uri(struct writer *w, const char *file, bool *ret_based)
{
	if (!w->last_file || strcmp(w->last_file, file) != 0) {
		if (artifact_uri(&w->uri, file, &w->last_uri, &w->last_based) < 0) {
			w->failed = true;
			w->last_file = NULL;
			return NULL;
		}
		w->last_file = file;
	}
	*ret_based = w->last_based;
	return vg_strbuf_str(&w->last_uri);
}

static json_t *logical_location(const struct vg_object_ref *ob, struct vg_strbuf *b,
				bool *failed)
{
	bool kind = ob->kind && *ob->kind, name = ob->name && *ob->name;
	bool ns = ob->namespace && *ob->namespace;
	if (!kind && !name)
		return NULL;
	vg_strbuf_reset(b);
	int r = vg_strbuf_printf(b, "%s%s%s%s%s", ns ? ob->namespace : "", ns ? "/" : "",
				 kind ? ob->kind : "", kind && name ? "/" : "", name ? ob->name : "");
	if (r < 0) {
		*failed = true;
		return NULL;
	}
	json_t *l = json_object();
	if (!l) {
		*failed = true;
		return NULL;
	}
	if (name)
		vg_rep_json_set(l, "name", vg_rep_json_str(ob->name), failed);
	vg_rep_json_set(l, "fullyQualifiedName", vg_rep_json_str(vg_strbuf_str(b)), failed);
	vg_rep_json_set(l, "kind", json_string("object"), failed);
	return l;
}

static json_t *result_json(struct writer *w, const struct vg_finding *f, size_t index)
{
	bool *failed = &w->failed;
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "ruleId", vg_rep_json_str(f->id), failed);
	vg_rep_json_set(o, "ruleIndex", json_integer((json_int_t)index), failed);
	vg_rep_json_set(o, "level", json_string(level_for(f->severity)), failed);
	vg_rep_json_set(o, "message", text_msg(f->message), failed);

	/* GitHub rejects a whole upload for one result without a location: a finding without a
	 * file (none of the scanner's have that) gets the artifact "unknown" */
	bool based = false;
	const char *uri = f->file && *f->file ? file_uri(w, f->file, &based) : "unknown";
	if (uri) {
		json_t *locs = json_array();
		json_t *loc = json_object();
		if (loc) {
			vg_rep_json_set(loc, "physicalLocation",
					physical_location(uri, based, f->line, f->column, true, failed),
					failed);
			json_t *ll = logical_location(&f->object, &w->s1, failed);
			if (ll) {
				json_t *lls = json_array();
				vg_rep_json_push(lls, ll, failed);
				vg_rep_json_set(loc, "logicalLocations", lls, failed);
			}
		}
		if (locs)
			vg_rep_json_push(locs, loc, failed);
		else
			json_decref(loc);
		vg_rep_json_set(o, "locations", locs, failed);
	}

	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv1a(h, f->id);
	h = fnv1a(h, uri ? uri : f->file);
	h = fnv1a(h, f->path);
	h = fnv1a(h, f->object.kind);
	h = fnv1a(h, f->object.namespace);
	h = fnv1a(h, f->object.name);
	char hex[17];
	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	json_t *fp = json_object();
	if (fp)
		vg_rep_json_set(fp, FINGERPRINT_KEY, json_string(hex), failed);
	vg_rep_json_set(o, "partialFingerprints", fp, failed);

	/* SARIF 2.1.0 3.35: a suppressed result stays, with how and why it was accepted */
	if (f->suppressed) {
		json_t *sups = json_array();
		json_t *sup = json_object();
		if (sup) {
			vg_rep_json_set(sup, "kind",
					json_string(vg_suppression_in_source(f->suppressed)
							    ? "inSource"
							    : "external"),
					failed);
			vg_rep_json_set(sup, "status", json_string("accepted"), failed);
			if (f->justification && *f->justification)
				vg_rep_json_set(sup, "justification", vg_rep_json_str(f->justification),
						failed);
			json_t *sp = json_object();
			if (sp)
				vg_rep_json_set(sp, "source",
						json_string(vg_suppression_name(f->suppressed)), failed);
			vg_rep_json_set(sup, "properties", sp, failed);
		}
		if (sups)
			vg_rep_json_push(sups, sup, failed);
		else
			json_decref(sup);
		vg_rep_json_set(o, "suppressions", sups, failed);
	}

	json_t *props = json_object();
	if (props) {
		if (f->path && *f->path)
			vg_rep_json_set(props, "path", vg_rep_json_str(f->path), failed);
		vg_rep_json_set(props, "severity", json_string(vg_severity_name(f->severity)),
				failed);
		struct vg_ref refs[2 * VG_MAX_REFS];
		size_t nrefs = vg_rep_merged_refs(f, refs);
		if (nrefs) {
			json_t *jr = json_object();
			for (size_t i = 0; jr && i < nrefs; i++)
				vg_rep_json_set(jr, refs[i].key,
						vg_rep_json_str(refs[i].value ? refs[i].value : ""),
						failed);
			vg_rep_json_set(props, "refs", jr, failed);
		}
		if (f->pkg) {
			json_t *jp = json_object();
			if (jp) {
				vg_rep_json_set(jp, "name", vg_rep_json_str(f->pkg->name), failed);
				vg_rep_json_set(jp, "version", vg_rep_json_str(f->pkg->version), failed);
				vg_rep_json_set(jp, "fixedVersion", vg_rep_json_str(f->pkg->fixed_version),
						failed);
				vg_rep_json_set(jp, "purl", vg_rep_json_str(f->pkg->purl), failed);
				if (f->pkg->layer)
					vg_rep_json_set(jp, "layer", vg_rep_json_str(f->pkg->layer), failed);
			}
			vg_rep_json_set(props, "package", jp, failed);
		}
	}
	vg_rep_json_set(o, "properties", props, failed);
	return o;
}

static json_t *notification_json(struct writer *w, const char *level, const char *file,
				 uint32_t line, uint32_t column, const char *message,
				 const char *code)
{
	bool *failed = &w->failed;
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "level", json_string(level), failed);
	vg_rep_json_set(o, "message", text_msg(message), failed);
	bool based = false;
	const char *uri = file && *file ? file_uri(w, file, &based) : NULL;
	if (uri) {
		json_t *loc = json_object();
		if (loc)
			vg_rep_json_set(loc, "physicalLocation",
					physical_location(uri, based, line, column, false, failed),
					failed);
		json_t *locs = json_array();
		if (locs)
			vg_rep_json_push(locs, loc, failed);
		else
			json_decref(loc);
		vg_rep_json_set(o, "locations", locs, failed);
	}
	if (code) {
		json_t *props = json_object();
		if (props)
			vg_rep_json_set(props, "code", json_string(code), failed);
		vg_rep_json_set(o, "properties", props, failed);
	}
	return o;
}

static json_t *invocation_json(struct writer *w)
{
	const struct vg_report *r = w->r;
	json_t *inv = json_object();
	if (!inv) {
		w->failed = true;
		return NULL;
	}
	bool ok = vg_report_error_count(r) == 0 && vg_report_stats_const(r)->errors == 0;
	vg_rep_json_set(inv, "executionSuccessful", json_boolean(ok), &w->failed);
	size_t ne = vg_report_error_count(r), nn = vg_report_note_count(r);
	if (ne + nn == 0)
		return inv;
	json_t *arr = json_array();
	for (size_t i = 0; arr && !w->failed && i < ne; i++) {
		const struct vg_diag *d = vg_report_error(r, i);
		vg_rep_json_push(arr,
				 notification_json(w, "error", d->file, d->line, d->column,
						   d->message, vg_diag_code_name(d->code)),
				 &w->failed);
	}
	for (size_t i = 0; arr && !w->failed && i < nn; i++) {
		const struct vg_note *n = vg_report_note(r, i);
		vg_rep_json_push(arr, notification_json(w, "note", n->file, n->line, 0, n->message,
							NULL),
				 &w->failed);
	}
	vg_rep_json_set(inv, "toolExecutionNotifications", arr, &w->failed);
	return inv;
}

static json_t *driver_json(struct writer *w, const struct rule *rules, size_t nrules)
{
	json_t *d = json_object();
	if (!d) {
		w->failed = true;
		return NULL;
	}
	vg_rep_json_set(d, "name", vg_rep_json_str(w->o->tool_name), &w->failed);
	vg_rep_json_set(d, "version", vg_rep_json_str(w->o->tool_version), &w->failed);
	if (is_semver(w->o->tool_version))
		vg_rep_json_set(d, "semanticVersion", vg_rep_json_str(w->o->tool_version),
				&w->failed);
	vg_rep_json_set(d, "informationUri", json_string(INFORMATION_URI), &w->failed);
	json_t *arr = json_array();
	for (size_t i = 0; arr && !w->failed && i < nrules; i++)
		vg_rep_json_push(arr, rule_json(&rules[i], &w->s1, &w->s2, &w->failed), &w->failed);
	vg_rep_json_set(d, "rules", arr, &w->failed);
	return d;
}

static json_t *base_ids_json(struct writer *w)
{
	struct vg_strbuf *b = &w->s1;
	vg_strbuf_reset(b);
	if (vg_strbuf_puts(b, "file://") < 0 ||
	    put_uri_escaped(b, vg_strbuf_str(&w->uri.base), w->uri.base.len) < 0 ||
	    vg_strbuf_putc(b, '/') < 0) {
		w->failed = true;
		return NULL;
	}
	json_t *ids = json_object();
	json_t *root = json_object();
	if (root)
		vg_rep_json_set(root, "uri", vg_rep_json_str(vg_strbuf_str(b)), &w->failed);
	if (ids)
		vg_rep_json_set(ids, BASE_ID, root, &w->failed);
	else
		json_decref(root);
	return ids;
}

int vg_rep_write_sarif(const struct vg_report *r, const struct vg_rep_opts *o, FILE *out)
{
	struct writer w = { .r = r, .o = o };
	struct rule *rules = NULL;
	size_t nrules = 0;
	json_t *root = NULL;
	char *cwd = NULL;
	int ret;

	vg_strbuf_init(&w.s1, 0);
	vg_strbuf_init(&w.s2, 0);
	vg_strbuf_init(&w.last_uri, 0);
	ret = uri_ctx_init(&w.uri, o->base_dir, &cwd);
	if (ret < 0)
		goto out;
	ret = collect_rules(r, &rules, &nrules);
	if (ret < 0)
		goto out;

	root = json_object();
	json_t *runs = json_array();
	json_t *run = json_object();
	json_t *tool = json_object();
	if (!root || !runs || !run || !tool) {
		json_decref(runs);
		json_decref(run);
		json_decref(tool);
		ret = -ENOMEM;
		goto out;
	}
	vg_rep_json_set(root, "$schema", json_string(SARIF_SCHEMA), &w.failed);
	vg_rep_json_set(root, "version", json_string(SARIF_VERSION), &w.failed);
	vg_rep_json_push(runs, run, &w.failed);
	vg_rep_json_set(root, "runs", runs, &w.failed);

	vg_rep_json_set(tool, "driver", driver_json(&w, rules, nrules), &w.failed);
	vg_rep_json_set(run, "tool", tool, &w.failed);
	if (w.uri.has_base)
		vg_rep_json_set(run, "originalUriBaseIds", base_ids_json(&w), &w.failed);
	json_t *invs = json_array();
	if (invs)
		vg_rep_json_push(invs, invocation_json(&w), &w.failed);
	vg_rep_json_set(run, "invocations", invs, &w.failed);

	/* "results" is the run's last key and the run the document's last value: dump the
	 * document with an empty placeholder, then stream the results into its place one at a
	 * time, so memory stays flat however many findings there are */
	vg_rep_json_set(run, "results", json_array(), &w.failed);
	char *text = w.failed ? NULL : json_dumps(root, JSON_INDENT(2));
	if (!text) {
		ret = -ENOMEM;
		goto out;
	}
	static const char placeholder[] = "\"results\": []";
	char *at = NULL;
	for (char *p = strstr(text, placeholder); p; p = strstr(p + 1, placeholder))
		at = p;
	if (!at) {
		free(text);
		ret = -EINVAL;
		goto out;
	}
	size_t head = (size_t)(at - text) + sizeof(placeholder) - 2; /* through the '[' */
	ret = fwrite(text, 1, head, out) == head ? 0 : -EIO;
	size_t n = vg_report_count(r);
	for (size_t i = 0; ret == 0 && i < n; i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		json_t *res = result_json(&w, f, rule_index(rules, nrules, f->id));
		char *rt = res && !w.failed ? json_dumps(res, JSON_INDENT(2)) : NULL;
		json_decref(res);
		if (!rt) {
			ret = -ENOMEM;
			break;
		}
		if (fputs(i ? ",\n        " : "\n        ", out) == EOF)
			ret = -EIO;
		for (const char *p = rt; ret == 0 && *p; p++)
			if (fputc(*p, out) == EOF || (*p == '\n' && fputs("        ", out) == EOF))
				ret = -EIO;
		free(rt);
	}
	if (ret == 0 && n && fputs("\n      ", out) == EOF)
		ret = -EIO;
	const char *tail = at + sizeof(placeholder) - 2; /* from the ']' */
	if (ret == 0 && (fputs(tail, out) == EOF || fputc('\n', out) == EOF || fflush(out) != 0 ||
			 ferror(out)))
		ret = -EIO;
	free(text);
out:
	json_decref(root);
	free(rules);
	free(cwd);
	uri_ctx_release(&w.uri);
	vg_strbuf_release(&w.s1);
	vg_strbuf_release(&w.s2);
	vg_strbuf_release(&w.last_uri);
	return ret;
}
