/*
 * record_test.c: body rules, ids and signatures, the chain rules, and the
 * published test vectors (fixtures/vectors/records.json).
 */
#include <jansson.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/canon.h"
#include "ledger/record.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

static cl_seckey *owner, *editor, *other;

/* ---- helpers -------------------------------------------------------------- */

static cl_seckey *key_from(const char *name, unsigned char first)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_error err = { 0, "" };
	cl_seckey *k = NULL;
	int i;

	for (i = 0; i < CL_SEED_BYTES; i++)
		seed[i] = (unsigned char)(first + i);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	return k;
}

static int setup(void **state)
{
	(void)state;
	if (cl_crypto_init() != CL_OK)
		return -1;
	owner = key_from("test-owner", 0x00);
	editor = key_from("test-editor", 0x20);
	other = key_from("outsider", 0x40);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cl_seckey_free(owner);
	cl_seckey_free(editor);
	cl_seckey_free(other);
	return 0;
}

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_ALLOW_NUL, &jerr);

	if (v == NULL)
		fail_msg("test input is not JSON: %s: %s", text, jerr.text);
	return v;
}

/* Build `fields` (reference stolen) at `seq` with a plausible prev; check
 * rc and, on failure, that the message holds `needle`. */
static void build_expect(json_t *fields, uint64_t seq, int want,
			 const char *needle)
{
	unsigned char prev[CL_HASH_BYTES];
	cl_error err = { 0, "" };
	char *body = (char *)"untouched";
	size_t len = 1;
	int rc;

	assert_non_null(fields);
	memset(prev, seq == 0 ? 0 : 0x11, sizeof prev);
	rc = cl_record_build(fields, seq, prev, cl_seckey_pubkey(owner), T0,
			     &body, &len, &err);
	if (want == CL_OK) {
		assert_cl_ok(rc, &err);
		assert_non_null(body);
		assert_int_equal(strlen(body), len);
	} else {
		assert_cl_err(rc, want, &err, needle);
		assert_null(body);
	}
	free(body);
	json_decref(fields);
}

#define BUILD_OK(text, seq) build_expect(parse(text), (seq), CL_OK, "")
#define BUILD_BAD(text, seq, needle)                                           \
	build_expect(parse(text), (seq), CL_EINPUT, (needle))

/* A valid body of `fields` at `seq`, as a json_t to be spoiled. */
static json_t *valid_body(const char *fields, uint64_t seq)
{
	unsigned char prev[CL_HASH_BYTES];
	cl_error err = { 0, "" };
	json_t *f = parse(fields), *body;
	char *text = NULL;
	size_t len = 0;

	memset(prev, seq == 0 ? 0 : 0x11, sizeof prev);
	assert_cl_ok(cl_record_build(f, seq, prev, cl_seckey_pubkey(owner), T0,
				     &text, &len, &err), &err);
	body = parse(text);
	free(text);
	json_decref(f);
	assert_cl_ok(cl_body_check(body, &err), &err);
	return body;
}

/* Set member `name` of `body` to `v` (stolen) and expect the refusal. */
static void spoil_expect(json_t *body, const char *name, json_t *v,
			 const char *needle)
{
	cl_error err = { 0, "" };

	if (v == NULL)
		json_object_del(body, name);
	else
		json_object_set_new(body, name, v);
	assert_cl_err(cl_body_check(body, &err), CL_EINPUT, &err, needle);
}

static const char *claim_min = "{\"type\":\"claim\",\"text\":\"Turnout was 42%.\","
			       "\"speaker\":\"A. Person\",\"source\":\"https://example.org/a\","
			       "\"date\":\"2021-11-22\"}";

/* A chain under test, with every accepted record kept for a replay. */
#define TC_MAX 32
typedef struct tchain {
	cl_chain *c;
	char *body[TC_MAX];
	size_t len[TC_MAX];
	unsigned char sig[TC_MAX][CL_SIG_BYTES];
	unsigned char id[TC_MAX][CL_HASH_BYTES];
	size_t n;
} tchain;

static void tc_init(tchain *tc)
{
	cl_error err = { 0, "" };

	memset(tc, 0, sizeof *tc);
	assert_cl_ok(cl_chain_new(&tc->c, &err), &err);
}

static void tc_free(tchain *tc)
{
	size_t i;

	for (i = 0; i < tc->n; i++)
		free(tc->body[i]);
	cl_chain_free(tc->c);
}

/* Build and sign `fields` (JSON text) by `k` at (seq, prev); *body malloc'd. */
static void make_signed(const cl_seckey *k, const char *fields, uint64_t seq,
			const unsigned char *prev, char **body, size_t *len,
			unsigned char sig[CL_SIG_BYTES])
{
	cl_error err = { 0, "" };
	json_t *f = parse(fields);

	assert_cl_ok(cl_record_build(f, seq, prev, cl_seckey_pubkey(k),
				     T0 + (int64_t)seq * 60, body, len, &err),
		     &err);
	assert_int_equal(cl_record_sign(k, *body, *len, sig), CL_OK);
	json_decref(f);
}

/* Append the next record; returns push's rc, message in *err. */
static int tc_append(tchain *tc, const cl_seckey *k, const char *fields,
		     cl_error *err)
{
	unsigned char sig[CL_SIG_BYTES], id[CL_HASH_BYTES], want[CL_HASH_BYTES];
	json_t *parsed = NULL;
	char *body = NULL;
	size_t len = 0;
	int rc;

	make_signed(k, fields, cl_chain_next_seq(tc->c), cl_chain_last_id(tc->c),
		    &body, &len, sig);
	rc = cl_chain_push(tc->c, body, len, sig, 0, &parsed, id, err);
	if (rc != CL_OK) {
		assert_null(parsed);
		free(body);
		return rc;
	}
	assert_true(json_is_object(parsed));
	json_decref(parsed);
	cl_record_id(want, body, len);
	assert_memory_equal(id, want, CL_HASH_BYTES);
	assert_true(tc->n < TC_MAX);
	tc->body[tc->n] = body;
	tc->len[tc->n] = len;
	memcpy(tc->sig[tc->n], sig, CL_SIG_BYTES);
	memcpy(tc->id[tc->n], id, CL_HASH_BYTES);
	tc->n++;
	return rc;
}

#define APPEND_OK(tc, k, fields)                                               \
	do {                                                                   \
		cl_error e_ = { 0, "" };                                       \
		assert_cl_ok(tc_append((tc), (k), (fields), &e_), &e_);        \
	} while (0)

#define APPEND_BAD(tc, k, fields, want, needle)                                \
	do {                                                                   \
		cl_error e_ = { 0, "" };                                       \
		assert_cl_err(tc_append((tc), (k), (fields), &e_), (want),     \
			      &e_, (needle));                                  \
	} while (0)

static char fbuf[1024];

static const char *genesis_fields(void)
{
	return "{\"type\":\"genesis\",\"origin\":\"example.org/claimledger-test\","
	       "\"name\":\"test-owner\"}";
}

/* {"type":"editor", name, pubkey of k, action} in a static buffer. */
static const char *editor_fields(const char *name, const cl_seckey *k,
				 const char *action)
{
	char b64[64];

	cl_b64_encode(b64, cl_seckey_pubkey(k), CL_PUBKEY_BYTES);
	snprintf(fbuf, sizeof fbuf,
		 "{\"type\":\"editor\",\"name\":\"%s\",\"pubkey\":\"%s\",\"action\":\"%s\"}",
		 name, b64, action);
	return fbuf;
}

static const char *verdict_fields(const unsigned char id[CL_HASH_BYTES])
{
	char hex[CL_ID_HEX + 1];

	cl_hex_encode(hex, id, CL_HASH_BYTES);
	snprintf(fbuf, sizeof fbuf,
		 "{\"type\":\"verdict\",\"claim\":\"%s\",\"rating\":\"false\","
		 "\"note\":\"Official count: 38%%.\\nSee the link.\","
		 "\"evidence\":[\"https://example.org/count\"]}",
		 hex);
	return fbuf;
}

