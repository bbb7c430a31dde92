/*
 * cmd_correct.c: `claimledger correct ID --reason TEXT --key FILE [--text T]
 * [--speaker S] [--source U] [--date D] [--kind K] [--offset N --length N]`:
 * append a correction of record ID and print "seq N id HEX" (the line
 * scripts read), then what was recorded, for a person: `correction 9 of
 * claim 6 (Ana Ruiz: "Not a single…")` (the claim as it now reads) and one
 * "  MEMBER: OLD -> NEW" line per corrected value.  Nothing is rewritten:
 * the correction is a new signed record pointing at ID.
 *
 * The corrected values (--text, --speaker, --source, --date, --kind, and
 * the span --offset/--length, bytes in the claim's archived article) are
 * allowed only when ID is a claim; `show`, `list` and the exports then
 * present the claim with them applied (facts.h: the latest correction of
 * a member wins).  The CLI checks only that values are there and that the
 * span is whole; the store checks each member and that the claim's view
 * stays pinned to its article (a direct quote's new words need their span
 * in the article, or another kind), and names what is wrong.  Anything
 * refused exits 2 with the ledger untouched.
 *
 * `correct ID --verdict V [--note TEXT] --reason R` (either flag) corrects
 * a verdict: ID must be a verdict record, V a rating of the scale (the
 * store checks both, as the record rules say); list, show and the exports
 * then show the verdict with the corrected rating and note.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/facts.h"

enum { OPT_REASON = OPT_FIRST_OWN, OPT_TEXT, OPT_SPEAKER, OPT_SOURCE, OPT_DATE,
       OPT_KIND, OPT_OFFSET, OPT_LENGTH, OPT_VERDICT, OPT_NOTE };

static const struct option options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "text", required_argument, NULL, OPT_TEXT },
	{ "speaker", required_argument, NULL, OPT_SPEAKER },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "length", required_argument, NULL, OPT_LENGTH },
	{ "verdict", required_argument, NULL, OPT_VERDICT },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Member names of OPT_REASON .. OPT_LENGTH, in that order; the last two
 * are byte counts, the others strings. */
static const char *const names[] = { "reason", "text", "speaker", "source", "date",
				     "kind", "offset", "length" };
#define NNAMES (sizeof names / sizeof names[0])
#define NSTRINGS (NNAMES - 2)

/* Set fields[name] to the user's bytes unchecked: the store names the
 * member when it is not valid UTF-8. */
static void set_str(json_t *fields, const char *name, const char *s)
{
	if (s && json_object_set_new(fields, name,
				     json_stringn_nocheck(s, strlen(s))) != 0)
		cli_die(EXIT_IO, "correct: out of memory");
}

/* The largest integer a body may hold (SPEC.md: |n| < 2^53). */
#define COUNT_MAX ((1ULL << 53) - 1)

/* Set fields[name] to the byte count `s` (absent when NULL), or refuse it
 * (exit 2) when it is not one. */
static void set_count(json_t *fields, const char *name, const char *s)
{
	uint64_t n;

	if (s == NULL)
		return;
	if (cli_parse_count(s, &n) != 0 || n > COUNT_MAX)
		cli_usage("--%s '%s': not a byte count (0 to %llu)", name, s,
			  (unsigned long long)COUNT_MAX);
	if (json_object_set_new(fields, name, json_integer((json_int_t)n)) != 0)
		cli_die(EXIT_IO, "correct: out of memory");
}

/* A member's value as text ("(none)" when absent), malloc'd. */
static char *member_text(const json_t *v)
{
	if (json_is_string(v))
		return cli_format("%s", json_string_value(v));
	if (json_is_integer(v))
		return cli_format("%lld", (long long)json_integer_value(v));
	return cli_format("(none)");
}

/*
 * What was recorded: "correction N of claim M (SPEAKER: "TEXT…")" with the
 * claim's values after the correction (`before` is its view before, NULL
 * when the target is not a claim), then "  MEMBER: OLD -> NEW" for each
 * value in `fields`.  Lines fit the output's width; texts are cut at a
 * word.
 */
/* "  MEMBER: OLD -> NEW", cut to the terminal's width at a word. */
static void print_change(const char *member, const json_t *was, const json_t *is,
			 size_t width)
{
	char *old = member_text(was), *now = member_text(is);
	char *line = cli_format("%s -> %s", old, now);
	size_t used = strlen(member) + 4;

	printf("  %s: ", member);
	cli_print_cell_words(stdout, line, width > used + 20 ? width - used : 20, 0);
	putchar('\n');
	free(line);
	free(old);
	free(now);
}

/* What was recorded: the corrected record by seq, and each value it
 * changes (`before`: the claim as it read before; `vbefore`: the verdict
 * as it read before; neither for other records). */
