/*
 * cmd_rate.c: `claimledger rate ID --verdict V --key FILE [--note TEXT]
 * [--evidence URL]... [--url URL] [--speaker-type person|organization]`:
 * append a verdict on claim ID and print "seq N id HEX".  --url is the
 * fact-check article's own address, --speaker-type what the claim's
 * speaker is (both for the ClaimReview export: facts.h).
 *
 * The verdict must be on the rating scale (facts.h: true, mostly-true,
 * mixed, mostly-false, false, misleading, unproven) and ID must name a
 * claim; otherwise the command exits 2 and the ledger is not touched.
 * A later verdict on the same claim replaces the current one (both stay
 * in the ledger: `show ID` lists them).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/facts.h"

enum { OPT_VERDICT = OPT_FIRST_OWN, OPT_NOTE, OPT_EVIDENCE, OPT_URL,
       OPT_SPEAKER_TYPE };

static const struct option options[] = {
	{ "verdict", required_argument, NULL, OPT_VERDICT },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "evidence", required_argument, NULL, OPT_EVIDENCE },
	{ "url", required_argument, NULL, OPT_URL },
	{ "speaker-type", required_argument, NULL, OPT_SPEAKER_TYPE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* A JSON string of the user's bytes, unchecked: the store names the member
 * when it is not valid UTF-8 or holds a control character. */
static json_t *xstr(const char *s)
{
	json_t *v = json_stringn_nocheck(s, strlen(s));

	if (v == NULL)
		cli_die(EXIT_IO, "rate: out of memory");
	return v;
}

/* The record `ref` names, which must be a claim; exits 2 otherwise. */
static void xclaim(cl_ledger *l, const char *ref, cl_record *r, char id[CL_ID_HEX + 1])
{
	cl_error err = { 0 };
	const char *type;
	uint64_t seq;
	json_t *body;
	int rc;

	if ((rc = cl_ledger_resolve(l, ref, &seq, &err)) == CL_OK)
		rc = cl_ledger_get(l, seq, r, &err);
	if (rc != CL_OK) {
		cl_ledger_close(l);
		cli_fail("rate", &err);
	}
	body = xrecord_body(r);
	type = json_string_value(json_object_get(body, "type"));
	if (type == NULL || strcmp(type, "claim") != 0) {
		char *what = cli_format("%s %s", cli_a_an(type),
					type ? type : "record of no type");

		/* Released before exiting: the leak checker sees no loose body. */
		json_decref(body);
		cl_record_release(r);
		cl_ledger_close(l);
		cli_die(EXIT_USAGE, "rate: record %llu is %s, not a claim: only "
			"claims are rated", (unsigned long long)seq, what);
	}
	json_decref(body);
	cli_id_hex(id, r->id);
}

/* "verdict V on claim N (SPEAKER: "TEXT…")", one line of the output's
 * width: the text is cut at a word (never below 20 columns). */
static void print_recorded(const char *verdict, const cl_fact *f)
{
	const char *speaker = cl_fact_str(f, "speaker");
	char *head = cli_format("verdict %s on claim %llu (", verdict,
				(unsigned long long)f->seq);
	size_t used = cli_width(head) + cli_width(speaker) + 5, width = cli_term_width();

	cli_print_safe(stdout, head);
	cli_print_safe(stdout, speaker);
	fputs(": \"", stdout);
	cli_print_cell_words(stdout, cl_fact_str(f, "text"),
			     width > used + 20 ? width - used : 20, 0);
	fputs("\")\n", stdout);
	free(head);
}

int cmd_rate(int argc, char **argv)
{
	const char *verdict = NULL, *note = NULL, *url = NULL, *stype = NULL;
	const char *inherited = NULL; /* the current verdict's speaker_type */
	char id[CL_ID_HEX + 1], cid[CL_ID_HEX + 1];
	struct cli_opts o = { 0 };
	cl_record claim = { 0 };
	cl_error err = { 0 };
	cl_fact f = { 0 };
	json_t *fields = json_object(), *evidence = json_array();
	cl_seckey *k;
	cl_ledger *l;
	uint64_t seq;
	int64_t now;
	int c, rc;

	if (fields == NULL || evidence == NULL)
		cli_die(EXIT_IO, "rate: out of memory");
	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_VERDICT: verdict = optarg; break;
		case OPT_NOTE: note = optarg; break;
		case OPT_URL: url = optarg; break;
		case OPT_SPEAKER_TYPE: stype = optarg; break;
		case OPT_EVIDENCE:
			if (json_array_append_new(evidence, xstr(optarg)) != 0)
				cli_die(EXIT_IO, "rate: out of memory");
			break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind >= argc)
		cli_usage("missing the claim ID");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (verdict == NULL)
		cli_usage("missing --verdict (one of %s)", cl_rating_names());
	if (cl_rating_find(verdict) == NULL)
		cli_die(EXIT_USAGE, "rate: unknown verdict '%s': the scale is %s",
			verdict, cl_rating_names());
	if (stype && strcmp(stype, "person") != 0 && strcmp(stype, "organization") != 0)
		cli_die(EXIT_USAGE, "rate: unknown --speaker-type '%s': person or "
			"organization", stype);

	now = cli_now();
	l = xledger_open(o.ledger, 0);
	xclaim(l, argv[optind], &claim, cid);
	/* The claim as it reads now, for the line that says what was rated. */
	if ((rc = cl_fact_load(l, &claim, 0, &f, &err)) != CL_OK) {
		cl_ledger_close(l);
		cli_fail("rate", &err);
	}
	/* A type stated before carries over to the new verdict (the current
	 * one is what ClaimReview reads): said on the output below. */
	if (stype == NULL && f.verdict != NULL) {
		inherited = json_string_value(json_object_get(f.verdict, "speaker_type"));
		stype = inherited;
	}
	k = xkey_load(o.key, o.passfile);
	if (json_object_set_new(fields, "type", xstr("verdict")) != 0 ||
	    json_object_set_new(fields, "claim", xstr(cid)) != 0 ||
	    json_object_set_new(fields, "rating", xstr(verdict)) != 0 ||
	    (note && json_object_set_new(fields, "note", xstr(note)) != 0) ||
	    (url && json_object_set_new(fields, "url", xstr(url)) != 0) ||
	    (stype && json_object_set_new(fields, "speaker_type", xstr(stype)) != 0) ||
	    (json_array_size(evidence) > 0 &&
	     json_object_set(fields, "evidence", evidence) != 0))
		cli_die(EXIT_IO, "rate: out of memory");
	rc = cli_append_one(l, NULL, fields, k, now, &seq, id, &err);
	if (rc == CL_OK) {
		printf("seq %llu id %s\n", (unsigned long long)seq, id);
		print_recorded(verdict, &f);
		/* The ClaimReview author type is never a silent guess: say
		 * where it came from, and how to state it instead. */
		if (inherited != NULL)
			printf("speaker type: %s (from verdict %llu; --speaker-type "
			       "to change it)\n", inherited,
			       (unsigned long long)f.verdict_seq);
		else if (stype == NULL)
			printf("speaker type: %s (from the name; --speaker-type "
			       "to state it)\n", cl_speaker_is_org(cl_fact_str(&f, "speaker"))
			       ? "organization" : "person");
	}
	cl_fact_free(&f);
	json_decref(fields);
	json_decref(evidence);
	cl_record_release(&claim);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("rate", &err);
	return cli_finish_stdout(EXIT_OK);
}
