/*
 * format.h: printf into a string of the size it needs.
 *
 * One place for the measure-then-write dance (vsnprintf to learn the
 * length, malloc, vsnprintf again) that ledger/ and cli/ both need.
 * cli/ wraps it to die on out of memory (cli_format).
 */
#ifndef CL_FORMAT_H
#define CL_FORMAT_H

#include <stdarg.h>

/* The formatted text as a NUL-terminated malloc'd string the caller
 * frees, or NULL when out of memory (or when the format fails).  `ap` is
 * used as vsnprintf uses it: va_end it after, as usual. */
char *cl_vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *cl_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
