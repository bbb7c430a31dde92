/*
 * canon_test.c: RFC 8785 (JCS) encoding and the canonical-input check.
 */
#include <jansson.h>

#include "tests/testutil.h"

#include "ledger/canon.h"

/* Encode `v` (reference stolen) and compare with `want`, byte for byte. */
static void expect_encoding(json_t *v, const char *want, size_t want_len)
{
	cl_error err = { 0, "" };
	char *out = NULL;
	size_t len = 0;

	assert_non_null(v);
	assert_cl_ok(cl_canon_encode(v, &out, &len, &err), &err);
	if (len != want_len || memcmp(out, want, len) != 0)
		fail_msg("got '%s', want '%.*s'", out, (int)want_len, want);
	assert_int_equal(out[len], '\0');
	free(out);
	json_decref(v);
}

/* The same for a string literal, whose length the compiler counts. */
#define EXPECT_LIT(v, lit) expect_encoding((v), (lit), sizeof(lit) - 1)

/* Encoding `v` (reference stolen) fails with CL_EINPUT naming `needle`. */
static void expect_refused(json_t *v, const char *needle)
{
	cl_error err = { 0, "" };
	char *out = (char *)"untouched";
	size_t len = 7;

	assert_non_null(v);
	assert_cl_err(cl_canon_encode(v, &out, &len, &err), CL_EINPUT, &err,
		      needle);
	assert_null(out);
	json_decref(v);
}

static json_t *load(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);

	if (v == NULL)
		fail_msg("test input is not JSON: %s: %s", text, jerr.text);
	return v;
}

/* The member sorting example of RFC 8785 section 3.2.3. */
static void test_rfc8785_sorting(void **state)
{
	static const char want[] =
		"{\"\\r\":\"Carriage Return\","
		"\"1\":\"One\","
		"\"\xc2\x80\":\"Control\","
		"\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
		"\"\xe2\x82\xac\":\"Euro Sign\","
		"\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
		"\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
	json_t *v = load("{\"\\u20ac\":\"Euro Sign\","
			 "\"\\r\":\"Carriage Return\","
			 "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
			 "\"1\":\"One\","
			 "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\","
			 "\"\\u0080\":\"Control\","
			 "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}");
	cl_error err = { 0, "" };
	json_t *back = NULL;

	(void)state;
	expect_encoding(v, want, sizeof want - 1);
	/* The canonical text is accepted as it is. */
	assert_cl_ok(cl_canon_parse(want, sizeof want - 1, &back, &err), &err);
	assert_true(json_is_object(back));
	assert_int_equal(json_object_size(back), 7);
	json_decref(back);
}

/* UTF-16 order, not code point order: U+10000 (a surrogate pair starting
 * 0xD800) sorts before U+E000 and U+FFFF; a prefix sorts first. */
static void test_utf16_order(void **state)
{
	static const char want[] =
		"{\"a\":1,\"ab\":2,\"b\":3,"
		"\"\xf0\x90\x80\x80\":4,"
		"\"\xf4\x8f\xbf\xbf\":5,"
		"\"\xee\x80\x80\":6,"
		"\"\xef\xbf\xbf\":7}";
	json_t *v = json_object();

	(void)state;
	json_object_set_new(v, "\xef\xbf\xbf", json_integer(7));
	json_object_set_new(v, "\xee\x80\x80", json_integer(6));
	json_object_set_new(v, "\xf4\x8f\xbf\xbf", json_integer(5));
	json_object_set_new(v, "b", json_integer(3));
	json_object_set_new(v, "\xf0\x90\x80\x80", json_integer(4));
	json_object_set_new(v, "ab", json_integer(2));
	json_object_set_new(v, "a", json_integer(1));
	expect_encoding(v, want, sizeof want - 1);
}

