/*
 * format.c: printf into a string of the size it needs (format.h).
 */
#include "base/format.h"

#include <stdio.h>
#include <stdlib.h>

char *cl_vformat(const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	/* The first pass only measures: it needs its own copy of `ap`. */
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *cl_format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = cl_vformat(fmt, ap);
	va_end(ap);
	return s;
}
