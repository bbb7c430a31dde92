/*
 * store_index.c: the tables the store derives from the records (store.h):
 * the five query indexes, kept by every append (store_index_put) and read
 * by cl_ledger_query and cl_ledger_refs; the ids, read by
 * cl_ledger_resolve; and the editors and aliases tables, written as
 * editor and alias records are appended and read back by
 * cl_ledger_editors, cl_ledger_aliases and cl_ledger_begin.  verify checks
 * each of them against the records (store_verify.c).
 */
#include "ledger/store_internal.h"

#include <inttypes.h>
#include <lmdb.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ledger/search.h"
#include "ledger/url.h"

/* ---- query indexes ------------------------------------------------------ */

/*
 * Each index key is the indexed value, a 0x00 separator and the seq (8 BE),
 * with an empty value: records of one value are adjacent and in seq order,
 * so a query walks one key range forwards or backwards.  Values are cut to
 * CL_INDEX_VALUE_MAX bytes (store_internal.h) to fit LMDB's key limit; a
 * query re-checks the record itself, so a cut value can only cost a
 * wasted read.
 */

/* Case-fold UTF-8 for the speaker index (towlower in the C.UTF-8 locale,
 * held privately so the process's locale is untouched); invalid bytes and
 * everything without a lowercase form are copied as they are. */
size_t cl_fold(char *out, size_t cap, const char *s)
{
	static locale_t utf8;
	static int tried;
	size_t n = 0, len = strlen(s);
	mbstate_t st;

	if (!tried) {
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		tried = 1;
	}
	memset(&st, 0, sizeof st);
	while (*s != '\0' && n < cap) {
		wchar_t wc;
		if ((unsigned char)*s < 0x80) {
			/* ASCII: towlower of C.UTF-8 is A-Z to a-z, and the shift
			 * state is still the initial one. */
			out[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
			s++;
			len--;
			continue;
		}
		size_t k = (size_t)-1;
		char buf[8];
		if (utf8 != (locale_t)0) {
			locale_t old = uselocale(utf8);
			k = mbrtowc(&wc, s, len, &st);
			if (k != (size_t)-1 && k != (size_t)-2 && k != 0) {
				mbstate_t ost;
				size_t m;
				memset(&ost, 0, sizeof ost);
				m = wcrtomb(buf, (wchar_t)towlower((wint_t)wc), &ost);
				if (m != (size_t)-1 && n + m <= cap) {
					memcpy(out + n, buf, m);
					n += m;
				} else {
					k = (size_t)-1;
				}
			}
			uselocale(old);
		}
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			out[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
			k = 1;
		}
		s += k;
		len -= k;
	}
	return n;
}

/* Member `name` of `b` when it is a string, NUL-terminated.  From the
 * scanned bytes it is unescaped into `*tmp` (malloc'd, replacing what was
 * there; the caller frees it).  NULL when absent, not a string, or out of
 * memory (*oom set). */
static const char *body_string(const store_body *b, const char *name, char **tmp,
			       int *oom)
{
	const cl_canon_member *m;

	if (b->obj != NULL)
		return json_string_value(json_object_get(b->obj, name));
	if ((m = cl_canon_top_find(b->top, name)) == NULL || m->type != CL_CANON_STRING)
		return NULL;
	free(*tmp);
	if ((*tmp = malloc(m->dlen + 1)) == NULL) {
		*oom = 1;
		return NULL;
	}
	cl_canon_unescape(m->val, m->val_len, *tmp);
	(*tmp)[m->dlen] = '\0';
	return *tmp;
}

size_t store_index_value(int which, const store_body *b, unsigned char *val, size_t cap)
{
	char *tmp[2] = { NULL, NULL };
	int oom = 0;
	const char *type = body_string(b, "type", &tmp[0], &oom);
	const char *s = NULL;
	cl_type t = type != NULL ? cl_type_from_name(type) : CL_TYPE_UNKNOWN;
	size_t n = 0;

	switch (which) {
	case CL_INDEX_SPEAKER:
		if (t != CL_TYPE_CLAIM)
			goto out;
		if ((s = body_string(b, "speaker", &tmp[1], &oom)) != NULL)
			n = cl_fold((char *)val, cap, s);
		goto out;
	case CL_INDEX_SOURCE:
		s = t == CL_TYPE_CLAIM ? body_string(b, "source", &tmp[1], &oom) : NULL;
		break;
	case CL_INDEX_DATE:
		/* A claim's date is when it was made; others, the day recorded. */
		s = body_string(b, t == CL_TYPE_CLAIM ? "date" : "time", &tmp[1], &oom);
		if (s == NULL)
			goto out;
		memcpy(val, s, 10);
		n = 10;
		goto out;
	case CL_INDEX_TYPE:
		s = type;
		break;
	case CL_INDEX_REF:
		s = t == CL_TYPE_VERDICT ? body_string(b, "claim", &tmp[1], &oom)
		  : t == CL_TYPE_CORRECTION ? body_string(b, "target", &tmp[1], &oom)
		  : NULL;
		if (s != NULL && cl_hex_decode(val, CL_HASH_BYTES, s, strlen(s)) == CL_OK)
			n = CL_HASH_BYTES;
		goto out;
	}
	if (s != NULL) {
		n = strlen(s);
		if (n > cap)
			n = cap;
		memcpy(val, s, n);
	}
out:
	free(tmp[0]);
	free(tmp[1]);
	return oom ? SIZE_MAX : n;
}

/* key = value || 0x00 || seq (8 BE); returns the key length. */
size_t store_index_key(unsigned char *key, const unsigned char *val, size_t n, uint64_t seq)
{
	memmove(key, val, n);
	key[n] = 0;
	be64_put(key + n + 1, seq);
	return n + 9;
}

int store_index_put(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		    cl_error *err)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];
	MDB_val k = { 0, key }, v = { 0, NULL };
	int rc;

	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		size_t n = store_index_value(i, &(store_body){ body, NULL }, key,
					     CL_INDEX_VALUE_MAX);
		if (n == 0)
			continue;
		k.mv_size = store_index_key(key, key, n, seq);
		if ((rc = mdb_put(txn, l->idx[i], &k, &v, 0)) != 0)
			return store_mdb_fail(err, rc, "cannot write an index");
	}
	return CL_OK;
}

