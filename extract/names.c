/*
 * names.c: one capitalised name run in a sentence: where it starts and
 * ends (links such as `of`, `de`, `van`; a body's `, X and Y` list), which
 * words are titles or honours and not the name, whether it is a person
 * or a body, and what the article already calls it (an alias, a surname,
 * the short form of a body, a bracketed acronym).
 */
#include "extract/internal.h"

/* ---- bodies' names ------------------------------------------------------- */

/* A capitalised word that starts no name ("The", "When"), unless it
 * is an acronym ("WHO"). */
static int cap_stop(const xstate *st, size_t k)
{
	return tok_in(st, k, cl_en_cap_stop) && !tok_caps(st, k);
}

/* Does the capitalised run [i..j) hold a body's head word? */
static int run_has_org(const xstate *st, size_t i, size_t j)
{
	size_t q;

	for (q = i; q < j && q < st->nt; q++)
		if (st->t[q].kind == T_WORD && st->t[q].cap &&
		    (tok_in(st, q, cl_en_org_words) || tok_in(st, q, cl_en_org_link_heads)))
			return 1;
	return 0;
}

/* At the comma j: ", X and Y" (capitalised words, at most 8 tokens)
 * returns the index after Y, else j. */
size_t cl_x_org_list_end(const xstate *st, size_t j, size_t lim)
{
	size_t q = j;
	int and_seen = 0;

	if (!tok_punct(st, j, ","))
		return j;
	for (q = j + 1; q <= lim && q - j <= 8; q++) {
		if (st->t[q].inq)
			return j;
		if (tok_punct(st, q, ",") && !and_seen)
			continue;
		if (st->t[q].kind != T_WORD)
			break;
		if (tok_is(st, q, "and")) {
			if (and_seen || !st->t[q - 1].cap)
				return j;
			and_seen = 1;
			continue;
		}
		if (!st->t[q].cap || cap_stop(st, q))
			break;
		if (and_seen && (q + 1 > lim || st->t[q + 1].kind != T_WORD ||
				 !st->t[q + 1].cap))
			return q + 1;
	}
	return j;
}

/* ---- a name run ---------------------------------------------------------- */

/* A capitalised stop word ("The", "May", "New") opens no name, except
 * "New" or an ordinal before another capitalised word ("New York", "The
 * Third District Court"), and a month that is also a first name ("Jan
 * De Vries", "May Tan") unless a date preposition comes before it ("in
 * May Smith …"). */
static int name_may_open(const xstate *st, size_t i, size_t lim, size_t sent_start)
{
	int cap_next;

	if (!cap_stop(st, i))
		return 1;
	cap_next = i + 1 <= lim && st->t[i + 1].kind == T_WORD && st->t[i + 1].cap &&
		   !st->t[i + 1].inq && !cap_stop(st, i + 1);
	if (tok_in(st, i, cl_en_name_openers) && cap_next)
		return 1;
	return tok_in(st, i, cl_en_month_first_names) && cap_next &&
	       !(i > sent_start && tok_in(st, i - 1, cl_en_date_preps));
}

/* Is token k a link of bodies' names ("of", "for", "and", "at"), not a
 * particle of a person's ("van", "de", "bin")? */
static int person_link(const xstate *st, size_t k)
{
	return tok_is(st, k, "of") || tok_is(st, k, "for") || tok_is(st, k, "and") ||
	       tok_is(st, k, "at") || tok_is(st, k, "y");
}

/* "Rhea Kapoor of Harbor Analytics": a person's name (two words that
 * are neither titles nor body words) ends before "of"/"for"/"at" and a
 * body.  Is the run [i..j) such a name? */
static int plain_person_run(const xstate *st, size_t i, size_t j)
{
	size_t q, plain = 0, orgw = 0;

	for (q = i; q < j; q++) {
		if (tok_in(st, q, cl_en_org_words) || tok_in(st, q, cl_en_org_link_heads))
			orgw++;
		else if (st->t[q].cap && !tok_in(st, q, cl_en_title_words) &&
			 !tok_in(st, q, cl_en_occupations))
			plain++;
	}
	return plain >= 2 && orgw == 0;
}

/* The end of the name run that starts at i, within [i..lim]: capitalised
 * words, name links, a title abbreviation's dot, and in a body's name
 * "of the" and a ", X and Y" list.  Returns the index after it. */
