/*
 * memory.c: what the article has named so far, and who said what.
 *
 * People and bodies (the last NENT), roles, documents and descriptors
 * and the names they stand for (the last NROLE), the salient person, the
 * last body and the last speaker all live in the fixed-size rings of the
 * xstate, least recently seen out first, so memory is bounded whatever
 * the article.  scan_mentions fills them from each sentence before its
 * claims are looked for; the lookups here answer "who is `he`, `the
 * ministry`, `the statement`, `Briones`".
 */
#include "extract/internal.h"

#include <string.h>
#include <strings.h>

/* ---- people and bodies --------------------------------------------------- */

/* ASCII case-insensitive equality of a[0..n) and b[0..n). */
static int ncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

void cl_x_copy_name(char *dst, const char *src, size_t n)
{
	if (n >= NAMEMAX)
		n = NAMEMAX - 1;
	/* Never cut a character in half. */
	while (n > 0 && n < strlen(src) && ((unsigned char)src[n] & 0xc0) == 0x80)
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

ent *cl_x_ent_find(xstate *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nents && i < NENT; i++)
		if (strcmp(st->ents[i].name, name) == 0)
			return &st->ents[i];
	return NULL;
}

static void ent_note(xstate *st, const char *name, int person, char gender)
{
	ent *e = cl_x_ent_find(st, name);
	size_t i, old = 0;

	st->clock++;
	if (e == NULL) {
		if (st->nents < NENT) {
			e = &st->ents[st->nents++];
		} else {
			/* Replace the least recently seen. */
			for (i = 1; i < NENT; i++)
				if (st->ents[i].seen < st->ents[old].seen)
					old = i;
			e = &st->ents[old];
		}
		cl_x_copy_name(e->name, name, strlen(name));
		e->person = person;
		e->gender = 0;
	}
	/* A later mention without a title or known first name ("Jones")
	 * keeps what the first one said. */
	if (gender)
		e->gender = gender;
	e->seen = st->clock;
	if (person)
		cl_x_copy_name(st->lastperson, e->name, strlen(e->name));
}

void cl_x_ent_note(xstate *st, const char *name, int person, char gender)
{
	ent_note(st, name, person, gender);
}

/* A known person whose last name is `w` ("Mendel" -> "Tomas Mendel"). */
const char *cl_x_person_by_surname(const xstate *st, const char *w, size_t n)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name, *sp;
		if (!st->ents[i].person)
			continue;
		sp = strrchr(nm, ' ');
		sp = sp ? sp + 1 : nm;
		if (strlen(sp) == n && strncmp(sp, w, n) == 0 &&
		    (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen))
			best = i;
	}
	if (best != SIZE_MAX)
		return st->ents[best].name;
	/* "Lin" for "Lin Jiahao", "Park" for "Park Min Ho": names written
	 * family name first are called by their first word; a given name
	 * alone ("Carlos") is not such a family name. */
	if (in_list(w, n, cl_en_names_female) || in_list(w, n, cl_en_names_male))
		return NULL;
	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		if (!st->ents[i].person || strlen(nm) <= n + 1 || nm[n] != ' ' ||
		    strncmp(nm, w, n) != 0)
			continue;
		if (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen)
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

/* A known person whose name ends with the words w[0..n) and has more
 * before them ("Van Loon" -> "Joris Van Loon"). */
const char *cl_x_person_by_suffix(const xstate *st, const char *w, size_t n)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		size_t l = strlen(nm);
		if (!st->ents[i].person || l <= n + 1 || nm[l - n - 1] != ' ' ||
		    !ncaseeq(nm + l - n, w, n))
			continue;
		if (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen)
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

/* ---- roles, documents, acronyms ------------------------------------------ */

int cl_x_has_role(const xstate *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nroles && i < NROLE; i++) {
		char c = st->roles[i].role[0];
		if (c != '@' && c != '$' && c != '#' && strcmp(st->roles[i].name, name) == 0)
			return 1;
	}
	return 0;
}

