/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gk_kinds.c - the constraint kinds vigil evaluates natively: one row of gk_kinds[] (kind, check
 * metadata, evaluator) per kind. Each evaluator is a C port of the rego of the
 * open-policy-agent/gatekeeper-library template of the same kind (Apache-2.0): the same
 * containers, the same decisions, the same violation messages (one finding per distinct message,
 * as rego's violation set holds each message once). K8sRequiredRegistries and
 * K8sPrivilegedContainers are the two kinds of the article's constraints (docs/gatekeeper.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "policy/gk_internal.h"
#include "util/banned.h"

/* ---- helpers -------------------------------------------------------------------------- */

static const struct vg_node *P(const struct gk_eval *e, const char *key)
{
	const struct vg_node *n = vg_node_get(e->params, key);
	return n && n->kind != VG_NODE_NULL ? n : NULL;
}

static const struct vg_node *get(const struct vg_node *map, const char *key)
{
	const struct vg_node *n = vg_node_get(map, key);
	return n && n->kind != VG_NODE_NULL ? n : NULL;
}

static bool is_seq(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_SEQ;
}

static bool is_map(const struct vg_node *n)
{
	return n && n->kind == VG_NODE_MAP;
}

static bool num(const struct vg_node *n, double *ret)
{
	if (!n)
		return false;
	if (n->kind == VG_NODE_INT) {
		*ret = (double)n->v.i;
		return true;
	}
	if (n->kind == VG_NODE_FLOAT) {
		*ret = n->v.f;
		return true;
	}
	return false;
}

static bool seq_has(const struct vg_node *seq, const char *s)
{
	for (uint32_t i = 0; is_seq(seq) && i < seq->count; i++)
		if (vg_node_str_eq(seq->items[i], s))
			return true;
	return false;
}

static bool seq_has_nocase(const struct vg_node *seq, const char *s)
{
	for (uint32_t i = 0; is_seq(seq) && i < seq->count; i++) {
		const char *t = vg_node_str(seq->items[i]);
		if (t && strcasecmp(t, s) == 0)
			return true;
	}
	return false;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* exact, or a prefix when the pattern ends in "*" (lib.exempt_container, K8sAllowedReposv2) */
static bool glob_prefix(const char *pattern, const char *s)
{
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return strncmp(s, pattern, n - 1) == 0;
	return strcmp(pattern, s) == 0;
}

static bool any_glob_prefix(const struct vg_node *seq, const char *s)
{
	for (uint32_t i = 0; is_seq(seq) && i < seq->count; i++) {
		const char *p = vg_node_str(seq->items[i]);
		if (p && glob_prefix(p, s))
			return true;
	}
	return false;
}

/* startswith(s, any of @seq) */
static bool any_prefix(const struct vg_node *seq, const char *s)
{
	for (uint32_t i = 0; is_seq(seq) && i < seq->count; i++) {
		const char *p = vg_node_str(seq->items[i]);
		if (p && starts_with(s, p))
			return true;
	}
	return false;
}

/* Message builder: %s a C string, %v a node as rego prints it, %S a string set
 * (const char *const *, size_t), %% a percent sign. */
static int mfmt(struct gk_eval *e, const char *fmt, ...)
{
	va_list ap;
	int r = 0;

	vg_strbuf_reset(&e->msg);
	va_start(ap, fmt);
	for (const char *p = fmt; *p && r == 0; p++) {
		if (*p != '%') {
			r = vg_strbuf_putc(&e->msg, *p);
			continue;
		}
		p++;
		if (*p == 's') {
			const char *s = va_arg(ap, const char *);
			r = vg_strbuf_puts(&e->msg, s ? s : "");
		} else if (*p == 'v') {
			r = gk_fmt_value(&e->msg, va_arg(ap, const struct vg_node *));
		} else if (*p == 'S') {
			const char *const *items = va_arg(ap, const char *const *);
			size_t n = va_arg(ap, size_t);
			r = gk_fmt_set(&e->msg, items, n);
		} else if (*p == '%') {
			r = vg_strbuf_putc(&e->msg, '%');
		} else {
			r = -EINVAL;
		}
	}
	va_end(ap);
	/* make sure the buffer exists even for an empty message */
	return r ? r : vg_strbuf_append(&e->msg, "", 0);
}

/* Emit the current message at @at with the path @base + @suffix ("" for none). */
static int emit(struct gk_eval *e, const struct vg_node *at, const char *base, const char *suffix)
{
	vg_strbuf_reset(&e->path);
	int r = vg_strbuf_printf(&e->path, "%s%s%s", base, suffix && *suffix ? "." : "",
				 suffix ? suffix : "");
	return r ? r : gk_emit(e, at, vg_strbuf_str(&e->path));
}

/* ---- containers ----------------------------------------------------------------------- */

enum { F_INIT = 1, F_REG = 2, F_EPH = 4 };
#define F_ALL (F_INIT | F_REG | F_EPH)
#define F_NOEPH (F_INIT | F_REG)

struct ctr {
	const struct vg_node *n;
	const char *field;   /* "containers", "initContainers", "ephemeralContainers" */
	int bit;
	uint32_t index;
	const char *name;    /* "" when unnamed */
	const char *image;   /* NULL when not a string */
	char path[256];      /* "spec.containers[0]" */
};

typedef int (*ctr_fn)(struct gk_eval *e, const struct ctr *c);

static int each_ctr(struct gk_eval *e, int fields, ctr_fn fn)
{
	static const struct { const char *f; int bit; } order[] = {
		{ "containers", F_REG }, { "initContainers", F_INIT }, { "ephemeralContainers", F_EPH },
	};
	for (size_t f = 0; f < 3; f++) {
		if (!(fields & order[f].bit))
			continue;
		const struct vg_node *seq = get(e->rv->spec, order[f].f);
		for (uint32_t i = 0; is_seq(seq) && i < seq->count; i++) {
			const struct vg_node *n = seq->items[i];
			if (!is_map(n))
				continue;
			struct ctr c = { .n = n, .field = order[f].f, .bit = order[f].bit, .index = i };
			const char *name = vg_node_scalar(get(n, "name"));
			c.name = name ? name : "";
			c.image = vg_node_str(get(n, "image"));
			snprintf(c.path, sizeof(c.path), "%s.%s[%u]", e->rv->spec_path, order[f].f, i);
			int r = fn(e, &c);
			if (r)
				return r;
		}
	}
	return 0;
}

/* "container", "initContainer", "ephemeralContainer" as the repo/digest templates say */
static const char *ctr_word(const struct ctr *c)
{
	return c->bit == F_INIT ? "initContainer" : c->bit == F_EPH ? "ephemeralContainer" : "container";
}

static bool is_exempt(const struct gk_eval *e, const struct ctr *c)
{
	return c->image && any_glob_prefix(P(e, "exemptImages"), c->image);
}

static const struct vg_node *sc_get(const struct ctr *c, const char *key)
{
	return get(get(c->n, "securityContext"), key);
}

/* ---- K8sRequiredRegistries (the article) ----------------------------------------------- */

/* Split an image reference as Docker does: the first component is a registry when it has a
 * "." or ":" or is "localhost"; otherwise the registry is docker.io, and a one-component
 * repository lives under library/. */
static void normalize_image(const char *image, char *reg, size_t regcap, char *full, size_t fullcap)
{
	const char *slash = strchr(image, '/');
	if (slash) {
		size_t n = (size_t)(slash - image);
		bool is_reg = memchr(image, '.', n) || memchr(image, ':', n) ||
			      (n == 9 && strncmp(image, "localhost", 9) == 0);
		if (is_reg) {
			snprintf(reg, regcap, "%.*s", (int)n, image);
			snprintf(full, fullcap, "%s", image);
			return;
		}
		snprintf(reg, regcap, "docker.io");
		snprintf(full, fullcap, "docker.io/%s", image);
		return;
	}
	snprintf(reg, regcap, "docker.io");
	snprintf(full, fullcap, "docker.io/library/%s", image);
}

/* An entry without a path ("gcr.io", "gcr.io/") names a registry, compared exactly; an entry
 * with one ("registry.example.com/team/") is a repository prefix ending at a path boundary. */
static bool registry_allowed(const char *entry, const char *reg, const char *full)
{
	size_t n = strlen(entry);
	if (n && entry[n - 1] == '/')
		n--;
	if (!n)
		return false;
	if (!memchr(entry, '/', n))
		return strlen(reg) == n && strncmp(entry, reg, n) == 0;
	if (strncmp(full, entry, n) != 0)
		return false;
	char next = full[n];
	return next == '/' || next == ':' || next == '@' || next == '\0';
}

static int ev_required_registries_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *regs = P(e, "registries");
	if (!c->image || !regs)
		return 0;
	char reg[256], full[1024];
	normalize_image(c->image, reg, sizeof(reg), full, sizeof(full));
	for (uint32_t i = 0; is_seq(regs) && i < regs->count; i++) {
		const char *entry = vg_node_str(regs->items[i]);
		if (entry && registry_allowed(entry, reg, full))
			return 0;
	}
	int r = mfmt(e, "%s <%s> has an image <%s> from registry <%s>, allowed registries are %v",
		     ctr_word(c), c->name, c->image, reg, regs);
	return r ? r : emit(e, get(c->n, "image"), c->path, "image");
}

static int ev_required_registries(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_required_registries_c);
}

/* ---- image references ------------------------------------------------------------------ */

static int ev_allowed_repos_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *repos = P(e, "repos");
	if (!c->image || !repos || any_prefix(repos, c->image))
		return 0;
	int r = mfmt(e, "%s <%s> has an invalid image repo <%s>, allowed repos are %v", ctr_word(c),
		     c->name, c->image, repos);
	return r ? r : emit(e, get(c->n, "image"), c->path, "image");
}

static int ev_allowed_repos(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_allowed_repos_c);
}

static int ev_allowed_repos_v2_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *imgs = P(e, "allowedImages");
	if (!c->image || !imgs || any_glob_prefix(imgs, c->image))
		return 0;
	int r = mfmt(e, "%s <%s> has an invalid image <%s>, allowed images are %v", ctr_word(c),
		     c->name, c->image, imgs);
	return r ? r : emit(e, get(c->n, "image"), c->path, "image");
}

