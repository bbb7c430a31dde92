/*
 * tiles.h: the ledger published as C2SP tlog-tiles (c2sp.org/tlog-tiles).
 *
 * SPEC.md ("Publishing as tlog-tiles") is the normative text.  A
 * published directory DIR holds:
 *
 *   checkpoint                  the signed checkpoint, written last
 *   tile/<L>/<N>[.p/<W>]        hash tiles: tile height 8, so a full tile
 *                               holds 256 hashes of 32 bytes; tile (L, N)
 *                               entry i is the perfect-subtree hash
 *                               node(8L, 256N + i) of the ledger's tree
 *   tile/entries/<N>[.p/<W>]    entry bundles: records 256N.. as canonical
 *                               body bytes, each prefixed by its length as
 *                               a big-endian uint16
 *   claimledger/sig/<N>[.p/<W>] signature bundles: the same records'
 *                               64-byte Ed25519 signatures, concatenated
 *   claimledger/doc/<64 hex>    archived articles, named by SHA-256
 *   claimledger/log             {"claimledger":"tiles/1","origin":..,"owner":..}
 *
 * <N> is the tile index in groups of three decimal digits, every group
 * but the last prefixed by "x": 1234067 -> x001/x234/067, 5 -> 005,
 * 1000 -> x001/000.  A tile of width W < 256 (the right edge of a tree
 * whose size is not a multiple of the tile's span) is a partial tile and
 * gets the suffix ".p/<W>" (W in plain decimal, no padding).
 *
 * This module owns the names and the bytes; it does no file I/O (the
 * writer is ledger/publish.c, the readers the monitor and the witness).
 */
#ifndef CL_TILES_H
#define CL_TILES_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/crypto.h"
#include "ledger/merkle.h"

/* ---- constants -------------------------------------------------------- */

#define CL_TILE_HEIGHT 8   /* levels of the tree per tile level */
#define CL_TILE_WIDTH 256  /* hashes (or entries) in a full tile: 2^8 */
#define CL_TILE_ENTRIES (-1) /* `level` naming the entry bundles */
#define CL_TILE_SIGS (-2)    /* `level` naming the signature bundles */
#define CL_TILE_MAX_LEVEL 63 /* highest hash-tile level a path may name */
/* Longest path cl_tile_path can write, NUL included:
 * "claimledger/sig/" + 7 groups "x018/" .. "615" + ".p/255". */
#define CL_TILE_PATH_MAX 64
/* Longest entry an entry bundle can hold: its length is a uint16. */
#define CL_TILE_ENTRY_MAX 65535u

/* ---- paths ------------------------------------------------------------ */

/*
 * Write the path of a tile, relative to DIR, into out[0..cap-1],
 * NUL-terminated:
 *   level 0..63          "tile/<L>/<N>"             (hash tile)
 *   CL_TILE_ENTRIES (-1) "tile/entries/<N>"         (entry bundle)
 *   CL_TILE_SIGS (-2)    "claimledger/sig/<N>"      (signature bundle)
 * each followed by ".p/<W>" when width is 1..255; width 256 is a full
 * tile (no suffix).  <N> is `index` encoded as above (any uint64_t).
 * @param[out] out    the buffer (CL_TILE_PATH_MAX bytes always suffice)
 * @param[in]  cap    its size in bytes
 * @param[in]  level  -2, -1 or 0..63
 * @param[in]  index  the tile index N
 * @param[in]  width  1..256
 * @return the length written (without the NUL), or -1 when the arguments
 * are out of range (level, width 0 or over 256, out NULL) or the path does
 * not fit in cap; on -1, out holds "" when cap > 0.
 * Cannot fail otherwise; no allocation.
 */
int cl_tile_path(char *out, size_t cap, int level, uint64_t index,
		 unsigned width);

/* ---- which tiles a tree has ------------------------------------------ */

/*
 * The tiles of hash level `level` (0..7 matter; higher levels of any
 * uint64_t tree are empty) in the tree of `size` leaves: *full full tiles
 * (indexes 0 .. *full - 1) and, when *partial is not 0, one partial tile of
 * width *partial at index *full.  Entry and signature bundles have the
 * shape of level 0.  Level 64 and above: none.  Cannot fail.
 * Example (c2sp.org/tlog-tiles): 70,000 leaves have at level 0 273 full
 * tiles and a partial of width 112, at level 1 one full and a partial of
 * width 17, at level 2 a partial of width 1.
 */
void cl_tile_shape(uint64_t size, unsigned level, uint64_t *full,
		   unsigned *partial);

/* The hash-tile levels of a tree of `size` leaves: 0 for size 0, else one
 * more than the highest level with a tile (3 for 70,000).  Cannot fail. */
unsigned cl_tile_levels(uint64_t size);

/*
 * The tiles of `level` (as cl_tile_shape; CL_TILE_ENTRIES and CL_TILE_SIGS
 * take level 0's shape) that a tree of `new_size` has and a tree of
 * `old_size` does not: fn(ctx, level, index, width) for each, by index.
 * Full tiles of the old tree and its partial tile when unchanged are
 * skipped; an old partial tile that grew is named again at its new width
 * (256 when it filled up).  A non-zero return of fn stops and is returned.
 * CL_EINPUT when old_size > new_size or the level is out of range.
 */
typedef int (*cl_tile_fn)(void *ctx, int level, uint64_t index, unsigned width);
int cl_tile_diff(uint64_t old_size, uint64_t new_size, int level,
		 cl_tile_fn fn, void *ctx);

/* ---- tile bytes ------------------------------------------------------- */

/*
 * The hash tile (level, index, width) of the tree read through `get`: the
 * `width` hashes node(8 * level, 256 * index + i), i = 0 .. width - 1,
 * concatenated into out (width * 32 bytes).  The tree needs all of their
 * leaves.  Errors: CL_EINPUT for a level over 7 or a width of 0 or over
 * 256 or an index too large for the level; whatever `get` returns.
 * (A ledger reads the same hashes in one transaction with
 * cl_ledger_nodes, store.h.)
 */
int cl_tile_hashes(cl_merkle_get_fn get, void *ctx, unsigned level,
		   uint64_t index, unsigned width, unsigned char *out,
		   cl_error *err);

/*
 * Append one entry (`len` bytes) to an entry bundle: its length as a
 * big-endian uint16, then the bytes.  *buf is malloc'd and grown as
 * needed (*len_io bytes used of *cap); the caller frees it, also after a
 * failure, when it is unchanged.  Errors: CL_EINPUT for an entry over
 * CL_TILE_ENTRY_MAX bytes; CL_ENOMEM.
 */
int cl_bundle_append(unsigned char **buf, size_t *len_io, size_t *cap,
		     const void *entry, size_t len, cl_error *err);

/*
 * Read the next entry of an entry bundle (`len` bytes) at *off: on
 * success *entry points into `bundle` (not copied), *entry_len is its
 * length and *off moves past it.  Returns 1 for an entry, 0 at the end
 * (*off == len), CL_EINPUT for a truncated entry.  Untrusted bytes are
 * fine: it never reads past `len`.
 */
int cl_bundle_next(const unsigned char *bundle, size_t len, size_t *off,
		   const unsigned char **entry, size_t *entry_len);

#endif
