/*
 * account-limit.h — sign-in attempts per client address: at most
 * ACCOUNT_LIMIT_MAX in ACCOUNT_LIMIT_WINDOW_S, whichever login they try
 * (the lock-out in account.h guards each login; this guards against one
 * address trying many).
 */
#ifndef TALLY_HUB_ACCOUNT_LIMIT_H
#define TALLY_HUB_ACCOUNT_LIMIT_H

#include <pthread.h>

#define ACCOUNT_LIMIT_MAX      10
#define ACCOUNT_LIMIT_WINDOW_S 60
#define ACCOUNT_LIMIT_SLOTS    256

struct account_limit {
	pthread_mutex_t mu;
	struct {
		char addr[64];
		long long window_start; /* ms */
		int count;
	} slot[ACCOUNT_LIMIT_SLOTS];
};

void account_limit_init(struct account_limit *l);
void account_limit_destroy(struct account_limit *l);

/* Count an attempt from addr at now_ms: 0 when it may go on, else the
 * seconds until it may. */
int account_limit_hit(struct account_limit *l, const char *addr, long long now_ms);

#endif
