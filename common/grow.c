/*
 * grow.c — see grow.h.
 */
#include "common/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *grow(void *items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return items;
	size_t want = *cap ? *cap : 16;
	while (want <= n) {
		if (want > SIZE_MAX / 2)
			return NULL;
		want *= 2;
	}
	if (size != 0 && want > SIZE_MAX / size)
		return NULL;
	void *bigger = realloc(items, want * size);
	if (bigger != NULL)
		*cap = want;
	return bigger;
}
