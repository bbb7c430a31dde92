/*
 * monitor_test.c: reading a published ledger as a light client
 * (ledger/tileread.h, ledger/monitor.h), from tiles served from memory.
 *
 * Trees are built with cl_merkle_mem and cut into tiles exactly as
 * tiles.h lays them out; a test then rewrites what a dishonest host
 * would.  The forgery Go's tlog.TileHashReader (x/mod 0.7.0) accepts:
 * a 70,000-entry log whose entry 0, level-0 tile 0 and full level-1 tile
 * 0 are rewritten to agree, the level-2 partial tile left alone.
 */
#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/export.h"
#include "ledger/merkle.h"
#include "ledger/tileread.h"
#include "ledger/tiles.h"

#define H CL_HASH_BYTES

/* ---- a static host in memory ------------------------------------------ */

struct file {
	char path[CL_TILE_PATH_MAX + 80];
	unsigned char *data;
	size_t len;
};

struct host {
	struct file *f;
	size_t n, cap;
	size_t fetches;
	char last[CL_TILE_PATH_MAX + 80]; /* the last path asked for */
};

static struct file *host_find(struct host *h, const char *path)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->f[i].path, path) == 0)
			return &h->f[i];
	return NULL;
}

/* Put (or replace) a file. */
static void host_put(struct host *h, const char *path, const void *data, size_t len)
{
	struct file *f = host_find(h, path);

	if (f == NULL) {
		if (h->n == h->cap) {
			h->cap = h->cap ? 2 * h->cap : 64;
			h->f = realloc(h->f, h->cap * sizeof *h->f);
			assert_non_null(h->f);
		}
		f = &h->f[h->n++];
		snprintf(f->path, sizeof f->path, "%s", path);
	} else {
		free(f->data);
	}
	f->data = malloc(len ? len : 1);
	assert_non_null(f->data);
	memcpy(f->data, data, len);
	f->len = len;
}

static void host_free(struct host *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->f[i].data);
	free(h->f);
	memset(h, 0, sizeof *h);
}

static int host_get(void *ctx, const char *path, size_t max, unsigned char **data,
		    size_t *len, cl_error *err)
{
	struct host *h = ctx;
	struct file *f = host_find(h, path);

	h->fetches++;
	snprintf(h->last, sizeof h->last, "%s", path);
	*data = NULL;
	*len = 0;
	if (f == NULL)
		return cl_error_set(err, CL_ENOTFOUND, "%s: not found", path);
	if (f->len > max)
		return cl_error_set(err, CL_EINTEGRITY, "%s: more than %zu bytes",
				    path, max);
	*data = malloc(f->len + 1);
	assert_non_null(*data);
	memcpy(*data, f->data, f->len);
	(*data)[f->len] = 0;
	*len = f->len;
	return CL_OK;
}

/* ---- trees and their tiles -------------------------------------------- */

static void leaf_of(unsigned char out[H], uint64_t i, unsigned salt)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "entry %llu/%u", (unsigned long long)i, salt);

	cl_merkle_leaf_hash(out, buf, (size_t)n);
}

/* A tree of `n` leaves, leaf i from leaf_of(i, salt) (salt 0 everywhere
 * but at `fork`, where it is 1; fork = UINT64_MAX: nowhere). */
static cl_merkle_mem *tree_new(uint64_t n, uint64_t fork)
{
	unsigned char h[H];
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	uint64_t i;

	assert_int_equal(cl_merkle_mem_new(&t), CL_OK);
	for (i = 0; i < n; i++) {
		leaf_of(h, i, i == fork);
		assert_cl_ok(cl_merkle_mem_append(t, h, &err), &err);
	}
	return t;
}

