/*
 * merkle_test.c: the RFC 6962 / RFC 9162 tree (ledger/merkle.h).
 *
 * Known answers: the 8-leaf test tree of Certificate Transparency, with its
 * roots for sizes 1..8 and its published inclusion and consistency proofs,
 * as given in transparency-dev/merkle, proof/verify_test.go (variables
 * `leaves`, `roots`, `inclusionProofs`, `consistencyProofs`; the same
 * vectors as google/certificate-transparency's merkle_tree_test.cc).
 * Then property tests over random trees of up to 2000 leaves (fixed seed),
 * a tree of 2^64 - 1 identical leaves for the deepest paths, and a count of
 * store reads to show no proof rescans the leaves.
 */
#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/merkle.h"

#define H CL_HASH_BYTES

/* ---- helpers ----------------------------------------------------------- */

static void hex(unsigned char *out, size_t n, const char *s)
{
	assert_int_equal(cl_hex_decode(out, n, s, strlen(s)), CL_OK);
}

/* xorshift64*: a fixed, portable sequence so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n). */
static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

/* MTH(D[lo:hi]) straight from RFC 9162 2.1.1, over leaf hashes. */
static void naive_root(const unsigned char *leaves, uint64_t lo, uint64_t hi,
		       unsigned char out[H])
{
	unsigned char l[H], r[H];
	uint64_t k = 1;

	if (hi == lo) {
		cl_sha256(out, "", 0);
		return;
	}
	if (hi - lo == 1) {
		memcpy(out, leaves + lo * H, H);
		return;
	}
	while (k < hi - lo - k)
		k <<= 1;
	naive_root(leaves, lo, lo + k, l);
	naive_root(leaves, lo + k, hi, r);
	cl_merkle_node_hash(out, l, r);
}

