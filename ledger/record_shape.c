/*
 * record_shape.c: the shape of one record body (record.h: cl_body_check)
 * and what the chain and the quote checks need of it (cl_body_facts).
 *
 * One set of rules, read two ways: from a jansson tree (bodies being
 * built, and the reference that gives the messages), or from canonical
 * bytes scanned once without building a tree (canon.h: cl_canon_scan;
 * the verifiers' quick path, cl_record_quick).  Every rule asks for a
 * member through member_get(), which hides which of the two it reads.
 * The quick path gives a verdict and no message: a body it refuses is
 * judged again from the tree for the message.  fuzz/canon_diff_fuzz.c and
 * tests/record_shape_test.c hold both readings to the same verdict and facts.
 */
#include "ledger/record.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/canon.h"
#include "ledger/record_internal.h"
#include "ledger/url.h"

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

const char *const cl_verdict_corrected_members[CL_NVERDICT_CORRECTED] = {
	"rating", "note",
};

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

/* ---- reading a member, from a tree or from scanned bytes ---------------- */

/* A body as the rules read it: one of the two is set. */
struct body_src {
	const json_t *obj;        /* a tree */
	const cl_canon_top *top;  /* canonical bytes, scanned */
};

/* One member's value as the rules see it. */
struct mval {
	int present;
	const char *s;    /* a string's characters, NUL-terminated; else NULL */
	size_t len;       /* its length (it may hold U+0000) */
	int is_int;
	int64_t n;
	int is_array;
	size_t first_bad; /* an array: its first element that is not a
			   * non-empty string, SIZE_MAX if none */
	char *heap;       /* the unescaped copy of a long string, owned */
	char small[1024]; /* ... and of a short one */
};

/* Member `name` of body `b` into *v (release it with mval_done).  CL_OK,
 * or CL_ENOMEM for a long string of the scanned bytes. */
static int member_get(const struct body_src *b, const char *name, struct mval *v)
{
	const cl_canon_member *m;
	const json_t *j;
	char *to;
	size_t i;

	memset(v, 0, offsetof(struct mval, small));
	v->first_bad = SIZE_MAX;
	if (b->obj != NULL) {
		if ((j = json_object_get(b->obj, name)) == NULL)
			return CL_OK;
		v->present = 1;
		if (json_is_string(j)) {
			v->s = json_string_value(j);
			v->len = json_string_length(j);
		} else if (json_is_integer(j)) {
			v->is_int = 1;
			v->n = json_integer_value(j);
		} else if (json_is_array(j)) {
			v->is_array = 1;
			for (i = 0; i < json_array_size(j); i++) {
				const json_t *e = json_array_get(j, i);
				if (!json_is_string(e) || json_string_length(e) == 0) {
					v->first_bad = i;
					break;
				}
			}
		}
		return CL_OK;
	}
	if ((m = cl_canon_top_find(b->top, name)) == NULL)
		return CL_OK;
	v->present = 1;
	switch (m->type) {
	case CL_CANON_STRING:
		to = v->small;
		if (m->dlen >= sizeof v->small &&
		    (to = v->heap = malloc(m->dlen + 1)) == NULL)
			return CL_ENOMEM;
		if (m->val_esc)
			cl_canon_unescape(m->val, m->val_len, to);
		else
			memcpy(to, m->val, m->val_len);
		to[m->dlen] = '\0';
		v->s = to;
		v->len = m->dlen;
		break;
	case CL_CANON_INT:
		v->is_int = 1;
		v->n = m->num;
		break;
	case CL_CANON_ARRAY:
		v->is_array = 1;
		v->first_bad = m->first_bad;
		break;
	default:
		break;
	}
	return CL_OK;
}

static void mval_done(struct mval *v)
{
	free(v->heap);
	v->heap = NULL;
}

/* 1 when member `name` is there (the quick path has no CL_ENOMEM here). */
static int member_has(const struct body_src *b, const char *name)
{
	if (b->obj != NULL)
		return json_object_get(b->obj, name) != NULL;
	return cl_canon_top_find(b->top, name) != NULL;
}

/*
 * The generic rules on scanned bytes: canonical form already rules out
 * floats, null, integers out of range, invalid UTF-8 and deep nesting, so
 * what is left is each string's length and control characters.
 */
