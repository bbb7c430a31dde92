/*
 * extract_test.c: unit tests for extract/extract.h, one per pattern, and
 * the evaluation against the hand-written golden files in
 * $CLAIMLEDGER_FIXTURES/extract/ (default "fixtures").
 *
 * Evaluation rule: a found claim matches a golden one when the Dice
 * coefficient of their lowercase word multisets is >= 0.6 (quote marks
 * and punctuation ignored); matching is greedy, best pair first, one to
 * one.  A match is "attributed" when the speakers are equal after ASCII
 * lowercasing and dropping a leading "the".  Every article under
 * $CLAIMLEDGER_FIXTURES has been used to tune the rules (those whose
 * names still say "heldout" or "heldout2" were held out once and are
 * tuning data now; "heldout3" likewise),
 * so its scores are floors against regressions, not a measure of
 * accuracy.  A fresh held-out set (articles/ and extract/ in the same
 * layout) can be scored with CLAIMLEDGER_HELDOUT=DIR: it is reported
 * apart and has no floor.
 */
#include <dirent.h>
#include <strings.h>
#include <unistd.h>

#include "tests/testutil.h"
#include "extract/extract.h"

#include <jansson.h>

static const char *fixtures(void)
{
	const char *d = getenv("CLAIMLEDGER_FIXTURES");
	return d && d[0] ? d : "fixtures";
}

static cl_aliases *load_aliases(void)
{
	char path[4096];
	size_t n = 0;
	char *buf;
	cl_aliases *a = NULL;
	cl_error err = { 0, "" };

	snprintf(path, sizeof path, "%s/speakers.tsv", fixtures());
	buf = tu_slurp(path, &n);
	if (buf == NULL)
		fail_msg("cannot read %s", path);
	assert_cl_ok(cl_aliases_new(&a, &err), &err);
	assert_cl_ok(cl_aliases_load(a, buf, n, path, &err), &err);
	free(buf);
	return a;
}

static cl_extraction *run(const char *text, const cl_aliases *a)
{
	cl_extraction *x = NULL;
	cl_error err = { 0, "" };

	assert_cl_ok(cl_extract(text, strlen(text), a, &x, &err), &err);
	assert_non_null(x);
	return x;
}

/* The claim whose text contains `needle`, or fail. */
static const cl_claim *find(const cl_extraction *x, const char *needle)
{
	size_t i;

	for (i = 0; i < x->nclaims; i++)
		if (strstr(x->claims[i].text, needle) != NULL)
			return &x->claims[i];
	for (i = 0; i < x->nclaims; i++)
		fprintf(stderr, "  claim %zu: [%s] %s\n", i, x->claims[i].speaker,
			x->claims[i].text);
	fail_msg("no claim contains '%s'", needle);
	return NULL;
}

static int has(const cl_extraction *x, const char *needle)
{
	size_t i;

	for (i = 0; i < x->nclaims; i++)
		if (strstr(x->claims[i].text, needle) != NULL)
			return 1;
	return 0;
}

/* ---- headers and bad input ------------------------------------------ */

static void test_headers(void **state)
{
	const char *t = " date 2021-11-22 Posted: 22 Nov 2021 23:29 GMT\n"
			"url https://example.com/a\n"
			"title A title here\n"
			"publisher Example Wire\n\n"
			"Body text without claims.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_string_equal(x->date, "2021-11-22");
	assert_string_equal(x->url, "https://example.com/a");
	assert_string_equal(x->title, "A title here");
	assert_string_equal(x->publisher, "Example Wire");
	assert_int_equal(x->nclaims, 0);
	assert_true(x->body_offset > 0 && strncmp(t + x->body_offset, "\nBody", 5) == 0);
	cl_extraction_free(x);
}

static void test_empty_and_headers_only(void **state)
{
	cl_extraction *x = run("", NULL);

	(void)state;
	assert_int_equal(x->nclaims, 0);
	assert_null(x->date);
	cl_extraction_free(x);
	x = run("date 2020-01-02\nurl http://x.test/\n", NULL);
	assert_int_equal(x->nclaims, 0);
	assert_string_equal(x->date, "2020-01-02");
	cl_extraction_free(x);
	x = run("\n\n   \n", NULL);
	assert_int_equal(x->nclaims, 0);
	cl_extraction_free(x);
}

static void test_bad_input(void **state)
{
	cl_extraction *x = (cl_extraction *)1;
	cl_error err = { 0, "" };
	const char nul[] = "He said \"hello there my friend\".\0more";
	const char bad[] = "ok text \xc3\x28 here";
	const char overlong[] = "abc \xc0\xaf";
	const char surrogate[] = "ab \xed\xa0\x80";

	(void)state;
	assert_cl_err(cl_extract(nul, sizeof nul - 1, NULL, &x, &err), CL_EINPUT,
		      &err, "not UTF-8 text at byte 32");
	assert_null(x);
	assert_cl_err(cl_extract(bad, sizeof bad - 1, NULL, &x, &err), CL_EINPUT,
		      &err, "at byte 8");
	assert_cl_err(cl_extract(overlong, sizeof overlong - 1, NULL, &x, &err),
		      CL_EINPUT, &err, "at byte 4");
	assert_cl_err(cl_extract(surrogate, sizeof surrogate - 1, NULL, &x, &err),
		      CL_EINPUT, &err, "at byte 3");
	/* Truncated multi-byte character at the very end. */
	assert_cl_err(cl_extract("abc \xe2\x80", 6, NULL, &x, &err), CL_EINPUT,
		      &err, "at byte 4");
}

/* ---- aliases ------------------------------------------------------- */

static void test_aliases(void **state)
{
	cl_aliases *a = NULL;
	cl_error err = { 0, "" };
	const char *tsv = "# comment\n\nWashington\tUnited States government\r\n"
			  "  the State Department \t United States government\n";

	(void)state;
	assert_cl_ok(cl_aliases_new(&a, &err), &err);
	assert_cl_ok(cl_aliases_load(a, tsv, strlen(tsv), "t.tsv", &err), &err);
	assert_int_equal(cl_aliases_count(a), 2);
	assert_string_equal(cl_aliases_lookup(a, "washington"), "United States government");
	assert_string_equal(cl_aliases_lookup(a, "The  STATE department"),
			    "United States government");
	assert_null(cl_aliases_lookup(a, "Moscow"));
	assert_cl_ok(cl_aliases_add(a, "Moscow", "Russian government", &err), &err);
	assert_string_equal(cl_aliases_lookup(a, "the Moscow"), "Russian government");
	assert_cl_ok(cl_aliases_add(a, "moscow", "Kremlin", &err), &err);
	assert_string_equal(cl_aliases_lookup(a, "MOSCOW"), "Kremlin");
	assert_int_equal(cl_aliases_count(a), 3);
	assert_cl_err(cl_aliases_load(a, "no tab here\n", 12, "bad.tsv", &err),
		      CL_EINPUT, &err, "bad.tsv:1: no tab");
	assert_cl_err(cl_aliases_add(a, "", "x", &err), CL_EINPUT, &err, "alias");
	assert_null(cl_aliases_lookup(NULL, "x"));
	cl_aliases_free(a);
	cl_aliases_free(NULL);
}

static void test_alias_speaker(void **state)
{
	cl_aliases *a = load_aliases();
	cl_extraction *x = run("According to Washington, the new sanctions will target "
			       "three state banks and their directors.\n\n"
			       "The State Department said that the measures would take "
			       "effect immediately.\n", a);

	(void)state;
	assert_int_equal(x->nclaims, 2);
	assert_string_equal(x->claims[0].speaker, "United States government");
	assert_string_equal(x->claims[1].speaker, "United States government");
	assert_string_equal(x->claims[0].kind, "indirect");
	cl_extraction_free(x);
	cl_aliases_free(a);
}

/* ---- quotes and offsets -------------------------------------------- */

static void check_offsets(const char *t, const cl_extraction *x)
{
	size_t i;

	for (i = 0; i < x->nclaims; i++) {
		const cl_claim *c = &x->claims[i];
		assert_true(c->offset + c->length <= strlen(t));
		if (strcmp(c->kind, "direct") == 0) {
			/* The span is the quoted text; the claim text is that
			 * span, maybe minus a trailing comma. */
			char *q = NULL;
			cl_error err = { 0, "" };
			assert_int_equal(strncmp(t + c->offset, c->text, strlen(c->text)), 0);
			/* ...and exactly what cl_quote_text() makes of it. */
			assert_cl_ok(cl_quote_text(t + c->offset, c->length, &q, &err), &err);
			assert_string_equal(q, c->text);
			free(q);
		}
	}
}

static void expect_quote_text(const char *span, const char *want)
{
	char *q = NULL;
	cl_error err = { 0, "" };

	assert_cl_ok(cl_quote_text(span, strlen(span), &q, &err), &err);
	assert_string_equal(q, want);
	free(q);
}

static void test_quote_text(void **state)
{
	char *q = (char *)"x";
	cl_error err = { 0, "" };

	(void)state;
	expect_quote_text("We will not  raise\n taxes,", "We will not raise taxes");
	expect_quote_text("  padded ;: ", "padded");
	expect_quote_text("", "");
	/* Double marks go, single marks stay. */
	expect_quote_text("He said \xe2\x80\x98no\xe2\x80\x99 twice",
			  "He said \xe2\x80\x98no\xe2\x80\x99 twice");
	expect_quote_text("first part.\n\n\xe2\x80\x9cSecond part",
			  "first part. Second part");
	expect_quote_text("\xc2\xab Les travaux \xc2\xbb", "Les travaux");
	/* A stray mark between two stops leaves one; "..." stays. */
	expect_quote_text("opinions. \xe2\x80\x9c.", "opinions.");
	expect_quote_text("Wait... maybe", "Wait... maybe");
	/* Unicode spaces are white space; a word-internal comma is kept. */
	expect_quote_text("cost\xe2\x80\x89$1,200 ,", "cost $1,200");
	assert_int_equal(cl_quote_text("ab\xff", 3, &q, &err), CL_EINPUT);
	assert_null(q);
	assert_string_equal(err.msg, "not UTF-8 text at byte 2");
	assert_int_equal(cl_quote_text("a\0b", 3, &q, &err), CL_EINPUT);
}

/* Every direct claim of every fixture article: the text is what
 * cl_quote_text() makes of the article bytes at offset/length (the check
 * `verify` repeats on archived claims). */
static void test_quote_text_fixtures(void **state)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	cl_aliases *a = load_aliases();
	size_t ndirect = 0, narticles = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/articles", fixtures());
	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), n = 0, i;
		char *text;
		cl_extraction *x = NULL;
		cl_error err = { 0, "" };

		if (l <= 4 || strcmp(de->d_name + l - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof path, "%s/articles/%s", fixtures(), de->d_name);
		text = tu_slurp(path, &n);
		assert_non_null(text);
		assert_cl_ok(cl_extract(text, n, a, &x, &err), &err);
		for (i = 0; i < x->nclaims; i++) {
			const cl_claim *c = &x->claims[i];
			char *q = NULL;
			if (strcmp(c->kind, "direct") != 0)
				continue;
			assert_true(c->offset + c->length <= n);
			assert_cl_ok(cl_quote_text(text + c->offset, c->length, &q, &err), &err);
			if (strcmp(q, c->text) != 0)
				fail_msg("%s: claim at %zu: cl_quote_text gives '%s', claim text is '%s'",
					 de->d_name, c->offset, q, c->text);
			free(q);
			ndirect++;
		}
		cl_extraction_free(x);
		free(text);
		narticles++;
	}
	closedir(d);
	assert_true(narticles >= 7);
	assert_true(ndirect >= 20);
	cl_aliases_free(a);
}

static void test_direct_curly_offsets(void **state)
{
	const char *t = "date 2024-01-01\n\n"
			"\xe2\x80\x9cWe will not raise taxes this year,\xe2\x80\x9d "
			"said Ana Ruiz, the finance minister.\n";
	cl_extraction *x = run(t, NULL);
	const cl_claim *c;

	(void)state;
	assert_int_equal(x->nclaims, 1);
	c = &x->claims[0];
	assert_string_equal(c->text, "We will not raise taxes this year");
	assert_string_equal(c->speaker, "Ana Ruiz");
	assert_string_equal(c->kind, "direct");
	assert_int_equal(c->offset, strlen("date 2024-01-01\n\n\xe2\x80\x9c"));
	assert_memory_equal(t + c->offset, "We will not raise taxes this year,", c->length);
	assert_string_equal(c->date, "2024-01-01");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_straight_and_guillemets(void **state)
{
	const char *t = "\"The bridge will open in June as planned,\" Pedro Alves told reporters.\n\n"
			"\xc2\xab Les travaux avancent tr\xc3\xa8s bien \xc2\xbb, said Claire Dubois.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_string_equal(find(x, "bridge will open")->speaker, "Pedro Alves");
	assert_string_equal(find(x, "Les travaux avancent")->speaker, "Claire Dubois");
	assert_string_equal(find(x, "Les travaux avancent")->text,
			    "Les travaux avancent tr\xc3\xa8s bien");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_nested_single_quotes(void **state)
{
	const char *t = "\xe2\x80\x9cThey called it \xe2\x80\x98" "a historic mistake\xe2\x80\x99 "
			"and they were right,\xe2\x80\x9d said Omar Haddad.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_non_null(strstr(x->claims[0].text, "a historic mistake"));
	assert_string_equal(x->claims[0].speaker, "Omar Haddad");
	cl_extraction_free(x);
}

static void test_inverted_and_pronoun(void **state)
{
	const char *t = "Finance Minister Lucia Torres presented the budget on Monday.\n\n"
			"\xe2\x80\x9cThe deficit will fall below 2% next year,\xe2\x80\x9d she said.\n\n"
			"\xe2\x80\x9cWe have the numbers to prove it,\xe2\x80\x9d said the minister.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_string_equal(find(x, "deficit will fall")->speaker, "Lucia Torres");
	assert_string_equal(find(x, "numbers to prove")->speaker, "Lucia Torres");
	cl_extraction_free(x);
}

static void test_pronoun_skips_object_mention(void **state)
{
	/* "he" is the last person who spoke or was a subject, not the last
	 * name in the text. */
	const char *t = "Senator Mark Ellison said that the bill would pass by March.\n\n"
			"The vote was delayed because of objections from Jane Whitfield.\n\n"
			"\xe2\x80\x9cWe still have the votes we need in the chamber,\xe2\x80\x9d he said.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_string_equal(find(x, "still have the votes")->speaker, "Mark Ellison");
	cl_extraction_free(x);
}

static void test_descriptor_appositive(void **state)
{
	const char *t = "Antonio Reyes, the head of the central bank, met lawmakers on Tuesday.\n\n"
			"Later the banker Julia Moss spoke to the press.\n\n"
			"\xe2\x80\x9cInflation has peaked and will ease this summer,\xe2\x80\x9d "
			"the head of the central bank said.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_string_equal(find(x, "Inflation has peaked")->speaker, "Antonio Reyes");
	cl_extraction_free(x);
}

static void test_document_speaker(void **state)
{
	cl_aliases *a = load_aliases();
	const char *t = "The State Department released a statement on Friday.\n\n"
			"\xe2\x80\x9cWe call on all parties to respect the ceasefire,\xe2\x80\x9d "
			"the statement said.\n\n"
			"The letter adds that aid deliveries will resume within a week.\n";
	cl_extraction *x = run(t, a);

	(void)state;
	assert_string_equal(find(x, "respect the ceasefire")->speaker,
			    "United States government");
	assert_string_equal(find(x, "aid deliveries will resume")->speaker,
			    "United States government");
	cl_extraction_free(x);
	cl_aliases_free(a);
}

static void test_parenthetical_cue(void **state)
{
	cl_aliases *a = load_aliases();
	const char *t = "The United Nations published its report on Monday.\n\n"
			"The United Nations, the report adds, will send 40 observers to "
			"monitor the vote.\n";
	cl_extraction *x = run(t, a);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].text,
			    "The United Nations will send 40 observers to monitor the vote.");
	assert_string_equal(x->claims[0].kind, "indirect");
	cl_extraction_free(x);
	cl_aliases_free(a);
}

static void test_regime_quote_not_its_subject(void **state)
{
	cl_aliases *a = load_aliases();
	const char *t = "Washington issued a new warning on Friday.\n\n"
			"\xe2\x80\x9cThe Ortega regime has jailed hundreds of opponents "
			"this year,\xe2\x80\x9d the text added.\n";
	cl_extraction *x = run(t, a);

	(void)state;
	assert_string_equal(find(x, "Ortega regime")->speaker, "United States government");
	cl_extraction_free(x);
	cl_aliases_free(a);
}

static void test_scare_quotes_are_not_claims(void **state)
{
	const char *t = "The opposition called the deal \xe2\x80\x9c" "almost\xe2\x80\x9d a "
			"surrender and named Luis Mora \xe2\x80\x9cinterim president.\xe2\x80\x9d\n\n"
			"\xe2\x80\x9cNever,\xe2\x80\x9d Mora said.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 0);
	cl_extraction_free(x);
}

static void test_fragment_joins_indirect(void **state)
{
	const char *t = "Health Minister Sara Lind said that the hospitals were "
			"\xe2\x80\x9cnear collapse\xe2\x80\x9d after the storm.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].text,
			    "the hospitals were near collapse after the storm.");
	assert_string_equal(x->claims[0].speaker, "Sara Lind");
	assert_string_equal(x->claims[0].kind, "indirect");
	cl_extraction_free(x);
}

