/*
 * cosig_test.c: C2SP checkpoint cosignatures (ledger/cosig.h).
 *
 * Known answers: the witness key "Wit1" of transparency-dev/tessera's Go
 * tests (secret PRIVATE+KEY+Wit1+362a3b47+AVq3..., verifier key
 * Wit1+4dd489c8+BDd/..., made by transparency-dev/formats, the Go
 * reference of cosignature/v1), so the 0x04 key id and vkey are checked
 * against another implementation; and its cosignature, at time
 * 1,700,000,000, of SPEC.md's test checkpoint (example.com/claimledger at
 * size 8), computed independently with Python's `cryptography` Ed25519
 * (Ed25519 is deterministic: the bytes are exact).  Then every way a
 * cosignature can be wrong: text, time, signature, key, length.
 */
#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/cosig.h"
#include "ledger/note.h"

#define EM "\xe2\x80\x94" /* U+2014 EM DASH */

/* The base64 of 0x01 || seed in tessera's testWit1SKey. */
static const char wit1_seed_b64[] = "AVq3ou1kOLb/aTkJLoMwbMULJQNr8EQVGbpyZxMEZMyT";
static const char wit1_vkey[] = "Wit1+4dd489c8+BDd/u4KCwMnyfkbOqopYZJIGSuMxMnjGav6Pjb9W8Y3c";

/* SPEC.md's checkpoint test vector (owner key: seed 00..1f). */
static const char cp_text[] =
	"example.com/claimledger\n"
	"8\n"
	"XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
static const char cp_owner_line[] =
	EM " example.com/claimledger lUbyEm48kA9FlEFDccpVF4ayTlUWlshlIbjeX1UOnu0BlOIUP+8adOJ14MsDcMXx98tyRE4is6S/z4Gdjo7Ktu7XnQ4=\n";
#define KAT_TIME 1700000000u
static const char kat_cosig_line[] =
	EM " Wit1 TdSJyAAAAABlU/EAOot1ocE71L0RQgE8cBN07PZ9rNeRb9bI1Gazil3gcZPcFFk1Oof5iJJfAM+/cs3WaONy4hbmWzEdNWimDPEWCg==\n";

/* ---- helpers ----------------------------------------------------------- */

static char *cat(const char *a, const char *b, const char *c, const char *d)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c), ld = strlen(d);
	char *s = malloc(la + lb + lc + ld + 1);

	assert_non_null(s);
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	memcpy(s + la + lb + lc, d, ld + 1);
	return s;
}

/* The owner-signed checkpoint of SPEC's vector. */
static char *cp_note(void)
{
	return cat(cp_text, "\n", cp_owner_line, "");
}

static cl_seckey *wit1_key(void)
{
	unsigned char b[33];
	size_t n = 0;
	cl_seckey *k = NULL;
	cl_error err = { 0 };

	assert_int_equal(cl_b64_decode(b, sizeof b, &n, wit1_seed_b64,
				       strlen(wit1_seed_b64)), CL_OK);
	assert_int_equal(n, 33);
	assert_int_equal(b[0], 0x01);
	assert_cl_ok(cl_seckey_from_seed("Wit1", b + 1, &k, &err), &err);
	return k;
}

/* The note `text` "\n" `owner` "— name base64(blob)\n". */
static char *note_with_blob(const char *name, const unsigned char *blob,
			    size_t n)
{
	char b64[256], line[400];

	assert_true(cl_b64_len(n) <= sizeof b64);
	cl_b64_encode(b64, blob, n);
	snprintf(line, sizeof line, EM " %s %s\n", name, b64);
	return cat(cp_text, "\n", cp_owner_line, line);
}

/* The blob of the KAT cosignature line. */
static void kat_blob(unsigned char blob[CL_COSIG_BLOB])
{
	const char *b64 = kat_cosig_line + strlen(EM " Wit1 ");
	size_t n = 0;

	assert_int_equal(cl_b64_decode(blob, CL_COSIG_BLOB, &n, b64,
				       strlen(b64) - 1), CL_OK);
	assert_int_equal(n, CL_COSIG_BLOB);
}

