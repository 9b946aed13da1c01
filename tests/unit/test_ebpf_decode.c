/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ebpf_decode.c - the live decoder (src/lib/live/decode.c) over synthetic kernel records
 * in the format of bpf/vigil_bpf.h: no kernel needed. The state is E2's (live/state.h) over an
 * empty fake /proc, so everything comes from the records.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "live/live_internal.h"
#include "live/state.h"
#include "vigil/fields.h"
#include "vigil/live.h"
#include "vigil/rulesfile.h"

/* ---- record builder ------------------------------------------------------------------------ */

struct rb {
	uint8_t buf[VG_KREC_MAX];
	size_t len;
};

static struct vg_krec *rb_init(struct rb *b, uint16_t kind, uint16_t nr, uint32_t pid,
			       uint32_t tid)
{
	memset(b, 0, sizeof(*b));
	struct vg_krec *h = (struct vg_krec *)b->buf;
	h->magic = VG_KREC_MAGIC;
	h->kind = kind;
	h->nr = nr;
	h->ts = 1000000000ull;
	h->tgid = pid;
	h->tid = tid;
	h->ptgid = 1;
	h->loginuid = UINT32_MAX;
	memcpy(h->comm, "tester", 6);
	b->len = sizeof(*h);
	return h;
}

static void rb_param(struct rb *b, uint8_t id, const void *data, size_t len)
{
	b->len = (b->len + 7) & ~(size_t)7;
	struct vg_kparam p = { .id = id, .len = (uint16_t)len };
	memcpy(b->buf + b->len, &p, sizeof(p));
	b->len += sizeof(p);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
}

static void rb_str(struct rb *b, uint8_t id, const char *s)
{
	rb_param(b, id, s, strlen(s) + 1);
}

/* path components leaf first, as the kernel walk writes them */
static void rb_path(struct rb *b, uint8_t id, const char *const *leaf_first, size_t n)
{
	char tmp[512];
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(leaf_first[i]) + 1;
		memcpy(tmp + off, leaf_first[i], l);
		off += l;
	}
	rb_param(b, id, tmp, off);
}

static void rb_done(struct rb *b)
{
	((struct vg_krec *)b->buf)->len = (uint16_t)b->len;
}

/* ---- fixture ------------------------------------------------------------------------------ */

struct fx {
	char dir[64];
	struct vg_live_state *st;
	struct vg_live_decoder *d;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/vg-ebpf-decode-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(vg_live_state_new(f->dir, "testhost", NULL, &f->st), 0);
	assert_int_equal(vg_live_decoder_new(f->st, 1, &f->d), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	vg_live_decoder_free(f->d);
	vg_live_state_free(f->st);
	rmdir(f->dir);
	free(f);
	return 0;
}

static const struct vg_evt_arg *arg(const struct vg_sys_event *ev, const char *name)
{
	for (uint32_t i = 0; i < ev->nargs; i++)
		if (strcmp(ev->args[i].name, name) == 0)
			return &ev->args[i];
	return NULL;
}

/* exec of /usr/bin/cat /etc/shadow by pid 500 (parent 400), cwd /home/u */
static void exec_cat(struct fx *f)
{
	struct rb b;
	struct vg_krec *h = rb_init(&b, VG_KREC_FORK, 0, 400, 400);
	h->args[0] = 500;
	h->args[1] = 500;
	rb_done(&b);
	const struct vg_sys_event *ev = NULL;
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 0);
	vg_live_decoder_done(f->d);

