/*
 * cmd_show.c: `claimledger show ID [--json]`: one record and its history.
 * ID is a record reference (cl_ledger_resolve): a seq, seq:N, or at least
 * 8 hex digits of a record id.
 *
 * Human output, in reading order, "name: value" lines word-wrapped to the
 * terminal's width, else $COLUMNS, else 80, or --columns N (continuation
 * lines indented by two spaces; a URL is never broken):
 *   - a heading ("claim 3 (corrected)", "verdict 18", "editor 1");
 *   - a claim in its current view (ledger/facts.h): text, speaker, kind,
 *     date, source, each corrected member followed by "  recorded: OLD"
 *     ("(none)" for one the claim did not record); "article:" (the span's
 *     bytes and the archived article's hash) and "  sentence:", the
 *     sentence around the span read from the archived article (the span
 *     underlined on a terminal), or "context:" for a claim without an
 *     article; "verdict:" (the current one, its seq and day) and
 *     "corrected:" (the latest correction's seq and day);
 *   - a verdict: its rating, "on:" the claim by seq, speaker and text, its
 *     note and evidence; a correction: "of:" its record the same way, its
 *     reason and the values it sets; any other record: its members;
 *   - "history:": every verdict and correction pointing at the record, in
 *     seq order (the reference index, cl_ledger_refs): "seq N  DAY  TYPE by
 *     EDITOR", then rating, note and evidence, or reason and the changes
 *     made ("speaker: OLD -> NEW", OLD "(none)" when there was none);
 *   - "record:", last: seq, id, type, time, signer (with the editor's
 *     name), the members that are hashes (document, claim, target), prev
 *     and sig.
 * Colour (headings, ratings, the span) on a terminal only (cli_colour).
 *
 * --json: one line, the record in the export's shape with derived members
 * between "body" and "sig" (never inside body):
 *   {"id":…,"body":{…},"history":[…],["current":{…},]"signed_by":{"name":…},
 *    "sig":…}
 * "history" holds the entries of cl_fact_apply (claims) or of the
 * corrections (other records), each with "signer_name" added; "current"
 * (claims only) is cl_fact_current_json; "signed_by" names the editor who
 * signed the record.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/format.h"
#include "base/text.h"
#include "ledger/facts.h"

enum { OPT_COLUMNS = OPT_FIRST_OWN };

static const struct option options[] = {
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Members of the record section, first and last; the reading part shows
 * the rest (for a claim, the ones in `reading`). */
static const char *const head[] = { "seq", "type", "time", "signer" };
static const char *const tail[] = { "v", "prev" };
static const char *const reading[] = { "text", "speaker", "kind", "date",
				       "source", "offset", "length", "context" };

#define SENTENCE_MAX 600 /* bytes looked at either side of a span */

struct show {
	cl_ledger *l;
	char id[CL_ID_HEX + 1];
	cl_editor *eds;
	size_t neds;
	json_t *history; /* for records other than claims */
	size_t width;    /* of a line */
	cl_error *err;
};

static const char *str(const json_t *o, const char *name)
{
	const char *v = json_string_value(json_object_get(o, name));

	return v ? v : "";
}

/* The name of the editor whose key is `b64`, or NULL. */
static const char *signer_name(const struct show *s, const char *b64)
{
	char k[64];
	size_t i;

	for (i = 0; b64 && i < s->neds; i++) {
		cl_b64_encode(k, s->eds[i].pk, sizeof s->eds[i].pk);
		if (strcmp(k, b64) == 0)
			return s->eds[i].name;
	}
	return NULL;
}

/* Width of the word at `p` (up to a space, a newline or the end) as
 * printed (cli_safe_char), and its length in *len. */
static size_t word_width(const char *p, size_t *len)
{
	char form[CLI_SAFE_MAX];
	size_t w = 0, cw, n = 0;

	while (p[n] && p[n] != ' ' && p[n] != '\n') {
		n += cli_safe_char(p + n, form, &cw);
		w += cw;
	}
	*len = n;
	return w;
}