const char *cl_index_name(int which)
{
	static const char *const names[CL_INDEX_COUNT] = { "speaker", "source", "date",
							   "type", "reference" };
	return which >= 0 && which < CL_INDEX_COUNT ? names[which] : "unknown";
}

/* ---- queries ------------------------------------------------------------ */

struct query_run {
	cl_ledger *l;
	MDB_txn *txn;
	const cl_query *q;
	cl_search *search; /* the speaker and source queries (ledger/search.h) */
	const unsigned char *ref; /* refs: the id the records must point at */
	cl_record_fn fn;
	void *ctx;
	uint64_t matched;
	cl_error *err;
};

/* 1 when `body` passes every filter of the query. */
static int query_match(const struct query_run *qr, const json_t *body)
{
	const cl_query *q = qr->q;
	const char *type = json_string_value(json_object_get(body, "type"));
	unsigned char day[CL_INDEX_VALUE_MAX];

	if (q->type != NULL && (type == NULL || strcmp(type, q->type) != 0))
		return 0;
	if (qr->ref != NULL) {
		/* The index says so; the body must say so too. */
		const char *to = json_string_value(json_object_get(body, "claim"));
		char hex[CL_ID_HEX + 1];
		if (to == NULL || cl_type_from_name(type) != CL_TYPE_VERDICT)
			to = json_string_value(json_object_get(body, "target"));
		cl_hex_encode(hex, qr->ref, CL_HASH_BYTES);
		if (to == NULL || strcmp(to, hex) != 0)
			return 0;
	}
	if (q->speaker != NULL || q->source != NULL) {
		const char *sp = json_string_value(json_object_get(body, "speaker"));
		const char *so = json_string_value(json_object_get(body, "source"));
		if (cl_type_from_name(type) != CL_TYPE_CLAIM)
			return 0;
		if (!cl_search_source(qr->search, so) || !cl_search_speaker(qr->search, sp))
			return 0;
	}
	if (q->since != NULL || q->until != NULL) {
		if (store_index_value(CL_INDEX_DATE, &(store_body){ body, NULL }, day,
				      sizeof day) != 10)
			return 0;
		if (q->since != NULL && memcmp(day, q->since, 10) < 0)
			return 0;
		if (q->until != NULL && memcmp(day, q->until, 10) > 0)
			return 0;
	}
	return 1;
}

