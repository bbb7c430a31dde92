/*
 * export.c: the jsonl audit export, written and verified as a stream
 * (export.h is the manual).
 */
#include "ledger/export.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/canon.h"
#include "ledger/export_docs.h"
#include "ledger/pool.h"
#include "ledger/record.h"

/* ---- the streaming Merkle root ---------------------------------------- */

void cl_frontier_init(cl_frontier *f)
{
	memset(f, 0, sizeof *f);
}

int cl_frontier_append(cl_frontier *f, const unsigned char leaf_hash[CL_HASH_BYTES],
		       cl_error *err)
{
	unsigned char h[CL_HASH_BYTES];
	uint64_t s;

	if (f->size == UINT64_MAX)
		return cl_error_set(err, CL_EINPUT, "merkle tree is full");
	memcpy(h, leaf_hash, CL_HASH_BYTES);
	/* Each trailing one bit of the old size is a perfect subtree of the
	 * same height as the one being carried: merge them, as in binary
	 * addition.  The peaks left are the one bits of the new size. */
	for (s = f->size; s & 1; s >>= 1)
		cl_merkle_node_hash(h, f->peak[--f->npeaks], h);
	memcpy(f->peak[f->npeaks++], h, CL_HASH_BYTES);
	f->size++;
	return CL_OK;
}

void cl_frontier_root(const cl_frontier *f, unsigned char root[CL_HASH_BYTES])
{
	unsigned char h[CL_HASH_BYTES];
	size_t i;

	if (f->npeaks == 0) {
		cl_sha256(root, "", 0);
		return;
	}
	/* MTH = NH(p1, NH(p2, ... NH(p(j-1), pj))): fold from the smallest. */
	memcpy(h, f->peak[f->npeaks - 1], CL_HASH_BYTES);
	for (i = f->npeaks - 1; i > 0; i--)
		cl_merkle_node_hash(h, f->peak[i - 1], h);
	memcpy(root, h, CL_HASH_BYTES);
}

/* ---- writing ---------------------------------------------------------- */

/*
 * Records are written in batches: the leaves are hashed and folded into
 * the root, and the lines formatted into one buffer written with one
 * fwrite.  The scan has re-hashed each body against its stored id
 * (store.h: every read path does).  The pointers stay valid: the scan's
 * read txn lasts until the last batch is written.
 */
#define EXPORT_BATCH 2048

struct batch {
	cl_record r[EXPORT_BATCH];
	size_t n;
};

struct writer {
	FILE *out;
	cl_frontier fr;
	cl_error *err;
	struct batch *b;
	char *buf;      /* the batch's lines */
	size_t cap;
	cl_docset *docs; /* the articles cited so far; NULL: carry none */
};

static int put(struct writer *w, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, w->out) != n)
		return cl_error_set(w->err, CL_EIO, "cannot write the export: %s",
				    strerror(errno ? errno : EIO));
	return CL_OK;
}

/* One canonical line: cl_canon_encode of `v`, then "\n".  Takes `v`. */
static int put_json_line(struct writer *w, json_t *v)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (v == NULL)
		return cl_error_set(w->err, CL_ENOMEM, "out of memory");
	rc = cl_canon_encode(v, &buf, &len, w->err);
	json_decref(v);
	if (rc == CL_OK && (rc = put(w, buf, len)) == CL_OK)
		rc = put(w, "\n", 1);
	free(buf);
	return rc;
}

/*
 * The batch's lines, by concatenation.  A line is canonical because the
 * body is (the store only holds canonical bodies, and the verifier
 * re-checks), the names are written in their sorted order ("body" < "id"
 * < "sig"), and hex and base64 text never needs an escape.
 */
static int flush_batch(struct writer *w)
{
	struct batch *b = w->b;
	unsigned char leaf[CL_HASH_BYTES];
	size_t need = 0, len = 0;
	int rc = CL_OK;

	if (b->n == 0)
		return CL_OK;
	for (size_t i = 0; i < b->n; i++)
		need += b->r[i].body_len + 8 + 7 + CL_ID_HEX + 9 + 88 + 3;
	if (need > w->cap) {
		char *nb = realloc(w->buf, need);
		if (nb == NULL)
			return cl_error_set(w->err, CL_ENOMEM, "out of memory");
		w->buf = nb;
		w->cap = need;
	}
	for (size_t i = 0; i < b->n && rc == CL_OK; i++) {
		const cl_record *r = &b->r[i];
		char *p = w->buf + len;
		if (w->docs && (rc = cl_docset_note(w->docs, r->body, r->body_len,
						    w->err)) != CL_OK)
			break;
		cl_merkle_leaf_hash(leaf, r->body, r->body_len);
		if ((rc = cl_frontier_append(&w->fr, leaf, w->err)) != CL_OK)
			break;
		memcpy(p, "{\"body\":", 8);
		memcpy(p + 8, r->body, r->body_len);
		p += 8 + r->body_len;
		memcpy(p, ",\"id\":\"", 7);
		cl_hex_encode(p + 7, r->id, CL_HASH_BYTES);
		p += 7 + CL_ID_HEX;
		memcpy(p, "\",\"sig\":\"", 9);
		cl_b64_encode(p + 9, r->sig, CL_SIG_BYTES);
		p += 9 + strlen(p + 9);
		memcpy(p, "\"}\n", 3);
		len = (size_t)(p + 3 - w->buf);
	}
	if (rc == CL_OK)
		rc = put(w, w->buf, len);
	b->n = 0;
	return rc;
}

