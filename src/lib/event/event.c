/* SPDX-License-Identifier: Apache-2.0 */
/*
 * event.c - event model helpers: source and event type names, event-type sets, addresses,
 * errno names, known parameter names, Kubernetes audit event helpers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "event/event_internal.h"
#include "util/banned.h"

/* ---- sources ------------------------------------------------------------------------------ */

const char *vg_source_name(enum vg_source source)
{
	switch (source) {
	case VG_SOURCE_SYSCALL: return "syscall";
	case VG_SOURCE_K8S_AUDIT: return "k8s_audit";
	default: return "none";
	}
}

static bool name_eq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	return alen == blen && memcmp(a, b, alen) == 0;
}

enum vg_source vg_source_from_name(const char *name, size_t len)
{
	if (!name)
		return VG_SOURCE_NONE;
	if (len == (size_t)-1)
		len = strlen(name);
	if (name_eq(name, len, "syscall"))
		return VG_SOURCE_SYSCALL;
	if (name_eq(name, len, "k8s_audit"))
		return VG_SOURCE_K8S_AUDIT;
	return VG_SOURCE_NONE;
}

/* ---- event types -------------------------------------------------------------------------- */

static const char *const s_evt_names[VG_EVT__COUNT] = {
	[VG_EVT_UNKNOWN] = "unknown",
#define VG_EVT_NAME_(e, n) [VG_EVT_##e] = #n,
	VG_EVT_TYPES(VG_EVT_NAME_)
#undef VG_EVT_NAME_
	[VG_EVT_GENERIC] = "syscall",
};

const char *vg_evt_type_name(enum vg_evt_type t)
{
	if ((unsigned)t >= VG_EVT__COUNT)
		return "unknown";
	return s_evt_names[t];
}

enum vg_evt_type vg_evt_type_from_name(const char *name, size_t len)
{
	if (!name)
		return VG_EVT_UNKNOWN;
	if (len == (size_t)-1)
		len = strlen(name);
	/* VG_EVT_GENERIC ("syscall") is not nameable in conditions */
	for (unsigned i = 1; i < VG_EVT_GENERIC; i++)
		if (name_eq(name, len, s_evt_names[i]))
			return (enum vg_evt_type)i;
	return VG_EVT_UNKNOWN;
}

void vg_evtset_fill(struct vg_evtset *s)
{
	vg_evtset_clear(s);
	for (unsigned i = 1; i < VG_EVT__COUNT; i++)
		vg_evtset_add(s, (enum vg_evt_type)i);
}

size_t vg_evtset_count(const struct vg_evtset *s)
{
	size_t n = 0;
	for (unsigned i = 0; i < VG_EVTSET_WORDS; i++)
		n += (size_t)__builtin_popcountll(s->bits[i]);
	return n;
}

bool vg_evtset_is_empty(const struct vg_evtset *s)
{
	for (unsigned i = 0; i < VG_EVTSET_WORDS; i++)
		if (s->bits[i])
			return false;
	return true;
}

bool vg_evtset_is_all(const struct vg_evtset *s)
{
	struct vg_evtset all;
	vg_evtset_fill(&all);
	return memcmp(&all, s, sizeof(all)) == 0;
}

bool vg_evtset_is_broad(const struct vg_evtset *s)
{
	return vg_evtset_is_empty(s) || vg_evtset_has(s, VG_EVT_GENERIC) ||
	       vg_evtset_count(s) > VG_EVTSET_BROAD_THRESHOLD;
}

void vg_evtset_union(struct vg_evtset *dst, const struct vg_evtset *src)
{
	for (unsigned i = 0; i < VG_EVTSET_WORDS; i++)
		dst->bits[i] |= src->bits[i];
}

void vg_evtset_intersect(struct vg_evtset *dst, const struct vg_evtset *src)
{
	for (unsigned i = 0; i < VG_EVTSET_WORDS; i++)
		dst->bits[i] &= src->bits[i];
}

void vg_evtset_invert(struct vg_evtset *dst)
{
	struct vg_evtset all;
	vg_evtset_fill(&all);
	for (unsigned i = 0; i < VG_EVTSET_WORDS; i++)
		dst->bits[i] = all.bits[i] & ~dst->bits[i];
}

size_t vg_evtset_format(const struct vg_evtset *s, char *buf, size_t cap)
{
	size_t need = 0;
	if (cap)
		buf[0] = '\0';
	for (unsigned i = 0; i < VG_EVT__COUNT; i++) {
		if (!vg_evtset_has(s, (enum vg_evt_type)i))
			continue;
		const char *n = s_evt_names[i];
		size_t l = strlen(n) + (need ? 1 : 0);
		if (cap && need + l < cap) {
			if (need)
				buf[need] = ' ';
			memcpy(buf + need + (need ? 1 : 0), n, strlen(n) + 1);
		}
		need += l;
	}
	return need;
}

