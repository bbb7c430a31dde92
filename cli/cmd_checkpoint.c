/*
 * cmd_checkpoint.c: the transparency commands.
 *
 *   checkpoint --key OWNER          sign and print a C2SP checkpoint of now
 *   prove ID [--checkpoint FILE]    a c2sp.org/tlog-proof@v1 for one record
 *   consistency OLD [NEW]           RFC 9162 consistency proof, base64 lines
 *
 * `verify --checkpoint FILE` (cmd_verify.c) uses cli_open_checkpoint below.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/merkle.h"
#include "ledger/note.h"

#define CHECKPOINT_FILE_MAX (64 * 1024)

enum { OPT_CHECKPOINT = OPT_FIRST_OWN };

/*
 * Read a signed checkpoint file and check it is this ledger's: signed by
 * the owner under the origin's name, for this origin.  Exits 1 when the
 * signature or origin is wrong, 2 when the file is not a checkpoint.
 */
char *cli_read_checkpoint(const char *path, const cl_ledger_info *info,
			  cl_checkpoint *cp, size_t *len)
{
	cl_error err = { 0 };
	char *note = xread_regular(path, "checkpoint", CHECKPOINT_FILE_MAX, len);
	int rc = cl_checkpoint_open(note, *len, info->origin, info->owner, info->origin,
				    cp, &err);

	if (rc != CL_OK) {
		free(note);
		cl_error_prefix(&err, "checkpoint '%s'", path);
		cli_fail(cli_current->name, &err);
	}
	return note;
}

void cli_open_checkpoint(const char *path, const cl_ledger_info *info,
			 cl_checkpoint *cp)
{
	size_t len = 0;

	free(cli_read_checkpoint(path, info, cp, &len));
}

