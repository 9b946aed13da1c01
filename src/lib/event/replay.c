/* SPDX-License-Identifier: Apache-2.0 */
/*
 * event/replay.c - the replay source: one syscall event per JSON line (docs/replay-format.md)
 * into struct vg_sys_event. Each line is parsed with the document parser (its own docset) and
 * decoded into a per-line arena; a process table (tid -> process, strings owned per entry)
 * survives across lines so parents and ancestors resolve.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event/event_internal.h"
#include "util/arena.h"
#include "vigil/source.h"

struct rproc {
	struct vg_proc p;
	struct vg_arena arena; /* this entry's strings */
	struct vg_str user, homedir, shell, group, loginuser;
	struct rproc *next;    /* hash chain */
	uint64_t stamp;        /* last walk that visited this entry (cycle guard) */
	bool in_table;
};

#define PROC_BUCKETS 4096u

struct vg_replay {
	char *name;
	struct vg_replay_limits lim;
	struct vg_limits doc_limits;
	struct rproc *buckets[PROC_BUCKETS];
	size_t nprocs;
	uint64_t seq;
	uint64_t walk;
	/* per line */
	struct vg_docset *set;
	struct vg_arena arena;
	struct vg_sys_event ev;
	struct vg_diag *diag;
	uint32_t lineno;
};

void vg_replay_limits_init(struct vg_replay_limits *ret)
{
	ret->max_line = VG_DEFAULT_REPLAY_MAX_LINE;
	ret->max_args = VG_DEFAULT_REPLAY_MAX_ARGS;
	ret->max_list = VG_DEFAULT_REPLAY_MAX_LIST;
	ret->max_ancestors = VG_DEFAULT_REPLAY_MAX_ANCESTORS;
	ret->max_procs = VG_DEFAULT_REPLAY_MAX_PROCS;
	ret->max_depth = VG_DEFAULT_REPLAY_MAX_DEPTH;
}

static void proc_free(struct rproc *p)
{
	if (!p)
		return;
	vg_arena_release(&p->arena);
	free(p);
}

static void table_clear(struct vg_replay *r)
{
	for (size_t i = 0; i < PROC_BUCKETS; i++) {
		struct rproc *p = r->buckets[i];
		while (p) {
			struct rproc *n = p->next;
			proc_free(p);
			p = n;
		}
		r->buckets[i] = NULL;
	}
	r->nprocs = 0;
}

int vg_replay_new(const char *name, const struct vg_replay_limits *limits, struct vg_replay **ret)
{
	if (!ret)
		return -EINVAL;
	struct vg_replay *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->name = strdup(name ? name : "<replay>");
	if (!r->name) {
		free(r);
		return -ENOMEM;
	}
	if (limits)
		r->lim = *limits;
	else
		vg_replay_limits_init(&r->lim);
	vg_limits_init(&r->doc_limits);
	r->doc_limits.max_file_size = r->lim.max_line;
	r->doc_limits.max_depth = r->lim.max_depth;
	r->doc_limits.max_documents = 1;
	vg_arena_init(&r->arena, 64 * 1024);
	*ret = r;
	return 0;
}

void vg_replay_free(struct vg_replay *r)
{
	if (!r)
		return;
	table_clear(r);
	vg_docset_free(r->set);
	vg_arena_release(&r->arena);
	free(r->name);
	free(r);
}

size_t vg_replay_proc_count(const struct vg_replay *r)
{
	return r ? r->nprocs : 0;
}

/* ---- errors ----------------------------------------------------------------------------- */

static int fail(struct vg_replay *r, const struct vg_node *n, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct vg_replay *r, const struct vg_node *n, int err, const char *fmt, ...)
{
	char msg[VG_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_diag_set(r->diag, err == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_SEMANTIC, r->name, r->lineno,
		    n ? n->column : 0, "%s", msg);
	return err;
}

/* ---- node helpers ----------------------------------------------------------------------- */

static int get_str(struct vg_replay *r, const struct vg_node *map, const char *key,
		   struct vg_str *ret)
{
	const struct vg_node *n = vg_node_get(map, key);
	if (!n || n->kind == VG_NODE_NULL)
		return 0;
	if (n->kind != VG_NODE_STR)
		return fail(r, n, -EBADMSG, "'%s' must be a string", key);
	ret->ptr = n->text;
	ret->len = n->len;
	return 1;
}

static int get_int(struct vg_replay *r, const struct vg_node *map, const char *key, int64_t *ret)
{
	const struct vg_node *n = vg_node_get(map, key);
	if (!n || n->kind == VG_NODE_NULL)
		return 0;
	if (n->kind != VG_NODE_INT)
		return fail(r, n, -EBADMSG, "'%s' must be an integer", key);
	*ret = n->v.i;
	return 1;
}

static int get_u64(struct vg_replay *r, const struct vg_node *map, const char *key, uint64_t *ret)
{
	int64_t v = 0;
	int k = get_int(r, map, key, &v);
	if (k == 1) {
		if (v < 0)
			return fail(r, vg_node_get(map, key), -EBADMSG, "'%s' must not be negative", key);
		*ret = (uint64_t)v;
	}
	return k;
}

static int get_bool(struct vg_replay *r, const struct vg_node *map, const char *key, bool *ret)
{
	const struct vg_node *n = vg_node_get(map, key);
	if (!n || n->kind == VG_NODE_NULL)
		return 0;
	if (n->kind != VG_NODE_BOOL)
		return fail(r, n, -EBADMSG, "'%s' must be true or false", key);
	*ret = n->v.b;
	return 1;
}

static int check_map(struct vg_replay *r, const struct vg_node *n, const char *what)
{
	if (n && n->kind != VG_NODE_MAP)
		return fail(r, n, -EBADMSG, "'%s' must be an object", what);
	return 0;
}

/* Is every key of @map one of @keys (NULL-terminated)? Unknown keys are errors: typos in a
 * fixture should not silently make a field missing. */
static int check_keys(struct vg_replay *r, const struct vg_node *map, const char *const *keys)
{
	for (uint32_t i = 0; map && i < map->count; i++) {
		const struct vg_node *k = map->pairs[i].key;
		const char *ks = vg_node_str(k);
		bool ok = false;
		for (const char *const *q = keys; ks && *q; q++)
			if (strcmp(*q, ks) == 0)
				ok = true;
		if (!ok)
			return fail(r, k, -EBADMSG, "unknown key '%s'", ks ? ks : "?");
	}
	return 0;
}

static struct vg_str arena_str(struct vg_arena *a, struct vg_str s)
{
	if (!s.ptr)
		return s;
	struct vg_str out = { vg_arena_strndup(a, s.ptr, s.len), s.len };
	return out;
}

static uint64_t parse_time(const struct vg_node *n, bool *ok)
{
	*ok = true;
	if (n->kind == VG_NODE_INT && n->v.i >= 0)
		return (uint64_t)n->v.i;
	if (n->kind != VG_NODE_STR) {
		*ok = false;
		return 0;
	}
	/* RFC 3339 UTC: YYYY-MM-DDTHH:MM:SS[.fraction]Z */
	struct tm tm = { 0 };
	const char *s = n->text;
	int y, mo, d, h, mi, se, used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &used) != 6 ||
	    used != 19) {
		*ok = false;
		return 0;
	}
	uint64_t ns = 0;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		int digits = 0;
		while (*p >= '0' && *p <= '9') {
			if (digits < 9) {
				ns = ns * 10 + (uint64_t)(*p - '0');
				digits++;
			}
			p++;
		}
		if (digits == 0) {
			*ok = false;
			return 0;
		}
		while (digits++ < 9)
			ns *= 10;
	}
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0) {
		*ok = false;
		return 0;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	if (t < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) {
		*ok = false;
		return 0;
	}
	return (uint64_t)t * 1000000000ull + ns;
}

