/*
 * record.c: one record body (shape, id, signature) and the chain rules.
 *
 * SPEC.md is the normative text and record.h the manual; the comments
 * here say why the code is shaped as it is.
 */
#include "ledger/record.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/canon.h"
#include "ledger/record_internal.h"
#include "ledger/url.h"

/* ---- types, dates, times ------------------------------------------------ */

static const char *const type_names[] = {
	"unknown", "genesis", "editor", "claim", "verdict", "correction", "alias", "config",
};

cl_type cl_type_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return CL_TYPE_UNKNOWN;
	for (i = 1; i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(name, type_names[i]) == 0)
			return (cl_type)i;
	return CL_TYPE_UNKNOWN;
}

const char *cl_type_name(cl_type t)
{
	if ((size_t)t >= sizeof type_names / sizeof type_names[0])
		return type_names[0];
	return type_names[t];
}

/* Read exactly `n` decimal digits; -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Year, month, day from the first 10 bytes of `s`; 0 when not a real date. */
static int date_parse(const char *s, int *y, int *m, int *d)
{
	if (s[4] != '-' || s[7] != '-')
		return 0;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	if (*y < 0 || *m < 1 || *m > 12 || *d < 1)
		return 0;
	return *d <= days_in_month(*y, *m);
}

int cl_date_valid(const char *s)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10)
		return 0;
	return date_parse(s, &y, &m, &d);
}

/*
 * Days between 1970-01-01 and y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil): exact for every year, no libc time zone
 * or time_t range in the way.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The low `n` decimal digits of v >= 0, zero-padded. */
