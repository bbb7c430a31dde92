/*
 * quote.h: the quote text rule, the one normalisation of a direct quote.
 *
 * Normative (SPEC.md, "Claim extraction", quote text rule): the extractor
 * builds the `text` of every direct claim through cl_quote_text(), and the
 * store (every append and `verify`) and `import --jsonl` use the same
 * function to re-check an archived direct quote against the bytes of its
 * article at its offset.  It lives in base/ so that ledger/, extract/ and
 * cli/ all call this one copy, and none of them has to reach into another.
 *
 * Errors follow base/error.h.
 */
#ifndef CL_QUOTE_H
#define CL_QUOTE_H

#include <stddef.h>

#include "base/error.h"

/*
 * The `text` of a direct claim, from the bytes of its span: span[0..len)
 * is exactly the article bytes at the claim's offset/length.  This is the
 * one rule the extractor uses for every direct claim, and the rule
 * `verify` uses to re-check an archived quote against its article:
 *
 *   - double quote marks (" “ ” „ ‟ ″ « ») are dropped; single marks
 *     (' ‘ ’) stay, as apostrophes or nested quotes;
 *   - the rest is read as tokens: words (letters, digits and the joiners
 *     ' ’ - . inside a word, a comma between digits) and single
 *     punctuation characters;
 *   - two tokens are joined by one space when white space (any Unicode
 *     space, newline, tab) lay between them, or when a dropped quote mark
 *     lay between a word (or . , ; : ! ?) and a word; otherwise they are
 *     glued as written;
 *   - a . ! ? or , repeated after a gap (`opinions. .`, left by a stray
 *     mark) is kept once; `...` written without a gap stays;
 *   - trailing , ; : are dropped; there is never leading or trailing
 *     space.
 *
 * Characters, spaces, quote marks and word ends are those of base/text.h,
 * the extractor's own.  On success *out is a new NUL-terminated string
 * (possibly "") the caller frees; it is never longer than the span.
 * `span` need not be NUL-terminated.  Errors: CL_EINPUT "not UTF-8 text
 * at byte N" (invalid UTF-8 or a NUL byte at span offset N); CL_ENOMEM.
 * On error *out is NULL.
 */
int cl_quote_text(const char *span, size_t len, char **out, cl_error *err);

#endif
