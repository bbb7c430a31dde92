/*
 * export_test.c: the jsonl export (ledger/export.h): the streaming Merkle
 * root against cl_merkle_root, the known-good export reproduced byte for
 * byte through the library, verification of a small ledger with every
 * record type, and the verifier's refusals.
 */
#include "testutil.h"

#include <jansson.h>

#include "crypto/crypto.h"
#include "ledger/export.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/store.h"

#define ORIGIN "example.org/claimledger-test"
#define T0 1767225600 /* 2026-01-01T00:00:00Z, as fixtures/export/make.sh */

struct fixture {
	char *dir;
	cl_seckey *owner, *editor;
	cl_ledger *l;
	unsigned char last[CL_HASH_BYTES];
};

static cl_seckey *seed_key(const char *name, unsigned first)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_seckey *k = NULL;
	cl_error err = { 0 };
	unsigned i;

	for (i = 0; i < CL_SEED_BYTES; i++)
		seed[i] = (unsigned char)(first + i);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	return k;
}

/* Append one record built from `fields` (taken) signed by `k` at `t`. */
static void append(struct fixture *f, json_t *fields, const cl_seckey *k, int64_t t)
{
	cl_error err = { 0 };
	cl_txn *txn = NULL;

	assert_non_null(fields);
	assert_cl_ok(cl_ledger_begin(f->l, &txn, &err), &err);
	assert_cl_ok(cl_txn_append(txn, fields, k, t, NULL, f->last, &err), &err);
	assert_cl_ok(cl_txn_commit(txn, &err), &err);
	json_decref(fields);
}

/* The ledger of fixtures/export/make.sh, record for record. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char b64[64];
	cl_error err = { 0 };

	assert_non_null(f);
	assert_int_equal(cl_crypto_init(), CL_OK);
	f->dir = tu_tmpdir();
	assert_non_null(f->dir);
	f->owner = seed_key("test-owner", 0x00);
	f->editor = seed_key("test-editor", 0x20);
	assert_cl_ok(cl_ledger_create(f->dir, f->owner, ORIGIN, T0, NULL, &err), &err);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	cl_b64_encode(b64, cl_seckey_pubkey(f->editor), CL_PUBKEY_BYTES);
	append(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "editor", "name",
			    "test-editor", "pubkey", b64, "action", "add"),
	       f->owner, T0 + 60);
	append(f, json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim", "text",
			    "Unemployment fell to 3.5% in October", "speaker",
			    "Jane Doe", "source", "https://example.org/story",
			    "date", "2021-11-22"),
	       f->editor, T0 + 120);
	append(f, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "type", "claim",
			    "text", "\xe2\x80\x9cWe never said \"never\",\xe2\x80\x9d "
			    "she added.\nA second line with a \\ backslash; "
			    "caf\xc3\xa9 \xe2\x98\x95",
			    "speaker", "Mar\xc3\xad" "a Jos\xc3\xa9", "source",
			    "https://example.org/story-2", "date", "2021-11-23",
			    "kind", "direct", "context", "At the press conference"),
	       f->editor, T0 + 180);
	append(f, json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim", "text",
			    "The bridge will open in 2025", "speaker",
			    "City Council", "source", "https://example.org/bridge",
			    "date", "2024-02-29"),
	       f->owner, T0 + 240);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cl_ledger_close(f->l);
	cl_seckey_free(f->owner);
	cl_seckey_free(f->editor);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Export under a new checkpoint into a malloc'd buffer. */
static char *export_now(struct fixture *f, size_t *len, cl_export_info *info)
{
	cl_error err = { 0 };
	char *note = NULL, *buf = NULL;
	size_t note_len = 0;
	FILE *out;

	assert_cl_ok(cl_ledger_checkpoint(f->l, f->owner, &note, &note_len, &err), &err);
	out = open_memstream(&buf, len);
	assert_non_null(out);
	assert_cl_ok(cl_export_jsonl(f->l, note, note_len, out, info, &err), &err);
	assert_int_equal(fclose(out), 0);
	free(note);
	return buf;
}

static int verify_buf(const char *buf, size_t len, const unsigned char *pk,
		      cl_export_info *info, cl_error *err)
{
	FILE *in = fmemopen((void *)buf, len, "rb");
	int rc;

	assert_non_null(in);
	rc = cl_export_verify(in, "x.jsonl", pk, info, err);
	fclose(in);
	return rc;
}

