/*
 * facts.c: the current view of claims, the rating scale, and the CSV and
 * ClaimReview writers (facts.h is the manual).
 */
#include "ledger/facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "ledger/url.h"

/* ---- the rating scale -------------------------------------------------- */

static const cl_rating scale[] = {
	{ "true", "True", 5 },
	{ "mostly-true", "Mostly true", 4 },
	{ "mixed", "Mixed", 3 },
	{ "mostly-false", "Mostly false", 2 },
	{ "false", "False", 1 },
	{ "misleading", "Misleading", 0 },
	{ "unproven", "Unproven", 0 },
};
#define NSCALE (sizeof scale / sizeof scale[0])

const cl_rating *cl_rating_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < NSCALE; i++)
		if (strcmp(scale[i].name, name) == 0)
			return &scale[i];
	return NULL;
}

const cl_rating *cl_rating_scale(size_t *n)
{
	*n = NSCALE;
	return scale;
}

const char *cl_rating_names(void)
{
	return "true, mostly-true, mixed, mostly-false, false, misleading, unproven";
}

/* ---- the current view -------------------------------------------------- */

static const char *str(const json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));

	return s ? s : "";
}

static json_t *parse_body(const cl_record *r, cl_error *err)
{
	json_t *v = json_loadb(r->body, r->body_len, 0, NULL);

	if (v == NULL || !json_is_object(v)) {
		json_decref(v);
		cl_error_set(err, CL_EINTEGRITY, "seq %llu: stored body is not a "
			     "JSON object", (unsigned long long)r->seq);
		return NULL;
	}
	return v;
}

/* cl_fact_start with the body parsed (a reference, taken). */
static int start_parsed(cl_fact *f, const cl_record *claim, json_t *body, cl_error *err)
{
	if (strcmp(str(body, "type"), "claim") != 0) {
		json_decref(body);
		return cl_error_set(err, CL_EINPUT, "seq %llu: not a claim",
				    (unsigned long long)claim->seq);
	}
	memset(f, 0, sizeof *f);
	f->seq = claim->seq;
	cl_hex_encode(f->id, claim->id, CL_HASH_BYTES);
	f->claim = body;
	if ((f->current = json_deep_copy(body)) == NULL) {
		cl_fact_free(f);
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	}
	return CL_OK;
}

int cl_fact_start(cl_fact *f, const cl_record *claim, cl_error *err)
{
	json_t *body;

	if ((body = parse_body(claim, err)) == NULL)
		return CL_EINTEGRITY;
	return start_parsed(f, claim, body, err);
}

/* The history entry's common part, or NULL when out of memory. */
static json_t *history_entry(const cl_record *r, const json_t *body)
{
	char id[CL_ID_HEX + 1];

	cl_hex_encode(id, r->id, CL_HASH_BYTES);
	return json_pack("{s:I,s:s,s:s,s:s,s:s}", "seq", (json_int_t)r->seq,
			 "id", id, "type", str(body, "type"),
			 "time", str(body, "time"), "signer", str(body, "signer"));
}

static int apply_verdict(cl_fact *f, const cl_record *r, json_t *body,
			 json_t *entry)
{
	const cl_rating *rating = cl_rating_find(str(body, "rating"));
	json_t *v;

	if (entry != NULL) {
		if (json_object_set_new(entry, "rating", json_string(str(body, "rating"))) ||
		    (rating && json_object_set_new(entry, "label", json_string(rating->label))) ||
		    (rating && rating->value &&
		     json_object_set_new(entry, "rating_value", json_integer(rating->value))) ||
		    ((v = json_object_get(body, "note")) && json_object_set(entry, "note", v)) ||
		    ((v = json_object_get(body, "evidence")) && json_object_set(entry, "evidence", v)))
			return CL_ENOMEM;
	}
	json_decref(f->verdict);
	f->verdict = json_incref(body);
	f->rating = rating;
	f->verdict_seq = r->seq;
	cl_hex_encode(f->verdict_id, r->id, CL_HASH_BYTES);
	f->nverdicts++;
	return CL_OK;
}

static int apply_correction(cl_fact *f, const cl_record *r, const json_t *body,
			    json_t *entry)
{
	json_t *changes = NULL, *v, *old;
	size_t i;
	int rc = CL_ENOMEM;

	if (entry != NULL) {
		if ((changes = json_object()) == NULL ||
		    json_object_set_new(entry, "reason", json_string(str(body, "reason"))))
			goto out;
	}
	/* The members a correction may correct (record.h), in that order. */
	for (i = 0; i < CL_NCORRECTED; i++) {
		const char *m = cl_corrected_members[i];
		if ((v = json_object_get(body, m)) == NULL)
			continue;
		old = json_object_get(f->current, m);
		if (changes != NULL &&
		    json_object_set_new(changes, m,
					json_pack("{s:O?,s:O}", "from", old, "to", v)) != 0)
			goto out;
		if (json_object_set(f->current, m, v) != 0)
			goto out;
	}
	if (entry != NULL && json_object_set(entry, "changes", changes) != 0)
		goto out;
	f->corrected_seq = r->seq;
	cl_hex_encode(f->corrected_by, r->id, CL_HASH_BYTES);
	f->ncorrections++;
	rc = CL_OK;
out:
	json_decref(changes);
	return rc;
}

