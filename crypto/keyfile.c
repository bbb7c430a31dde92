/*
 * keyfile.c: secret key files (plain and passphrase-encrypted) and
 * verifier key files.  The byte formats are in SPEC.md ("Key files").
 *
 *   plain:     PRIVATE+KEY+<name>+<keyid>+<base64(0x01 || seed)>
 *   encrypted: CLAIMLEDGER+ENCRYPTED+KEY+<name>+<keyid>+<base64(blob)>
 *   public:    <name>+<keyid>+<base64(0x01 || pk)>
 *
 * each one line ending in "\n".  Everything that holds the seed, in any
 * encoding, lives in one secure-memory scratch block per call.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L  /* O_NOFOLLOW, O_CLOEXEC, strndup */
#endif

#include "crypto/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PLAIN_PREFIX "PRIVATE+KEY+"
#define ENC_PREFIX "CLAIMLEDGER+ENCRYPTED+KEY+"

#define KEYFILE_MAX 4096   /* bytes in a secret key file */
#define VKEYFILE_MAX 1024  /* bytes in a verifier key file */

/* The encrypted blob: alg || opslimit || memlimit || salt || nonce || ct. */
#define SALT_BYTES 16
#define NONCE_BYTES 24
#define TAG_BYTES 16
#define AEAD_KEY_BYTES 32
#define BLOB_OPS 1
#define BLOB_MEM (BLOB_OPS + 8)
#define BLOB_SALT (BLOB_MEM + 8)
#define BLOB_NONCE (BLOB_SALT + SALT_BYTES)
#define BLOB_CT (BLOB_NONCE + NONCE_BYTES)
#define BLOB_BYTES (BLOB_CT + CL_SEED_BYTES + TAG_BYTES)  /* 105 */

_Static_assert(SALT_BYTES == crypto_pwhash_argon2id_SALTBYTES, "salt size");
_Static_assert(NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	       "nonce size");
_Static_assert(TAG_BYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES,
	       "tag size");
_Static_assert(AEAD_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
	       "aead key size");

/*
 * Limits a key file may ask for.  Files we write use the libsodium
 * "interactive" pair (2 passes, 64 MiB); a hostile file must not make
 * cl_seckey_load spend more than 1 GiB or 16 passes over it.
 */
#define OPSLIMIT_MIN 1
#define OPSLIMIT_MAX 16
#define MEMLIMIT_MIN 8192
#define MEMLIMIT_MAX (UINT64_C(1) << 30)

_Static_assert(OPSLIMIT_MIN >= crypto_pwhash_argon2id_OPSLIMIT_MIN, "ops min");
_Static_assert(MEMLIMIT_MIN >= crypto_pwhash_argon2id_MEMLIMIT_MIN, "mem min");

/*
 * The secret scratch of one save or load, in secure memory and freed
 * (wiped) on every path.  Byte arrays only: no alignment needed.
 */
struct key_scratch {
	char line[KEYFILE_MAX + 1];   /* the key file text */
	unsigned char blob[BLOB_BYTES];  /* its decoded key field */
	unsigned char aead_key[AEAD_KEY_BYTES];
	unsigned char seed[CL_SEED_BYTES];
};

_Static_assert(sizeof ENC_PREFIX - 1 + CL_KEYNAME_MAX + 1 + CL_KEYID_HEX + 1 +
		       (BLOB_BYTES + 2) / 3 * 4 + 1 < KEYFILE_MAX,
	       "the longest key line fits a key file");

/* ---- small helpers ---------------------------------------------------------- */

static void put_be64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* "<prefix><name>+<keyid>+" into out; its length. */
static size_t header_build(char *out, size_t cap, const char *prefix,
			   const cl_seckey *k)
{
	const char *name = cl_seckey_name(k);
	uint32_t id = cl_note_keyid(name, cl_seckey_pubkey(k));

	return (size_t)snprintf(out, cap, "%s%s+%08lx+", prefix, name,
				(unsigned long)id);
}

/* crypto_pwhash fails only when it cannot allocate `mem` bytes (the limits
 * are range-checked before) or for an absurd passphrase length. */
