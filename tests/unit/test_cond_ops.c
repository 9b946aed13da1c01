/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_ops.c - operator semantics: every operator on every value type, modifiers, list and
 * "any" fields, missing values (false for every comparison, including !=), boolean logic, and
 * the compile-time type checks with Falco's messages.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_cond_test_events.h"

struct tcase {
	const void *ev;
	const char *cond;
	bool want;
};

#define O (&s_ev_open)
#define P (&s_ev_ptrace)
#define C (&s_ev_connect)
#define U (&s_ev_udp6)

static const struct tcase s_cases[] = {
	/* strings: = == != < <= > >= */
	{ O, "proc.name = curl", true },
	{ O, "proc.name == curl", true },
	{ O, "proc.name = Curl", false },
	{ O, "proc.name != curl", false },
	{ O, "proc.name != wget", true },
	/* ordering operators take numbers or fields: strings compare through val() */
	{ O, "proc.name > val(proc.pname)", true },
	{ O, "proc.name >= val(proc.name)", true },
	{ O, "proc.name < val(proc.pname)", false },
	{ O, "proc.name <= val(proc.pname)", false },
	{ O, "proc.cmdline = \"curl -s http://example.com/x.sh\"", true },
	{ O, "proc.args = \"\"", false },
	{ O, "proc.pname = bash", true },
	{ O, "proc.pcmdline = bash", true },
	/* substring operators */
	{ O, "proc.cmdline contains example", true },
	{ O, "proc.cmdline contains EXAMPLE", false },
	{ O, "proc.cmdline icontains EXAMPLE", true },
	{ O, "proc.cmdline contains \"\"", true },
	{ O, "fd.name startswith /etc/", true },
	{ O, "fd.name startswith /etc/shadow/", false },
	{ O, "fd.name endswith shadow", true },
	{ O, "fd.name endswith /etc", false },
	{ O, "fd.name glob '/etc/*'", true },
	{ O, "fd.name glob '/ETC/*'", false },
	{ O, "fd.name iglob '/ETC/*'", true },
	{ O, "fd.name glob '/e?c/[a-s]hadow'", true },
	{ O, "fd.name glob '*shadow'", true },
	{ O, "proc.exepath glob '/usr/*'", true }, /* no FNM_PATHNAME: * crosses '/' */
	/* regex: anchored at both ends */
	{ O, "fd.name regex '/etc/[a-z]+'", true },
	{ O, "fd.name regex 'etc'", false },
	{ O, "fd.name regex '.*etc.*'", true },
	{ O, "proc.name regex 'cur|curl'", true },
	/* in / intersects / pmatch */
	{ O, "proc.name in (wget, curl)", true },
	{ O, "proc.name in (wget, nc)", false },
	{ O, "proc.name in ()", false },
	{ O, "proc.name intersects (curl)", true },
	{ O, "proc.name in (\"curl \")", false },
	{ O, "fd.name pmatch (/etc)", true },
	{ O, "fd.name pmatch (/etc/shadow)", true },
	{ O, "fd.name pmatch (/et)", false },
	{ O, "fd.name pmatch (/etc/shadow/x)", false },
	{ O, "fd.name pmatch (/)", true },
	{ O, "fd.name pmatch (/e*)", true },
	{ O, "fd.name pmatch (/usr, /var/lib, /e?c/sh*)", true },
	/* exists */
	{ O, "proc.name exists", true },
	{ O, "fd.name exists", true },
	{ P, "fd.name exists", false },
	{ P, "proc.pname exists", false },
	/* string modifiers */
	{ O, "proc.name startswith oneof (cu, wg)", true },
	{ O, "proc.name startswith oneof (cu, c)", false }, /* two match */
	{ O, "proc.name startswith anyof (cu, c)", true },
	{ O, "proc.name startswith allof (cu, c)", true },
	{ O, "proc.name startswith allof (cu, x)", false },
	{ O, "proc.name = anyof (wget, curl)", true },
	{ O, "proc.name != allof (wget, nc)", true },
	{ O, "proc.name != allof (wget, curl)", false },
	{ O, "proc.cmdline contains anyof (nope, example)", true },
	{ O, "proc.cmdline icontains anyof (nope, EXAMPLE)", true },
	{ O, "proc.cmdline contains anyof (nope, EXAMPLE)", false },
	{ O, "fd.name endswith anyof (dow, xyz)", true },
	{ O, "fd.name glob oneof ('/etc/*', '*shadow')", false },
	{ O, "fd.name glob anyof ('/etc/*', '*shadow')", true },
	{ O, "fd.name regex allof ('/etc/.*', '.*shadow')", true },
	{ O, "fd.name regex oneof ('/etc/.*', '.*shadow')", false },
	{ O, "fd.name contains oneof ()", false },
	/* unsigned / signed numbers */
	{ O, "fd.num = 3", true },
	{ O, "fd.num != 3", false },
	{ O, "fd.num < 4", true },
	{ O, "fd.num <= 3", true },
	{ O, "fd.num > 3", false },
	{ O, "fd.num >= 3", true },
	{ O, "fd.num >= 0", true },
	{ O, "fd.num > -1", true },
	{ O, "fd.num = 0x3", true },
	{ O, "fd.num in (1, 2, 3)", true },
	{ O, "fd.num in (1, 2)", false },
	{ O, "fd.num intersects (3)", true },
	{ O, "proc.pid = 300", true },
	{ O, "thread.tid = 301", true },
	{ O, "proc.ppid = 200", true },
	{ O, "user.uid = 0", true },
	{ O, "user.loginuid = 1000", true },
	{ O, "proc.tty != 0", true },
	{ O, "evt.num = 42", true },
	{ O, "evt.rawres >= 0", true },
	{ P, "evt.rawres < 0", true },
	{ P, "evt.rawres = -1", true },
	{ C, "evt.rawres in (0, 1, 2)", false },
	{ O, "proc.duration <= 5000000000", true },
	{ O, "proc.duration = 5000000000", true },
	{ O, "proc.exe_ino.ctime_duration_proc_start = 1000000000", true },
	{ O, "fd.num = anyof (1, 3)", true },
	{ O, "fd.num != allof (1, 2)", true },
	/* ports */
	{ C, "fd.sport = 443", true },
	{ C, "fd.rport = 443", true },
	{ C, "fd.lport = 40000", true },
	{ C, "fd.port = 40000", true },
	{ C, "fd.port in (443)", true },
	{ C, "fd.cport > 1024", true },
	/* bools */
	{ O, "evt.is_open_write = true", true },
	{ O, "evt.is_open_read = true", true },
	{ O, "evt.is_open_write = false", false },
	{ O, "evt.is_open_write != false", true },
	{ O, "evt.is_open_create = true", false },
	{ O, "evt.is_open_write in (true)", true },
	{ O, "container.privileged = true", true },
	{ O, "container.host_network = false", true },
	{ O, "container.host_pid = false", false }, /* unknown: missing */
	{ O, "proc.is_exe_upper_layer = true", true },
	{ O, "proc.is_exe_from_memfd = true", false },
	{ C, "fd.connected = true", true },
	{ C, "evt.failed = true", true },
	/* addresses and networks */
	{ C, "fd.sip = 1.2.3.4", true },
	{ C, "fd.sip != 1.2.3.4", false },
	{ C, "fd.cip = 10.0.0.2", true },
	{ C, "fd.rip = 1.2.3.4", true },
	{ C, "fd.lip = 10.0.0.2", true },
	{ C, "fd.ip = 10.0.0.2", true }, /* client or server */
	{ C, "fd.ip = 1.2.3.4", true },
	{ C, "fd.ip = 9.9.9.9", false },
	{ C, "fd.ip != \"0.0.0.0\"", true },
	{ C, "fd.sip in (5.5.5.5, 1.2.3.4)", true },
	{ C, "fd.snet = 1.2.0.0/16", true },
	{ C, "fd.snet = 1.3.0.0/16", false },
	{ C, "fd.net != \"127.0.0.0/8\"", true },
	{ C, "fd.snet in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)", false },
	{ C, "fd.cnet in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)", true },
	{ C, "fd.net = 10.0.0.0/8", true },
	{ C, "fd.rnet = 1.2.3.4", true },
	{ U, "fd.sip = fd00::5", true },
	{ U, "fd.snet = fd00::/8", true },
	{ U, "fd.snet = 1.2.0.0/16", false },
	{ U, "fd.sip = 1.2.3.4", false },
	{ U, "fd.cip = ::1", true },
	{ U, "fd.l4proto = udp", true },
	{ U, "fd.typechar = 6", true },
	/* byte buffers */
	{ O, "evt.buffer bcontains 6c6c", true },
	{ O, "evt.buffer bcontains 006c", true },
	{ O, "evt.buffer bcontains ff", false },
	{ O, "evt.buffer bstartswith 6865", true },
	{ O, "evt.buffer bstartswith 65", false },
	{ O, "evt.buffer contains llo", true },
	{ O, "evt.buffer startswith he", true },
	{ O, "evt.buflen = 7", true },
	/* evt.type: bitset tests */
	{ O, "evt.type = openat", true },
	{ O, "evt.type = open", false },
	{ O, "evt.type != open", true },
	{ O, "evt.type in (open, openat, openat2)", true },
	{ O, "evt.type = anyof (open, openat)", true },
	{ O, "evt.type startswith open", true },
	{ O, "evt.type.is[openat] = 1", true },
	/* rendered parameters and results */
	{ O, "evt.arg.flags contains O_CREAT", true },
	{ O, "evt.arg.flags = \"O_CREAT|O_RDWR|O_CLOEXEC\"", true }, /* libs table order */
	{ O, "evt.arg.flags contains O_TRUNC", false },
	{ O, "evt.arg.mode = 0644", true },
	{ O, "evt.arg.name = ../etc/shadow", true },
	{ O, "evt.arg[2] = ../etc/shadow", true },
	{ O, "evt.arg.fd = 3", true },
	{ O, "evt.arg.target exists", false },
	{ O, "evt.res = SUCCESS", true },
	{ P, "evt.res = EPERM", true },
	{ P, "evt.res startswith E", true },
	{ C, "evt.res = EINPROGRESS", true },
	{ P, "evt.arg.request contains PTRACE_ATTACH", true },
	{ P, "evt.arg.request = PTRACE_ATTACH", true },
	{ P, "evt.arg.res = \"-1(EPERM)\"", true },
	{ C, "evt.arg.addr = \"1.2.3.4:443\"", true },
	{ O, "evt.args contains \"flags=4103(O_CREAT|O_RDWR|O_CLOEXEC)\"", true },
	/* raw parameters: typed */
	{ O, "evt.rawarg.fd = 3", true },
	{ O, "evt.rawarg.fd < 10", true },
	{ O, "evt.rawarg.dirfd = -100", true },
	{ O, "evt.rawarg.flags = 4103", true },
	{ O, "evt.rawarg.name = ../etc/shadow", true },
	{ O, "evt.rawarg.name contains etc", true },
	{ O, "evt.rawarg.fd in (1, 3)", true },
	{ O, "evt.rawarg.fd = abc", false },
	/* ancestors */
	{ O, "proc.aname[0] = curl", true },
	{ O, "proc.aname[1] = bash", true },
	{ O, "proc.aname[2] = sshd", true },
	{ O, "proc.aname[3] = init", true },
	{ O, "proc.aname[4] = init", false },
	{ O, "proc.aname = sshd", true }, /* any ancestor */
	{ O, "proc.aname = curl", false }, /* self excluded */
	{ O, "proc.aname in (init, nope)", true },
	{ O, "proc.aname != sshd", true }, /* some ancestor is not sshd */
	{ O, "proc.aname startswith ss", true },
	{ O, "proc.apid = 1", true },
	{ O, "proc.apid[2] = 100", true },
	{ O, "proc.aexepath[2] = /usr/sbin/sshd", true },
	{ O, "proc.acmdline contains \"-D\"", true },
	{ O, "proc.sname = bash", true },
	{ O, "proc.pexe = -bash", true },
	{ O, "proc.pexepath = /bin/bash", true },
	{ P, "proc.aname = init", false },
	{ P, "proc.ppid exists", false },
	/* files, users, capabilities, environment */
	{ O, "fd.directory = /etc", true },
	{ O, "fd.filename = shadow", true },
	{ O, "fd.nameraw = ../etc/shadow", true },
	{ O, "fd.typechar = f", true },
	{ O, "fd.type = file", true },
	{ O, "fd.type in (file, directory)", true },
	{ O, "fd.ino = 99", true },
	{ O, "user.name = root", true },
	{ O, "user.loginname = alice", true },
	{ O, "group.name = root", true },
	{ O, "thread.cap_effective contains CAP_SYS_ADMIN", true },
	{ O, "thread.cap_effective icontains sys_admin", true },
	{ O, "thread.cap_effective = \"CAP_DAC_OVERRIDE CAP_SYS_ADMIN\"", true },
	{ O, "thread.cap_effective contains CAP_SYS_MODULE", false },
	{ O, "proc.env[HOME] = /root", true },
	{ O, "proc.env[NOPE] exists", false },
	{ O, "proc.env contains \"AWS_KEY=\"", true },
	{ O, "proc.cwd = /tmp", true },
	{ O, "evt.hostname = node-1", true },
	{ O, "evt.source = syscall", true },
	{ O, "evt.dir = <", true },
	/* containers and pods */
	{ O, "container.id = 0123456789ab", true },
	{ O, "container.id != host", true },
	{ P, "container.id = host", true },
	{ P, "container.name = host", true },
	{ P, "container.image.repository exists", false },
	{ O, "container.image.repository = docker.io/library/nginx", true },
	{ O, "container.image.tag = 1.25", true },
	{ O, "container.label[app] = web", true },
	{ O, "container.label.app = web", true },
	{ O, "container.labels contains \"tier:front\"", true },
	{ O, "container.mount.dest[/var/run/docker.sock] = /var/run/docker.sock", true },
	{ O, "container.mount.dest[/d*] = /mnt/data", true },
	{ O, "container.mount.source[/mnt/*] = /data", true },
	{ O, "container.mount.mode[1] = ro", true },
	{ O, "container.mount.dest[/nope] != \"N/A\"", false },
	{ O, "k8s.ns.name = prod", true },
	{ O, "k8s.pod.name = web-1", true },
	{ O, "k8s.pod.label[app] = web", true },
	{ O, "k8s.pod.label.tier = front", true },
	{ P, "k8s.ns.name exists", false },
	/* missing values: every comparison false, negation true */
	{ P, "fd.name = /etc/shadow", false },
	{ P, "fd.name != /etc/shadow", false },
	{ P, "not fd.name = /etc/shadow", true },
	{ P, "not fd.name != /etc/shadow", true },
	{ P, "fd.name in (a, b)", false },
	{ P, "not fd.name in (a, b)", true },
	{ P, "fd.num < 100", false },
	{ P, "fd.num >= 0", false },
	{ P, "fd.name contains x", false },
	{ P, "fd.name startswith anyof (a, b)", false },
	{ P, "fd.name != allof (a, b)", false },
	{ P, "fd.name regex '.*'", false },
	{ P, "fd.name glob '*'", false },
	{ P, "fd.name pmatch (/)", false },
	{ P, "fd.sip = 1.2.3.4", false },
	{ P, "fd.snet != 10.0.0.0/8", false },
	{ P, "evt.arg.flags contains O", false },
	{ P, "proc.pname != bash", false },
	{ P, "tolower(fd.name) = x", false },
	{ P, "len(fd.name) = 0", false },
	{ O, "proc.name = val(fd.nameraw)", false },
	{ P, "proc.name = val(proc.pname)", false },
	{ P, "proc.name != val(proc.pname)", false },
	/* field-to-field */
	{ O, "proc.name = val(proc.name)", true },
	{ O, "proc.name != val(proc.pname)", true },
	{ O, "fd.directory = val(proc.cwd)", false },
	{ O, "fd.name startswith val(fd.directory)", true },
	{ O, "proc.pid > val(proc.ppid)", true },
	{ O, "proc.name in val(proc.pname)", false },
	{ O, "proc.pname in val(proc.pname)", true },
	{ O, "tolower(proc.name) = val(proc.name)", true },
	/* boolean logic (libs' filter_compiler truth table) */
	{ O, "proc.name = curl or proc.name = curl and proc.name = x", true },
	{ O, "(proc.name = curl or proc.name = curl) and proc.name = x", false },
	{ O, "not not not proc.name = curl", false },
	{ O, "not not proc.name = curl", true },
	{ O, "not (proc.name = x or fd.num = 3)", false },
	{ O, "not (proc.name = x and fd.num = 3)", true },
	{ O, "proc.name = x or fd.num = 4 or evt.type = openat", true },
	{ O, "proc.name = curl and fd.num = 3 and not evt.type = open", true },
	/* merged predicates (same field under one or) */
	{ O, "proc.name = wget or proc.name = curl or proc.name in (nc)", true },
	{ O, "proc.name = wget or proc.name in (nc, ncat)", false },
	{ O, "proc.cmdline contains nope or proc.cmdline contains example.com", true },
	{ O, "proc.cmdline icontains NOPE or proc.cmdline icontains EXAMPLE", true },
	{ O, "fd.name startswith /usr or fd.name startswith /etc", true },
	{ O, "fd.name endswith passwd or fd.name endswith shadow", true },
	{ O, "fd.name endswith passwd or fd.name endswith group", false },
	{ O, "evt.type = open or evt.type = openat", true },
	{ O, "proc.aname[2] = x or proc.aname[3] = init", true },
	{ O, "proc.aname = x or proc.aname = sshd", true },
};

