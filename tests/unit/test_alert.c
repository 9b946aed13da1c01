/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_alert.c - Falco's alert formats (golden text and JSON), the outputs: exact queue-full
 * and rate-limit drop counts, file output, HTTP POST to a test server in this file (checks
 * method, path, content type and the JSON body, falcosidekick's input shape), HTTP failures.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "vigil/alert.h"

static const struct vg_alert_field sample_fields[] = {
	{ .name = "proc.name", .type = VG_AF_STR, .str = "bash" },
	{ .name = "user.uid", .type = VG_AF_U64, .u = 0 },
	{ .name = "container.id", .type = VG_AF_STR, .str = "3ad7b26ded6d" },
	{ .name = "proc.aname[2]", .type = VG_AF_NULL },
	{ .name = "evt.res", .type = VG_AF_I64, .i = -2 },
	{ .name = "fd.connected", .type = VG_AF_BOOL, .b = true },
	{ .name = "proc.cmdline", .type = VG_AF_STR, .str = "bash -c \"echo \\x\"\n\t\x01\xff" },
};
static const char *const sample_tags[] = { "shell", "container", "T1059", "mitre_execution",
					   "container" };

static struct vg_alert sample(void)
{
	struct vg_alert a = {
		.time_ns = 1704067200123456789LL,
		.rule = "Terminal shell in container",
		.priority = VG_PRIO_NOTICE,
		.source = "syscall",
		.output = "A shell was spawned (user=root process=bash)",
		.fields = sample_fields,
		.nfields = sizeof(sample_fields) / sizeof(sample_fields[0]),
		.tags = sample_tags,
		.ntags = sizeof(sample_tags) / sizeof(sample_tags[0]),
		.hostname = "node-1",
	};
	return a;
}

static void test_text_golden(void **state)
{
	struct vg_alert a = sample();
	char buf[512];
	size_t n = vg_alert_format_text(&a, buf, sizeof(buf));
	assert_string_equal(buf, "2024-01-01T00:00:00.123456789+0000: Notice A shell was spawned "
				 "(user=root process=bash)");
	assert_int_equal(n, strlen(buf));
	/* snprintf-like: truncated, NUL-terminated, full length returned */
	char small[8];
	assert_int_equal(vg_alert_format_text(&a, small, sizeof(small)), n);
	assert_string_equal(small, "2024-01");
	a.time_ns = 0;
	a.priority = VG_PRIO_EMERGENCY;
	vg_alert_format_text(&a, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00.000000000+0000: Emergency A shell was "
				 "spawned (user=root process=bash)");
}

static void test_json_golden(void **state)
{
	struct vg_alert a = sample();
	char *json = NULL;
	assert_int_equal(vg_alert_format_json(&a, &json), 0);
	assert_string_equal(
		json,
		"{\"hostname\":\"node-1\",\"output\":\"2024-01-01T00:00:00.123456789+0000: Notice A "
		"shell was spawned (user=root process=bash)\",\"output_fields\":{\"container.id\":"
		"\"3ad7b26ded6d\",\"evt.res\":-2,\"evt.time\":1704067200123456789,\"fd.connected\":"
		"true,\"proc.aname[2]\":null,\"proc.cmdline\":\"bash -c \\\"echo \\\\x\\\"\\n\\t"
		"\\u0001\xef\xbf\xbd\",\"proc.name\":\"bash\",\"user.uid\":0},\"priority\":\"Notice\","
		"\"rule\":\"Terminal shell in container\",\"source\":\"syscall\",\"tags\":[\"T1059\","
		"\"container\",\"mitre_execution\",\"shell\"],\"time\":"
		"\"2024-01-01T00:00:00.123456789Z\"}");
	free(json);

	/* no fields, no tags, no hostname: the keys are still there */
	struct vg_alert b = { .time_ns = 5, .rule = "r", .priority = VG_PRIO_DEBUG,
			      .source = "k8s_audit", .output = "o" };
	assert_int_equal(vg_alert_format_json(&b, &json), 0);
	assert_string_equal(json, "{\"hostname\":\"\",\"output\":\"1970-01-01T00:00:00.000000005+0000"
				  ": Debug o\",\"output_fields\":{\"evt.time\":5},\"priority\":"
				  "\"Debug\",\"rule\":\"r\",\"source\":\"k8s_audit\",\"tags\":[],"
				  "\"time\":\"1970-01-01T00:00:00.000000005Z\"}");
	free(json);
	assert_int_equal(vg_alert_format_json(NULL, &json), -EINVAL);
}

/* falcosidekick's types.FalcoPayload: {uuid?, output, priority, rule, time, output_fields,
 * source, tags?, hostname?} - check the types it decodes into. */
static void check_sidekick_payload(const char *body)
{
	json_error_t err;
	json_t *o = json_loads(body, 0, &err);
	assert_non_null(o);
	assert_true(json_is_string(json_object_get(o, "output")));
	assert_true(json_is_string(json_object_get(o, "priority")));
	assert_true(json_is_string(json_object_get(o, "rule")));
	assert_true(json_is_string(json_object_get(o, "source")));
	assert_true(json_is_string(json_object_get(o, "hostname")));
	assert_true(json_is_object(json_object_get(o, "output_fields")));
	assert_true(json_is_array(json_object_get(o, "tags")));
	/* Go's time.Time decodes RFC 3339 with nanoseconds */
	const char *t = json_string_value(json_object_get(o, "time"));
	assert_non_null(t);
	assert_int_equal(strlen(t), strlen("2024-01-01T00:00:00.123456789Z"));
	assert_int_equal(t[10], 'T');
	assert_int_equal(t[29], 'Z');
	/* priority is one of falcosidekick's names (case-insensitive match in types.Priority) */
	const char *p = json_string_value(json_object_get(o, "priority"));
	enum vg_priority pr;
	assert_int_equal(vg_priority_parse(p, &pr), 0);
	json_decref(o);
}

static void test_sidekick_shape(void **state)
{
	struct vg_alert a = sample();
	char *json = NULL;
	assert_int_equal(vg_alert_format_json(&a, &json), 0);
	check_sidekick_payload(json);
	free(json);
}

/* ---- a tiny HTTP/1.1 server on 127.0.0.1:ephemeral -------------------------------------- */

struct srv {
	int lfd;
	uint16_t port;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int status;        /* response status */
	bool hold;         /* wait for release before answering the first request */
	bool got_first, released, stop;
	int nreq;
	char method[16], path[256], ctype[128];
	char *bodies[64];
	bool bad;          /* a request that was not POST /k8s... well-formed */
};

static ssize_t read_request(int fd, char *buf, size_t cap, size_t *ret_hdr, size_t *ret_clen)
{
	size_t len = 0;
	for (;;) {
		char *e = len ? memmem(buf, len, "\r\n\r\n", 4) : NULL;
		if (e) {
			*ret_hdr = (size_t)(e - buf) + 4;
			const char *cl = strcasestr(buf, "\r\nContent-Length:");
			*ret_clen = cl ? strtoul(cl + 17, NULL, 10) : 0;
			while (len < *ret_hdr + *ret_clen) {
				ssize_t n = read(fd, buf + len, cap - len - 1);
				if (n <= 0)
					return -1;
				len += (size_t)n;
				buf[len] = '\0';
			}
			return (ssize_t)len;
		}
		if (len + 1 >= cap)
			return -1;
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
	}
}

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	static char buf[1 << 16];
	for (;;) {
		int c = accept(s->lfd, NULL, NULL);
		if (c < 0)
			return NULL;
		pthread_mutex_lock(&s->mu);
		bool stop = s->stop;
		pthread_mutex_unlock(&s->mu);
		if (stop) {
			close(c);
			return NULL;
		}
		for (;;) {
			size_t hdr, clen;
			ssize_t n = read_request(c, buf, sizeof(buf), &hdr, &clen);
			if (n < 0)
				break;
			pthread_mutex_lock(&s->mu);
			sscanf(buf, "%15s %255s", s->method, s->path);
			const char *ct = strcasestr(buf, "\r\nContent-Type:");
			if (ct) {
				ct += 15;
				while (*ct == ' ')
					ct++;
				size_t l = strcspn(ct, "\r");
				if (l >= sizeof(s->ctype))
					l = sizeof(s->ctype) - 1;
				memcpy(s->ctype, ct, l);
				s->ctype[l] = '\0';
			}
			if (s->nreq < 64)
				s->bodies[s->nreq] = strndup(buf + hdr, clen);
			s->nreq++;
			s->got_first = true;
			pthread_cond_broadcast(&s->cv);
			while (s->hold && !s->released)
				pthread_cond_wait(&s->cv, &s->mu);
			int status = s->status;
			pthread_mutex_unlock(&s->mu);
			char resp[128];
			int rl = snprintf(resp, sizeof(resp),
					  "HTTP/1.1 %d X\r\nContent-Length: 2\r\n\r\nok", status);
			if (write(c, resp, (size_t)rl) != rl)
				break;
		}
		close(c);
	}
}