static void role_note(xstate *st, const char *role, size_t rn, const char *name)
{
	size_t i, old = 0;
	rolemap *r = NULL;

	if (rn == 0 || rn >= sizeof r->role)
		return;
	st->clock++;
	for (i = 0; i < st->nroles; i++) {
		if (strlen(st->roles[i].role) == rn &&
		    memcmp(st->roles[i].role, role, rn) == 0) {
			r = &st->roles[i];
			break;
		}
	}
	if (r == NULL) {
		if (st->nroles < NROLE) {
			r = &st->roles[st->nroles++];
		} else {
			for (i = 1; i < NROLE; i++)
				if (st->roles[i].seen < st->roles[old].seen)
					old = i;
			r = &st->roles[old];
		}
		memcpy(r->role, role, rn);
		r->role[rn] = '\0';
	}
	cl_x_copy_name(r->name, name, strlen(name));
	r->seen = st->clock;
}

const char *cl_x_role_find(const xstate *st, const char *role, size_t rn)
{
	size_t i;

	for (i = 0; i < st->nroles; i++)
		if (strlen(st->roles[i].role) == rn &&
		    strncmp(st->roles[i].role, role, rn) == 0)
			return st->roles[i].name;
	return NULL;
}

const char *cl_x_role_find_tail(const xstate *st, const char *role, size_t rn)
{
	const rolemap *best = NULL;
	size_t i;

	for (i = 0; i < st->nroles && i < NROLE; i++) {
		const char *r = st->roles[i].role;
		size_t n = strlen(r);
		if (r[0] == '@' || r[0] == '$' || r[0] == '#' || n <= rn + 1 ||
		    r[n - rn - 1] != ' ' || strncmp(r + n - rn, role, rn) != 0)
			continue;
		if (best != NULL && strcmp(best->name, st->roles[i].name) != 0)
			return NULL; /* two people fit: no guess */
		best = &st->roles[i];
	}
	return best ? best->name : NULL;
}

/* "Spain's Ana Ruiz", "Spanish rider Ana Ruiz": word i (a country's
 * possessive or an adjective) gives `name` its nationality nouns. */
static void demonyms_note(xstate *st, size_t i, const char *name)
{
	size_t k, n;

	if (i >= st->nt || st->t[i].kind != T_WORD || !st->t[i].cap)
		return;
	n = word_len_nopos(st, i);
	for (k = 0; cl_en_demonyms[k] != NULL; k += 3) {
		int hit = n != st->t[i].len ? weq(TWORD(st, i), n, cl_en_demonyms[k])
					    : weq(TWORD(st, i), n, cl_en_demonyms[k + 1]);
		if (hit)
			role_note(st, cl_en_demonyms[k + 2], strlen(cl_en_demonyms[k + 2]),
				  name);
	}
}

/* Map every role word of tokens [a..b] to `name`. */
static void roles_from(xstate *st, size_t a, size_t b, const char *name)
{
	size_t i;
	char w[48];

	for (i = a; i <= b && i < st->nt; i++) {
		if (st->t[i].kind != T_WORD)
			continue;
		if (tok_in(st, i, cl_en_role_words) || tok_in(st, i, cl_en_occupations)) {
			size_t n = lower_word(st, i, w, sizeof w);
			role_note(st, w, n, name);
		}
	}
}

/* Alias lookup on the bytes of tokens [a..b]. */
const char *cl_x_alias_span(const xstate *st, size_t a, size_t b)
{
	char tmp[256];
	size_t from = st->t[a].off, to = tok_end(st, b);

	if (st->al == NULL || to - from >= sizeof tmp)
		return NULL;
	memcpy(tmp, st->buf + from, to - from);
	tmp[to - from] = '\0';
	return cl_aliases_lookup(st->al, tmp);
}

int cl_x_is_person_canon(const xstate *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nents; i++)
		if (strcmp(st->ents[i].name, name) == 0)
			return st->ents[i].person;
	return 0;
}

