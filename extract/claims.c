/*
 * claims.c: the claims of one sentence: direct quotes that stand as
 * statements and reported speech after a cue, each with its speaker,
 * span, text, context and date, appended to the extraction.
 */
#include "extract/internal.h"
#include "base/grow.h"
#include "base/quote.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text, context, the claim record ------------------------------------- */

/*
 * Text of tokens [a..b] skipping quote marks and tokens flagged in skip
 * (may be NULL), one space where the article had space or a quote mark
 * between two words.  Returns a malloc'd string or NULL.
 */
static char *build_text(const xstate *st, size_t a, size_t b,
			const uint8_t *skip, size_t skip0)
{
	size_t cap = 64, n = 0, i, prev_end = SIZE_MAX;
	char *out = malloc(cap);
	int prev_word = 0;

	if (out == NULL)
		return NULL;
	for (i = a; i <= b && i < st->nt; i++) {
		const tok *t = &st->t[i];
		int gap_space = 0, gap_mark = 0;
		size_t k;

		if (t->kind == T_QMARK || (skip && skip[i - skip0]))
			continue;
		if (prev_end != SIZE_MAX) {
			for (k = prev_end; k < t->off; k++) {
				unsigned char c = (unsigned char)st->buf[k];
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
				    (c == 0xc2 && k + 1 < t->off &&
				     (unsigned char)st->buf[k + 1] == 0xa0))
					gap_space = 1;
				else if (c == '"' || c == 0xe2 || c == 0xc2)
					gap_mark = 1;
			}
		}
		/* "opinions. ." from a stray mark between two stops: keep one. */
		if (t->kind == T_PUNCT && t->len == 1 && n > 0 &&
		    strchr(".!?,", st->buf[t->off]) && out[n - 1] == st->buf[t->off])
			continue;
		if (n + t->len + 2 > cap) {
			char *nb;
			while (n + t->len + 2 > cap)
				cap *= 2;
			nb = realloc(out, cap);
			if (nb == NULL) {
				free(out);
				return NULL;
			}
			out = nb;
		}
		if (n > 0 && (gap_space || (gap_mark && t->kind == T_WORD && prev_word)))
			out[n++] = ' ';
		memcpy(out + n, st->buf + t->off, t->len);
		n += t->len;
		prev_end = t->off + t->len;
		prev_word = t->kind == T_WORD || (t->kind == T_PUNCT &&
			    strchr(".,;:!?", st->buf[t->off]) != NULL);
	}
	out[n] = '\0';
	return out;
}

/* Context: the sentence's bytes with space runs collapsed, capped. */
static char *build_context(const xstate *st, size_t a, size_t b)
{
	size_t from = st->t[a].off, to = tok_end(st, b), i, n = 0;
	char *out = malloc(CL_EXTRACT_CONTEXT_MAX + 1);
	int sp = 0;

	if (out == NULL)
		return NULL;
	for (i = from; i < to && n < CL_EXTRACT_CONTEXT_MAX; i++) {
		char c = st->buf[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			sp = 1;
			continue;
		}
		if (sp && n > 0) {
			out[n++] = ' ';
			if (n >= CL_EXTRACT_CONTEXT_MAX)
				break;
		}
		sp = 0;
		out[n++] = c;
	}
	/* Do not end inside a multi-byte character. */
	if (i < to) {
		while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0xc0)
			n--;
	}
	out[n] = '\0';
	return out;
}

static const char *const cue_names[] = { "named", "pronoun", "descriptor", "alias",
					 "continuation" };
static const char *const conf_names[] = { "high", "medium", "low" };

/* Is `name` the article's own publisher ("Ukrainian News" for
 * "publisher Ukrainian News (ukranews.com)"): the publisher's name up
 * to a bracket or comma, a leading "The" ignored on both, ASCII case
 * ignored?  The outlet is the narrator, not a source. */
static int is_publisher(const xstate *st, const char *name)
{
	const char *p = st->x->publisher;
	size_t n = 0, m;

	if (p == NULL || name == NULL)
		return 0;
	if (strncasecmp(p, "the ", 4) == 0)
		p += 4;
	if (strncasecmp(name, "the ", 4) == 0)
		name += 4;
	while (p[n] && p[n] != '(' && p[n] != ',')
		n++;
	while (n > 0 && p[n - 1] == ' ')
		n--;
	m = strlen(name);
	return n > 0 && m == n && strncasecmp(p, name, n) == 0;
}

static int add_claim(xstate *st, char *text, const spk *sp,
		     const char *kind, size_t off, size_t len, size_t sa,
		     size_t sb)
{
	cl_claim *c;
	int rc = CL_OK;

	if (text == NULL) {
		rc = CL_ENOMEM;
		goto out;
	}
	if (is_publisher(st, sp->name))
		goto out;
	if ((c = cl_grow(st->x->claims, &st->cap, st->x->nclaims, sizeof *c, 16)) == NULL) {
		rc = CL_ENOMEM;
		goto out;
	}
	st->x->claims = c;
	c = &st->x->claims[st->x->nclaims];
	memset(c, 0, sizeof *c);
	c->text = text;
	text = NULL;
	c->kind = kind;
	c->offset = off;
	c->length = len;
	c->speaker = cl_x_dupn(sp->name, strlen(sp->name));
	c->cue = cue_names[sp->how];
	c->confidence = conf_names[sp->conf];
	c->polarity = st->d_denial ? "denial" : NULL;
	c->lang = st->es ? "es" : "en";
	st->d_denial = 0;
	c->context = build_context(st, sa, sb);
	if (st->es)
		cl_x_es_attr_when(st, sa, sb, &c->when);
	else
		cl_x_attr_when(st, sa, sb, &c->when);
	{
		char day[11];
		int known = cl_when_resolve(&c->when, st->x->date, day);
		c->date = known ? cl_x_dupn(day, 10) : NULL;
		st->x->nclaims++;
		if (c->speaker == NULL || c->context == NULL || (known && c->date == NULL))
			rc = CL_ENOMEM;
	}
out:
	free(text);
	return rc;
}

