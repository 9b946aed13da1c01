/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secrets.c - the secret scanner (VG-SEC-*): hard-coded credentials in files.
 *
 * Every rule is data: keywords that must appear (cheap memmem prefilter, so most files cost a
 * few substring searches) and a PCRE2 pattern compiled once with JIT whose first capture group
 * is the secret. Findings mask the secret.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "vigil/check.h"
#include "util/banned.h"

#define MAX_KEYWORDS 6
#define MAX_SCAN_SIZE (10u * 1024u * 1024u)

struct secret_rule {
	const char *keywords[MAX_KEYWORDS]; /* NULL-terminated; any one gates the regex */
	const char *pattern;                /* group 1 = the secret */
};

static const struct vg_check_info secret_checks[] = {
#define SECRET(ID, SEV, TITLE, WHAT, GITLEAKS)                                                    \
	{ .id = ID, .family = "secrets", .severity = SEV, .title = TITLE,                         \
	  .description = "A " WHAT " is written in the file. Anyone who can read the file (the "  \
			 "repository, the image, the manifest) can use it.",                      \
	  .remediation = "Revoke and rotate the credential, remove it from the file and its "    \
			 "history, and load it at run time from a secret store.",                \
	  .help_uri = NULL, .refs = { { "gitleaks", GITLEAKS } } }
	SECRET("VG-SEC-001", VG_SEV_CRITICAL, "AWS access key ID", "AWS access key ID", "aws-access-token"),
	SECRET("VG-SEC-002", VG_SEV_CRITICAL, "AWS secret access key", "AWS secret access key", "aws-secret-access-key"),
	SECRET("VG-SEC-003", VG_SEV_CRITICAL, "GitHub token", "GitHub token", "github-pat"),
	SECRET("VG-SEC-004", VG_SEV_CRITICAL, "GitHub fine-grained token", "GitHub fine-grained personal access token", "github-fine-grained-pat"),
	SECRET("VG-SEC-005", VG_SEV_CRITICAL, "GitLab token", "GitLab personal access token", "gitlab-pat"),
	SECRET("VG-SEC-006", VG_SEV_HIGH, "Slack token", "Slack token", "slack-bot-token"),
	SECRET("VG-SEC-007", VG_SEV_HIGH, "Slack webhook URL", "Slack incoming-webhook URL", "slack-webhook-url"),
	SECRET("VG-SEC-008", VG_SEV_HIGH, "Private key", "private key", "private-key"),
	SECRET("VG-SEC-009", VG_SEV_CRITICAL, "Stripe live key", "Stripe live API key", "stripe-access-token"),
	SECRET("VG-SEC-010", VG_SEV_HIGH, "Google API key", "Google API key", "gcp-api-key"),
	SECRET("VG-SEC-011", VG_SEV_CRITICAL, "npm access token", "npm access token", "npm-access-token"),
	SECRET("VG-SEC-012", VG_SEV_HIGH, "SendGrid API key", "SendGrid API key", "sendgrid-api-token"),
	SECRET("VG-SEC-013", VG_SEV_HIGH, "Azure storage account key", "Azure storage account key", "azure-storage-key"),
	SECRET("VG-SEC-014", VG_SEV_CRITICAL, "HashiCorp Vault token", "HashiCorp Vault service token", "vault-service-token"),
#undef SECRET
};

#define NRULES (sizeof(secret_checks) / sizeof(secret_checks[0]))

static const struct secret_rule rules[NRULES] = {
	{ { "AKIA", "ASIA", "ABIA", "ACCA", "A3T", NULL },
	  "\\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b" },
	{ { "aws", "AWS", "Aws", NULL },
	  "(?i)aws.{0,20}?(?:secret|key).{0,20}?['\"=:\\s]{1,4}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])" },
	{ { "ghp_", "gho_", "ghu_", "ghs_", "ghr_", NULL }, "\\b(gh[pousr]_[0-9A-Za-z]{36})\\b" },
	{ { "github_pat_", NULL }, "\\b(github_pat_[0-9A-Za-z_]{82})\\b" },
	{ { "glpat-", NULL }, "\\b(glpat-[0-9A-Za-z_\\-]{20})\\b" },
	{ { "xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", NULL }, "\\b(xox[baprs]-[0-9A-Za-z-]{10,72})\\b" },
	{ { "hooks.slack.com", NULL },
	  "(https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{20,32})" },
	{ { "PRIVATE KEY", NULL },
	  "(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\\s:,-]{64,}?"
	  "-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)" },
	{ { "sk_live_", "rk_live_", NULL }, "\\b([sr]k_live_[0-9A-Za-z]{24,99})\\b" },
	{ { "AIza", NULL }, "\\b(AIza[0-9A-Za-z\\-_]{35})(?![0-9A-Za-z\\-_])" },
	{ { "npm_", NULL }, "\\b(npm_[0-9A-Za-z]{36})\\b" },
	{ { "SG.", NULL }, "\\b(SG\\.[0-9A-Za-z\\-_]{22}\\.[0-9A-Za-z\\-_]{43})(?![0-9A-Za-z\\-_])" },
	{ { "AccountKey=", NULL }, "AccountKey=([A-Za-z0-9+/]{86}==)" },
	{ { "hvs.", NULL }, "\\b(hvs\\.[0-9A-Za-z_-]{90,120})\\b" },
};

