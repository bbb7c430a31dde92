/*
 * cmd_alias.c: how speakers are named, as signed records.
 *
 *   claimledger alias add ALIAS SPEAKER --key FILE
 *   claimledger alias remove ALIAS --key FILE
 *   claimledger alias list [--json]
 *
 * add and remove append an `alias` record (members alias, speaker for an
 * add, action "add" or "remove"), signed by an editor, so a change of
 * attribution is itself on the record.  `extract` and `import ARTICLE`
 * map speakers through the speakers file and then these aliases, which
 * win.  list shows the ledger's current aliases, in key order.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define ALIAS_WIDTH 32
#define FOUND 1 /* a positive callback return: not a CL_E* code */

static const struct option options[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Equal but for ASCII case: how the store keys its aliases. */
static int ascii_caseeq(const char *a, const char *b)
{
	unsigned char x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
		if (x == '\0')
			return 1;
	}
}

static int alias_is(void *ctx, const char *alias, const char *speaker)
{
	return ascii_caseeq(alias, ctx) ? FOUND : 0;
}

/* Append one alias record (action "add" or "remove") in its own txn. */
static int alias_change(const struct cli_opts *o, const char *action,
			const char *alias, const char *speaker)
{
	char id[CL_ID_HEX + 1];
	cl_error err = { 0 };
	json_t *fields = NULL;
	cl_seckey *k = NULL;
	cl_ledger *l;
	uint64_t seq;
	int64_t now = cli_now();
	int rc;

	if (*alias == '\0')
		cli_usage("empty ALIAS");
	if (speaker != NULL && *speaker == '\0')
		cli_usage("empty SPEAKER");
	l = xledger_open(o->ledger, 0);
	if (speaker == NULL) {
		rc = cl_ledger_aliases(l, alias_is, (void *)alias, &err);
		if (rc == CL_OK)
			rc = cl_error_set(&err, CL_ENOTFOUND, "no alias '%s' in "
					  "the ledger (see 'claimledger alias "
					  "list')", alias);
		if (rc != FOUND)
			goto out;
	}
	k = xkey_load(o->key, o->passfile);
	fields = speaker ? json_pack("{s:s, s:s, s:s, s:s}", "type", "alias",
				     "alias", alias, "speaker", speaker,
				     "action", action)
			 : json_pack("{s:s, s:s, s:s}", "type", "alias", "alias",
				     alias, "action", action);
	if (fields == NULL) {
		rc = cl_error_set(&err, CL_EINPUT, "ALIAS and SPEAKER must be "
				  "UTF-8 text");
		goto out;
	}
	rc = cli_append_one(l, NULL, fields, k, now, &seq, id, &err);
	if (rc == CL_OK) {
		fputs("alias '", stdout);
		cli_print_safe(stdout, alias);
		if (speaker) {
			fputs("' -> '", stdout);
			cli_print_safe(stdout, speaker);
		}
		printf("'%s: seq %llu id %s\n", speaker ? "" : " removed",
		       (unsigned long long)seq, id);
	}
out:
	json_decref(fields);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("alias", &err);
	return cli_finish_stdout(EXIT_OK);
}

struct list_ctx {
	int json;
	size_t shown;
};

static int print_alias(void *ctx, const char *alias, const char *speaker)
{
	struct list_ctx *lc = ctx;
	json_t *o;

	if (lc->json) {
		o = json_pack("{s:s, s:s}", "alias", alias, "speaker", speaker);
		if (o == NULL)
			cli_die(EXIT_IO, "alias: out of memory");
		cli_json_dump(stdout, o, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
	} else {
		if (lc->shown == 0)
			printf("%-*s  %s\n", ALIAS_WIDTH, "ALIAS", "SPEAKER");
		cli_print_cell(stdout, alias, ALIAS_WIDTH, 1);
		fputs("  ", stdout);
		cli_print_cell(stdout, speaker, 80 - ALIAS_WIDTH - 2, 0);
		putchar('\n');
	}
	lc->shown++;
	return 0;
}

static int alias_list(const struct cli_opts *o)
{
	struct list_ctx lc = { o->json, 0 };
	cl_error err = { 0 };
	cl_ledger *l = xledger_open(o->ledger, CL_LEDGER_RDONLY);
	int rc = cl_ledger_aliases(l, print_alias, &lc, &err);

	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("alias", &err);
	return cli_finish_stdout(EXIT_OK);
}

int cmd_alias(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	const char *sub;
	int c, nargs;

	while ((c = cli_getopt(argc, argv, options)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind >= argc)
		cli_usage("missing a subcommand: add, remove or list");
	sub = argv[optind];
	nargs = argc - optind - 1;
	if (strcmp(sub, "add") == 0) {
		if (nargs != 2)
			cli_usage("add takes ALIAS SPEAKER");
		return alias_change(&o, "add", argv[optind + 1], argv[optind + 2]);
	}
	if (strcmp(sub, "remove") == 0) {
		if (nargs != 1)
			cli_usage("remove takes ALIAS");
		return alias_change(&o, "remove", argv[optind + 1], NULL);
	}
	if (strcmp(sub, "list") == 0) {
		if (nargs != 0)
			cli_usage("list takes no argument");
		return alias_list(&o);
	}
	cli_usage("unknown subcommand '%s': add, remove or list", sub);
}