static void test_frontier_matches_merkle_root(void **state)
{
	unsigned char leaf[CL_HASH_BYTES], a[CL_HASH_BYTES], b[CL_HASH_BYTES];
	cl_merkle_mem *mem = NULL;
	cl_frontier fr;
	cl_error err = { 0 };
	uint32_t i;

	(void)state;
	assert_int_equal(cl_merkle_mem_new(&mem), CL_OK);
	cl_frontier_init(&fr);
	cl_frontier_root(&fr, a);
	cl_sha256(b, "", 0);
	assert_memory_equal(a, b, CL_HASH_BYTES);
	for (i = 0; i < 300; i++) {
		cl_merkle_leaf_hash(leaf, &i, sizeof i);
		assert_cl_ok(cl_merkle_mem_append(mem, leaf, &err), &err);
		assert_cl_ok(cl_frontier_append(&fr, leaf, &err), &err);
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, mem, i + 1, a, &err), &err);
		cl_frontier_root(&fr, b);
		assert_memory_equal(a, b, CL_HASH_BYTES);
		/* Only the peaks are kept: one per one bit of the size. */
		assert_int_equal(fr.npeaks, (size_t)__builtin_popcount(i + 1));
	}
	cl_merkle_mem_free(mem);
}

/* The Certificate Transparency test tree (SPEC.md, Transparency). */
static void test_frontier_ct_vector(void **state)
{
	static const char *const leaves[] = { "", "00", "10", "2021", "3031",
		"40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" };
	unsigned char data[16], h[CL_HASH_BYTES];
	char hex[2 * CL_HASH_BYTES + 1];
	cl_frontier fr;
	size_t i, n;

	(void)state;
	cl_frontier_init(&fr);
	for (i = 0; i < 8; i++) {
		n = strlen(leaves[i]) / 2;
		assert_int_equal(cl_hex_decode(data, n, leaves[i], 2 * n), CL_OK);
		cl_merkle_leaf_hash(h, data, n);
		assert_int_equal(cl_frontier_append(&fr, h, NULL), CL_OK);
	}
	cl_frontier_root(&fr, h);
	cl_hex_encode(hex, h, CL_HASH_BYTES);
	assert_string_equal(hex, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
}

static void test_known_good_reproduced(void **state)
{
	struct fixture *f = *state;
	const char *fix = getenv("CLAIMLEDGER_FIXTURES");
	char path[4096], *buf, *want;
	size_t len = 0, want_len = 0;
	cl_export_info info;
	cl_error err = { 0 };

	snprintf(path, sizeof path, "%s/export/known-good.jsonl", fix ? fix : "fixtures");
	want = tu_slurp(path, &want_len);
	assert_non_null(want);
	buf = export_now(f, &len, &info);
	assert_int_equal(info.size, 5);
	assert_int_equal(len, want_len);
	assert_memory_equal(buf, want, len);
	assert_cl_ok(verify_buf(want, want_len, cl_seckey_pubkey(f->owner), &info, &err), &err);
	assert_int_equal(info.size, 5);
	assert_string_equal(info.origin, ORIGIN);
	free(buf);
	free(want);
}

static void test_every_type_verifies(void **state)
{
	struct fixture *f = *state;
	char hex[CL_ID_HEX + 1], b64[64], *buf, *again, *note = NULL;
	unsigned char claim[CL_HASH_BYTES], root[CL_HASH_BYTES];
	size_t len = 0, len2 = 0, note_len = 0;
	cl_export_info info, vinfo;
	cl_checkpoint cp;
	cl_error err = { 0 };
	FILE *out;

	memcpy(claim, f->last, sizeof claim);
	cl_hex_encode(hex, claim, CL_HASH_BYTES);
	append(f, json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "type", "verdict", "claim",
			    hex, "rating", "false", "note", "no such plan",
			    "evidence", "https://example.org/minutes"),
	       f->editor, T0 + 300);
	cl_hex_encode(hex, f->last, CL_HASH_BYTES);
	append(f, json_pack("{s:s, s:s, s:s}", "type", "correction", "target", hex,
			    "reason", "the minutes were misread"),
	       f->editor, T0 + 360);
	cl_b64_encode(b64, cl_seckey_pubkey(f->editor), CL_PUBKEY_BYTES);
	append(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "editor", "name",
			    "test-editor", "pubkey", b64, "action", "revoke"),
	       f->owner, T0 + 420);
	buf = export_now(f, &len, &info);
	assert_int_equal(info.size, 8);
	assert_cl_ok(cl_ledger_root(f->l, 8, root, &err), &err);
	assert_memory_equal(info.root, root, CL_HASH_BYTES);
	assert_cl_ok(verify_buf(buf, len, cl_seckey_pubkey(f->owner), &vinfo, &err), &err);
	assert_int_equal(vinfo.size, 8);
	assert_memory_equal(vinfo.root, root, CL_HASH_BYTES);

	/* Without a key: the latest stored checkpoint gives the same bytes. */
	assert_cl_ok(cl_ledger_latest_checkpoint(f->l, &note, &note_len, &cp, &err), &err);
	out = open_memstream(&again, &len2);
	assert_non_null(out);
	assert_cl_ok(cl_export_jsonl(f->l, note, note_len, out, NULL, &err), &err);
	fclose(out);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, again, len);
	free(note);
	free(again);
	free(buf);
}

