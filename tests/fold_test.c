/*
 * fold_test.c: search folding (base/fold.h) and the matching rules built
 * on it (ledger/search.h: words of a name, hosts of a URL).
 */
#include <stdlib.h>

#include "tests/testutil.h"

#include "base/fold.h"
#include "ledger/search.h"

/* Fold `s` and compare with `want`. */
static void folds_to(const char *s, const char *want)
{
	char *out = NULL;
	size_t n = 99;

	assert_int_equal(cl_fold_words(s, strlen(s), &out, &n), 0);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	free(out);
}

static void test_fold(void **state)
{
	(void)state;
	folds_to("Helena Matos", "helena matos");
	folds_to("MATOS", "matos");
	folds_to("M\xc3\xa1tos", "matos");                      /* Mátos, precomposed */
	folds_to("Ma\xcc\x81tos", "matos");                     /* a + combining acute */
	folds_to("Ji\xc5\x99\xc3\xad Dvo\xc5\x99\xc3\xa1k", "jiri dvorak");
	folds_to("Stra\xc3\x9f" "e", "strasse");                /* full case folding */
	folds_to("\xce\xa3\xce\x9f\xce\xa6\xce\x99\xce\x91", "\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1"); /* ΣΟΦΙΑ */
	folds_to("  National  Nurses' Federation!! ", "national nurses federation");
	folds_to("G7 summit", "g7 summit");                     /* digits are word characters */
	folds_to("O'Brien-Smith", "o brien smith");
	folds_to("", "");
	folds_to("... --- ...", "");
	/* Invalid UTF-8 reads as U+FFFD, which is no letter: dropped. */
	folds_to("a\xff" "b", "a b");
}

/* ASCII text takes a shortcut: it must give what ICU gives.  All the
 * ASCII characters but NUL, and each alone, first as they are (the
 * shortcut), then followed by "é" (the whole text then goes through ICU,
 * and é folds to e). */
static void test_ascii_shortcut(void **state)
{
	char all[128], withe[131];
	size_t i;

	(void)state;
	for (i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	memcpy(withe, all, 127);
	memcpy(withe + 127, "\xc3\xa9", 3);
	folds_to(all, "0123456789 abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz");
	/* DEL ends `all`: é is a word of its own. */
	folds_to(withe, "0123456789 abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz e");
	for (i = 1; i < 128; i++) {
		char one[2] = { (char)i, 0 }, two[4] = { (char)i, '\xc3', '\xa9', 0 };
		char *a = NULL, *b = NULL;
		size_t na, nb;
		assert_int_equal(cl_fold_words(one, 1, &a, &na), 0);
		assert_int_equal(cl_fold_words(two, 3, &b, &nb), 0);
		/* ICU's result is the shortcut's with "e" joined or added. */
		if (na > 0) {
			assert_int_equal(nb, na + 1);
			assert_memory_equal(a, b, na);
		} else {
			assert_string_equal(b, "e");
		}
		free(a);
		free(b);
	}
}

static void test_words(void **state)
{
	(void)state;
	assert_true(cl_words_contain("helena matos", "matos"));
	assert_true(cl_words_contain("helena matos", "helena"));
	assert_true(cl_words_contain("helena matos", "helena matos"));
	assert_false(cl_words_contain("helena matos", "mato"));
	assert_false(cl_words_contain("helena matos", "atos"));
	assert_false(cl_words_contain("helena matos", "matos helena"));
	assert_false(cl_words_contain("ana matosinhos", "matos"));
	/* A later occurrence counts when the first is inside a word. */
	assert_true(cl_words_contain("amatos matos", "matos"));
	assert_false(cl_words_contain("helena matos", ""));
	assert_false(cl_words_contain("", "matos"));
}

static void test_hosts(void **state)
{
	const char *u = "https://www.example-herald.com/a/b";

	(void)state;
	assert_true(cl_url_host_matches(u, "www.example-herald.com"));
	assert_true(cl_url_host_matches(u, "example-herald.com"));
	assert_true(cl_url_host_matches(u, "com"));
	assert_true(cl_url_host_matches(u, "EXAMPLE-HERALD.COM"));
	assert_false(cl_url_host_matches(u, "herald.com"));
	assert_false(cl_url_host_matches(u, "ww.example-herald.com"));
	assert_false(cl_url_host_matches(u, "example-herald.co"));
	assert_false(cl_url_host_matches(u, ""));
	assert_true(cl_url_host_matches("http://Example.ORG:8080/x", "example.org"));
	assert_true(cl_url_host_matches("http://user@example.org/x", "example.org"));
	assert_false(cl_url_host_matches("http://example.org@evil.example/x", "example.org"));
	assert_true(cl_url_host_matches("https://example.org?q=1", "example.org"));
	assert_true(cl_url_host_matches("https://example.org#f", "example.org"));
	assert_true(cl_url_host_matches("http://[::1]:80/", "[::1]"));
	assert_false(cl_url_host_matches("example.org/x", "example.org")); /* no scheme */
	assert_false(cl_url_host_matches("https://example.org.evil/x", "example.org"));
	assert_int_equal(cl_url_host_prefix("https://a.example/x/y"), strlen("https://a.example/"));
	assert_int_equal(cl_url_host_prefix("https://a.example/"), strlen("https://a.example/"));
	assert_int_equal(cl_url_host_prefix("https://a.example"), 0);
	assert_int_equal(cl_url_host_prefix("https://a.example?q=/x"), 0);
	assert_int_equal(cl_url_host_prefix("a.example/x"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_ascii_shortcut),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
