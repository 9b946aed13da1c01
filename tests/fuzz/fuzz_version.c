/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_version.c - version comparison in every scheme. The input is two versions separated by
 * the first newline or NUL byte (the second ends at the next NUL). For each scheme: no crash
 * and no read past either string (the replay driver passes exact-size buffers), results are
 * -1/0/1, compare(a, b) == -compare(b, a), compare(a, a) == 0, errors only where the scheme
 * rejects a version (SemVer) and symmetric. apk's fuzzy comparison is exercised too. Any
 * violation abort()s.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/version.h"
#include "vulndb/version_internal.h"

static char *dup_range(const uint8_t *p, size_t n)
{
	const uint8_t *nul = memchr(p, 0, n);
	if (nul)
		n = (size_t)(nul - p);
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static void check(enum vg_version_scheme s, const char *a, const char *b)
{
	int ab = 2, ba = 2, aa = 2;
	int rab = vg_version_compare(s, a, b, &ab);
	int rba = vg_version_compare(s, b, a, &ba);
	int raa = vg_version_compare(s, a, a, &aa);
	bool va = vg_version_valid(s, a), vb = vg_version_valid(s, b);

	if ((rab < 0) != (rba < 0))
		abort(); /* errors must not depend on the order */
	if (rab == 0 && (ab < -1 || ab > 1 || ab != -ba))
		abort(); /* antisymmetry */
	if (raa == 0 && aa != 0)
		abort(); /* reflexivity */
	if (s == VG_VERSION_SEMVER && ((rab == 0) != (va && vb) || (raa == 0) != va))
		abort(); /* SemVer compares exactly the valid versions */
	if (s != VG_VERSION_SEMVER && s != VG_VERSION_UNKNOWN && (rab < 0 || raa < 0))
		abort(); /* the other schemes order every string */
	if (rab < 0 && rab != -EINVAL && rab != -ENOMEM)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t k = 0;
	while (k < size && data[k] != '\n' && data[k] != '\0')
		k++;
	char *a = dup_range(data, k);
	char *b = dup_range(data + (k < size ? k + 1 : size), k < size ? size - k - 1 : 0);

	for (int s = VG_VERSION_UNKNOWN; s <= VG_VERSION_MAVEN; s++)
		check((enum vg_version_scheme)s, a, b);
	int f = vg_ver_apk_cmp_fuzzy(a, b, true);
	if (f < -1 || f > 1 || vg_ver_apk_cmp_fuzzy(a, a, true) != 0)
		abort();
	(void)vg_version_scheme_for(a);
	free(a);
	free(b);
	return 0;
}
