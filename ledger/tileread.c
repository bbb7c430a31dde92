/*
 * tileread.c: checked reads of published hash tiles (tileread.h).
 */
#include "ledger/tileread.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/merkle.h"
#include "ledger/tiles.h"

/* Tile levels whose hashes a tree below 2^64 leaves can hold. */
#define LEVELS (CL_MERKLE_MAX_DEPTH / CL_TILE_HEIGHT)
#define TILE_BYTES (CL_TILE_WIDTH * CL_HASH_BYTES)

struct cl_tileread {
	cl_fetch_fn fetch;
	void *ctx;
	uint64_t size;
	unsigned char root[CL_HASH_BYTES];
	unsigned char *partial[LEVELS];  /* the partial tile of each level */
	unsigned pwidth[LEVELS];         /* its width, 0 when none */
	unsigned char *full[LEVELS];     /* the last full tile checked */
	uint64_t full_index[LEVELS];
	uint64_t fetched;
};

/* Full tiles of `level` at this size. */
static uint64_t full_tiles(const cl_tileread *t, unsigned level)
{
	uint64_t full;
	unsigned partial;

	cl_tile_shape(t->size, level, &full, &partial);
	return full;
}

/* The width of tile (level, index) at this size, 0 when there is none
 * (the shape publish writes: cl_tile_shape). */
static unsigned tile_width(const cl_tileread *t, unsigned level, uint64_t index)
{
	uint64_t full;
	unsigned partial;

	cl_tile_shape(t->size, level, &full, &partial);
	if (index < full)
		return CL_TILE_WIDTH;
	return index == full ? partial : 0;
}

static void path_of(char out[CL_TILE_PATH_MAX], unsigned level, uint64_t index,
		    unsigned width)
{
	if (cl_tile_path(out, CL_TILE_PATH_MAX, (int)level, index, width) < 0)
		snprintf(out, CL_TILE_PATH_MAX, "tile/%u/?", level);
}

/* The tree hash of `n` (a power of two, at most 256) consecutive hashes
 * of one level: the perfect subtree they are the bottom of. */
static void subtree(unsigned char out[CL_HASH_BYTES], const unsigned char *hashes,
		    unsigned n)
{
	unsigned char buf[CL_TILE_WIDTH / 2][CL_HASH_BYTES];
	unsigned i;

	if (n == 1) {
		memcpy(out, hashes, CL_HASH_BYTES);
		return;
	}
	for (i = 0; i < n / 2; i++)
		cl_merkle_node_hash(buf[i], hashes + 2 * i * CL_HASH_BYTES,
				    hashes + (2 * i + 1) * CL_HASH_BYTES);
	for (n /= 2; n > 1; n /= 2)
		for (i = 0; i < n / 2; i++)
			cl_merkle_node_hash(buf[i], buf[2 * i], buf[2 * i + 1]);
	memcpy(out, buf[0], CL_HASH_BYTES);
}

/* Fetch tile (level, index) of `width` into a new buffer, its length
 * checked; its content is the caller's to check. */
static int fetch_tile(cl_tileread *t, unsigned level, uint64_t index,
		      unsigned width, unsigned char **out, cl_error *err)
{
	char path[CL_TILE_PATH_MAX];
	unsigned char *data = NULL;
	size_t len = 0;
	cl_error e = { 0 };
	int rc;

	*out = NULL;
	path_of(path, level, index, width);
	t->fetched++;
	rc = t->fetch(t->ctx, path, CL_FETCH_TILE_MAX, &data, &len, &e);
	if (rc == CL_ENOTFOUND)
		return cl_error_set(err, CL_EINTEGRITY, "%s: missing, though the "
				    "checkpoint of size %" PRIu64 " needs it",
				    path, t->size);
	if (rc != CL_OK)
		return cl_error_set(err, rc, "%s", e.msg);
	if (len != (size_t)width * CL_HASH_BYTES) {
		free(data);
		return cl_error_set(err, CL_EINTEGRITY, "%s: %zu bytes, not %u",
				    path, len, width * CL_HASH_BYTES);
	}
	*out = data;
	return CL_OK;
}