/* A known body whose name starts with the words w[0..n) and goes on. */
const char *cl_x_body_by_prefix(const xstate *st, const char *w, size_t n)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		if (st->ents[i].person || strlen(nm) <= n + 1 ||
		    strncmp(nm, w, n) != 0 || nm[n] != ' ')
			continue;
		if (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen)
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

/* ---- bodies by kind ------------------------------------------------------ */

/* The kind list `head` belongs to ("union" -> union, association, ...),
 * or NULL. */
static const char *const *org_kind(const char *head, size_t hn)
{
	size_t i;

	for (i = 0; cl_en_org_kinds[i]; i++)
		if (in_list(head, hn, cl_en_org_kinds[i]))
			return cl_en_org_kinds[i];
	return NULL;
}

/* Does the word w[0..wn) name a body of the kind of `head`? */
static int org_word_is(const char *w, size_t wn, const char *head, size_t hn,
		       const char *const *kind, int firm)
{
	return (wn == hn && weq(w, wn, head)) ||
	       (kind != NULL && in_list(w, wn, kind)) ||
	       (firm && in_list(w, wn, cl_en_firm_suffix));
}

/* Remember that `name` was introduced as "the <head>" ("the state water
 * utility AQN", "The teachers' union, the Lakeshore Teachers
 * Association"). */
static void orgrole_note(xstate *st, size_t k, const char *name)
{
	char w[48];
	size_t n;

	w[0] = '@';
	n = lower_word(st, k, w + 1, sizeof w - 1);
	if (n > 2 && w[n] == 's' && w[n - 1] == '\'')
		n -= 2;     /* "union's" */
	role_note(st, w, n + 1, name);
}

/*
 * The last body of the kind `head` names ("the ministry", "the company",
 * "the union"): a body whose name has that word or a word of the same
 * kind (Association for union, Corp or Terminals for company), or one
 * the article introduced with that word.
 */
/* Does the name nm have a word that is w (n bytes, lowercase), ignoring
 * case and a possessive ('s, ’s) after it? */
static int name_has_word(const char *nm, const char *w, size_t n)
{
	size_t k, e;

	for (k = 0; nm[k]; k = nm[e] ? e + 1 : e) {
		size_t m;
		for (e = k; nm[e] && nm[e] != ' '; e++)
			;
		m = e - k;
		if (m >= n + 2 && nm[k + n] == '\'' && nm[k + n + 1] == 's' && m == n + 2)
			m = n;
		else if (m == n + 4 && memcmp(nm + k + n, "\xe2\x80\x99s", 4) == 0)
			m = n;
		if (m == n && strncasecmp(nm + k, w, n) == 0)
			return 1;
	}
	return 0;
}

const char *cl_x_org_by_owner_head(const xstate *st, const char *owner, size_t on,
				   const char *head, size_t hn)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents && i < NENT; i++) {
		const char *nm = st->ents[i].name;
		if (st->ents[i].person || !name_has_word(nm, owner, on) ||
		    !name_has_word(nm, head, hn))
			continue;
		if (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen)
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

const char *cl_x_org_by_head(const xstate *st, const char *head, size_t hn)
{
	size_t i, best = SIZE_MAX, bseen = 0;
	const char *bname = NULL;
	int firm = in_list(head, hn, cl_en_firm_heads);
	const char *const *kind = org_kind(head, hn);

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		size_t k;
		int hit = 0;
		if (st->ents[i].person)
			continue;
		/* word-wise case-insensitive containment */
		for (k = 0; nm[k]; ) {
			size_t e = k;
			while (nm[e] && nm[e] != ' ')
				e++;
			if (org_word_is(nm + k, e - k, head, hn, kind, firm))
				hit = 1;
			k = nm[e] ? e + 1 : e;
		}
		if (hit && (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen))
			best = i;
	}
	if (best != SIZE_MAX) {
		bname = st->ents[best].name;
		bseen = st->ents[best].seen;
	}
	for (i = 0; i < st->nroles; i++) {
		const rolemap *r = &st->roles[i];
		if (r->role[0] != '@' || r->seen <= bseen)
			continue;
		if (org_word_is(r->role + 1, strlen(r->role + 1), head, hn, kind, firm) ||
		    (firm && in_list(r->role + 1, strlen(r->role + 1), cl_en_firm_heads))) {
			bname = r->name;
			bseen = r->seen;
		}
	}
	return bname;
}

