/*
 * store.c: the append-only ledger on LMDB (layout in store.h): the
 * environment and its transactions.  Open, create and close, with the
 * checks of the ledger directory before LMDB opens anything; LMDB's
 * damage hook; the head and the info, scan and get; the write
 * transaction of one command (begin, commit, abort); and the small
 * helpers every file of the store uses (store_internal.h lists the files).
 *
 * The store keeps no rule of its own about what may be appended: every
 * record goes through cl_chain_push (record.c), seeded from the state kept
 * in LMDB, so appends and `verify` can never disagree.  The rules that
 * need what only the store holds (the archived articles, a claim's earlier
 * corrections) are one function each, called by the append path and by
 * verify alike: store_check_document (a claim's quote) and
 * store_check_correction (the claim view a correction leaves), in
 * store_append.c.  What the store adds is atomicity (one write
 * transaction per command), the indexes, and the cross-checks between
 * them and the records that `verify` performs.
 */
#include "ledger/store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define STORE_FORMAT "claimledger-lmdb/1"
/* Virtual size reserved for the map; the file grows only as data is written. */
#define MAP_SIZE ((size_t)1 << 38)

/* ---- small helpers ------------------------------------------------------ */

void cl_ledger_set_threads(cl_ledger *l, unsigned n)
{
	l->threads = n;
}

void cl_ledger_set_progress(cl_ledger *l, cl_progress_fn fn, void *ctx)
{
	l->progress = fn;
	l->progress_ctx = ctx;
}

unsigned store_threads(const cl_ledger *l)
{
	long n;

	if (l->threads > 0)
		return l->threads > 64 ? 64 : l->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

void store_progress(const cl_ledger *l, uint64_t done, uint64_t total)
{
	if (l->progress != NULL)
		l->progress(l->progress_ctx, done, total);
}

/*
 * Drop this process's page-table entries for the map, so that a long scan
 * does not count the whole ledger in its resident set.  The map is
 * read-only (no MDB_WRITEMAP): the data stays in the page cache and a
 * later read faults it back in, so pointers into it stay valid (the
 * signature workers may still be reading bodies).  LMDB's
 * mdb_env_info().me_mapaddr is the address stored in the meta page, NULL
 * unless MDB_FIXEDMAP, so the map's address is found at open instead:
 * the mapping of /proc/self/maps that holds a value read from it.  Best
 * effort: when that fails, or madvise does, nothing is released.
 */
static void map_locate(cl_ledger *l, const void *inside)
{
	uintptr_t p = (uintptr_t)inside;
	unsigned long lo, hi;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && p >= lo && p < hi) {
			l->map_base = (uintptr_t)lo;
			l->map_end = (uintptr_t)hi;
			break;
		}
	}
	fclose(f);
}

/* Bytes of file-backed pages this process has mapped (the map, mostly);
 * SIZE_MAX when unknown. */
static size_t map_resident(long page)
{
	unsigned long size = 0, res = 0, shared = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	int n = f != NULL ? fscanf(f, "%lu %lu %lu", &size, &res, &shared) : 0;

	if (f != NULL)
		fclose(f);
	return n == 3 ? (size_t)shared * (size_t)page : SIZE_MAX;
}

void store_map_release(cl_ledger *l)
{
	MDB_envinfo info;
	MDB_stat st;
	struct stat fst;
	mdb_filehandle_t fd;
	long page = sysconf(_SC_PAGESIZE);
	size_t len;

	if (l->map_base == 0 || page <= 0 || l->map_base % (uintptr_t)page != 0 ||
	    map_resident(page) < MAP_RESIDENT_MAX ||
	    mdb_env_info(l->env, &info) != 0 || mdb_env_stat(l->env, &st) != 0)
		return;
	/* The committed pages, or the whole file: a write txn's spilled
	 * pages lie past the committed ones and are read back through the
	 * map. */
	len = (size_t)(info.me_last_pgno + 1) * st.ms_psize;
	if (mdb_env_get_fd(l->env, &fd) == 0 && fstat(fd, &fst) == 0 &&
	    (size_t)fst.st_size > len)
		len = (size_t)fst.st_size;
	if (len > l->map_end - l->map_base)
		len = l->map_end - l->map_base;
	len -= len % (size_t)page;
	if (len > 0 && madvise((void *)l->map_base, len, MADV_DONTNEED) != 0)
		l->map_base = 0; /* not supported here: stop trying */
}

