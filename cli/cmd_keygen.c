/*
 * cmd_keygen.c: `claimledger keygen --name NAME --out FILE
 * [--passphrase-file F] [--witness]`: a new Ed25519 key, the secret in FILE
 * (0600, never inside the ledger directory) and the verifier key in
 * FILE.pub.  With --witness FILE.pub is the key's cosigner verifier key
 * (signature type 0x04, c2sp.org/tlog-cosignature), which auditors give to
 * `verify --checkpoint --witness`; the secret key file is the same.
 */
#include "cli/cli.h"

#include <getopt.h>

enum { OPT_NAME = OPT_FIRST_OWN, OPT_OUT, OPT_WITNESS };

static const struct option options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "witness", no_argument, NULL, OPT_WITNESS },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_keygen(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	const char *name = NULL, *out = NULL;
	char vkey[CL_VKEY_MAX];
	cl_error err = { 0 };
	cl_seckey *k = NULL;
	char *pass = NULL;
	size_t plen = 0;
	unsigned char type = CL_SIGTYPE_ED25519;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_NAME)
			name = optarg;
		else if (c == OPT_OUT)
			out = optarg;
		else if (c == OPT_WITNESS)
			type = CL_SIGTYPE_COSIG;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	if (name == NULL || out == NULL)
		cli_usage("missing %s", name == NULL ? "--name NAME" : "--out FILE");
	if (!cl_keyname_valid(name))
		cli_usage("bad key name '%s': 1 to %d bytes of UTF-8, no '+', "
			  "no space or control character", name, CL_KEYNAME_MAX);
	cli_refuse_key_in_ledger(out, cli_ledger_dir(o.ledger));

	pass = xpassphrase_load(o.passfile, &plen);
	rc = cl_seckey_generate(name, &k, &err);
	if (rc == CL_OK)
		rc = cl_seckey_save_type(k, out, type, pass, plen, &err);
	if (rc == CL_OK) {
		cl_vkey_format_type(vkey, name, type, cl_seckey_pubkey(k));
		printf("secret key: %s%s\n", out, pass ? " (passphrase)" : "");
		printf("%s: %s.pub\n%s\n", type == CL_SIGTYPE_COSIG ?
		       "witness verifier key" : "verifier key", out, vkey);
	}
	cl_secure_free(pass);
	cl_seckey_free(k);
	if (rc != CL_OK)
		cli_fail("keygen", &err);
	return cli_finish_stdout(EXIT_OK);
}
