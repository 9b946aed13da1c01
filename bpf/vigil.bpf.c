// SPDX-License-Identifier: GPL-2.0-only
/*
 * vigil.bpf.c - vigil's kernel side: libbpf CO-RE programs capturing the syscalls the Falco
 * rules need at syscall exit, plus the process lifecycle (fork, exec, exit), into one ring
 * buffer. See docs/live.md and bpf/vigil_bpf.h (the record format).
 *
 * Programs (the ring buffer needs 5.8). Syscalls, one of three modes chosen by user space at
 * load time (src/lib/live/probe.c: the first the kernel accepts):
 *   fexit/__x64_sys_NAME (vg_fx_NAME)  one per captured syscall, attached only for the syscalls
 *                                      of the interest set: other syscalls pay nothing
 *   fexit/schedule_tail (vg_fx_child)  the child's return of clone/clone3/fork/vfork
 *   tracepoint/syscalls/sys_exit_NAME  (vg_tp_NAME) the same on the tracefs syscall events,
 *                                      where trampolines are refused: other syscalls run no
 *                                      program but take the syscall tracing slow path
 *   tp_btf/sys_exit (vg_sys_exit)      last resort: every syscall exit, a descriptor-map lookup
 *                                      by syscall number; syscalls outside the interest set
 *                                      return
 * All read the arguments from the saved user registers (x86_64 keeps di/si/dx/r10/r8/r9 intact
 * until the exit), so no sys_enter program and no per-thread stash are needed, and build the
 * same records (sc_exit()).
 *   raw_tracepoint/sched_process_fork  new threads and processes
 *   raw_tracepoint/sched_process_exec  the new image: exe path, argv, env, cwd, ids, tty
 *   raw_tracepoint/sched_process_exit  thread exit
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "vigil_bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define HALF VG_KREC_MAX
#define HMASK (HALF - 1)
#define AT_FDCWD_ (-100)
#define S_IFMT_ 00170000
#define S_IFSOCK_ 0140000
#define TS_COMPAT_ 0x0002
#define AF_INET_ 2
#define AF_INET6_ 10
#define OVERLAYFS_MAGIC_ 0x794c7630
#define CGROUP_DEPTH 16

struct scratch {
	char buf[2 * HALF];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VG_KNR_MAX);
	__type(key, __u32);
	__type(value, struct vg_ksc_desc);
} sc_desc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VG_KCNT__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* fexit mode: the record builder (vg_fx_worker), reached by tail call from the per-syscall
 * programs so that the verifier checks sc_exit() once instead of once per syscall */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} fx_worker SEC(".maps");

/* set by user space before load */
const volatile __u32 self_tgid = 0;
/* wake the consumer only once this much data waits (it also polls with a short timeout):
 * a wakeup per record would cost a context switch per syscall */
const volatile __u64 wakeup_bytes = 256 * 1024;

/* hide the value from the compiler so the mask survives for the verifier */
static __always_inline __u32 vmask(__u32 v, __u32 mask)
{
	asm volatile("" : "+r"(v));
	return v & mask;
}

/*
 * Forget what the verifier knows about an offset (store it in the map value and load it back),
 * then bound it: the states of different paths through a loop become equal and are pruned.
 */
static __always_inline __u32 launder(char *buf, __u32 v)
{
	volatile __u32 *slot = (volatile __u32 *)(buf + 2 * HALF - 8);
	*slot = v;
	return *slot & (2 * HALF - 1);
}

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);
	if (v)
		*v += 1;
}

static __always_inline __u32 upid_nr(struct pid *p, bool virt, __u64 *ret_ns)
{
	if (!p)
		return 0;
	unsigned int level = virt ? BPF_CORE_READ(p, level) : 0;
	int nr = 0;
	bpf_core_read(&nr, sizeof(nr), &p->numbers[level & 31].nr);
	if (ret_ns) {
		struct pid_namespace *ns = NULL;
		bpf_core_read(&ns, sizeof(ns), &p->numbers[level & 31].ns);
		*ret_ns = ns ? BPF_CORE_READ(ns, ns.inum) : 0;
	}
	return (__u32)nr;
}

static __always_inline __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(tty, driver, major);
	int minor = BPF_CORE_READ(tty, driver, minor_start) + index;
	/* new_encode_dev(): the user-space dev_t layout */
	return ((__u32)minor & 0xff) | ((__u32)major << 8) | (((__u32)minor & ~0xffu) << 12);
}

/*
 * Fill the header. Syscall records (@full false) carry only what changes per call (ids, the
 * effective credentials, cgroup, comm): the process attributes (parent, session, pid
 * namespace, tty, loginuid) come with the fork and exec records and the /proc scan, which
 * keeps the per-syscall cost down.
 */
