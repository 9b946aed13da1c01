/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_watch.c - `vigil watch`: Falco rules over live syscall events (eBPF), replayed syscall
 * events or Kubernetes audit events, alerts to standard output, files and HTTP endpoints
 * (falcosidekick). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "vigil/alert.h"
#include "vigil/live.h"
#include "vigil/rulesfile.h"
#include "vigil/source.h"

enum {
	OPT_SOURCE = 256,
	OPT_INPUT,
	OPT_RULES,
	OPT_MIN_PRIO,
	OPT_MATCHING,
	OPT_LISTEN,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_HOSTNAME,
	OPT_RATE,
	OPT_QUEUE,
	OPT_DURATION,
	OPT_RECORD,
	OPT_STATS,
	OPT_RINGBUF,
};

static const struct vg_cli_option watch_options[] = {
	{ "source", 0, "SOURCE", OPT_SOURCE,
	  "Event source: live (the default: syscalls captured by eBPF, needs root; docs/live.md), "
	  "replay (syscall events as JSON lines, docs/replay-format.md) or k8saudit "
	  "(audit.k8s.io Event/EventList objects)." },
	{ "input", 'i', "FILE", OPT_INPUT,
	  "Read events from FILE (- for standard input)." },
	{ "rules", 'r', "FILE", OPT_RULES,
	  "Falco rules file to load (repeatable; loaded in order into one namespace)." },
	{ "format", 'f', "FORMAT", 'f',
	  "Alert format for standard output and files: text (Falco's line, the default) or json "
	  "(Falco's JSON alert, one per line). HTTP outputs always get JSON." },
	{ "output", 'o', "URL|FILE", 'o',
	  "Send alerts to an http(s):// URL (POST, application/json; falcosidekick: "
	  "http://HOST:2801/), append them to FILE, or - for standard output (repeatable). "
	  "Default: standard output." },
	{ "min-priority", 0, "PRIORITY", OPT_MIN_PRIO,
	  "Load only rules at or above PRIORITY (emergency ... debug; Falco's priority setting)." },
	{ "rule-matching", 0, "MODE", OPT_MATCHING,
	  "first (Falco's default: the first matching rule per event) or all." },
	{ "listen", 0, "ADDR:PORT", OPT_LISTEN,
	  "k8saudit: serve the audit webhook (POST /k8s-audit) on ADDR:PORT instead of reading "
	  "--input; runs until SIGINT or SIGTERM." },
	{ "tls-cert", 0, "FILE", OPT_TLS_CERT, "PEM certificate for --listen (HTTPS)." },
	{ "tls-key", 0, "FILE", OPT_TLS_KEY, "PEM private key for --listen (HTTPS)." },
	{ "hostname", 0, "NAME", OPT_HOSTNAME,
	  "Host name written into alerts (default: this machine's name)." },
	{ "output-rate", 0, "N", OPT_RATE,
	  "Deliver at most N alerts per second to each output (token bucket; excess is dropped "
	  "and counted). Default: unlimited." },
	{ "queue-size", 0, "N", OPT_QUEUE,
	  "Alerts queued per output before new ones are dropped and counted (default 10000)." },
	{ "duration", 0, "N", OPT_DURATION,
	  "live: stop after N seconds (default: run until SIGINT or SIGTERM)." },
	{ "record", 0, "FILE", OPT_RECORD,
	  "live: also write every captured event to FILE in the replay format, so the capture "
	  "replays to the same alerts with --source replay." },
	{ "stats-interval", 0, "N", OPT_STATS,
	  "live: every N seconds print events/s, drops by category, CPU and memory of vigil to "
	  "standard error (default 0: only the summary at the end)." },
	{ "ringbuf-size", 0, "MIB", OPT_RINGBUF,
	  "live: size of the kernel ring buffer in MiB (power of two; default 16: bursts that outrun the consumer are absorbed here, what does not fit is dropped and counted)." },
	{ NULL, 0, NULL, 0, NULL },
};

