/*
 * keys.c: key names, Ed25519 signing keys, signatures and C2SP signed-note
 * verifier keys.  Key files are in keyfile.c.
 */
#include "crypto/internal.h"

#include <stdio.h>
#include <string.h>


/* ---- key names ----------------------------------------------------------- */

/*
 * Decode the UTF-8 sequence at s[*i] into *cp and advance *i.  -1 for a
 * malformed, truncated or overlong sequence, a surrogate or a code point
 * past U+10FFFF.
 */
static int utf8_next(const unsigned char *s, size_t len, size_t *i,
		     uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned char b = s[*i];
	uint32_t c;
	size_t n, k;

	if (b < 0x80) {
		n = 1;
		c = b;
	} else if ((b & 0xe0) == 0xc0) {
		n = 2;
		c = b & 0x1f;
	} else if ((b & 0xf0) == 0xe0) {
		n = 3;
		c = b & 0x0f;
	} else if ((b & 0xf8) == 0xf0) {
		n = 4;
		c = b & 0x07;
	} else {
		return -1;
	}
	if (len - *i < n)
		return -1;
	for (k = 1; k < n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[*i + k] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*i += n;
	*cp = c;
	return 0;
}

/* Unicode White_Space, the set Go's unicode.IsSpace (and so the C2SP note
 * reference code) refuses in key names. */
static int is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

/* C0, DEL and C1 controls. */
static int is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

int cl_keyname_valid(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len, i = 0;
	uint32_t c;

	if (name == NULL)
		return 0;
	len = strnlen(name, CL_KEYNAME_MAX + 1);
	if (len == 0 || len > CL_KEYNAME_MAX)
		return 0;
	while (i < len) {
		if (utf8_next(s, len, &i, &c) != 0)
			return 0;
		if (c == '+' || is_space(c) || is_control(c))
			return 0;
	}
	return 1;
}

/* ---- signing keys -------------------------------------------------------- */

static int bad_name(cl_error *err)
{
	return cl_error_set(err, CL_EINPUT,
			    "invalid key name: want 1 to %d bytes of UTF-8 "
			    "with no '+', white space or control character",
			    CL_KEYNAME_MAX);
}

int cl_seckey_from_seed(const char *name, const unsigned char seed[CL_SEED_BYTES],
			cl_seckey **out, cl_error *err)
{
	cl_seckey *k;

	*out = NULL;
	if (!cl_keyname_valid(name))
		return bad_name(err);
	k = cl_secure_alloc(sizeof *k);
	if (k == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of secure memory");
	memcpy(k->seed, seed, CL_SEED_BYTES);
	crypto_sign_seed_keypair(k->pk, k->sk, k->seed);
	memset(k->name, 0, sizeof k->name);
	memcpy(k->name, name, strlen(name));
	*out = k;
	return CL_OK;
}

int cl_seckey_generate(const char *name, cl_seckey **out, cl_error *err)
{
	unsigned char *seed;
	int rc;

	*out = NULL;
	if (!cl_keyname_valid(name))
		return bad_name(err);
	seed = cl_secure_alloc(CL_SEED_BYTES);
	if (seed == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of secure memory");
	cl_random(seed, CL_SEED_BYTES);
	rc = cl_seckey_from_seed(name, seed, out, err);
	cl_secure_free(seed);
	return rc;
}

int cl_seckey_rename(const cl_seckey *k, const char *name, cl_seckey **out,
		     cl_error *err)
{
	return cl_seckey_from_seed(name, k->seed, out, err);
}

void cl_seckey_free(cl_seckey *k)
{
	cl_secure_free(k);
}

const char *cl_seckey_name(const cl_seckey *k)
{
	return k->name;
}

const unsigned char *cl_seckey_pubkey(const cl_seckey *k)
{
	return k->pk;
}

const unsigned char *cl_seckey_seed(const cl_seckey *k)
{
	return k->seed;
}

/* ---- signatures ------------------------------------------------------------ */

void cl_sign(const cl_seckey *k, unsigned char sig[CL_SIG_BYTES],
	     const void *msg, size_t len)
{
	static const unsigned char empty[1];

	crypto_sign_detached(sig, NULL, len ? msg : empty, len, k->sk);
}

int cl_verify(const unsigned char pk[CL_PUBKEY_BYTES],
	      const unsigned char sig[CL_SIG_BYTES], const void *msg, size_t len)
{
	static const unsigned char empty[1];

	return crypto_sign_verify_detached(sig, len ? msg : empty, len, pk) == 0;
}

/* ---- C2SP verifier keys ------------------------------------------------------ */

uint32_t cl_note_keyid(const char *name, const unsigned char pk[CL_PUBKEY_BYTES])
{
	return cl_note_keyid_type(name, CL_SIGTYPE_ED25519, pk);
}

uint32_t cl_note_keyid_type(const char *name, unsigned char type,
			    const unsigned char pk[CL_PUBKEY_BYTES])
{
	const unsigned char sep[2] = { '\n', type };
	unsigned char h[CL_HASH_BYTES];
	cl_sha256_ctx ctx;

	cl_sha256_init(&ctx);
	cl_sha256_update(&ctx, name, strlen(name));
	cl_sha256_update(&ctx, sep, sizeof sep);
	cl_sha256_update(&ctx, pk, CL_PUBKEY_BYTES);
	cl_sha256_final(&ctx, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	       (uint32_t)h[2] << 8 | (uint32_t)h[3];
}

void cl_vkey_format(char *out, const char *name,
		    const unsigned char pk[CL_PUBKEY_BYTES])
{
	cl_vkey_format_type(out, name, CL_SIGTYPE_ED25519, pk);
}

void cl_vkey_format_type(char *out, const char *name, unsigned char type,
			 const unsigned char pk[CL_PUBKEY_BYTES])
{
	unsigned char key[1 + CL_PUBKEY_BYTES];
	char b64[sizeof key / 3 * 4 + 1];
	uint32_t id = cl_note_keyid_type(name, type, pk);

	key[0] = type;
	memcpy(key + 1, pk, CL_PUBKEY_BYTES);
	cl_b64_encode(b64, key, sizeof key);
	snprintf(out, CL_VKEY_MAX, "%s+%08lx+%s", name, (unsigned long)id, b64);
}

/*
 * Exactly CL_KEYID_HEX lowercase hex digits at `s` into *id.  Only the form
 * cl_vkey_format and the Go reference write is accepted, so that each key
 * has one text.
 */
static int keyid_parse(const char *s, uint32_t *id)
{
	unsigned char b[CL_KEYID_HEX / 2];
	size_t i;

	for (i = 0; i < CL_KEYID_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return CL_EINPUT;
	if (cl_hex_decode(b, sizeof b, s, CL_KEYID_HEX) != CL_OK)
		return CL_EINPUT;
	*id = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	      (uint32_t)b[2] << 8 | (uint32_t)b[3];
	return CL_OK;
}

int cl_keyline_split(const char *s, size_t len, char name[CL_KEYNAME_MAX + 1],
		     uint32_t *id, size_t *key_off, cl_error *err)
{
	const char *plus;
	size_t name_len, off;

	/* The name has no '+' but the base64 key may: split on the first two. */
	plus = memchr(s, '+', len);
	if (plus == NULL || memchr(s, '\0', len) != NULL)
		return cl_error_set(err, CL_EINPUT, "want name+keyid+key");
	name_len = (size_t)(plus - s);
	off = name_len + 1 + CL_KEYID_HEX + 1;
	if (name_len > CL_KEYNAME_MAX || off > len || s[off - 1] != '+')
		return cl_error_set(err, CL_EINPUT, "want name+keyid+key");
	memcpy(name, s, name_len);
	name[name_len] = '\0';
	if (!cl_keyname_valid(name))
		return bad_name(err);
	if (keyid_parse(s + name_len + 1, id) != CL_OK)
		return cl_error_set(err, CL_EINPUT,
				    "key id is not 8 lowercase hex digits");
	*key_off = off;
	return CL_OK;
}

int cl_vkey_parse(const char *line, size_t len, char name[CL_KEYNAME_MAX + 1],
		  unsigned char pk[CL_PUBKEY_BYTES], cl_error *err)
{
	return cl_vkey_parse_type(line, len, CL_SIGTYPE_ED25519, name, pk, err);
}

int cl_vkey_parse_type(const char *line, size_t len, unsigned char type,
		       char name[CL_KEYNAME_MAX + 1],
		       unsigned char pk[CL_PUBKEY_BYTES], cl_error *err)
{
	char n[CL_KEYNAME_MAX + 1];
	unsigned char key[1 + CL_PUBKEY_BYTES];
	size_t key_off, key_len;
	uint32_t id;
	int rc;

	if (len >= CL_VKEY_MAX)
		return cl_error_set(err, CL_EINPUT,
				    "not a verifier key: too long");
	rc = cl_keyline_split(line, len, n, &id, &key_off, err);
	if (rc != CL_OK) {
		/* cl_error_prefix returns CL_OK for a NULL err: keep rc. */
		cl_error_prefix(err, "not a verifier key");
		return rc;
	}
	if (cl_b64_decode(key, sizeof key, &key_len, line + key_off,
			  len - key_off) != CL_OK ||
	    key_len != sizeof key)
		return cl_error_set(err, CL_EINPUT, "verifier key: key is not "
				    "base64 of 33 bytes");
	if (key[0] != type && type == CL_SIGTYPE_ED25519 &&
	    key[0] == CL_SIGTYPE_COSIG)
		return cl_error_set(err, CL_EINPUT, "verifier key: type 4 is a "
				    "witness's cosignature key, not a signing "
				    "key (1)");
	if (key[0] != type && type == CL_SIGTYPE_ED25519)
		return cl_error_set(err, CL_EINPUT, "verifier key: algorithm "
				    "%u is not Ed25519 (1)", key[0]);
	if (key[0] != type && type == CL_SIGTYPE_COSIG)
		return cl_error_set(err, CL_EINPUT, "verifier key: type %u is "
				    "not a witness's cosignature key (4; "
				    "keygen --witness makes one)", key[0]);
	if (key[0] != type)
		return cl_error_set(err, CL_EINPUT, "verifier key: type %u is "
				    "not %u", key[0], type);
	if (cl_note_keyid_type(n, type, key + 1) != id)
		return cl_error_set(err, CL_EINPUT, "verifier key: key id "
				    "%08lx does not match the name and key",
				    (unsigned long)id);
	memcpy(name, n, strlen(n) + 1);
	memcpy(pk, key + 1, CL_PUBKEY_BYTES);
	return CL_OK;
}