int cmd_checkpoint(int argc, char **argv)
{
	static const struct option options[] = {
		{ "key", required_argument, NULL, OPT_KEY },
		{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
		{ "ledger", required_argument, NULL, OPT_LEDGER },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { 0 };
	cl_error err = { 0 };
	cl_seckey *key;
	cl_ledger *l;
	char *note = NULL;
	size_t len = 0;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	l = xledger_open(o.ledger, 0);
	key = xkey_load(o.key, o.passfile);
	rc = cl_ledger_checkpoint(l, key, &note, &len, &err);
	cl_seckey_free(key);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("checkpoint", &err);
	fwrite(note, 1, len, stdout);
	free(note);
	return cli_finish_stdout(EXIT_OK);
}

/* Leaf hash of record `seq`, computed from its body (which cl_ledger_get
 * re-hashes against its id) and compared with the stored tree's leaf. */
static void leaf_of(cl_ledger *l, uint64_t seq, unsigned char leaf[CL_HASH_BYTES])
{
	cl_error err = { 0 };
	unsigned char stored[CL_HASH_BYTES];
	cl_record r;

	if (cl_ledger_get(l, seq, &r, &err) != CL_OK ||
	    cl_ledger_leaf(l, seq, stored, &err) != CL_OK)
		cli_fail("prove", &err);
	cl_merkle_leaf_hash(leaf, r.body, r.body_len);
	cl_record_release(&r);
	if (memcmp(leaf, stored, CL_HASH_BYTES) != 0)
		cli_die(EXIT_INTEGRITY, "prove: seq %" PRIu64 ": the stored tree's leaf is "
			"not the record's: run 'claimledger verify'", seq);
}

int cmd_prove(int argc, char **argv)
{
	static const struct option options[] = {
		{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
		{ "ledger", required_argument, NULL, OPT_LEDGER },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { 0 };
	const char *cp_path = NULL;
	cl_error err = { 0 };
	cl_ledger_info info;
	cl_checkpoint cp;
	cl_ledger *l;
	unsigned char leaf[CL_HASH_BYTES], root[CL_HASH_BYTES], *proof = NULL;
	char *note = NULL, *out = NULL;
	size_t note_len = 0, count = 0, out_len = 0;
	uint64_t seq;
	int c;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_CHECKPOINT)
			cp_path = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind + 1 != argc)
		cli_usage(optind < argc ? "unexpected argument '%s'" : "missing ID%s",
			  optind < argc ? argv[optind + 1] : "");
	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	if (cl_ledger_read_info(l, &info, &err) != CL_OK ||
	    cl_ledger_resolve(l, argv[optind], &seq, &err) != CL_OK)
		cli_fail("prove", &err);
	if (cp_path != NULL) {
		/* Read once: the proof carries the very bytes that were checked. */
		note = cli_read_checkpoint(cp_path, &info, &cp, &note_len);
		if (cp.size > info.size)
			cli_die(EXIT_INTEGRITY,
				"prove: checkpoint '%s' covers %" PRIu64
				" records but the ledger has %" PRIu64, cp_path, cp.size, info.size);
	} else if (cl_ledger_latest_checkpoint(l, &note, &note_len, &cp, &err) != CL_OK) {
		if (err.code == CL_ENOTFOUND)
			cli_die(EXIT_USAGE, "prove: no checkpoint yet: run 'claimledger "
				"checkpoint --key OWNER' first");
		cli_fail("prove", &err);
	}
	if (seq >= cp.size)
		cli_die(EXIT_USAGE,
			"prove: record %" PRIu64 " is not covered by the checkpoint (size %"
			PRIu64 "): issue a newer one with 'claimledger checkpoint'", seq, cp.size);
	/* The proof must hold against the checkpoint's own root: a ledger whose
	 * history differs from what was signed cannot produce one. */
	if (cl_ledger_root(l, cp.size, root, &err) != CL_OK)
		cli_fail("prove", &err);
	if (memcmp(root, cp.root, CL_HASH_BYTES) != 0)
		cli_die(EXIT_INTEGRITY, "prove: the ledger's first %" PRIu64
			" records do not match the checkpoint's root", cp.size);
	leaf_of(l, seq, leaf);
	if (cl_ledger_inclusion(l, seq, cp.size, &proof, &count, &err) != CL_OK)
		cli_fail("prove", &err);
	if (cl_merkle_verify_inclusion(leaf, seq, cp.size, proof, count, cp.root, &err) != CL_OK)
		cli_fail("prove", &err);
	if (cl_tlog_proof_format(seq, proof, count, note, note_len, NULL, 0, &out, &out_len,
				 &err) != CL_OK)
		cli_fail("prove", &err);
	fwrite(out, 1, out_len, stdout);
	free(out);
	free(proof);
	free(note);
	cl_ledger_close(l);
	return cli_finish_stdout(EXIT_OK);
}

int cmd_consistency(int argc, char **argv)
{
	static const struct option options[] = {
		{ "ledger", required_argument, NULL, OPT_LEDGER },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { 0 };
	cl_error err = { 0 };
	cl_ledger_info info;
	cl_ledger *l;
	unsigned char *proof = NULL;
	char b64[64];
	size_t count = 0;
	uint64_t old_size, new_size;
	int c;

	while ((c = cli_getopt(argc, argv, options)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind >= argc)
		cli_usage("missing OLD_SIZE");
	if (argc - optind > 2)
		cli_usage("unexpected argument '%s'", argv[optind + 2]);
	if (cli_parse_count(argv[optind], &old_size) != 0)
		cli_usage("OLD_SIZE '%s' is not a count", argv[optind]);
	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	if (cl_ledger_read_info(l, &info, &err) != CL_OK)
		cli_fail("consistency", &err);
	new_size = info.size;
	if (argc - optind == 2 && cli_parse_count(argv[optind + 1], &new_size) != 0)
		cli_usage("NEW_SIZE '%s' is not a count", argv[optind + 1]);
	if (new_size > info.size)
		cli_die(EXIT_USAGE, "consistency: NEW_SIZE %" PRIu64
			" is beyond the ledger's %" PRIu64 " records", new_size, info.size);
	if (old_size > new_size)
		cli_die(EXIT_USAGE, "consistency: OLD_SIZE %" PRIu64
			" is larger than NEW_SIZE %" PRIu64, old_size, new_size);
	if (cl_ledger_consistency(l, old_size, new_size, &proof, &count, &err) != CL_OK)
		cli_fail("consistency", &err);
	for (size_t i = 0; i < count; i++) {
		cl_b64_encode(b64, proof + i * CL_HASH_BYTES, CL_HASH_BYTES);
		puts(b64);
	}
	free(proof);
	cl_ledger_close(l);
	return cli_finish_stdout(EXIT_OK);
}
