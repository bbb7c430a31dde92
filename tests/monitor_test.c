/*
 * monitor_test.c: reading a published ledger as a light client
 * (ledger/tileread.h, ledger/monitor.h), from tiles served from memory.
 *
 * Trees are built with cl_merkle_mem and cut into tiles exactly as
 * tiles.h lays them out; a test then rewrites what a dishonest host
 * would.  The forgery Go's tlog.TileHashReader (x/mod 0.7.0) accepts:
 * a 70,000-entry log whose entry 0, level-0 tile 0 and full level-1 tile
 * 0 are rewritten to agree, the level-2 partial tile left alone.
 * Then cl_monitor_run over a small ledger built, signed and published in
 * memory: a first run, an incremental one (the old full bundle not
 * fetched), nothing new, and refusals (a same-size fork, a grown fork, a
 * shrunk log, another key, a bad signature), the state saved and read
 * back between runs.
 */
#include "tests/testutil.h"

#include "crypto/crypto.h"
#include "ledger/export.h"
#include "ledger/merkle.h"
#include "ledger/monitor.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "ledger/tileread.h"
#include "ledger/tiles.h"

#include <jansson.h>

#define H CL_HASH_BYTES

/* ---- a static host in memory ------------------------------------------ */

struct file {
	char path[CL_TILE_PATH_MAX + 80];
	unsigned char *data;
	size_t len;
};

struct host {
	struct file *f;
	size_t n, cap;
	size_t fetches;
	char last[CL_TILE_PATH_MAX + 80]; /* the last path asked for */
	const char *watch;                /* count the fetches of this path */
	size_t watched;
};

static struct file *host_find(struct host *h, const char *path)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->f[i].path, path) == 0)
			return &h->f[i];
	return NULL;
}

/* Put (or replace) a file. */
static void host_put(struct host *h, const char *path, const void *data, size_t len)
{
	struct file *f = host_find(h, path);

	if (f == NULL) {
		if (h->n == h->cap) {
			h->cap = h->cap ? 2 * h->cap : 64;
			h->f = realloc(h->f, h->cap * sizeof *h->f);
			assert_non_null(h->f);
		}
		f = &h->f[h->n++];
		snprintf(f->path, sizeof f->path, "%s", path);
	} else {
		free(f->data);
	}
	f->data = malloc(len ? len : 1);
	assert_non_null(f->data);
	memcpy(f->data, data, len);
	f->len = len;
}

static void host_free(struct host *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->f[i].data);
	free(h->f);
	memset(h, 0, sizeof *h);
}

static int host_get(void *ctx, const char *path, size_t max, unsigned char **data,
		    size_t *len, cl_error *err)
{
	struct host *h = ctx;
	struct file *f = host_find(h, path);

	h->fetches++;
	if (h->watch != NULL && strcmp(path, h->watch) == 0)
		h->watched++;
	snprintf(h->last, sizeof h->last, "%s", path);
	*data = NULL;
	*len = 0;
	if (f == NULL)
		return cl_error_set(err, CL_ENOTFOUND, "%s: not found", path);
	if (f->len > max)
		return cl_error_set(err, CL_EINTEGRITY, "%s: more than %zu bytes",
				    path, max);
	*data = malloc(f->len + 1);
	assert_non_null(*data);
	memcpy(*data, f->data, f->len);
	(*data)[f->len] = 0;
	*len = f->len;
	return CL_OK;
}

/* ---- trees and their tiles -------------------------------------------- */

static void leaf_of(unsigned char out[H], uint64_t i, unsigned salt)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "entry %llu/%u", (unsigned long long)i, salt);

	cl_merkle_leaf_hash(out, buf, (size_t)n);
}

/* A tree of `n` leaves, leaf i from leaf_of(i, salt) (salt 0 everywhere
 * but at `fork`, where it is 1; fork = UINT64_MAX: nowhere). */
