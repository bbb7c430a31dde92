/*
 * store.c: the append-only ledger on LMDB (layout in store.h).
 *
 * The store keeps no rule of its own about what may be appended: every
 * record goes through cl_chain_push (record.c), seeded from the state kept
 * in LMDB, so appends and `verify` can never disagree.  The rules that
 * need what only the store holds (the archived articles, a claim's earlier
 * corrections) are one function each, called by the append path and by
 * verify alike: check_document (a claim's quote) and check_correction (the
 * claim view a correction leaves).  What the store adds
 * is atomicity (one write transaction per command), the indexes, and the
 * cross-checks between them and the records that `verify` performs.
 */
#define _GNU_SOURCE /* memmem */
#include "ledger/store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <locale.h>
#include <wchar.h>
#include <wctype.h>
#include <limits.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/quote.h"
#include "ledger/canon.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/search.h"
#include "ledger/url.h"

#define STORE_FORMAT "claimledger-lmdb/1"
#define REC_HDR (CL_HASH_BYTES + CL_SIG_BYTES) /* id || sig before the body */
#define EDITOR_VAL_MIN (CL_PUBKEY_BYTES + 8)    /* pk || revoked || name */
#define NOT_REVOKED UINT64_MAX
/* Virtual size reserved for the map; the file grows only as data is written. */
#define MAP_SIZE ((size_t)1 << 38)

struct cl_ledger {
	MDB_env *env;
	MDB_dbi records, ids, editors, meta, tree, checkpoints, documents, aliases;
	MDB_dbi idx[CL_INDEX_COUNT]; /* by speaker, source, date, type, refs */
	unsigned flags;
	unsigned threads;            /* 0: every online CPU */
	cl_progress_fn progress;
	void *progress_ctx;
	uintptr_t map_base, map_end; /* LMDB's map (map_release), 0: unknown */
};

struct cl_txn {
	cl_ledger *l;
	MDB_txn *txn;
	cl_chain *chain;
	struct lookup_ctx *lookup;
	int broken; /* an LMDB write failed after the chain advanced */
};

/* What the chain's id lookup reads: ids below `limit` only, so a verdict
 * can never point at a record that comes after it. */
struct lookup_ctx {
	cl_ledger *l;
	MDB_txn *txn;
	uint64_t limit;
};

/* ---- small helpers ------------------------------------------------------ */

/* Records between two progress reports. */
#define PROGRESS_EVERY 4096
/* Records between two looks at the resident map, released when it holds
 * more than MAP_RESIDENT_MAX.  A verify or an import touches a few random
 * pages per record (ids, tree, the indexes), and each fault maps the
 * kernel's fault-around window (or large folio) of cached pages, so it is
 * looked at often. */
#define RELEASE_EVERY 64
#define MAP_RESIDENT_MAX ((size_t)28 << 20)
/* A plain scan reads the records in order, a page per ~10 of them. */
#define SCAN_RELEASE_EVERY 4096

void cl_ledger_set_threads(cl_ledger *l, unsigned n)
{
	l->threads = n;
}

void cl_ledger_set_progress(cl_ledger *l, cl_progress_fn fn, void *ctx)
{
	l->progress = fn;
	l->progress_ctx = ctx;
}

static unsigned ledger_threads(const cl_ledger *l)
{
	long n;

	if (l->threads > 0)
		return l->threads > 64 ? 64 : l->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static void progress(const cl_ledger *l, uint64_t done, uint64_t total)
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

static void map_release(cl_ledger *l)
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

/*
 * A small pool for independent jobs 0, 1, 2, ...: the caller publishes
 * how far jobs may run and waits for a prefix of them, taking jobs itself
 * while it waits, so one thread means no worker at all.  Jobs are
 * numbered, each writes only its own slot, so the result never depends on
 * which thread ran what.
 */
#define POOL_RING 16384 /* jobs in flight at most (done flags kept) */

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done_cv;
	void (*fn)(void *ctx, uint64_t job);
	void *ctx;
	uint64_t published, next, low; /* jobs < low are done */
	unsigned char done[POOL_RING];
	int quit;
	pthread_t th[64];
	unsigned nth;
};

static void pool_run(struct pool *p, uint64_t job)
{
	p->fn(p->ctx, job);
	pthread_mutex_lock(&p->mu);
	p->done[job % POOL_RING] = 1;
	pthread_cond_broadcast(&p->done_cv);
	pthread_mutex_unlock(&p->mu);
}

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	uint64_t job;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next >= p->published && !p->quit)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->next >= p->published)
			break;
		job = p->next++;
		pthread_mutex_unlock(&p->mu);
		pool_run(p, job);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Start with `threads` threads in all (the caller counts as one). */
static void pool_start(struct pool *p, unsigned threads,
		       void (*fn)(void *, uint64_t), void *ctx)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	p->fn = fn;
	p->ctx = ctx;
	for (unsigned i = 1; i < threads && p->nth < 64; i++)
		if (pthread_create(&p->th[p->nth], NULL, pool_worker, p) == 0)
			p->nth++;
}

/* Jobs below `upto` may run (upto - low must stay within POOL_RING). */
static void pool_publish(struct pool *p, uint64_t upto)
{
	pthread_mutex_lock(&p->mu);
	if (upto > p->published) {
		p->published = upto;
		pthread_cond_broadcast(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Return once every job below `upto` (<= published) is done. */
static void pool_wait(struct pool *p, uint64_t upto)
{
	pthread_mutex_lock(&p->mu);
	while (p->low < upto) {
		if (p->done[p->low % POOL_RING]) {
			p->done[p->low % POOL_RING] = 0;
			p->low++;
		} else if (p->next < p->published) {
			uint64_t job = p->next++;
			pthread_mutex_unlock(&p->mu);
			pool_run(p, job);
			pthread_mutex_lock(&p->mu);
		} else {
			pthread_cond_wait(&p->done_cv, &p->mu);
		}
	}
	pthread_mutex_unlock(&p->mu);
}

/* Finish what was published and join the workers. */
static void pool_stop(struct pool *p)
{
	pool_wait(p, p->published);
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done_cv);
}

static void be64_put(unsigned char out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		out[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t be64_get(const unsigned char in[8])
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | in[i];
	return v;
}

/* Map an LMDB or errno code to ours, with `what` as context. */
static int mdb_fail(cl_error *err, int rc, const char *what)
{
	int code = CL_ESTORE;

	if (rc == ENOSPC || rc == MDB_MAP_FULL || rc == EIO || rc == EACCES ||
	    rc == EROFS || rc == EPERM || rc == ENOMEM)
		code = CL_EIO;
	if (rc == ENOSPC)
		return cl_error_set(err, code, "%s: no space left on device", what);
	return cl_error_set(err, code, "%s: %s", what, mdb_strerror(rc));
}

static int meta_get(MDB_txn *txn, MDB_dbi dbi, const char *name, MDB_val *out)
{
	MDB_val k = { strlen(name), (void *)name };
	return mdb_get(txn, dbi, &k, out);
}

static int meta_put(MDB_txn *txn, MDB_dbi dbi, const char *name,
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
	int rc = meta_get(txn, dbi, name, &v);

	if (rc != 0)
		return mdb_fail(err, rc, name);
	if (v.mv_size >= cap)
		return cl_error_set(err, CL_ESTORE, "meta '%s' is too long", name);
	memcpy(out, v.mv_data, v.mv_size);
	out[v.mv_size] = '\0';
	return CL_OK;
}

/* Decode a stored record value; CL_EINTEGRITY when it cannot hold one. */
static int record_from_val(uint64_t seq, const MDB_val *v, cl_record *r,
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
static int record_read(uint64_t seq, const MDB_val *v, cl_record *r, cl_error *err)
{
	unsigned char id[CL_HASH_BYTES];
	int rc = record_from_val(seq, v, r, err);

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
		return mdb_fail(err, rc, "cannot open databases");
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
	return mdb_fail(err, rc, "cannot open ledger");
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
static cl_type lookup_type(void *vctx, const unsigned char id[CL_HASH_BYTES])
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

/* ---- the Merkle tree ---------------------------------------------------- */

/*
 * Perfect-subtree hashes (merkle.h) keyed by the leaf that completes them,
 * then level: node (k, i) is complete once leaf ((i + 1) << k) - 1 is in,
 * so the nodes each append writes sort after all earlier ones and go in
 * with MDB_APPEND, densely packed.
 */
static void tree_key(unsigned char key[9], unsigned level, uint64_t index)
{
	be64_put(key, ((index + 1) << level) - 1);
	key[8] = (unsigned char)level;
}

struct tree_ctx {
	MDB_txn *txn;
	MDB_dbi dbi;
};

static int tree_get(void *vctx, unsigned level, uint64_t index,
		    unsigned char out[CL_HASH_BYTES])
{
	struct tree_ctx *ctx = vctx;
	unsigned char key[9];
	MDB_val k = { 9, key }, v;
	int rc;

	tree_key(key, level, index);
	rc = mdb_get(ctx->txn, ctx->dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		return CL_ENOTFOUND;
	if (rc != 0)
		return CL_ESTORE;
	if (v.mv_size != CL_HASH_BYTES)
		return CL_EINTEGRITY;
	memcpy(out, v.mv_data, CL_HASH_BYTES);
	return CL_OK;
}

/* Add leaf `seq` (its body) to the stored tree. */
static int tree_append(cl_ledger *l, MDB_txn *txn, uint64_t seq, const char *body,
		       size_t len, cl_error *err)
{
	struct tree_ctx ctx = { txn, l->tree };
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	unsigned char leaf[CL_HASH_BYTES], key[9];
	MDB_val k = { 9, key }, v;
	size_t n = 0;
	int rc;

	cl_merkle_leaf_hash(leaf, body, len);
	if ((rc = cl_merkle_append_nodes(tree_get, &ctx, seq, leaf, nodes, &n, err)) != CL_OK)
		return cl_error_prefix(err, "seq %" PRIu64 ": merkle tree", seq);
	for (size_t i = 0; i < n; i++) {
		tree_key(key, nodes[i].level, nodes[i].index);
		v.mv_size = CL_HASH_BYTES;
		v.mv_data = nodes[i].hash;
		if ((rc = mdb_put(txn, l->tree, &k, &v, MDB_APPEND)) != 0)
			return mdb_fail(err, rc, "cannot write the merkle tree");
	}
	return CL_OK;
}

/* ---- query indexes ------------------------------------------------------ */

/*
 * Each index key is the indexed value, a 0x00 separator and the seq (8 BE),
 * with an empty value: records of one value are adjacent and in seq order,
 * so a query walks one key range forwards or backwards.  Values are cut to
 * CL_INDEX_VALUE_MAX bytes to fit LMDB's key limit; a query re-checks the
 * record itself, so a cut value can only cost a wasted read.
 */
#define CL_INDEX_VALUE_MAX 400

/* Case-fold UTF-8 for the speaker index (towlower in the C.UTF-8 locale,
 * held privately so the process's locale is untouched); invalid bytes and
 * everything without a lowercase form are copied as they are. */
size_t cl_fold(char *out, size_t cap, const char *s)
{
	static locale_t utf8;
	static int tried;
	size_t n = 0, len = strlen(s);
	mbstate_t st;

	if (!tried) {
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		tried = 1;
	}
	memset(&st, 0, sizeof st);
	while (*s != '\0' && n < cap) {
		wchar_t wc;
		if ((unsigned char)*s < 0x80) {
			/* ASCII: towlower of C.UTF-8 is A-Z to a-z, and the shift
			 * state is still the initial one. */
			out[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
			s++;
			len--;
			continue;
		}
		size_t k = (size_t)-1;
		char buf[8];
		if (utf8 != (locale_t)0) {
			locale_t old = uselocale(utf8);
			k = mbrtowc(&wc, s, len, &st);
			if (k != (size_t)-1 && k != (size_t)-2 && k != 0) {
				mbstate_t ost;
				size_t m;
				memset(&ost, 0, sizeof ost);
				m = wcrtomb(buf, (wchar_t)towlower((wint_t)wc), &ost);
				if (m != (size_t)-1 && n + m <= cap) {
					memcpy(out + n, buf, m);
					n += m;
				} else {
					k = (size_t)-1;
				}
			}
			uselocale(old);
		}
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			out[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
			k = 1;
		}
		s += k;
		len -= k;
	}
	return n;
}

/* The index value of record `body` for index `which`, into val (cap bytes);
 * 0 when the record is not in that index. */
static size_t index_value(int which, const json_t *body, unsigned char *val, size_t cap)
{
	const char *type = json_string_value(json_object_get(body, "type"));
	const char *s = NULL;
	cl_type t = cl_type_from_name(type);
	size_t n;

	switch (which) {
	case CL_INDEX_SPEAKER:
		if (t != CL_TYPE_CLAIM)
			return 0;
		return cl_fold((char *)val, cap, json_string_value(json_object_get(body, "speaker")));
	case CL_INDEX_SOURCE:
		s = t == CL_TYPE_CLAIM ? json_string_value(json_object_get(body, "source")) : NULL;
		break;
	case CL_INDEX_DATE:
		/* A claim's date is when it was made; others, the day recorded. */
		s = json_string_value(json_object_get(body, t == CL_TYPE_CLAIM ? "date" : "time"));
		if (s == NULL)
			return 0;
		memcpy(val, s, 10);
		return 10;
	case CL_INDEX_TYPE:
		s = type;
		break;
	case CL_INDEX_REF:
		s = t == CL_TYPE_VERDICT ? json_string_value(json_object_get(body, "claim"))
		  : t == CL_TYPE_CORRECTION ? json_string_value(json_object_get(body, "target"))
		  : NULL;
		if (s == NULL || cl_hex_decode(val, CL_HASH_BYTES, s, strlen(s)) != CL_OK)
			return 0;
		return CL_HASH_BYTES;
	}
	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n > cap)
		n = cap;
	memcpy(val, s, n);
	return n;
}

/* key = value || 0x00 || seq (8 BE); returns the key length. */
static size_t index_key(unsigned char *key, const unsigned char *val, size_t n, uint64_t seq)
{
	memmove(key, val, n);
	key[n] = 0;
	be64_put(key + n + 1, seq);
	return n + 9;
}

static int index_put(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		     cl_error *err)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];
	MDB_val k = { 0, key }, v = { 0, NULL };
	int rc;

	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		size_t n = index_value(i, body, key, CL_INDEX_VALUE_MAX);
		if (n == 0)
			continue;
		k.mv_size = index_key(key, key, n, seq);
		if ((rc = mdb_put(txn, l->idx[i], &k, &v, 0)) != 0)
			return mdb_fail(err, rc, "cannot write an index");
	}
	return CL_OK;
}

/* verify: the entries record `seq` implies are there; counted for later. */
static int index_check(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		       uint64_t counts[CL_INDEX_COUNT], cl_error *err)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];
	MDB_val k = { 0, key }, v;

	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		size_t n = index_value(i, body, key, CL_INDEX_VALUE_MAX);
		if (n == 0)
			continue;
		k.mv_size = index_key(key, key, n, seq);
		if (mdb_get(txn, l->idx[i], &k, &v) != 0 || v.mv_size != 0)
			return cl_error_set(err, CL_EINTEGRITY,
					    "seq %" PRIu64 ": missing from the %s index", seq,
					    cl_index_name(i));
		counts[i]++;
	}
	return CL_OK;
}

