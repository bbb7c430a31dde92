/*
 * grow.c: growable arrays (see grow.h).
 */
#include "base/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *cl_grow(void *arr, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t nc;
	void *p;

	if (n < *cap)
		return arr;
	nc = *cap ? *cap * 2 : first;
	if (nc > SIZE_MAX / size || (p = realloc(arr, nc * size)) == NULL)
		return NULL;
	*cap = nc;
	return p;
}
