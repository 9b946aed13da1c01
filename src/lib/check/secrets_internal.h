/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check/secrets_internal.h - the secret scanner's matching core (secrets.c), shared by the
 * file scanner (vg_secrets_scan), the manifest and Dockerfile value scanners
 * (manifest_secrets.c, dockerfile_secrets.c) and the Vault/CSI checks.
 */
#ifndef VG_CHECK_SECRETS_INTERNAL_H
#define VG_CHECK_SECRETS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/check.h"
#include "vigil/dockerfile.h"
#include "vigil/k8s.h"
#include "vigil/report.h"

/* One secret: rule index (0 = VG-SEC-001) and the byte range of the secret itself; for
 * VG-SEC-019 also the range of the secret-like key it is assigned to (else both 0). */
struct vg_secret_hit {
	uint32_t rule;
	size_t start, end;
	size_t key_start, key_end;
};

/* Every confirmed secret in @data starting at or after @from, in start order, overlaps
 * resolved for the most specific rule. *ret (free()) and *ret_n; 0 or -ENOMEM/-EINVAL. */
int vg_secrets_find(const struct vg_secrets *s, const unsigned char *data, size_t len, size_t from,
		    struct vg_secret_hit **ret, size_t *ret_n) __attribute__((warn_unused_result));

size_t vg_secrets_rule_count(void);
const struct vg_check_info *vg_secrets_rule_check(size_t rule);

/* "<title> found: <masked> (<n> characters)": the only form in which a secret is shown.
 * VG-SEC-019 (which has no key here) says what matched instead: "Literal value assigned to a
 * secret-like key: <masked> (<n> characters, entropy <e> bits/char)". */
void vg_secrets_message(size_t rule, const unsigned char *secret, size_t len, char *out,
			size_t cap);
/* The message for hit @h of @data: vg_secrets_message(), with VG-SEC-019 naming its key
 * ("... assigned to secret-like key DB_PASSWORD: ..."). */
void vg_secrets_hit_message(const unsigned char *data, const struct vg_secret_hit *h, char *out,
			    size_t cap);

/* 1-based line and column (UTF-8 characters) of byte @off of @data. */
void vg_secrets_position(const unsigned char *data, size_t off, uint32_t *line, uint32_t *col);

/* A NUL byte in the first 8 KiB. */
bool vg_secrets_is_binary(const unsigned char *data, size_t len);

/* Shannon entropy of @s in bits per byte. */
double vg_secrets_entropy(const unsigned char *s, size_t n);

/* VG-SEC-019's value test: >= 8 bytes, not a placeholder/reference/path/URL, an upper-case
 * letter or a digit, two character classes, entropy >= 3.0 bits per character. */
bool vg_secrets_generic_value_ok(const unsigned char *v, size_t n);

/* ---- manifests (manifest_secrets.c) ------------------------------------------------------ */

/* Per-scan state: the SecretProviderClasses of the scanned set and the value nodes a VG-SEC
 * rule reported (so that VG-K8S-022 does not report them again). */
struct vg_msecrets;

int vg_msecrets_new(const struct vg_secrets *s, struct vg_msecrets **ret)
	__attribute__((warn_unused_result));
void vg_msecrets_free(struct vg_msecrets *m);

/* The source text of the input whose objects are checked next (NULL: unknown), for exact
 * positions inside literal block scalars. Borrowed. */
void vg_msecrets_set_source(struct vg_msecrets *m, const char *src, size_t len);

/* Pass 1: remember @obj when it is a SecretProviderClass. */
int vg_msecrets_collect(struct vg_msecrets *m, const struct vg_k8s_object *obj)
	__attribute__((warn_unused_result));

/* Pass 2: the VG-SEC rules over the object's string values (Secret data base64-decoded) and
 * the Vault agent / secrets-store CSI checks. */
int vg_msecrets_check(struct vg_msecrets *m, const struct vg_k8s_object *obj,
		      struct vg_report *report) __attribute__((warn_unused_result));

/* `vigil scan --secrets`: the VG-SEC rules over a document that is not a Kubernetes object. */
int vg_msecrets_check_doc(struct vg_msecrets *m, const struct vg_doc *doc,
			  struct vg_report *report) __attribute__((warn_unused_result));

/* True when a VG-SEC finding was raised on @value (a VG-K8S-022 callback). */
bool vg_msecrets_reported(const struct vg_node *value, void *m);

/* ---- Dockerfiles (dockerfile_secrets.c) ---------------------------------------------------- */

/* The VG-SEC rules over the raw text of the Dockerfile @df parsed from @buf: exact lines and
 * columns, path = the instruction holding the line; "ENV KEY value" (legacy form) is also
 * matched as KEY=value. *ret_lines (free()) lists the lines that have a finding (for
 * VG-DF-019/VG-DF-034, which do not report those again). */
int vg_dockerfile_secrets(const struct vg_secrets *s, const struct vg_dockerfile *df,
			  const char *file, const char *buf, size_t len, struct vg_report *report,
			  uint32_t **ret_lines, size_t *ret_nlines) __attribute__((warn_unused_result));

/* vg_check_dockerfile() that also runs the VG-SEC rules when @secrets is not NULL. */
int vg_check_dockerfile_secrets(const char *file, const char *buf, size_t len,
				const struct vg_secrets *secrets, struct vg_report *report)
	__attribute__((warn_unused_result));

#endif
