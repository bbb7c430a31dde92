/*
 * store.h: the append-only ledger on LMDB.
 *
 * A ledger is a directory holding one LMDB environment (data.mdb,
 * lock.mdb) and nothing secret.  Named databases inside it:
 *
 *   records  key: seq as 8 bytes big-endian   value: id(32) || sig(64) || body
 *   ids      key: id (32 bytes)               value: seq as 8 bytes big-endian
 *   editors  key: seq of the add (8 BE)       value: pk(32) || revoked seq (8 BE, all ones while active) || name
 *   meta     key: short ASCII name            value: "format", "origin", "owner" (32 bytes), "owner_name"
 *   tree     key: see the Merkle section below
 *   checkpoints key: tree size (8 BE)         value: the signed checkpoint note
 *   documents key: SHA-256 of the bytes (32)  value: an archived article, verbatim
 *   aliases  key: alias, case-folded          value: seq of the alias record (8 BE) || canonical speaker
 *   by_speaker, by_source, by_date, by_type, by_ref
 *            key: value || 0x00 || seq (8 BE)  value: empty (see "queries")
 *
 * Writers: one write transaction per command (cl_ledger_begin ...
 * cl_txn_commit), so a command lands whole or not at all; LMDB's writer
 * lock serialises processes.  Every append goes through the same rules
 * engine as `verify` (record.h's cl_chain), so the store refuses any record
 * that does not extend the chain or whose signer is not an active editor.
 * Readers never block writers or each other.
 *
 * Where to find it in ledger/ (store_internal.h, private to these files,
 * says more):
 *
 *   store.c         open, create, close, the damage hook, info, scan, get,
 *                   and the write transactions (begin, commit, abort)
 *   store_append.c  the appends and the archived articles
 *   store_index.c   the query indexes, query and refs, resolve, editors,
 *                   aliases
 *   store_verify.c  verify and verify_checkpoint
 *   store_tree.c    the Merkle tree (root, leaf, proofs) and checkpoints
 *   (ledger/pool.c: the worker pool of append_stream and verify)
 */
#ifndef CL_STORE_H
#define CL_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "ledger/note.h"
#include "ledger/record.h"

typedef struct cl_ledger cl_ledger;
typedef struct cl_txn cl_txn;

/* The query indexes (see "queries" below). */
enum {
	CL_INDEX_SPEAKER, /* claims by speaker, case-folded */
	CL_INDEX_SOURCE,  /* claims by source, exact */
	CL_INDEX_DATE,    /* claims by date, other records by the day of `time` */
	CL_INDEX_TYPE,    /* every record by type */
	CL_INDEX_REF,     /* verdicts and corrections by the id they point at */
	CL_INDEX_COUNT
};

/* One stored record.  `body` is NOT NUL-terminated inside LMDB's map. */
typedef struct cl_record {
	uint64_t seq;
	unsigned char id[CL_HASH_BYTES];
	unsigned char sig[CL_SIG_BYTES];
	const char *body;
	size_t body_len;
} cl_record;

typedef struct cl_ledger_info {
	uint64_t size;                        /* records, genesis included */
	unsigned char last_id[CL_HASH_BYTES]; /* id of record size-1 */
	unsigned char owner[CL_PUBKEY_BYTES];
	char owner_name[CL_KEYNAME_MAX + 1];
	char origin[CL_KEYNAME_MAX + 1];
} cl_ledger_info;

#define CL_LEDGER_RDONLY 1u /* open for reading only (a read-only ledger works) */
/* A ledger shared on purpose: its directory and files may belong to another
 * user or be writable by group or others (see cl_ledger_open). */
#define CL_LEDGER_SHARED 2u

/*
 * Make a new ledger in `dir` (created 0700 when missing; data.mdb and
 * lock.mdb are made 0600) and append its genesis, signed by `owner`, with
 * `origin` (a valid key name, see cl_keyname_valid) and time `now`.
 * CL_EEXIST when `dir` already holds a ledger (it is not touched).  An
 * existing `dir` must pass cl_ledger_open's directory checks (CL_EINPUT
 * otherwise, nothing written).  `genesis_id` (may be NULL) gets record 0's
 * id.
 */
int cl_ledger_create(const char *dir, const cl_seckey *owner, const char *origin,
		     int64_t now, unsigned char genesis_id[CL_HASH_BYTES],
		     cl_error *err);

