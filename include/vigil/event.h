/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil/event.h - the event model of the runtime half: syscall events and Kubernetes audit
 * events, as plain data that event sources (replay decoder, k8saudit source, eBPF decoder) fill
 * and that the rules engine (vigil/rules.h) and the field tables (vigil/fields.h) read.
 *
 * Ownership: every struct here is plain data made of borrowed pointers. The engine never keeps
 * a pointer into an event after vg_cond_eval() / vg_ruleset_eval() / vg_field_extract()
 * return, never writes to an event, and never frees anything reachable from it. The source that
 * builds an event owns all of it (typically: a process table, an fd table, a container cache and
 * a per-event argument array) and must keep it alive and unchanged while it is being evaluated.
 *
 * Strings are struct vg_str views. Contract: ptr == NULL means "absent" (the field is missing:
 * every comparison on it is false, `exists` is false); otherwise ptr[len] must be '\0' (the
 * engine hands strings to fnmatch and PCRE2 without copying). Embedded NULs are allowed only in
 * byte buffers (VG_ARG_BYTES) and are compared by length.
 *
 * Process tree: each struct vg_proc points at its parent (NULL when the parent is unknown), so a
 * source exposes a borrowed view of its process table; proc.pname, proc.aname[N], proc.apid,
 * proc.sname ... walk these pointers (at most VG_PROC_MAX_ANCESTORS steps, so a cycle made by a
 * buggy source cannot hang the engine).
 */
#ifndef VIGIL_EVENT_H
#define VIGIL_EVENT_H

#include <string.h>

#include "common.h"
#include "diag.h"
#include "doc.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- strings ------------------------------------------------------------------------------ */

struct vg_str {
	const char *ptr; /* NULL = absent; else NUL-terminated at ptr[len] */
	size_t len;
};

/* A view of a string literal. */
#define VG_STR(lit) ((struct vg_str){ (lit), sizeof(lit) - 1 })
/* The absent string. */
#define VG_STR_NONE ((struct vg_str){ NULL, 0 })

/* A view of a C string (NULL gives the absent string). */
static inline struct vg_str vg_str_c(const char *s)
{
	struct vg_str r = { s, s ? strlen(s) : 0 };
	return r;
}

static inline bool vg_str_present(struct vg_str s)
{
	return s.ptr != NULL;
}

/* ---- event sources ------------------------------------------------------------------------ */

enum vg_source {
	VG_SOURCE_NONE = 0,
	VG_SOURCE_SYSCALL,   /* "syscall": struct vg_sys_event */
	VG_SOURCE_K8S_AUDIT, /* "k8s_audit": struct vg_audit_event */
	VG_SOURCE__COUNT,
};

/* "syscall", "k8s_audit" ("none" for anything else). */
VG_EXPORT const char *vg_source_name(enum vg_source source);
/* Source by Falco name; VG_SOURCE_NONE when unknown. @len may be (size_t)-1 for strlen. */
VG_EXPORT enum vg_source vg_source_from_name(const char *name, size_t len);

/* ---- event types -------------------------------------------------------------------------- */

/*
 * Event types by Falco name (`evt.type`). Syscalls without a dedicated entry are reported as
 * VG_EVT_GENERIC by sources; conditions cannot name them (Falco would map them to its generic
 * event; see docs/rules-engine.md). X(ENUM_SUFFIX, falco_name).
 */
