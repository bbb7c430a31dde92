/*
 * internal.h: what the files of extract/ share with each other only.
 * Not part of the public API (extract.h); nothing outside extract/
 * includes it.
 *
 * The stages, one file each, in the order an article goes through them:
 *
 *   extract.c   the pipeline: article in, cl_extraction out; paragraphs
 *               into units, units into sentences, sentences into claims
 *   segment.c   header lines, paragraphs, headlines and captions, tokens,
 *               quote-mark pairing, sentence ends, datelines
 *   memory.c    what the article has named so far: people and bodies,
 *               roles, who spoke last (the fixed-size rings of xstate),
 *               and the scan of each sentence's mentions that fills them
 *   names.c     one capitalised name run: titles, links, honours, bodies
 *   speakers.c  a speaker phrase resolved to a name: pronouns, groups,
 *               descriptors, documents, roles
 *   cues.c      attribution cues: speech verbs, where a quote stands,
 *               the phrases left and right of a cue, `told AUDIENCE`
 *   claims.c    the direct and indirect patterns of a sentence, and the
 *               claims they add
 *   dates.c     the day a claim was made (cl_when), cl_when_resolve
 *   es.c        the Spanish rules: a Spanish sentence's direct and
 *               reported claims, names, titles with gender, pro-drop,
 *               dates, and the language detection
 *   alias.c     the speaker alias table
 *   lang.c      questions about one word; the word lists are data,
 *               extract/lang/en/ (a .txt a list), compiled in by
 *               scripts/lang-gen.sh
 *
 * Every function here works on the one xstate of a cl_extract() call
 * (token indexes are into its current unit, st->t) and cannot fail,
 * except those that allocate: an int result is then CL_OK or CL_ENOMEM,
 * a pointer NULL when out of memory.  Strings returned by the lookups
 * (cl_x_role_find, cl_x_org_by_head...) point into the xstate's memory
 * and are copied before it changes.  Names: cl_x_ for functions that
 * cross files, cl_en_ for the word lists; the static inline token tests
 * below keep their short names.
 */
#ifndef CL_EXTRACT_INTERNAL_H
#define CL_EXTRACT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extract/extract.h"

/* ---- types ------------------------------------------------------------ */

enum { T_WORD, T_PUNCT, T_QMARK };          /* tok.kind */
enum { R_STRAY, R_OPEN, R_CLOSE, R_CONT };  /* tok.role of a quote mark */

/* One token of the current unit: a word, a punctuation character or a
 * double quote mark. */
typedef struct tok {
	size_t off;
	uint32_t len;
	uint8_t kind;
	uint8_t inq;    /* inside quoted text (not the marks) */
	uint8_t role;   /* for marks: R_* */
	uint8_t cap;    /* word starting with an uppercase letter */
	uint32_t para;  /* paragraph number within the unit */
	int32_t q;      /* quote index in the unit, -1 none */
} tok;

/* One quote of the current unit, as token indexes. */
typedef struct qspan {
	size_t open;    /* token index of the opening mark */
	size_t close;   /* token index of the closing mark, or SIZE_MAX */
	size_t first, last; /* first and last content token (first > last: empty) */
	size_t words;
} qspan;

/* Entities seen so far: names of people and bodies. */
#define NENT 64
#define NROLE 64
#define NAMEMAX 128

typedef struct ent {
	char name[NAMEMAX];
	int person;
	char gender;    /* 'f', 'm', or 0 when unknown (cl_x_name_gender) */
	size_t seen;
} ent;

/* A role, document or descriptor word and the name it last stood for.
 * Keys: a role phrase ("minister", "head of the central bank"); "@word"
 * a body introduced with that word ("@utility"); "$word" who issued that
 * document ("$statement"); "#acronym" a body's bracketed acronym. */
typedef struct rolemap {
	char role[48];
	char name[NAMEMAX];
	size_t seen;
} rolemap;

/* How a speaker was found, and how sure the rules are of it: what a
 * reviewer sees (cl_claim.cue, cl_claim.confidence). */
enum { CUE_NAMED, CUE_PRONOUN, CUE_DESCRIPTOR, CUE_ALIAS, CUE_CONTINUATION };
enum { CONF_HIGH, CONF_MEDIUM, CONF_LOW };

/* A resolved speaker: `ok` when `name` holds one.  cl_x_spk_set makes it
 * CUE_NAMED and CONF_HIGH; the rules that found it otherwise say so. */