/* Read record `seq`, filter it, hand it on.  1 when the walk should stop
 * (limit reached), 0 to go on, < 0 or the callback's non-zero to fail. */
static int query_visit(struct query_run *qr, uint64_t seq)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	json_t *body;
	cl_record r;
	int rc;

	be64_put(key, seq);
	if ((rc = mdb_get(qr->txn, qr->l->records, &k, &v)) != 0)
		return rc == MDB_NOTFOUND
			? cl_error_set(qr->err, CL_EINTEGRITY,
				       "an index points at missing record %" PRIu64, seq)
			: store_mdb_fail(qr->err, rc, "cannot read records");
	if ((rc = store_record_read(seq, &v, &r, qr->err)) != CL_OK)
		return rc;
	if ((body = json_loadb(r.body, r.body_len, 0, NULL)) == NULL)
		return cl_error_set(qr->err, CL_EINTEGRITY, "seq %" PRIu64 ": body is not JSON", seq);
	rc = query_match(qr, body);
	json_decref(body);
	if (!rc)
		return 0;
	if ((rc = qr->fn(qr->ctx, &r)) != 0)
		return rc;
	qr->matched++;
	return qr->q->limit != 0 && qr->matched >= qr->q->limit;
}

/*
 * Walk the keys of index `dbi` from `lo` to `hi` (inclusive, both `len`
 * bytes long prefixes padded by the seq), forwards or backwards, visiting
 * the seq at the end of each key.
 */
static int query_walk(struct query_run *qr, MDB_dbi dbi, const unsigned char *lo,
		      const unsigned char *hi, size_t len, int backwards)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, op;

	if ((rc = mdb_cursor_open(qr->txn, dbi, &cur)) != 0)
		return store_mdb_fail(qr->err, rc, "cannot read an index");
	k.mv_size = len;
	k.mv_data = (void *)(backwards ? hi : lo);
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (backwards) {
		/* SET_RANGE lands after `hi` (or nowhere): step back once. */
		if (rc == MDB_NOTFOUND)
			rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
		else if (rc == 0 && (k.mv_size != len || memcmp(k.mv_data, hi, len) > 0))
			rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
	}
	op = backwards ? MDB_PREV : MDB_NEXT;
	for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op)) {
		int c;
		if (k.mv_size < 9) {
			rc = cl_error_set(qr->err, CL_EINTEGRITY, "malformed index key");
			break;
		}
		/* Keys of other lengths sort among ours by prefix: compare the
		 * value part against the bounds. */
		if (backwards ? (c = memcmp(k.mv_data, lo, len < k.mv_size ? len : k.mv_size)) < 0 ||
				(c == 0 && k.mv_size < len)
			      : (c = memcmp(k.mv_data, hi, len < k.mv_size ? len : k.mv_size)) > 0 ||
				(c == 0 && k.mv_size > len)) {
			rc = MDB_NOTFOUND;
			break;
		}
		if ((rc = query_visit(qr, be64_get((const unsigned char *)k.mv_data + k.mv_size - 8))) != 0)
			break;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND || rc == 1 ? CL_OK : rc;
}

struct seqs {
	uint64_t *v;
	size_t n, cap;
};

static int seqs_add(struct seqs *s, uint64_t seq)
{
	uint64_t *p;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		if ((p = realloc(s->v, s->cap * sizeof *p)) == NULL)
			return CL_ENOMEM;
		s->v = p;
	}
	s->v[s->n++] = seq;
	return CL_OK;
}

static int seq_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A search by speaker words or source host: the index is sorted by the
 * whole value, so the values that match are not one key range.  Walk the
 * distinct values (one seek each past a value that does not match, so the
 * cost follows the number of speakers or sources, not of claims), collect
 * the seqs of those that match, and visit them in seq order, so that
 * `newest_first` and `limit` mean what they do for one value.  A value cut
 * at CL_INDEX_VALUE_MAX bytes may hide the rest of a long name: it is a
 * candidate, and query_match decides on the body.
 */
