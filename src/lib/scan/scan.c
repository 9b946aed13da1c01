/* SPDX-License-Identifier: Apache-2.0 */
/* scan.c - inputs -> documents -> objects -> checks -> report. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "config/config_internal.h"
#include "policy/gatekeeper.h"
#include "check/secrets_internal.h"
#include "util/strbuf.h"
#include "vigil/doc.h"
#include "vigil/k8s.h"
#include "vigil/check.h"
#include "vigil/scan.h"
#include "util/banned.h"

struct input {
	char *name;
	char *owned;  /* file contents we read (freed with the scan) */
	const char *src; /* the text parsed (owned or the caller's buffer) */
	size_t srclen;
	struct vg_docset *docs;
	bool policy;  /* from --policy: constraints only, not scanned */
};

struct ns_policy {
	const char *name;          /* borrowed from a docset */
	struct vg_pss_policy pss;
};

struct vg_scan {
	struct vg_scan_options opts;
	struct vg_report *report;
	struct input *inputs;
	size_t ninputs, cap;
	struct ns_policy *ns;
	size_t nns, nscap;
	struct vg_gk_set *gk;   /* Gatekeeper constraints (NULL when gatekeeper_checks is off) */
	bool adding_policy;     /* inputs being added come from --policy */
	struct vg_secrets *secrets;   /* compiled VG-SEC rules (secret_checks) */
	struct vg_msecrets *msec;     /* manifest secrets and Vault/CSI state */
	uint64_t binary_skipped;      /* --secrets: binary files not scanned */
	uint64_t large_skipped;       /* --secrets: text files over 10 MiB not scanned */
};

void vg_scan_options_init(struct vg_scan_options *ret_opts)
{
	memset(ret_opts, 0, sizeof(*ret_opts));
	ret_opts->pss.level = VG_PSS_RESTRICTED;
	ret_opts->pss.minor = VG_PSS_LATEST;
	ret_opts->pss_namespace_labels = true;
	ret_opts->pss_checks = true;
	ret_opts->workload_checks = true;
	ret_opts->dockerfile_checks = true;
	ret_opts->gatekeeper_checks = true;
	ret_opts->secret_checks = true;
	vg_limits_init(&ret_opts->limits);
}

int vg_scan_new(const struct vg_scan_options *opts, struct vg_report *report,
		struct vg_scan **ret_scan)
{
	if (!opts || !report || !ret_scan)
		return -EINVAL;
	struct vg_scan *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->opts = *opts;
	s->report = report;
	if (opts->gatekeeper_checks && vg_gk_set_new(&s->gk) < 0) {
		free(s);
		return -ENOMEM;
	}
	if (opts->secret_checks) {
		int r = vg_secrets_new(&s->secrets);
		if (r >= 0)
			r = vg_msecrets_new(s->secrets, &s->msec);
		if (r < 0) {
			vg_scan_free(s);
			return r;
		}
	}
	*ret_scan = s;
	return 0;
}

void vg_scan_free(struct vg_scan *scan)
{
	if (!scan)
		return;
	for (size_t i = 0; i < scan->ninputs; i++) {
		vg_docset_free(scan->inputs[i].docs);
		free(scan->inputs[i].owned);
		free(scan->inputs[i].name);
	}
	free(scan->inputs);
	free(scan->ns);
	vg_gk_set_free(scan->gk);
	vg_msecrets_free(scan->msec);
	vg_secrets_free(scan->secrets);
	free(scan);
}

