/*
 * note_test.c: C2SP signed notes, checkpoints and tlog proofs
 * (ledger/note.h).
 *
 * The known answer is the example of the C2SP signed-note spec and of Go's
 * golang.org/x/mod/sumdb/note documentation: PeterNeumann's key and note.
 * The rest is round trips with a fixed-seed key and one malformed input
 * after another, each of which must be refused with the right code.
 */
#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

#define EM "\xe2\x80\x94" /* U+2014 EM DASH */

static const char kat_vkey[] =
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char kat_text[] =
	"If you think cryptography is the answer to your problem,\n"
	"then you don't know what your problem is.\n";
static const char kat_sig[] =
	EM " PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

/* ---- helpers ----------------------------------------------------------- */

/* a || b || c, malloc'd (test helper: aborts the test when out of memory) */
static char *cat3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	assert_non_null(s);
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

static char *kat_note(void)
{
	return cat3(kat_text, "\n", kat_sig);
}

/* A key from seed bytes `fill`, fill+1, ... */
static cl_seckey *test_key(const char *name, unsigned char fill)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_seckey *k = NULL;
	cl_error err = { 0 };
	size_t i;

	for (i = 0; i < sizeof seed; i++)
		seed[i] = (unsigned char)(fill + i);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	return k;
}

static void kat_key(char name[CL_KEYNAME_MAX + 1], unsigned char pk[CL_PUBKEY_BYTES])
{
	cl_error err = { 0 };

	assert_cl_ok(cl_vkey_parse(kat_vkey, strlen(kat_vkey), name, pk, &err),
		     &err);
}

/* ---- signed notes ------------------------------------------------------- */

static void test_kat_verifies(void **state)
{
	char *note = kat_note();
	char name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	cl_error err = { 0 };
	size_t tlen = 0;

	(void)state;
	kat_key(name, pk);
	assert_string_equal(name, "PeterNeumann");
	assert_cl_ok(cl_note_verify(note, strlen(note), name, pk, &tlen, &err),
		     &err);
	assert_int_equal(tlen, strlen(kat_text));
	tlen = 0;
	assert_cl_ok(cl_note_verify_vkey(note, strlen(note), kat_vkey, &tlen,
					 &err), &err);
	assert_int_equal(tlen, strlen(kat_text));
	free(note);
}

static void test_kat_tampered(void **state)
{
	char *note = kat_note();
	char name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES], other[CL_PUBKEY_BYTES];
	size_t len = strlen(note), sig_at = strlen(kat_text) + 1 + 4 + 13;
	cl_error err = { 0 };
	char *bad;

	(void)state;
	kat_key(name, pk);
	/* one changed byte of the text */
	note[3] ^= 0x01;
	assert_cl_err(cl_note_verify(note, len, name, pk, NULL, &err),
		      CL_EINTEGRITY, &err, "does not verify");
	note[3] ^= 0x01;
	/* one changed character in the signature, after the key id */
	assert_int_equal(note[sig_at - 1], ' ');
	assert_int_equal(note[sig_at + 20], 'v');
	note[sig_at + 20] = 'w';
	assert_cl_err(cl_note_verify(note, len, name, pk, NULL, &err),
		      CL_EINTEGRITY, &err, "does not verify");
	note[sig_at + 20] = 'v';
	/* in the key id: someone else's signature, so none of ours */
	note[sig_at] = 'y';
	assert_cl_err(cl_note_verify(note, len, name, pk, NULL, &err),
		      CL_EINTEGRITY, &err, "no signature by key PeterNeumann");
	note[sig_at] = 'x';
	/* a wrong key name, either side */
	assert_cl_err(cl_note_verify(note, len, "PeterNeumann2", pk, NULL, &err),
		      CL_EINTEGRITY, &err, "no signature by key PeterNeumann2");
	bad = cat3(kat_text, "\n" EM " PeterNeuman ", kat_sig + strlen(EM " PeterNeumann "));
	assert_cl_err(cl_note_verify(bad, strlen(bad), name, pk, NULL, &err),
		      CL_EINTEGRITY, &err, "no signature");
	free(bad);
	/* the right name with another public key */
	memcpy(other, pk, sizeof other);
	other[0] ^= 1;
	assert_int_equal(cl_note_verify(note, len, name, other, NULL, &err),
			 CL_EINTEGRITY);
	/* a bad signature, then a malformed line: refused as malformed,
	 * since every line is parsed before any signature counts */
	note[sig_at + 20] = 'w';
	bad = cat3(note, EM "nospace\n", "");
	assert_cl_err(cl_note_verify(bad, strlen(bad), name, pk, NULL, &err),
		      CL_EINPUT, &err, "signature line 2 does not start with an em dash");
	free(bad);
	note[sig_at + 20] = 'v';
	/* and the untouched note still verifies */
	assert_cl_ok(cl_note_verify(note, len, name, pk, NULL, &err), &err);
	free(note);
}

