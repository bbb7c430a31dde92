/*
 * cues.c: attribution cues: which words report speech (the speech verbs
 * of extract/lang/en/cue_*.txt, not after `to`, `not`, an article...),
 * where a quote stands against its cue, and the phrases left and right
 * of a cue that may name the speaker; the forms that introduce a claim
 * without `that` (`told AUDIENCE`, `said on Monday`).
 */
#include "extract/internal.h"

/* ---- cues and the phrases around them ---------------------------------- */

/* A speech verb (cue_bare, cue_that) out of quotes, not after a word
 * that makes it no report (`declined to say`, `the said document`). */
int cl_x_is_cue(const xstate *st, size_t i, size_t s)
{
	if (i >= st->nt || st->t[i].kind != T_WORD || st->t[i].inq)
		return 0;
	/* "Figures from the ministry showed that ...": a verb of what data
	 * show is a cue when a data word comes shortly before it. */
	if (tok_in(st, i, cl_en_cue_data)) {
		size_t k;
		for (k = i; k > s && i - k < 8; k--)
			if (tok_in(st, k - 1, cl_en_data_words))
				return 1;
		/* else a cue only as a speech verb ("the office indicated
		 * that …"), when the lists below have it */
	}
	if (!tok_in(st, i, cl_en_cue_bare) && !tok_in(st, i, cl_en_cue_that))
		return 0;
	if (i > s && tok_in(st, i - 1, cl_en_cue_neg))
		return 0;
	return 1;
}

/* Is token p inside a body's name that runs to the cue c: capitalised
 * words, links and list commas from p to c, one of them a body word,
 * and, for "and" or a comma, a capitalised word right after it? */
static int org_tail(const xstate *st, size_t p, size_t c)
{
	size_t q;
	int org = 0;

	if ((tok_is(st, p, "and") || tok_punct(st, p, ",")) &&
	    (p + 1 >= c || st->t[p + 1].kind != T_WORD || !st->t[p + 1].cap))
		return 0;
	if (tok_punct(st, p, ",") && cl_x_org_list_end(st, p, c - 1) != c)
		return 0;
	/* The run may begin left of p ("Ministry of Energy and"). */
	for (q = p; q > 0 && p - q < 10; q--) {
		size_t r = q - 1;
		if (st->t[r].inq || !(tok_punct(st, r, ",") ||
				      (st->t[r].kind == T_WORD &&
				       (st->t[r].cap || tok_in(st, r, cl_en_name_links) ||
					tok_is(st, r, "the")))))
			break;
		if (st->t[r].kind == T_WORD && st->t[r].cap &&
		    (tok_in(st, r, cl_en_org_words) || tok_in(st, r, cl_en_org_link_heads)))
			org = 1;
	}
	for (q = p; q < c; q++) {
		if (st->t[q].inq)
			return 0;
		if (tok_punct(st, q, ","))
			continue;
		if (st->t[q].kind != T_WORD)
			return 0;
		if (!st->t[q].cap && !tok_in(st, q, cl_en_name_links) && !tok_is(st, q, "the"))
			return 0;
		if (st->t[q].cap && (tok_in(st, q, cl_en_org_words) ||
				     tok_in(st, q, cl_en_org_link_heads)))
			org = 1;
	}
	return org;
}

/* NP left of a cue at c: back to a clause boundary. */
size_t cl_x_np_left(const xstate *st, size_t c, size_t s)
{
	size_t l = c, brk = 0;

	while (l > s && (c - l < 8 + brk || (c - l < 12 + brk && org_tail(st, l - 1, c)))) {
		size_t p = l - 1;
		/* "the Water and Sewerage Regulatory Authority", "the
		 * Ministry of Trade, Industry and Labour": inside a
		 * body's name, "and" and a list comma go on. */
		if ((tok_is(st, p, "and") || tok_punct(st, p, ",")) && p > s &&
		    st->t[p - 1].kind == T_WORD && st->t[p - 1].cap &&
		    !st->t[p - 1].inq && org_tail(st, p, c)) {
			l--;
			continue;
		}
		/* "the Public and Commercial Services (PCS) Union": a
		 * bracketed acronym inside the phrase */
		if (tok_punct(st, p, ")") && p >= s + 3 && tok_punct(st, p - 2, "(") &&
		    st->t[p - 1].kind == T_WORD && !st->t[p].inq &&
		    p - 3 >= s && st->t[p - 3].kind == T_WORD) {
			l -= 3;
			brk += 3;
			continue;
		}
		/* "the nurses' federation": a plural possessive mark */
		if (tok_punct(st, p, "'") && p > s && st->t[p - 1].kind == T_WORD &&
		    !st->t[p].inq) {
			l--;
			continue;
		}
		if (st->t[p].kind != T_WORD || st->t[p].inq || tok_is(st, p, "that") ||
		    tok_is(st, p, "and") || tok_is(st, p, "but") ||
		    tok_is(st, p, "while") || cl_x_is_cue(st, p, s))
			break;
		l--;
	}
	return l;   /* NP is [l..c-1], empty when l == c */
}

