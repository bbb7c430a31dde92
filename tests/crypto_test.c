/*
 * crypto_test.c: unit tests for crypto/: known answers for SHA-256,
 * Ed25519 (RFC 8032) and C2SP verifier keys, strict encodings, key names,
 * and the key files (formats, permissions, refusals, committed fixtures).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"

/* The committed test key: name test-owner, seed 0x00..0x1f. */
#define OWNER_NAME "test-owner"
#define OWNER_PK "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
#define OWNER_VKEY "test-owner+1e92a34c+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define OWNER_PASS "correct horse battery staple"

/* The example verifier key of golang.org/x/mod/sumdb/note. */
#define PETER_VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"

/* ---- helpers ------------------------------------------------------------ */

static void unhex(unsigned char *out, size_t n, const char *hex)
{
	assert_int_equal(cl_hex_decode(out, n, hex, strlen(hex)), CL_OK);
}

static void assert_hex_equal(const unsigned char *got, size_t n,
			     const char *want)
{
	char hex[257];

	assert_true(n <= 128);
	cl_hex_encode(hex, got, n);
	assert_string_equal(hex, want);
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const void *data, size_t len,
		       mode_t mode)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static mode_t file_mode(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static int file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static cl_seckey *seed_key(const char *name, unsigned char first)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_error err = { 0, "" };
	cl_seckey *k = NULL;
	size_t i;

	for (i = 0; i < sizeof seed; i++)
		seed[i] = (unsigned char)(first + i);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	assert_non_null(k);
	return k;
}

/* Sign with `k` and check the signature under `pk`. */
static void assert_signs_for(const cl_seckey *k,
			     const unsigned char pk[CL_PUBKEY_BYTES])
{
	static const char msg[] = "claimledger/record/v1\n{}";
	unsigned char sig[CL_SIG_BYTES];

	cl_sign(k, sig, msg, sizeof msg - 1);
	assert_true(cl_verify(pk, sig, msg, sizeof msg - 1));
	sig[10] ^= 1;
	assert_false(cl_verify(pk, sig, msg, sizeof msg - 1));
}

/* A copy of fixtures/vectors/<name> in `dir`, mode 0600 (git keeps 0644). */
static char *fixture_copy(const char *dir, const char *name)
{
	const char *fx = getenv("CLAIMLEDGER_FIXTURES");
	char src[4096];
	char *dst, *text;
	size_t len = 0;

	snprintf(src, sizeof src, "%s/vectors/%s", fx ? fx : "fixtures", name);
	text = tu_slurp(src, &len);
	if (text == NULL)
		fail_msg("cannot read fixture %s", src);
	dst = path_join(dir, name);
	write_file(dst, text, len, 0600);
	free(text);
	return dst;
}

/* ---- SHA-256 ---------------------------------------------------------------- */