static const char *correction_fields(const unsigned char id[CL_HASH_BYTES])
{
	char hex[CL_ID_HEX + 1];

	cl_hex_encode(hex, id, CL_HASH_BYTES);
	snprintf(fbuf, sizeof fbuf,
		 "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"Wrong speaker.\"}",
		 hex);
	return fbuf;
}

/* genesis (owner) + editor add (test-editor): the start of most tests. */
static void tc_start(tchain *tc)
{
	tc_init(tc);
	APPEND_OK(tc, owner, genesis_fields());
	APPEND_OK(tc, owner, editor_fields("test-editor", editor, "add"));
}

/* Replay every accepted record into a fresh chain, as `verify` would. */
static void tc_replay(const tchain *tc)
{
	cl_error err = { 0, "" };
	cl_chain *c = NULL;
	size_t i;

	assert_cl_ok(cl_chain_new(&c, &err), &err);
	for (i = 0; i < tc->n; i++)
		assert_cl_ok(cl_chain_push(c, tc->body[i], tc->len[i], tc->sig[i],
					   0, NULL, NULL, &err), &err);
	assert_int_equal(cl_chain_next_seq(c), tc->n);
	cl_chain_free(c);
}

/* ---- one body ------------------------------------------------------------- */

static void test_type_names(void **state)
{
	cl_type t;

	(void)state;
	for (t = CL_TYPE_GENESIS; t <= CL_TYPE_CORRECTION; t++)
		assert_int_equal(cl_type_from_name(cl_type_name(t)), t);
	assert_string_equal(cl_type_name(CL_TYPE_CLAIM), "claim");
	assert_string_equal(cl_type_name(CL_TYPE_UNKNOWN), "unknown");
	assert_int_equal(cl_type_from_name("Claim"), CL_TYPE_UNKNOWN);
	assert_int_equal(cl_type_from_name("unknown"), CL_TYPE_UNKNOWN);
	assert_int_equal(cl_type_from_name(NULL), CL_TYPE_UNKNOWN);
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(cl_date_valid("2021-11-22"));
	assert_true(cl_date_valid("2024-02-29"));
	assert_true(cl_date_valid("2000-02-29"));
	assert_true(cl_date_valid("0000-01-01"));
	assert_true(cl_date_valid("9999-12-31"));
	assert_false(cl_date_valid("2021-02-29"));
	assert_false(cl_date_valid("1900-02-29"));
	assert_false(cl_date_valid("2021-13-01"));
	assert_false(cl_date_valid("2021-00-10"));
	assert_false(cl_date_valid("2021-04-31"));
	assert_false(cl_date_valid("2021-11-00"));
	assert_false(cl_date_valid("21-11-22"));
	assert_false(cl_date_valid("2021-1-01"));
	assert_false(cl_date_valid("2021/11/22"));
	assert_false(cl_date_valid("2021-11-22 "));
	assert_false(cl_date_valid("+021-11-22"));
	assert_false(cl_date_valid(""));
	assert_false(cl_date_valid(NULL));
}

static void test_times(void **state)
{
	static const struct {
		int64_t t;
		const char *s;
	} v[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ -1, "1969-12-31T23:59:59Z" },
		{ T0, "2026-01-01T00:00:00Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ 1637582400 + 3723, "2021-11-22T13:02:03Z" },
		{ -62167219200LL, "0000-01-01T00:00:00Z" },
		{ 253402300799LL, "9999-12-31T23:59:59Z" },
	};
	char out[CL_TIME_LEN + 1];
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(cl_time_format(v[i].t, out), CL_OK);
		assert_string_equal(out, v[i].s);
		assert_int_equal(cl_time_parse(v[i].s, &t), CL_OK);
		assert_int_equal(t, v[i].t);
	}
	assert_int_equal(cl_time_format(-62167219201LL, out), CL_EINPUT);
	assert_int_equal(cl_time_format(253402300800LL, out), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T24:00:00Z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T00:60:00Z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T00:00:60Z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-02-30T00:00:00Z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T00:00:00z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01 00:00:00Z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T00:00:00+00:00", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T00:00:00.5Z", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse("2026-01-01T00:00:00", NULL), CL_EINPUT);
	assert_int_equal(cl_time_parse(NULL, NULL), CL_EINPUT);
}

/* v, seq, type, time, prev, signer: cl_record_build sets them, so spoil a
 * built body and ask cl_body_check. */
static void test_common_members(void **state)
{
	json_t *b = valid_body(claim_min, 3);
	cl_error err = { 0, "" };
	json_t *g;

	(void)state;
	spoil_expect(b, "v", json_integer(2), "claim.v: not 1");
	spoil_expect(b, "v", json_string("1"), "claim.v: not 1");
	spoil_expect(b, "v", NULL, "claim.v: missing");
	json_object_set_new(b, "v", json_integer(1));
	spoil_expect(b, "seq", json_integer(-1), "claim.seq: not an integer >= 0");
	spoil_expect(b, "seq", json_string("3"), "claim.seq: not an integer >= 0");
	spoil_expect(b, "seq", json_integer(0), "claim.seq: record 0 must be a genesis");
	json_object_set_new(b, "seq", json_integer(3));
	spoil_expect(b, "time", json_string("2026-01-01T00:00:00"),
		     "claim.time: not YYYY-MM-DDTHH:MM:SSZ");
	spoil_expect(b, "time", json_string("2021-02-29T00:00:00Z"),
		     "claim.time: not YYYY-MM-DDTHH:MM:SSZ");
	spoil_expect(b, "time", json_integer(T0), "claim.time: not YYYY-MM-DDTHH:MM:SSZ");
	json_object_set_new(b, "time", json_string("2026-01-01T00:00:00Z"));
	spoil_expect(b, "prev", json_string("1111111111111111111111111111111111111111111111111111111111111111A"),
		     "claim.prev: not 64 lowercase hex digits");
	spoil_expect(b, "prev", json_string("111111111111111111111111111111111111111111111111111111111111111A"),
		     "claim.prev: not 64 lowercase hex digits");
	spoil_expect(b, "prev", json_string("0000000000000000000000000000000000000000000000000000000000000000"),
		     "claim.prev: all zeros after seq 0");
	json_object_set_new(b, "prev", json_string("1111111111111111111111111111111111111111111111111111111111111111"));
	/* Base64 with non-zero padding bits: a second spelling of a key. */
	spoil_expect(b, "signer", json_string("A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbh="),
		     "claim.signer: not the base64 of a 32-byte key");
	spoil_expect(b, "signer", json_string("A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMQ=="),
		     "claim.signer: not the base64 of a 32-byte key");
	spoil_expect(b, "signer", json_string("A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="),
		     "claim.signer: not the base64 of a 32-byte key");
	json_object_set_new(b, "signer", json_string("A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="));
	assert_cl_ok(cl_body_check(b, &err), &err);
	spoil_expect(b, "type", json_string("opinion"), "body.type: unknown type");
	spoil_expect(b, "type", json_integer(1), "body.type: not a string");
	spoil_expect(b, "type", NULL, "body.type: missing");
	json_decref(b);

	/* A genesis is record 0, and record 0 has 64 zeros as prev. */
	g = valid_body(genesis_fields(), 0);
	spoil_expect(g, "seq", json_integer(1), "genesis.seq: a genesis must be record 0");
	json_object_set_new(g, "seq", json_integer(0));
	spoil_expect(g, "prev", json_string("1111111111111111111111111111111111111111111111111111111111111111"),
		     "genesis.prev: must be 64 zeros at seq 0");
	json_decref(g);

	g = json_array();
	assert_cl_err(cl_body_check(g, &err), CL_EINPUT, &err, "body: not a JSON object");
	json_decref(g);
}

