/* SPDX-License-Identifier: Apache-2.0 */
/*
 * event/audit_source.c - the k8saudit source: audit.k8s.io/v1 and v1beta1 Event / EventList
 * objects from lines of a file, or POSTed to a webhook endpoint (libmicrohttpd, one internal
 * thread; TLS through GnuTLS when a certificate and key are given), as the API server's audit
 * webhook backend sends them (falcosecurity/plugins k8saudit: POST /k8s-audit).
 */
#include <errno.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "vigil/source.h"

static bool is_audit_object(const struct vg_node *root)
{
	const char *api = vg_node_str(vg_node_get(root, "apiVersion"));
	const char *kind = vg_node_str(vg_node_get(root, "kind"));
	/* Falco's own trace files omit apiVersion; when present it must be audit.k8s.io's */
	if (!kind)
		return false;
	if (api && strcmp(api, "audit.k8s.io/v1") != 0 && strcmp(api, "audit.k8s.io/v1beta1") != 0)
		return false;
	return strcmp(kind, "Event") == 0 || strcmp(kind, "EventList") == 0;
}

int vg_audit_decode(const char *name, uint32_t lineno, const char *buf, size_t len,
		    const struct vg_limits *limits, struct vg_docset **ret_set,
		    struct vg_diag *ret_diag)
{
	if ((!buf && len) || !ret_set)
		return -EINVAL;
	struct vg_diag d, scratch;
	vg_diag_clear(&d);
	if (!ret_diag)
		ret_diag = &scratch;
	if (!name)
		name = "<k8saudit>";
	struct vg_docset *set = NULL;
	int e = vg_docset_parse(name, buf, len, VG_SYNTAX_JSON, limits, &set, &d);
	if (e < 0) {
		vg_diag_set(ret_diag, d.code, name, lineno ? lineno - 1 + d.line : d.line, d.column,
			    "%s", d.message);
		vg_docset_free(set);
		return e == -EFBIG || e == -ENOMEM ? e : -EBADMSG;
	}
	const struct vg_doc *doc = vg_docset_get(set, 0);
	if (!doc || vg_docset_count(set) != 1 || doc->root->kind != VG_NODE_MAP) {
		vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, name, lineno ? lineno : 1,
			    doc ? doc->root->column : 0, "expected one JSON object");
		vg_docset_free(set);
		return -EBADMSG;
	}
	if (!is_audit_object(doc->root)) {
		vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, name, lineno ? lineno - 1 + doc->root->line : 1,
			    doc->root->column,
			    "not an audit.k8s.io/v1 or v1beta1 Event or EventList");
		vg_docset_free(set);
		return -EBADMSG;
	}
	const struct vg_node *items = vg_node_get(doc->root, "items");
	if (vg_node_str_eq(vg_node_get(doc->root, "kind"), "EventList") && items &&
	    items->kind != VG_NODE_SEQ && items->kind != VG_NODE_NULL) {
		vg_diag_set(ret_diag, VG_DIAG_SEMANTIC, name, lineno ? lineno - 1 + items->line : 1,
			    items->column, "'items' of an EventList must be a list");
		vg_docset_free(set);
		return -EBADMSG;
	}
	*ret_set = set;
	return 0;
}

/* ---- the webhook endpoint ---------------------------------------------------------------- */

struct vg_audit_server {
	struct MHD_Daemon *d;
	struct vg_audit_server_opts o;
	char *path;
	char *cert, *key;
	struct vg_limits limits;
	uint16_t port;
	_Atomic uint64_t ok, rejected;
};

struct req {
	char *buf;
	size_t len, cap;
	bool too_big;
};

