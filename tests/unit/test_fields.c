/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_fields.c - the field tables: invariants, the fields of the spec's stable-ruleset table,
 * the output field parser, extraction and rendering for both sources, audit helpers.
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
#include "test_cond_loader.h"
#include "vigil/fields.h"

static void test_table_invariants(void **state)
{
	(void)state;
	const enum vg_source srcs[] = { VG_SOURCE_SYSCALL, VG_SOURCE_K8S_AUDIT };
	for (size_t s = 0; s < 2; s++) {
		size_t n = 0;
		const struct vg_field_info *t = vg_fields_table(srcs[s], &n);
		assert_non_null(t);
		assert_true(n > 40);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(t[i].id, i);
			assert_non_null(t[i].name);
			assert_non_null(t[i].desc);
			assert_true(t[i].desc[0] != '\0');
			assert_true(t[i].type > VG_FT_NONE && t[i].type < VG_FT__COUNT);
			assert_ptr_equal(vg_field_find(srcs[s], t[i].name, strlen(t[i].name)), &t[i]);
			for (size_t k = i + 1; k < n; k++)
				assert_string_not_equal(t[i].name, t[k].name);
			if (t[i].flags & VG_FF_ARG_REQUIRED)
				assert_true(t[i].flags & (VG_FF_ARG_INDEX | VG_FF_ARG_KEY));
		}
	}
	assert_null(vg_fields_table(VG_SOURCE_NONE, NULL));
	assert_string_equal(vg_ftype_name(VG_FT_STRING), "CHARBUF");
	assert_string_equal(vg_ftype_name(VG_FT_BYTES), "BYTEBUF");
	assert_string_equal(vg_source_name(VG_SOURCE_K8S_AUDIT), "k8s_audit");
	assert_int_equal(vg_source_from_name("syscall", 7), VG_SOURCE_SYSCALL);
	assert_int_equal(vg_source_from_name("aws_cloudtrail", (size_t)-1), VG_SOURCE_NONE);
}