/* Replace the first occurrence of `from` in buf (len bytes) by `to`. */
static char *edit(const char *buf, size_t len, const char *from, const char *to,
		  size_t *out_len)
{
	const char *p = strstr(buf, from);
	char *out;
	size_t a, fl = strlen(from), tl = strlen(to);

	assert_non_null(p);
	a = (size_t)(p - buf);
	out = malloc(len - fl + tl + 1);
	assert_non_null(out);
	memcpy(out, buf, a);
	memcpy(out + a, to, tl);
	memcpy(out + a + tl, p + fl, len - a - fl);
	*out_len = len - fl + tl;
	out[*out_len] = '\0';
	return out;
}

static void expect_refused(const char *buf, size_t len, const unsigned char *pk,
			   const char *needle)
{
	cl_error err = { 0 };

	assert_cl_err(verify_buf(buf, len, pk, NULL, &err), CL_EINTEGRITY, &err, needle);
}

static void test_verify_refuses(void **state)
{
	struct fixture *f = *state;
	const unsigned char *pk = cl_seckey_pubkey(f->owner);
	char *buf, *bad, *last;
	size_t len = 0, n = 0;

	buf = export_now(f, &len, NULL);
	bad = edit(buf, len, "Jane Doe", "Jane Dough", &n);
	expect_refused(bad, n, pk, "'x.jsonl' line 4: id is not the SHA-256 of the body");
	free(bad);
	bad = edit(buf, len, "\"seq\":2,", "\"seq\":2 ,", &n);
	expect_refused(bad, n, pk, "line 4: not canonical JSON");
	free(bad);
	expect_refused(buf, len - 1, pk, "line 7: no newline at the end");
	last = strstr(buf, "{\"checkpoint\"");
	assert_non_null(last);
	expect_refused(buf, (size_t)(last - buf), pk, "line 7: missing checkpoint line");
	expect_refused(buf, (size_t)(last - buf) - 10, pk, "line 6: no newline");
	bad = malloc(len + 4);
	assert_non_null(bad);
	memcpy(bad, buf, len);
	memcpy(bad + len, "{}\n", 3);
	expect_refused(bad, len + 3, pk, "line 8: data after the checkpoint line");
	free(bad);
	bad = edit(buf, len, "\"size\":5", "\"size\":4", &n);
	expect_refused(bad, n, pk, "line 6: more records than the header's size 4");
	free(bad);
	expect_refused(buf, len, cl_seckey_pubkey(f->editor), "line 1: header: the owner key is not the --pubkey key");
	expect_refused("", 0, pk, "'x.jsonl' line 1: empty file");
	expect_refused("\n", 1, pk, "line 1: not JSON");
	free(buf);
}

/*
 * A "\u0000" inside a header string, an id or a sig: C string functions
 * would stop at it and see a valid value ("export/1\u0000x" as "export/1"),
 * so the verifier must judge the whole string.  Every case is refused at
 * the line of the NUL.
 */
static void test_verify_refuses_nul(void **state)
{
	struct fixture *f = *state;
	const unsigned char *pk = cl_seckey_pubkey(f->owner);
	static const struct {
		const char *from, *to, *why;
	} cases[] = {
		{ "\"export/1\"", "\"export/1\\u0000x\"",
		  "line 1: header: not a claimledger export/1 file" },
		{ "\"export/1\"", "\"export/1\\u0000\"",
		  "line 1: header: not a claimledger export/1 file" },
		{ "\"origin\":\"" ORIGIN "\"", "\"origin\":\"" ORIGIN "\\u0000x\"",
		  "line 1: header: origin is not a valid key name" },
		{ "\"origin\":\"" ORIGIN "\"", "\"origin\":\"" ORIGIN "\\u0000\"",
		  "line 1: header: origin is not a valid key name" },
		{ "\",\"size\"", "\\u0000\",\"size\"",
		  "line 1: header: owner is not a verifier key" },
		{ "\",\"sig\":\"", "\\u0000\",\"sig\":\"",
		  "line 2: id is not 64 lowercase hex digits" },
		{ "\"}\n", "\\u0000\"}\n",
		  "line 2: sig is not the canonical base64 of 64 bytes" },
	};
	char *buf, *bad;
	size_t len = 0, n = 0, i;

	buf = export_now(f, &len, NULL);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bad = edit(buf, len, cases[i].from, cases[i].to, &n);
		expect_refused(bad, n, pk, cases[i].why);
		free(bad);
	}
	free(buf);
}