/* Map an LMDB or errno code to ours, with `what` as context. */
int store_mdb_fail(cl_error *err, int rc, const char *what)
{
	int code = CL_ESTORE;

	if (rc == ENOSPC || rc == MDB_MAP_FULL || rc == EIO || rc == EACCES ||
	    rc == EROFS || rc == EPERM || rc == ENOMEM)
		code = CL_EIO;
	if (rc == ENOSPC)
		return cl_error_set(err, code, "%s: no space left on device", what);
	return cl_error_set(err, code, "%s: %s", what, mdb_strerror(rc));
}

int store_meta_get(MDB_txn *txn, MDB_dbi dbi, const char *name, MDB_val *out)
{
	MDB_val k = { strlen(name), (void *)name };
	return mdb_get(txn, dbi, &k, out);
}

int store_meta_put(MDB_txn *txn, MDB_dbi dbi, const char *name,
		   const void *data, size_t len)
{
	MDB_val k = { strlen(name), (void *)name };
	MDB_val v = { len, (void *)data };
	return mdb_put(txn, dbi, &k, &v, 0);
}

/* Copy a meta string (not NUL-terminated in LMDB) into `out` (cap bytes). */
static int meta_string(MDB_txn *txn, MDB_dbi dbi, const char *name, char *out,
		       size_t cap, cl_error *err)
{
	MDB_val v;
	int rc = store_meta_get(txn, dbi, name, &v);

	if (rc != 0)
		return store_mdb_fail(err, rc, name);
	if (v.mv_size >= cap)
		return cl_error_set(err, CL_ESTORE, "meta '%s' is too long", name);
	memcpy(out, v.mv_data, v.mv_size);
	out[v.mv_size] = '\0';
	return CL_OK;
}

/* Decode a stored record value; CL_EINTEGRITY when it cannot hold one. */
int store_record_from_val(uint64_t seq, const MDB_val *v, cl_record *r,
			  cl_error *err)
{
	if (v->mv_size < REC_HDR + 2)
		return cl_error_set(err, CL_EINTEGRITY,
				    "seq %" PRIu64 ": stored record is truncated", seq);
	r->seq = seq;
	memcpy(r->id, v->mv_data, CL_HASH_BYTES);
	memcpy(r->sig, (const unsigned char *)v->mv_data + CL_HASH_BYTES, CL_SIG_BYTES);
	r->body = (const char *)v->mv_data + REC_HDR;
	r->body_len = v->mv_size - REC_HDR;
	return CL_OK;
}

/*
 * Decode a stored record for a reader and re-hash it: every read path
 * (get, scan, query, refs) hands out only bodies whose SHA-256 is their
 * stored id, so a body changed in the file is an integrity error naming
 * its seq, not a record shown as if it were signed.  (verify replays the
 * rest: a forger who also rewrites the stored id breaks the next `prev`,
 * the tree and the signature.)
 */
int store_record_read(uint64_t seq, const MDB_val *v, cl_record *r, cl_error *err)
{
	unsigned char id[CL_HASH_BYTES];
	int rc = store_record_from_val(seq, v, r, err);

	if (rc != CL_OK)
		return rc;
	cl_record_id(id, r->body, r->body_len);
	if (!cl_memeq(id, r->id, CL_HASH_BYTES))
		return cl_error_set(err, CL_EINTEGRITY,
				    "seq %" PRIu64 ": stored id does not match the body "
				    "(the ledger file was changed): run 'claimledger verify'",
				    seq);
	return CL_OK;
}

/* ---- the environment ---------------------------------------------------- */

