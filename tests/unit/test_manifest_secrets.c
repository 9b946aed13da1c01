/* SPDX-License-Identifier: Apache-2.0 */
/* test_manifest_secrets.c - the VG-SEC rules over manifest values (Secret data decoded, env,
 * args, last-applied dedupe, VG-K8S-022 hand-over), the entropy rule's value test, the
 * Vault/CSI checks, the Dockerfile text scan with exact continuation lines, and ONBUILD. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "check/secrets_internal.h"
#include "vigil/doc.h"
#include "vigil/dockerfile.h"
#include "vigil/scan.h"

/* Findings of a `vigil scan` over @name=@buf as "ID@line:column path|..." into @out. */
static void scan(const char *name, const char *buf, char *out, size_t cap)
{
	struct vg_scan_options so;
	struct vg_report *r = NULL;
	struct vg_scan *s = NULL;
	vg_scan_options_init(&so);
	so.pss_checks = false;
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_scan_new(&so, r, &s), 0);
	assert_int_equal(vg_scan_add_buffer(s, name, buf, strlen(buf)), 0);
	assert_int_equal(vg_scan_run(s), 0);
	out[0] = '\0';
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (strncmp(f->id, "VG-SEC-", 7) && strcmp(f->id, "VG-K8S-022"))
			continue;
		size_t n = strlen(out);
		snprintf(out + n, cap - n, "%s@%u:%u %s|", f->id, f->line, f->column,
			 f->path ? f->path : "");
		/* never the secret itself */
		assert_null(strstr(f->message, "Zq8Xv2Lm4Np6"));
	}
	vg_scan_free(s);
	vg_report_free(r);
}

static void test_values(void **state)
{
	(void)state;
	char out[2048];
	scan("m.yaml",
	     "apiVersion: v1\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  name: s\n"
	     "  annotations:\n"
	     "    kubectl.kubernetes.io/last-applied-configuration: "
	     "'{\"stringData\":{\"t\":\"ghp_Zq8Xv2Lm4Np6Rt1Ws3Yu5Ab7Cd9Ef0Gh2Ij4\"}}'\n"
	     "data:\n"
	     /* base64 of AKIAQ2ZT7MX4KP3WNB5R */
	     "  id: QUtJQVEyWlQ3TVg0S1AzV05CNVI=\n"
	     "stringData:\n"
	     "  t: ghp_Zq8Xv2Lm4Np6Rt1Ws3Yu5Ab7Cd9Ef0Gh2Ij4\n",
	     out, sizeof(out));
	assert_string_equal(out, "VG-SEC-001@8:7 data.id|VG-SEC-003@10:6 stringData.t|");

	scan("d.yaml",
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  name: p\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - name: a\n"
	     "    image: a:1\n"
	     "    args: [\"--db-password\", \"Zq8Xv2Lm4Np6Rt1W\"]\n"
	     "    env:\n"
	     "    - name: API_TOKEN\n"
	     "      value: Zq8Xv2Lm4Np6Rt1Ws3Yu\n"
	     "    - name: DB_PASSWORD\n"
	     "      value: changeme\n",
	     out, sizeof(out));
	assert_string_equal(out, "VG-SEC-019@9:29 spec.containers[0].args[1]|"
				 "VG-SEC-019@12:14 spec.containers[0].env[0].value|"
				 "VG-K8S-022@14:14 spec.containers[0].env[1].value|");
}

static void test_generic_value(void **state)
{
	(void)state;
	static const char *const yes[] = { "Zq8Xv2Lm4Np6Rt1W", "q8Z3mW7r", "9f86d081884c7d659a2feaa0c55ad015", NULL };
	static const char *const no[] = { "changeme", "${DB_PASSWORD}", "{{ .Values.pw }}", "$(VAR)",
					  "<password>", "REPLACE_ME", "/run/secrets/db", "password123",
					  "short", "kubernetes-admin", "1.2.30", "xxxxxxxxxxxx",
					  "arn:aws:secretsmanager:eu-west-1:1:secret:x",
					  "GOOGLE_API_KEY_VAL", "admin123",
					  /* kubernetes/examples sysdig-rc.yaml: "replace with your key" */
					  "8312341g-5678-abcd-4a2b2c-33bcsd655", NULL };
	for (const char *const *v = yes; *v; v++)
		assert_true(vg_secrets_generic_value_ok((const unsigned char *)*v, strlen(*v)));
	for (const char *const *v = no; *v; v++)
		assert_false(vg_secrets_generic_value_ok((const unsigned char *)*v, strlen(*v)));
}

