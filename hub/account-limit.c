/*
 * account-limit.c — sign-in attempts per address, in fixed windows (see
 * account-limit.h).  The table is small and bounded: an address not seen
 * for the longest time gives its slot to a new one.
 */
#include "hub/account-limit.h"

#include <stdio.h>
#include <string.h>

void account_limit_init(struct account_limit *l)
{
	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->mu, NULL);
}

void account_limit_destroy(struct account_limit *l)
{
	pthread_mutex_destroy(&l->mu);
}

int account_limit_hit(struct account_limit *l, const char *addr, long long now_ms)
{
	const long long window = ACCOUNT_LIMIT_WINDOW_S * 1000LL;
	pthread_mutex_lock(&l->mu);
	int at = -1, oldest = 0;
	for (int i = 0; i < ACCOUNT_LIMIT_SLOTS; i++) {
		if (strcmp(l->slot[i].addr, addr) == 0) {
			at = i;
			break;
		}
		if (l->slot[i].window_start < l->slot[oldest].window_start)
			oldest = i;
	}
	if (at < 0) {
		at = oldest;
		memset(&l->slot[at], 0, sizeof(l->slot[at]));
		snprintf(l->slot[at].addr, sizeof(l->slot[at].addr), "%s", addr);
	}
	if (now_ms - l->slot[at].window_start >= window) {
		l->slot[at].window_start = now_ms;
		l->slot[at].count = 0;
	}
	int wait = 0;
	if (l->slot[at].count >= ACCOUNT_LIMIT_MAX)
		wait = (int)((l->slot[at].window_start + window - now_ms + 999) / 1000);
	else
		l->slot[at].count++;
	pthread_mutex_unlock(&l->mu);
	return wait;
}