/* spec section 3: the fields the stable ruleset uses and needs runtime state for */
static void test_spec_fields(void **state)
{
	(void)state;
	static const char *const sys[] = {
		"proc.cmdline", "proc.name", "proc.pname", "evt.type", "proc.aname[2]", "proc.args",
		"user.name", "proc.exepath", "proc.tty", "user.uid", "user.loginuid", "fd.name",
		"proc.pcmdline", "evt.arg.flags", "proc.pexe", "container.image.repository",
		"fd.typechar", "evt.arg.request", "fd.l4proto", "proc.cwd", "evt.res", "fd.type",
		"proc.exe", "fd.directory", "fd.lport", "fd.rport", "proc.aname",
		"thread.cap_effective", "evt.arg.target", "fd.nameraw", "fd.num",
		"container.start_ts", "evt.arg.oldpath", "evt.rawres", "group.gid", "group.name",
		"proc.pexepath", "proc.sname", "user.loginname", "container.id",
		"container.privileged", "evt.arg.domain", "evt.arg.linkpath", "evt.arg.newpath",
		"evt.args", "evt.is_open_read", "evt.is_open_write", "evt.num", "fd.connected",
		"fd.filename", "fd.ip", "fd.name_changed", "fd.net", "fd.sip", "fd.sip.name",
		"fd.snet", "fd.sport", "k8s.ns.name", "proc.aexepath[3]", "proc.duration",
		"proc.exe_ino.ctime", "proc.exe_ino.ctime_duration_proc_start",
		"proc.exe_ino.mtime", "proc.is_exe_from_memfd", "proc.is_exe_upper_layer",
		/* spec 2.4 / 2.8 examples */
		"proc.apid[2]", "proc.aexe[1]", "proc.acmdline[1]", "proc.env[HOME]",
		"container.mount.dest[/etc]", "k8s.pod.label[app]", "k8s.pod.label.app",
		"evt.type.is[open]", "evt.rawarg.res", "evt.buffer", "container.name",
		"container.image", "k8s.pod.name", "evt.arg[0]",
	};
	static const char *const ka[] = {
		"ka.auditid", "ka.stage", "ka.auth.decision", "ka.auth.reason",
		"ka.auth.openshift.decision", "ka.auth.openshift.username",
		"ka.validations.admission.policy.failure", "ka.security.pod.violations",
		"ka.user.name", "ka.user.groups", "ka.impuser.name", "ka.verb", "ka.uri",
		"ka.uri.param[x]", "ka.target.name", "ka.target.namespace", "ka.target.resource",
		"ka.target.subresource", "ka.target.pod.name", "ka.req.binding.subjects",
		"ka.req.binding.subjects.user_names", "ka.req.binding.subjects.serviceaccount_names",
		"ka.req.binding.subjects.serviceaccount_ns_names",
		"ka.req.binding.subjects.group_names", "ka.req.binding.role",
		"ka.req.binding.subject.has_name[x]", "ka.req.configmap.name",
		"ka.req.configmap.obj", "ka.req.pod.containers.image",
		"ka.req.pod.containers.image.repository", "ka.req.pod.containers.name",
		"ka.req.pod.containers.command", "ka.req.pod.containers.args",
		"ka.req.pod.containers.privileged", "ka.req.pod.containers.allow_privilege_escalation",
		"ka.req.pod.containers.read_only_fs", "ka.req.pod.containers.run_as_user",
		"ka.req.pod.containers.run_as_group", "ka.req.pod.containers.proc_mount",
		"ka.req.pod.containers.add_capabilities", "ka.req.pod.containers.host_port",
		"ka.req.pod.containers.eff_run_as_user", "ka.req.pod.containers.eff_run_as_group",
		"ka.req.pod.initContainers.image", "ka.req.pod.ephemeralContainers.privileged",
		"ka.req.container.image", "ka.req.container.image.repository",
		"ka.req.container.privileged", "ka.req.container.host_network",
		"ka.req.pod.host_ipc", "ka.req.pod.host_network", "ka.req.pod.host_pid",
		"ka.req.pod.run_as_user", "ka.req.pod.run_as_group", "ka.req.pod.fs_group",
		"ka.req.pod.supplemental_groups", "ka.req.pod.volumes.hostpath[0]",
		"ka.req.pod.volumes.flexvolume_driver", "ka.req.pod.volumes.volume_type",
		"ka.req.volume.hostpath[/var*]", "ka.req.role.rules", "ka.req.role.rules.apiGroups",
		"ka.req.role.rules.nonResourceURLs", "ka.req.role.rules.verbs",
		"ka.req.role.rules.resources", "ka.req.service.type", "ka.req.service.ports",
		"ka.resp.name", "ka.response.code", "ka.response.reason", "ka.useragent",
		"ka.sourceips", "ka.cluster.name", "jevt.value[/a]", "jevt.obj", "jevt.rawtime",
		"json.value[/a]", "evt.num", "evt.time", "evt.source",
	};
	struct vg_field_ref ref;
	struct vg_diag d;
	size_t used;
	for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (vg_field_parse(VG_SOURCE_SYSCALL, sys[i], strlen(sys[i]), &ref, &used, &d) ||
		    used != strlen(sys[i]))
			fail_msg("syscall %s: %s", sys[i], d.message);
	for (size_t i = 0; i < sizeof(ka) / sizeof(ka[0]); i++)
		if (vg_field_parse(VG_SOURCE_K8S_AUDIT, ka[i], strlen(ka[i]), &ref, &used, &d) ||
		    used != strlen(ka[i]))
			fail_msg("k8s_audit %s: %s", ka[i], d.message);
}

static void test_output_parser(void **state)
{
	(void)state;
	struct vg_field_ref ref;
	struct vg_diag d;
	size_t used = 0;
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "proc.name) x", 12, &ref, &used, &d),
			 0);
	assert_int_equal(used, 9);
	assert_string_equal(ref.info->name, "proc.name");
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "proc.name. end", 14, &ref, &used, &d),
			 0);
	assert_int_equal(used, 9);
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "proc.aname[3] ", 14, &ref, &used, &d),
			 0);
	assert_int_equal(used, 13);
	assert_int_equal(ref.index, 3);
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "evt.arg.flags,", 14, &ref, &used, &d),
			 0);
	assert_int_equal(used, 13);
	assert_string_equal(ref.info->name, "evt.arg");
	assert_int_equal(ref.key.len, 5);
	assert_int_equal(vg_field_parse(VG_SOURCE_K8S_AUDIT, "jevt.value[/a/b])", 17, &ref, &used,
					&d),
			 0);
	assert_int_equal(used, 16);
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "nope.field x", 12, &ref, &used, &d),
			 -ENOENT);
	assert_string_equal(d.message, "invalid formatting token nope.field");
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "proc.aname[x]", 13, &ref, &used, &d),
			 -EINVAL);
	/* longest field wins over a shorter prefix */
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "fd.sip.name", 11, &ref, &used, &d), 0);
	assert_string_equal(ref.info->name, "fd.sip.name");
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "proc.exe_ino.ctime", 18, &ref, &used,
					&d),
			 0);
	assert_string_equal(ref.info->name, "proc.exe_ino.ctime");
}

