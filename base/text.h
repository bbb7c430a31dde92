/*
 * text.h: how article text is read, character by character.
 *
 * The small rules that the extractor's tokenizer (extract/) and the quote
 * text rule (base/quote.h, which the store and import use to re-check a
 * direct quote) must share byte for byte: which bytes are UTF-8, what is
 * white space, which characters are double quote marks, and where a word
 * ends.  If the two sides read a word differently, a quote the extractor
 * proposed would not verify, so there is one copy of each rule, here.
 *
 * All of it is pure: no allocation, no state, nothing can fail.  Positions
 * are byte offsets into a buffer that need not be NUL-terminated.  The
 * decoders expect text already checked with cl_text_invalid_at(); on
 * other bytes they return something harmless and never read past `n`.
 *
 * The character tests are `static inline`: the tokenizer calls them for
 * every character of an article.
 */
#ifndef CL_TEXT_H
#define CL_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* ---- types ------------------------------------------------------------ */

/* What a character is as a quote mark (cl_text_qmark()).  Only double
 * marks count: single marks are apostrophes or nested quotes and stay in
 * the text. */
enum {
	CL_QMARK_NONE,       /* not a double quote mark */
	CL_QMARK_OPEN,       /* “ „ ‟ ″: opening-shaped */
	CL_QMARK_CLOSE,      /* ”: closing-shaped */
	CL_QMARK_AMBIG,      /* ": straight, either */
	CL_QMARK_GUIL_OPEN,  /* « */
	CL_QMARK_GUIL_CLOSE  /* » */
};

/* ---- prototypes ------------------------------------------------------- */

/*
 * Offset of the first byte of s[0..n) that does not start a valid UTF-8
 * character (overlong forms, surrogates, values past U+10FFFF, a truncated
 * character) or is NUL; (size_t)-1 when all of it is valid.  This is the
 * rule behind every "not UTF-8 text at byte N" of extraction and of the
 * quote text rule.  Cannot fail.
 */
size_t cl_text_invalid_at(const char *s, size_t n);

/*
 * End of the word that starts at s[i] (s[i] starts a word character, see
 * cl_text_is_wordch()), at most `pe`: word characters and the joiners
 * ' ’ - ‐ ‑ . inside it, and a comma between two digits ("4,000").  A
 * joiner counts only when a word character follows it.  Cannot fail.
 */
size_t cl_text_word_end(const char *s, size_t i, size_t pe);

/*
 * The sentence of `doc` (len bytes) around the span [off, off + n): back
 * to the end of the sentence before it (. ! or ? and closing marks, then
 * white space) or a blank line, on to the end of the sentence the span
 * ends in (the same, closing marks included), at most `max` bytes either
 * side; whole UTF-8 characters.  A full stop after an abbreviation
 * ("Mr.") ends a sentence here too: the span is always inside, whatever
 * the cut.  *from and *to are byte offsets into doc.  For people (show,
 * the HTML report), not for the extractor, which has its own sentences.
 * Requires off + n <= len; cannot fail.
 */
void cl_text_sentence_around(const char *doc, size_t len, size_t off, size_t n, size_t max,
			     size_t *from, size_t *to);

/* ---- inline character tests ------------------------------------------- */

/* Decode the (valid) UTF-8 character at s[i] of s[0..n); *w gets its width
 * in bytes.  A character cut short by `n` reads as its first byte alone,
 * width 1. */
static inline uint32_t cl_text_decode(const char *str, size_t i, size_t n, size_t *w)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[i];

	if (c < 0x80 || i + 1 >= n) {
		*w = 1;
		return c;
	}
	if (c < 0xe0) {
		*w = 2;
		return ((uint32_t)(c & 0x1f) << 6) | (s[i + 1] & 0x3f);
	}
	if (c < 0xf0) {
		*w = i + 2 < n ? 3 : 1;
		if (*w == 1)
			return c;
		return ((uint32_t)(c & 0x0f) << 12) |
		       ((uint32_t)(s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
	}
	*w = i + 3 < n ? 4 : 1;
	if (*w == 1)
		return c;
	return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3f) << 12) |
	       ((uint32_t)(s[i + 2] & 0x3f) << 6) | (s[i + 3] & 0x3f);
}

/* The character that ends just before s[i] of s[0..n) (i > 0). */
static inline uint32_t cl_text_decode_prev(const char *s, size_t i, size_t n)
{
	size_t j = i - 1, w;

	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return cl_text_decode(s, j, n, &w);
}

/* White space: ASCII space, tab, newline, CR, VT, FF, no-break space,
 * the Unicode spaces U+2000..U+200A, U+2009, U+202F, U+3000, and the
 * zero-width space U+200B. */
static inline int cl_text_is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f' || c == 0xa0 || c == 0x2009 || c == 0x202f ||
	       c == 0x200b || c == 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

/* The CL_QMARK_* kind of character c. */
static inline int cl_text_qmark(uint32_t c)
{
	switch (c) {
	case '"': return CL_QMARK_AMBIG;
	case 0x201c: case 0x201e: case 0x201f: case 0x2033: return CL_QMARK_OPEN;
	case 0x201d: return CL_QMARK_CLOSE;
	case 0xab: return CL_QMARK_GUIL_OPEN;
	case 0xbb: return CL_QMARK_GUIL_CLOSE;
	}
	return CL_QMARK_NONE;
}

/* A character words are made of: ASCII letters, digits and _ % $ & @ #,
 * and any other character that is not white space, Latin-1 punctuation
 * or symbols (U+00A1..U+00BF but ª µ º, × ÷), General Punctuation
 * (U+2000..U+206F) or CJK punctuation (U+3000..U+303F). */
static inline int cl_text_is_wordch(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9') || c == '_' || c == '%' ||
		       c == '$' || c == '&' || c == '@' || c == '#';
	/* General punctuation, currency and symbol blocks are not letters. */
	if (c == 0xa0 || (c >= 0xa1 && c <= 0xbf && c != 0xaa && c != 0xb5 &&
			  c != 0xba) || c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x2000 && c <= 0x206f)
		return 0;
	if (c >= 0x3000 && c <= 0x303f)
		return 0;
	return !cl_text_is_space(c);
}

#endif