int cl_fact_apply(cl_fact *f, const cl_record *ref, cl_error *err)
{
	json_t *body, *entry = NULL;
	const char *type, *to;
	int rc = CL_OK, verdict;

	if ((body = parse_body(ref, err)) == NULL)
		return CL_EINTEGRITY;
	type = str(body, "type");
	verdict = strcmp(type, "verdict") == 0;
	if (!verdict && strcmp(type, "correction") != 0)
		goto out;
	to = str(body, verdict ? "claim" : "target");
	if (strcmp(to, f->id) != 0)
		goto out;
	if (f->history != NULL && (entry = history_entry(ref, body)) == NULL) {
		rc = CL_ENOMEM;
		goto out;
	}
	rc = verdict ? apply_verdict(f, ref, body, entry)
		     : apply_correction(f, ref, body, entry);
	if (rc == CL_OK && entry != NULL && json_array_append(f->history, entry) != 0)
		rc = CL_ENOMEM;
out:
	json_decref(entry);
	json_decref(body);
	if (rc == CL_ENOMEM)
		cl_error_set(err, CL_ENOMEM, "out of memory");
	return rc;
}

struct load_ctx {
	cl_fact *f;
	cl_error *err;
};

static int load_one(void *ctx, const cl_record *r)
{
	struct load_ctx *c = ctx;

	return cl_fact_apply(c->f, r, c->err);
}

/* The corrections of one verdict, read from the reference index. */
struct vfix {
	cl_fact *f;
	json_t *view;  /* the verdict's members, corrections applied so far */
	const char *id; /* the verdict's id, hex */
	int current;   /* it is the claim's current verdict */
	cl_error *err;
};

/* Fold one record that points at a verdict into its view: a correction
 * carrying rating or note sets them (the latest wins, member by member);
 * with a history, an entry {"seq","id","type":"correction","time",
 * "signer","target":VERDICT,"reason","changes":{...}} is appended. */
static int vfix_one(void *ctx, const cl_record *r)
{
	struct vfix *c = ctx;
	json_t *body, *entry = NULL, *changes = NULL, *v;
	size_t i;
	int rc = CL_ENOMEM;

	if ((body = parse_body(r, c->err)) == NULL)
		return CL_EINTEGRITY;
	if (strcmp(str(body, "type"), "correction") != 0 ||
	    strcmp(str(body, "target"), c->id) != 0 ||
	    !cl_correction_has_verdict_values(body)) {
		rc = CL_OK;
		goto out;
	}
	if (c->f->history != NULL &&
	    ((entry = history_entry(r, body)) == NULL || (changes = json_object()) == NULL ||
	     json_object_set_new(entry, "target", json_string(c->id)) ||
	     json_object_set_new(entry, "reason", json_string(str(body, "reason")))))
		goto out;
	for (i = 0; i < CL_NVERDICT_CORRECTED; i++) {
		const char *m = cl_verdict_corrected_members[i];
		if ((v = json_object_get(body, m)) == NULL)
			continue;
		if (changes != NULL &&
		    json_object_set_new(changes, m, json_pack("{s:O?,s:O}", "from",
				json_object_get(c->view, m), "to", v)) != 0)
			goto out;
		if (json_object_set(c->view, m, v) != 0)
			goto out;
	}
	if (entry != NULL && (json_object_set(entry, "changes", changes) ||
			      json_array_append(c->f->history, entry)))
		goto out;
	if (c->current) {
		c->f->verdict_ncorrections++;
		cl_hex_encode(c->f->verdict_corrected_by, r->id, CL_HASH_BYTES);
	}
	rc = CL_OK;
out:
	json_decref(changes);
	json_decref(entry);
	json_decref(body);
	if (rc == CL_ENOMEM)
		cl_error_set(c->err, CL_ENOMEM, "out of memory");
	return rc;
}

/* Apply the corrections of verdict `id` to `view`. */
static int vfix_load(cl_ledger *l, cl_fact *f, const char *id, json_t *view,
		     int current, cl_error *err)
{
	struct vfix c = { f, view, id, current, err };
	unsigned char bin[CL_HASH_BYTES];

	if (cl_hex_decode(bin, CL_HASH_BYTES, id, strlen(id)) != CL_OK)
		return cl_error_set(err, CL_EINTEGRITY, "a verdict id is not hex");
	return cl_ledger_refs(l, bin, vfix_one, &c, err);
}

int cl_verdict_view(cl_ledger *l, const cl_record *verdict, const json_t *body,
		    json_t **view, cl_error *err)
{
	cl_fact scratch = { 0 }; /* vfix_one's counters; no history */
	char id[CL_ID_HEX + 1];
	int rc;

	if ((*view = json_deep_copy(body)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	cl_hex_encode(id, verdict->id, CL_HASH_BYTES);
	if ((rc = vfix_load(l, &scratch, id, *view, 0, err)) != CL_OK) {
		json_decref(*view);
		*view = NULL;
	}
	return rc;
}

static int by_history_seq(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "seq"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "seq"));

	return x < y ? -1 : x > y;
}