static void test_export_refuses_bad_checkpoint(void **state)
{
	struct fixture *f = *state;
	cl_checkpoint cp = { ORIGIN, 5, { 0 } };
	cl_seckey *as_origin = NULL;
	cl_error err = { 0 };
	char *note = NULL, *buf = NULL;
	size_t note_len = 0, len = 0;
	FILE *out;

	/* Signed by the editor under the origin's name: not the owner. */
	assert_cl_ok(cl_ledger_root(f->l, 5, cp.root, &err), &err);
	assert_cl_ok(cl_seckey_rename(f->editor, ORIGIN, &as_origin, &err), &err);
	assert_cl_ok(cl_checkpoint_sign(&cp, as_origin, &note, &note_len, &err), &err);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(cl_export_jsonl(f->l, note, note_len, out, NULL, &err),
			 CL_EINTEGRITY);
	fclose(out);
	assert_int_equal(len, 0);
	free(buf);
	free(note);
	cl_seckey_free(as_origin);
}

static void test_export_write_error(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	char *note = NULL;
	size_t note_len = 0;
	FILE *out = fopen("/dev/full", "wb");

	if (out == NULL)
		skip();
	assert_cl_ok(cl_ledger_checkpoint(f->l, f->owner, &note, &note_len, &err), &err);
	assert_cl_err(cl_export_jsonl(f->l, note, note_len, out, NULL, &err), CL_EIO,
		      &err, "cannot write the export");
	fclose(out);
	free(note);
}

/* An archived article and a direct quote of it: the export carries the
 * article after the records, the verifier checks the quote against it;
 * CL_EXPORT_NO_DOCUMENTS leaves it out and the verifier says so. */
static void test_documents(void **state)
{
	static const char art[] = "date 2026-01-01\n\n\"Prices will fall next year,\" "
				  "the minister said.\n";
	struct fixture *f = *state;
	unsigned char did[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1], *note = NULL, *buf = NULL, *mark;
	size_t note_len = 0, len = 0;
	cl_export_info info, vinfo;
	cl_checkpoint cp;
	cl_error err = { 0 };
	cl_txn *txn = NULL;
	json_t *fields;
	FILE *out;

	assert_cl_ok(cl_ledger_begin(f->l, &txn, &err), &err);
	assert_cl_ok(cl_txn_put_document(txn, art, sizeof art - 1, did, &err), &err);
	cl_hex_encode(hex, did, CL_HASH_BYTES);
	fields = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "type",
			   "claim", "text", "Prices will fall next year", "speaker",
			   "The minister", "source", "https://example.org/prices",
			   "date", "2026-01-01", "kind", "direct", "document", hex,
			   "offset", 18, "length", 27);
	assert_non_null(fields);
	assert_cl_ok(cl_txn_append(txn, fields, f->editor, T0 + 300, NULL, NULL, &err), &err);
	json_decref(fields);
	assert_cl_ok(cl_txn_commit(txn, &err), &err);

	buf = export_now(f, &len, &info);
	assert_int_equal(info.documents, 1);
	mark = strstr(buf, "\n{\"documents\":1}\n{\"bytes\":\"");
	assert_non_null(mark);
	assert_non_null(strstr(mark, hex));
	assert_cl_ok(verify_buf(buf, len, cl_seckey_pubkey(f->owner), &vinfo, &err), &err);
	assert_int_equal(vinfo.has_documents, 1);
	assert_int_equal(vinfo.documents, 1);
	assert_int_equal(vinfo.cited, 1);
	assert_int_equal(vinfo.quotes, 1);
	free(buf);

	buf = NULL;
	assert_cl_ok(cl_ledger_latest_checkpoint(f->l, &note, &note_len, &cp, &err), &err);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_cl_ok(cl_export_jsonl_ex(f->l, note, note_len, CL_EXPORT_NO_DOCUMENTS, out,
					&info, &err), &err);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(info.documents, 0);
	assert_null(strstr(buf, "{\"documents\""));
	assert_cl_ok(verify_buf(buf, len, cl_seckey_pubkey(f->owner), &vinfo, &err), &err);
	assert_int_equal(vinfo.has_documents, 0);
	assert_int_equal(vinfo.cited, 1);
	free(buf);
	free(note);
}