int cl_tileread_new(cl_fetch_fn fetch, void *ctx, uint64_t size,
		    const unsigned char root[CL_HASH_BYTES], cl_tileread **out,
		    cl_error *err)
{
	unsigned char peaks[CL_MERKLE_MAX_DEPTH][CL_HASH_BYTES], h[CL_HASH_BYTES];
	char path[CL_TILE_PATH_MAX];
	cl_tileread *t;
	unsigned level, bit, span;
	uint64_t c, first;
	size_t np = 0, i;
	int rc = CL_OK;

	*out = NULL;
	if ((t = calloc(1, sizeof *t)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	t->fetch = fetch;
	t->ctx = ctx;
	t->size = size;
	memcpy(t->root, root, CL_HASH_BYTES);
	for (level = 0; level < LEVELS; level++) {
		cl_tile_shape(size, level, &c, &t->pwidth[level]);
		if (t->pwidth[level] == 0)
			continue;
		rc = fetch_tile(t, level, c, t->pwidth[level],
				&t->partial[level], err);
		if (rc != CL_OK)
			goto out;
	}
	/* Each one bit of the size is a peak: 2^(bit % 8) hashes of tree
	 * level 8 * (bit / 8), all in that level's partial tile. */
	for (bit = CL_MERKLE_MAX_DEPTH; bit-- > 0;) {
		if (!(size >> bit & 1))
			continue;
		level = bit / CL_TILE_HEIGHT;
		span = 1u << (bit % CL_TILE_HEIGHT);
		first = ((size >> bit) - 1) << (bit % CL_TILE_HEIGHT);
		first -= full_tiles(t, level) * CL_TILE_WIDTH;
		subtree(peaks[np++], t->partial[level] + first * CL_HASH_BYTES, span);
	}
	if (np == 0) {
		cl_sha256(h, "", 0);
	} else {
		memcpy(h, peaks[np - 1], CL_HASH_BYTES);
		for (i = np - 1; i > 0; i--)
			cl_merkle_node_hash(h, peaks[i - 1], h);
	}
	if (!cl_memeq(h, root, CL_HASH_BYTES)) {
		for (level = 0; level < LEVELS && t->partial[level] == NULL; level++)
			;
		path_of(path, level, full_tiles(t, level),
			level < LEVELS ? t->pwidth[level] : 1);
		rc = cl_error_set(err, CL_EINTEGRITY, "the partial tiles of size "
				  "%" PRIu64 " (%s and those above it) do not hash "
				  "to the checkpoint's root", size, path);
	}
out:
	if (rc != CL_OK)
		cl_tileread_free(t);
	else
		*out = t;
	return rc;
}

void cl_tileread_free(cl_tileread *t)
{
	unsigned i;

	if (t == NULL)
		return;
	for (i = 0; i < LEVELS; i++) {
		free(t->partial[i]);
		free(t->full[i]);
	}
	free(t);
}

int cl_tileread_tile(cl_tileread *t, unsigned level, uint64_t index,
		     const unsigned char **hashes, unsigned *width, cl_error *err)
{
	unsigned char h[CL_HASH_BYTES], *buf = NULL;
	const unsigned char *parent;
	char path[CL_TILE_PATH_MAX], ppath[CL_TILE_PATH_MAX];
	unsigned w = level < LEVELS ? tile_width(t, level, index) : 0, pw;
	int rc;

	*hashes = NULL;
	*width = 0;
	if (w == 0)
		return cl_error_set(err, CL_EINPUT, "no tile %u/%" PRIu64 " in a "
				    "tree of size %" PRIu64, level, index, t->size);
	if (w < CL_TILE_WIDTH) {
		*hashes = t->partial[level]; /* checked against the root */
		*width = w;
		return CL_OK;
	}
	if (t->full[level] != NULL && t->full_index[level] == index) {
		*hashes = t->full[level];
		*width = w;
		return CL_OK;
	}
	if ((rc = fetch_tile(t, level, index, w, &buf, err)) != CL_OK)
		return rc;
	/* A full tile is the bottom of one hash of the level above: check
	 * it there, whatever else that parent tile holds. */
	subtree(h, buf, CL_TILE_WIDTH);
	rc = cl_tileread_tile(t, level + 1, index / CL_TILE_WIDTH, &parent, &pw, err);
	if (rc == CL_OK &&
	    !cl_memeq(parent + index % CL_TILE_WIDTH * CL_HASH_BYTES, h, CL_HASH_BYTES)) {
		path_of(path, level, index, w);
		path_of(ppath, level + 1, index / CL_TILE_WIDTH, pw);
		rc = cl_error_set(err, CL_EINTEGRITY, "%s does not hash to entry %u "
				  "of %s", path, (unsigned)(index % CL_TILE_WIDTH), ppath);
	}
	if (rc != CL_OK) {
		free(buf);
		return rc;
	}
	free(t->full[level]);
	t->full[level] = buf;
	t->full_index[level] = index;
	*hashes = buf;
	*width = w;
	return CL_OK;
}

int cl_tileread_hash(cl_tileread *t, unsigned level, uint64_t index,
		     unsigned char out[CL_HASH_BYTES], cl_error *err)
{
	unsigned tl = level / CL_TILE_HEIGHT, span = 1u << (level % CL_TILE_HEIGHT), w;
	const unsigned char *hashes;
	uint64_t first;
	int rc;

	if (level >= CL_MERKLE_MAX_DEPTH || index >= t->size >> level)
		return cl_error_set(err, CL_EINPUT, "no subtree %u/%" PRIu64 " in a "
				    "tree of size %" PRIu64, level, index, t->size);
	first = index << (level % CL_TILE_HEIGHT);
	rc = cl_tileread_tile(t, tl, first / CL_TILE_WIDTH, &hashes, &w, err);
	if (rc != CL_OK)
		return rc;
	first %= CL_TILE_WIDTH;
	if (first + span > w) /* cannot happen for a complete subtree */
		return cl_error_set(err, CL_EINPUT, "subtree %u/%" PRIu64 " is past "
				    "its tile", level, index);
	subtree(out, hashes + first * CL_HASH_BYTES, span);
	return CL_OK;
}

int cl_tileread_extends(cl_tileread *t, const cl_frontier *old, cl_error *err)
{
	unsigned char h[CL_HASH_BYTES];
	uint64_t m = old->size;
	unsigned bit;
	size_t k = 0;
	int rc;

	if (m > t->size)
		return cl_error_set(err, CL_EINTEGRITY, "the tree of size %" PRIu64
				    " is smaller than the tree of size %" PRIu64
				    " it should extend", t->size, m);
	for (bit = CL_MERKLE_MAX_DEPTH; bit-- > 0;) {
		if (!(m >> bit & 1))
			continue;
		if (k >= old->npeaks)
			return cl_error_set(err, CL_EINPUT, "a frontier of size %"
					    PRIu64 " with %zu peaks", m, old->npeaks);
		if ((rc = cl_tileread_hash(t, bit, (m >> bit) - 1, h, err)) != CL_OK)
			return rc;
		if (!cl_memeq(h, old->peak[k], CL_HASH_BYTES))
			return cl_error_set(err, CL_EINTEGRITY, "the tree of size %"
					    PRIu64 " does not extend the tree of "
					    "size %" PRIu64 ": its leaves %" PRIu64
					    "..%" PRIu64 " differ", t->size, m,
					    ((m >> bit) - 1) << bit,
					    (((m >> bit) - 1) << bit) + ((uint64_t)1 << bit) - 1);
		k++;
	}
	return CL_OK;
}

uint64_t cl_tileread_fetched(const cl_tileread *t)
{
	return t->fetched;
}