static cl_merkle_mem *tree_new(uint64_t n, uint64_t fork)
{
	unsigned char h[H];
	cl_merkle_mem *t = NULL;
	cl_error err = { 0 };
	uint64_t i;

	assert_int_equal(cl_merkle_mem_new(&t), CL_OK);
	for (i = 0; i < n; i++) {
		leaf_of(h, i, i == fork);
		assert_cl_ok(cl_merkle_mem_append(t, h, &err), &err);
	}
	return t;
}

/* Write the hash tiles of the first `size` leaves of `t` to `h`. */
static void tiles_put(struct host *h, cl_merkle_mem *t, uint64_t size)
{
	unsigned char buf[CL_TILE_WIDTH * H];
	char path[CL_TILE_PATH_MAX];
	unsigned level, w, i;
	uint64_t c, n;

	for (level = 0; level < 8 && (c = size >> (8 * level)) > 0; level++)
		for (n = 0; n <= c / CL_TILE_WIDTH; n++) {
			w = n < c / CL_TILE_WIDTH ? CL_TILE_WIDTH
						 : (unsigned)(c % CL_TILE_WIDTH);
			if (w == 0)
				continue;
			for (i = 0; i < w; i++)
				assert_int_equal(cl_merkle_mem_get(t, 8 * level,
								   n * CL_TILE_WIDTH + i,
								   buf + i * H), CL_OK);
			assert_true(cl_tile_path(path, sizeof path, (int)level, n, w) > 0);
			host_put(h, path, buf, (size_t)w * H);
		}
}

static void root_of(cl_merkle_mem *t, uint64_t size, unsigned char root[H])
{
	cl_error err = { 0 };

	assert_cl_ok(cl_merkle_root(cl_merkle_mem_get, t, size, root, &err), &err);
}

static void frontier_of(cl_frontier *f, uint64_t size, uint64_t fork)
{
	unsigned char h[H];
	cl_error err = { 0 };
	uint64_t i;

	cl_frontier_init(f);
	for (i = 0; i < size; i++) {
		leaf_of(h, i, i == fork);
		assert_cl_ok(cl_frontier_append(f, h, &err), &err);
	}
}

/* ---- tileread ---------------------------------------------------------- */

/* Every tile of honest trees of awkward sizes checks out, gives the
 * tree's own hashes, and extends every smaller tree. */
static void test_good_trees(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 7, 255, 256, 257, 511, 512, 1000,
					  65535, 65536, 65537, 70000 };
	unsigned char root[H], got[H], want[H];
	const unsigned char *hashes;
	cl_tileread *r = NULL;
	cl_frontier old;
	cl_error err = { 0 };
	cl_merkle_mem *t = tree_new(70000, UINT64_MAX);
	struct host h = { 0 };
	uint64_t size, m, i;
	unsigned w;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size = sizes[k];
		host_free(&h);
		tiles_put(&h, t, size);
		root_of(t, size, root);
		assert_cl_ok(cl_tileread_new(host_get, &h, size, root, &r, &err), &err);
		/* every leaf, read tile by tile */
		for (i = 0; i < size; i += 97) {
			assert_cl_ok(cl_tileread_hash(r, 0, i, got, &err), &err);
			assert_int_equal(cl_merkle_mem_get(t, 0, i, want), CL_OK);
			assert_memory_equal(got, want, H);
		}
		assert_cl_ok(cl_tileread_tile(r, 0, (size - 1) / 256, &hashes, &w, &err), &err);
		assert_int_equal(w, size % 256 ? size % 256 : 256);
		/* a higher node */
		if (size >= 65536) {
			assert_cl_ok(cl_tileread_hash(r, 16, 0, got, &err), &err);
			assert_int_equal(cl_merkle_mem_get(t, 16, 0, want), CL_OK);
			assert_memory_equal(got, want, H);
		}
		for (m = 0; m <= size; m += size / 7 + 1) {
			frontier_of(&old, m, UINT64_MAX);
			assert_cl_ok(cl_tileread_extends(r, &old, &err), &err);
		}
		frontier_of(&old, size, UINT64_MAX);
		assert_cl_ok(cl_tileread_extends(r, &old, &err), &err);
		/* no tile past the tree */
		assert_cl_err(cl_tileread_tile(r, 0, size / 256 + 1, &hashes, &w, &err),
			      CL_EINPUT, &err, "no tile");
		cl_tileread_free(r);
		r = NULL;
	}
	/* the empty tree needs no tile, and its root is SHA-256("") */
	cl_sha256(root, "", 0);
	assert_cl_ok(cl_tileread_new(host_get, &h, 0, root, &r, &err), &err);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(t);
}

