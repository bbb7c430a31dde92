/*
 * cmd_list.c: `claimledger list [filters] [--json]`: records newest first,
 * claims in their current view (ledger/facts.h: corrections applied, the
 * latest verdict), as a table or as JSON lines.
 *
 * Filters combine (all must match): --type T; --speaker S and --source S
 * (ledger/search.h: words of the name in any case and accent, aliases; the
 * URL or its host); --since D / --until D on the claim's
 * date (records without one: the day of their time); --verdict V (claims
 * whose current verdict is V; "none" for claims not rated); --grep TEXT
 * (case-insensitive, in text, note or reason); --limit N (the first N).
 *
 * The store's indexes answer --speaker, --source, --type and the dates
 * (cl_ledger_query): no scan.  Filters apply to the corrected view, so a
 * claim whose speaker, source or date was corrected is found by its new
 * value (the corrections are read from the type index) and no longer by
 * the old one.  --verdict reads each candidate claim's verdicts from the
 * reference index (cl_ledger_refs).
 *
 * Table columns: SEQ (with "*" when the claim was corrected), DATE,
 * SPEAKER, VERDICT (the current rating), TEXT (cut with "…"), 80 columns
 * in all, or the terminal's width when stdout is a wider terminal.  --json: one
 * line per record in the export's shape; for claims the derived member
 * "current" (cl_fact_current_json) sits between "body" and "sig".
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ledger/facts.h"
#include "ledger/search.h"

#define TABLE_WIDTH 80      /* when stdout is not a terminal: stable for scripts */
#define TABLE_WIDTH_MAX 240
#define SPEAKER_WIDTH 20
#define VERDICT_WIDTH 12
#define STOP_SCAN 1 /* a positive scan return: not a CL_E* code */

enum { OPT_SPEAKER = OPT_FIRST_OWN, OPT_SOURCE, OPT_SINCE, OPT_UNTIL,
       OPT_TYPE, OPT_GREP, OPT_LIMIT, OPT_VERDICT };

static const struct option options[] = {
	{ "speaker", required_argument, NULL, OPT_SPEAKER },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "verdict", required_argument, NULL, OPT_VERDICT },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct list {
	cl_ledger *l;
	cl_query q;          /* what the store filters */
	cl_search *search;   /* --speaker, --source on the current view */
	const char *verdict, *grep;
	uint64_t limit, shown, corrected;
	int has_limit, json, collect;
	int seq_width, text_width;
	uint64_t *seqs;      /* with `collect`: the matches, any order */
	size_t nseqs, cap;
	cl_error *err;
};

static const char *str(const json_t *body, const char *name)
{
	const char *s = json_string_value(json_object_get(body, name));

	return s ? s : "";
}

/* The claim's date, else the day of the record's time. */
static void record_date(const json_t *body, char out[11])
{
	const char *d = json_string_value(json_object_get(body, "date"));

	snprintf(out, 11, "%s", d ? d : str(body, "time"));
}

/* Whether a record (for a claim: its current view `cur`) passes the
 * filters.  The store has already applied them to the recorded values;
 * they are applied again here to the corrected ones. */
static int matches(const struct list *q, const json_t *body, const cl_fact *f)
{
	const json_t *cur = f ? f->current : body;
	const char *rating = f && f->verdict ? str(f->verdict, "rating") : "none";
	char date[11];

	record_date(cur, date);
	if (q->q.type && strcmp(str(body, "type"), q->q.type) != 0)
		return 0;
	if ((q->q.speaker || q->q.source) &&
	    (!f || !cl_search_speaker(q->search, str(cur, "speaker")) ||
	     !cl_search_source(q->search, str(cur, "source"))))
		return 0;
	if (q->q.since && strcmp(date, q->q.since) < 0)
		return 0;
	if (q->q.until && strcmp(date, q->q.until) > 0)
		return 0;
	if (q->verdict && (!f || strcmp(rating, q->verdict) != 0))
		return 0;
	if (q->grep && !cli_utf8_casefind(str(cur, "text"), q->grep) &&
	    !cli_utf8_casefind(str(body, "note"), q->grep) &&
	    !cli_utf8_casefind(str(body, "reason"), q->grep))
		return 0;
	return 1;
}

