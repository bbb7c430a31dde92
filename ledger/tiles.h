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
 * writer is cli/cmd_publish.c, the readers the monitor and the witness).
 */
#ifndef CL_TILES_H
#define CL_TILES_H

#include <stddef.h>
#include <stdint.h>

/* ---- constants -------------------------------------------------------- */

#define CL_TILE_HEIGHT 8   /* levels of the tree per tile level */
#define CL_TILE_WIDTH 256  /* hashes (or entries) in a full tile: 2^8 */
#define CL_TILE_ENTRIES (-1) /* `level` naming the entry bundles */
#define CL_TILE_SIGS (-2)    /* `level` naming the signature bundles */
#define CL_TILE_MAX_LEVEL 63 /* highest hash-tile level a path may name */
/* Longest path cl_tile_path can write, NUL included:
 * "claimledger/sig/" + 7 groups "x018/" .. "615" + ".p/255". */
#define CL_TILE_PATH_MAX 64

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

#endif