/*
 * The 70,000-entry forgery: entry 0 replaced, tile/0/000 rewritten with
 * its new leaf hash, tile/1/000 (full) rewritten with the new hash of
 * tile/0/000, tile/2/000.p/1 left as it was.  The partial tiles of size
 * 70,000 still make the root, so only the parent check of tile/1/000
 * catches it, and it must.
 */
static void test_forgery_70000(void **state)
{
	unsigned char root[H], tile0[CL_TILE_WIDTH * H], tile1[CL_TILE_WIDTH * H];
	unsigned char h0[H], got[H];
	const unsigned char *hashes;
	struct file *f;
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_frontier old;
	cl_merkle_mem *t = tree_new(70000, UINT64_MAX);
	struct host h = { 0 };
	unsigned w, i;

	(void)state;
	tiles_put(&h, t, 70000);
	root_of(t, 70000, root);
	/* the forger's tiles */
	f = host_find(&h, "tile/0/000");
	assert_non_null(f);
	memcpy(tile0, f->data, sizeof tile0);
	leaf_of(tile0, 0, 1);
	host_put(&h, "tile/0/000", tile0, sizeof tile0);
	f = host_find(&h, "tile/1/000");
	assert_non_null(f);
	memcpy(tile1, f->data, sizeof tile1);
	/* entry 0 of tile/1/000: the subtree hash of the forged tile/0/000 */
	memcpy(h0, tile0, H);
	{
		unsigned char lvl[CL_TILE_WIDTH][H];
		unsigned n;

		for (i = 0; i < CL_TILE_WIDTH; i++)
			memcpy(lvl[i], tile0 + i * H, H);
		for (n = CL_TILE_WIDTH; n > 1; n /= 2)
			for (i = 0; i < n / 2; i++)
				cl_merkle_node_hash(lvl[i], lvl[2 * i], lvl[2 * i + 1]);
		memcpy(h0, lvl[0], H);
	}
	memcpy(tile1, h0, H);
	host_put(&h, "tile/1/000", tile1, sizeof tile1);
	assert_non_null(host_find(&h, "tile/2/000.p/1"));

	/* The checkpoint's partial tiles are untouched: the reader starts. */
	assert_cl_ok(cl_tileread_new(host_get, &h, 70000, root, &r, &err), &err);
	/* Reading entry 0 is refused, naming the tile that lies. */
	assert_cl_err(cl_tileread_hash(r, 0, 0, got, &err), CL_EINTEGRITY, &err,
		      "tile/1/000 does not hash to entry 0 of tile/2/000.p/1");
	assert_cl_err(cl_tileread_tile(r, 0, 0, &hashes, &w, &err), CL_EINTEGRITY,
		      &err, "tile/1/000 does not hash to entry 0 of tile/2/000.p/1");
	/* So is every claim that the honest 1-entry tree is not a prefix ...
	 * and the forged 1-entry tree is not accepted as one either. */
	frontier_of(&old, 1, 0);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "tile/1/000");
	/* Tiles elsewhere are fine: a leaf under tile/1/001.p/17 reads. */
	assert_cl_ok(cl_tileread_hash(r, 0, 69999, got, &err), &err);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(t);
}

/* One byte changed in a full tile, in a partial tile; a tile cut short;
 * a tile missing. */