/* "the company" when no body of that kind is known: the last body that
 * spoke or was a subject, if its name says nothing of another kind
 * ("Stonegate Civil", not "the Health Department"). */
const char *cl_x_firm_fallback(const xstate *st)
{
	const char *nm = st->lastorg;
	size_t k = 0;

	if (nm[0] == '\0')
		return NULL;
	while (nm[k]) {
		size_t e = k;
		while (nm[e] && nm[e] != ' ')
			e++;
		if (in_list(nm + k, e - k, cl_en_org_words) ||
		    in_list(nm + k, e - k, cl_en_org_heads))
			return NULL;
		k = nm[e] ? e + 1 : e;
	}
	return nm;
}

/* ---- mentions ------------------------------------------------------------ */

static int is_role_phrase_word(const xstate *st, size_t k)
{
	return st->t[k].kind == T_WORD && !st->t[k].inq;
}

/* Lowercase body words that introduce or follow the body `ni` ending
 * before token nk: "the state water utility AQN", "The teachers' union,
 * the Lakeshore Teachers Association,", "Northern Quay Holdings, the
 * operator,".  Each is noted so that "the utility" later means it. */
static void body_descriptors(xstate *st, size_t s, size_t e, const nameinfo *ni,
			     size_t nk)
{
	size_t p = ni->ta, m;

	if (p > s && !st->t[p - 1].cap && tok_in(st, p - 1, cl_en_org_heads)) {
		orgrole_note(st, p - 1, ni->name);
		return;
	}
	if (p > s && tok_is(st, p - 1, "the"))
		p--;
	if (p > s + 1 && tok_punct(st, p - 1, ",")) {
		for (m = p - 1; m > s && p - m < 8; m--) {
			size_t k = m - 1;
			if (st->t[k].kind != T_WORD) {
				if (tok_punct(st, k, "'"))
					continue;
				break;
			}
			if (st->t[k].cap && !tok_is(st, k, "the"))
				break;
			if (tok_in(st, k, cl_en_org_heads))
				orgrole_note(st, k, ni->name);
		}
	}
	if (nk + 2 <= e && tok_punct(st, nk, ",") &&
	    (tok_is(st, nk + 1, "the") || tok_is(st, nk + 1, "a") ||
	     tok_is(st, nk + 1, "an"))) {
		for (m = nk + 2; m <= e && m < nk + 8; m++) {
			if (st->t[m].kind != T_WORD || st->t[m].cap || st->t[m].inq)
				break;
			if (tok_in(st, m, cl_en_org_heads))
				orgrole_note(st, m, ni->name);
		}
	}
}

/* The roles a person's name brings with it from the words before it in
 * sentence [s..]: its titles ("Foreign Minister Ana Ruiz"), a lowercase
 * role ("former congressman X"), a nationality ("Spain's X", "Spanish
 * rider X": later "the Spaniard"), a role before a comma ("its
 * secretary, X,"). */
/* The whole title before a name ("Prime Minister Keir Starmer": "prime
 * minister"), for "the prime minister" later: its role and title words,
 * lowercase. */
static void title_phrase(xstate *st, size_t ta, size_t a, const char *name)
{
	char phrase[96];
	size_t pn = 0, k;

	for (k = ta; k < a && k < st->nt; k++) {
		char w[48];
		size_t wn;
		if (!tok_in(st, k, cl_en_title_words) && !tok_in(st, k, cl_en_role_words))
			continue;
		wn = lower_word(st, k, w, sizeof w);
		if (pn + wn + 2 >= sizeof phrase)
			return;
		if (pn)
			phrase[pn++] = ' ';
		memcpy(phrase + pn, w, wn);
		pn += wn;
	}
	if (pn > 0 && memchr(phrase, ' ', pn) != NULL)
		role_note(st, phrase, pn, name);
}