static int generic_check_top(const cl_canon_top *t)
{
	size_t i;

	if (t->other_ctl || t->other_max_len > CL_FIELD_MAX)
		return CL_EINPUT;
	for (i = 0; i < t->n && i < CL_CANON_TOP_MAX; i++) {
		const cl_canon_member *m = &t->m[i];
		char name[16];

		if (m->type != CL_CANON_STRING)
			continue;
		if (m->dlen > CL_FIELD_MAX || m->ctl)
			return CL_EINPUT;
		if (!m->nl)
			continue;
		if (m->name_esc || m->name_len >= sizeof name)
			return CL_EINPUT;
		memcpy(name, m->name, m->name_len);
		name[m->name_len] = '\0';
		if (!newline_member(name))
			return CL_EINPUT;
	}
	return CL_OK;
}

/* ---- the rules ------------------------------------------------------------ */

static int field_check(const struct body_src *b, const field *f, const char *tname,
		       cl_error *err)
{
	struct mval v;
	const char *s, *want = NULL;
	char words[256];
	size_t len, i, wlen;
	int ok = 1, rc;

	if ((rc = member_get(b, f->name, &v)) != CL_OK) {
		rc = cl_error_set(err, rc, "out of memory");
		goto out;
	}
	s = v.s;
	len = v.len;
	if (!v.present) {
		rc = f->required ? cl_error_set(err, CL_EINPUT, "%s.%s: missing",
						tname, f->name)
				 : CL_OK;
		goto out;
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
		ok = s != NULL && cl_key_b64_decode(s, len, NULL);
		want = "the base64 of a 32-byte key";
		break;
	case F_ID:
		ok = s != NULL && cl_hex64_valid(s, len);
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
		ok = v.is_int && v.n >= 0;
		want = "an integer >= 0";
		break;
	case F_ONE:
		ok = v.is_int && v.n == 1;
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
		/* "one of a, b, c", from the list itself (for the message only). */
		for (i = 0, wlen = 0; !ok && f->words[i] != NULL && wlen < sizeof words; i++)
			wlen += (size_t)snprintf(words + wlen, sizeof words - wlen, "%s%s",
						 i ? ", " : "one of ", f->words[i]);
		want = words;
		break;
	case F_STRINGS:
		if (v.is_array && v.first_bad != SIZE_MAX) {
			rc = cl_error_set(err, CL_EINPUT,
					  "%s.%s[%zu]: not a non-empty string",
					  tname, f->name, v.first_bad);
			goto out;
		}
		ok = v.is_array;
		want = "an array of strings";
		break;
	case F_URL:
		if (s != NULL && (want = cl_url_check(s, len)) != NULL) {
			rc = cl_error_set(err, CL_EINPUT, "%s.%s: %s", tname,
					  f->name, want);
			goto out;
		}
		ok = s != NULL;
		want = "a string";
		break;
	}
	rc = ok ? CL_OK : cl_error_set(err, CL_EINPUT, "%s.%s: not %s", tname,
				       f->name, want);
out:
	mval_done(&v);
	return rc;
}

/* 1 when the string member `name` is there and is `word` (the member
 * passed its field rule: a string without NUL). */
static int member_is(const struct body_src *b, const char *name, const char *word)
{
	struct mval v;
	int is;

	if (member_get(b, name, &v) != CL_OK) /* short words only: no malloc */
		return 0;
	is = v.s != NULL && strcmp(v.s, word) == 0;
	mval_done(&v);
	return is;
}

/*
 * Pinned provenance: a claim's `offset` and `length` are a span of its
 * `document` and mean nothing apart, or without it; and a direct quote
 * that cites a document must say where, so that the store (and `verify`)
 * can check its words against the archived article.  Without that, a
 * direct quote could cite an article that never contains it.
 */
static int provenance_check(const struct body_src *b, cl_error *err)
{
	int has_doc = member_has(b, "document");
	int has_off = member_has(b, "offset");
	int has_len = member_has(b, "length");

	if (has_off != has_len)
		return cl_error_set(err, CL_EINPUT, "claim.%s: missing: offset "
				    "and length go together",
				    has_off ? "length" : "offset");
	if (has_off && !has_doc)
		return cl_error_set(err, CL_EINPUT, "claim.offset: offset and "
				    "length need the document they point into");
	if (has_doc && !has_off && member_is(b, "kind", "direct"))
		return cl_error_set(err, CL_EINPUT, "claim.offset: a direct "
				    "quote citing a document needs offset and length");
	return CL_OK;
}

/* A correction that moves a claim's span gives it whole: `offset` and
 * `length` together.  Whether the claim's view may have a span at all
 * (its document, a direct quote's words) needs the claim and the archived
 * article: the store checks that (store_append.c,
 * store_check_correction). */
