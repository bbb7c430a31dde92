/*
 * fold.c: search folding through ICU (see fold.h).
 */
#include "base/fold.h"

#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/*
 * Text of ASCII only: what ICU makes of it, without the round trip
 * through UTF-16 (a `list --speaker` search folds every distinct speaker
 * of the index).  On ASCII, NFD changes nothing, there is no nonspacing
 * mark, default case folding is A-Z to a-z and u_isalnum is [A-Za-z0-9],
 * so this is the same function; fold_test checks the two paths agree.
 */
static int fold_ascii(const char *s, size_t n, char **out, size_t *out_len)
{
	size_t i, k = 0;
	int space = 0;

	if ((*out = malloc(n + 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');
		if (!alnum) {
			space = k > 0;
			continue;
		}
		if (space)
			(*out)[k++] = ' ';
		space = 0;
		(*out)[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	(*out)[k] = '\0';
	*out_len = k;
	return 0;
}

int cl_fold_words(const char *s, size_t n, char **out, size_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	UChar *src = NULL, *dec = NULL, *fold = NULL, *words = NULL;
	int32_t ns = 0, nd, nf, nw = 0, i, len8 = 0;
	int rc = -1, space = 0;

	*out = NULL;
	*out_len = 0;
	for (i = 0; (size_t)i < n && i < INT32_MAX && (unsigned char)s[i] < 0x80 && s[i] != 0; i++)
		;
	if ((size_t)i == n)
		return fold_ascii(s, n, out, out_len);
	if (U_FAILURE(st) || n > (size_t)INT32_MAX / 4)
		return -1;
	/* UTF-8 to UTF-16 (at most one unit per byte); bad bytes to U+FFFD. */
	if ((src = malloc((n + 1) * sizeof *src)) == NULL)
		goto out;
	u_strFromUTF8WithSub(src, (int32_t)n + 1, &ns, s, (int32_t)n, 0xfffd, NULL, &st);
	if (U_FAILURE(st))
		goto out;
	/* NFD may grow the text; ask for the size, then decompose. */
	nd = unorm2_normalize(nfd, src, ns, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	st = U_ZERO_ERROR;
	if ((dec = malloc(((size_t)nd + 1) * sizeof *dec)) == NULL)
		goto out;
	unorm2_normalize(nfd, src, ns, dec, nd + 1, &st);
	if (U_FAILURE(st))
		goto out;
	/* Drop the nonspacing marks in place. */
	for (i = 0, nf = 0; i < nd;) {
		UChar32 c;
		int32_t start = i;
		U16_NEXT(dec, i, nd, c);
		if (u_charType(c) != U_NON_SPACING_MARK)
			while (start < i)
				dec[nf++] = dec[start++];
	}
	nd = nf;
	nf = u_strFoldCase(NULL, 0, dec, nd, U_FOLD_CASE_DEFAULT, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	st = U_ZERO_ERROR;
	if ((fold = malloc(((size_t)nf + 1) * sizeof *fold)) == NULL ||
	    (words = malloc(((size_t)nf + 1) * sizeof *words)) == NULL)
		goto out;
	u_strFoldCase(fold, nf + 1, dec, nd, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st))
		goto out;
	/* Words: runs of letters and digits, one space between them. */
	for (i = 0; i < nf;) {
		UChar32 c;
		int32_t start = i;
		U16_NEXT(fold, i, nf, c);
		if (!u_isalnum(c)) {
			space = nw > 0;
			continue;
		}
		if (space)
			words[nw++] = ' ';
		space = 0;
		while (start < i)
			words[nw++] = fold[start++];
	}
	u_strToUTF8(NULL, 0, &len8, words, nw, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	st = U_ZERO_ERROR;
	if ((*out = malloc((size_t)len8 + 1)) == NULL)
		goto out;
	u_strToUTF8(*out, len8 + 1, &len8, words, nw, &st);
	if (U_FAILURE(st)) {
		free(*out);
		*out = NULL;
		goto out;
	}
	*out_len = (size_t)len8;
	rc = 0;
out:
	free(src);
	free(dec);
	free(fold);
	free(words);
	return rc;
}