static void expect_format(const void *ev, const char *field, const char *want)
{
	enum vg_source src = *(const enum vg_source *)ev;
	struct vg_field_ref ref;
	struct vg_diag d;
	size_t used;
	char buf[4096], sb[65536];
	struct vg_scratch sc = { sb, sizeof(sb), 0 };
	if (vg_field_parse(src, field, strlen(field), &ref, &used, &d))
		fail_msg("%s: %s", field, d.message);
	int n = vg_field_format(&ref, ev, buf, sizeof(buf), &sc);
	if (!want) {
		if (n != -ENOENT)
			fail_msg("%s: want missing, got %d '%s'", field, n, n >= 0 ? buf : "");
		return;
	}
	if (n < 0)
		fail_msg("%s: missing (%d), want '%s'", field, n, want);
	if (strcmp(buf, want) != 0 || (size_t)n != strlen(want))
		fail_msg("%s:\n  want '%s'\n  got  '%s'", field, want, buf);
}

static void test_syscall_rendering(void **state)
{
	(void)state;
	const void *o = &s_ev_open;
	expect_format(o, "proc.name", "curl");
	expect_format(o, "proc.aname", "bash sshd init");
	expect_format(o, "proc.aname[2]", "sshd");
	expect_format(o, "proc.apid", "200 100 1");
	expect_format(o, "proc.pid", "300");
	expect_format(o, "evt.type", "openat");
	expect_format(o, "evt.num", "42");
	expect_format(o, "evt.time", "22:13:25.000000000");
	expect_format(o, "evt.time.iso8601", "2023-11-14T22:13:25.000000000Z");
	expect_format(o, "evt.datetime", "2023-11-14 22:13:25.000000000");
	expect_format(o, "evt.rawtime", "1700000005000000000");
	expect_format(o, "evt.arg.flags", "O_CREAT|O_RDWR|O_CLOEXEC");
	expect_format(o, "evt.args", "fd=3 dirfd=-100 name=../etc/shadow "
				     "flags=4103(O_CREAT|O_RDWR|O_CLOEXEC) mode=0644 data=he.llo.");
	expect_format(o, "evt.res", "SUCCESS");
	expect_format(o, "evt.buffer", "he.llo.");
	expect_format(o, "evt.is_open_write", "true");
	expect_format(o, "fd.typechar", "f");
	expect_format(o, "fd.directory", "/etc");
	expect_format(o, "user.loginuid", "1000");
	expect_format(o, "thread.cap_effective", "CAP_DAC_OVERRIDE CAP_SYS_ADMIN");
	expect_format(o, "container.id", "0123456789ab");
	expect_format(o, "container.labels", "app:web, tier:front");
	expect_format(o, "container.mount[0]",
		      "/var/run/docker.sock:/var/run/docker.sock::true:rprivate");
	expect_format(o, "k8s.pod.labels", "app:web, tier:front");
	expect_format(o, "proc.env", "HOME=/root PATH=/usr/bin:/bin AWS_KEY=secret");
	expect_format(o, "fd.containername", "0123456789ab:/etc/shadow");
	expect_format(o, "fd.sip", NULL);
	expect_format(&s_ev_ptrace, "evt.arg.request", "PTRACE_ATTACH");
	expect_format(&s_ev_ptrace, "evt.res", "EPERM");
	expect_format(&s_ev_ptrace, "fd.name", NULL);
	expect_format(&s_ev_ptrace, "proc.pname", NULL);
	expect_format(&s_ev_ptrace, "container.id", "host");
	expect_format(&s_ev_ptrace, "container.image", NULL);
	expect_format(&s_ev_connect, "fd.sip", "1.2.3.4");
	expect_format(&s_ev_connect, "fd.rport", "443");
	expect_format(&s_ev_connect, "fd.l4proto", "tcp");
	expect_format(&s_ev_connect, "fd.sip.name", "example.com");
	expect_format(&s_ev_connect, "evt.res", "EINPROGRESS");
	expect_format(&s_ev_connect, "evt.arg.addr", "1.2.3.4:443");
	expect_format(&s_ev_udp6, "fd.sip", "fd00::5");
	expect_format(&s_ev_udp6, "fd.cip", "::1");
	/* a too-small scratch makes rendered fields fail, not truncate */
	struct vg_field_ref ref;
	struct vg_diag d;
	size_t used;
	char small[4], buf[64];
	struct vg_scratch sc = { small, sizeof(small), 0 };
	assert_int_equal(vg_field_parse(VG_SOURCE_SYSCALL, "evt.arg.flags", 13, &ref, &used, &d),
			 0);
	assert_int_equal(vg_field_format(&ref, o, buf, sizeof(buf), &sc), -ENOSPC);
	/* extraction on the wrong source */
	struct vg_value v[4];
	assert_int_equal(vg_field_extract(&ref, &s_ev_open, v, 4, &sc), -ENOSPC);
	struct vg_audit_event ae = { .source = VG_SOURCE_K8S_AUDIT };
	assert_int_equal(vg_field_extract(&ref, &ae, v, 4, &sc), -EINVAL);
}