static __always_inline struct vg_krec *rec_init(char *buf, __u16 kind, struct task_struct *t,
						bool full)
{
	struct vg_krec *r = (struct vg_krec *)buf;
	__u64 pt = bpf_get_current_pid_tgid();
	r->magic = VG_KREC_MAGIC;
	r->kind = kind;
	r->nr = 0;
	r->len = sizeof(*r);
	r->cpu = bpf_get_smp_processor_id();
	r->flags = full ? VG_KREC_F_FULL : 0;
	r->ts = bpf_ktime_get_boot_ns();
	r->tgid = pt >> 32;
	r->tid = (__u32)pt;
	const struct cred *c = BPF_CORE_READ(t, cred);
	r->euid = BPF_CORE_READ(c, euid.val);
	r->egid = BPF_CORE_READ(c, egid.val);
	r->ptgid = 0;
	r->uid = r->euid;
	r->gid = r->egid;
	r->loginuid = (__u32)-1;
	r->sid = 0;
	r->vtid = r->vtgid = 0;
	r->pidns_ino = 0;
	r->tty = 0;
	if (full) {
		r->ptgid = BPF_CORE_READ(t, real_parent, tgid);
		r->uid = BPF_CORE_READ(c, uid.val);
		r->gid = BPF_CORE_READ(c, gid.val);
		if (bpf_core_field_exists(t->loginuid))
			r->loginuid = BPF_CORE_READ(t, loginuid.val);
		struct pid *sidp = BPF_CORE_READ(t, signal, pids[PIDTYPE_SID]);
		r->sid = upid_nr(sidp, false, NULL);
		struct pid *tp = BPF_CORE_READ(t, thread_pid);
		r->vtid = upid_nr(tp, true, &r->pidns_ino);
		struct pid *gp = BPF_CORE_READ(t, group_leader, thread_pid);
		r->vtgid = upid_nr(gp, true, NULL);
		r->tty = task_tty(t);
	}
	r->pad = 0;
	r->cgroup_id = bpf_get_current_cgroup_id();
	r->ret = 0;
	for (int i = 0; i < 6; i++)
		r->args[i] = 0;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	return r;
}

/* Start a parameter at (aligned) @off; returns the data offset. */
static __always_inline __u32 param_data(__u32 off)
{
	return ((off + 7) & ~7u) + sizeof(struct vg_kparam);
}

/* Close the parameter whose data starts at @doff with @len bytes; returns the next offset. */
static __always_inline __u32 param_end(char *buf, __u32 doff, __u8 id, __u8 flags, __u32 len)
{
	__u32 hoff = (doff - sizeof(struct vg_kparam)) & HMASK;
	struct vg_kparam *p = (struct vg_kparam *)(buf + vmask(hoff, HMASK));
	p->id = id;
	p->flags = flags;
	p->len = (__u16)len;
	p->pad = 0;
	return doff + len;
}

/* Room for the data of a parameter starting at @doff (0 when the record is full). */
static __always_inline __u32 room(__u32 doff)
{
	if (doff >= HALF)
		return 0;
	__u32 r = HALF - doff;
	return r > VG_KSTR_MAX ? VG_KSTR_MAX : r;
}

static __always_inline __u32 put_user_str(char *buf, __u32 off, __u8 id, const void *uptr,
					  __u32 *flags)
{
	__u32 doff = param_data(off);
	__u32 n = room(doff);
	if (n == 0 || !uptr) {
		if (n == 0)
			*flags |= VG_KREC_F_TRUNC;
		return off;
	}
	long got = bpf_probe_read_user_str(buf + vmask(doff, HMASK), vmask(n, VG_KSTR_MAX * 2 - 1), uptr);
	if (got <= 0)
		return off;
	__u8 pf = 0;
	if ((__u32)got >= n) {
		pf = VG_KPARAM_F_TRUNC;
		*flags |= VG_KREC_F_TRUNC;
	}
	return param_end(buf, doff, id, pf, (__u32)got);
}

/* A user memory area (argv, env): bytes [start, end) up to the room left. */
static __always_inline __u32 put_user_area(char *buf, __u32 off, __u8 id, __u64 start, __u64 end,
					   __u32 *flags)
{
	__u32 doff = param_data(off);
	__u32 n = room(doff);
	if (end <= start)
		return off;
	__u64 want = end - start;
	__u8 pf = 0;
	if (want > n) {
		want = n;
		pf = VG_KPARAM_F_TRUNC;
		*flags |= VG_KREC_F_TRUNC;
	}
	if (want == 0)
		return off;
	__u32 w = (__u32)want & (VG_KSTR_MAX * 2 - 1);
	if (bpf_probe_read_user(buf + vmask(doff, HMASK), vmask(w, VG_KSTR_MAX * 2 - 1), (const void *)start) < 0)
		return off;
	return param_end(buf, doff, id, pf, w);
}

/*
 * Walk a path from @dentry up to the root, crossing mounts; writes the components leaf first,
 * each NUL-terminated. User space reverses them.
 */