/* ---- tests --------------------------------------------------------------- */

static void test_keyid_and_vkey(void **state)
{
	cl_seckey *k = wit1_key();
	char vkey[CL_VKEY_MAX];
	cl_witness w, parsed;
	cl_error err = { 0 };

	(void)state;
	cl_witness_of_key(k, &w);
	assert_int_equal(w.keyid, 0x4dd489c8u);
	/* The plain note key id of the same key, as tessera's secret key
	 * file has it: the type byte is what differs. */
	assert_int_equal(cl_note_keyid("Wit1", cl_seckey_pubkey(k)), 0x362a3b47u);
	cl_vkey_format_type(vkey, "Wit1", CL_SIGTYPE_COSIG, cl_seckey_pubkey(k));
	assert_string_equal(vkey, wit1_vkey);
	assert_cl_ok(cl_witness_parse(wit1_vkey, strlen(wit1_vkey), &parsed, &err), &err);
	assert_string_equal(parsed.name, "Wit1");
	assert_memory_equal(parsed.pk, cl_seckey_pubkey(k), CL_PUBKEY_BYTES);
	assert_int_equal(parsed.keyid, 0x4dd489c8u);

	/* A plain signing key (type 0x01) is not a witness key ... */
	cl_vkey_format(vkey, "Wit1", cl_seckey_pubkey(k));
	assert_cl_err(cl_witness_parse(vkey, strlen(vkey), &parsed, &err),
		      CL_EINPUT, &err, "not a witness's cosignature key");
	/* ... nor is a witness key a signing key ... */
	{
		char name[CL_KEYNAME_MAX + 1];
		unsigned char pk[CL_PUBKEY_BYTES];

		assert_cl_err(cl_vkey_parse(wit1_vkey, strlen(wit1_vkey), name,
					    pk, &err),
			      CL_EINPUT, &err, "witness's cosignature key");
	}
	/* ... and a 0x04 key with the 0x01 key id is refused. */
	{
		const char bad[] = "Wit1+362a3b47+BDd/u4KCwMnyfkbOqopYZJIGSuMxMnjGav6Pjb9W8Y3c";

		assert_cl_err(cl_witness_parse(bad, strlen(bad), &parsed, &err),
			      CL_EINPUT, &err, "does not match");
	}
	cl_seckey_free(k);
}

static void test_message(void **state)
{
	static const char want[] = "cosignature/v1\ntime 1700000000\n"
				   "example.com/claimledger\n8\n"
				   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
	cl_error err = { 0 };
	char *msg = NULL;
	size_t len = 0;

	(void)state;
	assert_cl_ok(cl_cosig_message(cp_text, strlen(cp_text), KAT_TIME, &msg,
				      &len, &err), &err);
	assert_int_equal(len, strlen(want));
	assert_string_equal(msg, want);
	free(msg);
	/* time 0 is "0", no leading zeros */
	assert_cl_ok(cl_cosig_message(cp_text, strlen(cp_text), 0, &msg, &len,
				      &err), &err);
	assert_memory_equal(msg, "cosignature/v1\ntime 0\nexample.com", 33);
	free(msg);
	assert_cl_err(cl_cosig_message(cp_text, strlen(cp_text) - 1, 1, &msg,
				       &len, &err), CL_EINPUT, &err, "newline");
	assert_null(msg);
	assert_cl_err(cl_cosig_message(cp_text, strlen(cp_text),
				       CL_COSIG_TIME_MAX + 1, &msg, &len, &err),
		      CL_EINPUT, &err, "2^63");
	assert_null(msg);
}