#define VG_EVT_TYPES(X)                                                                           \
	X(ACCEPT, accept) X(ACCEPT4, accept4) X(ACCESS, access) X(BIND, bind) X(BPF, bpf)          \
	X(BRK, brk) X(CAPSET, capset) X(CHDIR, chdir) X(CHMOD, chmod) X(CHOWN, chown)              \
	X(CHROOT, chroot) X(CLONE, clone) X(CLONE3, clone3) X(CLOSE, close) X(CONNECT, connect)    \
	X(COPY_FILE_RANGE, copy_file_range) X(CREAT, creat) X(DELETE_MODULE, delete_module)        \
	X(DUP, dup) X(DUP2, dup2) X(DUP3, dup3) X(EPOLL_CREATE, epoll_create)                      \
	X(EPOLL_CREATE1, epoll_create1) X(EPOLL_WAIT, epoll_wait) X(EVENTFD, eventfd)              \
	X(EVENTFD2, eventfd2) X(EXECVE, execve) X(EXECVEAT, execveat) X(FCHDIR, fchdir)            \
	X(FCHMOD, fchmod) X(FCHMODAT, fchmodat) X(FCHOWN, fchown) X(FCHOWNAT, fchownat)            \
	X(FCNTL, fcntl) X(FINIT_MODULE, finit_module) X(FLOCK, flock) X(FORK, fork)                \
	X(FSCONFIG, fsconfig) X(FSTAT, fstat) X(FUTEX, futex) X(GETCWD, getcwd)                    \
	X(GETDENTS, getdents) X(GETDENTS64, getdents64) X(GETEGID, getegid)                        \
	X(GETEUID, geteuid) X(GETGID, getgid) X(GETPEERNAME, getpeername)                          \
	X(GETRESGID, getresgid) X(GETRESUID, getresuid) X(GETRLIMIT, getrlimit)                    \
	X(GETSOCKNAME, getsockname) X(GETSOCKOPT, getsockopt) X(GETUID, getuid)                    \
	X(INIT_MODULE, init_module) X(INOTIFY_INIT, inotify_init)                                  \
	X(INOTIFY_INIT1, inotify_init1) X(IO_URING_ENTER, io_uring_enter)                          \
	X(IO_URING_REGISTER, io_uring_register) X(IO_URING_SETUP, io_uring_setup) X(IOCTL, ioctl)  \
	X(KILL, kill) X(LCHOWN, lchown) X(LINK, link) X(LINKAT, linkat) X(LISTEN, listen)          \
	X(LLSEEK, llseek) X(LSEEK, lseek) X(LSTAT, lstat) X(MEMFD_CREATE, memfd_create)            \
	X(MKDIR, mkdir) X(MKDIRAT, mkdirat) X(MKNOD, mknod) X(MKNODAT, mknodat) X(MLOCK, mlock)    \
	X(MLOCK2, mlock2) X(MLOCKALL, mlockall) X(MMAP, mmap) X(MMAP2, mmap2) X(MOUNT, mount)      \
	X(MPROTECT, mprotect) X(MUNLOCK, munlock) X(MUNLOCKALL, munlockall) X(MUNMAP, munmap)      \
	X(NANOSLEEP, nanosleep) X(NEWFSTATAT, newfstatat) X(OPEN, open)                            \
	X(OPEN_BY_HANDLE_AT, open_by_handle_at) X(OPENAT, openat) X(OPENAT2, openat2)              \
	X(PIDFD_GETFD, pidfd_getfd) X(PIDFD_OPEN, pidfd_open) X(PIPE, pipe) X(PIPE2, pipe2)        \
	X(POLL, poll) X(PPOLL, ppoll) X(PRCTL, prctl) X(PREAD, pread) X(PREADV, preadv)            \
	X(PRLIMIT, prlimit) X(PROCEXIT, procexit) X(PTRACE, ptrace) X(PWRITE, pwrite)              \
	X(PWRITEV, pwritev) X(QUOTACTL, quotactl) X(READ, read) X(READV, readv)                    \
	X(RECVFROM, recvfrom) X(RECVMMSG, recvmmsg) X(RECVMSG, recvmsg) X(RENAME, rename)          \
	X(RENAMEAT, renameat) X(RENAMEAT2, renameat2) X(RMDIR, rmdir) X(SECCOMP, seccomp)          \
	X(SELECT, select) X(SEMCTL, semctl) X(SEMGET, semget) X(SEMOP, semop)                      \
	X(SENDFILE, sendfile) X(SENDMMSG, sendmmsg) X(SENDMSG, sendmsg) X(SENDTO, sendto)          \
	X(SETGID, setgid) X(SETNS, setns) X(SETPGID, setpgid) X(SETREGID, setregid)                \
	X(SETRESGID, setresgid) X(SETRESUID, setresuid) X(SETREUID, setreuid)                      \
	X(SETRLIMIT, setrlimit) X(SETSID, setsid) X(SETSOCKOPT, setsockopt) X(SETUID, setuid)      \
	X(SHUTDOWN, shutdown) X(SIGNALDELIVER, signaldeliver) X(SIGNALFD, signalfd)                \
	X(SIGNALFD4, signalfd4) X(SOCKET, socket) X(SOCKETPAIR, socketpair) X(SPLICE, splice)      \
	X(STAT, stat) X(SYMLINK, symlink) X(SYMLINKAT, symlinkat) X(TGKILL, tgkill)                \
	X(TIMERFD_CREATE, timerfd_create) X(TKILL, tkill) X(UMOUNT, umount) X(UMOUNT2, umount2)    \
	X(UNLINK, unlink) X(UNLINKAT, unlinkat) X(UNSHARE, unshare) X(USERFAULTFD, userfaultfd)    \
	X(VFORK, vfork) X(WRITE, write) X(WRITEV, writev) X(SWITCH, switch)                        \
	X(PAGE_FAULT, page_fault) X(CONTAINER, container) X(ASYNCEVENT, asyncevent)

