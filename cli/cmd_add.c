/*
 * cmd_add.c: `claimledger add TEXT --speaker S --source URL --date D
 * --key FILE`: append one claim by hand and print "seq N id HEX".
 *
 * The CLI checks only that the flags are there; the store checks every
 * member (UTF-8, control characters, sizes, the date) and names the one at
 * fault, so `add` and `import` refuse exactly the same claims.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <string.h>

enum { OPT_SPEAKER = OPT_FIRST_OWN, OPT_SOURCE, OPT_DATE, OPT_KIND,
       OPT_CONTEXT, OPT_DOCUMENT };

static const struct option options[] = {
	{ "speaker", required_argument, NULL, OPT_SPEAKER },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "document", required_argument, NULL, OPT_DOCUMENT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Set fields[name] to the string `s` unchecked: the store names the member
 * when it is not valid UTF-8. */
static void set_str(json_t *fields, const char *name, const char *s)
{
	if (s && json_object_set_new(fields, name,
				     json_stringn_nocheck(s, strlen(s))) != 0)
		cli_die(EXIT_IO, "add: out of memory");
}

int cmd_add(int argc, char **argv)
{
	const char *v[OPT_DOCUMENT - OPT_SPEAKER + 1] = { 0 };
	static const char *const names[] = { "speaker", "source", "date",
					     "kind", "context", "document" };
	char id[CL_ID_HEX + 1];
	struct cli_opts o = { 0 };
	cl_error err = { 0 };
	json_t *fields = json_object();
	cl_seckey *k;
	cl_ledger *l;
	uint64_t seq;
	int64_t now;
	size_t i;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c >= OPT_SPEAKER && c <= OPT_DOCUMENT)
			v[c - OPT_SPEAKER] = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind >= argc)
		cli_usage("missing the claim TEXT");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s' (quote the TEXT)", argv[optind + 1]);
	for (i = 0; i < 3; i++)
		if (v[i] == NULL)
			cli_usage("missing --%s", names[i]);
	if (fields == NULL)
		cli_die(EXIT_IO, "add: out of memory");
	set_str(fields, "type", "claim");
	set_str(fields, "text", argv[optind]);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		set_str(fields, names[i], v[i]);

	now = cli_now();
	l = xledger_open(o.ledger, 0);
	k = xkey_load(o.key, o.passfile);
	rc = cli_append_one(l, NULL, fields, k, now, &seq, id, &err);
	if (rc == CL_OK)
		printf("seq %llu id %s\n", (unsigned long long)seq, id);
	json_decref(fields);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("add", &err);
	return cli_finish_stdout(EXIT_OK);
}
