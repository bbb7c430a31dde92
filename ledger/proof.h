/*
 * proof.h: a reader's offline check of one record and its tlog proof
 * (`claimledger verify-proof`; SPEC.md "Checking one record's proof").
 *
 * A reader holds one record (its canonical body, or the whole line
 * `{"body":…,"id":…,"sig":…}` that `export`, `list --json` or `show
 * --json` print) and the c2sp.org/tlog-proof@v1 text that `prove` printed
 * for it, and the owner's public key.  Nothing else: no ledger, no export.
 * The check proves that the owner signed a checkpoint of a tree that holds
 * exactly these body bytes at index `seq`.  It does not replay the chain:
 * whether the signer was an editor at that seq is what a full audit
 * (verify-export) shows.
 */
#ifndef CL_PROOF_H
#define CL_PROOF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "ledger/note.h"

/* What a successful check established. */
typedef struct cl_proof_result {
	uint64_t seq;                  /* the record's seq = the proof's index */
	unsigned char id[CL_HASH_BYTES]; /* SHA-256 of the body */
	cl_checkpoint cp;              /* the signed checkpoint it is in */
	int sig_checked;               /* a record line: its signature verified */
} cl_proof_result;

/*
 * Check `body` (blen bytes: a canonical body, one trailing "\n" allowed)
 * against the tlog proof `proof` (plen bytes) under the owner key `owner`:
 *   1. the body is at most CL_BODY_MAX bytes, canonical, and obeys the
 *      body rules (cl_record_precheck);
 *   2. the proof parses (cl_tlog_proof_parse); its checkpoint is a signed
 *      note with a valid signature by `owner` under the key name of the
 *      checkpoint's own origin line, and parses as a checkpoint;
 *   3. the proof's index is the body's `seq`;
 *   4. SHA-256(0x00 || body) is included at that index in the tree of the
 *      checkpoint's size and root (RFC 9162 2.1.3.2).
 * CL_OK with *out filled; CL_EINPUT for malformed input (body, proof);
 * CL_EINTEGRITY when a signature, the index or the inclusion fails;
 * CL_ENOMEM.  The message names which input and why.
 */
int cl_proof_verify_body(const char *proof, size_t plen,
			 const unsigned char owner[CL_PUBKEY_BYTES],
			 const char *body, size_t blen, cl_proof_result *out,
			 cl_error *err);

/*
 * The same for a record line (llen bytes, one trailing "\n" allowed): a
 * JSON object with at least `body` (an object), `id` (64 lowercase hex)
 * and `sig` (base64 of 64 bytes); other members (list's `current`, show's
 * `history`...) are ignored.  The body's bytes are taken as they stand in
 * the line: the canonical encoding of the parsed `body` must occur there
 * verbatim after `"body":` (a re-indented line is refused, not
 * re-canonicalised).  Then `id` must be SHA-256 of those bytes and `sig`
 * must verify under the body's `signer` (SPEC "Signature"), before the
 * checks of cl_proof_verify_body.
 */
int cl_proof_verify_record(const char *proof, size_t plen,
			   const unsigned char owner[CL_PUBKEY_BYTES],
			   const char *line, size_t llen, cl_proof_result *out,
			   cl_error *err);

#endif