static void test_genesis_rules(void **state)
{
	(void)state;
	BUILD_OK(genesis_fields(), 0);
	BUILD_BAD("{\"type\":\"genesis\",\"origin\":\"example.org/x\",\"name\":\"a+b\"}", 0,
		  "genesis.name: not a key name");
	BUILD_BAD("{\"type\":\"genesis\",\"origin\":\"example org\",\"name\":\"a\"}", 0,
		  "genesis.origin: not a key name");
	BUILD_BAD("{\"type\":\"genesis\",\"origin\":\"example.org/x\"}", 0,
		  "genesis.name: missing");
	BUILD_BAD("{\"type\":\"genesis\",\"name\":\"a\",\"origin\":7}", 0,
		  "genesis.origin: not a key name");
	BUILD_BAD(genesis_fields(), 1, "genesis.seq: a genesis must be record 0");
	BUILD_BAD(claim_min, 0, "claim.seq: record 0 must be a genesis");
}

static void test_editor_rules(void **state)
{
	(void)state;
	BUILD_OK(editor_fields("test-editor", editor, "add"), 1);
	BUILD_OK(editor_fields("test-editor", editor, "revoke"), 1);
	BUILD_BAD(editor_fields("test-editor", editor, "remove"), 1,
		  "editor.action: not one of add, revoke");
	BUILD_BAD(editor_fields("test editor", editor, "add"), 1,
		  "editor.name: not a key name");
	BUILD_BAD("{\"type\":\"editor\",\"name\":\"x\",\"pubkey\":\"AAAA\",\"action\":\"add\"}", 1,
		  "editor.pubkey: not the base64 of a 32-byte key");
	BUILD_BAD("{\"type\":\"editor\",\"name\":\"x\",\"action\":\"add\"}", 1,
		  "editor.pubkey: missing");
}

static void test_claim_rules(void **state)
{
	(void)state;
	BUILD_OK(claim_min, 1);
	BUILD_OK("{\"type\":\"claim\",\"text\":\"Line one.\\nLine two \\u201cquoted\\u201d.\","
		 "\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"kind\":\"indirect\","
		 "\"document\":\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\","
		 "\"offset\":0,\"length\":17,\"context\":\"Before.\\nAfter.\",\"future\":{\"x\":[true]}}", 1);
	BUILD_OK("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\","
		 "\"date\":\"2021-11-22\",\"kind\":\"manual\"}", 1);
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: not a string with more than white space");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\" \\n\\u00a0\\u3000\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: not a string with more than white space");
	BUILD_BAD("{\"type\":\"claim\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: missing");
	BUILD_BAD("{\"type\":\"claim\",\"text\":[\"t\"],\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: not a string");
	/* Control characters: newline only in free text. */
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\\nB\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.speaker: control character U+000A not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"a\\tb\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: control character U+0009 not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"a\\rb\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: control character U+000D not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"a\\u007fb\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: control character U+007F not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"a\\u0000b\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.text: control character U+0000 not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"\",\"source\":\"s\",\"date\":\"2021-11-22\"}",
		  1, "claim.speaker: not a non-empty string");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"\",\"date\":\"2021-11-22\"}",
		  1, "claim.source: not a non-empty string");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"date\":\"2021-11-22\"}",
		  1, "claim.source: missing");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-02-29\"}",
		  1, "claim.date: not YYYY-MM-DD");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-13-01\"}",
		  1, "claim.date: not YYYY-MM-DD");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"21-11-22\"}",
		  1, "claim.date: not YYYY-MM-DD");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\"}",
		  1, "claim.date: missing");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"kind\":\"quote\"}",
		  1, "claim.kind: not one of direct, indirect, manual");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\","
		  "\"document\":\"00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff\"}",
		  1, "claim.document: not 64 lowercase hex digits");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"offset\":-1}",
		  1, "claim.offset: not an integer >= 0");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"length\":\"3\"}",
		  1, "claim.length: not an integer >= 0");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"context\":5}",
		  1, "claim.context: not a string");
	/* lang: ISO 639-1, two lowercase ASCII letters, optional. */
	BUILD_OK("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\","
		 "\"date\":\"2021-11-22\",\"lang\":\"es\"}", 1);
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"lang\":\"ES\"}",
		  1, "claim.lang: not two lowercase letters (ISO 639-1)");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"lang\":\"spa\"}",
		  1, "claim.lang: not two lowercase letters (ISO 639-1)");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"lang\":\"\u00e9s\"}",
		  1, "claim.lang: not two lowercase letters (ISO 639-1)");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\",\"lang\":5}",
		  1, "claim.lang: not two lowercase letters (ISO 639-1)");
	/* Unknown members: allowed, but under the generic rules. */
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\","
		  "\"future\":{\"tags\":[\"ok\",\"a\\u0001b\"]}}",
		  1, "claim.future.tags[1]: control character U+0001 not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\","
		  "\"future\":{\"text\":\"a\\nb\"}}",
		  1, "claim.future.text: control character U+000A not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\","
		  "\"bad\\nname\":1}",
		  1, "control character U+000A not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\","
		  "\"score\":0.5}",
		  1, "claim.score: floats are not allowed");
	BUILD_BAD("{\"type\":\"claim\",\"text\":\"t\",\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\","
		  "\"document\":null}",
		  1, "claim.document: null is not allowed");
}

/* Pinned provenance: offset and length together, only with a document,
 * and always on a direct quote that cites one.  cl_record_build (append)
 * and cl_body_check (verify, verify-export) refuse the same bodies. */
static void test_claim_provenance(void **state)
{
#define CLAIM_P "{\"type\":\"claim\",\"text\":\"We will burn the hospital down\"," \
		"\"speaker\":\"A\",\"source\":\"s\",\"date\":\"2021-11-22\""
#define DOC_P ",\"document\":\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\""
	static const struct {
		const char *fields, *needle; /* needle NULL: accepted */
	} cases[] = {
		/* accepted */
		{ CLAIM_P ",\"kind\":\"direct\"" DOC_P ",\"offset\":4,\"length\":30}", NULL },
		{ CLAIM_P ",\"kind\":\"direct\"}", NULL },
		{ CLAIM_P ",\"kind\":\"indirect\"" DOC_P "}", NULL },
		{ CLAIM_P ",\"kind\":\"manual\"" DOC_P "}", NULL },
		{ CLAIM_P DOC_P "}", NULL },
		{ CLAIM_P ",\"kind\":\"indirect\"" DOC_P ",\"offset\":0,\"length\":0}", NULL },
		/* a direct quote citing a document without its span */
		{ CLAIM_P ",\"kind\":\"direct\"" DOC_P "}",
		  "claim.offset: a direct quote citing a document needs offset and length" },
		/* half a span */
		{ CLAIM_P ",\"kind\":\"direct\"" DOC_P ",\"offset\":4}",
		  "claim.length: missing: offset and length go together" },
		{ CLAIM_P ",\"kind\":\"direct\"" DOC_P ",\"length\":30}",
		  "claim.offset: missing: offset and length go together" },
		{ CLAIM_P ",\"kind\":\"indirect\"" DOC_P ",\"offset\":4}",
		  "claim.length: missing: offset and length go together" },
		/* a span of no document */
		{ CLAIM_P ",\"offset\":4,\"length\":30}",
		  "claim.offset: offset and length need the document they point into" },
		{ CLAIM_P ",\"kind\":\"direct\",\"offset\":4,\"length\":30}",
		  "claim.offset: offset and length need the document they point into" },
		{ CLAIM_P ",\"offset\":4}",
		  "claim.length: missing: offset and length go together" },
		/* the type rules still come first */
		{ CLAIM_P ",\"kind\":\"direct\"" DOC_P ",\"offset\":-1,\"length\":30}",
		  "claim.offset: not an integer >= 0" },
	};
	size_t i;
	json_t *body, *fields;
	cl_error err = { 0, "" };

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].needle == NULL) {
			BUILD_OK(cases[i].fields, 1);
			continue;
		}
		BUILD_BAD(cases[i].fields, 1, cases[i].needle);
		/* The same body as read from a file: made valid, then the
		 * members of the case put back. */
		body = valid_body(CLAIM_P ",\"kind\":\"direct\"" DOC_P
				  ",\"offset\":4,\"length\":30}", 1);
		json_object_del(body, "kind");
		json_object_del(body, "document");
		json_object_del(body, "offset");
		json_object_del(body, "length");
		fields = parse(cases[i].fields);
		json_object_update(body, fields);
		json_decref(fields);
		assert_cl_err(cl_body_check(body, &err), CL_EINPUT, &err, cases[i].needle);
		json_decref(body);
	}
