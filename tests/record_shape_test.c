/*
 * record_shape_test.c: the two readings of a body agree.  cl_record_quick
 * (one pass over the bytes, no json_t) must accept exactly the bodies
 * cl_record_precheck (jansson's tree) accepts, and give the facts
 * cl_record_facts gives from the tree: a verifier takes the quick path's
 * word for a body, so a body it let through that the tree refuses would
 * be a hole.  Valid bodies of every type are spoiled member by member
 * (each known member dropped or set to each of a list of values) and byte
 * by byte, and every result is compared.  fuzz/canon_diff_fuzz.c does
 * the same on whatever libFuzzer makes of the exports.
 */
#include <jansson.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/canon.h"
#include "ledger/record.h"

static char signer[64];
static long compared, accepted;

static int setup(void **state)
{
	unsigned char pk[CL_PUBKEY_BYTES];

	(void)state;
	if (cl_crypto_init() != CL_OK)
		return -1;
	for (size_t i = 0; i < sizeof pk; i++)
		pk[i] = (unsigned char)(0x40 + i);
	cl_b64_encode(signer, pk, CL_PUBKEY_BYTES);
	return 0;
}

/* The same verdict, and when both accept, the same facts and id. */
static void agree(const char *buf, size_t len)
{
	cl_body_facts quick, tree;
	unsigned char qid[CL_HASH_BYTES], tid[CL_HASH_BYTES];
	json_t *obj = NULL;
	int q, t;

	memset(&quick, 0, sizeof quick);
	q = cl_record_quick(buf, len, &quick, qid);
	t = cl_record_precheck(buf, len, &obj, tid, NULL) == CL_OK;
	compared++;
	if (q != t)
		fail_msg("quick %d, tree %d on %.*s", q, t, (int)len, buf);
	if (t) {
		accepted++;
		assert_int_equal(cl_record_facts(obj, &tree), CL_OK);
		assert_memory_equal(qid, tid, CL_HASH_BYTES);
		if (memcmp(&quick, &tree, sizeof quick) != 0)
			fail_msg("facts differ on %.*s", (int)len, buf);
	}
	json_decref(obj);
}

/* `text` with the common members added, canonical; NULL if it will not
 * encode (a value the subset has no form for). */
static char *body_of(const char *text, size_t *len)
{
	json_t *v = json_loads(text, JSON_ALLOW_NUL, NULL);
	char *out = NULL;

	if (v == NULL)
		fail_msg("test input is not JSON: %s", text);
	if (cl_canon_encode(v, &out, len, NULL) != CL_OK)
		out = NULL;
	json_decref(v);
	return out;
}

static char *with_common(const char *fields, int genesis, size_t *len)
{
	size_t cap = strlen(fields) + 512;
	char *buf = malloc(cap), *out;
	const char *prev = genesis ? "0000000000000000000000000000000000000000000000000000000000000000"
				   : "1111111111111111111111111111111111111111111111111111111111111111";

	assert_non_null(buf);
	snprintf(buf, cap, "{\"v\":1,\"seq\":%d,\"time\":\"2026-01-01T00:00:00Z\","
		 "\"prev\":\"%s\",\"signer\":\"%s\",%s", genesis ? 0 : 7, prev, signer,
		 fields + 1);
	out = body_of(buf, len);
	free(buf);
	return out;
}