/* The 8 test leaves (hex data) of the CT test tree. */
static const char *const kat_leaves[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

/* Published roots of the first 1..8 leaves. */
static const char *const kat_roots[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct kat_proof {
	uint64_t a, b; /* inclusion: leaf index, size; consistency: m, n */
	const char *hashes[4];
	size_t count;
};

/* Published inclusion proofs (leaf indexes here are 0-based; the Go
 * source lists them 1-based). */
static const struct kat_proof kat_inclusion[] = {
	{ 0, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" }, 3 },
	{ 5, 8, { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" }, 3 },
	{ 2, 3, { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" }, 1 },
	{ 1, 5, { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" }, 3 },
	{ 0, 1, { NULL }, 0 },
};

/* Published consistency proofs. */
static const struct kat_proof kat_consistency[] = {
	{ 1, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" }, 3 },
	{ 6, 8, { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" }, 3 },
	{ 2, 5, { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" }, 2 },
	{ 6, 7, { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" }, 3 },
	{ 1, 1, { NULL }, 0 },
	/* Not in the Go source: computed with a direct Python transcription
	 * of RFC 9162 2.1.4.1 (SUBPROOF), to cover a 4-hash proof. */
	{ 3, 8, { "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
		  "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
		  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" }, 4 },
};

/* The CT test tree in memory; leaf hashes in `lh` (8 * 32 bytes). */
static cl_merkle_mem *kat_tree(unsigned char *lh)
{
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	unsigned char data[16];
	size_t i, n;

	assert_int_equal(cl_merkle_mem_new(&t), CL_OK);
	for (i = 0; i < 8; i++) {
		n = strlen(kat_leaves[i]) / 2;
		if (n > 0)
			hex(data, n, kat_leaves[i]);
		cl_merkle_leaf_hash(lh + i * H, data, n);
		assert_cl_ok(cl_merkle_mem_append(t, lh + i * H, &err), &err);
	}
	return t;
}

/* Every corruption of a good inclusion proof must fail. */
static void inclusion_probes(const unsigned char *leaf, uint64_t m, uint64_t n,
			     const unsigned char *proof, size_t count,
			     const unsigned char root[H], cl_merkle_mem *t)
{
	unsigned char bad[(CL_MERKLE_MAX_INCLUSION + 1) * H], x[H], r2[H];
	cl_error err = { 0 };
	size_t i;

	assert_cl_ok(cl_merkle_verify_inclusion(leaf, m, n, proof, count, root,
						&err), &err);
	/* another index */
	if (m > 0)
		assert_int_equal(cl_merkle_verify_inclusion(leaf, m - 1, n, proof,
				 count, root, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_inclusion(leaf, m + 1, n, proof,
			 count, root, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_inclusion(leaf, m ^ 2, n, proof,
			 count, root, &err), CL_EINTEGRITY);
	/* another size, with this root (the path changes length) ... */
	assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n * 2, proof,
			 count, root, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n / 2, proof,
			 count, root, &err), CL_EINTEGRITY);
	/* ... or with that size's own root (a tree head that really exists) */
	if (t != NULL && n + 1 <= cl_merkle_mem_size(t)) {
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, n + 1, r2, &err), &err);
		assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n + 1, proof,
				 count, r2, &err), CL_EINTEGRITY);
	}
	if (t != NULL && n - 1 > m) {
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, n - 1, r2, &err), &err);
		assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n - 1, proof,
				 count, r2, &err), CL_EINTEGRITY);
	}
	/* a changed byte in the leaf, the root, or any proof hash */
	memcpy(x, leaf, H);
	x[below(H)] ^= (unsigned char)(1u << below(8));
	assert_int_equal(cl_merkle_verify_inclusion(x, m, n, proof, count, root,
			 &err), CL_EINTEGRITY);
	memcpy(x, root, H);
	x[below(H)] ^= (unsigned char)(1u << below(8));
	assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n, proof, count, x,
			 &err), CL_EINTEGRITY);
	for (i = 0; i < count; i++) {
		memcpy(bad, proof, count * H);
		bad[i * H + below(H)] ^= (unsigned char)(1u << below(8));
		assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n, bad,
				 count, root, &err), CL_EINTEGRITY);
	}
	/* a hash too few (either end) or too many (either end) */
	if (count > 0) {
		assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n, proof,
				 count - 1, root, &err), CL_EINTEGRITY);
		assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n, proof + H,
				 count - 1, root, &err), CL_EINTEGRITY);
	}
	if (count > 0)
		memcpy(bad, proof, count * H);
	memcpy(bad + count * H, root, H);
	assert_cl_err(cl_merkle_verify_inclusion(leaf, m, n, bad, count + 1,
						 root, &err),
		      CL_EINTEGRITY, &err, "wrong length");
	memcpy(bad, root, H);
	if (count > 0)
		memcpy(bad + H, proof, count * H);
	assert_int_equal(cl_merkle_verify_inclusion(leaf, m, n, bad, count + 1,
			 root, &err), CL_EINTEGRITY);
}

/* Every corruption of a good consistency proof (0 < m < n) must fail. */
static void consistency_probes(uint64_t m, uint64_t n, const unsigned char r1[H],
			       const unsigned char r2[H],
			       const unsigned char *proof, size_t count,
			       cl_merkle_mem *t)
{
	unsigned char bad[(CL_MERKLE_MAX_CONSISTENCY + 1) * H], x[H], ra[H];
	cl_error err = { 0 };
	size_t i;

	assert_cl_ok(cl_merkle_verify_consistency(m, n, r1, r2, proof, count,
						  &err), &err);
	if (m == 0 || m == n)
		return;
	/* other sizes with the same roots */
	assert_int_equal(cl_merkle_verify_consistency(m - 1, n, r1, r2, proof,
			 count, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m + 1, n, r1, r2, proof,
			 count, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m ^ 2, n, r1, r2, proof,
			 count, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m, n * 2, r1, r2, proof,
			 count, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m, n / 2, r1, r2, proof,
			 count, &err), CL_EINTEGRITY);
	/* other sizes with their own roots */
	if (t != NULL) {
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, m + 1, ra, &err), &err);
		if (m + 1 < n)
			assert_int_equal(cl_merkle_verify_consistency(m + 1, n, ra,
					 r2, proof, count, &err), CL_EINTEGRITY);
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, m - 1, ra, &err), &err);
		assert_int_equal(cl_merkle_verify_consistency(m - 1, n, ra, r2,
				 proof, count, &err), CL_EINTEGRITY);
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, n - 1, ra, &err), &err);
		if (m < n - 1)
			assert_int_equal(cl_merkle_verify_consistency(m, n - 1, r1,
					 ra, proof, count, &err), CL_EINTEGRITY);
		if (n + 1 <= cl_merkle_mem_size(t)) {
			assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, n + 1,
						    ra, &err), &err);
			assert_int_equal(cl_merkle_verify_consistency(m, n + 1, r1,
					 ra, proof, count, &err), CL_EINTEGRITY);
		}
	}
	/* wrong or swapped roots */
	memcpy(x, r1, H);
	x[below(H)] ^= (unsigned char)(1u << below(8));
	assert_int_equal(cl_merkle_verify_consistency(m, n, x, r2, proof, count,
			 &err), CL_EINTEGRITY);
	memcpy(x, r2, H);
	x[below(H)] ^= (unsigned char)(1u << below(8));
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, x, proof, count,
			 &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m, n, r2, r1, proof, count,
			 &err), CL_EINTEGRITY);
	/* a changed byte in any proof hash */
	for (i = 0; i < count; i++) {
		memcpy(bad, proof, count * H);
		bad[i * H + below(H)] ^= (unsigned char)(1u << below(8));
		assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, bad,
				 count, &err), CL_EINTEGRITY);
	}
	/* empty, truncated (either end), extended (either end) */
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, NULL, 0,
			 &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, proof,
			 count - 1, &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, proof + H,
			 count - 1, &err), CL_EINTEGRITY);
	memcpy(bad, proof, count * H);
	memcpy(bad + count * H, r1, H);
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, bad,
			 count + 1, &err), CL_EINTEGRITY);
	memcpy(bad, r2, H);
	memcpy(bad + H, proof, count * H);
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, bad,
			 count + 1, &err), CL_EINTEGRITY);
	memcpy(bad, proof, H);
	memcpy(bad + H, proof, count * H);
	assert_int_equal(cl_merkle_verify_consistency(m, n, r1, r2, bad,
			 count + 1, &err), CL_EINTEGRITY);
}

