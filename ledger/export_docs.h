/*
 * export_docs.h: the archived articles of a jsonl export (SPEC.md, "The
 * audit export", documents), for ledger/export.c; `publish`
 * (ledger/publish.c) uses cl_docset too, to learn which articles the
 * records it publishes cite.
 *
 * An export may carry, after its records and before its checkpoint, a
 * line {"documents":K} and K lines {"bytes":B64,"document":HEX}: every
 * archived article a claim cites, once each, in the order first cited.
 * The writer learns which while it streams the records (cl_docset: about 70
 * bytes a distinct article, never the articles themselves); the verifier
 * (cl_quotes) remembers, for every claim citing an article, the claim's
 * current view (article, kind, span, SHA-256 of its text) and every quote
 * to check, about 100 bytes a claim, then checks each quote when its
 * article's line arrives: one article in memory at a time.
 *
 * The quote rule is the ledger's own: the text of a direct claim (or of
 * its corrected view, as store_append.c's store_check_correction) is
 * what cl_quote_text (base/quote.h) makes of its span.
 *
 * Errors follow base/error.h.
 */
#ifndef CL_EXPORT_DOCS_H
#define CL_EXPORT_DOCS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "base/error.h"
#include "crypto/crypto.h"
#include "ledger/record.h"

/* ---- types ------------------------------------------------------------ */

typedef struct cl_docset cl_docset; /* the writer's articles to carry */
typedef struct cl_quotes cl_quotes; /* the verifier's quotes to check */

/* ---- writing ---------------------------------------------------------- */

/* A new empty set (CL_ENOMEM).  Free with cl_docset_free (NULL: no-op). */
int cl_docset_new(cl_docset **out, cl_error *err);
void cl_docset_free(cl_docset *d);

/*
 * Note the article a stored record body (canonical JSON) cites, if any:
 * the value of its top-level "document" member (64 hex digits, only
 * claims have one).  A canonical body writes a member name as
 * `"document":"` only as a member, never inside a string (where its
 * quotes are escaped).  CL_ENOMEM.
 */
int cl_docset_note(cl_docset *d, const char *body, size_t len, cl_error *err);

/* The articles noted, in the order first noted; the pointer is valid
 * until the next note or the free. */
size_t cl_docset_count(const cl_docset *d);
const unsigned char *cl_docset_id(const cl_docset *d, size_t i);

/* ---- verifying -------------------------------------------------------- */

/* A new empty state (CL_ENOMEM).  Free with cl_quotes_free (NULL: no-op). */
int cl_quotes_new(cl_quotes **out, cl_error *err);
void cl_quotes_free(cl_quotes *q);

/*
 * After the chain accepted record `seq` (its id, its parsed body): a
 * claim citing an article is remembered, with its quote when it is
 * direct; a correction with corrected values of such a claim updates
 * its view and, when the view is a direct quote, adds the quote to check.
 * CL_EINTEGRITY with `why` (no line prefix) when a corrected view cannot
 * be a quote (a span without an article, a direct quote without a span),
 * CL_ENOMEM.
 */
int cl_quotes_record(cl_quotes *q, uint64_t seq, const unsigned char id[CL_HASH_BYTES],
		     const json_t *body, cl_error *err);
/* The same from the body's facts (record.h: cl_record_facts, or
 * cl_record_quick), for a verifier that built no json_t. */
int cl_quotes_record_facts(cl_quotes *q, uint64_t seq, const unsigned char id[CL_HASH_BYTES],
			   const cl_body_facts *f, cl_error *err);

/* 1 when the article `id` is cited by a claim seen so far; *first_seq
 * (may be NULL) gets the first claim citing it. */
int cl_quotes_cites(const cl_quotes *q, const unsigned char id[CL_HASH_BYTES],
		    uint64_t *first_seq);

/*
 * The article `id` (its bytes `doc`, already hashed to `id` by the
 * caller) as read from line `lineno` of the file `name`: checks every
 * quote citing it, in seq order.  CL_EINTEGRITY naming the first bad
 * quote by its own line and record: "'x' line 7: claim 5: text is not
 * bytes 120..188 of its document (line 40)"; also when the article is
 * not cited or comes twice.  CL_ENOMEM.
 */
int cl_quotes_document(cl_quotes *q, const unsigned char id[CL_HASH_BYTES],
		       const unsigned char *doc, size_t len, const char *name,
		       uint64_t lineno, cl_error *err);

/*
 * At the end: CL_EINTEGRITY naming the first claim (by line) whose
 * article did not come; CL_OK when every cited article did.
 */
int cl_quotes_finish(const cl_quotes *q, const char *name, cl_error *err);

/* Articles cited, articles read, quotes checked. */
uint64_t cl_quotes_cited(const cl_quotes *q);
uint64_t cl_quotes_documents(const cl_quotes *q);
uint64_t cl_quotes_checked(const cl_quotes *q);

#endif
