/*
 * note_fuzz.c: libFuzzer target for the parsers of what an auditor is
 * handed: checkpoints, signed notes and tlog proofs (ledger/note.h).
 *
 * Every input must be refused cleanly or parse into values that format back
 * into a text the parser accepts again (checkpoints, proofs).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "ledger/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char pk[CL_PUBKEY_BYTES] = { 1, 2, 3 };
	const char *text = (const char *)data;
	cl_checkpoint cp;
	cl_tlog_proof p;
	cl_error err;
	char *out = NULL;
	size_t out_len = 0, text_len = 0;

	cl_crypto_init();
	if (cl_checkpoint_parse(text, size, &cp, &err) == CL_OK) {
		cl_checkpoint again;
		if (cl_checkpoint_format(&cp, &out, &out_len, &err) != CL_OK ||
		    cl_checkpoint_parse(out, out_len, &again, &err) != CL_OK ||
		    again.size != cp.size || memcmp(again.root, cp.root, CL_HASH_BYTES) != 0)
			abort();
		free(out);
		out = NULL;
	}
	if (cl_tlog_proof_parse(text, size, &p, &err) == CL_OK) {
		if (cl_tlog_proof_format(p.index, p.hashes, p.count, p.checkpoint,
					 p.checkpoint_len, p.has_extra ? p.extra : NULL,
					 p.extra_len, &out, &out_len, &err) == CL_OK) {
			cl_tlog_proof q;
			if (cl_tlog_proof_parse(out, out_len, &q, &err) != CL_OK ||
			    q.index != p.index || q.count != p.count)
				abort();
			cl_tlog_proof_release(&q);
		}
		free(out);
		cl_tlog_proof_release(&p);
	}
	/* A random key never verifies; the parse must still be clean. */
	if (cl_note_verify(text, size, "example.org/log", pk, &text_len, &err) == CL_OK)
		abort();
	return 0;
}