static void test_sign_roundtrip(void **state)
{
	cl_seckey *k = test_key("example.com/log", 1);
	const char *text = "hello\n\nworld\n";
	char vkey[CL_VKEY_MAX], prefix[64], *a = NULL, *b = NULL;
	size_t alen, blen, tlen;
	cl_error err = { 0 };

	(void)state;
	assert_cl_ok(cl_note_sign(k, text, strlen(text), &a, &alen, &err), &err);
	assert_int_equal(alen, strlen(a));
	/* text, blank line, "— name " and 92 base64 characters, newline */
	snprintf(prefix, sizeof prefix, "%s\n" EM " example.com/log ", text);
	assert_int_equal(alen, strlen(prefix) + 92 + 1);
	assert_memory_equal(a, prefix, strlen(prefix));
	assert_int_equal(a[alen - 1], '\n');
	/* Ed25519 is deterministic: the same bytes every time */
	assert_cl_ok(cl_note_sign(k, text, strlen(text), &b, &blen, &err), &err);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	/* verifies (the text's own blank line is not the separator) */
	assert_cl_ok(cl_note_verify(a, alen, "example.com/log",
				    cl_seckey_pubkey(k), &tlen, &err), &err);
	assert_int_equal(tlen, strlen(text));
	cl_vkey_format(vkey, cl_seckey_name(k), cl_seckey_pubkey(k));
	assert_cl_ok(cl_note_verify_vkey(a, alen, vkey, NULL, &err), &err);
	/* a bad verifier key is bad input */
	assert_int_equal(cl_note_verify_vkey(a, alen, "nokey", NULL, &err),
			 CL_EINPUT);
	free(a);
	free(b);
	cl_seckey_free(k);
}

static void test_sign_refuses(void **state)
{
	cl_seckey *k = test_key("example.com/log", 1);
	cl_error err = { 0 };
	char *out = (char *)"x";
	size_t len = 1;
	char *big;

	(void)state;
	assert_cl_err(cl_note_sign(k, "no newline", 10, &out, &len, &err),
		      CL_EINPUT, &err, "must end in a newline");
	assert_null(out);
	assert_int_equal(len, 0);
	assert_cl_err(cl_note_sign(k, "", 0, &out, &len, &err), CL_EINPUT, &err,
		      "newline");
	assert_cl_err(cl_note_sign(k, "tab\there\n", 9, &out, &len, &err),
		      CL_EINPUT, &err, "control character 0x09");
	assert_cl_err(cl_note_sign(k, "nul\0here\n", 9, &out, &len, &err),
		      CL_EINPUT, &err, "control character 0x00");
	assert_cl_err(cl_note_sign(k, "bad \xff utf8\n", 11, &out, &len, &err),
		      CL_EINPUT, &err, "UTF-8");
	big = malloc(CL_NOTE_MAX);
	assert_non_null(big);
	memset(big, 'a', CL_NOTE_MAX);
	big[CL_NOTE_MAX - 1] = '\n';
	assert_cl_err(cl_note_sign(k, big, CL_NOTE_MAX, &out, &len, &err),
		      CL_EINPUT, &err, "larger than");
	free(big);
	cl_seckey_free(k);
}

