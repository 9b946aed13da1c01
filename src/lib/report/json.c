/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c - the JSON report (schema: docs/json-schema.md, docs/report.schema.json) and the
 * jansson helpers the SARIF writer shares.
 *
 * Keys are inserted in the documented order and jansson keeps insertion order, so the output
 * is byte-for-byte stable. Strings from the input are UTF-8; invalid bytes become U+FFFD
 * (jansson refuses invalid UTF-8, and a report must never be lost to one bad byte).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

/* ---- jansson helpers ------------------------------------------------------------------- */

json_t *vg_rep_json_str(const char *s)
{
	if (!s)
		return json_null();
	size_t len = strlen(s);
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	while (i < len) {
		size_t n = vg_rep_utf8_decode(u + i, len - i, &cp);
		if (n == 0)
			break;
		i += n;
	}
	if (i == len)
		return json_stringn_nocheck(s, len);

	/* repair: copy valid sequences, replace each invalid byte by U+FFFD */
	struct vg_strbuf b;
	vg_strbuf_init(&b, 0);
	int r = vg_strbuf_append(&b, s, i);
	while (r == 0 && i < len) {
		size_t n = vg_rep_utf8_decode(u + i, len - i, &cp);
		if (n == 0) {
			r = vg_strbuf_append(&b, "\xef\xbf\xbd", 3);
			i++;
		} else {
			r = vg_strbuf_append(&b, s + i, n);
			i += n;
		}
	}
	json_t *j = r == 0 ? json_stringn_nocheck(vg_strbuf_str(&b), b.len) : NULL;
	vg_strbuf_release(&b);
	return j;
}

json_t *vg_rep_json_uint(uint64_t v)
{
	/* json_int_t is long long (64 bits); counts never come near the clamp */
	return json_integer((json_int_t)(v > (uint64_t)INT64_MAX ? (uint64_t)INT64_MAX : v));
}

void vg_rep_json_set(json_t *obj, const char *key, json_t *v, bool *failed)
{
	/* json_object_set_new releases @v itself when it fails */
	if (!v || json_object_set_new(obj, key, v) != 0)
		*failed = true;
}

void vg_rep_json_push(json_t *arr, json_t *v, bool *failed)
{
	if (!v || json_array_append_new(arr, v) != 0)
		*failed = true;
}

int vg_rep_json_dump(const json_t *root, FILE *out)
{
	char *text = json_dumps(root, JSON_INDENT(2));
	if (!text)
		return -ENOMEM;
	size_t len = strlen(text);
	int r = 0;
	if (fwrite(text, 1, len, out) != len || fputc('\n', out) == EOF || fflush(out) != 0 ||
	    ferror(out))
		r = -EIO;
	free(text);
	return r;
}

/* ---- the report ------------------------------------------------------------------------ */

