/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_audit.c - the k8saudit source: Event/EventList decoding (v1, v1beta1, Falco's trace
 * files), errors with location, and the webhook endpoint over plain HTTP on 127.0.0.1 (200,
 * 400, 404, 405, 413; the callback sees every item of the posted EventList).
 */
#include <curl/curl.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/source.h"

static const char *const ev_v1 =
	"{\"apiVersion\":\"audit.k8s.io/v1\",\"kind\":\"Event\",\"verb\":\"create\","
	"\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\",\"name\":\"p\"},"
	"\"user\":{\"username\":\"alice\"},\"stageTimestamp\":\"2024-01-01T00:00:00.5Z\"}";

static void test_decode(void **state)
{
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_decode("a.log", 3, ev_v1, strlen(ev_v1), NULL, &set, &d), 0);
	const struct vg_node *root = vg_docset_get(set, 0)->root;
	assert_int_equal(vg_audit_count(root), 1);
	struct vg_audit_event ev;
	vg_audit_event_init(&ev, vg_audit_item(root, 0), 1);
	assert_int_equal(ev.ts, 1704067200500000000ull);
	vg_docset_free(set);

	char list[2048];
	snprintf(list, sizeof(list),
		 "{\"apiVersion\":\"audit.k8s.io/v1beta1\",\"kind\":\"EventList\",\"items\":[%s,%s]}",
		 ev_v1, ev_v1);
	assert_int_equal(vg_audit_decode("a.log", 1, list, strlen(list), NULL, &set, &d), 0);
	assert_int_equal(vg_audit_count(vg_docset_get(set, 0)->root), 2);
	vg_docset_free(set);

	set = NULL;
	const char *bad = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}";
	assert_int_equal(vg_audit_decode("a.log", 5, bad, strlen(bad), NULL, &set, &d), -EBADMSG);
	assert_null(set);
	assert_string_equal(d.file, "a.log");
	assert_int_equal(d.line, 5);
	assert_non_null(strstr(d.message, "not an audit.k8s.io"));
	const char *trunc = "{\"kind\":\"Event\",";
	assert_int_equal(vg_audit_decode("a.log", 9, trunc, strlen(trunc), NULL, &set, &d),
			 -EBADMSG);
	assert_int_equal(d.line, 9);
	assert_true(d.column > 0);
	const char *items = "{\"kind\":\"EventList\",\"items\":{}}";
	assert_int_equal(vg_audit_decode("a.log", 1, items, strlen(items), NULL, &set, &d),
			 -EBADMSG);
	/* limit */
	struct vg_limits lim;
	vg_limits_init(&lim);
	lim.max_file_size = 16;
	assert_int_equal(vg_audit_decode("a.log", 1, ev_v1, strlen(ev_v1), &lim, &set, &d), -EFBIG);
}

static void test_trace_files(void **state)
{
	const char *names[] = { "create_nginx_pod_privileged.json", "create_kube_system_secret.json",
				"attach_pod.json" };
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/corpus/k8saudit/falco-trace-files/%s", VG_SHARED_DIR,
			 names[i]);
		FILE *f = fopen(path, "r");
		if (!f)
			skip();
		char *line = NULL;
		size_t cap = 0;
		ssize_t n = getline(&line, &cap, f);
		fclose(f);
		assert_true(n > 0);
		struct vg_docset *set = NULL;
		struct vg_diag d;
		assert_int_equal(vg_audit_decode(names[i], 1, line, (size_t)n, NULL, &set, &d), 0);
		assert_int_equal(vg_audit_count(vg_docset_get(set, 0)->root), 1);
		vg_docset_free(set);
		free(line);
	}
}

struct seen {
	int calls;
	size_t items;
};

static int cb(const struct vg_node *root, void *ud)
{
	struct seen *s = ud;
	s->calls++;
	s->items += vg_audit_count(root);
	return 0;
}

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
	return sz * n;
}

static long post(const char *url, const char *method, const char *body, size_t len)
{
	CURL *c = curl_easy_init();
	assert_non_null(c);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	}
	long code = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return code;
}

static void test_webhook(void **state)
{
	struct seen s = { 0 };
	struct vg_audit_server_opts o = { .address = "127.0.0.1", .port = 0, .max_body = 4096,
					  .cb = cb, .userdata = &s };
	struct vg_audit_server *srv = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_server_start(&o, &srv, &d), 0);
	uint16_t port = vg_audit_server_port(srv);
	assert_true(port > 0);
	char url[128], other[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/k8s-audit", port);
	snprintf(other, sizeof(other), "http://127.0.0.1:%u/other", port);
	char list[2048];
	snprintf(list, sizeof(list),
		 "{\"apiVersion\":\"audit.k8s.io/v1\",\"kind\":\"EventList\",\"items\":[%s,%s,%s]}",
		 ev_v1, ev_v1, ev_v1);
	assert_int_equal(post(url, "POST", list, strlen(list)), 200);
	assert_int_equal(post(url, "POST", ev_v1, strlen(ev_v1)), 200);
	assert_int_equal(post(url, "POST", "{bad", 4), 400);
	assert_int_equal(post(url, "POST", "{\"kind\":\"Pod\"}", 14), 400);
	assert_int_equal(post(url, "GET", NULL, 0), 405);
	assert_int_equal(post(other, "POST", ev_v1, strlen(ev_v1)), 404);
	char *big = malloc(8192);
	memset(big, ' ', 8192);
	big[0] = '{';
	big[8191] = '}';
	assert_int_equal(post(url, "POST", big, 8192), 413);
	free(big);
	vg_audit_server_stop(srv);
	assert_int_equal(s.calls, 2);
	assert_int_equal(s.items, 4);

	/* TLS needs both files; missing files are reported */
	o.tls_cert = "/nonexistent.crt";
	assert_int_equal(vg_audit_server_start(&o, &srv, &d), -EINVAL);
	o.tls_key = "/nonexistent.key";
	assert_int_equal(vg_audit_server_start(&o, &srv, &d), -ENOENT);
	assert_non_null(strstr(d.message, "certificate"));
	vg_audit_server_stop(NULL);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_trace_files),
		cmocka_unit_test(test_webhook),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return r;
}
