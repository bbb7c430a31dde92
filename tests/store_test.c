/*
 * store_test.c: the LMDB ledger: create/open, appends through the chain
 * rules, atomic transactions, lookups, verify, tampering at rest, and two
 * processes appending at once.
 */
#define _GNU_SOURCE /* memmem, RTLD_NEXT */
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lmdb.h>

#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/facts.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "ledger/store.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */

struct fx {
	char *dir;
	cl_seckey *owner, *editor, *stranger;
	cl_ledger *l;
};

static cl_seckey *key_from_byte(const char *name, unsigned char b)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_seckey *k = NULL;
	cl_error err = { 0 };

	memset(seed, b, sizeof seed);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	return k;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	cl_error err = { 0 };

	assert_cl_ok(cl_crypto_init(), &err);
	f->dir = tu_tmpdir();
	assert_non_null(f->dir);
	f->owner = key_from_byte("owner", 1);
	f->editor = key_from_byte("alice", 2);
	f->stranger = key_from_byte("mallory", 3);
	assert_cl_ok(cl_ledger_create(f->dir, f->owner, "example.org/test", T0, NULL, &err), &err);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	cl_ledger_close(f->l);
	cl_seckey_free(f->owner);
	cl_seckey_free(f->editor);
	cl_seckey_free(f->stranger);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static json_t *claim_fields(const char *text, const char *date)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim", "text", text,
			 "speaker", "A. Speaker", "source", "https://example.org/a",
			 "date", date);
}

/* Append one claim in its own transaction; return the rc of the append. */
static int add_claim(struct fx *f, const cl_seckey *k, const char *text, cl_error *err)
{
	cl_txn *t = NULL;
	json_t *c = claim_fields(text, "2021-11-22");
	int rc = cl_ledger_begin(f->l, &t, err);

	if (rc == CL_OK) {
		rc = cl_txn_append(t, c, k, T0 + 1, NULL, NULL, err);
		if (rc == CL_OK)
			rc = cl_txn_commit(t, err);
		else
			cl_txn_abort(t);
	}
	json_decref(c);
	return rc;
}

static uint64_t ledger_size(struct fx *f)
{
	cl_ledger_info info;
	cl_error err = { 0 };

	assert_cl_ok(cl_ledger_read_info(f->l, &info, &err), &err);
	return info.size;
}

static void add_editor(struct fx *f, const char *name, const cl_seckey *k,
		       const char *action)
{
	char pk64[64];
	cl_txn *t = NULL;
	cl_error err = { 0 };
	json_t *e;

	cl_b64_encode(pk64, cl_seckey_pubkey(k), CL_PUBKEY_BYTES);
	e = json_pack("{s:s, s:s, s:s, s:s}", "type", "editor", "name", name,
		      "pubkey", pk64, "action", action);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, e, f->owner, T0 + 2, NULL, NULL, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(e);
}

static void test_create_and_info(void **state)
{
	struct fx *f = *state;
	cl_ledger_info info;
	cl_error err = { 0 };

	assert_cl_ok(cl_ledger_read_info(f->l, &info, &err), &err);
	assert_int_equal(info.size, 1);
	assert_string_equal(info.origin, "example.org/test");
	assert_string_equal(info.owner_name, "owner");
	assert_memory_equal(info.owner, cl_seckey_pubkey(f->owner), CL_PUBKEY_BYTES);
	assert_cl_err(cl_ledger_create(f->dir, f->owner, "example.org/test", T0, NULL, &err),
		      CL_EEXIST, &err, "already holds a ledger");
}

static void test_open_missing(void **state)
{
	cl_ledger *l = NULL;
	cl_error err = { 0 };
	char *dir = tu_tmpdir();

	(void)state;
	assert_cl_err(cl_ledger_open(dir, 0, &l, &err), CL_ENOTFOUND, &err, "no ledger");
	assert_null(l);
	tu_rmtree(dir);
	free(dir);
}

static void test_bad_origin(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char *dir = tu_tmpdir();

	assert_cl_err(cl_ledger_create(dir, f->owner, "has space", T0, NULL, &err),
		      CL_EINPUT, &err, "origin");
	tu_rmtree(dir);
	free(dir);
}

/* A new ledger's directory is 0700 and its files 0600, whatever the umask
 * lets through: only its owner may write them (see test_dir_links). */
static void test_new_ledger_modes(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char *base = tu_tmpdir(), dir[4200], path[4300];
	struct stat st;

	snprintf(dir, sizeof dir, "%s/new", base);
	assert_cl_ok(cl_ledger_create(dir, f->owner, "example.org/m", T0, NULL, &err), &err);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(path, sizeof path, "%s/data.mdb", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(path, sizeof path, "%s/lock.mdb", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	tu_rmtree(base);
	free(base);
}

/* `name` in the fixture's ledger, into `out`. */
static void ledger_file(const struct fx *f, const char *name, char *out, size_t cap)
{
	assert_true((size_t)snprintf(out, cap, "%s/%s", f->dir, name) < cap);
}

/* Every open mode refuses the ledger with `needle` in the message. */
static void open_refused(const struct fx *f, const char *needle)
{
	static const unsigned modes[] = { 0, CL_LEDGER_RDONLY, CL_LEDGER_SHARED,
					  CL_LEDGER_RDONLY | CL_LEDGER_SHARED };
	cl_ledger *l = NULL;
	cl_error err = { 0 };

	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		assert_cl_err(cl_ledger_open(f->dir, modes[i], &l, &err), CL_EINPUT, &err, needle);
		assert_null(l);
	}
}

/*
 * LMDB opens data.mdb and lock.mdb by name, following links and creating
 * lock.mdb: a link planted there made every command write 8 KiB of lock
 * data over its target.  A link, a FIFO or a hard-linked file is refused
 * in every open mode, before LMDB sees the directory, and the target keeps
 * its bytes; so does a create in a directory holding such a link.
 */
static void test_dir_links(void **state)
{
	struct fx *f = *state;
	static const char secret[] = "PRIVATE+KEY+not+really\n";
	char *other = tu_tmpdir(), target[4200], lock[4200], data[4200], moved[4200];
	char *bytes;
	cl_ledger *l = NULL;
	cl_error err = { 0 };
	size_t len = 0;
	FILE *t;

	cl_ledger_close(f->l);
	f->l = NULL;
	snprintf(target, sizeof target, "%s/target.key", other);
	assert_non_null(t = fopen(target, "w"));
	assert_int_equal(fputs(secret, t) >= 0, 1);
	assert_int_equal(fclose(t), 0);
	ledger_file(f, "lock.mdb", lock, sizeof lock);
	ledger_file(f, "data.mdb", data, sizeof data);
	ledger_file(f, "data.real", moved, sizeof moved);

	assert_int_equal(unlink(lock), 0);
	assert_int_equal(symlink(target, lock), 0);
	open_refused(f, "lock.mdb is a symbolic link; refusing to open it");
	assert_non_null(bytes = tu_slurp(target, &len));
	assert_int_equal(len, strlen(secret));
	assert_memory_equal(bytes, secret, len);
	free(bytes);
	assert_int_equal(unlink(lock), 0);

	assert_int_equal(rename(data, moved), 0);
	assert_int_equal(symlink(moved, data), 0);
	open_refused(f, "data.mdb is a symbolic link");
	assert_int_equal(unlink(data), 0);
	assert_int_equal(rename(moved, data), 0);

	assert_int_equal(mkfifo(lock, 0600), 0);
	open_refused(f, "lock.mdb is not a regular file");
	assert_int_equal(unlink(lock), 0);

	assert_int_equal(link(data, moved), 0);
	open_refused(f, "data.mdb has 2 hard links");
	assert_int_equal(unlink(moved), 0);

	/* A directory with a planted lock.mdb link is no place for a new one. */
	snprintf(lock, sizeof lock, "%s/lock.mdb", other);
	assert_int_equal(symlink(target, lock), 0);
	assert_cl_err(cl_ledger_create(other, f->owner, "example.org/l", T0, NULL, &err),
		      CL_EINPUT, &err, "lock.mdb is a symbolic link");
	assert_non_null(bytes = tu_slurp(target, &len));
	assert_int_equal(len, strlen(secret));
	free(bytes);
	assert_false(cl_ledger_exists(other));

	assert_cl_ok(cl_ledger_open(f->dir, 0, &l, &err), &err);
	cl_ledger_close(l);
	tu_rmtree(other);
	free(other);
}

/*
 * The directory and its files must be the user's and not writable by
 * group or others, unless the ledger is opened CL_LEDGER_SHARED; then the
 * owner and mode checks are the only ones relaxed.
 */
static void test_dir_owner_mode(void **state)
{
	struct fx *f = *state;
	char data[4200], *other = tu_tmpdir();
	cl_ledger *l = NULL;
	cl_error err = { 0 };

	cl_ledger_close(f->l);
	f->l = NULL;
	ledger_file(f, "data.mdb", data, sizeof data);

	assert_int_equal(chmod(f->dir, 0770), 0);
	assert_cl_err(cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &l, &err), CL_EINPUT, &err,
		      "the directory is writable by group or others (mode 0770); run chmod go-w");
	assert_non_null(strstr(err.msg, "--shared-ledger"));
	assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_SHARED, &l, &err), &err);
	cl_ledger_close(l);
	assert_int_equal(chmod(f->dir, 0700), 0);

	assert_int_equal(chmod(data, 0602), 0);
	assert_cl_err(cl_ledger_open(f->dir, 0, &l, &err), CL_EINPUT, &err,
		      "data.mdb is writable by group or others (mode 0602)");
	assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_SHARED, &l, &err), &err);
	cl_ledger_close(l);
	assert_int_equal(chmod(data, 0600), 0);

	/* A new ledger in an existing directory that others may write. */
	assert_int_equal(chmod(other, 0777), 0);
	assert_cl_err(cl_ledger_create(other, f->owner, "example.org/o", T0, NULL, &err),
		      CL_EINPUT, &err, "writable by group or others");
	assert_false(cl_ledger_exists(other));
	assert_cl_ok(cl_ledger_create_ex(other, CL_LEDGER_SHARED, f->owner, "example.org/o",
					 T0, NULL, NULL, &err), &err);
	assert_true(cl_ledger_exists(other));

	/* Another user's ledger (only root can make one here). */
	if (geteuid() == 0) {
		assert_int_equal(chown(data, 65534, (gid_t)-1), 0);
		assert_cl_err(cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &l, &err), CL_EINPUT,
			      &err, "data.mdb belongs to uid 65534, not to uid 0");
		assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_SHARED, &l, &err), &err);
		cl_ledger_close(l);
		assert_int_equal(chown(data, 0, (gid_t)-1), 0);
	}
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	tu_rmtree(other);
	free(other);
}