static int open_dbis(cl_ledger *l, MDB_txn *txn, unsigned flags, cl_error *err)
{
	int rc;

	if ((rc = mdb_dbi_open(txn, "records", flags, &l->records)) != 0 ||
	    (rc = mdb_dbi_open(txn, "ids", flags, &l->ids)) != 0 ||
	    (rc = mdb_dbi_open(txn, "editors", flags, &l->editors)) != 0 ||
	    (rc = mdb_dbi_open(txn, "meta", flags, &l->meta)) != 0 ||
	    (rc = mdb_dbi_open(txn, "tree", flags, &l->tree)) != 0 ||
	    (rc = mdb_dbi_open(txn, "checkpoints", flags, &l->checkpoints)) != 0 ||
	    (rc = mdb_dbi_open(txn, "documents", flags, &l->documents)) != 0 ||
	    (rc = mdb_dbi_open(txn, "aliases", flags, &l->aliases)) != 0 ||
	    (rc = mdb_dbi_open(txn, "by_speaker", flags, &l->idx[CL_INDEX_SPEAKER])) != 0 ||
	    (rc = mdb_dbi_open(txn, "by_source", flags, &l->idx[CL_INDEX_SOURCE])) != 0 ||
	    (rc = mdb_dbi_open(txn, "by_date", flags, &l->idx[CL_INDEX_DATE])) != 0 ||
	    (rc = mdb_dbi_open(txn, "by_type", flags, &l->idx[CL_INDEX_TYPE])) != 0 ||
	    (rc = mdb_dbi_open(txn, "by_ref", flags, &l->idx[CL_INDEX_REF])) != 0) {
		if (rc == MDB_NOTFOUND)
			return cl_error_set(err, CL_ESTORE, "not a claimledger store");
		return store_mdb_fail(err, rc, "cannot open databases");
	}
	return CL_OK;
}

static cl_ledger_damage_fn *damage_fn;

void cl_ledger_on_damage(cl_ledger_damage_fn *fn)
{
	damage_fn = fn;
}

/* LMDB's assert callback: it aborts after this returns. */
static void lmdb_assert(MDB_env *env, const char *msg)
{
	(void)env;
	if (damage_fn != NULL)
		damage_fn(msg);
}

/* One attempt at opening the environment: LMDB flags `mflags`, a map of
 * `map_size` bytes; the files it creates are 0600 (ledger_dir_check).  A
 * failed open leaves the handle unusable (LMDB), so each attempt has its
 * own. */
static int env_try(const char *dir, unsigned mflags, size_t map_size, MDB_env **out)
{
	MDB_env *env = NULL;
	int rc;

	if ((rc = mdb_env_create(&env)) != 0)
		return rc;
	mdb_env_set_assert(env, lmdb_assert);
	mdb_env_set_maxdbs(env, 16);
	mdb_env_set_mapsize(env, map_size);
	if ((rc = mdb_env_open(env, dir, mflags, 0600)) != 0) {
		mdb_env_close(env);
		return rc;
	}
	*out = env;
	return 0;
}

/*
 * The largest map, from MAP_SIZE down to 1 GiB, that this process can
 * reserve: a limited address space (ulimit -v, valgrind) refuses a large
 * one.  Found with an anonymous reservation, never by letting
 * mdb_env_open fail: LMDB 0.9's first user of a lock file sets its
 * transaction id to 0 and only puts the real one there once the map is
 * made, so an open that fails at the map leaves 0 behind, and a process
 * opening meanwhile would read, and write on top of, a stale meta page.
 * LMDB never maps less than the data already written.
 */
static size_t map_size_reservable(void)
{
	size_t size = MAP_SIZE;
	void *p;

	for (; size > ((size_t)1 << 30); size >>= 2) {
		p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p != MAP_FAILED) {
			munmap(p, size);
			break;
		}
	}
	return size;
}

static int env_open(const char *dir, unsigned flags, MDB_env **out, cl_error *err)
{
	unsigned mflags = MDB_NOTLS | ((flags & CL_LEDGER_RDONLY) ? MDB_RDONLY : 0);
	size_t map_size = map_size_reservable();
	int rc = env_try(dir, mflags, map_size, out);

	/* A ledger on read-only media or in a directory we may not write: read
	 * it without the lock file (there can be no writer we could race).
	 * This open failed at the lock file, before it set anything up. */
	if ((rc == EACCES || rc == EROFS) && (flags & CL_LEDGER_RDONLY))
		rc = env_try(dir, mflags | MDB_NOLOCK, map_size, out);
	if (rc == 0)
		return CL_OK;
	if (rc == EACCES || rc == EROFS)
		return cl_error_set(err, CL_EIO, "cannot open ledger '%s'%s: %s", dir,
				    (flags & CL_LEDGER_RDONLY) ? "" : " for writing",
				    mdb_strerror(rc));
	return store_mdb_fail(err, rc, "cannot open ledger");
}

