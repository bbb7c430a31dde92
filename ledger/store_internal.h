/*
 * store_internal.h: what the files of the store share with each other
 * only.  Private: not part of the store's API, which is store.h.  Only
 * ledger/store*.c include it; cli/, extract/ and the rest of ledger/
 * never do.
 *
 * The store in files by concern (its databases are listed in store.h):
 *
 *   store.c         the environment: the ledger directory's checks, open,
 *                   create and close, LMDB's damage hook, the head and
 *                   the info, scan and get, the write transactions
 *                   (begin, commit, abort), and the small helpers below
 *                   (LMDB errors, meta, stored record values, progress,
 *                   the resident map)
 *   store_append.c  appends: one record (the checks against the archived
 *                   articles and a claim's earlier corrections, the
 *                   chain, then what it writes), many records signed on
 *                   threads, and the archived articles (put, has, get,
 *                   find)
 *   store_index.c   the tables derived from the records: the query
 *                   indexes and the queries over them (query, refs),
 *                   resolve (the ids), the editors and aliases tables
 *   store_verify.c  verify: the replay of every record, the cross-checks
 *                   of every database, the keyed sums, the verified mark
 *   store_tree.c    the Merkle tree in the `tree` database (a leaf
 *                   appended, roots, leaves, proofs) and the checkpoints
 *   (ledger/pool.h, shared with verify-export, is the worker pool that
 *   signs appends and checks verify on several threads)
 *
 * Names: store_ for the functions that cross files, each defined in the
 * file named above its prototype, where its comment says the rest.  They
 * return CL_OK or a CL_E* code with `err` set, as the public ones do,
 * unless said otherwise.
 */
#ifndef CL_STORE_INTERNAL_H
#define CL_STORE_INTERNAL_H

#include <lmdb.h>
#include <pthread.h>

#include "ledger/canon.h"
#include "ledger/pool.h"
#include <stddef.h>
#include <stdint.h>

#include "ledger/store.h"

/* ---- types -------------------------------------------------------------- */

struct cl_ledger {
	MDB_env *env;
	MDB_dbi records, ids, editors, meta, tree, checkpoints, documents, aliases;
	MDB_dbi idx[CL_INDEX_COUNT]; /* by speaker, source, date, type, refs */
	unsigned flags;
	unsigned threads;            /* 0: every online CPU */
	cl_progress_fn progress;
	void *progress_ctx;
	uintptr_t map_base, map_end; /* LMDB's map (store_map_release), 0: unknown */
};

struct cl_txn {
	cl_ledger *l;
	MDB_txn *txn;
	cl_chain *chain;
	struct lookup_ctx *lookup;
	int broken; /* an LMDB write failed after the chain advanced */
};

/* What the chain's id lookup reads: ids below `limit` only, so a verdict
 * can never point at a record that comes after it. */
struct lookup_ctx {
	cl_ledger *l;
	MDB_txn *txn;
	uint64_t limit;
};

/* What store_tree_get reads: the `tree` database in one transaction. */
struct tree_ctx {
	MDB_txn *txn;
	MDB_dbi dbi;
};


/* ---- constants ---------------------------------------------------------- */

#define REC_HDR (CL_HASH_BYTES + CL_SIG_BYTES) /* id || sig before the body */

/* Index values are cut to this many bytes in a key, to fit LMDB's key
 * limit (the key layout is described in store_index.c). */
#define CL_INDEX_VALUE_MAX 400
/* The longest aliases key (store_alias_key). */
#define ALIAS_KEY_MAX 400

/* Records between two progress reports. */
#define PROGRESS_EVERY 4096
/* Records between two looks at the resident map, released when it holds
 * more than MAP_RESIDENT_MAX.  A verify or an import touches a few random
 * pages per record (ids, tree, the indexes), and each fault maps the
 * kernel's fault-around window (or large folio) of cached pages, so it is
 * looked at often. */
#define RELEASE_EVERY 64
#define MAP_RESIDENT_MAX ((size_t)28 << 20)
/* A plain scan reads the records in order, a page per ~10 of them. */
#define SCAN_RELEASE_EVERY 4096

/* ---- big-endian integers, as every key and value stores them ------------ */

