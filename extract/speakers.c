/*
 * speakers.c: a speaker phrase (the words next to a cue) resolved to a
 * name or a named body, never a pronoun or a descriptor: pronouns,
 * unnamed groups, names in the phrase, documents and data, roles and
 * body words, each looked up in the article's memory (memory.c).
 */
#include "extract/internal.h"

#include <string.h>

/* ---- speaker phrases ----------------------------------------------------- */

/* Set *sp to `name` (a person or not); an empty or NULL name leaves it. */
void cl_x_spk_set(spk *sp, const char *name, int person)
{
	if (name == NULL || name[0] == '\0')
		return;
	cl_x_copy_name(sp->name, name, strlen(name));
	sp->person = person;
	sp->ok = 1;
}

/*
 * An unnamed group as speaker ("residents interviewed in ...", "experts",
 * "officials"): returns 1 when tokens [a..b] are one, with *sp set only
 * when a named body is clearly meant ("AQN officials", "officials at the
 * Health Ministry"); 0 when the phrase is not a group.
 */
static int group_np(xstate *st, size_t a, size_t b, size_t sent_start, spk *sp)
{
	size_t k, m;
	nameinfo ni;

	for (k = a; k <= b && k < a + 4; k++) {
		if (st->t[k].kind != T_WORD)
			break;
		if (!tok_in(st, k, cl_en_group_words))
			continue;
		/* "the residents' association": the group is not the head */
		if (k + 1 <= b && (tok_punct(st, k + 1, "'") || tok_in(st, k + 1, cl_en_org_words) ||
				   tok_in(st, k + 1, cl_en_org_heads)))
			return 0;
		if (!tok_in(st, k, cl_en_official_groups))
			return 1;
		/* "AQN officials", "Health Ministry officials" */
		for (m = a; m < k; ) {
			size_t nm = cl_x_scan_name(st, m, k - 1, sent_start, &ni);
			if (nm > m) {
				if (!ni.person) {
					cl_x_spk_set(sp, ni.name, 0);
					return 1;
				}
				m = nm;
			} else {
				m++;
			}
		}
		/* "officials at the Health Ministry", "officials at the
		 * ministry" */
		if (k + 2 <= b && (tok_is(st, k + 1, "at") || tok_is(st, k + 1, "of") ||
				   tok_is(st, k + 1, "from") || tok_is(st, k + 1, "in") ||
				   tok_is(st, k + 1, "with") || tok_is(st, k + 1, "for") ||
				   tok_is(st, k + 1, "inside"))) {
			for (m = k + 2; m <= b; ) {
				size_t nm = cl_x_scan_name(st, m, b, sent_start, &ni);
				if (nm > m) {
					if (!ni.person && (ni.org || cl_x_alias_span(st, ni.ta, nm - 1) ||
							   cl_aliases_lookup(st->al, ni.name))) {
						cl_x_spk_set(sp, ni.name, 0);
						return 1;
					}
					m = nm;
				} else {
					char w[48];
					size_t wn;
					if (st->t[m].kind == T_WORD && !st->t[m].cap &&
					    tok_in(st, m, cl_en_org_heads)) {
						const char *r;
						wn = lower_word(st, m, w, sizeof w);
						r = cl_x_org_by_head(st, w, wn);
						if (r != NULL) {
							cl_x_spk_set(sp, r, 0);
							return 1;
						}
					}
					m++;
				}
			}
		}
		return 1;
	}
	return 0;
}

/* "the 29-year-old": an age descriptor names a person. */
static int age_word(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t n = st->t[k].len;

	return st->t[k].kind == T_WORD && n > 9 && w[0] >= '0' && w[0] <= '9' &&
	       weq(w + n - 9, 9, "-year-old");
}

/*
 * Resolve the speaker phrase in tokens [a..b] into *sp.  `prev` is a
 * speaker already found in this sentence (for "which", "who").
 */