typedef struct spk {
	char name[NAMEMAX];
	int person;
	int ok;
	int how;   /* CUE_* */
	int conf;  /* CONF_* */
	int group; /* an unnamed group as the article gives it ("Residents"):
		    * no body, so never "the company" or "it" later */
} spk;

/* The state of one cl_extract() call. */
typedef struct xstate {
	const char *buf;
	size_t len;
	const cl_aliases *al;
	cl_extraction *x;
	size_t cap;            /* claims allocated */
	/* unit */
	tok *t;
	size_t nt, tcap;
	qspan *qs;
	size_t nq, qcap;
	uint8_t *headline;     /* per paragraph of the unit */
	size_t nhead, headcap;
	/* discourse */
	ent ents[NENT];
	size_t nents;
	rolemap roles[NROLE];
	size_t nroles;
	size_t clock;
	char salient[NAMEMAX];     /* last person in subject/speaker position */
	char lastperson[NAMEMAX];  /* last person named anywhere */
	char lastorg[NAMEMAX];     /* last body that spoke or issued a text */
	char lastspk[NAMEMAX];     /* speaker of the last claim */
	int lastspk_person;
	size_t lastspk_unit;
	size_t subj_unit;          /* unit where salient was a subject */
	size_t unit_no;
	size_t doc_unit, doc_sent; /* sentence whose documents were noted */
	/* the claim being added: its cue and its tokens, for its date */
	size_t d_cue, d_a, d_b, d_skip0;
	const uint8_t *d_skip;
	int d_denial;              /* its cue denies the clause (cue_denial) */
	/* Spanish (es.c): the rules in use, and what they remember */
	int es;                    /* 1: the article is Spanish */
	int es_nest;               /* “…“nested”…” marks open in the quote */
	struct esrole {
		char key[24];      /* role key (descriptors.txt, third field) */
		char gender;       /* 'f', 'm' or 0 */
		char phrase[64];   /* the words after the title, lowercase */
		char name[NAMEMAX];
		size_t seen;
	} esr[NROLE];
	size_t nesr;
	size_t dash_unit;          /* a dialogue-dash paragraph's speaker ... */
	uint32_t dash_para;        /* ... goes on in its later sentences */
	spk dash_spk;
	/* who goes on after relayed speech ("X citó a Y, que dijo que …"):
	 * the relayer, while no claim has been added since */
	char es_topic[NAMEMAX];
	size_t es_topic_claims, es_topic_unit;
	int es_relay;              /* np_left took a relative's antecedent */
} xstate;

/* A name run found by cl_x_scan_name(). */
typedef struct nameinfo {
	size_t a, b;       /* tokens of the name proper (titles stripped) */
	size_t ta;         /* first token including titles */
	int person;
	int has_title;
	int org;           /* has a body word ("Ministry", "Corp") */
	char name[NAMEMAX];
} nameinfo;

/* Where a quote stands in its sentence (cl_x_quote_pos()). */
enum { P_EMBED, P_START, P_AFTER, P_COLON };

/* ---- the word lists (extract/lang/en/, generated into lang_en.{c,h}) ---- */

/* cl_en_<name> for each extract/lang/en/<name>.txt: a NULL-terminated
 * array of lowercase words in the file's order; cl_en_org_kinds is an
 * array of such arrays, cl_en_demonyms holds triples (country,
 * adjective, noun).  See lang.c. */
#include "extract/lang_en.h"
/* cl_es_<name>: the Spanish lists, extract/lang/es/, in the same format. */
#include "extract/lang_es.h"

/* ---- inline token tests -------------------------------------------------- */

#define TWORD(st, i) ((st)->buf + (st)->t[i].off)

/* Case-insensitive (ASCII) compare of s[0..n) with the word w. */
static inline int weq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (w[i] == '\0')
			return 0;
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)w[i])
			return 0;
	}
	return w[i] == '\0';
}

/* Is s[0..n) one of the words of the NULL-terminated `list` (weq)? */
static inline int in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (weq(s, n, *list))
			return 1;
	return 0;
}

/* Is token i the word (or punctuation) w, ignoring ASCII case? */
static inline int tok_is(const xstate *st, size_t i, const char *w)
{
	return i < st->nt && st->t[i].kind != T_QMARK &&
	       weq(TWORD(st, i), st->t[i].len, w);
}