static int query_search(struct query_run *qr, int which)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];
	char val[CL_INDEX_VALUE_MAX + 1];
	struct seqs found = { 0 };
	MDB_cursor *cur;
	MDB_val k, v;
	size_t i, n;
	int rc, m;

	if ((rc = mdb_cursor_open(qr->txn, qr->l->idx[which], &cur)) != 0)
		return store_mdb_fail(qr->err, rc, "cannot read an index");
	rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
	while (rc == 0) {
		if (k.mv_size < 9 || k.mv_size - 9 > CL_INDEX_VALUE_MAX ||
		    ((const unsigned char *)k.mv_data)[k.mv_size - 9] != 0) {
			rc = cl_error_set(qr->err, CL_EINTEGRITY, "malformed index key");
			goto out;
		}
		n = k.mv_size - 9;
		memcpy(val, k.mv_data, n);
		val[n] = '\0';
		m = n == CL_INDEX_VALUE_MAX ||
		    (which == CL_INDEX_SPEAKER ? cl_search_speaker(qr->search, val)
					       : cl_search_source(qr->search, val));
		if (!m) {
			/* Past every key of this value: value || 0x01; for a
			 * source, past every URL of its host and path prefix:
			 * "scheme://host/" || 0xff (no UTF-8 byte is 0xff). */
			size_t hp = which == CL_INDEX_SOURCE ? cl_url_host_prefix(val) : 0;
			memcpy(key, val, n);
			if (hp > 0) {
				key[hp] = 0xff;
				k.mv_size = hp + 1;
			} else {
				key[n] = 1;
				k.mv_size = n + 1;
			}
			k.mv_data = key;
			rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
			continue;
		}
		while (rc == 0 && k.mv_size == n + 9 && memcmp(k.mv_data, val, n) == 0) {
			if ((rc = seqs_add(&found, be64_get((const unsigned char *)k.mv_data + n + 1))) != CL_OK) {
				rc = cl_error_set(qr->err, CL_ENOMEM, "out of memory");
				goto out;
			}
			rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
		}
	}
	if (rc != MDB_NOTFOUND) {
		rc = store_mdb_fail(qr->err, rc, "cannot read an index");
		goto out;
	}
	rc = CL_OK;
	if (found.n > 1)
		qsort(found.v, found.n, sizeof *found.v, seq_cmp);
	for (i = 0; i < found.n && rc == 0; i++) {
		size_t j = qr->q->newest_first ? found.n - 1 - i : i;
		if (i > 0 && found.v[j] == found.v[qr->q->newest_first ? j + 1 : j - 1])
			continue;
		rc = query_visit(qr, found.v[j]);
	}
	if (rc == 1)
		rc = CL_OK;
out:
	mdb_cursor_close(cur);
	free(found.v);
	return rc;
}