static void test_multi_paragraph_quote(void **state)
{
	const char *t = "Mayor Tom Berg spoke after the vote. \xe2\x80\x9cThis was a hard "
			"choice for the whole council.\n\n"
			"\xe2\x80\x9c" "But the city will be stronger for it in ten years.\xe2\x80\x9d\n\n"
			"The council adjourned at 10 pm.\n";
	cl_extraction *x = run(t, NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "hard choice");
	assert_non_null(strstr(c->text, "stronger for it"));
	assert_null(strstr(c->text, "adjourned"));
	assert_string_equal(c->speaker, "Tom Berg");
	cl_extraction_free(x);
}

static void test_unclosed_quote_capped(void **state)
{
	/* No closing mark and the next paragraph does not continue it: the
	 * quote ends with its paragraph; the rest of the article survives. */
	const char *t = "\xe2\x80\x9cThe fund will run out of money by 2030, said "
			"Karen Holt.\n\n"
			"Economist Paul Vance said that the estimate was too pessimistic.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_true(has(x, "estimate was too pessimistic"));
	assert_string_equal(find(x, "estimate was too pessimistic")->speaker, "Paul Vance");
	assert_false(has(x, "Economist Paul"));
	cl_extraction_free(x);
}

static void test_broken_close_mark(void **state)
{
	/* A closing quote typed as an opening one. */
	const char *t = "Rafael Soto arrived late.\n\n\xe2\x80\x9cWe will keep working with "
			"all our partners until the end, \xe2\x80\x9che concludes.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].speaker, "Rafael Soto");
	assert_string_equal(x->claims[0].text,
			    "We will keep working with all our partners until the end");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_reported_speech(void **state)
{
	const char *t = "Judge Helen Park ruled on Monday. Park said the evidence had been "
			"gathered illegally and could not be used.\n\n"
			"Prosecutors declined to say whether they would appeal.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].speaker, "Helen Park");
	assert_string_equal(x->claims[0].text,
			    "the evidence had been gathered illegally and could not be used.");
	cl_extraction_free(x);
}

static void test_trailing_according_to(void **state)
{
	const char *t = "Exports fell 12% in the first quarter, according to the National "
			"Statistics Office.\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].text, "Exports fell 12% in the first quarter");
	assert_string_equal(x->claims[0].speaker, "National Statistics Office");
	cl_extraction_free(x);
}

static void test_headlines_ignored(void **state)
{
	const char *t = "Minister says economy will grow 5% next year\n\n"
			"Related articles\n\nShare this\n\nLeave a Reply\n";
	cl_extraction *x = run(t, NULL);

	(void)state;
	assert_int_equal(x->nclaims, 0);
	cl_extraction_free(x);
}

static void test_json_shape(void **state)
{
	const char *t = "url https://example.com/x\ndate 2022-02-02\n\n"
			"\xe2\x80\x9cPrices will fall by the end of the year,\xe2\x80\x9d "
			"said Irene Kahn.\n";
	cl_extraction *x = run(t, NULL);
	json_t *o;

	(void)state;
	assert_int_equal(x->nclaims, 1);
	o = cl_claim_to_json(x, &x->claims[0], NULL, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "speaker")), "Irene Kahn");
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "direct");
	assert_string_equal(json_string_value(json_object_get(o, "source")),
			    "https://example.com/x");
	assert_string_equal(json_string_value(json_object_get(o, "date")), "2022-02-02");
	assert_int_equal(json_integer_value(json_object_get(o, "offset")),
			 (json_int_t)x->claims[0].offset);
	assert_non_null(json_object_get(o, "context"));
	json_decref(o);
	o = cl_claim_to_json(x, &x->claims[0], "https://override.test/", "2000-01-01");
	assert_string_equal(json_string_value(json_object_get(o, "source")),
			    "https://override.test/");
	assert_string_equal(json_string_value(json_object_get(o, "date")), "2000-01-01");
	json_decref(o);
	cl_extraction_free(x);
	x = run("\xe2\x80\x9cPrices will fall by the end of the year,\xe2\x80\x9d said Irene Kahn.\n",
		NULL);
	o = cl_claim_to_json(x, &x->claims[0], NULL, NULL);
	assert_null(json_object_get(o, "source"));
	assert_null(json_object_get(o, "date"));
	json_decref(o);
	cl_extraction_free(x);
}

/* A 20 MB article: results only, never timings. */
static void test_large_article(void **state)
{
	const char *para = "\xe2\x80\x9cThe harbour will reopen to cargo ships next month,"
			   "\xe2\x80\x9d said Port Director Nina Alvarez on Tuesday.\n\n"
			   "Alvarez added that repairs had cost about 4 million dollars "
			   "and that no jobs had been lost.\n\n"
			   "The port handled 1.2 million containers last year.\n\n";
	size_t pl = strlen(para), total = 20u << 20, n = 0, reps;
	char *buf = malloc(total + 1);
	cl_extraction *x = NULL;
	cl_error err = { 0, "" };

	(void)state;
	assert_non_null(buf);
	while (n + pl <= total) {
		memcpy(buf + n, para, pl);
		n += pl;
	}
	reps = n / pl;
	assert_cl_ok(cl_extract(buf, n, NULL, &x, &err), &err);
	assert_int_equal(x->nclaims, 2 * reps);
	assert_string_equal(x->claims[x->nclaims - 1].speaker, "Nina Alvarez");
	cl_extraction_free(x);
	/* One giant line with quote marks and no paragraph breaks. */
	memset(buf, 'a', total);
	for (n = 0; n + 43 < total; n += 97) {
		buf[n] = ' ';
		buf[n + 1] = '"';
		buf[n + 40] = '.';
		buf[n + 41] = ' ';
		buf[n + 42] = 'S';
	}
	assert_cl_ok(cl_extract(buf, total, NULL, &x, &err), &err);
	cl_extraction_free(x);
	free(buf);
}

/* ---- general speaker rules ------------------------------------------ */