static json_t *finding_json(const struct vg_finding *f, bool *failed)
{
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "id", vg_rep_json_str(f->id), failed);
	vg_rep_json_set(o, "severity", json_string(vg_severity_name(f->severity)), failed);
	vg_rep_json_set(o, "title", vg_rep_json_str(f->title), failed);
	vg_rep_json_set(o, "message", vg_rep_json_str(f->message), failed);
	vg_rep_json_set(o, "remediation", vg_rep_json_str(f->remediation), failed);
	vg_rep_json_set(o, "file", vg_rep_json_str(f->file), failed);
	vg_rep_json_set(o, "line", json_integer(f->line), failed);
	vg_rep_json_set(o, "column", json_integer(f->column), failed);

	json_t *obj = json_object();
	if (obj) {
		vg_rep_json_set(obj, "apiVersion", vg_rep_json_str(f->object.api_version), failed);
		vg_rep_json_set(obj, "kind", vg_rep_json_str(f->object.kind), failed);
		vg_rep_json_set(obj, "namespace", vg_rep_json_str(f->object.namespace), failed);
		vg_rep_json_set(obj, "name", vg_rep_json_str(f->object.name), failed);
	}
	vg_rep_json_set(o, "object", obj, failed);
	vg_rep_json_set(o, "path", vg_rep_json_str(f->path), failed);

	struct vg_ref refs[2 * VG_MAX_REFS];
	size_t nrefs = vg_rep_merged_refs(f, refs);
	json_t *jr = json_object();
	for (size_t i = 0; jr && i < nrefs; i++)
		vg_rep_json_set(jr, refs[i].key, vg_rep_json_str(refs[i].value ? refs[i].value : ""),
				failed);
	vg_rep_json_set(o, "refs", jr, failed);
	if (f->pkg) {
		const struct vg_finding_pkg *p = f->pkg;
		json_t *jp = json_object();
		if (jp) {
			vg_rep_json_set(jp, "name", vg_rep_json_str(p->name), failed);
			vg_rep_json_set(jp, "version", vg_rep_json_str(p->version), failed);
			vg_rep_json_set(jp, "fixedVersion", vg_rep_json_str(p->fixed_version), failed);
			vg_rep_json_set(jp, "ecosystem", vg_rep_json_str(p->ecosystem), failed);
			vg_rep_json_set(jp, "purl", vg_rep_json_str(p->purl), failed);
			vg_rep_json_set(jp, "type", vg_rep_json_str(p->type), failed);
			vg_rep_json_set(jp, "layer", vg_rep_json_str(p->layer),
					failed);
			vg_rep_json_set(jp, "aliases", vg_rep_json_str(p->aliases), failed);
			vg_rep_json_set(jp, "score", p->score >= 0 ? json_real(p->score) : json_null(),
					failed);
			vg_rep_json_set(jp, "cvssVector", vg_rep_json_str(p->cvss_vector), failed);
			vg_rep_json_set(jp, "url", vg_rep_json_str(p->url), failed);
		}
		vg_rep_json_set(o, "package", jp, failed);
	}
	if (f->suppressed) {
		json_t *js = json_object();
		if (js) {
			vg_rep_json_set(js, "kind", json_string(vg_suppression_name(f->suppressed)),
					failed);
			vg_rep_json_set(js, "justification", vg_rep_json_str(f->justification), failed);
		}
		vg_rep_json_set(o, "suppressed", js, failed);
	}
	return o;
}

static json_t *error_json(const struct vg_diag *d, bool *failed)
{
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "file", vg_rep_json_str(d->file[0] ? d->file : NULL), failed);
	vg_rep_json_set(o, "line", json_integer(d->line), failed);
	vg_rep_json_set(o, "column", json_integer(d->column), failed);
	vg_rep_json_set(o, "code", json_string(vg_diag_code_name(d->code)), failed);
	vg_rep_json_set(o, "message", vg_rep_json_str(d->message), failed);
	return o;
}

static json_t *note_json(const struct vg_note *n, bool *failed)
{
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "file", vg_rep_json_str(n->file), failed);
	vg_rep_json_set(o, "line", json_integer(n->line), failed);
	vg_rep_json_set(o, "message", vg_rep_json_str(n->message), failed);
	return o;
}

static json_t *summary_json(const struct vg_report *r, bool *failed)
{
	const struct vg_scan_stats *st = vg_report_stats_const(r);
	json_t *o = json_object();
	if (!o) {
		*failed = true;
		return NULL;
	}
	vg_rep_json_set(o, "files", vg_rep_json_uint(st->files), failed);
	vg_rep_json_set(o, "documents", vg_rep_json_uint(st->documents), failed);
	vg_rep_json_set(o, "objects", vg_rep_json_uint(st->objects), failed);
	json_t *sk = json_object();
	if (sk) {
		vg_rep_json_set(sk, "non_kubernetes", vg_rep_json_uint(st->skipped_non_k8s), failed);
		vg_rep_json_set(sk, "helm_templates", vg_rep_json_uint(st->skipped_helm), failed);
		vg_rep_json_set(sk, "empty", vg_rep_json_uint(st->skipped_empty), failed);
	}
	vg_rep_json_set(o, "skipped", sk, failed);
	vg_rep_json_set(o, "errors", vg_rep_json_uint(st->errors), failed);
	size_t ns = vg_report_suppressed_count(r);
	vg_rep_json_set(o, "findings", vg_rep_json_uint(vg_report_count(r) - ns), failed);
	vg_rep_json_set(o, "suppressed", vg_rep_json_uint(ns), failed);
	json_t *bs = json_object();
	for (int s = VG_SEV_CRITICAL; bs && s >= VG_SEV_INFO; s--)
		vg_rep_json_set(bs, vg_severity_name((enum vg_severity)s),
				vg_rep_json_uint(vg_report_count_severity(r, (enum vg_severity)s)),
				failed);
	vg_rep_json_set(o, "by_severity", bs, failed);
	return o;
}