static void test_append_get_resolve(void **state)
{
	struct fx *f = *state;
	cl_txn *t = NULL;
	cl_error err = { 0 };
	json_t *c = claim_fields("The sky is green.", "2021-11-22");
	unsigned char id[CL_HASH_BYTES];
	char hex[2 * CL_HASH_BYTES + 1], prefix[9];
	uint64_t seq = 0, found = 0;
	cl_record r;

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, c, f->owner, T0 + 1, &seq, id, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_int_equal(seq, 1);

	assert_cl_ok(cl_ledger_get(f->l, 1, &r, &err), &err);
	assert_memory_equal(r.id, id, CL_HASH_BYTES);
	assert_non_null(strstr(r.body, "\"text\":\"The sky is green.\""));
	assert_int_equal(strlen(r.body), r.body_len);
	cl_record_release(&r);

	cl_hex_encode(hex, id, CL_HASH_BYTES);
	memcpy(prefix, hex, 8);
	prefix[8] = '\0';
	assert_cl_ok(cl_ledger_resolve(f->l, prefix, &found, &err), &err);
	assert_int_equal(found, 1);
	assert_cl_ok(cl_ledger_resolve(f->l, hex, &found, &err), &err);
	assert_int_equal(found, 1);
	assert_cl_ok(cl_ledger_resolve(f->l, "0", &found, &err), &err);
	assert_int_equal(found, 0);
	assert_cl_err(cl_ledger_resolve(f->l, "7", &found, &err), CL_ENOTFOUND, &err, "no record 7");
	assert_cl_err(cl_ledger_resolve(f->l, "abc", &found, &err), CL_EINPUT, &err, "8 hex");
	hex[0] = hex[0] == 'f' ? '0' : 'f';
	assert_cl_err(cl_ledger_resolve(f->l, hex, &found, &err), CL_ENOTFOUND, &err, "no record");
	assert_cl_err(cl_ledger_get(f->l, 9, &r, &err), CL_ENOTFOUND, &err, "no record 9");
	json_decref(c);
}

/*
 * References: 1..7 digits are a seq; 8+ hex digits an id prefix, and when
 * all decimal also the seq they spell if it exists (ambiguous when an id
 * starts with them too); seq:N always the seq.  The decision is checked
 * for ledgers of 10 million records and more without writing them.
 */
static void test_resolve_decide(void **state)
{
	cl_error err = { 0 };
	uint64_t seq = 0;

	(void)state;
	assert_cl_ok(cl_resolve_decide("10000000", 10000001, 0, 0, &seq, &err), &err);
	assert_int_equal(seq, 10000000);
	assert_cl_ok(cl_resolve_decide("9999999", 10000000, 0, 0, &seq, &err), &err);
	assert_int_equal(seq, 9999999);
	assert_cl_ok(cl_resolve_decide("12345678", 20000000, 0, 0, &seq, &err), &err);
	assert_int_equal(seq, 12345678);
	assert_cl_err(cl_resolve_decide("12345678", 20000000, 1, 5, &seq, &err), CL_EINPUT, &err,
		      "'12345678' is both seq 12345678 and the start of the id of record 5: "
		      "write seq:12345678 for the seq");
	assert_cl_err(cl_resolve_decide("12345678", 20000000, 2, 5, &seq, &err), CL_EINPUT, &err,
		      "more than one id");
	assert_cl_ok(cl_resolve_decide("seq:12345678", 20000000, 1, 5, &seq, &err), &err);
	assert_int_equal(seq, 12345678);
	assert_cl_ok(cl_resolve_decide("12345678", 100, 1, 5, &seq, &err), &err);
	assert_int_equal(seq, 5);
	assert_cl_err(cl_resolve_decide("12345678", 100, 2, 5, &seq, &err), CL_EINPUT, &err,
		      "ambiguous");
	assert_cl_err(cl_resolve_decide("12345678", 100, 0, 0, &seq, &err), CL_ENOTFOUND, &err,
		      "no record '12345678'");
	assert_cl_err(cl_resolve_decide("seq:12345678", 100, 0, 0, &seq, &err), CL_ENOTFOUND,
		      &err, "no record 12345678 (the ledger has 100)");
	assert_cl_ok(cl_resolve_decide("seq:0", 1, 0, 0, &seq, &err), &err);
	assert_int_equal(seq, 0);
	assert_cl_ok(cl_resolve_decide("0000000012", 20, 0, 0, &seq, &err), &err);
	assert_int_equal(seq, 12);
	/* 20 digits are no seq: an id prefix only. */
	assert_cl_ok(cl_resolve_decide("12345678901234567890", UINT64_MAX, 1, 3, &seq, &err),
		     &err);
	assert_int_equal(seq, 3);
	assert_cl_ok(cl_resolve_decide("abcdef12", 100, 1, 7, &seq, &err), &err);
	assert_int_equal(seq, 7);
	assert_cl_err(cl_resolve_decide("abcdef12", 100, 0, 0, &seq, &err), CL_ENOTFOUND, &err,
		      "no record with id 'abcdef12'");
	assert_cl_err(cl_resolve_decide("7", 5, 0, 0, &seq, &err), CL_ENOTFOUND, &err,
		      "no record 7");
	assert_cl_err(cl_resolve_decide("abc", 5, 0, 0, &seq, &err), CL_EINPUT, &err, "8 hex");
	assert_cl_err(cl_resolve_decide("seq:", 5, 0, 0, &seq, &err), CL_EINPUT, &err, "seq:N");
	assert_cl_err(cl_resolve_decide("seq:-1", 5, 0, 0, &seq, &err), CL_EINPUT, &err, "seq:N");
	assert_cl_err(cl_resolve_decide("seq:1x", 5, 0, 0, &seq, &err), CL_EINPUT, &err, "seq:N");
	assert_cl_err(cl_resolve_decide("seq:12345678901234567890", 5, 0, 0, &seq, &err),
		      CL_EINPUT, &err, "seq:N");
}

/* The same rule on a real ledger: a record whose id begins with 8 decimal
 * digits is found by them (no such seq), seq:N by its seq. */
static void test_resolve_digit_ids(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char text[64], hex[CL_ID_HEX + 1], ref[16];
	uint64_t seq = 0, found = UINT64_MAX;
	cl_record r;
	int i;

	for (i = 0; i < 2000 && found == UINT64_MAX; i++) {
		snprintf(text, sizeof text, "claim %d", i);
		assert_cl_ok(add_claim(f, f->owner, text, &err), &err);
		assert_cl_ok(cl_ledger_get(f->l, ledger_size(f) - 1, &r, &err), &err);
		cl_hex_encode(hex, r.id, CL_HASH_BYTES);
		if (strspn(hex, "0123456789") >= 8)
			found = r.seq;
		cl_record_release(&r);
	}
	assert_true(found != UINT64_MAX);
	memcpy(ref, hex, 8);
	ref[8] = '\0';
	assert_cl_ok(cl_ledger_resolve(f->l, ref, &seq, &err), &err);
	assert_int_equal(seq, found);
	snprintf(ref, sizeof ref, "seq:%llu", (unsigned long long)found);
	assert_cl_ok(cl_ledger_resolve(f->l, ref, &seq, &err), &err);
	assert_int_equal(seq, found);
	assert_cl_err(cl_ledger_resolve(f->l, "seq:99999999", &seq, &err), CL_ENOTFOUND, &err,
		      "no record 99999999");
}

