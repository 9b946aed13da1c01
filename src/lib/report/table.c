/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.c - the human-readable report, for terminals and logs.
 *
 *   deploy/web.yaml
 *     12:5  HIGH      VG-PSS-002  Privileged  Deployment default/web  spec.template.spec...
 *           container "web" runs privileged
 *
 *   deploy/bad.yaml:3:7: error: mapping values are not allowed in this context
 *   chart/templates/x.yaml: note: skipped unrendered Helm template
 *
 *   3 files, 12 objects: 1 finding (0 critical, 1 high, 0 medium, 0 low, 0 info), 1 error
 *
 * Suppressed findings are left out (the summary counts them: ", 2 suppressed") unless the
 * writer is asked to show them; then they carry a line "suppressed (SOURCE): reason".
 * Findings are grouped by runs of the same file (call vg_report_sort() first for one group
 * per file). The location, severity and ID columns are padded to the widest entry of the
 * report. Every string that came from the input is printed through put_text(), which escapes
 * control characters, C1 controls, bidirectional overrides and invalid UTF-8: a hostile
 * manifest must not be able to drive the terminal or disguise what it shows.
 * ANSI colours only when asked for.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "report/report_internal.h"
#include "util/banned.h"

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_ERROR "\033[1;31m"
#define SGR_NOTE "\033[1;36m"
#define SGR_CLEAN "\033[1;32m"

#define SEV_WIDTH 8 /* "CRITICAL" */

static const char *const sev_upper[VG_SEV_COUNT] = {
	[VG_SEV_INFO] = "INFO",
	[VG_SEV_LOW] = "LOW",
	[VG_SEV_MEDIUM] = "MEDIUM",
	[VG_SEV_HIGH] = "HIGH",
	[VG_SEV_CRITICAL] = "CRITICAL",
};

static const char *const sev_sgr[VG_SEV_COUNT] = {
	[VG_SEV_INFO] = "\033[36m",     /* cyan */
	[VG_SEV_LOW] = "\033[34m",      /* blue */
	[VG_SEV_MEDIUM] = "\033[33m",   /* yellow */
	[VG_SEV_HIGH] = "\033[31m",     /* red */
	[VG_SEV_CRITICAL] = "\033[1;35m", /* bold magenta */
};

struct table {
	FILE *out;
	bool color;
};

static void sgr(const struct table *t, const char *code)
{
	if (t->color)
		fputs(code, t->out);
}

static void pad(const struct table *t, size_t n)
{
	while (n--)
		fputc(' ', t->out);
}

/* True for code points a terminal must not receive raw: C1 controls and bidi controls. */
static bool cp_unsafe(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Print untrusted text with escapes for everything that is not printable, valid UTF-8. */
static void put_text(const struct table *t, const char *s)
{
	if (!s)
		return;
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), run = 0, i = 0;
	while (i < len) {
		uint32_t cp = 0;
		size_t n = vg_rep_utf8_decode(u + i, len - i, &cp);
		bool ok = n > 0 && cp >= 0x20 && cp != 0x7f && !cp_unsafe(cp);
		if (ok) {
			i += n;
			continue;
		}
		fwrite(s + run, 1, i - run, t->out);
		if (n == 0) {
			fprintf(t->out, "\\x%02x", u[i]);
			n = 1;
		} else if (cp == '\n') {
			fputs("\\n", t->out);
		} else if (cp == '\r') {
			fputs("\\r", t->out);
		} else if (cp == '\t') {
			fputs("\\t", t->out);
		} else if (cp < 0x80) {
			fprintf(t->out, "\\x%02x", (unsigned)cp);
		} else {
			fprintf(t->out, "\\u%04" PRIx32, cp);
		}
		i += n;
		run = i;
	}
	fwrite(s + run, 1, len - run, t->out);
}

/* How a file is shown: standard input ("-") as "<stdin>". */
static const char *display_name(const char *file)
{
	if (!file)
		return "<unknown file>";
	return strcmp(file, "-") == 0 ? "<stdin>" : file;
}

