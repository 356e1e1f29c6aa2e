/*
 * ingest.h — taking one request's events into the hub, idempotently.
 *
 * A plain function over the database, so it is tested without HTTP.
 */
#ifndef TALLY_SYNC_HUB_INGEST_H
#define TALLY_SYNC_HUB_INGEST_H

#include "common/err.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

/*
 * Ingest `events` (the request's array) from device `device_id` with store
 * `db_id`, sent when the device's clock said `device_time` (may be NULL:
 * the offset then counts as 0).  One transaction: every event is accepted,
 * found a duplicate or rejected, reconciliation runs, and only then is it
 * committed.  Returns the "results" array of POST /v1/events (one object per
 * event, in order), or NULL with e set when nothing was committed.
 */
json_t *ingest_events(sqlite3 *db, int64_t device_id, const char *db_id, const char *device_time,
                      json_t *events, struct tally_err *e);

/* The highest seq the hub holds from this device's store db_id, and that
 * record's UUID (0 and "" when none): what tells a restored or copied
 * store that it is behind.  0, or the SQLite failure code. */
int ingest_highest(sqlite3 *db, int64_t device_id, const char *db_id, int64_t *seq,
                   char uuid[37]);

#endif
