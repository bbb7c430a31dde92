/*
 * quote.c: the quote text rule (see quote.h and SPEC.md).
 */
#include "base/quote.h"
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

int cl_quote_text(const char *span, size_t len, char **out, cl_error *err)
{
	size_t bad, i = 0, n = 0, w;
	int have = 0, gap_space = 0, gap_mark = 0, prev_word = 0;
	char *o;

	*out = NULL;
	bad = len ? cl_text_invalid_at(span, len) : (size_t)-1;
	if (bad != (size_t)-1)
		return cl_error_set(err, CL_EINPUT, "not UTF-8 text at byte %zu", bad);
	/* A space is only ever written for a gap of at least one byte, so
	 * the text is never longer than the span. */
	o = malloc(len + 1);
	if (o == NULL)
		return cl_error_set(err, CL_ENOMEM, "quote text: out of memory");
	while (i < len) {
		uint32_t c = cl_text_decode(span, i, len, &w);
		size_t j;
		int word, stop;

		if (cl_text_is_space(c)) {
			gap_space = 1;
			i += w;
			continue;
		}
		if (cl_text_qmark(c) != CL_QMARK_NONE) {
			gap_mark = 1;
			i += w;
			continue;
		}
		word = cl_text_is_wordch(c);
		j = word ? cl_text_word_end(span, i, len) : i + w;
		stop = !word && j - i == 1 && strchr(".,;:!?", span[i]) != NULL;
		/* "opinions. ." from a stray mark between two stops. */
		if (stop && span[i] != ':' && span[i] != ';' && have &&
		    (gap_space || gap_mark) && o[n - 1] == span[i]) {
			i = j;
			continue;
		}
		if (have && (gap_space || (gap_mark && word && prev_word)))
			o[n++] = ' ';
		memcpy(o + n, span + i, j - i);
		n += j - i;
		have = 1;
		prev_word = word || stop;
		gap_space = gap_mark = 0;
		i = j;
	}
	while (n > 0 && (o[n - 1] == ',' || o[n - 1] == ';' || o[n - 1] == ':' ||
			 o[n - 1] == ' '))
		n--;
	o[n] = '\0';
	*out = o;
	return CL_OK;
}