static int report_error(struct vg_scan *s, enum vg_diag_code code, const char *file,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int report_error(struct vg_scan *s, enum vg_diag_code code, const char *file,
			const char *fmt, ...)
{
	struct vg_diag d;
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_diag_set(&d, code, file, 0, 0, "%s", msg);
	return vg_report_add_error(s->report, &d);
}

/* Unrendered Helm templates: "{{" directives that make the YAML unparseable. */
static bool looks_like_template(const char *buf, size_t len)
{
	return memmem(buf, len, "{{", 2) != NULL;
}

/* --secrets: the VG-SEC rules over a file's text (binary and over-10-MiB files counted). */
static int scan_text(struct vg_scan *s, const char *name, const char *buf, size_t len)
{
	if (!s->opts.secrets_text || !s->secrets)
		return 0;
	if (vg_secrets_is_binary((const unsigned char *)buf, len)) {
		s->binary_skipped++;
		return 0;
	}
	if (len > 10u * 1024u * 1024u) {
		s->large_skipped++;
		return 0;
	}
	int r = vg_secrets_scan(s->secrets, name, (const unsigned char *)buf, len, NULL, s->report);
	return r < 0 ? r : 0;
}

/* Up to 64 bytes of @key for a message: control bytes, NUL, '"' and '\\' escaped. */
static void quote_key(char *out, size_t size, const char *key, size_t len)
{
	size_t o = 0, i = 0;
	for (; i < len && i < 64 && o + 5 < size; i++) {
		unsigned char c = (unsigned char)key[i];
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
		else if (c == '"' || c == '\\')
			o += (size_t)snprintf(out + o, size - o, "\\%c", c);
		else
			out[o++] = (char)c;
	}
	if (i < len && o + 4 < size)
		o += (size_t)snprintf(out + o, size - o, "...");
	out[o] = '\0';
}

/* The document model's warnings (duplicate keys) as notes: accepted, but worth fixing. */
static int note_doc_warnings(struct vg_scan *s, const char *name, const struct vg_docset *docs)
{
	char msg[640], key[300];
	int r;
	for (size_t i = 0; i < vg_docset_warning_count(docs); i++) {
		const struct vg_doc_warning *w = vg_docset_warning(docs, i);
		quote_key(key, sizeof(key), w->key, w->key_len);
		snprintf(msg, sizeof(msg),
			 "warning: duplicate key \"%s\" at column %u (first at line %u): vigil uses the "
			 "later value, as kubectl's client-side decoding does; kubectl apply with "
			 "server-side strict field validation rejects the object",
			 key, w->column, w->first_line);
		if ((r = vg_report_add_note(s->report, name, w->line, msg)) < 0)
			return r;
	}
	size_t more = vg_docset_warnings_dropped(docs), n = vg_docset_warning_count(docs);
	if (more && n) {
		/* on the last listed line, so that it sorts after the listed ones */
		snprintf(msg, sizeof(msg), "warning: %zu more duplicate key%s after this one not "
			 "listed (only the first %u of a file are)", more, more == 1 ? "" : "s",
			 VG_DOC_MAX_WARNINGS);
		if ((r = vg_report_add_note(s->report, name, vg_docset_warning(docs, n - 1)->line,
					    msg)) < 0)
			return r;
	}
	return 0;
}

static int add_input(struct vg_scan *s, const char *name, char *owned, const char *buf, size_t len)
{
	struct vg_scan_stats *st = vg_report_stats(s->report);
	if (!s->adding_policy)
		st->files++;
	if (s->ninputs == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct input *in = realloc(s->inputs, cap * sizeof(*in));
		if (!in) {
			free(owned);
			return -ENOMEM;
		}
		s->inputs = in;
		s->cap = cap;
	}
	struct input *in = &s->inputs[s->ninputs];
	memset(in, 0, sizeof(*in));
	in->name = strdup(name);
	if (!in->name) {
		free(owned);
		return -ENOMEM;
	}
	in->owned = owned;
	in->policy = s->adding_policy;
	in->src = buf;
	in->srclen = len;
	s->ninputs++;

	struct vg_diag d;
	int r = vg_docset_parse(name, buf, len, VG_SYNTAX_AUTO, &s->opts.limits, &in->docs, &d);
	if (r == -ENOMEM)
		return r;
	if (r == -EBADMSG && d.code == VG_DIAG_SYNTAX && looks_like_template(buf, len)) {
		/* skip the whole file: a template's documents are not what gets deployed */
		vg_docset_free(in->docs);
		in->docs = NULL;
		st->skipped_helm++;
		if ((r = scan_text(s, name, buf, len)) < 0)
			return r;
		return vg_report_add_note(s->report, name, d.line,
					  "unrendered Helm template skipped (render it with helm template)");
	}
	if (r < 0) {
		r = vg_report_add_error(s->report, &d);
		if (r < 0 || (r = scan_text(s, name, buf, len)) < 0)
			return r;
	}
	if ((r = note_doc_warnings(s, name, in->docs)) < 0)
		return r;
	if (!in->policy)
		st->documents += vg_docset_count(in->docs);
	return 0;
}

int vg_scan_add_buffer(struct vg_scan *scan, const char *name, const char *buf, size_t len)
{
	return add_input(scan, name, NULL, buf, len);
}

/* Dockerfile, Containerfile, *.Dockerfile, Dockerfile.* (as hadolint and Trivy recognise them). */
static bool is_dockerfile(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	return strcmp(base, "Dockerfile") == 0 || strcmp(base, "Containerfile") == 0 ||
	       strncmp(base, "Dockerfile.", 11) == 0 || strncmp(base, "Containerfile.", 14) == 0 ||
	       (n > 11 && strcmp(base + n - 11, ".Dockerfile") == 0) ||
	       (n > 11 && strcmp(base + n - 11, ".dockerfile") == 0);
}

static bool wanted_in_dir(const char *name);

static int read_file(struct vg_scan *s, const char *path, int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return report_error(s, VG_DIAG_IO, path, "cannot stat: %s", strerror(errno));
	if ((uint64_t)st.st_size > s->opts.limits.max_file_size) {
		struct vg_diag d;
		vg_diag_set(&d, VG_DIAG_LIMIT, path, 0, 0,
			    "file is %lld bytes, over the limit of %zu (max_file_size)",
			    (long long)st.st_size, s->opts.limits.max_file_size);
		vg_report_stats(s->report)->files++;
		return vg_report_add_error(s->report, &d);
	}
	struct vg_strbuf b;
	vg_strbuf_init(&b, s->opts.limits.max_file_size + 1);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			vg_strbuf_release(&b);
			return report_error(s, VG_DIAG_IO, path, "cannot read: %s", strerror(e));
		}
		if (n == 0)
			break;
		int r = vg_strbuf_append(&b, chunk, (size_t)n);
		if (r == -EFBIG) {
			vg_strbuf_release(&b);
			struct vg_diag d;
			vg_diag_set(&d, VG_DIAG_LIMIT, path, 0, 0,
				    "file is over the limit of %zu bytes (max_file_size)",
				    s->opts.limits.max_file_size);
			vg_report_stats(s->report)->files++;
			return vg_report_add_error(s->report, &d);
		}
		if (r < 0) {
			vg_strbuf_release(&b);
			return r;
		}
	}
	size_t len = b.len;
	char *owned = b.buf; /* ownership moves to the input */
	if (is_dockerfile(path) && s->adding_policy) {
		free(owned); /* a policy directory holds constraints only */
		return 0;
	}
	if (is_dockerfile(path)) {
		/* Dockerfiles need nothing from the other inputs: check them right away */
		vg_report_stats(s->report)->files++;
		int r = s->opts.dockerfile_checks
				? vg_check_dockerfile_secrets(path, owned ? owned : "", len,
							      s->secrets, s->report)
			: s->secrets ? vg_secrets_scan(s->secrets, path,
						       (const unsigned char *)(owned ? owned : ""),
						       len, NULL, s->report)
				     : 0;
		free(owned);
		return r == -ENOMEM ? r : 0;
	}
	if (s->opts.secrets_text && !wanted_in_dir(path)) {
		/* --secrets: any other file is text */
		vg_report_stats(s->report)->files++;
		int r = scan_text(s, path, owned ? owned : "", len);
		free(owned);
		return r == -ENOMEM ? r : 0;
	}
	return add_input(s, path, owned, owned ? owned : "", len);
}

