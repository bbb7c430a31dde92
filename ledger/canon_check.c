/*
 * canon_check.c: is a byte string already the canonical form (canon.h) of
 * a value of our subset?  One pass over the bytes, no allocation, no
 * json_t: what verify and verify-export need where a body is only
 * checked.  cl_canon_parse (jansson's parse, then cl_canon_encode and a
 * comparison) stays the reference; fuzz/canon_diff_fuzz.c holds the two
 * to the same verdict on every input.
 */
#include "ledger/canon.h"

#include <stddef.h>
#include <string.h>

struct scan {
	const unsigned char *s;
	size_t len, i;
	cl_canon_top *top; /* cl_canon_scan's summary, or NULL */
};

/* What string() saw of one string's characters. */
struct sstat {
	size_t dlen;   /* its length once unescaped */
	int esc;       /* it holds an escape */
	int nl;        /* it holds U+000A */
	int ctl;       /* it holds another control character, or U+007F */
};

static int value(struct scan *c, int depth, cl_canon_member *m);

/*
 * A canonical integer: "0", or an optional "-" and a digit 1-9 followed
 * by digits, of magnitude below 2^53 (so at most 16 digits).  No fraction
 * or exponent: jansson reads those as reals, which the subset refuses.
 */
static int number(struct scan *c)
{
	uint64_t n = 0;
	size_t digits = 0;
	int neg = 0;

	if (c->s[c->i] == '-') {
		neg = 1;
		c->i++;
	}
	if (c->i >= c->len || c->s[c->i] < '0' || c->s[c->i] > '9')
		return 0;
	if (c->s[c->i] == '0') {
		c->i++;
		/* "-0" is written "0"; "01" is not JSON. */
		if (neg)
			return 0;
	} else {
		while (c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
			if (++digits > 16)
				return 0;
			n = n * 10 + (uint64_t)(c->s[c->i] - '0');
			c->i++;
		}
		if (n >= (uint64_t)CL_INT_LIMIT)
			return 0;
	}
	/* A fraction or an exponent makes a real. */
	if (c->i < c->len && (c->s[c->i] == '.' || c->s[c->i] == 'e' ||
			      c->s[c->i] == 'E'))
		return 0;
	return 1;
}

static int hexval(unsigned char h)
{
	if (h >= '0' && h <= '9')
		return h - '0';
	if (h >= 'a' && h <= 'f')
		return h - 'a' + 10;
	return -1; /* uppercase hex is never written */
}

/*
 * A string literal, c->i at its opening quote; leaves c->i after the
 * closing one.  Only the escapes cl_canon_encode writes are allowed, each
 * for the one character it writes it for; everything else is its own
 * valid UTF-8.  `is_name`: a member name, where jansson refuses U+0000.
 */
static int string(struct scan *c, int is_name, struct sstat *st)
{
	uint32_t cp;
	size_t n, start = c->i + 1, escapes = 0;
	int hi, lo;

	memset(st, 0, sizeof *st);
	c->i++;
	for (;;) {
		unsigned char b;

		/* Most of a body is printable ASCII: skip it in a tight loop
		 * (what stops it is looked at below). */
		while (c->i < c->len && c->s[c->i] >= 0x20 && c->s[c->i] < 0x7f &&
		       c->s[c->i] != '"' && c->s[c->i] != '\\')
			c->i++;
		if (c->i >= c->len)
			return 0;
		b = c->s[c->i];
		if (b == '"') {
			/* each escape stands for one byte: \uXXXX for 6, the
			 * others for 2 */
			st->dlen = c->i - start - escapes;
			c->i++;
			return 1;
		}
		if (b < 0x20)
			return 0; /* raw control characters are not JSON */
		if (b < 0x80 && b != '\\') {
			st->ctl |= b == 0x7f;
			c->i++;
			continue;
		}
		if (b >= 0x80) {
			if ((n = cl_utf8_decode(c->s + c->i, c->len - c->i, &cp)) == 0)
				return 0;
			c->i += n;
			continue;
		}
		if (c->i + 1 >= c->len)
			return 0;
		st->esc = 1;
		switch (c->s[c->i + 1]) {
		case 'n':
			st->nl = 1;
			escapes += 1;
			c->i += 2;
			continue;
		case 'b': case 't': case 'f': case 'r':
			st->ctl = 1;
			/* fall through */
		case '"': case '\\':
			escapes += 1;
			c->i += 2;
			continue;
		case 'u':
			break;
		default:
			return 0; /* "\/" and anything else is never written */
		}
		/* \u00xx, lowercase, only for the controls without a short form */
		if (c->len - c->i < 6 || c->s[c->i + 2] != '0' || c->s[c->i + 3] != '0' ||
		    (hi = hexval(c->s[c->i + 4])) < 0 || hi > 1 ||
		    (lo = hexval(c->s[c->i + 5])) < 0)
			return 0;
		cp = (uint32_t)(hi * 16 + lo);
		if (cp == 0x08 || cp == 0x09 || cp == 0x0a || cp == 0x0c || cp == 0x0d)
			return 0;
		if (cp == 0 && is_name)
			return 0;
		st->ctl = 1;
		escapes += 5;
		c->i += 6;
	}
}