static void roles_before(xstate *st, size_t s, const nameinfo *ni)
{
	if (ni->ta < ni->a) {
		roles_from(st, ni->ta, ni->a - 1, ni->name);
		title_phrase(st, ni->ta, ni->a, ni->name);
	}
	if (ni->ta > s && tok_in(st, ni->ta - 1, cl_en_role_words)) {
		/* "Congress general secretary Jairam Ramesh": the lowercase
		 * office before the name, whole ("general secretary"). */
		size_t lo = ni->ta - 1;
		roles_from(st, ni->ta - 1, ni->ta - 1, ni->name);
		while (lo > s && ni->ta - lo < 4 && !st->t[lo - 1].cap &&
		       (tok_in(st, lo - 1, cl_en_title_words) ||
			tok_in(st, lo - 1, cl_en_role_words)))
			lo--;
		if (lo < ni->ta - 1)
			title_phrase(st, lo, ni->ta, ni->name);
	}
	if (ni->ta > s) {
		demonyms_note(st, ni->ta - 1, ni->name);
		if (ni->ta > s + 1 && !st->t[ni->ta - 1].cap)
			demonyms_note(st, ni->ta - 2, ni->name);
	}
	if (ni->ta >= s + 2 && tok_punct(st, ni->ta - 1, ",")) {
		size_t p = ni->ta - 1, lo = p;
		while (lo > s && p - lo < 6 && is_role_phrase_word(st, lo - 1) &&
		       !st->t[lo - 1].cap)
			lo--;
		if (lo < p)
			roles_from(st, lo, p - 1, ni->name);
	}
}

/* An appositive after the person's name, from the comma at nk: "X, the
 * top US diplomat," gives X the whole phrase ("top us diplomat") and
 * each role word in it; it ends at a comma, a stop, a cue or the end of
 * the sentence e. */
static void appositive_roles(xstate *st, size_t e, size_t nk, const nameinfo *ni)
{
	char phrase[96];
	size_t pn = 0, m;

	for (m = nk + 1; m <= e && m < nk + 12; m++) {
		char w[48];
		size_t wn;
		if (st->t[m].kind != T_WORD || st->t[m].inq)
			break;
		if (m == nk + 1 && st->t[m].cap && !tok_is(st, m, "the"))
			break;
		if (tok_in(st, m, cl_en_cue_bare) || tok_in(st, m, cl_en_cue_that))
			break;
		wn = lower_word(st, m, w, sizeof w);
		if (tok_is(st, m, "the") || tok_is(st, m, "a") || tok_is(st, m, "an"))
			continue;
		if (pn + wn + 2 < sizeof phrase) {
			if (pn)
				phrase[pn++] = ' ';
			memcpy(phrase + pn, w, wn);
			pn += wn;
		}
	}
	if (pn > 0 && m > nk + 1 &&
	    (m > e || tok_punct(st, m, ",") || tok_punct(st, m, ".") ||
	     tok_in(st, m, cl_en_cue_bare) || tok_in(st, m, cl_en_cue_that))) {
		phrase[pn] = '\0';
		roles_from(st, nk + 1, m - 1, ni->name);
		role_note(st, phrase, pn, ni->name);
	}
}

/* "the UK Health Agency (UKHSA)": a bracketed word of at least two
 * capitals, more than half of it, right after a body's name (at nk) is
 * that body from now on. */