enum vg_evt_type {
	VG_EVT_UNKNOWN = 0, /* never matched by `evt.type = x` */
#define VG_EVT_ENUM_(e, n) VG_EVT_##e,
	VG_EVT_TYPES(VG_EVT_ENUM_)
#undef VG_EVT_ENUM_
	VG_EVT_GENERIC,     /* any syscall without its own entry ("syscall" in Falco output) */
	VG_EVT__COUNT,
};

/* Falco name of @t ("unknown" when out of range; "syscall" for VG_EVT_GENERIC). */
VG_EXPORT const char *vg_evt_type_name(enum vg_evt_type t);
/* Event type by Falco name; VG_EVT_UNKNOWN when unknown. @len may be (size_t)-1 for strlen. */
VG_EXPORT enum vg_evt_type vg_evt_type_from_name(const char *name, size_t len);

/* A set of event types (bit i = enum value i). Plain data: copy and compare freely. */
#define VG_EVTSET_WORDS 4
struct vg_evtset {
	uint64_t bits[VG_EVTSET_WORDS];
};

/* Above this many named types a syscall rule is "too broad" (Falco warns at > 100 event codes,
 * i.e. enter+exit pairs of ~50 syscalls; see vg_evtset_is_broad). */
#define VG_EVTSET_BROAD_THRESHOLD 50u

static inline void vg_evtset_clear(struct vg_evtset *s)
{
	memset(s, 0, sizeof(*s));
}
static inline void vg_evtset_add(struct vg_evtset *s, enum vg_evt_type t)
{
	if ((unsigned)t < VG_EVT__COUNT)
		s->bits[(unsigned)t / 64] |= (uint64_t)1 << ((unsigned)t % 64);
}
static inline bool vg_evtset_has(const struct vg_evtset *s, enum vg_evt_type t)
{
	return (unsigned)t < VG_EVT__COUNT &&
	       (s->bits[(unsigned)t / 64] >> ((unsigned)t % 64) & 1) != 0;
}
/* Every type except VG_EVT_UNKNOWN. */
VG_EXPORT void vg_evtset_fill(struct vg_evtset *s);
VG_EXPORT size_t vg_evtset_count(const struct vg_evtset *s);
VG_EXPORT bool vg_evtset_is_empty(const struct vg_evtset *s);
/* True when @s is every type (vg_evtset_fill()). */
VG_EXPORT bool vg_evtset_is_all(const struct vg_evtset *s);
/*
 * Falco's LOAD_NO_EVTTYPE test: the set is empty, contains VG_EVT_GENERIC (it came from a
 * negation or no evt.type restriction) or names more than VG_EVTSET_BROAD_THRESHOLD types.
 */