/*
 * The ledger directory, checked before LMDB opens anything in it.  LMDB
 * opens data.mdb and lock.mdb by name, creating them and following
 * symbolic links, and every process that opens a ledger, a reader
 * included, writes lock.mdb: a link planted there would make any command
 * overwrite the link's target.  So the directory is opened once and its
 * two files looked at without following links (fstatat, AT_SYMLINK_NOFOLLOW):
 *
 * - a symbolic link, anything but a regular file, or a file with more than
 *   one hard link is always refused;
 * - the directory and the files must belong to the effective uid and not
 *   be writable by group or others, unless the caller opts in with
 *   CL_LEDGER_SHARED (a ledger shared on purpose), or the open is
 *   read-only and the file system is mounted read-only (nobody can change
 *   the files, and LMDB then writes no lock file).
 *
 * The checks and LMDB's own open are two steps, but a directory that only
 * its owner can write leaves no one else a way to put a link or another
 * file in place between them: the owner/mode rule is what makes the
 * first check hold for the second.  A shared ledger gives that up, by
 * the caller's choice.  The directory path itself may be a symbolic link.
 */

static const char *const env_files[] = { "data.mdb", "lock.mdb" };

/* The owner and mode rule for the directory (name NULL) or one file. */
static int owner_mode_check(const char *dir, const char *name, const struct stat *st,
			    cl_error *err)
{
	const char *what = name ? name : "the directory";
	unsigned long uid = (unsigned long)geteuid();

	if ((unsigned long)st->st_uid != uid)
		return cl_error_set(err, CL_EINPUT, "ledger '%s': %s belongs to uid %lu, "
				    "not to uid %lu running this; pass --shared-ledger if "
				    "the ledger is shared on purpose", dir, what,
				    (unsigned long)st->st_uid, uid);
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
		return cl_error_set(err, CL_EINPUT, "ledger '%s': %s is writable by group "
				    "or others (mode %04o); run chmod go-w '%s%s%s', or pass "
				    "--shared-ledger if the ledger is shared on purpose", dir,
				    what, (unsigned)(st->st_mode & 07777), dir,
				    name ? "/" : "", name ? name : "");
	return CL_OK;
}

/*
 * Check the ledger directory `dir` as above (CL_LEDGER_SHARED and
 * CL_LEDGER_RDONLY of `flags` apply).  CL_OK with *has_data saying whether
 * data.mdb is there (0 also when `dir` does not exist); CL_EINPUT naming
 * the file and the fix when the directory is refused; CL_EIO when it
 * cannot be read.
 */
static int ledger_dir_check(const char *dir, unsigned flags, int *has_data, cl_error *err)
{
	struct stat st, fst[2];
	struct statvfs vfs;
	int fd, relaxed = (flags & CL_LEDGER_SHARED) != 0, rc = CL_OK;
	size_t i;

	*has_data = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return CL_OK;
	if (fd < 0 && errno == ENOTDIR)
		return cl_error_set(err, CL_EINPUT, "ledger '%s' is not a directory", dir);
	if (fd < 0)
		return cl_error_set(err, CL_EIO, "cannot open ledger '%s': %s", dir,
				    strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = cl_error_set(err, CL_EIO, "cannot open ledger '%s': %s", dir,
				  strerror(errno));
		goto out;
	}
	if ((flags & CL_LEDGER_RDONLY) && fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		relaxed = 1;
	for (i = 0; i < 2; i++) {
		fst[i].st_mode = 0;
		if (fstatat(fd, env_files[i], &fst[i], AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno == ENOENT)
				continue;
			rc = cl_error_set(err, CL_EIO, "ledger '%s': cannot look at %s: %s",
					  dir, env_files[i], strerror(errno));
			goto out;
		}
		if (i == 0)
			*has_data = 1;
		if (S_ISLNK(fst[i].st_mode)) {
			rc = cl_error_set(err, CL_EINPUT, "ledger '%s': %s is a symbolic "
					  "link; refusing to open it", dir, env_files[i]);
			goto out;
		}
		if (!S_ISREG(fst[i].st_mode)) {
			rc = cl_error_set(err, CL_EINPUT, "ledger '%s': %s is not a regular "
					  "file; refusing to open it", dir, env_files[i]);
			goto out;
		}
		if (fst[i].st_nlink > 1) {
			rc = cl_error_set(err, CL_EINPUT, "ledger '%s': %s has %lu hard "
					  "links; refusing to open it (copy a ledger, do "
					  "not link it)", dir, env_files[i],
					  (unsigned long)fst[i].st_nlink);
			goto out;
		}
	}
	if (relaxed)
		goto out;
	if ((rc = owner_mode_check(dir, NULL, &st, err)) != CL_OK)
		goto out;
	for (i = 0; i < 2; i++)
		if (fst[i].st_mode != 0 &&
		    (rc = owner_mode_check(dir, env_files[i], &fst[i], err)) != CL_OK)
			goto out;
out:
	close(fd);
	return rc;
}

int cl_ledger_exists(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof path, "%s/data.mdb", dir) >= sizeof path)
		return 0;
	return lstat(path, &st) == 0;
}

