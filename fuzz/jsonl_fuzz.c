/*
 * jsonl_fuzz.c: libFuzzer target for what `import --jsonl` does with each
 * line of a reviewed file: parse it (jansson), build a claim body from it
 * (cl_record_build: every member rule, the canonical form) and, for any line
 * that is itself a body, the strict canonical parser (cl_canon_parse) and
 * the body rules (cl_body_check).
 *
 * Whatever a line holds, it is refused cleanly or becomes a body that
 * parses back canonically.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "ledger/canon.h"
#include "ledger/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_line(const char *line, size_t len)
{
	static const unsigned char prev[CL_HASH_BYTES] = { 7 };
	static const unsigned char signer[CL_PUBKEY_BYTES] = { 9 };
	json_t *v = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL), *back = NULL;
	char *body = NULL;
	size_t blen = 0;
	cl_error err;

	if (json_is_object(v)) {
		json_object_set_new(v, "type", json_string("claim"));
		if (cl_record_build(v, 3, prev, signer, 1637625600, &body, &blen, &err) == CL_OK) {
			if (cl_canon_parse(body, blen, &back, &err) != CL_OK ||
			    cl_body_check(back, &err) != CL_OK)
				abort(); /* what we build must pass our own checks */
			json_decref(back);
		}
		free(body);
	}
	json_decref(v);
	if (cl_canon_parse(line, len, &back, &err) == CL_OK) {
		(void)cl_body_check(back, &err);
		json_decref(back);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	cl_crypto_init();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		one_line(p, len);
		p += len + 1;
	}
	return 0;
}
