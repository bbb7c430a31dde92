/*
 * record_internal.h: what record.c (ids, signatures, the chain) and
 * record_shape.c (the shape rules, the facts) share.  Not a public
 * header: the rest of the code goes through record.h.
 */
#ifndef CL_RECORD_INTERNAL_H
#define CL_RECORD_INTERNAL_H

#include <stddef.h>
#include <jansson.h>

#include "crypto/crypto.h"
#include "base/error.h"

/* 1 when `s` is exactly 64 lowercase hex digits: ids have one spelling. */
int cl_hex64_valid(const char *s, size_t len);

/* 1 when the `len` bytes at `s` are the canonical padded base64 of a
 * 32-byte key, decoded into pk (may be NULL); else 0. */
int cl_key_b64_decode(const char *s, size_t len, unsigned char pk[CL_PUBKEY_BYTES]);

/* cl_body_check without the size of the canonical form: what a body
 * parsed from canonical bytes needs (their size is known). */
int cl_shape_check(const json_t *body, cl_error *err);

#endif