static void srv_start(struct srv *s, int status, bool hold)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->status = status;
	s->hold = hold;
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->lfd, 16), 0);
	socklen_t al = sizeof(a);
	getsockname(s->lfd, (struct sockaddr *)&a, &al);
	s->port = ntohs(a.sin_port);
	pthread_create(&s->th, NULL, srv_main, s);
}

static void srv_stop(struct srv *s)
{
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	s->released = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	shutdown(s->lfd, SHUT_RDWR);
	close(s->lfd);
	pthread_join(s->th, NULL);
	for (int i = 0; i < 64; i++)
		free(s->bodies[i]);
}

static void test_http_delivery(void **state)
{
	struct srv s;
	srv_start(&s, 200, false);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", s.port);
	struct vg_output_config cfg = { .kind = VG_OUTPUT_HTTP, .target = url, .timeout_ms = 5000 };
	struct vg_outputs *o = NULL;
	assert_int_equal(vg_outputs_new(&cfg, 1, &o), 0);
	struct vg_alert a = sample();
	for (int i = 0; i < 3; i++)
		assert_int_equal(vg_outputs_emit(o, &a), 0);
	vg_outputs_flush(o, 10000);
	struct vg_output_stats st;
	vg_outputs_stats(o, 0, &st);
	assert_int_equal(st.sent, 3);
	assert_int_equal(st.failed, 0);
	assert_int_equal(st.dropped_queue_full + st.dropped_rate_limited, 0);
	assert_int_equal(vg_outputs_emit(o, &a), -EPIPE);
	vg_outputs_free(o);
	assert_int_equal(s.nreq, 3);
	assert_string_equal(s.method, "POST");
	assert_string_equal(s.path, "/");
	assert_string_equal(s.ctype, "application/json");
	char *want = NULL;
	assert_int_equal(vg_alert_format_json(&a, &want), 0);
	assert_string_equal(s.bodies[0], want);
	check_sidekick_payload(s.bodies[2]);
	free(want);
	srv_stop(&s);
}

