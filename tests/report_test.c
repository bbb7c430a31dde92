/*
 * report_test.c: the HTML report's escaping (every byte of third-party
 * text made safe as a text node and an attribute value), links only for
 * URLs the policy accepts, and the page of an empty and of a hostile
 * ledger.  tests/e2e/report.sh renders real pages in a browser.
 */
#include <jansson.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/report.h"
#include "ledger/store.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

struct fx {
	char *dir;
	cl_seckey *owner;
	cl_ledger *l;
	unsigned char id[16][CL_HASH_BYTES]; /* by seq */
	uint64_t n;
};

static int setup(void **state)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_error err = { 0, "" };
	struct fx *f = calloc(1, sizeof *f);
	int i;

	if (f == NULL || cl_crypto_init() != CL_OK)
		return -1;
	for (i = 0; i < CL_SEED_BYTES; i++)
		seed[i] = (unsigned char)i;
	assert_cl_ok(cl_seckey_from_seed("test-owner", seed, &f->owner, &err), &err);
	f->dir = tu_tmpdir();
	assert_non_null(f->dir);
	assert_cl_ok(cl_ledger_create(f->dir, f->owner, "example.org/report", T0,
				      f->id[0], &err), &err);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	f->n = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	cl_ledger_close(f->l);
	tu_rmtree(f->dir);
	free(f->dir);
	cl_seckey_free(f->owner);
	free(f);
	return 0;
}

/* Append one record signed here, past the URL input policy (as an old
 * ledger or another tool may hold it); "%s" in the JSON text becomes the
 * hex id of record `ref`. */
static uint64_t append_signed(struct fx *f, const char *fmt, uint64_t ref)
{
	char hex[CL_ID_HEX + 1], text[2048], *body = NULL;
	unsigned char sig[CL_SIG_BYTES];
	cl_error err = { 0, "" };
	cl_txn *t = NULL;
	json_t *fields;
	size_t len = 0;

	cl_hex_encode(hex, f->id[ref], CL_HASH_BYTES);
	snprintf(text, sizeof text, fmt, hex);
	if ((fields = json_loads(text, 0, NULL)) == NULL)
		fail_msg("not JSON: %s", text);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_record_build(fields, f->n, cl_chain_last_id(cl_txn_chain(t)),
				     cl_seckey_pubkey(f->owner), T0 + (int64_t)f->n * 86400,
				     &body, &len, &err), &err);
	assert_cl_ok(cl_record_sign(f->owner, body, len, sig), &err);
	assert_cl_ok(cl_txn_append_signed(t, body, len, sig, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	cl_record_id(f->id[f->n], body, len);
	free(body);
	json_decref(fields);
	return f->n++;
}

/* cl_html_text of `len` bytes of `in` must give exactly `want`. */
static void escape_expect(const char *in, size_t len, const char *want)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);

	assert_non_null(m);
	assert_int_equal(cl_html_text(m, in, len), CL_OK);
	fclose(m);
	assert_string_equal(buf, want);
	free(buf);
}

static void test_escape(void **state)
{
	(void)state;
	escape_expect("plain text", 10, "plain text");
	escape_expect("<script>alert(1)</script>", 25,
		      "&lt;script&gt;alert(1)&lt;/script&gt;");
	escape_expect("&amp; &lt;", 10, "&amp;amp; &amp;lt;");
	escape_expect("a\"b'c", 5, "a&quot;b&#39;c");
	/* Newline and tab stay; other controls and DEL do not. */
	escape_expect("a\nb\tc\x01" "d\x7f", 8,
		      "a\nb\tc\xef\xbf\xbd" "d\xef\xbf\xbd");
	/* A NUL inside the length is a control too. */
	escape_expect("a\0b", 3, "a\xef\xbf\xbd" "b");
	/* Well-formed UTF-8 passes; broken, overlong and surrogate bytes do not. */
	escape_expect("\xc2\xa3" "300 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80", 18,
		      "\xc2\xa3" "300 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80");
	escape_expect("x\xc3", 2, "x\xef\xbf\xbd");
	escape_expect("\xc0\xbc", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	escape_expect("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	escape_expect("\xe2\x80<", 3, "\xef\xbf\xbd\xef\xbf\xbd&lt;");
}

static char *report(struct fx *f, cl_report_info *info)
{
	cl_error err = { 0, "" };
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);

	assert_non_null(m);
	assert_cl_ok(cl_report_html(f->l, m, info, &err), &err);
	fclose(m);
	return buf;
}

static void test_empty(void **state)
{
	struct fx *f = *state;
	cl_report_info info = { 1, 1, 1 };
	char *page = report(f, &info);

	assert_int_equal(info.claims, 0);
	assert_int_equal(info.articles, 0);
	assert_int_equal(info.speakers, 0);
	assert_non_null(strstr(page, "<!DOCTYPE html>"));
	assert_non_null(strstr(page, "0 claims from 0 articles by 0 speakers"));
	assert_non_null(strstr(page, "no signed checkpoint yet"));
	assert_non_null(strstr(page, "</html>\n"));
	free(page);
}

/* Stored text and "URLs" that try to become markup or links. */
static void test_hostile(void **state)
{
	struct fx *f = *state;
	cl_report_info info;
	uint64_t c;
	char *page;

	c = append_signed(f, "{\"type\":\"claim\",\"text\":\"</blockquote><script>"
			  "alert(1)</script> &amp; &lt;\",\"speaker\":\"Eve <img src=x "
			  "onerror=alert(2)>\",\"source\":\"javascript:alert(3)//\","
			  "\"date\":\"2021-11-22\",\"context\":\"x' onmouseover='alert(4)\"}", 0);
	append_signed(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\","
		      "\"note\":\"<style>body{display:none}</style>\",\"evidence\":"
		      "[\"https://ok.example/e?a=1&b='2'\",\"data:text/html,<b>x</b>\"]}", c);
	page = report(f, &info);
	assert_int_equal(info.claims, 1);
	assert_int_equal(info.speakers, 1);
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "<img"));
	assert_null(strstr(page, "</blockquote><"));
	assert_non_null(strstr(page, "&lt;/blockquote&gt;&lt;script&gt;alert(1)"
			       "&lt;/script&gt; &amp;amp; &amp;lt;"));
	assert_non_null(strstr(page, "Eve &lt;img src=x onerror=alert(2)&gt;"));
	assert_non_null(strstr(page, "x&#39; onmouseover=&#39;alert(4)"));
	/* One <style> only: ours. */
	assert_non_null(strstr(page, "&lt;style&gt;body{display:none}&lt;/style&gt;"));
	/* Not URLs: text, never an href. */
	assert_null(strstr(page, "href=\"javascript"));
	assert_null(strstr(page, "href=\"data"));
	assert_non_null(strstr(page, "javascript:alert(3)//"));
	assert_non_null(strstr(page, "data:text/html,&lt;b&gt;x&lt;/b&gt;"));
	/* A URL is a link, escaped inside its attribute too. */
	assert_non_null(strstr(page, "<a href=\"https://ok.example/e?a=1&amp;b=&#39;2&#39;\" "
			       "rel=\"noopener noreferrer\">"));
	assert_non_null(strstr(page, "data-verdict=\"false\""));
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
