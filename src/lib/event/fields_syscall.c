/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields_syscall.c - the "syscall" source: evt.* proc.* thread.* user.* group.* fd.* and the
 * container plugin's container.* k8s.* fields, extracted from struct vg_sys_event.
 *
 * Each row of SYS_FIELDS is (ID, name, type, flags, getter, argcheck, description). Getters
 * only read the event; rendered text goes to the caller's scratch buffer.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "event/event_internal.h"
#include "util/banned.h"

#define SYS(e) ((const struct vg_sys_event *)(e))

/* ---- small helpers ------------------------------------------------------------------------ */

static int ret_str(struct vg_value *v, struct vg_str s)
{
	if (!s.ptr)
		return 0;
	v->v.str.ptr = s.ptr;
	v->v.str.len = s.len;
	return 1;
}

static int ret_cstr(struct vg_value *v, const char *s)
{
	v->v.str.ptr = s;
	v->v.str.len = strlen(s);
	return 1;
}

static int ret_u64(struct vg_value *v, uint64_t u)
{
	v->v.u64 = u;
	return 1;
}

static int ret_i64(struct vg_value *v, int64_t i)
{
	v->v.i64 = i;
	return 1;
}

static int ret_bool(struct vg_value *v, bool b)
{
	v->v.b = b;
	return 1;
}

