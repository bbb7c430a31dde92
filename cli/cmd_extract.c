/*
 * cmd_extract.c: `claimledger extract ARTICLE [--source URL] [--date D]
 * [--json] [--speakers FILE]`: the claims found in one article, as a
 * table or as JSON lines in the shape `import --jsonl` takes.  Writes
 * nothing.  The alias table and the extraction come from the helpers it
 * shares with import (cli/extract_util.c).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_WIDTH 80
#define KIND_WIDTH 8
#define CONF_WIDTH 6 /* "high", "medium", "low" */
#define SPEAKER_MAX_WIDTH 24 /* the speaker column: as wide as needed, up to this */

enum { OPT_SOURCE = OPT_FIRST_OWN, OPT_DATE, OPT_SPEAKERS, OPT_LANG };

static const struct option options[] = {
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "speakers", required_argument, NULL, OPT_SPEAKERS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* The ledger at --ledger / $CLAIMLEDGER_DIR / ./.claimledger, or NULL when
 * there is none there. */
static cl_ledger *ledger_if_any(const char *flag)
{
	cl_error err = { 0 };
	cl_ledger *l = NULL;
	int rc = cl_ledger_open(cli_ledger_dir(flag), cli_ledger_flags(CL_LEDGER_RDONLY),
				&l, &err);

	if (rc == CL_ENOTFOUND)
		return NULL;
	if (rc != CL_OK)
		cli_fail("extract", &err);
	return l;
}

static void print_json(const cl_extraction *x, const char *source,
		       const char *date, const char *doc)
{
	json_t *o;
	size_t i;

	for (i = 0; i < x->nclaims; i++) {
		o = cl_claim_to_json(x, &x->claims[i], source, date);
		if (o == NULL ||
		    json_object_set_new(o, "document", json_string(doc)) != 0)
			cli_die(EXIT_IO, "extract: out of memory");
		cli_json_dump(stdout, o, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
	}
}

static void print_table(const cl_extraction *x, const char *name,
			const char *source, const char *date)
{
	int nw = snprintf(NULL, 0, "%zu", x->nclaims);
	size_t sw = strlen("SPEAKER"), text_width, w, i, low = 0;
	const cl_claim *c;

	if (x->nclaims == 0) {
		fputs("no claims found in '", stdout);
		cli_print_safe(stdout, name);
		fputs("'\n", stdout);
		return;
	}
	for (i = 0; i < x->nclaims; i++)
		if ((w = cli_width(x->claims[i].speaker)) > sw)
			sw = w < SPEAKER_MAX_WIDTH ? w : SPEAKER_MAX_WIDTH;
	if (nw < 2)
		nw = 2;
	text_width = TABLE_WIDTH - (size_t)nw - 2 - KIND_WIDTH - 2 - CONF_WIDTH - 2 - sw - 2;
	/* The name, the url and date headers are the article's: safe forms. */
	printf("%zu claim%s in '", x->nclaims, x->nclaims == 1 ? "" : "s");
	cli_print_safe(stdout, name);
	putchar('\'');
	if (source || x->url) {
		fputs(", source ", stdout);
		cli_print_safe(stdout, source ? source : x->url);
	}
	if (date || x->date) {
		fputs(", date ", stdout);
		cli_print_safe(stdout, date ? date : x->date);
	}
	printf("\n\n%*s  %-*s  %-*s  %-*s  %s\n", nw, "N", KIND_WIDTH, "KIND",
	       CONF_WIDTH, "CONF", (int)sw, "SPEAKER", "TEXT");
	for (i = 0; i < x->nclaims; i++) {
		c = &x->claims[i];
		low += strcmp(c->confidence, "low") == 0;
		printf("%*zu  ", nw, i + 1);
		cli_print_cell(stdout, c->kind, KIND_WIDTH, 1);
		fputs("  ", stdout);
		cli_print_cell(stdout, c->confidence, CONF_WIDTH, 1);
		fputs("  ", stdout);
		cli_print_cell(stdout, c->speaker, sw, 1);
		fputs("  ", stdout);
		cli_print_cell(stdout, c->text, text_width, 0);
		putchar('\n');
	}
	/* What a reviewer checks first. */
	if (low > 0)
		printf("\n%zu claim%s with low confidence: the speaker is a guess "
		       "(a pronoun or a description); check %s first\n", low,
		       low == 1 ? "" : "s", low == 1 ? "it" : "them");
}

int cmd_extract(int argc, char **argv)
{
	const char *source = NULL, *date = NULL, *speakers = NULL, *lang = NULL, *path, *name;
	unsigned char id[CL_HASH_BYTES];
	char doc[CL_ID_HEX + 1];
	struct cli_opts o = { 0 };
	cl_extraction *x;
	cl_aliases *a;
	cl_ledger *l;
	size_t len;
	char *buf;
	int c;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_SOURCE: source = optarg; break;
		case OPT_DATE: date = xdate_arg("--date", optarg); break;
		case OPT_SPEAKERS: speakers = optarg; break;
		case OPT_LANG: lang = xlang_arg(optarg); break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind >= argc)
		cli_usage("missing the ARTICLE (a file, or - for stdin)");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	path = argv[optind];
	name = cli_display_name(path);
	if (source != NULL && *source == '\0')
		cli_usage("--source: empty");

	buf = xread_file(path, CL_DOCUMENT_MAX, &len);
	l = ledger_if_any(o.ledger);
	a = xaliases_load(speakers, l);
	cl_ledger_close(l);
	x = xextract(name, buf, len, a, lang);
	cl_sha256(id, buf, len);
	cl_hex_encode(doc, id, sizeof id);
	if (o.json)
		print_json(x, source, date, doc);
	else
		print_table(x, name, source, date);
	cl_extraction_free(x);
	cl_aliases_free(a);
	free(buf);
	return cli_finish_stdout(EXIT_OK);
}
