/*
 * jsonl_fuzz.c: libFuzzer target for what `import --jsonl` does with each
 * line of a reviewed file: parse it (jansson), build a claim body from it
 * (cl_record_build: every member rule, the canonical form) and, for any line
 * that is itself a body, the strict canonical parser (cl_canon_parse) and
 * the body rules (cl_body_check), which verify's cl_record_precheck must
 * agree with; cl_record_build_take must give cl_record_build's bytes.
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
	unsigned char id[CL_HASH_BYTES];
	cl_error err;

	if (json_is_object(v)) {
		char *taken = NULL;
		size_t tlen = 0;
		json_object_set_new(v, "type", json_string("claim"));
		if (cl_record_build(v, 3, prev, signer, 1637625600, &body, &blen, &err) == CL_OK) {
			if (cl_canon_parse(body, blen, &back, &err) != CL_OK ||
			    cl_body_check(back, &err) != CL_OK)
				abort(); /* what we build must pass our own checks */
			json_decref(back);
		}
		/* Building in the object itself (the streamed import's way)
		 * gives the same bytes as building from a copy. */
		json_incref(v);
		if ((cl_record_build_take(v, 3, prev, signer, 1637625600, &taken, &tlen, NULL,
					  &err) == CL_OK) != (body != NULL) ||
		    (body != NULL && (tlen != blen || memcmp(taken, body, blen) != 0)))
			abort();
		free(taken);
		free(body);
	}
	json_decref(v);
	if (cl_canon_parse(line, len, &back, &err) == CL_OK) {
		json_t *pre = NULL;
		int ok = cl_body_check(back, &err) == CL_OK && len <= CL_BODY_MAX;
		/* verify's pool check says what the two checks say. */
		if ((cl_record_precheck(line, len, &pre, id, &err) == CL_OK) != ok)
			abort();
		json_decref(pre);
		json_decref(back);
	} else if (cl_record_precheck(line, len, &back, id, &err) == CL_OK) {
		abort();
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