/* Other keys' lines are ignored; a bad line from our key sinks the note. */
static void test_several_signatures(void **state)
{
	cl_seckey *a = test_key("log.example", 1), *b = test_key("witness.example", 2);
	cl_seckey *a2 = test_key("log.example", 3); /* same name, another key */
	const char *text = "body\n";
	char *na, *nb, *na2, *both, *three, *bad;
	size_t len, la, lb, la2, tl = strlen(text) + 1;
	cl_error err = { 0 };

	(void)state;
	assert_cl_ok(cl_note_sign(a, text, strlen(text), &na, &la, &err), &err);
	assert_cl_ok(cl_note_sign(b, text, strlen(text), &nb, &lb, &err), &err);
	assert_cl_ok(cl_note_sign(a2, text, strlen(text), &na2, &la2, &err), &err);
	/* text, blank, b's line, a's line */
	both = cat3(nb, na + tl, "");
	len = strlen(both);
	assert_cl_ok(cl_note_verify(both, len, "log.example", cl_seckey_pubkey(a),
				    NULL, &err), &err);
	assert_cl_ok(cl_note_verify(both, len, "witness.example",
				    cl_seckey_pubkey(b), NULL, &err), &err);
	/* a2 shares a's name but not its key id: ignored, so no signature */
	assert_cl_err(cl_note_verify(both, len, "log.example",
				     cl_seckey_pubkey(a2), NULL, &err),
		      CL_EINTEGRITY, &err, "no signature");
	three = cat3(both, na2 + tl, "");
	assert_cl_ok(cl_note_verify(three, strlen(three), "log.example",
				    cl_seckey_pubkey(a2), NULL, &err), &err);
	/* our key's line, but broken, next to a good one: rejected */
	bad = cat3(both, na + tl, "");
	bad[strlen(bad) - 10] = bad[strlen(bad) - 10] == 'A' ? 'B' : 'A';
	assert_cl_err(cl_note_verify(bad, strlen(bad), "log.example",
				     cl_seckey_pubkey(a), NULL, &err),
		      CL_EINTEGRITY, &err, "does not verify");
	free(na);
	free(nb);
	free(na2);
	free(both);
	free(three);
	free(bad);
	cl_seckey_free(a);
	cl_seckey_free(b);
	cl_seckey_free(a2);
}

static void test_malformed_notes(void **state)
{
	static const struct {
		const char *note;
		int code;
		const char *msg;
	} cases[] = {
		{ "", CL_EINPUT, "no blank line" },
		{ "text only\n", CL_EINPUT, "no blank line" },
		{ "text\n\n", CL_EINPUT, "no signature lines" },
		{ "text\n\n" EM " k AAAAAAAA", CL_EINPUT, "newline" },
		{ "text\n\n- k AAAAAAAA\n", CL_EINPUT, "em dash" },
		{ "text\n\n" EM "k AAAAAAAA\n", CL_EINPUT, "em dash" },
		{ "text\n\n" EM "\n", CL_EINPUT, "em dash" },
		{ "text\n\n" EM " kAAAAAAAA\n", CL_EINPUT, "no space" },
		{ "text\n\n" EM "  AAAAAAAA\n", CL_EINPUT, "bad key name" },
		{ "text\n\n" EM " a+b AAAAAAAA\n", CL_EINPUT, "bad key name" },
		{ "text\n\n" EM " k AAAA AAAA\n", CL_EINPUT, "not base64" },
		{ "text\n\n" EM " k AAA\n", CL_EINPUT, "not base64" },
		{ "text\n\n" EM " k !!!!!!!!\n", CL_EINPUT, "not base64" },
		{ "text\n\n" EM " k \n", CL_EINPUT, "too short" },
		{ "text\n\n" EM " k AAAAAA==\n", CL_EINPUT, "too short" },
		{ "text\n\n" EM " k AAAAAAAA\n\n", CL_EINPUT, "no signature lines" },
		{ "text\n\n" EM " k AAAAAAAA\r\n", CL_EINPUT, "control character" },
		{ "te\txt\n\n" EM " k AAAAAAAA\n", CL_EINPUT, "control character" },
		{ "t\xc3\n\n" EM " k AAAAAAAA\n", CL_EINPUT, "UTF-8" },
		/* well formed, but by an unknown key only */
		{ "text\n\n" EM " k AAAAAAAA\n", CL_EINTEGRITY, "no signature" },
	};
	static const char nul[] = "te\0t\n\n" EM " k AAAAAAAA\n";
	unsigned char pk[CL_PUBKEY_BYTES];
	char name[CL_KEYNAME_MAX + 1];
	cl_error err = { 0 };
	size_t i;

	(void)state;
	kat_key(name, pk);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = cl_note_verify(cases[i].note, strlen(cases[i].note),
					name, pk, NULL, &err);

		if (rc != cases[i].code || strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: rc %d, msg '%s', want %d '%s'", i,
				 rc, err.msg, cases[i].code, cases[i].msg);
	}
	/* an embedded NUL is a control character, not the end */
	assert_cl_err(cl_note_verify(nul, sizeof nul - 1, name, pk, NULL, &err),
		      CL_EINPUT, &err, "control character 0x00");
}