/*
 * The verdicts' corrections (SPEC.md "The current view of a claim"): the
 * current verdict is shown with them applied, and with a history every
 * verdict's corrections join it, the history kept in seq order.
 */
static int verdict_fixes(cl_ledger *l, cl_fact *f, cl_error *err)
{
	json_t **items = NULL, *view, *e;
	size_t i, n = json_array_size(f->history);
	int rc = CL_OK;

	if (f->verdict != NULL) {
		if ((view = json_deep_copy(f->verdict)) == NULL)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		json_decref(f->verdict);
		f->verdict = view;
		if ((rc = vfix_load(l, f, f->verdict_id, view, 1, err)) != CL_OK)
			return rc;
		f->rating = cl_rating_find(str(view, "rating"));
	}
	/* The other verdicts' corrections, for the history only. */
	for (i = 0; i < n && rc == CL_OK; i++) {
		e = json_array_get(f->history, i);
		if (strcmp(str(e, "type"), "verdict") != 0 ||
		    strcmp(str(e, "id"), f->verdict_id) == 0)
			continue;
		if ((view = json_pack("{s:s}", "rating", str(e, "rating"))) == NULL ||
		    (json_object_get(e, "note") &&
		     json_object_set(view, "note", json_object_get(e, "note")))) {
			json_decref(view);
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		}
		rc = vfix_load(l, f, str(e, "id"), view, 0, err);
		json_decref(view);
	}
	if (rc != CL_OK || f->history == NULL || json_array_size(f->history) == n)
		return rc;
	/* The verdicts' corrections came after all the claim's refs. */
	n = json_array_size(f->history);
	if ((items = malloc(n * sizeof *items)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(f->history, i));
	qsort(items, n, sizeof *items, by_history_seq);
	json_array_clear(f->history);
	for (i = 0; i < n; i++)
		if (json_array_append_new(f->history, items[i]) != 0)
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	free(items);
	return rc;
}

static int load_rest(cl_ledger *l, const cl_record *claim, unsigned flags,
		     cl_fact *f, cl_error *err)
{
	struct load_ctx c = { f, err };
	int rc = CL_OK;

	if ((flags & CL_FACT_HISTORY) && (f->history = json_array()) == NULL)
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	if (rc == CL_OK)
		rc = cl_ledger_refs(l, claim->id, load_one, &c, err);
	if (rc == CL_OK)
		rc = verdict_fixes(l, f, err);
	if (rc != CL_OK)
		cl_fact_free(f);
	return rc;
}

int cl_fact_load(cl_ledger *l, const cl_record *claim, unsigned flags,
		 cl_fact *f, cl_error *err)
{
	int rc;

	if ((rc = cl_fact_start(f, claim, err)) != CL_OK)
		return rc;
	return load_rest(l, claim, flags, f, err);
}

int cl_fact_load_parsed(cl_ledger *l, const cl_record *claim, json_t *body,
			unsigned flags, cl_fact *f, cl_error *err)
{
	int rc;

	if (!json_is_object(body))
		return cl_error_set(err, CL_EINTEGRITY, "seq %llu: stored body is not a "
				    "JSON object", (unsigned long long)claim->seq);
	if ((rc = start_parsed(f, claim, json_incref(body), err)) != CL_OK)
		return rc;
	return load_rest(l, claim, flags, f, err);
}

void cl_fact_free(cl_fact *f)
{
	if (f == NULL)
		return;
	json_decref(f->claim);
	json_decref(f->current);
	json_decref(f->verdict);
	json_decref(f->history);
	memset(f, 0, sizeof *f);
}

const char *cl_fact_str(const cl_fact *f, const char *member)
{
	return str(f->current, member);
}

/* The members of the claim's view in cl_fact_current_json: the required
 * ones always (as strings), the optional ones when the view has them. */
static const char *const view_required[] = { "text", "speaker", "source", "date" };
static const char *const view_optional[] = { "kind", "offset", "length" };

json_t *cl_fact_current_json(const cl_fact *f)
{
	json_t *o = json_object(), *v;
	size_t i;
	int bad = o == NULL;

	for (i = 0; !bad && i < sizeof view_required / sizeof view_required[0]; i++)
		bad = json_object_set_new(o, view_required[i],
					  json_string(cl_fact_str(f, view_required[i]))) != 0;
	for (i = 0; !bad && i < sizeof view_optional / sizeof view_optional[0]; i++)
		if ((v = json_object_get(f->current, view_optional[i])) != NULL)
			bad = json_object_set(o, view_optional[i], v) != 0;
	if (!bad)
		bad = json_object_set_new(o, "corrected", json_boolean(f->ncorrections > 0));
	if (!bad && f->ncorrections > 0)
		bad = json_object_set_new(o, "corrected_by", json_string(f->corrected_by));
	if (!bad && f->verdict != NULL)
		bad = json_object_set_new(o, "verdict", json_string(str(f->verdict, "rating"))) ||
		      (f->rating && json_object_set_new(o, "label", json_string(f->rating->label))) ||
		      (f->rating && f->rating->value &&
		       json_object_set_new(o, "rating_value", json_integer(f->rating->value))) ||
		      json_object_set_new(o, "verdict_id", json_string(f->verdict_id)) ||
		      (json_object_get(f->verdict, "note") &&
		       json_object_set(o, "verdict_note", json_object_get(f->verdict, "note"))) ||
		      (f->verdict_ncorrections > 0 &&
		       json_object_set_new(o, "verdict_corrected_by",
					   json_string(f->verdict_corrected_by)));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- newsroom ---------------------------------------------------------- */

static int newsroom_one(void *ctx, const cl_record *r)
{
	cl_newsroom *nr = ctx;
	json_t *body = json_loadb(r->body, r->body_len, 0, NULL);
	const char *name = json_string_value(json_object_get(body, "newsroom"));
	const char *url = json_string_value(json_object_get(body, "url"));
	int rc = CL_OK;

	if (body == NULL)
		return CL_EINTEGRITY;
	if (nr->name == NULL && name != NULL && (nr->name = strdup(name)) == NULL)
		rc = CL_ENOMEM;
	if (nr->url == NULL && url != NULL && (nr->url = strdup(url)) == NULL)
		rc = CL_ENOMEM;
	json_decref(body);
	if (rc == CL_OK && nr->name != NULL && nr->url != NULL)
		return 1; /* both known: stop */
	return rc;
}

int cl_newsroom_load(cl_ledger *l, cl_newsroom *nr, cl_error *err)
{
	cl_query q = { 0 };
	int rc;

	memset(nr, 0, sizeof *nr);
	q.type = "config";
	q.newest_first = 1;
	rc = cl_ledger_query(l, &q, newsroom_one, nr, err);
	if (rc == 1)
		rc = CL_OK;
	if (rc == CL_ENOMEM || rc == CL_EINTEGRITY)
		cl_error_set(err, rc, rc == CL_ENOMEM ? "out of memory"
			     : "a config record is not JSON");
	if (rc == CL_OK && nr->name == NULL && nr->url == NULL)
		rc = cl_error_set(err, CL_ENOTFOUND, "no newsroom configured");
	if (rc != CL_OK)
		cl_newsroom_free(nr);
	return rc;
}

void cl_newsroom_free(cl_newsroom *nr)
{
	if (nr == NULL)
		return;
	free(nr->name);
	free(nr->url);
	nr->name = nr->url = NULL;
}

/* ---- CSV --------------------------------------------------------------- */

static int write_failed(cl_error *err)
{
	return cl_error_set(err, CL_EIO, "cannot write the export: %s",
			    strerror(errno ? errno : EIO));
}

/* One field: `lead` (not quoted itself) then `s`, in double quotes when
 * `s` needs them. */
static int csv_write(FILE *out, const char *lead, const char *s)
{
	int quote = strpbrk(s, "\",\r\n") != NULL;
	const char *p;

	if ((quote && putc('"', out) == EOF) || fputs(lead, out) < 0)
		return CL_EIO;
	if (!quote)
		return fputs(s, out) < 0 ? CL_EIO : CL_OK;
	for (p = s; *p; p++) {
		if (*p == '"' && putc('"', out) == EOF)
			return CL_EIO;
		if (putc(*p, out) == EOF)
			return CL_EIO;
	}
	return putc('"', out) == EOF ? CL_EIO : CL_OK;
}

int cl_csv_field(FILE *out, const char *s)
{
	return csv_write(out, "", s);
}

int cl_csv_cell(FILE *out, const char *s, unsigned flags)
{
	int guard = !(flags & CL_CSV_RAW) && s[0] != '\0' &&
		    strchr(CL_CSV_FORMULA_LEADS, s[0]) != NULL;

	return csv_write(out, guard ? "'" : "", s);
}

/* The current value of `member` when a correction changed it from the
 * recorded one, else "". */
static const char *corrected_value(const cl_fact *f, const char *member)
{
	const char *now = cl_fact_str(f, member);

	return f->ncorrections && strcmp(now, str(f->claim, member)) != 0 ? now : "";
}

int cl_csv_row(FILE *out, const cl_fact *f, const char *rated_by, unsigned flags,
	       cl_error *err)
{
	static const char *const cols[] = { "date", "speaker", "text", "source", "kind" };
	const json_t *ev = f->verdict ? json_object_get(f->verdict, "evidence") : NULL;
	char num[32], val[8] = "";
	size_t i;
	int rc;

	snprintf(num, sizeof num, "%llu", (unsigned long long)f->seq);
	if (f->rating && f->rating->value)
		snprintf(val, sizeof val, "%d", f->rating->value);
	rc = cl_csv_cell(out, num, flags) || putc(',', out) == EOF ||
	     cl_csv_cell(out, f->id, flags);
	for (i = 0; !rc && i < sizeof cols / sizeof cols[0]; i++)
		rc = putc(',', out) == EOF || cl_csv_cell(out, cl_fact_str(f, cols[i]), flags);
	if (!rc)
		rc = putc(',', out) == EOF ||
		     cl_csv_cell(out, f->verdict ? str(f->verdict, "rating") : "", flags) ||
		     putc(',', out) == EOF || cl_csv_cell(out, val, flags) ||
		     putc(',', out) == EOF || cl_csv_cell(out, f->verdict_id, flags) ||
		     putc(',', out) == EOF ||
		     cl_csv_cell(out, f->ncorrections ? f->corrected_by : "no", flags) ||
		     putc(',', out) == EOF ||
		     cl_csv_cell(out, f->verdict ? str(f->verdict, "note") : "", flags) ||
		     putc(',', out) == EOF;
	/* evidence: the URLs separated by single spaces, as one cell (the
	 * formula guard looks at its first byte like any other). */
	if (!rc) {
		size_t need = 1;
		char *cell, *p;
		for (i = 0; i < json_array_size(ev); i++)
			need += json_string_length(json_array_get(ev, i)) + 1;
		if ((cell = malloc(need)) == NULL)
			return cl_error_set(err, CL_ENOMEM, "out of memory");
		for (i = 0, p = cell; i < json_array_size(ev); i++) {
			const char *u = json_string_value(json_array_get(ev, i));
			size_t n = u ? strlen(u) : 0;
			if (p > cell)
				*p++ = ' ';
			memcpy(p, u ? u : "", n);
			p += n;
		}
		*p = '\0';
		rc = cl_csv_cell(out, cell, flags);
		free(cell);
	}
	if (!rc)
		rc = putc(',', out) == EOF ||
		     cl_csv_cell(out, f->verdict && rated_by ? rated_by : "", flags) ||
		     putc(',', out) == EOF ||
		     cl_csv_cell(out, f->verdict ? str(f->verdict, "time") : "", flags) ||
		     putc(',', out) == EOF ||
		     cl_csv_cell(out, corrected_value(f, "text"), flags) ||
		     putc(',', out) == EOF ||
		     cl_csv_cell(out, corrected_value(f, "speaker"), flags) ||
		     putc(',', out) == EOF || cl_csv_cell(out, cl_fact_str(f, "lang"), flags) ||
		     fputs("\r\n", out) < 0;
	return rc ? write_failed(err) : CL_OK;
}

/* One claim at a time: the walk over the type index calls `emit` with the
 * claim's view, loaded with its refs (a second read transaction; the
 * store opens its environment with MDB_NOTLS, so they may nest). */
struct walk {
	cl_ledger *l;
	FILE *out;
	const cl_newsroom *nr;
	uint64_t count;
	int first;
	unsigned flags; /* CL_CSV_* */
	cl_error *err;
	int (*emit)(struct walk *w, const cl_fact *f);
	/* csv: the editors, to name who signed a verdict */
	cl_editor *eds;
	size_t neds;
	/* claimreview: the last archived article read, and its date */
	unsigned char doc[CL_HASH_BYTES];
	int have_doc;
	char doc_date[11];
};

static int walk_one(void *ctx, const cl_record *r)
{
	struct walk *w = ctx;
	cl_fact f = { 0 };
	int rc;

	if ((rc = cl_fact_load(w->l, r, 0, &f, w->err)) != CL_OK)
		return rc;
	rc = w->emit(w, &f);
	cl_fact_free(&f);
	return rc;
}

static int walk_claims(struct walk *w)
{
	cl_query q = { 0 };

	q.type = "claim";
	return cl_ledger_query(w->l, &q, walk_one, w, w->err);
}

/* The name of the editor whose key signed `verdict` and who was an
 * editor at its seq (a key may come back under another name), or NULL. */
static const char *rater_name(const struct walk *w, const cl_fact *f)
{
	const char *b64 = str(f->verdict, "signer");
	char k[64];
	size_t i;

	for (i = w->neds; i-- > 0;) {
		const cl_editor *e = &w->eds[i];
		if (e->added > f->verdict_seq ||
		    (e->revoked != UINT64_MAX && e->revoked < f->verdict_seq))
			continue;
		cl_b64_encode(k, e->pk, sizeof e->pk);
		if (strcmp(k, b64) == 0)
			return e->name;
	}
	return NULL;
}

static int emit_csv(struct walk *w, const cl_fact *f)
{
	w->count++;
	return cl_csv_row(w->out, f, f->verdict ? rater_name(w, f) : NULL, w->flags, w->err);
}

int cl_facts_csv(cl_ledger *l, FILE *out, unsigned flags, uint64_t *rows, cl_error *err)
{
	struct walk w = { .l = l, .out = out, .first = 1, .flags = flags, .err = err,
			  .emit = emit_csv };
	int rc;

	if ((rc = cl_ledger_editors(l, &w.eds, &w.neds, err)) != CL_OK)
		return rc;
	errno = 0;
	if (((flags & CL_CSV_BOM) && fputs("\xef\xbb\xbf", out) < 0) ||
	    fputs(CL_CSV_HEADER "\r\n", out) < 0)
		rc = write_failed(err);
	if (rc == CL_OK)
		rc = walk_claims(&w);
	if (rc == CL_OK && (fflush(out) != 0 || ferror(out)))
		rc = write_failed(err);
	if (rc == CL_OK && rows)
		*rows = w.count;
	free(w.eds);
	return rc;
}

/* ---- ClaimReview --------------------------------------------------------- */

/* Words that make a speaker an Organization rather than a Person. */
static const char *const org_words[] = {
	"agency", "army", "assembly", "association", "authority", "bank",
	"board", "bureau", "campaign", "club", "coalition", "commission",
	"committee", "company", "congress", "corporation", "council", "court",
	"department", "embassy", "federation", "foundation", "front",
	"government", "group", "inc", "institute", "league", "ltd", "media",
	"military", "ministry", "movement", "navy", "newspaper", "office",
	"organisation", "organization", "parliament", "party", "police",
	"presidency", "senate", "service", "treasury", "union", "university",
};

int cl_speaker_is_org(const char *speaker)
{
	char word[32];
	size_t n = 0, i;
	const char *p = speaker;

	for (;; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (n < sizeof word - 1)
				word[n++] = (char)(c | 0x20);
			else
				n = sizeof word; /* too long to be one of ours */
			continue;
		}
		if (n > 0 && n < sizeof word) {
			word[n] = '\0';
			for (i = 0; i < sizeof org_words / sizeof org_words[0]; i++)
				if (strcmp(word, org_words[i]) == 0)
					return 1;
		}
		n = 0;
		if (c == '\0')
			return 0;
	}
}

/* 1 when `s` may be written as a link (url.h): an old ledger, or one
 * written by another tool, may hold anything in its URL members. */
static int linkable(const char *s)
{
	return s != NULL && cl_url_valid(s, strlen(s));
}

/* 1 when the claim's speaker is an Organization: the current verdict's
 * `speaker_type` when it has one (rate --speaker-type), else the name's
 * words (cl_speaker_is_org). */
int cl_fact_speaker_is_org(const cl_fact *f)
{
	const char *t = f->verdict ? str(f->verdict, "speaker_type") : "";

	if (strcmp(t, "organization") == 0)
		return 1;
	if (strcmp(t, "person") == 0)
		return 0;
	return cl_speaker_is_org(cl_fact_str(f, "speaker"));
}

/* The evidence URLs that may be links, as CreativeWork objects; NULL when
 * out of memory (an empty array when none). */
static json_t *citations(const json_t *verdict)
{
	const json_t *ev = json_object_get(verdict, "evidence");
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; a != NULL && i < json_array_size(ev); i++) {
		const char *u = json_string_value(json_array_get(ev, i));
		if (!linkable(u))
			continue;
		o = json_pack("{s:s,s:s}", "@type", "CreativeWork", "url", u);
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *cl_fact_claimreview(const cl_fact *f, const cl_newsroom *nr)
{
	return cl_fact_claimreview_ex(f, nr, NULL);
}

json_t *cl_fact_claimreview_ex(const cl_fact *f, const cl_newsroom *nr,
			       const char *article_date)
{
	json_t *o = NULL, *author = NULL, *rating = NULL, *item = NULL, *cites = NULL;
	json_t *appearance = NULL;
	const char *source = cl_fact_str(f, "source");
	const char *nr_url = nr && linkable(nr->url) ? nr->url : NULL;
	const char *own_url, *note;
	char *url = NULL, day[11];
	size_t n;
	int bad;

	if (f->verdict == NULL || f->rating == NULL)
		return NULL;
	snprintf(day, sizeof day, "%s", str(f->verdict, "time"));
	own_url = json_string_value(json_object_get(f->verdict, "url"));
	note = str(f->verdict, "note");
	if (linkable(own_url)) {
		if ((url = strdup(own_url)) == NULL)
			return NULL;
	} else if (nr_url) {
		n = strlen(nr_url) + sizeof "#claim-" + CL_ID_HEX;
		if ((url = malloc(n)) == NULL)
			return NULL;
		snprintf(url, n, "%s#claim-%s", nr_url, f->id);
	}
	item = json_pack("{s:s,s:{s:s,s:s},s:s}",
			 "@type", "Claim",
			 "author", "@type", cl_fact_speaker_is_org(f)
				   ? "Organization" : "Person",
			 "name", cl_fact_str(f, "speaker"),
			 "datePublished", cl_fact_str(f, "date"));
	if (linkable(source)) {
		appearance = json_pack("{s:s,s:s}", "@type", "CreativeWork", "url", source);
		if (appearance != NULL && article_date != NULL && article_date[0] &&
		    json_object_set_new(appearance, "datePublished",
					json_string(article_date)) != 0) {
			json_decref(appearance);
			appearance = NULL;
		}
		if (appearance == NULL || item == NULL ||
		    json_object_set(item, "appearance", appearance) != 0) {
			json_decref(item);
			item = NULL;
		}
	}
	author = json_pack("{s:s}", "@type", "Organization");
	rating = json_pack("{s:s}", "@type", "Rating");
	o = json_pack("{s:s,s:s}", "@context", "https://schema.org", "@type", "ClaimReview");
	cites = citations(f->verdict);
	bad = item == NULL || author == NULL || rating == NULL || o == NULL || cites == NULL;
	if (!bad && nr && nr->name)
		bad = json_object_set_new(author, "name", json_string(nr->name)) != 0;
	if (!bad && nr_url)
		bad = json_object_set_new(author, "url", json_string(nr_url)) != 0;
	/* The numbers only on the numeric scale: misleading and unproven
	 * have no place on it, and a best/worst without a value says one. */
	if (!bad && f->rating->value)
		bad = json_object_set_new(rating, "ratingValue",
					  json_integer(f->rating->value)) ||
		      json_object_set_new(rating, "bestRating", json_integer(CL_RATING_BEST)) ||
		      json_object_set_new(rating, "worstRating", json_integer(CL_RATING_WORST));
	if (!bad)
		bad = json_object_set_new(rating, "alternateName", json_string(f->rating->label)) ||
		      json_object_set_new(rating, "name", json_string(f->rating->label)) ||
		      (url && json_object_set_new(o, "url", json_string(url))) ||
		      json_object_set_new(o, "claimReviewed", json_string(cl_fact_str(f, "text"))) ||
		      (note[0] && json_object_set_new(o, "reviewBody", json_string(note))) ||
		      json_object_set(o, "itemReviewed", item) ||
		      json_object_set(o, "author", author) ||
		      json_object_set(o, "reviewRating", rating) ||
		      (json_array_size(cites) > 0 && json_object_set(o, "citation", cites)) ||
		      json_object_set_new(o, "datePublished", json_string(day)) ||
		      json_object_set_new(o, "inLanguage",
					  json_string(*cl_fact_str(f, "lang") ? cl_fact_str(f, "lang")
									: CL_CLAIMREVIEW_LANGUAGE));
	json_decref(item);
	json_decref(appearance);
	json_decref(author);
	json_decref(rating);
	json_decref(cites);
	free(url);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * JSON-LD for a <script> element: jansson's output with `<`, `>`, `&`,
 * U+2028 and U+2029 written as \u003c, \u003e, \u0026, \u2028, \u2029.
 * Outside strings JSON holds none of them, so a pass over the bytes is
 * enough; it streams, holding back at most the first two bytes of a
 * U+2028/U+2029 that a write cuts (E2 80) until the next one.
 */
struct jsonld {
	FILE *out;
	size_t held; /* bytes of E2 80 held back: 0, 1 or 2 */
};

static int jsonld_put(struct jsonld *j, const char *s, size_t n)
{
	return n == 0 || fwrite(s, 1, n, j->out) == n ? 0 : -1;
}

static int jsonld_write(const char *buf, size_t size, void *data)
{
	static const char lead[] = "\xe2\x80";
	struct jsonld *j = data;
	const unsigned char *p = (const unsigned char *)buf;
	size_t i, run = 0;
	const char *esc;

	for (i = 0; i < size; i++) {
		unsigned char c = p[i];
		if (j->held > 0) {
			if (j->held == 1 && c == 0x80) {
				j->held = 2;
				run = i + 1;
				continue;
			}
			esc = j->held == 2 && c == 0xa8 ? "\\u2028"
			    : j->held == 2 && c == 0xa9 ? "\\u2029" : NULL;
			if (esc == NULL && jsonld_put(j, lead, j->held) != 0)
				return -1;
			j->held = 0;
			if (esc != NULL) {
				if (jsonld_put(j, esc, 6) != 0)
					return -1;
				run = i + 1;
				continue;
			}
			run = i;
		}
		esc = c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : c == '&' ? "\\u0026" : NULL;
		if (esc == NULL && c != 0xe2)
			continue;
		if (jsonld_put(j, buf + run, i - run) != 0 ||
		    (esc != NULL && jsonld_put(j, esc, 6) != 0))
			return -1;
		if (esc == NULL)
			j->held = 1;
		run = i + 1;
	}
	return jsonld_put(j, buf + run, size - run);
}

/* Write what is still held back (an E2 or E2 80 that led to nothing). */
static int jsonld_flush(struct jsonld *j)
{
	size_t n = j->held;

	j->held = 0;
	return jsonld_put(j, "\xe2\x80", n);
}

/* The first YYYY-MM-DD in v[0..n) not inside a longer run of digits, as
 * the extractor reads a `date` header (SPEC.md, "Input": the first one
 * with a month 01-12 and a day 01-31); 1 when it is a real date (written
 * to out, NUL-terminated), else 0 and out = "". */
static int iso_date_in(const char *v, size_t n, char out[11])
{
	size_t i;
	int k, ok, mo, dd;

	for (i = 0; i + 10 <= n; i++) {
		const char *d = v + i;
		for (k = 0, ok = 1; k < 10; k++)
			ok &= (k == 4 || k == 7) ? d[k] == '-' : d[k] >= '0' && d[k] <= '9';
		if (!ok || (i > 0 && v[i - 1] >= '0' && v[i - 1] <= '9') ||
		    (i + 10 < n && v[i + 10] >= '0' && v[i + 10] <= '9'))
			continue;
		mo = (d[5] - '0') * 10 + (d[6] - '0');
		dd = (d[8] - '0') * 10 + (d[9] - '0');
		if (mo < 1 || mo > 12 || dd < 1 || dd > 31)
			continue;
		/* The extractor's date: kept only when a real day. */
		memcpy(out, d, 10);
		out[10] = '\0';
		if (cl_date_valid(out))
			return 1;
		break;
	}
	out[0] = '\0';
	return 0;
}

int cl_article_date(const char *s, size_t len, char out[11])
{
	static const char *const keys[] = { "url", "date", "title", "publisher", "source" };
	size_t pos = 0, nlines = 0, a, k0, kn, va, ve, le, ki;
	const char *nl;

	out[0] = '\0';
	/* The header lines the extractor reads (extract/segment.c): at most
	 * 32 lines, blank ones skipped, `key value` or `key: value`. */
	while (pos < len && nlines++ < 32) {
		nl = memchr(s + pos, '\n', len - pos);
		le = nl ? (size_t)(nl - s) : len;
		for (a = pos; a < le && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'); a++)
			;
		if (a == le) {
			pos = le + 1;
			continue;
		}
		for (a = pos; a < le && (s[a] == ' ' || s[a] == '\t'); a++)
			;
		for (k0 = a; a < le && s[a] >= 'a' && s[a] <= 'z'; a++)
			;
		kn = a - k0;
		if (a < le && s[a] == ':')
			a++;
		if (a >= le || (s[a] != ' ' && s[a] != '\t'))
			return 0;
		for (ki = 0; ki < sizeof keys / sizeof keys[0]; ki++)
			if (strlen(keys[ki]) == kn && memcmp(keys[ki], s + k0, kn) == 0)
				break;
		if (ki == sizeof keys / sizeof keys[0])
			return 0;
		for (va = a, ve = le; va < ve && (s[va] == ' ' || s[va] == '\t'); va++)
			;
		while (ve > va && (s[ve - 1] == ' ' || s[ve - 1] == '\t' || s[ve - 1] == '\r'))
			ve--;
		if (va == ve)
			return 0;
		if (ki == 1 && iso_date_in(s + va, ve - va, out))
			return 1;
		pos = le < len ? le + 1 : len;
	}
	return 0;
}

/* The date of the claim's archived article ("" when it has none, or no
 * document): claims of one article come together, so the last one read
 * is kept. */
static int claim_article_date(struct walk *w, const cl_fact *f)
{
	const char *hex = str(f->claim, "document");
	unsigned char id[CL_HASH_BYTES];
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (strlen(hex) != CL_ID_HEX || cl_hex_decode(id, CL_HASH_BYTES, hex, CL_ID_HEX) != CL_OK) {
		w->doc_date[0] = '\0';
		w->have_doc = 0;
		return CL_OK;
	}
	if (w->have_doc && memcmp(id, w->doc, CL_HASH_BYTES) == 0)
		return CL_OK;
	rc = cl_ledger_get_document(w->l, id, &buf, &len, w->err);
	w->doc_date[0] = '\0';
	w->have_doc = 0;
	if (rc == CL_ENOTFOUND)
		return CL_OK; /* a claim may cite an article not archived here */
	if (rc != CL_OK)
		return rc;
	cl_article_date(buf, len, w->doc_date);
	memcpy(w->doc, id, CL_HASH_BYTES);
	w->have_doc = 1;
	free(buf);
	return CL_OK;
}

static int emit_claimreview(struct walk *w, const cl_fact *f)
{
	struct jsonld j = { w->out, 0 };
	json_t *o;
	int rc;

	if (f->verdict == NULL)
		return CL_OK;
	if ((rc = claim_article_date(w, f)) != CL_OK)
		return rc;
	if ((o = cl_fact_claimreview_ex(f, w->nr, w->doc_date)) == NULL)
		return cl_error_set(w->err, CL_ENOMEM, "out of memory");
	rc = fputs(w->first ? "\n" : ",\n", w->out) < 0 ||
	     json_dump_callback(o, jsonld_write, &j, JSON_INDENT(2)) != 0 ||
	     jsonld_flush(&j) != 0;
	json_decref(o);
	w->first = 0;
	w->count++;
	return rc ? write_failed(w->err) : CL_OK;
}

int cl_facts_claimreview(cl_ledger *l, FILE *out, uint64_t *count, cl_error *err)
{
	cl_newsroom nr;
	struct walk w = { .l = l, .out = out, .nr = &nr, .first = 1, .err = err,
			  .emit = emit_claimreview };
	int rc;

	if ((rc = cl_newsroom_load(l, &nr, err)) != CL_OK)
		return rc;
	errno = 0;
	if (fputc('[', out) == EOF)
		rc = write_failed(err);
	if (rc == CL_OK)
		rc = walk_claims(&w);
	if (rc == CL_OK && (fputs("\n]\n", out) < 0 || fflush(out) != 0 || ferror(out)))
		rc = write_failed(err);
	if (rc == CL_OK && count)
		*count = w.count;
	cl_newsroom_free(&nr);
	return rc;
}