static __always_inline __u32 put_path(char *buf, __u32 off, __u8 id, struct dentry *dentry,
				      struct vfsmount *vfsmnt, __u32 *flags)
{
	__u32 doff = param_data(off);
	__u32 cur = doff;
	__u8 pf = 0;
	if (!dentry || !vfsmnt)
		return off;
	/* paths are relative to the task's root (a chroot or container root gives "/x", as
	 * libs shows them) */
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct dentry *root_d = BPF_CORE_READ(t, fs, root.dentry);
	struct vfsmount *root_m = BPF_CORE_READ(t, fs, root.mnt);
	struct mount *mnt = container_of(vfsmnt, struct mount, mnt);
	struct mount *root_mnt = container_of(root_m, struct mount, mnt);
	struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	int i;
	for (i = 0; i < VG_KPATH_DEPTH; i++) {
		cur = launder(buf, cur);
		if (dentry == root_d && mnt == root_mnt) {
			pf |= VG_KPARAM_F_ABSOLUTE;
			break;
		}
		struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
		if (dentry == mnt_root) {
			struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
			if (mp == mnt || !mp) {
				pf |= VG_KPARAM_F_ABSOLUTE;
				break;
			}
			dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = mp;
			mnt_root = BPF_CORE_READ(mp, mnt.mnt_root);
			continue;
		}
		if ((dentry == parent || !parent) && i > 0) {
			pf |= VG_KPARAM_F_ABSOLUTE;
			break;
		}
		/* a disconnected root (a pseudo file: memfd, pipe ...) keeps its own name */
		const unsigned char *name = BPF_CORE_READ(dentry, d_name.name);
		__u32 n = room(cur);
		if (n < 2) {
			pf |= VG_KPARAM_F_TRUNC;
			*flags |= VG_KREC_F_TRUNC;
			break;
		}
		if (n > 256)
			n = 256;
		long got = bpf_probe_read_kernel_str(buf + vmask(cur, HMASK), vmask(n, 0x1ff), name);
		if (got <= 0)
			break;
		cur += (__u32)got;
		if (dentry == parent || !parent) {
			pf |= VG_KPARAM_F_ABSOLUTE;
			break;
		}
		dentry = parent;
	}
	if (i == VG_KPATH_DEPTH) {
		pf |= VG_KPARAM_F_TRUNC;
		*flags |= VG_KREC_F_TRUNC;
	}
	return param_end(buf, doff, id, pf, cur - doff);
}

/* kernfs_node's parent was renamed __parent in 6.15 */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

/* The task's cgroup v2 path (components leaf first, the root's empty name left out). */
static __always_inline __u32 put_cgroup(char *buf, __u32 off, struct task_struct *t,
					__u32 *flags)
{
	struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn);
	if (!kn)
		return off;
	__u32 doff = param_data(off);
	__u32 cur = doff;
	__u8 pf = 0;
	int i;
	for (i = 0; i < CGROUP_DEPTH; i++) {
		cur = launder(buf, cur);
		struct kernfs_node *parent = kn_parent(kn);
		if (!parent) {
			pf |= VG_KPARAM_F_ABSOLUTE;
			break;
		}
		__u32 n = room(cur);
		if (n < 2) {
			pf |= VG_KPARAM_F_TRUNC;
			*flags |= VG_KREC_F_TRUNC;
			break;
		}
		if (n > 256)
			n = 256;
		const char *name = BPF_CORE_READ(kn, name);
		long got = bpf_probe_read_kernel_str(buf + vmask(cur, HMASK), vmask(n, 0x1ff), name);
		if (got <= 0)
			break;
		cur += (__u32)got;
		kn = parent;
	}
	if (i == CGROUP_DEPTH) {
		pf |= VG_KPARAM_F_TRUNC;
		*flags |= VG_KREC_F_TRUNC;
	}
	return param_end(buf, doff, VG_KP_CGROUP, pf, cur - doff);
}

static __always_inline struct file *task_fd_file(struct task_struct *t, __s64 fd)
{
	if (fd < 0)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt)
		return NULL;
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if ((__u64)fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd & 0xffffff]);
	return f;
}

static __always_inline __u32 put_file_path(char *buf, __u32 off, __u8 id, struct file *f,
					   __u32 *flags)
{
	if (!f)
		return off;
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount *m = BPF_CORE_READ(f, f_path.mnt);
	return put_path(buf, off, id, d, m, flags);
}

static __always_inline __u32 put_cwd(char *buf, __u32 off, __u8 id, struct task_struct *t,
				     __u32 *flags)
{
	struct dentry *d = BPF_CORE_READ(t, fs, pwd.dentry);
	struct vfsmount *m = BPF_CORE_READ(t, fs, pwd.mnt);
	return put_path(buf, off, id, d, m, flags);
}

