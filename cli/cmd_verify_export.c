/*
 * cmd_verify_export.c: `claimledger verify-export FILE --pubkey PUBFILE`:
 * check a jsonl export with nothing but the owner's verifier key file
 * (ledger/export.h) and print "verified export: N records, root B64".
 *
 * No ledger is opened.  PUBFILE is matched by its key bytes only, whatever
 * name it carries (the export names the key after the origin).  A second
 * line says how many direct quotes were checked against how many
 * archived articles, or that they were not (an export without them).
 * "-" reads
 * the export from stdin.  The records' signatures are checked on
 * $CLAIMLEDGER_THREADS threads (default: every CPU).  Exit 1 for anything wrong inside the export,
 * truncation and trailing data included, naming the first bad line; 2 for
 * usage, an unopenable export or an unreadable PUBFILE; 3 when reading
 * fails part way.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/progress.h"
#include "ledger/export.h"

enum { OPT_PUBKEY = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "pubkey", required_argument, NULL, OPT_PUBKEY },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_verify_export(int argc, char **argv)
{
	const char *pubfile = NULL, *path, *name;
	char kname[CL_KEYNAME_MAX + 1], root[64];
	unsigned char pk[CL_PUBKEY_BYTES];
	struct cli_opts o = { 0 };
	cl_export_info info;
	cl_error err = { 0 };
	struct stat st;
	FILE *in;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_PUBKEY)
			pubfile = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind >= argc)
		cli_usage("missing the export FILE");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (pubfile == NULL)
		cli_usage("missing --pubkey PUBFILE (the owner's verifier key)");
	path = argv[optind];
	if ((rc = cl_vkey_load(pubfile, kname, pk, &err)) != CL_OK) {
		err.code = CL_EINPUT; /* exit 2 whatever the reason */
		cli_fail("verify-export", &err);
	}

	name = strcmp(path, "-") == 0 ? "stdin" : path;
	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (in == NULL)
		cli_die(EXIT_USAGE, "verify-export: cannot open '%s': %s", name,
			strerror(errno));
	if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode))
		cli_die(EXIT_USAGE, "verify-export: '%s' is a directory", name);
	rc = cl_export_verify_ex(in, name, pk, cli_threads(), &info, &err);
	if (in != stdin)
		fclose(in);
	if (rc != CL_OK)
		cli_fail("verify-export", &err);
	cl_b64_encode(root, info.root, CL_HASH_BYTES);
	printf("verified export: %llu record%s, root %s\n",
	       (unsigned long long)info.size, info.size == 1 ? "" : "s", root);
	/* Said on its own line, so that scripts reading the first keep
	 * working, and always, so that no one mistakes "verified" for "the
	 * quotes are in their articles" when the articles were left out. */
	if (info.has_documents)
		printf("checked %llu quote%s against %llu document%s\n",
		       (unsigned long long)info.quotes, info.quotes == 1 ? "" : "s",
		       (unsigned long long)info.documents,
		       info.documents == 1 ? "" : "s");
	else
		printf("quotes not checked: the export carries no documents\n");
	return cli_finish_stdout(EXIT_OK);
}