void cl_x_resolve_np(xstate *st, size_t a, size_t b, size_t sent_start,
		     const spk *prev, spk *sp)
{
	size_t k;
	char phrase[96];
	size_t pn = 0;
	const char *r;
	nameinfo ni;
	int have_org = 0, doc = 0, role = 0, data = 0, owner = 0;
	char orgname[NAMEMAX] = "";
	int org_person = 0;

	memset(sp, 0, sizeof *sp);
	/* Trim punctuation, marks and adverbs at both ends. */
	while (a <= b && b < st->nt && (st->t[a].kind != T_WORD || tok_in(st, a, cl_en_adverbs)))
		a++;
	while (b >= a && b < st->nt && (st->t[b].kind != T_WORD || tok_in(st, b, cl_en_adverbs))) {
		if (b == 0)
			return;
		b--;
	}
	if (a > b || b >= st->nt || b - a > 14)
		return;
	for (k = a; k + 1 <= b; k++) {
		if ((tok_is(st, k + 1, "of") || tok_is(st, k + 1, "for") ||
		     tok_is(st, k + 1, "from") || tok_is(st, k + 1, "by") ||
		     tok_is(st, k + 1, "at")) &&
		    tok_in(st, k, cl_en_np_heads_of) && k + 2 <= b) {
			a = k + 2;
			break;
		}
	}
	if (a == b && tok_in(st, a, cl_en_pron_person)) {
		cl_x_spk_set(sp, st->salient[0] ? st->salient : st->lastperson, 1);
		return;
	}
	if (a == b && tok_in(st, a, cl_en_pron_group)) {
		if ((tok_is(st, a, "which") || tok_is(st, a, "who")) && prev && prev->ok)
			*sp = *prev;
		else if (st->lastorg[0])
			cl_x_spk_set(sp, st->lastorg, 0);
		else
			cl_x_spk_set(sp, st->lastspk, st->lastspk_person);
		return;
	}
	r = cl_x_alias_span(st, a, b);
	if (r != NULL) {
		cl_x_spk_set(sp, r, cl_x_is_person_canon(st, r));
		return;
	}
	if (group_np(st, a, b, sent_start, sp))
		return;
	/* Names in the phrase: a person wins over a body ("the ministry's
	 * spokesman, Ana Ruiz").  A name after a preposition of place that
	 * is not a body ("in the Cerro neighbourhood") is where, not who. */
	for (k = a; k <= b; ) {
		size_t nk;
		/* "(UKHSA)": an acronym in brackets restates the name. */
		if (tok_punct(st, k, "(")) {
			while (k <= b && !tok_punct(st, k, ")"))
				k++;
			k++;
			continue;
		}
		nk = cl_x_scan_name(st, k, b, sent_start, &ni);
		if (nk > k) {
			size_t p = ni.ta;
			if (p > a && tok_is(st, p - 1, "the"))
				p--;
			if (p > a && tok_in(st, p - 1, cl_en_locatives) &&
			    (!ni.org || (nk <= b && tok_in(st, nk, cl_en_place_words)))) {
				k = nk;
				continue;
			}
			/* "the company's filing to the Stock Exchange": a
			 * recipient is not the source. */
			if (p > a && (tok_is(st, p - 1, "to") || tok_is(st, p - 1, "with") ||
				      tok_is(st, p - 1, "against"))) {
				k = nk;
				continue;
			}
			/* "Smith's lawyer": the owner is not the speaker. */
			if (ni.person && nk <= b && st->t[nk].kind == T_WORD &&
			    word_len_nopos(st, ni.b) != st->t[ni.b].len) {
				owner = 1;
				k = nk;
				continue;
			}
			if (ni.person) {
				cl_x_spk_set(sp, ni.name, 1);
				return;
			}
			/* The head of "Peru's Fisheries Ministry" is the last name. */
			cl_x_copy_name(orgname, ni.name, strlen(ni.name));
			org_person = 0;
			have_org = 1;
			k = nk;
		} else {
			k++;
		}
	}
	if (have_org) {
		cl_x_spk_set(sp, orgname, org_person);
		return;
	}
	/* Descriptors. */
	for (k = a; k <= b; k++) {
		if (tok_in(st, k, cl_en_doc_words))
			doc = 1;
		if (tok_in(st, k, cl_en_data_words))
			data = 1;
		if (tok_in(st, k, cl_en_role_words) || tok_in(st, k, cl_en_occupations) ||
		    cl_x_demonym_noun(st, k) || age_word(st, k))
			role = 1;
		if (st->t[k].kind == T_WORD && !tok_is(st, k, "the") &&
		    !tok_is(st, k, "a") && !tok_is(st, k, "an") &&
		    !tok_is(st, k, "its") && !tok_is(st, k, "his") &&
		    !tok_is(st, k, "her") && !tok_is(st, k, "their")) {
			char w[48];
			size_t wn = lower_word(st, k, w, sizeof w);
			if (pn + wn + 2 < sizeof phrase) {
				if (pn)
					phrase[pn++] = ' ';
				memcpy(phrase + pn, w, wn);
				pn += wn;
			}
		}
	}
	phrase[pn] = '\0';
	/* "a ministry spokesman": nobody named, so the body speaks; "a
	 * spokesman" alone is anonymous and stays unresolved. */
	if (tok_is(st, a, "a") || tok_is(st, a, "an")) {
		for (k = b + 1; k-- > a; ) {
			char w[48];
			size_t wn;
			if (!tok_in(st, k, cl_en_org_heads))
				continue;
			wn = lower_word(st, k, w, sizeof w);
			r = cl_x_org_by_head(st, w, wn);
			if (r != NULL)
				cl_x_spk_set(sp, r, 0);
			return;
		}
		return;
	}
	/* "according to the council's own data": the body of that
	 * kind. */
	if (doc || data) {
		for (k = a; k <= b; k++) {
			char w[48];
			size_t wn, bn;
			if (st->t[k].kind != T_WORD || st->t[k].cap)
				continue;
			bn = word_len_nopos(st, k);
			if (bn == st->t[k].len)
				continue;
			wn = lower_word(st, k, w, sizeof w);
			if (bn > wn || !in_list(w, bn, cl_en_org_heads))
				continue;
			r = cl_x_org_by_head(st, w, bn);
			if (r != NULL)
				cl_x_spk_set(sp, r, 0);
			return;
		}
	}
	/* "according to its latest bulletin": the text of the sentence's
	 * own subject. */
	if ((doc || data) && a > sent_start) {
		for (k = a; k <= b; k++) {
			if (tok_is(st, k, "its") || tok_is(st, k, "their")) {
				size_t m = cl_x_subject_pos(st, sent_start, a - 1);
				for (; m != SIZE_MAX && m < a; ) {
					size_t nm = cl_x_scan_name(st, m, a - 1, sent_start, &ni);
					if (nm > m) {
						cl_x_spk_set(sp, ni.name, ni.person);
						return;
					}
					m++;
				}
				break;
			}
		}
	}
	if (data)
		return;   /* "official figures": nobody named */
	if (doc) {
		/* "the filing": whoever the article said issued one. */
		for (k = a; k <= b; k++) {
			char w[48];
			size_t wn;
			if (!tok_in(st, k, cl_en_doc_words))
				continue;
			w[0] = '$';
			wn = lower_word(st, k, w + 1, sizeof w - 1);
			r = cl_x_role_find(st, w, wn + 1);
			if (r != NULL) {
				cl_x_spk_set(sp, r, cl_x_is_person_canon(st, r));
				return;
			}
		}
		if (st->lastorg[0])
			cl_x_spk_set(sp, st->lastorg, 0);
		else
			cl_x_spk_set(sp, st->lastspk, st->lastspk_person);
		return;
	}
	/* "the union": a body word heading the phrase names a body even
	 * when it could be a role. */
	if (tok_in(st, b, cl_en_org_heads) && !tok_in(st, b, cl_en_occupations)) {
		char w[48];
		size_t wn = lower_word(st, b, w, sizeof w);
		r = cl_x_org_by_head(st, w, wn);
		if (r == NULL && tok_in(st, b, cl_en_firm_heads))
			r = cl_x_firm_fallback(st);
		if (r != NULL) {
			cl_x_spk_set(sp, r, 0);
			return;
		}
	}
	if (role) {
		r = cl_x_role_find(st, phrase, pn);
		for (k = b + 1; r == NULL && k-- > a; ) {
			char w[48];
			size_t wn;
			if (!tok_in(st, k, cl_en_role_words) && !tok_in(st, k, cl_en_occupations) &&
			    !cl_x_demonym_noun(st, k))
				continue;
			wn = lower_word(st, k, w, sizeof w);
			r = cl_x_role_find(st, w, wn);
		}
		/* "Smith's lawyer" with no lawyer named: nobody. */
		if (r == NULL && owner)
			return;
		if (r == NULL)
			r = st->salient[0] ? st->salient : st->lastperson;
		cl_x_spk_set(sp, r, 1);
		return;
	}
	for (k = b + 1; k-- > a; ) {
		char w[48];
		size_t wn;
		if (!tok_in(st, k, cl_en_org_heads))
			continue;
		wn = lower_word(st, k, w, sizeof w);
		r = cl_x_org_by_head(st, w, wn);
		if (r != NULL) {
			cl_x_spk_set(sp, r, 0);
			return;
		}
	}
}

