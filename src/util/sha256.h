/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util/sha256.h - SHA-256 (FIPS 180-4), streaming and one-shot.
 *
 * Used for content-derived identifiers (SBOM serial numbers and SPDX IDs) and, later, for
 * checking image blob digests. Not constant-time; not for secrets.
 */
#ifndef VG_UTIL_SHA256_H
#define VG_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define VG_SHA256_LEN 32
#define VG_SHA256_HEX_LEN 64

struct vg_sha256 {
	uint32_t h[8];
	uint64_t bytes;          /* total input length */
	unsigned char buf[64];   /* pending partial block */
	size_t nbuf;
};

void vg_sha256_init(struct vg_sha256 *c);
void vg_sha256_update(struct vg_sha256 *c, const void *data, size_t len);
/* Write the digest to @out; @c must be re-initialised before reuse. */
void vg_sha256_final(struct vg_sha256 *c, unsigned char out[VG_SHA256_LEN]);

/* One-shot digest of @len bytes. */
void vg_sha256(const void *data, size_t len, unsigned char out[VG_SHA256_LEN]);

/* Lowercase hex of @d into @out (VG_SHA256_HEX_LEN characters and a NUL). */
void vg_sha256_hex(const unsigned char d[VG_SHA256_LEN], char out[VG_SHA256_HEX_LEN + 1]);

#endif