/* Write the hash tiles of the first `size` leaves of `t` to `h`. */
static void tiles_put(struct host *h, cl_merkle_mem *t, uint64_t size)
{
	unsigned char buf[CL_TILE_WIDTH * H];
	char path[CL_TILE_PATH_MAX];
	unsigned level, w, i;
	uint64_t c, n;

	for (level = 0; level < 8 && (c = size >> (8 * level)) > 0; level++)
		for (n = 0; n <= c / CL_TILE_WIDTH; n++) {
			w = n < c / CL_TILE_WIDTH ? CL_TILE_WIDTH
						 : (unsigned)(c % CL_TILE_WIDTH);
			if (w == 0)
				continue;
			for (i = 0; i < w; i++)
				assert_int_equal(cl_merkle_mem_get(t, 8 * level,
								   n * CL_TILE_WIDTH + i,
								   buf + i * H), CL_OK);
			assert_true(cl_tile_path(path, sizeof path, (int)level, n, w) > 0);
			host_put(h, path, buf, (size_t)w * H);
		}
}

static void root_of(cl_merkle_mem *t, uint64_t size, unsigned char root[H])
{
	cl_error err = { 0 };

	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, size, root, &err), &err);
}

static void frontier_of(cl_frontier *f, uint64_t size, uint64_t fork)
{
	unsigned char h[H];
	cl_error err = { 0 };
	uint64_t i;

	cl_frontier_init(f);
	for (i = 0; i < size; i++) {
		leaf_of(h, i, i == fork);
		assert_cl_ok(cl_frontier_append(f, h, &err), &err);
	}
}

/* ---- tileread ---------------------------------------------------------- */

/* Every tile of honest trees of awkward sizes checks out, gives the
 * tree's own hashes, and extends every smaller tree. */
static void test_good_trees(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 7, 255, 256, 257, 511, 512, 1000,
					  65535, 65536, 65537, 70000 };
	unsigned char root[H], got[H], want[H];
	const unsigned char *hashes;
	cl_tileread *r = NULL;
	cl_frontier old;
	cl_error err = { 0 };
	cl_merkle_mem *t = tree_new(70000, UINT64_MAX);
	struct host h = { 0 };
	uint64_t size, m, i;
	unsigned w;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size = sizes[k];
		host_free(&h);
		tiles_put(&h, t, size);
		root_of(t, size, root);
		assert_cl_ok(cl_tileread_new(host_get, &h, size, root, &r, &err), &err);
		/* every leaf, read tile by tile */
		for (i = 0; i < size; i += 97) {
			assert_cl_ok(cl_tileread_hash(r, 0, i, got, &err), &err);
			assert_int_equal(cl_merkle_mem_get(t, 0, i, want), CL_OK);
			assert_memory_equal(got, want, H);
		}
		assert_cl_ok(cl_tileread_tile(r, 0, (size - 1) / 256, &hashes, &w, &err), &err);
		assert_int_equal(w, size % 256 ? size % 256 : 256);
		/* a higher node */
		if (size >= 65536) {
			assert_cl_ok(cl_tileread_hash(r, 16, 0, got, &err), &err);
			assert_int_equal(cl_merkle_mem_get(t, 16, 0, want), CL_OK);
			assert_memory_equal(got, want, H);
		}
		for (m = 0; m <= size; m += size / 7 + 1) {
			frontier_of(&old, m, UINT64_MAX);
			assert_cl_ok(cl_tileread_extends(r, &old, &err), &err);
		}
		frontier_of(&old, size, UINT64_MAX);
		assert_cl_ok(cl_tileread_extends(r, &old, &err), &err);
		/* no tile past the tree */
		assert_cl_err(cl_tileread_tile(r, 0, size / 256 + 1, &hashes, &w, &err),
			      CL_EINPUT, &err, "no tile");
		cl_tileread_free(r);
		r = NULL;
	}
	/* the empty tree needs no tile, and its root is SHA-256("") */
	cl_sha256(root, "", 0);
	assert_cl_ok(cl_tileread_new(host_get, &h, 0, root, &r, &err), &err);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(t);
}

