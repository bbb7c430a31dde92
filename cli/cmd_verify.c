/*
 * cmd_verify.c: `claimledger verify`: re-check the whole ledger from
 * record 0 and print "verified N records", or exit 1 naming the first bad
 * seq.
 */
#include "cli/cli.h"

#include <getopt.h>

static const struct option options[] = {
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_verify(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	cl_error err = { 0 };
	uint64_t count = 0;
	cl_ledger *l;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	rc = cl_ledger_verify(l, &count, &err);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("verify", &err);
	printf("verified %llu record%s\n", (unsigned long long)count,
	       count == 1 ? "" : "s");
	return cli_finish_stdout(EXIT_OK);
}
