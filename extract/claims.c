/*
 * claims.c: the claims of one sentence: direct quotes that stand as
 * statements and reported speech after a cue, each with its speaker,
 * span, text, context and date, appended to the extraction.
 */
#include "extract/internal.h"
#include "base/quote.h"

#include <stdlib.h>
#include <string.h>

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

static int add_claim(xstate *st, char *text, const char *speaker,
		     const char *kind, size_t off, size_t len, size_t sa,
		     size_t sb)
{
	cl_claim *c;
	int rc = CL_OK;

	if (text == NULL) {
		rc = CL_ENOMEM;
		goto out;
	}
	if ((c = cl_x_grow(st->x->claims, &st->cap, st->x->nclaims, sizeof *c, 16)) == NULL) {
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
	c->speaker = cl_x_dupn(speaker, strlen(speaker));
	c->context = build_context(st, sa, sb);
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
	if (a > b || !sp->ok || count_words(st, a, b, skip, skip0) < CL_EXTRACT_MIN_WORDS)
		return CL_OK;
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
	return add_claim(st, text, sp->name, "indirect", off, end - off, s, e);
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
	return add_claim(st, text, sp->name, "direct", off, end - off, s, e);
}

/* ---- direct claims ------------------------------------------------------- */

int cl_x_sentence_direct(xstate *st, size_t s, size_t e, int *done)
{
	size_t qi, attr_end = SIZE_MAX, cur_cue = SIZE_MAX;
	spk cur;
	int rc = CL_OK;

	memset(&cur, 0, sizeof cur);
	*done = 0;
	for (qi = 0; qi < st->nq; qi++) {
		const qspan *q = &st->qs[qi];
		size_t cue, cl, i, c = SIZE_MAX, dcue = SIZE_MAX;
		int pos;
		spk sp;

		if (q->open < s || q->open > e || q->words == 0)
			continue;
		pos = cl_x_quote_pos(st, q, s, e, &cue);
		cl = q_close(q);
		if (pos == P_EMBED || q->words < CL_EXTRACT_MIN_WORDS)
			continue;
		if (pos == P_START && !cl_x_post_ok(st, cl + 1, e, s))
			continue;
		memset(&sp, 0, sizeof sp);
		if (pos == P_COLON) {
			size_t after = cl + 1;
			while (after <= e && (st->t[after].kind == T_PUNCT ||
					      st->t[after].kind == T_QMARK))
				after++;
			if (after <= e)
				continue;
			cl_x_colon_speaker(st, s, cue, &sp);
		} else if (pos == P_AFTER) {
			dcue = cue;
			size_t l = cl_x_np_left(st, cue, s);
			if (l < cue)
				cl_x_resolve_np(st, l, cue - 1, s, &cur, &sp);
			if (!sp.ok && cur.ok)
				sp = cur;
			if (!sp.ok)
				cl_x_subject_speaker(st, s, e, &sp);
			if (!sp.ok) {
				size_t r = cl_x_np_right(st, cue, e);
				if (r > cue + 1)
					cl_x_resolve_np(st, cue + 1, r - 1, s, &cur, &sp);
			}
		} else {
			/* Attribution after the quote: ", he said", ", said X". */
			for (i = cl + 1; i <= e && i < cl + 10; i++) {
				if (st->t[i].kind == T_QMARK && st->t[i].role != R_STRAY)
					break;
				if (cl_x_is_terminal(st, i))
					break;
				if (cl_x_is_cue(st, i, s)) {
					c = i;
					break;
				}
			}
			if (c != SIZE_MAX) {
				size_t l = cl_x_np_left(st, c, s), r;
				dcue = c;
				if (l < c && l > cl)
					cl_x_resolve_np(st, l, c - 1, s, &cur, &sp);
				if (!sp.ok) {
					r = cl_x_np_right(st, c, e);
					if (r > c + 1)
						cl_x_resolve_np(st, c + 1, r - 1, s, &cur, &sp);
					/* "said the spokesman, Ana Ruiz" */
					if (r <= e && tok_punct(st, r, ",") && r + 1 <= e &&
					    st->t[r + 1].cap) {
						spk sp2;
						size_t r2 = cl_x_np_right(st, r, e);
						cl_x_resolve_np(st, r + 1, r2 - 1, s, &cur, &sp2);
						if (sp2.ok && sp2.person)
							sp = sp2;
						r = r2;
					}
					attr_end = r;
				} else {
					attr_end = c + 1;
				}
			} else if (cur.ok) {
				sp = cur;
				dcue = cur_cue;
			} else if (st->salient[0] && st->subj_unit == st->unit_no) {
				/* "Mayor X spoke after the vote. “…”": the person the
				 * paragraph is about. */
				cl_x_spk_set(&sp, st->salient, 1);
			} else if (st->lastspk[0] && st->unit_no - st->lastspk_unit <= 2) {
				/* A quote standing alone continues the last speaker. */
				cl_x_spk_set(&sp, st->lastspk, st->lastspk_person);
			}
		}
		if (!sp.ok)
			continue;
		cur = sp;
		cur_cue = dcue;
		rc = emit_direct(st, q, &sp, s, e, dcue);
		if (rc != CL_OK)
			goto out;
		*done = 1;
		if (attr_end == SIZE_MAX || attr_end < cl + 1)
			attr_end = cl + 1;
	}
	/* "…,” says the letter, which also ensures that …" */
	if (*done && attr_end != SIZE_MAX) {
		size_t i, k;
		for (i = attr_end; i <= e; i++) {
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
						cl_x_resolve_np(st, l, i - 1, s, &cur, &sp);
					if (!sp.ok)
						sp = cur;
					rc = emit_indirect(st, k + 1, e, NULL, 0, &sp, s, e, i);
					goto out;
				}
				if (cl_x_is_terminal(st, k) || st->t[k].kind == T_QMARK)
					break;
			}
		}
	}