static void put_digits(char *out, int64_t v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

#define TIME_MIN (-62167219200LL) /* 0000-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

int cl_time_format(int64_t t, char out[CL_TIME_LEN + 1])
{
	int64_t days, secs, y;
	int m, d;

	out[0] = '\0';
	if (t < TIME_MIN || t > TIME_MAX)
		return CL_EINPUT;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) { /* C division truncates; we want the floor */
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	/* Digit by digit: the ranges are known, and snprintf cannot see it. */
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = 'T';
	put_digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
	return CL_OK;
}

int cl_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se;

	if (s == NULL || strlen(s) != CL_TIME_LEN || !date_parse(s, &y, &mo, &d))
		return CL_EINPUT;
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return CL_EINPUT;
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	se = digits(s + 17, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
		return CL_EINPUT;
	if (out)
		*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return CL_OK;
}

/* ---- member checks ------------------------------------------------------ */

/* 64 lowercase hex digits: ids have exactly one spelling. */
int cl_hex64_valid(const char *s, size_t len)
{
	size_t i;

	if (len != CL_ID_HEX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * Every record names its signer, nearly always the same key as the record
 * before it, and the checks decode it twice a record: the last key that
 * decoded, per thread, is remembered (a pure function's memo: a hit gives
 * what decoding would).  The same for encoding, in cl_record_build_obj.
 */
static _Thread_local struct {
	int valid;
	char b64[44];
	unsigned char pk[CL_PUBKEY_BYTES];
} last_key;

/* Canonical padded base64 of exactly 32 bytes into pk (may be NULL).
 * Re-encoding and comparing rules out a second spelling of one key
 * whatever the decoder tolerates. */
int cl_key_b64_decode(const char *s, size_t len,
			  unsigned char pk[CL_PUBKEY_BYTES])
{
	unsigned char tmp[CL_PUBKEY_BYTES + 3];
	char back[64];
	size_t n = 0;

	if (len == 44 && last_key.valid && memcmp(last_key.b64, s, 44) == 0) {
		if (pk)
			memcpy(pk, last_key.pk, CL_PUBKEY_BYTES);
		return 1;
	}
	if (len != 44 || cl_b64_decode(tmp, sizeof tmp, &n, s, len) != CL_OK ||
	    n != CL_PUBKEY_BYTES)
		return 0;
	cl_b64_encode(back, tmp, CL_PUBKEY_BYTES);
	if (memcmp(back, s, 44) != 0)
		return 0;
	memcpy(last_key.b64, s, 44);
	memcpy(last_key.pk, tmp, CL_PUBKEY_BYTES);
	last_key.valid = 1;
	if (pk)
		memcpy(pk, tmp, CL_PUBKEY_BYTES);
	return 1;
}

/* The padded base64 of `pk` into `out` (45 bytes with the NUL). */
static void key_b64_encode(char out[64], const unsigned char pk[CL_PUBKEY_BYTES])
{
	if (last_key.valid && memcmp(last_key.pk, pk, CL_PUBKEY_BYTES) == 0) {
		memcpy(out, last_key.b64, 44);
		out[44] = '\0';
		return;
	}
	cl_b64_encode(out, pk, CL_PUBKEY_BYTES);
}

/* ---- building, ids, signatures ------------------------------------------ */

int cl_record_build(const json_t *fields, uint64_t seq,
		    const unsigned char prev[CL_HASH_BYTES],
		    const unsigned char signer[CL_PUBKEY_BYTES], int64_t time,
		    char **out, size_t *out_len, cl_error *err)
{
	return cl_record_build_obj(fields, seq, prev, signer, time, out, out_len, NULL, err);
}

int cl_record_build_obj(const json_t *fields, uint64_t seq,
			const unsigned char prev[CL_HASH_BYTES],
			const unsigned char signer[CL_PUBKEY_BYTES], int64_t time,
			char **out, size_t *out_len, json_t **obj, cl_error *err)
{
	/* A deep copy: the caller's object stays as it was. */
	json_t *copy = json_is_object(fields) ? json_deep_copy(fields) : NULL;

	if (json_is_object(fields) && copy == NULL) {
		*out = NULL;
		*out_len = 0;
		if (obj != NULL)
			*obj = NULL;
		return cl_error_set(err, CL_ENOMEM, "body: out of memory");
	}
	return cl_record_build_take(copy != NULL ? copy : json_incref((json_t *)fields), seq,
				    prev, signer, time, out, out_len, obj, err);
}

int cl_record_build_take(json_t *fields, uint64_t seq,
			 const unsigned char prev[CL_HASH_BYTES],
			 const unsigned char signer[CL_PUBKEY_BYTES], int64_t time,
			 char **out, size_t *out_len, json_t **obj, cl_error *err)
{
	char when[CL_TIME_LEN + 1], prevhex[CL_ID_HEX + 1], key[64];
	json_t *body = NULL;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (obj != NULL)
		*obj = NULL;
	if (!json_is_object(fields)) {
		rc = cl_error_set(err, CL_EINPUT, "body: not a JSON object");
		goto out;
	}
	if (seq >= (uint64_t)CL_INT_LIMIT) {
		rc = cl_error_set(err, CL_EINPUT, "body.seq: %" PRIu64 " out of range", seq);
		goto out;
	}
	if (cl_time_format(time, when) != CL_OK) {
		rc = cl_error_set(err, CL_EINPUT,
				  "body.time: %" PRId64 " is outside years 0000-9999",
				  time);
		goto out;
	}
	cl_hex_encode(prevhex, prev, CL_HASH_BYTES);
	key_b64_encode(key, signer);
	if (fields->refcount == 1) {
		body = fields; /* ours alone: built in place */
		fields = NULL;
	} else {
		body = json_deep_copy(fields);
	}
	if (body == NULL ||
	    json_object_set_new(body, "v", json_integer(CL_RECORD_VERSION)) ||
	    json_object_set_new(body, "seq", json_integer((json_int_t)seq)) ||
	    json_object_set_new(body, "time", json_string(when)) ||
	    json_object_set_new(body, "prev", json_string(prevhex)) ||
	    json_object_set_new(body, "signer", json_string(key))) {
		rc = cl_error_set(err, CL_ENOMEM, "body: out of memory");
		goto out;
	}
	if ((rc = cl_shape_check(body, err)) != CL_OK)
		goto out;
	if ((rc = cl_canon_encode(body, out, out_len, err)) != CL_OK)
		goto out;
	if (*out_len > CL_BODY_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "body: %zu bytes, more than %d",
				  *out_len, CL_BODY_MAX);
		free(*out);
		*out = NULL;
		*out_len = 0;
	} else if (obj != NULL) {
		*obj = body;
		body = NULL;
	}
out:
	json_decref(fields);
	json_decref(body);
	return rc;
}

void cl_record_id(unsigned char id[CL_HASH_BYTES], const char *body, size_t len)
{
	cl_sha256(id, body, len);
}

/* CL_SIG_CONTEXT || body in one heap buffer: Ed25519 signs one message. */
static unsigned char *sig_message(const char *body, size_t len, size_t *n)
{
	size_t ctx = sizeof CL_SIG_CONTEXT - 1;
	unsigned char *m;

	if (len > SIZE_MAX - ctx)
		return NULL;
	if ((m = malloc(ctx + len + 1)) == NULL)
		return NULL;
	memcpy(m, CL_SIG_CONTEXT, ctx);
	if (len)
		memcpy(m + ctx, body, len);
	*n = ctx + len;
	return m;
}

int cl_record_sign(const cl_seckey *k, const char *body, size_t len,
		   unsigned char sig[CL_SIG_BYTES])
{
	unsigned char *m;
	size_t n = 0;

	if ((m = sig_message(body, len, &n)) == NULL) {
		memset(sig, 0, CL_SIG_BYTES);
		return CL_ENOMEM;
	}
	cl_sign(k, sig, m, n);
	free(m);
	return CL_OK;
}

/* CL_OK, CL_EINTEGRITY (does not verify) or CL_ENOMEM. */
static int sig_check(const unsigned char pk[CL_PUBKEY_BYTES],
		     const unsigned char sig[CL_SIG_BYTES], const char *body,
		     size_t len)
{
	/* A typical body fits on the stack: no malloc and free a record on
	 * the verifiers' hot path. */
	unsigned char small[sizeof CL_SIG_CONTEXT - 1 + 2048], *m = small;
	size_t ctx = sizeof CL_SIG_CONTEXT - 1, n = ctx + len;
	int ok;

	if (len > sizeof small - ctx && (m = sig_message(body, len, &n)) == NULL)
		return CL_ENOMEM;
	if (m == small) {
		memcpy(small, CL_SIG_CONTEXT, ctx);
		if (len)
			memcpy(small + ctx, body, len);
	}
	ok = cl_verify(pk, sig, m, n);
	if (m != small)
		free(m);
	return ok ? CL_OK : CL_EINTEGRITY;
}

int cl_record_sig_ok(const unsigned char pk[CL_PUBKEY_BYTES],
		     const unsigned char sig[CL_SIG_BYTES], const char *body,
		     size_t len)
{
	return sig_check(pk, sig, body, len) == CL_OK;
}

/* ---- the chain ----------------------------------------------------------- */

/* One remembered id; type CL_TYPE_UNKNOWN marks an empty slot. */
typedef struct id_slot {
	unsigned char id[CL_HASH_BYTES];
	cl_type type;
} id_slot;

struct cl_chain {
	uint64_t next;                     /* seq expected next */
	unsigned char last[CL_HASH_BYTES]; /* id of record next-1, zeros at 0 */
	int started;                       /* a genesis was accepted/restored */
	unsigned char owner[CL_PUBKEY_BYTES];
	char owner_name[CL_KEYNAME_MAX + 1];
	char *origin;
	cl_editor *ed; /* every editorship, in seq order; the owner is ed[0] */
	size_t ned, ced;
	cl_chain_lookup_fn lookup;
	void *lookup_ctx;
	/* id -> type, open addressing with linear probing, at most half
	 * full; the capacity is a power of two.  Ids are SHA-256 outputs,
	 * so their first bytes are already a good hash. */
	id_slot *ids;
	size_t nids, cids;
};

int cl_chain_new(cl_chain **out, cl_error *err)
{
	*out = calloc(1, sizeof **out);
	if (*out == NULL)
		return cl_error_set(err, CL_ENOMEM, "chain: out of memory");
	return CL_OK;
}

void cl_chain_free(cl_chain *c)
{
	if (c == NULL)
		return;
	free(c->origin);
	free(c->ed);
	free(c->ids);
	free(c);
}

static size_t id_hash(const unsigned char id[CL_HASH_BYTES], size_t cap)
{
	uint64_t h = 0;
	int i;

	for (i = 0; i < 8; i++)
		h = (h << 8) | id[i];
	return (size_t)(h & (cap - 1));
}

static void id_insert(id_slot *tab, size_t cap,
		      const unsigned char id[CL_HASH_BYTES], cl_type t)
{
	size_t i = id_hash(id, cap);

	while (tab[i].type != CL_TYPE_UNKNOWN &&
	       memcmp(tab[i].id, id, CL_HASH_BYTES) != 0)
		i = (i + 1) & (cap - 1);
	memcpy(tab[i].id, id, CL_HASH_BYTES);
	tab[i].type = t;
}

static cl_type id_find(const cl_chain *c, const unsigned char id[CL_HASH_BYTES])
{
	size_t i;

	if (c->cids == 0)
		return CL_TYPE_UNKNOWN;
	for (i = id_hash(id, c->cids); c->ids[i].type != CL_TYPE_UNKNOWN;
	     i = (i + 1) & (c->cids - 1))
		if (memcmp(c->ids[i].id, id, CL_HASH_BYTES) == 0)
			return c->ids[i].type;
	return CL_TYPE_UNKNOWN;
}

/* Room for one more id, so that the commit itself cannot fail. */
static int id_reserve(cl_chain *c)
{
	size_t cap, i;
	id_slot *tab;

	if ((c->nids + 1) * 2 <= c->cids)
		return CL_OK;
	cap = c->cids ? c->cids * 2 : 16;
	if (cap > SIZE_MAX / sizeof *tab)
		return CL_ENOMEM;
	if ((tab = calloc(cap, sizeof *tab)) == NULL)
		return CL_ENOMEM;
	for (i = 0; i < c->cids; i++)
		if (c->ids[i].type != CL_TYPE_UNKNOWN)
			id_insert(tab, cap, c->ids[i].id, c->ids[i].type);
	free(c->ids);
	c->ids = tab;
	c->cids = cap;
	return CL_OK;
}

static int ed_reserve(cl_chain *c)
{
	size_t cap;
	cl_editor *e;

	if (c->ned < c->ced)
		return CL_OK;
	cap = c->ced ? c->ced * 2 : 8;
	if (cap > SIZE_MAX / sizeof *e)
		return CL_ENOMEM;
	if ((e = realloc(c->ed, cap * sizeof *e)) == NULL)
		return CL_ENOMEM;
	c->ed = e;
	c->ced = cap;
	return CL_OK;
}

static cl_editor *active_by_name(const cl_chain *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ned; i++)
		if (c->ed[i].revoked == UINT64_MAX && strcmp(c->ed[i].name, name) == 0)
			return &c->ed[i];
	return NULL;
}

const cl_editor *cl_chain_active_editor(const cl_chain *c,
					const unsigned char pk[CL_PUBKEY_BYTES])
{
	size_t i;

	for (i = 0; i < c->ned; i++)
		if (c->ed[i].revoked == UINT64_MAX &&
		    memcmp(c->ed[i].pk, pk, CL_PUBKEY_BYTES) == 0)
			return &c->ed[i];
	return NULL;
}

static cl_type lookup(const cl_chain *c, const unsigned char id[CL_HASH_BYTES])
{
	if (c->lookup)
		return c->lookup(c->lookup_ctx, id);
	return id_find(c, id);
}

void cl_chain_set_lookup(cl_chain *c, cl_chain_lookup_fn fn, void *ctx)
{
	c->lookup = fn;
	c->lookup_ctx = ctx;
}

int cl_record_precheck(const char *body, size_t len, json_t **obj,
		       unsigned char id[CL_HASH_BYTES], cl_error *err)
{
	json_t *v = NULL;
	int rc;

	*obj = NULL;
	if (len > CL_BODY_MAX)
		return cl_error_set(err, CL_EINTEGRITY, "body: %zu bytes, more than %d",
				    len, CL_BODY_MAX);
	if ((rc = cl_canon_parse(body, len, &v, err)) != CL_OK ||
	    (rc = cl_shape_check(v, err)) != CL_OK) {
		json_decref(v);
		return rc == CL_ENOMEM ? rc : CL_EINTEGRITY;
	}
	cl_record_id(id, body, len);
	*obj = v;
	return CL_OK;
}

int cl_record_signer(const json_t *body, unsigned char pk[CL_PUBKEY_BYTES])
{
	const char *s = json_string_value(json_object_get(body, "signer"));

	if (s == NULL || !cl_key_b64_decode(s, strlen(s), pk))
		return CL_EINTEGRITY;
	return CL_OK;
}

/* Turn an error from a lower layer into a push error: code `code` (unless
 * out of memory), message prefixed with the seq. */
static int push_fail(cl_error *err, int rc, int code, uint64_t seq)
{
	if (rc != CL_ENOMEM)
		rc = code;
	if (err) {
		err->code = rc;
		cl_error_prefix(err, "seq %" PRIu64, seq);
	}
	return rc;
}

/*
 * The rules that need the chain's state, and the state's step, for a body
 * that passed the shape rules (its facts `f`).  `body` and `sig`: the
 * signature is checked here unless CL_CHAIN_SKIP_SIG; `id`: the body's
 * id when `have_id`, else it is hashed from `body`, and on success the id.
 */
static int chain_apply(cl_chain *c, const cl_body_facts *f, const char *body,
		       size_t len, const unsigned char *sig, unsigned flags,
		       int have_id, unsigned char id[CL_HASH_BYTES], cl_error *err)
{
	const uint64_t seq = c->next;
	const char *s;
	char *origin = NULL;
	cl_editor *target = NULL;
	cl_type rt;
	int rc;

	if (f->seq != seq) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": body has seq %" PRIu64
				  ", expected %" PRIu64, seq, f->seq, seq);
		goto out;
	}
	if (memcmp(f->prev, c->last, CL_HASH_BYTES) != 0) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": prev is not the id of the previous record",
				  seq);
		goto out;
	}
	if (!(flags & CL_CHAIN_SKIP_SIG) &&
	    (rc = sig_check(f->signer, sig, body, len)) != CL_OK) {
		rc = cl_error_set(err, rc, rc == CL_ENOMEM
					    ? "seq %" PRIu64 ": out of memory"
					    : "seq %" PRIu64 ": signature does not verify",
				  seq);
		goto out;
	}
	if (!have_id)
		cl_record_id(id, body, len);

	/* What the record says, before who said it: CL_EKEY only when the
	 * signer's authority is the one fault. */
	switch (f->type) {
	case CL_TYPE_GENESIS:
		if ((origin = strdup(f->origin)) == NULL) {
			rc = cl_error_set(err, CL_ENOMEM, "seq %" PRIu64 ": out of memory", seq);
			goto out;
		}
		break;
	case CL_TYPE_EDITOR:
		s = f->name;
		target = active_by_name(c, s);
		if (f->add && target != NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.name: '%s' is already an active editor",
					  seq, s);
			goto out;
		}
		if (f->add && cl_chain_active_editor(c, f->pubkey) != NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.pubkey: already the key of active editor '%s'",
					  seq, cl_chain_active_editor(c, f->pubkey)->name);
			goto out;
		}
		if (!f->add && target == NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.name: no active editor '%s' to revoke",
					  seq, s);
			goto out;
		}
		if (!f->add && target->is_owner) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.name: the owner '%s' cannot be revoked",
					  seq, s);
			goto out;
		}
		if (!f->add && memcmp(target->pk, f->pubkey, CL_PUBKEY_BYTES) != 0) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.pubkey: not the key of editor '%s'",
					  seq, s);
			goto out;
		}
		break;
	case CL_TYPE_VERDICT:
	case CL_TYPE_CORRECTION:
		s = f->ref_hex;
		rt = lookup(c, f->ref);
		if (f->type == CL_TYPE_VERDICT && rt != CL_TYPE_CLAIM) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  rt == CL_TYPE_UNKNOWN
						  ? "seq %" PRIu64 ": verdict.claim: no earlier record has id %.16s..."
						  : "seq %" PRIu64 ": verdict.claim: record %.16s... is not a claim",
					  seq, s);
			goto out;
		}
		if (f->type == CL_TYPE_CORRECTION && rt == CL_TYPE_UNKNOWN) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": correction.target: no earlier record has id %.16s...",
					  seq, s);
			goto out;
		}
		if (f->type == CL_TYPE_CORRECTION && rt != CL_TYPE_CLAIM && f->has_values) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": correction: corrected values need a claim as target",
					  seq);
			goto out;
		}
		if (f->type == CL_TYPE_CORRECTION && rt != CL_TYPE_VERDICT &&
		    f->has_verdict_values) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": correction: a corrected rating or note "
					  "needs a verdict as target",
					  seq);
			goto out;
		}
		break;
	default:
		break;
	}

	/* Authority.  The genesis signer becomes the owner by signing it. */
	if ((f->type == CL_TYPE_EDITOR || f->type == CL_TYPE_CONFIG) &&
	    memcmp(f->signer, c->owner, CL_PUBKEY_BYTES) != 0) {
		rc = cl_error_set(err, CL_EKEY,
				  "seq %" PRIu64 ": %s records must be signed by the owner",
				  seq, cl_type_name(f->type));
		goto out;
	}
	if (f->type != CL_TYPE_GENESIS && cl_chain_active_editor(c, f->signer) == NULL) {
		rc = cl_error_set(err, CL_EKEY,
				  "seq %" PRIu64 ": signer is not an active editor", seq);
		goto out;
	}

	/* Make room first, so that from here on nothing can fail and the
	 * state changes all at once or not at all. */
	if ((f->type == CL_TYPE_GENESIS || (f->type == CL_TYPE_EDITOR && f->add)) &&
	    ed_reserve(c) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "seq %" PRIu64 ": out of memory", seq);
		goto out;
	}
	if (c->lookup == NULL && id_reserve(c) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "seq %" PRIu64 ": out of memory", seq);
		goto out;
	}

	if (f->type == CL_TYPE_GENESIS) {
		cl_editor *o = &c->ed[0];

		free(c->origin);
		c->origin = origin;
		origin = NULL;
		memcpy(c->owner, f->signer, CL_PUBKEY_BYTES);
		snprintf(c->owner_name, sizeof c->owner_name, "%s", f->name);
		memset(o, 0, sizeof *o);
		memcpy(o->name, c->owner_name, sizeof o->name);
		memcpy(o->pk, f->signer, CL_PUBKEY_BYTES);
		o->added = 0;
		o->revoked = UINT64_MAX;
		o->is_owner = 1;
		c->ned = 1;
		c->started = 1;
	} else if (f->type == CL_TYPE_EDITOR && f->add) {
		cl_editor *e = &c->ed[c->ned++];

		memset(e, 0, sizeof *e);
		snprintf(e->name, sizeof e->name, "%s", f->name);
		memcpy(e->pk, f->pubkey, CL_PUBKEY_BYTES);
		e->added = seq;
		e->revoked = UINT64_MAX;
	} else if (f->type == CL_TYPE_EDITOR) {
		target->revoked = seq;
	}
	if (c->lookup == NULL) {
		id_insert(c->ids, c->cids, id, f->type);
		c->nids++;
	}
	c->next = seq + 1;
	memcpy(c->last, id, CL_HASH_BYTES);
	rc = CL_OK;
