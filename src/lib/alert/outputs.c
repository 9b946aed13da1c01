/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alert/outputs.c - where alerts go: one worker thread per output behind a bounded queue and a
 * token-bucket rate limiter. Emitting never blocks on a slow output: a full queue or an empty
 * bucket drops the alert and counts it. Outputs write only to what they were configured with
 * (a stream, a file, a URL).
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/alert.h"

#define VG_OUTPUT_DEFAULT_QUEUE 10000u
#define VG_OUTPUT_MAX_QUEUE 10000000u
#define VG_OUTPUT_DEFAULT_TIMEOUT_MS 5000L

struct vg_output {
	struct vg_output_config cfg;
	char *target;        /* owned copy of cfg.target */
	FILE *stream;        /* stdout/stderr (borrowed) or the opened file (owned) */
	bool own_stream;
	_Atomic bool reopen; /* set by vg_outputs_reopen(), honoured by the worker */

	pthread_mutex_t mu;
	pthread_cond_t nonempty; /* worker waits */
	pthread_cond_t idle;     /* flush waits */
	char **ring;
	size_t cap, head, count;
	bool busy;           /* the worker holds an item */
	bool stop;
	bool started;
	pthread_t thread;

	/* token bucket (emit side, under mu) */
	double tokens;
	struct timespec last;

	/* counters (atomic: read by vg_outputs_stats at any time) */
	_Atomic uint64_t sent, dropped_queue_full, dropped_rate_limited, failed;

	CURL *curl;
	struct curl_slist *headers;
};

struct vg_outputs {
	struct vg_output *out;
	size_t n;
	bool curl_inited;
	bool flushed;
};

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(a->tv_sec - b->tv_sec) + (double)(a->tv_nsec - b->tv_nsec) / 1e9;
}

static size_t discard_body(char *p, size_t size, size_t n, void *ud)
{
	return size * n;
}

static int deliver_http(struct vg_output *o, const char *body, size_t len)
{
	if (!o->curl) {
		o->curl = curl_easy_init();
		if (!o->curl)
			return -ENOMEM;
		o->headers = curl_slist_append(NULL, "Content-Type: application/json");
		curl_easy_setopt(o->curl, CURLOPT_URL, o->target);
		curl_easy_setopt(o->curl, CURLOPT_HTTPHEADER, o->headers);
		char ua[64];
		snprintf(ua, sizeof(ua), "vigil/%s", vg_version());
		curl_easy_setopt(o->curl, CURLOPT_USERAGENT, ua);
		curl_easy_setopt(o->curl, CURLOPT_TIMEOUT_MS, o->cfg.timeout_ms);
		curl_easy_setopt(o->curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(o->curl, CURLOPT_WRITEFUNCTION, discard_body);
		curl_easy_setopt(o->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	}
	curl_easy_setopt(o->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(o->curl, CURLOPT_POSTFIELDSIZE, (long)len);
	if (curl_easy_perform(o->curl) != CURLE_OK)
		return -EIO;
	long code = 0;
	curl_easy_getinfo(o->curl, CURLINFO_RESPONSE_CODE, &code);
	return code >= 200 && code < 300 ? 0 : -EIO;
}

static int deliver_stream(struct vg_output *o, const char *line, size_t len)
{
	if (o->cfg.kind == VG_OUTPUT_FILE && (atomic_exchange(&o->reopen, false) || !o->stream)) {
		if (o->stream && o->own_stream)
			fclose(o->stream);
		o->stream = fopen(o->target, "a");
		o->own_stream = o->stream != NULL;
	}
	if (!o->stream)
		return -EIO;
	if (fwrite(line, 1, len, o->stream) != len || fputc('\n', o->stream) == EOF ||
	    fflush(o->stream) != 0)
		return -EIO;
	return 0;
}

static void *worker(void *arg)
{
	struct vg_output *o = arg;
	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->count == 0 && !o->stop)
			pthread_cond_wait(&o->nonempty, &o->mu);
		if (o->count == 0 && o->stop)
			break;
		char *item = o->ring[o->head];
		o->ring[o->head] = NULL;
		o->head = (o->head + 1) % o->cap;
		o->count--;
		o->busy = true;
		pthread_mutex_unlock(&o->mu);
		size_t len = strlen(item);
		int r = o->cfg.kind == VG_OUTPUT_HTTP ? deliver_http(o, item, len)
						      : deliver_stream(o, item, len);
		free(item);
		if (r == 0)
			atomic_fetch_add(&o->sent, 1);
		else
			atomic_fetch_add(&o->failed, 1);
		pthread_mutex_lock(&o->mu);
		o->busy = false;
		if (o->count == 0)
			pthread_cond_broadcast(&o->idle);
	}
	pthread_cond_broadcast(&o->idle);
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

static void output_release(struct vg_output *o)
{
	if (o->ring) {
		for (size_t i = 0; i < o->cap; i++)
			free(o->ring[i]);
		free(o->ring);
	}
	if (o->stream && o->own_stream)
		fclose(o->stream);
	if (o->curl)
		curl_easy_cleanup(o->curl);
	curl_slist_free_all(o->headers);
	free(o->target);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->nonempty);
	pthread_cond_destroy(&o->idle);
}

static void stop_workers(struct vg_outputs *os, long timeout_ms)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	if (timeout_ms < 0)
		timeout_ms = 0;
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	for (size_t i = 0; i < os->n; i++) {
		struct vg_output *o = &os->out[i];
		if (!o->started)
			continue;
		pthread_mutex_lock(&o->mu);
		while ((o->count > 0 || o->busy) &&
		       pthread_cond_timedwait(&o->idle, &o->mu, &deadline) == 0)
			;
		/* whatever is still queued after the deadline is not delivered: count it */
		while (o->count > 0) {
			free(o->ring[o->head]);
			o->ring[o->head] = NULL;
			o->head = (o->head + 1) % o->cap;
			o->count--;
			atomic_fetch_add(&o->failed, 1);
		}
		o->stop = true;
		pthread_cond_broadcast(&o->nonempty);
		pthread_mutex_unlock(&o->mu);
	}
	for (size_t i = 0; i < os->n; i++) {
		struct vg_output *o = &os->out[i];
		if (o->started) {
			pthread_join(o->thread, NULL);
			o->started = false;
		}
	}
}

