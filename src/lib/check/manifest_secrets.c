/* SPDX-License-Identifier: Apache-2.0 */
/*
 * manifest_secrets.c - hard-coded secrets in Kubernetes manifests, and the secret-delivery
 * checks of the Vault agent injector and the secrets-store CSI driver (VG-SEC-020..025).
 *
 * Values: every string scalar of an object is matched with the VG-SEC rules of secrets.c,
 * as the text "<key>: <value>" so that context rules (VG-SEC-002 needs "aws ... key" before
 * the value, VG-SEC-019 needs a secret-like key) see the key; only matches inside the value
 * count. The key of an env entry ({name: X, value: Y}) is its name; the key of a sequence item
 * is the previous item when that one is an option ("--db-password", "s3cr3t"). Secret data and
 * ConfigMap binaryData are base64-decoded first (binary content is skipped). The
 * kubectl.kubernetes.io/last-applied-configuration annotation (a copy of the whole object) is
 * scanned last and reports only secrets not already reported in the object.
 * Findings point at the value node (line:column; the line of the match inside a multi-line
 * value) with the object path, and show the secret only masked (vg_secrets_message).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "check/secrets_internal.h"
#include "util/strbuf.h"
#include "vigil/doc.h"
#include "util/banned.h"

enum {
	VLT_NO_ROLE,
	VLT_NO_TEMPLATE,
	VLT_BAD_BOOL,
	VLT_WORKLOAD_META,
	CSI_SPC_MISSING,
	CSI_SPC_API,
	VLT_COUNT
};

#define VAULT_DOCS "https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations"
#define CSI_DOCS "https://secrets-store-csi-driver.sigs.k8s.io/getting-started/usage"

static const struct vg_check_info vault_checks[VLT_COUNT] = {
	[VLT_NO_ROLE] = {
		.id = "VG-SEC-020", .family = "secrets", .severity = VG_SEV_MEDIUM,
		.title = "Vault agent injection without a Vault role",
		.description = "The pod template sets vault.hashicorp.com/agent-inject to true but no "
			       "vault.hashicorp.com/role (nor an agent-configmap with its own auto-auth): "
			       "the injected agent cannot log in with the Kubernetes auth method and the "
			       "pod's secrets are never rendered.",
		.remediation = "Add vault.hashicorp.com/role to the pod template's annotations, naming "
			       "a Vault Kubernetes-auth role bound to the pod's service account.",
		.help_uri = VAULT_DOCS, .refs = { { NULL, NULL } },
	},
	[VLT_NO_TEMPLATE] = {
		.id = "VG-SEC-021", .family = "secrets", .severity = VG_SEV_LOW,
		.title = "Vault secret injected without a template",
		.description = "vault.hashicorp.com/agent-inject-secret-<name> has no matching "
			       "agent-inject-template-<name>: the agent renders the secret with its "
			       "generic default template, a raw dump of every key and value of the "
			       "secret's data (for KV version 2 a Go map printout), which applications "
			       "rarely parse correctly and which exposes every field of the secret.",
		.remediation = "Add vault.hashicorp.com/agent-inject-template-<name> rendering only the "
			       "fields the application needs, in the format it reads.",
		.help_uri = VAULT_DOCS, .refs = { { NULL, NULL } },
	},
	[VLT_BAD_BOOL] = {
		.id = "VG-SEC-022", .family = "secrets", .severity = VG_SEV_MEDIUM,
		.title = "Vault agent-inject annotation is not a boolean string",
		.description = "vault.hashicorp.com/agent-inject must be a string the injector parses "
			       "as a boolean (true/false, 1/0, t/f in Go's strconv.ParseBool forms); "
			       "annotation values must also be YAML strings (an unquoted true is "
			       "rejected by the API server). Anything else makes the injector fail or "
			       "skip the pod.",
		.remediation = "Write vault.hashicorp.com/agent-inject: \"true\" (quoted).",
		.help_uri = VAULT_DOCS, .refs = { { NULL, NULL } },
	},
	[VLT_WORKLOAD_META] = {
		.id = "VG-SEC-023", .family = "secrets", .severity = VG_SEV_MEDIUM,
		.title = "Vault annotations on the workload instead of its pod template",
		.description = "vault.hashicorp.com/* annotations are set on the metadata of a "
			       "Deployment, StatefulSet, DaemonSet, Job or other controller. The "
			       "injector is a pod admission webhook and reads only the pod's "
			       "annotations, so these are ignored.",
		.remediation = "Move the annotations to spec.template.metadata.annotations.",
		.help_uri = "https://developer.hashicorp.com/vault/docs/platform/k8s/injector/examples",
		.refs = { { NULL, NULL } },
	},
	[CSI_SPC_MISSING] = {
		.id = "VG-SEC-024", .family = "secrets", .severity = VG_SEV_LOW,
		.title = "Secrets-store CSI volume names a SecretProviderClass missing from the scan",
		.description = "A volume uses the secrets-store.csi.k8s.io CSI driver and names, in "
			       "volumeAttributes.secretProviderClass, a SecretProviderClass "
			       "(secrets-store.csi.x-k8s.io/v1 or v1alpha1) that the scanned set does "
			       "not define in the pod's namespace (or names none). If the cluster lacks "
			       "it too, the volume mount fails and the pod never starts.",
		.remediation = "Ship the SecretProviderClass with the workload, in the same namespace, "
			       "or fix the name.",
		.help_uri = CSI_DOCS, .refs = { { NULL, NULL } },
	},
	[CSI_SPC_API] = {
		.id = "VG-SEC-025", .family = "secrets", .severity = VG_SEV_MEDIUM,
		.title = "SecretProviderClass with a wrong apiVersion",
		.description = "A SecretProviderClass is declared with an apiVersion outside the "
			       "secrets-store.csi.x-k8s.io group (v1, v1alpha1): the API server has no "
			       "such kind and rejects the object, so volumes naming it cannot mount.",
		.remediation = "Use apiVersion: secrets-store.csi.x-k8s.io/v1.",
		.help_uri = CSI_DOCS, .refs = { { NULL, NULL } },
	},
};

const struct vg_check_family vg_check_family_secrets_k8s = { "secrets", vault_checks, VLT_COUNT };

#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"
#define SPC_GROUP "secrets-store.csi.x-k8s.io/"
#define MAX_VALUE_SCAN (1u << 20) /* bytes of one value scanned (after decoding) */

