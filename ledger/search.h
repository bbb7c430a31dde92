/*
 * search.h: what `list --speaker S` and `list --source S` match.
 *
 * Speakers.  A query matches a speaker when, both folded (base/fold.h:
 * NFD, accents dropped, case-folded, cut into words of letters and
 * digits), the query's words occur in the speaker's words as a whole,
 * consecutive run: `Matos`, `matos`, `MÁTOS`, `Helena Matos` all match
 * `Helena Matos`; `Mat` and `Matos Helena` do not.  Through the ledger's
 * alias table (`alias add`, the `aliases` database) a query also matches
 * every name of an alias group it matches: when the query matches an
 * alias or its canonical speaker, then that canonical speaker and every
 * alias of it match whole (folded words equal).  The table is read when
 * the search is made, so an alias added later finds earlier claims.  A
 * query with no letter or digit matches a speaker equal to it byte for
 * byte.
 *
 * Sources.  A query with `://` matches the source equal to it byte for
 * byte.  Any other query is a host: it matches a source that is a URL
 * whose host (between `://` and the first `/`, `?` or `#`, less any
 * `user@` and `:port`) equals it or ends with `.` and it, compared in
 * ASCII case-insensitively: `example-herald.com` and
 * `www.example-herald.com` match `https://www.example-herald.com/a/b`;
 * `herald.com` does not.
 */
#ifndef CL_SEARCH_H
#define CL_SEARCH_H

#include "base/error.h"
#include "ledger/store.h"

typedef struct cl_search cl_search;

/*
 * Make a search for `speaker` and `source` (either may be NULL: no filter
 * on it), reading the alias table of `l` when there is a speaker.  *out is
 * freed with cl_search_free.  CL_ENOMEM, the store's errors.
 */
int cl_search_new(cl_ledger *l, const char *speaker, const char *source,
		  cl_search **out, cl_error *err);

/* Free `s` (NULL is a no-op). */
void cl_search_free(cl_search *s);

/* 1 when `speaker` matches the search's speaker query (or it has none),
 * else 0.  Out of memory reads as no match. */
int cl_search_speaker(const cl_search *s, const char *speaker);

/* 1 when `source` matches the search's source query (or it has none). */
int cl_search_source(const cl_search *s, const char *source);

/* 1 when the search's source query is a host (no `://`), else 0. */
int cl_search_source_is_host(const cl_search *s);

/* 1 when `url`'s host is `host` or a subdomain of it (as above); 0 when
 * not, or when `url` has no `://`.  Cannot fail. */
int cl_url_host_matches(const char *url, const char *host);

/* The length of `url`'s "scheme://host/" (the host and the first `/`
 * included), or 0 when it has no `://` or its host is not followed by a
 * `/`.  Every URL of one host and path starts with it, so a search by
 * host can skip them all at once.  Cannot fail. */
size_t cl_url_host_prefix(const char *url);

/* 1 when the folded words `q` occur as a whole run in the folded words
 * `name` (both as cl_fold_words writes them), else 0.  Cannot fail. */
int cl_words_contain(const char *name, const char *q);

#endif