static struct vg_docset *load_trace(const char *file, size_t line, struct vg_audit_event *ev)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/corpus/k8saudit/falco-trace-files/%s", VG_SHARED_DIR,
		 file);
	size_t len;
	char *text = mini_read_file(path, &len);
	assert_non_null(text);
	char *save = NULL, *l = strtok_r(text, "\n", &save);
	for (size_t i = 0; i < line && l; i++)
		l = strtok_r(NULL, "\n", &save);
	assert_non_null(l);
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_parse(l, strlen(l), NULL, &set, &d), 0);
	vg_audit_event_init(ev, vg_docset_get(set, 0)->root, 7);
	free(text);
	return set;
}

static void test_k8saudit_extraction(void **state)
{
	(void)state;
	struct vg_audit_event ev;
	struct vg_docset *set = load_trace("create_nginx_pod_privileged_2nd_container.json", 0, &ev);
	assert_true(ev.ts > 1500000000000000000ull);
	expect_format(&ev, "ka.verb", "create");
	expect_format(&ev, "ka.target.resource", "pods");
	expect_format(&ev, "ka.req.pod.containers.image", "(nginx,mysql:latest)");
	expect_format(&ev, "ka.req.pod.containers.image.repository", "(nginx,mysql)");
	expect_format(&ev, "ka.req.pod.containers.privileged", "(false,true)");
	expect_format(&ev, "ka.req.pod.containers.privileged[1]", "(true)");
	expect_format(&ev, "ka.req.pod.containers.privileged[2]", NULL);
	expect_format(&ev, "ka.req.container.privileged", "true");
	expect_format(&ev, "ka.req.container.image", "nginx");
	expect_format(&ev, "ka.req.pod.containers.eff_run_as_user", "(0,0)");
	expect_format(&ev, "ka.response.code", "201");
	expect_format(&ev, "jevt.value[/objectRef/resource]", "pods");
	expect_format(&ev, "jevt.value[/requestObject/spec/containers/1/securityContext]",
		      "{\"privileged\":true}");
	expect_format(&ev, "jevt.value[/nope]", NULL);
	expect_format(&ev, "evt.source", "k8s_audit");
	expect_format(&ev, "evt.num", "7");
	vg_docset_free(set);

	set = load_trace("create_configmap_sensitive_values.json", 0, &ev);
	expect_format(&ev, "ka.req.configmap.obj",
		      "{\"access.properties\":\"aws_access_key_id = MY-ID\\naws_secret_access_key = "
		      "MY-KEY\\n\",\"ui.properties\":\"color.good=purple\\ncolor.bad=yellow\\n"
		      "allow.textmode=true\\n\"}");
	vg_docset_free(set);

	set = load_trace("attach_cluster_admin_role.json", 0, &ev);
	expect_format(&ev, "ka.req.binding.role", "cluster-admin");
	expect_format(&ev, "ka.req.binding.subjects.user_names", "(minikube)");
	expect_format(&ev, "ka.req.binding.subjects.group_names", NULL);
	expect_format(&ev, "ka.req.binding.subjects",
		      "({\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\","
		      "\"name\":\"minikube\"})");
	vg_docset_free(set);

	set = load_trace("create_cluster_role_wildcard_verbs.json", 0, &ev);
	expect_format(&ev, "ka.req.role.rules.verbs", "(*,get)");
	expect_format(&ev, "ka.req.role.rules.verbs[1]", "(get)");
	expect_format(&ev, "ka.req.role.rules.resources", "(pods)");
	vg_docset_free(set);

	set = load_trace("create_nginx_pod_sensitive_mount.json", 0, &ev);
	expect_format(&ev, "ka.req.pod.volumes.hostpath", "(/etc)");
	expect_format(&ev, "ka.req.volume.hostpath[/etc]", "true");
	expect_format(&ev, "ka.req.volume.hostpath[/e*]", "true");
	expect_format(&ev, "ka.req.volume.hostpath[/var]", "false");
	expect_format(&ev, "ka.req.pod.volumes.volume_type", "(hostPath)");
	vg_docset_free(set);

	set = load_trace("fal_01_003.json", 0, &ev);
	expect_format(&ev, "ka.verb", NULL); /* no auditID: no ka.* field */
	expect_format(&ev, "jevt.obj", "{\"kind\":0}");
	vg_docset_free(set);
}