/*
 * How a full verify checks the ids index and the five query indexes
 * without a random lookup per record (at N=1M those lookups miss the
 * map nearly every time, and the page faults cost more than the rest of
 * the record): it draws a secret key, sums the keyed hashes (cl_prf) of
 * the entries the records imply, then reads each database once in key
 * order and sums the keyed hashes of the entries it holds.  The sums are
 * four 64-bit lanes added mod 2^64.  An entry is tag || key length (2
 * bytes) || key || value, so no two different entries hash alike unless
 * the hash collides.  Nobody who can change the file knows the key, so
 * the two sums are equal only when the sets are (but with probability
 * 2^-256), and the entry counts are compared too.  When they differ, the
 * verify runs again with a lookup per record (CL_VERIFY_LOOKUPS), which
 * names the first seq at fault.  A verify from a mark looks up: its few
 * records are cheap, and the old entries are not summed.
 */
#define DIGEST_DBS (CL_INDEX_COUNT + 1) /* the indexes, then ids */
#define DIGEST_IDS CL_INDEX_COUNT
#define DIGEST_ENTRY_MAX (1 + 2 + CL_INDEX_VALUE_MAX + 9 + 8)

static void digest_add(uint64_t acc[4], const unsigned char key[CL_PRF_KEY_BYTES], int tag,
		       const void *k, size_t kn, const void *v, size_t vn)
{
	unsigned char buf[DIGEST_ENTRY_MAX], h[CL_PRF_BYTES];
	size_t n = 0;

	buf[n++] = (unsigned char)tag;
	buf[n++] = (unsigned char)(kn >> 8);
	buf[n++] = (unsigned char)kn;
	memcpy(buf + n, k, kn);
	n += kn;
	if (vn > 0)
		memcpy(buf + n, v, vn);
	n += vn;
	cl_prf(h, key, buf, n);
	for (int i = 0; i < 4; i++) {
		uint64_t w;
		memcpy(&w, h + 8 * i, 8);
		acc[i] += w;
	}
}

/* verify (digest mode): sum the entries record `seq` implies; counted. */
static void index_digest(uint64_t want[][4], const unsigned char prf_key[CL_PRF_KEY_BYTES],
			 uint64_t seq, const json_t *body, uint64_t counts[CL_INDEX_COUNT])
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];

	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		size_t n = index_value(i, body, key, CL_INDEX_VALUE_MAX);
		if (n == 0)
			continue;
		n = index_key(key, key, n, seq);
		digest_add(want[i], prf_key, i, key, n, NULL, 0);
		counts[i]++;
	}
}

const char *cl_index_name(int which)
{
	static const char *const names[CL_INDEX_COUNT] = { "speaker", "source", "date",
							   "type", "reference" };
	return which >= 0 && which < CL_INDEX_COUNT ? names[which] : "unknown";
}

/*
 * Write record `seq` and what derives from it alone: the records value
 * (id || sig || body, appended), its ids entry, its Merkle nodes and its
 * index entries.  The genesis and every append go through here.
 */
static int put_record(cl_ledger *l, MDB_txn *txn, uint64_t seq,
		      const unsigned char id[CL_HASH_BYTES],
		      const unsigned char sig[CL_SIG_BYTES], const char *body,
		      size_t len, const json_t *parsed, cl_error *err)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v = { REC_HDR + len, NULL };
	int rc;

	be64_put(key, seq);
	if ((rc = mdb_put(txn, l->records, &k, &v, MDB_APPEND | MDB_RESERVE)) != 0)
		return mdb_fail(err, rc, "cannot append record");
	memcpy(v.mv_data, id, CL_HASH_BYTES);
	memcpy((unsigned char *)v.mv_data + CL_HASH_BYTES, sig, CL_SIG_BYTES);
	memcpy((unsigned char *)v.mv_data + REC_HDR, body, len);
	k.mv_size = CL_HASH_BYTES;
	k.mv_data = (void *)id;
	v.mv_size = 8;
	v.mv_data = key;
	if ((rc = mdb_put(txn, l->ids, &k, &v, MDB_NOOVERWRITE)) != 0)
		return rc == MDB_KEYEXIST
			? cl_error_set(err, CL_EINTEGRITY, "seq %" PRIu64 ": id already in the ledger", seq)
			: mdb_fail(err, rc, "cannot index record");
	if ((rc = tree_append(l, txn, seq, body, len, err)) != CL_OK)
		return rc;
	return index_put(l, txn, seq, parsed, err);
}

/* ---- create, open, close ---------------------------------------------- */

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
		rc = mdb_fail(err, rc, "cannot start a write");
		goto out;
	}
	if ((rc = open_dbis(&l, txn, MDB_CREATE, err)) != CL_OK)
		goto out;
	if ((rc = put_record(&l, txn, 0, id, sig, body, len, parsed, err)) != CL_OK)
		goto out;
	if ((rc = meta_put(txn, l.meta, "format", STORE_FORMAT, strlen(STORE_FORMAT))) != 0 ||
	    (rc = meta_put(txn, l.meta, "origin", origin, strlen(origin))) != 0 ||
	    (rc = meta_put(txn, l.meta, "owner", cl_seckey_pubkey(owner), CL_PUBKEY_BYTES)) != 0 ||
	    (rc = meta_put(txn, l.meta, "owner_name", cl_seckey_name(owner),
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
		cl_chain_set_lookup(chain, lookup_type, &lk);
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
	rc = mdb_fail(err, rc, "cannot write the genesis");
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
		rc = mdb_fail(err, rc, "cannot read ledger");
		goto fail;
	}
	if ((rc = open_dbis(l, txn, 0, err)) != CL_OK)
		goto fail;
	if (meta_get(txn, l->meta, "format", &v) != 0 || v.mv_size != strlen(STORE_FORMAT) ||
	    memcmp(v.mv_data, STORE_FORMAT, v.mv_size) != 0) {
		rc = cl_error_set(err, CL_ESTORE, "'%s' is not a %s store", dir, STORE_FORMAT);
		goto fail;
	}
	map_locate(l, v.mv_data);
	/* Committing a read-only txn keeps the dbi handles for later txns. */
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0) {
		rc = mdb_fail(err, rc, "cannot read ledger");
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

/* ---- reading ---------------------------------------------------------- */

/* Size and head of the records db within `txn`. */
static int read_head(cl_ledger *l, MDB_txn *txn, uint64_t *size,
		     unsigned char last_id[CL_HASH_BYTES], cl_error *err)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->records, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read records");
	rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return cl_error_set(err, CL_ESTORE, "ledger has no genesis");
	if (rc != 0)
		return mdb_fail(err, rc, "cannot read records");
	if (k.mv_size != 8 || v.mv_size < REC_HDR)
		return cl_error_set(err, CL_ESTORE, "last record is malformed");
	*size = be64_get(k.mv_data) + 1;
	memcpy(last_id, v.mv_data, CL_HASH_BYTES);
	return CL_OK;
}

static int read_info(cl_ledger *l, MDB_txn *txn, cl_ledger_info *out, cl_error *err)
{
	MDB_val v;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = read_head(l, txn, &out->size, out->last_id, err)) != CL_OK)
		return rc;
	if ((rc = meta_get(txn, l->meta, "owner", &v)) != 0)
		return mdb_fail(err, rc, "owner");
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
		return mdb_fail(err, rc, "cannot read ledger");
	rc = read_info(l, txn, out, err);
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
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = mdb_cursor_open(txn, l->records, &cur)) != 0) {
		rc = mdb_fail(err, rc, "cannot read records");
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
		if ((rc = record_read(expect, &v, &r, err)) != CL_OK)
			goto out;
		if ((rc = fn(ctx, &r)) != 0)
			goto out;
		expect++;
		if ((expect - from) % SCAN_RELEASE_EVERY == 0)
			map_release(l);
		if ((expect - from) % PROGRESS_EVERY == 0)
			progress(l, expect - from, to == UINT64_MAX ? 0 : to - from);
	}
	progress(l, expect - from, expect - from);
	if (rc == MDB_NOTFOUND || rc == 0)
		rc = done != NULL ? done(ctx) : CL_OK;
	else
		rc = mdb_fail(err, rc, "cannot read records");
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
		return mdb_fail(err, rc, "cannot read ledger");
	be64_put(key, seq);
	rc = mdb_get(txn, l->records, &k, &v);
	if (rc == MDB_NOTFOUND) {
		rc = cl_error_set(err, CL_ENOTFOUND, "no record %" PRIu64, seq);
		goto out;
	}
	if (rc != 0) {
		rc = mdb_fail(err, rc, "cannot read records");
		goto out;
	}
	if ((rc = record_read(seq, &v, out, err)) != CL_OK)
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

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/* 1 when the first `nibbles` hex digits of `id` are those of `prefix`. */
static int id_has_prefix(const unsigned char *id, const char *prefix, size_t nibbles)
{
	for (size_t i = 0; i < nibbles; i++) {
		int nib = (i % 2 == 0) ? id[i / 2] >> 4 : id[i / 2] & 0x0f;
		if (nib != hexval(prefix[i]))
			return 0;
	}
	return 1;
}

/* `s` (`n` bytes) as a decimal seq: 1 to 19 digits, no sign; 0 or -1. */
static int seq_parse(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 19)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* 1 when cl_ledger_resolve looks `ref` up among the ids: 8 to 64 hex digits. */
static int ref_is_id_prefix(const char *ref)
{
	size_t n = strlen(ref);

	return n >= 8 && n <= CL_ID_HEX && is_hex(ref, n);
}

int cl_resolve_decide(const char *ref, uint64_t size, int id_matches, uint64_t id_seq,
		      uint64_t *seq, cl_error *err)
{
	size_t n = strlen(ref);
	uint64_t s = 0;
	int is_seq;

	if (strncmp(ref, "seq:", 4) == 0) {
		if (seq_parse(ref + 4, n - 4, &s) != 0)
			return cl_error_set(err, CL_EINPUT, "'%s' is not a record: seq:N "
					    "takes a decimal seq", ref);
		is_seq = 1;
	} else if (n > 0 && n < 8 && seq_parse(ref, n, &s) == 0) {
		is_seq = 1; /* 1..7 digits: always a seq */
	} else if (!ref_is_id_prefix(ref)) {
		return cl_error_set(err, CL_EINPUT, "'%s' is not a record: give a seq "
				    "number (or seq:N) or at least 8 hex digits of an id", ref);
	} else {
		/* 8+ digits: a seq too when that record exists. */
		is_seq = seq_parse(ref, n, &s) == 0 && s < size;
		if (is_seq && id_matches > 1)
			return cl_error_set(err, CL_EINPUT, "'%s' is both seq %" PRIu64 " and "
					    "the start of more than one id: write seq:%" PRIu64
					    " for the seq, or more hex digits for an id",
					    ref, s, s);
		if (is_seq && id_matches == 1)
			return cl_error_set(err, CL_EINPUT, "'%s' is both seq %" PRIu64 " and "
					    "the start of the id of record %" PRIu64 ": write seq:%"
					    PRIu64 " for the seq, or more hex digits for the id",
					    ref, s, id_seq, s);
		if (!is_seq && id_matches > 1)
			return cl_error_set(err, CL_EINPUT, "id prefix '%s' is ambiguous: "
					    "give more digits", ref);
		if (!is_seq && id_matches == 1) {
			*seq = id_seq;
			return CL_OK;
		}
		if (!is_seq && seq_parse(ref, n, &s) == 0)
			return cl_error_set(err, CL_ENOTFOUND, "no record '%s': no id starts "
					    "with it and there is no seq %s (the ledger has %"
					    PRIu64 ")", ref, ref, size);
		if (!is_seq)
			return cl_error_set(err, CL_ENOTFOUND, "no record with id '%s'", ref);
	}
	if (s >= size)
		return cl_error_set(err, CL_ENOTFOUND, "no record %" PRIu64
				    " (the ledger has %" PRIu64 ")", s, size);
	*seq = s;
	return CL_OK;
}

int cl_ledger_resolve(cl_ledger *l, const char *ref, uint64_t *seq, cl_error *err)
{
	size_t n = strlen(ref);
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	unsigned char start[CL_HASH_BYTES] = { 0 };
	MDB_val k = { CL_HASH_BYTES, start }, v;
	cl_ledger_info info;
	uint64_t id_seq = 0;
	int rc, matches = 0;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = read_info(l, txn, &info, err)) != CL_OK)
		goto out;
	/* The ids that start with it: none, one (its seq) or more. */
	if (ref_is_id_prefix(ref)) {
		for (size_t i = 0; i < n; i++)
			start[i / 2] |= (unsigned char)(hexval(ref[i]) << ((i % 2) ? 0 : 4));
		if ((rc = mdb_cursor_open(txn, l->ids, &cur)) != 0) {
			rc = mdb_fail(err, rc, "cannot read ids");
			goto out;
		}
		rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		if (rc == 0 && k.mv_size == CL_HASH_BYTES && id_has_prefix(k.mv_data, ref, n)) {
			if (v.mv_size != 8) {
				rc = cl_error_set(err, CL_ESTORE, "id index entry is malformed");
				goto out;
			}
			id_seq = be64_get(v.mv_data);
			matches = 1;
			if (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0 &&
			    k.mv_size == CL_HASH_BYTES && id_has_prefix(k.mv_data, ref, n))
				matches = 2;
		}
	}
	rc = cl_resolve_decide(ref, info.size, matches, id_seq, seq, err);
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

/* Editor entries: key = added seq (8 BE), value = pk || revoked (8 BE) || name. */
static int editor_from_kv(const MDB_val *k, const MDB_val *v, cl_editor *e)
{
	size_t name_len;

	if (k->mv_size != 8 || v->mv_size <= EDITOR_VAL_MIN ||
	    v->mv_size - EDITOR_VAL_MIN > CL_KEYNAME_MAX)
		return CL_ESTORE;
	memset(e, 0, sizeof *e);
	e->added = be64_get(k->mv_data);
	memcpy(e->pk, v->mv_data, CL_PUBKEY_BYTES);
	e->revoked = be64_get((const unsigned char *)v->mv_data + CL_PUBKEY_BYTES);
	name_len = v->mv_size - EDITOR_VAL_MIN;
	memcpy(e->name, (const char *)v->mv_data + EDITOR_VAL_MIN, name_len);
	e->name[name_len] = '\0';
	return CL_OK;
}

/* Call fn for each stored (non-owner) editor in the order added. */
static int editors_each(cl_ledger *l, MDB_txn *txn,
			int (*fn)(void *, const cl_editor *), void *ctx, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	cl_editor e;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->editors, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read editors");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		if (editor_from_kv(&k, &v, &e) != CL_OK) {
			rc = cl_error_set(err, CL_EINTEGRITY, "editor index entry is malformed");
			break;
		}
		if ((rc = fn(ctx, &e)) != CL_OK)
			break;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

struct editor_list {
	cl_editor *v;
	size_t n, cap;
};

static int editor_list_add(void *vctx, const cl_editor *e)
{
	struct editor_list *list = vctx;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		cl_editor *nv = realloc(list->v, cap * sizeof *nv);
		if (nv == NULL)
			return CL_ENOMEM;
		list->v = nv;
		list->cap = cap;
	}
	list->v[list->n++] = *e;
	return CL_OK;
}

