/*
 * review_sheet.h: the review sheet of `claimledger review`, a plain text
 * file a person edits (the format is README.md's "Reviewing before
 * signing").  One block a claim:
 *
 *   keep N KIND SPEAKER     (or drop; N a claim number or "new")
 *   text: WORDS
 *
 * plus comment lines ("#") and blank lines, which reading ignores.  In a
 * speaker or a text, \\ \n \t \r \u{HEX} \x{HH} are escapes: writing
 * escapes every backslash, line break and character that must not reach
 * a terminal (cli_unsafe_char), and reading undoes them, so third-party
 * text never adds a line of its own.
 *
 * Functions prefixed `x` exit (cli_die) when out of memory or when the
 * file cannot be written; a mistake in the sheet is never an exit but a
 * fault, reported back to the reviewer at its line.
 */
#ifndef CL_CLI_REVIEW_SHEET_H
#define CL_CLI_REVIEW_SHEET_H

#include <stddef.h>

#include "cli/cli.h"

#define SHEET_FAULTS_MAX 20 /* faults kept (and marked) at once */

/* One block: a claim kept or dropped. */
struct sheet_entry {
	size_t line;          /* of its first line */
	size_t text_line;     /* of its text: line */
	size_t id;            /* 1..nclaims, 0 for a new claim */
	int keep;             /* keep (1) or drop (0) */
	const char *kind;     /* "direct" or "indirect" (static); NULL when dropped */
	char *speaker, *text; /* unescaped, trimmed, not empty; NULL when dropped */
};

/* A mistake at a line of the sheet. */
struct sheet_fault {
	size_t line;
	char *msg;            /* one line, no terminal escaping done yet */
};

/* A sheet as read: its blocks in order, and its faults.  The strings
 * belong to it; free with sheet_free. */
struct sheet {
	struct sheet_entry *e;
	size_t n;
	struct sheet_fault f[SHEET_FAULTS_MAX];
	size_t nf;
	size_t blocks;        /* first lines read, good or bad */
};

/*
 * Write the sheet of `art` (its claims, in order, numbered from 1, each
 * kept as the extractor proposed it, with its confidence, cue and
 * sentence as comments, under a header that explains the format) to a
 * new file `path`, mode 0600 (O_EXCL, O_NOFOLLOW).  Exits 3 when it
 * cannot.
 */
void xsheet_write(const char *path, const struct cli_article *art);

/*
 * Read the sheet's text buf[0..len) into *sh (which it clears first):
 * every good block into sh->e, every mistake into sh->f (at most
 * SHEET_FAULTS_MAX): an unknown action or kind, a claim number outside
 * 1..nclaims or given twice, an empty speaker or text, a bad escape, a
 * first line with no text line or a text line with no first line.
 */
void xsheet_read(struct sheet *sh, const char *buf, size_t len, size_t nclaims);

/* Add a fault at `line` (printf format); past SHEET_FAULTS_MAX it is
 * dropped. */
void xsheet_fault(struct sheet *sh, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Rewrite `path` from the text the editor left (buf[0..len), the text
 * xsheet_read read) with each fault of `sh` as a "# error: MSG" comment
 * right above its line and the error comments of an earlier round taken
 * out.  *out (malloc'd, the caller frees) and *out_len get what was
 * written.
 */
void xsheet_mark(const char *path, const struct sheet *sh, const char *buf,
		 size_t len, char **out, size_t *out_len);

/* Free what `sh` holds and clear it; a cleared sheet is a no-op. */
void sheet_free(struct sheet *sh);

#endif
