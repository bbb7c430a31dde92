/*
 * crypto.h: the only door to libsodium (and to nettle, for SHA-256).
 *
 * Hashing (SHA-256, a keyed hash), Ed25519 keys and signatures, C2SP note
 * verifier keys, and the encodings, constant-time compare and secure
 * memory that libsodium already provides.  Nothing else in claimledger
 * includes <sodium.h> or nettle's headers.
 *
 * Call cl_crypto_init() once before anything else (it is idempotent).
 * Errors follow base/error.h: CL_OK or a negative CL_E* code, with a
 * one-line message in `err` when one is given.
 */
#ifndef CL_CRYPTO_H
#define CL_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define CL_HASH_BYTES 32     /* SHA-256 */
#define CL_PUBKEY_BYTES 32   /* Ed25519 public key */
#define CL_SEED_BYTES 32     /* Ed25519 seed: the secret a key file holds */
#define CL_SIG_BYTES 64      /* Ed25519 signature */
#define CL_KEYNAME_MAX 128   /* bytes in a key name, not counting the NUL */
/* name + '+' + 8 hex + '+' + base64(33 bytes) + NUL */
#define CL_VKEY_MAX (CL_KEYNAME_MAX + 1 + 8 + 1 + 44 + 1)

/* ---- set-up ---------------------------------------------------------- */

/* Initialise libsodium.  CL_OK, or CL_EIO if it cannot start. */
int cl_crypto_init(void);

/* ---- hashing --------------------------------------------------------- */

/* One-shot SHA-256 of `len` bytes. Cannot fail. */
void cl_sha256(unsigned char out[CL_HASH_BYTES], const void *data, size_t len);

/* Incremental SHA-256.  The state is plain memory: copy it to fork a hash. */
typedef struct cl_sha256_ctx {
	_Alignas(16) unsigned char opaque[128];
} cl_sha256_ctx;
void cl_sha256_init(cl_sha256_ctx *ctx);
void cl_sha256_update(cl_sha256_ctx *ctx, const void *data, size_t len);
void cl_sha256_final(cl_sha256_ctx *ctx, unsigned char out[CL_HASH_BYTES]);

/*
 * A keyed hash: BLAKE2b-256 of `data` under a 32-byte `key` (libsodium's
 * crypto_generichash).  For whoever does not know the key it is a
 * pseudo-random function: verify draws a fresh key each run to compare
 * large sets by a sum of their members' hashes.  Cannot fail.
 */
#define CL_PRF_KEY_BYTES 32
#define CL_PRF_BYTES 32
void cl_prf(unsigned char out[CL_PRF_BYTES], const unsigned char key[CL_PRF_KEY_BYTES],
	    const void *data, size_t len);

/* ---- encodings (libsodium's, never hand-written) ---------------------- */

/* Bytes needed for the standard, padded base64 of `n` bytes, with the NUL. */
size_t cl_b64_len(size_t n);

/* Standard padded base64 of `in` into `out` (cl_b64_len(n) bytes), NUL-ended. */
void cl_b64_encode(char *out, const unsigned char *in, size_t n);

/*
 * Decode standard padded base64 `in` (exactly `in_len` chars, no spaces or
 * newlines) into `out` (capacity `cap`).  *out_len gets the byte count.
 * CL_EINPUT when the text is not canonical base64 (missing or extra
 * padding, non-zero unused bits, any byte outside the alphabet, anything
 * after the padding) or does not fit.  The empty text decodes to 0 bytes.
 */
int cl_b64_decode(unsigned char *out, size_t cap, size_t *out_len,
		  const char *in, size_t in_len);

/* Lowercase hex of `n` bytes into `out` (2n+1 bytes), NUL-ended. */
void cl_hex_encode(char *out, const unsigned char *in, size_t n);

/* Decode exactly 2n hex digits (either case) into `out` (n bytes).
 * CL_EINPUT when `in` is not exactly that. */
int cl_hex_decode(unsigned char *out, size_t n, const char *in, size_t in_len);

/* ---- memory ---------------------------------------------------------- */