/* Render into scratch with snprintf semantics; 0 (missing) when it does not fit. */
static int ret_printf(struct vg_value *v, struct vg_scratch *sc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int ret_printf(struct vg_value *v, struct vg_scratch *sc, const char *fmt, ...)
{
	if (!sc || !sc->buf || sc->used >= sc->cap)
		return -ENOSPC;
	char *p = sc->buf + sc->used;
	size_t room = sc->cap - sc->used;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return -ENOSPC;
	sc->used += (size_t)n + 1;
	v->v.str.ptr = p;
	v->v.str.len = (size_t)n;
	return 1;
}

/* Render with a snprintf-like renderer into scratch. */
static int ret_rendered(struct vg_value *v, struct vg_scratch *sc, size_t need_hint,
			size_t (*render)(void *ctx, char *buf, size_t cap), void *ctx)
{
	(void)need_hint;
	if (!sc || !sc->buf || sc->used >= sc->cap)
		return -ENOSPC;
	char *p = sc->buf + sc->used;
	size_t room = sc->cap - sc->used;
	size_t n = render(ctx, p, room);
	if (n >= room)
		return -ENOSPC;
	sc->used += n + 1;
	v->v.str.ptr = p;
	v->v.str.len = n;
	return 1;
}

static const struct vg_proc *ancestor(const struct vg_proc *p, int64_t n)
{
	if (n < 0 || n > (int64_t)VG_PROC_MAX_ANCESTORS)
		return NULL;
	while (p && n-- > 0)
		p = p->parent;
	return p;
}

/* ---- flag tables (libs' driver/flags_table.c order) --------------------------------------- */

struct name_value {
	const char *name;
	uint64_t value;
};

static const struct name_value s_open_flags[] = {
	{ "O_LARGEFILE", VG_O_LARGEFILE }, { "O_DIRECTORY", VG_O_DIRECTORY },
	{ "O_DIRECT", VG_O_DIRECT },       { "O_TRUNC", VG_O_TRUNC },
	{ "O_SYNC", VG_O_SYNC },           { "O_NONBLOCK", VG_O_NONBLOCK },
	{ "O_EXCL", VG_O_EXCL },           { "O_DSYNC", VG_O_DSYNC },
	{ "O_APPEND", VG_O_APPEND },       { "O_CREAT", VG_O_CREAT },
	{ "O_RDWR", VG_O_RDWR },           { "O_WRONLY", VG_O_WRONLY },
	{ "O_RDONLY", VG_O_RDONLY },       { "O_CLOEXEC", VG_O_CLOEXEC },
	{ "O_NONE", VG_O_NONE },           { NULL, 0 },
};

static const struct name_value s_ptrace_requests[] = {
	{ "PTRACE_SINGLEBLOCK", 38 },    { "PTRACE_SYSEMU_SINGLESTEP", 37 },
	{ "PTRACE_SYSEMU", 36 },         { "PTRACE_ARCH_PRCTL", 35 },
	{ "PTRACE_SET_THREAD_AREA", 34 }, { "PTRACE_GET_THREAD_AREA", 33 },
	{ "PTRACE_OLDSETOPTIONS", 32 },  { "PTRACE_SETFPXREGS", 31 },
	{ "PTRACE_GETFPXREGS", 30 },     { "PTRACE_SETFPREGS", 29 },
	{ "PTRACE_GETFPREGS", 28 },      { "PTRACE_SETREGS", 27 },
	{ "PTRACE_GETREGS", 26 },        { "PTRACE_SETSIGMASK", 25 },
	{ "PTRACE_GETSIGMASK", 24 },     { "PTRACE_PEEKSIGINFO", 23 },
	{ "PTRACE_LISTEN", 22 },         { "PTRACE_INTERRUPT", 21 },
	{ "PTRACE_SEIZE", 20 },          { "PTRACE_SETREGSET", 19 },
	{ "PTRACE_GETREGSET", 18 },      { "PTRACE_SETSIGINFO", 17 },
	{ "PTRACE_GETSIGINFO", 16 },     { "PTRACE_GETEVENTMSG", 15 },
	{ "PTRACE_SETOPTIONS", 14 },     { "PTRACE_SYSCALL", 13 },
	{ "PTRACE_DETACH", 12 },         { "PTRACE_ATTACH", 11 },
	{ "PTRACE_SINGLESTEP", 10 },     { "PTRACE_KILL", 9 },
	{ "PTRACE_CONT", 8 },            { "PTRACE_POKEUSR", 7 },
	{ "PTRACE_POKEDATA", 6 },        { "PTRACE_POKETEXT", 5 },
	{ "PTRACE_PEEKUSR", 4 },         { "PTRACE_PEEKDATA", 3 },
	{ "PTRACE_PEEKTEXT", 2 },        { "PTRACE_TRACEME", 1 },
	{ "PTRACE_UNKNOWN", 0 },         { NULL, 0 },
};

static const struct name_value s_socket_families[] = {
	{ "AF_NFC", 39 },      { "AF_ALG", 38 },       { "AF_CAIF", 37 },   { "AF_IEEE802154", 36 },
	{ "AF_PHONET", 35 },   { "AF_ISDN", 34 },      { "AF_RXRPC", 33 },  { "AF_IUCV", 32 },
	{ "AF_BLUETOOTH", 31 }, { "AF_TIPC", 30 },     { "AF_CAN", 29 },    { "AF_LLC", 26 },
	{ "AF_WANPIPE", 25 },  { "AF_PPPOX", 24 },     { "AF_IRDA", 23 },   { "AF_SNA", 22 },
	{ "AF_RDS", 21 },      { "AF_ATMSVC", 20 },    { "AF_ECONET", 19 }, { "AF_ASH", 18 },
	{ "AF_PACKET", 17 },   { "AF_ROUTE", 16 },     { "AF_NETLINK", 16 }, { "AF_KEY", 15 },
	{ "AF_SECURITY", 14 }, { "AF_NETBEUI", 13 },   { "AF_DECnet", 12 }, { "AF_ROSE", 11 },
	{ "AF_INET6", 10 },    { "AF_X25", 9 },        { "AF_ATMPVC", 8 },  { "AF_BRIDGE", 7 },
	{ "AF_NETROM", 6 },    { "AF_APPLETALK", 5 },  { "AF_IPX", 4 },     { "AF_AX25", 3 },
	{ "AF_INET", 2 },      { "AF_LOCAL", 1 },      { "AF_UNIX", 1 },    { "AF_UNSPEC", 0 },
	{ NULL, 0 },
};

static const struct name_value s_clone_flags[] = {
	{ "CLONE_FILES", 1u << 0 },          { "CLONE_FS", 1u << 1 },
	{ "CLONE_IO", 1u << 2 },             { "CLONE_NEWIPC", 1u << 3 },
	{ "CLONE_NEWNET", 1u << 4 },         { "CLONE_NEWNS", 1u << 5 },
	{ "CLONE_NEWPID", 1u << 6 },         { "CLONE_NEWUTS", 1u << 7 },
	{ "CLONE_PARENT", 1u << 8 },         { "CLONE_PARENT_SETTID", 1u << 9 },
	{ "CLONE_PTRACE", 1u << 10 },        { "CLONE_SIGHAND", 1u << 11 },
	{ "CLONE_SYSVSEM", 1u << 12 },       { "CLONE_THREAD", 1u << 13 },
	{ "CLONE_UNTRACED", 1u << 14 },      { "CLONE_VM", 1u << 15 },
	{ "CLONE_INVERTED", 1u << 16 },      { "NAME_CHANGED", 1u << 17 },
	{ "CLOSED", 1u << 18 },              { "CLONE_NEWUSER", 1u << 19 },
	{ "CLONE_CHILD_CLEARTID", 1u << 20 }, { "CLONE_CHILD_SETTID", 1u << 21 },
	{ "CLONE_SETTLS", 1u << 22 },        { "CLONE_STOPPED", 1u << 23 },
	{ "CLONE_VFORK", 1u << 24 },         { "CLONE_NEWCGROUP", 1u << 25 },
	{ NULL, 0 },
};

static const struct name_value s_prot_flags[] = {
	{ "PROT_READ", 1u << 0 },      { "PROT_WRITE", 1u << 1 },   { "PROT_EXEC", 1u << 2 },
	{ "PROT_SEM", 1u << 3 },       { "PROT_GROWSDOWN", 1u << 4 }, { "PROT_GROWSUP", 1u << 5 },
	{ "PROT_SAO", 1u << 6 },       { "PROT_NONE", 0 },          { NULL, 0 },
};

static const struct name_value s_access_flags[] = {
	{ "F_OK", 0 }, { "R_OK", 1u << 2 }, { "W_OK", 1u << 1 }, { "X_OK", 1u << 0 }, { NULL, 0 },
};

static const struct name_value *flagset_table(enum vg_flagset fs)
{
	switch (fs) {
	case VG_FLAGSET_OPEN: return s_open_flags;
	case VG_FLAGSET_PTRACE: return s_ptrace_requests;
	case VG_FLAGSET_SOCKET_FAMILY: return s_socket_families;
	case VG_FLAGSET_CLONE: return s_clone_flags;
	case VG_FLAGSET_PROT: return s_prot_flags;
	case VG_FLAGSET_ACCESS: return s_access_flags;
	default: return NULL;
	}
}

static size_t sput(char *buf, size_t cap, size_t at, const char *s)
{
	size_t l = strlen(s);
	if (at < cap) {
		size_t n = l < cap - at - 1 ? l : cap - at - 1;
		memcpy(buf + at, s, n);
		buf[at + n] = '\0';
	}
	return at + l;
}

size_t vg_flags_render(enum vg_flagset fs, bool is_enum, uint64_t val, char *buf, size_t cap)
{
	const struct name_value *t = flagset_table(fs);
	char num[32];
	if (cap)
		buf[0] = '\0';
	if (!t) {
		snprintf(num, sizeof(num), "%" PRIu64, val);
		return sput(buf, cap, 0, num);
	}
	if (is_enum) {
		for (; t->name; t++)
			if (t->value == val)
				return sput(buf, cap, 0, t->name);
		snprintf(num, sizeof(num), "%" PRIu64, val);
		return sput(buf, cap, 0, num);
	}
	size_t at = 0;
	uint64_t left = val;
	const char *zero = NULL;
	for (; t->name; t++) {
		if (t->value == 0) {
			if (!zero)
				zero = t->name;
			continue;
		}
		if ((left & t->value) == t->value) {
			if (at)
				at = sput(buf, cap, at, "|");
			at = sput(buf, cap, at, t->name);
			left &= ~t->value;
		}
	}
	if (at == 0 && val == 0 && zero)
		at = sput(buf, cap, 0, zero);
	return at;
}

static const char *const s_cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

size_t vg_caps_render(uint64_t caps, char *buf, size_t cap)
{
	size_t at = 0;
	if (cap)
		buf[0] = '\0';
	for (unsigned i = 0; i < sizeof(s_cap_names) / sizeof(s_cap_names[0]); i++) {
		if (!(caps >> i & 1))
			continue;
		if (at)
			at = sput(buf, cap, at, " ");
		at = sput(buf, cap, at, s_cap_names[i]);
	}
	return at;
}

/* ---- evt.* -------------------------------------------------------------------------------- */

static int g_evt_num(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		     struct vg_scratch *sc)
{
	return ret_u64(v, SYS(e)->num);
}

static int fmt_time(const struct vg_sys_event *ev, struct vg_value *v, struct vg_scratch *sc,
		    int style)
{
	time_t secs = (time_t)(ev->ts / 1000000000ull);
	unsigned long ns = (unsigned long)(ev->ts % 1000000000ull);
	struct tm tm;
	if (!gmtime_r(&secs, &tm))
		return 0;
	switch (style) {
	case 0: /* evt.time */
		return ret_printf(v, sc, "%02d:%02d:%02d.%09lu", tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	case 1: /* evt.time.s */
		return ret_printf(v, sc, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	case 2: /* evt.time.iso8601 */
		return ret_printf(v, sc, "%04d-%02d-%02dT%02d:%02d:%02d.%09luZ", tm.tm_year + 1900,
				  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	case 3: /* evt.datetime */
		return ret_printf(v, sc, "%04d-%02d-%02d %02d:%02d:%02d.%09lu", tm.tm_year + 1900,
				  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	default: /* evt.datetime.s */
		return ret_printf(v, sc, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
				  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	}
}

static int g_evt_time(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return fmt_time(SYS(e), v, sc, 0);
}
static int g_evt_time_s(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return fmt_time(SYS(e), v, sc, 1);
}
static int g_evt_time_iso(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return fmt_time(SYS(e), v, sc, 2);
}
static int g_evt_datetime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return fmt_time(SYS(e), v, sc, 3);
}
static int g_evt_datetime_s(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	return fmt_time(SYS(e), v, sc, 4);
}
static int g_evt_rawtime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	return ret_u64(v, SYS(e)->ts);
}
static int g_evt_rawtime_s(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			   size_t c, struct vg_scratch *sc)
{
	return ret_u64(v, SYS(e)->ts / 1000000000ull);
}
static int g_evt_rawtime_ns(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	return ret_u64(v, SYS(e)->ts % 1000000000ull);
}
static int g_evt_type(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return ret_cstr(v, vg_evt_type_name(SYS(e)->type));
}
static int g_evt_type_is(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	return ret_u64(v, (int32_t)SYS(e)->type == r->aux ? 1 : 0);
}
static int g_evt_dir(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		     size_t c, struct vg_scratch *sc)
{
	return ret_cstr(v, SYS(e)->dir == VG_DIR_ENTER ? ">" : "<");
}
static int g_evt_cpu(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		     size_t c, struct vg_scratch *sc)
{
	return ret_i64(v, SYS(e)->cpu);
}
static int g_evt_source(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return ret_cstr(v, "syscall");
}
static int g_evt_hostname(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return ret_str(v, SYS(e)->hostname);
}
static int g_false(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		   struct vg_scratch *sc)
{
	return ret_bool(v, false);
}
static int g_missing(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		     struct vg_scratch *sc)
{
	return 0;
}

static const struct vg_evt_arg *find_arg(const struct vg_sys_event *ev, const struct vg_str *name)
{
	const char c0 = name->ptr[0];
	for (uint32_t i = 0; i < ev->nargs; i++) {
		const char *n = ev->args[i].name;
		if (n && n[0] == c0 && strncmp(n, name->ptr, name->len) == 0 &&
		    n[name->len] == '\0')
			return &ev->args[i];
	}
	return NULL;
}

static const struct vg_evt_arg *ref_arg(const struct vg_sys_event *ev,
					const struct vg_field_ref *r)
{
	const struct vg_evt_arg *a = NULL;
	if (r->key.ptr)
		a = find_arg(ev, &r->key);
	else if (r->index >= 0 && r->index < (int64_t)ev->nargs)
		a = &ev->args[r->index];
	if (!a || a->type == VG_ARG_NONE)
		return NULL;
	return a;
}

struct render_arg_ctx {
	const struct vg_evt_arg *a;
	bool in_args; /* evt.args style: flags as "NUM(NAMES)" */
};

static size_t render_arg(void *vctx, char *buf, size_t cap)
{
	const struct render_arg_ctx *ctx = vctx;
	const struct vg_evt_arg *a = ctx->a;
	char tmp[96];
	if (cap)
		buf[0] = '\0';
	if (a->text.ptr)
		return sput(buf, cap, 0, a->text.ptr);
	switch (a->type) {
	case VG_ARG_INT:
	case VG_ARG_FD:
	case VG_ARG_PID:
		snprintf(tmp, sizeof(tmp), "%" PRId64, a->num.i);
		return sput(buf, cap, 0, tmp);
	case VG_ARG_ERRNO: {
		const char *n = a->num.i < 0 ? vg_errno_name(-a->num.i) : NULL;
		if (n)
			snprintf(tmp, sizeof(tmp), "%" PRId64 "(%s)", a->num.i, n);
		else
			snprintf(tmp, sizeof(tmp), "%" PRId64, a->num.i);
		return sput(buf, cap, 0, tmp);
	}
	case VG_ARG_UINT:
	case VG_ARG_UID:
	case VG_ARG_GID:
		snprintf(tmp, sizeof(tmp), "%" PRIu64, a->num.u);
		return sput(buf, cap, 0, tmp);
	case VG_ARG_FLAGS:
	case VG_ARG_ENUM: {
		size_t at = 0;
		if (ctx->in_args) {
			snprintf(tmp, sizeof(tmp), "%" PRIu64 "(", a->num.u);
			at = sput(buf, cap, 0, tmp);
		}
		size_t n = vg_flags_render(a->flagset, a->type == VG_ARG_ENUM, a->num.u,
					   at < cap ? buf + at : NULL, at < cap ? cap - at : 0);
		at += n;
		if (ctx->in_args)
			at = sput(buf, cap, at, ")");
		return at;
	}
	case VG_ARG_MODE:
		snprintf(tmp, sizeof(tmp), "0%" PRIo64, a->num.u);
		return sput(buf, cap, 0, tmp);
	case VG_ARG_STR:
		return a->str.ptr ? sput(buf, cap, 0, a->str.ptr) : 0;
	case VG_ARG_BYTES: {
		size_t at = 0;
		for (size_t i = 0; a->str.ptr && i < a->str.len; i++) {
			unsigned char ch = (unsigned char)a->str.ptr[i];
			char s[2] = { (ch >= 0x20 && ch < 0x7f) ? (char)ch : '.', '\0' };
			at = sput(buf, cap, at, s);
		}
		return at;
	}
	case VG_ARG_SOCKADDR: {
		if (a->addr.family == 0)
			return a->str.ptr ? sput(buf, cap, 0, a->str.ptr) : 0;
		char ip[64];
		vg_ipaddr_format(&a->addr, ip, sizeof(ip));
		snprintf(tmp, sizeof(tmp), "%s:%u", ip, (unsigned)a->port);
		return sput(buf, cap, 0, tmp);
	}
	default:
		return 0;
	}
}

static int g_evt_arg(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		     struct vg_scratch *sc)
{
	const struct vg_evt_arg *a = ref_arg(SYS(e), r);
	if (!a)
		return 0;
	if (a->type == VG_ARG_STR && !a->text.ptr)
		return ret_str(v, a->str);
	if (a->text.ptr)
		return ret_str(v, a->text);
	struct render_arg_ctx ctx = { a, false };
	return ret_rendered(v, sc, 0, render_arg, &ctx);
}

static int g_evt_rawarg(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_evt_arg *a = ref_arg(SYS(e), r);
	if (!a)
		return 0;
	v->v.dyn = a;
	return 1;
}

static size_t render_args(void *vctx, char *buf, size_t cap)
{
	const struct vg_sys_event *ev = vctx;
	size_t at = 0;
	if (cap)
		buf[0] = '\0';
	for (uint32_t i = 0; i < ev->nargs; i++) {
		const struct vg_evt_arg *a = &ev->args[i];
		if (!a->name || a->type == VG_ARG_NONE)
			continue;
		if (at)
			at = sput(buf, cap, at, " ");
		at = sput(buf, cap, at, a->name);
		at = sput(buf, cap, at, "=");
		struct render_arg_ctx ctx = { a, true };
		at += render_arg(&ctx, at < cap ? buf + at : NULL, at < cap ? cap - at : 0);
		if (cap && at >= cap)
			buf[cap - 1] = '\0';
	}
	return at;
}

static int g_evt_args(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return ret_rendered(v, sc, 0, render_args, (void *)(uintptr_t)e);
}

static int g_evt_res(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		     size_t c, struct vg_scratch *sc)
{
	const struct vg_sys_event *ev = SYS(e);
	if (!(ev->flags & VG_SYS_HAS_RES))
		return 0;
	if (ev->res >= 0)
		return ret_cstr(v, "SUCCESS");
	const char *n = vg_errno_name(-ev->res);
	if (n)
		return ret_cstr(v, n);
	return ret_printf(v, sc, "%" PRId64, ev->res);
}
static int g_evt_rawres(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_sys_event *ev = SYS(e);
	if (!(ev->flags & VG_SYS_HAS_RES))
		return 0;
	return ret_i64(v, ev->res);
}
static int g_evt_failed(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_sys_event *ev = SYS(e);
	if (!(ev->flags & VG_SYS_HAS_RES))
		return 0;
	return ret_bool(v, ev->res < 0);
}

static bool is_open_type(enum vg_evt_type t)
{
	return t == VG_EVT_OPEN || t == VG_EVT_OPENAT || t == VG_EVT_OPENAT2 ||
	       t == VG_EVT_OPEN_BY_HANDLE_AT || t == VG_EVT_CREAT;
}

/* the open flags of an open-family event: its "flags" parameter, else the fd's */
static bool open_flags(const struct vg_sys_event *ev, uint64_t *ret)
{
	static const struct vg_str flags = { "flags", 5 };
	if (!is_open_type(ev->type))
		return false;
	const struct vg_evt_arg *a = find_arg(ev, &flags);
	if (a && a->type != VG_ARG_NONE) {
		*ret = a->num.u;
		return true;
	}
	if (ev->type == VG_EVT_CREAT) {
		*ret = VG_O_CREAT | VG_O_WRONLY | VG_O_TRUNC;
		return true;
	}
	if (ev->fd) {
		*ret = ev->fd->open_flags;
		return true;
	}
	return false;
}

static uint64_t open_mode(const struct vg_sys_event *ev)
{
	static const struct vg_str mode = { "mode", 4 };
	const struct vg_evt_arg *m = find_arg(ev, &mode);
	return m ? m->num.u : 0;
}

static int g_evt_is_open_read(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			      size_t c, struct vg_scratch *sc)
{
	uint64_t f;
	return ret_bool(v, open_flags(SYS(e), &f) && (f & VG_O_RDONLY));
}
static int g_evt_is_open_write(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			       size_t c, struct vg_scratch *sc)
{
	uint64_t f;
	return ret_bool(v, open_flags(SYS(e), &f) && (f & VG_O_WRONLY));
}
static int g_evt_is_open_exec(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			      size_t c, struct vg_scratch *sc)
{
	uint64_t f;
	return ret_bool(v, open_flags(SYS(e), &f) && (f & (VG_O_CREAT | VG_O_TMPFILE)) &&
				   (open_mode(SYS(e)) & 0111));
}
static int g_evt_is_open_create(const struct vg_field_ref *r, const void *e,
				struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	uint64_t f;
	return ret_bool(v, open_flags(SYS(e), &f) && (f & VG_O_F_CREATED));
}

static bool is_read_type(enum vg_evt_type t)
{
	switch (t) {
	case VG_EVT_READ: case VG_EVT_READV: case VG_EVT_PREAD: case VG_EVT_PREADV:
	case VG_EVT_RECVFROM: case VG_EVT_RECVMSG: case VG_EVT_RECVMMSG:
		return true;
	default:
		return false;
	}
}

static bool is_write_type(enum vg_evt_type t)
{
	switch (t) {
	case VG_EVT_WRITE: case VG_EVT_WRITEV: case VG_EVT_PWRITE: case VG_EVT_PWRITEV:
	case VG_EVT_SENDTO: case VG_EVT_SENDMSG: case VG_EVT_SENDMMSG: case VG_EVT_SENDFILE:
	case VG_EVT_SPLICE:
		return true;
	default:
		return false;
	}
}

static int g_evt_is_io(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	return ret_bool(v, is_read_type(SYS(e)->type) || is_write_type(SYS(e)->type));
}
static int g_evt_is_io_read(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	return ret_bool(v, is_read_type(SYS(e)->type));
}
static int g_evt_is_io_write(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			     size_t c, struct vg_scratch *sc)
{
	return ret_bool(v, is_write_type(SYS(e)->type));
}

static const struct vg_evt_arg *data_arg(const struct vg_sys_event *ev)
{
	static const struct vg_str data = { "data", 4 };
	const struct vg_evt_arg *a = find_arg(ev, &data);
	return a && (a->type == VG_ARG_BYTES || a->type == VG_ARG_STR) && a->str.ptr ? a : NULL;
}
static int g_evt_buffer(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_evt_arg *a = data_arg(SYS(e));
	return a ? ret_str(v, a->str) : 0;
}
static int g_evt_buflen(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_evt_arg *a = data_arg(SYS(e));
	return a ? ret_u64(v, a->str.len) : 0;
}

/* ---- proc.* / thread.* -------------------------------------------------------------------- */

#define PROC(e) (SYS(e)->proc)

static int g_proc_pid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_i64(v, PROC(e)->pid) : 0;
}
static int g_proc_ppid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p)
		return 0;
	if (p->parent)
		return ret_i64(v, p->parent->pid);
	return p->ppid >= 0 ? ret_i64(v, p->ppid) : 0;
}
static int g_proc_vpid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_i64(v, PROC(e)->vpid) : 0;
}
static int g_proc_pvpid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p && p->parent ? ret_i64(v, p->parent->vpid) : 0;
}
static int g_proc_sid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_i64(v, PROC(e)->sid) : 0;
}
static int g_proc_vpgid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_i64(v, PROC(e)->vpgid) : 0;
}
static int g_proc_is_sid_leader(const struct vg_field_ref *r, const void *e, struct vg_value *v,
				size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p ? ret_bool(v, p->sid == p->vpid || p->sid == p->pid) : 0;
}
static int g_proc_is_vpgid_leader(const struct vg_field_ref *r, const void *e,
				  struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p ? ret_bool(v, p->vpgid == p->vpid) : 0;
}