VG_EXPORT bool vg_evtset_is_broad(const struct vg_evtset *s);
VG_EXPORT void vg_evtset_union(struct vg_evtset *dst, const struct vg_evtset *src);
VG_EXPORT void vg_evtset_intersect(struct vg_evtset *dst, const struct vg_evtset *src);
/* dst = all - dst */
VG_EXPORT void vg_evtset_invert(struct vg_evtset *dst);
/* Space-separated names in enum order into @buf (always NUL-terminated when @cap > 0); returns
 * the length the full text needs (like snprintf). */
VG_EXPORT size_t vg_evtset_format(const struct vg_evtset *s, char *buf, size_t cap);

/* ---- addresses ---------------------------------------------------------------------------- */

struct vg_ipaddr {
	uint8_t family; /* 0 = none, 4 = IPv4 (b[0..3], network order), 6 = IPv6 (b[0..15]) */
	uint8_t b[16];
};

struct vg_ipnet {
	struct vg_ipaddr addr;
	uint8_t prefix; /* prefix length in bits */
};

/* Parse "1.2.3.4" / "::1" into @ret; false when malformed. */
VG_EXPORT bool vg_ipaddr_parse(const char *s, size_t len, struct vg_ipaddr *ret);
/* Parse "10.0.0.0/8", "fd00::/8" or a bare address (full-length prefix). */
VG_EXPORT bool vg_ipnet_parse(const char *s, size_t len, struct vg_ipnet *ret);
VG_EXPORT bool vg_ipnet_contains(const struct vg_ipnet *net, const struct vg_ipaddr *a);
/* "1.2.3.4" / "::1" into @buf (NUL-terminated); returns the length, 0 for family 0. */
VG_EXPORT size_t vg_ipaddr_format(const struct vg_ipaddr *a, char *buf, size_t cap);

/* ---- syscall event context ---------------------------------------------------------------- */

/* Bounded walk of the parent chain (proc.aname without an index, proc.sname ...). */
#define VG_PROC_MAX_ANCESTORS 256u

enum vg_tri {
	VG_TRI_UNSET = 0, /* unknown: the field is missing */
	VG_TRI_FALSE,
	VG_TRI_TRUE,
};

struct vg_kv {
	struct vg_str key;
	struct vg_str value;
};

struct vg_user {
	uint32_t uid;
	struct vg_str name;    /* user.name */
	struct vg_str homedir; /* user.homedir */
	struct vg_str shell;   /* user.shell */
};

struct vg_group {
	uint32_t gid;
	struct vg_str name; /* group.name */
};

/* struct vg_proc flags */
#define VG_PROC_EXE_WRITABLE (1u << 0)    /* proc.is_exe_writable */
#define VG_PROC_EXE_UPPER_LAYER (1u << 1) /* proc.is_exe_upper_layer (overlayfs upper) */
#define VG_PROC_EXE_LOWER_LAYER (1u << 2) /* proc.is_exe_lower_layer */
#define VG_PROC_EXE_FROM_MEMFD (1u << 3)  /* proc.is_exe_from_memfd */
#define VG_PROC_HAS_EXE_INO (1u << 4)     /* exe_ino* below are valid */
#define VG_PROC_HAS_CAPS (1u << 5)        /* cap_* below are valid */
#define VG_PROC_HAS_LOGINUID (1u << 6)    /* loginuid is valid */
#define VG_PROC_HAS_TTY (1u << 7)         /* tty is valid */
#define VG_PROC_HAS_IDS (1u << 8)         /* uid/gid are valid */

/*
 * A thread (Falco "thread info"): one entry of the source's process table. Fields that the
 * source does not know stay zero / absent and the matching condition fields are missing.
 * Derived strings are precomputed by the source (once per exec, not per event):
 *   args    = argv[1..] joined with single spaces (proc.args)
 *   cmdline = comm + " " + args, or comm when there are no args (proc.cmdline)
 */
