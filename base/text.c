/*
 * text.c: UTF-8 validity and word ends (see text.h).
 */
#include "base/text.h"

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