/* Every control character, with the seven short escapes. */
static void test_control_escapes(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		char in = (char)c, want[16];

		switch (c) {
		case 0x08: strcpy(want, "\"\\b\""); break;
		case 0x09: strcpy(want, "\"\\t\""); break;
		case 0x0a: strcpy(want, "\"\\n\""); break;
		case 0x0c: strcpy(want, "\"\\f\""); break;
		case 0x0d: strcpy(want, "\"\\r\""); break;
		default: snprintf(want, sizeof want, "\"\\u%04x\"", c); break;
		}
		expect_encoding(json_stringn(&in, 1), want, strlen(want));
	}
}

/* '"' and '\' escaped; '/', DEL, U+2028, U+2029 and others literal. */
static void test_other_escapes(void **state)
{
	static const char want[] =
		"\"q\\\"b\\\\s/d\x7f l\xe2\x80\xa8p\xe2\x80\xa9 e\xc3\xa9\"";

	(void)state;
	expect_encoding(json_string("q\"b\\s/d\x7f l\xe2\x80\xa8p\xe2\x80\xa9 e\xc3\xa9"),
			want, sizeof want - 1);
	/* Escapes in the middle and at both ends, and the empty string. */
	EXPECT_LIT(json_string("\tx\ny\r"), "\"\\tx\\ny\\r\"");
	EXPECT_LIT(json_string(""), "\"\"");
	/* Member names are escaped the same way. */
	EXPECT_LIT(json_pack("{s:b}", "a\"\n", 1), "{\"a\\\"\\n\":true}");
}

static void test_integers(void **state)
{
	(void)state;
	EXPECT_LIT(json_integer(0), "0");
	EXPECT_LIT(json_integer(-1), "-1");
	EXPECT_LIT(json_integer(42), "42");
	EXPECT_LIT(json_integer(CL_INT_LIMIT - 1), "9007199254740991");
	EXPECT_LIT(json_integer(-(CL_INT_LIMIT - 1)), "-9007199254740991");
	expect_refused(json_integer(CL_INT_LIMIT), "body: integer out of range");
	expect_refused(json_integer(-CL_INT_LIMIT), "body: integer out of range");
	expect_refused(json_pack("{s:{s:I}}", "a", "n", (json_int_t)CL_INT_LIMIT),
		       "body.a.n: integer out of range");
}

static void test_reals_and_null(void **state)
{
	(void)state;
	expect_refused(json_real(1.0), "body: floats are not allowed");
	expect_refused(load("{\"a\":{\"b\":[1,1.5]}}"),
		       "body.a.b[1]: floats are not allowed");
	expect_refused(load("{\"offset\":null}"),
		       "body.offset: null is not allowed");
	expect_refused(json_null(), "body: null is not allowed");
}

static void test_nested(void **state)
{
	static const char want[] =
		"{\"a\":{},\"b\":[1,{\"a\":false,\"z\":true},[],\"s\"],\"c\":[[[-5]]]}";

	(void)state;
	expect_encoding(load("{\"c\":[[[-5]]],\"b\":[1,{\"z\":true,\"a\":false},[],\"s\"],\"a\":{}}"),
			want, sizeof want - 1);
	EXPECT_LIT(json_array(), "[]");
	EXPECT_LIT(json_true(), "true");
	EXPECT_LIT(json_false(), "false");
}

/* json_t built in C skips jansson's UTF-8 check; the encoder does not. */
static void test_invalid_utf8(void **state)
{
	static const char *bad[] = {
		"\xc3\x28",         /* bad continuation */
		"\xc0\xaf",         /* overlong '/' */
		"\xe0\x80\xaf",     /* overlong, 3 bytes */
		"\xed\xa0\x80",     /* surrogate U+D800 */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xe2\x82",         /* truncated */
		"\x80",             /* lone continuation */
		"\xff",
	};
	json_t *o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(cl_utf8_valid(bad[i], strlen(bad[i])), 0);
		expect_refused(json_pack("{s:[s,o]}", "ev", "ok",
					 json_string_nocheck(bad[i])),
			       "body.ev[1]: not valid UTF-8");
	}
	o = json_object();
	json_object_set_new_nocheck(o, "k\xc3\x28", json_integer(1));
	expect_refused(o, "body: member name is not valid UTF-8");
	assert_int_equal(cl_utf8_valid("\xf4\x8f\xbf\xbf \xc3\xa9", 7), 1);
	assert_int_equal(cl_utf8_valid("a\0b", 3), 1);
}

