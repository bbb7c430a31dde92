/*
 * url_test.c: the absolute http(s) URL check (ledger/url.h) and the
 * append-time policy over a record's fields.
 */
#include <jansson.h>

#include "tests/testutil.h"

#include "ledger/url.h"

static int ok(const char *s)
{
	return cl_url_valid(s, strlen(s));
}

/* The reason cl_url_check gives, "" when `s` is accepted. */
static const char *why(const char *s)
{
	const char *w = cl_url_check(s, strlen(s));

	return w ? w : "";
}

static void test_accepted(void **state)
{
	(void)state;
	assert_true(ok("https://example.org"));
	assert_true(ok("http://example.org/"));
	assert_true(ok("HTTPS://Example.ORG/a/b?c=d&e=f#g"));
	assert_true(ok("HtTp://news.example:8080/2021/11/22/story.html"));
	assert_true(ok("https://xn--caf-dma.example/"));          /* punycode */
	assert_true(ok("https://example.org/caf%C3%A9?q=a%20b")); /* percent-encoded */
	assert_true(ok("https://[2001:db8::1]/"));
	assert_true(ok("https://[::ffff:192.0.2.1]:443/x"));
	assert_true(ok("http://192.0.2.1:80"));
	assert_true(ok("https://a.example/x,y;z=1~_!$'()*+:@&=.-"));
	assert_true(ok("https://a.example#frag@ment"));   /* '@' after the host */
	assert_true(ok("https://a.example/?q=mail@host")); /* ... in the query */
}

static void test_refused(void **state)
{
	char big[CL_URL_MAX + 2];

	(void)state;
	assert_false(ok(""));
	assert_false(ok("example-herald.com"));
	assert_false(ok("manual"));
	assert_false(ok("javascript:alert(1)//"));
	assert_false(ok("JAVASCRIPT://example.org/%0aalert(1)"));
	assert_false(ok("data:text/html,<script>alert(1)</script>"));
	assert_false(ok("ftp://example.org/"));
	assert_false(ok("https:/example.org"));
	assert_false(ok("https//example.org"));
	assert_false(ok("//example.org/"));
	assert_false(ok("https://"));
	assert_false(ok("https:///path"));
	assert_false(ok("https://./"));
	assert_false(ok("https://?q"));
	assert_false(ok("https://trusted.example@evil.example/"));
	assert_false(ok("https://user:pass@example.org/"));
	assert_false(ok("https://@example.org/"));
	assert_false(ok("https://exa mple.org/"));
	assert_false(ok("https://example.org\\@evil.example/"));
	assert_false(ok("https://exa_mple.org/"));
	assert_false(ok("https://example.org:/"));
	assert_false(ok("https://example.org:80a/"));
	assert_false(ok("https://example.org:65536/"));
	assert_false(ok("https://example.org:123456/"));
	assert_false(ok("https://[2001:db8::1/"));
	assert_false(ok("https://[]/"));
	assert_false(ok("https://[2001:db8::g]/"));
	assert_false(ok("https://example.org/a b"));
	assert_false(ok("https://example.org/\"><script>"));
	assert_false(ok("https://example.org/a\tb"));
	assert_false(ok("https://example.org/a\x7f"));
	assert_false(ok("https://example.org/{x}"));
	assert_false(ok("https://example.org/a|b"));
	assert_false(ok("https://example.org/a^b"));
	assert_false(ok("https://example.org/a`b"));
	assert_false(ok("https://caf\xc3\xa9.example/"));
	assert_false(ok("https://example.org/caf\xc3\xa9"));
	assert_false(ok("https://example.org/\xe2\x80\xae"));
	assert_false(cl_url_valid(NULL, 0));
	/* Not NUL-terminated: only `len` bytes count. */
	assert_true(cl_url_valid("https://a.example/ junk", 17));
	assert_false(cl_url_valid("https://a.example\0/", 19));

	memcpy(big, "https://a.example/", 18);
	memset(big + 18, 'x', sizeof big - 18);
	assert_true(cl_url_valid(big, CL_URL_MAX));
	assert_false(cl_url_valid(big, CL_URL_MAX + 1));
}

static void test_reasons(void **state)
{
	(void)state;
	assert_string_equal(why("javascript:alert(1)//"),
			    "not an absolute http(s) URL (it must start with "
			    "http:// or https://)");
	assert_non_null(strstr(why("https://a@b.example/"), "'@'"));
	assert_non_null(strstr(why("https://caf\xc3\xa9.example/"), "percent-encoded"));
	assert_non_null(strstr(why("https://caf\xc3\xa9.example/"), "punycode"));
	assert_non_null(strstr(why("https:///x"), "no host"));
	assert_non_null(strstr(why("https://a.example:x/"), "port"));
	assert_string_equal(why("https://a.example/"), "");
}

/* check FIELDS: cl_fields_urls_check on a JSON text. */
static int check(const char *text, cl_error *err)
{
	json_t *f = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(f);
	rc = cl_fields_urls_check(f, err);
	json_decref(f);
	return rc;
}

static void test_fields(void **state)
{
	cl_error err = { 0, "" };

	(void)state;
	assert_cl_ok(check("{\"type\":\"claim\",\"source\":\"https://a.example/\"}", &err), &err);
	assert_cl_err(check("{\"type\":\"claim\",\"source\":\"example-herald.com\"}", &err),
		      CL_EINPUT, &err, "claim.source 'example-herald.com': not an absolute http(s) URL");
	assert_cl_err(check("{\"type\":\"correction\",\"source\":\"x\"}", &err),
		      CL_EINPUT, &err, "correction.source 'x': not an absolute");
	assert_cl_ok(check("{\"type\":\"correction\",\"reason\":\"r\"}", &err), &err);
	assert_cl_err(check("{\"type\":\"config\",\"url\":\"javascript:alert(1)//\"}", &err),
		      CL_EINPUT, &err, "config.url 'javascript:alert(1)//': not an absolute");
	assert_cl_ok(check("{\"type\":\"config\",\"newsroom\":\"N\"}", &err), &err);
	assert_cl_err(check("{\"type\":\"verdict\",\"evidence\":[\"https://a.example/\",\"b\"]}", &err),
		      CL_EINPUT, &err, "verdict.evidence[1] 'b': ");
	assert_cl_ok(check("{\"type\":\"verdict\",\"evidence\":[]}", &err), &err);
	/* Other types and members, and non-strings, are the record rules' business. */
	assert_cl_ok(check("{\"type\":\"alias\",\"source\":\"x\",\"url\":\"y\"}", &err), &err);
	assert_cl_ok(check("{\"type\":\"claim\",\"source\":5}", &err), &err);
	assert_cl_ok(check("{\"source\":\"x\"}", &err), &err);
	/* A long value is quoted in part, cut at a character boundary. */
	assert_cl_err(check("{\"type\":\"claim\",\"source\":\"a\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
			    "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
			    "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
			    "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
			    "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9xyz\"}", &err),
		      CL_EINPUT, &err, "\xc3\xa9\xe2\x80\xa6': not an absolute");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
