/* SPDX-License-Identifier: (GPL-2.0-only OR Apache-2.0) */
/*
 * vigil_bpf.h - the contract between the eBPF programs (bpf/vigil.bpf.c) and user space
 * (src/lib/live/probe.c, decode.c): map layouts and the record format of the ring buffer.
 * Shared by both sides; only fixed-width types. Little-endian x86_64 layout.
 *
 * A record is a struct vg_krec header followed by parameters. Each parameter starts at an
 * 8-byte aligned offset with a struct vg_kparam header and `len` bytes of data (strings are
 * NUL-terminated within len when not truncated). Records are at most VG_KREC_MAX bytes.
 */
#ifndef VIGIL_BPF_H
#define VIGIL_BPF_H

#ifndef __VMLINUX_H__
#include <stdint.h>
typedef uint8_t vg_u8;
typedef uint16_t vg_u16;
typedef uint32_t vg_u32;
typedef uint64_t vg_u64;
typedef int64_t vg_s64;
#else
typedef __u8 vg_u8;
typedef __u16 vg_u16;
typedef __u32 vg_u32;
typedef __u64 vg_u64;
typedef __s64 vg_s64;
#endif

#define VG_KREC_MAGIC 0x5647u /* "VG" */
#define VG_KREC_MAX 16384u    /* bytes of one record (header + params) */
#define VG_KSTR_MAX 4096u     /* bytes of one string parameter */
#define VG_KNR_MAX 512u       /* syscall numbers covered by the descriptor map */
#define VG_KPATH_DEPTH 32u    /* path components of a kernel path walk */

/* record kinds */
enum vg_krec_kind {
	VG_KREC_SYSCALL = 1, /* syscall exit; nr = syscall number */
	VG_KREC_FORK = 2,    /* sched_process_fork: args[0] = child tid, args[1] = child tgid */
	VG_KREC_EXEC = 3,    /* sched_process_exec: the new image (params EXEPATH, ARGV ...) */
	VG_KREC_EXIT = 4,    /* sched_process_exit */
};

/* record flags */
#define VG_KREC_F_TRUNC (1u << 0) /* a parameter was truncated or skipped (record full) */
#define VG_KREC_F_THREAD (1u << 1) /* FORK: a thread (CLONE_THREAD), not a process */
#define VG_KREC_F_FULL (1u << 2)   /* ptgid, uid/gid, loginuid, sid, vtid/vtgid, pidns_ino, tty
				    * are filled (fork and exec records); syscall records carry
				    * tgid/tid, euid/egid (also in uid/gid), cgroup, comm only */

struct vg_krec {
	vg_u16 magic;  /* VG_KREC_MAGIC */
	vg_u16 kind;   /* enum vg_krec_kind */
	vg_u16 nr;     /* syscall number (VG_KREC_SYSCALL) */
	vg_u16 len;    /* total bytes including this header */
	vg_u32 cpu;
	vg_u32 flags;  /* VG_KREC_F_* */
	vg_u64 ts;     /* bpf_ktime_get_boot_ns() */
	vg_u32 tgid, tid;
	vg_u32 ptgid;  /* real parent's tgid */
	vg_u32 uid, gid, euid, egid;
	vg_u32 loginuid;
	vg_u32 sid;    /* session id (global pid namespace) */
	vg_u32 vtid, vtgid; /* ids in the task's own pid namespace */
	vg_u32 tty;    /* dev_t of the controlling tty (new encoding), 0 = none */
	vg_u32 pad;
	vg_u64 cgroup_id;
	vg_u64 pidns_ino; /* pid namespace inode (host = the init namespace's) */
	vg_s64 ret;       /* syscall return value */
	vg_u64 args[6];   /* raw syscall arguments */
	char comm[16];
};

/* parameter ids */
enum vg_kparam_id {
	VG_KP_STR0 = 0x10,      /* + i: user string of syscall argument i */
	VG_KP_SOCKADDR0 = 0x20, /* + i: user struct sockaddr of argument i (raw bytes) */
	VG_KP_BASE0 = 0x30,     /* + i: directory a relative path argument i is resolved in
				 * (path components leaf first, NUL-separated) */
	VG_KP_EXEPATH = 0x40,   /* path components (leaf first) of the executable */
	VG_KP_CWD = 0x41,       /* path components (leaf first) of the working directory */
	VG_KP_ARGV = 0x42,      /* NUL-separated argv (mm->arg_start..arg_end) */
	VG_KP_ENV = 0x43,       /* NUL-separated environment (truncated at VG_KSTR_MAX) */
	VG_KP_TUPLE = 0x44,     /* struct vg_ktuple of the socket of the fd */
	VG_KP_OPENHOW = 0x45,   /* openat2: struct open_how {flags, mode, resolve} (3 x u64) */
	VG_KP_CLONE3 = 0x46,    /* clone3: u64 flags of struct clone_args */
	VG_KP_FDPATH = 0x47,    /* path components of the file of fd argument 0 (fchmod ...) */
	VG_KP_EXEINFO = 0x48,   /* struct vg_kexeinfo */
	VG_KP_CGROUP = 0x49,    /* cgroup v2 path components (leaf first) of the task */
};

