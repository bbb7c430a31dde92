/*
 * stats.h: an overview of a ledger (`claimledger stats`): records by type,
 * and claims by speaker, by current verdict, rated or not, by article
 * (source) and by month, every claim counted as it reads after its
 * corrections (facts.h: the corrected speaker, source and date; the
 * current verdict with its own corrections applied).
 *
 * One pass over the records in seq order (cl_ledger_scan), each body
 * parsed once; the memory held is a few words per claim and verdict plus
 * each distinct speaker and source once.
 */
#ifndef CL_STATS_H
#define CL_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "ledger/record.h"
#include "ledger/store.h"

/* ---- types ----------------------------------------------------------- */

/* One row of a breakdown: a name and how many claims have it. */
typedef struct cl_stats_row {
	const char *name; /* owned by the cl_stats */
	uint64_t claims;
} cl_stats_row;

/* The overview.  Every pointer is owned by it; cl_stats_free releases. */
typedef struct cl_stats {
	uint64_t size;                      /* records */
	uint64_t bytes;                     /* bytes of bodies */
	uint64_t types[CL_TYPE_MAX + 1];    /* records by type (cl_type) */
	uint64_t claims, rated, unrated;
	cl_stats_row *speakers;  /* by claims, most first (ties: name order); a
				    speaker is its folded words (base/fold.h),
				    named as first written */
	size_t nspeakers;
	cl_stats_row *sources;   /* by claims, most first (ties: name order) */
	size_t nsources;
	cl_stats_row *months;    /* YYYY-MM of the claim's date, oldest first */
	size_t nmonths;
	cl_stats_row verdicts[8]; /* the scale in order (facts.h), then "none"
				     (not rated); rows with 0 claims too */
} cl_stats;

/* ---- prototypes ------------------------------------------------------ */

/*
 * Fill `out` (zero-initialised by the call) from the ledger's records
 * 0..size-1 (`size` from cl_ledger_read_info, so that the overview and
 * the tree head the caller prints are of the same records).  CL_ENOMEM, CL_EINTEGRITY (a body that is not JSON, or a stored
 * id that does not match its body: the scan re-hashes), the store's
 * errors.  On failure `out` holds nothing to free.
 */
int cl_ledger_stats(cl_ledger *l, uint64_t size, cl_stats *out, cl_error *err);

/* Release what `s` owns and zero it; NULL or zeroed: no-op. */
void cl_stats_free(cl_stats *s);

#endif
