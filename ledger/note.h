/*
 * note.h: C2SP signed notes, tlog checkpoints and tlog proofs.
 *
 *   signed note   c2sp.org/signed-note: a text ending in "\n", a blank line,
 *                 then signature lines "— <key name> <base64(key id || sig)>\n"
 *                 (U+2014 EM DASH, space, name, space, base64).  Ed25519
 *                 signs the text bytes exactly, final newline included.
 *   checkpoint    c2sp.org/tlog-checkpoint: the note text
 *                 "<origin>\n<size>\n<base64 root>\n" (extension lines may
 *                 follow; we never write them and ignore them on parse).
 *   tlog proof    c2sp.org/tlog-proof@v1: "c2sp.org/tlog-proof@v1\n",
 *                 an optional "extra <base64>\n", "index <N>\n", the
 *                 inclusion proof hashes one base64 a line, "\n", then the
 *                 signed checkpoint verbatim.
 *
 * SPEC.md ("Transparency") is the normative text.  Every parser here
 * takes untrusted bytes with an explicit length: it refuses anything
 * malformed with CL_EINPUT and a one-line message naming the line at
 * fault, and never reads past `len`.  Signature and proof failures are
 * CL_EINTEGRITY.  Returned text is malloc'd, NUL-terminated (the NUL is not
 * counted in the length) and owned by the caller.
 */
#ifndef CL_NOTE_H
#define CL_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "base/error.h"

/* ---- limits and types ------------------------------------------------ */

#define CL_NOTE_MAX (1024 * 1024) /* bytes in a signed note or a tlog proof */
#define CL_NOTE_MAX_SIGS 100      /* signature lines in a note (spec: >= 16) */
#define CL_ORIGIN_MAX 1024        /* bytes in a checkpoint origin line */
#define CL_TLOG_PROOF_HEADER "c2sp.org/tlog-proof@v1"

/* The three lines of a checkpoint body. */
typedef struct cl_checkpoint {
	char origin[CL_ORIGIN_MAX + 1]; /* NUL-terminated */
	uint64_t size;
	unsigned char root[CL_HASH_BYTES];
} cl_checkpoint;

/* A parsed tlog proof.  Release the members with cl_tlog_proof_release. */
typedef struct cl_tlog_proof {
	uint64_t index;
	unsigned char *hashes;    /* count * 32 bytes, leaf side first; NULL if 0 */
	size_t count;
	int has_extra;            /* 1 when an "extra" line was present */
	unsigned char *extra;     /* its decoded bytes (NULL when none or empty) */
	size_t extra_len;
	char *checkpoint;         /* the signed checkpoint note, verbatim */
	size_t checkpoint_len;
} cl_tlog_proof;

/* ---- signed notes ---------------------------------------------------- */

/*
 * Sign `text` (`len` bytes) with `k`, whose name is the key name.
 * *out = text || "\n" || "— " name " " base64(key id (4 bytes, big-endian)
 * || signature (64)) "\n", malloc'd; *out_len its length.
 * The text must be a valid note text: non-empty, ending in "\n", valid
 * UTF-8 without control characters other than "\n", at most CL_NOTE_MAX
 * bytes with its signature.
 * Errors: CL_EINPUT (bad text, with the reason), CL_ENOMEM.
 */
int cl_note_sign(const cl_seckey *k, const char *text, size_t len, char **out,
		 size_t *out_len, cl_error *err);

/*
 * Verify the signed note `note` (`len` bytes) against the key named `name`
 * with Ed25519 public key `pk` (from cl_vkey_parse).  The text ends at the
 * last blank line; each line after it must be a well-formed signature line.
 * Signatures from other keys (another name, or the same name with another
 * key id) are ignored; a signature from this key must verify, and at least
 * one must be present.  On success *text_len (may be NULL) is the length of
 * the signed text, which is the first *text_len bytes of `note`.
 * Errors: CL_EINPUT (malformed: over CL_NOTE_MAX bytes, over
 * CL_NOTE_MAX_SIGS signatures, not UTF-8, control characters, no blank
 * line, a bad signature line); CL_EINTEGRITY (a signature by this key does
 * not verify, or there is none); CL_ENOMEM.
 */
int cl_note_verify(const char *note, size_t len, const char *name,
		   const unsigned char pk[CL_PUBKEY_BYTES], size_t *text_len,
		   cl_error *err);

/*
 * cl_note_verify with the key given as a verifier key line
 * ("<name>+<hex id>+<base64>", see cl_vkey_parse).  CL_EINPUT also for a
 * malformed key.
 */