static void test_semantics(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(s_cases) / sizeof(s_cases[0]); i++)
		expect_eval(s_cases[i].ev, s_cases[i].cond, s_cases[i].want);
}

static void test_list_fields(void **state)
{
	(void)state;
	const char *json =
		"{\"kind\":\"Event\",\"auditID\":\"a1\",\"verb\":\"create\","
		"\"user\":{\"username\":\"bob\",\"groups\":[\"dev\",\"system:authenticated\"]},"
		"\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"prod\"},"
		"\"requestObject\":{\"spec\":{\"containers\":[{\"image\":\"nginx:1.25\","
		"\"securityContext\":{\"privileged\":true}},{\"image\":\"busybox@sha256:ab\"}]}}}";
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_parse(json, strlen(json), NULL, &set, &d), 0);
	struct vg_audit_event ev;
	vg_audit_event_init(&ev, vg_docset_get(set, 0)->root, 1);
	/* in: every value in the set; intersects: any value */
	expect_eval(&ev, "ka.user.groups in (dev, system:authenticated, x)", true);
	expect_eval(&ev, "ka.user.groups in (dev)", false);
	expect_eval(&ev, "ka.user.groups intersects (dev)", true);
	expect_eval(&ev, "ka.user.groups intersects (x)", false);
	expect_eval(&ev, "ka.user.groups exists", true);
	expect_eval(&ev, "ka.req.pod.containers.image.repository in (nginx, busybox)", true);
	expect_eval(&ev, "ka.req.pod.containers.image.repository in (nginx)", false);
	expect_eval(&ev, "ka.req.pod.containers.image[1] in (busybox@sha256:ab)", true);
	expect_eval(&ev, "ka.req.pod.containers.privileged intersects (true)", true);
	expect_eval(&ev, "ka.req.pod.containers.privileged in (true)", true); /* 1 value */
	expect_eval(&ev, "ka.req.pod.initContainers.privileged intersects (true)", false);
	expect_eval(&ev, "len(ka.req.pod.containers.image) = 2", true);
	expect_eval(&ev, "ka.verb = create", true);
	expect_eval(&ev, "ka.target.namespace in (prod, dev)", true);
	expect_eval(&ev, "ka.target.pod.name exists", false);
	vg_docset_free(set);
}

