/*
 * tiles_test.c: the published tlog-tiles layout (ledger/tiles.h).
 *
 * Known answers for the path encoding from c2sp.org/tlog-tiles (1234067 ->
 * x001/x234/067) and SPEC.md ("Publishing as tlog-tiles").
 */
#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/merkle.h"
#include "ledger/store.h"
#include "ledger/tiles.h"

#define H CL_HASH_BYTES

static void hex(unsigned char *out, size_t n, const char *s)
{
	assert_int_equal(cl_hex_decode(out, n, s, strlen(s)), CL_OK);
}

static void sha256_hex_is(const unsigned char *buf, size_t len, const char *want)
{
	unsigned char got[H], w[H];

	cl_sha256(got, buf, len);
	hex(w, H, want);
	assert_memory_equal(got, w, H);
}

/* ---- paths ------------------------------------------------------------ */

static void path_is(int level, uint64_t index, unsigned width,
		    const char *want)
{
	char buf[CL_TILE_PATH_MAX];
	int n = cl_tile_path(buf, sizeof buf, level, index, width);

	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_path_known(void **state)
{
	(void)state;
	path_is(0, 1234067, 256, "tile/0/x001/x234/067");
	path_is(0, 0, 256, "tile/0/000");
	path_is(0, 5, 256, "tile/0/005");
	path_is(0, 999, 256, "tile/0/999");
	path_is(0, 1000, 256, "tile/0/x001/000");
	path_is(1, 1000000, 256, "tile/1/x001/x000/000");
	path_is(2, 42, 256, "tile/2/042");
	path_is(63, 7, 256, "tile/63/007");
	/* partial tiles: ".p/<W>", W undecorated */
	path_is(0, 273, 112, "tile/0/273.p/112");
	path_is(1, 1, 17, "tile/1/001.p/17");
	path_is(2, 0, 1, "tile/2/000.p/1");
	path_is(0, 1234067, 255, "tile/0/x001/x234/067.p/255");
	path_is(0, 0, 44, "tile/0/000.p/44");
	/* entry and signature bundles */
	path_is(CL_TILE_ENTRIES, 1234067, 256, "tile/entries/x001/x234/067");
	path_is(CL_TILE_ENTRIES, 0, 5, "tile/entries/000.p/5");
	path_is(CL_TILE_SIGS, 1000, 256, "claimledger/sig/x001/000");
	path_is(CL_TILE_SIGS, 3, 99, "claimledger/sig/003.p/99");
	/* the longest: every group of UINT64_MAX, a partial signature bundle */
	path_is(CL_TILE_SIGS, UINT64_MAX, 255,
		"claimledger/sig/x018/x446/x744/x073/x709/x551/615.p/255");
}

static void test_path_refused(void **state)
{
	char buf[CL_TILE_PATH_MAX];
	char small[8];

	(void)state;
	/* width 0 and over 256 */
	assert_int_equal(cl_tile_path(buf, sizeof buf, 0, 1, 0), -1);
	assert_string_equal(buf, "");
	assert_int_equal(cl_tile_path(buf, sizeof buf, 0, 1, 257), -1);
	/* levels outside -2..63 */
	assert_int_equal(cl_tile_path(buf, sizeof buf, 64, 1, 256), -1);
	assert_int_equal(cl_tile_path(buf, sizeof buf, -3, 1, 256), -1);
	assert_int_equal(cl_tile_path(buf, sizeof buf, -1000, 1, 256), -1);
	/* no buffer, no room */
	assert_int_equal(cl_tile_path(NULL, 10, 0, 1, 256), -1);
	assert_int_equal(cl_tile_path(buf, 0, 0, 1, 256), -1);
	/* "tile/0/005" is 10 bytes: cap 10 has no room for the NUL, 11 does */
	assert_int_equal(cl_tile_path(buf, 10, 0, 5, 256), -1);
	assert_string_equal(buf, "");
	assert_int_equal(cl_tile_path(buf, 11, 0, 5, 256), 10);
	/* cut in the index and in the suffix */
	assert_int_equal(cl_tile_path(small, sizeof small, 0, 1234067, 256), -1);
	assert_string_equal(small, "");
	/* "tile/0/005.p/17" is 15 bytes */
	assert_int_equal(cl_tile_path(buf, 15, 0, 5, 17), -1);
	assert_string_equal(buf, "");
	assert_int_equal(cl_tile_path(buf, 16, 0, 5, 17), 15);
	assert_string_equal(buf, "tile/0/005.p/17");
}

/* ---- which tiles ------------------------------------------------------- */

struct seen {
	char paths[600][CL_TILE_PATH_MAX];
	size_t n;
};

static int note_tile(void *ctx, int level, uint64_t index, unsigned width)
{
	struct seen *s = ctx;

	assert_true(s->n < 600);
	assert_true(cl_tile_path(s->paths[s->n], CL_TILE_PATH_MAX, level, index,
				 width) > 0);
	s->n++;
	return 0;
}

static void test_shape(void **state)
{
	uint64_t full;
	unsigned part;
	struct seen *s = calloc(1, sizeof *s);

	(void)state;
	/* the 70,000-entry example of c2sp.org/tlog-tiles */
	cl_tile_shape(70000, 0, &full, &part);
	assert_int_equal(full, 273);
	assert_int_equal(part, 112);
	cl_tile_shape(70000, 1, &full, &part);
	assert_int_equal(full, 1);
	assert_int_equal(part, 17);
	cl_tile_shape(70000, 2, &full, &part);
	assert_int_equal(full, 0);
	assert_int_equal(part, 1);
	cl_tile_shape(70000, 3, &full, &part);
	assert_int_equal(full + part, 0);
	assert_int_equal(cl_tile_levels(70000), 3);
	assert_int_equal(cl_tile_levels(0), 0);
	assert_int_equal(cl_tile_levels(1), 1);
	assert_int_equal(cl_tile_levels(255), 1);
	assert_int_equal(cl_tile_levels(256), 2);
	assert_int_equal(cl_tile_levels(UINT64_MAX), 8);
	cl_tile_shape(UINT64_MAX, 7, &full, &part);
	assert_int_equal(full, 0);
	assert_int_equal(part, 255);
	cl_tile_shape(UINT64_MAX, 8, &full, &part);
	assert_int_equal(full + part, 0);

	/* everything of 70,000 from nothing: 274 + 2 + 1 hash tiles */
	for (int lv = 0; lv < 3; lv++)
		assert_int_equal(cl_tile_diff(0, 70000, lv, note_tile, s), 0);
	assert_int_equal(s->n, 277);
	assert_string_equal(s->paths[0], "tile/0/000");
	assert_string_equal(s->paths[272], "tile/0/272");
	assert_string_equal(s->paths[273], "tile/0/273.p/112");
	assert_string_equal(s->paths[274], "tile/1/000");
	assert_string_equal(s->paths[275], "tile/1/001.p/17");
	assert_string_equal(s->paths[276], "tile/2/000.p/1");

	/* 70,000 -> 70,100 = 273*256 + 212: only level 0's partial grows */
	s->n = 0;
	for (int lv = 0; lv < 3; lv++)
		assert_int_equal(cl_tile_diff(70000, 70100, lv, note_tile, s), 0);
	assert_int_equal(s->n, 1);
	assert_string_equal(s->paths[0], "tile/0/273.p/212");
	/* 70,000 -> 70,200 = 274*256 + 56: tile 273 full, a new partial,
	 * level 1 grows to 274 hashes: partial of width 18 */
	s->n = 0;
	for (int lv = 0; lv < 3; lv++)
		assert_int_equal(cl_tile_diff(70000, 70200, lv, note_tile, s), 0);
	assert_int_equal(s->n, 3);
	assert_string_equal(s->paths[0], "tile/0/273");
	assert_string_equal(s->paths[1], "tile/0/274.p/56");
	assert_string_equal(s->paths[2], "tile/1/001.p/18");
	/* bundles follow level 0; nothing new: nothing */
	s->n = 0;
	assert_int_equal(cl_tile_diff(70000, 70200, CL_TILE_ENTRIES, note_tile, s), 0);
	assert_int_equal(cl_tile_diff(70000, 70200, CL_TILE_SIGS, note_tile, s), 0);
	assert_int_equal(cl_tile_diff(70200, 70200, 0, note_tile, s), 0);
	assert_int_equal(s->n, 4);
	assert_string_equal(s->paths[0], "tile/entries/273");
	assert_string_equal(s->paths[1], "tile/entries/274.p/56");
	assert_string_equal(s->paths[2], "claimledger/sig/273");
	assert_string_equal(s->paths[3], "claimledger/sig/274.p/56");
	/* exactly full: no partial */
	s->n = 0;
	assert_int_equal(cl_tile_diff(0, 512, 0, note_tile, s), 0);
	assert_int_equal(cl_tile_diff(0, 512, 1, note_tile, s), 0);
	assert_int_equal(s->n, 3);
	assert_string_equal(s->paths[1], "tile/0/001");
	assert_string_equal(s->paths[2], "tile/1/000.p/2");
	/* refused */
	assert_int_equal(cl_tile_diff(10, 9, 0, note_tile, s), CL_EINPUT);
	assert_int_equal(cl_tile_diff(0, 9, 64, note_tile, s), CL_EINPUT);
	assert_int_equal(cl_tile_diff(0, 9, -3, note_tile, s), CL_EINPUT);
	free(s);
}

/* ---- tile bytes -------------------------------------------------------- */

/* The 8 leaves of the Certificate Transparency test tree (SPEC.md,
 * "Transparency", test vectors). */
static const char *const ct_leaves[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

static void test_ct_tree_tiles(void **state)
{
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	unsigned char leaf[16], lh[H], tile[8 * H], want[H];
	unsigned char *bundle = NULL;
	size_t blen = 0, bcap = 0, off = 0, elen;
	const unsigned char *e;
	int i;

	(void)state;
	assert_cl_ok(cl_merkle_mem_new(&t), &err);
	for (i = 0; i < 8; i++) {
		size_t n = strlen(ct_leaves[i]) / 2;
		hex(leaf, n, ct_leaves[i]);
		cl_merkle_leaf_hash(lh, leaf, n);
		assert_cl_ok(cl_merkle_mem_append(t, lh, &err), &err);
		assert_cl_ok(cl_bundle_append(&bundle, &blen, &bcap, leaf, n, &err), &err);
	}
	/* the level-0 partial tile of width 8: the 8 leaf hashes; three of
	 * them are in SPEC's vectors (leaf 0 = root of size 1, leaf 1 and
	 * leaf 4 the first hashes of the proofs of leaves 0 and 5) */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 8, tile, &err), &err);
	hex(want, H, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
	assert_memory_equal(tile, want, H);
	hex(want, H, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
	assert_memory_equal(tile + H, want, H);
	hex(want, H, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
	assert_memory_equal(tile + 4 * H, want, H);
	/* SPEC.md "Publishing as tlog-tiles", test vectors */
	sha256_hex_is(tile, sizeof tile,
		      "aea2f1bbb5140fd5f8eacb503fdf54c00c3d860c72588e40233addd416bc8f10");
	/* its entry bundle: 00 00 | 00 01 00 | 00 01 10 | 00 02 20 21 | ... */
	assert_int_equal(blen, 2 * 8 + 0 + 1 + 1 + 2 + 2 + 4 + 8 + 16);
	assert_memory_equal(bundle, "\x00\x00\x00\x01\x00\x00\x01\x10\x00\x02\x20\x21", 12);
	sha256_hex_is(bundle, blen, "1afdc32f06ff88236207410a37b10ff2b5647186b52a531da0416d539b15a876");
	/* read back */
	for (i = 0; i < 8; i++) {
		assert_int_equal(cl_bundle_next(bundle, blen, &off, &e, &elen), 1);
		assert_int_equal(elen, strlen(ct_leaves[i]) / 2);
	}
	assert_int_equal(cl_bundle_next(bundle, blen, &off, &e, &elen), 0);
	/* truncated bundles are refused, never over-read */
	off = 0;
	assert_int_equal(cl_bundle_next(bundle, 1, &off, &e, &elen), CL_EINPUT);
	off = 5; /* entry 2: 00 01 10 at bytes 5..7 */
	assert_int_equal(cl_bundle_next(bundle, 8, &off, &e, &elen), 1);
	assert_int_equal(elen, 1);
	assert_int_equal(e[0], 0x10);
	off = 5;
	assert_int_equal(cl_bundle_next(bundle, 7, &off, &e, &elen), CL_EINPUT);
	/* no level-1 hash yet, width out of range, node beyond the tree */
	assert_int_equal(cl_tile_hashes(cl_merkle_mem_get, t, 1, 0, 1, tile, &err),
			 CL_ENOTFOUND);
	assert_int_equal(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 9, tile, &err),
			 CL_ENOTFOUND);
	assert_int_equal(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 0, tile, &err),
			 CL_EINPUT);
	assert_int_equal(cl_tile_hashes(cl_merkle_mem_get, t, 8, 0, 1, tile, &err),
			 CL_EINPUT);
	free(bundle);
	cl_merkle_mem_free(t);
}

static void test_entry_limit(void **state)
{
	static unsigned char big[65536];
	unsigned char *b = NULL;
	size_t len = 0, cap = 0, off = 0, elen;
	const unsigned char *e;
	cl_error err = { 0 };

	(void)state;
	assert_cl_ok(cl_bundle_append(&b, &len, &cap, big, 65535, &err), &err);
	assert_int_equal(len, 65537);
	assert_int_equal(b[0], 0xff);
	assert_int_equal(b[1], 0xff);
	assert_cl_err(cl_bundle_append(&b, &len, &cap, big, 65536, &err), CL_EINPUT,
		      &err, "65536 bytes");
	assert_int_equal(len, 65537);
	assert_int_equal(cl_bundle_next(b, len, &off, &e, &elen), 1);
	assert_int_equal(elen, 65535);
	free(b);
}

/* A tree of `n` leaves, leaf i's data its index as 8 bytes big-endian;
 * lh gets the leaf hashes. */
static cl_merkle_mem *numbered_tree(uint64_t n, unsigned char *lh)
{
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	unsigned char d[8];

	assert_cl_ok(cl_merkle_mem_new(&t), &err);
	for (uint64_t i = 0; i < n; i++) {
		for (int b = 0; b < 8; b++)
			d[b] = (unsigned char)(i >> (56 - 8 * b));
		cl_merkle_leaf_hash(lh + i * H, d, 8);
		assert_cl_ok(cl_merkle_mem_append(t, lh + i * H, &err), &err);
	}
	return t;
}

static void test_300_leaves(void **state)
{
	unsigned char *lh = malloc(300 * H), *tile = malloc(256 * H), root[H];
	cl_merkle_mem *t = numbered_tree(300, lh);
	cl_error err = { 0 };
	uint64_t full;
	unsigned part;

	(void)state;
	cl_tile_shape(300, 0, &full, &part);
	assert_int_equal(full, 1);
	assert_int_equal(part, 44);
	/* level-0 tile 0: the first 256 leaf hashes */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 256, tile, &err), &err);
	assert_memory_equal(tile, lh, 256 * H);
	/* the partial level-0 tile 1 of width 44: leaf hashes 256..299 */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 1, 44, tile, &err), &err);
	assert_memory_equal(tile, lh + 256 * H, 44 * H);
	/* the level-1 partial of width 1: the root of the first 256 */
	cl_tile_shape(300, 1, &full, &part);
	assert_int_equal(full, 0);
	assert_int_equal(part, 1);
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 1, 0, 1, tile, &err), &err);
	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, 256, root, &err), &err);
	assert_memory_equal(tile, root, H);
	/* no second level-1 hash in 300 leaves */
	assert_int_equal(cl_tile_hashes(cl_merkle_mem_get, t, 1, 0, 2, tile, &err),
			 CL_ENOTFOUND);
	cl_merkle_mem_free(t);
	free(lh);
	free(tile);
}

