/*
 * url.c: the absolute http(s) URL check and the append-time URL policy
 * (url.h is the manual).
 */
#include "ledger/url.h"

#include <stdio.h>
#include <string.h>

#define NOT_URL "not an absolute http(s) URL"
#define QUOTE_MAX 80 /* bytes of a refused value quoted in a message */

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Bytes allowed in the path, query and fragment: printable ASCII except
 * space and the characters RFC 3986 never allows unescaped. */
static int is_rest(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("\"<>\\^`{|}", c) == NULL;
}

/* `n` bytes at `s` equal to the lowercase ASCII `lower`, ignoring case. */
static int ascii_caseeq(const char *s, const char *lower, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)lower[i])
			return 0;
	}
	return 1;
}

/* The host at s[0..n): a bracketed IPv6 literal, or a name or IPv4
 * address; NULL when acceptable, else why not. */
static const char *host_check(const char *s, size_t n)
{
	size_t i, alnum = 0;

	if (n == 0)
		return NOT_URL ": no host";
	if (s[0] == '[') {
		if (n < 3 || s[n - 1] != ']')
			return NOT_URL ": bad IPv6 host in brackets";
		for (i = 1; i < n - 1; i++)
			if (!is_hex((unsigned char)s[i]) && s[i] != ':' && s[i] != '.')
				return NOT_URL ": bad IPv6 host in brackets";
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_alpha(c) || is_digit(c))
			alnum++;
		else if (c != '-' && c != '.')
			return NOT_URL ": the host may hold only letters, digits, "
			       "'-' and '.' (a bracketed IPv6 address)";
	}
	return alnum ? NULL : NOT_URL ": no host";
}

/* The port digits at s[0..n) (after the ':'). */
static const char *port_check(const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return NOT_URL ": the port must be 1 to 5 digits";
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return NOT_URL ": the port must be 1 to 5 digits";
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v > 65535 ? NOT_URL ": the port is above 65535" : NULL;
}

const char *cl_url_check(const char *s, size_t len)
{
	size_t i, start, end, colon;

	if (len > CL_URL_MAX)
		return NOT_URL ": longer than 2048 bytes";
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return NOT_URL ": a non-ASCII character must be "
			       "percent-encoded (a host in punycode, xn--)";
	if (len >= 7 && ascii_caseeq(s, "http://", 7))
		start = 7;
	else if (len >= 8 && ascii_caseeq(s, "https://", 8))
		start = 8;
	else
		return NOT_URL " (it must start with http:// or https://)";
	/* The authority runs to the first '/', '?' or '#'. */
	for (end = start; end < len && s[end] != '/' && s[end] != '?' &&
			  s[end] != '#'; end++)
		if (s[end] == '@')
			return NOT_URL ": a user name before the host ('@') is "
			       "not allowed";
	/* The port's ':' is the last one, after any IPv6 brackets. */
	colon = end;
	for (i = end; i > start; i--) {
		if (s[i - 1] == ']')
			break;
		if (s[i - 1] == ':') {
			colon = i - 1;
			break;
		}
	}
	if (colon < end) {
		const char *why = port_check(s + colon + 1, end - colon - 1);
		if (why != NULL)
			return why;
	}
	{
		const char *why = host_check(s + start, colon - start);
		if (why != NULL)
			return why;
	}
	for (i = end; i < len; i++)
		if (!is_rest((unsigned char)s[i]))
			return NOT_URL ": space, control characters and \" < > \\ "
			       "^ ` { | } must be percent-encoded";
	return NULL;
}

int cl_url_valid(const char *s, size_t len)
{
	return s != NULL && cl_url_check(s, len) == NULL;
}

/* Refuse the string `v` of member `name` ("claim.source") when it is not
 * a URL: the message quotes at most QUOTE_MAX bytes of it. */
static int check_one(const json_t *v, const char *name, cl_error *err)
{
	const char *s = json_string_value(v), *why;
	size_t len = json_string_length(v), q = len;

	if (s == NULL || (why = cl_url_check(s, len)) == NULL)
		return CL_OK;
	if (q > QUOTE_MAX) {
		q = QUOTE_MAX;
		while (q > 0 && ((unsigned char)s[q] & 0xc0) == 0x80)
			q--; /* cut before a UTF-8 continuation byte */
	}
	return cl_error_set(err, CL_EINPUT, "%s '%.*s%s': %s", name, (int)q, s,
			    q < len ? "\xe2\x80\xa6" : "", why);
}

int cl_fields_urls_check(const json_t *fields, cl_error *err)
{
	const char *type = json_string_value(json_object_get(fields, "type"));
	const json_t *ev;
	char name[48];
	size_t i;
	int rc;

	if (type == NULL)
		return CL_OK;
	if (strcmp(type, "claim") == 0 || strcmp(type, "correction") == 0) {
		snprintf(name, sizeof name, "%s.source", type);
		return check_one(json_object_get(fields, "source"), name, err);
	}
	if (strcmp(type, "config") == 0)
		return check_one(json_object_get(fields, "url"), "config.url", err);
	if (strcmp(type, "verdict") != 0)
		return CL_OK;
	if ((rc = check_one(json_object_get(fields, "url"), "verdict.url", err)) != CL_OK)
		return rc;
	ev = json_object_get(fields, "evidence");
	for (i = 0; i < json_array_size(ev); i++) {
		snprintf(name, sizeof name, "verdict.evidence[%zu]", i);
		if ((rc = check_one(json_array_get(ev, i), name, err)) != CL_OK)
			return rc;
	}
	return CL_OK;
}
