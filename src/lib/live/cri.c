/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/cri.c - container metadata from a CRI runtime socket (containerd, cri-o): the
 * runtime.v1.RuntimeService ContainerStatus and PodSandboxStatus calls, gRPC over cleartext
 * HTTP/2 on the unix socket (libcurl with nghttp2, prior knowledge), with a hand-written
 * protobuf encoder/decoder for the few fields vigil shows (container name, image, labels;
 * pod name, namespace, uid, IP, labels). One synchronous call per new container, bounded by
 * a timeout; any failure leaves the fields empty (as Falco without a runtime socket).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "live/state_internal.h"
#include "util/banned.h"

#define CRI_MAX_RESPONSE (4u << 20)
#define CRI_MAX_KV 256u

/* ---- protobuf --------------------------------------------------------------------------- */

struct pb {
	const uint8_t *p, *end;
};

static bool pb_varint(struct pb *b, uint64_t *ret)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (b->p >= b->end)
			return false;
		uint8_t c = *b->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*ret = v;
			return true;
		}
	}
	return false;
}

/*
 * Next field of @b: number, wire type, and for wire type 2 the bytes in @ret_sub (varints
 * in @ret_v). Fixed32/64 are skipped over. false at the end or on malformed input.
 */
static bool pb_next(struct pb *b, uint32_t *ret_field, uint32_t *ret_wt, uint64_t *ret_v,
		    struct pb *ret_sub)
{
	uint64_t key, len;
	const uint8_t *start = b->p;
	if (b->p >= b->end)
		return false; /* the end: b->p == b->end */
	if (!pb_varint(b, &key))
		goto bad;
	*ret_field = (uint32_t)(key >> 3);
	*ret_wt = (uint32_t)(key & 7);
	switch (*ret_wt) {
	case 0:
		if (!pb_varint(b, ret_v))
			goto bad;
		return true;
	case 1:
		if (b->end - b->p < 8)
			goto bad;
		b->p += 8;
		return true;
	case 2:
		if (!pb_varint(b, &len) || len > (uint64_t)(b->end - b->p))
			goto bad;
		ret_sub->p = b->p;
		ret_sub->end = b->p + len;
		b->p += len;
		return true;
	case 5:
		if (b->end - b->p < 4)
			goto bad;
		b->p += 4;
		return true;
	default:
		break;
	}
bad:
	b->p = start; /* malformed: the caller sees b->p != b->end */
	return false;
}

static char *pb_strdup(const struct pb *s)
{
	size_t n = (size_t)(s->end - s->p);
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, s->p, n);
		c[n] = '\0';
	}
	return c;
}

