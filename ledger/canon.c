/*
 * canon.c: RFC 8785 (JCS) encoder for claimledger's JSON subset.
 *
 * jansson parses; this file only writes.  Every value is checked while it
 * is written (type, integer range, UTF-8), so a json_t assembled in C gets
 * the same scrutiny as one jansson loaded.
 */
#include "ledger/canon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable output buffer; `p` is always NUL-terminated once allocated. */
typedef struct canon_buf {
	char *p;
	size_t len, cap;
} canon_buf;

/* One object member, gathered so the members can be sorted. */
typedef struct canon_member {
	const char *name;
	size_t len;
	json_t *value;
} canon_member;

static int buf_reserve(canon_buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (more >= SIZE_MAX / 2 - b->len)
		return CL_ENOMEM;
	if (b->len + more + 1 <= b->cap)
		return CL_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		return CL_ENOMEM;
	b->p = p;
	b->cap = cap;
	return CL_OK;
}

static int buf_add(canon_buf *b, const void *data, size_t n)
{
	if (buf_reserve(b, n) != CL_OK)
		return CL_ENOMEM;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return CL_OK;
}

static int buf_addc(canon_buf *b, char c)
{
	return buf_add(b, &c, 1);
}

void cl_path_add(cl_path *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && p->n + 1 < sizeof p->s; i++) {
		unsigned char c = (unsigned char)s[i];
		p->s[p->n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	p->s[p->n] = '\0';
}

void cl_path_index(cl_path *p, size_t i)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "[%zu]", i);

	cl_path_add(p, tmp, (size_t)n);
}

void cl_path_restore(cl_path *p, size_t n)
{
	p->n = n;
	p->s[n] = '\0';
}

size_t cl_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0; /* a continuation byte or 0xf8..0xff cannot start */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms would give one character two spellings; surrogates
	 * are not characters; nothing lies above U+10FFFF. */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int cl_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (u[i] < 0x80) { /* ASCII, most of any text: no decoding */
			i++;
			continue;
		}
		n = cl_utf8_decode(u + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

/*
 * The next UTF-16 code unit of a valid UTF-8 string, for sorting names as
 * RFC 8785 3.2.3 asks.  A character above U+FFFF yields its high surrogate
 * and leaves the low one in *pending.  0 at the end of the string.
 */
static int utf16_next(const unsigned char *s, size_t len, size_t *i,
		      uint32_t *pending, uint32_t *unit)
{
	uint32_t cp = 0;
	size_t n;

	if (*pending) {
		*unit = *pending;
		*pending = 0;
		return 1;
	}
	if (*i >= len)
		return 0;
	n = cl_utf8_decode(s + *i, len - *i, &cp);
	if (n == 0)
		n = 1; /* cannot happen: names are validated before sorting */
	*i += n;
	if (cp >= 0x10000) {
		cp -= 0x10000;
		*unit = 0xd800 + (cp >> 10);
		*pending = 0xdc00 + (cp & 0x3ff);
	} else {
		*unit = cp;
	}
	return 1;
}

static int member_cmp(const void *pa, const void *pb)
{
	const canon_member *a = pa, *b = pb;
	const unsigned char *sa = (const unsigned char *)a->name;
	const unsigned char *sb = (const unsigned char *)b->name;
	size_t ia = 0, ib = 0;
	uint32_t pa_ = 0, pb_ = 0, ua, ub;
	int ha, hb;

	for (;;) {
		ha = utf16_next(sa, a->len, &ia, &pa_, &ua);
		hb = utf16_next(sb, b->len, &ib, &pb_, &ub);
		if (!ha || !hb)
			return ha - hb; /* a prefix sorts first */
		if (ua != ub)
			return ua < ub ? -1 : 1;
	}
}

/* A JSON string literal, escaped exactly as canon.h says. */
static int put_string(canon_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	int rc = CL_OK;

	if (buf_reserve(b, len + 2) != CL_OK)
		return CL_ENOMEM;
	if ((rc = buf_addc(b, '"')) != CL_OK)
		goto out;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue; /* copied later as part of a run */
		/* Flush the plain bytes before this one in one copy. */
		if ((rc = buf_add(b, s + run, i - run)) != CL_OK)
			goto out;
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case 0x08: esc[1] = 'b'; break;
		case 0x09: esc[1] = 't'; break;
		case 0x0a: esc[1] = 'n'; break;
		case 0x0c: esc[1] = 'f'; break;
		case 0x0d: esc[1] = 'r'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0x0f];
			n = 6;
			break;
		}
		if ((rc = buf_add(b, esc, n)) != CL_OK)
			goto out;
	}
	if ((rc = buf_add(b, s + run, len - run)) != CL_OK)
		goto out;
	rc = buf_addc(b, '"');