/*
 * cl_ledger_create, then the records of `extra` (a JSON array of field
 * objects as for cl_txn_append, or NULL) signed by `owner`, all in the one
 * transaction that writes the genesis: the ledger is made with them or not
 * at all (a failed create removes the files it made).
 */
int cl_ledger_create_with(const char *dir, const cl_seckey *owner, const char *origin,
			  int64_t now, const json_t *extra,
			  unsigned char genesis_id[CL_HASH_BYTES], cl_error *err);

/* cl_ledger_create_with for a directory opened with `flags` (only
 * CL_LEDGER_SHARED has a meaning here). */
int cl_ledger_create_ex(const char *dir, unsigned flags, const cl_seckey *owner,
			const char *origin, int64_t now, const json_t *extra,
			unsigned char genesis_id[CL_HASH_BYTES], cl_error *err);

/*
 * Open an existing ledger.  CL_ENOTFOUND when `dir` holds none, CL_ESTORE
 * when LMDB refuses it.  Before LMDB opens anything, the directory is
 * checked, and CL_EINPUT names the file and the fix when data.mdb or
 * lock.mdb is a symbolic link, not a regular file or hard-linked
 * elsewhere (always), or when the directory or those files belong to
 * another user or are writable by group or others (unless `flags` has
 * CL_LEDGER_SHARED, or has CL_LEDGER_RDONLY and the file system is
 * mounted read-only).  Close with cl_ledger_close (NULL is a no-op).
 */
int cl_ledger_open(const char *dir, unsigned flags, cl_ledger **out, cl_error *err);
void cl_ledger_close(cl_ledger *l);

/*
 * LMDB checks some of what it reads from the file as it goes (a root page
 * number, a page's type) and, when a check fails on a damaged file, calls
 * abort(): the library cannot turn that into an error code.  `fn`, called
 * with LMDB's one-line message ("mdb.c:5645: Assertion 'root > 1'
 * failed in mdb_page_search()") just before, may report it and end the
 * process itself (cli/ prints one line and exits 3); if it returns, LMDB
 * aborts.  Process-wide, for every environment opened after the call;
 * NULL (the default) leaves LMDB's own message and abort.
 */
typedef void cl_ledger_damage_fn(const char *lmdb_msg);
void cl_ledger_on_damage(cl_ledger_damage_fn *fn);

/* 1 when `dir` holds a ledger (a data.mdb, of any file type: a link is
 * not followed), else 0.  Cheap: one lstat. */
int cl_ledger_exists(const char *dir);

/*
 * Threads for the work that can run in parallel (signing in
 * cl_txn_append_stream, signature checks in cl_ledger_verify_ex): `n`, or
 * every online CPU when n is 0 (the default).  Only independent signature
 * work is spread; bodies, ids and the chain are always built in seq order,
 * so 1 and n threads write byte-identical ledgers and give the same
 * verify results.  Cannot fail.
 */
void cl_ledger_set_threads(cl_ledger *l, unsigned n);

/*
 * Progress of long scans (cl_ledger_scan, cl_ledger_verify_ex,
 * cl_txn_append_stream): fn(ctx, done, total) every few thousand records
 * (total 0 when unknown) and once at the end; NULL turns it off.
 */
typedef void (*cl_progress_fn)(void *ctx, uint64_t done, uint64_t total);
void cl_ledger_set_progress(cl_ledger *l, cl_progress_fn fn, void *ctx);

/* Size, head, owner and origin, read in one read transaction. */
int cl_ledger_read_info(cl_ledger *l, cl_ledger_info *out, cl_error *err);

/*
 * Start the write transaction of one command.  Blocks while another process
 * writes.  The chain state (next seq, head id, editors) is read inside the
 * transaction, so concurrent appenders each extend the chain they see.
 * End with cl_txn_commit or cl_txn_abort, which both free `*out`.
 */
int cl_ledger_begin(cl_ledger *l, cl_txn **out, cl_error *err);

/*
 * Build, sign and append one record: `fields` holds "type" and that type's
 * members (record.h); the store sets v, seq, time (`now`), prev and signer.
 * `key` must be the owner or an active editor (CL_EKEY otherwise).  Its
 * URL members must be absolute http(s) URLs (cl_fields_urls_check, url.h:
 * an input policy, not a record rule; CL_EINPUT naming the member).  On
 * success `seq_out` and `id_out` (each may be NULL) say where it landed.
 * On failure nothing of this record is added and the txn stays usable.
 */
