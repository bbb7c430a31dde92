/*
 * merkle.c: RFC 6962 / RFC 9162 tree arithmetic over stored perfect
 * subtrees.  See merkle.h for the storage model.
 *
 * Why proofs need only O(log n) reads: every range the RFC's recursive
 * definitions (MTH, PATH, SUBPROOF) ask about is either a perfect subtree,
 * which is one stored node, or a suffix [s, n) of the whole tree where s is
 * where one of n's "peaks" starts.  The peaks are the perfect subtrees that
 * tile [0, n), one per one bit of n, largest first.  (Proof: the recursion
 * splits [lo, hi) at lo + k, k the largest power of two below hi - lo; once
 * it goes left it stays inside a perfect subtree, and while it only goes
 * right, lo walks along peak boundaries.)  So a proof reads the peaks once,
 * folds them into the suffix hashes, and reads one node per other element.
 */
#include "ledger/merkle.h"

#include <stdlib.h>
#include <string.h>

/* ---- hashes ---------------------------------------------------------- */

void cl_merkle_leaf_hash(unsigned char out[CL_HASH_BYTES], const void *data,
			 size_t len)
{
	static const unsigned char prefix = 0x00;
	cl_sha256_ctx c;

	cl_sha256_init(&c);
	cl_sha256_update(&c, &prefix, 1);
	cl_sha256_update(&c, data, len);
	cl_sha256_final(&c, out);
}

void cl_merkle_node_hash(unsigned char out[CL_HASH_BYTES],
			 const unsigned char left[CL_HASH_BYTES],
			 const unsigned char right[CL_HASH_BYTES])
{
	unsigned char buf[1 + 2 * CL_HASH_BYTES];

	/* Copy first, so `out` may be `left` or `right`. */
	buf[0] = 0x01;
	memcpy(buf + 1, left, CL_HASH_BYTES);
	memcpy(buf + 1 + CL_HASH_BYTES, right, CL_HASH_BYTES);
	cl_sha256(out, buf, sizeof buf);
}

/* The largest power of two strictly below s (s >= 2), without overflow. */
static uint64_t split_point(uint64_t s)
{
	uint64_t k = 1;

	while (k <= (s - 1) >> 1)
		k <<= 1;
	return k;
}

/* log2 of a power of two. */
static unsigned level_of(uint64_t pow2)
{
	unsigned l = 0;

	while (pow2 > 1) {
		pow2 >>= 1;
		l++;
	}
	return l;
}

/* ---- appending -------------------------------------------------------- */

int cl_merkle_append_nodes(cl_merkle_get_fn get, void *ctx, uint64_t n,
			   const unsigned char leaf_hash[CL_HASH_BYTES],
			   cl_merkle_node out[CL_MERKLE_MAX_DEPTH], size_t *count,
			   cl_error *err)
{
	unsigned char left[CL_HASH_BYTES];
	uint64_t index = n;
	unsigned level = 0;
	size_t c = 0;
	int rc = CL_OK;

	*count = 0;
	if (n == UINT64_MAX)
		return cl_error_set(err, CL_EINPUT, "merkle tree is full");
	out[c].level = 0;
	out[c].index = n;
	memcpy(out[c].hash, leaf_hash, CL_HASH_BYTES);
	c++;
	/* An odd index is a right child: its left sibling is complete and
	 * stored, so together they complete their parent.  n < 2^64 - 1 has
	 * at most 63 trailing one bits, so c stays below 64. */
	while (index & 1) {
		rc = get(ctx, level, index - 1, left);
		if (rc != CL_OK) {
			cl_error_set(err, rc, "cannot read merkle node "
				     "(level %u, index %llu)", level,
				     (unsigned long long)(index - 1));
			goto done;
		}
		cl_merkle_node_hash(out[c].hash, left, out[c - 1].hash);
		level++;
		index >>= 1;
		out[c].level = level;
		out[c].index = index;
		c++;
	}
	*count = c;
done:
	return rc;
}