/* The chain's window onto earlier records, for verdict/correction targets. */
cl_type store_lookup_type(void *vctx, const unsigned char id[CL_HASH_BYTES])
{
	struct lookup_ctx *ctx = vctx;
	MDB_val k = { CL_HASH_BYTES, (void *)id }, v, rk, rv;
	unsigned char key[8];
	cl_type t = CL_TYPE_UNKNOWN;
	json_t *body = NULL;
	uint64_t seq;

	if (mdb_get(ctx->txn, ctx->l->ids, &k, &v) != 0 || v.mv_size != 8)
		return CL_TYPE_UNKNOWN;
	seq = be64_get(v.mv_data);
	if (seq >= ctx->limit)
		return CL_TYPE_UNKNOWN;
	be64_put(key, seq);
	rk.mv_size = 8;
	rk.mv_data = key;
	if (mdb_get(ctx->txn, ctx->l->records, &rk, &rv) != 0 || rv.mv_size < REC_HDR)
		return CL_TYPE_UNKNOWN;
	/* Only the record whose body hashes to the id asked about. */
	{
		unsigned char h[CL_HASH_BYTES];
		cl_record_id(h, (const char *)rv.mv_data + REC_HDR, rv.mv_size - REC_HDR);
		if (!cl_memeq(h, id, CL_HASH_BYTES))
			return CL_TYPE_UNKNOWN;
	}
	body = json_loadb((const char *)rv.mv_data + REC_HDR, rv.mv_size - REC_HDR,
			  0, NULL);
	if (body != NULL)
		t = cl_type_from_name(json_string_value(json_object_get(body, "type")));
	json_decref(body);
	return t;
}

/* ---- create, open, close ------------------------------------------------ */

int cl_ledger_create(const char *dir, const cl_seckey *owner, const char *origin,
		     int64_t now, unsigned char genesis_id[CL_HASH_BYTES],
		     cl_error *err)
{
	return cl_ledger_create_with(dir, owner, origin, now, NULL, genesis_id, err);
}

/* Undo the files a failed create made, so that init can simply be run again. */
static void create_undo(const char *dir)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "%s/data.mdb", dir) < sizeof path)
		unlink(path);
	if ((size_t)snprintf(path, sizeof path, "%s/lock.mdb", dir) < sizeof path)
		unlink(path);
}

int cl_ledger_create_with(const char *dir, const cl_seckey *owner, const char *origin,
			  int64_t now, const json_t *extra,
			  unsigned char genesis_id[CL_HASH_BYTES], cl_error *err)
{
	return cl_ledger_create_ex(dir, 0, owner, origin, now, extra, genesis_id, err);
}