static void test_kat_sign_verify(void **state)
{
	cl_seckey *k = wit1_key();
	char *note = cp_note(), *out = NULL, *want;
	size_t out_len = 0;
	uint64_t t = 0;
	cl_witness w;
	cl_error err = { 0 };

	(void)state;
	cl_witness_of_key(k, &w);
	assert_cl_ok(cl_cosig_add(k, note, strlen(note), KAT_TIME, &out,
				  &out_len, &err), &err);
	want = cat(cp_text, "\n", cp_owner_line, kat_cosig_line);
	assert_int_equal(out_len, strlen(want));
	assert_string_equal(out, want);
	assert_cl_ok(cl_cosig_verify(out, out_len, &w, &t, &err), &err);
	assert_int_equal(t, KAT_TIME);
	/* The owner's signature still verifies on the cosigned note. */
	{
		cl_seckey *owner = tu_seed_key("example.com/claimledger", 0);
		cl_checkpoint cp;

		assert_cl_ok(cl_checkpoint_open(out, out_len,
						"example.com/claimledger",
						cl_seckey_pubkey(owner), NULL,
						&cp, &err), &err);
		assert_int_equal(cp.size, 8);
		cl_seckey_free(owner);
	}
	/* No cosignature yet: not found, which is not an error. */
	assert_int_equal(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
			 CL_ENOTFOUND);
	free(want);
	free(out);
	free(note);
	cl_seckey_free(k);
}

static void test_tampered(void **state)
{
	unsigned char blob[CL_COSIG_BLOB], b2[CL_COSIG_BLOB];
	cl_seckey *k = wit1_key();
	cl_witness w;
	cl_error err = { 0 };
	char *note;

	(void)state;
	cl_witness_of_key(k, &w);
	kat_blob(blob);
	note = note_with_blob("Wit1", blob, sizeof blob);
	assert_cl_ok(cl_cosig_verify(note, strlen(note), &w, NULL, &err), &err);
	/* the text: size 8 -> 9 (the owner's line fails too; a cosignature
	 * does not rest on it) */
	note[strlen("example.com/claimledger\n")] = '9';
	assert_cl_err(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
		      CL_EINTEGRITY, &err, "cosignature by witness Wit1 does not verify");
	free(note);
	/* the time, one second later */
	memcpy(b2, blob, sizeof b2);
	b2[11] ^= 0x01;
	note = note_with_blob("Wit1", b2, sizeof b2);
	assert_cl_err(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
		      CL_EINTEGRITY, &err, "does not verify");
	free(note);
	/* a time over 2^63 - 1 */
	memcpy(b2, blob, sizeof b2);
	b2[4] |= 0x80;
	note = note_with_blob("Wit1", b2, sizeof b2);
	assert_cl_err(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
		      CL_EINTEGRITY, &err, "does not verify");
	free(note);
	/* each byte of the signature */
	for (size_t i = 12; i < CL_COSIG_BLOB; i++) {
		memcpy(b2, blob, sizeof b2);
		b2[i] ^= 0x20;
		note = note_with_blob("Wit1", b2, sizeof b2);
		assert_int_equal(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
				 CL_EINTEGRITY);
		free(note);
	}
	/* one byte short, one byte long: name and key id match, so it is
	 * Wit1's line, and it must be right */
	note = note_with_blob("Wit1", blob, sizeof blob - 1);
	assert_int_equal(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
			 CL_EINTEGRITY);
	free(note);
	{
		unsigned char longer[CL_COSIG_BLOB + 1];

		memcpy(longer, blob, sizeof blob);
		longer[CL_COSIG_BLOB] = 0;
		note = note_with_blob("Wit1", longer, sizeof longer);
		assert_int_equal(cl_cosig_verify(note, strlen(note), &w, NULL,
						 &err), CL_EINTEGRITY);
		free(note);
	}
	/* a good line and a bad one by the same key: the note fails */
	{
		char *good = note_with_blob("Wit1", blob, sizeof blob), *both;
		char b64[128], line[200];

		memcpy(b2, blob, sizeof b2);
		b2[40] ^= 1;
		cl_b64_encode(b64, b2, sizeof b2);
		snprintf(line, sizeof line, EM " Wit1 %s\n", b64);
		both = cat(good, line, "", "");
		assert_int_equal(cl_cosig_verify(both, strlen(both), &w, NULL,
						 &err), CL_EINTEGRITY);
		free(both);
		free(good);
	}
	cl_seckey_free(k);
}

