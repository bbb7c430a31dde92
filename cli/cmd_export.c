/*
 * cmd_export.c: `claimledger export [--format jsonl|csv|claimreview|html]
 * [--out FILE] [--key OWNER]`: the audit export.
 *
 * jsonl (the default) is the verifiable one (ledger/export.h), carrying
 * the archived articles its claims cite unless --no-documents: with --key
 * a checkpoint of the ledger as it is now is signed by the owner, and
 * stored (as `checkpoint` does) once the export is complete: written to
 * stdout and flushed, or --out's file written, synced and renamed; a
 * failed export stores nothing.  Without --key the latest stored
 * checkpoint is used.  Only the --key flag asks for a new checkpoint:
 * $CLAIMLEDGER_KEY does not, so that an editor's key in the environment
 * never turns a read into a refused write.  The export holds exactly the
 * records that checkpoint covers, even when others append meanwhile.
 *
 * --out FILE writes to a temporary file beside FILE, fsyncs it and renames
 * it over FILE, so FILE is never half written; without it (or with "-")
 * the export goes to stdout.  Every format is one entry in `formats`.
 *
 * csv and claimreview are the fact-checking exports (ledger/facts.h), not
 * verifiable: csv is one RFC 4180 row per claim in its current view, a
 * cell that a spreadsheet would read as a formula prefixed with `'` unless
 * --raw, after a UTF-8 byte-order mark with --bom (Excel reads UTF-8 then);
 * claimreview a JSON array of schema.org ClaimReview objects, one per rated
 * claim, authored by the newsroom of the ledger's config records (refused,
 * exit 2, when there is none).
 *
 * html is one static page for people (ledger/report.h): summary,
 * checkpoint and how to check it, claims by article and by speaker.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/progress.h"
#include "ledger/export.h"
#include "ledger/facts.h"
#include "ledger/report.h"

enum { OPT_FORMAT = OPT_FIRST_OWN, OPT_OUT, OPT_RAW, OPT_NO_DOCUMENTS, OPT_BOM };

static const struct option options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "no-documents", no_argument, NULL, OPT_NO_DOCUMENTS },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* One export format: writes the whole export to `out` or fails. */
typedef int (*export_fn)(cl_ledger *l, const struct cli_opts *o, FILE *out,
			 cl_export_info *info, cl_error *err);

static int export_jsonl(cl_ledger *l, const struct cli_opts *o, FILE *out,
			cl_export_info *info, cl_error *err);
static int export_csv(cl_ledger *l, const struct cli_opts *o, FILE *out,
		      cl_export_info *info, cl_error *err);
static int export_claimreview(cl_ledger *l, const struct cli_opts *o, FILE *out,
			      cl_export_info *info, cl_error *err);
static int export_html(cl_ledger *l, const struct cli_opts *o, FILE *out,
		       cl_export_info *info, cl_error *err);

static const struct format {
	const char *name;
	export_fn fn; /* NULL: not supported yet */
	int writes;   /* needs the ledger open for writing (with --key) */
} formats[] = {
	{ "jsonl", export_jsonl, 1 },
	{ "csv", export_csv, 0 },
	{ "claimreview", export_claimreview, 0 },
	{ "html", export_html, 0 },
};

