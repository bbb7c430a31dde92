/*
 * segment.c: the article cut into its parts: header lines, paragraphs,
 * headlines and captions, tokens with their double quote marks paired,
 * quotes that run on across paragraphs, sentences, datelines.
 *
 * Characters, spaces, quote marks and word ends are base/text.h's, the
 * ones the quote text rule uses, so that a direct claim's span and its
 * text agree.
 */
#include "extract/internal.h"
#include "base/grow.h"
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- copies --------------------------------------------------------------- */

char *cl_x_dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Is s[a..b) blank (spaces, tabs, a CR)? */
static int blank_line(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r')
			return 0;
	return 1;
}


/* ---- headers ------------------------------------------------------------- */

static char *find_iso_date(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i + 10 <= n; i++) {
		const char *d = v + i;
		int ok = 1, k, mo, dd;
		for (k = 0; k < 10; k++) {
			if (k == 4 || k == 7)
				ok &= d[k] == '-';
			else
				ok &= d[k] >= '0' && d[k] <= '9';
		}
		if (!ok || (i > 0 && v[i - 1] >= '0' && v[i - 1] <= '9') ||
		    (i + 10 < n && v[i + 10] >= '0' && v[i + 10] <= '9'))
			continue;
		mo = (d[5] - '0') * 10 + (d[6] - '0');
		dd = (d[8] - '0') * 10 + (d[9] - '0');
		if (mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31)
			return cl_x_dupn(d, 10);
	}
	return NULL;
}

/* Parse header lines; returns the body offset, or SIZE_MAX when out of
 * memory. */
size_t cl_x_parse_headers(const char *s, size_t len, cl_extraction *x)
{
	static const char *const keys[] = { "url", "date", "title", "publisher", "source",
					    "lang", NULL };
	size_t pos = 0, body = 0, nlines = 0;

	while (pos < len && nlines < 32) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t le = nl ? (size_t)(nl - s) : len, a = pos, k0, kn, va, ve;
		char **slot;
		int ki;

		nlines++;
		if (blank_line(s, pos, le)) {
			pos = le + 1;
			continue;
		}
		while (a < le && (s[a] == ' ' || s[a] == '\t'))
			a++;
		k0 = a;
		while (a < le && s[a] >= 'a' && s[a] <= 'z')
			a++;
		kn = a - k0;
		if (a < le && s[a] == ':')
			a++;
		if (a >= le || (s[a] != ' ' && s[a] != '\t'))
			break;
		for (ki = 0; keys[ki]; ki++)
			if (strlen(keys[ki]) == kn && memcmp(keys[ki], s + k0, kn) == 0)
				break;
		if (keys[ki] == NULL)
			break;
		va = a;
		ve = le;
		while (va < ve && (s[va] == ' ' || s[va] == '\t'))
			va++;
		while (ve > va && (s[ve - 1] == ' ' || s[ve - 1] == '\t' || s[ve - 1] == '\r'))
			ve--;
		if (va == ve)
			break;
		if (ki == 5) {
			/* "lang es": the article's language; another value
			 * leaves it to the caller or to detection. */
			if (x->lang == NULL && ve - va == 2 &&
			    (memcmp(s + va, "es", 2) == 0 || memcmp(s + va, "en", 2) == 0))
				x->lang = s[va + 1] == 's' ? "es" : "en";
			pos = le < len ? le + 1 : len;
			body = pos;
			continue;
		}
		switch (ki) {
		case 0: case 4: slot = &x->url; break;
		case 1: slot = &x->date; break;
		case 2: slot = &x->title; break;
		default: slot = &x->publisher; break;
		}
		if (*slot == NULL) {
			*slot = ki == 1 ? find_iso_date(s + va, ve - va)
					: cl_x_dupn(s + va, ve - va);
			if (*slot == NULL && ki != 1)
				return SIZE_MAX;
		}
		pos = le < len ? le + 1 : len;
		body = pos;
	}
	return body;
}

/* ---- paragraphs ---------------------------------------------------------- */


