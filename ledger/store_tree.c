/*
 * store_tree.c: the Merkle tree of the records, kept in the `tree`
 * database (store.h): the nodes each append adds, and what is read from
 * them (roots, leaves, inclusion and consistency proofs); then the
 * checkpoints the ledger signs over its root and keeps in the
 * `checkpoints` database.  verify re-checks both against the bodies
 * (store_verify.c).
 */
#include "ledger/store_internal.h"

#include <inttypes.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/merkle.h"
#include "ledger/note.h"

/* ---- the Merkle tree ---------------------------------------------------- */

/*
 * Perfect-subtree hashes (merkle.h) keyed by the leaf that completes them,
 * then level: node (k, i) is complete once leaf ((i + 1) << k) - 1 is in,
 * so the nodes each append writes sort after all earlier ones and go in
 * with MDB_APPEND, densely packed.
 */
static void tree_key(unsigned char key[9], unsigned level, uint64_t index)
{
	be64_put(key, ((index + 1) << level) - 1);
	key[8] = (unsigned char)level;
}

int store_tree_get(void *vctx, unsigned level, uint64_t index,
		   unsigned char out[CL_HASH_BYTES])
{
	struct tree_ctx *ctx = vctx;
	unsigned char key[9];
	MDB_val k = { 9, key }, v;
	int rc;

	tree_key(key, level, index);
	rc = mdb_get(ctx->txn, ctx->dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		return CL_ENOTFOUND;
	if (rc != 0)
		return CL_ESTORE;
	if (v.mv_size != CL_HASH_BYTES)
		return CL_EINTEGRITY;
	memcpy(out, v.mv_data, CL_HASH_BYTES);
	return CL_OK;
}

/* Add leaf `seq` (its body) to the stored tree. */
int store_tree_append(cl_ledger *l, MDB_txn *txn, uint64_t seq, const char *body,
		      size_t len, cl_error *err)
{
	struct tree_ctx ctx = { txn, l->tree };
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	unsigned char leaf[CL_HASH_BYTES], key[9];
	MDB_val k = { 9, key }, v;
	size_t n = 0;
	int rc;

	cl_merkle_leaf_hash(leaf, body, len);
	if ((rc = cl_merkle_append_nodes(store_tree_get, &ctx, seq, leaf, nodes, &n, err)) != CL_OK)
		return cl_error_prefix(err, "seq %" PRIu64 ": merkle tree", seq);
	for (size_t i = 0; i < n; i++) {
		tree_key(key, nodes[i].level, nodes[i].index);
		v.mv_size = CL_HASH_BYTES;
		v.mv_data = nodes[i].hash;
		if ((rc = mdb_put(txn, l->tree, &k, &v, MDB_APPEND)) != 0)
			return store_mdb_fail(err, rc, "cannot write the merkle tree");
	}
	return CL_OK;
}

/* ---- proofs ------------------------------------------------------------- */

/* Run one tree read in its own read txn, after checking size <= ledger size. */
enum tree_op { TREE_ROOT, TREE_INCLUSION, TREE_CONSISTENCY, TREE_LEAF };

static int tree_read(cl_ledger *l, enum tree_op op, uint64_t a, uint64_t size,
		     unsigned char root[CL_HASH_BYTES], unsigned char **proof,
		     size_t *count, cl_error *err)
{
	struct tree_ctx tc = { NULL, l->tree };
	unsigned char last[CL_HASH_BYTES];
	uint64_t have = 0;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &tc.txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = store_read_head(l, tc.txn, &have, last, err)) != CL_OK)
		goto out;
	if (size > have) {
		rc = cl_error_set(err, CL_ENOTFOUND,
				  "tree size %" PRIu64 " is beyond the ledger's %" PRIu64,
				  size, have);
		goto out;
	}
	switch (op) {
	case TREE_ROOT:
		rc = cl_merkle_root(store_tree_get, &tc, size, root, err);
		break;
	case TREE_INCLUSION:
		rc = cl_merkle_inclusion_proof(store_tree_get, &tc, a, size, proof, count, err);
		break;
	case TREE_CONSISTENCY:
		rc = cl_merkle_consistency_proof(store_tree_get, &tc, a, size, proof, count, err);
		break;
	case TREE_LEAF:
		rc = store_tree_get(&tc, 0, a, root);
		break;
	}
	if (rc == CL_ENOTFOUND || rc == CL_EINTEGRITY)
		rc = cl_error_set(err, CL_ESTORE, "merkle tree is incomplete or damaged");
