/*
 * stats.c: the ledger overview (see stats.h).
 *
 * Claims and verdicts are found by id through one open-addressing table;
 * speakers and sources are interned (one copy each, a count beside it),
 * so a correction that moves a claim to another speaker moves one count.
 */
#include "ledger/stats.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/grow.h"
#include "base/fold.h"
#include "crypto/crypto.h"
#include "ledger/facts.h"

#define NONE ((uint32_t)-1)

struct claim {
	uint32_t speaker, source; /* interned string numbers */
	char month[8];            /* YYYY-MM and NUL; "" when no date */
	uint32_t verdict;         /* its current verdict, or NONE */
};

struct verdict {
	int rating; /* index into the scale, -1 when off it */
};

/* id -> claim or verdict number */
struct slot {
	unsigned char id[CL_HASH_BYTES];
	uint32_t n;
	unsigned char used, is_verdict;
};

struct strings {
	char **s;
	uint64_t *count;
	uint32_t n, cap;
	uint32_t *table; /* hash -> string number + 1; 0 empty */
	size_t tcap;
};

struct run {
	cl_stats *out;
	struct claim *claims;
	size_t nclaims, ccap;
	struct verdict *verdicts;
	size_t nverdicts, vcap;
	struct slot *ids;
	size_t idcap, nids;
	struct strings speakers, sources;
	cl_error *err;
};

static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

/* ---- interned strings --------------------------------------------------- */

static int strings_grow(struct strings *t)
{
	size_t cap = t->tcap ? 2 * t->tcap : 1024, i;
	uint32_t *nt = calloc(cap, sizeof *nt);

	if (nt == NULL)
		return CL_ENOMEM;
	for (i = 0; i < t->n; i++) {
		size_t h = hash_bytes(t->s[i], strlen(t->s[i])) & (cap - 1);
		while (nt[h] != 0)
			h = (h + 1) & (cap - 1);
		nt[h] = (uint32_t)i + 1;
	}
	free(t->table);
	t->table = nt;
	t->tcap = cap;
	return CL_OK;
}

/* The number of string `s`, added when new; NONE when out of memory. */
static uint32_t intern(struct strings *t, const char *s)
{
	size_t h;

	if ((size_t)t->n * 2 >= t->tcap && strings_grow(t) != CL_OK)
		return NONE;
	for (h = hash_bytes(s, strlen(s)) & (t->tcap - 1); t->table[h] != 0;
	     h = (h + 1) & (t->tcap - 1))
		if (strcmp(t->s[t->table[h] - 1], s) == 0)
			return t->table[h] - 1;
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? 2 * t->cap : 256;
		char **ns = realloc(t->s, cap * sizeof *ns);
		uint64_t *nc;
		if (ns == NULL)
			return NONE;
		t->s = ns;
		if ((nc = realloc(t->count, cap * sizeof *nc)) == NULL)
			return NONE;
		t->count = nc;
		t->cap = cap;
	}
	if ((t->s[t->n] = strdup(s)) == NULL)
		return NONE;
	t->count[t->n] = 0;
	t->table[h] = t->n + 1;
	return t->n++;
}

static void strings_free(struct strings *t)
{
	for (uint32_t i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->count);
	free(t->table);
}

/* ---- ids ----------------------------------------------------------------- */

static struct slot *id_find(struct run *r, const unsigned char id[CL_HASH_BYTES])
{
	size_t h;

	if (r->idcap == 0)
		return NULL;
	for (h = hash_bytes(id, 8) & (r->idcap - 1); r->ids[h].used; h = (h + 1) & (r->idcap - 1))
		if (memcmp(r->ids[h].id, id, CL_HASH_BYTES) == 0)
			return &r->ids[h];
	return NULL;
}

static int id_add(struct run *r, const unsigned char id[CL_HASH_BYTES], uint32_t n,
		  int is_verdict)
{
	struct slot *s;
	size_t h;

	if (r->nids * 2 >= r->idcap) {
		size_t cap = r->idcap ? 2 * r->idcap : 1024, i;
		struct slot *old = r->ids, *nt = calloc(cap, sizeof *nt);
		if (nt == NULL)
			return CL_ENOMEM;
		for (i = 0; i < r->idcap; i++) {
			if (!old[i].used)
				continue;
			for (h = hash_bytes(old[i].id, 8) & (cap - 1); nt[h].used; h = (h + 1) & (cap - 1))
				;
			nt[h] = old[i];
		}
		free(old);
		r->ids = nt;
		r->idcap = cap;
	}
	for (h = hash_bytes(id, 8) & (r->idcap - 1); r->ids[h].used; h = (h + 1) & (r->idcap - 1))
		;
	s = &r->ids[h];
	memcpy(s->id, id, CL_HASH_BYTES);
	s->n = n;
	s->used = 1;
	s->is_verdict = (unsigned char)is_verdict;
	r->nids++;
	return CL_OK;
}

