/*
 * publish.c: the ledger as C2SP tlog-tiles in a directory (publish.h is
 * the manual; SPEC.md, "Publishing as tlog-tiles", the bytes).
 *
 * The order of writes is what lets a reader trust what it finds: every
 * check first (DIR's checkpoint is this ledger's and the ledger extends
 * it; the log file is this log's; every new body fits an entry bundle;
 * the cosigned copies cosign this checkpoint), then the articles the new
 * records cite, the entry and signature bundles, the hash tiles, the log
 * file, and the checkpoint last.  Each file goes to a temporary name in
 * its directory, is synced and renamed, so a reader never sees half a
 * file nor a checkpoint whose tiles are missing.
 *
 * Incremental: only the tiles the new size has and DIR's size lacks are
 * written.  A tile that should be new but exists is compared, never
 * rewritten: the same bytes are skipped (an interrupted run), other bytes
 * refused (CL_EINTEGRITY: DIR holds another history).
 */
#include "ledger/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/format.h"
#include "base/grow.h"
#include "ledger/canon.h"
#include "ledger/export_docs.h"
#include "ledger/tiles.h"

#define LOG_FORMAT "tiles/1"

/* One publish run. */
struct pub {
	const char *dir;        /* DIR as given */
	cl_ledger *l;
	cl_ledger_info info;
	uint64_t old_size;      /* what DIR's checkpoint covers (0: none) */
	cl_checkpoint cp;       /* the checkpoint being published */
	cl_docset *docs;        /* articles the new records cite */
	uint64_t files, bytes;  /* written (files skipped as equal not counted) */
	unsigned char *bundle, *sigs; /* the bundle being built */
	size_t blen, bcap, slen;
	uint64_t big_seq;       /* a body over CL_TILE_ENTRY_MAX, UINT64_MAX: none */
	size_t big_len;
	char **dirs;            /* directories renamed into, not yet synced */
	size_t ndirs, capdirs;
	cl_error *err;
};

/* ---- files -------------------------------------------------------------- */

/* "DIR/rel" (malloc'd), or NULL with the error set. */
static char *dir_path(struct pub *p, const char *rel)
{
	char *s = cl_format("%s/%s", p->dir, rel);

	if (s == NULL)
		cl_error_set(p->err, CL_ENOMEM, "out of memory");
	return s;
}

/*
 * Note that a file was renamed into the directory of `path` (the part
 * before `base`): its entry is durable only once that directory is
 * synced (sync_dirs).  CL_ENOMEM.
 */
static int note_dir(struct pub *p, const char *path, const char *base)
{
	size_t n = (size_t)(base - path);
	char *d, **grown;

	for (size_t i = p->ndirs; i-- > 0;)
		if (strlen(p->dirs[i]) == n && memcmp(p->dirs[i], path, n) == 0)
			return CL_OK;
	if ((grown = cl_grow(p->dirs, &p->capdirs, p->ndirs, sizeof *p->dirs, 16)) == NULL)
		return cl_error_set(p->err, CL_ENOMEM, "out of memory");
	p->dirs = grown;
	if ((d = cl_format("%.*s", (int)n, path)) == NULL)
		return cl_error_set(p->err, CL_ENOMEM, "out of memory");
	p->dirs[p->ndirs++] = d;
	return CL_OK;
}

/* fsync every directory note_dir noted, and forget them: after this the
 * files renamed so far survive a crash, so a checkpoint written next
 * never outlives the tiles it needs. */
static int sync_dirs(struct pub *p)
{
	int rc = CL_OK;

	for (size_t i = 0; i < p->ndirs; i++) {
		if (rc == CL_OK)
			rc = cl_file_sync_dir(p->dirs[i], p->err);
		free(p->dirs[i]);
	}
	p->ndirs = 0;
	return rc;
}

/* Create every missing directory of `path` up to its last '/', mode
 * 0755 whatever the umask: the tiles are public.  An existing directory
 * may be a symbolic link to one (DIR often is, under a web root). */