/* ---- reading: the peaks of a tree of size n --------------------------- */

typedef struct tree_view {
	cl_merkle_get_fn get;
	void *ctx;
	uint64_t n;
	unsigned npeaks;
	uint64_t start[CL_MERKLE_MAX_DEPTH]; /* first leaf of each peak */
	/* suffix[j]: hash of leaves [start[j], n), the peaks j.. folded */
	unsigned char suffix[CL_MERKLE_MAX_DEPTH][CL_HASH_BYTES];
} tree_view;

static int read_node(const tree_view *v, unsigned level, uint64_t index,
		     unsigned char out[CL_HASH_BYTES], cl_error *err)
{
	int rc = v->get(v->ctx, level, index, out);

	if (rc != CL_OK)
		return cl_error_set(err, rc, "cannot read merkle node "
				    "(level %u, index %llu)", level,
				    (unsigned long long)index);
	return CL_OK;
}

/* Read the peaks of [0, n) (n >= 1) and fold them right to left. */
static int view_open(tree_view *v, cl_merkle_get_fn get, void *ctx,
		     uint64_t n, cl_error *err)
{
	uint64_t at = 0;
	unsigned j, bit;
	int rc = CL_OK;

	v->get = get;
	v->ctx = ctx;
	v->n = n;
	v->npeaks = 0;
	for (bit = CL_MERKLE_MAX_DEPTH; bit-- > 0;) {
		if (!((n >> bit) & 1))
			continue;
		j = v->npeaks++;
		v->start[j] = at;
		rc = read_node(v, bit, at >> bit, v->suffix[j], err);
		if (rc != CL_OK)
			goto done;
		at += (uint64_t)1 << bit;
	}
	for (j = v->npeaks - 1; j-- > 0;)
		cl_merkle_node_hash(v->suffix[j], v->suffix[j], v->suffix[j + 1]);
done:
	return rc;
}

/*
 * MTH of leaves [lo, hi): either a suffix [start[j], n) or a perfect,
 * aligned subtree (see the top of this file for why nothing else occurs).
 */
static int view_range(const tree_view *v, uint64_t lo, uint64_t hi,
		      unsigned char out[CL_HASH_BYTES], cl_error *err)
{
	uint64_t size = hi - lo;
	unsigned j;

	if (hi == v->n) {
		for (j = 0; j < v->npeaks; j++) {
			if (v->start[j] == lo) {
				memcpy(out, v->suffix[j], CL_HASH_BYTES);
				return CL_OK;
			}
		}
	}
	if (size == 0 || (size & (size - 1)) != 0 || lo % size != 0)
		return cl_error_set(err, CL_EINPUT, "merkle range [%llu, %llu) "
				    "is not a stored subtree",
				    (unsigned long long)lo,
				    (unsigned long long)hi);
	return read_node(v, level_of(size), lo / size, out, err);
}

int cl_merkle_root(cl_merkle_get_fn get, void *ctx, uint64_t n,
		   unsigned char root[CL_HASH_BYTES], cl_error *err)
{
	tree_view v;
	int rc;

	if (n == 0) {
		cl_sha256(root, "", 0);
		return CL_OK;
	}
	rc = view_open(&v, get, ctx, n, err);
	if (rc == CL_OK)
		memcpy(root, v.suffix[0], CL_HASH_BYTES);
	return rc;
}

/* ---- proofs ----------------------------------------------------------- */

/* Reverse the hashes in buf[0..count): the recursions below find them
 * root first, RFC 9162 lists them leaf first. */
static void reverse_hashes(unsigned char *buf, size_t count)
{
	unsigned char t[CL_HASH_BYTES];
	size_t i;

	for (i = 0; i < count / 2; i++) {
		unsigned char *a = buf + i * CL_HASH_BYTES;
		unsigned char *b = buf + (count - 1 - i) * CL_HASH_BYTES;

		memcpy(t, a, CL_HASH_BYTES);
		memcpy(a, b, CL_HASH_BYTES);
		memcpy(b, t, CL_HASH_BYTES);
	}
}