static int key_derive(unsigned char key[AEAD_KEY_BYTES], const char *pass,
		      size_t pass_len, const unsigned char salt[SALT_BYTES],
		      uint64_t ops, uint64_t mem, cl_error *err)
{
	if (pass_len > crypto_pwhash_argon2id_PASSWD_MAX ||
	    crypto_pwhash(key, AEAD_KEY_BYTES, pass, pass_len, salt,
			  (unsigned long long)ops, (size_t)mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return cl_error_set(err, CL_ENOMEM, "cannot derive a key from "
				    "the passphrase: out of memory");
	return CL_OK;
}

/* ---- writing --------------------------------------------------------------- */

/* The plain key line of `k`, with its newline, into s->line. */
static size_t line_plain(const cl_seckey *k, struct key_scratch *s)
{
	size_t len;

	len = header_build(s->line, sizeof s->line, PLAIN_PREFIX, k);
	s->blob[0] = CL_ALG_ED25519;
	memcpy(s->blob + 1, cl_seckey_seed(k), CL_SEED_BYTES);
	cl_b64_encode(s->line + len, s->blob, 1 + CL_SEED_BYTES);
	len = strlen(s->line);
	s->line[len++] = '\n';
	s->line[len] = '\0';
	return len;
}

/*
 * The encrypted key line of `k` into s->line.  The header (everything
 * before the base64 field) is the AEAD's associated data, so that a name or
 * key id edited in the file makes decryption fail.
 */
static int line_encrypted(const cl_seckey *k, const char *pass, size_t pass_len,
			  struct key_scratch *s, size_t *line_len, cl_error *err)
{
	const uint64_t ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
	const uint64_t mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
	unsigned char *b = s->blob;
	size_t len;
	int rc;

	len = header_build(s->line, sizeof s->line, ENC_PREFIX, k);
	b[0] = CL_ALG_ED25519;
	put_be64(b + BLOB_OPS, ops);
	put_be64(b + BLOB_MEM, mem);
	cl_random(b + BLOB_SALT, SALT_BYTES);
	cl_random(b + BLOB_NONCE, NONCE_BYTES);
	rc = key_derive(s->aead_key, pass, pass_len, b + BLOB_SALT, ops, mem,
			err);
	if (rc != CL_OK)
		goto out;
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		b + BLOB_CT, NULL, cl_seckey_seed(k), CL_SEED_BYTES,
		(const unsigned char *)s->line, len, NULL, b + BLOB_NONCE,
		s->aead_key);
	cl_b64_encode(s->line + len, b, BLOB_BYTES);
	len = strlen(s->line);
	s->line[len++] = '\n';
	s->line[len] = '\0';
	*line_len = len;
out:
	return rc;
}

/*
 * Create `path` exclusively, never through a symlink, with exactly `mode`
 * (fchmod because the umask may have taken bits off).  *fd is set as soon
 * as the file exists, even when an error follows, so the caller can
 * remove it.
 */
static int file_create(const char *path, mode_t mode, int *fd, cl_error *err)
{
	*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		   mode);
	if (*fd < 0 && errno == EEXIST)
		return cl_error_set(err, CL_EEXIST, "'%s' already exists", path);
	if (*fd < 0)
		return cl_error_set(err, CL_EIO, "cannot create '%s': %s", path,
				    strerror(errno));
	if (fchmod(*fd, mode) != 0)
		return cl_error_set(err, CL_EIO, "cannot chmod '%s': %s", path,
				    strerror(errno));
	return CL_OK;
}