static void expect_parse_refused(const char *text, const char *needle)
{
	cl_error err = { 0, "" };
	json_t *v = json_true();

	assert_cl_err(cl_canon_parse(text, strlen(text), &v, &err), CL_EINPUT,
		      &err, needle);
	assert_null(v);
}

static void test_parse_refuses_noncanonical(void **state)
{
	cl_error err = { 0, "" };
	json_t *v = NULL;
	const char *ok = "{\"a\":[1,\"x\\u001f\"],\"b\":true}";

	(void)state;
	assert_cl_ok(cl_canon_parse(ok, strlen(ok), &v, &err), &err);
	assert_int_equal(json_array_size(json_object_get(v, "a")), 2);
	json_decref(v);

	expect_parse_refused("{\"a\": 1}", "differs at byte 5");
	expect_parse_refused(" {\"a\":1}", "differs at byte 0");
	expect_parse_refused("{\"a\":1}\n", "differs at byte 7");
	expect_parse_refused("{\"b\":1,\"a\":2}", "differs at byte 2");
	expect_parse_refused("{\"a\":\"\\u0041\"}", "not canonical");
	expect_parse_refused("{\"a\":\"\\u00e9\"}", "not canonical");
	expect_parse_refused("{\"a\":\"\\u001F\"}", "not canonical");
	expect_parse_refused("{\"a\":\"\\/\"}", "not canonical");
	expect_parse_refused("{\"a\":-0}", "not canonical");
	expect_parse_refused("{\"a\":01}", "not JSON");
	expect_parse_refused("{\"a\":1,\"a\":1}", "duplicate");
	expect_parse_refused("{\"a\":1.0}", "body.a: floats are not allowed");
	expect_parse_refused("{\"a\":1e2}", "body.a: floats are not allowed");
	expect_parse_refused("{\"a\":null}", "body.a: null is not allowed");
	expect_parse_refused("[9007199254740992]", "body[0]: integer out of range");
	expect_parse_refused("{\"a\":\"\\ud800\"}", "not JSON");
	expect_parse_refused("{\"a\":\"\xc3\x28\"}", "not JSON");
	expect_parse_refused("", "not JSON");
	expect_parse_refused("{", "not JSON");
}

static char *nest(int depth)
{
	char *s = malloc((size_t)depth * 2 + 1);
	int i;

	assert_non_null(s);
	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[depth * 2 - 1 - i] = ']';
	}
	s[depth * 2] = '\0';
	return s;
}

/* `depth` times `open`, then `inner`, then `depth` times `close`. */
static char *nest_around(int depth, const char *open, const char *inner,
			 const char *close)
{
	size_t n = (size_t)depth * (strlen(open) + strlen(close)) + strlen(inner) + 1;
	char *s = malloc(n);
	int i;

	assert_non_null(s);
	s[0] = '\0';
	for (i = 0; i < depth; i++)
		strcat(s, open);
	strcat(s, inner);
	for (i = 0; i < depth; i++)
		strcat(s, close);
	return s;
}

