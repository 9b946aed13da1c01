/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.c - live events as replay JSON lines (docs/replay-format.md; vigil/live.h). Each
 * argument is written so that the replay decoder gives it the same libs type: as a plain value
 * where the replay decoder infers that type from the name (src/lib/event/replay.c
 * arg_kind_for), otherwise in the explicit form {"type", "flagset", "value"}.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/live.h"
#include "util/banned.h"

#define MAX_ANCESTORS 16
#define SEEN_SLOTS 16384u /* per table; a power of two */

/*
 * The replay decoder keeps a process table across lines, so a process is written in full only
 * when it is new or changed (fingerprint of its JSON differs); later lines give just its ids.
 */
struct seen {
	int64_t tid;
	uint64_t hash;
};

struct vg_live_recorder {
	FILE *out;
	struct seen self[SEEN_SLOTS];
	struct seen anc[SEEN_SLOTS];
};

int vg_live_recorder_new(FILE *out, struct vg_live_recorder **ret)
{
	struct vg_live_recorder *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->out = out;
	*ret = r;
	return 0;
}

void vg_live_recorder_free(struct vg_live_recorder *r)
{
	free(r);
}

#define FNV_OFFSET 1469598103934665603ull

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

static uint64_t fnv_str(uint64_t h, struct vg_str s)
{
	if (!s.ptr)
		return fnv(h, "\xff", 1);
	return fnv(fnv(h, s.ptr, s.len), "", 1);
}

/* Fingerprint of what proc_obj() writes for @p (plus the names), without building the JSON. */
static uint64_t proc_hash(const struct vg_proc *p, bool full, const struct vg_sys_event *ev)
{
	uint64_t h = FNV_OFFSET;
	int64_t ids[] = { p->pid, p->tid, p->ppid, p->vpid, p->vtid, p->sid, p->vpgid };
	h = fnv(h, ids, sizeof(ids));
	h = fnv_str(h, p->comm);
	h = fnv_str(h, p->exe);
	h = fnv_str(h, p->exepath);
	h = fnv_str(h, p->args);
	h = fnv_str(h, p->cmdline);
	h = fnv_str(h, p->cwd);
	uint64_t nums[] = { p->tty, p->uid, p->gid, p->loginuid, p->clone_ts, p->exec_ts, p->flags };
	h = fnv(h, nums, sizeof(nums));
	if (!full)
		return h ? h : 1;
	uint64_t more[] = { p->cap_effective, p->cap_permitted, p->cap_inheritable, p->exe_ino,
			    p->exe_ino_ctime, p->exe_ino_mtime, p->nenv };
	h = fnv(h, more, sizeof(more));
	for (uint32_t i = 0; i < p->nenv; i++)
		h = fnv_str(h, p->env[i]);
	if (ev->user) {
		h = fnv_str(h, ev->user->name);
		h = fnv_str(h, ev->user->homedir);
		h = fnv_str(h, ev->user->shell);
	}
	if (ev->group)
		h = fnv_str(h, ev->group->name);
	if (ev->loginuser)
		h = fnv_str(h, ev->loginuser->name);
	return h ? h : 1;
}

/* True when @tid was last written with @hash; records it otherwise (a direct-mapped cache:
 * a collision only costs a full write). */
static bool seen_same(struct seen *tab, int64_t tid, uint64_t hash)
{
	struct seen *s = &tab[((uint64_t)tid * 0x9e3779b97f4a7c15ull >> 40) & (SEEN_SLOTS - 1)];
	if (s->tid == tid && s->hash == hash)
		return true;
	s->tid = tid;
	s->hash = hash;
	return false;
}

/* ---- what the replay decoder infers from a parameter name (mirrors replay.c) ------------- */

static bool name_in(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(name, *set) == 0)
			return true;
	return false;
}

static bool is_open_evt(enum vg_evt_type t)
{
	return t == VG_EVT_OPEN || t == VG_EVT_OPENAT || t == VG_EVT_OPENAT2 || t == VG_EVT_CREAT ||
	       t == VG_EVT_OPEN_BY_HANDLE_AT;
}

