/*
 * monitor.h: following a published ledger (tiles.h's layout) from
 * checkpoint to checkpoint, as `claimledger monitor` does.
 *
 * SPEC.md ("Monitoring a published ledger") is the normative text.  One
 * run (cl_monitor_run):
 *   1. claimledger/log: exactly {"claimledger":"tiles/1","origin":O,
 *      "owner":K}, K a verifier key named O whose key is the caller's
 *      owner key; O the origin the state saw before, if any;
 *   2. checkpoint: cl_monitor_checkpoint (the owner's signature under
 *      key name O, origin O); the one place a witness quorum check goes;
 *   3. against the state's checkpoint (size M, root R): a smaller size is
 *      a "log shrank", the same size with another root a "split view",
 *      the same root "no new records";
 *   4. the partial tiles of the new size must hash to its root, and the
 *      old tree's peaks (the state's frontier) must be the hashes the
 *      tiles give for them: consistency from the tiles alone
 *      (tileread.h: every tile used is checked);
 *   5. the entry and signature bundles from M's bundle on: every entry
 *      must hash to the level-0 tile's leaf (checked up to the root
 *      through its parents), and every record from seq M on passes
 *      cl_chain_push (canonical body, seq, prev, signature, editor
 *      rules, what verdicts and corrections point at), the chain state
 *      restored from the state; the genesis is signed by the owner and
 *      names O;
 *   6. the new records folded onto the state's frontier must make the
 *      checkpoint's root;
 *   7. each archived article a new claim cites is fetched from
 *      claimledger/doc/<hex> when published, must hash to its name, and
 *      every direct quote citing it must be its span (export_docs.h); a
 *      claim of an earlier run that a new correction changes is replayed
 *      first (its body and earlier corrections, read again from their
 *      bundles), so its corrected quote is checked too.
 * Nothing is trusted from the host but what these checks establish.
 *
 * The state (what a run needs to go on from where the last stopped) is
 * one line of canonical JSON (the checkpoint, the frontier, the chain
 * state, the corrections of claims citing an article) then, for every
 * record so far, its 32-byte id and a type byte (cl_type, 0x40 on a claim
 * citing an article) in seq order, so that later verdicts and corrections
 * can be checked against earlier ids: 33 bytes a record.
 *
 * Errors follow base/error.h.  This module never prints.
 */
#ifndef CL_MONITOR_H
#define CL_MONITOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "ledger/cosig.h"
#include "ledger/fetch.h"
#include "ledger/note.h"

/* ---- types ------------------------------------------------------------ */

typedef struct cl_monitor_state cl_monitor_state;

/* What a run saw and checked. */
typedef struct cl_monitor_result {
	char origin[CL_ORIGIN_MAX + 1];
	uint64_t old_size;       /* the state's size (0 on a first run) */
	uint64_t new_size;       /* the checkpoint's */
	uint64_t records;        /* new records checked */
	uint64_t fetches;        /* files fetched */
	uint64_t documents;      /* articles fetched and checked */
	uint64_t unpublished;    /* articles cited but not published */
	uint64_t quotes;         /* direct quotes checked against them */
	size_t witnessed;        /* listed witnesses whose cosignature verified */
} cl_monitor_result;

/* ---- macros ----------------------------------------------------------- */

#define CL_MONITOR_FORMAT "monitor/1"   /* the state's "claimledger" */
#define CL_MONITOR_LOG_FORMAT "tiles/1" /* claimledger/log's */
#define CL_MONITOR_HEADER_MAX (8 * 1024 * 1024) /* the state's first line */

/* ---- the state -------------------------------------------------------- */

/* An empty state: no checkpoint seen (a first run checks from 0).
 * CL_ENOMEM.  Free with cl_monitor_state_free (NULL: no-op). */
int cl_monitor_state_new(cl_monitor_state **out, cl_error *err);
void cl_monitor_state_free(cl_monitor_state *s);

