/*
 * fetch.c: the directory and HTTP(S) backends of fetch.h.
 *
 * Why libcurl: HTTP/1.1 and 2, TLS with the system's CA store and
 * certificate checks, redirects, proxies from the environment, keep-alive
 * across the hundreds of small tile requests a monitor makes, and
 * timeouts, all in a library Debian keeps patched (libcurl4-openssl-dev).
 * None of that is ours to hand-write, least of all a TLS client.
 */
#include "ledger/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cl_fetch {
	int http;
	int dirfd;      /* the directory backend: the published DIR */
	char *base;     /* the HTTP backend: the base URL, ending in "/" */
	CURL *curl;     /* one handle for every request: keep-alive */
};

/* A body being received, refused once past its cap. */
struct sink {
	CURL *curl;
	unsigned char *buf;
	size_t len, cap, max;
	int too_big, nomem;
};

/* ---- the directory backend ------------------------------------------- */

static int dir_open(cl_fetch *f, const char *path, cl_error *err)
{
	struct stat st;

	f->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->dirfd < 0)
		return cl_error_set(err, errno == ENOENT || errno == ENOTDIR
				    ? CL_ENOTFOUND : CL_EIO,
				    "cannot open directory '%s': %s", path,
				    strerror(errno));
	if (fstat(f->dirfd, &st) != 0 || !S_ISDIR(st.st_mode))
		return cl_error_set(err, CL_ENOTFOUND, "'%s' is not a directory",
				    path);
	return CL_OK;
}