/* NP right of a cue at c: up to a stop word or punctuation. */
size_t cl_x_np_right(const xstate *st, size_t c, size_t e)
{
	size_t r = c + 1;

	while (r <= e && r - c <= 10 && st->t[r].kind == T_WORD && !st->t[r].inq &&
	       !tok_in(st, r, cl_en_np_stop))
		r++;
	return r;   /* NP is [c+1..r-1] */
}

/* ---- where a quote stands ------------------------------------------------ */

/* A cue within `span` tokens before position p (exclusive). */
static size_t cue_before(const xstate *st, size_t p, size_t s, size_t span)
{
	size_t k;

	for (k = p; k > s && p - k < span; k--)
		if (cl_x_is_cue(st, k - 1, s))
			return k - 1;
	return SIZE_MAX;
}

int cl_x_quote_pos(const xstate *st, const qspan *q, size_t s, size_t e, size_t *cue)
{
	size_t p = q->open, c;

	*cue = SIZE_MAX;
	while (p > s && st->t[p - 1].kind == T_QMARK && st->t[p - 1].role == R_STRAY)
		p--;
	if (p == s)
		return P_START;
	p--;
	if (tok_punct(st, p, ":") || tok_punct(st, p, ",") ||
	    tok_punct(st, p, "\xe2\x80\x94")) {
		c = cue_before(st, p, s, 7);
		if (c != SIZE_MAX) {
			*cue = c;
			return P_AFTER;
		}
		/* ", “B,” he said" after a direct quote in the same sentence */
		if (p > s && st->t[p - 1].kind == T_QMARK)
			return P_START;
		/* "Her coach Ana Ruiz was blunt: “…”" */
		if (tok_punct(st, p, ":")) {
			*cue = p;
			return P_COLON;
		}
		return P_EMBED;
	}
	if (tok_is(st, p, "that")) {
		size_t after = q_close(q) + 1;
		c = cue_before(st, p, s, 5);
		while (after <= e && (st->t[after].kind == T_PUNCT ||
				      st->t[after].kind == T_QMARK))
			after++;
		/* "explained that “A,” noting that “B”": the quote is the
		 * whole complement also when a participle cue and "that"
		 * follow it */
		if (c != SIZE_MAX && (after > e ||
				      (after + 1 <= e && cl_x_is_cue(st, after, s) &&
				       st->t[after].len > 4 &&
				       memcmp(TWORD(st, after) + st->t[after].len - 3, "ing", 3) == 0 &&
				       tok_is(st, after + 1, "that")))) {
			*cue = c;
			return P_AFTER;
		}
	}
	return P_EMBED;
}

/* After the closing mark, does the sentence go on as attribution or end,
 * rather than continue the quote's own clause? */
int cl_x_post_ok(const xstate *st, size_t i, size_t e, size_t s)
{
	while (i <= e && st->t[i].kind == T_QMARK && st->t[i].role == R_STRAY)
		i++;
	if (i > e)
		return 1;
	if (st->t[i].kind == T_PUNCT)
		return 1;
	if (st->t[i].kind == T_QMARK)
		return 1;
	/* "“…,” van Rijn said": a lowercase particle opening a name. */
	if (tok_in(st, i, cl_en_name_links) && i + 1 <= e && st->t[i + 1].kind == T_WORD &&
	    st->t[i + 1].cap)
		return 1;
	/* "“…,” league spokesperson Ana Ruiz denied": a descriptor and a
	 * name up to a cue. */
	{
		size_t k;
		for (k = i; k <= e && k < i + 8 && st->t[k].kind == T_WORD &&
			    !st->t[k].inq; k++) {
			if (cl_x_is_cue(st, k, s))
				return 1;
			if (!(st->t[k].cap || tok_in(st, k, cl_en_role_words) ||
			      tok_in(st, k, cl_en_occupations) ||
			      tok_in(st, k, cl_en_org_words) ||
			      tok_in(st, k, cl_en_org_heads) ||
			      tok_in(st, k, cl_en_name_links)))
				break;
		}
	}
	return cl_x_is_cue(st, i, s) || st->t[i].cap || tok_in(st, i, cl_en_pron_person) ||
	       tok_in(st, i, cl_en_pron_group) || tok_is(st, i, "the") ||
	       tok_is(st, i, "a") || tok_is(st, i, "an") || tok_is(st, i, "its");
}