out:
	mdb_txn_abort(tc.txn);
	return rc;
}

int cl_ledger_leaf(cl_ledger *l, uint64_t seq, unsigned char leaf[CL_HASH_BYTES],
		   cl_error *err)
{
	if (seq == UINT64_MAX)
		return cl_error_set(err, CL_ENOTFOUND, "no record %" PRIu64, seq);
	return tree_read(l, TREE_LEAF, seq, seq + 1, leaf, NULL, NULL, err);
}

int cl_ledger_root(cl_ledger *l, uint64_t size, unsigned char root[CL_HASH_BYTES],
		   cl_error *err)
{
	return tree_read(l, TREE_ROOT, 0, size, root, NULL, NULL, err);
}

int cl_ledger_inclusion(cl_ledger *l, uint64_t seq, uint64_t size,
			unsigned char **proof, size_t *count, cl_error *err)
{
	*proof = NULL;
	*count = 0;
	if (seq >= size)
		return cl_error_set(err, CL_EINPUT, "record %" PRIu64 " is not in a tree of size %"
				    PRIu64, seq, size);
	return tree_read(l, TREE_INCLUSION, seq, size, NULL, proof, count, err);
}

int cl_ledger_consistency(cl_ledger *l, uint64_t old_size, uint64_t size,
			  unsigned char **proof, size_t *count, cl_error *err)
{
	*proof = NULL;
	*count = 0;
	if (old_size > size)
		return cl_error_set(err, CL_EINPUT, "old size %" PRIu64 " is larger than %" PRIu64,
				    old_size, size);
	return tree_read(l, TREE_CONSISTENCY, old_size, size, NULL, proof, count, err);
}

/* ---- checkpoints -------------------------------------------------------- */

/* The latest stored checkpoint in `txn`: its note (pointing into the map,
 * valid for the txn) and its parsed body.  CL_ENOTFOUND when none. */
static int latest_checkpoint(cl_ledger *l, MDB_txn *txn, MDB_val *note,
			     cl_checkpoint *cp, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k;
	size_t text_len;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->checkpoints, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read checkpoints");
	rc = mdb_cursor_get(cur, &k, note, MDB_LAST);
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return cl_error_set(err, CL_ENOTFOUND, "no checkpoint has been issued");
	if (rc != 0)
		return store_mdb_fail(err, rc, "cannot read checkpoints");
	/* Only the owner signs checkpoints, and only after checking them; what
	 * we read back is parsed, not trusted (verify re-checks signatures). */
	text_len = note->mv_size;
	for (size_t i = 1; i < note->mv_size; i++)
		if (((const char *)note->mv_data)[i - 1] == '\n' &&
		    ((const char *)note->mv_data)[i] == '\n')
			text_len = i;
	if ((rc = cl_checkpoint_parse(note->mv_data, text_len, cp, err)) != CL_OK)
		return cl_error_set(err, CL_EINTEGRITY, "stored checkpoint is malformed");
	if (k.mv_size != 8 || be64_get(k.mv_data) != cp->size)
		return cl_error_set(err, CL_EINTEGRITY, "stored checkpoint key does not match its size");
	return CL_OK;
}

/* 1 when the tree in `txn` (of info->size records) extends the checkpoint
 * `cp`: same origin, no larger, and its root at cp->size is cp->root. */
static int tree_extends(struct tree_ctx *tc, const cl_ledger_info *info,
			const cl_checkpoint *cp)
{
	unsigned char root[CL_HASH_BYTES];

	return cp->size <= info->size && strcmp(cp->origin, info->origin) == 0 &&
	       cl_merkle_root(store_tree_get, tc, cp->size, root, NULL) == CL_OK &&
	       memcmp(root, cp->root, CL_HASH_BYTES) == 0;
}