/* ---- the speaker of a sentence ------------------------------------------ */

/* First token of the sentence's grammatical subject: after an opening
 * adverbial ("In the letter, Washington ...") when there is one. */
size_t cl_x_subject_pos(const xstate *st, size_t s, size_t e)
{
	size_t k;

	if (st->t[s].kind == T_WORD && tok_in(st, s, cl_en_preps_intro)) {
		for (k = s; k <= e && k < s + 30; k++)
			if (tok_punct(st, k, ",") && !st->t[k].inq)
				return k + 1;
		return SIZE_MAX;
	}
	return s;
}

/* Is token k a number written in digits ("54")? */
static int is_number(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t i;

	if (st->t[k].kind != T_WORD || st->t[k].len > 3)
		return 0;
	for (i = 0; i < st->t[k].len; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return 1;
}

/* The speaker left of cue c: the phrase before it, or, when a clause
 * boundary comes first, an appositive name ("The operator, Northern
 * Quay, said"). */
void cl_x_np_left_resolve(xstate *st, size_t c, size_t s, const spk *prev,
			  spk *sp)
{
	size_t l = cl_x_np_left(st, c, s), k, m;

	memset(sp, 0, sizeof *sp);
	if (l < c) {
		cl_x_resolve_np(st, l, c - 1, s, prev, sp);
		if (sp->ok)
			return;
		/* "The agency, which …, has said": only auxiliaries and
		 * adverbs between the comma and the cue. */
		for (m = l; m < c; m++)
			if (!tok_in(st, m, cl_en_adverbs))
				return;
		c = l;
	}
	if (c < s + 2 || !tok_punct(st, c - 1, ","))
		return;
	for (k = c - 1; k > s && c - k < 32; k--) {
		if (tok_punct(st, k - 1, ",")) {
			size_t h;
			int rel = tok_in(st, k, cl_en_relatives);
			if (st->t[k].kind != T_WORD || st->t[k].inq)
				return;
			if (!rel && c - k >= 12)
				return;
			/* "Ana Ruiz, a former minister, said": a name before
			 * the appositive is the speaker; "The teachers' union,
			 * the Lakeshore Teachers Association, said": a
			 * descriptor before it is named by the appositive;
			 * "The agency, which sets the rates, said": the phrase
			 * before a relative clause speaks. */
			h = k - 1 > s ? cl_x_np_left(st, k - 1, s) : k - 1;
			if (rel) {
				if (h < k - 1)
					cl_x_resolve_np(st, h, k - 2, s, prev, sp);
				return;
			}
			if (h < k - 1 && (h == s || !tok_punct(st, h - 1, ",")) &&
			    st->t[h].cap && !tok_in(st, h, cl_en_cap_stop)) {
				cl_x_resolve_np(st, h, k - 2, s, prev, sp);
				if (sp->ok)
					return;
			}
			cl_x_resolve_np(st, k, c - 2, s, prev, sp);
			/* "…, Ana Silva, 54, said": an age after the name. */
			if (!sp->ok && k == c - 2 && h < k - 1 && is_number(st, k)) {
				cl_x_resolve_np(st, h, k - 2, s, prev, sp);
				return;
			}
			if (sp->ok || h >= k - 1 || (h > s && tok_punct(st, h - 1, ",")))
				return;
			cl_x_resolve_np(st, h, k - 2, s, prev, sp);
			return;
		}
		if (st->t[k - 1].kind != T_WORD && !tok_punct(st, k - 1, "'"))
			return;
	}
}

void cl_x_subject_speaker(xstate *st, size_t s, size_t e, spk *sp)
{
	size_t p = cl_x_subject_pos(st, s, e), q;

	memset(sp, 0, sizeof *sp);
	if (p == SIZE_MAX || p > e || st->t[p].kind != T_WORD || st->t[p].inq)
		return;
	q = p;
	if (tok_in(st, p, cl_en_pron_person) || tok_in(st, p, cl_en_pron_group)) {
		cl_x_resolve_np(st, p, p, s, NULL, sp);
		return;
	}
	while (q + 1 <= e && q - p < 8 && st->t[q + 1].kind == T_WORD &&
	       !st->t[q + 1].inq &&
	       (st->t[q + 1].cap || tok_in(st, q + 1, cl_en_name_links) ||
		tok_in(st, q + 1, cl_en_org_words) || tok_in(st, q + 1, cl_en_role_words)))
		q++;
	cl_x_resolve_np(st, p, q, s, NULL, sp);
}

/*
 * "His coach Ana Ruiz was blunt: “…”": a quote after a colon with no cue
 * belongs to a name that opens the clause before the colon at `colon`
 * (after at most 5 lowercase words, "His team mate"), when that clause
 * is short (at most 8 more words).
 */
void cl_x_colon_speaker(xstate *st, size_t s, size_t colon, spk *sp)
{
	size_t p = cl_x_subject_pos(st, s, colon), k, nk;
	nameinfo ni;

	memset(sp, 0, sizeof *sp);
	if (p == SIZE_MAX || p >= colon)
		return;
	for (k = p; k < colon && k < p + 6; k++) {
		if (st->t[k].kind != T_WORD || st->t[k].inq)
			return;
		if (st->t[k].cap && !tok_in(st, k, cl_en_cap_stop))
			break;
	}
	if (k >= colon || k >= p + 6)
		return;
	nk = cl_x_scan_name(st, k, colon - 1, s, &ni);
	if (nk <= k || nk >= colon || colon - nk > 8)
		return;
	for (k = nk; k < colon; k++)
		if (st->t[k].kind != T_WORD || st->t[k].inq || cl_x_is_cue(st, k, s))
			return;
	if (ni.person || ni.org)
		cl_x_spk_set(sp, ni.name, ni.person);
}