static const struct vg_proc *session_leader(const struct vg_proc *p)
{
	int64_t sid = p->sid;
	for (unsigned i = 0; p && i <= VG_PROC_MAX_ANCESTORS; i++, p = p->parent)
		if (p->pid == sid || p->vpid == sid)
			return p;
	return NULL;
}

static int g_proc_sname(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p)
		return 0;
	const struct vg_proc *l = session_leader(p);
	return l ? ret_str(v, l->comm) : 0;
}

#define PROC_STR_GETTERS(NAME, MEMBER)                                                        \
	static int g_proc_##NAME(const struct vg_field_ref *r, const void *e, struct vg_value *v, \
				 size_t c, struct vg_scratch *sc)                                 \
	{                                                                                         \
		return PROC(e) ? ret_str(v, PROC(e)->MEMBER) : 0;                                 \
	}                                                                                         \
	static int g_proc_p##NAME(const struct vg_field_ref *r, const void *e,                    \
				  struct vg_value *v, size_t c, struct vg_scratch *sc)            \
	{                                                                                         \
		const struct vg_proc *p = PROC(e);                                                \
		return p && p->parent ? ret_str(v, p->parent->MEMBER) : 0;                        \
	}                                                                                         \
	static int g_proc_a##NAME(const struct vg_field_ref *r, const void *e,                    \
				  struct vg_value *v, size_t c, struct vg_scratch *sc)            \
	{                                                                                         \
		const struct vg_proc *p = PROC(e);                                                \
		if (!p)                                                                           \
			return 0;                                                                 \
		if (r->has_arg) {                                                                 \
			const struct vg_proc *a = ancestor(p, r->index);                          \
			return a ? ret_str(v, a->MEMBER) : 0;                                     \
		}                                                                                 \
		int n = 0;                                                                        \
		for (const struct vg_proc *a = p->parent; a && (size_t)n < c &&                   \
							  n < (int)VG_PROC_MAX_ANCESTORS;         \
		     a = a->parent)                                                               \
			n += ret_str(&v[n], a->MEMBER);                                           \
		return n;                                                                         \
	}

PROC_STR_GETTERS(name, comm)
PROC_STR_GETTERS(exe, exe)
PROC_STR_GETTERS(exepath, exepath)
PROC_STR_GETTERS(cmdline, cmdline)

static int g_proc_args(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_str(v, PROC(e)->args) : 0;
}
static int g_proc_cwd(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_str(v, PROC(e)->cwd) : 0;
}

static int g_proc_apid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p)
		return 0;
	if (r->has_arg) {
		const struct vg_proc *a = ancestor(p, r->index);
		return a ? ret_i64(v, a->pid) : 0;
	}
	int n = 0;
	for (const struct vg_proc *a = p->parent;
	     a && (size_t)n < c && n < (int)VG_PROC_MAX_ANCESTORS; a = a->parent)
		n += ret_i64(&v[n], a->pid);
	return n;
}

static int g_proc_tty(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p && (p->flags & VG_PROC_HAS_TTY) ? ret_u64(v, p->tty) : 0;
}
static int g_proc_duration(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			   size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p || !p->clone_ts || SYS(e)->ts < p->clone_ts)
		return 0;
	return ret_u64(v, SYS(e)->ts - p->clone_ts);
}

#define PROC_FLAG_GETTER(NAME, FLAG)                                                          \
	static int g_proc_##NAME(const struct vg_field_ref *r, const void *e, struct vg_value *v, \
				 size_t c, struct vg_scratch *sc)                                 \
	{                                                                                         \
		return PROC(e) ? ret_bool(v, (PROC(e)->flags & (FLAG)) != 0) : 0;                 \
	}
PROC_FLAG_GETTER(is_exe_writable, VG_PROC_EXE_WRITABLE)
PROC_FLAG_GETTER(is_exe_upper_layer, VG_PROC_EXE_UPPER_LAYER)
PROC_FLAG_GETTER(is_exe_lower_layer, VG_PROC_EXE_LOWER_LAYER)
PROC_FLAG_GETTER(is_exe_from_memfd, VG_PROC_EXE_FROM_MEMFD)