/* Is token i a word of `list`? */
static inline int tok_in(const xstate *st, size_t i, const char *const *list)
{
	return i < st->nt && st->t[i].kind == T_WORD &&
	       in_list(TWORD(st, i), st->t[i].len, list);
}

/* Is token i the punctuation p? */
static inline int tok_punct(const xstate *st, size_t i, const char *p)
{
	return i < st->nt && st->t[i].kind == T_PUNCT &&
	       st->t[i].len == strlen(p) && memcmp(TWORD(st, i), p, st->t[i].len) == 0;
}

/* Is token i a word of two or more capitals only ("WHO", "IT"): an
 * acronym, never the pronoun or stop word it spells? */
static inline int tok_caps(const xstate *st, size_t i)
{
	const char *w;
	size_t k;

	if (i >= st->nt || st->t[i].kind != T_WORD || st->t[i].len < 2)
		return 0;
	w = st->buf + st->t[i].off;
	for (k = 0; k < st->t[i].len; k++)
		if (!(w[k] >= 'A' && w[k] <= 'Z'))
			return 0;
	return 1;
}

/* Byte offset just past token i. */
static inline size_t tok_end(const xstate *st, size_t i)
{
	return st->t[i].off + st->t[i].len;
}

/* Lowercase copy of word i into w (ASCII only). */
static inline size_t lower_word(const xstate *st, size_t i, char *w, size_t wsz)
{
	size_t n = st->t[i].len, k;

	if (n >= wsz)
		n = wsz - 1;
	for (k = 0; k < n; k++) {
		char c = TWORD(st, i)[k];
		w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	w[n] = '\0';
	return n;
}

/* Strip a possessive "’s" / "'s" from the length of word i. */
static inline size_t word_len_nopos(const xstate *st, size_t i)
{
	const char *w = TWORD(st, i);
	size_t n = st->t[i].len;

	if (n > 2 && w[n - 1] == 's' && w[n - 2] == '\'')
		return n - 2;
	if (n > 4 && w[n - 1] == 's' && (unsigned char)w[n - 2] == 0x99 &&
	    (unsigned char)w[n - 3] == 0x80 && (unsigned char)w[n - 4] == 0xe2)
		return n - 4;
	return n;
}

/* Index of the closing mark of quote q, or the token after its content
 * when the quote was capped at a paragraph end. */
static inline size_t q_close(const qspan *q)
{
	return q->close != SIZE_MAX ? q->close : q->last + 1;
}

/* ---- segment.c: paragraphs, tokens, sentences ---------------------------- */

/* Parse the header lines at the top of buf[0..len) into x; returns the
 * body offset, or SIZE_MAX when out of memory. */
size_t cl_x_parse_headers(const char *s, size_t len, cl_extraction *x);

/* 1 when the body from `body` on has a blank line: paragraphs are then
 * separated by blank lines, else every line is one. */
int cl_x_blank_separated(const char *s, size_t len, size_t body);

/* Next paragraph at or after *pos: [*ps, *pe); 0 at the end.  An overlong
 * paragraph is cut at a space before CL_EXTRACT_PARA_MAX. */
int cl_x_next_para(const char *s, size_t len, size_t *pos, size_t *ps,
		   size_t *pe, int blank_sep);

/* Add buf[ps..pe) to the unit as its paragraph `para`: whether it is a
 * headline, and its tokens, with quote marks paired (*inq carries an open
 * quote across paragraphs; `cont`: its first mark continues it).
 * Returns CL_OK or CL_ENOMEM. */
int cl_x_add_para(xstate *st, size_t ps, size_t pe, uint32_t para, int *inq,
		  int cont);

/* A quote open at the end of the unit's last paragraph goes on into the
 * paragraph at `pos` (it opens with a quote mark, within the limits). */
int cl_x_quote_goes_on(const xstate *st, size_t pos, size_t upara, size_t ubytes);

/* Close the unit's last quote, capped at its paragraph end, before an
 * attribution it swallowed (", said Chief X"). */
void cl_x_repair_capped(xstate *st);

/* Does a sentence that started at token s end at token i? */
int cl_x_sentence_ends(const xstate *st, size_t s, size_t i);

/* A stop that ends a clause: . ! ? ; outside quotes, not the dot of an
 * abbreviation ("Dr.", "U.S."). */
int cl_x_is_terminal(const xstate *st, size_t i);

/* The token after a paragraph's dateline ("LISBON, May 2 -"), or s. */
size_t cl_x_skip_dateline(const xstate *st, size_t s, size_t e);

/* A malloc'd NUL-terminated copy of s[0..n), or NULL. */
char *cl_x_dupn(const char *s, size_t n);

/* ---- memory.c: who the article has named ---------------------------------- */

/* Copy at most NAMEMAX - 1 bytes of src (n of them) into dst, never
 * cutting a character. */
void cl_x_copy_name(char *dst, const char *src, size_t n);

ent *cl_x_ent_find(xstate *st, const char *name);
/* Note a person or body seen now (its gender when known: 'f', 'm', 0). */
void cl_x_ent_note(xstate *st, const char *name, int person, char gender);
const char *cl_x_person_by_surname(const xstate *st, const char *w, size_t n);
const char *cl_x_person_by_suffix(const xstate *st, const char *w, size_t n);
const char *cl_x_body_by_prefix(const xstate *st, const char *w, size_t n);
int cl_x_is_person_canon(const xstate *st, const char *name);
const char *cl_x_role_find(const xstate *st, const char *role, size_t rn);
/* The one person whose remembered role ends with the words of `role`
 * ("health secretary" for "union health secretary"); NULL when none, or
 * when two people fit. */
const char *cl_x_role_find_tail(const xstate *st, const char *role, size_t rn);
/* "the prosecutor's office": the body last seen whose name has both the
 * owner word ("prosecutor", lowercase, n bytes) and the head word
 * ("office"), possessives ignored ("Kyiv City Prosecutor's Office");
 * NULL when none. */
const char *cl_x_org_by_owner_head(const xstate *st, const char *owner, size_t on,
				   const char *head, size_t hn);

/* 1 when the article gave the person `name` any role ("Mayor", "the
 * coach", "a lawyer"), else 0. */
int cl_x_has_role(const xstate *st, const char *name);
const char *cl_x_alias_span(const xstate *st, size_t a, size_t b);
const char *cl_x_org_by_head(const xstate *st, const char *head, size_t hn);
const char *cl_x_firm_fallback(const xstate *st);

/* Note the people and bodies named in sentence [s..e], their roles, and
 * who is its subject. */
void cl_x_scan_mentions(xstate *st, size_t s, size_t e);

/* `sp` made a claim: the last speaker, and the salient person or body. */
void cl_x_remember_speaker(xstate *st, const spk *sp);

/* Document words of sentence [s..e] outside the claim [ca..cb] came from
 * `sp`. */
void cl_x_doc_note(xstate *st, size_t s, size_t e, size_t ca, size_t cb,
		   const spk *sp);

/* ---- names.c: a name run ------------------------------------------------ */

/* The capitalised name run at token i (out of quotes, within [i..lim])
 * into ni; returns the token after it, or i when there is none. */
size_t cl_x_scan_name(xstate *st, size_t i, size_t lim, size_t sent_start,
		      nameinfo *ni);

/* The gender a person's name run says: a gendered title before it
 * ("Ms", "Sir": title_female/title_male) or its first name (names_female,
 * names_male); 'f', 'm' or 0 when neither says. */
char cl_x_name_gender(const xstate *st, const nameinfo *ni);

/* At the comma j: ", X and Y" (capitalised words, at most 8 tokens)
 * returns the index after Y, else j. */
size_t cl_x_org_list_end(const xstate *st, size_t j, size_t lim);

/* ---- speakers.c: a phrase resolved to a speaker ---------------------------- */

void cl_x_spk_set(spk *sp, const char *name, int person);

/* cl_x_spk_set, then how it was found and how sure that is. */
void cl_x_spk_found(spk *sp, const char *name, int person, int how, int conf);

/* Resolve the speaker phrase in tokens [a..b] into *sp.  `prev` is a
 * speaker already found in this sentence (for "which", "who"). */
void cl_x_resolve_np(xstate *st, size_t a, size_t b, size_t sent_start,
		     const spk *prev, spk *sp);

/* Do lowercase role words start at k ("boss", "general secretary") with
 * a capitalised word after them within [k..b]?  Then a person-like name
 * ending before k is an affiliation: "Manchester City boss Pep
 * Guardiola" is Pep Guardiola. */
int cl_x_role_then_name(const xstate *st, size_t k, size_t b);

/* First token of the sentence's grammatical subject, or SIZE_MAX. */
size_t cl_x_subject_pos(const xstate *st, size_t s, size_t e);

/* The speaker left of the cue c, appositives and relative clauses
 * included. */
void cl_x_np_left_resolve(xstate *st, size_t c, size_t s, const spk *prev,
			  spk *sp);

/* The sentence's subject as a speaker. */
void cl_x_subject_speaker(xstate *st, size_t s, size_t e, spk *sp);
/* "Ana Ruiz, general secretary of the Transport Union said": the phrase
 * [l..c) is an office of a body after a comma, and the person named
 * before the comma speaks.  Returns 1 with *sp set, else 0. */
int cl_x_office_appositive(xstate *st, size_t l, size_t c, size_t s, const spk *prev,
			   spk *sp);

/* The name opening the clause before the colon of a cue-less quote. */
void cl_x_colon_speaker(xstate *st, size_t s, size_t colon, spk *sp);

/* ---- cues.c: attribution cues ------------------------------------------------ */

/* Is token i a speech verb that reports a statement? */
int cl_x_is_cue(const xstate *st, size_t i, size_t s);

/* P_* for quote q of sentence [s..e]; *cue gets the cue (or colon). */
int cl_x_quote_pos(const xstate *st, const qspan *q, size_t s, size_t e,
		   size_t *cue);

/* After a closing mark at i, the sentence goes on as an attribution. */
int cl_x_post_ok(const xstate *st, size_t i, size_t e, size_t s);

/* The phrase left of cue c: [result..c-1]; right of it: [c+1..result-1]. */
size_t cl_x_np_left(const xstate *st, size_t c, size_t s);
size_t cl_x_np_right(const xstate *st, size_t c, size_t e);

int cl_x_appositive_subject(const xstate *st, size_t s, size_t c);
int cl_x_new_clause(const xstate *st, size_t i, size_t e);
size_t cl_x_after_time_adverbial(const xstate *st, size_t k, size_t e);
size_t cl_x_told_clause(const xstate *st, size_t c, size_t e);

/* ---- claims.c: the patterns of a sentence ------------------------------------ */

/* The direct claims of sentence [s..e]; *done when any was added. */
int cl_x_sentence_direct(xstate *st, size_t s, size_t e, int *done);

/* The indirect claim of sentence [s..e], if any. */
int cl_x_sentence_indirect(xstate *st, size_t s, size_t e);

/* Claims built by another language's rules (es.c): a direct claim over
 * the content tokens [a..b] (its text is cl_quote_text of their span;
 * quote marks nested inside are its text's business), and an indirect
 * one over [a..b] (emit_indirect's trimming).  `cue` is the cue token
 * for the claim's date. */
int cl_x_emit_direct_span(xstate *st, size_t a, size_t b, const spk *sp, size_t s,
			  size_t e, size_t cue);
int cl_x_emit_indirect_span(xstate *st, size_t a, size_t b, const spk *sp, size_t s,
			    size_t e, size_t cue);
/* The same for [a..b] without the tokens [x0..x1] (in [s..e]): "A,
 * según X, B." is the claim "A B". */
int cl_x_emit_indirect_except(xstate *st, size_t a, size_t b, size_t x0, size_t x1,
			      const spk *sp, size_t s, size_t e, size_t cue);

/* ---- es.c: the Spanish rules ------------------------------------------------- */

/* The claims of a Spanish sentence [s..e] (mentions noted first). */
int cl_x_es_sentence(xstate *st, size_t s, size_t e);

/* "es" or "en": which of the two lists of detect.txt words the body
 * buf[body..len) has more of (the first 64 KiB). */
const char *cl_x_detect_lang(const char *buf, size_t len, size_t body);

/* The day a Spanish attribution names (`dijo el domingo`). */
void cl_x_es_attr_when(const xstate *st, size_t s, size_t e, cl_when *w);

/* ---- dates.c: the day a claim was made --------------------------------------- */

/* The day named by the attribution of the claim being added (st->d_*). */
void cl_x_attr_when(const xstate *st, size_t s, size_t e, cl_when *w);

/* ---- lang.c: questions about one word ----------------------------------------- */

int cl_x_demonym_noun(const xstate *st, size_t i);
int cl_x_demonym_any(const xstate *st, size_t i);
int cl_x_role_compound(const xstate *st, size_t k);

/* ---- alias.c ------------------------------------------------------------------- */

/* Normalise an alias key into out (ASCII lowercase, single spaces, no
 * leading "the "); returns its length. */
size_t cl_x_norm_key(const char *s, size_t n, char *out, size_t outsz);

#endif