/* ---- clause shapes around a cue -------------------------------------------- */

/* "The farmers' association, the Elk Valley Growers Association,
 * said …": tokens [s..c) are a subject and its appositive, two short
 * comma-separated noun phrases, not a claim followed by "said X". */
int cl_x_appositive_subject(const xstate *st, size_t s, size_t c)
{
	size_t k, p = SIZE_MAX;

	if (c < s + 3 || !tok_punct(st, c - 1, ","))
		return 0;
	for (k = c - 1; k-- > s && c - k <= 9; ) {
		if (tok_punct(st, k, ",")) {
			p = k;
			break;
		}
		if (st->t[k].kind != T_WORD && !tok_punct(st, k, "'"))
			return 0;
		if (cl_x_is_cue(st, k, s))
			return 0;
	}
	if (p == SIZE_MAX || p == s || p - s > 6 || c - 1 - p > 7)
		return 0;
	for (k = s; k < p; k++)
		if ((st->t[k].kind != T_WORD && !tok_punct(st, k, "'")) ||
		    cl_x_is_cue(st, k, s))
			return 0;
	return 1;
}

/* Does a new clause with its own subject start at token i ("and the
 * schools are ...", "while prices ...")?  A shared-subject predicate
 * ("and could run dry") is not one. */
int cl_x_new_clause(const xstate *st, size_t i, size_t e)
{
	if (tok_is(st, i, "while") || tok_is(st, i, "whereas") ||
	    tok_is(st, i, "although") || tok_is(st, i, "though"))
		return 1;
	if (!tok_is(st, i, "and") && !tok_is(st, i, "but"))
		return 0;
	return i + 1 <= e && st->t[i + 1].kind == T_WORD &&
	       (st->t[i + 1].cap || tok_in(st, i + 1, cl_en_subject_openers) ||
		(st->buf[st->t[i + 1].off] >= '0' && st->buf[st->t[i + 1].off] <= '9'));
}

/* A short adverbial right after a bare cue: "on Monday (night)", "late
 * on Friday", "last week", "this month", "earlier", "in a statement",
 * "in an interview".  Returns the token after it when a clause follows
 * (a word that is not a preposition), else SIZE_MAX. */
/* Can word q open a reported clause: an article, a subject pronoun, a
 * capitalised word or a number? */
static int clause_opener(const xstate *st, size_t q)
{
	const char *w = TWORD(st, q);

	return tok_is(st, q, "the") || tok_is(st, q, "a") || tok_is(st, q, "an") ||
	       tok_in(st, q, cl_en_pron_person) || tok_is(st, q, "they") ||
	       tok_is(st, q, "it") || tok_is(st, q, "we") || tok_is(st, q, "there") ||
	       st->t[q].cap || (w[0] >= '0' && w[0] <= '9');
}

/* Is word q one after which a noun phrase goes on (a preposition, an
 * article, a possessive, "and")? */
static int link_word(const xstate *st, size_t q)
{
	static const char *const w[] = { "of", "in", "at", "to", "with", "for", "on", "by",
					 "from", "the", "a", "an", "and", "his", "her", "its",
					 "their", "during", "after", "before", "near", NULL };

	return tok_in(st, q, w);
}