static int write_record(void *ctx, const cl_record *r)
{
	struct writer *w = ctx;

	w->b->r[w->b->n++] = *r;
	return w->b->n == EXPORT_BATCH ? flush_batch(w) : CL_OK;
}

/* The last batch is written inside the scan's read txn. */
static int write_last(void *ctx)
{
	return flush_batch(ctx);
}

/*
 * After the records: {"documents":K} and one line per article cited, in
 * the order first cited, each read from the ledger (one at a time) and
 * re-hashed against its id.  Nothing when no record cites one, so an
 * export without articles is the export/1 file it always was.
 */
static int write_documents(struct writer *w, cl_ledger *l, cl_export_info *info)
{
	size_t i, n = cl_docset_count(w->docs);
	unsigned char h[CL_HASH_BYTES];
	char hex[CL_ID_HEX + 1], *doc = NULL, *b64 = NULL;
	size_t len = 0;
	int rc;

	if (n == 0)
		return CL_OK;
	rc = put_json_line(w, json_pack("{s:I}", "documents", (json_int_t)n));
	for (i = 0; i < n && rc == CL_OK; i++) {
		const unsigned char *id = cl_docset_id(w->docs, i);
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		if ((rc = cl_ledger_get_document(l, id, &doc, &len, w->err)) != CL_OK)
			break;
		cl_sha256(h, doc, len);
		if (!cl_memeq(h, id, CL_HASH_BYTES)) {
			rc = cl_error_set(w->err, CL_EINTEGRITY, "archived document "
					  "%.16s... does not hash to its id; run "
					  "'claimledger verify'", hex);
		} else if ((b64 = malloc(cl_b64_len(len))) == NULL) {
			rc = cl_error_set(w->err, CL_ENOMEM, "out of memory");
		} else {
			cl_b64_encode(b64, (const unsigned char *)doc, len);
			if ((rc = put(w, "{\"bytes\":\"", 10)) == CL_OK &&
			    (rc = put(w, b64, strlen(b64))) == CL_OK &&
			    (rc = put(w, "\",\"document\":\"", 14)) == CL_OK &&
			    (rc = put(w, hex, CL_ID_HEX)) == CL_OK)
				rc = put(w, "\"}\n", 3);
		}
		free(b64);
		free(doc);
		b64 = doc = NULL;
	}
	if (rc == CL_OK && info)
		info->documents = n;
	return rc;
}

int cl_export_jsonl(cl_ledger *l, const char *note, size_t note_len, FILE *out,
		    cl_export_info *info, cl_error *err)
{
	return cl_export_jsonl_ex(l, note, note_len, 0, out, info, err);
}

int cl_export_jsonl_ex(cl_ledger *l, const char *note, size_t note_len, unsigned flags,
		       FILE *out, cl_export_info *info, cl_error *err)
{
	struct writer w;
	unsigned char root[CL_HASH_BYTES], built[CL_HASH_BYTES];
	char vkey[CL_VKEY_MAX];
	cl_ledger_info li;
	cl_checkpoint cp;
	int rc;

	memset(&w, 0, sizeof w);
	if (info)
		info->documents = 0;
	w.out = out;
	w.err = err;
	cl_frontier_init(&w.fr);
	if ((rc = cl_ledger_read_info(l, &li, err)) != CL_OK)
		return rc;
	rc = cl_checkpoint_open(note, note_len, li.origin, li.owner, li.origin,
				&cp, err);
	if (rc != CL_OK)
		return cl_error_prefix(err, "checkpoint");
	if (cp.size == 0 || cp.size > li.size)
		return cl_error_set(err, CL_EINTEGRITY, "checkpoint size %" PRIu64
				    " does not fit the ledger's %" PRIu64 " records",
				    cp.size, li.size);
	if (cp.size >= (uint64_t)CL_INT_LIMIT)
		return cl_error_set(err, CL_EINPUT, "checkpoint size %" PRIu64
				    " is too large for an export", cp.size);
	if ((rc = cl_ledger_root(l, cp.size, root, err)) != CL_OK)
		return rc;
	if (!cl_memeq(root, cp.root, CL_HASH_BYTES))
		return cl_error_set(err, CL_EINTEGRITY, "checkpoint %" PRIu64
				    ": its root is not the ledger's root", cp.size);

	cl_vkey_format(vkey, li.origin, li.owner);
	errno = 0;
	rc = put_json_line(&w, json_pack("{s:s, s:s, s:s, s:I}", "claimledger",
					 CL_EXPORT_FORMAT, "origin", li.origin,
					 "owner", vkey, "size", (json_int_t)cp.size));
	if (rc == CL_OK && !(flags & CL_EXPORT_NO_DOCUMENTS))
		rc = cl_docset_new(&w.docs, err);
	if (rc == CL_OK)
		rc = (w.b = calloc(1, sizeof *w.b)) == NULL
			? cl_error_set(err, CL_ENOMEM, "out of memory")
			: cl_ledger_scan_ex(l, 0, cp.size, write_record, write_last, &w, err);
	free(w.b);
	free(w.buf);
	w.b = NULL;
	w.buf = NULL;
	if (rc == CL_OK && w.fr.size != cp.size)
		rc = cl_error_set(err, CL_ESTORE, "the ledger gave %" PRIu64
				  " records, not %" PRIu64, w.fr.size, cp.size);
	if (rc == CL_OK) {
		cl_frontier_root(&w.fr, built);
		if (!cl_memeq(built, cp.root, CL_HASH_BYTES))
			rc = cl_error_set(err, CL_EINTEGRITY, "the records do not "
					  "hash to the checkpoint's root; run "
					  "'claimledger verify'");
	}
	if (rc == CL_OK && w.docs)
		rc = write_documents(&w, l, info);
	cl_docset_free(w.docs);
	if (rc == CL_OK)
		rc = put_json_line(&w, json_pack("{s:s%}", "checkpoint", note,
						 note_len));
	if (rc == CL_OK && (fflush(out) != 0 || ferror(out)))
		rc = cl_error_set(err, CL_EIO, "cannot write the export: %s",
				  strerror(errno ? errno : EIO));
	if (rc == CL_OK && info) {
		memcpy(info->origin, cp.origin, sizeof info->origin);
		info->size = cp.size;
		memcpy(info->root, cp.root, CL_HASH_BYTES);
	}
	return rc;
}