static int g_proc_exe_ino(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p && (p->flags & VG_PROC_HAS_EXE_INO) ? ret_u64(v, p->exe_ino) : 0;
}
static int g_proc_exe_ino_ctime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
				size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p && (p->flags & VG_PROC_HAS_EXE_INO) ? ret_u64(v, p->exe_ino_ctime) : 0;
}
static int g_proc_exe_ino_mtime(const struct vg_field_ref *r, const void *e, struct vg_value *v,
				size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	return p && (p->flags & VG_PROC_HAS_EXE_INO) ? ret_u64(v, p->exe_ino_mtime) : 0;
}
static int g_proc_exe_ino_ctime_dur(const struct vg_field_ref *r, const void *e,
				    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p || !(p->flags & VG_PROC_HAS_EXE_INO) || !p->clone_ts ||
	    p->clone_ts < p->exe_ino_ctime)
		return 0;
	return ret_u64(v, p->clone_ts - p->exe_ino_ctime);
}

static int g_proc_env(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p || !p->env)
		return 0;
	if (r->key.ptr) {
		for (uint32_t i = 0; i < p->nenv; i++) {
			const struct vg_str *s = &p->env[i];
			if (s->ptr && s->len > r->key.len && s->ptr[r->key.len] == '=' &&
			    memcmp(s->ptr, r->key.ptr, r->key.len) == 0) {
				struct vg_str val = { s->ptr + r->key.len + 1,
						      s->len - r->key.len - 1 };
				return ret_str(v, val);
			}
		}
		return 0;
	}
	char *dst = vg_scratch_reserve(sc, 0);
	if (!dst)
		return -ENOSPC;
	size_t at = 0, room = sc->cap - sc->used - 1;
	for (uint32_t i = 0; i < p->nenv; i++) {
		const struct vg_str *s = &p->env[i];
		if (!s->ptr)
			continue;
		if (at + s->len + 1 > room)
			return -ENOSPC;
		if (at)
			dst[at++] = ' ';
		memcpy(dst + at, s->ptr, s->len);
		at += s->len;
	}
	v->v.str.ptr = vg_scratch_commit(sc, at);
	v->v.str.len = at;
	return 1;
}

static int g_thread_tid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_i64(v, PROC(e)->tid) : 0;
}
static int g_thread_vtid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	return PROC(e) ? ret_i64(v, PROC(e)->vtid) : 0;
}

struct caps_ctx {
	uint64_t caps;
};
static size_t render_caps(void *vctx, char *buf, size_t cap)
{
	return vg_caps_render(((struct caps_ctx *)vctx)->caps, buf, cap);
}

#define CAPS_GETTER(NAME, MEMBER)                                                             \
	static int g_thread_##NAME(const struct vg_field_ref *r, const void *e,                   \
				   struct vg_value *v, size_t c, struct vg_scratch *sc)           \
	{                                                                                         \
		const struct vg_proc *p = PROC(e);                                                \
		if (!p || !(p->flags & VG_PROC_HAS_CAPS))                                         \
			return 0;                                                                 \
		struct caps_ctx ctx = { p->MEMBER };                                              \
		return ret_rendered(v, sc, 0, render_caps, &ctx);                                 \
	}
CAPS_GETTER(cap_effective, cap_effective)
CAPS_GETTER(cap_permitted, cap_permitted)
CAPS_GETTER(cap_inheritable, cap_inheritable)

/* ---- user.* / group.* --------------------------------------------------------------------- */

static int g_user_uid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	const struct vg_sys_event *ev = SYS(e);
	if (ev->user)
		return ret_u64(v, ev->user->uid);
	if (ev->proc && (ev->proc->flags & VG_PROC_HAS_IDS))
		return ret_u64(v, ev->proc->uid);
	return 0;
}
static int g_user_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	return SYS(e)->user ? ret_str(v, SYS(e)->user->name) : 0;
}
static int g_user_homedir(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return SYS(e)->user ? ret_str(v, SYS(e)->user->homedir) : 0;
}
static int g_user_shell(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return SYS(e)->user ? ret_str(v, SYS(e)->user->shell) : 0;
}
static int g_user_loginuid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			   size_t c, struct vg_scratch *sc)
{
	const struct vg_proc *p = PROC(e);
	if (!p || !(p->flags & VG_PROC_HAS_LOGINUID))
		return 0;
	return ret_i64(v, p->loginuid == UINT32_MAX ? -1 : (int64_t)p->loginuid);
}
static int g_user_loginname(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	return SYS(e)->loginuser ? ret_str(v, SYS(e)->loginuser->name) : 0;
}
static int g_group_gid(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		       size_t c, struct vg_scratch *sc)
{
	const struct vg_sys_event *ev = SYS(e);
	if (ev->group)
		return ret_u64(v, ev->group->gid);
	if (ev->proc && (ev->proc->flags & VG_PROC_HAS_IDS))
		return ret_u64(v, ev->proc->gid);
	return 0;
}
static int g_group_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	return SYS(e)->group ? ret_str(v, SYS(e)->group->name) : 0;
}

/* ---- fd.* --------------------------------------------------------------------------------- */

#define FD(e) (SYS(e)->fd)

static bool fd_is_ip(const struct vg_fd *f)
{
	return f && (f->type == VG_FD_IPV4_SOCK || f->type == VG_FD_IPV6_SOCK);
}
static bool fd_is_file(const struct vg_fd *f)
{
	return f && (f->type == VG_FD_FILE || f->type == VG_FD_DIRECTORY);
}

static int g_fd_num(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	return FD(e) ? ret_i64(v, FD(e)->num) : 0;
}
static int g_fd_type(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		     size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!f || f->type == VG_FD_UNKNOWN || (unsigned)f->type >= VG_FD__COUNT)
		return 0;
	return ret_cstr(v, vg_fd_type_name(f->type));
}
static int g_fd_typechar(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	static const char chars[VG_FD__COUNT][2] = {
		[VG_FD_FILE] = "f",      [VG_FD_DIRECTORY] = "d", [VG_FD_IPV4_SOCK] = "4",
		[VG_FD_IPV6_SOCK] = "6", [VG_FD_UNIX_SOCK] = "u", [VG_FD_PIPE] = "p",
		[VG_FD_EVENT] = "e",     [VG_FD_SIGNALFD] = "s",  [VG_FD_EVENTPOLL] = "l",
		[VG_FD_INOTIFY] = "i",   [VG_FD_TIMERFD] = "t",   [VG_FD_NETLINK] = "n",
		[VG_FD_BPF] = "b",       [VG_FD_USERFAULTFD] = "u", [VG_FD_IOURING] = "r",
		[VG_FD_MEMFD] = "m",     [VG_FD_PIDFD] = "P",
	};
	const struct vg_fd *f = FD(e);
	if (!f || f->type == VG_FD_UNKNOWN || (unsigned)f->type >= VG_FD__COUNT)
		return 0;
	v->v.str.ptr = chars[f->type];
	v->v.str.len = 1;
	return 1;
}
static int g_fd_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		     size_t c, struct vg_scratch *sc)
{
	return FD(e) ? ret_str(v, FD(e)->name) : 0;
}
static int g_fd_nameraw(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!f)
		return 0;
	return ret_str(v, f->nameraw.ptr ? f->nameraw : f->name);
}

/* fd.directory: the name for directories, the name up to the last '/' for files */
static bool fd_dir(const struct vg_fd *f, struct vg_str *ret)
{
	if (!fd_is_file(f) || !f->name.ptr)
		return false;
	if (f->type == VG_FD_DIRECTORY) {
		*ret = f->name;
		return true;
	}
	const char *slash = NULL;
	for (size_t i = f->name.len; i > 0; i--)
		if (f->name.ptr[i - 1] == '/') {
			slash = f->name.ptr + i - 1;
			break;
		}
	if (!slash)
		return false;
	ret->ptr = f->name.ptr;
	ret->len = slash == f->name.ptr ? 1 : (size_t)(slash - f->name.ptr);
	return true;
}

static int g_fd_directory(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	struct vg_str d;
	if (!fd_dir(FD(e), &d))
		return 0;
	if (d.ptr[d.len] == '\0')
		return ret_str(v, d);
	const char *p = vg_scratch_copy(sc, d.ptr, d.len);
	if (!p)
		return -ENOSPC;
	v->v.str.ptr = p;
	v->v.str.len = d.len;
	return 1;
}
static int g_fd_filename(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!f || f->type != VG_FD_FILE || !f->name.ptr)
		return 0;
	size_t i = f->name.len;
	while (i > 0 && f->name.ptr[i - 1] != '/')
		i--;
	struct vg_str s = { f->name.ptr + i, f->name.len - i };
	return ret_str(v, s);
}

static int ret_ip(struct vg_value *v, const struct vg_ipaddr *a)
{
	if (!a || a->family == 0)
		return 0;
	v->v.ip = a;
	return 1;
}

static const struct vg_ipaddr *fd_local_ip(const struct vg_fd *f)
{
	return (f->flags & VG_FD_IS_SERVER) ? &f->sip : &f->cip;
}
static const struct vg_ipaddr *fd_remote_ip(const struct vg_fd *f)
{
	return (f->flags & VG_FD_IS_SERVER) ? &f->cip : &f->sip;
}

