/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alert/format.c - Falco's alert formats: the text line and the JSON object.
 *
 * Text (falcosecurity/falco userspace/falco/falco_outputs.cpp with time_format_iso_8601: true):
 *   "2024-01-01T00:00:00.123456789+0000: Warning <output>"
 * JSON (userspace/engine/formats.cpp, nlohmann::json: an std::map, so keys are sorted and
 * output_fields keys too; tags are an std::set, so sorted and unique):
 *   {"hostname":..,"output":<the text line>,"output_fields":{..,"evt.time":<ns>,..},
 *    "priority":..,"rule":..,"source":..,"tags":[..],"time":"2024-01-01T00:00:00.123456789Z"}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/alert_internal.h"
#include "util/strbuf.h"
#include "vigil/alert.h"

static void split_time(int64_t t, struct tm *tm, unsigned long *ret_ns)
{
	int64_t secs = t / 1000000000;
	int64_t ns = t % 1000000000;
	if (ns < 0) {
		ns += 1000000000;
		secs--;
	}
	time_t tt = (time_t)secs;
	if (!gmtime_r(&tt, tm))
		memset(tm, 0, sizeof(*tm));
	*ret_ns = (unsigned long)ns;
}

size_t vg_alert_time_text(int64_t time_ns, char *buf, size_t cap)
{
	struct tm tm;
	unsigned long ns;
	split_time(time_ns, &tm, &ns);
	int n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%09lu+0000", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	return n < 0 ? 0 : (size_t)n;
}

size_t vg_alert_time_rfc3339(int64_t time_ns, char *buf, size_t cap)
{
	struct tm tm;
	unsigned long ns;
	split_time(time_ns, &tm, &ns);
	int n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%09luZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	return n < 0 ? 0 : (size_t)n;
}

size_t vg_alert_format_text(const struct vg_alert *a, char *buf, size_t cap)
{
	char t[64];
	vg_alert_time_text(a->time_ns, t, sizeof(t));
	int n = snprintf(buf, cap, "%s: %s %s", t, vg_priority_name(a->priority),
			 a->output ? a->output : "");
	return n < 0 ? 0 : (size_t)n;
}

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	unsigned cp = c & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* A JSON string as nlohmann::json::dump() writes it (\b \f \n \r \t, other controls \u00XX,
 * UTF-8 as is); invalid UTF-8 becomes U+FFFD (nlohmann's error_handler_t::replace). */
int vg_alert_json_str(struct vg_strbuf *b, const char *s, size_t len)
{
	int r = vg_strbuf_putc(b, '"');
	size_t i = 0;
	while (r == 0 && i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char tmp[8];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			r = vg_strbuf_puts(b, esc);
			i++;
		} else if (c < 0x20) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			r = vg_strbuf_puts(b, tmp);
			i++;
		} else if (c < 0x80) {
			size_t j = i;
			while (j < len && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x80 &&
			       s[j] != '"' && s[j] != '\\')
				j++;
			r = vg_strbuf_append(b, s + i, j - i);
			i = j;
		} else {
			size_t l = utf8_len((const unsigned char *)s + i, len - i);
			if (l == 0) {
				r = vg_strbuf_puts(b, "\xef\xbf\xbd");
				i++;
			} else {
				r = vg_strbuf_append(b, s + i, l);
				i += l;
			}
		}
	}
	if (r == 0)
		r = vg_strbuf_putc(b, '"');
	return r;
}

