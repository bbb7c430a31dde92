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
#include <jansson.h>

#include "ledger/error.h"

#define CL_INT_LIMIT 9007199254740992LL /* 2^53: |n| must be below it */

/*
 * Canonical bytes of `v` into a malloc'd buffer *out (NUL-terminated for
 * convenience; *out_len excludes the NUL).  The caller frees *out.
 * CL_EINPUT when `v` holds a real, a null, an integer out of range or a
 * string that is not valid UTF-8; the message names the member path
 * ("body.offset: floats are not allowed").  CL_ENOMEM.
 */
int cl_canon_encode(const json_t *v, char **out, size_t *out_len, cl_error *err);

/*
 * Parse `len` bytes as JSON with jansson (duplicate names refused) and
 * check that they are already canonical: same bytes as cl_canon_encode of
 * the result.  On success *out is a new reference the caller releases with
 * json_decref().  CL_EINPUT otherwise, with what is wrong.
 */
int cl_canon_parse(const char *buf, size_t len, json_t **out, cl_error *err);

#endif
