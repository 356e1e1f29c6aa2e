/*
 * grow.h — the one growing array every module needs (lines of a round, of
 * a receipt, config entries, rows read back ...), written once.
 */
#ifndef TALLY_COMMON_GROW_H
#define TALLY_COMMON_GROW_H

#include <stddef.h>

/*
 * Make room for item number n (0-based) in `items`, an array of *cap slots
 * of `size` bytes: doubles *cap (from 16) until it exceeds n.  Returns the
 * array, perhaps moved, or NULL when memory ran out or the size would
 * overflow — then `items` and *cap are as they were, so the caller still
 * owns and can free what it had.
 */
void *grow(void *items, size_t *cap, size_t n, size_t size);

#endif
