/*
 * text.c: UTF-8 validity, word ends and the sentence around a span (see
 * text.h).
 */
#include "base/text.h"

#include <string.h>

size_t cl_text_invalid_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, need;
		uint32_t cp;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (n - i <= need)
			return i;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlongs, surrogates and values past U+10FFFF. */
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += need + 1;
	}
	return (size_t)-1;
}

size_t cl_text_word_end(const char *s, size_t i, size_t pe)
{
	size_t j, w;

	cl_text_decode(s, i, pe, &w);
	j = i + w;
	while (j < pe) {
		size_t w3, w4;
		uint32_t d = cl_text_decode(s, j, pe, &w3);
		if (cl_text_is_wordch(d)) {
			j += w3;
			continue;
		}
		if ((d == '\'' || d == 0x2019 || d == '-' || d == '.' || d == ',' ||
		     d == 0x2010 || d == 0x2011) &&
		    j + w3 < pe && cl_text_is_wordch(cl_text_decode(s, j + w3, pe, &w4))) {
			if (d == ',' && !(j > i && s[j - 1] >= '0' && s[j - 1] <= '9' &&
					  s[j + 1] >= '0' && s[j + 1] <= '9'))
				break;
			j += w3;
			continue;
		}
		break;
	}
	return j;
}

/* ---- the sentence around a span (cl_text_sentence_around) -------------- */

/* The length of the closing mark (" ' ) ” ’ ») that ends just before
 * doc[k] (k > 0), or 0. */
static size_t closing_before(const char *doc, size_t k)
{
	if (doc[k - 1] == '"' || doc[k - 1] == '\'' || doc[k - 1] == ')')
		return 1;
	if (k >= 3 && (memcmp(doc + k - 3, "\xe2\x80\x9d", 3) == 0 ||
		       memcmp(doc + k - 3, "\xe2\x80\x99", 3) == 0))
		return 3;
	if (k >= 2 && memcmp(doc + k - 2, "\xc2\xbb", 2) == 0)
		return 2;
	return 0;
}

/* The length of the closing mark that starts at doc[k] (k < n), or 0. */
static size_t closing_at(const char *doc, size_t k, size_t n)
{
	if (doc[k] == '"' || doc[k] == '\'' || doc[k] == ')')
		return 1;
	if (k + 3 <= n && (memcmp(doc + k, "\xe2\x80\x9d", 3) == 0 ||
			   memcmp(doc + k, "\xe2\x80\x99", 3) == 0))
		return 3;
	if (k + 2 <= n && memcmp(doc + k, "\xc2\xbb", 2) == 0)
		return 2;
	return 0;
}

/* 1 when the text before doc[k] ends a sentence: . ! or ?, then any
 * closing marks. */
static int sentence_ends_before(const char *doc, size_t k)
{
	size_t m;

	while (k > 0 && (m = closing_before(doc, k)) > 0)
		k -= m;
	return k > 0 && (doc[k - 1] == '.' || doc[k - 1] == '!' || doc[k - 1] == '?');
}

static int space_at(const char *doc, size_t k)
{
	return doc[k] == ' ' || doc[k] == '\n' || doc[k] == '\r' || doc[k] == '\t';
}

void cl_text_sentence_around(const char *doc, size_t len, size_t off, size_t n, size_t max,
			     size_t *from, size_t *to)
{
	size_t a = off, b = off + n, m;
	size_t lo = off > max ? off - max : 0;
	size_t hi = len - b > max ? b + max : len;

	while (a > lo && !(a >= 2 && doc[a - 1] == '\n' && doc[a - 2] == '\n') &&
	       !(space_at(doc, a - 1) && sentence_ends_before(doc, a - 1)))
		a--;
	while (a < off && space_at(doc, a))
		a++;
	while (a < off && ((unsigned char)doc[a] & 0xc0) == 0x80)
		a++;
	while (b < hi && !(b > off && space_at(doc, b) && sentence_ends_before(doc, b)) &&
	       !(doc[b] == '\n' && b + 1 < len && doc[b + 1] == '\n'))
		b++;
	while (b < hi && (m = closing_at(doc, b, hi)) > 0)
		b += m;
	while (b > off + n && b < len && ((unsigned char)doc[b] & 0xc0) == 0x80)
		b--;
	*from = a;
	*to = b;
}
