/*
 * cmd_verify.c: `claimledger verify [--full] [--checkpoint FILE]`: check
 * the ledger and print "verified N records", or exit 1 naming the first
 * bad seq.  Every verify re-reads and re-hashes every record from 0 (ids,
 * chain, editor rules, tree, indexes); what differs is which signatures
 * it checks (cl_ledger_verify_ex):
 *   - `--full`, or the first verify: all of them; it leaves a verified
 *     mark in the ledger;
 *   - plain, after a mark: those from the mark on, and the bodies before
 *     it must hash to the mark's root; the output says so;
 *   - `--checkpoint FILE` (signed by the owner, kept by an auditor): those
 *     after the checkpoint, whose signed root pins the records it covers,
 *     whatever the mark says; and the ledger must extend it.  With
 *     `--witness PUBFILE` (repeatable) and `--quorum N` the checkpoint must
 *     also carry valid cosignatures by N of those witnesses (default: all
 *     of them; ledger/cosig.h, SPEC.md "Witness cosignatures").
 * Signatures are checked on $CLAIMLEDGER_THREADS threads (default: every
 * CPU).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/progress.h"
#include "ledger/cosig.h"

enum { OPT_CHECKPOINT = OPT_FIRST_OWN, OPT_FULL, OPT_WITNESS, OPT_QUORUM };

static const struct option options[] = {
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "witness", required_argument, NULL, OPT_WITNESS },
	{ "quorum", required_argument, NULL, OPT_QUORUM },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_verify(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	struct cli_progress bar;
	cl_verify_info vi;
	cl_error err = { 0 };
	cl_checkpoint cp;
	const char *cp_path = NULL, *quorum_arg = NULL;
	char *note = NULL;
	size_t note_len = 0;
	cl_ledger_info info;
	cl_witness *w = NULL;
	cl_ledger *l = NULL;
	size_t nw = 0, valid = 0;
	size_t quorum = 0;
	unsigned flags = 0;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_CHECKPOINT)
			cp_path = optarg;
		else if (c == OPT_FULL)
			flags |= CL_VERIFY_FULL;
		else if (c == OPT_WITNESS)
			w = cli_witness_add("verify", w, &nw, argc, optarg);
		else if (c == OPT_QUORUM)
			quorum_arg = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	quorum = cli_witness_quorum(quorum_arg, nw);
	if (nw > 0 && cp_path == NULL)
		cli_usage("--witness needs --checkpoint FILE, the checkpoint they "
			  "cosigned");
	/* Writable when we may (to keep the verified mark), else read-only. */
	if (cl_ledger_open(cli_ledger_dir(o.ledger), cli_ledger_flags(0), &l, &err) != CL_OK)
		l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	if (cp_path != NULL) {
		if (cl_ledger_read_info(l, &info, &err) != CL_OK)
			cli_fail("verify", &err);
		/* Read once: the cosignatures checked are on the bytes
		 * whose owner signature was checked. */
		note = cli_read_checkpoint(cp_path, &info, &cp, &note_len);
	}
	cl_ledger_set_threads(l, cli_threads());
	cli_progress_start(&bar, "verify", 0, 0);
	cl_ledger_set_progress(l, cli_progress_fn, &bar);
	rc = cp_path != NULL ? cl_ledger_verify_checkpoint(l, flags, &cp, &vi, &err)
			     : cl_ledger_verify_ex(l, flags, &vi, &err);
	cli_progress_end(&bar);
	if (rc != CL_OK)
		cli_fail("verify", &err);
	if (nw > 0 && cl_cosig_quorum(note, note_len, w, nw, quorum,
				      &valid, &err) != CL_OK)
		cli_fail("verify", &err);
	free(note);
	free(w);
	cl_ledger_close(l);
	printf("verified %" PRIu64 " record%s", vi.count, vi.count == 1 ? "" : "s");
	if (vi.marked > 0 && cp_path != NULL)
		printf(" (the first %" PRIu64 " pinned by the checkpoint's signed root, "
		       "the rest by their signatures)", vi.marked);
	else if (vi.marked > 0)
		printf(" (signatures of the first %" PRIu64 " were checked by an earlier "
		       "verify; --full checks them again)", vi.marked);
	putchar('\n');
	if (cp_path != NULL)
		printf("extends checkpoint '%s' of %" PRIu64 " records\n", cp_path, cp.size);
	if (nw > 0)
		printf("cosigned by %zu of the %zu witness%s given (quorum %" PRIu64 ")\n",
		       valid, nw, nw == 1 ? "" : "es", quorum);
	return cli_finish_stdout(EXIT_OK);
}