static void test_bad_body_keeps_txn(void **state)
{
	struct fx *f = *state;
	cl_txn *t = NULL;
	cl_error err = { 0 };
	json_t *bad = claim_fields("text", "2021-02-29");
	json_t *good = claim_fields("text", "2021-02-28");

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_err(cl_txn_append(t, bad, f->owner, T0, NULL, NULL, &err), CL_EINPUT,
		      &err, "date");
	assert_cl_ok(cl_txn_append(t, good, f->owner, T0, NULL, NULL, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_int_equal(ledger_size(f), 2);
	json_decref(bad);
	json_decref(good);
}

static void test_abort_writes_nothing(void **state)
{
	struct fx *f = *state;
	cl_txn *t = NULL;
	cl_error err = { 0 };
	json_t *c = claim_fields("one", "2021-11-22");

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	for (int i = 0; i < 3; i++)
		assert_cl_ok(cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err), &err);
	assert_int_equal(cl_chain_next_seq(cl_txn_chain(t)), 4);
	cl_txn_abort(t);
	assert_int_equal(ledger_size(f), 1);
	json_decref(c);
}

static void test_editor_rules(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_editor *eds = NULL;
	size_t n = 0;
	uint64_t count = 0;

	assert_cl_err(add_claim(f, f->stranger, "forged", &err), CL_EKEY, &err, "editor");
	assert_int_equal(ledger_size(f), 1);

	add_editor(f, "alice", f->editor, "add");
	assert_cl_ok(add_claim(f, f->editor, "by alice", &err), &err);
	add_editor(f, "alice", f->editor, "revoke");
	assert_cl_err(add_claim(f, f->editor, "after revoke", &err), CL_EKEY, &err, "editor");
	assert_int_equal(ledger_size(f), 4);

	assert_cl_ok(cl_ledger_editors(f->l, &eds, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_true(eds[0].is_owner);
	assert_string_equal(eds[1].name, "alice");
	assert_int_equal(eds[1].added, 1);
	assert_int_equal(eds[1].revoked, 3);
	free(eds);

	/* A revoked name may come back with a key of its own. */
	add_editor(f, "alice", f->stranger, "add");
	assert_cl_ok(add_claim(f, f->stranger, "new alice", &err), &err);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 6);
}

static void test_append_signed_must_extend(void **state)
{
	struct fx *f = *state;
	cl_txn *t = NULL;
	cl_error err = { 0 };
	json_t *c = claim_fields("pre-signed", "2021-11-22");
	unsigned char wrong_prev[CL_HASH_BYTES] = { 9 }, sig[CL_SIG_BYTES];
	char *body = NULL;
	size_t len;

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	/* Right seq, wrong prev. */
	assert_cl_ok(cl_record_build(c, 1, wrong_prev, cl_seckey_pubkey(f->owner), T0,
				     &body, &len, &err), &err);
	assert_cl_ok(cl_record_sign(f->owner, body, len, sig), &err);
	assert_cl_err(cl_txn_append_signed(t, body, len, sig, &err), CL_EINTEGRITY, &err, "seq 1");
	free(body);
	/* Right prev, signature by another key than the signer named. */
	assert_cl_ok(cl_record_build(c, 1, cl_chain_last_id(cl_txn_chain(t)),
				     cl_seckey_pubkey(f->owner), T0, &body, &len, &err), &err);
	assert_cl_ok(cl_record_sign(f->stranger, body, len, sig), &err);
	assert_cl_err(cl_txn_append_signed(t, body, len, sig, &err), CL_EINTEGRITY, &err, "seq 1");
	/* Right everything. */
	assert_cl_ok(cl_record_sign(f->owner, body, len, sig), &err);
	assert_cl_ok(cl_txn_append_signed(t, body, len, sig, &err), &err);
	/* The same record again does not extend the chain. */
	assert_int_not_equal(cl_txn_append_signed(t, body, len, sig, &err), CL_OK);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_int_equal(ledger_size(f), 2);
	free(body);
	json_decref(c);
}

struct scan_acc {
	uint64_t n, last;
};

static int scan_cb(void *ctx, const cl_record *r)
{
	struct scan_acc *a = ctx;
	a->n++;
	a->last = r->seq;
	return r->seq == 3 ? 42 : 0;
}

static void test_scan(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	struct scan_acc a = { 0 };

	for (int i = 0; i < 5; i++)
		assert_cl_ok(add_claim(f, f->owner, "scan me", &err), &err);
	assert_cl_ok(cl_ledger_scan(f->l, 1, 3, scan_cb, &a, &err), &err);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.last, 2);
	memset(&a, 0, sizeof a);
	assert_int_equal(cl_ledger_scan(f->l, 0, UINT64_MAX, scan_cb, &a, &err), 42);
	assert_int_equal(a.n, 4);
}

/* Flip one byte of a claim's text inside data.mdb, behind LMDB's back. */
static void test_tamper_at_rest(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char path[4200];
	const char *needle = "UNIQUE-MARKER-TEXT";
	size_t len = 0;
	uint64_t count = 0;
	char *data, *hit;
	int fd;

	assert_cl_ok(add_claim(f, f->owner, needle, &err), &err);
	assert_cl_ok(add_claim(f, f->owner, "after", &err), &err);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 3);
	cl_ledger_close(f->l);
	f->l = NULL;

	snprintf(path, sizeof path, "%s/data.mdb", f->dir);
	data = tu_slurp(path, &len);
	assert_non_null(data);
	/* LMDB is copy-on-write: stale pages may hold old copies of the text,
	 * so flip every copy to be sure to hit the live one. */
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	for (hit = memmem(data, len, needle, strlen(needle)); hit != NULL;
	     hit = memmem(hit + 1, len - (size_t)(hit + 1 - data), needle, strlen(needle)))
		assert_int_equal(pwrite(fd, "X", 1, (off_t)(hit - data)), 1);
	close(fd);
	free(data);

	assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &f->l, &err), &err);
	assert_cl_err(cl_ledger_verify(f->l, &count, &err), CL_EINTEGRITY, &err, "seq 1");
}

/* Two processes appending at once: LMDB's writer lock serialises them. */
static void test_concurrent_appenders(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	uint64_t count = 0;
	pid_t pids[2];
	int status;

	/* LMDB forbids using (or holding twice) an environment across fork. */
	cl_ledger_close(f->l);
	f->l = NULL;
	for (int p = 0; p < 2; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			cl_ledger *l = NULL;
			int bad = 0;
			if (cl_ledger_open(f->dir, 0, &l, &err) != CL_OK)
				_exit(10);
			for (int i = 0; i < 40 && !bad; i++) {
				cl_txn *t = NULL;
				json_t *c = claim_fields(p ? "from child B" : "from child A",
							 "2021-11-22");
				bad = cl_ledger_begin(l, &t, &err) != CL_OK ||
				      cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err) != CL_OK ||
				      cl_txn_commit(t, &err) != CL_OK;
				json_decref(c);
			}
			cl_ledger_close(l);
			_exit(bad ? 11 : 0);
		}
	}
	for (int p = 0; p < 2; p++) {
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 81);
}

static void test_tree_and_proofs(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_merkle_mem *mem = NULL;
	unsigned char leaf[CL_HASH_BYTES], root[CL_HASH_BYTES], want[CL_HASH_BYTES];
	unsigned char *proof = NULL;
	size_t count = 0;
	cl_record r;

	for (int i = 0; i < 20; i++)
		assert_cl_ok(add_claim(f, f->owner, "tree leaf", &err), &err);
	/* The stored tree agrees with one rebuilt from the bodies. */
	assert_cl_ok(cl_merkle_mem_new(&mem), &err);
	for (uint64_t seq = 0; seq < 21; seq++) {
		assert_cl_ok(cl_ledger_get(f->l, seq, &r, &err), &err);
		cl_merkle_leaf_hash(leaf, r.body, r.body_len);
		cl_record_release(&r);
		assert_cl_ok(cl_merkle_mem_append(mem, leaf, &err), &err);
		assert_cl_ok(cl_ledger_root(f->l, seq + 1, root, &err), &err);
		assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, mem, seq + 1, want, &err), &err);
		assert_memory_equal(root, want, CL_HASH_BYTES);
	}
	cl_merkle_mem_free(mem);
	/* Proofs from the store verify. */
	assert_cl_ok(cl_ledger_get(f->l, 7, &r, &err), &err);
	cl_merkle_leaf_hash(leaf, r.body, r.body_len);
	cl_record_release(&r);
	assert_cl_ok(cl_ledger_root(f->l, 21, root, &err), &err);
	assert_cl_ok(cl_ledger_inclusion(f->l, 7, 21, &proof, &count, &err), &err);
	assert_cl_ok(cl_merkle_verify_inclusion(leaf, 7, 21, proof, count, root, &err), &err);
	free(proof);
	assert_cl_ok(cl_ledger_root(f->l, 9, want, &err), &err);
	assert_cl_ok(cl_ledger_consistency(f->l, 9, 21, &proof, &count, &err), &err);
	assert_cl_ok(cl_merkle_verify_consistency(9, 21, want, root, proof, count, &err), &err);
	free(proof);
	assert_cl_err(cl_ledger_root(f->l, 22, root, &err), CL_ENOTFOUND, &err, "beyond");
	assert_cl_err(cl_ledger_inclusion(f->l, 21, 21, &proof, &count, &err), CL_EINPUT,
		      &err, "not in a tree");
}

static void test_checkpoints(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_checkpoint cp;
	char *note = NULL, *latest = NULL;
	size_t len = 0, latest_len = 0;
	unsigned char root[CL_HASH_BYTES];
	uint64_t count = 0;

	assert_cl_err(cl_ledger_latest_checkpoint(f->l, &latest, &latest_len, &cp, &err),
		      CL_ENOTFOUND, &err, "no checkpoint");
	assert_cl_err(cl_ledger_checkpoint(f->l, f->stranger, &note, &len, &err), CL_EKEY,
		      &err, "not the ledger owner");
	assert_cl_ok(add_claim(f, f->owner, "covered", &err), &err);
	assert_cl_ok(cl_ledger_checkpoint(f->l, f->owner, &note, &len, &err), &err);
	/* Signed by the owner under the origin's name, for size 2. */
	assert_cl_ok(cl_checkpoint_open(note, len, "example.org/test", cl_seckey_pubkey(f->owner),
					"example.org/test", &cp, &err), &err);
	assert_int_equal(cp.size, 2);
	assert_cl_ok(cl_ledger_root(f->l, 2, root, &err), &err);
	assert_memory_equal(cp.root, root, CL_HASH_BYTES);
	assert_cl_ok(cl_ledger_latest_checkpoint(f->l, &latest, &latest_len, &cp, &err), &err);
	assert_int_equal(latest_len, len);
	assert_memory_equal(latest, note, len);
	free(note);
	free(latest);
	assert_cl_ok(add_claim(f, f->owner, "after", &err), &err);
	assert_cl_ok(cl_ledger_checkpoint(f->l, f->owner, &note, &len, &err), &err);
	free(note);
	assert_cl_ok(cl_ledger_latest_checkpoint(f->l, &latest, &latest_len, &cp, &err), &err);
	assert_int_equal(cp.size, 3);
	free(latest);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 3);
}