static void test_depth(void **state)
{
	cl_error err = { 0, "" };
	json_t *v = NULL;
	char *s;

	(void)state;
	s = nest(CL_CANON_MAX_DEPTH);
	assert_cl_ok(cl_canon_parse(s, strlen(s), &v, &err), &err);
	json_decref(v);
	free(s);

	s = nest(CL_CANON_MAX_DEPTH + 1);
	assert_cl_err(cl_canon_parse(s, strlen(s), &v, &err), CL_EINPUT, &err,
		      "nested deeper than 32 levels");
	assert_null(v);
	free(s);

	/* Only arrays and objects count: a scalar inside the 32nd is fine,
	 * in an array or an object (SPEC: "the body object itself is level
	 * 1"; verify-export.py counts the same way). */
	s = nest_around(CL_CANON_MAX_DEPTH, "[", "1", "]");
	assert_cl_ok(cl_canon_parse(s, strlen(s), &v, &err), &err);
	json_decref(v);
	free(s);
	s = nest_around(CL_CANON_MAX_DEPTH, "{\"a\":", "\"x\"", "}");
	assert_cl_ok(cl_canon_parse(s, strlen(s), &v, &err), &err);
	json_decref(v);
	free(s);
	s = nest_around(CL_CANON_MAX_DEPTH + 1, "{\"a\":", "true", "}");
	assert_cl_err(cl_canon_parse(s, strlen(s), &v, &err), CL_EINPUT, &err,
		      "nested deeper than 32 levels");
	assert_null(v);
	free(s);

	/* Far beyond: refused, and the stack survives. */
	s = nest(100000);
	assert_int_equal(cl_canon_parse(s, strlen(s), &v, &err), CL_EINPUT);
	assert_null(v);
	free(s);
}

/*
 * cl_canon_check against the reference, jansson's parse and re-encode
 * (the same verdict, every case; fuzz/canon_diff_fuzz.c does this on
 * random input).  `want` is the verdict the case is written for, so a
 * change in either side fails here too.
 */
static int reference_ok(const char *s, size_t n)
{
	json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
			       JSON_ALLOW_NUL, NULL);
	char *out = NULL;
	size_t len = 0;
	int ok = 0;

	if (v != NULL && cl_canon_encode(v, &out, &len, NULL) == CL_OK)
		ok = len == n && memcmp(out, s, n) == 0;
	free(out);
	json_decref(v);
	return ok;
}

static void check_case(const char *s, size_t n, int want)
{
	json_t *v = NULL;

	if (cl_canon_check(s, n) != want)
		fail_msg("cl_canon_check('%.*s') is %d, want %d", (int)n, s, !want, want);
	if (reference_ok(s, n) != want)
		fail_msg("reference('%.*s') is %d, want %d", (int)n, s, !want, want);
	assert_int_equal(cl_canon_parse(s, n, &v, NULL) == CL_OK, want);
	json_decref(v);
}

#define CHECK(lit, want) check_case((lit), sizeof(lit) - 1, (want))

static void test_check_escapes(void **state)
{
	(void)state;
	CHECK("\"\\u001f\"", 1);
	CHECK("\"\\u001F\"", 0);   /* uppercase hex is never written */
	CHECK("\"\\u0000\"", 1);   /* U+0000 in a value */
	CHECK("{\"\\u0000\":1}", 0); /* jansson refuses it in a name */
	CHECK("\"\\n\"", 1);
	CHECK("\"\\u000a\"", 0);   /* \n has a short form */
	CHECK("\"\\b\\t\\n\\f\\r\\\"\\\\\"", 1);
	CHECK("\"\\u0008\"", 0);
	CHECK("\"\\u000c\"", 0);
	CHECK("\"\\u000b\"", 1);
	CHECK("\"\\/\"", 0);       /* "/" is written as itself */
	CHECK("\"/\"", 1);
	CHECK("\"\\u0041\"", 0);
	CHECK("\"\\u0020\"", 0);
	CHECK("\"\\u007f\"", 0);
	CHECK("\"\x7f\"", 1);      /* DEL is not a control to escape */
	CHECK("\"\x1f\"", 0);      /* a raw control is not JSON */
	CHECK("\"\\u00e9\"", 0);
	CHECK("\"\xc3\xa9\"", 1);
	CHECK("\"\\x\"", 0);
	CHECK("\"\\u00", 0);
	CHECK("\"abc", 0);
}

