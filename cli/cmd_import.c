/*
 * cmd_import.c: `claimledger import --jsonl FILE --key FILE`: append
 * reviewed claims, one JSON object a line, in one write transaction.
 *
 * Each non-blank line is an object with text, speaker, source and date,
 * and optionally kind, document, offset, length and context; nothing else.
 * The whole file is parsed before the ledger is touched, and the first bad
 * line ("c.jsonl line 3: ...") stops the import with nothing appended.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define JSONL_MAX ((size_t)256 * 1024 * 1024) /* bytes in one file */
#define LINE_MAX_BYTES ((size_t)1024 * 1024)  /* bytes in one line */

enum { OPT_JSONL = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "jsonl", required_argument, NULL, OPT_JSONL },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static const char *const required[] = { "text", "speaker", "source", "date" };
static const char *const optional[] = { "kind", "document", "offset",
					 "length", "context" };

/* One parsed line, kept until the transaction. */
struct claim {
	json_t *fields;
	size_t line;
};

static int member_known(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (strcmp(name, required[i]) == 0)
			return 1;
	for (i = 0; i < sizeof optional / sizeof optional[0]; i++)
		if (strcmp(name, optional[i]) == 0)
			return 1;
	return 0;
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Parse one line (`len` bytes at `s`) into a claim's fields. */
static int parse_line(const char *s, size_t len, json_t **out, cl_error *err)
{
	json_error_t jerr;
	const char *name;
	json_t *o, *v;
	size_t i;

	*out = NULL;
	if (len > LINE_MAX_BYTES)
		return cl_error_set(err, CL_EINPUT, "longer than %zu bytes",
				    LINE_MAX_BYTES);
	o = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return cl_error_set(err, CL_EINPUT, "invalid JSON: %s", jerr.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return cl_error_set(err, CL_EINPUT, "not a JSON object");
	}
	json_object_foreach(o, name, v) {
		if (!member_known(name)) {
			cl_error_set(err, CL_EINPUT, "unknown member '%s'", name);
			json_decref(o);
			return CL_EINPUT;
		}
	}
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (json_object_get(o, required[i]) == NULL) {
			json_decref(o);
			return cl_error_set(err, CL_EINPUT, "missing member '%s'",
					    required[i]);
		}
	}
	if (json_object_set_new(o, "type", json_string("claim")) != 0) {
		json_decref(o);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	*out = o;
	return CL_OK;
}

/* Parse every line of `buf` into claims[]; *n gets the count. */
static int parse_file(const char *name, char *buf, size_t len,
		      struct claim **claims, size_t *n, cl_error *err)
{
	size_t line = 0, cap = 0, ll;
	char *p = buf, *end = buf + len, *nl;
	struct claim *cs = NULL, *ncs;
	int rc = CL_OK;

	*n = 0;
	while (rc == CL_OK && p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (!blank(p, ll)) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 256;
				ncs = realloc(cs, cap * sizeof *cs);
				if (ncs == NULL) {
					rc = cl_error_set(err, CL_ENOMEM, "out of memory");
					break;
				}
				cs = ncs;
			}
			rc = parse_line(p, ll, &cs[*n].fields, err);
			if (rc == CL_OK)
				cs[(*n)++].line = line;
			else
				cl_error_prefix(err, "%s line %zu", name, line);
		}
		p += ll + 1;
	}
	*claims = cs;
	return rc;
}

static void claims_free(struct claim *cs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_decref(cs[i].fields);
	free(cs);
}

int cmd_import(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	const char *path = NULL, *name;
	struct claim *cs = NULL;
	uint64_t seq, first = 0;
	cl_error err = { 0 };
	cl_ledger *l = NULL;
	cl_seckey *k = NULL;
	cl_txn *t = NULL;
	size_t len, n = 0, i;
	int64_t now;
	char *buf;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (c == OPT_JSONL)
			path = optarg;
		else
			cli_common_opt(c, argv, &o);
	}
	if (path == NULL && optind < argc)
		cli_usage("importing an article needs the extractor; use "
			  "--jsonl FILE");
	if (path == NULL)
		cli_usage("missing --jsonl FILE");
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	name = strcmp(path, "-") == 0 ? "stdin" : path;

	buf = xread_file(path, JSONL_MAX, &len);
	rc = parse_file(name, buf, len, &cs, &n, &err);
	free(buf);
	if (rc != CL_OK)
		goto out;
	l = xledger_open(o.ledger, 0);
	k = xkey_load(o.key, o.passfile);
	now = cli_now();
	if ((rc = cl_ledger_begin(l, &t, &err)) != CL_OK)
		goto out;
	for (i = 0; i < n && rc == CL_OK; i++) {
		rc = cli_txn_append(t, cs[i].fields, k, now, &seq, NULL, &err);
		if (rc != CL_OK)
			cl_error_prefix(&err, "%s line %zu", name, cs[i].line);
		else if (i == 0)
			first = seq;
	}
	if (rc == CL_OK) {
		rc = cl_txn_commit(t, &err);
		t = NULL;
	}
	if (rc == CL_OK && n > 0)
		printf("imported %zu claim%s: seq %llu..%llu\n", n,
		       n == 1 ? "" : "s", (unsigned long long)first,
		       (unsigned long long)seq);
	else if (rc == CL_OK)
		printf("imported 0 claims\n");
out:
	if (t)
		cl_txn_abort(t);
	claims_free(cs, n);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("import", &err);
	return cli_finish_stdout(EXIT_OK);
}