out:
	return rc;
}

static int put_value(canon_buf *b, const json_t *v, cl_path *path,
		     int depth, cl_error *err);

static int put_object(canon_buf *b, const json_t *v, cl_path *path,
		      int depth, cl_error *err)
{
	canon_member *m = NULL;
	size_t n = json_object_size(v), i = 0, saved = path->n;
	const char *name;
	json_t *value;
	int rc = CL_OK;

	if (n > 0 && (m = calloc(n, sizeof *m)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "%s: out of memory", path->s);
		goto out;
	}
	/* jansson's iterators take a non-const object but do not change it. */
	json_object_foreach((json_t *)v, name, value) {
		if (i == n)
			break;
		m[i].name = name;
		m[i].len = json_object_iter_key_len(json_object_key_to_iter(name));
		m[i].value = value;
		if (!cl_utf8_valid(name, m[i].len)) {
			rc = cl_error_set(err, CL_EINPUT,
					  "%s: member name is not valid UTF-8",
					  path->s);
			goto out;
		}
		i++;
	}
	if (n > 1)
		qsort(m, n, sizeof *m, member_cmp);
	if ((rc = buf_addc(b, '{')) != CL_OK)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (i > 0 && (rc = buf_addc(b, ',')) != CL_OK)
			goto nomem;
		if ((rc = put_string(b, m[i].name, m[i].len)) != CL_OK ||
		    (rc = buf_addc(b, ':')) != CL_OK)
			goto nomem;
		cl_path_add(path, ".", 1);
		cl_path_add(path, m[i].name, m[i].len);
		rc = put_value(b, m[i].value, path, depth + 1, err);
		cl_path_restore(path, saved);
		if (rc != CL_OK)
			goto out;
	}
	rc = buf_addc(b, '}');
nomem:
	if (rc == CL_ENOMEM)
		cl_error_set(err, CL_ENOMEM, "%s: out of memory", path->s);
out:
	free(m);
	return rc;
}

static int put_array(canon_buf *b, const json_t *v, cl_path *path,
		     int depth, cl_error *err)
{
	size_t i, n = json_array_size(v), saved = path->n;
	int rc;

	if ((rc = buf_addc(b, '[')) != CL_OK)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (i > 0 && (rc = buf_addc(b, ',')) != CL_OK)
			goto nomem;
		cl_path_index(path, i);
		rc = put_value(b, json_array_get(v, i), path, depth + 1, err);
		cl_path_restore(path, saved);
		if (rc != CL_OK)
			goto out;
	}
	rc = buf_addc(b, ']');
nomem:
	if (rc == CL_ENOMEM)
		cl_error_set(err, CL_ENOMEM, "%s: out of memory", path->s);
out:
	return rc;
}

