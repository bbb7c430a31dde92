/*
 * tiles.c: names and bytes of the published tlog-tiles (see tiles.h).
 */
#include "ledger/tiles.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- paths ------------------------------------------------------------ */

/*
 * Append the tlog-tiles encoding of n to out at *len: groups of three
 * digits, most significant first, zero-padded, each but the last as
 * "x<ddd>/".  Returns 0, or -1 when it does not fit.
 */
static int put_index(char *out, size_t cap, size_t *len, uint64_t n)
{
	unsigned groups[7]; /* 2^64 has 20 digits: at most 7 groups */
	size_t count = 0;
	int w;

	do {
		groups[count++] = (unsigned)(n % 1000);
		n /= 1000;
	} while (n > 0);
	while (count > 1) {
		count--;
		w = snprintf(out + *len, cap - *len, "x%03u/", groups[count]);
		if (w < 0 || (size_t)w >= cap - *len)
			return -1;
		*len += (size_t)w;
	}
	w = snprintf(out + *len, cap - *len, "%03u", groups[0]);
	if (w < 0 || (size_t)w >= cap - *len)
		return -1;
	*len += (size_t)w;
	return 0;
}

int cl_tile_path(char *out, size_t cap, int level, uint64_t index,
		 unsigned width)
{
	size_t len = 0;
	int w;

	if (out == NULL || cap == 0)
		return -1;
	out[0] = '\0';
	if (level < CL_TILE_SIGS || level > CL_TILE_MAX_LEVEL || width == 0 ||
	    width > CL_TILE_WIDTH)
		return -1;

	if (level == CL_TILE_ENTRIES)
		w = snprintf(out, cap, "tile/entries/");
	else if (level == CL_TILE_SIGS)
		w = snprintf(out, cap, "claimledger/sig/");
	else
		w = snprintf(out, cap, "tile/%d/", level);
	if (w < 0 || (size_t)w >= cap)
		goto too_long;
	len = (size_t)w;
	if (put_index(out, cap, &len, index) != 0)
		goto too_long;
	if (width < CL_TILE_WIDTH) {
		w = snprintf(out + len, cap - len, ".p/%u", width);
		if (w < 0 || (size_t)w >= cap - len)
			goto too_long;
		len += (size_t)w;
	}
	return (int)len;

too_long:
	out[0] = '\0';
	return -1;
}

/* ---- which tiles a tree has ------------------------------------------- */

void cl_tile_shape(uint64_t size, unsigned level, uint64_t *full,
		   unsigned *partial)
{
	/* Hashes at this level: size >> 8 * level (a full tile's worth of
	 * level-L hashes is 256 of them). */
	uint64_t hashes = level * CL_TILE_HEIGHT >= 64 ? 0 : size >> (level * CL_TILE_HEIGHT);

	*full = hashes / CL_TILE_WIDTH;
	*partial = (unsigned)(hashes % CL_TILE_WIDTH);
}

unsigned cl_tile_levels(uint64_t size)
{
	unsigned levels = 0;

	while (levels * CL_TILE_HEIGHT < 64 && (size >> (levels * CL_TILE_HEIGHT)) > 0)
		levels++;
	return levels;
}

int cl_tile_diff(uint64_t old_size, uint64_t new_size, int level,
		 cl_tile_fn fn, void *ctx)
{
	uint64_t old_full, new_full, i;
	unsigned old_part, new_part, hl;
	int rc;

	if (old_size > new_size || level < CL_TILE_SIGS || level > CL_TILE_MAX_LEVEL)
		return CL_EINPUT;
	hl = level < 0 ? 0 : (unsigned)level;
	cl_tile_shape(old_size, hl, &old_full, &old_part);
	cl_tile_shape(new_size, hl, &new_full, &new_part);
	if (old_full == new_full && old_part == new_part)
		return CL_OK;
	for (i = old_full; i < new_full; i++)
		if ((rc = fn(ctx, level, i, CL_TILE_WIDTH)) != 0)
			return rc;
	if (new_part != 0)
		return fn(ctx, level, new_full, new_part);
	return CL_OK;
}

/* ---- tile bytes -------------------------------------------------------- */

int cl_tile_hashes(cl_merkle_get_fn get, void *ctx, unsigned level,
		   uint64_t index, unsigned width, unsigned char *out,
		   cl_error *err)
{
	unsigned tl = level * CL_TILE_HEIGHT, i;
	int rc;

	if (level >= 64 / CL_TILE_HEIGHT || width == 0 || width > CL_TILE_WIDTH ||
	    index > (UINT64_MAX >> tl) / CL_TILE_WIDTH)
		return cl_error_set(err, CL_EINPUT, "no hash tile (%u, %" PRIu64
				    ", width %u)", level, index, width);
	for (i = 0; i < width; i++) {
		rc = get(ctx, tl, index * CL_TILE_WIDTH + i, out + (size_t)i * CL_HASH_BYTES);
		if (rc != CL_OK)
			return cl_error_set(err, rc, "tile %u/%" PRIu64 ": node (%u, %"
					    PRIu64 ") is missing", level, index,
					    tl, index * CL_TILE_WIDTH + i);
	}
	return CL_OK;
}

int cl_bundle_append(unsigned char **buf, size_t *len_io, size_t *cap,
		     const void *entry, size_t len, cl_error *err)
{
	size_t need;
	unsigned char *nb;

	if (len > CL_TILE_ENTRY_MAX)
		return cl_error_set(err, CL_EINPUT, "an entry of %zu bytes does not "
				    "fit a bundle (at most %u)", len, CL_TILE_ENTRY_MAX);
	need = *len_io + 2 + len;
	if (need > *cap) {
		size_t ncap = *cap ? *cap : 4096;
		while (ncap < need)
			ncap *= 2;
		if ((nb = realloc(*buf, ncap)) == NULL)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		*buf = nb;
		*cap = ncap;
	}
	(*buf)[*len_io] = (unsigned char)(len >> 8);
	(*buf)[*len_io + 1] = (unsigned char)(len & 0xff);
	if (len > 0)
		memcpy(*buf + *len_io + 2, entry, len);
	*len_io = need;
	return CL_OK;
}

int cl_bundle_next(const unsigned char *bundle, size_t len, size_t *off,
		   const unsigned char **entry, size_t *entry_len)
{
	size_t n;

	if (*off >= len)
		return 0;
	if (len - *off < 2)
		return CL_EINPUT;
	n = (size_t)bundle[*off] << 8 | bundle[*off + 1];
	if (len - *off - 2 < n)
		return CL_EINPUT;
	*entry = bundle + *off + 2;
	*entry_len = n;
	*off += 2 + n;
	return 1;
}