	h = rb_init(&b, VG_KREC_EXEC, 0, 500, 500);
	h->ptgid = 400;
	h->euid = 1000;
	h->egid = 1000;
	h->tty = (136 << 8) | 1;
	memcpy(h->comm, "cat\0\0\0", 6);
	static const char *const exe[] = { "cat", "bin", "usr" };
	rb_path(&b, VG_KP_EXEPATH, exe, 3);
	static const char argv[] = "cat\0/etc/shadow\0";
	rb_param(&b, VG_KP_ARGV, argv, sizeof(argv) - 1);
	static const char *const cwd[] = { "u", "home" };
	rb_path(&b, VG_KP_CWD, cwd, 2);
	static const char env[] = "PATH=/bin\0HOME=/home/u\0";
	rb_param(&b, VG_KP_ENV, env, sizeof(env) - 1);
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 0);
	vg_live_decoder_done(f->d);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_paths(void **state)
{
	char buf[256];
	static const char comps[] = "c\0b\0a\0";
	assert_int_equal(vg_live_path_from_components(comps, sizeof(comps) - 1, buf, sizeof(buf)),
			 6);
	assert_string_equal(buf, "/a/b/c");
	assert_int_equal(vg_live_path_from_components("", 0, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "/");
	/* a root dentry's name "/" is skipped */
	static const char rooted[] = "x\0/\0";
	vg_live_path_from_components(rooted, sizeof(rooted) - 1, buf, sizeof(buf));
	assert_string_equal(buf, "/x");
	assert_int_equal(vg_live_path_from_components(comps, sizeof(comps) - 1, buf, 4),
			 -ENAMETOOLONG);

	vg_live_path_join("/home/u", "../etc/./shadow", buf, sizeof(buf));
	assert_string_equal(buf, "/home/etc/shadow");
	vg_live_path_join("/home/u", "/etc//passwd", buf, sizeof(buf));
	assert_string_equal(buf, "/etc/passwd");
	vg_live_path_join("/", "../../..", buf, sizeof(buf));
	assert_string_equal(buf, "/");
	vg_live_path_join("/a", "b/", buf, sizeof(buf));
	assert_string_equal(buf, "/a/b");
	assert_int_equal(vg_live_path_join("/aaaaaaaa", "bbbbbbbb", buf, 8), -ENAMETOOLONG);
}

static void test_table_and_descs(void **state)
{
	size_t n = 0;
	const struct vg_live_sc *t = vg_live_syscalls(&n);
	assert_true(n >= 45);
	for (size_t i = 0; i < n; i++) {
		assert_true(t[i].nr < VG_KNR_MAX);
		assert_ptr_equal(vg_live_syscall(t[i].nr), &t[i]);
	}
	assert_null(vg_live_syscall(SYS_write));
	/* interest set: the rules' types plus the state's, nothing else */
	struct vg_evtset set;
	vg_evtset_clear(&set);
	vg_evtset_add(&set, VG_EVT_PTRACE);
	struct vg_ksc_desc d[VG_KNR_MAX];
	size_t on = vg_live_descs(&set, d);
	assert_true(on > 1);
	assert_int_equal(d[SYS_ptrace].interest, 1);
	assert_int_equal(d[SYS_ptrace].only_ok, 0);
	assert_int_equal(d[SYS_openat].interest, 1); /* the fd table needs it */
	assert_int_equal(d[SYS_openat].only_ok, 1);  /* ... but not its failures */
	assert_int_equal(d[SYS_openat].str_mask, 1u << 1);
	assert_int_equal(d[SYS_openat].base[1], 2); /* dirfd in argument 0 */
	assert_int_equal(d[SYS_kill].interest, 0);
	assert_int_equal(d[SYS_close].interest, 0); /* no dup rule: close is not needed */
	assert_int_equal(d[SYS_write].interest, 0);
	vg_evtset_add(&set, VG_EVT_DUP2);
	vg_live_descs(&set, d);
	assert_int_equal(d[SYS_close].interest, 1);
	assert_int_equal(vg_live_descs(NULL, d), n);
}

static void test_openat_relative(void **state)
{
	struct fx *f = *state;
	exec_cat(f);
	struct rb b;
	struct vg_krec *h = rb_init(&b, VG_KREC_SYSCALL, SYS_openat, 500, 500);
	h->ret = 3;
	h->euid = 1000;
	h->egid = 1000;
	h->args[0] = (uint64_t)(int64_t)-100; /* AT_FDCWD */
	h->args[2] = 01000 | 01 | 02000000;   /* O_WRONLY|O_TRUNC|O_CLOEXEC */
	h->args[3] = 0644;
	rb_str(&b, VG_KP_STR0 + 1, "../u/./log.txt");
	static const char *const cwd[] = { "u", "home" };
	rb_path(&b, VG_KP_CWD, cwd, 2);
	rb_done(&b);
	const struct vg_sys_event *ev = NULL;
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(ev->type, VG_EVT_OPENAT);
	assert_int_equal(ev->res, 3);
	assert_int_equal(ev->ts, 1000000001ull);
	assert_non_null(ev->fd);
	assert_int_equal(ev->fd->num, 3);
	assert_int_equal(ev->fd->type, VG_FD_FILE);
	assert_string_equal(ev->fd->name.ptr, "/home/u/log.txt");
	assert_string_equal(ev->fd->nameraw.ptr, "../u/./log.txt");
	assert_int_equal(ev->fd->open_flags, VG_O_WRONLY | VG_O_TRUNC | VG_O_CLOEXEC);
	const struct vg_evt_arg *a = arg(ev, "flags");
	assert_non_null(a);
	assert_int_equal(a->type, VG_ARG_FLAGS);
	assert_int_equal(a->flagset, VG_FLAGSET_OPEN);
	assert_int_equal(a->num.u, VG_O_WRONLY | VG_O_TRUNC | VG_O_CLOEXEC);
	assert_int_equal(arg(ev, "dirfd")->num.i, -100);
	assert_int_equal(arg(ev, "mode")->num.u, 0644);
	assert_string_equal(arg(ev, "name")->str.ptr, "../u/./log.txt");
	/* context from the exec record */
	assert_non_null(ev->proc);
	assert_int_equal(ev->proc->pid, 500);
	assert_string_equal(ev->proc->exepath.ptr, "/usr/bin/cat");
	assert_string_equal(ev->proc->args.ptr, "/etc/shadow");
	assert_string_equal(ev->proc->comm.ptr, "cat");
	assert_string_equal(ev->proc->cwd.ptr, "/home/u");
	assert_true(ev->proc->flags & VG_PROC_HAS_TTY);
	assert_int_equal(ev->proc->tty, (136 << 8) | 1);
	assert_non_null(ev->user);
	assert_int_equal(ev->user->uid, 1000);
	assert_null(ev->container);
	vg_live_decoder_done(f->d);
	/* the fd is in the table now: close refers to it, then removes it */
	h = rb_init(&b, VG_KREC_SYSCALL, SYS_close, 500, 500);
	h->args[0] = 3;
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(ev->type, VG_EVT_CLOSE);
	assert_non_null(ev->fd);
	assert_string_equal(ev->fd->name.ptr, "/home/u/log.txt");
	vg_live_decoder_done(f->d);
	assert_null(vg_live_fd(f->st, 500, 3));
}

static void test_failed_open_and_dirfd(void **state)
{
	struct fx *f = *state;
	exec_cat(f);
	struct rb b;
	struct vg_krec *h = rb_init(&b, VG_KREC_SYSCALL, SYS_openat, 500, 500);
	h->ret = -13;
	h->args[0] = 7; /* a directory fd: its path comes as BASE1 */
	rb_str(&b, VG_KP_STR0 + 1, "shadow");
	static const char *const dir[] = { "etc" };
	rb_path(&b, VG_KP_BASE0 + 1, dir, 1);
	rb_done(&b);
	const struct vg_sys_event *ev = NULL;
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(ev->res, -13);
	assert_int_equal(ev->fd->num, -1);
	assert_string_equal(ev->fd->name.ptr, "/etc/shadow");
	assert_int_equal(ev->fd->open_flags, VG_O_RDONLY);
	vg_live_decoder_done(f->d);
	assert_null(vg_live_fd(f->st, 500, -1));
}

static void test_ptrace_socket_connect(void **state)
{
	struct fx *f = *state;
	exec_cat(f);
	struct rb b;
	const struct vg_sys_event *ev = NULL;
	struct vg_krec *h = rb_init(&b, VG_KREC_SYSCALL, SYS_ptrace, 500, 500);
	h->args[0] = 16; /* Linux PTRACE_ATTACH */
	h->args[1] = 1;
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	const struct vg_evt_arg *a = arg(ev, "request");
	assert_int_equal(a->type, VG_ARG_ENUM);
	assert_int_equal(a->flagset, VG_FLAGSET_PTRACE);
	assert_int_equal(a->num.u, 11); /* PPM_PTRACE_ATTACH */
	assert_int_equal(arg(ev, "pid")->num.i, 1);
	vg_live_decoder_done(f->d);

	h = rb_init(&b, VG_KREC_SYSCALL, SYS_socket, 500, 500);
	h->ret = 4;
	h->args[0] = 2; /* AF_INET */
	h->args[1] = 1; /* SOCK_STREAM */
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(arg(ev, "domain")->num.u, 2);
	assert_int_equal(ev->fd->type, VG_FD_IPV4_SOCK);
	assert_int_equal(ev->fd->l4proto, VG_L4_TCP);
	vg_live_decoder_done(f->d);

	h = rb_init(&b, VG_KREC_SYSCALL, SYS_connect, 500, 500);
	h->ret = 0;
	h->args[0] = 4;
	h->args[2] = 16;
	uint8_t sa[16] = { 2, 0, 0x11, 0x5c, 10, 0, 0, 1 }; /* 10.0.0.1:4444 */
	rb_param(&b, VG_KP_SOCKADDR0 + 1, sa, sizeof(sa));
	struct vg_ktuple t;
	memset(&t, 0, sizeof(t));
	t.family = 2;
	t.lport = 40001;
	t.rport = 4444;
	uint8_t l[4] = { 10, 1, 0, 5 }, r[4] = { 10, 0, 0, 1 };
	memcpy(t.laddr, l, 4);
	memcpy(t.raddr, r, 4);
	rb_param(&b, VG_KP_TUPLE, &t, sizeof(t));
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(ev->type, VG_EVT_CONNECT);
	assert_string_equal(arg(ev, "tuple")->str.ptr, "10.1.0.5:40001->10.0.0.1:4444");
	a = arg(ev, "addr");
	assert_int_equal(a->type, VG_ARG_SOCKADDR);
	assert_int_equal(a->addr.family, 4);
	assert_int_equal(a->port, 4444);
	assert_non_null(ev->fd);
	assert_int_equal(ev->fd->sport, 4444);
	assert_int_equal(ev->fd->cport, 40001);
	assert_true(ev->fd->flags & VG_FD_CONNECTED);
	vg_live_decoder_done(f->d);

	/* dup2(4, 1): the event's fd is the socket */
	h = rb_init(&b, VG_KREC_SYSCALL, SYS_dup2, 500, 500);
	h->ret = 1;
	h->args[0] = 4;
	h->args[1] = 1;
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(ev->type, VG_EVT_DUP2);
	assert_int_equal(ev->fd->type, VG_FD_IPV4_SOCK);
	assert_int_equal(arg(ev, "newfd")->num.i, 1);
	vg_live_decoder_done(f->d);
	const struct vg_fd *one = vg_live_fd(f->st, 500, 1);
	assert_non_null(one);
	assert_int_equal(one->sport, 4444);
}

static void test_symlink_and_clone_flags(void **state)
{
	struct fx *f = *state;
	exec_cat(f);
	struct rb b;
	const struct vg_sys_event *ev = NULL;
	struct vg_krec *h = rb_init(&b, VG_KREC_SYSCALL, SYS_symlinkat, 500, 500);
	h->args[1] = (uint64_t)(int64_t)-100;
	rb_str(&b, VG_KP_STR0 + 0, "/etc/shadow");
	rb_str(&b, VG_KP_STR0 + 2, "s");
	static const char *const cwd[] = { "tmp" };
	rb_path(&b, VG_KP_CWD, cwd, 1);
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_string_equal(arg(ev, "target")->str.ptr, "/etc/shadow");
	assert_string_equal(arg(ev, "linkpath")->str.ptr, "/tmp/s");
	assert_int_equal(arg(ev, "linkdirfd")->num.i, -100);
	vg_live_decoder_done(f->d);

	h = rb_init(&b, VG_KREC_SYSCALL, SYS_unshare, 500, 500);
	h->args[0] = 0x20000 | 0x40000000; /* CLONE_NEWNS | CLONE_NEWNET */
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_int_equal(arg(ev, "flags")->num.u, (1u << 5) | (1u << 4));
	vg_live_decoder_done(f->d);
}

static void test_malformed(void **state)
{
	struct fx *f = *state;
	struct rb b;
	const struct vg_sys_event *ev = NULL;
	rb_init(&b, VG_KREC_SYSCALL, SYS_openat, 1, 1);
	rb_done(&b);
	/* too short, too long, bad magic, length mismatch */
	assert_int_equal(vg_live_decode(f->d, b.buf, 10, &ev), -EBADMSG);
	assert_int_equal(vg_live_decode(f->d, b.buf, VG_KREC_MAX + 1, &ev), -EBADMSG);
	struct vg_krec *h = (struct vg_krec *)b.buf;
	h->magic = 0;
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), -EBADMSG);
	h->magic = VG_KREC_MAGIC;
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len + 8, &ev), -EBADMSG);
	/* a parameter longer than the record */
	rb_str(&b, VG_KP_STR0 + 1, "/etc/passwd");
	size_t plen_off = sizeof(struct vg_krec) + offsetof(struct vg_kparam, len);
	uint16_t big = 5000;
	memcpy(b.buf + plen_off, &big, 2);
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), -EBADMSG);
	/* an unknown kind */
	rb_init(&b, 99, 0, 1, 1);
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), -EBADMSG);
	/* a syscall vigil does not decode: skipped, not an error */
	rb_init(&b, VG_KREC_SYSCALL, SYS_write, 1, 1);
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 0);
	/* a string without its NUL (truncated by the kernel) */
	h = rb_init(&b, VG_KREC_SYSCALL, SYS_openat, 1, 1);
	h->ret = -2;
	h->args[0] = (uint64_t)(int64_t)-100;
	rb_param(&b, VG_KP_STR0 + 1, "/etc/pas", 8);
	rb_done(&b);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	assert_string_equal(ev->fd->name.ptr, "/etc/pas");
	vg_live_decoder_done(f->d);
	struct vg_live_decode_stats st;
	vg_live_decoder_stats(f->d, &st);
	assert_int_equal(st.malformed, 6);
	assert_int_equal(st.unknown, 1);
}

