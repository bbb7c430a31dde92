/*
 * cmd_monitor.c: `claimledger monitor URL|DIR --pubkey PUBFILE [--state FILE]`:
 * follow a published ledger (ledger/monitor.h) from the checkpoint this
 * monitor last accepted to the one published now, and print
 *
 *   monitor: ORIGIN size OLD -> NEW: N new records verified
 *   monitor: ORIGIN size N: no new records
 *
 * then, when records were checked, what was checked of their quotes.
 * The state (what the next run goes on from) is written only on success,
 * to a temporary file renamed over the old one, mode 0600: a failed run
 * leaves it as it was.  Its default place is
 * $XDG_STATE_HOME/claimledger/monitor/<SHA-256 hex of the source>, the
 * source being the URL as given or the directory's real path, so one
 * state is kept per published ledger.
 *
 * The new records are checked on $CLAIMLEDGER_THREADS threads (default:
 * every CPU).
 *
 * Exit 1 when the host's content fails a check (the line names the file
 * and seq), 2 for usage, an unreadable PUBFILE, a damaged state file or
 * nothing published there, 3 when fetching or the state write fails.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "ledger/fetch.h"
#include "ledger/monitor.h"
#include "cli/progress.h"

enum { OPT_PUBKEY = OPT_FIRST_OWN, OPT_STATE, OPT_WITNESS, OPT_QUORUM };

static const struct option options[] = {
	{ "pubkey", required_argument, NULL, OPT_PUBKEY },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "witness", required_argument, NULL, OPT_WITNESS },
	{ "quorum", required_argument, NULL, OPT_QUORUM },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* mkdir -p of the directories leading to `path` (mode 0700). */
static void make_parents(const char *path)
{
	char *p = strdup(path), *s;

	if (p == NULL)
		cli_die(EXIT_IO, "monitor: out of memory");
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			cli_die(EXIT_IO, "monitor: cannot create '%s': %s", p,
				strerror(errno));
		*s = '/';
	}
	free(p);
}

/* The default state file of `where`: one per source. */
static char *default_state(const char *where)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	const char *src = where;
	char real[PATH_MAX], hex[2 * CL_HASH_BYTES + 1], *out;
	unsigned char h[CL_HASH_BYTES];
	size_t n;

	if (strncmp(where, "http://", 7) != 0 && strncmp(where, "https://", 8) != 0) {
		src = strncmp(where, "file://", 7) == 0 ? where + 7 : where;
		if (strncmp(src, "localhost/", 10) == 0)
			src += 9;
		if (realpath(src, real) == NULL)
			cli_die(EXIT_USAGE, "monitor: cannot open directory '%s': %s",
				src, strerror(errno));
		src = real;
	}
	cl_sha256(h, src, strlen(src));
	cl_hex_encode(hex, h, CL_HASH_BYTES);
	if (xdg == NULL || xdg[0] != '/') {
		if (home == NULL || home[0] != '/')
			cli_usage("no $XDG_STATE_HOME or $HOME for the state file: "
				  "give --state FILE");
		n = strlen(home) + sizeof "/.local/state/claimledger/monitor/" + sizeof hex;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s/.local/state/claimledger/monitor/%s", home, hex);
	} else {
		n = strlen(xdg) + sizeof "/claimledger/monitor/" + sizeof hex;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s/claimledger/monitor/%s", xdg, hex);
	}
	if (out == NULL)
		cli_die(EXIT_IO, "monitor: out of memory");
	make_parents(out);
	return out;
}

/* The state at `path`, or a new one when there is none yet. */
static cl_monitor_state *state_open(const char *path)
{
	cl_monitor_state *s = NULL;
	cl_error err = { 0 };
	FILE *in = fopen(path, "rb");
	int rc;

	if (in == NULL && errno != ENOENT)
		cli_die(EXIT_USAGE, "monitor: cannot open state file '%s': %s", path,
			strerror(errno));
	if (in == NULL)
		rc = cl_monitor_state_new(&s, &err);
	else
		rc = cl_monitor_state_load(in, path, &s, &err);
	if (in)
		fclose(in);
	if (rc != CL_OK)
		cli_fail("monitor", &err);
	return s;
}