const struct vg_check_family vg_check_family_secrets = { "secrets", secret_checks, NRULES };

struct vg_secrets {
	pcre2_code *code[NRULES];
};

void vg_secrets_free(struct vg_secrets *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < NRULES; i++)
		pcre2_code_free(s->code[i]);
	free(s);
}

int vg_secrets_new(struct vg_secrets **ret)
{
	struct vg_secrets *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < NRULES; i++) {
		int err;
		PCRE2_SIZE off;
		s->code[i] = pcre2_compile((PCRE2_SPTR)rules[i].pattern, PCRE2_ZERO_TERMINATED, 0, &err,
					   &off, NULL);
		if (!s->code[i]) {
			vg_secrets_free(s);
			return -EINVAL; /* a bug in the table: test_secrets compiles every rule */
		}
		(void)pcre2_jit_compile(s->code[i], PCRE2_JIT_COMPLETE); /* interpreter if no JIT */
	}
	*ret = s;
	return 0;
}

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

bool vg_secrets_wants(const char *path, uint64_t size)
{
	static const char *const skip[] = {
		"/usr/share/doc/", "/usr/share/man/", "/usr/share/info/", "/usr/share/locale/",
		"/usr/share/zoneinfo/", "/usr/share/i18n/", "/usr/share/ca-certificates/",
		"/etc/ssl/certs/", "/usr/include/", "/usr/share/perl", "/usr/lib/locale/",
		"/var/lib/dpkg/", "/var/lib/apt/", "/var/cache/", "/proc/", "/sys/", NULL,
	};
	if (size == 0 || size > MAX_SCAN_SIZE)
		return false;
	for (const char *const *p = skip; *p; p++)
		if (has_prefix(path, *p))
			return false;
	return true;
}

static void mask(const char *secret, size_t len, char *out, size_t cap)
{
	size_t show = len > 16 ? 4 : 0;
	size_t stars = len - show > 16 ? 16 : len - show;
	size_t k = 0;
	for (size_t i = 0; i < show && k + 1 < cap; i++) {
		char c = secret[i];
		out[k++] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	for (size_t i = 0; i < stars && k + 1 < cap; i++)
		out[k++] = '*';
	out[k] = '\0';
}

static int emit(const struct vg_check_info *check, const char *file, const unsigned char *data,
		size_t start, size_t end, const char *layer, struct vg_report *report)
{
	uint32_t line = 1, col = 1;
	for (size_t i = 0; i < start; i++) {
		if (data[i] == '\n') {
			line++;
			col = 1;
		} else if ((data[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	char masked[32], msg[256];
	if (check == &secret_checks[7]) /* private keys: name the block only */
		snprintf(masked, sizeof(masked), "-----BEGIN ... PRIVATE KEY-----");
	else
		mask((const char *)data + start, end - start, masked, sizeof(masked));
	snprintf(msg, sizeof(msg), "%s found: %s (%zu characters)", check->title, masked,
		 end - start);
	struct vg_ref refs[1] = { { "layer", layer } };
	return vg_check_emit_at(report, check, NULL, file, line, col, NULL, msg, refs,
				layer ? 1 : 0);
}

int vg_secrets_scan(const struct vg_secrets *s, const char *file, const unsigned char *data,
		    size_t len, const char *layer, struct vg_report *report)
{
	if (!s || !report || (!data && len))
		return -EINVAL;
	if (len > MAX_SCAN_SIZE)
		return 0;
	size_t head = len < 8192 ? len : 8192;
	if (head && memchr(data, '\0', head))
		return 0; /* binary */
	int found = 0;
	pcre2_match_data *md = NULL;
	for (size_t i = 0; i < NRULES; i++) {
		bool gate = false;
		for (size_t k = 0; k < MAX_KEYWORDS && rules[i].keywords[k] && !gate; k++)
			gate = memmem(data, len, rules[i].keywords[k], strlen(rules[i].keywords[k])) != NULL;
		if (!gate)
			continue;
		if (!md) {
			md = pcre2_match_data_create(4, NULL);
			if (!md)
				return -ENOMEM;
		}
		PCRE2_SIZE off = 0;
		while (off < len) {
			int rc = pcre2_match(s->code[i], data, len, off, 0, md, NULL);
			if (rc < 0)
				break; /* no match, or a match limit: stop this rule for this file */
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t gs = rc > 1 ? ov[2] : ov[0], ge = rc > 1 ? ov[3] : ov[1];
			int r = emit(&secret_checks[i], file, data, gs, ge, layer, report);
			if (r < 0) {
				pcre2_match_data_free(md);
				return r;
			}
			found++;
			off = ov[1] > off ? ov[1] : off + 1;
		}
	}
	pcre2_match_data_free(md);
	return found;
}