int cl_ledger_editors(cl_ledger *l, cl_editor **out, size_t *n, cl_error *err)
{
	struct editor_list list = { 0 };
	cl_ledger_info info;
	cl_editor owner = { .added = 0, .revoked = NOT_REVOKED, .is_owner = 1 };
	MDB_txn *txn;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = read_info(l, txn, &info, err)) != CL_OK)
		goto out;
	memcpy(owner.pk, info.owner, CL_PUBKEY_BYTES);
	memcpy(owner.name, info.owner_name, sizeof owner.name);
	if ((rc = editor_list_add(&list, &owner)) != CL_OK ||
	    (rc = editors_each(l, txn, editor_list_add, &list, err)) != CL_OK) {
		if (rc == CL_ENOMEM)
			cl_error_set(err, rc, "out of memory");
		free(list.v);
		goto out;
	}
	*out = list.v;
	*n = list.n;
out:
	mdb_txn_abort(txn);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

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
		rc = mdb_fail(err, rc, "cannot start a write");
		goto fail;
	}
	/* The state is read inside the write txn: another process may have
	 * appended since this one opened the ledger. */
	if ((rc = read_info(l, t->txn, &info, err)) != CL_OK ||
	    (rc = cl_chain_new(&t->chain, err)) != CL_OK ||
	    (rc = cl_chain_restore(t->chain, info.size, info.last_id, info.owner,
				   info.origin, info.owner_name, err)) != CL_OK)
		goto fail;
	if ((rc = editors_each(l, t->txn, restore_editor_cb, t->chain, err)) != CL_OK) {
		if (err != NULL && err->msg[0] == '\0')
			cl_error_set(err, rc, "cannot restore editors");
		goto fail;
	}
	t->lookup->l = l;
	t->lookup->txn = t->txn;
	cl_chain_set_lookup(t->chain, lookup_type, t->lookup);
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

/* Write the index entries an editor record implies. */
static int apply_editor(cl_txn *t, uint64_t seq, const json_t *body, cl_error *err)
{
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *name = json_string_value(json_object_get(body, "name"));
	const char *pub = json_string_value(json_object_get(body, "pubkey"));
	unsigned char key[8], val[EDITOR_VAL_MIN + CL_KEYNAME_MAX];
	MDB_val k = { 8, key }, v;
	MDB_cursor *cur = NULL;
	size_t name_len = strlen(name), pk_len;
	cl_editor e;
	int rc;

	if (strcmp(action, "add") == 0) {
		if (cl_b64_decode(val, CL_PUBKEY_BYTES, &pk_len, pub, strlen(pub)) != CL_OK ||
		    pk_len != CL_PUBKEY_BYTES)
			return cl_error_set(err, CL_EINPUT, "editor.pubkey is malformed");
		be64_put(key, seq);
		be64_put(val + CL_PUBKEY_BYTES, NOT_REVOKED);
		memcpy(val + EDITOR_VAL_MIN, name, name_len);
		v.mv_size = EDITOR_VAL_MIN + name_len;
		v.mv_data = val;
		if ((rc = mdb_put(t->txn, t->l->editors, &k, &v, MDB_APPEND)) != 0)
			return mdb_fail(err, rc, "cannot write editor");
		return CL_OK;
	}
	/* revoke: mark the active entry with this name (the chain checked it). */
	if ((rc = mdb_cursor_open(t->txn, t->l->editors, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read editors");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		if (editor_from_kv(&k, &v, &e) != CL_OK)
			continue;
		if (e.revoked == NOT_REVOKED && strcmp(e.name, name) == 0) {
			memcpy(val, v.mv_data, v.mv_size);
			be64_put(val + CL_PUBKEY_BYTES, seq);
			v.mv_data = val;
			rc = mdb_cursor_put(cur, &k, &v, MDB_CURRENT);
			mdb_cursor_close(cur);
			return rc == 0 ? CL_OK : mdb_fail(err, rc, "cannot write editor");
		}
	}
	mdb_cursor_close(cur);
	return cl_error_set(err, CL_ESTORE, "editor index has no active '%s'", name);
}

/* ---- aliases ------------------------------------------------------------ */

/* The aliases key: the alias with ASCII letters lowercased, cut to fit
 * LMDB's key limit (the value keeps the alias as written). */
static size_t alias_key(unsigned char *key, size_t cap, const char *alias)
{
	size_t n = 0;

	for (; alias[n] != '\0' && n < cap; n++)
		key[n] = (unsigned char)((alias[n] >= 'A' && alias[n] <= 'Z')
					 ? alias[n] - 'A' + 'a' : alias[n]);
	return n;
}

#define ALIAS_KEY_MAX 400

/* The aliases value for an add record: seq (8 BE) || alias || NUL ||
 * speaker.  alias_val_len first, then alias_val_fill into that many bytes. */
static size_t alias_val_len(const char *alias, const char *speaker)
{
	return 8 + strlen(alias) + 1 + strlen(speaker);
}

static void alias_val_fill(unsigned char *out, uint64_t seq, const char *alias,
			   const char *speaker)
{
	size_t alen = strlen(alias);

	be64_put(out, seq);
	memcpy(out + 8, alias, alen + 1);
	memcpy(out + 8 + alen + 1, speaker, strlen(speaker));
}

/* `add` puts the alias's value under its key; `remove` deletes it. */
static int apply_alias(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
		       cl_error *err)
{
	const char *alias = json_string_value(json_object_get(body, "alias"));
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *speaker = json_string_value(json_object_get(body, "speaker"));
	unsigned char key[ALIAS_KEY_MAX];
	MDB_val k = { 0, key }, v;
	int rc;

	k.mv_size = alias_key(key, sizeof key, alias);
	if (strcmp(action, "remove") == 0) {
		rc = mdb_del(txn, l->aliases, &k, NULL);
		return rc == 0 || rc == MDB_NOTFOUND ? CL_OK
						      : mdb_fail(err, rc, "cannot write aliases");
	}
	v.mv_size = alias_val_len(alias, speaker);
	if ((rc = mdb_put(txn, l->aliases, &k, &v, MDB_RESERVE)) != 0)
		return mdb_fail(err, rc, "cannot write aliases");
	alias_val_fill(v.mv_data, seq, alias, speaker);
	return CL_OK;
}

/* Split an aliases value into its parts (copied, NUL-terminated). */
static int alias_from_val(const MDB_val *v, uint64_t *seq, char **alias, char **speaker)
{
	const char *p = (const char *)v->mv_data + 8, *nul;
	size_t rest;

	*alias = *speaker = NULL;
	if (v->mv_size < 8 + 2)
		return CL_EINTEGRITY;
	rest = v->mv_size - 8;
	if ((nul = memchr(p, '\0', rest)) == NULL)
		return CL_EINTEGRITY;
	*seq = be64_get(v->mv_data);
	*alias = strdup(p);
	*speaker = strndup(nul + 1, rest - (size_t)(nul + 1 - p));
	if (*alias == NULL || *speaker == NULL) {
		free(*alias);
		free(*speaker);
		*alias = *speaker = NULL;
		return CL_ENOMEM;
	}
	return CL_OK;
}

int cl_ledger_aliases(cl_ledger *l, cl_alias_fn fn, void *ctx, cl_error *err)
{
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	char *alias, *speaker;
	uint64_t seq;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = mdb_cursor_open(txn, l->aliases, &cur)) != 0) {
		rc = mdb_fail(err, rc, "cannot read aliases");
		goto out;
	}
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		if ((rc = alias_from_val(&v, &seq, &alias, &speaker)) != CL_OK) {
			rc = cl_error_set(err, rc, rc == CL_ENOMEM ? "out of memory"
								   : "alias index entry is malformed");
			goto out;
		}
		rc = fn(ctx, alias, speaker);
		free(alias);
		free(speaker);
		if (rc != 0)
			goto out;
	}
	rc = rc == MDB_NOTFOUND ? CL_OK : mdb_fail(err, rc, "cannot read aliases");
out:
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

/* ---- documents ---------------------------------------------------------- */