static size_t name_run_end(const xstate *st, size_t i, size_t lim)
{
	size_t j = i;

	while (j <= lim && !st->t[j].inq) {
		if (st->t[j].kind != T_WORD) {
			/* "Ministry of Trade, Industry and Labour": a
			 * body's name goes on through ", X and Y". */
			size_t q = cl_x_org_list_end(st, j, lim);
			if (q > j && run_has_org(st, i, j)) {
				j = q;
				continue;
			}
			break;
		}
		if (st->t[j].cap && (!cap_stop(st, j) || j == i)) {
			j++;
			/* A possessive ends a name ("Smith's lawyer", "Norway's
			 * Ministry of Fish"), unless it is an office's and a
			 * body word goes on with it ("the Prosecutor General's
			 * Office", "the Chief Minister's Office"). */
			if (word_len_nopos(st, j - 1) != st->t[j - 1].len &&
			    !(j <= lim && st->t[j].kind == T_WORD && st->t[j].cap &&
			      !st->t[j].inq && tok_in(st, j, cl_en_org_words) &&
			      (in_list(TWORD(st, j - 1), word_len_nopos(st, j - 1),
				       cl_en_title_words) ||
			       in_list(TWORD(st, j - 1), word_len_nopos(st, j - 1),
				       cl_en_role_words))))
				break;
			/* "Dr. Ana Li": a title abbreviation and its dot. */
			if (tok_in(st, j - 1, cl_en_title_abbrevs) && j + 1 <= lim &&
			    tok_punct(st, j, ".") && st->t[j + 1].kind == T_WORD &&
			    st->t[j + 1].cap && !st->t[j + 1].inq &&
			    !cap_stop(st, j + 1))
				j++;
			continue;
		}
		/* "Ministry of the Environment": in a body's name, "of the"
		 * or "for the" goes on to a capitalised word. */
		if ((tok_is(st, j, "of") || tok_is(st, j, "for")) && j + 2 <= lim &&
		    tok_is(st, j + 1, "the") && st->t[j + 2].kind == T_WORD &&
		    st->t[j + 2].cap && !st->t[j + 2].inq &&
		    !cap_stop(st, j + 2) && run_has_org(st, i, j)) {
			j += 2;
			continue;
		}
		if (tok_in(st, j, cl_en_name_links) && j + 1 <= lim &&
		    st->t[j + 1].kind == T_WORD && st->t[j + 1].cap &&
		    !st->t[j + 1].inq && !cap_stop(st, j + 1)) {
			if ((tok_is(st, j, "of") || tok_is(st, j, "for") ||
			     tok_is(st, j, "at")) && plain_person_run(st, i, j))
				break;
			j += 1;
			continue;
		}
		/* "Pieter van der Berg", "Rafael de la Cruz": two particles
		 * of a person's name before its capitalised word */
		if (j > i && tok_in(st, j, cl_en_name_links) && j + 2 <= lim &&
		    tok_in(st, j + 1, cl_en_name_links) && !person_link(st, j) &&
		    !person_link(st, j + 1) && st->t[j + 2].kind == T_WORD &&
		    st->t[j + 2].cap && !st->t[j + 2].inq && !st->t[j + 1].inq &&
		    !cap_stop(st, j + 2)) {
			j += 2;
			continue;
		}
		break;
	}
	return j;
}

/* Is the run [i..b], with its name proper from a, an office and a
 * person: it opens with title words (or "Head") and "of" ("Minister
 * of …", "Deputy Minister of …", "Head of …"), holds at least 5 words, and its last two are
 * plain capitalised words, no title, body or portfolio word, after
 * another capitalised word? */
static int office_person(const xstate *st, size_t i, size_t a, size_t b)
{
	size_t k;

	for (k = i; k < b && (tok_in(st, k, cl_en_title_words) || tok_is(st, k, "head")); k++)
		;
	if (a != i || k == i || b < k + 3 || !tok_is(st, k, "of"))
		return 0;
	for (k = b - 1; k <= b; k++)
		if (st->t[k].kind != T_WORD || !st->t[k].cap || tok_caps(st, k) ||
		    tok_in(st, k, cl_en_title_words) || tok_in(st, k, cl_en_org_words) ||
		    tok_in(st, k, cl_en_org_link_heads) || tok_in(st, k, cl_en_portfolio_words) ||
		    tok_in(st, k, cl_en_role_words) || cl_x_demonym_any(st, k))
			return 0;
	return st->t[b - 2].kind == T_WORD && st->t[b - 2].cap;
}

