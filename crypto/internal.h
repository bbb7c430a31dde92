/*
 * crypto/internal.h: what the files of crypto/ share and nobody else sees.
 *
 * Only the .c files of crypto/ include this (and with it <sodium.h> and
 * nettle's <nettle/sha2.h>).
 */
#ifndef CL_CRYPTO_INTERNAL_H
#define CL_CRYPTO_INTERNAL_H

#include <nettle/sha2.h>
#include <sodium.h>

#include "crypto/crypto.h"

#define CL_ALG_ED25519 0x01  /* the C2SP signed-note algorithm byte */
#define CL_KEYID_HEX 8       /* hex digits of a key id */

/*
 * The one secret-key type, always in cl_secure_alloc memory.  Only byte
 * arrays, so that the struct needs no alignment beyond 1.
 */
struct cl_seckey {
	unsigned char seed[CL_SEED_BYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];  /* seed || pk */
	unsigned char pk[CL_PUBKEY_BYTES];
	char name[CL_KEYNAME_MAX + 1];
};

/* The seed of `k`, for writing a key file; valid while `k` lives. */
const unsigned char *cl_seckey_seed(const cl_seckey *k);

/*
 * Split "<name>+<keyid>+<key>" (`len` bytes at `s`, the key base64 and
 * possibly holding '+'): check the name (into `name`, NUL-ended) and the
 * 8 lowercase hex digits of the key id (into *id), and give the offset of
 * the key text in *key_off.  CL_EINPUT with a message otherwise.
 */
int cl_keyline_split(const char *s, size_t len, char name[CL_KEYNAME_MAX + 1],
		     uint32_t *id, size_t *key_off, cl_error *err);

#endif