/* ---- flags ------------------------------------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t v;
} open_flag_names[] = {
	{ "O_RDONLY", VG_O_RDONLY }, { "O_WRONLY", VG_O_WRONLY }, { "O_RDWR", VG_O_RDWR },
	{ "O_CREAT", VG_O_CREAT }, { "O_APPEND", VG_O_APPEND }, { "O_DSYNC", VG_O_DSYNC },
	{ "O_EXCL", VG_O_EXCL }, { "O_NONBLOCK", VG_O_NONBLOCK }, { "O_SYNC", VG_O_SYNC },
	{ "O_TRUNC", VG_O_TRUNC }, { "O_DIRECT", VG_O_DIRECT }, { "O_DIRECTORY", VG_O_DIRECTORY },
	{ "O_LARGEFILE", VG_O_LARGEFILE }, { "O_CLOEXEC", VG_O_CLOEXEC },
	{ "O_TMPFILE", VG_O_TMPFILE }, { "O_F_CREATED", VG_O_F_CREATED }, { "O_NONE", VG_O_NONE },
};

/* "O_RDWR|O_CREAT" (or the names of any flag set, looked up through the engine's renderer). */
static bool parse_flag_names(enum vg_flagset fs, bool is_enum, const char *s, size_t len,
			     uint64_t *ret)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && s[j] != '|')
			j++;
		size_t wl = j - i;
		const char *w = s + i;
		while (wl && w[0] == ' ') {
			w++;
			wl--;
		}
		while (wl && w[wl - 1] == ' ')
			wl--;
		if (wl == 0)
			return false;
		bool found = false;
		if (fs == VG_FLAGSET_OPEN) {
			for (size_t k = 0; k < sizeof(open_flag_names) / sizeof(open_flag_names[0]); k++)
				if (strlen(open_flag_names[k].name) == wl &&
				    memcmp(open_flag_names[k].name, w, wl) == 0) {
					v |= open_flag_names[k].v;
					found = true;
				}
		} else {
			char buf[128];
			for (uint64_t c = 0; c < 128 && !found; c++) {
				uint64_t val = is_enum ? c : (c < 64 ? (uint64_t)1 << c : 0);
				if (!is_enum && c >= 64)
					break;
				size_t n = vg_flags_render(fs, is_enum, val, buf, sizeof(buf));
				if (n == wl && memcmp(buf, w, wl) == 0) {
					v |= val;
					found = true;
				}
			}
		}
		if (!found)
			return false;
		if (is_enum && j < len)
			return false;
		i = j + 1;
	}
	*ret = v;
	return true;
}

/* ---- arguments ---------------------------------------------------------------------------- */

static bool is_open_evt(enum vg_evt_type t)
{
	return t == VG_EVT_OPEN || t == VG_EVT_OPENAT || t == VG_EVT_OPENAT2 || t == VG_EVT_CREAT ||
	       t == VG_EVT_OPEN_BY_HANDLE_AT;
}

static bool name_in(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(name, *set) == 0)
			return true;
	return false;
}

static const char *const fd_names[] = { "fd", "dirfd", "olddirfd", "newdirfd", "newfd", "oldfd",
					"in_fd", "out_fd", "pidfd", "linkdirfd", NULL };
static const char *const pid_names[] = { "pid", "ppid", "tid", "ptid", NULL };
static const char *const uid_names[] = { "uid", "euid", "ruid", "suid", NULL };
static const char *const gid_names[] = { "gid", "egid", "rgid", "sgid", NULL };

static void arg_kind_for(enum vg_evt_type t, const char *name, struct vg_evt_arg *a)
{
	if (strcmp(name, "flags") == 0 && is_open_evt(t)) {
		a->type = VG_ARG_FLAGS;
		a->flagset = VG_FLAGSET_OPEN;
	} else if (strcmp(name, "flags") == 0 && (t == VG_EVT_CLONE || t == VG_EVT_CLONE3 ||
						  t == VG_EVT_FORK || t == VG_EVT_VFORK)) {
		a->type = VG_ARG_FLAGS;
		a->flagset = VG_FLAGSET_CLONE;
	} else if (strcmp(name, "request") == 0 && t == VG_EVT_PTRACE) {
		a->type = VG_ARG_ENUM;
		a->flagset = VG_FLAGSET_PTRACE;
	} else if (strcmp(name, "domain") == 0 || strcmp(name, "family") == 0) {
		a->type = VG_ARG_ENUM;
		a->flagset = VG_FLAGSET_SOCKET_FAMILY;
	} else if (strcmp(name, "prot") == 0) {
		a->type = VG_ARG_FLAGS;
		a->flagset = VG_FLAGSET_PROT;
	} else if (strcmp(name, "mode") == 0 && t == VG_EVT_ACCESS) {
		a->type = VG_ARG_FLAGS;
		a->flagset = VG_FLAGSET_ACCESS;
	} else if (strcmp(name, "mode") == 0) {
		a->type = VG_ARG_MODE;
	} else if (name_in(name, fd_names)) {
		a->type = VG_ARG_FD;
	} else if (name_in(name, pid_names)) {
		a->type = VG_ARG_PID;
	} else if (name_in(name, uid_names)) {
		a->type = VG_ARG_UID;
	} else if (name_in(name, gid_names)) {
		a->type = VG_ARG_GID;
	} else if (strcmp(name, "res") == 0) {
		a->type = VG_ARG_ERRNO;
	} else if (strcmp(name, "addr") == 0) {
		a->type = VG_ARG_SOCKADDR;
	} else {
		a->type = VG_ARG_NONE; /* decided by the value */
	}
}

static const struct {
	const char *name;
	enum vg_arg_type t;
} arg_type_names[] = {
	{ "int", VG_ARG_INT }, { "uint", VG_ARG_UINT }, { "fd", VG_ARG_FD },
	{ "errno", VG_ARG_ERRNO }, { "pid", VG_ARG_PID }, { "uid", VG_ARG_UID },
	{ "gid", VG_ARG_GID }, { "flags", VG_ARG_FLAGS }, { "enum", VG_ARG_ENUM },
	{ "mode", VG_ARG_MODE }, { "str", VG_ARG_STR }, { "bytes", VG_ARG_BYTES },
	{ "sockaddr", VG_ARG_SOCKADDR },
};
static const char *const flagset_names[VG_FLAGSET__COUNT] = {
	"none", "open", "ptrace", "socket_family", "clone", "prot", "access",
};

/* "1.2.3.4:80", "[::1]:80" */
static bool parse_sockaddr(const char *s, size_t len, struct vg_ipaddr *ret_ip, uint16_t *ret_port)
{
	const char *colon = NULL;
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == ':') {
			colon = s + i - 1;
			break;
		}
	if (!colon || colon == s)
		return false;
	const char *h = s;
	size_t hl = (size_t)(colon - s);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	unsigned long port = 0;
	const char *p = colon + 1;
	if (p == s + len)
		return false;
	for (; p < s + len; p++) {
		if (*p < '0' || *p > '9')
			return false;
		port = port * 10 + (unsigned long)(*p - '0');
		if (port > 65535)
			return false;
	}
	if (!vg_ipaddr_parse(h, hl, ret_ip))
		return false;
	*ret_port = (uint16_t)port;
	return true;
}