static void inferred(enum vg_evt_type t, const char *name, enum vg_arg_type *ty,
		     enum vg_flagset *fs)
{
	static const char *const fd_names[] = { "fd", "dirfd", "olddirfd", "newdirfd", "newfd",
						"oldfd", "in_fd", "out_fd", "pidfd", "linkdirfd",
						NULL };
	static const char *const pid_names[] = { "pid", "ppid", "tid", "ptid", NULL };
	static const char *const uid_names[] = { "uid", "euid", "ruid", "suid", NULL };
	static const char *const gid_names[] = { "gid", "egid", "rgid", "sgid", NULL };
	*fs = VG_FLAGSET_NONE;
	*ty = VG_ARG_NONE;
	if (strcmp(name, "flags") == 0 && is_open_evt(t)) {
		*ty = VG_ARG_FLAGS;
		*fs = VG_FLAGSET_OPEN;
	} else if (strcmp(name, "flags") == 0 && (t == VG_EVT_CLONE || t == VG_EVT_CLONE3 ||
						  t == VG_EVT_FORK || t == VG_EVT_VFORK)) {
		*ty = VG_ARG_FLAGS;
		*fs = VG_FLAGSET_CLONE;
	} else if (strcmp(name, "request") == 0 && t == VG_EVT_PTRACE) {
		*ty = VG_ARG_ENUM;
		*fs = VG_FLAGSET_PTRACE;
	} else if (strcmp(name, "domain") == 0 || strcmp(name, "family") == 0) {
		*ty = VG_ARG_ENUM;
		*fs = VG_FLAGSET_SOCKET_FAMILY;
	} else if (strcmp(name, "prot") == 0) {
		*ty = VG_ARG_FLAGS;
		*fs = VG_FLAGSET_PROT;
	} else if (strcmp(name, "mode") == 0 && t == VG_EVT_ACCESS) {
		*ty = VG_ARG_FLAGS;
		*fs = VG_FLAGSET_ACCESS;
	} else if (strcmp(name, "mode") == 0) {
		*ty = VG_ARG_MODE;
	} else if (name_in(name, fd_names)) {
		*ty = VG_ARG_FD;
	} else if (name_in(name, pid_names)) {
		*ty = VG_ARG_PID;
	} else if (name_in(name, uid_names)) {
		*ty = VG_ARG_UID;
	} else if (name_in(name, gid_names)) {
		*ty = VG_ARG_GID;
	} else if (strcmp(name, "res") == 0) {
		*ty = VG_ARG_ERRNO;
	} else if (strcmp(name, "addr") == 0) {
		*ty = VG_ARG_SOCKADDR;
	}
}

static const char *const s_type_names[] = {
	[VG_ARG_NONE] = "none",	  [VG_ARG_INT] = "int",	    [VG_ARG_UINT] = "uint",
	[VG_ARG_FD] = "fd",	  [VG_ARG_ERRNO] = "errno", [VG_ARG_PID] = "pid",
	[VG_ARG_UID] = "uid",	  [VG_ARG_GID] = "gid",	    [VG_ARG_FLAGS] = "flags",
	[VG_ARG_ENUM] = "enum",	  [VG_ARG_MODE] = "mode",   [VG_ARG_STR] = "str",
	[VG_ARG_BYTES] = "bytes", [VG_ARG_SOCKADDR] = "sockaddr",
};
static const char *const s_flagset_names[VG_FLAGSET__COUNT] = {
	"none", "open", "ptrace", "socket_family", "clone", "prot", "access",
};

static json_t *jstr(struct vg_str s)
{
	return s.ptr ? json_stringn(s.ptr, s.len) : json_null();
}

static void set_str(json_t *o, const char *key, struct vg_str s)
{
	if (s.ptr)
		json_object_set_new(o, key, json_stringn(s.ptr, s.len));
}

static json_t *sockaddr_text(const struct vg_evt_arg *a)
{
	if (a->addr.family == 0)
		return jstr(a->str);
	char ip[64], buf[96];
	vg_ipaddr_format(&a->addr, ip, sizeof(ip));
	if (a->addr.family == 6)
		snprintf(buf, sizeof(buf), "[%s]:%u", ip, a->port);
	else
		snprintf(buf, sizeof(buf), "%s:%u", ip, a->port);
	return json_string(buf);
}

