/* SPDX-License-Identifier: Apache-2.0 */
/* test_check_image.c - image configuration checks and the secret scanner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vigil/check.h"

static void ids(const struct vg_report *r, char *buf, size_t cap)
{
	buf[0] = '\0';
	size_t k = 0;
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		k += (size_t)snprintf(buf + k, cap - k, "%s%s@%s", i ? " " : "", f->id,
				      f->path ? f->path : "-");
	}
}

static void test_image_config(void **state)
{
	(void)state;
	static const char *const env[] = { "PATH=/usr/bin", "DB_PASSWORD=hunter2",
					   "API_TOKEN_FILE=/run/secrets/t", "GITHUB_TOKEN=",
					   "AWS_SECRET_ACCESS_KEY=abc" };
	static const char *const ports[] = { "8080/tcp", "22/tcp", "10250/tcp" };
	struct vg_image_config cfg = { 0 };
	cfg.env = env;
	cfg.nenv = 5;
	cfg.exposed_ports = ports;
	cfg.nexposed_ports = 3;
	struct { const char *user; const char *want; } cases[] = {
		{ NULL, "VG-IMG-002@config.User" },
		{ "", "VG-IMG-002@config.User" },
		{ "root", "VG-IMG-001@config.User" },
		{ "0:0", "VG-IMG-001@config.User" },
		{ "root:staff", "VG-IMG-001@config.User" },
		{ "10001", "" },
		{ "appuser", "" },
		{ "rootless", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vg_report *r;
		assert_int_equal(vg_report_new(&r), 0);
		cfg.user = cases[i].user;
		assert_int_equal(vg_check_image_config(&cfg, "img:1", r), 0);
		char got[512], want[512];
		ids(r, got, sizeof(got));
		snprintf(want, sizeof(want), "%s%sVG-IMG-003@config.Env[1] VG-IMG-003@config.Env[4] "
			 "VG-IMG-004@config.ExposedPorts[1] VG-IMG-004@config.ExposedPorts[2]",
			 cases[i].want, *cases[i].want ? " " : "");
		assert_string_equal(got, want);
		assert_string_equal(vg_report_get(r, 0)->file, "img:1");
		vg_report_free(r);
	}
}

struct secret_case {
	const char *text;
	const char *id;     /* NULL: no finding */
	uint32_t line, column;
	const char *message;
};

static void test_secrets(void **state)
{
	(void)state;
	static const struct secret_case cases[] = {
		{ "key: AKIAIOSFODNN7EXAMPLE\n", "VG-SEC-001", 1, 6, "AWS access key ID found: AKIA**************** (20 characters)" },
		{ "x\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "VG-SEC-002", 2, 25, NULL },
		{ "token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n", "VG-SEC-003", 1, 7, NULL },
		{ "token=ghp_short\n", NULL, 0, 0, NULL },
		{ "glpat-abcdefghij0123456789 \n", "VG-SEC-005", 1, 1, NULL },
		{ "SLACK=xoxb-1234567890-abcdefghij\n", "VG-SEC-006", 1, 7, NULL },
		{ "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCA\n-----END RSA PRIVATE KEY-----\n", "VG-SEC-008", 1, 1, "Private key found: -----BEGIN ... PRIVATE KEY----- (434 characters)" },
		{ "-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n", NULL, 0, 0, NULL },
		{ "stripe: sk_live_abcdefghijklmnopqrstuvwx\n", "VG-SEC-009", 1, 9, NULL },
		{ "stripe: sk_test_abcdefghijklmnopqrstuvwx\n", NULL, 0, 0, NULL },
		{ "k: AIzaSyA1234567890abcdefghijklmnopqrstuv\n", "VG-SEC-010", 1, 4, NULL },
		{ "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n", "VG-SEC-011", 1, 34, NULL },
		{ "url: https://hooks.slack.com/services/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\n", "VG-SEC-007", 1, 6, NULL },
		/* Slack's documented filler (T00000000/.../XXXX...) is a placeholder, not a key */
		{ "url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n", NULL, 0, 0, NULL },
		{ "plain text without secrets, aws region us-east-1\n", NULL, 0, 0, NULL },
	};
	struct vg_secrets *s;
	assert_int_equal(vg_secrets_new(&s), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vg_report *r;
		assert_int_equal(vg_report_new(&r), 0);
		int n = vg_secrets_scan(s, "/app/config", (const unsigned char *)cases[i].text,
					strlen(cases[i].text), "sha256:abc", r);
		if (!cases[i].id) {
			if (n != 0)
				fail_msg("case %zu: unexpected %s", i, vg_report_get(r, 0)->id);
		} else {
			if (n != 1)
				fail_msg("case %zu: %d findings, want 1 %s", i, n, cases[i].id);
			const struct vg_finding *f = vg_report_get(r, 0);
			assert_string_equal(f->id, cases[i].id);
			assert_int_equal(f->line, cases[i].line);
			assert_int_equal(f->column, cases[i].column);
			assert_string_equal(f->file, "/app/config");
			assert_string_equal(f->refs[0].value, "sha256:abc");
			if (cases[i].message)
				assert_string_equal(f->message, cases[i].message);
		}
		vg_report_free(r);
	}
	/* binary content is skipped, even with a secret in it */
	unsigned char bin[64] = "AKIAIOSFODNN7EXAMPLE";
	struct vg_report *r;
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_secrets_scan(s, "/bin/x", bin, sizeof(bin), NULL, r), 0);
	vg_report_free(r);
	vg_secrets_free(s);

	assert_true(vg_secrets_wants("/app/.env", 100));
	assert_false(vg_secrets_wants("/usr/share/doc/curl/README", 100));
	assert_false(vg_secrets_wants("/etc/ssl/certs/ca.pem", 100));
	assert_false(vg_secrets_wants("/app/big", 20u * 1024 * 1024));
	assert_false(vg_secrets_wants("/app/empty", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_config),
		cmocka_unit_test(test_secrets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
