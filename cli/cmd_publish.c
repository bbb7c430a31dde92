/*
 * cmd_publish.c: `claimledger publish DIR [--key OWNER] [--cosigned FILE]...`:
 * the ledger as C2SP tlog-tiles in DIR (ledger/publish.h does the work;
 * SPEC.md, "Publishing as tlog-tiles").
 *
 * With --key a checkpoint of the ledger as it is now is signed and stored
 * (as `export --key` does), else the latest stored checkpoint is published.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/publish.h"

enum { OPT_COSIGNED = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "cosigned", required_argument, NULL, OPT_COSIGNED },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

#define COSIGNED_MAX 32

int cmd_publish(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	cl_cosigned cosigned[COSIGNED_MAX];
	size_t ncosigned = 0, note_len = 0, i;
	char *note = NULL;
	const char *dir;
	cl_publish_result res;
	cl_checkpoint cp;
	cl_ledger *l;
	cl_error err = { 0 };
	cl_seckey *k = NULL;
	int c, rc, store = 0;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_COSIGNED:
			if (ncosigned == COSIGNED_MAX)
				cli_usage("at most %d --cosigned files", COSIGNED_MAX);
			cosigned[ncosigned].name = optarg;
			cosigned[ncosigned].note = NULL;
			ncosigned++;
			break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind >= argc)
		cli_usage("give the directory to publish to");
	if (optind + 1 < argc)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	dir = argv[optind];
	if (dir[0] == '\0')
		cli_usage("the directory is empty");
	cli_refuse_path_in_ledger(dir, cli_ledger_dir(o.ledger), "the published directory");
	for (i = 0; i < ncosigned; i++)
		cosigned[i].note = xread_regular(cosigned[i].name, "cosigned checkpoint",
						 CL_NOTE_MAX, &cosigned[i].len);

	l = xledger_open(o.ledger, o.key ? 0 : CL_LEDGER_RDONLY);
	/* The checkpoint to publish. */
	if (o.key) {
		k = xkey_load(o.key, o.passfile);
		rc = cl_ledger_checkpoint_sign(l, k, &note, &note_len, &cp, &err);
		cl_seckey_free(k);
		store = 1;
	} else {
		rc = cl_ledger_latest_checkpoint(l, &note, &note_len, &cp, &err);
		if (rc == CL_ENOTFOUND)
			rc = cl_error_set(&err, CL_ENOTFOUND, "no checkpoint yet: give "
					  "--key OWNER or run 'claimledger "
					  "checkpoint --key OWNER'");
	}
	if (rc == CL_OK)
		rc = cl_publish(l, dir, note, note_len, &cp, store, cosigned, ncosigned,
				&res, &err);
	free(note);
	for (i = 0; i < ncosigned; i++)
		free((char *)cosigned[i].note);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("publish", &err);
	printf("published %" PRIu64 " records to '%s' (%" PRIu64 " new): %" PRIu64
	       " files, %" PRIu64 " bytes written, checkpoint size %" PRIu64 "\n",
	       res.size, dir, res.size - res.old_size, res.files, res.bytes, res.size);
	return cli_finish_stdout(EXIT_OK);
}