#define ID "\"2222222222222222222222222222222222222222222222222222222222222222\""
static const char *const bodies[] = {
	"{\"type\":\"genesis\",\"origin\":\"example.org/log\",\"name\":\"owner\"}",
	"{\"type\":\"editor\",\"name\":\"ed\",\"pubkey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"action\":\"add\"}",
	"{\"type\":\"editor\",\"name\":\"ed\",\"pubkey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"action\":\"revoke\"}",
	"{\"type\":\"claim\",\"text\":\"Turnout was 42%.\",\"speaker\":\"A. Person\","
	"\"source\":\"https://example.org/a\",\"date\":\"2021-11-22\"}",
	"{\"type\":\"claim\",\"text\":\"\\\"We won\\\",\\nhe said \\\\ twice \\u00e9.\","
	"\"speaker\":\"CNE\",\"source\":\"s\",\"date\":\"2024-02-29\",\"kind\":\"direct\","
	"\"document\":" ID ",\"offset\":12,\"length\":40,\"context\":\"c\\nd\",\"lang\":\"es\","
	"\"x-extra\":{\"a\":[1,-2,true,false,\"q\"]}}",
	"{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"s\",\"source\":\"s\",\"date\":\"2021-01-01\","
	"\"kind\":\"indirect\",\"document\":" ID "}",
	"{\"type\":\"verdict\",\"claim\":" ID ",\"rating\":\"mostly-false\",\"note\":\"n\\nm\","
	"\"evidence\":[\"https://example.org/e\",\"x\"],\"url\":\"https://example.org/r\","
	"\"speaker_type\":\"organization\"}",
	"{\"type\":\"correction\",\"target\":" ID ",\"reason\":\"Wrong speaker.\"}",
	"{\"type\":\"correction\",\"target\":" ID ",\"reason\":\"r\",\"text\":\"new\",\"kind\":\"direct\","
	"\"offset\":0,\"length\":3,\"speaker\":\"B\",\"date\":\"2021-11-23\"}",
	"{\"type\":\"correction\",\"target\":" ID ",\"reason\":\"r\",\"rating\":\"true\",\"note\":\"z\"}",
	"{\"type\":\"alias\",\"alias\":\"EE.UU.\",\"action\":\"add\",\"speaker\":\"United States\"}",
	"{\"type\":\"alias\",\"alias\":\"EE.UU.\",\"action\":\"remove\"}",
	"{\"type\":\"config\",\"newsroom\":\"Desk\",\"url\":\"https://example.org\"}",
};

/* Every member any rule reads, and one no rule knows. */
static const char *const names[] = {
	"v", "seq", "type", "time", "prev", "signer", "origin", "name", "pubkey",
	"action", "text", "speaker", "source", "date", "kind", "document", "offset",
	"length", "context", "lang", "claim", "rating", "note", "evidence", "url",
	"speaker_type", "target", "reason", "alias", "newsroom", "unknown",
};

/* Values that each break some rule, or pass one they should. */
static const char *const values[] = {
	"\"\"", "\" \"", "\"\\n\"", "\"\\t\"", "\"a\\u0000b\"", "\"\\u007f\"", "\"a\\u001fb\"",
	"\"x\\ny\"", "\"\\\"\"", "\"\\\\\"", "0", "1", "-1", "7", "2", "9007199254740991",
	"true", "false", "[]", "[\"\"]", "[\"a\",1]", "[\"a\"]", "{}", "{\"a\":\"\\t\"}",
	"\"2021-02-29\"", "\"2024-02-29\"", "\"2026-01-01T00:00:00Z\"", "\"2026-01-01T24:00:00Z\"",
	ID, "\"2222222222222222222222222222222222222222222222222222222222222222x\"",
	"\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"",
	"\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\"",
	"\"0000000000000000000000000000000000000000000000000000000000000000\"",
	"\"claim\"", "\"genesis\"", "\"verdict\"", "\"correction\"", "\"alias\"",
	"\"config\"", "\"editor\"", "\"nope\"", "\"direct\"", "\"indirect\"", "\"add\"",
	"\"revoke\"", "\"remove\"", "\"false\"", "\"person\"", "\"es\"", "\"ES\"", "\"e\"",
	"\"https://example.org/x\"", "\"ftp://example.org/x\"", "\"a+b\"", "\"a b\"",
	"\"\\u00e9l\"", "\"\xf0\x9f\x98\x80\"",
};

/* The canonical bytes of `o` to agree(); a value without a canonical
 * form is skipped (the tree would refuse it before any rule). */
static void agree_obj(const json_t *o)
{
	char *body = NULL;
	size_t len = 0;

	if (cl_canon_encode(o, &body, &len, NULL) == CL_OK)
		agree(body, len);
	free(body);
}