int cl_txn_append(cl_txn *t, const json_t *fields, const cl_seckey *key,
		  int64_t now, uint64_t *seq_out,
		  unsigned char id_out[CL_HASH_BYTES], cl_error *err);

/* Append a record signed elsewhere: same checks as cl_txn_append, except
 * the URL policy (a signed record is taken as its signer made it). */
int cl_txn_append_signed(cl_txn *t, const char *body, size_t len,
			 const unsigned char sig[CL_SIG_BYTES], cl_error *err);

/*
 * Append many records built from `fields` objects, all signed by `key` at
 * time `now`, as cl_txn_append would one by one (the URL policy included),
 * but with the signatures
 * made on cl_ledger_set_threads threads: bodies and ids are built and
 * chained in order, a window of them is signed in parallel, then appended
 * in order through the chain rules (the store skips re-canonicalising the
 * bodies it built itself; every other check runs).  next(ctx, &fields,
 * &tag, err) gives the next object (the store takes the reference), or
 * CL_OK with *fields NULL at the end, or an error that stops the import;
 * `tag` is the caller's name for that object (a line number).  On success
 * *count records were appended from seq *first (both may be NULL).  On
 * failure *failed_tag (may be NULL) is the tag of the object at fault (0
 * when it was next() that failed) and the txn must be aborted: records
 * before the failing one are in it.  A failure of the chain rules is
 * CL_EINTEGRITY or CL_EKEY as in cl_txn_append.
 */
typedef int (*cl_fields_fn)(void *ctx, json_t **fields, uint64_t *tag, cl_error *err);
int cl_txn_append_stream(cl_txn *t, cl_fields_fn next, void *ctx,
			 const cl_seckey *key, int64_t now, uint64_t *first,
			 uint64_t *count, uint64_t *failed_tag, cl_error *err);

/* The chain state as of the last append in this txn (read-only view). */
const cl_chain *cl_txn_chain(const cl_txn *t);

/* Commit (durable when it returns CL_OK) or abort.  Both free `t`. */
int cl_txn_commit(cl_txn *t, cl_error *err);
void cl_txn_abort(cl_txn *t);

/*
 * Call `fn` for records from..to-1 in seq order (to = UINT64_MAX: to the
 * end), inside one read transaction.  `r->body` points into LMDB's map and
 * is valid only during the call: copy what you keep.  A non-zero return
 * from `fn` stops the scan and is returned as is.
 */
typedef int (*cl_record_fn)(void *ctx, const cl_record *r);
int cl_ledger_scan(cl_ledger *l, uint64_t from, uint64_t to, cl_record_fn fn,
		   void *ctx, cl_error *err);
/* cl_ledger_scan, then done(ctx) (when not NULL) inside the same read
 * txn, so the records passed to fn stay valid until done returns. */
int cl_ledger_scan_ex(cl_ledger *l, uint64_t from, uint64_t to, cl_record_fn fn,
		      int (*done)(void *ctx), void *ctx, cl_error *err);

/* One record, copied: out->body is malloc'd and NUL-terminated; release
 * it with cl_record_release().  CL_ENOTFOUND for seq >= size. */
int cl_ledger_get(cl_ledger *l, uint64_t seq, cl_record *out, cl_error *err);
void cl_record_release(cl_record *r);

/*
 * Resolve a user's record reference into *seq:
 * - `seq:N` is always the seq N;
 * - 1 to 7 decimal digits are a seq;
 * - 8 to 64 hex digits are a unique prefix of an id, except that when they
 *   are all decimal digits they are also the seq they spell if that record
 *   exists: the seq when no id starts with them, the id when only an id
 *   does, and ambiguous (CL_EINPUT, saying to write seq:N or more digits)
 *   when both do.
 * CL_ENOTFOUND for no match, CL_EINPUT for a malformed or ambiguous
 * reference.
 */
int cl_ledger_resolve(cl_ledger *l, const char *ref, uint64_t *seq, cl_error *err);