/* Is word k initials only: capitals and "&" ("UN", "I&B")? */
static int initials(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t n;

	for (n = 0; n < st->t[k].len; n++)
		if (!((w[n] >= 'A' && w[n] <= 'Z') || w[n] == '&'))
			return 0;
	return st->t[k].len >= 2;
}

/* Is the run [i..j) no name at all: a nationality ("the Spaniard": a
 * descriptor; "the Swedish battery maker", "Kenya": never a speaker's
 * name), or a sentence's first word alone (capitalised anyway), which
 * is a name only when the article knows it or it is a body word? */
static int run_is_no_name(xstate *st, size_t i, size_t j, size_t sent_start)
{
	char w[64];
	size_t wn;

	if (j == i + 1 && cl_x_demonym_noun(st, i))
		return 1;
	if (j == i + 1 && cl_x_demonym_any(st, i))
		return 1;
	/* "the Turkish Minister", "Foreign Minister", "the I&B Minister": a
	 * nationality, initials and titles only describe someone; they
	 * name nobody */
	if (j > i + 1 || tok_in(st, i, cl_en_title_words)) {
		size_t q;
		for (q = i; q < j; q++)
			if (!(st->t[q].kind == T_WORD &&
			      (cl_x_demonym_any(st, q) || tok_in(st, q, cl_en_title_words) ||
			       tok_in(st, q, cl_en_role_words) || initials(st, q))))
				break;
		if (q == j && (tok_in(st, j - 1, cl_en_title_words) ||
			       tok_in(st, j - 1, cl_en_role_words)))
			return 1;
	}
	/* "Residents said": a group word alone is nobody's name */
	if (j == i + 1 && tok_in(st, i, cl_en_group_words))
		return 1;
	if (i != sent_start || j != i + 1)
		return 0;
	/* "Oxfam said", "Reuters reported": a word that is the subject of
	 * a speech verb is a name (groups, "Officials said", are settled
	 * before names are looked for). */
	if (j <= st->nt - 1 && cl_x_is_cue(st, j, sent_start))
		return 0;
	/* "Gardaí have also confirmed that": auxiliaries and adverbs
	 * between */
	{
		size_t q = j;
		while (q < st->nt && q < j + 3 &&
		       (tok_is(st, q, "have") || tok_is(st, q, "has") || tok_is(st, q, "had") ||
			tok_in(st, q, cl_en_adverbs)))
			q++;
		if (q > j && q < st->nt && cl_x_is_cue(st, q, sent_start))
			return 0;
	}
	/* "Roche (ROG.S) shares fell": a bracketed code after the word */
	if (j + 2 < st->nt && tok_punct(st, j, "(") && st->t[j + 1].kind == T_WORD &&
	    st->t[j + 1].cap)
		return 0;
	/* "Microsoft's spokesperson said": a possessive before the word
	 * for someone who speaks for it */
	if (j <= st->nt - 1 && word_len_nopos(st, i) != st->t[i].len &&
	    st->t[j].kind == T_WORD && st->t[j].len > 6 &&
	    weq(TWORD(st, j), 6, "spokes") && tok_in(st, j, cl_en_np_heads_of))
		return 0;
	wn = word_len_nopos(st, i);
	if (wn >= sizeof w)
		return 1;
	memcpy(w, TWORD(st, i), wn);
	w[wn] = '\0';
	return !cl_x_person_by_surname(st, w, wn) && cl_x_alias_span(st, i, i) == NULL &&
	       !tok_in(st, i, cl_en_org_words);
}

/*
 * Titles: "Foreign Minister Ana Ruiz" is Ana Ruiz, a minister; the name
 * proper then starts after the last title word of [*a..b] (*a moves,
 * ni->has_title is set).  Bodies keep their words ("Health Ministry"),
 * unless a title after the body word starts a person ("Bank of England
 * Governor Andrew Bailey", "Health Ministry Spokesperson Ana Ruiz").
 * Returns 1 when the run is a body.
 */