static json_t *arg_value(enum vg_evt_type t, const struct vg_evt_arg *a)
{
	enum vg_arg_type ty;
	enum vg_flagset fs;
	inferred(t, a->name, &ty, &fs);
	json_t *v;
	bool numeric = false;
	switch (a->type) {
	case VG_ARG_NONE:
		return json_null();
	case VG_ARG_STR:
		v = jstr(a->str);
		if (ty == VG_ARG_NONE || ty == VG_ARG_STR)
			return v;
		break;
	case VG_ARG_BYTES:
		v = jstr(a->str);
		break;
	case VG_ARG_SOCKADDR:
		v = sockaddr_text(a);
		if (ty == VG_ARG_SOCKADDR)
			return v;
		break;
	case VG_ARG_INT:
		v = json_integer(a->num.i);
		if (ty == VG_ARG_NONE && a->num.i < 0)
			return v;
		numeric = true;
		break;
	case VG_ARG_UINT:
		v = json_integer((json_int_t)a->num.u);
		if (ty == VG_ARG_NONE && a->num.u <= INT64_MAX)
			return v;
		numeric = true;
		break;
	default: /* fd, errno, pid, uid, gid, flags, enum, mode */
		v = json_integer(a->num.i);
		numeric = true;
		break;
	}
	if (numeric && ty == a->type && fs == a->flagset && !a->text.ptr)
		return v;
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string(s_type_names[a->type]));
	if (a->flagset != VG_FLAGSET_NONE && a->flagset < VG_FLAGSET__COUNT)
		json_object_set_new(o, "flagset", json_string(s_flagset_names[a->flagset]));
	json_object_set_new(o, "value", v);
	if (a->text.ptr)
		json_object_set_new(o, "text", jstr(a->text));
	return o;
}

static json_t *proc_obj(const struct vg_proc *p, bool full)
{
	json_t *o = json_object();
	json_object_set_new(o, "pid", json_integer(p->pid));
	if (p->tid != p->pid)
		json_object_set_new(o, "tid", json_integer(p->tid));
	json_object_set_new(o, "ppid", json_integer(p->ppid));
	if (p->vpid)
		json_object_set_new(o, "vpid", json_integer(p->vpid));
	if (p->vtid && p->tid != p->pid)
		json_object_set_new(o, "vtid", json_integer(p->vtid));
	if (p->sid)
		json_object_set_new(o, "sid", json_integer(p->sid));
	if (p->vpgid)
		json_object_set_new(o, "vpgid", json_integer(p->vpgid));
	set_str(o, "name", p->comm);
	set_str(o, "exe", p->exe);
	set_str(o, "exepath", p->exepath);
	json_object_set_new(o, "args", p->args.ptr ? jstr(p->args) : json_string(""));
	set_str(o, "cmdline", p->cmdline);
	set_str(o, "cwd", p->cwd);
	if (p->flags & VG_PROC_HAS_TTY)
		json_object_set_new(o, "tty", json_integer(p->tty));
	if (p->flags & VG_PROC_HAS_LOGINUID)
		json_object_set_new(o, "loginuid",
				    json_integer((json_int_t)p->loginuid)); /* replay reads it unsigned */
	if (p->flags & VG_PROC_HAS_IDS) {
		json_object_set_new(o, "uid", json_integer(p->uid));
		json_object_set_new(o, "gid", json_integer(p->gid));
	}
	if (p->clone_ts)
		json_object_set_new(o, "clone_ts", json_integer((json_int_t)p->clone_ts));
	if (p->exec_ts)
		json_object_set_new(o, "exec_ts", json_integer((json_int_t)p->exec_ts));
	if (!full)
		return o;
	if (p->nenv) {
		json_t *env = json_array();
		for (uint32_t i = 0; i < p->nenv; i++)
			json_array_append_new(env, jstr(p->env[i]));
		json_object_set_new(o, "env", env);
	}
	if (p->flags & VG_PROC_HAS_CAPS) {
		json_object_set_new(o, "cap_effective", json_integer((json_int_t)p->cap_effective));
		json_object_set_new(o, "cap_permitted", json_integer((json_int_t)p->cap_permitted));
		json_object_set_new(o, "cap_inheritable",
				    json_integer((json_int_t)p->cap_inheritable));
	}
	if (p->flags & VG_PROC_HAS_EXE_INO) {
		json_object_set_new(o, "exe_ino", json_integer((json_int_t)p->exe_ino));
		json_object_set_new(o, "exe_ino_ctime", json_integer((json_int_t)p->exe_ino_ctime));
		json_object_set_new(o, "exe_ino_mtime", json_integer((json_int_t)p->exe_ino_mtime));
	}
	if (p->flags & VG_PROC_EXE_WRITABLE)
		json_object_set_new(o, "exe_writable", json_true());
	if (p->flags & VG_PROC_EXE_UPPER_LAYER)
		json_object_set_new(o, "exe_upper_layer", json_true());
	if (p->flags & VG_PROC_EXE_LOWER_LAYER)
		json_object_set_new(o, "exe_lower_layer", json_true());
	if (p->flags & VG_PROC_EXE_FROM_MEMFD)
		json_object_set_new(o, "exe_from_memfd", json_true());
	return o;
}