/*
 * cl_ledger_checkpoint_sign stores nothing; cl_ledger_checkpoint_store
 * stores what it signed, also after others appended, and refuses a body
 * the tree does not extend.
 */
static void test_checkpoint_sign_then_store(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_checkpoint cp, latest_cp, forged;
	char *note = NULL, *latest = NULL;
	size_t len = 0, latest_len = 0;

	assert_cl_ok(add_claim(f, f->owner, "covered", &err), &err);
	assert_cl_err(cl_ledger_checkpoint_sign(f->l, f->stranger, &note, &len, &cp, &err),
		      CL_EKEY, &err, "not the ledger owner");
	assert_null(note);
	assert_cl_ok(cl_ledger_checkpoint_sign(f->l, f->owner, &note, &len, &cp, &err), &err);
	assert_int_equal(cp.size, 2);
	assert_cl_err(cl_ledger_latest_checkpoint(f->l, &latest, &latest_len, &latest_cp, &err),
		      CL_ENOTFOUND, &err, "no checkpoint");
	/* Another append before the store: the checkpoint still holds. */
	assert_cl_ok(add_claim(f, f->owner, "meanwhile", &err), &err);
	forged = cp;
	forged.root[0] ^= 1;
	assert_cl_err(cl_ledger_checkpoint_store(f->l, note, len, &forged, &err), CL_EINTEGRITY,
		      &err, "refusing to store it");
	assert_cl_err(cl_ledger_latest_checkpoint(f->l, &latest, &latest_len, &latest_cp, &err),
		      CL_ENOTFOUND, &err, "no checkpoint");
	assert_cl_ok(cl_ledger_checkpoint_store(f->l, note, len, &cp, &err), &err);
	assert_cl_ok(cl_ledger_latest_checkpoint(f->l, &latest, &latest_len, &latest_cp, &err),
		     &err);
	assert_int_equal(latest_cp.size, 2);
	assert_int_equal(latest_len, len);
	assert_memory_equal(latest, note, len);
	free(note);
	free(latest);
}

/* A damaged tree node, stored checkpoint or index is caught by verify. */
static void test_tamper_tree(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	unsigned char root[CL_HASH_BYTES];
	char path[4200], *data, *hit;
	size_t len = 0;
	uint64_t count = 0;
	int fd;

	for (int i = 0; i < 3; i++)
		assert_cl_ok(add_claim(f, f->owner, "leaf", &err), &err);
	assert_cl_ok(cl_ledger_root(f->l, 4, root, &err), &err);
	cl_ledger_close(f->l);
	f->l = NULL;
	snprintf(path, sizeof path, "%s/data.mdb", f->dir);
	data = tu_slurp(path, &len);
	assert_non_null(data);
	/* The root of 4 leaves is stored as node (2, 0): flip its first byte. */
	hit = memmem(data, len, root, CL_HASH_BYTES);
	assert_non_null(hit);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	for (; hit != NULL; hit = memmem(hit + 1, len - (size_t)(hit + 1 - data), root, CL_HASH_BYTES))
		assert_int_equal(pwrite(fd, (char[]){ (char)(hit[0] ^ 1) }, 1, (off_t)(hit - data)), 1);
	close(fd);
	free(data);
	assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &f->l, &err), &err);
	assert_cl_err(cl_ledger_verify(f->l, &count, &err), CL_EINTEGRITY, &err, "merkle tree");
}

static int collect_alias(void *ctx, const char *alias, const char *speaker)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 256 - n, "%s=%s;", alias, speaker);
	return 0;
}

static void append_fields(struct fx *f, json_t *fields)
{
	cl_txn *t = NULL;
	cl_error err = { 0 };

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, fields, f->owner, T0, NULL, NULL, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(fields);
}

static void test_aliases(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char seen[256] = "";
	uint64_t count = 0;

	append_fields(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "alias", "alias", "Washington",
				   "speaker", "US government", "action", "add"));
	append_fields(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "alias", "alias", "Brussels",
				   "speaker", "European Commission", "action", "add"));
	append_fields(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "alias", "alias", "washington",
				   "speaker", "United States government", "action", "add"));
	append_fields(f, json_pack("{s:s, s:s, s:s}", "type", "alias", "alias", "Brussels",
				   "action", "remove"));
	assert_cl_ok(cl_ledger_aliases(f->l, collect_alias, seen, &err), &err);
	assert_string_equal(seen, "washington=United States government;");
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 5);
}

static void test_documents(void **state)
{
	struct fx *f = *state;
	const char article[] = "url https://example.org/a\n\n\u201cWe will win,\u201d she said.\n";
	cl_txn *t = NULL;
	cl_error err = { 0 };
	unsigned char id[CL_HASH_BYTES], again[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1], path[4200], *buf = NULL, *data, *hit;
	size_t len = 0, off = strstr(article, "We") - article;
	uint64_t count = 0;
	json_t *c;
	int fd;

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_put_document(t, article, sizeof article - 1, id, &err), &err);
	assert_cl_ok(cl_txn_put_document(t, article, sizeof article - 1, again, &err), &err);
	assert_memory_equal(id, again, CL_HASH_BYTES);
	assert_true(cl_txn_has_document(t, id));
	cl_hex_encode(hex, id, CL_HASH_BYTES);
	c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "type", "claim",
		      "text", "We will win", "speaker", "A. Speaker", "source", "https://example.org/a",
		      "date", "2021-11-22", "kind", "direct", "document", hex,
		      "offset", (json_int_t)off, "length", (json_int_t)strlen("We will win,"));
	assert_cl_ok(cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err), &err);
	json_decref(c);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_cl_ok(cl_ledger_get_document(f->l, id, &buf, &len, &err), &err);
	assert_int_equal(len, sizeof article - 1);
	assert_memory_equal(buf, article, len);
	free(buf);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);

	/* A changed byte in the archived article is caught. */
	cl_ledger_close(f->l);
	f->l = NULL;
	snprintf(path, sizeof path, "%s/data.mdb", f->dir);
	data = tu_slurp(path, &len);
	assert_non_null(data);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	/* "she said" is in the article only, outside the quote's span. */
	hit = memmem(data, len, "she said", 8);
	assert_non_null(hit);
	for (; hit != NULL; hit = memmem(hit + 1, len - (size_t)(hit + 1 - data), "she said", 8))
		assert_int_equal(pwrite(fd, "S", 1, (off_t)(hit - data)), 1);
	close(fd);
	free(data);
	assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &f->l, &err), &err);
	assert_cl_err(cl_ledger_verify(f->l, &count, &err), CL_EINTEGRITY, &err,
		      "archived document");
}