static void test_note_limits(void **state)
{
	static const char other[] = EM " witness AAAAAAAA\n";
	cl_seckey *k = test_key("log.example", 1);
	const unsigned char *pk = cl_seckey_pubkey(k);
	char *signed_note, *buf;
	size_t slen, tl = strlen("t\n") + 1, i, len;
	cl_error err = { 0 };

	(void)state;
	assert_cl_ok(cl_note_sign(k, "t\n", 2, &signed_note, &slen, &err), &err);
	/* ours plus 99 others: 100 lines, accepted */
	buf = malloc(slen + 100 * strlen(other) + 1);
	assert_non_null(buf);
	memcpy(buf, signed_note, slen);
	len = slen;
	for (i = 0; i < 99; i++) {
		memcpy(buf + len, other, strlen(other));
		len += strlen(other);
	}
	assert_cl_ok(cl_note_verify(buf, len, "log.example", pk, NULL, &err), &err);
	/* 101 lines: refused before anything is checked */
	memcpy(buf + len, other, strlen(other));
	len += strlen(other);
	assert_cl_err(cl_note_verify(buf, len, "log.example", pk, NULL, &err),
		      CL_EINPUT, &err, "more than 100 signatures");
	free(buf);
	/* over 1 MiB */
	len = CL_NOTE_MAX + 1;
	buf = malloc(len);
	assert_non_null(buf);
	memset(buf, 'a', len);
	memcpy(buf + len - (slen - tl) - 2, "\n\n", 2);
	memcpy(buf + len - (slen - tl), signed_note + tl, slen - tl);
	assert_cl_err(cl_note_verify(buf, len, "log.example", pk, NULL, &err),
		      CL_EINPUT, &err, "larger than");
	free(buf);
	free(signed_note);
	cl_seckey_free(k);
}

/* ---- checkpoints -------------------------------------------------------- */

