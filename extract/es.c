/*
 * es.c: the Spanish rules.  The pipeline, the tokens, the quote pairing,
 * the memory of people and bodies, the alias table and the claim records
 * are the engine's (extract.c, segment.c, memory.c, claims.c); what is
 * here is how a Spanish sentence attributes a statement, with the word
 * lists of extract/lang/es/:
 *
 *   - direct quotes with the cue after (`«…», dijo X.`), before
 *     (`X afirmó: «…»`), inside a dialogue dash (`«… —dijo el
 *     ministro—. …»`, or a paragraph opening with `—`);
 *   - reported speech: `X dijo (el lunes) (a la prensa) que CLAUSE`,
 *     `Según X, CLAUSE`, `De acuerdo con X, …`, `Para X, …`, `En
 *     palabras de X, …`, `CLAUSE, según X.`, `CLAUSE, informó X.`;
 *   - pro-drop: a cue with no subject (`Añadió que …`) goes on from the
 *     last speaker, cue "continuation", confidence medium or low;
 *   - descriptors with gender (`el mandatario`, `la funcionaria`, `la
 *     jefa de la misión`) resolved only to a person introduced with a
 *     title of the same role key (descriptors.txt) and gender; when two
 *     fit and the words after the title do not choose, the most recent
 *     is taken with confidence low;
 *   - names with two surnames and accents; a later mention by one or
 *     two of the surnames is the full name;
 *   - the claim's day from `ayer`, `el (pasado) domingo`, `el 21 de
 *     noviembre (de 2024)`.
 */
#include "extract/internal.h"

#include <string.h>

#define EMDASH "\xe2\x80\x94"

/* ---- words ---------------------------------------------------------------- */

/* Lowercase copy of word i: ASCII and the Latin-1 capitals (Á É Í Ó Ú Ñ
 * Ü, U+00C0..U+00DE), so that "Según" and "ÉL" compare with the lists. */
static size_t es_lower(const xstate *st, size_t i, char *w, size_t wsz)
{
	const char *p = TWORD(st, i);
	size_t n = st->t[i].len, k, o = 0;

	for (k = 0; k < n && o + 2 < wsz; k++) {
		unsigned char c = (unsigned char)p[k];
		if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c + 32);
		} else if (c == 0xc3 && k + 1 < n) {
			unsigned char d = (unsigned char)p[k + 1];
			if (d >= 0x80 && d <= 0x9e && d != 0x97)
				d = (unsigned char)(d + 0x20);
			w[o++] = (char)c;
			w[o++] = (char)d;
			k++;
			continue;
		}
		w[o++] = (char)c;
	}
	w[o] = '\0';
	return o;
}

static int word_in(const char *w, size_t n, const char *const *list, size_t step)
{
	size_t k;

	/* (the first byte first: the lists of verbs run to hundreds of
	 * words, and this is asked for most tokens) */
	for (k = 0; list[k] != NULL; k += step)
		if (n > 0 && list[k][0] == w[0] && strncmp(list[k], w, n) == 0 && list[k][n] == '\0')
			return (int)k + 1;
	return 0;
}

/* Is token i a word of `list` (lowercased as above)? */
static int es_in(const xstate *st, size_t i, const char *const *list)
{
	char w[64];
	size_t n;

	if (i >= st->nt || st->t[i].kind != T_WORD)
		return 0;
	n = es_lower(st, i, w, sizeof w);
	return word_in(w, n, list, 1) != 0;
}

static int es_is(const xstate *st, size_t i, const char *word)
{
	char w[64];
	size_t n;

	if (i >= st->nt || st->t[i].kind != T_WORD)
		return 0;
	n = es_lower(st, i, w, sizeof w);
	return strlen(word) == n && memcmp(word, w, n) == 0;
}

static int is_word(const xstate *st, size_t i)
{
	return i < st->nt && st->t[i].kind == T_WORD && !st->t[i].inq;
}

/* A title or descriptor (descriptors.txt): its role key and gender. */
static int desc_at(const xstate *st, size_t i, const char **key, char *g)
{
	char w[64];
	size_t n;
	int k;

	if (!is_word(st, i))
		return 0;
	n = es_lower(st, i, w, sizeof w);
	k = word_in(w, n, cl_es_descriptors, 3);
	if (k == 0)
		return 0;
	*key = cl_es_descriptors[k + 1];
	*g = cl_es_descriptors[k][0] == 'c' ? 0 : cl_es_descriptors[k][0];
	return 1;
}

/* The gender an article or determiner says: el/un/del/al 'm', la/una 'f'. */
static char article_gender(const xstate *st, size_t i)
{
	if (es_is(st, i, "el") || es_is(st, i, "un") || es_is(st, i, "del") ||
	    es_is(st, i, "al") || es_is(st, i, "este"))
		return 'm';
	if (es_is(st, i, "la") || es_is(st, i, "una") || es_is(st, i, "esta"))
		return 'f';
	return 0;
}

/* A speech verb out of quotes: not impersonal ("se dice que") or denied
 * ("no dijo que"); a participle only after a form of haber. */
static int es_cue(const xstate *st, size_t i)
{
	const char *w;
	size_t n;

	if (!is_word(st, i))
		return 0;
	/* "al señalar que …", "para añadir que …": an infinitive after
	 * "al" or "para" reports too */
	/* ("tras señalar que", "luego de afirmar que", "después de
	 * advertir que": the same, after a preposition of time) */
	if (es_in(st, i, cl_es_speech_infinitives))
		return i > 0 && (es_is(st, i - 1, "al") || es_is(st, i - 1, "para") ||
				 es_is(st, i - 1, "tras") ||
				 (i > 1 && es_is(st, i - 1, "de") &&
				  (es_is(st, i - 2, "luego") || es_is(st, i - 2, "después") ||
				   es_is(st, i - 2, "antes") || es_is(st, i - 2, "además") ||
				   es_is(st, i - 2, "pesar"))) ||
				 (i > 1 && es_is(st, i - 1, "a") && es_is(st, i - 2, "pese")));
	if (i > 0 && (es_is(st, i - 1, "se") || es_is(st, i - 1, "no")))
		return 0;
	/* "dio a conocer que", "hizo saber que", "dejó (en) claro que":
	 * a verb of no speech of its own, with the words that make it one */
	if ((es_is(st, i, "dio") || es_is(st, i, "dieron") || es_is(st, i, "da") ||
	     es_is(st, i, "dan")) && es_is(st, i + 1, "a") && es_is(st, i + 2, "conocer"))
		return 1;
	if ((es_is(st, i, "hizo") || es_is(st, i, "hicieron")) && es_is(st, i + 1, "saber"))
		return 1;
	if ((es_is(st, i, "dejó") || es_is(st, i, "dejaron")) &&
	    (es_is(st, i + 1, "claro") || (es_is(st, i + 1, "en") && es_is(st, i + 2, "claro"))))
		return 1;
	if (!es_in(st, i, cl_es_speech_verbs))
		return 0;
	/* "la alerta naranja", "la denuncia de los vecinos": after a
	 * determiner the word is a noun */
	if (i > 0 && (es_is(st, i - 1, "la") || es_is(st, i - 1, "el") || es_is(st, i - 1, "una") ||
		      es_is(st, i - 1, "un") || es_is(st, i - 1, "su") || es_is(st, i - 1, "esta") ||
		      es_is(st, i - 1, "este") || es_is(st, i - 1, "cada") || es_is(st, i - 1, "dicha") ||
		      es_is(st, i - 1, "nueva") || es_is(st, i - 1, "otra")))
		return 0;
	w = TWORD(st, i);
	n = st->t[i].len;
	if ((n > 3 && (memcmp(w + n - 3, "ado", 3) == 0 || memcmp(w + n - 3, "ido", 3) == 0 ||
		       memcmp(w + n - 3, "cho", 3) == 0 || memcmp(w + n - 3, "ito", 3) == 0 ||
		       memcmp(w + n - 3, "sto", 3) == 0)) &&
	    !(i > 0 && (es_is(st, i - 1, "ha") || es_is(st, i - 1, "han") ||
			es_is(st, i - 1, "había") || es_is(st, i - 1, "habían") ||
			es_is(st, i - 1, "habría") || es_is(st, i - 1, "habrían") ||
			es_is(st, i - 1, "hubiera") || es_is(st, i - 1, "hubieran") ||
			es_is(st, i - 1, "haber") || es_is(st, i - 1, "habiendo"))))
		return 0;
	return 1;
}

static int is_dash(const xstate *st, size_t i)
{
	return tok_punct(st, i, EMDASH);
}

/* ---- names ------------------------------------------------------------------ */

typedef struct esname {
	size_t a, b;
	int person, org;
	char gender;
	char name[NAMEMAX];
} esname;

/* An all-capitals word of two or more letters ("CNE", "EE.UU"). */
static int acronym(const xstate *st, size_t i)
{
	const char *w = TWORD(st, i);
	size_t n = st->t[i].len, k, up = 0;

	for (k = 0; k < n; k++) {
		if (w[k] >= 'A' && w[k] <= 'Z')
			up++;
		else if (w[k] != '.')
			return 0;
	}
	return up >= 2;
}

/* Can a name start at token i? */
static int name_start(const xstate *st, size_t i)
{
	const char *key;
	char g;

	/* "Julio Navarro": a month's name is a first name when a
	 * capitalised word follows */
	return is_word(st, i) && st->t[i].cap && !es_in(st, i, cl_es_cap_stop) &&
	       !es_in(st, i, cl_es_speech_verbs) && !desc_at(st, i, &key, &g) &&
	       !es_in(st, i, cl_es_weekdays) &&
	       (!es_in(st, i, cl_es_months) ||
		(i + 1 < st->nt && is_word(st, i + 1) && st->t[i + 1].cap &&
		 !es_in(st, i + 1, cl_es_cap_stop)));
}

/* Is word i a known first name (es and en lists)? */
static int given_name(const xstate *st, size_t i)
{
	char fw[64];
	size_t fn = es_lower(st, i, fw, sizeof fw);

	return word_in(fw, fn, cl_es_names_female, 1) || word_in(fw, fn, cl_es_names_male, 1) ||
	       in_list(fw, fn, cl_en_names_female) || in_list(fw, fn, cl_en_names_male);
}

/* The capitalised name run at i (within [i..lim]) into n; returns the
 * token after it, or i when none starts there. */
static size_t es_name(const xstate *st, size_t i, size_t lim, esname *n)
{
	size_t j, k, words = 1;
	char w[64];
	size_t wn;

	if (!name_start(st, i))
		return i;
	/* "el general PNP Fernando Portugal": a body's acronym before a
	 * person's first name qualifies the title, it is not the name */
	if (acronym(st, i) && i + 1 <= lim && name_start(st, i + 1) && !acronym(st, i + 1)) {
		char fw[64];
		size_t fn = es_lower(st, i + 1, fw, sizeof fw);
		if (word_in(fw, fn, cl_es_names_female, 1) || word_in(fw, fn, cl_es_names_male, 1) ||
		    in_list(fw, fn, cl_en_names_female) || in_list(fw, fn, cl_en_names_male))
			i++;
	}
	j = i + 1;
	while (j <= lim && words < 10) {
		if (is_word(st, j) && st->t[j].cap) {
			j++;
			words++;
			continue;
		}
		/* "de la Fuente", "Defensoría del Pueblo" */
		k = j;
		while (k <= lim && k < j + 2 && is_word(st, k) && !st->t[k].cap &&
		       es_in(st, k, cl_es_name_links))
			k++;
		/* ("la Fiscalía y la Policía": two bodies, not one name) */
		if (k > j && k <= lim && is_word(st, k) && st->t[k].cap &&
		    !es_in(st, k, cl_es_cap_stop) &&
		    !(k == j + 2 && es_is(st, j, "y") &&
		      (es_is(st, j + 1, "la") || es_is(st, j + 1, "el") ||
		       es_is(st, j + 1, "los") || es_is(st, j + 1, "las")))) {
			j = k;
			continue;
		}
		break;
	}
	/* "la exministra de Justicia Ana Belén Ochoa", "el titular del
	 * Ministerio de Salud Pública Carolina Ríos": after "de" a run
	 * that does not open with a first name ends before the first name
	 * in it (what the title is of, then the person) */
	if (i > 0 && (es_is(st, i - 1, "de") || es_is(st, i - 1, "del")) && !given_name(st, i)) {
		for (k = i + 1; k + 1 < j; k++)
			if (is_word(st, k) && st->t[k].cap && given_name(st, k) &&
			    is_word(st, k + 1) && st->t[k + 1].cap && !es_in(st, k - 1, cl_es_name_links)) {
				j = k;
				break;
			}
	}
	/* "EE.UU." keeps its last dot when the sentence goes on. */
	if (j <= lim && tok_punct(st, j, ".") && memchr(TWORD(st, j - 1), '.', st->t[j - 1].len) &&
	    (j + 1 > lim || !st->t[j + 1].cap))
		j++;
	n->a = i;
	n->b = j - 1;
	n->org = 0;
	n->person = 0;
	n->gender = 0;
	for (k = i; k < j; k++)
		if (es_in(st, k, cl_es_org_words))
			n->org = 1;
	if (j - i == 1 || (j - i == 2 && tok_punct(st, j - 1, ".")))
		n->org |= acronym(st, i);
	wn = es_lower(st, i, w, sizeof w);
	if (word_in(w, wn, cl_es_names_female, 1) || in_list(w, wn, cl_en_names_female))
		n->gender = 'f';
	else if (word_in(w, wn, cl_es_names_male, 1) || in_list(w, wn, cl_en_names_male))
		n->gender = 'm';
	/* "la ministra de Energía y Minas", "el canciller de Guyana": after
	 * "de" a name without a known first name is a place or a body */
	if (!n->org && (n->gender || (words >= 2 && !(i > 0 && (es_is(st, i - 1, "de") ||
								 es_is(st, i - 1, "del"))))))
		n->person = 1;
	/* the article's bytes are not NUL-terminated: no cl_x_copy_name */
	wn = tok_end(st, j - 1) - st->t[i].off;
	if (wn >= NAMEMAX) {
		wn = NAMEMAX - 1;
		while (wn > 0 && ((unsigned char)st->buf[st->t[i].off + wn] & 0xc0) == 0x80)
			wn--;
	}
	memcpy(n->name, st->buf + st->t[i].off, wn);
	n->name[wn] = '\0';
	return j;
}