static int ev_allowed_repos_v2(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_allowed_repos_v2_c);
}

static int ev_disallowed_repos_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *repos = P(e, "repos");
	if (!c->image || !repos || !any_prefix(repos, c->image))
		return 0;
	int r = mfmt(e, "%s <%s> has an invalid image repo <%s>, disallowed repos are %v",
		     ctr_word(c), c->name, c->image, repos);
	return r ? r : emit(e, get(c->n, "image"), c->path, "image");
}

static int ev_disallowed_repos(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_disallowed_repos_c);
}

static int ev_disallowed_tags_c(struct gk_eval *e, const struct ctr *c)
{
	if (!c->image || is_exempt(e, c))
		return 0;
	const struct vg_node *tags = P(e, "tags");
	size_t il = strlen(c->image);
	int r = 0;
	for (uint32_t i = 0; is_seq(tags) && i < tags->count; i++) {
		const char *t = vg_node_str(tags->items[i]);
		size_t tl = t ? strlen(t) : 0;
		if (t && il > tl && c->image[il - tl - 1] == ':' &&
		    strcmp(c->image + il - tl, t) == 0) {
			r = mfmt(e, "container <%s> uses a disallowed tag <%s>; disallowed tags are %v",
				 c->name, c->image, tags);
			if (r == 0)
				r = emit(e, get(c->n, "image"), c->path, "image");
			break;
		}
	}
	if (r == 0 && !strchr(c->image, ':')) {
		r = mfmt(e, "container <%s> didn't specify an image tag <%s>", c->name, c->image);
		if (r == 0)
			r = emit(e, get(c->n, "image"), c->path, "image");
	}
	return r;
}

static int ev_disallowed_tags(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_disallowed_tags_c);
}

static bool lower_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* re_match("@[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+", image), unanchored */
static bool has_digest(const char *s)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		const char *p = at + 1;
		if (!lower_alnum(*p))
			continue;
		while (lower_alnum(*p))
			p++;
		while ((*p == '+' || *p == '.' || *p == '_' || *p == '-') && lower_alnum(p[1])) {
			p++;
			while (lower_alnum(*p))
				p++;
		}
		if (*p != ':')
			continue;
		p++;
		if (lower_alnum(*p) || (*p >= 'A' && *p <= 'Z') || *p == '=' || *p == '_' || *p == '-')
			return true;
	}
	return false;
}

static int ev_image_digests_c(struct gk_eval *e, const struct ctr *c)
{
	if (!c->image || is_exempt(e, c) || has_digest(c->image))
		return 0;
	int r = mfmt(e, "%s <%s> uses an image without a digest <%s>", ctr_word(c), c->name,
		     c->image);
	return r ? r : emit(e, get(c->n, "image"), c->path, "image");
}

static int ev_image_digests(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_image_digests_c);
}

/* ---- labels and annotations ------------------------------------------------------------- */

/* re_match (RE2 in OPA; PCRE2 here): does @pattern match anywhere in @s? -EINVAL when the
 * pattern does not compile (rego would fail the rule: no violation). */
static int re_match(const char *pattern, const char *s, size_t len, bool *ret)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err,
				       &off, NULL);
	if (!re)
		return -EINVAL;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md) {
		pcre2_code_free(re);
		return -ENOMEM;
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return -EINVAL;
	*ret = rc >= 0;
	return 0;
}

static int required_meta(struct gk_eval *e, const char *field, bool labels)
{
	const struct vg_node *want = P(e, field);
	const struct vg_node *have = get(e->rv->metadata, field);
	const struct vg_node *custom = labels ? P(e, "message") : NULL;
	char base[256];
	int r = 0;

	if (!is_seq(want))
		return 0;
	snprintf(base, sizeof(base), "%s.%s", e->rv->meta_path, field);
	const char **missing = calloc(want->count ? want->count : 1, sizeof(*missing));
	if (!missing)
		return -ENOMEM;
	size_t nm = 0;
	for (uint32_t i = 0; i < want->count; i++) {
		const char *k = vg_node_str(get(want->items[i], "key"));
		if (k && !gk_truthy(vg_node_get(have, k)))
			missing[nm++] = k;
	}
	if (nm) {
		if (custom && gk_truthy(custom))
			r = mfmt(e, "%v", custom);
		else
			r = mfmt(e, labels ? "you must provide labels: %S"
					   : "you must provide annotation(s): %S", missing, nm);
		if (r == 0)
			r = emit(e, have ? have : e->rv->metadata, base, "");
	}
	free(missing);
	for (uint32_t i = 0; r == 0 && is_map(have) && i < have->count; i++) {
		const char *k = vg_node_scalar(have->pairs[i].key);
		const struct vg_node *v = have->pairs[i].value;
		for (uint32_t j = 0; r == 0 && k && j < want->count; j++) {
			const struct vg_node *exp = want->items[j];
			const char *rx = vg_node_str(get(exp, "allowedRegex"));
			if (!vg_node_str_eq(get(exp, "key"), k) || !rx || !*rx || v->kind != VG_NODE_STR)
				continue;
			bool ok;
			int m = re_match(rx, v->text, v->len, &ok);
			if (m == -ENOMEM)
				return m;
			if (m < 0 || ok)
				continue;
			if (custom && gk_truthy(custom))
				r = mfmt(e, "%v", custom);
			else
				r = mfmt(e, labels ? "Label <%s: %v> does not satisfy allowed regex: %v"
						   : "Annotation <%s: %v> does not satisfy allowed regex: %v",
					 k, v, get(exp, "allowedRegex"));
			if (r == 0) {
				char sub[512];
				snprintf(sub, sizeof(sub), "%s", k);
				r = emit(e, v, base, sub);
			}
		}
	}
	return r;
}

static int ev_required_labels(struct gk_eval *e)
{
	return required_meta(e, "labels", true);
}

static int ev_required_annotations(struct gk_eval *e)
{
	return required_meta(e, "annotations", false);
}

/* ---- resources -------------------------------------------------------------------------- */

/* to_number(): a JSON number */
static bool to_number(const char *s, double *ret)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789.eE+-", *p))
			return false;
	char *end;
	double v = strtod(s, &end);
	if (*end)
		return false;
	*ret = v;
	return true;
}

