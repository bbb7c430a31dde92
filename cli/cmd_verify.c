/*
 * cmd_verify.c: `claimledger verify [--full] [--checkpoint FILE]`: check
 * the ledger and print "verified N records", or exit 1 naming the first
 * bad seq.  The first verify (and every `--full` one) re-checks every
 * record from 0 and leaves a verified mark in the ledger; a later plain
 * verify checks the records appended since the mark and a consistency
 * proof from it (cl_ledger_verify_ex), and says so.  With a checkpoint
 * (signed by the owner, kept by an auditor), also prove that the ledger
 * only grew since it.  Signatures are checked on $CLAIMLEDGER_THREADS
 * threads (default: every CPU).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/progress.h"
#include "ledger/merkle.h"

enum { OPT_CHECKPOINT = OPT_FIRST_OWN, OPT_FULL };

static const struct option options[] = {
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/*
 * The ledger (already verified) extends the checkpoint: it has at least
 * its size, the root of its first `size` records is the signed one, and a
 * consistency proof from there to now checks out.  Exit 1 otherwise.
 */
static uint64_t check_extends(cl_ledger *l, const char *path)
{
	cl_error err = { 0 };
	cl_ledger_info info;
	cl_checkpoint cp;
	unsigned char old_root[CL_HASH_BYTES], new_root[CL_HASH_BYTES], *proof = NULL;
	size_t count = 0;

	if (cl_ledger_read_info(l, &info, &err) != CL_OK)
		cli_fail("verify", &err);
	cli_open_checkpoint(path, &info, &cp);
	if (cp.size > info.size)
		cli_die(EXIT_INTEGRITY,
			"verify: checkpoint '%s': it covers %" PRIu64 " records, the ledger "
			"has only %" PRIu64 ": history was truncated", path, cp.size, info.size);
	if (cl_ledger_root(l, cp.size, old_root, &err) != CL_OK ||
	    cl_ledger_root(l, info.size, new_root, &err) != CL_OK)
		cli_fail("verify", &err);
	if (memcmp(old_root, cp.root, CL_HASH_BYTES) != 0)
		cli_die(EXIT_INTEGRITY,
			"verify: checkpoint '%s': history diverges within the first %" PRIu64
			" records (their root is not the signed one)", path, cp.size);
	if (cl_ledger_consistency(l, cp.size, info.size, &proof, &count, &err) != CL_OK)
		cli_fail("verify", &err);
	if (cl_merkle_verify_consistency(cp.size, info.size, cp.root, new_root, proof,
					 count, &err) != CL_OK) {
		free(proof);
		cl_error_prefix(&err, "checkpoint '%s': consistency proof", path);
		cli_fail("verify", &err);
	}
	free(proof);
	return cp.size;
}

int cmd_verify(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	struct cli_progress bar;
	cl_verify_info vi;
	cl_error err = { 0 };
	uint64_t cp_size = 0;
	const char *cp_path = NULL;
	cl_ledger *l = NULL;
	unsigned flags = 0;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_CHECKPOINT)
			cp_path = optarg;
		else if (c == OPT_FULL)
			flags |= CL_VERIFY_FULL;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	/* A verify that may still fail on its checkpoint leaves no mark: a
	 * failing command never changes the ledger. */
	if (cp_path != NULL)
		flags |= CL_VERIFY_NOMARK;
	/* Writable when we may (to keep the verified mark), else read-only. */
	if (cl_ledger_open(cli_ledger_dir(o.ledger), cli_ledger_flags(0), &l, &err) != CL_OK)
		l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	cl_ledger_set_threads(l, cli_threads());
	cli_progress_start(&bar, "verify", 0, 0);
	cl_ledger_set_progress(l, cli_progress_fn, &bar);
	rc = cl_ledger_verify_ex(l, flags, &vi, &err);
	cli_progress_end(&bar);
	if (rc != CL_OK)
		cli_fail("verify", &err);
	if (cp_path != NULL)
		cp_size = check_extends(l, cp_path);
	cl_ledger_close(l);
	if (vi.marked > 0)
		printf("verified %" PRIu64 " record%s (%" PRIu64 " new since the full verify "
		       "at size %" PRIu64 "; --full re-checks every record)\n", vi.count,
		       vi.count == 1 ? "" : "s", vi.count - vi.marked, vi.marked);
	else
		printf("verified %" PRIu64 " record%s\n", vi.count, vi.count == 1 ? "" : "s");
	if (cp_path != NULL)
		printf("extends checkpoint '%s' of %" PRIu64 " records\n", cp_path, cp_size);
	return cli_finish_stdout(EXIT_OK);
}