static void print_recorded(uint64_t seq, uint64_t target, const char *type,
			   const cl_fact *before, const json_t *vbefore,
			   const json_t *fields)
{
	static const char *const verdict_members[] = { "rating", "note" };
	const json_t *sp, *tx;
	const char *speaker, *text;
	char *head;
	size_t used, width = cli_term_width(), i;

	if (before == NULL) {
		head = cli_format("correction %llu of %s %llu", (unsigned long long)seq,
				  type ? type : "record", (unsigned long long)target);
		cli_print_safe(stdout, head);
		putchar('\n');
		free(head);
		for (i = 0; vbefore != NULL && i < 2; i++)
			if ((tx = json_object_get(fields, verdict_members[i])) != NULL)
				print_change(verdict_members[i],
					     json_object_get(vbefore, verdict_members[i]), tx,
					     width);
		return;
	}
	sp = json_object_get(fields, "speaker");
	tx = json_object_get(fields, "text");
	speaker = sp ? json_string_value(sp) : cl_fact_str(before, "speaker");
	text = tx ? json_string_value(tx) : cl_fact_str(before, "text");
	head = cli_format("correction %llu of claim %llu (", (unsigned long long)seq,
			  (unsigned long long)target);
	used = cli_width(head) + cli_width(speaker) + 5;
	cli_print_safe(stdout, head);
	cli_print_safe(stdout, speaker);
	fputs(": \"", stdout);
	cli_print_cell_words(stdout, text, width > used + 20 ? width - used : 20, 0);
	fputs("\")\n", stdout);
	free(head);
	for (i = 1; i < NNAMES; i++)
		if ((tx = json_object_get(fields, names[i])) != NULL)
			print_change(names[i], json_object_get(before->current, names[i]), tx,
				     width);
}

int cmd_correct(int argc, char **argv)
{
	const char *v[NNAMES] = { 0 }, *type, *rating = NULL, *note = NULL;
	char id[CL_ID_HEX + 1], tid[CL_ID_HEX + 1];
	struct cli_opts o = { 0 };
	cl_record target = { 0 };
	cl_error err = { 0 };
	cl_fact before = { 0 };
	json_t *fields = json_object(), *body = NULL, *vbefore = NULL;
	cl_seckey *k = NULL;
	cl_ledger *l;
	uint64_t seq, tseq;
	int64_t now;
	size_t i;
	int c, rc, values = 0;

	if (fields == NULL)
		cli_die(EXIT_IO, "correct: out of memory");
	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c >= OPT_REASON && c <= OPT_LENGTH)
			v[c - OPT_REASON] = optarg;
		else if (c == OPT_VERDICT)
			rating = optarg;
		else if (c == OPT_NOTE)
			note = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind >= argc)
		cli_usage("missing the record ID");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (v[0] == NULL)
		cli_usage("missing --reason");
	for (i = 1; i < NNAMES; i++)
		values |= v[i] != NULL;
	if (values && (rating || note))
		cli_usage("--verdict and --note correct a verdict; --text, --speaker, "
			  "--source, --date, --kind, --offset and --length a claim: "
			  "not both at once");
	if (v[4] != NULL)
		xdate_arg("--date", v[4]);
	if ((v[6] == NULL) != (v[7] == NULL))
		cli_usage("--offset and --length go together (the span of the "
			  "words in the claim's article)");
	for (i = NSTRINGS; i < NNAMES; i++)
		set_count(fields, names[i], v[i]);

	now = cli_now();
	l = xledger_open(o.ledger, 0);
	if ((rc = cl_ledger_resolve(l, argv[optind], &seq, &err)) != CL_OK ||
	    (rc = cl_ledger_get(l, seq, &target, &err)) != CL_OK)
		goto out;
	body = xrecord_body(&target);
	type = json_string_value(json_object_get(body, "type"));
	if (values && (type == NULL || strcmp(type, "claim") != 0)) {
		rc = cl_error_set(&err, CL_EINPUT, "record %llu is %s %s: corrected "
				  "values (--text, --speaker, --source, --date, "
				  "--kind, --offset, --length) need a claim", (unsigned long long)seq,
				  cli_a_an(type), type ? type : "record of no type");
		goto out;
	}
	/* The store checks the rating against the scale and names it. */
	if ((rating || note) && (type == NULL || strcmp(type, "verdict") != 0)) {
		rc = cl_error_set(&err, CL_EINPUT, "record %llu is %s %s: --verdict "
				  "and --note correct a verdict (rate ID gives a claim "
				  "a new one)", (unsigned long long)seq,
				  cli_a_an(type), type ? type : "record of no type");
		goto out;
	}
	tseq = seq;
	/* The claim as it reads before, for the line that says what changed. */
	if (type && strcmp(type, "claim") == 0 &&
	    (rc = cl_fact_load(l, &target, 0, &before, &err)) != CL_OK)
		goto out;
	/* The verdict as it reads before, likewise. */
	if (type && strcmp(type, "verdict") == 0 &&
	    (rc = cl_verdict_view(l, &target, body, &vbefore, &err)) != CL_OK)
		goto out;
	cli_id_hex(tid, target.id);
	set_str(fields, "type", "correction");
	set_str(fields, "target", tid);
	for (i = 0; i < NSTRINGS; i++)
		set_str(fields, names[i], v[i]);
	set_str(fields, "rating", rating);
	set_str(fields, "note", note);
	k = xkey_load(o.key, o.passfile);
	rc = cli_append_one(l, NULL, fields, k, now, &seq, id, &err);
	if (rc == CL_OK) {
		printf("seq %llu id %s\n", (unsigned long long)seq, id);
		print_recorded(seq, tseq, type, before.claim ? &before : NULL, vbefore,
			       fields);
	}
out:
	cl_fact_free(&before);
	json_decref(vbefore);
	json_decref(fields);
	json_decref(body);
	cl_record_release(&target);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("correct", &err);
	return cli_finish_stdout(EXIT_OK);
}