static int strip_titles(const xstate *st, size_t *a, size_t b, nameinfo *ni)
{
	size_t k, org_k = SIZE_MAX;
	int org;

	ni->has_title = 0;
	for (k = *a; k <= b; k++)
		if (tok_in(st, k, cl_en_org_words) ||
		    /* "the Interior Ministry's statement" */
		    (k == b && st->t[k].kind == T_WORD &&
		     in_list(TWORD(st, k), word_len_nopos(st, k), cl_en_org_words)) ||
		    (st->t[k].cap && tok_in(st, k, cl_en_org_link_heads) && k < b &&
		     tok_in(st, k + 1, cl_en_name_links) && !st->t[k + 1].cap))
			org_k = k;
	org = org_k != SIZE_MAX;
	for (k = b; k-- > *a; ) {
		if (!tok_in(st, k, cl_en_title_words) && !tok_in(st, k, cl_en_occupations) &&
		    !cl_x_role_compound(st, k))
			continue;
		/* "Port of Lisbon", "Civil Defense of Ceará": what follows a
		 * title never starts with a link word. */
		if (k + 1 <= b && !st->t[k + 1].cap && tok_in(st, k + 1, cl_en_name_links))
			return 1;
		/* "Ministry of Foreign Affairs": a title word after a body
		 * word and a link is part of the body's name; in "Minister
		 * of Foreign Affairs" it is part of the office, whose own
		 * title comes before. */
		if (org && org_k < k && k > *a && !st->t[k - 1].cap &&
		    tok_in(st, k - 1, cl_en_name_links))
			return 1;
		if (k > *a && !st->t[k - 1].cap && tok_in(st, k - 1, cl_en_name_links))
			continue;
		if (!org || org_k < k) {
			*a = k + 1;
			while (*a < b && st->t[*a].kind != T_WORD)
				(*a)++;
			ni->has_title = 1;
			org = 0;
		}
		break;
	}
	return org;
}

/*
 * Does the context make the run that starts at i, name [a..*b], a body?
 * After a role and of/at/for ("the managing director of Acme Civil",
 * "an analyst at Kvarner Capital"), right after a lowercase body word
 * ("the state water utility AQN"), or before one ("the Sanchez
 * administration", "the Sindicato Norte union"; named after a person or
 * one word, the body word is part of the name: *b moves over it).
 */
static int body_by_context(const xstate *st, size_t i, size_t a, size_t *b,
			   size_t lim, size_t sent_start, int has_title)
{
	int org = 0;

	if (!has_title && i >= sent_start + 2) {
		size_t p = i - 1;
		if (tok_is(st, p, "the") && p > sent_start)
			p--;
		if (p > sent_start && (tok_is(st, p, "of") || tok_is(st, p, "at") ||
				       tok_is(st, p, "for")) &&
		    !st->t[p - 1].cap && (tok_in(st, p - 1, cl_en_role_words) ||
					  tok_in(st, p - 1, cl_en_occupations)))
			org = 1;
	}
	if (!has_title && i > sent_start && st->t[i - 1].kind == T_WORD &&
	    !st->t[i - 1].cap && tok_in(st, i - 1, cl_en_org_heads))
		org = 1;
	if (*b + 1 <= lim && st->t[*b + 1].kind == T_WORD && !st->t[*b + 1].cap &&
	    tok_in(st, *b + 1, cl_en_org_words)) {
		char w[64];
		size_t wn = word_len_nopos(st, *b);
		int known = 0;
		if (wn < sizeof w) {
			memcpy(w, TWORD(st, *b), wn);
			w[wn] = '\0';
			known = cl_x_person_by_surname(st, w, wn) != NULL;
		}
		org = 1;
		if (known || a == *b)
			(*b)++;
	}
	return org;
}

/* An all-capitals word of 2 to 6 letters that is no title ("TUC",
 * "FNE"; not "DR"). */
static int acronym_word(const xstate *st, size_t k)
{
	size_t j, n = st->t[k].len;

	if (st->t[k].kind != T_WORD || n < 2 || n > 6 || tok_in(st, k, cl_en_title_abbrevs) ||
	    tok_in(st, k, cl_en_title_words))
		return 0;
	for (j = 0; j < n; j++)
		if (TWORD(st, k)[j] < 'A' || TWORD(st, k)[j] > 'Z')
			return 0;
	return 1;
}