static int g_fd_ip(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		   struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!fd_is_ip(f) || c < 2)
		return 0;
	int n = ret_ip(&v[0], &f->cip);
	n += ret_ip(&v[n], &f->sip);
	return n;
}
static int g_fd_cip(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_ip(v, &FD(e)->cip) : 0;
}
static int g_fd_sip(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_ip(v, &FD(e)->sip) : 0;
}
static int g_fd_lip(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_ip(v, fd_local_ip(FD(e))) : 0;
}
static int g_fd_rip(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_ip(v, fd_remote_ip(FD(e))) : 0;
}
static int g_fd_port(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		     size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!fd_is_ip(f) || c < 2)
		return 0;
	ret_u64(&v[0], f->cport);
	ret_u64(&v[1], f->sport);
	return 2;
}
static int g_fd_cport(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_u64(v, FD(e)->cport) : 0;
}
static int g_fd_sport(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_u64(v, FD(e)->sport) : 0;
}
static int g_fd_lport(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!fd_is_ip(f))
		return 0;
	return ret_u64(v, (f->flags & VG_FD_IS_SERVER) ? f->sport : f->cport);
}
static int g_fd_rport(const struct vg_field_ref *r, const void *e, struct vg_value *v,
		      size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!fd_is_ip(f))
		return 0;
	return ret_u64(v, (f->flags & VG_FD_IS_SERVER) ? f->cport : f->sport);
}
static int g_fd_l4proto(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!f)
		return 0;
	switch (f->l4proto) {
	case VG_L4_TCP: return ret_cstr(v, "tcp");
	case VG_L4_UDP: return ret_cstr(v, "udp");
	case VG_L4_ICMP: return ret_cstr(v, "icmp");
	case VG_L4_RAW: return ret_cstr(v, "raw");
	default: return 0;
	}
}
static int g_fd_sockfamily(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			   size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (fd_is_ip(f))
		return ret_cstr(v, "ip");
	if (f && f->type == VG_FD_UNIX_SOCK)
		return ret_cstr(v, "unix");
	return 0;
}
static int g_fd_is_server(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!f || (!fd_is_ip(f) && f->type != VG_FD_UNIX_SOCK))
		return 0;
	return ret_bool(v, (f->flags & VG_FD_IS_SERVER) != 0);
}
static int g_fd_connected(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return FD(e) ? ret_bool(v, (FD(e)->flags & VG_FD_CONNECTED) != 0) : 0;
}
static int g_fd_name_changed(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			     size_t c, struct vg_scratch *sc)
{
	return FD(e) ? ret_bool(v, (FD(e)->flags & VG_FD_NAME_CHANGED) != 0) : 0;
}
static int g_fd_cip_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_str(v, FD(e)->cip_name) : 0;
}
static int g_fd_sip_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	return fd_is_ip(FD(e)) ? ret_str(v, FD(e)->sip_name) : 0;
}
static int g_fd_lip_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!fd_is_ip(f))
		return 0;
	return ret_str(v, (f->flags & VG_FD_IS_SERVER) ? f->sip_name : f->cip_name);
}
static int g_fd_rip_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			 size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	if (!fd_is_ip(f))
		return 0;
	return ret_str(v, (f->flags & VG_FD_IS_SERVER) ? f->cip_name : f->sip_name);
}
static int g_fd_dev(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	return f && (f->flags & VG_FD_HAS_INO) ? ret_u64(v, f->dev) : 0;
}
static int g_fd_ino(const struct vg_field_ref *r, const void *e, struct vg_value *v, size_t c,
		    struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	return f && (f->flags & VG_FD_HAS_INO) ? ret_u64(v, f->ino) : 0;
}
static int g_fd_is_upper_layer(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			       size_t c, struct vg_scratch *sc)
{
	return fd_is_file(FD(e)) ? ret_bool(v, (FD(e)->flags & VG_FD_UPPER_LAYER) != 0) : 0;
}
static int g_fd_is_lower_layer(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			       size_t c, struct vg_scratch *sc)
{
	return fd_is_file(FD(e)) ? ret_bool(v, (FD(e)->flags & VG_FD_LOWER_LAYER) != 0) : 0;
}

static struct vg_str container_id(const struct vg_sys_event *ev)
{
	return ev->container ? ev->container->id : VG_STR("host");
}

static int g_fd_containername(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			      size_t c, struct vg_scratch *sc)
{
	const struct vg_fd *f = FD(e);
	struct vg_str id = container_id(SYS(e));
	if (!f || !f->name.ptr || !id.ptr)
		return 0;
	return ret_printf(v, sc, "%.*s:%.*s", (int)id.len, id.ptr, (int)f->name.len, f->name.ptr);
}
static int g_fd_containerdirectory(const struct vg_field_ref *r, const void *e,
				   struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	struct vg_str d, id = container_id(SYS(e));
	if (!fd_dir(FD(e), &d) || !id.ptr)
		return 0;
	return ret_printf(v, sc, "%.*s:%.*s", (int)id.len, id.ptr, (int)d.len, d.ptr);
}

/* ---- container.* -------------------------------------------------------------------------- */

#define CTR(e) (SYS(e)->container)

static int g_container_id(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			  size_t c, struct vg_scratch *sc)
{
	return ret_str(v, container_id(SYS(e)));
}
static int g_container_full_id(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			       size_t c, struct vg_scratch *sc)
{
	return CTR(e) ? ret_str(v, CTR(e)->full_id) : ret_cstr(v, "host");
}
static int g_container_name(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	return CTR(e) ? ret_str(v, CTR(e)->name) : ret_cstr(v, "host");
}

#define CTR_STR_GETTER(NAME, MEMBER)                                                          \
	static int g_container_##NAME(const struct vg_field_ref *r, const void *e,                \
				      struct vg_value *v, size_t c, struct vg_scratch *sc)        \
	{                                                                                         \
		return CTR(e) ? ret_str(v, CTR(e)->MEMBER) : 0;                                   \
	}
CTR_STR_GETTER(type, type)
CTR_STR_GETTER(image, image)
CTR_STR_GETTER(image_id, image_id)
CTR_STR_GETTER(image_repository, image_repository)
CTR_STR_GETTER(image_tag, image_tag)
CTR_STR_GETTER(image_digest, image_digest)
CTR_STR_GETTER(ip, ip)
CTR_STR_GETTER(cni_json, cni_json)

#define CTR_TRI_GETTER(NAME, MEMBER)                                                          \
	static int g_container_##NAME(const struct vg_field_ref *r, const void *e,                \
				      struct vg_value *v, size_t c, struct vg_scratch *sc)        \
	{                                                                                         \
		const struct vg_container *ct = CTR(e);                                           \
		if (!ct || ct->MEMBER == VG_TRI_UNSET)                                            \
			return 0;                                                                 \
		return ret_bool(v, ct->MEMBER == VG_TRI_TRUE);                                    \
	}
CTR_TRI_GETTER(privileged, privileged)
CTR_TRI_GETTER(host_pid, host_pid)
CTR_TRI_GETTER(host_network, host_network)
CTR_TRI_GETTER(host_ipc, host_ipc)

static int g_container_start_ts(const struct vg_field_ref *r, const void *e, struct vg_value *v,
				size_t c, struct vg_scratch *sc)
{
	const struct vg_container *ct = CTR(e);
	return ct && ct->start_ts ? ret_u64(v, ct->start_ts) : 0;
}
static int g_container_duration(const struct vg_field_ref *r, const void *e, struct vg_value *v,
				size_t c, struct vg_scratch *sc)
{
	const struct vg_container *ct = CTR(e);
	if (!ct || !ct->start_ts || SYS(e)->ts < ct->start_ts)
		return 0;
	return ret_u64(v, SYS(e)->ts - ct->start_ts);
}

static int kv_lookup(const struct vg_kv *kv, uint32_t n, const struct vg_str *key,
		     struct vg_value *v)
{
	for (uint32_t i = 0; kv && i < n; i++)
		if (kv[i].key.ptr && kv[i].key.len == key->len &&
		    memcmp(kv[i].key.ptr, key->ptr, key->len) == 0)
			return ret_str(v, kv[i].value);
	return 0;
}

static int kv_join(const struct vg_kv *kv, uint32_t n, struct vg_value *v,
		   struct vg_scratch *sc)
{
	if (!kv || n == 0)
		return 0;
	char *dst = vg_scratch_reserve(sc, 0);
	if (!dst)
		return -ENOSPC;
	size_t at = 0, room = sc->cap - sc->used - 1;
	for (uint32_t i = 0; i < n; i++) {
		size_t need = kv[i].key.len + 1 + kv[i].value.len + (at ? 2 : 0);
		if (at + need > room)
			return -ENOSPC;
		if (at) {
			memcpy(dst + at, ", ", 2);
			at += 2;
		}
		if (kv[i].key.ptr)
			memcpy(dst + at, kv[i].key.ptr, kv[i].key.len);
		at += kv[i].key.len;
		dst[at++] = ':';
		if (kv[i].value.ptr)
			memcpy(dst + at, kv[i].value.ptr, kv[i].value.len);
		at += kv[i].value.len;
	}
	v->v.str.ptr = vg_scratch_commit(sc, at);
	v->v.str.len = at;
	return 1;
}

static int g_container_label(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			     size_t c, struct vg_scratch *sc)
{
	const struct vg_container *ct = CTR(e);
	return ct ? kv_lookup(ct->labels, ct->nlabels, &r->key, v) : 0;
}
static int g_container_labels(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			      size_t c, struct vg_scratch *sc)
{
	const struct vg_container *ct = CTR(e);
	return ct ? kv_join(ct->labels, ct->nlabels, v, sc) : 0;
}

/* container.mount*[arg]: a numeric arg is an index, anything else a glob on the mount source
 * (container.mount.source takes a glob on the destination). */
static const struct vg_mount *find_mount(const struct vg_container *ct,
					 const struct vg_field_ref *r, bool by_dest)
{
	if (!ct || !ct->mounts)
		return NULL;
	if (!r->key.ptr) {
		return r->index >= 0 && r->index < (int64_t)ct->nmounts ? &ct->mounts[r->index]
									 : NULL;
	}
	char pat[4096];
	if (r->key.len >= sizeof(pat))
		return NULL;
	memcpy(pat, r->key.ptr, r->key.len);
	pat[r->key.len] = '\0';
	for (uint32_t i = 0; i < ct->nmounts; i++) {
		const struct vg_str *s = by_dest ? &ct->mounts[i].dest : &ct->mounts[i].source;
		if (s->ptr && fnmatch(pat, s->ptr, 0) == 0)
			return &ct->mounts[i];
	}
	return NULL;
}

static size_t render_mount(void *vctx, char *buf, size_t cap)
{
	const struct vg_mount *m = vctx;
	int n = snprintf(buf, cap, "%.*s:%.*s:%.*s:%s:%.*s", (int)m->source.len,
			 m->source.ptr ? m->source.ptr : "", (int)m->dest.len,
			 m->dest.ptr ? m->dest.ptr : "", (int)m->mode.len,
			 m->mode.ptr ? m->mode.ptr : "", m->rdwr ? "true" : "false",
			 (int)m->propagation.len, m->propagation.ptr ? m->propagation.ptr : "");
	return n < 0 ? 0 : (size_t)n;
}

