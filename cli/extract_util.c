/*
 * extract_util.c: the helpers that extract, import and review share
 * (cli.h): the alias table (a speakers file, then the ledger's alias
 * records over it), the extraction itself, and an article read and
 * extracted with its source and date settled, each exiting with one line
 * on failure.
 */
#include "cli/cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger/url.h"

/* Where the default speakers table is: a ':'-separated list of paths, the
 * first that exists wins (the Makefile gives the installed copy, then the
 * source tree's). */
#ifndef CL_SPEAKERS_DEFAULT
#define CL_SPEAKERS_DEFAULT "fixtures/speakers.tsv"
#endif

#define SPEAKERS_MAX ((size_t)16 * 1024 * 1024) /* bytes in a speakers file */

static const char *cmd_name(void)
{
	return cli_current ? cli_current->name : "extract";
}

/* The first existing file of CL_SPEAKERS_DEFAULT, a ':'-separated list
 * (the installed table, then the source tree's), into out; 0, or -1 when
 * none exists. */
static int speakers_default(char *out, size_t cap)
{
	const char *p = CL_SPEAKERS_DEFAULT, *end;
	struct stat st;
	size_t n;

	for (; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0 || n >= cap)
			continue;
		memcpy(out, p, n);
		out[n] = '\0';
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
	}
	return -1;
}

/* Load the speakers file: the flag, else $CLAIMLEDGER_SPEAKERS (both must
 * be readable), else the default table when one exists. */
static void speakers_load(cl_aliases *a, const char *flag)
{
	const char *path = flag, *env = getenv("CLAIMLEDGER_SPEAKERS");
	char def[PATH_MAX];
	cl_error err = { 0 };
	size_t len;
	char *buf;
	int rc;

	if (path == NULL && env != NULL && *env != '\0')
		path = env;
	if (path == NULL) {
		if (speakers_default(def, sizeof def) != 0)
			return;
		path = def;
	}
	buf = xread_regular(path, "speakers file", SPEAKERS_MAX, &len);
	rc = cl_aliases_load(a, buf, len, path, &err);
	free(buf);
	if (rc != CL_OK)
		cli_fail(cmd_name(), &err);
}

struct alias_load {
	cl_aliases *a;
	cl_error err;
};

static int alias_add_one(void *ctx, const char *alias, const char *speaker)
{
	struct alias_load *al = ctx;

	return cl_aliases_add(al->a, alias, speaker, &al->err);
}

cl_aliases *xaliases_load(const char *speakers_flag, cl_ledger *l)
{
	struct alias_load al = { NULL, { 0 } };
	int rc;

	if ((rc = cl_aliases_new(&al.a, &al.err)) != CL_OK)
		cli_fail(cmd_name(), &al.err);
	speakers_load(al.a, speakers_flag);
	if (l != NULL && (rc = cl_ledger_aliases(l, alias_add_one, &al,
						  &al.err)) != CL_OK) {
		if (al.err.code == CL_OK)
			cl_error_set(&al.err, rc, "cannot read the ledger's aliases");
		cli_fail(cmd_name(), &al.err);
	}
	return al.a;
}

const char *xlang_arg(const char *arg)
{
	if (strcmp(arg, "en") != 0 && strcmp(arg, "es") != 0)
		cli_usage("--lang: '%s' is not a language the extractor knows (en, es)",
			  arg);
	return arg;
}

cl_extraction *xextract(const char *name, const char *buf, size_t len,
			const cl_aliases *a, const char *lang)
{
	cl_extraction *x = NULL;
	cl_error err = { 0 };
	int rc = cl_extract_lang(buf, len, a, lang, &x, &err);

	if (rc == CL_EINPUT)
		cli_die(EXIT_USAGE, "%s: '%s': %s", cmd_name(), name, err.msg);
	if (rc != CL_OK)
		cli_fail(cmd_name(), &err);
	return x;
}

cl_ledger *xarticle_load(struct cli_article *a, const char *path,
			 const char *source, const char *date,
			 const char *speakers, const char *ledger_flag, const char *lang)
{
	cl_aliases *al;
	const char *why;
	cl_ledger *l;

	memset(a, 0, sizeof *a);
	a->name = cli_display_name(path);
	a->buf = xread_file(path, CL_DOCUMENT_MAX, &a->len);
	l = xledger_open(ledger_flag, 0);
	al = xaliases_load(speakers, l);
	a->x = xextract(a->name, a->buf, a->len, al, lang);
	cl_aliases_free(al);
	a->source = source ? source : a->x->url;
	a->date = date ? date : a->x->date;
	if (a->source == NULL)
		cli_die(EXIT_USAGE, "%s: '%s': no source: give --source URL "
			"or a 'url' header line", cmd_name(), a->name);
	if (a->date == NULL)
		cli_die(EXIT_USAGE, "%s: '%s': no date: give --date "
			"YYYY-MM-DD or a 'date' header line", cmd_name(), a->name);
	/* The store would refuse each claim's source (url.h); say once where
	 * it came from instead. */
	if ((why = cl_url_check(a->source, strlen(a->source))) != NULL) {
		if (source)
			cli_die(EXIT_USAGE, "%s: --source '%s': %s", cmd_name(),
				a->source, why);
		cli_die(EXIT_USAGE, "%s: '%s': url header '%s': %s: give "
			"--source URL", cmd_name(), a->name, a->source, why);
	}
	cl_sha256(a->id, a->buf, a->len);
	cl_hex_encode(a->doc, a->id, sizeof a->id);
	return l;
}

void cli_article_free(struct cli_article *a)
{
	cl_extraction_free(a->x);
	free(a->buf);
	memset(a, 0, sizeof *a);
}