static int verify_threads(const char *buf, size_t len, const unsigned char *pk,
			  unsigned threads, cl_export_info *info, cl_error *err)
{
	FILE *in = fmemopen((void *)buf, len, "rb");
	int rc;

	assert_non_null(in);
	rc = cl_export_verify_ex(in, "x.jsonl", pk, threads, info, err);
	fclose(in);
	return rc;
}

/* The start of line `lineno` (1-based) of the NUL-terminated `buf`. */
static char *line_at(char *buf, int lineno)
{
	char *p = buf;

	for (int i = 1; i < lineno; i++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	return p;
}

/*
 * On the pool (batches of 256 lines, 8 ahead) the verdict, the first bad
 * line and its message are those of one thread, also when a later batch
 * fails before an earlier one is judged.
 */
static void test_threads_same_verdict(void **state)
{
	struct fixture *f = *state;
	const unsigned char *pk = cl_seckey_pubkey(f->owner);
	cl_export_info one, many;
	cl_error err = { 0 }, err1 = { 0 };
	cl_txn *txn = NULL;
	char *buf, *p, *q, *copy, was;
	size_t len = 0, n;

	assert_cl_ok(cl_ledger_begin(f->l, &txn, &err), &err);
	for (int i = 0; i < 2500; i++) {
		json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim",
				      "text", "A claim of the pool test", "speaker",
				      i % 2 ? "Jane Doe" : "John Roe", "source",
				      "https://example.org/pool", "date", "2024-02-29");
		assert_cl_ok(cl_txn_append(txn, c, f->editor, T0 + 300 + i, NULL, f->last,
					   &err), &err);
		json_decref(c);
	}
	assert_cl_ok(cl_txn_commit(txn, &err), &err);
	buf = export_now(f, &len, NULL);

	memset(&one, 0, sizeof one);
	memset(&many, 0, sizeof many);
	assert_cl_ok(verify_threads(buf, len, pk, 1, &one, &err), &err);
	assert_cl_ok(verify_threads(buf, len, pk, 4, &many, &err), &err);
	assert_int_equal(one.size, 2505);
	assert_int_equal(many.size, one.size);
	assert_memory_equal(many.root, one.root, CL_HASH_BYTES);

	/* A bad signature at line 40, a changed body at line 2000: line 40. */
	copy = strdup(buf);
	assert_non_null(copy);
	p = strstr(line_at(copy, 40), "\"sig\":\"") + 7;
	was = *p;
	*p = was == 'A' ? 'B' : 'A';
	q = strstr(line_at(copy, 2000), "pool test");
	assert_non_null(q);
	q[0] = 'P';
	for (unsigned th = 1; th <= 4; th += 3) {
		assert_cl_err(verify_threads(copy, len, pk, th, NULL, &err1), CL_EINTEGRITY,
			      &err1, "'x.jsonl' line 40: signature does not verify");
	}
	/* Only the later one: that is the line named. */
	*p = was;
	for (unsigned th = 1; th <= 4; th += 3)
		assert_cl_err(verify_threads(copy, len, pk, th, NULL, &err1), CL_EINTEGRITY,
			      &err1, "'x.jsonl' line 2000: id is not the SHA-256 of the body");
	/* A record after the checkpoint is still data after it. */
	free(copy);
	q = line_at(buf, 10);
	n = (size_t)(strchr(q, '\n') + 1 - q);
	copy = malloc(len + n);
	assert_non_null(copy);
	memcpy(copy, buf, len);
	memcpy(copy + len, q, n);
	for (unsigned th = 1; th <= 4; th += 3)
		assert_cl_err(verify_threads(copy, len + n, pk, th, NULL, &err1),
			      CL_EINTEGRITY, &err1, "line 2508: data after the checkpoint line");
	free(copy);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frontier_matches_merkle_root),
		cmocka_unit_test(test_frontier_ct_vector),
		cmocka_unit_test_setup_teardown(test_known_good_reproduced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_type_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_refuses_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_refuses_bad_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_write_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_same_verdict, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
