/*
 * crypto.c: set-up, SHA-256, encodings, secure memory and randomness, all
 * thin wrappers over libsodium so that no other layer includes it.
 */
#include "crypto/internal.h"

#include <stddef.h>
#include <string.h>

/* cl_sha256_ctx is plain storage for libsodium's state; make sure it fits. */
_Static_assert(sizeof(crypto_hash_sha256_state) <=
		       sizeof(((cl_sha256_ctx *)0)->opaque),
	       "crypto_hash_sha256_state does not fit cl_sha256_ctx");
_Static_assert(_Alignof(crypto_hash_sha256_state) <= _Alignof(cl_sha256_ctx),
	       "crypto_hash_sha256_state needs more alignment than cl_sha256_ctx");

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
	crypto_hash_sha256(out, data, len);
}

/*
 * The state is copied in and out with memcpy rather than by casting the
 * opaque array, which would break the strict aliasing rule.
 */
void cl_sha256_init(cl_sha256_ctx *ctx)
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	memset(ctx, 0, sizeof *ctx);
	memcpy(ctx->opaque, &st, sizeof st);
}

void cl_sha256_update(cl_sha256_ctx *ctx, const void *data, size_t len)
{
	crypto_hash_sha256_state st;

	memcpy(&st, ctx->opaque, sizeof st);
	crypto_hash_sha256_update(&st, data, len);
	memcpy(ctx->opaque, &st, sizeof st);
}

void cl_sha256_final(cl_sha256_ctx *ctx, unsigned char out[CL_HASH_BYTES])
{
	crypto_hash_sha256_state st;

	memcpy(&st, ctx->opaque, sizeof st);
	crypto_hash_sha256_final(&st, out);
	memcpy(ctx->opaque, &st, sizeof st);
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