void vg_outputs_free(struct vg_outputs *os)
{
	if (!os)
		return;
	stop_workers(os, 0);
	for (size_t i = 0; i < os->n; i++)
		output_release(&os->out[i]);
	free(os->out);
	if (os->curl_inited)
		curl_global_cleanup();
	free(os);
}

int vg_outputs_new(const struct vg_output_config *cfgs, size_t n, struct vg_outputs **ret)
{
	if (!ret || (n && !cfgs))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)cfgs[i].kind > VG_OUTPUT_HTTP ||
		    (cfgs[i].kind != VG_OUTPUT_STDOUT && !cfgs[i].target) ||
		    cfgs[i].queue_size > VG_OUTPUT_MAX_QUEUE || cfgs[i].rate < 0 ||
		    cfgs[i].burst < 0)
			return -EINVAL;
	}
	struct vg_outputs *os = calloc(1, sizeof(*os));
	if (!os)
		return -ENOMEM;
	os->out = calloc(n ? n : 1, sizeof(*os->out));
	if (!os->out) {
		free(os);
		return -ENOMEM;
	}
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		struct vg_output *o = &os->out[i];
		o->cfg = cfgs[i];
		pthread_mutex_init(&o->mu, NULL);
		pthread_cond_init(&o->nonempty, NULL);
		pthread_cond_init(&o->idle, NULL);
		os->n = i + 1;
		if (!o->cfg.queue_size)
			o->cfg.queue_size = VG_OUTPUT_DEFAULT_QUEUE;
		if (o->cfg.timeout_ms <= 0)
			o->cfg.timeout_ms = VG_OUTPUT_DEFAULT_TIMEOUT_MS;
		if (o->cfg.rate > 0 && o->cfg.burst <= 0)
			o->cfg.burst = o->cfg.rate < 1 ? 1 : o->cfg.rate;
		o->tokens = o->cfg.burst;
		clock_gettime(CLOCK_MONOTONIC, &o->last);
		o->cap = o->cfg.queue_size;
		o->ring = calloc(o->cap, sizeof(*o->ring));
		if (!o->ring) {
			r = -ENOMEM;
			goto fail;
		}
		if (o->cfg.target) {
			o->target = strdup(o->cfg.target);
			if (!o->target) {
				r = -ENOMEM;
				goto fail;
			}
			o->cfg.target = o->target;
		}
		switch (o->cfg.kind) {
		case VG_OUTPUT_STDOUT:
			o->stream = o->cfg.stream ? o->cfg.stream : stdout;
			break;
		case VG_OUTPUT_FILE:
			o->stream = fopen(o->target, "a");
			if (!o->stream) {
				r = -errno;
				goto fail;
			}
			o->own_stream = true;
			break;
		case VG_OUTPUT_HTTP:
			o->cfg.json = true;
			if (!os->curl_inited) {
				if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
					r = -ENOMEM;
					goto fail;
				}
				os->curl_inited = true;
			}
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct vg_output *o = &os->out[i];
		if (pthread_create(&o->thread, NULL, worker, o) != 0) {
			r = -EAGAIN;
			goto fail;
		}
		o->started = true;
	}
	*ret = os;
	return 0;