static __always_inline __u32 put_tuple(char *buf, __u32 off, struct file *f)
{
	if (!f)
		return off;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT_) != S_IFSOCK_)
		return off;
	struct socket *so = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(so, sk);
	if (!sk)
		return off;
	__u32 doff = param_data(off);
	struct vg_ktuple *tu = (struct vg_ktuple *)(buf + vmask(doff, HMASK));
	__builtin_memset(tu, 0, sizeof(*tu));
	tu->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	tu->type = BPF_CORE_READ(sk, sk_type);
	tu->proto = BPF_CORE_READ(sk, sk_protocol);
	tu->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
	tu->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (tu->family == AF_INET_) {
		bpf_core_read(tu->laddr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(tu->raddr, 4, &sk->__sk_common.skc_daddr);
	} else if (tu->family == AF_INET6_) {
		bpf_core_read(tu->laddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(tu->raddr, 16, &sk->__sk_common.skc_v6_daddr);
	}
	return param_end(buf, doff, VG_KP_TUPLE, 0, sizeof(*tu));
}

static __always_inline __u32 put_kmem(char *buf, __u32 off, __u8 id, const void *uptr, __u32 size)
{
	__u32 doff = param_data(off);
	if (room(doff) < 128 || !uptr)
		return off;
	size &= 127;
	if (size == 0)
		return off;
	if (bpf_probe_read_user(buf + vmask(doff, HMASK), vmask(size, 127), uptr) < 0)
		return off;
	return param_end(buf, doff, id, 0, size);
}

static __always_inline int submit(char *buf, __u32 off, __u32 cat)
{
	struct vg_krec *r = (struct vg_krec *)buf;
	if (off > HALF)
		off = HALF;
	if (off < sizeof(*r))
		off = sizeof(*r);
	r->len = (__u16)off;
	if (r->flags & VG_KREC_F_TRUNC)
		count(VG_KCNT_TRUNC(cat));
	/* wake once, when this record makes the waiting data cross wakeup_bytes: a consumer
	 * that lags is awake anyway, and each wakeup is an IPI (an APIC write, a VM exit) */
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 wake = avail < wakeup_bytes && avail + off >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP
									  : BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_output(&events, buf, vmask(off, 2 * HALF - 1), wake) < 0)
		count(VG_KCNT_DROP_RB(cat));
	else
		count(VG_KCNT_SENT(cat));
	return 0;
}

static __always_inline char *get_scratch(void)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_map, &zero);
	return s ? s->buf : NULL;
}

/*
 * The start both syscall record builders share: NULL when this exit is not captured (not in
 * the interest set, vigil itself, a failed call of a syscall captured only when it succeeds, a
 * 32-bit syscall, whose numbers differ); else the counted record header in the scratch buffer
 * with the six raw arguments, and in @st what the builder goes on with.
 */
struct sc_start {
	struct vg_ksc_desc *d;
	struct task_struct *t;
	char *buf;
	__u32 cat;
};

static __always_inline struct vg_krec *sc_start(struct pt_regs *regs, long ret,
						struct sc_start *st)
{
	__u32 nr = (__u32)regs->orig_ax;
	if (nr >= VG_KNR_MAX)
		return NULL;
	struct vg_ksc_desc *d = bpf_map_lookup_elem(&sc_desc, &nr);
	if (!d || !d->interest)
		return NULL;
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return NULL;
	if (d->only_ok && ret < 0)
		return NULL;
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (bpf_core_field_exists(t->thread_info.status) &&
	    (BPF_CORE_READ(t, thread_info.status) & TS_COMPAT_))
		return NULL;
	__u32 cat = d->category < VG_KCAT__COUNT ? d->category : VG_KCAT_OTHER;
	count(VG_KCNT_SEEN(cat));
	char *buf = get_scratch();
	if (!buf)
		return NULL;
	struct vg_krec *r = rec_init(buf, VG_KREC_SYSCALL, t, false);
	r->nr = (__u16)nr;
	r->ret = ret;
	r->args[0] = BPF_CORE_READ(regs, di);
	r->args[1] = BPF_CORE_READ(regs, si);
	r->args[2] = BPF_CORE_READ(regs, dx);
	r->args[3] = BPF_CORE_READ(regs, r10);
	r->args[4] = BPF_CORE_READ(regs, r8);
	r->args[5] = BPF_CORE_READ(regs, r9);
	st->d = d;
	st->t = t;
	st->buf = buf;
	st->cat = cat;
	return r;
}

/*
 * One syscall exit: @regs are the saved user registers (a typed kernel pointer: the syscall
 * number and the arguments are plain loads), @ret the return value. A BPF subprogram shared by
 * the tracepoint program and the fexit programs (one copy of the code in each program; the
 * verifier checks it once per program).
 */