static int make_parents(struct pub *p, char *path)
{
	struct stat st;
	char *s;

	for (s = path + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (stat(path, &st) != 0) {
			if (mkdir(path, 0755) != 0 && errno != EEXIST) {
				cl_error_set(p->err, CL_EIO, "cannot create '%s': %s",
					     path, strerror(errno));
				*s = '/';
				return CL_EIO;
			}
			(void)chmod(path, 0755);
			/* The new directory's entry, in its parent, must be
			 * durable too (sync_dirs). */
			char *slash = strrchr(path, '/');
			int rc = slash ? note_dir(p, path, slash + 1)
				       : note_dir(p, "./", "./" + 2);
			if (rc != CL_OK) {
				*s = '/';
				return rc;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			cl_error_set(p->err, CL_EINPUT, "'%s' is not a directory", path);
			*s = '/';
			return CL_EINPUT;
		}
		*s = '/';
	}
	return CL_OK;
}

/* 1 when the regular file `path` holds exactly buf[0..len-1], 0 when it
 * holds other bytes, negative (error set) when it cannot be read. */
static int same_bytes(struct pub *p, const char *path, const struct stat *st,
		      const unsigned char *buf, size_t len)
{
	unsigned char chunk[65536];
	size_t off = 0;
	ssize_t n;
	int fd, same = 1;

	if ((uint64_t)st->st_size != (uint64_t)len)
		return 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) < 0)
		return cl_error_set(p->err, CL_EIO, "cannot read '%s': %s", path,
				    strerror(errno));
	while (same && (n = read(fd, chunk, sizeof chunk)) > 0) {
		if ((size_t)n > len - off || memcmp(chunk, buf + off, (size_t)n) != 0)
			same = 0;
		off += (size_t)n;
	}
	close(fd);
	return same && off == len;
}

/*
 * Write buf to DIR/rel whole (cl_file_replace), mode 0644, its directory
 * noted for sync_dirs.  `immutable`: when the file exists, compare it:
 * the same bytes are left alone (not counted), other bytes refused with
 * CL_EINTEGRITY.
 */
static int put_file(struct pub *p, const char *rel, const void *buf, size_t len,
		    int immutable)
{
	char *path = dir_path(p, rel);
	struct stat st;
	int rc = CL_OK;

	if (path == NULL)
		return CL_ENOMEM;
	if ((rc = make_parents(p, path)) != CL_OK)
		goto out;
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			rc = cl_error_set(p->err, CL_EINPUT, "'%s' is not a regular file",
					  path);
			goto out;
		}
		if (immutable) {
			int same = same_bytes(p, path, &st, buf, len);
			if (same < 0)
				rc = same;
			else if (!same)
				rc = cl_error_set(p->err, CL_EINTEGRITY, "'%s' exists "
						  "with other bytes: DIR holds another "
						  "history; refusing to overwrite it", path);
			goto out;
		}
	}
	/* The directory is synced once for all its files (sync_dirs). */
	if ((rc = cl_file_replace(path, buf, len, 0644, CL_FILE_NO_DIRSYNC,
				  p->err)) != CL_OK)
		goto out;
	p->files++;
	p->bytes += len;
	rc = note_dir(p, path, strrchr(path, '/') + 1);
out:
	free(path);
	return rc;
}

/* Read DIR/rel (a regular file of at most `max` bytes) into a malloc'd,
 * NUL-terminated buffer.  CL_ENOTFOUND when it does not exist. */