size_t cl_x_after_time_adverbial(const xstate *st, size_t k, size_t e)
{
	size_t k0 = k;

	if (k > e || st->t[k].kind != T_WORD || st->t[k].inq)
		return SIZE_MAX;
	if ((tok_is(st, k, "late") || tok_is(st, k, "early")) &&
	    (tok_is(st, k + 1, "on") || tok_in(st, k + 1, cl_en_weekdays)))
		k++;
	if (tok_is(st, k, "on") && k + 1 <= e && st->t[k + 1].cap &&
	    !st->t[k + 1].inq) {
		k += 2;
		if (tok_in(st, k, cl_en_day_parts))
			k++;
	} else if (tok_in(st, k, cl_en_weekdays) && st->t[k].cap) {
		/* "said Monday", "said Tuesday night" (no "on") */
		k++;
		if (tok_in(st, k, cl_en_day_parts))
			k++;
	} else if (tok_is(st, k, "earlier") && (tok_is(st, k + 1, "this") || tok_is(st, k + 1, "last")) &&
		   tok_in(st, k + 2, cl_en_time_periods)) {
		k += 3;   /* "said earlier this week" */
	} else if ((tok_is(st, k, "in") || tok_is(st, k, "at") || tok_is(st, k, "during") ||
		    tok_is(st, k, "after") || tok_is(st, k, "before") ||
		    tok_is(st, k, "following")) &&
		   (tok_is(st, k + 1, "a") || tok_is(st, k + 1, "an") || tok_is(st, k + 1, "the") ||
		    tok_is(st, k + 1, "his") || tok_is(st, k + 1, "her") ||
		    tok_is(st, k + 1, "its") || tok_is(st, k + 1, "their"))) {
		/* "said at a news conference the deal …", "said in an
		 * interview with CNN the deal …": a place or occasion of up
		 * to 6 words, then a clause that opens with an article, a
		 * subject pronoun, a name or a number after a noun */
		size_t q;
		for (q = k + 3; q <= e && q <= k + 8; q++) {
			if (st->t[q].kind != T_WORD || st->t[q].inq)
				return SIZE_MAX;
			/* (a capitalised word after another goes on a name:
			 * "Radio Nord") */
			if (clause_opener(st, q) && !link_word(st, q - 1) &&
			    !(st->t[q].cap && st->t[q - 1].cap))
				break;
		}
		if (q > e || q > k + 8)
			return SIZE_MAX;
		k = q;
	} else if ((tok_is(st, k, "last") || tok_is(st, k, "this")) &&
		   (tok_in(st, k + 1, cl_en_time_periods) ||
		    (k + 1 <= e && st->t[k + 1].cap))) {
		k += 2;
	} else if (tok_is(st, k, "earlier") || tok_is(st, k, "yesterday") ||
		   tok_is(st, k, "today") || tok_is(st, k, "tonight")) {
		k++;
	} else if (tok_is(st, k, "in") &&
		   (tok_is(st, k + 1, "a") || tok_is(st, k + 1, "an") ||
		    tok_is(st, k + 1, "its") || tok_is(st, k + 1, "their") ||
		    tok_is(st, k + 1, "his") || tok_is(st, k + 1, "her")) &&
		   (tok_in(st, k + 2, cl_en_doc_words) || tok_is(st, k + 2, "interview"))) {
		k += 3;
	} else {
		return SIZE_MAX;
	}
	if (k == k0 || k > e || st->t[k].kind != T_WORD || st->t[k].inq ||
	    tok_in(st, k, cl_en_np_stop) || tok_is(st, k, "of") || tok_is(st, k, "for") ||
	    tok_is(st, k, "by"))
		return SIZE_MAX;
	return k;
}

/* "told AUDIENCE CLAIM" without "that": the audience is a pronoun or
 * plural ("him", "reporters", "jurors"), "the"/"a" and up to two words
 * ending in an audience noun ("the court", "a news conference"), or a
 * name ("Reuters", "the BBC").  Returns the claim's first token, or
 * SIZE_MAX ("told them to leave" and "told of" are not claims). */
size_t cl_x_told_clause(const xstate *st, size_t c, size_t e)
{
	size_t k = c + 1, m;

	if (!(tok_is(st, c, "told") || tok_is(st, c, "tells") || tok_is(st, c, "telling")) ||
	    k > e || st->t[k].kind != T_WORD || st->t[k].inq)
		return SIZE_MAX;
	if (tok_in(st, k, cl_en_told_objects)) {
		k++;
	} else if (tok_is(st, k, "the") || tok_is(st, k, "a") || tok_is(st, k, "an")) {
		for (m = k + 1; m <= e && m < k + 4; m++)
			if (st->t[m].kind != T_WORD || st->t[m].cap || st->t[m].inq ||
			    tok_in(st, m, cl_en_told_heads))
				break;
		if (m <= e && st->t[m].kind == T_WORD && !st->t[m].inq &&
		    tok_in(st, m, cl_en_told_heads)) {
			k = m + 1;
		} else if (k + 1 <= e && st->t[k + 1].cap) {
			k++;
			while (k <= e && st->t[k].kind == T_WORD && st->t[k].cap &&
			       !st->t[k].inq)
				k++;
		} else {
			return SIZE_MAX;
		}
	} else if (st->t[k].cap && !tok_in(st, k, cl_en_cap_stop)) {
		while (k <= e && st->t[k].kind == T_WORD && st->t[k].cap && !st->t[k].inq)
			k++;
	} else {
		return SIZE_MAX;
	}
	/* "told reporters on Tuesday the …" */
	if (k + 1 <= e && tok_is(st, k, "on") && st->t[k + 1].cap)
		k += 2;
	if (k > e || st->t[k].kind != T_WORD || st->t[k].inq ||
	    tok_in(st, k, cl_en_np_stop) || tok_is(st, k, "of") || tok_is(st, k, "for"))
		return SIZE_MAX;
	return k;
}