/* --secrets text scan: source code near misses and one real assignment */
static void test_text(void **state)
{
	(void)state;
	static const char code[] =
		"stop_token::_Stop_state_ref _M_state;\n"
		"const Value *Token = getArgOperand(0);\n"
		"if (token == otherTokenValue1) return;\n"
		"IsAtStart = Tok.getKind() == AsmToken::EndOfStatement;\n"
		"password = os.environ['DB_PASSWORD']\n"
		"db_password = \"Zq8Xv2Lm4Np6Rt1W\"\n";
	struct vg_secrets *s = NULL;
	struct vg_report *r = NULL;
	assert_int_equal(vg_secrets_new(&s), 0);
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_secrets_scan(s, "app.py", (const unsigned char *)code, strlen(code), NULL, r), 1);
	const struct vg_finding *f = vg_report_get(r, 0);
	assert_string_equal(f->id, "VG-SEC-019");
	assert_int_equal(f->line, 6);
	assert_int_equal(f->column, 16);
	/* what matched: the key, the length and the measured entropy (not "high-entropy") */
	assert_string_equal(f->message, "Literal value assigned to secret-like key db_password: "
					 "**************** (16 characters, entropy 4.00 bits/char)");
	vg_report_free(r);
	vg_secrets_free(s);
}

/* The message without a key (vg_secrets_message) and with one (an env entry's name). */
static void test_generic_message(void **state)
{
	(void)state;
	char msg[256], out[2048];
	vg_secrets_message(18, (const unsigned char *)"q8Z3mW7r", 8, msg, sizeof(msg));
	assert_string_equal(msg, "Literal value assigned to a secret-like key: ******** (8 characters, "
				 "entropy 3.00 bits/char)");
	struct vg_secrets *s = NULL;
	struct vg_report *r = NULL;
	assert_int_equal(vg_secrets_new(&s), 0);
	assert_int_equal(vg_report_new(&r), 0);
	static const char pod[] = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
				  "  containers:\n  - name: c\n    image: c:1\n    env:\n"
				  "    - name: DB_PASSWORD\n      value: \"Zq8Xv2Lm4Np6Rt1Wa\"\n"
				  "    - name: GOOGLE_API_KEY\n      value: GOOGLE_API_KEY_VAL\n";
	scan("p.yaml", pod, out, sizeof(out));
	/* the placeholder is no VG-SEC-019 (VG-K8S-022 still reports the literal env value) */
	assert_string_equal(out, "VG-SEC-019@11:14 spec.containers[0].env[0].value|"
				 "VG-K8S-022@13:14 spec.containers[0].env[1].value|");
	struct vg_scan_options so;
	struct vg_scan *sc = NULL;
	vg_scan_options_init(&so);
	assert_int_equal(vg_scan_new(&so, r, &sc), 0);
	assert_int_equal(vg_scan_add_buffer(sc, "p.yaml", pod, strlen(pod)), 0);
	assert_int_equal(vg_scan_run(sc), 0);
	bool seen = false;
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (strcmp(f->id, "VG-SEC-019"))
			continue;
		assert_string_equal(f->message, "Literal value assigned to secret-like key DB_PASSWORD: "
						 "Zq8X************* (17 characters, entropy 4.09 "
						 "bits/char)");
		seen = true;
	}
	assert_true(seen);
	vg_scan_free(sc);
	vg_report_free(r);
	vg_secrets_free(s);
}

static void test_vault_csi(void **state)
{
	(void)state;
	char out[2048];
	scan("v.yaml",
	     "apiVersion: apps/v1\n"
	     "kind: Deployment\n"
	     "metadata:\n"
	     "  name: w\n"
	     "  annotations:\n"
	     "    vault.hashicorp.com/role: w\n"
	     "spec:\n"
	     "  template:\n"
	     "    metadata:\n"
	     "      annotations:\n"
	     "        vault.hashicorp.com/agent-inject: \"yes\"\n"
	     "        vault.hashicorp.com/agent-inject-secret-db: db/creds\n"
	     "    spec:\n"
	     "      containers:\n"
	     "      - name: w\n"
	     "        image: w:1\n"
	     "      volumes:\n"
	     "      - name: s\n"
	     "        csi:\n"
	     "          driver: secrets-store.csi.k8s.io\n"
	     "          volumeAttributes:\n"
	     "            secretProviderClass: other-ns\n"
	     "---\n"
	     "apiVersion: secrets-store.csi.x-k8s.io/v1\n"
	     "kind: SecretProviderClass\n"
	     "metadata:\n"
	     "  name: other-ns\n"
	     "  namespace: elsewhere\n",
	     out, sizeof(out));
	assert_string_equal(out,
			    "VG-SEC-023@6:5 metadata.annotations[\"vault.hashicorp.com/role\"]|"
			    "VG-SEC-022@11:43 spec.template.metadata.annotations[\"vault.hashicorp.com/agent-inject\"]|"
			    "VG-SEC-024@22:34 spec.template.spec.volumes[0].csi.volumeAttributes.secretProviderClass|");
}

