/*
 * backoff.h — when to try the hub again after a failed sync attempt.
 *
 * Exponential backoff with full jitter, honouring the hub's Retry-After.
 * Pure: the caller supplies the random value, so the schedule is testable.
 */
#ifndef TALLY_SYNC_BACKOFF_H
#define TALLY_SYNC_BACKOFF_H

#include <stdint.h>

struct backoff {
	unsigned base_ms;  /* delay ceiling after the first failure */
	unsigned max_ms;   /* the ceiling never grows beyond this */
	unsigned failures; /* consecutive failures so far */
};

void backoff_init(struct backoff *b, unsigned base_ms, unsigned max_ms);
/* A successful exchange: the next failure starts from base_ms again. */
void backoff_reset(struct backoff *b);
/*
 * Record one failure and return the delay before the next attempt in ms.
 * rnd is any uniformly random 32-bit value; retry_after_s is the hub's
 * Retry-After in seconds (0 when absent).  The delay is never shorter than
 * Retry-After, and never longer than max_ms unless Retry-After asks for it.
 */
unsigned backoff_next(struct backoff *b, uint32_t rnd, unsigned retry_after_s);

#endif