static void test_type_errors(void **state)
{
	(void)state;
	const enum vg_source S = VG_SOURCE_SYSCALL, K = VG_SOURCE_K8S_AUDIT;
	expect_compile_error(S, "proc.foo = 1", -ENOENT,
			     "filter_check called with nonexistent field proc.foo");
	expect_compile_error(K, "proc.name = 1", -ENOENT,
			     "filter_check called with nonexistent field proc.name");
	expect_compile_error(S, "ka.verb = get", -ENOENT,
			     "filter_check called with nonexistent field ka.verb");
	expect_compile_error(S, "proc.name[1] = x", -ENOENT,
			     "filter_check called with nonexistent field proc.name[1]");
	expect_compile_error(S, "fd.num contains 1", -EINVAL,
			     "filter error: 'contains' operator not supported for numeric filters");
	expect_compile_error(S, "evt.is_open_read > 0", -EINVAL,
			     "filter error: '>' operator not supported for numeric filters");
	expect_compile_error(S, "proc.name bcontains 00", -EINVAL,
			     "filter error: 'bcontains' operator not supported for string filters");
	expect_compile_error(S, "fd.sip startswith 1", -EINVAL,
			     "filter error: 'startswith' operator not supported for ip address "
			     "and network filters");
	expect_compile_error(S, "evt.buffer icontains x", -EINVAL,
			     "filter error: 'icontains' operator not supported for buffer filters");
	expect_compile_error(K, "ka.user.groups = x", -EINVAL,
			     "filter error: '=' operator not supported list filters");
	expect_compile_error(S, "fd.num = abc", -EINVAL, "abc is not a valid number");
	expect_compile_error(S, "fd.num = 1.5", -EINVAL, "1.5 is not a valid number");
	expect_compile_error(S, "fd.sport = 70000", -EINVAL, "70000 is not a valid number");
	expect_compile_error(S, "evt.is_open_read = yes", -EINVAL,
			     "unrecognized boolean value yes");
	expect_compile_error(S, "fd.sip = 1.2.3", -EINVAL, "unrecognized IP address 1.2.3");
	expect_compile_error(S, "fd.snet = 1.2.3.4/33", -EINVAL,
			     "unrecognized IP network 1.2.3.4/33");
	expect_compile_error(S, "evt.buffer bcontains xyz", -EINVAL,
			     "bcontains and bstartswith operator support hex strings only");
	expect_compile_error(S, "evt.type = nosuchcall", -ENOENT, "unknown event type nosuchcall");
	expect_compile_error(S, "evt.type in (open, nosuchcall)", -ENOENT,
			     "unknown event type nosuchcall");
	expect_compile_error(S, "evt.type.is[bogus] = 1", -ENOENT, "unknown event type bogus");
	expect_compile_error(S, "evt.arg.bogus = 1", -ENOENT, "unknown event argument bogus");
	expect_compile_error(S, "proc.aname[x] = 1", -EINVAL, "x is not a valid number");
	expect_compile_error(S, "proc.aname[-1] = 1", -EINVAL,
			     "invalid index argument '-1' for field proc.aname");
	expect_compile_error(K, "ka.uri.param = x", -EINVAL,
			     "filter ka.uri.param requires an argument");
	expect_compile_error(S, "fd.name regex '('", -EINVAL,
			     "invalid regex pattern: missing closing parenthesis");
	expect_compile_error(S, "fd.name pmatch val(proc.cwd)", -EINVAL,
			     "operator 'pmatch' doesn't support right-hand side fields");
	expect_compile_error(S, "fd.name regex val(proc.cwd)", -EINVAL,
			     "operator 'regex' doesn't support right-hand side fields");
	expect_compile_error(S, "fd.snet = val(fd.cnet)", -EINVAL,
			     "field type 'IPNET' doesn't support right-hand side fields");
	expect_compile_error(S, "proc.name = val(fd.num)", -EINVAL,
			     "field 'proc.name' has type 'CHARBUF' while the right-hand side field "
			     "'fd.num' has incompatible type 'INT64'");
	expect_compile_error(S, "proc.aname = val(proc.name)", -EINVAL,
			     "field 'proc.aname' doesn't support right-hand side fields");
	expect_compile_error(S, "proc.name = val(proc.aname)", -EINVAL,
			     "field 'proc.aname' can't be used as a right-hand side field");
	expect_compile_error(S, "evt.type = val(proc.name)", -EINVAL,
			     "right-hand field comparisons on `evt.type` checks are not supported "
			     "by event code search");
	expect_compile_error(S, "tolower(proc.aname) = x", -EINVAL,
			     "field 'proc.aname' does not support transformers");
	expect_compile_error(S, "tolower(fd.num) = x", -EINVAL,
			     "can't add field transformer: type 'INT64' is not supported by "
			     "'tolower' transformer applied on field 'fd.num'");
	expect_compile_error(K, "toupper(ka.user.groups) = x", -EINVAL,
			     "filter error: '=' operator not supported list filters");
	expect_compile_error(S, "getopt(proc.args, \"ab:\")[b] = x", -EINVAL,
			     "transformer 'getopt' is not supported by vigil");
	expect_compile_error(S, "concat(proc.name) = x", -EINVAL,
			     "transformer 'concat' expects at least two arguments");
	expect_compile_error(S, "evt.type = open and nosuchmacro", -ENOENT,
			     "Undefined macro 'nosuchmacro' used in filter.");
}