struct spc {
	const char *ns;   /* borrowed from the docsets (live for the scan) */
	const char *name;
	const char *api_version;
	bool valid;       /* in the secrets-store.csi.x-k8s.io group */
};

struct seen {
	uint32_t rule;
	uint64_t hash;
};

struct vg_msecrets {
	const struct vg_secrets *s;
	struct spc *spcs;
	size_t nspc, spccap;
	/* per object */
	const struct vg_k8s_object *obj;
	const char *file;
	const char *src;  /* the source text of the current input, or NULL */
	size_t srclen;
	struct vg_report *report;
	struct vg_strbuf path, text, msg;
	const struct vg_node **reported; /* value nodes with a VG-SEC finding */
	size_t nrep, repcap;
	struct seen *seen;
	size_t nseen, seencap;
	const struct vg_node *last_applied;
	bool dedupe; /* scanning last-applied: skip secrets already seen */
};

int vg_msecrets_new(const struct vg_secrets *s, struct vg_msecrets **ret)
{
	struct vg_msecrets *m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->s = s;
	vg_strbuf_init(&m->path, 0);
	vg_strbuf_init(&m->text, 0);
	vg_strbuf_init(&m->msg, 0);
	*ret = m;
	return 0;
}

void vg_msecrets_free(struct vg_msecrets *m)
{
	if (!m)
		return;
	vg_strbuf_release(&m->path);
	vg_strbuf_release(&m->text);
	vg_strbuf_release(&m->msg);
	free(m->spcs);
	free(m->reported);
	free(m->seen);
	free(m);
}

void vg_msecrets_set_source(struct vg_msecrets *m, const char *src, size_t len)
{
	m->src = src;
	m->srclen = len;
}