static int decode_arg(struct vg_replay *r, const char *name, const struct vg_node *v,
		      struct vg_evt_arg *a)
{
	memset(a, 0, sizeof(*a));
	a->name = name;
	arg_kind_for(r->ev.type, name, a);
	const struct vg_node *val = v;
	if (v->kind == VG_NODE_MAP) {
		static const char *const keys[] = { "type", "flagset", "value", "text", NULL };
		int e = check_keys(r, v, keys);
		if (e < 0)
			return e;
		struct vg_str ts = VG_STR_NONE, fs = VG_STR_NONE, text = VG_STR_NONE;
		if ((e = get_str(r, v, "type", &ts)) < 0 || (e = get_str(r, v, "flagset", &fs)) < 0 ||
		    (e = get_str(r, v, "text", &text)) < 0)
			return e;
		if (ts.ptr) {
			bool ok = false;
			for (size_t i = 0; i < sizeof(arg_type_names) / sizeof(arg_type_names[0]); i++)
				if (strcmp(ts.ptr, arg_type_names[i].name) == 0) {
					a->type = arg_type_names[i].t;
					ok = true;
				}
			if (!ok)
				return fail(r, vg_node_get(v, "type"), -EBADMSG,
					    "unknown argument type '%s'", ts.ptr);
		}
		if (fs.ptr) {
			bool ok = false;
			for (unsigned i = 0; i < VG_FLAGSET__COUNT; i++)
				if (strcmp(fs.ptr, flagset_names[i]) == 0) {
					a->flagset = (enum vg_flagset)i;
					ok = true;
				}
			if (!ok)
				return fail(r, vg_node_get(v, "flagset"), -EBADMSG,
					    "unknown flag set '%s'", fs.ptr);
		}
		a->text = text;
		val = vg_node_get(v, "value");
		if (!val)
			return fail(r, v, -EBADMSG, "argument '%s' has no 'value'", name);
	}
	switch (val->kind) {
	case VG_NODE_NULL:
		a->type = VG_ARG_NONE;
		return 0;
	case VG_NODE_BOOL:
		if (a->type == VG_ARG_NONE)
			a->type = VG_ARG_UINT;
		a->num.u = val->v.b ? 1 : 0;
		return 0;
	case VG_NODE_INT:
		if (a->type == VG_ARG_NONE)
			a->type = val->v.i < 0 ? VG_ARG_INT : VG_ARG_UINT;
		if (a->type == VG_ARG_STR || a->type == VG_ARG_BYTES || a->type == VG_ARG_SOCKADDR)
			return fail(r, val, -EBADMSG, "argument '%s' must be a string", name);
		a->num.i = val->v.i;
		return 0;
	case VG_NODE_STR:
		break;
	default:
		return fail(r, val, -EBADMSG, "argument '%s' must be a string, number or object",
			    name);
	}
	/* string values */
	switch (a->type) {
	case VG_ARG_FLAGS:
	case VG_ARG_ENUM: {
		uint64_t f = 0;
		if (!parse_flag_names(a->flagset, a->type == VG_ARG_ENUM, val->text, val->len, &f))
			return fail(r, val, -EBADMSG, "unknown flag or value '%s'", val->text);
		a->num.u = f;
		return 0;
	}
	case VG_ARG_SOCKADDR:
		if (!parse_sockaddr(val->text, val->len, &a->addr, &a->port)) {
			a->str.ptr = val->text; /* a unix socket path */
			a->str.len = val->len;
		}
		return 0;
	case VG_ARG_NONE:
	case VG_ARG_STR:
	case VG_ARG_BYTES:
		if (a->type == VG_ARG_NONE)
			a->type = VG_ARG_STR;
		a->str.ptr = val->text;
		a->str.len = val->len;
		return 0;
	default:
		return fail(r, val, -EBADMSG, "argument '%s' must be a number", name);
	}
}

/* ---- processes ---------------------------------------------------------------------------- */

static struct rproc **bucket(struct vg_replay *r, int64_t tid)
{
	uint64_t h = (uint64_t)tid * 0x9e3779b97f4a7c15ull;
	return &r->buckets[(h >> 52) % PROC_BUCKETS];
}

static struct rproc *lookup(struct vg_replay *r, int64_t tid)
{
	for (struct rproc *p = *bucket(r, tid); p; p = p->next)
		if (p->p.tid == tid)
			return p;
	return NULL;
}

static void table_remove(struct vg_replay *r, struct rproc *x)
{
	for (struct rproc **pp = bucket(r, x->p.tid); *pp; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			r->nprocs--;
			return;
		}
}

static const char *base_name(const char *s, size_t len, size_t *ret_len)
{
	size_t i = len;
	while (i > 0 && s[i - 1] != '/')
		i--;
	*ret_len = len - i;
	return s + i;
}

/*
 * Build process @out from the JSON object @o, starting from @old (inherit what @o does not
 * give; NULL = nothing). Strings go to @a.
 */
static int decode_proc(struct vg_replay *r, const struct vg_node *o, const struct rproc *old,
		       struct rproc *out, struct vg_arena *a)
{
	static const char *const keys[] = {
		"pid", "tid", "ppid", "vpid", "vtid", "sid", "vpgid", "name", "exe", "exepath",
		"args", "cmdline", "cwd", "tty", "uid", "gid", "user", "group", "loginuid",
		"loginuser", "env", "ancestors", "cap_effective", "cap_permitted", "cap_inheritable",
		"clone_ts", "exec_ts", "exe_ino", "exe_ino_ctime", "exe_ino_mtime", "exe_writable",
		"exe_upper_layer", "exe_lower_layer", "exe_from_memfd", "user_homedir", "user_shell",
		NULL,
	};
	int e = check_keys(r, o, keys);
	if (e < 0)
		return e;
	struct vg_proc *p = &out->p;
	if (old) {
		*p = old->p;
		out->user = old->user;
		out->homedir = old->homedir;
		out->shell = old->shell;
		out->group = old->group;
		out->loginuser = old->loginuser;
	} else {
		memset(p, 0, sizeof(*p));
		p->ppid = -1;
		p->pid = p->tid = -1;
	}
	p->parent = NULL;
	int64_t v = 0;
	uint64_t u = 0;
	bool b = false;
#define INT_FIELD(key, dst)                                          \
	if ((e = get_int(r, o, key, &v)) < 0)                        \
		return e;                                            \
	else if (e)                                                  \
		dst = v;
	INT_FIELD("pid", p->pid)
	if ((e = get_int(r, o, "tid", &v)) < 0)
		return e;
	p->tid = e ? v : (old && !vg_node_get(o, "pid") ? old->p.tid : p->pid);
	INT_FIELD("ppid", p->ppid)
	INT_FIELD("vpid", p->vpid)
	INT_FIELD("vtid", p->vtid)
	INT_FIELD("sid", p->sid)
	INT_FIELD("vpgid", p->vpgid)
#undef INT_FIELD
#define U_FIELD(key, dst, flag)                                      \
	if ((e = get_u64(r, o, key, &u)) < 0)                        \
		return e;                                            \
	else if (e) {                                                \
		dst = u;                                             \
		p->flags |= (flag);                                  \
	}
	U_FIELD("tty", p->tty, VG_PROC_HAS_TTY)
	U_FIELD("uid", p->uid, VG_PROC_HAS_IDS)
	U_FIELD("gid", p->gid, VG_PROC_HAS_IDS)
	/* loginuid -1 (unset) is written as -1 in /proc: accept it as well as 4294967295 */
	const struct vg_node *lu = vg_node_get(o, "loginuid");
	if (lu && vg_node_scalar(lu) && strcmp(vg_node_scalar(lu), "-1") == 0) {
		p->loginuid = UINT32_MAX;
		p->flags |= VG_PROC_HAS_LOGINUID;
	} else {
		U_FIELD("loginuid", p->loginuid, VG_PROC_HAS_LOGINUID)
	}
	U_FIELD("cap_effective", p->cap_effective, VG_PROC_HAS_CAPS)
	U_FIELD("cap_permitted", p->cap_permitted, VG_PROC_HAS_CAPS)
	U_FIELD("cap_inheritable", p->cap_inheritable, VG_PROC_HAS_CAPS)
	U_FIELD("clone_ts", p->clone_ts, 0)
	U_FIELD("exec_ts", p->exec_ts, 0)
	U_FIELD("exe_ino", p->exe_ino, VG_PROC_HAS_EXE_INO)
	U_FIELD("exe_ino_ctime", p->exe_ino_ctime, VG_PROC_HAS_EXE_INO)
	U_FIELD("exe_ino_mtime", p->exe_ino_mtime, VG_PROC_HAS_EXE_INO)
#undef U_FIELD
#define B_FIELD(key, flag)                                           \
	if ((e = get_bool(r, o, key, &b)) < 0)                       \
		return e;                                            \
	else if (e)                                                  \
		p->flags = b ? (p->flags | (flag)) : (p->flags & ~(uint32_t)(flag));
	B_FIELD("exe_writable", VG_PROC_EXE_WRITABLE)
	B_FIELD("exe_upper_layer", VG_PROC_EXE_UPPER_LAYER)
	B_FIELD("exe_lower_layer", VG_PROC_EXE_LOWER_LAYER)
	B_FIELD("exe_from_memfd", VG_PROC_EXE_FROM_MEMFD)
#undef B_FIELD