static int span_check(const struct body_src *b, cl_error *err)
{
	int has_off = member_has(b, "offset");
	int has_len = member_has(b, "length");

	if (has_off != has_len)
		return cl_error_set(err, CL_EINPUT, "correction.%s: missing: offset "
				    "and length go together",
				    has_off ? "length" : "offset");
	return CL_OK;
}

/* The shape check without the size of the canonical form. */
static int shape_check_src(const struct body_src *b, cl_error *err)
{
	struct mval tv, seqv, prevv;
	const field *f;
	const char *tname;
	cl_type t;
	cl_path p;
	int rc, zero_seq;

	if (b->obj != NULL ? !json_is_object(b->obj) : !b->top->is_object)
		return cl_error_set(err, CL_EINPUT, "body: not a JSON object");
	if ((rc = member_get(b, "type", &tv)) != CL_OK)
		return cl_error_set(err, rc, "out of memory");
	t = tv.s != NULL && strlen(tv.s) == tv.len ? cl_type_from_name(tv.s)
						   : CL_TYPE_UNKNOWN;
	rc = !tv.present ? cl_error_set(err, CL_EINPUT, "body.type: missing")
	   : tv.s == NULL ? cl_error_set(err, CL_EINPUT, "body.type: not a string")
	   : t == CL_TYPE_UNKNOWN ? cl_error_set(err, CL_EINPUT, "body.type: unknown type")
	   : CL_OK;
	mval_done(&tv);
	if (rc != CL_OK)
		return rc;
	tname = cl_type_name(t);

	/* Generic rules first: the type-specific messages below can then
	 * assume well-formed strings. */
	if (b->obj != NULL) {
		p.n = 0;
		p.s[0] = '\0';
		cl_path_add(&p, tname, strlen(tname));
		if ((rc = generic_check(b->obj, &p, 0, 0, err)) != CL_OK)
			return rc;
	} else if ((rc = generic_check_top(b->top)) != CL_OK) {
		return cl_error_set(err, rc, "%s: a string breaks the generic rules", tname);
	}

	for (f = common_fields; f->name; f++)
		if ((rc = field_check(b, f, tname, err)) != CL_OK)
			return rc;
	for (f = type_fields(t); f->name; f++)
		if ((rc = field_check(b, f, tname, err)) != CL_OK)
			return rc;

	if (t == CL_TYPE_CLAIM && (rc = provenance_check(b, err)) != CL_OK)
		return rc;
	if (t == CL_TYPE_CORRECTION && (rc = span_check(b, err)) != CL_OK)
		return rc;
	if (t == CL_TYPE_CONFIG && !member_has(b, "newsroom") && !member_has(b, "url"))
		return cl_error_set(err, CL_EINPUT, "config: needs newsroom or url");
	if (t == CL_TYPE_ALIAS && member_is(b, "action", "add") &&
	    !member_has(b, "speaker"))
		return cl_error_set(err, CL_EINPUT, "alias.speaker: missing (needed to add)");

	/* The genesis is record 0 and nothing else is; only record 0 has
	 * no predecessor.  Checked here so a body alone says where it
	 * belongs.  Both members passed their field rules. */
	if ((rc = member_get(b, "seq", &seqv)) != CL_OK)
		return cl_error_set(err, rc, "out of memory");
	if ((rc = member_get(b, "prev", &prevv)) != CL_OK)
		return cl_error_set(err, rc, "out of memory");
	zero_seq = seqv.n == 0;
	if ((t == CL_TYPE_GENESIS) != zero_seq)
		rc = cl_error_set(err, CL_EINPUT,
				  t == CL_TYPE_GENESIS
					  ? "%s.seq: a genesis must be record 0"
					  : "%s.seq: record 0 must be a genesis",
				  tname);
	else if ((strspn(prevv.s, "0") == CL_ID_HEX) != zero_seq)
		rc = cl_error_set(err, CL_EINPUT,
				  zero_seq ? "%s.prev: must be 64 zeros at seq 0"
					   : "%s.prev: all zeros after seq 0",
				  tname);
	mval_done(&seqv);
	mval_done(&prevv);
	return rc;
}

int cl_shape_check(const json_t *body, cl_error *err)
{
	const struct body_src b = { body, NULL };

	return shape_check_src(&b, err);
}