static void test_sha256_known_answers(void **state)
{
	unsigned char h[CL_HASH_BYTES];
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	cl_sha256(h, "", 0);
	assert_hex_equal(h, sizeof h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	cl_sha256(h, "abc", 3);
	assert_hex_equal(h, sizeof h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cl_sha256(h, two_blocks, sizeof two_blocks - 1);
	assert_hex_equal(h, sizeof h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Every length 0..299 (each padding case, one to five blocks), against
 * digests from Python's hashlib folded into one, and the FIPS 180-2 long
 * message; the SHA-NI code path of nettle runs on the same inputs. */
static void test_sha256_every_length(void **state)
{
	unsigned char msg[300], h[CL_HASH_BYTES];
	unsigned char *big;
	cl_sha256_ctx acc;

	(void)state;
	cl_sha256_init(&acc);
	for (size_t n = 0; n < sizeof msg; n++) {
		for (size_t i = 0; i < n; i++)
			msg[i] = (unsigned char)((i * 7 + n) & 0xff);
		cl_sha256(h, msg, n);
		cl_sha256_update(&acc, h, sizeof h);
	}
	cl_sha256_final(&acc, h);
	assert_hex_equal(h, sizeof h, "d5238871a46ac4a1a75ac3fb19d645b0b3b9e5f35f5f720e2b240d605c6b694e");
	big = malloc(1000000);
	assert_non_null(big);
	memset(big, 'a', 1000000);
	cl_sha256(h, big, 1000000);
	free(big);
	assert_hex_equal(h, sizeof h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_incremental(void **state)
{
	unsigned char data[1000], one[CL_HASH_BYTES], inc[CL_HASH_BYTES];
	unsigned char forked[CL_HASH_BYTES], prefix[CL_HASH_BYTES];
	cl_sha256_ctx ctx, fork;
	size_t i, off, piece;

	(void)state;
	for (i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + 3);
	cl_sha256(one, data, sizeof data);
	/* Pieces of every size around the 64-byte block boundary. */
	cl_sha256_init(&ctx);
	for (off = 0, piece = 0; off < sizeof data; off += piece) {
		piece = (off % 67) + 1;
		if (piece > sizeof data - off)
			piece = sizeof data - off;
		cl_sha256_update(&ctx, data + off, piece);
	}
	cl_sha256_final(&ctx, inc);
	assert_memory_equal(one, inc, sizeof one);

	/* A copied state hashes on independently. */
	cl_sha256_init(&ctx);
	cl_sha256_update(&ctx, data, 100);
	fork = ctx;
	cl_sha256_update(&fork, data + 100, sizeof data - 100);
	cl_sha256_final(&fork, forked);
	cl_sha256_final(&ctx, inc);
	cl_sha256(prefix, data, 100);
	assert_memory_equal(forked, one, sizeof one);
	assert_memory_equal(inc, prefix, sizeof prefix);
}

/* ---- Ed25519, RFC 8032 section 7.1 ---------------------------------------------- */

static void check_rfc8032(const char *seed_hex, const char *pk_hex,
			  const char *msg_hex, const char *sig_hex)
{
	unsigned char seed[CL_SEED_BYTES], msg[8], sig[CL_SIG_BYTES];
	size_t msg_len = strlen(msg_hex) / 2;
	cl_error err = { 0, "" };
	cl_seckey *k = NULL;

	unhex(seed, sizeof seed, seed_hex);
	unhex(msg, msg_len, msg_hex);
	assert_cl_ok(cl_seckey_from_seed("rfc8032", seed, &k, &err), &err);
	assert_hex_equal(cl_seckey_pubkey(k), CL_PUBKEY_BYTES, pk_hex);
	cl_sign(k, sig, msg, msg_len);
	assert_hex_equal(sig, sizeof sig, sig_hex);
	assert_true(cl_verify(cl_seckey_pubkey(k), sig, msg, msg_len));
	sig[63] ^= 0x40;
	assert_false(cl_verify(cl_seckey_pubkey(k), sig, msg, msg_len));
	cl_seckey_free(k);
}

static void test_ed25519_rfc8032_test1(void **state)
{
	(void)state;
	check_rfc8032(
		"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
		"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
		"",
		"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

static void test_ed25519_rfc8032_test2(void **state)
{
	(void)state;
	check_rfc8032(
		"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
		"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
		"72",
		"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

static void test_verify_wrong_key_or_message(void **state)
{
	cl_seckey *a = seed_key("a", 1), *b = seed_key("b", 2);
	unsigned char sig[CL_SIG_BYTES];

	(void)state;
	cl_sign(a, sig, "hello", 5);
	assert_true(cl_verify(cl_seckey_pubkey(a), sig, "hello", 5));
	assert_false(cl_verify(cl_seckey_pubkey(b), sig, "hello", 5));
	assert_false(cl_verify(cl_seckey_pubkey(a), sig, "hellp", 5));
	assert_false(cl_verify(cl_seckey_pubkey(a), sig, "hello", 4));
	cl_seckey_free(a);
	cl_seckey_free(b);
}

static void test_seckey_generate(void **state)
{
	cl_error err = { 0, "" };
	cl_seckey *a = NULL, *b = NULL;

	(void)state;
	assert_cl_ok(cl_seckey_generate("gen", &a, &err), &err);
	assert_cl_ok(cl_seckey_generate("gen", &b, &err), &err);
	assert_string_equal(cl_seckey_name(a), "gen");
	assert_memory_not_equal(cl_seckey_pubkey(a), cl_seckey_pubkey(b),
				CL_PUBKEY_BYTES);
	assert_signs_for(a, cl_seckey_pubkey(a));
	cl_seckey_free(a);
	cl_seckey_free(b);
	cl_seckey_free(NULL);
	b = (cl_seckey *)&err;  /* must be reset to NULL on failure */
	assert_cl_err(cl_seckey_generate("bad name", &b, &err), CL_EINPUT, &err,
		      "invalid key name");
	assert_null(b);
}

/* ---- encodings -------------------------------------------------------------- */

static void test_b64_roundtrip(void **state)
{
	unsigned char in[40], out[40];
	char text[64];
	size_t n, len;

	(void)state;
	cl_b64_encode(text, (const unsigned char *)"abc", 3);
	assert_string_equal(text, "YWJj");
	assert_int_equal(cl_b64_len(3), 5);
	assert_int_equal(cl_b64_len(33), 45);
	for (n = 0; n < sizeof in; n++)
		in[n] = (unsigned char)(0xf0 + n);
	for (n = 0; n <= sizeof in; n++) {
		cl_b64_encode(text, in, n);
		assert_int_equal(strlen(text) + 1, cl_b64_len(n));
		assert_int_equal(cl_b64_decode(out, sizeof out, &len, text,
					       strlen(text)), CL_OK);
		assert_int_equal(len, n);
		assert_memory_equal(in, out, n);
	}
}

static void test_b64_strict(void **state)
{
	static const char *bad[] = {
		"A", "====", "QQ", "QQ=", "QQ==\n", " QQ==", "QQ== ", "Q Q==",
		"QR==",     /* non-zero leftover bits: not canonical */
		"QUI=QQ==", /* data after padding */
		"QQ===", "Q===", "QQ!=", "QQ-_", "YWJj\r\n", "\n",
	};
	unsigned char out[16];
	size_t i, len = 99;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (cl_b64_decode(out, sizeof out, &len, bad[i],
				  strlen(bad[i])) != CL_EINPUT)
			fail_msg("accepted bad base64 '%s'", bad[i]);
	/* An embedded NUL ends nothing: the length rules. */
	assert_int_equal(cl_b64_decode(out, sizeof out, &len, "QQ==\0", 5),
			 CL_EINPUT);
	/* Too long for the buffer. */
	assert_int_equal(cl_b64_decode(out, 2, &len, "YWJj", 4), CL_EINPUT);
	/* And the good forms still pass. */
	assert_int_equal(cl_b64_decode(out, sizeof out, &len, "QQ==", 4), CL_OK);
	assert_int_equal(len, 1);
	assert_int_equal(out[0], 'A');
	assert_int_equal(cl_b64_decode(out, sizeof out, &len, "", 0), CL_OK);
	assert_int_equal(len, 0);
}

static void test_hex(void **state)
{
	unsigned char in[4] = { 0x00, 0x9f, 0xa0, 0xff }, out[4];
	char text[9];

	(void)state;
	cl_hex_encode(text, in, sizeof in);
	assert_string_equal(text, "009fa0ff");
	assert_int_equal(cl_hex_decode(out, 4, text, 8), CL_OK);
	assert_memory_equal(in, out, 4);
	assert_int_equal(cl_hex_decode(out, 4, "009FA0FF", 8), CL_OK);
	assert_memory_equal(in, out, 4);
	assert_int_equal(cl_hex_decode(out, 4, "009fa0f", 7), CL_EINPUT);
	assert_int_equal(cl_hex_decode(out, 4, "009fa0fff", 9), CL_EINPUT);
	assert_int_equal(cl_hex_decode(out, 4, "009fa0fg", 8), CL_EINPUT);
	assert_int_equal(cl_hex_decode(out, 4, "009f a0f", 8), CL_EINPUT);
	assert_int_equal(cl_hex_decode(out, 3, "009fa0ff", 8), CL_EINPUT);
	assert_int_equal(cl_hex_decode(out, 0, "", 0), CL_OK);
}

static void test_memory(void **state)
{
	unsigned char a[32] = { 1, 2, 3 }, b[32] = { 1, 2, 3 };
	unsigned char *s;
	size_t i;

	(void)state;
	assert_true(cl_memeq(a, b, sizeof a));
	b[31] = 1;
	assert_false(cl_memeq(a, b, sizeof a));
	cl_wipe(a, sizeof a);
	for (i = 0; i < sizeof a; i++)
		assert_int_equal(a[i], 0);
	s = cl_secure_alloc(33);
	assert_non_null(s);
	assert_int_equal((uintptr_t)s % _Alignof(max_align_t), 0);
	cl_random(s, 33);
	cl_random(a, sizeof a);
	assert_false(cl_memeq(a, b, sizeof a));  /* 2^-256 to fail */
	cl_secure_free(s);
	cl_secure_free(NULL);
}

/* ---- key names and verifier keys ------------------------------------------------ */

static void test_keyname_valid(void **state)
{
	static const char *good[] = {
		"a", "PeterNeumann", "example.com/ledger", "h\xc3\xa9llo",
		"\xe2\x82\xac", "\xf0\x9f\x94\x91", "a=b", "a/b~c",
	};
	static const char *bad[] = {
		"", "a+b", "a b", "a\tb", "a\nb", "a\x7f", "\x01",
		"\xc3",             /* truncated */
		"\xc0\xaf",         /* overlong '/' */
		"\xed\xa0\x80",     /* surrogate */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\xff",
		"\xc2\xa0",         /* no-break space */
		"\xe2\x80\x83",     /* em space */
		"\xe3\x80\x80",     /* ideographic space */
		"\xc2\x85",         /* NEL, a C1 control */
	};
	char name[CL_KEYNAME_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!cl_keyname_valid(good[i]))
			fail_msg("refused good name '%s'", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (cl_keyname_valid(bad[i]))
			fail_msg("accepted bad name #%zu", i);
	assert_false(cl_keyname_valid(NULL));
	memset(name, 'n', CL_KEYNAME_MAX);
	name[CL_KEYNAME_MAX] = '\0';
	assert_true(cl_keyname_valid(name));
	name[CL_KEYNAME_MAX] = 'n';
	name[CL_KEYNAME_MAX + 1] = '\0';
	assert_false(cl_keyname_valid(name));
}

static void test_vkey_known_answer(void **state)
{
	char name[CL_KEYNAME_MAX + 1], again[CL_VKEY_MAX];
	unsigned char pk[CL_PUBKEY_BYTES];
	cl_error err = { 0, "" };

	(void)state;
	assert_cl_ok(cl_vkey_parse(PETER_VKEY, strlen(PETER_VKEY), name, pk,
				   &err), &err);
	assert_string_equal(name, "PeterNeumann");
	assert_int_equal(cl_note_keyid(name, pk), 0xc74f20a3u);
	cl_vkey_format(again, name, pk);
	assert_string_equal(again, PETER_VKEY);
}

static void test_vkey_max_length(void **state)
{
	char name[CL_KEYNAME_MAX + 1], got[CL_KEYNAME_MAX + 1];
	char line[CL_VKEY_MAX];
	unsigned char pk[CL_PUBKEY_BYTES] = { 9 }, pk2[CL_PUBKEY_BYTES];
	cl_error err = { 0, "" };

	(void)state;
	memset(name, 'x', CL_KEYNAME_MAX);
	name[CL_KEYNAME_MAX] = '\0';
	cl_vkey_format(line, name, pk);
	assert_int_equal(strlen(line), CL_VKEY_MAX - 1);
	assert_cl_ok(cl_vkey_parse(line, strlen(line), got, pk2, &err), &err);
	assert_string_equal(got, name);
	assert_memory_equal(pk, pk2, sizeof pk);
}

static void check_vkey_refused(const char *line, const char *needle)
{
	char name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	cl_error err = { 0, "" };

	assert_cl_err(cl_vkey_parse(line, strlen(line), name, pk, &err),
		      CL_EINPUT, &err, needle);
}

static void test_vkey_refused(void **state)
{
	(void)state;
	/* Wrong key id, and a right one written in capitals. */
	check_vkey_refused("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
			   "does not match");
	check_vkey_refused("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
			   "key id");
	/* Another name with the same key: the id no longer matches. */
	check_vkey_refused("PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
			   "does not match");
	/* Algorithm byte 0x02 instead of 0x01. */
	check_vkey_refused("PeterNeumann+c74f20a3+Alpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
			   "algorithm");
	check_vkey_refused("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",
			   "base64");
	check_vkey_refused("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n",
			   "base64");
	check_vkey_refused("PeterNeumann+c74f20a3", "name+keyid+key");
	check_vkey_refused("PeterNeumann", "name+keyid+key");
	check_vkey_refused("", "name+keyid+key");
	check_vkey_refused("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
			   "invalid key name");
	check_vkey_refused("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
			   "invalid key name");
}

/* ---- key files ---------------------------------------------------------------- */

struct keydir {
	char *dir, *key, *pub;
};

static int keydir_setup(void **state)
{
	struct keydir *kd = calloc(1, sizeof *kd);

	if (kd == NULL || (kd->dir = tu_tmpdir()) == NULL)
		return -1;
	kd->key = path_join(kd->dir, "k.key");
	kd->pub = path_join(kd->dir, "k.key.pub");
	*state = kd;
	return 0;
}

static int keydir_teardown(void **state)
{
	struct keydir *kd = *state;

	tu_rmtree(kd->dir);
	free(kd->dir);
	free(kd->key);
	free(kd->pub);
	free(kd);
	return 0;
}

static void test_save_load_plain(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("alice", 7), *back = NULL;
	char name[CL_KEYNAME_MAX + 1], vkey[CL_VKEY_MAX], *text;
	unsigned char pk[CL_PUBKEY_BYTES];
	cl_error err = { 0, "" };
	size_t len = 0;

	assert_cl_ok(cl_seckey_save(k, kd->key, NULL, 0, &err), &err);
	assert_int_equal(file_mode(kd->key), 0600);
	assert_int_equal(file_mode(kd->pub), 0644);
	text = tu_slurp(kd->key, &len);
	assert_non_null(text);
	assert_true(strncmp(text, "PRIVATE+KEY+alice+", 18) == 0);
	assert_int_equal(text[len - 1], '\n');
	assert_null(memchr(text, '\n', len - 1));
	free(text);

	assert_cl_ok(cl_seckey_load(kd->key, NULL, 0, &back, &err), &err);
	assert_string_equal(cl_seckey_name(back), "alice");
	assert_memory_equal(cl_seckey_pubkey(back), cl_seckey_pubkey(k),
			    CL_PUBKEY_BYTES);
	assert_signs_for(back, cl_seckey_pubkey(k));

	/* The .pub is the verifier key line. */
	text = tu_slurp(kd->pub, &len);
	assert_non_null(text);
	cl_vkey_format(vkey, "alice", cl_seckey_pubkey(k));
	assert_int_equal(len, strlen(vkey) + 1);
	assert_memory_equal(text, vkey, strlen(vkey));
	free(text);
	assert_cl_ok(cl_vkey_load(kd->pub, name, pk, &err), &err);
	assert_string_equal(name, "alice");
	assert_memory_equal(pk, cl_seckey_pubkey(k), CL_PUBKEY_BYTES);
	cl_seckey_free(back);
	cl_seckey_free(k);
}

static void test_save_load_encrypted(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("bob", 9), *back = NULL;
	cl_error err = { 0, "" };
	char *text;

	assert_cl_ok(cl_seckey_save(k, kd->key, "sesame", 6, &err), &err);
	assert_int_equal(file_mode(kd->key), 0600);
	text = tu_slurp(kd->key, NULL);
	assert_non_null(text);
	assert_true(strncmp(text, "CLAIMLEDGER+ENCRYPTED+KEY+bob+", 30) == 0);
	free(text);

	assert_cl_ok(cl_seckey_load(kd->key, "sesame", 6, &back, &err), &err);
	assert_string_equal(cl_seckey_name(back), "bob");
	assert_signs_for(back, cl_seckey_pubkey(k));
	cl_seckey_free(back);
	back = NULL;

	assert_cl_err(cl_seckey_load(kd->key, NULL, 0, &back, &err), CL_EKEY,
		      &err, "is encrypted: give --passphrase-file");
	assert_non_null(strstr(err.msg, kd->key));
	assert_cl_err(cl_seckey_load(kd->key, "sesamE", 6, &back, &err),
		      CL_EKEY, &err, "wrong passphrase or damaged key file");
	/* The exact bytes count: a trailing newline is a different phrase. */
	assert_cl_err(cl_seckey_load(kd->key, "sesame\n", 7, &back, &err),
		      CL_EKEY, &err, "wrong passphrase");
	assert_null(back);
	assert_cl_err(cl_seckey_save(k, kd->key, "", 0, &err), CL_EINPUT, &err,
		      "empty");
	cl_seckey_free(k);
}

/*
 * Rename the key in an encrypted file to "mallory", with the key id made
 * right for the new name: only the associated data can catch it.
 */
static void test_encrypted_header_is_bound(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("carol", 3), *back = NULL;
	cl_error err = { 0, "" };
	char *text, *b64, out[512];

	assert_cl_ok(cl_seckey_save(k, kd->key, "pw", 2, &err), &err);
	text = tu_slurp(kd->key, NULL);
	assert_non_null(text);
	b64 = strstr(text, "+AQ");
	assert_non_null(b64);
	snprintf(out, sizeof out, "CLAIMLEDGER+ENCRYPTED+KEY+mallory+%08lx%s",
		 (unsigned long)cl_note_keyid("mallory", cl_seckey_pubkey(k)),
		 b64);
	write_file(kd->key, out, strlen(out), 0600);
	assert_cl_err(cl_seckey_load(kd->key, "pw", 2, &back, &err), CL_EKEY,
		      &err, "wrong passphrase or damaged key file");
	assert_null(back);
	free(text);
	cl_seckey_free(k);
}

/* Re-encode the blob of an encrypted key with new Argon2 limits. */
static void set_limits(const char *path, uint64_t ops, uint64_t mem)
{
	unsigned char blob[128];
	char *text, out[512];
	size_t len = 0, n, off;
	char *b64;
	int i;

	text = tu_slurp(path, &len);
	assert_non_null(text);
	b64 = strstr(text, "+AQ");  /* the blob starts with 0x01 */
	assert_non_null(b64);
	b64++;
	off = (size_t)(b64 - text);
	assert_int_equal(cl_b64_decode(blob, sizeof blob, &n, b64,
				       len - off - 1), CL_OK);
	assert_int_equal(n, 105);
	for (i = 7; i >= 0; i--, ops >>= 8, mem >>= 8) {
		blob[1 + i] = (unsigned char)ops;
		blob[9 + i] = (unsigned char)mem;
	}
	memcpy(out, text, off);
	cl_b64_encode(out + off, blob, n);
	strcat(out, "\n");
	write_file(path, out, strlen(out), 0600);
	free(text);
}

static void test_encrypted_hostile_limits(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("dave", 4), *back = NULL;
	cl_error err = { 0, "" };

	assert_cl_ok(cl_seckey_save(k, kd->key, "pw", 2, &err), &err);
	set_limits(kd->key, 2, UINT64_C(1) << 40);
	assert_cl_err(cl_seckey_load(kd->key, "pw", 2, &back, &err), CL_EKEY,
		      &err, "out of range");
	set_limits(kd->key, 1000000, 65536);
	assert_cl_err(cl_seckey_load(kd->key, "pw", 2, &back, &err), CL_EKEY,
		      &err, "out of range");
	set_limits(kd->key, 0, 65536);
	assert_cl_err(cl_seckey_load(kd->key, "pw", 2, &back, &err), CL_EKEY,
		      &err, "out of range");
	/* In range but not what the key was sealed with: wrong key. */
	set_limits(kd->key, 1, 65536);
	assert_cl_err(cl_seckey_load(kd->key, "pw", 2, &back, &err), CL_EKEY,
		      &err, "wrong passphrase");
	assert_null(back);
	cl_seckey_free(k);
}

static void test_save_refuses_existing(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("eve", 5);
	cl_error err = { 0, "" };
	char *before, *after;
	size_t blen = 0, alen = 0;

	assert_cl_ok(cl_seckey_save(k, kd->key, NULL, 0, &err), &err);
	before = tu_slurp(kd->key, &blen);
	assert_cl_err(cl_seckey_save(k, kd->key, NULL, 0, &err), CL_EEXIST,
		      &err, "already exists");
	after = tu_slurp(kd->key, &alen);
	assert_non_null(before);
	assert_non_null(after);
	assert_int_equal(alen, blen);
	assert_memory_equal(before, after, blen);
	assert_true(file_exists(kd->pub));
	free(before);
	free(after);

	/* Only the .pub exists: refused, and no secret file left behind. */
	assert_int_equal(unlink(kd->key), 0);
	assert_cl_err(cl_seckey_save(k, kd->key, NULL, 0, &err), CL_EEXIST,
		      &err, "k.key.pub' already exists");
	assert_false(file_exists(kd->key));
	cl_seckey_free(k);
}

static void test_save_refuses_symlink(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("frank", 6);
	cl_error err = { 0, "" };
	char *target = path_join(kd->dir, "target");

	/* A dangling link must not be followed to create its target. */
	assert_int_equal(symlink(target, kd->key), 0);
	assert_cl_err(cl_seckey_save(k, kd->key, NULL, 0, &err), CL_EEXIST,
		      &err, "already exists");
	assert_false(file_exists(target));
	assert_false(file_exists(kd->pub));
	free(target);
	cl_seckey_free(k);
}

static void test_save_modes_despite_umask(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("gina", 8);
	cl_error err = { 0, "" };
	mode_t old = umask(0777);
	int rc;

	rc = cl_seckey_save(k, kd->key, NULL, 0, &err);
	umask(old);
	assert_cl_ok(rc, &err);
	assert_int_equal(file_mode(kd->key), 0600);
	assert_int_equal(file_mode(kd->pub), 0644);
	cl_seckey_free(k);
}

static void test_save_unwritable_dir(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("hal", 10);
	cl_error err = { 0, "" };
	char *path = path_join(kd->dir, "no/such/dir/k.key");

	assert_cl_err(cl_seckey_save(k, path, NULL, 0, &err), CL_EIO, &err,
		      "cannot create");
	free(path);
	cl_seckey_free(k);
}

static void test_load_refuses_loose_modes(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("ivy", 11), *back = NULL;
	cl_error err = { 0, "" };
	static const mode_t modes[] = { 0644, 0640, 0604, 0660, 0602 };
	size_t i;
	char want[4200];

	assert_cl_ok(cl_seckey_save(k, kd->key, NULL, 0, &err), &err);
	snprintf(want, sizeof want, "'%s' is accessible by group or others: "
		 "run chmod 600 '%s'", kd->key, kd->key);
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		assert_int_equal(chmod(kd->key, modes[i]), 0);
		assert_cl_err(cl_seckey_load(kd->key, NULL, 0, &back, &err),
			      CL_EKEY, &err, want);
		assert_null(back);
	}
	/* 0400 is fine. */
	assert_int_equal(chmod(kd->key, 0400), 0);
	assert_cl_ok(cl_seckey_load(kd->key, NULL, 0, &back, &err), &err);
	cl_seckey_free(back);
	cl_seckey_free(k);
}

static void test_load_refuses_symlink(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("jay", 12), *back = NULL;
	cl_error err = { 0, "" };
	char *link = path_join(kd->dir, "link.key");

	assert_cl_ok(cl_seckey_save(k, kd->key, NULL, 0, &err), &err);
	assert_int_equal(symlink(kd->key, link), 0);
	assert_cl_err(cl_seckey_load(link, NULL, 0, &back, &err), CL_EKEY, &err,
		      "symbolic link");
	assert_null(back);
	free(link);
	cl_seckey_free(k);
}

static void test_load_missing_and_not_regular(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *back = NULL;
	cl_error err = { 0, "" };
	char want[4200];

	snprintf(want, sizeof want, "'%s': no such file", kd->key);
	assert_cl_err(cl_seckey_load(kd->key, NULL, 0, &back, &err),
		      CL_ENOTFOUND, &err, want);
	assert_int_equal(chmod(kd->dir, 0700), 0);
	assert_cl_err(cl_seckey_load(kd->dir, NULL, 0, &back, &err), CL_EKEY,
		      &err, "not a regular file");
	assert_int_equal(mkfifo(kd->key, 0600), 0);
	assert_cl_err(cl_seckey_load(kd->key, NULL, 0, &back, &err), CL_EKEY,
		      &err, "not a regular file");
	assert_null(back);
}

/* Write `text` as the key file and expect CL_EKEY with `needle`. */
static void check_load_refused(const char *path, const char *text, size_t len,
			       const char *needle)
{
	cl_seckey *back = NULL;
	cl_error err = { 0, "" };

	unlink(path);
	write_file(path, text, len, 0600);
	assert_cl_err(cl_seckey_load(path, "pw", 2, &back, &err), CL_EKEY, &err,
		      needle);
	assert_null(back);
}

static void test_load_refuses_bad_content(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("kim", 13);
	cl_error err = { 0, "" };
	char *good, *big;
	size_t len = 0, i;

	assert_cl_ok(cl_seckey_save(k, kd->key, NULL, 0, &err), &err);
	good = tu_slurp(kd->key, &len);
	assert_non_null(good);
	check_load_refused(kd->key, good, len / 2, "not a valid secret key");
	check_load_refused(kd->key, good, len - 3, "not a valid secret key");
	check_load_refused(kd->key, "", 0, "not a claimledger secret key");
	check_load_refused(kd->key, "\n", 1, "not a claimledger secret key");
	check_load_refused(kd->key, "garbage\x01\xff", 9,
			   "not a claimledger secret key");
	check_load_refused(kd->key, OWNER_VKEY "\n", sizeof OWNER_VKEY,
			   "not a claimledger secret key");
	check_load_refused(kd->key, "PRIVATE+KEY+", 12, "not a valid secret key");
	check_load_refused(kd->key, "PRIVATE+KEY+a b+00000000+AA==\n", 30,
			   "invalid key name");

	/* One trailing newline is allowed, not two, not CRLF, not a space. */
	memcpy(good + len, "\n", 1);
	check_load_refused(kd->key, good, len + 1, "not a valid secret key");
	good[len - 1] = '\r';
	check_load_refused(kd->key, good, len, "not a valid secret key");
	good[len - 1] = ' ';
	check_load_refused(kd->key, good, len, "not a valid secret key");

	/* A wrong key id (last hex digit changed) is refused. */
	good[len - 1] = '\n';
	i = strlen("PRIVATE+KEY+kim+") + 7;
	good[i] = good[i] == '0' ? '1' : '0';
	check_load_refused(kd->key, good, len, "key id does not match");

	big = malloc(5000);
	assert_non_null(big);
	memset(big, 'A', 5000);
	memcpy(big, "PRIVATE+KEY+", 12);
	check_load_refused(kd->key, big, 5000, "larger than 4096 bytes");
	free(big);
	free(good);
	cl_seckey_free(k);
}

static void test_load_refuses_damaged_encrypted(void **state)
{
	struct keydir *kd = *state;
	cl_seckey *k = seed_key("lee", 14);
	cl_error err = { 0, "" };
	char *good;
	size_t len = 0;

	assert_cl_ok(cl_seckey_save(k, kd->key, "pw", 2, &err), &err);
	good = tu_slurp(kd->key, &len);
	assert_non_null(good);
	/* Flip a ciphertext character (same alphabet): AEAD fails. */
	good[len - 6] = good[len - 6] == 'A' ? 'B' : 'A';
	check_load_refused(kd->key, good, len, "wrong passphrase or damaged");
	check_load_refused(kd->key, good, len - 10, "not a valid secret key");
	free(good);
	cl_seckey_free(k);
}

static void test_vkey_load_errors(void **state)
{
	struct keydir *kd = *state;
	char name[CL_KEYNAME_MAX + 1], *big;
	unsigned char pk[CL_PUBKEY_BYTES];
	cl_error err = { 0, "" };

	assert_cl_err(cl_vkey_load(kd->pub, name, pk, &err), CL_ENOTFOUND,
		      &err, "no such file");
	write_file(kd->pub, PETER_VKEY, strlen(PETER_VKEY), 0644);
	assert_cl_ok(cl_vkey_load(kd->pub, name, pk, &err), &err);
	assert_string_equal(name, "PeterNeumann");
	write_file(kd->pub, PETER_VKEY "\n\n", strlen(PETER_VKEY) + 2, 0644);
	assert_cl_err(cl_vkey_load(kd->pub, name, pk, &err), CL_EINPUT, &err,
		      "k.key.pub': ");
	big = calloc(1, 2000);
	assert_non_null(big);
	memset(big, 'a', 1999);
	write_file(kd->pub, big, 1999, 0644);
	assert_cl_err(cl_vkey_load(kd->pub, name, pk, &err), CL_EINPUT, &err,
		      "larger than 1024 bytes");
	free(big);
}

/* ---- committed fixtures -------------------------------------------------------- */

static void test_fixture_owner_key(void **state)
{
	struct keydir *kd = *state;
	char *path = fixture_copy(kd->dir, "owner.key");
	char *pub = fixture_copy(kd->dir, "owner.key.pub");
	char name[CL_KEYNAME_MAX + 1], *text;
	unsigned char pk[CL_PUBKEY_BYTES], want[CL_PUBKEY_BYTES];
	cl_seckey *k = NULL, *ref = seed_key(OWNER_NAME, 0);
	cl_error err = { 0, "" };

	unhex(want, sizeof want, OWNER_PK);
	assert_cl_ok(cl_seckey_load(path, NULL, 0, &k, &err), &err);
	assert_string_equal(cl_seckey_name(k), OWNER_NAME);
	assert_memory_equal(cl_seckey_pubkey(k), want, sizeof want);
	assert_memory_equal(cl_seckey_pubkey(ref), want, sizeof want);
	assert_int_equal(cl_note_keyid(OWNER_NAME, want), 0x1e92a34cu);
	/* Ed25519 is deterministic: the fixture key signs like the seed. */
	assert_signs_for(k, want);
	text = tu_slurp(path, NULL);
	assert_non_null(text);
	assert_string_equal(text, "PRIVATE+KEY+test-owner+1e92a34c+"
			    "AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f\n");
	free(text);
	text = tu_slurp(pub, NULL);
	assert_non_null(text);
	assert_string_equal(text, OWNER_VKEY "\n");
	free(text);
	assert_cl_ok(cl_vkey_load(pub, name, pk, &err), &err);
	assert_memory_equal(pk, want, sizeof want);
	cl_seckey_free(k);
	cl_seckey_free(ref);
	free(path);
	free(pub);
}

static void test_fixture_owner_encrypted_key(void **state)
{
	struct keydir *kd = *state;
	char *path = fixture_copy(kd->dir, "owner-encrypted.key");
	char *pub = fixture_copy(kd->dir, "owner-encrypted.key.pub");
	char *pass_path = fixture_copy(kd->dir, "passphrase.txt");
	char *pass, *text;
	unsigned char want[CL_PUBKEY_BYTES];
	size_t pass_len = 0;
	cl_seckey *k = NULL;
	cl_error err = { 0, "" };

	unhex(want, sizeof want, OWNER_PK);
	pass = tu_slurp(pass_path, &pass_len);
	assert_non_null(pass);
	assert_string_equal(pass, OWNER_PASS "\n");
	/* The CLI strips the newline; cl_seckey_load takes exact bytes. */
	assert_cl_err(cl_seckey_load(path, pass, pass_len, &k, &err), CL_EKEY,
		      &err, "wrong passphrase");
	assert_cl_ok(cl_seckey_load(path, pass, pass_len - 1, &k, &err), &err);
	assert_string_equal(cl_seckey_name(k), OWNER_NAME);
	assert_memory_equal(cl_seckey_pubkey(k), want, sizeof want);
	text = tu_slurp(pub, NULL);
	assert_non_null(text);
	assert_string_equal(text, OWNER_VKEY "\n");
	free(text);
	cl_seckey_free(k);
	free(pass);
	free(path);
	free(pub);
	free(pass_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_known_answers),
		cmocka_unit_test(test_sha256_every_length),
		cmocka_unit_test(test_sha256_incremental),
		cmocka_unit_test(test_ed25519_rfc8032_test1),
		cmocka_unit_test(test_ed25519_rfc8032_test2),
		cmocka_unit_test(test_verify_wrong_key_or_message),
		cmocka_unit_test(test_seckey_generate),
		cmocka_unit_test(test_b64_roundtrip),
		cmocka_unit_test(test_b64_strict),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_keyname_valid),
		cmocka_unit_test(test_vkey_known_answer),
		cmocka_unit_test(test_vkey_max_length),
		cmocka_unit_test(test_vkey_refused),
#define KD(t) cmocka_unit_test_setup_teardown(t, keydir_setup, keydir_teardown)
		KD(test_save_load_plain),
		KD(test_save_load_encrypted),
		KD(test_encrypted_header_is_bound),
		KD(test_encrypted_hostile_limits),
		KD(test_save_refuses_existing),
		KD(test_save_refuses_symlink),
		KD(test_save_modes_despite_umask),
		KD(test_save_unwritable_dir),
		KD(test_load_refuses_loose_modes),
		KD(test_load_refuses_symlink),
		KD(test_load_missing_and_not_regular),
		KD(test_load_refuses_bad_content),
		KD(test_load_refuses_damaged_encrypted),
		KD(test_vkey_load_errors),
		KD(test_fixture_owner_key),
		KD(test_fixture_owner_encrypted_key),
#undef KD
	};

	if (cl_crypto_init() != CL_OK) {
		fprintf(stderr, "crypto_test: libsodium failed to start\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