	/* the executable image: recomputed together when any part is given */
	struct vg_str name = VG_STR_NONE, exe = VG_STR_NONE, exepath = VG_STR_NONE;
	struct vg_str args = VG_STR_NONE, cmdline = VG_STR_NONE, cwd = VG_STR_NONE;
	if ((e = get_str(r, o, "name", &name)) < 0 || (e = get_str(r, o, "exe", &exe)) < 0 ||
	    (e = get_str(r, o, "exepath", &exepath)) < 0 ||
	    (e = get_str(r, o, "cmdline", &cmdline)) < 0 || (e = get_str(r, o, "cwd", &cwd)) < 0)
		return e;
	const struct vg_node *an = vg_node_get(o, "args");
	if (an && an->kind == VG_NODE_STR) {
		args.ptr = an->text;
		args.len = an->len;
	} else if (an && an->kind == VG_NODE_SEQ) {
		size_t tot = 0;
		if (an->count > r->lim.max_list)
			return fail(r, an, -EFBIG, "too many 'args' (limit %s)", "max_list");
		for (uint32_t i = 0; i < an->count; i++) {
			if (an->items[i]->kind != VG_NODE_STR)
				return fail(r, an->items[i], -EBADMSG, "'%s' items must be strings",
					    "args");
			tot += an->items[i]->len + 1;
		}
		char *buf = vg_arena_alloc(a, tot + 1);
		if (!buf)
			return -ENOMEM;
		size_t k = 0;
		for (uint32_t i = 0; i < an->count; i++) {
			if (i)
				buf[k++] = ' ';
			memcpy(buf + k, an->items[i]->text, an->items[i]->len);
			k += an->items[i]->len;
		}
		buf[k] = '\0';
		args.ptr = buf;
		args.len = k;
	} else if (an && an->kind != VG_NODE_NULL) {
		return fail(r, an, -EBADMSG, "'%s' must be a string or a list of strings", "args");
	}
	if (name.ptr || exe.ptr || exepath.ptr || args.ptr || cmdline.ptr) {
		if (!args.ptr && cmdline.ptr) {
			const char *sp = memchr(cmdline.ptr, ' ', cmdline.len);
			args = sp ? (struct vg_str){ sp + 1, cmdline.len - (size_t)(sp + 1 - cmdline.ptr) }
				  : VG_STR("");
		}
		if (!exe.ptr && exepath.ptr)
			exe = exepath;
		if (!exe.ptr && cmdline.ptr) {
			const char *sp = memchr(cmdline.ptr, ' ', cmdline.len);
			exe.ptr = cmdline.ptr;
			exe.len = sp ? (size_t)(sp - cmdline.ptr) : cmdline.len;
		}
		if (!name.ptr && exe.ptr) {
			name.ptr = base_name(exe.ptr, exe.len, &name.len);
		}
		if (!args.ptr)
			args = VG_STR("");
		p->comm = arena_str(a, name);
		p->exe = arena_str(a, exe);
		p->exepath = arena_str(a, exepath);
		p->args = arena_str(a, args);
		if (cmdline.ptr) {
			p->cmdline = arena_str(a, cmdline);
		} else if (name.ptr) {
			char *c = vg_arena_printf(a, "%s%s%s", p->comm.ptr, args.len ? " " : "",
						  p->args.ptr);
			p->cmdline = vg_str_c(c);
		} else {
			p->cmdline = VG_STR_NONE;
		}
	} else {
		p->comm = arena_str(a, p->comm);
		p->exe = arena_str(a, p->exe);
		p->exepath = arena_str(a, p->exepath);
		p->args = arena_str(a, p->args);
		p->cmdline = arena_str(a, p->cmdline);
	}
	p->cwd = arena_str(a, cwd.ptr ? cwd : p->cwd);

	/* user / group / login user: a name string or {name, uid, homedir, shell} */
	const struct vg_node *un = vg_node_get(o, "user");
	struct vg_str s = VG_STR_NONE;
	if (un && un->kind == VG_NODE_MAP) {
		static const char *const ukeys[] = { "name", "uid", "homedir", "shell", NULL };
		if ((e = check_keys(r, un, ukeys)) < 0)
			return e;
		if ((e = get_str(r, un, "name", &out->user)) < 0 ||
		    (e = get_str(r, un, "homedir", &out->homedir)) < 0 ||
		    (e = get_str(r, un, "shell", &out->shell)) < 0)
			return e;
		if ((e = get_u64(r, un, "uid", &u)) < 0)
			return e;
		if (e) {
			p->uid = (uint32_t)u;
			p->flags |= VG_PROC_HAS_IDS;
		}
	} else if ((e = get_str(r, o, "user", &s)) < 0) {
		return e;
	} else if (e) {
		out->user = s;
	}
	if ((e = get_str(r, o, "user_homedir", &s)) < 0)
		return e;
	else if (e)
		out->homedir = s;
	if ((e = get_str(r, o, "user_shell", &s)) < 0)
		return e;
	else if (e)
		out->shell = s;
	if ((e = get_str(r, o, "group", &s)) < 0)
		return e;
	else if (e)
		out->group = s;
	if ((e = get_str(r, o, "loginuser", &s)) < 0)
		return e;
	else if (e)
		out->loginuser = s;
	out->user = arena_str(a, out->user);
	out->homedir = arena_str(a, out->homedir);
	out->shell = arena_str(a, out->shell);
	out->group = arena_str(a, out->group);
	out->loginuser = arena_str(a, out->loginuser);

	/* env: ["K=V", ...] or {"K": "V"} */
	const struct vg_node *en = vg_node_get(o, "env");
	if (en && en->kind != VG_NODE_NULL) {
		if (en->kind != VG_NODE_SEQ && en->kind != VG_NODE_MAP)
			return fail(r, en, -EBADMSG, "'%s' must be a list or an object", "env");
		if (en->count > r->lim.max_list)
			return fail(r, en, -EFBIG, "too many 'env' entries (limit %s)", "max_list");
		struct vg_str *env = vg_arena_calloc(a, en->count ? en->count : 1, sizeof(*env));
		if (!env)
			return -ENOMEM;
		for (uint32_t i = 0; i < en->count; i++) {
			if (en->kind == VG_NODE_SEQ) {
				if (en->items[i]->kind != VG_NODE_STR)
					return fail(r, en->items[i], -EBADMSG,
						    "'%s' items must be strings", "env");
				env[i] = arena_str(a, (struct vg_str){ en->items[i]->text,
									en->items[i]->len });
			} else {
				const char *vs = vg_node_scalar(en->pairs[i].value);
				if (!vs || en->pairs[i].value->kind == VG_NODE_NULL)
					return fail(r, en->pairs[i].value, -EBADMSG,
						    "'%s' values must be strings", "env");
				env[i] = vg_str_c(vg_arena_printf(a, "%s=%s",
								  vg_node_scalar(en->pairs[i].key), vs));
			}
			if (!env[i].ptr)
				return -ENOMEM;
		}
		p->env = env;
		p->nenv = en->count;
	} else if (old && old->p.nenv) {
		struct vg_str *env = vg_arena_calloc(a, old->p.nenv, sizeof(*env));
		if (!env)
			return -ENOMEM;
		for (uint32_t i = 0; i < old->p.nenv; i++)
			env[i] = arena_str(a, old->p.env[i]);
		p->env = env;
	}
	return 0;
}