/* Constant-time: 1 when the `n` bytes of a and b are equal, 0 otherwise. */
int cl_memeq(const void *a, const void *b, size_t n);

/* Zero `n` bytes in a way the compiler cannot skip. */
void cl_wipe(void *p, size_t n);

/* Guarded, locked memory for secrets (sodium_malloc); NULL when out of
 * memory.  `n` is rounded up to a multiple of _Alignof(max_align_t) so the
 * block is aligned for any type.  cl_secure_free wipes and frees; NULL is a
 * no-op. */
void *cl_secure_alloc(size_t n);
void cl_secure_free(void *p);

/* Fill `buf` with `n` random bytes. Cannot fail. */
void cl_random(void *buf, size_t n);

/* ---- Ed25519 signing keys -------------------------------------------- */

/*
 * A signing key: its name, seed, expanded secret and public key, all held in
 * secure memory.  Owned by the caller of the function that returned it and
 * released with cl_seckey_free(), which wipes it.
 */
typedef struct cl_seckey cl_seckey;

/*
 * A valid key name: 1..CL_KEYNAME_MAX bytes of UTF-8 with no '+', no
 * white space and no control character (so that it fits a C2SP verifier key
 * and a signed-note signature line).  1 when valid, 0 otherwise.
 */
int cl_keyname_valid(const char *name);

/* A new random key named `name`.  CL_EINPUT for a bad name, CL_ENOMEM.
 * *out is NULL on failure (true of every function here that returns a key). */
int cl_seckey_generate(const char *name, cl_seckey **out, cl_error *err);

/* The key whose seed is `seed` (test vectors and key files). */
int cl_seckey_from_seed(const char *name, const unsigned char seed[CL_SEED_BYTES],
			cl_seckey **out, cl_error *err);

/*
 * The same key under another name (a signed note is signed under the key
 * name its verifiers expect: a checkpoint under the ledger's origin).
 * *out is a new key owned by the caller.  CL_EINPUT for a bad name.
 */
int cl_seckey_rename(const cl_seckey *k, const char *name, cl_seckey **out,
		     cl_error *err);

/* Wipe and free. NULL is a no-op. */
void cl_seckey_free(cl_seckey *k);

/* The key's name and public key; valid while `k` lives. */
const char *cl_seckey_name(const cl_seckey *k);
const unsigned char *cl_seckey_pubkey(const cl_seckey *k);

/*
 * Write `k` to `path` (created O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600) and
 * its verifier key to "<path>.pub" (0644, same flags).  With a passphrase
 * (`pass`, `pass_len` bytes; NULL for none) the seed is encrypted with a key
 * from Argon2id (crypto_pwhash) and XChaCha20-Poly1305; see SPEC.md.
 * The modes are set with fchmod, whatever the umask; both files are
 * fsynced.  A symlink at either path counts as an existing file.
 * CL_EEXIST when either file exists (nothing is written), CL_EINPUT for an
 * empty passphrase (pass != NULL, pass_len == 0), CL_ENOMEM when Argon2id
 * cannot get its memory, CL_EIO otherwise.  On failure neither file is left
 * behind.
 */
int cl_seckey_save(const cl_seckey *k, const char *path, const char *pass,
		   size_t pass_len, cl_error *err);

/* cl_seckey_save with "<path>.pub" holding the verifier key of signature
 * type `type` (CL_SIGTYPE_COSIG: a witness's cosigner key); the secret key
 * file is the same whatever the type. */
int cl_seckey_save_type(const cl_seckey *k, const char *path,
			unsigned char type, const char *pass, size_t pass_len,
			cl_error *err);

/*
 * Read a secret key file.  Refused (CL_EKEY) when it is not a regular file,
 * is a symlink, is readable or writable by group or others, is larger than
 * 4 KiB, is not a claimledger key, or is encrypted and `pass` is NULL or
 * wrong.  CL_ENOTFOUND when missing.  The message names `path`.
 * `pass` is the exact passphrase bytes (the caller strips any newline) and
 * is ignored for a plain key file.  The file is one line with at most one
 * trailing "\n".  An encrypted file asking for more than 16 Argon2id passes
 * or 1 GiB of memory is refused before any key derivation.
 */