static void body_acronym(xstate *st, size_t e, size_t nk, const nameinfo *ni)
{
	const char *w;
	size_t q, up = 0;
	char key[48];

	if (!(nk + 2 <= e && tok_punct(st, nk, "(") && st->t[nk + 1].kind == T_WORD &&
	      tok_punct(st, nk + 2, ")") && st->t[nk + 1].len >= 2 &&
	      st->t[nk + 1].len < 40))
		return;
	w = TWORD(st, nk + 1);
	for (q = 0; q < st->t[nk + 1].len; q++)
		up += w[q] >= 'A' && w[q] <= 'Z';
	if (up >= 2 && up * 2 > st->t[nk + 1].len) {
		key[0] = '#';
		q = lower_word(st, nk + 1, key + 1, sizeof key - 1);
		role_note(st, key, q + 1, ni->name);
	}
}

/* Record the people and bodies named in [s..e], their roles, and who is
 * the subject. */
void cl_x_scan_mentions(xstate *st, size_t s, size_t e)
{
	size_t k, subj = cl_x_subject_pos(st, s, e);
	nameinfo ni;

	for (k = s; k <= e; ) {
		size_t nk = cl_x_scan_name(st, k, e, s, &ni);
		if (nk <= k) {
			k++;
			continue;
		}
		/* "Harbour City boss Tom Berg": a name before a role and
		 * another name is the person's affiliation, a body; the
		 * person after it takes its place as the subject */
		if (ni.person && nk <= e && cl_x_role_then_name(st, nk, e)) {
			ent_note(st, ni.name, 0, 0);
			if (ni.ta == subj) {
				size_t q = nk;
				while (q <= e && !st->t[q].cap)
					q++;
				subj = q;
			}
			k = nk;
			continue;
		}
		ent_note(st, ni.name, ni.person, cl_x_name_gender(st, &ni));
		if (ni.person) {
			roles_before(st, s, &ni);
			if (nk <= e && tok_punct(st, nk, ","))
				appositive_roles(st, e, nk, &ni);
			if (ni.ta == subj || ni.a == subj) {
				cl_x_copy_name(st->salient, ni.name, strlen(ni.name));
				st->subj_unit = st->unit_no;
			}
		} else {
			/* A body as subject is who "the statement" comes
			 * from. */
			if (ni.ta == subj || (subj != SIZE_MAX && ni.ta == subj + 1 &&
					      tok_is(st, subj, "the")))
				cl_x_copy_name(st->lastorg, ni.name, strlen(ni.name));
			body_descriptors(st, s, e, &ni, nk);
			body_acronym(st, e, nk, &ni);
		}
		k = nk;
	}
}

/* ---- who spoke ----------------------------------------------------------- */

void cl_x_remember_speaker(xstate *st, const spk *sp)
{
	cl_x_copy_name(st->lastspk, sp->name, strlen(sp->name));
	st->lastspk_person = sp->person;
	st->lastspk_unit = st->unit_no;
	if (sp->person)
		cl_x_copy_name(st->salient, sp->name, strlen(sp->name));
	else if (!sp->group)
		cl_x_copy_name(st->lastorg, sp->name, strlen(sp->name));
}

/* "X said in a statement that …": remember that "the statement" (any
 * document word of sentence [s..e] outside the claim [ca..cb] and out of
 * quotes) came from the speaker. */
void cl_x_doc_note(xstate *st, size_t s, size_t e, size_t ca, size_t cb,
		   const spk *sp)
{
	size_t k;

	/* Once a sentence, so that many claims in one sentence stay linear. */
	if (st->doc_unit == st->unit_no + 1 && st->doc_sent == s)
		return;
	st->doc_unit = st->unit_no + 1;
	st->doc_sent = s;
	for (k = s; k <= e && k < st->nt; k++) {
		char w[48];
		size_t wn;
		if ((k >= ca && k <= cb) || st->t[k].inq || !tok_in(st, k, cl_en_doc_words) ||
		    tok_is(st, k, "press"))
			continue;
		w[0] = '$';
		wn = lower_word(st, k, w + 1, sizeof w - 1);
		role_note(st, w, wn + 1, sp->name);
	}
}
