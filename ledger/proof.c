/*
 * proof.c: one record and its tlog proof, checked offline (proof.h).
 */
#define _GNU_SOURCE /* memmem */
#include "ledger/proof.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "ledger/canon.h"
#include "ledger/merkle.h"
#include "ledger/record.h"

/* The body's seq, from an object cl_record_precheck accepted. */
static uint64_t body_seq(const json_t *obj)
{
	return (uint64_t)json_integer_value(json_object_get(obj, "seq"));
}

int cl_proof_verify_body(const char *proof, size_t plen,
			 const unsigned char owner[CL_PUBKEY_BYTES],
			 const char *body, size_t blen, cl_proof_result *out,
			 cl_error *err)
{
	cl_tlog_proof parsed = { 0 };
	unsigned char leaf[CL_HASH_BYTES];
	char origin[CL_ORIGIN_MAX + 1];
	json_t *obj = NULL;
	const char *nl;
	uint64_t index = 0;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	if (blen > 0 && body[blen - 1] == '\n')
		blen--;
	/* A body that breaks the record rules is no record of any ledger:
	 * an integrity failure, as in verify-export. */
	if ((rc = cl_record_precheck(body, blen, &obj, out->id, err)) != CL_OK) {
		cl_error_prefix(err, "record body");
		goto out;
	}
	out->seq = body_seq(obj);
	/* The checkpoint's key name is its origin, its first line. */
	if ((rc = cl_tlog_proof_parse(proof, plen, &parsed, err)) != CL_OK) {
		cl_error_prefix(err, "proof");
		goto out;
	}
	nl = memchr(parsed.checkpoint, '\n', parsed.checkpoint_len);
	n = nl ? (size_t)(nl - parsed.checkpoint) : 0;
	if (n == 0 || n > CL_ORIGIN_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "proof: its checkpoint has no origin line");
		goto out;
	}
	memcpy(origin, parsed.checkpoint, n);
	origin[n] = '\0';
	if (strlen(origin) != n || !cl_keyname_valid(origin)) {
		rc = cl_error_set(err, CL_EINPUT, "proof: the checkpoint's origin is not a key name");
		goto out;
	}
	cl_merkle_leaf_hash(leaf, body, blen);
	if (parsed.index != out->seq) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "the proof is for index %" PRIu64 ", the record is seq %" PRIu64,
				  parsed.index, out->seq);
		goto out;
	}
	if ((rc = cl_tlog_proof_verify(proof, plen, leaf, origin, owner, origin, &out->cp,
				       &index, err)) != CL_OK) {
		cl_error_prefix(err, "proof");
		goto out;
	}
	rc = CL_OK;
out:
	cl_tlog_proof_release(&parsed);
	json_decref(obj);
	return rc;
}

int cl_proof_verify_record(const char *proof, size_t plen,
			   const unsigned char owner[CL_PUBKEY_BYTES],
			   const char *line, size_t llen, cl_proof_result *out,
			   cl_error *err)
{
	unsigned char id[CL_HASH_BYTES], sig[CL_SIG_BYTES], pk[CL_PUBKEY_BYTES];
	json_t *rec = NULL, *body;
	const char *idhex, *sig64, *at;
	char *canon = NULL, *span = NULL;
	size_t canon_len = 0, sig_len = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (llen > 0 && line[llen - 1] == '\n')
		llen--;
	if (llen > 2 * (size_t)CL_BODY_MAX + 4096 ||
	    (rec = json_loadb(line, llen, JSON_REJECT_DUPLICATES, NULL)) == NULL ||
	    !json_is_object(rec)) {
		rc = cl_error_set(err, CL_EINPUT, "record: not one JSON object");
		goto out;
	}
	body = json_object_get(rec, "body");
	idhex = json_string_value(json_object_get(rec, "id"));
	sig64 = json_string_value(json_object_get(rec, "sig"));
	if (!json_is_object(body) || idhex == NULL || sig64 == NULL) {
		rc = cl_error_set(err, CL_EINPUT, "record: needs body, id and sig");
		goto out;
	}
	if (json_string_length(json_object_get(rec, "id")) != CL_ID_HEX ||
	    strspn(idhex, "0123456789abcdef") != CL_ID_HEX ||
	    cl_hex_decode(id, CL_HASH_BYTES, idhex, CL_ID_HEX) != CL_OK) {
		rc = cl_error_set(err, CL_EINPUT, "record: id is not 64 lowercase hex digits");
		goto out;
	}
	if (cl_b64_decode(sig, sizeof sig, &sig_len, sig64,
			  json_string_length(json_object_get(rec, "sig"))) != CL_OK ||
	    sig_len != CL_SIG_BYTES) {
		rc = cl_error_set(err, CL_EINPUT, "record: sig is not base64 of 64 bytes");
		goto out;
	}
	/* The bytes as they stand in the line, not a re-encoding of them. */
	if ((rc = cl_canon_encode(body, &canon, &canon_len, NULL)) != CL_OK ||
	    (span = malloc(canon_len + 7)) == NULL) {
		rc = rc != CL_OK ? cl_error_set(err, CL_EINPUT, "record: body is not canonical JSON")
				 : cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(span, "\"body\":", 7);
	memcpy(span + 7, canon, canon_len);
	if ((at = memmem(line, llen, span, canon_len + 7)) == NULL) {
		rc = cl_error_set(err, CL_EINPUT,
				  "record: its body is not in canonical form as it stands");
		goto out;
	}
	if ((rc = cl_proof_verify_body(proof, plen, owner, at + 7, canon_len, out, err)) != CL_OK)
		goto out;
	if (!cl_memeq(id, out->id, CL_HASH_BYTES)) {
		rc = cl_error_set(err, CL_EINTEGRITY, "record: id is not the SHA-256 of its body");
		goto out;
	}
	if (cl_record_signer(body, pk) != CL_OK ||
	    !cl_record_sig_ok(pk, sig, at + 7, canon_len)) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "record: its signature does not verify under its signer");
		goto out;
	}
	out->sig_checked = 1;
	rc = CL_OK;
out:
	if (rc != CL_OK)
		memset(out, 0, sizeof *out);
	free(canon);
	free(span);
	json_decref(rec);
	return rc;
}