int cl_ledger_create_ex(const char *dir, unsigned flags, const cl_seckey *owner,
			const char *origin, int64_t now, const json_t *extra,
			unsigned char genesis_id[CL_HASH_BYTES], cl_error *err)
{
	cl_ledger l = { 0 };
	struct lookup_ctx lk = { 0 };
	struct cl_txn t = { 0 };
	MDB_txn *txn = NULL;
	cl_chain *chain = NULL;
	json_t *fields = NULL;
	char *body = NULL;
	size_t len = 0;
	unsigned char sig[CL_SIG_BYTES], id[CL_HASH_BYTES], zero[CL_HASH_BYTES] = { 0 };
	json_t *parsed = NULL;
	int rc, has_data;

	if (!cl_keyname_valid(origin))
		return cl_error_set(err, CL_EINPUT,
				    "origin '%s' is not valid: 1 to %d bytes, no '+', "
				    "white space or control characters", origin, CL_KEYNAME_MAX);
	/* Only its owner may write a new ledger's directory (see
	 * ledger_dir_check); the files get 0600 from env_try. */
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return cl_error_set(err, CL_EIO, "cannot create '%s': %s", dir, strerror(errno));
	if ((rc = ledger_dir_check(dir, flags & CL_LEDGER_SHARED, &has_data, err)) != CL_OK)
		return rc;
	if (has_data)
		return cl_error_set(err, CL_EEXIST, "'%s' already holds a ledger", dir);

	fields = json_pack("{s:s, s:s, s:s}", "type", "genesis", "origin", origin,
			   "name", cl_seckey_name(owner));
	if (fields == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = cl_record_build(fields, 0, zero, cl_seckey_pubkey(owner), now,
				  &body, &len, err)) != CL_OK)
		goto out;
	if ((rc = cl_record_sign(owner, body, len, sig)) != CL_OK) {
		cl_error_set(err, rc, "cannot sign the genesis");
		goto out;
	}
	if ((rc = cl_chain_new(&chain, err)) != CL_OK)
		goto out;
	if ((rc = cl_chain_push(chain, body, len, sig, 0, &parsed, id, err)) != CL_OK)
		goto out;

	if ((rc = env_open(dir, 0, &l.env, err)) != CL_OK)
		goto out;
	if ((rc = mdb_txn_begin(l.env, NULL, 0, &txn)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot start a write");
		goto out;
	}
	if ((rc = open_dbis(&l, txn, MDB_CREATE, err)) != CL_OK)
		goto out;
	if ((rc = store_put_record(&l, txn, 0, id, sig, body, len, parsed, err)) != CL_OK)
		goto out;
	if ((rc = store_meta_put(txn, l.meta, "format", STORE_FORMAT, strlen(STORE_FORMAT))) != 0 ||
	    (rc = store_meta_put(txn, l.meta, "origin", origin, strlen(origin))) != 0 ||
	    (rc = store_meta_put(txn, l.meta, "owner", cl_seckey_pubkey(owner), CL_PUBKEY_BYTES)) != 0 ||
	    (rc = store_meta_put(txn, l.meta, "owner_name", cl_seckey_name(owner),
				 strlen(cl_seckey_name(owner)))) != 0)
		goto lmdb_fail;
	/* The records that belong with the genesis (init --newsroom's config)
	 * go through the ordinary append, in this same transaction. */
	if (json_array_size(extra) > 0) {
		lk.l = &l;
		lk.txn = txn;
		t.l = &l;
		t.txn = txn;
		t.chain = chain;
		t.lookup = &lk;
		cl_chain_set_lookup(chain, store_lookup_type, &lk);
		for (size_t i = 0; i < json_array_size(extra); i++)
			if ((rc = cl_txn_append(&t, json_array_get(extra, i), owner, now,
						NULL, NULL, err)) != CL_OK)
				goto out;
	}
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0)
		goto lmdb_fail;
	if (genesis_id != NULL)
		memcpy(genesis_id, id, CL_HASH_BYTES);
	rc = CL_OK;
	goto out;

lmdb_fail:
	rc = store_mdb_fail(err, rc, "cannot write the genesis");
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (l.env != NULL)
		mdb_env_close(l.env);
	if (rc != CL_OK && l.env != NULL)
		create_undo(dir);
	cl_chain_free(chain);
	json_decref(fields);
	json_decref(parsed);
	free(body);
	return rc;
}

int cl_ledger_open(const char *dir, unsigned flags, cl_ledger **out, cl_error *err)
{
	cl_ledger *l = NULL;
	MDB_txn *txn = NULL;
	MDB_val v;
	int rc, has_data;

	*out = NULL;
	if ((rc = ledger_dir_check(dir, flags, &has_data, err)) != CL_OK)
		return rc;
	if (!has_data)
		return cl_error_set(err, CL_ENOTFOUND,
				    "no ledger in '%s' (run 'claimledger init' first)", dir);
	if ((l = calloc(1, sizeof *l)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	l->flags = flags;
	if ((rc = env_open(dir, flags, &l->env, err)) != CL_OK)
		goto fail;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read ledger");
		goto fail;
	}
	if ((rc = open_dbis(l, txn, 0, err)) != CL_OK)
		goto fail;
	if (store_meta_get(txn, l->meta, "format", &v) != 0 || v.mv_size != strlen(STORE_FORMAT) ||
	    memcmp(v.mv_data, STORE_FORMAT, v.mv_size) != 0) {
		rc = cl_error_set(err, CL_ESTORE, "'%s' is not a %s store", dir, STORE_FORMAT);
		goto fail;
	}
	map_locate(l, v.mv_data);
	/* Committing a read-only txn keeps the dbi handles for later txns. */
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0) {
		rc = store_mdb_fail(err, rc, "cannot read ledger");
		goto fail;
	}
	*out = l;
	return CL_OK;
fail:
	if (txn != NULL)
		mdb_txn_abort(txn);
	cl_ledger_close(l);
	return cl_error_prefix(err, "'%s'", dir);
}

