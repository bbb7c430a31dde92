/*
 * cli.h: the command layer, the only code that parses arguments, prints and
 * exits.
 *
 * Every command is `int cmd_NAME(int argc, char **argv)` with argv[0] the
 * command name, listed once in the table of cli/help.c with its help.  A
 * command returns its exit status (0 ok, 1 integrity check failed, 2 usage
 * or bad input, 3 ledger or I/O error) or leaves through cli_fail/cli_die.
 * Helpers prefixed `x` exit on failure (minisign's convention).
 */
#ifndef CL_CLI_H
#define CL_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <jansson.h>

#include "crypto/crypto.h"
#include "base/error.h"
#include "extract/extract.h"
#include "ledger/cosig.h"
#include "ledger/store.h"

enum { EXIT_OK = 0, EXIT_INTEGRITY = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

struct cli_flag; /* cli/help.h */

/* One command in the table (cli/help.c, which says how to add one). */
struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;   /* "usage: claimledger add TEXT --speaker S ..." */
	const char *summary; /* one line for `claimledger --help` */
	const struct cli_flag *flags; /* every flag it takes, NULL-name-ended */
	const char *words;    /* its subcommands, space-separated, or NULL;
				 "*commands*": every command's name (help) */
	const char *examples; /* command lines, one a line */
};

/* The command being run (set by main before calling it). */
extern const struct cli_cmd *cli_current;

/* Exit status for a CL_E* code: 1 integrity, 2 input/key/not-found/exists,
 * 3 I/O, store, memory. */
int cli_exit_code(int cl_code);

/* Print "claimledger: <what>: <err->msg>" and exit with cli_exit_code. */
_Noreturn void cli_fail(const char *what, const cl_error *err);

/* Print "claimledger: " + formatted text and exit with `status`. */
_Noreturn void cli_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print "claimledger: <cmd>: <why>; see 'claimledger <cmd> --help'" (one
 * line, like every error) and exit 2. */
_Noreturn void cli_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The ledger directory: the --ledger flag if given, else $CLAIMLEDGER_DIR,
 * else "./.claimledger". */
const char *cli_ledger_dir(const char *flag);

/* Open the ledger or exit (2 when there is none, 3 when LMDB refuses).
 * `flags` go through cli_ledger_flags. */
cl_ledger *xledger_open(const char *flag, unsigned flags);

/* `flags` for cl_ledger_open and cl_ledger_create_ex, with
 * CL_LEDGER_SHARED added when --shared-ledger was given or
 * $CLAIMLEDGER_SHARED_LEDGER is 1 (exit 2 when it is neither 0 nor 1). */
unsigned cli_ledger_flags(unsigned flags);

/* Load the signing key named by the flag or $CLAIMLEDGER_KEY, decrypting
 * with the passphrase file (flag or $CLAIMLEDGER_PASSPHRASE_FILE) when the
 * key is encrypted; exit 2 with a clear line otherwise. */
cl_seckey *xkey_load(const char *key_flag, const char *passfile_flag);

/* Now, as seconds since the epoch: $CLAIMLEDGER_TIME when set (tests and
 * reproducible demos), else the clock. */
int64_t cli_now(void);

/* Read a whole file ("-" = stdin) of at most `max` bytes into a malloc'd,
 * NUL-terminated buffer, or exit 2 naming the file. */
char *xread_file(const char *path, size_t max, size_t *len);

/*
 * Open a small file the CLI reads by name (a passphrase, a checkpoint, a
 * speakers table) for reading: O_NONBLOCK, so that a FIFO cannot hang the
 * open, then fstat into *st.  Anything but a regular file is refused (exit
 * 2, "<cmd>: <what> '<path>' is not a regular file"), so is a file that
 * cannot be opened.  Returns the descriptor, blocking again; close it.
 */
int xopen_regular(const char *path, const char *what, struct stat *st);

/* xopen_regular, then read the whole file (at most `max` bytes, else exit
 * 2) into a malloc'd, NUL-terminated buffer of *len bytes. */
char *xread_regular(const char *path, const char *what, size_t max, size_t *len);

/* Flush stdout and exit 3 if anything written to it failed (git's rule). */
int cli_finish_stdout(int status);

/* ---- options shared by every command ------------------------------------ */

