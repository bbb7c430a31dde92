/*
 * grow.h: growable arrays, the one doubling realloc of the library and
 * the commands.
 *
 * A growable array is a pointer, a count `n` of the elements in use and
 * a capacity `cap`, both in elements.  cl_grow makes room for element n
 * (one more): the capacity doubles when full, starting at `first`.
 */
#ifndef CL_GROW_H
#define CL_GROW_H

#include <stddef.h>

/*
 * Room for one more element in the array `arr` holding `n` elements of
 * `size` bytes in a capacity of *cap.  Returns the array to use from now
 * on (`arr` itself when there was room), or NULL when out of memory or
 * the new size would not fit a size_t: then `arr` and *cap are as they
 * were and the caller still owns `arr`.
 */
void *cl_grow(void *arr, size_t *cap, size_t n, size_t size, size_t first);

#endif