int cl_x_blank_separated(const char *s, size_t len, size_t body)
{
	size_t i;

	for (i = body; i + 1 < len; i++) {
		if (s[i] == '\n') {
			size_t j = i + 1;
			while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < len && s[j] == '\n')
				return 1;
		}
	}
	return 0;
}

/* Next paragraph at or after *pos: [*ps, *pe).  With `blank_sep`,
 * paragraphs are separated by blank lines, else every line is one. */
int cl_x_next_para(const char *s, size_t len, size_t *pos, size_t *ps,
		   size_t *pe, int blank_sep)
{
	size_t p = *pos;

	/* Skip blank lines. */
	for (;;) {
		const char *nl;
		size_t le;
		if (p >= len)
			return 0;
		nl = memchr(s + p, '\n', len - p);
		le = nl ? (size_t)(nl - s) : len;
		if (!blank_line(s, p, le))
			break;
		p = le + 1;
	}
	*ps = p;
	for (;;) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t le = nl ? (size_t)(nl - s) : len;
		if (le - *ps > CL_EXTRACT_PARA_MAX) {
			/* Cut an overlong paragraph at a space before the cap. */
			size_t cut = *ps + CL_EXTRACT_PARA_MAX;
			while (cut > *ps + CL_EXTRACT_PARA_MAX / 2 && s[cut] != ' ')
				cut--;
			while (cut > *ps && ((unsigned char)s[cut] & 0xc0) == 0x80)
				cut--;
			*pe = cut;
			*pos = cut;
			return 1;
		}
		if (!blank_sep || le >= len || blank_line(s, le + 1,
		    memchr(s + le + 1, '\n', len - le - 1) ?
		    (size_t)((const char *)memchr(s + le + 1, '\n', len - le - 1) - s) : len)) {
			*pe = le;
			*pos = le < len ? le + 1 : len;
			return 1;
		}
		p = le + 1;
	}
}

/* Is [ps..pe) prose that lost its final stop rather than a headline: at
 * least 30 words and two commas ("Chairing the review meeting on …, in
 * nine states, including Delhi, …, X advised them to …")? */
static int long_prose(const char *s, size_t ps, size_t pe)
{
	size_t k, words = 0, commas = 0;
	int inword = 0;

	for (k = ps; k < pe; k++) {
		int sp = s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r';
		if (s[k] == ',')
			commas++;
		if (!sp && !inword)
			words++;
		inword = !sp;
	}
	return words >= 30 && commas >= 2;
}

static int para_headline(const char *s, size_t ps, size_t pe)
{
	size_t e = pe, w, k = ps, words = 0;
	uint32_t c;

	/* "Photo: …", "Image caption: …", "File photo: …": a caption, even
	 * when it ends like prose. */
	while (k < pe && words < 3) {
		size_t b = k;
		while (k < pe && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			k++;
		if (k == b || !in_list(s + b, k - b, cl_en_caption_labels))
			break;
		words++;
		if (k < pe && s[k] == ':')
			return 1;
		if (k < pe && s[k] == ' ')
			k++;
	}

	while (e > ps) {
		c = cl_text_decode_prev(s, e, pe);
		if (cl_text_is_space(c) || cl_text_qmark(c) != CL_QMARK_NONE || c == 0x2019 || c == '\'' ||
		    c == ')') {
			w = 1;
			while (e - w > ps && ((unsigned char)s[e - w] & 0xc0) == 0x80)
				w++;
			e -= w;
			continue;
		}
		if (c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026)
			return 0;
		return !long_prose(s, ps, pe);
	}
	return 1;
}

/* ---- tokens and quote marks ---------------------------------------------- */

static int is_upper_at(const char *s, size_t i, size_t n)
{
	size_t w;
	uint32_t c = cl_text_decode(s, i, n, &w);

	return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7);
}

static int push_tok(xstate *st, const tok *t)
{
	tok *a = cl_grow(st->t, &st->tcap, st->nt, sizeof *a, 1024);

	if (a == NULL)
		return CL_ENOMEM;
	st->t = a;
	st->t[st->nt++] = *t;
	return CL_OK;
}

static int push_q(xstate *st, const qspan *q)
{
	qspan *a = cl_grow(st->qs, &st->qcap, st->nq, sizeof *a, 64);

	if (a == NULL)
		return CL_ENOMEM;
	st->qs = a;
	st->qs[st->nq++] = *q;
	return CL_OK;
}

