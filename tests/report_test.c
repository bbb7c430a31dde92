/*
 * report_test.c: the HTML report's escaping (every byte of third-party
 * text made safe as a text node and an attribute value), links only for
 * URLs the policy accepts, and the page of an empty and of a hostile
 * ledger.  tests/e2e/report.sh renders real pages in a browser.
 */
#include <jansson.h>

#include "tests/testutil.h"
#include "tests/ledger_fixture.h"

#include "crypto/crypto.h"
#include "ledger/report.h"
#include "ledger/store.h"

static int setup(void **state)
{
	return tu_fx_new(state, "example.org/report");
}

static int teardown(void **state)
{
	return tu_fx_free(state);
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

	c = tu_fx_append_signed(f, "{\"type\":\"claim\",\"text\":\"</blockquote><script>"
			  "alert(1)</script> &amp; &lt;\",\"speaker\":\"Eve <img src=x "
			  "onerror=alert(2)>\",\"source\":\"javascript:alert(3)//\","
			  "\"date\":\"2021-11-22\",\"context\":\"x' onmouseover='alert(4)\"}", 0);
	tu_fx_append_signed(f, "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\","
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