struct vg_proc {
	const struct vg_proc *parent; /* NULL = unknown / top of the known tree */
	int64_t tid;                  /* thread.tid */
	int64_t pid;                  /* proc.pid (thread group leader id) */
	int64_t ppid;                 /* proc.ppid (also when the parent entry is unknown); < 0 unknown */
	int64_t vtid, vpid;           /* ids in the pid namespace (thread.vtid, proc.vpid) */
	int64_t sid;                  /* session id (proc.sid) */
	int64_t vpgid;                /* process group id in the pid namespace (proc.vpgid) */
	struct vg_str comm;           /* proc.name */
	struct vg_str exe;            /* proc.exe (argv[0]) */
	struct vg_str exepath;        /* proc.exepath (full path of the executable) */
	struct vg_str args;           /* proc.args */
	struct vg_str cmdline;        /* proc.cmdline */
	struct vg_str cwd;            /* proc.cwd */
	const struct vg_str *env;     /* "NAME=value" entries (proc.env[NAME]) */
	uint32_t nenv;
	uint32_t tty;                 /* proc.tty (VG_PROC_HAS_TTY); 0 = no controlling terminal */
	uint32_t uid, gid;            /* VG_PROC_HAS_IDS */
	uint32_t loginuid;            /* VG_PROC_HAS_LOGINUID; (uint32_t)-1 = unset */
	uint64_t clone_ts;            /* ns since epoch the thread was created; 0 = unknown */
	uint64_t exec_ts;             /* ns since epoch of the last execve; 0 = unknown */
	uint64_t cap_effective;       /* capability bitmasks (bit n = capability n) */
	uint64_t cap_permitted;
	uint64_t cap_inheritable;
	uint64_t exe_ino;             /* VG_PROC_HAS_EXE_INO */
	uint64_t exe_ino_ctime;       /* ns since epoch */
	uint64_t exe_ino_mtime;       /* ns since epoch */
	uint32_t flags;               /* VG_PROC_* */
};

enum vg_fd_type {
	VG_FD_UNKNOWN = 0,
	VG_FD_FILE,        /* 'f' "file" */
	VG_FD_DIRECTORY,   /* 'd' "directory" */
	VG_FD_IPV4_SOCK,   /* '4' "ipv4" */
	VG_FD_IPV6_SOCK,   /* '6' "ipv6" */
	VG_FD_UNIX_SOCK,   /* 'u' "unix" */
	VG_FD_PIPE,        /* 'p' "pipe" */
	VG_FD_EVENT,       /* 'e' "event" */
	VG_FD_SIGNALFD,    /* 's' "signalfd" */
	VG_FD_EVENTPOLL,   /* 'l' "eventpoll" */
	VG_FD_INOTIFY,     /* 'i' "inotify" */
	VG_FD_TIMERFD,     /* 't' "timerfd" */
	VG_FD_NETLINK,     /* 'n' "netlink" */
	VG_FD_BPF,         /* 'b' "bpf" */
	VG_FD_USERFAULTFD, /* 'u' "userfaultfd" */
	VG_FD_IOURING,     /* 'r' "io_uring" */
	VG_FD_MEMFD,       /* 'm' "memfd" */
	VG_FD_PIDFD,       /* 'P' "pidfd" */
	VG_FD__COUNT,
};

/* "file", "ipv4" ... ("<NA>" for unknown) and the fd.typechar letter ('\0' for unknown). */
VG_EXPORT const char *vg_fd_type_name(enum vg_fd_type t);
VG_EXPORT char vg_fd_type_char(enum vg_fd_type t);

enum vg_l4proto {
	VG_L4_NONE = 0, /* not a socket or unknown: fd.l4proto missing */
	VG_L4_TCP,
	VG_L4_UDP,
	VG_L4_ICMP,
	VG_L4_RAW,
};