int cl_txn_put_document(cl_txn *t, const void *buf, size_t len,
			unsigned char id_out[CL_HASH_BYTES], cl_error *err)
{
	unsigned char id[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v = { len, (void *)buf };
	int rc;

	if (t->broken)
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	if (len > CL_DOCUMENT_MAX)
		return cl_error_set(err, CL_EINPUT, "document of %zu bytes: more than %u",
				    len, CL_DOCUMENT_MAX);
	cl_sha256(id, buf, len);
	rc = mdb_put(t->txn, t->l->documents, &k, &v, MDB_NOOVERWRITE);
	if (rc != 0 && rc != MDB_KEYEXIST)
		return mdb_fail(err, rc, "cannot archive the document");
	if (id_out != NULL)
		memcpy(id_out, id, CL_HASH_BYTES);
	return CL_OK;
}

int cl_txn_has_document(cl_txn *t, const unsigned char id[CL_HASH_BYTES])
{
	MDB_val k = { CL_HASH_BYTES, (void *)id }, v;

	return mdb_get(t->txn, t->l->documents, &k, &v) == 0;
}

int cl_ledger_get_document(cl_ledger *l, const unsigned char id[CL_HASH_BYTES],
			   char **buf, size_t *len, cl_error *err)
{
	MDB_txn *txn;
	MDB_val k = { CL_HASH_BYTES, (void *)id }, v;
	char hex[CL_ID_HEX + 1];
	int rc;

	*buf = NULL;
	*len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	rc = mdb_get(txn, l->documents, &k, &v);
	if (rc == MDB_NOTFOUND) {
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		rc = cl_error_set(err, CL_ENOTFOUND, "document %.16s... is not archived", hex);
	} else if (rc != 0) {
		rc = mdb_fail(err, rc, "cannot read documents");
	} else if ((*buf = malloc(v.mv_size + 1)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	} else {
		memcpy(*buf, v.mv_data, v.mv_size);
		(*buf)[v.mv_size] = '\0';
		*len = v.mv_size;
		rc = CL_OK;
	}
	mdb_txn_abort(txn);
	return rc;
}

int cl_ledger_find_document(cl_ledger *l, const char *ref,
			    unsigned char id[CL_HASH_BYTES], cl_error *err)
{
	unsigned char lo[CL_HASH_BYTES] = { 0 };
	char hex[CL_ID_HEX + 1], want[CL_ID_HEX + 1];
	size_t n = strlen(ref), i, found = 0;
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc = CL_OK, mrc;

	if (n < 8 || n > CL_ID_HEX || strspn(ref, "0123456789abcdefABCDEF") != n)
		return cl_error_set(err, CL_EINPUT, "'%s' is not 8 to 64 hex digits of "
				    "an article's SHA-256", ref);
	for (i = 0; i < n; i++)
		want[i] = (char)(ref[i] >= 'A' && ref[i] <= 'F' ? ref[i] - 'A' + 'a' : ref[i]);
	want[n] = '\0';
	/* The keys from the whole bytes of the prefix on, while they match. */
	(void)cl_hex_decode(lo, n / 2, want, n / 2 * 2);
	if ((mrc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, mrc, "cannot read ledger");
	if ((mrc = mdb_cursor_open(txn, l->documents, &cur)) != 0) {
		rc = mdb_fail(err, mrc, "cannot read documents");
		goto out;
	}
	k.mv_size = CL_HASH_BYTES;
	k.mv_data = lo;
	for (mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); mrc == 0;
	     mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != CL_HASH_BYTES)
			continue;
		cl_hex_encode(hex, k.mv_data, CL_HASH_BYTES);
		if (strncmp(hex, want, n) > 0)
			break;
		if (strncmp(hex, want, n) != 0)
			continue;
		if (found++ == 0)
			memcpy(id, k.mv_data, CL_HASH_BYTES);
		else
			break;
	}
	if (mrc != 0 && mrc != MDB_NOTFOUND)
		rc = mdb_fail(err, mrc, "cannot read documents");
	else if (found == 0)
		rc = cl_error_set(err, CL_ENOTFOUND, "no archived article '%s'", ref);
	else if (found > 1)
		rc = cl_error_set(err, CL_EINPUT, "'%s' is the start of more than one "
				  "archived article: give more digits", ref);
out:
	if (cur)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

/* A claim's archived article must be there, and a direct quote's text must
 * be what cl_quote_text makes of the bytes at its offset.  Appends refuse
 * such a claim (`code` CL_EINPUT), verify reports it (CL_EINTEGRITY). */
static int check_document(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
			  int code, cl_error *err)
{
	const char *doc = json_string_value(json_object_get(body, "document"));
	const char *kind = json_string_value(json_object_get(body, "kind"));
	const json_t *off = json_object_get(body, "offset"), *len = json_object_get(body, "length");
	unsigned char id[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v;
	char *text = NULL;
	uint64_t o, n;
	int rc, same;

	if (doc == NULL)
		return CL_OK;
	if (cl_hex_decode(id, CL_HASH_BYTES, doc, strlen(doc)) != CL_OK ||
	    mdb_get(txn, l->documents, &k, &v) != 0)
		return cl_error_set(err, code,
				    "seq %" PRIu64 ": document %.16s... is not archived", seq, doc);
	if (kind == NULL || strcmp(kind, "direct") != 0 || off == NULL || len == NULL)
		return CL_OK;
	o = (uint64_t)json_integer_value(off);
	n = (uint64_t)json_integer_value(len);
	if (o > v.mv_size || n > v.mv_size - o)
		return cl_error_set(err, code,
				    "seq %" PRIu64 ": quote span %" PRIu64 "+%" PRIu64
				    " lies outside its document", seq, o, n);
	if ((rc = cl_quote_text((const char *)v.mv_data + o, (size_t)n, &text, NULL)) != CL_OK)
		return cl_error_set(err, rc == CL_ENOMEM ? rc : code,
				    "seq %" PRIu64 ": quote span is not text", seq);
	same = strcmp(text, json_string_value(json_object_get(body, "text"))) == 0;
	free(text);
	if (!same)
		return cl_error_set(err, code,
				    "seq %" PRIu64 ": direct quote is not found at offset %" PRIu64
				    " of its document", seq, o);
	return CL_OK;
}

/* The first words of `text` for a message: at most 40 bytes, cut after
 * a word when there is one past the first 20 bytes (else at a character
 * boundary), then "…". */
static void text_snip(char out[48], const char *text)
{
	size_t n = strlen(text), w;

	if (n <= 40) {
		memcpy(out, text, n + 1);
		return;
	}
	for (n = 40; n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80; n--)
		;
	for (w = n; w > 20 && text[w] != ' '; w--)
		;
	if (w > 20)
		n = w;
	while (n > 0 && text[n - 1] == ' ')
		n--;
	memcpy(out, text, n);
	memcpy(out + n, "\xe2\x80\xa6", 4);
}

/* Record `seq`'s body, parsed (a new reference), or NULL when it cannot
 * be read or parsed.  With `id`, only when the body hashes to it. */
static json_t *body_at(cl_ledger *l, MDB_txn *txn, uint64_t seq,
		       const unsigned char *id)
{
	unsigned char key[8], h[CL_HASH_BYTES];
	MDB_val k = { 8, key }, v;

	be64_put(key, seq);
	if (mdb_get(txn, l->records, &k, &v) != 0 || v.mv_size < REC_HDR)
		return NULL;
	if (id != NULL) {
		cl_record_id(h, (const char *)v.mv_data + REC_HDR, v.mv_size - REC_HDR);
		if (!cl_memeq(h, id, CL_HASH_BYTES))
			return NULL;
	}
	return json_loadb((const char *)v.mv_data + REC_HDR, v.mv_size - REC_HDR, 0, NULL);
}

/* Set in `view` the corrected values `correction` carries. */
static int view_apply(json_t *view, const json_t *correction)
{
	const json_t *v;
	size_t i;

	for (i = 0; i < CL_NCORRECTED; i++)
		if ((v = json_object_get(correction, cl_corrected_members[i])) != NULL &&
		    json_object_set(view, cl_corrected_members[i], (json_t *)v) != 0)
			return CL_ENOMEM;
	return CL_OK;
}

/*
 * The view of claim `id` (its body `claim`) once the corrections of it
 * below `seq` are applied, read through the reference index in seq
 * order (facts.h: member by member, the latest wins).  An entry counts
 * only when its record is a correction whose body targets the claim.
 * *view is a new reference (NULL on failure); CL_ENOMEM, CL_ESTORE.
 */
static int view_before(cl_ledger *l, MDB_txn *txn, const unsigned char id[CL_HASH_BYTES],
		       const json_t *claim, uint64_t seq, json_t **view, cl_error *err)
{
	unsigned char lo[CL_HASH_BYTES + 9];
	char hex[CL_ID_HEX + 1];
	MDB_cursor *cur = NULL;
	MDB_val k = { sizeof lo, lo }, v;
	int rc = CL_OK, mrc;

	if ((*view = json_copy((json_t *)claim)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	cl_hex_encode(hex, id, CL_HASH_BYTES);
	memcpy(lo, id, CL_HASH_BYTES);
	memset(lo + CL_HASH_BYTES, 0, 9);
	if ((mrc = mdb_cursor_open(txn, l->idx[CL_INDEX_REF], &cur)) != 0) {
		rc = mdb_fail(err, mrc, "cannot read the reference index");
		goto out;
	}
	for (mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); mrc == 0 && rc == CL_OK;
	     mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const unsigned char *kd = k.mv_data;
		uint64_t s;
		json_t *b;

		if (k.mv_size != sizeof lo || memcmp(kd, lo, CL_HASH_BYTES + 1) != 0)
			break;
		if ((s = be64_get(kd + CL_HASH_BYTES + 1)) >= seq)
			break;
		if ((b = body_at(l, txn, s, NULL)) == NULL)
			continue;
		if (cl_type_from_name(json_string_value(json_object_get(b, "type"))) ==
			    CL_TYPE_CORRECTION &&
		    json_string_value(json_object_get(b, "target")) != NULL &&
		    strcmp(json_string_value(json_object_get(b, "target")), hex) == 0 &&
		    view_apply(*view, b) != CL_OK)
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		json_decref(b);
	}
	mdb_cursor_close(cur);
	if (rc == CL_OK && mrc != 0 && mrc != MDB_NOTFOUND)
		rc = mdb_fail(err, mrc, "cannot read the reference index");
out:
	if (rc != CL_OK) {
		json_decref(*view);
		*view = NULL;
	}
	return rc;
}

/*
 * Pinned provenance, after a correction: the view of its claim with it
 * applied obeys the rule a claim obeys (record.c): offset and length
 * only with a document, a direct view citing a document has them, and
 * its text is what cl_quote_text makes of the article's bytes there (as
 * check_document for a claim).  Only `text`, `kind`, `offset` and
 * `length` can break it, so a correction carrying none of them is not
 * looked at; otherwise a handful of lookups: the target through the ids
 * index, its earlier corrections through by_ref.  A target that is not
 * an earlier claim is left to the chain rules.  Appends refuse (`code`
 * CL_EINPUT, the message says how to mend the correction), verify
 * reports (CL_EINTEGRITY, naming the seq).
 */
static int check_correction(cl_ledger *l, MDB_txn *txn, uint64_t seq, const json_t *body,
			    int code, cl_error *err)
{
	const char *target = json_string_value(json_object_get(body, "target"));
	const char *hint = code == CL_EINPUT
		? ": give --offset/--length of the words in the article, or --kind indirect" : "";
	const char *kind, *doc, *text;
	const json_t *off, *len;
	unsigned char id[CL_HASH_BYTES], did[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v, dk = { CL_HASH_BYTES, did }, dv;
	json_t *claim = NULL, *view = NULL;
	char at[32] = "", snip[48], *quote = NULL;
	unsigned long long cseq, o, n;
	int rc = CL_OK;

	if (!json_object_get(body, "text") && !json_object_get(body, "kind") &&
	    !json_object_get(body, "offset") && !json_object_get(body, "length"))
		return CL_OK;
	if (target == NULL ||
	    cl_hex_decode(id, CL_HASH_BYTES, target, strlen(target)) != CL_OK ||
	    mdb_get(txn, l->ids, &k, &v) != 0 || v.mv_size != 8 ||
	    (cseq = be64_get(v.mv_data)) >= seq ||
	    (claim = body_at(l, txn, cseq, id)) == NULL ||
	    cl_type_from_name(json_string_value(json_object_get(claim, "type"))) != CL_TYPE_CLAIM)
		goto out;
	if ((rc = view_before(l, txn, id, claim, seq, &view, err)) != CL_OK)
		goto out;
	if (view_apply(view, body) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if (code == CL_EINTEGRITY)
		snprintf(at, sizeof at, "seq %" PRIu64 ": ", seq);
	kind = json_string_value(json_object_get(view, "kind"));
	doc = json_string_value(json_object_get(view, "document"));
	text = json_string_value(json_object_get(view, "text"));
	off = json_object_get(view, "offset");
	len = json_object_get(view, "length");
	if ((off || len) && doc == NULL) {
		rc = cl_error_set(err, code, "%scorrection: claim %llu cites no archived "
				  "article, so it can have no offset and length", at, cseq);
		goto out;
	}
	if (doc == NULL || kind == NULL || strcmp(kind, "direct") != 0)
		goto out;
	if (off == NULL || len == NULL) {
		rc = cl_error_set(err, code, "%scorrection: claim %llu would be a direct "
				  "quote of its article without offset and length%s",
				  at, cseq, hint);
		goto out;
	}
	o = (unsigned long long)json_integer_value(off);
	n = (unsigned long long)json_integer_value(len);
	if (cl_hex_decode(did, CL_HASH_BYTES, doc, strlen(doc)) != CL_OK ||
	    mdb_get(txn, l->documents, &dk, &dv) != 0) {
		rc = cl_error_set(err, code, "%scorrection: claim %llu's article %.16s... "
				  "is not archived", at, cseq, doc);
		goto out;
	}
	if (o > dv.mv_size || n > dv.mv_size - o) {
		rc = cl_error_set(err, code, "%scorrection: offset %llu length %llu lies "
				  "outside claim %llu's article (%zu bytes)", at, o, n, cseq,
				  dv.mv_size);
		goto out;
	}
	if ((rc = cl_quote_text((const char *)dv.mv_data + o, (size_t)n, &quote, NULL)) != CL_OK) {
		rc = cl_error_set(err, rc == CL_ENOMEM ? rc : code, "%scorrection: the bytes "
				  "at offset %llu length %llu of claim %llu's article are "
				  "not text", at, o, n, cseq);
		goto out;
	}
	if (text == NULL || strcmp(quote, text) != 0) {
		text_snip(snip, text ? text : "");
		rc = cl_error_set(err, code, "%scorrection: claim %llu is a direct quote of "
				  "its article and '%s' is not what the article says at "
				  "offset %llu%s", at, cseq, snip, o, hint);
	}
out:
	free(quote);
	json_decref(view);
	json_decref(claim);
	return rc;
}

/* Push through the chain, then write; the txn is poisoned if LMDB fails
 * after the chain has advanced, since the two would disagree. */
/* `obj` (taken) and `known_id`, when not NULL, are cl_record_build_obj's
 * object and the id of these very bytes (CL_CHAIN_BUILT only). */
static int append_checked(cl_txn *t, const char *body, size_t len,
			  const unsigned char sig[CL_SIG_BYTES], unsigned flags,
			  json_t *obj, const unsigned char *known_id,
			  uint64_t *seq_out, unsigned char id_out[CL_HASH_BYTES],
			  cl_error *err)
{
	uint64_t seq = cl_chain_next_seq(t->chain);
	unsigned char id[CL_HASH_BYTES];
	json_t *parsed = NULL;
	int rc;

	if (t->broken) {
		json_decref(obj);
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	}
	t->lookup->limit = seq;
	/* A claim citing an archived article is checked against it, and a
	 * correction's claim view against pinned provenance, before the
	 * chain advances, so a refusal leaves the txn usable.  A correction
	 * the member rules refuse is left to the chain to say so. */
	if (memmem(body, len, "\"document\":", 11) != NULL ||
	    memmem(body, len, "\"type\":\"correction\"", 19) != NULL) {
		json_t *pre = obj != NULL ? json_incref(obj) : json_loadb(body, len, 0, NULL);
		rc = CL_OK;
		switch (pre == NULL ? CL_TYPE_UNKNOWN
			: cl_type_from_name(json_string_value(json_object_get(pre, "type")))) {
		case CL_TYPE_CLAIM:
			rc = check_document(t->l, t->txn, seq, pre, CL_EINPUT, err);
			break;
		case CL_TYPE_CORRECTION:
			if (obj != NULL || cl_body_check(pre, NULL) == CL_OK)
				rc = check_correction(t->l, t->txn, seq, pre, CL_EINPUT, err);
			break;
		default:
			break;
		}
		json_decref(pre);
		if (rc != CL_OK) {
			json_decref(obj);
			return rc;
		}
	}
	if ((flags & CL_CHAIN_BUILT) && obj != NULL) {
		parsed = obj;
		flags |= CL_CHAIN_PARSED;
	} else {
		json_decref(obj);
	}
	if ((flags & CL_CHAIN_BUILT) && known_id != NULL) {
		memcpy(id, known_id, CL_HASH_BYTES);
		flags |= CL_CHAIN_HAVE_ID;
	}
	if ((rc = cl_chain_push(t->chain, body, len, sig, flags, &parsed, id, err)) != CL_OK)
		return rc;
	if ((rc = put_record(t->l, t->txn, seq, id, sig, body, len, parsed, err)) != CL_OK)
		goto poison;
	switch (cl_type_from_name(json_string_value(json_object_get(parsed, "type")))) {
	case CL_TYPE_EDITOR:
		rc = apply_editor(t, seq, parsed, err);
		break;
	case CL_TYPE_ALIAS:
		rc = apply_alias(t->l, t->txn, seq, parsed, err);
		break;
	default:
		rc = CL_OK;
	}
	if (rc != CL_OK)
		goto poison;
	json_decref(parsed);
	if (seq_out != NULL)
		*seq_out = seq;
	if (id_out != NULL)
		memcpy(id_out, id, CL_HASH_BYTES);
	return CL_OK;
poison:
	t->broken = 1;
	json_decref(parsed);
	return rc;
}

int cl_txn_append(cl_txn *t, const json_t *fields, const cl_seckey *key,
		  int64_t now, uint64_t *seq_out, unsigned char id_out[CL_HASH_BYTES],
		  cl_error *err)
{
	unsigned char sig[CL_SIG_BYTES];
	char *body = NULL;
	size_t len;
	int rc;

	if (t->broken)
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	rc = cl_record_build(fields, cl_chain_next_seq(t->chain), cl_chain_last_id(t->chain),
			     cl_seckey_pubkey(key), now, &body, &len, err);
	if (rc != CL_OK)
		return rc;
	/* Not a record rule: this implementation's input policy (url.h). */
	if ((rc = cl_fields_urls_check(fields, err)) != CL_OK)
		goto out;
	if ((rc = cl_record_sign(key, body, len, sig)) != CL_OK) {
		cl_error_set(err, rc, "cannot sign record");
		goto out;
	}
	/* We just made the signature with `key`; the chain still checks that
	 * the key is allowed to sign. */
	rc = append_checked(t, body, len, sig, CL_CHAIN_SKIP_SIG, NULL, NULL, seq_out, id_out,
			    err);
out:
	free(body);
	return rc;
}

/* ---- bulk appends ------------------------------------------------------- */

#define SIGN_BATCH 1024               /* records appended per round */
#define SIGN_WINDOW (2 * SIGN_BATCH)  /* records built ahead, being signed */

struct sign_slot {
	char *body;
	size_t len;
	json_t *obj; /* the body as built, handed to the chain */
	unsigned char id[CL_HASH_BYTES];
	uint64_t tag;
	int failed;
	unsigned char sig[CL_SIG_BYTES];
};

struct sign_ctx {
	struct sign_slot *slots;
	const cl_seckey *key;
};

static void sign_job(void *vctx, uint64_t job)
{
	struct sign_ctx *c = vctx;
	struct sign_slot *s = &c->slots[job % SIGN_WINDOW];

	s->failed = cl_record_sign(c->key, s->body, s->len, s->sig) != CL_OK;
}

int cl_txn_append_stream(cl_txn *t, cl_fields_fn next, void *ctx,
			 const cl_seckey *key, int64_t now, uint64_t *first,
			 uint64_t *count, uint64_t *failed_tag, cl_error *err)
{
	struct sign_ctx sc = { NULL, key };
	struct pool pool;
	cl_error pending = { 0 };
	unsigned char prev[CL_HASH_BYTES];
	uint64_t seq0 = cl_chain_next_seq(t->chain), built = 0, appended = 0;
	uint64_t bad_tag = 0;
	int rc = CL_OK, end = 0, pending_rc = CL_OK;

	if (first != NULL)
		*first = seq0;
	if (count != NULL)
		*count = 0;
	if (failed_tag != NULL)
		*failed_tag = 0;
	if (t->broken)
		return cl_error_set(err, CL_ESTORE, "write transaction already failed");
	if ((sc.slots = calloc(SIGN_WINDOW, sizeof *sc.slots)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(prev, cl_chain_last_id(t->chain), CL_HASH_BYTES);
	pool_start(&pool, ledger_threads(t->l), sign_job, &sc);
	for (;;) {
		/* Build and chain bodies in order; the pool signs behind us. */
		while (!end && built < appended + SIGN_WINDOW) {
			struct sign_slot *s = &sc.slots[built % SIGN_WINDOW];
			json_t *f = NULL;
			uint64_t tag = 0;

			if ((pending_rc = next(ctx, &f, &tag, &pending)) != CL_OK || f == NULL) {
				end = 1;
				break;
			}
			s->tag = tag;
			pending_rc = cl_record_build_take(f, seq0 + built, prev,
							  cl_seckey_pubkey(key), now, &s->body,
							  &s->len, &s->obj, &pending);
			if (pending_rc == CL_OK &&
			    (pending_rc = cl_fields_urls_check(s->obj, &pending)) != CL_OK) {
				free(s->body);
				s->body = NULL;
				json_decref(s->obj);
				s->obj = NULL;
			}
			if (pending_rc != CL_OK) {
				bad_tag = tag;
				end = 1;
				break;
			}
			cl_record_id(prev, s->body, s->len);
			memcpy(s->id, prev, CL_HASH_BYTES);
			built++;
			pool_publish(&pool, built);
		}
		if (appended == built)
			break;
		{
			uint64_t target = appended + (built - appended < SIGN_BATCH
						      ? built - appended : SIGN_BATCH);
			pool_wait(&pool, target);
			for (; appended < target; appended++) {
				struct sign_slot *s = &sc.slots[appended % SIGN_WINDOW];
				json_t *obj = s->obj;
				s->obj = NULL;
				if (s->failed) {
					json_decref(obj);
					rc = cl_error_set(err, CL_ENOMEM, "cannot sign record");
				} else {
					rc = append_checked(t, s->body, s->len, s->sig,
							    CL_CHAIN_SKIP_SIG | CL_CHAIN_BUILT,
							    obj, s->id, NULL, NULL, err);
				}
				if (rc != CL_OK) {
					bad_tag = s->tag;
					break;
				}
				free(s->body);
				s->body = NULL;
				if (appended % RELEASE_EVERY == RELEASE_EVERY - 1)
					map_release(t->l);
			}
		}
		if (rc != CL_OK)
			break;
		if (appended % PROGRESS_EVERY < SIGN_BATCH)
			progress(t->l, appended, 0);
	}
	pool_stop(&pool);
	for (uint64_t i = appended; i < built; i++) {
		free(sc.slots[i % SIGN_WINDOW].body);
		json_decref(sc.slots[i % SIGN_WINDOW].obj);
	}
	free(sc.slots);
	if (rc == CL_OK && pending_rc != CL_OK) {
		rc = pending_rc;
		if (err != NULL)
			*err = pending;
	}
	if (rc != CL_OK) {
		if (failed_tag != NULL)
			*failed_tag = bad_tag;
		return rc;
	}
	progress(t->l, appended, appended);
	if (count != NULL)
		*count = appended;
	return CL_OK;
}

int cl_txn_append_signed(cl_txn *t, const char *body, size_t len,
			 const unsigned char sig[CL_SIG_BYTES], cl_error *err)
{
	return append_checked(t, body, len, sig, 0, NULL, NULL, NULL, NULL, err);
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
	return rc == 0 ? CL_OK : mdb_fail(err, rc, "cannot commit");
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

/* ---- verify ------------------------------------------------------------ */

struct verify_ctx {
	cl_ledger *l;
	MDB_txn *txn;
	cl_chain *chain;
	struct lookup_ctx lookup;
	cl_error *err;
	uint64_t count;
	uint64_t tree_nodes; /* perfect-subtree hashes the records imply */
	json_t *aliases;     /* folded alias -> seq of its live add record */
	uint64_t index_entries[CL_INDEX_COUNT];
	struct pool pool;      /* each record's stateless checks */
	struct vslot *slots;   /* VERIFY_WINDOW of them */
	int digest;            /* indexes summed, not looked up (digest_add) */
	unsigned char prf_key[CL_PRF_KEY_BYTES];
	uint64_t want[DIGEST_DBS][4]; /* what the records imply, per database */
};

/* Every archived document is stored under the hash of its bytes. */
static int verify_documents(cl_ledger *l, MDB_txn *txn, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	unsigned char h[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1];
	int rc;

	if ((rc = mdb_cursor_open(txn, l->documents, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read documents");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		cl_sha256(h, v.mv_data, v.mv_size);
		if (k.mv_size != CL_HASH_BYTES || memcmp(h, k.mv_data, CL_HASH_BYTES) != 0) {
			cl_hex_encode(hex, h, CL_HASH_BYTES);
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "archived document %.16s... does not match its key", hex);
			break;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

/* Remember which alias record is live for each alias, as the store does. */
static int replay_alias(struct verify_ctx *ctx, uint64_t seq, const json_t *body)
{
	const char *alias = json_string_value(json_object_get(body, "alias"));
	const char *action = json_string_value(json_object_get(body, "action"));
	unsigned char key[ALIAS_KEY_MAX + 1];
	size_t n = alias_key(key, ALIAS_KEY_MAX, alias);

	key[n] = '\0';
	if (strcmp(action, "remove") == 0)
		json_object_del(ctx->aliases, (const char *)key);
	else if (json_object_set_new(ctx->aliases, (const char *)key,
				     json_integer((json_int_t)seq)) != 0)
		return cl_error_set(ctx->err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

/* Whether aliases entry (ak, v) is, byte for byte, what apply_alias
 * stored for the add record at seq. */
static int alias_entry_is_records(cl_ledger *l, MDB_txn *txn, uint64_t seq,
				  const MDB_val *ak, const MDB_val *v)
{
	unsigned char key[8], folded[ALIAS_KEY_MAX], *want = NULL;
	MDB_val k = { 8, key }, rv;
	const char *alias, *speaker;
	json_t *body = NULL;
	int same = 0;

	be64_put(key, seq);
	if (mdb_get(txn, l->records, &k, &rv) != 0 || rv.mv_size < REC_HDR)
		goto out;
	body = json_loadb((const char *)rv.mv_data + REC_HDR, rv.mv_size - REC_HDR, 0, NULL);
	alias = json_string_value(json_object_get(body, "alias"));
	speaker = json_string_value(json_object_get(body, "speaker"));
	if (alias == NULL || speaker == NULL ||
	    alias_key(folded, sizeof folded, alias) != ak->mv_size ||
	    memcmp(folded, ak->mv_data, ak->mv_size) != 0 ||
	    alias_val_len(alias, speaker) != v->mv_size || (want = malloc(v->mv_size)) == NULL)
		goto out;
	alias_val_fill(want, seq, alias, speaker);
	same = memcmp(want, v->mv_data, v->mv_size) == 0;
out:
	free(want);
	json_decref(body);
	return same;
}

/* The aliases index must hold exactly the live alias records: each key the
 * folded alias of the live add record, each value what that record says. */
static int verify_aliases(cl_ledger *l, MDB_txn *txn, struct verify_ctx *ctx, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	size_t entries = 0;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->aliases, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read aliases");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		char key[ALIAS_KEY_MAX + 1];
		json_t *want;
		uint64_t seq;

		entries++;
		if (k.mv_size > ALIAS_KEY_MAX || v.mv_size < 8) {
			rc = cl_error_set(err, CL_EINTEGRITY, "alias index entry is malformed");
			break;
		}
		memcpy(key, k.mv_data, k.mv_size);
		key[k.mv_size] = '\0';
		want = json_object_get(ctx->aliases, key);
		seq = be64_get(v.mv_data);
		if (want == NULL || (uint64_t)json_integer_value(want) != seq ||
		    !alias_entry_is_records(l, txn, seq, &k, &v)) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "alias index entry '%s' is not the chain's", key);
			break;
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return rc;
	if (entries != json_object_size(ctx->aliases))
		return cl_error_set(err, CL_EINTEGRITY, "alias index has %zu entries, the chain %zu",
				    entries, json_object_size(ctx->aliases));
	return CL_OK;
}

/* The stored tree nodes that leaf r->seq completes must be the ones its
 * body implies (lower nodes were checked with the earlier records). */
static int verify_tree(struct verify_ctx *ctx, const cl_record *r,
		       const unsigned char leaf[CL_HASH_BYTES])
{
	struct tree_ctx tc = { ctx->txn, ctx->l->tree };
	cl_merkle_node nodes[CL_MERKLE_MAX_DEPTH];
	unsigned char stored[CL_HASH_BYTES];
	size_t n = 0;

	if (cl_merkle_append_nodes(tree_get, &tc, r->seq, leaf, nodes, &n, NULL) != CL_OK)
		return cl_error_set(ctx->err, CL_EINTEGRITY,
				    "seq %" PRIu64 ": merkle tree node missing or malformed", r->seq);
	for (size_t i = 0; i < n; i++) {
		if (tree_get(&tc, nodes[i].level, nodes[i].index, stored) != CL_OK ||
		    memcmp(stored, nodes[i].hash, CL_HASH_BYTES) != 0)
			return cl_error_set(ctx->err, CL_EINTEGRITY,
					    "seq %" PRIu64 ": merkle tree node (%u, %" PRIu64
					    ") does not match the records",
					    r->seq, nodes[i].level, nodes[i].index);
	}
	ctx->tree_nodes += n;
	return CL_OK;
}

/*
 * Records are read ahead of the replay.  The pool runs the checks of each
 * record that need no state (size, canonical form, shape, id, Merkle
 * leaf, signature by the body's signer) on every core, and the main
 * thread replays the chain in seq order with their results: the rules,
 * the tree, and the id and index entries (summed or looked up).  Each job
 * writes only its own slot, so what is reported, and in which order, does
 * not depend on the threads.  VERIFY_WINDOW records in flight at most,
 * VERIFY_BATCH replayed per wait.
 */
#define VERIFY_WINDOW 4096
#define VERIFY_BATCH 256

struct vslot {
	cl_record r;   /* body in LMDB's map, valid for the read txn */
	json_t *obj;   /* cl_record_precheck's object, owned; NULL after use */
	unsigned char id[CL_HASH_BYTES];   /* the body's id */
	unsigned char leaf[CL_HASH_BYTES]; /* its Merkle leaf hash */
	int pre_rc;    /* cl_record_precheck's result */
	int check_sig; /* 0: below the mark, the signature is not checked */
	int sig_ok;    /* checked and good, or not to be checked */
};

static void verify_job(void *vctx, uint64_t job)
{
	struct vslot *s = &((struct vslot *)vctx)[job % VERIFY_WINDOW];
	unsigned char pk[CL_PUBKEY_BYTES];

	s->pre_rc = cl_record_precheck(s->r.body, s->r.body_len, &s->obj, s->id, NULL);
	s->sig_ok = s->pre_rc == CL_OK &&
		    (!s->check_sig ||
		     (cl_record_signer(s->obj, pk) == CL_OK &&
		      cl_record_sig_ok(pk, s->r.sig, s->r.body, s->r.body_len)));
	cl_merkle_leaf_hash(s->leaf, s->r.body, s->r.body_len);
}

/* The signature of a body, checked here as the pool checks it (the slow
 * path: bodies the pool could not check, refusals). */
static int sig_ok_here(const cl_record *r)
{
	unsigned char pk[CL_PUBKEY_BYTES];
	json_t *b = json_loadb(r->body, r->body_len, 0, NULL);
	int ok = json_is_object(b) && cl_record_signer(b, pk) == CL_OK &&
		 cl_record_sig_ok(pk, r->sig, r->body, r->body_len);

	json_decref(b);
	return ok;
}

/*
 * Replay record s->r, whose pool job is done.  The order of the checks,
 * and so which one a damaged record fails first, is: the chain's (a bad
 * signature comes before the signer's authority), the stored id, the id
 * index, the tree, the indexes, the archived document, then the
 * signature.  In a digest run the id and query index entries are only
 * summed here (digest_add); a failure runs the verify again with lookups,
 * which keeps that order.
 */
static int verify_one(struct verify_ctx *ctx, struct vslot *s)
{
	const cl_record *r = &s->r;
	unsigned char id[CL_HASH_BYTES];
	MDB_val k = { CL_HASH_BYTES, id }, v;
	json_t *body = NULL;
	unsigned flags = CL_CHAIN_SKIP_SIG;
	int rc, sig_ok = s->sig_ok;

	ctx->lookup.limit = r->seq;
	if (s->pre_rc == CL_OK) {
		/* The pool's object and id; otherwise the chain parses again
		 * and says what is wrong in its own words. */
		body = s->obj;
		s->obj = NULL;
		memcpy(id, s->id, CL_HASH_BYTES);
		flags |= CL_CHAIN_CHECKED;
	}
	if ((rc = cl_chain_push(ctx->chain, r->body, r->body_len, r->sig, flags,
				&body, id, ctx->err)) != CL_OK) {
		cl_record_id(id, r->body, r->body_len);
		if (memcmp(id, r->id, CL_HASH_BYTES) != 0)
			return cl_error_set(ctx->err, CL_EINTEGRITY,
					    "seq %" PRIu64 ": stored id does not match the body",
					    r->seq);
		/* A bad signature before the authority rules. */
		if (rc == CL_EKEY && !sig_ok_here(r))
			rc = cl_error_set(ctx->err, CL_EINTEGRITY,
					  "seq %" PRIu64 ": signature does not verify", r->seq);
		return rc == CL_EKEY ? CL_EINTEGRITY : rc;
	}
	if (s->pre_rc != CL_OK) {
		/* Only out of memory on the pool's side gets here. */
		cl_merkle_leaf_hash(s->leaf, r->body, r->body_len);
		sig_ok = !s->check_sig || sig_ok_here(r);
	}
	if (memcmp(id, r->id, CL_HASH_BYTES) != 0) {
		rc = cl_error_set(ctx->err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": stored id does not match the body", r->seq);
		goto out;
	}
	if (ctx->digest) {
		unsigned char sq[8];
		be64_put(sq, r->seq);
		digest_add(ctx->want[DIGEST_IDS], ctx->prf_key, DIGEST_IDS, id, CL_HASH_BYTES,
			   sq, 8);
		index_digest(ctx->want, ctx->prf_key, r->seq, body, ctx->index_entries);
	} else if (mdb_get(ctx->txn, ctx->l->ids, &k, &v) != 0 || v.mv_size != 8 ||
		   be64_get(v.mv_data) != r->seq) {
		rc = cl_error_set(ctx->err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": id index does not point at this record", r->seq);
		goto out;
	}
	if ((rc = verify_tree(ctx, r, s->leaf)) != CL_OK ||
	    (!ctx->digest &&
	     (rc = index_check(ctx->l, ctx->txn, r->seq, body, ctx->index_entries,
			       ctx->err)) != CL_OK))
		goto out;
	switch (cl_type_from_name(json_string_value(json_object_get(body, "type")))) {
	case CL_TYPE_CLAIM:
		rc = check_document(ctx->l, ctx->txn, r->seq, body, CL_EINTEGRITY, ctx->err);
		break;
	case CL_TYPE_CORRECTION:
		rc = check_correction(ctx->l, ctx->txn, r->seq, body, CL_EINTEGRITY, ctx->err);
		break;
	case CL_TYPE_ALIAS:
		rc = replay_alias(ctx, r->seq, body);
		break;
	default:
		rc = CL_OK;
	}
	if (rc == CL_OK && !sig_ok)
		rc = cl_error_set(ctx->err, CL_EINTEGRITY,
				  "seq %" PRIu64 ": signature does not verify", r->seq);
	if (rc == CL_OK)
		ctx->count++;
out:
	json_decref(body);
	return rc;
}

/* The editors index must say what the chain says. */
static int verify_editor_cb(void *vctx, const cl_editor *e)
{
	struct verify_ctx *ctx = vctx;
	size_t n = cl_chain_editor_count(ctx->chain);

	for (size_t i = 0; i < n; i++) {
		const cl_editor *c = cl_chain_editor(ctx->chain, i);
		if (!c->is_owner && c->added == e->added && c->revoked == e->revoked &&
		    strcmp(c->name, e->name) == 0 && memcmp(c->pk, e->pk, CL_PUBKEY_BYTES) == 0)
			return CL_OK;
	}
	return cl_error_set(ctx->err, CL_EINTEGRITY,
			    "editor index entry '%s' (seq %" PRIu64 ") is not in the chain",
			    e->name, e->added);
}

/* Every checkpoint the ledger has issued must be signed by the owner under
 * the origin's name and match the (already verified) tree at its size. */
static int verify_checkpoints(cl_ledger *l, MDB_txn *txn, struct verify_ctx *ctx,
			      cl_error *err)
{
	struct tree_ctx tc = { txn, l->tree };
	MDB_cursor *cur;
	MDB_val k, v;
	cl_checkpoint cp;
	unsigned char root[CL_HASH_BYTES];
	int rc;

	if ((rc = mdb_cursor_open(txn, l->checkpoints, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read checkpoints");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		uint64_t size = k.mv_size == 8 ? be64_get(k.mv_data) : UINT64_MAX;
		if (cl_checkpoint_open(v.mv_data, v.mv_size, cl_chain_origin(ctx->chain),
				       cl_chain_owner(ctx->chain), cl_chain_origin(ctx->chain),
				       &cp, NULL) != CL_OK ||
		    cp.size != size) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "stored checkpoint %" PRIu64 " is not validly signed", size);
			break;
		}
		if (cp.size > ctx->count ||
		    cl_merkle_root(tree_get, &tc, cp.size, root, NULL) != CL_OK ||
		    memcmp(root, cp.root, CL_HASH_BYTES) != 0) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "stored checkpoint %" PRIu64 " does not match the records",
					  cp.size);
			break;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

/* ---- the verified mark -------------------------------------------------- */

/* meta "verified": size (8 BE) || root (32) || index entries (8 BE each) */
#define MARK_LEN (8 + CL_HASH_BYTES + 8 * CL_INDEX_COUNT)

struct mark {
	uint64_t size;
	unsigned char root[CL_HASH_BYTES];
	uint64_t index_entries[CL_INDEX_COUNT];
};

static int mark_read(cl_ledger *l, MDB_txn *txn, struct mark *m)
{
	MDB_val v;
	const unsigned char *p;

	if (meta_get(txn, l->meta, "verified", &v) != 0 || v.mv_size != MARK_LEN)
		return 0;
	p = v.mv_data;
	m->size = be64_get(p);
	memcpy(m->root, p + 8, CL_HASH_BYTES);
	for (int i = 0; i < CL_INDEX_COUNT; i++)
		m->index_entries[i] = be64_get(p + 8 + CL_HASH_BYTES + 8 * i);
	return 1;
}

/* Store the mark unless a larger one is there already (a verify of the
 * grown ledger ran meanwhile).  A mark larger than the ledger is damaged,
 * not newer, and is replaced.  Best effort: a ledger we may not write
 * simply keeps no mark. */
static int mark_write(cl_ledger *l, const struct mark *m)
{
	unsigned char buf[MARK_LEN], last[CL_HASH_BYTES];
	struct mark old;
	uint64_t size;
	MDB_txn *txn;

	if (l->flags & CL_LEDGER_RDONLY)
		return 0;
	if (mdb_txn_begin(l->env, NULL, 0, &txn) != 0)
		return 0;
	if (read_head(l, txn, &size, last, NULL) != CL_OK ||
	    (mark_read(l, txn, &old) && old.size > m->size && old.size <= size)) {
		mdb_txn_abort(txn);
		return 0;
	}
	be64_put(buf, m->size);
	memcpy(buf + 8, m->root, CL_HASH_BYTES);
	for (int i = 0; i < CL_INDEX_COUNT; i++)
		be64_put(buf + 8 + CL_HASH_BYTES + 8 * i, m->index_entries[i]);
	if (meta_put(txn, l->meta, "verified", buf, sizeof buf) != 0) {
		mdb_txn_abort(txn);
		return 0;
	}
	return mdb_txn_commit(txn) == 0;
}

/* Every database was made with no flags (open_dbis): flags read from the
 * file that say otherwise (sorted duplicates, integer keys...) are damage
 * that LMDB would trust on the next write, whatever it reads today. */
static int verify_db_flags(cl_ledger *l, MDB_txn *txn, cl_error *err)
{
	const MDB_dbi dbis[] = { l->records, l->ids, l->editors, l->meta, l->tree,
				 l->checkpoints, l->documents, l->aliases,
				 l->idx[0], l->idx[1], l->idx[2], l->idx[3], l->idx[4] };
	unsigned flags;
	int rc;

	for (size_t i = 0; i < sizeof dbis / sizeof dbis[0]; i++) {
		if ((rc = mdb_dbi_flags(txn, dbis[i], &flags)) != 0)
			return mdb_fail(err, rc, "cannot read database flags");
		if (flags != 0)
			return cl_error_set(err, CL_EINTEGRITY,
					    "a database has flags 0x%x it was never made with",
					    flags);
	}
	return CL_OK;
}

/* meta holds the names read_info and the mark read, and nothing else: a
 * damaged key would otherwise sit there unread and unreported. */
static int verify_meta(cl_ledger *l, MDB_txn *txn, cl_error *err)
{
	static const char *const known[] = { "format", "origin", "owner", "owner_name",
					     "verified" };
	MDB_cursor *cur;
	MDB_val k, v;
	size_t i;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->meta, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read meta");
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		for (i = 0; i < sizeof known / sizeof *known; i++)
			if (k.mv_size == strlen(known[i]) &&
			    memcmp(k.mv_data, known[i], k.mv_size) == 0)
				break;
		if (i == sizeof known / sizeof *known) {
			rc = cl_error_set(err, CL_EINTEGRITY, "meta has an unknown entry");
			break;
		}
		if (strcmp(known[i], "verified") == 0 && v.mv_size != MARK_LEN) {
			rc = cl_error_set(err, CL_EINTEGRITY, "meta 'verified' is malformed");
			break;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? CL_OK : rc;
}

int cl_ledger_verify(cl_ledger *l, uint64_t *count, cl_error *err)
{
	cl_verify_info vi;
	int rc = cl_ledger_verify_ex(l, CL_VERIFY_FULL | CL_VERIFY_NOMARK, &vi, err);

	*count = rc == CL_OK ? vi.count : 0;
	return rc;
}

/* Digest mode: read the ids index and the query indexes once, in key
 * order, and compare what they hold with what the records implied.
 * CL_OK, DIGEST_MISMATCH, or an LMDB error. */
#define DIGEST_MISMATCH (-100000) /* not a CL_E* code: never returned */

static int digest_scan(struct verify_ctx *ctx)
{
	cl_ledger *l = ctx->l;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc = CL_OK;

	for (int db = 0; db < DIGEST_DBS && rc == CL_OK; db++) {
		uint64_t got[4] = { 0 }, entries = 0;
		MDB_dbi dbi = db == DIGEST_IDS ? l->ids : l->idx[db];
		size_t vmax = db == DIGEST_IDS ? 8 : 0;

		if ((rc = mdb_cursor_open(ctx->txn, dbi, &cur)) != 0)
			return mdb_fail(ctx->err, rc, "cannot read an index");
		while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
			/* No entry the records imply is longer. */
			if (k.mv_size > CL_INDEX_VALUE_MAX + 9 || v.mv_size > vmax) {
				rc = DIGEST_MISMATCH;
				break;
			}
			digest_add(got, ctx->prf_key, db, k.mv_data, k.mv_size, v.mv_data, v.mv_size);
			if (++entries % SCAN_RELEASE_EVERY == 0)
				map_release(l);
		}
		mdb_cursor_close(cur);
		if (rc == MDB_NOTFOUND)
			rc = memcmp(got, ctx->want[db], sizeof got) == 0 ? CL_OK : DIGEST_MISMATCH;
		else if (rc != DIGEST_MISMATCH)
			rc = mdb_fail(ctx->err, rc, "cannot read an index");
	}
	return rc;
}

/*
 * The tree (verified against the bodies) of `size` records extends the
 * checkpoint `cp`: it holds cp->size records or more, the root of the
 * first cp->size is the signed one, and a consistency proof from there to
 * `now_root` verifies.
 */
static int verify_extends(struct tree_ctx *tc, const cl_checkpoint *cp, uint64_t size,
			  const unsigned char now_root[CL_HASH_BYTES], cl_error *err)
{
	unsigned char root[CL_HASH_BYTES], *proof = NULL;
	size_t n = 0;
	int rc = CL_OK;

	if (cp->size > size)
		return cl_error_set(err, CL_EINTEGRITY,
				    "the checkpoint covers %" PRIu64 " records, the ledger has only %"
				    PRIu64 ": history was truncated", cp->size, size);
	if (cl_merkle_root(tree_get, tc, cp->size, root, NULL) != CL_OK ||
	    memcmp(root, cp->root, CL_HASH_BYTES) != 0)
		return cl_error_set(err, CL_EINTEGRITY,
				    "history diverges within the first %" PRIu64 " records "
				    "(their root is not the checkpoint's signed one)", cp->size);
	if (cl_merkle_consistency_proof(tree_get, tc, cp->size, size, &proof, &n, NULL) != CL_OK ||
	    cl_merkle_verify_consistency(cp->size, size, cp->root, now_root, proof, n,
					 NULL) != CL_OK)
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "no consistency proof from the checkpoint's %" PRIu64 " records to the "
				  "ledger's %" PRIu64, cp->size, size);
	free(proof);
	return rc;
}

/*
 * The verify: every record from 0 is replayed (see cl_ledger_verify_ex in
 * store.h); `sig_from` is the first seq whose signature is checked (0,
 * the mark's size, or the checkpoint's), and `cp`, when not NULL, a
 * checkpoint the ledger must extend.
 */
static int verify_run(cl_ledger *l, unsigned flags, const cl_checkpoint *cp,
		      cl_verify_info *out, cl_error *err)
{
	struct verify_ctx ctx = { .l = l, .err = err };
	struct tree_ctx tc = { NULL, l->tree };
	struct mark m = { 0 }, done = { 0 };
	cl_ledger_info info;
	MDB_txn *txn = NULL;
	MDB_stat st;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	unsigned char key[8], root[CL_HASH_BYTES];
	size_t stored_editors = 0, chain_editors;
	uint64_t read = 0, replayed = 0, sig_from = 0;
	int rc, have_mark = 0, pool_on = 0, op = MDB_SET_RANGE, end = 0, sums_ok = 0;
	cl_error pending = { 0 };
	int pending_rc = CL_OK;

	memset(out, 0, sizeof *out);
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	ctx.txn = txn;
	tc.txn = txn;
	if ((ctx.aliases = json_object()) == NULL ||
	    (ctx.slots = calloc(VERIFY_WINDOW, sizeof *ctx.slots)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = read_info(l, txn, &info, err)) != CL_OK ||
	    (rc = cl_chain_new(&ctx.chain, err)) != CL_OK)
		goto out;
	ctx.lookup.l = l;
	ctx.lookup.txn = txn;
	cl_chain_set_lookup(ctx.chain, lookup_type, &ctx.lookup);
	/* Which signatures are trusted: those the owner's checkpoint pins by
	 * its root, else those a mark says an earlier verify checked (a mark
	 * larger than the ledger is damaged: a ledger only grows). */
	if (cp != NULL)
		sig_from = cp->size;
	else if (mark_read(l, txn, &m) && m.size > 0 && m.size <= info.size)
		have_mark = 1, sig_from = m.size;
	if (flags & CL_VERIFY_FULL)
		sig_from = 0;
	if (!(flags & CL_VERIFY_LOOKUPS)) {
		ctx.digest = 1;
		cl_random(ctx.prf_key, sizeof ctx.prf_key);
	}
	pool_start(&ctx.pool, ledger_threads(l), verify_job, ctx.slots);
	pool_on = 1;

	/* Replay every record in key order in this read txn: job j is record
	 * j.  A fault met while reading ahead is reported once every record
	 * before it has been replayed. */
	if ((rc = mdb_cursor_open(txn, l->records, &cur)) != 0) {
		rc = mdb_fail(err, rc, "cannot read records");
		goto out;
	}
	be64_put(key, 0);
	k.mv_size = 8;
	k.mv_data = key;
	for (;;) {
		while (!end && read < replayed + VERIFY_WINDOW) {
			struct vslot *s = &ctx.slots[read % VERIFY_WINDOW];
			rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op);
			op = MDB_NEXT;
			if (rc == MDB_NOTFOUND) {
				end = 1;
			} else if (rc != 0) {
				pending_rc = mdb_fail(&pending, rc, "cannot read records");
				end = 1;
			} else if (k.mv_size != 8 || be64_get(k.mv_data) != read) {
				pending_rc = cl_error_set(&pending, CL_EINTEGRITY,
							  "seq %" PRIu64 ": record key is missing or out of order",
							  read);
				end = 1;
			} else if ((pending_rc = record_from_val(read, &v, &s->r,
								  &pending)) != CL_OK) {
				end = 1;
			} else {
				s->check_sig = read >= sig_from;
				read++;
				if (read % 64 == 0)
					pool_publish(&ctx.pool, read);
			}
		}
		pool_publish(&ctx.pool, read);
		if (replayed == read)
			break;
		{
			uint64_t target = replayed + (read - replayed < VERIFY_BATCH
						      ? read - replayed : VERIFY_BATCH);
			pool_wait(&ctx.pool, target);
			for (; replayed < target; replayed++) {
				if ((rc = verify_one(&ctx, &ctx.slots[replayed % VERIFY_WINDOW])) != CL_OK)
					goto out;
				if (ctx.count % RELEASE_EVERY == 0)
					map_release(l);
				if (ctx.count % PROGRESS_EVERY == 0)
					progress(l, ctx.count, info.size);
			}
		}
	}
	if (pending_rc != CL_OK) {
		rc = pending_rc;
		if (err != NULL)
			*err = pending;
		goto out;
	}
	if (ctx.digest && (rc = digest_scan(&ctx)) != CL_OK)
		goto out;
	sums_ok = 1;

	/* Cross-checks of everything stored beside the records. */
	if (ctx.count != info.size ||
	    memcmp(info.last_id, cl_chain_last_id(ctx.chain), CL_HASH_BYTES) != 0) {
		rc = cl_error_set(err, CL_EINTEGRITY, "ledger head does not match the records");
		goto out;
	}
	if (memcmp(info.owner, cl_chain_owner(ctx.chain), CL_PUBKEY_BYTES) != 0 ||
	    strcmp(info.origin, cl_chain_origin(ctx.chain)) != 0 ||
	    strcmp(info.owner_name, cl_chain_owner_name(ctx.chain)) != 0) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "stored owner or origin does not match the genesis");
		goto out;
	}
	if ((rc = mdb_stat(txn, l->ids, &st)) != 0) {
		rc = mdb_fail(err, rc, "cannot read ids");
		goto out;
	}
	if (st.ms_entries != ctx.count) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "id index has %zu entries for %" PRIu64 " records",
				  (size_t)st.ms_entries, ctx.count);
		goto out;
	}
	if ((rc = mdb_stat(txn, l->tree, &st)) != 0) {
		rc = mdb_fail(err, rc, "cannot read the merkle tree");
		goto out;
	}
	if (st.ms_entries != ctx.tree_nodes) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "merkle tree has %zu nodes, the records imply %" PRIu64,
				  (size_t)st.ms_entries, ctx.tree_nodes);
		goto out;
	}
	for (int i = 0; i < CL_INDEX_COUNT; i++) {
		if ((rc = mdb_stat(txn, l->idx[i], &st)) != 0) {
			rc = mdb_fail(err, rc, "cannot read an index");
			goto out;
		}
		if (st.ms_entries != ctx.index_entries[i]) {
			rc = cl_error_set(err, CL_EINTEGRITY,
					  "the %s index has %zu entries, the records imply %" PRIu64,
					  cl_index_name(i), (size_t)st.ms_entries, ctx.index_entries[i]);
			goto out;
		}
	}
	if ((rc = verify_checkpoints(l, txn, &ctx, err)) != CL_OK ||
	    (rc = verify_documents(l, txn, err)) != CL_OK ||
	    (rc = verify_aliases(l, txn, &ctx, err)) != CL_OK ||
	    (rc = verify_meta(l, txn, err)) != CL_OK ||
	    (rc = verify_db_flags(l, txn, err)) != CL_OK)
		goto out;
	if ((rc = editors_each(l, txn, verify_editor_cb, &ctx, err)) != CL_OK)
		goto out;
	if ((rc = mdb_stat(txn, l->editors, &st)) != 0) {
		rc = mdb_fail(err, rc, "cannot read editors");
		goto out;
	}
	stored_editors = st.ms_entries;
	chain_editors = cl_chain_editor_count(ctx.chain);
	if (chain_editors == 0 || stored_editors != chain_editors - 1) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "editor index has %zu entries, the chain %zu editors",
				  stored_editors, chain_editors ? chain_editors - 1 : 0);
		goto out;
	}
	/* Every stored node is now the one the bodies imply, so these roots
	 * are recomputed from the bodies. */
	if (cl_merkle_root(tree_get, &tc, ctx.count, done.root, NULL) != CL_OK) {
		rc = cl_error_set(err, CL_EINTEGRITY, "merkle tree is incomplete or damaged");
		goto out;
	}
	if (have_mark && (cl_merkle_root(tree_get, &tc, m.size, root, NULL) != CL_OK ||
			  memcmp(root, m.root, CL_HASH_BYTES) != 0)) {
		rc = cl_error_set(err, CL_EINTEGRITY,
				  "the first %" PRIu64 " records are not the ones whose "
				  "signatures an earlier verify checked: run 'claimledger "
				  "verify --full'", m.size);
		goto out;
	}
	if (cp != NULL && (rc = verify_extends(&tc, cp, ctx.count, done.root, err)) != CL_OK)
		goto out;
	done.size = ctx.count;
	memcpy(done.index_entries, ctx.index_entries, sizeof done.index_entries);
	out->count = ctx.count;
	out->marked = sig_from;
	memcpy(out->root, done.root, CL_HASH_BYTES);
	progress(l, ctx.count, info.size);
	rc = CL_OK;
out:
	if (pool_on)
		pool_stop(&ctx.pool);
	for (size_t i = 0; ctx.slots != NULL && i < VERIFY_WINDOW; i++)
		json_decref(ctx.slots[i].obj);
	cl_wipe(ctx.prf_key, sizeof ctx.prf_key);
	if (cur != NULL)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	cl_chain_free(ctx.chain);
	json_decref(ctx.aliases);
	free(ctx.slots);
	/* A mark records signatures checked: from a checkpoint the first
	 * cp->size were only pinned, so that verify leaves none. */
	if (rc == CL_OK && cp == NULL && !(flags & CL_VERIFY_NOMARK))
		out->mark_saved = mark_write(l, &done);
	/* A digest run that failed before its sums matched runs again with
	 * lookups: they find the first seq at fault, also when an index entry
	 * of an earlier record is wrong too, so the report is the same either
	 * way. */
	if (rc == DIGEST_MISMATCH || (rc == CL_EINTEGRITY && ctx.digest && !sums_ok))
		return verify_run(l, flags | CL_VERIFY_LOOKUPS, cp, out, err);
	return rc;
}

int cl_ledger_verify_ex(cl_ledger *l, unsigned flags, cl_verify_info *out, cl_error *err)
{
	return verify_run(l, flags, NULL, out, err);
}

int cl_ledger_verify_checkpoint(cl_ledger *l, unsigned flags, const cl_checkpoint *cp,
				cl_verify_info *out, cl_error *err)
{
	return verify_run(l, flags | CL_VERIFY_NOMARK, cp, out, err);
}

/* ---- proofs ------------------------------------------------------------- */

/* Run one tree read in its own read txn, after checking size <= ledger size. */
enum tree_op { TREE_ROOT, TREE_INCLUSION, TREE_CONSISTENCY, TREE_LEAF };

static int tree_read(cl_ledger *l, enum tree_op op, uint64_t a, uint64_t size,
		     unsigned char root[CL_HASH_BYTES], unsigned char **proof,
		     size_t *count, cl_error *err)
{
	struct tree_ctx tc = { NULL, l->tree };
	unsigned char last[CL_HASH_BYTES];
	uint64_t have = 0;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &tc.txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = read_head(l, tc.txn, &have, last, err)) != CL_OK)
		goto out;
	if (size > have) {
		rc = cl_error_set(err, CL_ENOTFOUND,
				  "tree size %" PRIu64 " is beyond the ledger's %" PRIu64,
				  size, have);
		goto out;
	}
	switch (op) {
	case TREE_ROOT:
		rc = cl_merkle_root(tree_get, &tc, size, root, err);
		break;
	case TREE_INCLUSION:
		rc = cl_merkle_inclusion_proof(tree_get, &tc, a, size, proof, count, err);
		break;
	case TREE_CONSISTENCY:
		rc = cl_merkle_consistency_proof(tree_get, &tc, a, size, proof, count, err);
		break;
	case TREE_LEAF:
		rc = tree_get(&tc, 0, a, root);
		break;
	}
	if (rc == CL_ENOTFOUND || rc == CL_EINTEGRITY)
		rc = cl_error_set(err, CL_ESTORE, "merkle tree is incomplete or damaged");
out:
	mdb_txn_abort(tc.txn);
	return rc;
}

int cl_ledger_leaf(cl_ledger *l, uint64_t seq, unsigned char leaf[CL_HASH_BYTES],
		   cl_error *err)
{
	if (seq == UINT64_MAX)
		return cl_error_set(err, CL_ENOTFOUND, "no record %" PRIu64, seq);
	return tree_read(l, TREE_LEAF, seq, seq + 1, leaf, NULL, NULL, err);
}

int cl_ledger_root(cl_ledger *l, uint64_t size, unsigned char root[CL_HASH_BYTES],
		   cl_error *err)
{
	return tree_read(l, TREE_ROOT, 0, size, root, NULL, NULL, err);
}

int cl_ledger_inclusion(cl_ledger *l, uint64_t seq, uint64_t size,
			unsigned char **proof, size_t *count, cl_error *err)
{
	*proof = NULL;
	*count = 0;
	if (seq >= size)
		return cl_error_set(err, CL_EINPUT, "record %" PRIu64 " is not in a tree of size %"
				    PRIu64, seq, size);
	return tree_read(l, TREE_INCLUSION, seq, size, NULL, proof, count, err);
}

int cl_ledger_consistency(cl_ledger *l, uint64_t old_size, uint64_t size,
			  unsigned char **proof, size_t *count, cl_error *err)
{
	*proof = NULL;
	*count = 0;
	if (old_size > size)
		return cl_error_set(err, CL_EINPUT, "old size %" PRIu64 " is larger than %" PRIu64,
				    old_size, size);
	return tree_read(l, TREE_CONSISTENCY, old_size, size, NULL, proof, count, err);
}

/* ---- checkpoints -------------------------------------------------------- */

/* The latest stored checkpoint in `txn`: its note (pointing into the map,
 * valid for the txn) and its parsed body.  CL_ENOTFOUND when none. */
static int latest_checkpoint(cl_ledger *l, MDB_txn *txn, MDB_val *note,
			     cl_checkpoint *cp, cl_error *err)
{
	MDB_cursor *cur;
	MDB_val k;
	size_t text_len;
	int rc;

	if ((rc = mdb_cursor_open(txn, l->checkpoints, &cur)) != 0)
		return mdb_fail(err, rc, "cannot read checkpoints");
	rc = mdb_cursor_get(cur, &k, note, MDB_LAST);
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return cl_error_set(err, CL_ENOTFOUND, "no checkpoint has been issued");
	if (rc != 0)
		return mdb_fail(err, rc, "cannot read checkpoints");
	/* Only the owner signs checkpoints, and only after checking them; what
	 * we read back is parsed, not trusted (verify re-checks signatures). */
	text_len = note->mv_size;
	for (size_t i = 1; i < note->mv_size; i++)
		if (((const char *)note->mv_data)[i - 1] == '\n' &&
		    ((const char *)note->mv_data)[i] == '\n')
			text_len = i;
	if ((rc = cl_checkpoint_parse(note->mv_data, text_len, cp, err)) != CL_OK)
		return cl_error_set(err, CL_EINTEGRITY, "stored checkpoint is malformed");
	if (k.mv_size != 8 || be64_get(k.mv_data) != cp->size)
		return cl_error_set(err, CL_EINTEGRITY, "stored checkpoint key does not match its size");
	return CL_OK;
}

/* 1 when the tree in `txn` (of info->size records) extends the checkpoint
 * `cp`: same origin, no larger, and its root at cp->size is cp->root. */
static int tree_extends(struct tree_ctx *tc, const cl_ledger_info *info,
			const cl_checkpoint *cp)
{
	unsigned char root[CL_HASH_BYTES];

	return cp->size <= info->size && strcmp(cp->origin, info->origin) == 0 &&
	       cl_merkle_root(tree_get, tc, cp->size, root, NULL) == CL_OK &&
	       memcmp(root, cp->root, CL_HASH_BYTES) == 0;
}

/* CL_OK when the latest checkpoint stored in `txn` (if any) is extended by
 * the tree; CL_EINTEGRITY "refusing to `doing`" otherwise. */
static int latest_extended(cl_ledger *l, struct tree_ctx *tc, const cl_ledger_info *info,
			   const char *doing, cl_error *err)
{
	cl_checkpoint last;
	MDB_val v;
	int rc = latest_checkpoint(l, tc->txn, &v, &last, err);

	if (rc == CL_ENOTFOUND)
		return CL_OK;
	if (rc != CL_OK)
		return rc;
	if (!tree_extends(tc, info, &last))
		return cl_error_set(err, CL_EINTEGRITY, "the ledger no longer extends "
				    "checkpoint %" PRIu64 ": refusing to %s", last.size, doing);
	return CL_OK;
}

/* Sign a checkpoint of the tree in `txn` with `owner` (see
 * cl_ledger_checkpoint): the note in *out (malloc'd), its body in *cp. */
static int checkpoint_make(cl_ledger *l, MDB_txn *txn, const cl_seckey *owner,
			   cl_checkpoint *cp, char **out, size_t *out_len, cl_error *err)
{
	struct tree_ctx tc = { txn, l->tree };
	cl_ledger_info info;
	cl_seckey *as_origin = NULL;
	int rc;

	memset(cp, 0, sizeof *cp);
	if ((rc = read_info(l, txn, &info, err)) != CL_OK)
		return rc;
	if (memcmp(info.owner, cl_seckey_pubkey(owner), CL_PUBKEY_BYTES) != 0)
		return cl_error_set(err, CL_EKEY, "key '%s' is not the ledger owner",
				    cl_seckey_name(owner));
	if (cl_merkle_root(tree_get, &tc, info.size, cp->root, err) != CL_OK)
		return cl_error_set(err, CL_ESTORE, "merkle tree is incomplete or damaged");
	/* Never sign a checkpoint that contradicts one already signed: the old
	 * root must still be the root of the first old-size records. */
	if ((rc = latest_extended(l, &tc, &info, "sign", err)) != CL_OK)
		return rc;
	if ((size_t)snprintf(cp->origin, sizeof cp->origin, "%s", info.origin) >=
	    sizeof cp->origin)
		return cl_error_set(err, CL_ESTORE, "origin too long");
	cp->size = info.size;
	if ((rc = cl_seckey_rename(owner, info.origin, &as_origin, err)) == CL_OK)
		rc = cl_checkpoint_sign(cp, as_origin, out, out_len, err);
	cl_seckey_free(as_origin);
	return rc;
}

/* Store the note of `cp` in the write txn `txn`. */
static int checkpoint_put(cl_ledger *l, MDB_txn *txn, const cl_checkpoint *cp,
			  const char *note, size_t note_len, cl_error *err)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v = { note_len, (void *)note };
	int rc;

	be64_put(key, cp->size);
	if ((rc = mdb_put(txn, l->checkpoints, &k, &v, 0)) != 0)
		return mdb_fail(err, rc, "cannot store the checkpoint");
	return CL_OK;
}

int cl_ledger_checkpoint(cl_ledger *l, const cl_seckey *owner, char **note,
			 size_t *note_len, cl_error *err)
{
	MDB_txn *txn = NULL;
	cl_checkpoint cp;
	char *out = NULL;
	size_t out_len = 0;
	int rc;

	*note = NULL;
	*note_len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, 0, &txn)) != 0)
		return mdb_fail(err, rc, "cannot start a write");
	if ((rc = checkpoint_make(l, txn, owner, &cp, &out, &out_len, err)) != CL_OK ||
	    (rc = checkpoint_put(l, txn, &cp, out, out_len, err)) != CL_OK)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0) {
		rc = mdb_fail(err, rc, "cannot commit the checkpoint");
		goto out;
	}
	*note = out;
	*note_len = out_len;
	out = NULL;
	rc = CL_OK;
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	free(out);
	return rc;
}