/*
 * The next UTF-16 code unit of a member name as it stands in canonical
 * text (already checked by string()), for the RFC 8785 order.  *i walks
 * the text between the quotes; a character above U+FFFF gives its high
 * surrogate and leaves the low one in *pending.  0 at the end.
 */
static int name_unit(const unsigned char *s, size_t end, size_t *i,
		     uint32_t *pending, uint32_t *unit)
{
	uint32_t cp = 0;
	size_t n;

	if (*pending) {
		*unit = *pending;
		*pending = 0;
		return 1;
	}
	if (*i >= end)
		return 0;
	if (s[*i] == '\\') {
		switch (s[*i + 1]) {
		case 'b': cp = 0x08; break;
		case 't': cp = 0x09; break;
		case 'n': cp = 0x0a; break;
		case 'f': cp = 0x0c; break;
		case 'r': cp = 0x0d; break;
		case 'u': cp = (uint32_t)(hexval(s[*i + 4]) * 16 + hexval(s[*i + 5])); break;
		default: cp = s[*i + 1]; break; /* \" and \\ */
		}
		*i += s[*i + 1] == 'u' ? 6 : 2;
	} else {
		n = cl_utf8_decode(s + *i, end - *i, &cp);
		*i += n ? n : 1; /* n is never 0: string() checked the text */
	}
	if (cp >= 0x10000) {
		cp -= 0x10000;
		*unit = 0xd800 + (cp >> 10);
		*pending = 0xdc00 + (cp & 0x3ff);
	} else {
		*unit = cp;
	}
	return 1;
}

/* 1 when the `n` bytes at `s` are printable ASCII without a backslash:
 * a name whose UTF-16 code units are its bytes. */
static int plain_ascii(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f || s[i] == '\\')
			return 0;
	return 1;
}

/* <0, 0, >0 as name a (text a0..a1) sorts before, with, after name b. */
static int name_cmp(const unsigned char *s, size_t a0, size_t a1, size_t b0, size_t b1)
{
	uint32_t pa = 0, pb = 0, ua, ub;
	int ha, hb;

	/* Our members' names: byte order is UTF-16 order, a prefix first. */
	if (plain_ascii(s + a0, a1 - a0) && plain_ascii(s + b0, b1 - b0)) {
		size_t na = a1 - a0, nb = b1 - b0;
		int d = memcmp(s + a0, s + b0, na < nb ? na : nb);
		return d != 0 ? d : (na > nb) - (na < nb);
	}

	for (;;) {
		ha = name_unit(s, a1, &a0, &pa, &ua);
		hb = name_unit(s, b1, &b0, &pb, &ub);
		if (!ha || !hb)
			return ha - hb; /* a prefix sorts first */
		if (ua != ub)
			return ua < ub ? -1 : 1;
	}
}

/* What the summary learns of a string that is not a member value of the
 * top-level object (those are in their member). */
static void other_string(struct scan *c, const struct sstat *st)
{
	if (c->top == NULL)
		return;
	if (st->dlen > c->top->other_max_len)
		c->top->other_max_len = st->dlen;
	c->top->other_ctl |= st->ctl || st->nl;
}

static int object(struct scan *c, int depth)
{
	size_t prev0 = 0, prev1 = 0, n0, n1;
	cl_canon_member *m = NULL;
	struct sstat st;
	int first = 1;

	c->i++;
	if (c->i < c->len && c->s[c->i] == '}') {
		c->i++;
		return 1;
	}
	for (;;) {
		if (c->i >= c->len || c->s[c->i] != '"')
			return 0;
		n0 = c->i + 1;
		if (!string(c, 1, &st))
			return 0;
		n1 = c->i - 1;
		other_string(c, &st);
		/* Strictly increasing: sorted, and no name twice. */
		if (!first && name_cmp(c->s, prev0, prev1, n0, n1) >= 0)
			return 0;
		first = 0;
		prev0 = n0;
		prev1 = n1;
		if (c->i >= c->len || c->s[c->i] != ':')
			return 0;
		c->i++;
		m = NULL;
		if (depth == 0 && c->top != NULL) {
			if (c->top->n < CL_CANON_TOP_MAX) {
				m = &c->top->m[c->top->n];
				memset(m, 0, sizeof *m);
				m->name = (const char *)c->s + n0;
				m->name_len = n1 - n0;
				m->name_esc = st.esc;
			}
			c->top->n++; /* past CL_CANON_TOP_MAX: counted only */
		}
		if (!value(c, depth + 1, m))
			return 0;
		if (c->i >= c->len)
			return 0;
		if (c->s[c->i] == '}') {
			c->i++;
			return 1;
		}
		if (c->s[c->i] != ',')
			return 0;
		c->i++;
	}
}

