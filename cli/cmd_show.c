/*
 * cmd_show.c: `claimledger show ID [--json]`: one record and its history.
 * ID is a record reference (cl_ledger_resolve): a seq, seq:N, or at least
 * 8 hex digits of a record id.
 *
 * Human output, "name: value" lines wrapped to 80 columns (continuation
 * lines indented by two spaces):
 *   - seq, id, type, time, signer (with the editor's name), then the other
 *     members, prev and sig;
 *   - for a claim, its current view (ledger/facts.h): each corrected member
 *     shows its current value followed by a "  recorded: OLD" line ("(none)"
 *     for a kind or span the claim did not record), then
 *     "verdict:" (the current one) and "corrected:" (the latest correction,
 *     seq and id);
 *   - "history:": every verdict and correction pointing at the record, in
 *     seq order (the reference index, cl_ledger_refs), with seq, time, type,
 *     the signer's name, then rating, note and evidence, or reason and the
 *     changes made ("speaker: OLD -> NEW", OLD "(none)" when there was none).
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
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ledger/facts.h"

#define WIDTH 80

static const struct option options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Members printed first, in this order; the rest follow in body order,
 * then prev and sig. */
static const char *const head[] = { "type", "time", "signer" };
static const char *const tail[] = { "v", "seq", "prev" };

struct show {
	cl_ledger *l;
	char id[CL_ID_HEX + 1];
	cl_editor *eds;
	size_t neds;
	json_t *history; /* for records other than claims */
	cl_error *err;
};

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

/*
 * Print "<indent><label>: <value>" word-wrapped to WIDTH columns;
 * continuation lines are indented by `indent` + 2 spaces.  A newline in the
 * value starts a continuation line; a word wider than a line is cut.  Every
 * other character is printed in its safe form (cli_safe_char: the label and
 * the value may be anyone's text), never cut inside an escape.
 */