static void test_wrong_key(void **state)
{
	unsigned char blob[CL_COSIG_BLOB];
	cl_seckey *other = tu_seed_key("Wit1", 7);
	cl_witness w, impostor;
	cl_error err = { 0 };
	char *note;

	(void)state;
	kat_blob(blob);
	note = note_with_blob("Wit1", blob, sizeof blob);
	/* Another key of the same name: another key id, so the line is not
	 * its; it has no cosignature here. */
	cl_witness_of_key(other, &w);
	assert_int_equal(cl_cosig_verify(note, strlen(note), &w, NULL, &err),
			 CL_ENOTFOUND);
	/* The same name and key id but another public key (a forged vkey):
	 * the line is "its", and does not verify. */
	impostor = w;
	impostor.keyid = 0x4dd489c8u;
	assert_int_equal(cl_cosig_verify(note, strlen(note), &impostor, NULL,
					 &err), CL_EINTEGRITY);
	/* Another name with the key id: not its line. */
	{
		cl_seckey *k = wit1_key();

		cl_witness_of_key(k, &w);
		snprintf(w.name, sizeof w.name, "Wit2");
		assert_int_equal(cl_cosig_verify(note, strlen(note), &w, NULL,
						 &err), CL_ENOTFOUND);
		cl_seckey_free(k);
	}
	/* A plain (0x01) signature by the witness key over the bare text is
	 * not a cosignature: its key id is the 0x01 one. */
	{
		cl_seckey *k = wit1_key();
		char *signed_note = NULL;
		size_t n = 0;

		cl_witness_of_key(k, &w);
		assert_cl_ok(cl_note_sign(k, cp_text, strlen(cp_text),
					  &signed_note, &n, &err), &err);
		assert_int_equal(cl_cosig_verify(signed_note, n, &w, NULL, &err),
				 CL_ENOTFOUND);
		free(signed_note);
		cl_seckey_free(k);
	}
	free(note);
	cl_seckey_free(other);
}

static void test_add_replaces_own_line(void **state)
{
	cl_seckey *k1 = wit1_key(), *k2 = tu_seed_key("w2.example/witness", 50);
	char *note = cp_note(), *a = NULL, *b = NULL, *c = NULL;
	size_t la = 0, lb = 0, lc = 0;
	cl_witness w1, w2;
	uint64_t t = 0;
	cl_error err = { 0 };

	(void)state;
	cl_witness_of_key(k1, &w1);
	cl_witness_of_key(k2, &w2);
	assert_cl_ok(cl_cosig_add(k1, note, strlen(note), 100, &a, &la, &err), &err);
	assert_cl_ok(cl_cosig_add(k2, a, la, 200, &b, &lb, &err), &err);
	assert_cl_ok(cl_cosig_add(k1, b, lb, 300, &c, &lc, &err), &err);
	/* owner, w2, w1: w1's first line was replaced by its new one */
	assert_int_equal(lc, lb);
	assert_memory_equal(c, cp_text, strlen(cp_text));
	assert_non_null(strstr(c, cp_owner_line));
	assert_non_null(strstr(c, EM " w2.example/witness "));
	{
		const char *w1line = strstr(c, EM " Wit1 ");

		assert_non_null(w1line);
		assert_null(strstr(w1line + 1, EM " Wit1 ")); /* only one */
		assert_true(w1line > strstr(c, EM " w2.example/witness "));
	}
	assert_cl_ok(cl_cosig_verify(c, lc, &w1, &t, &err), &err);
	assert_int_equal(t, 300);
	assert_cl_ok(cl_cosig_verify(c, lc, &w2, &t, &err), &err);
	assert_int_equal(t, 200);
	free(a);
	/* malformed notes are refused */
	assert_cl_err(cl_cosig_add(k1, cp_text, strlen(cp_text), 1, &a, &la, &err),
		      CL_EINPUT, &err, "no blank line");
	assert_null(a);
	assert_cl_err(cl_cosig_add(k1, note, strlen(note) - 1, 1, &a, &la, &err),
		      CL_EINPUT, &err, "newline");
	assert_cl_err(cl_cosig_add(k1, note, strlen(note), CL_COSIG_TIME_MAX + 1,
				   &a, &la, &err), CL_EINPUT, &err, "2^63");
	free(b);
	free(c);
	free(note);
	cl_seckey_free(k1);
	cl_seckey_free(k2);
}