/* map<string,string> entry: {1: key, 2: value} appended to @kv */
static int pb_map_entry(struct pb e, struct vg_live_kvs *kv)
{
	uint32_t f, wt;
	uint64_t v;
	struct pb sub, k = { NULL, NULL }, val = { NULL, NULL };
	while (pb_next(&e, &f, &wt, &v, &sub)) {
		if (wt == 2 && f == 1)
			k = sub;
		else if (wt == 2 && f == 2)
			val = sub;
	}
	if (!k.p || kv->n >= CRI_MAX_KV)
		return 0;
	if (kv->n == kv->cap) {
		uint32_t nc = kv->cap ? kv->cap * 2 : 8;
		struct vg_kv *nv = realloc(kv->v, nc * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		kv->v = nv;
		kv->cap = nc;
	}
	static const uint8_t empty[1];
	if (!val.p)
		val.p = val.end = empty;
	char *ks = pb_strdup(&k), *vs = pb_strdup(&val);
	if (!ks || !vs) {
		free(ks);
		free(vs);
		return -ENOMEM;
	}
	kv->v[kv->n].key = (struct vg_str){ ks, (size_t)(k.end - k.p) };
	kv->v[kv->n].value = (struct vg_str){ vs, (size_t)(val.end - val.p) };
	kv->n++;
	return 0;
}

static void kvs_release(struct vg_live_kvs *kv)
{
	for (uint32_t i = 0; i < kv->n; i++) {
		free((char *)kv->v[i].key.ptr);
		free((char *)kv->v[i].value.ptr);
	}
	free(kv->v);
	memset(kv, 0, sizeof(*kv));
}

static const char *kvs_get(const struct vg_live_kvs *kv, const char *key)
{
	for (uint32_t i = 0; i < kv->n; i++)
		if (strcmp(kv->v[i].key.ptr, key) == 0)
			return kv->v[i].value.ptr;
	return NULL;
}

static int set_str(char **dst, const struct pb *s)
{
	free(*dst);
	*dst = pb_strdup(s);
	return *dst ? 0 : -ENOMEM;
}

/* first string field @want of message @m */
static int pb_sub_string(struct pb m, uint32_t want, char **dst)
{
	uint32_t f, wt;
	uint64_t v;
	struct pb sub;
	while (pb_next(&m, &f, &wt, &v, &sub))
		if (wt == 2 && f == want)
			return set_str(dst, &sub);
	return 0;
}

/* The status (field 1) of a CRI *StatusResponse in @st: 1, 0 when absent, -EBADMSG when @msg
 * is not a message */
static int pb_response_status(const uint8_t *msg, size_t len, struct pb *st)
{
	static const uint8_t none[1];
	if (!msg)
		msg = none, len = 0;
	struct pb b = { msg, msg + len }, sub;
	uint32_t f, wt;
	uint64_t v;
	st->p = st->end = NULL;
	while (pb_next(&b, &f, &wt, &v, &sub))
		if (f == 1 && wt == 2)
			*st = sub;
	if (b.p != b.end)
		return -EBADMSG;
	return st->p ? 1 : 0;
}

/* runtime.v1.ContainerStatusResponse { 1: ContainerStatus status } */
int vg_live_cri_parse_container(const uint8_t *msg, size_t len, struct vg_live_cri_info *ri)
{
	struct pb st, sub;
	uint32_t f, wt;
	uint64_t v;
	int e = pb_response_status(msg, len, &st);
	if (e <= 0)
		return e;
	e = 0;
	struct vg_live_kvs annotations = { 0 };
	while (e == 0 && pb_next(&st, &f, &wt, &v, &sub)) {
		if (f == 1 && wt == 2)
			e = set_str(&ri->id, &sub);
		else if (f == 2 && wt == 2) /* ContainerMetadata { 1: name } */
			e = pb_sub_string(sub, 1, &ri->name);
		else if (f == 4 && wt == 0)
			ri->created_at = v;
		else if (f == 8 && wt == 2) /* ImageSpec { 1: image } */
			e = pb_sub_string(sub, 1, &ri->image);
		else if (f == 9 && wt == 2)
			e = set_str(&ri->image_ref, &sub);
		else if (f == 12 && wt == 2)
			e = pb_map_entry(sub, &ri->labels);
		else if (f == 13 && wt == 2)
			e = pb_map_entry(sub, &annotations);
	}
	if (e == 0 && st.p != st.end)
		e = -EBADMSG;
	/* pod identity: the kubelet's labels; the sandbox from the runtime's annotations */
	static const struct {
		const char *key;
		size_t off;
	} from_labels[] = {
		{ "io.kubernetes.pod.name", offsetof(struct vg_live_cri_info, pod_name) },
		{ "io.kubernetes.pod.namespace", offsetof(struct vg_live_cri_info, pod_ns) },
		{ "io.kubernetes.pod.uid", offsetof(struct vg_live_cri_info, pod_uid) },
	};
	for (size_t i = 0; e == 0 && i < sizeof(from_labels) / sizeof(from_labels[0]); i++) {
		const char *val = kvs_get(&ri->labels, from_labels[i].key);
		char **dst = (char **)(void *)((char *)ri + from_labels[i].off);
		if (val && !*dst && !(*dst = strdup(val)))
			e = -ENOMEM;
	}
	const char *sb = kvs_get(&annotations, "io.kubernetes.cri.sandbox-id");
	if (!sb)
		sb = kvs_get(&annotations, "io.kubernetes.cri-o.SandboxID");
	if (e == 0 && sb && !ri->sandbox_id && !(ri->sandbox_id = strdup(sb)))
		e = -ENOMEM;
	kvs_release(&annotations);
	return e < 0 ? e : 1;
}

/* runtime.v1.PodSandboxStatusResponse { 1: PodSandboxStatus status } */
int vg_live_cri_parse_sandbox(const uint8_t *msg, size_t len, struct vg_live_cri_info *ri)
{
	struct pb st, sub;
	uint32_t f, wt;
	uint64_t v;
	int e = pb_response_status(msg, len, &st);
	if (e <= 0)
		return e;
	e = 0;
	while (e == 0 && pb_next(&st, &f, &wt, &v, &sub)) {
		if (f == 2 && wt == 2) { /* PodSandboxMetadata { 1: name, 2: uid, 3: namespace } */
			struct pb m = sub, s2;
			uint32_t f2, w2;
			uint64_t v2;
			while (e == 0 && pb_next(&m, &f2, &w2, &v2, &s2)) {
				if (w2 != 2)
					continue;
				if (f2 == 1)
					e = set_str(&ri->pod_name, &s2);
				else if (f2 == 2)
					e = set_str(&ri->pod_uid, &s2);
				else if (f2 == 3)
					e = set_str(&ri->pod_ns, &s2);
			}
		} else if (f == 5 && wt == 2) { /* PodSandboxNetworkStatus { 1: ip } */
			e = pb_sub_string(sub, 1, &ri->pod_ip);
		} else if (f == 7 && wt == 2) {
			e = pb_map_entry(sub, &ri->pod_labels);
		}
	}
	if (e == 0 && st.p != st.end)
		e = -EBADMSG;
	return e < 0 ? e : 1;
}

void vg_live_cri_info_release(struct vg_live_cri_info *ri)
{
	if (!ri)
		return;
	free(ri->id);
	free(ri->name);
	free(ri->image);
	free(ri->image_ref);
	free(ri->pod_name);
	free(ri->pod_ns);
	free(ri->pod_uid);
	free(ri->pod_ip);
	free(ri->sandbox_id);
	kvs_release(&ri->labels);
	kvs_release(&ri->pod_labels);
	memset(ri, 0, sizeof(*ri));
}

/* ---- gRPC over libcurl ---------------------------------------------------------------------- */

struct call {
	uint8_t *buf;
	size_t len, cap;
	int grpc_status; /* -1 = not seen */
	bool too_big;
};

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct call *c = ud;
	size_t add = size * n;
	if (c->len + add > CRI_MAX_RESPONSE) {
		c->too_big = true;
		return 0;
	}
	if (c->len + add > c->cap) {
		size_t nc = c->cap ? c->cap : 4096;
		while (nc < c->len + add)
			nc *= 2;
		uint8_t *nb = realloc(c->buf, nc);
		if (!nb)
			return 0;
		c->buf = nb;
		c->cap = nc;
	}
	memcpy(c->buf + c->len, data, add);
	c->len += add;
	return add;
}

