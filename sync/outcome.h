/*
 * outcome.h — what a failed exchange with the hub means for the user, as a
 * struct tally_err (docs/protocol.md, "Outcomes on the client"):
 *   75 EX_TEMPFAIL  network, 5xx, 429, 400, malformed 2xx: retry later
 *   77 EX_NOPERM    401 (enrol again), 409 (not the enrolled store)
 *   69 EX_UNAVAILABLE  certificate or pin not trusted
 *   76 EX_PROTOCOL  404, 405, 415 and other answers a client cannot fix
 */
#ifndef TALLY_SYNC_OUTCOME_H
#define TALLY_SYNC_OUTCOME_H

#include "common/err.h"
#include "sync/http.h"

/* Fill e from a response that is not the success `what` expected ("sending
 * records", "fetching master data"); returns e->status. */
int outcome_fail(const struct http_result *r, const char *what, struct tally_err *e);

/* A 2xx whose body is not what the protocol says: retry later. */
int outcome_malformed(const char *what, const char *detail, struct tally_err *e);

#endif
