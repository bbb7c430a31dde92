/*
 * cosig_fuzz.c: libFuzzer target for what a witness and an auditor read
 * from others: cosigned checkpoints (ledger/cosig.h) and consistency proof
 * files (ledger/witness.h).
 *
 * Every input must be refused cleanly or give consistent answers: a note
 * that cosig_add accepts verifies afterwards under the witness that
 * cosigned it, and the quorum of one witness agrees with cl_cosig_verify.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "ledger/cosig.h"
#include "ledger/witness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cl_seckey *k;
	static cl_witness w;
	const char *text = (const char *)data;
	unsigned char *hashes = NULL;
	size_t count = 0, valid = 0, out_len = 0;
	char *out = NULL;
	cl_error err;
	int rc, q;

	if (k == NULL) {
		unsigned char seed[CL_SEED_BYTES] = { 7 };

		cl_crypto_init();
		if (cl_seckey_from_seed("w.example/witness", seed, &k, &err) != CL_OK)
			abort();
		cl_witness_of_key(k, &w);
	}
	rc = cl_cosig_verify(text, size, &w, NULL, &err);
	if (rc != CL_OK && rc != CL_ENOTFOUND && rc != CL_EINPUT &&
	    rc != CL_EINTEGRITY)
		abort();
	q = cl_cosig_quorum(text, size, &w, 1, 1, &valid, &err);
	if ((rc == CL_OK) != (q == CL_OK) || (rc == CL_OK) != (valid == 1))
		abort();
	if (cl_cosig_add(k, text, size, 1700000000, &out, &out_len, &err) == CL_OK) {
		if (cl_cosig_verify(out, out_len, &w, NULL, &err) != CL_OK)
			abort();
		free(out);
	} else if (out != NULL) {
		abort();
	}
	if (cl_consistency_proof_parse(text, size, &hashes, &count, &err) == CL_OK &&
	    (count > 65 || (count > 0) != (hashes != NULL)))
		abort();
	free(hashes);
	return 0;
}