static void test_checkpoint_roundtrip(void **state)
{
	cl_checkpoint cp, got;
	cl_seckey *k = test_key("example.com/log", 7);
	char *text = NULL, *note = NULL, *ext;
	unsigned char other_pk[CL_PUBKEY_BYTES];
	size_t len, nlen;
	cl_error err = { 0 };
	unsigned i;

	(void)state;
	memset(&cp, 0, sizeof cp);
	strcpy(cp.origin, "example.com/log");
	cp.size = 20852163;
	for (i = 0; i < CL_HASH_BYTES; i++)
		cp.root[i] = (unsigned char)i;
	assert_cl_ok(cl_checkpoint_format(&cp, &text, &len, &err), &err);
	assert_string_equal(text, "example.com/log\n20852163\n"
			    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
	assert_int_equal(len, strlen(text));
	assert_cl_ok(cl_checkpoint_parse(text, len, &got, &err), &err);
	assert_string_equal(got.origin, cp.origin);
	assert_true(got.size == cp.size);
	assert_memory_equal(got.root, cp.root, CL_HASH_BYTES);
	/* extension lines are tolerated and ignored */
	ext = cat3(text, "ext one\n", "ext two\n");
	memset(&got, 0, sizeof got);
	assert_cl_ok(cl_checkpoint_parse(ext, strlen(ext), &got, &err), &err);
	assert_true(got.size == cp.size);
	free(ext);
	/* size 0 and the largest size */
	cp.size = 0;
	free(text);
	assert_cl_ok(cl_checkpoint_format(&cp, &text, &len, &err), &err);
	assert_cl_ok(cl_checkpoint_parse(text, len, &got, &err), &err);
	assert_true(got.size == 0);
	cp.size = UINT64_MAX;
	free(text);
	assert_cl_ok(cl_checkpoint_format(&cp, &text, &len, &err), &err);
	assert_non_null(strstr(text, "\n18446744073709551615\n"));
	assert_cl_ok(cl_checkpoint_parse(text, len, &got, &err), &err);
	assert_true(got.size == UINT64_MAX);
	/* signed, opened with the key, origin checked */
	cp.size = 42;
	assert_cl_ok(cl_checkpoint_sign(&cp, k, &note, &nlen, &err), &err);
	assert_cl_ok(cl_checkpoint_open(note, nlen, "example.com/log",
					cl_seckey_pubkey(k), "example.com/log",
					&got, &err), &err);
	assert_true(got.size == 42);
	assert_memory_equal(got.root, cp.root, CL_HASH_BYTES);
	assert_cl_ok(cl_checkpoint_open(note, nlen, "example.com/log",
					cl_seckey_pubkey(k), NULL, &got, &err),
		     &err);
	assert_cl_err(cl_checkpoint_open(note, nlen, "example.com/log",
					 cl_seckey_pubkey(k), "example.com/other",
					 &got, &err),
		      CL_EINTEGRITY, &err, "origin");
	memcpy(other_pk, cl_seckey_pubkey(k), sizeof other_pk);
	other_pk[5] ^= 0x20;
	assert_int_equal(cl_checkpoint_open(note, nlen, "example.com/log",
					    other_pk, NULL, &got, &err),
			 CL_EINTEGRITY);
	/* formatting refuses a bad origin */
	strcpy(cp.origin, "two\nlines");
	assert_cl_err(cl_checkpoint_format(&cp, &ext, &len, &err), CL_EINPUT,
		      &err, "newline");
	cp.origin[0] = '\0';
	assert_cl_err(cl_checkpoint_format(&cp, &ext, &len, &err), CL_EINPUT,
		      &err, "empty");
	free(text);
	free(note);
	cl_seckey_free(k);
}

static void test_checkpoint_malformed(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "", "newline" },
		{ "\n", "line 1: empty origin" },
		{ "o\n", "line 2: tree size missing" },
		{ "o\n5\n", "line 3: root hash missing" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "newline" },
		{ "\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "empty origin" },
		{ "o\n05\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n00\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n-5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n+5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n 5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n5 \nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n0x5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n18446744073709551616\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		{ "o\n99999999999999999999\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "line 2" },
		/* bad base64, 31 bytes, 33 bytes, unpadded, non-canonical bits */
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh*=\n", "line 3" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\n", "line 3" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\n", "line 3" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n", "line 3" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=\n", "line 3" },
		{ "o\n5\n\n", "line 3" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n\n", "line 4: empty extension" },
		{ "o\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\next\n\n", "line 5: empty extension" },
		{ "o\t\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "control character" },
		{ "o\xe2\x80\n5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "UTF-8" },
	};
	cl_checkpoint cp;
	cl_error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = cl_checkpoint_parse(cases[i].text, strlen(cases[i].text),
					     &cp, &err);

		if (rc != CL_EINPUT || strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: rc %d, msg '%s', want '%s'", i, rc,
				 err.msg, cases[i].msg);
	}
}

/* ---- tlog proofs -------------------------------------------------------- */

/* A 7-leaf tree, the signed checkpoint of its size-7 head, and leaf 3's
 * tlog proof. */
struct fixture {
	cl_seckey *k;
	unsigned char leaf[7][CL_HASH_BYTES];
	unsigned char root[CL_HASH_BYTES];
	unsigned char *proof;
	size_t count;
	char *checkpoint;
	size_t cp_len;
};

static void fixture_make(struct fixture *f)
{
	cl_merkle_mem *t = NULL;
	cl_checkpoint cp;
	cl_error err = { 0 };
	char data[32];
	int i;

	memset(f, 0, sizeof *f);
	f->k = test_key("example.com/log", 9);
	assert_int_equal(cl_merkle_mem_new(&t), CL_OK);
	for (i = 0; i < 7; i++) {
		snprintf(data, sizeof data, "record %d", i);
		cl_merkle_leaf_hash(f->leaf[i], data, strlen(data));
		assert_cl_ok(cl_merkle_mem_append(t, f->leaf[i], &err), &err);
	}
	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, 7, f->root, &err), &err);
	assert_cl_ok(cl_merkle_inclusion_proof(cl_merkle_mem_get, t, 3, 7,
					       &f->proof, &f->count, &err), &err);
	assert_int_equal(f->count, 3);
	memset(&cp, 0, sizeof cp);
	strcpy(cp.origin, "example.com/log");
	cp.size = 7;
	memcpy(cp.root, f->root, CL_HASH_BYTES);
	assert_cl_ok(cl_checkpoint_sign(&cp, f->k, &f->checkpoint, &f->cp_len,
					&err), &err);
	cl_merkle_mem_free(t);
}

static void fixture_free(struct fixture *f)
{
	free(f->proof);
	free(f->checkpoint);
	cl_seckey_free(f->k);
}