static int json_cstr(struct vg_strbuf *b, const char *s)
{
	return vg_alert_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

static int cmp_field(const void *x, const void *y)
{
	const struct vg_alert_field *a = *(const struct vg_alert_field *const *)x;
	const struct vg_alert_field *b = *(const struct vg_alert_field *const *)y;
	return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int field_value(struct vg_strbuf *b, const struct vg_alert_field *f)
{
	switch (f->type) {
	case VG_AF_STR:
		return f->str ? json_cstr(b, f->str) : vg_strbuf_puts(b, "null");
	case VG_AF_U64:
		return vg_strbuf_printf(b, "%llu", (unsigned long long)f->u);
	case VG_AF_I64:
		return vg_strbuf_printf(b, "%lld", (long long)f->i);
	case VG_AF_BOOL:
		return vg_strbuf_puts(b, f->b ? "true" : "false");
	case VG_AF_NULL:
	default:
		return vg_strbuf_puts(b, "null");
	}
}

int vg_alert_format_json(const struct vg_alert *a, char **ret_json)
{
	if (!a || !ret_json)
		return -EINVAL;
	struct vg_strbuf b = VG_STRBUF_INIT;
	const struct vg_alert_field **fs = NULL;
	const char **tags = NULL;
	int r = -ENOMEM;
	/* output_fields: the rule's fields plus evt.time from the "%evt.time: " prefix, sorted by
	 * key, the last duplicate winning (std::map assignment). */
	struct vg_alert_field tfield = { .name = "evt.time", .type = VG_AF_U64,
					 .u = (uint64_t)a->time_ns };
	size_t nf = a->nfields + 1;
	fs = calloc(nf, sizeof(*fs));
	tags = calloc(a->ntags + 1, sizeof(*tags));
	if (!fs || !tags)
		goto out;
	fs[0] = &tfield;
	for (size_t i = 0; i < a->nfields; i++)
		fs[i + 1] = &a->fields[i];
	/* a stable sort keeps later duplicates after earlier ones: insertion sort (small n) */
	for (size_t i = 1; i < nf; i++) {
		const struct vg_alert_field *x = fs[i];
		size_t j = i;
		while (j > 0 && cmp_field(&fs[j - 1], &x) > 0) {
			fs[j] = fs[j - 1];
			j--;
		}
		fs[j] = x;
	}
	size_t nt = 0;
	for (size_t i = 0; i < a->ntags; i++)
		if (a->tags[i])
			tags[nt++] = a->tags[i];
	qsort(tags, nt, sizeof(*tags), cmp_str);

	char line_time[64], iso[64];
	vg_alert_time_text(a->time_ns, line_time, sizeof(line_time));
	vg_alert_time_rfc3339(a->time_ns, iso, sizeof(iso));
	if (vg_strbuf_puts(&b, "{\"hostname\":") || json_cstr(&b, a->hostname) ||
	    vg_strbuf_puts(&b, ",\"output\":"))
		goto out;
	{
		struct vg_strbuf line = VG_STRBUF_INIT;
		int lr = vg_strbuf_printf(&line, "%s: %s %s", line_time,
					  vg_priority_name(a->priority), a->output ? a->output : "");
		if (lr == 0)
			lr = vg_alert_json_str(&b, line.buf, line.len);
		vg_strbuf_release(&line);
		if (lr)
			goto out;
	}
	if (vg_strbuf_puts(&b, ",\"output_fields\":{"))
		goto out;
	bool first = true;
	for (size_t i = 0; i < nf; i++) {
		if (i + 1 < nf && cmp_field(&fs[i], &fs[i + 1]) == 0)
			continue; /* a later duplicate key wins */
		if ((!first && vg_strbuf_putc(&b, ',')) || json_cstr(&b, fs[i]->name) ||
		    vg_strbuf_putc(&b, ':') || field_value(&b, fs[i]))
			goto out;
		first = false;
	}
	if (vg_strbuf_puts(&b, "},\"priority\":") || json_cstr(&b, vg_priority_name(a->priority)) ||
	    vg_strbuf_puts(&b, ",\"rule\":") || json_cstr(&b, a->rule) ||
	    vg_strbuf_puts(&b, ",\"source\":") || json_cstr(&b, a->source) ||
	    vg_strbuf_puts(&b, ",\"tags\":["))
		goto out;
	for (size_t i = 0; i < nt; i++) {
		if (i > 0 && strcmp(tags[i], tags[i - 1]) == 0)
			continue;
		if ((i > 0 && vg_strbuf_putc(&b, ',')) || json_cstr(&b, tags[i]))
			goto out;
	}
	if (vg_strbuf_puts(&b, "],\"time\":") || json_cstr(&b, iso) || vg_strbuf_putc(&b, '}'))
		goto out;
	*ret_json = b.buf;
	b.buf = NULL;
	r = 0;
out:
	vg_strbuf_release(&b);
	free(fs);
	free(tags);
	return r;
}