int cl_seckey_load(const char *path, const char *pass, size_t pass_len,
		   cl_seckey **out, cl_error *err);

/* Ed25519 signature of `len` bytes at `msg`. Cannot fail. */
void cl_sign(const cl_seckey *k, unsigned char sig[CL_SIG_BYTES],
	     const void *msg, size_t len);

/* 1 when `sig` is a valid Ed25519 signature of msg under `pk`, else 0. */
int cl_verify(const unsigned char pk[CL_PUBKEY_BYTES],
	      const unsigned char sig[CL_SIG_BYTES], const void *msg, size_t len);

/* ---- C2SP signed-note verifier keys ------------------------------------ */

/*
 * The C2SP signed-note signature types claimledger knows: 0x01, Ed25519
 * signatures of the note text (the owner's and editors' keys), and 0x04,
 * timestamped Ed25519 checkpoint cosignatures (c2sp.org/tlog-cosignature,
 * a witness's key).  The same Ed25519 key pair under either type has a
 * different key id and verifier key.
 */
#define CL_SIGTYPE_ED25519 0x01
#define CL_SIGTYPE_COSIG 0x04

/*
 * C2SP signed-note key id: the first 4 bytes, big-endian, of
 * SHA-256(name || "\n" || 0x01 || pk).
 */
uint32_t cl_note_keyid(const char *name, const unsigned char pk[CL_PUBKEY_BYTES]);

/* The same with signature type `type` (CL_SIGTYPE_*) in place of 0x01:
 * SHA-256(name || "\n" || type || pk)[:4], big-endian. */
uint32_t cl_note_keyid_type(const char *name, unsigned char type,
			    const unsigned char pk[CL_PUBKEY_BYTES]);

/* "<name>+<8 hex key id>+<base64(0x01 || pk)>" into out[CL_VKEY_MAX]. */
void cl_vkey_format(char *out, const char *name,
		    const unsigned char pk[CL_PUBKEY_BYTES]);

/* "<name>+<8 hex key id>+<base64(type || pk)>", the key id of that type
 * (cl_note_keyid_type), into out[CL_VKEY_MAX]. */
void cl_vkey_format_type(char *out, const char *name, unsigned char type,
			 const unsigned char pk[CL_PUBKEY_BYTES]);

/*
 * Parse a verifier key line (`len` bytes, no newline).  Fills name
 * (CL_KEYNAME_MAX+1 bytes) and pk.  CL_EINPUT when the shape, the name, the
 * algorithm byte (0x01) or the key id does not match; the key id must be 8
 * lowercase hex digits, as cl_vkey_format writes it.  name and pk are only
 * written on success.
 */
int cl_vkey_parse(const char *line, size_t len, char name[CL_KEYNAME_MAX + 1],
		  unsigned char pk[CL_PUBKEY_BYTES], cl_error *err);

/* cl_vkey_parse for a verifier key of signature type `type` (its first key
 * byte must be `type`, its key id that of cl_note_keyid_type). */
int cl_vkey_parse_type(const char *line, size_t len, unsigned char type,
		       char name[CL_KEYNAME_MAX + 1],
		       unsigned char pk[CL_PUBKEY_BYTES], cl_error *err);

/* Read a verifier key file (one line, a trailing newline allowed, at most
 * 1 KiB).  CL_ENOTFOUND, CL_EIO or CL_EINPUT, the message naming `path`. */
int cl_vkey_load(const char *path, char name[CL_KEYNAME_MAX + 1],
		 unsigned char pk[CL_PUBKEY_BYTES], cl_error *err);

/* cl_vkey_load of a verifier key of signature type `type`. */
int cl_vkey_load_type(const char *path, unsigned char type,
		      char name[CL_KEYNAME_MAX + 1],
		      unsigned char pk[CL_PUBKEY_BYTES], cl_error *err);

#endif