/* Decode @o into the table entry for its tid (created or updated), or into a per-line
 * process when it has no pid. */
static int upsert_proc(struct vg_replay *r, const struct vg_node *o, struct rproc **ret)
{
	int64_t pid = -1, tid = -1;
	int e;
	if ((e = get_int(r, o, "pid", &pid)) < 0 || (e = get_int(r, o, "tid", &tid)) < 0)
		return e;
	if (tid < 0)
		tid = pid;
	struct rproc *old = tid >= 0 ? lookup(r, tid) : NULL;
	/* the common case, {"pid": N} of a known process: nothing to update */
	if (old && o->count == (uint32_t)(vg_node_get(o, "pid") != NULL) +
				      (uint32_t)(vg_node_get(o, "tid") != NULL) &&
	    (pid < 0 || pid == old->p.pid)) {
		*ret = old;
		return 0;
	}
	struct rproc *n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	vg_arena_init(&n->arena, 1024);
	e = decode_proc(r, o, old, n, &n->arena);
	if (e < 0) {
		proc_free(n);
		return e;
	}
	if (tid < 0) {
		/* no pid: lives for this line only */
		struct rproc *t = vg_arena_zalloc(&r->arena, sizeof(*t));
		if (!t) {
			proc_free(n);
			return -ENOMEM;
		}
		/* move the strings into the line arena */
		*t = *n;
		vg_arena_init(&t->arena, 64);
		t->p.comm = arena_str(&r->arena, n->p.comm);
		t->p.exe = arena_str(&r->arena, n->p.exe);
		t->p.exepath = arena_str(&r->arena, n->p.exepath);
		t->p.args = arena_str(&r->arena, n->p.args);
		t->p.cmdline = arena_str(&r->arena, n->p.cmdline);
		t->p.cwd = arena_str(&r->arena, n->p.cwd);
		t->user = arena_str(&r->arena, n->user);
		t->homedir = arena_str(&r->arena, n->homedir);
		t->shell = arena_str(&r->arena, n->shell);
		t->group = arena_str(&r->arena, n->group);
		t->loginuser = arena_str(&r->arena, n->loginuser);
		struct vg_str *env = vg_arena_calloc(&r->arena, n->p.nenv + 1, sizeof(*env));
		for (uint32_t i = 0; env && i < n->p.nenv; i++)
			env[i] = arena_str(&r->arena, n->p.env[i]);
		t->p.env = env;
		proc_free(n);
		*ret = t;
		return 0;
	}
	n->p.tid = tid;
	if (n->p.pid < 0)
		n->p.pid = tid;
	if (old) {
		table_remove(r, old);
		proc_free(old);
	} else if (r->nprocs >= r->lim.max_procs) {
		table_clear(r); /* documented: a full table is forgotten at once */
	}
	struct rproc **b = bucket(r, tid);
	n->next = *b;
	*b = n;
	n->in_table = true;
	r->nprocs++;
	*ret = n;
	return 0;
}

/* ---- fd ------------------------------------------------------------------------------------ */

static const struct {
	const char *name;
	enum vg_fd_type t;
} fd_type_names[] = {
	{ "file", VG_FD_FILE }, { "directory", VG_FD_DIRECTORY }, { "ipv4", VG_FD_IPV4_SOCK },
	{ "ipv6", VG_FD_IPV6_SOCK }, { "unix", VG_FD_UNIX_SOCK }, { "pipe", VG_FD_PIPE },
	{ "event", VG_FD_EVENT }, { "signalfd", VG_FD_SIGNALFD }, { "eventpoll", VG_FD_EVENTPOLL },
	{ "inotify", VG_FD_INOTIFY }, { "timerfd", VG_FD_TIMERFD }, { "netlink", VG_FD_NETLINK },
	{ "bpf", VG_FD_BPF }, { "userfaultfd", VG_FD_USERFAULTFD }, { "io_uring", VG_FD_IOURING },
	{ "memfd", VG_FD_MEMFD }, { "pidfd", VG_FD_PIDFD },
};

static int get_ip(struct vg_replay *r, const struct vg_node *o, const char *key,
		  struct vg_ipaddr *ret)
{
	struct vg_str s = VG_STR_NONE;
	int e = get_str(r, o, key, &s);
	if (e <= 0)
		return e;
	if (!vg_ipaddr_parse(s.ptr, s.len, ret))
		return fail(r, vg_node_get(o, key), -EBADMSG, "'%s' is not an IP address", key);
	return 1;
}

static int get_port(struct vg_replay *r, const struct vg_node *o, const char *key, uint16_t *ret)
{
	uint64_t u = 0;
	int e = get_u64(r, o, key, &u);
	if (e <= 0)
		return e;
	if (u > 65535)
		return fail(r, vg_node_get(o, key), -EBADMSG, "'%s' is not a port number", key);
	*ret = (uint16_t)u;
	return 1;
}