/* ---- known answers ----------------------------------------------------- */

static void test_hashes(void **state)
{
	unsigned char got[H], want[H];

	(void)state;
	cl_sha256(got, "", 0);
	hex(want, H, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_memory_equal(got, want, H);
	/* leaf "" is the root of the 1-leaf test tree */
	cl_merkle_leaf_hash(got, "", 0);
	hex(want, H, kat_roots[0]);
	assert_memory_equal(got, want, H);
}

static void test_kat_roots(void **state)
{
	unsigned char lh[8 * H], got[H], want[H];
	cl_merkle_mem *t = kat_tree(lh);
	cl_error err = { 0 };
	uint64_t n;

	(void)state;
	assert_int_equal(cl_merkle_mem_size(t), 8);
	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, 0, got, &err), &err);
	hex(want, H, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_memory_equal(got, want, H);
	for (n = 1; n <= 8; n++) {
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, n, got, &err), &err);
		hex(want, H, kat_roots[n - 1]);
		assert_memory_equal(got, want, H);
	}
	/* beyond the stored leaves: the store's own error */
	assert_int_equal(cl_merkle_root(cl_merkle_mem_get, t, 9, got, &err),
			 CL_ENOTFOUND);
	cl_merkle_mem_free(t);
}

static void test_kat_inclusion(void **state)
{
	unsigned char lh[8 * H], want[4 * H], root[H];
	cl_merkle_mem *t = kat_tree(lh);
	cl_error err = { 0 };
	unsigned char *proof;
	size_t i, j, count;

	(void)state;
	for (i = 0; i < sizeof kat_inclusion / sizeof kat_inclusion[0]; i++) {
		const struct kat_proof *k = &kat_inclusion[i];

		for (j = 0; j < k->count; j++)
			hex(want + j * H, H, k->hashes[j]);
		assert_cl_ok(cl_merkle_inclusion_proof(cl_merkle_mem_get, t, k->a,
						       k->b, &proof, &count, &err),
			     &err);
		assert_int_equal(count, k->count);
		if (count > 0)
			assert_memory_equal(proof, want, count * H);
		else
			assert_null(proof);
		hex(root, H, kat_roots[k->b - 1]);
		inclusion_probes(lh + k->a * H, k->a, k->b, want, k->count, root,
				 NULL);
		free(proof);
	}
	/* m >= n is refused */
	assert_int_equal(cl_merkle_inclusion_proof(cl_merkle_mem_get, t, 8, 8,
			 &proof, &count, &err), CL_EINPUT);
	assert_null(proof);
	assert_int_equal(count, 0);
	assert_int_equal(cl_merkle_inclusion_proof(cl_merkle_mem_get, t, 0, 0,
			 &proof, &count, &err), CL_EINPUT);
	cl_merkle_mem_free(t);
}

