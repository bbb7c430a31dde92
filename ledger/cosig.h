/*
 * cosig.h: C2SP checkpoint cosignatures (c2sp.org/tlog-cosignature, the
 * Ed25519 type "cosignature/v1"), as a witness writes them and an auditor
 * or a monitor counts them.
 *
 *   key id      SHA-256(name || "\n" || 0x04 || 32-byte Ed25519 pk)[:4],
 *               big-endian (signature type 0x04, not the 0x01 of plain
 *               note signatures: the same key pair gets another id).
 *   vkey        "<name>+<8 hex key id>+<base64(0x04 || pk)>" (keygen
 *               --witness writes it to FILE.pub).
 *   message     "cosignature/v1\n" "time <T>\n" || the checkpoint's note
 *               text (every line before the blank line, final newline
 *               included), T the POSIX time in decimal, no leading zeros.
 *   line        "— <name> " base64(key id (4) || T (8, big-endian) ||
 *               Ed25519 signature of the message (64)) "\n", a signature
 *               line of the signed note like the owner's.
 *
 * A cosignature says: at time T the witness had checked that this was the
 * largest checkpoint of the origin it had seen, consistent with every one
 * it cosigned before.  SPEC.md ("Witness cosignatures") is the normative
 * text.  The functions here read untrusted notes of an explicit length
 * (never past it, no NUL needed), refuse a malformed one (CL_EINPUT, one
 * line naming the fault) and report a bad signature as CL_EINTEGRITY.
 * Returned text is malloc'd, NUL-terminated (the NUL not counted) and the
 * caller's to free.
 */
#ifndef CL_COSIG_H
#define CL_COSIG_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "base/error.h"

/* ---- constants and types ---------------------------------------------- */

#define CL_COSIG_HEADER "cosignature/v1"
/* key id (4) || timestamp (8) || Ed25519 signature (64) */
#define CL_COSIG_BLOB (4 + 8 + CL_SIG_BYTES)
/* The largest timestamp the spec allows: 2^63 - 1. */
#define CL_COSIG_TIME_MAX ((uint64_t)INT64_MAX)

/* A witness as a verifier knows it: its name, public key and the key id
 * of the two (signature type 0x04).  Plain data: copy it freely. */
typedef struct cl_witness {
	char name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	uint32_t keyid;
} cl_witness;

/* ---- witness keys ------------------------------------------------------- */

/* The cosignature key id of (`name`, `pk`).  Cannot fail. */
uint32_t cl_cosig_keyid(const char *name, const unsigned char pk[CL_PUBKEY_BYTES]);

/* The witness whose cosigner verifier key is `line` (`len` bytes, no
 * newline).  CL_EINPUT when it is not a type 0x04 vkey whose key id
 * matches (a plain 0x01 key is refused, with a message saying so). */
int cl_witness_parse(const char *line, size_t len, cl_witness *out,
		     cl_error *err);

/* cl_witness_parse of a verifier key file (one line, at most 1 KiB).
 * CL_ENOTFOUND, CL_EIO or CL_EINPUT, the message naming `path`. */
int cl_witness_load(const char *path, cl_witness *out, cl_error *err);

/* The witness of secret key `k` (its name and public key). */
void cl_witness_of_key(const cl_seckey *k, cl_witness *out);

/* ---- signing -------------------------------------------------------------- */

/*
 * The message a cosignature at `time` signs over the note text `text`
 * (`len` bytes, ending in "\n"): "cosignature/v1\ntime <time>\n" || text.
 * *msg malloc'd, *msg_len bytes.  CL_EINPUT for a text without its final
 * newline or a time over CL_COSIG_TIME_MAX; CL_ENOMEM.
 */
int cl_cosig_message(const char *text, size_t len, uint64_t time, char **msg,
		     size_t *msg_len, cl_error *err);

/*
 * Cosign the signed note `note` (`len` bytes: a checkpoint with the log's
 * signature, whose signature the caller has checked) with witness key `k`
 * at `time`: *out is the same note with every signature line kept, except
 * earlier lines by this same cosigner key (same name and key id), which
 * the new line replaces, and the new cosignature line appended last.
 * Errors: CL_EINPUT (a malformed note, as cl_cosig_verify says; a time
 * over CL_COSIG_TIME_MAX; a result over CL_NOTE_MAX bytes), CL_ENOMEM.
 */
int cl_cosig_add(const cl_seckey *k, const char *note, size_t len,
		 uint64_t time, char **out, size_t *out_len, cl_error *err);

/* ---- verifying ------------------------------------------------------------ */

/*
 * Check the cosignature of witness `w` on the signed note `note` (`len`
 * bytes).  The note must be well formed as note.h's cl_note_verify
 * requires (at most CL_NOTE_MAX bytes and CL_NOTE_MAX_SIGS signature
 * lines, UTF-8 without control characters but "\n", the text ended by the
 * last blank line, every signature line em dash, space, name, space,
 * base64 of at least 5 bytes).  Lines by other keys are ignored (the
 * owner's, other witnesses', a 0x01 key of the same name).  A line whose
 * name and key id are `w`'s is `w`'s cosignature: it must be
 * CL_COSIG_BLOB bytes, its timestamp at most CL_COSIG_TIME_MAX, and its
 * signature verify over cl_cosig_message.  On success *time (may be NULL)
 * is the timestamp of `w`'s last line.
 * Returns CL_OK (at least one line by `w`, all verify), CL_ENOTFOUND (no
 * line by `w`; not an error: err is untouched), CL_EINTEGRITY (a line by
 * `w` does not verify), CL_EINPUT (malformed note), CL_ENOMEM.
 */
int cl_cosig_verify(const char *note, size_t len, const cl_witness *w,
		    uint64_t *time, cl_error *err);

/*
 * Count the distinct witnesses among `w` (`nw` of them; an entry equal in
 * name and key to an earlier one counts once) whose cosignature on `note`
 * verifies (cl_cosig_verify), into *valid (may be NULL), and require at
 * least `quorum` of them.  Checks only the cosignatures: the caller checks
 * the log's own signature (cl_checkpoint_open).  `w` is read, not kept.
 * Errors: CL_EINTEGRITY when a line by one of `w` does not verify (the
 * message names the witness) or fewer than `quorum` verify ("checkpoint
 * has 1 valid witness cosignature, quorum is 2"); CL_EINPUT (malformed
 * note, or `quorum` > `nw`), CL_ENOMEM.  *valid is set in every case
 * where the note could be read.
 */
int cl_cosig_quorum(const char *note, size_t len, const cl_witness *w,
		    size_t nw, size_t quorum, size_t *valid, cl_error *err);

#endif