/* The 70,000-leaf tree of c2sp.org/tlog-tiles: each level-1 hash is the
 * root of its 256 leaves, the level-2 hash the root of the first 65,536. */
static void test_70000_leaves(void **state)
{
	unsigned char *lh = malloc(70000 * (size_t)H), *tile = malloc(256 * H), root[H];
	cl_merkle_mem *t = numbered_tree(70000, lh);
	cl_merkle_mem *sub = NULL;
	cl_error err = { 0 };

	(void)state;
	/* the partial level-0 tile 273 of width 112 */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 273, 112, tile, &err), &err);
	assert_memory_equal(tile, lh + 273 * 256 * (size_t)H, 112 * H);
	/* the full level-1 tile 0: hash i = root of leaves 256i .. 256i+255 */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 1, 0, 256, tile, &err), &err);
	for (int i = 0; i < 256; i += 51) {
		assert_cl_ok(cl_merkle_mem_new(&sub), &err);
		for (int j = 0; j < 256; j++)
			assert_cl_ok(cl_merkle_mem_append(sub, lh + (256 * (size_t)i + j) * H,
							  &err), &err);
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, sub, 256, root, &err), &err);
		assert_memory_equal(tile + i * H, root, H);
		cl_merkle_mem_free(sub);
	}
	/* the partial level-1 tile 1 of width 17: hash 16 covers leaves
	 * 65536 + 4096 .. */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 1, 1, 17, tile, &err), &err);
	assert_cl_ok(cl_merkle_mem_new(&sub), &err);
	for (int j = 0; j < 256; j++)
		assert_cl_ok(cl_merkle_mem_append(sub, lh + (256 * (size_t)272 + j) * H,
						  &err), &err);
	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, sub, 256, root, &err), &err);
	assert_memory_equal(tile + 16 * H, root, H);
	cl_merkle_mem_free(sub);
	/* the partial level-2 tile of width 1: the root of the first 65,536 */
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 2, 0, 1, tile, &err), &err);
	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, 65536, root, &err), &err);
	assert_memory_equal(tile, root, H);
	cl_merkle_mem_free(t);
	free(lh);
	free(tile);
}

