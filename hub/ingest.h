/*
 * ingest.h — taking one request's events into the hub, idempotently.
 *
 * A plain function over the database, so it is tested without HTTP.
 */
#ifndef TALLY_SYNC_HUB_INGEST_H
#define TALLY_SYNC_HUB_INGEST_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stdint.h>

/*
 * Ingest `events` (the request's array) from device `device_id` with store
 * `db_id`, sent when the device's clock said `device_time` (may be NULL:
 * the offset then counts as 0).  One transaction: every event is accepted,
 * found a duplicate or rejected, reconciliation runs, and only then is it
 * committed.  Returns the "results" array of POST /v1/events (one object per
 * event, in order), or NULL with e set when nothing was committed.
 */
json_t *ingest_events(struct hdb *db, int64_t device_id, const char *db_id, const char *device_time,
                      json_t *events, struct tally_err *e);

/* The sender's clocks when it sent the request: its wall clock
 * (device_time, may be NULL), and its boot with the time since it (boot_id
 * NULL when it sent none). */
struct sender_clock {
	const char *device_time;
	const char *boot_id;
	long long mono_ms;
};

/*
 * The same, placing each event in time by the best the event carries:
 *  1. made in the boot the request was sent from: the hub's clock now less
 *     how long ago it was made (mono_ms then and now) — no wall clock at all;
 *  2. else the hub's offset the device knew when it made it (hub_offset_ms);
 *  3. else its device_time with this request's offset.
 * Then never later than now (when the hub received it), and never before
 * the device's previous record of the same store (seq order).
 */
json_t *ingest_events_at(struct hdb *db, int64_t device_id, const char *db_id,
                         const struct sender_clock *clock, json_t *events, struct tally_err *e);

/* The highest seq the hub holds from this device's store db_id, and that
 * record's UUID (0 and "" when none): what tells a restored or copied
 * store that it is behind.  0, or the SQLite failure code. */
int ingest_highest(struct hdb *db, int64_t device_id, const char *db_id, int64_t *seq,
                   char uuid[37]);

#endif