/* Byte offset of the start of 1-based @line in the source, or (size_t)-1. */
static size_t line_offset(const struct vg_msecrets *m, uint32_t line)
{
	size_t off = 0;
	for (uint32_t l = 1; l < line; l++) {
		const char *e = memchr(m->src + off, '\n', m->srclen - off);
		if (!e)
			return (size_t)-1;
		off = (size_t)(e - m->src) + 1;
	}
	return off;
}

/* A match @voff bytes into the value of node @n, on its @k-th line (0-based): for a literal
 * block scalar ('|') the exact source line and column; otherwise the node's position. */
static void place(const struct vg_msecrets *m, const struct vg_node *n, const unsigned char *val,
		  size_t voff, uint32_t k, uint32_t *line, uint32_t *col)
{
	*line = n->line;
	*col = n->column;
	if (!m->src || !n->line || !n->column)
		return;
	size_t lo = line_offset(m, n->line);
	if (lo == (size_t)-1 || lo + n->column - 1 >= m->srclen || m->src[lo + n->column - 1] != '|')
		return;
	/* the block's indentation: leading spaces of its first non-empty line */
	size_t indent = 0;
	for (uint32_t l = n->line + 1;; l++) {
		size_t o = line_offset(m, l);
		if (o == (size_t)-1 || o >= m->srclen)
			return;
		size_t sp = 0;
		while (o + sp < m->srclen && m->src[o + sp] == ' ')
			sp++;
		if (o + sp < m->srclen && m->src[o + sp] != '\n') {
			indent = sp;
			break;
		}
	}
	size_t bol = voff; /* start of the match's line inside the value */
	while (bol > 0 && val[bol - 1] != '\n')
		bol--;
	uint32_t c = (uint32_t)indent + 1;
	for (size_t i = bol; i < voff; i++)
		c += (val[i] & 0xC0) != 0x80;
	*line = n->line + 1 + k;
	*col = c;
}

bool vg_msecrets_reported(const struct vg_node *value, void *ud)
{
	const struct vg_msecrets *m = ud;
	for (size_t i = 0; m && i < m->nrep; i++)
		if (m->reported[i] == value)
			return true;
	return false;
}

int vg_msecrets_collect(struct vg_msecrets *m, const struct vg_k8s_object *obj)
{
	if (strcmp(obj->kind, "SecretProviderClass") != 0 || !obj->name || !*obj->name)
		return 0;
	if (m->nspc == m->spccap) {
		size_t c = m->spccap ? m->spccap * 2 : 8;
		struct spc *p = realloc(m->spcs, c * sizeof(*p));
		if (!p)
			return -ENOMEM;
		m->spcs = p;
		m->spccap = c;
	}
	m->spcs[m->nspc++] = (struct spc){
		obj->namespace ? obj->namespace : "default", obj->name, obj->api_version,
		strncmp(obj->api_version, SPC_GROUP, strlen(SPC_GROUP)) == 0,
	};
	return 0;
}

/* ---- emitting ------------------------------------------------------------------------------ */

static int emit(struct vg_msecrets *m, const struct vg_check_info *check, uint32_t line,
		uint32_t col, const char *path, const char *message)
{
	struct vg_object_ref o = { 0 }, *op = NULL;
	size_t nrefs = 0;
	while (nrefs < VG_MAX_REFS && check->refs[nrefs].key)
		nrefs++;
	if (m->obj) {
		o.api_version = m->obj->api_version;
		o.kind = m->obj->kind;
		o.namespace = m->obj->namespace;
		o.name = m->obj->name;
		op = &o;
	}
	return vg_check_emit_at(m->report, check, op, m->file, line, col, path, message,
				check->refs, nrefs);
}

static int emit_node(struct vg_msecrets *m, int check, const struct vg_node *n, const char *path,
		     const char *message)
{
	return emit(m, &vault_checks[check], n ? n->line : 0, n ? n->column : 0, path, message);
}

/* ---- value scanning ------------------------------------------------------------------------ */

