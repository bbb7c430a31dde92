/*
 * export.h: the verifiable jsonl audit export (format "export/1").
 *
 * An export is UTF-8 text, one RFC 8785 canonical JSON object a line, each
 * line ended by one "\n" (SPEC.md, "The jsonl export", is the normative
 * text):
 *
 *   {"claimledger":"export/1","origin":O,"owner":VKEY,"size":N}
 *   {"body":{...},"id":HEX,"sig":B64}          N lines, seq 0 .. N-1
 *   {"documents":K}                            only with archived articles
 *   {"bytes":B64,"document":HEX}               K lines (export_docs.h)
 *   {"checkpoint":NOTE}
 *
 * VKEY is the owner's C2SP verifier key under the key name O (the origin),
 * so it verifies NOTE, a C2SP tlog-checkpoint of size N signed by the owner;
 * the body is the record's canonical body bytes exactly as stored and
 * signed.  A holder of the owner's public key alone can check the whole
 * file: every record by the chain rules (record.h's cl_chain, the same
 * engine as `verify`), and that the checkpoint signs the Merkle root of
 * exactly these bodies.
 *
 * Both directions stream: the writer reads the ledger with cl_ledger_scan
 * and the verifier reads one line at a time (at most CL_EXPORT_LINE_MAX
 * bytes) and folds the Merkle root with a cl_frontier, so neither holds the
 * records or the tree in memory.  (The verifier's chain keeps the ids it
 * has seen, 33 bytes a record, to check what verdicts and corrections
 * point at.)
 *
 * Errors follow base/error.h.  The library writes only to the FILE * it
 * is given and never prints anything else.
 */
#ifndef CL_EXPORT_H
#define CL_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/store.h"

/* ---- types ----------------------------------------------------------- */

/*
 * The right edge of an RFC 6962 tree being built leaf by leaf: one hash
 * per one bit of `size` (the perfect subtrees, largest first), at most 64,
 * so the root of any number of leaves costs 2 KiB.  Plain memory: copy it
 * to fork, no free needed.
 */
typedef struct cl_frontier {
	unsigned char peak[CL_MERKLE_MAX_DEPTH][CL_HASH_BYTES];
	size_t npeaks;  /* popcount(size) */
	uint64_t size;  /* leaves appended */
} cl_frontier;

/* What an export holds, as written or as verified. */
typedef struct cl_export_info {
	char origin[CL_ORIGIN_MAX + 1];      /* the ledger's origin */
	uint64_t size;                       /* records, = the checkpoint's size */
	unsigned char root[CL_HASH_BYTES];   /* the checkpoint's root */
	/* The archived articles (SPEC.md: {"documents":K}, then K lines). */
	int has_documents;   /* verified: the export carries them */
	uint64_t documents;  /* articles written or read */
	uint64_t cited;      /* verified: distinct articles the claims cite */
	uint64_t quotes;     /* verified: direct quotes checked against them */
} cl_export_info;

/* ---- macros ---------------------------------------------------------- */

#define CL_EXPORT_FORMAT "export/1"        /* the header's "claimledger" */
#define CL_EXPORT_LINE_MAX (2 * 1024 * 1024) /* bytes in a line, "\n" excluded */
/* A document line: {"bytes":B64,"document":HEX} of an article of up to
 * CL_DOCUMENT_MAX bytes. */
#define CL_EXPORT_DOC_LINE_MAX (4 * ((CL_DOCUMENT_MAX + 2) / 3) + 100)
/* cl_export_jsonl_ex flags */
#define CL_EXPORT_NO_DOCUMENTS 1u /* leave the archived articles out */

/* ---- the streaming Merkle root ---------------------------------------- */

/* An empty frontier (size 0).  Cannot fail. */
void cl_frontier_init(cl_frontier *f);

/*
 * Append one leaf by its leaf hash (cl_merkle_leaf_hash of the body):
 * merges one peak per trailing one bit of the old size.
 * CL_EINPUT when the frontier already holds 2^64 - 1 leaves.
 */
int cl_frontier_append(cl_frontier *f, const unsigned char leaf_hash[CL_HASH_BYTES],
		       cl_error *err);

/* The RFC 6962 root of the leaves appended so far (size 0: SHA-256("")),
 * equal to cl_merkle_root of the same leaves.  Cannot fail. */
void cl_frontier_root(const cl_frontier *f, unsigned char root[CL_HASH_BYTES]);

/* ---- writing ---------------------------------------------------------- */