int cl_body_check(const json_t *body, cl_error *err)
{
	char *canon = NULL;
	size_t len = 0;
	int rc;

	if ((rc = cl_shape_check(body, err)) != CL_OK)
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

/* ---- facts ------------------------------------------------------------------ */

/* 1 when body `b` holds one of the `n` members `names`. */
static int has_any(const struct body_src *b, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (member_has(b, names[i]))
			return 1;
	return 0;
}

int cl_correction_has_values(const json_t *body)
{
	const struct body_src b = { body, NULL };

	return has_any(&b, cl_corrected_members, CL_NCORRECTED);
}

int cl_correction_has_verdict_values(const json_t *body)
{
	const struct body_src b = { body, NULL };

	return has_any(&b, cl_verdict_corrected_members, CL_NVERDICT_CORRECTED);
}

/* The facts of a body that passed shape_check_src.  CL_OK or CL_ENOMEM. */
static int facts_src(const struct body_src *b, cl_body_facts *f)
{
	struct mval v;
	int rc = CL_OK;

	memset(f, 0, sizeof *f);
#define GET(name) if ((rc = member_get(b, name, &v)) != CL_OK) goto out
	GET("type");
	f->type = cl_type_from_name(v.s);
	mval_done(&v);
	GET("seq");
	f->seq = (uint64_t)v.n;
	GET("prev");
	cl_hex_decode(f->prev, CL_HASH_BYTES, v.s, v.len);
	mval_done(&v);
	GET("signer");
	cl_key_b64_decode(v.s, v.len, f->signer);
	mval_done(&v);
	switch (f->type) {
	case CL_TYPE_GENESIS:
		GET("origin");
		memcpy(f->origin, v.s, v.len + 1); /* a key name: fits */
		mval_done(&v);
		GET("name");
		memcpy(f->name, v.s, v.len + 1);
		break;
	case CL_TYPE_EDITOR:
		GET("name");
		memcpy(f->name, v.s, v.len + 1);
		mval_done(&v);
		GET("pubkey");
		cl_key_b64_decode(v.s, v.len, f->pubkey);
		mval_done(&v);
		f->add = member_is(b, "action", "add");
		break;
	case CL_TYPE_VERDICT:
	case CL_TYPE_CORRECTION:
		GET(f->type == CL_TYPE_VERDICT ? "claim" : "target");
		memcpy(f->ref_hex, v.s, CL_ID_HEX + 1);
		cl_hex_decode(f->ref, CL_HASH_BYTES, v.s, v.len);
		f->has_values = has_any(b, cl_corrected_members, CL_NCORRECTED);
		f->has_verdict_values = has_any(b, cl_verdict_corrected_members,
						CL_NVERDICT_CORRECTED);
		break;
	default:
		break;
	}
	mval_done(&v);
	if (f->type != CL_TYPE_CLAIM && f->type != CL_TYPE_CORRECTION)
		goto out;
	/* What a quote check reads (export_docs.h): a claim's article, and
	 * the view members of a claim or a correction. */
	if (f->type == CL_TYPE_CLAIM) {
		GET("document");
		if (v.s != NULL) {
			f->view |= CL_VIEW_DOCUMENT;
			cl_hex_decode(f->document, CL_HASH_BYTES, v.s, v.len);
		}
		mval_done(&v);
		/* A claim citing no article has no quote to check: its view
		 * is not read (nor its text hashed). */
		if (!(f->view & CL_VIEW_DOCUMENT))
			goto out;
	}
	GET("text");
	if (v.s != NULL) {
		f->view |= CL_VIEW_TEXT;
		cl_sha256(f->text_sha256, v.s, v.len);
	}
	mval_done(&v);
	GET("kind");
	if (v.s != NULL)
		f->view |= CL_VIEW_KIND | (strcmp(v.s, "direct") == 0 ? CL_VIEW_DIRECT : 0);
	mval_done(&v);
	GET("offset");
	if (v.present) {
		f->view |= CL_VIEW_OFFSET;
		f->offset = (uint64_t)v.n;
	}
	GET("length");
	if (v.present) {
		f->view |= CL_VIEW_LENGTH;
		f->length = (uint64_t)v.n;
	}
#undef GET
out:
	mval_done(&v);
	return rc;
}

int cl_record_facts(const json_t *body, cl_body_facts *f)
{
	const struct body_src b = { body, NULL };

	return facts_src(&b, f);
}

int cl_record_quick(const char *body, size_t len, cl_body_facts *f,
		    unsigned char id[CL_HASH_BYTES])
{
	cl_canon_top top;
	const struct body_src b = { NULL, &top };

	if (len > CL_BODY_MAX || !cl_canon_scan(body, len, &top) ||
	    top.n > CL_CANON_TOP_MAX || shape_check_src(&b, NULL) != CL_OK ||
	    facts_src(&b, f) != CL_OK)
		return 0;
	cl_record_id(id, body, len);
	return 1;
}