static void test_kat_consistency(void **state)
{
	unsigned char lh[8 * H], want[4 * H], r1[H], r2[H];
	cl_merkle_mem *t = kat_tree(lh);
	cl_error err = { 0 };
	unsigned char *proof;
	size_t i, j, count;

	(void)state;
	for (i = 0; i < sizeof kat_consistency / sizeof kat_consistency[0]; i++) {
		const struct kat_proof *k = &kat_consistency[i];

		for (j = 0; j < k->count; j++)
			hex(want + j * H, H, k->hashes[j]);
		assert_cl_ok(cl_merkle_consistency_proof(cl_merkle_mem_get, t,
							 k->a, k->b, &proof,
							 &count, &err), &err);
		assert_int_equal(count, k->count);
		if (count > 0)
			assert_memory_equal(proof, want, count * H);
		hex(r1, H, kat_roots[k->a - 1]);
		hex(r2, H, kat_roots[k->b - 1]);
		consistency_probes(k->a, k->b, r1, r2, want, k->count, NULL);
		free(proof);
	}
	assert_int_equal(cl_merkle_consistency_proof(cl_merkle_mem_get, t, 5, 4,
			 &proof, &count, &err), CL_EINPUT);
	assert_null(proof);
	cl_merkle_mem_free(t);
}

/* The edge cases of transparency-dev/merkle's TestVerifyConsistency and
 * TestVerifyInclusion, and our stricter rule for m == 0. */