out:
	free(origin);
	return rc;
}

int cl_chain_push_facts(cl_chain *c, const cl_body_facts *f,
			const unsigned char id[CL_HASH_BYTES], cl_error *err)
{
	unsigned char idbuf[CL_HASH_BYTES];

	memcpy(idbuf, id, CL_HASH_BYTES);
	return chain_apply(c, f, NULL, 0, NULL, CL_CHAIN_SKIP_SIG, 1, idbuf, err);
}

int cl_chain_push(cl_chain *c, const char *body, size_t len,
		  const unsigned char sig[CL_SIG_BYTES], unsigned flags,
		  json_t **parsed, unsigned char id_out[CL_HASH_BYTES],
		  cl_error *err)
{
	const uint64_t seq = c->next;
	unsigned char id[CL_HASH_BYTES];
	cl_body_facts f;
	json_t *v = NULL;
	int rc, have_id;

	if ((((flags & CL_CHAIN_BUILT) && (flags & CL_CHAIN_PARSED)) ||
	     (flags & CL_CHAIN_CHECKED)) && parsed != NULL) {
		v = *parsed; /* taken: freed at `out` unless handed back */
		*parsed = NULL;
	}
	if (parsed)
		*parsed = NULL;
	if (len > CL_BODY_MAX) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": body: %zu bytes, more than %d",
				  seq, len, CL_BODY_MAX);
		goto out;
	}
	if ((flags & CL_CHAIN_CHECKED) && v != NULL) {
		/* cl_record_precheck's object: canonical and shape-checked. */
		flags |= CL_CHAIN_BUILT | CL_CHAIN_HAVE_ID;
	} else if ((flags & CL_CHAIN_BUILT) && v != NULL) {
		/* cl_record_build_obj's object for these bytes. */
	} else if (flags & CL_CHAIN_BUILT) {
		/* Our own cl_record_build output: canonical and shape-checked. */
		if ((v = json_loadb(body, len, 0, NULL)) == NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": body: not JSON", seq);
			goto out;
		}
	} else if ((rc = cl_canon_parse(body, len, &v, err)) != CL_OK) {
		rc = push_fail(err, rc, CL_EINTEGRITY, seq);
		goto out;
	}
	if (!(flags & CL_CHAIN_BUILT) && (rc = cl_shape_check(v, err)) != CL_OK) {
		rc = push_fail(err, rc, CL_EINTEGRITY, seq);
		goto out;
	}
	if ((rc = cl_record_facts(v, &f)) != CL_OK) {
		rc = cl_error_set(err, rc, "seq %" PRIu64 ": out of memory", seq);
		goto out;
	}
	have_id = (flags & CL_CHAIN_BUILT) && (flags & CL_CHAIN_HAVE_ID) && id_out != NULL;
	if (have_id)
		memcpy(id, id_out, CL_HASH_BYTES);
	if ((rc = chain_apply(c, &f, body, len, sig, flags, have_id, id, err)) != CL_OK)
		goto out;
	if (id_out)
		memcpy(id_out, id, CL_HASH_BYTES);
	if (parsed) {
		*parsed = v;
		v = NULL;
	}