static size_t count_words(const xstate *st, size_t a, size_t b, const uint8_t *skip,
			  size_t skip0)
{
	size_t k, n = 0;

	for (k = a; k <= b && k < st->nt; k++)
		if (st->t[k].kind == T_WORD && !(skip && skip[k - skip0]))
			n++;
	return n;
}

/* ---- emitting claims ----------------------------------------------------- */

/* Emit an indirect claim over tokens [a..b] minus skip; trims stray
 * marks and closing punctuation runs at the edges. */
static int emit_indirect(xstate *st, size_t a, size_t b, const uint8_t *skip,
			 size_t skip0, const spk *sp, size_t s, size_t e, size_t cue)
{
	char *text;
	size_t off, end;

	while (a <= b && (st->t[a].kind == T_QMARK || (skip && skip[a - skip0]) ||
			  tok_punct(st, a, ",")))
		a++;
	while (b > a && ((st->t[b].kind == T_QMARK && st->t[b].role == R_STRAY) ||
			 (skip && skip[b - skip0]) || tok_punct(st, b, ",")))
		b--;
	if (a > b || !sp->ok || count_words(st, a, b, skip, skip0) < CL_EXTRACT_MIN_INDIRECT) {
		st->d_denial = 0;
		return CL_OK;
	}
	text = build_text(st, a, b, skip, skip0);
	off = st->t[a].off;
	end = tok_end(st, b);
	cl_x_remember_speaker(st, sp);
	cl_x_doc_note(st, s, e, a, b, sp);
	st->d_cue = cue;
	st->d_a = a;
	st->d_b = b;
	st->d_skip = skip;
	st->d_skip0 = skip0;
	return add_claim(st, text, sp, "indirect", off, end - off, s, e);
}

static int emit_direct(xstate *st, const qspan *q, const spk *sp, size_t s, size_t e,
		       size_t cue)
{
	size_t a = q->first, b = q->last, off, end;
	char *text = NULL;
	int rc;

	while (b > a && (st->t[b].kind == T_QMARK))
		b--;
	off = st->t[a].off;
	end = tok_end(st, b);
	/* One rule for the text of every direct claim, the one `verify`
	 * re-checks archived quotes with. */
	rc = cl_quote_text(st->buf + off, end - off, &text, NULL);
	if (rc != CL_OK)
		return CL_ENOMEM;
	cl_x_remember_speaker(st, sp);
	cl_x_doc_note(st, s, e, q->open, q_close(q), sp);
	st->d_cue = cue;
	st->d_a = q->open;
	st->d_b = q_close(q);
	st->d_skip = NULL;
	st->d_skip0 = 0;
	return add_claim(st, text, sp, "direct", off, end - off, s, e);
}

/* ---- direct claims ------------------------------------------------------- */

/* What the direct claims of one sentence [s..e] carry from quote to
 * quote. */
typedef struct dsent {
	size_t s, e;
	spk cur;          /* the speaker of the last direct claim, or none */
	size_t cur_cue;   /* its cue, or SIZE_MAX */
	size_t attr_end;  /* the end of the attribution after the quotes,
			   * or SIZE_MAX */
} dsent;

/* Is there nothing but punctuation and quote marks from i to e? */
static int only_punct_from(const xstate *st, size_t i, size_t e)
{
	while (i <= e && (st->t[i].kind == T_PUNCT || st->t[i].kind == T_QMARK))
		i++;
	return i > e;
}

/* "X said: “…”", "X said that “…”": the speaker left of the cue, else
 * the speaker of the sentence's last quote, its subject, or the phrase
 * right of the cue ("said X: “…”"). */
static void speaker_before_quote(xstate *st, const dsent *ds, size_t cue, spk *sp)
{
	size_t l = cl_x_np_left(st, cue, ds->s);

	if (l < cue && !cl_x_office_appositive(st, l, cue, ds->s, &ds->cur, sp))
		cl_x_resolve_np(st, l, cue - 1, ds->s, &ds->cur, sp);
	if (!sp->ok && ds->cur.ok)
		*sp = ds->cur;
	if (!sp->ok)
		cl_x_subject_speaker(st, ds->s, ds->e, sp);
	if (!sp->ok) {
		size_t r = cl_x_np_right(st, cue, ds->e);
		if (r > cue + 1)
			cl_x_resolve_np(st, cue + 1, r - 1, ds->s, &ds->cur, sp);
	}
}

/* The cue of an attribution right after the quote closed at cl (", he
 * said", ", said X"): within 16 tokens (", Ana Cruz, commander of
 * the southern district, told"), before a terminal or another
 * quote; SIZE_MAX when none. */
static size_t cue_after_quote(const xstate *st, size_t cl, size_t s, size_t e)
{
	size_t i;

	for (i = cl + 1; i <= e && i < cl + 17; i++) {
		if (st->t[i].kind == T_QMARK && st->t[i].role != R_STRAY)
			break;
		if (cl_x_is_terminal(st, i))
			break;
		if (cl_x_is_cue(st, i, s))
			return i;
	}
	return SIZE_MAX;
}

/* The speaker of the attribution at cue c after the quote closed at cl:
 * left of the cue (", X said"), else right of it (", said X", "said the
 * spokesman, Ana Ruiz": a person in the appositive wins).  Returns where
 * the attribution ends. */
