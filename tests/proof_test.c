/*
 * proof_test.c: one record and its tlog proof checked offline
 * (ledger/proof.h): the body alone, the record line with its id and
 * signature, and every way the pair can fail to match.
 */
#define _GNU_SOURCE /* memmem */
#include <inttypes.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/proof.h"
#include "ledger/record.h"
#include "ledger/store.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

struct fx {
	char *dir;
	cl_seckey *owner, *other;
	cl_ledger *l;
	char *proof[4];   /* prove of seq 0..3 against a checkpoint of 4 */
	size_t proof_len[4];
	cl_record rec[4]; /* the records, bodies copied */
	char line[4][8192];
};

static cl_seckey *key_from_byte(const char *name, unsigned char b)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_seckey *k = NULL;
	cl_error err = { 0 };

	memset(seed, b, sizeof seed);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	return k;
}

/* The record line as export prints it: {"body":…,"id":…,"sig":…}. */
static void record_line(char *out, size_t cap, const cl_record *r)
{
	char id[CL_ID_HEX + 1], sig[128];

	cl_hex_encode(id, r->id, CL_HASH_BYTES);
	cl_b64_encode(sig, r->sig, CL_SIG_BYTES);
	assert_true((size_t)snprintf(out, cap, "{\"body\":%.*s,\"id\":\"%s\",\"sig\":\"%s\"}\n",
				     (int)r->body_len, r->body, id, sig) < cap);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	cl_error err = { 0 };
	char *note = NULL;
	size_t note_len = 0;
	cl_txn *t = NULL;

	assert_cl_ok(cl_crypto_init(), &err);
	f->dir = tu_tmpdir();
	f->owner = key_from_byte("owner", 1);
	f->other = key_from_byte("owner", 9);
	assert_cl_ok(cl_ledger_create(f->dir, f->owner, "example.org/proof", T0, NULL, &err), &err);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	for (int i = 1; i < 4; i++) {
		char text[64];
		json_t *c;
		snprintf(text, sizeof text, "Claim number %d.", i);
		c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim", "text", text,
			      "speaker", "A. Speaker", "source", "https://example.org/a",
			      "date", "2021-11-22");
		assert_cl_ok(cl_txn_append(t, c, f->owner, T0 + i, NULL, NULL, &err), &err);
		json_decref(c);
	}
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_cl_ok(cl_ledger_checkpoint(f->l, f->owner, &note, &note_len, &err), &err);
	for (uint64_t s = 0; s < 4; s++) {
		unsigned char *hashes = NULL;
		size_t count = 0;
		assert_cl_ok(cl_ledger_get(f->l, s, &f->rec[s], &err), &err);
		record_line(f->line[s], sizeof f->line[s], &f->rec[s]);
		assert_cl_ok(cl_ledger_inclusion(f->l, s, 4, &hashes, &count, &err), &err);
		assert_cl_ok(cl_tlog_proof_format(s, hashes, count, note, note_len, NULL, 0,
						  &f->proof[s], &f->proof_len[s], &err), &err);
		free(hashes);
	}
	free(note);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (int i = 0; i < 4; i++) {
		free(f->proof[i]);
		cl_record_release(&f->rec[i]);
	}
	cl_ledger_close(f->l);
	cl_seckey_free(f->owner);
	cl_seckey_free(f->other);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static const unsigned char *owner_pk(const struct fx *f)
{
	return cl_seckey_pubkey(f->owner);
}

static void test_body_and_record(void **state)
{
	struct fx *f = *state;
	cl_proof_result res;
	cl_error err = { 0 };
	char body[4096];

	for (uint64_t s = 0; s < 4; s++) {
		assert_cl_ok(cl_proof_verify_body(f->proof[s], f->proof_len[s], owner_pk(f),
						  f->rec[s].body, f->rec[s].body_len, &res, &err),
			     &err);
		assert_int_equal(res.seq, s);
		assert_int_equal(res.cp.size, 4);
		assert_string_equal(res.cp.origin, "example.org/proof");
		assert_memory_equal(res.id, f->rec[s].id, CL_HASH_BYTES);
		assert_false(res.sig_checked);
		assert_cl_ok(cl_proof_verify_record(f->proof[s], f->proof_len[s], owner_pk(f),
						    f->line[s], strlen(f->line[s]), &res, &err),
			     &err);
		assert_true(res.sig_checked);
	}
	/* One trailing newline after a body file is fine. */
	memcpy(body, f->rec[2].body, f->rec[2].body_len);
	body[f->rec[2].body_len] = '\n';
	assert_cl_ok(cl_proof_verify_body(f->proof[2], f->proof_len[2], owner_pk(f), body,
					  f->rec[2].body_len + 1, &res, &err), &err);
}