static int decode_fd(struct vg_replay *r, const struct vg_node *o, struct vg_fd *fd)
{
	static const char *const keys[] = {
		"num", "type", "name", "nameraw", "directory", "filename", "flags", "connected",
		"server", "name_changed", "l4proto", "cip", "cport", "sip", "sport", "dip", "dport",
		"cip_name", "sip_name", "dev", "ino", "upper_layer", "lower_layer", NULL,
	};
	int e = check_keys(r, o, keys);
	if (e < 0)
		return e;
	memset(fd, 0, sizeof(*fd));
	fd->num = -1;
	int64_t v = 0;
	if ((e = get_int(r, o, "num", &v)) < 0)
		return e;
	if (e)
		fd->num = v;
	struct vg_str ts = VG_STR_NONE, dir = VG_STR_NONE, file = VG_STR_NONE, l4 = VG_STR_NONE;
	if ((e = get_str(r, o, "type", &ts)) < 0 || (e = get_str(r, o, "name", &fd->name)) < 0 ||
	    (e = get_str(r, o, "nameraw", &fd->nameraw)) < 0 ||
	    (e = get_str(r, o, "directory", &dir)) < 0 || (e = get_str(r, o, "filename", &file)) < 0 ||
	    (e = get_str(r, o, "l4proto", &l4)) < 0 || (e = get_str(r, o, "cip_name", &fd->cip_name)) < 0 ||
	    (e = get_str(r, o, "sip_name", &fd->sip_name)) < 0)
		return e;
	if ((e = get_ip(r, o, "cip", &fd->cip)) < 0 || (e = get_ip(r, o, "sip", &fd->sip)) < 0 ||
	    (e = get_ip(r, o, "dip", &fd->sip)) < 0 || (e = get_port(r, o, "cport", &fd->cport)) < 0 ||
	    (e = get_port(r, o, "sport", &fd->sport)) < 0 ||
	    (e = get_port(r, o, "dport", &fd->sport)) < 0)
		return e;
	bool b = false;
#define FD_FLAG(key, flag)                                            \
	if ((e = get_bool(r, o, key, &b)) < 0)                        \
		return e;                                             \
	else if (e && b)                                              \
		fd->flags |= (flag);
	FD_FLAG("connected", VG_FD_CONNECTED)
	FD_FLAG("server", VG_FD_IS_SERVER)
	FD_FLAG("name_changed", VG_FD_NAME_CHANGED)
	FD_FLAG("upper_layer", VG_FD_UPPER_LAYER)
	FD_FLAG("lower_layer", VG_FD_LOWER_LAYER)
#undef FD_FLAG
	uint64_t u = 0;
	if ((e = get_u64(r, o, "ino", &u)) < 0)
		return e;
	if (e) {
		fd->ino = u;
		fd->flags |= VG_FD_HAS_INO;
	}
	if ((e = get_u64(r, o, "dev", &u)) < 0)
		return e;
	if (e)
		fd->dev = (uint32_t)u;
	const struct vg_node *fl = vg_node_get(o, "flags");
	if (fl && fl->kind == VG_NODE_INT && fl->v.i >= 0) {
		fd->open_flags = (uint32_t)fl->v.i;
	} else if (fl && fl->kind == VG_NODE_STR) {
		uint64_t f = 0;
		if (!parse_flag_names(VG_FLAGSET_OPEN, false, fl->text, fl->len, &f))
			return fail(r, fl, -EBADMSG, "unknown open flag in '%s'", fl->text);
		fd->open_flags = (uint32_t)f;
	} else if (fl && fl->kind != VG_NODE_NULL) {
		return fail(r, fl, -EBADMSG, "'%s' must be a number or flag names", "flags");
	}
	if (ts.ptr) {
		bool ok = false;
		for (size_t i = 0; i < sizeof(fd_type_names) / sizeof(fd_type_names[0]); i++)
			if (strcmp(ts.ptr, fd_type_names[i].name) == 0) {
				fd->type = fd_type_names[i].t;
				ok = true;
			}
		if (!ok)
			return fail(r, vg_node_get(o, "type"), -EBADMSG, "unknown fd type '%s'", ts.ptr);
	} else if (fd->sip.family || fd->cip.family) {
		fd->type = (fd->sip.family ? fd->sip.family : fd->cip.family) == 6 ? VG_FD_IPV6_SOCK
										   : VG_FD_IPV4_SOCK;
	} else if (fd->name.ptr || dir.ptr || file.ptr) {
		fd->type = VG_FD_FILE;
	}
	if (l4.ptr) {
		if (strcmp(l4.ptr, "tcp") == 0)
			fd->l4proto = VG_L4_TCP;
		else if (strcmp(l4.ptr, "udp") == 0)
			fd->l4proto = VG_L4_UDP;
		else if (strcmp(l4.ptr, "icmp") == 0)
			fd->l4proto = VG_L4_ICMP;
		else if (strcmp(l4.ptr, "raw") == 0)
			fd->l4proto = VG_L4_RAW;
		else
			return fail(r, vg_node_get(o, "l4proto"), -EBADMSG, "unknown l4proto '%s'",
				    l4.ptr);
	} else if (fd->type == VG_FD_IPV4_SOCK || fd->type == VG_FD_IPV6_SOCK) {
		fd->l4proto = VG_L4_TCP;
	}
	if (!fd->name.ptr && (dir.ptr || file.ptr)) {
		const char *d = dir.ptr ? dir.ptr : "";
		bool slash = dir.len && d[dir.len - 1] == '/';
		fd->name = vg_str_c(vg_arena_printf(&r->arena, "%s%s%s", d, slash || !file.ptr ? "" : "/",
						    file.ptr ? file.ptr : ""));
		if (!fd->name.ptr)
			return -ENOMEM;
	}
	if (!fd->name.ptr && (fd->type == VG_FD_IPV4_SOCK || fd->type == VG_FD_IPV6_SOCK) &&
	    (fd->sip.family || fd->cip.family)) {
		char c[64], s2[64];
		vg_ipaddr_format(&fd->cip, c, sizeof(c));
		vg_ipaddr_format(&fd->sip, s2, sizeof(s2));
		fd->name = vg_str_c(vg_arena_printf(&r->arena, "%s:%u->%s:%u", c, fd->cport, s2,
						    fd->sport));
		if (!fd->name.ptr)
			return -ENOMEM;
	}
	return 0;
}

/* ---- container / k8s ------------------------------------------------------------------------ */

static int decode_kvs(struct vg_replay *r, const struct vg_node *n, const char *what,
		      const struct vg_kv **ret, uint32_t *ret_n)
{
	if (!n || n->kind == VG_NODE_NULL)
		return 0;
	if (n->kind != VG_NODE_MAP)
		return fail(r, n, -EBADMSG, "'%s' must be an object", what);
	if (n->count > r->lim.max_list)
		return fail(r, n, -EFBIG, "too many '%s' (limit max_list)", what);
	struct vg_kv *kv = vg_arena_calloc(&r->arena, n->count ? n->count : 1, sizeof(*kv));
	if (!kv)
		return -ENOMEM;
	for (uint32_t i = 0; i < n->count; i++) {
		const struct vg_node *v = n->pairs[i].value;
		if (v->kind != VG_NODE_STR)
			return fail(r, v, -EBADMSG, "'%s' values must be strings", what);
		kv[i].key = (struct vg_str){ n->pairs[i].key->text, n->pairs[i].key->len };
		kv[i].value = (struct vg_str){ v->text, v->len };
	}
	*ret = kv;
	*ret_n = n->count;
	return 0;
}

static int get_tri(struct vg_replay *r, const struct vg_node *o, const char *key, enum vg_tri *ret)
{
	bool b = false;
	int e = get_bool(r, o, key, &b);
	if (e == 1)
		*ret = b ? VG_TRI_TRUE : VG_TRI_FALSE;
	return e;
}

static int decode_container(struct vg_replay *r, const struct vg_node *o, struct vg_container *c)
{
	static const char *const keys[] = {
		"id", "full_id", "name", "type", "image", "image_id", "image_repository", "image_tag",
		"image_digest", "ip", "cni_json", "privileged", "host_pid", "host_network", "host_ipc",
		"start_ts", "labels", "mounts", NULL,
	};
	int e = check_keys(r, o, keys);
	if (e < 0)
		return e;
	memset(c, 0, sizeof(*c));
	if ((e = get_str(r, o, "id", &c->id)) < 0 || (e = get_str(r, o, "full_id", &c->full_id)) < 0 ||
	    (e = get_str(r, o, "name", &c->name)) < 0 || (e = get_str(r, o, "type", &c->type)) < 0 ||
	    (e = get_str(r, o, "image", &c->image)) < 0 ||
	    (e = get_str(r, o, "image_id", &c->image_id)) < 0 ||
	    (e = get_str(r, o, "image_repository", &c->image_repository)) < 0 ||
	    (e = get_str(r, o, "image_tag", &c->image_tag)) < 0 ||
	    (e = get_str(r, o, "image_digest", &c->image_digest)) < 0 ||
	    (e = get_str(r, o, "ip", &c->ip)) < 0 || (e = get_str(r, o, "cni_json", &c->cni_json)) < 0)
		return e;
	if ((e = get_tri(r, o, "privileged", &c->privileged)) < 0 ||
	    (e = get_tri(r, o, "host_pid", &c->host_pid)) < 0 ||
	    (e = get_tri(r, o, "host_network", &c->host_network)) < 0 ||
	    (e = get_tri(r, o, "host_ipc", &c->host_ipc)) < 0 ||
	    (e = get_u64(r, o, "start_ts", &c->start_ts)) < 0)
		return e;
	if (!c->id.ptr && c->full_id.ptr)
		c->id = arena_str(&r->arena, (struct vg_str){ c->full_id.ptr,
							     c->full_id.len > 12 ? 12 : c->full_id.len });
	if (!c->id.ptr)
		return fail(r, o, -EBADMSG, "'container' needs an 'id'%s", "");
	/* "repo:tag" / "repo@digest" when repository and tag are not given */
	if (c->image.ptr && !c->image_repository.ptr) {
		const char *img = c->image.ptr;
		size_t len = c->image.len, end = len;
		const char *at = memchr(img, '@', len);
		if (at) {
			end = (size_t)(at - img);
			if (!c->image_digest.ptr)
				c->image_digest = (struct vg_str){ at + 1, len - end - 1 };
		}
		size_t colon = end;
		for (size_t i = end; i > 0; i--) {
			if (img[i - 1] == '/')
				break;
			if (img[i - 1] == ':') {
				colon = i - 1;
				break;
			}
		}
		c->image_repository = arena_str(&r->arena, (struct vg_str){ img, colon });
		if (colon < end && !c->image_tag.ptr)
			c->image_tag = arena_str(&r->arena,
						 (struct vg_str){ img + colon + 1, end - colon - 1 });
	}
	if ((e = decode_kvs(r, vg_node_get(o, "labels"), "labels", &c->labels, &c->nlabels)) < 0)
		return e;
	const struct vg_node *m = vg_node_get(o, "mounts");
	if (m && m->kind != VG_NODE_NULL) {
		if (m->kind != VG_NODE_SEQ)
			return fail(r, m, -EBADMSG, "'%s' must be a list", "mounts");
		if (m->count > r->lim.max_list)
			return fail(r, m, -EFBIG, "too many '%s' (limit max_list)", "mounts");
		struct vg_mount *ms = vg_arena_calloc(&r->arena, m->count ? m->count : 1, sizeof(*ms));
		if (!ms)
			return -ENOMEM;
		static const char *const mkeys[] = { "source", "dest", "mode", "rdwr", "propagation",
						     NULL };
		for (uint32_t i = 0; i < m->count; i++) {
			const struct vg_node *mi = m->items[i];
			if ((e = check_map(r, mi, "mounts")) < 0 || (e = check_keys(r, mi, mkeys)) < 0 ||
			    (e = get_str(r, mi, "source", &ms[i].source)) < 0 ||
			    (e = get_str(r, mi, "dest", &ms[i].dest)) < 0 ||
			    (e = get_str(r, mi, "mode", &ms[i].mode)) < 0 ||
			    (e = get_bool(r, mi, "rdwr", &ms[i].rdwr)) < 0 ||
			    (e = get_str(r, mi, "propagation", &ms[i].propagation)) < 0)
				return e;
		}
		c->mounts = ms;
		c->nmounts = m->count;
	}
	return 0;
}

