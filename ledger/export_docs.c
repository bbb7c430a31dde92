/*
 * export_docs.c: which archived articles an export carries, and the
 * quotes a verifier checks against them (export_docs.h is the manual).
 */
#define _GNU_SOURCE /* memmem */
#include "ledger/export_docs.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/quote.h"
#include "crypto/crypto.h"
#include "ledger/record.h"

/* ---- a map of ids (SHA-256 outputs) to numbers -------------------------- */

/*
 * Open addressing with linear probing, at most half full.  A map keeps
 * whole ids: the export is third-party input, and a map that kept less
 * would let two records agreeing on that much stand for each other (a
 * correction checked against another claim's article).  The slot is the
 * id's first 8 bytes times a random odd number of this map, so that an
 * owner who grinds ids cannot line them up on one slot: the verifier
 * stays linear whatever the export.  Values are indexes below FREE.
 */
#define KEY_BYTES CL_HASH_BYTES
#define FREE UINT32_MAX   /* a free slot */
#define EMPTY UINT64_MAX  /* idmap_get: no such id */

struct idmap {
	unsigned char (*key)[KEY_BYTES];
	uint32_t *val;
	size_t cap;     /* a power of two, or 0 */
	size_t n;
	uint64_t mul;   /* odd, random; 0 until the first grow */
};

static size_t slot_of(const struct idmap *m, const unsigned char *id)
{
	uint64_t h;

	memcpy(&h, id, sizeof h);
	return (size_t)((h * m->mul) >> 32) & (m->cap - 1);
}

/* The value of `id`, or EMPTY. */
static uint64_t idmap_get(const struct idmap *m, const unsigned char id[CL_HASH_BYTES])
{
	size_t i;

	if (m->cap == 0)
		return EMPTY;
	for (i = slot_of(m, id); m->val[i] != FREE; i = (i + 1) & (m->cap - 1))
		if (memcmp(m->key[i], id, KEY_BYTES) == 0)
			return m->val[i];
	return EMPTY;
}

static int idmap_grow(struct idmap *m)
{
	struct idmap b = { 0 };
	size_t i, j;

	b.cap = m->cap ? m->cap * 2 : 64;
	b.mul = m->mul;
	if (b.mul == 0) {
		cl_random(&b.mul, sizeof b.mul);
		b.mul |= 1;
	}
	b.key = malloc(b.cap * sizeof *b.key);
	b.val = malloc(b.cap * sizeof *b.val);
	if (b.key == NULL || b.val == NULL) {
		free(b.key);
		free(b.val);
		return CL_ENOMEM;
	}
	for (i = 0; i < b.cap; i++)
		b.val[i] = FREE;
	for (i = 0; i < m->cap; i++) {
		if (m->val[i] == FREE)
			continue;
		for (j = slot_of(&b, m->key[i]); b.val[j] != FREE; j = (j + 1) & (b.cap - 1))
			;
		memcpy(b.key[j], m->key[i], KEY_BYTES);
		b.val[j] = m->val[i];
	}
	b.n = m->n;
	free(m->key);
	free(m->val);
	*m = b;
	return CL_OK;
}

/* Set `id` to `val` (new or replaced).  CL_ENOMEM (also for a value that
 * does not fit: four billion quotes would not either). */
static int idmap_put(struct idmap *m, const unsigned char id[CL_HASH_BYTES], uint64_t val)
{
	size_t i;

	if (val >= FREE || (2 * (m->n + 1) > m->cap && idmap_grow(m) != CL_OK))
		return CL_ENOMEM;
	for (i = slot_of(m, id); m->val[i] != FREE; i = (i + 1) & (m->cap - 1))
		if (memcmp(m->key[i], id, KEY_BYTES) == 0)
			break;
	if (m->val[i] == FREE) {
		memcpy(m->key[i], id, KEY_BYTES);
		m->n++;
	}
	m->val[i] = (uint32_t)val;
	return CL_OK;
}

static void idmap_free(struct idmap *m)
{
	free(m->key);
	free(m->val);
}

/* ---- writing ---------------------------------------------------------- */

struct cl_docset {
	struct idmap seen;
	unsigned char (*id)[CL_HASH_BYTES]; /* in the order first noted */
	size_t n, cap;
};

