/*
 * error.h: the one error style of claimledger's library layers.
 *
 * It lives in base/, below every layer that uses it (crypto/, ledger/,
 * extract/, cli/), and includes nothing of theirs.
 *
 * Every function in base/, crypto/, ledger/ and extract/ that can fail
 * returns an int: CL_OK (0) on success or one of the negative CL_E* codes
 * below.  Functions that can say more take a `cl_error *err` as their last
 * argument and fill it with one lowercase line, no trailing period, naming
 * the file, line or seq at fault ("seq 5: signature does not verify").
 * `err` may be NULL when the caller does not want the text.  The library
 * never prints and never exits: cli/ turns a code into an exit status and
 * prints "claimledger: <what>: <msg>".
 */
#ifndef CL_ERROR_H
#define CL_ERROR_H

enum {
	CL_OK = 0,
	CL_EINPUT = -1,     /* malformed or out-of-range input        (exit 2) */
	CL_ENOTFOUND = -2,  /* unknown id, missing file or record     (exit 2) */
	CL_EKEY = -3,       /* missing, wrong or unauthorised key     (exit 2) */
	CL_EEXIST = -4,     /* would overwrite something that exists  (exit 2) */
	CL_EINTEGRITY = -5, /* a hash, signature, chain or proof check failed (exit 1) */
	CL_EIO = -6,        /* I/O or storage failure                 (exit 3) */
	CL_ENOMEM = -7,     /* out of memory                          (exit 3) */
	CL_ESTORE = -8,     /* the LMDB store is damaged or unusable  (exit 3) */
};

typedef struct cl_error {
	int code;       /* the CL_E* code last set, CL_OK when none */
	char msg[512];  /* one line, NUL-terminated, "" when none */
} cl_error;

/*
 * Record `code` and a printf-style message in `err` (ignored when `err` is
 * NULL) and return `code`, so that callers can write
 *     return cl_error_set(err, CL_EINPUT, "line %zu: not JSON", n);
 * The message is truncated to fit; it never fails.
 */
int cl_error_set(cl_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in `err` with "prefix: " and return err->code
 * (CL_OK when err is NULL).  Used to add context as an error travels up. */
int cl_error_prefix(cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A short static text for a code ("bad input", "integrity check failed"). */
const char *cl_strerror(int code);

#endif