/*
 * The 70,000-entry forgery: entry 0 replaced, tile/0/000 rewritten with
 * its new leaf hash, tile/1/000 (full) rewritten with the new hash of
 * tile/0/000, tile/2/000.p/1 left as it was.  The partial tiles of size
 * 70,000 still make the root, so only the parent check of tile/1/000
 * catches it, and it must.
 */
static void test_forgery_70000(void **state)
{
	unsigned char root[H], tile0[CL_TILE_WIDTH * H], tile1[CL_TILE_WIDTH * H];
	unsigned char h0[H], got[H];
	const unsigned char *hashes;
	struct file *f;
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_frontier old;
	cl_merkle_mem *t = tree_new(70000, UINT64_MAX);
	struct host h = { 0 };
	unsigned w, i;

	(void)state;
	tiles_put(&h, t, 70000);
	root_of(t, 70000, root);
	/* the forger's tiles */
	f = host_find(&h, "tile/0/000");
	assert_non_null(f);
	memcpy(tile0, f->data, sizeof tile0);
	leaf_of(tile0, 0, 1);
	host_put(&h, "tile/0/000", tile0, sizeof tile0);
	f = host_find(&h, "tile/1/000");
	assert_non_null(f);
	memcpy(tile1, f->data, sizeof tile1);
	/* entry 0 of tile/1/000: the subtree hash of the forged tile/0/000 */
	memcpy(h0, tile0, H);
	{
		unsigned char lvl[CL_TILE_WIDTH][H];
		unsigned n;

		for (i = 0; i < CL_TILE_WIDTH; i++)
			memcpy(lvl[i], tile0 + i * H, H);
		for (n = CL_TILE_WIDTH; n > 1; n /= 2)
			for (i = 0; i < n / 2; i++)
				cl_merkle_node_hash(lvl[i], lvl[2 * i], lvl[2 * i + 1]);
		memcpy(h0, lvl[0], H);
	}
	memcpy(tile1, h0, H);
	host_put(&h, "tile/1/000", tile1, sizeof tile1);
	assert_non_null(host_find(&h, "tile/2/000.p/1"));

	/* The checkpoint's partial tiles are untouched: the reader starts. */
	assert_cl_ok(cl_tileread_new(host_get, &h, 70000, root, &r, &err), &err);
	/* Reading entry 0 is refused, naming the tile that lies. */
	assert_cl_err(cl_tileread_hash(r, 0, 0, got, &err), CL_EINTEGRITY, &err,
		      "tile/1/000 does not hash to entry 0 of tile/2/000.p/1");
	assert_cl_err(cl_tileread_tile(r, 0, 0, &hashes, &w, &err), CL_EINTEGRITY,
		      &err, "tile/1/000 does not hash to entry 0 of tile/2/000.p/1");
	/* So is every claim that the honest 1-entry tree is not a prefix ...
	 * and the forged 1-entry tree is not accepted as one either. */
	frontier_of(&old, 1, 0);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "tile/1/000");
	/* Tiles elsewhere are fine: a leaf under tile/1/001.p/17 reads. */
	assert_cl_ok(cl_tileread_hash(r, 0, 69999, got, &err), &err);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(t);
}

/* One byte changed in a full tile, in a partial tile; a tile cut short;
 * a tile missing. */
