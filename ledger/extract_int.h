/*
 * extract_int.h: helpers shared by the ledger/extract*.c files only.
 * Not part of the public API.
 */
#ifndef CL_EXTRACT_INT_H
#define CL_EXTRACT_INT_H

#include <stddef.h>

/* Normalise an alias key into out (ASCII lowercase, single spaces, no
 * leading "the "); returns its length. */
size_t cl_x_norm_key(const char *s, size_t n, char *out, size_t outsz);

#endif