/* `m`: the top-level member this array is the value of, or NULL. */
static int array(struct scan *c, int depth, cl_canon_member *m)
{
	size_t at;

	c->i++;
	if (m)
		m->first_bad = SIZE_MAX;
	if (c->i < c->len && c->s[c->i] == ']') {
		c->i++;
		return 1;
	}
	for (;;) {
		at = c->i;
		if (!value(c, depth + 1, NULL))
			return 0;
		/* An element that is not a non-empty string: its text is "". */
		if (m && m->first_bad == SIZE_MAX &&
		    (c->s[at] != '"' || c->i - at == 2))
			m->first_bad = m->count;
		if (m)
			m->count++;
		if (c->i >= c->len)
			return 0;
		if (c->s[c->i] == ']') {
			c->i++;
			return 1;
		}
		if (c->s[c->i] != ',')
			return 0;
		c->i++;
	}
}

static int literal(struct scan *c, const char *word, size_t n)
{
	if (c->len - c->i < n || memcmp(c->s + c->i, word, n) != 0)
		return 0;
	c->i += n;
	return 1;
}

/* A canonical integer's value (number() checked the text). */
static int64_t int_value(const unsigned char *s, size_t n)
{
	int64_t v = 0;
	size_t i = s[0] == '-';

	for (; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return s[0] == '-' ? -v : v;
}

/* One value at nesting `depth` (the containers around it); `m`, when not
 * NULL, is the top-level member it is the value of, to fill in. */
static int value(struct scan *c, int depth, cl_canon_member *m)
{
	size_t at = c->i;
	struct sstat st;
	int ok;

	if (c->i >= c->len)
		return 0;
	switch (c->s[c->i]) {
	case '{':
	case '[':
		/* The encoder's limit, which also bounds this recursion. */
		if (depth >= CL_CANON_MAX_DEPTH)
			return 0;
		if (m)
			m->type = c->s[c->i] == '{' ? CL_CANON_OBJECT : CL_CANON_ARRAY;
		ok = c->s[c->i] == '{' ? object(c, depth) : array(c, depth, m);
		break;
	case '"':
		if (!(ok = string(c, 0, &st)))
			break;
		if (m == NULL) {
			other_string(c, &st);
			break;
		}
		m->type = CL_CANON_STRING;
		m->val = (const char *)c->s + at + 1;
		m->val_len = c->i - at - 2;
		m->val_esc = st.esc;
		m->dlen = st.dlen;
		m->nl = st.nl;
		m->ctl = st.ctl;
		break;
	case 't':
		ok = literal(c, "true", 4);
		if (m)
			m->type = CL_CANON_TRUE;
		break;
	case 'f':
		ok = literal(c, "false", 5);
		if (m)
			m->type = CL_CANON_FALSE;
		break;
	default:
		ok = number(c); /* null is refused here too */
		if (ok && m) {
			m->type = CL_CANON_INT;
			m->num = int_value(c->s + at, c->i - at);
		}
		break;
	}
	if (ok && m && m->type != CL_CANON_STRING) {
		m->val = (const char *)c->s + at;
		m->val_len = c->i - at;
	}
	return ok;
}

int cl_canon_check(const char *buf, size_t len)
{
	struct scan c = { (const unsigned char *)buf, len, 0, NULL };

	if (buf == NULL || !value(&c, 0, NULL))
		return 0;
	return c.i == len; /* nothing after the value, white space included */
}

int cl_canon_scan(const char *buf, size_t len, cl_canon_top *top)
{
	struct scan c = { (const unsigned char *)buf, len, 0, top };

	memset(top, 0, offsetof(cl_canon_top, m));
	if (buf == NULL || !value(&c, 0, NULL) || c.i != len)
		return 0;
	top->is_object = buf[0] == '{';
	return 1;
}

const cl_canon_member *cl_canon_top_find(const cl_canon_top *t, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; i < t->n && i < CL_CANON_TOP_MAX; i++)
		if (!t->m[i].name_esc && t->m[i].name_len == n &&
		    memcmp(t->m[i].name, name, n) == 0)
			return &t->m[i];
	return NULL;
}

size_t cl_canon_unescape(const char *s, size_t len, char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if (s[i] != '\\') {
			out[n++] = s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b': out[n++] = '\b'; break;
		case 't': out[n++] = '\t'; break;
		case 'n': out[n++] = '\n'; break;
		case 'f': out[n++] = '\f'; break;
		case 'r': out[n++] = '\r'; break;
		case 'u': out[n++] = (char)(hexval((unsigned char)s[i + 4]) * 16 +
					     hexval((unsigned char)s[i + 5]));
			  i += 4;
			  break;
		default: out[n++] = s[i + 1]; break; /* \" and \\ */
		}
		i += 2;
	}
	return n;
}
