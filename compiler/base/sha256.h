/*
 * sha256.h - SHA-256 (FIPS 180-4), self-contained.
 *
 * Used for revision checksums and the digest of a revision set, so the
 * result must be bit-exact with every other SHA-256 (sha256sum).  No
 * allocation, no globals; a context may be reused after sha256_init().
 */
#ifndef MIGC_SHA256_H
#define MIGC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32

struct sha256_ctx {
	uint32_t state[8];
	uint64_t bit_len;	/* total message length so far, in bits */
	unsigned char block[64];
	size_t block_len;	/* bytes buffered in `block` */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Writes the 32-byte digest; the context must be re-initialised to reuse. */
void sha256_final(struct sha256_ctx *ctx, unsigned char out[SHA256_DIGEST_LEN]);

/* One-shot digest of `data` as 64 lower-case hex digits plus a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