static int dir_get(cl_fetch *f, const char *path, size_t max,
		   unsigned char **data, size_t *len, cl_error *err)
{
	unsigned char *buf = NULL;
	struct stat st;
	size_t n = 0;
	ssize_t r;
	int fd, rc = CL_OK;

	/* O_NOFOLLOW: a link where a tile should be is refused, not read. */
	fd = openat(f->dirfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == ELOOP)
		return cl_error_set(err, CL_EINTEGRITY, "%s: a symbolic link, "
				    "not followed", path);
	if (fd < 0)
		return cl_error_set(err, errno == ENOENT || errno == ENOTDIR
				    ? CL_ENOTFOUND : CL_EIO, "%s: %s", path,
				    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = cl_error_set(err, CL_EIO, "%s: not a regular file", path);
		goto out;
	}
	if ((uintmax_t)st.st_size > max) {
		rc = cl_error_set(err, CL_EINTEGRITY, "%s: more than %zu bytes",
				  path, max);
		goto out;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto out;
	}
	/* Read no more than stat said: a file growing meanwhile is cut at
	 * the size checked above, and whatever it holds is checked anyway. */
	while (n < (size_t)st.st_size) {
		r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = cl_error_set(err, CL_EIO, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}

/* ---- the HTTP backend ------------------------------------------------- */

static size_t sink_write(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb, cap;
	unsigned char *nb;
	long status = 0;

	/* An error page is not the file: dropped, whatever its size, so a
	 * big 404 page is still "not found". */
	if (curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
	    status != 200)
		return n;
	if (n > s->max - s->len) {
		s->too_big = 1;
		return 0; /* libcurl stops the transfer */
	}
	if (s->len + n + 1 > s->cap) {
		cap = s->cap ? s->cap : 4096;
		while (cap < s->len + n + 1)
			cap *= 2;
		if (cap > s->max + 1)
			cap = s->max + 1;
		if ((nb = realloc(s->buf, cap)) == NULL) {
			s->nomem = 1;
			return 0;
		}
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return n;
}

static int http_open(cl_fetch *f, const char *url, cl_error *err)
{
	size_t n = strlen(url);
	static int global_done;

	if ((f->base = malloc(n + 2)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(f->base, url, n + 1);
	if (n == 0 || url[n - 1] != '/')
		memcpy(f->base + n, "/", 2);
	if (!global_done && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return cl_error_set(err, CL_EIO, "libcurl cannot start");
	global_done = 1;
	if ((f->curl = curl_easy_init()) == NULL)
		return cl_error_set(err, CL_EIO, "libcurl cannot start");
	f->http = 1;
	/* http and https only, redirects included (never file:// or others
	 * on a server's word), a bounded redirect chain and bounded time. */
	if (curl_easy_setopt(f->curl, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_MAXREDIRS, 5L) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_CONNECTTIMEOUT, CL_FETCH_CONNECT_TIMEOUT) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_TIMEOUT, CL_FETCH_TIMEOUT) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_LOW_SPEED_TIME, CL_FETCH_LOW_SPEED_TIME) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_LOW_SPEED_LIMIT, CL_FETCH_LOW_SPEED) != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_USERAGENT, "claimledger-monitor") != CURLE_OK ||
	    /* tlog-tiles: clients SHOULD accept gzip (entry bundles compress
	     * well); "" offers every encoding this libcurl decodes.  The cap
	     * in sink_write counts decoded bytes, so a small compressed
	     * response cannot grow past it. */
	    curl_easy_setopt(f->curl, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK ||
	    curl_easy_setopt(f->curl, CURLOPT_WRITEFUNCTION, sink_write) != CURLE_OK)
		return cl_error_set(err, CL_EIO, "libcurl lacks an option it needs "
				    "(7.85 or newer)");
	return CL_OK;
}

static int http_get(cl_fetch *f, const char *path, size_t max,
		    unsigned char **data, size_t *len, cl_error *err)
{
	struct sink s = { f->curl, NULL, 0, 0, max, 0, 0 };
	size_t n = strlen(f->base), m = strlen(path);
	char *url = malloc(n + m + 1);
	long status = 0;
	CURLcode cc;
	int rc = CL_OK;

	if (url == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(url, f->base, n);
	memcpy(url + n, path, m + 1);
	curl_easy_setopt(f->curl, CURLOPT_URL, url);
	curl_easy_setopt(f->curl, CURLOPT_WRITEDATA, &s);
	/* Refused before the body when the server says how big it is. */
	curl_easy_setopt(f->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	cc = curl_easy_perform(f->curl);
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	if (s.nomem)
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	else if (status == 404 || status == 410)
		rc = cl_error_set(err, CL_ENOTFOUND, "%s: HTTP %ld", path, status);
	else if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED)
		rc = cl_error_set(err, CL_EINTEGRITY, "%s: more than %zu bytes",
				  path, max);
	else if (cc != CURLE_OK)
		rc = cl_error_set(err, CL_EIO, "%s: %s", path, curl_easy_strerror(cc));
	else if (status != 200)
		rc = cl_error_set(err, CL_EIO, "%s: HTTP %ld", path, status);
	else if (s.buf == NULL && (s.buf = malloc(1)) == NULL)
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
	if (rc == CL_OK) {
		s.buf[s.len] = 0;
		*data = s.buf;
		*len = s.len;
		s.buf = NULL;
	}
	free(s.buf);
	free(url);
	return rc;
}

/* ---- the interface ---------------------------------------------------- */

int cl_fetch_open(const char *where, cl_fetch **out, cl_error *err)
{
	cl_fetch *f;
	const char *path = where;
	int rc;

	*out = NULL;
	if (where == NULL || where[0] == 0)
		return cl_error_set(err, CL_EINPUT, "an empty URL or directory");
	if ((f = calloc(1, sizeof *f)) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	f->dirfd = -1;
	if (strncmp(where, "http://", 7) == 0 || strncmp(where, "https://", 8) == 0) {
		rc = http_open(f, where, err);
		goto out;
	}
	if (strncmp(where, "file://", 7) == 0) {
		path = where + 7;
		if (strncmp(path, "localhost/", 10) == 0)
			path += 9;
		if (path[0] != '/' || strchr(path, '%') != NULL) {
			rc = cl_error_set(err, CL_EINPUT, "'%s': a file:// URL must "
					  "name an absolute path without a host "
					  "or %%-escapes", where);
			goto out;
		}
	} else if (strstr(where, "://") != NULL) {
		rc = cl_error_set(err, CL_EINPUT, "'%s': only http://, https:// and "
				  "file:// URLs or a directory", where);
		goto out;
	}
	rc = dir_open(f, path, err);
out:
	if (rc != CL_OK)
		cl_fetch_close(f);
	else
		*out = f;
	return rc;
}

void cl_fetch_close(cl_fetch *f)
{
	if (f == NULL)
		return;
	if (f->curl)
		curl_easy_cleanup(f->curl);
	if (f->dirfd >= 0)
		close(f->dirfd);
	free(f->base);
	free(f);
}

int cl_fetch_get(void *ctx, const char *path, size_t max, unsigned char **data,
		 size_t *len, cl_error *err)
{
	cl_fetch *f = ctx;

	*data = NULL;
	*len = 0;
	/* Paths come from cl_tile_path and fixed names; refuse anything that
	 * could step out of the published directory all the same. */
	if (path[0] == '/' || strstr(path, "..") != NULL)
		return cl_error_set(err, CL_EINPUT, "'%s': not a relative path", path);
	return f->http ? http_get(f, path, max, data, len, err)
		       : dir_get(f, path, max, data, len, err);
}

int cl_fetch_is_http(const cl_fetch *f)
{
	return f->http;
}