static void test_dockerfile(void **state)
{
	(void)state;
	char out[2048];
	scan("Dockerfile",
	     "FROM alpine:3.19\n"
	     "RUN apk add --no-cache git=2.43.0-r0 \\\n"
	     "    && git clone https://bot:Zq8Xv2Lm4Np6Rt@git.acme.io/x.git\n"
	     "ONBUILD ENV API_KEY=Zq8Xv2Lm4Np6Rt1Ws3Yu\n",
	     out, sizeof(out));
	/* Dockerfiles given as buffers are parsed as YAML: nothing; scan them by path instead */
	assert_string_equal(out, "");

	struct vg_report *r = NULL;
	struct vg_secrets *s = NULL;
	const char *df = "FROM alpine:3.19\n"
			 "RUN apk add --no-cache git=2.43.0-r0 \\\n"
			 "    && git clone https://bot:Zq8Xv2Lm4Np6Rt@git.acme.io/x.git \\\n"
			 "    && mysql -h db -pZq8Xv2Lm -e 'select 1'\n"
			 "ONBUILD ENV API_KEY=Zq8Xv2Lm4Np6Rt1Ws3Yu\n"
			 "ONBUILD MAINTAINER me\n";
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_secrets_new(&s), 0);
	assert_int_equal(vg_check_dockerfile_secrets("Dockerfile", df, strlen(df), s, r), 0);
	out[0] = '\0';
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		if (strncmp(f->id, "VG-SEC-", 7) && strcmp(f->id, "VG-DF-034") &&
		    strcmp(f->id, "VG-DF-041") && strcmp(f->id, "VG-DF-019"))
			continue;
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, "%s@%u:%u %s|", f->id, f->line, f->column,
			 f->path ? f->path : "");
	}
	assert_string_equal(out, "VG-SEC-017@3:30 stage[0].RUN[0]|"
				 "VG-SEC-019@5:21 stage[0].ONBUILD[0]|"
				 "VG-DF-034@4:20 stage[0].RUN[0]|"
				 "VG-DF-041@6:1 stage[0].ONBUILD[1]|");
	vg_report_free(r);

	/* the legacy "ENV KEY value" form: VG-SEC-019 at the value, VG-DF-019 not repeated */
	const char *legacy = "FROM alpine:3.19\nENV DB_PASSWORD   Zq8Xv2Lm4Np6Rt1W\n";
	assert_int_equal(vg_report_new(&r), 0);
	assert_int_equal(vg_check_dockerfile_secrets("Dockerfile", legacy, strlen(legacy), s, r), 0);
	out[0] = '\0';
	for (size_t i = 0; i < vg_report_count(r); i++) {
		const struct vg_finding *f = vg_report_get(r, i);
		size_t n = strlen(out);
		if (!strcmp(f->id, "VG-SEC-019") || !strcmp(f->id, "VG-DF-019"))
			snprintf(out + n, sizeof(out) - n, "%s@%u:%u|", f->id, f->line, f->column);
	}
	assert_string_equal(out, "VG-SEC-019@2:19|");
	vg_secrets_free(s);
	vg_report_free(r);

	struct vg_dockerfile *d = NULL;
	assert_int_equal(vg_dockerfile_parse("Dockerfile", df, strlen(df), NULL, &d, NULL), 0);
	const struct vg_df_instr *on = &d->instrs[2];
	assert_int_equal(on->kind, VG_DF_ONBUILD);
	assert_non_null(on->trigger);
	assert_int_equal(on->trigger->kind, VG_DF_ENV);
	assert_true(on->trigger->onbuild);
	assert_int_equal(on->trigger->nkv, 1);
	assert_string_equal(on->trigger->kv[0].key, "API_KEY");
	vg_dockerfile_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_generic_value),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_generic_message),
		cmocka_unit_test(test_vault_csi),
		cmocka_unit_test(test_dockerfile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