/* Hand the first `count` hashes of `tmp` to the caller as a malloc'd copy. */
static int proof_out(const unsigned char *tmp, size_t count,
		     unsigned char **proof, size_t *out_count, cl_error *err)
{
	unsigned char *p;

	if (count == 0)
		return CL_OK;
	p = malloc(count * CL_HASH_BYTES);
	if (p == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(p, tmp, count * CL_HASH_BYTES);
	reverse_hashes(p, count);
	*proof = p;
	*out_count = count;
	return CL_OK;
}

int cl_merkle_inclusion_proof(cl_merkle_get_fn get, void *ctx, uint64_t m,
			      uint64_t n, unsigned char **proof, size_t *count,
			      cl_error *err)
{
	unsigned char tmp[CL_MERKLE_MAX_INCLUSION * CL_HASH_BYTES];
	uint64_t lo = 0, hi = n, k;
	size_t c = 0;
	tree_view v;
	int rc;

	*proof = NULL;
	*count = 0;
	if (m >= n)
		return cl_error_set(err, CL_EINPUT, "inclusion proof: index "
				    "%llu is not below tree size %llu",
				    (unsigned long long)m,
				    (unsigned long long)n);
	rc = view_open(&v, get, ctx, n, err);
	if (rc != CL_OK)
		goto done;
	/* PATH(m, D[lo:hi]): descend towards leaf m, taking the sibling
	 * subtree at each split; each step halves the height, so c < 64. */
	while (hi - lo > 1) {
		k = split_point(hi - lo);
		if (m < lo + k) {
			rc = view_range(&v, lo + k, hi, tmp + c * CL_HASH_BYTES, err);
			hi = lo + k;
		} else {
			rc = view_range(&v, lo, lo + k, tmp + c * CL_HASH_BYTES, err);
			lo += k;
		}
		if (rc != CL_OK)
			goto done;
		c++;
	}
	rc = proof_out(tmp, c, proof, count, err);
done:
	return rc;
}

int cl_merkle_consistency_proof(cl_merkle_get_fn get, void *ctx, uint64_t m,
				uint64_t n, unsigned char **proof,
				size_t *count, cl_error *err)
{
	unsigned char tmp[CL_MERKLE_MAX_CONSISTENCY * CL_HASH_BYTES];
	uint64_t lo = 0, hi = n, k;
	int whole = 1; /* SUBPROOF's b: [lo, hi) is still the old tree's root */
	size_t c = 0;
	tree_view v;
	int rc = CL_OK;

	*proof = NULL;
	*count = 0;
	if (m > n)
		return cl_error_set(err, CL_EINPUT, "consistency proof: old size "
				    "%llu is above new size %llu",
				    (unsigned long long)m,
				    (unsigned long long)n);
	if (m == 0 || m == n)
		goto done;
	rc = view_open(&v, get, ctx, n, err);
	if (rc != CL_OK)
		goto done;
	/* SUBPROOF(m - lo, D[lo:hi], whole), unrolled. */
	for (;;) {
		if (m == hi) {
			/* The old tree ends exactly here: the verifier knows
			 * this subtree's hash only if it was the old root. */
			if (!whole) {
				rc = view_range(&v, lo, hi, tmp + c * CL_HASH_BYTES, err);
				if (rc != CL_OK)
					goto done;
				c++;
			}
			break;
		}
		k = split_point(hi - lo);
		if (m - lo <= k) {
			rc = view_range(&v, lo + k, hi, tmp + c * CL_HASH_BYTES, err);
			hi = lo + k;
		} else {
			rc = view_range(&v, lo, lo + k, tmp + c * CL_HASH_BYTES, err);
			lo += k;
			whole = 0;
		}
		if (rc != CL_OK)
			goto done;
		c++;
	}
	rc = proof_out(tmp, c, proof, count, err);
done:
	return rc;
}

/* ---- verifying -------------------------------------------------------- */

int cl_merkle_verify_inclusion(const unsigned char leaf_hash[CL_HASH_BYTES],
			       uint64_t index, uint64_t size,
			       const unsigned char *proof, size_t count,
			       const unsigned char root[CL_HASH_BYTES],
			       cl_error *err)
{
	unsigned char r[CL_HASH_BYTES];
	uint64_t fn, sn;
	size_t i;

	/* RFC 9162 2.1.3.2, step by step. */
	if (index >= size)
		return cl_error_set(err, CL_EINTEGRITY, "inclusion proof: index "
				    "%llu is not below tree size %llu",
				    (unsigned long long)index,
				    (unsigned long long)size);
	if (count > CL_MERKLE_MAX_INCLUSION)
		goto bad_length;
	fn = index;
	sn = size - 1;
	memcpy(r, leaf_hash, CL_HASH_BYTES);
	for (i = 0; i < count; i++) {
		const unsigned char *p = proof + i * CL_HASH_BYTES;

		if (sn == 0)
			goto bad_length;
		if ((fn & 1) || fn == sn) {
			cl_merkle_node_hash(r, p, r);
			if (!(fn & 1)) {
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
		} else {
			cl_merkle_node_hash(r, r, p);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		goto bad_length;
	if (!cl_memeq(r, root, CL_HASH_BYTES))
		return cl_error_set(err, CL_EINTEGRITY, "inclusion proof: "
				    "computed root does not match the tree "
				    "head (leaf %llu, size %llu)",
				    (unsigned long long)index,
				    (unsigned long long)size);
	return CL_OK;
bad_length:
	return cl_error_set(err, CL_EINTEGRITY, "inclusion proof: %zu hashes "
			    "is the wrong length for leaf %llu in size %llu",
			    count, (unsigned long long)index,
			    (unsigned long long)size);
}

int cl_merkle_verify_consistency(uint64_t m, uint64_t n,
				 const unsigned char old_root[CL_HASH_BYTES],
				 const unsigned char new_root[CL_HASH_BYTES],
				 const unsigned char *proof, size_t count,
				 cl_error *err)
{
	unsigned char fr[CL_HASH_BYTES], sr[CL_HASH_BYTES], empty[CL_HASH_BYTES];
	uint64_t fn, sn;
	size_t i;

	if (m > n)
		return cl_error_set(err, CL_EINTEGRITY, "consistency proof: old "
				    "size %llu is above new size %llu",
				    (unsigned long long)m,
				    (unsigned long long)n);
	if (m == 0 || m == n) {
		if (count != 0)
			goto bad_length;
		if (m == 0) {
			cl_sha256(empty, "", 0);
			if (!cl_memeq(old_root, empty, CL_HASH_BYTES))
				return cl_error_set(err, CL_EINTEGRITY,
						    "consistency proof: old root "
						    "is not the empty tree's");
		} else if (!cl_memeq(old_root, new_root, CL_HASH_BYTES)) {
			return cl_error_set(err, CL_EINTEGRITY, "consistency "
					    "proof: roots of size %llu differ",
					    (unsigned long long)m);
		}
		return CL_OK;
	}
	/* RFC 9162 2.1.4.2, step by step.  1: an empty proof fails. */
	if (count == 0 || count > CL_MERKLE_MAX_CONSISTENCY)
		goto bad_length;
	/* 3, 4 */
	fn = m - 1;
	sn = n - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	/* 2, 5: when m is a power of two the old root is the proof's
	 * implicit first element (the RFC prepends it). */
	i = 0;
	if ((m & (m - 1)) == 0) {
		memcpy(fr, old_root, CL_HASH_BYTES);
	} else {
		memcpy(fr, proof, CL_HASH_BYTES);
		i = 1;
	}
	memcpy(sr, fr, CL_HASH_BYTES);
	/* 6 */
	for (; i < count; i++) {
		const unsigned char *c = proof + i * CL_HASH_BYTES;

		if (sn == 0)
			goto bad_length;
		if ((fn & 1) || fn == sn) {
			cl_merkle_node_hash(fr, c, fr);
			cl_merkle_node_hash(sr, c, sr);
			if (!(fn & 1)) {
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
		} else {
			cl_merkle_node_hash(sr, sr, c);
		}
		fn >>= 1;
		sn >>= 1;
	}
	/* 7 */
	if (sn != 0)
		goto bad_length;
	if (!cl_memeq(fr, old_root, CL_HASH_BYTES))
		return cl_error_set(err, CL_EINTEGRITY, "consistency proof: "
				    "computed old root does not match size %llu",
				    (unsigned long long)m);
	if (!cl_memeq(sr, new_root, CL_HASH_BYTES))
		return cl_error_set(err, CL_EINTEGRITY, "consistency proof: "
				    "computed new root does not match size %llu",
				    (unsigned long long)n);
	return CL_OK;
bad_length:
	return cl_error_set(err, CL_EINTEGRITY, "consistency proof: %zu hashes "
			    "is the wrong length from size %llu to %llu",
			    count, (unsigned long long)m,
			    (unsigned long long)n);
}

/* ---- in-memory store -------------------------------------------------- */

struct cl_merkle_mem {
	uint64_t size;
	/* level k holds nodes 0..len[k]-1, each 32 bytes, in cap[k] slots */
	unsigned char *level[CL_MERKLE_MAX_DEPTH];
	size_t len[CL_MERKLE_MAX_DEPTH];
	size_t cap[CL_MERKLE_MAX_DEPTH];
};

int cl_merkle_mem_new(cl_merkle_mem **out)
{
	*out = calloc(1, sizeof **out);
	return *out == NULL ? CL_ENOMEM : CL_OK;
}

void cl_merkle_mem_free(cl_merkle_mem *t)
{
	unsigned l;

	if (t == NULL)
		return;
	for (l = 0; l < CL_MERKLE_MAX_DEPTH; l++)
		free(t->level[l]);
	free(t);
}

uint64_t cl_merkle_mem_size(const cl_merkle_mem *t)
{
	return t->size;
}

int cl_merkle_mem_get(void *ctx, unsigned level, uint64_t index,
		      unsigned char out[CL_HASH_BYTES])
{
	const cl_merkle_mem *t = ctx;

	if (level >= CL_MERKLE_MAX_DEPTH || index >= t->len[level])
		return CL_ENOTFOUND;
	memcpy(out, t->level[level] + index * CL_HASH_BYTES, CL_HASH_BYTES);
	return CL_OK;
}

int cl_merkle_mem_append(cl_merkle_mem *t,
			 const unsigned char leaf_hash[CL_HASH_BYTES],
			 cl_error *err)
{
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	size_t count, i;
	int rc;

	rc = cl_merkle_append_nodes(cl_merkle_mem_get, t, t->size, leaf_hash,
				    nodes, &count, err);
	if (rc != CL_OK)
		goto done;
	/* Grow every level first, so a failure leaves the tree unchanged. */
	for (i = 0; i < count; i++) {
		unsigned l = nodes[i].level;
		unsigned char *p;
		size_t cap;

		if (t->len[l] < t->cap[l])
			continue;
		cap = t->cap[l] ? 2 * t->cap[l] : 16;
		p = realloc(t->level[l], cap * CL_HASH_BYTES);
		if (p == NULL) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
			goto done;
		}
		t->level[l] = p;
		t->cap[l] = cap;
	}
	for (i = 0; i < count; i++) {
		unsigned l = nodes[i].level;

		memcpy(t->level[l] + t->len[l] * CL_HASH_BYTES, nodes[i].hash,
		       CL_HASH_BYTES);
		t->len[l]++;
	}
	t->size++;
done:
	return rc;
}