/*
 * Read a state written by cl_monitor_state_save from `in` (`name` for
 * messages).  Its checkpoint is checked again by cl_monitor_run, against
 * the caller's key.  Errors: CL_EINPUT (not a state file, or damaged:
 * the message names what), CL_EIO, CL_ENOMEM.
 */
int cl_monitor_state_load(FILE *in, const char *name, cl_monitor_state **out,
			  cl_error *err);

/* Write `s` to `out` (the caller makes it atomic: temporary file,
 * fsync, rename).  CL_EIO, CL_ENOMEM. */
int cl_monitor_state_save(const cl_monitor_state *s, FILE *out, cl_error *err);

/* Records the state has checked (its checkpoint's size), and its
 * checkpoint note (NULL before the first run; valid until the free). */
uint64_t cl_monitor_state_size(const cl_monitor_state *s);
const char *cl_monitor_state_note(const cl_monitor_state *s, size_t *len);

/* ---- a run ------------------------------------------------------------ */

/*
 * The witnesses a run requires: at least `quorum` of the `nw` keys in `w`
 * must have a valid cosignature on every checkpoint the monitor accepts
 * (C2SP tlog-cosignature, ledger/cosig.h).  `w` is only read, and must
 * outlive the run.  The zero value requires none.
 */
typedef struct cl_monitor_witnesses {
	const cl_witness *w;
	size_t nw;
	size_t quorum;
} cl_monitor_witnesses;

/*
 * Open the signed checkpoint `note` (`len` bytes) of the log `origin`
 * owned by `owner`: the owner's signature under key name `origin`, the
 * origin line, then the witness quorum of `wit` (NULL: none) on the same
 * bytes.  Every checkpoint the monitor accepts passes here.  *valid (when
 * not NULL) is the number of listed witnesses whose cosignature verified.
 * CL_EINTEGRITY for anything wrong, malformed included, a missing quorum
 * or a bad cosignature by a listed witness, "checkpoint: " leading the
 * message; CL_ENOMEM.
 */
int cl_monitor_checkpoint(const char *note, size_t len, const char *origin,
			  const unsigned char owner[CL_PUBKEY_BYTES],
			  const cl_monitor_witnesses *wit, size_t *valid,
			  cl_checkpoint *cp, cl_error *err);

/*
 * One run, as the header says, reading through `fetch` (ctx `ctx`).  On
 * success `s` holds the new checkpoint and what follows from it (save it)
 * and `res` says what was done.  On failure `s` is half-advanced: free
 * it, never save it.  `res` may be NULL.
 * Errors: CL_EINTEGRITY (the host's content fails a check; the message
 * names the file and seq), CL_ENOTFOUND (no claimledger/log or
 * checkpoint: nothing published there), CL_EKEY (the state was made
 * with another key or for another origin), CL_EIO (fetching failed),
 * CL_ENOMEM.
 */
int cl_monitor_run(cl_fetch_fn fetch, void *ctx,
		   const unsigned char owner[CL_PUBKEY_BYTES],
		   cl_monitor_state *s, cl_monitor_result *res, cl_error *err);

/* cl_monitor_run requiring the witness quorum `wit` (NULL: none) on the
 * fetched checkpoint, before anything else is fetched or the state moves,
 * and checking the new records' stateless parts (canonical form, id,
 * signature, leaf) on `threads` threads (0: every CPU, as cl_monitor_run
 * does; pool.h), the rest in seq order on the calling
 * thread.  At most 4 bundles are held at once, whatever the size; the
 * result, and the first error and its message, do not depend on
 * `threads`.  Only the calling thread calls `fetch`. */
int cl_monitor_run_threads(cl_fetch_fn fetch, void *ctx,
			   const unsigned char owner[CL_PUBKEY_BYTES],
			   const cl_monitor_witnesses *wit, unsigned threads,
			   cl_monitor_state *s, cl_monitor_result *res, cl_error *err);

#endif