static void test_document_refusals(void **state)
{
	struct fx *f = *state;
	const char article[] = "\u201cWe will win,\u201d she said.\n";
	cl_txn *t = NULL;
	cl_error err = { 0 };
	unsigned char id[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1];
	json_t *c;

	cl_sha256(id, article, sizeof article - 1);
	cl_hex_encode(hex, id, CL_HASH_BYTES);
	c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "type", "claim",
		      "text", "We will lose", "speaker", "A. Speaker", "source", "https://example.org/s",
		      "date", "2021-11-22", "kind", "direct", "document", hex,
		      "offset", 3, "length", 12);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_err(cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err), CL_EINPUT, &err,
		      "not archived");
	assert_cl_ok(cl_txn_put_document(t, article, sizeof article - 1, NULL, &err), &err);
	assert_cl_err(cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err), CL_EINPUT, &err,
		      "not found at offset 3");
	json_object_set_new(c, "length", json_integer(100));
	assert_cl_err(cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err), CL_EINPUT, &err,
		      "outside its document");
	json_object_set_new(c, "length", json_integer(12));
	json_object_set_new(c, "text", json_string("We will win"));
	assert_cl_ok(cl_txn_append(t, c, f->owner, T0, NULL, NULL, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_int_equal(ledger_size(f), 2);
	json_decref(c);
}

/* An article the governor is quoted from; her aide put it differently. */
static const char article_gov[] =
	"The governor said: \u201cNot a single federal truck has reached these camps,\u201d at noon.\n"
	"Her aide later put it as \u201cNot one federal truck has reached these camps\u201d on the radio.\n";
#define GOV_SAID "Not a single federal truck has reached these camps"
#define AIDE_SAID "Not one federal truck has reached these camps"
#define GOV_OFF ((json_int_t)(strstr(article_gov, GOV_SAID) - article_gov))
#define AIDE_OFF ((json_int_t)(strstr(article_gov, AIDE_SAID) - article_gov))

/* Append `fields` (taken), signed by the owner; its id in `id`. */
static void append_id(struct fx *f, json_t *fields, unsigned char id[CL_HASH_BYTES])
{
	cl_txn *t = NULL;
	cl_error err = { 0 };

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, fields, f->owner, T0, NULL, id, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(fields);
}

/* Archive article_gov; its id in hex. */
static void put_gov(struct fx *f, char hex[CL_ID_HEX + 1])
{
	unsigned char id[CL_HASH_BYTES];
	cl_error err = { 0 };
	cl_txn *t = NULL;

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_put_document(t, article_gov, strlen(article_gov), id, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	cl_hex_encode(hex, id, CL_HASH_BYTES);
}

/* The governor's words as a claim of `kind` citing the archived article
 * (with their span unless `span` is 0); its id in hex. */
static void add_gov(struct fx *f, const char *doc, const char *kind, int span,
		    char hex[CL_ID_HEX + 1])
{
	unsigned char id[CL_HASH_BYTES];
	json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "type", "claim",
			      "text", GOV_SAID, "speaker", "The governor",
			      "source", "https://example.org/camps", "date", "2021-11-22",
			      "kind", kind, "document", doc);

	if (span) {
		json_object_set_new(c, "offset", json_integer(GOV_OFF));
		json_object_set_new(c, "length", json_integer((json_int_t)strlen(GOV_SAID)));
	}
	append_id(f, c, id);
	cl_hex_encode(hex, id, CL_HASH_BYTES);
}

/* A correction of `target` with the members of `values` (a JSON object
 * text, "{}" for none). */
static json_t *correction(const char *target, const char *values)
{
	json_t *c = json_loads(values, 0, NULL);

	assert_non_null(c);
	json_object_set_new(c, "type", json_string("correction"));
	json_object_set_new(c, "target", json_string(target));
	json_object_set_new(c, "reason", json_string("test"));
	return c;
}

/* Append `fields` (taken) in a txn of its own: its rc, the ledger's size
 * unchanged when refused. */
static int try_correct(struct fx *f, json_t *fields, cl_error *err)
{
	uint64_t size = ledger_size(f);
	cl_txn *t = NULL;
	int rc;

	assert_cl_ok(cl_ledger_begin(f->l, &t, err), err);
	rc = cl_txn_append(t, fields, f->editor, T0, NULL, NULL, err);
	if (rc == CL_OK) {
		assert_cl_ok(cl_txn_commit(t, err), err);
		assert_int_equal(ledger_size(f), size + 1);
	} else {
		cl_txn_abort(t);
		assert_int_equal(ledger_size(f), size);
	}
	json_decref(fields);
	return rc;
}

/* The current view of claim `hex`. */
static void view_of(struct fx *f, const char *hex, cl_fact *fact)
{
	unsigned char id[CL_HASH_BYTES];
	char ref[CL_ID_HEX + 1];
	cl_error err = { 0 };
	cl_record r = { 0 };
	uint64_t seq;

	assert_cl_ok(cl_hex_decode(id, CL_HASH_BYTES, hex, strlen(hex)), &err);
	snprintf(ref, sizeof ref, "%s", hex);
	assert_cl_ok(cl_ledger_resolve(f->l, ref, &seq, &err), &err);
	assert_cl_ok(cl_ledger_get(f->l, seq, &r, &err), &err);
	assert_memory_equal(r.id, id, CL_HASH_BYTES);
	assert_cl_ok(cl_fact_load(f->l, &r, 0, fact, &err), &err);
	cl_record_release(&r);
}

/*
 * Issue 13: a correction leaves its claim under pinned provenance.  A
 * direct quote's words may change only with the span where the article
 * says them, or with a kind that is not direct; corrections that touch
 * none of text, kind, offset, length go through as before.  Refusals are
 * CL_EINPUT and leave the ledger as it was.
 */
static void test_correction_provenance(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_fact fact = { 0 };
	char doc[CL_ID_HEX + 1], c1[CL_ID_HEX + 1], c2[CL_ID_HEX + 1], c3[CL_ID_HEX + 1];
	char bare[CL_ID_HEX + 1], vals[256];
	unsigned char id[CL_HASH_BYTES];
	uint64_t count = 0;
	cl_txn *t = NULL;
	json_t *c;

	add_editor(f, "alice", f->editor, "add");
	put_gov(f, doc);
	add_gov(f, doc, "direct", 1, c1);
	add_gov(f, doc, "direct", 1, c2);

	/* The example: new words, the old span. */
	assert_cl_err(try_correct(f, correction(c1, "{\"text\":\"" AIDE_SAID "\"}"), &err),
		      CL_EINPUT, &err, "correction: claim 2 is a direct quote of its article and "
		      "'Not one federal truck has reached these…' is not what the article "
		      "says at offset ");
	assert_non_null(strstr(err.msg, ": give --offset/--length of the words in the "
				       "article, or --kind indirect"));
	/* The same words with the span where the article says them. */
	snprintf(vals, sizeof vals, "{\"text\":\"" AIDE_SAID "\",\"offset\":%lld,\"length\":%zu}",
		 (long long)AIDE_OFF, strlen(AIDE_SAID));
	assert_cl_ok(try_correct(f, correction(c1, vals), &err), &err);
	view_of(f, c1, &fact);
	assert_string_equal(cl_fact_str(&fact, "text"), AIDE_SAID);
	assert_string_equal(cl_fact_str(&fact, "kind"), "direct");
	assert_int_equal(json_integer_value(json_object_get(fact.current, "offset")), AIDE_OFF);
	cl_fact_free(&fact);
	/* Saying "direct" again changes nothing; moving the span back alone
	 * would pin the aide's words to the governor's. */
	assert_cl_ok(try_correct(f, correction(c1, "{\"kind\":\"direct\"}"), &err), &err);
	snprintf(vals, sizeof vals, "{\"offset\":%lld,\"length\":%zu}", (long long)GOV_OFF,
		 strlen(GOV_SAID));
	assert_cl_err(try_correct(f, correction(c1, vals), &err), CL_EINPUT, &err,
		      "is not what the article says at offset");

	/* Speaker and date alone on a direct quote: as before. */
	assert_cl_ok(try_correct(f, correction(c2, "{\"speaker\":\"Gov. Roe\",\"date\":\"2021-11-21\"}"),
				 &err), &err);
	/* New words with kind indirect in the same correction. */
	assert_cl_ok(try_correct(f, correction(c2, "{\"text\":\"" AIDE_SAID "\",\"kind\":\"indirect\"}"),
				 &err), &err);
	view_of(f, c2, &fact);
	assert_string_equal(cl_fact_str(&fact, "kind"), "indirect");
	assert_string_equal(cl_fact_str(&fact, "text"), AIDE_SAID);
	assert_string_equal(cl_fact_str(&fact, "speaker"), "Gov. Roe");
	assert_string_equal(json_string_value(json_object_get(fact.claim, "kind")), "direct");
	cl_fact_free(&fact);
	/* The earlier corrections count: direct again would quote the aide's
	 * words at the governor's span. */
	assert_cl_err(try_correct(f, correction(c2, "{\"kind\":\"direct\"}"), &err), CL_EINPUT,
		      &err, "correction: claim 3 is a direct quote of its article and 'Not one");

	/* Two corrections in one txn: the second sees the first. */
	add_gov(f, doc, "direct", 1, c3);
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	c = correction(c3, "{\"kind\":\"manual\"}");
	assert_cl_ok(cl_txn_append(t, c, f->editor, T0, NULL, NULL, &err), &err);
	json_decref(c);
	c = correction(c3, "{\"text\":\"Trucks have not come\"}");
	assert_cl_ok(cl_txn_append(t, c, f->editor, T0, NULL, NULL, &err), &err);
	json_decref(c);
	c = correction(c3, "{\"kind\":\"direct\"}");
	assert_cl_err(cl_txn_append(t, c, f->editor, T0, NULL, NULL, &err), CL_EINPUT, &err,
		      "'Trucks have not come' is not what the article says");
	json_decref(c);
	assert_cl_ok(cl_txn_commit(t, &err), &err);

	/* The rest of the rule: a span needs a document, a direct quote
	 * citing one needs a span, and the span lies in the article. */
	append_id(f, claim_fields("Trucks came", "2021-11-22"), id);
	cl_hex_encode(bare, id, CL_HASH_BYTES);
	assert_cl_err(try_correct(f, correction(bare, "{\"offset\":0,\"length\":5}"), &err),
		      CL_EINPUT, &err, "cites no archived article, so it can have no offset and length");
	assert_cl_ok(try_correct(f, correction(bare, "{\"kind\":\"direct\",\"text\":\"Trucks\"}"),
				 &err), &err); /* a direct quote of nothing archived */
	add_gov(f, doc, "indirect", 0, c3);
	assert_cl_err(try_correct(f, correction(c3, "{\"kind\":\"direct\"}"), &err), CL_EINPUT,
		      &err, "would be a direct quote of its article without offset and length");
	snprintf(vals, sizeof vals, "{\"kind\":\"direct\",\"offset\":%zu,\"length\":1}",
		 strlen(article_gov));
	assert_cl_err(try_correct(f, correction(c3, vals), &err), CL_EINPUT, &err,
		      "lies outside claim");
	snprintf(vals, sizeof vals, "{\"kind\":\"direct\",\"offset\":%lld,\"length\":%zu}",
		 (long long)GOV_OFF, strlen(GOV_SAID));
	assert_cl_ok(try_correct(f, correction(c3, vals), &err), &err);
	/* The chain's own refusals keep their words. */
	assert_cl_err(try_correct(f, correction(c3, "{\"offset\":1}"), &err), CL_EINPUT, &err,
		      "correction.length: missing: offset and length go together");

	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, ledger_size(f));
}

static void file_replace(struct fx *f, const char *from, const char *to);

/*
 * A ledger that holds such a correction fails verify, naming its seq.  The
 * store refuses to append one, so the test gets it in the way an old
 * ledger (before this rule) or a hand-made file would hold it: the
 * archived article is rewritten in the closed file to say the new words
 * while the correction is appended (the append checks it against what it
 * reads there), then put back.  What was signed is untouched; only the
 * article's bytes came and went.
 */