static int g_container_mount(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			     size_t c, struct vg_scratch *sc)
{
	const struct vg_mount *m = find_mount(CTR(e), r, false);
	return m ? ret_rendered(v, sc, 0, render_mount, (void *)(uintptr_t)m) : 0;
}
static int g_container_mounts(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			      size_t c, struct vg_scratch *sc)
{
	const struct vg_container *ct = CTR(e);
	if (!ct || !ct->mounts || ct->nmounts == 0)
		return 0;
	char *dst = vg_scratch_reserve(sc, 0);
	if (!dst)
		return -ENOSPC;
	size_t at = 0, room = sc->cap - sc->used - 1;
	for (uint32_t i = 0; i < ct->nmounts; i++) {
		if (at) {
			if (at + 1 > room)
				return -ENOSPC;
			dst[at++] = ',';
		}
		size_t n = render_mount((void *)(uintptr_t)&ct->mounts[i], dst + at, room - at + 1);
		if (at + n > room)
			return -ENOSPC;
		at += n;
	}
	v->v.str.ptr = vg_scratch_commit(sc, at);
	v->v.str.len = at;
	return 1;
}
static int g_container_mount_source(const struct vg_field_ref *r, const void *e,
				    struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_mount *m = find_mount(CTR(e), r, true);
	return m ? ret_str(v, m->source) : 0;
}
static int g_container_mount_dest(const struct vg_field_ref *r, const void *e,
				  struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_mount *m = find_mount(CTR(e), r, false);
	return m ? ret_str(v, m->dest) : 0;
}
static int g_container_mount_mode(const struct vg_field_ref *r, const void *e,
				  struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_mount *m = find_mount(CTR(e), r, false);
	return m ? ret_str(v, m->mode) : 0;
}
static int g_container_mount_rdwr(const struct vg_field_ref *r, const void *e,
				  struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_mount *m = find_mount(CTR(e), r, false);
	return m ? ret_cstr(v, m->rdwr ? "true" : "false") : 0;
}
static int g_container_mount_propagation(const struct vg_field_ref *r, const void *e,
					 struct vg_value *v, size_t c, struct vg_scratch *sc)
{
	const struct vg_mount *m = find_mount(CTR(e), r, false);
	return m ? ret_str(v, m->propagation) : 0;
}

/* ---- k8s.* -------------------------------------------------------------------------------- */

#define POD(e) (SYS(e)->pod)

#define POD_STR_GETTER(NAME, MEMBER)                                                          \
	static int g_k8s_##NAME(const struct vg_field_ref *r, const void *e, struct vg_value *v,  \
				size_t c, struct vg_scratch *sc)                                  \
	{                                                                                         \
		return POD(e) ? ret_str(v, POD(e)->MEMBER) : 0;                                   \
	}
POD_STR_GETTER(pod_name, name)
POD_STR_GETTER(ns_name, ns)
POD_STR_GETTER(pod_uid, uid)
POD_STR_GETTER(pod_sandbox_id, sandbox_id)
POD_STR_GETTER(pod_full_sandbox_id, full_sandbox_id)
POD_STR_GETTER(pod_ip, ip)
POD_STR_GETTER(pod_cni_json, cni_json)

static int g_k8s_pod_label(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			   size_t c, struct vg_scratch *sc)
{
	const struct vg_k8s_pod *p = POD(e);
	return p ? kv_lookup(p->labels, p->nlabels, &r->key, v) : 0;
}
static int g_k8s_pod_labels(const struct vg_field_ref *r, const void *e, struct vg_value *v,
			    size_t c, struct vg_scratch *sc)
{
	const struct vg_k8s_pod *p = POD(e);
	return p ? kv_join(p->labels, p->nlabels, v, sc) : 0;
}

/* ---- argument checks ---------------------------------------------------------------------- */

static int chk_evt_arg(struct vg_field_ref *ref, struct vg_diag *d)
{
	if (ref->key.ptr && !vg_evt_arg_name_known(ref->key.ptr, ref->key.len)) {
		vg_diag_set(d, VG_DIAG_SEMANTIC, NULL, 0, 0, "unknown event argument %.*s",
			    (int)ref->key.len, ref->key.ptr);
		return -ENOENT;
	}
	return 0;
}

static int chk_evt_type_is(struct vg_field_ref *ref, struct vg_diag *d)
{
	enum vg_evt_type t = vg_evt_type_from_name(ref->key.ptr, ref->key.len);
	if (t == VG_EVT_UNKNOWN) {
		vg_diag_set(d, VG_DIAG_SEMANTIC, NULL, 0, 0, "unknown event type %.*s",
			    (int)ref->key.len, ref->key.ptr ? ref->key.ptr : "");
		return -ENOENT;
	}
	ref->aux = (int32_t)t;
	return 0;
}

static int chk_index_ge0(struct vg_field_ref *ref, struct vg_diag *d)
{
	if (ref->has_arg && ref->index < 0) {
		vg_diag_set(d, VG_DIAG_SEMANTIC, NULL, 0, 0, "invalid index argument for field %s",
			    ref->info->name);
		return -EINVAL;
	}
	return 0;
}

/* ---- the table ---------------------------------------------------------------------------- */

#define S VG_FT_STRING
#define U VG_FT_UINT64
#define I VG_FT_INT64
#define B VG_FT_BOOL
#define IP VG_FT_IPADDR
#define NET VG_FT_IPNET
#define PORT VG_FT_PORT
#define BUF VG_FT_BYTES
#define REL VG_FT_RELTIME
#define ABS VG_FT_ABSTIME
#define DYN VG_FT_DYN
#define ARGIDX (VG_FF_ARG_ALLOWED | VG_FF_ARG_INDEX)
#define ANCESTOR (ARGIDX | VG_FF_ANY_ANCESTOR | VG_FF_NO_RHS | VG_FF_NO_TRANSFORMER)
#define KEYREQ (VG_FF_ARG_REQUIRED | VG_FF_ARG_KEY)
#define MOUNTARG (VG_FF_ARG_REQUIRED | VG_FF_ARG_KEY | VG_FF_ARG_INDEX)

