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
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "check/secrets_internal.h"
#include "vigil/check.h"
#include "util/banned.h"

#define MAX_KEYWORDS 8
#define MAX_SCAN_SIZE (10u * 1024u * 1024u)

/* How a match is confirmed after the regular expression. */
enum secret_accept {
	ACCEPT_ANY = 0,  /* the pattern is specific enough (a vendor prefix, a PEM block) */
	ACCEPT_PASSWORD, /* a password inside a URL or connection string: not a placeholder */
	ACCEPT_GENERIC,  /* a value assigned to a password/secret/token-like key: see generic_ok */
};

struct secret_rule {
	const char *keywords[MAX_KEYWORDS]; /* NULL-terminated; any one gates the regex */
	bool keywords_nocase;               /* match the keywords case-insensitively */
	const char *pattern;                /* the first capture group that matched = the secret */
	enum secret_accept accept;
	unsigned key_group;                 /* ACCEPT_GENERIC: the group holding the key name */
	unsigned priority;                  /* overlapping matches: the lowest priority wins */
};

#define SECRET_DESC(WHAT)                                                                        \
	"A " WHAT " is written in the file. Anyone who can read the file (the repository, the "   \
	"image, the manifest) can use it."
#define SECRET_FIX                                                                               \
	"Revoke and rotate the credential, remove it from the file and its history, and load it " \
	"at run time from a secret store."