static void test_http_failures(void **state)
{
	struct srv s;
	srv_start(&s, 500, false);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", s.port);
	struct vg_output_config cfg[2] = {
		{ .kind = VG_OUTPUT_HTTP, .target = url, .timeout_ms = 2000 },
		/* a closed port: connection refused */
		{ .kind = VG_OUTPUT_HTTP, .target = "http://127.0.0.1:1/", .timeout_ms = 2000 },
	};
	struct vg_outputs *o = NULL;
	assert_int_equal(vg_outputs_new(cfg, 2, &o), 0);
	struct vg_alert a = sample();
	assert_int_equal(vg_outputs_emit(o, &a), 0);
	assert_int_equal(vg_outputs_emit(o, &a), 0);
	vg_outputs_flush(o, 10000);
	struct vg_output_stats st;
	vg_outputs_stats(o, 0, &st);
	assert_int_equal(st.sent, 0);
	assert_int_equal(st.failed, 2);
	vg_outputs_stats(o, 1, &st);
	assert_int_equal(st.failed, 2);
	vg_outputs_free(o);
	srv_stop(&s);
}

/* The worker is stuck in the first POST: exactly queue_size more are queued, the rest drop. */
static void test_queue_full_exact(void **state)
{
	struct srv s;
	srv_start(&s, 200, true);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", s.port);
	struct vg_output_config cfg = { .kind = VG_OUTPUT_HTTP, .target = url, .queue_size = 4,
					.timeout_ms = 10000 };
	struct vg_outputs *o = NULL;
	assert_int_equal(vg_outputs_new(&cfg, 1, &o), 0);
	struct vg_alert a = sample();
	assert_int_equal(vg_outputs_emit(o, &a), 0);
	pthread_mutex_lock(&s.mu);
	while (!s.got_first)
		pthread_cond_wait(&s.cv, &s.mu);
	pthread_mutex_unlock(&s.mu);
	for (int i = 0; i < 11; i++)
		assert_int_equal(vg_outputs_emit(o, &a), 0);
	struct vg_output_stats st;
	vg_outputs_stats(o, 0, &st);
	assert_int_equal(st.dropped_queue_full, 7);
	pthread_mutex_lock(&s.mu);
	s.released = true;
	pthread_cond_broadcast(&s.cv);
	pthread_mutex_unlock(&s.mu);
	vg_outputs_flush(o, 20000);
	vg_outputs_stats(o, 0, &st);
	assert_int_equal(st.sent, 5);
	assert_int_equal(st.dropped_queue_full, 7);
	assert_int_equal(st.failed, 0);
	vg_outputs_free(o);
	srv_stop(&s);
}