/* A URL is never broken across lines: a terminal that wraps it keeps
 * it one word for copying and clicking. */
static int unbreakable(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i + 3 <= len; i++)
		if (memcmp(word + i, "://", 3) == 0)
			return 1;
	return 0;
}

/*
 * Print "<indent><label>: <value>" word-wrapped to the line width;
 * continuation lines are indented by `indent` + 2 spaces.  A newline in
 * the value starts a continuation line; a word wider than a line is cut,
 * unless it is a URL: that stays whole on the line it starts on, past the
 * width if need be, so that it can be copied and clicked.  Every
 * other character is printed in its safe form (cli_safe_char: the label
 * and the value may be anyone's text), never cut inside an escape.  The
 * bytes [hl_from, hl_to) of the value are underlined when colour is on.
 */
static void wrap_hl(const struct show *s, size_t indent, const char *label,
		    const char *value, size_t hl_from, size_t hl_to)
{
	char form[CLI_SAFE_MAX];
	size_t col, cont = indent + 2, w, len, cw, n, W = s->width;
	const char *p = value;
	int whole, fresh = 0; /* fresh: at the start of a continuation line */

	printf("%*s", (int)indent, "");
	cli_print_safe(stdout, label);
	putchar(':');
	col = indent + cli_width(label) + 1;
	while (*p) {
		if (*p == '\n') {
			printf("\n%*s", (int)cont, "");
			col = cont;
			fresh = 1;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		w = word_width(p, &len);
		whole = unbreakable(p, len);
		if (col + 1 + w > W && col > cont && w <= W - cont) {
			printf("\n%*s", (int)cont, "");
			col = cont;
		} else if (!fresh) {
			putchar(' ');
			col++;
		}
		fresh = 0;
		while (len > 0) {
			n = cli_safe_char(p, form, &cw);
			if (!whole && col + cw > W && col > cont) {
				printf("\n%*s", (int)cont, "");
				col = cont;
			}
			if (hl_to > hl_from && (size_t)(p - value) == hl_from)
				cli_sgr(stdout, CLI_SGR_UNDERLINE);
			fputs(form, stdout);
			col += cw;
			p += n;
			len -= n;
			if (hl_to > hl_from && (size_t)(p - value) == hl_to)
				cli_sgr(stdout, CLI_SGR_RESET);
		}
	}
	putchar('\n');
}

static void wrap(const struct show *s, size_t indent, const char *label,
		 const char *value)
{
	wrap_hl(s, indent, label, value, 0, 0);
}

/* A line in colour `sgr` (when colour is on). */
static void wrap_sgr(const struct show *s, const char *sgr, const char *label,
		     const char *value)
{
	cli_sgr(stdout, sgr);
	wrap(s, 0, label, value);
	cli_sgr(stdout, sgr ? CLI_SGR_RESET : NULL);
}

/* A JSON value as text: strings as they are, the rest compact JSON
 * (malloc'd; the caller frees it). */
static char *value_text(const json_t *v)
{
	char *s = json_is_string(v) ? strdup(json_string_value(v))
				    : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (s == NULL)
		cli_die(EXIT_IO, "show: out of memory");
	return s;
}

static void print_member(const struct show *s, size_t indent, const char *name,
			 const json_t *v)
{
	char *text = value_text(v), *line;
	const char *who;

	if (strcmp(name, "signer") == 0 && (who = signer_name(s, text)) != NULL) {
		line = cli_format("%s (%s)", text, who);
		free(text);
		text = line;
	}
	wrap(s, indent, name, text);
	free(text);
}

static int listed(const char *name, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

#define LISTED(name, a) listed(name, a, sizeof a / sizeof a[0])

/* "2021-11-23" of a record time "2021-11-23T00:00:00Z". */
static char *day(const char *time)
{
	return cli_format("%.10s", time ? time : "");
}

/* `text` cut at a word to about one line (with "…"), malloc'd. */
static char *one_line(const struct show *s, const char *text, size_t used)
{
	size_t cols, room = s->width > used + 20 ? s->width - used : 20;
	size_t end = cli_cell_cut(text, room, &cols);

	return cli_format("%.*s%s", (int)end, text, text[end] ? "\xe2\x80\xa6" : "");
}

/* How a record pointing at `hex` names it: "claim 3 (Ana Ruiz: "…")" for
 * a claim in its current view, "verdict 18" for another record, the
 * first 16 hex digits when it cannot be read.  malloc'd. */
static char *target_text(const struct show *s, const char *hex)
{
	cl_error err = { 0 };
	cl_record r = { 0 };
	cl_fact f = { 0 };
	json_t *body = NULL;
	uint64_t seq;
	char *text, *out;

	if (cl_ledger_resolve(s->l, hex, &seq, &err) != CL_OK ||
	    cl_ledger_get(s->l, seq, &r, &err) != CL_OK)
		return cli_format("%.16s", hex);
	body = xrecord_body(&r);
	if (strcmp(str(body, "type"), "claim") == 0 &&
	    cl_fact_load_parsed(s->l, &r, body, 0, &f, &err) == CL_OK) {
		text = one_line(s, cl_fact_str(&f, "text"),
				20 + cli_width(cl_fact_str(&f, "speaker")));
		out = cli_format("claim %llu (%s: \"%s\")", (unsigned long long)seq,
				 cl_fact_str(&f, "speaker"), text);
		free(text);
	} else {
		out = cli_format("%s %llu", str(body, "type"), (unsigned long long)seq);
	}
	cl_fact_free(&f);
	json_decref(body);
	cl_record_release(&r);
	return out;
}

/* ---- the article span ---------------------------------------------------- */

/* "article:" (the span's bytes and the article's hash) and the sentence
 * around the span from the archived article, the span underlined. */
static void print_article(const struct show *s, const json_t *cur)
{
	unsigned char doc_id[CL_HASH_BYTES];
	const char *hex = str(cur, "document");
	json_t *jo = json_object_get(cur, "offset"), *jl = json_object_get(cur, "length");
	cl_error err = { 0 };
	char *doc = NULL, *line, *sent;
	size_t len = 0, a, b, i, off, n;
	int got;

	if (*hex == '\0') {
		if (*str(cur, "context"))
			wrap(s, 0, "context", str(cur, "context"));
		return;
	}
	got = strlen(hex) == 2 * CL_HASH_BYTES &&
	      cl_hex_decode(doc_id, CL_HASH_BYTES, hex, strlen(hex)) == 0 &&
	      cl_ledger_get_document(s->l, doc_id, &doc, &len, &err) == CL_OK;
	if (!json_is_integer(jo) || !json_is_integer(jl)) {
		line = cli_format("%.16s (no span recorded)", hex);
		wrap(s, 0, "article", line);
		free(line);
		if (*str(cur, "context"))
			wrap(s, 2, "context", str(cur, "context"));
		free(doc);
		return;
	}
	off = (size_t)json_integer_value(jo);
	n = (size_t)json_integer_value(jl);
	line = cli_format("bytes %zu to %zu of %.16s", off, off + n, hex);
	wrap(s, 0, "article", line);
	free(line);
	if (!got || off > len || n > len - off) {
		wrap(s, 2, "sentence", got ? "(the span lies outside the article)"
				       : "(the article is not archived in this ledger)");
		/* The extractor's copy of the sentence, when there is one. */
		if (*str(cur, "context"))
			wrap(s, 2, "context", str(cur, "context"));
		free(doc);
		return;
	}
	cl_text_sentence_around(doc, len, off, n, SENTENCE_MAX, &a, &b);
	/* One paragraph: the article's line breaks are white space here. */
	sent = cli_format("%.*s", (int)(b - a), doc + a);
	for (i = 0; sent[i]; i++)
		if (sent[i] == '\n' || sent[i] == '\r' || sent[i] == '\t')
			sent[i] = ' ';
	wrap_hl(s, 2, "sentence", sent, off - a, off - a + n);
	free(sent);
	free(doc);
}

/* ---- the parts of the page ----------------------------------------------- */

/* A heading line, bold on a terminal; the text is safe-printed (a type
 * name comes from the record). */
static void heading(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void heading(const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = cl_vformat(fmt, ap);
	va_end(ap);
	if (line == NULL)
		cli_die(EXIT_IO, "show: out of memory");
	cli_sgr(stdout, CLI_SGR_BOLD);
	cli_print_safe(stdout, line);
	cli_sgr(stdout, CLI_SGR_RESET);
	putchar('\n');
	free(line);
}

/* "verdict: False (1 of 5), seq 18, 2021-11-23" and "corrected: seq 22,
 * 2021-11-23" of a claim's view. */
static void print_status(const struct show *s, const cl_fact *f)
{
	const json_t *e;
	const char *vday = "", *cday = "";
	char *line;
	size_t i;

	json_array_foreach(f->history, i, e) {
		if ((uint64_t)json_integer_value(json_object_get(e, "seq")) == f->verdict_seq)
			vday = str(e, "time");
		if ((uint64_t)json_integer_value(json_object_get(e, "seq")) == f->corrected_seq)
			cday = str(e, "time");
	}
	if (f->rating) {
		if (f->rating->value)
			line = cli_format("%s (%d of %d), seq %llu, %.10s", f->rating->label,
					  f->rating->value, CL_RATING_BEST,
					  (unsigned long long)f->verdict_seq, vday);
		else
			line = cli_format("%s, seq %llu, %.10s", f->rating->label,
					  (unsigned long long)f->verdict_seq, vday);
		wrap_sgr(s, cli_rating_sgr(f->rating->name), "verdict", line);
		free(line);
	} else {
		wrap(s, 0, "verdict", "none");
	}
	if (f->ncorrections) {
		line = cli_format("seq %llu, %.10s", (unsigned long long)f->corrected_seq, cday);
		wrap(s, 0, "corrected", line);
		free(line);
	}
}

/* A claim, in reading order: what was said, by whom, how, when, where,
 * the words in their article; each corrected member with its recorded
 * value under it. */
static void print_claim(const struct show *s, const cl_record *r,
			const json_t *body, const cl_fact *f)
{
	static const char *const order[] = { "text", "speaker", "kind", "date", "source" };
	const json_t *v, *cur;
	size_t i;

	heading("claim %llu%s", (unsigned long long)r->seq,
		f->ncorrections ? " (corrected)" : "");
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		v = json_object_get(body, order[i]);
		cur = json_object_get(f->current, order[i]);
		if (cur == NULL)
			continue;
		print_member(s, 0, order[i], cur);
		if (v == NULL)
			wrap(s, 2, "recorded", "(none)");
		else if (!json_equal(cur, v))
			print_member(s, 2, "recorded", v);
	}
	print_article(s, f->current);
	print_status(s, f);
}

/* A verdict: its rating, the claim it is on (seq, speaker, text), its
 * note and evidence. */
static void print_verdict(const struct show *s, const cl_record *r, const json_t *body)
{
	const cl_rating *rt = cl_rating_find(str(body, "rating"));
	const char *sgr = cli_rating_sgr(str(body, "rating"));
	const json_t *ev = json_object_get(body, "evidence");
	char *on;
	size_t i;

	heading("verdict %llu", (unsigned long long)r->seq);
	on = rt && rt->value ? cli_format("%s (%s, %d of %d)", rt->name, rt->label,
					  rt->value, CL_RATING_BEST)
			     : cli_format("%s", str(body, "rating"));
	wrap_sgr(s, sgr, "rating", on);
	free(on);
	on = target_text(s, str(body, "claim"));
	wrap(s, 0, "on", on);
	free(on);
	if (json_object_get(body, "note"))
		wrap(s, 0, "note", str(body, "note"));
	for (i = 0; i < json_array_size(ev); i++)
		print_member(s, 0, "evidence", json_array_get(ev, i));
	if (json_object_get(body, "url"))
		wrap(s, 0, "url", str(body, "url"));
}

/* A correction: what it corrects (seq, and for a claim its speaker and
 * text), why, and the values it sets. */
static void print_correction(const struct show *s, const cl_record *r,
			     const json_t *body)
{
	const char *name;
	const json_t *v;
	char *of;

	heading("correction %llu", (unsigned long long)r->seq);
	of = target_text(s, str(body, "target"));
	wrap(s, 0, "of", of);
	free(of);
	wrap(s, 0, "reason", str(body, "reason"));
	json_object_foreach((json_t *)body, name, v)
		if (LISTED(name, reading))
			print_member(s, 0, name, v);
}

/* Any other record: its members, but the ones of the record section. */
static void print_other(const struct show *s, const cl_record *r, const json_t *body)
{
	const char *name;
	const json_t *v;

	heading("%s %llu", str(body, "type"), (unsigned long long)r->seq);
	json_object_foreach((json_t *)body, name, v)
		if (!LISTED(name, head) && !LISTED(name, tail))
			print_member(s, 0, name, v);
}

/* Whether the reading part of the page already showed this member. */
static int shown_above(const char *type, const char *name)
{
	if (strcmp(type, "claim") == 0)
		return LISTED(name, reading);
	if (strcmp(type, "verdict") == 0)
		return strcmp(name, "rating") == 0 || strcmp(name, "note") == 0 ||
		       strcmp(name, "evidence") == 0 || strcmp(name, "url") == 0;
	if (strcmp(type, "correction") == 0)
		return strcmp(name, "reason") == 0 || LISTED(name, reading);
	return 1;
}

/* The record section, last: seq, id, type, time, signer, the members
 * that are hashes and keys (a claim's document, a verdict's claim, a
 * correction's target), prev and sig. */
static void print_hashes(const struct show *s, const cl_record *r, const json_t *body)
{
	const char *type = str(body, "type"), *name;
	const json_t *v;
	char sig[128];
	size_t i;

	putchar('\n');
	heading("record:");
	printf("seq: %llu\nid: %s\n", (unsigned long long)r->seq, s->id);
	for (i = 1; i < sizeof head / sizeof head[0]; i++)
		if ((v = json_object_get(body, head[i])) != NULL)
			print_member(s, 0, head[i], v);
	json_object_foreach((json_t *)body, name, v)
		if (!LISTED(name, head) && !LISTED(name, tail) && !shown_above(type, name))
			print_member(s, 0, name, v);
	if ((v = json_object_get(body, "prev")) != NULL)
		print_member(s, 0, "prev", v);
	cl_b64_encode(sig, r->sig, sizeof r->sig);
	wrap(s, 0, "sig", sig);
}

/* One history entry: "seq N  DAY  TYPE by EDITOR", then its members
 * indented (a verdict's rating, note, evidence; a correction's reason
 * and one "MEMBER: OLD -> NEW" line per value it changed). */
static void print_entry(const struct show *s, const json_t *e)
{
	const char *type = str(e, "type");
	const char *who = signer_name(s, json_string_value(json_object_get(e, "signer")));
	const json_t *v, *ch;
	const char *name;
	char *from, *to, *line;
	size_t i;

	printf("seq %lld  ", (long long)json_integer_value(json_object_get(e, "seq")));
	line = day(str(e, "time"));
	cli_print_safe(stdout, line);
	free(line);
	fputs("  ", stdout);
	cli_print_safe(stdout, type);
	fputs(" by ", stdout);
	cli_print_safe(stdout, who ? who : "an unknown key");
	putchar('\n');
	if ((v = json_object_get(e, "rating")) != NULL) {
		const cl_rating *rt = cl_rating_find(json_string_value(v));
		line = rt && rt->value ? cli_format("%s (%s, %d of %d)", rt->name, rt->label,
						    rt->value, CL_RATING_BEST)
				       : cli_format("%s", str(e, "rating"));
		cli_sgr(stdout, cli_rating_sgr(rt ? rt->name : NULL));
		wrap(s, 2, "rating", line);
		cli_sgr(stdout, rt ? CLI_SGR_RESET : NULL);
		free(line);
	}
	if ((v = json_object_get(e, "note")) != NULL)
		print_member(s, 2, "note", v);
	v = json_object_get(e, "evidence");
	for (i = 0; i < json_array_size(v); i++)
		print_member(s, 2, "evidence", json_array_get(v, i));
	if ((v = json_object_get(e, "reason")) != NULL)
		print_member(s, 2, "reason", v);
	json_object_foreach((json_t *)json_object_get(e, "changes"), name, ch) {
		from = json_is_null(json_object_get(ch, "from"))
			       ? cli_format("(none)") : value_text(json_object_get(ch, "from"));
		to = value_text(json_object_get(ch, "to"));
		line = cli_format("%s -> %s", from, to);
		wrap(s, 2, name, line);
		free(line);
		free(from);
		free(to);
	}
}

/* The human page: the record in reading order, its history, its hashes. */
static void print_page(const struct show *s, const cl_record *r, const json_t *body,
		       const cl_fact *f, const json_t *history)
{
	const char *type = str(body, "type");
	size_t i;

	if (f)
		print_claim(s, r, body, f);
	else if (strcmp(type, "verdict") == 0)
		print_verdict(s, r, body);
	else if (strcmp(type, "correction") == 0)
		print_correction(s, r, body);
	else
		print_other(s, r, body);
	if (json_array_size(history) > 0) {
		putchar('\n');
		heading("history:");
	}
	for (i = 0; i < json_array_size(history); i++)
		print_entry(s, json_array_get(history, i));
	print_hashes(s, r, body);
}

/* A correction pointing at a record that is not a claim. */
static int related_one(void *ctx, const cl_record *r)
{
	struct show *s = ctx;
	json_t *body = xrecord_body(r), *e;
	const char *type = json_string_value(json_object_get(body, "type"));
	char id[CL_ID_HEX + 1];

	cli_id_hex(id, r->id);
	e = json_pack("{s:I,s:s,s:s,s:s?,s:s?}", "seq", (json_int_t)r->seq,
		      "id", id, "type", type ? type : "",
		      "time", json_string_value(json_object_get(body, "time")),
		      "signer", json_string_value(json_object_get(body, "signer")));
	if (e == NULL || (json_object_get(body, "reason") &&
			  json_object_set(e, "reason", json_object_get(body, "reason"))) ||
	    /* A verdict's correction: the rating and note it gives. */
	    (json_object_get(body, "rating") &&
	     json_object_set(e, "rating", json_object_get(body, "rating"))) ||
	    (json_object_get(body, "note") &&
	     json_object_set(e, "note", json_object_get(body, "note"))) ||
	    json_array_append_new(s->history, e) != 0)
		cli_die(EXIT_IO, "show: out of memory");
	json_decref(body);
	return 0;
}

/* Add "signer_name" to each history entry (for --json). */
static void name_signers(const struct show *s, json_t *history)
{
	const char *who;
	json_t *e;
	size_t i;

	json_array_foreach(history, i, e) {
		who = signer_name(s, json_string_value(json_object_get(e, "signer")));
		if (who && json_object_set_new(e, "signer_name", json_string(who)) != 0)
			cli_die(EXIT_IO, "show: out of memory");
	}
}

static void print_json(const struct show *s, const cl_record *r,
		       const json_t *body, const cl_fact *f, json_t *history)
{
	char sig[128];
	const char *who = signer_name(s, json_string_value(json_object_get(body, "signer")));
	json_t *cur = f ? cl_fact_current_json(f) : NULL, *by;

	if (f && cur == NULL)
		cli_die(EXIT_IO, "show: out of memory");
	name_signers(s, history);
	cl_b64_encode(sig, r->sig, CL_SIG_BYTES);
	printf("{\"id\":\"%s\",\"body\":", s->id);
	cli_json_write(stdout, r->body, r->body_len);
	fputs(",\"history\":", stdout);
	cli_json_dump(stdout, history, JSON_COMPACT);
	if (cur) {
		fputs(",\"current\":", stdout);
		cli_json_dump(stdout, cur, JSON_COMPACT);
	}
	if ((by = who ? json_pack("{s:s}", "name", who) : json_object()) == NULL)
		cli_die(EXIT_IO, "show: out of memory");
	fputs(",\"signed_by\":", stdout);
	cli_json_dump(stdout, by, JSON_COMPACT);
	json_decref(by);
	printf(",\"sig\":\"%s\"}\n", sig);
	json_decref(cur);
}

int cmd_show(int argc, char **argv)
{
	struct show s = { 0 };
	struct cli_opts o = { 0 };
	cl_record r = { 0 };
	cl_error err = { 0 };
	cl_fact f = { 0 };
	json_t *body = NULL, *history;
	const char *type;
	cl_ledger *l;
	uint64_t seq;
	int c, rc, claim = 0;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		if (c == OPT_COLUMNS)
			s.width = cli_parse_columns(optarg);
		else
			cli_common_opt(c, argv, &o);
	}
	if (s.width == 0)
		s.width = cli_term_width();
	if (optind >= argc)
		cli_usage("missing the record ID");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);

	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	s.l = l;
	s.err = &err;
	if ((rc = cl_ledger_resolve(l, argv[optind], &seq, &err)) != CL_OK) {
		/* An article's hash is no record's id: say how to read it. */
		unsigned char did[CL_HASH_BYTES];
		if (rc == CL_ENOTFOUND &&
		    cl_ledger_find_document(l, argv[optind], did, NULL) == CL_OK)
			cl_error_set(&err, CL_ENOTFOUND, "%s is an archived article: use "
				     "'claimledger article %s'", argv[optind], argv[optind]);
		goto out;
	}
	if ((rc = cl_ledger_get(l, seq, &r, &err)) != CL_OK)
		goto out;
	if ((rc = cl_ledger_editors(l, &s.eds, &s.neds, &err)) != CL_OK)
		goto out;
	cli_id_hex(s.id, r.id);
	body = xrecord_body(&r);
	type = json_string_value(json_object_get(body, "type"));
	claim = type && strcmp(type, "claim") == 0;
	if (claim) {
		if ((rc = cl_fact_load(l, &r, CL_FACT_HISTORY, &f, &err)) != CL_OK)
			goto out;
		history = f.history;
	} else {
		if ((s.history = json_array()) == NULL)
			cli_die(EXIT_IO, "show: out of memory");
		if ((rc = cl_ledger_refs(l, r.id, related_one, &s, &err)) != CL_OK)
			goto out;
		history = s.history;
	}
	if (o.json) {
		print_json(&s, &r, body, claim ? &f : NULL, history);
	} else {
		print_page(&s, &r, body, claim ? &f : NULL, history);
	}
out:
	json_decref(body);
	json_decref(s.history);
	cl_fact_free(&f);
	cl_record_release(&r);
	free(s.eds);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("show", &err);
	return cli_finish_stdout(EXIT_OK);
}
