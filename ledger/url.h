/*
 * url.h: what this implementation accepts as a URL, and where.
 *
 * A record's `claim.source`, `verdict.evidence[]`, `config.url` and
 * `correction.source` are "normally a URL" in SPEC.md: the record rules
 * (record.c, verify, verify-export, third-party verifiers) accept any
 * non-empty string there, so old ledgers stay valid.  Appending a record
 * is stricter: these members must be absolute http(s) URLs (cl_url_check),
 * because they end up as links (ClaimReview `url`, `appearance.url`) in
 * pages and spreadsheets.  This is an input policy of claimledger, not a
 * record rule; the store applies it on every append built from fields
 * (cl_txn_append, cl_txn_append_stream), and readers that turn stored
 * values into links check them again (an old ledger may hold anything).
 * `verdict.url` (the fact-check's own address) came later, when no record
 * could hold anything else there, so for it cl_url_check is a record rule
 * as well (record.c).
 */
#ifndef CL_URL_H
#define CL_URL_H

#include <stddef.h>
#include <jansson.h>

#include "base/error.h"

#define CL_URL_MAX 2048 /* bytes in an accepted URL */

/*
 * Why `s` (`len` bytes, need not be NUL-terminated) is not an absolute
 * http(s) URL, as static text starting "not an absolute http(s) URL", or
 * NULL when it is one:
 *   - at most CL_URL_MAX bytes, ASCII only (a non-ASCII character must be
 *     percent-encoded, an internationalised host written in punycode);
 *   - scheme `http` or `https` (ASCII case-insensitive), then `://`;
 *   - no user information: an `@` before the host is refused (the
 *     classic https://trusted.example@evil.example/ spoof);
 *   - a host: letters, digits, `-` and `.` with at least one letter or
 *     digit, or an IPv6 literal in brackets (hex digits, `:`, `.`);
 *   - optionally `:port`, 1 to 5 digits, at most 65535;
 *   - then nothing, or a path, query or fragment (starting with `/`, `?`
 *     or `#`) of printable ASCII except space and " < > \ ^ ` { | }.
 * Cannot fail.
 */
const char *cl_url_check(const char *s, size_t len);

/* 1 when cl_url_check finds nothing wrong with `s`, else 0. */
int cl_url_valid(const char *s, size_t len);

/*
 * The input policy for a record about to be appended, given the fields it
 * is built from (a JSON object with `type`): every URL member of its type
 * (claim and correction `source`, verdict `evidence[]` and `url`, config
 * `url`) that
 * is a string must pass cl_url_check.  A member that is absent or not a
 * string is left to the record rules.  CL_EINPUT with the member, a short
 * quote of the value and the reason ("claim.source 'example.com': not an
 * absolute http(s) URL (it must start with http:// or https://)"), else
 * CL_OK.
 */
int cl_fields_urls_check(const json_t *fields, cl_error *err);

#endif