static void test_tlog_proof_roundtrip(void **state)
{
	const unsigned char extra[] = "age-v1.2.1-darwin-arm64.tar.gz";
	struct fixture f;
	cl_tlog_proof p;
	cl_checkpoint cp;
	cl_error err = { 0 };
	char *text, head[64], b64[45];
	size_t len, off;
	uint64_t index = 0;
	unsigned i;

	(void)state;
	fixture_make(&f);
	assert_cl_ok(cl_tlog_proof_format(3, f.proof, f.count, f.checkpoint,
					  f.cp_len, NULL, 0, &text, &len, &err),
		     &err);
	assert_int_equal(len, strlen(text));
	/* the exact layout */
	off = strlen("c2sp.org/tlog-proof@v1\nindex 3\n");
	assert_memory_equal(text, "c2sp.org/tlog-proof@v1\nindex 3\n", off);
	for (i = 0; i < f.count; i++) {
		cl_b64_encode(b64, f.proof + i * CL_HASH_BYTES, CL_HASH_BYTES);
		assert_memory_equal(text + off, b64, 44);
		assert_int_equal(text[off + 44], '\n');
		off += 45;
	}
	assert_int_equal(text[off], '\n');
	assert_string_equal(text + off + 1, f.checkpoint);
	/* parse it back */
	assert_cl_ok(cl_tlog_proof_parse(text, len, &p, &err), &err);
	assert_true(p.index == 3);
	assert_int_equal(p.count, f.count);
	assert_memory_equal(p.hashes, f.proof, f.count * CL_HASH_BYTES);
	assert_int_equal(p.has_extra, 0);
	assert_int_equal(p.checkpoint_len, f.cp_len);
	assert_string_equal(p.checkpoint, f.checkpoint);
	cl_tlog_proof_release(&p);
	assert_null(p.hashes);
	/* and verify it end to end */
	assert_cl_ok(cl_tlog_proof_verify(text, len, f.leaf[3], "example.com/log",
					  cl_seckey_pubkey(f.k), "example.com/log",
					  &cp, &index, &err), &err);
	assert_true(index == 3);
	assert_true(cp.size == 7);
	assert_memory_equal(cp.root, f.root, CL_HASH_BYTES);
	assert_cl_err(cl_tlog_proof_verify(text, len, f.leaf[2], "example.com/log",
					   cl_seckey_pubkey(f.k), NULL, NULL,
					   NULL, &err),
		      CL_EINTEGRITY, &err, "tlog proof: inclusion proof");
	assert_cl_err(cl_tlog_proof_verify(text, len, f.leaf[3], "example.com/log",
					   cl_seckey_pubkey(f.k), "other.example",
					   NULL, NULL, &err),
		      CL_EINTEGRITY, &err, "origin");
	assert_cl_err(cl_tlog_proof_verify(text, len, f.leaf[3], "other.example",
					   cl_seckey_pubkey(f.k), NULL, NULL,
					   NULL, &err),
		      CL_EINTEGRITY, &err, "no signature");
	free(text);

	/* with an extra line */
	assert_cl_ok(cl_tlog_proof_format(3, f.proof, f.count, f.checkpoint,
					  f.cp_len, extra, sizeof extra - 1,
					  &text, &len, &err), &err);
	snprintf(head, sizeof head, "c2sp.org/tlog-proof@v1\nextra ");
	assert_memory_equal(text, head, strlen(head));
	assert_cl_ok(cl_tlog_proof_parse(text, len, &p, &err), &err);
	assert_int_equal(p.has_extra, 1);
	assert_int_equal(p.extra_len, sizeof extra - 1);
	assert_memory_equal(p.extra, extra, sizeof extra - 1);
	assert_true(p.index == 3);
	cl_tlog_proof_release(&p);
	assert_cl_ok(cl_tlog_proof_verify(text, len, f.leaf[3], "example.com/log",
					  cl_seckey_pubkey(f.k), NULL, NULL,
					  NULL, &err), &err);
	free(text);

	/* empty extra, and a proof with no hashes (index 0 of 1) */
	assert_cl_ok(cl_tlog_proof_format(0, NULL, 0, f.checkpoint, f.cp_len,
					  extra, 0, &text, &len, &err), &err);
	assert_memory_equal(text, "c2sp.org/tlog-proof@v1\nextra \nindex 0\n\n", 39);
	assert_cl_ok(cl_tlog_proof_parse(text, len, &p, &err), &err);
	assert_int_equal(p.has_extra, 1);
	assert_int_equal(p.extra_len, 0);
	assert_int_equal(p.count, 0);
	assert_null(p.hashes);
	assert_true(p.index == 0);
	cl_tlog_proof_release(&p);
	free(text);

	/* format refuses what it cannot write */
	assert_int_equal(cl_tlog_proof_format(0, f.proof, 65, f.checkpoint,
			 f.cp_len, NULL, 0, &text, &len, &err), CL_EINPUT);
	assert_cl_err(cl_tlog_proof_format(0, f.proof, 1, f.checkpoint,
					   f.cp_len - 1, NULL, 0, &text, &len,
					   &err),
		      CL_EINPUT, &err, "final newline");
	assert_null(text);
	fixture_free(&f);
}

