/*
 * monitor.c: one monitor run over a published ledger (monitor.h).
 *
 * The record rules are not here: every record goes through the chain
 * (record.h: cl_chain_push, or cl_chain_push_facts) and every quote through cl_quotes (export_docs.h), the same
 * engines as `verify` and `verify-export`.  What is here is the reading
 * order, the tile checks (tileread.h) and the state kept between runs.
 */
#include "ledger/monitor.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/grow.h"
#include "ledger/canon.h"
#include "ledger/export.h"
#include "ledger/export_docs.h"
#include "ledger/merkle.h"
#include "ledger/pool.h"
#include "ledger/record.h"
#include "ledger/tileread.h"
#include "ledger/tiles.h"

#define REC_BYTES (CL_HASH_BYTES + 1) /* id, type byte */
#define TYPE_MASK 0x3f                /* the cl_type in a type byte */
#define CITES 0x40                    /* flag: a claim citing an article */
#define MAX_SIZE ((uint64_t)1 << 53)  /* sizes the state can write in JSON */

/* Every record's id and type, in seq order, with a hash index so the
 * chain can look an id up (verdicts and corrections point at ids). */
struct idtab {
	unsigned char *rec;   /* n * REC_BYTES */
	uint64_t n, cap;
	uint64_t *slot;       /* record index + 1; 0 empty */
	uint64_t nslot;       /* a power of two, at least twice n */
	uint64_t mult;        /* odd, random: ids cannot be ground to collide */
};

struct cl_monitor_state {
	int started;                  /* a checkpoint was accepted */
	char *note;                   /* that checkpoint */
	size_t note_len;
	cl_checkpoint cp;
	cl_frontier fr;               /* its tree's right edge */
	cl_chain *chain;              /* NULL until a record is accepted */
	struct idtab ids;
	/* (claim seq, correction seq) of every correction with corrected
	 * values of a claim citing an article, in correction order: what a
	 * later run replays to know such a claim's view (export_docs.h). */
	uint64_t (*corr)[2];
	size_t ncorr, capcorr;
};

/* ---- the id table ------------------------------------------------------ */

static uint64_t id_slot(const struct idtab *t, const unsigned char *id)
{
	uint64_t x;

	memcpy(&x, id, sizeof x);
	return (x * t->mult) & (t->nslot - 1);
}

static int id_rehash(struct idtab *t, uint64_t nslot)
{
	uint64_t *slot = calloc(nslot, sizeof *slot), i, j;

	if (slot == NULL)
		return CL_ENOMEM;
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	for (i = 0; i < t->n; i++) {
		for (j = id_slot(t, t->rec + i * REC_BYTES); slot[j]; j = (j + 1) & (nslot - 1))
			;
		slot[j] = i + 1;
	}
	return CL_OK;
}

/* The index of `id`, or UINT64_MAX. */
static uint64_t id_find(const struct idtab *t, const unsigned char *id)
{
	uint64_t j;

	if (t->nslot == 0)
		return UINT64_MAX;
	for (j = id_slot(t, id); t->slot[j]; j = (j + 1) & (t->nslot - 1))
		if (memcmp(t->rec + (t->slot[j] - 1) * REC_BYTES, id, CL_HASH_BYTES) == 0)
			return t->slot[j] - 1;
	return UINT64_MAX;
}

static int id_add(struct idtab *t, const unsigned char *id, unsigned char type)
{
	unsigned char *rec;
	uint64_t cap, j;

	if (t->n == t->cap) {
		cap = t->cap ? 2 * t->cap : 1024;
		if ((rec = realloc(t->rec, cap * REC_BYTES)) == NULL)
			return CL_ENOMEM;
		t->rec = rec;
		t->cap = cap;
	}
	if (2 * (t->n + 1) > t->nslot &&
	    id_rehash(t, t->nslot ? 2 * t->nslot : 2048) != CL_OK)
		return CL_ENOMEM;
	memcpy(t->rec + t->n * REC_BYTES, id, CL_HASH_BYTES);
	t->rec[t->n * REC_BYTES + CL_HASH_BYTES] = type;
	for (j = id_slot(t, id); t->slot[j]; j = (j + 1) & (t->nslot - 1))
		;
	t->slot[j] = ++t->n;
	return CL_OK;
}

static cl_type id_lookup(void *ctx, const unsigned char id[CL_HASH_BYTES])
{
	const struct idtab *t = ctx;
	uint64_t i = id_find(t, id);

	if (i == UINT64_MAX)
		return CL_TYPE_UNKNOWN;
	return (cl_type)(t->rec[i * REC_BYTES + CL_HASH_BYTES] & TYPE_MASK);
}

/* Note that correction `corr` changes the view of claim `claim`. */
static int corr_add(cl_monitor_state *s, uint64_t claim, uint64_t corr)
{
	uint64_t (*p)[2] = cl_grow(s->corr, &s->capcorr, s->ncorr, sizeof *p, 16);

	if (p == NULL)
		return CL_ENOMEM;
	s->corr = p;
	s->corr[s->ncorr][0] = claim;
	s->corr[s->ncorr][1] = corr;
	s->ncorr++;
	return CL_OK;
}

/* ---- the state --------------------------------------------------------- */

