/*
 * cmd_article.c: `claimledger article ID|PREFIX [--claims]`: print an
 * archived article, found by its SHA-256 (the `document` of the claims
 * taken from it): the full 64 hex digits or a unique prefix of 8 or more.
 *
 * Into a pipe or a file the article's bytes go out exactly as archived
 * (so `article X | sha256sum` gives X back).  On a terminal the article is
 * hostile text: each line is printed through cli_print_safe, so a control
 * character, an escape sequence or a bidi override shows as its escape
 * (tabs too), and only its newlines stay.
 *
 * --claims marks the span of every claim citing the article, in its
 * current view (the latest correction's offset and length): "[[N|" where
 * claim N's words start and "|N]]" where they end.  Spans may nest or
 * overlap; each mark names its claim, so they never read ambiguously.
 * The marks are this command's own and are never part of what is hashed.
 * The article is re-hashed before anything is printed: exit 1 when its
 * bytes are not its id's.
 */
#define _GNU_SOURCE /* memmem */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"

enum { OPT_CLAIMS = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "claims", no_argument, NULL, OPT_CLAIMS },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* A claim's span in the article, as of its latest correction. */
struct span {
	uint64_t seq;
	unsigned char id[CL_HASH_BYTES];
	uint64_t off, len;
	int has; /* offset and length known */
};

struct spans {
	char want[96];        /* "\"document\":\"<hex>\"" */
	struct span *s;
	size_t n, cap;
	cl_error *err;
};

static int spans_add(struct spans *sp, uint64_t seq, const unsigned char id[CL_HASH_BYTES],
		     const json_t *body)
{
	struct span *x;

	if ((x = cl_grow(sp->s, &sp->cap, sp->n, sizeof *x, 16)) == NULL)
		return cl_error_set(sp->err, CL_ENOMEM, "out of memory");
	sp->s = x;
	x = &sp->s[sp->n++];
	memset(x, 0, sizeof *x);
	x->seq = seq;
	memcpy(x->id, id, CL_HASH_BYTES);
	if (json_object_get(body, "offset") && json_object_get(body, "length")) {
		x->off = (uint64_t)json_integer_value(json_object_get(body, "offset"));
		x->len = (uint64_t)json_integer_value(json_object_get(body, "length"));
		x->has = 1;
	}
	return CL_OK;
}

/* A correction moving the span of a claim seen. */
static void spans_correct(struct spans *sp, const json_t *body)
{
	const char *target = json_string_value(json_object_get(body, "target"));
	unsigned char id[CL_HASH_BYTES];
	size_t i;

	if (target == NULL || !json_object_get(body, "offset") ||
	    cl_hex_decode(id, CL_HASH_BYTES, target, strlen(target)) != CL_OK)
		return;
	for (i = 0; i < sp->n; i++) {
		if (memcmp(sp->s[i].id, id, CL_HASH_BYTES) != 0)
			continue;
		sp->s[i].off = (uint64_t)json_integer_value(json_object_get(body, "offset"));
		sp->s[i].len = (uint64_t)json_integer_value(json_object_get(body, "length"));
		sp->s[i].has = 1;
	}
}

/* Each record: only bodies naming the article, or corrections, are parsed. */
static int spans_record(void *ctx, const cl_record *r)
{
	struct spans *sp = ctx;
	int cites = memmem(r->body, r->body_len, sp->want, strlen(sp->want)) != NULL;
	int corr = sp->n > 0 &&
		memmem(r->body, r->body_len, "\"type\":\"correction\"", 19) != NULL;
	const char *type;
	json_t *b;
	int rc = CL_OK;

	if (!cites && !corr)
		return CL_OK;
	if ((b = json_loadb(r->body, r->body_len, 0, NULL)) == NULL)
		return CL_OK; /* verify reports a body that does not parse */
	type = json_string_value(json_object_get(b, "type"));
	if (type && strcmp(type, "claim") == 0 && cites)
		rc = spans_add(sp, r->seq, r->id, b);
	else if (type && strcmp(type, "correction") == 0)
		spans_correct(sp, b);
	json_decref(b);
	return rc;
}