static void test_correction_provenance_verify(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_fact fact = { 0 };
	cl_verify_info vi;
	char doc[CL_ID_HEX + 1], c1[CL_ID_HEX + 1], want[256];
	uint64_t count = 0, bad;

	add_editor(f, "alice", f->editor, "add");
	put_gov(f, doc);
	add_gov(f, doc, "direct", 1, c1);
	assert_cl_ok(try_correct(f, correction(c1, "{\"speaker\":\"Gov. Roe\"}"), &err), &err);

	cl_ledger_close(f->l);
	f->l = NULL;
	file_replace(f, "\xe2\x80\x9cNot a single", "\xe2\x80\x9cNot a simple");
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	bad = ledger_size(f);
	assert_cl_ok(try_correct(f, correction(c1, "{\"text\":\"Not a simple federal truck has "
						   "reached these camps\"}"), &err), &err);
	cl_ledger_close(f->l);
	f->l = NULL;
	file_replace(f, "\xe2\x80\x9cNot a simple", "\xe2\x80\x9cNot a single");
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);

	/* The readers show what was signed... */
	view_of(f, c1, &fact);
	assert_string_equal(cl_fact_str(&fact, "text"), "Not a simple federal truck has reached these camps");
	cl_fact_free(&fact);
	/* ...and verify, plain or full, refuses it. */
	snprintf(want, sizeof want, "seq %llu: correction: claim 2 is a direct quote of its "
		 "article and 'Not a simple federal truck has reached\xe2\x80\xa6' is not what "
		 "the article says at offset %lld", (unsigned long long)bad, (long long)GOV_OFF);
	assert_cl_err(cl_ledger_verify(f->l, &count, &err), CL_EINTEGRITY, &err, want);
	assert_null(strstr(err.msg, "--kind")); /* no advice in verify */
	assert_cl_err(cl_ledger_verify_ex(f->l, 0, &vi, &err), CL_EINTEGRITY, &err, want);
}

struct seqs {
	uint64_t v[64];
	size_t n;
};

static int collect_seq(void *ctx, const cl_record *r)
{
	struct seqs *s = ctx;
	if (s->n < 64)
		s->v[s->n++] = r->seq;
	return 0;
}

static void add_spoken(struct fx *f, const char *speaker, const char *source,
		       const char *date, unsigned char id[CL_HASH_BYTES])
{
	cl_txn *t = NULL;
	cl_error err = { 0 };
	json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "claim", "text", "words",
			      "speaker", speaker, "source", source, "date", date);

	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, c, f->owner, T0, NULL, id, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(c);
}

static void test_queries(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	unsigned char id[CL_HASH_BYTES], first[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1];
	struct seqs got = { .n = 0 };
	cl_query q = { 0 };
	uint64_t count = 0;

	add_spoken(f, "José Álvarez", "https://a.example/1", "2021-11-20", first); /* 1 */
	add_spoken(f, "Jane Doe", "https://a.example/1", "2021-11-21", id);        /* 2 */
	add_spoken(f, "JOSÉ ÁLVAREZ", "https://b.example/2", "2021-11-22", id);    /* 3 */
	add_spoken(f, "José Álvarez Jr", "https://b.example/2", "2021-11-23", id); /* 4 */

	/* A run of a name's words, in any case, with or without accents
	 * (ledger/search.h): "José Álvarez Jr" holds "josé álvarez". */
	q.speaker = "josé álvarez";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 3);
	assert_int_equal(got.v[0], 1);
	assert_int_equal(got.v[1], 3);
	assert_int_equal(got.v[2], 4);

	got.n = 0;
	q.speaker = "ALVAREZ";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 3);

	got.n = 0;
	q.speaker = "jr";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.v[0], 4);

	/* Newest first across names: seq order, not the index's name order. */
	got.n = 0;
	q.speaker = "Jose Alvarez";
	q.newest_first = 1;
	q.limit = 2;
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0], 4);
	assert_int_equal(got.v[1], 3);

	memset(&q, 0, sizeof q);
	got.n = 0;
	q.source = "B.example";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0], 3);
	assert_int_equal(got.v[1], 4);

	memset(&q, 0, sizeof q);
	got.n = 0;
	q.source = "https://b.example/2";
	q.since = "2021-11-23";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.v[0], 4);

	memset(&q, 0, sizeof q);
	got.n = 0;
	q.since = "2021-11-21";
	q.until = "2021-11-22";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0], 2);
	assert_int_equal(got.v[1], 3);

	memset(&q, 0, sizeof q);
	got.n = 0;
	q.type = "genesis";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.v[0], 0);
	q.type = "nonsense";
	assert_cl_err(cl_ledger_query(f->l, &q, collect_seq, &got, &err), CL_EINPUT, &err, "type");

	/* Verdicts and corrections are found from the claim they point at. */
	cl_hex_encode(hex, first, CL_HASH_BYTES);
	append_fields(f, json_pack("{s:s, s:s, s:s}", "type", "verdict", "claim", hex, "rating", "false"));
	append_fields(f, json_pack("{s:s, s:s, s:s}", "type", "correction", "target", hex,
				   "reason", "wrong speaker"));
	got.n = 0;
	assert_cl_ok(cl_ledger_refs(f->l, first, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0], 5);
	assert_int_equal(got.v[1], 6);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 7);

	/* Through the alias table, added after the claims (ledger/search.h):
	 * the alias finds the canonical speaker's claims and the canonical
	 * name finds the alias's; both stop with the alias. */
	add_spoken(f, "FNE", "https://c.example/3", "2021-11-24", id);          /* 7 */
	add_spoken(f, "National Nurses' Federation", "https://c.example/3",
		   "2021-11-24", id);                                            /* 8 */
	append_fields(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "alias", "alias", "FNE",
				   "speaker", "National Nurses' Federation", "action", "add")); /* 9 */
	memset(&q, 0, sizeof q);
	got.n = 0;
	q.speaker = "national nurses federation";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0], 7);
	assert_int_equal(got.v[1], 8);
	got.n = 0;
	q.speaker = "fne";
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 2);
	append_fields(f, json_pack("{s:s, s:s, s:s}", "type", "alias", "alias", "FNE",
				   "action", "remove"));
	got.n = 0;
	assert_cl_ok(cl_ledger_query(f->l, &q, collect_seq, &got, &err), &err);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.v[0], 7);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 11);
}

/* ---- bulk appends and the verified mark ----------------------------------- */

struct gen {
	int n, i;
	int bad_at; /* the tag whose source is not a URL (0: none) */
};

static int gen_next(void *ctx, json_t **fields, uint64_t *tag, cl_error *err)
{
	struct gen *g = ctx;
	char text[64];

	*fields = NULL;
	if (g->i >= g->n)
		return CL_OK;
	snprintf(text, sizeof text, "Claim number %d.", g->i);
	*fields = claim_fields(text, "2021-11-22");
	*tag = (uint64_t)++g->i;
	if (g->bad_at == g->i)
		json_object_set_new(*fields, "source", json_string("manual"));
	return CL_OK;
}

/* Append n claims with cl_txn_append_stream on `threads` threads. */
static void stream_claims(cl_ledger *l, const cl_seckey *k, int n, unsigned threads)
{
	struct gen g = { n, 0, 0 };
	cl_error err = { 0 };
	uint64_t first = 0, count = 0, bad = 0;
	cl_txn *t = NULL;

	cl_ledger_set_threads(l, threads);
	assert_cl_ok(cl_ledger_begin(l, &t, &err), &err);
	assert_cl_ok(cl_txn_append_stream(t, gen_next, &g, k, T0 + 1, &first, &count, &bad,
					  &err), &err);
	assert_int_equal(first, 1);
	assert_int_equal(count, (uint64_t)n);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
}

/* Every record as bytes, concatenated: the ledger's content. */
static int concat_cb(void *ctx, const cl_record *r)
{
	json_t *a = ctx;
	char hex[2 * CL_SIG_BYTES + 1];

	cl_hex_encode(hex, r->sig, CL_SIG_BYTES);
	return json_array_append_new(a, json_stringn(r->body, r->body_len)) ||
	       json_array_append_new(a, json_string(hex)) ? -1 : 0;
}

static void test_stream_threads_identical(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char *dir2 = tu_tmpdir();
	cl_ledger *l2 = NULL;
	json_t *a = json_array(), *b = json_array();
	unsigned char r1[CL_HASH_BYTES], r2[CL_HASH_BYTES];
	cl_verify_info vi;
	uint64_t count = 0;
	/* More than one signing window, so the pipeline wraps around. */
	const int n = 2600;

	assert_cl_ok(cl_ledger_create(dir2, f->owner, "example.org/test", T0, NULL, &err), &err);
	assert_cl_ok(cl_ledger_open(dir2, 0, &l2, &err), &err);
	stream_claims(f->l, f->owner, n, 1);
	stream_claims(l2, f->owner, n, 4);
	assert_cl_ok(cl_ledger_scan(f->l, 0, UINT64_MAX, concat_cb, a, &err), &err);
	assert_cl_ok(cl_ledger_scan(l2, 0, UINT64_MAX, concat_cb, b, &err), &err);
	assert_true(json_equal(a, b));
	assert_int_equal(json_array_size(a), 2 * (n + 1));
	assert_cl_ok(cl_ledger_root(f->l, n + 1, r1, &err), &err);
	assert_cl_ok(cl_ledger_root(l2, n + 1, r2, &err), &err);
	assert_memory_equal(r1, r2, CL_HASH_BYTES);
	/* The same records as one cl_txn_append at a time would make. */
	assert_cl_ok(cl_ledger_verify(l2, &count, &err), &err);
	assert_int_equal(count, (uint64_t)n + 1);
	cl_ledger_set_threads(f->l, 1);
	assert_cl_ok(cl_ledger_verify_ex(f->l, CL_VERIFY_FULL, &vi, &err), &err);
	assert_int_equal(vi.count, (uint64_t)n + 1);
	json_decref(a);
	json_decref(b);
	cl_ledger_close(l2);
	tu_rmtree(dir2);
	free(dir2);
}

static void test_stream_refusal(void **state)
{
	struct fx *f = *state;
	struct gen g = { 50, 0, 0 };
	cl_error err = { 0 };
	uint64_t bad = 0;
	cl_txn *t = NULL;

	/* A stranger may not sign: the first record is refused, tag 1. */
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_int_equal(cl_txn_append_stream(t, gen_next, &g, f->stranger, T0 + 1, NULL,
					      NULL, &bad, &err), CL_EKEY);
	assert_int_equal(bad, 1);
	cl_txn_abort(t);
}

/* The URL members must be absolute http(s) URLs on append (url.h), an
 * input policy: a record already signed with another value still goes in
 * through cl_txn_append_signed and verifies. */
