/*
 * ledger_fixture.h: a fresh ledger for a cmocka group (tests that need
 * records the store itself would refuse, facts_test and report_test).
 * Included after tests/testutil.h.
 *
 * tu_fx_new makes a ledger in a new temporary directory, owned by the key
 * of seed bytes 0, 1, 2, ... named "test-owner", its genesis at T0; free
 * it all with tu_fx_free.  tu_fx_append_signed appends one record built
 * and signed here, as another tool or an older claimledger would have
 * (the store's input policies, such as the URL rule, do not apply).
 */
#ifndef CL_TESTS_LEDGER_FIXTURE_H
#define CL_TESTS_LEDGER_FIXTURE_H

#include <jansson.h>

#include "crypto/crypto.h"
#include "ledger/record.h"
#include "ledger/store.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

struct fx {
	char *dir;
	cl_seckey *owner;
	cl_ledger *l;
	unsigned char id[16][CL_HASH_BYTES]; /* by seq */
	uint64_t n;                          /* records in the ledger */
};

/* A cmocka setup: *state becomes the new fixture of the ledger `origin`. */
static inline int tu_fx_new(void **state, const char *origin)
{
	cl_error err = { 0, "" };
	struct fx *f = calloc(1, sizeof *f);

	if (f == NULL || cl_crypto_init() != CL_OK)
		return -1;
	f->owner = tu_seed_key("test-owner", 0);
	f->dir = tu_tmpdir();
	assert_non_null(f->dir);
	assert_cl_ok(cl_ledger_create(f->dir, f->owner, origin, T0, f->id[0], &err),
		     &err);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	f->n = 1;
	*state = f;
	return 0;
}

/* A cmocka teardown for tu_fx_new's fixture. */
static inline int tu_fx_free(void **state)
{
	struct fx *f = *state;

	cl_ledger_close(f->l);
	tu_rmtree(f->dir);
	free(f->dir);
	cl_seckey_free(f->owner);
	free(f);
	return 0;
}

/* Append the record of JSON text `fmt` ("%s" in it becomes the hex id of
 * record `ref`), time T0 + seq days, signed by the owner; its seq. */
static inline uint64_t tu_fx_append_signed(struct fx *f, const char *fmt, uint64_t ref)
{
	char hex[CL_ID_HEX + 1], text[2048], *body = NULL;
	unsigned char sig[CL_SIG_BYTES];
	cl_error err = { 0, "" };
	cl_txn *t = NULL;
	json_t *fields;
	size_t len = 0;

	cl_hex_encode(hex, f->id[ref], CL_HASH_BYTES);
	snprintf(text, sizeof text, fmt, hex);
	if ((fields = json_loads(text, 0, NULL)) == NULL)
		fail_msg("not JSON: %s", text);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_record_build(fields, f->n, cl_chain_last_id(cl_txn_chain(t)),
				     cl_seckey_pubkey(f->owner), T0 + (int64_t)f->n * 86400,
				     &body, &len, &err), &err);
	assert_cl_ok(cl_record_sign(f->owner, body, len, sig), &err);
	assert_cl_ok(cl_txn_append_signed(t, body, len, sig, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	cl_record_id(f->id[f->n], body, len);
	free(body);
	json_decref(fields);
	return f->n++;
}

#endif
