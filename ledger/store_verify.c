/*
 * store_verify.c: verify (store.h, cl_ledger_verify_ex).  Every record is
 * replayed from 0 through the chain rules, its stateless checks spread
 * over the worker pool, and every database beside the records is
 * compared with what the records imply: the ids and query indexes (keyed
 * sums, or a lookup per record), the tree, the editors and aliases, the
 * checkpoints, the archived documents and meta.  A verify that passes
 * leaves the verified mark, which a later verify trusts for the
 * signatures below it.
 */
#include "ledger/store_internal.h"

#include <inttypes.h>
#include <lmdb.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/merkle.h"
#include "ledger/note.h"

/* ---- verify ------------------------------------------------------------- */

/*
 * How a full verify checks the ids index and the five query indexes
 * without a random lookup per record (at N=1M those lookups miss the
 * map nearly every time, and the page faults cost more than the rest of
 * the record): it draws a secret key, sums the keyed hashes (cl_prf) of
 * the entries the records imply, then reads each database once in key
 * order and sums the keyed hashes of the entries it holds.  The sums are
 * four 64-bit lanes added mod 2^64.  An entry is tag || key length (2
 * bytes) || key || value, so no two different entries hash alike unless
 * the hash collides.  Nobody who can change the file knows the key, so
 * the two sums are equal only when the sets are (but with probability
 * 2^-256), and the entry counts are compared too.  When they differ, the
 * verify runs again with a lookup per record (CL_VERIFY_LOOKUPS), which
 * names the first seq at fault.  A verify from a mark looks up: its few
 * records are cheap, and the old entries are not summed.
 */
#define DIGEST_DBS (CL_INDEX_COUNT + 1) /* the indexes, then ids */
#define DIGEST_IDS CL_INDEX_COUNT
#define DIGEST_ENTRY_MAX (1 + 2 + CL_INDEX_VALUE_MAX + 9 + 8)

static void digest_add(uint64_t acc[4], const unsigned char key[CL_PRF_KEY_BYTES], int tag,
		       const void *k, size_t kn, const void *v, size_t vn)
{
	unsigned char buf[DIGEST_ENTRY_MAX], h[CL_PRF_BYTES];
	size_t n = 0;

	buf[n++] = (unsigned char)tag;
	buf[n++] = (unsigned char)(kn >> 8);
	buf[n++] = (unsigned char)kn;
	memcpy(buf + n, k, kn);
	n += kn;
	if (vn > 0)
		memcpy(buf + n, v, vn);
	n += vn;
	cl_prf(h, key, buf, n);
	for (int i = 0; i < 4; i++) {
		uint64_t w;
		memcpy(&w, h + 8 * i, 8);
		acc[i] += w;
	}
}

/* verify (digest mode): sum the entries record `seq` implies; counted. */
static int index_digest(uint64_t want[][4], const unsigned char prf_key[CL_PRF_KEY_BYTES],
			uint64_t seq, const store_body *body, uint64_t counts[CL_INDEX_COUNT],
			cl_error *err)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];

	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		size_t n = store_index_value(i, body, key, CL_INDEX_VALUE_MAX);
		if (n == SIZE_MAX)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		if (n == 0)
			continue;
		n = store_index_key(key, key, n, seq);
		digest_add(want[i], prf_key, i, key, n, NULL, 0);
		counts[i]++;
	}
	return CL_OK;
}

/* verify: the entries record `seq` implies are there; counted for later. */
static int index_check(cl_ledger *l, MDB_txn *txn, uint64_t seq, const store_body *body,
		       uint64_t counts[CL_INDEX_COUNT], cl_error *err)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];
	MDB_val k = { 0, key }, v;

	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		size_t n = store_index_value(i, body, key, CL_INDEX_VALUE_MAX);
		if (n == SIZE_MAX)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		if (n == 0)
			continue;
		k.mv_size = store_index_key(key, key, n, seq);
		if (mdb_get(txn, l->idx[i], &k, &v) != 0 || v.mv_size != 0)
			return cl_error_set(err, CL_EINTEGRITY,
					    "seq %" PRIu64 ": missing from the %s index", seq,
					    cl_index_name(i));
		counts[i]++;
	}
	return CL_OK;
}

struct verify_ctx {
	cl_ledger *l;
	MDB_txn *txn;
	cl_chain *chain;
	struct lookup_ctx lookup;
	cl_error *err;
	uint64_t count;
	uint64_t tree_nodes; /* perfect-subtree hashes the records imply */
	json_t *aliases;     /* folded alias -> seq of its live add record */
	uint64_t index_entries[CL_INDEX_COUNT];
	cl_pool pool;      /* each record's stateless checks */
	struct vslot *slots;   /* VERIFY_WINDOW of them */
	int digest;            /* indexes summed, not looked up (digest_add) */
	unsigned char prf_key[CL_PRF_KEY_BYTES];
	uint64_t want[DIGEST_DBS][4]; /* what the records imply, per database */
};