static void test_changed_tiles(void **state)
{
	unsigned char root[H], got[H];
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_merkle_mem *t = tree_new(1000, UINT64_MAX);
	struct host h = { 0 };
	struct file *f;

	(void)state;
	tiles_put(&h, t, 1000);
	root_of(t, 1000, root);

	f = host_find(&h, "tile/0/002");
	f->data[100] ^= 1;
	assert_cl_ok(cl_tileread_new(host_get, &h, 1000, root, &r, &err), &err);
	assert_cl_ok(cl_tileread_hash(r, 0, 300, got, &err), &err); /* tile 1 */
	assert_cl_err(cl_tileread_hash(r, 0, 600, got, &err), CL_EINTEGRITY, &err,
		      "tile/0/002 does not hash to entry 2 of tile/1/000.p/3");
	cl_tileread_free(r);
	f->data[100] ^= 1;

	f = host_find(&h, "tile/0/003.p/232");
	assert_non_null(f);
	f->data[5] ^= 1;
	assert_cl_err(cl_tileread_new(host_get, &h, 1000, root, &r, &err),
		      CL_EINTEGRITY, &err, "do not hash to the checkpoint's root");
	assert_null(r);
	f->data[5] ^= 1;

	f = host_find(&h, "tile/1/000.p/3");
	f->len -= 1;
	assert_cl_err(cl_tileread_new(host_get, &h, 1000, root, &r, &err),
		      CL_EINTEGRITY, &err, "tile/1/000.p/3: 95 bytes, not 96");
	f->len += 1;

	snprintf(f->path, sizeof f->path, "gone");
	assert_cl_err(cl_tileread_new(host_get, &h, 1000, root, &r, &err),
		      CL_EINTEGRITY, &err, "tile/1/000.p/3: missing");
	host_free(&h);
	cl_merkle_mem_free(t);
}

/* A log that lost entries: the tiles of a smaller tree do not extend the
 * larger tree seen before; nor do a same-size fork's, nor a bigger
 * fork's whose history differs in an early leaf. */
static void test_truncated_and_forked(void **state)
{
	unsigned char root[H];
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_frontier old;
	cl_merkle_mem *honest = tree_new(3000, UINT64_MAX);
	cl_merkle_mem *forked = tree_new(3000, 1234);
	struct host h = { 0 };

	(void)state;
	/* truncated: the monitor saw 2000, the host now serves 1500 */
	tiles_put(&h, honest, 1500);
	root_of(honest, 1500, root);
	assert_cl_ok(cl_tileread_new(host_get, &h, 1500, root, &r, &err), &err);
	frontier_of(&old, 2000, UINT64_MAX);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "smaller than the tree of size 2000");
	cl_tileread_free(r);
	host_free(&h);

	/* forked at leaf 1234: same size, or grown, it is not the old tree */
	tiles_put(&h, forked, 3000);
	root_of(forked, 3000, root);
	assert_cl_ok(cl_tileread_new(host_get, &h, 3000, root, &r, &err), &err);
	frontier_of(&old, 3000, UINT64_MAX);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "leaves 0..2047 differ");
	frontier_of(&old, 2000, UINT64_MAX);
	assert_cl_err(cl_tileread_extends(r, &old, &err), CL_EINTEGRITY, &err,
		      "does not extend the tree of size 2000");
	/* ... while a prefix before the fork is consistent */
	frontier_of(&old, 1234, UINT64_MAX);
	assert_cl_ok(cl_tileread_extends(r, &old, &err), &err);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(honest);
	cl_merkle_mem_free(forked);
}

/* Reading tiles left to right fetches each once (the monitor's pattern):
 * 1000 leaves = 4 level-0 tiles + 1 level-1 tile. */
static void test_fetch_count(void **state)
{
	unsigned char root[H], got[H];
	cl_tileread *r = NULL;
	cl_error err = { 0 };
	cl_merkle_mem *t = tree_new(1000, UINT64_MAX);
	struct host h = { 0 };
	uint64_t i;

	(void)state;
	tiles_put(&h, t, 1000);
	root_of(t, 1000, root);
	assert_cl_ok(cl_tileread_new(host_get, &h, 1000, root, &r, &err), &err);
	for (i = 0; i < 1000; i++)
		assert_cl_ok(cl_tileread_hash(r, 0, i, got, &err), &err);
	assert_int_equal(cl_tileread_fetched(r), 5);
	assert_int_equal(h.fetches, 5);
	cl_tileread_free(r);
	host_free(&h);
	cl_merkle_mem_free(t);
}