static void test_mismatches(void **state)
{
	struct fx *f = *state;
	cl_proof_result res;
	cl_error err = { 0 };
	char buf[8192], *p;

	/* Another record's proof: the index gives it away first. */
	assert_cl_err(cl_proof_verify_body(f->proof[1], f->proof_len[1], owner_pk(f),
					   f->rec[2].body, f->rec[2].body_len, &res, &err),
		      CL_EINTEGRITY, &err, "the proof is for index 1, the record is seq 2");
	/* Another key. */
	assert_cl_err(cl_proof_verify_body(f->proof[2], f->proof_len[2],
					   cl_seckey_pubkey(f->other), f->rec[2].body,
					   f->rec[2].body_len, &res, &err),
		      CL_EINTEGRITY, &err, "proof");
	/* A changed text, same length: still canonical, not in the tree. */
	memcpy(buf, f->rec[2].body, f->rec[2].body_len);
	p = memmem(buf, f->rec[2].body_len, "number 2", 8);
	assert_non_null(p);
	p[7] = '7';
	assert_cl_err(cl_proof_verify_body(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					   f->rec[2].body_len, &res, &err),
		      CL_EINTEGRITY, &err, "proof");
	/* A changed hash in the proof. */
	memcpy(buf, f->proof[2], f->proof_len[2]);
	p = strchr(strstr(buf, "index 2\n"), '\n') + 1;
	p[0] = p[0] == 'A' ? 'B' : 'A';
	assert_int_not_equal(cl_proof_verify_body(buf, f->proof_len[2], owner_pk(f),
						  f->rec[2].body, f->rec[2].body_len, &res, &err),
			     CL_OK);
	/* Not canonical: a space. */
	snprintf(buf, sizeof buf, "{ %.*s", (int)f->rec[2].body_len - 1, f->rec[2].body + 1);
	assert_int_not_equal(cl_proof_verify_body(f->proof[2], f->proof_len[2], owner_pk(f),
						  buf, strlen(buf), &res, &err), CL_OK);
}

static void test_record_line(void **state)
{
	struct fx *f = *state;
	cl_proof_result res;
	cl_error err = { 0 };
	char buf[8192], *p;

	/* A line whose signature is another record's. */
	strcpy(buf, f->line[2]);
	p = strstr(buf, "\"sig\":\"");
	memcpy(p, strstr(f->line[3], "\"sig\":\""), 7 + 88);
	assert_cl_err(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					     strlen(buf), &res, &err),
		      CL_EINTEGRITY, &err, "signature does not verify");
	/* An id that is not the body's. */
	strcpy(buf, f->line[2]);
	p = strstr(buf, "\"id\":\"") + 6;
	p[0] = p[0] == 'a' ? 'b' : 'a';
	assert_cl_err(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					     strlen(buf), &res, &err),
		      CL_EINTEGRITY, &err, "id is not the SHA-256 of its body");
	/* Uppercase hex is not an id. */
	strcpy(buf, f->line[2]);
	p = strstr(buf, "\"id\":\"") + 6;
	for (int i = 0; i < CL_ID_HEX; i++)
		if (p[i] >= 'a' && p[i] <= 'f')
			p[i] = (char)(p[i] - 'a' + 'A');
	assert_cl_err(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					     strlen(buf), &res, &err),
		      CL_EINPUT, &err, "lowercase hex");
	/* Re-indented: the signed bytes are not in the line. */
	snprintf(buf, sizeof buf, "{\"body\": %s", f->line[2] + 8);
	assert_cl_err(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					     strlen(buf), &res, &err),
		      CL_EINPUT, &err, "not in canonical form");
	/* Extra members (show --json's) are ignored. */
	snprintf(buf, sizeof buf, "{\"history\":[],%s", f->line[2] + 1);
	assert_cl_ok(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					    strlen(buf), &res, &err), &err);
	/* Duplicate members and non-objects are refused. */
	snprintf(buf, sizeof buf, "{\"id\":\"x\",%s", f->line[2] + 1);
	assert_cl_err(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), buf,
					     strlen(buf), &res, &err),
		      CL_EINPUT, &err, "not one JSON object");
	assert_cl_err(cl_proof_verify_record(f->proof[2], f->proof_len[2], owner_pk(f), "[]", 2,
					     &res, &err),
		      CL_EINPUT, &err, "not one JSON object");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_body_and_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mismatches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