/* ^[0-9]+(\.[0-9]+)?$ */
static bool plain_decimal(const char *s)
{
	const char *p = s;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static void replace_all(const char *s, const char *what, char *out, size_t cap)
{
	size_t wl = strlen(what), k = 0;
	for (const char *p = s; *p && k + 1 < cap;) {
		if (wl && strncmp(p, what, wl) == 0) {
			p += wl;
			continue;
		}
		out[k++] = *p++;
	}
	out[k] = '\0';
}

/* canonify_cpu: millicores */
static bool canon_cpu(const struct vg_node *n, double *ret)
{
	double v;
	if (num(n, &v)) {
		*ret = v * 1000;
		return true;
	}
	const char *s = vg_node_str(n);
	if (!s)
		return false;
	size_t len = strlen(s);
	if (len && s[len - 1] == 'm') {
		char buf[128];
		replace_all(s, "m", buf, sizeof(buf));
		return to_number(buf, ret);
	}
	if (!plain_decimal(s))
		return false;
	*ret = strtod(s, NULL) * 1000;
	return true;
}

static const struct { const char *suffix; double mult; } mem_multiples[] = {
	{ "E", 1e21 }, { "P", 1e18 }, { "T", 1e15 }, { "G", 1e12 }, { "M", 1e9 }, { "k", 1e6 },
	{ "m", 1 }, { "Ki", 1024000.0 }, { "Mi", 1048576000.0 }, { "Gi", 1073741824000.0 },
	{ "Ti", 1099511627776000.0 }, { "Pi", 1125899906842624000.0 },
	{ "Ei", 1152921504606846976000.0 },
};

static bool mem_multiple(const char *suffix, double *ret)
{
	for (size_t i = 0; i < sizeof(mem_multiples) / sizeof(mem_multiples[0]); i++) {
		if (strcmp(mem_multiples[i].suffix, suffix) == 0) {
			*ret = mem_multiples[i].mult;
			return true;
		}
	}
	return false;
}

/* canonify_mem: millibytes */
static bool canon_mem(const struct vg_node *n, double *ret)
{
	double v, mult = 1000;
	if (num(n, &v)) {
		*ret = v * 1000;
		return true;
	}
	const char *s = vg_node_str(n);
	if (!s)
		return false;
	size_t len = strlen(s);
	char suffix[3] = "";
	if (len >= 1 && mem_multiple(s + len - 1, &mult))
		snprintf(suffix, sizeof(suffix), "%s", s + len - 1);
	else if (len >= 2 && mem_multiple(s + len - 2, &mult))
		snprintf(suffix, sizeof(suffix), "%s", s + len - 2);
	else
		mult = 1000;
	char raw[128];
	if (len >= sizeof(raw))
		return false;
	replace_all(s, suffix, raw, sizeof(raw));
	if (!plain_decimal(raw))
		return false;
	*ret = strtod(raw, NULL) * mult;
	return true;
}

static bool missing_field(const struct vg_node *obj, const char *field)
{
	const struct vg_node *v = vg_node_get(obj, field);
	return !gk_truthy(v) || vg_node_str_eq(v, "");
}

static int resources_c(struct gk_eval *e, const struct ctr *c, bool limits)
{
	const char *sect = limits ? "limits" : "requests";
	const char *word = limits ? "limit" : "request";
	const struct vg_node *res = get(c->n, "resources");
	const struct vg_node *sec = get(res, sect);
	const struct vg_node *cpu = get(sec, "cpu"), *mem = get(sec, "memory");
	char sub[64];
	double v, max;
	int r = 0;

	if (is_exempt(e, c))
		return 0;
	snprintf(sub, sizeof(sub), "resources.%s", sect);
	if (cpu && !canon_cpu(cpu, &v)) {
		if ((r = mfmt(e, "container <%s> cpu %s <%v> could not be parsed", c->name, word, cpu)) ||
		    (r = emit(e, cpu, c->path, limits ? "resources.limits.cpu" : "resources.requests.cpu")))
			return r;
	}
	if (mem && !canon_mem(mem, &v)) {
		if ((r = mfmt(e, "container <%s> memory %s <%v> could not be parsed", c->name, word, mem)) ||
		    (r = emit(e, mem, c->path, limits ? "resources.limits.memory" : "resources.requests.memory")))
			return r;
	}
	if (!gk_truthy(res) || !gk_truthy(sec)) {
		r = mfmt(e, "container <%s> has no resource %s", c->name, sect);
		return r ? r : emit(e, res ? res : c->n, c->path, res ? "resources" : "");
	}
	if (missing_field(sec, "cpu")) {
		if ((r = mfmt(e, "container <%s> has no cpu %s", c->name, word)) ||
		    (r = emit(e, sec, c->path, sub)))
			return r;
	}
	if (missing_field(sec, "memory")) {
		if ((r = mfmt(e, "container <%s> has no memory %s", c->name, word)) ||
		    (r = emit(e, sec, c->path, sub)))
			return r;
	}
	const struct vg_node *pc = P(e, "cpu"), *pm = P(e, "memory");
	if (cpu && pc && canon_cpu(cpu, &v) && canon_cpu(pc, &max) && v > max) {
		if ((r = mfmt(e, "container <%s> cpu %s <%v> is higher than the maximum allowed of <%v>",
			      c->name, word, cpu, pc)) ||
		    (r = emit(e, cpu, c->path, limits ? "resources.limits.cpu" : "resources.requests.cpu")))
			return r;
	}
	if (mem && pm && canon_mem(mem, &v) && canon_mem(pm, &max) && v > max) {
		if ((r = mfmt(e, "container <%s> memory %s <%v> is higher than the maximum allowed of <%v>",
			      c->name, word, mem, pm)) ||
		    (r = emit(e, mem, c->path, limits ? "resources.limits.memory" : "resources.requests.memory")))
			return r;
	}
	return 0;
}

static int ev_container_limits_c(struct gk_eval *e, const struct ctr *c)
{
	return resources_c(e, c, true);
}

static int ev_container_limits(struct gk_eval *e)
{
	return each_ctr(e, F_NOEPH, ev_container_limits_c);
}

static int ev_container_requests_c(struct gk_eval *e, const struct ctr *c)
{
	return resources_c(e, c, false);
}

static int ev_container_requests(struct gk_eval *e)
{
	return each_ctr(e, F_NOEPH, ev_container_requests_c);
}

static int required_resources_c(struct gk_eval *e, const struct ctr *c, const char *sect)
{
	const struct vg_node *want = P(e, sect);
	const struct vg_node *have = get(get(c->n, "resources"), sect);
	if (!is_seq(want) || !want->count)
		return 0;
	const char **missing = calloc(want->count, sizeof(*missing));
	if (!missing)
		return -ENOMEM;
	size_t nm = 0;
	for (uint32_t i = 0; i < want->count; i++) {
		const char *k = vg_node_str(want->items[i]);
		if (k && !gk_truthy(vg_node_get(have, k)))
			missing[nm++] = k;
	}
	int r = 0;
	if (nm) {
		char sub[64];
		snprintf(sub, sizeof(sub), "resources.%s", sect);
		r = mfmt(e, "container <%s> does not have <%S> %s defined", c->name, missing, nm, sect);
		if (r == 0)
			r = emit(e, have ? have : c->n, c->path, have ? sub : "");
	}
	free(missing);
	return r;
}

static int ev_required_resources_c(struct gk_eval *e, const struct ctr *c)
{
	if (is_exempt(e, c))
		return 0;
	int r = required_resources_c(e, c, "limits");
	return r ? r : required_resources_c(e, c, "requests");
}

static int ev_required_resources(struct gk_eval *e)
{
	return each_ctr(e, F_NOEPH, ev_required_resources_c);
}

static int ev_required_probes_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *probes = P(e, "probes"), *types = P(e, "probeTypes");
	for (uint32_t i = 0; is_seq(probes) && i < probes->count; i++) {
		const char *probe = vg_node_str(probes->items[i]);
		if (!probe)
			continue;
		const struct vg_node *p = vg_node_get(c->n, probe);
		bool missing = !gk_truthy(p);
		if (!missing) {
			/* probe_field_empty: none of probeTypes is set in the probe */
			missing = true;
			for (uint32_t t = 0; is_seq(types) && t < types->count; t++) {
				const char *ty = vg_node_str(types->items[t]);
				if (ty && gk_truthy(vg_node_get(p, ty)))
					missing = false;
			}
		}
		if (!missing)
			continue;
		int r = mfmt(e, "Container <%s> in your <%s> <%s> has no <%s>", c->name, e->rv->kind,
			     e->rv->name, probe);
		if (r == 0)
			r = emit(e, p ? p : c->n, c->path, p ? probe : "");
		if (r)
			return r;
	}
	return 0;
}

static int ev_required_probes(struct gk_eval *e)
{
	return each_ctr(e, F_REG, ev_required_probes_c);
}

/* ---- Services, Ingresses, bindings, replicas -------------------------------------------- */

static int block_service_type(struct gk_eval *e, const char *type)
{
	const struct vg_node *t = get(e->rv->spec, "type");
	if (strcmp(e->rv->kind, "Service") != 0 || !vg_node_str_eq(t, type))
		return 0;
	int r = mfmt(e, "User is not allowed to create service of type %s", type);
	return r ? r : emit(e, t, e->rv->spec_path, "type");
}

static int ev_block_nodeport(struct gk_eval *e)
{
	return block_service_type(e, "NodePort");
}

static int ev_block_loadbalancer(struct gk_eval *e)
{
	return block_service_type(e, "LoadBalancer");
}

static int ev_block_wildcard_ingress(struct gk_eval *e)
{
	const struct vg_node *rules = get(e->rv->spec, "rules");
	if (strcmp(e->rv->kind, "Ingress") != 0)
		return 0;
	for (uint32_t i = 0; is_seq(rules) && i < rules->count; i++) {
		const struct vg_node *h = vg_node_get(rules->items[i], "host");
		const char *host = h ? vg_node_str(h) : "";
		if (!host || (*host && !strchr(host, '*')))
			continue;
		char sub[64];
		snprintf(sub, sizeof(sub), "rules[%u]%s", i, h ? ".host" : "");
		int r = mfmt(e, "Hostname '%s' is not allowed since it counts as a wildcard, which can "
				"be used to intercept traffic from other applications.", host);
		if (r == 0)
			r = emit(e, h ? h : rules->items[i], e->rv->spec_path, sub);
		if (r)
			return r;
	}
	return 0;
}

static int ev_https_only(struct gk_eval *e)
{
	const struct gk_review *rv = e->rv;
	const char *av = rv->obj->api_version;
	if (rv->pod_template || strcmp(rv->kind, "Ingress") != 0 ||
	    !(starts_with(av, "extensions/") || starts_with(av, "networking.k8s.io/")))
		return 0;
	const struct vg_node *anns = get(rv->metadata, "annotations");
	bool ann = vg_node_str_eq(vg_node_get(anns, "kubernetes.io/ingress.allow-http"), "false");
	const struct vg_node *tls = get(rv->spec, "tls");
	bool has_tls = is_seq(tls) && tls->count > 0;
	const struct vg_node *opt = P(e, "tlsOptional");
	bool tls_optional = opt && opt->kind == VG_NODE_BOOL && opt->v.b;
	int r = 0;
	if (!(has_tls && ann) && !tls_optional) {
		r = mfmt(e, "Ingress should be https. tls configuration and allow-http=false annotation "
			    "are required for %s", rv->name);
		if (r == 0)
			r = emit(e, has_tls ? (anns ? anns : rv->metadata) : (rv->spec ? rv->spec : NULL),
				 has_tls ? rv->meta_path : rv->spec_path, has_tls ? "annotations" : "");
	}
	if (r == 0 && !ann && tls_optional) {
		r = mfmt(e, "Ingress should be https. The allow-http=false annotation is required for %s",
			 rv->name);
		if (r == 0)
			r = emit(e, anns ? anns : rv->metadata, rv->meta_path, "annotations");
	}
	return r;
}

static int ev_disallow_anonymous(struct gk_eval *e)
{
	const struct gk_review *rv = e->rv;
	if (rv->pod_template)
		return 0;
	const struct vg_node *role = get(rv->obj->root, "roleRef");
	const char *rn = vg_node_str(get(role, "name"));
	if (rn && seq_has(P(e, "allowedRoles"), rn))
		return 0;
	const struct vg_node *dis = P(e, "disallowAuthenticated");
	bool authn = dis && dis->kind == VG_NODE_BOOL && dis->v.b;
	const struct vg_node *subj = get(rv->obj->root, "subjects");
	for (uint32_t i = 0; is_seq(subj) && i < subj->count; i++) {
		const struct vg_node *nm = get(subj->items[i], "name");
		if (!vg_node_str_eq(nm, "system:unauthenticated") &&
		    !vg_node_str_eq(nm, "system:anonymous") &&
		    !(authn && vg_node_str_eq(nm, "system:authenticated")))
			continue;
		char base[32];
		snprintf(base, sizeof(base), "subjects[%u]", i);
		int r = mfmt(e, "Unauthenticated user reference is not allowed in %s %s ", rv->kind,
			     rv->name);
		if (r == 0)
			r = emit(e, nm, base, "name");
		if (r)
			return r;
	}
	return 0;
}

static bool in_ranges(double v, const struct vg_node *ranges, const char *kmin, const char *kmax)
{
	for (uint32_t i = 0; is_seq(ranges) && i < ranges->count; i++) {
		double lo, hi;
		if (num(get(ranges->items[i], kmin), &lo) && num(get(ranges->items[i], kmax), &hi) &&
		    lo <= v && v <= hi)
			return true;
	}
	return false;
}