static void test_url_policy(void **state)
{
	struct fx *f = *state;
	struct gen g = { 10, 0, 4 };
	unsigned char sig[CL_SIG_BYTES];
	cl_error err = { 0 };
	uint64_t bad = 0, count = 0;
	cl_txn *t = NULL;
	json_t *c = claim_fields("Not from the web.", "2021-11-22"), *ok;
	char *body = NULL;
	size_t len;

	json_object_set_new(c, "source", json_string("example-herald.com"));
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_err(cl_txn_append(t, c, f->owner, T0 + 1, NULL, NULL, &err), CL_EINPUT,
		      &err, "claim.source 'example-herald.com': not an absolute http(s) URL");
	/* The refusal left the txn usable. */
	ok = claim_fields("A web claim.", "2021-11-22");
	assert_cl_ok(cl_txn_append(t, ok, f->owner, T0 + 1, NULL, NULL, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(ok);
	assert_int_equal(ledger_size(f), 2);

	/* The stream names the object at fault; nothing is committed. */
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_err(cl_txn_append_stream(t, gen_next, &g, f->owner, T0 + 1, NULL, NULL,
					   &bad, &err), CL_EINPUT, &err, "claim.source 'manual'");
	assert_int_equal(bad, 4);
	cl_txn_abort(t);
	assert_int_equal(ledger_size(f), 2);

	/* Signed elsewhere (an old ledger's record): accepted and verified. */
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_record_build(c, 2, cl_chain_last_id(cl_txn_chain(t)),
				     cl_seckey_pubkey(f->owner), T0, &body, &len, &err), &err);
	assert_cl_ok(cl_record_sign(f->owner, body, len, sig), &err);
	assert_cl_ok(cl_txn_append_signed(t, body, len, sig, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
	assert_int_equal(count, 3);
	free(body);
	json_decref(c);
}

static void test_verified_mark(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_verify_info vi;

	stream_claims(f->l, f->owner, 40, 2);
	/* No mark yet: a full verify, which leaves one. */
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.count, 41);
	assert_int_equal(vi.marked, 0);
	assert_true(vi.mark_saved);
	for (int i = 0; i < 5; i++)
		assert_cl_ok(add_claim(f, f->owner, "After the mark.", &err), &err);
	/* Signatures from the mark on; every signature has then been checked
	 * once, so the mark moves to the end. */
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.count, 46);
	assert_int_equal(vi.marked, 41);
	assert_true(vi.mark_saved);
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.marked, 46);
	/* --full re-checks all and keeps the mark where it is. */
	assert_cl_ok(cl_ledger_verify_ex(f->l, CL_VERIFY_FULL, &vi, &err), &err);
	assert_int_equal(vi.marked, 0);
	assert_true(vi.mark_saved);
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.marked, 46);
	assert_int_equal(vi.count, 46);
	/* cl_ledger_verify never uses nor writes the mark. */
	{
		uint64_t count = 0;
		assert_cl_ok(cl_ledger_verify(f->l, &count, &err), &err);
		assert_int_equal(count, 46);
	}
}

/* Change one index database of a closed ledger through LMDB itself:
 * delete `key`, or put it with `val` (NULL: no change). */
static void index_edit(const char *dir, const char *db, const void *key, size_t klen,
		       const void *val, size_t vlen, int del)
{
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };

	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
	assert_int_equal(mdb_env_set_mapsize(env, (size_t)1 << 30), 0);
	assert_int_equal(mdb_env_open(env, dir, 0, 0644), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, db, 0, &dbi), 0);
	if (del)
		assert_int_equal(mdb_del(txn, dbi, &k, NULL), 0);
	else
		assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

/* Replace every copy of `from` in f's closed data.mdb by `to` (the same
 * length; LMDB is copy-on-write, so stale pages may hold old copies). */
static void file_replace(struct fx *f, const char *from, const char *to)
{
	char path[4200];
	size_t len = 0, n = strlen(from);
	char *data, *hit;
	int fd, hits = 0;

	assert_int_equal(strlen(to), n);
	snprintf(path, sizeof path, "%s/data.mdb", f->dir);
	data = tu_slurp(path, &len);
	assert_non_null(data);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	for (hit = memmem(data, len, from, n); hit != NULL;
	     hit = memmem(hit + 1, len - (size_t)(hit + 1 - data), from, n), hits++)
		assert_int_equal(pwrite(fd, to, n, (off_t)(hit - data)), (ssize_t)n);
	assert_true(hits > 0);
	close(fd);
	free(data);
}

static int count_cb(void *ctx, const cl_record *r)
{
	(void)r;
	(*(uint64_t *)ctx)++;
	return 0;
}

/*
 * A body rewritten in the file after a verify left its mark (the hostile
 * review's "is balanced" -> "is a fraud!"): every verify re-hashes every
 * body, whatever the mark says, and so do the read paths that hand out
 * records: get, scan, query, refs.  A checkpoint held elsewhere fails too.
 */
static void test_rewritten_record(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_verify_info vi;
	cl_checkpoint cp;
	cl_record r;
	cl_query q = { .speaker = "A. Speaker" };
	char *note = NULL;
	size_t note_len = 0;
	uint64_t n = 0;

	assert_cl_ok(add_claim(f, f->owner, "The budget is balanced.", &err), &err);
	for (int i = 0; i < 3; i++)
		assert_cl_ok(add_claim(f, f->owner, "Later claim.", &err), &err);
	assert_cl_ok(cl_ledger_checkpoint(f->l, f->owner, &note, &note_len, &err), &err);
	assert_cl_ok(cl_checkpoint_open(note, note_len, "example.org/test",
					 cl_seckey_pubkey(f->owner), "example.org/test", &cp, &err), &err);
	free(note);
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_true(vi.mark_saved);
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.marked, 5); /* nothing left whose signature is unchecked */
	assert_cl_ok(cl_ledger_verify_checkpoint(f->l, 0, &cp, &vi, &err), &err);
	cl_ledger_close(f->l);
	f->l = NULL;

	file_replace(f, "is balanced", "is a fraud!");
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	assert_cl_err(cl_ledger_verify_ex(f->l, 0, &vi, &err), CL_EINTEGRITY, &err,
		      "seq 1: stored id does not match the body");
	assert_cl_err(cl_ledger_verify_checkpoint(f->l, 0, &cp, &vi, &err), CL_EINTEGRITY,
		      &err, "seq 1: stored id does not match the body");
	assert_cl_err(cl_ledger_get(f->l, 1, &r, &err), CL_EINTEGRITY, &err,
		      "seq 1: stored id does not match the body");
	assert_cl_ok(cl_ledger_get(f->l, 2, &r, &err), &err);
	cl_record_release(&r);
	assert_cl_err(cl_ledger_scan(f->l, 0, UINT64_MAX, count_cb, &n, &err), CL_EINTEGRITY,
		      &err, "seq 1: stored id");
	assert_int_equal(n, 1); /* the genesis, and no further */
	assert_cl_err(cl_ledger_query(f->l, &q, count_cb, &n, &err), CL_EINTEGRITY, &err,
		      "seq 1: stored id");

	/* As it was: all good again; then a checkpoint whose root the ledger
	 * no longer has (a history rewritten with fresh ids) fails. */
	cl_ledger_close(f->l);
	f->l = NULL;
	file_replace(f, "is a fraud!", "is balanced");
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	assert_cl_ok(cl_ledger_verify_checkpoint(f->l, 0, &cp, &vi, &err), &err);
	assert_int_equal(vi.marked, 5);
	cp.root[0] ^= 1;
	assert_cl_err(cl_ledger_verify_checkpoint(f->l, 0, &cp, &vi, &err), CL_EINTEGRITY,
		      &err, "history diverges within the first 5 records");
	cp.root[0] ^= 1;
	cp.size = 9;
	assert_cl_err(cl_ledger_verify_checkpoint(f->l, 0, &cp, &vi, &err), CL_EINTEGRITY,
		      &err, "history was truncated");
}

/* A verdict or correction that the reference index lists under a claim
 * is handed out by cl_ledger_refs only when its body points at it. */
