/*
 * cmd_witness.c: a witness cosigns another newsroom's checkpoints.
 *
 *   claimledger witness cosign CHECKPOINT --log-key PUBFILE --key WITNESS
 *                              [--proof FILE] [--state DIR] [--out FILE]
 *
 * The checkpoint must be signed by the log key under its own origin; it is
 * cosigned (c2sp.org/tlog-cosignature) only when consistent with the last
 * checkpoint this witness cosigned for that origin (ledger/witness.h has
 * the rule and the state, SPEC.md "Witness cosignatures" the text).  The
 * cosigned note goes to stdout or --out.  --key is required: the witness
 * key is never taken from $CLAIMLEDGER_KEY, which holds a newsroom's
 * signing key, not its witness key.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "ledger/cosig.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/witness.h"

#define CHECKPOINT_FILE_MAX (64 * 1024)
/* 65 lines of 44 base64 characters and a newline, and some slack to say
 * "too many lines" rather than "too large". */
#define PROOF_FILE_MAX (4 * 1024)

enum { OPT_LOG_KEY = OPT_FIRST_OWN, OPT_PROOF, OPT_STATE, OPT_OUT };

static const struct option options[] = {
	{ "log-key", required_argument, NULL, OPT_LOG_KEY },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "proof", required_argument, NULL, OPT_PROOF },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/*
 * --state, else $XDG_STATE_HOME/claimledger/witness/<key id> (when
 * absolute, as the XDG spec wants), else
 * ~/.local/state/claimledger/witness/<key id>, the key id being the
 * witness key's (8 hex digits, as in its .pub): two witness keys on one
 * machine keep two states, never one.  malloc'd.
 */
static char *state_dir(const char *flag, const cl_seckey *k)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	unsigned long id = cl_cosig_keyid(cl_seckey_name(k), cl_seckey_pubkey(k));

	if (flag != NULL)
		return cli_format("%s", flag);
	if (xdg != NULL && xdg[0] == '/')
		return cli_format("%s/claimledger/witness/%08lx", xdg, id);
	if (home != NULL && home[0] != '\0')
		return cli_format("%s/.local/state/claimledger/witness/%08lx", home, id);
	cli_usage("no state directory: give --state DIR (neither $XDG_STATE_HOME "
		  "nor $HOME is set)");
}

/* The checkpoint's origin line, to verify it under its own name (the
 * rest of the line's rules are checked when it is verified). */
static void origin_line(const char *path, const char *note, size_t len,
			char origin[CL_ORIGIN_MAX + 1])
{
	const char *nl = memchr(note, '\n', len);
	size_t n = nl ? (size_t)(nl - note) : 0;

	if (n == 0 || n > CL_ORIGIN_MAX)
		cli_die(EXIT_USAGE, "witness: checkpoint '%s' line 1: the origin is "
			"missing, empty or longer than %d bytes", path, CL_ORIGIN_MAX);
	memcpy(origin, note, n);
	origin[n] = '\0';
}

static int witness_cosign(int argc, char **argv, const struct cli_opts *o,
			  const char *log_key, const char *proof_path,
			  const char *state_flag, const char *out_path)
{
	static const unsigned char none[1];
	char origin[CL_ORIGIN_MAX + 1], lname[CL_KEYNAME_MAX + 1];
	unsigned char log_pk[CL_PUBKEY_BYTES], *proof = NULL;
	const unsigned char *proof_arg = NULL;
	char *note, *ptext, *dir, *out = NULL;
	size_t len = 0, plen = 0, count = 0, out_len = 0;
	cl_witness_state *s = NULL;
	cl_checkpoint cp;
	cl_error err = { 0 };
	cl_seckey *k;
	int rc;

	if (argc - optind != 2)
		cli_usage(argc - optind < 2 ? "cosign takes CHECKPOINT" :
			  "unexpected argument '%s'", argv[optind + 2]);
	if (log_key == NULL)
		cli_usage("missing --log-key PUBFILE (the log owner's verifier key)");
	if (o->key == NULL)
		cli_usage("missing --key WITNESS (the witness's own key)");
	if (cl_vkey_load(log_key, lname, log_pk, &err) != CL_OK)
		cli_fail("witness", &err);
	note = xread_regular(argv[optind + 1], "checkpoint", CHECKPOINT_FILE_MAX, &len);
	origin_line(argv[optind + 1], note, len, origin);
	rc = cl_checkpoint_open(note, len, origin, log_pk, NULL, &cp, &err);
	if (rc != CL_OK) {
		cl_error_prefix(&err, "checkpoint '%s'", argv[optind + 1]);
		cli_fail("witness", &err);
	}
	if (proof_path != NULL) {
		ptext = xread_regular(proof_path, "consistency proof", PROOF_FILE_MAX,
				      &plen);
		rc = cl_consistency_proof_parse(ptext, plen, &proof, &count, &err);
		free(ptext);
		if (rc != CL_OK) {
			cl_error_prefix(&err, "'%s'", proof_path);
			cli_fail("witness", &err);
		}
		/* An empty proof is still a proof given (cl_witness_cosign). */
		proof_arg = count > 0 ? proof : none;
	}
	k = xkey_load(o->key, o->passfile);
	dir = state_dir(state_flag, k);
	rc = cl_witness_state_open(dir, origin, &s, &err);
	if (rc == CL_OK)
		rc = cl_witness_cosign(s, note, len, log_pk, proof_arg, count, k,
				       (uint64_t)cli_now(), &out, &out_len, NULL,
				       &err);
	/* The state is written: the lock may go before the output does. */
	cl_witness_state_close(s);
	cl_seckey_free(k);
	free(dir);
	free(proof);
	free(note);
	if (rc != CL_OK)
		cli_fail("witness", &err);
	if (out_path != NULL) {
		rc = cl_file_replace(out_path, out, out_len, 0644, 0, &err);
		free(out);
		if (rc != CL_OK)
			cli_fail("witness", &err);
		/* With the note in a file, say what was signed (the origin is
		 * the log's text: escaped for the terminal). */
		fputs("cosigned '", stdout);
		cli_print_safe(stdout, origin);
		printf("' at size %" PRIu64 ": %s\n", cp.size, out_path);
		return cli_finish_stdout(EXIT_OK);
	}
	fwrite(out, 1, out_len, stdout);
	free(out);
	return cli_finish_stdout(EXIT_OK);
}

int cmd_witness(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	const char *log_key = NULL, *proof = NULL, *state = NULL, *out = NULL;
	int c;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_LOG_KEY: log_key = optarg; break;
		case OPT_PROOF: proof = optarg; break;
		case OPT_STATE: state = optarg; break;
		case OPT_OUT: out = optarg; break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind >= argc)
		cli_usage("missing a subcommand: cosign");
	if (strcmp(argv[optind], "cosign") == 0)
		return witness_cosign(argc, argv, &o, log_key, proof, state, out);
	cli_usage("unknown subcommand '%s': cosign", argv[optind]);
}