/* X(ID, name, type, flags, getter, argcheck, desc) */
#define SYS_FIELDS(X)                                                                              \
	X(EVT_NUM, "evt.num", U, 0, g_evt_num, NULL, "event number")                               \
	X(EVT_TIME, "evt.time", S, 0, g_evt_time, NULL, "event time (UTC) with nanoseconds")      \
	X(EVT_TIME_S, "evt.time.s", S, 0, g_evt_time_s, NULL, "event time (UTC) HH:MM:SS")        \
	X(EVT_TIME_ISO, "evt.time.iso8601", S, 0, g_evt_time_iso, NULL, "event time, ISO 8601")   \
	X(EVT_DATETIME, "evt.datetime", S, 0, g_evt_datetime, NULL, "event date and time (UTC)")  \
	X(EVT_DATETIME_S, "evt.datetime.s", S, 0, g_evt_datetime_s, NULL,                         \
	  "event date and time (UTC), seconds")                                                   \
	X(EVT_RAWTIME, "evt.rawtime", ABS, 0, g_evt_rawtime, NULL, "ns since the epoch")          \
	X(EVT_RAWTIME_S, "evt.rawtime.s", U, 0, g_evt_rawtime_s, NULL, "seconds since the epoch") \
	X(EVT_RAWTIME_NS, "evt.rawtime.ns", U, 0, g_evt_rawtime_ns, NULL,                         \
	  "fractional part of the time, ns")                                                       \
	X(EVT_TYPE, "evt.type", S, VG_FF_EVT_TYPE, g_evt_type, NULL, "event type (syscall name)")  \
	X(EVT_TYPE_IS, "evt.type.is", U, KEYREQ, g_evt_type_is, chk_evt_type_is,                  \
	  "1 if the event is of the type given as argument")                                       \
	X(EVT_DIR, "evt.dir", S, VG_FF_DEPRECATED, g_evt_dir, NULL,                               \
	  "deprecated: '<' exit (nearly always), '>' enter")                                       \
	X(EVT_CPU, "evt.cpu", I, 0, g_evt_cpu, NULL, "CPU the event happened on")                  \
	X(EVT_ARGS, "evt.args", S, 0, g_evt_args, NULL, "all parameters, name=value")             \
	X(EVT_ARG, "evt.arg", S,                                                                   \
	  VG_FF_ARG_REQUIRED | VG_FF_ARG_INDEX | VG_FF_ARG_DOTTED, g_evt_arg, chk_evt_arg,        \
	  "one parameter rendered as text: evt.arg.NAME or evt.arg[N]")                            \
	X(EVT_RAWARG, "evt.rawarg", DYN,                                                           \
	  VG_FF_ARG_REQUIRED | VG_FF_ARG_INDEX | VG_FF_ARG_DOTTED | VG_FF_NO_RHS |                 \
		  VG_FF_NO_TRANSFORMER,                                                            \
	  g_evt_rawarg, chk_evt_arg, "one parameter, raw typed value: evt.rawarg.NAME")           \
	X(EVT_RES, "evt.res", S, 0, g_evt_res, NULL, "return value: SUCCESS or an errno name")    \
	X(EVT_RAWRES, "evt.rawres", I, 0, g_evt_rawres, NULL, "return value as a number")         \
	X(EVT_FAILED, "evt.failed", B, 0, g_evt_failed, NULL, "true for events that failed")       \
	X(EVT_IS_IO, "evt.is_io", B, 0, g_evt_is_io, NULL, "read or write event")                 \
	X(EVT_IS_IO_READ, "evt.is_io_read", B, 0, g_evt_is_io_read, NULL, "read event")           \
	X(EVT_IS_IO_WRITE, "evt.is_io_write", B, 0, g_evt_is_io_write, NULL, "write event")       \
	X(EVT_IS_OPEN_READ, "evt.is_open_read", B, 0, g_evt_is_open_read, NULL,                   \
	  "open event opening for reading")                                                        \
	X(EVT_IS_OPEN_WRITE, "evt.is_open_write", B, 0, g_evt_is_open_write, NULL,                \
	  "open event opening for writing")                                                        \
	X(EVT_IS_OPEN_EXEC, "evt.is_open_exec", B, 0, g_evt_is_open_exec, NULL,                   \
	  "open event creating an executable file")                                                \
	X(EVT_IS_OPEN_CREATE, "evt.is_open_create", B, 0, g_evt_is_open_create, NULL,             \
	  "open event that created the file")                                                      \
	X(EVT_BUFFER, "evt.buffer", BUF, 0, g_evt_buffer, NULL, "the data buffer of I/O events")  \
	X(EVT_BUFLEN, "evt.buflen", U, 0, g_evt_buflen, NULL, "length of evt.buffer")             \
	X(EVT_SOURCE, "evt.source", S, 0, g_evt_source, NULL, "event source: syscall")            \
	X(EVT_HOSTNAME, "evt.hostname", S, 0, g_evt_hostname, NULL, "host name")                  \
	X(EVT_IS_ASYNC, "evt.is_async", B, 0, g_false, NULL, "asynchronous event (never)")        \
	X(EVT_PLUGINNAME, "evt.pluginname", S, 0, g_missing, NULL, "plugin name (none)")          \
	X(EVT_LATENCY, "evt.latency", REL, VG_FF_DEPRECATED, g_missing, NULL, "deprecated")       \
	X(EVT_LATENCY_S, "evt.latency.s", U, VG_FF_DEPRECATED, g_missing, NULL, "deprecated")     \
	X(EVT_LATENCY_NS, "evt.latency.ns", U, VG_FF_DEPRECATED, g_missing, NULL, "deprecated")   \
	X(EVT_LATENCY_HUMAN, "evt.latency.human", S, VG_FF_DEPRECATED, g_missing, NULL,           \
	  "deprecated")                                                                            \
	X(EVT_WAIT_LATENCY, "evt.wait_latency", REL, VG_FF_DEPRECATED, g_missing, NULL,           \
	  "deprecated")                                                                            \
	X(PROC_PID, "proc.pid", I, 0, g_proc_pid, NULL, "process id")                             \
	X(PROC_PPID, "proc.ppid", I, 0, g_proc_ppid, NULL, "parent process id")                   \
	X(PROC_VPID, "proc.vpid", I, 0, g_proc_vpid, NULL, "process id in its pid namespace")     \
	X(PROC_PVPID, "proc.pvpid", I, 0, g_proc_pvpid, NULL, "parent id in its pid namespace")   \
	X(PROC_SID, "proc.sid", I, 0, g_proc_sid, NULL, "session id")                             \
	X(PROC_SNAME, "proc.sname", S, 0, g_proc_sname, NULL, "name of the session leader")       \
	X(PROC_VPGID, "proc.vpgid", I, 0, g_proc_vpgid, NULL, "process group id (pid ns)")        \
	X(PROC_IS_SID_LEADER, "proc.is_sid_leader", B, 0, g_proc_is_sid_leader, NULL,             \
	  "the process is its session leader")                                                     \
	X(PROC_IS_VPGID_LEADER, "proc.is_vpgid_leader", B, 0, g_proc_is_vpgid_leader, NULL,       \
	  "the process leads its process group")                                                   \
	X(PROC_NAME, "proc.name", S, 0, g_proc_name, NULL, "process name (comm)")                 \
	X(PROC_EXE, "proc.exe", S, 0, g_proc_exe, NULL, "first command-line argument (argv[0])")  \
	X(PROC_EXEPATH, "proc.exepath", S, 0, g_proc_exepath, NULL, "full executable path")       \
	X(PROC_ARGS, "proc.args", S, 0, g_proc_args, NULL, "arguments (argv[1..], space-joined)") \
	X(PROC_CMDLINE, "proc.cmdline", S, 0, g_proc_cmdline, NULL, "proc.name + proc.args")      \
	X(PROC_CWD, "proc.cwd", S, 0, g_proc_cwd, NULL, "current working directory")              \
	X(PROC_PNAME, "proc.pname", S, 0, g_proc_pname, NULL, "parent process name")              \
	X(PROC_PEXE, "proc.pexe", S, 0, g_proc_pexe, NULL, "parent proc.exe")                     \
	X(PROC_PEXEPATH, "proc.pexepath", S, 0, g_proc_pexepath, NULL, "parent proc.exepath")     \
	X(PROC_PCMDLINE, "proc.pcmdline", S, 0, g_proc_pcmdline, NULL, "parent proc.cmdline")     \
	X(PROC_ANAME, "proc.aname", S, ANCESTOR, g_proc_aname, chk_index_ge0,                     \
	  "ancestor name: [N] = N-th ancestor (0 = self), no arg = any ancestor")                  \
	X(PROC_AEXE, "proc.aexe", S, ANCESTOR, g_proc_aexe, chk_index_ge0, "ancestor proc.exe")   \
	X(PROC_AEXEPATH, "proc.aexepath", S, ANCESTOR, g_proc_aexepath, chk_index_ge0,            \
	  "ancestor proc.exepath")                                                                 \
	X(PROC_ACMDLINE, "proc.acmdline", S, ANCESTOR, g_proc_acmdline, chk_index_ge0,            \
	  "ancestor proc.cmdline")                                                                 \
	X(PROC_APID, "proc.apid", I, ANCESTOR, g_proc_apid, chk_index_ge0, "ancestor pid")        \
	X(PROC_TTY, "proc.tty", U, 0, g_proc_tty, NULL, "controlling terminal (0 = none)")        \
	X(PROC_DURATION, "proc.duration", REL, 0, g_proc_duration, NULL,                          \
	  "ns since the process started")                                                          \
	X(PROC_IS_EXE_WRITABLE, "proc.is_exe_writable", B, 0, g_proc_is_exe_writable, NULL,       \
	  "the executable is writable by the process' user")                                       \
	X(PROC_IS_EXE_UPPER_LAYER, "proc.is_exe_upper_layer", B, 0, g_proc_is_exe_upper_layer,    \
	  NULL, "the executable lives in the overlayfs upper layer")                               \
	X(PROC_IS_EXE_LOWER_LAYER, "proc.is_exe_lower_layer", B, 0, g_proc_is_exe_lower_layer,    \
	  NULL, "the executable lives in an overlayfs lower layer")                                \
	X(PROC_IS_EXE_FROM_MEMFD, "proc.is_exe_from_memfd", B, 0, g_proc_is_exe_from_memfd, NULL, \
	  "the executable is a memfd")                                                             \
	X(PROC_EXE_INO, "proc.exe_ino", U, 0, g_proc_exe_ino, NULL, "inode of the executable")    \
	X(PROC_EXE_INO_CTIME, "proc.exe_ino.ctime", ABS, 0, g_proc_exe_ino_ctime, NULL,           \
	  "ctime of the executable")                                                               \
	X(PROC_EXE_INO_MTIME, "proc.exe_ino.mtime", ABS, 0, g_proc_exe_ino_mtime, NULL,           \
	  "mtime of the executable")                                                               \
	X(PROC_EXE_INO_CTIME_DUR, "proc.exe_ino.ctime_duration_proc_start", REL, 0,               \
	  g_proc_exe_ino_ctime_dur, NULL, "ns between the executable's ctime and process start")  \
	X(PROC_ENV, "proc.env", S, VG_FF_ARG_ALLOWED | VG_FF_ARG_KEY, g_proc_env, NULL,           \
	  "environment (or one variable: proc.env[NAME])")                                         \
	X(THREAD_TID, "thread.tid", I, 0, g_thread_tid, NULL, "thread id")                        \
	X(THREAD_VTID, "thread.vtid", I, 0, g_thread_vtid, NULL, "thread id in its pid namespace") \
	X(THREAD_CAP_EFFECTIVE, "thread.cap_effective", S, 0, g_thread_cap_effective, NULL,       \
	  "effective capabilities, space-separated names")                                         \
	X(THREAD_CAP_PERMITTED, "thread.cap_permitted", S, 0, g_thread_cap_permitted, NULL,       \
	  "permitted capabilities")                                                                \
	X(THREAD_CAP_INHERITABLE, "thread.cap_inheritable", S, 0, g_thread_cap_inheritable, NULL, \
	  "inheritable capabilities")                                                              \
	X(USER_UID, "user.uid", U, 0, g_user_uid, NULL, "user id")                                \
	X(USER_NAME, "user.name", S, 0, g_user_name, NULL, "user name")                           \
	X(USER_HOMEDIR, "user.homedir", S, 0, g_user_homedir, NULL, "home directory")             \
	X(USER_SHELL, "user.shell", S, 0, g_user_shell, NULL, "login shell")                      \
	X(USER_LOGINUID, "user.loginuid", I, 0, g_user_loginuid, NULL, "audit login uid (-1)")    \
	X(USER_LOGINNAME, "user.loginname", S, 0, g_user_loginname, NULL, "login user name")      \
	X(GROUP_GID, "group.gid", U, 0, g_group_gid, NULL, "group id")                            \
	X(GROUP_NAME, "group.name", S, 0, g_group_name, NULL, "group name")                       \
	X(FD_NUM, "fd.num", I, 0, g_fd_num, NULL, "file descriptor number")                       \
	X(FD_TYPE, "fd.type", S, 0, g_fd_type, NULL, "file, directory, ipv4, ipv6, unix ...")     \
	X(FD_TYPECHAR, "fd.typechar", S, 0, g_fd_typechar, NULL, "fd type as one letter")         \
	X(FD_NAME, "fd.name", S, 0, g_fd_name, NULL, "full name: path, tuple ...")                \
	X(FD_NAMERAW, "fd.nameraw", S, 0, g_fd_nameraw, NULL, "name as passed by the process")    \
	X(FD_DIRECTORY, "fd.directory", S, 0, g_fd_directory, NULL, "directory of a file fd")     \
	X(FD_FILENAME, "fd.filename", S, 0, g_fd_filename, NULL, "file name without directory")   \
	X(FD_IP, "fd.ip", IP, VG_FF_ANY_VALUE | VG_FF_FILTER_ONLY, g_fd_ip, NULL,                 \
	  "client or server IP")                                                                   \
	X(FD_CIP, "fd.cip", IP, 0, g_fd_cip, NULL, "client IP")                                   \
	X(FD_SIP, "fd.sip", IP, 0, g_fd_sip, NULL, "server IP")                                   \
	X(FD_LIP, "fd.lip", IP, 0, g_fd_lip, NULL, "local IP")                                    \
	X(FD_RIP, "fd.rip", IP, 0, g_fd_rip, NULL, "remote IP")                                   \
	X(FD_PORT, "fd.port", PORT, VG_FF_ANY_VALUE | VG_FF_FILTER_ONLY, g_fd_port, NULL,         \
	  "client or server port")                                                                 \
	X(FD_CPORT, "fd.cport", PORT, 0, g_fd_cport, NULL, "client port")                         \
	X(FD_SPORT, "fd.sport", PORT, 0, g_fd_sport, NULL, "server port")                         \
	X(FD_LPORT, "fd.lport", PORT, 0, g_fd_lport, NULL, "local port")                          \
	X(FD_RPORT, "fd.rport", PORT, 0, g_fd_rport, NULL, "remote port")                         \
	X(FD_NET, "fd.net", NET, VG_FF_ANY_VALUE | VG_FF_FILTER_ONLY, g_fd_ip, NULL,              \
	  "client or server IP, compared with a CIDR")                                             \
	X(FD_CNET, "fd.cnet", NET, VG_FF_FILTER_ONLY, g_fd_cip, NULL, "client network")           \
	X(FD_SNET, "fd.snet", NET, VG_FF_FILTER_ONLY, g_fd_sip, NULL, "server network")           \
	X(FD_LNET, "fd.lnet", NET, VG_FF_FILTER_ONLY, g_fd_lip, NULL, "local network")            \
	X(FD_RNET, "fd.rnet", NET, VG_FF_FILTER_ONLY, g_fd_rip, NULL, "remote network")           \
	X(FD_L4PROTO, "fd.l4proto", S, 0, g_fd_l4proto, NULL, "tcp, udp, icmp, raw")              \
	X(FD_SOCKFAMILY, "fd.sockfamily", S, 0, g_fd_sockfamily, NULL, "ip or unix")              \
	X(FD_IS_SERVER, "fd.is_server", B, 0, g_fd_is_server, NULL, "the process is the server")  \
	X(FD_CONNECTED, "fd.connected", B, 0, g_fd_connected, NULL, "the socket is connected")    \
	X(FD_NAME_CHANGED, "fd.name_changed", B, 0, g_fd_name_changed, NULL,                      \
	  "the name changed since the fd was created")                                             \
	X(FD_CIP_NAME, "fd.cip.name", S, 0, g_fd_cip_name, NULL, "client IP's DNS name")          \
	X(FD_SIP_NAME, "fd.sip.name", S, 0, g_fd_sip_name, NULL, "server IP's DNS name")          \
	X(FD_LIP_NAME, "fd.lip.name", S, 0, g_fd_lip_name, NULL, "local IP's DNS name")           \
	X(FD_RIP_NAME, "fd.rip.name", S, 0, g_fd_rip_name, NULL, "remote IP's DNS name")          \
	X(FD_DEV, "fd.dev", U, 0, g_fd_dev, NULL, "device number")                                \
	X(FD_INO, "fd.ino", U, 0, g_fd_ino, NULL, "inode number")                                 \
	X(FD_IS_UPPER_LAYER, "fd.is_upper_layer", B, 0, g_fd_is_upper_layer, NULL,                \
	  "the file is in the overlayfs upper layer")                                              \
	X(FD_IS_LOWER_LAYER, "fd.is_lower_layer", B, 0, g_fd_is_lower_layer, NULL,                \
	  "the file is in an overlayfs lower layer")                                               \
	X(FD_CONTAINERNAME, "fd.containername", S, 0, g_fd_containername, NULL,                   \
	  "container.id:fd.name")                                                                  \
	X(FD_CONTAINERDIRECTORY, "fd.containerdirectory", S, 0, g_fd_containerdirectory, NULL,    \
	  "container.id:fd.directory")                                                             \
	X(CONTAINER_ID, "container.id", S, 0, g_container_id, NULL,                               \
	  "container id (12 chars), 'host' outside containers")                                    \
	X(CONTAINER_FULL_ID, "container.full_id", S, 0, g_container_full_id, NULL,                \
	  "full container id")                                                                     \
	X(CONTAINER_NAME, "container.name", S, 0, g_container_name, NULL, "container name")       \
	X(CONTAINER_TYPE, "container.type", S, 0, g_container_type, NULL, "container runtime")    \
	X(CONTAINER_IMAGE, "container.image", S, 0, g_container_image, NULL, "image name")        \
	X(CONTAINER_IMAGE_ID, "container.image.id", S, 0, g_container_image_id, NULL, "image id") \
	X(CONTAINER_IMAGE_REPOSITORY, "container.image.repository", S, 0,                         \
	  g_container_image_repository, NULL, "image repository")                                  \
	X(CONTAINER_IMAGE_TAG, "container.image.tag", S, 0, g_container_image_tag, NULL,          \
	  "image tag")                                                                             \
	X(CONTAINER_IMAGE_DIGEST, "container.image.digest", S, 0, g_container_image_digest, NULL, \
	  "image digest")                                                                          \
	X(CONTAINER_PRIVILEGED, "container.privileged", B, 0, g_container_privileged, NULL,       \
	  "privileged container")                                                                  \
	X(CONTAINER_HOST_PID, "container.host_pid", B, 0, g_container_host_pid, NULL,             \
	  "shares the host pid namespace")                                                         \
	X(CONTAINER_HOST_NETWORK, "container.host_network", B, 0, g_container_host_network, NULL, \
	  "shares the host network namespace")                                                     \
	X(CONTAINER_HOST_IPC, "container.host_ipc", B, 0, g_container_host_ipc, NULL,             \
	  "shares the host ipc namespace")                                                         \
	X(CONTAINER_MOUNTS, "container.mounts", S, 0, g_container_mounts, NULL,                   \
	  "mounts: source:dest:mode:rdwr:propagation, comma-separated")                            \
	X(CONTAINER_MOUNT, "container.mount", S, MOUNTARG, g_container_mount, NULL,               \
	  "one mount, by index or source glob")                                                    \
	X(CONTAINER_MOUNT_SOURCE, "container.mount.source", S, MOUNTARG,                          \
	  g_container_mount_source, NULL, "mount source, by index or destination glob")            \
	X(CONTAINER_MOUNT_DEST, "container.mount.dest", S, MOUNTARG, g_container_mount_dest,      \
	  NULL, "mount destination, by index or source glob")                                      \
	X(CONTAINER_MOUNT_MODE, "container.mount.mode", S, MOUNTARG, g_container_mount_mode,      \
	  NULL, "mount mode, by index or source glob")                                             \
	X(CONTAINER_MOUNT_RDWR, "container.mount.rdwr", S, MOUNTARG, g_container_mount_rdwr,      \
	  NULL, "mount read/write flag, by index or source glob")                                  \
	X(CONTAINER_MOUNT_PROPAGATION, "container.mount.propagation", S, MOUNTARG,                \
	  g_container_mount_propagation, NULL, "mount propagation, by index or source glob")      \
	X(CONTAINER_IP, "container.ip", S, 0, g_container_ip, NULL, "container IP")               \
	X(CONTAINER_CNI_JSON, "container.cni.json", S, 0, g_container_cni_json, NULL,             \
	  "CNI result JSON")                                                                       \
	X(CONTAINER_LABEL, "container.label", S, KEYREQ | VG_FF_ARG_DOTTED, g_container_label,    \
	  NULL, "one container label")                                                             \
	X(CONTAINER_LABELS, "container.labels", S, 0, g_container_labels, NULL,                   \
	  "all labels, key:value, comma-separated")                                                \
	X(CONTAINER_START_TS, "container.start_ts", ABS, 0, g_container_start_ts, NULL,           \
	  "container start time")                                                                  \
	X(CONTAINER_DURATION, "container.duration", REL, 0, g_container_duration, NULL,           \
	  "ns since the container started")                                                        \
	X(K8S_POD_NAME, "k8s.pod.name", S, 0, g_k8s_pod_name, NULL, "pod name")                   \
	X(K8S_NS_NAME, "k8s.ns.name", S, 0, g_k8s_ns_name, NULL, "pod namespace")                 \
	X(K8S_POD_UID, "k8s.pod.uid", S, 0, g_k8s_pod_uid, NULL, "pod uid")                       \
	X(K8S_POD_ID, "k8s.pod.id", S, VG_FF_DEPRECATED, g_k8s_pod_uid, NULL,                     \
	  "legacy alias of k8s.pod.uid")                                                           \
	X(K8S_POD_SANDBOX_ID, "k8s.pod.sandbox_id", S, 0, g_k8s_pod_sandbox_id, NULL,             \
	  "pod sandbox id (12 chars)")                                                             \
	X(K8S_POD_FULL_SANDBOX_ID, "k8s.pod.full_sandbox_id", S, 0, g_k8s_pod_full_sandbox_id,    \
	  NULL, "full pod sandbox id")                                                             \
	X(K8S_POD_LABEL, "k8s.pod.label", S, KEYREQ | VG_FF_ARG_DOTTED, g_k8s_pod_label, NULL,    \
	  "one pod label: k8s.pod.label[app] or k8s.pod.label.app")                                \
	X(K8S_POD_LABELS, "k8s.pod.labels", S, 0, g_k8s_pod_labels, NULL,                         \
	  "all pod labels, key:value, comma-separated")                                            \
	X(K8S_POD_IP, "k8s.pod.ip", S, 0, g_k8s_pod_ip, NULL, "pod IP")                           \
	X(K8S_POD_CNI_JSON, "k8s.pod.cni.json", S, 0, g_k8s_pod_cni_json, NULL, "pod CNI JSON")

enum {
#define X_ID(id, name, type, flags, getter, chk, desc) SYS_##id,
	SYS_FIELDS(X_ID)
#undef X_ID
	SYS__COUNT
};

static const struct vg_field_info s_info[SYS__COUNT] = {
#define X_INFO(id, name, type, flags, getter, chk, desc) \
	[SYS_##id] = { name, type, flags, desc, SYS_##id },
	SYS_FIELDS(X_INFO)
#undef X_INFO
};

static const vg_getter_fn s_getters[SYS__COUNT] = {
#define X_GET(id, name, type, flags, getter, chk, desc) [SYS_##id] = getter,
	SYS_FIELDS(X_GET)
#undef X_GET
};

static const vg_argcheck_fn s_checks[SYS__COUNT] = {
#define X_CHK(id, name, type, flags, getter, chk, desc) [SYS_##id] = chk,
	SYS_FIELDS(X_CHK)
#undef X_CHK
};

const struct vg_source_fields vg_syscall_fields = { s_info, s_getters, s_checks, SYS__COUNT };