int cl_ledger_checkpoint_sign(cl_ledger *l, const cl_seckey *owner, char **note,
			      size_t *note_len, cl_checkpoint *cp, cl_error *err)
{
	MDB_txn *txn = NULL;
	int rc;

	*note = NULL;
	*note_len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	rc = checkpoint_make(l, txn, owner, cp, note, note_len, err);
	mdb_txn_abort(txn);
	if (rc != CL_OK) {
		free(*note);
		*note = NULL;
		*note_len = 0;
	}
	return rc;
}

int cl_ledger_checkpoint_store(cl_ledger *l, const char *note, size_t note_len,
			       const cl_checkpoint *cp, cl_error *err)
{
	MDB_txn *txn = NULL;
	struct tree_ctx tc = { NULL, l->tree };
	cl_ledger_info info;
	int rc;

	if ((rc = mdb_txn_begin(l->env, NULL, 0, &txn)) != 0)
		return mdb_fail(err, rc, "cannot start a write");
	tc.txn = txn;
	if ((rc = read_info(l, txn, &info, err)) != CL_OK)
		goto out;
	/* Others may have appended, or stored a checkpoint, since it was
	 * signed: both must still agree with the tree. */
	if (!tree_extends(&tc, &info, cp)) {
		rc = cl_error_set(err, CL_EINTEGRITY, "the ledger no longer extends the "
				  "checkpoint of %" PRIu64 " records: refusing to store it",
				  cp->size);
		goto out;
	}
	if ((rc = latest_extended(l, &tc, &info, "store", err)) != CL_OK ||
	    (rc = checkpoint_put(l, txn, cp, note, note_len, err)) != CL_OK)
		goto out;
	rc = mdb_txn_commit(txn);
	txn = NULL;
	if (rc != 0)
		rc = mdb_fail(err, rc, "cannot commit the checkpoint");
	else
		rc = CL_OK;
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	return rc;
}