void cl_ledger_close(cl_ledger *l)
{
	if (l == NULL)
		return;
	if (l->env != NULL)
		mdb_env_close(l->env);
	free(l);
}

/* ---- reading ------------------------------------------------------------ */

/* Size and head of the records db within `txn`. */
int store_read_head(cl_ledger *l, MDB_txn *txn, uint64_t *size,
		    unsigned char last_id[CL_HASH_BYTES], cl_error *err)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->records, &cur)) != 0)
		return store_mdb_fail(err, rc, "cannot read records");
	rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return cl_error_set(err, CL_ESTORE, "ledger has no genesis");
	if (rc != 0)
		return store_mdb_fail(err, rc, "cannot read records");
	if (k.mv_size != 8 || v.mv_size < REC_HDR)
		return cl_error_set(err, CL_ESTORE, "last record is malformed");
	*size = be64_get(k.mv_data) + 1;
	memcpy(last_id, v.mv_data, CL_HASH_BYTES);
	return CL_OK;
}

int store_read_info(cl_ledger *l, MDB_txn *txn, cl_ledger_info *out, cl_error *err)
{
	MDB_val v;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_read_head(l, txn, &out->size, out->last_id, err)) != CL_OK)
		return rc;
	if ((rc = store_meta_get(txn, l->meta, "owner", &v)) != 0)
		return store_mdb_fail(err, rc, "owner");
	if (v.mv_size != CL_PUBKEY_BYTES)
		return cl_error_set(err, CL_ESTORE, "stored owner key is malformed");
	memcpy(out->owner, v.mv_data, CL_PUBKEY_BYTES);
	if ((rc = meta_string(txn, l->meta, "origin", out->origin,
			      sizeof out->origin, err)) != CL_OK)
		return rc;
	return meta_string(txn, l->meta, "owner_name", out->owner_name,
			   sizeof out->owner_name, err);
}

int cl_ledger_read_info(cl_ledger *l, cl_ledger_info *out, cl_error *err)
{
	MDB_txn *txn;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	rc = store_read_info(l, txn, out, err);
	mdb_txn_abort(txn);
	return rc;
}

int cl_ledger_scan(cl_ledger *l, uint64_t from, uint64_t to, cl_record_fn fn,
		   void *ctx, cl_error *err)
{
	return cl_ledger_scan_ex(l, from, to, fn, NULL, ctx, err);
}

int cl_ledger_scan_ex(cl_ledger *l, uint64_t from, uint64_t to, cl_record_fn fn,
		      int (*done)(void *ctx), void *ctx, cl_error *err)
{
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	cl_record r;
	int rc, op = MDB_SET_RANGE;
	uint64_t expect = from;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	if ((rc = mdb_cursor_open(txn, l->records, &cur)) != 0) {
		rc = store_mdb_fail(err, rc, "cannot read records");
		goto out;
	}
	be64_put(key, from);
	while (expect < to && (rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op)) == 0) {
		op = MDB_NEXT;
		if (k.mv_size != 8 || be64_get(k.mv_data) != expect) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": record key is missing or out of order",
					  expect);
			goto out;
		}
		if ((rc = store_record_read(expect, &v, &r, err)) != CL_OK)
			goto out;
		if ((rc = fn(ctx, &r)) != 0)
			goto out;
		expect++;
		if ((expect - from) % SCAN_RELEASE_EVERY == 0)
			store_map_release(l);
		if ((expect - from) % PROGRESS_EVERY == 0)
			store_progress(l, expect - from, to == UINT64_MAX ? 0 : to - from);
	}
	store_progress(l, expect - from, expect - from);
	if (rc == MDB_NOTFOUND || rc == 0)
		rc = done != NULL ? done(ctx) : CL_OK;
	else
		rc = store_mdb_fail(err, rc, "cannot read records");
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

