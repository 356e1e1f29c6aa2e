/*
 * backoff.c — exponential backoff with full jitter.
 *
 * Full jitter (a uniform delay in [ceiling/2, ceiling]) spreads a ward's worth
 * of handhelds that lost the network together, so they do not all hit the hub
 * again in the same second when it returns.
 */
#include "sync/backoff.h"

void backoff_init(struct backoff *b, unsigned base_ms, unsigned max_ms)
{
	b->base_ms = base_ms ? base_ms : 1;
	b->max_ms = max_ms < b->base_ms ? b->base_ms : max_ms;
	b->failures = 0;
}

void backoff_reset(struct backoff *b)
{
	b->failures = 0;
}

unsigned backoff_next(struct backoff *b, uint32_t rnd, unsigned retry_after_s)
{
	uint64_t ceiling = b->base_ms;
	unsigned i;

	for (i = 0; i < b->failures && ceiling < b->max_ms; i++)
		ceiling *= 2;
	if (ceiling > b->max_ms)
		ceiling = b->max_ms;
	if (b->failures < 64)
		b->failures++;

	/* Keep half the ceiling fixed so a retry is never immediate. */
	uint64_t half = ceiling / 2;
	uint64_t delay = half + (uint64_t)rnd % (ceiling - half + 1);

	/* Retry-After is capped at a day so a hostile value cannot park sync. */
	uint64_t ra = retry_after_s > 86400 ? 86400 : retry_after_s;
	if (ra * 1000 > delay)
		delay = ra * 1000;
	return (unsigned)delay;
}
