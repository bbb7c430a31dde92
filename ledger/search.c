/*
 * search.c: speaker and source matching for queries (see search.h).
 */
#include "ledger/search.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fold.h"
#include "base/grow.h"

struct cl_search {
	const char *speaker; /* the query as given (borrowed); NULL: none */
	char *speaker_words; /* folded words of it; "" when it has none */
	char **names;        /* folded names of the alias groups it matches */
	size_t nnames, cap;
	const char *source;  /* borrowed; NULL: none */
	int source_host;     /* the source query is a host */
};

int cl_words_contain(const char *name, const char *q)
{
	size_t nq = strlen(q), nn = strlen(name);
	const char *p = name;

	if (nq == 0 || nq > nn)
		return 0;
	/* A match starts at a word's start and ends at a word's end. */
	while ((p = strstr(p, q)) != NULL) {
		if ((p == name || p[-1] == ' ') && (p[nq] == '\0' || p[nq] == ' '))
			return 1;
		p++;
	}
	return 0;
}

int cl_url_host_matches(const char *url, const char *host)
{
	const char *h = strstr(url, "://"), *end, *at, *colon;
	size_t hn = strlen(host), n;

	if (h == NULL || hn == 0)
		return 0;
	h += 3;
	end = h + strcspn(h, "/?#");
	/* user@host: the host is after the last @ before the path. */
	for (at = h; at < end; at++)
		if (*at == '@')
			h = at + 1;
	colon = h;
	if (*h == '[') /* [v6]:port */
		colon = memchr(h, ']', (size_t)(end - h));
	if (colon == NULL)
		colon = h;
	colon = memchr(colon, ':', (size_t)(end - colon));
	if (colon != NULL)
		end = colon;
	n = (size_t)(end - h);
	if (n == hn)
		return strncasecmp(h, host, n) == 0;
	return n > hn && h[n - hn - 1] == '.' && strncasecmp(h + n - hn, host, hn) == 0;
}

size_t cl_url_host_prefix(const char *url)
{
	const char *h = strstr(url, "://");
	size_t n;

	if (h == NULL)
		return 0;
	h += 3;
	n = strcspn(h, "/?#");
	return h[n] == '/' ? (size_t)(h + n + 1 - url) : 0;
}

/* 1 when folded name `fn` is the query's name or words in it. */
static int words_match(const cl_search *s, const char *fn)
{
	return s->speaker_words[0] != '\0' && cl_words_contain(fn, s->speaker_words);
}

static int add_name(cl_search *s, const char *name)
{
	char *f, **p;
	size_t n, i;

	if (cl_fold_words(name, strlen(name), &f, &n) != 0)
		return CL_ENOMEM;
	for (i = 0; i < s->nnames; i++)
		if (strcmp(s->names[i], f) == 0) {
			free(f);
			return CL_OK;
		}
	if ((p = cl_grow(s->names, &s->cap, s->nnames, sizeof *p, 8)) == NULL) {
		free(f);
		return CL_ENOMEM;
	}
	s->names = p;
	s->names[s->nnames++] = f;
	return CL_OK;
}

static int has_name(const cl_search *s, const char *folded)
{
	for (size_t i = 0; i < s->nnames; i++)
		if (strcmp(s->names[i], folded) == 0)
			return 1;
	return 0;
}

/* Pass 1: the canonical speakers of the alias groups the query matches. */
static int alias_canonical(void *ctx, const char *alias, const char *speaker)
{
	cl_search *s = ctx;
	char *fa = NULL, *fs = NULL;
	size_t n;
	int rc = CL_ENOMEM;

	if (cl_fold_words(alias, strlen(alias), &fa, &n) != 0 ||
	    cl_fold_words(speaker, strlen(speaker), &fs, &n) != 0)
		goto out;
	rc = CL_OK;
	if (words_match(s, fa) || words_match(s, fs))
		rc = add_name(s, speaker);
out:
	free(fa);
	free(fs);
	return rc;
}

/* Pass 2: the aliases of those canonical speakers. */
static int alias_members(void *ctx, const char *alias, const char *speaker)
{
	cl_search *s = ctx;
	char *fs = NULL;
	size_t n;
	int rc;

	if (cl_fold_words(speaker, strlen(speaker), &fs, &n) != 0)
		return CL_ENOMEM;
	rc = has_name(s, fs) ? add_name(s, alias) : CL_OK;
	free(fs);
	return rc;
}

int cl_search_new(cl_ledger *l, const char *speaker, const char *source,
		  cl_search **out, cl_error *err)
{
	cl_search *s = calloc(1, sizeof *s);
	size_t n;
	int rc = CL_ENOMEM;

	*out = NULL;
	if (s == NULL)
		goto fail;
	s->speaker = speaker;
	s->source = source;
	s->source_host = source != NULL && strstr(source, "://") == NULL;
	if (speaker != NULL) {
		if (cl_fold_words(speaker, strlen(speaker), &s->speaker_words, &n) != 0)
			goto fail;
		if (s->speaker_words[0] != '\0' &&
		    ((rc = cl_ledger_aliases(l, alias_canonical, s, err)) != CL_OK ||
		     (s->nnames > 0 &&
		      (rc = cl_ledger_aliases(l, alias_members, s, err)) != CL_OK)))
			goto fail;
	}
	*out = s;
	return CL_OK;
fail:
	cl_search_free(s);
	if (rc == CL_ENOMEM)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	return rc;
}

void cl_search_free(cl_search *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	free(s->speaker_words);
	free(s);
}

int cl_search_speaker(const cl_search *s, const char *speaker)
{
	char *f;
	size_t n;
	int m;

	if (s->speaker == NULL)
		return 1;
	if (speaker == NULL)
		return 0;
	if (s->speaker_words[0] == '\0')
		return strcmp(speaker, s->speaker) == 0;
	if (cl_fold_words(speaker, strlen(speaker), &f, &n) != 0)
		return 0;
	m = words_match(s, f) || has_name(s, f);
	free(f);
	return m;
}

int cl_search_source(const cl_search *s, const char *source)
{
	if (s->source == NULL)
		return 1;
	if (source == NULL)
		return 0;
	if (strcmp(source, s->source) == 0)
		return 1;
	return s->source_host && cl_url_host_matches(source, s->source);
}

int cl_search_source_is_host(const cl_search *s)
{
	return s->source_host;
}
