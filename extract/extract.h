/*
 * extract.h: find the claims in a news article (article in, claims out).
 *
 * cl_extract() reads one article (UTF-8 text, optional `key value` header
 * lines first) and returns its headers and the claims a fact-checker would
 * log: direct quotes that stand as statements and reported (indirect)
 * speech introduced by a cue ("said that", "according to", ", the
 * statement adds,").  Every claim carries a speaker resolved to a name or
 * a named body: pronouns and descriptors ("he", "the minister", "the
 * letter") are resolved from the article, and aliases ("Washington", "the
 * State Department") are mapped to one canonical name by a cl_aliases
 * table.  The rules are written up in SPEC.md ("Claim extraction").
 *
 * Where things are: extract/ knows nothing of the ledger and depends on
 * base/ (errors, the character rules of base/text.h and the quote text
 * rule of base/quote.h, included here: the `text` of every direct claim
 * is cl_quote_text() of its span) and jansson (cl_claim_to_json) only.
 * The pipeline is extract.c; the stages (segment, names, speakers, cues,
 * claims, dates, the memory of who said what) are one file each, listed
 * in internal.h; the word lists the rules consult are data,
 * extract/lang/en/ and extract/lang/es/ (one .txt a list), compiled in
 * at build time.  A Spanish article (detected, or told: `lang es`,
 * cl_extract_lang) goes through the same pipeline with the Spanish rules
 * of es.c; every claim carries its article's language.
 *
 * Ownership:
 *   - cl_aliases: made by cl_aliases_new(), freed by cl_aliases_free().
 *     Add and load copy their strings; cl_aliases_lookup() returns a
 *     string owned by the table, valid until the table is freed or that
 *     alias is replaced.  A table is not changed by cl_extract(), so one
 *     table may serve any number of extractions (not concurrently with
 *     an add or load).
 *   - cl_extraction: made by cl_extract(), freed whole by
 *     cl_extraction_free(); every string in it and in its claims (and
 *     the claims array) belongs to it.  cl_claim.kind is a static
 *     string.  It does not point into the article buffer, which the
 *     caller may free as soon as cl_extract() returns; offsets and
 *     lengths are byte positions in that buffer.
 *   - cl_claim_to_json() returns a new jansson reference the caller
 *     json_decref()s; cl_quote_text() a string the caller frees.
 *
 * Limits: time linear in the article's length; working memory bounded by
 * the paragraph and quote limits below and the fixed memory of names
 * (64 people and bodies, 64 roles), plus the claims returned.
 *
 * Nothing here prints, exits or touches the ledger.  Every function that
 * can fail returns CL_OK or a negative CL_E* code and fills `err` (which
 * may be NULL), as described in base/error.h.
 */
#ifndef CL_EXTRACT_H
#define CL_EXTRACT_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"
#include "base/quote.h"   /* cl_quote_text: the text of every direct claim */

/* ---- types ------------------------------------------------------------ */

/* An alias table: alias -> canonical speaker name.  Opaque. */
typedef struct cl_aliases cl_aliases;

/* How a claim's attribution dates it, relative to the article's date
 * (see cl_when_resolve()). */
enum {
	CL_WHEN_ARTICLE,   /* no day named: the article's date */
	CL_WHEN_FULL,      /* a full date with a year: y-m-d */
	CL_WHEN_DAYS_BACK, /* d days before the article ("yesterday": 1) */
	CL_WHEN_WEEKDAY,   /* the latest weekday d (0 = Monday) on or before
	                    * the article's date ("on Sunday") */
	CL_WHEN_LAST_WEEKDAY, /* the same, strictly before ("last Sunday") */
	CL_WHEN_MONTH_DAY  /* day d of month m (1-12) in the article's year,
	                    * or the year before when that is later than the
	                    * article ("on 3 March") */
};

typedef struct cl_when {
	int kind;       /* CL_WHEN_* */
	int y, m, d;
} cl_when;

/* One claim.  All strings are NUL-terminated UTF-8 owned by the
 * cl_extraction that holds the claim. */
typedef struct cl_claim {
	char *text;     /* the claim, quote marks removed, spaces collapsed */
	char *speaker;  /* canonical name; never a pronoun or descriptor */
	const char *kind; /* "direct" or "indirect" (static string) */
	size_t offset;  /* byte offset of the claim span in the whole input */
	size_t length;  /* byte length of that span; for a direct quote the
	                 * span is exactly the text between the quote marks,
	                 * trimmed of spaces */
	char *context;  /* the sentence it came from, trimmed, at most
	                 * CL_EXTRACT_CONTEXT_MAX bytes (cut at a character) */
	char *date;     /* YYYY-MM-DD: the day the claim was made: the day
	                 * its attribution names ("said on Sunday", "told
	                 * reporters on 3 March", "said yesterday"), else the
	                 * article's date; NULL when unknown */
	cl_when when;   /* how `date` was read from the attribution */
	/* Review aids, not signed into a record (static strings): */
	const char *cue;        /* how the speaker was found: "named" in the
				 * sentence, "pronoun", "descriptor" ("the
				 * minister", "the company", "the statement"),
				 * "alias" (the alias table), "continuation" (a
				 * quote going on from the last speaker) */
	const char *confidence; /* "high", "medium" or "low": low claims are
				 * the ones a reviewer looks at first */
	const char *polarity;   /* "denial" when the cue says the speaker
				 * denies the clause ("denied that ..."); the
				 * text then keeps the verb; NULL otherwise */
	const char *lang;       /* the article's language, ISO 639-1 ("en",
				 * "es"; static string) */
} cl_claim;