struct vg_kparam {
	vg_u8 id;    /* enum vg_kparam_id */
	vg_u8 flags; /* VG_KPARAM_F_* */
	vg_u16 len;  /* bytes of data after this header */
	vg_u32 pad;
};
#define VG_KPARAM_F_TRUNC (1u << 0) /* data was cut short */
#define VG_KPARAM_F_ABSOLUTE (1u << 1) /* a path walk reached the root */

struct vg_ktuple {
	vg_u16 family; /* AF_INET, AF_INET6, AF_UNIX ... (0 = not a socket) */
	vg_u16 type;   /* SOCK_STREAM ... */
	vg_u16 proto;  /* IPPROTO_TCP ... */
	vg_u16 lport;  /* host order */
	vg_u16 rport;  /* host order */
	vg_u16 pad[3];
	vg_u8 laddr[16]; /* IPv4 in the first 4 bytes, network order */
	vg_u8 raddr[16];
};

struct vg_kexeinfo {
	vg_u64 exe_ino;
	vg_u64 exe_ctime; /* ns */
	vg_u64 exe_mtime; /* ns */
	vg_u64 cap_effective, cap_permitted, cap_inheritable;
	vg_u32 exe_flags; /* VG_KEXE_* */
	vg_u32 pad;
};
#define VG_KEXE_UPPER_LAYER (1u << 0)
#define VG_KEXE_LOWER_LAYER (1u << 1)

/* ---- maps ---- */

/* special handling of a syscall (struct vg_ksc_desc.special) */
enum vg_ksc_special {
	VG_KSP_NONE = 0,
	VG_KSP_TUPLE_A0, /* socket tuple of the fd in argument 0 (connect, bind, listen) */
	VG_KSP_TUPLE_RET, /* socket tuple of the returned fd (accept, accept4) */
	VG_KSP_OPENAT2,  /* read struct open_how of argument 2 */
	VG_KSP_CLONE3,   /* read clone_args.flags of argument 0 */
	VG_KSP_FDPATH_A0, /* path of the file of fd argument 0 (fchmod) */
	VG_KSP_EXECVE,    /* on failure read the filename (argument given by str_mask) */
};

/* descriptor map entry (array indexed by syscall number), written by user space */
struct vg_ksc_desc {
	vg_u8 interest;   /* 0 = return at once */
	vg_u8 str_mask;   /* bit i: argument i is a user string to copy */
	vg_u8 sa_mask;    /* bit i: argument i is a user sockaddr, argument i+1 its length */
	vg_u8 special;    /* enum vg_ksc_special */
	vg_u8 category;   /* enum vg_kcat (drop counters) */
	vg_u8 base[6];    /* per argument: 0 = no base, 1 = cwd when relative, 2 + j = the
			   * directory fd in argument j when relative (AT_FDCWD = cwd) */
	vg_u8 only_ok;    /* 1 = skip failed calls (res < 0) */
};

/* drop-counter categories */
enum vg_kcat {
	VG_KCAT_OTHER = 0,
	VG_KCAT_FILE,
	VG_KCAT_NET,
	VG_KCAT_PROC,     /* exec, ids, ptrace, kill, clone ... */
	VG_KCAT_SYSTEM,   /* mount, bpf, modules, namespaces */
	VG_KCAT_LIFECYCLE, /* fork / exec / exit records */
	VG_KCAT__COUNT,
};

/* per-CPU counters (array of u64 indexed by VG_KCNT_*(cat)) */
#define VG_KCNT_SENT(cat) (0u * VG_KCAT__COUNT + (cat))     /* records written */
#define VG_KCNT_DROP_RB(cat) (1u * VG_KCAT__COUNT + (cat))  /* ring buffer full */
#define VG_KCNT_TRUNC(cat) (2u * VG_KCAT__COUNT + (cat))    /* truncated parameters */
#define VG_KCNT_SEEN(cat) (3u * VG_KCAT__COUNT + (cat))     /* interesting syscalls seen */
#define VG_KCNT__COUNT (4u * VG_KCAT__COUNT)

#endif