/* The claim or verdict that member `name` of `body` names, or NULL. */
static struct slot *ref_of(struct run *r, const json_t *body, const char *name)
{
	const char *hex = json_string_value(json_object_get(body, name));
	unsigned char id[CL_HASH_BYTES];

	if (hex == NULL || cl_hex_decode(id, CL_HASH_BYTES, hex, strlen(hex)) != CL_OK)
		return NULL;
	return id_find(r, id);
}

/* ---- the pass ------------------------------------------------------------ */

static int rating_index(const char *name)
{
	size_t n, i;
	const cl_rating *scale = cl_rating_scale(&n);

	for (i = 0; name && i < n; i++)
		if (strcmp(scale[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void set_month(struct claim *c, const char *date)
{
	c->month[0] = '\0';
	if (date != NULL && strlen(date) >= 7) {
		memcpy(c->month, date, 7);
		c->month[7] = '\0';
	}
}

static int on_claim(struct run *r, const cl_record *rec, const json_t *body)
{
	const char *sp = json_string_value(json_object_get(body, "speaker"));
	const char *so = json_string_value(json_object_get(body, "source"));
	struct claim *c;

	if ((c = cl_grow(r->claims, &r->ccap, r->nclaims, sizeof *c, 256)) == NULL)
		return CL_ENOMEM;
	r->claims = c;
	c = &r->claims[r->nclaims];
	c->speaker = intern(&r->speakers, sp ? sp : "");
	c->source = intern(&r->sources, so ? so : "");
	if (c->speaker == NONE || c->source == NONE)
		return CL_ENOMEM;
	set_month(c, json_string_value(json_object_get(body, "date")));
	c->verdict = NONE;
	return id_add(r, rec->id, (uint32_t)r->nclaims++, 0);
}

static int on_verdict(struct run *r, const cl_record *rec, const json_t *body)
{
	struct slot *s = ref_of(r, body, "claim");
	struct verdict *v;

	if ((v = cl_grow(r->verdicts, &r->vcap, r->nverdicts, sizeof *v, 256)) == NULL)
		return CL_ENOMEM;
	r->verdicts = v;
	r->verdicts[r->nverdicts].rating = rating_index(json_string_value(json_object_get(body, "rating")));
	/* Records come in seq order: the latest verdict on a claim wins. */
	if (s != NULL && !s->is_verdict)
		r->claims[s->n].verdict = (uint32_t)r->nverdicts;
	return id_add(r, rec->id, (uint32_t)r->nverdicts++, 1);
}

/* A correction sets the members it carries (facts.h), in seq order. */
static int on_correction(struct run *r, const json_t *body)
{
	struct slot *s = ref_of(r, body, "target");
	const char *v;

	if (s == NULL)
		return CL_OK;
	if (s->is_verdict) {
		if ((v = json_string_value(json_object_get(body, "rating"))) != NULL)
			r->verdicts[s->n].rating = rating_index(v);
		return CL_OK;
	}
	if ((v = json_string_value(json_object_get(body, "speaker"))) != NULL &&
	    (r->claims[s->n].speaker = intern(&r->speakers, v)) == NONE)
		return CL_ENOMEM;
	if ((v = json_string_value(json_object_get(body, "source"))) != NULL &&
	    (r->claims[s->n].source = intern(&r->sources, v)) == NONE)
		return CL_ENOMEM;
	if ((v = json_string_value(json_object_get(body, "date"))) != NULL)
		set_month(&r->claims[s->n], v);
	return CL_OK;
}

static int stats_one(void *ctx, const cl_record *rec)
{
	struct run *r = ctx;
	json_t *body = json_loadb(rec->body, rec->body_len, 0, NULL);
	cl_type t;
	int rc = CL_OK;

	if (body == NULL || !json_is_object(body)) {
		json_decref(body);
		return cl_error_set(r->err, CL_EINTEGRITY, "seq %llu: stored body is not "
				    "a JSON object", (unsigned long long)rec->seq);
	}
	t = cl_type_from_name(json_string_value(json_object_get(body, "type")));
	r->out->types[t <= CL_TYPE_MAX ? t : CL_TYPE_UNKNOWN]++;
	r->out->size++;
	r->out->bytes += rec->body_len;
	if (t == CL_TYPE_CLAIM)
		rc = on_claim(r, rec, body);
	else if (t == CL_TYPE_VERDICT)
		rc = on_verdict(r, rec, body);
	else if (t == CL_TYPE_CORRECTION)
		rc = on_correction(r, body);
	json_decref(body);
	if (rc == CL_ENOMEM)
		return cl_error_set(r->err, CL_ENOMEM, "out of memory");
	return rc;
}

/* ---- the breakdowns ---------------------------------------------------- */

static int by_count(const void *a, const void *b)
{
	const cl_stats_row *x = a, *y = b;

	if (x->claims != y->claims)
		return x->claims > y->claims ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const cl_stats_row *)a)->name, ((const cl_stats_row *)b)->name);
}

/* Rows of the strings with a count, names copied; sorted by `cmp`. */
static int rows_of(struct strings *t, cl_stats_row **rows, size_t *n,
		   int (*cmp)(const void *, const void *))
{
	size_t k = 0;

	*rows = NULL;
	*n = 0;
	if (t->n == 0)
		return CL_OK;
	if ((*rows = calloc(t->n, sizeof **rows)) == NULL)
		return CL_ENOMEM;
	for (uint32_t i = 0; i < t->n; i++) {
		if (t->count[i] == 0)
			continue;
		if (((*rows)[k].name = strdup(t->s[i])) == NULL) {
			*n = k;
			return CL_ENOMEM;
		}
		(*rows)[k++].claims = t->count[i];
	}
	*n = k;
	if (k > 1)
		qsort(*rows, k, sizeof **rows, cmp);
	return CL_OK;
}

/*
 * Count each claim once in its speaker, source, month and verdict.
 * Speakers group by their folded words ("Helena Matos" and "HELENA
 * MATOS" are one), named by the spelling interned first.
 */
static int tally(struct run *r)
{
	struct strings folded = { 0 }, months = { 0 };
	cl_stats *o = r->out;
	uint32_t *group = NULL, *first = NULL;
	size_t i, n;
	int rc = CL_ENOMEM;
	const cl_rating *scale = cl_rating_scale(&n);

	for (i = 0; i < n && i < 7; i++)
		o->verdicts[i].name = scale[i].name;
	o->verdicts[7].name = "none";
	if (r->speakers.n > 0 &&
	    ((group = malloc(r->speakers.n * sizeof *group)) == NULL ||
	     (first = malloc(r->speakers.n * sizeof *first)) == NULL))
		goto out;
	for (i = 0; i < r->speakers.n; i++) {
		uint32_t before = folded.n;
		char *f;
		size_t fl;
		if (cl_fold_words(r->speakers.s[i], strlen(r->speakers.s[i]), &f, &fl) != 0)
			goto out;
		/* A name with no letter or digit is its own group. */
		group[i] = intern(&folded, fl ? f : r->speakers.s[i]);
		free(f);
		if (group[i] == NONE)
			goto out;
		if (folded.n != before)
			first[group[i]] = (uint32_t)i;
	}
	for (i = 0; i < r->nclaims; i++) {
		const struct claim *c = &r->claims[i];
		int rt = c->verdict == NONE ? -1 : r->verdicts[c->verdict].rating;
		uint32_t m;
		o->claims++;
		folded.count[group[c->speaker]]++;
		r->sources.count[c->source]++;
		if (c->month[0] != '\0') {
			if ((m = intern(&months, c->month)) == NONE)
				goto out;
			months.count[m]++;
		}
		if (c->verdict == NONE) {
			o->unrated++;
			o->verdicts[7].claims++;
		} else {
			o->rated++;
			if (rt >= 0 && rt < 7)
				o->verdicts[rt].claims++;
		}
	}
	/* Name each group as its first speaker wrote it (the lookup table is
	 * done with: only the rows read the names now). */
	for (i = 0; i < folded.n; i++) {
		char *d = strdup(r->speakers.s[first[i]]);
		if (d == NULL)
			goto out;
		free(folded.s[i]);
		folded.s[i] = d;
	}
	if (rows_of(&folded, &o->speakers, &o->nspeakers, by_count) != CL_OK ||
	    rows_of(&r->sources, &o->sources, &o->nsources, by_count) != CL_OK ||
	    rows_of(&months, &o->months, &o->nmonths, by_name) != CL_OK)
		goto out;
	rc = CL_OK;
out:
	free(group);
	free(first);
	strings_free(&folded);
	strings_free(&months);
	return rc;
}

int cl_ledger_stats(cl_ledger *l, uint64_t size, cl_stats *out, cl_error *err)
{
	struct run r = { .out = out, .err = err };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = cl_ledger_scan(l, 0, size, stats_one, &r, err)) == CL_OK &&
	    (rc = tally(&r)) != CL_OK)
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	free(r.claims);
	free(r.verdicts);
	free(r.ids);
	strings_free(&r.speakers);
	strings_free(&r.sources);
	if (rc != CL_OK)
		cl_stats_free(out);
	return rc;
}

static void rows_free(cl_stats_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)rows[i].name);
	free(rows);
}

void cl_stats_free(cl_stats *s)
{
	if (s == NULL)
		return;
	rows_free(s->speakers, s->nspeakers);
	rows_free(s->sources, s->nsources);
	rows_free(s->months, s->nmonths);
	memset(s, 0, sizeof *s);
}
