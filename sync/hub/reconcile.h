/*
 * reconcile.h — what the hub makes of the records: on-hand per location ×
 * article, recomputed as records arrive.
 *
 * on-hand(location, article) = the last count + receipts, refills and
 * transfers in − consumption, discards and transfers out after it, events
 * placed in time (placed_time, then device, then seq).
 */
#ifndef TALLY_SYNC_HUB_RECONCILE_H
#define TALLY_SYNC_HUB_RECONCILE_H

#include "common/err.h"

#include <sqlite3.h>
#include <stdint.h>

/* Recompute every location × article touched by the events with
 * id >= first_event_id (the ones just ingested), inside the caller's
 * transaction: onhand rows, and the stock master rows (with their change
 * log entries) where the figure changed. */
int reconcile_after_ingest(sqlite3 *db, int64_t first_event_id, struct tally_err *e);

#endif
