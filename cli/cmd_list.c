/*
 * cmd_list.c: `claimledger list [filters] [--json]`: records in seq order,
 * as a table that fits 80 columns or as JSON lines.
 *
 * Filters combine (all must match): --type T; --speaker S (case-insensitive,
 * whole name); --source S (exact); --since D / --until D on the claim's
 * date (records without one: the day of their time); --grep TEXT
 * (case-insensitive, in text, note or reason); --limit N (the first N).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <string.h>

#define TABLE_WIDTH 80
#define SPEAKER_WIDTH 20
#define STOP_SCAN 1 /* a positive scan return: not a CL_E* code */

enum { OPT_SPEAKER = OPT_FIRST_OWN, OPT_SOURCE, OPT_SINCE, OPT_UNTIL,
       OPT_TYPE, OPT_GREP, OPT_LIMIT };

static const struct option options[] = {
	{ "speaker", required_argument, NULL, OPT_SPEAKER },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct list {
	const char *speaker, *source, *since, *until, *type, *grep;
	uint64_t limit, shown;
	int has_limit, json;
	int seq_width, text_width;
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

static int matches(const struct list *q, const json_t *body)
{
	char date[11];

	record_date(body, date);
	if (q->type && strcmp(str(body, "type"), q->type) != 0)
		return 0;
	if (q->speaker && !cli_utf8_caseeq(str(body, "speaker"), q->speaker))
		return 0;
	if (q->source && strcmp(str(body, "source"), q->source) != 0)
		return 0;
	if (q->since && strcmp(date, q->since) < 0)
		return 0;
	if (q->until && strcmp(date, q->until) > 0)
		return 0;
	if (q->grep && !cli_utf8_casefind(str(body, "text"), q->grep) &&
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
		snprintf(out, cap, "%s: claim %.8s: %s", str(body, "rating"),
			 str(body, "claim"), str(body, "note"));
	else if (strcmp(type, "correction") == 0)
		snprintf(out, cap, "correction of %.8s: %s", str(body, "target"),
			 str(body, "reason"));
	else
		snprintf(out, cap, "%s", type);
}

static void print_row(const struct list *q, const cl_record *r,
		      const json_t *body)
{
	char date[11], what[512], tag[64];
	int claim = strcmp(str(body, "type"), "claim") == 0;

	record_date(body, date);
	if (!claim) {
		describe(body, what, sizeof what);
		snprintf(tag, sizeof tag, "[%s]", str(body, "type"));
	}
	printf("%*llu  %-10s  ", q->seq_width, (unsigned long long)r->seq, date);
	cli_print_cell(stdout, claim ? str(body, "speaker") : tag,
		       SPEAKER_WIDTH, 1);
	fputs("  ", stdout);
	cli_print_cell(stdout, claim ? str(body, "text") : what,
		       (size_t)q->text_width, 0);
	putchar('\n');
}

static int list_one(void *ctx, const cl_record *r)
{
	struct list *q = ctx;
	json_t *body;

	if (q->has_limit && q->shown >= q->limit)
		return STOP_SCAN;
	body = xrecord_body(r);
	if (matches(q, body)) {
		if (q->json) {
			cli_print_record_json(stdout, r);
		} else {
			if (q->shown == 0)
				printf("%*s  %-10s  %-*s  %s\n", q->seq_width,
				       "SEQ", "DATE", SPEAKER_WIDTH, "SPEAKER",
				       "TEXT");
			print_row(q, r, body);
		}
		q->shown++;
	}
	json_decref(body);
	return 0;
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
	cl_ledger_info info;
	cl_error err = { 0 };
	cl_ledger *l;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_SPEAKER: q.speaker = optarg; break;
		case OPT_SOURCE: q.source = optarg; break;
		case OPT_SINCE: q.since = date_arg("--since", optarg); break;
		case OPT_UNTIL: q.until = date_arg("--until", optarg); break;
		case OPT_GREP: q.grep = optarg; break;
		case OPT_TYPE:
			if (cl_type_from_name(optarg) == CL_TYPE_UNKNOWN)
				cli_usage("unknown type '%s': genesis, editor, "
					  "claim, verdict or correction", optarg);
			q.type = optarg;
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
	q.json = o.json;

	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	rc = cl_ledger_read_info(l, &info, &err);
	if (rc == CL_OK) {
		q.seq_width = snprintf(NULL, 0, "%llu", (unsigned long long)
				       (info.size ? info.size - 1 : 0));
		if (q.seq_width < 3)
			q.seq_width = 3;
		q.text_width = TABLE_WIDTH - q.seq_width - 2 - 10 - 2 -
			       SPEAKER_WIDTH - 2;
		rc = cl_ledger_scan(l, 0, UINT64_MAX, list_one, &q, &err);
	}
	cl_ledger_close(l);
	if (rc != CL_OK && rc != STOP_SCAN)
		cli_fail("list", &err);
	return cli_finish_stdout(EXIT_OK);
}