out:
	return rc;
}

/* ---- indirect claims ----------------------------------------------------- */

int cl_x_sentence_indirect(xstate *st, size_t s, size_t e)
{
	size_t c, k;
	uint8_t *skip = NULL;
	int rc = CL_OK;
	spk sp;

	for (c = s; c <= e; c++) {
		if (st->t[c].inq || st->t[c].kind != T_WORD)
			continue;
		/* "according to X" anywhere: the claim is the rest. */
		if (tok_is(st, c, "according") && tok_is(st, c + 1, "to") && c + 2 <= e) {
			size_t n1 = c + 2, n2 = n1, x0, x1;
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
				continue;
			x0 = (c > s && tok_punct(st, c - 1, ",")) ? c - 1 : c;
			x1 = (n2 + 1 <= e && tok_punct(st, n2 + 1, ",")) ? n2 + 1 : n2;
			skip = calloc(e - s + 1, 1);
			if (skip == NULL) {
				rc = CL_ENOMEM;
				goto out;
			}
			for (k = x0; k <= x1; k++)
				skip[k - s] = 1;
			/* "A, according to X." and "A, according to X, and B":
			 * the claim is A (B is the reporter's own clause). */
			if (x1 + 1 > e || cl_x_is_terminal(st, x1 + 1) ||
			    (x0 > s && x1 > n2 && cl_x_new_clause(st, x1 + 1, e)))
				rc = emit_indirect(st, s, x0 > s ? x0 - 1 : s, skip, s, &sp, s, e, c);
			else
				rc = emit_indirect(st, s, e, skip, s, &sp, s, e, c);
			goto out;
		}
		if (!cl_x_is_cue(st, c, s))
			continue;
		memset(&sp, 0, sizeof sp);
		{
			size_t l = cl_x_np_left(st, c, s);
			/* Parenthetical: "X, the statement adds, will …" */
			if (l < c && l > s && tok_punct(st, l - 1, ",") && c - l <= 5 &&
			    tok_punct(st, c + 1, ",")) {
				cl_x_resolve_np(st, l, c - 1, s, NULL, &sp);
				if (sp.ok) {
					skip = calloc(e - s + 1, 1);
					if (skip == NULL) {
						rc = CL_ENOMEM;
						goto out;
					}
					for (k = l - 1; k <= c + 1; k++)
						skip[k - s] = 1;
					rc = emit_indirect(st, s, e, skip, s, &sp, s, e, c);
					goto out;
				}
			}
			/* Trailing: "…, the minister said." / "…, said X." */
			if ((l > s && tok_punct(st, l - 1, ",") && c - l <= 6) ||
			    (l == c && c > s && tok_punct(st, c - 1, ","))) {
				size_t r = cl_x_np_right(st, c, e), comma = l - 1;
				int tail = 1;
				/* "…, X said on Saturday, as …": a clause after the
				 * attribution's own comma is the reporter's. */
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
				/* "…, which added a wing": a relative pronoun
				 * is no trailing speaker; "Earlier on Tuesday,
				 * Judge X told …" is an opening adverbial. */
				if (l + 1 == c && tok_in(st, l, cl_en_relatives))
					tail = 0;
				if (comma > s && (cl_x_subject_pos(st, s, e) == comma + 1 ||
						  count_words(st, s, comma - 1, NULL, 0) <
						  CL_EXTRACT_MIN_WORDS))
					tail = 0;
				if (tail && comma > s && !(l == c && cl_x_appositive_subject(st, s, c))) {
					if (l < c)
						cl_x_resolve_np(st, l, c - 1, s, NULL, &sp);
					if (!sp.ok && r > c + 1)
						cl_x_resolve_np(st, c + 1, r - 1, s, NULL, &sp);
					if (sp.ok) {
						rc = emit_indirect(st, s, comma - 1, NULL, 0, &sp, s, e, c);
						goto out;
					}
				}
			}
			/* Forward: "X said (that) …" */
			{
				size_t start = SIZE_MAX, lim = 10;
				/* "said in its assessment of the economy,
				 * published in May, that …" */
				if (c + 1 <= e && (tok_in(st, c + 1, cl_en_preps_intro) ||
						   tok_in(st, c + 1, cl_en_np_stop)))
					lim = 24;
				for (k = c + 1; k <= e && k < c + lim; k++) {
					if (tok_is(st, k, "that") && !st->t[k].inq) {
						start = k + 1;
						break;
					}
					if (cl_x_is_terminal(st, k) || cl_x_is_cue(st, k, s) ||
					    st->t[k].kind == T_QMARK)
						break;
				}
				/* "said on Monday it would …", "said in a
				 * statement the plan …" */
				if (start == SIZE_MAX && tok_in(st, c, cl_en_cue_bare))
					start = cl_x_after_time_adverbial(st, c + 1, e);
				if (start == SIZE_MAX && tok_in(st, c, cl_en_cue_bare) && c + 1 <= e &&
				    (st->t[c + 1].kind == T_WORD || st->t[c + 1].kind == T_QMARK) &&
				    !tok_in(st, c + 1, cl_en_np_stop) &&
				    !(c > s && tok_in(st, c - 1, cl_en_relatives)))
					start = c + 1;
				/* "told the court the money was gone" */
				if (start == SIZE_MAX)
					start = cl_x_told_clause(st, c, e);
				if (start == SIZE_MAX)
					continue;
				cl_x_np_left_resolve(st, c, s, NULL, &sp);
				if (!sp.ok && l == c)
					cl_x_subject_speaker(st, s, e, &sp);
				if (!sp.ok)
					continue;
				rc = emit_indirect(st, start, e, NULL, 0, &sp, s, e, c);
				goto out;
			}
		}
	}
out:
	free(skip);
	return rc;
}
