/*
 * report.h: the ledger as one static HTML page for people who do not use
 * a terminal (`export --format html`).
 *
 * The page is self-contained: inline CSS only (with an @media print part),
 * no script, no image, no font or style sheet from elsewhere, so it reads
 * the same offline, in a mail attachment or on paper.  It holds, in order:
 *
 *   - the summary: claims by current verdict, and by speaker (each speaker's
 *     claims counted per verdict);
 *   - the claims by article (the archived document, else the source), each
 *     with its current view (facts.h: corrections applied), current verdict,
 *     history (every verdict and correction with seq and date), and the
 *     sentence of the archived article around its span (else the claim's
 *     recorded context);
 *   - the claims by speaker: one line per claim, linked to its card above;
 *   - the checkpoint: the latest signed checkpoint (origin, size, root, the
 *     note as signed), the owner's verifier key, and the exact commands that
 *     check it; records appended after it are named as not yet covered
 *     (their cards and history entries say so too).
 *
 * Everything a record or an article says is third-party text: it goes
 * through cl_html_text (text nodes and attribute values alike), and a URL
 * becomes an href only when it passes the URL policy (url.h,
 * cl_url_valid: absolute http(s)), with rel="noopener noreferrer"; any
 * other stored "URL" is shown as text.
 *
 * Memory: the writer never holds the records.  A first pass over the
 * claims keeps one entry per article and per speaker (name, counts) and
 * the 8-byte seq of each claim in each of the two groupings; the cards are
 * then written one claim at a time (its view and history), with one
 * archived article in memory at a time.  The library writes only to the
 * FILE * it is given.  Errors follow base/error.h.
 */
#ifndef CL_REPORT_H
#define CL_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "ledger/store.h"

/* What a report holds. */
typedef struct cl_report_info {
	uint64_t claims;   /* claims in the report */
	uint64_t articles; /* groups by article */
	uint64_t speakers; /* groups by speaker */
} cl_report_info;

/*
 * Write `s` (`len` bytes, need not be NUL-terminated) as HTML text that is
 * safe both as a text node and inside a double- or single-quoted attribute
 * value: & < > " ' become &amp; &lt; &gt; &quot; &#39;, a control
 * character other than newline and tab, and every byte that does not
 * start a well-formed UTF-8 character, become U+FFFD.  Nothing else
 * changes.  CL_EIO when a write fails (errno from stdio).
 */
int cl_html_text(FILE *out, const char *s, size_t len);

/*
 * Write the report of the ledger `l` as it is now (records 0 .. size-1 at
 * the start of the call; later appends are not in it) to `out`, then
 * fflush it.
 * @param[in]  l     an open ledger (read-only is enough)
 * @param[out] out   where the page goes; on failure part of it may have
 *                   been written (write to a temporary file)
 * @param[out] info  (may be NULL) counts, filled on success
 * Errors: CL_EIO (a write failed), CL_ENOMEM, CL_EINTEGRITY (a stored
 * body is not JSON), the store's CL_ESTORE.
 */
int cl_report_html(cl_ledger *l, FILE *out, cl_report_info *info, cl_error *err);

#endif