/* A word the first-name tables know ("Paul", "Helena"). */
static int first_name_word(const xstate *st, size_t k)
{
	char w[48];
	size_t wn;

	if (st->t[k].kind != T_WORD || !st->t[k].cap)
		return 0;
	wn = lower_word(st, k, w, sizeof w);
	return in_list(w, wn, cl_en_names_female) || in_list(w, wn, cl_en_names_male);
}

/* The words of [a..b] into buf (one space between words, the last one
 * without its possessive), at most bufsz - 1 bytes; returns the length. */
static size_t name_text(const xstate *st, size_t a, size_t b, char *buf, size_t bufsz)
{
	size_t k, n = 0;

	for (k = a; k <= b; k++) {
		size_t wn = k == b ? word_len_nopos(st, k) : st->t[k].len;
		size_t gap = k > a && st->t[k].kind == T_WORD ? 1 : 0;
		if (n + gap + wn >= bufsz)
			break;
		if (gap)
			buf[n++] = ' ';
		memcpy(buf + n, TWORD(st, k), wn);
		n += wn;
	}
	buf[n] = '\0';
	return n;
}

/* A body the article has named whose capitalised words' initials spell
 * the all-capitals word `w` (wn bytes, 2 to 8 letters): "EC" for "the
 * Election Commission", "JCS" for "Joint Chiefs of Staff"; the initials
 * of a name may go on past the acronym ("EC": "Election Commission of
 * India").  The most recently seen; NULL when none. */
static const char *body_by_initials(const xstate *st, const char *w, size_t wn)
{
	const ent *best = NULL;
	size_t i, k;

	if (wn < 2 || wn > 8)
		return NULL;
	for (k = 0; k < wn; k++)
		if (w[k] < 'A' || w[k] > 'Z')
			return NULL;
	for (i = 0; i < st->nents && i < NENT; i++) {
		const ent *e = &st->ents[i];
		const char *p = e->name;
		size_t got = 0;
		if (e->person)
			continue;
		while (*p && got < wn) {
			if (*p >= 'A' && *p <= 'Z') {
				if (*p != w[got])
					break;
				got++;
			}
			while (*p && *p != ' ')
				p++;
			while (*p == ' ')
				p++;
		}
		if (got == wn && strlen(e->name) > wn && (best == NULL || e->seen > best->seen))
			best = e;
	}
	return best ? best->name : NULL;
}

/* The canonical name the alias table gives buf[0..n) (as written, or
 * with the "the" the article put before it), or the body whose
 * bracketed acronym a one-word name is ("the UK Health Agency (UKHSA)"
 * taught "UKHSA"); NULL when none. */
static const char *name_alias(const xstate *st, const char *buf, size_t n,
			      size_t a, size_t b, int the_before)
{
	const char *al = cl_aliases_lookup(st->al, buf);

	if (al == NULL && the_before) {
		char tb[NAMEMAX + 4];
		memcpy(tb, "the ", 4);
		memcpy(tb + 4, buf, n + 1);
		al = cl_aliases_lookup(st->al, tb);
	}
	if (al == NULL && a == b && n + 2 < 48) {
		char key[48];
		size_t kn;
		key[0] = '#';
		kn = lower_word(st, a, key + 1, sizeof key - 1);
		al = cl_x_role_find(st, key, kn + 1);
		if (al == NULL)
			al = body_by_initials(st, buf, n);
	}
	return al;
}

/* What the article already calls the name buf[0..n) of ni: the last
 * person named in full with it as surname or last words, the body it is
 * the short form of ("Northern Quay" after "Northern Quay Holdings"), or
 * a name known with its kind.  Returns 1 when ni->name and ni->person
 * are set. */
static int name_known(xstate *st, nameinfo *ni, const char *buf, size_t n, int org)
{
	const char *sur = (ni->b == ni->a) ? cl_x_person_by_surname(st, buf, n)
					   : cl_x_person_by_suffix(st, buf, n);
	const char *full = NULL;
	const ent *e;

	if (sur != NULL && !org) {
		cl_x_copy_name(ni->name, sur, strlen(sur));
		ni->person = 1;
		return 1;
	}
	if (!ni->has_title)
		full = cl_x_body_by_prefix(st, buf, n);
	if (full != NULL) {
		cl_x_copy_name(ni->name, full, strlen(full));
		ni->person = 0;
		return 1;
	}
	e = cl_x_ent_find(st, buf);
	if (e != NULL && !ni->has_title && !org) {
		cl_x_copy_name(ni->name, buf, n);
		ni->person = e->person;
		return 1;
	}
	return 0;
}