static size_t speaker_at_cue(xstate *st, const dsent *ds, size_t c, size_t cl,
			     spk *sp)
{
	size_t l = cl_x_np_left(st, c, ds->s), r;

	if (l < c && l > cl && !cl_x_office_appositive(st, l, c, ds->s, &ds->cur, sp))
		cl_x_resolve_np(st, l, c - 1, ds->s, &ds->cur, sp);
	/* "“…,” Ana Cruz, commander of the southern district, told
	 * reporters": a name and its appositive between the quote and the
	 * cue. */
	if (!sp->ok && l == c && c > cl + 3 && tok_punct(st, c - 1, ","))
		cl_x_np_left_resolve(st, c, ds->s, &ds->cur, sp);
	if (sp->ok)
		return c + 1;
	r = cl_x_np_right(st, c, ds->e);
	if (r > c + 1)
		cl_x_resolve_np(st, c + 1, r - 1, ds->s, &ds->cur, sp);
	if (r <= ds->e && tok_punct(st, r, ",") && r + 1 <= ds->e && st->t[r + 1].cap) {
		spk sp2;
		size_t r2 = cl_x_np_right(st, r, ds->e);
		cl_x_resolve_np(st, r + 1, r2 - 1, ds->s, &ds->cur, &sp2);
		if (sp2.ok && sp2.person)
			*sp = sp2;
		r = r2;
	}
	return r;
}

/* A quote that opens its sentence: the attribution after it, else the
 * speaker of the sentence's last quote ("“A,” X said, “B …”"), the
 * person the paragraph is about ("Mayor X spoke after the vote. “…”"),
 * or the last speaker of the previous two paragraphs (a quote standing
 * alone continues it).  *dcue gets the cue, when there is one. */
static void speaker_after_quote(xstate *st, dsent *ds, size_t cl, spk *sp,
				size_t *dcue)
{
	size_t c = cue_after_quote(st, cl, ds->s, ds->e);

	if (c != SIZE_MAX) {
		*dcue = c;
		ds->attr_end = speaker_at_cue(st, ds, c, cl, sp);
	} else if (ds->cur.ok) {
		*sp = ds->cur;
		*dcue = ds->cur_cue;
	} else if (st->salient[0] && st->subj_unit == st->unit_no) {
		cl_x_spk_found(sp, st->salient, 1, CUE_CONTINUATION, CONF_MEDIUM);
	} else if (st->lastspk[0] && st->unit_no - st->lastspk_unit <= 2) {
		cl_x_spk_found(sp, st->lastspk, st->lastspk_person, CUE_CONTINUATION,
			       CONF_MEDIUM);
	}
}

/* "…,” says the letter, which also ensures that …", "…,” she said,
 * adding that …": after the direct claims, a cue and "that" in the rest
 * of the sentence make an indirect claim by the same speaker. */
static int direct_then_indirect(xstate *st, const dsent *ds)
{
	size_t i, k, s = ds->s, e = ds->e;

	for (i = ds->attr_end; i <= e; i++) {
		if (st->t[i].inq || st->t[i].kind == T_QMARK)
			break;
		if (!cl_x_is_cue(st, i, s))
			continue;
		for (k = i + 1; k <= e && k < i + 8; k++) {
			if (tok_is(st, k, "that")) {
				spk sp;
				size_t l = cl_x_np_left(st, i, s);
				memset(&sp, 0, sizeof sp);
				if (l < i)
					cl_x_resolve_np(st, l, i - 1, s, &ds->cur, &sp);
				if (!sp.ok)
					sp = ds->cur;
				return emit_indirect(st, k + 1, e, NULL, 0, &sp, s, e, i);
			}
			if (cl_x_is_terminal(st, k) || st->t[k].kind == T_QMARK)
				break;
		}
	}
	return CL_OK;
}

/* How many words the quote q needs to be a claim: CL_EXTRACT_MIN_WORDS,
 * but CL_EXTRACT_MIN_INDIRECT when it opens its sentence, ends in a
 * comma, "!" or "?" and its cue follows within three tokens ("“It was
 * absolutely terrifying,” Couture said."): a sentence handed to its
 * speaker, not a scare-quoted fragment. */
static size_t short_quote_min(const xstate *st, const qspan *q, int pos, size_t s,
			      size_t e)
{
	size_t cl = q_close(q), i;

	if (pos != P_START || q->last >= st->nt || q->first > q->last ||
	    !(tok_punct(st, q->last, ",") || tok_punct(st, q->last, "!") ||
	      tok_punct(st, q->last, "?")))
		return CL_EXTRACT_MIN_WORDS;
	for (i = cl + 1; i <= e && i <= cl + 3; i++)
		if (cl_x_is_cue(st, i, s))
			return CL_EXTRACT_MIN_INDIRECT;
	return CL_EXTRACT_MIN_WORDS;
}