/* ---- the monitor over a ledger published in memory ---------------------- */

#define MINI_MAX 700

/* A ledger's records, built and signed here, and its tree. */
struct mini {
	const cl_seckey *owner;
	char origin[64];
	char *body[MINI_MAX];
	size_t len[MINI_MAX];
	unsigned char sig[MINI_MAX][CL_SIG_BYTES];
	unsigned char id[MINI_MAX][H];
	uint64_t n;
	cl_merkle_mem *t;
};

static void mini_append(struct mini *m, const char *fields)
{
	unsigned char leaf[H];
	const unsigned char *prev = m->n ? m->id[m->n - 1] : NULL;
	unsigned char zero[H] = { 0 };
	cl_error err = { 0 };
	json_t *f = json_loads(fields, 0, NULL);

	assert_non_null(f);
	assert_true(m->n < MINI_MAX);
	assert_cl_ok(cl_record_build(f, m->n, prev ? prev : zero,
				     cl_seckey_pubkey(m->owner),
				     1637625600 + (int64_t)m->n, &m->body[m->n],
				     &m->len[m->n], &err), &err);
	json_decref(f);
	assert_int_equal(cl_record_sign(m->owner, m->body[m->n], m->len[m->n],
					m->sig[m->n]), CL_OK);
	cl_record_id(m->id[m->n], m->body[m->n], m->len[m->n]);
	cl_merkle_leaf_hash(leaf, m->body[m->n], m->len[m->n]);
	assert_cl_ok(cl_merkle_mem_append(m->t, leaf, &err), &err);
	m->n++;
}

/* A genesis of `origin` by `owner`, then `claims` claims whose text starts
 * with `word`. */
static void mini_new(struct mini *m, const cl_seckey *owner, const char *origin,
		     unsigned claims, const char *word)
{
	char f[256];
	unsigned i;

	memset(m, 0, sizeof *m);
	m->owner = owner;
	snprintf(m->origin, sizeof m->origin, "%s", origin);
	assert_int_equal(cl_merkle_mem_new(&m->t), CL_OK);
	snprintf(f, sizeof f, "{\"type\":\"genesis\",\"origin\":\"%s\",\"name\":\"owner\"}",
		 origin);
	mini_append(m, f);
	for (i = 0; i < claims; i++) {
		snprintf(f, sizeof f, "{\"type\":\"claim\",\"text\":\"%s %u.\","
			 "\"speaker\":\"A. Person\",\"source\":\"https://example.org/a\","
			 "\"date\":\"2021-11-22\"}", word, i);
		mini_append(m, f);
	}
}

static void mini_free(struct mini *m)
{
	uint64_t i;

	for (i = 0; i < m->n; i++)
		free(m->body[i]);
	cl_merkle_mem_free(m->t);
}