int cl_docset_new(cl_docset **out, cl_error *err)
{
	if ((*out = calloc(1, sizeof **out)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

void cl_docset_free(cl_docset *d)
{
	if (d == NULL)
		return;
	idmap_free(&d->seen);
	free(d->id);
	free(d);
}

int cl_docset_note(cl_docset *d, const char *body, size_t len, cl_error *err)
{
	static const char member[] = "\"document\":\"";
	const char *p = memmem(body, len, member, sizeof member - 1);
	unsigned char (*ids)[CL_HASH_BYTES];
	unsigned char id[CL_HASH_BYTES];
	size_t at;

	if (p == NULL)
		return CL_OK;
	at = (size_t)(p - body) + sizeof member - 1;
	/* Not 64 hex digits: not an archived article (the chain rules say
	 * what a claim's document is; the verifier re-checks). */
	if (len - at < CL_ID_HEX + 1 || body[at + CL_ID_HEX] != '"' ||
	    cl_hex_decode(id, CL_HASH_BYTES, body + at, CL_ID_HEX) != CL_OK)
		return CL_OK;
	if (idmap_get(&d->seen, id) != EMPTY)
		return CL_OK;
	if ((ids = cl_grow(d->id, &d->cap, d->n, sizeof *ids, 64)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	d->id = ids;
	if (idmap_put(&d->seen, id, d->n) != CL_OK)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(d->id[d->n++], id, CL_HASH_BYTES);
	return CL_OK;
}

size_t cl_docset_count(const cl_docset *d)
{
	return d->n;
}

const unsigned char *cl_docset_id(const cl_docset *d, size_t i)
{
	return d->id[i];
}

/* ---- verifying -------------------------------------------------------- */

#define V_DIRECT 1u
#define V_OFF 2u
#define V_LEN 4u

/* A claim's view as of record `rseq` (the claim, or a correction of it). */
struct view {
	uint64_t rseq, cseq;
	uint64_t off, len;
	uint32_t doc;    /* index into the articles */
	uint32_t flags;  /* V_* */
	unsigned char text[CL_HASH_BYTES]; /* SHA-256 of the view's text */
};

struct doc {
	uint64_t first;  /* the first claim citing it */
	int seen;        /* its line was read */
};

struct cl_quotes {
	struct idmap docs;    /* article id -> index into doc */
	struct doc *doc;
	size_t ndoc, doccap;
	struct idmap claims;  /* claim id -> index of its latest view */
	struct view *view;    /* in rseq order */
	size_t nview, viewcap;
	size_t *order;        /* views grouped by article (then rseq) */
	size_t *start;        /* order[start[d] .. start[d+1]) cite article d */
	uint64_t read, checked;
};

int cl_quotes_new(cl_quotes **out, cl_error *err)
{
	if ((*out = calloc(1, sizeof **out)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

void cl_quotes_free(cl_quotes *q)
{
	if (q == NULL)
		return;
	idmap_free(&q->docs);
	idmap_free(&q->claims);
	free(q->doc);
	free(q->view);
	free(q->order);
	free(q->start);
	free(q);
}

static int push_view(cl_quotes *q, const struct view *v, const unsigned char claim[CL_HASH_BYTES])
{
	struct view *views = cl_grow(q->view, &q->viewcap, q->nview, sizeof *views, 64);

	if (views == NULL)
		return CL_ENOMEM;
	q->view = views;
	if (idmap_put(&q->claims, claim, q->nview) != CL_OK)
		return CL_ENOMEM;
	q->view[q->nview++] = *v;
	return CL_OK;
}

/* Apply the view members that a claim or a correction holds. */
static void view_apply(struct view *v, const cl_body_facts *f)
{
	if (f->view & CL_VIEW_TEXT)
		memcpy(v->text, f->text_sha256, CL_HASH_BYTES);
	if (f->view & CL_VIEW_KIND)
		v->flags = (f->view & CL_VIEW_DIRECT) ? v->flags | V_DIRECT
						      : v->flags & ~V_DIRECT;
	if (f->view & CL_VIEW_OFFSET) {
		v->off = f->offset;
		v->flags |= V_OFF;
	}
	if (f->view & CL_VIEW_LENGTH) {
		v->len = f->length;
		v->flags |= V_LEN;
	}
}

static int record_claim(cl_quotes *q, uint64_t seq, const unsigned char id[CL_HASH_BYTES],
			const cl_body_facts *f, cl_error *err)
{
	struct view v = { 0 };
	struct doc *docs;
	uint64_t d;

	if (!(f->view & CL_VIEW_DOCUMENT))
		return CL_OK;
	if ((d = idmap_get(&q->docs, f->document)) == EMPTY) {
		d = q->ndoc;
		if ((docs = cl_grow(q->doc, &q->doccap, q->ndoc, sizeof *docs, 64)) == NULL)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		q->doc = docs;
		if (idmap_put(&q->docs, f->document, d) != CL_OK)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		q->doc[q->ndoc].first = seq;
		q->doc[q->ndoc++].seen = 0;
	}
	v.rseq = v.cseq = seq;
	v.doc = (uint32_t)d;
	view_apply(&v, f);
	if (push_view(q, &v, id) != CL_OK)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

/* store_append.c's store_check_correction, without the article: what it
 * needs of the article is checked when the article's line comes. */
static int record_correction(cl_quotes *q, uint64_t seq, const cl_body_facts *f,
			     cl_error *err)
{
	struct view v;
	uint64_t at;

	if (!(f->view & (CL_VIEW_TEXT | CL_VIEW_KIND | CL_VIEW_OFFSET | CL_VIEW_LENGTH)))
		return CL_OK;
	if ((at = idmap_get(&q->claims, f->ref)) == EMPTY) {
		/* The chain made sure the target is a claim: one citing no
		 * article, whose view can have no span. */
		if (f->view & (CL_VIEW_OFFSET | CL_VIEW_LENGTH))
			return cl_error_set(err, CL_EINTEGRITY, "correction %" PRIu64
					    ": its claim cites no archived article, so it "
					    "can have no offset and length", seq);
		return CL_OK;
	}
	v = q->view[at];
	v.rseq = seq;
	view_apply(&v, f);
	if ((v.flags & V_DIRECT) && (v.flags & (V_OFF | V_LEN)) != (V_OFF | V_LEN))
		return cl_error_set(err, CL_EINTEGRITY, "correction %" PRIu64 " of claim %"
				    PRIu64 ": a direct quote of its article without offset "
				    "and length", seq, v.cseq);
	if (push_view(q, &v, f->ref) != CL_OK)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return CL_OK;
}

int cl_quotes_record_facts(cl_quotes *q, uint64_t seq, const unsigned char id[CL_HASH_BYTES],
			   const cl_body_facts *f, cl_error *err)
{
	if (q->order != NULL)
		return CL_OK;
	if (f->type == CL_TYPE_CLAIM)
		return record_claim(q, seq, id, f, err);
	if (f->type == CL_TYPE_CORRECTION)
		return record_correction(q, seq, f, err);
	return CL_OK;
}

int cl_quotes_record(cl_quotes *q, uint64_t seq, const unsigned char id[CL_HASH_BYTES],
		     const json_t *body, cl_error *err)
{
	cl_body_facts f;

	if (cl_record_facts(body, &f) != CL_OK)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return cl_quotes_record_facts(q, seq, id, &f, err);
}

int cl_quotes_cites(const cl_quotes *q, const unsigned char id[CL_HASH_BYTES],
		    uint64_t *first_seq)
{
	uint64_t d = idmap_get(&q->docs, id);

	if (d == EMPTY)
		return 0;
	if (first_seq)
		*first_seq = q->doc[d].first;
	return 1;
}

/* Group the views by article once the records are over (a counting sort:
 * each group keeps the seq order). */
static int group_views(cl_quotes *q)
{
	size_t i, *fill;

	q->order = malloc((q->nview ? q->nview : 1) * sizeof *q->order);
	q->start = calloc(q->ndoc + 1, sizeof *q->start);
	fill = calloc(q->ndoc + 1, sizeof *fill);
	if (q->order == NULL || q->start == NULL || fill == NULL) {
		free(fill);
		return CL_ENOMEM;
	}
	for (i = 0; i < q->nview; i++)
		q->start[q->view[i].doc + 1]++;
	for (i = 0; i < q->ndoc; i++)
		q->start[i + 1] += q->start[i];
	memcpy(fill, q->start, (q->ndoc + 1) * sizeof *fill);
	for (i = 0; i < q->nview; i++)
		q->order[fill[q->view[i].doc]++] = i;
	free(fill);
	return CL_OK;
}

/* Who a view speaks for, for messages: "claim 5" or "correction 9 of
 * claim 5". */
static void view_who(char *out, size_t n, const struct view *v)
{
	if (v->rseq == v->cseq)
		snprintf(out, n, "claim %" PRIu64, v->cseq);
	else
		snprintf(out, n, "correction %" PRIu64 " of claim %" PRIu64, v->rseq, v->cseq);
}

static int check_view(cl_quotes *q, const struct view *v, const unsigned char *doc,
		      size_t len, const char *name, uint64_t lineno, cl_error *err)
{
	unsigned char h[CL_HASH_BYTES];
	char who[96], *text = NULL;
	int rc;

	if (!(v->flags & V_DIRECT) || (v->flags & (V_OFF | V_LEN)) != (V_OFF | V_LEN))
		return CL_OK;
	view_who(who, sizeof who, v);
	if (v->off > len || v->len > len - v->off)
		return cl_error_set(err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": %s: bytes %"
				    PRIu64 "..%" PRIu64 " lie outside its document "
				    "(%zu bytes, line %" PRIu64 ")", name, v->rseq + 2, who,
				    v->off, v->off + v->len, len, lineno);
	rc = cl_quote_text((const char *)doc + v->off, (size_t)v->len, &text, NULL);
	if (rc == CL_ENOMEM)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	if (rc != CL_OK)
		return cl_error_set(err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": %s: bytes %"
				    PRIu64 "..%" PRIu64 " of its document are not UTF-8 "
				    "text (line %" PRIu64 ")", name, v->rseq + 2, who,
				    v->off, v->off + v->len, lineno);
	cl_sha256(h, text, strlen(text));
	free(text);
	q->checked++;
	if (!cl_memeq(h, v->text, CL_HASH_BYTES))
		return cl_error_set(err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": %s: %s is "
				    "not bytes %" PRIu64 "..%" PRIu64 " of its document "
				    "(line %" PRIu64 ")", name, v->rseq + 2, who,
				    v->rseq == v->cseq ? "text" : "corrected text",
				    v->off, v->off + v->len, lineno);
	return CL_OK;
}

int cl_quotes_document(cl_quotes *q, const unsigned char id[CL_HASH_BYTES],
		       const unsigned char *doc, size_t len, const char *name,
		       uint64_t lineno, cl_error *err)
{
	uint64_t d = idmap_get(&q->docs, id);
	char hex[CL_ID_HEX + 1];
	size_t i;
	int rc;

	cl_hex_encode(hex, id, CL_HASH_BYTES);
	if (d == EMPTY)
		return cl_error_set(err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": document "
				    "%.16s... is cited by no claim", name, lineno, hex);
	if (q->doc[d].seen)
		return cl_error_set(err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": document "
				    "%.16s... comes twice", name, lineno, hex);
	if (q->order == NULL && group_views(q) != CL_OK)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	q->doc[d].seen = 1;
	q->read++;
	for (i = q->start[d]; i < q->start[d + 1]; i++)
		if ((rc = check_view(q, &q->view[q->order[i]], doc, len, name, lineno,
				     err)) != CL_OK)
			return rc;
	return CL_OK;
}

int cl_quotes_finish(const cl_quotes *q, const char *name, cl_error *err)
{
	char hex[2 * KEY_BYTES + 1];
	size_t i, miss = SIZE_MAX;

	for (i = 0; i < q->ndoc; i++)
		if (!q->doc[i].seen && (miss == SIZE_MAX || q->doc[i].first < q->doc[miss].first))
			miss = i;
	if (miss == SIZE_MAX)
		return CL_OK;
	/* The id of article `miss`: its slot in the map. */
	for (i = 0; i < q->docs.cap; i++)
		if (q->docs.val[i] == miss)
			break;
	cl_hex_encode(hex, q->docs.key[i], KEY_BYTES);
	return cl_error_set(err, CL_EINTEGRITY, "'%s' line %" PRIu64 ": claim %" PRIu64
			    ": its document %.16s... is not in the export", name,
			    q->doc[miss].first + 2, q->doc[miss].first, hex);
}

uint64_t cl_quotes_cited(const cl_quotes *q)
{
	return q->ndoc;
}

uint64_t cl_quotes_documents(const cl_quotes *q)
{
	return q->read;
}

uint64_t cl_quotes_checked(const cl_quotes *q)
{
	return q->checked;
}