static void test_titles_stripped(void **state)
{
	cl_extraction *x = run(
		"Geologist Pia Lund said the fault line had moved by two metres overnight.\n\n"
		"Dr. Omar Haddad told the inquiry that the dam inspections were never finished.\n\n"
		"Port Authority Spokesperson Ken Ito said the terminal would reopen on Friday morning.\n\n"
		"Lund later said the aftershocks would continue for several more weeks.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "fault line")->speaker, "Pia Lund");
	assert_string_equal(find(x, "inspections")->speaker, "Omar Haddad");
	assert_string_equal(find(x, "terminal would reopen")->speaker, "Ken Ito");
	assert_string_equal(find(x, "aftershocks")->speaker, "Pia Lund");
	cl_extraction_free(x);
}

static void test_named_body_descriptor(void **state)
{
	cl_extraction *x = run(
		"Fares will rise by 10% in March, the city transit operator Metrovia said on Monday, "
		"as fuel costs climb.\n\n"
		"The operator said the new fares would fund twelve more trains on the busiest line.\n", NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "Fares will rise");
	assert_string_equal(c->speaker, "Metrovia");
	assert_null(strstr(c->text, "fuel"));
	assert_string_equal(find(x, "twelve more trains")->speaker, "Metrovia");
	cl_extraction_free(x);
}

static void test_appositive_with_the(void **state)
{
	cl_extraction *x = run(
		"The pilots' union, the Northern Aviators Guild, said the schedules broke the safety rules.\n\n"
		"Anna Berg, a former transport minister, said the rules had been ignored for years.\n\n"
		"The union also said the airline had hired too few pilots for the summer.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "schedules broke")->speaker, "Northern Aviators Guild");
	assert_string_equal(find(x, "ignored for years")->speaker, "Anna Berg");
	assert_string_equal(find(x, "too few pilots")->speaker, "Northern Aviators Guild");
	cl_extraction_free(x);
}

static void test_groups_and_places_not_speakers(void **state)
{
	cl_extraction *x = run(
		"Shopkeepers interviewed in the Old Harbour district said the new parking rules had cut their trade.\n\n"
		"Analysts said the central bank would raise rates again in the spring.\n\n"
		"A man in Lima said the buses had not run for three days straight.\n\n"
		"Officials at the Transport Ministry said the buses would run again on Monday morning.\n", NULL);

	(void)state;
	assert_false(has(x, "parking rules"));
	assert_false(has(x, "raise rates"));
	assert_false(has(x, "three days"));
	assert_string_equal(find(x, "run again")->speaker, "Transport Ministry");
	cl_extraction_free(x);
}

static void test_company_and_own_figures(void **state)
{
	cl_extraction *x = run(
		"Boreal Logistics will cut 300 jobs, its chief executive Mia Kos announced on Tuesday.\n\n"
		"Parcel volumes fell by 14% last year, according to the company's own figures, "
		"and the share price has halved.\n\n"
		"The company said the cuts would be finished before the end of the year.\n", NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "Parcel volumes");
	assert_string_equal(c->speaker, "Boreal Logistics");
	assert_null(strstr(c->text, "share price"));
	assert_string_equal(find(x, "cuts would be finished")->speaker, "Boreal Logistics");
	cl_extraction_free(x);
}

/* ---- rules added for unseen news (each with its own sentences) ------ */

static void test_postnominals_and_particle_surnames(void **state)
{
	cl_extraction *x = run(
		"Defence counsel Ruth Gale KC said the search warrant had been issued without cause.\n\n"
		"Jan De Vries, a harbour pilot, said the channel had silted up over the winter.\n\n"
		"Fisherman Olaf Brandt said the catch had halved since the new quotas came in.\n\n"
		"\xe2\x80\x9cNobody checked the warrant before the raid began,\xe2\x80\x9d Gale said.\n\n"
		"\xe2\x80\x9cThe dredgers have not come here for three years,\xe2\x80\x9d De Vries said.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "search warrant")->speaker, "Ruth Gale");
	assert_string_equal(find(x, "Nobody checked")->speaker, "Ruth Gale");
	assert_string_equal(find(x, "dredgers")->speaker, "Jan De Vries");
	assert_string_equal(find(x, "catch had halved")->speaker, "Olaf Brandt");
	cl_extraction_free(x);
}

static void test_possessive_owner_not_speaker(void **state)
{
	cl_extraction *x = run(
		"Farid Osei was arrested in April.\n\n"
		"Osei's lawyer, Nadia Brent, said the contract had been void from the very start.\n\n"
		"Later, Osei's brother said the family would appeal against the ruling.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "void from the very start")->speaker, "Nadia Brent");
	/* The brother is never named: the claim is dropped, not given to
	 * Osei. */
	assert_false(has(x, "would appeal"));
	cl_extraction_free(x);
}

static void test_nationality_descriptor(void **state)
{
	cl_extraction *x = run(
		"Kenya's Ruth Wanjiru won the marathon ahead of Japan's Emi Sato.\n\n"
		"Sato finished a minute behind after a fall at the halfway mark.\n\n"
		"\xe2\x80\x9cThe last ten kilometres were the hardest of my career,\xe2\x80\x9d "
		"the Kenyan said.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "last ten kilometres")->speaker, "Ruth Wanjiru");
	cl_extraction_free(x);
}

static void test_unclosed_quote_with_attribution(void **state)
{
	const char *t = "\xe2\x80\x9cThe roof fell in within minutes of the alarm, said Fire Chief "
			"Dale Morgan, who arrived first.\n\n"
			"Morgan said the cause of the fire was still being investigated by the police.\n";
	cl_extraction *x = run(t, NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "roof fell in");
	assert_string_equal(c->speaker, "Dale Morgan");
	assert_string_equal(c->text, "The roof fell in within minutes of the alarm");
	assert_string_equal(find(x, "cause of the fire")->speaker, "Dale Morgan");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_relative_pronoun_is_not_a_speaker(void **state)
{
	cl_extraction *x = run(
		"Ana Ruiz said the hall would reopen to the public in the spring.\n\n"
		"The hall was rebuilt in 1990 at a cost of two million, which added a new stage and two rehearsal rooms.\n", NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_false(has(x, "rehearsal"));
	cl_extraction_free(x);
}

static void test_told_audience_without_that(void **state)
{
	cl_extraction *x = run(
		"Judge Amy Cole told jurors the hearing would resume on Monday morning.\n\n"
		"Inspector Leon Hart, who led the raid, told the inquiry officers had found no weapons at the flat.\n\n"
		"Cole told them to leave their phones outside the courtroom during the trial.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "hearing would resume")->speaker, "Amy Cole");
	assert_string_equal(find(x, "officers had found no weapons")->text,
			    "officers had found no weapons at the flat.");
	assert_string_equal(find(x, "officers had found")->speaker, "Leon Hart");
	assert_false(has(x, "phones"));
	cl_extraction_free(x);
}

static void test_body_after_role_and_the_company(void **state)
{
	cl_extraction *x = run(
		"Tom Reed, the former finance director of Bluefin Marine, was charged on Friday.\n\n"
		"Bluefin Marine said it had given the police every document they had asked for.\n\n"
		"The company said Reed had left the business two years before the audit began.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "every document")->speaker, "Bluefin Marine");
	assert_string_equal(find(x, "left the business")->speaker, "Bluefin Marine");
	cl_extraction_free(x);
}

static void test_document_names_its_issuer(void **state)
{
	cl_extraction *x;

	(void)state;
	x = run("Norvik Energy said in a filing on Monday that output had fallen by a fifth.\n\n"
		"The Consumer Council said the price cap would hit the poorest families hardest.\n\n"
		"The filing said the company would sell two of its oil fields next year.\n", NULL);
	assert_string_equal(find(x, "two of its oil fields")->speaker, "Norvik Energy");
	cl_extraction_free(x);
}

static void test_relative_clause_subject_and_far_that(void **state)
{
	cl_extraction *x = run(
		"The Reserve Bank of Ostland, which meets eight times a year, has said it will keep "
		"rates on hold until inflation falls.\n\n"
		"The Fiscal Council said in its annual review of the public accounts, published in "
		"June, that the deficit would double by 2027.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "keep rates on hold")->speaker, "Reserve Bank of Ostland");
	assert_string_equal(find(x, "deficit would double")->text,
			    "the deficit would double by 2027.");
	assert_string_equal(find(x, "deficit would double")->speaker, "Fiscal Council");
	cl_extraction_free(x);
}

static void test_colon_quote_speaker(void **state)
{
	cl_extraction *x = run(
		"Her team mate Lina Ferro was blunt: \xe2\x80\x9cWe rode badly and we deserved to lose.\xe2\x80\x9d\n\n"
		"The forecast was clear: \xe2\x80\x9cHeavy rain will fall across the whole region tonight.\xe2\x80\x9d\n", NULL);

	(void)state;
	assert_string_equal(find(x, "deserved to lose")->speaker, "Lina Ferro");
	assert_false(has(x, "Heavy rain"));
	cl_extraction_free(x);
}

static void test_bracketed_acronym(void **state)
{
	const char *t = "Rail accidents fell by a third last year, according to the National Rail "
			"Safety Office (NRSO).\n\n"
			"The NRSO said the new signals had prevented at least four collisions.\n";
	cl_extraction *x = run(t, NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "Rail accidents");
	assert_string_equal(c->text, "Rail accidents fell by a third last year");
	assert_string_equal(c->speaker, "National Rail Safety Office");
	assert_string_equal(find(x, "new signals")->speaker, "National Rail Safety Office");
	cl_extraction_free(x);
}

/* The date of claim `needle` in article `t`, or NULL. */
static void check_date(const char *t, const char *needle, const char *want)
{
	cl_extraction *x = run(t, NULL);
	const cl_claim *c = find(x, needle);

	if (want == NULL) {
		assert_null(c->date);
	} else {
		assert_non_null(c->date);
		assert_string_equal(c->date, want);
	}
	cl_extraction_free(x);
}

static void test_claim_date_from_attribution(void **state)
{
	(void)state;
	/* 2024-03-13 is a Wednesday: "Sunday" is the 10th. */
	check_date("date 2024-03-13\n\nThe mayor, Ana Ruiz, said on Sunday that "
		   "the new bridge would open in the spring.\n",
		   "new bridge would open", "2024-03-10");
	check_date("date 2024-03-13\n\n\xe2\x80\x9cWe will not raise taxes again "
		   "next year,\xe2\x80\x9d Ana Ruiz said Sunday.\n",
		   "raise taxes again", "2024-03-10");
	check_date("date 2024-03-13\n\nAna Ruiz said on Monday night the budget "
		   "had been balanced for the first time.\n",
		   "budget had been balanced", "2024-03-11");
	check_date("date 2024-03-13\n\nAna Ruiz said yesterday the budget had been "
		   "balanced for the first time.\n",
		   "budget had been balanced", "2024-03-12");
	check_date("date 2024-03-13\n\nAna Ruiz said today the budget had been "
		   "balanced for the first time.\n",
		   "budget had been balanced", "2024-03-13");
	/* On the article's own weekday it is the article's day; "last"
	 * is the week before.  2024-03-11 is a Monday. */
	check_date("date 2024-03-11\n\nAna Ruiz said this Monday that the port "
		   "would reopen within weeks.\n", "port would reopen", "2024-03-11");
	check_date("date 2024-03-11\n\nAna Ruiz said last Monday that the port "
		   "would reopen within weeks.\n", "port would reopen", "2024-03-04");
	/* A leading time phrase, and a day after "in a statement". */
	check_date("date 2024-03-13\n\nOn Tuesday, the Port Authority said in a statement "
		   "that the port would reopen within weeks.\n",
		   "port would reopen", "2024-03-12");
	check_date("date 2024-03-13\n\nThe Port Authority said in a statement on Friday "
		   "that the port would reopen within weeks.\n",
		   "port would reopen", "2024-03-08");
	check_date("date 2024-03-13\n\nThe port would reopen within weeks, the "
		   "Port Authority said on Saturday.\n", "port would reopen", "2024-03-09");
	check_date("date 2024-03-13\n\nOn Tuesday Ana Ruiz told reporters the port "
		   "would reopen within weeks.\n", "port would reopen", "2024-03-12");
	/* A calendar date takes the article's year, or the year before when
	 * that would be later than the article. */
	check_date("date 2024-01-15\n\nJudge Tom Bell told reporters on 3 March "
		   "that the trial would resume after the holiday.\n",
		   "trial would resume", "2023-03-03");
	check_date("date 2024-03-13\n\nJudge Tom Bell told the court on 3 March "
		   "that the trial would resume after the holiday.\n",
		   "trial would resume", "2024-03-03");
	check_date("date 2024-03-13\n\nJudge Tom Bell said on Nov. 21, 2021, that "
		   "the trial would resume after the holiday.\n",
		   "trial would resume", "2021-11-21");
}

static void test_claim_date_not_from_content(void **state)
{
	(void)state;
	/* A day inside the claim, quoted or reported, is not its date. */
	check_date("date 2024-03-13\n\nAna Ruiz said that the elections held this "
		   "November 21 were free and fair.\n", "elections held", "2024-03-13");
	check_date("date 2024-03-13\n\n\xe2\x80\x9cThe vote on Sunday was rigged "
		   "from the start,\xe2\x80\x9d Ana Ruiz said.\n", "vote on Sunday",
		   "2024-03-13");
	check_date("date 2024-03-13\n\nAna Ruiz said: \xe2\x80\x9cYesterday the "
		   "council voted to close the port for good.\xe2\x80\x9d\n",
		   "council voted", "2024-03-13");
	/* Another event's day near the cue. */
	check_date("date 2024-03-13\n\nAfter the vote on Sunday, Ana Ruiz said the "
		   "council had betrayed the town.\n", "council had betrayed",
		   "2024-03-13");
	check_date("date 2024-03-13\n\nThe port would reopen within weeks, Ana Ruiz "
		   "said of the vote on Sunday.\n", "port would reopen", "2024-03-13");
	/* "last week" is too vague: the article's date. */
	check_date("date 2024-03-13\n\nAna Ruiz said last week that the port "
		   "would reopen within weeks.\n", "port would reopen", "2024-03-13");
}

static void test_claim_date_without_article_date(void **state)
{
	cl_extraction *x;
	json_t *o;

	(void)state;
	check_date("Ana Ruiz said on Sunday that the port would reopen within "
		   "weeks.\n", "port would reopen", NULL);
	check_date("Ana Ruiz said yesterday the port would reopen within "
		   "weeks.\n", "port would reopen", NULL);
	/* A full date needs no article date. */
	check_date("Ana Ruiz said on 21 November 2021 that the port would reopen "
		   "within weeks.\n", "port would reopen", "2021-11-21");
	check_date("Ana Ruiz said on 2021-11-21 that the port would reopen "
		   "within weeks.\n", "port would reopen", "2021-11-21");
	/* The CLI's --date is the article date the claim resolves against. */
	x = run("Ana Ruiz said yesterday the port would reopen within weeks.\n", NULL);
	assert_int_equal(x->nclaims, 1);
	o = cl_claim_to_json(x, &x->claims[0], NULL, "2020-03-01");
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "date")), "2020-02-29");
	json_decref(o);
	o = cl_claim_to_json(x, &x->claims[0], NULL, NULL);
	assert_null(json_object_get(o, "date"));
	json_decref(o);
	cl_extraction_free(x);
}

static void test_bare_cue_after_time_phrase(void **state)
{
	cl_extraction *x = run(
		"Kestrel Airways said on Monday it would cut ten routes from its winter timetable.\n\n"
		"Economist Lars Holm of Fjord Capital said the airline had expanded far too quickly.\n\n"
		"Holm said last week the fuel bill alone had doubled since the spring.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "cut ten routes")->text,
			    "it would cut ten routes from its winter timetable.");
	assert_string_equal(find(x, "cut ten routes")->speaker, "Kestrel Airways");
	assert_string_equal(find(x, "far too quickly")->speaker, "Lars Holm");
	assert_string_equal(find(x, "fuel bill")->speaker, "Lars Holm");
	cl_extraction_free(x);
}

static void test_caption_labels(void **state)
{
	cl_extraction *x = run(
		"Photo: Mayor Ines Vidal says the bridge will reopen in March after the repairs.\n\n"
		"Image caption: Residents said the water rose by a metre in less than an hour.\n\n"
		"Mayor Ines Vidal said the bridge would reopen in March after the repairs.\n", NULL);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].speaker, "Ines Vidal");
	cl_extraction_free(x);
}

/* ---- evaluation ---------------------------------------------------- */

#define MAXW 512

typedef struct wbag {
	char *w[MAXW];
	size_t n;
} wbag;

static void bag_fill(wbag *b, const char *s)
{
	size_t i = 0;

	b->n = 0;
	while (s[i] && b->n < MAXW) {
		size_t j;
		unsigned char c = (unsigned char)s[i];
		if (!(c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))) {
			i++;
			continue;
		}
		/* curly quote marks are not words */
		if (c == 0xe2 && (unsigned char)s[i + 1] == 0x80) {
			i += 3;
			continue;
		}
		for (j = i; s[j]; j++) {
			unsigned char d = (unsigned char)s[j];
			if (!(d >= 0x80 || (d >= '0' && d <= '9') || ((d | 32) >= 'a' && (d | 32) <= 'z')))
				break;
			if (d == 0xe2 && (unsigned char)s[j + 1] == 0x80)
				break;
		}
		b->w[b->n] = strndup(s + i, j - i);
		for (char *p = b->w[b->n]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
		b->n++;
		i = j;
	}
}

static void bag_free(wbag *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->w[i]);
	b->n = 0;
}

static double dice(const wbag *a, const wbag *b)
{
	unsigned char used[MAXW] = { 0 };
	size_t i, j, common = 0;

	if (a->n + b->n == 0)
		return 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (!used[j] && strcmp(a->w[i], b->w[j]) == 0) {
				used[j] = 1;
				common++;
				break;
			}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

static int same_speaker(const char *a, const char *b)
{
	if (strncasecmp(a, "the ", 4) == 0)
		a += 4;
	if (strncasecmp(b, "the ", 4) == 0)
		b += 4;
	return strcasecmp(a, b) == 0;
}

typedef struct score {
	size_t found, gold, tp, tpa;
} score;

static double f1(size_t tp, size_t found, size_t gold)
{
	double p = found ? (double)tp / (double)found : 1.0;
	double r = gold ? (double)tp / (double)gold : 1.0;
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void print_score(const char *name, const score *s)
{
	double p = s->found ? (double)s->tp / (double)s->found : 1.0;
	double r = s->gold ? (double)s->tp / (double)s->gold : 1.0;

	printf("  %-46s gold %3zu found %3zu  P %.2f R %.2f F1 %.2f  spk-acc %.2f  attrF1 %.2f\n",
	       name, s->gold, s->found, p, r, f1(s->tp, s->found, s->gold),
	       s->tp ? (double)s->tpa / (double)s->tp : 0.0,
	       f1(s->tpa, s->found, s->gold));
}

static void eval_article(const char *dir, const char *base, const cl_aliases *a,
			 score *sc, int verbose)
{
	char path[4096];
	size_t n = 0, ng = 0, i, j;
	char *text, *gbuf, *line, *save = NULL;
	cl_extraction *x = NULL;
	cl_error err = { 0, "" };
	json_t *gold[256];
	unsigned char gused[256] = { 0 }, fused[1024] = { 0 }, optional[256] = { 0 };

	snprintf(path, sizeof path, "%s/articles/%s.txt", dir, base);
	text = tu_slurp(path, &n);
	assert_non_null(text);
	snprintf(path, sizeof path, "%s/extract/%s.jsonl", dir, base);
	gbuf = tu_slurp(path, NULL);
	if (gbuf == NULL)
		fail_msg("missing golden file %s", path);
	for (line = strtok_r(gbuf, "\n", &save); line && ng < 256;
	     line = strtok_r(NULL, "\n", &save)) {
		json_error_t je;
		if (line[0] == '\0')
			continue;
		gold[ng] = json_loads(line, 0, &je);
		if (gold[ng] == NULL)
			fail_msg("%s: %s", path, je.text);
		/* A statement whose speaker the article never names ("a
		 * senior official") is neither owed nor wrong: a claim
		 * found for it counts on neither side. */
		optional[ng] = json_is_true(json_object_get(gold[ng], "unnamed"));
		ng++;
	}
	assert_cl_ok(cl_extract(text, n, a, &x, &err), &err);
	memset(sc, 0, sizeof *sc);
	sc->gold = ng;
	for (i = 0; i < ng; i++)
		sc->gold -= optional[i];
	sc->found = x->nclaims;
	/* Greedy one-to-one matching, best pairs first. */
	for (;;) {
		double best = 0.6 - 1e-9;
		size_t bi = SIZE_MAX, bj = SIZE_MAX;
		for (i = 0; i < ng; i++) {
			wbag g;
			if (gused[i])
				continue;
			bag_fill(&g, json_string_value(json_object_get(gold[i], "text")));
			for (j = 0; j < x->nclaims && j < 1024; j++) {
				wbag f;
				double d;
				if (fused[j])
					continue;
				bag_fill(&f, x->claims[j].text);
				d = dice(&g, &f);
				bag_free(&f);
				if (d > best) {
					best = d;
					bi = i;
					bj = j;
				}
			}
			bag_free(&g);
		}
		if (bi == SIZE_MAX)
			break;
		gused[bi] = fused[bj] = 1;
		if (optional[bi]) {
			sc->found--;
			continue;
		}
		sc->tp++;
		if (same_speaker(json_string_value(json_object_get(gold[bi], "speaker")),
				 x->claims[bj].speaker))
			sc->tpa++;
		else if (verbose)
			printf("    speaker: want [%s] got [%s] for: %.60s\n",
			       json_string_value(json_object_get(gold[bi], "speaker")),
			       x->claims[bj].speaker, x->claims[bj].text);
	}
	if (verbose) {
		for (i = 0; i < ng; i++)
			if (!gused[i] && !optional[i])
				printf("    missed: [%s] %.90s\n",
				       json_string_value(json_object_get(gold[i], "speaker")),
				       json_string_value(json_object_get(gold[i], "text")));
		for (j = 0; j < x->nclaims; j++)
			if (!fused[j])
				printf("    extra:  [%s] %.90s\n", x->claims[j].speaker,
				       x->claims[j].text);
	}
	for (i = 0; i < ng; i++)
		json_decref(gold[i]);
	cl_extraction_free(x);
	free(text);
	free(gbuf);
}

/* Score every article of dir/articles against dir/extract into *all;
 * returns the lowest per-article attributed F1. */
static double eval_dir(const char *dir, const cl_aliases *a, score *all, size_t *count,
		       int verbose)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	char *names[256];
	size_t nn = 0, i;
	double worst = 1.0;

	memset(all, 0, sizeof *all);
	snprintf(path, sizeof path, "%s/articles", dir);
	d = opendir(path);
	if (d == NULL)
		fail_msg("cannot open %s", path);
	while ((de = readdir(d)) != NULL && nn < 256) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0)
			names[nn++] = strndup(de->d_name, l - 4);
	}
	closedir(d);
	/* Stable order for readable output. */
	for (i = 1; i < nn; i++) {
		size_t j = i;
		while (j > 0 && strcmp(names[j - 1], names[j]) > 0) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
			j--;
		}
	}
	for (i = 0; i < nn; i++) {
		score s;
		double af;
		eval_article(dir, names[i], a, &s, verbose);
		print_score(names[i], &s);
		af = f1(s.tpa, s.found, s.gold);
		if (af < worst)
			worst = af;
		all->found += s.found;
		all->gold += s.gold;
		all->tp += s.tp;
		all->tpa += s.tpa;
		free(names[i]);
	}
	*count = nn;
	return worst;
}

/* Bodies named with lowercase links and lists, particle surnames and
 * their short forms, role words before names, nationality words and
 * ages (sentences written for this test). */
static void test_body_names_particles_roles(void **state)
{
	static const char *const cases[][2] = {
		{ "Norway's Ministry of Fish and Forests said on Monday that quotas would rise by the end of the year.",
		  "Ministry of Fish and Forests" },
		{ "The Office of Science, Culture and Sport said the grant was exactly the kind of work it backs.",
		  "Office of Science, Culture and Sport" },
		{ "The Civil Defense of Lorland estimated that more than 900 families had left their homes.",
		  "Civil Defense of Lorland" },
		{ "Prices will fall again in May, according to the Port of Velm, which handles most grain.",
		  "Port of Velm" },
		{ "According to the Marine Survey of Arcadia (MSA), the reef will keep shrinking for a decade.",
		  "Marine Survey of Arcadia" },
		{ "In a note, the Ministry of the Sea and Inland Waters informed that the fleet had been sent to the region.",
		  "Ministry of the Sea and Inland Waters" },
		{ "Alderwoman Rita Osei, who chairs the panel, argued the city had let the bridge decay on purpose.",
		  "Rita Osei" },
		{ "Co-author Lars Nyquist said the team had not seen any change in the samples.",
		  "Lars Nyquist" },
		{ "Shares fell after the Danish shipping group warned that its profit would be far below forecasts.",
		  NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cl_extraction *x = run(cases[i][0], NULL);
		if (cases[i][1] == NULL) {
			size_t k;
			for (k = 0; k < x->nclaims; k++)
				assert_string_not_equal(x->claims[k].speaker, "Danish");
		} else {
			assert_int_equal(x->nclaims, 1);
			assert_string_equal(x->claims[0].speaker, cases[i][1]);
		}
		cl_extraction_free(x);
	}
	{
		/* "van Dijk" after a quote, "Van Dijk" at a sentence start,
		 * an age after the name, "acknowledged" without "that". */
		cl_extraction *x = run(
			"Across the hall, coach Marit van Dijk acknowledged her side had been lucky all evening.\n\n"
			"\"I have not seen the replay yet, so I cannot say if it was a foul,\" van Dijk said.\n\n"
			"Van Dijk warned that the club could not keep relying on late goals to stay up.\n\n"
			"The head of the growers' union, Joana dos Santos Lima, 61, said that the rains had not come since May.\n\n"
			"\"We will look at ourselves first and fix what went wrong,\" the 29-year-old added.", NULL);
		assert_int_equal(x->nclaims, 5);
		assert_string_equal(x->claims[0].speaker, "Marit van Dijk");
		assert_string_equal(x->claims[1].speaker, "Marit van Dijk");
		assert_string_equal(x->claims[2].speaker, "Marit van Dijk");
		assert_string_equal(x->claims[3].speaker, "Joana dos Santos Lima");
		assert_string_equal(x->claims[4].speaker, "Joana dos Santos Lima");
		cl_extraction_free(x);
	}
}

/* The examples the extraction issue opens with: statements by bodies and
 * other organisation speakers, in plain wire sentences. */
static void test_body_speakers(void **state)
{
	static const char *const cases[][3] = {
		{ "Police said the march was peaceful.", "Police", "the march was peaceful." },
		{ "Oxfam said taxes would rise next year.", "Oxfam",
		  "taxes would rise next year." },
		{ "A spokesperson for Citizens Advice said the number of people seeking help "
		  "had doubled.", "Citizens Advice", "the number of people seeking help had doubled." },
		{ "According to Citizens Advice, more than two million households are behind "
		  "on their bills.", "Citizens Advice",
		  "more than two million households are behind on their bills." },
		{ "Analysts at Cornwall Insight said the price cap would fall in April.",
		  "Cornwall Insight", "the price cap would fall in April." },
		{ "The crowd dispersed by midnight, according to police officials.", "Police",
		  "The crowd dispersed by midnight" },
		{ "Figures from the Ministry of Health showed that exports of medicines fell by "
		  "3 percent.", "Ministry of Health", "exports of medicines fell by 3 percent." },
		{ "The police stated that the report of the arrest was false.", "Police",
		  "the report of the arrest was false." },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cl_extraction *x = run(cases[i][0], NULL);
		if (x->nclaims != 1)
			fail_msg("%s: %zu claims", cases[i][0], x->nclaims);
		assert_string_equal(x->claims[0].speaker, cases[i][1]);
		assert_string_equal(x->claims[0].text, cases[i][2]);
		assert_string_equal(x->claims[0].kind, "indirect");
		assert_string_equal(x->claims[0].cue, "named");
		cl_extraction_free(x);
	}
}

/* The issue's reversal: a quote by an officeholder nobody introduced is
 * not the mayor's, and "She denied that X" is her denial, not X; a
 * pronoun goes to a person whose gender fits, never to the other one. */
/* A body named before a role and a person is the person's affiliation,
 * never the speaker. */
static void test_affiliations(void **state)
{
	cl_extraction *x;

	(void)state;
	x = run("Leeds City boss Ana Ruiz said: \"We started really well and the pace "
		"they have up front is amazing.\"\n\n"
		"TUC general secretary Paul Nowak said the government must act now.\n\n"
		"NWU Maria Lund said members would vote again next month.\n", NULL);
	assert_string_equal(find(x, "pace they have")->speaker, "Ana Ruiz");
	assert_string_equal(find(x, "government must act")->speaker, "Paul Nowak");
	assert_string_equal(find(x, "vote again")->speaker, "Maria Lund");
	cl_extraction_free(x);

	/* After "of the", where a body would be expected; her surname
	 * alone then names her. */
	x = run("General secretary of the NWU Maria Lund told the broadcaster that the "
		"ministers are missing in action.\n\n"
		"Lund told reporters the government needs to sit down and talk.\n", NULL);
	assert_string_equal(find(x, "missing in action")->speaker, "Maria Lund");
	assert_string_equal(find(x, "needs to sit down")->speaker, "Maria Lund");
	cl_extraction_free(x);

	/* The same affiliation in a line that introduces the quotes below. */
	x = run("Leeds City boss Ana Ruiz, speaking to Example Sports:\n\n"
		"\"We started really well but this is so difficult to come here.\"\n", NULL);
	assert_string_equal(find(x, "started really well")->speaker, "Ana Ruiz");
	assert_string_equal(find(x, "started really well")->cue, "continuation");
	cl_extraction_free(x);
}

/* Copy that lost the space after a full stop still has two sentences;
 * the dots of "U.S." and "a.m." end none. */
static void test_glued_sentences(void **state)
{
	cl_extraction *x = run("The Joint Staff said the missile was fired on Tuesday "
			       "morning.The navy said it had tracked the launch for an hour. "
			       "The U.S. Navy said on Tuesday it was watching the site.\n",
			       NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "missile was fired");
	assert_string_equal(c->text, "the missile was fired on Tuesday morning.");
	assert_string_equal(find(x, "tracked the launch")->speaker, "Navy");
	assert_true(has(x, "it was watching the site"));
	cl_extraction_free(x);
}

/* ", saying it is …": the claim is the whole clause after the pronoun
 * (its "that" is a relative pronoun), and a source named after it with
 * "according to" is not part of it. */
static void test_saying_clause(void **state)
{
	cl_extraction *x = run("President Ana Ruiz called for a restructuring of the ministry, "
			       "saying it is \"not a ministry that supports the rebels,\" "
			       "according to a statement from her spokesman on Sunday.\n\n"
			       "Mayor Tomas Berg criticised the budget, saying it was a plan that "
			       "nobody had read.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "supports the rebels")->text,
			    "it is not a ministry that supports the rebels");
	assert_string_equal(find(x, "supports the rebels")->speaker, "Ana Ruiz");
	assert_string_equal(find(x, "nobody had read")->text,
			    "it was a plan that nobody had read.");
	cl_extraction_free(x);

	/* An opening participle gives the main clause's subject a claim, and
	 * the main clause its own. */
	x = run("Admitting that there is a spike in dengue cases this year, the Health "
		"Ministry on Saturday confirmed that there are 32,091 cases across the "
		"country.\n", NULL);
	assert_string_equal(find(x, "spike in dengue")->text,
			    "there is a spike in dengue cases this year");
	assert_string_equal(find(x, "spike in dengue")->speaker, "Health Ministry");
	assert_string_equal(find(x, "32,091 cases")->speaker, "Health Ministry");
	cl_extraction_free(x);
}

/* "As reported by X, …", "As X said on Monday, …"; "the prosecutor's
 * office" is the body named with both words, not the last body; a data
 * verb is a speech verb when no data word comes before it. */
static void test_as_and_owned_bodies(void **state)
{
	cl_extraction *x = run(
		"The Lakeview City Prosecutor’s Office confirmed that the death toll had "
		"reached 14. The Lakeview City Military Administration stated that the "
		"number of casualties remained at 48. The prosecutor’s office indicated "
		"that the attack caused damage across eight districts.\n\n"
		"As reported by the Lakeview City Military Administration, residential "
		"buildings were damaged and cars burned.\n\n"
		"As the Health Ministry said on Monday, the plan failed to reach its "
		"targets.\n\n"
		"As the storm approached, residents said they were afraid of the flood.\n",
		NULL);

	(void)state;
	assert_string_equal(find(x, "eight districts")->speaker,
			    "Lakeview City Prosecutor’s Office");
	assert_string_equal(find(x, "eight districts")->cue, "descriptor");
	assert_string_equal(find(x, "cars burned")->speaker,
			    "Lakeview City Military Administration");
	assert_string_equal(find(x, "cars burned")->text,
			    "residential buildings were damaged and cars burned.");
	assert_string_equal(find(x, "failed to reach")->speaker, "Health Ministry");
	/* "As the storm approached" has no speech verb: it names nobody. */
	assert_false(has(x, "residents said they were afraid"));
	cl_extraction_free(x);
}

static void test_safe_speakers(void **state)
{
	cl_extraction *x = run(
		"Prime Minister Keir Starmer visited the depot on Monday.\n\n"
		"Mayor Sarah Jones, who took office in May, said the city needed more buses. "
		"\"We are not going to raise taxes,\" the prime minister insisted. "
		"She denied that the council had cut bus routes.\n", NULL);
	const cl_claim *c;

	(void)state;
	c = find(x, "raise taxes");
	assert_string_equal(c->speaker, "Keir Starmer");
	assert_string_equal(c->cue, "descriptor");
	assert_string_equal(c->confidence, "medium");
	c = find(x, "cut bus routes");
	assert_string_equal(c->speaker, "Sarah Jones");
	assert_string_equal(c->cue, "pronoun");
	assert_string_equal(c->text, "denied that the council had cut bus routes.");
	assert_non_null(c->polarity);
	assert_string_equal(c->polarity, "denial");
	cl_extraction_free(x);

	/* Nobody was introduced as prime minister: no speaker, no claim. */
	x = run("Mayor Sarah Jones said the city needed more buses. \"We are not going to "
		"raise taxes,\" the prime minister insisted.\n", NULL);
	assert_false(has(x, "raise taxes"));
	assert_string_equal(find(x, "more buses")->confidence, "high");
	cl_extraction_free(x);

	/* "he" after two women: nobody fits, no claim; after a man and a
	 * woman, the man, whoever was named last. */
	x = run("Ms Ana Ruiz met Mrs Eva Lund on Friday. He said the deal would be signed "
		"next week.\n", NULL);
	assert_false(has(x, "deal would be signed"));
	cl_extraction_free(x);
	x = run("Mr Tomas Berg met Ms Eva Lund on Friday. He said the deal would be signed "
		"next week.\n", NULL);
	assert_string_equal(find(x, "deal would be signed")->speaker, "Tomas Berg");
	assert_string_equal(find(x, "deal would be signed")->confidence, "medium");
	cl_extraction_free(x);

	/* A salient speaker of unknown gender, then a man named: "he" is the
	 * man, not the person whose gender nothing tells. */
	x = run("Zorvath Pell said the strike would go on. When that was put to Mr Tomas "
		"Berg, he said the talks had failed.\n", NULL);
	assert_string_equal(find(x, "strike would go on")->speaker, "Zorvath Pell");
	assert_string_equal(find(x, "talks had failed")->speaker, "Tomas Berg");
	assert_string_equal(find(x, "talks had failed")->cue, "pronoun");
	cl_extraction_free(x);
}

/* Bodies named only by a common noun, plain speech verbs in the
 * present, acronyms that spell a pronoun, and short quotes handed to
 * their speaker (sentences written for this test). */
static void test_plain_news_forms(void **state)
{
	cl_aliases *a = load_aliases();
	cl_extraction *x = run(
		"The central bank said on Thursday it would keep its main rate at 4 percent.\n\n"
		"The harbour would stay closed until Friday, the port authority said.\n\n"
		"Campaigners argue that the new rules will close dozens of rural clinics.\n\n"
		"The WHO says at least 90 percent of children must be vaccinated.\n\n"
		"Nora Quill runs a bakery on the main square.\n\n"
		"\"We lost everything,\" Quill said.\n\n"
		"\"Gone,\" Quill said.\n\n"
		"Rescuers said at least 14 people were still missing.\n", a);
	const cl_claim *c;

	(void)state;
	cl_aliases_free(a);
	assert_string_equal(find(x, "14 people")->text,
			    "at least 14 people were still missing.");
	c = find(x, "main rate at 4 percent");
	assert_string_equal(c->speaker, "central bank");
	assert_string_equal(c->cue, "descriptor");
	assert_string_equal(c->confidence, "low");
	assert_string_equal(c->text, "it would keep its main rate at 4 percent.");
	assert_string_equal(find(x, "harbour would stay closed")->speaker, "port authority");
	/* an unnamed group is no speaker (the written fixtures' rule) */
	assert_false(has(x, "rural clinics"));
	assert_string_equal(find(x, "90 percent of children")->speaker,
			    "World Health Organization");
	c = find(x, "We lost everything");
	assert_string_equal(c->speaker, "Nora Quill");
	assert_string_equal(c->kind, "direct");
	assert_false(has(x, "Gone"));
	cl_extraction_free(x);

	/* "the agency" once a body has spoken is that body or nobody, never
	 * a new body called "agency" */
	x = run("The Coastal Survey Office said the tide would peak at noon.\n\n"
		"The agency said the sea wall would hold.\n", NULL);
	assert_string_not_equal(find(x, "sea wall")->speaker, "agency");
	cl_extraction_free(x);

	/* "The company" after a group spoke is not the group */
	x = run("Residents said the water had tasted of metal for weeks. The company said "
		"in a statement that it had replaced the pipes.\n", NULL);
	assert_false(has(x, "tasted of metal"));
	assert_string_equal(find(x, "replaced the pipes")->speaker, "company");
	cl_extraction_free(x);
}

/* Names with two particles, a name and its appositive between a quote
 * and its cue, a military title (sentences written for this test). */
static void test_particles_and_appositive_after_quote(void **state)
{
	cl_extraction *x = run(
		"Johanna van der Merwe, a councillor in the east ward, said the pumps had failed twice.\n\n"
		"\"The boat turned over in less than a minute,\" Captain Luis de la Vega, "
		"commander of the harbour police, told reporters.\n\n"
		"De la Vega said the search would go on overnight.\n\n"
		"\"We were lucky the water was warm,\" Ana Paz, a nurse, said.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "pumps had failed")->speaker, "Johanna van der Merwe");
	assert_string_equal(find(x, "turned over")->speaker, "Luis de la Vega");
	assert_string_equal(find(x, "search would go on")->speaker, "Luis de la Vega");
	assert_string_equal(find(x, "water was warm")->speaker, "Ana Paz");
	cl_extraction_free(x);
}

/* A body's possessive spokesperson, a country's body by common noun,
 * and ", X said, adding that B" as two claims (sentences written for
 * this test). */
static void test_possessive_bodies_and_adding(void **state)
{
	cl_extraction *x = run(
		"Northwind's spokesperson said the outage had been fixed by noon.\n\n"
		"Smith's lawyer said the charges were false and would be dropped.\n\n"
		"Norway's fisheries ministry said the quota would be cut by a tenth.\n\n"
		"The warehouse fire was started deliberately, the fire service said on Sunday, "
		"adding that two men were being questioned.\n", NULL);

	(void)state;
	assert_string_equal(find(x, "outage had been fixed")->speaker, "Northwind");
	assert_false(has(x, "charges were false"));
	assert_string_equal(find(x, "quota would be cut")->speaker, "Norway's fisheries ministry");
	assert_string_equal(find(x, "warehouse fire")->text, "The warehouse fire was started deliberately");
	assert_string_equal(find(x, "two men")->text, "two men were being questioned.");
	assert_string_equal(find(x, "two men")->speaker, "fire service");
	cl_extraction_free(x);

	/* "Ministry of Foreign Affairs" keeps its title word; ", told
	 * Reuters" names the audience, never the speaker */
	x = run("The Ministry of Foreign Affairs said in a statement that the envoy had "
		"been summoned.\n\n"
		"The talks collapsed late on Friday night, a person close to the talks told "
		"Reuters.\n", NULL);
	assert_string_equal(find(x, "envoy had been summoned")->speaker,
			    "Ministry of Foreign Affairs");
	assert_false(has(x, "talks collapsed"));
	cl_extraction_free(x);

	/* a long attribution after the claim that names a body; a
	 * four-word claim before it */
	x = run("Forty drones were destroyed overnight, the press service of the Northern "
		"Command reported.\n\n"
		"Two people were injured, regional governor Olga Marek wrote on Telegram.\n", NULL);
	assert_string_equal(find(x, "Forty drones")->speaker, "Northern Command");
	assert_string_equal(find(x, "Two people")->speaker, "Olga Marek");
	cl_extraction_free(x);

	/* a place's name and lowercase words up to a body word */
	x = run("At least 12 people were killed in the floods, according to the Tarvo "
		"health ministry.\n\n"
		"The ministry said 40 more were missing.\n", NULL);
	assert_string_equal(find(x, "12 people")->speaker, "Tarvo health ministry");
	assert_string_equal(find(x, "40 more")->speaker, "Tarvo health ministry");
	cl_extraction_free(x);

	/* "X said: CLAIM" without quote marks; "the statement reads:" */
	x = run("Port director Lars Vik said: the new quay will open in the spring.\n\n"
		"Vik issued a statement on Friday. The statement reads: \"No jobs will be "
		"lost at the port this year.\"\n", NULL);
	assert_string_equal(find(x, "new quay")->text, "the new quay will open in the spring.");
	assert_string_equal(find(x, "new quay")->speaker, "Lars Vik");
	assert_string_equal(find(x, "No jobs")->speaker, "Lars Vik");
	cl_extraction_free(x);

	/* a quoted complement after "that", then ", noting that “B”" */
	x = run("The Senate explained that \"the court should have rejected the appeal "
		"because it came too early,\" noting that \"the chamber had not sat for "
		"seven years.\"\n", NULL);
	assert_string_equal(find(x, "rejected the appeal")->kind, "direct");
	assert_string_equal(find(x, "rejected the appeal")->speaker, "Senate");
	assert_string_equal(find(x, "seven years")->speaker, "Senate");
	cl_extraction_free(x);

	/* an office with its portfolio and country, then the person */
	x = run("Minister of Foreign Affairs of Veldra Tomas Orlik said the talks had been "
		"constructive.\n\n"
		"Orlik added that a deal was close.\n\n"
		"Deputy Minister of Health Ada Brenn said the clinics would reopen.\n\n"
		"The Minister of Foreign Affairs said the border would stay open.\n", NULL);
	assert_string_equal(find(x, "constructive")->speaker, "Tomas Orlik");
	assert_string_equal(find(x, "deal was close")->speaker, "Tomas Orlik");
	assert_string_equal(find(x, "clinics would reopen")->speaker, "Ada Brenn");
	assert_string_equal(find(x, "border would stay open")->speaker,
			    "Minister of Foreign Affairs");
	cl_extraction_free(x);

	/* "Name, office of a body said" (the closing comma lost), and a
	 * bracketed acronym inside the speaker phrase */
	x = run("Ana Ruiz, general secretary of the Dock Workers Union said the strike "
		"would go on.\n\n"
		"The pay offer was far too low, the Harbour Pilots Association (HPA) said.\n", NULL);
	assert_string_equal(find(x, "strike would go on")->speaker, "Ana Ruiz");
	assert_string_equal(find(x, "pay offer")->speaker, "Harbour Pilots Association");
	cl_extraction_free(x);

	/* a body's possessive with a title word in its name */
	x = run("The Interior Ministry's statement said the curfew would be lifted on "
		"Friday.\n", NULL);
	assert_string_equal(find(x, "curfew")->speaker, "Interior Ministry");
	cl_extraction_free(x);

	/* ", and thanked …": the reporter's clause after the claim */
	x = run("Mayor Ida Holm said the bridge needed urgent repairs, and thanked the "
		"volunteers for their help.\n\n"
		"Holm said prices had risen, and wages stagnated.\n", NULL);
	assert_string_equal(find(x, "urgent repairs")->text, "the bridge needed urgent repairs");
	assert_string_equal(find(x, "prices had risen")->text,
			    "prices had risen, and wages stagnated.");
	cl_extraction_free(x);

	/* a second attribution in the sentence starts a new claim; two
	 * clauses joined by "and that" are one */
	x = run("Ana Ruiz said rents would rise next year, while Tom Berg said they would "
		"fall.\n\n"
		"Ruiz said the market was tight, adding that wages would lag behind.\n\n"
		"Berg said supply was growing and that demand had peaked.\n", NULL);
	assert_string_equal(find(x, "rents would rise")->text, "rents would rise next year");
	assert_string_equal(find(x, "would fall")->speaker, "Tom Berg");
	assert_string_equal(find(x, "market was tight")->text, "the market was tight");
	assert_string_equal(find(x, "wages would lag")->speaker, "Ana Ruiz");
	assert_string_equal(find(x, "supply was growing")->text,
			    "supply was growing and that demand had peaked.");
	cl_extraction_free(x);

	/* a reporter's connective opening the sentence is not claimed */
	{
		const char *t = "Meanwhile, consumer prices will keep rising this year, the "
				"Bank of Arden said.\n";
		x = run(t, NULL);
		assert_string_equal(find(x, "consumer prices")->text,
				    "consumer prices will keep rising this year");
		check_offsets(t, x);
		cl_extraction_free(x);
	}

	/* "quoted X as saying CLAIM" without "that": X's claim */
	x = run("The Nordpress agency quoted port director Lars Vik as saying the strike "
		"had cost millions.\n", NULL);
	assert_string_equal(find(x, "cost millions")->speaker, "Lars Vik");
	assert_string_equal(find(x, "cost millions")->text, "the strike had cost millions.");
	cl_extraction_free(x);

	/* a document word before a body word is no document */
	x = run("The ruling party said the vote had been free and fair.\n", NULL);
	assert_string_equal(find(x, "free and fair")->speaker, "ruling party");
	cl_extraction_free(x);

	/* a long paragraph that lost its final stop is prose, not a
	 * headline: what it says of people is remembered */
	x = run("Opening the review of the flood response in six districts, including Arden, "
		"Brell and Cosk, Regional Health Secretary Mira Lund asked the districts to "
		"map the worst-hit villages and to keep clinics open for at least two more weeks\n\n"
		"The health secretary said the clinics had treated more than 4,000 people.\n", NULL);
	assert_string_equal(find(x, "4,000 people")->speaker, "Mira Lund");
	cl_extraction_free(x);

	/* the owner of a document speaks wherever it stands; "recalled
	 * how CLAIM" */
	x = run("A notice on Brennick's website says residents should boil their water.\n\n"
		"Ana Ruiz won the final on Sunday. She recalled how she had dreamed of the "
		"title since she was a child.\n", NULL);
	assert_string_equal(find(x, "boil their water")->speaker, "Brennick");
	assert_string_equal(find(x, "dreamed of the title")->speaker, "Ana Ruiz");
	cl_extraction_free(x);

	/* a colon quote after a body, role words and a person, and a
	 * longer clause with commas but no other name */
	x = run("Later that day, NRB deputy finance director Ola Strand went further, "
		"openly doubting the claims that the accounts were sound: \"In my view the "
		"board was misled for years.\"\n", NULL);
	assert_string_equal(find(x, "board was misled")->speaker, "Ola Strand");
	cl_extraction_free(x);

	/* the article's own publisher is the narrator, not a source */
	x = run("publisher Valley Courier (valleycourier.example)\n\n"
		"As the Valley Courier reported earlier, the dam was closed after the "
		"storm.\n\n"
		"Engineer Lars Dahl said the dam would reopen on Monday.\n", NULL);
	assert_false(has(x, "dam was closed"));
	assert_string_equal(find(x, "reopen on Monday")->speaker, "Lars Dahl");
	cl_extraction_free(x);

	/* ", saying CLAIM" without "that" when an article, a name or a
	 * number opens the clause */
	x = run("Ana Ruiz spoke after the vote, saying the party would win the next "
		"election outright.\n\n"
		"Tom Berg left the hall, saying goodbye to nobody in particular.\n", NULL);
	assert_string_equal(find(x, "win the next election")->speaker, "Ana Ruiz");
	assert_false(has(x, "goodbye"));
	cl_extraction_free(x);

	/* an indefinite phrase with a bare body noun */
	x = run("The driver had been drinking, according to a police report released on "
		"Friday.\n", NULL);
	assert_string_equal(find(x, "had been drinking")->speaker, "Police");
	cl_extraction_free(x);

	/* "A, AGENCY reported, citing X": A is X's */
	x = run("Two people were killed in the blast, the Ostvind agency reported, citing "
		"the Emergencies Ministry.\n", NULL);
	assert_string_equal(find(x, "killed in the blast")->text,
			    "Two people were killed in the blast");
	assert_string_equal(find(x, "killed in the blast")->speaker, "Emergencies Ministry");
	cl_extraction_free(x);

	/* a public body is never a company known by kind alone; a speech
	 * verb with an object is no claim */
	x = run("Acme Corp opened a new plant on Monday.\n\n"
		"The central bank warned that inflation would rise further.\n\n"
		"The company said sales had doubled since March.\n\n"
		"The central bank also warned of a recession.\n\n"
		"Ana Ruiz said goodbye to her colleagues at the plant.\n", NULL);
	assert_string_equal(find(x, "inflation would rise")->speaker, "central bank");
	assert_string_equal(find(x, "sales had doubled")->speaker, "Acme Corp");
	assert_false(has(x, "recession"));
	assert_false(has(x, "goodbye"));
	cl_extraction_free(x);

	/* a bare specific body word after another body spoke */
	x = run("Acme Corp said it would appeal the fine.\n\n"
		"The court ruled that the contract had been void from the start.\n", NULL);
	assert_string_equal(find(x, "contract had been void")->speaker, "court");
	cl_extraction_free(x);

	/* a bare weekday, "earlier this week", a place or occasion between
	 * the cue and a clause without "that" */
	x = run("Ana Ruiz said late Monday the deal would be signed within days.\n\n"
		"Tom Berg said earlier this week the port would stay shut.\n\n"
		"Ruiz said at a news conference in Lima the talks had gone well.\n\n"
		"Berg said in an interview with Radio Nord the strike was over.\n", NULL);
	assert_string_equal(find(x, "signed within days")->text,
			    "the deal would be signed within days.");
	assert_string_equal(find(x, "port would stay shut")->text, "the port would stay shut.");
	assert_string_equal(find(x, "talks had gone well")->text, "the talks had gone well.");
	assert_string_equal(find(x, "strike was over")->text, "the strike was over.");
	cl_extraction_free(x);

	/* ", saying CLAIM" with a bare noun subject, a subject of a place's
	 * possessive and lowercase words up to a body word; ", but warned
	 * that B" is the same speaker's second claim */
	x = run("Arden's central bank cut its main rate on Monday, saying inflation was "
		"expected to ease.\n\n"
		"Governor Ida Holm said growth would reach 5% this year, but warned that "
		"trade tensions posed a risk.\n", NULL);
	assert_string_equal(find(x, "inflation was expected")->speaker, "Arden's central bank");
	assert_string_equal(find(x, "growth would reach")->text, "growth would reach 5% this year");
	assert_string_equal(find(x, "trade tensions")->speaker, "Ida Holm");
	assert_string_equal(find(x, "trade tensions")->text, "trade tensions posed a risk.");
	cl_extraction_free(x);

	/* a quote whose attribution names nobody known stops the last
	 * speaker going on into the quotes after it */
	x = run("\"We gave away two goals we should never concede,\" coach Ana Ruiz said.\n\n"
		"Harbour City boss Tom Berg was delighted.\n\n"
		"\"I'm so proud of the players today,\" the Dane said. \"To come back twice "
		"shows our character.\"\n", NULL);
	assert_string_equal(find(x, "two goals")->speaker, "Ana Ruiz");
	assert_false(has(x, "come back twice"));
	cl_extraction_free(x);

	/* a two-word name written family name first, called by its first
	 * word; "re-affirmed"; ", urging that" asks: it ends the claim; a
	 * long subject before the cue with a clause after it */
	x = run("Spokesperson Lin Jiahao made the remarks at a press conference.\n\n"
		"Lin said that the two countries share a long friendship.\n\n"
		"Mayor Ida Holm re-affirmed that the bridge would reopen in May, urging that "
		"drivers use the ferry until then.\n\n"
		"Reacting to the flood on Monday, Regional Transport and Roads Minister Tom Berg "
		"said the road would be rebuilt within a year.\n", NULL);
	assert_string_equal(find(x, "long friendship")->speaker, "Lin Jiahao");
	assert_string_equal(find(x, "bridge would reopen")->speaker, "Ida Holm");
	assert_string_equal(find(x, "bridge would reopen")->text,
			    "the bridge would reopen in May");
	assert_false(has(x, "use the ferry"));
	assert_string_equal(find(x, "road would be rebuilt")->text,
			    "the road would be rebuilt within a year.");
	assert_false(has(x, "Reacting to the flood"));
	cl_extraction_free(x);

	/* ", emphasising that B" far into a long claim is a second claim */
	x = run("Lin Jiahao said that, in 2025, the summit would be held in Africa for the "
		"first time in its long history, emphasising that China supported the host.\n",
		NULL);
	assert_string_equal(find(x, "summit")->text,
			    "in 2025, the summit would be held in Africa for the first time in "
			    "its long history");
	assert_string_equal(find(x, "supported the host")->speaker, "Lin Jiahao");
	cl_extraction_free(x);

	/* a time phrase between a name's comma and the cue; a single
	 * word subject before "have also confirmed"; a title-only name
	 * proper names nobody, the appositive name does */
	x = run("Foreign Minister Lin Jiahao, last weekend said the talks had gone well.\n\n"
		"Gardai have also confirmed that the road would stay closed.\n\n"
		"A statement from the Minister of Housing and Attorney General, Dale "
		"Moreno, says the allegations are being taken very seriously.\n", NULL);
	assert_string_equal(find(x, "talks had gone well")->speaker, "Lin Jiahao");
	assert_string_equal(find(x, "road would stay closed")->speaker, "Gardai");
	assert_string_equal(find(x, "allegations")->speaker, "Dale Moreno");
	cl_extraction_free(x);

	/* initials and a title describe someone, and with another minister
	 * named later they never fall back on him */
	x = run("Information and Broadcasting Minister Ravi Kumar said the raids were "
		"lawful.\n\n"
		"Education Minister Arjun Rao opened a school on Monday.\n\n"
		"The I&B Minister said the agencies were independent.\n", NULL);
	assert_false(has(x, "agencies were independent"));
	cl_extraction_free(x);

	/* a place's name and "government" after "the" is that government;
	 * a name and its kind ("the Ardo Uno union") is the name */
	x = run("The Nova Terra government says the inquiry will report in June.\n\n"
		"The Ardo Uno union said the strike would go on.\n", NULL);
	assert_string_equal(find(x, "inquiry will report")->speaker, "Nova Terra government");
	assert_string_equal(find(x, "strike would go on")->speaker, "Ardo Uno");
	cl_extraction_free(x);

	/* "the Danish Minister" describes someone; it is nobody's name */
	x = run("The Danish Minister said the bridge would be finished in 2030.\n", NULL);
	assert_false(has(x, "bridge would be finished"));
	cl_extraction_free(x);
}

/* ---- Spanish (extract/es.c) ---------------------------------------------- */

static cl_extraction *run_es(const char *text)
{
	cl_aliases *a = load_aliases();
	cl_extraction *x = run(text, a);

	cl_aliases_free(a);
	return x;
}

static void test_es_detect_and_header(void **state)
{
	const char *t = "El ministro de Salud, Pedro G\xc3\xb3mez, afirm\xc3\xb3 que la campa\xc3\xb1" "a "
			"de vacunaci\xc3\xb3n lleg\xc3\xb3 a todo el pa\xc3\xads.\n";
	const char *forced = "lang en\n\nEl ministro de Salud, Pedro G\xc3\xb3mez, afirm\xc3\xb3 que "
			     "la campa\xc3\xb1" "a lleg\xc3\xb3 a todo el pa\xc3\xads.\n";
	cl_extraction *x = run(t, NULL);
	cl_error err = { 0, "" };

	(void)state;
	assert_string_equal(x->lang, "es");
	assert_string_equal(find(x, "campa\xc3\xb1" "a de vacunaci")->speaker, "Pedro G\xc3\xb3mez");
	assert_string_equal(x->claims[0].lang, "es");
	cl_extraction_free(x);
	x = run(forced, NULL);
	assert_string_equal(x->lang, "en");
	assert_int_equal(x->nclaims, 0);
	cl_extraction_free(x);
	/* the caller wins over the header */
	assert_cl_ok(cl_extract_lang(forced, strlen(forced), NULL, "es", &x, &err), &err);
	assert_string_equal(x->lang, "es");
	assert_int_equal(x->nclaims, 1);
	cl_extraction_free(x);
	assert_int_equal(cl_extract_lang(t, strlen(t), NULL, "fr", &x, &err), CL_EINPUT);
	assert_null(x);
	/* English stays English */
	x = run("\"The bridge will open in June as planned,\" Pedro Alves told reporters.\n", NULL);
	assert_string_equal(x->lang, "en");
	assert_string_equal(x->claims[0].lang, "en");
	cl_extraction_free(x);
}

static void test_es_quotes_cue_after_and_before(void **state)
{
	const char *t = "CARACAS, 4 dic (Agencia) - El presidente de Venezuela, Nicol\xc3\xa1s Maduro Moros, "
			"habl\xc3\xb3 el domingo.\n\n"
			"\xc2\xab" "Hoy el pueblo habl\xc3\xb3 con una sola voz\xc2\xbb, dijo el mandatario ante "
			"simpatizantes.\n\n"
			"La dirigente opositora Delsa Sol\xc3\xb3rzano respondi\xc3\xb3: \xc2\xab" "Los centros de "
			"votaci\xc3\xb3n estuvieron vac\xc3\xados todo el d\xc3\xad" "a\xc2\xbb.\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "Hoy el pueblo");
	assert_string_equal(c->speaker, "Nicol\xc3\xa1s Maduro Moros");
	assert_string_equal(c->kind, "direct");
	assert_string_equal(c->cue, "descriptor");
	assert_string_equal(c->text, "Hoy el pueblo habl\xc3\xb3 con una sola voz");
	c = find(x, "centros de votaci");
	assert_string_equal(c->speaker, "Delsa Sol\xc3\xb3rzano");
	assert_string_equal(c->kind, "direct");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_es_nested_quotes(void **state)
{
	const char *t = "\xc2\xab" "Nos llamaron \xe2\x80\x9c" "traidores a la \xe2\x80\x98patria\xe2\x80\x99"
			"\xe2\x80\x9d y no vamos a callar\xc2\xbb, afirm\xc3\xb3 Ana Lucía Berm\xc3\xba" "dez.\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_int_equal(x->nclaims, 1);
	assert_string_equal(x->claims[0].speaker, "Ana Luc\xc3\xad" "a Berm\xc3\xba" "dez");
	assert_non_null(strstr(x->claims[0].text, "traidores a la"));
	assert_non_null(strstr(x->claims[0].text, "no vamos a callar"));
	/* the text is what cl_quote_text() makes of the span (the nested
	 * marks are the quote text rule's business) */
	{
		char *q = NULL;
		cl_error err = { 0, "" };
		assert_cl_ok(cl_quote_text(t + x->claims[0].offset, x->claims[0].length, &q, &err),
			     &err);
		assert_string_equal(q, x->claims[0].text);
		free(q);
	}
	cl_extraction_free(x);
}

static void test_es_dialogue_dash(void **state)
{
	const char *t = "La fiscal general, M\xc3\xb3nica Torres, habl\xc3\xb3 en Quito.\n\n"
			"\xc2\xab" "Las g\xc3\xb3ndolas est\xc3\xa1n llenas, pero la gente no compra "
			"\xe2\x80\x94se\xc3\xb1" "al\xc3\xb3 la fiscal\xe2\x80\x94. El consumo est\xc3\xa1 en "
			"el piso\xc2\xbb.\n\n"
			"\xe2\x80\x94Ning\xc3\xban juez debe trabajar con miedo \xe2\x80\x94" "dijo Torres a los "
			"periodistas\xe2\x80\x94. Vamos a pedir protecci\xc3\xb3n para todos ellos.\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "la gente no compra")->speaker, "M\xc3\xb3nica Torres");
	assert_null(strstr(find(x, "la gente no compra")->text, "se\xc3\xb1" "al"));
	assert_string_equal(find(x, "El consumo est")->speaker, "M\xc3\xb3nica Torres");
	assert_string_equal(find(x, "trabajar con miedo")->speaker, "M\xc3\xb3nica Torres");
	assert_string_equal(find(x, "trabajar con miedo")->kind, "direct");
	assert_string_equal(find(x, "pedir protecci")->speaker, "M\xc3\xb3nica Torres");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_es_reported_and_cues(void **state)
{
	const char *t = "La inflaci\xc3\xb3n de abril se moder\xc3\xb3 por tercer mes, seg\xc3\xban un "
			"informe del Banco Central.\n\n"
			"Seg\xc3\xban la Uni\xc3\xb3n Industrial, la capacidad instalada baj\xc3\xb3 al 54 % en marzo.\n\n"
			"De acuerdo con el canciller de Guyana, Hugh Todd, el referendo no tiene ning\xc3\xban "
			"efecto jur\xc3\xad" "dico.\n\n"
			"Para el economista Juli\xc3\xa1n Barreiro, la baja de precios todav\xc3\xad" "a no es una "
			"victoria.\n\n"
			"En palabras del alcalde de Guayaquil, Fabi\xc3\xa1n Cordero, la ciudad necesita fiscales "
			"y no solo soldados.\n\n"
			"En un comunicado, la Superintendencia de Transporte asegur\xc3\xb3 que vigilar\xc3\xa1 el "
			"cumplimiento de lo pactado.\n\n"
			"El Gobierno inform\xc3\xb3 a trav\xc3\xa9s de su cuenta en X que el super\xc3\xa1vit fue "
			"el mayor en d\xc3\xa9" "cadas.\n\n"
			"Los mineros mantendr\xc3\xa1n la huelga indefinida, inform\xc3\xb3 el domingo la "
			"Federaci\xc3\xb3n Minera.\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "se moder")->speaker, "Banco Central");
	assert_string_equal(find(x, "capacidad instalada")->speaker, "Uni\xc3\xb3n Industrial");
	assert_string_equal(find(x, "ning\xc3\xban efecto")->speaker, "Hugh Todd");
	assert_string_equal(find(x, "baja de precios")->speaker, "Juli\xc3\xa1n Barreiro");
	assert_string_equal(find(x, "necesita fiscales")->speaker, "Fabi\xc3\xa1n Cordero");
	assert_string_equal(find(x, "vigilar\xc3\xa1 el cumplimiento")->speaker,
			    "Superintendencia de Transporte");
	assert_string_equal(find(x, "vigilar\xc3\xa1 el cumplimiento")->text,
			    "vigilar\xc3\xa1 el cumplimiento de lo pactado.");
	assert_string_equal(find(x, "super\xc3\xa1vit")->speaker, "Gobierno");
	assert_string_equal(find(x, "mantendr\xc3\xa1n la huelga")->speaker, "Federaci\xc3\xb3n Minera");
	assert_string_equal(find(x, "mantendr\xc3\xa1n la huelga")->kind, "indirect");
	check_offsets(t, x);
	cl_extraction_free(x);
}

static void test_es_pro_drop(void **state)
{
	const char *t = "El presidente del CNE, Elvis Amoroso, asegur\xc3\xb3 que votaron m\xc3\xa1s de diez "
			"millones de personas. A\xc3\xb1" "adi\xc3\xb3 que el bolet\xc3\xadn definitivo se "
			"publicar\xc3\xa1 esta semana.\n\n"
			"Insisti\xc3\xb3 en que el sistema de votaci\xc3\xb3n es completamente seguro.\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_string_equal(find(x, "votaron m")->cue, "named");
	c = find(x, "bolet\xc3\xadn definitivo");
	assert_string_equal(c->speaker, "Elvis Amoroso");
	assert_string_equal(c->cue, "continuation");
	assert_string_not_equal(c->confidence, "high");
	c = find(x, "completamente seguro");
	assert_string_equal(c->speaker, "Elvis Amoroso");
	assert_string_equal(c->cue, "continuation");
	assert_string_not_equal(c->confidence, "high");
	cl_extraction_free(x);
	/* nobody spoke before: no guess */
	x = run_es("Afirm\xc3\xb3 que el sistema de votaci\xc3\xb3n es completamente seguro.\n");
	assert_int_equal(x->nclaims, 0);
	cl_extraction_free(x);
}

/* Patterns of real Spanish copy (es-tune): a further cue after a comma
 * or connective, an inserted pro-drop cue, an acronym and a lowercase
 * noun for a body named before, a month's name as a first name, nested
 * curly quotes, a straight mark with a space inside, a relative clause
 * with its own cue after an attributed quote, a long adverbial before
 * ", que". */
static void test_es_real_copy_patterns(void **state)
{
	const char *t = "La ministra de Econom\xc3\xad" "a, Laura R\xc3\xad" "os, coment\xc3\xb3"
			" que el d\xc3\xa9" "ficit bajar\xc3\xa1" " este a\xc3\xb1" "o, pues reiter\xc3\xb3"
			" que el gasto p\xc3\xba" "blico est\xc3\xa1" " contenido.\n\n"
			"Adem\xc3\xa1" "s, agreg\xc3\xb3" ", el pa\xc3\xad" "s cumplir\xc3\xa1"
			" todos sus compromisos con los acreedores.\n\n"
			"La Organizaci\xc3\xb3" "n Panamericana de la Salud public\xc3\xb3"
			" su informe anual. La OPS indic\xc3\xb3"
			" que los casos de dengue se duplicaron en la regi\xc3\xb3" "n.\n\n"
			"El Consejo Nacional Electoral public\xc3\xb3"
			" los resultados. El ente electoral asegur\xc3\xb3"
			" que la participaci\xc3\xb3" "n super\xc3\xb3" " el 60 % del padr\xc3\xb3" "n.\n\n"
			"Para el analista Julio Navarro, la demora da\xc3\xb1"
			"a la confianza de los votantes.\n\n"
			"\xe2\x80\x9c" "Nadie vot\xc3\xb3" " por alias \xe2\x80\x9c" "el Tigre\xe2\x80\x9d"
			" en esta elecci\xc3\xb3" "n\xe2\x80\x9d" ", dijo el senador Marcos Ib\xc3\xa1"
			"\xc3\xb1" "ez.\n\n"
			"\" Cada uno decide su voto en conciencia\", a\xc3\xb1" "adi\xc3\xb3"
			" Ib\xc3\xa1" "\xc3\xb1" "ez.\n\n"
			"\xc2\xab" "No hay plazos para la reforma\xc2\xbb"
			", dijo el ministro Pedro G\xc3\xb3" "mez, quien asegur\xc3\xb3"
			" que el proyecto llegar\xc3\xa1" " al Congreso en marzo.\n\n"
			"El canciller, Mario Sol\xc3\xad" "s, dijo este viernes (24.02.2023), con motivo "
			"del aniversario de la firma del tratado de paz entre ambos pa\xc3\xad"
			"ses, que la frontera seguir\xc3\xa1" " abierta.\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "ficit bajar");
	assert_string_equal(c->speaker, "Laura R\xc3\xad" "os");
	assert_null(strstr(c->text, "gasto"));
	assert_string_equal(find(x, "gasto p\xc3\xba" "blico")->speaker, "Laura R\xc3\xad" "os");
	c = find(x, "cumplir\xc3\xa1" " todos");
	assert_string_equal(c->speaker, "Laura R\xc3\xad" "os");
	assert_null(strstr(c->text, "agreg"));
	assert_string_equal(find(x, "casos de dengue")->speaker,
			    "Organizaci\xc3\xb3" "n Panamericana de la Salud");
	assert_string_equal(find(x, "participaci\xc3\xb3" "n super")->speaker,
			    "Consejo Nacional Electoral");
	assert_string_equal(find(x, "la demora")->speaker, "Julio Navarro");
	c = find(x, "Nadie vot");
	assert_string_equal(c->speaker, "Marcos Ib\xc3\xa1\xc3\xb1" "ez");
	assert_string_equal(c->kind, "direct");
	assert_non_null(strstr(c->text, "esta elecci\xc3\xb3" "n"));
	c = find(x, "Cada uno decide");
	assert_string_equal(c->text, "Cada uno decide su voto en conciencia");
	assert_string_equal(c->speaker, "Marcos Ib\xc3\xa1\xc3\xb1" "ez");
	assert_string_equal(find(x, "llegar\xc3\xa1" " al Congreso")->speaker, "Pedro G\xc3\xb3" "mez");
	assert_string_equal(find(x, "frontera seguir")->speaker, "Mario Sol\xc3\xad" "s");
	/* the nested marks are dropped from the text (the quote text
	 * rule), so the text is not the span's bytes: check the rule */
	for (size_t i = 0; i < x->nclaims; i++) {
		const cl_claim *d = &x->claims[i];
		char *q = NULL;
		cl_error err = { 0, "" };
		assert_true(d->offset + d->length <= strlen(t));
		if (strcmp(d->kind, "direct") != 0)
			continue;
		assert_cl_ok(cl_quote_text(t + d->offset, d->length, &q, &err), &err);
		assert_string_equal(q, d->text);
		free(q);
	}
	cl_extraction_free(x);
}

/* es-tune2: a speech verb's infinitive after "al" ("al señalar que"),
 * "el DT" for a técnico, and a verb with an object: the "que" after the
 * object is a relative pronoun, not the start of a claim. */
static void test_es_tune2_cues(void **state)
{
	const char *t = "El entrenador del club, Ramiro Vega, evit\xc3\xb3 hablar del arbitraje al "
			"se\xc3\xb1" "alar que el equipo mereci\xc3\xb3 ganar el partido.\n\n"
			"No obstante, el DT aclar\xc3\xb3 que los jugadores necesitan descanso.\n\n"
			"La ministra Elena Paz destac\xc3\xb3 el trabajo de la brigada, que fue creada "
			"en 2019 por el gobierno anterior.\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "mereci\xc3\xb3 ganar")->speaker, "Ramiro Vega");
	assert_string_equal(find(x, "necesitan descanso")->speaker, "Ramiro Vega");
	assert_false(has(x, "fue creada"));
	cl_extraction_free(x);
}

/* es-tune2: a body named again by the first words of its name, the
 * clause before a colon when the quote after it has its own cue, and
 * "…, donde agregó que" after an attributed quote. */
static void test_es_tune2_bodies_relatives(void **state)
{
	const char *t = "La Defensor\xc3\xad" "a de Bolivia public\xc3\xb3 un informe.\n\n"
			"\xc2\xab" "Las c\xc3\xa1rceles est\xc3\xa1n llenas y sin m\xc3\xa9" "dicos\xc2\xbb"
			", indic\xc3\xb3 la Defensor\xc3\xad" "a en su cuenta.\n\n"
			"El juez Tom\xc3\xa1s Rivas explic\xc3\xb3 que el proceso durar\xc3\xa1 dos a\xc3\xb1"
			"os: \xc2\xab" "No habr\xc3\xa1 atajos en este caso\xc2\xbb, asegur\xc3\xb3.\n\n"
			"\xc2\xab" "Nadie est\xc3\xa1 por encima de la ley\xc2\xbb, dijo Rivas en una rueda de "
			"prensa, donde agreg\xc3\xb3 que la sentencia llegar\xc3\xa1 en marzo.\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "sin m\xc3\xa9" "dicos")->speaker, "Defensor\xc3\xad" "a de Bolivia");
	assert_string_equal(find(x, "durar\xc3\xa1 dos")->speaker, "Tom\xc3\xa1s Rivas");
	assert_string_equal(find(x, "No habr\xc3\xa1 atajos")->speaker, "Tom\xc3\xa1s Rivas");
	assert_string_equal(find(x, "sentencia llegar")->speaker, "Tom\xc3\xa1s Rivas");
	cl_extraction_free(x);
}

/* es-tune2: "Para X, appositive, «…»" is X's direct claim, and so is
 * "para añadir que «…»" (the whole clause quoted); a body's acronym
 * before a first name is not part of the person's name. */
static void test_es_tune2_para_quotes(void **state)
{
	const char *t = "Para Marta Ortega, concejal del PSOE en Toledo, \xc2\xab" "el presupuesto llega "
			"tarde y mal\xc2\xbb, para a\xc3\xb1" "adir que \xc2\xab" "los vecinos pagar\xc3\xa1n "
			"la factura\xc2\xbb.\n\n"
			"El coronel PNP Andr\xc3\xa9s Quispe inform\xc3\xb3 que 12 agentes fueron "
			"suspendidos.\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "llega tarde");
	assert_string_equal(c->speaker, "Marta Ortega");
	assert_string_equal(c->kind, "direct");
	assert_string_equal(c->text, "el presupuesto llega tarde y mal");
	c = find(x, "pagar\xc3\xa1n la factura");
	assert_string_equal(c->speaker, "Marta Ortega");
	assert_string_equal(c->kind, "direct");
	assert_string_equal(find(x, "agentes fueron")->speaker, "Andr\xc3\xa9s Quispe");
	check_offsets(t, x);
	cl_extraction_free(x);
	/* "según él" inside a relative clause: the relative clause, from
	 * its antecedent's determiner, is the claim; not the main clause */
	x = run_es("El alcalde Jorge Salas visit\xc3\xb3 el barrio.\n\n"
		   "Elogi\xc3\xb3 a los vecinos, quienes, seg\xc3\xban \xc3\xa9l, limpiaron las calles "
		   "sin ayuda del municipio.\n");
	c = find(x, "limpiaron las calles");
	assert_string_equal(c->speaker, "Jorge Salas");
	assert_non_null(strstr(c->text, "los vecinos"));
	assert_null(strstr(c->text, "Elogi"));
	cl_extraction_free(x);
}

/* es-tune2: relayed speech.  "X citó a Y, que dijo que …" and "Agregó
 * que Y señaló que …" are Y's claims; the relayer X is who goes on
 * after them ("«…», dijo."), and "…, y subrayó que" after a cue with
 * no subject continues the last speaker. */
static void test_es_tune2_relay(void **state)
{
	const char *t = "En una rueda de prensa, la portavoz del ministerio, Sara Molina, cit\xc3\xb3 "
			"al ministro de Defensa, Luis Prado, que el lunes dijo que la frontera "
			"seguir\xc3\xa1 cerrada.\n\n"
			"Al mismo tiempo reiter\xc3\xb3 la necesidad de esperar, y subray\xc3\xb3 que "
			"el gobierno mantiene el di\xc3\xa1logo con los vecinos.\n\n"
			"Agreg\xc3\xb3 que Prado se\xc3\xb1" "al\xc3\xb3 que habr\xc3\xa1 m\xc3\xa1s "
			"patrullas en el norte.\n\n"
			"\"Nadie debe temer por su seguridad en la zona\", dijo.\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_string_equal(find(x, "seguir\xc3\xa1 cerrada")->speaker, "Luis Prado");
	assert_string_equal(find(x, "mantiene el di")->speaker, "Sara Molina");
	c = find(x, "patrullas en el norte");
	assert_string_equal(c->speaker, "Luis Prado");
	assert_null(strstr(c->text, "se\xc3\xb1" "al\xc3\xb3"));
	assert_string_equal(find(x, "Nadie debe temer")->speaker, "Sara Molina");
	cl_extraction_free(x);
}

static void test_es_descriptor_gender(void **state)
{
	/* two candidates: "la ministra" fits only the woman, "el ministro"
	 * only the man; "la jefa de la misión" only the one introduced so */
	const char *t = "El ministro de Ambiente, Robert Bouvier, y la ministra de Salud, Carmen Ciganda, "
			"presentaron el plan.\n\n"
			"La ministra advirti\xc3\xb3 que el agua de la red tiene m\xc3\xa1s sodio de lo habitual.\n\n"
			"El ministro explic\xc3\xb3 que las obras estar\xc3\xa1n listas en verano.\n\n"
			"La jefa de la misi\xc3\xb3n de la ONU, Ana Berm\xc3\xba" "dez, y el jefe negociador del "
			"ELN, Pablo Beltr\xc3\xa1n, asistieron.\n\n"
			"\xc2\xab" "El alto el fuego se ha cumplido en un 90 %\xc2\xbb, asegur\xc3\xb3 la jefa de "
			"la misi\xc3\xb3n.\n\n"
			"El jefe negociador fue m\xc3\xa1s cauto: \xc2\xab" "Hay que ver los hechos en los "
			"territorios\xc2\xbb.\n\n"
			"La portavoz dijo que el informe saldr\xc3\xa1 el martes.\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "sodio")->speaker, "Carmen Ciganda");
	assert_string_equal(find(x, "sodio")->cue, "descriptor");
	assert_string_equal(find(x, "listas en verano")->speaker, "Robert Bouvier");
	assert_string_equal(find(x, "alto el fuego")->speaker, "Ana Berm\xc3\xba" "dez");
	assert_string_equal(find(x, "ver los hechos")->speaker, "Pablo Beltr\xc3\xa1n");
	/* a portavoz nobody was introduced as: no claim */
	assert_int_equal(has(x, "el informe saldr"), 0);
	cl_extraction_free(x);
}

static void test_es_names_aliases_dates(void **state)
{
	const char *t = "date 2023-12-04\n\n"
			"El Departamento de Estado de EE.UU. afirm\xc3\xb3 en un comunicado que la disputa debe "
			"resolverse por la v\xc3\xad" "a pac\xc3\xad" "fica.\n\n"
			"El presidente \xc3\x93scar Benavides Prado lleg\xc3\xb3 a Lima.\n\n"
			"Benavides Prado dijo ayer que las p\xc3\xa9rdidas superan los 30 millones.\n\n"
			"Benavides sostuvo el pasado lunes que el sector no resistir\xc3\xa1 otra huelga.\n\n"
			"Maduro asegur\xc3\xb3 el 21 de noviembre que el pa\xc3\xads recuperar\xc3\xa1 el "
			"territorio.\n\n"
			"Piaggio reconoci\xc3\xb3 el 3 de enero de 2023 que las obras no estar\xc3\xa1n listas.\n\n"
			"La Fiscal\xc3\xad" "a inform\xc3\xb3 el domingo que abri\xc3\xb3 una investigaci\xc3\xb3n "
			"por el fraude.\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "la disputa debe");
	assert_string_equal(c->speaker, "United States government");
	assert_string_equal(c->cue, "alias");
	c = find(x, "superan los 30");
	assert_string_equal(c->speaker, "\xc3\x93scar Benavides Prado");
	assert_string_equal(c->date, "2023-12-03");
	c = find(x, "no resistir");
	assert_string_equal(c->speaker, "\xc3\x93scar Benavides Prado");
	assert_string_equal(c->date, "2023-11-27");
	/* a name never introduced is not a speaker */
	assert_int_equal(has(x, "recuperar\xc3\xa1 el territorio"), 0);
	assert_int_equal(has(x, "obras no estar"), 0);
	c = find(x, "abri\xc3\xb3 una investigaci");
	assert_string_equal(c->speaker, "Fiscal\xc3\xad" "a");
	assert_string_equal(c->date, "2023-12-03");
	cl_extraction_free(x);
	x = run_es("date 2024-01-10\n\nEl ministro de Salud, Pedro G\xc3\xb3mez, asegur\xc3\xb3 el "
		   "21 de noviembre que la campa\xc3\xb1" "a fue un \xc3\xa9xito. G\xc3\xb3mez "
		   "reconoci\xc3\xb3 el 3 de enero de 2024 que faltan vacunas en el sur.\n");
	assert_string_equal(find(x, "campa\xc3\xb1" "a fue")->date, "2023-11-21");
	assert_string_equal(find(x, "faltan vacunas")->date, "2024-01-03");
	cl_extraction_free(x);
}

/* es-tune4: a subject the rules cannot resolve ("El gremio de
 * transportistas", "La empresa") is someone: no claim rather than the
 * last speaker going on; a document ("El informe señala") speaks for
 * the last speaker. */
static void test_es_tune4_subjects(void **state)
{
	const char *t = "La ministra de Vivienda, Rosa Quintero, dijo que el plan costar\xc3\xa1 900 millones.\n\n"
			"El gremio de transportistas advirti\xc3\xb3 que el paro seguir\xc3\xa1 el lunes.\n\n"
			"El Banco Nacional alert\xc3\xb3 que la deuda crece sin control. El informe se\xc3\xb1" "ala que el d\xc3\xa9" "ficit llegar\xc3\xa1 al 5%.\n\n"
			"La empresa asegur\xc3\xb3 que no habr\xc3\xa1 despidos este a\xc3\xb1o.\n\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "costar\xc3\xa1 900")->speaker, "Rosa Quintero");
	assert_false(has(x, "paro seguir\xc3\xa1"));
	assert_false(has(x, "no habr\xc3\xa1 despidos"));
	assert_string_equal(find(x, "d\xc3\xa9" "ficit llegar\xc3\xa1")->speaker, "Banco Nacional");
	assert_string_equal(find(x, "d\xc3\xa9" "ficit llegar\xc3\xa1")->cue, "continuation");
	cl_extraction_free(x);
	/* the subject before an adverbial set off by commas ("El club,
	 * en un comunicado, lamentó … y anunció que"): someone, not the
	 * last speaker */
	x = run_es("La Polic\xc3\xad" "a inform\xc3\xb3 que tres aficionados fueron detenidos por des\xc3\xb3rdenes.\n\n"
		   "El club, en un comunicado, lament\xc3\xb3 los incidentes y anunci\xc3\xb3 que colaborar\xc3\xa1 con las autoridades.\n");
	assert_true(has(x, "tres aficionados"));
	assert_false(has(x, "colaborar\xc3\xa1 con"));
	cl_extraction_free(x);
}

/* es-tune4: more ways Spanish news reports: "dio a conocer que", "dejó
 * en claro que", a clitic before the verb, "por su parte" after it, "A
 * juicio de X,", "Como explicó X,", "descartó que" (a denial); a title
 * "de" a place before the name ("la exministra de Trabajo Juana
 * Estévez"); a topic after "alertó sobre" is no "que" clause. */
static void test_es_tune4_cues(void **state)
{
	const char *t = "El alcalde Pedro Ibarra dio a conocer que habr\xc3\xa1 multas para la constructora.\n\n"
			"Luego de reunirse con los vecinos, Ibarra dej\xc3\xb3 en claro que no subir\xc3\xa1 los impuestos.\n\n"
			"La exministra de Trabajo Juana Est\xc3\xa9vez le dijo a la radio que renunci\xc3\xb3 por motivos de salud.\n\n"
			"\xc2\xabNo hay dinero para m\xc3\xa1s obras\xc2\xbb, expres\xc3\xb3 por su parte la concejala Marta Ruiz.\n\n"
			"A juicio del economista Tom\xc3\xa1s Lara, la deuda es sostenible.\n\n"
			"Como explic\xc3\xb3 Lara, el pa\xc3\xads crece al 3%.\n\n"
			"La Defensor\xc3\xad" "a del Pueblo alert\xc3\xb3 sobre los desalojos de familias, que aumentaron en marzo.\n\n"
			"Tras reunirse con el gabinete, el presidente Luis Arce descart\xc3\xb3 que haya un aumento de la gasolina.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_string_equal(find(x, "habr\xc3\xa1 multas")->speaker, "Pedro Ibarra");
	assert_string_equal(find(x, "no subir\xc3\xa1")->speaker, "Pedro Ibarra");
	assert_string_equal(find(x, "renunci\xc3\xb3 por")->speaker, "Juana Est\xc3\xa9vez");
	assert_string_equal(find(x, "No hay dinero")->speaker, "Marta Ruiz");
	assert_string_equal(find(x, "deuda es sostenible")->speaker, "Tom\xc3\xa1s Lara");
	assert_string_equal(find(x, "pa\xc3\xads crece")->speaker, "Tom\xc3\xa1s Lara");
	assert_false(has(x, "aumentaron en marzo"));
	c = find(x, "aumento de la gasolina");
	assert_string_equal(c->speaker, "Luis Arce");
	assert_non_null(c->polarity);
	assert_string_equal(c->polarity, "denial");
	cl_extraction_free(x);
}

/* es-tune4: more titles and descriptors (descriptors.txt: "el
 * meteorólogo" is an "experto", "la exministra"), more first names, a
 * named audience before the speaker ("dijo a EFE el director …"), and
 * two bodies joined by "y la" are two names, the first the speaker. */
static void test_es_tune4_descriptors(void **state)
{
	const char *t = "El meteor\xc3\xb3logo Amador Qui\xc3\xb1ones dijo que las lluvias seguir\xc3\xa1n hasta el jueves. El experto a\xc3\xb1" "adi\xc3\xb3 que el r\xc3\xado podr\xc3\xad" "a desbordarse.\n\n"
			"La exministra Yadira Peralta critic\xc3\xb3 la reforma. La exministra asegur\xc3\xb3 que el texto es inconstitucional.\n\n"
			"\xc2\xab" "Faltan carpas y agua potable\xc2\xbb, dijo a EFE el director de la Cruz Roja, Humberto Salinas.\n\n"
			"La Fiscal\xc3\xad" "a y la Polic\xc3\xad" "a informaron que los detenidos ser\xc3\xa1n trasladados a la capital.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "r\xc3\xado podr\xc3\xad" "a");
	assert_string_equal(c->speaker, "Amador Qui\xc3\xb1ones");
	assert_string_equal(c->cue, "descriptor");
	c = find(x, "texto es inconst");
	assert_string_equal(c->speaker, "Yadira Peralta");
	assert_string_equal(c->cue, "descriptor");
	assert_string_equal(find(x, "Faltan carpas")->speaker, "Humberto Salinas");
	assert_string_equal(find(x, "detenidos ser\xc3\xa1n")->speaker, "Fiscal\xc3\xad" "a");
	cl_extraction_free(x);
}

/* es-tune4: a document speaks for its issuer ("Según el informe,",
 * "reveló un informe del organismo"); a comma piece that opens with a
 * preposition is no subject ("Sobre la final contra Perú en Lima,
 * señaló que": pro-drop); "luego de que" is no "que" of the cue; an
 * adverbial before the speaker ("indicó en rueda de prensa el
 * ministro"); an acronym in parentheses after a trailing speaker; an
 * attribution later than the quote's cue window; "en el que insistió
 * … que" after an attributed quote; a trailing attribution before a
 * colon and a quote. */
static void test_es_tune4_attribution(void **state)
{
	const char *t = "La Organizaci\xc3\xb3n Mundial del Turismo public\xc3\xb3 un estudio y advirti\xc3\xb3 que el sector crecer\xc3\xa1 este a\xc3\xb1o. Seg\xc3\xban el informe, las llegadas de turistas aumentar\xc3\xa1n un 8% en la regi\xc3\xb3n.\n\n"
			"El Banco Agrario present\xc3\xb3 sus cuentas anuales. Las p\xc3\xa9rdidas llegaron a 20 millones de d\xc3\xb3lares, revel\xc3\xb3 el viernes un informe del organismo.\n\n"
			"El t\xc3\xa9" "cnico Ramiro Ochoa dijo que el plantel est\xc3\xa1 completo. Sobre la final contra Per\xc3\xba en Lima, desde las 18:00, se\xc3\xb1" "al\xc3\xb3 que el equipo llegar\xc3\xa1 descansado.\n\n"
			"La Fiscal\xc3\xad" "a inform\xc3\xb3 sobre la captura de Marcos Rivas, luego de que la fiscal Ana Torres denunciara un plan para atacar su oficina.\n\n"
			"\"Tenemos vacunas para todo el pa\xc3\xads\", indic\xc3\xb3 en rueda de prensa el ministro de Salud, Pablo Ferrer.\n\n"
			"Con 2 millones de casos este a\xc3\xb1o, la regi\xc3\xb3n vivir\xc3\xa1 su peor temporada de gripe, alert\xc3\xb3 la Organizaci\xc3\xb3n Panamericana de la Salud (OPS).\n\n"
			"\"Es un golpe para las familias\", donde los precios \"suben cada semana\", se\xc3\xb1" "al\xc3\xb3 la directora del Observatorio de Precios, Irene Salvat.\n\n"
			"\"La meta est\xc3\xa1 cerca\", afirm\xc3\xb3 Ferrer en un comunicado en el que insisti\xc3\xb3 a los alcaldes que la vacunaci\xc3\xb3n de los ni\xc3\xb1os es obligatoria.\n\n"
			"Las alertas llegaron demasiado tarde, como indica Marta Gil, periodista de la radio local: \"Nadie avis\xc3\xb3 a los vecinos del r\xc3\xado\".\n\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_string_equal(find(x, "llegadas de turistas")->speaker, "Organizaci\xc3\xb3n Mundial del Turismo");
	assert_string_equal(find(x, "p\xc3\xa9rdidas llegaron")->speaker, "Banco Agrario");
	assert_string_equal(find(x, "llegar\xc3\xa1 descansado")->speaker, "Ramiro Ochoa");
	assert_string_equal(find(x, "Tenemos vacunas")->speaker, "Pablo Ferrer");
	assert_string_equal(find(x, "peor temporada de gripe")->speaker, "Organizaci\xc3\xb3n Panamericana de la Salud");
	assert_string_equal(find(x, "golpe para las familias")->speaker, "Irene Salvat");
	assert_string_equal(find(x, "ni\xc3\xb1os es obligatoria")->speaker, "Pablo Ferrer");
	assert_string_equal(find(x, "alertas llegaron")->speaker, "Marta Gil");
	assert_false(has(x, "plan para atacar"));
	cl_extraction_free(x);
}

/* es-tune4: after a cue in the perfect, "y ha pedido …" is the
 * speaker's next verb and ends the clause, unless the clause has a
 * perfect of its own before it. */
static void test_es_tune4_perfect(void **state)
{
	cl_extraction *x = run_es("El portavoz del partido, Ramiro Ustariz, ha replicado que las cuentas \xc2\xabson un enga\xc3\xb1o\xc2\xbb y ha pedido la dimisi\xc3\xb3n de la ministra.\n\n"
				  "La ministra Ana Ruiz ha afirmado que el gobierno ha mentido y ha ocultado las cifras.\n");
	const cl_claim *c;

	(void)state;
	c = find(x, "son un enga\xc3\xb1o");
	assert_string_equal(c->speaker, "Ramiro Ustariz");
	assert_null(strstr(c->text, "dimisi\xc3\xb3n"));
	c = find(x, "gobierno ha mentido");
	assert_non_null(strstr(c->text, "ha ocultado"));
	cl_extraction_free(x);
}

/* es-tune4: "el entonces ministro" held the office before, and is not
 * its holder; "A, según X, B" with a short A is the claim "A B". */
static void test_es_tune4_insertions(void **state)
{
	const char *t = "El ministro del Interior, Ra\xc3\xbal Castillo, present\xc3\xb3 el plan de seguridad.\n\n"
			"Hace un a\xc3\xb1o, el entonces ministro hab\xc3\xad" "a asegurado que las c\xc3\xa1rceles no estaban saturadas.\n\n"
			"Los datos, seg\xc3\xban explic\xc3\xb3 el viceministro Julio Ortega, muestran una ca\xc3\xad" "da del 10% en los robos.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_false(has(x, "no estaban saturadas"));
	c = find(x, "ca\xc3\xad" "da del 10%");
	assert_string_equal(c->speaker, "Julio Ortega");
	assert_non_null(strstr(c->text, "Los datos muestran"));
	assert_null(strstr(c->text, "seg\xc3\xban"));
	cl_extraction_free(x);
}

/* es-tune4 (after dev3): "e" joins a name ("Geología e Hidrología");
 * a plural document ("Según los pronósticos,"); "…, pero advirtió que
 * B" and "…, aunque …" start a claim of the same speaker; "y destacó
 * el trabajo …" (a speech verb with no "que") and ", mientras que …"
 * end the clause; "durante la apertura" is no object of the verb; an
 * infinitive after "pese a" reports. */
static void test_es_tune4_dev3_clauses(void **state)
{
	const char *t = "El Instituto de Geolog\xc3\xad" "a e Hidrolog\xc3\xad" "a del Chaco inform\xc3\xb3 que el r\xc3\xado bajar\xc3\xa1 un metro esta semana. Seg\xc3\xban los pron\xc3\xb3sticos, las lluvias volver\xc3\xa1n a mediados de mayo.\n\n"
			"La senadora In\xc3\xa9s Maldonado afirm\xc3\xb3 que la reforma reducir\xc3\xa1 la pobreza, pero advirti\xc3\xb3 que los resultados tardar\xc3\xa1n a\xc3\xb1os en llegar.\n\n"
			"Maldonado remarc\xc3\xb3 que la prioridad es el empleo y destac\xc3\xb3 el trabajo de los municipios durante la crisis.\n\n"
			"El ministro Tom\xc3\xa1s Herrera asegur\xc3\xb3 que el pa\xc3\xads super\xc3\xb3 la crisis financiera, mientras que la oposici\xc3\xb3n denuncia un aumento de la deuda.\n\n"
			"Herrera recalc\xc3\xb3 durante la apertura del foro econ\xc3\xb3mico que la inflaci\xc3\xb3n bajar\xc3\xa1 al 4%.\n\n"
			"Durante la campa\xc3\xb1" "a grab\xc3\xb3 un video en quechua, pese a reconocer que apenas habla el idioma.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_string_equal(find(x, "r\xc3\xado bajar\xc3\xa1")->speaker, "Instituto de Geolog\xc3\xad" "a e Hidrolog\xc3\xad" "a del Chaco");
	assert_string_equal(find(x, "lluvias volver\xc3\xa1n")->speaker, "Instituto de Geolog\xc3\xad" "a e Hidrolog\xc3\xad" "a del Chaco");
	c = find(x, "reducir\xc3\xa1 la pobreza");
	assert_null(strstr(c->text, "advirti\xc3\xb3"));
	assert_string_equal(find(x, "tardar\xc3\xa1n a\xc3\xb1os")->speaker, "In\xc3\xa9s Maldonado");
	c = find(x, "prioridad es el empleo");
	assert_null(strstr(c->text, "destac\xc3\xb3"));
	c = find(x, "super\xc3\xb3 la crisis");
	assert_null(strstr(c->text, "oposici\xc3\xb3n"));
	assert_string_equal(find(x, "inflaci\xc3\xb3n bajar\xc3\xa1")->speaker, "Tom\xc3\xa1s Herrera");
	assert_string_equal(find(x, "habla el idioma")->speaker, "Tom\xc3\xa1s Herrera");
	cl_extraction_free(x);
}

/* es-tune4 (after dev3): a capitalised title ("El Presidente Rodrigo
 * Almagro") introduces; of two who fit a descriptor and nothing
 * chooses, the one the article was quoting ("el Mandatario … con el
 * presidente electo Matías Ferrada y afirmó que"); a descriptor nobody
 * was introduced with is the person just quoted when the article gave
 * them no title ("El líder sindical"), never "un experto". */
static void test_es_tune4_descriptor_salience(void **state)
{
	const char *t = "El Presidente Rodrigo Almagro anunci\xc3\xb3 que visitar\xc3\xa1 las zonas afectadas por el temporal.\n\n"
			"En ese marco, el Mandatario descart\xc3\xb3 una reuni\xc3\xb3n con el presidente electo Mat\xc3\xad" "as Ferrada y afirm\xc3\xb3 que la ayuda llegar\xc3\xa1 esta semana.\n\n"
			"Nicol\xc3\xa1s Ort\xc3\xbazar asegur\xc3\xb3 que el sindicato no firmar\xc3\xa1 el acuerdo.\n\n"
			"El l\xc3\xad" "der sindical asegur\xc3\xb3 que la huelga seguir\xc3\xa1 hasta marzo.\n\n"
			"El ministro Tom\xc3\xa1s Gil dijo que habr\xc3\xa1 recortes. Un experto advirti\xc3\xb3 que los recortes no bastar\xc3\xa1n.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "ayuda llegar\xc3\xa1");
	assert_string_equal(c->speaker, "Rodrigo Almagro");
	assert_string_equal(c->confidence, "low");
	c = find(x, "huelga seguir\xc3\xa1");
	assert_string_equal(c->speaker, "Nicol\xc3\xa1s Ort\xc3\xbazar");
	assert_string_equal(c->cue, "descriptor");
	assert_string_equal(c->confidence, "low");
	assert_false(has(x, "no bastar\xc3\xa1n"));
	cl_extraction_free(x);
}

/* es-tune4 (after dev3): a long relative clause set off before the
 * verb ("X, la joven concejala que ganó … de Cuenca, aseguró que"); a
 * person introduced with a title of any office ("el titular de
 * Hacienda") fits "El ministro", less sure; "el jefe de la cartera" is
 * a minister. */
static void test_es_tune4_relative_subject(void **state)
{
	const char *t = "Luc\xc3\xad" "a Berrocal, la joven concejala que gan\xc3\xb3 la elecci\xc3\xb3n al convertirse en la primera mujer en obtener la mayor\xc3\xad" "a absoluta en el concejo de la ciudad de Cuenca, asegur\xc3\xb3 que su prioridad ser\xc3\xa1 reducir el tr\xc3\xa1" "fico.\n\n"
			"As\xc3\xad lo explic\xc3\xb3 el titular de Hacienda, \xc3\x81lvaro Quintana, en una rueda de prensa.\n\n"
			"El ministro asegur\xc3\xb3 que el d\xc3\xa9" "ficit se reducir\xc3\xa1 a la mitad en dos a\xc3\xb1os.\n\n"
			"El ministro de Salud, Benito Robles, critic\xc3\xb3 a las aseguradoras. El jefe de la cartera se\xc3\xb1" "al\xc3\xb3 que el fondo de salud no tiene reservas.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_string_equal(find(x, "reducir el tr\xc3\xa1" "fico")->speaker, "Luc\xc3\xad" "a Berrocal");
	c = find(x, "d\xc3\xa9" "ficit se reducir\xc3\xa1");
	assert_string_equal(c->speaker, "\xc3\x81lvaro Quintana");
	assert_string_equal(c->confidence, "low");
	assert_string_equal(find(x, "no tiene reservas")->speaker, "Benito Robles");
	cl_extraction_free(x);
}

/* es-tune4 (after dev3): a speech verb's form after a determiner is a
 * noun ("la alerta roja"); "Así lo dijo …, que fue organizado": the
 * clitic is the object, no "que" clause; "el jefe del Ejecutivo" is
 * the president of the government. */
static void test_es_tune4_nouns_clitics(void **state)
{
	const char *t = "El Instituto del Clima mantiene activa la alerta roja por lluvias que afectar\xc3\xa1 a cinco provincias del norte.\n\n"
			"El ministro de Trabajo, Ram\xc3\xb3n Iturbe, habl\xc3\xb3 en el foro. As\xc3\xad lo dijo durante su discurso en el congreso anual, que fue organizado por dicha cartera y reuni\xc3\xb3 a cien expertos.\n\n"
			"El presidente del Gobierno, Ernesto Valdivia, convoc\xc3\xb3 a la prensa. El jefe del Ejecutivo hab\xc3\xad" "a adelantado que anunciar\xc3\xad" "a hoy su decisi\xc3\xb3n sobre el gabinete.\n\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_false(has(x, "cinco provincias"));
	assert_false(has(x, "fue organizado"));
	assert_string_equal(find(x, "anunciar\xc3\xad" "a hoy")->speaker, "Ernesto Valdivia");
	cl_extraction_free(x);
}

/* es-tune4 (after dev3): "Aunque X dice que A, Y insisten en que B"
 * (a subject of its own after a comma ends A; B is Y's); "Para X, A y
 * señaló que B" (both X's); "«…», dijo X, tras escuchar a Y, que
 * comentó que B" (B is Y's, the relative's antecedent). */
static void test_es_tune4_new_subjects(void **state)
{
	const char *t = "El ministro Tom\xc3\xa1s Herrera present\xc3\xb3 el presupuesto.\n\n"
			"Aunque el Gobierno dice que la econom\xc3\xad" "a crece, la dirigente Ana Prieto y sus aliados insisten en que los salarios no alcanzan para vivir.\n\n"
			"Para Herrera, ser\xc3\xa1 el presupuesto m\xc3\xa1s austero de la historia y se\xc3\xb1" "al\xc3\xb3 que, como en a\xc3\xb1os anteriores, las provincias recibir\xc3\xa1n menos fondos.\n\n"
			"\"Nuestro plan es muy s\xc3\xb3lido\", dijo Marta Quiroga, tras escuchar a Juli\xc3\xa1n Ibarra, que coment\xc3\xb3 que los bancos son una oportunidad para los peque\xc3\xb1os productores.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	c = find(x, "econom\xc3\xad" "a crece");
	assert_null(strstr(c->text, "insisten"));
	assert_string_equal(find(x, "salarios no alcanzan")->speaker, "Ana Prieto");
	assert_string_equal(find(x, "m\xc3\xa1s austero")->speaker, "Tom\xc3\xa1s Herrera");
	assert_string_equal(find(x, "recibir\xc3\xa1n menos fondos")->speaker, "Tom\xc3\xa1s Herrera");
	assert_string_equal(find(x, "plan es muy s\xc3\xb3lido")->speaker, "Marta Quiroga");
	assert_string_equal(find(x, "peque\xc3\xb1os productores")->speaker, "Juli\xc3\xa1n Ibarra");
	cl_extraction_free(x);
}

/* es-tune4 (after dev3): "«…». Así (de dura) se ha mostrado X" and
 * "«…». Así lo explicó X": the sentence opening with "Así" attributes
 * the lone quote before it. */
static void test_es_tune4_asi(void **state)
{
	cl_extraction *x = run_es("\xc2\xabNos dejaron solos frente al agua\xc2\xbb. As\xc3\xad de dura se ha mostrado Carmen Vidal, una vecina del barrio inundado.\n\n"
				  "\xc2\xabLas obras estar\xc3\xa1n listas en marzo\xc2\xbb. As\xc3\xad lo explic\xc3\xb3 el alcalde Jorge Pe\xc3\xb1" "a en la radio local.\n");

	(void)state;
	assert_string_equal(find(x, "Nos dejaron solos")->speaker, "Carmen Vidal");
	assert_string_equal(find(x, "Nos dejaron solos")->kind, "direct");
	assert_string_equal(find(x, "obras estar\xc3\xa1n listas")->speaker, "Jorge Pe\xc3\xb1" "a");
	cl_extraction_free(x);
}

/* es-tune4: an interview in dialogue dashes; the question is no claim,
 * the answer before "—respondió X" is X's. */
static void test_es_tune4_interview_dash(void **state)
{
	cl_extraction *x = run_es("El portavoz de la empresa, Luis Carlos Ortiz, dijo a la radio que devolver\xc3\xa1n el importe de los billetes.\n\n"
				  "\xe2\x80\x94\xc2\xbf" "Cu\xc3\xa1ndo se recuperar\xc3\xa1 el servicio normal?\n"
				  "\xe2\x80\x94" "Esperamos que la semana pr\xc3\xb3xima \xe2\x80\x94respondi\xc3\xb3 Ortiz.\n");
	const cl_claim *c;

	(void)state;
	c = find(x, "Esperamos que la semana");
	assert_string_equal(c->speaker, "Luis Carlos Ortiz");
	assert_null(strstr(c->text, "Cu\xc3\xa1ndo"));
	assert_false(has(x, "servicio normal"));
	cl_extraction_free(x);
}

/* es-tune4: speech verbs used for no statement give no claim ("explicó
 * el proceso a los vecinos, que …", "anunció la compra de …, que …",
 * "señaló el camino"); "X detalló los plazos: CLAUSE" is X's claim; a
 * demand after "y" ("y exigió que se amplíe") ends the clause. */
static void test_es_tune4_objects_colon(void **state)
{
	const char *t = "La alcaldesa de Rosario, M\xc3\xb3nica Fein, present\xc3\xb3 el nuevo plan de transporte.\n\n"
			"Fein explic\xc3\xb3 el proceso a los vecinos, que lo entendieron sin problemas.\n\n"
			"La empresa anunci\xc3\xb3 la compra de 200 autobuses el\xc3\xa9" "ctricos, que llegar\xc3\xa1n en diciembre.\n\n"
			"El presidente record\xc3\xb3 a las v\xc3\xad" "ctimas de la tragedia, que murieron hace diez a\xc3\xb1os.\n\n"
			"La funcionaria se\xc3\xb1" "al\xc3\xb3 el camino que deber\xc3\xa1n seguir los conductores durante las obras.\n\n"
			"El informe destaca la importancia del transporte p\xc3\xba" "blico para reducir las emisiones.\n\n"
			"Los vecinos, que reclamaban m\xc3\xa1s frecuencias, celebraron el anuncio.\n\n"
			"La oposici\xc3\xb3n critic\xc3\xb3 que el plan no incluya a los barrios del sur.\n\n"
			"Fein detall\xc3\xb3 los plazos: las obras comenzar\xc3\xa1n en enero y terminar\xc3\xa1n en junio.\n\n"
			"El concejal Pablo Javkin afirm\xc3\xb3 que el proyecto \"es insuficiente\" y exigi\xc3\xb3 que se ampl\xc3\xad" "e.\n\n";
	cl_extraction *x = run_es(t);
	const cl_claim *c;

	(void)state;
	assert_int_equal(x->nclaims, 2);
	assert_string_equal(find(x, "obras comenzar\xc3\xa1n")->speaker, "M\xc3\xb3nica Fein");
	c = find(x, "es insuficiente");
	assert_string_equal(c->speaker, "Pablo Javkin");
	assert_null(strstr(c->text, "exigi\xc3\xb3"));
	cl_extraction_free(x);
}

/* es-tune4: "La defensa de Ruiz anunció": the name after a noun that is
 * no title is whose it is, not the speaker; "refirió que" reports
 * ("se refirió a" does not). */
static void test_es_tune4_heads(void **state)
{
	const char *t = "El exconcejal Hollman Ruiz fue condenado a doce a\xc3\xb1os de prisi\xc3\xb3n.\n\n"
			"La defensa de Ruiz anunci\xc3\xb3 que apelar\xc3\xa1 la sentencia ante el tribunal superior.\n\n"
			"El alcalde de la ciudad, Carlos Fernando Gal\xc3\xa1n, refiri\xc3\xb3 que la ciudad no tolerar\xc3\xa1 la corrupci\xc3\xb3n.\n\n";
	cl_extraction *x = run_es(t);

	(void)state;
	assert_false(has(x, "apelar\xc3\xa1 la sentencia"));
	assert_string_equal(find(x, "no tolerar\xc3\xa1")->speaker, "Carlos Fernando Gal\xc3\xa1n");
	cl_extraction_free(x);
}

/* Every article under dir/articles is detected as `lang`. */
static void assert_dir_lang(const char *dir, const char *lang)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	size_t n = 0;

	snprintf(path, sizeof path, "%s/articles", dir);
	d = opendir(path);
	if (d == NULL)
		fail_msg("cannot open %s", path);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), len = 0;
		char file[4400], *buf;
		cl_extraction *x = NULL;
		cl_error err = { 0, "" };
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0)
			continue;
		snprintf(file, sizeof file, "%s/%s", path, de->d_name);
		buf = tu_slurp(file, &len);
		assert_non_null(buf);
		assert_cl_ok(cl_extract(buf, len, NULL, &x, &err), &err);
		if (strcmp(x->lang, lang) != 0)
			fail_msg("%s: detected as %s, not %s", file, x->lang, lang);
		cl_extraction_free(x);
		free(buf);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
}

/* Detection on every fixture: the English sets are English, the Spanish
 * ones Spanish (the real Spanish dev split when it is there). */
static void test_detect_fixtures(void **state)
{
	char dir[4096];

	(void)state;
	assert_dir_lang(fixtures(), "en");
	snprintf(dir, sizeof dir, "%s/heldout", fixtures());
	assert_dir_lang(dir, "en");
	snprintf(dir, sizeof dir, "%s/realnews/dev", fixtures());
	assert_dir_lang(dir, "en");
	snprintf(dir, sizeof dir, "%s/spanish/tuning", fixtures());
	assert_dir_lang(dir, "es");
	snprintf(dir, sizeof dir, "%s/spanish/heldout", fixtures());
	assert_dir_lang(dir, "es");
	snprintf(dir, sizeof dir, "%s/spanish/heldout2", fixtures());
	assert_dir_lang(dir, "es");
	snprintf(dir, sizeof dir, "%s/realnews-es/dev/articles", fixtures());
	if (access(dir, F_OK) == 0) {
		snprintf(dir, sizeof dir, "%s/realnews-es/dev", fixtures());
		assert_dir_lang(dir, "es");
	}
}

static void test_evaluation(void **state)
{
	score all, held;
	cl_aliases *a = load_aliases();
	int verbose = getenv("EXTRACT_VERBOSE") != NULL;
	const char *hdir = getenv("CLAIMLEDGER_HELDOUT");
	size_t nn = 0, nh = 0;
	double worst;

	(void)state;
	printf("claim extraction evaluation (Dice >= 0.6 on words; attributed = right speaker too)\n");
	printf(" tuning set (%s: every article here was used to tune the rules)\n", fixtures());
	worst = eval_dir(fixtures(), a, &all, &nn, verbose);
	print_score("TUNING set overall", &all);
	if (hdir != NULL && hdir[0] != '\0') {
		printf(" held-out set (%s: never used to tune the rules; no floor)\n", hdir);
		eval_dir(hdir, a, &held, &nh, verbose);
		print_score("HELD-OUT set overall", &held);
	}
	/* Real news (development split): scored every run, with a floor
	 * against regressions a little below what the rules reach (0.92
	 * attributed F1 when last tuned).  The blind split is scored only
	 * on request (CLAIMLEDGER_HELDOUT), and never studied. */
	{
		char dev[4096];
		score real;
		size_t nr = 0;
		snprintf(dev, sizeof dev, "%s/realnews/dev", fixtures());
		printf(" real news, development split (%s)\n", dev);
		eval_dir(dev, a, &real, &nr, verbose);
		print_score("REAL-DEV set overall", &real);
		assert_true(nr >= 20);
		assert_true(f1(real.tpa, real.found, real.gold) >= 0.88);
	}
	/* Spanish articles written in newswire style (fixtures/spanish):
	 * the tuning split has a floor; the held-out split was written
	 * before the Spanish rules and never tuned on (no floor). */
	{
		char dir[4096];
		score es, esh;
		size_t ne = 0, neh = 0;
		snprintf(dir, sizeof dir, "%s/spanish/tuning", fixtures());
		printf(" Spanish, written, tuning split (%s)\n", dir);
		eval_dir(dir, a, &es, &ne, verbose);
		print_score("ES-TUNING set overall", &es);
		snprintf(dir, sizeof dir, "%s/spanish/heldout", fixtures());
		printf(" Spanish, written, held-out split (%s: never tuned on)\n", dir);
		eval_dir(dir, a, &esh, &neh, verbose);
		print_score("ES-HELDOUT set overall", &esh);
		assert_true(ne >= 5);
		assert_true(f1(es.tpa, es.found, es.gold) >= 0.85);
	}
	/* Floors a little below what the rules reach on the tuning set
	 * (1.00 overall and per article when last tuned). */
	assert_true(nn >= 20);
	assert_true(f1(all.tpa, all.found, all.gold) >= 0.95);
	assert_true(f1(all.tp, all.found, all.gold) >= 0.95);
	assert_true(worst >= 0.85);
	cl_aliases_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_plain_news_forms),
		cmocka_unit_test(test_particles_and_appositive_after_quote),
		cmocka_unit_test(test_possessive_bodies_and_adding),
		cmocka_unit_test(test_empty_and_headers_only),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_alias_speaker),
		cmocka_unit_test(test_quote_text),
		cmocka_unit_test(test_quote_text_fixtures),
		cmocka_unit_test(test_direct_curly_offsets),
		cmocka_unit_test(test_straight_and_guillemets),
		cmocka_unit_test(test_nested_single_quotes),
		cmocka_unit_test(test_inverted_and_pronoun),
		cmocka_unit_test(test_pronoun_skips_object_mention),
		cmocka_unit_test(test_descriptor_appositive),
		cmocka_unit_test(test_document_speaker),
		cmocka_unit_test(test_parenthetical_cue),
		cmocka_unit_test(test_regime_quote_not_its_subject),
		cmocka_unit_test(test_scare_quotes_are_not_claims),
		cmocka_unit_test(test_fragment_joins_indirect),
		cmocka_unit_test(test_multi_paragraph_quote),
		cmocka_unit_test(test_unclosed_quote_capped),
		cmocka_unit_test(test_broken_close_mark),
		cmocka_unit_test(test_reported_speech),
		cmocka_unit_test(test_trailing_according_to),
		cmocka_unit_test(test_headlines_ignored),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_large_article),
		cmocka_unit_test(test_titles_stripped),
		cmocka_unit_test(test_named_body_descriptor),
		cmocka_unit_test(test_appositive_with_the),
		cmocka_unit_test(test_groups_and_places_not_speakers),
		cmocka_unit_test(test_company_and_own_figures),
		cmocka_unit_test(test_postnominals_and_particle_surnames),
		cmocka_unit_test(test_possessive_owner_not_speaker),
		cmocka_unit_test(test_nationality_descriptor),
		cmocka_unit_test(test_unclosed_quote_with_attribution),
		cmocka_unit_test(test_relative_pronoun_is_not_a_speaker),
		cmocka_unit_test(test_told_audience_without_that),
		cmocka_unit_test(test_body_after_role_and_the_company),
		cmocka_unit_test(test_document_names_its_issuer),
		cmocka_unit_test(test_relative_clause_subject_and_far_that),
		cmocka_unit_test(test_colon_quote_speaker),
		cmocka_unit_test(test_bracketed_acronym),
		cmocka_unit_test(test_bare_cue_after_time_phrase),
		cmocka_unit_test(test_claim_date_from_attribution),
		cmocka_unit_test(test_claim_date_not_from_content),
		cmocka_unit_test(test_claim_date_without_article_date),
		cmocka_unit_test(test_caption_labels),
		cmocka_unit_test(test_body_names_particles_roles),
		cmocka_unit_test(test_body_speakers),
		cmocka_unit_test(test_affiliations),
		cmocka_unit_test(test_glued_sentences),
		cmocka_unit_test(test_saying_clause),
		cmocka_unit_test(test_as_and_owned_bodies),
		cmocka_unit_test(test_safe_speakers),
		cmocka_unit_test(test_es_detect_and_header),
		cmocka_unit_test(test_es_quotes_cue_after_and_before),
		cmocka_unit_test(test_es_nested_quotes),
		cmocka_unit_test(test_es_dialogue_dash),
		cmocka_unit_test(test_es_reported_and_cues),
		cmocka_unit_test(test_es_pro_drop),
		cmocka_unit_test(test_es_real_copy_patterns),
		cmocka_unit_test(test_es_tune2_cues),
		cmocka_unit_test(test_es_tune2_bodies_relatives),
		cmocka_unit_test(test_es_tune2_para_quotes),
		cmocka_unit_test(test_es_tune2_relay),
		cmocka_unit_test(test_es_descriptor_gender),
		cmocka_unit_test(test_es_names_aliases_dates),
		cmocka_unit_test(test_es_tune4_subjects),
		cmocka_unit_test(test_es_tune4_cues),
		cmocka_unit_test(test_es_tune4_descriptors),
		cmocka_unit_test(test_es_tune4_attribution),
		cmocka_unit_test(test_es_tune4_perfect),
		cmocka_unit_test(test_es_tune4_insertions),
		cmocka_unit_test(test_es_tune4_dev3_clauses),
		cmocka_unit_test(test_es_tune4_descriptor_salience),
		cmocka_unit_test(test_es_tune4_relative_subject),
		cmocka_unit_test(test_es_tune4_nouns_clitics),
		cmocka_unit_test(test_es_tune4_new_subjects),
		cmocka_unit_test(test_es_tune4_asi),
		cmocka_unit_test(test_es_tune4_interview_dash),
		cmocka_unit_test(test_es_tune4_objects_colon),
		cmocka_unit_test(test_es_tune4_heads),
		cmocka_unit_test(test_detect_fixtures),
		cmocka_unit_test(test_evaluation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
