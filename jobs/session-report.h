/*
 * report.h — what happened in one session (a round, a receipt, a drill),
 * read back from the records: who, where, when, how many of each kind of
 * record, and the session's own summary (refill order, deviations, drill
 * report) from its session-end record.
 */
#ifndef TALLY_CLIENT_REPORT_H
#define TALLY_CLIENT_REPORT_H

#include "common/err.h"

#include <jansson.h>

struct store;

/* The report of session `which` (its UUID, or "last") as JSON:
 * {"session","job","user","location","started","ended","counts":{kind:n},
 *  "summary":{...session-end data...}|null, "records":[...]}.
 * EX_DATAERR when there is no such session. */
int report_session(struct store *s, const char *which, json_t **out, struct tally_err *e);

#endif
