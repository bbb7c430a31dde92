/*
 * witness.h: a witness's memory and its one rule.
 *
 * A witness (another newsroom, an auditor) cosigns a log's checkpoint
 * (cosig.h) only when it is consistent with the last checkpoint it
 * cosigned for the same origin; it keeps that last one in a state
 * directory, one file per origin:
 *
 *   <dir>/<64 hex: SHA-256 of the origin>        the last cosigned note, as
 *                                                the witness printed it
 *                                                (mode 0600; replaced by a
 *                                                temporary file + rename)
 *   <dir>/<64 hex>.lock                          held (flock) by the one
 *                                                witness run at a time
 *
 * The rule (cl_witness_cosign), with M the size cosigned before and N the
 * new size: nothing before: cosign (trust on first use); N == M: the roots
 * must be equal; N > M: a consistency proof from M to N must verify
 * between the two roots; N < M: refuse.  A refusal leaves the state as it
 * was.  The state is written before the cosigned note is handed back
 * (c2sp.org/tlog-witness: persist before responding), so a cosignature
 * the witness gave out is never one it has forgotten.
 *
 * SPEC.md ("Witness cosignatures") is the normative text.
 */
#ifndef CL_WITNESS_H
#define CL_WITNESS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "ledger/note.h"

/* The state of one origin, locked while open.  Opaque. */
typedef struct cl_witness_state cl_witness_state;

/* What a cosign run saw and did, for the caller to report. */
typedef struct cl_witness_result {
	cl_checkpoint cp;    /* the checkpoint cosigned */
	int first;           /* 1 when nothing was cosigned before (TOFU) */
	uint64_t old_size;   /* the size cosigned before (when !first) */
} cl_witness_result;

/*
 * Parse a consistency proof as `claimledger consistency` prints it: zero
 * or more lines, each the canonical base64 of 32 bytes and "\n", at most
 * CL_MERKLE_MAX_CONSISTENCY lines.  *hashes (count * 32 bytes, malloc'd,
 * NULL when count is 0) is the caller's.
 * Errors: CL_EINPUT naming the line at fault; CL_ENOMEM.
 */
int cl_consistency_proof_parse(const char *text, size_t len,
			       unsigned char **hashes, size_t *count,
			       cl_error *err);

/*
 * Open (creating it and its parents, mode 0700, when missing) the state
 * directory `dir` for `origin` and take its lock, waiting for another
 * witness run that holds it.  *out is the caller's: release it with
 * cl_witness_state_close.  Errors: CL_EINPUT (an empty `dir`, an origin
 * over CL_ORIGIN_MAX bytes), CL_EIO naming the path; CL_ENOMEM.
 */
int cl_witness_state_open(const char *dir, const char *origin,
			  cl_witness_state **out, cl_error *err);

/* Release the lock and free `s`.  NULL is a no-op. */
void cl_witness_state_close(cl_witness_state *s);

/* The path of the state file (valid while `s` lives). */
const char *cl_witness_state_path(const cl_witness_state *s);

/*
 * The witness's whole step, under the lock of `s`: verify `note` (`len`
 * bytes) as a checkpoint signed by the log key (name = the checkpoint's
 * own origin, `log_pk`), whose origin must be the one `s` was opened for;
 * read the last note this witness cosigned (which must carry the witness's
 * own valid cosignature and the same origin, else the state is damaged:
 * CL_EIO); apply the rule above with the proof `proof` (count * 32 bytes;
 * NULL when none was given, any non-NULL pointer with count 0 for an empty
 * one); cosign with `k` at `time`; write the cosigned note
 * as the new state.  *out (malloc'd, *out_len bytes, the caller's) is the
 * cosigned note: every signature line of `note` kept, the witness's line
 * last.  *res (may be NULL) says what was seen.
 * Errors: CL_EINPUT (malformed note; a bigger checkpoint and no proof),
 * CL_EINTEGRITY (the log's signature, or the checkpoint is smaller than,
 * forks from or does not prove consistent with the one cosigned before:
 * "checkpoint 'O' size N is not consistent with the one this witness
 * cosigned at size M: <why>"), CL_EIO, CL_ENOMEM.  On any error *out is
 * NULL and the state is unchanged, but for "cannot sync 'DIR'" (the state
 * directory, base/file.h): then the new note may be in place, though
 * never handed out, which a re-run cosigns again.
 */
int cl_witness_cosign(cl_witness_state *s, const char *note, size_t len,
		      const unsigned char log_pk[CL_PUBKEY_BYTES],
		      const unsigned char *proof, size_t count,
		      const cl_seckey *k, uint64_t time, char **out,
		      size_t *out_len, cl_witness_result *res, cl_error *err);

#endif
