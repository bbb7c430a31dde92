/*
 * fetch.h: reading a published ledger (tiles.h's layout) from where it is
 * served: a local directory or an HTTP(S) base URL.
 *
 * One interface, cl_fetch_fn: give a path relative to the published
 * directory ("checkpoint", "tile/0/x001/002.p/7") and the most bytes it
 * may have; get the bytes, CL_ENOTFOUND, or an error.  The monitor only
 * ever sees that function, so its tests serve tiles from memory.
 *
 * Two backends behind cl_fetch_open:
 *   - a directory: a plain path or a file:// URL ("file:///srv/ledger");
 *     each file is opened with O_NOFOLLOW on its last component (a
 *     published tile is a regular file, never a link) and must be a
 *     regular file;
 *   - http:// or https://: libcurl (see fetch.c for why), redirects
 *     followed within http(s) only, a connect timeout and a whole-transfer
 *     timeout, TLS verified as the system's CA store says.
 *
 * Everything fetched is untrusted: the size cap is enforced while reading
 * (a larger body is refused, never read to the end), and the caller
 * checks every byte it uses.  This module never prints.
 *
 * Errors follow base/error.h.
 */
#ifndef CL_FETCH_H
#define CL_FETCH_H

#include <stddef.h>

#include "base/error.h"

/* ---- types ------------------------------------------------------------ */

/*
 * Fetch `path` (relative, no "..", as cl_tile_path writes it) into *data
 * (malloc'd, *len bytes, the caller frees; NULL and 0 on failure; a
 * NUL byte follows the data, not counted, so text can be read as a
 * string).  At most `max` bytes.
 * Errors: CL_ENOTFOUND (no such file; HTTP 404 or 410), CL_EINTEGRITY (more
 * than `max` bytes, or a symbolic link: something no honest publisher
 * writes), CL_EIO (anything else: unreadable, network, timeout, another
 * HTTP status), CL_ENOMEM.  The message names the path.
 */
typedef int (*cl_fetch_fn)(void *ctx, const char *path, size_t max,
			   unsigned char **data, size_t *len, cl_error *err);

typedef struct cl_fetch cl_fetch; /* a backend, the ctx of cl_fetch_get */

/* ---- limits (layout.txt; SPEC.md "Monitoring a published ledger") ----- */

#define CL_FETCH_TILE_MAX 8192u                     /* 256 hashes */
#define CL_FETCH_SIGS_MAX 16384u                    /* 256 signatures */
#define CL_FETCH_ENTRIES_MAX (256u * (2u + 65535u)) /* 256 prefixed bodies */
#define CL_FETCH_CHECKPOINT_MAX (1024u * 1024u)     /* = CL_NOTE_MAX */
#define CL_FETCH_LOG_MAX 65536u                     /* claimledger/log */
#define CL_FETCH_DOC_MAX (64u * 1024u * 1024u)      /* an archived article */
#define CL_FETCH_CONNECT_TIMEOUT 20L  /* seconds to connect */
#define CL_FETCH_TIMEOUT 300L         /* seconds for one whole transfer */
#define CL_FETCH_LOW_SPEED_TIME 60L   /* give up after this long below */
#define CL_FETCH_LOW_SPEED 100L       /*   this many bytes a second */

/* ---- functions -------------------------------------------------------- */

/*
 * Open the source `where`: "http://..." or "https://..." (a base URL; a
 * missing final "/" is added), "file://PATH" (PATH absolute, no host
 * other than "localhost", no %-escapes), or else a directory path.
 * Nothing is fetched yet.  *out is freed with cl_fetch_close.
 * Errors: CL_EINPUT (another scheme, a file:// URL with a host or
 * escapes, an empty source), CL_ENOTFOUND (the directory does not
 * exist or is not a directory), CL_EIO (libcurl cannot start), CL_ENOMEM.
 */
int cl_fetch_open(const char *where, cl_fetch **out, cl_error *err);

/* Free a source.  NULL is a no-op. */
void cl_fetch_close(cl_fetch *f);

/* The cl_fetch_fn of an opened source: pass the cl_fetch * as ctx. */
int cl_fetch_get(void *ctx, const char *path, size_t max, unsigned char **data,
		 size_t *len, cl_error *err);

/* 1 when the source is served over HTTP(S), 0 for a directory. */
int cl_fetch_is_http(const cl_fetch *f);

#endif