static const struct format *find_format(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* The checkpoint that export --key signed, to be stored once the export
 * is complete (cmd_export): a failed export leaves the ledger as it was. */
static struct {
	char *note; /* NULL: none */
	size_t len;
	cl_checkpoint cp;
} unstored;

/* jsonl --no-documents: leave the archived articles out. */
static int no_documents;

/* The checkpoint to export under: a new one with --key, else the latest. */
static int export_jsonl(cl_ledger *l, const struct cli_opts *o, FILE *out,
			cl_export_info *info, cl_error *err)
{
	cl_checkpoint cp;
	cl_seckey *k = NULL;
	char *note = NULL;
	size_t len = 0;
	int rc;

	if (o->key) {
		k = xkey_load(o->key, o->passfile);
		rc = cl_ledger_checkpoint_sign(l, k, &note, &len, &cp, err);
		cl_seckey_free(k);
		if (rc == CL_OK && (unstored.note = malloc(len)) == NULL)
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		if (rc == CL_OK) {
			memcpy(unstored.note, note, len);
			unstored.len = len;
			unstored.cp = cp;
		}
	} else {
		rc = cl_ledger_latest_checkpoint(l, &note, &len, &cp, err);
		if (rc == CL_ENOTFOUND)
			rc = cl_error_set(err, CL_ENOTFOUND, "no checkpoint yet: "
					  "give --key OWNER or run 'claimledger "
					  "checkpoint --key OWNER'");
	}
	if (rc == CL_OK)
		rc = cl_export_jsonl_ex(l, note, len,
					no_documents ? CL_EXPORT_NO_DOCUMENTS : 0, out,
					info, err);
	free(note);
	return rc;
}

/* csv --raw: the cells as stored, no formula guard. */
static int csv_raw;
/* csv --bom: a UTF-8 byte-order mark first, so that Excel reads UTF-8. */
static int csv_bom;

/* One CSV row per claim (info->size: the rows). */
static int export_csv(cl_ledger *l, const struct cli_opts *o, FILE *out,
		      cl_export_info *info, cl_error *err)
{
	return cl_facts_csv(l, out, (csv_raw ? CL_CSV_RAW : 0) | (csv_bom ? CL_CSV_BOM : 0),
			    &info->size, err);
}

/* One ClaimReview per rated claim (info->size: the objects). */
static int export_claimreview(cl_ledger *l, const struct cli_opts *o, FILE *out,
			      cl_export_info *info, cl_error *err)
{
	int rc = cl_facts_claimreview(l, out, &info->size, err);

	if (rc == CL_ENOTFOUND)
		cl_error_set(err, CL_ENOTFOUND, "no newsroom configured: run "
			     "'claimledger config --newsroom NAME --url URL --key "
			     "OWNER' (or init with --newsroom)");
	return rc;
}

/* The static HTML report (ledger/report.h; info->size: the claims). */
static int export_html(cl_ledger *l, const struct cli_opts *o, FILE *out,
		       cl_export_info *info, cl_error *err)
{
	cl_report_info ri;
	int rc = cl_report_html(l, out, &ri, err);

	if (rc == CL_OK)
		info->size = ri.claims;
	return rc;
}

/* A temporary file beside `path`: "<dir>/.<base>.XXXXXX", mode 0644. */
static FILE *temp_beside(const char *path, char **tmp, cl_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	FILE *f = NULL;
	int fd;

	if ((*tmp = malloc(n)) == NULL) {
		cl_error_set(err, CL_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(*tmp, n, "%.*s.%s.XXXXXX", (int)dlen, path, path + dlen);
	if ((fd = mkstemp(*tmp)) < 0) {
		cl_error_set(err, CL_EIO, "cannot create a file beside '%s': %s",
			     path, strerror(errno));
	} else if (fchmod(fd, 0644) != 0 || (f = fdopen(fd, "wb")) == NULL) {
		cl_error_set(err, CL_EIO, "cannot write '%s': %s", *tmp,
			     strerror(errno));
		close(fd);
		unlink(*tmp);
	}
	if (f == NULL) {
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

/* Make the temporary file durable and put it in place; on failure it is
 * removed.  `f` is closed either way. */
static int temp_commit(FILE *f, const char *tmp, const char *path, int ok,
		       cl_error *err)
{
	int rc = CL_OK;

	if (ok && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
		rc = cl_error_set(err, CL_EIO, "cannot write '%s': %s", path,
				  strerror(errno ? errno : EIO));
	if (fclose(f) != 0 && ok && rc == CL_OK)
		rc = cl_error_set(err, CL_EIO, "cannot write '%s': %s", path,
				  strerror(errno));
	if (ok && rc == CL_OK && rename(tmp, path) != 0)
		rc = cl_error_set(err, CL_EIO, "cannot rename the export to '%s': %s",
				  path, strerror(errno));
	if (!ok || rc != CL_OK)
		unlink(tmp);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	const char *format = "jsonl", *path = NULL;
	const struct format *fmt;
	struct cli_opts o = { 0 };
	cl_export_info info = { .size = 0 };
	cl_error err = { 0 };
	char root[64], *tmp = NULL;
	struct cli_progress bar;
	cl_ledger *l;
	FILE *out = stdout;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_FORMAT: format = optarg; break;
		case OPT_OUT: path = optarg; break;
		case OPT_RAW: csv_raw = 1; break;
		case OPT_NO_DOCUMENTS: no_documents = 1; break;
		case OPT_BOM: csv_bom = 1; break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	if ((fmt = find_format(format)) == NULL)
		cli_usage("unknown format '%s': jsonl, csv, claimreview or html", format);
	if (csv_raw && fmt->fn != export_csv)
		cli_usage("--raw goes with --format csv");
	if (no_documents && fmt->fn != export_jsonl)
		cli_usage("--no-documents goes with --format jsonl");
	if (csv_bom && fmt->fn != export_csv)
		cli_usage("--bom goes with --format csv");
	if (fmt->fn == NULL)
		cli_die(EXIT_USAGE, "export: --format %s: not supported yet", format);
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	/* Renamed over data.mdb, an export destroyed the ledger. */
	if (path)
		cli_refuse_path_in_ledger(path, cli_ledger_dir(o.ledger), "the export");

	l = xledger_open(o.ledger, fmt->writes && o.key ? 0 : CL_LEDGER_RDONLY);
	if (path && (out = temp_beside(path, &tmp, &err)) == NULL) {
		cl_ledger_close(l);
		cli_fail("export", &err);
	}
	if (out != stdout)
		setvbuf(out, NULL, _IOFBF, 1 << 20);
	cli_progress_start(&bar, "export", 0, 0);
	cl_ledger_set_progress(l, cli_progress_fn, &bar);
	rc = fmt->fn(l, &o, out, &info, &err);
	cli_progress_end(&bar);
	if (path) {
		cl_error werr = { 0 };
		int wrc = temp_commit(out, tmp, path, rc == CL_OK, &werr);
		if (rc == CL_OK && wrc != CL_OK) {
			rc = wrc;
			err = werr;
		}
		free(tmp);
	} else if (rc == CL_OK && (fflush(stdout) != 0 || ferror(stdout))) {
		rc = cl_error_set(&err, CL_EIO, "cannot write to standard output: %s",
				  strerror(errno ? errno : EIO));
	}
	/* The new checkpoint is kept only with a complete export: a failed
	 * command leaves the ledger unchanged. */
	if (rc == CL_OK && unstored.note != NULL)
		rc = cl_ledger_checkpoint_store(l, unstored.note, unstored.len,
						&unstored.cp, &err);
	free(unstored.note);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("export", &err);
	if (path && fmt->fn != export_jsonl) {
		printf("exported %llu %s to '%s'\n", (unsigned long long)info.size,
		       fmt->fn == export_claimreview ? "claim reviews" : "claims", path);
	} else if (path) {
		cl_b64_encode(root, info.root, CL_HASH_BYTES);
		printf("exported %llu record%s to '%s', root %s\n",
		       (unsigned long long)info.size, info.size == 1 ? "" : "s",
		       path, root);
	}
	return cli_finish_stdout(EXIT_OK);
}
