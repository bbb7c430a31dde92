/*
 * merkle.h: the RFC 6962 / RFC 9162 Merkle tree over the ledger's records.
 *
 * Hashes (SPEC.md, "Transparency"):
 *   leaf hash   SHA-256(0x00 || body)
 *   node hash   SHA-256(0x01 || left || right)
 *   empty tree  SHA-256("")
 *
 * Storage model.  This module owns the arithmetic, not the storage.  A store
 * keeps the hashes of the *perfect subtrees* only: node (level k, index i)
 * is the hash of leaves [i * 2^k, (i + 1) * 2^k), so (0, i) is leaf i's hash.
 * When leaf n is appended, cl_merkle_append_nodes() says which perfect
 * subtrees it completes, (0, n) first, then (1, n / 2) when n is odd, and so
 * on; the store writes those and nothing else (about 2 hashes a leaf).
 * Every other hash (roots of any size, proof elements) is derived from at
 * most about 2 * 64 stored nodes, read through a cl_merkle_get_fn: the
 * functions below make O(log n) reads and never rescan the leaves.
 *
 * A tree of size n may be any size up to the number of stored leaves, so
 * old roots and proofs against old checkpoints come from the same store.
 *
 * Proofs are flat arrays of 32-byte hashes, in RFC 9162 order (the hash
 * nearest the leaf first); a proof of `count` hashes is count * 32 bytes.
 *
 * Errors follow base/error.h.  Verifiers return CL_EINTEGRITY for every
 * proof that does not check out, whatever the reason (wrong root, length,
 * index or size), because all of those come from the untrusted proof.
 */
#ifndef CL_MERKLE_H
#define CL_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "base/error.h"

/* ---- types ----------------------------------------------------------- */

/* Levels 0..63: a tree of size below 2^64 has no perfect subtree above. */
#define CL_MERKLE_MAX_DEPTH 64
/* Hashes in an inclusion proof (one per level) ... */
#define CL_MERKLE_MAX_INCLUSION CL_MERKLE_MAX_DEPTH
/* ... and in a consistency proof (one per level, plus the old subtree). */
#define CL_MERKLE_MAX_CONSISTENCY (CL_MERKLE_MAX_DEPTH + 1)

/*
 * Read the stored hash of perfect subtree (level, index) into `out`.
 * Return CL_OK, or a negative CL_E* code which the caller passes up
 * unchanged (CL_ENOTFOUND for a node the store lacks, CL_ESTORE, CL_EIO).
 * The callback keeps its own details (in `ctx`) if it has more to say.
 */
typedef int (*cl_merkle_get_fn)(void *ctx, unsigned level, uint64_t index,
				unsigned char out[CL_HASH_BYTES]);

/* One perfect-subtree hash for a store to write. */
typedef struct cl_merkle_node {
	unsigned level;
	uint64_t index;
	unsigned char hash[CL_HASH_BYTES];
} cl_merkle_node;

/* An in-memory store (tests, and rebuilding a tree from an export). */
typedef struct cl_merkle_mem cl_merkle_mem;

/* ---- hashes ---------------------------------------------------------- */

/* SHA-256(0x00 || data).  Cannot fail. */
void cl_merkle_leaf_hash(unsigned char out[CL_HASH_BYTES], const void *data,
			 size_t len);

/* SHA-256(0x01 || left || right).  `out` may alias either input. */
void cl_merkle_node_hash(unsigned char out[CL_HASH_BYTES],
			 const unsigned char left[CL_HASH_BYTES],
			 const unsigned char right[CL_HASH_BYTES]);

/* ---- building and reading a stored tree ------------------------------ */

/*
 * The perfect subtrees completed by appending leaf `n` (0-based; leaves
 * 0..n-1 must already be stored) whose leaf hash is `leaf_hash`.
 * Fills out[0..*count-1], lowest level first: out[0] is (0, n, leaf_hash),
 * then (1, n >> 1) when n is odd, (2, n >> 2) when n is 3 mod 4, and so on:
 * 1 + (trailing one bits of n) nodes, at most CL_MERKLE_MAX_DEPTH.
 * Reads one stored sibling per level above 0.
 * @param[in]  get, ctx    the store's reader
 * @param[in]  n           the new leaf's index (= the tree size before it)
 * @param[out] out, count  the nodes to store
 * Errors: CL_EINPUT when n == UINT64_MAX; whatever `get` returns.
 */
