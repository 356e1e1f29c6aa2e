/*
 * refill.h — how many packs to bring to a shelf, by the basis list's policy.
 *
 *   top-up-at-min  refill to max only when the count is at or below min
 *   always-to-max  refill to max whatever the count
 */
#ifndef TALLY_CLIENT_REFILL_H
#define TALLY_CLIENT_REFILL_H

#include <stdint.h>

/* Packs to add; never negative.  An unknown policy is treated as
 * top-up-at-min, the default of DESIGN §1. */
int64_t refill_qty(const char *policy, int64_t min, int64_t max, int64_t count);

#endif