/* CL_OK when the latest checkpoint stored in `txn` (if any) is extended by
 * the tree; CL_EINTEGRITY "refusing to `doing`" otherwise. */
static int latest_extended(cl_ledger *l, struct tree_ctx *tc, const cl_ledger_info *info,
			   const char *doing, cl_error *err)
{
	cl_checkpoint last;
	MDB_val v;
	int rc = latest_checkpoint(l, tc->txn, &v, &last, err);

	if (rc == CL_ENOTFOUND)
		return CL_OK;
	if (rc != CL_OK)
		return rc;
	if (!tree_extends(tc, info, &last))
		return cl_error_set(err, CL_EINTEGRITY, "the ledger no longer extends "
				    "checkpoint %" PRIu64 ": refusing to %s", last.size, doing);
	return CL_OK;
}

/* Sign a checkpoint of the tree in `txn` with `owner` (see
 * cl_ledger_checkpoint): the note in *out (malloc'd), its body in *cp. */
static int checkpoint_make(cl_ledger *l, MDB_txn *txn, const cl_seckey *owner,
			   cl_checkpoint *cp, char **out, size_t *out_len, cl_error *err)
{
	struct tree_ctx tc = { txn, l->tree };
	cl_ledger_info info;
	cl_seckey *as_origin = NULL;
	int rc;

	memset(cp, 0, sizeof *cp);
	if ((rc = store_read_info(l, txn, &info, err)) != CL_OK)
		return rc;
	if (memcmp(info.owner, cl_seckey_pubkey(owner), CL_PUBKEY_BYTES) != 0)
		return cl_error_set(err, CL_EKEY, "key '%s' is not the ledger owner",
				    cl_seckey_name(owner));
	if (cl_merkle_root(store_tree_get, &tc, info.size, cp->root, err) != CL_OK)
		return cl_error_set(err, CL_ESTORE, "merkle tree is incomplete or damaged");
	/* Never sign a checkpoint that contradicts one already signed: the old
	 * root must still be the root of the first old-size records. */
	if ((rc = latest_extended(l, &tc, &info, "sign", err)) != CL_OK)
		return rc;
	if ((size_t)snprintf(cp->origin, sizeof cp->origin, "%s", info.origin) >=
	    sizeof cp->origin)
		return cl_error_set(err, CL_ESTORE, "origin too long");
	cp->size = info.size;
	if ((rc = cl_seckey_rename(owner, info.origin, &as_origin, err)) == CL_OK)
		rc = cl_checkpoint_sign(cp, as_origin, out, out_len, err);
	cl_seckey_free(as_origin);
	return rc;
}

/* Store the note of `cp` in the write txn `txn`. */
static int checkpoint_put(cl_ledger *l, MDB_txn *txn, const cl_checkpoint *cp,
			  const char *note, size_t note_len, cl_error *err)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v = { note_len, (void *)note };
	int rc;

	be64_put(key, cp->size);
	if ((rc = mdb_put(txn, l->checkpoints, &k, &v, 0)) != 0)
		return store_mdb_fail(err, rc, "cannot store the checkpoint");
	return CL_OK;
}

int cl_ledger_checkpoint(cl_ledger *l, const cl_seckey *owner, char **note,
			 size_t *note_len, cl_error *err)
{
	MDB_txn *txn = NULL;
	cl_checkpoint cp;
	char *out = NULL;
	size_t out_len = 0;
	int rc;

	*note = NULL;
	*note_len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, 0, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot start a write");
	if ((rc = checkpoint_make(l, txn, owner, &cp, &out, &out_len, err)) != CL_OK ||
	    (rc = checkpoint_put(l, txn, &cp, out, out_len, err)) != CL_OK)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0) {
		rc = store_mdb_fail(err, rc, "cannot commit the checkpoint");
		goto out;
	}
	*note = out;
	*note_len = out_len;
	out = NULL;
	rc = CL_OK;
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	free(out);
	return rc;
}

int cl_ledger_checkpoint_sign(cl_ledger *l, const cl_seckey *owner, char **note,
			      size_t *note_len, cl_checkpoint *cp, cl_error *err)
{
	MDB_txn *txn = NULL;
	int rc;

	*note = NULL;
	*note_len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	rc = checkpoint_make(l, txn, owner, cp, note, note_len, err);
	mdb_txn_abort(txn);
	if (rc != CL_OK) {
		free(*note);
		*note = NULL;
		*note_len = 0;
	}
	return rc;
}

