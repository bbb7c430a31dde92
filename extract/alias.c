/*
 * alias.c: the speaker alias table of extract.h.
 *
 * A small open-addressing hash table keyed by the normalised alias (ASCII
 * lowercase, single spaces, no leading "the ").  Lookups happen for every
 * candidate speaker phrase of an article, so they must be O(1).
 */
#include "extract/extract.h"
#include "extract/internal.h"
#include "base/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cl_aliases {
	char **keys;
	char **vals;
	size_t cap;   /* power of two */
	size_t n;
};

/* FNV-1a: short keys, no adversary that matters (the table is ours). */
/* A malloc'd copy of s (strdup is POSIX, not C11). */
static char *str_copy(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

size_t cl_x_norm_key(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, o = 0;
	int space = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* Drop a leading article: "the State Department" is "State Department". */
	if (n - i > 4 && (s[i] | 32) == 't' && (s[i + 1] | 32) == 'h' &&
	    (s[i + 2] | 32) == 'e' && (s[i + 3] == ' ' || s[i + 3] == '\t'))
		i += 4;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && o > 0) {
			if (o + 1 >= outsz)
				break;
			out[o++] = ' ';
		}
		space = 0;
		if (o + 1 >= outsz)
			break;
		out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[o] = '\0';
	return o;
}

int cl_aliases_new(cl_aliases **out, cl_error *err)
{
	cl_aliases *a = calloc(1, sizeof *a);

	*out = NULL;
	if (a == NULL)
		return cl_error_set(err, CL_ENOMEM, "alias table: out of memory");
	a->cap = 64;
	a->keys = calloc(a->cap, sizeof *a->keys);
	a->vals = calloc(a->cap, sizeof *a->vals);
	if (a->keys == NULL || a->vals == NULL) {
		cl_aliases_free(a);
		return cl_error_set(err, CL_ENOMEM, "alias table: out of memory");
	}
	*out = a;
	return CL_OK;
}

static size_t slot_of(const cl_aliases *a, const char *key)
{
	size_t i = (size_t)key_hash(key) & (a->cap - 1);

	while (a->keys[i] != NULL && strcmp(a->keys[i], key) != 0)
		i = (i + 1) & (a->cap - 1);
	return i;
}

static int grow(cl_aliases *a)
{
	cl_aliases b = { NULL, NULL, a->cap * 2, 0 };
	size_t i;

	b.keys = calloc(b.cap, sizeof *b.keys);
	b.vals = calloc(b.cap, sizeof *b.vals);
	if (b.keys == NULL || b.vals == NULL) {
		free(b.keys);
		free(b.vals);
		return CL_ENOMEM;
	}
	for (i = 0; i < a->cap; i++) {
		if (a->keys[i] != NULL) {
			size_t j = slot_of(&b, a->keys[i]);
			b.keys[j] = a->keys[i];
			b.vals[j] = a->vals[i];
			b.n++;
		}
	}
	free(a->keys);
	free(a->vals);
	*a = b;
	return CL_OK;
}

int cl_aliases_add(cl_aliases *a, const char *alias, const char *canonical,
		   cl_error *err)
{
	char key[256];
	char *k = NULL, *v = NULL;
	size_t i;
	int rc = CL_OK;

	if (alias == NULL || canonical == NULL || canonical[0] == '\0' ||
	    cl_text_invalid_at(alias, strlen(alias)) != (size_t)-1 ||
	    cl_text_invalid_at(canonical, strlen(canonical)) != (size_t)-1) {
		rc = cl_error_set(err, CL_EINPUT, "alias: empty or not UTF-8");
		goto out;
	}
	if (cl_x_norm_key(alias, strlen(alias), key, sizeof key) == 0) {
		rc = cl_error_set(err, CL_EINPUT, "alias: empty");
		goto out;
	}
	if ((a->n + 1) * 2 > a->cap && grow(a) != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "alias table: out of memory");
		goto out;
	}
	v = str_copy(canonical);
	if (v == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "alias table: out of memory");
		goto out;
	}
	i = slot_of(a, key);
	if (a->keys[i] != NULL) {
		free(a->vals[i]);
		a->vals[i] = v;
		v = NULL;
		goto out;
	}
	k = str_copy(key);
	if (k == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "alias table: out of memory");
		goto out;
	}
	a->keys[i] = k;
	a->vals[i] = v;
	a->n++;
	k = NULL;
	v = NULL;
out:
	free(k);
	free(v);
	return rc;
}

/* Trim spaces, tabs and a CR from both ends of s[0..*n); returns start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' ||
			  s[*n - 1] == '\r'))
		(*n)--;
	return s;
}

int cl_aliases_load(cl_aliases *a, const char *buf, size_t len,
		    const char *name, cl_error *err)
{
	size_t pos = 0, line = 0;
	char alias[256], canon[256];
	int rc = CL_OK;

	if (name == NULL)
		name = "aliases";
	while (pos < len) {
		const char *ln = buf + pos, *tab, *nl;
		const char *k, *v;
		size_t n, kn, vn;

		nl = memchr(ln, '\n', len - pos);
		n = nl ? (size_t)(nl - ln) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		k = trim(ln, &n);
		if (n == 0 || k[0] == '#')
			continue;
		tab = memchr(k, '\t', n);
		if (tab == NULL) {
			rc = cl_error_set(err, CL_EINPUT, "%s:%zu: no tab", name, line);
			goto out;
		}
		kn = (size_t)(tab - k);
		vn = n - kn - 1;
		v = trim(tab + 1, &vn);
		k = trim(k, &kn);
		if (kn == 0 || vn == 0 || kn >= sizeof alias || vn >= sizeof canon) {
			rc = cl_error_set(err, CL_EINPUT,
					  "%s:%zu: empty or overlong field", name, line);
			goto out;
		}
		memcpy(alias, k, kn);
		alias[kn] = '\0';
		memcpy(canon, v, vn);
		canon[vn] = '\0';
		rc = cl_aliases_add(a, alias, canon, err);
		if (rc != CL_OK) {
			cl_error_prefix(err, "%s:%zu", name, line);
			goto out;
		}
	}
out:
	return rc;
}

const char *cl_aliases_lookup(const cl_aliases *a, const char *name)
{
	char key[256];
	size_t i;

	if (a == NULL || name == NULL)
		return NULL;
	if (cl_x_norm_key(name, strlen(name), key, sizeof key) == 0)
		return NULL;
	i = slot_of(a, key);
	return a->keys[i] ? a->vals[i] : NULL;
}

size_t cl_aliases_count(const cl_aliases *a)
{
	return a ? a->n : 0;
}

void cl_aliases_free(cl_aliases *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; a->keys && i < a->cap; i++) {
		free(a->keys[i]);
		free(a->vals[i]);
	}
	free(a->keys);
	free(a->vals);
	free(a);
}