static int ev_replica_limits(struct gk_eval *e)
{
	const struct gk_review *rv = e->rv;
	if (!gk_truthy(rv->spec) || !e->params)
		return 0;
	const struct vg_node *rep = get(rv->spec, "replicas");
	const struct vg_node *ranges = P(e, "ranges");
	double v;
	if (num(rep, &v) && is_seq(ranges) && ranges->count &&
	    in_ranges(v, ranges, "min_replicas", "max_replicas"))
		return 0;
	int r = mfmt(e, "The provided number of replicas is not allowed for deployment: %s. Allowed "
			"ranges: %v", rv->name, e->params);
	return r ? r : emit(e, rep ? rep : rv->spec, rv->spec_path, rep ? "replicas" : "");
}

/* ---- pod security policy kinds ------------------------------------------------------------ */

static int ev_privileged_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *p = sc_get(c, "privileged");
	if (is_exempt(e, c) || !gk_truthy(p))
		return 0;
	int r = mfmt(e, "Privileged container is not allowed: %s, securityContext: %v", c->name,
		     get(c->n, "securityContext"));
	return r ? r : emit(e, p, c->path, "securityContext.privileged");
}

static int ev_privileged(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_privileged_c);
}

static int ev_host_namespace(struct gk_eval *e)
{
	const struct vg_node *pid = get(e->rv->spec, "hostPID"), *ipc = get(e->rv->spec, "hostIPC");
	const struct vg_node *at = gk_truthy(pid) ? pid : gk_truthy(ipc) ? ipc : NULL;
	if (!at)
		return 0;
	int r = mfmt(e, "Sharing the host namespace is not allowed: %s", e->rv->name);
	return r ? r : emit(e, at, e->rv->spec_path, at == pid ? "hostPID" : "hostIPC");
}

static int host_ports_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *ports = get(c->n, "ports");
	double lo = 0, hi = 0;
	bool has_lo = num(P(e, "min"), &lo), has_hi = num(P(e, "max"), &hi);
	if (is_exempt(e, c))
		return 0;
	for (uint32_t i = 0; is_seq(ports) && i < ports->count; i++) {
		const struct vg_node *hp = get(ports->items[i], "hostPort");
		double v;
		if (!num(hp, &v) || !((has_lo && v < lo) || (has_hi && v > hi)))
			continue;
		char sub[64];
		snprintf(sub, sizeof(sub), "ports[%u].hostPort", i);
		int r = mfmt(e, "The specified hostNetwork and hostPort are not allowed, pod: %s. "
				"Allowed values: %v", e->rv->name, e->params);
		if (r == 0)
			r = emit(e, hp, c->path, sub);
		if (r)
			return r;
	}
	return 0;
}

static int ev_host_networking_ports(struct gk_eval *e)
{
	if (!e->params)
		return 0;
	const struct vg_node *hn = get(e->rv->spec, "hostNetwork");
	if (!gk_truthy(P(e, "hostNetwork")) && gk_truthy(hn)) {
		int r = mfmt(e, "The specified hostNetwork and hostPort are not allowed, pod: %s. "
				"Allowed values: %v", e->rv->name, e->params);
		if (r == 0)
			r = emit(e, hn, e->rv->spec_path, "hostNetwork");
		if (r)
			return r;
	}
	return each_ctr(e, F_ALL, host_ports_c);
}

/* path_array(): "/" -> [], else split(trim(p, "/"), "/") */
static size_t path_split(const char *p, const char **seg, size_t *len, size_t cap)
{
	if (strcmp(p, "/") == 0)
		return 0;
	while (*p == '/')
		p++;
	size_t plen = strlen(p);
	while (plen && p[plen - 1] == '/')
		plen--;
	size_t n = 0;
	const char *s = p, *end = p + plen;
	for (;;) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		const char *stop = slash ? slash : end;
		if (n < cap) {
			seg[n] = s;
			len[n] = (size_t)(stop - s);
		}
		n++;
		if (!slash)
			break;
		s = slash + 1;
	}
	return n;
}

static bool path_matches(const char *prefix, const char *path)
{
	const char *a[64], *b[64];
	size_t al[64], bl[64];
	size_t na = path_split(prefix, a, al, 64), nb = path_split(path, b, bl, 64);
	if (na > 64 || nb > 64 || na > nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (al[i] != bl[i] || memcmp(a[i], b[i], al[i]) != 0)
			return false;
	return true;
}

static bool writable_mount(struct gk_eval *e, const char *volume)
{
	static const char *const fields[] = { "containers", "initContainers", "ephemeralContainers" };
	for (size_t f = 0; f < 3; f++) {
		const struct vg_node *seq = get(e->rv->spec, fields[f]);
		for (uint32_t i = 0; is_seq(seq) && i < seq->count; i++) {
			const struct vg_node *vm = get(seq->items[i], "volumeMounts");
			for (uint32_t j = 0; is_seq(vm) && j < vm->count; j++)
				if (vg_node_str_eq(get(vm->items[j], "name"), volume) &&
				    !gk_truthy(get(vm->items[j], "readOnly")))
					return true;
		}
	}
	return false;
}

static int ev_host_filesystem(struct gk_eval *e)
{
	const struct vg_node *vols = get(e->rv->spec, "volumes");
	const struct vg_node *allowed = P(e, "allowedHostPaths");
	for (uint32_t i = 0; is_seq(vols) && i < vols->count; i++) {
		const struct vg_node *v = vols->items[i];
		const struct vg_node *hp = get(v, "hostPath");
		if (!gk_truthy(hp))
			continue;
		const char *path = vg_node_str(get(hp, "path"));
		const char *vname = vg_node_str(get(v, "name"));
		bool ok = false;
		for (uint32_t j = 0; path && is_seq(allowed) && j < allowed->count && !ok; j++) {
			const struct vg_node *a = allowed->items[j];
			const char *prefix = vg_node_str(get(a, "pathPrefix"));
			if (!prefix || !path_matches(prefix, path))
				continue;
			const struct vg_node *ro = get(a, "readOnly");
			bool ro_true = ro && ro->kind == VG_NODE_BOOL && ro->v.b;
			if (!ro_true || !writable_mount(e, vname ? vname : ""))
				ok = true;
		}
		if (ok)
			continue;
		vg_strbuf_reset(&e->msg);
		int r = vg_strbuf_puts(&e->msg, "HostPath volume ");
		if (r == 0)
			r = gk_fmt_value(&e->msg, v);
		if (r == 0)
			r = vg_strbuf_printf(&e->msg, " is not allowed, pod: %s. Allowed path: ", e->rv->name);
		if (r == 0)
			r = allowed ? gk_fmt_value(&e->msg, allowed) : vg_strbuf_puts(&e->msg, "[]");
		char sub[64];
		snprintf(sub, sizeof(sub), "volumes[%u].hostPath", i);
		if (r == 0)
			r = emit(e, hp, e->rv->spec_path, sub);
		if (r)
			return r;
	}
	return 0;
}

static int ev_capabilities_c(struct gk_eval *e, const struct ctr *c)
{
	const char *word = c->bit == F_INIT ? "init container" : c->bit == F_EPH ? "ephemeral container"
										  : "container";
	const struct vg_node *caps = sc_get(c, "capabilities");
	const struct vg_node *add = get(caps, "add"), *drop = get(caps, "drop");
	const struct vg_node *allowed = P(e, "allowedCapabilities");
	const struct vg_node *must = P(e, "requiredDropCapabilities");
	int r = 0;

	if (!e->params || is_exempt(e, c))
		return 0;
	if (!seq_has(allowed, "*")) {
		for (uint32_t i = 0; is_seq(add) && i < add->count; i++) {
			const char *cap = vg_node_str(add->items[i]);
			if (!cap || seq_has_nocase(allowed, cap))
				continue;
			if (allowed)
				r = mfmt(e, "%s <%s> has a disallowed capability. Allowed capabilities are %v",
					 word, c->name, allowed);
			else
				r = mfmt(e, "%s <%s> has a disallowed capability. Allowed capabilities are "
					    "NONE", word, c->name);
			if (r == 0)
				r = emit(e, add, c->path, "securityContext.capabilities.add");
			if (r)
				return r;
			break;
		}
	}
	if (seq_has_nocase(drop, "all"))
		return 0;
	for (uint32_t i = 0; is_seq(must) && i < must->count; i++) {
		const char *cap = vg_node_str(must->items[i]);
		if (!cap || seq_has_nocase(drop, cap))
			continue;
		r = mfmt(e, "%s <%s> is not dropping all required capabilities. Container must drop all "
			    "of %v or \"ALL\"", word, c->name, must);
		if (r == 0)
			r = emit(e, drop ? drop : caps ? caps : c->n, c->path,
				 drop ? "securityContext.capabilities.drop"
				      : caps ? "securityContext.capabilities" : "");
		return r;
	}
	return 0;
}

static int ev_capabilities(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_capabilities_c);
}

static int ev_priv_escalation_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *sc = get(c->n, "securityContext");
	const struct vg_node *ape = get(sc, "allowPrivilegeEscalation");
	if (is_exempt(e, c) || (gk_truthy(sc) && vg_node_is_false(ape)))
		return 0;
	int r = mfmt(e, "Privilege escalation container is not allowed: %s", c->name);
	return r ? r : emit(e, ape ? ape : sc ? sc : c->n, c->path,
			     ape ? "securityContext.allowPrivilegeEscalation" : sc ? "securityContext" : "");
}

static int ev_priv_escalation(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_priv_escalation_c);
}

static int ev_read_only_root_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *sc = get(c->n, "securityContext");
	const struct vg_node *ro = get(sc, "readOnlyRootFilesystem");
	if (is_exempt(e, c) || (gk_truthy(sc) && vg_node_is_true(ro)))
		return 0;
	int r = mfmt(e, "only read-only root filesystem container is allowed: %s", c->name);
	return r ? r : emit(e, ro ? ro : sc ? sc : c->n, c->path,
			     ro ? "securityContext.readOnlyRootFilesystem" : sc ? "securityContext" : "");
}

static int ev_read_only_root(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_read_only_root_c);
}