/* getopt_long values of the shared options (long options only). */
enum {
	OPT_HELP = 'h',
	OPT_LEDGER = 0x100,
	OPT_KEY,
	OPT_PASSFILE,
	OPT_JSON,
	OPT_SHARED,
	OPT_FIRST_OWN /* a command's own options start here */
};

/* What the shared options set. */
struct cli_opts {
	const char *ledger;   /* --ledger DIR */
	const char *key;      /* --key FILE */
	const char *passfile; /* --passphrase-file F */
	int json;             /* --json */
	int shared;           /* --shared-ledger (also kept for cli_ledger_flags) */
};

/*
 * getopt_long for every command, with the optstring ":h": returns what it
 * returns, optarg and optind included, and refuses (exit 2, cli_usage):
 * - an option given twice, unless it is meant to repeat (a short list in
 *   util.c: `rate --evidence`);
 * - a value given as a separate argument that begins with "--"
 *   (`--speaker --date`): a forgotten value, which would swallow the next
 *   option; `--speaker=--x` passes such a value on purpose.
 * Every command also accepts --shared-ledger through it (OPT_SHARED, for
 * cli_common_opt) without listing it in `options`.
 */
int cli_getopt(int argc, char **argv, const struct option *options);

/*
 * Handle one getopt_long result `c` that a command does not handle itself:
 * the shared options fill `o`, --help prints the usage and exits 0, and
 * anything else (unknown option, missing value) is a usage error (exit 2).
 * Call it from the `default:` branch of a command's option switch.
 */
void cli_common_opt(int c, char **argv, struct cli_opts *o);

/* Reset getopt for a new parse (optind, opterr); call before the loop. */
void cli_getopt_reset(void);

/* Print the current command's help (cli_help_print) on stdout and exit 0;
 * a difference between its option table and its help goes to stderr. */
_Noreturn void cli_help(void);

/* ---- other helpers ------------------------------------------------------- */

/* "stdin" for "-", else `path`: how messages name an input file. */
const char *cli_display_name(const char *path);

/* `d` when NULL or a valid YYYY-MM-DD, else a usage error naming `flag`. */
const char *xdate_arg(const char *flag, const char *d);

/* Parse a decimal count ("0".."2^63"); 0 on success, -1 when it is not one. */
int cli_parse_count(const char *s, uint64_t *out);

/*
 * Absolute, symlink-free form of `path` even when its last components do
 * not exist yet (realpath of the longest existing prefix, the rest appended
 * with "." and ".." resolved).  malloc'd, or NULL with errno set.
 */
char *cli_abspath(const char *path);

/* 1 when `path` is `dir` or lies under it (both resolved with cli_abspath),
 * 0 when not, -1 when either cannot be resolved. */
int cli_path_inside(const char *path, const char *dir);

/*
 * Refuse (exit 2) a `path` to be written that lies inside the ledger
 * directory `ledger_dir` (whether or not it holds a ledger yet), or in a
 * directory that holds a ledger (a data.mdb, cl_ledger_exists), that
 * directory or any above it.  `what` names the file in the message
 * ("a secret key", "the export").  Cheap: an lstat per directory level.
 */
void cli_refuse_path_in_ledger(const char *path, const char *ledger_dir,
			       const char *what);

/* cli_refuse_path_in_ledger for a secret key file. */
void cli_refuse_key_in_ledger(const char *key_path, const char *ledger_dir);

/* Read the passphrase file named by the flag or $CLAIMLEDGER_PASSPHRASE_FILE
 * into cl_secure_alloc memory, one trailing "\n" or "\r\n" stripped; NULL
 * (and *len 0) when neither is set.  Exits 2 naming the file when it is
 * not a regular file (xopen_regular), is readable or writable by group or
 * others, or is empty.  Release with cl_secure_free. */
char *xpassphrase_load(const char *flag, size_t *len);

/* ---- third-party text on a terminal --------------------------------------
 *
 * Text from articles, claims and ledgers is hostile: a C1 control (U+009B
 * is CSI, U+009D OSC), an escape sequence or a bidi override (U+202E)
 * would drive the terminal or disguise what it shows.  Human output prints
 * such text through these helpers, which replace each unsafe character
 * with a visible escape; the stored text is never changed.  --json output
 * goes through cli_json_write / cli_json_dump, which escape the same
 * characters as \uXXXX, and only when the output is a terminal (piped, it
 * stays byte for byte what the ledger holds).
 */

/* The longest safe form of one character: "<U+10FFFF>" and its NUL. */
#define CLI_SAFE_MAX 12

