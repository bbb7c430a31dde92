/*
 * cmd_init.c: `claimledger init --key FILE [--origin ORIGIN]`: a new
 * ledger whose genesis (record 0) names the key as owner.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>

enum { OPT_ORIGIN = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_init(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	char origin[CL_KEYNAME_MAX + 1], id[CL_ID_HEX + 1], hex[17];
	unsigned char rnd[8], gid[CL_HASH_BYTES];
	const char *dir, *key_path, *flag = NULL;
	cl_error err = { 0 };
	cl_seckey *k;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (c == OPT_ORIGIN)
			flag = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	if (flag && !cl_keyname_valid(flag))
		cli_usage("bad origin '%s': 1 to %d bytes of UTF-8, no '+', no "
			  "space or control character", flag, CL_KEYNAME_MAX);
	if (flag) {
		snprintf(origin, sizeof origin, "%s", flag);
	} else {
		cl_random(rnd, sizeof rnd);
		cl_hex_encode(hex, rnd, sizeof rnd);
		snprintf(origin, sizeof origin, "claimledger/%s", hex);
	}
	dir = cli_ledger_dir(o.ledger);
	key_path = o.key ? o.key : getenv("CLAIMLEDGER_KEY");
	if (key_path && *key_path)
		cli_refuse_key_in_ledger(key_path, dir);
	k = xkey_load(o.key, o.passfile);
	rc = cl_ledger_create(dir, k, origin, cli_now(), gid, &err);
	cl_seckey_free(k);
	if (rc != CL_OK)
		cli_fail("init", &err);
	cli_id_hex(id, gid);
	printf("ledger '%s' created, origin %s\nseq 0 id %s\n", dir, origin, id);
	return cli_finish_stdout(EXIT_OK);
}
