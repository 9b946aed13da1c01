/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cond_transform.c - field transformers (tolower, toupper, b64, basename, len, join,
 * concat) on either side of a comparison, nested, on list fields, with missing values.
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

static void test_string_transformers(void **state)
{
	(void)state;
	const void *o = &s_ev_open;
	expect_eval(o, "toupper(proc.name) = CURL", true);
	expect_eval(o, "tolower(toupper(proc.name)) = curl", true);
	expect_eval(o, "tolower(container.image.repository) = docker.io/library/nginx", true);
	expect_eval(o, "toupper(proc.cmdline) contains EXAMPLE.COM", true);
	expect_eval(o, "basename(fd.name) = shadow", true);
	expect_eval(o, "basename(proc.exepath) = curl", true);
	expect_eval(o, "basename(proc.name) = curl", true); /* no slash: unchanged */
	expect_eval(o, "toupper(basename(fd.name)) = SHADOW", true);
	expect_eval(o, "toupper(basename(fd.name)) in (SHADOW, PASSWD)", true);
	expect_eval(o, "basename(fd.name) startswith sha", true);
	expect_eval(o, "toupper(proc.name) = val(proc.name)", false);
	expect_eval(o, "proc.name = tolower(proc.name)", true);
	expect_eval(o, "toupper(proc.name) = toupper(proc.name)", true);
	expect_eval(o, "proc.exepath endswith basename(proc.exepath)", true);
}

static void test_len_b64(void **state)
{
	(void)state;
	const void *o = &s_ev_open;
	expect_eval(o, "len(proc.name) = 4", true);
	expect_eval(o, "len(proc.args) > 20", true);
	expect_eval(o, "len(proc.args) < 20", false);
	expect_eval(o, "len(evt.buffer) = 7", true);
	expect_eval(o, "len(proc.cmdline) = val(evt.num)", false);
	/* base64: "Y3VybA==" is "curl" */
	struct vg_evt_arg args[] = {
		{ .name = "data", .type = VG_ARG_BYTES, .str = VG_STR("Y3VybA==") },
		{ .name = "name", .type = VG_ARG_STR, .str = VG_STR("bm90IGI2NA") },
		{ .name = "path", .type = VG_ARG_STR, .str = VG_STR("!!notb64") },
	};
	struct vg_sys_event ev = s_ev_open;
	ev.args = args;
	ev.nargs = 3;
	expect_eval(&ev, "b64(evt.buffer) bcontains 6375726c", true);
	expect_eval(&ev, "b64(evt.arg.name) = \"not b64\"", true); /* padding optional */
	expect_eval(&ev, "b64(evt.arg.path) exists", false);      /* malformed: missing */
	expect_eval(&ev, "not b64(evt.arg.path) = x", true);
}

static void test_join_concat(void **state)
{
	(void)state;
	const void *o = &s_ev_open;
	expect_eval(o, "join(\"/\", (proc.name, proc.pname)) = curl/bash", true);
	expect_eval(o, "join(\", \", (proc.name, \"x\", proc.pname)) = \"curl, x, bash\"", true);
	expect_compile_error(VG_SOURCE_SYSCALL, "join(\"-\", (proc.name, fd.cip)) exists", -EINVAL,
			     "can't add field transformer: type 'IPADDR' is not supported by "
			     "'join' transformer applied on field 'fd.cip'");
	expect_eval(o, "join(\"-\", (proc.name, k8s.ns.name)) = curl-prod", true);
	expect_eval(o, "concat(proc.name, \"@\", container.name) = curl@web", true);
	expect_eval(o, "concat(proc.name, proc.pname) = curlbash", true);
	expect_eval(o, "tolower(concat(\"A\", proc.name)) = acurl", true);
	expect_eval(o, "concat(proc.name, toupper(proc.pname)) = curlBASH", true);
	/* a missing part makes concat missing, join skips it */
	expect_eval(&s_ev_ptrace, "concat(proc.name, proc.pname) exists", false);
	expect_eval(&s_ev_ptrace, "join(\"+\", (proc.name, proc.pname)) = orphan", true);
}

static void test_list_transformers(void **state)
{
	(void)state;
	const char *json = "{\"auditID\":\"x\",\"user\":{\"username\":\"Bob\","
			   "\"groups\":[\"Dev\",\"OPS\"]},\"requestURI\":"
			   "\"/api/v1/namespaces/default/pods/p/exec?command=sh&command=-c&"
			   "container=c1&stdin=true&x=a%2Fb+c\"}";
	struct vg_docset *set = NULL;
	struct vg_diag d;
	assert_int_equal(vg_audit_parse(json, strlen(json), NULL, &set, &d), 0);
	struct vg_audit_event ev;
	vg_audit_event_init(&ev, vg_docset_get(set, 0)->root, 1);
	expect_eval(&ev, "tolower(ka.user.groups) in (dev, ops)", true);
	expect_eval(&ev, "tolower(ka.user.groups) intersects (ops)", true);
	expect_eval(&ev, "ka.user.groups in (dev, ops)", false);
	expect_eval(&ev, "len(ka.user.groups) = 2", true);
	expect_eval(&ev, "tolower(ka.user.name) = bob", true);
	expect_eval(&ev, "ka.uri.param[command] = sh", true); /* the first value */
	expect_eval(&ev, "ka.uri.param[container] = c1", true);
	expect_eval(&ev, "ka.uri.param[x] = \"a/b c\"", true);
	expect_eval(&ev, "ka.uri.param[nope] exists", false);
	vg_docset_free(set);
}

static void test_transformer_errors(void **state)
{
	(void)state;
	expect_compile_error(VG_SOURCE_SYSCALL, "len(fd.num) = 1", -EINVAL,
			     "can't add field transformer: type 'INT64' is not supported by 'len' "
			     "transformer applied on field 'fd.num'");
	expect_compile_error(VG_SOURCE_SYSCALL, "basename(evt.buffer) = x", -EINVAL,
			     "can't add field transformer: type 'BYTEBUF' is not supported by "
			     "'basename' transformer applied on field 'evt.buffer'");
	expect_compile_error(VG_SOURCE_SYSCALL, "tolower(\"x\") = x", -EINVAL,
			     "transformer 'tolower' expects one field or transformer argument");
	expect_compile_error(VG_SOURCE_SYSCALL, "join(proc.name, (proc.name)) = x", -EINVAL,
			     "transformer 'join' expects a separator string and a list of "
			     "fields: join(sep, (a, b))");
	expect_compile_error(VG_SOURCE_SYSCALL, "tolower(evt.rawarg.fd) = 1", -EINVAL,
			     "field 'evt.rawarg' does not support transformers");
	expect_compile_error(VG_SOURCE_SYSCALL, "len(proc.name) = abc", -EINVAL,
			     "abc is not a valid number");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_transformers),
		cmocka_unit_test(test_len_b64),
		cmocka_unit_test(test_join_concat),
		cmocka_unit_test(test_list_transformers),
		cmocka_unit_test(test_transformer_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