/*
 * The decision of cl_ledger_resolve without the ledger: `ref` read
 * against a ledger of `size` records in which `id_matches` ids (0, 1, or 2
 * for more than one) start with ref's hex digits, the first being record
 * `id_seq` (id_matches and id_seq count only when ref is 8 to 64 hex
 * digits).  Same results and messages.  Cannot fail otherwise.
 */
int cl_resolve_decide(const char *ref, uint64_t size, int id_matches, uint64_t id_seq,
		      uint64_t *seq, cl_error *err);

/* Every editor ever added, owner first, in the order added.  *out is a
 * malloc'd array of *n entries; the caller frees it. */
int cl_ledger_editors(cl_ledger *l, cl_editor **out, size_t *n, cl_error *err);

/*
 * Re-check the whole ledger from record 0: every body canonical and well
 * formed, every stored id equal to SHA-256(body) and to the ids index,
 * every prev link, signature and editor rule (cl_chain_push).
 * CL_OK with *count records checked, or CL_EINTEGRITY naming the first bad
 * seq ("seq 5: stored id does not match the body").
 */
int cl_ledger_verify(cl_ledger *l, uint64_t *count, cl_error *err);

/*
 * cl_ledger_verify with the verified mark.  Every verify replays every
 * record from 0 and trusts nothing stored beside the bodies: each body is
 * parsed, shape-checked and re-hashed against its stored id, its `prev`
 * link and the chain and editor rules are replayed, every stored tree
 * node is recomputed from the bodies, and the ids and query indexes,
 * editors, aliases, checkpoints and documents are compared with what the
 * records imply.  What a mark saves is the signatures, which are what
 * cost: after a verify that passes, the store keeps a mark in meta
 * "verified" (the size, the tree root at that size and the index entry
 * counts; a short write txn, silently skipped when the ledger is
 * read-only or under CL_VERIFY_NOMARK), and a later verify without
 * CL_VERIFY_FULL checks signatures only from the mark on, and fails
 * unless the re-hashed tree of the first mark.size records has the
 * mark's root.  The mark lives in the ledger directory, so it is trusted
 * only for the signatures, never for a body.  Each record's checks that
 * need no chain state (canonical form, shape, id, signature) run on
 * cl_ledger_set_threads threads; the first bad seq is the one reported,
 * whatever the thread count.
 */
#define CL_VERIFY_FULL 1u   /* ignore the mark: check every signature */
#define CL_VERIFY_NOMARK 2u /* never write the mark */
/* Check the ids and query indexes with a lookup per record instead of
 * the keyed sums of a verify (store_verify.c): slower at large N, and what a
 * verify falls back to when the sums differ, to name the seq. */
#define CL_VERIFY_LOOKUPS 4u
typedef struct cl_verify_info {
	uint64_t count;    /* records in the verified ledger */
	uint64_t marked;   /* signatures below this seq were trusted to the
			    * mark (or to the checkpoint); 0: all checked */
	int mark_saved;    /* the verify stored its mark */
	unsigned char root[CL_HASH_BYTES]; /* tree root of the `count` records */
} cl_verify_info;
int cl_ledger_verify_ex(cl_ledger *l, unsigned flags, cl_verify_info *out,
			cl_error *err);

/*
 * cl_ledger_verify_ex, and, in the same read transaction, that the ledger
 * extends `cp` (a checkpoint whose signature the caller checked): it has
 * at least cp->size records, the root recomputed from the first cp->size
 * bodies is cp->root, and a consistency proof from there to the whole
 * tree verifies.  Signatures are then checked from min(mark, cp->size)
 * on: the records the checkpoint covers are pinned by its signed root,
 * every later one by its signature, whatever the mark says.  CL_EINTEGRITY
 * names what does not hold ("it covers 9 records, the ledger has only 7:
 * history was truncated").  No mark is written.
 */
int cl_ledger_verify_checkpoint(cl_ledger *l, unsigned flags, const cl_checkpoint *cp,
				cl_verify_info *out, cl_error *err);

/* ---- the Merkle tree (merkle.h), kept in the `tree` database ------------
 *
 *   tree  key: leaf that completes the node (8 BE) || level (1)   value: hash(32)
 *
 * Every append adds its leaf and the perfect subtrees it completes, so
 * each function below costs O(log n) reads and never rescans the ledger.
 * `size` may be any tree size up to the ledger's; beyond it: CL_ENOTFOUND.
 */

