/*
 * store_append.c: appends (store.h).  One record goes through the chain
 * rules and into every database it touches (store_put_record, then the
 * editors and aliases tables); many records are signed on threads
 * (cl_txn_append_stream); articles are archived in the `documents`
 * database.  Before the chain advances, a claim citing an archived
 * article is checked against it (store_check_document) and a correction
 * against the claim view it leaves (store_check_correction); verify runs
 * the same two checks on every record (store_verify.c).
 */
#define _GNU_SOURCE /* memmem */
#include "ledger/store_internal.h"

#include <inttypes.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/quote.h"
#include "ledger/url.h"

/* ---- writing a record --------------------------------------------------- */

/*
 * Write record `seq` and what derives from it alone: the records value
 * (id || sig || body, appended), its ids entry, its Merkle nodes and its
 * index entries.  The genesis and every append go through here.
 */
int store_put_record(cl_ledger *l, MDB_txn *txn, uint64_t seq,
		     const unsigned char id[CL_HASH_BYTES],
		     const unsigned char sig[CL_SIG_BYTES], const char *body,
		     size_t len, const json_t *parsed, cl_error *err)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v = { REC_HDR + len, NULL };
	int rc;

	be64_put(key, seq);
	if ((rc = mdb_put(txn, l->records, &k, &v, MDB_APPEND | MDB_RESERVE)) != 0)
		return store_mdb_fail(err, rc, "cannot append record");
	memcpy(v.mv_data, id, CL_HASH_BYTES);
	memcpy((unsigned char *)v.mv_data + CL_HASH_BYTES, sig, CL_SIG_BYTES);
	memcpy((unsigned char *)v.mv_data + REC_HDR, body, len);
	k.mv_size = CL_HASH_BYTES;
	k.mv_data = (void *)id;
	v.mv_size = 8;
	v.mv_data = key;
	if ((rc = mdb_put(txn, l->ids, &k, &v, MDB_NOOVERWRITE)) != 0)
		return rc == MDB_KEYEXIST
			? cl_error_set(err, CL_EINTEGRITY, "seq %" PRIu64 ": id already in the ledger", seq)
			: store_mdb_fail(err, rc, "cannot index record");
	if ((rc = store_tree_append(l, txn, seq, body, len, err)) != CL_OK)
		return rc;
	return store_index_put(l, txn, seq, parsed, err);
}

/* ---- documents ---------------------------------------------------------- */