int cl_monitor_state_new(cl_monitor_state **out, cl_error *err)
{
	cl_monitor_state *s = calloc(1, sizeof *s);

	*out = NULL;
	if (s == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	cl_frontier_init(&s->fr);
	cl_random(&s->ids.mult, sizeof s->ids.mult);
	s->ids.mult |= 1;
	*out = s;
	return CL_OK;
}

void cl_monitor_state_free(cl_monitor_state *s)
{
	if (s == NULL)
		return;
	free(s->note);
	cl_chain_free(s->chain);
	free(s->ids.rec);
	free(s->ids.slot);
	free(s->corr);
	free(s);
}

uint64_t cl_monitor_state_size(const cl_monitor_state *s)
{
	return s->started ? s->cp.size : 0;
}

const char *cl_monitor_state_note(const cl_monitor_state *s, size_t *len)
{
	if (len)
		*len = s->started ? s->note_len : 0;
	return s->started ? s->note : NULL;
}

static json_t *hex_json(const unsigned char *p, size_t n)
{
	char hex[2 * CL_HASH_BYTES + 1];

	cl_hex_encode(hex, p, n);
	return json_string(hex);
}

/* The state's first line, as a JSON object (NULL: out of memory). */
static json_t *state_header(const cl_monitor_state *s)
{
	json_t *o = json_object(), *fr = json_array(), *eds = json_array(), *e;
	json_t *corr = json_array();
	const cl_editor *ed;
	size_t i;
	int bad = o == NULL || fr == NULL || eds == NULL || corr == NULL;

	for (i = 0; !bad && i < s->fr.npeaks; i++)
		bad = json_array_append_new(fr, hex_json(s->fr.peak[i], CL_HASH_BYTES)) != 0;
	for (i = 0; !bad && s->chain && i < cl_chain_editor_count(s->chain); i++) {
		ed = cl_chain_editor(s->chain, i);
		/* "revoked" only once revoked (canonical JSON has no null) */
		e = json_pack("{s:s, s:o, s:I}", "name", ed->name,
			      "key", hex_json(ed->pk, CL_PUBKEY_BYTES),
			      "added", (json_int_t)ed->added);
		if (e != NULL && ed->revoked != UINT64_MAX &&
		    json_object_set_new(e, "revoked", json_integer((json_int_t)ed->revoked)) != 0) {
			json_decref(e);
			e = NULL;
		}
		bad = e == NULL || json_array_append_new(eds, e) != 0;
	}
	for (i = 0; !bad && i < s->ncorr; i++)
		bad = json_array_append_new(corr, json_pack("[I,I]", (json_int_t)s->corr[i][0],
							     (json_int_t)s->corr[i][1])) != 0;
	if (!bad)
		bad = json_object_set_new(o, "claimledger", json_string(CL_MONITOR_FORMAT)) ||
		      json_object_set(o, "corrected", corr) ||
		      json_object_set_new(o, "checkpoint", json_stringn(s->note, s->note_len)) ||
		      json_object_set_new(o, "records", json_integer((json_int_t)s->ids.n)) ||
		      json_object_set(o, "frontier", fr) ||
		      json_object_set(o, "editors", eds);
	if (!bad && s->chain)
		bad = json_object_set_new(o, "last", hex_json(cl_chain_last_id(s->chain),
							     CL_HASH_BYTES)) ||
		      json_object_set_new(o, "owner_name",
					  json_string(cl_chain_owner_name(s->chain)));
	json_decref(fr);
	json_decref(eds);
	json_decref(corr);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int cl_monitor_state_save(const cl_monitor_state *s, FILE *out, cl_error *err)
{
	json_t *o;
	char *line = NULL;
	size_t len = 0, i;
	unsigned char type;
	int rc;

	if (!s->started)
		return cl_error_set(err, CL_EINPUT, "no checkpoint to save");
	if ((o = state_header(s)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	rc = cl_canon_encode(o, &line, &len, err);
	json_decref(o);
	if (rc != CL_OK)
		return rc;
	if (fwrite(line, 1, len, out) != len || fputc('\n', out) == EOF)
		rc = cl_error_set(err, CL_EIO, "cannot write the state");
	free(line);
	for (i = 0; rc == CL_OK && i < s->ids.n; i++) {
		type = s->ids.rec[i * REC_BYTES + CL_HASH_BYTES];
		if (fwrite(s->ids.rec + i * REC_BYTES, 1, CL_HASH_BYTES, out) != CL_HASH_BYTES ||
		    fputc(type, out) == EOF)
			rc = cl_error_set(err, CL_EIO, "cannot write the state");
	}
	if (rc == CL_OK && (fflush(out) != 0 || ferror(out)))
		rc = cl_error_set(err, CL_EIO, "cannot write the state");
	return rc;
}

static int hex_member(const json_t *o, const char *key, unsigned char *out, size_t n)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL && strlen(v) == 2 * n && cl_hex_decode(out, n, v, 2 * n) == CL_OK;
}

/* The chain as the header describes it, after `n` records. */
static int state_chain(cl_monitor_state *s, const json_t *o, uint64_t n, cl_error *err)
{
	unsigned char last[CL_HASH_BYTES];
	const json_t *eds = json_object_get(o, "editors"), *e, *rv;
	const char *oname = json_string_value(json_object_get(o, "owner_name"));
	cl_editor ed;
	size_t i;
	int rc;

	if (!hex_member(o, "last", last, CL_HASH_BYTES) || oname == NULL ||
	    !json_is_array(eds) || json_array_size(eds) == 0)
		return cl_error_set(err, CL_EINPUT, "no chain state");
	if ((rc = cl_chain_new(&s->chain, err)) != CL_OK)
		return rc;
	cl_chain_set_lookup(s->chain, id_lookup, &s->ids);
	for (i = 0; i < json_array_size(eds); i++) {
		e = json_array_get(eds, i);
		memset(&ed, 0, sizeof ed);
		rv = json_object_get(e, "revoked");
		if (json_string_length(json_object_get(e, "name")) > CL_KEYNAME_MAX ||
		    json_string_value(json_object_get(e, "name")) == NULL ||
		    !hex_member(e, "key", ed.pk, CL_PUBKEY_BYTES) ||
		    !json_is_integer(json_object_get(e, "added")) ||
		    !(rv == NULL || json_is_integer(rv)))
			return cl_error_set(err, CL_EINPUT, "editor %zu is damaged", i);
		snprintf(ed.name, sizeof ed.name, "%s",
			 json_string_value(json_object_get(e, "name")));
		ed.added = (uint64_t)json_integer_value(json_object_get(e, "added"));
		ed.revoked = rv == NULL ? UINT64_MAX : (uint64_t)json_integer_value(rv);
		ed.is_owner = i == 0;
		if (i == 0)
			rc = cl_chain_restore(s->chain, n, last, ed.pk, s->cp.origin,
					      oname, err);
		else
			rc = cl_chain_restore_editor(s->chain, &ed, err);
		if (rc != CL_OK)
			return rc;
	}
	return CL_OK;
}

/* Read the header line and the id table into the new state `s`. */
static int state_read(cl_monitor_state *s, FILE *in, cl_error *err)
{
	unsigned char rec[REC_BYTES], root[CL_HASH_BYTES];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	json_t *o = NULL, *fr, *corr, *pair;
	const char *fmt, *note;
	json_int_t c, k;
	uint64_t n, i;
	cl_error e = { 0 };
	int rc = CL_EINPUT;

	len = getline(&line, &cap, in);
	if (len <= 1 || len > CL_MONITOR_HEADER_MAX || line[len - 1] != '\n') {
		cl_error_set(err, CL_EINPUT, "not a monitor state file");
		goto out;
	}
	if (cl_canon_parse(line, (size_t)len - 1, &o, &e) != CL_OK || !json_is_object(o)) {
		cl_error_set(err, CL_EINPUT, "not a monitor state file: %s", e.msg);
		goto out;
	}
	fmt = json_string_value(json_object_get(o, "claimledger"));
	note = json_string_value(json_object_get(o, "checkpoint"));
	fr = json_object_get(o, "frontier");
	if (fmt == NULL || strcmp(fmt, CL_MONITOR_FORMAT) != 0 || note == NULL ||
	    !json_is_integer(json_object_get(o, "records")) || !json_is_array(fr)) {
		cl_error_set(err, CL_EINPUT, "not a %s state file", CL_MONITOR_FORMAT);
		goto out;
	}
	n = (uint64_t)json_integer_value(json_object_get(o, "records"));
	s->note_len = json_string_length(json_object_get(o, "checkpoint"));
	if ((s->note = malloc(s->note_len + 1)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(s->note, note, s->note_len + 1);
	/* The note's signature is checked by the run, with the caller's key;
	 * here only that the parts of the state agree with each other.  A
	 * checkpoint's text has no empty line: the first ends it. */
	for (i = 0; i + 1 < s->note_len && !(s->note[i] == '\n' && s->note[i + 1] == '\n'); i++)
		;
	if (cl_checkpoint_parse(s->note, i + 1, &s->cp, &e) != CL_OK || s->cp.size != n ||
	    json_array_size(fr) > CL_MERKLE_MAX_DEPTH) {
		cl_error_set(err, CL_EINPUT, "its checkpoint does not match its records");
		goto out;
	}
	s->fr.size = n;
	s->fr.npeaks = json_array_size(fr);
	for (i = 0; i < s->fr.npeaks; i++)
		if (!json_is_string(json_array_get(fr, i)) ||
		    json_string_length(json_array_get(fr, i)) != 2 * CL_HASH_BYTES ||
		    cl_hex_decode(s->fr.peak[i], CL_HASH_BYTES,
				  json_string_value(json_array_get(fr, i)),
				  2 * CL_HASH_BYTES) != CL_OK) {
			cl_error_set(err, CL_EINPUT, "its frontier is damaged");
			goto out;
		}
	cl_frontier_root(&s->fr, root);
	if ((uint64_t)__builtin_popcountll(n) != s->fr.npeaks ||
	    !cl_memeq(root, s->cp.root, CL_HASH_BYTES)) {
		cl_error_set(err, CL_EINPUT, "its frontier is not its checkpoint's tree");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (fread(rec, 1, REC_BYTES, in) != REC_BYTES) {
			cl_error_set(err, CL_EINPUT, "it ends after %" PRIu64 " of its %"
				     PRIu64 " records", i, n);
			goto out;
		}
		if ((rec[CL_HASH_BYTES] & TYPE_MASK) > CL_TYPE_MAX ||
		    ((rec[CL_HASH_BYTES] & CITES) && (rec[CL_HASH_BYTES] & TYPE_MASK) != CL_TYPE_CLAIM) ||
		    (rec[CL_HASH_BYTES] & ~(TYPE_MASK | CITES))) {
			cl_error_set(err, CL_EINPUT, "record %" PRIu64 " has a bad type byte", i);
			goto out;
		}
		if (id_add(&s->ids, rec, rec[CL_HASH_BYTES]) != CL_OK) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (fgetc(in) != EOF) {
		cl_error_set(err, CL_EINPUT, "bytes after its %" PRIu64 " records", n);
		goto out;
	}
	if (ferror(in)) {
		rc = cl_error_set(err, CL_EIO, "cannot read it");
		goto out;
	}
	corr = json_object_get(o, "corrected");
	for (i = 0; i < json_array_size(corr); i++) {
		pair = json_array_get(corr, i);
		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !json_is_integer(json_array_get(pair, 0)) ||
		    !json_is_integer(json_array_get(pair, 1)) ||
		    (c = json_integer_value(json_array_get(pair, 0))) < 0 ||
		    (k = json_integer_value(json_array_get(pair, 1))) <= c ||
		    (uint64_t)k >= n || (i > 0 && (uint64_t)k <= s->corr[i - 1][1]) ||
		    (s->ids.rec[(uint64_t)c * REC_BYTES + CL_HASH_BYTES] & CITES) == 0) {
			cl_error_set(err, CL_EINPUT, "its corrected list is damaged");
			goto out;
		}
		if (corr_add(s, (uint64_t)c, (uint64_t)k) != CL_OK) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (!json_is_array(corr)) {
		cl_error_set(err, CL_EINPUT, "no corrected list");
		goto out;
	}
	if (n > 0 && (rc = state_chain(s, o, n, &e)) != CL_OK) {
		rc = cl_error_set(err, rc == CL_ENOMEM ? rc : CL_EINPUT,
				  "its chain state: %s", e.msg);
		goto out;
	}
	s->started = 1;
	rc = CL_OK;
out:
	json_decref(o);
	free(line);
	return rc;
}

int cl_monitor_state_load(FILE *in, const char *name, cl_monitor_state **out,
			  cl_error *err)
{
	cl_monitor_state *s = NULL;
	cl_error e = { 0 };
	int rc;

	*out = NULL;
	if ((rc = cl_monitor_state_new(&s, err)) != CL_OK)
		return rc;
	if ((rc = state_read(s, in, &e)) != CL_OK) {
		cl_monitor_state_free(s);
		return cl_error_set(err, rc, "state file '%s': %s", name, e.msg);
	}
	*out = s;
	return CL_OK;
}

/* ---- a run ------------------------------------------------------------- */

struct run {
	cl_fetch_fn fetch;
	void *ctx;
	const unsigned char *owner;
	cl_monitor_state *s;
	cl_monitor_result *res;
	cl_error *err;
	char origin[CL_ORIGIN_MAX + 1];
	cl_checkpoint cp;
	cl_tileread *tiles;
	cl_quotes *quotes;
	cl_docset *docs;
	uint64_t base;      /* the state's size: records before it are known */
	uint64_t *seeded;   /* earlier claims whose views this run replayed */
	size_t nseeded, capseeded;
	unsigned threads;   /* for the pool that checks the new records */
};

/* Fetch `path`: a file the checkpoint needs, so a missing one is the
 * host's fault (CL_EINTEGRITY), unless `optional`. */
static int get(struct run *r, const char *path, size_t max, int optional,
	       unsigned char **data, size_t *len)
{
	cl_error e = { 0 };
	int rc;

	r->res->fetches++;
	rc = r->fetch(r->ctx, path, max, data, len, &e);
	if (rc == CL_ENOTFOUND && !optional)
		return cl_error_set(r->err, CL_EINTEGRITY, "%s: missing, though the "
				    "checkpoint of size %" PRIu64 " needs it", path,
				    r->cp.size);
	if (rc != CL_OK)
		return cl_error_set(r->err, rc, "%s", e.msg);
	return CL_OK;
}

/* claimledger/log: the origin, and the owner key it must be. */
static int check_log(struct run *r)
{
	static const char *const names[] = { "claimledger", "origin", "owner" };
	char kname[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES], *data = NULL;
	const char *fmt, *origin, *owner;
	json_t *o = NULL;
	cl_error e = { 0 };
	size_t len = 0, i;
	int rc;

	rc = r->fetch(r->ctx, "claimledger/log", CL_FETCH_LOG_MAX, &data, &len, &e);
	r->res->fetches++;
	if (rc == CL_ENOTFOUND)
		return cl_error_set(r->err, CL_ENOTFOUND, "claimledger/log: not found: "
				    "no ledger is published there");
	if (rc != CL_OK)
		return cl_error_set(r->err, rc, "%s", e.msg);
	rc = CL_EINTEGRITY;
	if (len == 0 || data[len - 1] != '\n' ||
	    cl_canon_parse((const char *)data, len - 1, &o, &e) != CL_OK ||
	    !json_is_object(o) || json_object_size(o) != 3) {
		cl_error_set(r->err, rc, "claimledger/log: not one line of canonical "
			     "JSON with exactly claimledger, origin and owner");
		goto out;
	}
	for (i = 0; i < 3; i++)
		if (!json_is_string(json_object_get(o, names[i]))) {
			cl_error_set(r->err, rc, "claimledger/log: %s is not a string",
				     names[i]);
			goto out;
		}
	fmt = json_string_value(json_object_get(o, "claimledger"));
	origin = json_string_value(json_object_get(o, "origin"));
	owner = json_string_value(json_object_get(o, "owner"));
	if (strcmp(fmt, CL_MONITOR_LOG_FORMAT) != 0) {
		cl_error_set(r->err, rc, "claimledger/log: not a claimledger %s log",
			     CL_MONITOR_LOG_FORMAT);
		goto out;
	}
	if (!cl_keyname_valid(origin)) {
		cl_error_set(r->err, rc, "claimledger/log: origin is not a valid key name");
		goto out;
	}
	if (cl_vkey_parse(owner, strlen(owner), kname, pk, &e) != CL_OK ||
	    strcmp(kname, origin) != 0) {
		cl_error_set(r->err, rc, "claimledger/log: owner is not a verifier key "
			     "named by the origin");
		goto out;
	}
	if (!cl_memeq(pk, r->owner, CL_PUBKEY_BYTES)) {
		cl_error_set(r->err, rc, "claimledger/log: the owner key is not "
			     "the --pubkey key");
		goto out;
	}
	if (r->s->started && strcmp(origin, r->s->cp.origin) != 0) {
		cl_error_set(r->err, rc, "claimledger/log: the origin is now '%s', "
			     "not the origin this monitor followed", origin);
		goto out;
	}
	snprintf(r->origin, sizeof r->origin, "%s", origin);
	rc = CL_OK;
out:
	json_decref(o);
	free(data);
	return rc;
}

int cl_monitor_checkpoint(const char *note, size_t len, const char *origin,
			  const unsigned char owner[CL_PUBKEY_BYTES],
			  const cl_monitor_witnesses *wit, size_t *valid,
			  cl_checkpoint *cp, cl_error *err)
{
	cl_error e = { 0 };
	size_t count = 0;
	int rc;

	rc = cl_checkpoint_open(note, len, origin, owner, origin, cp, &e);
	if (rc == CL_ENOMEM)
		return cl_error_set(err, rc, "out of memory");
	if (rc != CL_OK)
		return cl_error_set(err, CL_EINTEGRITY, "checkpoint: %s", e.msg);
	if (cp->size >= MAX_SIZE)
		return cl_error_set(err, CL_EINTEGRITY, "checkpoint: size %" PRIu64
				    " is over 2^53 - 1", cp->size);
	if (wit == NULL || wit->nw == 0)
		return CL_OK;
	/* The cosignatures are checked on the very bytes whose owner
	 * signature was, so no other copy can stand in for them. */
	rc = cl_cosig_quorum(note, len, wit->w, wit->nw, wit->quorum, &count, &e);
	if (valid != NULL)
		*valid = count;
	if (rc == CL_ENOMEM)
		return cl_error_set(err, rc, "out of memory");
	if (rc != CL_OK)
		return cl_error_set(err, CL_EINTEGRITY, "checkpoint: %s", e.msg);
	return CL_OK;
}

/* Step 3: the new checkpoint against the state's. */
static int compare(struct run *r, int *same)
{
	char a[64], b[64];
	const cl_checkpoint *old = &r->s->cp;

	*same = 0;
	if (!r->s->started)
		return CL_OK;
	if (r->cp.size < old->size)
		return cl_error_set(r->err, CL_EINTEGRITY, "log shrank: the checkpoint's "
				    "size is %" PRIu64 ", below the %" PRIu64 " this "
				    "monitor accepted", r->cp.size, old->size);
	if (r->cp.size == old->size) {
		if (cl_memeq(r->cp.root, old->root, CL_HASH_BYTES)) {
			*same = 1;
			return CL_OK;
		}
		cl_b64_encode(a, r->cp.root, CL_HASH_BYTES);
		cl_b64_encode(b, old->root, CL_HASH_BYTES);
		return cl_error_set(r->err, CL_EINTEGRITY, "split view: the checkpoint "
				    "of size %" PRIu64 " has root %s, this monitor "
				    "accepted root %s for that size", r->cp.size, a, b);
	}
	return CL_OK;
}

/*
 * The body of the earlier record `seq` (< the state's size), read again
 * from its entry bundle: *body malloc'd, NUL-terminated, checked against
 * the checked level-0 tile.
 */
static int old_record(struct run *r, uint64_t seq, char **body, size_t *blen)
{
	char epath[CL_TILE_PATH_MAX];
	unsigned char *ent = NULL, leaf[CL_HASH_BYTES];
	const unsigned char *hashes, *entry = NULL;
	uint64_t b = seq / CL_TILE_WIDTH;
	size_t elen = 0, off = 0, n = 0;
	unsigned w, tw, j;
	int rc;

	*body = NULL;
	w = r->cp.size - b * CL_TILE_WIDTH >= CL_TILE_WIDTH
	    ? CL_TILE_WIDTH : (unsigned)(r->cp.size - b * CL_TILE_WIDTH);
	cl_tile_path(epath, sizeof epath, CL_TILE_ENTRIES, b, w);
	if ((rc = get(r, epath, CL_FETCH_ENTRIES_MAX, 0, &ent, &elen)) != CL_OK)
		return rc;
	for (j = 0; j <= seq % CL_TILE_WIDTH; j++)
		if (cl_bundle_next(ent, elen, &off, &entry, &n) != 1) {
			rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: ends before "
					  "entry %u", epath, j);
			goto out;
		}
	if ((rc = cl_tileread_tile(r->tiles, 0, b, &hashes, &tw, r->err)) != CL_OK)
		goto out;
	cl_merkle_leaf_hash(leaf, entry, n);
	if (!cl_memeq(leaf, hashes + seq % CL_TILE_WIDTH * CL_HASH_BYTES, CL_HASH_BYTES)) {
		rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: entry %u (seq %" PRIu64
				  ") is not the leaf its tile has for it", epath,
				  (unsigned)(seq % CL_TILE_WIDTH), seq);
		goto out;
	}
	if ((*body = malloc(n + 1)) == NULL) {
		rc = cl_error_set(r->err, CL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*body, entry, n);
	(*body)[n] = 0;
	*blen = n;
out:
	free(ent);
	return rc;
}

/*
 * Claim `claim` of an earlier run, citing an article, is corrected in this
 * one: give this run's cl_quotes its view as it stands, by replaying the
 * claim and its earlier corrections (the state lists them), read again
 * from their bundles.  They passed the chain when they were new.
 */
static int seed_claim(struct run *r, uint64_t claim)
{
	unsigned char id[CL_HASH_BYTES];
	uint64_t *p, seq;
	size_t i = 0;
	char *body = NULL;
	size_t len = 0;
	json_t *obj = NULL;
	cl_error e = { 0 };
	int rc = CL_OK;

	for (i = 0; i < r->nseeded; i++)
		if (r->seeded[i] == claim)
			return CL_OK;
	if ((p = cl_grow(r->seeded, &r->capseeded, r->nseeded, sizeof *p, 8)) == NULL)
		return cl_error_set(r->err, CL_ENOMEM, "out of memory");
	r->seeded = p;
	r->seeded[r->nseeded++] = claim;
	for (i = 0, seq = claim; rc == CL_OK; seq = UINT64_MAX) {
		/* the claim, then each earlier correction of it, in seq order */
		if (seq == UINT64_MAX) {
			while (i < r->s->ncorr && (r->s->corr[i][0] != claim ||
						   r->s->corr[i][1] >= r->base))
				i++;
			if (i == r->s->ncorr)
				break;
			seq = r->s->corr[i++][1];
		}
		if ((rc = old_record(r, seq, &body, &len)) != CL_OK)
			break;
		if (cl_record_precheck(body, len, &obj, id, &e) != CL_OK)
			rc = cl_error_set(r->err, CL_EINTEGRITY, "seq %" PRIu64 ": %s",
					  seq, e.msg);
		else if ((rc = cl_quotes_record(r->quotes, seq, id, obj, &e)) != CL_OK)
			rc = cl_error_set(r->err, rc, "seq %" PRIu64 ": %s", seq, e.msg);
		else if (seq == claim) /* its article is fetched with the new ones' */
			rc = cl_docset_note(r->docs, body, len, r->err);
		json_decref(obj);
		obj = NULL;
		free(body);
		body = NULL;
	}
	return rc;
}

/* A record's quotes (export_docs.h).  A correction with corrected values
 * of a claim citing an article is noted in the state; when the claim is
 * of an earlier run, its view is replayed first. */
static int note_quotes(struct run *r, uint64_t seq, const unsigned char *id,
		       const cl_body_facts *f)
{
	cl_error e = { 0 };
	uint64_t at;
	int rc;

	if (f->type == CL_TYPE_CORRECTION && f->has_values &&
	    (at = id_find(&r->s->ids, f->ref)) != UINT64_MAX &&
	    (r->s->ids.rec[at * REC_BYTES + CL_HASH_BYTES] & CITES)) {
		if (at < r->base && (rc = seed_claim(r, at)) != CL_OK)
			return rc;
		if (corr_add(r->s, at, seq) != CL_OK)
			return cl_error_set(r->err, CL_ENOMEM, "out of memory");
	}
	if ((rc = cl_quotes_record_facts(r->quotes, seq, id, f, &e)) != CL_OK)
		return cl_error_set(r->err, rc, "seq %" PRIu64 ": %s", seq, e.msg);
	return CL_OK;
}

/*
 * The checks of a new record that need no state run on a pool
 * (pool.h), bundle by bundle, ahead of the main thread: the leaf hash,
 * and for a new record cl_record_quick (size, canonical form, shape, id
 * and the body's facts in one pass, no json_t; cl_record_precheck's tree
 * for a body it declines), the signer and the signature.  The main
 * thread fetches the bundles (every fetch stays on it) and takes them in
 * seq order, running what needs the state: the leaf against the checked
 * tile, the chain's rules (cl_chain_push_facts, or cl_chain_push with the
 * precheck's object, so each body is read once), the quotes, the
 * frontier.  A record the pool did not pass is
 * pushed the old way, from its bytes, after every record before it, and
 * a fetch or tile error of a bundle read ahead waits until the bundles
 * before it are judged: the first error, and its message, are those of a
 * serial run.  At most MON_SLOTS bundles are held (each at most
 * CL_FETCH_ENTRIES_MAX + CL_FETCH_SIGS_MAX bytes), whatever the size.
 */
#define MON_SLOTS 4
#define MON_CHUNK 32                          /* entries in one pool job */
#define MON_CHUNKS (CL_TILE_WIDTH / MON_CHUNK) /* jobs in one bundle */

struct mon_item {
	const unsigned char *entry;   /* into the slot's `ent` */
	size_t n;
	int ok;                       /* a new record that passed the pool */
	int quick;                    /* ... by cl_record_quick: `facts` hold it */
	json_t *obj;                  /* else cl_record_precheck's object while ok, owned */
	cl_body_facts facts;
	unsigned char id[CL_HASH_BYTES], leaf[CL_HASH_BYTES];
};

struct mon_slot {
	uint64_t b;                   /* the bundle's index */
	unsigned w;                   /* its entries */
	char epath[CL_TILE_PATH_MAX], tpath[CL_TILE_PATH_MAX];
	unsigned char *ent, *sig;
	size_t elen, off;             /* off: after the entries split */
	int pre_rc;                   /* a fetch or tile error, before any entry */
	cl_error pre_err;
	unsigned nitems;              /* entries split (< w: cut at nitems) */
	int cut;                      /* cl_bundle_next's result at nitems */
	unsigned char hashes[CL_TILE_WIDTH * CL_HASH_BYTES]; /* the level-0 tile */
	struct mon_item it[CL_TILE_WIDTH];
};

struct mon {
	struct mon_slot slot[MON_SLOTS];
	uint64_t base;                /* records below it are not new */
	cl_pool pool;
	int pool_on;
	uint64_t filled, taken;       /* bundles handed to the pool, and judged */
	atomic_int stop;              /* a record failed: skip what is left */
};

/* One new record, seq `seq`, of entry bundle `path`: `it` holds what the
 * pool found (its object taken here). */
static int check_record(struct run *r, const char *path, uint64_t seq,
			struct mon_item *it, const unsigned char *sig)
{
	unsigned char id[CL_HASH_BYTES];
	const cl_body_facts *facts;
	cl_body_facts own;
	unsigned char type;
	json_t *parsed = NULL;
	char *copy = NULL;
	const char *body = (const char *)it->entry;
	size_t len = it->n;
	unsigned flags = 0;
	cl_monitor_state *s = r->s;
	cl_error e = { 0 };
	int rc;

	if (s->chain == NULL) {
		if ((rc = cl_chain_new(&s->chain, r->err)) != CL_OK)
			goto out;
		cl_chain_set_lookup(s->chain, id_lookup, &s->ids);
	}
	if (it->ok && it->quick) {
		/* read in one pass: canonical, shape-checked, id and
		 * signature checked, its facts ready */
		memcpy(id, it->id, CL_HASH_BYTES);
		facts = &it->facts;
		rc = cl_chain_push_facts(s->chain, facts, id, &e);
		goto pushed;
	}
	if (it->ok) {
		/* canonical, shape-checked, id and signature checked */
		parsed = it->obj;
		it->obj = NULL;
		memcpy(id, it->id, CL_HASH_BYTES);
		flags = CL_CHAIN_CHECKED | CL_CHAIN_SKIP_SIG;
	} else {
		/* judged from the bytes, for the message a serial run gives */
		if ((copy = malloc(len + 1)) == NULL) {
			rc = cl_error_set(r->err, CL_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(copy, body, len);
		copy[len] = 0;
		body = copy;
	}
	rc = cl_chain_push(s->chain, body, len, sig, flags, &parsed, id, &e);
	if (rc == CL_OK && (rc = cl_record_facts(parsed, &own)) != CL_OK) {
		rc = cl_error_set(r->err, rc, "out of memory");
		goto out;
	}
	facts = &own;
pushed:
	if (rc != CL_OK) {
		rc = cl_error_set(r->err, rc == CL_EKEY ? CL_EINTEGRITY : rc, "%s: %s",
				  path, e.msg);
		goto out;
	}
	if (seq == 0 && !cl_memeq(cl_chain_owner(s->chain), r->owner, CL_PUBKEY_BYTES)) {
		rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: seq 0: the genesis is "
				  "not signed by the owner key", path);
		goto out;
	}
	if (seq == 0 && strcmp(cl_chain_origin(s->chain), r->origin) != 0) {
		rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: seq 0: the genesis origin "
				  "is not the log's origin", path);
		goto out;
	}
	type = (unsigned char)facts->type;
	if (facts->type == CL_TYPE_CLAIM && (facts->view & CL_VIEW_DOCUMENT))
		type |= CITES;
	if ((rc = id_add(&s->ids, id, type)) != CL_OK) {
		rc = cl_error_set(r->err, rc, "out of memory");
		goto out;
	}
	if ((rc = note_quotes(r, seq, id, facts)) != CL_OK)
		goto out;
	if ((rc = cl_docset_note(r->docs, body, len, r->err)) != CL_OK)
		goto out;
	/* the leaf was hashed by the pool and checked against the tile */
	rc = cl_frontier_append(&s->fr, it->leaf, r->err);
	r->res->records++;
out:
	json_decref(parsed);
	free(copy);
	return rc;
}

/* The pool's checks of one entry. */
static void mon_check(const struct mon *m, const struct mon_slot *sl, unsigned j)
{
	struct mon_item *it = (struct mon_item *)&sl->it[j];
	unsigned char pk[CL_PUBKEY_BYTES];
	const char *body = (const char *)it->entry;

	cl_merkle_leaf_hash(it->leaf, it->entry, it->n);
	if (sl->b * CL_TILE_WIDTH + j < m->base)
		return;
	/* The quick path first: no json_t.  What it does not pass is judged
	 * the old way, which knows more shapes than it does. */
	if ((it->quick = cl_record_quick(body, it->n, &it->facts, it->id)) != 0) {
		memcpy(pk, it->facts.signer, CL_PUBKEY_BYTES);
	} else if (cl_record_precheck(body, it->n, &it->obj, it->id, NULL) != CL_OK ||
		   cl_record_signer(it->obj, pk) != CL_OK) {
		json_decref(it->obj);
		it->obj = NULL;
		return;
	}
	if (!cl_record_sig_ok(pk, sl->sig + (size_t)j * CL_SIG_BYTES, body, it->n)) {
		json_decref(it->obj);
		it->obj = NULL;
		it->quick = 0;
		return;
	}
	it->ok = 1;
}

static void mon_job(void *ctx, uint64_t job)
{
	struct mon *m = ctx;
	struct mon_slot *sl = &m->slot[(job / MON_CHUNKS) % MON_SLOTS];
	unsigned j = (unsigned)(job % MON_CHUNKS) * MON_CHUNK, end = j + MON_CHUNK;

	for (; j < end && j < sl->nitems; j++) {
		if (atomic_load_explicit(&m->stop, memory_order_relaxed))
			break; /* left not ok: nobody will look */
		mon_check(m, sl, j);
	}
}

/* Fetch bundle `b` into the next slot, split it and hand it to the pool.
 * An error is kept in the slot, for mon_take to give in its turn. */
static void mon_fill(struct run *r, struct mon *m, uint64_t b)
{
	struct mon_slot *sl = &m->slot[m->filled % MON_SLOTS];
	char spath[CL_TILE_PATH_MAX];
	const unsigned char *hashes, *entry;
	size_t slen = 0, n;
	unsigned tw, j;
	cl_error *keep = r->err;
	int rc;

	free(sl->ent);
	free(sl->sig);
	sl->ent = sl->sig = NULL;
	sl->elen = sl->off = 0;
	sl->nitems = 0;
	sl->cut = 0;
	sl->b = b;
	sl->w = r->cp.size - b * CL_TILE_WIDTH >= CL_TILE_WIDTH
		? CL_TILE_WIDTH : (unsigned)(r->cp.size - b * CL_TILE_WIDTH);
	memset(&sl->pre_err, 0, sizeof sl->pre_err);
	cl_tile_path(sl->epath, sizeof sl->epath, CL_TILE_ENTRIES, b, sl->w);
	cl_tile_path(spath, sizeof spath, CL_TILE_SIGS, b, sl->w);
	cl_tile_path(sl->tpath, sizeof sl->tpath, 0, b, sl->w);
	r->err = &sl->pre_err;
	if ((rc = get(r, sl->epath, CL_FETCH_ENTRIES_MAX, 0, &sl->ent, &sl->elen)) != CL_OK ||
	    (rc = get(r, spath, CL_FETCH_SIGS_MAX, 0, &sl->sig, &slen)) != CL_OK)
		goto out;
	if (slen != (size_t)sl->w * CL_SIG_BYTES) {
		rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: %zu bytes, not %u "
				  "signatures of 64", spath, slen, sl->w);
		goto out;
	}
	if ((rc = cl_tileread_tile(r->tiles, 0, b, &hashes, &tw, r->err)) != CL_OK)
		goto out;
	memcpy(sl->hashes, hashes, (size_t)sl->w * CL_HASH_BYTES);
	for (j = 0; j < sl->w; j++) {
		if ((sl->cut = cl_bundle_next(sl->ent, sl->elen, &sl->off, &entry, &n)) != 1)
			break;
		memset(&sl->it[j], 0, sizeof sl->it[j]);
		sl->it[j].entry = entry;
		sl->it[j].n = n;
	}
	sl->nitems = j;
out:
	r->err = keep;
	sl->pre_rc = rc;
	m->filled++;
	cl_pool_publish(&m->pool, m->filled * MON_CHUNKS);
}

/* Step 5 for the oldest bundle handed out: its entries against the
 * checked level-0 tile, the new ones through the chain, in order. */
static int mon_take(struct run *r, struct mon *m)
{
	struct mon_slot *sl = &m->slot[m->taken % MON_SLOTS];
	struct mon_item *it;
	uint64_t seq;
	unsigned j;
	int rc = CL_OK;

	cl_pool_wait(&m->pool, (m->taken + 1) * MON_CHUNKS);
	m->taken++;
	if (sl->pre_rc != CL_OK) {
		rc = cl_error_set(r->err, sl->pre_rc, "%s", sl->pre_err.msg);
		goto out;
	}
	for (j = 0; j < sl->nitems; j++) {
		it = &sl->it[j];
		seq = sl->b * CL_TILE_WIDTH + j;
		if (!cl_memeq(it->leaf, sl->hashes + (size_t)j * CL_HASH_BYTES, CL_HASH_BYTES)) {
			rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: entry %u (seq %"
					  PRIu64 ") is not the leaf %s has for it",
					  sl->epath, j, seq, sl->tpath);
			goto out;
		}
		if (seq >= m->base &&
		    (rc = check_record(r, sl->epath, seq, it, sl->sig + (size_t)j * CL_SIG_BYTES)) != CL_OK)
			goto out;
	}
	if (sl->nitems < sl->w)
		rc = cl_error_set(r->err, CL_EINTEGRITY, sl->cut == 0
				  ? "%s: ends after %u of its %u entries"
				  : "%s: entry %u of %u is cut short", sl->epath,
				  sl->nitems, sl->w);
	else if (sl->off != sl->elen)
		rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: bytes after its %u "
				  "entries", sl->epath, sl->w);
out:
	if (rc != CL_OK)
		atomic_store(&m->stop, 1);
	for (j = 0; j < sl->nitems; j++) {
		json_decref(sl->it[j].obj);
		sl->it[j].obj = NULL;
	}
	sl->nitems = 0;
	return rc;
}

/* Step 5 for every bundle from the state's size on. */
static int check_bundles(struct run *r)
{
	struct mon *m = calloc(1, sizeof *m);
	uint64_t b = r->base / CL_TILE_WIDTH;
	int rc = CL_OK;

	if (m == NULL)
		return cl_error_set(r->err, CL_ENOMEM, "out of memory");
	m->base = r->base;
	atomic_init(&m->stop, 0);
	cl_pool_start(&m->pool, cl_pool_threads(r->threads), mon_job, m);
	m->pool_on = 1;
	while (rc == CL_OK && (b * CL_TILE_WIDTH < r->cp.size || m->taken < m->filled)) {
		if (b * CL_TILE_WIDTH < r->cp.size && m->filled - m->taken < MON_SLOTS)
			mon_fill(r, m, b++);
		else
			rc = mon_take(r, m);
	}
	atomic_store(&m->stop, 1);
	cl_pool_stop(&m->pool);
	for (size_t k = 0; k < MON_SLOTS; k++) {
		for (size_t j = 0; j < m->slot[k].nitems; j++)
				json_decref(m->slot[k].it[j].obj);
		free(m->slot[k].ent);
		free(m->slot[k].sig);
	}
	free(m);
	return rc;
}

/* cl_quotes_document's messages place the fault in an export's lines;
 * here there are none: drop "'NAME' line N: " and ", line N)". */
static void strip_lines(char *msg)
{
	char *p = strstr(msg, "' line "), *q;

	if (p != NULL && (q = strstr(p, ": ")) != NULL)
		memmove(msg, q + 2, strlen(q + 2) + 1);
	if ((p = strstr(msg, " (line ")) != NULL && strchr(p, ')') != NULL)
		memmove(p, strchr(p, ')') + 1, strlen(strchr(p, ')') + 1) + 1);
	if ((p = strstr(msg, ", line ")) != NULL && (q = strchr(p, ')')) != NULL)
		memmove(p, q, strlen(q) + 1);
}

/* Step 7: the articles the new claims cite, where published. */
static int check_documents(struct run *r)
{
	char path[32 + CL_ID_HEX], hex[CL_ID_HEX + 1];
	unsigned char *doc = NULL, h[CL_HASH_BYTES];
	const unsigned char *id;
	size_t i, len = 0;
	cl_error e = { 0 };
	int rc = CL_OK;

	for (i = 0; rc == CL_OK && i < cl_docset_count(r->docs); i++) {
		id = cl_docset_id(r->docs, i);
		cl_hex_encode(hex, id, CL_HASH_BYTES);
		snprintf(path, sizeof path, "claimledger/doc/%s", hex);
		rc = get(r, path, CL_FETCH_DOC_MAX, 1, &doc, &len);
		if (rc == CL_ENOTFOUND) {
			r->res->unpublished++;
			rc = CL_OK;
			continue;
		}
		if (rc != CL_OK)
			break;
		cl_sha256(h, doc, len);
		if (!cl_memeq(h, id, CL_HASH_BYTES)) {
			rc = cl_error_set(r->err, CL_EINTEGRITY, "%s: its bytes do not "
					  "hash to its name", path);
		} else if ((rc = cl_quotes_document(r->quotes, id, doc, len, path, 0,
						    &e)) != CL_OK) {
			strip_lines(e.msg);
			rc = cl_error_set(r->err, rc, "%s: %s", path, e.msg);
		} else {
			r->res->documents++;
		}
		free(doc);
		doc = NULL;
	}
	r->res->quotes = cl_quotes_checked(r->quotes);
	return rc;
}

/* Steps 4 to 7, for a checkpoint bigger than the state's. */
static int check_growth(struct run *r)
{
	unsigned char root[CL_HASH_BYTES];
	char b64[64];
	int rc;

	rc = cl_tileread_new(r->fetch, r->ctx, r->cp.size, r->cp.root, &r->tiles, r->err);
	if (rc != CL_OK)
		return rc;
	if (r->base > 0 && (rc = cl_tileread_extends(r->tiles, &r->s->fr, r->err)) != CL_OK)
		return rc;
	if ((rc = cl_quotes_new(&r->quotes, r->err)) != CL_OK ||
	    (rc = cl_docset_new(&r->docs, r->err)) != CL_OK)
		return rc;
	if ((rc = check_bundles(r)) != CL_OK)
		return rc;
	cl_frontier_root(&r->s->fr, root);
	if (r->s->fr.size != r->cp.size || !cl_memeq(root, r->cp.root, CL_HASH_BYTES)) {
		cl_b64_encode(b64, root, CL_HASH_BYTES);
		return cl_error_set(r->err, CL_EINTEGRITY, "the records make root %s, "
				    "not the checkpoint's", b64);
	}
	return check_documents(r);
}

int cl_monitor_run(cl_fetch_fn fetch, void *ctx,
		   const unsigned char owner[CL_PUBKEY_BYTES],
		   cl_monitor_state *s, cl_monitor_result *res, cl_error *err)
{
	return cl_monitor_run_threads(fetch, ctx, owner, NULL, 0, s, res, err);
}

int cl_monitor_run_threads(cl_fetch_fn fetch, void *ctx,
			   const unsigned char owner[CL_PUBKEY_BYTES],
			   const cl_monitor_witnesses *wit, unsigned threads,
			   cl_monitor_state *s, cl_monitor_result *res, cl_error *err)
{
	cl_monitor_result dummy;
	struct run r;
	unsigned char *note = NULL;
	size_t len = 0;
	cl_checkpoint old;
	cl_error e = { 0 };
	int rc, same = 0;

	memset(&r, 0, sizeof r);
	if (res == NULL)
		res = &dummy;
	memset(res, 0, sizeof *res);
	r.fetch = fetch;
	r.ctx = ctx;
	r.owner = owner;
	r.s = s;
	r.res = res;
	r.err = err;
	r.threads = threads;
	r.base = cl_monitor_state_size(s);
	res->old_size = r.base;
	/* The state's own checkpoint must be this owner's. */
	if (s->started &&
	    cl_checkpoint_open(s->note, s->note_len, s->cp.origin, owner, s->cp.origin,
			       &old, &e) != CL_OK)
		return cl_error_set(err, CL_EKEY, "the state file's checkpoint does not "
				    "verify with this key: %s", e.msg);
	if ((rc = check_log(&r)) != CL_OK)
		return rc;
	rc = fetch(ctx, "checkpoint", CL_FETCH_CHECKPOINT_MAX, &note, &len, &e);
	res->fetches++;
	if (rc == CL_ENOTFOUND)
		return cl_error_set(err, CL_ENOTFOUND, "checkpoint: not found: nothing "
				    "is published there yet");
	if (rc != CL_OK)
		return cl_error_set(err, rc, "%s", e.msg);
	if ((rc = cl_monitor_checkpoint((const char *)note, len, r.origin, owner,
					   wit, &res->witnessed, &r.cp, err)) != CL_OK)
		goto out;
	snprintf(res->origin, sizeof res->origin, "%s", r.origin);
	res->new_size = r.cp.size;
	if ((rc = compare(&r, &same)) != CL_OK)
		goto out;
	if (!same && (rc = check_growth(&r)) != CL_OK)
		goto out;
	/* Accepted: the state now stands at this checkpoint. */
	free(s->note);
	s->note = (char *)note;
	s->note_len = len;
	note = NULL;
	s->cp = r.cp;
	s->started = 1;
out:
	if (r.tiles)
		res->fetches += cl_tileread_fetched(r.tiles);
	cl_tileread_free(r.tiles);
	cl_quotes_free(r.quotes);
	cl_docset_free(r.docs);
	free(r.seeded);
	free(note);
	return rc;
}
