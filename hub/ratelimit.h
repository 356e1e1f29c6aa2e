/*
 * ratelimit.h — at most N attempts a minute per client address (enrolment
 * codes are short enough to be guessed by a fast enough client).
 */
#ifndef TALLY_SYNC_HUB_RATELIMIT_H
#define TALLY_SYNC_HUB_RATELIMIT_H

#include <pthread.h>

#define RATELIMIT_MAX     5
#define RATELIMIT_WINDOW  60000 /* ms */
#define RATELIMIT_ENTRIES 256

struct ratelimit {
	pthread_mutex_t mu;
	struct {
		char addr[64];
		long long at[RATELIMIT_MAX]; /* ms of the latest attempts, a ring */
		int next;
		long long used; /* for evicting the least recently seen address */
	} slot[RATELIMIT_ENTRIES];
};

void ratelimit_init(struct ratelimit *rl);
/* Free the members of rl (the caller owns rl itself). */
void ratelimit_release(struct ratelimit *rl);

/* Count an attempt from addr at now_ms: 0 when it may go on, else the
 * seconds to wait (the attempt is then not counted). */
int ratelimit_hit(struct ratelimit *rl, const char *addr, long long now_ms);

#endif