/* Write doc[from..to) raw, or safely on a terminal (newlines kept). */
static void put_text(FILE *f, const char *doc, size_t from, size_t to, int tty)
{
	size_t i, j;
	char *part;

	if (!tty) {
		fwrite(doc + from, 1, to - from, f);
		return;
	}
	for (i = from; i < to; i = j) {
		for (j = i; j < to && doc[j] != '\n' && doc[j] != '\0'; j++)
			;
		if (j > i) {
			part = cli_format("%.*s", (int)(j - i), doc + i);
			cli_print_safe(f, part);
			free(part);
		}
		if (j < to) {
			fputs(doc[j] == '\n' ? "\n" : "<U+0000>", f);
			j++;
		}
	}
}

/* The marks at byte `at`: ends first, then starts (a span that ends where
 * another starts reads "|3]][[4|"). */
static void put_marks(FILE *f, const struct spans *sp, size_t at, size_t len)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		if (sp->s[i].has && sp->s[i].off + sp->s[i].len == at && sp->s[i].off <= len &&
		    sp->s[i].len <= len - sp->s[i].off)
			fprintf(f, "|%" PRIu64 "]]", sp->s[i].seq);
	for (i = 0; i < sp->n; i++)
		if (sp->s[i].has && sp->s[i].off == at && sp->s[i].len <= len - at)
			fprintf(f, "[[%" PRIu64 "|", sp->s[i].seq);
}

int cmd_article(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	struct spans sp = { .err = NULL };
	unsigned char id[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1], *doc = NULL;
	size_t len = 0, at, next, i;
	int c, rc, claims = 0, tty;
	cl_error err = { 0 };
	cl_ledger *l;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_CLAIMS)
			claims = 1;
		else
			cli_common_opt(c, argv, &o);
	}
	if (optind >= argc)
		cli_usage("missing the article's ID (8 or more hex digits of its SHA-256)");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);

	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	sp.err = &err;
	rc = cl_ledger_find_document(l, argv[optind], id, &err);
	if (rc == CL_OK)
		rc = cl_ledger_get_document(l, id, &doc, &len, &err);
	/* What is printed is what the claims pin, or nothing. */
	if (rc == CL_OK) {
		unsigned char h[CL_HASH_BYTES];
		cl_sha256(h, doc, len);
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		if (!cl_memeq(h, id, CL_HASH_BYTES))
			rc = cl_error_set(&err, CL_EINTEGRITY, "archived article %.16s... "
					  "does not hash to its id; run 'claimledger "
					  "verify'", hex);
	}
	if (rc == CL_OK && claims) {
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		snprintf(sp.want, sizeof sp.want, "\"document\":\"%s\"", hex);
		rc = cl_ledger_scan(l, 0, UINT64_MAX, spans_record, &sp, &err);
	}
	cl_ledger_close(l);
	if (rc != CL_OK) {
		free(sp.s);
		free(doc);
		cli_fail("article", &err);
	}
	tty = isatty(STDOUT_FILENO);
	/* A span past the article's end (verify reports it) is not marked. */
	for (i = 0; i < sp.n; i++)
		if (!sp.s[i].has || sp.s[i].off > len || sp.s[i].len > len - sp.s[i].off)
			sp.s[i].has = 0;
	for (at = 0; at < len || (claims && at == len); at = next) {
		if (claims)
			put_marks(stdout, &sp, at, len);
		if (at == len)
			break;
		/* Up to the next byte where a mark goes. */
		next = len;
		for (i = 0; claims && i < sp.n; i++) {
			if (!sp.s[i].has)
				continue;
			if (sp.s[i].off > at && sp.s[i].off < next)
				next = (size_t)sp.s[i].off;
			if (sp.s[i].off + sp.s[i].len > at && sp.s[i].off + sp.s[i].len < next)
				next = (size_t)(sp.s[i].off + sp.s[i].len);
		}
		put_text(stdout, doc, at, next, tty);
	}
	free(sp.s);
	free(doc);
	return cli_finish_stdout(EXIT_OK);
}