int cl_ledger_get(cl_ledger *l, uint64_t seq, cl_record *out, cl_error *err)
{
	MDB_txn *txn = NULL;
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	char *body;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return store_mdb_fail(err, rc, "cannot read ledger");
	be64_put(key, seq);
	rc = mdb_get(txn, l->records, &k, &v);
	if (rc == MDB_NOTFOUND) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no record %" PRIu64, seq);
		goto out;
	}
	if (rc != 0) {
		rc = store_mdb_fail(err, rc, "cannot read records");
		goto out;
	}
	if ((rc = store_record_read(seq, &v, out, err)) != CL_OK)
		goto out;
	if ((body = malloc(out->body_len + 1)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(body, out->body, out->body_len);
	body[out->body_len] = '\0';
	out->body = body;
out:
	if (rc != CL_OK)
		memset(out, 0, sizeof *out);
	mdb_txn_abort(txn);
	return rc;
}

void cl_record_release(cl_record *r)
{
	if (r == NULL)
		return;
	free((char *)r->body);
	memset(r, 0, sizeof *r);
}

/* ---- write transactions ------------------------------------------------- */

static int restore_editor_cb(void *vctx, const cl_editor *e)
{
	return cl_chain_restore_editor(vctx, e, NULL);
}

int cl_ledger_begin(cl_ledger *l, cl_txn **out, cl_error *err)
{
	cl_txn *t = NULL;
	cl_ledger_info info;
	int rc;

	*out = NULL;
	if (l->flags & CL_LEDGER_RDONLY)
		return cl_error_set(err, CL_EINPUT, "ledger was opened read-only");
	if ((t = calloc(1, sizeof *t)) == NULL ||
	    (t->lookup = calloc(1, sizeof *t->lookup)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto fail;
	}
	t->l = l;
	if ((rc = mdb_txn_begin(l->env, NULL, 0, &t->txn)) != 0) {
		t->txn = NULL;
		rc = store_mdb_fail(err, rc, "cannot start a write");
		goto fail;
	}
	/* The state is read inside the write txn: another process may have
	 * appended since this one opened the ledger. */
	if ((rc = store_read_info(l, t->txn, &info, err)) != CL_OK ||
	    (rc = cl_chain_new(&t->chain, err)) != CL_OK ||
	    (rc = cl_chain_restore(t->chain, info.size, info.last_id, info.owner,
				   info.origin, info.owner_name, err)) != CL_OK)
		goto fail;
	if ((rc = store_editors_each(l, t->txn, restore_editor_cb, t->chain, err)) != CL_OK) {
		if (err != NULL && err->msg[0] == '\0')
			cl_error_set(err, rc, "cannot restore editors");
		goto fail;
	}
	t->lookup->l = l;
	t->lookup->txn = t->txn;
	cl_chain_set_lookup(t->chain, store_lookup_type, t->lookup);
	*out = t;
	return CL_OK;
fail:
	cl_txn_abort(t);
	return rc;
}

const cl_chain *cl_txn_chain(const cl_txn *t)
{
	return t->chain;
}

/* 1 when the ledger's file system has (next to) no room left. */
static int disk_full(cl_ledger *l)
{
	const char *path = NULL;
	struct statvfs vfs;

	if (mdb_env_get_path(l->env, &path) != 0 || path == NULL || statvfs(path, &vfs) != 0)
		return 0;
	return (uint64_t)vfs.f_bavail * vfs.f_frsize < 1024 * 1024;
}

int cl_txn_commit(cl_txn *t, cl_error *err)
{
	int rc;

	if (t->broken) {
		cl_txn_abort(t);
		return cl_error_set(err, CL_ESTORE, "write transaction failed: nothing written");
	}
	rc = mdb_txn_commit(t->txn);
	t->txn = NULL;
	/* LMDB turns a short write into EIO: when the disk is full, say so. */
	if (rc == EIO && disk_full(t->l))
		rc = ENOSPC;
	cl_txn_abort(t);
	return rc == 0 ? CL_OK : store_mdb_fail(err, rc, "cannot commit");
}

void cl_txn_abort(cl_txn *t)
{
	if (t == NULL)
		return;
	if (t->txn != NULL)
		mdb_txn_abort(t->txn);
	cl_chain_free(t->chain);
	free(t->lookup);
	free(t);
}