/* struct vg_fd flags */
#define VG_FD_CONNECTED (1u << 0)    /* fd.connected (sockets) */
#define VG_FD_NAME_CHANGED (1u << 1) /* fd.name_changed */
#define VG_FD_IS_SERVER (1u << 2)    /* this process is the server end (fd.is_server) */
#define VG_FD_HAS_INO (1u << 3)      /* dev/ino are valid */
#define VG_FD_UPPER_LAYER (1u << 4)  /* fd.is_upper_layer */
#define VG_FD_LOWER_LAYER (1u << 5)  /* fd.is_lower_layer */

/*
 * A file descriptor (one entry of a thread's fd table). For sockets, cip/cport are the client
 * end and sip/sport the server end of the connection (Falco's tuple); VG_FD_IS_SERVER decides
 * which one is local (fd.lip) and remote (fd.rip).
 */
struct vg_fd {
	int64_t num;             /* fd.num; -1 for failed opens */
	enum vg_fd_type type;
	struct vg_str name;      /* fd.name: resolved path, "ip:port->ip:port", unix path ... */
	struct vg_str nameraw;   /* fd.nameraw: the path as passed by the process (absent = name) */
	uint32_t open_flags;     /* VG_O_* of the open that created it */
	uint32_t flags;          /* VG_FD_* */
	uint32_t dev;
	uint64_t ino;
	enum vg_l4proto l4proto;
	struct vg_ipaddr cip, sip;
	uint16_t cport, sport;
	struct vg_str cip_name;  /* fd.cip.name (DNS name, if the source resolved it) */
	struct vg_str sip_name;  /* fd.sip.name */
};

/* Open flags as libs' PPM_O_* (the value in struct vg_fd.open_flags and in the VG_FLAGS_OPEN
 * argument). */
#define VG_O_NONE 0u
#define VG_O_RDONLY (1u << 0)
#define VG_O_WRONLY (1u << 1)
#define VG_O_RDWR (VG_O_RDONLY | VG_O_WRONLY)
#define VG_O_CREAT (1u << 2)
#define VG_O_APPEND (1u << 3)
#define VG_O_DSYNC (1u << 4)
#define VG_O_EXCL (1u << 5)
#define VG_O_NONBLOCK (1u << 6)
#define VG_O_SYNC (1u << 7)
#define VG_O_TRUNC (1u << 8)
#define VG_O_DIRECT (1u << 9)
#define VG_O_DIRECTORY (1u << 10)
#define VG_O_LARGEFILE (1u << 11)
#define VG_O_CLOEXEC (1u << 12)
#define VG_O_TMPFILE (1u << 13)
#define VG_O_F_CREATED (1u << 14) /* the open created the file */

struct vg_mount {
	struct vg_str source; /* host path */
	struct vg_str dest;   /* path in the container */
	struct vg_str mode;
	bool rdwr;
	struct vg_str propagation;
};

/* Kubernetes pod of a container (from the CRI pod sandbox): the `k8s.*` fields. */
struct vg_k8s_pod {
	struct vg_str name;            /* k8s.pod.name */
	struct vg_str ns;              /* k8s.ns.name */
	struct vg_str uid;             /* k8s.pod.uid */
	struct vg_str sandbox_id;      /* k8s.pod.sandbox_id (12 chars) */
	struct vg_str full_sandbox_id; /* k8s.pod.full_sandbox_id */
	struct vg_str ip;              /* k8s.pod.ip */
	struct vg_str cni_json;        /* k8s.pod.cni.json */
	const struct vg_kv *labels;    /* k8s.pod.label[key], k8s.pod.labels */
	uint32_t nlabels;
};

/* A container (the `container.*` fields of Falco's container plugin). */
struct vg_container {
	struct vg_str id;               /* 12 hex chars */
	struct vg_str full_id;          /* 64 hex chars */
	struct vg_str name;
	struct vg_str type;             /* "docker", "containerd", "cri-o", "podman" ... */
	struct vg_str image;            /* as configured, e.g. "nginx:1.25" */
	struct vg_str image_id;
	struct vg_str image_repository; /* e.g. "docker.io/library/nginx" */
	struct vg_str image_tag;
	struct vg_str image_digest;
	struct vg_str ip;
	struct vg_str cni_json;
	enum vg_tri privileged;
	enum vg_tri host_pid, host_network, host_ipc;
	uint64_t start_ts;              /* ns since epoch; 0 = unknown */
	const struct vg_kv *labels;     /* container.label[key], container.labels */
	uint32_t nlabels;
	const struct vg_mount *mounts;  /* container.mount[...], container.mounts */
	uint32_t nmounts;
};