/* ---- fd types ----------------------------------------------------------------------------- */

static const struct {
	const char *name;
	char c;
} s_fd_types[VG_FD__COUNT] = {
	[VG_FD_UNKNOWN] = { "<NA>", '\0' },       [VG_FD_FILE] = { "file", 'f' },
	[VG_FD_DIRECTORY] = { "directory", 'd' }, [VG_FD_IPV4_SOCK] = { "ipv4", '4' },
	[VG_FD_IPV6_SOCK] = { "ipv6", '6' },      [VG_FD_UNIX_SOCK] = { "unix", 'u' },
	[VG_FD_PIPE] = { "pipe", 'p' },           [VG_FD_EVENT] = { "event", 'e' },
	[VG_FD_SIGNALFD] = { "signalfd", 's' },   [VG_FD_EVENTPOLL] = { "eventpoll", 'l' },
	[VG_FD_INOTIFY] = { "inotify", 'i' },     [VG_FD_TIMERFD] = { "timerfd", 't' },
	[VG_FD_NETLINK] = { "netlink", 'n' },     [VG_FD_BPF] = { "bpf", 'b' },
	[VG_FD_USERFAULTFD] = { "userfaultfd", 'u' }, [VG_FD_IOURING] = { "io_uring", 'r' },
	[VG_FD_MEMFD] = { "memfd", 'm' },         [VG_FD_PIDFD] = { "pidfd", 'P' },
};

const char *vg_fd_type_name(enum vg_fd_type t)
{
	if ((unsigned)t >= VG_FD__COUNT)
		return "<NA>";
	return s_fd_types[t].name;
}

char vg_fd_type_char(enum vg_fd_type t)
{
	if ((unsigned)t >= VG_FD__COUNT)
		return '\0';
	return s_fd_types[t].c;
}

/* ---- addresses ---------------------------------------------------------------------------- */

bool vg_ipaddr_parse(const char *s, size_t len, struct vg_ipaddr *ret)
{
	char tmp[64];
	if (!s || len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	struct vg_ipaddr a;
	memset(&a, 0, sizeof(a));
	if (memchr(tmp, ':', len)) {
		if (inet_pton(AF_INET6, tmp, a.b) != 1)
			return false;
		a.family = 6;
	} else {
		if (inet_pton(AF_INET, tmp, a.b) != 1)
			return false;
		a.family = 4;
	}
	*ret = a;
	return true;
}

bool vg_ipnet_parse(const char *s, size_t len, struct vg_ipnet *ret)
{
	if (!s)
		return false;
	const char *slash = memchr(s, '/', len);
	struct vg_ipnet n;
	memset(&n, 0, sizeof(n));
	if (!vg_ipaddr_parse(s, slash ? (size_t)(slash - s) : len, &n.addr))
		return false;
	unsigned max = n.addr.family == 4 ? 32 : 128;
	if (!slash) {
		n.prefix = (uint8_t)max;
	} else {
		const char *p = slash + 1, *end = s + len;
		if (p == end || end - p > 3)
			return false;
		unsigned v = 0;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9')
				return false;
			v = v * 10 + (unsigned)(*p - '0');
		}
		if (v > max)
			return false;
		n.prefix = (uint8_t)v;
	}
	*ret = n;
	return true;
}

bool vg_ipnet_contains(const struct vg_ipnet *net, const struct vg_ipaddr *a)
{
	if (!net || !a || a->family != net->addr.family || a->family == 0)
		return false;
	unsigned bits = net->prefix, i = 0;
	for (; bits >= 8; bits -= 8, i++)
		if (a->b[i] != net->addr.b[i])
			return false;
	if (bits) {
		uint8_t mask = (uint8_t)(0xffu << (8 - bits));
		if ((a->b[i] & mask) != (net->addr.b[i] & mask))
			return false;
	}
	return true;
}

size_t vg_ipaddr_format(const struct vg_ipaddr *a, char *buf, size_t cap)
{
	char tmp[INET6_ADDRSTRLEN];
	if (cap)
		buf[0] = '\0';
	if (!a || (a->family != 4 && a->family != 6))
		return 0;
	if (!inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->b, tmp, sizeof(tmp)))
		return 0;
	size_t l = strlen(tmp);
	if (cap)
		snprintf(buf, cap, "%s", tmp);
	return l;
}

/* ---- errno names -------------------------------------------------------------------------- */