static void test_source_mismatch_and_refs(void **state)
{
	(void)state;
	struct vg_cond *c = compile_ok(VG_SOURCE_K8S_AUDIT, "ka.verb = get");
	assert_false(vg_cond_eval(c, &s_ev_open)); /* a syscall event: false */
	assert_int_equal(vg_cond_source(c), VG_SOURCE_K8S_AUDIT);
	assert_ptr_equal(vg_cond_ref(c), c);
	vg_cond_unref(c);
	vg_cond_unref(c);
	vg_cond_unref(NULL);
	assert_false(vg_cond_eval(NULL, &s_ev_open));
}

struct warns {
	int n;
	enum vg_cond_warning last;
	char msg[256];
};

static void warn_cb(void *user, enum vg_cond_warning code, const struct vg_ast_pos *pos,
		    const char *message)
{
	struct warns *w = user;
	(void)pos;
	w->n++;
	w->last = code;
	snprintf(w->msg, sizeof(w->msg), "%s", message);
}

static void test_warnings(void **state)
{
	(void)state;
	struct warns w = { 0 };
	struct vg_cond_compile_opts o = { .source = VG_SOURCE_SYSCALL };
	o.warn = warn_cb;
	o.warn_user = &w;
	struct vg_cond *c = NULL;
	struct vg_diag d;
	const char *t = "proc.name = proc.pname";
	assert_int_equal(vg_cond_compile_text(t, strlen(t), &o, &c, &d), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.last, VG_COND_WARN_FIELD_AS_VALUE);
	assert_string_equal(w.msg, "'proc.pname' may be a valid field misused as a const string "
				   "value");
	vg_cond_unref(c);
	t = "proc.name = \"proc.pname\" and evt.dir = <";
	assert_int_equal(vg_cond_compile_text(t, strlen(t), &o, &c, &d), 0);
	assert_int_equal(w.n, 2); /* quoted: no warning; evt.dir: deprecated */
	assert_int_equal(w.last, VG_COND_WARN_DEPRECATED_FIELD);
	vg_cond_unref(c);
	o.source = VG_SOURCE_K8S_AUDIT;
	t = "ka.user.name != \"<NA>\"";
	assert_int_equal(vg_cond_compile_text(t, strlen(t), &o, &c, &d), 0);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.last, VG_COND_WARN_UNSAFE_NA);
	vg_cond_unref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semantics),
		cmocka_unit_test(test_list_fields),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_source_mismatch_and_refs),
		cmocka_unit_test(test_warnings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