static enum MHD_Result respond(struct MHD_Connection *c, unsigned code, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								  MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *data,
			       size_t *data_size, void **con_cls)
{
	struct vg_audit_server *s = cls;
	struct req *rq = *con_cls;
	if (!rq) {
		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*data_size) {
		size_t n = *data_size;
		*data_size = 0;
		if (rq->too_big || rq->len + n > s->o.max_body) {
			rq->too_big = true;
			return MHD_YES;
		}
		if (rq->len + n + 1 > rq->cap) {
			size_t nc = rq->cap ? rq->cap : 65536;
			while (nc < rq->len + n + 1)
				nc *= 2;
			char *nb = realloc(rq->buf, nc);
			if (!nb)
				return MHD_NO;
			rq->buf = nb;
			rq->cap = nc;
		}
		memcpy(rq->buf + rq->len, data, n);
		rq->len += n;
		return MHD_YES;
	}
	/* the whole request is here */
	if (strcmp(url, s->path) != 0) {
		atomic_fetch_add(&s->rejected, 1);
		return respond(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	if (strcmp(method, "POST") != 0) {
		atomic_fetch_add(&s->rejected, 1);
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
	}
	if (rq->too_big) {
		atomic_fetch_add(&s->rejected, 1);
		return respond(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n");
	}
	struct vg_docset *set = NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	if (vg_audit_decode("request", 0, rq->buf ? rq->buf : "", rq->len, &s->limits, &set, &d) <
	    0) {
		atomic_fetch_add(&s->rejected, 1);
		char msg[VG_DIAG_MSG_MAX + 64];
		snprintf(msg, sizeof(msg), "bad request: %u:%u: %s\n", d.line, d.column, d.message);
		return respond(c, MHD_HTTP_BAD_REQUEST, msg);
	}
	int r = s->o.cb ? s->o.cb(vg_docset_get(set, 0)->root, s->o.userdata) : 0;
	vg_docset_free(set);
	if (r < 0) {
		atomic_fetch_add(&s->rejected, 1);
		return respond(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error\n");
	}
	atomic_fetch_add(&s->ok, 1);
	return respond(c, MHD_HTTP_OK, "<html><body>Ok</body></html>");
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;
	if (rq) {
		free(rq->buf);
		free(rq);
		*con_cls = NULL;
	}
}

static int read_small_file(const char *path, char **ret)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	size_t cap = 1024 * 1024, len = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	len = fread(buf, 1, cap, f);
	int err = ferror(f) ? -EIO : !feof(f) ? -EFBIG : 0;
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*ret = buf;
	return 0;
}

void vg_audit_server_stop(struct vg_audit_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	free(s->path);
	free(s->cert);
	free(s->key);
	free(s);
}

int vg_audit_server_start(const struct vg_audit_server_opts *opts, struct vg_audit_server **ret,
			  struct vg_diag *ret_diag)
{
	struct vg_diag scratch;
	if (!ret_diag)
		ret_diag = &scratch;
	if (!opts || !ret || (!opts->tls_cert) != (!opts->tls_key)) {
		vg_diag_set(ret_diag, VG_DIAG_USAGE, NULL, 0, 0,
			    "TLS needs both a certificate and a key");
		return -EINVAL;
	}
	struct vg_audit_server *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->o = *opts;
	if (!s->o.max_body)
		s->o.max_body = VG_DEFAULT_AUDIT_MAX_BODY;
	if (opts->limits)
		s->limits = *opts->limits;
	else
		vg_limits_init(&s->limits);
	if (s->limits.max_file_size > s->o.max_body)
		s->limits.max_file_size = s->o.max_body;
	int e = -ENOMEM;
	s->path = strdup(opts->path ? opts->path : "/k8s-audit");
	if (!s->path)
		goto fail;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG * 0;
	if (opts->tls_cert) {
		if ((e = read_small_file(opts->tls_cert, &s->cert)) < 0) {
			vg_diag_set(ret_diag, VG_DIAG_IO, opts->tls_cert, 0, 0,
				    "cannot read the TLS certificate: %s", strerror(-e));
			goto fail;
		}
		if ((e = read_small_file(opts->tls_key, &s->key)) < 0) {
			vg_diag_set(ret_diag, VG_DIAG_IO, opts->tls_key, 0, 0,
				    "cannot read the TLS key: %s", strerror(-e));
			goto fail;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			vg_diag_set(ret_diag, VG_DIAG_USAGE, NULL, 0, 0,
				    "this libmicrohttpd has no TLS support");
			e = -ENOTSUP;
			goto fail;
		}
		flags |= MHD_USE_TLS;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	if (opts->address && strchr(opts->address, ':')) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(opts->port);
		if (inet_pton(AF_INET6, opts->address, &a6->sin6_addr) != 1)
			goto bad_addr;
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
		a4->sin_family = AF_INET;
		a4->sin_port = htons(opts->port);
		if (opts->address && inet_pton(AF_INET, opts->address, &a4->sin_addr) != 1)
			goto bad_addr;
		if (!opts->address)
			a4->sin_addr.s_addr = htonl(INADDR_ANY);
	}
	if (opts->tls_cert)
		s->d = MHD_start_daemon(flags, opts->port, NULL, NULL, handler, s,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
					MHD_OPTION_NOTIFY_COMPLETED, completed, s,
					MHD_OPTION_HTTPS_MEM_CERT, s->cert, MHD_OPTION_HTTPS_MEM_KEY,
					s->key, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	else
		s->d = MHD_start_daemon(flags, opts->port, NULL, NULL, handler, s,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
					MHD_OPTION_NOTIFY_COMPLETED, completed, s,
					MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (!s->d) {
		vg_diag_set(ret_diag, VG_DIAG_IO, NULL, 0, 0,
			    "cannot start the webhook server on port %u (address in use, or a bad "
			    "certificate/key)", (unsigned)opts->port);
		e = -EIO;
		goto fail;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : opts->port;
	*ret = s;
	return 0;
bad_addr:
	vg_diag_set(ret_diag, VG_DIAG_USAGE, NULL, 0, 0, "invalid listen address '%s'",
		    opts->address);
	e = -EINVAL;
fail:
	vg_audit_server_stop(s);
	return e;
}

uint16_t vg_audit_server_port(const struct vg_audit_server *s)
{
	return s ? s->port : 0;
}

void vg_audit_server_counts(const struct vg_audit_server *s, uint64_t *ret_ok,
			    uint64_t *ret_rejected)
{
	if (ret_ok)
		*ret_ok = s ? atomic_load(&s->ok) : 0;
	if (ret_rejected)
		*ret_rejected = s ? atomic_load(&s->rejected) : 0;
}
