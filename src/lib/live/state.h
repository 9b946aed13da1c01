/* SPDX-License-Identifier: Apache-2.0 */
/*
 * live/state.h - user-space state of the live (eBPF) source: a process table built from an
 * initial /proc scan and kept by fork/exec/exit events, an fd table per process, a container
 * cache (container ID from the cgroup path) and a user/group cache per mount namespace.
 *
 * Private API of src/lib/live (owner E2: proctab.c, fdtab.c, cgroup.c, users.c). The
 * decoder (decode.c) calls the event hooks in event order and, for each event, fills the
 * context of its struct vg_sys_event with vg_live_state_fill() before evaluating the rules.
 *
 * Ownership: everything reachable from the pointers vg_live_state_fill() / vg_live_fd() return
 * is owned by the state and stays valid and unchanged until the next hook call or
 * vg_live_state_end_event() (whichever comes first). Exit is deferred: vg_live_on_exit() only
 * marks the process; the entry is removed by the next vg_live_state_end_event(), so the
 * procexit event is evaluated with the full process. Threads (CLONE_THREAD) share the entry of
 * their thread group leader; vg_live_state_fill() gives a per-event copy with the thread's tid.
 *
 * Limits are counted, never silent: a full process table evicts the oldest exited-or-least-
 * recently-seen entries one at a time and counts them (stats.proc_evicted); fds above
 * max_fd_num and fds beyond max_fds per process are dropped and counted (stats.fd_dropped).
 *
 * Not thread-safe: one owner (the consumer thread of the ring buffer).
 */
#ifndef VG_LIVE_STATE_H
#define VG_LIVE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/event.h"

struct vg_live_limits {
	uint32_t max_procs;        /* process table entries (default 32768) */
	uint32_t max_fds;          /* fd entries per process (default 4096) */
	uint32_t max_fd_num;       /* highest fd number tracked (default 65535) */
	uint32_t max_containers;   /* container cache entries (default 1024) */
	uint32_t max_userdbs;      /* mount namespaces with a cached passwd/group (default 64) */
	uint32_t max_str;          /* longest string kept (paths, cmdline; default 4096) */
	uint32_t max_env;          /* environment entries kept per process (default 256) */
};

/* Counters (all monotonic except procs/containers). */
struct vg_live_state_stats {
	uint64_t procs;            /* entries now */
	uint64_t proc_added;       /* by scan, fork, exec or on-demand /proc reads */
	uint64_t proc_removed;     /* by exit */
	uint64_t proc_evicted;     /* table full: entries forgotten */
	uint64_t proc_lazy;        /* unknown tid seen in an event, read from /proc on demand */
	uint64_t proc_missing;     /* unknown and not in /proc any more */
	uint64_t fd_dropped;       /* fd beyond max_fd_num / max_fds */
	uint64_t containers;       /* cache entries now */
	uint64_t container_evicted;
	uint64_t userdb_loads;     /* passwd/group files parsed */
	uint64_t userdb_evicted;
	uint64_t cri_lookups;      /* containers asked to the CRI runtime */
	uint64_t cri_failures;     /* ... that gave no metadata (unknown, timeout, error) */
};

void vg_live_limits_init(struct vg_live_limits *ret);

struct vg_live_state;

/*
 * New empty state. @proc_root is the procfs mount ("/proc" when NULL; tests pass a fake tree
 * with the same layout: PID/{stat,status,cmdline,comm,cgroup,loginuid,environ}, symlinks
 * PID/{exe,cwd,ns/mnt} and PID/root/etc/{passwd,group}). @limits NULL = defaults.
 * @hostname is copied into evt.hostname (NULL = absent). Returns 0 or -ENOMEM/-EINVAL.
 */
int vg_live_state_new(const char *proc_root, const char *hostname,
		      const struct vg_live_limits *limits, struct vg_live_state **ret);
void vg_live_state_free(struct vg_live_state *st);

/*
 * CRI runtime socket for container metadata (container.name/image/labels, k8s.pod.name/ns/
 * labels/ip): ContainerStatus + PodSandboxStatus over gRPC, once per new container, each call
 * bounded by @timeout_ms (<= 0: 200 ms). @socket NULL = none. vg_live_state_new() with the
 * default proc root picks the first of /run/containerd/containerd.sock, /run/crio/crio.sock
 * that exists. Returns 0 or -ENOMEM.
 */
int vg_live_state_set_cri(struct vg_live_state *st, const char *socket, long timeout_ms);

/*
 * Initial scan: one entry per process (thread group) under proc_root: pid, ppid, comm, exe
 * (argv[0]), exepath (readlink exe), args/cmdline, cwd, tty (tty_nr of stat), sid, pgid, vpid
 * (NSpid), loginuid, uid/gid (effective, as libs), caps, container (from cgroup), mount namespace (users),
 * start time (clone_ts). Returns the number of processes added (>= 0) or -errno when
 * proc_root cannot be read. Processes that vanish during the scan are skipped.
 */
