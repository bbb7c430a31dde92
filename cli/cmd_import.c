/*
 * cmd_import.c: append claims in one write transaction, all or none.
 *
 *   claimledger import ARTICLE --key FILE [--source URL] [--date D]
 *                              [--speakers FILE]
 *   claimledger import --jsonl FILE --key FILE [--article ARTICLE] [--dry-run]
 *
 * ARTICLE: the claims `extract` finds in it are appended, each with the
 * article's SHA-256 as `document` and its `offset`, `length`, `kind` and
 * `context`; the article itself is archived in the same transaction.
 *
 * --jsonl: reviewed claims (the `extract --json` shape).  Each non-blank
 * line is an object with text, speaker, source and date, and optionally
 * kind, document, offset, length and context; nothing else.  A `document`
 * must be archived already or be the SHA-256 of the --article file, which
 * is then archived with the claims, and a direct quote must still be the
 * article's text at its offset.  The file is streamed through one write
 * transaction (memory stays bounded at any size): lines are checked,
 * built and chained in order and signed on every core
 * (cl_txn_append_stream, $CLAIMLEDGER_THREADS), and the first bad line
 * ("c.jsonl line 3: ...") aborts the transaction with nothing appended.
 * --dry-run runs all of it, signatures and the store's rules included,
 * and aborts the transaction at the end: "would append N claims".
 *
 * The --jsonl path is cli_import_claims (cli.h), which `review` uses too:
 * the claims a reviewer keeps are checked and appended exactly as these
 * lines are.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/quote.h"
#include "cli/progress.h"

#define LINE_MAX_BYTES ((size_t)1024 * 1024)  /* bytes in one line */

enum { OPT_JSONL = OPT_FIRST_OWN, OPT_ARTICLE, OPT_SOURCE, OPT_DATE,
       OPT_SPEAKERS, OPT_DRY_RUN, OPT_LANG };

static const struct option options[] = {
	{ "jsonl", required_argument, NULL, OPT_JSONL },
	{ "article", required_argument, NULL, OPT_ARTICLE },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "speakers", required_argument, NULL, OPT_SPEAKERS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* What the command line asked for. */
struct import_args {
	struct cli_opts o;
	const char *jsonl, *article, *source, *date, *speakers, *lang;
	int dry_run; /* --dry-run: check everything, commit nothing */
};

static const char *const required[] = { "text", "speaker", "source", "date" };
static const char *const optional[] = { "kind", "document", "offset",
					 "length", "context", "lang" };
/* The extractor's review aids (extract --json): accepted so that its
 * lines import unchanged, and dropped: they are not signed. */
static const char *const review_aids[] = { "cue", "confidence", "polarity" };

/* Remove the review aids from a claim's fields. */
static void drop_review_aids(json_t *fields)
{
	size_t i;

	for (i = 0; i < sizeof review_aids / sizeof review_aids[0]; i++)
		json_object_del(fields, review_aids[i]);
}

/* One parsed line. */
struct claim {
	json_t *fields;
	int has_doc;                     /* it names a document */
	unsigned char doc[CL_HASH_BYTES];
};

/* A document the lines cite: the --article file or an archived copy. */
struct doc {
	unsigned char id[CL_HASH_BYTES];
	char *buf;
	size_t len;
	int is_article;
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
	for (i = 0; i < sizeof review_aids / sizeof review_aids[0]; i++)
		if (strcmp(name, review_aids[i]) == 0)
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

/* 64 lowercase hex digits into id[]; 0, or -1 when `s` is not that. */
static int doc_id_parse(const char *s, unsigned char id[CL_HASH_BYTES])
{
	size_t i;

	if (s == NULL || strlen(s) != CL_ID_HEX)
		return -1;
	for (i = 0; i < CL_ID_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	return cl_hex_decode(id, CL_HASH_BYTES, s, CL_ID_HEX) == CL_OK ? 0 : -1;
}

/*
 * Check one claim's members (`o`, whose reference this takes) as an
 * import --jsonl line must have them, and make them a claim record's
 * fields in c->fields: the review aids dropped, the type set.
 */
static int claim_check(json_t *o, struct claim *c, cl_error *err)
{
	const char *name;
	json_t *v;
	size_t i;
	int rc = CL_OK;

	c->fields = NULL;
	c->has_doc = 0;
	if (!json_is_object(o)) {
		rc = cl_error_set(err, CL_EINPUT, "not a JSON object");
		goto out;
	}
	json_object_foreach(o, name, v) {
		if (!member_known(name)) {
			rc = cl_error_set(err, CL_EINPUT, "unknown member '%s'", name);
			goto out;
		}
	}
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (json_object_get(o, required[i]) == NULL) {
			rc = cl_error_set(err, CL_EINPUT, "missing member '%s'",
					  required[i]);
			goto out;
		}
	}
	if ((v = json_object_get(o, "document")) != NULL) {
		if (doc_id_parse(json_string_value(v), c->doc) != 0) {
			rc = cl_error_set(err, CL_EINPUT, "document: not 64 "
					  "lowercase hex digits (a SHA-256)");
			goto out;
		}
		c->has_doc = 1;
	}
	drop_review_aids(o);
	if (json_object_set_new(o, "type", json_string("claim")) != 0)
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
out:
	if (rc == CL_OK)
		c->fields = o;
	else
		json_decref(o);
	return rc;
}

static void docs_free(struct doc *ds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ds[i].buf);
	free(ds);
}

static struct doc *doc_find(struct doc *ds, size_t n,
			    const unsigned char id[CL_HASH_BYTES])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(ds[i].id, id, CL_HASH_BYTES) == 0)
			return &ds[i];
	return NULL;
}