/*
 * Write the jsonl export of `l` covered by the signed checkpoint `note`
 * (`note_len` bytes, as cl_ledger_checkpoint or
 * cl_ledger_latest_checkpoint return it) to `out`, then fflush it.
 * The checkpoint must verify under the ledger's owner key with key name =
 * origin, name the ledger's origin, have a size of 1 .. the ledger's size,
 * and its root must be the ledger's root of that size; records 0 .. size-1
 * are then streamed with cl_ledger_scan (bounded memory whatever the
 * size), each stored id re-checked against its body and the root
 * recomputed as written.
 * @param[in]  l          an open ledger (read-only is enough)
 * @param[in]  note       the signed checkpoint; not kept
 * @param[out] out        where the lines go; on failure part of the export
 *                        may have been written (write to a temporary file)
 * @param[out] info       (may be NULL) origin, size and root written
 * Errors: CL_EINTEGRITY (the checkpoint does not verify or does not match
 * the ledger, a stored record does not match its id), CL_EINPUT (a
 * malformed note, a size over 2^53-1), CL_EIO (a write to `out` failed; the
 * message has the system's reason), CL_ENOMEM, the store's CL_ESTORE.
 */
int cl_export_jsonl(cl_ledger *l, const char *note, size_t note_len, FILE *out,
		    cl_export_info *info, cl_error *err);

/*
 * cl_export_jsonl (which is this with `flags` 0), and the archived
 * articles the records cite: after the records, {"documents":K} and K
 * lines {"bytes":B64,"document":HEX}, in the order first cited, each read
 * from the ledger one at a time and re-hashed (CL_EINTEGRITY when it does
 * not hash to its id, CL_ENOTFOUND when it is not archived).  None when
 * no record cites one (the file is then exactly the export/1 file without
 * them) or with CL_EXPORT_NO_DOCUMENTS.  Memory: one article and about 70 bytes
 * a distinct article cited.  info->documents gets K.
 */
int cl_export_jsonl_ex(cl_ledger *l, const char *note, size_t note_len, unsigned flags,
		       FILE *out, cl_export_info *info, cl_error *err);

/* ---- verifying -------------------------------------------------------- */

/*
 * Verify the jsonl export read from `in` with nothing but the owner's
 * Ed25519 public key `owner` (from a verifier key file: only its 32 key
 * bytes matter, not its name).  Reads to the end of `in`; memory is one
 * line (at most CL_EXPORT_LINE_MAX bytes, a document line at most
 * CL_EXPORT_DOC_LINE_MAX and its article), the frontier, the chain and
 * about 100 bytes per claim citing an article (SPEC.md, "Documents").
 * Checks, in file order (SPEC.md gives the same steps for third parties):
 *   - every line is canonical JSON ended by "\n" (so a cut file, an empty
 *     line, a CR or anything after the last line is refused);
 *   - line 1: exactly claimledger = "export/1", origin (a key name), owner
 *     (a verifier key named origin whose key is `owner`), size (integer);
 *   - then `size` record lines, exactly body (an object), id, sig: the
 *     body is re-encoded with cl_canon_encode, the line must be
 *     {"body":B,"id":"...","sig":"..."} to the byte, id = SHA-256(B) in
 *     lowercase hex, sig the canonical base64 of 64 bytes, and the record
 *     must pass cl_chain_push (seq, prev, signature, members, references,
 *     editor rules); the genesis must be signed by `owner` and name the
 *     header's origin;
 *   - then, optionally, {"documents":K} and K document lines
 *     {"bytes":B64,"document":HEX}: each decodes to bytes hashing to HEX,
 *     cited by a claim, once; every direct quote citing it (a claim's
 *     text, and each corrected view of it) must be what cl_quote_text
 *     makes of its span (export_docs.h); every article a claim cites
 *     must come; without the documents line, quotes are not checked
 *     (info->has_documents 0);
 *   - last, exactly {"checkpoint":NOTE}: a signed note verifying under
 *     (origin, owner) (cl_checkpoint_open), with the header's origin, the
 *     header's size, and the root of the bodies read.
 * @param[in]  in     the export, read with fread
 * @param[in]  name   the file's name for messages ("x.jsonl")
 * @param[out] info   (may be NULL) filled on success only
 * Errors: CL_EINTEGRITY for anything wrong with the content, malformed
 * JSON and truncation included, the message naming the first bad line:
 * "'x.jsonl' line 7: signature does not verify"; CL_EIO when reading
 * fails; CL_ENOMEM.
 */
int cl_export_verify(FILE *in, const char *name,
		     const unsigned char owner[CL_PUBKEY_BYTES],
		     cl_export_info *info, cl_error *err);

/*
 * cl_export_verify (which is this with `threads` 1) on `threads` threads
 * in all (0: every online CPU; pool.h): the record lines' own checks (the
 * line's shape, the body's canonical form and shape, the id, the
 * signature) run on the pool in batches while the main thread reads on
 * and replays the chain in order.  Same checks, same first bad line and
 * same message as with one thread: a line that fails on the pool is
 * judged again on the main thread after every line before it.  Memory
 * adds at most 8 batches of 256 lines and 1 MiB (plus one line) each,
 * whatever the file's size.
 */
int cl_export_verify_ex(FILE *in, const char *name,
			const unsigned char owner[CL_PUBKEY_BYTES], unsigned threads,
			cl_export_info *info, cl_error *err);

#endif