/* Publish the first `size` records of `m` to `h`, as publish lays them out. */
static void mini_publish(struct mini *m, struct host *h, uint64_t size)
{
	char path[CL_TILE_PATH_MAX], vkey[CL_VKEY_MAX], *line, *note = NULL;
	unsigned char *ent = NULL, sigs[CL_TILE_WIDTH * CL_SIG_BYTES];
	size_t elen, ecap = 0, nlen = 0;
	cl_checkpoint cp;
	cl_error err = { 0 };
	uint64_t b, i;
	unsigned w;

	tiles_put(h, m->t, size);
	for (b = 0; b * CL_TILE_WIDTH < size; b++) {
		w = size - b * CL_TILE_WIDTH >= CL_TILE_WIDTH
		    ? CL_TILE_WIDTH : (unsigned)(size - b * CL_TILE_WIDTH);
		elen = 0;
		for (i = 0; i < w; i++) {
			assert_cl_ok(cl_bundle_append(&ent, &elen, &ecap,
						      m->body[b * CL_TILE_WIDTH + i],
						      m->len[b * CL_TILE_WIDTH + i], &err), &err);
			memcpy(sigs + i * CL_SIG_BYTES, m->sig[b * CL_TILE_WIDTH + i],
			       CL_SIG_BYTES);
		}
		cl_tile_path(path, sizeof path, CL_TILE_ENTRIES, b, w);
		host_put(h, path, ent, elen);
		cl_tile_path(path, sizeof path, CL_TILE_SIGS, b, w);
		host_put(h, path, sigs, (size_t)w * CL_SIG_BYTES);
	}
	free(ent);
	cl_vkey_format(vkey, m->origin, cl_seckey_pubkey(m->owner));
	line = malloc(strlen(vkey) + strlen(m->origin) + 64);
	assert_non_null(line);
	sprintf(line, "{\"claimledger\":\"tiles/1\",\"origin\":\"%s\",\"owner\":\"%s\"}\n",
		m->origin, vkey);
	host_put(h, "claimledger/log", line, strlen(line));
	free(line);
	snprintf(cp.origin, sizeof cp.origin, "%s", m->origin);
	cp.size = size;
	root_of(m->t, size, cp.root);
	assert_cl_ok(cl_checkpoint_sign(&cp, m->owner, &note, &nlen, &err), &err);
	host_put(h, "checkpoint", note, nlen);
	free(note);
}

/* The state saved and read back, as the next run of the command sees it. */
static cl_monitor_state *reload(cl_monitor_state *s)
{
	cl_monitor_state *t = NULL;
	cl_error err = { 0 };
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_cl_ok(cl_monitor_state_save(s, f, &err), &err);
	rewind(f);
	assert_cl_ok(cl_monitor_state_load(f, "tmp", &t, &err), &err);
	fclose(f);
	cl_monitor_state_free(s);
	return t;
}

/* The state as saved on disk (a failed run's state is never saved). */
struct snap {
	char *buf;
	size_t len;
};

static void snap_take(struct snap *p, const cl_monitor_state *s)
{
	cl_error err = { 0 };
	FILE *f = open_memstream(&p->buf, &p->len);

	assert_non_null(f);
	assert_cl_ok(cl_monitor_state_save(s, f, &err), &err);
	fclose(f);
}

static cl_monitor_state *snap_load(const struct snap *p)
{
	cl_monitor_state *t = NULL;
	cl_error err = { 0 };
	FILE *f = fmemopen(p->buf, p->len, "rb");

	assert_non_null(f);
	assert_cl_ok(cl_monitor_state_load(f, "snap", &t, &err), &err);
	fclose(f);
	return t;
}

/* First run, a run after appends fetching only what is new, a run with
 * nothing new; then a fork of the same size (split view), a grown fork,
 * a shrunk log and another key are refused. */