int vg_live_state_scan_proc(struct vg_live_state *st);

/* ---- event hooks (call in event order, before filling the event) ------------------------- */

/*
 * fork/vfork/clone/clone3 child (sched_process_fork): the child inherits the parent's entry
 * (image, ids, cwd, env, container, mount namespace), gets @child_pid/@child_tid, ppid =
 * the parent's pid (or the parent's ppid with CLONE_PARENT), clone_ts = @ts. Without
 * CLONE_THREAD the child gets a copy of the parent's fd table (CLONE_FILES: also a copy; the
 * sharing is not modelled). With CLONE_THREAD nothing is added (threads share the leader's
 * entry). @clone_flags are Linux CLONE_* bits. An unknown parent is read from /proc.
 */
int vg_live_on_fork(struct vg_live_state *st, int64_t parent_tid, int64_t child_pid,
		    int64_t child_tid, uint64_t clone_flags, uint64_t ts);

/*
 * What an execve/execveat exit event knows. Absent values: NULL pointers, -1 for the signed
 * numbers, has_* false. Whatever is absent is read from proc_root/PID (and kept from the
 * previous image when /proc has gone too).
 */
struct vg_live_exec {
	int64_t pid, tid;          /* thread group id, calling thread */
	int64_t ppid;              /* -1: keep */
	const char *exepath;       /* resolved path of the new executable (proc.exepath) */
	const char *argv;          /* argv[0..] as NUL-separated strings, @argv_len bytes */
	size_t argv_len;
	const char *env;           /* environ as NUL-separated "K=V", @env_len bytes (NULL: keep) */
	size_t env_len;
	const char *comm;          /* task comm after exec (NULL: basename of exepath) */
	const char *cwd;           /* NULL: readlink proc_root/PID/cwd */
	const char *cgroup;        /* one cgroup path, e.g. "/kubepods.slice/.../cri-containerd-
				    * <id>.scope" (NULL: read proc_root/PID/cgroup) */
	bool has_tty;
	uint32_t tty;              /* tty_nr (major << 8 | minor, as stat) */
	bool has_loginuid;
	uint32_t loginuid;         /* (uint32_t)-1 = unset */
	bool has_ids;
	uint32_t uid, gid;
	int64_t sid, vpid, vpgid;  /* -1: read / keep */
	uint32_t exe_flags;        /* VG_PROC_EXE_* (upper/lower layer, writable, memfd) */
	bool has_exe_ino;
	uint64_t exe_ino, exe_ino_ctime, exe_ino_mtime;
	bool has_caps;
	uint64_t cap_effective, cap_permitted, cap_inheritable;
	uint64_t ts;               /* exec_ts */
};
/* Initialise @x with every field absent. */
void vg_live_exec_init(struct vg_live_exec *x);
int vg_live_on_exec(struct vg_live_state *st, const struct vg_live_exec *x);

/* Credentials changed (setuid/setresuid/setgid ... exit events): NULL = unchanged. */
int vg_live_on_setids(struct vg_live_state *st, int64_t pid, const uint32_t *uid,
		      const uint32_t *gid);
/* chdir/fchdir: new cwd (NULL: readlink proc_root/PID/cwd). */
int vg_live_on_chdir(struct vg_live_state *st, int64_t pid, const char *cwd);
/* The process moved to another mount namespace (unshare/setns with CLONE_NEWNS): the user
 * database is looked up again (proc_root/PID/ns/mnt). */
int vg_live_on_mntns_change(struct vg_live_state *st, int64_t pid);

/*
 * Thread exit (sched_process_exit). Deferred: the entry stays usable until the next
 * vg_live_state_end_event(). Exit of a non-leader thread changes nothing.
 */
int vg_live_on_exit(struct vg_live_state *st, int64_t pid, int64_t tid);

/* Call after the rules have seen an event: performs deferred removals. Cheap when none. */
void vg_live_state_end_event(struct vg_live_state *st);

/* ---- fd table (per process, i.e. per thread group) ---------------------------------------- */

/*
 * Install @fd (fd->num >= 0) for @pid, replacing any entry with that number; strings are
 * copied (name, nameraw, cip_name, sip_name). Used by open/openat/openat2/creat (type FILE or
 * DIRECTORY, name = resolved path, open_flags = VG_O_*, dev/ino/upper-layer flags), socket
 * (type IPV4/IPV6/UNIX/NETLINK..., l4proto), memfd_create (MEMFD, name "memfd:NAME"), pipe,
 * eventfd, signalfd ... Returns 0, -ENOSPC (dropped and counted) or -ENOMEM.
 */
int vg_live_fd_set(struct vg_live_state *st, int64_t pid, const struct vg_fd *fd);