out:
	json_decref(v);
	return rc;
}

int cl_chain_restore(cl_chain *c, uint64_t next_seq,
		     const unsigned char last_id[CL_HASH_BYTES],
		     const unsigned char owner[CL_PUBKEY_BYTES],
		     const char *origin, const char *owner_name, cl_error *err)
{
	char *o = NULL;
	int rc = CL_OK;

	if (c->started || c->next != 0) {
		rc = cl_error_set(err, CL_EINPUT, "chain restore: the chain is not new");
		goto out;
	}
	if (next_seq == 0 || next_seq >= (uint64_t)CL_INT_LIMIT) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: %" PRIu64 " records is out of range",
				  next_seq);
		goto out;
	}
	if (origin == NULL || !cl_keyname_valid(origin) || owner_name == NULL ||
	    !cl_keyname_valid(owner_name)) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: origin or owner name is not a valid key name");
		goto out;
	}
	if ((o = strdup(origin)) == NULL || ed_reserve(c) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "chain restore: out of memory");
		goto out;
	}
	c->origin = o;
	o = NULL;
	c->next = next_seq;
	memcpy(c->last, last_id, CL_HASH_BYTES);
	memcpy(c->owner, owner, CL_PUBKEY_BYTES);
	snprintf(c->owner_name, sizeof c->owner_name, "%s", owner_name);
	memset(&c->ed[0], 0, sizeof c->ed[0]);
	memcpy(c->ed[0].name, c->owner_name, sizeof c->ed[0].name);
	memcpy(c->ed[0].pk, owner, CL_PUBKEY_BYTES);
	c->ed[0].added = 0;
	c->ed[0].revoked = UINT64_MAX;
	c->ed[0].is_owner = 1;
	c->ned = 1;
	c->started = 1;