static int push_head(xstate *st, uint8_t h)
{
	uint8_t *a = cl_grow(st->headline, &st->headcap, st->nhead, 1, 16);

	if (a == NULL)
		return CL_ENOMEM;
	st->headline = a;
	st->headline[st->nhead++] = h;
	return CL_OK;
}

/* How many closing-shaped ” are in s[i..pe). */
static size_t closers_after(const char *s, size_t i, size_t pe)
{
	size_t n = 0;

	for (; i + 2 < pe; i++)
		if ((unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x9d)
			n++;
	return n;
}

/* After the spaces at s[i..pe): a word, and further on a straight mark
 * glued to a word on its left? */
static int straight_close_after(const char *s, size_t i, size_t pe)
{
	size_t w;

	while (i < pe && s[i] == ' ')
		i++;
	if (i >= pe || !cl_text_is_wordch(cl_text_decode(s, i, pe, &w)))
		return 0;
	for (i += w; i < pe; i++)
		if (s[i] == '"')
			return s[i - 1] != ' ' && s[i - 1] != '\t';
	return 0;
}

/*
 * The role of the double quote mark t of kind qk at s[i] (w bytes), in
 * the paragraph s[ps..pe), pairing it on the way.  Outside a quote it
 * opens one if the next character starts a word (for a straight or
 * closing-shaped mark, only if it is not glued to a word on its left),
 * else it is a stray.  Inside a quote, the first mark of a paragraph
 * that continues the quote (`cont_mark`) is R_CONT, a second opening
 * mark right after the first is a stray, and any other mark closes it.
 * *inq follows.  Returns CL_OK, CL_ENOMEM, or 1 for a mark nested in a
 * Spanish «quote» (the caller makes it punctuation of the quote).
 */
static int pair_mark(xstate *st, tok *t, int qk, size_t i, size_t w, size_t ps,
		     size_t pe, int *inq, int cont_mark)
{
	const char *s = st->buf;
	uint32_t pc = i > ps ? cl_text_decode_prev(s, i, pe) : ' ';
	size_t w2;
	uint32_t nc = i + w < pe ? cl_text_decode(s, i + w, pe, &w2) : 0;
	int next_ok = nc != 0 && !cl_text_is_space(nc) &&
		      !(nc < 0x80 && strchr(".,;:!?)]", (int)nc));
	int prev_word = !cl_text_is_space(pc) && !(pc < 0x80 && strchr("([{/-", (int)pc)) &&
			pc != 0x2014 && pc != 0x2013 && i > ps;
	int open;

	if (*inq) {
		qspan *q = &st->qs[st->nq - 1];
		/* Spanish nests “inglesas” inside «latinas»: inside a quote
		 * opened with «, only » closes it; other marks are its text. */
		if (st->es && !cont_mark && qk != CL_QMARK_GUIL_CLOSE &&
		    (unsigned char)s[st->t[q->open].off] == 0xc2 &&
		    (unsigned char)s[st->t[q->open].off + 1] == 0xab)
			return 1;
		/* “… alias “el ñeñe” …”: inside a quote opened with “, a
		 * “ after a space and glued to a word opens a nested quote
		 * when two closing marks are still to come in the paragraph;
		 * its ” is text of the outer quote */
		if (st->es && !cont_mark && (unsigned char)s[st->t[q->open].off] == 0xe2 &&
		    (unsigned char)s[st->t[q->open].off + 2] == 0x9c) {
			if (qk == CL_QMARK_OPEN && q->words > 0 && next_ok && !prev_word &&
			    closers_after(s, i + w, pe) >= 2) {
				st->es_nest++;
				return 1;
			}
			if (qk == CL_QMARK_CLOSE && st->es_nest > 0) {
				st->es_nest--;
				return 1;
			}
		}
		if (cont_mark) {
			t->role = R_CONT;
		} else if (q->words == 0 && st->t[st->nt - 1].kind == T_QMARK &&
			   (qk == CL_QMARK_OPEN || qk == CL_QMARK_GUIL_OPEN)) {
			t->role = R_STRAY; /* a doubled opening mark */
		} else {
			t->role = R_CLOSE;
			q->close = st->nt;
			*inq = 0;
		}
		t->q = (int32_t)(st->nq - 1);
		return CL_OK;
	}
	if (qk == CL_QMARK_GUIL_OPEN)
		open = nc != 0;
	else if (qk == CL_QMARK_OPEN)
		open = next_ok;
	else /* closing glyph or straight mark */
		open = next_ok && !prev_word;
	/* `" Cada uno actúa …", añadió`: Spanish copy may leave a space
	 * after a straight opening mark; it opens when a word follows the
	 * space and a straight mark glued to a word closes it later in the
	 * paragraph */
	if (!open && st->es && qk == CL_QMARK_AMBIG && !prev_word && nc == ' ' &&
	    straight_close_after(s, i + w, pe))
		open = 1;
	if (open) {
		st->es_nest = 0;
		qspan q = { st->nt, SIZE_MAX, st->nt + 1, st->nt, 0 };
		int rc = push_q(st, &q);
		if (rc != CL_OK)
			return rc;
		t->role = R_OPEN;
		t->q = (int32_t)(st->nq - 1);
		*inq = 1;
	} else {
		t->role = R_STRAY;
	}
	return CL_OK;
}

/* Token t (a word or punctuation, about to be the unit's token nt) lies
 * inside the open quote: note it in the quote's span. */
static void in_quote(xstate *st, tok *t)
{
	qspan *q = &st->qs[st->nq - 1];

	t->inq = 1;
	t->q = (int32_t)(st->nq - 1);
	if (q->words == 0 || q->first > st->nt)
		q->first = st->nt;
	q->last = st->nt;
	if (t->kind == T_WORD)
		q->words++;
}

/*
 * Tokenise buf[ps..pe) as paragraph `para` of the unit, pairing quote
 * marks on the way.  *inq carries the open quote across paragraphs;
 * `cont` says the paragraph's first mark continues that quote.
 */
/* "on Tuesday morning.The South Korean military": copy that lost the
 * space after a full stop.  The word [i..j) ends at a dot that follows
 * two or more letters and comes before a capitalised word ("morning.The",
 * "JCS.The"), not at the dots of "U.S.", "a.m." or "3.5". */
static size_t glued_sentence_end(const char *s, size_t i, size_t j)
{
	size_t k, letters = 0;

	for (k = i; k + 2 < j; k++) {
		unsigned char c = (unsigned char)s[k];
		if (c == '.' && letters >= 2 && s[k + 1] >= 'A' && s[k + 1] <= 'Z' &&
		    s[k + 2] >= 'a' && s[k + 2] <= 'z')
			return k;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			letters++;
		else if (c < 0x80)
			letters = 0;
	}
	return j;
}

static int tokenize_para(xstate *st, size_t ps, size_t pe, uint32_t para,
			 int *inq, int cont)
{
	const char *s = st->buf;
	size_t i = ps, w;
	int rc = CL_OK;
	int first_mark = 1;

	while (i < pe) {
		uint32_t c = cl_text_decode(s, i, pe, &w);
		tok t;
		int qk;

		memset(&t, 0, sizeof t);
		t.para = para;
		t.q = -1;
		if (cl_text_is_space(c)) {
			i += w;
			continue;
		}
		t.off = i;
		qk = cl_text_qmark(c);
		if (qk != CL_QMARK_NONE) {
			t.kind = T_QMARK;
			t.len = (uint32_t)w;
			rc = pair_mark(st, &t, qk, i, w, ps, pe, inq, cont && first_mark);
			if (rc == 1) {
				/* a nested mark: punctuation of the quote */
				t.kind = T_PUNCT;
				t.role = 0;
				in_quote(st, &t);
				rc = CL_OK;
			}
			if (rc != CL_OK)
				goto out;
			first_mark = 0;
			i += w;
			rc = push_tok(st, &t);
			if (rc != CL_OK)
				goto out;
			continue;
		}
		first_mark = 0;
		if (cl_text_is_wordch(c)) {
			size_t j = glued_sentence_end(s, i, cl_text_word_end(s, i, pe));
			t.kind = T_WORD;
			t.cap = (uint8_t)is_upper_at(s, i, pe);
			t.len = (uint32_t)(j - i);
			i = j;
		} else {
			t.kind = T_PUNCT;
			t.len = (uint32_t)w;
			i += w;
		}
		if (*inq)
			in_quote(st, &t);
		rc = push_tok(st, &t);
		if (rc != CL_OK)
			goto out;
	}
out:
	return rc;
}

int cl_x_add_para(xstate *st, size_t ps, size_t pe, uint32_t para, int *inq,
		  int cont)
{
	int rc = push_head(st, (uint8_t)para_headline(st->buf, ps, pe));

	if (rc != CL_OK)
		return rc;
	return tokenize_para(st, ps, pe, para, inq, cont);
}

int cl_x_quote_goes_on(const xstate *st, size_t pos, size_t upara, size_t ubytes)
{
	const qspan *q = &st->qs[st->nq - 1];
	size_t n = pos, w;

	while (n < st->len && cl_text_is_space(cl_text_decode(st->buf, n, st->len, &w)))
		n += w;
	return q->words > 0 && n < st->len &&
	       cl_text_qmark(cl_text_decode(st->buf, n, st->len, &w)) != CL_QMARK_NONE &&
	       upara < CL_EXTRACT_QUOTE_PARAS && ubytes < CL_EXTRACT_PARA_MAX;
}

/*
 * A quote left open at the end of its paragraph (not continued) that
 * holds its own attribution (“The wall was gone, said Chief X, who …)
 * lost its closing mark: close it before the comma of ", said X" /
 * ", X said" / ", he said", and give the rest back to the sentence.
 */
void cl_x_repair_capped(xstate *st)
{
	qspan *q = &st->qs[st->nq - 1];
	size_t k, m, i;

	if (q->close != SIZE_MAX || q->words == 0)
		return;
	for (k = q->first + 1; k < q->last && k < st->nt; k++) {
		size_t nw = 0;
		int hit = 0;
		if (!tok_punct(st, k, ",") || st->t[k - 1].kind != T_WORD)
			continue;
		m = k + 1;
		if (tok_in(st, m, cl_en_cue_bare) || tok_is(st, m, "told")) {
			/* ", said Chief X": a name or "the" follows */
			hit = m + 1 <= q->last && st->t[m + 1].kind == T_WORD &&
			      (st->t[m + 1].cap || tok_is(st, m + 1, "the"));
		} else {
			while (m <= q->last && nw < 6 && st->t[m].kind == T_WORD &&
			       (st->t[m].cap || tok_in(st, m, cl_en_pron_person) ||
				tok_is(st, m, "the") || tok_in(st, m, cl_en_role_words) ||
				tok_in(st, m, cl_en_occupations))) {
				m++;
				nw++;
			}
			hit = nw > 0 && m <= q->last &&
			      (tok_in(st, m, cl_en_cue_bare) || tok_is(st, m, "told")) &&
			      (st->t[k + 1].cap || tok_in(st, k + 1, cl_en_pron_person) ||
			       tok_is(st, k + 1, "the"));
		}
		if (!hit)
			continue;
		q->last = k - 1;
		q->words = 0;
		for (i = q->first; i <= q->last; i++)
			if (st->t[i].kind == T_WORD)
				q->words++;
		for (i = k; i < st->nt; i++) {
			st->t[i].inq = 0;
			st->t[i].q = -1;
		}
		return;
	}
}

/* ---- sentences ----------------------------------------------------------- */

static int is_abbrev_before(const xstate *st, size_t i)
{
	const tok *p;

	if (i == 0 || st->t[i - 1].kind != T_WORD)
		return 0;
	p = &st->t[i - 1];
	if (p->len == 1 && p->cap)
		return 1;
	return in_list(st->buf + p->off, p->len, cl_en_abbrevs);
}

/* A stop that ends a clause: not the dot of "Dr." or "U.S.". */
int cl_x_is_terminal(const xstate *st, size_t i)
{
	return i < st->nt && st->t[i].kind == T_PUNCT && !st->t[i].inq &&
	       strchr(".!?;", st->buf[st->t[i].off]) != NULL && st->t[i].len == 1 &&
	       !(st->buf[st->t[i].off] == '.' && is_abbrev_before(st, i));
}

int cl_x_sentence_ends(const xstate *st, size_t s, size_t i)
{
	const tok *t = &st->t[i];
	int cut = 0;

	if (i + 1 == st->nt)
		cut = 1;
	else if (st->t[i + 1].para != t->para && !st->t[i + 1].inq &&
		 st->t[i + 1].role != R_CONT)
		cut = 1;
	else if (!t->inq && t->kind == T_PUNCT && t->len <= 3 &&
		 (strchr(".!?", st->buf[t->off]) ||
		  (t->len == 3 && memcmp(st->buf + t->off, "\xe2\x80\xa6", 3) == 0))) {
		const tok *n = &st->t[i + 1];
		if (!is_abbrev_before(st, i) &&
		    (n->cap || (n->kind == T_QMARK && n->role == R_OPEN) ||
		     (n->kind == T_WORD && st->buf[n->off] >= '0' && st->buf[n->off] <= '9')))
			cut = 1;
	} else if (t->kind == T_QMARK && t->role == R_CLOSE && i > 0 &&
		   st->t[i - 1].kind == T_PUNCT &&
		   strchr(".!?", st->buf[st->t[i - 1].off]) &&
		   (st->t[i + 1].cap || (st->t[i + 1].kind == T_QMARK &&
					 st->t[i + 1].role == R_OPEN))) {
		/* “… win.” Then … : a new sentence unless an attribution
		 * follows (“… win.” Smith said). */
		size_t k;
		cut = 1;
		for (k = i + 1; k < st->nt && k < i + 5; k++) {
			if (cl_x_is_terminal(st, k) || st->t[k].kind == T_QMARK)
				break;
			if (cl_x_is_cue(st, k, i + 1))
				cut = 0;
		}
	}
	/* A sentence is cut after 1500 tokens, out of quotes. */
	if (!cut && i - s >= 1500 && !t->inq)
		cut = 1;
	return cut;
}

/* "MONTEVIDEO, Feb 11 - Authorities …": a dateline at the start of a
 * paragraph is not part of its first sentence.  Returns the token after
 * the dash, or s. */
size_t cl_x_skip_dateline(const xstate *st, size_t s, size_t e)
{
	size_t k, i, upper = 0;
	const tok *t = &st->t[s];

	if (t->kind != T_WORD || t->inq || t->len < 2 ||
	    (s > 0 && st->t[s - 1].para == t->para))
		return s;
	/* "New Delhi: The Election Commission said ...": one to three
	 * capitalised words and a colon open the paragraph. */
	for (k = s; k <= e && k < s + 3 && st->t[k].kind == T_WORD && st->t[k].cap &&
		    !st->t[k].inq; k++)
		;
	if (k > s && k + 1 <= e && tok_punct(st, k, ":") && st->t[k + 1].kind == T_WORD &&
	    st->t[k + 1].cap)
		return k + 1;
	for (i = 0; i < t->len; i++) {
		char c = st->buf[t->off + i];
		if (c >= 'a' && c <= 'z')
			return s;
		if (c >= 'A' && c <= 'Z')
			upper++;
	}
	if (upper < 2)
		return s;
	for (k = s + 1; k <= e && k < s + 12; k++) {
		const char *w = TWORD(st, k);
		if (st->t[k].inq || st->t[k].kind == T_QMARK)
			return s;
		if (st->t[k].kind == T_WORD)
			continue;
		if (tok_punct(st, k, ",") || tok_punct(st, k, ".") || tok_punct(st, k, "(") ||
		    tok_punct(st, k, ")") || tok_punct(st, k, "/"))
			continue;
		if ((st->t[k].len == 1 && w[0] == '-') ||
		    tok_punct(st, k, "\xe2\x80\x93") || tok_punct(st, k, "\xe2\x80\x94"))
			return k + 1 <= e && st->t[k + 1].kind != T_PUNCT ? k + 1 : s;
		return s;
	}
	return s;
}