static __noinline int sc_exit(struct pt_regs *regs, long ret)
{
	struct sc_start st;
	struct vg_krec *r = sc_start(regs, ret, &st);
	if (!r)
		return 0;
	struct vg_ksc_desc *d = st.d;
	struct task_struct *t = st.t;
	char *buf = st.buf;
	__u32 cat = st.cat;
	__u32 *flags = &r->flags; /* map memory: not part of the verifier's state */
	__u32 off = sizeof(*r);
	__u8 str_mask = d->str_mask, sa_mask = d->sa_mask, special = d->special;
	/* a successful execve replaced the image: its arguments are gone (the EXEC record has
	 * the new image) */
	if (special == VG_KSP_EXECVE && ret == 0)
		str_mask = 0;
	/* relative path arguments: one working directory (VG_KP_CWD) and one directory fd walk
	 * (VG_KP_BASE0 + i, the first argument relative to a dirfd) per record, which keeps the
	 * verifier's work bounded */
	bool need_cwd = false;
	__s64 base_fd = -1;
	__u32 base_arg = 0;
	for (int i = 0; i < 6; i++) {
		off = launder(buf, off);
		if (str_mask & (1u << i)) {
			__u32 before = off;
			off = put_user_str(buf, off, VG_KP_STR0 + i, (const void *)r->args[i], flags);
			__u8 b = d->base[i];
			if (b && off != before && buf[vmask(param_data(before), HMASK)] != '/') {
				__s64 dirfd = AT_FDCWD_;
				__u32 j = (__u32)b - 2;
				if (b >= 2 && j < 6)
					dirfd = (int)r->args[j];
				if (dirfd == AT_FDCWD_)
					need_cwd = true;
				else if (base_fd < 0) {
					base_fd = dirfd;
					base_arg = i;
				}
			}
		}
		if ((sa_mask & (1u << i)) && i < 5) {
			__u32 len = (__u32)r->args[i + 1];
			if (len > 127)
				len = 127;
			off = put_kmem(buf, off, VG_KP_SOCKADDR0 + i, (const void *)r->args[i], len);
		}
	}
	off = launder(buf, off);
	if (need_cwd)
		off = put_cwd(buf, off, VG_KP_CWD, t, flags);
	off = launder(buf, off);
	if (base_fd >= 0)
		off = put_file_path(buf, off, VG_KP_BASE0 + (base_arg & 7), task_fd_file(t, base_fd),
				    flags);
	off = launder(buf, off);
	switch (special) {
	case VG_KSP_TUPLE_A0:
		off = put_tuple(buf, off, task_fd_file(t, (int)r->args[0]));
		break;
	case VG_KSP_TUPLE_RET:
		if (ret >= 0)
			off = put_tuple(buf, off, task_fd_file(t, ret));
		break;
	case VG_KSP_OPENAT2:
		off = put_kmem(buf, off, VG_KP_OPENHOW, (const void *)r->args[2], 24);
		break;
	case VG_KSP_CLONE3:
		off = put_kmem(buf, off, VG_KP_CLONE3, (const void *)r->args[0], 8);
		break;
	case VG_KSP_FDPATH_A0:
		off = put_file_path(buf, off, VG_KP_FDPATH, task_fd_file(t, (int)r->args[0]),
				    flags);
		break;
	default:
		break;
	}
	return submit(buf, off, cat);
}

/*
 * sc_exit() for the clone family (no strings, paths or sockaddrs; clone3's clone_args.flags):
 * the same record, a fraction of the verifier's work. Used by the fexit programs that cannot
 * tail-call the worker (fork/vfork and schedule_tail have other prototypes).
 */
static __noinline int sc_exit_clone(struct pt_regs *regs, long ret)
{
	struct sc_start st;
	struct vg_krec *r = sc_start(regs, ret, &st);
	if (!r)
		return 0;
	struct vg_ksc_desc *d = st.d;
	char *buf = st.buf;
	__u32 cat = st.cat;
	__u32 off = sizeof(*r);
	if (d->special == VG_KSP_CLONE3)
		off = put_kmem(buf, off, VG_KP_CLONE3, (const void *)r->args[0], 8);
	return submit(buf, off, cat);
}

/*
 * Mode "tracepoint" (the fallback): tp_btf (5.5+) runs on every syscall exit of the machine and
 * checks the interest set. Enabling it puts every syscall of every task on the tracing slow
 * path, so user space uses it only when the fexit programs cannot be used.
 */
SEC("tp_btf/sys_exit")
int BPF_PROG(vg_sys_exit, struct pt_regs *regs, long ret)
{
	return sc_exit(regs, ret);
}

/*
 * Mode "fexit" (the default when the kernel has BPF trampolines, 5.5+): one program per
 * captured syscall on its x86_64 wrapper (__x64_sys_NAME(const struct pt_regs *regs)); user
 * space attaches only the programs of the interest set, so other syscalls run untouched.
 * The wrapper's argument is the task's saved user registers; the return value comes with fexit.
 * The program names (vg_fx_NAME) are matched by src/lib/live/probe.c (s_fexit).
 */