static const char *l4_name(enum vg_l4proto p)
{
	switch (p) {
	case VG_L4_TCP: return "tcp";
	case VG_L4_UDP: return "udp";
	case VG_L4_ICMP: return "icmp";
	case VG_L4_RAW: return "raw";
	default: return NULL;
	}
}

static json_t *ip_json(const struct vg_ipaddr *a)
{
	char buf[64];
	vg_ipaddr_format(a, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *fd_obj(const struct vg_fd *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "num", json_integer(f->num));
	if (f->type != VG_FD_UNKNOWN)
		json_object_set_new(o, "type", json_string(vg_fd_type_name(f->type)));
	set_str(o, "name", f->name);
	set_str(o, "nameraw", f->nameraw);
	json_object_set_new(o, "flags", json_integer(f->open_flags));
	if (f->cip.family) {
		json_object_set_new(o, "cip", ip_json(&f->cip));
		json_object_set_new(o, "cport", json_integer(f->cport));
	}
	if (f->sip.family) {
		json_object_set_new(o, "sip", ip_json(&f->sip));
		json_object_set_new(o, "sport", json_integer(f->sport));
	}
	set_str(o, "cip_name", f->cip_name);
	set_str(o, "sip_name", f->sip_name);
	const char *l4 = l4_name(f->l4proto);
	if (l4)
		json_object_set_new(o, "l4proto", json_string(l4));
	if (f->flags & VG_FD_CONNECTED)
		json_object_set_new(o, "connected", json_true());
	if (f->flags & VG_FD_IS_SERVER)
		json_object_set_new(o, "server", json_true());
	if (f->flags & VG_FD_NAME_CHANGED)
		json_object_set_new(o, "name_changed", json_true());
	if (f->flags & VG_FD_UPPER_LAYER)
		json_object_set_new(o, "upper_layer", json_true());
	if (f->flags & VG_FD_LOWER_LAYER)
		json_object_set_new(o, "lower_layer", json_true());
	if (f->flags & VG_FD_HAS_INO) {
		json_object_set_new(o, "dev", json_integer(f->dev));
		json_object_set_new(o, "ino", json_integer((json_int_t)f->ino));
	}
	return o;
}

static json_t *tri(enum vg_tri t)
{
	return t == VG_TRI_TRUE ? json_true() : json_false();
}

static json_t *kvs(const struct vg_kv *kv, uint32_t n)
{
	json_t *o = json_object();
	for (uint32_t i = 0; i < n; i++)
		if (kv[i].key.ptr)
			json_object_set_new(o, kv[i].key.ptr, jstr(kv[i].value));
	return o;
}

static json_t *container_obj(const struct vg_container *c)
{
	json_t *o = json_object();
	set_str(o, "id", c->id);
	set_str(o, "full_id", c->full_id);
	set_str(o, "name", c->name);
	set_str(o, "type", c->type);
	set_str(o, "image", c->image);
	set_str(o, "image_id", c->image_id);
	set_str(o, "image_repository", c->image_repository);
	set_str(o, "image_tag", c->image_tag);
	set_str(o, "image_digest", c->image_digest);
	set_str(o, "ip", c->ip);
	if (c->privileged)
		json_object_set_new(o, "privileged", tri(c->privileged));
	if (c->host_pid)
		json_object_set_new(o, "host_pid", tri(c->host_pid));
	if (c->host_network)
		json_object_set_new(o, "host_network", tri(c->host_network));
	if (c->host_ipc)
		json_object_set_new(o, "host_ipc", tri(c->host_ipc));
	if (c->start_ts)
		json_object_set_new(o, "start_ts", json_integer((json_int_t)c->start_ts));
	if (c->nlabels)
		json_object_set_new(o, "labels", kvs(c->labels, c->nlabels));
	if (c->nmounts) {
		json_t *m = json_array();
		for (uint32_t i = 0; i < c->nmounts; i++) {
			json_t *x = json_object();
			set_str(x, "source", c->mounts[i].source);
			set_str(x, "dest", c->mounts[i].dest);
			set_str(x, "mode", c->mounts[i].mode);
			json_object_set_new(x, "rdwr", json_boolean(c->mounts[i].rdwr));
			set_str(x, "propagation", c->mounts[i].propagation);
			json_array_append_new(m, x);
		}
		json_object_set_new(o, "mounts", m);
	}
	return o;
}

static json_t *pod_obj(const struct vg_k8s_pod *p)
{
	json_t *o = json_object();
	set_str(o, "pod_name", p->name);
	set_str(o, "ns", p->ns);
	set_str(o, "pod_uid", p->uid);
	set_str(o, "sandbox_id", p->sandbox_id);
	set_str(o, "full_sandbox_id", p->full_sandbox_id);
	set_str(o, "pod_ip", p->ip);
	if (p->nlabels)
		json_object_set_new(o, "labels", kvs(p->labels, p->nlabels));
	return o;
}

int vg_live_record(struct vg_live_recorder *r, const struct vg_sys_event *ev)
{
	json_t *o = json_object();
	if (!o)
		return -ENOMEM;
	json_object_set_new(o, "type", json_string(ev->type == VG_EVT_GENERIC
							   ? "syscall"
							   : vg_evt_type_name(ev->type)));
	if (ev->dir == VG_DIR_ENTER)
		json_object_set_new(o, "dir", json_string(">"));
	json_object_set_new(o, "ts", json_integer((json_int_t)ev->ts));
	json_object_set_new(o, "cpu", json_integer(ev->cpu));
	if (ev->flags & VG_SYS_HAS_RES)
		json_object_set_new(o, "res", json_integer(ev->res));
	if (ev->nargs) {
		json_t *args = json_object();
		for (uint32_t i = 0; i < ev->nargs; i++)
			if (ev->args[i].name && !json_object_get(args, ev->args[i].name))
				json_object_set_new(args, ev->args[i].name,
						    arg_value(ev->type, &ev->args[i]));
		json_object_set_new(o, "args", args);
	}
	if (ev->proc) {
		/* ancestors first: whether any changed decides whether the list is written */
		const struct vg_proc *chain[MAX_ANCESTORS];
		unsigned na = 0;
		bool anc_changed = false;
		for (const struct vg_proc *a = ev->proc->parent; a && na < MAX_ANCESTORS;
		     a = a->parent) {
			/* a pid may appear once per chain */
			bool dup = a->pid == ev->proc->pid || a->tid == ev->proc->tid;
			for (unsigned j = 0; j < na && !dup; j++)
				dup = chain[j]->pid == a->pid;
			if (dup)
				break;
			chain[na++] = a;
			if (!seen_same(r->anc, a->tid, proc_hash(a, false, ev)))
				anc_changed = true;
		}
		bool same = seen_same(r->self, ev->proc->tid, proc_hash(ev->proc, true, ev));
		json_t *p;
		if (same && !anc_changed) {
			p = json_object();
			json_object_set_new(p, "pid", json_integer(ev->proc->pid));
			if (ev->proc->tid != ev->proc->pid)
				json_object_set_new(p, "tid", json_integer(ev->proc->tid));
		} else {
			p = proc_obj(ev->proc, true);
			if (ev->user && ev->user->name.ptr)
				set_str(p, "user", ev->user->name);
			if (ev->user && ev->user->homedir.ptr)
				set_str(p, "user_homedir", ev->user->homedir);
			if (ev->user && ev->user->shell.ptr)
				set_str(p, "user_shell", ev->user->shell);
			if (ev->group && ev->group->name.ptr)
				set_str(p, "group", ev->group->name);
			if (ev->loginuser && ev->loginuser->name.ptr)
				set_str(p, "loginuser", ev->loginuser->name);
			if (na) {
				json_t *anc = json_array();
				for (unsigned j = 0; j < na; j++)
					json_array_append_new(anc, proc_obj(chain[j], false));
				json_object_set_new(p, "ancestors", anc);
			}
		}
		json_object_set_new(o, "proc", p);
	}
	if (ev->fd)
		json_object_set_new(o, "fd", fd_obj(ev->fd));
	if (ev->container)
		json_object_set_new(o, "container", container_obj(ev->container));
	if (ev->pod)
		json_object_set_new(o, "k8s", pod_obj(ev->pod));
	set_str(o, "hostname", ev->hostname);
	int e = json_dumpf(o, r->out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (e != 0 || fputc('\n', r->out) == EOF)
		return -EIO;
	return 0;
}