/* Root hash of the first `size` records (size 0: SHA-256 of nothing). */
int cl_ledger_root(cl_ledger *l, uint64_t size, unsigned char root[CL_HASH_BYTES],
		   cl_error *err);

/* The stored leaf hash of record `seq`: node (0, seq), which a prover
 * compares with the leaf it computes from the body.  CL_ENOTFOUND beyond
 * the ledger, CL_ESTORE when the node is missing or malformed. */
int cl_ledger_leaf(cl_ledger *l, uint64_t seq, unsigned char leaf[CL_HASH_BYTES],
		   cl_error *err);

/*
 * The stored perfect-subtree hash node(level, index) of SPEC.md "Stored
 * layout": the tree hash of leaves [index * 2^level, (index + 1) * 2^level),
 * which must all be in the ledger.  What a tlog-tiles hash tile holds: tile
 * (L, N) entry i is node(8L, 256N + i) (ledger/tiles.h).
 * Errors: CL_EINPUT for level > 63; CL_ENOTFOUND when the node's leaves are
 * not all in the ledger; CL_ESTORE when the node is missing or malformed.
 */
int cl_ledger_node(cl_ledger *l, unsigned level, uint64_t index,
		   unsigned char out[CL_HASH_BYTES], cl_error *err);

/*
 * cl_ledger_node for `count` consecutive nodes of one level, index ..
 * index + count - 1, into out (count * 32 bytes), in one read transaction:
 * a whole hash tile costs one transaction.  Errors as cl_ledger_node (for
 * any of the nodes); count 0 reads nothing and succeeds.
 */
int cl_ledger_nodes(cl_ledger *l, unsigned level, uint64_t index, size_t count,
		    unsigned char *out, cl_error *err);

/* Inclusion proof of record `seq` in the tree of `size` records.  *proof
 * is malloc'd (*count hashes of 32 bytes, NULL when empty); caller frees. */
int cl_ledger_inclusion(cl_ledger *l, uint64_t seq, uint64_t size,
			unsigned char **proof, size_t *count, cl_error *err);

/* Consistency proof from `old_size` to `size`; ownership as above. */
int cl_ledger_consistency(cl_ledger *l, uint64_t old_size, uint64_t size,
			  unsigned char **proof, size_t *count, cl_error *err);


/* ---- checkpoints ---------------------------------------------------------
 *
 * Every checkpoint the ledger signs is kept in the `checkpoints` database,
 * so the ledger can show what it has signed and `verify` re-checks each one
 * against the tree.
 */

/*
 * Sign a C2SP checkpoint of the ledger as it is now (origin, size, root) as
 * a signed note with `owner` under the key name = origin, store it, and
 * return the note (malloc'd, *note_len bytes; the caller frees it).
 * Refused with CL_EKEY when `owner` is not the ledger's owner, and with
 * CL_EINTEGRITY when the ledger no longer extends the latest checkpoint
 * (it never signs two inconsistent checkpoints).
 */
int cl_ledger_checkpoint(cl_ledger *l, const cl_seckey *owner, char **note,
			 size_t *note_len, cl_error *err);

/*
 * cl_ledger_checkpoint in two steps, for a command that must store its
 * checkpoint only once what it made with it is complete (export --key):
 * cl_ledger_checkpoint_sign signs the checkpoint of the ledger as it is
 * now, with the same refusals, in a read transaction, and stores nothing;
 * the note is malloc'd (caller frees) and its body is in *cp.
 * cl_ledger_checkpoint_store then stores that note and body in a write
 * transaction, after checking again that the ledger extends it and the
 * latest stored checkpoint (CL_EINTEGRITY otherwise): others may have
 * appended meanwhile.
 */
int cl_ledger_checkpoint_sign(cl_ledger *l, const cl_seckey *owner, char **note,
			      size_t *note_len, cl_checkpoint *cp, cl_error *err);
int cl_ledger_checkpoint_store(cl_ledger *l, const char *note, size_t note_len,
			       const cl_checkpoint *cp, cl_error *err);

/* The latest stored checkpoint: the note (malloc'd, NUL-terminated, caller
 * frees) and its parsed body.  CL_ENOTFOUND when none was ever issued. */