static uint64_t fnv(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static int remember(struct vg_msecrets *m, uint32_t rule, uint64_t h)
{
	if (m->nseen == m->seencap) {
		size_t c = m->seencap ? m->seencap * 2 : 16;
		struct seen *p = realloc(m->seen, c * sizeof(*p));
		if (!p)
			return -ENOMEM;
		m->seen = p;
		m->seencap = c;
	}
	m->seen[m->nseen++] = (struct seen){ rule, h };
	return 0;
}

static bool was_seen(const struct vg_msecrets *m, uint32_t rule, uint64_t h)
{
	for (size_t i = 0; i < m->nseen; i++)
		if (m->seen[i].rule == rule && m->seen[i].hash == h)
			return true;
	return false;
}

static int mark_reported(struct vg_msecrets *m, const struct vg_node *n)
{
	if (vg_msecrets_reported(n, m))
		return 0;
	if (m->nrep == m->repcap) {
		size_t c = m->repcap ? m->repcap * 2 : 8;
		const struct vg_node **p = realloc(m->reported, c * sizeof(*p));
		if (!p)
			return -ENOMEM;
		m->reported = p;
		m->repcap = c;
	}
	m->reported[m->nrep++] = n;
	return 0;
}

/* Scan @val (@vlen bytes; decoded or the node's text) of node @n with the key @key. */
static int scan_value(struct vg_msecrets *m, const struct vg_node *n, const char *key,
		      const char *val, size_t vlen, bool decoded)
{
	int r;
	if (vlen < 8 || vlen > MAX_VALUE_SCAN || memchr(val, '\0', vlen))
		return 0;
	vg_strbuf_reset(&m->text);
	if (key && (r = vg_strbuf_puts(&m->text, key)) < 0)
		return r;
	if (key && (r = vg_strbuf_puts(&m->text, ": ")) < 0)
		return r;
	size_t from = m->text.len;
	if ((r = vg_strbuf_append(&m->text, val, vlen)) < 0)
		return r;
	const unsigned char *t = (const unsigned char *)vg_strbuf_str(&m->text);
	struct vg_secret_hit *hits;
	size_t nh;
	if ((r = vg_secrets_find(m->s, t, m->text.len, from, &hits, &nh)) < 0)
		return r;
	for (size_t i = 0; i < nh && r >= 0; i++) {
		const struct vg_secret_hit *h = &hits[i];
		uint64_t hash = fnv(t + h->start, h->end - h->start);
		if (m->dedupe && was_seen(m, h->rule, hash))
			continue;
		if ((r = remember(m, h->rule, hash)) < 0)
			break;
		/* the line inside a multi-line (block) value */
		uint32_t line, col, k = 0;
		for (size_t p = from; p < h->start; p++)
			k += t[p] == '\n';
		if (decoded)
			line = n->line, col = n->column;
		else
			place(m, n, t + from, h->start - from, k, &line, &col);
		char msg[256];
		vg_secrets_hit_message(t, h, msg, sizeof(msg));
		if ((r = emit(m, vg_secrets_rule_check(h->rule), line, col, vg_strbuf_str(&m->path),
			      msg)) < 0 ||
		    (r = mark_reported(m, n)) < 0)
			break;
	}
	free(hits);
	return r < 0 ? r : 0;
}

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Standard or URL-safe base64, whitespace ignored; -EBADMSG when not base64. *ret (free()). */
static int b64decode(const char *s, size_t n, char **ret, size_t *ret_len)
{
	char *out = malloc(n / 4 * 3 + 4);
	size_t k = 0;
	unsigned acc = 0, bits = 0;
	bool pad = false;
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad = true;
			continue;
		}
		int v = b64val(c);
		if (v < 0 || pad) {
			free(out);
			return -EBADMSG;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[k] = '\0';
	*ret = out;
	*ret_len = k;
	return 0;
}

static int walk(struct vg_msecrets *m, const struct vg_node *n, const char *key, bool decode,
		unsigned depth);

static int path_push_key(struct vg_msecrets *m, const char *k)
{
	bool plain = strcspn(k, "./[]\" ") == strlen(k) && *k;
	if (plain)
		return vg_strbuf_printf(&m->path, "%s%s", m->path.len ? "." : "", k);
	return vg_strbuf_printf(&m->path, "[\"%s\"]", k);
}

/* A parsed service-account key file ({"type": "service_account", "private_key": PEM}):
 * VG-SEC-015 at the private_key value (the text rule needs the JSON source). */
static int service_account_key(struct vg_msecrets *m, const struct vg_node *v)
{
	enum { RULE_GCP_SA = 14 };
	char msg[256];
	uint64_t h = fnv((const unsigned char *)v->text, v->len);
	int r;
	if (m->dedupe && was_seen(m, RULE_GCP_SA, h))
		return 0;
	if ((r = remember(m, RULE_GCP_SA, h)) < 0)
		return r;
	vg_secrets_message(RULE_GCP_SA, (const unsigned char *)v->text, v->len, msg, sizeof(msg));
	if ((r = emit(m, vg_secrets_rule_check(RULE_GCP_SA), v->line, v->column,
		      vg_strbuf_str(&m->path), msg)) < 0)
		return r;
	return mark_reported(m, v);
}

static int walk_map(struct vg_msecrets *m, const struct vg_node *n, bool decode_children,
		    unsigned depth)
{
	const char *env_name = vg_node_str(vg_node_get(n, "name"));
	bool sa = vg_node_str_eq(vg_node_get(n, "type"), "service_account");
	for (uint32_t i = 0; i < n->count; i++) {
		const char *k = vg_node_scalar(n->pairs[i].key);
		const struct vg_node *v = n->pairs[i].value;
		if (!k || !v)
			continue;
		if (!m->dedupe && strcmp(k, LAST_APPLIED) == 0 && v->kind == VG_NODE_STR) {
			m->last_applied = v; /* scanned last, deduplicated */
			continue;
		}
		size_t save = m->path.len;
		int r = path_push_key(m, k);
		if (r >= 0 && sa && strcmp(k, "private_key") == 0 && v->kind == VG_NODE_STR &&
		    memmem(v->text, v->len, "PRIVATE KEY-----", 16)) {
			r = service_account_key(m, v);
		} else if (r >= 0) {
			const char *key = k;
			if (strcmp(k, "value") == 0 && env_name)
				key = env_name;
			r = walk(m, v, key, decode_children, depth + 1);
		}
		vg_strbuf_truncate(&m->path, save);
		if (r < 0)
			return r;
	}
	return 0;
}

static int walk(struct vg_msecrets *m, const struct vg_node *n, const char *key, bool decode,
		unsigned depth)
{
	int r = 0;
	if (!n || depth > 200)
		return 0;
	switch (n->kind) {
	case VG_NODE_STR:
		if (decode) {
			char *d;
			size_t dl;
			r = b64decode(n->text, n->len, &d, &dl);
			if (r == -EBADMSG)
				return scan_value(m, n, key, n->text, n->len, false); /* not base64 */
			if (r < 0)
				return r;
			r = scan_value(m, n, key, d, dl, true);
			free(d);
			return r;
		}
		return scan_value(m, n, key, n->text, n->len, false);
	case VG_NODE_MAP:
		return walk_map(m, n, false, depth);
	case VG_NODE_SEQ:
		for (uint32_t i = 0; i < n->count && r >= 0; i++) {
			size_t save = m->path.len;
			const char *prev = i ? vg_node_str(n->items[i - 1]) : NULL;
			const char *ikey = prev && prev[0] == '-' ? prev : NULL;
			if ((r = vg_strbuf_printf(&m->path, "[%u]", i)) >= 0)
				r = walk(m, n->items[i], ikey, false, depth + 1);
			vg_strbuf_truncate(&m->path, save);
		}
		return r;
	default:
		return 0;
	}
}

static void begin(struct vg_msecrets *m, const struct vg_k8s_object *obj, const char *file,
		  struct vg_report *report)
{
	m->obj = obj;
	m->file = file;
	m->report = report;
	m->nrep = m->nseen = 0;
	m->last_applied = NULL;
	m->dedupe = false;
	vg_strbuf_reset(&m->path);
}

static int finish_last_applied(struct vg_msecrets *m)
{
	if (!m->last_applied)
		return 0;
	vg_strbuf_reset(&m->path);
	int r = vg_strbuf_puts(&m->path, "metadata.annotations[\"" LAST_APPLIED "\"]");
	if (r < 0)
		return r;
	m->dedupe = true;
	r = scan_value(m, m->last_applied, NULL, m->last_applied->text, m->last_applied->len,
		       true);
	m->dedupe = false;
	return r;
}

static int scan_object_values(struct vg_msecrets *m, const struct vg_k8s_object *obj)
{
	const struct vg_node *root = obj->root;
	bool secret = strcmp(obj->kind, "Secret") == 0 && strcmp(obj->api_version, "v1") == 0;
	bool cm = strcmp(obj->kind, "ConfigMap") == 0 && strcmp(obj->api_version, "v1") == 0;
	int r = 0;
	for (uint32_t i = 0; i < root->count && r >= 0; i++) {
		const char *k = vg_node_scalar(root->pairs[i].key);
		const struct vg_node *v = root->pairs[i].value;
		if (!k || !v)
			continue;
		vg_strbuf_reset(&m->path);
		if ((r = path_push_key(m, k)) < 0)
			break;
		if (((secret && strcmp(k, "data") == 0) || (cm && strcmp(k, "binaryData") == 0)) &&
		    v->kind == VG_NODE_MAP)
			r = walk_map(m, v, true, 1);
		else
			r = walk(m, v, k, false, 1);
	}
	return r < 0 ? r : finish_last_applied(m);
}

/* ---- Vault agent injector ------------------------------------------------------------------ */

#define VAULT_PREFIX "vault.hashicorp.com/"

static bool parse_bool_ok(const char *s)
{
	static const char *const ok[] = { "1", "t", "T", "TRUE", "true", "True",
					  "0", "f", "F", "FALSE", "false", "False", NULL };
	for (const char *const *p = ok; *p; p++)
		if (strcmp(s, *p) == 0)
			return true;
	return false;
}

static bool truthy(const char *s)
{
	return s && (!strcmp(s, "1") || !strcmp(s, "t") || !strcmp(s, "T") || !strcmp(s, "TRUE") ||
		     !strcmp(s, "true") || !strcmp(s, "True"));
}

static int apath(struct vg_msecrets *m, const char *meta_path, const char *key)
{
	vg_strbuf_reset(&m->path);
	return vg_strbuf_printf(&m->path, "%s.annotations[\"%s\"]", meta_path, key);
}

static int check_vault_pod(struct vg_msecrets *m, const struct vg_pod_view *view,
			   const struct vg_node *wl_ann)
{
	const struct vg_node *ann = vg_node_get(view->meta, "annotations");
	const struct vg_node *inject = vg_node_get(ann, VAULT_PREFIX "agent-inject");
	int r;
	if (!ann || ann->kind != VG_NODE_MAP)
		return 0;
	if (inject) {
		const char *t = vg_node_str(inject);
		if (!t || !parse_bool_ok(t)) {
			const char *shown = vg_node_scalar(inject);
			vg_strbuf_reset(&m->msg);
			if ((r = apath(m, view->meta_path, VAULT_PREFIX "agent-inject")) < 0 ||
			    (r = vg_strbuf_printf(&m->msg,
						  t ? "vault.hashicorp.com/agent-inject is \"%s\", "
						      "not a boolean string"
						    : "vault.hashicorp.com/agent-inject is a YAML %s "
						      "(%s), not a string",
						  t ? t : vg_node_kind_name(inject->kind),
						  shown ? shown : "")) < 0 ||
			    (r = emit_node(m, VLT_BAD_BOOL, inject, vg_strbuf_str(&m->path),
					   vg_strbuf_str(&m->msg))) < 0)
				return r;
		}
	}
	if (!truthy(vg_node_str(inject)) && !vg_node_is_true(inject))
		return 0;
	if (!vg_node_present(vg_node_get(ann, VAULT_PREFIX "role")) &&
	    !vg_node_present(vg_node_get(ann, VAULT_PREFIX "agent-configmap"))) {
		bool on_wl = vg_node_present(vg_node_get(wl_ann, VAULT_PREFIX "role"));
		vg_strbuf_reset(&m->msg);
		if ((r = apath(m, view->meta_path, VAULT_PREFIX "agent-inject")) < 0 ||
		    (r = vg_strbuf_printf(&m->msg, "%s \"%s\" enables Vault agent injection but its "
					  "pod template sets no vault.hashicorp.com/role%s",
					  m->obj->kind, m->obj->name,
					  on_wl ? " (the role on the workload's own metadata is "
						  "not read by the injector)" : "")) < 0 ||
		    (r = emit_node(m, VLT_NO_ROLE, inject, vg_strbuf_str(&m->path),
				   vg_strbuf_str(&m->msg))) < 0)
			return r;
	}
	static const char sec[] = VAULT_PREFIX "agent-inject-secret-";
	for (uint32_t i = 0; i < ann->count; i++) {
		const char *k = vg_node_scalar(ann->pairs[i].key);
		if (!k || strncmp(k, sec, sizeof(sec) - 1) != 0 || !k[sizeof(sec) - 1])
			continue;
		const char *name = k + sizeof(sec) - 1;
		char tk[512], tf[512];
		snprintf(tk, sizeof(tk), VAULT_PREFIX "agent-inject-template-%s", name);
		snprintf(tf, sizeof(tf), VAULT_PREFIX "agent-inject-template-file-%s", name);
		if (vg_node_present(vg_node_get(ann, tk)) || vg_node_present(vg_node_get(ann, tf)))
			continue;
		vg_strbuf_reset(&m->msg);
		if ((r = apath(m, view->meta_path, k)) < 0 ||
		    (r = vg_strbuf_printf(&m->msg, "secret \"%s\" is injected without "
					  "vault.hashicorp.com/agent-inject-template-%s: the "
					  "default template dumps the raw secret data", name,
					  name)) < 0 ||
		    (r = emit_node(m, VLT_NO_TEMPLATE, ann->pairs[i].key, vg_strbuf_str(&m->path),
				   vg_strbuf_str(&m->msg))) < 0)
			return r;
	}
	return 0;
}

static int check_vault_workload_meta(struct vg_msecrets *m, const struct vg_node *ann)
{
	uint32_t n = 0;
	const struct vg_node *first = NULL;
	const char *first_key = NULL;
	for (uint32_t i = 0; ann && ann->kind == VG_NODE_MAP && i < ann->count; i++) {
		const char *k = vg_node_scalar(ann->pairs[i].key);
		if (k && strncmp(k, VAULT_PREFIX, strlen(VAULT_PREFIX)) == 0) {
			if (!n++) {
				first = ann->pairs[i].key;
				first_key = k;
			}
		}
	}
	if (!n)
		return 0;
	int r;
	vg_strbuf_reset(&m->msg);
	if ((r = apath(m, "metadata", first_key)) < 0 ||
	    (r = vg_strbuf_printf(&m->msg, "%s \"%s\" has %u vault.hashicorp.com/ annotation%s on "
				  "its own metadata; the injector reads only the pod template's",
				  m->obj->kind, m->obj->name, n, n == 1 ? "" : "s")) < 0)
		return r;
	return emit_node(m, VLT_WORKLOAD_META, first, vg_strbuf_str(&m->path),
			 vg_strbuf_str(&m->msg));
}

/* ---- secrets-store CSI driver -------------------------------------------------------------- */

static int check_csi(struct vg_msecrets *m, const struct vg_pod_view *view)
{
	const struct vg_node *vols = vg_node_get(view->spec, "volumes");
	const char *ns = m->obj->namespace ? m->obj->namespace : "default";
	int r;
	for (uint32_t i = 0; vols && vols->kind == VG_NODE_SEQ && i < vols->count; i++) {
		const struct vg_node *csi = vg_node_get(vols->items[i], "csi");
		if (!vg_node_str_eq(vg_node_get(csi, "driver"), "secrets-store.csi.k8s.io"))
			continue;
		const char *vname = vg_node_str(vg_node_get(vols->items[i], "name"));
		const struct vg_node *attrs = vg_node_get(csi, "volumeAttributes");
		const struct vg_node *spcn = vg_node_get(attrs, "secretProviderClass");
		const char *spc = vg_node_str(spcn);
		const struct spc *valid = NULL, *wrong = NULL;
		for (size_t k = 0; spc && k < m->nspc; k++) {
			if (strcmp(m->spcs[k].name, spc) != 0 || strcmp(m->spcs[k].ns, ns) != 0)
				continue;
			if (m->spcs[k].valid)
				valid = &m->spcs[k];
			else
				wrong = &m->spcs[k];
		}
		if (valid)
			continue;
		vg_strbuf_reset(&m->path);
		vg_strbuf_reset(&m->msg);
		if ((r = vg_strbuf_printf(&m->path, "%s.volumes[%u].csi%s", view->spec_path, i,
					  spcn ? ".volumeAttributes.secretProviderClass" : "")) < 0)
			return r;
		if (!spc)
			r = vg_strbuf_printf(&m->msg, "secrets-store CSI volume \"%s\" names no "
					     "SecretProviderClass (volumeAttributes.secretProviderClass)",
					     vname ? vname : "");
		else if (wrong)
			r = vg_strbuf_printf(&m->msg, "secrets-store CSI volume \"%s\" uses "
					     "SecretProviderClass \"%s\", which is in the scanned set "
					     "only with apiVersion %s, not %sv1", vname ? vname : "",
					     spc, wrong->api_version, SPC_GROUP);
		else
			r = vg_strbuf_printf(&m->msg, "secrets-store CSI volume \"%s\" uses "
					     "SecretProviderClass \"%s\", which is not in the scanned set "
					     "in namespace %s", vname ? vname : "", spc, ns);
		if (r < 0 || (r = emit_node(m, CSI_SPC_MISSING, spcn ? spcn : csi,
					    vg_strbuf_str(&m->path), vg_strbuf_str(&m->msg))) < 0)
			return r;
	}
	return 0;
}

static int check_spc(struct vg_msecrets *m)
{
	const struct vg_k8s_object *obj = m->obj;
	if (strcmp(obj->kind, "SecretProviderClass") != 0 ||
	    strncmp(obj->api_version, SPC_GROUP, strlen(SPC_GROUP)) == 0)
		return 0;
	int r;
	vg_strbuf_reset(&m->path);
	vg_strbuf_reset(&m->msg);
	if ((r = vg_strbuf_puts(&m->path, "apiVersion")) < 0 ||
	    (r = vg_strbuf_printf(&m->msg, "SecretProviderClass \"%s\" has apiVersion %s; the kind "
				  "exists only in %sv1 (and v1alpha1)", obj->name,
				  obj->api_version, SPC_GROUP)) < 0)
		return r;
	return emit_node(m, CSI_SPC_API, vg_node_get(obj->root, "apiVersion"),
			 vg_strbuf_str(&m->path), vg_strbuf_str(&m->msg));
}

/* ---- entry points --------------------------------------------------------------------------- */

int vg_msecrets_check(struct vg_msecrets *m, const struct vg_k8s_object *obj,
		      struct vg_report *report)
{
	if (!m || !obj || !obj->root || !report)
		return -EINVAL;
	begin(m, obj, obj->doc ? obj->doc->file : NULL, report);
	int r = 0;
	if (m->s && obj->root->kind == VG_NODE_MAP && (r = scan_object_values(m, obj)) < 0)
		return r;
	if ((r = check_spc(m)) < 0)
		return r;
	struct vg_pod_view view;
	if (!vg_k8s_pod_view(obj, &view))
		return 0;
	const struct vg_node *wl_ann = NULL;
	if (strcmp(obj->kind, "Pod") != 0) {
		wl_ann = vg_node_get(obj->metadata, "annotations");
		if ((r = check_vault_workload_meta(m, wl_ann)) < 0)
			return r;
	}
	if ((r = check_vault_pod(m, &view, wl_ann)) < 0)
		return r;
	return check_csi(m, &view);
}

int vg_msecrets_check_doc(struct vg_msecrets *m, const struct vg_doc *doc,
			  struct vg_report *report)
{
	if (!m || !doc || !report)
		return -EINVAL;
	if (!m->s)
		return 0;
	begin(m, NULL, doc->file, report);
	int r = walk(m, doc->root, NULL, false, 0);
	return r < 0 ? r : finish_last_applied(m);
}
