/*
 * tiles.c: names and bytes of the published tlog-tiles (see tiles.h).
 */
#include "ledger/tiles.h"

#include <stdio.h>
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