/* "12:5", "12" or "-" into @buf (room for two uint32 and a colon). */
static size_t format_loc(uint32_t line, uint32_t column, char *buf, size_t size)
{
	int n;
	if (line && column)
		n = snprintf(buf, size, "%" PRIu32 ":%" PRIu32, line, column);
	else if (line)
		n = snprintf(buf, size, "%" PRIu32, line);
	else
		n = snprintf(buf, size, "-");
	return n > 0 ? (size_t)n : 0;
}

static void put_object(const struct table *t, const struct vg_object_ref *o)
{
	bool kind = o->kind && *o->kind, name = o->name && *o->name;
	if (!kind && !name)
		return;
	fputs("  ", t->out);
	if (kind)
		put_text(t, o->kind);
	if (!name)
		return;
	if (kind)
		fputc(' ', t->out);
	if (o->namespace && *o->namespace) {
		put_text(t, o->namespace);
		fputc('/', t->out);
	}
	put_text(t, o->name);
}

static void write_findings(const struct table *t, const struct vg_report *r,
			   const struct vg_rep_opts *o)
{
	char loc[32];
	size_t locw = 0, idw = 0, n = vg_report_count(r);
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (!vg_rep_shown(o, f))
			continue;
		size_t w = format_loc(f->line, f->column, loc, sizeof(loc));
		locw = w > locw ? w : locw;
		w = strlen(f->id);
		idw = w > idw ? w : idw;
	}
	const char *file = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (!vg_rep_shown(o, f))
			continue;
		if (first || (f->file != file && (!f->file || !file || strcmp(f->file, file) != 0))) {
			if (!first)
				fputc('\n', t->out);
			first = false;
			sgr(t, SGR_BOLD);
			put_text(t, display_name(f->file));
			sgr(t, SGR_RESET);
			fputc('\n', t->out);
			file = f->file;
		}
		size_t w = format_loc(f->line, f->column, loc, sizeof(loc));
		fputs("  ", t->out);
		sgr(t, SGR_DIM);
		fputs(loc, t->out);
		sgr(t, SGR_RESET);
		pad(t, locw - w + 2);
		sgr(t, sev_sgr[f->severity]);
		fputs(sev_upper[f->severity], t->out);
		sgr(t, SGR_RESET);
		pad(t, SEV_WIDTH - strlen(sev_upper[f->severity]) + 2);
		put_text(t, f->id);
		pad(t, idw - strlen(f->id) + 2);
		if (f->pkg) {
			/* a vulnerability: the package, what is installed and what fixes it */
			sgr(t, SGR_BOLD);
			put_text(t, f->pkg->name ? f->pkg->name : "");
			sgr(t, SGR_RESET);
			fputc(' ', t->out);
			put_text(t, f->pkg->version ? f->pkg->version : "");
			fputs(f->pkg->fixed_version ? " -> " : " (no fix)", t->out);
			if (f->pkg->fixed_version)
				put_text(t, f->pkg->fixed_version);
			fputs("  ", t->out);
			put_text(t, f->title);
		} else {
			put_text(t, f->title);
			put_object(t, &f->object);
		}
		if (f->path && *f->path) {
			fputs("  ", t->out);
			sgr(t, SGR_DIM);
			put_text(t, f->path);
			sgr(t, SGR_RESET);
		}
		fputc('\n', t->out);
		pad(t, 2 + locw + 2);
		put_text(t, f->message);
		fputc('\n', t->out);
		if (f->suppressed) {
			pad(t, 2 + locw + 2);
			sgr(t, SGR_DIM);
			fprintf(t->out, "suppressed (%s)", vg_suppression_name(f->suppressed));
			if (f->justification && *f->justification) {
				fputs(": ", t->out);
				put_text(t, f->justification);
			}
			sgr(t, SGR_RESET);
			fputc('\n', t->out);
		}
	}
}

/* "file:line:column: " (parts that are unknown are left out). */
static void put_where(const struct table *t, const char *file, uint32_t line, uint32_t column)
{
	if (!file || !*file)
		return;
	sgr(t, SGR_BOLD);
	put_text(t, display_name(file));
	if (line)
		fprintf(t->out, ":%" PRIu32, line);
	if (line && column)
		fprintf(t->out, ":%" PRIu32, column);
	fputc(':', t->out);
	sgr(t, SGR_RESET);
	fputc(' ', t->out);
}

