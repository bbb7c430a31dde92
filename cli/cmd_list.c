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
 * Table (human output): SEQ (with "*" when the claim was corrected),
 * DATE, SPEAKER, VERDICT (the current rating), TEXT.  The table is as
 * wide as stdout's terminal, else $COLUMNS, else 80 (cli_term_width), or
 * --columns N; a column empty in every row shown is left out (VERDICT on
 * a ledger nobody rated yet), SPEAKER is as wide as its longest name up
 * to a share of the room (lay_out), and TEXT takes the rest, cut at the end
 * of a word with "…" (cli_cell_cut); --wide cuts nothing.  Rows are
 * gathered first to size the columns; past ROWS_HELD rows the layout of
 * the first ones is kept (every column in it) and the rest stream out.
 * Genesis, editor and config records are left out of the table unless
 * --all or --type is given (they are the ledger's housekeeping, not its
 * content).  Colour (header, ratings) on a terminal only (cli_colour).
 *
 * --json: one line per record in the export's shape, every record the
 * filters match (--all makes no difference there); for claims the
 * derived member "current" (cl_fact_current_json) sits between "body"
 * and "sig".
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"
#include "ledger/facts.h"
#include "ledger/search.h"

#define ROWS_HELD 4096      /* rows gathered to size the columns */
#define SPEAKER_MIN 12      /* SPEAKER may be cut to this, never below */
#define SPEAKER_WANT 20     /* ...and is not cut below this while TEXT keeps half */
#define TEXT_MIN 10
#define VERDICT_MAX 12     /* "mostly-false" */
#define STOP_SCAN 1 /* a positive scan return: not a CL_E* code */

enum { OPT_SPEAKER = OPT_FIRST_OWN, OPT_SOURCE, OPT_SINCE, OPT_UNTIL,
       OPT_TYPE, OPT_GREP, OPT_LIMIT, OPT_VERDICT, OPT_ALL, OPT_WIDE,
       OPT_COLUMNS };

static const struct option options[] = {
	{ "speaker", required_argument, NULL, OPT_SPEAKER },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "verdict", required_argument, NULL, OPT_VERDICT },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "wide", no_argument, NULL, OPT_WIDE },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* One row of the table, gathered before the columns are sized. */
struct row {
	uint64_t seq;
	int corrected;
	char date[11];
	char *speaker, *verdict, *text; /* malloc'd */
};