/* 1 when code point `c` must not reach a terminal as it is: C0 controls
 * (U+0000..U+001F), DEL and the C1 controls (U+007F..U+009F), the bidi
 * controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069, and
 * U+2028, U+2029.  Cannot fail. */
int cli_unsafe_char(unsigned long c);

/*
 * The safe form of the character at `s` (NUL-terminated UTF-8): its own
 * bytes, or "<U+XXXX>" (uppercase hex, at least 4 digits) for an unsafe
 * character, or "<0xNN>" for a byte that does not start a valid UTF-8
 * character (stray, truncated, overlong, a surrogate).  Writes it to
 * `form` (NUL-terminated) and its display width to *width (wcwidth, 1 when
 * unknown; an escape's width is its length); returns the bytes of `s` it
 * stands for, 0 at the end of the string.  Cannot fail.
 */
size_t cli_safe_char(const char *s, char form[CLI_SAFE_MAX], size_t *width);

/* Print `s` with every character in its safe form (cli_safe_char). */
void cli_print_safe(FILE *f, const char *s);

/* Display width of `s` as cli_print_safe prints it. */
size_t cli_width(const char *s);

/*
 * Print `s` into a cell `width` columns wide, each character in its safe
 * form except that a newline or a tab is a space (a cell is one line);
 * text wider than the cell is cut (never inside an escape) and ends with
 * "…", and the cell is padded with spaces unless `pad` is 0.
 */
void cli_print_cell(FILE *f, const char *s, size_t width, int pad);

/*
 * Write `len` bytes of JSON text to `f`: as they are, unless `f` is a
 * terminal; then every unsafe character (cli_unsafe_char) except the JSON
 * white space TAB, LF and CR is written as a \uXXXX escape (lowercase
 * hex), and a byte that is not valid UTF-8 as \ufffd.  Those characters
 * only occur inside JSON strings, so the JSON value is the same.
 */
void cli_json_write(FILE *f, const char *json, size_t len);

/* json_dumpf(v, f, flags) through cli_json_write; exits 3 when out of
 * memory. */
void cli_json_dump(FILE *f, const json_t *v, size_t flags);

/* ---- layout and colour of human output ----------------------------------
 *
 * Tables and `show` take the room they are given: the terminal's width,
 * else $COLUMNS, else 80 (a pipe or a file gets 80, the same every time,
 * unless the caller says otherwise with --columns).  Colour is for a
 * terminal only: never in a pipe or a file, and never when $NO_COLOR is
 * set to anything but the empty string (no-color.org).
 */

#define CLI_WIDTH_DEFAULT 80
#define CLI_WIDTH_MIN 40     /* --columns below this could not hold a row */
#define CLI_WIDTH_MAX 1000

/* SGR parameters used by the commands (cli_sgr). */
#define CLI_SGR_RESET "0"
#define CLI_SGR_BOLD "1"
#define CLI_SGR_DIM "2"
#define CLI_SGR_UNDERLINE "4"
#define CLI_SGR_RED "31"
#define CLI_SGR_GREEN "32"
#define CLI_SGR_YELLOW "33"

/* printf into a malloc'd string (the caller frees it); exits 3 when out
 * of memory. */
char *cli_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "an" when `word` starts with a vowel letter ("an editor", "an alias"),
 * else "a" ("a verdict"): the article of a generated message.  Cannot
 * fail; NULL gives "a". */
const char *cli_a_an(const char *word);

/* The width of human output on stdout: the terminal's (TIOCGWINSZ) when
 * stdout is one, else $COLUMNS when it is a number from 1 to
 * CLI_WIDTH_MAX, else CLI_WIDTH_DEFAULT.  At most CLI_WIDTH_MAX. */
size_t cli_term_width(void);

/* The value of a --columns flag: a number from CLI_WIDTH_MIN to
 * CLI_WIDTH_MAX, else a usage error (exit 2). */
size_t cli_parse_columns(const char *s);

/*
 * Where to cut `s` to show it in a cell `width` columns wide (each
 * character in its cell form, as cli_print_cell: a newline or tab is a
 * space, an unsafe character its escape, never cut inside).  When the
 * whole text fits, returns strlen(s) and *cols its width.  Otherwise
 * returns the bytes to show before a "…": they end at the end of a word
 * (before a space) when that keeps at least half of the room, else at the
 * last whole character that fits (one long word, a URL); *cols is then
 * the width shown with the "…" (at most `width`).  Never cuts inside a
 * UTF-8 sequence.  Cannot fail.
 */
