/*
 * cmd_stats.c: `claimledger stats [--top N] [--json]`: an overview of the
 * ledger.  Size, head, origin, owner, the count of records of each type
 * and the Merkle tree root (base64, as in a checkpoint); then the claims
 * (ledger/stats.h, each as it reads after its corrections): rated and
 * unrated, by current verdict, the top N speakers and articles (sources)
 * by claims (--top, default 10; 0: all), and by month of the claim's date.
 *
 * --json: one object with the members scripts already read (`size`,
 * `head`, `root`, `origin`, `owner`, `bytes`, and a count per type:
 * `genesis`, `editors`, `claims`, `verdicts`, `corrections`, `aliases`,
 * `configs`) and, beside them, `rated`, `unrated`, `by_verdict`
 * ({rating: claims, ..., "none": claims}), `by_speaker` and `by_source`
 * ([{"speaker"|"source": NAME, "claims": N}], the top N, most first),
 * `speakers` and `sources` (how many distinct, all of them), `by_month`
 * ([{"month": "YYYY-MM", "claims": N}], oldest first).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <string.h>

#include "ledger/stats.h"

#define TOP_DEFAULT 10

enum { OPT_TOP = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "top", required_argument, NULL, OPT_TOP },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Counts indexed by cl_type; the JSON names are plurals. */
static const char *const plural[] = { "unknown", "genesis", "editors",
				      "claims", "verdicts", "corrections", "aliases", "configs" };
_Static_assert(sizeof plural / sizeof plural[0] == CL_TYPE_MAX + 1, "a plural per type");

static void oom(void)
{
	cli_die(EXIT_IO, "stats: out of memory");
}

/* [{key: name, "claims": n}] of the first `top` rows (0: all). */
static json_t *rows_json(const cl_stats_row *rows, size_t n, size_t top, const char *key)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n && (top == 0 || i < top); i++)
		if (json_array_append_new(a, json_pack("{s:s, s:I}", key, rows[i].name,
						       "claims", (json_int_t)rows[i].claims)) != 0)
			oom();
	if (a == NULL)
		oom();
	return a;
}

static void print_json(const cl_ledger_info *info, const cl_stats *s, size_t top,
		       const char *head, const char *root)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "size",
			      (json_int_t)info->size, "head", head, "root", root,
			      "origin", info->origin, "owner", info->owner_name,
			      "bytes", (json_int_t)s->bytes);
	json_t *v = json_object();
	int t;

	if (o == NULL || v == NULL)
		oom();
	for (t = CL_TYPE_GENESIS; t <= CL_TYPE_MAX; t++)
		if (json_object_set_new(o, plural[t], json_integer((json_int_t)s->types[t])))
			oom();
	for (t = 0; t < 8; t++)
		if (json_object_set_new(v, s->verdicts[t].name,
					json_integer((json_int_t)s->verdicts[t].claims)))
			oom();
	if (json_object_set_new(o, "rated", json_integer((json_int_t)s->rated)) ||
	    json_object_set_new(o, "unrated", json_integer((json_int_t)s->unrated)) ||
	    json_object_set_new(o, "by_verdict", v) ||
	    json_object_set_new(o, "speakers", json_integer((json_int_t)s->nspeakers)) ||
	    json_object_set_new(o, "by_speaker", rows_json(s->speakers, s->nspeakers, top, "speaker")) ||
	    json_object_set_new(o, "sources", json_integer((json_int_t)s->nsources)) ||
	    json_object_set_new(o, "by_source", rows_json(s->sources, s->nsources, top, "source")) ||
	    json_object_set_new(o, "by_month", rows_json(s->months, s->nmonths, 0, "month")))
		oom();
	cli_json_dump(stdout, o, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
}

/* A heading, then "  COUNT  NAME" lines (names are third-party text). */
static void print_rows(const char *title, const cl_stats_row *rows, size_t n,
		       size_t top)
{
	size_t i;

	if (top != 0 && n > top)
		printf("\n%s (top %zu of %zu):\n", title, top, n);
	else
		printf("\n%s (%zu):\n", title, n);
	for (i = 0; i < n && (top == 0 || i < top); i++) {
		printf("  %8llu  ", (unsigned long long)rows[i].claims);
		cli_print_safe(stdout, rows[i].name);
		putchar('\n');
	}
}

static void print_human(const cl_ledger_info *info, const cl_stats *s, size_t top,
			const char *head, const char *root)
{
	char vkey[CL_VKEY_MAX];
	int t;

	cl_vkey_format(vkey, info->owner_name, info->owner);
	/* Key names refuse controls but not every bidi character. */
	fputs("origin: ", stdout);
	cli_print_safe(stdout, info->origin);
	fputs("\nowner: ", stdout);
	cli_print_safe(stdout, vkey);
	printf("\nsize: %llu records, %llu bytes of bodies\n"
	       "head: %s\ntree root: %s\n",
	       (unsigned long long)info->size, (unsigned long long)s->bytes,
	       head, root);
	for (t = CL_TYPE_GENESIS; t <= CL_TYPE_MAX; t++)
		printf("%s: %llu\n", plural[t], (unsigned long long)s->types[t]);
	if (s->claims == 0)
		return;
	printf("\nclaims: %llu, rated %llu, unrated %llu (as corrected)\n",
	       (unsigned long long)s->claims, (unsigned long long)s->rated,
	       (unsigned long long)s->unrated);
	fputs("\nby verdict:\n", stdout);
	for (t = 0; t < 8; t++)
		if (s->verdicts[t].claims > 0)
			printf("  %8llu  %s\n", (unsigned long long)s->verdicts[t].claims,
			       s->verdicts[t].name);
	print_rows("by speaker", s->speakers, s->nspeakers, top);
	print_rows("by article", s->sources, s->nsources, top);
	print_rows("by month", s->months, s->nmonths, 0);
}

int cmd_stats(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	cl_stats s = { 0 };
	char head[CL_ID_HEX + 1], root[64];
	unsigned char rh[CL_HASH_BYTES];
	cl_ledger_info info;
	cl_error err = { 0 };
	cl_ledger *l;
	uint64_t top = TOP_DEFAULT;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_TOP) {
			if (cli_parse_count(optarg, &top) != 0 || top > 1000000)
				cli_usage("--top: not a count (0 for all, at most 1000000): '%s'",
					  optarg);
		} else {
			cli_common_opt(c, argv, &o);
		}
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	rc = cl_ledger_read_info(l, &info, &err);
	if (rc == CL_OK)
		rc = cl_ledger_stats(l, info.size, &s, &err);
	/* A writer may append meanwhile: counts, head and root are all of
	 * the size read first. */
	if (rc == CL_OK)
		rc = cl_ledger_root(l, info.size, rh, &err);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("stats", &err);
	cli_id_hex(head, info.last_id);
	cl_b64_encode(root, rh, sizeof rh);
	if (o.json)
		print_json(&info, &s, (size_t)top, head, root);
	else
		print_human(&info, &s, (size_t)top, head, root);
	cl_stats_free(&s);
	return cli_finish_stdout(EXIT_OK);
}