out:
	free(o);
	return rc;
}

int cl_chain_restore_editor(cl_chain *c, const cl_editor *e, cl_error *err)
{
	const cl_editor *o;
	cl_editor *n;
	int rc = CL_OK;

	if (!c->started || c->ned == 0) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: editor before the chain state");
		goto out;
	}
	o = &c->ed[0];
	if (memchr(e->name, '\0', sizeof e->name) == NULL ||
	    !cl_keyname_valid(e->name)) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: editor name is not a valid key name");
		goto out;
	}
	if (e->is_owner || (e->added == 0 && strcmp(e->name, o->name) == 0 &&
			    memcmp(e->pk, o->pk, CL_PUBKEY_BYTES) == 0)) {
		/* The owner entry restore already made: accept it again. */
		if (strcmp(e->name, o->name) != 0 ||
		    memcmp(e->pk, o->pk, CL_PUBKEY_BYTES) != 0 || e->added != 0 ||
		    e->revoked != UINT64_MAX)
			rc = cl_error_set(err, CL_EINPUT,
					  "chain restore: editor '%s' is not the owner restored",
					  e->name);
		goto out;
	}
	if (e->added == 0 || e->added >= c->next ||
	    (e->revoked != UINT64_MAX &&
	     (e->revoked <= e->added || e->revoked >= c->next))) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: editor '%s': seqs out of range",
				  e->name);
		goto out;
	}
	/* Entries may come in any order, so only what is active now can
	 * clash: two active entries with one name or one key. */
	if (e->revoked == UINT64_MAX && active_by_name(c, e->name)) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: editor '%s': name already active",
				  e->name);
		goto out;
	}
	if (e->revoked == UINT64_MAX && cl_chain_active_editor(c, e->pk)) {
		rc = cl_error_set(err, CL_EINPUT,
				  "chain restore: editor '%s': key already active",
				  e->name);
		goto out;
	}
	if (ed_reserve(c) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "chain restore: out of memory");
		goto out;
	}
	n = &c->ed[c->ned++];
	*n = *e;
	n->is_owner = 0;
out:
	return rc;
}

uint64_t cl_chain_next_seq(const cl_chain *c)
{
	return c->next;
}

const unsigned char *cl_chain_last_id(const cl_chain *c)
{
	return c->last;
}

const unsigned char *cl_chain_owner(const cl_chain *c)
{
	return c->started ? c->owner : NULL;
}

const char *cl_chain_origin(const cl_chain *c)
{
	return c->started ? c->origin : NULL;
}

const char *cl_chain_owner_name(const cl_chain *c)
{
	return c->started ? c->owner_name : NULL;
}

size_t cl_chain_editor_count(const cl_chain *c)
{
	return c->ned;
}

const cl_editor *cl_chain_editor(const cl_chain *c, size_t i)
{
	return i < c->ned ? &c->ed[i] : NULL;
}