size_t cli_cell_cut(const char *s, size_t width, size_t *cols);

/* Print `s` in a cell `width` columns wide, cut by cli_cell_cut and then
 * ended with "…"; padded with spaces to `width` unless `pad` is 0. */
void cli_print_cell_words(FILE *f, const char *s, size_t width, int pad);

/* 1 when human output on stdout is coloured: stdout is a terminal and
 * $NO_COLOR is unset or empty.  Decided once per run. */
int cli_colour(void);

/* Write the SGR escape ESC [ `code` m to `f` when it is stdout and
 * cli_colour() is on; else nothing (NULL `code`: nothing). */
void cli_sgr(FILE *f, const char *code);

/* The colour of a rating name: green for true and mostly-true, yellow
 * for mixed and unproven, red for the rest; NULL for "" or NULL. */
const char *cli_rating_sgr(const char *rating);

/* Case-insensitive equality of two UTF-8 strings (simple case folding). */
int cli_utf8_caseeq(const char *a, const char *b);

/* 1 when `needle` occurs in `hay`, compared case-insensitively. */
int cli_utf8_casefind(const char *hay, const char *needle);

/*
 * cl_txn_append for a record this command builds from the user's input: a
 * refusal by the chain rules (CL_EINTEGRITY: "already an active editor",
 * a verdict on a non-claim) is reported as CL_EINPUT, exit 2, since the
 * ledger itself is fine and the input is what was wrong.
 */
int cli_txn_append(cl_txn *t, const json_t *fields, const cl_seckey *key,
		   int64_t now, uint64_t *seq_out,
		   unsigned char id_out[CL_HASH_BYTES], cl_error *err);

/*
 * A command's one-record write: begin a transaction on `l` (or use `t`, one
 * the caller began to check something inside it), cli_txn_append `fields`,
 * commit.  `t` is consumed whatever happens.  On success *seq and `id` (hex)
 * say where the record landed; nothing is printed.
 */
int cli_append_one(cl_ledger *l, cl_txn *t, const json_t *fields, const cl_seckey *key,
		   int64_t now, uint64_t *seq, char id[CL_ID_HEX + 1], cl_error *err);

/* Print one record as a JSON line {"id":…,"body":{…},"sig":…}. */
void cli_print_record_json(FILE *f, const cl_record *r);

/* Parse a stored record's body (valid JSON by construction) or exit 1. */
json_t *xrecord_body(const cl_record *r);

/* Hex id and base64 key helpers into caller buffers. */
void cli_id_hex(char out[CL_ID_HEX + 1], const unsigned char id[CL_HASH_BYTES]);

/* ---- the commands -------------------------------------------------------- */

