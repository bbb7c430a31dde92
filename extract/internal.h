/*
 * internal.h: what the files of extract/ share with each other only.
 * Not part of the public API.
 */
#ifndef CL_EXTRACT_INTERNAL_H
#define CL_EXTRACT_INTERNAL_H

#include <stddef.h>

/* Normalise an alias key into out (ASCII lowercase, single spaces, no
 * leading "the "); returns its length. */
size_t cl_x_norm_key(const char *s, size_t n, char *out, size_t outsz);

#endif