/*
 * VG_FEXIT_SIM (test builds only, cmake -DVIGIL_BPF_FEXIT_SIM=ON): on kernels that refuse
 * trampolines, the same programs are built as tp_btf/sys_exit programs that keep only their
 * own syscall (@nr), so the fexit mode's user-space side (attach/detach per syscall, the tail
 * call, the clone family, the child's return) runs and is tested; no speed-up of course.
 */
#ifdef VG_FEXIT_SIM
#define VG_FX_SEC(func) SEC("tp_btf/sys_exit")
#define VG_FX_ONLY(nr, parent)                                                              \
	{                                                                                   \
		struct pt_regs *r_ = (struct pt_regs *)ctx[0];                              \
		if (r_->orig_ax != (nr) || ((parent) && (long)ctx[1] == 0 &&                \
					    ((nr) == 56 || (nr) == 57 || (nr) == 58 ||      \
					     (nr) == 435)))                                 \
			return 0;                                                           \
	}
#else
#define VG_FX_SEC(func) SEC("fexit/" #func)
#define VG_FX_ONLY(nr, parent)
#endif

/* the record builder: loaded with the wrappers' prototype (target __x64_sys_close: tail calls
 * need the same prototype), never attached; user space puts it in fx_worker[0] */
VG_FX_SEC(__x64_sys_close)
int BPF_PROG(vg_fx_worker, const struct pt_regs *regs, long ret)
{
	return sc_exit((struct pt_regs *)regs, ret);
}

/* a wrapper's exit: tail call to the worker with the same context (regs, ret); a failed tail
 * call (empty slot: user space fills it before attaching) is counted as a lost record */
#define VG_FEXIT_FN(name, func, nr)                                                         \
	VG_FX_SEC(func)                                                                     \
	int vg_fx_##name(unsigned long long *ctx)                                           \
	{                                                                                   \
		VG_FX_ONLY(nr, 1)                                                           \
		bpf_tail_call(ctx, &fx_worker, 0);                                          \
		count(VG_KCNT_DROP_RB(VG_KCAT_OTHER));                                      \
		return 0;                                                                   \
	}
/* the clone family builds its (small) records itself */
#define VG_FEXIT_CLONE(name, func, nr)                                                      \
	VG_FX_SEC(func)                                                                     \
	int vg_fx_##name(unsigned long long *ctx)                                           \
	{                                                                                   \
		VG_FX_ONLY(nr, 1)                                                           \
		return sc_exit_clone((struct pt_regs *)ctx[0], (long)ctx[1]);               \
	}

/*
 * Every captured syscall, once: X(name, fexit target, tracefs event, number, clone family).
 * The tracefs event is syscalls/sys_exit_EVENT (SYSCALL_DEFINE's name: umount2 is "umount").
 * fork and vfork take no argument: BTF names their function __do_sys_* (an alias of the
 * __x64_sys_* wrapper, same address), whose unused parameter is still the registers.
 * src/lib/live/probe.c (s_sc_progs) lists the same names; a mode in which a syscall the
 * decoder knows has no program is refused.
 */
