/*
 * witness_test.c: the witness's rule and state (ledger/witness.h).
 *
 * Two in-memory trees with the same first leaves and then different ones
 * (a fork), checkpoints of both signed by one log key, and a witness
 * state in a fresh directory: every case of the rule, and after each
 * refusal the state file byte for byte as it was.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <unistd.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/cosig.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/witness.h"

#define ORIGIN "example.com/log"

struct fixture {
	char dir[64];
	cl_seckey *log, *wit;
	cl_merkle_mem *a, *b;    /* b: the same first 3 leaves, then others */
};

static void grow(cl_merkle_mem *t, uint64_t to, char tag)
{
	unsigned char h[CL_HASH_BYTES];
	char leaf[32];
	cl_error err = { 0 };

	while (cl_merkle_mem_size(t) < to) {
		uint64_t i = cl_merkle_mem_size(t);

		snprintf(leaf, sizeof leaf, "%c%llu", i < 3 ? 'x' : tag,
			 (unsigned long long)i);
		cl_merkle_leaf_hash(h, leaf, strlen(leaf));
		assert_cl_ok(cl_merkle_mem_append(t, h, &err), &err);
	}
}

/* The log's signed checkpoint of the first n leaves of t. */
static char *checkpoint(struct fixture *f, cl_merkle_mem *t, uint64_t n,
			size_t *len)
{
	cl_checkpoint cp = { .size = n };
	cl_error err = { 0 };
	char *note = NULL;

	snprintf(cp.origin, sizeof cp.origin, ORIGIN);
	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, n, cp.root, &err), &err);
	assert_cl_ok(cl_checkpoint_sign(&cp, f->log, &note, len, &err), &err);
	return note;
}

static unsigned char *proof(cl_merkle_mem *t, uint64_t m, uint64_t n,
			    size_t *count)
{
	unsigned char *p = NULL;
	cl_error err = { 0 };

	assert_cl_ok(cl_merkle_consistency_proof(cl_merkle_mem_get, t, m, n, &p,
						 count, &err), &err);
	return p;
}

/* Run the witness on the checkpoint of t at n with the proof from m
 * (m == UINT64_MAX: no proof).  Returns the code; the output is freed. */
static int cosign(struct fixture *f, cl_merkle_mem *t, uint64_t n, uint64_t m,
		  cl_witness_result *res, cl_error *err)
{
	static const unsigned char none[1];
	cl_witness_state *s = NULL;
	size_t len = 0, out_len = 0, count = 0;
	char *note = checkpoint(f, t, n, &len), *out = NULL;
	unsigned char *p = m == UINT64_MAX ? NULL : proof(t, m, n, &count);
	int rc;

	assert_cl_ok(cl_witness_state_open(f->dir, ORIGIN, &s, err), err);
	rc = cl_witness_cosign(s, note, len, cl_seckey_pubkey(f->log),
			       m == UINT64_MAX ? NULL : (p ? p : none), count,
			       f->wit, 1000 + n, &out, &out_len, res, err);
	if (rc == CL_OK) {
		cl_witness w;

		cl_witness_of_key(f->wit, &w);
		assert_cl_ok(cl_cosig_verify(out, out_len, &w, NULL, err), err);
		assert_memory_equal(out, note, len);  /* owner's line kept */
	} else {
		assert_null(out);
	}
	cl_witness_state_close(s);
	free(out);
	free(p);
	free(note);
	return rc;
}

