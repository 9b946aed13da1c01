/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_live_users.c - passwd/group parsing of the live user cache: names, home and shell,
 * first entry of an id wins, malformed and NIS lines skipped, unknown ids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "live/state_internal.h"

static const char passwd[] =
	"root:x:0:0:root:/root:/bin/bash\n"
	"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	"# a comment line has no 7 fields\n"
	"broken:x:notanumber:1:x:/:/bin/sh\n"
	"short:x:5\n"
	"+nisuser::::::\n"
	"app:x:1000:1000:App,,,:/home/app:/bin/sh\n"
	"shadowed:x:1000:1000::/nope:/bin/false\n"
	"big:x:4294967295:0::/:\n"
	"toobig:x:4294967296:0::/:\n"
	"last:x:1001:1001::/home/last:/bin/zsh"; /* no trailing newline */

static const char group[] = "root:x:0:\nadm:x:4:syslog,app\nbad:x\napp:x:1000:\n";

static void test_lookup(void **state)
{
	(void)state;
	struct vg_live_userdb *db =
		vg_live_userdb_parse(passwd, strlen(passwd), group, strlen(group), 42);
	assert_non_null(db);
	struct vg_user u;
	struct vg_group g;
	assert_true(vg_live_userdb_user(db, 0, &u));
	assert_string_equal(u.name.ptr, "root");
	assert_string_equal(u.homedir.ptr, "/root");
	assert_string_equal(u.shell.ptr, "/bin/bash");
	assert_true(vg_live_userdb_user(db, 1000, &u));
	assert_string_equal(u.name.ptr, "app");
	assert_int_equal(u.name.len, 3);
	assert_string_equal(u.homedir.ptr, "/home/app");
	assert_true(vg_live_userdb_user(db, 1001, &u));
	assert_string_equal(u.shell.ptr, "/bin/zsh");
	assert_true(vg_live_userdb_user(db, 4294967295u, &u));
	assert_string_equal(u.name.ptr, "big");
	assert_false(vg_live_userdb_user(db, 5, &u));
	assert_false(vg_live_userdb_user(db, 2, &u));
	assert_true(vg_live_userdb_group(db, 4, &g));
	assert_string_equal(g.name.ptr, "adm");
	assert_true(vg_live_userdb_group(db, 1000, &g));
	assert_string_equal(g.name.ptr, "app");
	assert_false(vg_live_userdb_group(db, 1001, &g));
	assert_false(vg_live_userdb_user(NULL, 0, &u));
	vg_live_userdb_free(db);

	db = vg_live_userdb_parse("", 0, "", 0, 1);
	assert_non_null(db);
	assert_false(vg_live_userdb_user(db, 0, &u));
	vg_live_userdb_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
