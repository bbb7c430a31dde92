/*
 * extract.c: claim extraction, the pipeline (see extract.h and SPEC.md).
 *
 * The article is read once, paragraph by paragraph.  A paragraph (or a run
 * of paragraphs joined by a quote that continues across them) becomes a
 * "unit": it is tokenised, its double quote marks are paired, it is cut
 * into sentences (segment.c), and each sentence is matched against the
 * attribution patterns (claims.c).  State that crosses units (who "he" is,
 * which body "the statement" came from, which person "the minister"
 * names) lives in small fixed-size rings (memory.c), so memory is bounded
 * and every step is linear.
 */
#include "extract/internal.h"
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- sentences, units, the body ------------------------------------------ */

/*
 * "Manchester City boss Pep Guardiola, speaking to TNT Sports:": a
 * sentence with no quote that ends in a colon and names a person
 * introduces what follows, so the quote paragraphs after it continue
 * that person (claims.c, continuation).
 */
static void introducer(xstate *st, size_t s, size_t e)
{
	size_t k;
	nameinfo ni;
	spk sp;

	if (e <= s || !tok_punct(st, e, ":"))
		return;
	for (k = s; k <= e; k++)
		if (st->t[k].kind == T_QMARK || st->t[k].inq)
			return;
	for (k = s; k < e; ) {
		size_t nk = cl_x_scan_name(st, k, e - 1, s, &ni);
		if (nk > k && ni.person && !cl_x_role_then_name(st, nk, e - 1)) {
			memset(&sp, 0, sizeof sp);
			cl_x_spk_set(&sp, ni.name, 1);
			cl_x_remember_speaker(st, &sp);
			return;
		}
		k = nk > k ? nk : k + 1;
	}
}

/* The claims of sentence [s..e]: its mentions are noted first, then its
 * direct claims are looked for, and only when there is none an indirect
 * one. */
static int process_sentence(xstate *st, size_t s, size_t e)
{
	int done = 0, rc;
	size_t k;

	/* Headlines, captions and boilerplate: paragraphs that do not end
	 * like prose are never sources of claims. */
	if (st->headline[st->t[s].para] && !st->t[s].inq) {
		int anyq = 0;
		for (k = s; k <= e; k++)
			if (st->t[k].kind == T_QMARK && st->t[k].role != R_STRAY)
				anyq = 1;
		if (!anyq)
			return CL_OK;
	}
	s = cl_x_skip_dateline(st, s, e);
	if (st->es)
		return cl_x_es_sentence(st, s, e);
	cl_x_scan_mentions(st, s, e);
	rc = cl_x_sentence_direct(st, s, e, &done);
	if (rc != CL_OK || done)
		return rc;
	rc = cl_x_sentence_indirect(st, s, e);
	if (rc == CL_OK)
		introducer(st, s, e);
	return rc;
}

/* Every sentence of the unit in order, then an empty unit. */
static int process_unit(xstate *st)
{
	size_t s = 0, i;
	int rc = CL_OK;

	for (i = 0; i < st->nt; i++) {
		if (cl_x_sentence_ends(st, s, i)) {
			rc = process_sentence(st, s, i);
			if (rc != CL_OK)
				goto out;
			s = i + 1;
		}
	}
out:
	st->nt = 0;
	st->nq = 0;
	st->nhead = 0;
	st->unit_no++;
	return rc;
}

/* The body from offset `body` on, paragraph by paragraph: a paragraph
 * whose quote goes on joins the next one in the same unit. */
static int run_body(xstate *st, size_t body)
{
	size_t pos = body, ps, pe, upara = 0, ubytes = 0;
	int inq = 0, cont = 0, rc = CL_OK;
	int blank_sep = cl_x_blank_separated(st->buf, st->len, body);

	while (cl_x_next_para(st->buf, st->len, &pos, &ps, &pe, blank_sep)) {
		rc = cl_x_add_para(st, ps, pe, (uint32_t)upara, &inq, cont);
		if (rc != CL_OK)
			goto out;
		upara++;
		ubytes += pe - ps;
		cont = 0;
		if (inq) {
			if (cl_x_quote_goes_on(st, pos, upara, ubytes)) {
				cont = 1;
				continue;
			}
			inq = 0;   /* capped at the paragraph end */
			cl_x_repair_capped(st);
		}
		rc = process_unit(st);
		if (rc != CL_OK)
			goto out;
		upara = 0;
		ubytes = 0;
	}
	if (st->nt > 0)
		rc = process_unit(st);
out:
	return rc;
}