int cl_ledger_query(cl_ledger *l, const cl_query *q, cl_record_fn fn, void *ctx,
		    cl_error *err)
{
	struct query_run qr = { .l = l, .q = q, .fn = fn, .ctx = ctx, .err = err };
	unsigned char lo[CL_INDEX_VALUE_MAX + 9], hi[CL_INDEX_VALUE_MAX + 9];
	size_t n = 0;
	int rc, which = -1, search = 0;

	if ((q->since != NULL && !cl_date_valid(q->since)) ||
	    (q->until != NULL && !cl_date_valid(q->until)))
		return cl_error_set(err, CL_EINPUT, "dates are YYYY-MM-DD");
	if (q->type != NULL && cl_type_from_name(q->type) == CL_TYPE_UNKNOWN)
		return cl_error_set(err, CL_EINPUT, "unknown record type '%s'", q->type);
	if (q->speaker != NULL) {
		which = CL_INDEX_SPEAKER;
		search = 1;
	} else if (q->source != NULL && strstr(q->source, "://") == NULL) {
		which = CL_INDEX_SOURCE;
		search = 1;
	} else if (q->source != NULL) {
		which = CL_INDEX_SOURCE;
		n = strlen(q->source) < CL_INDEX_VALUE_MAX ? strlen(q->source) : CL_INDEX_VALUE_MAX;
		memcpy(lo, q->source, n);
	} else if (q->type != NULL) {
		which = CL_INDEX_TYPE;
		n = strlen(q->type);
		memcpy(lo, q->type, n);
	}
	/* The alias table is read first: LMDB allows one read txn a thread. */
	if ((q->speaker != NULL || q->source != NULL) &&
	    (rc = cl_search_new(l, q->speaker, q->source, &qr.search, err)) != CL_OK)
		return rc;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &qr.txn)) != 0) {
		cl_search_free(qr.search);
		return store_mdb_fail(err, rc, "cannot read ledger");
	}
	if (search) {
		rc = query_search(&qr, which);
	} else if (which >= 0) {
		/* One value: keys value || 0 || 0...0 through value || 0 || ff...ff. */
		memcpy(hi, lo, n);
		lo[n] = hi[n] = 0;
		memset(lo + n + 1, 0x00, 8);
		memset(hi + n + 1, 0xff, 8);
		rc = query_walk(&qr, l->idx[which], lo, hi, n + 9, q->newest_first);
	} else if (q->since != NULL || q->until != NULL) {
		/* A date range: ordered by date, then seq. */
		memcpy(lo, q->since ? q->since : "0000-00-00", 10);
		memcpy(hi, q->until ? q->until : "9999-99-99", 10);
		lo[10] = hi[10] = 0;
		memset(lo + 11, 0x00, 8);
		memset(hi + 11, 0xff, 8);
		rc = query_walk(&qr, l->idx[CL_INDEX_DATE], lo, hi, 19, q->newest_first);
	} else {
		uint64_t size = 0;
		unsigned char last[CL_HASH_BYTES];
		if ((rc = store_read_head(l, qr.txn, &size, last, err)) == CL_OK) {
			for (uint64_t i = 0; i < size && rc == 0; i++)
				rc = query_visit(&qr, q->newest_first ? size - 1 - i : i);
			if (rc == 1)
				rc = CL_OK;
		}
	}
	mdb_txn_abort(qr.txn);
	cl_search_free(qr.search);
	return rc;
}

int cl_ledger_refs(cl_ledger *l, const unsigned char id[CL_HASH_BYTES],
		   cl_record_fn fn, void *ctx, cl_error *err)
{
	cl_query q = { 0 };
	struct query_run qr = { .l = l, .q = &q, .ref = id, .fn = fn, .ctx = ctx, .err = err };
	unsigned char lo[CL_HASH_BYTES + 9], hi[CL_HASH_BYTES + 9];
	int rc;

	memcpy(lo, id, CL_HASH_BYTES);
	memcpy(hi, id, CL_HASH_BYTES);
	lo[CL_HASH_BYTES] = hi[CL_HASH_BYTES] = 0;
	memset(lo + CL_HASH_BYTES + 1, 0x00, 8);
	memset(hi + CL_HASH_BYTES + 1, 0xff, 8);
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &qr.txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	rc = query_walk(&qr, l->idx[CL_INDEX_REF], lo, hi, sizeof lo, 0);
	mdb_txn_abort(qr.txn);
	return rc;
}

/* ---- resolve: the ids --------------------------------------------------- */

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* 1 when the first `nibbles` hex digits of `id` are those of `prefix`. */
static int id_has_prefix(const unsigned char *id, const char *prefix, size_t nibbles)
{
	for (size_t i = 0; i < nibbles; i++) {
		int nib = (i % 2 == 0) ? id[i / 2] >> 4 : id[i / 2] & 0x0f;
		if (nib != hexval(prefix[i]))
			return 0;
	}
	return 1;
}

/* `s` (`n` bytes) as a decimal seq: 1 to 19 digits, no sign; 0 or -1. */
static int seq_parse(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 19)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* 1 when cl_ledger_resolve looks `ref` up among the ids: 8 to 64 hex digits. */
static int ref_is_id_prefix(const char *ref)
{
	size_t n = strlen(ref);

	return n >= 8 && n <= CL_ID_HEX && is_hex(ref, n);
}

