/* SPDX-License-Identifier: Apache-2.0 */
/* test_secret_names.c - the one "does this variable name hold a secret" classifier used by the
 * Dockerfile, image config and workload checks (src/lib/check/names.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"

static const struct {
	const char *name;
	bool secret;
} cases[] = {
	/* secrets */
	{ "PASSWORD", true }, { "DB_PASSWORD", true }, { "MYSQL_ROOT_PASSWORD", true },
	{ "dbpassword", true }, { "db-passwd", true }, { "GPG_PASSPHRASE", true },
	{ "GITHUB_TOKEN", true }, { "githubToken", true }, { "NPM_AUTHTOKEN", true },
	{ "slackAccessToken", true }, { "AWS_SECRET_ACCESS_KEY", true }, { "SECRET_KEY_BASE", true },
	{ "client.secret", true }, { "STRIPE_API_KEY", true }, { "apiKey", true },
	{ "APIKEY", true }, { "PRIVATE_KEY", true }, { "sshPrivateKey", true },
	{ "GOOGLE_APPLICATION_CREDENTIALS_JSON", true }, { "REGISTRY_CREDENTIALS", true },
	{ "JWT_SIGNING_KEY", true }, { "VAULT_SECRET_ID", true }, { "TOKENS", true },
	{ "AUTH_KEY", true },
	/* not secrets */
	{ "TOKENIZERS_PARALLELISM", false }, { "TOKENIZER", false }, { "SECRETARY_EMAIL", false },
	{ "PASSWORD_FILE", false }, { "DB_PASSWORD_PATH", false }, { "SECRETS_DIR", false },
	{ "TOKEN_URL", false }, { "TOKEN_TTL", false }, { "SESSION_TOKEN_TIMEOUT", false },
	{ "TLS_SECRET_NAME", false }, { "tlsSecretName", false }, { "PASSWORD_LENGTH", false },
	{ "AUTH_ENABLED", false }, { "KEY", false }, { "PATH", false }, { "PWD", false },
	{ "HOME", false }, { "PUBLIC_KEY_ID", false }, { "", false }, { "_", false },
};

static void test_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = vg_check_secret_name(cases[i].name, strlen(cases[i].name));
		if (got != cases[i].secret) {
			print_error("%s: got %d, want %d\n", cases[i].name, got, cases[i].secret);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_limits(void **state)
{
	(void)state;
	char longname[300];
	memset(longname, 'A', sizeof(longname));
	memcpy(longname + 100, "_PASSWORD", 9);
	assert_false(vg_check_secret_name(longname, sizeof(longname))); /* over 255: not looked at */
	assert_false(vg_check_secret_name(NULL, 0));
	/* only @n bytes are read */
	assert_true(vg_check_secret_name("DB_PASSWORD_FILE", 11));
	assert_false(vg_check_secret_name("DB_PASSWORD_FILE", 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