static void test_helpers(void **state)
{
	(void)state;
	struct vg_ipaddr a;
	struct vg_ipnet n;
	char buf[64];
	assert_true(vg_ipaddr_parse("10.1.2.3", 8, &a));
	assert_int_equal(a.family, 4);
	assert_int_equal(vg_ipaddr_format(&a, buf, sizeof(buf)), 8);
	assert_string_equal(buf, "10.1.2.3");
	assert_false(vg_ipaddr_parse("10.1.2", 6, &a));
	assert_false(vg_ipaddr_parse("", 0, &a));
	assert_true(vg_ipnet_parse("10.0.0.0/8", 10, &n));
	assert_true(vg_ipnet_contains(&n, &(struct vg_ipaddr){ 4, { 10, 9, 9, 9 } }));
	assert_false(vg_ipnet_contains(&n, &(struct vg_ipaddr){ 4, { 11, 0, 0, 0 } }));
	assert_true(vg_ipnet_parse("fd00::/7", 8, &n));
	assert_true(vg_ipnet_contains(&n, &(struct vg_ipaddr){ 6, { 0xfd, 1 } }));
	assert_true(vg_ipnet_parse("1.2.3.4/0", 9, &n));
	assert_true(vg_ipnet_contains(&n, &(struct vg_ipaddr){ 4, { 9, 9, 9, 9 } }));
	assert_false(vg_ipnet_contains(&n, &(struct vg_ipaddr){ 6, { 9 } }));
	assert_false(vg_ipnet_parse("1.2.3.4/", 8, &n));
	assert_false(vg_ipnet_parse("1.2.3.4/129", 11, &n));
	assert_string_equal(vg_errno_name(2), "ENOENT");
	assert_string_equal(vg_errno_name(115), "EINPROGRESS");
	assert_null(vg_errno_name(0));
	assert_null(vg_errno_name(4000));
	assert_true(vg_evt_arg_name_known("flags", 5));
	assert_false(vg_evt_arg_name_known("flagz", 5));
	assert_string_equal(vg_fd_type_name(VG_FD_IPV6_SOCK), "ipv6");
	assert_int_equal(vg_fd_type_char(VG_FD_DIRECTORY), 'd');
	assert_string_equal(vg_fd_type_name((enum vg_fd_type)999), "<NA>");
	/* audit helpers */
	const char *list = "{\"kind\":\"EventList\",\"items\":[{\"auditID\":\"1\","
			   "\"stageTimestamp\":\"2019-02-06T16:30:26.563429Z\"},"
			   "{\"auditID\":\"2\",\"requestReceivedTimestamp\":"
			   "\"1970-01-01T01:00:01.5+01:00\"},{\"auditID\":\"3\"}]}";
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_parse(list, strlen(list), NULL, &set, &d), 0);
	const struct vg_node *root = vg_docset_get(set, 0)->root;
	assert_int_equal(vg_audit_count(root), 3);
	assert_int_equal(vg_audit_time(vg_audit_item(root, 0)), 1549470626563429000ull);
	assert_int_equal(vg_audit_time(vg_audit_item(root, 1)), 1500000000ull);
	assert_int_equal(vg_audit_time(vg_audit_item(root, 2)), 0);
	assert_null(vg_audit_item(root, 3));
	assert_string_equal(vg_node_str(vg_audit_get(vg_audit_item(root, 1), "auditID", NULL)),
			    "2");
	assert_int_equal(vg_audit_count(vg_audit_item(root, 0)), 1);
	assert_ptr_equal(vg_audit_item(vg_audit_item(root, 0), 0), vg_audit_item(root, 0));
	assert_int_equal(vg_audit_count(NULL), 0);
	vg_docset_free(set);
	assert_int_equal(vg_audit_parse("{", 1, NULL, &set, &d), -EBADMSG);
	vg_docset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_invariants),
		cmocka_unit_test(test_spec_fields),
		cmocka_unit_test(test_output_parser),
		cmocka_unit_test(test_syscall_rendering),
		cmocka_unit_test(test_k8saudit_extraction),
		cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