/* The state file's bytes (malloc'd), or NULL when there is none. */
static char *state_bytes(struct fixture *f)
{
	cl_witness_state *s = NULL;
	cl_error err = { 0 };
	char *buf = NULL;
	FILE *fp;
	long n;

	assert_cl_ok(cl_witness_state_open(f->dir, ORIGIN, &s, &err), &err);
	fp = fopen(cl_witness_state_path(s), "rb");
	if (fp != NULL) {
		fseek(fp, 0, SEEK_END);
		n = ftell(fp);
		rewind(fp);
		buf = calloc(1, (size_t)n + 1);
		assert_non_null(buf);
		assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
		fclose(fp);
	}
	cl_witness_state_close(s);
	return buf;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	cl_error err = { 0 };

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/witness_test.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	/* a state directory one level below, made by the witness */
	strcat(f->dir, "/w");
	f->log = tu_seed_key(ORIGIN, 0);
	f->wit = tu_seed_key("w.example/witness", 100);
	assert_cl_ok(cl_merkle_mem_new(&f->a), &err);
	assert_cl_ok(cl_merkle_mem_new(&f->b), &err);
	grow(f->a, 20, 'a');
	grow(f->b, 20, 'b');
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strlen(f->dir) - 2), f->dir);
	if (system(cmd) != 0)
		return -1;
	cl_seckey_free(f->log);
	cl_seckey_free(f->wit);
	cl_merkle_mem_free(f->a);
	cl_merkle_mem_free(f->b);
	free(f);
	return 0;
}

static void test_proof_parse(void **state)
{
	static const char good[] =
		"ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=\n"
		"B1Bqhf2d0vEg62lPhgEeW7RmLlxBWmKRcDPUqWJEh+c=\n";
	static const char *bad[] = {
		"ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",       /* no \n */
		"ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=\n\n",   /* blank */
		"ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+d=\n",     /* bits */
		"ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c\n",      /* short */
		" ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=\n",
		"AAAA\n",
	};
	unsigned char *h = NULL;
	size_t count = 0;
	cl_error err = { 0 };
	char *many;

	(void)state;
	assert_cl_ok(cl_consistency_proof_parse(good, strlen(good), &h, &count,
						&err), &err);
	assert_int_equal(count, 2);
	assert_int_equal(h[0], 0x02);
	assert_int_equal(h[32], 0x07);
	free(h);
	assert_cl_ok(cl_consistency_proof_parse("", 0, &h, &count, &err), &err);
	assert_null(h);
	assert_int_equal(count, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(cl_consistency_proof_parse(bad[i], strlen(bad[i]),
							    &h, &count, &err),
				 CL_EINPUT);
		assert_null(h);
	}
	/* 66 lines: one more than a consistency proof can have */
	many = malloc(66 * 45 + 1);
	assert_non_null(many);
	for (size_t i = 0; i < 66; i++)
		memcpy(many + i * 45, good, 45);
	many[66 * 45] = '\0';
	assert_cl_err(cl_consistency_proof_parse(many, 66 * 45, &h, &count, &err),
		      CL_EINPUT, &err, "more than 65 lines");
	assert_cl_ok(cl_consistency_proof_parse(many, 65 * 45, &h, &count, &err),
		     &err);
	assert_int_equal(count, 65);
	free(h);
	free(many);
}