/* headers and trailers: "grpc-status: N" */
static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct call *c = ud;
	size_t len = size * n;
	static const char key[] = "grpc-status:";
	if (len > sizeof(key) - 1 && strncasecmp(data, key, sizeof(key) - 1) == 0) {
		const char *p = data + sizeof(key) - 1;
		while (p < data + len && *p == ' ')
			p++;
		int v = 0;
		while (p < data + len && *p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		c->grpc_status = v;
	}
	return len;
}

/*
 * One unary call: @method is "runtime.v1.RuntimeService/ContainerStatus". The request
 * message @req (@req_len bytes) is framed; the response message is returned in *ret (malloc'd,
 * unframed). Returns 1, 0 when the runtime answered NOT_FOUND (grpc-status 5), -errno.
 */
static int grpc_call(const char *sock, const char *method, const uint8_t *req, size_t req_len,
		     long timeout_ms, uint8_t **ret, size_t *ret_len)
{
	CURL *h = curl_easy_init();
	if (!h)
		return -ENOMEM;
	uint8_t *frame = malloc(req_len + 5);
	if (!frame) {
		curl_easy_cleanup(h);
		return -ENOMEM;
	}
	frame[0] = 0;
	frame[1] = (uint8_t)(req_len >> 24);
	frame[2] = (uint8_t)(req_len >> 16);
	frame[3] = (uint8_t)(req_len >> 8);
	frame[4] = (uint8_t)req_len;
	memcpy(frame + 5, req, req_len);
	char url[256];
	snprintf(url, sizeof(url), "http://localhost/%s", method);
	struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/grpc");
	hdr = hdr ? curl_slist_append(hdr, "TE: trailers") : NULL;
	struct call c = { .grpc_status = -1 };
	int e = -ENOMEM;
	if (hdr) {
		curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, sock);
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, (const char *)frame);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(req_len + 5));
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, &c);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		CURLcode cc = curl_easy_perform(h);
		long code = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		if (c.too_big)
			e = -EFBIG;
		else if (cc == CURLE_OPERATION_TIMEDOUT)
			e = -ETIMEDOUT;
		else if (cc != CURLE_OK)
			e = -ECONNREFUSED;
		else if (code != 200)
			e = -EPROTO;
		else if (c.grpc_status == 5)
			e = 0;
		else if (c.grpc_status > 0)
			e = -EPROTO;
		else if (c.len < 5 || c.buf[0] != 0)
			e = -EBADMSG; /* compressed or truncated: not requested */
		else {
			size_t ml = (size_t)c.buf[1] << 24 | (size_t)c.buf[2] << 16 |
				    (size_t)c.buf[3] << 8 | c.buf[4];
			if (ml > c.len - 5) {
				e = -EBADMSG;
			} else {
				memmove(c.buf, c.buf + 5, ml);
				*ret = c.buf;
				*ret_len = ml;
				c.buf = NULL;
				e = 1;
			}
		}
	}
	free(c.buf);
	curl_slist_free_all(hdr);
	free(frame);
	curl_easy_cleanup(h);
	return e;
}