int cl_resolve_decide(const char *ref, uint64_t size, int id_matches, uint64_t id_seq,
		      uint64_t *seq, cl_error *err)
{
	size_t n = strlen(ref);
	uint64_t s = 0;
	int is_seq;

	if (strncmp(ref, "seq:", 4) == 0) {
		if (seq_parse(ref + 4, n - 4, &s) != 0)
			return cl_error_set(err, CL_EINPUT, "'%s' is not a record: seq:N "
					    "takes a decimal seq", ref);
		is_seq = 1;
	} else if (n > 0 && n < 8 && seq_parse(ref, n, &s) == 0) {
		is_seq = 1; /* 1..7 digits: always a seq */
	} else if (!ref_is_id_prefix(ref)) {
		return cl_error_set(err, CL_EINPUT, "'%s' is not a record: give a seq "
				    "number (or seq:N) or at least 8 hex digits of an id", ref);
	} else {
		/* 8+ digits: a seq too when that record exists. */
		is_seq = seq_parse(ref, n, &s) == 0 && s < size;
		if (is_seq && id_matches > 1)
			return cl_error_set(err, CL_EINPUT, "'%s' is both seq %" PRIu64 " and "
					    "the start of more than one id: write seq:%" PRIu64
					    " for the seq, or more hex digits for an id",
					    ref, s, s);
		if (is_seq && id_matches == 1)
			return cl_error_set(err, CL_EINPUT, "'%s' is both seq %" PRIu64 " and "
					    "the start of the id of record %" PRIu64 ": write seq:%"
					    PRIu64 " for the seq, or more hex digits for the id",
					    ref, s, id_seq, s);
		if (!is_seq && id_matches > 1)
			return cl_error_set(err, CL_EINPUT, "id prefix '%s' is ambiguous: "
					    "give more digits", ref);
		if (!is_seq && id_matches == 1) {
			*seq = id_seq;
			return CL_OK;
		}
		if (!is_seq && seq_parse(ref, n, &s) == 0)
			return cl_error_set(err, CL_ENOTFOUND, "no record '%s': no id starts "
					    "with it and there is no seq %s (the ledger has %"
					    PRIu64 ")", ref, ref, size);
		if (!is_seq)
			return cl_error_set(err, CL_ENOTFOUND, "no record with id '%s'", ref);
	}
	if (s >= size)
		return cl_error_set(err, CL_ENOTFOUND, "no record %" PRIu64
				    " (the ledger has %" PRIu64 ")", s, size);
	*seq = s;
	return CL_OK;
}

int cl_ledger_resolve(cl_ledger *l, const char *ref, uint64_t *seq, cl_error *err)
{
	size_t n = strlen(ref);
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	unsigned char start[CL_HASH_BYTES] = { 0 };
	MDB_val k = { CL_HASH_BYTES, start }, v;
	cl_ledger_info info;
	uint64_t id_seq = 0;
	int rc, matches = 0;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = store_read_info(l, txn, &info, err)) != CL_OK)
		goto out;
	/* The ids that start with it: none, one (its seq) or more. */
	if (ref_is_id_prefix(ref)) {
		for (size_t i = 0; i < n; i++)
			start[i / 2] |= (unsigned char)(hexval(ref[i]) << ((i % 2) ? 0 : 4));
		if ((rc = mdb_cursor_open(txn, l->ids, &cur)) != 0) {
			rc = store_mdb_fail(err, rc, "cannot read ids");
			goto out;
		}
		rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		if (rc == 0 && k.mv_size == CL_HASH_BYTES && id_has_prefix(k.mv_data, ref, n)) {
			if (v.mv_size != 8) {
				rc = cl_error_set(err, CL_ESTORE, "id index entry is malformed");
				goto out;
			}
			id_seq = be64_get(v.mv_data);
			matches = 1;
			if (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0 &&
			    k.mv_size == CL_HASH_BYTES && id_has_prefix(k.mv_data, ref, n))
				matches = 2;
		}
	}
	rc = cl_resolve_decide(ref, info.size, matches, id_seq, seq, err);
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

/* ---- editors ------------------------------------------------------------ */

#define EDITOR_VAL_MIN (CL_PUBKEY_BYTES + 8)    /* pk || revoked || name */
#define NOT_REVOKED UINT64_MAX

/* Editor entries: key = added seq (8 BE), value = pk || revoked (8 BE) || name. */
static int editor_from_kv(const MDB_val *k, const MDB_val *v, cl_editor *e)
{
	size_t name_len;

	if (k->mv_size != 8 || v->mv_size <= EDITOR_VAL_MIN ||
	    v->mv_size - EDITOR_VAL_MIN > CL_KEYNAME_MAX)
		return CL_ESTORE;
	memset(e, 0, sizeof *e);
	e->added = be64_get(k->mv_data);
	memcpy(e->pk, v->mv_data, CL_PUBKEY_BYTES);
	e->revoked = be64_get((const unsigned char *)v->mv_data + CL_PUBKEY_BYTES);
	name_len = v->mv_size - EDITOR_VAL_MIN;
	memcpy(e->name, (const char *)v->mv_data + EDITOR_VAL_MIN, name_len);
	e->name[name_len] = '\0';
	return CL_OK;
}