/* the decoded openat of /etc/shadow by an untrusted binary fires the stable rule */
static void test_rule_fires(void **state)
{
	struct fx *f = *state;
	char path[512];
	snprintf(path, sizeof(path), "%s/corpus/falco-rules/falco_rules.yaml", VG_SHARED_DIR);
	if (access(path, R_OK) != 0)
		skip();
	const char *paths[] = { path };
	struct vg_rules_load_opts lo;
	vg_rules_load_opts_init(&lo);
	struct vg_rules *rs = NULL;
	struct vg_rules_msgs *msgs = NULL;
	assert_int_equal(vg_rules_load_files(paths, 1, &lo, &rs, &msgs), 0);
	exec_cat(f);
	struct rb b;
	struct vg_krec *h = rb_init(&b, VG_KREC_SYSCALL, SYS_openat, 500, 500);
	h->ret = 3;
	h->args[0] = (uint64_t)(int64_t)-100;
	rb_str(&b, VG_KP_STR0 + 1, "/etc/shadow");
	rb_done(&b);
	/* cat is a trusted reader of sensitive files in the rules; rename the image */
	const struct vg_sys_event *ev = NULL;
	struct rb e;
	h = rb_init(&e, VG_KREC_EXEC, 0, 500, 500);
	h->ptgid = 400;
	memcpy(h->comm, "mycat\0", 6);
	static const char *const exe[] = { "mycat", "tmp" };
	rb_path(&e, VG_KP_EXEPATH, exe, 2);
	static const char argv[] = "mycat\0/etc/shadow\0";
	rb_param(&e, VG_KP_ARGV, argv, sizeof(argv) - 1);
	rb_done(&e);
	assert_int_equal(vg_live_decode(f->d, e.buf, e.len, &ev), 0);
	vg_live_decoder_done(f->d);
	assert_int_equal(vg_live_decode(f->d, b.buf, b.len, &ev), 1);
	size_t hit = (size_t)-1;
	for (size_t i = 0; i < vg_rules_count(rs); i++)
		if (strcmp(vg_rules_get(rs, i)->name, "Read sensitive file untrusted") == 0)
			hit = i;
	assert_true(hit != (size_t)-1);
	int n = vg_rules_eval(rs, VG_SOURCE_SYSCALL, ev, NULL, NULL);
	assert_true(n >= 1);
	assert_int_equal(vg_rules_match_count(rs, hit), 1);
	vg_live_decoder_done(f->d);
	vg_rules_unref(rs);
	vg_rules_msgs_free(msgs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_table_and_descs),
		cmocka_unit_test_setup_teardown(test_openat_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_open_and_dirfd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ptrace_socket_connect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_and_clone_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_fires, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