static int put_value(canon_buf *b, const json_t *v, cl_path *path,
		     int depth, cl_error *err)
{
	char num[32];
	json_int_t n;
	int rc = CL_OK;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		/* Bounded recursion: hostile input cannot exhaust the stack,
		 * and a json_t that contains itself stops here too. */
		if (depth >= CL_CANON_MAX_DEPTH) {
			rc = cl_error_set(err, CL_EINPUT,
					  "%s: nested deeper than %d levels",
					  path->s, CL_CANON_MAX_DEPTH);
			break;
		}
		if (json_is_object(v))
			rc = put_object(b, v, path, depth, err);
		else
			rc = put_array(b, v, path, depth, err);
		break;
	case JSON_STRING:
		if (!cl_utf8_valid(json_string_value(v), json_string_length(v))) {
			rc = cl_error_set(err, CL_EINPUT, "%s: not valid UTF-8",
					  path->s);
			break;
		}
		rc = put_string(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		n = json_integer_value(v);
		/* Beyond 2^53 a double (what most JSON readers use) cannot
		 * hold every integer, so two readers could disagree. */
		if (n >= CL_INT_LIMIT || n <= -CL_INT_LIMIT) {
			rc = cl_error_set(err, CL_EINPUT,
					  "%s: integer out of range (|n| must be below 2^53)",
					  path->s);
			break;
		}
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, n);
		rc = buf_add(b, num, strlen(num));
		break;
	case JSON_TRUE:
		rc = buf_add(b, "true", 4);
		break;
	case JSON_FALSE:
		rc = buf_add(b, "false", 5);
		break;
	case JSON_REAL:
		/* Float formatting is where JSON encoders disagree most. */
		rc = cl_error_set(err, CL_EINPUT, "%s: floats are not allowed",
				  path->s);
		break;
	case JSON_NULL:
	default:
		rc = cl_error_set(err, CL_EINPUT, "%s: null is not allowed",
				  path->s);
		break;
	}
	if (rc == CL_ENOMEM)
		cl_error_set(err, CL_ENOMEM, "%s: out of memory", path->s);
	return rc;
}

int cl_canon_encode(const json_t *v, char **out, size_t *out_len, cl_error *err)
{
	canon_buf b = { NULL, 0, 0 };
	cl_path path;
	int rc;

	*out = NULL;
	*out_len = 0;
	path.n = 0;
	path.s[0] = '\0';
	cl_path_add(&path, "body", 4);
	if (v == NULL) {
		rc = cl_error_set(err, CL_EINPUT, "body: no value");
		goto out;
	}
	if ((rc = put_value(&b, v, &path, 0, err)) != CL_OK)
		goto out;
	*out = b.p;
	*out_len = b.len;
	b.p = NULL;
out:
	free(b.p);
	return rc;
}

int cl_canon_parse(const char *buf, size_t len, json_t **out, cl_error *err)
{
	json_error_t jerr;
	json_t *v = NULL;
	char *canon = NULL;
	size_t canon_len = 0, i;
	int rc;

	*out = NULL;
	/* Canonical bytes (nearly every body read) need only jansson's
	 * parse: re-encoding them would give them back.  Anything else
	 * takes the long way, which says what is wrong. */
	if (cl_canon_check(buf, len) &&
	    (v = json_loadb(buf, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL)) != NULL)
		goto done; /* no duplicate: the check wants names increasing */
	v = json_loadb(buf, len,
		       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL,
		       &jerr);
	if (v == NULL) {
		rc = cl_error_set(err, CL_EINPUT, "not JSON: %s at byte %d",
				  jerr.text, jerr.position);
		goto out;
	}
	if ((rc = cl_canon_encode(v, &canon, &canon_len, err)) != CL_OK)
		goto out;
	if (canon_len != len || memcmp(canon, buf, len) != 0) {
		for (i = 0; i < len && i < canon_len && buf[i] == canon[i]; i++)
			;
		rc = cl_error_set(err, CL_EINPUT,
				  "not canonical JSON: differs at byte %zu", i);
		goto out;
	}
done:
	*out = v;
	v = NULL;
	rc = CL_OK;
out:
	free(canon);
	json_decref(v);
	return rc;
}