int cl_ledger_latest_checkpoint(cl_ledger *l, char **note, size_t *note_len,
				cl_checkpoint *cp, cl_error *err);

/* ---- archived articles ---------------------------------------------------
 *
 * Articles that claims were extracted from are archived in the `documents`
 * database, content-addressed: a claim's `document` member is the SHA-256 of
 * the article's bytes, so the signed claim pins the article.  `verify`
 * re-checks each archived document's hash and that every direct quote's
 * text is found at its offset (cl_quote_text of base/quote.h).
 */
#define CL_DOCUMENT_MAX (64u * 1024 * 1024) /* bytes in one archived article */

/* Archive `len` bytes (idempotent: the same bytes again are a no-op);
 * `id_out` (may be NULL) gets their SHA-256.  CL_EINPUT over
 * CL_DOCUMENT_MAX. */
int cl_txn_put_document(cl_txn *t, const void *buf, size_t len,
			unsigned char id_out[CL_HASH_BYTES], cl_error *err);

/* 1 when the document `id` is archived in this txn's view, 0 when not. */
int cl_txn_has_document(cl_txn *t, const unsigned char id[CL_HASH_BYTES]);

/* A copy of the archived document `id` (*buf malloc'd, NUL-terminated,
 * *len bytes; the caller frees it).  CL_ENOTFOUND when not archived. */
int cl_ledger_get_document(cl_ledger *l, const unsigned char id[CL_HASH_BYTES],
			   char **buf, size_t *len, cl_error *err);

/* The archived article whose SHA-256 in hex starts with `ref` (8 to 64 hex
 * digits, either case) into `id`.  CL_EINPUT for a malformed `ref` or one
 * that starts more than one article's id, CL_ENOTFOUND for none. */
int cl_ledger_find_document(cl_ledger *l, const char *ref,
			    unsigned char id[CL_HASH_BYTES], cl_error *err);

/* ---- speaker aliases -----------------------------------------------------
 *
 * `alias` records (SPEC.md) map a name as written ("Washington") to a
 * canonical speaker; the store keeps the current mapping in the `aliases`
 * database, the latest record for an alias winning, `remove` deleting it.
 */

/* Call fn(ctx, alias, speaker) for every current alias, in key order.  A
 * non-zero return stops and is returned. */
typedef int (*cl_alias_fn)(void *ctx, const char *alias, const char *speaker);
int cl_ledger_aliases(cl_ledger *l, cl_alias_fn fn, void *ctx, cl_error *err);

/* ---- queries ---------------------------------------------------------------
 *
 * Indexes kept in the same write transaction as the records, so a query
 * with an indexed filter reads only the matching key range and never scans
 * the ledger.  `verify` checks that every index holds exactly the entries
 * the records imply.
 */

/* What `list` asks for.  NULL/0 members do not filter. */
typedef struct cl_query {
	const char *speaker; /* claims whose speaker matches (ledger/search.h: words, any case, aliases) */
	const char *source;  /* claims whose source is this URL or on this host (search.h) */
	const char *since;   /* YYYY-MM-DD: date (claims) or day of time (others) >= */
	const char *until;   /* ... <= */
	const char *type;    /* records of this type */
	uint64_t limit;      /* at most this many matches; 0: no limit */
	int newest_first;    /* walk from the highest seq down */
} cl_query;

/*
 * Call `fn` for every record matching all the filters of `q`, in seq order
 * (or reverse), inside one read transaction (r->body valid during the call
 * only).  Uses the most selective index among speaker, source, type and
 * date; with no filter it walks the records.  A non-zero return from `fn`
 * stops and is returned.  CL_EINPUT for a malformed date or type.
 */
int cl_ledger_query(cl_ledger *l, const cl_query *q, cl_record_fn fn, void *ctx,
		    cl_error *err);

/* The verdicts and corrections that point at record `id`, in seq order. */
int cl_ledger_refs(cl_ledger *l, const unsigned char id[CL_HASH_BYTES],
		   cl_record_fn fn, void *ctx, cl_error *err);

/* Lowercase UTF-8 `s` (simple case folding) into out (cap bytes, not
 * NUL-terminated); returns the bytes written.  Cannot fail. */
size_t cl_fold(char *out, size_t cap, const char *s);

/* "speaker", "source", "date", "type", "reference". */
const char *cl_index_name(int which);

#endif