int cmd_keygen(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_editor(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_rate(int argc, char **argv);
int cmd_correct(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_prove(int argc, char **argv);
int cmd_consistency(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_verify_export(int argc, char **argv);
int cmd_article(int argc, char **argv);
int cmd_verify_proof(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_alias(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_witness(int argc, char **argv);

/* ---- extraction, shared by extract, import and review (extract_util.c) -- */

/*
 * The alias table of extract and import: the speakers file (`speakers_flag`,
 * else $CLAIMLEDGER_SPEAKERS, both of which must be readable, else
 * CL_SPEAKERS_DEFAULT when it exists), then every alias record of the
 * ledger `l` (may be NULL) over it.  Exits 2 or 3 naming the file on
 * failure.  Free with cl_aliases_free.
 */
cl_aliases *xaliases_load(const char *speakers_flag, cl_ledger *l);

/* cl_extract_lang (`lang` "en", "es", or NULL: the article's `lang`
 * header, else detected), or exit: 2 with "<cmd>: '<name>': not UTF-8
 * text at byte N", 3 when out of memory.  Free with cl_extraction_free. */
cl_extraction *xextract(const char *name, const char *buf, size_t len,
			const cl_aliases *a, const char *lang);

/* The argument of --lang: "en" or "es", else exit 2 (usage). */
const char *xlang_arg(const char *arg);

/* An article read and extracted, for import and review. */
struct cli_article {
	const char *name;           /* how messages name it (cli_display_name) */
	char *buf;                  /* its bytes, NUL-terminated (owned) */
	size_t len;
	cl_extraction *x;           /* its claims (owned) */
	const char *source, *date;  /* --source and --date, else the article's
				     * url and date headers; never NULL */
	unsigned char id[CL_HASH_BYTES]; /* SHA-256 of buf: the `document` */
	char doc[CL_ID_HEX + 1];         /* the same in hex */
};

/*
 * Read the article at `path` ("-" = stdin), open the ledger (`ledger_flag`
 * as for xledger_open, for writing) and extract the article's claims with
 * the speakers file `speakers` (may be NULL) and the ledger's aliases
 * (xaliases_load).  The source and date are the flags when given (may be
 * NULL), else the article's headers; exits 2 naming the article when
 * either is missing or the source is not an acceptable URL (url.h), and
 * as xread_file, xledger_open and xextract do.  Returns the ledger (the
 * caller closes it); free `a` with cli_article_free.  `lang` is
 * xextract's.
 */
cl_ledger *xarticle_load(struct cli_article *a, const char *path,
			 const char *source, const char *date,
			 const char *speakers, const char *ledger_flag, const char *lang);

/* Free what xarticle_load put in `a` and clear it.  Cannot fail. */
void cli_article_free(struct cli_article *a);

/* ---- appending claims, shared by import and review (cmd_import.c) ------- */

/*
 * The next claim for cli_import_claims: *claim gets a new reference (the
 * importer takes it) to an object with the members of an `import --jsonl`
 * line, or NULL at the end, and *tag the caller's name for it in messages
 * (a line number, not 0).  An error stops the import; *tag then names the
 * claim at fault, or is 0 when none is (a read error).
 */
typedef int (*cli_claim_fn)(void *ctx, json_t **claim, uint64_t *tag,
			    cl_error *err);

/* One import: what it appends, and where a failure lies. */
struct cli_import {
	/* set by the caller */
	cl_ledger *l;            /* open for writing */
	const cl_seckey *key;    /* signs every claim */
	int64_t now;             /* the claims' time */
	cli_claim_fn next;       /* the claims, with its ctx */
	void *ctx;
	const char *article;     /* bytes the claims may cite as `document`,
				  * archived with them (copied), or NULL */
	size_t article_len;
	const char *article_name; /* the article in messages */
	int fresh;               /* refuse an article archived before */
	int dry_run;             /* check everything, commit nothing */
	/* set by cli_import_claims */
	uint64_t first, count;   /* what was (or, dry, would be) appended */
	uint64_t bad_tag;        /* the tag of the claim at fault, or 0 */
};

/*
 * Append the claims `imp->next` gives in one write transaction on
 * `imp->l`, all or none: each is checked as `import --jsonl` checks a line
 * (known members only, the required ones present, a `document` archived
 * or the article's, a direct quote equal to its article's text at its
 * offset), then built, signed and appended through the store's rules.
 * With `dry_run` the transaction is aborted at the end: everything was
 * checked (and signed in memory), nothing is written.  On failure
 * imp->bad_tag names the claim at fault (0 when none); err's message is
 * not prefixed with it.  Prints nothing.
 */
int cli_import_claims(struct cli_import *imp, cl_error *err);

/* Read a signed checkpoint file and check that it is this ledger's (owner
 * signature under the origin's key name, same origin); exit 1 or 2 if not. */
void cli_open_checkpoint(const char *path, const cl_ledger_info *info,
			 cl_checkpoint *cp);

/* cli_open_checkpoint that also returns the bytes it checked (malloc'd,
 * NUL-terminated, *len bytes; the caller frees them): the file is read
 * once, so what is used is what was verified. */
char *cli_read_checkpoint(const char *path, const cl_ledger_info *info,
			  cl_checkpoint *cp, size_t *len);

/*
 * The witnesses `--witness PUBFILE... [--quorum N]` name, for `cmd`
 * ("verify", "monitor").  cli_witness_add loads PUBFILE into the array
 * (malloc'd on first use with room for argc keys; the caller frees it)
 * or exits 2 naming the file.  cli_witness_quorum gives the quorum: N,
 * or every witness given when quorum_arg is NULL; --quorum without
 * --witness, or N above their number, exits 2.
 */
cl_witness *cli_witness_add(const char *cmd, cl_witness *w, size_t *nw,
			    int argc, const char *path);
size_t cli_witness_quorum(const char *quorum_arg, size_t nw);

#endif