/*
 * Connected / accepted socket: set the tuple of fd @num of @pid (creating an entry when the
 * socket was not seen). @server false (connect): client = local, server = remote. @server true
 * (accept: call vg_live_fd_set for the new fd first, or let this create it): server = local,
 * client = remote, VG_FD_IS_SERVER. Marks VG_FD_CONNECTED, sets the type from the address
 * family when unknown and fd.name to "cip:cport->sip:sport". Unix sockets: pass family 0
 * addresses and @unix_path (fd.name = the path).
 */
int vg_live_fd_connect(struct vg_live_state *st, int64_t pid, int64_t num,
		       const struct vg_ipaddr *local, uint16_t lport, const struct vg_ipaddr *remote,
		       uint16_t rport, bool server, const char *unix_path);

/* close: remove (no-op when unknown). */
int vg_live_fd_close(struct vg_live_state *st, int64_t pid, int64_t num);
/* dup/dup2/dup3/fcntl(F_DUPFD): @newfd becomes a copy of @oldfd (removed when @oldfd is
 * unknown). @cloexec sets VG_O_CLOEXEC on the copy. */
int vg_live_fd_dup(struct vg_live_state *st, int64_t pid, int64_t oldfd, int64_t newfd,
		   bool cloexec);
/* execve succeeded: drop fds opened with VG_O_CLOEXEC. (vg_live_on_exec does it itself.) */
void vg_live_fd_close_on_exec(struct vg_live_state *st, int64_t pid);

/* fd @num of @pid; NULL when unknown. Borrowed (see Ownership). Unknown fds are not read from
 * /proc (the decoder may build a temporary struct vg_fd from the event's own arguments). */
const struct vg_fd *vg_live_fd(struct vg_live_state *st, int64_t pid, int64_t num);

/* ---- lookups ------------------------------------------------------------------------------ */

/*
 * The process of thread @tid in thread group @pid (pid < 0: unknown, the tid's entry only).
 * An unknown process is read from proc_root on demand (counted in stats.proc_lazy). NULL when
 * it is neither known nor in /proc. parent pointers are linked (bounded walk by ppid) so
 * proc.pname / proc.aname[N] / proc.apid work. Borrowed.
 */
const struct vg_proc *vg_live_proc(struct vg_live_state *st, int64_t pid, int64_t tid);

/*
 * Fill the context of @ev for thread @tid of @pid: proc (as vg_live_proc, with tid set),
 * user/group (names resolved in the process's mount namespace: /etc/passwd, /etc/group under
 * proc_root/PID/root; the number as name when unknown), loginuser, container (NULL = host) and
 * pod (NULL = not a kubepods cgroup), hostname. Fields of @ev other than these are untouched;
 * ev->fd is NOT set (use vg_live_fd). Returns 0 (the context may be partly empty when the
 * process is unknown) or -ENOMEM. @uid/@gid: the thread's current real ids from the kernel
 * record (-1 = unknown: use the table); a change updates the table.
 */
int vg_live_state_fill(struct vg_live_state *st, int64_t pid, int64_t tid, int64_t uid,
		       int64_t gid, struct vg_sys_event *ev);

void vg_live_state_stats(const struct vg_live_state *st, struct vg_live_state_stats *ret);

/* ---- cgroup -> container (pure functions; unit-tested on real cgroup lines) ------------- */

enum vg_cgroup_engine {
	VG_CGROUP_HOST = 0,  /* no container in the path */
	VG_CGROUP_DOCKER,
	VG_CGROUP_CONTAINERD, /* containerd / CRI (cri-containerd-*.scope, kubepods/.../<id>) */
	VG_CGROUP_CRIO,
	VG_CGROUP_PODMAN,     /* libpod-<id>.scope */
};

struct vg_cgroup_match {
	enum vg_cgroup_engine engine;
	char id[65];          /* full 64-hex container id ("" for host) */
	char pod_uid[37];     /* pod UID from a kubepods path, dashes restored ("" when none) */
	bool conmon;          /* crio-conmon-/libpod-conmon-: the runtime's monitor, not the
			       * container (Falco: host) */
};

/* "docker", "containerd", "cri-o", "podman" (container.type); "host" for VG_CGROUP_HOST. */
const char *vg_cgroup_engine_name(enum vg_cgroup_engine e);

/*
 * Match one cgroup path (the part after the second ':' of a /proc/PID/cgroup line, e.g.
 * "/system.slice/docker-<64hex>.scope") against the known layouts. Returns true with @ret
 * filled when a container id was found; false (engine HOST) otherwise.
 */
bool vg_cgroup_match_path(const char *path, size_t len, struct vg_cgroup_match *ret);

/*
 * Match the contents of a /proc/PID/cgroup file (v1 "N:ctrl:path" lines and the v2 "0::path"
 * line; the first line with a container id wins). Same result as vg_cgroup_match_path.
 */
bool vg_cgroup_match_file(const char *text, size_t len, struct vg_cgroup_match *ret);

#endif
