/*
 * fold.h: text folded for search, so that `Mátos`, `MATOS` and `matos`
 * read as one word.
 *
 * The folding is ICU's, not ours: the text is decomposed (NFD), its
 * nonspacing marks (general category Mn: the accents NFD split off) are
 * dropped, it is case-folded with u_strFoldCase (full default folding:
 * `Straße` folds to `strasse`), and written back as UTF-8.  Words are the
 * runs of letters and digits (u_isalnum) of the folded text, so that
 * punctuation and spacing never decide a match (`Nurses'` is `nurses`).
 *
 * Text that is all ASCII skips the round trip through ICU's UTF-16 with a
 * loop that gives the same bytes (A-Z lowercased, words of [a-z0-9]):
 * fold_test checks the two agree on every ASCII character.
 *
 * Used by the query layer (ledger/search.c: `list --speaker`, `stats`); never part
 * of a byte format: nothing folded here is stored or signed.
 */
#ifndef CL_FOLD_H
#define CL_FOLD_H

#include <stddef.h>

/*
 * Fold `s` (`n` bytes of UTF-8; invalid bytes are read as U+FFFD) as
 * above and keep only its words, joined by one ASCII space, with no space
 * at either end: "  Héléna  MATOS-Pérez!" gives "helena matos perez".
 * *out is malloc'd and NUL-terminated (the caller frees it), *out_len its
 * length (may be 0: a text with no letter or digit).  Returns 0, or -1
 * when out of memory or ICU fails (then *out is NULL).
 */
int cl_fold_words(const char *s, size_t n, char **out, size_t *out_len);

#endif