/* ---- syscall events ----------------------------------------------------------------------- */

enum vg_arg_type {
	VG_ARG_NONE = 0, /* absent parameter */
	VG_ARG_INT,      /* num.i, rendered in decimal */
	VG_ARG_UINT,     /* num.u, rendered in decimal */
	VG_ARG_FD,       /* num.i */
	VG_ARG_ERRNO,    /* num.i: rendered as the number, "-2(ENOENT)" when negative */
	VG_ARG_PID,      /* num.i */
	VG_ARG_UID,      /* num.u */
	VG_ARG_GID,      /* num.u */
	VG_ARG_FLAGS,    /* num.u rendered through a flag table ("O_RDWR|O_CREAT") */
	VG_ARG_ENUM,     /* num.u rendered through a value table ("PTRACE_ATTACH", "AF_INET") */
	VG_ARG_MODE,     /* num.u rendered in octal ("0644") */
	VG_ARG_STR,      /* str (paths, names) */
	VG_ARG_BYTES,    /* str (binary: may contain NULs) */
	VG_ARG_SOCKADDR, /* addr + port ("1.2.3.4:80"), or str for a unix path */
};

enum vg_flagset {
	VG_FLAGSET_NONE = 0,
	VG_FLAGSET_OPEN,          /* VG_O_* */
	VG_FLAGSET_PTRACE,        /* ptrace request numbers as libs' PPM_PTRACE_* (ENUM) */
	VG_FLAGSET_SOCKET_FAMILY, /* AF_* numbers (ENUM) */
	VG_FLAGSET_CLONE,         /* libs' PPM_CL_* */
	VG_FLAGSET_PROT,          /* libs' PPM_PROT_* */
	VG_FLAGSET_ACCESS,        /* libs' PPM_*_OK */
	VG_FLAGSET__COUNT,
};

/*
 * One parameter of a syscall event, by libs' parameter name ("fd", "name", "flags", "target",
 * "oldpath", "request", "domain" ...; the names the engine accepts in evt.arg.NAME are listed by
 * vg_evt_arg_name_known()). `evt.arg.NAME` is the parameter rendered as text (flag names, errno
 * names, octal modes), `evt.rawarg.NAME` the raw value. A source that knows better may put its
 * own rendering in @text; the engine then uses it for evt.arg.
 */
struct vg_evt_arg {
	const char *name;     /* NUL-terminated parameter name */
	enum vg_arg_type type;
	enum vg_flagset flagset; /* for VG_ARG_FLAGS / VG_ARG_ENUM */
	union {
		int64_t i;
		uint64_t u;
	} num;
	struct vg_str str;    /* VG_ARG_STR / VG_ARG_BYTES, the unix path of a VG_ARG_SOCKADDR */
	struct vg_ipaddr addr; /* VG_ARG_SOCKADDR */
	uint16_t port;
	struct vg_str text;   /* optional pre-rendered evt.arg text */
};

/* True when @name (length @len) is a parameter name evt.arg.NAME / evt.rawarg.NAME accept. */
VG_EXPORT bool vg_evt_arg_name_known(const char *name, size_t len);

/* struct vg_sys_event flags */
#define VG_SYS_HAS_RES (1u << 0) /* res is valid (exit events of syscalls) */

/*
 * Event direction. libs no longer produces enter events except the TOCTOU-mitigation enter
 * events of connect/creat/open/openat/openat2; everything else is an exit event (the zero
 * value). `evt.dir` is "<" for exit, ">" for enter (deprecated in Falco).
 */
enum vg_evt_dir {
	VG_DIR_EXIT = 0,
	VG_DIR_ENTER,
};