/* K8sPSPAllowedUsers: get_field_value(): the container's securityContext, else the Pod's */
static const struct vg_node *user_field(struct gk_eval *e, const struct ctr *c, const char *field,
					char *sub, size_t cap)
{
	const struct vg_node *v = sc_get(c, field);
	if (v && !vg_node_is_false(v)) {
		snprintf(sub, cap, "%s.securityContext.%s", c->path, field);
		return v;
	}
	if (v)
		return NULL; /* has_seccontext_field: an explicit false hides the Pod's value */
	if (strcmp(e->rv->kind, "Pod") != 0)
		return NULL;
	v = get(get(e->rv->spec, "securityContext"), field);
	if (v)
		snprintf(sub, cap, "%s.securityContext.%s", e->rv->spec_path, field);
	return v;
}

static int allowed_users_c(struct gk_eval *e, const struct ctr *c)
{
	static const char *const fields[] = { "runAsUser", "runAsGroup", "supplementalGroups", "fsGroup" };
	int r = 0;
	if (is_exempt(e, c))
		return 0;
	for (size_t f = 0; f < 4 && r == 0; f++) {
		const char *field = fields[f];
		const struct vg_node *params = P(e, field);
		if (!params)
			continue;
		const char *rule = vg_node_str(get(params, "rule"));
		const struct vg_node *ranges = get(params, "ranges");
		char path[512] = "";
		const struct vg_node *val = user_field(e, c, field, path, sizeof(path));
		const struct vg_node *at = val ? val : c->n;
		const char *p = val ? path : c->path;
		double v;
		if (f == 0) {
			if (val && rule) {
				bool ok;
				if (strcmp(rule, "RunAsAny") == 0)
					ok = true;
				else if (strcmp(rule, "MustRunAsNonRoot") == 0)
					ok = !(num(val, &v) && v == 0);
				else if (strcmp(rule, "MustRunAs") == 0)
					ok = num(val, &v) && in_ranges(v, ranges, "min", "max");
				else
					ok = false;
				if (!ok) {
					r = mfmt(e, "Container %s is attempting to run as disallowed user %v. "
						    "Allowed runAsUser: %v", c->name, val, params);
					if (r == 0)
						r = gk_emit(e, at, p);
				}
			}
			if (r == 0 && !val && rule && strcmp(rule, "MustRunAs") == 0) {
				r = mfmt(e, "Container %s is attempting to run without a required "
					    "securityContext/runAsUser", c->name);
				if (r == 0)
					r = gk_emit(e, at, p);
			}
			if (r == 0 && !val && rule && strcmp(rule, "MustRunAsNonRoot") == 0) {
				char p2[512];
				const struct vg_node *nr = user_field(e, c, "runAsNonRoot", p2, sizeof(p2));
				if (!gk_truthy(nr)) {
					r = mfmt(e, "Container %s is attempting to run without a required "
						    "securityContext/runAsNonRoot or securityContext/runAsUser "
						    "!= 0", c->name);
					if (r == 0)
						r = gk_emit(e, at, p);
				}
			}
			continue;
		}
		if (val && rule && !is_seq(val)) {
			/* accept_value(rule, value, params.ranges) is undefined without ranges,
			 * whatever the rule: the rego then reports a violation */
			bool ok = ranges && (strcmp(rule, "RunAsAny") == 0 ||
				  ((strcmp(rule, "MayRunAs") == 0 || strcmp(rule, "MustRunAs") == 0) &&
				   num(val, &v) && in_ranges(v, ranges, "min", "max")));
			if (!ok) {
				r = mfmt(e, "Container %s is attempting to run as disallowed group %v. "
					    "Allowed %s: %v", c->name, val, field, params);
				if (r == 0)
					r = gk_emit(e, at, p);
			}
		}
		if (val && rule && is_seq(val)) {
			for (uint32_t i = 0; i < val->count && r == 0; i++) {
				bool ok = ranges && (strcmp(rule, "RunAsAny") == 0 ||
					  ((strcmp(rule, "MayRunAs") == 0 || strcmp(rule, "MustRunAs") == 0) &&
					   num(val->items[i], &v) && in_ranges(v, ranges, "min", "max")));
				if (ok)
					continue;
				r = mfmt(e, "Container %s is attempting to run with disallowed "
					    "supplementalGroups %v. Allowed %s: %v", c->name, val, field, params);
				if (r == 0)
					r = gk_emit(e, at, p);
				break;
			}
		}
		if (r == 0 && !val && rule && strcmp(rule, "MustRunAs") == 0) {
			r = mfmt(e, "Container %s is attempting to run without a required securityContext/%s. "
				    "Allowed %s: %v", c->name, field, field, params);
			if (r == 0)
				r = gk_emit(e, at, p);
		}
	}
	return r;
}

static int ev_allowed_users(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, allowed_users_c);
}

static int ev_volume_types(struct gk_eval *e)
{
	const struct vg_node *vols = get(e->rv->spec, "volumes");
	const struct vg_node *allowed = P(e, "volumes");
	if (!allowed || seq_has(allowed, "*"))
		return 0;
	for (uint32_t i = 0; is_seq(vols) && i < vols->count; i++) {
		const struct vg_node *v = vols->items[i];
		for (uint32_t j = 0; is_map(v) && j < v->count; j++) {
			const char *field = vg_node_scalar(v->pairs[j].key);
			if (!field || strcmp(field, "name") == 0 || !gk_truthy(v->pairs[j].value) ||
			    seq_has(allowed, field))
				continue;
			char sub[300];
			snprintf(sub, sizeof(sub), "volumes[%u].%s", i, field);
			int r = mfmt(e, "The volume type %s is not allowed, pod: %s. Allowed volume types: %v",
				     field, e->rv->name, allowed);
			if (r == 0)
				r = emit(e, v->pairs[j].key, e->rv->spec_path, sub);
			if (r)
				return r;
		}
	}
	return 0;
}

/* ---- seccomp ------------------------------------------------------------------------------ */

/* A small set of strings (seccomp profile names and files: a handful in practice; entries past
 * 64 or longer than 255 bytes are not kept). */
struct strset {
	const char *items[64];
	char own[64][256];
	size_t n;
};

static void strset_add(struct strset *s, const char *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->items[i], v) == 0)
			return;
	if (s->n >= 64 || strlen(v) >= sizeof(s->own[0]))
		return;
	snprintf(s->own[s->n], sizeof(s->own[s->n]), "%s", v);
	s->items[s->n] = s->own[s->n];
	s->n++;
}

static bool strset_has(const struct strset *s, const char *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->items[i], v) == 0)
			return true;
	return false;
}

static const char *const *translate(const char *p)
{
	static const char *const rd[] = { "runtime/default", "docker/default", NULL };
	static const char *const un[] = { "unconfined", NULL };
	static const char *const lh[] = { "localhost", NULL };
	static const char *const RD[] = { "RuntimeDefault", NULL };
	static const char *const UN[] = { "Unconfined", NULL };
	static const char *const LH[] = { "Localhost", NULL };
	if (strcmp(p, "RuntimeDefault") == 0)
		return rd;
	if (strcmp(p, "Unconfined") == 0)
		return un;
	if (strcmp(p, "Localhost") == 0)
		return lh;
	if (strcmp(p, "runtime/default") == 0 || strcmp(p, "docker/default") == 0)
		return RD;
	if (strcmp(p, "unconfined") == 0)
		return UN;
	if (strcmp(p, "localhost") == 0)
		return LH;
	return NULL;
}

struct seccomp_ctx {
	struct strset allowed;  /* get_allowed_profiles */
	struct strset files;    /* allowedLocalhostFiles | annotation localhost files */
	bool wildcard_files;
	struct strset done;     /* input_containers is keyed by name */
};