static void test_tlog_proof_malformed(void **state)
{
	/* any checkpoint text will do: parse does not open it */
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "", "line 1" },
		{ "c2sp.org/tlog-proof@v1", "line 1" },
		{ "c2sp.org/tlog-proof@v2\nindex 0\n\ncp\n", "line 1" },
		{ "c2sp.org/tlog-proof@v1 \nindex 0\n\ncp\n", "line 1" },
		{ "C2SP.org/tlog-proof@v1\nindex 0\n\ncp\n", "line 1" },
		{ "c2sp.org/tlog-proof@v1\r\nindex 0\n\ncp\n", "line 1" },
		{ "c2sp.org/tlog-proof@v1\n", "truncated after line 1" },
		{ "c2sp.org/tlog-proof@v1\nindex 0", "truncated after line 1" },
		{ "c2sp.org/tlog-proof@v1\nindex 0\n", "truncated" },
		{ "c2sp.org/tlog-proof@v1\nindex 0\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "truncated" },
		{ "c2sp.org/tlog-proof@v1\nindex 0\n\n", "checkpoint is missing" },
		{ "c2sp.org/tlog-proof@v1\nindex 0\n\ncp", "final newline" },
		{ "c2sp.org/tlog-proof@v1\nindex abc\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nindex \n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nindex 01\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nindex -1\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nindex 1 \n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nindex  1\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nindex 18446744073709551616\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nIndex 1\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\n\n\ncp\n", "line 2" },
		{ "c2sp.org/tlog-proof@v1\nextra AAAA\n\ncp\n", "line 3" },
		{ "c2sp.org/tlog-proof@v1\nextra AAA\nindex 0\n\ncp\n", "line 2: extra" },
		{ "c2sp.org/tlog-proof@v1\nextra AAAA\nextra AAAA\nindex 0\n\ncp\n", "line 3" },
		{ "c2sp.org/tlog-proof@v1\nindex 5\nextra AAAA\n\ncp\n", "line 3: not the base64" },
		{ "c2sp.org/tlog-proof@v1\nindex 5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh*=\n\ncp\n", "line 3" },
		{ "c2sp.org/tlog-proof@v1\nindex 5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\n\ncp\n", "line 3" },
		{ "c2sp.org/tlog-proof@v1\nindex 5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=\n\ncp\n", "line 3" },
		{ "c2sp.org/tlog-proof@v1\nindex 5\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8 \n\ncp\n", "line 4" },
		{ "c2sp.org/tlog-proof@v1\nindex 5\n AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n\ncp\n", "line 3" },
	};
	static const char hash_line[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";
	cl_tlog_proof p;
	cl_error err = { 0 };
	char *many, *q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = cl_tlog_proof_parse(cases[i].text, strlen(cases[i].text),
					     &p, &err);

		if (rc != CL_EINPUT || strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: rc %d, msg '%s', want '%s'", i, rc,
				 err.msg, cases[i].msg);
		assert_null(p.hashes);
		assert_null(p.checkpoint);
		assert_null(p.extra);
	}
	/* 64 hashes are fine, 65 are not */
	many = malloc(64 + 65 * sizeof hash_line + 16);
	assert_non_null(many);
	q = many + sprintf(many, "c2sp.org/tlog-proof@v1\nindex 0\n");
	for (i = 0; i < 64; i++)
		q += sprintf(q, "%s", hash_line);
	strcpy(q, "\ncp\n");
	assert_cl_ok(cl_tlog_proof_parse(many, strlen(many), &p, &err), &err);
	assert_int_equal(p.count, 64);
	cl_tlog_proof_release(&p);
	q += sprintf(q, "%s", hash_line);
	strcpy(q, "\ncp\n");
	assert_cl_err(cl_tlog_proof_parse(many, strlen(many), &p, &err), CL_EINPUT,
		      &err, "line 67: more than 64 hashes");
	free(many);
}

/* Every strict prefix of a good proof must fail to verify, and parsing it
 * must neither crash nor leak (run under ASan by `make sanitize`). */
static void test_tlog_proof_truncated(void **state)
{
	struct fixture f;
	cl_tlog_proof p;
	cl_error err = { 0 };
	char *text, *copy;
	size_t len, cut;

	(void)state;
	fixture_make(&f);
	assert_cl_ok(cl_tlog_proof_format(3, f.proof, f.count, f.checkpoint,
					  f.cp_len, NULL, 0, &text, &len, &err),
		     &err);
	for (cut = 0; cut < len; cut++) {
		int rc;

		/* an exact-size copy, so ASan sees any read past the end */
		copy = malloc(cut ? cut : 1);
		assert_non_null(copy);
		memcpy(copy, text, cut);
		rc = cl_tlog_proof_verify(copy, cut, f.leaf[3], "example.com/log",
					  cl_seckey_pubkey(f.k), NULL, NULL,
					  NULL, &err);
		if (rc == CL_OK)
			fail_msg("prefix of %zu bytes verified", cut);
		if (cl_tlog_proof_parse(copy, cut, &p, &err) == CL_OK)
			cl_tlog_proof_release(&p);
		free(copy);
	}
	free(text);
	fixture_free(&f);
}