/* ---- what the article has named ------------------------------------------ */

static void role_note(xstate *st, const char *key, char g, const char *phrase,
		      const char *name)
{
	struct esrole *r = NULL;
	size_t i, old = 0;

	st->clock++;
	for (i = 0; i < st->nesr; i++)
		if (strcmp(st->esr[i].key, key) == 0 && strcmp(st->esr[i].name, name) == 0)
			r = &st->esr[i];
	if (r == NULL) {
		if (st->nesr < NROLE) {
			r = &st->esr[st->nesr++];
		} else {
			for (i = 1; i < NROLE; i++)
				if (st->esr[i].seen < st->esr[old].seen)
					old = i;
			r = &st->esr[old];
		}
		cl_x_copy_name(r->key, key, strlen(key) < sizeof r->key ? strlen(key)
									 : sizeof r->key - 1);
		r->key[sizeof r->key - 1] = '\0';
		cl_x_copy_name(r->name, name, strlen(name));
		r->phrase[0] = '\0';
	}
	r->gender = g;
	if (phrase[0]) {
		size_t pn = strlen(phrase);
		if (pn >= sizeof r->phrase)
			pn = sizeof r->phrase - 1;
		while (pn > 0 && ((unsigned char)phrase[pn] & 0xc0) == 0x80)
			pn--;
		memcpy(r->phrase, phrase, pn);
		r->phrase[pn] = '\0';
	}
	r->seen = st->clock;
}

/* The lowercase words [a..b] joined by spaces into out. */
static void phrase_of(const xstate *st, size_t a, size_t b, char *out, size_t osz)
{
	size_t k, o = 0;

	out[0] = '\0';
	for (k = a; k <= b && k < st->nt; k++) {
		char w[64];
		size_t n;
		if (st->t[k].kind != T_WORD)
			continue;
		n = es_lower(st, k, w, sizeof w);
		if (o + n + 2 >= osz)
			break;
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, w, n);
		o += n;
	}
	out[o] = '\0';
}

/* The person introduced with a title right before the name run [a..]:
 * "el ministro de Economía, Rodrigo Salvatierra", "la dirigente
 * opositora Delsa Solórzano", "el jefe negociador del ELN, Pablo
 * Beltrán" (a jefe and a negociador).  Notes every title of the phrase
 * with the words after it; returns the first title's gender, or 0. */
static char title_before(xstate *st, size_t s, const esname *n)
{
	const char *key = NULL;
	char g = 0, ag, phrase[64], first = 0;
	size_t k, d = SIZE_MAX, a = n->a, end, lo;

	if (a > s && tok_punct(st, a - 1, ",")) {
		end = a - 2;
		for (k = a - 1; k-- > s && a - k < 14; ) {
			if (!is_word(st, k))
				break;
			if (desc_at(st, k, &key, &g))
				d = k;
		}
	} else {
		end = a - 1;
		for (k = a; k-- > s && a - k <= 3; ) {
			/* "el edil de la Benito Juárez": the name is what
			 * the title is of, not who holds it */
			/* ("El Presidente Gabriel Boric": a title may be
			 * capitalised) */
			if (!is_word(st, k) || (st->t[k].cap && !desc_at(st, k, &key, &g)) ||
			    es_in(st, k, cl_es_name_links) || es_in(st, k, cl_es_preps))
				break;
			if (desc_at(st, k, &key, &g))
				d = k;
		}
	}
	if (d == SIZE_MAX)
		return 0;
	lo = d;
	for (k = lo; k <= end && k < a; k++) {
		if (!desc_at(st, k, &key, &g))
			continue;
		phrase_of(st, k + 1, end, phrase, sizeof phrase);
		ag = k == lo && k > s ? article_gender(st, k - 1) : 0;
		if (ag)
			g = ag;
		if (k > lo && !g)
			g = first;
		if (!g)
			g = n->gender;
		if (k == lo)
			first = g;
		role_note(st, key, g, phrase, n->name);
	}
	return first;
}

/* "Claudia Sheinbaum, jefa de Gobierno de la CDMX, …": a title in the
 * appositive after the name; the words after it up to the next comma. */
static void title_after(xstate *st, size_t nk, size_t e, const esname *n)
{
	const char *key;
	char g, ag = 0, phrase[64];
	size_t k = nk + 1, end;

	if (nk > e || !tok_punct(st, nk, ","))
		return;
	if (k <= e && (es_is(st, k, "el") || es_is(st, k, "la") || es_is(st, k, "su"))) {
		ag = article_gender(st, k);
		k++;
	}
	if (!desc_at(st, k, &key, &g))
		return;
	for (end = k + 1; end <= e && end < k + 12 && is_word(st, end); end++)
		;
	phrase_of(st, k + 1, end - 1, phrase, sizeof phrase);
	if (ag)
		g = ag;
	if (!g)
		g = n->gender;
	role_note(st, key, g, phrase, n->name);
}

/* "Consejo Nacional Electoral (CNE)": the acronym stands for the name. */
static void acronym_after(xstate *st, size_t nk, size_t e, const esname *n)
{
	char k[48];
	size_t len;

	if (nk + 2 > e || !tok_punct(st, nk, "(") || !is_word(st, nk + 1) ||
	    !acronym(st, nk + 1) || !tok_punct(st, nk + 2, ")"))
		return;
	k[0] = '#';
	len = st->t[nk + 1].len < sizeof k - 2 ? st->t[nk + 1].len : sizeof k - 2;
	memcpy(k + 1, TWORD(st, nk + 1), len);
	k[len + 1] = '\0';
	role_note(st, k, 0, "", n->name);
}

static const ent *person_by_part(const xstate *st, const char *w);

/* Note the people and bodies of sentence [s..e], out of quotes. */
static void es_mentions(xstate *st, size_t s, size_t e)
{
	size_t k = s, nk;
	esname n;

	while (k <= e) {
		if (st->t[k].inq) {
			k++;
			continue;
		}
		nk = es_name(st, k, e, &n);
		if (nk == k) {
			k++;
			continue;
		}
		if (n.person || n.org) {
			char g = n.person ? title_before(st, s, &n) : 0;
			const ent *full = n.person ? person_by_part(st, n.name) : NULL;
			/* "Maduro" after "Nicolás Maduro Moros": the same person */
			if (full != NULL && strcmp(full->name, n.name) != 0) {
				char nm[NAMEMAX];
				cl_x_copy_name(nm, full->name, strlen(full->name));
				cl_x_copy_name(n.name, nm, strlen(nm));
				n.gender = full->gender;
			}
			if (n.person && !n.gender)
				n.gender = g;
			cl_x_ent_note(st, n.name, n.person, n.gender);
			if (n.org)
				acronym_after(st, nk, e, &n);
			if (n.person && !g)
				title_after(st, nk, e, &n);
		}
		k = nk;
	}
}

/* A person already named whose name has the words of `w` after its
 * first word ("Maduro", "Benavides Prado" for "Nicolás Maduro Moros",
 * "Óscar Benavides Prado"). */
static const ent *person_by_part(const xstate *st, const char *w)
{
	size_t i, n = strlen(w);
	const ent *best = NULL, *same = NULL;

	for (i = 0; i < st->nents && i < NENT; i++) {
		const ent *e = &st->ents[i];
		const char *p;
		if (!e->person)
			continue;
		if (strcmp(e->name, w) == 0) {
			same = e;
			continue;
		}
		for (p = strchr(e->name, ' '); p != NULL; p = strchr(p + 1, ' ')) {
			if (strncmp(p + 1, w, n) == 0 && (p[1 + n] == '\0' || p[1 + n] == ' ')) {
				if (best == NULL || e->seen > best->seen)
					best = e;
				break;
			}
		}
	}
	if (best == NULL && same == NULL && strchr(w, ' ') == NULL) {
		/* "Rubén" for "Rubén del Campo": a first name alone, when
		 * exactly one person has it */
		const ent *one = NULL;
		for (i = 0; i < st->nents && i < NENT; i++) {
			const ent *e = &st->ents[i];
			if (e->person && strncmp(e->name, w, n) == 0 && e->name[n] == ' ') {
				if (one != NULL)
					return NULL;
				one = e;
			}
		}
		return one;
	}
	return best != NULL ? best : same;
}

static const struct esrole *acronym_body(const xstate *st, const char *w)
{
	size_t i;

	for (i = 0; i < st->nesr; i++)
		if (st->esr[i].key[0] == '#' && strcmp(st->esr[i].key + 1, w) == 0)
			return &st->esr[i];
	return NULL;
}

/* How many of the words of `mods` (longer than three bytes: not "de",
 * "la", "del") are words of `phrase`. */