static void test_changed_tiles(void **state)
{
	unsigned char root[H], got[H];
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_merkle_mem *t = tree_new(1000, UINT64_MAX);
	struct host h = { 0 };
	struct file *f;

	(void)state;
	tiles_put(&h, t, 1000);
	root_of(t, 1000, root);

	f = host_find(&h, "tile/0/002");
	f->data[100] ^= 1;
	assert_cl_ok(cl_tileread_new(host_get, &h, 1000, root, &r, &err), &err);
	assert_cl_ok(cl_tileread_hash(r, 0, 300, got, &err), &err); /* tile 1 */
	assert_cl_err(cl_tileread_hash(r, 0, 600, got, &err), CL_EINTEGRITY, &err,
		      "tile/0/002 does not hash to entry 2 of tile/1/000.p/3");
	cl_tileread_free(r);
	f->data[100] ^= 1;

	f = host_find(&h, "tile/0/003.p/232");
	assert_non_null(f);
	f->data[5] ^= 1;
	assert_cl_err(cl_tileread_new(host_get, &h, 1000, root, &r, &err),
		      CL_EINTEGRITY, &err, "do not hash to the checkpoint's root");
	assert_null(r);
	f->data[5] ^= 1;

	f = host_find(&h, "tile/1/000.p/3");
	f->len -= 1;
	assert_cl_err(cl_tileread_new(host_get, &h, 1000, root, &r, &err),
		      CL_EINTEGRITY, &err, "tile/1/000.p/3: 95 bytes, not 96");
	f->len += 1;

	snprintf(f->path, sizeof f->path, "gone");
	assert_cl_err(cl_tileread_new(host_get, &h, 1000, root, &r, &err),
		      CL_EINTEGRITY, &err, "tile/1/000.p/3: missing");
	host_free(&h);
	cl_merkle_mem_free(t);
}

/* A log that lost entries: the tiles of a smaller tree do not extend the
 * larger tree seen before; nor do a same-size fork's, nor a bigger
 * fork's whose history differs in an early leaf. */
static void test_truncated_and_forked(void **state)
{
	unsigned char root[H];
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_frontier old;
	cl_merkle_mem *honest = tree_new(3000, UINT64_MAX);
	cl_merkle_mem *forked = tree_new(3000, 1234);
	struct host h = { 0 };

	(void)state;
	/* truncated: the monitor saw 2000, the host now serves 1500 */
	tiles_put(&h, honest, 1500);
	root_of(honest, 1500, root);
	assert_cl_ok(cl_tileread_new(host_get, &h, 1500, root, &r, &err), &err);
	frontier_of(&old, 2000, UINT64_MAX);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "smaller than the tree of size 2000");
	cl_tileread_free(r);
	host_free(&h);

	/* forked at leaf 1234: same size, or grown, it is not the old tree */
	tiles_put(&h, forked, 3000);
	root_of(forked, 3000, root);
	assert_cl_ok(cl_tileread_new(host_get, &h, 3000, root, &r, &err), &err);
	frontier_of(&old, 3000, UINT64_MAX);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "leaves 0..2047 differ");
	frontier_of(&old, 2000, UINT64_MAX);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "does not extend the tree of size 2000");
	/* ... while a prefix before the fork is consistent */
	frontier_of(&old, 1234, UINT64_MAX);
	assert_cl_ok(cl_tileread_extends(r, &old, &err), &err);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(honest);
	cl_merkle_mem_free(forked);
}

/* Reading tiles left to right fetches each once (the monitor's pattern):
 * 1000 leaves = 4 level-0 tiles + 1 level-1 tile. */
static void test_fetch_count(void **state)
{
	unsigned char root[H], got[H];
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_merkle_mem *t = tree_new(1000, UINT64_MAX);
	struct host h = { 0 };
	uint64_t i;

	(void)state;
	tiles_put(&h, t, 1000);
	root_of(t, 1000, root);
	assert_cl_ok(cl_tileread_new(host_get, &h, 1000, root, &r, &err), &err);
	for (i = 0; i < 1000; i++)
		assert_cl_ok(cl_tileread_hash(r, 0, i, got, &err), &err);
	assert_int_equal(cl_tileread_fetched(r), 5);
	assert_int_equal(h.fetches, 5);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_trees),
		cmocka_unit_test(test_forgery_70000),
		cmocka_unit_test(test_changed_tiles),
		cmocka_unit_test(test_truncated_and_forked),
		cmocka_unit_test(test_fetch_count),
	};

	if (cl_crypto_init() != CL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