int cl_x_sentence_direct(xstate *st, size_t s, size_t e, int *done)
{
	dsent ds;
	size_t qi;
	int rc;

	memset(&ds, 0, sizeof ds);
	ds.s = s;
	ds.e = e;
	ds.cur_cue = SIZE_MAX;
	ds.attr_end = SIZE_MAX;
	*done = 0;
	for (qi = 0; qi < st->nq; qi++) {
		const qspan *q = &st->qs[qi];
		size_t cue, cl, dcue = SIZE_MAX;
		int pos;
		spk sp;

		if (q->open < s || q->open > e || q->words == 0)
			continue;
		pos = cl_x_quote_pos(st, q, s, e, &cue);
		cl = q_close(q);
		if (pos == P_EMBED || q->words < short_quote_min(st, q, pos, s, e))
			continue;
		if (pos == P_START && !cl_x_post_ok(st, cl + 1, e, s))
			continue;
		memset(&sp, 0, sizeof sp);
		if (pos == P_COLON) {
			/* "Her coach Ana Ruiz was blunt: “…”" ends its sentence. */
			if (!only_punct_from(st, cl + 1, e))
				continue;
			cl_x_colon_speaker(st, s, cue, &sp);
			/* "On half-time chat: “…”", "Asked about the
			 * deal: “…”": a short topic before the colon, in
			 * the answers of one speaker. */
			if (!sp.ok && cue - s <= 6 && st->lastspk[0] &&
			    st->unit_no - st->lastspk_unit <= 2 &&
			    (tok_is(st, s, "on") || tok_is(st, s, "asked") ||
			     tok_is(st, s, "regarding")))
				cl_x_spk_found(&sp, st->lastspk, st->lastspk_person,
					       CUE_CONTINUATION, CONF_MEDIUM);
		} else if (pos == P_AFTER) {
			dcue = cue;
			speaker_before_quote(st, &ds, cue, &sp);
		} else {
			speaker_after_quote(st, &ds, cl, &sp, &dcue);
		}
		/* An attribution whose speaker is nobody we know ("the
		 * Dane said" with no Dane introduced): the quotes after it
		 * are not the previous speaker's either. */
		if (!sp.ok) {
			if (dcue != SIZE_MAX)
				st->lastspk[0] = '\0';
			continue;
		}
		ds.cur = sp;
		ds.cur_cue = dcue;
		rc = emit_direct(st, q, &sp, s, e, dcue);
		if (rc != CL_OK)
			return rc;
		*done = 1;
		if (ds.attr_end == SIZE_MAX || ds.attr_end < cl + 1)
			ds.attr_end = cl + 1;
	}
	if (*done && ds.attr_end != SIZE_MAX)
		return direct_then_indirect(st, &ds);
	return CL_OK;
}

/* ---- indirect claims ----------------------------------------------------- */

/* The patterns below return this when they do not apply to the cue (the
 * sentence is searched on), else CL_OK or CL_ENOMEM. */
enum { NO_MATCH = 1, AGAIN = 2 };

/* A mask over the sentence [s..e] with tokens [from..to] set: the words
 * an indirect claim leaves out of its text.  NULL when out of memory. */
static uint8_t *skip_mask(size_t s, size_t e, size_t from, size_t to)
{
	uint8_t *skip = calloc(e - s + 1, 1);
	size_t k;

	if (skip != NULL)
		for (k = from; k <= to; k++)
			skip[k - s] = 1;
	return skip;
}

/* Where a claim that runs from the sentence start s begins: after a
 * reporter's connective and its comma ("Meanwhile, …", "In addition,
 * …", "In the meantime, …"). */
static size_t claim_start(const xstate *st, size_t s, size_t e)
{
	if (s + 2 <= e && tok_in(st, s, cl_en_connectives) && tok_punct(st, s + 1, ","))
		return s + 2;
	if (s + 3 <= e && tok_is(st, s, "in") && tok_is(st, s + 1, "addition") &&
	    tok_punct(st, s + 2, ","))
		return s + 3;
	if (s + 4 <= e && tok_is(st, s, "in") && tok_is(st, s + 1, "the") &&
	    tok_is(st, s + 2, "meantime") && tok_punct(st, s + 3, ","))
		return s + 4;
	return s;
}

/*
 * "According to X, CLAIM.", "CLAIM, according to X.", "A, according to
 * X, B." at token c: the claim is the sentence without the phrase; "A,
 * according to X (ACR)" takes the bracketed acronym too; "A, according
 * to X, and B" where B has its own subject gives A only.
 */
static int indirect_according(xstate *st, size_t s, size_t e, size_t c)
{
	size_t n1 = c + 2, n2 = n1, x0, x1;
	uint8_t *skip;
	spk sp;
	int rc;

	while (n2 + 1 <= e && n2 - n1 < 12 && !tok_punct(st, n2 + 1, ",") &&
	       !cl_x_is_terminal(st, n2 + 1) && st->t[n2 + 1].kind == T_WORD &&
	       !st->t[n2 + 1].inq)
		n2++;
	/* "according to the Health Agency (HA)" */
	if (n2 + 3 <= e && tok_punct(st, n2 + 1, "(") &&
	    st->t[n2 + 2].kind == T_WORD && tok_punct(st, n2 + 3, ")"))
		n2 += 3;
	cl_x_resolve_np(st, n1, n2, s, NULL, &sp);
	if (!sp.ok)
		return NO_MATCH;
	x0 = (c > s && tok_punct(st, c - 1, ",")) ? c - 1 : c;
	x1 = (n2 + 1 <= e && tok_punct(st, n2 + 1, ",")) ? n2 + 1 : n2;
	if ((skip = skip_mask(s, e, x0, x1)) == NULL)
		return CL_ENOMEM;
	/* "A, according to X." and "A, according to X, and B": the claim is
	 * A (B is the reporter's own clause). */
	if (x1 + 1 > e || cl_x_is_terminal(st, x1 + 1) ||
	    (x0 > s && x1 > n2 && cl_x_new_clause(st, x1 + 1, e)))
		rc = emit_indirect(st, x0 > s ? claim_start(st, s, x0 - 1) : s, x0 > s ? x0 - 1 : s,
				   skip, s, &sp, s, e, c);
	else
		rc = emit_indirect(st, s, e, skip, s, &sp, s, e, c);
	free(skip);
	return rc;
}

/* "…, police said, adding that B": a participle cue ending in -ing and
 * "that" within `span` tokens after `from`, out of quotes, starting a new
 * claim of the same speaker.  Returns the token of the participle, or
 * SIZE_MAX. */