static int decode_pod(struct vg_replay *r, const struct vg_node *o, struct vg_k8s_pod *p)
{
	static const char *const keys[] = { "pod_name", "ns", "namespace", "pod_uid", "sandbox_id",
					    "full_sandbox_id", "pod_ip", "cni_json", "labels", NULL };
	int e = check_keys(r, o, keys);
	if (e < 0)
		return e;
	memset(p, 0, sizeof(*p));
	if ((e = get_str(r, o, "pod_name", &p->name)) < 0 || (e = get_str(r, o, "ns", &p->ns)) < 0 ||
	    (e = get_str(r, o, "pod_uid", &p->uid)) < 0 ||
	    (e = get_str(r, o, "sandbox_id", &p->sandbox_id)) < 0 ||
	    (e = get_str(r, o, "full_sandbox_id", &p->full_sandbox_id)) < 0 ||
	    (e = get_str(r, o, "pod_ip", &p->ip)) < 0 || (e = get_str(r, o, "cni_json", &p->cni_json)) < 0)
		return e;
	if (!p->ns.ptr && (e = get_str(r, o, "namespace", &p->ns)) < 0)
		return e;
	return decode_kvs(r, vg_node_get(o, "labels"), "labels", &p->labels, &p->nlabels);
}

/* ---- the line ------------------------------------------------------------------------------ */