/* {1: id (string)} */
static size_t encode_id_request(const char *id, uint8_t *buf, size_t cap)
{
	size_t n = strlen(id);
	if (n > 127 || n + 2 > cap)
		return 0;
	buf[0] = 0x0a;
	buf[1] = (uint8_t)n;
	memcpy(buf + 2, id, n);
	return n + 2;
}

int vg_live_cri_status(const char *sock, const char *id, long timeout_ms,
		       struct vg_live_cri_info *ret)
{
	memset(ret, 0, sizeof(*ret));
	uint8_t req[160];
	size_t rl = encode_id_request(id, req, sizeof(req));
	if (!sock || !rl)
		return -EINVAL;
	uint8_t *msg = NULL;
	size_t ml = 0;
	int e = grpc_call(sock, "runtime.v1.RuntimeService/ContainerStatus", req, rl, timeout_ms,
			  &msg, &ml);
	if (e <= 0)
		return e;
	e = vg_live_cri_parse_container(msg, ml, ret);
	free(msg);
	if (e <= 0) {
		vg_live_cri_info_release(ret);
		return e;
	}
	if (ret->sandbox_id && (rl = encode_id_request(ret->sandbox_id, req, sizeof(req))) > 0) {
		msg = NULL;
		int e2 = grpc_call(sock, "runtime.v1.RuntimeService/PodSandboxStatus", req, rl,
				   timeout_ms, &msg, &ml);
		if (e2 > 0)
			e2 = vg_live_cri_parse_sandbox(msg, ml, ret);
		free(msg);
		if (e2 == -ENOMEM) {
			vg_live_cri_info_release(ret);
			return e2;
		}
	}
	return 1;
}
