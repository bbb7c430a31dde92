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
static int hex64_valid(const char *s, size_t len)
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
static int key_b64_decode(const char *s, size_t len,
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

/* Unicode White_Space (control characters never get this far but \n). */
static int is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

static int blank(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp = 0;

	while (i < len) {
		n = cl_utf8_decode(u + i, len - i, &cp);
		if (n == 0 || !is_space(cp))
			return 0;
		i += n;
	}
	return 1;
}

/* The generic string rule: UTF-8, size, control characters. */
static int string_check(const char *s, size_t len, int newline_ok,
			const cl_path *p, cl_error *err)
{
	size_t i;

	if (len > CL_FIELD_MAX)
		return cl_error_set(err, CL_EINPUT, "%s: longer than %d bytes",
				    p->s, CL_FIELD_MAX);
	if (!cl_utf8_valid(s, len))
		return cl_error_set(err, CL_EINPUT, "%s: not valid UTF-8", p->s);
	/* Control characters are all ASCII, so a byte scan finds them. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(c == '\n' && newline_ok)) || c == 0x7f)
			return cl_error_set(err, CL_EINPUT,
					    "%s: control character U+%04X not allowed",
					    p->s, c);
	}
	return CL_OK;
}

/* Top-level members whose text may run over several lines. */
static int newline_member(const char *name)
{
	return strcmp(name, "text") == 0 || strcmp(name, "context") == 0 ||
	       strcmp(name, "note") == 0 || strcmp(name, "reason") == 0;
}

/*
 * Every value anywhere in the body: strings and member names by the
 * generic rule, integers in range, no float or null, bounded depth.
 * `newline_ok` applies to this value only (a top-level free-text member).
 */
static int generic_check(const json_t *v, cl_path *p, int depth, int newline_ok,
			 cl_error *err)
{
	size_t saved = p->n, i, klen;
	const char *name;
	json_t *m;
	json_int_t n;
	int rc = CL_OK;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (depth >= CL_CANON_MAX_DEPTH) {
			rc = cl_error_set(err, CL_EINPUT,
					  "%s: nested deeper than %d levels",
					  p->s, CL_CANON_MAX_DEPTH);
			goto out;
		}
		if (json_is_array(v)) {
			for (i = 0; i < json_array_size(v); i++) {
				cl_path_index(p, i);
				rc = generic_check(json_array_get(v, i), p,
						   depth + 1, 0, err);
				cl_path_restore(p, saved);
				if (rc != CL_OK)
					goto out;
			}
			goto out;
		}
		json_object_foreach((json_t *)v, name, m) {
			klen = json_object_iter_key_len(json_object_key_to_iter(name));
			cl_path_add(p, ".", 1);
			cl_path_add(p, name, klen);
			rc = string_check(name, klen, 0, p, err);
			if (rc == CL_OK)
				rc = generic_check(m, p, depth + 1,
						   depth == 0 &&
						   klen == strlen(name) &&
						   newline_member(name), err);
			cl_path_restore(p, saved);
			if (rc != CL_OK)
				goto out;
		}
		break;
	case JSON_STRING:
		rc = string_check(json_string_value(v), json_string_length(v),
				  newline_ok, p, err);
		break;
	case JSON_INTEGER:
		n = json_integer_value(v);
		if (n >= CL_INT_LIMIT || n <= -CL_INT_LIMIT)
			rc = cl_error_set(err, CL_EINPUT,
					  "%s: integer out of range (|n| must be below 2^53)",
					  p->s);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		break;
	case JSON_REAL:
		rc = cl_error_set(err, CL_EINPUT, "%s: floats are not allowed", p->s);
		break;
	case JSON_NULL:
	default:
		rc = cl_error_set(err, CL_EINPUT, "%s: null is not allowed", p->s);
		break;
	}
out:
	return rc;
}

/* What one member must be. */
typedef enum fkind {
	F_STRING,   /* any string (the generic rule only) */
	F_NONEMPTY, /* a non-empty string */
	F_NOTBLANK, /* a string with something besides white space */
	F_KEYNAME,  /* cl_keyname_valid */
	F_KEY,      /* base64 of a 32-byte Ed25519 key */
	F_ID,       /* 64 lowercase hex */
	F_DATE,     /* YYYY-MM-DD */
	F_TIME,     /* YYYY-MM-DDTHH:MM:SSZ */
	F_UINT,     /* an integer >= 0 */
	F_ONE,      /* the integer 1 */
	F_ENUM,     /* one of `words` */
	F_STRINGS,  /* an array of non-empty strings */
	F_URL,      /* an absolute http(s) URL (url.h: cl_url_check) */
	F_LANG,     /* ISO 639-1: two lowercase ASCII letters */
} fkind;

typedef struct field {
	const char *name;
	fkind kind;
	int required;
	const char *const *words; /* F_ENUM: NULL-terminated */
} field;

const char *const cl_corrected_members[CL_NCORRECTED] = {
	"text", "speaker", "source", "date", "kind", "offset", "length",
};

int cl_correction_has_values(const json_t *body)
{
	size_t i;

	for (i = 0; i < CL_NCORRECTED; i++)
		if (json_object_get(body, cl_corrected_members[i]) != NULL)
			return 1;
	return 0;
}

const char *const cl_verdict_corrected_members[CL_NVERDICT_CORRECTED] = {
	"rating", "note",
};

int cl_correction_has_verdict_values(const json_t *body)
{
	size_t i;

	for (i = 0; i < CL_NVERDICT_CORRECTED; i++)
		if (json_object_get(body, cl_verdict_corrected_members[i]) != NULL)
			return 1;
	return 0;
}

static const char *const actions[] = { "add", "revoke", NULL };
static const char *const kinds[] = { "direct", "indirect", "manual", NULL };
static const char *const alias_actions[] = { "add", "remove", NULL };
/* What the claim's speaker is, as the rater says (ClaimReview author). */
static const char *const speaker_types[] = { "person", "organization", NULL };
/* The rating scale (record.h: cl_rating). */
static const char *const ratings[] = { "true", "mostly-true", "mixed", "mostly-false",
				       "false", "misleading", "unproven", NULL };

static const field common_fields[] = {
	{ "v", F_ONE, 1, NULL },
	{ "seq", F_UINT, 1, NULL },
	{ "time", F_TIME, 1, NULL },
	{ "prev", F_ID, 1, NULL },
	{ "signer", F_KEY, 1, NULL },
	{ NULL, F_STRING, 0, NULL },
};
static const field genesis_fields[] = {
	{ "origin", F_KEYNAME, 1, NULL },
	{ "name", F_KEYNAME, 1, NULL },
	{ NULL, F_STRING, 0, NULL },
};
static const field editor_fields[] = {
	{ "name", F_KEYNAME, 1, NULL },
	{ "pubkey", F_KEY, 1, NULL },
	{ "action", F_ENUM, 1, actions },
	{ NULL, F_STRING, 0, NULL },
};
static const field claim_fields[] = {
	{ "text", F_NOTBLANK, 1, NULL },
	{ "speaker", F_NONEMPTY, 1, NULL },
	{ "source", F_NONEMPTY, 1, NULL },
	{ "date", F_DATE, 1, NULL },
	{ "kind", F_ENUM, 0, kinds },
	{ "document", F_ID, 0, NULL },
	{ "offset", F_UINT, 0, NULL },
	{ "length", F_UINT, 0, NULL },
	{ "context", F_STRING, 0, NULL },
	/* The language of the article the claim was taken from (newer
	 * than the other members: old claims have none). */
	{ "lang", F_LANG, 0, NULL },
	{ NULL, F_STRING, 0, NULL },
};
static const field verdict_fields[] = {
	{ "claim", F_ID, 1, NULL },
	{ "rating", F_ENUM, 1, ratings },
	{ "note", F_STRING, 0, NULL },
	{ "evidence", F_STRINGS, 0, NULL },
	/* Newer than the other URL members, so no old record holds anything
	 * else there: a record rule, not only an input policy (url.h). */
	{ "url", F_URL, 0, NULL },
	{ "speaker_type", F_ENUM, 0, speaker_types },
	{ NULL, F_STRING, 0, NULL },
};
static const field correction_fields[] = {
	{ "target", F_ID, 1, NULL },
	{ "reason", F_NONEMPTY, 1, NULL },
	/* The corrected values of a claim's members, when the target is one. */
	{ "text", F_NOTBLANK, 0, NULL },
	{ "speaker", F_NONEMPTY, 0, NULL },
	{ "source", F_NONEMPTY, 0, NULL },
	{ "date", F_DATE, 0, NULL },
	{ "kind", F_ENUM, 0, kinds },
	{ "offset", F_UINT, 0, NULL }, /* with length: see span_check */
	{ "length", F_UINT, 0, NULL },
	/* The corrected values of a verdict's members, when the target is one. */
	{ "rating", F_ENUM, 0, ratings },
	{ "note", F_STRING, 0, NULL },
	{ NULL, F_STRING, 0, NULL },
};
static const field config_fields[] = {
	{ "newsroom", F_NONEMPTY, 0, NULL },
	{ "url", F_NONEMPTY, 0, NULL },
	{ NULL, F_STRING, 0, NULL },
};

static const field alias_fields[] = {
	{ "alias", F_NOTBLANK, 1, NULL },
	{ "action", F_ENUM, 1, alias_actions },
	{ "speaker", F_NOTBLANK, 0, NULL }, /* required to add: see shape_check */
	{ NULL, F_STRING, 0, NULL },
};

static const field *type_fields(cl_type t)
{
	switch (t) {
	case CL_TYPE_GENESIS: return genesis_fields;
	case CL_TYPE_EDITOR: return editor_fields;
	case CL_TYPE_CLAIM: return claim_fields;
	case CL_TYPE_VERDICT: return verdict_fields;
	case CL_TYPE_CORRECTION: return correction_fields;
	case CL_TYPE_ALIAS: return alias_fields;
	case CL_TYPE_CONFIG: return config_fields;
	default: return NULL;
	}
}

static int field_check(const json_t *body, const field *f, const char *tname,
		       cl_error *err)
{
	const json_t *v = json_object_get(body, f->name);
	const char *s = NULL, *want = NULL;
	char words[256];
	size_t len = 0, i, wlen;
	int ok = 1;

	if (v == NULL) {
		if (f->required)
			return cl_error_set(err, CL_EINPUT, "%s.%s: missing",
					    tname, f->name);
		return CL_OK;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		len = json_string_length(v);
	}
	switch (f->kind) {
	case F_STRING:
		ok = s != NULL;
		want = "a string";
		break;
	case F_NONEMPTY:
		ok = s != NULL && len > 0;
		want = "a non-empty string";
		break;
	case F_NOTBLANK:
		ok = s != NULL && !blank(s, len);
		want = "a string with more than white space";
		break;
	case F_KEYNAME:
		/* strlen == len: a NUL would cut the name short in C. */
		ok = s != NULL && strlen(s) == len && cl_keyname_valid(s);
		want = "a key name (no '+', white space or control character, 1-128 bytes)";
		break;
	case F_KEY:
		ok = s != NULL && key_b64_decode(s, len, NULL);
		want = "the base64 of a 32-byte key";
		break;
	case F_ID:
		ok = s != NULL && hex64_valid(s, len);
		want = "64 lowercase hex digits";
		break;
	case F_DATE:
		ok = s != NULL && strlen(s) == len && cl_date_valid(s);
		want = "YYYY-MM-DD";
		break;
	case F_TIME:
		ok = s != NULL && strlen(s) == len && cl_time_parse(s, NULL) == CL_OK;
		want = "YYYY-MM-DDTHH:MM:SSZ";
		break;
	case F_UINT:
		ok = json_is_integer(v) && json_integer_value(v) >= 0;
		want = "an integer >= 0";
		break;
	case F_ONE:
		ok = json_is_integer(v) && json_integer_value(v) == 1;
		want = "1";
		break;
	case F_LANG:
		ok = s != NULL && len == 2 && strlen(s) == 2 && s[0] >= 'a' && s[0] <= 'z' &&
		     s[1] >= 'a' && s[1] <= 'z';
		want = "two lowercase letters (ISO 639-1)";
		break;
	case F_ENUM:
		ok = 0;
		for (i = 0; s != NULL && f->words[i] != NULL; i++)
			if (strlen(f->words[i]) == len && memcmp(s, f->words[i], len) == 0)
				ok = 1;
		/* "one of a, b, c", from the list itself. */
		for (i = 0, wlen = 0; f->words[i] != NULL && wlen < sizeof words; i++)
			wlen += (size_t)snprintf(words + wlen, sizeof words - wlen, "%s%s",
						 i ? ", " : "one of ", f->words[i]);
		want = words;
		break;
	case F_STRINGS:
		ok = json_is_array(v);
		for (i = 0; ok && i < json_array_size(v); i++) {
			const json_t *e = json_array_get(v, i);
			if (!json_is_string(e) || json_string_length(e) == 0)
				return cl_error_set(err, CL_EINPUT,
						    "%s.%s[%zu]: not a non-empty string",
						    tname, f->name, i);
		}
		want = "an array of strings";
		break;
	case F_URL:
		if (s != NULL && (want = cl_url_check(s, len)) != NULL)
			return cl_error_set(err, CL_EINPUT, "%s.%s: %s", tname,
					    f->name, want);
		ok = s != NULL;
		want = "a string";
		break;
	}
	if (!ok)
		return cl_error_set(err, CL_EINPUT, "%s.%s: not %s", tname,
				    f->name, want);
	return CL_OK;
}

/*
 * Pinned provenance: a claim's `offset` and `length` are a span of its
 * `document` and mean nothing apart, or without it; and a direct quote
 * that cites a document must say where, so that the store (and `verify`)
 * can check its words against the archived article.  Without that, a
 * direct quote could cite an article that never contains it.
 */
static int provenance_check(const json_t *body, cl_error *err)
{
	const json_t *kind = json_object_get(body, "kind");
	int has_doc = json_object_get(body, "document") != NULL;
	int has_off = json_object_get(body, "offset") != NULL;
	int has_len = json_object_get(body, "length") != NULL;

	if (has_off != has_len)
		return cl_error_set(err, CL_EINPUT, "claim.%s: missing: offset "
				    "and length go together",
				    has_off ? "length" : "offset");
	if (has_off && !has_doc)
		return cl_error_set(err, CL_EINPUT, "claim.offset: offset and "
				    "length need the document they point into");
	/* kind passed F_ENUM: a string without NUL, so strcmp is exact. */
	if (has_doc && !has_off && kind != NULL &&
	    strcmp(json_string_value(kind), "direct") == 0)
		return cl_error_set(err, CL_EINPUT, "claim.offset: a direct "
				    "quote citing a document needs offset and length");
	return CL_OK;
}

/* A correction that moves a claim's span gives it whole: `offset` and
 * `length` together.  Whether the claim's view may have a span at all
 * (its document, a direct quote's words) needs the claim and the archived
 * article: the store checks that (store_append.c,
 * store_check_correction). */
static int span_check(const json_t *body, cl_error *err)
{
	int has_off = json_object_get(body, "offset") != NULL;
	int has_len = json_object_get(body, "length") != NULL;

	if (has_off != has_len)
		return cl_error_set(err, CL_EINPUT, "correction.%s: missing: offset "
				    "and length go together",
				    has_off ? "length" : "offset");
	return CL_OK;
}

/* The shape check without the size of the canonical form. */
static int shape_check(const json_t *body, cl_error *err)
{
	const json_t *tv, *seqv, *prevv;
	const field *f;
	const char *tname;
	cl_type t;
	cl_path p;
	int rc;

	if (!json_is_object(body))
		return cl_error_set(err, CL_EINPUT, "body: not a JSON object");
	tv = json_object_get(body, "type");
	if (tv == NULL)
		return cl_error_set(err, CL_EINPUT, "body.type: missing");
	if (!json_is_string(tv))
		return cl_error_set(err, CL_EINPUT, "body.type: not a string");
	t = cl_type_from_name(json_string_value(tv));
	if (t == CL_TYPE_UNKNOWN || strlen(json_string_value(tv)) != json_string_length(tv))
		return cl_error_set(err, CL_EINPUT, "body.type: unknown type");
	tname = cl_type_name(t);

	/* Generic rules first: the type-specific messages below can then
	 * assume well-formed strings. */
	p.n = 0;
	p.s[0] = '\0';
	cl_path_add(&p, tname, strlen(tname));
	if ((rc = generic_check(body, &p, 0, 0, err)) != CL_OK)
		return rc;

	for (f = common_fields; f->name; f++)
		if ((rc = field_check(body, f, tname, err)) != CL_OK)
			return rc;
	for (f = type_fields(t); f->name; f++)
		if ((rc = field_check(body, f, tname, err)) != CL_OK)
			return rc;

	if (t == CL_TYPE_CLAIM && (rc = provenance_check(body, err)) != CL_OK)
		return rc;
	if (t == CL_TYPE_CORRECTION && (rc = span_check(body, err)) != CL_OK)
		return rc;
	if (t == CL_TYPE_CONFIG && json_object_get(body, "newsroom") == NULL &&
	    json_object_get(body, "url") == NULL)
		return cl_error_set(err, CL_EINPUT, "config: needs newsroom or url");
	if (t == CL_TYPE_ALIAS &&
	    strcmp(json_string_value(json_object_get(body, "action")), "add") == 0 &&
	    json_object_get(body, "speaker") == NULL)
		return cl_error_set(err, CL_EINPUT, "alias.speaker: missing (needed to add)");

	/* The genesis is record 0 and nothing else is; only record 0 has
	 * no predecessor.  Checked here so a body alone says where it
	 * belongs. */
	seqv = json_object_get(body, "seq");
	prevv = json_object_get(body, "prev");
	if ((t == CL_TYPE_GENESIS) != (json_integer_value(seqv) == 0))
		return cl_error_set(err, CL_EINPUT,
				    t == CL_TYPE_GENESIS
					    ? "%s.seq: a genesis must be record 0"
					    : "%s.seq: record 0 must be a genesis",
				    tname);
	if ((strspn(json_string_value(prevv), "0") == CL_ID_HEX) !=
	    (json_integer_value(seqv) == 0))
		return cl_error_set(err, CL_EINPUT,
				    json_integer_value(seqv) == 0
					    ? "%s.prev: must be 64 zeros at seq 0"
					    : "%s.prev: all zeros after seq 0",
				    tname);
	return CL_OK;
}

int cl_body_check(const json_t *body, cl_error *err)
{
	char *canon = NULL;
	size_t len = 0;
	int rc;

	if ((rc = shape_check(body, err)) != CL_OK)
		goto out;
	if ((rc = cl_canon_encode(body, &canon, &len, err)) != CL_OK)
		goto out;
	if (len > CL_BODY_MAX)
		rc = cl_error_set(err, CL_EINPUT,
				  "body: %zu bytes, more than %d", len, CL_BODY_MAX);
out:
	free(canon);
	return rc;
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
	if ((rc = shape_check(body, err)) != CL_OK)
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
	    (rc = shape_check(v, err)) != CL_OK) {
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

	if (s == NULL || !key_b64_decode(s, strlen(s), pk))
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

int cl_chain_push(cl_chain *c, const char *body, size_t len,
		  const unsigned char sig[CL_SIG_BYTES], unsigned flags,
		  json_t **parsed, unsigned char id_out[CL_HASH_BYTES],
		  cl_error *err)
{
	const uint64_t seq = c->next;
	unsigned char id[CL_HASH_BYTES], prev[CL_HASH_BYTES], signer[CL_PUBKEY_BYTES];
	unsigned char edpk[CL_PUBKEY_BYTES], ref[CL_HASH_BYTES];
	const char *s;
	char *origin = NULL;
	json_t *v = NULL;
	cl_editor *target = NULL;
	cl_type t, rt;
	int rc, add = 0;

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
	if (!(flags & CL_CHAIN_BUILT) && (rc = shape_check(v, err)) != CL_OK) {
		rc = push_fail(err, rc, CL_EINTEGRITY, seq);
		goto out;
	}
	t = cl_type_from_name(json_string_value(json_object_get(v, "type")));
	if ((uint64_t)json_integer_value(json_object_get(v, "seq")) != seq) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": body has seq %" JSON_INTEGER_FORMAT
				  ", expected %" PRIu64,
				  seq, json_integer_value(json_object_get(v, "seq")), seq);
		goto out;
	}
	/* Both were checked by shape_check, so they decode. */
	s = json_string_value(json_object_get(v, "prev"));
	cl_hex_decode(prev, CL_HASH_BYTES, s, strlen(s));
	s = json_string_value(json_object_get(v, "signer"));
	key_b64_decode(s, strlen(s), signer);
	if (memcmp(prev, c->last, CL_HASH_BYTES) != 0) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": prev is not the id of the previous record",
				  seq);
		goto out;
	}
	if (!(flags & CL_CHAIN_SKIP_SIG) &&
	    (rc = sig_check(signer, sig, body, len)) != CL_OK) {
		rc = cl_error_set(err, rc, rc == CL_ENOMEM
					    ? "seq %" PRIu64 ": out of memory"
					    : "seq %" PRIu64 ": signature does not verify",
				  seq);
		goto out;
	}
	if ((flags & CL_CHAIN_BUILT) && (flags & CL_CHAIN_HAVE_ID) && id_out != NULL)
		memcpy(id, id_out, CL_HASH_BYTES);
	else
		cl_record_id(id, body, len);

	/* What the record says, before who said it: CL_EKEY only when the
	 * signer's authority is the one fault. */
	switch (t) {
	case CL_TYPE_GENESIS:
		s = json_string_value(json_object_get(v, "origin"));
		if ((origin = strdup(s)) == NULL) {
			rc = cl_error_set(err, CL_ENOMEM, "seq %" PRIu64 ": out of memory", seq);
			goto out;
		}
		break;
	case CL_TYPE_EDITOR:
		s = json_string_value(json_object_get(v, "name"));
		add = strcmp(json_string_value(json_object_get(v, "action")), "add") == 0;
		key_b64_decode(json_string_value(json_object_get(v, "pubkey")), 44, edpk);
		target = active_by_name(c, s);
		if (add && target != NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.name: '%s' is already an active editor",
					  seq, s);
			goto out;
		}
		if (add && cl_chain_active_editor(c, edpk) != NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.pubkey: already the key of active editor '%s'",
					  seq, cl_chain_active_editor(c, edpk)->name);
			goto out;
		}
		if (!add && target == NULL) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.name: no active editor '%s' to revoke",
					  seq, s);
			goto out;
		}
		if (!add && target->is_owner) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.name: the owner '%s' cannot be revoked",
					  seq, s);
			goto out;
		}
		if (!add && memcmp(target->pk, edpk, CL_PUBKEY_BYTES) != 0) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": editor.pubkey: not the key of editor '%s'",
					  seq, s);
			goto out;
		}
		break;
	case CL_TYPE_VERDICT:
	case CL_TYPE_CORRECTION:
		s = json_string_value(json_object_get(v, t == CL_TYPE_VERDICT
							  ? "claim" : "target"));
		cl_hex_decode(ref, CL_HASH_BYTES, s, strlen(s));
		rt = lookup(c, ref);
		if (t == CL_TYPE_VERDICT && rt != CL_TYPE_CLAIM) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  rt == CL_TYPE_UNKNOWN
						  ? "seq %" PRIu64 ": verdict.claim: no earlier record has id %.16s..."
						  : "seq %" PRIu64 ": verdict.claim: record %.16s... is not a claim",
					  seq, s);
			goto out;
		}
		if (t == CL_TYPE_CORRECTION && rt == CL_TYPE_UNKNOWN) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": correction.target: no earlier record has id %.16s...",
					  seq, s);
			goto out;
		}
		if (t == CL_TYPE_CORRECTION && rt != CL_TYPE_CLAIM &&
		    cl_correction_has_values(v)) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": correction: corrected values need a claim as target",
					  seq);
			goto out;
		}
		if (t == CL_TYPE_CORRECTION && rt != CL_TYPE_VERDICT &&
		    cl_correction_has_verdict_values(v)) {
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
	if ((t == CL_TYPE_EDITOR || t == CL_TYPE_CONFIG) &&
	    memcmp(signer, c->owner, CL_PUBKEY_BYTES) != 0) {
		rc = cl_error_set(err, CL_EKEY,
				  "seq %" PRIu64 ": %s records must be signed by the owner",
				  seq, cl_type_name(t));
		goto out;
	}
	if (t != CL_TYPE_GENESIS && cl_chain_active_editor(c, signer) == NULL) {
		rc = cl_error_set(err, CL_EKEY,
				  "seq %" PRIu64 ": signer is not an active editor", seq);
		goto out;
	}

	/* Make room first, so that from here on nothing can fail and the
	 * state changes all at once or not at all. */
	if ((t == CL_TYPE_GENESIS || (t == CL_TYPE_EDITOR && add)) &&
	    ed_reserve(c) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "seq %" PRIu64 ": out of memory", seq);
		goto out;
	}
	if (c->lookup == NULL && id_reserve(c) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "seq %" PRIu64 ": out of memory", seq);
		goto out;
	}

	if (t == CL_TYPE_GENESIS) {
		cl_editor *o = &c->ed[0];

		free(c->origin);
		c->origin = origin;
		origin = NULL;
		memcpy(c->owner, signer, CL_PUBKEY_BYTES);
		snprintf(c->owner_name, sizeof c->owner_name, "%s",
			 json_string_value(json_object_get(v, "name")));
		memset(o, 0, sizeof *o);
		memcpy(o->name, c->owner_name, sizeof o->name);
		memcpy(o->pk, signer, CL_PUBKEY_BYTES);
		o->added = 0;
		o->revoked = UINT64_MAX;
		o->is_owner = 1;
		c->ned = 1;
		c->started = 1;
	} else if (t == CL_TYPE_EDITOR && add) {
		cl_editor *e = &c->ed[c->ned++];

		memset(e, 0, sizeof *e);
		snprintf(e->name, sizeof e->name, "%s",
			 json_string_value(json_object_get(v, "name")));
		memcpy(e->pk, edpk, CL_PUBKEY_BYTES);
		e->added = seq;
		e->revoked = UINT64_MAX;
	} else if (t == CL_TYPE_EDITOR) {
		target->revoked = seq;
	}
	if (c->lookup == NULL) {
		id_insert(c->ids, c->cids, id, t);
		c->nids++;
	}
	c->next = seq + 1;
	memcpy(c->last, id, CL_HASH_BYTES);
	if (id_out)
		memcpy(id_out, id, CL_HASH_BYTES);
	if (parsed) {
		*parsed = v;
		v = NULL;
	}
	rc = CL_OK;
out:
	free(origin);
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
