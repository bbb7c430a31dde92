/*
 * help.h: the command table (cli/help.c) and everything printed from it.
 *
 * The table is the one source of each command's help: its usage lines,
 * its one-line purpose, every flag with one line of meaning, and examples.
 * `claimledger --help`, `claimledger CMD --help` (= `claimledger help
 * CMD`), the man page man/claimledger.1 (`claimledger help --man`) and the
 * bash and zsh completions in completion/ (`claimledger help --bash`,
 * `--zsh`) are all printed from it; tests/e2e/help.sh checks that the
 * committed files are what the binary prints, and `CMD --help` checks the
 * command's getopt table against the flags listed here (cli_help_check).
 *
 * Adding a flag: one line in the command's `<name>_flags` array in help.c
 * (and, if it belongs there, its place in the usage lines).  Adding a
 * command: its cmd_NAME prototype in cli.h, a `<name>_flags` array and one
 * entry in `cli_commands` in help.c.  Then `make docs` rewrites the man
 * page and the completions.
 *
 * Everything here is static data or prints it: nothing to free.
 */
#ifndef CL_CLI_HELP_H
#define CL_CLI_HELP_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/cli.h"

#define CLI_VERSION "0.1"
#define CLI_HELP_WIDTH 80 /* no help line is wider (display columns) */

/* One flag of a command. */
struct cli_flag {
	const char *name;   /* as typed: "--speaker" */
	const char *arg;    /* the value's name ("S"), NULL for a switch;
			       "URL..." when the flag may repeat.  One ending
			       in FILE, or ARTICLE, OWNER, F, LINE, PROOF,
			       WITNESS, PUBFILE..., completes file names, DIR
			       directory names */
	const char *help;   /* one line of meaning, no trailing period */
	const char *values; /* the values to complete, space-separated, or NULL */
};

/* The commands, in the order `claimledger --help` lists them. */
extern const struct cli_cmd cli_commands[];
extern const size_t cli_ncommands;

/* The command called `name`, or NULL. */
const struct cli_cmd *cli_command_find(const char *name);

/*
 * The Damerau-Levenshtein distance between two strings (optimal string
 * alignment: insertions, deletions, substitutions and transpositions of
 * two adjacent bytes, each costing 1).  Strings longer than 64 bytes are
 * "far": the result is then SIZE_MAX.  Cannot fail.
 */
size_t cli_edit_distance(const char *a, const char *b);

/*
 * The command a mistyped `name` most likely meant: the nearest by
 * cli_edit_distance (the first in table order among equals), when it is
 * close: distance at most 2 and less than half the length of the longer
 * of the two.  NULL when none is.
 */
const struct cli_cmd *cli_command_suggest(const char *name);

/* "claimledger: unknown command 'NAME'; did you mean 'CMD'?" (or "; see
 * 'claimledger --help'" when none is close) and exit 2. */
_Noreturn void cli_unknown_command(const char *name);

/* The command list of `claimledger --help`. */
void cli_help_list(FILE *f);

/* One command's help: usage, purpose, options, examples. */
void cli_help_print(FILE *f, const struct cli_cmd *c);

/*
 * Compare the getopt table a command parses with (`options`, ended by a
 * NULL name; --help and --shared-ledger, which every command takes, are
 * not compared) with the flags the table lists for `c`, both ways, and
 * whether each takes a value.  Prints one "claimledger: CMD: ..." line to
 * `err` per difference; returns how many there were.
 */
int cli_help_check(const struct cli_cmd *c, const struct option *options, FILE *err);

/* The man page claimledger(1), every command in one page (roff). */
void cli_help_man(FILE *f);

/* The bash completion script (defines _claimledger, `complete`s it). */
void cli_help_bash(FILE *f);

/* The zsh completion function file (#compdef claimledger). */
void cli_help_zsh(FILE *f);

/* `claimledger help [CMD | --man | --bash | --zsh]`. */
int cmd_help(int argc, char **argv);

#endif