/* Write @v as json_dumps(JSON_INDENT(2)) would inside a document, where it starts at nesting
 * @indent (every line after the first is shifted by @indent spaces). */
static int write_nested(const json_t *v, int indent, FILE *out)
{
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);
	if (!text)
		return -ENOMEM;
	int r = 0;
	for (const char *p = text; *p && r == 0; p++) {
		if (fputc(*p, out) == EOF)
			r = -EIO;
		else if (*p == '\n' && fprintf(out, "%*s", indent, "") < 0)
			r = -EIO;
	}
	free(text);
	return r;
}

/*
 * The report is written piece by piece - one finding's JSON tree at a time - so that memory
 * stays flat however many findings there are; the bytes are exactly those of dumping the whole
 * document with JSON_INDENT(2).
 */
int vg_rep_write_json(const struct vg_report *r, const struct vg_rep_opts *o, FILE *out)
{
	bool failed = false;
	int ret = 0;
	json_t *tool = json_object(), *rest = NULL;
	if (!tool)
		return -ENOMEM;
	vg_rep_json_set(tool, "name", vg_rep_json_str(o->tool_name), &failed);
	vg_rep_json_set(tool, "version", vg_rep_json_str(o->tool_version), &failed);
	if (failed) {
		json_decref(tool);
		return -ENOMEM;
	}
	if (fputs("{\n  \"tool\": ", out) == EOF)
		ret = -EIO;
	if (ret == 0)
		ret = write_nested(tool, 2, out);
	json_decref(tool);
	if (ret == 0 && fputs(",\n  \"findings\": [", out) == EOF)
		ret = -EIO;
	size_t n = vg_report_count(r), shown = 0;
	for (size_t i = 0; ret == 0 && i < n; i++) {
		const struct vg_finding *vf = vg_report_get(r, i);
		if (!vg_rep_shown(o, vf))
			continue;
		json_t *f = finding_json(vf, &failed);
		if (failed || !f) {
			json_decref(f);
			ret = -ENOMEM;
			break;
		}
		if (fputs(shown++ ? ",\n    " : "\n    ", out) == EOF)
			ret = -EIO;
		if (ret == 0)
			ret = write_nested(f, 4, out);
		json_decref(f);
	}
	if (ret == 0 && fputs(shown ? "\n  ]," : "],", out) == EOF)
		ret = -EIO;
	if (ret < 0)
		return ret;

	/* the small tail: errors, notes, summary, dumped as one object without its braces */
	rest = json_object();
	if (!rest)
		return -ENOMEM;
	json_t *arr = json_array();
	for (size_t i = 0; arr && !failed && i < vg_report_error_count(r); i++)
		vg_rep_json_push(arr, error_json(vg_report_error(r, i), &failed), &failed);
	vg_rep_json_set(rest, "errors", arr, &failed);
	arr = json_array();
	for (size_t i = 0; arr && !failed && i < vg_report_note_count(r); i++)
		vg_rep_json_push(arr, note_json(vg_report_note(r, i), &failed), &failed);
	vg_rep_json_set(rest, "notes", arr, &failed);
	vg_rep_json_set(rest, "summary", summary_json(r, &failed), &failed);
	char *text = failed ? NULL : json_dumps(rest, JSON_INDENT(2));
	json_decref(rest);
	if (!text)
		return -ENOMEM;
	/* "{\n  ...\n}": keep the inside, it is already at the right depth */
	size_t len = strlen(text);
	if (len < 4 || fwrite(text + 1, 1, len - 1, out) != len - 1 || fputc('\n', out) == EOF ||
	    fflush(out) != 0 || ferror(out))
		ret = -EIO;
	free(text);
	return ret;
}