static size_t adding_that(const xstate *st, size_t from, size_t e, size_t s, size_t span)
{
	size_t k;

	for (k = from; k + 2 <= e && k < from + span; k++) {
		size_t n;
		if (st->t[k].inq || st->t[k].kind == T_QMARK || cl_x_is_terminal(st, k))
			return SIZE_MAX;
		/* (", urging that …" asks; it claims nothing) */
		if (!tok_punct(st, k, ",") || !cl_x_is_cue(st, k + 1, s) ||
		    tok_is(st, k + 1, "urging"))
			continue;
		n = st->t[k + 1].len;
		if (n > 4 && memcmp(TWORD(st, k + 1) + n - 3, "ing", 3) == 0 &&
		    tok_is(st, k + 2, "that"))
			return k + 1;
	}
	return SIZE_MAX;
}

/* Parenthetical: "A, the statement adds, B." (cue c, its phrase from
 * l): the claim is A B; "A, X said, adding that B" is two claims. */
static int indirect_parenthetical(xstate *st, size_t s, size_t e, size_t c, size_t l)
{
	uint8_t *skip;
	spk sp;
	int rc;

	if (!(l < c && l > s && tok_punct(st, l - 1, ",") && c - l <= 5 &&
	      tok_punct(st, c + 1, ",")))
		return NO_MATCH;
	cl_x_resolve_np(st, l, c - 1, s, NULL, &sp);
	if (!sp.ok)
		return NO_MATCH;
	if (adding_that(st, c + 1, e, s, 12) == c + 2) {
		rc = emit_indirect(st, claim_start(st, s, l - 2), l - 2, NULL, 0, &sp, s, e, c);
		if (rc == CL_OK)
			rc = emit_indirect(st, c + 4, e, NULL, 0, &sp, s, e, c + 2);
		return rc;
	}
	/* "A, TASS reported, citing the Emergencies Ministry.": the claim
	 * is A, the cited source's when it resolves, else the reporter's */
	if (c + 3 <= e && (tok_is(st, c + 2, "citing") || tok_is(st, c + 2, "quoting"))) {
		spk src;
		size_t r = c + 3;
		while (r + 1 <= e && st->t[r + 1].kind == T_WORD && !st->t[r + 1].inq &&
		       r - c < 14)
			r++;
		cl_x_resolve_np(st, c + 3, r, s, NULL, &src);
		return emit_indirect(st, claim_start(st, s, l - 2), l - 2, NULL, 0,
				     src.ok ? &src : &sp, s, e, c);
	}
	if ((skip = skip_mask(s, e, l - 1, c + 1)) == NULL)
		return CL_ENOMEM;
	rc = emit_indirect(st, s, e, skip, s, &sp, s, e, c);
	free(skip);
	return rc;
}

/*
 * Trailing: "CLAIM, the minister said." / "CLAIM, said X." (cue c, its
 * phrase from l), also when the sentence goes on after the
 * attribution's own comma ("…, X said on Saturday, as …": that is the
 * reporter's).  Not after a relative pronoun ("…, which added a wing"),
 * an opening adverbial ("Earlier on Tuesday, Judge X told …") or a
 * subject and its appositive ("A, B, said …").
 */
/* Is the phrase [l..c) a long speaker phrase that names someone or a
 * body ("the press service of the Ministry of Defence", "the head of
 * the administration Oleh Syniehubov"): at most 10 words, lowercase
 * words, links and names only, one capitalised? */
static int long_named_phrase(const xstate *st, size_t l, size_t c)
{
	size_t k;
	int cap = 0;

	if (c - l > 10)
		return 0;
	for (k = l; k < c; k++) {
		if (st->t[k].inq)
			return 0;
		/* "(PCS)": a bracketed acronym */
		if (tok_punct(st, k, "(") && k + 2 < c && tok_punct(st, k + 2, ")")) {
			k += 2;
			continue;
		}
		if (st->t[k].kind != T_WORD)
			return 0;
		cap |= st->t[k].cap && k > l;
	}
	return cap;
}

static int indirect_trailing(xstate *st, size_t s, size_t e, size_t c, size_t l)
{
	size_t r, comma, k;
	int tail = 1, rc;
	spk sp;

	if (!((l > s && tok_punct(st, l - 1, ",") &&
	       (c - l <= 6 ||
		(long_named_phrase(st, l, c) && count_words(st, c + 1, e, NULL, 0) <= 6))) ||
	      (l == c && c > s && tok_punct(st, c - 1, ","))))
		return NO_MATCH;
	r = cl_x_np_right(st, c, e);
	comma = l - 1;
	for (k = r; k <= e; k++) {
		if (tok_punct(st, k, ",") && !st->t[k].inq)
			break;
		if (st->t[k].kind == T_WORD || st->t[k].kind == T_QMARK) {
			if (!(st->t[k].kind == T_QMARK && st->t[k].role == R_STRAY) &&
			    k - r > 6)
				tail = 0;
			if (tok_is(st, k, "that"))
				tail = 0;
		}
	}
	if (l + 1 == c && tok_in(st, l, cl_en_relatives) && !tok_caps(st, l))
		tail = 0;
	if (comma > s && (cl_x_subject_pos(st, s, e) == comma + 1 ||
			  count_words(st, s, comma - 1, NULL, 0) < CL_EXTRACT_MIN_INDIRECT + 1))
		tail = 0;
	if (!tail || comma <= s || (l == c && cl_x_appositive_subject(st, s, c)))
		return NO_MATCH;
	memset(&sp, 0, sizeof sp);
	if (l < c)
		cl_x_resolve_np(st, l, c - 1, s, NULL, &sp);
	/* ", said X" names X; ", told Reuters" names the audience */
	if (!sp.ok && r > c + 1 && !tok_is(st, c, "told") && !tok_is(st, c, "tells") &&
	    !tok_is(st, c, "tell"))
		cl_x_resolve_np(st, c + 1, r - 1, s, NULL, &sp);
	if (!sp.ok)
		return NO_MATCH;
	k = adding_that(st, c + 1, e, s, 12);
	rc = emit_indirect(st, claim_start(st, s, comma - 1), comma - 1, NULL, 0, &sp, s, e, c);
	if (rc == CL_OK && k != SIZE_MAX)
		rc = emit_indirect(st, k + 2, e, NULL, 0, &sp, s, e, k);
	return rc;
}

