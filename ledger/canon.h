/*
 * canon.h: RFC 8785 (JCS) canonical JSON for claimledger's subset.
 *
 * A record body is a JSON object built from strings, integers with
 * |n| < 2^53, booleans, arrays and objects.  Floats and null are refused.
 * Canonical form (RFC 8785 restricted to that subset):
 *   - no white space;
 *   - object members sorted by their names compared as arrays of UTF-16
 *     code units (RFC 8785 section 3.2.3), names unique;
 *   - strings: '"' and '\\' escaped as \" and \\, U+0008 U+0009 U+000A
 *     U+000C U+000D as \b \t \n \f \r, other U+0000..U+001F as \u00xx
 *     (lowercase hex), every other character as its own UTF-8 bytes;
 *   - integers in shortest decimal form ("-0" never occurs).
 * Values come as jansson json_t trees (parsing is jansson's job).
 */
#ifndef CL_CANON_H
#define CL_CANON_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "base/error.h"

#define CL_INT_LIMIT 9007199254740992LL /* 2^53: |n| must be below it */

/*
 * Where in a value a message is about ("body.evidence[2]"), shared by the
 * encoder and the record rules.  Start with { .n = 0, .s = "" }; appending
 * keeps as much as fits (the tail is lost, never overrun) and turns
 * control bytes of member names into '?' so a message stays one line.
 * To step back out, remember p->n and pass it to cl_path_restore.
 */
typedef struct cl_path {
	char s[200];
	size_t n;
} cl_path;
void cl_path_add(cl_path *p, const char *s, size_t n);
void cl_path_index(cl_path *p, size_t i); /* "[i]" */
void cl_path_restore(cl_path *p, size_t n);
#define CL_CANON_MAX_DEPTH 32 /* arrays and objects nested at most this deep */

/*
 * Canonical bytes of `v` into a malloc'd buffer *out (NUL-terminated for
 * convenience; *out_len excludes the NUL; a string holding U+0000 comes out
 * as \u0000, so the NUL is never inside the bytes).  The caller frees *out;
 * on failure *out is NULL.
 * CL_EINPUT when `v` holds a real, a null, an integer out of range, a
 * string or member name that is not valid UTF-8, or containers nested more
 * than CL_CANON_MAX_DEPTH deep (which also stops a json_t that contains
 * itself); the message names the member path, the root being "body"
 * ("body.offset: floats are not allowed", "body.evidence[2]: ...").
 * CL_ENOMEM.
 */
int cl_canon_encode(const json_t *v, char **out, size_t *out_len, cl_error *err);

/*
 * Parse `len` bytes as JSON with jansson (duplicate names refused, any
 * value accepted at the top, "\u0000" accepted so that it can be judged
 * like any other string) and check that they are already canonical: same
 * bytes as cl_canon_encode of the result, so white space, unsorted names,
 * needless escapes ("\u0041"), "-0", "1.0" and trailing bytes are all
 * refused.  On success *out is a new reference the caller releases with
 * json_decref(); on failure *out is NULL.  CL_EINPUT otherwise, with what
 * is wrong ("not JSON: ...", "not canonical JSON: differs at byte 12"),
 * CL_ENOMEM.  Bytes cl_canon_check accepts are parsed once and not
 * re-encoded (same verdict, about half the time).
 */
int cl_canon_parse(const char *buf, size_t len, json_t **out, cl_error *err);

/*
 * 1 when the `len` bytes at `buf` are, byte for byte, the canonical form
 * of one value of the subset, else 0: the verdict of cl_canon_parse
 * (CL_OK or not) on every input, in one pass over the bytes, without
 * allocating and without building a json_t.  So: no white space
 * anywhere, nothing after the value; member names unique and sorted by
 * UTF-16 code units; strings valid UTF-8 (no surrogates) with exactly the
 * escapes listed above (\u00xx lowercase, only for U+0000..U+001F
 * without a short form; no U+0000 in a member name, which jansson
 * refuses); integers "0" or [-]1-9 digits with |n| < 2^53 (never "-0",
 * "1.0", "1e5"); true, false; no null; containers nested at most
 * CL_CANON_MAX_DEPTH deep.  A NULL `buf` gives 0.  Says nothing about
 * why: for the message, ask cl_canon_parse.
 * Cannot fail otherwise; safe on any thread.
 */
int cl_canon_check(const char *buf, size_t len);

/*
 * What cl_canon_scan tells of canonical bytes, for a reader that wants a
 * few top-level members of an object without building a json_t (the
 * record rules' quick path, record.h: cl_record_quick).  Pointers are
 * into the scanned bytes: valid while they are.
 */
enum {
	CL_CANON_STRING = 1, CL_CANON_INT, CL_CANON_TRUE, CL_CANON_FALSE,
	CL_CANON_ARRAY, CL_CANON_OBJECT
};
#define CL_CANON_TOP_MAX 48 /* members described; more are only counted */

/* One member of the top-level object. */
typedef struct cl_canon_member {
	const char *name;   /* the name's text between its quotes, escaped */
	size_t name_len;
	const char *val;    /* a string: between its quotes, escaped; else the
			     * value's whole text */
	size_t val_len;
	size_t dlen;        /* a string: its length unescaped, in bytes */
	int64_t num;        /* an integer's value */
	size_t count;       /* an array's elements */
	size_t first_bad;   /* an array: the first element that is not a
			     * non-empty string, SIZE_MAX if none */
	unsigned char type; /* CL_CANON_STRING ... CL_CANON_OBJECT */
	unsigned char name_esc, val_esc; /* the text holds an escape */
	unsigned char nl;   /* a string holding U+000A */
	unsigned char ctl;  /* a string holding another U+0000..U+001F or U+007F */
} cl_canon_member;

typedef struct cl_canon_top {
	int is_object;        /* the value is an object (else n is 0) */
	size_t n;             /* its members; only the first CL_CANON_TOP_MAX
			       * are in m[], in their (canonical) order */
	/* Every other string anywhere (member names, array elements, values
	 * nested deeper): the longest unescaped, in bytes, and whether any
	 * holds a control character (U+0000..U+001F, U+007F). */
	size_t other_max_len;
	int other_ctl;
	cl_canon_member m[CL_CANON_TOP_MAX];
} cl_canon_top;

/*
 * cl_canon_check, and when it says 1, the summary above of the value in
 * *top.  Returns what cl_canon_check returns for the same bytes.  No
 * allocation; safe on any thread.
 */
int cl_canon_scan(const char *buf, size_t len, cl_canon_top *top);

/* The member of a scanned object named `name` (compared as written: a
 * name holding an escape is never found), or NULL. */
const cl_canon_member *cl_canon_top_find(const cl_canon_top *t, const char *name);

/*
 * The characters of a string's canonical text (`len` bytes between its
 * quotes, as cl_canon_scan accepted them) into `out`, which has room for
 * its unescaped length (never more than `len`).  Returns the bytes
 * written; no NUL is added.
 */
size_t cl_canon_unescape(const char *s, size_t len, char *out);

/*
 * Decode one UTF-8 character from the `len` bytes at `s` (len > 0) into
 * *cp.  Returns the bytes it takes (1..4), or 0 when they are not valid
 * UTF-8: overlong forms, surrogates (U+D800..U+DFFF), code points above
 * U+10FFFF and truncated sequences are all invalid.  Cannot fail otherwise.
 */
size_t cl_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* 1 when the `len` bytes at `s` are valid UTF-8 (U+0000 allowed), else 0. */
int cl_utf8_valid(const char *s, size_t len);

#endif
