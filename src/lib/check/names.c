/* SPDX-License-Identifier: Apache-2.0 */
/*
 * names.c - does a variable name say it holds a secret? One classifier for the Dockerfile
 * ENV/ARG checks (VG-DF-019/020), the image config check (VG-IMG-002) and literal env values
 * in manifests (VG-K8S-022).
 *
 * The name is split into words at '_', '-', '.', other punctuation and lower->upper camelCase
 * steps ("githubToken" -> GITHUB TOKEN). Short, common words (SECRET, TOKEN) must be whole
 * words, so TOKENIZERS_PARALLELISM and SECRETARY are not secrets; long, unambiguous stems
 * (PASSWORD, PASSPHRASE, CREDENTIAL, AUTHTOKEN ...) match anywhere, so DBPASSWORD is. A name
 * whose last word says it holds a reference rather than the value (…_FILE, …_PATH, …_URL,
 * …_SECRET_NAME, …_ENABLED ...) is not a secret.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "util/banned.h"

#define MAX_WORDS 16
#define MAX_NAME 256

struct words {
	char up[MAX_NAME];         /* the name upper-cased, separators kept */
	size_t start[MAX_WORDS], len[MAX_WORDS];
	size_t n;
};

static void split(const char *name, size_t n, struct words *w)
{
	w->n = 0;
	size_t i = 0;
	for (size_t k = 0; k < n; k++)
		w->up[k] = (char)toupper((unsigned char)name[k]);
	w->up[n] = '\0';
	while (i < n && w->n < MAX_WORDS) {
		while (i < n && !isalnum((unsigned char)name[i]))
			i++;
		if (i >= n)
			break;
		size_t s = i++;
		while (i < n && isalnum((unsigned char)name[i]) &&
		       !(isupper((unsigned char)name[i]) && islower((unsigned char)name[i - 1])))
			i++;
		w->start[w->n] = s;
		w->len[w->n] = i - s;
		w->n++;
	}
}

static bool word_is(const struct words *w, size_t i, const char *s)
{
	return i < w->n && w->len[i] == strlen(s) && memcmp(w->up + w->start[i], s, w->len[i]) == 0;
}

bool vg_check_secret_name(const char *name, size_t n)
{
	/* stems that are secrets wherever they appear */
	static const char *const stems[] = {
		"PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "APIKEY", "AUTHTOKEN",
		"ACCESSTOKEN", "APITOKEN", "SECRETKEY", "PRIVATEKEY", "ACCESSKEY", NULL,
	};
	/* whole words */
	static const char *const single[] = { "SECRET", "SECRETS", "TOKEN", "TOKENS", NULL };
	/* two-word sequences */
	static const char *const pairs[][2] = {
		{ "API", "KEY" }, { "ACCESS", "KEY" }, { "PRIVATE", "KEY" }, { "AUTH", "KEY" },
		{ "SIGNING", "KEY" }, { "ENCRYPTION", "KEY" },
	};
	/* last words naming a reference, a switch or a size rather than the value */
	static const char *const benign_last[] = {
		"FILE", "PATH", "DIR", "URL", "ENABLED", "LENGTH", "TTL", "TIMEOUT", NULL,
	};
	struct words w;

	if (!name || n == 0 || n >= MAX_NAME)
		return false;
	split(name, n, &w);
	if (w.n == 0)
		return false;
	for (const char *const *b = benign_last; *b; b++)
		if (word_is(&w, w.n - 1, *b))
			return false;
	if (w.n >= 2 && word_is(&w, w.n - 1, "NAME") && word_is(&w, w.n - 2, "SECRET"))
		return false;
	for (const char *const *s = stems; *s; s++)
		if (strstr(w.up, *s))
			return true;
	for (size_t i = 0; i < w.n; i++) {
		for (const char *const *s = single; *s; s++)
			if (word_is(&w, i, *s))
				return true;
		for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++)
			if (word_is(&w, i, pairs[p][0]) && word_is(&w, i + 1, pairs[p][1]))
				return true;
	}
	return false;
}