/*
 * The first token of a forward claim after the cue c: after "that"
 * (within 10 tokens, 24 when a preposition follows the cue: "said in its
 * assessment of the economy, published in May, that …"); for a bare cue
 * after a short time or source phrase ("said on Monday it would …") or
 * right away ("said the plan failed", not after a relative pronoun);
 * after "told AUDIENCE".  SIZE_MAX when none.
 */
static size_t forward_start(const xstate *st, size_t s, size_t e, size_t c)
{
	size_t start = SIZE_MAX, lim = 10, k;

	/* "saying it is not a ministry that supports …": a subject pronoun
	 * right after the cue opens the claim, and a "that" after it is a
	 * relative pronoun. */
	if (c + 2 <= e && !st->t[c + 1].inq &&
	    (tok_is(st, c + 1, "it") || tok_is(st, c + 1, "he") || tok_is(st, c + 1, "she") ||
	     tok_is(st, c + 1, "they") || tok_is(st, c + 1, "we") || tok_is(st, c + 1, "I")) &&
	    st->t[c + 2].kind == T_WORD && !tok_is(st, c + 2, "that"))
		return c + 1;
	if (c + 1 <= e && (tok_in(st, c + 1, cl_en_preps_intro) ||
			   tok_in(st, c + 1, cl_en_np_stop)))
		lim = 24;
	for (k = c + 1; k <= e && k < c + lim; k++) {
		/* "said prices would rise and that wages would lag": that
		 * "that" is the second of two clauses, both claimed */
		if (tok_is(st, k, "that") && !st->t[k].inq && k > c + 2 &&
		    (tok_is(st, k - 1, "and") || tok_is(st, k - 1, "but") ||
		     tok_is(st, k - 1, "or")))
			break;
		if (tok_is(st, k, "that") && !st->t[k].inq) {
			start = k + 1;
			break;
		}
		if (cl_x_is_terminal(st, k) || cl_x_is_cue(st, k, s) ||
		    st->t[k].kind == T_QMARK)
			break;
	}
	if (start == SIZE_MAX && tok_in(st, c, cl_en_cue_bare))
		start = cl_x_after_time_adverbial(st, c + 1, e);
	/* "recalled how he had aspired to …": what is recalled is claimed */
	if (start == SIZE_MAX && c + 2 <= e && tok_is(st, c + 1, "how") &&
	    (tok_is(st, c, "recalled") || tok_is(st, c, "recalls") ||
	     tok_is(st, c, "recalling") || tok_is(st, c, "recounted")))
		start = c + 2;
	/* ", saying the party would win", ", saying inflation would
	 * ease": "saying" and a clause (not an object: "saying goodbye",
	 * "saying nothing"; not a preposition) */
	if (start == SIZE_MAX && tok_is(st, c, "saying") && c > s && tok_punct(st, c - 1, ",") &&
	    c + 3 <= e && !st->t[c + 1].inq && st->t[c + 1].kind == T_WORD &&
	    !tok_in(st, c + 1, cl_en_cue_objects) && !tok_in(st, c + 1, cl_en_np_stop) &&
	    !tok_in(st, c + 1, cl_en_preps_intro) && !tok_is(st, c + 1, "so") &&
	    !tok_is(st, c + 1, "yes") && !tok_is(st, c + 1, "no"))
		start = c + 1;
	/* "was quoted as saying the talks would resume" */
	if (start == SIZE_MAX && tok_is(st, c, "saying") && c > s && tok_is(st, c - 1, "as") &&
	    c + 2 <= e && st->t[c + 1].kind == T_WORD && !st->t[c + 1].inq)
		start = c + 1;
	/* "He said: the situation is stable." (no quote marks) */
	if (start == SIZE_MAX && tok_in(st, c, cl_en_cue_bare) && c + 3 <= e &&
	    tok_punct(st, c + 1, ":") && st->t[c + 2].kind == T_WORD && !st->t[c + 2].inq)
		start = c + 2;
	/* "said at least 14 people died", "said as many as 300 homes
	 * burned": a quantity, not a place or a time, follows the cue */
	if (start == SIZE_MAX && tok_in(st, c, cl_en_cue_bare) && c + 3 <= e &&
	    ((tok_is(st, c + 1, "at") && (tok_is(st, c + 2, "least") ||
					  tok_is(st, c + 2, "most"))) ||
	     (tok_is(st, c + 1, "as") && (tok_is(st, c + 2, "many") ||
					  tok_is(st, c + 2, "much")))))
		start = c + 1;
	if (start == SIZE_MAX && (tok_in(st, c, cl_en_cue_bare) || tok_in(st, c, cl_en_cue_data)) &&
	    c + 1 <= e &&
	    (st->t[c + 1].kind == T_WORD || st->t[c + 1].kind == T_QMARK) &&
	    !tok_in(st, c + 1, cl_en_np_stop) && !tok_in(st, c + 1, cl_en_cue_objects) &&
	    !(c > s && tok_in(st, c - 1, cl_en_relatives) && !tok_caps(st, c - 1)))
		start = c + 1;
	/* "told the court the money was gone" */
	if (start == SIZE_MAX)
		start = cl_x_told_clause(st, c, e);
	return start;
}

/* Does a new attribution start at j, inside a reported clause that
 * ends at `end`: "while", "whereas", "but" or ", and", then a speaker
 * phrase of at most 6 words and a cue ("…, while Tom Berg said …")?
 * Returns the cue, or SIZE_MAX. */