int cl_ledger_checkpoint_store(cl_ledger *l, const char *note, size_t note_len,
			       const cl_checkpoint *cp, cl_error *err)
{
	MDB_txn *txn = NULL;
	struct tree_ctx tc = { NULL, l->tree };
	cl_ledger_info info;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, 0, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot start a write");
	tc.txn = txn;
	if ((rc = store_read_info(l, txn, &info, err)) != CL_OK)
		goto out;
	/* Others may have appended, or stored a checkpoint, since it was
	 * signed: both must still agree with the tree. */
	if (!tree_extends(&tc, &info, cp)) {
		rc = cl_error_set(err, CL_EINTEGRITY, "the ledger no longer extends the "
				  "checkpoint of %" PRIu64 " records: refusing to store it",
				  cp->size);
		goto out;
	}
	if ((rc = latest_extended(l, &tc, &info, "store", err)) != CL_OK ||
	    (rc = checkpoint_put(l, txn, cp, note, note_len, err)) != CL_OK)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0)
		rc = store_mdb_fail(err, rc, "cannot commit the checkpoint");
	else
		rc = CL_OK;
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	return rc;
}

int cl_ledger_latest_checkpoint(cl_ledger *l, char **note, size_t *note_len,
				cl_checkpoint *cp, cl_error *err)
{
	MDB_txn *txn;
	MDB_val v;
	int rc;

	*note = NULL;
	*note_len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = latest_checkpoint(l, txn, &v, cp, err)) == CL_OK) {
		if ((*note = malloc(v.mv_size + 1)) == NULL) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		} else {
			memcpy(*note, v.mv_data, v.mv_size);
			(*note)[v.mv_size] = '\0';
			*note_len = v.mv_size;
		}
	}
	mdb_txn_abort(txn);
	return rc;
}

/* ---- perfect-subtree reads, for the hash tiles of publish ---------------- */

int cl_ledger_nodes(cl_ledger *l, unsigned level, uint64_t index, size_t count,
		    unsigned char *out, cl_error *err)
{
	struct tree_ctx tc = { NULL, l->tree };
	unsigned char last[CL_HASH_BYTES];
	uint64_t have = 0, whole;
	int rc;

	if (level >= CL_MERKLE_MAX_DEPTH)
		return cl_error_set(err, CL_EINPUT, "tree level %u is above 63", level);
	if (count == 0)
		return CL_OK;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &tc.txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = store_read_head(l, tc.txn, &have, last, err)) != CL_OK)
		goto out;
	/* Nodes of this level whose leaves are all in: have >> level.  Written
	 * as two comparisons so that index + count cannot overflow. */
	whole = have >> level;
	if (index > whole || count > whole - index) {
		rc = cl_error_set(err, CL_ENOTFOUND, "%zu tree node%s (%u, %" PRIu64
				  ") on are beyond the ledger's %" PRIu64 " records",
				  count, count == 1 ? "" : "s", level, index, have);
		goto out;
	}
	for (size_t i = 0; i < count && rc == CL_OK; i++)
		rc = store_tree_get(&tc, level, index + i, out + i * CL_HASH_BYTES);
	if (rc == CL_ENOTFOUND || rc == CL_EINTEGRITY)
		rc = cl_error_set(err, CL_ESTORE, "merkle tree is incomplete or damaged");
	else if (rc != CL_OK)
		rc = cl_error_set(err, rc, "cannot read the merkle tree");
out:
	mdb_txn_abort(tc.txn);
	/* A publish reads every tile in turn: keep the map's resident pages
	 * bounded as a scan does (a no-op below MAP_RESIDENT_MAX). */
	store_map_release(l);
	return rc;
}

int cl_ledger_node(cl_ledger *l, unsigned level, uint64_t index,
		   unsigned char out[CL_HASH_BYTES], cl_error *err)
{
	return cl_ledger_nodes(l, level, index, 1, out, err);
}