static void test_rule(void **state)
{
	struct fixture *f = *state;
	cl_witness_result res;
	cl_error err = { 0 };
	char *before, *after;
	struct stat st;

	/* first sight: trust on first use, and a 0600 state file */
	assert_cl_ok(cosign(f, f->a, 5, UINT64_MAX, &res, &err), &err);
	assert_int_equal(res.first, 1);
	assert_int_equal(res.cp.size, 5);
	{
		cl_witness_state *s = NULL;

		assert_cl_ok(cl_witness_state_open(f->dir, ORIGIN, &s, &err), &err);
		assert_int_equal(stat(cl_witness_state_path(s), &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		cl_witness_state_close(s);
	}
	/* the same checkpoint again */
	assert_cl_ok(cosign(f, f->a, 5, UINT64_MAX, &res, &err), &err);
	assert_int_equal(res.first, 0);
	assert_int_equal(res.old_size, 5);
	/* bigger without a proof: the caller must give one */
	assert_cl_err(cosign(f, f->a, 9, UINT64_MAX, &res, &err), CL_EINPUT, &err,
		      "grew from size 5 to 9");
	/* bigger with the proof */
	assert_cl_ok(cosign(f, f->a, 9, 5, &res, &err), &err);
	assert_int_equal(res.old_size, 5);
	before = state_bytes(f);
	assert_non_null(before);

	/* the fork, every way */
	assert_cl_err(cosign(f, f->b, 9, UINT64_MAX, &res, &err), CL_EINTEGRITY,
		      &err, "size 9 is not consistent with the one this witness "
		      "cosigned at size 9: another root at the same size (a fork)");
	assert_cl_err(cosign(f, f->b, 12, 9, &res, &err), CL_EINTEGRITY, &err,
		      "the consistency proof does not verify");
	assert_cl_err(cosign(f, f->b, 12, 5, &res, &err), CL_EINTEGRITY, &err,
		      "the consistency proof does not verify");
	assert_cl_err(cosign(f, f->a, 7, UINT64_MAX, &res, &err), CL_EINTEGRITY,
		      &err, "it is smaller");
	/* a's own proof with b's checkpoint: the roots do not match it */
	{
		cl_witness_state *s = NULL;
		size_t len = 0, count = 0, out_len = 0;
		char *note = checkpoint(f, f->b, 12, &len), *out = NULL;
		unsigned char *p = proof(f->a, 9, 12, &count);

		assert_cl_ok(cl_witness_state_open(f->dir, ORIGIN, &s, &err), &err);
		assert_int_equal(cl_witness_cosign(s, note, len,
						   cl_seckey_pubkey(f->log), p,
						   count, f->wit, 5000, &out,
						   &out_len, NULL, &err),
				 CL_EINTEGRITY);
		assert_null(out);
		/* the checkpoint signed by another key */
		{
			cl_seckey *other = tu_seed_key(ORIGIN, 1);

			assert_int_equal(cl_witness_cosign(s, note, len,
							   cl_seckey_pubkey(other),
							   p, count, f->wit, 5000,
							   &out, &out_len, NULL,
							   &err),
					 CL_EINTEGRITY);
			cl_seckey_free(other);
		}
		cl_witness_state_close(s);
		free(p);
		free(note);
	}
	after = state_bytes(f);
	assert_string_equal(after, before);
	free(after);

	/* a's way on still works */
	assert_cl_ok(cosign(f, f->a, 20, 9, &res, &err), &err);
	free(before);
}

static void test_state_damaged(void **state)
{
	struct fixture *f = *state;
	cl_witness_state *s = NULL;
	cl_witness_result res;
	cl_error err = { 0 };
	cl_seckey *other;
	FILE *fp;

	assert_cl_ok(cosign(f, f->a, 4, UINT64_MAX, &res, &err), &err);
	/* another witness key on the same state: refused, not trusted */
	other = f->wit;
	f->wit = tu_seed_key("w.example/witness", 200);
	assert_cl_err(cosign(f, f->a, 4, UINT64_MAX, &res, &err), CL_EIO, &err,
		      "does not carry a valid cosignature");
	cl_seckey_free(f->wit);
	f->wit = other;
	/* a state file cut short */
	assert_cl_ok(cl_witness_state_open(f->dir, ORIGIN, &s, &err), &err);
	assert_int_equal(truncate(cl_witness_state_path(s), 20), 0);
	cl_witness_state_close(s);
	assert_int_equal(cosign(f, f->a, 4, UINT64_MAX, &res, &err), CL_EIO);
	/* garbage */
	assert_cl_ok(cl_witness_state_open(f->dir, ORIGIN, &s, &err), &err);
	fp = fopen(cl_witness_state_path(s), "wb");
	assert_non_null(fp);
	fputs("\xff\xfe", fp);
	fclose(fp);
	cl_witness_state_close(s);
	assert_int_equal(cosign(f, f->a, 4, UINT64_MAX, &res, &err), CL_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proof_parse),
		cmocka_unit_test_setup_teardown(test_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_damaged, setup, teardown),
	};

	if (cl_crypto_init() != CL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