/* What the TEXT column says about a record that is not a claim. */
static void describe(const json_t *body, char *out, size_t cap)
{
	const char *type = str(body, "type");

	if (strcmp(type, "genesis") == 0)
		snprintf(out, cap, "ledger %s, owner %s", str(body, "origin"),
			 str(body, "name"));
	else if (strcmp(type, "editor") == 0)
		snprintf(out, cap, "%s editor %s", str(body, "action"),
			 str(body, "name"));
	else if (strcmp(type, "verdict") == 0)
		snprintf(out, cap, "claim %.8s: %s", str(body, "claim"),
			 str(body, "note"));
	else if (strcmp(type, "correction") == 0)
		snprintf(out, cap, "correction of %.8s: %s", str(body, "target"),
			 str(body, "reason"));
	else if (strcmp(type, "config") == 0)
		snprintf(out, cap, "newsroom %s %s", str(body, "newsroom"),
			 str(body, "url"));
	else if (strcmp(type, "alias") == 0)
		snprintf(out, cap, "%s alias %s %s", str(body, "action"),
			 str(body, "alias"), str(body, "speaker"));
	else
		snprintf(out, cap, "%s", type);
}

static void print_row(struct list *q, const cl_record *r, const json_t *body,
		      const cl_fact *f)
{
	char date[11], what[512], tag[64];
	const char *verdict = "";
	json_t *vview = NULL;

	record_date(f ? f->current : body, date);
	if (f) {
		verdict = f->verdict ? str(f->verdict, "rating") : "";
	} else {
		/* A verdict reads as its corrections leave it (facts.h). */
		if (strcmp(str(body, "type"), "verdict") == 0 &&
		    cl_verdict_view(q->l, r, body, &vview, q->err) != CL_OK)
			cli_fail("list", q->err);
		describe(vview ? vview : body, what, sizeof what);
		snprintf(tag, sizeof tag, "[%s]", str(body, "type"));
		verdict = str(vview ? vview : body, "rating");
	}
	if (f && f->ncorrections)
		q->corrected++;
	printf("%*llu%c ", q->seq_width, (unsigned long long)r->seq,
	       f && f->ncorrections ? '*' : ' ');
	cli_print_cell(stdout, date, 10, 1);
	fputs("  ", stdout);
	cli_print_cell(stdout, f ? cl_fact_str(f, "speaker") : tag, SPEAKER_WIDTH, 1);
	fputs("  ", stdout);
	cli_print_cell(stdout, verdict, VERDICT_WIDTH, 1);
	fputs("  ", stdout);
	cli_print_cell(stdout, f ? cl_fact_str(f, "text") : what,
		       (size_t)q->text_width, 0);
	putchar('\n');
	json_decref(vview);
}

static void print_json(const cl_record *r, const cl_fact *f)
{
	char id[CL_ID_HEX + 1], sig[128];
	json_t *cur;

	if (f == NULL) {
		cli_print_record_json(stdout, r);
		return;
	}
	if ((cur = cl_fact_current_json(f)) == NULL)
		cli_die(EXIT_IO, "list: out of memory");
	cli_id_hex(id, r->id);
	cl_b64_encode(sig, r->sig, CL_SIG_BYTES);
	printf("{\"id\":\"%s\",\"body\":", id);
	cli_json_write(stdout, r->body, r->body_len);
	fputs(",\"current\":", stdout);
	cli_json_dump(stdout, cur, JSON_COMPACT);
	printf(",\"sig\":\"%s\"}\n", sig);
	json_decref(cur);
}

/* Load a claim's view, or leave `f` zeroed for other records. */
static int view(struct list *q, const cl_record *r, json_t *body,
		cl_fact *f)
{
	if (strcmp(str(body, "type"), "claim") != 0)
		return CL_OK;
	return cl_fact_load_parsed(q->l, r, body, 0, f, q->err);
}