int cl_note_verify_vkey(const char *note, size_t len, const char *vkey,
			size_t *text_len, cl_error *err);

/* ---- checkpoints ----------------------------------------------------- */

/*
 * The checkpoint body "<origin>\n<size>\n<base64 root>\n" of `cp`,
 * malloc'd in *out (*out_len bytes).
 * Errors: CL_EINPUT when the origin is empty, has a control character
 * (newline included) or is not valid UTF-8; CL_ENOMEM.
 */
int cl_checkpoint_format(const cl_checkpoint *cp, char **out, size_t *out_len,
			 cl_error *err);

/*
 * Parse a checkpoint body (the note text, `len` bytes, ending in "\n"):
 * origin non-empty, valid UTF-8 and without control characters; size
 * decimal without sign or leading zeros (except "0"), below 2^64; root the
 * canonical base64 of exactly 32 bytes.  Extension lines after the third
 * are allowed when non-empty, and ignored.
 * Errors: CL_EINPUT naming the line at fault.
 */
int cl_checkpoint_parse(const char *text, size_t len, cl_checkpoint *out,
			cl_error *err);

/* Format `cp` and sign it with `k` (key name = origin by convention; not
 * enforced).  *out is the signed note.  Errors as format and cl_note_sign. */
int cl_checkpoint_sign(const cl_checkpoint *cp, const cl_seckey *k,
		       char **out, size_t *out_len, cl_error *err);

/*
 * Verify a signed checkpoint with key (`name`, `pk`), then parse its body.
 * When `origin` is not NULL the checkpoint's origin must equal it
 * (CL_EINTEGRITY otherwise).  Errors as cl_note_verify and
 * cl_checkpoint_parse.
 */
int cl_checkpoint_open(const char *note, size_t len, const char *name,
		       const unsigned char pk[CL_PUBKEY_BYTES],
		       const char *origin, cl_checkpoint *out, cl_error *err);

/* ---- tlog proofs ----------------------------------------------------- */

/*
 * A c2sp.org/tlog-proof@v1 text for leaf `index`, the inclusion proof
 * `hashes` (count * 32 bytes, leaf side first, at most
 * CL_MERKLE_MAX_INCLUSION = 64) and the signed checkpoint `checkpoint`
 * (`cp_len` bytes, ending in "\n").  `extra` (extra_len bytes) is written
 * as an "extra" line when not NULL.  *out malloc'd, *out_len bytes.
 * Errors: CL_EINPUT (too many hashes, checkpoint empty or without its
 * final newline, result over CL_NOTE_MAX), CL_ENOMEM.
 */
int cl_tlog_proof_format(uint64_t index, const unsigned char *hashes,
			 size_t count, const char *checkpoint, size_t cp_len,
			 const unsigned char *extra, size_t extra_len,
			 char **out, size_t *out_len, cl_error *err);

/*
 * Parse a tlog proof (`len` bytes) into *out, without checking the
 * checkpoint's signature or the proof (see cl_tlog_proof_verify).
 * Checks: the header line; an optional "extra <canonical base64>"; "index N"
 * with N decimal, no leading zeros, below 2^64; up to 64 hash lines, each
 * the canonical base64 of 32 bytes; an empty line; a non-empty checkpoint
 * ending in "\n".  On failure *out is empty (nothing to release).
 * Errors: CL_EINPUT naming the line at fault; CL_ENOMEM.
 */
int cl_tlog_proof_parse(const char *text, size_t len, cl_tlog_proof *out,
			cl_error *err);

/* Free the members of `p` and zero it.  NULL is a no-op. */
void cl_tlog_proof_release(cl_tlog_proof *p);

/*
 * Parse a tlog proof, open its checkpoint with key (`name`, `pk`) and, when
 * `origin` is not NULL, check the origin; then check that the proof puts
 * leaf hash `leaf_hash` at the proof's index under the checkpoint's root.
 * On success *cp (may be NULL) is the checkpoint and *index (may be NULL)
 * the leaf index.  Errors: CL_EINPUT (malformed), CL_EINTEGRITY (bad
 * signature, wrong origin, proof does not verify), CL_ENOMEM.
 */
int cl_tlog_proof_verify(const char *text, size_t len,
			 const unsigned char leaf_hash[CL_HASH_BYTES],
			 const char *name,
			 const unsigned char pk[CL_PUBKEY_BYTES],
			 const char *origin, cl_checkpoint *cp,
			 uint64_t *index, cl_error *err);

#endif