/* Call fn for each stored (non-owner) editor in the order added. */
int store_editors_each(cl_ledger *l, MDB_txn *txn,
		       int (*fn)(void *, const cl_editor *), void *ctx, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	cl_editor e;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->editors, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read editors");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		if (editor_from_kv(&k, &v, &e) != CL_OK) {
			rc = cl_error_set(err, CL_EINTEGRITY, "editor index entry is malformed");
			break;
		}
		if ((rc = fn(ctx, &e)) != CL_OK)
			break;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

struct editor_list {
	cl_editor *v;
	size_t n, cap;
};

static int editor_list_add(void *vctx, const cl_editor *e)
{
	struct editor_list *list = vctx;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		cl_editor *nv = realloc(list->v, cap * sizeof *nv);
		if (nv == NULL)
			return CL_ENOMEM;
		list->v = nv;
		list->cap = cap;
	}
	list->v[list->n++] = *e;
	return CL_OK;
}

int cl_ledger_editors(cl_ledger *l, cl_editor **out, size_t *n, cl_error *err)
{
	struct editor_list list = { 0 };
	cl_ledger_info info;
	cl_editor owner = { .added = 0, .revoked = NOT_REVOKED, .is_owner = 1 };
	MDB_txn *txn;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = store_read_info(l, txn, &info, err)) != CL_OK)
		goto out;
	memcpy(owner.pk, info.owner, CL_PUBKEY_BYTES);
	memcpy(owner.name, info.owner_name, sizeof owner.name);
	if ((rc = editor_list_add(&list, &owner)) != CL_OK ||
	    (rc = store_editors_each(l, txn, editor_list_add, &list, err)) != CL_OK) {
		if (rc == CL_ENOMEM)
			cl_error_set(err, rc, "out of memory");
		free(list.v);
		goto out;
	}
	*out = list.v;
	*n = list.n;
out:
	mdb_txn_abort(txn);
	return rc;
}