static size_t second_attribution(const xstate *st, size_t j, size_t end, size_t s)
{
	size_t k;

	if (st->t[j].inq || !(tok_is(st, j, "while") || tok_is(st, j, "whereas") ||
			      tok_is(st, j, "but") ||
			      (tok_is(st, j, "and") && tok_punct(st, j - 1, ","))))
		return SIZE_MAX;
	for (k = j + 1; k <= end && k <= j + 7; k++) {
		if (st->t[k].kind != T_WORD || st->t[k].inq)
			return SIZE_MAX;
		if (cl_x_is_cue(st, k, s))
			return (k > j + 1 && (st->t[j + 1].cap || tok_in(st, j + 1, cl_en_pron_person) ||
					      tok_is(st, j + 1, "the"))) ||
			       (k == j + 1 && k + 1 <= end && tok_is(st, k + 1, "that")) ? k : SIZE_MAX;
	}
	return SIZE_MAX;
}

/* The forward claim [start..end] of cue c, cut where the sentence goes
 * on with another attribution: ", adding that B" (B is the same
 * speaker's claim) or ", while Y said B" (AGAIN: the rest of the
 * sentence, from *next, is searched again for Y's claim). */
static int forward_emit(xstate *st, size_t s, size_t e, size_t c, size_t start,
			size_t end, const spk *sp, size_t *next)
{
	size_t k, p;
	int rc;

	p = adding_that(st, start + 1, end, s, end - start);
	for (k = start + 2; k < end && (p == SIZE_MAX || k < p); k++) {
		size_t c2 = second_attribution(st, k, end, s);
		if (c2 == SIZE_MAX)
			continue;
		rc = emit_indirect(st, start, tok_punct(st, k - 1, ",") ? k - 2 : k - 1, NULL, 0,
				   sp, s, e, c);
		if (rc != CL_OK)
			return rc;
		/* "…, but warned that B": B is the same speaker's */
		if (c2 == k + 1)
			return c2 + 2 <= end ? emit_indirect(st, c2 + 2, end, NULL, 0, sp, s, e, c2)
					     : CL_OK;
		*next = k + 1;
		return AGAIN;
	}
	if (p == SIZE_MAX || p < start + 4)
		return emit_indirect(st, start, end, NULL, 0, sp, s, e, c);
	rc = emit_indirect(st, start, p - 2, NULL, 0, sp, s, e, c);
	if (rc == CL_OK)
		rc = emit_indirect(st, p + 2, end, NULL, 0, sp, s, e, p);
	return rc;
}

/* Forward: "X said (that) CLAIM" (cue c, its phrase from l): the speaker
 * left of the cue, else the sentence's subject. */
static int indirect_forward(xstate *st, size_t s, size_t e, size_t c, size_t l,
			    size_t *next)
{
	size_t start = forward_start(st, s, e, c), end, k;
	spk sp;

	if (start == SIZE_MAX)
		return NO_MATCH;
	cl_x_np_left_resolve(st, c, s, NULL, &sp);
	if (!sp.ok && l == c)
		cl_x_subject_speaker(st, s, e, &sp);
	if (!sp.ok)
		return NO_MATCH;
	/* "She denied that the council had cut bus routes": what she
	 * claims is the denial, so the verb stays in the text. */
	if (tok_in(st, c, cl_en_cue_denial)) {
		start = c;
		st->d_denial = 1;
	}
	/* "…, urging that countries should help": a request ends the
	 * claim (it claims nothing) */
	end = e;
	for (k = start + 3; k + 1 <= e; k++)
		if (!st->t[k].inq && tok_punct(st, k, ",") &&
		    (tok_is(st, k + 1, "urging") || tok_is(st, k + 1, "calling"))) {
			end = k - 1;
			break;
		}
	/* "said Ukraine needed more air defence, and thanked its allies":
	 * a verb in the past right after ", and" has the speaker for its
	 * subject; it is the reporter's, not the claim's. */
	for (k = start + 3; k + 2 <= end; k++) {
		size_t n = st->t[k + 2].len;
		if (st->t[k].inq || !tok_punct(st, k, ",") || !tok_is(st, k + 1, "and") ||
		    st->t[k + 2].kind != T_WORD || st->t[k + 2].cap || st->t[k + 2].inq)
			continue;
		if (cl_x_is_cue(st, k + 2, s) ||
		    (n > 4 && memcmp(TWORD(st, k + 2) + n - 2, "ed", 2) == 0 &&
		     k + 3 <= end && !tok_punct(st, k + 3, ",") && !cl_x_is_terminal(st, k + 3))) {
			end = k - 1;
			break;
		}
	}
	/* "saying it is X, according to a statement from …": the source
	 * named after the claim is not part of it. */
	for (k = start + 2; k + 1 <= e; k++) {
		size_t p = k - 1;
		if (st->t[k].inq || !tok_is(st, k, "according") || !tok_is(st, k + 1, "to"))
			continue;
		while (p > start && st->t[p].kind == T_QMARK)
			p--;
		if (p > start && tok_punct(st, p, ",") && p - 1 < end) {
			end = p - 1;
			break;
		}
	}
	return forward_emit(st, s, e, c, start, end, &sp, next);
}

/*
 * Opening participle: "Admitting that there is a spike in cases, the
 * ministry confirmed …": a cue ending in -ing that opens the sentence with
 * "that" gives a claim of the main clause's subject.  *after is where the
 * main clause starts, which may give a claim of its own.
 */