/* Write all of buf, flush it to disk and close *fd (set to -1). */
static int file_finish(int *fd, const char *path, const char *buf, size_t len,
		       cl_error *err)
{
	ssize_t n;
	int rc;

	while (len > 0) {
		n = write(*fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cl_error_set(err, CL_EIO, "cannot write '%s': %s",
					    path, strerror(errno));
		buf += n;
		len -= (size_t)n;
	}
	if (fsync(*fd) != 0)
		return cl_error_set(err, CL_EIO, "cannot sync '%s': %s", path,
				    strerror(errno));
	rc = close(*fd);
	*fd = -1;
	if (rc != 0)
		return cl_error_set(err, CL_EIO, "cannot close '%s': %s", path,
				    strerror(errno));
	return CL_OK;
}

/*
 * Make the new directory entries durable.  Best effort: the files
 * themselves are already synced, and some file systems refuse fsync on a
 * directory.
 */
static void dir_sync(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Create both files before writing either, so that an existing one is
 * found before anything is written; remove what was created on failure.
 */
static int pair_write(const char *path, const char *text, size_t len,
		      const char *pub_path, const char *pub, size_t pub_len,
		      cl_error *err)
{
	int fd = -1, pub_fd = -1, made = 0, pub_made = 0;
	int rc;

	rc = file_create(path, 0600, &fd, err);
	made = fd >= 0;
	if (rc != CL_OK)
		goto out;
	rc = file_create(pub_path, 0644, &pub_fd, err);
	pub_made = pub_fd >= 0;
	if (rc != CL_OK)
		goto out;
	rc = file_finish(&fd, path, text, len, err);
	if (rc != CL_OK)
		goto out;
	rc = file_finish(&pub_fd, pub_path, pub, pub_len, err);
	if (rc != CL_OK)
		goto out;
	dir_sync(path);
out:
	if (fd >= 0)
		close(fd);
	if (pub_fd >= 0)
		close(pub_fd);
	if (rc != CL_OK && made)
		unlink(path);
	if (rc != CL_OK && pub_made)
		unlink(pub_path);
	return rc;
}

int cl_seckey_save(const cl_seckey *k, const char *path, const char *pass,
		   size_t pass_len, cl_error *err)
{
	return cl_seckey_save_type(k, path, CL_SIGTYPE_ED25519, pass, pass_len,
				   err);
}

int cl_seckey_save_type(const cl_seckey *k, const char *path,
			unsigned char type, const char *pass, size_t pass_len,
			cl_error *err)
{
	struct key_scratch *s = NULL;
	char *pub_path = NULL;
	char pub[CL_VKEY_MAX + 1];
	size_t len = 0, path_len;
	int rc = CL_OK;

	if (pass != NULL && pass_len == 0)
		return cl_error_set(err, CL_EINPUT, "the passphrase is empty");
	path_len = strlen(path);
	pub_path = malloc(path_len + sizeof ".pub");
	s = cl_secure_alloc(sizeof *s);
	if (pub_path == NULL || s == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(pub_path, path, path_len);
	memcpy(pub_path + path_len, ".pub", sizeof ".pub");
	/* Derive and encrypt before creating anything: it is the slow part
	 * and the one that can run out of memory. */
	if (pass != NULL)
		rc = line_encrypted(k, pass, pass_len, s, &len, err);
	else
		len = line_plain(k, s);
	if (rc != CL_OK)
		goto out;
	cl_vkey_format_type(pub, cl_seckey_name(k), type, cl_seckey_pubkey(k));
	strcat(pub, "\n");
	rc = pair_write(path, s->line, len, pub_path, pub, strlen(pub), err);
out:
	cl_secure_free(s);
	free(pub_path);
	return rc;
}

/* ---- reading ---------------------------------------------------------------- */

/* Read from fd until end of file or `cap` bytes. */
static int fd_read_all(int fd, const char *path, char *buf, size_t cap,
		       size_t *len, cl_error *err)
{
	ssize_t n;

	*len = 0;
	while (*len < cap) {
		n = read(fd, buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cl_error_set(err, CL_EIO, "cannot read '%s': %s",
					    path, strerror(errno));
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return CL_OK;
}

static int open_error(const char *path, cl_error *err)
{
	if (errno == ENOENT)
		return cl_error_set(err, CL_ENOTFOUND, "'%s': no such file",
				    path);
	return cl_error_set(err, CL_EIO, "cannot open '%s': %s", path,
			    strerror(errno));
}

/* The checks a secret key file must pass before it is read. */
static int keyfile_check(int fd, const char *path, cl_error *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return cl_error_set(err, CL_EIO, "cannot stat '%s': %s", path,
				    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cl_error_set(err, CL_EKEY, "'%s' is not a regular file",
				    path);
	if ((st.st_mode & 077) != 0)
		return cl_error_set(err, CL_EKEY, "'%s' is accessible by group "
				    "or others: run chmod 600 '%s'", path, path);
	if (st.st_size > KEYFILE_MAX)
		return cl_error_set(err, CL_EKEY, "'%s' is larger than %d bytes: "
				    "not a key file", path, KEYFILE_MAX);
	return CL_OK;
}

/*
 * Open, check and read a secret key file into buf (KEYFILE_MAX + 1
 * bytes).  O_NOFOLLOW refuses a symlink; O_NONBLOCK keeps a FIFO from
 * hanging the open until fstat refuses it.
 */
static int keyfile_read(const char *path, char *buf, size_t *len,
			cl_error *err)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ELOOP)
		return cl_error_set(err, CL_EKEY, "'%s' is a symbolic link: "
				    "give the key file itself", path);
	if (fd < 0)
		return open_error(path, err);
	rc = keyfile_check(fd, path, err);
	if (rc != CL_OK)
		goto out;
	rc = fd_read_all(fd, path, buf, KEYFILE_MAX + 1, len, err);
	if (rc == CL_OK && *len > KEYFILE_MAX)
		rc = cl_error_set(err, CL_EKEY, "'%s' is larger than %d bytes: "
				  "not a key file", path, KEYFILE_MAX);
out:
	close(fd);
	return rc;
}

/* Split the "<name>+<keyid>+" after `prefix_len` bytes; CL_EKEY naming
 * the file when it is malformed.  *key_off is from the line's start. */
static int keyfile_split(const char *path, const char *line, size_t len,
			 size_t prefix_len, char name[CL_KEYNAME_MAX + 1],
			 uint32_t *id, size_t *key_off, cl_error *err)
{
	cl_error why = { 0, "" };

	if (cl_keyline_split(line + prefix_len, len - prefix_len, name, id,
			     key_off, &why) != CL_OK)
		return cl_error_set(err, CL_EKEY, "'%s' is not a valid secret "
				    "key: %s", path, why.msg);
	*key_off += prefix_len;
	return CL_OK;
}

/* Build the key from a decoded seed and check it against the file's key
 * id; `mismatch` says what a wrong id means for this kind of file. */
static int key_finish(const char *path, const char *name, uint32_t id,
		      const unsigned char seed[CL_SEED_BYTES],
		      const char *mismatch, cl_seckey **out, cl_error *err)
{
	cl_seckey *k = NULL;
	int rc;

	rc = cl_seckey_from_seed(name, seed, &k, err);
	if (rc != CL_OK)
		goto out;
	if (cl_note_keyid(name, cl_seckey_pubkey(k)) != id) {
		rc = cl_error_set(err, CL_EKEY, "'%s': %s", path, mismatch);
		goto out;
	}
	*out = k;
	k = NULL;
out:
	cl_seckey_free(k);
	return rc;
}

/* "PRIVATE+KEY+<name>+<keyid>+<base64(0x01 || seed)>" */
static int plain_parse(const char *path, struct key_scratch *s, size_t len,
		       cl_seckey **out, cl_error *err)
{
	char name[CL_KEYNAME_MAX + 1];
	size_t key_off, n;
	uint32_t id;
	int rc;

	rc = keyfile_split(path, s->line, len, sizeof PLAIN_PREFIX - 1, name,
			   &id, &key_off, err);
	if (rc != CL_OK)
		return rc;
	if (cl_b64_decode(s->blob, sizeof s->blob, &n, s->line + key_off,
			  len - key_off) != CL_OK ||
	    n != 1 + CL_SEED_BYTES || s->blob[0] != CL_ALG_ED25519)
		return cl_error_set(err, CL_EKEY, "'%s' is not a valid secret "
				    "key: key is not base64 of 0x01 and a "
				    "32-byte seed", path);
	return key_finish(path, name, id, s->blob + 1,
			  "key id does not match the key (damaged key file)",
			  out, err);
}

/* Decode the blob of an encrypted key and check its algorithm and limits. */
static int blob_decode(const char *path, struct key_scratch *s, size_t key_off,
		       size_t len, cl_error *err)
{
	uint64_t ops, mem;
	size_t n;

	if (cl_b64_decode(s->blob, sizeof s->blob, &n, s->line + key_off,
			  len - key_off) != CL_OK ||
	    n != BLOB_BYTES || s->blob[0] != CL_ALG_ED25519)
		return cl_error_set(err, CL_EKEY, "'%s' is not a valid secret "
				    "key: key is not base64 of a %d-byte "
				    "Ed25519 blob", path, BLOB_BYTES);
	ops = get_be64(s->blob + BLOB_OPS);
	mem = get_be64(s->blob + BLOB_MEM);
	if (ops < OPSLIMIT_MIN || ops > OPSLIMIT_MAX || mem < MEMLIMIT_MIN ||
	    mem > MEMLIMIT_MAX)
		return cl_error_set(err, CL_EKEY, "'%s': key derivation limits "
				    "out of range (opslimit %llu, memlimit %llu)",
				    path, (unsigned long long)ops,
				    (unsigned long long)mem);
	return CL_OK;
}

/* "CLAIMLEDGER+ENCRYPTED+KEY+<name>+<keyid>+<base64(blob)>" */
static int encrypted_parse(const char *path, struct key_scratch *s,
			   size_t len, const char *pass, size_t pass_len,
			   cl_seckey **out, cl_error *err)
{
	static const char wrong[] = "wrong passphrase or damaged key file";
	char name[CL_KEYNAME_MAX + 1];
	const unsigned char *b = s->blob;
	size_t key_off;
	uint32_t id;
	int rc;

	if (pass == NULL)
		return cl_error_set(err, CL_EKEY, "'%s' is encrypted: give "
				    "--passphrase-file", path);
	rc = keyfile_split(path, s->line, len, sizeof ENC_PREFIX - 1, name,
			   &id, &key_off, err);
	if (rc != CL_OK)
		return rc;
	rc = blob_decode(path, s, key_off, len, err);
	if (rc != CL_OK)
		return rc;
	rc = key_derive(s->aead_key, pass, pass_len, b + BLOB_SALT,
			get_be64(b + BLOB_OPS), get_be64(b + BLOB_MEM), err);
	if (rc != CL_OK)
		return rc;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    s->seed, NULL, NULL, b + BLOB_CT, CL_SEED_BYTES + TAG_BYTES,
		    (const unsigned char *)s->line, key_off, b + BLOB_NONCE,
		    s->aead_key) != 0)
		return cl_error_set(err, CL_EKEY, "'%s': %s", path, wrong);
	return key_finish(path, name, id, s->seed, wrong, out, err);
}

/* One line, one optional "\n": dispatch on the first field. */
static int keyfile_parse(const char *path, struct key_scratch *s, size_t len,
			 const char *pass, size_t pass_len, cl_seckey **out,
			 cl_error *err)
{
	if (len > 0 && s->line[len - 1] == '\n')
		len--;
	if (has_prefix(s->line, len, PLAIN_PREFIX))
		return plain_parse(path, s, len, out, err);
	if (has_prefix(s->line, len, ENC_PREFIX))
		return encrypted_parse(path, s, len, pass, pass_len, out, err);
	return cl_error_set(err, CL_EKEY, "'%s' is not a claimledger secret "
			    "key", path);
}

int cl_seckey_load(const char *path, const char *pass, size_t pass_len,
		   cl_seckey **out, cl_error *err)
{
	struct key_scratch *s;
	size_t len = 0;
	int rc;

	*out = NULL;
	s = cl_secure_alloc(sizeof *s);
	if (s == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of secure memory");
	rc = keyfile_read(path, s->line, &len, err);
	if (rc != CL_OK)
		goto out;
	rc = keyfile_parse(path, s, len, pass, pass_len, out, err);
out:
	cl_secure_free(s);
	return rc;
}

/* ---- verifier key files ------------------------------------------------------- */

int cl_vkey_load(const char *path, char name[CL_KEYNAME_MAX + 1],
		 unsigned char pk[CL_PUBKEY_BYTES], cl_error *err)
{
	return cl_vkey_load_type(path, CL_SIGTYPE_ED25519, name, pk, err);
}

int cl_vkey_load_type(const char *path, unsigned char type,
		      char name[CL_KEYNAME_MAX + 1],
		      unsigned char pk[CL_PUBKEY_BYTES], cl_error *err)
{
	char buf[VKEYFILE_MAX + 1];
	struct stat st;
	size_t len = 0;
	int fd, rc;

	/* O_NONBLOCK: a FIFO must not hang the open until fstat refuses it. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return open_error(path, err);
	if (fstat(fd, &st) != 0)
		rc = cl_error_set(err, CL_EIO, "cannot stat '%s': %s", path,
				  strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = cl_error_set(err, CL_EINPUT, "'%s' is not a regular file: "
				  "give the verifier key file itself", path);
	else
		rc = fd_read_all(fd, path, buf, sizeof buf, &len, err);
	close(fd);
	if (rc != CL_OK)
		return rc;
	if (len > VKEYFILE_MAX)
		return cl_error_set(err, CL_EINPUT, "'%s' is larger than %d "
				    "bytes: not a verifier key", path,
				    VKEYFILE_MAX);
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	rc = cl_vkey_parse_type(buf, len, type, name, pk, err);
	if (rc != CL_OK)
		cl_error_prefix(err, "'%s'", path);
	return rc;
}