/* Print one matching record. */
static void emit(struct list *q, const cl_record *r, const json_t *body,
		 const cl_fact *f)
{
	if (q->json) {
		print_json(r, f);
	} else {
		if (q->shown == 0)
			printf("%*s  %-10s  %-*s  %-*s  %s\n", q->seq_width, "SEQ",
			       "DATE", SPEAKER_WIDTH, "SPEAKER", VERDICT_WIDTH,
			       "VERDICT", "TEXT");
		print_row(q, r, body, f);
	}
	q->shown++;
}

static void collect(struct list *q, uint64_t seq)
{
	uint64_t *p;

	if (q->nseqs == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		if ((p = realloc(q->seqs, q->cap * sizeof *p)) == NULL)
			cli_die(EXIT_IO, "list: out of memory");
		q->seqs = p;
	}
	q->seqs[q->nseqs++] = seq;
}

/* Pass 1: the records the store finds by the recorded values. */
static int list_one(void *ctx, const cl_record *r)
{
	struct list *q = ctx;
	cl_fact f = { 0 };
	json_t *body;
	int rc, is_claim;

	/* The walk is newest first, so once `limit` records matched, every
	 * record still to come is older than all of them: none of it can be
	 * printed.  Collecting stops there too; the claims pass 2 adds are
	 * merged by seq, and the first `limit` of the merge are printed. */
	if (q->has_limit && (q->collect ? q->nseqs : q->shown) >= q->limit)
		return STOP_SCAN;
	body = xrecord_body(r);
	if ((rc = view(q, r, body, &f)) == CL_OK) {
		is_claim = f.claim != NULL;
		if (matches(q, body, is_claim ? &f : NULL)) {
			if (q->collect)
				collect(q, r->seq);
			else
				emit(q, r, body, is_claim ? &f : NULL);
		}
	}
	cl_fact_free(&f);
	json_decref(body);
	return rc;
}

/* Pass 2: claims whose corrected speaker, source or date may match. */
static int correction_one(void *ctx, const cl_record *r)
{
	struct list *q = ctx;
	json_t *body = xrecord_body(r), *tbody = NULL;
	cl_record t = { 0 };
	cl_fact f = { 0 };
	uint64_t seq;
	int rc = CL_OK;

	if (!((q->q.speaker && json_object_get(body, "speaker")) ||
	      (q->q.source && json_object_get(body, "source")) ||
	      ((q->q.since || q->q.until) && json_object_get(body, "date"))))
		goto out;
	if ((rc = cl_ledger_resolve(q->l, str(body, "target"), &seq, q->err)) != CL_OK ||
	    (rc = cl_ledger_get(q->l, seq, &t, q->err)) != CL_OK)
		goto out;
	tbody = xrecord_body(&t);
	if ((rc = view(q, &t, tbody, &f)) == CL_OK && f.claim != NULL &&
	    matches(q, tbody, &f))
		collect(q, seq);
out:
	cl_fact_free(&f);
	json_decref(tbody);
	cl_record_release(&t);
	json_decref(body);
	return rc;
}

static int by_seq_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Print the collected matches, newest first, each once. */
static int emit_collected(struct list *q)
{
	cl_record r = { 0 };
	cl_fact f = { 0 };
	json_t *body;
	size_t i;
	int rc = CL_OK;

	if (q->nseqs > 1) /* qsort's base must not be NULL, even for 0 items */
		qsort(q->seqs, q->nseqs, sizeof *q->seqs, by_seq_desc);
	for (i = 0; i < q->nseqs && rc == CL_OK; i++) {
		if (i > 0 && q->seqs[i] == q->seqs[i - 1])
			continue;
		if (q->has_limit && q->shown >= q->limit)
			break;
		if ((rc = cl_ledger_get(q->l, q->seqs[i], &r, q->err)) != CL_OK)
			break;
		body = xrecord_body(&r);
		if ((rc = view(q, &r, body, &f)) == CL_OK)
			emit(q, &r, body, f.claim ? &f : NULL);
		cl_fact_free(&f);
		json_decref(body);
		cl_record_release(&r);
	}
	return rc;
}