static void put_count(const struct table *t, uint64_t n, const char *one, const char *many,
		      const char *code)
{
	if (n && code)
		sgr(t, code);
	fprintf(t->out, "%" PRIu64 " %s", n, n == 1 ? one : many);
	if (n && code)
		sgr(t, SGR_RESET);
}

static void write_summary(const struct table *t, const struct vg_report *r)
{
	const struct vg_scan_stats *st = vg_report_stats_const(r);
	size_t ns = vg_report_suppressed_count(r);
	size_t n = vg_report_count(r) - ns;
	put_count(t, st->files, "file", "files", NULL);
	fputs(", ", t->out);
	put_count(t, st->objects, "object", "objects", NULL);
	uint64_t skipped = st->skipped_non_k8s + st->skipped_helm + st->skipped_empty;
	if (skipped) {
		/* nothing is dropped silently: say what was not checked and why */
		const char *sep = "";
		fprintf(t->out, " (%" PRIu64 " skipped: ", skipped);
		if (st->skipped_non_k8s) {
			fprintf(t->out, "%" PRIu64 " not Kubernetes", st->skipped_non_k8s);
			sep = ", ";
		}
		if (st->skipped_helm) {
			fprintf(t->out, "%s%" PRIu64 " Helm template%s", sep, st->skipped_helm,
				st->skipped_helm == 1 ? "" : "s");
			sep = ", ";
		}
		if (st->skipped_empty)
			fprintf(t->out, "%s%" PRIu64 " empty", sep, st->skipped_empty);
		fputc(')', t->out);
	}
	fputs(": ", t->out);
	if (n == 0) {
		sgr(t, SGR_CLEAN);
		fputs("no findings", t->out);
		sgr(t, SGR_RESET);
	} else {
		put_count(t, n, "finding", "findings", SGR_BOLD);
		fputs(" (", t->out);
		for (int s = VG_SEV_CRITICAL; s >= VG_SEV_INFO; s--) {
			size_t c = vg_report_count_severity(r, (enum vg_severity)s);
			put_count(t, c, vg_severity_name((enum vg_severity)s),
				  vg_severity_name((enum vg_severity)s), sev_sgr[s]);
			fputs(s > VG_SEV_INFO ? ", " : ")", t->out);
		}
	}
	if (ns)
		fprintf(t->out, ", %zu suppressed", ns);
	if (st->errors) {
		fputs(", ", t->out);
		put_count(t, st->errors, "error", "errors", SGR_ERROR);
	}
	fputc('\n', t->out);
}

int vg_rep_write_table(const struct vg_report *r, const struct vg_rep_opts *o, FILE *out)
{
	const struct table t = { .out = out, .color = o->color };
	bool any = false;

	if (vg_report_count(r) > (o->show_suppressed ? 0 : vg_report_suppressed_count(r))) {
		write_findings(&t, r, o);
		any = true;
	}
	if (vg_report_error_count(r)) {
		if (any)
			fputc('\n', out);
		for (size_t i = 0; i < vg_report_error_count(r); i++) {
			const struct vg_diag *d = vg_report_error(r, i);
			put_where(&t, d->file, d->line, d->column);
			sgr(&t, SGR_ERROR);
			fputs("error:", out);
			sgr(&t, SGR_RESET);
			fputc(' ', out);
			put_text(&t, d->message);
			fputc('\n', out);
		}
		any = true;
	}
	if (vg_report_note_count(r)) {
		if (any)
			fputc('\n', out);
		for (size_t i = 0; i < vg_report_note_count(r); i++) {
			const struct vg_note *nt = vg_report_note(r, i);
			put_where(&t, nt->file, nt->line, 0);
			sgr(&t, SGR_NOTE);
			fputs("note:", out);
			sgr(&t, SGR_RESET);
			fputc(' ', out);
			put_text(&t, nt->message);
			fputc('\n', out);
		}
		any = true;
	}
	if (any)
		fputc('\n', out);
	write_summary(&t, r);
	if (fflush(out) != 0 || ferror(out))
		return -EIO;
	return 0;
}