static bool wanted_in_dir(const char *name)
{
	if (is_dockerfile(name))
		return true;
	size_t n = strlen(name);
	static const char *const ext[] = { ".yaml", ".yml", ".json", NULL };
	for (const char *const *e = ext; *e; e++) {
		size_t el = strlen(*e);
		if (n > el && strcmp(name + n - el, *e) == 0)
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool dir_entry_is_dir(const char *dir, const char *name)
{
	char *p = NULL;
	struct stat st;
	bool r = false;
	if (asprintf(&p, "%s/%s", dir, name) >= 0 && lstat(p, &st) == 0)
		r = S_ISDIR(st.st_mode);
	free(p);
	return r;
}

static int add_path(struct vg_scan *s, const char *path, bool explicit, unsigned depth)
{
	struct stat st;
	if ((explicit ? stat(path, &st) : lstat(path, &st)) < 0)
		return report_error(s, VG_DIAG_IO, path, "cannot open: %s", strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		/* inside a walk: follow links to files, never to directories (no loops) */
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth > 64)
			return report_error(s, VG_DIAG_LIMIT, path, "%s",
					    "directory nesting deeper than 64 levels");
		DIR *d = opendir(path);
		if (!d)
			return report_error(s, VG_DIAG_IO, path, "cannot open directory: %s",
					    strerror(errno));
		char **names = NULL;
		size_t n = 0, cap = 0;
		int r = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			/* hidden entries are skipped; with --secrets hidden files (.env, .npmrc) are
			 * taken, hidden directories (.git, .terraform) are not */
			if (e->d_name[0] == '.' &&
			    (!s->opts.secrets_text || !strcmp(e->d_name, ".") ||
			     !strcmp(e->d_name, "..") || e->d_type == DT_DIR ||
			     (e->d_type == DT_UNKNOWN && dir_entry_is_dir(path, e->d_name))))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				char **nn = realloc(names, cap * sizeof(*names));
				if (!nn) {
					r = -ENOMEM;
					break;
				}
				names = nn;
			}
			names[n] = strdup(e->d_name);
			if (!names[n]) {
				r = -ENOMEM;
				break;
			}
			n++;
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(*names), cmp_str);
		size_t plen = strlen(path);
		bool slash = plen && path[plen - 1] == '/';
		for (size_t i = 0; i < n && r == 0; i++) {
			char *child = NULL;
			if (asprintf(&child, "%s%s%s", path, slash ? "" : "/", names[i]) < 0) {
				r = -ENOMEM;
				break;
			}
			struct stat cst;
			if (lstat(child, &cst) == 0 &&
			    (S_ISDIR(cst.st_mode) || wanted_in_dir(names[i]) ||
			     (s->opts.secrets_text && (S_ISREG(cst.st_mode) || S_ISLNK(cst.st_mode)))))
				r = add_path(s, child, false, depth + 1);
			free(child);
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return r;
	}
	if (!S_ISREG(st.st_mode))
		return report_error(s, VG_DIAG_IO, path, "%s", "not a regular file or directory");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report_error(s, VG_DIAG_IO, path, "cannot open: %s", strerror(errno));
	int r = read_file(s, path, fd);
	close(fd);
	return r;
}