static void test_malformed(void **state)
{
	static const char *bad[] = {
		"example.com/claimledger\n8\nX=\n\n" EM " Wit1\n",
		"example.com/claimledger\n8\nX=\n\n" EM " Wit1 !!!!\n",
		"example.com/claimledger\n8\nX=\n\n" EM " Wit1 AAAA\n",
		"example.com/claimledger\n8\nX=\n\n- Wit1 AAAAAAAA\n",
		"example.com/claimledger\n8\nX=\n\n" EM " W+1 AAAAAAAA\n",
		"example.com/claimledger\n8\nX=\n\n",
		"example.com/claimledger\n8\x01\nX=\n\n" EM " Wit1 AAAAAAAA\n",
		"example.com/claimledger\n8\n\xff\n\n" EM " Wit1 AAAAAAAA\n",
	};
	cl_seckey *k = wit1_key();
	cl_witness w;
	cl_error err = { 0 };

	(void)state;
	cl_witness_of_key(k, &w);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(cl_cosig_verify(bad[i], strlen(bad[i]), &w, NULL,
						 &err), CL_EINPUT);
	cl_seckey_free(k);
}

static void test_quorum(void **state)
{
	cl_seckey *k1 = wit1_key(), *k2 = tu_seed_key("w2.example/witness", 50);
	char *note = cp_note(), *one = NULL, *two = NULL;
	size_t l1 = 0, l2 = 0, valid = 99;
	cl_witness w[3];
	cl_error err = { 0 };

	(void)state;
	cl_witness_of_key(k1, &w[0]);
	cl_witness_of_key(k2, &w[1]);
	w[2] = w[0];
	assert_cl_ok(cl_cosig_add(k1, note, strlen(note), 100, &one, &l1, &err), &err);
	assert_cl_ok(cl_cosig_add(k2, one, l1, 200, &two, &l2, &err), &err);

	assert_cl_err(cl_cosig_quorum(one, l1, w, 2, 2, &valid, &err),
		      CL_EINTEGRITY, &err,
		      "checkpoint has 1 valid witness cosignature, quorum is 2");
	assert_int_equal(valid, 1);
	assert_cl_ok(cl_cosig_quorum(one, l1, w, 2, 1, &valid, &err), &err);
	assert_int_equal(valid, 1);
	assert_cl_ok(cl_cosig_quorum(two, l2, w, 2, 2, &valid, &err), &err);
	assert_int_equal(valid, 2);
	/* the same witness twice counts once */
	assert_cl_err(cl_cosig_quorum(one, l1, (cl_witness[]){ w[0], w[2] }, 2, 2,
				      &valid, &err),
		      CL_EINTEGRITY, &err, "1 valid witness cosignature");
	assert_int_equal(valid, 1);
	assert_cl_err(cl_cosig_quorum(note, strlen(note), w, 2, 1, &valid, &err),
		      CL_EINTEGRITY, &err, "has 0 valid witness cosignatures");
	assert_int_equal(valid, 0);
	assert_cl_ok(cl_cosig_quorum(note, strlen(note), w, 0, 0, &valid, &err), &err);
	assert_cl_err(cl_cosig_quorum(two, l2, w, 2, 3, &valid, &err), CL_EINPUT,
		      &err, "quorum 3 is more than the 2 witnesses given");
	/* a forged line by a known witness fails the note, whatever the count */
	{
		char *forged = malloc(l2 + 1);
		char *last;

		assert_non_null(forged);
		memcpy(forged, two, l2 + 1);
		last = strrchr(forged, ' ') + 20;
		*last = *last == 'A' ? 'B' : 'A';
		assert_cl_err(cl_cosig_quorum(forged, l2, w, 2, 1, &valid, &err),
			      CL_EINTEGRITY, &err,
			      "cosignature by witness w2.example/witness does not verify");
		free(forged);
	}
	free(one);
	free(two);
	free(note);
	cl_seckey_free(k1);
	cl_seckey_free(k2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyid_and_vkey),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_kat_sign_verify),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_add_replaces_own_line),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_quorum),
	};

	if (cl_crypto_init() != CL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