/* The four records of fixtures/vectors/records.json as a published ledger
 * of size 4: the partial tiles' SHA-256 are SPEC.md's test vectors. */
static void test_records_vector(void **state)
{
	const char *dir = getenv("CLAIMLEDGER_FIXTURES");
	unsigned char tile[5 * H], lh[H], sigs[5 * CL_SIG_BYTES], *bundle = NULL;
	size_t blen = 0, bcap = 0, i, n;
	char path[4096];
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	json_error_t jerr;
	json_t *root, *r;

	(void)state;
	snprintf(path, sizeof path, "%s/vectors/records.json", dir ? dir : "fixtures");
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		fail_msg("%s: %s", path, jerr.text);
	assert_cl_ok(cl_merkle_mem_new(&t), &err);
	json_array_foreach(json_object_get(root, "records"), i, r) {
		const char *body = json_string_value(json_object_get(r, "body"));
		const char *sig = json_string_value(json_object_get(r, "sig"));
		assert_non_null(body);
		assert_non_null(sig);
		cl_merkle_leaf_hash(lh, body, strlen(body));
		assert_cl_ok(cl_merkle_mem_append(t, lh, &err), &err);
		assert_cl_ok(cl_bundle_append(&bundle, &blen, &bcap, body, strlen(body),
					      &err), &err);
		assert_true(i < 5);
		assert_int_equal(cl_b64_decode(sigs + i * CL_SIG_BYTES, CL_SIG_BYTES,
					       &n, sig, strlen(sig)), CL_OK);
		assert_int_equal(n, CL_SIG_BYTES);
	}
	assert_int_equal(cl_merkle_mem_size(t), 5);
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 4, tile, &err), &err);
	sha256_hex_is(tile, 4 * H,
		      "b620c830f37d409035ff54d2e4f14a48822d475cc7f0f74e5745ff2a2a29ecd1");
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 5, tile, &err), &err);
	sha256_hex_is(tile, sizeof tile,
		      "60a7d89b36c2c8f6f78cb6ec4050f1dc902228c07af7ba06506d53cf3a0e7505");
	assert_int_equal(blen, 1764);
	sha256_hex_is(bundle, blen,
		      "1f569223e487ff4e581bfcb73d46fd951d38d4a14e38195b8c8d8b638f7709e0");
	sha256_hex_is(sigs, sizeof sigs,
		      "02562b99174b1c016d1e96a5bfce2230235bae3e3dbdc92dc6e74afe5cc9b128");
	free(bundle);
	cl_merkle_mem_free(t);
	json_decref(root);
}