/* A byte count member of `o` (offset, length) into *out: 1 when present
 * and a count, 0 when absent, -1 when present and not a count. */
static int count_member(const json_t *o, const char *name, size_t *out)
{
	const json_t *v = json_object_get(o, name);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (size_t)json_integer_value(v);
	return 1;
}

/*
 * Check one line's span against its document `d`: offset and length
 * inside it and, for a direct quote, the quote's text equal to the text
 * cl_quote_text reads there.
 */
static int span_check(const struct claim *c, const struct doc *d, cl_error *err)
{
	const char *kind = json_string_value(json_object_get(c->fields, "kind"));
	const char *text = json_string_value(json_object_get(c->fields, "text"));
	size_t off = 0, len = 0;
	int ho = count_member(c->fields, "offset", &off);
	int hl = count_member(c->fields, "length", &len);
	char *q = NULL;
	int rc = CL_OK;

	if (ho < 0 || hl < 0)
		return cl_error_set(err, CL_EINPUT, "%s: not a byte count",
				    ho < 0 ? "offset" : "length");
	if (ho == 0 || hl == 0)
		return CL_OK;
	if (off > d->len || len > d->len - off)
		return cl_error_set(err, CL_EINPUT, "offset %zu length %zu is "
				    "past the end of the article (%zu bytes)",
				    off, len, d->len);
	if (kind == NULL || strcmp(kind, "direct") != 0)
		return CL_OK;
	rc = cl_quote_text(d->buf + off, len, &q, err);
	if (rc == CL_EINPUT || (rc == CL_OK && (text == NULL ||
						 strcmp(q, text) != 0)))
		rc = cl_error_set(err, CL_EINPUT, "direct quote does not match "
				  "the article at offset %zu: fix the text or "
				  "make it indirect", off);
	free(q);
	return rc;
}

/* An import under way: the caller's claims and the documents they cite. */
struct import_run {
	struct cli_import *imp;
	cl_txn *t;
	struct doc *ds; /* the documents cited so far (the article first) */
	size_t nd;
	int article_put; /* the article is archived in this txn */
};

/*
 * The document a claim cites: the caller's article (archived in this txn
 * the first time a claim cites it) or an archived copy, loaded once; then
 * the claim's span is checked against it.
 */