/* The result of one cl_extract() call. */
typedef struct cl_extraction {
	char *url;       /* header values, NULL when absent */
	char *date;      /* YYYY-MM-DD found in the `date` header, or NULL */
	char *title;
	char *publisher;
	size_t body_offset; /* where the body starts (after the headers) */
	const char *lang;   /* "en" or "es" (static string): what
	                     * cl_extract_lang() was told, else the `lang`
	                     * header, else detected from the body's words */
	cl_claim *claims;   /* nclaims claims, in article order */
	size_t nclaims;
} cl_extraction;

/* ---- limits ----------------------------------------------------------- */

#define CL_EXTRACT_CONTEXT_MAX 600   /* bytes of context kept per claim */
#define CL_EXTRACT_PARA_MAX 65536    /* longer paragraphs are cut in pieces */
#define CL_EXTRACT_QUOTE_PARAS 8     /* a quote spans at most this many */
#define CL_EXTRACT_MIN_INDIRECT 3    /* the clause of reported speech needs
                                      * this many words ("the march was
                                      * peaceful") */
#define CL_EXTRACT_MIN_WORDS 5       /* a standalone quote, or an indirect
                                      * claim, needs this many words */

/* ---- alias table ------------------------------------------------------ */

/*
 * Create an empty alias table in *out.  Free it with cl_aliases_free().
 * Errors: CL_ENOMEM.
 */
int cl_aliases_new(cl_aliases **out, cl_error *err);

/*
 * Add one alias.  Matching ignores ASCII case, runs of spaces and a
 * leading "the ", so "The  US Government" and "us government" are the same
 * key.  A later entry for the same key replaces the earlier one.  Both
 * strings are copied.  Errors: CL_EINPUT (empty alias or canonical name,
 * or not UTF-8), CL_ENOMEM.
 */
int cl_aliases_add(cl_aliases *a, const char *alias, const char *canonical,
		   cl_error *err);

/*
 * Load alias lines from text: "alias<TAB>canonical name", one a line; blank
 * lines and lines whose first non-space character is '#' are skipped;
 * spaces around each field are trimmed; CRLF line ends are accepted.
 * `name` names the source in error messages ("fixtures/speakers.tsv").
 * Entries before a bad line stay added.  Errors: CL_EINPUT ("NAME:LINE:
 * no tab" and the like), CL_ENOMEM.
 */
int cl_aliases_load(cl_aliases *a, const char *buf, size_t len,
		    const char *name, cl_error *err);

/*
 * The canonical name for `name` (case-insensitive, as above), or NULL.
 * The returned string belongs to the table and lives until it is freed
 * or the alias is replaced.  `a` may be NULL (returns NULL).
 */
const char *cl_aliases_lookup(const cl_aliases *a, const char *name);

/* Number of entries.  `a` may be NULL (returns 0). */
size_t cl_aliases_count(const cl_aliases *a);

/* Free the table; NULL is a no-op. */
void cl_aliases_free(cl_aliases *a);

/* ---- extraction ------------------------------------------------------- */

/*
 * Extract the claims of the article in buf[0..len).  `buf` need not be
 * NUL-terminated.  `aliases` may be NULL (speakers are then the names as
 * written, minus a leading "the").  On success *out is a new extraction
 * the caller frees with cl_extraction_free(); it may hold zero claims
 * (empty input, headers only, no attributable statements).
 *
 * Time is linear in len and memory is bounded by the paragraph and quote
 * limits above plus the claims returned.
 *
 * Errors: CL_EINPUT "not UTF-8 text at byte N" (invalid UTF-8, or a NUL
 * byte, at offset N of buf); CL_ENOMEM.  On error *out is NULL.
 */
int cl_extract(const char *buf, size_t len, const cl_aliases *aliases,
	       cl_extraction **out, cl_error *err);

/*
 * cl_extract() in a given language: `lang` "en" or "es" applies that
 * language's rules (extract/lang/en/, extract/lang/es/ and SPEC.md's
 * Spanish rules, whatever the article's header says); NULL means the
 * article's `lang` header line when it has one ("lang es"), else the
 * language its body's function words say (cl_extract() is this with
 * NULL).  Errors: those of cl_extract(), and
 * CL_EINPUT "unsupported language" for any other `lang`.
 */
int cl_extract_lang(const char *buf, size_t len, const cl_aliases *aliases,
		    const char *lang, cl_extraction **out, cl_error *err);

/*
 * The day `w` names, against the article date `article` (YYYY-MM-DD, or
 * NULL when unknown), into out as YYYY-MM-DD.  Returns 1 when a date was
 * written, 0 when it is unknown (no article date and no full date, or an
 * impossible day such as 29 February in a common year: the article's
 * date is then written when known, and 1 returned).
 */
int cl_when_resolve(const cl_when *w, const char *article, char out[11]);

/* Free an extraction and everything in it; NULL is a no-op. */
void cl_extraction_free(cl_extraction *x);

/*
 * One claim as a new jansson object in the `extract --json` shape:
 * {text, speaker, kind, offset, length, context, source, date, cue,
 * confidence, polarity, lang}.
 * `source`, when not NULL, overrides the article's url (the CLI's
 * --source); `date`, when not NULL, replaces the article's date (the
 * CLI's --date) and the claim's date is resolved against it (a claim
 * "said yesterday" is the day before it).  Members whose value is
 * unknown are left out.  The caller owns the returned reference
 * (json_decref).  Returns NULL only when out of memory.
 */
json_t *cl_claim_to_json(const cl_extraction *x, const cl_claim *c,
			 const char *source, const char *date);

#endif