static void test_verify_edges(void **state)
{
	unsigned char empty[H], some[H], a[H], b[H];
	cl_error err = { 0 };

	(void)state;
	cl_sha256(empty, "", 0);
	hex(some, H, "abacaba000000000000000000000000000000000000000000060061e00123456");
	memset(a, 0xaa, H);
	memset(b, 0xbb, H);
	/* m == n: equal roots and an empty proof */
	assert_cl_ok(cl_merkle_verify_consistency(0, 0, empty, empty, NULL, 0,
						  &err), &err);
	assert_cl_ok(cl_merkle_verify_consistency(1, 1, b, b, NULL, 0, &err), &err);
	assert_int_equal(cl_merkle_verify_consistency(1, 1, a, b, NULL, 0, &err),
			 CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(1, 1, empty, empty, empty,
			 1, &err), CL_EINTEGRITY);
	/* m == 0: anything grew from the empty tree, with an empty proof */
	assert_cl_ok(cl_merkle_verify_consistency(0, 1, empty, b, NULL, 0, &err),
		     &err);
	assert_int_equal(cl_merkle_verify_consistency(0, 1, empty, b, empty, 1,
			 &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(0, 1, a, b, NULL, 0, &err),
			 CL_EINTEGRITY);
	/* time travel */
	assert_int_equal(cl_merkle_verify_consistency(1, 0, a, b, NULL, 0, &err),
			 CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_consistency(2, 1, a, b, NULL, 0, &err),
			 CL_EINTEGRITY);
	assert_true(strstr(err.msg, "above") != NULL);
	/* empty proof for a real step */
	assert_int_equal(cl_merkle_verify_consistency(1, 2, a, b, NULL, 0, &err),
			 CL_EINTEGRITY);
	/* inclusion: index not below size, whatever the hashes */
	assert_int_equal(cl_merkle_verify_inclusion(some, 0, 0, NULL, 0, empty,
			 &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_inclusion(some, 1, 0, NULL, 0, some,
			 &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_inclusion(some, 2, 1, NULL, 0, some,
			 &err), CL_EINTEGRITY);
	/* size 1: the leaf is the root */
	assert_cl_ok(cl_merkle_verify_inclusion(some, 0, 1, NULL, 0, some, &err),
		     &err);
	assert_int_equal(cl_merkle_verify_inclusion(some, 0, 1, NULL, 0, empty,
			 &err), CL_EINTEGRITY);
	assert_int_equal(cl_merkle_verify_inclusion(some, 0, 1, some, 1, some,
			 &err), CL_EINTEGRITY);
}

/* ---- the store model ---------------------------------------------------- */

static void test_append_nodes(void **state)
{
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	unsigned char l0[H], l1[H], l2[H], l3[H], h01[H], h23[H], h[H];
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	size_t count;

	(void)state;
	assert_int_equal(cl_merkle_mem_new(&t), CL_OK);
	cl_merkle_leaf_hash(l0, "a", 1);
	cl_merkle_leaf_hash(l1, "b", 1);
	cl_merkle_leaf_hash(l2, "c", 1);
	cl_merkle_leaf_hash(l3, "d", 1);
	/* leaf 0: just itself */
	assert_cl_ok(cl_merkle_append_nodes(cl_merkle_mem_get, t, 0, l0, nodes,
					    &count, &err), &err);
	assert_int_equal(count, 1);
	assert_int_equal(nodes[0].level, 0);
	assert_int_equal(nodes[0].index, 0);
	assert_memory_equal(nodes[0].hash, l0, H);
	assert_cl_ok(cl_merkle_mem_append(t, l0, &err), &err);
	/* leaf 1 completes (1, 0) */
	assert_cl_ok(cl_merkle_append_nodes(cl_merkle_mem_get, t, 1, l1, nodes,
					    &count, &err), &err);
	assert_int_equal(count, 2);
	cl_merkle_node_hash(h01, l0, l1);
	assert_int_equal(nodes[1].level, 1);
	assert_int_equal(nodes[1].index, 0);
	assert_memory_equal(nodes[1].hash, h01, H);
	assert_cl_ok(cl_merkle_mem_append(t, l1, &err), &err);
	assert_cl_ok(cl_merkle_mem_append(t, l2, &err), &err);
	/* leaf 3 completes (0,3), (1,1) and (2,0) */
	assert_cl_ok(cl_merkle_append_nodes(cl_merkle_mem_get, t, 3, l3, nodes,
					    &count, &err), &err);
	assert_int_equal(count, 3);
	cl_merkle_node_hash(h23, l2, l3);
	cl_merkle_node_hash(h, h01, h23);
	assert_int_equal(nodes[0].index, 3);
	assert_int_equal(nodes[1].level, 1);
	assert_int_equal(nodes[1].index, 1);
	assert_memory_equal(nodes[1].hash, h23, H);
	assert_int_equal(nodes[2].level, 2);
	assert_int_equal(nodes[2].index, 0);
	assert_memory_equal(nodes[2].hash, h, H);
	/* a missing sibling is the store's error, passed up */
	assert_int_equal(cl_merkle_append_nodes(cl_merkle_mem_get, t, 7, l3,
			 nodes, &count, &err), CL_ENOTFOUND);
	assert_int_equal(count, 0);
	assert_true(strstr(err.msg, "level 0, index 6") != NULL);
	assert_int_equal(cl_merkle_append_nodes(cl_merkle_mem_get, t, UINT64_MAX,
			 l3, nodes, &count, &err), CL_EINPUT);
	cl_merkle_mem_free(t);
}

/* A store that counts its reads and can be told to fail. */
struct counting {
	cl_merkle_mem *t;
	unsigned reads;
	unsigned fail_after; /* fail the read after this many; 0: never */
};

static int counting_get(void *ctx, unsigned level, uint64_t index,
			unsigned char out[H])
{
	struct counting *c = ctx;

	if (c->fail_after != 0 && c->reads >= c->fail_after)
		return CL_ESTORE;
	c->reads++;
	return cl_merkle_mem_get(c->t, level, index, out);
}

static unsigned popcount64(uint64_t x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static unsigned ceil_log2(uint64_t n)
{
	unsigned l = 0;

	while (l < 64 && ((uint64_t)1 << l) < n)
		l++;
	return l;
}

/*
 * Random leaves, up to 2000.  For a sample of sizes n: root(n) equals the
 * naive recursion; every leaf's inclusion proof verifies (a sample gets the
 * full corruption treatment); a wide sample of (m, n) consistency proofs
 * verify (and a sample is corrupted); and every call stays within
 * popcount(n) + ceil(log2 n) + 1 store reads.
 */
static void test_random_trees(void **state)
{
	enum { MAXN = 2000 };
	static const uint64_t fixed[] = { 127, 128, 129, 255, 256, 257, 511,
		512, 513, 1000, 1023, 1024, 1025, 1999, MAXN };
	unsigned char *lh = malloc((size_t)MAXN * H);
	unsigned char root[H], want[H], r1[H], data[64];
	uint64_t sizes[80 + sizeof fixed / sizeof fixed[0]];
	struct counting c = { 0 };
	cl_error err = { 0 };
	size_t nsizes = 0, s, count, k, len, limit;
	unsigned char *proof;
	uint64_t i, m, n;

	(void)state;
	assert_non_null(lh);
	rng_state = 0x9e3779b97f4a7c15ULL;
	assert_int_equal(cl_merkle_mem_new(&c.t), CL_OK);
	for (i = 0; i < MAXN; i++) {
		len = (size_t)below(sizeof data);
		for (k = 0; k < len; k++)
			data[k] = (unsigned char)rnd();
		cl_merkle_leaf_hash(lh + i * H, data, len);
		assert_cl_ok(cl_merkle_mem_append(c.t, lh + i * H, &err), &err);
	}
	for (n = 1; n <= 40; n++)
		sizes[nsizes++] = n;
	for (k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
		sizes[nsizes++] = fixed[k];
	for (k = 0; k < 40; k++)
		sizes[nsizes++] = 1 + below(MAXN);

	for (s = 0; s < nsizes; s++) {
		n = sizes[s];
		limit = popcount64(n) + ceil_log2(n) + 1;
		c.reads = 0;
		assert_cl_ok(cl_merkle_root(counting_get, &c, n, root, &err), &err);
		assert_true(c.reads == popcount64(n));
		naive_root(lh, 0, n, want);
		assert_memory_equal(root, want, H);

		for (m = 0; m < n; m++) {
			c.reads = 0;
			assert_cl_ok(cl_merkle_inclusion_proof(counting_get, &c, m,
							       n, &proof, &count,
							       &err), &err);
			assert_true(c.reads <= limit);
			assert_true(count <= ceil_log2(n));
			if (n <= 40 || below(n) < 8)
				inclusion_probes(lh + m * H, m, n, proof, count,
						 root, c.t);
			else
				assert_cl_ok(cl_merkle_verify_inclusion(lh + m * H,
					     m, n, proof, count, root, &err), &err);
			free(proof);
		}

		for (k = 0; k < (n <= 40 ? n + 1 : 40); k++) {
			m = n <= 40 ? k : (k < 4 ? (uint64_t[]){ 0, 1, n - 1, n }[k]
					       : below(n + 1));
			c.reads = 0;
			assert_cl_ok(cl_merkle_consistency_proof(counting_get, &c,
								 m, n, &proof,
								 &count, &err),
				     &err);
			assert_true(c.reads <= limit);
			assert_true(count <= ceil_log2(n) + 1);
			if (n <= 40)
				naive_root(lh, 0, m, r1);
			else
				assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, c.t,
							    m, r1, &err), &err);
			consistency_probes(m, n, r1, root, proof, count, c.t);
			free(proof);
		}
	}
	/* a failing store: its code comes back, nothing is leaked */
	for (c.fail_after = 1; c.fail_after < 12; c.fail_after++) {
		c.reads = 0;
		proof = (unsigned char *)"x";
		assert_int_equal(cl_merkle_inclusion_proof(counting_get, &c, 1234,
				 MAXN, &proof, &count, &err), CL_ESTORE);
		assert_null(proof);
		c.reads = 0;
		assert_int_equal(cl_merkle_consistency_proof(counting_get, &c, 1234,
				 MAXN, &proof, &count, &err), CL_ESTORE);
		assert_null(proof);
		assert_true(strstr(err.msg, "cannot read merkle node") != NULL);
	}
	cl_merkle_mem_free(c.t);
	free(lh);
}

/*
 * A tree of up to 2^64 - 1 identical leaves: node (k, i) is the same hash
 * P_k for every i, with P_0 = leaf and P_{k+1} = H(P_k, P_k), so the store
 * is consistent and costs nothing.  It drives paths of the full 64 levels.
 */
static unsigned char uniform[CL_MERKLE_MAX_DEPTH][H];

static int uniform_get(void *ctx, unsigned level, uint64_t index,
		       unsigned char out[H])
{
	(void)ctx;
	(void)index;
	if (level >= CL_MERKLE_MAX_DEPTH)
		return CL_ENOTFOUND;
	memcpy(out, uniform[level], H);
	return CL_OK;
}

static void test_huge_trees(void **state)
{
	static const uint64_t big[] = { UINT64_MAX, UINT64_MAX - 1,
		(uint64_t)1 << 63, ((uint64_t)1 << 63) + 1, ((uint64_t)1 << 63) - 1,
		0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL, 1000000007ULL };
	unsigned char r1[H], r2[H], *proof;
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	cl_error err = { 0 };
	size_t i, j, count;
	uint64_t m, n;
	unsigned k;

	(void)state;
	cl_merkle_leaf_hash(uniform[0], "same", 4);
	for (k = 1; k < CL_MERKLE_MAX_DEPTH; k++)
		cl_merkle_node_hash(uniform[k], uniform[k - 1], uniform[k - 1]);
	/* appending leaf 2^63 - 1 completes 64 nodes, (63, 0) last */
	assert_cl_ok(cl_merkle_append_nodes(uniform_get, NULL,
					    ((uint64_t)1 << 63) - 1, uniform[0],
					    nodes, &count, &err), &err);
	assert_int_equal(count, 64);
	assert_int_equal(nodes[63].level, 63);
	assert_int_equal(nodes[63].index, 0);
	assert_memory_equal(nodes[63].hash, uniform[63], H);

	for (i = 0; i < sizeof big / sizeof big[0]; i++) {
		n = big[i];
		assert_cl_ok(cl_merkle_root(uniform_get, NULL, n, r2, &err), &err);
		for (j = 0; j < 6; j++) {
			m = (uint64_t[]){ 0, 1, n - 1, n / 2, n / 3, rnd() % n }[j];
			assert_cl_ok(cl_merkle_inclusion_proof(uniform_get, NULL, m,
							       n, &proof, &count,
							       &err), &err);
			assert_true(count <= 64);
			/* Only the plain checks: in a tree of equal leaves,
			 * siblings are often equal hashes, so another index
			 * can legitimately produce the same root. */
			assert_cl_ok(cl_merkle_verify_inclusion(uniform[0], m, n,
				     proof, count, r2, &err), &err);
			r2[j] ^= 1;
			assert_int_equal(cl_merkle_verify_inclusion(uniform[0], m,
					 n, proof, count, r2, &err),
					 CL_EINTEGRITY);
			r2[j] ^= 1;
			free(proof);
			if (m == 0)
				continue;
			assert_cl_ok(cl_merkle_root(uniform_get, NULL, m, r1, &err),
				     &err);
			assert_cl_ok(cl_merkle_consistency_proof(uniform_get, NULL,
								 m, n, &proof,
								 &count, &err),
				     &err);
			assert_true(count <= CL_MERKLE_MAX_CONSISTENCY);
			assert_cl_ok(cl_merkle_verify_consistency(m, n, r1, r2,
				     proof, count, &err), &err);
			free(proof);
		}
	}
	/* the longest consistency proof there is, 65 hashes: 2^63 - 1 to
	 * 2^64 - 1 (one per level of the left half, its leaf, the right half) */
	n = UINT64_MAX;
	m = ((uint64_t)1 << 63) - 1;
	assert_cl_ok(cl_merkle_root(uniform_get, NULL, m, r1, &err), &err);
	assert_cl_ok(cl_merkle_root(uniform_get, NULL, n, r2, &err), &err);
	assert_cl_ok(cl_merkle_consistency_proof(uniform_get, NULL, m, n, &proof,
						 &count, &err), &err);
	assert_int_equal(count, CL_MERKLE_MAX_CONSISTENCY);
	assert_cl_ok(cl_merkle_verify_consistency(m, n, r1, r2, proof, count,
						  &err), &err);
	free(proof);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_kat_roots),
		cmocka_unit_test(test_kat_inclusion),
		cmocka_unit_test(test_kat_consistency),
		cmocka_unit_test(test_verify_edges),
		cmocka_unit_test(test_append_nodes),
		cmocka_unit_test(test_random_trees),
		cmocka_unit_test(test_huge_trees),
	};

	if (cl_crypto_init() != CL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