static void test_rate_limit_exact(void **state)
{
	char path[] = "/tmp/vigil-test-alert-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	/* 1 alert/s with a burst of 3: 10 alerts in a few microseconds -> 3 pass, 7 dropped */
	struct vg_output_config cfg = { .kind = VG_OUTPUT_FILE, .target = path, .json = true,
					.rate = 1, .burst = 3 };
	struct vg_outputs *o = NULL;
	assert_int_equal(vg_outputs_new(&cfg, 1, &o), 0);
	struct vg_alert a = sample();
	for (int i = 0; i < 10; i++)
		assert_int_equal(vg_outputs_emit(o, &a), 0);
	vg_outputs_flush(o, 5000);
	struct vg_output_stats st;
	vg_outputs_stats(o, 0, &st);
	assert_int_equal(st.sent, 3);
	assert_int_equal(st.dropped_rate_limited, 7);
	assert_int_equal(st.dropped_queue_full, 0);
	vg_outputs_free(o);
	/* the file holds 3 JSON lines */
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[4096];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		assert_int_equal(line[0], '{');
		n++;
	}
	fclose(f);
	assert_int_equal(n, 3);
	unlink(path);
}

static void test_stream_text(void **state)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	assert_non_null(f);
	struct vg_output_config cfg = { .kind = VG_OUTPUT_STDOUT, .stream = f };
	struct vg_outputs *o = NULL;
	assert_int_equal(vg_outputs_new(&cfg, 1, &o), 0);
	assert_int_equal(vg_outputs_count(o), 1);
	struct vg_alert a = sample();
	assert_int_equal(vg_outputs_emit(o, &a), 0);
	vg_outputs_flush(o, 5000);
	vg_outputs_free(o);
	fclose(f);
	assert_string_equal(mem, "2024-01-01T00:00:00.123456789+0000: Notice A shell was spawned "
				 "(user=root process=bash)\n");
	free(mem);
}

static void test_bad_config(void **state)
{
	struct vg_outputs *o = NULL;
	struct vg_output_config cfg = { .kind = VG_OUTPUT_FILE, .target = NULL };
	assert_int_equal(vg_outputs_new(&cfg, 1, &o), -EINVAL);
	cfg.target = "/nonexistent-dir/x/y";
	assert_true(vg_outputs_new(&cfg, 1, &o) < 0);
	assert_null(o);
	vg_outputs_free(NULL);
	vg_outputs_flush(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_golden),     cmocka_unit_test(test_json_golden),
		cmocka_unit_test(test_sidekick_shape),  cmocka_unit_test(test_http_delivery),
		cmocka_unit_test(test_http_failures),   cmocka_unit_test(test_queue_full_exact),
		cmocka_unit_test(test_rate_limit_exact), cmocka_unit_test(test_stream_text),
		cmocka_unit_test(test_bad_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