static void test_members_spoiled(void **state)
{
	size_t len;

	(void)state;
	for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
		int genesis = strstr(bodies[b], "\"genesis\"") != NULL;
		char *base = with_common(bodies[b], genesis, &len);

		assert_non_null(base);
		agree(base, len);
		for (size_t n = 0; n < sizeof names / sizeof *names; n++) {
			json_t *o = json_loadb(base, len, JSON_ALLOW_NUL, NULL);

			assert_non_null(o);
			json_object_del(o, names[n]);
			agree_obj(o);
			for (size_t k = 0; k < sizeof values / sizeof *values; k++) {
				json_t *v = json_loads(values[k], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);

				if (v == NULL)
					fail_msg("test value is not JSON: %s", values[k]);
				json_object_set_new(o, names[n], v);
				agree_obj(o);
			}
			json_decref(o);
		}
		free(base);
	}
	/* Every body is judged both ways, and many are accepted both ways. */
	assert_true(compared > 10000);
	assert_true(accepted > 500);
}

/* Every byte of every valid body replaced by each of a few, and cut. */
static void test_bytes_spoiled(void **state)
{
	static const char subst[] = { '"', '\\', ' ', '0', 'a', 'n', ',', '}', '\x7f', '\x01', '\n', '\xc3' };
	size_t len;

	(void)state;
	for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
		char *base = with_common(bodies[b], strstr(bodies[b], "\"genesis\"") != NULL, &len);
		char *copy = malloc(len);

		assert_non_null(copy);
		for (size_t i = 0; i < len; i++) {
			for (size_t k = 0; k < sizeof subst; k++) {
				memcpy(copy, base, len);
				copy[i] = subst[k];
				agree(copy, len);
			}
			agree(base, i); /* cut short */
		}
		free(copy);
		free(base);
	}
}

/* More members than the scan describes: the quick path declines and the
 * tree, which accepts the body, has the last word. */
static void test_many_members(void **state)
{
	char fields[4096], *body;
	cl_body_facts f;
	unsigned char id[CL_HASH_BYTES];
	json_t *obj = NULL;
	size_t n = 0, len;

	(void)state;
	n = (size_t)snprintf(fields, sizeof fields, "%s", "{\"type\":\"claim\",\"text\":\"t\","
			     "\"speaker\":\"s\",\"source\":\"s\",\"date\":\"2021-01-01\"");
	for (int i = 0; i < CL_CANON_TOP_MAX; i++)
		n += (size_t)snprintf(fields + n, sizeof fields - n, ",\"x%02d\":%d", i, i);
	snprintf(fields + n, sizeof fields - n, "}");
	body = with_common(fields, 0, &len);
	assert_non_null(body);
	assert_int_equal(cl_record_quick(body, len, &f, id), 0);
	assert_int_equal(cl_record_precheck(body, len, &obj, id, NULL), CL_OK);
	json_decref(obj);
	free(body);
}

/* A string member over 1 KiB is copied to the heap: same verdict, on
 * both sides of that size and of CL_FIELD_MAX. */
static void test_long_strings(void **state)
{
	static const size_t sizes[] = { 1000, 1023, 1024, 1500, 5000, CL_FIELD_MAX, CL_FIELD_MAX + 1 };
	static char fields[2 * CL_FIELD_MAX + 256];
	char *body;
	size_t len, n;

	(void)state;
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		n = (size_t)snprintf(fields, sizeof fields, "%s", "{\"type\":\"claim\",\"text\":\"");
		/* every seventh character an escaped quote */
		for (size_t i = 0; i < sizes[k]; i++) {
			if (i % 7 == 3)
				fields[n++] = '\\';
			fields[n++] = i % 7 == 3 ? '"' : 'w';
		}
		snprintf(fields + n, sizeof fields - n, "%s", "\",\"speaker\":\"s\",\"source\":\"s\","
			 "\"date\":\"2021-01-01\"}");
		body = with_common(fields, 0, &len);
		assert_non_null(body);
		agree(body, len);
		free(body);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_spoiled),
		cmocka_unit_test(test_bytes_spoiled),
		cmocka_unit_test(test_many_members),
		cmocka_unit_test(test_long_strings),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
