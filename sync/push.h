/*
 * push.h — POST /v1/events: every pending record, oldest first, in batches
 * bounded by count and bytes; each response's results marked in one
 * transaction.
 */
#ifndef TALLY_SYNC_PUSH_H
#define TALLY_SYNC_PUSH_H

#include "common/err.h"

#include <stdint.h>

struct store;
struct http;
struct sync_conf;

struct push_stats {
	int64_t sent;         /* accepted or duplicate */
	int64_t rejected;     /* quarantined with the hub's reason */
	unsigned retry_after; /* the hub's Retry-After on the failure, seconds */
	int have_offset;
	int64_t clock_offset_ms; /* hub clock − ours, from the last server_time */
	char said[400];          /* a restored store's new identity, or "" */
};

/* Push until nothing is pending.  0, or the outcome status with e set
 * (records not answered stay pending). */
int push_run(struct store *s, struct http *h, const struct sync_conf *c, struct push_stats *st,
             struct tally_err *e);

#endif