int cl_txn_put_document(cl_txn *t, const void *buf, size_t len,
			unsigned char id_out[CL_HASH_BYTES], cl_error *err)
{
	unsigned char id[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v = { len, (void *)buf };
	int rc;

	if (t->broken)
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	if (len > CL_DOCUMENT_MAX)
		return cl_error_set(err, CL_EINPUT, "document of %zu bytes: more than %u",
				    len, CL_DOCUMENT_MAX);
	cl_sha256(id, buf, len);
	rc = mdb_put(t->txn, t->l->documents, &k, &v, MDB_NOOVERWRITE);
	if (rc != 0 && rc != MDB_KEYEXIST)
		return store_mdb_fail(err, rc, "cannot archive the document");
	if (id_out != NULL)
		memcpy(id_out, id, CL_HASH_BYTES);
	return CL_OK;
}

int cl_txn_has_document(cl_txn *t, const unsigned char id[CL_HASH_BYTES])
{
	MDB_val k = { CL_HASH_BYTES, (void *)id }, v;

	return mdb_get(t->txn, t->l->documents, &k, &v) == 0;
}

int cl_ledger_get_document(cl_ledger *l, const unsigned char id[CL_HASH_BYTES],
			   char **buf, size_t *len, cl_error *err)
{
	MDB_txn *txn;
	MDB_val k = { CL_HASH_BYTES, (void *)id }, v;
	char hex[CL_ID_HEX + 1];
	int rc;

	*buf = NULL;
	*len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	rc = mdb_get(txn, l->documents, &k, &v);
	if (rc == MDB_NOTFOUND) {
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		rc = cl_error_set(err, CL_ENOTFOUND, "document %.16s... is not archived", hex);
	} else if (rc != 0) {
		rc = store_mdb_fail(err, rc, "cannot read documents");
	} else if ((*buf = malloc(v.mv_size + 1)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	} else {
		memcpy(*buf, v.mv_data, v.mv_size);
		(*buf)[v.mv_size] = '\0';
		*len = v.mv_size;
		rc = CL_OK;
	}
	mdb_txn_abort(txn);
	return rc;
}

int cl_ledger_find_document(cl_ledger *l, const char *ref,
			    unsigned char id[CL_HASH_BYTES], cl_error *err)
{
	unsigned char lo[CL_HASH_BYTES] = { 0 };
	char hex[CL_ID_HEX + 1], want[CL_ID_HEX + 1];
	size_t n = strlen(ref), i, found = 0;
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc = CL_OK, mrc;

	if (n < 8 || n > CL_ID_HEX || strspn(ref, "0123456789abcdefABCDEF") != n)
		return cl_error_set(err, CL_EINPUT, "'%s' is not 8 to 64 hex digits of "
				    "an article's SHA-256", ref);
	for (i = 0; i < n; i++)
		want[i] = (char)(ref[i] >= 'A' && ref[i] <= 'F' ? ref[i] - 'A' + 'a' : ref[i]);
	want[n] = '\0';
	/* The keys from the whole bytes of the prefix on, while they match. */
	(void)cl_hex_decode(lo, n / 2, want, n / 2 * 2);
	if ((mrc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, mrc, "cannot read ledger");
	if ((mrc = mdb_cursor_open(txn, l->documents, &cur)) != 0) {
		rc = store_mdb_fail(err, mrc, "cannot read documents");
		goto out;
	}
	k.mv_size = CL_HASH_BYTES;
	k.mv_data = lo;
	for (mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); mrc == 0;
	     mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != CL_HASH_BYTES)
			continue;
		cl_hex_encode(hex, k.mv_data, CL_HASH_BYTES);
		if (strncmp(hex, want, n) > 0)
			break;
		if (strncmp(hex, want, n) != 0)
			continue;
		if (found++ == 0)
			memcpy(id, k.mv_data, CL_HASH_BYTES);
		else
			break;
	}
	if (mrc != 0 && mrc != MDB_NOTFOUND)
		rc = store_mdb_fail(err, mrc, "cannot read documents");
	else if (found == 0)
		rc = cl_error_set(err, CL_ENOTFOUND, "no archived article '%s'", ref);
	else if (found > 1)
		rc = cl_error_set(err, CL_EINPUT, "'%s' is the start of more than one "
				  "archived article: give more digits", ref);
out:
	if (cur)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

/* A claim's archived article must be there, and a direct quote's text must
 * be what cl_quote_text makes of the bytes at its offset.  Appends refuse
 * such a claim (`code` CL_EINPUT), verify reports it (CL_EINTEGRITY). */
int store_check_document(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
			 int code, cl_error *err)
{
	const char *doc = json_string_value(json_object_get(body, "document"));
	const char *kind = json_string_value(json_object_get(body, "kind"));
	const json_t *off = json_object_get(body, "offset"), *len = json_object_get(body, "length");
	unsigned char id[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v;
	char *text = NULL;
	uint64_t o, n;
	int rc, same;

	if (doc == NULL)
		return CL_OK;
	if (cl_hex_decode(id, CL_HASH_BYTES, doc, strlen(doc)) != CL_OK ||
	    mdb_get(txn, l->documents, &k, &v) != 0)
		return cl_error_set(err, code,
				    "seq %" PRIu64 ": document %.16s... is not archived", seq, doc);
	if (kind == NULL || strcmp(kind, "direct") != 0 || off == NULL || len == NULL)
		return CL_OK;
	o = (uint64_t)json_integer_value(off);
	n = (uint64_t)json_integer_value(len);
	if (o > v.mv_size || n > v.mv_size - o)
		return cl_error_set(err, code,
				    "seq %" PRIu64 ": quote span %" PRIu64 "+%" PRIu64
				    " lies outside its document", seq, o, n);
	if ((rc = cl_quote_text((const char *)v.mv_data + o, (size_t)n, &text, NULL)) != CL_OK)
		return cl_error_set(err, rc == CL_ENOMEM ? rc : code,
				    "seq %" PRIu64 ": quote span is not text", seq);
	same = strcmp(text, json_string_value(json_object_get(body, "text"))) == 0;
	free(text);
	if (!same)
		return cl_error_set(err, code,
				    "seq %" PRIu64 ": direct quote is not found at offset %" PRIu64
				    " of its document", seq, o);
	return CL_OK;
}

/* ---- a correction's claim view ------------------------------------------ */

/* The first words of `text` for a message: at most 40 bytes, cut after
 * a word when there is one past the first 20 bytes (else at a character
 * boundary), then "…". */
static void text_snip(char out[48], const char *text)
{
	size_t n = strlen(text), w;

	if (n <= 40) {
		memcpy(out, text, n + 1);
		return;
	}
	for (n = 40; n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80; n--)
		;
	for (w = n; w > 20 && text[w] != ' '; w--)
		;
	if (w > 20)
		n = w;
	while (n > 0 && text[n - 1] == ' ')
		n--;
	memcpy(out, text, n);
	memcpy(out + n, "\xe2\x80\xa6", 4);
}

/* Record `seq`'s body, parsed (a new reference), or NULL when it cannot
 * be read or parsed.  With `id`, only when the body hashes to it. */
static json_t *body_at(cl_ledger *l, MDB_txn *txn, uint64_t seq,
		       const unsigned char *id)
{
	unsigned char key[8], h[CL_HASH_BYTES];
	MDB_val k = { 8, key }, v;

	be64_put(key, seq);
	if (mdb_get(txn, l->records, &k, &v) != 0 || v.mv_size < REC_HDR)
		return NULL;
	if (id != NULL) {
		cl_record_id(h, (const char *)v.mv_data + REC_HDR, v.mv_size - REC_HDR);
		if (!cl_memeq(h, id, CL_HASH_BYTES))
			return NULL;
	}
	return json_loadb((const char *)v.mv_data + REC_HDR, v.mv_size - REC_HDR, 0, NULL);
}

/* Set in `view` the corrected values `correction` carries. */
static int view_apply(json_t *view, const json_t *correction)
{
	const json_t *v;
	size_t i;

	for (i = 0; i < CL_NCORRECTED; i++)
		if ((v = json_object_get(correction, cl_corrected_members[i])) != NULL &&
		    json_object_set(view, cl_corrected_members[i], (json_t *)v) != 0)
			return CL_ENOMEM;
	return CL_OK;
}

/*
 * The view of claim `id` (its body `claim`) once the corrections of it
 * below `seq` are applied, read through the reference index in seq
 * order (facts.h: member by member, the latest wins).  An entry counts
 * only when its record is a correction whose body targets the claim.
 * *view is a new reference (NULL on failure); CL_ENOMEM, CL_ESTORE.
 */
static int view_before(cl_ledger *l, MDB_txn *txn, const unsigned char id[CL_HASH_BYTES],
		       const json_t *claim, uint64_t seq, json_t **view, cl_error *err)
{
	unsigned char lo[CL_HASH_BYTES + 9];
	char hex[CL_ID_HEX + 1];
	MDB_cursor *cur = NULL;
	MDB_val k = { sizeof lo, lo }, v;
	int rc = CL_OK, mrc;

	if ((*view = json_copy((json_t *)claim)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	cl_hex_encode(hex, id, CL_HASH_BYTES);
	memcpy(lo, id, CL_HASH_BYTES);
	memset(lo + CL_HASH_BYTES, 0, 9);
	if ((mrc = mdb_cursor_open(txn, l->idx[CL_INDEX_REF], &cur)) != 0) {
		rc = store_mdb_fail(err, mrc, "cannot read the reference index");
		goto out;
	}
	for (mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); mrc == 0 && rc == CL_OK;
	     mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const unsigned char *kd = k.mv_data;
		uint64_t s;
		json_t *b;

		if (k.mv_size != sizeof lo || memcmp(kd, lo, CL_HASH_BYTES + 1) != 0)
			break;
		if ((s = be64_get(kd + CL_HASH_BYTES + 1)) >= seq)
			break;
		if ((b = body_at(l, txn, s, NULL)) == NULL)
			continue;
		if (cl_type_from_name(json_string_value(json_object_get(b, "type"))) ==
			    CL_TYPE_CORRECTION &&
		    json_string_value(json_object_get(b, "target")) != NULL &&
		    strcmp(json_string_value(json_object_get(b, "target")), hex) == 0 &&
		    view_apply(*view, b) != CL_OK)
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		json_decref(b);
	}
	mdb_cursor_close(cur);
	if (rc == CL_OK && mrc != 0 && mrc != MDB_NOTFOUND)
		rc = store_mdb_fail(err, mrc, "cannot read the reference index");
out:
	if (rc != CL_OK) {
		json_decref(*view);
		*view = NULL;
	}
	return rc;
}

/*
 * Pinned provenance, after a correction: the view of its claim with it
 * applied obeys the rule a claim obeys (record.c): offset and length
 * only with a document, a direct view citing a document has them, and
 * its text is what cl_quote_text makes of the article's bytes there (as
 * store_check_document for a claim).  Only `text`, `kind`, `offset` and
 * `length` can break it, so a correction carrying none of them is not
 * looked at; otherwise a handful of lookups: the target through the ids
 * index, its earlier corrections through by_ref.  A target that is not
 * an earlier claim is left to the chain rules.  Appends refuse (`code`
 * CL_EINPUT, the message says how to mend the correction), verify
 * reports (CL_EINTEGRITY, naming the seq).
 */
int store_check_correction(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
			   int code, cl_error *err)
{
	const char *target = json_string_value(json_object_get(body, "target"));
	const char *hint = code == CL_EINPUT
		? ": give --offset/--length of the words in the article, or --kind indirect" : "";
	const char *kind, *doc, *text;
	const json_t *off, *len;
	unsigned char id[CL_HASH_BYTES], did[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v, dk = { CL_HASH_BYTES, did }, dv;
	json_t *claim = NULL, *view = NULL;
	char at[32] = "", snip[48], *quote = NULL;
	unsigned long long cseq, o, n;
	int rc = CL_OK;

	if (!json_object_get(body, "text") && !json_object_get(body, "kind") &&
	    !json_object_get(body, "offset") && !json_object_get(body, "length"))
		return CL_OK;
	if (target == NULL ||
	    cl_hex_decode(id, CL_HASH_BYTES, target, strlen(target)) != CL_OK ||
	    mdb_get(txn, l->ids, &k, &v) != 0 || v.mv_size != 8 ||
	    (cseq = be64_get(v.mv_data)) >= seq ||
	    (claim = body_at(l, txn, cseq, id)) == NULL ||
	    cl_type_from_name(json_string_value(json_object_get(claim, "type"))) != CL_TYPE_CLAIM)
		goto out;
	if ((rc = view_before(l, txn, id, claim, seq, &view, err)) != CL_OK)
		goto out;
	if (view_apply(view, body) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (code == CL_EINTEGRITY)
		snprintf(at, sizeof at, "seq %" PRIu64 ": ", seq);
	kind = json_string_value(json_object_get(view, "kind"));
	doc = json_string_value(json_object_get(view, "document"));
	text = json_string_value(json_object_get(view, "text"));
	off = json_object_get(view, "offset");
	len = json_object_get(view, "length");
	if ((off || len) && doc == NULL) {
		rc = cl_error_set(err, code, "%scorrection: claim %llu cites no archived "
				  "article, so it can have no offset and length", at, cseq);
		goto out;
	}
	if (doc == NULL || kind == NULL || strcmp(kind, "direct") != 0)
		goto out;
	if (off == NULL || len == NULL) {
		rc = cl_error_set(err, code, "%scorrection: claim %llu would be a direct "
				  "quote of its article without offset and length%s",
				  at, cseq, hint);
		goto out;
	}
	o = (unsigned long long)json_integer_value(off);
	n = (unsigned long long)json_integer_value(len);
	if (cl_hex_decode(did, CL_HASH_BYTES, doc, strlen(doc)) != CL_OK ||
	    mdb_get(txn, l->documents, &dk, &dv) != 0) {
		rc = cl_error_set(err, code, "%scorrection: claim %llu's article %.16s... "
				  "is not archived", at, cseq, doc);
		goto out;
	}
	if (o > dv.mv_size || n > dv.mv_size - o) {
		rc = cl_error_set(err, code, "%scorrection: offset %llu length %llu lies "
				  "outside claim %llu's article (%zu bytes)", at, o, n, cseq,
				  dv.mv_size);
		goto out;
	}
	if ((rc = cl_quote_text((const char *)dv.mv_data + o, (size_t)n, &quote, NULL)) != CL_OK) {
		rc = cl_error_set(err, rc == CL_ENOMEM ? rc : code, "%scorrection: the bytes "
				  "at offset %llu length %llu of claim %llu's article are "
				  "not text", at, o, n, cseq);
		goto out;
	}
	if (text == NULL || strcmp(quote, text) != 0) {
		text_snip(snip, text ? text : "");
		rc = cl_error_set(err, code, "%scorrection: claim %llu is a direct quote of "
				  "its article and '%s' is not what the article says at "
				  "offset %llu%s", at, cseq, snip, o, hint);
	}
out:
	free(quote);
	json_decref(view);
	json_decref(claim);
	return rc;
}

/* ---- appends ------------------------------------------------------------ */

/* Push through the chain, then write; the txn is poisoned if LMDB fails
 * after the chain has advanced, since the two would disagree. */
/* `obj` (taken) and `known_id`, when not NULL, are cl_record_build_obj's
 * object and the id of these very bytes (CL_CHAIN_BUILT only). */
static int append_checked(cl_txn *t, const char *body, size_t len,
			  const unsigned char sig[CL_SIG_BYTES], unsigned flags,
			  json_t *obj, const unsigned char *known_id,
			  uint64_t *seq_out, unsigned char id_out[CL_HASH_BYTES],
			  cl_error *err)
{
	uint64_t seq = cl_chain_next_seq(t->chain);
	unsigned char id[CL_HASH_BYTES];
	json_t *parsed = NULL;
	int rc;

	if (t->broken) {
		json_decref(obj);
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	}
	t->lookup->limit = seq;
	/* A claim citing an archived article is checked against it, and a
	 * correction's claim view against pinned provenance, before the
	 * chain advances, so a refusal leaves the txn usable.  A correction
	 * the member rules refuse is left to the chain to say so. */
	if (memmem(body, len, "\"document\":", 11) != NULL ||
	    memmem(body, len, "\"type\":\"correction\"", 19) != NULL) {
		json_t *pre = obj != NULL ? json_incref(obj) : json_loadb(body, len, 0, NULL);
		rc = CL_OK;
		switch (pre == NULL ? CL_TYPE_UNKNOWN
			: cl_type_from_name(json_string_value(json_object_get(pre, "type")))) {
		case CL_TYPE_CLAIM:
			rc = store_check_document(t->l, t->txn, seq, pre, CL_EINPUT, err);
			break;
		case CL_TYPE_CORRECTION:
			if (obj != NULL || cl_body_check(pre, NULL) == CL_OK)
				rc = store_check_correction(t->l, t->txn, seq, pre, CL_EINPUT, err);
			break;
		default:
			break;
		}
		json_decref(pre);
		if (rc != CL_OK) {
			json_decref(obj);
			return rc;
		}
	}
	if ((flags & CL_CHAIN_BUILT) && obj != NULL) {
		parsed = obj;
		flags |= CL_CHAIN_PARSED;
	} else {
		json_decref(obj);
	}
	if ((flags & CL_CHAIN_BUILT) && known_id != NULL) {
		memcpy(id, known_id, CL_HASH_BYTES);
		flags |= CL_CHAIN_HAVE_ID;
	}
	if ((rc = cl_chain_push(t->chain, body, len, sig, flags, &parsed, id, err)) != CL_OK)
		return rc;
	if ((rc = store_put_record(t->l, t->txn, seq, id, sig, body, len, parsed, err)) != CL_OK)
		goto poison;
	switch (cl_type_from_name(json_string_value(json_object_get(parsed, "type")))) {
	case CL_TYPE_EDITOR:
		rc = store_apply_editor(t, seq, parsed, err);
		break;
	case CL_TYPE_ALIAS:
		rc = store_apply_alias(t->l, t->txn, seq, parsed, err);
		break;
	default:
		rc = CL_OK;
	}
	if (rc != CL_OK)
		goto poison;
	json_decref(parsed);
	if (seq_out != NULL)
		*seq_out = seq;
	if (id_out != NULL)
		memcpy(id_out, id, CL_HASH_BYTES);
	return CL_OK;
poison:
	t->broken = 1;
	json_decref(parsed);
	return rc;
}

int cl_txn_append(cl_txn *t, const json_t *fields, const cl_seckey *key,
		  int64_t now, uint64_t *seq_out, unsigned char id_out[CL_HASH_BYTES],
		  cl_error *err)
{
	unsigned char sig[CL_SIG_BYTES];
	char *body = NULL;
	size_t len;
	int rc;

	if (t->broken)
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	rc = cl_record_build(fields, cl_chain_next_seq(t->chain), cl_chain_last_id(t->chain),
			     cl_seckey_pubkey(key), now, &body, &len, err);
	if (rc != CL_OK)
		return rc;
	/* Not a record rule: this implementation's input policy (url.h). */
	if ((rc = cl_fields_urls_check(fields, err)) != CL_OK)
		goto out;
	if ((rc = cl_record_sign(key, body, len, sig)) != CL_OK) {
		cl_error_set(err, rc, "cannot sign record");
		goto out;
	}
	/* We just made the signature with `key`; the chain still checks that
	 * the key is allowed to sign. */
	rc = append_checked(t, body, len, sig, CL_CHAIN_SKIP_SIG, NULL, NULL, seq_out, id_out,
			    err);
out:
	free(body);
	return rc;
}

/* ---- bulk appends ------------------------------------------------------- */

#define SIGN_BATCH 1024               /* records appended per round */
#define SIGN_WINDOW (2 * SIGN_BATCH)  /* records built ahead, being signed */

struct sign_slot {
	char *body;
	size_t len;
	json_t *obj; /* the body as built, handed to the chain */
	unsigned char id[CL_HASH_BYTES];
	uint64_t tag;
	int failed;
	unsigned char sig[CL_SIG_BYTES];
};

struct sign_ctx {
	struct sign_slot *slots;
	const cl_seckey *key;
};

static void sign_job(void *vctx, uint64_t job)
{
	struct sign_ctx *c = vctx;
	struct sign_slot *s = &c->slots[job % SIGN_WINDOW];

	s->failed = cl_record_sign(c->key, s->body, s->len, s->sig) != CL_OK;
}

int cl_txn_append_stream(cl_txn *t, cl_fields_fn next, void *ctx,
			 const cl_seckey *key, int64_t now, uint64_t *first,
			 uint64_t *count, uint64_t *failed_tag, cl_error *err)
{
	struct sign_ctx sc = { NULL, key };
	cl_pool pool;
	cl_error pending = { 0 };
	unsigned char prev[CL_HASH_BYTES];
	uint64_t seq0 = cl_chain_next_seq(t->chain), built = 0, appended = 0;
	uint64_t bad_tag = 0;
	int rc = CL_OK, end = 0, pending_rc = CL_OK;

	if (first != NULL)
		*first = seq0;
	if (count != NULL)
		*count = 0;
	if (failed_tag != NULL)
		*failed_tag = 0;
	if (t->broken)
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	if ((sc.slots = calloc(SIGN_WINDOW, sizeof *sc.slots)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(prev, cl_chain_last_id(t->chain), CL_HASH_BYTES);
	cl_pool_start(&pool, store_threads(t->l), sign_job, &sc);
	for (;;) {
		/* Build and chain bodies in order; the pool signs behind us. */
		while (!end && built < appended + SIGN_WINDOW) {
			struct sign_slot *s = &sc.slots[built % SIGN_WINDOW];
			json_t *f = NULL;
			uint64_t tag = 0;

			if ((pending_rc = next(ctx, &f, &tag, &pending)) != CL_OK || f == NULL) {
				end = 1;
				break;
			}
			s->tag = tag;
			pending_rc = cl_record_build_take(f, seq0 + built, prev,
							  cl_seckey_pubkey(key), now, &s->body,
							  &s->len, &s->obj, &pending);
			if (pending_rc == CL_OK &&
			    (pending_rc = cl_fields_urls_check(s->obj, &pending)) != CL_OK) {
				free(s->body);
				s->body = NULL;
				json_decref(s->obj);
				s->obj = NULL;
			}
			if (pending_rc != CL_OK) {
				bad_tag = tag;
				end = 1;
				break;
			}
			cl_record_id(prev, s->body, s->len);
			memcpy(s->id, prev, CL_HASH_BYTES);
			built++;
			cl_pool_publish(&pool, built);
		}
		if (appended == built)
			break;
		{
			uint64_t target = appended + (built - appended < SIGN_BATCH
						      ? built - appended : SIGN_BATCH);
			cl_pool_wait(&pool, target);
			for (; appended < target; appended++) {
				struct sign_slot *s = &sc.slots[appended % SIGN_WINDOW];
				json_t *obj = s->obj;
				s->obj = NULL;
				if (s->failed) {
					json_decref(obj);
					rc = cl_error_set(err, CL_ENOMEM, "cannot sign record");
				} else {
					rc = append_checked(t, s->body, s->len, s->sig,
							    CL_CHAIN_SKIP_SIG | CL_CHAIN_BUILT,
							    obj, s->id, NULL, NULL, err);
				}
				if (rc != CL_OK) {
					bad_tag = s->tag;
					break;
				}
				free(s->body);
				s->body = NULL;
				if (appended % RELEASE_EVERY == RELEASE_EVERY - 1)
					store_map_release(t->l);
			}
		}
		if (rc != CL_OK)
			break;
		if (appended % PROGRESS_EVERY < SIGN_BATCH)
			store_progress(t->l, appended, 0);
	}
	cl_pool_stop(&pool);
	for (uint64_t i = appended; i < built; i++) {
		free(sc.slots[i % SIGN_WINDOW].body);
		json_decref(sc.slots[i % SIGN_WINDOW].obj);
	}
	free(sc.slots);
	if (rc == CL_OK && pending_rc != CL_OK) {
		rc = pending_rc;
		if (err != NULL)
			*err = pending;
	}
	if (rc != CL_OK) {
		if (failed_tag != NULL)
			*failed_tag = bad_tag;
		return rc;
	}
	store_progress(t->l, appended, appended);
	if (count != NULL)
		*count = appended;
	return CL_OK;
}

int cl_txn_append_signed(cl_txn *t, const char *body, size_t len,
			 const unsigned char sig[CL_SIG_BYTES], cl_error *err)
{
	return append_checked(t, body, len, sig, 0, NULL, NULL, NULL, NULL, err);
}