/*
 * Find the capitalised run starting at token i (out of quotes, within
 * [i..lim]); fill ni.  Returns the index after the run, or i when there
 * is no name at i.
 */
size_t cl_x_scan_name(xstate *st, size_t i, size_t lim, size_t sent_start,
		      nameinfo *ni)
{
	size_t j, a, b, n, post = 0, end;
	char buf[NAMEMAX];
	const char *al;
	int org, the_before;

	if (i > lim || st->t[i].kind != T_WORD || !st->t[i].cap || st->t[i].inq)
		return i;
	if (!name_may_open(st, i, lim, sent_start))
		return i;
	j = name_run_end(st, i, lim);
	if (run_is_no_name(st, i, j, sent_start))
		return i;
	a = i;
	b = j - 1;
	the_before = i > sent_start && tok_is(st, i - 1, "the");
	org = strip_titles(st, &a, b, ni);
	/* "Martin Lee SC", "John Smith Jr": honours after a name are not
	 * part of it. */
	while (b > a && tok_in(st, b, cl_en_postnominals) && st->t[b].cap) {
		b--;
		post++;
	}
	if (body_by_context(st, i, a, &b, lim, sent_start, ni->has_title))
		org = 1;
	/* "Minister of Energy and Natural Resources of Turkiye Alparslan
	 * Bayraktar": an office, then a person's two words */
	if (org && office_person(st, i, a, b)) {
		a = b - 1;
		ni->has_title = 1;
		org = 0;
	}
	/* "TUC Paul Nowak", "general secretary of the TUC Paul Nowak": a
	 * body's acronym before a first name the tables know and a plain
	 * name is the person's affiliation, not part of the name. */
	if (b >= a + 2 && b <= a + 3 && acronym_word(st, a) && first_name_word(st, a + 1) &&
	    plain_person_run(st, a + 1, b + 1)) {
		a++;
		ni->has_title = 1;
		org = 0;
	}
	/* "the Minister of Public Safety and Solicitor General": a name
	 * proper of titles only names nobody */
	if (ni->has_title && !org) {
		size_t q;
		for (q = a; q <= b && (tok_in(st, q, cl_en_title_words) ||
				       tok_in(st, q, cl_en_role_words)); q++)
			;
		if (q > b)
			return i;
	}
	n = name_text(st, a, b, buf, sizeof buf);
	if (n == 0)
		return i;
	ni->a = a;
	ni->b = b;
	ni->ta = i;
	ni->org = org;
	end = b + 1 + post;
	al = name_alias(st, buf, n, a, b, the_before);
	if (al != NULL) {
		cl_x_copy_name(ni->name, al, strlen(al));
		/* Canonical names of bodies are the common case; a person
		 * alias is one the article has already named in full. */
		ni->person = cl_x_is_person_canon(st, al);
		return j > end ? j : end;
	}
	if (name_known(st, ni, buf, n, org))
		return end;
	cl_x_copy_name(ni->name, buf, n);
	ni->person = !org && (b - a) < 4 &&
		     (ni->has_title || (!the_before && b > a));
	return end;
}

char cl_x_name_gender(const xstate *st, const nameinfo *ni)
{
	char w[48];
	size_t k, wn;

	if (!ni->person)
		return 0;
	/* A gendered title or role word right before the name proper. */
	for (k = ni->ta; k < ni->a && k < st->nt; k++) {
		if (tok_in(st, k, cl_en_title_female))
			return 'f';
		if (tok_in(st, k, cl_en_title_male))
			return 'm';
	}
	if (ni->a >= st->nt || st->t[ni->a].kind != T_WORD || ni->b == ni->a)
		return 0;
	wn = lower_word(st, ni->a, w, sizeof w);
	if (in_list(w, wn, cl_en_names_female))
		return 'f';
	if (in_list(w, wn, cl_en_names_male))
		return 'm';
	return 0;
}