static bool lower_starts(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool seccomp_allowed(const struct seccomp_ctx *x, const char *profile, const char *file)
{
	if (!lower_starts(profile, "localhost") && strset_has(&x->allowed, profile))
		return true;
	if (strcmp(profile, "Localhost") == 0 && strset_has(&x->allowed, profile) &&
	    (x->wildcard_files || strset_has(&x->files, file)))
		return true;
	if (starts_with(profile, "localhost/") &&
	    (strset_has(&x->allowed, "localhost/*") || strset_has(&x->allowed, profile)))
		return true;
	return false;
}

static struct seccomp_ctx *seccomp_ctx_of(struct gk_eval *e, struct seccomp_ctx *x)
{
	const struct vg_node *ap = P(e, "allowedProfiles"), *lf = P(e, "allowedLocalhostFiles");
	memset(x, 0, sizeof(*x));
	for (uint32_t i = 0; is_seq(ap) && i < ap->count; i++) {
		const char *p = vg_node_str(ap->items[i]);
		if (!p)
			continue;
		strset_add(&x->allowed, p);
		if (!lower_starts(p, "localhost")) {
			const char *const *t = translate(p);
			for (; t && *t; t++)
				strset_add(&x->allowed, *t);
		}
		if (strcmp(p, "Localhost") == 0) {
			for (uint32_t j = 0; is_seq(lf) && j < lf->count; j++) {
				const char *f = vg_node_str(lf->items[j]);
				char buf[200];
				if (!f)
					continue;
				snprintf(buf, sizeof(buf), "localhost/%s", f);
				strset_add(&x->allowed, buf);
			}
		}
		if (starts_with(p, "localhost"))
			strset_add(&x->allowed, "Localhost");
		if (starts_with(p, "localhost/"))
			strset_add(&x->files, p + 10);
		if (strcmp(p, "localhost/*") == 0)
			x->wildcard_files = true;
	}
	for (uint32_t j = 0; is_seq(lf) && j < lf->count; j++) {
		const char *f = vg_node_str(lf->items[j]);
		if (f)
			strset_add(&x->files, f);
		if (f && strcmp(f, "*") == 0)
			x->wildcard_files = true;
	}
	return x;
}

static int ev_seccomp(struct gk_eval *e)
{
	const struct vg_node *ap = P(e, "allowedProfiles");
	if (seq_has(ap, "*"))
		return 0;
	struct seccomp_ctx *x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	seccomp_ctx_of(e, x);
	const struct vg_node *anns = get(e->rv->metadata, "annotations");
	const struct vg_node *pod_sp = get(get(e->rv->spec, "securityContext"), "seccompProfile");
	static const char *const fields[] = { "containers", "initContainers", "ephemeralContainers" };
	int r = 0;
	for (size_t f = 0; f < 3 && r == 0; f++) {
		const struct vg_node *seq = get(e->rv->spec, fields[f]);
		for (uint32_t i = 0; is_seq(seq) && i < seq->count && r == 0; i++) {
			const struct vg_node *cn = seq->items[i];
			struct ctr c = { .n = cn, .field = fields[f], .index = i };
			const char *name = vg_node_scalar(get(cn, "name"));
			c.name = name ? name : "";
			c.image = vg_node_str(get(cn, "image"));
			snprintf(c.path, sizeof(c.path), "%s.%s[%u]", e->rv->spec_path, fields[f], i);
			if (!is_map(cn) || strset_has(&x->done, c.name))
				continue;
			strset_add(&x->done, c.name);
			if (is_exempt(e, &c))
				continue;
			const struct vg_node *csp = get(get(cn, "securityContext"), "seccompProfile");
			char key[300], loc[400], path[512];
			snprintf(key, sizeof(key), "container.seccomp.security.alpha.kubernetes.io/%s", c.name);
			const char *profile = NULL, *file = "";
			const struct vg_node *at = cn;
			snprintf(path, sizeof(path), "%s", c.path);
			if (gk_truthy(csp)) {
				const struct vg_node *t = get(csp, "type");
				profile = vg_node_str(t);
				file = vg_node_str(get(csp, "localhostProfile"));
				snprintf(loc, sizeof(loc), "container securityContext");
				at = t ? t : csp;
				snprintf(path, sizeof(path), "%s.securityContext.seccompProfile", c.path);
			} else if (gk_truthy(pod_sp)) {
				const struct vg_node *t = get(pod_sp, "type");
				profile = vg_node_str(t);
				file = vg_node_str(get(pod_sp, "localhostProfile"));
				snprintf(loc, sizeof(loc), "pod securityContext");
				at = t ? t : pod_sp;
				snprintf(path, sizeof(path), "%s.securityContext.seccompProfile",
					 e->rv->spec_path);
			} else if (gk_truthy(vg_node_get(anns, key))) {
				at = vg_node_get(anns, key);
				profile = vg_node_str(at);
				snprintf(loc, sizeof(loc), "annotation %s", key);
				snprintf(path, sizeof(path), "%s.annotations", e->rv->meta_path);
			} else if (gk_truthy(vg_node_get(anns, "seccomp.security.alpha.kubernetes.io/pod"))) {
				at = vg_node_get(anns, "seccomp.security.alpha.kubernetes.io/pod");
				profile = vg_node_str(at);
				snprintf(loc, sizeof(loc), "annotation seccomp.security.alpha.kubernetes.io/pod");
				snprintf(path, sizeof(path), "%s.annotations", e->rv->meta_path);
			} else {
				profile = "not configured";
				snprintf(loc, sizeof(loc), "no explicit profile found");
			}
			if (!file)
				file = "";
			if (!profile || seccomp_allowed(x, profile, file))
				continue;
			vg_strbuf_reset(&e->msg);
			if (strcmp(profile, "Localhost") == 0)
				r = vg_strbuf_printf(&e->msg, "Seccomp profile '%s' with file '%s' is not "
							      "allowed for container '%s'. Found at: %s. "
							      "Allowed profiles: ", profile, file, c.name, loc);
			else
				r = vg_strbuf_printf(&e->msg, "Seccomp profile '%s' is not allowed for "
							      "container '%s'. Found at: %s. Allowed "
							      "profiles: ", profile, c.name, loc);
			if (r == 0)
				r = gk_fmt_set(&e->msg, x->allowed.items, x->allowed.n);
			if (r == 0)
				r = gk_emit(e, at, path);
		}
	}
	free(x);
	return r;
}

/* ---- AppArmor, SELinux, procMount, sysctls, fsGroup ---------------------------------------- */

static int ev_apparmor_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *allowed = P(e, "allowedProfiles");
	if (!allowed || is_exempt(e, c))
		return 0;
	char key[300];
	snprintf(key, sizeof(key), "container.apparmor.security.beta.kubernetes.io/%s", c->name);
	const struct vg_node *anns = get(e->rv->metadata, "annotations");
	const struct vg_node *a = vg_node_get(anns, key);
	const char *profile = gk_truthy(a) ? vg_node_str(a) : "runtime/default";
	if (!profile || seq_has(allowed, profile))
		return 0;
	int r = mfmt(e, "AppArmor profile is not allowed, pod: %s, container: %s. Allowed profiles: %v",
		     e->rv->name, c->name, allowed);
	if (r)
		return r;
	return gk_truthy(a) ? emit(e, a, e->rv->meta_path, "annotations") : emit(e, c->n, c->path, "");
}

static int ev_apparmor(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_apparmor_c);
}

static bool selinux_allowed(const struct vg_node *opts, const struct vg_node *allowed)
{
	static const char *const fields[] = { "level", "role", "type", "user" };
	for (uint32_t i = 0; is_seq(allowed) && i < allowed->count; i++) {
		const struct vg_node *p = allowed->items[i];
		bool ok = true;
		for (size_t f = 0; f < 4 && ok; f++) {
			const struct vg_node *o = vg_node_get(opts, fields[f]);
			if (!gk_truthy(o))
				continue;
			const char *want = vg_node_scalar(get(p, fields[f]));
			const char *got = vg_node_scalar(o);
			ok = want && got && strcmp(want, got) == 0;
		}
		if (ok)
			return true;
	}
	return false;
}

static int ev_selinux_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *allowed = P(e, "allowedSELinuxOptions");
	const struct vg_node *opts = sc_get(c, "seLinuxOptions");
	if (!allowed || !gk_truthy(opts) || is_exempt(e, c) || selinux_allowed(opts, allowed))
		return 0;
	int r = mfmt(e, "SELinux options is not allowed, pod: %s, container %s. Allowed options: %v",
		     e->rv->name, c->name, allowed);
	return r ? r : emit(e, opts, c->path, "securityContext.seLinuxOptions");
}

static int ev_selinux(struct gk_eval *e)
{
	const struct vg_node *allowed = P(e, "allowedSELinuxOptions");
	const struct vg_node *opts = get(get(e->rv->spec, "securityContext"), "seLinuxOptions");
	if (allowed && gk_truthy(opts) && !selinux_allowed(opts, allowed)) {
		int r = mfmt(e, "SELinux options is not allowed, pod: %s. Allowed options: %v",
			     e->rv->name, allowed);
		if (r == 0)
			r = emit(e, opts, e->rv->spec_path, "securityContext.seLinuxOptions");
		if (r)
			return r;
	}
	return each_ctr(e, F_ALL, ev_selinux_c);
}

static int ev_proc_mount_c(struct gk_eval *e, const struct ctr *c)
{
	const struct vg_node *pm = sc_get(c, "procMount");
	if (!gk_truthy(pm) || is_exempt(e, c))
		return 0;
	const char *want = vg_node_str(P(e, "procMount"));
	const char *allowed = want && strcasecmp(want, "unmasked") == 0 ? "unmasked" : "default";
	const char *got = vg_node_str(pm);
	if (strcmp(allowed, "unmasked") == 0 || (got && strcasecmp(got, "default") == 0))
		return 0;
	int r = mfmt(e, "ProcMount type is not allowed, container: %s. Allowed procMount types: %s",
		     c->name, allowed);
	return r ? r : emit(e, pm, c->path, "securityContext.procMount");
}

static int ev_proc_mount(struct gk_eval *e)
{
	return each_ctr(e, F_ALL, ev_proc_mount_c);
}

static bool sysctl_in(const struct vg_node *list, const char *name)
{
	for (uint32_t i = 0; is_seq(list) && i < list->count; i++) {
		const char *p = vg_node_str(list->items[i]);
		if (p && (strcmp(p, "*") == 0 || glob_prefix(p, name)))
			return true;
	}
	return false;
}

static int ev_forbidden_sysctls(struct gk_eval *e)
{
	const struct vg_node *forbidden = P(e, "forbiddenSysctls"), *allowed = P(e, "allowedSysctls");
	const struct vg_node *sysctls = get(get(e->rv->spec, "securityContext"), "sysctls");
	for (uint32_t i = 0; is_seq(sysctls) && i < sysctls->count; i++) {
		const struct vg_node *nn = get(sysctls->items[i], "name");
		const char *name = vg_node_str(nn);
		char sub[96];
		int r = 0;
		if (!name)
			continue;
		snprintf(sub, sizeof(sub), "securityContext.sysctls[%u].name", i);
		if (forbidden && sysctl_in(forbidden, name)) {
			r = mfmt(e, "The sysctl %s is not allowed, pod: %s. Forbidden sysctls: %v", name,
				 e->rv->name, forbidden);
			if (r == 0)
				r = emit(e, nn, e->rv->spec_path, sub);
		}
		if (r == 0 && allowed && !sysctl_in(allowed, name)) {
			r = mfmt(e, "The sysctl %s is not explictly allowed, pod: %s. Allowed sysctls: %v",
				 name, e->rv->name, allowed);
			if (r == 0)
				r = emit(e, nn, e->rv->spec_path, sub);
		}
		if (r)
			return r;
	}
	return 0;
}

static int ev_fsgroup(struct gk_eval *e)
{
	const struct gk_review *rv = e->rv;
	if (!rv->spec || !e->params)
		return 0;
	const char *rule = vg_node_str(P(e, "rule"));
	const struct vg_node *ranges = P(e, "ranges");
	const struct vg_node *sc = get(rv->spec, "securityContext");
	const struct vg_node *fg = get(sc, "fsGroup");
	double v;
	bool in = gk_truthy(fg) && num(fg, &v) && is_seq(ranges) && ranges->count &&
		  in_ranges(v, ranges, "min", "max");
	bool ok = false;
	if (rule && strcmp(rule, "RunAsAny") == 0)
		ok = true;
	else if (rule && strcmp(rule, "MustRunAs") == 0)
		ok = in;
	else if (rule && strcmp(rule, "MayRunAs") == 0)
		ok = !gk_truthy(sc) || !gk_truthy(fg) || in;
	if (ok)
		return 0;
	int r = mfmt(e, "The provided pod spec fsGroup is not allowed, pod: %s. Allowed fsGroup: %v",
		     rv->name, e->params);
	return r ? r : emit(e, fg ? fg : sc ? sc : rv->spec, rv->spec_path,
			     fg ? "securityContext.fsGroup" : sc ? "securityContext" : "");
}