/* Write `s` to `path` whole or not at all, mode 0600 (cl_file_replace):
 * encoded in memory first, so that a failure leaves the old state. */
static void state_write(const cl_monitor_state *s, const char *path)
{
	cl_error err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int rc;

	if (out == NULL)
		cli_die(EXIT_IO, "monitor: out of memory");
	rc = cl_monitor_state_save(s, out, &err);
	if (fclose(out) != 0 && rc == CL_OK)
		rc = cl_error_set(&err, CL_ENOMEM, "out of memory");
	if (rc == CL_OK)
		rc = cl_file_replace(path, buf, len, 0600, 0, &err);
	free(buf);
	if (rc != CL_OK)
		cli_fail("monitor", &err);
}

int cmd_monitor(int argc, char **argv)
{
	const char *pubfile = NULL, *statefile = NULL, *quorum_arg = NULL, *where;
	cl_monitor_witnesses wit = { NULL, 0, 0 };
	cl_witness *w = NULL;
	char kname[CL_KEYNAME_MAX + 1], *defstate = NULL;
	unsigned char pk[CL_PUBKEY_BYTES];
	struct cli_opts o = { 0 };
	cl_monitor_state *s;
	cl_monitor_result res;
	cl_fetch *f = NULL;
	cl_error err = { 0 };
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_PUBKEY)
			pubfile = optarg;
		else if (c == OPT_STATE)
			statefile = optarg;
		else if (c == OPT_WITNESS)
			w = cli_witness_add("monitor", w, &wit.nw, argc, optarg);
		else if (c == OPT_QUORUM)
			quorum_arg = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind >= argc)
		cli_usage("missing the URL or DIR of a published ledger");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (pubfile == NULL)
		cli_usage("missing --pubkey PUBFILE (the owner's verifier key)");
	wit.quorum = cli_witness_quorum(quorum_arg, wit.nw);
	wit.w = w;
	where = argv[optind];
	if (cl_vkey_load(pubfile, kname, pk, &err) != CL_OK) {
		err.code = CL_EINPUT; /* exit 2 whatever the reason */
		cli_fail("monitor", &err);
	}
	if ((rc = cl_fetch_open(where, &f, &err)) != CL_OK) {
		if (rc == CL_ENOTFOUND)
			err.code = CL_EINPUT;
		cli_fail("monitor", &err);
	}
	if (statefile == NULL)
		statefile = defstate = default_state(where);
	s = state_open(statefile);
	rc = cl_monitor_run_threads(cl_fetch_get, f, pk, &wit, cli_threads(), s, &res, &err);
	cl_fetch_close(f);
	if (rc != CL_OK)
		cli_fail("monitor", &err);
	state_write(s, statefile);
	cl_monitor_state_free(s);
	free(defstate);
	free(w);

	fputs("monitor: ", stdout);
	cli_print_safe(stdout, res.origin);
	if (res.new_size == res.old_size)
		printf(" size %llu: no new records\n", (unsigned long long)res.new_size);
	else
		printf(" size %llu -> %llu: %llu new record%s verified\n",
		       (unsigned long long)res.old_size,
		       (unsigned long long)res.new_size,
		       (unsigned long long)res.records, res.records == 1 ? "" : "s");
	if (wit.nw > 0)
		printf("cosigned by %zu of the %zu witness%s given (quorum %zu)\n",
		       res.witnessed, wit.nw, wit.nw == 1 ? "" : "es", wit.quorum);
	if (res.records > 0)
		printf("checked %llu quote%s against %llu document%s; %llu cited "
		       "document%s not published\n",
		       (unsigned long long)res.quotes, res.quotes == 1 ? "" : "s",
		       (unsigned long long)res.documents,
		       res.documents == 1 ? "" : "s",
		       (unsigned long long)res.unpublished,
		       res.unpublished == 1 ? "" : "s");
	return cli_finish_stdout(EXIT_OK);
}