struct list {
	cl_ledger *l;
	cl_query q;          /* what the store filters */
	cl_search *search;   /* --speaker, --source on the current view */
	const char *verdict, *grep;
	uint64_t limit, shown, corrected;
	int has_limit, json, collect, all, wide;
	int seq_width;
	size_t width;        /* of the whole table */
	struct row *rows;    /* gathered, not yet printed */
	size_t nrows;
	int laid_out;        /* the columns below are fixed: print rows now */
	size_t speaker_w, verdict_w, text_w; /* 0: the column is left out */
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

/* Records the table leaves out unless --all or --type: the ledger's own
 * set-up, not what it records. */
static int housekeeping(const char *type)
{
	return strcmp(type, "genesis") == 0 || strcmp(type, "editor") == 0 ||
	       strcmp(type, "config") == 0;
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
	if (!q->json && !q->all && !q->q.type && housekeeping(str(body, "type")))
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

/* "claim 6" ("verdict 18", ...) for the record whose id is `hex`: a seq,
 * not hex, is what a reader types next; the id's first 8 digits when
 * the record cannot be read. */
static char *record_name(const struct list *q, const char *hex)
{
	cl_error err = { 0 };
	cl_record r = { 0 };
	json_t *body;
	uint64_t seq;
	char *name;

	if (cl_ledger_resolve(q->l, hex, &seq, &err) != CL_OK ||
	    cl_ledger_get(q->l, seq, &r, &err) != CL_OK)
		return cli_format("%.8s", hex);
	body = xrecord_body(&r);
	name = cli_format("%s %llu", str(body, "type"), (unsigned long long)seq);
	json_decref(body);
	cl_record_release(&r);
	return name;
}

/* What the TEXT column says about a record that is not a claim
 * (malloc'd). */
static char *describe(const struct list *q, const json_t *body)
{
	const char *type = str(body, "type");
	char *name, *out;

	if (strcmp(type, "genesis") == 0)
		return cli_format("ledger %s, owner %s", str(body, "origin"),
				  str(body, "name"));
	if (strcmp(type, "editor") == 0)
		return cli_format("%s editor %s", str(body, "action"),
				  str(body, "name"));
	if (strcmp(type, "verdict") == 0 || strcmp(type, "correction") == 0) {
		name = record_name(q, str(body, type[0] == 'v' ? "claim" : "target"));
		if (type[0] == 'v')
			out = cli_format("on %s%s%s", name, *str(body, "note") ? ": " : "",
					 str(body, "note"));
		else
			out = cli_format("of %s: %s", name, str(body, "reason"));
		free(name);
		return out;
	}
	if (strcmp(type, "config") == 0)
		return cli_format("newsroom %s %s", str(body, "newsroom"),
				  str(body, "url"));
	if (strcmp(type, "alias") == 0)
		return cli_format("%s alias %s %s", str(body, "action"),
				  str(body, "alias"), str(body, "speaker"));
	return cli_format("%s", type);
}

/* The width of `s` as a cell shows it. */
static size_t cell_width(const char *s)
{
	size_t cols;

	cli_cell_cut(s, (size_t)-1, &cols);
	return cols;
}

/* The widest cell of a column (its header included). */
static size_t column_width(const struct list *q, size_t off, const char *header)
{
	size_t i, w = cell_width(header), n;
	char *cell;

	for (i = 0; i < q->nrows; i++) {
		cell = *(char **)((char *)&q->rows[i] + off);
		if ((n = cell_width(cell)) > w)
			w = n;
	}
	return w;
}

/* Whether every gathered row has an empty cell in this column. */
static int column_empty(const struct list *q, size_t off)
{
	size_t i;

	for (i = 0; i < q->nrows; i++)
		if (**(char **)((char *)&q->rows[i] + off) != '\0')
			return 0;
	return 1;
}

/*
 * Size the columns from the gathered rows.  `all_in`: more rows will
 * follow, so no column may be left out for being empty so far.  Fixed:
 * SEQ (and its "*"), DATE; VERDICT as wide as its widest rating;
 * SPEAKER as wide as its longest name, cut to the larger of
 * SPEAKER_WANT and 30% of the room left, but never to more than half of
 * it (nor less than SPEAKER_MIN); TEXT the rest.  With --wide nothing is
 * cut: SPEAKER takes its full width and TEXT is not bounded.
 */
static void lay_out(struct list *q, int all_in)
{
	size_t room, sw, cap;

	q->laid_out = 1;
	q->verdict_w = all_in && column_empty(q, offsetof(struct row, verdict)) ? 0
		       : column_width(q, offsetof(struct row, verdict), "VERDICT");
	q->speaker_w = all_in && column_empty(q, offsetof(struct row, speaker)) ? 0
		       : column_width(q, offsetof(struct row, speaker), "SPEAKER");
	/* Later rows may hold any rating: room for the longest. */
	if (!all_in && q->verdict_w < VERDICT_MAX)
		q->verdict_w = VERDICT_MAX;
	if (q->wide) {
		q->text_w = 0;
		return;
	}
	room = (size_t)q->seq_width + 2 + 10 + 2 + (q->verdict_w ? q->verdict_w + 2 : 0);
	room = q->width > room + TEXT_MIN ? q->width - room : TEXT_MIN;
	if (q->speaker_w) {
		sw = q->speaker_w;
		cap = room * 3 / 10 > SPEAKER_WANT ? room * 3 / 10 : SPEAKER_WANT;
		if (cap > room / 2)
			cap = room / 2 > SPEAKER_MIN ? room / 2 : SPEAKER_MIN;
		if (sw > cap)
			sw = cap;
		q->speaker_w = sw;
		room = room > sw + 2 + TEXT_MIN ? room - sw - 2 : TEXT_MIN;
	}
	q->text_w = room;
}

static void print_header(const struct list *q)
{
	cli_sgr(stdout, CLI_SGR_BOLD);
	printf("%*s  %-10s", q->seq_width, "SEQ", "DATE");
	if (q->speaker_w)
		printf("  %-*s", (int)q->speaker_w, "SPEAKER");
	if (q->verdict_w)
		printf("  %-*s", (int)q->verdict_w, "VERDICT");
	fputs("  TEXT", stdout);
	cli_sgr(stdout, CLI_SGR_RESET);
	putchar('\n');
}

/* A cell: cut at a word (unless --wide), padded unless it is the last. */
static void print_cell(const struct list *q, const char *s, size_t width, int pad)
{
	size_t w = q->wide ? cell_width(s) : 0;

	/* --wide: the whole text, in a cell at least as wide as it is. */
	cli_print_cell_words(stdout, s, w > width ? w : width, pad);
}

static void print_row(const struct list *q, const struct row *w)
{
	const char *sgr = cli_rating_sgr(w->verdict);

	printf("%*llu%c ", q->seq_width, (unsigned long long)w->seq,
	       w->corrected ? '*' : ' ');
	fputs(w->date, stdout);
	if (q->speaker_w) {
		fputs("  ", stdout);
		print_cell(q, w->speaker, q->speaker_w, 1);
	}
	if (q->verdict_w) {
		fputs("  ", stdout);
		cli_sgr(stdout, sgr);
		print_cell(q, w->verdict, q->verdict_w, 0);
		cli_sgr(stdout, sgr ? CLI_SGR_RESET : NULL);
		printf("%*s", (int)(q->verdict_w - cell_width(w->verdict)), "");
	}
	fputs("  ", stdout);
	print_cell(q, w->text, q->text_w, 0);
	putchar('\n');
}

static void row_free(struct row *w)
{
	free(w->speaker);
	free(w->verdict);
	free(w->text);
}

/* Print the gathered rows (laying out the columns first if need be). */
static void flush_rows(struct list *q, int all_in)
{
	size_t i;

	if (!q->laid_out) {
		lay_out(q, all_in);
		if (q->nrows > 0)
			print_header(q);
	}
	for (i = 0; i < q->nrows; i++) {
		print_row(q, &q->rows[i]);
		row_free(&q->rows[i]);
	}
	q->nrows = 0;
}

/* Gather one row of the table (print it when the layout is fixed). */
static void add_row(struct list *q, const cl_record *r, const json_t *body,
		    const cl_fact *f)
{
	struct row *w;

	if (q->rows == NULL && (q->rows = calloc(ROWS_HELD, sizeof *q->rows)) == NULL)
		cli_die(EXIT_IO, "list: out of memory");
	w = &q->rows[q->nrows++];
	w->seq = r->seq;
	w->corrected = f && f->ncorrections;
	/* A record other than a claim is dated by its time: a correction's
	 * `date` is a value it sets, not its own. */
	if (f)
		record_date(f->current, w->date);
	else
		snprintf(w->date, sizeof w->date, "%s", str(body, "time"));
	if (f) {
		w->speaker = cli_format("%s", cl_fact_str(f, "speaker"));
		w->verdict = cli_format("%s", f->verdict ? str(f->verdict, "rating") : "");
		w->text = cli_format("%s", cl_fact_str(f, "text"));
	} else {
		json_t *vview = NULL;
		/* A verdict reads as its corrections leave it (facts.h). */
		if (strcmp(str(body, "type"), "verdict") == 0 &&
		    cl_verdict_view(q->l, r, body, &vview, q->err) != CL_OK)
			cli_fail("list", q->err);
		w->speaker = cli_format("[%s]", str(body, "type"));
		w->verdict = cli_format("%s", str(vview ? vview : body, "rating"));
		w->text = describe(q, vview ? vview : body);
		json_decref(vview);
	}
	if (w->corrected)
		q->corrected++;
	if (q->laid_out || q->nrows == ROWS_HELD)
		flush_rows(q, 0);
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
	if (q->json)
		print_json(r, f);
	else
		add_row(q, r, body, f);
	q->shown++;
}

static void collect(struct list *q, uint64_t seq)
{
	uint64_t *p;

	if ((p = cl_grow(q->seqs, &q->cap, q->nseqs, sizeof *p, 64)) == NULL)
		cli_die(EXIT_IO, "list: out of memory");
	q->seqs = p;
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
		case OPT_ALL: q.all = 1; break;
		case OPT_WIDE: q.wide = 1; break;
		case OPT_COLUMNS: q.width = cli_parse_columns(optarg); break;
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
		if (q.width == 0)
			q.width = cli_term_width();
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
	if (rc == CL_OK && !q.json)
		flush_rows(&q, 1);
	cl_ledger_close(l);
	free(q.seqs);
	while (q.nrows > 0)
		row_free(&q.rows[--q.nrows]);
	free(q.rows);
	cl_search_free(q.search);
	if (rc != CL_OK)
		cli_fail("list", &err);
	if (q.shown == 0 && isatty(STDOUT_FILENO))
		fputs("claimledger: list: no records match\n", stderr);
	if (!q.json && q.corrected > 0)
		puts("(* corrected: 'claimledger show SEQ' gives the history)");
	return cli_finish_stdout(EXIT_OK);
}