static void test_monitor_runs(void **state)
{
	cl_seckey *owner = NULL, *other = NULL;
	cl_monitor_state *s = NULL;
	cl_monitor_result res;
	cl_error err = { 0 };
	struct mini m, fork;
	struct host h = { 0 }, hf = { 0 };
	struct snap disk = { NULL, 0 };
	unsigned char pk[CL_PUBKEY_BYTES];

	(void)state;
	assert_cl_ok(cl_seckey_generate("example.org/mon", &owner, &err), &err);
	assert_cl_ok(cl_seckey_generate("example.org/mon", &other, &err), &err);
	memcpy(pk, cl_seckey_pubkey(owner), CL_PUBKEY_BYTES);
	mini_new(&m, owner, "example.org/mon", 650, "Claim");

	mini_publish(&m, &h, 300);
	assert_cl_ok(cl_monitor_state_new(&s, &err), &err);
	assert_cl_ok(cl_monitor_run(host_get, &h, pk, s, &res, &err), &err);
	assert_string_equal(res.origin, "example.org/mon");
	assert_int_equal(res.old_size, 0);
	assert_int_equal(res.new_size, 300);
	assert_int_equal(res.records, 300);
	s = reload(s);
	assert_int_equal(cl_monitor_state_size(s), 300);

	/* 300 more: the full bundle 0 is not fetched again */
	mini_publish(&m, &h, 600);
	h.watch = "tile/entries/000";
	h.watched = 0;
	assert_cl_ok(cl_monitor_run(host_get, &h, pk, s, &res, &err), &err);
	assert_int_equal(res.old_size, 300);
	assert_int_equal(res.new_size, 600);
	assert_int_equal(res.records, 300);
	assert_int_equal(h.watched, 0);
	s = reload(s);

	/* nothing new: the log and the checkpoint only */
	h.fetches = 0;
	assert_cl_ok(cl_monitor_run(host_get, &h, pk, s, &res, &err), &err);
	assert_int_equal(res.records, 0);
	assert_int_equal(res.new_size, 600);
	assert_int_equal(h.fetches, 2);

	/* another history under the same key and origin */
	mini_new(&fork, owner, "example.org/mon", 649, "Forked");
	mini_publish(&fork, &hf, 600);
	snap_take(&disk, s);
	assert_cl_err(cl_monitor_run(host_get, &hf, pk, s, &res, &err), CL_EINTEGRITY,
		      &err, "split view: the checkpoint of size 600 has root");
	cl_monitor_state_free(s);
	s = snap_load(&disk);
	mini_publish(&fork, &hf, 650);
	assert_cl_err(cl_monitor_run(host_get, &hf, pk, s, &res, &err), CL_EINTEGRITY,
		      &err, "does not extend the tree of size 600");
	cl_monitor_state_free(s);
	s = snap_load(&disk);

	/* a shrunk log */
	mini_publish(&m, &h, 500);
	assert_cl_err(cl_monitor_run(host_get, &h, pk, s, &res, &err), CL_EINTEGRITY,
		      &err, "log shrank: the checkpoint's size is 500, below the 600");
	cl_monitor_state_free(s);
	s = snap_load(&disk);

	/* another owner key */
	mini_publish(&m, &h, 650);
	assert_cl_err(cl_monitor_run(host_get, &h, cl_seckey_pubkey(other), s, &res, &err),
		      CL_EKEY, &err, "does not verify with this key");
	cl_monitor_state_free(s);
	s = snap_load(&disk);
	/* and the honest host goes on from the saved state */
	assert_cl_ok(cl_monitor_run(host_get, &h, pk, s, &res, &err), &err);
	assert_int_equal(res.old_size, 600);
	assert_int_equal(res.records, 50);
	free(disk.buf);

	cl_monitor_state_free(s);
	mini_free(&m);
	mini_free(&fork);
	host_free(&h);
	host_free(&hf);
	cl_seckey_free(owner);
	cl_seckey_free(other);
}

/* A record whose signature is not its signer's is named by seq. */
static void test_monitor_bad_record(void **state)
{
	cl_seckey *owner = NULL;
	cl_monitor_state *s = NULL;
	cl_error err = { 0 };
	struct mini m;
	struct host h = { 0 };

	(void)state;
	assert_cl_ok(cl_seckey_generate("example.org/mon", &owner, &err), &err);
	mini_new(&m, owner, "example.org/mon", 20, "Claim");
	m.sig[7][0] ^= 1;
	mini_publish(&m, &h, 21);
	assert_cl_ok(cl_monitor_state_new(&s, &err), &err);
	assert_cl_err(cl_monitor_run(host_get, &h, cl_seckey_pubkey(owner), s, NULL, &err),
		      CL_EINTEGRITY, &err, "tile/entries/000.p/21: seq 7: signature does not verify");
	cl_monitor_state_free(s);
	mini_free(&m);
	host_free(&h);
	cl_seckey_free(owner);
}