/* ---- the store's nodes --------------------------------------------------- */

static int leaf_into(void *ctx, const cl_record *r)
{
	unsigned char lh[H];
	cl_error err = { 0 };

	cl_merkle_leaf_hash(lh, r->body, r->body_len);
	assert_cl_ok(cl_merkle_mem_append(ctx, lh, &err), &err);
	return 0;
}

/* cl_ledger_nodes reads the hash tiles of a real ledger of 300 records:
 * the same bytes as cl_tile_hashes over the tree rebuilt from the bodies. */
static void test_ledger_nodes(void **state)
{
	unsigned char seed[CL_SEED_BYTES], *a = malloc(256 * H), *b = malloc(256 * H);
	char *dir = tu_tmpdir();
	cl_seckey *k = NULL;
	cl_ledger *l = NULL;
	cl_merkle_mem *t = NULL;
	cl_txn *txn = NULL;
	cl_error err = { 0 };
	char text[64];

	(void)state;
	assert_cl_ok(cl_crypto_init(), &err);
	memset(seed, 7, sizeof seed);
	assert_cl_ok(cl_seckey_from_seed("example.org/tiles", seed, &k, &err), &err);
	assert_cl_ok(cl_ledger_create(dir, k, "example.org/tiles", 1700000000, NULL, &err), &err);
	assert_cl_ok(cl_ledger_open(dir, 0, &l, &err), &err);
	assert_cl_ok(cl_ledger_begin(l, &txn, &err), &err);
	for (int i = 1; i < 300; i++) {
		json_t *c;
		snprintf(text, sizeof text, "Claim number %d.", i);
		c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim", "text", text,
			      "speaker", "A. Speaker", "source", "https://example.org/a",
			      "date", "2021-11-22");
		assert_cl_ok(cl_txn_append(txn, c, k, 1700000001, NULL, NULL, &err), &err);
		json_decref(c);
	}
	assert_cl_ok(cl_txn_commit(txn, &err), &err);
	assert_cl_ok(cl_merkle_mem_new(&t), &err);
	assert_cl_ok(cl_ledger_scan(l, 0, UINT64_MAX, leaf_into, t, &err), &err);
	assert_int_equal(cl_merkle_mem_size(t), 300);

	assert_cl_ok(cl_ledger_nodes(l, 0, 0, 256, a, &err), &err);
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 0, 256, b, &err), &err);
	assert_memory_equal(a, b, 256 * H);
	assert_cl_ok(cl_ledger_nodes(l, 0, 256, 44, a, &err), &err);
	assert_cl_ok(cl_tile_hashes(cl_merkle_mem_get, t, 0, 1, 44, b, &err), &err);
	assert_memory_equal(a, b, 44 * H);
	assert_cl_ok(cl_ledger_node(l, 8, 0, a, &err), &err);
	assert_cl_ok(cl_ledger_root(l, 256, b, &err), &err);
	assert_memory_equal(a, b, H);
	/* node (2, 74) covers leaves 296..299: in; (2, 75) is not */
	assert_cl_ok(cl_ledger_node(l, 2, 74, a, &err), &err);
	assert_cl_err(cl_ledger_node(l, 2, 75, a, &err), CL_ENOTFOUND, &err, "beyond");
	assert_cl_err(cl_ledger_nodes(l, 0, 290, 11, a, &err), CL_ENOTFOUND, &err, "beyond");
	assert_cl_err(cl_ledger_nodes(l, 0, UINT64_MAX, 2, a, &err), CL_ENOTFOUND, &err, "beyond");
	assert_cl_err(cl_ledger_node(l, 9, 0, a, &err), CL_ENOTFOUND, &err, "beyond");
	assert_cl_err(cl_ledger_node(l, 64, 0, a, &err), CL_EINPUT, &err, "level");
	assert_cl_ok(cl_ledger_nodes(l, 0, 300, 0, a, &err), &err);

	cl_merkle_mem_free(t);
	cl_ledger_close(l);
	cl_seckey_free(k);
	tu_rmtree(dir);
	free(dir);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_known),
		cmocka_unit_test(test_path_refused),
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_ct_tree_tiles),
		cmocka_unit_test(test_entry_limit),
		cmocka_unit_test(test_300_leaves),
		cmocka_unit_test(test_70000_leaves),
		cmocka_unit_test(test_records_vector),
		cmocka_unit_test(test_ledger_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