static volatile sig_atomic_t watch_stop;
static volatile sig_atomic_t watch_reload;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		watch_reload = 1;
	else
		watch_stop = 1;
}

struct watch {
	const struct vg_rules *rules;
	struct vg_live_recorder *rec;
	struct vg_outputs *outs;
	struct vg_alert_scratch *scratch;
	enum vg_source source;
	const void *event;
	int64_t ts;
	const char *hostname;
	uint64_t events, matches, alerts, errors;
};

static int on_match(const struct vg_rules *r, size_t idx, void *ud)
{
	struct watch *w = ud;
	struct vg_alert a;
	w->matches++;
	int e = vg_rules_render(r, idx, w->event, w->ts, w->hostname, w->scratch, &a);
	if (e < 0)
		return e;
	e = vg_outputs_emit(w->outs, &a);
	if (e < 0)
		return e;
	w->alerts++;
	return 0;
}

static int eval_one(struct watch *w, const void *ev, uint64_t ts)
{
	w->events++;
	w->event = ev;
	w->ts = (int64_t)ts;
	int n = vg_rules_eval(w->rules, w->source, ev, on_match, w);
	if (n < 0) {
		vg_cli_error("cannot render or deliver an alert: %s", strerror(-n));
		w->errors++;
	}
	return n;
}

static void print_diag(const struct vg_diag *d)
{
	vg_cli_error("%s:%u:%u: %s", d->file, d->line, d->column, d->message);
}

