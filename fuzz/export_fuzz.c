/*
 * export_fuzz.c: libFuzzer target for cl_export_verify, the reader of audit
 * exports handed to auditors.  The seed corpus holds a real export, so the
 * fuzzer starts from deep inside the format.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crypto/crypto.h"
#include "ledger/export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The owner key of fixtures/vectors/owner.key (seed 00..1f). */
	static unsigned char owner[CL_PUBKEY_BYTES];
	static int ready;
	cl_error err;
	FILE *in;

	if (!ready) {
		size_t n = 0;
		cl_crypto_init();
		if (cl_b64_decode(owner, sizeof owner, &n,
				  "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=", 44) != CL_OK)
			abort();
		ready = 1;
	}
	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "r");
	if (in == NULL)
		return 0;
	(void)cl_export_verify(in, "fuzz", owner, NULL, &err);
	fclose(in);
	return 0;
}