int cl_ledger_latest_checkpoint(cl_ledger *l, char **note, size_t *note_len,
				cl_checkpoint *cp, cl_error *err)
{
	MDB_txn *txn;
	MDB_val v;
	int rc;

	*note = NULL;
	*note_len = 0;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = latest_checkpoint(l, txn, &v, cp, err)) == CL_OK) {
		if ((*note = malloc(v.mv_size + 1)) == NULL) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		} else {
			memcpy(*note, v.mv_data, v.mv_size);
			(*note)[v.mv_size] = '\0';
			*note_len = v.mv_size;
		}
	}
	mdb_txn_abort(txn);
	return rc;
}

/* ---- queries ------------------------------------------------------------ */

struct query_run {
	cl_ledger *l;
	MDB_txn *txn;
	const cl_query *q;
	cl_search *search; /* the speaker and source queries (ledger/search.h) */
	const unsigned char *ref; /* refs: the id the records must point at */
	cl_record_fn fn;
	void *ctx;
	uint64_t matched;
	cl_error *err;
};

/* 1 when `body` passes every filter of the query. */
static int query_match(const struct query_run *qr, const json_t *body)
{
	const cl_query *q = qr->q;
	const char *type = json_string_value(json_object_get(body, "type"));
	unsigned char day[CL_INDEX_VALUE_MAX];

	if (q->type != NULL && (type == NULL || strcmp(type, q->type) != 0))
		return 0;
	if (qr->ref != NULL) {
		/* The index says so; the body must say so too. */
		const char *to = json_string_value(json_object_get(body, "claim"));
		char hex[CL_ID_HEX + 1];
		if (to == NULL || cl_type_from_name(type) != CL_TYPE_VERDICT)
			to = json_string_value(json_object_get(body, "target"));
		cl_hex_encode(hex, qr->ref, CL_HASH_BYTES);
		if (to == NULL || strcmp(to, hex) != 0)
			return 0;
	}
	if (q->speaker != NULL || q->source != NULL) {
		const char *sp = json_string_value(json_object_get(body, "speaker"));
		const char *so = json_string_value(json_object_get(body, "source"));
		if (cl_type_from_name(type) != CL_TYPE_CLAIM)
			return 0;
		if (!cl_search_source(qr->search, so) || !cl_search_speaker(qr->search, sp))
			return 0;
	}
	if (q->since != NULL || q->until != NULL) {
		if (index_value(CL_INDEX_DATE, body, day, sizeof day) != 10)
			return 0;
		if (q->since != NULL && memcmp(day, q->since, 10) < 0)
			return 0;
		if (q->until != NULL && memcmp(day, q->until, 10) > 0)
			return 0;
	}
	return 1;
}