static int indirect_opening(xstate *st, size_t s, size_t e, size_t *after)
{
	size_t k, n = st->t[s].len;
	spk sp;

	if (!(s + 3 <= e && st->t[s].cap && cl_x_is_cue(st, s, s) && n > 4 &&
	      memcmp(TWORD(st, s) + n - 3, "ing", 3) == 0 && tok_is(st, s + 1, "that")))
		return NO_MATCH;
	for (k = s + 2; k < e; k++)
		if (tok_punct(st, k, ",") && !st->t[k].inq &&
		    count_words(st, s + 2, k - 1, NULL, 0) >= CL_EXTRACT_MIN_INDIRECT &&
		    cl_x_subject_pos(st, k + 1, e) == k + 1)
			break;
	if (k >= e)
		return NO_MATCH;
	cl_x_subject_speaker(st, k + 1, e, &sp);
	if (!sp.ok)
		return NO_MATCH;
	*after = k + 1;
	return emit_indirect(st, s + 2, k - 1, NULL, 0, &sp, s, e, s);
}

/*
 * Opening "as": "As reported by the City Military Administration, CLAIM."
 * and "As the ministry said, CLAIM.": the clause before the first comma
 * names the source of the rest.
 */
static int indirect_as(xstate *st, size_t s, size_t e)
{
	size_t k, comma = SIZE_MAX, a, b, cue;
	spk sp;

	if (!tok_is(st, s, "as") || s + 4 > e)
		return NO_MATCH;
	for (k = s + 2; k < e && k < s + 16; k++)
		if (tok_punct(st, k, ",") && !st->t[k].inq) {
			comma = k;
			break;
		}
	if (comma == SIZE_MAX)
		return NO_MATCH;
	if (cl_x_is_cue(st, s + 1, s) && tok_is(st, s + 2, "by")) {
		a = s + 3;
		b = comma - 1;
		cue = s + 1;
	} else {
		/* "As the ministry said (on Monday)," */
		for (cue = s + 2; cue < comma && !cl_x_is_cue(st, cue, s); cue++)
			;
		if (cue >= comma)
			return NO_MATCH;
		a = s + 1;
		b = cue - 1;
	}
	if (a > b)
		return NO_MATCH;
	cl_x_resolve_np(st, a, b, s, NULL, &sp);
	if (!sp.ok)
		return NO_MATCH;
	return emit_indirect(st, comma + 1, e, NULL, 0, &sp, s, e, cue);
}

static int sentence_indirect(xstate *st, size_t s, size_t e, size_t *next);

/* The indirect claims of sentence [s..e]; a clause that holds a second
 * attribution goes on from where it starts, at most 8 times a sentence
 * (each pass reads the rest of the sentence: the work stays linear). */
int cl_x_sentence_indirect(xstate *st, size_t s, size_t e)
{
	size_t next = s, passes = 0;
	int rc;

	while ((rc = sentence_indirect(st, s, e, &next)) == AGAIN && next > s && next <= e &&
	       ++passes < 8)
		s = next;
	return rc == AGAIN ? CL_OK : rc;
}

/* The indirect claims of sentence [s..e]: an opening "as" clause, or one
 * of an opening participle,
 * then the first "according to" or cue, left to right, that one of the
 * patterns takes. */
static int sentence_indirect(xstate *st, size_t s, size_t e, size_t *next)
{
	size_t c, l, from = s;
	int rc;

	if ((rc = indirect_as(st, s, e)) != NO_MATCH)
		return rc;
	if ((rc = indirect_opening(st, s, e, &from)) != NO_MATCH && rc != CL_OK)
		return rc;
	for (c = from; c <= e; c++) {
		if (st->t[c].inq || st->t[c].kind != T_WORD)
			continue;
		if (tok_is(st, c, "according") && tok_is(st, c + 1, "to") && c + 2 <= e) {
			if ((rc = indirect_according(st, s, e, c)) != NO_MATCH)
				return rc;
			continue;
		}
		if (!cl_x_is_cue(st, c, s))
			continue;
		l = cl_x_np_left(st, c, s);
		if ((rc = indirect_parenthetical(st, s, e, c, l)) != NO_MATCH ||
		    (rc = indirect_trailing(st, s, e, c, l)) != NO_MATCH ||
		    (rc = indirect_forward(st, s, e, c, l, next)) != NO_MATCH)
			return rc;
	}
	return CL_OK;
}

/* ---- for the rules of another language (es.c) ----------------------------- */

int cl_x_emit_direct_span(xstate *st, size_t a, size_t b, const spk *sp, size_t s,
			  size_t e, size_t cue)
{
	size_t off, end;
	char *text = NULL;

	while (a < b && (st->t[a].kind == T_QMARK || tok_punct(st, a, "\xe2\x80\x94")))
		a++;
	while (b > a && (st->t[b].kind == T_QMARK || tok_punct(st, b, "\xe2\x80\x94") ||
			 tok_punct(st, b, ",")))
		b--;
	if (a > b || !sp->ok)
		return CL_OK;
	off = st->t[a].off;
	end = tok_end(st, b);
	if (cl_quote_text(st->buf + off, end - off, &text, NULL) != CL_OK)
		return CL_ENOMEM;
	cl_x_remember_speaker(st, sp);
	st->d_cue = cue;
	st->d_a = a;
	st->d_b = b;
	st->d_skip = NULL;
	st->d_skip0 = 0;
	return add_claim(st, text, sp, "direct", off, end - off, s, e);
}

int cl_x_emit_indirect_span(xstate *st, size_t a, size_t b, const spk *sp, size_t s,
			    size_t e, size_t cue)
{
	return emit_indirect(st, a, b, NULL, 0, sp, s, e, cue);
}

int cl_x_emit_indirect_except(xstate *st, size_t a, size_t b, size_t x0, size_t x1,
			      const spk *sp, size_t s, size_t e, size_t cue)
{
	uint8_t *skip = skip_mask(s, e, x0, x1);
	int rc;

	if (skip == NULL)
		return CL_ENOMEM;
	rc = emit_indirect(st, a, b, skip, s, sp, s, e, cue);
	free(skip);
	return rc;
}