#define VG_SYSCALL_LIST(X)                                                                  \
	X(open, __x64_sys_open, open, 2, 0)                                                 \
	X(close, __x64_sys_close, close, 3, 0)                                              \
	X(dup, __x64_sys_dup, dup, 32, 0)                                                   \
	X(dup2, __x64_sys_dup2, dup2, 33, 0)                                                \
	X(socket, __x64_sys_socket, socket, 41, 0)                                          \
	X(connect, __x64_sys_connect, connect, 42, 0)                                       \
	X(accept, __x64_sys_accept, accept, 43, 0)                                          \
	X(bind, __x64_sys_bind, bind, 49, 0)                                                \
	X(listen, __x64_sys_listen, listen, 50, 0)                                          \
	X(clone, __x64_sys_clone, clone, 56, 1)                                             \
	X(fork, __do_sys_fork, fork, 57, 1)                                                 \
	X(vfork, __do_sys_vfork, vfork, 58, 1)                                              \
	X(execve, __x64_sys_execve, execve, 59, 0)                                          \
	X(kill, __x64_sys_kill, kill, 62, 0)                                                \
	X(chdir, __x64_sys_chdir, chdir, 80, 0)                                             \
	X(fchdir, __x64_sys_fchdir, fchdir, 81, 0)                                          \
	X(rename, __x64_sys_rename, rename, 82, 0)                                          \
	X(mkdir, __x64_sys_mkdir, mkdir, 83, 0)                                             \
	X(creat, __x64_sys_creat, creat, 85, 0)                                             \
	X(link, __x64_sys_link, link, 86, 0)                                                \
	X(unlink, __x64_sys_unlink, unlink, 87, 0)                                          \
	X(symlink, __x64_sys_symlink, symlink, 88, 0)                                       \
	X(chmod, __x64_sys_chmod, chmod, 90, 0)                                             \
	X(fchmod, __x64_sys_fchmod, fchmod, 91, 0)                                          \
	X(ptrace, __x64_sys_ptrace, ptrace, 101, 0)                                         \
	X(setuid, __x64_sys_setuid, setuid, 105, 0)                                         \
	X(setgid, __x64_sys_setgid, setgid, 106, 0)                                         \
	X(setresuid, __x64_sys_setresuid, setresuid, 117, 0)                                \
	X(setresgid, __x64_sys_setresgid, setresgid, 119, 0)                                \
	X(mount, __x64_sys_mount, mount, 165, 0)                                            \
	X(umount2, __x64_sys_umount, umount, 166, 0)                                        \
	X(init_module, __x64_sys_init_module, init_module, 175, 0)                          \
	X(unshare, __x64_sys_unshare, unshare, 272, 0)                                      \
	X(openat, __x64_sys_openat, openat, 257, 0)                                         \
	X(mkdirat, __x64_sys_mkdirat, mkdirat, 258, 0)                                      \
	X(unlinkat, __x64_sys_unlinkat, unlinkat, 263, 0)                                   \
	X(renameat, __x64_sys_renameat, renameat, 264, 0)                                   \
	X(linkat, __x64_sys_linkat, linkat, 265, 0)                                         \
	X(symlinkat, __x64_sys_symlinkat, symlinkat, 266, 0)                                \
	X(fchmodat, __x64_sys_fchmodat, fchmodat, 268, 0)                                   \
	X(accept4, __x64_sys_accept4, accept4, 288, 0)                                      \
	X(dup3, __x64_sys_dup3, dup3, 292, 0)                                               \
	X(setns, __x64_sys_setns, setns, 308, 0)                                            \
	X(finit_module, __x64_sys_finit_module, finit_module, 313, 0)                       \
	X(renameat2, __x64_sys_renameat2, renameat2, 316, 0)                                \
	X(memfd_create, __x64_sys_memfd_create, memfd_create, 319, 0)                       \
	X(bpf, __x64_sys_bpf, bpf, 321, 0)                                                  \
	X(execveat, __x64_sys_execveat, execveat, 322, 0)                                   \
	X(clone3, __x64_sys_clone3, clone3, 435, 1)                                         \
	X(openat2, __x64_sys_openat2, openat2, 437, 0)

#define VG_FX_DEF(name, func, event, nr, clone) VG_FX_DEF_##clone(name, func, nr)
#define VG_FX_DEF_0(name, func, nr) VG_FEXIT_FN(name, func, nr)
#define VG_FX_DEF_1(name, func, nr) VG_FEXIT_CLONE(name, func, nr)
VG_SYSCALL_LIST(VG_FX_DEF)

/*
 * Mode "syscall-tracepoints" (kernels that refuse trampolines, tracefs mounted): one
 * BPF_PROG_TYPE_TRACEPOINT program per captured syscall on its tracefs event
 * syscalls/sys_exit_NAME; user space attaches only those of the interest set. The kernel's
 * perf_syscall_exit() tests a per-syscall bitmap before running any program, so read/write run
 * no BPF at all; they still take the syscall slow path that any syscall tracepoint turns on
 * (docs/live.md, bench/RESULTS.md). The child's return of the clone family (0) leaves through
 * ret_from_fork and the same exit tracepoint, so no schedule_tail program is needed.
 * The context is the tracepoint's record (id at 8, ret at 16: the kernel's
 * perf_call_bpf_exit()); the arguments are the task's saved user registers.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tp_worker SEC(".maps");

/* the record builder of this mode: never attached; user space puts it in tp_worker[0] */
SEC("tracepoint")
int vg_tp_worker(struct trace_event_raw_sys_exit *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	if (!regs)
		return 0;
	return sc_exit(regs, ctx->ret);
}

