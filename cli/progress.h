/*
 * progress.h: the progress bar of long commands, and their thread count.
 *
 * A bar on stderr ("verify  [#####.....]  52%  520000/1000000") redrawn at
 * most ten times a second, only when stderr is a terminal and the work is
 * more than CLI_PROGRESS_MIN records (or bytes / 256 for byte counts), and
 * erased when done, so scripts and logs never see it.
 */
#ifndef CL_CLI_PROGRESS_H
#define CL_CLI_PROGRESS_H

#include <stdint.h>

#include "ledger/store.h"

#define CLI_PROGRESS_MIN 5000 /* records below which no bar is drawn */

struct cli_progress {
	const char *what;  /* "import", "verify", "export" */
	uint64_t total;    /* 0: unknown */
	int bytes;         /* done/total count bytes, not records */
	int on;            /* drawing */
	int drawn;         /* something is on the line */
	uint64_t last_ns;  /* when it was last drawn */
};

/* Start a bar for `total` records (bytes when `bytes`); decides whether to
 * draw at all.  Cannot fail. */
void cli_progress_start(struct cli_progress *p, const char *what, uint64_t total,
			int bytes);

/* Redraw with `done` of the total (rate-limited).  Cannot fail. */
void cli_progress_update(struct cli_progress *p, uint64_t done);

/* Erase the bar.  Safe to call twice or on a bar never drawn. */
void cli_progress_end(struct cli_progress *p);

/* A cl_progress_fn (store.h) for cl_ledger_set_progress: ctx is a started
 * struct cli_progress; a non-zero total replaces the started one. */
void cli_progress_fn(void *ctx, uint64_t done, uint64_t total);

/* Threads for signing and verifying: $CLAIMLEDGER_THREADS when it is a
 * number from 1 to 64, else 0 (every online CPU; see
 * cl_ledger_set_threads). */
unsigned cli_threads(void);

#endif
