/*
 * facts.h: the fact-checking view of a ledger: the current state of a
 * claim (its corrections applied, its current verdict), the rating scale,
 * and the CSV and schema.org ClaimReview exports.
 *
 * Nothing here writes to the ledger: records are appended by the CLI
 * (rate, correct, config) through the store like any other.  The view is
 * derived from signed records only, the same way every time:
 *
 *   - a claim's current values are its own, then the corrected values of
 *     every correction whose `target` is the claim (`text`, `speaker`,
 *     `source`, `date`, `kind`, `offset`, `length`: record.h's
 *     cl_corrected_members), applied in seq order, member by member: the
 *     latest correction that carries a member wins for that member;
 *   - the claim counts as corrected as soon as one correction points at it
 *     (with or without corrected values); `corrected_by` is the latest one;
 *   - its current verdict is the verdict of highest seq whose `claim` is the
 *     claim's id (a later verdict replaces an earlier one), shown with the
 *     corrections of that verdict applied: each correction whose `target`
 *     is the verdict sets the `rating` and `note` it carries (record.h's
 *     cl_verdict_corrected_members), the latest winning member by member.
 *
 * The writers write only to the FILE * they are given (never to stdout on
 * their own) and stream: one claim, its verdicts and corrections in memory
 * at a time, whatever the size of the ledger.  Errors follow
 * base/error.h.
 */
#ifndef CL_FACTS_H
#define CL_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "base/error.h"
#include "ledger/record.h"
#include "ledger/store.h"

/* ---- types ----------------------------------------------------------- */

/* One step of the rating scale (SPEC.md, "Records"). */
typedef struct cl_rating {
	const char *name;  /* as in verdict.rating: "mostly-true" */
	const char *label; /* for people and ClaimReview alternateName: "Mostly true" */
	int value;         /* ClaimReview ratingValue, 1 (worst) .. 5 (best); 0: none */
} cl_rating;

/*
 * The current view of one claim.  Every pointer member is owned by the
 * cl_fact and released by cl_fact_free; zero-initialise before
 * cl_fact_start.
 */
typedef struct cl_fact {
	uint64_t seq;                      /* the claim's seq */
	char id[CL_ID_HEX + 1];            /* the claim's id, hex */
	json_t *claim;                     /* the claim's body as recorded */
	json_t *current;                   /* a copy of it, corrections applied */
	uint64_t ncorrections;             /* corrections pointing at the claim */
	uint64_t corrected_seq;            /* the latest of them (if any) */
	char corrected_by[CL_ID_HEX + 1];  /* its id; "" when not corrected */
	uint64_t nverdicts;                /* verdicts on the claim */
	uint64_t verdict_seq;              /* the current verdict (if any) */
	char verdict_id[CL_ID_HEX + 1];    /* its id; "" when not rated */
	json_t *verdict;                   /* its body, the corrections of the
					      verdict applied (rating, note);
					      NULL when not rated */
	uint64_t verdict_ncorrections;     /* corrections of the current verdict
					      carrying rating or note */
	char verdict_corrected_by[CL_ID_HEX + 1]; /* the latest; "" when none */
	const cl_rating *rating;           /* its rating; NULL when not rated */
	json_t *history;                   /* NULL, or (with CL_FACT_HISTORY) an
					      array: see cl_fact_load */
} cl_fact;

/* The newsroom from the ledger's config records (latest value of each
 * member wins).  Members malloc'd or NULL; cl_newsroom_free releases. */
typedef struct cl_newsroom {
	char *name;
	char *url;
} cl_newsroom;

/* ---- macros ---------------------------------------------------------- */