static int words_shared(const char *mods, const char *phrase)
{
	const char *p = mods;
	int hits = 0;

	while (*p) {
		const char *q = strchr(p, ' '), *f = phrase;
		size_t n = q ? (size_t)(q - p) : strlen(p);
		while (n > 3 && *f) {
			const char *g = strchr(f, ' ');
			size_t fn = g ? (size_t)(g - f) : strlen(f);
			if (fn == n && memcmp(f, p, n) == 0) {
				hits++;
				break;
			}
			f += fn;
			while (*f == ' ')
				f++;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return hits;
}

/* The lowercase of a name (ASCII and the Latin-1 capitals in UTF-8). */
static void fold_name(const char *in, char *out, size_t osz)
{
	size_t i = 0;

	for (; *in && i + 1 < osz; in++, i++) {
		unsigned char c = (unsigned char)*in;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (c >= 0x80 && c <= 0x9e && i > 0 && (unsigned char)out[i - 1] == 0xc3 && c != 0x97)
			c = (unsigned char)(c + 32);
		out[i] = (char)c;
	}
	out[i] = '\0';
}

/* The letter a name word opens with, Latin-1 accents dropped. */
static char initial_of(const char *w)
{
	static const char acc[] = "AAAAAAACEEEEIIIIDNOOOOO";
	unsigned char c = (unsigned char)w[0];

	if (c >= 'A' && c <= 'Z')
		return (char)c;
	if (c == 0xc3 && (unsigned char)w[1] >= 0x80 && (unsigned char)w[1] <= 0x96)
		return acc[(unsigned char)w[1] - 0x80];
	return 0;
}

/* "la OMS" after "la Organización Mundial de la Salud" (no "(OMS)"
 * anywhere): the latest body whose capitalised words open with the
 * acronym's letters, in order. */
static const ent *body_by_initials(const xstate *st, const char *w)
{
	char want[16];
	size_t n = 0, i;
	const ent *best = NULL;

	for (; *w; w++) {
		if (*w == '.')
			continue;
		if (*w < 'A' || *w > 'Z' || n + 1 >= sizeof want)
			return NULL;
		want[n++] = *w;
	}
	want[n] = '\0';
	if (n < 2)
		return NULL;
	for (i = 0; i < st->nents && i < NENT; i++) {
		const ent *e = &st->ents[i];
		const char *p = e->name;
		size_t got = 0;
		int ok = 1;
		if (e->person)
			continue;
		while (*p && ok) {
			char c = initial_of(p);
			if (c != 0) {
				if (got >= n || c != want[got])
					ok = 0;
				got++;
			}
			while (*p && *p != ' ')
				p++;
			while (*p == ' ')
				p++;
		}
		if (ok && got == n && got >= 2 && (best == NULL || e->seen > best->seen))
			best = e;
	}
	return best;
}

static int words_shared(const char *mods, const char *phrase);

/* "la organización", "el poder electoral", "el ente electoral": a body
 * the article named before, called by a lowercase noun of bodies
 * (org_words.txt, body_nouns.txt): the latest body whose name has a
 * word of the phrase; for a noun alone that names no kind of body
 * ("el organismo"), the latest body. */
static const ent *body_by_noun(const xstate *st, size_t a, size_t b)
{
	char mods[64], nm[NAMEMAX];
	size_t i, k;
	const ent *best = NULL, *last = NULL;

	if (b < a + 1 || b > a + 3 ||
	    !(es_is(st, a, "el") || es_is(st, a, "la") || es_is(st, a, "del")))
		return NULL;
	if (!(es_in(st, a + 1, cl_es_org_words) || es_in(st, a + 1, cl_es_body_nouns)))
		return NULL;
	for (k = a + 1; k <= b; k++)
		if (!is_word(st, k) || st->t[k].cap)
			return NULL;
	phrase_of(st, a + 1, b, mods, sizeof mods);
	for (i = 0; i < st->nents && i < NENT; i++) {
		const ent *e = &st->ents[i];
		/* "CFA" stands for "Consejo Fiscal Autónomo", noted too */
		if (e->person || acronym_body(st, e->name) != NULL)
			continue;
		if (last == NULL || e->seen > last->seen)
			last = e;
		fold_name(e->name, nm, sizeof nm);
		if (words_shared(mods, nm) > 0 && (best == NULL || e->seen > best->seen))
			best = e;
	}
	if (best == NULL && b == a + 1 && es_in(st, a + 1, cl_es_body_nouns))
		best = last;
	return best;
}

/* "el mandatario", "la jefa de la misión": the person introduced with
 * the role `key` and gender `g` (0: either); `mods` (the words after the
 * title) choose between several.  *conf says how sure. */
static const char *role_person(const xstate *st, const char *key, char g, const char *mods,
			       int head, int *conf)
{
	size_t i;
	const struct esrole *best = NULL, *bestm = NULL;
	int generic = word_in(key, strlen(key), cl_es_generic_descriptors, 1) != 0;
	int n = 0, nm = 0, top = 0;

	const struct esrole *said = NULL;

	for (i = 0; i < st->nesr; i++) {
		const struct esrole *r = &st->esr[i];
		int h;
		if (r->key[0] == '#' || (g && r->gender && r->gender != g))
			continue;
		if (!generic && strcmp(r->key, key) != 0 &&
		    !(head && strcmp(key, "presidente") == 0 && strcmp(r->key, "jefe") == 0 &&
		      (strstr(r->phrase, "gobierno") != NULL || strstr(r->phrase, "estado") != NULL)))
			continue;
		if (g && !r->gender)
			continue;   /* the title said no gender: not safe */
		n++;
		if (best == NULL || r->seen > best->seen)
			best = r;
		/* the one who spoke last, of those who fit */
		if (st->lastspk[0] && strcmp(r->name, st->lastspk) == 0)
			said = r;
		h = mods[0] ? words_shared(mods, r->phrase) : 0;
		if (h > top) {
			top = h;
			bestm = r;
			nm = 1;
		} else if (h == top && h > 0) {
			nm++;
		}
	}
	/* "el titular de Transformación Digital, Óscar López" … "El
	 * ministro": a person introduced with a title of any office
	 * (generic_descriptors.txt) fits a specific one, less sure */
	if (best == NULL && !generic) {
		for (i = 0; i < st->nesr; i++) {
			const struct esrole *r = &st->esr[i];
			if (r->key[0] == '#' || (g && r->gender && r->gender != g) ||
			    !word_in(r->key, strlen(r->key), cl_es_generic_descriptors, 1))
				continue;
			if (best == NULL || r->seen > best->seen)
				best = r;
		}
		if (best == NULL)
			return NULL;
		*conf = CONF_LOW;
		return best->name;
	}
	if (best == NULL)
		return NULL;
	*conf = CONF_HIGH;
	if (nm == 1)
		return bestm->name;
	if (n > 1) {
		/* two fit and nothing chooses: said, not hidden; the one
		 * the article was quoting goes on ("El Presidente Gabriel
		 * Boric anunció …; el Mandatario descartó una reunión con
		 * el presidente electo José Antonio Kast y afirmó que"),
		 * else the one named last */
		*conf = CONF_LOW;
		if (said != NULL && st->unit_no - st->lastspk_unit <= 2)
			return said->name;
	}
	return best->name;
}

/* ---- a speaker phrase ------------------------------------------------------- */

/* The document noun heading the phrase [a..b] ("el informe", "un
 * comunicado de la Fiscalía": doc_words.txt) after its determiner, or
 * SIZE_MAX. */
static size_t doc_head(const xstate *st, size_t a, size_t b)
{
	size_t k = a;

	if (es_is(st, k, "el") || es_is(st, k, "la") || es_is(st, k, "un") ||
	    es_is(st, k, "los") || es_is(st, k, "las") || es_is(st, k, "sus") ||
	    es_is(st, k, "una") || es_is(st, k, "su") || es_is(st, k, "este") ||
	    es_is(st, k, "esta") || es_is(st, k, "dicho") || es_is(st, k, "dicha"))
		k++;
	if (k > b || !es_in(st, k, cl_es_doc_words) || st->t[k].cap)
		return SIZE_MAX;
	return k;
}

/* Is the title at d one of another person than the one quoted ("otro
 * ministro", "un experto")? */
static int d_negated(const xstate *st, size_t d)
{
	return d > 0 && (es_is(st, d - 1, "otro") || es_is(st, d - 1, "otra") ||
			 es_is(st, d - 1, "un") || es_is(st, d - 1, "una") ||
			 es_is(st, d - 1, "su") || es_is(st, d - 1, "sus"));
}

/* Resolve the phrase [a..b] (out of quotes) into *sp. */
static void es_resolve(xstate *st, size_t a, size_t b, spk *sp)
{
	size_t k, nk, d = SIZE_MAX;
	const char *key = NULL;
	char g = 0, dg = 0, mods[64];
	esname n, person, org, other;
	int have_p = 0, have_o = 0, have_x = 0, conf;
	const char *al;

	memset(sp, 0, sizeof *sp);
	memset(&person, 0, sizeof person);
	memset(&org, 0, sizeof org);
	memset(&other, 0, sizeof other);
	if (a > b || b >= st->nt)
		return;
	for (k = a; k <= b; k++) {
		if (st->t[k].inq)
			return;
		if (d == SIZE_MAX && !have_p && !have_o && desc_at(st, k, &key, &dg))
			d = k;
		nk = es_name(st, k, b, &n);
		if (nk > k) {
			/* "el edil de la Benito Juárez": after a title, a name
			 * behind "de" is what the title is of */
			int compl = k > a &&
				    ((d != SIZE_MAX && (es_is(st, k - 1, "de") || es_is(st, k - 1, "del") ||
							(es_is(st, k - 1, "la") && k - 1 > a &&
							 es_is(st, k - 2, "de")))) ||
				     es_in(st, k - 1, cl_es_preps));
			/* "La defensa de Morris anunció": a noun that is no
			 * title heads the phrase, the name is whose it is */
			if (!compl && k == a + 3 && (es_is(st, k - 1, "de") || es_is(st, k - 1, "del")) &&
			    (es_is(st, a, "el") || es_is(st, a, "la") || es_is(st, a, "los") ||
			     es_is(st, a, "las")) &&
			    is_word(st, a + 1) && !st->t[a + 1].cap && d == SIZE_MAX &&
			    !es_in(st, a + 1, cl_es_org_words) && !es_in(st, a + 1, cl_es_body_nouns) &&
			    !es_in(st, a + 1, cl_es_doc_words))
				compl = 1;
			if (compl) {
				k = nk - 1;
				continue;
			}
			if (n.person && !have_p) {
				person = n;
				have_p = 1;
			} else if (n.org && !have_o) {
				org = n;
				have_o = 1;
			} else if (!n.person && !n.org && !have_x) {
				other = n;
				have_x = 1;
			}
			k = nk - 1;
		}
	}
	if (have_p) {
		const ent *e = person_by_part(st, person.name);
		al = cl_aliases_lookup(st->al, person.name);
		if (al != NULL)
			cl_x_spk_found(sp, al, 0, CUE_ALIAS, CONF_HIGH);
		else
			cl_x_spk_set(sp, e ? e->name : person.name, 1);
		return;
	}
	/* "el entonces ministro", "el ex presidente", "el anterior
	 * alcalde": someone who held the office before, not its holder */
	if (d != SIZE_MAX && d > a && (es_is(st, d - 1, "entonces") || es_is(st, d - 1, "ex") ||
				       es_is(st, d - 1, "anterior") || es_is(st, d - 1, "antiguo") ||
				       es_is(st, d - 1, "antigua") || es_is(st, d - 1, "expresidente")))
		return;
	if (d != SIZE_MAX) {
		g = d > a ? article_gender(st, d - 1) : 0;
		if (!g)
			g = dg;
		phrase_of(st, d + 1, b, mods, sizeof mods);
		/* "el jefe de la cartera": a minister */
		if (strcmp(key, "jefe") == 0 && (strstr(mods, "cartera") != NULL ||
						 strstr(mods, "ministerio") != NULL))
			key = "ministro";
		/* "el jefe del Ejecutivo", "el jefe de Estado": a president */
		else if (strcmp(key, "jefe") == 0 && (strstr(mods, "ejecutivo") != NULL ||
						      strstr(mods, "gobierno") != NULL ||
						      strstr(mods, "estado") != NULL) &&
			 role_person(st, "jefe", g, mods, 0, &conf) == NULL)
			key = "presidente";
		al = role_person(st, key, g, mods, es_is(st, d, "mandatario") ||
				 es_is(st, d, "mandataria"), &conf);
		if (al != NULL) {
			char nm[NAMEMAX];
			cl_x_copy_name(nm, al, strlen(al));
			cl_x_spk_found(sp, nm, 1, CUE_DESCRIPTOR,
				       conf == CONF_HIGH ? CONF_HIGH : CONF_LOW);
			return;
		}
		/* a title nobody was introduced with: no guess, but for
		 * the person just quoted, when the article gave them no
		 * title of their own and the gender fits ("Nicolás Maduro
		 * aseguró … El líder del oficialismo aseguró que …") */
		if (st->lastspk[0] && st->lastspk_person && st->unit_no - st->lastspk_unit <= 1 &&
		    !d_negated(st, d)) {
			size_t i;
			int titled = 0, fits = !g;
			for (i = 0; i < st->nesr; i++)
				if (strcmp(st->esr[i].name, st->lastspk) == 0)
					titled = 1;
			for (i = 0; i < st->nents && i < NENT; i++)
				if (st->ents[i].person && strcmp(st->ents[i].name, st->lastspk) == 0 &&
				    (!st->ents[i].gender || st->ents[i].gender == g))
					fits = 1;
			if (!titled && fits)
				cl_x_spk_found(sp, st->lastspk, 1, CUE_DESCRIPTOR, CONF_LOW);
		}
		return;
	}
	if (have_o || have_x) {
		esname *m = have_o ? &org : &other;
		const struct esrole *r;
		const ent *e;
		char nm[NAMEMAX];
		/* "el Departamento de Estado de EE.UU.", "Washington" */
		if ((al = cl_aliases_lookup(st->al, m->name)) != NULL) {
			cl_x_copy_name(nm, al, strlen(al));
			cl_x_spk_found(sp, nm, 0, CUE_ALIAS, CONF_HIGH);
			return;
		}
		if ((r = acronym_body(st, m->name)) != NULL) {
			cl_x_copy_name(nm, r->name, strlen(r->name));
			cl_x_spk_found(sp, nm, 0, CUE_ALIAS, CONF_HIGH);
			return;
		}
		if (m->b == m->a && acronym(st, m->a) && (e = body_by_initials(st, m->name)) != NULL) {
			cl_x_copy_name(nm, e->name, strlen(e->name));
			cl_x_spk_found(sp, nm, 0, CUE_ALIAS, CONF_MEDIUM);
			return;
		}
		if (have_o) {
			/* "la Fiscalía" after "la Fiscalía de Ecuador": the
			 * latest body whose name opens with these words */
			const ent *best = NULL;
			size_t i, mn = strlen(m->name);
			for (i = 0; i < st->nents && i < NENT; i++) {
				const ent *b2 = &st->ents[i];
				if (!b2->person && strncmp(b2->name, m->name, mn) == 0 &&
				    b2->name[mn] == ' ' && (best == NULL || b2->seen > best->seen))
					best = b2;
			}
			if (best != NULL) {
				cl_x_copy_name(nm, best->name, strlen(best->name));
				cl_x_spk_found(sp, nm, 0, CUE_ALIAS, CONF_HIGH);
				return;
			}
			cl_x_spk_set(sp, m->name, 0);
			return;
		}
		if ((e = person_by_part(st, m->name)) != NULL) {
			cl_x_spk_set(sp, e->name, 1);
			return;
		}
		return;   /* a place, or a name never introduced */
	}
	/* "un informe trimestral del organismo", "el comunicado de la
	 * Fiscalía": a document speaks for whoever issued it */
	if (doc_head(st, a, b) != SIZE_MAX) {
		for (k = doc_head(st, a, b) + 1; k < b; k++)
			if (es_is(st, k, "de") || es_is(st, k, "del")) {
				es_resolve(st, es_is(st, k, "del") ? k : k + 1, b, sp);
				return;
			}
		return;
	}
	{
		const ent *e = body_by_noun(st, a, b);
		if (e != NULL) {
			char nm[NAMEMAX];
			cl_x_copy_name(nm, e->name, strlen(e->name));
			cl_x_spk_found(sp, nm, 0, CUE_DESCRIPTOR, CONF_MEDIUM);
			return;
		}
	}
	/* "el italiano", "la brasileña": a person introduced with that word
	 * after a title ("el técnico italiano Carlo Ancelotti") */
	if (b > a && b - a <= 2 && (es_is(st, a, "el") || es_is(st, a, "la")) && is_word(st, b) &&
	    !st->t[b].cap && st->t[b].len > 3) {
		char w[64], want = article_gender(st, a);
		size_t wn = es_lower(st, b, w, sizeof w), i;
		const struct esrole *best = NULL;
		int nfit = 0;
		w[wn] = '\0';
		for (i = 0; i < st->nesr; i++) {
			const struct esrole *r = &st->esr[i];
			if (r->key[0] == '#' || (r->gender && r->gender != want))
				continue;
			if (words_shared(w, r->phrase) > 0 && (best == NULL || strcmp(best->name, r->name) != 0)) {
				nfit++;
				if (best == NULL || r->seen > best->seen)
					best = r;
			}
		}
		if (best != NULL) {
			char nm[NAMEMAX];
			cl_x_copy_name(nm, best->name, strlen(best->name));
			cl_x_spk_found(sp, nm, 1, CUE_DESCRIPTOR, nfit == 1 ? CONF_MEDIUM : CONF_LOW);
			return;
		}
	}
	/* "él", "ella": the last person of that gender */
	if (es_is(st, a, "él") || es_is(st, a, "ella")) {
		char want = es_is(st, a, "ella") ? 'f' : 'm';
		const ent *best = NULL;
		for (k = 0; k < st->nents && k < NENT; k++)
			if (st->ents[k].person && st->ents[k].gender == want &&
			    (best == NULL || st->ents[k].seen > best->seen))
				best = &st->ents[k];
		if (best != NULL)
			cl_x_spk_found(sp, best->name, 1, CUE_PRONOUN, CONF_MEDIUM);
	}
}

/* The speaker left of the cue c: back to a clause boundary; the piece
 * after the last comma, else the comma-enclosed appositive before it
 * ("El ministro de Economía, Rodrigo Salvatierra, afirmó"), else the
 * piece before that.  *empty when there is no phrase at all (pro-drop). */
static void sentence_subject(xstate *st, size_t s, size_t c, spk *sp);

static void np_left_at(xstate *st, size_t c, size_t s, spk *sp, int *empty, int depth);
static void continuation(const xstate *st, spk *sp);

/* Does the last comma piece of [l..r) open (past a connective: "Por su
 * parte", "A su vez", "Mientras tanto") with a noun phrase the rules
 * cannot resolve ("la empresa", "el sindicato de maestros", "los
 * vecinos")?  Such a subject is someone, not the last speaker going on:
 * no claim rather than a wrong speaker. */
static int np_subject(const xstate *st, size_t l, size_t r)
{
	static const char *const dets[] = { "el", "la", "los", "las", "un", "una", "unos",
					    "unas", "su", "sus", "dicho", "dicha", "otro",
					    "otra", "otros", "otras", NULL };
	static const char *const conns[] = { "parte", "vez", "tanto", "además", "asimismo",
					     "también", "luego", "después", "entonces",
					     "embargo", "obstante", "lado", "ahora", "hoy",
					     "ayer", "finalmente", "incluso", NULL };
	size_t ps = r, k;

	while (ps > l && !tok_punct(st, ps - 1, ","))
		ps--;
	for (k = ps; k + 1 < r && k < ps + 5; k++) {
		if (!es_in(st, k, dets))
			continue;
		if (k > ps && !es_in(st, k - 1, conns))
			return 0;
		if (!is_word(st, k + 1) || st->t[k + 1].cap ||
		    es_in(st, k + 1, cl_es_time_nouns) || es_in(st, k + 1, cl_es_weekdays) ||
		    es_is(st, k + 1, "próximo") || es_is(st, k + 1, "pasado") ||
		    es_is(st, k + 1, "mismo") || es_is(st, k + 1, "misma") ||
		    es_in(st, k + 1, cl_es_doc_words))
			return 0;
		return 1;
	}
	return 0;
}

/* Is token p the colon of a time ("20:00")? */
static int time_colon(const xstate *st, size_t p)
{
	return tok_punct(st, p, ":") && p > 0 && p + 1 < st->nt &&
	       st->t[p - 1].kind == T_WORD && st->t[p + 1].kind == T_WORD &&
	       TWORD(st, p - 1)[0] >= '0' && TWORD(st, p - 1)[0] <= '9' &&
	       TWORD(st, p + 1)[0] >= '0' && TWORD(st, p + 1)[0] <= '9';
}

static void np_left(xstate *st, size_t c, size_t s, spk *sp, int *empty)
{
	np_left_at(st, c, s, sp, empty, 0);
}

static void np_left_at(xstate *st, size_t c, size_t s, spk *sp, int *empty, int depth)
{
	size_t l = c, r = c, k, share_at = SIZE_MAX;
	int tries, shared = 0;

	memset(sp, 0, sizeof *sp);
	/* auxiliaries, adverbs and clitics between subject and verb ("X
	 * habría dicho", "X le aseguró", "X nos dijo") */
	while (l > s && (es_is(st, l - 1, "ha") || es_is(st, l - 1, "han") ||
			 es_is(st, l - 1, "había") || es_is(st, l - 1, "habían") ||
			 es_is(st, l - 1, "habría") || es_is(st, l - 1, "habrían") ||
			 es_is(st, l - 1, "hubiera") || es_is(st, l - 1, "hubieran") ||
			 es_is(st, l - 1, "le") || es_is(st, l - 1, "les") ||
			 es_is(st, l - 1, "nos") || es_is(st, l - 1, "me") ||
			 es_is(st, l - 1, "lo") ||
			 es_is(st, l - 1, "también") || es_is(st, l - 1, "ya")))
		l--;
	r = l;
	/* "X leyó el boletín, y aseguró que": the subject is shared */
	if (l > s && es_is(st, l - 1, "y"))
		shared = 1;
	while (l > s && r - l < 40) {
		size_t p = l - 1;
		/* ("desde las 20:00 en Houston": a colon in a time) */
		if (time_colon(st, p)) {
			l--;
			continue;
		}
		/* "Zohran Mamdani, el joven asambleísta que hizo historia
		 * al …, aseguró que": a relative clause set off before the
		 * verb; its antecedent is the subject */
		if (es_is(st, p, "que") && p > s && r > l && tok_punct(st, r - 1, ",") &&
		    is_word(st, p - 1) && !es_is(st, p - 1, "el") && !es_is(st, p - 1, "la") &&
		    !es_is(st, p - 1, "lo") && !es_is(st, p - 1, "los") && !es_is(st, p - 1, "las") &&
		    !es_in(st, p - 1, cl_es_que_stop) && !es_cue(st, p - 1) &&
		    !es_in(st, p - 1, cl_es_speech_infinitives)) {
			l--;
			continue;
		}
		if (st->t[p].inq || st->t[p].kind == T_QMARK || es_is(st, p, "que") ||
		    tok_punct(st, p, ":") || tok_punct(st, p, ";") || is_dash(st, p) ||
		    es_cue(st, p)) {
			/* "un mensaje en el que denunció", "al tiempo que
			 * subrayó", "aseguró …, y añadió": the subject is
			 * the sentence's */
			if (es_cue(st, p)) {
				shared = 1;
				share_at = p;
			} else if (es_is(st, p, "que") && p > s &&
				   (es_is(st, p - 1, "el") || es_is(st, p - 1, "la") ||
				    es_is(st, p - 1, "lo") || es_is(st, p - 1, "tiempo") ||
				    es_is(st, p - 1, "vez") ||
				    es_is(st, p - 1, "los") || es_is(st, p - 1, "las"))) {
				/* the clause before "en el que", "a la vez que" */
				size_t q = p - 1;
				while (q > s && (es_is(st, q - 1, "el") || es_is(st, q - 1, "la") ||
						 es_is(st, q - 1, "lo") || es_is(st, q - 1, "los") ||
						 es_is(st, q - 1, "las") || es_is(st, q - 1, "a") ||
						 es_is(st, q - 1, "al") || es_is(st, q - 1, "en") ||
						 es_is(st, q - 1, "con") || es_is(st, q - 1, "por") ||
						 es_is(st, q - 1, "de") || es_is(st, q - 1, "mismo")))
					q--;
				if (q > s && tok_punct(st, q - 1, ","))
					q--;
				shared = 1;
				share_at = q;
			}
			/* "…, Johann Wadephul, que el jueves indicó que": the
			 * relative's antecedent, the piece before the comma */
			if (es_is(st, p, "que") && p > s + 1 && tok_punct(st, p - 1, ",")) {
				size_t q = p - 1;
				while (q > s && !tok_punct(st, q - 1, ",") && p - q < 12)
					q--;
				if (q < p - 1) {
					es_resolve(st, q, p - 2, sp);
					if (sp->ok && sp->person) {
						*empty = 0;
						st->es_relay = 1;
						return;
					}
					memset(sp, 0, sizeof *sp);
				}
			}
			break;
		}
		l--;
	}
	/* "X aseguró sentirse feliz …, y añadió que": a cue right after
	 * "y" shares the subject of the cue before */
	if (shared && (l == r || (r > l && es_is(st, r - 1, "y") &&
				  (share_at == SIZE_MAX || es_cue(st, share_at))))) {
		int e2 = 0;
		/* the subject of the clause before the cue or connective */
		if (share_at != SIZE_MAX && share_at > s && depth < 2) {
			np_left_at(st, share_at, s, sp, &e2, depth + 1);
		} else {
			sentence_subject(st, s, l, sp);
			/* the sentence's first cue, when it has no subject */
			for (k = s; !sp->ok && k < l && depth < 2; k++)
				if (es_cue(st, k)) {
					np_left_at(st, k, s, sp, &e2, depth + 1);
					share_at = k;
					break;
				}
		}
		/* "Al mismo tiempo reiteró …, y subrayó que": the cue before
		 * has no subject either; the last speaker goes on */
		if (!sp->ok && e2 && share_at != SIZE_MAX && es_cue(st, share_at))
			continuation(st, sp);
		if (sp->ok) {
			*empty = 0;
			return;
		}
	}
	*empty = 1;
	for (k = l; k < r; k++)
		if (st->t[k].kind == T_WORD)
			*empty = 0;
	/* the pieces, right to left */
	for (tries = 0, k = r; tries < 3 && k > l; tries++) {
		size_t pe = k, ps = k;
		while (ps > l && !tok_punct(st, ps - 1, ","))
			ps--;
		if (ps < pe) {
			es_resolve(st, ps, pe - 1, sp);
			if (sp->ok)
				return;
			/* a piece that names nobody ("El lunes", "En un
			 * comunicado") before the subject: stop at a piece
			 * with a word the rules know as a subject */
		}
		if (ps == l)
			break;
		k = ps - 1;
	}
	/* "Este lunes, afirmó que": only adverbials before the cue */
	if (!sp->ok) {
		int subj = 0;
		/* ("Sobre el partido contra Argentina, …, en Houston, señaló
		 * que": a name after a preposition is a place or a topic,
		 * an adverbial, not the cue's subject) */
		for (k = l; k < r; k++) {
			esname n;
			const char *key;
			char g;
			if (k > l && (es_in(st, k - 1, cl_es_preps) || es_is(st, k - 1, "de") ||
				      es_is(st, k - 1, "del") || es_is(st, k - 1, "durante")))
				continue;
			if (desc_at(st, k, &key, &g) || es_name(st, k, r - 1, &n) > k)
				subj = 1;
		}
		if (!subj)
			subj = np_subject(st, l, r);
		/* "Sobre el próximo partido contra Argentina, …, el 4 de
		 * julio en el estadio NRG, señaló que": a comma right before
		 * the cue; only the clause's first piece can be its subject,
		 * and one that opens with a preposition is an adverbial */
		if (r > l + 1 && tok_punct(st, r - 1, ",")) {
			size_t pe;
			/* (the clause may open further back than the 24
			 * tokens looked at) */
			while (l > s && !st->t[l - 1].inq && st->t[l - 1].kind != T_QMARK &&
			       !tok_punct(st, l - 1, ";") && !es_is(st, l - 1, "que") &&
			       !es_cue(st, l - 1) && !is_dash(st, l - 1) &&
			       (!tok_punct(st, l - 1, ":") || time_colon(st, l - 1)))
				l--;
			pe = l;
			while (pe < r && !tok_punct(st, pe, ","))
				pe++;
			subj = 0;
			if (!es_in(st, l, cl_es_preps) && !es_is(st, l, "durante") &&
			    !es_is(st, l, "mediante")) {
				for (k = l; k < pe; k++) {
					esname n;
					const char *key;
					char g;
					if (k > l && (es_in(st, k - 1, cl_es_preps) || es_is(st, k - 1, "de") ||
						      es_is(st, k - 1, "del")))
						continue;
					if (desc_at(st, k, &key, &g) || es_name(st, k, pe - 1, &n) > k)
						subj = 1;
				}
				if (!subj)
					subj = np_subject(st, l, pe);
			}
		}
		if (!subj)
			*empty = 1;
	}
}

/* The subject of the sentence [s..c): its first comma-separated piece
 * that names a person, body or descriptor, before any speech verb
 * ("Gustavo Petro, presidente de Colombia, … publicó un mensaje en el
 * que denunció"). */
static void sentence_subject(xstate *st, size_t s, size_t c, spk *sp)
{
	size_t ps = s, pe;
	int pieces = 0;

	memset(sp, 0, sizeof *sp);
	while (ps < c && pieces < 3) {
		for (pe = ps; pe < c && !tok_punct(st, pe, ",") && !es_cue(st, pe) &&
			      !st->t[pe].inq && st->t[pe].kind != T_QMARK && pe < ps + 12; pe++)
			;
		if (pe > ps) {
			esname n;
			const char *key;
			char g;
			/* only a piece that opens with its noun phrase */
			size_t f = ps;
			while (f < pe && (es_is(st, f, "el") || es_is(st, f, "la") ||
					  es_is(st, f, "los") || es_is(st, f, "las")))
				f++;
			if (f < pe && (desc_at(st, f, &key, &g) || es_name(st, f, pe - 1, &n) > f)) {
				es_resolve(st, ps, pe - 1, sp);
				return;
			}
		}
		if (pe >= c || !tok_punct(st, pe, ","))
			return;
		ps = pe + 1;
		pieces++;
	}
}

/* The speaker right of the cue c (`dijo el ministro`, `dijo a la prensa
 * Mariana Ortiz`, `denunció su presidente, Federico Kreimerman`);
 * returns the token after the phrase. */
static size_t np_right(xstate *st, size_t c, size_t e, spk *sp)
{
	size_t r = c + 1, a;

	memset(sp, 0, sizeof *sp);
	/* an audience or an adverbial before the name: "a la prensa",
	 * "el domingo", "este martes" */
	for (;;) {
		size_t k = r;
		/* "expresó por su parte la alcaldesa", "dijo a su vez",
		 * "afirmó también el ministro" */
		if ((es_is(st, k, "por") && es_is(st, k + 1, "su") && es_is(st, k + 2, "parte")) ||
		    (es_is(st, k, "a") && es_is(st, k + 1, "su") && es_is(st, k + 2, "vez"))) {
			k += 3;
		} else if (es_is(st, k, "también") || es_is(st, k, "además") ||
			   es_is(st, k, "asimismo") || es_is(st, k, "luego") ||
			   es_is(st, k, "finalmente") || es_is(st, k, "entonces")) {
			k++;
		} else if (es_is(st, k, "a") || es_is(st, k, "al")) {
			esname an;
			size_t nk;
			k++;
			while (k <= e && k < r + 4 && is_word(st, k) && !st->t[k].cap)
				k++;
			/* "dijo a EFE el director …", "dijo a la agencia AFP
			 * la ministra": a named audience, then the speaker */
			if (k <= e && (nk = es_name(st, k, e, &an)) > k && nk <= e && is_word(st, nk) &&
			    !es_in(st, nk, cl_es_np_stop))
				k = nk;
		} else if ((es_is(st, k, "el") || es_is(st, k, "este") || es_is(st, k, "esta")) &&
			   (es_in(st, k + 1, cl_es_weekdays) || es_is(st, k + 1, "pasado"))) {
			k += 2;
			if (es_in(st, k, cl_es_weekdays))
				k++;
		} else if (es_is(st, k, "ayer") || es_is(st, k, "hoy") || es_is(st, k, "anoche")) {
			k++;
		} else if (es_is(st, k, "en") || es_is(st, k, "durante") || es_is(st, k, "mediante") ||
			   es_is(st, k, "desde") || es_is(st, k, "tras") || es_is(st, k, "con")) {
			/* "indicó en rueda de prensa el director general de
			 * Salud", "dijo durante la sesión la ministra": a
			 * short adverbial, then a determiner and a title or a
			 * name */
			size_t j;
			const char *key;
			char g;
			for (j = k + 1; j <= e && j < k + 8 && is_word(st, j); j++) {
				esname an;
				if ((es_is(st, j, "el") || es_is(st, j, "la")) && desc_at(st, j + 1, &key, &g)) {
					k = j;
					break;
				}
				if (j > k + 1 && !es_is(st, j - 1, "de") && !es_is(st, j - 1, "del") &&
				    !es_in(st, j - 1, cl_es_preps) && es_name(st, j, e, &an) > j &&
				    an.person) {
					k = j;
					break;
				}
			}
		}
		if (k == r)
			break;
		r = k;
	}
	a = r;
	while (r <= e && r - a < 12 && is_word(st, r) &&
	       !(r > a && es_in(st, r, cl_es_np_stop) && !es_is(st, r, "de")) &&
	       !(r == a && es_in(st, r, cl_es_np_stop)))
		r++;
	if (r > a)
		es_resolve(st, a, r - 1, sp);
	if (r <= e && tok_punct(st, r, ",") && r + 1 <= e && st->t[r + 1].cap && is_word(st, r + 1)) {
		spk sp2;
		size_t r2 = r + 1;
		while (r2 <= e && is_word(st, r2) && (st->t[r2].cap ||
						      es_in(st, r2, cl_es_name_links)))
			r2++;
		es_resolve(st, r + 1, r2 - 1, &sp2);
		if (sp2.ok && sp2.person && (!sp->ok || sp->how == CUE_DESCRIPTOR || !sp->person)) {
			*sp = sp2;
			r = r2;
		}
	}
	return r;
}

/* Pro-drop: the last speaker goes on, a little less sure. */
static void continuation(const xstate *st, spk *sp)
{
	memset(sp, 0, sizeof *sp);
	/* after relayed speech, the relayer: "Agregó que Wadephul apuntó
	 * que …. «…», dijo." is the spokeswoman who relays */
	if (st->es_topic[0] && st->x->nclaims == st->es_topic_claims &&
	    st->unit_no - st->es_topic_unit <= 2) {
		cl_x_spk_found(sp, st->es_topic, 1, CUE_CONTINUATION,
			       st->unit_no - st->es_topic_unit <= 1 ? CONF_MEDIUM : CONF_LOW);
		return;
	}
	/* a person who opened a sentence since ("El mandatario se
	 * refirió …") is who goes on, a little less sure */
	if (st->salient[0] && st->unit_no - st->subj_unit <= 2 &&
	    (st->lastspk[0] == '\0' || st->subj_unit > st->lastspk_unit)) {
		cl_x_spk_found(sp, st->salient, 1, CUE_CONTINUATION,
			       strcmp(st->salient, st->lastspk) == 0 &&
			       st->unit_no - st->subj_unit <= 1 ? CONF_MEDIUM : CONF_LOW);
		return;
	}
	if (st->lastspk[0] && st->unit_no - st->lastspk_unit <= 2)
		cl_x_spk_found(sp, st->lastspk, st->lastspk_person, CUE_CONTINUATION,
			       st->unit_no - st->lastspk_unit <= 1 && st->lastspk_person
			       ? CONF_MEDIUM : CONF_LOW);
}

/* ---- direct claims ------------------------------------------------------------ */

/* "Así lo explicó X", "Así de contundente se ha mostrado X" at s: the
 * verb, or SIZE_MAX. */
static size_t asi_cue(const xstate *st, size_t s, size_t e)
{
	size_t k;

	if (!es_is(st, s, "así"))
		return SIZE_MAX;
	for (k = s + 1; k <= e && k < s + 7; k++) {
		if (!is_word(st, k))
			break;
		if (es_cue(st, k) || es_is(st, k, "mostrado") || es_is(st, k, "mostró") ||
		    es_is(st, k, "pronunció") || es_is(st, k, "expresado") ||
		    es_is(st, k, "manifestado"))
			return k;
	}
	return SIZE_MAX;
}

/* Is there nothing but punctuation, stray marks and ¿ ¡ — from s to p? */
static int opens_sentence(const xstate *st, size_t s, size_t p)
{
	size_t k;

	for (k = s; k < p; k++)
		if (st->t[k].kind == T_WORD)
			return 0;
	return 1;
}

/* A dialogue dash with a cue inside the quote [a..b]: "… —dijo el
 * ministro—. …".  Returns the dash, or SIZE_MAX. */
static size_t inner_dash(const xstate *st, size_t a, size_t b)
{
	size_t k;

	for (k = a; k + 1 <= b; k++)
		if (is_dash(st, k) && st->t[k + 1].kind == T_WORD &&
		    es_in(st, k + 1, cl_es_speech_verbs))
			return k;
	return SIZE_MAX;
}

/* The speaker inside the dash at d (cue d+1) up to the closing dash or
 * [..b]: returns the closing dash or the end of the phrase. */
static size_t dash_speaker(xstate *st, size_t d, size_t b, spk *sp)
{
	size_t k, r;
	int inq = st->t[d].inq;

	for (r = d + 2; r <= b && !is_dash(st, r) && st->t[r].kind == T_WORD; r++)
		;
	/* the phrase is in the quote's tokens: look at it as out of quotes */
	for (k = d + 1; k < r; k++)
		st->t[k].inq = 0;
	np_right(st, d + 1, r - 1, sp);
	for (k = d + 1; k < r; k++)
		st->t[k].inq = (uint8_t)inq;
	if (!sp->ok && r == d + 2)
		continuation(st, sp);
	return r;
}

/* A quote split by a dialogue dash: the part before it and the part
 * after the closing dash are each a claim of the speaker inside. */
static int dash_parts(xstate *st, size_t a, size_t b, size_t d, size_t s, size_t e, int *done)
{
	spk sp;
	size_t r = dash_speaker(st, d, b, &sp);
	int rc;

	if (!sp.ok)
		return CL_OK;
	rc = cl_x_emit_direct_span(st, a, d - 1, &sp, s, e, d + 1);
	if (rc != CL_OK)
		return rc;
	*done = 1;
	if (r < b) {
		size_t k = r + 1, words = 0, m;
		while (k <= b && st->t[k].kind != T_WORD)
			k++;
		for (m = k; m <= b; m++)
			if (st->t[m].kind == T_WORD)
				words++;
		if (words >= 3)
			rc = cl_x_emit_direct_span(st, k, b, &sp, s, e, d + 1);
	}
	st->dash_spk = sp;
	st->dash_unit = st->unit_no + 1;
	st->dash_para = st->t[a].para;
	return rc;
}

static size_t quote_words(const xstate *st, const qspan *q)
{
	size_t k, n = 0;

	for (k = q->first; k <= q->last && k < st->nt; k++)
		if (st->t[k].kind == T_WORD)
			n++;
	return n;
}

/* The direct claims of sentence [s..e]: quotes that stand on their own
 * (opening the sentence, after a colon or after `X dijo:`), with the
 * attribution after, before, or inside a dash. */
static size_t que_after(const xstate *st, size_t c, size_t e);

static int es_direct(xstate *st, size_t s, size_t e, int *done, size_t *colon)
{
	size_t qi;
	spk cur;
	int rc = CL_OK;

	memset(&cur, 0, sizeof cur);
	for (qi = 0; qi < st->nq; qi++) {
		qspan *q = &st->qs[qi];
		size_t cl = q_close(q), p = q->open, c, d, i;
		spk sp;
		int before = 0, standalone;

		if (q->open < s || q->open > e || q->words == 0)
			continue;
		/* what stands before the opening mark */
		standalone = opens_sentence(st, s, p);
		if (!standalone && p > s && tok_punct(st, p - 1, ":"))
			standalone = before = 1;
		if (!standalone && p > s && tok_punct(st, p - 1, ",") &&
		    p >= 2 && st->t[p - 2].kind == T_QMARK)
			standalone = 1;   /* «A», dijo X, «B» */
		if (!standalone && p > s && tok_punct(st, p - 1, ",") && p >= 2 &&
		    es_cue(st, p - 2))
			standalone = before = 1;
		/* «A», reconoció X, pero «B»: the same speaker goes on */
		if (!standalone && cur.ok && p >= s + 2 &&
		    (es_is(st, p - 1, "pero") || es_is(st, p - 1, "y")) &&
		    tok_punct(st, p - 2, ","))
			standalone = 1;
		if (!standalone)
			continue;
		memset(&sp, 0, sizeof sp);
		d = inner_dash(st, q->first, q->last);
		if (d != SIZE_MAX && d > q->first) {
			rc = dash_parts(st, q->first, q->last, d, s, e, done);
			if (rc != CL_OK)
				return rc;
			continue;
		}
		if (quote_words(st, q) < 3)
			continue;
		c = SIZE_MAX;
		/* the cue after: «…», dijo X. */
		for (i = cl + 1; i <= e && i < cl + 10; i++) {
			if ((st->t[i].kind == T_QMARK && st->t[i].role != R_STRAY) ||
			    cl_x_is_terminal(st, i))
				break;
			if (es_cue(st, i)) {
				c = i;
				break;
			}
		}
		if (c != SIZE_MAX) {
			int empty;
			/* "La fiscal explicó que …: «…», aseguró.": the
			 * clause before the colon may report speech too */
			if (before && tok_punct(st, p - 1, ":") && *colon == SIZE_MAX)
				*colon = p - 1;
			if (c > cl + 1 && !(c == cl + 2 && tok_punct(st, cl + 1, ","))) {
				np_left(st, c, cl + 1, &sp, &empty);
				if (!sp.ok)
					np_right(st, c, e, &sp);
			} else {
				np_right(st, c, e, &sp);
			}
			if (!sp.ok && cur.ok)
				sp = cur;
			if (!sp.ok)
				continuation(st, &sp);
		} else if (before) {
			/* X afirmó: «…» / El jefe fue claro: «…» */
			size_t k, cue = SIZE_MAX;
			int empty = 0;
			for (k = p; k > s && p - k < 40; k--)
				if (es_cue(st, k - 1)) {
					cue = k - 1;
					break;
				}
			if (cue != SIZE_MAX) {
				np_left(st, cue, s, &sp, &empty);
				/* "como indica Miguel Ángel Medina, periodista:" */
				if (!sp.ok)
					np_right(st, cue, p - 1, &sp);
				if (!sp.ok && empty)
					continuation(st, &sp);
			} else if (p >= s + 2) {
				np_left(st, p - 1, s, &sp, &empty);
			}
			c = cue != SIZE_MAX ? cue : p - 1;
			if (tok_punct(st, p - 1, ":") && *colon == SIZE_MAX)
				*colon = p - 1;
		} else if (cur.ok) {
			sp = cur;
		} else {
			int late = 0;
			if (quote_words(st, q) < CL_EXTRACT_MIN_WORDS)
				continue;
			/* "«A», donde …, «B», señaló la responsable …, X.":
			 * the attribution comes later than the cue window;
			 * the trailing rule takes the sentence */
			for (i = cl + 1; i + 1 <= e && !late; i++)
				if (tok_punct(st, i, ",") && !st->t[i].inq && es_cue(st, i + 1) &&
				    que_after(st, i + 1, e) == SIZE_MAX)
					late = 1;
			/* "«…». Así lo explicó X.": the next sentence says */
			if (cl + 2 < st->nt && cl_x_is_terminal(st, cl + 1) &&
			    asi_cue(st, cl + 2, st->nt - 1) != SIZE_MAX)
				late = 1;
			if (late)
				continue;
			continuation(st, &sp);
		}
		if (!sp.ok)
			continue;
		rc = cl_x_emit_direct_span(st, q->first, q->last, &sp, s, e,
					   c != SIZE_MAX ? c : cl);
		if (rc != CL_OK)
			return rc;
		cur = sp;
		*done = 1;
	}
	return rc;
}

/* "—Ningún juez debe trabajar con miedo —dijo la fiscal—. Vamos a …": a
 * paragraph that opens with a dash is speech without quote marks. */
static int es_dash_paragraph(xstate *st, size_t s, size_t e, int *done)
{
	size_t d;

	if (is_dash(st, s) && !st->t[s].inq && (s == 0 || st->t[s - 1].para != st->t[s].para)) {
		for (d = s + 1; d + 1 <= e; d++)
			if (is_dash(st, d) && es_cue(st, d + 1)) {
				/* "—¿Cuándo …?\n—Esperamos que … —respondió X.":
				 * an interview; the answer is the turn after
				 * the last dash that follows a question or a
				 * full stop, the question no claim */
				size_t a = s + 1, k;
				for (k = s + 1; k < d; k++)
					if (is_dash(st, k) && k > s + 1 && st->t[k - 1].kind == T_PUNCT &&
					    (cl_x_is_terminal(st, k - 1) || tok_punct(st, k - 1, "?") ||
					     tok_punct(st, k - 1, "!")))
						a = k + 1;
				return dash_parts(st, a, e, d, s, e, done);
			}
		return CL_OK;
	}
	/* a later sentence of that paragraph goes on */
	if (st->dash_unit == st->unit_no + 1 && st->t[s].para == st->dash_para && !st->t[s].inq) {
		size_t k;
		for (k = s; k <= e; k++)
			if (st->t[k].kind == T_QMARK || es_cue(st, k))
				return CL_OK;
		*done = 1;
		return cl_x_emit_direct_span(st, s, e, &st->dash_spk, s, e, s);
	}
	return CL_OK;
}

/* ---- reported speech ----------------------------------------------------------- */

/* Where the clause of `X dijo (…) que CLAUSE` starts: the token after
 * "que" when it comes within a few words of the cue c (an adverbial,
 * an audience, "en un comunicado", "a través de su cuenta en X", the
 * speaker itself: "aseguró el ministro que"); else SIZE_MAX. */
/* A noun phrase at k that is the object of a verb before it: a
 * determiner not after a preposition, then a lowercase noun that names
 * no time ("la noche", "el lunes": time_nouns.txt, weekdays), no title
 * and no body ("aseguró el ministro que": the subject). */
static int object_np(const xstate *st, size_t k)
{
	const char *key;
	char g;

	if (!(es_is(st, k, "el") || es_is(st, k, "la") || es_is(st, k, "los") ||
	      es_is(st, k, "las") || es_is(st, k, "un") || es_is(st, k, "una") ||
	      es_is(st, k, "su") || es_is(st, k, "sus")))
		return 0;
	if (k > 0 && (es_in(st, k - 1, cl_es_preps) || es_is(st, k - 1, "de") ||
		      es_is(st, k - 1, "del") || es_is(st, k - 1, "y") ||
		      tok_punct(st, k - 1, "(")))
		return 0;
	/* "el 21 de noviembre": a date */
	if (!is_word(st, k + 1) || !((TWORD(st, k + 1)[0] >= 'a' && TWORD(st, k + 1)[0] <= 'z') ||
				     (unsigned char)TWORD(st, k + 1)[0] >= 0x80))
		return 0;
	return !st->t[k + 1].cap && !es_in(st, k + 1, cl_es_time_nouns) &&
	       !es_in(st, k + 1, cl_es_weekdays) && !desc_at(st, k + 1, &key, &g) &&
	       !es_in(st, k + 1, cl_es_org_words) && !es_in(st, k + 1, cl_es_body_nouns) &&
	       !es_is(st, k + 1, "próximo") && !es_is(st, k + 1, "pasado");
}

static size_t que_after(const xstate *st, size_t c, size_t e)
{
	size_t k;
	int obj = 0;

	/* "Así lo dijo durante su disertación en el taller …, que fue
	 * organizado por …": the clitic is the object; no "que" clause */
	if (c > 0 && (es_is(st, c - 1, "lo") || (c > 1 && es_is(st, c - 1, "ha") &&
						  es_is(st, c - 2, "lo"))))
		return SIZE_MAX;

	for (k = c + 1; k <= e && k < c + 32; k++) {
		if (st->t[k].inq || st->t[k].kind == T_QMARK || cl_x_is_terminal(st, k) ||
		    tok_punct(st, k, ":") || es_cue(st, k))
			return SIZE_MAX;
		/* "destacó el trabajo de la comisión, que …": the verb has an
		 * object; the "que" after it is a relative pronoun */
		if (object_np(st, k))
			obj = 1;
		/* "alertó sobre el aumento de las denuncias, que …", "habló
		 * de la reforma, que …": a topic right after the verb; the
		 * "que" after it is a relative pronoun */
		if ((k == c + 1 && (es_is(st, k, "de") || es_is(st, k, "del")) &&
		     !es_is(st, k + 1, "que")) ||
		    es_is(st, k, "sobre") || es_is(st, k, "acerca"))
			obj = 1;
		if (obj && es_is(st, k, "que"))
			return SIZE_MAX;
		/* "dijo este viernes (…), con motivo del aniversario de la
		 * invasión, que …": further on, only a "que" after a comma */
		if (k >= c + 16 && !(es_is(st, k, "que") && tok_punct(st, k - 1, ","))) {
			if (es_is(st, k, "que"))
				return SIZE_MAX;
			continue;
		}
		/* "la necesidad de esperar a que …", "para que …", "lo
		 * que …": a "que" governed by something else than the cue */
		/* ("una vez más que": not a comparison) */
		/* "luego de que", "después de que", "a pesar de que", "pese
		 * a que": a conjunction of time or concession */
		if (es_is(st, k, "que") && k > c + 2 && es_is(st, k - 1, "de") &&
		    (es_is(st, k - 2, "luego") || es_is(st, k - 2, "después") ||
		     es_is(st, k - 2, "antes") || es_is(st, k - 2, "pesar") ||
		     es_is(st, k - 2, "fin") || es_is(st, k - 2, "vez") ||
		     es_is(st, k - 2, "caso") || es_is(st, k - 2, "además")))
			return SIZE_MAX;
		if (es_is(st, k, "que") && k > c + 1 &&
		    ((es_is(st, k - 1, "a") && k - 1 > c + 1) ||
		     (es_in(st, k - 1, cl_es_que_stop) &&
		      !(es_is(st, k - 1, "más") && es_is(st, k - 2, "vez")))))
			return SIZE_MAX;
		if (es_is(st, k, "que"))
			return k + 1 <= e ? k + 1 : SIZE_MAX;
	}
	return SIZE_MAX;
}

/* The claim [a..e] trimmed of the sentence's final stop, emitted. */
static int emit_clause(xstate *st, size_t a, size_t b, const spk *sp, size_t s, size_t e,
		       size_t cue)
{
	size_t k;

	/* "X ha replicado que las cuentas «son un engaño» y ha pedido la
	 * dimisión …": after a cue in the perfect, "y ha(n)" and a
	 * participle is X's next verb, not the reported clause's (unless
	 * the clause has a perfect of its own before it) */
	if (cue > 0 && cue < a && (es_is(st, cue - 1, "ha") || es_is(st, cue - 1, "han"))) {
		for (k = a + 2; k + 2 <= b; k++) {
			const char *w;
			size_t n;
			if (st->t[k].inq)
				continue;
			if (es_is(st, k, "ha") || es_is(st, k, "han"))
				break;
			if (!es_is(st, k, "y") || !(es_is(st, k + 1, "ha") || es_is(st, k + 1, "han")) ||
			    !is_word(st, k + 2))
				continue;
			w = TWORD(st, k + 2);
			n = st->t[k + 2].len;
			if (n > 3 && (memcmp(w + n - 3, "ado", 3) == 0 || memcmp(w + n - 3, "ido", 3) == 0 ||
				      memcmp(w + n - 3, "cho", 3) == 0 || memcmp(w + n - 3, "sto", 3) == 0 ||
				      memcmp(w + n - 3, "ito", 3) == 0)) {
				b = k - 1;
				break;
			}
		}
	}
	/* "remarcó que la prioridad es «salvar vidas» y destacó el trabajo
	 * de …": a speech verb after "y" is the speaker's next act, not
	 * the clause's; "…, mientras que Estados Unidos refuerza …": the
	 * reporter's contrast */
	for (k = a + 2; k + 1 <= b; k++) {
		/* (a demand is an act of the speaker's too: "… y exigió que
		 * se amplíe") */
		static const char *const demands[] = { "exigió", "exigieron", "pidió", "pidieron",
						       "instó", "instaron", "reclamó", "reclamaron",
						       "solicitó", "solicitaron", "urgió", NULL };
		if (st->t[k].inq)
			continue;
		if (((es_is(st, k, "y") || es_is(st, k, "e")) &&
		     (es_cue(st, k + 1) || es_in(st, k + 1, demands))) ||
		    (tok_punct(st, k, ",") && es_is(st, k + 1, "mientras"))) {
			b = k - 1;
			break;
		}
	}
	while (b > a && (st->t[b].kind == T_PUNCT && !st->t[b].inq) &&
	       (tok_punct(st, b, ",") || tok_punct(st, b, ";") || tok_punct(st, b, ":")))
		b--;
	/* "insistió en que «no hay plazos».": the whole clause is quoted,
	 * the speaker's own words */
	for (k = 0; k < st->nq; k++) {
		const qspan *q = &st->qs[k];
		size_t cl = q_close(q);
		if (q->open == a && q->words > 0 && cl != SIZE_MAX &&
		    (cl == b || (cl + 1 == b && cl_x_is_terminal(st, b))))
			return cl_x_emit_direct_span(st, q->first, q->last, sp, s, e, cue);
	}
	return cl_x_emit_indirect_span(st, a, b, sp, s, e, cue);
}

/* "Según X, …", "De acuerdo con X, …", "Para X, …", "En palabras de X,
 * …": the intro's length at s, or 0. */
static size_t intro_len(const xstate *st, size_t s, int *para)
{
	*para = 0;
	if (es_is(st, s, "según"))
		return 1;
	if (es_is(st, s, "de") && es_is(st, s + 1, "acuerdo") &&
	    (es_is(st, s + 2, "con") || es_is(st, s + 2, "a") || es_is(st, s + 2, "al")))
		return 3;
	/* "En palabras de X", "A juicio de X", "En opinión de X", "A
	 * decir de X", "A criterio de X" */
	if (((es_is(st, s, "en") && (es_is(st, s + 1, "palabras") || es_is(st, s + 1, "opinión") ||
				     es_is(st, s + 1, "criterio"))) ||
	     (es_is(st, s, "a") && (es_is(st, s + 1, "juicio") || es_is(st, s + 1, "decir") ||
				    es_is(st, s + 1, "criterio")))) &&
	    (es_is(st, s + 2, "de") || es_is(st, s + 2, "del")))
		return es_is(st, s + 2, "del") ? 2 : 3;
	/* "Como explicó X, …", "Tal como indicó X, …": the cue is part of
	 * the speaker phrase, which resolves past it */
	if (es_is(st, s, "como") && es_cue(st, s + 1))
		return 1;
	if (es_is(st, s, "tal") && es_is(st, s + 1, "como") && es_cue(st, s + 2))
		return 2;
	if (es_is(st, s, "para")) {
		*para = 1;
		return 1;
	}
	return 0;
}

static int es_that(xstate *st, size_t s, size_t e, int *done);

static int es_opening(xstate *st, size_t s, size_t e, int *done)
{
	size_t n, k, comma = SIZE_MAX, a;
	int para;
	spk sp;

	n = intro_len(st, s, &para);
	if (n == 0)
		return CL_OK;
	for (k = s + n; k <= e && k < s + n + 14; k++) {
		if (st->t[k].inq || st->t[k].kind == T_QMARK)
			return CL_OK;
		if (tok_punct(st, k, ",")) {
			comma = k;
			break;
		}
	}
	if (comma == SIZE_MAX && !para && is_word(st, s + n) && st->t[s + n].cap) {
		/* "Según Amoroso hay 12.386.669 votos escrutados": a name
		 * alone, no comma */
		esname nm;
		size_t nk = es_name(st, s + n, e, &nm);
		if (nk > s + n && nk <= e && is_word(st, nk) && !st->t[nk].cap) {
			es_resolve(st, s + n, nk - 1, &sp);
			if (!sp.ok)
				return CL_OK;
			*done = 1;
			return emit_clause(st, nk, e, &sp, s, e, s);
		}
	}
	if (comma == SIZE_MAX || comma == s + n)
		return CL_OK;
	/* "en palabras del alcalde": "del" is the article too */
	es_resolve(st, s + n, comma - 1, &sp);
	a = comma + 1;
	/* "De acuerdo con el canciller de Guyana, Hugh Todd, el referendo …" */
	if (a <= e && is_word(st, a) && st->t[a].cap) {
		esname nm;
		size_t nk = es_name(st, a, e, &nm);
		if (nk > a && nm.person && tok_punct(st, nk, ",")) {
			spk sp2;
			es_resolve(st, a, nk - 1, &sp2);
			if (sp2.ok) {
				sp = sp2;
				a = nk + 1;
			}
		}
	}
	/* "Según el informe, …": the document of the last speaker */
	if (!sp.ok && !para && doc_head(st, s + n, comma - 1) == comma - 1)
		continuation(st, &sp);
	if (!sp.ok)
		return CL_OK;
	if (para && !(sp.how == CUE_NAMED || sp.how == CUE_ALIAS || sp.how == CUE_DESCRIPTOR))
		return CL_OK;
	/* "Para X, portavoz del partido, «…»": past an appositive, a quote
	 * that opens the clause is the speaker's own words */
	for (k = a; k <= e && k < a + 12 && is_word(st, k) && (k > a || !st->t[k].cap); k++)
		;
	if (k > a && k < e && tok_punct(st, k, ",") && st->t[k + 1].kind == T_QMARK)
		a = k + 1;
	for (k = 0; k < st->nq; k++) {
		const qspan *q = &st->qs[k];
		if (q->open == a && q->words > 0) {
			int rc = cl_x_emit_direct_span(st, q->first, q->last, &sp, s, e, s);
			*done = 1;
			/* "…», para añadir que «…»": the sentence goes on */
			if (rc == CL_OK && q_close(q) + 1 < e) {
				int d2 = 0;
				rc = es_that(st, q_close(q) + 1, e, &d2);
			}
			return rc;
		}
	}
	*done = 1;
	{
		/* "Para López, será «el más plural» y señaló que, …, B": the
		 * same speaker goes on with a cue of their own */
		int rc = emit_clause(st, a, e, &sp, s, e, s);
		size_t b2;
		for (k = a + 2; rc == CL_OK && k + 1 <= e; k++) {
			if (st->t[k].inq || !(es_is(st, k, "y") || es_is(st, k, "e") ||
					      es_is(st, k, "pero") || es_is(st, k, "aunque")) ||
			    !es_cue(st, k + 1))
				continue;
			if ((b2 = que_after(st, k + 1, e)) != SIZE_MAX) {
				st->d_denial = es_in(st, k + 1, cl_es_cue_denial);
				rc = emit_clause(st, b2, e, &sp, s, e, k + 1);
			}
			break;
		}
		return rc;
	}
}

/* "CLAUSE, según X." / "CLAUSE, informó el domingo la Federación." */
static int es_trailing(xstate *st, size_t s, size_t e, int *done)
{
	size_t k;
	spk sp;

	for (k = s + 1; k + 1 <= e; k++) {
		size_t n;
		int para;
		if (!tok_punct(st, k, ",") || st->t[k].inq)
			continue;
		n = intro_len(st, k + 1, &para);
		/* ("Los datos, según X, muestran …": a short subject before
		 * an insertion; else at least three tokens of claim) */
		if (k < s + 3 && !(n > 0 && !para))
			continue;
		if (n > 0 && !para) {
			size_t r = k + 1 + n, b = r;
			while (b <= e && !tok_punct(st, b, ",") && !cl_x_is_terminal(st, b) &&
			       !st->t[b].inq && st->t[b].kind != T_QMARK)
				b++;
			/* "… para, según Mazón, «ir observando …»": what
			 * follows "para" is no statement */
			if (b == r || es_is(st, k - 1, "para"))
				continue;
			es_resolve(st, r, b - 1, &sp);
			if (!sp.ok && doc_head(st, r, b - 1) == b - 1)
				continuation(st, &sp);
			if (!sp.ok)
				continue;
			*done = 1;
			/* "valoró la actitud de sus jugadores, quienes, según
			 * él, «siempre intentan …»": the relative clause, from
			 * its antecedent's determiner, is what X says */
			if (k > s && b <= e && tok_punct(st, b, ",") &&
			    (es_is(st, k - 1, "quienes") || es_is(st, k - 1, "quien") ||
			     es_is(st, k - 1, "que"))) {
				size_t d = k - 1, m;
				for (m = k - 1; m > s && k - 1 - m < 8; m--) {
					if (st->t[m - 1].inq || st->t[m - 1].kind == T_QMARK)
						break;
					if (es_is(st, m - 1, "el") || es_is(st, m - 1, "la") ||
					    es_is(st, m - 1, "los") || es_is(st, m - 1, "las") ||
					    es_is(st, m - 1, "un") || es_is(st, m - 1, "una") ||
					    es_is(st, m - 1, "su") || es_is(st, m - 1, "sus")) {
						d = m - 1;
						break;
					}
				}
				if (d < k - 1)
					return emit_clause(st, d, e, &sp, s, e, k + 1);
				return CL_OK;
			}
			/* "Los datos, según explicó el viceministro, muestran
			 * una caída …": a subject before the insertion, the
			 * rest of the clause after it; the claim is both */
			if (b + 1 <= e && tok_punct(st, b, ",") && k - s <= 6 && !st->t[b + 1].inq &&
			    st->t[b + 1].kind == T_WORD)
				return cl_x_emit_indirect_except(st, s, e, k, b, &sp, s, e, k + 1);
			if (k < s + 3) {
				*done = 0;
				continue;
			}
			return emit_clause(st, s, k - 1, &sp, s, e, k + 1);
		}
		if (es_cue(st, k + 1) && que_after(st, k + 1, e) == SIZE_MAX) {
			size_t r = np_right(st, k + 1, e, &sp), t = r;
			/* "…, informó el alcalde X, quien reportó …": a
			 * relative clause about the speaker may follow */
			if (t + 1 <= e && tok_punct(st, t, ",") &&
			    (es_is(st, t + 1, "quien") || es_is(st, t + 1, "quienes")))
				t = e + 1;
			/* "…, alertó la Organización Panamericana de la Salud
			 * (OPS).": the acronym in parentheses */
			if (t + 2 <= e && tok_punct(st, t, "(") && tok_punct(st, t + 2, ")"))
				t += 3;
			while (t <= e && (st->t[t].kind == T_PUNCT || st->t[t].kind == T_QMARK))
				t++;
			if (!sp.ok || t <= e)
				continue;
			*done = 1;
			return emit_clause(st, s, k - 1, &sp, s, e, k + 1);
		}
	}
	return CL_OK;
}

/* "Además, agregó, CLAUSE", "Por otra parte, dijo el ministro, CLAUSE":
 * a cue set off by commas after at most a connective opens the clause. */
static int es_inserted(xstate *st, size_t s, size_t e, int *done)
{
	size_t k, c = SIZE_MAX, c2;
	spk sp;

	for (k = s; k <= e && k < s + 4; k++) {
		if (st->t[k].inq || st->t[k].kind == T_QMARK)
			return CL_OK;
		if (tok_punct(st, k, ",")) {
			c = k + 1;
			break;
		}
	}
	if (c == SIZE_MAX || c > e || !es_cue(st, c) || que_after(st, c, e) != SIZE_MAX)
		return CL_OK;
	for (c2 = c + 1; c2 <= e && c2 < c + 8 && !tok_punct(st, c2, ","); c2++)
		if (st->t[c2].inq || st->t[c2].kind == T_QMARK || cl_x_is_terminal(st, c2))
			return CL_OK;
	if (c2 > e || c2 >= c + 8 || c2 + 1 > e)
		return CL_OK;
	memset(&sp, 0, sizeof sp);
	if (c2 > c + 1)
		np_right(st, c, c2 - 1, &sp);
	else
		continuation(st, &sp);
	if (!sp.ok)
		return CL_OK;
	*done = 1;
	return emit_clause(st, c2 + 1, e, &sp, s, e, c);
}

/* `name` relayed the claim just added: the one who goes on. */
static void topic_note(xstate *st, const char *name)
{
	cl_x_copy_name(st->es_topic, name, strlen(name));
	st->es_topic_claims = st->x->nclaims;
	st->es_topic_unit = st->unit_no;
}

/* "X dijo (…) que CLAUSE", "Añadió que …" (pro-drop). */
static int es_that(xstate *st, size_t s, size_t e, int *done)
{
	size_t c, a, ce, rest;
	spk sp;
	int empty;

	for (c = s; c <= e; c++) {
		if (!es_cue(st, c))
			continue;
		a = que_after(st, c, e);
		/* "X calificó la reforma como «un riesgo»": what X calls it */
		if (a == SIZE_MAX && (es_is(st, c, "calificó") || es_is(st, c, "calificaron") ||
				      es_is(st, c, "califica") || es_is(st, c, "califican"))) {
			size_t k;
			for (k = c + 2; k <= e && k < c + 14; k++)
				if (es_is(st, k, "como") && !st->t[k].inq) {
					a = c + 1;
					break;
				}
		}
		/* "Fein detalló los plazos: las obras comenzarán en enero …":
		 * what follows a colon after the verb and its object */
		if (a == SIZE_MAX) {
			size_t k;
			for (k = c + 1; k <= e && k < c + 9; k++) {
				if (st->t[k].inq || st->t[k].kind == T_QMARK || cl_x_is_terminal(st, k) ||
				    es_cue(st, k) || tok_punct(st, k, ";"))
					break;
				if (tok_punct(st, k, ":") && !time_colon(st, k)) {
					if (k + 3 <= e && is_word(st, k + 1) && is_word(st, k + 2))
						a = k + 1;
					break;
				}
			}
		}
		if (a == SIZE_MAX)
			continue;
		st->es_relay = 0;
		if (c > s && (es_is(st, c - 1, "al") || es_is(st, c - 1, "para"))) {
			/* "X evitó …, al señalar que": the sentence's subject */
			sentence_subject(st, s, c - 1, &sp);
			if (!sp.ok)
				continuation(st, &sp);
		} else {
			np_left(st, c, s, &sp, &empty);
			if (!sp.ok && a > c + 2)
				np_right(st, c, a - 2, &sp);
			if (!sp.ok && empty)
				continuation(st, &sp);
		}
		if (!sp.ok)
			return CL_OK;
		*done = 1;
		/* "Agregó que Wadephul apuntó que CLAUSE", "X reconoció que Y
		 * dijo que CLAUSE": relayed speech is Y's claim, once; X
		 * goes on after it */
		{
			size_t k;
			for (k = a + 1; k <= e && k < a + 6; k++) {
				spk sp2;
				int e2 = 0, rc;
				size_t a2;
				if (st->t[k].inq || tok_punct(st, k, ",") || st->t[k].kind == T_QMARK)
					break;
				if (!es_cue(st, k) || (a2 = que_after(st, k, e)) == SIZE_MAX)
					continue;
				np_left(st, k, a, &sp2, &e2);
				if (!sp2.ok || strcmp(sp2.name, sp.name) == 0)
					break;
				st->d_denial = es_in(st, k, cl_es_cue_denial);
				rc = emit_clause(st, a2, e, &sp2, s, e, k);
				if (rc == CL_OK && sp.person)
					topic_note(st, sp.name);
				return rc;
			}
		}
		/* "X comentó que A, pues reiteró que B", "…, y subrayó que
		 * B", "…, confirmando que B": a further cue after a comma or
		 * a connective, with no subject of its own, starts a claim
		 * of the same speaker; a cue with a subject of its own ("X
		 * dijo que Y aseguró que …") does not; "Aunque X dice que
		 * A, Y insisten en que B": after a comma, a subject of its
		 * own and a cue end the claim, and B is Y's */
		ce = e;
		rest = SIZE_MAX;
		{
			size_t k, j;
			for (k = a + 3; k <= e && rest == SIZE_MAX; k++) {
				spk sp3;
				if (st->t[k].inq || !es_cue(st, k) || que_after(st, k, e) == SIZE_MAX)
					continue;
				for (j = k - 1; j > a + 1 && k - j <= 8 && !st->t[j].inq; j--)
					if (tok_punct(st, j, ","))
						break;
				if (!(j > a + 1 && tok_punct(st, j, ",")) || j + 1 >= k ||
				    !is_word(st, j + 1))
					continue;
				es_resolve(st, j + 1, k - 1, &sp3);
				if (!sp3.ok || strcmp(sp3.name, sp.name) == 0)
					continue;
				ce = j - 1;
				rest = j + 1;
			}
		}
		for (;;) {
			size_t k, cut = SIZE_MAX, next = SIZE_MAX;
			int rc;
			for (k = a + 2; k <= ce && cut == SIZE_MAX; k++) {
				size_t j = k;
				if (st->t[k].inq || !es_cue(st, k) || que_after(st, k, e) == SIZE_MAX)
					continue;
				while (j > a && (es_is(st, j - 1, "ha") || es_is(st, j - 1, "han") ||
						 es_is(st, j - 1, "también")))
					j--;
				/* ("…, pero sostuvo que", "…, aunque advirtió que") */
				if (j > a && (es_is(st, j - 1, "y") || es_is(st, j - 1, "pues") ||
					      es_is(st, j - 1, "e") || es_is(st, j - 1, "al") ||
					      es_is(st, j - 1, "pero") || es_is(st, j - 1, "aunque")))
					j--;
				if (j > a && tok_punct(st, j - 1, ","))
					j--;
				/* "…, señaló, que …": a cue set off by commas
				 * inside the clause is not a new claim */
				if (k + 1 <= e && tok_punct(st, k + 1, ","))
					continue;
				if (j < k && j > a + 1 &&
				    (tok_punct(st, j, ",") || es_is(st, j, "y") || es_is(st, j, "e") ||
				     es_is(st, j, "al") || es_is(st, j, "pero") || es_is(st, j, "aunque"))) {
					cut = j - 1;
					next = k;
				}
			}
			st->d_denial = es_in(st, c, cl_es_cue_denial);
			if (cut == SIZE_MAX) {
				int relay = st->es_relay;
				rc = emit_clause(st, a, ce, &sp, s, e, c);
				/* "X citó a Y, que indicó que …": X goes on */
				if (rc == CL_OK && relay) {
					spk sub;
					sentence_subject(st, s, c, &sub);
					if (sub.ok && sub.person && strcmp(sub.name, sp.name) != 0)
						topic_note(st, sub.name);
				}
				if (rc == CL_OK && rest != SIZE_MAX) {
					int d2 = 0;
					rc = es_that(st, rest, e, &d2);
				}
				return rc;
			}
			rc = emit_clause(st, a, cut, &sp, s, e, c);
			if (rc != CL_OK)
				return rc;
			c = next;
			a = que_after(st, c, e);
		}
	}
	return CL_OK;
}

/* "«…», ha agregado el dirigente, que ha expuesto que CLAUSE", "«…»,
 * dijo X, quien aseguró que CLAUSE": after a quote and its attribution,
 * a relative clause with a cue of its own reports the same speaker. */
static int es_relative(xstate *st, size_t s, size_t e)
{
	size_t k, j, a;
	spk sp;

	if (st->lastspk[0] == '\0')
		return CL_OK;
	/* after the last direct claim's quote (its attribution, then the
	 * relative clause, which may hold quoted words of its own) */
	for (k = st->d_b + 1 > s + 2 ? st->d_b + 1 : s + 2; k <= e; k++) {
		if (st->t[k].kind == T_QMARK && st->t[k].role == R_OPEN)
			return CL_OK;   /* a further quote first: es_direct's */
		if (st->t[k].inq)
			continue;
		/* "…, afirmó X en una rueda de prensa, donde agregó que";
		 * "…, afirmó X en un comunicado en el que insistió …
		 * que" */
		if (!(tok_punct(st, k - 1, ",") &&
		      (es_is(st, k, "quien") || es_is(st, k, "quienes") || es_is(st, k, "que") ||
		       es_is(st, k, "donde"))) &&
		    !(es_is(st, k, "que") && k >= s + 2 &&
		      (es_is(st, k - 1, "el") || es_is(st, k - 1, "la")) &&
		      (es_is(st, k - 2, "en") || es_is(st, k - 2, "durante"))))
			continue;
		j = k + 1;
		while (j <= e && (es_is(st, j, "ha") || es_is(st, j, "han") ||
				  es_is(st, j, "también") || es_is(st, j, "además")))
			j++;
		if (j > e || !es_cue(st, j) || (a = que_after(st, j, e)) == SIZE_MAX)
			continue;
		memset(&sp, 0, sizeof sp);
		cl_x_spk_found(&sp, st->lastspk, st->lastspk_person, CUE_NAMED, CONF_MEDIUM);
		/* "«…», comentó X, tras escuchar a Sarabia, que comentó que":
		 * the relative's antecedent is the person named right before
		 * the comma */
		if (k >= s + 2 && is_word(st, k - 2) && st->t[k - 2].cap) {
			size_t n0 = k - 2;
			esname an;
			spk sp4;
			while (n0 > s && is_word(st, n0 - 1) && st->t[n0 - 1].cap && k - 2 - n0 < 4)
				n0--;
			if (es_name(st, n0, k - 2, &an) == k - 1) {
				es_resolve(st, n0, k - 2, &sp4);
				if (sp4.ok && sp4.person && strcmp(sp4.name, st->lastspk) != 0)
					sp = sp4;
			}
		}
		if (!sp.ok)
			return CL_OK;
		st->d_denial = es_in(st, j, cl_es_cue_denial);
		return emit_clause(st, a, e, &sp, s, e, j);
	}
	return CL_OK;
}

/* "«Estamos abandonados». Así de contundente se ha mostrado Rafa
 * Pauner, un vecino …", "«…». Así lo explicó la ministra.": a sentence
 * opening with "Así" attributes the quote before it in the paragraph
 * that no rule took. */
static int es_asi(xstate *st, size_t s, size_t e, int *done)
{
	size_t k, c = asi_cue(st, s, e), qi;
	const qspan *q = NULL;
	spk sp;

	if (c == SIZE_MAX)
		return CL_OK;
	/* the last quote of the paragraph before the sentence, alone */
	for (qi = 0; qi < st->nq; qi++) {
		const qspan *p = &st->qs[qi];
		if (p->close != SIZE_MAX && p->close < s && p->words >= CL_EXTRACT_MIN_WORDS)
			q = p;
	}
	if (q == NULL || !(opens_sentence(st, 0, q->open) ||
			   (q->open > 0 && cl_x_is_terminal(st, q->open - 1))) ||
	    !(q->close + 1 == s || (q->close + 2 == s && cl_x_is_terminal(st, q->close + 1))))
		return CL_OK;
	/* (the paragraph's claims only: the latest, back to its start) */
	for (k = st->x->nclaims; k > 0 && st->x->claims[k - 1].offset >= st->t[0].off; k--) {
		size_t o = st->x->claims[k - 1].offset;
		if (o >= st->t[q->open].off && o <= tok_end(st, q->close))
			return CL_OK;   /* a rule took it */
	}
	np_right(st, c, e, &sp);
	if (!sp.ok)
		return CL_OK;
	*done = 1;
	return cl_x_emit_direct_span(st, q->first, q->last, &sp, s, e, c);
}

/* ---- the sentence ------------------------------------------------------------- */

int cl_x_es_sentence(xstate *st, size_t s, size_t e)
{
	int done = 0, rc;
	size_t k, colon = SIZE_MAX, n0;

	es_mentions(st, s, e);
	/* who the sentence is about, when it opens with a person */
	if (!st->t[s].inq && st->t[s].kind == T_WORD) {
		spk sub;
		sentence_subject(st, s, e, &sub);
		if (sub.ok && sub.person) {
			cl_x_copy_name(st->salient, sub.name, strlen(sub.name));
			st->subj_unit = st->unit_no;
		}
	}
	rc = es_dash_paragraph(st, s, e, &done);
	if (rc != CL_OK || done)
		return rc;
	n0 = st->x->nclaims;
	rc = es_direct(st, s, e, &done, &colon);
	if (rc != CL_OK)
		return rc;
	if (done) {
		/* "X ha confesado que no desvelará …: «…»": the clause
		 * before the colon may be reported speech of its own; it
		 * comes first, the claims staying in article order */
		if (colon != SIZE_MAX && colon > s + 2) {
			size_t i, j;
			size_t n1 = st->x->nclaims;
			rc = es_that(st, s, colon - 1, &done);
			/* "Unos avisos que no fueron tomados en serio, como
			 * indica X, periodista: «…»" */
			if (rc == CL_OK && st->x->nclaims == n1)
				rc = es_trailing(st, s, colon - 1, &done);
			for (i = n0 + 1; i < st->x->nclaims; i++)
				for (j = i; j > n0 && st->x->claims[j].offset <
						      st->x->claims[j - 1].offset; j--) {
					cl_claim t = st->x->claims[j];
					st->x->claims[j] = st->x->claims[j - 1];
					st->x->claims[j - 1] = t;
				}
		} else if (st->x->nclaims > n0) {
			rc = es_relative(st, s, e);
		}
		return rc;
	}
	/* ¿ ¡ and stray marks before the first word */
	for (k = s; k < e && st->t[k].kind != T_WORD; k++)
		;
	rc = es_asi(st, k, e, &done);
	if (rc != CL_OK || done)
		return rc;
	rc = es_opening(st, k, e, &done);
	if (rc != CL_OK || done)
		return rc;
	rc = es_that(st, k, e, &done);
	if (rc != CL_OK || done)
		return rc;
	rc = es_trailing(st, k, e, &done);
	if (rc != CL_OK || done)
		return rc;
	return es_inserted(st, k, e, &done);
}

/* ---- the day ------------------------------------------------------------------- */

static int es_number(const xstate *st, size_t k)
{
	const char *w;
	size_t n, i;
	int v = 0;

	if (!is_word(st, k))
		return -1;
	w = TWORD(st, k);
	n = st->t[k].len;
	if (n == 0 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return -1;
		v = v * 10 + (w[i] - '0');
	}
	return v;
}

static int es_month(const xstate *st, size_t k)
{
	char w[64];
	size_t n;
	int i;

	if (!is_word(st, k))
		return 0;
	n = es_lower(st, k, w, sizeof w);
	if (n == 9 && memcmp(w, "setiembre", 9) == 0)
		return 9;
	i = word_in(w, n, cl_es_months, 1);
	return i;   /* position + 1 */
}

static int es_weekday(const xstate *st, size_t k)
{
	char w[64];
	size_t n;

	if (!is_word(st, k))
		return 0;
	n = es_lower(st, k, w, sizeof w);
	if (n == 9 && memcmp(w, "miercoles", 9) == 0)
		return 3;
	if (n == 6 && memcmp(w, "sabado", 6) == 0)
		return 6;
	return word_in(w, n, cl_es_weekdays, 1);   /* 1 = Monday */
}

void cl_x_es_attr_when(const xstate *st, size_t s, size_t e, cl_when *w)
{
	size_t k;

	memset(w, 0, sizeof *w);
	w->kind = CL_WHEN_ARTICLE;
	for (k = s; k <= e && k < st->nt; k++) {
		int d, m, y;
		if ((k >= st->d_a && k <= st->d_b) || st->t[k].inq)
			continue;
		if (es_is(st, k, "ayer") || es_is(st, k, "anoche")) {
			w->kind = CL_WHEN_DAYS_BACK;
			w->d = 1;
			return;
		}
		if (es_is(st, k, "anteayer")) {
			w->kind = CL_WHEN_DAYS_BACK;
			w->d = 2;
			return;
		}
		if ((d = es_weekday(st, k)) > 0 && k > s &&
		    (es_is(st, k - 1, "el") || es_is(st, k - 1, "este") ||
		     es_is(st, k - 1, "pasado") || es_is(st, k - 1, "esta"))) {
			w->kind = es_is(st, k - 1, "pasado") || es_is(st, k + 1, "pasado")
				  ? CL_WHEN_LAST_WEEKDAY : CL_WHEN_WEEKDAY;
			w->d = d - 1;
			return;
		}
		if ((d = es_number(st, k)) >= 1 && d <= 31 && es_is(st, k + 1, "de") &&
		    (m = es_month(st, k + 2)) > 0 && k > s && es_is(st, k - 1, "el")) {
			if (es_is(st, k + 3, "de") && (y = es_number(st, k + 4)) >= 1000) {
				w->kind = CL_WHEN_FULL;
				w->y = y;
			} else {
				w->kind = CL_WHEN_MONTH_DAY;
			}
			w->m = m;
			w->d = d;
			return;
		}
	}
}

/* ---- which language --------------------------------------------------------------- */

const char *cl_x_detect_lang(const char *buf, size_t len, size_t body)
{
	size_t i = body, end = len - body > 65536 ? body + 65536 : len, nes = 0, nen = 0;

	while (i < end) {
		char w[32];
		size_t n = 0;
		while (i < end && !((buf[i] >= 'a' && buf[i] <= 'z') ||
				    (buf[i] >= 'A' && buf[i] <= 'Z') ||
				    (unsigned char)buf[i] >= 0xc0))
			i++;
		while (i < end && ((buf[i] >= 'a' && buf[i] <= 'z') ||
				   (buf[i] >= 'A' && buf[i] <= 'Z') ||
				   (unsigned char)buf[i] >= 0x80)) {
			char c = buf[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (n + 1 < sizeof w)
				w[n] = c;
			n++;
			i++;
		}
		if (n == 0 || n >= sizeof w)
			continue;
		if (word_in(w, n, cl_es_detect, 1))
			nes++;
		else if (word_in(w, n, cl_en_detect, 1))
			nen++;
	}
	return nes > nen ? "es" : "en";
}