/*
 * A syscall event (exit side; libs no longer produces enter events). @source must be
 * VG_SOURCE_SYSCALL. The context pointers are the state at the time of the event; the source
 * normally sets user/group/loginuser from proc's ids and container/pod from proc's cgroup.
 * container == NULL means the host (container.id = "host").
 */
struct vg_sys_event {
	enum vg_source source;            /* VG_SOURCE_SYSCALL */
	enum vg_evt_type type;
	enum vg_evt_dir dir;              /* VG_DIR_EXIT unless an enter event */
	uint64_t num;                     /* evt.num (1-based sequence number) */
	uint64_t ts;                      /* evt.rawtime: ns since the epoch */
	uint32_t cpu;                     /* evt.cpu */
	uint32_t flags;                   /* VG_SYS_* */
	int64_t res;                      /* return value; failures are -errno */
	const struct vg_evt_arg *args;    /* nargs parameters, in libs' order */
	uint32_t nargs;
	const struct vg_proc *proc;       /* calling thread; NULL = unknown */
	const struct vg_fd *fd;           /* fd the event refers to / created; NULL = none */
	const struct vg_user *user;       /* user of proc's uid; NULL = unknown */
	const struct vg_user *loginuser;  /* user of proc's loginuid; NULL = unknown */
	const struct vg_group *group;     /* group of proc's gid; NULL = unknown */
	const struct vg_container *container; /* NULL = host */
	const struct vg_k8s_pod *pod;     /* NULL = not in a Kubernetes pod */
	struct vg_str hostname;           /* evt.hostname */
};

/* Errno name for a positive errno value ("ENOENT"); NULL when unknown. */
VG_EXPORT const char *vg_errno_name(int64_t err);

/* ---- Kubernetes audit events -------------------------------------------------------------- */

/*
 * One audit.k8s.io Event, parsed into the document tree of vigil/doc.h. @root is borrowed from
 * a struct vg_docset (which owns it). @raw, when present, is the event's JSON text (jevt.obj);
 * otherwise the engine serialises @root.
 */
struct vg_audit_event {
	enum vg_source source;      /* VG_SOURCE_K8S_AUDIT */
	uint64_t num;               /* evt.num */
	uint64_t ts;                /* ns since epoch (vg_audit_time) */
	const struct vg_node *root; /* the Event object (a MAP) */
	struct vg_str raw;
	struct vg_str hostname;
};

/*
 * Parse one JSON document (an Event or an EventList, e.g. one line of a webhook log) with the
 * document parser's limits. Same contract as vg_docset_parse() (the docset owns every node).
 */
VG_EXPORT VG_WUR int vg_audit_parse(const char *json, size_t len, const struct vg_limits *limits,
				     struct vg_docset **ret_set, struct vg_diag *ret_diag);
/* Number of Event objects in @root: the items of an EventList (kind: EventList), 1 for any
 * other object, 0 otherwise. */
VG_EXPORT size_t vg_audit_count(const struct vg_node *root);
/* The @i-th Event object of @root (see vg_audit_count); NULL when out of range. Borrowed. */
VG_EXPORT const struct vg_node *vg_audit_item(const struct vg_node *root, size_t i);
/* Fill @ret from @root (num, ts from vg_audit_time, raw/hostname absent). */
VG_EXPORT void vg_audit_event_init(struct vg_audit_event *ret, const struct vg_node *root,
				   uint64_t num);
/*
 * Event time in ns since the epoch from stageTimestamp (else requestReceivedTimestamp), RFC 3339
 * with optional fraction; 0 when absent or malformed.
 */
VG_EXPORT uint64_t vg_audit_time(const struct vg_node *root);
/* Value at a path of map keys below @root (NULL-terminated key list), e.g.
 * vg_audit_get(root, "objectRef", "resource", NULL). NULL when absent. */
VG_EXPORT const struct vg_node *vg_audit_get(const struct vg_node *root, ...)
	__attribute__((sentinel));

#ifdef __cplusplus
}
#endif
#endif
