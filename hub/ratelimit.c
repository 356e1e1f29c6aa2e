/*
 * ratelimit.c — attempts per address in a sliding minute (see ratelimit.h).
 */
#include "hub/ratelimit.h"

#include <stdio.h>
#include <string.h>

void ratelimit_init(struct ratelimit *rl)
{
	memset(rl, 0, sizeof(*rl));
	pthread_mutex_init(&rl->mu, NULL);
}

void ratelimit_release(struct ratelimit *rl)
{
	pthread_mutex_destroy(&rl->mu);
}

int ratelimit_hit(struct ratelimit *rl, const char *addr, long long now_ms)
{
	pthread_mutex_lock(&rl->mu);
	int found = -1, oldest = 0;
	for (int i = 0; i < RATELIMIT_ENTRIES; i++) {
		if (strcmp(rl->slot[i].addr, addr) == 0) {
			found = i;
			break;
		}
		if (rl->slot[i].used < rl->slot[oldest].used)
			oldest = i;
	}
	if (found < 0) {
		found = oldest;
		memset(&rl->slot[found], 0, sizeof(rl->slot[found]));
		snprintf(rl->slot[found].addr, sizeof(rl->slot[found].addr), "%s", addr);
	}
	int wait = 0;
	/* The ring's next slot holds the oldest of the last N attempts. */
	long long first = rl->slot[found].at[rl->slot[found].next];
	if (first != 0 && now_ms - first < RATELIMIT_WINDOW) {
		wait = (int)((first + RATELIMIT_WINDOW - now_ms + 999) / 1000);
	} else {
		rl->slot[found].at[rl->slot[found].next] = now_ms;
		rl->slot[found].next = (rl->slot[found].next + 1) % RATELIMIT_MAX;
	}
	rl->slot[found].used = now_ms;
	pthread_mutex_unlock(&rl->mu);
	return wait;
}