/* The table's width: the terminal's when stdout is one (and wider than
 * 80 columns), else 80, so that what a pipe or a file gets never depends
 * on the window it was run from. */
static int table_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > TABLE_WIDTH)
		return ws.ws_col < TABLE_WIDTH_MAX ? ws.ws_col : TABLE_WIDTH_MAX;
	return TABLE_WIDTH;
}

static const char *date_arg(const char *flag, const char *d)
{
	if (!cl_date_valid(d))
		cli_usage("%s: not a date YYYY-MM-DD: '%s'", flag, d);
	return d;
}

int cmd_list(int argc, char **argv)
{
	struct list q = { 0 };
	struct cli_opts o = { 0 };
	cl_query corr = { 0 };
	cl_ledger_info info;
	cl_error err = { 0 };
	cl_ledger *l;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_SPEAKER: q.q.speaker = optarg; break;
		case OPT_SOURCE: q.q.source = optarg; break;
		case OPT_SINCE: q.q.since = date_arg("--since", optarg); break;
		case OPT_UNTIL: q.q.until = date_arg("--until", optarg); break;
		case OPT_GREP: q.grep = optarg; break;
		case OPT_TYPE:
			if (cl_type_from_name(optarg) == CL_TYPE_UNKNOWN)
				cli_usage("unknown type '%s': genesis, editor, "
					  "claim, verdict, correction, alias or "
					  "config", optarg);
			q.q.type = optarg;
			break;
		case OPT_VERDICT:
			if (strcmp(optarg, "none") != 0 && cl_rating_find(optarg) == NULL)
				cli_usage("unknown verdict '%s': %s, or none",
					  optarg, cl_rating_names());
			q.verdict = optarg;
			break;
		case OPT_LIMIT:
			if (cli_parse_count(optarg, &q.limit) != 0)
				cli_usage("--limit: not a count: '%s'", optarg);
			q.has_limit = 1;
			break;
		default:
			cli_common_opt(c, argv, &o);
		}
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	if (q.verdict && q.q.type && strcmp(q.q.type, "claim") != 0)
		cli_usage("--verdict selects claims: it cannot go with --type %s",
			  q.q.type);
	if (q.verdict)
		q.q.type = "claim";
	q.q.newest_first = 1;
	q.json = o.json;
	q.err = &err;
	/* A corrected member may now match: collect, add the claims found
	 * through their corrections, then print in seq order. */
	q.collect = (q.q.speaker || q.q.source || q.q.since || q.q.until) &&
		    (q.q.type == NULL || strcmp(q.q.type, "claim") == 0);

	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	q.l = l;
	rc = cl_ledger_read_info(l, &info, &err);
	if (rc == CL_OK) {
		q.seq_width = snprintf(NULL, 0, "%llu", (unsigned long long)
				       (info.size ? info.size - 1 : 0));
		if (q.seq_width < 3)
			q.seq_width = 3;
		q.text_width = table_width() - q.seq_width - 2 - 10 - 2 -
			       SPEAKER_WIDTH - 2 - VERDICT_WIDTH - 2;
		rc = cl_search_new(l, q.q.speaker, q.q.source, &q.search, &err);
	}
	if (rc == CL_OK)
		rc = cl_ledger_query(l, &q.q, list_one, &q, &err);
	if (rc == STOP_SCAN)
		rc = CL_OK;
	if (rc == CL_OK && q.collect) {
		corr.type = "correction";
		rc = cl_ledger_query(l, &corr, correction_one, &q, &err);
		if (rc == CL_OK)
			rc = emit_collected(&q);
	}
	cl_ledger_close(l);
	free(q.seqs);
	cl_search_free(q.search);
	if (rc != CL_OK)
		cli_fail("list", &err);
	if (q.shown == 0 && isatty(STDOUT_FILENO))
		fputs("claimledger: list: no records match\n", stderr);
	if (!q.json && q.corrected > 0)
		puts("(* corrected: 'claimledger show SEQ' gives the history)");
	return cli_finish_stdout(EXIT_OK);
}