#define VG_TP_DEF(name, func, event, nr, clone)                                             \
	SEC("tracepoint/syscalls/sys_exit_" #event)                                         \
	int vg_tp_##name(struct trace_event_raw_sys_exit *ctx)                              \
	{                                                                                   \
		bpf_tail_call(ctx, &tp_worker, 0);                                          \
		count(VG_KCNT_DROP_RB(VG_KCAT_OTHER));                                      \
		return 0;                                                                   \
	}
VG_SYSCALL_LIST(VG_TP_DEF)

#define PF_IO_WORKER_ 0x00000010
#define PF_USER_WORKER_ 0x00004000
#define PF_KTHREAD_ 0x00200000

/*
 * The child's side of clone/clone3/fork/vfork: a new task does not return through the syscall
 * function but through ret_from_fork, which calls schedule_tail and then leaves to user space
 * (where the sys_exit tracepoint sees the child's return 0). The registers were copied from
 * the parent (orig_ax = the syscall, ax = 0). Attached with the clone family.
 */
VG_FX_SEC(schedule_tail)
int vg_fx_child(unsigned long long *ctx)
{
#ifdef VG_FEXIT_SIM
	if ((long)ctx[1] != 0) /* the child's return of the clone family: 0 */
		return 0;
#endif
	struct task_struct *t = bpf_get_current_task_btf();
	if (t->flags & (PF_KTHREAD_ | PF_IO_WORKER_ | PF_USER_WORKER_))
		return 0;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(t);
	if (!regs)
		return 0;
	__u64 nr = regs->orig_ax;
	if (nr != 56 && nr != 57 && nr != 58 && nr != 435) /* clone, fork, vfork, clone3 */
		return 0;
	return sc_exit_clone(regs, (long)regs->ax);
}

SEC("raw_tracepoint/sched_process_fork")
int vg_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	char *buf = get_scratch();
	if (!buf)
		return 0;
	struct vg_krec *r = rec_init(buf, VG_KREC_FORK, parent, true);
	r->args[0] = (__u32)BPF_CORE_READ(child, pid);
	r->args[1] = (__u32)BPF_CORE_READ(child, tgid);
	struct pid *cp = BPF_CORE_READ(child, thread_pid);
	r->args[2] = upid_nr(cp, true, NULL);
	r->args[3] = BPF_CORE_READ(child, start_time);
	if (r->args[1] == r->tgid)
		r->flags |= VG_KREC_F_THREAD;
	return submit(buf, sizeof(*r), VG_KCAT_LIFECYCLE);
}

SEC("raw_tracepoint/sched_process_exec")
int vg_exec(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = (struct task_struct *)ctx->args[0];
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	char *buf = get_scratch();
	if (!buf)
		return 0;
	struct vg_krec *r = rec_init(buf, VG_KREC_EXEC, t, true);
	r->args[0] = (__u32)ctx->args[1]; /* old pid */
	__u32 *flags = &r->flags; /* map memory: not part of the verifier's state */
	__u32 off = sizeof(*r);
	struct file *exe = BPF_CORE_READ(bprm, file);
	off = put_file_path(buf, off, VG_KP_EXEPATH, exe, flags);
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	off = put_user_area(buf, off, VG_KP_ARGV, BPF_CORE_READ(mm, arg_start),
			    BPF_CORE_READ(mm, arg_end), flags);
	off = put_cwd(buf, off, VG_KP_CWD, t, flags);
	/* exe inode and creds */
	__u32 doff = param_data(off);
	if (room(doff) >= sizeof(struct vg_kexeinfo)) {
		struct vg_kexeinfo *x = (struct vg_kexeinfo *)(buf + vmask(doff, HMASK));
		__builtin_memset(x, 0, sizeof(*x));
		struct inode *ino = BPF_CORE_READ(exe, f_inode);
		x->exe_ino = BPF_CORE_READ(ino, i_ino);
		if (bpf_core_field_exists(ino->i_ctime_sec)) {
			x->exe_ctime = BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ull +
				       BPF_CORE_READ(ino, i_ctime_nsec);
			x->exe_mtime = BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ull +
				       BPF_CORE_READ(ino, i_mtime_nsec);
		}
		/* overlayfs: is the executable in the upper (container-written) layer? */
		struct dentry *xd = BPF_CORE_READ(exe, f_path.dentry);
		if (BPF_CORE_READ(xd, d_sb, s_magic) == OVERLAYFS_MAGIC_ &&
		    bpf_core_type_exists(struct ovl_inode)) {
			struct inode *oin = BPF_CORE_READ(xd, d_inode);
			struct ovl_inode *oi = container_of(oin, struct ovl_inode, vfs_inode);
			x->exe_flags |= BPF_CORE_READ(oi, __upperdentry) ? VG_KEXE_UPPER_LAYER
									: VG_KEXE_LOWER_LAYER;
		}
		const struct cred *c = BPF_CORE_READ(t, cred);
		bpf_core_read(&x->cap_effective, 8, &c->cap_effective);
		bpf_core_read(&x->cap_permitted, 8, &c->cap_permitted);
		bpf_core_read(&x->cap_inheritable, 8, &c->cap_inheritable);
		off = param_end(buf, doff, VG_KP_EXEINFO, 0, sizeof(*x));
	}
	off = launder(buf, off);
	off = put_cgroup(buf, off, t, flags);
	off = launder(buf, off);
	off = put_user_area(buf, off, VG_KP_ENV, BPF_CORE_READ(mm, env_start),
			    BPF_CORE_READ(mm, env_end), flags);
	return submit(buf, off, VG_KCAT_LIFECYCLE);
}

SEC("raw_tracepoint/sched_process_exit")
int vg_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	char *buf = get_scratch();
	if (!buf)
		return 0;
	struct vg_krec *r = rec_init(buf, VG_KREC_EXIT, t, false);
	r->args[0] = BPF_CORE_READ(t, exit_code);
	return submit(buf, sizeof(*r), VG_KCAT_LIFECYCLE);
}
