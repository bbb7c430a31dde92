/*
 * testutil.h: helpers shared by the cmocka unit tests.
 *
 * Each tests/<module>_test.c is its own executable.  Include this after
 * the system headers; it pulls in cmocka in the order cmocka requires.
 */
#ifndef CL_TESTUTIL_H
#define CL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/error.h"
#include "crypto/crypto.h"

/* Assert that rc is CL_OK, printing the error text when it is not. */
#define assert_cl_ok(rc, err)                                                  \
	do {                                                                   \
		int rc_ = (rc);                                                \
		if (rc_ != CL_OK)                                              \
			fail_msg("%s:%d: rc %d (%s): %s", __FILE__, __LINE__,  \
				 rc_, cl_strerror(rc_), (err)->msg);            \
	} while (0)

/* Assert rc == want and that the message contains `needle`. */
#define assert_cl_err(rc, want, err, needle)                                   \
	do {                                                                   \
		int rc_ = (rc);                                                \
		if (rc_ != (want))                                             \
			fail_msg("%s:%d: rc %d (%s), want %d: %s", __FILE__,   \
				 __LINE__, rc_, cl_strerror(rc_), (want),      \
				 (err)->msg);                                  \
		if (strstr((err)->msg, (needle)) == NULL)                      \
			fail_msg("%s:%d: message '%s' lacks '%s'", __FILE__,   \
				 __LINE__, (err)->msg, (needle));               \
	} while (0)

/* A key named `name` from the fixed seed bytes fill, fill+1, ...; the
 * caller frees it (cl_seckey_free). */
static inline cl_seckey *tu_seed_key(const char *name, unsigned char fill)
{
	unsigned char seed[CL_SEED_BYTES];
	cl_seckey *k = NULL;
	cl_error err = { 0 };

	for (size_t i = 0; i < sizeof seed; i++)
		seed[i] = (unsigned char)(fill + i);
	assert_cl_ok(cl_seckey_from_seed(name, seed, &k, &err), &err);
	return k;
}

/* A fresh empty directory under $TMPDIR (or /tmp); the caller owns the
 * returned string (free) and the directory (tu_rmtree). */
static inline char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p = malloc(4096);
	if (p == NULL)
		return NULL;
	snprintf(p, 4096, "%s/cltest.XXXXXX", base ? base : "/tmp");
	if (mkdtemp(p) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

static inline void tu_rmtree(const char *dir)
{
	char cmd[4200];
	if (dir == NULL || dir[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* Read a whole file into a malloc'd NUL-terminated buffer; NULL on error. */
static inline char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

#endif