static int claim_doc(struct import_run *run, const struct claim *c, cl_error *err)
{
	char hex[CL_ID_HEX + 1];
	struct doc *d, *nds;
	int rc;

	if ((d = doc_find(run->ds, run->nd, c->doc)) == NULL) {
		nds = realloc(run->ds, (run->nd + 1) * sizeof *run->ds);
		if (nds == NULL)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		run->ds = nds;
		d = &nds[run->nd];
		memset(d, 0, sizeof *d);
		memcpy(d->id, c->doc, CL_HASH_BYTES);
		rc = cl_ledger_get_document(run->imp->l, d->id, &d->buf, &d->len, err);
		if (rc == CL_ENOTFOUND) {
			cl_hex_encode(hex, d->id, CL_HASH_BYTES);
			return cl_error_set(err, CL_EINPUT, "document %.12s… is "
					    "not archived: give --article FILE", hex);
		}
		if (rc != CL_OK)
			return rc;
		run->nd++;
	}
	if ((rc = span_check(c, d, err)) != CL_OK)
		return rc;
	if (d->is_article && !run->article_put) {
		rc = cl_txn_put_document(run->t, d->buf, d->len, NULL, err);
		if (rc != CL_OK)
			return cl_error_prefix(err, "'%s'", run->imp->article_name);
		run->article_put = 1;
	}
	return CL_OK;
}

/* cl_fields_fn: the caller's next claim, checked, as a record's fields. */
static int next_claim(void *ctx, json_t **fields, uint64_t *tag, cl_error *err)
{
	struct import_run *run = ctx;
	struct claim c;
	json_t *o = NULL;
	int rc;

	*fields = NULL;
	*tag = 0;
	if ((rc = run->imp->next(run->imp->ctx, &o, tag, err)) != CL_OK) {
		run->imp->bad_tag = *tag;
		return rc;
	}
	if (o == NULL)
		return CL_OK;
	rc = claim_check(o, &c, err);
	if (rc == CL_OK && c.has_doc)
		rc = claim_doc(run, &c, err);
	if (rc != CL_OK) {
		json_decref(c.fields);
		run->imp->bad_tag = *tag;
		return rc;
	}
	*fields = c.fields;
	return CL_OK;
}

int cli_import_claims(struct cli_import *imp, cl_error *err)
{
	struct import_run run = { imp, NULL, NULL, 0, 0 };
	uint64_t bad = 0;
	int rc;

	imp->first = imp->count = imp->bad_tag = 0;
	if (imp->article != NULL) {
		if ((run.ds = calloc(1, sizeof *run.ds)) == NULL)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		/* The copy keeps the caller's buffer its own. */
		if ((run.ds->buf = malloc(imp->article_len + 1)) == NULL) {
			free(run.ds);
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		}
		memcpy(run.ds->buf, imp->article, imp->article_len);
		run.ds->buf[imp->article_len] = '\0';
		run.ds->len = imp->article_len;
		run.ds->is_article = 1;
		cl_sha256(run.ds->id, run.ds->buf, run.ds->len);
		run.nd = 1;
	}
	if ((rc = cl_ledger_begin(imp->l, &run.t, err)) != CL_OK)
		goto out;
	/* The same article twice would log every claim twice (import
	 * ARTICLE's and review's rule): checked inside the txn that would
	 * archive it. */
	if (imp->fresh && imp->article != NULL && cl_txn_has_document(run.t, run.ds->id)) {
		char doc[CL_ID_HEX + 1];

		cl_hex_encode(doc, run.ds->id, CL_HASH_BYTES);
		rc = cl_error_set(err, CL_EINPUT, "'%s' was imported before (document %.16s...): "
				  "nothing appended; add reviewed claims with import --jsonl --article",
				  imp->article_name, doc);
		goto out;
	}
	/* Claims are checked, built, signed (on every core) and appended as
	 * they come; any bad one aborts the whole transaction. */
	rc = cl_txn_append_stream(run.t, next_claim, &run, imp->key, imp->now,
				  &imp->first, &imp->count, &bad, err);
	if (rc != CL_OK && bad > 0) {
		/* The chain refused what the claim asked for: the input is
		 * wrong, the ledger is fine (cli_txn_append's rule). */
		if (rc == CL_EINTEGRITY)
			rc = err->code = CL_EINPUT;
		imp->bad_tag = bad;
	}
	if (rc == CL_OK && !imp->dry_run) {
		rc = cl_txn_commit(run.t, err);
		run.t = NULL;
	}
out:
	if (run.t)
		cl_txn_abort(run.t);
	docs_free(run.ds, run.nd);
	return rc;
}

