/*
 * cmd_verify_proof.c: `claimledger verify-proof PROOF --pubkey PUBFILE
 * (--record LINE | --body FILE)`: a reader holding one record and the
 * c2sp.org/tlog-proof@v1 that `prove` printed for it checks, offline and
 * with nothing but the owner's verifier key, that the owner signed a
 * checkpoint of a tree holding exactly that record (ledger/proof.h).
 *
 * --record takes the record's JSON line as `export`, `list --json` or
 * `show --json` print it: the line itself when the argument starts with
 * `{`, else a file holding it ("-": stdin); its id and signature are
 * checked too.  --body takes a file of the canonical body bytes.
 * Exit 1 when a signature, the index or the inclusion fails, 2 for usage
 * and malformed or unreadable input.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/proof.h"
#include "ledger/record.h"

enum { OPT_PUBKEY = OPT_FIRST_OWN, OPT_RECORD, OPT_BODY };

static const struct option options[] = {
	{ "pubkey", required_argument, NULL, OPT_PUBKEY },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* A record line, or a body, is at most a body and its wrapper. */
#define RECORD_FILE_MAX (2 * (size_t)CL_BODY_MAX + 4096)

int cmd_verify_proof(int argc, char **argv)
{
	const char *pubfile = NULL, *record = NULL, *bodyfile = NULL;
	char kname[CL_KEYNAME_MAX + 1], root[64], *proof, *input;
	unsigned char pk[CL_PUBKEY_BYTES];
	struct cli_opts o = { 0 };
	cl_proof_result res;
	cl_error err = { 0 };
	size_t plen = 0, ilen = 0;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_PUBKEY)
			pubfile = optarg;
		else if (c == OPT_RECORD)
			record = optarg;
		else if (c == OPT_BODY)
			bodyfile = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind >= argc)
		cli_usage("missing the PROOF file (what 'claimledger prove' printed)");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (pubfile == NULL)
		cli_usage("missing --pubkey PUBFILE (the owner's verifier key)");
	if ((record == NULL) == (bodyfile == NULL))
		cli_usage("give the record: one of --record LINE or --body FILE");
	if (cl_vkey_load(pubfile, kname, pk, &err) != CL_OK) {
		err.code = CL_EINPUT; /* exit 2 whatever the reason */
		cli_fail("verify-proof", &err);
	}
	proof = xread_file(argv[optind], CL_NOTE_MAX, &plen);
	if (record != NULL && record[0] == '{') {
		ilen = strlen(record);
		input = malloc(ilen + 1);
		if (input == NULL)
			cli_die(EXIT_IO, "verify-proof: out of memory");
		memcpy(input, record, ilen + 1);
	} else {
		input = xread_file(record != NULL ? record : bodyfile, RECORD_FILE_MAX, &ilen);
	}
	rc = record != NULL ? cl_proof_verify_record(proof, plen, pk, input, ilen, &res, &err)
			    : cl_proof_verify_body(proof, plen, pk, input, ilen, &res, &err);
	free(proof);
	free(input);
	if (rc != CL_OK)
		cli_fail("verify-proof", &err);
	cl_b64_encode(root, res.cp.root, CL_HASH_BYTES);
	printf("verified: record %" PRIu64 " is in %s at size %" PRIu64 ", root %s\n",
	       res.seq, res.cp.origin, res.cp.size, root);
	return cli_finish_stdout(EXIT_OK);
}