/* Run a first monitor of `h` on `threads` threads, expecting `msg`. */
static void run_expect(struct host *h, const cl_seckey *owner, unsigned threads,
		       const char *msg)
{
	cl_monitor_state *s = NULL;
	cl_error err = { 0 };

	assert_cl_ok(cl_monitor_state_new(&s, &err), &err);
	assert_cl_err(cl_monitor_run_threads(host_get, h, cl_seckey_pubkey(owner), NULL,
					     threads, s, NULL, &err),
		      CL_EINTEGRITY, &err, msg);
	cl_monitor_state_free(s);
}

/*
 * The pool checks bundles ahead of the chain, so a later bundle's fault
 * is often found first; the error is still the lowest seq's, with the
 * message of a serial run, on 1 thread and on several: an earlier bad
 * signature (found by the pool), an earlier broken chain link (a record
 * the pool passes), and a later bundle whose signature file is short (a
 * fetch-time fault of a bundle read ahead).
 */
static void test_monitor_first_error(void **state)
{
	static const unsigned threads[] = { 1, 2, 5 };
	char path[CL_TILE_PATH_MAX];
	cl_seckey *owner = NULL;
	cl_error err = { 0 };
	struct mini m;
	struct host h = { 0 };
	unsigned char keep[H];
	size_t i;

	(void)state;
	assert_cl_ok(cl_seckey_generate("example.org/mon", &owner, &err), &err);
	mini_new(&m, owner, "example.org/mon", 699, "Claim");
	m.sig[600][0] ^= 1;
	m.sig[100][0] ^= 1;
	mini_publish(&m, &h, 700);
	for (i = 0; i < 3; i++)
		run_expect(&h, owner, threads[i],
			   "tile/entries/000: seq 100: signature does not verify");
	m.sig[100][0] ^= 1;
	mini_publish(&m, &h, 700);
	for (i = 0; i < 3; i++)
		run_expect(&h, owner, threads[i],
			   "tile/entries/002.p/188: seq 600: signature does not verify");
	/* and the later bundle's signature file is short */
	m.sig[100][0] ^= 1;
	mini_publish(&m, &h, 700);
	cl_tile_path(path, sizeof path, CL_TILE_SIGS, 2, 188);
	host_put(&h, path, "short", 5);
	for (i = 0; i < 3; i++)
		run_expect(&h, owner, threads[i],
			   "tile/entries/000: seq 100: signature does not verify");
	m.sig[100][0] ^= 1;
	mini_publish(&m, &h, 700);
	host_put(&h, path, "short", 5);
	for (i = 0; i < 3; i++)
		run_expect(&h, owner, threads[i], "bytes, not 188 signatures of 64");
	mini_free(&m);
	host_free(&h);

	/* seq 300's prev is not 299's id; its signature is good */
	mini_new(&m, owner, "example.org/mon", 299, "Claim");
	memcpy(keep, m.id[299], H);
	m.id[299][0] ^= 1;
	mini_append(&m, "{\"type\":\"claim\",\"text\":\"Off the chain.\","
		    "\"speaker\":\"A. Person\",\"source\":\"https://example.org/a\","
		    "\"date\":\"2021-11-22\"}");
	memcpy(m.id[299], keep, H);
	while (m.n < 700)
		mini_append(&m, "{\"type\":\"claim\",\"text\":\"Later.\","
			    "\"speaker\":\"A. Person\",\"source\":\"https://example.org/a\","
			    "\"date\":\"2021-11-22\"}");
	m.sig[650][0] ^= 1;
	mini_publish(&m, &h, 700);
	for (i = 0; i < 3; i++)
		run_expect(&h, owner, threads[i], "tile/entries/001: seq 300: prev is "
			   "not the id of the previous record");
	mini_free(&m);
	host_free(&h);
	cl_seckey_free(owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_trees),
		cmocka_unit_test(test_forgery_70000),
		cmocka_unit_test(test_changed_tiles),
		cmocka_unit_test(test_truncated_and_forked),
		cmocka_unit_test(test_fetch_count),
		cmocka_unit_test(test_monitor_runs),
		cmocka_unit_test(test_monitor_bad_record),
		cmocka_unit_test(test_monitor_first_error),
	};

	if (cl_crypto_init() != CL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
