/*
 * lang.c: questions about one word that need more than a list lookup.
 *
 * The word lists themselves (cl_en_*, declared in internal.h through the
 * generated extract/lang_en.h) are data: one plain UTF-8 file a list in
 * extract/lang/en/, each saying what it is for and where it is used.
 * scripts/lang-gen.sh turns them into C arrays at build time
 * ($(BUILD)/gen/extract/lang_en.{c,h}, compiled into the library), so an
 * installed binary needs no data directory.  The arrays keep the files'
 * order and every lookup is a linear scan (in_list(), tok_in()), as
 * when they were C tables; the order is the meaning only for the
 * weekdays and months (their number), org_kinds (the first kind that
 * has a word wins) and demonyms (triples).
 *
 * A few words stay in the code, where they are the grammar of one
 * pattern rather than a list: "according to", "told"/"tells"/"telling",
 * "that", the articles and possessives a phrase skips, "-year-old", the
 * ordinal endings, and the header keys of parse_headers (whose position
 * picks the field).
 */
#include "extract/internal.h"

#include <stddef.h>

/* ---- questions about one word ----------------------------------------- */

/* Is word i a nationality noun ("Spaniard", "Briton")? */
int cl_x_demonym_noun(const xstate *st, size_t i)
{
	size_t k;

	if (i >= st->nt || st->t[i].kind != T_WORD)
		return 0;
	for (k = 0; cl_en_demonyms[k] != NULL; k += 3)
		if (weq(TWORD(st, i), st->t[i].len, cl_en_demonyms[k + 2]))
			return 1;
	return 0;
}

/* Is word i (possessive or not) a country or nationality word? */
int cl_x_demonym_any(const xstate *st, size_t i)
{
	size_t n = word_len_nopos(st, i);

	return in_list(TWORD(st, i), n, cl_en_demonyms);
}

/* "Co-author", "Vice-chair", "Ex-minister": a hyphenated word whose
 * last part is a role is a title. */
int cl_x_role_compound(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t n = st->t[k].len, h = n;

	while (h > 0 && w[h - 1] != '-')
		h--;
	if (h == 0 || h == n)
		return 0;
	return in_list(w + h, n - h, cl_en_role_words) ||
	       in_list(w + h, n - h, cl_en_occupations) ||
	       in_list(w + h, n - h, cl_en_title_words);
}