/* ---- the table ------------------------------------------------------------------------------ */

#define GK_URI(slug) "https://open-policy-agent.github.io/gatekeeper-library/website/validation/" slug
#define DENY_DESC " Raised by a Gatekeeper constraint of this kind found in the scanned files or " \
		  "given with --policy; the severity follows the constraint's enforcementAction " \
		  "(deny: high, warn: medium, dryrun: info) and refs.constraint names it."

enum {
	K_REQUIRED_REGISTRIES, K_PRIVILEGED_CONTAINERS, K_ALLOWED_REPOS, K_ALLOWED_REPOS_V2,
	K_DISALLOWED_REPOS, K_DISALLOWED_TAGS, K_IMAGE_DIGESTS, K_REQUIRED_LABELS,
	K_REQUIRED_ANNOTATIONS, K_CONTAINER_LIMITS, K_CONTAINER_REQUESTS, K_REQUIRED_RESOURCES,
	K_REQUIRED_PROBES, K_BLOCK_NODEPORT, K_BLOCK_LOADBALANCER, K_BLOCK_WILDCARD_INGRESS,
	K_HTTPS_ONLY, K_DISALLOW_ANONYMOUS, K_REPLICA_LIMITS, K_PSP_PRIVILEGED, K_PSP_HOST_NAMESPACE,
	K_PSP_HOST_NETWORK_PORTS, K_PSP_HOST_FILESYSTEM, K_PSP_CAPABILITIES, K_PSP_PRIV_ESCALATION,
	K_PSP_READ_ONLY_ROOT, K_PSP_ALLOWED_USERS, K_PSP_VOLUME_TYPES, K_PSP_SECCOMP, K_PSP_APPARMOR,
	K_PSP_SELINUX, K_PSP_PROC_MOUNT, K_PSP_FORBIDDEN_SYSCTLS, K_PSP_FSGROUP, K_NKINDS
};

#define GK(idx, num, kindname, ttl, desc, fix, uri) \
	[idx] = { .id = "VG-GK-" num, .family = "gatekeeper", .severity = VG_SEV_HIGH, \
		  .title = kindname ": " ttl, .description = desc DENY_DESC, .remediation = fix, \
		  .help_uri = uri, .refs = { { "gatekeeper", kindname } } }

static const struct vg_check_info gk_checks[K_NKINDS] = {
	GK(K_REQUIRED_REGISTRIES, "001", "K8sRequiredRegistries", "image from a registry not allowed",
	   "Not a gatekeeper-library kind: the kind of the seed stack's gatekeeper-constraints.yaml "
	   "(the article). Every image of a container, init container or ephemeral container must "
	   "come from one of parameters.registries. The image is normalised as "
	   "Docker does (no registry means docker.io; nginx means docker.io/library/nginx) and its "
	   "registry compared exactly, so registry.example.com.evil does not pass as "
	   "registry.example.com; an entry with a path (registry.example.com/team/) allows that "
	   "repository prefix at a path boundary.",
	   "Pull the image from an allowed registry (mirror it), or add the registry to the constraint.",
	   "https://open-policy-agent.github.io/gatekeeper/website/docs/howto"),
	GK(K_PRIVILEGED_CONTAINERS, "002", "K8sPrivilegedContainers", "privileged container",
	   "Not a gatekeeper-library kind: the kind of the seed stack's gatekeeper-constraints.yaml "
	   "(the article), evaluated as the library's K8sPSPPrivilegedContainer: a container, init "
	   "container or ephemeral container sets securityContext.privileged: true.",
	   "Remove securityContext.privileged; grant the specific capability the program needs.",
	   GK_URI("pspprivilegedcontainer")),
	GK(K_ALLOWED_REPOS, "003", "K8sAllowedRepos", "image repository not allowed",
	   "An image of a container, init container or ephemeral container does not start with any "
	   "of parameters.repos (a plain string prefix: include a trailing / in each entry).",
	   "Use an image from an allowed repository.", GK_URI("allowedrepos")),
	GK(K_ALLOWED_REPOS_V2, "004", "K8sAllowedReposv2", "image not allowed",
	   "An image of a container, init container or ephemeral container is not in "
	   "parameters.allowedImages (exact, or a prefix when the entry ends in *).",
	   "Use an allowed image.", GK_URI("allowedreposv2")),
	GK(K_DISALLOWED_REPOS, "005", "K8sDisallowedRepos", "image from a disallowed repository",
	   "An image of a container, init container or ephemeral container starts with one of "
	   "parameters.repos.", "Use an image from another repository.", GK_URI("disallowedrepos")),
	GK(K_DISALLOWED_TAGS, "006", "K8sDisallowedTags", "disallowed or missing image tag",
	   "An image ends in one of parameters.tags (e.g. :latest), or its reference has no ':' at all "
	   "(no tag and no digest). Containers, init containers and ephemeral containers; "
	   "parameters.exemptImages skips images (exact or trailing-* prefix).",
	   "Pin the image to a specific tag or digest.", GK_URI("disallowedtags")),
	GK(K_IMAGE_DIGESTS, "007", "K8sImageDigests", "image without a digest",
	   "An image of a container, init container or ephemeral container has no @algorithm:digest.",
	   "Reference the image by digest (image@sha256:...).", GK_URI("imagedigests")),
	GK(K_REQUIRED_LABELS, "008", "K8sRequiredLabels", "required label missing or invalid",
	   "The object lacks a label of parameters.labels, or a label's value does not match the "
	   "entry's allowedRegex (searched anywhere in the value, as rego's re_match).",
	   "Add the labels the constraint requires.", GK_URI("requiredlabels")),
	GK(K_REQUIRED_ANNOTATIONS, "009", "K8sRequiredAnnotations",
	   "required annotation missing or invalid",
	   "The object lacks an annotation of parameters.annotations, or its value does not match the "
	   "entry's allowedRegex.", "Add the annotations the constraint requires.",
	   GK_URI("requiredannotations")),
	GK(K_CONTAINER_LIMITS, "010", "K8sContainerLimits", "container limits missing or too high",
	   "A container or init container has no cpu or memory limit, an unparsable one, or one above "
	   "parameters.cpu / parameters.memory (exclusive maxima).",
	   "Set resources.limits.cpu and .memory within the allowed maxima.",
	   GK_URI("containerlimits")),
	GK(K_CONTAINER_REQUESTS, "011", "K8sContainerRequests",
	   "container requests missing or too high",
	   "A container or init container has no cpu or memory request, an unparsable one, or one "
	   "above parameters.cpu / parameters.memory.",
	   "Set resources.requests.cpu and .memory within the allowed maxima.",
	   GK_URI("containerrequests")),
	GK(K_REQUIRED_RESOURCES, "012", "K8sRequiredResources", "required resources not defined",
	   "A container or init container does not define every resource of parameters.limits and "
	   "parameters.requests (cpu, memory).", "Define the required limits and requests.",
	   GK_URI("containerresources")),
	GK(K_REQUIRED_PROBES, "013", "K8sRequiredProbes", "required probe missing",
	   "A container (not init or ephemeral) lacks a probe of parameters.probes, or the probe sets "
	   "none of parameters.probeTypes.", "Add the probe with one of the allowed handlers.",
	   GK_URI("requiredprobes")),
	GK(K_BLOCK_NODEPORT, "014", "K8sBlockNodePort", "Service of type NodePort",
	   "A Service has spec.type NodePort.", "Use a ClusterIP Service behind an Ingress or Gateway.",
	   GK_URI("block-nodeport-services")),
	GK(K_BLOCK_LOADBALANCER, "015", "K8sBlockLoadBalancer", "Service of type LoadBalancer",
	   "A Service has spec.type LoadBalancer.", "Use a ClusterIP Service behind an Ingress or Gateway.",
	   GK_URI("block-loadbalancer-services")),
	GK(K_BLOCK_WILDCARD_INGRESS, "016", "K8sBlockWildcardIngress", "wildcard or empty Ingress host",
	   "An Ingress rule has no host or a host containing *, which can intercept other "
	   "applications' traffic.", "Give every Ingress rule a specific host.",
	   GK_URI("block-wildcard-ingress")),
	GK(K_HTTPS_ONLY, "017", "K8sHttpsOnly", "Ingress not HTTPS only",
	   "An Ingress (extensions or networking.k8s.io) lacks a tls section (unless "
	   "parameters.tlsOptional) or the annotation kubernetes.io/ingress.allow-http: \"false\".",
	   "Add spec.tls and the allow-http=false annotation.", GK_URI("httpsonly")),
	GK(K_DISALLOW_ANONYMOUS, "018", "K8sDisallowAnonymous", "role bound to anonymous users",
	   "A RoleBinding or ClusterRoleBinding names system:anonymous or system:unauthenticated "
	   "(and system:authenticated with parameters.disallowAuthenticated) for a role not in "
	   "parameters.allowedRoles.", "Remove the anonymous subjects from the binding.",
	   GK_URI("disallowanonymous")),
	GK(K_REPLICA_LIMITS, "019", "K8sReplicaLimits", "replicas outside the allowed ranges",
	   "spec.replicas is missing or outside every range of parameters.ranges "
	   "(min_replicas..max_replicas, inclusive).", "Set spec.replicas within an allowed range.",
	   GK_URI("replicalimits")),
	GK(K_PSP_PRIVILEGED, "020", "K8sPSPPrivilegedContainer", "privileged container",
	   "A container, init container or ephemeral container sets securityContext.privileged.",
	   "Remove securityContext.privileged.", GK_URI("pspprivilegedcontainer")),
	GK(K_PSP_HOST_NAMESPACE, "021", "K8sPSPHostNamespace", "host PID or IPC namespace shared",
	   "The Pod sets hostPID or hostIPC.", "Remove hostPID and hostIPC.",
	   GK_URI("psphostnamespace")),
	GK(K_PSP_HOST_NETWORK_PORTS, "022", "K8sPSPHostNetworkingPorts",
	   "host network or host port not allowed",
	   "The Pod uses hostNetwork while parameters.hostNetwork is not true, or a container's "
	   "hostPort is outside parameters.min..max.", "Remove hostNetwork and hostPort, or stay in the "
	   "allowed range.", GK_URI("psphostnetworkingports")),
	GK(K_PSP_HOST_FILESYSTEM, "023", "K8sPSPHostFilesystem", "hostPath volume not allowed",
	   "A hostPath volume's path is not under any parameters.allowedHostPaths pathPrefix (by path "
	   "segments), or is mounted writable where the entry requires readOnly.",
	   "Remove the hostPath volume or mount an allowed path read-only.",
	   GK_URI("psphostfilesystem")),
	GK(K_PSP_CAPABILITIES, "024", "K8sPSPCapabilities", "capabilities not allowed or not dropped",
	   "A container adds a capability not in parameters.allowedCapabilities, or does not drop "
	   "every parameters.requiredDropCapabilities (or ALL).",
	   "Drop ALL and add back only allowed capabilities.", GK_URI("pspcapabilities")),
	GK(K_PSP_PRIV_ESCALATION, "025", "K8sPSPAllowPrivilegeEscalationContainer",
	   "privilege escalation allowed",
	   "A container's securityContext.allowPrivilegeEscalation is not false.",
	   "Set securityContext.allowPrivilegeEscalation: false.",
	   GK_URI("pspallowprivilegeescalationcontainer")),
	GK(K_PSP_READ_ONLY_ROOT, "026", "K8sPSPReadOnlyRootFilesystem", "root filesystem not read-only",
	   "A container's securityContext.readOnlyRootFilesystem is not true.",
	   "Set securityContext.readOnlyRootFilesystem: true.", GK_URI("pspreadonlyrootfilesystem")),
	GK(K_PSP_ALLOWED_USERS, "027", "K8sPSPAllowedUsers", "user or group IDs not allowed",
	   "runAsUser, runAsGroup, supplementalGroups or fsGroup (container, else Pod securityContext) "
	   "breaks the rule of the same parameter (MustRunAs, MustRunAsNonRoot, MayRunAs, RunAsAny "
	   "with ranges).", "Set IDs within the allowed ranges.", GK_URI("pspallowedusers")),
	GK(K_PSP_VOLUME_TYPES, "028", "K8sPSPVolumeTypes", "volume type not allowed",
	   "A volume uses a type not in parameters.volumes (* allows all).",
	   "Use an allowed volume type.", GK_URI("pspvolumetypes")),
	GK(K_PSP_SECCOMP, "029", "K8sPSPSeccomp", "seccomp profile not allowed",
	   "A container's seccomp profile (container securityContext, else Pod securityContext, else "
	   "the container or pod annotation) is not in parameters.allowedProfiles (with the "
	   "annotation/securityContext name translation and allowedLocalhostFiles).",
	   "Set seccompProfile.type: RuntimeDefault (or an allowed profile).", GK_URI("pspseccomp")),
	GK(K_PSP_APPARMOR, "030", "K8sPSPAppArmor", "AppArmor profile not allowed",
	   "A container's AppArmor annotation (container.apparmor.security.beta.kubernetes.io/<name>; "
	   "runtime/default when absent) is not in parameters.allowedProfiles.",
	   "Use an allowed AppArmor profile.", GK_URI("pspapparmor")),
	GK(K_PSP_SELINUX, "031", "K8sPSPSELinuxV2", "SELinux options not allowed",
	   "The Pod's or a container's seLinuxOptions match no entry of "
	   "parameters.allowedSELinuxOptions.", "Use allowed SELinux options.", GK_URI("pspselinuxv2")),
	GK(K_PSP_PROC_MOUNT, "032", "K8sPSPProcMount", "procMount not allowed",
	   "A container sets securityContext.procMount other than Default while parameters.procMount "
	   "is not Unmasked.", "Remove procMount or set it to Default.", GK_URI("pspprocmount")),
	GK(K_PSP_FORBIDDEN_SYSCTLS, "033", "K8sPSPForbiddenSysctls", "sysctl forbidden or not allowed",
	   "A Pod sysctl is in parameters.forbiddenSysctls, or not in parameters.allowedSysctls when "
	   "given (exact, prefix*, or *).", "Remove the sysctl.", GK_URI("pspforbiddensysctls")),
	GK(K_PSP_FSGROUP, "034", "K8sPSPFSGroup", "fsGroup not allowed",
	   "The Pod's securityContext.fsGroup breaks parameters.rule (MustRunAs, MayRunAs, RunAsAny) "
	   "and parameters.ranges.", "Set fsGroup within the allowed ranges.", GK_URI("pspfsgroup")),
};

