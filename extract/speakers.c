/*
 * speakers.c: a speaker phrase (the words next to a cue) resolved to a
 * name or a named body, never a pronoun or a descriptor: pronouns,
 * unnamed groups, names in the phrase, documents and data, roles and
 * body words, each looked up in the article's memory (memory.c).
 */
#include "extract/internal.h"

#include <string.h>
#include <strings.h>

/* ---- speaker phrases ----------------------------------------------------- */

/* Set *sp to `name` (a person or not); an empty or NULL name leaves it. */
void cl_x_spk_set(spk *sp, const char *name, int person)
{
	if (name == NULL || name[0] == '\0')
		return;
	cl_x_copy_name(sp->name, name, strlen(name));
	sp->person = person;
	sp->ok = 1;
	sp->how = CUE_NAMED;
	sp->conf = CONF_HIGH;
	sp->group = 0;
}

void cl_x_spk_found(spk *sp, const char *name, int person, int how, int conf)
{
	cl_x_spk_set(sp, name, person);
	if (sp->ok) {
		sp->how = how;
		sp->conf = conf;
	}
}

/* "Police said", "according to the police": a body noun standing for
 * the body, named by that noun, capitalised ("Police"). */
static void body_noun(const xstate *st, size_t k, spk *sp)
{
	char w[48];
	size_t wn = lower_word(st, k, w, sizeof w);

	if (wn > 0 && w[0] >= 'a' && w[0] <= 'z')
		w[0] = (char)(w[0] - 'a' + 'A');
	cl_x_spk_set(sp, w, 0);
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
		/* "Citizens Advice": a capitalised group word opening a name */
		if (st->t[k].cap && k + 1 <= b && st->t[k + 1].kind == T_WORD &&
		    st->t[k + 1].cap)
			return 0;
		/* "the residents' association": the group is not the head */
		if (k + 1 <= b && (tok_punct(st, k + 1, "'") ||
				   tok_in(st, k + 1, cl_en_org_words) ||
				   tok_in(st, k + 1, cl_en_org_heads)))
			return 0;
		if (!tok_in(st, k, cl_en_official_groups))
			return 1;
		/* "police officials": a bare body noun names the body */
		if (k > a && tok_in(st, k - 1, cl_en_body_nouns)) {
			body_noun(st, k - 1, sp);
			return 1;
		}
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
					/* After "at", "from", "with" a name is where
					 * they work: a body, unless it has a title. */
					if (!ni.has_title) {
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
							cl_x_spk_found(sp, r, 0, CUE_DESCRIPTOR,
								       CONF_MEDIUM);
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

/* What a speaker phrase says of itself once no name is found in it. */
typedef struct np_desc {
	int doc;           /* a document word: "the statement" */
	int data;          /* a data word: "figures", "estimates" */
	int role;          /* a role, occupation, nationality or age */
	char phrase[96];   /* its words, lowercase, without articles and
			    * possessive pronouns: "foreign minister" */
	size_t pn;
} np_desc;

/* Trim the phrase [*a..*b]: punctuation, marks and adverbs at both ends,
 * then a head like "part of", "a spokesman for" (what follows speaks).
 * Returns 0 when nothing is left or it is too long to be a speaker. */
static int np_trim(const xstate *st, size_t *a, size_t *b)
{
	size_t k;

	while (*a <= *b && *b < st->nt &&
	       (st->t[*a].kind != T_WORD || tok_in(st, *a, cl_en_adverbs)))
		(*a)++;
	while (*b >= *a && *b < st->nt &&
	       (st->t[*b].kind != T_WORD || tok_in(st, *b, cl_en_adverbs))) {
		if (*b == 0)
			return 0;
		(*b)--;
	}
	if (*a > *b || *b >= st->nt || *b - *a > 14)
		return 0;
	for (k = *a; k + 1 <= *b; k++) {
		if ((tok_is(st, k + 1, "of") || tok_is(st, k + 1, "for") ||
		     tok_is(st, k + 1, "from") || tok_is(st, k + 1, "by") ||
		     tok_is(st, k + 1, "at")) &&
		    (tok_in(st, k, cl_en_np_heads_of) ||
		     (tok_in(st, k, cl_en_data_words) && !st->t[k].cap &&
		      !tok_is(st, k + 1, "at"))) &&
		    k + 2 <= *b) {
			*a = k + 2;
			break;
		}
	}
	return 1;
}

/* The person known as `name`, or NULL. */
static const ent *person_named(const xstate *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nents && i < NENT; i++)
		if (st->ents[i].person && strcmp(st->ents[i].name, name) == 0)
			return &st->ents[i];
	return NULL;
}

/*
 * Whom "he" or "she" (`want`: 'm' or 'f') stands for: the salient person
 * when nothing says that person is of the other gender, else the most
 * recently named person of whom nothing says so; NULL when nobody fits,
 * and then the claim has no speaker rather than a wrong one.  *conf is
 * CONF_MEDIUM when the person's gender is known to agree, CONF_LOW when
 * it is unknown (a guess a reviewer should check).
 */
static const char *pronoun_person(const xstate *st, char want, int *conf)
{
	const ent *cand = NULL;
	size_t i;

	if (st->salient[0]) {
		cand = person_named(st, st->salient);
		if (cand == NULL) {
			/* Named too long ago to be remembered: a guess. */
			*conf = CONF_LOW;
			return st->salient;
		}
		if (cand->gender && want && cand->gender != want)
			cand = NULL;
	}
	/* "When that was put to Mr Harris, he said": someone named since the
	 * salient person, known to agree with the pronoun, is likelier than
	 * a salient person of unknown gender. */
	if (cand != NULL && !cand->gender && want) {
		for (i = 0; i < st->nents && i < NENT; i++) {
			const ent *e = &st->ents[i];
			if (e->person && e->gender == want && e->seen > cand->seen)
				cand = e;
		}
	}
	for (i = 0; cand == NULL && i < st->nents && i < NENT; i++) {
		const ent *e = &st->ents[i];
		size_t j;
		if (!e->person || (e->gender && want && e->gender != want))
			continue;
		/* The most recent fit. */
		for (j = i + 1; j < st->nents && j < NENT; j++) {
			const ent *f = &st->ents[j];
			if (f->person && (!f->gender || !want || f->gender == want) &&
			    f->seen > e->seen)
				e = f;
		}
		cand = e;
	}
	if (cand == NULL)
		return NULL;
	*conf = want && cand->gender == want ? CONF_MEDIUM : CONF_LOW;
	return cand->name;
}

/* A phrase of one pronoun: "he" and "she" are the salient person, or the
 * last one named, whose gender does not contradict the pronoun's; "it",
 * "they" the last body that spoke or was a subject; "which", "who" the
 * speaker `prev` already found in the sentence.  Returns 1 when it is
 * one (with *sp unset when nobody fits). */
static int np_pronoun(const xstate *st, size_t a, size_t b, const spk *prev, spk *sp)
{
	/* "The WHO says": a pronoun in capitals is an acronym */
	if (a == b && tok_caps(st, a))
		return 0;
	if (a == b && tok_in(st, a, cl_en_pron_person)) {
		char want = tok_is(st, a, "he") || tok_is(st, a, "him") ? 'm'
			  : tok_is(st, a, "she") || tok_is(st, a, "her") ? 'f' : 0;
		int conf = CONF_LOW;
		const char *who = pronoun_person(st, want, &conf);
		if (who != NULL)
			cl_x_spk_found(sp, who, 1, CUE_PRONOUN, conf);
		return 1;
	}
	if (a == b && tok_in(st, a, cl_en_pron_group)) {
		if ((tok_is(st, a, "which") || tok_is(st, a, "who")) && prev && prev->ok)
			*sp = *prev;
		else if (st->lastorg[0])
			cl_x_spk_found(sp, st->lastorg, 0, CUE_PRONOUN, CONF_MEDIUM);
		else
			cl_x_spk_found(sp, st->lastspk, st->lastspk_person, CUE_PRONOUN,
				       CONF_LOW);
		return 1;
	}
	return 0;
}

/*
 * "the Congress general secretary", "the bank's chief economist": an
 * office of the body named before it speaks, not the body: the person
 * introduced with that office (the words [from..b] holding a role word
 * that is no spokesperson's), else nobody (*sp left unset, 1 returned).
 * A spokesperson or a representative speaks for the body (0 returned).
 */
static int office_after_body(const xstate *st, size_t from, size_t b, spk *sp)
{
	char phrase[96];
	size_t k, pn = 0, roles = 0;
	const char *r;

	for (k = from; k <= b; k++) {
		char w[48];
		size_t wn;
		if (st->t[k].kind != T_WORD) {
			if (tok_punct(st, k, "'") || tok_punct(st, k, "\xe2\x80\x99"))
				continue;
			return 0;
		}
		if (tok_in(st, k, cl_en_np_heads_of) || tok_in(st, k, cl_en_org_heads))
			return 0; /* "a spokesman", "the Sindicato Uno union" */
		if (tok_in(st, k, cl_en_role_words) || tok_in(st, k, cl_en_occupations))
			roles++;
		else if (!tok_in(st, k, cl_en_title_words) && !tok_is(st, k, "s"))
			return 0;
		wn = lower_word(st, k, w, sizeof w);
		if (pn + wn + 2 >= sizeof phrase)
			return 0;
		if (pn)
			phrase[pn++] = ' ';
		memcpy(phrase + pn, w, wn);
		pn += wn;
	}
	if (roles == 0)
		return 0;
	phrase[pn] = '\0';
	r = cl_x_role_find(st, phrase, pn);
	if (r != NULL)
		cl_x_spk_found(sp, r, 1, CUE_DESCRIPTOR, CONF_MEDIUM);
	return 1;
}

/*
 * Names in the phrase [a..b]: a person wins over a body ("the
 * ministry's spokesman, Ana Ruiz"), and of bodies the last one ("Peru's
 * Fisheries Ministry").  Not a name after a preposition of place, unless
 * a body that no place noun follows ("in the Cerro neighbourhood"), nor
 * a recipient ("the company's filing to the Stock Exchange"), nor a
 * person's possessive ("Smith's lawyer": *owner is set).  Returns 1 when
 * *sp was set.
 */
int cl_x_role_then_name(const xstate *st, size_t k, size_t b)
{
	size_t q = k;

	while (q <= b && st->t[q].kind == T_WORD && !st->t[q].cap && !st->t[q].inq &&
	       (tok_in(st, q, cl_en_role_words) || tok_in(st, q, cl_en_occupations) ||
		tok_in(st, q, cl_en_title_words)))
		q++;
	return q > k && q <= b && st->t[q].kind == T_WORD && st->t[q].cap;
}

/* Does [a..b] hold a body word ("Ministry", "Corp")? */
static int run_has_body_word(const xstate *st, size_t a, size_t b)
{
	size_t k;

	for (k = a; k <= b; k++)
		if (tok_in(st, k, cl_en_org_words) || tok_in(st, k, cl_en_org_link_heads))
			return 1;
	return 0;
}

static int np_names(xstate *st, size_t a, size_t b, size_t sent_start, spk *sp,
		    int *owner)
{
	char orgname[NAMEMAX] = "";
	int have_org = 0, org_person = 0;
	size_t org_end = 0;
	nameinfo ni;
	size_t k;

	for (k = a; k <= b; ) {
		size_t nk, p;
		/* "(UKHSA)": an acronym in brackets restates the name. */
		if (tok_punct(st, k, "(")) {
			while (k <= b && !tok_punct(st, k, ")"))
				k++;
			k++;
			continue;
		}
		nk = cl_x_scan_name(st, k, b, sent_start, &ni);
		if (nk <= k) {
			k++;
			continue;
		}
		p = ni.ta;
		if (p > a && tok_is(st, p - 1, "the"))
			p--;
		/* "a statement on Edson's website": the owner of a
		 * document speaks, wherever it stands */
		if (nk <= b && word_len_nopos(st, ni.b) != st->t[ni.b].len &&
		    tok_in(st, nk, cl_en_doc_words) && !ni.person) {
			cl_x_spk_set(sp, ni.name, 0);
			return 1;
		}
		if (p > a && tok_in(st, p - 1, cl_en_locatives) &&
		    (!ni.org || (nk <= b && tok_in(st, nk, cl_en_place_words)))) {
			k = nk;
			continue;
		}
		if (p > a && (tok_is(st, p - 1, "to") || tok_is(st, p - 1, "with") ||
			      tok_is(st, p - 1, "against"))) {
			k = nk;
			continue;
		}
		if (ni.person && nk <= b && st->t[nk].kind == T_WORD &&
		    word_len_nopos(st, ni.b) != st->t[ni.b].len) {
			*owner = 1;
			k = nk;
			continue;
		}
		/* "Manchester City boss Pep Guardiola", "Acme Corp chief
		 * executive Ana Ruiz": a name before a role and another name
		 * is the person's affiliation. */
		if (ni.person && cl_x_role_then_name(st, nk, b)) {
			k = nk;
			continue;
		}
		if (ni.person) {
			cl_x_spk_set(sp, ni.name, 1);
			return 1;
		}
		/* "the Gaza health ministry", "the Kharkiv regional
		 * administration", "the British Columbia government": a
		 * place's name (no body word in it) and lowercase words up
		 * to a body word are the body's name, as the article gives
		 * it */
		if (nk <= b && tok_in(st, b, cl_en_org_heads) && b - nk < 4 &&
		    word_len_nopos(st, ni.b) == st->t[ni.b].len && !run_has_body_word(st, ni.a, ni.b) &&
		    /* (a body by "the" alone only before a government's
		     * word: "the Sindicato Uno union" is the union) */
		    (!ni.org || tok_is(st, b, "government") || tok_is(st, b, "administration") ||
		     tok_is(st, b, "ministry") || tok_is(st, b, "parliament") ||
		     tok_is(st, b, "cabinet"))) {
			size_t q;
			for (q = nk; q <= b; q++)
				if (st->t[q].kind != T_WORD || st->t[q].cap || st->t[q].inq)
					break;
			if (q > b && tok_end(st, b) - st->t[ni.a].off < NAMEMAX) {
				char nm[NAMEMAX];
				size_t n = tok_end(st, b) - st->t[ni.a].off;
				memcpy(nm, st->buf + st->t[ni.a].off, n);
				nm[n] = '\0';
				cl_x_ent_note(st, nm, 0, 0); /* "the ministry" later */
				cl_x_spk_set(sp, nm, 0);
				return 1;
			}
		}
		cl_x_copy_name(orgname, ni.name, strlen(ni.name));
		org_person = 0;
		have_org = 1;
		org_end = nk;
		k = nk;
	}
	if (have_org && org_end <= b && office_after_body(st, org_end, b, sp))
		return 1;
	if (have_org) {
		cl_x_spk_set(sp, orgname, org_person);
		return 1;
	}
	return 0;
}

/* What the words of [a..b] say: a document, data, a role, and the
 * phrase itself. */
static void np_describe(const xstate *st, size_t a, size_t b, np_desc *d)
{
	size_t k;

	d->doc = d->data = d->role = 0;
	d->pn = 0;
	for (k = a; k <= b; k++) {
		/* ("the ruling party": a document word before a body
		 * word is no document) */
		if (tok_in(st, k, cl_en_doc_words) &&
		    !(k < b && tok_in(st, b, cl_en_org_heads)))
			d->doc = 1;
		if (tok_in(st, k, cl_en_data_words))
			d->data = 1;
		if (tok_in(st, k, cl_en_role_words) || tok_in(st, k, cl_en_occupations) ||
		    cl_x_demonym_noun(st, k) || age_word(st, k))
			d->role = 1;
		if (st->t[k].kind == T_WORD && !tok_is(st, k, "the") &&
		    !tok_is(st, k, "a") && !tok_is(st, k, "an") &&
		    !tok_is(st, k, "its") && !tok_is(st, k, "his") &&
		    !tok_is(st, k, "her") && !tok_is(st, k, "their")) {
			char w[48];
			size_t wn = lower_word(st, k, w, sizeof w);
			if (d->pn + wn + 2 < sizeof d->phrase) {
				if (d->pn)
					d->phrase[d->pn++] = ' ';
				memcpy(d->phrase + d->pn, w, wn);
				d->pn += wn;
			}
		}
	}
	d->phrase[d->pn] = '\0';
}

/* The body that a body word of [a..b] names, trying its words last
 * first: only the last body word (`last_only`: "a ministry spokesman" is
 * the ministry or nobody), or each in turn ("any body word"). */
/* The body the head word w (token k of a phrase from a) names: with a
 * lowercase possessive before it ("the prosecutor's office"), one whose
 * name has that word too, before any body of the head's kind. */
static const char *org_by_head_at(const xstate *st, size_t a, size_t k, const char *w,
				  size_t wn)
{
	const char *r = NULL;

	if (k > a && st->t[k - 1].kind == T_WORD && !st->t[k - 1].cap &&
	    word_len_nopos(st, k - 1) != st->t[k - 1].len) {
		char o[48];
		size_t on = lower_word(st, k - 1, o, sizeof o);
		size_t bn = word_len_nopos(st, k - 1);
		if (bn <= on)
			r = cl_x_org_by_owner_head(st, o, bn, w, wn);
	}
	return r != NULL ? r : cl_x_org_by_head(st, w, wn);
}

static void body_by_heads(const xstate *st, size_t a, size_t b, int last_only, spk *sp)
{
	size_t k;

	for (k = b + 1; k-- > a; ) {
		char w[48];
		size_t wn;
		const char *r;
		if (!tok_in(st, k, cl_en_org_heads))
			continue;
		wn = lower_word(st, k, w, sizeof w);
		r = org_by_head_at(st, a, k, w, wn);
		if (r != NULL)
			cl_x_spk_found(sp, r, 0, CUE_DESCRIPTOR, CONF_MEDIUM);
		if (r != NULL || last_only)
			return;
	}
}

/* "a ministry spokesman": nobody named, so the body of the last body
 * word speaks; "a spokesman" alone is anonymous and stays unresolved. */
static void np_indefinite(const xstate *st, size_t a, size_t b, spk *sp)
{
	size_t k;

	body_by_heads(st, a, b, 1, sp);
	/* "according to a police report", "a military spokesman": a bare
	 * body noun with no such body named is that body */
	for (k = a; !sp->ok && k <= b; k++)
		if (tok_in(st, k, cl_en_body_nouns) && !st->t[k].cap)
			body_noun(st, k, sp);
}

/*
 * A document or data phrase with an owner: "according to the council's
 * own data" is the last body of that kind (the first lowercase
 * possessive body word settles it, found or not); "according to its
 * latest bulletin" is the sentence's own subject.  Returns 1 when
 * settled.
 */
static int np_data_source(xstate *st, size_t a, size_t b, size_t sent_start, spk *sp)
{
	nameinfo ni;
	size_t k;

	for (k = a; k <= b; k++) {
		char w[48];
		size_t wn, bn;
		const char *r;
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
			cl_x_spk_found(sp, r, 0, CUE_DESCRIPTOR, CONF_MEDIUM);
		return 1;
	}
	if (a <= sent_start)
		return 0;
	for (k = a; k <= b; k++) {
		size_t m;
		if (!tok_is(st, k, "its") && !tok_is(st, k, "their"))
			continue;
		for (m = cl_x_subject_pos(st, sent_start, a - 1); m != SIZE_MAX && m < a; ) {
			size_t nm = cl_x_scan_name(st, m, a - 1, sent_start, &ni);
			if (nm > m) {
				cl_x_spk_found(sp, ni.name, ni.person, CUE_PRONOUN, CONF_MEDIUM);
				return 1;
			}
			m++;
		}
		break;
	}
	return 0;
}

/* "the filing": whoever the article said issued one, else the last body
 * that spoke, else the last speaker. */
static void np_document(const xstate *st, size_t a, size_t b, spk *sp)
{
	size_t k;

	for (k = a; k <= b; k++) {
		char w[48];
		size_t wn;
		const char *r;
		if (!tok_in(st, k, cl_en_doc_words))
			continue;
		w[0] = '$';
		wn = lower_word(st, k, w + 1, sizeof w - 1);
		r = cl_x_role_find(st, w, wn + 1);
		if (r != NULL) {
			cl_x_spk_found(sp, r, cl_x_is_person_canon(st, r), CUE_DESCRIPTOR,
				       CONF_MEDIUM);
			return;
		}
	}
	if (st->lastorg[0])
		cl_x_spk_found(sp, st->lastorg, 0, CUE_DESCRIPTOR, CONF_LOW);
	else
		cl_x_spk_found(sp, st->lastspk, st->lastspk_person, CUE_DESCRIPTOR, CONF_LOW);
}

static void np_as_given(const xstate *st, size_t a, size_t b, spk *sp);

/* Does the name nm have the word w[0..n) (ASCII case ignored)? */
static int word_in_name(const char *nm, const char *w, size_t n)
{
	size_t k = 0;

	while (nm[k]) {
		size_t e = k;
		while (nm[e] && nm[e] != ' ')
			e++;
		if (e - k == n && strncasecmp(nm + k, w, n) == 0)
			return 1;
		k = nm[e] ? e + 1 : e;
	}
	return 0;
}

/* "the union": a body word heading the phrase (its last word) names a
 * body even when it could be a role; "the company" falls back on the
 * last body that spoke.  Returns 1 when *sp was set. */
static int np_body_head(const xstate *st, size_t a, size_t b, spk *sp)
{
	char w[48];
	size_t wn;
	const char *r;

	size_t m = a, k;

	if (!tok_in(st, b, cl_en_org_heads) || tok_in(st, b, cl_en_occupations))
		return 0;
	wn = lower_word(st, b, w, sizeof w);
	r = org_by_head_at(st, a, b, w, wn);
	/* "the central bank": a public modifier (public_words.txt) says
	 * the body is no company known by kind alone ("Acme Corp" for a
	 * bank): unless its name has the head, it is the body as given */
	while (m < b && (tok_is(st, m, "the") || tok_is(st, m, "its") || tok_is(st, m, "their") ||
			 st->t[m].kind != T_WORD || word_len_nopos(st, m) != st->t[m].len))
		m++;
	for (k = m; r != NULL && k < b; k++)
		if (tok_in(st, k, cl_en_public_words) && !word_in_name(r, w, wn)) {
			np_as_given(st, a, b, sp);
			return sp->ok;
		}
	if (r != NULL) {
		cl_x_spk_found(sp, r, 0, CUE_DESCRIPTOR, CONF_MEDIUM);
		return 1;
	}
	if (tok_in(st, b, cl_en_firm_heads) && (r = cl_x_firm_fallback(st)) != NULL) {
		cl_x_spk_found(sp, r, 0, CUE_DESCRIPTOR, CONF_LOW);
		return 1;
	}
	return 0;
}

/*
 * "the minister", "the Spaniard": a person the article introduced with
 * that description.  The whole phrase first ("the prime minister":
 * whoever was given "prime minister"); else, when the phrase holds one
 * role word only ("the Spanish minister", "the veteran coach"), whoever
 * was given that word (low confidence).  A phrase with two role words
 * never falls back on one of them (the foreign minister is no prime
 * minister).  With nobody introduced so, the salient person may be
 * meant ("Nkosi did not hold back. ... The coach insisted"), but only
 * when the article gave that person no role at all, and with low
 * confidence: someone introduced as the mayor is never "the prime
 * minister".  An age ("the 29-year-old") likewise.  "Smith's lawyer"
 * (`owner`) with no lawyer named is nobody.
 */
static void np_role(const xstate *st, size_t a, size_t b, const np_desc *d,
		    int owner, spk *sp)
{
	const char *r = cl_x_role_find(st, d->phrase, d->pn);
	size_t k, roles = 0, titles = 0, last = SIZE_MAX, ages = 0;

	/* "the health secretary" for "Union Health Secretary X" */
	if (r == NULL && memchr(d->phrase, ' ', d->pn) != NULL)
		r = cl_x_role_find_tail(st, d->phrase, d->pn);
	int conf = CONF_MEDIUM;

	for (k = a; k <= b; k++) {
		if (tok_in(st, k, cl_en_role_words) || tok_in(st, k, cl_en_occupations) ||
		    cl_x_demonym_noun(st, k)) {
			roles++;
			last = k;
		} else if (tok_in(st, k, cl_en_title_words) || tok_caps(st, k) ||
			   (st->t[k].kind == T_WORD && st->t[k].cap &&
			    memchr(TWORD(st, k), '&', st->t[k].len) != NULL)) {
			/* "prime", "deputy", "foreign", "I&B": another office */
			titles++;
		}
		ages += age_word(st, k);
	}
	if (r == NULL && roles == 1 && titles == 0) {
		char w[48];
		size_t wn = lower_word(st, last, w, sizeof w);
		r = cl_x_role_find(st, w, wn);
		conf = CONF_LOW;
	}
	if (r == NULL && owner)
		return;
	if (r == NULL && st->salient[0] && titles == 0 &&
	    ((roles == 0 && ages > 0) || (roles > 0 && !cl_x_has_role(st, st->salient)))) {
		r = st->salient;
		conf = CONF_LOW;
	}
	if (r != NULL)
		cl_x_spk_found(sp, r, 1, CUE_DESCRIPTOR, conf);
}

/*
 * "Residents said", "the central bank said", "analysts warn": an unnamed
 * group, or a body the article names by a common noun only, is the
 * phrase itself as the article gives it (without a leading "the"), with
 * low confidence, so a reviewer sees that nobody was named.  Never a
 * pronoun, a vague quantifier alone ("some", "others"), a phrase with
 * punctuation other than an apostrophe or hyphen, or one of more than 8
 * words.
 */
static void np_as_given(const xstate *st, size_t a, size_t b, spk *sp)
{
	char name[NAMEMAX];
	size_t k, n, a0 = a;

	if (a < b && tok_is(st, a, "the"))
		a++;
	if (b - a > 7)
		return;
	for (k = a; k <= b; k++) {
		if (st->t[k].inq)
			return;
		if (st->t[k].kind == T_WORD) {
			if (tok_in(st, k, cl_en_pron_person) || tok_in(st, k, cl_en_pron_group) ||
			    tok_in(st, k, cl_en_relatives) || cl_x_is_cue(st, k, a0))
				return;
			continue;
		}
		if (!tok_punct(st, k, "'") && !tok_punct(st, k, "\xe2\x80\x99") &&
		    !tok_punct(st, k, "-"))
			return;
	}
	if (a == b && tok_in(st, a, cl_en_group_vague))
		return;
	n = tok_end(st, b) - st->t[a].off;
	if (n >= sizeof name)
		return;
	memcpy(name, st->buf + st->t[a].off, n);
	name[n] = '\0';
	for (k = 0; k < n; k++)
		if (name[k] == '\n' || name[k] == '\r' || name[k] == '\t')
			name[k] = ' ';
	cl_x_spk_found(sp, name, 0, CUE_DESCRIPTOR, CONF_LOW);
	sp->group = tok_in(st, b, cl_en_group_words);
}

/* Any body word of the phrase, last first, that names a known body. */
static void np_any_body(const xstate *st, size_t a, size_t b, spk *sp)
{
	body_by_heads(st, a, b, 0, sp);
}

/*
 * Resolve the speaker phrase in tokens [a..b] into *sp.  `prev` is a
 * speaker already found in this sentence (for "which", "who").  In
 * order: a pronoun, an alias of the whole phrase, an unnamed group, the
 * names in it, then what its words describe: an indefinite body word,
 * a document or data source, a body head, a role, any body word.
 */
void cl_x_resolve_np(xstate *st, size_t a, size_t b, size_t sent_start,
		     const spk *prev, spk *sp)
{
	const char *r;
	int owner = 0;
	np_desc d;

	memset(sp, 0, sizeof *sp);
	if (!np_trim(st, &a, &b))
		return;
	if (np_pronoun(st, a, b, prev, sp))
		return;
	r = cl_x_alias_span(st, a, b);
	if (r != NULL) {
		cl_x_spk_found(sp, r, cl_x_is_person_canon(st, r), CUE_ALIAS, CONF_HIGH);
		return;
	}
	if (group_np(st, a, b, sent_start, sp))
		return;
	if (np_names(st, a, b, sent_start, sp, &owner))
		return;
	np_describe(st, a, b, &d);
	if (tok_is(st, a, "a") || tok_is(st, a, "an")) {
		np_indefinite(st, a, b, sp);
		return;
	}
	if ((d.doc || d.data) && np_data_source(st, a, b, sent_start, sp))
		return;
	if (d.data)
		return;   /* "official figures": nobody named */
	if (d.doc) {
		np_document(st, a, b, sp);
		return;
	}
	if (np_body_head(st, a, b, sp))
		return;
	/* "the police": no police force named before it */
	if (tok_in(st, b, cl_en_body_nouns) && (a == b || (a + 1 == b && tok_is(st, a, "the")))) {
		body_noun(st, b, sp);
		return;
	}
	if (d.role) {
		np_role(st, a, b, &d, owner, sp);
		return;
	}
	np_any_body(st, a, b, sp);
	/* "the central bank", no bank named before it; a bare "the agency"
	 * or "the company" (vague_heads.txt, firm_heads.txt) only while no
	 * body has spoken or been a subject (else it is likelier that one,
	 * by another word, than a new body) */
	if (!sp->ok && tok_in(st, b, cl_en_org_heads)) {
		size_t h = a < b && tok_is(st, a, "the") ? a + 1 : a;
		/* "Russia's defence ministry": a place's possessive, then
		 * lowercase words */
		int owned = st->t[h].cap && h < b &&
			    word_len_nopos(st, h) != st->t[h].len && !st->t[h + 1].cap;
		if ((!st->t[h].cap || owned) &&
		    (h < b || st->lastorg[0] == '\0' ||
		     !(tok_in(st, b, cl_en_vague_heads) || tok_in(st, b, cl_en_firm_heads))))
			np_as_given(st, a, b, sp);
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

int cl_x_office_appositive(xstate *st, size_t l, size_t c, size_t s, const spk *prev,
			   spk *sp)
{
	size_t k = l, h, roles = 0;
	spk who;

	if (l < s + 2 || l >= c || !tok_punct(st, l - 1, ",") || st->t[l - 1].inq)
		return 0;
	if (tok_is(st, k, "the") || tok_is(st, k, "a") || tok_is(st, k, "an"))
		k++;
	for (; k < c && (tok_in(st, k, cl_en_title_words) || tok_in(st, k, cl_en_role_words) ||
			 tok_in(st, k, cl_en_occupations)); k++)
		roles++;
	if (roles == 0 || k >= c || !(tok_is(st, k, "of") || tok_is(st, k, "at") ||
				      tok_is(st, k, "for")))
		return 0;
	h = cl_x_np_left(st, l - 1, s);
	if (h >= l - 1)
		return 0;
	cl_x_resolve_np(st, h, l - 2, s, prev, &who);
	if (!who.ok || !who.person)
		return 0;
	*sp = who;
	return 1;
}

/* Are the words [a..c) a time phrase only ("last weekend", "on
 * Monday", "earlier this week", "yesterday")? */
static int time_phrase(const xstate *st, size_t a, size_t c)
{
	size_t k;

	if (c - a > 4)
		return 0;
	for (k = a; k < c; k++)
		if (!(tok_is(st, k, "last") || tok_is(st, k, "this") || tok_is(st, k, "on") ||
		      tok_is(st, k, "earlier") || tok_is(st, k, "later") ||
		      tok_is(st, k, "yesterday") || tok_is(st, k, "today") ||
		      tok_in(st, k, cl_en_weekdays) || tok_in(st, k, cl_en_time_periods) ||
		      tok_in(st, k, cl_en_day_parts)))
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
	if (cl_x_office_appositive(st, l, c, s, prev, sp))
		return;
	/* "Foreign Minister Wang Yi, last weekend said": a time phrase
	 * between the name's comma and the cue */
	if (l < c && l > s + 1 && tok_punct(st, l - 1, ",") && time_phrase(st, l, c)) {
		size_t h = cl_x_np_left(st, l - 1, s);
		if (h < l - 1) {
			cl_x_resolve_np(st, h, l - 2, s, prev, sp);
			if (sp->ok)
				return;
		}
	}
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
			int after_q;
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
			/* (a comma right after a quote is no list's: "“…,”
			 * Ana Ruiz, a diver, said") */
			after_q = h >= s + 2 && tok_punct(st, h - 1, ",") &&
				  st->t[h - 2].kind == T_QMARK;
			if (h < k - 1 && (h == s || !tok_punct(st, h - 1, ",") || after_q) &&
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
			if (sp->ok || h >= k - 1 || (h > s && tok_punct(st, h - 1, ",") && !after_q))
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
	/* "Kenya's central bank cut …, saying …": up to 3 lowercase words
	 * ending in a body word go on the subject */
	{
		size_t r;
		for (r = q + 1; r <= e && r <= q + 3 && st->t[r].kind == T_WORD &&
			    !st->t[r].inq && !st->t[r].cap; r++)
			if (tok_in(st, r, cl_en_org_heads)) {
				q = r;
				break;
			}
	}
	cl_x_resolve_np(st, p, q, s, NULL, sp);
}

/* From k, up to 4 lowercase words ending in a role, occupation or title
 * word ("chief financial officer"), then a capitalised word? */
static int role_words_then_name(const xstate *st, size_t k, size_t b)
{
	size_t q;

	for (q = k; q <= b && q < k + 4 && st->t[q].kind == T_WORD && !st->t[q].cap &&
		    !st->t[q].inq; q++)
		;
	return q > k && q <= b && st->t[q].kind == T_WORD && st->t[q].cap &&
	       (tok_in(st, q - 1, cl_en_role_words) || tok_in(st, q - 1, cl_en_occupations) ||
		tok_in(st, q - 1, cl_en_title_words));
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
	/* "RTÉ chief financial officer Richard Collins": a body, a role,
	 * then the person */
	if ((nk <= k && k + 1 < colon && role_words_then_name(st, k + 1, colon - 1)) ||
	    (nk > k && nk < colon && !ni.person && role_words_then_name(st, nk, colon - 1))) {
		for (k = nk > k ? nk : k + 1;
		     k < colon && !(st->t[k].cap && st->t[k].kind == T_WORD); k++)
			;
		nk = cl_x_scan_name(st, k, colon - 1, s, &ni);
	}
	if (nk <= k || nk >= colon || colon - nk > 20)
		return;
	/* up to 8 words, or up to 20 with commas but no other name ("X
	 * went further still, implicitly questioning the assertions that
	 * …: “…”") */
	for (k = nk; k < colon; k++) {
		if (colon - nk > 8 && tok_punct(st, k, ",") && !st->t[k].inq)
			continue;
		if (st->t[k].kind != T_WORD || st->t[k].inq || cl_x_is_cue(st, k, s))
			return;
		if (colon - nk > 8 && st->t[k].cap && !tok_in(st, k, cl_en_cap_stop))
			return;
	}
	if (ni.person || ni.org)
		cl_x_spk_set(sp, ni.name, ni.person);
}