/* Write the index entries an editor record implies. */
int store_apply_editor(cl_txn *t, uint64_t seq, const json_t *body, cl_error *err)
{
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *name = json_string_value(json_object_get(body, "name"));
	const char *pub = json_string_value(json_object_get(body, "pubkey"));
	unsigned char key[8], val[EDITOR_VAL_MIN + CL_KEYNAME_MAX];
	MDB_val k = { 8, key }, v;
	MDB_cursor *cur = NULL;
	size_t name_len = strlen(name), pk_len;
	cl_editor e;
	int rc;

	if (strcmp(action, "add") == 0) {
		if (cl_b64_decode(val, CL_PUBKEY_BYTES, &pk_len, pub, strlen(pub)) != CL_OK ||
		    pk_len != CL_PUBKEY_BYTES)
			return cl_error_set(err, CL_EINPUT, "editor.pubkey is malformed");
		be64_put(key, seq);
		be64_put(val + CL_PUBKEY_BYTES, NOT_REVOKED);
		memcpy(val + EDITOR_VAL_MIN, name, name_len);
		v.mv_size = EDITOR_VAL_MIN + name_len;
		v.mv_data = val;
		if ((rc = mdb_put(t->txn, t->l->editors, &k, &v, MDB_APPEND)) != 0)
			return store_mdb_fail(err, rc, "cannot write editor");
		return CL_OK;
	}
	/* revoke: mark the active entry with this name (the chain checked it). */
	if ((rc = mdb_cursor_open(t->txn, t->l->editors, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read editors");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		if (editor_from_kv(&k, &v, &e) != CL_OK)
			continue;
		if (e.revoked == NOT_REVOKED && strcmp(e.name, name) == 0) {
			memcpy(val, v.mv_data, v.mv_size);
			be64_put(val + CL_PUBKEY_BYTES, seq);
			v.mv_data = val;
			rc = mdb_cursor_put(cur, &k, &v, MDB_CURRENT);
			mdb_cursor_close(cur);
			return rc == 0 ? CL_OK : store_mdb_fail(err, rc, "cannot write editor");
		}
	}
	mdb_cursor_close(cur);
	return cl_error_set(err, CL_ESTORE, "editor index has no active '%s'", name);
}

/* ---- aliases ------------------------------------------------------------ */

/* The aliases key: the alias with ASCII letters lowercased, cut to fit
 * LMDB's key limit (the value keeps the alias as written). */
size_t store_alias_key(unsigned char *key, size_t cap, const char *alias)
{
	size_t n = 0;

	for (; alias[n] != '\0' && n < cap; n++)
		key[n] = (unsigned char)((alias[n] >= 'A' && alias[n] <= 'Z')
					 ? alias[n] - 'A' + 'a' : alias[n]);
	return n;
}

/* The aliases value for an add record: seq (8 BE) || alias || NUL ||
 * speaker.  store_alias_val_len first, then store_alias_val_fill into
 * that many bytes. */
size_t store_alias_val_len(const char *alias, const char *speaker)
{
	return 8 + strlen(alias) + 1 + strlen(speaker);
}

void store_alias_val_fill(unsigned char *out, uint64_t seq, const char *alias,
			  const char *speaker)
{
	size_t alen = strlen(alias);

	be64_put(out, seq);
	memcpy(out + 8, alias, alen + 1);
	memcpy(out + 8 + alen + 1, speaker, strlen(speaker));
}

/* `add` puts the alias's value under its key; `remove` deletes it. */
int store_apply_alias(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		      cl_error *err)
{
	const char *alias = json_string_value(json_object_get(body, "alias"));
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *speaker = json_string_value(json_object_get(body, "speaker"));
	unsigned char key[ALIAS_KEY_MAX];
	MDB_val k = { 0, key }, v;
	int rc;

	k.mv_size = store_alias_key(key, sizeof key, alias);
	if (strcmp(action, "remove") == 0) {
		rc = mdb_del(txn, l->aliases, &k, NULL);
		return rc == 0 || rc == MDB_NOTFOUND ? CL_OK
						      : store_mdb_fail(err, rc, "cannot write aliases");
	}
	v.mv_size = store_alias_val_len(alias, speaker);
	if ((rc = mdb_put(txn, l->aliases, &k, &v, MDB_RESERVE)) != 0)
		return store_mdb_fail(err, rc, "cannot write aliases");
	store_alias_val_fill(v.mv_data, seq, alias, speaker);
	return CL_OK;
}

/* Split an aliases value into its parts (copied, NUL-terminated). */
static int alias_from_val(const MDB_val *v, uint64_t *seq, char **alias, char **speaker)
{
	const char *p = (const char *)v->mv_data + 8, *nul;
	size_t rest;

	*alias = *speaker = NULL;
	if (v->mv_size < 8 + 2)
		return CL_EINTEGRITY;
	rest = v->mv_size - 8;
	if ((nul = memchr(p, '\0', rest)) == NULL)
		return CL_EINTEGRITY;
	*seq = be64_get(v->mv_data);
	*alias = strdup(p);
	*speaker = strndup(nul + 1, rest - (size_t)(nul + 1 - p));
	if (*alias == NULL || *speaker == NULL) {
		free(*alias);
		free(*speaker);
		*alias = *speaker = NULL;
		return CL_ENOMEM;
	}
	return CL_OK;
}

int cl_ledger_aliases(cl_ledger *l, cl_alias_fn fn, void *ctx, cl_error *err)
{
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	char *alias, *speaker;
	uint64_t seq;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = mdb_cursor_open(txn, l->aliases, &cur)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read aliases");
		goto out;
	}
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		if ((rc = alias_from_val(&v, &seq, &alias, &speaker)) != CL_OK) {
			rc = cl_error_set(err, rc, rc == CL_ENOMEM ? "out of memory"
								   : "alias index entry is malformed");
			goto out;
		}
		rc = fn(ctx, alias, speaker);
		free(alias);
		free(speaker);
		if (rc != 0)
			goto out;
	}
	rc = rc == MDB_NOTFOUND ? CL_OK : store_mdb_fail(err, rc, "cannot read aliases");
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}