static const struct gk_kind gk_kinds[K_NKINDS] = {
	{ "K8sRequiredRegistries", NULL, &gk_checks[K_REQUIRED_REGISTRIES], ev_required_registries },
	{ "K8sPrivilegedContainers", NULL, &gk_checks[K_PRIVILEGED_CONTAINERS], ev_privileged },
	{ "K8sAllowedRepos", NULL, &gk_checks[K_ALLOWED_REPOS], ev_allowed_repos },
	{ "K8sAllowedReposv2", NULL, &gk_checks[K_ALLOWED_REPOS_V2], ev_allowed_repos_v2 },
	{ "K8sDisallowedRepos", NULL, &gk_checks[K_DISALLOWED_REPOS], ev_disallowed_repos },
	{ "K8sDisallowedTags", NULL, &gk_checks[K_DISALLOWED_TAGS], ev_disallowed_tags },
	{ "K8sImageDigests", NULL, &gk_checks[K_IMAGE_DIGESTS], ev_image_digests },
	{ "K8sRequiredLabels", NULL, &gk_checks[K_REQUIRED_LABELS], ev_required_labels },
	{ "K8sRequiredAnnotations", NULL, &gk_checks[K_REQUIRED_ANNOTATIONS], ev_required_annotations },
	{ "K8sContainerLimits", NULL, &gk_checks[K_CONTAINER_LIMITS], ev_container_limits },
	{ "K8sContainerRequests", NULL, &gk_checks[K_CONTAINER_REQUESTS], ev_container_requests },
	{ "K8sRequiredResources", NULL, &gk_checks[K_REQUIRED_RESOURCES], ev_required_resources },
	{ "K8sRequiredProbes", NULL, &gk_checks[K_REQUIRED_PROBES], ev_required_probes },
	{ "K8sBlockNodePort", NULL, &gk_checks[K_BLOCK_NODEPORT], ev_block_nodeport },
	{ "K8sBlockLoadBalancer", NULL, &gk_checks[K_BLOCK_LOADBALANCER], ev_block_loadbalancer },
	{ "K8sBlockWildcardIngress", NULL, &gk_checks[K_BLOCK_WILDCARD_INGRESS], ev_block_wildcard_ingress },
	{ "K8sHttpsOnly", NULL, &gk_checks[K_HTTPS_ONLY], ev_https_only },
	{ "K8sDisallowAnonymous", NULL, &gk_checks[K_DISALLOW_ANONYMOUS], ev_disallow_anonymous },
	{ "K8sReplicaLimits", NULL, &gk_checks[K_REPLICA_LIMITS], ev_replica_limits },
	{ "K8sPSPPrivilegedContainer", NULL, &gk_checks[K_PSP_PRIVILEGED], ev_privileged },
	{ "K8sPSPHostNamespace", NULL, &gk_checks[K_PSP_HOST_NAMESPACE], ev_host_namespace },
	{ "K8sPSPHostNetworkingPorts", NULL, &gk_checks[K_PSP_HOST_NETWORK_PORTS], ev_host_networking_ports },
	{ "K8sPSPHostFilesystem", NULL, &gk_checks[K_PSP_HOST_FILESYSTEM], ev_host_filesystem },
	{ "K8sPSPCapabilities", NULL, &gk_checks[K_PSP_CAPABILITIES], ev_capabilities },
	{ "K8sPSPAllowPrivilegeEscalationContainer", NULL, &gk_checks[K_PSP_PRIV_ESCALATION], ev_priv_escalation },
	{ "K8sPSPReadOnlyRootFilesystem", NULL, &gk_checks[K_PSP_READ_ONLY_ROOT], ev_read_only_root },
	{ "K8sPSPAllowedUsers", NULL, &gk_checks[K_PSP_ALLOWED_USERS], ev_allowed_users },
	{ "K8sPSPVolumeTypes", NULL, &gk_checks[K_PSP_VOLUME_TYPES], ev_volume_types },
	{ "K8sPSPSeccomp", NULL, &gk_checks[K_PSP_SECCOMP], ev_seccomp },
	{ "K8sPSPAppArmor", "K8sPSPApparmor", &gk_checks[K_PSP_APPARMOR], ev_apparmor },
	{ "K8sPSPSELinuxV2", NULL, &gk_checks[K_PSP_SELINUX], ev_selinux },
	{ "K8sPSPProcMount", NULL, &gk_checks[K_PSP_PROC_MOUNT], ev_proc_mount },
	{ "K8sPSPForbiddenSysctls", NULL, &gk_checks[K_PSP_FORBIDDEN_SYSCTLS], ev_forbidden_sysctls },
	{ "K8sPSPFSGroup", NULL, &gk_checks[K_PSP_FSGROUP], ev_fsgroup },
};

const struct vg_check_family vg_check_family_gatekeeper = { "gatekeeper", gk_checks, K_NKINDS };

const struct gk_kind *gk_kind_find(const char *kind)
{
	if (!kind)
		return NULL;
	for (size_t i = 0; i < K_NKINDS; i++)
		if (strcmp(gk_kinds[i].kind, kind) == 0 ||
		    (gk_kinds[i].alias && strcmp(gk_kinds[i].alias, kind) == 0))
			return &gk_kinds[i];
	return NULL;
}