#undef CLAIM_P
#undef DOC_P
}

static void test_sizes(void **state)
{
	char *big = malloc(CL_BODY_MAX);
	json_t *f;
	int i;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', CL_BODY_MAX);
	/* Exactly 64 KiB is fine, one byte more is not. */
	f = parse(claim_min);
	json_object_set_new(f, "text", json_stringn(big, CL_FIELD_MAX));
	build_expect(f, 1, CL_OK, "");
	f = parse(claim_min);
	json_object_set_new(f, "text", json_stringn(big, CL_FIELD_MAX + 1));
	build_expect(f, 1, CL_EINPUT, "claim.text: longer than 65536 bytes");
	f = parse(claim_min);
	json_object_set_new(f, "extra", json_stringn(big, CL_FIELD_MAX + 1));
	build_expect(f, 1, CL_EINPUT, "claim.extra: longer than 65536 bytes");
	/* Many fields within the limit, together over 1 MiB. */
	f = parse(claim_min);
	for (i = 0; i < 17; i++) {
		char name[16];
		snprintf(name, sizeof name, "x%02d", i);
		json_object_set_new(f, name, json_stringn(big, CL_FIELD_MAX));
	}
	build_expect(f, 1, CL_EINPUT, "more than 1048576");
	/* Invalid UTF-8 that jansson would have refused on load. */
	f = parse(claim_min);
	json_object_set_new(f, "speaker", json_string_nocheck("A\xc3\x28"));
	build_expect(f, 1, CL_EINPUT, "claim.speaker: not valid UTF-8");
	free(big);
}

static void test_verdict_rules(void **state)
{
	static const char id[] = "b379d6abfa3923727b7d8cb368a9dba573d2072d6247d0bd8faf207fc93163c6";
	char buf[512];

	(void)state;
#define VERDICT(extra) (snprintf(buf, sizeof buf, "{\"type\":\"verdict\",\"claim\":\"%s\"%s}", id, extra), buf)
	BUILD_OK(VERDICT(",\"rating\":\"false\""), 1);
	BUILD_OK(VERDICT(",\"rating\":\"mostly-false\",\"note\":\"a\\nb\",\"evidence\":[]"), 1);
	BUILD_OK(VERDICT(",\"rating\":\"true\",\"evidence\":[\"https://a\",\"https://b\"]"), 1);
	BUILD_BAD(VERDICT(",\"rating\":\"False\""), 1, "verdict.rating: not one of true, mostly-true");
	BUILD_BAD(VERDICT(",\"rating\":\"\""), 1, "verdict.rating: not one of");
	BUILD_BAD(VERDICT(",\"rating\":\"-x\""), 1, "verdict.rating: not one of");
	BUILD_BAD(VERDICT(",\"rating\":\"half true\""), 1, "verdict.rating: not one of");
	BUILD_BAD(VERDICT(",\"rating\":\"pants-on-fire\""), 1, "verdict.rating: not one of");
	BUILD_BAD(VERDICT(""), 1, "verdict.rating: missing");
	BUILD_BAD(VERDICT(",\"rating\":\"true\",\"note\":7"), 1, "verdict.note: not a string");
	BUILD_BAD(VERDICT(",\"rating\":\"true\",\"evidence\":\"https://a\""), 1,
		  "verdict.evidence: not an array of strings");
	BUILD_BAD(VERDICT(",\"rating\":\"true\",\"evidence\":[\"a\",\"\"]"), 1,
		  "verdict.evidence[1]: not a non-empty string");
	BUILD_BAD(VERDICT(",\"rating\":\"true\",\"evidence\":[\"a\",1]"), 1,
		  "verdict.evidence[1]: not a non-empty string");
	BUILD_BAD(VERDICT(",\"rating\":\"true\",\"evidence\":[\"a\\nb\"]"), 1,
		  "verdict.evidence[0]: control character U+000A not allowed");
	/* url (newer than the other URL members): an absolute http(s) URL
	 * as a record rule; speaker_type: person or organization. */
	BUILD_OK(VERDICT(",\"rating\":\"false\",\"url\":\"https://fc.example/a?b=1#c\","
			 "\"speaker_type\":\"organization\""), 1);
	BUILD_OK(VERDICT(",\"rating\":\"false\",\"url\":\"HTTP://[::1]:8080/\","
			 "\"speaker_type\":\"person\""), 1);
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"url\":\"fc.example/a\""), 1,
		  "verdict.url: not an absolute http(s) URL (it must start with");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"url\":\"javascript:alert(1)\""), 1,
		  "verdict.url: not an absolute http(s) URL");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"url\":\"https://a@b.example/\""), 1,
		  "verdict.url: not an absolute http(s) URL: a user name");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"url\":\"https://b.example/a b\""), 1,
		  "verdict.url: not an absolute http(s) URL: space");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"url\":\"\""), 1, "verdict.url: not an");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"url\":7"), 1, "verdict.url: not a string");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"speaker_type\":\"Person\""), 1,
		  "verdict.speaker_type: not one of person, organization");
	BUILD_BAD(VERDICT(",\"rating\":\"false\",\"speaker_type\":\"\""), 1,
		  "verdict.speaker_type: not one of");
#undef VERDICT
	BUILD_BAD("{\"type\":\"verdict\",\"claim\":\"b379\",\"rating\":\"true\"}", 1,
		  "verdict.claim: not 64 lowercase hex digits");
}

static void test_correction_rules(void **state)
{
	(void)state;
	BUILD_OK("{\"type\":\"correction\",\"target\":\"b379d6abfa3923727b7d8cb368a9dba573d2072d6247d0bd8faf207fc93163c6\","
		 "\"reason\":\"Wrong date.\\nIt was the 21st.\"}", 1);
	BUILD_BAD("{\"type\":\"correction\",\"target\":\"b379d6abfa3923727b7d8cb368a9dba573d2072d6247d0bd8faf207fc93163c6\","
		  "\"reason\":\"\"}", 1, "correction.reason: not a non-empty string");
	BUILD_BAD("{\"type\":\"correction\",\"reason\":\"r\"}", 1, "correction.target: missing");
	BUILD_BAD("{\"type\":\"correction\",\"target\":1,\"reason\":\"r\"}", 1,
		  "correction.target: not 64 lowercase hex digits");
}

static void test_build_leaves_fields(void **state)
{
	json_t *f = parse("{\"type\":\"genesis\",\"origin\":\"o\",\"name\":\"n\",\"seq\":9,\"v\":7}");
	unsigned char zero[CL_HASH_BYTES] = { 0 };
	cl_error err = { 0, "" };
	char *body = NULL;
	size_t len = 0;

	(void)state;
	/* v and seq given by the caller are replaced, the caller's copy kept. */
	assert_cl_ok(cl_record_build(f, 0, zero, cl_seckey_pubkey(owner), T0,
				     &body, &len, &err), &err);
	assert_non_null(strstr(body, "\"seq\":0,"));
	assert_non_null(strstr(body, "\"v\":1}"));
	assert_int_equal(json_integer_value(json_object_get(f, "seq")), 9);
	free(body);
	assert_cl_err(cl_record_build(f, 0, zero, cl_seckey_pubkey(owner),
				      253402300800LL, &body, &len, &err),
		      CL_EINPUT, &err, "body.time");
	assert_cl_err(cl_record_build(f, (uint64_t)CL_INT_LIMIT, zero,
				      cl_seckey_pubkey(owner), T0, &body, &len, &err),
		      CL_EINPUT, &err, "body.seq");
	json_decref(f);
}

