/*
 * tileread.h: reading the hash tiles of a published tree (tiles.h) as a
 * light client: every tile used is checked before a hash of it is used.
 *
 * A reader is made for one checkpoint (size N, root R).  At size N the
 * tile at level L holding the last complete hashes of tree level 8L is
 * partial unless N is a multiple of 256^(L+1); every peak of the tree
 * (one per one bit of N) is made of hashes of one of those partial
 * tiles.  So:
 *   - cl_tileread_new fetches every partial tile of size N and checks that
 *     the peaks they make hash to R;
 *   - a full tile (L, n) is checked against its parent: the tree hash of
 *     its 256 entries must be entry n % 256 of tile (L + 1, n / 256),
 *     itself checked the same way (a full parent against its own parent,
 *     a partial one by the root), up to a partial tile.
 * No tile is ever taken on trust, whatever the shape of the tree: Go's
 * tlog.TileHashReader (x/mod 0.7.0) skipped the parent check of full
 * tiles when two peaks share a tile, so a 70,000-entry log with entry 0,
 * level-0 tile 0 and full level-1 tile 0 rewritten passed it;
 * tests/monitor_test.c has that forgery, refused here.
 *
 * Memory: the partial tiles, plus the last full tile read at each level
 * (8 KiB each), so reading tiles left to right fetches each tile once.
 * Errors follow base/error.h; messages name the tile's path.
 */
#ifndef CL_TILEREAD_H
#define CL_TILEREAD_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "ledger/export.h"
#include "ledger/fetch.h"

/* ---- types ------------------------------------------------------------ */

typedef struct cl_tileread cl_tileread;

/* ---- functions -------------------------------------------------------- */

/*
 * A reader of the tree of size `size` with root `root`, whose tiles come
 * from `fetch` (with `ctx`; both kept, not owned).  Fetches the partial
 * tiles of that size and checks them against the root.  *out is freed
 * with cl_tileread_free.
 * Errors: CL_EINTEGRITY (a tile missing, of the wrong length, or the
 * partial tiles do not make the root), CL_EIO, CL_ENOMEM.
 */
int cl_tileread_new(cl_fetch_fn fetch, void *ctx, uint64_t size,
		    const unsigned char root[CL_HASH_BYTES], cl_tileread **out,
		    cl_error *err);
void cl_tileread_free(cl_tileread *t);

/*
 * The checked tile (level, index) of the tree: *hashes points at
 * *width * 32 bytes, valid until the next call on `t` (or its free).
 * Errors: CL_EINPUT (no such tile at this size), as cl_tileread_new.
 */
int cl_tileread_tile(cl_tileread *t, unsigned level, uint64_t index,
		     const unsigned char **hashes, unsigned *width, cl_error *err);

/*
 * The checked hash of the perfect subtree (level, index): leaves
 * [index * 2^level, (index + 1) * 2^level), which must all be in the tree.
 * Errors as cl_tileread_tile.
 */
int cl_tileread_hash(cl_tileread *t, unsigned level, uint64_t index,
		     unsigned char out[CL_HASH_BYTES], cl_error *err);

/*
 * Check that the tree of `old` (a frontier: the peaks of a tree of size
 * M <= N) is a prefix of this one: each of its peaks must be the hash the
 * tiles give for the same subtree.  This is the consistency check a
 * light client makes from tiles alone, no proof from the server needed.
 * Errors: CL_EINTEGRITY ("the tree of size N does not extend ..."), as
 * cl_tileread_tile.
 */
int cl_tileread_extends(cl_tileread *t, const cl_frontier *old, cl_error *err);

/* Tiles fetched so far (each fetch counted). */
uint64_t cl_tileread_fetched(const cl_tileread *t);

#endif