/*
 * Byte-exact vectors (SPEC.md, "Transparency"): the checkpoint of the CT
 * 8-leaf test tree signed by the key with seed 00 01 .. 1f named
 * example.com/claimledger, and the tlog proof of leaf 5.  The signature
 * was checked independently with OpenSSL's Ed25519 and the key id with
 * Python's hashlib.
 */
static const char fixed_vkey[] =
	"example.com/claimledger+9546f212+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
static const char fixed_checkpoint[] =
	"example.com/claimledger\n"
	"8\n"
	"XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
	"\n"
	EM " example.com/claimledger lUbyEm48kA9FlEFDccpVF4ayTlUWlshlIbjeX1UOnu0BlOIUP+8adOJ14MsDcMXx98tyRE4is6S/z4Gdjo7Ktu7XnQ4=\n";
static const char fixed_proof_head[] =
	"c2sp.org/tlog-proof@v1\n"
	"index 5\n"
	"vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n"
	"yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n"
	"037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n"
	"\n";

static void test_fixed_key_vectors(void **state)
{
	unsigned char seed[CL_SEED_BYTES], leaf[CL_HASH_BYTES];
	cl_seckey *k = NULL;
	cl_checkpoint cp;
	cl_tlog_proof p;
	cl_error err = { 0 };
	char vkey[CL_VKEY_MAX], *note, *proof, *want;
	size_t i, nlen, plen;
	uint64_t index;

	(void)state;
	for (i = 0; i < sizeof seed; i++)
		seed[i] = (unsigned char)i;
	assert_cl_ok(cl_seckey_from_seed("example.com/claimledger", seed, &k,
					 &err), &err);
	cl_vkey_format(vkey, cl_seckey_name(k), cl_seckey_pubkey(k));
	assert_string_equal(vkey, fixed_vkey);
	memset(&cp, 0, sizeof cp);
	strcpy(cp.origin, "example.com/claimledger");
	cp.size = 8;
	/* MTH of the CT test tree, size 8 (5dc9da79...) */
	assert_int_equal(cl_hex_decode(cp.root, CL_HASH_BYTES,
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
		64), CL_OK);
	assert_cl_ok(cl_checkpoint_sign(&cp, k, &note, &nlen, &err), &err);
	assert_string_equal(note, fixed_checkpoint);
	assert_cl_ok(cl_note_verify_vkey(fixed_checkpoint,
					 sizeof fixed_checkpoint - 1, fixed_vkey,
					 NULL, &err), &err);
	/* the head alone is a truncated proof */
	assert_cl_err(cl_tlog_proof_parse(fixed_proof_head,
					  sizeof fixed_proof_head - 1, &p, &err),
		      CL_EINPUT, &err, "checkpoint is missing");
	want = cat3(fixed_proof_head, fixed_checkpoint, "");
	assert_cl_ok(cl_tlog_proof_parse(want, strlen(want), &p, &err), &err);
	assert_cl_ok(cl_tlog_proof_format(p.index, p.hashes, p.count, note, nlen,
					  NULL, 0, &proof, &plen, &err), &err);
	assert_string_equal(proof, want);
	/* leaf 5 of the test tree is the bytes 40 41 42 43 */
	cl_merkle_leaf_hash(leaf, "\x40\x41\x42\x43", 4);
	assert_cl_ok(cl_tlog_proof_verify(proof, plen, leaf,
					  "example.com/claimledger",
					  cl_seckey_pubkey(k),
					  "example.com/claimledger", &cp, &index,
					  &err), &err);
	assert_true(index == 5 && cp.size == 8);
	cl_tlog_proof_release(&p);
	free(want);
	free(proof);
	free(note);
	cl_seckey_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat_verifies),
		cmocka_unit_test(test_kat_tampered),
		cmocka_unit_test(test_sign_roundtrip),
		cmocka_unit_test(test_sign_refuses),
		cmocka_unit_test(test_several_signatures),
		cmocka_unit_test(test_malformed_notes),
		cmocka_unit_test(test_note_limits),
		cmocka_unit_test(test_checkpoint_roundtrip),
		cmocka_unit_test(test_checkpoint_malformed),
		cmocka_unit_test(test_tlog_proof_roundtrip),
		cmocka_unit_test(test_tlog_proof_malformed),
		cmocka_unit_test(test_tlog_proof_truncated),
		cmocka_unit_test(test_fixed_key_vectors),
	};

	if (cl_crypto_init() != CL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