static const char *const s_errno_names[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
	[7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN",
	[12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
	[17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
	[22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
	[27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK",
	[32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG",
	[37] = "ENOLCK", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG",
	[43] = "EIDRM", [44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
	[48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT", [52] = "EBADE",
	[53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO", [56] = "EBADRQC", [57] = "EBADSLT",
	[59] = "EBFONT", [60] = "ENOSTR", [61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR",
	[64] = "ENONET", [65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
	[69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP", [73] = "EDOTDOT",
	[74] = "EBADMSG", [75] = "EOVERFLOW", [76] = "ENOTUNIQ", [77] = "EBADFD",
	[78] = "EREMCHG", [79] = "ELIBACC", [80] = "ELIBBAD", [81] = "ELIBSCN", [82] = "ELIBMAX",
	[83] = "ELIBEXEC", [84] = "EILSEQ", [85] = "ERESTART", [86] = "ESTRPIPE",
	[87] = "EUSERS", [88] = "ENOTSOCK", [89] = "EDESTADDRREQ", [90] = "EMSGSIZE",
	[91] = "EPROTOTYPE", [92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT",
	[94] = "ESOCKTNOSUPPORT", [95] = "EOPNOTSUPP", [96] = "EPFNOSUPPORT",
	[97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN",
	[101] = "ENETUNREACH", [102] = "ENETRESET", [103] = "ECONNABORTED",
	[104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN", [107] = "ENOTCONN",
	[108] = "ESHUTDOWN", [109] = "ETOOMANYREFS", [110] = "ETIMEDOUT",
	[111] = "ECONNREFUSED", [112] = "EHOSTDOWN", [113] = "EHOSTUNREACH",
	[114] = "EALREADY", [115] = "EINPROGRESS", [116] = "ESTALE", [117] = "EUCLEAN",
	[118] = "ENOTNAM", [119] = "ENAVAIL", [120] = "EISNAM", [121] = "EREMOTEIO",
	[122] = "EDQUOT", [123] = "ENOMEDIUM", [124] = "EMEDIUMTYPE", [125] = "ECANCELED",
	[126] = "ENOKEY", [127] = "EKEYEXPIRED", [128] = "EKEYREVOKED", [129] = "EKEYREJECTED",
	[130] = "EOWNERDEAD", [131] = "ENOTRECOVERABLE", [132] = "ERFKILL", [133] = "EHWPOISON",
	[512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR", [514] = "ERESTARTNOHAND",
	[515] = "ENOIOCTLCMD", [516] = "ERESTART_RESTARTBLOCK",
};

const char *vg_errno_name(int64_t err)
{
	if (err <= 0 || err >= (int64_t)(sizeof(s_errno_names) / sizeof(s_errno_names[0])))
		return NULL;
	return s_errno_names[err];
}

/* ---- parameter names ---------------------------------------------------------------------- */

/* libs' event parameter names (driver/event_table.c), the ones evt.arg.NAME may use. */
static const char *const s_arg_names[] = {
	"addr", "arg", "args", "backlog", "buf", "cap_effective", "cap_inheritable",
	"cap_permitted", "cgroups", "child_tid", "clockid", "cmd", "comm", "count", "cpu", "cwd",
	"data", "dev", "dir", "dirfd", "domain", "egid", "env", "euid", "events", "exe",
	"exe_ino", "exe_ino_ctime", "exe_ino_mtime", "exe_writable", "exe_upper_layer",
	"exe_lower_layer", "exe_from_memfd", "fd", "fd1", "fd2", "fd_in", "fd_out", "fdlimit",
	"fds", "filename", "flags", "fstype", "gid", "how", "id", "in_fd", "infd", "ino",
	"iovcnt", "key", "len", "length", "level", "linkdirfd", "linkpath", "loginuid",
	"max_entries", "mode", "msg", "name", "newcur", "newdir", "newdirfd", "newfd", "newmax",
	"newpath", "nsems", "nsops", "nstype", "offset", "oldcur", "oldfd", "olddir",
	"olddirfd", "oldmax", "oldpath", "op", "optlen", "optname", "option", "out_fd", "path",
	"pathname", "pgft_maj", "pgft_min", "pgid", "pid", "pos", "ppid", "prot", "proto",
	"queuelen", "queuemax", "queuepercent", "request", "res", "resource", "rgid", "ruid",
	"semflg", "semid", "semnum", "sgid", "sig", "size", "source", "special", "spid", "suid",
	"target", "tid", "timeout", "trusted_exepath", "tty", "tuple", "type", "uid", "val",
	"vm_rss", "vm_size", "vm_swap", "vpid", "vtid", "whence",
};

bool vg_evt_arg_name_known(const char *name, size_t len)
{
	if (!name)
		return false;
	for (size_t i = 0; i < sizeof(s_arg_names) / sizeof(s_arg_names[0]); i++)
		if (name_eq(name, len, s_arg_names[i]))
			return true;
	return false;
}

/* ---- Kubernetes audit events -------------------------------------------------------------- */

int vg_audit_parse(const char *json, size_t len, const struct vg_limits *limits,
		   struct vg_docset **ret_set, struct vg_diag *ret_diag)
{
	return vg_docset_parse("k8s_audit", json, len, VG_SYNTAX_JSON, limits, ret_set, ret_diag);
}

size_t vg_audit_count(const struct vg_node *root)
{
	if (!root || root->kind != VG_NODE_MAP)
		return 0;
	if (vg_node_str_eq(vg_node_get(root, "kind"), "EventList")) {
		const struct vg_node *items = vg_node_get(root, "items");
		return items && items->kind == VG_NODE_SEQ ? items->count : 0;
	}
	return 1;
}

const struct vg_node *vg_audit_item(const struct vg_node *root, size_t i)
{
	if (!root || root->kind != VG_NODE_MAP)
		return NULL;
	if (vg_node_str_eq(vg_node_get(root, "kind"), "EventList")) {
		const struct vg_node *items = vg_node_get(root, "items");
		if (!items || items->kind != VG_NODE_SEQ || i >= items->count)
			return NULL;
		const struct vg_node *n = items->items[i];
		return n && n->kind == VG_NODE_MAP ? n : NULL;
	}
	return i == 0 ? root : NULL;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool parse_digits(const char **p, const char *end, unsigned n, unsigned *ret)
{
	unsigned v = 0;
	for (unsigned i = 0; i < n; i++) {
		if (*p >= end || **p < '0' || **p > '9')
			return false;
		v = v * 10 + (unsigned)(**p - '0');
		(*p)++;
	}
	*ret = v;
	return true;
}

static bool expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

static uint64_t parse_rfc3339(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	unsigned Y, M, D, h, m, sec;
	if (!parse_digits(&p, end, 4, &Y) || !expect(&p, end, '-') ||
	    !parse_digits(&p, end, 2, &M) || !expect(&p, end, '-') ||
	    !parse_digits(&p, end, 2, &D) || p >= end || (*p != 'T' && *p != 't' && *p != ' '))
		return 0;
	p++;
	if (!parse_digits(&p, end, 2, &h) || !expect(&p, end, ':') ||
	    !parse_digits(&p, end, 2, &m) || !expect(&p, end, ':') ||
	    !parse_digits(&p, end, 2, &sec))
		return 0;
	if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
		return 0;
	uint64_t frac = 0;
	if (p < end && *p == '.') {
		p++;
		unsigned digits = 0;
		while (p < end && *p >= '0' && *p <= '9') {
			if (digits < 9) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				digits++;
			}
			p++;
		}
		if (digits == 0)
			return 0;
		while (digits++ < 9)
			frac *= 10;
	}
	int64_t off = 0;
	if (p < end && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int sign = *p == '-' ? -1 : 1;
		unsigned oh, om;
		p++;
		if (!parse_digits(&p, end, 2, &oh) || !expect(&p, end, ':') ||
		    !parse_digits(&p, end, 2, &om))
			return 0;
		off = sign * (int64_t)(oh * 3600 + om * 60);
	} else {
		return 0;
	}
	if (p != end)
		return 0;
	int64_t secs = days_from_civil(Y, M, D) * 86400 + h * 3600 + m * 60 + sec - off;
	if (secs < 0)
		return 0;
	return (uint64_t)secs * 1000000000ull + frac;
}

uint64_t vg_audit_time(const struct vg_node *root)
{
	const struct vg_node *t = vg_node_get(root, "stageTimestamp");
	if (!vg_node_str(t))
		t = vg_node_get(root, "requestReceivedTimestamp");
	if (!vg_node_str(t))
		return 0;
	return parse_rfc3339(t->text, t->len);
}

void vg_audit_event_init(struct vg_audit_event *ret, const struct vg_node *root, uint64_t num)
{
	memset(ret, 0, sizeof(*ret));
	ret->source = VG_SOURCE_K8S_AUDIT;
	ret->num = num;
	ret->root = root;
	ret->ts = vg_audit_time(root);
}

const struct vg_node *vg_audit_get(const struct vg_node *root, ...)
{
	va_list ap;
	va_start(ap, root);
	const struct vg_node *n = root;
	const char *k;
	while (n && (k = va_arg(ap, const char *)) != NULL)
		n = vg_node_get(n, k);
	va_end(ap);
	return n;
}