/* ---- verifying -------------------------------------------------------- */

enum { LINE_OK = 1, LINE_EOF = 0, LINE_CUT = -1, LINE_LONG = -2, LINE_IOERR = -3,
       LINE_NOMEM = -4 };

struct verifier {
	FILE *in;
	const char *name;
	const unsigned char *owner;
	cl_error *err;
	char *line;        /* CL_EXPORT_LINE_MAX + 1 bytes */
	size_t len;        /* bytes in `line`, "\n" excluded */
	uint64_t lineno;
	/* from the header */
	char origin[CL_KEYNAME_MAX + 1];
	uint64_t size;
	/* the records so far */
	cl_chain *chain;
	cl_frontier fr;
	cl_checkpoint cp;
	/* the archived articles (export_docs.h) */
	size_t cap;        /* bytes allocated for `line` */
	char *rbuf;        /* VX_READ bytes read ahead of `line` */
	size_t rpos, rend;
	cl_quotes *quotes;
	int docs_line;     /* the {"documents":K} line was read */
	uint64_t docs_announced, docs_read;
	int done;          /* the checkpoint line was read */
};

static const char doc_prefix[] = "{\"bytes\":\"";
#define VX_READ ((size_t)1 << 16)

/* Append `n` bytes to v->line, growing it up to `limit` bytes: how many
 * were taken (fewer when the limit was reached), or (size_t)-1 when
 * memory ran out. */
static size_t line_append(struct verifier *v, const char *p, size_t n, size_t limit)
{
	size_t take = limit - v->len < n ? limit - v->len : n;

	if (v->len + take > v->cap) {
		size_t nc = v->cap;
		char *nl;
		while (nc < v->len + take)
			nc = nc * 2 > limit ? limit : nc * 2;
		if ((nl = realloc(v->line, nc + 1)) == NULL)
			return (size_t)-1;
		v->line = nl;
		v->cap = nc;
	}
	memcpy(v->line + v->len, p, take);
	v->len += take;
	return take;
}

/* Read one line into v->line: LINE_OK, LINE_EOF (nothing left), LINE_CUT
 * (bytes without a final "\n"), LINE_LONG, LINE_IOERR.  The file is read
 * in blocks (v->rbuf) and each line found with memchr: a byte at a time
 * through getc was a visible share of a verify. */
static int read_line(struct verifier *v)
{
	const char *p, *nl;
	size_t avail, n, took;

	v->len = 0;
	for (;;) {
		if (v->rpos == v->rend) {
			v->rpos = 0;
			v->rend = fread(v->rbuf, 1, VX_READ, v->in);
			if (v->rend == 0)
				break;
		}
		p = v->rbuf + v->rpos;
		avail = v->rend - v->rpos;
		nl = memchr(p, '\n', avail);
		n = nl ? (size_t)(nl - p) : avail;
		/* Only a document line may be longer, up to its own limit. */
		took = v->len < CL_EXPORT_LINE_MAX
			? line_append(v, p, n, CL_EXPORT_LINE_MAX) : 0;
		if (took == (size_t)-1)
			return LINE_NOMEM;
		if (took < n && v->len == CL_EXPORT_LINE_MAX &&
		    memcmp(v->line, doc_prefix, sizeof doc_prefix - 1) == 0) {
			size_t more = line_append(v, p + took, n - took,
						  CL_EXPORT_DOC_LINE_MAX);
			if (more == (size_t)-1)
				return LINE_NOMEM;
			took += more;
		}
		v->rpos += took;
		if (took < n)
			return LINE_LONG;
		if (nl != NULL) {
			v->rpos++;
			return LINE_OK;
		}
	}
	if (ferror(v->in))
		return LINE_IOERR;
	return v->len ? LINE_CUT : LINE_EOF;
}