static void test_check_utf8(void **state)
{
	(void)state;
	CHECK("\"\xf0\x9f\x98\x80\"", 1);            /* U+1F600 as UTF-8 */
	CHECK("\"\\ud83d\\ude00\"", 0);             /* the same escaped */
	CHECK("\"\\ud800\"", 0);                    /* a lone surrogate */
	CHECK("\"\xed\xa0\x80\"", 0);               /* a surrogate in UTF-8 */
	CHECK("\"\xc0\xaf\"", 0);                   /* overlong */
	CHECK("\"\xf4\x90\x80\x80\"", 0);           /* above U+10FFFF */
	CHECK("\"\xe2\x82\"", 0);                   /* cut */
	CHECK("\"\xf4\x8f\xbf\xbf\"", 1);           /* U+10FFFF */
	CHECK("\"\xef\xbb\xbf\"", 1);               /* U+FEFF inside a string */
	CHECK("\xef\xbb\xbf\"a\"", 0);              /* a BOM before the value */
}

static void test_check_order(void **state)
{
	(void)state;
	CHECK("{\"a\":1,\"b\":2}", 1);
	CHECK("{\"b\":2,\"a\":1}", 0);
	CHECK("{\"a\":1,\"a\":1}", 0);              /* duplicate */
	CHECK("{\"a\":1,\"aa\":1}", 1);             /* a prefix first */
	CHECK("{\"aa\":1,\"a\":1}", 0);
	/* UTF-16 code units, not code points: U+FB33 (one unit, 0xFB33)
	 * after U+1F600 (0xD83D 0xDE00), though the code point is smaller. */
	CHECK("{\"\xf0\x9f\x98\x80\":1,\"\xef\xac\xb3\":2}", 1);
	CHECK("{\"\xef\xac\xb3\":2,\"\xf0\x9f\x98\x80\":1}", 0);
	/* Escaped names sort by the character: "\n" (0x0A) before "\u000b"
	 * before "\"" (0x22) before "\\" (0x5C). */
	CHECK("{\"\\n\":1,\"\\u000b\":2,\"\\\"\":3,\"\\\\\":4}", 1);
	CHECK("{\"\\\"\":3,\"\\n\":1}", 0);
	CHECK("{\"\\r\":1,\"1\":2,\"\xc2\x80\":3}", 1);
	CHECK("{\"a\":{\"b\":1,\"a\":2}}", 0);      /* inner objects too */
	CHECK("{\"a\":{\"a\":1},\"b\":{\"a\":1}}", 1);
}

static void test_check_numbers(void **state)
{
	(void)state;
	CHECK("0", 1);
	CHECK("-0", 0);
	CHECK("00", 0);
	CHECK("01", 0);
	CHECK("-1", 1);
	CHECK("1e5", 0);
	CHECK("1E5", 0);
	CHECK("1.0", 0);
	CHECK("100000", 1);
	CHECK("9007199254740991", 1);
	CHECK("9007199254740992", 0);
	CHECK("-9007199254740991", 1);
	CHECK("-9007199254740992", 0);
	CHECK("99999999999999999999999", 0);
	CHECK("0009", 0);
	CHECK("+1", 0);
	CHECK("-", 0);
	CHECK("[1,-2,0]", 1);
}

static void test_check_shape(void **state)
{
	char *s;

	(void)state;
	CHECK("", 0);
	CHECK("true", 1);
	CHECK("false", 1);
	CHECK("null", 0);
	CHECK("{\"a\":null}", 0);
	CHECK("tru", 0);
	CHECK("{}", 1);
	CHECK("[]", 1);
	CHECK("{ }", 0);
	CHECK("{\"a\": 1}", 0);
	CHECK("{\"a\":1} ", 0);    /* trailing bytes, white space included */
	CHECK("{\"a\":1}\n", 0);
	CHECK("{\"a\":1}x", 0);
	CHECK(" 1", 0);
	CHECK("[1,]", 0);
	CHECK("{\"a\":1,}", 0);
	CHECK("{,}", 0);
	CHECK("[1 2]", 0);
	CHECK("{\"a\"1}", 0);
	CHECK("{1:1}", 0);
	CHECK("\"a\"\"b\"", 0);
	assert_int_equal(cl_canon_check(NULL, 0), 0);
	s = nest(CL_CANON_MAX_DEPTH);
	check_case(s, strlen(s), 1);
	free(s);
	s = nest(CL_CANON_MAX_DEPTH + 1);
	check_case(s, strlen(s), 0);
	free(s);
	s = nest_around(CL_CANON_MAX_DEPTH + 1, "{\"a\":", "1", "}");
	check_case(s, strlen(s), 0);
	free(s);
	s = nest(100000);
	assert_int_equal(cl_canon_check(s, strlen(s)), 0);
	free(s);
	/* A NUL byte counts like any other: the length is what is given. */
	check_case("\"a\"\0", 4, 0);
	check_case("\"a\0\"", 4, 0);
}