static void test_sign_verify(void **state)
{
	static const char body[] = "{\"a\":1}";
	unsigned char sig[CL_SIG_BYTES];

	(void)state;
	assert_int_equal(cl_record_sign(editor, body, strlen(body), sig), CL_OK);
	assert_true(cl_record_sig_ok(cl_seckey_pubkey(editor), sig, body, strlen(body)));
	assert_false(cl_record_sig_ok(cl_seckey_pubkey(owner), sig, body, strlen(body)));
	assert_false(cl_record_sig_ok(cl_seckey_pubkey(editor), sig, body, strlen(body) - 1));
	/* The context is part of what is signed. */
	cl_sign(editor, sig, body, strlen(body));
	assert_false(cl_record_sig_ok(cl_seckey_pubkey(editor), sig, body, strlen(body)));
}

/* ---- vectors ------------------------------------------------------------ */

static void test_vectors(void **state)
{
	const char *dir = getenv("CLAIMLEDGER_FIXTURES");
	unsigned char prev[CL_HASH_BYTES] = { 0 }, id[CL_HASH_BYTES], sig[CL_SIG_BYTES];
	char path[4096], hex[CL_ID_HEX + 1], b64[128], vkey[CL_VKEY_MAX];
	cl_seckey *keys[2] = { NULL, NULL };
	cl_error err = { 0, "" };
	json_error_t jerr;
	json_t *root, *recs, *k, *r;
	cl_chain *c = NULL;
	size_t i, j;

	(void)state;
	snprintf(path, sizeof path, "%s/vectors/records.json", dir ? dir : "fixtures");
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		fail_msg("%s: %s", path, jerr.text);
	assert_string_equal(json_string_value(json_object_get(root, "signature_context")),
			    CL_SIG_CONTEXT);
	assert_int_equal(json_array_size(json_object_get(root, "keys")), 2);
	json_array_foreach(json_object_get(root, "keys"), i, k) {
		unsigned char seed[CL_SEED_BYTES];
		const char *sh = json_string_value(json_object_get(k, "seed_hex"));
		const char *name = json_string_value(json_object_get(k, "name"));

		assert_non_null(sh);
		assert_int_equal(cl_hex_decode(seed, sizeof seed, sh, strlen(sh)), CL_OK);
		assert_cl_ok(cl_seckey_from_seed(name, seed, &keys[i], &err), &err);
		cl_b64_encode(b64, cl_seckey_pubkey(keys[i]), CL_PUBKEY_BYTES);
		assert_string_equal(b64, json_string_value(json_object_get(k, "public_key_base64")));
		cl_vkey_format(vkey, name, cl_seckey_pubkey(keys[i]));
		assert_string_equal(vkey, json_string_value(json_object_get(k, "verifier_key")));
	}
	assert_cl_ok(cl_chain_new(&c, &err), &err);
	recs = json_object_get(root, "records");
	assert_int_equal(json_array_size(recs), 5); /* genesis, editor, claim, verdict,
						      * a Spanish claim with lang */
	json_array_foreach(recs, i, r) {
		const char *by = json_string_value(json_object_get(r, "signed_by"));
		const char *want = json_string_value(json_object_get(r, "body"));
		size_t want_len = json_string_length(json_object_get(r, "body"));
		cl_seckey *key = NULL;
		char *body = NULL;
		size_t len = 0;
		int64_t t;

		for (j = 0; j < 2; j++)
			if (strcmp(cl_seckey_name(keys[j]), by) == 0)
				key = keys[j];
		assert_non_null(key);
		assert_int_equal(json_integer_value(json_object_get(r, "seq")), i);
		cl_hex_encode(hex, prev, CL_HASH_BYTES);
		assert_string_equal(hex, json_string_value(json_object_get(r, "prev")));
		assert_int_equal(cl_time_parse(json_string_value(json_object_get(r, "time")), &t), CL_OK);
		assert_cl_ok(cl_record_build(json_object_get(r, "fields"), i, prev,
					     cl_seckey_pubkey(key), t, &body, &len, &err), &err);
		if (len != want_len || memcmp(body, want, len) != 0)
			fail_msg("record %zu: body\n%s\nwant\n%s", i, body, want);
		cl_record_id(id, body, len);
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		assert_string_equal(hex, json_string_value(json_object_get(r, "id")));
		assert_int_equal(cl_record_sign(key, body, len, sig), CL_OK);
		cl_b64_encode(b64, sig, CL_SIG_BYTES);
		assert_string_equal(b64, json_string_value(json_object_get(r, "sig")));
		assert_cl_ok(cl_chain_push(c, body, len, sig, 0, NULL, NULL, &err), &err);
		memcpy(prev, id, CL_HASH_BYTES);
		free(body);
	}
	assert_string_equal(cl_chain_origin(c),
			    json_string_value(json_object_get(root, "origin")));
	/* Canonicalisation examples, when the file has them. */
	json_array_foreach(json_object_get(root, "canon"), i, r) {
		const char *in = json_string_value(json_object_get(r, "input"));
		const char *want = json_string_value(json_object_get(r, "canonical"));
		json_t *v = json_loads(in, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
		char *out = NULL;
		size_t len = 0;

		assert_non_null(v);
		assert_cl_ok(cl_canon_encode(v, &out, &len, &err), &err);
		assert_int_equal(len, json_string_length(json_object_get(r, "canonical")));
		assert_memory_equal(out, want, len);
		free(out);
		json_decref(v);
	}
	cl_chain_free(c);
	cl_seckey_free(keys[0]);
	cl_seckey_free(keys[1]);
	json_decref(root);
}

/* ---- the chain ------------------------------------------------------------ */

static void test_chain_happy(void **state)
{
	tchain tc;
	const cl_editor *e;
	char b64[64];

	(void)state;
	tc_init(&tc);
	assert_int_equal(cl_chain_next_seq(tc.c), 0);
	assert_null(cl_chain_owner(tc.c));
	assert_null(cl_chain_origin(tc.c));
	assert_int_equal(cl_chain_editor_count(tc.c), 0);
	APPEND_OK(&tc, owner, genesis_fields());
	assert_memory_equal(cl_chain_owner(tc.c), cl_seckey_pubkey(owner), CL_PUBKEY_BYTES);
	assert_string_equal(cl_chain_origin(tc.c), "example.org/claimledger-test");
	assert_string_equal(cl_chain_owner_name(tc.c), "test-owner");
	e = cl_chain_active_editor(tc.c, cl_seckey_pubkey(owner));
	assert_non_null(e);
	assert_true(e->is_owner);
	APPEND_OK(&tc, owner, editor_fields("test-editor", editor, "add"));
	APPEND_OK(&tc, editor, claim_min);                      /* 2 */
	APPEND_OK(&tc, owner, verdict_fields(tc.id[2]));        /* 3 */
	APPEND_OK(&tc, editor, correction_fields(tc.id[3]));    /* 4 */
	APPEND_OK(&tc, editor, correction_fields(tc.id[0]));    /* 5: any record */
	assert_int_equal(cl_chain_next_seq(tc.c), 6);
	assert_memory_equal(cl_chain_last_id(tc.c), tc.id[5], CL_HASH_BYTES);
	assert_int_equal(cl_chain_editor_count(tc.c), 2);
	e = cl_chain_editor(tc.c, 1);
	assert_non_null(e);
	assert_string_equal(e->name, "test-editor");
	assert_int_equal(e->added, 1);
	assert_true(e->revoked == UINT64_MAX);
	assert_false(e->is_owner);
	assert_null(cl_chain_editor(tc.c, 2));
	assert_ptr_equal(cl_chain_active_editor(tc.c, cl_seckey_pubkey(editor)), e);
	assert_null(cl_chain_active_editor(tc.c, cl_seckey_pubkey(other)));
	cl_b64_encode(b64, cl_seckey_pubkey(editor), CL_PUBKEY_BYTES);
	assert_non_null(strstr(tc.body[2], b64));
	tc_replay(&tc);
	tc_free(&tc);
}

static void test_chain_genesis_first(void **state)
{
	tchain tc;

	(void)state;
	tc_init(&tc);
	/* Record 0 must be a genesis (build refuses it, so forge the body). */
	{
		static const char body[] =
			"{\"date\":\"2021-11-22\",\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\","
			"\"seq\":0,\"signer\":\"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\",\"source\":\"s\","
			"\"speaker\":\"A\",\"text\":\"t\",\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"claim\",\"v\":1}";
		unsigned char sig[CL_SIG_BYTES];
		cl_error err = { 0, "" };

		assert_int_equal(cl_record_sign(owner, body, strlen(body), sig), CL_OK);
		assert_cl_err(cl_chain_push(tc.c, body, strlen(body), sig, 0, NULL, NULL, &err),
			      CL_EINTEGRITY, &err, "seq 0: claim.seq: record 0 must be a genesis");
	}
	APPEND_OK(&tc, owner, genesis_fields());
	tc_free(&tc);
}

static void test_chain_non_editor(void **state)
{
	tchain tc;

	(void)state;
	tc_start(&tc);
	APPEND_BAD(&tc, other, claim_min, CL_EKEY, "seq 2: signer is not an active editor");
	/* An editor (not the owner) cannot manage editors. */
	APPEND_BAD(&tc, editor, editor_fields("outsider", other, "add"), CL_EKEY,
		   "seq 2: editor records must be signed by the owner");
	APPEND_BAD(&tc, other, editor_fields("outsider", other, "add"), CL_EKEY,
		   "seq 2: editor records must be signed by the owner");
	APPEND_OK(&tc, editor, claim_min);
	/* Authority is reported only when it is the one fault. */
	APPEND_BAD(&tc, other, verdict_fields(tc.id[1]), CL_EINTEGRITY,
		   "seq 3: verdict.claim");
	tc_free(&tc);
}

static void test_chain_editor_rules(void **state)
{
	tchain tc;
	const cl_editor *e;

	(void)state;
	tc_start(&tc);
	APPEND_BAD(&tc, owner, editor_fields("test-editor", other, "add"), CL_EINTEGRITY,
		   "seq 2: editor.name: 'test-editor' is already an active editor");
	APPEND_BAD(&tc, owner, editor_fields("test-owner", other, "add"), CL_EINTEGRITY,
		   "seq 2: editor.name: 'test-owner' is already an active editor");
	APPEND_BAD(&tc, owner, editor_fields("second-name", editor, "add"), CL_EINTEGRITY,
		   "seq 2: editor.pubkey: already the key of active editor 'test-editor'");
	APPEND_BAD(&tc, owner, editor_fields("owner-again", owner, "add"), CL_EINTEGRITY,
		   "seq 2: editor.pubkey: already the key of active editor 'test-owner'");
	APPEND_BAD(&tc, owner, editor_fields("test-owner", owner, "revoke"), CL_EINTEGRITY,
		   "seq 2: editor.name: the owner 'test-owner' cannot be revoked");
	APPEND_BAD(&tc, owner, editor_fields("nobody", other, "revoke"), CL_EINTEGRITY,
		   "seq 2: editor.name: no active editor 'nobody' to revoke");
	APPEND_BAD(&tc, owner, editor_fields("test-editor", other, "revoke"), CL_EINTEGRITY,
		   "seq 2: editor.pubkey: not the key of editor 'test-editor'");
	APPEND_OK(&tc, owner, editor_fields("test-editor", editor, "revoke")); /* 2 */
	APPEND_BAD(&tc, owner, editor_fields("test-editor", editor, "revoke"), CL_EINTEGRITY,
		   "seq 3: editor.name: no active editor 'test-editor' to revoke");
	/* A revoked name may come back, with another key or the same one. */
	APPEND_OK(&tc, owner, editor_fields("test-editor", other, "add"));    /* 3 */
	APPEND_OK(&tc, owner, editor_fields("old-editor", editor, "add"));    /* 4 */
	/* Every editorship is kept: the old test-editor beside the new. */
	assert_int_equal(cl_chain_editor_count(tc.c), 4);
	e = cl_chain_editor(tc.c, 1);
	assert_string_equal(e->name, "test-editor");
	assert_memory_equal(e->pk, cl_seckey_pubkey(editor), CL_PUBKEY_BYTES);
	assert_int_equal(e->added, 1);
	assert_int_equal(e->revoked, 2);
	e = cl_chain_editor(tc.c, 2);
	assert_string_equal(e->name, "test-editor");
	assert_memory_equal(e->pk, cl_seckey_pubkey(other), CL_PUBKEY_BYTES);
	assert_int_equal(e->added, 3);
	assert_true(e->revoked == UINT64_MAX);
	e = cl_chain_active_editor(tc.c, cl_seckey_pubkey(editor));
	assert_non_null(e);
	assert_string_equal(e->name, "old-editor");
	assert_int_equal(e->added, 4);
	e = cl_chain_active_editor(tc.c, cl_seckey_pubkey(other));
	assert_string_equal(e->name, "test-editor");
	APPEND_OK(&tc, other, claim_min);
	tc_replay(&tc);
	tc_free(&tc);
}

static void test_chain_revoked(void **state)
{
	tchain tc;

	(void)state;
	tc_start(&tc);
	APPEND_OK(&tc, editor, claim_min);                                   /* 2 */
	APPEND_OK(&tc, owner, editor_fields("test-editor", editor, "revoke")); /* 3 */
	APPEND_BAD(&tc, editor, claim_min, CL_EKEY, "seq 4: signer is not an active editor");
	APPEND_BAD(&tc, editor, verdict_fields(tc.id[2]), CL_EKEY,
		   "seq 4: signer is not an active editor");
	/* Its earlier claim still verifies, and may still be rated. */
	APPEND_OK(&tc, owner, verdict_fields(tc.id[2]));                    /* 4 */
	assert_null(cl_chain_active_editor(tc.c, cl_seckey_pubkey(editor)));
	tc_replay(&tc);
	tc_free(&tc);
}

/* A refused push leaves the state as it was; the next valid one works. */
static void expect_unchanged(tchain *tc, uint64_t next, const unsigned char *last)
{
	assert_int_equal(cl_chain_next_seq(tc->c), next);
	assert_memory_equal(cl_chain_last_id(tc->c), last, CL_HASH_BYTES);
	assert_int_equal(cl_chain_editor_count(tc->c), 2);
}

static void test_chain_tamper(void **state)
{
	unsigned char sig[CL_SIG_BYTES], last[CL_HASH_BYTES], bad_prev[CL_HASH_BYTES];
	cl_error err = { 0, "" };
	json_t *parsed = json_true();
	char *body = NULL, *p, *spaced;
	size_t len = 0;
	tchain tc;

	(void)state;
	tc_start(&tc);
	memcpy(last, cl_chain_last_id(tc.c), CL_HASH_BYTES);

	/* Wrong prev. */
	memcpy(bad_prev, last, CL_HASH_BYTES);
	bad_prev[0] ^= 1;
	make_signed(editor, claim_min, 2, bad_prev, &body, &len, sig);
	assert_cl_err(cl_chain_push(tc.c, body, len, sig, 0, &parsed, NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: prev is not the id of the previous record");
	assert_null(parsed);
	free(body);
	expect_unchanged(&tc, 2, last);

	/* Wrong seq, ahead and behind. */
	make_signed(editor, claim_min, 3, last, &body, &len, sig);
	assert_cl_err(cl_chain_push(tc.c, body, len, sig, 0, NULL, NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: body has seq 3, expected 2");
	free(body);
	make_signed(editor, claim_min, 1, last, &body, &len, sig);
	assert_cl_err(cl_chain_push(tc.c, body, len, sig, 0, NULL, NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: body has seq 1, expected 2");
	free(body);
	expect_unchanged(&tc, 2, last);

	/* One byte of the body changed; the body stays canonical. */
	make_signed(editor, claim_min, 2, last, &body, &len, sig);
	p = strstr(body, "Turnout");
	assert_non_null(p);
	*p = 'X';
	assert_cl_err(cl_chain_push(tc.c, body, len, sig, 0, NULL, NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: signature does not verify");
	/* ...which the caller may have checked itself. */
	*p = 'T';
	sig[10] ^= 0x40;
	assert_cl_err(cl_chain_push(tc.c, body, len, sig, 0, NULL, NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: signature does not verify");
	expect_unchanged(&tc, 2, last);

	/* Not canonical: a space after the first colon. */
	spaced = malloc(len + 2);
	assert_non_null(spaced);
	p = strchr(body, ':');
	memcpy(spaced, body, (size_t)(p - body) + 1);
	spaced[p - body + 1] = ' ';
	memcpy(spaced + (p - body) + 2, p + 1, len - (size_t)(p - body));
	assert_cl_err(cl_chain_push(tc.c, spaced, len + 1, sig, CL_CHAIN_SKIP_SIG, NULL,
				    NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: not canonical JSON");
	free(spaced);
	assert_cl_err(cl_chain_push(tc.c, "{\"a\":", 5, sig, 0, NULL, NULL, &err),
		      CL_EINTEGRITY, &err, "seq 2: not JSON");
	expect_unchanged(&tc, 2, last);

	/* CL_CHAIN_SKIP_SIG: the caller vouches for the (tampered) sig. */
	assert_cl_ok(cl_chain_push(tc.c, body, len, sig, CL_CHAIN_SKIP_SIG, NULL, NULL,
				   &err), &err);
	assert_int_equal(cl_chain_next_seq(tc.c), 3);
	free(body);

	/* After all that, a valid push works. */
	make_signed(editor, claim_min, 3, cl_chain_last_id(tc.c), &body, &len, sig);
	assert_cl_ok(cl_chain_push(tc.c, body, len, sig, 0, NULL, NULL, &err), &err);
	free(body);
	tc_free(&tc);
}

static void test_chain_refs(void **state)
{
	unsigned char nowhere[CL_HASH_BYTES];
	tchain tc;

	(void)state;
	memset(nowhere, 0x5a, sizeof nowhere);
	tc_start(&tc);
	APPEND_OK(&tc, editor, claim_min);                                    /* 2 */
	APPEND_BAD(&tc, editor, verdict_fields(nowhere), CL_EINTEGRITY,
		   "seq 3: verdict.claim: no earlier record has id 5a5a5a5a5a5a5a5a");
	APPEND_BAD(&tc, editor, verdict_fields(tc.id[0]), CL_EINTEGRITY,
		   "seq 3: verdict.claim: record");
	APPEND_BAD(&tc, editor, verdict_fields(tc.id[1]), CL_EINTEGRITY,
		   "is not a claim");
	APPEND_BAD(&tc, editor, correction_fields(nowhere), CL_EINTEGRITY,
		   "seq 3: correction.target: no earlier record has id");
	APPEND_OK(&tc, editor, verdict_fields(tc.id[2]));                     /* 3 */
	APPEND_BAD(&tc, editor, verdict_fields(tc.id[3]), CL_EINTEGRITY,
		   "is not a claim");
	APPEND_OK(&tc, editor, correction_fields(tc.id[1]));                  /* 4 */
	APPEND_OK(&tc, editor, correction_fields(tc.id[4]));                  /* 5 */
	/* Many ids: the in-memory table grows and still finds the first. */
	while (tc.n < TC_MAX - 1)
		APPEND_OK(&tc, editor, claim_min);
	APPEND_OK(&tc, owner, verdict_fields(tc.id[2]));
	tc_replay(&tc);
	tc_free(&tc);
}

/* A lookup as the store provides: every id is a claim, calls counted. */
static int lookups;
static cl_type all_claims(void *ctx, const unsigned char id[CL_HASH_BYTES])
{
	(void)ctx;
	lookups++;
	return id[0] == 0x5a ? CL_TYPE_CLAIM : CL_TYPE_UNKNOWN;
}

static void test_chain_restore(void **state)
{
	unsigned char nowhere[CL_HASH_BYTES];
	cl_error err = { 0, "" };
	cl_chain *r = NULL;
	cl_editor e;
	tchain tc;
	size_t i;

	(void)state;
	memset(nowhere, 0x5a, sizeof nowhere);
	tc_start(&tc);
	APPEND_OK(&tc, owner, editor_fields("outsider", other, "add"));         /* 2 */
	APPEND_OK(&tc, owner, editor_fields("outsider", other, "revoke"));      /* 3 */

	assert_cl_ok(cl_chain_new(&r, &err), &err);
	assert_cl_err(cl_chain_restore_editor(r, cl_chain_editor(tc.c, 1), &err),
		      CL_EINPUT, &err, "chain restore");
	assert_cl_err(cl_chain_restore(r, 0, cl_chain_last_id(tc.c), cl_chain_owner(tc.c),
				       "example.org/claimledger-test", "test-owner", &err),
		      CL_EINPUT, &err, "out of range");
	assert_cl_err(cl_chain_restore(r, 4, cl_chain_last_id(tc.c), cl_chain_owner(tc.c),
				       "bad origin", "test-owner", &err),
		      CL_EINPUT, &err, "not a valid key name");
	assert_cl_ok(cl_chain_restore(r, cl_chain_next_seq(tc.c), cl_chain_last_id(tc.c),
				      cl_chain_owner(tc.c), cl_chain_origin(tc.c),
				      cl_chain_owner_name(tc.c), &err), &err);
	assert_cl_err(cl_chain_restore(r, 4, cl_chain_last_id(tc.c), cl_chain_owner(tc.c),
				       "o", "n", &err),
		      CL_EINPUT, &err, "not new");
	for (i = 0; i < cl_chain_editor_count(tc.c); i++)
		assert_cl_ok(cl_chain_restore_editor(r, cl_chain_editor(tc.c, i), &err), &err);
	assert_int_equal(cl_chain_editor_count(r), 3);
	/* Two active entries of one name is not a state the chain can reach. */
	assert_cl_err(cl_chain_restore_editor(r, cl_chain_editor(tc.c, 1), &err),
		      CL_EINPUT, &err, "name already active");
	e = *cl_chain_editor(tc.c, 1);
	snprintf(e.name, sizeof e.name, "same-key");
	assert_cl_err(cl_chain_restore_editor(r, &e, &err), CL_EINPUT, &err,
		      "key already active");
	e = *cl_chain_editor(tc.c, 2);
	e.revoked = 9;
	assert_cl_err(cl_chain_restore_editor(r, &e, &err), CL_EINPUT, &err,
		      "seqs out of range");
	e = *cl_chain_editor(tc.c, 1);
	e.is_owner = 1;
	assert_cl_err(cl_chain_restore_editor(r, &e, &err), CL_EINPUT, &err,
		      "not the owner restored");

	assert_int_equal(cl_chain_next_seq(r), 4);
	assert_string_equal(cl_chain_origin(r), "example.org/claimledger-test");
	assert_string_equal(cl_chain_owner_name(r), "test-owner");
	assert_non_null(cl_chain_active_editor(r, cl_seckey_pubkey(editor)));
	assert_null(cl_chain_active_editor(r, cl_seckey_pubkey(other)));

	/* The restored chain goes on exactly where the replayed one is. */
	{
		unsigned char sig[CL_SIG_BYTES];
		char *body = NULL;
		size_t len = 0;

		make_signed(editor, claim_min, 4, cl_chain_last_id(r), &body, &len, sig);
		assert_cl_ok(cl_chain_push(r, body, len, sig, 0, NULL, NULL, &err), &err);
		assert_cl_ok(cl_chain_push(tc.c, body, len, sig, 0, NULL, NULL, &err), &err);
		free(body);
		make_signed(other, claim_min, 5, cl_chain_last_id(r), &body, &len, sig);
		assert_cl_err(cl_chain_push(r, body, len, sig, 0, NULL, NULL, &err),
			      CL_EKEY, &err, "seq 5: signer is not an active editor");
		free(body);
		/* Ids before the restore are the lookup's business. */
		cl_chain_set_lookup(r, all_claims, NULL);
		lookups = 0;
		make_signed(editor, verdict_fields(nowhere), 5, cl_chain_last_id(r),
			    &body, &len, sig);
		assert_cl_ok(cl_chain_push(r, body, len, sig, 0, NULL, NULL, &err), &err);
		free(body);
		assert_int_equal(lookups, 1);
		make_signed(editor, verdict_fields(tc.id[0]), 6, cl_chain_last_id(r),
			    &body, &len, sig);
		assert_cl_err(cl_chain_push(r, body, len, sig, 0, NULL, NULL, &err),
			      CL_EINTEGRITY, &err, "seq 6: verdict.claim: no earlier record");
		free(body);
	}
	cl_chain_free(r);
	tc_free(&tc);
}

/* ---- config records and corrected values (added with facts.c) ---------- */

static void test_config_rules(void **state)
{
	tchain tc;

	(void)state;
	BUILD_OK("{\"type\":\"config\",\"newsroom\":\"Fact Desk\"}", 1);
	BUILD_OK("{\"type\":\"config\",\"url\":\"https://fc.example/\"}", 1);
	BUILD_OK("{\"type\":\"config\",\"newsroom\":\"Fact Desk\",\"url\":\"https://fc.example/\"}", 1);
	BUILD_BAD("{\"type\":\"config\"}", 1, "config: needs newsroom or url");
	BUILD_BAD("{\"type\":\"config\",\"newsroom\":\"\"}", 1, "config.newsroom");
	BUILD_BAD("{\"type\":\"config\",\"url\":7}", 1, "config.url");
	BUILD_BAD("{\"type\":\"config\",\"newsroom\":\"a\\nb\"}", 1,
		  "control character U+000A not allowed");

	tc_start(&tc);
	APPEND_OK(&tc, owner, "{\"type\":\"config\",\"newsroom\":\"Fact Desk\"}");
	APPEND_BAD(&tc, editor, "{\"type\":\"config\",\"newsroom\":\"Other\"}", CL_EKEY,
		   "config records must be signed by the owner");
	APPEND_BAD(&tc, other, "{\"type\":\"config\",\"url\":\"https://x\"}", CL_EKEY,
		   "must be signed by the owner");
	APPEND_OK(&tc, owner, "{\"type\":\"config\",\"url\":\"https://fc.example/\"}");
	tc_replay(&tc);
	tc_free(&tc);
}

static void test_correction_values(void **state)
{
	static const char id[] = "b379d6abfa3923727b7d8cb368a9dba573d2072d6247d0bd8faf207fc93163c6";
	char hex[CL_ID_HEX + 1], buf[512];
	tchain tc;

	(void)state;
#define CORR(extra) (snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\"%s}", id, extra), buf)
	BUILD_OK(CORR(",\"speaker\":\"B. Person\",\"date\":\"2021-11-21\""), 1);
	BUILD_OK(CORR(",\"text\":\"New\\ntext\",\"source\":\"https://b\""), 1);
	BUILD_BAD(CORR(",\"speaker\":\"\""), 1, "correction.speaker");
	BUILD_BAD(CORR(",\"source\":\"\""), 1, "correction.source");
	BUILD_BAD(CORR(",\"date\":\"2021-02-29\""), 1, "correction.date");
	BUILD_BAD(CORR(",\"text\":\"  \""), 1, "correction.text");
	BUILD_BAD(CORR(",\"speaker\":\"a\\nb\""), 1, "control character U+000A not allowed");
	/* kind, offset and length: the claim's member rules, the span whole. */
	BUILD_OK(CORR(",\"kind\":\"indirect\""), 1);
	BUILD_OK(CORR(",\"kind\":\"manual\",\"text\":\"t\""), 1);
	BUILD_OK(CORR(",\"kind\":\"direct\",\"offset\":0,\"length\":0"), 1);
	BUILD_OK(CORR(",\"offset\":9007199254740991,\"length\":12"), 1);
	BUILD_BAD(CORR(",\"kind\":\"quoted\""), 1,
		  "correction.kind: not one of direct, indirect, manual");
	BUILD_BAD(CORR(",\"kind\":\"Direct\""), 1, "correction.kind");
	BUILD_BAD(CORR(",\"kind\":1"), 1, "correction.kind");
	BUILD_BAD(CORR(",\"offset\":-1,\"length\":3"), 1,
		  "correction.offset: not an integer >= 0");
	BUILD_BAD(CORR(",\"offset\":\"3\",\"length\":3"), 1,
		  "correction.offset: not an integer >= 0");
	BUILD_BAD(CORR(",\"offset\":3,\"length\":true"), 1,
		  "correction.length: not an integer >= 0");
	BUILD_BAD(CORR(",\"offset\":3"), 1,
		  "correction.length: missing: offset and length go together");
	BUILD_BAD(CORR(",\"length\":3,\"kind\":\"direct\""), 1,
		  "correction.offset: missing: offset and length go together");
#undef CORR

	tc_start(&tc);
	APPEND_OK(&tc, editor, claim_min);                              /* 2 */
	APPEND_OK(&tc, editor, verdict_fields(tc.id[2]));               /* 3 */
	cl_hex_encode(hex, tc.id[2], CL_HASH_BYTES);
	snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		 "\"speaker\":\"B. Person\",\"text\":\"Turnout was 38%%.\"}", hex);
	APPEND_OK(&tc, editor, buf);                                    /* 4 */
	cl_hex_encode(hex, tc.id[3], CL_HASH_BYTES);
	snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		 "\"speaker\":\"B. Person\"}", hex);
	APPEND_BAD(&tc, editor, buf, CL_EINTEGRITY,
		   "seq 5: correction: corrected values need a claim as target");
	snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		 "\"date\":\"2021-11-21\"}", hex);
	APPEND_BAD(&tc, editor, buf, CL_EINTEGRITY, "corrected values need a claim");
	cl_hex_encode(hex, tc.id[1], CL_HASH_BYTES);
	snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		 "\"text\":\"x\"}", hex);
	APPEND_BAD(&tc, owner, buf, CL_EINTEGRITY, "corrected values need a claim");
	/* kind, offset and length are corrected values too. */
	cl_hex_encode(hex, tc.id[3], CL_HASH_BYTES);
	snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		 "\"kind\":\"indirect\"}", hex);
	APPEND_BAD(&tc, editor, buf, CL_EINTEGRITY,
		   "seq 5: correction: corrected values need a claim as target");
	snprintf(buf, sizeof buf, "{\"type\":\"correction\",\"target\":\"%s\",\"reason\":\"r\","
		 "\"length\":1,\"offset\":2}", hex);
	APPEND_BAD(&tc, editor, buf, CL_EINTEGRITY, "corrected values need a claim");
	/* Without values, a verdict may still be corrected. */
	APPEND_OK(&tc, editor, correction_fields(tc.id[3]));            /* 5 */
	tc_replay(&tc);
	tc_free(&tc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_common_members),
		cmocka_unit_test(test_genesis_rules),
		cmocka_unit_test(test_editor_rules),
		cmocka_unit_test(test_claim_rules),
		cmocka_unit_test(test_claim_provenance),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_verdict_rules),
		cmocka_unit_test(test_correction_rules),
		cmocka_unit_test(test_build_leaves_fields),
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_chain_happy),
		cmocka_unit_test(test_chain_genesis_first),
		cmocka_unit_test(test_chain_non_editor),
		cmocka_unit_test(test_chain_editor_rules),
		cmocka_unit_test(test_chain_revoked),
		cmocka_unit_test(test_chain_tamper),
		cmocka_unit_test(test_chain_refs),
		cmocka_unit_test(test_chain_restore),
		cmocka_unit_test(test_config_rules),
		cmocka_unit_test(test_correction_values),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