/* Read record `seq`, filter it, hand it on.  1 when the walk should stop
 * (limit reached), 0 to go on, < 0 or the callback's non-zero to fail. */
static int query_visit(struct query_run *qr, uint64_t seq)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	json_t *body;
	cl_record r;
	int rc;

	be64_put(key, seq);
	if ((rc = mdb_get(qr->txn, qr->l->records, &k, &v)) != 0)
		return rc == MDB_NOTFOUND
			? cl_error_set(qr->err, CL_EINTEGRITY,
				       "an index points at missing record %" PRIu64, seq)
			: mdb_fail(qr->err, rc, "cannot read records");
	if ((rc = record_read(seq, &v, &r, qr->err)) != CL_OK)
		return rc;
	if ((body = json_loadb(r.body, r.body_len, 0, NULL)) == NULL)
		return cl_error_set(qr->err, CL_EINTEGRITY, "seq %" PRIu64 ": body is not JSON", seq);
	rc = query_match(qr, body);
	json_decref(body);
	if (!rc)
		return 0;
	if ((rc = qr->fn(qr->ctx, &r)) != 0)
		return rc;
	qr->matched++;
	return qr->q->limit != 0 && qr->matched >= qr->q->limit;
}

/*
 * Walk the keys of index `dbi` from `lo` to `hi` (inclusive, both `len`
 * bytes long prefixes padded by the seq), forwards or backwards, visiting
 * the seq at the end of each key.
 */