/* Every archived document is stored under the hash of its bytes. */
static int verify_documents(cl_ledger *l, MDB_txn *txn, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	unsigned char h[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1];
	int rc;

	if ((rc = mdb_cursor_open(txn, l->documents, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read documents");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		cl_sha256(h, v.mv_data, v.mv_size);
		if (k.mv_size != CL_HASH_BYTES || memcmp(h, k.mv_data, CL_HASH_BYTES) != 0) {
			cl_hex_encode(hex, h, CL_HASH_BYTES);
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "archived document %.16s... does not match its key", hex);
			break;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

/* Remember which alias record is live for each alias, as the store does. */
static int replay_alias(struct verify_ctx *ctx, uint64_t seq, const json_t *body)
{
	const char *alias = json_string_value(json_object_get(body, "alias"));
	const char *action = json_string_value(json_object_get(body, "action"));
	unsigned char key[ALIAS_KEY_MAX + 1];
	size_t n = store_alias_key(key, ALIAS_KEY_MAX, alias);

	key[n] = '\0';
	if (strcmp(action, "remove") == 0)
		json_object_del(ctx->aliases, (const char *)key);
	else if (json_object_set_new(ctx->aliases, (const char *)key,
				     json_integer((json_int_t)seq)) != 0)
		return cl_error_set(ctx->err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

/* Whether aliases entry (ak, v) is, byte for byte, what store_apply_alias
 * stored for the add record at seq. */
static int alias_entry_is_records(cl_ledger *l, MDB_txn *txn, uint64_t seq,
				  const MDB_val *ak, const MDB_val *v)
{
	unsigned char key[8], folded[ALIAS_KEY_MAX], *want = NULL;
	MDB_val k = { 8, key }, rv;
	const char *alias, *speaker;
	json_t *body = NULL;
	int same = 0;

	be64_put(key, seq);
	if (mdb_get(txn, l->records, &k, &rv) != 0 || rv.mv_size < REC_HDR)
		goto out;
	body = json_loadb((const char *)rv.mv_data + REC_HDR, rv.mv_size - REC_HDR, 0, NULL);
	alias = json_string_value(json_object_get(body, "alias"));
	speaker = json_string_value(json_object_get(body, "speaker"));
	if (alias == NULL || speaker == NULL ||
	    store_alias_key(folded, sizeof folded, alias) != ak->mv_size ||
	    memcmp(folded, ak->mv_data, ak->mv_size) != 0 ||
	    store_alias_val_len(alias, speaker) != v->mv_size || (want = malloc(v->mv_size)) == NULL)
		goto out;
	store_alias_val_fill(want, seq, alias, speaker);
	same = memcmp(want, v->mv_data, v->mv_size) == 0;
out:
	free(want);
	json_decref(body);
	return same;
}

/* The aliases index must hold exactly the live alias records: each key the
 * folded alias of the live add record, each value what that record says. */
static int verify_aliases(cl_ledger *l, MDB_txn *txn, struct verify_ctx *ctx, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	size_t entries = 0;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->aliases, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read aliases");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		char key[ALIAS_KEY_MAX + 1];
		json_t *want;
		uint64_t seq;

		entries++;
		if (k.mv_size > ALIAS_KEY_MAX || v.mv_size < 8) {
			rc = cl_error_set(err, CL_EINTEGRITY, "alias index entry is malformed");
			break;
		}
		memcpy(key, k.mv_data, k.mv_size);
		key[k.mv_size] = '\0';
		want = json_object_get(ctx->aliases, key);
		seq = be64_get(v.mv_data);
		if (want == NULL || (uint64_t)json_integer_value(want) != seq ||
		    !alias_entry_is_records(l, txn, seq, &k, &v)) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "alias index entry '%s' is not the chain's", key);
			break;
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return rc;
	if (entries != json_object_size(ctx->aliases))
		return cl_error_set(err, CL_EINTEGRITY, "alias index has %zu entries, the chain %zu",
				    entries, json_object_size(ctx->aliases));
	return CL_OK;
}

/* The stored tree nodes that leaf r->seq completes must be the ones its
 * body implies (lower nodes were checked with the earlier records). */
static int verify_tree(struct verify_ctx *ctx, const cl_record *r,
		       const unsigned char leaf[CL_HASH_BYTES])
{
	struct tree_ctx tc = { ctx->txn, ctx->l->tree };
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	unsigned char stored[CL_HASH_BYTES];
	size_t n = 0;

	if (cl_merkle_append_nodes(store_tree_get, &tc, r->seq, leaf, nodes, &n, NULL) != CL_OK)
		return cl_error_set(ctx->err, CL_EINTEGRITY,
				    "seq %" PRIu64 ": merkle tree node missing or malformed", r->seq);
	for (size_t i = 0; i < n; i++) {
		if (store_tree_get(&tc, nodes[i].level, nodes[i].index, stored) != CL_OK ||
		    memcmp(stored, nodes[i].hash, CL_HASH_BYTES) != 0)
			return cl_error_set(ctx->err, CL_EINTEGRITY,
					    "seq %" PRIu64 ": merkle tree node (%u, %" PRIu64
					    ") does not match the records",
					    r->seq, nodes[i].level, nodes[i].index);
	}
	ctx->tree_nodes += n;
	return CL_OK;
}

/*
 * Records are read ahead of the replay.  The pool runs the checks of each
 * record that need no state (size, canonical form, shape, id, Merkle
 * leaf, signature by the body's signer) on every core, and the main
 * thread replays the chain in seq order with their results: the rules,
 * the tree, and the id and index entries (summed or looked up).  Each job
 * writes only its own slot, so what is reported, and in which order, does
 * not depend on the threads.  VERIFY_WINDOW records in flight at most,
 * VERIFY_BATCH replayed per wait.
 */
#define VERIFY_WINDOW 4096
#define VERIFY_BATCH 256

struct vslot {
	cl_record r;   /* body in LMDB's map, valid for the read txn */
	int quick;     /* passed cl_record_quick: `facts` hold the body */
	cl_body_facts facts;
	json_t *obj;   /* else cl_record_precheck's object, owned; NULL after use */
	unsigned char id[CL_HASH_BYTES];   /* the body's id */
	unsigned char leaf[CL_HASH_BYTES]; /* its Merkle leaf hash */
	int pre_rc;    /* cl_record_precheck's result */
	int check_sig; /* 0: below the mark, the signature is not checked */
	int sig_ok;    /* checked and good, or not to be checked */
};

/* A record whose checks past the chain read more of its body than the
 * index members: the tree is made for it (a claim citing an article, a
 * correction, an alias). */
static int needs_tree(const cl_body_facts *f)
{
	return f->type == CL_TYPE_CORRECTION || f->type == CL_TYPE_ALIAS ||
	       (f->type == CL_TYPE_CLAIM && (f->view & CL_VIEW_DOCUMENT));
}

static void verify_job(void *vctx, uint64_t job)
{
	struct vslot *s = &((struct vslot *)vctx)[job % VERIFY_WINDOW];
	unsigned char pk[CL_PUBKEY_BYTES];
	int have_pk;

	/* The quick path first (no json_t); what it declines, the tree. */
	if ((s->quick = cl_record_quick(s->r.body, s->r.body_len, &s->facts, s->id)) != 0) {
		s->pre_rc = CL_OK;
		memcpy(pk, s->facts.signer, CL_PUBKEY_BYTES);
		have_pk = 1;
		/* Here on the pool rather than later on the main thread; NULL
		 * (out of memory) is tried again there. */
		s->obj = needs_tree(&s->facts) ? json_loadb(s->r.body, s->r.body_len, 0, NULL)
					       : NULL;
	} else {
		s->pre_rc = cl_record_precheck(s->r.body, s->r.body_len, &s->obj, s->id, NULL);
		have_pk = s->pre_rc == CL_OK && cl_record_signer(s->obj, pk) == CL_OK;
	}
	s->sig_ok = s->pre_rc == CL_OK &&
		    (!s->check_sig ||
		     (have_pk && cl_record_sig_ok(pk, s->r.sig, s->r.body, s->r.body_len)));
	cl_merkle_leaf_hash(s->leaf, s->r.body, s->r.body_len);
}

/* The signature of a body, checked here as the pool checks it (the slow
 * path: bodies the pool could not check, refusals). */
static int sig_ok_here(const cl_record *r)
{
	unsigned char pk[CL_PUBKEY_BYTES];
	json_t *b = json_loadb(r->body, r->body_len, 0, NULL);
	int ok = json_is_object(b) && cl_record_signer(b, pk) == CL_OK &&
		 cl_record_sig_ok(pk, r->sig, r->body, r->body_len);

	json_decref(b);
	return ok;
}

/*
 * Replay record s->r, whose pool job is done.  The order of the checks,
 * and so which one a damaged record fails first, is: the chain's (a bad
 * signature comes before the signer's authority), the stored id, the id
 * index, the tree, the indexes, the archived document, then the
 * signature.  In a digest run the id and query index entries are only
 * summed here (digest_add); a failure runs the verify again with lookups,
 * which keeps that order.
 */
static int verify_one(struct verify_ctx *ctx, struct vslot *s)
{
	const cl_record *r = &s->r;
	unsigned char id[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v;
	json_t *body = NULL;
	cl_canon_top top;
	store_body ib = { NULL, NULL };
	cl_type type;
	unsigned flags = CL_CHAIN_SKIP_SIG;
	int rc, sig_ok = s->sig_ok;

	ctx->lookup.limit = r->seq;
	if (s->quick) {
		/* Read by the pool in one pass: its facts and id. */
		memcpy(id, s->id, CL_HASH_BYTES);
		rc = cl_chain_push_facts(ctx->chain, &s->facts, id, ctx->err);
	} else {
		if (s->pre_rc == CL_OK) {
			/* The pool's object and id; otherwise the chain parses
			 * again and says what is wrong in its own words. */
			body = s->obj;
			s->obj = NULL;
			memcpy(id, s->id, CL_HASH_BYTES);
			flags |= CL_CHAIN_CHECKED;
		}
		rc = cl_chain_push(ctx->chain, r->body, r->body_len, r->sig, flags,
				   &body, id, ctx->err);
	}
	if (rc != CL_OK) {
		cl_record_id(id, r->body, r->body_len);
		if (memcmp(id, r->id, CL_HASH_BYTES) != 0)
			return cl_error_set(ctx->err, CL_EINTEGRITY,
					    "seq %" PRIu64 ": stored id does not match the body",
					    r->seq);
		/* A bad signature before the authority rules. */
		if (rc == CL_EKEY && !sig_ok_here(r))
			rc = cl_error_set(ctx->err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": signature does not verify", r->seq);
		return rc == CL_EKEY ? CL_EINTEGRITY : rc;
	}
	if (s->pre_rc != CL_OK) {
		/* Only out of memory on the pool's side gets here. */
		cl_merkle_leaf_hash(s->leaf, r->body, r->body_len);
		sig_ok = !s->check_sig || sig_ok_here(r);
	}
	if (memcmp(id, r->id, CL_HASH_BYTES) != 0) {
		rc = cl_error_set(ctx->err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": stored id does not match the body", r->seq);
		goto out;
	}
	/* What the rest reads of the body: for most records the one-pass
	 * summary of its bytes, the tree for the few that need it. */
	type = s->quick ? s->facts.type
			: cl_type_from_name(json_string_value(json_object_get(body, "type")));
	if (s->quick && needs_tree(&s->facts)) {
		body = s->obj;
		s->obj = NULL;
		if (body == NULL && (body = json_loadb(r->body, r->body_len, 0, NULL)) == NULL) {
			rc = cl_error_set(ctx->err, CL_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (body == NULL)
		cl_canon_scan(r->body, r->body_len, &top); /* cl_record_quick's verdict */
	ib.obj = body;
	ib.top = body == NULL ? &top : NULL;
	if (ctx->digest) {
		unsigned char sq[8];
		be64_put(sq, r->seq);
		digest_add(ctx->want[DIGEST_IDS], ctx->prf_key, DIGEST_IDS, id, CL_HASH_BYTES,
			   sq, 8);
		if ((rc = index_digest(ctx->want, ctx->prf_key, r->seq, &ib, ctx->index_entries,
				       ctx->err)) != CL_OK)
			goto out;
	} else if (mdb_get(ctx->txn, ctx->l->ids, &k, &v) != 0 || v.mv_size != 8 ||
		   be64_get(v.mv_data) != r->seq) {
		rc = cl_error_set(ctx->err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": id index does not point at this record", r->seq);
		goto out;
	}
	if ((rc = verify_tree(ctx, r, s->leaf)) != CL_OK ||
	    (!ctx->digest &&
	     (rc = index_check(ctx->l, ctx->txn, r->seq, &ib, ctx->index_entries,
			       ctx->err)) != CL_OK))
		goto out;
	switch (type) {
	case CL_TYPE_CLAIM:
		/* read in one pass only when it cites no article */
		rc = body != NULL ? store_check_document(ctx->l, ctx->txn, r->seq, body,
							 CL_EINTEGRITY, ctx->err)
				  : CL_OK;
		break;
	case CL_TYPE_CORRECTION:
		rc = store_check_correction(ctx->l, ctx->txn, r->seq, body, CL_EINTEGRITY, ctx->err);
		break;
	case CL_TYPE_ALIAS:
		rc = replay_alias(ctx, r->seq, body);
		break;
	default:
		rc = CL_OK;
	}
	if (rc == CL_OK && !sig_ok)
		rc = cl_error_set(ctx->err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": signature does not verify", r->seq);
	if (rc == CL_OK)
		ctx->count++;
out:
	json_decref(body);
	return rc;
}

/* The editors index must say what the chain says. */
static int verify_editor_cb(void *vctx, const cl_editor *e)
{
	struct verify_ctx *ctx = vctx;
	size_t n = cl_chain_editor_count(ctx->chain);

	for (size_t i = 0; i < n; i++) {
		const cl_editor *c = cl_chain_editor(ctx->chain, i);
		if (!c->is_owner && c->added == e->added && c->revoked == e->revoked &&
		    strcmp(c->name, e->name) == 0 && memcmp(c->pk, e->pk, CL_PUBKEY_BYTES) == 0)
			return CL_OK;
	}
	return cl_error_set(ctx->err, CL_EINTEGRITY,
			    "editor index entry '%s' (seq %" PRIu64 ") is not in the chain",
			    e->name, e->added);
}

/* Every checkpoint the ledger has issued must be signed by the owner under
 * the origin's name and match the (already verified) tree at its size. */
static int verify_checkpoints(cl_ledger *l, MDB_txn *txn, struct verify_ctx *ctx,
			      cl_error *err)
{
	struct tree_ctx tc = { txn, l->tree };
	MDB_cursor *cur;
	MDB_val k, v;
	cl_checkpoint cp;
	unsigned char root[CL_HASH_BYTES];
	int rc;

	if ((rc = mdb_cursor_open(txn, l->checkpoints, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read checkpoints");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		uint64_t size = k.mv_size == 8 ? be64_get(k.mv_data) : UINT64_MAX;
		if (cl_checkpoint_open(v.mv_data, v.mv_size, cl_chain_origin(ctx->chain),
				       cl_chain_owner(ctx->chain), cl_chain_origin(ctx->chain),
				       &cp, NULL) != CL_OK ||
		    cp.size != size) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "stored checkpoint %" PRIu64 " is not validly signed", size);
			break;
		}
		if (cp.size > ctx->count ||
		    cl_merkle_root(store_tree_get, &tc, cp.size, root, NULL) != CL_OK ||
		    memcmp(root, cp.root, CL_HASH_BYTES) != 0) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "stored checkpoint %" PRIu64 " does not match the records",
					  cp.size);
			break;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

/* ---- the verified mark -------------------------------------------------- */

/* meta "verified": size (8 BE) || root (32) || index entries (8 BE each) */
#define MARK_LEN (8 + CL_HASH_BYTES + 8 * CL_INDEX_COUNT)

struct mark {
	uint64_t size;
	unsigned char root[CL_HASH_BYTES];
	uint64_t index_entries[CL_INDEX_COUNT];
};

static int mark_read(cl_ledger *l, MDB_txn *txn, struct mark *m)
{
	MDB_val v;
	const unsigned char *p;

	if (store_meta_get(txn, l->meta, "verified", &v) != 0 || v.mv_size != MARK_LEN)
		return 0;
	p = v.mv_data;
	m->size = be64_get(p);
	memcpy(m->root, p + 8, CL_HASH_BYTES);
	for (int i = 0; i < CL_INDEX_COUNT; i++)
		m->index_entries[i] = be64_get(p + 8 + CL_HASH_BYTES + 8 * i);
	return 1;
}

/* Store the mark unless a larger one is there already (a verify of the
 * grown ledger ran meanwhile).  A mark larger than the ledger is damaged,
 * not newer, and is replaced.  Best effort: a ledger we may not write
 * simply keeps no mark. */
static int mark_write(cl_ledger *l, const struct mark *m)
{
	unsigned char buf[MARK_LEN], last[CL_HASH_BYTES];
	struct mark old;
	uint64_t size;
	MDB_txn *txn;

	if (l->flags & CL_LEDGER_RDONLY)
		return 0;
	if (mdb_txn_begin(l->env, NULL, 0, &txn) != 0)
		return 0;
	if (store_read_head(l, txn, &size, last, NULL) != CL_OK ||
	    (mark_read(l, txn, &old) && old.size > m->size && old.size <= size)) {
		mdb_txn_abort(txn);
		return 0;
	}
	be64_put(buf, m->size);
	memcpy(buf + 8, m->root, CL_HASH_BYTES);
	for (int i = 0; i < CL_INDEX_COUNT; i++)
		be64_put(buf + 8 + CL_HASH_BYTES + 8 * i, m->index_entries[i]);
	if (store_meta_put(txn, l->meta, "verified", buf, sizeof buf) != 0) {
		mdb_txn_abort(txn);
		return 0;
	}
	return mdb_txn_commit(txn) == 0;
}

/* Every database was made with no flags (open_dbis): flags read from the
 * file that say otherwise (sorted duplicates, integer keys...) are damage
 * that LMDB would trust on the next write, whatever it reads today. */
static int verify_db_flags(cl_ledger *l, MDB_txn *txn, cl_error *err)
{
	const MDB_dbi dbis[] = { l->records, l->ids, l->editors, l->meta, l->tree,
				 l->checkpoints, l->documents, l->aliases,
				 l->idx[0], l->idx[1], l->idx[2], l->idx[3], l->idx[4] };
	unsigned flags;
	int rc;

	for (size_t i = 0; i < sizeof dbis / sizeof dbis[0]; i++) {
		if ((rc = mdb_dbi_flags(txn, dbis[i], &flags)) != 0)
			return store_mdb_fail(err, rc, "cannot read database flags");
		if (flags != 0)
			return cl_error_set(err, CL_EINTEGRITY,
					    "a database has flags 0x%x it was never made with",
					    flags);
	}
	return CL_OK;
}

/* meta holds the names store_read_info and the mark read, and nothing
 * else: a damaged key would otherwise sit there unread and unreported. */
static int verify_meta(cl_ledger *l, MDB_txn *txn, cl_error *err)
{
	static const char *const known[] = { "format", "origin", "owner", "owner_name",
					     "verified" };
	MDB_cursor *cur;
	MDB_val k, v;
	size_t i;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->meta, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read meta");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		for (i = 0; i < sizeof known / sizeof *known; i++)
			if (k.mv_size == strlen(known[i]) &&
			    memcmp(k.mv_data, known[i], k.mv_size) == 0)
				break;
		if (i == sizeof known / sizeof *known) {
			rc = cl_error_set(err, CL_EINTEGRITY, "meta has an unknown entry");
			break;
		}
		if (strcmp(known[i], "verified") == 0 && v.mv_size != MARK_LEN) {
			rc = cl_error_set(err, CL_EINTEGRITY, "meta 'verified' is malformed");
			break;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

int cl_ledger_verify(cl_ledger *l, uint64_t *count, cl_error *err)
{
	cl_verify_info vi;
	int rc = cl_ledger_verify_ex(l, CL_VERIFY_FULL | CL_VERIFY_NOMARK, &vi, err);

	*count = rc == CL_OK ? vi.count : 0;
	return rc;
}

/* Digest mode: read the ids index and the query indexes once, in key
 * order, and compare what they hold with what the records implied.
 * CL_OK, DIGEST_MISMATCH, or an LMDB error. */
#define DIGEST_MISMATCH (-100000) /* not a CL_E* code: never returned */

static int digest_scan(struct verify_ctx *ctx)
{
	cl_ledger *l = ctx->l;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc = CL_OK;

	for (int db = 0; db < DIGEST_DBS && rc == CL_OK; db++) {
		uint64_t got[4] = { 0 }, entries = 0;
		MDB_dbi dbi = db == DIGEST_IDS ? l->ids : l->idx[db];
		size_t vmax = db == DIGEST_IDS ? 8 : 0;

		if ((rc = mdb_cursor_open(ctx->txn, dbi, &cur)) != 0)
			return store_mdb_fail(ctx->err, rc, "cannot read an index");
		while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
			/* No entry the records imply is longer. */
			if (k.mv_size > CL_INDEX_VALUE_MAX + 9 || v.mv_size > vmax) {
				rc = DIGEST_MISMATCH;
				break;
			}
			digest_add(got, ctx->prf_key, db, k.mv_data, k.mv_size, v.mv_data, v.mv_size);
			if (++entries % SCAN_RELEASE_EVERY == 0)
				store_map_release(l);
		}
		mdb_cursor_close(cur);
		if (rc == MDB_NOTFOUND)
			rc = memcmp(got, ctx->want[db], sizeof got) == 0 ? CL_OK : DIGEST_MISMATCH;
		else if (rc != DIGEST_MISMATCH)
			rc = store_mdb_fail(ctx->err, rc, "cannot read an index");
	}
	return rc;
}

/*
 * The tree (verified against the bodies) of `size` records extends the
 * checkpoint `cp`: it holds cp->size records or more, the root of the
 * first cp->size is the signed one, and a consistency proof from there to
 * `now_root` verifies.
 */
static int verify_extends(struct tree_ctx *tc, const cl_checkpoint *cp, uint64_t size,
			  const unsigned char now_root[CL_HASH_BYTES], cl_error *err)
{
	unsigned char root[CL_HASH_BYTES], *proof = NULL;
	size_t n = 0;
	int rc = CL_OK;

	if (cp->size > size)
		return cl_error_set(err, CL_EINTEGRITY,
				    "the checkpoint covers %" PRIu64 " records, the ledger has only %"
				    PRIu64 ": history was truncated", cp->size, size);
	if (cl_merkle_root(store_tree_get, tc, cp->size, root, NULL) != CL_OK ||
	    memcmp(root, cp->root, CL_HASH_BYTES) != 0)
		return cl_error_set(err, CL_EINTEGRITY,
				    "history diverges within the first %" PRIu64 " records "
				    "(their root is not the checkpoint's signed one)", cp->size);
	if (cl_merkle_consistency_proof(store_tree_get, tc, cp->size, size, &proof, &n, NULL) != CL_OK ||
	    cl_merkle_verify_consistency(cp->size, size, cp->root, now_root, proof, n,
					 NULL) != CL_OK)
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "no consistency proof from the checkpoint's %" PRIu64 " records to the "
				  "ledger's %" PRIu64, cp->size, size);
	free(proof);
	return rc;
}

/*
 * The verify: every record from 0 is replayed (see cl_ledger_verify_ex in
 * store.h); `sig_from` is the first seq whose signature is checked (0,
 * the mark's size, or the checkpoint's), and `cp`, when not NULL, a
 * checkpoint the ledger must extend.
 */
static int verify_run(cl_ledger *l, unsigned flags, const cl_checkpoint *cp,
		      cl_verify_info *out, cl_error *err)
{
	struct verify_ctx ctx = { .l = l, .err = err };
	struct tree_ctx tc = { NULL, l->tree };
	struct mark m = { 0 }, done = { 0 };
	cl_ledger_info info;
	MDB_txn *txn = NULL;
	MDB_stat st;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	unsigned char key[8], root[CL_HASH_BYTES];
	size_t stored_editors = 0, chain_editors;
	uint64_t read = 0, replayed = 0, sig_from = 0;
	int rc, have_mark = 0, pool_on = 0, op = MDB_SET_RANGE, end = 0, sums_ok = 0;
	cl_error pending = { 0 };
	int pending_rc = CL_OK;

	memset(out, 0, sizeof *out);
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	ctx.txn = txn;
	tc.txn = txn;
	if ((ctx.aliases = json_object()) == NULL ||
	    (ctx.slots = calloc(VERIFY_WINDOW, sizeof *ctx.slots)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store_read_info(l, txn, &info, err)) != CL_OK ||
	    (rc = cl_chain_new(&ctx.chain, err)) != CL_OK)
		goto out;
	ctx.lookup.l = l;
	ctx.lookup.txn = txn;
	cl_chain_set_lookup(ctx.chain, store_lookup_type, &ctx.lookup);
	/* Which signatures are trusted: those the owner's checkpoint pins by
	 * its root, else those a mark says an earlier verify checked (a mark
	 * larger than the ledger is damaged: a ledger only grows). */
	if (cp != NULL)
		sig_from = cp->size;
	else if (mark_read(l, txn, &m) && m.size > 0 && m.size <= info.size)
		have_mark = 1, sig_from = m.size;
	if (flags & CL_VERIFY_FULL)
		sig_from = 0;
	if (!(flags & CL_VERIFY_LOOKUPS)) {
		ctx.digest = 1;
		cl_random(ctx.prf_key, sizeof ctx.prf_key);
	}
	cl_pool_start(&ctx.pool, store_threads(l), verify_job, ctx.slots);
	pool_on = 1;

	/* Replay every record in key order in this read txn: job j is record
	 * j.  A fault met while reading ahead is reported once every record
	 * before it has been replayed. */
	if ((rc = mdb_cursor_open(txn, l->records, &cur)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read records");
		goto out;
	}
	be64_put(key, 0);
	k.mv_size = 8;
	k.mv_data = key;
	for (;;) {
		while (!end && read < replayed + VERIFY_WINDOW) {
			struct vslot *s = &ctx.slots[read % VERIFY_WINDOW];
			rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op);
			op = MDB_NEXT;
			if (rc == MDB_NOTFOUND) {
				end = 1;
			} else if (rc != 0) {
				pending_rc = store_mdb_fail(&pending, rc, "cannot read records");
				end = 1;
			} else if (k.mv_size != 8 || be64_get(k.mv_data) != read) {
				pending_rc = cl_error_set(&pending, CL_EINTEGRITY,
							  "seq %" PRIu64 ": record key is missing or out of order",
							  read);
				end = 1;
			} else if ((pending_rc = store_record_from_val(read, &v, &s->r,
								  &pending)) != CL_OK) {
				end = 1;
			} else {
				s->check_sig = read >= sig_from;
				read++;
				if (read % 64 == 0)
					cl_pool_publish(&ctx.pool, read);
			}
		}
		cl_pool_publish(&ctx.pool, read);
		if (replayed == read)
			break;
		{
			uint64_t target = replayed + (read - replayed < VERIFY_BATCH
						      ? read - replayed : VERIFY_BATCH);
			cl_pool_wait(&ctx.pool, target);
			for (; replayed < target; replayed++) {
				if ((rc = verify_one(&ctx, &ctx.slots[replayed % VERIFY_WINDOW])) != CL_OK)
					goto out;
				if (ctx.count % RELEASE_EVERY == 0)
					store_map_release(l);
				if (ctx.count % PROGRESS_EVERY == 0)
					store_progress(l, ctx.count, info.size);
			}
		}
	}
	if (pending_rc != CL_OK) {
		rc = pending_rc;
		if (err != NULL)
			*err = pending;
		goto out;
	}
	if (ctx.digest && (rc = digest_scan(&ctx)) != CL_OK)
		goto out;
	sums_ok = 1;

	/* Cross-checks of everything stored beside the records. */
	if (ctx.count != info.size ||
	    memcmp(info.last_id, cl_chain_last_id(ctx.chain), CL_HASH_BYTES) != 0) {
		rc = cl_error_set(err, CL_EINTEGRITY, "ledger head does not match the records");
		goto out;
	}
	if (memcmp(info.owner, cl_chain_owner(ctx.chain), CL_PUBKEY_BYTES) != 0 ||
	    strcmp(info.origin, cl_chain_origin(ctx.chain)) != 0 ||
	    strcmp(info.owner_name, cl_chain_owner_name(ctx.chain)) != 0) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "stored owner or origin does not match the genesis");
		goto out;
	}
	if ((rc = mdb_stat(txn, l->ids, &st)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read ids");
		goto out;
	}
	if (st.ms_entries != ctx.count) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "id index has %zu entries for %" PRIu64 " records",
				  (size_t)st.ms_entries, ctx.count);
		goto out;
	}
	if ((rc = mdb_stat(txn, l->tree, &st)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read the merkle tree");
		goto out;
	}
	if (st.ms_entries != ctx.tree_nodes) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "merkle tree has %zu nodes, the records imply %" PRIu64,
				  (size_t)st.ms_entries, ctx.tree_nodes);
		goto out;
	}
	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		if ((rc = mdb_stat(txn, l->idx[i], &st)) != 0) {
			rc = store_mdb_fail(err, rc, "cannot read an index");
			goto out;
		}
		if (st.ms_entries != ctx.index_entries[i]) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "the %s index has %zu entries, the records imply %" PRIu64,
					  cl_index_name(i), (size_t)st.ms_entries, ctx.index_entries[i]);
			goto out;
		}
	}
	if ((rc = verify_checkpoints(l, txn, &ctx, err)) != CL_OK ||
	    (rc = verify_documents(l, txn, err)) != CL_OK ||
	    (rc = verify_aliases(l, txn, &ctx, err)) != CL_OK ||
	    (rc = verify_meta(l, txn, err)) != CL_OK ||
	    (rc = verify_db_flags(l, txn, err)) != CL_OK)
		goto out;
	if ((rc = store_editors_each(l, txn, verify_editor_cb, &ctx, err)) != CL_OK)
		goto out;
	if ((rc = mdb_stat(txn, l->editors, &st)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read editors");
		goto out;
	}
	stored_editors = st.ms_entries;
	chain_editors = cl_chain_editor_count(ctx.chain);
	if (chain_editors == 0 || stored_editors != chain_editors - 1) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "editor index has %zu entries, the chain %zu editors",
				  stored_editors, chain_editors ? chain_editors - 1 : 0);
		goto out;
	}
	/* Every stored node is now the one the bodies imply, so these roots
	 * are recomputed from the bodies. */
	if (cl_merkle_root(store_tree_get, &tc, ctx.count, done.root, NULL) != CL_OK) {
		rc = cl_error_set(err, CL_EINTEGRITY, "merkle tree is incomplete or damaged");
		goto out;
	}
	if (have_mark && (cl_merkle_root(store_tree_get, &tc, m.size, root, NULL) != CL_OK ||
			  memcmp(root, m.root, CL_HASH_BYTES) != 0)) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "the first %" PRIu64 " records are not the ones whose "
				  "signatures an earlier verify checked: run 'claimledger "
				  "verify --full'", m.size);
		goto out;
	}
	if (cp != NULL && (rc = verify_extends(&tc, cp, ctx.count, done.root, err)) != CL_OK)
		goto out;
	done.size = ctx.count;
	memcpy(done.index_entries, ctx.index_entries, sizeof done.index_entries);
	out->count = ctx.count;
	out->marked = sig_from;
	memcpy(out->root, done.root, CL_HASH_BYTES);
	store_progress(l, ctx.count, info.size);
	rc = CL_OK;
out:
	if (pool_on)
		cl_pool_stop(&ctx.pool);
	for (size_t i = 0; ctx.slots != NULL && i < VERIFY_WINDOW; i++)
		json_decref(ctx.slots[i].obj);
	cl_wipe(ctx.prf_key, sizeof ctx.prf_key);
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	cl_chain_free(ctx.chain);
	json_decref(ctx.aliases);
	free(ctx.slots);
	/* A mark records signatures checked: from a checkpoint the first
	 * cp->size were only pinned, so that verify leaves none. */
	if (rc == CL_OK && cp == NULL && !(flags & CL_VERIFY_NOMARK))
		out->mark_saved = mark_write(l, &done);
	/* A digest run that failed before its sums matched runs again with
	 * lookups: they find the first seq at fault, also when an index entry
	 * of an earlier record is wrong too, so the report is the same either
	 * way. */
	if (rc == DIGEST_MISMATCH || (rc == CL_EINTEGRITY && ctx.digest && !sums_ok))
		return verify_run(l, flags | CL_VERIFY_LOOKUPS, cp, out, err);
	return rc;
}

int cl_ledger_verify_ex(cl_ledger *l, unsigned flags, cl_verify_info *out, cl_error *err)
{
	return verify_run(l, flags, NULL, out, err);
}

int cl_ledger_verify_checkpoint(cl_ledger *l, unsigned flags, const cl_checkpoint *cp,
				cl_verify_info *out, cl_error *err)
{
	return verify_run(l, flags | CL_VERIFY_NOMARK, cp, out, err);
}