/* cl_canon_scan: the verdict of cl_canon_check, and what it tells of
 * the top-level members and of every other string. */
static void test_scan_summary(void **state)
{
	static const char body[] =
		"{\"a\\\"b\":1,\"arr\":[\"x\",\"\",2],\"n\":-42,\"nested\":{\"k\":\"\\t\"},"
		"\"s\":\"q\\\"\\\\\\n\\u0001\xc3\xa9\",\"t\":true,\"u\":\"\x7f\",\"\xc3\xa9\":false}";
	static const char *const bad[] = { "{\"a\":1 }", "[1,2]x", "{\"b\":1,\"a\":2}", "" };
	cl_canon_top top;
	const cl_canon_member *m;
	char out[64];

	(void)state;
	assert_int_equal(cl_canon_scan(body, sizeof body - 1, &top), 1);
	assert_int_equal(cl_canon_check(body, sizeof body - 1), 1);
	assert_true(top.is_object);
	assert_int_equal(top.n, 8);
	m = &top.m[0]; /* "a\"b": an escaped name, an integer */
	assert_true(m->name_esc);
	assert_int_equal(m->type, CL_CANON_INT);
	assert_int_equal(m->num, 1);
	m = &top.m[1]; /* "arr": its second element is the first not a non-empty string */
	assert_int_equal(m->type, CL_CANON_ARRAY);
	assert_int_equal(m->count, 3);
	assert_int_equal(m->first_bad, 1);
	assert_int_equal(top.m[2].num, -42);
	assert_int_equal(top.m[3].type, CL_CANON_OBJECT);
	m = &top.m[4]; /* "s": q " \ newline U+0001 é */
	assert_int_equal(m->type, CL_CANON_STRING);
	assert_true(m->val_esc);
	assert_true(m->nl);
	assert_true(m->ctl);
	assert_int_equal(m->dlen, 7);
	assert_int_equal(cl_canon_unescape(m->val, m->val_len, out), 7);
	assert_memory_equal(out, "q\"\\\n\x01\xc3\xa9", 7);
	assert_int_equal(top.m[5].type, CL_CANON_TRUE);
	assert_true(top.m[6].ctl);          /* U+007F, written as itself */
	assert_int_equal(top.m[7].type, CL_CANON_FALSE);
	/* The tab nested in "nested" is another string's control character. */
	assert_true(top.other_ctl);
	assert_int_equal(top.other_max_len, 6); /* "nested" */

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(cl_canon_scan(bad[i], strlen(bad[i]), &top), 0);
	assert_int_equal(cl_canon_scan("\"x\"", 3, &top), 1);
	assert_false(top.is_object);
	assert_int_equal(top.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8785_sorting),
		cmocka_unit_test(test_utf16_order),
		cmocka_unit_test(test_control_escapes),
		cmocka_unit_test(test_other_escapes),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_reals_and_null),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_parse_refuses_noncanonical),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_check_escapes),
		cmocka_unit_test(test_check_utf8),
		cmocka_unit_test(test_check_order),
		cmocka_unit_test(test_check_numbers),
		cmocka_unit_test(test_check_shape),
		cmocka_unit_test(test_scan_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