int cl_merkle_append_nodes(cl_merkle_get_fn get, void *ctx, uint64_t n,
			   const unsigned char leaf_hash[CL_HASH_BYTES],
			   cl_merkle_node out[CL_MERKLE_MAX_DEPTH], size_t *count,
			   cl_error *err);

/*
 * The root of the tree of the first `n` leaves (n = 0: SHA-256("")).
 * Reads one node per one bit of n (at most 64).
 * Errors: whatever `get` returns (n beyond the stored leaves: the store's
 * CL_ENOTFOUND).
 */
int cl_merkle_root(cl_merkle_get_fn get, void *ctx, uint64_t n,
		   unsigned char root[CL_HASH_BYTES], cl_error *err);

/*
 * Inclusion proof of leaf `m` in the tree of size `n` (RFC 9162 2.1.3.1,
 * PATH(m, D[n])).  *proof is malloc'd, *count * 32 bytes (NULL when the
 * proof is empty, i.e. n == 1); the caller frees it.  On failure *proof is
 * NULL and *count 0.
 * Errors: CL_EINPUT when m >= n; CL_ENOMEM; whatever `get` returns.
 */
int cl_merkle_inclusion_proof(cl_merkle_get_fn get, void *ctx, uint64_t m,
			      uint64_t n, unsigned char **proof, size_t *count,
			      cl_error *err);

/*
 * Consistency proof from the tree of size `m` to the tree of size `n`
 * (RFC 9162 2.1.4.1, PROOF(m, D[n])).  Empty (NULL, 0) when m == 0 or
 * m == n.  Ownership as for cl_merkle_inclusion_proof.
 * Errors: CL_EINPUT when m > n; CL_ENOMEM; whatever `get` returns.
 */
int cl_merkle_consistency_proof(cl_merkle_get_fn get, void *ctx, uint64_t m,
				uint64_t n, unsigned char **proof,
				size_t *count, cl_error *err);

/* ---- verifying (no store needed) ------------------------------------- */

/*
 * Check that `proof` (count * 32 bytes) proves leaf hash `leaf_hash` at
 * `index` in the tree of size `size` whose root is `root`, by the
 * algorithm of RFC 9162 2.1.3.2.  CL_OK or CL_EINTEGRITY (index >= size,
 * a proof of the wrong length, or a root that does not match).
 */
int cl_merkle_verify_inclusion(const unsigned char leaf_hash[CL_HASH_BYTES],
			       uint64_t index, uint64_t size,
			       const unsigned char *proof, size_t count,
			       const unsigned char root[CL_HASH_BYTES],
			       cl_error *err);

/*
 * Check that the tree of size `m` with root `old_root` is a prefix of the
 * tree of size `n` with root `new_root`, by the algorithm of RFC 9162
 * 2.1.4.2.  The cases the RFC leaves out: m == n needs an empty proof and
 * equal roots; m == 0 needs an empty proof and old_root = SHA-256("").
 * CL_OK or CL_EINTEGRITY (also for m > n).
 */
int cl_merkle_verify_consistency(uint64_t m, uint64_t n,
				 const unsigned char old_root[CL_HASH_BYTES],
				 const unsigned char new_root[CL_HASH_BYTES],
				 const unsigned char *proof, size_t count,
				 cl_error *err);

/* ---- in-memory store -------------------------------------------------- */

/* An empty in-memory tree.  CL_ENOMEM.  Free with cl_merkle_mem_free. */
int cl_merkle_mem_new(cl_merkle_mem **out);

/* Free the tree.  NULL is a no-op. */
void cl_merkle_mem_free(cl_merkle_mem *t);

/* Append a leaf by its leaf hash (cl_merkle_leaf_hash).  CL_ENOMEM. */
int cl_merkle_mem_append(cl_merkle_mem *t,
			 const unsigned char leaf_hash[CL_HASH_BYTES],
			 cl_error *err);

/* Leaves appended so far. */
uint64_t cl_merkle_mem_size(const cl_merkle_mem *t);

/*
 * The cl_merkle_get_fn of an in-memory tree: pass it with the tree as
 * `ctx` to the functions above.  CL_ENOTFOUND for a node not (yet) there.
 */
int cl_merkle_mem_get(void *ctx, unsigned level, uint64_t index,
		      unsigned char out[CL_HASH_BYTES]);

#endif