fail:
	vg_outputs_free(os);
	return r;
}

/* Take a token (under o->mu). */
static bool take_token(struct vg_output *o)
{
	if (o->cfg.rate <= 0)
		return true;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	o->tokens += ts_diff(&now, &o->last) * o->cfg.rate;
	o->last = now;
	if (o->tokens > o->cfg.burst)
		o->tokens = o->cfg.burst;
	if (o->tokens < 1.0)
		return false;
	o->tokens -= 1.0;
	return true;
}

int vg_outputs_emit(struct vg_outputs *os, const struct vg_alert *a)
{
	if (!os || !a)
		return -EINVAL;
	if (os->flushed)
		return -EPIPE;
	char *json = NULL, *text = NULL;
	int r = 0;
	for (size_t i = 0; i < os->n; i++) {
		struct vg_output *o = &os->out[i];
		pthread_mutex_lock(&o->mu);
		if (!take_token(o)) {
			atomic_fetch_add(&o->dropped_rate_limited, 1);
			pthread_mutex_unlock(&o->mu);
			continue;
		}
		if (o->count == o->cap) {
			atomic_fetch_add(&o->dropped_queue_full, 1);
			pthread_mutex_unlock(&o->mu);
			continue;
		}
		pthread_mutex_unlock(&o->mu);
		/* format once per kind, lazily, outside the lock */
		const char *src;
		if (o->cfg.json) {
			if (!json && (r = vg_alert_format_json(a, &json)) < 0)
				goto out;
			src = json;
		} else {
			if (!text) {
				size_t need = vg_alert_format_text(a, NULL, 0);
				text = malloc(need + 1);
				if (!text) {
					r = -ENOMEM;
					goto out;
				}
				vg_alert_format_text(a, text, need + 1);
			}
			src = text;
		}
		char *copy = strdup(src);
		if (!copy) {
			r = -ENOMEM;
			goto out;
		}
		pthread_mutex_lock(&o->mu);
		if (o->count == o->cap) { /* only this thread adds, but be safe */
			atomic_fetch_add(&o->dropped_queue_full, 1);
			free(copy);
		} else {
			o->ring[(o->head + o->count) % o->cap] = copy;
			o->count++;
			pthread_cond_signal(&o->nonempty);
		}
		pthread_mutex_unlock(&o->mu);
	}
out:
	free(json);
	free(text);
	return r;
}

void vg_outputs_flush(struct vg_outputs *os, long timeout_ms)
{
	if (!os || os->flushed)
		return;
	stop_workers(os, timeout_ms);
	os->flushed = true;
}

void vg_outputs_reopen(struct vg_outputs *os)
{
	if (!os)
		return;
	for (size_t i = 0; i < os->n; i++)
		atomic_store(&os->out[i].reopen, true);
}

size_t vg_outputs_count(const struct vg_outputs *os)
{
	return os ? os->n : 0;
}

void vg_outputs_stats(const struct vg_outputs *os, size_t i, struct vg_output_stats *ret)
{
	if (!ret)
		return;
	memset(ret, 0, sizeof(*ret));
	if (!os || i >= os->n)
		return;
	struct vg_output *o = &os->out[i];
	ret->sent = atomic_load(&o->sent);
	ret->dropped_queue_full = atomic_load(&o->dropped_queue_full);
	ret->dropped_rate_limited = atomic_load(&o->dropped_rate_limited);
	ret->failed = atomic_load(&o->failed);
}