int vg_scan_add_path(struct vg_scan *scan, const char *path)
{
	return add_path(scan, path, true, 0);
}

/* ---- the run ------------------------------------------------------------------------ */

static int note_label(struct vg_scan *s, const struct vg_k8s_object *obj, const struct vg_node *n,
		      const char *what)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "namespace %s: invalid %s label value \"%s\" (PSA uses %s)",
		 obj->name, what, vg_node_scalar(n) ? vg_node_scalar(n) : "",
		 strcmp(what, "pod-security.kubernetes.io/enforce") == 0 ? "restricted" : "latest");
	return vg_report_add_note(s->report, obj->doc->file, n->line, msg);
}

static int collect_namespace(struct vg_scan *s, const struct vg_k8s_object *obj)
{
	if (strcmp(obj->kind, "Namespace") != 0 || strcmp(obj->api_version, "v1") != 0)
		return 0;
	const struct vg_node *labels = vg_node_get(obj->metadata, "labels");
	const struct vg_node *lv = vg_node_get(labels, "pod-security.kubernetes.io/enforce");
	const struct vg_node *vv = vg_node_get(labels, "pod-security.kubernetes.io/enforce-version");
	if (!lv && !vv)
		return 0;
	/* PolicyToEvaluate: labels override the defaults; unparseable values give restricted
	 * and latest, with an error */
	struct vg_pss_policy p = s->opts.pss;
	int r;
	if (lv) {
		const char *t = vg_node_scalar(lv);
		if (!t || vg_pss_parse_level(t, &p.level) < 0) {
			p.level = VG_PSS_RESTRICTED;
			if ((r = note_label(s, obj, lv, "pod-security.kubernetes.io/enforce")) < 0)
				return r;
		}
	}
	if (vv) {
		const char *t = vg_node_scalar(vv);
		if (!t || vg_pss_parse_version(t, &p.minor) < 0) {
			p.minor = VG_PSS_LATEST;
			if ((r = note_label(s, obj, vv, "pod-security.kubernetes.io/enforce-version")) < 0)
				return r;
		}
	}
	for (size_t i = 0; i < s->nns; i++) {
		if (strcmp(s->ns[i].name, obj->name) == 0) {
			s->ns[i].pss = p; /* the last definition wins, as an apply would */
			return 0;
		}
	}
	if (s->nns == s->nscap) {
		size_t cap = s->nscap ? s->nscap * 2 : 16;
		struct ns_policy *n = realloc(s->ns, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		s->ns = n;
		s->nscap = cap;
	}
	s->ns[s->nns++] = (struct ns_policy){ obj->name, p };
	return 0;
}

struct collect_ctx {
	struct vg_scan *scan;
	bool policy; /* the input came from --policy */
};

static int collect_object(const struct vg_k8s_object *obj, void *userdata)
{
	struct collect_ctx *c = userdata;
	int r = c->policy ? 0 : collect_namespace(c->scan, obj);
	if (r == 0 && c->scan->gk)
		r = vg_gk_collect(c->scan->gk, obj, !c->policy, c->scan->report);
	if (r >= 0 && !c->policy && c->scan->msec)
		r = vg_msecrets_collect(c->scan->msec, obj);
	return r;
}

static const struct vg_pss_policy *policy_for(const struct vg_scan *s, const char *ns)
{
	if (s->opts.pss_namespace_labels && ns)
		for (size_t i = 0; i < s->nns; i++)
			if (strcmp(s->ns[i].name, ns) == 0)
				return &s->ns[i].pss;
	return &s->opts.pss;
}

static int check_object(const struct vg_k8s_object *obj, void *userdata)
{
	struct vg_scan *s = userdata;
	size_t first = vg_report_count(s->report); /* this object's findings start here */
	int r = s->opts.pss_checks ? vg_check_pss_object(obj, policy_for(s, obj->namespace), s->report)
				   : 0;
	if (r >= 0 && s->msec)
		r = vg_msecrets_check(s->msec, obj, s->report);
	if (r > 0)
		r = 0;
	if (r == 0 && s->opts.workload_checks) {
		struct vg_workload_opts wo = {
			.k8s_version = s->opts.k8s_version,
			.secret_reported = s->msec ? vg_msecrets_reported : NULL,
			.secret_userdata = s->msec,
		};
		r = vg_check_workload_object(obj, &wo, s->report);
	}
	if (r == 0 && s->gk)
		r = vg_gk_check_object(s->gk, obj, s->report);
	/* vigil.dev/ignore annotations (docs/suppressions.md); every family runs before this */
	return r < 0 ? r : vg_suppress_object(obj, s->report, first);
}

/* --secrets: documents that are not Kubernetes objects (values files, compose files, JSON
 * configuration) get the VG-SEC rules over their values. */
static int check_other_doc(struct vg_scan *s, const struct vg_doc *doc)
{
	const struct vg_node *root = doc->root;
	if (!s->opts.secrets_text || !s->msec ||
	    (vg_node_str(vg_node_get(root, "apiVersion")) && vg_node_str(vg_node_get(root, "kind"))))
		return 0;
	return vg_msecrets_check_doc(s->msec, doc, s->report);
}

int vg_scan_run(struct vg_scan *scan)
{
	struct vg_k8s_walk_stats ws = { 0 };
	int r = 0;
	/* --policy inputs: read now, used for their constraints only */
	for (size_t i = 0; scan->gk && i < scan->opts.npolicy_paths && r == 0; i++) {
		scan->adding_policy = true;
		r = add_path(scan, scan->opts.policy_paths[i], true, 0);
		scan->adding_policy = false;
	}
	for (size_t i = 0; i < scan->ninputs && r == 0; i++) {
		struct collect_ctx cc = { scan, scan->inputs[i].policy };
		for (size_t d = 0; d < vg_docset_count(scan->inputs[i].docs) && r == 0; d++)
			r = vg_k8s_walk(vg_docset_get(scan->inputs[i].docs, d), collect_object, &cc,
					NULL);
	}
	for (size_t i = 0; i < scan->ninputs && r == 0; i++) {
		if (scan->inputs[i].policy)
			continue;
		if (scan->msec)
			vg_msecrets_set_source(scan->msec, scan->inputs[i].src, scan->inputs[i].srclen);
		for (size_t d = 0; d < vg_docset_count(scan->inputs[i].docs) && r == 0; d++)
			if ((r = vg_k8s_walk(vg_docset_get(scan->inputs[i].docs, d), check_object,
					     scan, &ws)) == 0)
				r = check_other_doc(scan, vg_docset_get(scan->inputs[i].docs, d));
	}
	if (r == 0 && scan->gk)
		r = vg_gk_finish(scan->gk, scan->report);
	if (r < 0)
		return r;
	if (scan->binary_skipped || scan->large_skipped) {
		char msg[160];
		snprintf(msg, sizeof(msg), "--secrets: %llu binary file%s and %llu file%s over 10 MiB "
			 "not scanned for secrets", (unsigned long long)scan->binary_skipped,
			 scan->binary_skipped == 1 ? "" : "s", (unsigned long long)scan->large_skipped,
			 scan->large_skipped == 1 ? "" : "s");
		if ((r = vg_report_add_note(scan->report, "", 0, msg)) < 0)
			return r;
	}
	struct vg_scan_stats *st = vg_report_stats(scan->report);
	st->objects += ws.objects;
	st->skipped_non_k8s += ws.non_k8s;
	st->skipped_empty += ws.empty;
	vg_report_sort(scan->report);
	return 0;
}
