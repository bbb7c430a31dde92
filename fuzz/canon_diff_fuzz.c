/*
 * canon_diff_fuzz.c: differential libFuzzer target for the one-pass
 * canonical check (cl_canon_check) against the reference it replaces:
 * jansson's parse (the flags cl_canon_parse uses), cl_canon_encode of the
 * result, and a byte comparison.  The two must give the same verdict on
 * every input; cl_canon_parse (which takes the fast path when it can)
 * must give that verdict too, and on success an object that encodes back
 * to the input.  Any disagreement aborts.
 *
 * The record rules' quick path (record.h: cl_record_quick, one pass and
 * no json_t) is held to cl_record_precheck the same way: it may accept
 * only what the tree accepts, and the facts it gives must be those the
 * tree gives; it may decline a body the tree accepts only when the body
 * has more members than the scan describes.
 *
 * The input is taken whole, and also line by line (the seeds are jsonl
 * exports), and each record line's body is cut out as well, so that the
 * corpus of exports reaches the bodies directly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/canon.h"
#include "ledger/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int reference(const char *buf, size_t len)
{
	json_t *v = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
			       JSON_ALLOW_NUL, NULL);
	char *out = NULL;
	size_t n = 0;
	int ok = 0;

	if (v != NULL && cl_canon_encode(v, &out, &n, NULL) == CL_OK)
		ok = n == len && memcmp(out, buf, len) == 0;
	free(out);
	json_decref(v);
	return ok;
}

static void record_agree(const char *buf, size_t len)
{
	cl_body_facts quick, tree;
	unsigned char qid[CL_HASH_BYTES], tid[CL_HASH_BYTES];
	json_t *obj = NULL;
	int q = cl_record_quick(buf, len, &quick, qid);
	int t = cl_record_precheck(buf, len, &obj, tid, NULL) == CL_OK;

	if (q && !t)
		abort();
	if (t && !q && json_object_size(obj) <= CL_CANON_TOP_MAX)
		abort();
	if (q && t && (cl_record_facts(obj, &tree) != CL_OK ||
		       memcmp(&quick, &tree, sizeof quick) != 0 ||
		       memcmp(qid, tid, CL_HASH_BYTES) != 0))
		abort();
	json_decref(obj);
}

static void one(const char *buf, size_t len)
{
	int want = reference(buf, len);
	json_t *v = NULL;
	char *out = NULL;
	size_t n = 0;

	if (cl_canon_check(buf, len) != want)
		abort();
	if ((cl_canon_parse(buf, len, &v, NULL) == CL_OK) != want)
		abort();
	if (v != NULL) {
		if (cl_canon_encode(v, &out, &n, NULL) != CL_OK || n != len ||
		    memcmp(out, buf, len) != 0)
			abort();
		free(out);
		json_decref(v);
	}
	record_agree(buf, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy, so that reading past `size` is caught. */
	char *buf = malloc(size ? size : 1);
	size_t i, start = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	one(buf, size);
	for (i = 0; i <= size; i++) {
		if (i < size && buf[i] != '\n')
			continue;
		if (start > 0 || i < size) {
			size_t len = i - start;
			const char *line = buf + start;
			one(line, len);
			/* {"body":B,"id":...: B alone, up to the id member. */
			if (len > 8 && memcmp(line, "{\"body\":", 8) == 0) {
				const char *end = NULL;
				for (size_t k = len; k-- > 8;)
					if (memcmp(line + k, ",\"id\":\"", k + 7 <= len ? 7 : 0) == 0 &&
					    k + 7 <= len) {
						end = line + k;
						break;
					}
				if (end != NULL)
					one(line + 8, (size_t)(end - line - 8));
			}
		}
		start = i + 1;
	}
	free(buf);
	return 0;
}