static void wrap(size_t indent, const char *label, const char *value)
{
	char form[CLI_SAFE_MAX];
	size_t col, cont = indent + 2, w, len, cw, n;
	const char *p = value;

	printf("%*s", (int)indent, "");
	cli_print_safe(stdout, label);
	putchar(':');
	col = indent + cli_width(label) + 1;
	while (*p) {
		if (*p == '\n') {
			printf("\n%*s", (int)cont, "");
			col = cont;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		w = word_width(p, &len);
		if (col + 1 + w > WIDTH && col > cont && w <= WIDTH - cont) {
			printf("\n%*s", (int)cont, "");
			col = cont;
		} else {
			putchar(' ');
			col++;
		}
		while (len > 0) {
			n = cli_safe_char(p, form, &cw);
			if (col + cw > WIDTH && col > cont) {
				printf("\n%*s", (int)cont, "");
				col = cont;
			}
			fputs(form, stdout);
			col += cw;
			p += n;
			len -= n;
		}
	}
	putchar('\n');
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
	size_t n;

	if (strcmp(name, "signer") == 0 && (who = signer_name(s, text)) != NULL) {
		n = strlen(text) + strlen(who) + 4;
		if ((line = malloc(n)) == NULL)
			cli_die(EXIT_IO, "show: out of memory");
		snprintf(line, n, "%s (%s)", text, who);
		free(text);
		text = line;
	}
	wrap(indent, name, text);
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

/* The record's members; for a claim, its current values and what they
 * were when recorded. */
static void print_record(const struct show *s, const cl_record *r,
			 const json_t *body, const cl_fact *f)
{
	char sig[128], line[160];
	const char *name;
	json_t *v, *cur;
	size_t i;

	cl_b64_encode(sig, r->sig, sizeof r->sig);
	printf("seq: %llu\nid: %s\n", (unsigned long long)r->seq, s->id);
	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		if ((v = json_object_get(body, head[i])) != NULL)
			print_member(s, 0, head[i], v);
	json_object_foreach((json_t *)body, name, v) {
		if (listed(name, head, sizeof head / sizeof head[0]) ||
		    listed(name, tail, sizeof tail / sizeof tail[0]))
			continue;
		cur = f ? json_object_get(f->current, name) : NULL;
		if (cur != NULL && !json_equal(cur, v)) {
			print_member(s, 0, name, cur);
			print_member(s, 2, "recorded", v);
		} else {
			print_member(s, 0, name, v);
		}
	}
	/* A member the claim did not record that a correction gave it
	 * (a kind, a span). */
	if (f != NULL) {
		json_object_foreach(f->current, name, cur) {
			if (json_object_get(body, name) != NULL)
				continue;
			print_member(s, 0, name, cur);
			wrap(2, "recorded", "(none)");
		}
	}
	if ((v = json_object_get(body, "prev")) != NULL)
		print_member(s, 0, "prev", v);
	wrap(0, "sig", sig);
	if (f == NULL)
		return;
	if (f->rating) {
		if (f->rating->value)
			snprintf(line, sizeof line, "%s (%d of %d), seq %llu id %.16s",
				 f->rating->label, f->rating->value, CL_RATING_BEST,
				 (unsigned long long)f->verdict_seq, f->verdict_id);
		else
			snprintf(line, sizeof line, "%s, seq %llu id %.16s",
				 f->rating->label, (unsigned long long)f->verdict_seq,
				 f->verdict_id);
		wrap(0, "verdict", line);
	} else {
		wrap(0, "verdict", "none");
	}
	if (f->ncorrections) {
		snprintf(line, sizeof line, "seq %llu id %.16s",
			 (unsigned long long)f->corrected_seq, f->corrected_by);
		wrap(0, "corrected", line);
	}
}

/* One history entry: a heading line, then its members indented. */
static void print_entry(const struct show *s, const json_t *e)
{
	const char *type = json_string_value(json_object_get(e, "type"));
	const char *who = signer_name(s, json_string_value(json_object_get(e, "signer")));
	const json_t *v, *ch;
	const char *name;
	char *from, *to, *line;
	size_t i, n;

	printf("seq %lld  ", (long long)json_integer_value(json_object_get(e, "seq")));
	cli_print_safe(stdout, json_string_value(json_object_get(e, "time")));
	fputs("  ", stdout);
	cli_print_safe(stdout, type);
	fputs(" by ", stdout);
	cli_print_safe(stdout, who ? who : "an unknown key");
	putchar('\n');
	printf("  id: %s\n", json_string_value(json_object_get(e, "id")));
	if ((v = json_object_get(e, "rating")) != NULL) {
		const cl_rating *rt = cl_rating_find(json_string_value(v));
		char buf[64];
		if (rt && rt->value)
			snprintf(buf, sizeof buf, "%s (%s, %d of %d)", rt->name,
				 rt->label, rt->value, CL_RATING_BEST);
		else
			snprintf(buf, sizeof buf, "%s", json_string_value(v));
		wrap(2, "rating", buf);
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
			       ? strdup("(none)") : value_text(json_object_get(ch, "from"));
		if (from == NULL)
			cli_die(EXIT_IO, "show: out of memory");
		to = value_text(json_object_get(ch, "to"));
		n = strlen(from) + strlen(to) + 5;
		if ((line = malloc(n)) == NULL)
			cli_die(EXIT_IO, "show: out of memory");
		snprintf(line, n, "%s -> %s", from, to);
		wrap(2, name, line);
		free(line);
		free(from);
		free(to);
	}
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
	size_t i;
	int c, rc, claim = 0;

	while ((c = cli_getopt(argc, argv, options)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind >= argc)
		cli_usage("missing the record ID");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);

	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	s.l = l;
	s.err = &err;
	if ((rc = cl_ledger_resolve(l, argv[optind], &seq, &err)) != CL_OK)
		goto out;
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
		print_record(&s, &r, body, claim ? &f : NULL);
		if (json_array_size(history) > 0)
			fputs("\nhistory:\n", stdout);
		for (i = 0; i < json_array_size(history); i++)
			print_entry(&s, json_array_get(history, i));
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