static inline void be64_put(unsigned char out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		out[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static inline uint64_t be64_get(const unsigned char in[8])
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | in[i];
	return v;
}

/* ---- store.c ------------------------------------------------------------ */

/* Threads for the pool: cl_ledger_set_threads's, else the online CPUs
 * (1 to 64). */
unsigned store_threads(const cl_ledger *l);
/* Report progress to the cl_ledger_set_progress callback, if any. */
void store_progress(const cl_ledger *l, uint64_t done, uint64_t total);
/* Drop this process's pages of the map when it holds more than
 * MAP_RESIDENT_MAX of them (best effort; pointers into it stay valid). */
void store_map_release(cl_ledger *l);
/* Map an LMDB or errno code to ours (CL_EIO or CL_ESTORE), with `what` as
 * context. */
int store_mdb_fail(cl_error *err, int rc, const char *what);
/* Get and put a meta entry by name; LMDB's return code. */
int store_meta_get(MDB_txn *txn, MDB_dbi dbi, const char *name, MDB_val *out);
int store_meta_put(MDB_txn *txn, MDB_dbi dbi, const char *name,
		   const void *data, size_t len);
/* A stored records value decoded into *r (body pointing into the map);
 * store_record_read also re-hashes the body against the stored id. */
int store_record_from_val(uint64_t seq, const MDB_val *v, cl_record *r,
			  cl_error *err);
int store_record_read(uint64_t seq, const MDB_val *v, cl_record *r, cl_error *err);
/* The chain's lookup of earlier records (cl_chain_set_lookup), with a
 * struct lookup_ctx. */
cl_type store_lookup_type(void *vctx, const unsigned char id[CL_HASH_BYTES]);
/* Size and head id, and the whole cl_ledger_info, read in `txn`. */
int store_read_head(cl_ledger *l, MDB_txn *txn, uint64_t *size,
		    unsigned char last_id[CL_HASH_BYTES], cl_error *err);
int store_read_info(cl_ledger *l, MDB_txn *txn, cl_ledger_info *out, cl_error *err);


/* ---- store_tree.c ------------------------------------------------------- */

/* Node (level, index) of the stored tree, for merkle.h's readers (vctx: a
 * struct tree_ctx): CL_OK, CL_ENOTFOUND, CL_ESTORE or CL_EINTEGRITY, no
 * message. */
int store_tree_get(void *vctx, unsigned level, uint64_t index,
		   unsigned char out[CL_HASH_BYTES]);
/* Add leaf `seq` (its body) and the nodes it completes to the tree. */
int store_tree_append(cl_ledger *l, MDB_txn *txn, uint64_t seq, const char *body,
		      size_t len, cl_error *err);

/* ---- store_index.c ------------------------------------------------------ */

/* A record's body as the index code reads it: its tree, or the summary
 * of its canonical bytes (canon.h: cl_canon_scan) when it passed
 * cl_record_quick.  One of the two is set. */
typedef struct store_body {
	const json_t *obj;
	const cl_canon_top *top;
} store_body;
/* Record `b`'s value in index `which` (0: not in it; SIZE_MAX: out of
 * memory, from the scanned bytes only), and the index key value || 0x00
 * || seq made of it. */
size_t store_index_value(int which, const store_body *b, unsigned char *val, size_t cap);
size_t store_index_key(unsigned char *key, const unsigned char *val, size_t n,
		       uint64_t seq);
/* Write the index entries of record `seq`. */
int store_index_put(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		    cl_error *err);
/* Call fn for each stored (non-owner) editor in the order added. */
int store_editors_each(cl_ledger *l, MDB_txn *txn,
		       int (*fn)(void *, const cl_editor *), void *ctx, cl_error *err);
/* Write what an editor record implies in the editors table. */
int store_apply_editor(cl_txn *t, uint64_t seq, const json_t *body, cl_error *err);
/* The aliases key of `alias`, the length of an add record's value, and
 * that value. */
size_t store_alias_key(unsigned char *key, size_t cap, const char *alias);
size_t store_alias_val_len(const char *alias, const char *speaker);
void store_alias_val_fill(unsigned char *out, uint64_t seq, const char *alias,
			  const char *speaker);
/* Write what an alias record implies in the aliases table. */
int store_apply_alias(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		      cl_error *err);

/* ---- store_append.c ----------------------------------------------------- */

/* Write record `seq` and what derives from it alone (records, ids, tree,
 * indexes): the genesis and every append. */
int store_put_record(cl_ledger *l, MDB_txn *txn, uint64_t seq,
		     const unsigned char id[CL_HASH_BYTES],
		     const unsigned char sig[CL_SIG_BYTES], const char *body,
		     size_t len, const json_t *parsed, cl_error *err);
/* A claim's archived article and quote, a correction's claim view: the
 * rules that need what only the store holds.  `code` is what a failure
 * returns: CL_EINPUT for an append, CL_EINTEGRITY for verify. */
int store_check_document(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
			 int code, cl_error *err);
int store_check_correction(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
			   int code, cl_error *err);

#endif