#define CL_RATING_BEST 5  /* ClaimReview bestRating */
#define CL_RATING_WORST 1 /* ClaimReview worstRating */
#define CL_FACT_HISTORY 1u /* cl_fact_load: keep the history array */
#define CL_CSV_RAW 1u      /* cl_facts_csv: no formula guard, texts byte for byte */
#define CL_CSV_BOM 2u       /* cl_facts_csv: a UTF-8 byte-order mark first (Excel) */
#define CL_CSV_FORMULA_LEADS "=+-@\t\r" /* first bytes a spreadsheet may run */
/* ClaimReview inLanguage when the claim records no `lang` (claims made
 * before it, or by hand): the documented default (SPEC.md, "ClaimReview
 * export"). */
#define CL_CLAIMREVIEW_LANGUAGE "en"

/* The CSV header row (without its CRLF), the columns of cl_csv_row. */
#define CL_CSV_HEADER                                                          \
	"seq,id,date,speaker,text,source,kind,verdict,rating_value,"           \
	"verdict_id,corrected,note,evidence,rated_by,rated_at,"               \
	"corrected_text,corrected_speaker,lang"

/* ---- the rating scale -------------------------------------------------- */

/* The scale entry named `name` ("false"), or NULL when it is not on the
 * scale (names are exact: "False" is not one).  Cannot fail. */
const cl_rating *cl_rating_find(const char *name);

/* The whole scale, best first, *n entries (7).  Static; cannot fail. */
const cl_rating *cl_rating_scale(size_t *n);

/* "true, mostly-true, mixed, mostly-false, false, misleading, unproven"
 * (static text for messages). */
const char *cl_rating_names(void);

/* ---- the current view -------------------------------------------------- */

/*
 * Start the view of the claim record `claim` (`f` zero-initialised): its
 * body parsed, `current` a copy.  CL_EINPUT when the record is not a claim,
 * CL_EINTEGRITY when its body is not JSON, CL_ENOMEM.
 */
int cl_fact_start(cl_fact *f, const cl_record *claim, cl_error *err);

/*
 * Fold one record that points at the claim into the view: a verdict
 * (whose `claim` is the claim's id) becomes the current verdict; a
 * correction (whose `target` is the claim's id) applies its corrected
 * values and becomes `corrected_by`.  Records must come in seq order
 * (cl_ledger_refs gives that order).  Other records, and records that
 * point elsewhere, are ignored.  With `history` set (cl_fact_load's
 * CL_FACT_HISTORY) an entry is appended to it:
 *   {"seq":N,"id":HEX,"type":"verdict"|"correction","time":T,"signer":B64,
 *    verdict: "rating":R,"label":L,["rating_value":V,]["note":..,]
 *             ["evidence":[..]]
 *    correction: "reason":..,"changes":{member:{"from":old,"to":new},...}}
 * CL_EINTEGRITY when the body is not JSON, CL_ENOMEM.
 */
int cl_fact_apply(cl_fact *f, const cl_record *ref, cl_error *err);

/*
 * cl_fact_start, then cl_fact_apply for every verdict and correction of
 * the claim read with cl_ledger_refs (the reference index: no scan).
 * Then the corrections of the current verdict (read from the reference
 * index by the verdict's id) are applied to `verdict` and `rating`.
 * `flags`: CL_FACT_HISTORY to fill `history`, where the corrections of
 * every verdict of the claim then appear too, as entries with "target"
 * (the verdict's id), "reason" and "changes" ({"rating":{"from","to"},
 * "note":{...}}), the whole history in seq order.  On failure `f` is released
 * (cl_fact_free) and may be reused.
 */
int cl_fact_load(cl_ledger *l, const cl_record *claim, unsigned flags,
		 cl_fact *f, cl_error *err);

/* cl_fact_load for a caller that has already parsed the claim's body into
 * `body` (borrowed: the view takes a reference of its own), so that it is
 * not parsed twice. */
int cl_fact_load_parsed(cl_ledger *l, const cl_record *claim, json_t *body,
			unsigned flags, cl_fact *f, cl_error *err);