static void test_refs_recheck(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_record r;
	unsigned char id1[CL_HASH_BYTES], id2[CL_HASH_BYTES], key[CL_HASH_BYTES + 9];
	char hex[CL_ID_HEX + 1];
	uint64_t n = 0;
	cl_txn *t = NULL;
	json_t *v;

	assert_cl_ok(add_claim(f, f->owner, "First.", &err), &err);
	assert_cl_ok(add_claim(f, f->owner, "Second.", &err), &err);
	assert_cl_ok(cl_ledger_get(f->l, 1, &r, &err), &err);
	memcpy(id1, r.id, CL_HASH_BYTES);
	cl_record_release(&r);
	assert_cl_ok(cl_ledger_get(f->l, 2, &r, &err), &err);
	memcpy(id2, r.id, CL_HASH_BYTES);
	cl_record_release(&r);
	cl_hex_encode(hex, id1, CL_HASH_BYTES);
	v = json_pack("{s:s, s:s, s:s}", "type", "verdict", "claim", hex, "rating", "false");
	assert_cl_ok(cl_ledger_begin(f->l, &t, &err), &err);
	assert_cl_ok(cl_txn_append(t, v, f->owner, T0 + 3, NULL, NULL, &err), &err);
	assert_cl_ok(cl_txn_commit(t, &err), &err);
	json_decref(v);
	assert_cl_ok(cl_ledger_refs(f->l, id1, count_cb, &n, &err), &err);
	assert_int_equal(n, 1);
	cl_ledger_close(f->l);
	f->l = NULL;

	/* The index entry moved to the other claim: not one of its refs. */
	memcpy(key, id1, CL_HASH_BYTES);
	memset(key + CL_HASH_BYTES, 0, 9);
	key[CL_HASH_BYTES + 8] = 3;
	index_edit(f->dir, "by_ref", key, sizeof key, NULL, 0, 1);
	memcpy(key, id2, CL_HASH_BYTES);
	index_edit(f->dir, "by_ref", key, sizeof key, NULL, 0, 0);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	n = 0;
	assert_cl_ok(cl_ledger_refs(f->l, id2, count_cb, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_cl_err(cl_ledger_verify_ex(f->l, CL_VERIFY_FULL, &(cl_verify_info){ 0 }, &err),
		      CL_EINTEGRITY, &err, "seq 3");
}

/* Verify f's closed ledger (cl_ledger_verify_ex flags `how`) in a
 * read-only handle of its own, as a second process would. */
static int verify_reopened(struct fx *f, unsigned how, cl_error *err)
{
	cl_verify_info vi;
	cl_ledger *l = NULL;
	int rc = cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &l, err);

	if (rc == CL_OK)
		rc = cl_ledger_verify_ex(l, how, &vi, err);
	cl_ledger_close(l);
	return rc;
}

/*
 * A full verify sums the index entries under a secret key instead of
 * looking each one up; a wrong entry of any kind must still fail it, and
 * the report must name the same seq a lookup per record names.
 */
static void test_index_tamper(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_verify_info vi;
	unsigned char key[64], seq7[8] = { 0, 0, 0, 0, 0, 0, 0, 7 };
	unsigned char id[CL_HASH_BYTES] = { 0 };
	size_t n;

	stream_claims(f->l, f->owner, 30, 2);
	assert_cl_ok(cl_ledger_verify_ex(f->l, CL_VERIFY_FULL | CL_VERIFY_NOMARK, &vi, &err), &err);
	cl_ledger_close(f->l);
	f->l = NULL;

	/* Every claim is in the type index as "claim" || 0 || seq. */
	n = strlen("claim");
	memcpy(key, "claim", n);
	key[n] = 0;
	memcpy(key + n + 1, seq7, 8);
	index_edit(f->dir, "by_type", key, n + 9, NULL, 0, 1);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "seq 7: missing from the type index");
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL | CL_VERIFY_LOOKUPS, &err),
		      CL_EINTEGRITY, &err, "seq 7: missing from the type index");

	/* Put it back with a value: present, but not what the records imply. */
	index_edit(f->dir, "by_type", key, n + 9, "x", 1, 0);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "seq 7: missing from the type index");

	/* As it was: passes again. */
	index_edit(f->dir, "by_type", key, n + 9, NULL, 0, 0);
	assert_cl_ok(verify_reopened(f, CL_VERIFY_FULL, &err), &err);

	/* An entry no record implies: the count gives it away. */
	key[n + 8] = 99;
	index_edit(f->dir, "by_type", key, n + 9, NULL, 0, 0);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "the type index has 32 entries, the records imply 31");
	index_edit(f->dir, "by_type", key, n + 9, NULL, 0, 1);

	/* The ids index: an id pointing at the wrong seq, then an extra id. */
	assert_cl_ok(cl_ledger_open(f->dir, CL_LEDGER_RDONLY, &f->l, &err), &err);
	{
		cl_record r;
		assert_cl_ok(cl_ledger_get(f->l, 7, &r, &err), &err);
		memcpy(id, r.id, CL_HASH_BYTES);
		cl_record_release(&r);
	}
	cl_ledger_close(f->l);
	f->l = NULL;
	seq7[7] = 8;
	index_edit(f->dir, "ids", id, CL_HASH_BYTES, seq7, 8, 0);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "seq 7: id index does not point at this record");
	seq7[7] = 7;
	index_edit(f->dir, "ids", id, CL_HASH_BYTES, seq7, 8, 0);
	id[0] ^= 1;
	index_edit(f->dir, "ids", id, CL_HASH_BYTES, seq7, 8, 0);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "id index has 32 entries for 31 records");
}

/* What sits beside the records and indexes: an alias entry must say, byte
 * for byte, what its record says; meta holds no unknown entry; a verified
 * mark larger than the ledger is damaged and a full verify replaces it. */
static void test_side_tamper(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	cl_verify_info vi;
	unsigned char val[64], mark[8 + CL_HASH_BYTES + 8 * CL_INDEX_COUNT] = { 0 };
	const char speaker[] = "US government";
	size_t n;

	append_fields(f, json_pack("{s:s, s:s, s:s, s:s}", "type", "alias", "alias", "Washington",
				   "speaker", speaker, "action", "add"));
	cl_ledger_close(f->l);
	f->l = NULL;
	assert_cl_ok(verify_reopened(f, CL_VERIFY_FULL, &err), &err);

	/* seq 1 || "Washington" || 0 || speaker, with one letter changed. */
	memset(val, 0, 8);
	val[7] = 1;
	memcpy(val + 8, "Washington", 11);
	n = 8 + 11 + strlen(speaker);
	memcpy(val + 8 + 11, speaker, strlen(speaker));
	val[8 + 11] = 'R';
	index_edit(f->dir, "aliases", "washington", 10, val, n, 0);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "alias index entry 'washington' is not the chain's");
	val[8 + 11] = 'U'; /* as it was */
	index_edit(f->dir, "aliases", "washington", 10, val, n, 0);
	assert_cl_ok(verify_reopened(f, CL_VERIFY_FULL, &err), &err);

	/* A meta entry no code reads. */
	index_edit(f->dir, "meta", "verifieD", 8, "x", 1, 0);
	assert_cl_err(verify_reopened(f, CL_VERIFY_FULL, &err), CL_EINTEGRITY, &err,
		      "meta has an unknown entry");
	index_edit(f->dir, "meta", "verifieD", 8, NULL, 0, 1);

	/* A mark for 1000 records on a ledger of 2: plain verify cannot use
	 * it, and the full verify it falls back to writes a true one. */
	mark[6] = 0x03;
	mark[7] = 0xe8;
	index_edit(f->dir, "meta", "verified", 8, mark, sizeof mark, 0);
	assert_cl_ok(cl_ledger_open(f->dir, 0, &f->l, &err), &err);
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.marked, 0);
	assert_true(vi.mark_saved);
	assert_cl_ok(cl_ledger_verify_ex(f->l, 0, &vi, &err), &err);
	assert_int_equal(vi.marked, 2);
}

/* Every mdb_env_open the library makes passes through here (the test
 * binary's definition wins over liblmdb's for the static library). */
static int env_opens, env_open_failures;

int mdb_env_open(MDB_env *env, const char *path, unsigned int flags, mdb_mode_t mode)
{
	int (*real)(MDB_env *, const char *, unsigned int, mdb_mode_t);
	int rc;

	*(void **)&real = dlsym(RTLD_NEXT, "mdb_env_open");
	rc = real(env, path, flags, mode);
	env_opens++;
	env_open_failures += rc != 0;
	return rc;
}

/*
 * In an address space too small for the default map (ulimit -v, valgrind)
 * the ledger opens with a smaller one, in a single mdb_env_open that
 * succeeds.  An open that failed at the map after setting up the lock file
 * would leave LMDB's transaction id there at 0 for a process opening
 * meanwhile, which then reads a stale meta page ("not a claimledger
 * store" under valgrind, 4 writers at once) and could write on top of it.
 * The child process exits 0, 1 (no ledger), 2 (not one open) or 3 (an
 * open failed).
 */
static void test_open_small_address_space(void **state)
{
	struct fx *f = *state;
	unsigned long long pages = 0;
	int status = -1;
	pid_t pid;

	cl_ledger_close(f->l);
	f->l = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *statm = fopen("/proc/self/statm", "r");
		struct rlimit rl;
		cl_error err = { 0 };
		cl_ledger *l = NULL;
		int ok;

		/* Room for 6 GiB more: the 256 GiB and 64 GiB maps do not fit,
		 * the 4 GiB one does. */
		if (statm == NULL || fscanf(statm, "%llu", &pages) != 1)
			_exit(9);
		fclose(statm);
		rl.rlim_cur = rl.rlim_max = pages * (unsigned long long)sysconf(_SC_PAGESIZE) +
					    ((unsigned long long)6 << 30);
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(9);
		env_opens = env_open_failures = 0;
		ok = cl_ledger_open(f->dir, 0, &l, &err) == CL_OK;
		cl_ledger_close(l);
		_exit(!ok ? 1 : env_open_failures ? 3 : env_opens != 1 ? 2 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* The records made with the genesis land with it or not at all. */
static void test_create_with(void **state)
{
	struct fx *f = *state;
	cl_error err = { 0 };
	char *dir = tu_tmpdir();
	json_t *extra = json_pack("[{s:s, s:s}, {s:s, s:s}]", "type", "config", "newsroom", "X News",
				  "type", "config", "url", "");
	cl_ledger *l = NULL;
	cl_ledger_info info;

	assert_cl_err(cl_ledger_create_with(dir, f->owner, "example.org/w", T0, extra, NULL, &err),
		      CL_EINPUT, &err, "config.url");
	json_array_remove(extra, 1);
	assert_cl_ok(cl_ledger_create_with(dir, f->owner, "example.org/w", T0, extra, NULL, &err), &err);
	assert_cl_ok(cl_ledger_open(dir, 0, &l, &err), &err);
	assert_cl_ok(cl_ledger_read_info(l, &info, &err), &err);
	assert_int_equal(info.size, 2);
	cl_ledger_close(l);
	json_decref(extra);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_ledger_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_owner_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_get_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_decide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_digit_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_body_keeps_txn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_editor_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_signed_must_extend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_at_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_appenders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_and_proofs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoint_sign_then_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_document_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_provenance_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_with, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_threads_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_refusal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verified_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs_recheck, setup, teardown),
		cmocka_unit_test_setup_teardown(test_side_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_small_address_space, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