/* The lines of a --jsonl file, read one at a time inside the write txn. */
struct jsonl_src {
	FILE *f;
	const char *name;
	char *line;
	size_t cap;
	size_t lineno;
	uint64_t bytes;
	struct cli_progress *bar;
};

/* cli_claim_fn: the next non-blank line of the file, parsed. */
static int jsonl_next(void *ctx, json_t **claim, uint64_t *tag, cl_error *err)
{
	struct jsonl_src *src = ctx;
	json_error_t jerr;
	ssize_t got;
	size_t len;

	*claim = NULL;
	for (;;) {
		errno = 0;
		if ((got = getline(&src->line, &src->cap, src->f)) < 0) {
			if (ferror(src->f))
				return cl_error_set(err, CL_EIO, "cannot read '%s': %s",
						    src->name, strerror(errno ? errno : EIO));
			return CL_OK;
		}
		src->lineno++;
		src->bytes += (uint64_t)got;
		if (src->lineno % 1024 == 0)
			cli_progress_update(src->bar, src->bytes);
		len = (size_t)got;
		if (len > 0 && src->line[len - 1] == '\n')
			len--;
		if (!blank(src->line, len))
			break;
	}
	*tag = src->lineno;
	if (len > LINE_MAX_BYTES)
		return cl_error_set(err, CL_EINPUT, "longer than %zu bytes",
				    LINE_MAX_BYTES);
	if ((*claim = json_loadb(src->line, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return cl_error_set(err, CL_EINPUT, "invalid JSON: %s", jerr.text);
	return CL_OK;
}

static int import_jsonl(const struct import_args *a)
{
	struct jsonl_src src = { 0 };
	struct cli_import imp = { 0 };
	struct cli_progress bar = { 0 };
	struct stat st;
	cl_error err = { 0 };
	cl_seckey *k = NULL;
	char *article = NULL;
	size_t article_len = 0;
	int rc;

	if (a->article && strcmp(a->article, "-") == 0 &&
	    strcmp(a->jsonl, "-") == 0)
		cli_usage("--jsonl and --article cannot both read stdin");
	src.name = cli_display_name(a->jsonl);
	src.f = strcmp(a->jsonl, "-") == 0 ? stdin : fopen(a->jsonl, "r");
	if (src.f == NULL)
		cli_die(EXIT_USAGE, "import: cannot open '%s': %s", src.name,
			strerror(errno));
	if (fstat(fileno(src.f), &st) != 0)
		memset(&st, 0, sizeof st);
	if (S_ISDIR(st.st_mode))
		cli_die(EXIT_USAGE, "import: '%s' is a directory", src.name);
	if (a->article)
		article = xread_file(a->article, CL_DOCUMENT_MAX, &article_len);
	imp.l = xledger_open(a->o.ledger, 0);
	cl_ledger_set_threads(imp.l, cli_threads());
	k = xkey_load(a->o.key, a->o.passfile);
	cli_progress_start(&bar, "import", S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0, 1);
	src.bar = &bar;
	imp.key = k;
	imp.now = cli_now();
	imp.next = jsonl_next;
	imp.ctx = &src;
	imp.article = article;
	imp.article_len = article_len;
	imp.article_name = a->article ? cli_display_name(a->article) : NULL;
	imp.dry_run = a->dry_run;
	rc = cli_import_claims(&imp, &err);
	if (rc != CL_OK && imp.bad_tag > 0)
		cl_error_prefix(&err, "%s line %llu", src.name,
				(unsigned long long)imp.bad_tag);
	cli_progress_end(&bar);
	if (rc == CL_OK && imp.count > 0)
		printf("%s %llu claim%s: seq %llu..%llu\n",
		       a->dry_run ? "would append" : "imported",
		       (unsigned long long)imp.count, imp.count == 1 ? "" : "s",
		       (unsigned long long)imp.first,
		       (unsigned long long)(imp.first + imp.count - 1));
	else if (rc == CL_OK)
		printf("%s 0 claims\n", a->dry_run ? "would append" : "imported");
	if (src.f != NULL && src.f != stdin)
		fclose(src.f);
	free(src.line);
	free(article);
	cl_seckey_free(k);
	cl_ledger_close(imp.l);
	if (rc != CL_OK)
		cli_fail("import", &err);
	return cli_finish_stdout(EXIT_OK);
}

/* The claims of an article's extraction, as cli_claim_fn gives them: the
 * `extract --json` line of each, with the article as its document; the
 * tag is the claim's number (1..). */
struct article_feed {
	const struct cli_article *art;
	size_t next;
};

static int article_next(void *ctx, json_t **claim, uint64_t *tag, cl_error *err)
{
	struct article_feed *af = ctx;
	const struct cli_article *art = af->art;
	json_t *f;

	*claim = NULL;
	if (af->next >= art->x->nclaims)
		return CL_OK;
	*tag = af->next + 1;
	f = cl_claim_to_json(art->x, &art->x->claims[af->next], art->source, art->date);
	if (f == NULL || json_object_set_new(f, "document", json_string(art->doc))) {
		json_decref(f);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	af->next++;
	*claim = f;
	return CL_OK;
}

/* import ARTICLE: its claims through the path of --jsonl --article, the
 * article archived with them, refused when it was archived before (the
 * same article twice would log every claim twice). */
static int import_article(const struct import_args *a, const char *path)
{
	struct cli_article art;
	struct article_feed af = { &art, 0 };
	struct cli_import imp = { 0 };
	cl_error err = { 0 };
	cl_seckey *k = NULL;
	size_t bad;
	int rc = CL_OK;

	imp.l = xarticle_load(&art, path, a->source, a->date, a->speakers, a->o.ledger,
			      a->lang);
	if (art.x->nclaims == 0) {
		printf("no claims found in '%s'\n", art.name);
		goto out;
	}
	k = xkey_load(a->o.key, a->o.passfile);
	cl_ledger_set_threads(imp.l, cli_threads());
	imp.key = k;
	imp.now = cli_now();
	imp.next = article_next;
	imp.ctx = &af;
	imp.article = art.buf;
	imp.article_len = art.len;
	imp.article_name = art.name;
	imp.fresh = 1;
	rc = cli_import_claims(&imp, &err);
	if (rc != CL_OK && imp.bad_tag > 0) {
		bad = (size_t)imp.bad_tag;
		cl_error_prefix(&err, "'%s' claim %zu (offset %zu)", art.name, bad,
				art.x->claims[bad - 1].offset);
	}
	if (rc == CL_OK)
		printf("imported %llu claim%s from '%s': seq %llu..%llu\n",
		       (unsigned long long)imp.count, imp.count == 1 ? "" : "s",
		       art.name, (unsigned long long)imp.first,
		       (unsigned long long)(imp.first + imp.count - 1));
out:
	cli_article_free(&art);
	cl_seckey_free(k);
	cl_ledger_close(imp.l);
	if (rc != CL_OK)
		cli_fail("import", &err);
	return cli_finish_stdout(EXIT_OK);
}

int cmd_import(int argc, char **argv)
{
	struct import_args a = { { 0 }, NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	int c;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_JSONL: a.jsonl = optarg; break;
		case OPT_ARTICLE: a.article = optarg; break;
		case OPT_SOURCE: a.source = optarg; break;
		case OPT_DATE: a.date = xdate_arg("--date", optarg); break;
		case OPT_SPEAKERS: a.speakers = optarg; break;
		case OPT_LANG: a.lang = xlang_arg(optarg); break;
		case OPT_DRY_RUN: a.dry_run = 1; break;
		default: cli_common_opt(c, argv, &a.o);
		}
	}
	if (a.jsonl != NULL) {
		if (optind < argc)
			cli_usage("give either ARTICLE or --jsonl FILE, not both");
		if (a.source || a.date || a.speakers || a.lang)
			cli_usage("--source, --date, --speakers and --lang apply to an "
				  "ARTICLE; with --jsonl each line carries them");
		return import_jsonl(&a);
	}
	if (a.dry_run)
		cli_usage("--dry-run goes with --jsonl FILE (review ARTICLE "
			  "shows an article's claims before signing)");
	if (optind >= argc)
		cli_usage("missing the ARTICLE (or --jsonl FILE)");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (a.article)
		cli_usage("--article goes with --jsonl FILE");
	if (a.source != NULL && *a.source == '\0')
		cli_usage("--source: empty");
	return import_article(&a, argv[optind]);
}