static const struct vg_check_info secret_checks[] = {
#define SECRET(ID, SEV, TITLE, WHAT, GITLEAKS)                                                    \
	{ .id = ID, .family = "secrets", .severity = SEV, .title = TITLE,                         \
	  .description = SECRET_DESC(WHAT), .remediation = SECRET_FIX,                            \
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
	{ .id = "VG-SEC-015", .family = "secrets", .severity = VG_SEV_CRITICAL,
	  .title = "GCP service account key",
	  .description = "A Google Cloud service-account key file (JSON with \"type\": "
			 "\"service_account\" and its private_key) is written in the file. It "
			 "authenticates as the service account until the key is deleted.",
	  .remediation = "Delete the key in IAM (gcloud iam service-accounts keys delete), remove "
			 "the file and use Workload Identity instead of exported keys.",
	  .help_uri = "https://cloud.google.com/iam/docs/keys-create-delete",
	  .refs = { { "trivy", "gcp-service-account" } } },
	SECRET("VG-SEC-016", VG_SEV_HIGH, "JSON Web Token", "signed JSON Web Token (JWT)", "jwt"),
	{ .id = "VG-SEC-017", .family = "secrets", .severity = VG_SEV_HIGH,
	  .title = "Credentials in a URL",
	  .description = SECRET_DESC("password in the user-information part of a URL "
				     "(scheme://user:password@host)"),
	  .remediation = SECRET_FIX, .help_uri = NULL, .refs = { { NULL, NULL } } },
	{ .id = "VG-SEC-018", .family = "secrets", .severity = VG_SEV_HIGH,
	  .title = "Database connection string with a password",
	  .description = SECRET_DESC("database connection string with a password (postgres://, "
				     "mysql://, mongodb://, redis://, amqp://, jdbc:, or "
				     "Password=/Pwd= in an ADO.NET/ODBC string)"),
	  .remediation = SECRET_FIX, .help_uri = NULL, .refs = { { NULL, NULL } } },
	{ .id = "VG-SEC-019", .family = "secrets", .severity = VG_SEV_MEDIUM,
	  .title = "Literal value assigned to a secret-like key",
	  .description = "A key named like a password, secret, token, API key, access key, private "
			 "key or credential is assigned a literal value that looks generated (at "
			 "least 8 characters, two character classes, Shannon entropy of at least "
			 "3.0 bits per character) and is not a placeholder, a variable reference "
			 "or a path.",
	  .remediation = SECRET_FIX, .help_uri = NULL,
	  .refs = { { "gitleaks", "generic-api-key" } } },
#undef SECRET
};

#define NRULES (sizeof(secret_checks) / sizeof(secret_checks[0]))

/* the secret-like key words of VG-SEC-019 (also used by the manifest scanner) */
#define SECRET_KEY_RE                                                                            \
	"(?:password|passwd|passphrase|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|"    \
	"private[_.-]?key|auth[_.-]?key|credentials?)"

static const struct secret_rule rules[NRULES] = {
	{ { "AKIA", "ASIA", "ABIA", "ACCA", "A3T", NULL }, false,
	  "\\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b", ACCEPT_ANY, 0, 1 },
	{ { "aws", "AWS", "Aws", NULL }, false,
	  "(?i)aws.{0,20}?(?:secret|key).{0,20}?['\"=:\\s]{1,4}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
	  ACCEPT_ANY, 0, 1 },
	{ { "ghp_", "gho_", "ghu_", "ghs_", "ghr_", NULL }, false, "\\b(gh[pousr]_[0-9A-Za-z]{36})\\b",
	  ACCEPT_ANY, 0, 1 },
	{ { "github_pat_", NULL }, false, "\\b(github_pat_[0-9A-Za-z_]{82})\\b", ACCEPT_ANY, 0, 1 },
	{ { "glpat-", NULL }, false, "\\b(glpat-[0-9A-Za-z_\\-]{20})\\b", ACCEPT_ANY, 0, 1 },
	{ { "xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", NULL }, false,
	  "\\b(xox[baprs]-[0-9A-Za-z-]{10,72})\\b", ACCEPT_ANY, 0, 1 },
	{ { "hooks.slack.com", NULL }, false,
	  "(https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{20,32})",
	  ACCEPT_ANY, 0, 1 },
	{ { "PRIVATE KEY", NULL }, false,
	  "(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\\s:,\\\\-]{64,}?"
	  "-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)", ACCEPT_ANY, 0, 1 },
	{ { "sk_live_", "rk_live_", NULL }, false, "\\b([sr]k_live_[0-9A-Za-z]{24,99})\\b",
	  ACCEPT_ANY, 0, 1 },
	{ { "AIza", NULL }, false, "\\b(AIza[0-9A-Za-z\\-_]{35})(?![0-9A-Za-z\\-_])", ACCEPT_ANY, 0, 1 },
	{ { "npm_", NULL }, false, "\\b(npm_[0-9A-Za-z]{36})\\b", ACCEPT_ANY, 0, 1 },
	{ { "SG.", NULL }, false,
	  "\\b(SG\\.[0-9A-Za-z\\-_]{22}\\.[0-9A-Za-z\\-_]{43})(?![0-9A-Za-z\\-_])", ACCEPT_ANY, 0, 1 },
	{ { "AccountKey=", NULL }, false, "AccountKey=([A-Za-z0-9+/]{86}==)", ACCEPT_ANY, 0, 1 },
	{ { "hvs.", NULL }, false, "\\b(hvs\\.[0-9A-Za-z_-]{90,120})\\b", ACCEPT_ANY, 0, 1 },
	/* VG-SEC-015: the private_key member of a service-account key file (JSON-escaped PEM) */
	{ { "service_account", NULL }, false,
	  "\"private_key\"\\s*:\\s*\"(-----BEGIN[ A-Z]{0,20}PRIVATE KEY-----(?:\\\\n|\\n)"
	  "[A-Za-z0-9+/=\\\\\\n]{64,}?-----END[ A-Z]{0,20}PRIVATE KEY-----(?:\\\\n)?)\"",
	  ACCEPT_ANY, 0, 0 },
	/* VG-SEC-016: header.payload.signature, both JSON objects ("eyJ" = base64url of '{"') */
	{ { "eyJ", NULL }, false,
	  "(?<![A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,})"
	  "(?![A-Za-z0-9_.-])", ACCEPT_ANY, 0, 2 },
	/* VG-SEC-017: scheme://user:password@host for non-database schemes */
	{ { "://", NULL }, false,
	  "(?i)\\b(?:https?|ftps?|sftp|git|ssh|svn|smtps?|imaps?|pop3s?|ldaps?|wss?|nats|mqtts?|"
	  "s3|sentry)://[^\\s:/@\"'<>`]{1,64}:([^\\s@/\"'<>`]{1,128})@[A-Za-z0-9._-]",
	  ACCEPT_PASSWORD, 0, 3 },
	/* VG-SEC-018: database URLs, JDBC URLs with password=, ADO.NET/ODBC Password=/Pwd= */
	{ { "://", "assword=", "ASSWORD=", "wd=", "WD=", NULL }, false,
	  "(?i)(?:\\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|"
	  "sqlserver|oracle|cockroachdb|clickhouse|couchdb|neo4j|cassandra|db2|jdbc:[a-z0-9:]+)://"
	  "[^\\s:/@\"'<>`]*:([^\\s@/\"'<>`]{1,128})@"
	  "|\\bjdbc:[a-z0-9]+:[^\\s\"'<>`]*?[?&;]password=([^\\s&;\"'<>`]{1,128})"
	  "|(?:server|data source|host|dsn|address|uid|user id)=[^;\"'\\n]{1,200};"
	  "[^\"'\\n]{0,200}?\\b(?:password|pwd)=([^;\"'\\s]{1,128}))",
	  ACCEPT_PASSWORD, 0, 3 },
	/* VG-SEC-019: key [:=] value; group 1 = key, 3 = value (2 = an opening quote) */
	{ { "pass", "pwd", "secret", "token", "key", "cred", NULL }, true,
	  "(?i)(?<![A-Za-z0-9])([A-Za-z0-9_.-]{0,40}" SECRET_KEY_RE "[A-Za-z0-9_.-]{0,24})"
	  "[\"']?[ \\t]*(?::=|=>|:(?!:)|=(?![=~]))[ \\t]*([\"'])?([^\\s\"'`,;<>(){}\\[\\]]{8,200})"
	  "(?(2)\\2|(?=[\\s,;\"'`)}\\]]|$))", ACCEPT_GENERIC, 1, 9 },
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

/* ---- confirming a match ----------------------------------------------------------------- */

static bool mem_has_ci(const unsigned char *s, size_t n, const char *w)
{
	size_t m = strlen(w);
	for (size_t i = 0; i + m <= n; i++)
		if (strncasecmp((const char *)s + i, w, m) == 0)
			return true;
	return false;
}

static bool ends_ci(const unsigned char *s, size_t n, const char *w)
{
	size_t m = strlen(w);
	return n >= m && strncasecmp((const char *)s + n - m, w, m) == 0;
}

double vg_secrets_entropy(const unsigned char *s, size_t n)
{
	unsigned cnt[256] = { 0 };
	double h = 0;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		cnt[s[i]]++;
	for (size_t i = 0; i < 256; i++) {
		if (!cnt[i])
			continue;
		double p = (double)cnt[i] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

/* Placeholders, templates and references that are not secrets (any rule's secret). */
static bool placeholder(const unsigned char *v, size_t n)
{
	static const char *const words[] = {
		"changeme", "change_me", "change-me", "changeit", "replace", "example", "placeholder",
		"your_", "your-", "yourpass", "yoursecret", "yourtoken", "<", ">", "${", "$(", "{{",
		"%(", "%s", "xxxx", "****", "....", "redacted", "dummy", "sample", "todo", "tbd",
		"fixme", "insert", "secretkeyref", "valuefrom", "not-a-", "notreal", "fake",
		NULL,
	};
	if (!n)
		return true;
	if (v[0] == '$' || v[0] == '%' || v[0] == '@' || v[0] == '&' || v[0] == '*')
		return true; /* $VAR, %VAR%, @ref, YAML alias-like, masked */
	size_t run = 1, maxrun = 1;
	for (size_t i = 1; i < n; i++) {
		run = v[i] == v[i - 1] ? run + 1 : 1;
		if (run > maxrun)
			maxrun = run;
	}
	if (maxrun >= 5)
		return true; /* xxxxx, 00000, ***** */
	for (const char *const *w = words; *w; w++)
		if (mem_has_ci(v, n, *w))
			return true;
	return false;
}

/* A vendor-format match that is a filler, not a key: "AKIAXXXXXXXXXXXXXXXX", "ghp_000...".
 * (The vendors' documented example keys, e.g. AKIAIOSFODNN7EXAMPLE, are still reported.) */
static bool format_placeholder(const unsigned char *v, size_t n)
{
	size_t run = 1;
	for (size_t i = 1; i < n; i++) {
		run = v[i] == v[i - 1] ? run + 1 : 1;
		if (run >= 6)
			return true;
	}
	static const char *const words[] = { "xxxx", "your-", "your_", "<", "${", "{{", "replace",
					     "changeme", "placeholder", NULL };
	for (const char *const *w = words; *w; w++)
		if (mem_has_ci(v, n, *w))
			return true;
	return false;
}

/* VG-SEC-017/018: a password in a URL or connection string. */
static bool password_ok(const unsigned char *v, size_t n)
{
	static const char *const exact[] = { "password", "pass", "passwd", "pwd", "secret", "x",
					     "user", "admin", "root", "test", "guest", "none",
					     "null", "empty", "token", NULL };
	if (n < 3 || placeholder(v, n))
		return false;
	for (const char *const *w = exact; *w; w++)
		if (strlen(*w) == n && strncasecmp((const char *)v, *w, n) == 0)
			return false;
	return true;
}

/* Key names that say "not the secret itself" though they contain a secret-like word. */
static bool benign_key(const unsigned char *k, size_t n)
{
	static const char *const suffix[] = {
		"file", "path", "dir", "url", "uri", "name", "ref", "id", "length", "len", "ttl",
		"timeout", "enabled", "enable", "type", "version", "mode", "policy", "provider",
		"endpoint", "header", "field", "prefix", "count", "size", "format", "hash",
		"algorithm", "location", "expiry", "expires", "expiration", "lifetime", "duration",
		"source", "store", "mount", "key_id", "keyid", "secretname", "audience", "issuer",
		"scope", "scopes", "env", "command", "cmd", "template", "rotation", "required",
		NULL,
	};
	if (mem_has_ci(k, n, "public") || mem_has_ci(k, n, "publishable"))
		return true;
	for (const char *const *s = suffix; *s; s++)
		if (ends_ci(k, n, *s))
			return true;
	return false;
}

/* VG-SEC-019: a literal, generated-looking value (thresholds in docs/secrets.md). */
bool vg_secrets_generic_value_ok(const unsigned char *v, size_t n)
{
	/* test and demo values: a generated secret does not spell these */
	static const char *const weak[] = { "password", "passw0rd", "secret", "admin", "test",
					    "demo", "default", "letmein", "qwerty", "welcome",
					    "1234", "abcd", "token", NULL };
	if (n < 8 || placeholder(v, n))
		return false;
	for (const char *const *w = weak; *w; w++)
		if (mem_has_ci(v, n, *w))
			return false;
	if (v[0] == '/' || v[0] == '~' || (v[0] == '.' && n > 1 && v[1] == '/'))
		return false; /* a path */
	if (memchr(v, ':', n) && (mem_has_ci(v, n, "://") || mem_has_ci(v, n, "arn:") ||
				  mem_has_ci(v, n, "vault:") || mem_has_ci(v, n, "ref+") ||
				  mem_has_ci(v, n, "sha256:") || mem_has_ci(v, n, "sha512:")))
		return false; /* URLs (VG-SEC-017/018), ARNs, secret-manager and digest refs */
	unsigned lower = 0, upper = 0, digit = 0, other = 0;
	bool hex = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = v[i];
		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else
			other = 1;
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			hex = false;
	}
	if (!upper && !digit)
		return false; /* lower-case words: names, not generated secrets */
	if (!lower && memchr(v, '_', n) && strspn((const char *)v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n)
		return false; /* SCREAMING_SNAKE: a variable name or a template token (API_KEY_VAL) */
	if (lower + upper + digit + other < 2)
		return false; /* a number, an all-caps word */
	(void)hex; /* a hex string assigned to a secret-like key is still a secret */
	/* dotted version numbers, dates */
	bool verlike = true;
	for (size_t i = 0; i < n && verlike; i++)
		verlike = (v[i] >= '0' && v[i] <= '9') || v[i] == '.' || v[i] == '-' || v[i] == '_' ||
			  v[i] == 'v' || v[i] == ':' || v[i] == 'T' || v[i] == 'Z';
	if (verlike)
		return false;
	return vg_secrets_entropy(v, n) >= 3.0 - 1e-9;
}

static bool generic_ok(const unsigned char *key, size_t klen, const unsigned char *v, size_t n)
{
	return !benign_key(key, klen) && vg_secrets_generic_value_ok(v, n);
}

/* ---- matching --------------------------------------------------------------------------- */

size_t vg_secrets_rule_count(void)
{
	return NRULES;
}

const struct vg_check_info *vg_secrets_rule_check(size_t rule)
{
	return rule < NRULES ? &secret_checks[rule] : NULL;
}

static bool gate(size_t i, const unsigned char *data, size_t len)
{
	for (size_t k = 0; k < MAX_KEYWORDS && rules[i].keywords[k]; k++) {
		const char *w = rules[i].keywords[k];
		if (rules[i].keywords_nocase ? mem_has_ci(data, len, w)
					     : memmem(data, len, w, strlen(w)) != NULL)
			return true;
	}
	return false;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct vg_secret_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static int push_hit(struct vg_secret_hit **v, size_t *n, size_t *cap, struct vg_secret_hit h)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		struct vg_secret_hit *p = realloc(*v, c * sizeof(*p));
		if (!p)
			return -ENOMEM;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = h;
	return 0;
}

int vg_secrets_find(const struct vg_secrets *s, const unsigned char *data, size_t len, size_t from,
		    struct vg_secret_hit **ret, size_t *ret_n)
{
	struct vg_secret_hit *all = NULL;
	size_t n = 0, cap = 0;
	pcre2_match_data *md = NULL;
	int r = 0;

	*ret = NULL;
	*ret_n = 0;
	if (!s || (!data && len))
		return -EINVAL;
	for (size_t i = 0; i < NRULES && r == 0; i++) {
		if (!gate(i, data, len))
			continue;
		if (!md && !(md = pcre2_match_data_create(8, NULL)))
			return -ENOMEM;
		PCRE2_SIZE off = 0;
		while (off < len) {
			int rc = pcre2_match(s->code[i], data, len, off, 0, md, NULL);
			if (rc < 0)
				break; /* no match, or a match limit: stop this rule for this input */
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t gs = ov[0], ge = ov[1];
			unsigned g0 = rules[i].accept == ACCEPT_GENERIC ? 3 : 1;
			for (unsigned g = g0; g < (unsigned)rc; g++)
				if (ov[2 * g] != PCRE2_UNSET) {
					gs = ov[2 * g];
					ge = ov[2 * g + 1];
					break;
				}
			bool ok = gs >= from;
			const unsigned char *v = data + gs;
			if (ok && rules[i].accept == ACCEPT_PASSWORD)
				ok = password_ok(v, ge - gs);
			else if (ok && rules[i].accept == ACCEPT_GENERIC) {
				unsigned kg = rules[i].key_group;
				ok = (unsigned)rc > kg && ov[2 * kg] != PCRE2_UNSET &&
				     generic_ok(data + ov[2 * kg], ov[2 * kg + 1] - ov[2 * kg], v,
						ge - gs);
			} else if (ok && i != 7 && i != 14) {
				ok = !format_placeholder(v, ge - gs);
			}
			struct vg_secret_hit h = { (uint32_t)i, gs, ge, 0, 0 };
			if (rules[i].accept == ACCEPT_GENERIC) {
				unsigned kg = rules[i].key_group;
				h.key_start = ov[2 * kg];
				h.key_end = ov[2 * kg + 1];
			}
			if (ok && (r = push_hit(&all, &n, &cap, h)) < 0)
				break;
			off = ov[1] > off ? ov[1] : off + 1;
		}
	}
	pcre2_match_data_free(md);
	if (r < 0) {
		free(all);
		return r;
	}
	/* overlapping matches: keep the one of the most specific rule (lowest priority) */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool keep = true;
		for (size_t j = 0; j < n && keep; j++) {
			if (j == i || all[j].start >= all[i].end || all[i].start >= all[j].end)
				continue;
			unsigned pi = rules[all[i].rule].priority, pj = rules[all[j].rule].priority;
			if (pj < pi || (pj == pi && j < i))
				keep = false;
		}
		if (keep)
			all[k++] = all[i];
	}
	if (k)
		qsort(all, k, sizeof(*all), hit_cmp);
	else {
		free(all);
		all = NULL;
	}
	*ret = all;
	*ret_n = k;
	return 0;
}

/* The one masking function: 4 leading characters for secrets over 16 characters, then up to
 * 16 '*'; shorter secrets are all stars. Private keys are named, never shown. */
static void mask(size_t rule, const unsigned char *secret, size_t len, char *masked, size_t cap)
{
	if (rule == 7 || rule == 14) {
		snprintf(masked, cap, "-----BEGIN ... PRIVATE KEY-----");
		return;
	}
	size_t show = len > 16 ? 4 : 0;
	size_t stars = len - show > 16 ? 16 : len - show;
	size_t k = 0;
	for (size_t i = 0; i < show && k + 1 < cap; i++) {
		unsigned char c = secret[i];
		masked[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	for (size_t i = 0; i < stars && k + 1 < cap; i++)
		masked[k++] = '*';
	masked[k] = '\0';
}

#define RULE_GENERIC 18 /* VG-SEC-019 */

/* VG-SEC-019 says what it matched: a literal value (of this length and entropy) assigned to a
 * secret-like key; "high-entropy" would not be true of every value it reports. */
static void generic_message(const unsigned char *key, size_t klen, const unsigned char *secret,
			    size_t len, char *out, size_t cap)
{
	char masked[48], name[72];
	size_t k = 0;
	mask(RULE_GENERIC, secret, len, masked, sizeof(masked));
	for (size_t i = 0; i < klen && k + 4 < sizeof(name); i++)
		name[k++] = (key[i] >= 0x20 && key[i] < 0x7f) ? (char)key[i] : '?';
	if (k < klen)
		name[k++] = '.', name[k++] = '.', name[k++] = '.';
	name[k] = '\0';
	snprintf(out, cap, "Literal value assigned to %s%s: %s (%zu characters, entropy %.2f "
		 "bits/char)", klen ? "secret-like key " : "a secret-like key", name, masked, len,
		 vg_secrets_entropy(secret, len));
}

void vg_secrets_message(size_t rule, const unsigned char *secret, size_t len, char *out,
			size_t cap)
{
	char masked[48];
	if (rule == RULE_GENERIC) {
		generic_message(NULL, 0, secret, len, out, cap);
		return;
	}
	mask(rule, secret, len, masked, sizeof(masked));
	snprintf(out, cap, "%s found: %s (%zu characters)", secret_checks[rule].title, masked, len);
}

void vg_secrets_hit_message(const unsigned char *data, const struct vg_secret_hit *h, char *out,
			    size_t cap)
{
	if (h->rule == RULE_GENERIC && h->key_end > h->key_start)
		generic_message(data + h->key_start, h->key_end - h->key_start, data + h->start,
				h->end - h->start, out, cap);
	else
		vg_secrets_message(h->rule, data + h->start, h->end - h->start, out, cap);
}

void vg_secrets_position(const unsigned char *data, size_t off, uint32_t *line, uint32_t *col)
{
	uint32_t l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else if ((data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

bool vg_secrets_is_binary(const unsigned char *data, size_t len)
{
	size_t head = len < 8192 ? len : 8192;
	return head && memchr(data, '\0', head) != NULL;
}

int vg_secrets_scan(const struct vg_secrets *s, const char *file, const unsigned char *data,
		    size_t len, const char *layer, struct vg_report *report)
{
	if (!s || !report || (!data && len))
		return -EINVAL;
	if (len > MAX_SCAN_SIZE || vg_secrets_is_binary(data, len))
		return 0;
	struct vg_secret_hit *hits;
	size_t n;
	int r = vg_secrets_find(s, data, len, 0, &hits, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n && r >= 0; i++) {
		uint32_t line, col;
		char msg[256];
		vg_secrets_position(data, hits[i].start, &line, &col);
		vg_secrets_hit_message(data, &hits[i], msg, sizeof(msg));
		struct vg_ref refs[1] = { { "layer", layer } };
		r = vg_check_emit_at(report, &secret_checks[hits[i].rule], NULL, file, line, col,
				     NULL, msg, refs, layer ? 1 : 0);
	}
	free(hits);
	return r < 0 ? r : (int)n;
}
