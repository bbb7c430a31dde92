#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cl_error_set(cl_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int cl_error_prefix(cl_error *err, const char *fmt, ...)
{
	char line[2 * sizeof err->msg];
	size_t n;
	va_list ap;

	if (err == NULL)
		return CL_OK;
	va_start(ap, fmt);
	vsnprintf(line, sizeof err->msg, fmt, ap);
	va_end(ap);
	/* line holds < sizeof msg bytes; ": " and the old text fit behind it. */
	n = strlen(line);
	memcpy(line + n, ": ", 2);
	memcpy(line + n + 2, err->msg, sizeof err->msg);
	line[sizeof line - 1] = '\0';
	memcpy(err->msg, line, sizeof err->msg - 1);
	err->msg[sizeof err->msg - 1] = '\0';
	return err->code;
}

const char *cl_strerror(int code)
{
	switch (code) {
	case CL_OK: return "success";
	case CL_EINPUT: return "bad input";
	case CL_ENOTFOUND: return "not found";
	case CL_EKEY: return "key refused";
	case CL_EEXIST: return "already exists";
	case CL_EINTEGRITY: return "integrity check failed";
	case CL_EIO: return "i/o error";
	case CL_ENOMEM: return "out of memory";
	case CL_ESTORE: return "ledger store error";
	}
	return "unknown error";
}
