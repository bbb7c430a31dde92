/*
 * crypto.c: set-up, SHA-256, encodings, secure memory and randomness, all
 * thin wrappers over libsodium (and nettle for SHA-256) so that no other
 * layer includes either.
 */
#include "crypto/internal.h"

#include <stddef.h>
#include <string.h>

/*
 * SHA-256 is nettle's: Debian's libnettle picks the CPU's SHA extensions
 * (SHA-NI) at run time, about 6x libsodium's portable code on short
 * messages (0.5 against 3.5 us for a 600-byte body, 0.12 against 0.7 us
 * for a Merkle node), and every id, leaf and node is a SHA-256
 * (tests/crypto_test.c checks every length 0..299 and the FIPS long
 * message against hashlib's digests).  cl_sha256_ctx is plain storage
 * for nettle's state.
 */
_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((cl_sha256_ctx *)0)->opaque),
	       "struct sha256_ctx does not fit cl_sha256_ctx");
_Static_assert(_Alignof(struct sha256_ctx) <= _Alignof(cl_sha256_ctx),
	       "struct sha256_ctx needs more alignment than cl_sha256_ctx");

/* cl_secure_alloc rounds sizes up to this so that what it returns is
 * aligned for any type (sodium_malloc puts the block against a guard page,
 * so its start is only as aligned as its size). */
#define SECURE_ALIGN _Alignof(max_align_t)

int cl_crypto_init(void)
{
	/* 0 the first time, 1 when already done, -1 on failure. */
	if (sodium_init() < 0)
		return CL_EIO;
	return CL_OK;
}

/* ---- hashing ----------------------------------------------------------- */

void cl_sha256(unsigned char out[CL_HASH_BYTES], const void *data, size_t len)
{
	struct sha256_ctx st;

	sha256_init(&st);
	sha256_update(&st, len, data);
	sha256_digest(&st, CL_HASH_BYTES, out);
}

/*
 * The state is copied in and out with memcpy rather than by casting the
 * opaque array, which would break the strict aliasing rule.
 */
void cl_sha256_init(cl_sha256_ctx *ctx)
{
	struct sha256_ctx st;

	sha256_init(&st);
	memset(ctx, 0, sizeof *ctx);
	memcpy(ctx->opaque, &st, sizeof st);
}

void cl_sha256_update(cl_sha256_ctx *ctx, const void *data, size_t len)
{
	struct sha256_ctx st;

	memcpy(&st, ctx->opaque, sizeof st);
	sha256_update(&st, len, data);
	memcpy(ctx->opaque, &st, sizeof st);
}

void cl_sha256_final(cl_sha256_ctx *ctx, unsigned char out[CL_HASH_BYTES])
{
	struct sha256_ctx st;

	memcpy(&st, ctx->opaque, sizeof st);
	sha256_digest(&st, CL_HASH_BYTES, out);
	memcpy(ctx->opaque, &st, sizeof st);
}

void cl_prf(unsigned char out[CL_PRF_BYTES], const unsigned char key[CL_PRF_KEY_BYTES],
	    const void *data, size_t len)
{
	/* Only fails for sizes outside BLAKE2b's range, which these are not. */
	(void)crypto_generichash(out, CL_PRF_BYTES, data, len, key, CL_PRF_KEY_BYTES);
}

/* ---- encodings ----------------------------------------------------------- */

size_t cl_b64_len(size_t n)
{
	return sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
}

void cl_b64_encode(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2base64(out, cl_b64_len(n), in, n,
			  sodium_base64_VARIANT_ORIGINAL);
}

/*
 * With no `ignore` set and no end pointer, libsodium refuses any character
 * outside the alphabet, missing or extra padding, non-zero leftover bits
 * (non-canonical text) and anything after the padding.
 */
int cl_b64_decode(unsigned char *out, size_t cap, size_t *out_len,
		  const char *in, size_t in_len)
{
	size_t n = 0;

	if (sodium_base642bin(out, cap, in, in_len, NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return CL_EINPUT;
	if (out_len != NULL)
		*out_len = n;
	return CL_OK;
}

void cl_hex_encode(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

int cl_hex_decode(unsigned char *out, size_t n, const char *in, size_t in_len)
{
	size_t got = 0;

	if (n > SIZE_MAX / 2 || in_len != 2 * n)
		return CL_EINPUT;
	if (sodium_hex2bin(out, n, in, in_len, NULL, &got, NULL) != 0 ||
	    got != n)
		return CL_EINPUT;
	return CL_OK;
}

/* ---- memory ---------------------------------------------------------------- */

int cl_memeq(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void cl_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

void *cl_secure_alloc(size_t n)
{
	size_t rounded;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - SECURE_ALIGN)
		return NULL;
	rounded = (n + SECURE_ALIGN - 1) / SECURE_ALIGN * SECURE_ALIGN;
	return sodium_malloc(rounded);
}

/* sodium_free zeroes the block before it unmaps it. */
void cl_secure_free(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

void cl_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}