static int run_replay(struct watch *w, FILE *in, const char *name)
{
	struct vg_replay *rp = NULL;
	if (vg_replay_new(name, NULL, &rp) < 0) {
		vg_cli_error("out of memory");
		return -ENOMEM;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint32_t lineno = 0;
	while (!watch_stop && (len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		const struct vg_sys_event *ev = NULL;
		struct vg_diag d;
		vg_diag_clear(&d);
		int r = vg_replay_decode(rp, line, (size_t)len, lineno, &ev, &d);
		if (r < 0) {
			print_diag(&d);
			w->errors++;
			continue;
		}
		if (r == 0)
			continue;
		eval_one(w, ev, ev->ts);
	}
	free(line);
	vg_replay_free(rp);
	return 0;
}

static void audit_items(struct watch *w, const struct vg_node *root)
{
	size_t n = vg_audit_count(root);
	for (size_t i = 0; i < n; i++) {
		struct vg_audit_event ev;
		vg_audit_event_init(&ev, vg_audit_item(root, i), w->events + 1);
		ev.hostname = vg_str_c(w->hostname);
		eval_one(w, &ev, ev.ts);
	}
}

/* Objects may span lines (pretty-printed files): accumulate lines until the braces balance. */
static int run_audit_file(struct watch *w, FILE *in, const char *name)
{
	char *line = NULL, *acc = NULL;
	size_t cap = 0, alen = 0, acap = 0;
	ssize_t len;
	uint32_t lineno = 0, start = 0;
	int depth = 0;
	bool in_str = false, esc = false;
	struct vg_limits lim;
	vg_limits_init(&lim);
	while (!watch_stop && (len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		size_t i = 0;
		if (alen == 0) {
			while (i < (size_t)len && strchr(" \t\r\n", line[i]))
				i++;
			if (i == (size_t)len)
				continue;
			start = lineno;
		}
		for (size_t k = 0; k < (size_t)len; k++) {
			char c = line[k];
			if (in_str) {
				if (esc)
					esc = false;
				else if (c == '\\')
					esc = true;
				else if (c == '"')
					in_str = false;
			} else if (c == '"') {
				in_str = true;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if (c == '}' || c == ']') {
				depth--;
			}
		}
		if (alen + (size_t)len + 1 > lim.max_file_size) {
			vg_cli_error("%s:%u: audit object too large (limit %zu bytes)", name, start,
				     lim.max_file_size);
			w->errors++;
			alen = 0;
			depth = 0;
			in_str = esc = false;
			continue;
		}
		if (alen + (size_t)len + 1 > acap) {
			size_t nc = acap ? acap * 2 : 65536;
			while (nc < alen + (size_t)len + 1)
				nc *= 2;
			char *nb = realloc(acc, nc);
			if (!nb) {
				vg_cli_error("out of memory");
				break;
			}
			acc = nb;
			acap = nc;
		}
		memcpy(acc + alen, line, (size_t)len);
		alen += (size_t)len;
		if (depth > 0 && !in_str)
			continue;
		struct vg_docset *set = NULL;
		struct vg_diag d;
		vg_diag_clear(&d);
		if (vg_audit_decode(name, start, acc, alen, &lim, &set, &d) < 0) {
			print_diag(&d);
			w->errors++;
		} else {
			audit_items(w, vg_docset_get(set, 0)->root);
			vg_docset_free(set);
		}
		alen = 0;
		depth = 0;
		in_str = esc = false;
	}
	if (alen > 0 && !watch_stop) {
		vg_cli_error("%s:%u: unterminated JSON object at end of input", name, start);
		w->errors++;
	}
	free(line);
	free(acc);
	return 0;
}

static int audit_server_cb(const struct vg_node *root, void *ud)
{
	audit_items(ud, root);
	return 0;
}

static int run_listen(struct watch *w, const char *listen, const char *cert, const char *key)
{
	const char *colon = strrchr(listen, ':');
	unsigned long long port = 0;
	if (!colon || vg_cli_parse_uint(colon + 1, 65535, &port) < 0) {
		vg_cli_error("--listen needs ADDR:PORT, not '%s'", listen);
		return -EINVAL;
	}
	char addr[128] = "";
	size_t al = (size_t)(colon - listen);
	if (al >= sizeof(addr)) {
		vg_cli_error("--listen address too long");
		return -EINVAL;
	}
	memcpy(addr, listen, al);
	addr[al] = '\0';
	if (al >= 2 && addr[0] == '[' && addr[al - 1] == ']') {
		memmove(addr, addr + 1, al - 2);
		addr[al - 2] = '\0';
	}
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old); /* the server thread inherits the mask */
	struct vg_audit_server_opts so = {
		.address = addr[0] ? addr : NULL,
		.port = (uint16_t)port,
		.tls_cert = cert,
		.tls_key = key,
		.cb = audit_server_cb,
		.userdata = w,
	};
	struct vg_audit_server *srv = NULL;
	struct vg_diag d;
	vg_diag_clear(&d);
	int e = vg_audit_server_start(&so, &srv, &d);
	if (e < 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		vg_cli_error("%s", d.message);
		return e;
	}
	fprintf(stderr, "vigil: listening for audit events on %s://%s:%u/k8s-audit\n",
		cert ? "https" : "http", addr[0] ? addr : "0.0.0.0", vg_audit_server_port(srv));
	int sig = 0;
	sigwait(&set, &sig);
	vg_audit_server_stop(srv);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

/* ---- live (eBPF) ------------------------------------------------------------------------ */

struct live_cfg {
	const char *const *rules;
	size_t nrules;
	const struct vg_rules_load_opts *lo;
	unsigned long long duration, stats_interval, ringbuf_mib;
	const char *hostname;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int live_event(const struct vg_sys_event *ev, void *ud)
{
	struct watch *w = ud;
	if (w->rec && vg_live_record(w->rec, ev) < 0)
		w->errors++;
	eval_one(w, ev, ev->ts);
	return 0;
}

static void live_print_stats(struct vg_live *l, const char *what, double secs,
			     const struct vg_live_counters *prev, double wall)
{
	struct vg_live_counters c;
	vg_live_counters(l, &c);
	double dt = secs > 0 ? secs : 1;
	uint64_t cpu = c.cpu_user_us + c.cpu_sys_us;
	uint64_t pcpu = prev ? prev->cpu_user_us + prev->cpu_sys_us : 0;
	fprintf(stderr, "vigil: live %s: %.0f events/s (%llu events, %llu records), drops %llu",
		what, (double)(c.events - (prev ? prev->events : 0)) / dt,
		(unsigned long long)c.events, (unsigned long long)c.records,
		(unsigned long long)c.drops);
	for (unsigned i = 0; i < VG_LIVE_NCAT; i++)
		if (c.drop_ringbuf[i] || c.trunc[i])
			fprintf(stderr, " [%s: %llu ring buffer full, %llu truncated]",
				vg_live_category_name(i), (unsigned long long)c.drop_ringbuf[i],
				(unsigned long long)c.trunc[i]);
	const char *mode = vg_live_mode(l, NULL);
	fprintf(stderr, ", cpu %.1f%%, rss %.1f MiB, %llu processes, mode %.*s\n",
		100.0 * (double)(cpu - pcpu) / 1e6 / (wall > 0 ? wall : dt),
		(double)c.rss_bytes / 1048576.0, (unsigned long long)c.procs,
		(int)strcspn(mode, " "), mode);
}

static int live_reload(struct watch *w, struct vg_live *l, const struct live_cfg *cfg,
		       struct vg_rules **rs)
{
	struct vg_rules *nr = NULL;
	struct vg_rules_msgs *msgs = NULL;
	int e = vg_rules_load_files(cfg->rules, cfg->nrules, cfg->lo, &nr, &msgs);
	if (e < 0 || !nr) {
		vg_cli_error("SIGHUP: the rules do not load (%zu errors); keeping the old rules",
			     vg_rules_msgs_errors(msgs));
		vg_rules_unref(nr);
		vg_rules_msgs_free(msgs);
		return -EINVAL;
	}
	vg_rules_msgs_free(msgs);
	struct vg_evtset set;
	vg_rules_evtset(nr, VG_SOURCE_SYSCALL, &set);
	/* widen first, then swap, so no event the new rules need is missed */
	struct vg_evtset both = set;
	struct vg_evtset old;
	vg_rules_evtset(*rs, VG_SOURCE_SYSCALL, &old);
	vg_evtset_union(&both, &old);
	vg_live_set_interest(l, &both);
	vg_rules_unref(*rs);
	*rs = nr;
	w->rules = nr;
	int n = vg_live_set_interest(l, &set);
	fprintf(stderr, "vigil: SIGHUP: reloaded %zu rules; %d syscalls captured\n",
		vg_rules_count(nr), n);
	return 0;
}

static int run_live(struct watch *w, const struct live_cfg *cfg, struct vg_rules **rs)
{
	struct vg_live_opts o;
	vg_live_opts_init(&o);
	o.hostname = cfg->hostname;
	if (cfg->ringbuf_mib)
		o.ringbuf_bytes = (size_t)cfg->ringbuf_mib * 1024u * 1024u;
	struct vg_live *l = NULL;
	char err[512] = "";
	int e = vg_live_open(&o, &l, err, sizeof(err));
	if (e < 0) {
		vg_cli_error("live capture is not available: %s", err);
		vg_cli_error("to evaluate recorded events instead use: vigil watch --source replay "
			     "--input FILE --rules ...");
		return e;
	}
	struct vg_evtset set;
	vg_rules_evtset(*rs, VG_SOURCE_SYSCALL, &set);
	int n = vg_live_set_interest(l, &set);
	double load_secs = 0;
	const char *mode = vg_live_mode(l, &load_secs);
	fprintf(stderr, "vigil: live capture started (%d syscalls in the interest set, mode %s, "
			"loaded in %.2f s)\n", n, mode, load_secs);
	uint64_t start = now_ns(), last = start;
	struct vg_live_counters prev;
	vg_live_counters(l, &prev);
	while (!watch_stop) {
		e = vg_live_poll(l, 20, live_event, w); /* the kernel batches wakeups */
		if (e < 0 && e != -EINTR) {
			vg_cli_error("ring buffer poll failed: %s", strerror(-e));
			w->errors++;
			break;
		}
		if (watch_reload) {
			watch_reload = 0;
			live_reload(w, l, cfg, rs);
		}
		uint64_t now = now_ns();
		if (cfg->stats_interval && now - last >= cfg->stats_interval * 1000000000ull) {
			double wall = (double)(now - last) / 1e9;
			live_print_stats(l, "stats", wall, &prev, wall);
			vg_live_counters(l, &prev);
			last = now;
		}
		if (cfg->duration && now - start >= cfg->duration * 1000000000ull)
			break;
	}
	/* drain what the kernel has already written (bounded: under a sustained load the ring
	 * never empties; at most 2 s) */
	uint64_t drain_end = now_ns() + 2000000000ull;
	while (now_ns() < drain_end && vg_live_poll(l, 0, live_event, w) > 0)
		;
	double wall = (double)(now_ns() - start) / 1e9;
	live_print_stats(l, "summary", wall, NULL, wall);
	vg_live_close(l);
	return 0;
}

static int run_watch(const struct vg_cli_command *cmd, int argc, char **argv)
{
	const char *source = NULL, *input = NULL, *listen = NULL, *cert = NULL, *key = NULL;
	const char *hostname = NULL;
	const char **rules = calloc((size_t)argc + 1, sizeof(*rules));
	const char **outputs = calloc((size_t)argc + 1, sizeof(*outputs));
	size_t nrules = 0, nouts = 0;
	bool json = false;
	double rate = 0;
	unsigned long long queue = 0, v = 0;
	struct live_cfg lcfg;
	memset(&lcfg, 0, sizeof(lcfg));
	const char *record = NULL;
	FILE *recf = NULL;
	struct vg_rules_load_opts lo;
	vg_rules_load_opts_init(&lo);
	int status = VG_EXIT_ERROR;
	struct vg_rules *rs = NULL;
	struct vg_rules_msgs *msgs = NULL;
	struct vg_outputs *outs = NULL;
	struct vg_output_config *cfgs = NULL;
	struct watch w;
	memset(&w, 0, sizeof(w));
	FILE *in = NULL;
	char host[256];

	char shorts[64];
	struct option *longopts = vg_cli_getopt_table(cmd->options, shorts, sizeof(shorts));
	if (!longopts || !rules || !outputs) {
		free(longopts);
		free(rules);
		free(outputs);
		return VG_EXIT_ERROR;
	}
	optind = 1;
	opterr = 0;
	int c, bad = 0;
	while (!bad && (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			vg_cli_print_help(cmd, stdout);
			status = VG_EXIT_OK;
			goto done;
		case OPT_SOURCE:
			source = optarg;
			break;
		case OPT_INPUT:
		case 'i':
			input = optarg;
			break;
		case OPT_RULES:
		case 'r':
			rules[nrules++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") == 0)
				json = false;
			else {
				vg_cli_error("unknown format '%s' (use text or json)", optarg);
				bad = 1;
			}
			break;
		case 'o':
			outputs[nouts++] = optarg;
			break;
		case OPT_MIN_PRIO:
			if (vg_priority_parse(optarg, &lo.min_priority) < 0) {
				vg_cli_error("unknown priority '%s' (use emergency, alert, critical, "
					     "error, warning, notice, informational or debug)", optarg);
				bad = 1;
			}
			break;
		case OPT_MATCHING:
			if (strcmp(optarg, "first") == 0)
				lo.matching = VG_RULE_MATCH_FIRST;
			else if (strcmp(optarg, "all") == 0)
				lo.matching = VG_RULE_MATCH_ALL;
			else {
				vg_cli_error("--rule-matching takes first or all, not '%s'", optarg);
				bad = 1;
			}
			break;
		case OPT_LISTEN:
			listen = optarg;
			break;
		case OPT_TLS_CERT:
			cert = optarg;
			break;
		case OPT_TLS_KEY:
			key = optarg;
			break;
		case OPT_HOSTNAME:
			hostname = optarg;
			break;
		case OPT_RATE:
			if (vg_cli_parse_uint(optarg, 100000000ull, &v) < 0) {
				vg_cli_error("--output-rate needs a number, not '%s'", optarg);
				bad = 1;
			}
			rate = (double)v;
			break;
		case OPT_QUEUE:
			if (vg_cli_parse_uint(optarg, 10000000ull, &queue) < 0 || queue == 0) {
				vg_cli_error("--queue-size needs a positive number, not '%s'", optarg);
				bad = 1;
			}
			break;
		case OPT_DURATION:
		case OPT_STATS:
		case OPT_RINGBUF:
			if (vg_cli_parse_uint(optarg, c == OPT_RINGBUF ? 4096 : 100000000ull, &v) < 0) {
				vg_cli_error("--%s needs a number, not '%s'",
					     c == OPT_DURATION ? "duration"
					     : c == OPT_STATS ? "stats-interval" : "ringbuf-size",
					     optarg);
				bad = 1;
			}
			if (c == OPT_DURATION)
				lcfg.duration = v;
			else if (c == OPT_STATS)
				lcfg.stats_interval = v;
			else
				lcfg.ringbuf_mib = v;
			break;
		case OPT_RECORD:
			record = optarg;
			break;
		case '?':
		default:
			if (optopt && optopt < 256)
				vg_cli_error("unknown or incomplete option '-%c'", optopt);
			else
				vg_cli_error("unknown or incomplete option '%s'", argv[optind - 1]);
			bad = 1;
			break;
		}
	}
	if (!bad && !source)
		source = "live";
	bool live = false;
	if (!bad && strcmp(source, "live") == 0) {
		w.source = VG_SOURCE_SYSCALL;
		live = true;
	} else if (!bad && strcmp(source, "replay") == 0) {
		w.source = VG_SOURCE_SYSCALL;
	} else if (!bad && strcmp(source, "k8saudit") == 0) {
		w.source = VG_SOURCE_K8S_AUDIT;
	} else if (!bad) {
		vg_cli_error("unknown source '%s' (use live, replay or k8saudit)", source);
		bad = 1;
	}
	if (!bad && optind < argc) {
		vg_cli_error("unexpected argument '%s'", argv[optind]);
		bad = 1;
	}
	if (!bad && nrules == 0) {
		vg_cli_error("no rules: give --rules FILE");
		bad = 1;
	}
	if (!bad && listen && w.source != VG_SOURCE_K8S_AUDIT) {
		vg_cli_error("--listen works with --source k8saudit only");
		bad = 1;
	}
	if (!bad && listen && input) {
		vg_cli_error("give either --input or --listen, not both");
		bad = 1;
	}
	if (!bad && live && (input || listen)) {
		vg_cli_error("--source live reads the kernel: no --input or --listen");
		bad = 1;
	}
	if (!bad && !live && (record || lcfg.duration || lcfg.stats_interval)) {
		vg_cli_error("--record, --duration and --stats-interval work with --source live only");
		bad = 1;
	}
	if (!bad && !live && !listen && !input) {
		vg_cli_error("no input: give --input FILE (- for standard input)");
		bad = 1;
	}
	if (!bad && (!cert) != (!key)) {
		vg_cli_error("--tls-cert and --tls-key go together");
		bad = 1;
	}
	if (bad) {
		fprintf(stderr, "Run 'vigil watch --help' for usage.\n");
		goto done;
	}

	/* rules */
	int e = vg_rules_load_files(rules, nrules, &lo, &rs, &msgs);
	for (size_t i = 0; i < vg_rules_msgs_count(msgs); i++) {
		const struct vg_rules_msg *m = vg_rules_msgs_get(msgs, i);
		if (!m->error)
			continue;
		vg_cli_error("%s:%u:%u: %s: %s", m->file ? m->file : "?", m->line, m->column,
			     m->code ? m->code : "error", m->message ? m->message : "");
	}
	if (e < 0 || !rs) {
		if (vg_rules_msgs_errors(msgs) == 0)
			vg_cli_error("cannot load the rules: %s", strerror(-e));
		goto done;
	}

	/* outputs */
	if (nouts == 0)
		outputs[nouts++] = "-";
	cfgs = calloc(nouts, sizeof(*cfgs));
	if (!cfgs)
		goto done;
	for (size_t i = 0; i < nouts; i++) {
		const char *t = outputs[i];
		cfgs[i].json = json;
		cfgs[i].rate = rate;
		cfgs[i].queue_size = (size_t)queue;
		if (strcmp(t, "-") == 0) {
			cfgs[i].kind = VG_OUTPUT_STDOUT;
		} else if (strncmp(t, "http://", 7) == 0 || strncmp(t, "https://", 8) == 0) {
			cfgs[i].kind = VG_OUTPUT_HTTP;
			cfgs[i].target = t;
		} else {
			cfgs[i].kind = VG_OUTPUT_FILE;
			cfgs[i].target = t;
		}
	}
	e = vg_outputs_new(cfgs, nouts, &outs);
	if (e < 0) {
		vg_cli_error("cannot set up the outputs: %s", strerror(-e));
		goto done;
	}
	if (vg_alert_scratch_new(&w.scratch) < 0) {
		vg_cli_error("out of memory");
		goto done;
	}
	if (!hostname) {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		hostname = host;
	}
	w.rules = rs;
	w.outs = outs;
	w.hostname = hostname;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocked read returns */
	sigemptyset(&sa.sa_mask);
	watch_stop = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	sigaction(SIGHUP, &sa, NULL);
	watch_reload = 0;

	const char *name = input;
	if (live) {
		if (record) {
			if (strcmp(record, "-") == 0)
				recf = stdout;
			else if (!(recf = fopen(record, "w"))) {
				vg_cli_error("cannot create '%s': %s", record, strerror(errno));
				goto flush;
			}
			setvbuf(recf, NULL, _IOFBF, 1u << 20);
			if (vg_live_recorder_new(recf, &w.rec) < 0)
				goto flush;
		}
		lcfg.rules = rules;
		lcfg.nrules = nrules;
		lcfg.lo = &lo;
		lcfg.hostname = hostname;
		if (run_live(&w, &lcfg, &rs) < 0)
			goto flush;
	} else if (listen) {
		if (run_listen(&w, listen, cert, key) < 0)
			goto flush;
	} else {
		if (strcmp(input, "-") == 0) {
			in = stdin;
			name = "<stdin>";
		} else if (!(in = fopen(input, "r"))) {
			vg_cli_error("cannot open '%s': %s", input, strerror(errno));
			goto flush;
		}
		if (w.source == VG_SOURCE_SYSCALL)
			run_replay(&w, in, name);
		else
			run_audit_file(&w, in, name);
	}
	status = w.errors ? VG_EXIT_ERROR : VG_EXIT_OK;
flush:
	vg_outputs_flush(outs, 10000);
	fprintf(stderr, "vigil: watch: %llu event%s, %llu match%s, %llu alert%s",
		(unsigned long long)w.events, w.events == 1 ? "" : "s",
		(unsigned long long)w.matches, w.matches == 1 ? "" : "es",
		(unsigned long long)w.alerts, w.alerts == 1 ? "" : "s");
	for (size_t i = 0; i < nouts; i++) {
		struct vg_output_stats st;
		vg_outputs_stats(outs, i, &st);
		fprintf(stderr, "; %s: %llu sent, %llu dropped (queue full), %llu dropped (rate "
				"limit), %llu failed",
			strcmp(outputs[i], "-") == 0 ? "stdout" : outputs[i],
			(unsigned long long)st.sent, (unsigned long long)st.dropped_queue_full,
			(unsigned long long)st.dropped_rate_limited, (unsigned long long)st.failed);
		if (st.failed || st.dropped_queue_full || st.dropped_rate_limited)
			status = status == VG_EXIT_OK && st.failed ? VG_EXIT_ERROR : status;
	}
	fputc('\n', stderr);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
done:
	vg_live_recorder_free(w.rec);
	if (recf && recf != stdout && fclose(recf) != 0) {
		vg_cli_error("cannot write '%s': %s", record, strerror(errno));
		status = VG_EXIT_ERROR;
	}
	if (in && in != stdin)
		fclose(in);
	vg_alert_scratch_free(w.scratch);
	vg_outputs_free(outs);
	free(cfgs);
	vg_rules_unref(rs);
	vg_rules_msgs_free(msgs);
	free(longopts);
	free(rules);
	free(outputs);
	return status;
}

const struct vg_cli_command vg_cmd_watch = {
	.name = "watch",
	.run = run_watch,
	.summary = "Evaluate Falco rules over live syscalls (eBPF), replayed syscall events or "
		   "Kubernetes audit events",
	.usage = "[--source live] --rules FILE... [--duration N] [--record FILE] [OPTIONS] | "
		 "--source replay|k8saudit (--input FILE|- | --listen ADDR:PORT) --rules FILE... "
		 "[OPTIONS]",
	.description =
		"Loads Falco rules files unchanged and evaluates them over events from a source: "
		"live (the default) captures syscalls on this machine with eBPF programs (libbpf "
		"CO-RE; needs root and a kernel >= 5.8 with BTF; docs/live.md): the kernel captures "
		"only the syscalls the loaded rules use plus those the process and fd tables need, "
		"and counts what it drops; it uses the cheapest hook the kernel allows (fexit "
		"programs on just those syscalls, else their tracefs syscall tracepoints, else one "
		"tp_btf/sys_exit program), named in the start message "
		"(VIGIL_LIVE_MODE=fexit|syscall-tracepoints|tracepoint forces one). replay reads "
		"syscall events as JSON lines "
		"(docs/replay-format.md; --record writes live events in that format); k8saudit "
		"reads audit.k8s.io/v1 or v1beta1 Event and EventList objects from a file (one per "
		"line, or pretty-printed) or serves the API server's audit webhook (--listen, HTTPS "
		"with --tls-cert and --tls-key). Alerts have Falco's text or JSON form, so "
		"falcosidekick accepts them unchanged.\n\n"
		"Each output has its own worker, a bounded queue and an optional rate limit; alerts "
		"that cannot be queued or delivered are dropped and counted, never lost silently. "
		"SIGINT and SIGTERM stop reading (live: the ring buffer is drained), deliver what is "
		"queued and exit. SIGHUP (live) reloads the rules files: the new rules replace the "
		"old ones between two events and the kernel interest set follows, without stopping "
		"the capture; rules that do not load keep the old ones. A statistics line (events, "
		"matches, alerts, per-output deliveries and drops; live: events/s, kernel drops by "
		"category, CPU and memory) goes to standard error at the end and every "
		"--stats-interval seconds.",
	.options = watch_options,
	.exit_status = "0 the input was processed; 2 bad usage, rules that do not load, live "
		       "capture that cannot start (not root, no eBPF: the message says why), an "
		       "unreadable or malformed input line (the other lines are still evaluated) "
		       "or alerts an output failed to deliver.",
	.examples = "sudo vigil watch --rules falco_rules.yaml\n"
		    "sudo vigil watch --rules falco_rules.yaml --duration 60 --record capture.jsonl "
		    "--stats-interval 10\n"
		    "vigil watch --source replay --rules falco_rules.yaml --input capture.jsonl\n"
		    "vigil watch --source k8saudit --rules k8s_audit_rules.yaml --input audit.log "
		    "--format json\n"
		    "vigil watch --source k8saudit --rules k8s_audit_rules.yaml --listen :9765 "
		    "--tls-cert tls.crt --tls-key tls.key --output http://falcosidekick:2801/\n",
};