static int query_walk(struct query_run *qr, MDB_dbi dbi, const unsigned char *lo,
		      const unsigned char *hi, size_t len, int backwards)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, op;

	if ((rc = mdb_cursor_open(qr->txn, dbi, &cur)) != 0)
		return mdb_fail(qr->err, rc, "cannot read an index");
	k.mv_size = len;
	k.mv_data = (void *)(backwards ? hi : lo);
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (backwards) {
		/* SET_RANGE lands after `hi` (or nowhere): step back once. */
		if (rc == MDB_NOTFOUND)
			rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
		else if (rc == 0 && (k.mv_size != len || memcmp(k.mv_data, hi, len) > 0))
			rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
	}
	op = backwards ? MDB_PREV : MDB_NEXT;
	for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op)) {
		int c;
		if (k.mv_size < 9) {
			rc = cl_error_set(qr->err, CL_EINTEGRITY, "malformed index key");
			break;
		}
		/* Keys of other lengths sort among ours by prefix: compare the
		 * value part against the bounds. */
		if (backwards ? (c = memcmp(k.mv_data, lo, len < k.mv_size ? len : k.mv_size)) < 0 ||
				(c == 0 && k.mv_size < len)
			      : (c = memcmp(k.mv_data, hi, len < k.mv_size ? len : k.mv_size)) > 0 ||
				(c == 0 && k.mv_size > len)) {
			rc = MDB_NOTFOUND;
			break;
		}
		if ((rc = query_visit(qr, be64_get((const unsigned char *)k.mv_data + k.mv_size - 8))) != 0)
			break;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND || rc == 1 ? CL_OK : rc;
}

struct seqs {
	uint64_t *v;
	size_t n, cap;
};

static int seqs_add(struct seqs *s, uint64_t seq)
{
	uint64_t *p;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		if ((p = realloc(s->v, s->cap * sizeof *p)) == NULL)
			return CL_ENOMEM;
		s->v = p;
	}
	s->v[s->n++] = seq;
	return CL_OK;
}

static int seq_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A search by speaker words or source host: the index is sorted by the
 * whole value, so the values that match are not one key range.  Walk the
 * distinct values (one seek each past a value that does not match, so the
 * cost follows the number of speakers or sources, not of claims), collect
 * the seqs of those that match, and visit them in seq order, so that
 * `newest_first` and `limit` mean what they do for one value.  A value cut
 * at CL_INDEX_VALUE_MAX bytes may hide the rest of a long name: it is a
 * candidate, and query_match decides on the body.
 */
static int query_search(struct query_run *qr, int which)
{
	unsigned char key[CL_INDEX_VALUE_MAX + 9];
	char val[CL_INDEX_VALUE_MAX + 1];
	struct seqs found = { 0 };
	MDB_cursor *cur;
	MDB_val k, v;
	size_t i, n;
	int rc, m;

	if ((rc = mdb_cursor_open(qr->txn, qr->l->idx[which], &cur)) != 0)
		return mdb_fail(qr->err, rc, "cannot read an index");
	rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
	while (rc == 0) {
		if (k.mv_size < 9 || k.mv_size - 9 > CL_INDEX_VALUE_MAX ||
		    ((const unsigned char *)k.mv_data)[k.mv_size - 9] != 0) {
			rc = cl_error_set(qr->err, CL_EINTEGRITY, "malformed index key");
			goto out;
		}
		n = k.mv_size - 9;
		memcpy(val, k.mv_data, n);
		val[n] = '\0';
		m = n == CL_INDEX_VALUE_MAX ||
		    (which == CL_INDEX_SPEAKER ? cl_search_speaker(qr->search, val)
					       : cl_search_source(qr->search, val));
		if (!m) {
			/* Past every key of this value: value || 0x01; for a
			 * source, past every URL of its host and path prefix:
			 * "scheme://host/" || 0xff (no UTF-8 byte is 0xff). */
			size_t hp = which == CL_INDEX_SOURCE ? cl_url_host_prefix(val) : 0;
			memcpy(key, val, n);
			if (hp > 0) {
				key[hp] = 0xff;
				k.mv_size = hp + 1;
			} else {
				key[n] = 1;
				k.mv_size = n + 1;
			}
			k.mv_data = key;
			rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
			continue;
		}
		while (rc == 0 && k.mv_size == n + 9 && memcmp(k.mv_data, val, n) == 0) {
			if ((rc = seqs_add(&found, be64_get((const unsigned char *)k.mv_data + n + 1))) != CL_OK) {
				rc = cl_error_set(qr->err, CL_ENOMEM, "out of memory");
				goto out;
			}
			rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
		}
	}
	if (rc != MDB_NOTFOUND) {
		rc = mdb_fail(qr->err, rc, "cannot read an index");
		goto out;
	}
	rc = CL_OK;
	if (found.n > 1)
		qsort(found.v, found.n, sizeof *found.v, seq_cmp);
	for (i = 0; i < found.n && rc == 0; i++) {
		size_t j = qr->q->newest_first ? found.n - 1 - i : i;
		if (i > 0 && found.v[j] == found.v[qr->q->newest_first ? j + 1 : j - 1])
			continue;
		rc = query_visit(qr, found.v[j]);
	}
	if (rc == 1)
		rc = CL_OK;
out:
	mdb_cursor_close(cur);
	free(found.v);
	return rc;
}

int cl_ledger_query(cl_ledger *l, const cl_query *q, cl_record_fn fn, void *ctx,
		    cl_error *err)
{
	struct query_run qr = { .l = l, .q = q, .fn = fn, .ctx = ctx, .err = err };
	unsigned char lo[CL_INDEX_VALUE_MAX + 9], hi[CL_INDEX_VALUE_MAX + 9];
	size_t n = 0;
	int rc, which = -1, search = 0;

	if ((q->since != NULL && !cl_date_valid(q->since)) ||
	    (q->until != NULL && !cl_date_valid(q->until)))
		return cl_error_set(err, CL_EINPUT, "dates are YYYY-MM-DD");
	if (q->type != NULL && cl_type_from_name(q->type) == CL_TYPE_UNKNOWN)
		return cl_error_set(err, CL_EINPUT, "unknown record type '%s'", q->type);
	if (q->speaker != NULL) {
		which = CL_INDEX_SPEAKER;
		search = 1;
	} else if (q->source != NULL && strstr(q->source, "://") == NULL) {
		which = CL_INDEX_SOURCE;
		search = 1;
	} else if (q->source != NULL) {
		which = CL_INDEX_SOURCE;
		n = strlen(q->source) < CL_INDEX_VALUE_MAX ? strlen(q->source) : CL_INDEX_VALUE_MAX;
		memcpy(lo, q->source, n);
	} else if (q->type != NULL) {
		which = CL_INDEX_TYPE;
		n = strlen(q->type);
		memcpy(lo, q->type, n);
	}
	/* The alias table is read first: LMDB allows one read txn a thread. */
	if ((q->speaker != NULL || q->source != NULL) &&
	    (rc = cl_search_new(l, q->speaker, q->source, &qr.search, err)) != CL_OK)
		return rc;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &qr.txn)) != 0) {
		cl_search_free(qr.search);
		return mdb_fail(err, rc, "cannot read ledger");
	}
	if (search) {
		rc = query_search(&qr, which);
	} else if (which >= 0) {
		/* One value: keys value || 0 || 0...0 through value || 0 || ff...ff. */
		memcpy(hi, lo, n);
		lo[n] = hi[n] = 0;
		memset(lo + n + 1, 0x00, 8);
		memset(hi + n + 1, 0xff, 8);
		rc = query_walk(&qr, l->idx[which], lo, hi, n + 9, q->newest_first);
	} else if (q->since != NULL || q->until != NULL) {
		/* A date range: ordered by date, then seq. */
		memcpy(lo, q->since ? q->since : "0000-00-00", 10);
		memcpy(hi, q->until ? q->until : "9999-99-99", 10);
		lo[10] = hi[10] = 0;
		memset(lo + 11, 0x00, 8);
		memset(hi + 11, 0xff, 8);
		rc = query_walk(&qr, l->idx[CL_INDEX_DATE], lo, hi, 19, q->newest_first);
	} else {
		uint64_t size = 0;
		unsigned char last[CL_HASH_BYTES];
		if ((rc = read_head(l, qr.txn, &size, last, err)) == CL_OK) {
			for (uint64_t i = 0; i < size && rc == 0; i++)
				rc = query_visit(&qr, q->newest_first ? size - 1 - i : i);
			if (rc == 1)
				rc = CL_OK;
		}
	}
	mdb_txn_abort(qr.txn);
	cl_search_free(qr.search);
	return rc;
}

int cl_ledger_refs(cl_ledger *l, const unsigned char id[CL_HASH_BYTES],
		   cl_record_fn fn, void *ctx, cl_error *err)
{
	cl_query q = { 0 };
	struct query_run qr = { .l = l, .q = &q, .ref = id, .fn = fn, .ctx = ctx, .err = err };
	unsigned char lo[CL_HASH_BYTES + 9], hi[CL_HASH_BYTES + 9];
	int rc;

	memcpy(lo, id, CL_HASH_BYTES);
	memcpy(hi, id, CL_HASH_BYTES);
	lo[CL_HASH_BYTES] = hi[CL_HASH_BYTES] = 0;
	memset(lo + CL_HASH_BYTES + 1, 0x00, 8);
	memset(hi + CL_HASH_BYTES + 1, 0xff, 8);
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &qr.txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	rc = query_walk(&qr, l->idx[CL_INDEX_REF], lo, hi, sizeof lo, 0);
	mdb_txn_abort(qr.txn);
	return rc;
}

/* ==== tlog-tiles (issue 15): perfect-subtree reads for the hash tiles ====
 * Kept in one block at the end of the file while store.c is split by
 * concern; it belongs with the tree store. */

int cl_ledger_nodes(cl_ledger *l, unsigned level, uint64_t index, size_t count,
		    unsigned char *out, cl_error *err)
{
	struct tree_ctx tc = { NULL, l->tree };
	unsigned char last[CL_HASH_BYTES];
	uint64_t have = 0, whole;
	int rc;

	if (level >= CL_MERKLE_MAX_DEPTH)
		return cl_error_set(err, CL_EINPUT, "tree level %u is above 63", level);
	if (count == 0)
		return CL_OK;
	if ((rc = mdb_txn_begin(l->env, NULL, MDB_RDONLY, &tc.txn)) != 0)
		return mdb_fail(err, rc, "cannot read ledger");
	if ((rc = read_head(l, tc.txn, &have, last, err)) != CL_OK)
		goto out;
	/* Nodes of this level whose leaves are all in: have >> level.  Written
	 * as two comparisons so that index + count cannot overflow. */
	whole = have >> level;
	if (index > whole || count > whole - index) {
		rc = cl_error_set(err, CL_ENOTFOUND, "%zu tree node%s (%u, %" PRIu64
				  ") on are beyond the ledger's %" PRIu64 " records",
				  count, count == 1 ? "" : "s", level, index, have);
		goto out;
	}
	for (size_t i = 0; i < count && rc == CL_OK; i++)
		rc = tree_get(&tc, level, index + i, out + i * CL_HASH_BYTES);
	if (rc == CL_ENOTFOUND || rc == CL_EINTEGRITY)
		rc = cl_error_set(err, CL_ESTORE, "merkle tree is incomplete or damaged");
	else if (rc != CL_OK)
		rc = cl_error_set(err, rc, "cannot read the merkle tree");
out:
	mdb_txn_abort(tc.txn);
	/* A publish reads every tile in turn: keep the map's resident pages
	 * bounded as a scan does (a no-op below MAP_RESIDENT_MAX). */
	map_release(l);
	return rc;
}

int cl_ledger_node(cl_ledger *l, unsigned level, uint64_t index,
		   unsigned char out[CL_HASH_BYTES], cl_error *err)
{
	return cl_ledger_nodes(l, level, index, 1, out, err);
}
/* ==== end of tlog-tiles ==== */