/* ---- public -------------------------------------------------------------- */

void cl_extraction_free(cl_extraction *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nclaims; i++) {
		free(x->claims[i].text);
		free(x->claims[i].speaker);
		free(x->claims[i].context);
		free(x->claims[i].date);
	}
	free(x->claims);
	free(x->url);
	free(x->date);
	free(x->title);
	free(x->publisher);
	free(x);
}

int cl_extract(const char *buf, size_t len, const cl_aliases *aliases,
	       cl_extraction **out, cl_error *err)
{
	return cl_extract_lang(buf, len, aliases, NULL, out, err);
}

int cl_extract_lang(const char *buf, size_t len, const cl_aliases *aliases,
		    const char *lang, cl_extraction **out, cl_error *err)
{
	xstate *st = NULL;
	cl_extraction *x = NULL;
	size_t bad, body;
	int rc = CL_OK;

	*out = NULL;
	if (lang != NULL && strcmp(lang, "en") != 0 && strcmp(lang, "es") != 0) {
		rc = cl_error_set(err, CL_EINPUT, "unsupported language (en, es)");
		goto out;
	}
	bad = len ? cl_text_invalid_at(buf, len) : (size_t)-1;
	if (bad != (size_t)-1) {
		rc = cl_error_set(err, CL_EINPUT, "not UTF-8 text at byte %zu", bad);
		goto out;
	}
	x = calloc(1, sizeof *x);
	st = calloc(1, sizeof *st);
	if (x == NULL || st == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "extract: out of memory");
		goto out;
	}
	x->lang = lang != NULL && strcmp(lang, "es") == 0 ? "es" : "en";
	if (len == 0)
		goto done;
	x->lang = NULL;
	body = cl_x_parse_headers(buf, len, x);
	if (body == SIZE_MAX) {
		rc = cl_error_set(err, CL_ENOMEM, "extract: out of memory");
		goto out;
	}
	/* The caller (--lang) wins over the header line, as --source and
	 * --date do over theirs, and both over detection: parse_headers
	 * set x->lang only for a `lang en|es` line. */
	if (lang != NULL)
		x->lang = strcmp(lang, "es") == 0 ? "es" : "en";
	else if (x->lang == NULL)
		x->lang = cl_x_detect_lang(buf, len, body);
	st->es = strcmp(x->lang, "es") == 0;
	x->body_offset = body;
	st->buf = buf;
	st->len = len;
	st->al = aliases;
	st->x = x;
	rc = run_body(st, body);
	if (rc != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "extract: out of memory");
		goto out;
	}
done:
	*out = x;
	x = NULL;
out:
	if (st != NULL) {
		free(st->t);
		free(st->qs);
		free(st->headline);
		free(st);
	}
	cl_extraction_free(x);
	return rc;
}

static int set_str(json_t *o, const char *k, const char *v)
{
	json_t *s;

	if (v == NULL)
		return 0;
	s = json_string(v);
	if (s == NULL)
		return -1;
	return json_object_set_new(o, k, s);
}

json_t *cl_claim_to_json(const cl_extraction *x, const cl_claim *c,
			 const char *source, const char *date)
{
	json_t *o = json_object();
	char day[11];

	if (o == NULL || c == NULL)
		goto fail;
	if (source == NULL && x != NULL)
		source = x->url;
	if (date == NULL)
		date = c->date ? c->date : (x ? x->date : NULL);
	else if (cl_when_resolve(&c->when, date, day))
		date = day;
	if (set_str(o, "text", c->text) || set_str(o, "speaker", c->speaker) ||
	    set_str(o, "kind", c->kind) ||
	    json_object_set_new(o, "offset", json_integer((json_int_t)c->offset)) ||
	    json_object_set_new(o, "length", json_integer((json_int_t)c->length)) ||
	    set_str(o, "context", c->context) || set_str(o, "source", source) ||
	    set_str(o, "date", date) || set_str(o, "cue", c->cue) ||
	    set_str(o, "confidence", c->confidence) || set_str(o, "polarity", c->polarity) ||
	    set_str(o, "lang", c->lang))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}