/*
 * The view of the verdict record `verdict` (its parsed `body`): a new
 * object (the caller decrefs it), a copy of the body with the `rating`
 * and `note` of the corrections that target it applied, in seq order
 * (the reference index).  CL_ENOMEM, CL_EINTEGRITY, the store's errors;
 * *view is NULL on failure.
 */
int cl_verdict_view(cl_ledger *l, const cl_record *verdict, const json_t *body,
		    json_t **view, cl_error *err);

/* Release what `f` owns and zero it.  NULL or a zeroed `f` is a no-op. */
void cl_fact_free(cl_fact *f);

/* A current member of the claim as a string ("" when absent).  Valid as
 * long as `f` is. */
const char *cl_fact_str(const cl_fact *f, const char *member);

/*
 * The derived members of the view as one new JSON object (the caller
 * decrefs it), for `--json` output beside a record's body:
 *   {"text","speaker","source","date" (current values), ["kind",]
 *    ["offset","length",] (current values, when the view has them),
 *    "corrected":bool, ["corrected_by":HEX,] ["verdict":R,"label":L,
 *    ["rating_value":V,] "verdict_id":HEX, ["verdict_note":NOTE,]
 *    ["verdict_corrected_by":HEX]]} (the verdict as corrected)
 * NULL when out of memory.
 */
json_t *cl_fact_current_json(const cl_fact *f);

/* ---- newsroom ---------------------------------------------------------- */

/*
 * Read the newsroom from the config records (the type index, newest
 * first): for each of name and url, the latest record that has it.
 * CL_ENOTFOUND when no config record exists, CL_ENOMEM, the store's
 * errors.  `nr` is filled (release with cl_newsroom_free) only on CL_OK.
 */
int cl_newsroom_load(cl_ledger *l, cl_newsroom *nr, cl_error *err);
void cl_newsroom_free(cl_newsroom *nr);

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

/*
 * Write `s` as one CSV field: as is, unless it holds a double quote, a
 * comma, a CR or an LF, in which case it is enclosed in double quotes and
 * every double quote doubled.  Bytes are written unchanged (UTF-8 stays
 * UTF-8).  CL_EIO when the write fails.
 */
int cl_csv_field(FILE *out, const char *s);

/*
 * Write `s` as one CSV cell of the export: unless `flags` has CL_CSV_RAW,
 * a cell whose first byte is one of CL_CSV_FORMULA_LEADS (`=`, `+`, `-`,
 * `@`, TAB, CR: what a spreadsheet may read as a formula) gets a leading
 * `'`, OWASP's advice against CSV injection; then cl_csv_field's quoting
 * (the `'` inside the quotes).  CL_EIO.
 */
int cl_csv_cell(FILE *out, const char *s, unsigned flags);

/*
 * Write the CSV row of one claim view, ended by CRLF: the columns of
 * CL_CSV_HEADER: seq, id, date, speaker, text, source, kind (current
 * values), verdict (the current rating name, "" when not rated),
 * rating_value ("" when none), verdict_id, corrected ("no" or the id of
 * the latest correction), then (appended later: scripts index columns)
 * note and evidence of the current verdict (the URLs joined by single
 * spaces), rated_by (`rated_by`, the name of the editor who signed it;
 * NULL or "" when unknown), rated_at (its `time`), corrected_text and
 * corrected_speaker (the current value when a correction changed it from
 * the recorded one, else ""), lang (the claim's `lang`, "" when it has
 * none).  Every cell goes through cl_csv_cell with
 * `flags` (the ones this code makes, numbers and hex ids, never start
 * with a formula character).  CL_EIO, CL_ENOMEM.
 */
int cl_csv_row(FILE *out, const cl_fact *f, const char *rated_by, unsigned flags,
	       cl_error *err);

/*
 * The CSV export: with CL_CSV_BOM the UTF-8 byte-order mark EF BB BF, then
 * the header row, then one row per claim in seq order, then fflush.
 * `flags`: CL_CSV_RAW for the texts as they are, CL_CSV_BOM.
 * `rows` (may be NULL) gets the number of claims.  CL_EIO (write),
 * CL_ENOMEM, the store's errors.
 */