static int get_file(struct pub *p, const char *rel, size_t max, char **out,
		    size_t *len)
{
	char *path = dir_path(p, rel), *buf = NULL;
	struct stat st;
	ssize_t n;
	size_t off = 0;
	int fd, rc = CL_OK;

	*out = NULL;
	if (path == NULL)
		return CL_ENOMEM;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) < 0) {
		rc = errno == ENOENT ? CL_ENOTFOUND
			: cl_error_set(p->err, CL_EIO, "cannot read '%s': %s", path,
				       strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
		rc = cl_error_set(p->err, CL_EINPUT, "'%s' is not a regular file of at "
				  "most %zu bytes", path, max);
		goto out_fd;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = cl_error_set(p->err, CL_ENOMEM, "out of memory");
		goto out_fd;
	}
	while (off < (size_t)st.st_size &&
	       (n = read(fd, buf + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	if (off != (size_t)st.st_size) {
		rc = cl_error_set(p->err, CL_EIO, "cannot read '%s'", path);
		free(buf);
		goto out_fd;
	}
	buf[off] = '\0';
	*out = buf;
	*len = off;
out_fd:
	close(fd);
out:
	free(path);
	return rc;
}

/* ---- checks before anything is written ----------------------------------- */

/* The log file's bytes: one line of canonical JSON (RFC 8785, as record
 * bodies are: an origin may be any UTF-8) and "\n". */
static char *log_line(struct pub *p, size_t *len)
{
	char vkey[CL_VKEY_MAX], *s = NULL, *line = NULL;
	json_t *o;

	cl_vkey_format(vkey, p->info.origin, p->info.owner);
	o = json_pack("{s:s, s:s, s:s}", "claimledger", LOG_FORMAT, "origin",
		      p->info.origin, "owner", vkey);
	if (o == NULL)
		cl_error_set(p->err, CL_ENOMEM, "out of memory");
	else if (cl_canon_encode(o, &s, len, p->err) == CL_OK &&
		 (line = realloc(s, *len + 2)) == NULL)
		cl_error_set(p->err, CL_ENOMEM, "out of memory");
	if (line != NULL) {
		line[(*len)++] = '\n';
		line[*len] = '\0';
	} else {
		free(s);
	}
	json_decref(o);
	return line;
}

/* Every record old_size .. cp.size - 1: its body fits a bundle; note the
 * articles it cites. */
static int check_record(void *ctx, const cl_record *r)
{
	struct pub *p = ctx;

	if (r->body_len > CL_TILE_ENTRY_MAX) {
		p->big_seq = r->seq;
		p->big_len = r->body_len;
		return 1;
	}
	return cl_docset_note(p->docs, r->body, r->body_len, p->err);
}

/*
 * The signature lines of `note` (after its text of text_len bytes) that
 * are not the owner's (key name = origin) and not already in *lines:
 * appended to *lines (malloc'd text, *len bytes).
 */
static int add_cosigs(struct pub *p, const char *note, size_t len, size_t text_len,
		      char **lines, size_t *lines_len)
{
	const char *s = note + text_len, *end = note + len, *nl;
	char *owner_prefix = cl_format("\xe2\x80\x94 %s ", p->info.origin);
	int rc = CL_OK;

	if (owner_prefix == NULL)
		return cl_error_set(p->err, CL_ENOMEM, "out of memory");
	/* text_len covers the text's final "\n"; the blank line follows */
	if (s < end && *s == '\n')
		s++;
	for (; s < end && rc == CL_OK; s = nl + 1) {
		size_t n;
		char *grown;

		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			break;
		n = (size_t)(nl - s) + 1;
		if (n > strlen(owner_prefix) &&
		    memcmp(s, owner_prefix, strlen(owner_prefix)) == 0)
			continue;
		int dup = 0;
		for (const char *q = *lines; q && q < *lines + *lines_len;) {
			const char *qn = memchr(q, '\n', (size_t)(*lines + *lines_len - q));
			size_t qlen = (size_t)(qn - q) + 1;
			if (qlen == n && memcmp(q, s, n) == 0)
				dup = 1;
			q = qn + 1;
		}
		if (dup)
			continue;
		if ((grown = realloc(*lines, *lines_len + n + 1)) == NULL) {
			rc = cl_error_set(p->err, CL_ENOMEM, "out of memory");
			break;
		}
		memcpy(grown + *lines_len, s, n);
		*lines_len += n;
		grown[*lines_len] = '\0';
		*lines = grown;
	}
	free(owner_prefix);
	return rc;
}

/* ---- writing --------------------------------------------------------------- */

/*
 * One record of the scan that writes the bundles (records from the start
 * of the first bundle to write up to the checkpoint's size): appended to
 * the bundle being built, which is written, entries then signatures, at
 * each multiple of 256 and at the end.  One scan for all of them, so that
 * the store releases the pages it has read as it goes.
 */
static int bundle_record(void *ctx, const cl_record *r)
{
	struct pub *p = ctx;
	char rel[CL_TILE_PATH_MAX];
	unsigned width;
	uint64_t index;
	int rc = cl_bundle_append(&p->bundle, &p->blen, &p->bcap, r->body,
				  r->body_len, p->err);

	if (rc != CL_OK)
		return rc;
	memcpy(p->sigs + p->slen, r->sig, CL_SIG_BYTES);
	p->slen += CL_SIG_BYTES;
	width = (unsigned)(p->slen / CL_SIG_BYTES);
	if (width < CL_TILE_WIDTH && r->seq + 1 != p->cp.size)
		return CL_OK;
	index = r->seq / CL_TILE_WIDTH;
	if (cl_tile_path(rel, sizeof rel, CL_TILE_ENTRIES, index, width) < 0 ||
	    (rc = put_file(p, rel, p->bundle, p->blen, 1)) != CL_OK)
		return rc != CL_OK ? rc : cl_error_set(p->err, CL_EINPUT, "bad tile");
	if (cl_tile_path(rel, sizeof rel, CL_TILE_SIGS, index, width) < 0 ||
	    (rc = put_file(p, rel, p->sigs, p->slen, 1)) != CL_OK)
		return rc != CL_OK ? rc : cl_error_set(p->err, CL_EINPUT, "bad tile");
	p->blen = p->slen = 0;
	return CL_OK;
}

/* The bundles that the checkpoint's size has and DIR's lacks: from the
 * bundle holding record old_size (whole again, at its new width) on;
 * none when the size is the same. */
static int put_bundles(struct pub *p)
{
	uint64_t from = p->old_size / CL_TILE_WIDTH * CL_TILE_WIDTH;
	int rc;

	if (p->old_size == p->cp.size)
		return CL_OK;
	p->blen = p->slen = 0;
	rc = cl_ledger_scan(p->l, from, p->cp.size, bundle_record, p, p->err);
	if (rc == CL_OK && (p->slen != 0 || p->blen != 0))
		rc = cl_error_set(p->err, CL_ESTORE, "the ledger ended before record %"
				  PRIu64, p->cp.size - 1);
	return rc;
}

/* Hash tile (level, index, width), read in one transaction. */
static int put_hash_tile(void *ctx, int level, uint64_t index, unsigned width)
{
	struct pub *p = ctx;
	unsigned char tile[CL_TILE_WIDTH * CL_HASH_BYTES];
	char rel[CL_TILE_PATH_MAX];
	int rc;

	rc = cl_ledger_nodes(p->l, (unsigned)level * CL_TILE_HEIGHT,
			     index * CL_TILE_WIDTH, width, tile, p->err);
	if (rc == CL_OK && cl_tile_path(rel, sizeof rel, level, index, width) > 0)
		rc = put_file(p, rel, tile, (size_t)width * CL_HASH_BYTES, 1);
	return rc;
}

/* The archived articles the new records cite, before any bundle. */
static int put_documents(struct pub *p)
{
	char rel[32 + 2 * CL_HASH_BYTES], *doc = NULL;
	size_t i, len = 0;
	int rc = CL_OK;

	for (i = 0; i < cl_docset_count(p->docs) && rc == CL_OK; i++) {
		const unsigned char *id = cl_docset_id(p->docs, i);
		memcpy(rel, "claimledger/doc/", 16);
		cl_hex_encode(rel + 16, id, CL_HASH_BYTES);
		rc = cl_ledger_get_document(p->l, id, &doc, &len, p->err);
		if (rc == CL_ENOTFOUND) {
			/* Not archived: the claim cites an article the ledger
			 * never held (an import without the article). */
			rc = CL_OK;
			continue;
		}
		if (rc == CL_OK)
			rc = put_file(p, rel, doc, len, 1);
		free(doc);
		doc = NULL;
	}
	return rc;
}

/* ---- a run ---------------------------------------------------------------- */

int cl_publish(cl_ledger *l, const char *dir, const char *note, size_t note_len,
	       const cl_checkpoint *cp, int store, const cl_cosigned *cosigned,
	       size_t ncosigned, cl_publish_result *res, cl_error *err)
{
	size_t text_len = 0, old_len = 0, log_len = 0, have_len = 0, lines_len = 0, i;
	char *old = NULL, *logl = NULL, *have = NULL, *lines = NULL, *out = NULL;
	unsigned char root[CL_HASH_BYTES];
	cl_checkpoint old_cp;
	struct pub pub, *p = &pub;
	int rc;

	memset(p, 0, sizeof *p);
	p->dir = dir;
	p->l = l;
	p->err = err;
	p->cp = *cp;
	p->big_seq = UINT64_MAX;
	if ((rc = cl_ledger_read_info(l, &p->info, err)) != CL_OK)
		return rc;
	/* The checkpoint is this ledger's, signed by its owner. */
	rc = cl_note_verify(note, note_len, p->info.origin, p->info.owner, &text_len, err);
	if (rc == CL_OK)
		rc = cl_ledger_root(l, cp->size, root, err);
	if (rc == CL_OK && !cl_memeq(root, cp->root, CL_HASH_BYTES))
		rc = cl_error_set(err, CL_EINTEGRITY, "checkpoint %" PRIu64 ": its root "
				  "is not the ledger's; run 'claimledger verify'",
				  cp->size);
	if (rc != CL_OK)
		return rc;

	/* --cosigned: the same checkpoint text, with more signature lines. */
	for (i = 0; i < ncosigned; i++) {
		size_t len = cosigned[i].len, tl = 0;
		const char *cs = cosigned[i].note;
		rc = cl_note_verify(cs, len, p->info.origin, p->info.owner, &tl, err);
		if (rc == CL_OK && (tl != text_len || memcmp(cs, note, tl) != 0))
			rc = cl_error_set(err, CL_EINPUT, "it is not a copy of the "
					  "checkpoint being published (size %" PRIu64 ")",
					  p->cp.size);
		if (rc == CL_OK)
			rc = add_cosigs(p, cs, len, tl, &lines, &lines_len);
		if (rc != CL_OK) {
			cl_error_prefix(err, "--cosigned '%s'", cosigned[i].name);
			goto out;
		}
	}

	/* What DIR holds already: this log, and a prefix of this ledger. */
	if ((logl = log_line(p, &log_len)) == NULL) {
		rc = err->code;
		goto out;
	}
	rc = get_file(p, "claimledger/log", 4096, &have, &have_len);
	if (rc == CL_OK && (have_len != log_len || memcmp(have, logl, log_len) != 0))
		rc = cl_error_set(err, CL_EINTEGRITY, "'%s' holds another log "
				  "(claimledger/log differs): refusing to publish there",
				  p->dir);
	if (rc != CL_OK && rc != CL_ENOTFOUND)
		goto out;
	rc = get_file(p, "checkpoint", CL_NOTE_MAX, &old, &old_len);
	if (rc == CL_OK) {
		size_t otl = 0;
		rc = cl_checkpoint_open(old, old_len, p->info.origin, p->info.owner,
					p->info.origin, &old_cp, err);
		if (rc != CL_OK) {
			/* Whatever is wrong with it (a bad signature, another
			 * key, garbage), DIR is not this ledger's: exit 1. */
			cl_error_prefix(err, "'%s/checkpoint' is not this ledger's", p->dir);
			rc = err->code = CL_EINTEGRITY;
			goto out;
		}
		if (old_cp.size > p->info.size ||
		    cl_ledger_root(p->l, old_cp.size, root, err) != CL_OK ||
		    !cl_memeq(root, old_cp.root, CL_HASH_BYTES)) {
			rc = cl_error_set(err, CL_EINTEGRITY, "history diverges from "
					  "what '%s' holds (its checkpoint of %" PRIu64
					  " records is not this ledger's)", p->dir,
					  old_cp.size);
			goto out;
		}
		if (old_cp.size > p->cp.size) {
			rc = cl_error_set(err, CL_EINPUT, "'%s' holds a checkpoint of %"
					  PRIu64 " records, newer than the one to publish "
					  "(%" PRIu64 "): give --key OWNER", p->dir,
					  old_cp.size, p->cp.size);
			goto out;
		}
		p->old_size = old_cp.size;
		/* The same checkpoint again: keep its cosignatures. */
		if (cl_note_verify(old, old_len, p->info.origin, p->info.owner, &otl,
				   NULL) == CL_OK && otl == text_len &&
		    memcmp(old, note, otl) == 0) {
			char *mine = lines;
			size_t mine_len = lines_len;
			lines = NULL;
			lines_len = 0;
			rc = add_cosigs(p, old, old_len, otl, &lines, &lines_len);
			if (rc == CL_OK && mine)
				rc = add_cosigs(p, mine, mine_len, 0, &lines, &lines_len);
			free(mine);
			if (rc != CL_OK)
				goto out;
		}
	} else if (rc != CL_ENOTFOUND) {
		goto out;
	}

	/* The checkpoint file to write.  It must stay a note our own readers
	 * accept. */
	if ((out = malloc(note_len + lines_len + 1)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(out, note, note_len);
	if (lines_len)
		memcpy(out + note_len, lines, lines_len);
	if (cl_note_verify(out, note_len + lines_len, p->info.origin, p->info.owner,
			   NULL, err) != CL_OK) {
		rc = cl_error_set(err, CL_EINPUT, "the checkpoint with its %s cosignature "
				  "lines would be too large (at most %d signatures, %d bytes)",
				  ncosigned ? "--cosigned" : "published", CL_NOTE_MAX_SIGS,
				  CL_NOTE_MAX);
		goto out;
	}
	/* Every new body must fit a bundle: checked before any write. */
	if ((rc = cl_docset_new(&p->docs, err)) != CL_OK)
		goto out;
	rc = cl_ledger_scan(p->l, p->old_size, p->cp.size, check_record, p, err);
	if (rc == 1)
		rc = cl_error_set(err, CL_EINPUT, "seq %" PRIu64 ": its body is %zu "
				  "bytes, over the %u an entry bundle can hold: it "
				  "cannot be published as tlog-tiles", p->big_seq,
				  p->big_len, CL_TILE_ENTRY_MAX);
	if (rc != CL_OK)
		goto out;

	/* Articles, bundles, hash tiles, the log, then the checkpoint. */
	if ((rc = put_documents(p)) != CL_OK)
		goto out;
	if ((p->sigs = malloc(CL_TILE_WIDTH * CL_SIG_BYTES)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = put_bundles(p)) != CL_OK)
		goto out;
	for (unsigned lv = 0; lv < cl_tile_levels(p->cp.size); lv++)
		if ((rc = cl_tile_diff(p->old_size, p->cp.size, (int)lv, put_hash_tile,
				       p)) != CL_OK)
			goto out;
	if ((rc = put_file(p, "claimledger/log", logl, log_len, 1)) != CL_OK)
		goto out;
	/* Every directory entry written so far is durable before the
	 * checkpoint that needs it is written. */
	if ((rc = sync_dirs(p)) != CL_OK)
		goto out;
	/* Stored before it is published: the ledger never shows a checkpoint
	 * it has not kept. */
	if (store && (rc = cl_ledger_checkpoint_store(p->l, note, note_len, &p->cp, err)) != CL_OK)
		goto out;
	if ((old == NULL || old_len != note_len + lines_len ||
	     memcmp(old, out, old_len) != 0) &&
	    (rc = put_file(p, "checkpoint", out, note_len + lines_len, 0)) != CL_OK)
		goto out;
	if ((rc = sync_dirs(p)) != CL_OK)
		goto out;

	if (res != NULL) {
		res->old_size = p->old_size;
		res->size = p->cp.size;
		res->files = p->files;
		res->bytes = p->bytes;
	}
	rc = CL_OK;
out:
	free(out);
	free(old);
	free(logl);
	free(have);
	free(lines);
	free(p->bundle);
	free(p->sigs);
	cl_docset_free(p->docs);
	for (i = 0; i < p->ndirs; i++)
		free(p->dirs[i]);
	free(p->dirs);
	return rc;
}