/* Fail at the current line with CL_EINTEGRITY: "'name' line N: why". */
static int bad(struct verifier *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad(struct verifier *v, const char *fmt, ...)
{
	char why[sizeof v->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return cl_error_set(v->err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": %s",
			    v->name, v->lineno, why);
}

/* Fail at the current line, keeping the code when it is not about the
 * content (out of memory), else making it CL_EINTEGRITY. */
static int bad_err(struct verifier *v, int code, const char *msg)
{
	if (code == CL_ENOMEM || code == CL_EIO)
		return cl_error_set(v->err, code, "%s", msg);
	return bad(v, "%s", msg);
}

/* Parse the line as one JSON object; NULL after setting the error. */
static json_t *parse_object(struct verifier *v)
{
	json_error_t jerr;
	json_t *o = json_loadb(v->line, v->len,
			       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);

	if (o == NULL) {
		bad(v, "not JSON: %s", jerr.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		bad(v, "%s", "not a JSON object");
		return NULL;
	}
	return o;
}

/* The line must be the canonical form of `o`. */
static int check_canonical(struct verifier *v, const json_t *o)
{
	cl_error e = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int rc = cl_canon_encode(o, &buf, &len, &e);

	if (rc != CL_OK)
		rc = bad_err(v, rc, e.msg);
	else if (len != v->len || memcmp(buf, v->line, len) != 0)
		rc = bad(v, "%s", "not canonical JSON");
	free(buf);
	return rc;
}

/*
 * The member `name` of `o` when it is a JSON string holding no U+0000,
 * else NULL (missing, another type, or a NUL inside).  jansson is asked to
 * keep "\u0000" (JSON_ALLOW_NUL) so that the content is judged rather than
 * the parser, and every C string function stops at the first NUL: without
 * this, "export/1\u0000x" would compare equal to "export/1".  Everything
 * read from the file as a C string goes through here.
 */
static const char *string_member(const json_t *o, const char *name)
{
	const json_t *m = json_object_get(o, name);
	const char *s = json_string_value(m);

	if (s == NULL || strlen(s) != json_string_length(m))
		return NULL;
	return s;
}

/* The object has exactly the `n` members named. */
static int members_are(const json_t *o, const char *const *names, size_t n)
{
	size_t i;

	if (json_object_size(o) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (json_object_get(o, names[i]) == NULL)
			return 0;
	return 1;
}

static int check_header(struct verifier *v)
{
	static const char *const names[] = { "claimledger", "origin", "owner", "size" };
	char kname[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	const char *fmt, *origin, *owner;
	json_t *o = parse_object(v);
	cl_error e = { 0 };
	json_int_t size;
	int rc;

	if (o == NULL)
		return v->err ? v->err->code : CL_EINTEGRITY;
	if (!members_are(o, names, 4)) {
		rc = bad(v, "%s", "header must have exactly the members "
			 "claimledger, origin, owner and size");
		goto out;
	}
	fmt = string_member(o, "claimledger");
	origin = string_member(o, "origin");
	owner = string_member(o, "owner");
	if (fmt == NULL || strcmp(fmt, CL_EXPORT_FORMAT) != 0) {
		rc = bad(v, "header: not a claimledger %s file", CL_EXPORT_FORMAT);
		goto out;
	}
	if (origin == NULL || !cl_keyname_valid(origin)) {
		rc = bad(v, "%s", "header: origin is not a valid key name");
		goto out;
	}
	if (!json_is_integer(json_object_get(o, "size")) ||
	    (size = json_integer_value(json_object_get(o, "size"))) < 0) {
		rc = bad(v, "%s", "header: size is not an integer >= 0");
		goto out;
	}
	if (owner == NULL ||
	    cl_vkey_parse(owner, strlen(owner), kname, pk, &e) != CL_OK) {
		rc = bad(v, "header: owner is not a verifier key: %s",
			 e.msg[0] ? e.msg : "not a string without U+0000");
		goto out;
	}
	if (strcmp(kname, origin) != 0) {
		rc = bad(v, "header: the owner key is named '%s', not the origin",
			 kname);
		goto out;
	}
	if (!cl_memeq(pk, v->owner, CL_PUBKEY_BYTES)) {
		rc = bad(v, "%s", "header: the owner key is not the --pubkey key");
		goto out;
	}
	if ((rc = check_canonical(v, o)) != CL_OK)
		goto out;
	snprintf(v->origin, sizeof v->origin, "%s", origin);
	v->size = (uint64_t)size;
	rc = CL_OK;
out:
	json_decref(o);
	return rc;
}

/* cl_chain_push's messages start with "seq N: "; the line number says
 * where already. */
static const char *strip_seq(const char *msg, uint64_t seq)
{
	char pre[32];
	size_t n = (size_t)snprintf(pre, sizeof pre, "seq %" PRIu64 ": ", seq);

	return strncmp(msg, pre, n) == 0 ? msg + n : msg;
}

/*
 * The checks of a record line that need what came before, in the order
 * cl_chain_push gives them, once the line's own checks passed: the
 * chain's rules (with `facts`, cl_record_quick's, or `pre`,
 * cl_record_precheck's object for these bytes, taken, and a signature
 * checked by the pool: only the rules that need the chain's state), the
 * quotes, the genesis against the header, and
 * the leaf into the root.
 */
static int record_chain(struct verifier *v, const char *body, size_t len,
			const unsigned char sig[CL_SIG_BYTES],
			const unsigned char id[CL_HASH_BYTES],
			const unsigned char leaf[CL_HASH_BYTES], json_t *pre,
			const cl_body_facts *facts)
{
	unsigned char idbuf[CL_HASH_BYTES];
	uint64_t seq = cl_chain_next_seq(v->chain);
	unsigned flags = pre ? CL_CHAIN_CHECKED | CL_CHAIN_SKIP_SIG : 0;
	json_t *parsed = pre;
	cl_error e = { 0 };
	int rc;

	memcpy(idbuf, id, CL_HASH_BYTES);
	if (facts != NULL)
		rc = cl_chain_push_facts(v->chain, facts, id, &e);
	else
		rc = cl_chain_push(v->chain, body, len, sig, flags, &parsed, idbuf, &e);
	if (rc != CL_OK) {
		rc = bad_err(v, rc, strip_seq(e.msg, seq));
		goto out;
	}
	if ((rc = facts != NULL
		  ? cl_quotes_record_facts(v->quotes, seq, id, facts, &e)
		  : cl_quotes_record(v->quotes, seq, id, parsed, &e)) != CL_OK) {
		rc = bad_err(v, rc, e.msg);
		goto out;
	}
	if (seq == 0 && !cl_memeq(cl_chain_owner(v->chain), v->owner, CL_PUBKEY_BYTES)) {
		rc = bad(v, "%s", "the genesis is not signed by the owner key");
		goto out;
	}
	if (seq == 0 && strcmp(cl_chain_origin(v->chain), v->origin) != 0) {
		rc = bad(v, "the genesis origin '%s' is not the header's origin",
			 cl_chain_origin(v->chain));
		goto out;
	}
	rc = cl_frontier_append(&v->fr, leaf, v->err);
out:
	json_decref(parsed);
	return rc;
}

static int check_record(struct verifier *v, json_t *o)
{
	static const char *const names[] = { "body", "id", "sig" };
	unsigned char id[CL_HASH_BYTES], want[CL_HASH_BYTES], sig[CL_SIG_BYTES];
	unsigned char leaf[CL_HASH_BYTES];
	const char *hex, *b64;
	char *body = NULL;
	size_t len = 0, n, siglen = 0;
	uint64_t seq = cl_chain_next_seq(v->chain);
	cl_error e = { 0 };
	int rc;

	if (!members_are(o, names, 3) ||
	    !json_is_object(json_object_get(o, "body"))) {
		rc = bad(v, "%s", "a record line must have exactly the members "
			 "body (an object), id and sig");
		goto out;
	}
	if (seq >= v->size) {
		rc = bad(v, "more records than the header's size %" PRIu64,
			 v->size);
		goto out;
	}
	hex = string_member(o, "id");
	b64 = string_member(o, "sig");
	if (hex == NULL || strlen(hex) != CL_ID_HEX ||
	    strspn(hex, "0123456789abcdef") != CL_ID_HEX ||
	    cl_hex_decode(want, CL_HASH_BYTES, hex, CL_ID_HEX) != CL_OK) {
		rc = bad(v, "%s", "id is not 64 lowercase hex digits");
		goto out;
	}
	if (b64 == NULL ||
	    cl_b64_decode(sig, sizeof sig, &siglen, b64, strlen(b64)) != CL_OK ||
	    siglen != CL_SIG_BYTES) {
		rc = bad(v, "%s", "sig is not the canonical base64 of 64 bytes");
		goto out;
	}
	if ((rc = cl_canon_encode(json_object_get(o, "body"), &body, &len, &e)) != CL_OK) {
		rc = bad_err(v, rc, e.msg);
		goto out;
	}
	/* The line, rebuilt from the canonical body, must be the line read. */
	n = strlen(b64);
	if (v->len != 8 + len + 7 + CL_ID_HEX + 9 + n + 2 ||
	    memcmp(v->line, "{\"body\":", 8) != 0 ||
	    memcmp(v->line + 8, body, len) != 0 ||
	    memcmp(v->line + 8 + len, ",\"id\":\"", 7) != 0 ||
	    memcmp(v->line + 15 + len, hex, CL_ID_HEX) != 0 ||
	    memcmp(v->line + 15 + len + CL_ID_HEX, "\",\"sig\":\"", 9) != 0 ||
	    memcmp(v->line + 24 + len + CL_ID_HEX, b64, n) != 0 ||
	    memcmp(v->line + 24 + len + CL_ID_HEX + n, "\"}", 2) != 0) {
		rc = bad(v, "%s", "not canonical JSON");
		goto out;
	}
	cl_record_id(id, body, len);
	if (!cl_memeq(id, want, CL_HASH_BYTES)) {
		rc = bad(v, "%s", "id is not the SHA-256 of the body");
		goto out;
	}
	cl_merkle_leaf_hash(leaf, body, len);
	rc = record_chain(v, body, len, sig, id, leaf, NULL, NULL);
out:
	free(body);
	return rc;
}

/* {"documents":K}: the records are over, K article lines follow. */
static int check_documents_line(struct verifier *v, const json_t *o)
{
	const json_t *k = json_object_get(o, "documents");
	int rc;

	if (json_object_size(o) != 1 || !json_is_integer(k) || json_integer_value(k) < 0)
		return bad(v, "%s", "the documents line must be exactly "
			   "{\"documents\": an integer >= 0}");
	if ((rc = check_canonical(v, o)) != CL_OK)
		return rc;
	if (v->docs_line)
		return bad(v, "%s", "a second documents line");
	if (v->fr.size != v->size)
		return bad(v, "%s", "fewer records than the header's size");
	v->docs_line = 1;
	v->docs_announced = (uint64_t)json_integer_value(k);
	return CL_OK;
}

/* {"bytes":B64,"document":HEX}, checked as bytes: base64 and hex need no
 * escape, so that exact shape is the only canonical one. */
static int check_document_line(struct verifier *v)
{
	static const char mid[] = "\",\"document\":\"";
	const size_t pre = sizeof doc_prefix - 1, midn = sizeof mid - 1;
	unsigned char id[CL_HASH_BYTES], h[CL_HASH_BYTES], *doc = NULL;
	size_t b64n, cap, n = 0;
	cl_error e = { 0 };
	int rc;

	if (v->len < pre + midn + CL_ID_HEX + 2 ||
	    memcmp(v->line + v->len - 2, "\"}", 2) != 0 ||
	    memcmp(v->line + v->len - 2 - CL_ID_HEX - midn, mid, midn) != 0)
		return bad(v, "%s", "a document line must be exactly "
			   "{\"bytes\":BASE64,\"document\":HEX}");
	if (!v->docs_line)
		return bad(v, "%s", "a document line before the documents line");
	if (v->docs_read == v->docs_announced)
		return bad(v, "more documents than the %" PRIu64 " announced",
			   v->docs_announced);
	if (strspn(v->line + v->len - 2 - CL_ID_HEX, "0123456789abcdef") < CL_ID_HEX ||
	    cl_hex_decode(id, CL_HASH_BYTES, v->line + v->len - 2 - CL_ID_HEX,
			  CL_ID_HEX) != CL_OK)
		return bad(v, "%s", "document is not 64 lowercase hex digits");
	b64n = v->len - 2 - CL_ID_HEX - midn - pre;
	cap = b64n / 4 * 3 + 3;
	if ((doc = malloc(cap)) == NULL)
		return cl_error_set(v->err, CL_ENOMEM, "out of memory");
	if (cl_b64_decode(doc, cap, &n, v->line + pre, b64n) != CL_OK) {
		rc = bad(v, "%s", "bytes is not canonical base64");
		goto out;
	}
	cl_sha256(h, doc, n);
	if (!cl_memeq(h, id, CL_HASH_BYTES)) {
		rc = bad(v, "%s", "the document's bytes do not hash to its id");
		goto out;
	}
	v->docs_read++;
	rc = cl_quotes_document(v->quotes, id, doc, n, v->name, v->lineno, &e);
	if (rc != CL_OK)
		rc = cl_error_set(v->err, rc, "%s", e.msg);
out:
	free(doc);
	return rc;
}

static int check_checkpoint(struct verifier *v, json_t *o)
{
	unsigned char root[CL_HASH_BYTES];
	char b64[64];
	const char *note = json_string_value(json_object_get(o, "checkpoint"));
	cl_error e = { 0 };
	int rc;

	if (json_object_size(o) != 1 || note == NULL)
		return bad(v, "%s", "the checkpoint line must be exactly "
			   "{\"checkpoint\": a string}");
	if ((rc = check_canonical(v, o)) != CL_OK)
		return rc;
	rc = cl_checkpoint_open(note, json_string_length(json_object_get(o, "checkpoint")),
				v->origin, v->owner, v->origin, &v->cp, &e);
	if (rc != CL_OK)
		return bad_err(v, rc, e.msg);
	if (v->cp.size != v->size)
		return bad(v, "the checkpoint's size %" PRIu64 " is not the "
			   "header's %" PRIu64, v->cp.size, v->size);
	if (v->fr.size != v->size)
		return bad(v, "%s", "fewer records than the header's size");
	if (v->docs_line && v->docs_read != v->docs_announced)
		return bad(v, "the documents line announces %" PRIu64 " documents, "
			   "the export carries %" PRIu64, v->docs_announced, v->docs_read);
	if (v->docs_line && (rc = cl_quotes_finish(v->quotes, v->name, &e)) != CL_OK)
		return cl_error_set(v->err, rc, "%s", e.msg);
	cl_frontier_root(&v->fr, root);
	if (!cl_memeq(root, v->cp.root, CL_HASH_BYTES)) {
		cl_b64_encode(b64, root, CL_HASH_BYTES);
		return bad(v, "the checkpoint's root is not the root of the "
			   "records (%s)", b64);
	}
	return CL_OK;
}

/* ---- record lines on every core ---------------------------------------- */

/*
 * Record lines are checked in batches on the pool: a job does what needs
 * nothing but the line (its exact shape, the body's canonical form and
 * shape read in one pass by cl_record_quick, the id, the signature by
 * the body's signer, the leaf), and the
 * main thread then takes the batches in file order and runs what needs
 * the state (the chain's rules, the quotes, the root).  A line the pool
 * did not pass, and every line that is not a record line, is judged the
 * one-line-at-a-time way on the main thread, after every line before it:
 * so the first bad line, and the message for it, are the ones a serial
 * reading gives.  At most VX_SLOTS batches are read ahead, each at most
 * VX_BATCH lines and VX_BATCH_BYTES bytes plus one line, so memory does
 * not grow with the file.
 */
#define VX_SLOTS 8
#define VX_BATCH 256
#define VX_BATCH_BYTES ((size_t)1 << 20)
/* ,"id":"HEX","sig":"B64"} after the body of a canonical record line */
#define VX_TAIL (7 + CL_ID_HEX + 9 + 88 + 2)

static const char rec_prefix[] = "{\"body\":";

struct vx_item {
	size_t off, len;   /* the line in the batch's buf */
	uint64_t lineno;
	int ok;            /* the pool's checks passed */
	int quick;         /* ok by cl_record_quick: `facts` hold the body */
	json_t *obj;       /* else cl_record_precheck's object while ok, owned */
	cl_body_facts facts;
	unsigned char id[CL_HASH_BYTES], sig[CL_SIG_BYTES], leaf[CL_HASH_BYTES];
};

struct vx_batch {
	char *buf;
	size_t used, cap, n;
	struct vx_item it[VX_BATCH];
};

struct vx {
	struct vx_batch slot[VX_SLOTS];
	cl_pool pool;
	int pool_on;
	uint64_t filled, taken; /* batches handed to the pool, and consumed */
	atomic_int stop;        /* a line failed: skip what is left */
};

static int is_hex_lower(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

/* The pool's checks of one record line; it->ok says whether all passed. */
static void vx_check(const char *line, struct vx_item *it)
{
	unsigned char want[CL_HASH_BYTES], pk[CL_PUBKEY_BYTES];
	const char *body = line + sizeof rec_prefix - 1, *t;
	size_t len = it->len, blen, siglen = 0;

	it->ok = 0;
	if (len < sizeof rec_prefix - 1 + 2 + VX_TAIL)
		return;
	t = line + len - VX_TAIL;
	blen = (size_t)(t - body);
	if (memcmp(t, ",\"id\":\"", 7) != 0 || !is_hex_lower(t + 7, CL_ID_HEX) ||
	    memcmp(t + 7 + CL_ID_HEX, "\",\"sig\":\"", 9) != 0 ||
	    memcmp(t + VX_TAIL - 2, "\"}", 2) != 0 ||
	    cl_hex_decode(want, CL_HASH_BYTES, t + 7, CL_ID_HEX) != CL_OK ||
	    cl_b64_decode(it->sig, CL_SIG_BYTES, &siglen, t + 16 + CL_ID_HEX, 88) != CL_OK ||
	    siglen != CL_SIG_BYTES)
		return;
	/* The quick path first: no json_t.  What it does not pass is judged
	 * the old way, which knows more shapes than it does. */
	if ((it->quick = cl_record_quick(body, blen, &it->facts, it->id)) != 0) {
		memcpy(pk, it->facts.signer, CL_PUBKEY_BYTES);
	} else if (cl_record_precheck(body, blen, &it->obj, it->id, NULL) != CL_OK ||
		   cl_record_signer(it->obj, pk) != CL_OK) {
		json_decref(it->obj);
		it->obj = NULL;
		return;
	}
	if (!cl_memeq(it->id, want, CL_HASH_BYTES) ||
	    !cl_record_sig_ok(pk, it->sig, body, blen)) {
		json_decref(it->obj);
		it->obj = NULL;
		it->quick = 0;
		return;
	}
	cl_merkle_leaf_hash(it->leaf, body, blen);
	it->ok = 1;
}

static void vx_job(void *ctx, uint64_t job)
{
	struct vx *x = ctx;
	struct vx_batch *b = &x->slot[job % VX_SLOTS];

	for (size_t i = 0; i < b->n; i++) {
		if (atomic_load_explicit(&x->stop, memory_order_relaxed))
			break; /* left not ok: nobody will look */
		vx_check(b->buf + b->it[i].off, &b->it[i]);
	}
}

/* Add the line just read to the batch being filled. */
static int vx_add(struct vx *x, const struct verifier *v)
{
	struct vx_batch *b = &x->slot[x->filled % VX_SLOTS];
	struct vx_item *it = &b->it[b->n];

	if (b->used + v->len > b->cap) {
		size_t cap = b->used + v->len > VX_BATCH_BYTES
			? b->used + v->len : VX_BATCH_BYTES;
		char *nb = realloc(b->buf, cap);
		if (nb == NULL)
			return cl_error_set(v->err, CL_ENOMEM, "out of memory");
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->used, v->line, v->len);
	memset(it, 0, sizeof *it);
	it->off = b->used;
	it->len = v->len;
	it->lineno = v->lineno;
	b->used += v->len;
	b->n++;
	return CL_OK;
}

static int line_slow(struct verifier *v);

/* Judge the oldest batch handed out, line by line, in order; the line
 * just read (v->line, v->len, v->lineno) is kept.  On failure the error
 * names the batch's line, and the pool is told to stop. */
static int vx_take(struct vx *x, struct verifier *v)
{
	struct vx_batch *b = &x->slot[x->taken % VX_SLOTS];
	char *cur = v->line;          /* the line just read, kept */
	size_t cur_len = v->len;
	uint64_t at = v->lineno;
	int rc = CL_OK;

	cl_pool_wait(&x->pool, x->taken + 1);
	for (size_t i = 0; i < b->n && rc == CL_OK; i++) {
		struct vx_item *it = &b->it[i];
		const char *line = b->buf + it->off;
		json_t *obj = it->obj;

		it->obj = NULL;
		v->lineno = it->lineno;
		if (it->ok && !v->done && !v->docs_line) {
			if (cl_chain_next_seq(v->chain) >= v->size) {
				json_decref(obj);
				rc = bad(v, "more records than the header's size %" PRIu64,
					 v->size);
			} else {
				rc = record_chain(v, line + sizeof rec_prefix - 1,
						  it->len - (sizeof rec_prefix - 1) - VX_TAIL,
						  it->sig, it->id, it->leaf, obj,
						  it->quick ? &it->facts : NULL);
			}
			continue;
		}
		json_decref(obj);
		/* The checks only read v->line: the batch's copy will do. */
		v->line = (char *)line;
		v->len = it->len;
		rc = line_slow(v);
		v->line = cur;
		v->len = cur_len;
	}
	v->lineno = at;
	if (rc != CL_OK)
		atomic_store(&x->stop, 1);
	b->n = 0;
	b->used = 0;
	x->taken++;
	return rc;
}

/* Hand the batch being filled to the pool (if it holds any line). */
static void vx_submit(struct vx *x)
{
	if (x->slot[x->filled % VX_SLOTS].n == 0)
		return;
	x->filled++;
	cl_pool_publish(&x->pool, x->filled);
}

/* Judge every batch handed out, in order. */
static int vx_drain(struct vx *x, struct verifier *v)
{
	int rc = CL_OK;

	vx_submit(x);
	while (rc == CL_OK && x->taken < x->filled)
		rc = vx_take(x, v);
	return rc;
}

/* Stop the pool and free the batches, whatever they still hold. */
static void vx_free(struct vx *x)
{
	atomic_store(&x->stop, 1);
	if (x->pool_on)
		cl_pool_stop(&x->pool);
	for (size_t s = 0; s < VX_SLOTS; s++) {
		for (size_t i = 0; i < VX_BATCH; i++)
			json_decref(x->slot[s].it[i].obj);
		free(x->slot[s].buf);
	}
}

/* One whole line, not handed to the pool (or not passed by it), judged
 * on its own as it always was. */
static int line_slow(struct verifier *v)
{
	json_t *o;
	int rc;

	if (v->done)
		return bad(v, "%s", "data after the checkpoint line");
	if (v->lineno == 1)
		return check_header(v);
	if (v->len > CL_EXPORT_LINE_MAX ||
	    (v->len >= sizeof doc_prefix - 1 &&
	     memcmp(v->line, doc_prefix, sizeof doc_prefix - 1) == 0))
		return check_document_line(v);
	if ((o = parse_object(v)) == NULL)
		return v->err->code;
	if (json_object_get(o, "checkpoint") != NULL) {
		rc = check_checkpoint(v, o);
		v->done = 1;
	} else if (json_object_get(o, "documents") != NULL) {
		rc = check_documents_line(v, o);
	} else if (v->docs_line) {
		rc = bad(v, "%s", "a record after the documents line");
	} else {
		rc = check_record(v, o);
	}
	json_decref(o);
	return rc;
}

int cl_export_verify(FILE *in, const char *name,
		     const unsigned char owner[CL_PUBKEY_BYTES],
		     cl_export_info *info, cl_error *err)
{
	return cl_export_verify_ex(in, name, owner, 1, info, err);
}

int cl_export_verify_ex(FILE *in, const char *name,
			const unsigned char owner[CL_PUBKEY_BYTES], unsigned threads,
			cl_export_info *info, cl_error *err)
{
	struct verifier v = { 0 };
	cl_error local = { 0 };
	struct vx *x = NULL;
	int rc, r;

	v.in = in;
	v.name = name;
	v.owner = owner;
	v.err = err ? err : &local;
	cl_frontier_init(&v.fr);
	v.cap = CL_EXPORT_LINE_MAX;
	if ((v.line = malloc(CL_EXPORT_LINE_MAX + 1)) == NULL ||
	    (v.rbuf = malloc(VX_READ)) == NULL ||
	    (x = calloc(1, sizeof *x)) == NULL ||
	    cl_quotes_new(&v.quotes, v.err) != CL_OK ||
	    (rc = cl_chain_new(&v.chain, v.err)) != CL_OK) {
		rc = cl_error_set(v.err, CL_ENOMEM, "out of memory");
		goto out;
	}
	atomic_init(&x->stop, 0);
	cl_pool_start(&x->pool, cl_pool_threads(threads), vx_job, x);
	x->pool_on = 1;
	for (;;) {
		r = read_line(&v);
		v.lineno++;
		/* A record line goes to the pool; the header, a line too long
		 * or cut, and any other line wait for every line before it. */
		if (r == LINE_OK && v.lineno > 1 && v.len <= CL_EXPORT_LINE_MAX &&
		    v.len >= sizeof rec_prefix - 1 &&
		    memcmp(v.line, rec_prefix, sizeof rec_prefix - 1) == 0) {
			struct vx_batch *b;
			if ((rc = vx_add(x, &v)) != CL_OK)
				goto out;
			b = &x->slot[x->filled % VX_SLOTS];
			if (b->n == VX_BATCH || b->used >= VX_BATCH_BYTES)
				vx_submit(x);
			if (x->filled - x->taken == VX_SLOTS &&
			    (rc = vx_take(x, &v)) != CL_OK)
				goto out;
			continue;
		}
		if ((rc = vx_drain(x, &v)) != CL_OK)
			goto out;
		if (r == LINE_EOF)
			break;
		if (r == LINE_IOERR) {
			rc = cl_error_set(v.err, CL_EIO, "cannot read '%s': %s",
					  name, strerror(errno ? errno : EIO));
			goto out;
		}
		if (r == LINE_NOMEM) {
			rc = cl_error_set(v.err, CL_ENOMEM, "out of memory");
			goto out;
		}
		if (r == LINE_LONG) {
			rc = v.len > CL_EXPORT_LINE_MAX
				? bad(&v, "a document line longer than %lu bytes",
				      (unsigned long)CL_EXPORT_DOC_LINE_MAX)
				: bad(&v, "longer than %d bytes", CL_EXPORT_LINE_MAX);
			goto out;
		}
		if (r == LINE_CUT) {
			rc = bad(&v, "%s", "no newline at the end: the file is cut");
			goto out;
		}
		if ((rc = line_slow(&v)) != CL_OK)
			goto out;
	}
	if (v.lineno == 1) {
		rc = cl_error_set(v.err, CL_EINTEGRITY, "'%s' line 1: empty file",
				  name);
		goto out;
	}
	if (!v.done) {
		rc = cl_error_set(v.err, CL_EINTEGRITY, "'%s' line %" PRIu64
				  ": missing checkpoint line: the file is cut",
				  name, v.lineno);
		goto out;
	}
	if (info) {
		snprintf(info->origin, sizeof info->origin, "%s", v.origin);
		info->size = v.size;
		memcpy(info->root, v.cp.root, CL_HASH_BYTES);
		info->has_documents = v.docs_line;
		info->documents = v.docs_read;
		info->cited = cl_quotes_cited(v.quotes);
		info->quotes = cl_quotes_checked(v.quotes);
	}
	rc = CL_OK;
out:
	if (x != NULL) {
		vx_free(x);
		free(x);
	}
	cl_quotes_free(v.quotes);
	cl_chain_free(v.chain);
	free(v.line);
	free(v.rbuf);
	return rc;
}
