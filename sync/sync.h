/*
 * sync.h — one sync round with the hub the store was enrolled with: push
 * every pending record, then pull master data (push before pull), then
 * remember when and the clock offset.
 */
#ifndef TALLY_SYNC_SYNC_H
#define TALLY_SYNC_SYNC_H

#include "common/err.h"

#include <stdint.h>

struct store;
struct http;
struct sync_conf;

struct sync_outcome {
	int64_t sent, rejected, pulled;
	unsigned retry_after_s; /* the hub's Retry-After, when it sent one */
	char said[400];         /* what happened to the store's identity, or "" */
};

/* A sync session: the hub's URL and token are read from the store and its
 * token file; the HTTP handle is kept from round to round. */
struct sync_session;
struct sync_session *sync_session_new(struct store *s, const struct sync_conf *c);
void sync_session_free(struct sync_session *ss);

/* One round.  0, or an outcome status (75 retry, 77, 69, ...) with e set. */
int sync_round(struct sync_session *ss, struct sync_outcome *out, struct tally_err *e);

/* Bytes on the wire so far (0 before the first round). */
void sync_bytes(const struct sync_session *ss, uint64_t *up, uint64_t *down);

#endif
