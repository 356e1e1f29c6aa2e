/*
 * pull.h — GET /v1/changes from the stored cursor until the hub says there
 * is no more; each page applied together with its cursor in one transaction,
 * so an interrupted pull continues where it stopped.
 */
#ifndef TALLY_SYNC_PULL_H
#define TALLY_SYNC_PULL_H

#include "common/err.h"

#include <stdint.h>

struct store;
struct http;
struct sync_conf;

struct pull_stats {
	int64_t changes;      /* rows applied */
	unsigned retry_after; /* the hub's Retry-After on the failure, seconds */
};

int pull_run(struct store *s, struct http *h, const struct sync_conf *c, struct pull_stats *st,
             struct tally_err *e);

#endif