static int decode_event(struct vg_replay *r, const struct vg_node *root)
{
	static const char *const keys[] = {
		"type", "dir", "ts", "num", "cpu", "res", "args", "proc", "fd", "container", "k8s",
		"hostname", NULL,
	};
	struct vg_sys_event *ev = &r->ev;
	int e;
	if (root->kind != VG_NODE_MAP)
		return fail(r, root, -EBADMSG, "an event must be a JSON object%s", "");
	if ((e = check_keys(r, root, keys)) < 0)
		return e;
	memset(ev, 0, sizeof(*ev));
	ev->source = VG_SOURCE_SYSCALL;
	struct vg_str s = VG_STR_NONE;
	const struct vg_node *tn = vg_node_get(root, "type");
	if (!tn)
		return fail(r, root, -EBADMSG, "missing '%s'", "type");
	if ((e = get_str(r, root, "type", &s)) < 0)
		return e;
	ev->type = vg_evt_type_from_name(s.ptr, s.len);
	if (ev->type == VG_EVT_UNKNOWN) {
		if (strcmp(s.ptr, "syscall") != 0)
			return fail(r, tn, -EBADMSG, "unknown event type '%s'", s.ptr);
		ev->type = VG_EVT_GENERIC;
	}
	if ((e = get_str(r, root, "dir", &s)) < 0)
		return e;
	if (e) {
		if (strcmp(s.ptr, ">") == 0)
			ev->dir = VG_DIR_ENTER;
		else if (strcmp(s.ptr, "<") != 0)
			return fail(r, vg_node_get(root, "dir"), -EBADMSG,
				    "'dir' must be \"<\" or \">\", not '%s'", s.ptr);
	}
	const struct vg_node *tsn = vg_node_get(root, "ts");
	if (tsn && tsn->kind != VG_NODE_NULL) {
		bool ok;
		ev->ts = parse_time(tsn, &ok);
		if (!ok)
			return fail(r, tsn, -EBADMSG,
				    "'ts' must be ns since the epoch or an RFC 3339 UTC time%s", "");
	}
	r->seq++;
	ev->num = r->seq;
	uint64_t u = 0;
	if ((e = get_u64(r, root, "num", &u)) < 0)
		return e;
	if (e)
		ev->num = u;
	if ((e = get_u64(r, root, "cpu", &u)) < 0)
		return e;
	if (e)
		ev->cpu = (uint32_t)u;
	int64_t res = 0;
	if ((e = get_int(r, root, "res", &res)) < 0)
		return e;
	if (e) {
		ev->res = res;
		ev->flags |= VG_SYS_HAS_RES;
	}
	if ((e = get_str(r, root, "hostname", &ev->hostname)) < 0)
		return e;

	/* args: { name: value } in the order written (libs' order) */
	const struct vg_node *an = vg_node_get(root, "args");
	if (an && an->kind != VG_NODE_NULL) {
		if ((e = check_map(r, an, "args")) < 0)
			return e;
		if (an->count > r->lim.max_args)
			return fail(r, an, -EFBIG, "too many arguments (limit %s)", "max_args");
		struct vg_evt_arg *args = vg_arena_calloc(&r->arena, an->count ? an->count : 1,
							  sizeof(*args));
		if (!args)
			return -ENOMEM;
		for (uint32_t i = 0; i < an->count; i++) {
			const struct vg_node *k = an->pairs[i].key;
			if (!vg_evt_arg_name_known(k->text, k->len))
				return fail(r, k, -EBADMSG, "unknown event argument '%s'", k->text);
			if ((e = decode_arg(r, k->text, an->pairs[i].value, &args[i])) < 0)
				return e;
		}
		ev->args = args;
		ev->nargs = an->count;
	}

	/* fd */
	const struct vg_node *fn = vg_node_get(root, "fd");
	if (fn && fn->kind != VG_NODE_NULL) {
		if ((e = check_map(r, fn, "fd")) < 0)
			return e;
		struct vg_fd *fd = vg_arena_zalloc(&r->arena, sizeof(*fd));
		if (!fd)
			return -ENOMEM;
		if ((e = decode_fd(r, fn, fd)) < 0)
			return e;
		if (!vg_node_get(fn, "flags"))
			for (uint32_t i = 0; i < ev->nargs; i++)
				if (ev->args[i].flagset == VG_FLAGSET_OPEN &&
				    strcmp(ev->args[i].name, "flags") == 0)
					fd->open_flags = (uint32_t)ev->args[i].num.u;
		ev->fd = fd;
	}

	/* proc and its ancestors */
	const struct vg_node *pn = vg_node_get(root, "proc");
	if (pn && pn->kind != VG_NODE_NULL) {
		if ((e = check_map(r, pn, "proc")) < 0)
			return e;
		const struct vg_node *anc = vg_node_get(pn, "ancestors");
		if (anc && anc->kind != VG_NODE_NULL && anc->kind != VG_NODE_SEQ)
			return fail(r, anc, -EBADMSG, "'%s' must be a list", "ancestors");
		if (anc && anc->count > r->lim.max_ancestors)
			return fail(r, anc, -EFBIG, "too many ancestors (limit %s)", "max_ancestors");
		/* ancestors first (outermost last in the list, so walk backwards), then self */
		struct rproc *chain[VG_DEFAULT_REPLAY_MAX_ANCESTORS + 1];
		uint32_t na = anc && anc->kind == VG_NODE_SEQ ? anc->count : 0;
		if (na > VG_DEFAULT_REPLAY_MAX_ANCESTORS)
			na = VG_DEFAULT_REPLAY_MAX_ANCESTORS;
		/* a pid may appear once in one chain (an update would free an entry in use) */
		for (uint32_t i = 0; i <= na; i++) {
			const struct vg_node *x = i == 0 ? pn : anc->items[i - 1];
			if ((e = check_map(r, x, "ancestors")) < 0)
				return e;
			const struct vg_node *xp = vg_node_get(x, "tid");
			if (!xp || xp->kind != VG_NODE_INT)
				xp = vg_node_get(x, "pid");
			for (uint32_t j = 0; xp && xp->kind == VG_NODE_INT && j < i; j++) {
				const struct vg_node *y = j == 0 ? pn : anc->items[j - 1];
				const struct vg_node *yp = vg_node_get(y, "tid");
				if (!yp || yp->kind != VG_NODE_INT)
					yp = vg_node_get(y, "pid");
				if (yp && yp->kind == VG_NODE_INT && yp->v.i == xp->v.i)
					return fail(r, xp, -EBADMSG,
						    "pid %lld appears twice in the process chain",
						    (long long)xp->v.i);
			}
		}
		for (uint32_t i = na; i > 0; i--) {
			const struct vg_node *ai = anc->items[i - 1];
			if ((e = check_map(r, ai, "ancestors")) < 0)
				return e;
			if (vg_node_get(ai, "ancestors"))
				return fail(r, vg_node_get_key(ai, "ancestors"), -EBADMSG,
					    "nested '%s'", "ancestors");
			if ((e = upsert_proc(r, ai, &chain[i])) < 0)
				return e;
		}
		struct rproc *self;
		if ((e = upsert_proc(r, pn, &self)) < 0)
			return e;
		chain[0] = self;
		/* the ancestors list links the chain; pids are filled in where missing */
		for (uint32_t i = 0; i < na; i++) {
			struct rproc *c = chain[i], *par = chain[i + 1];
			if (!vg_node_get(i == 0 ? pn : anc->items[i - 1], "ppid") || c->p.ppid < 0)
				c->p.ppid = par->p.pid;
			c->p.parent = &par->p;
		}
		/* above the explicit list: follow ppid through the table */
		r->walk++;
		for (uint32_t i = 0; i <= na; i++)
			chain[i]->stamp = r->walk;
		struct rproc *cur = chain[na];
		cur->p.parent = NULL;
		for (unsigned steps = 0; steps < VG_PROC_MAX_ANCESTORS && cur->p.ppid >= 0; steps++) {
			struct rproc *par = lookup(r, cur->p.ppid);
			if (!par || par->stamp == r->walk)
				break; /* unknown, or a cycle */
			par->stamp = r->walk;
			cur->p.parent = &par->p;
			cur = par;
			cur->p.parent = NULL;
		}
		ev->proc = &self->p;
		struct vg_user *user = vg_arena_zalloc(&r->arena, sizeof(*user));
		struct vg_user *login = vg_arena_zalloc(&r->arena, sizeof(*login));
		struct vg_group *group = vg_arena_zalloc(&r->arena, sizeof(*group));
		if (!user || !login || !group)
			return -ENOMEM;
		if ((self->p.flags & VG_PROC_HAS_IDS) || self->user.ptr) {
			user->uid = self->p.uid;
			user->name = self->user.ptr ? self->user
				     : self->p.uid == 0 ? VG_STR("root") : VG_STR_NONE;
			user->homedir = self->homedir;
			user->shell = self->shell;
			ev->user = user;
			group->gid = self->p.gid;
			group->name = self->group.ptr ? self->group
				      : self->p.gid == 0 ? VG_STR("root") : VG_STR_NONE;
			ev->group = group;
		}
		if ((self->p.flags & VG_PROC_HAS_LOGINUID) || self->loginuser.ptr) {
			login->uid = self->p.loginuid;
			login->name = self->loginuser.ptr ? self->loginuser
				      : self->p.loginuid == 0 ? VG_STR("root") : VG_STR_NONE;
			ev->loginuser = login;
		}
	}

	const struct vg_node *cn = vg_node_get(root, "container");
	if (cn && cn->kind != VG_NODE_NULL) {
		if ((e = check_map(r, cn, "container")) < 0)
			return e;
		struct vg_container *c = vg_arena_zalloc(&r->arena, sizeof(*c));
		if (!c)
			return -ENOMEM;
		if ((e = decode_container(r, cn, c)) < 0)
			return e;
		ev->container = c;
	}
	const struct vg_node *kn = vg_node_get(root, "k8s");
	if (kn && kn->kind != VG_NODE_NULL) {
		if ((e = check_map(r, kn, "k8s")) < 0)
			return e;
		struct vg_k8s_pod *p = vg_arena_zalloc(&r->arena, sizeof(*p));
		if (!p)
			return -ENOMEM;
		if ((e = decode_pod(r, kn, p)) < 0)
			return e;
		ev->pod = p;
	}
	return 0;
}

int vg_replay_decode(struct vg_replay *r, const char *line, size_t len, uint32_t lineno,
		     const struct vg_sys_event **ret_event, struct vg_diag *ret_diag)
{
	struct vg_diag scratch;
	if (!r || (!line && len) || !ret_event)
		return -EINVAL;
	r->diag = ret_diag ? ret_diag : &scratch;
	r->lineno = lineno;
	vg_docset_free(r->set);
	r->set = NULL;
	/* nothing outlives its line in the line arena; release it now and then, not per line */
	if (r->arena.total > 256 * 1024) {
		vg_arena_release(&r->arena);
		vg_arena_init(&r->arena, 64 * 1024);
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
		i++;
	if (i == len || line[i] == '#')
		return 0;
	if (len > r->lim.max_line) {
		vg_diag_set(r->diag, VG_DIAG_LIMIT, r->name, lineno, 0,
			    "line too long: %zu bytes (limit max_line %zu)", len, r->lim.max_line);
		return -EFBIG;
	}
	struct vg_diag d;
	vg_diag_clear(&d);
	int e = vg_docset_parse(r->name, line, len, VG_SYNTAX_JSON, &r->doc_limits, &r->set, &d);
	if (e < 0) {
		vg_diag_set(r->diag, d.code, r->name, lineno, d.column, "%s", d.message);
		return e == -EFBIG ? -EFBIG : e == -ENOMEM ? -ENOMEM : -EBADMSG;
	}
	const struct vg_doc *doc = vg_docset_get(r->set, 0);
	if (!doc || vg_docset_count(r->set) != 1)
		return fail(r, NULL, -EBADMSG, "expected one JSON object per line%s", "");
	e = decode_event(r, doc->root);
	if (e < 0)
		return e;
	*ret_event = &r->ev;
	return 1;
}