int cl_facts_csv(cl_ledger *l, FILE *out, unsigned flags, uint64_t *rows,
		 cl_error *err);

/* ---- schema.org ClaimReview ---------------------------------------------- */

/*
 * The ClaimReview object of a rated claim (NULL when `f` has no verdict or
 * when out of memory; the caller decrefs it), members in this order:
 *   "@context":"https://schema.org", "@type":"ClaimReview",
 *   "url": the verdict's `url` (rate --url) when cl_url_valid, else the
 *      newsroom url + "#claim-" + claim id (absent without either),
 *   "claimReviewed": current text,
 *   "reviewBody": the verdict's note (absent when it has none or ""),
 *   "itemReviewed": {"@type":"Claim", "author": {"@type":"Person" or
 *      "Organization" (cl_fact_speaker_is_org), "name": speaker},
 *      "datePublished": claim date, "appearance": {"@type":"CreativeWork",
 *      "url": source, "datePublished": `article_date` when not NULL or ""}
 *      (absent when the source is not cl_url_valid)},
 *   "author": {"@type":"Organization", "name", "url"} (those present),
 *   "reviewRating": {"@type":"Rating", "ratingValue", "bestRating":5,
 *      "worstRating":1 (those three only when the scale has a value),
 *      "alternateName": label, "name": label},
 *   "citation": [{"@type":"CreativeWork","url":U}...] for each evidence
 *      URL that is cl_url_valid (absent when none),
 *   "datePublished": the day of the verdict's time (YYYY-MM-DD),
 *   "inLanguage": the claim's `lang`, else CL_CLAIMREVIEW_LANGUAGE.
 * The newsroom url (in "url" and "author") is used only when cl_url_valid:
 * an old ledger may hold anything there.
 */
json_t *cl_fact_claimreview_ex(const cl_fact *f, const cl_newsroom *nr,
			       const char *article_date);

/* cl_fact_claimreview_ex without the article's date. */
json_t *cl_fact_claimreview(const cl_fact *f, const cl_newsroom *nr);

/*
 * 1 when the claim's speaker is to be typed Organization in ClaimReview:
 * the current verdict's `speaker_type` ("organization" or "person", from
 * `rate --speaker-type`) when it has one, else cl_speaker_is_org of the
 * current speaker.  Cannot fail.
 */
int cl_fact_speaker_is_org(const cl_fact *f);

/*
 * The date of an archived article as the extractor reads it (SPEC.md,
 * "Input"): the first `YYYY-MM-DD` of its first `date` header that has
 * one, written to `out` with its NUL; 1 when found (and a real date),
 * else 0 and out = "".  Cannot fail.
 */
int cl_article_date(const char *s, size_t len, char out[11]);

/*
 * 1 when a speaker name reads as an organisation: one of its words
 * (ASCII letters, case-insensitive) is a word such as "department",
 * "ministry", "government", "party", "council", "agency" (the list is in
 * facts.c); else 0 (a person).  Cannot fail.
 */
int cl_speaker_is_org(const char *speaker);

/*
 * The ClaimReview export: a JSON array, "[", then the ClaimReview object of
 * every rated claim in seq order (with its archived article's date,
 * cl_article_date, when the claim has a `document` archived here) (2-space indented, UTF-8 as is, except
 * that '<', '>', '&', U+2028 and U+2029 are written \u003c, \u003e,
 * \u0026, \u2028, \u2029 so that it can sit in a <script> element), "]"
 * and a newline, then fflush.  Needs a newsroom: CL_ENOTFOUND when no config
 * record exists.  `count` (may be NULL) gets the number of objects.
 * CL_EIO, CL_ENOMEM, the store's errors.
 */
int cl_facts_claimreview(cl_ledger *l, FILE *out, uint64_t *count, cl_error *err);

#endif
