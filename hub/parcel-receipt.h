/*
 * parcel-receipt.h — the hub tells every handheld which parcels were
 * received: as receive records arrive (and voids of them), each parcel's
 * first standing receive — when (placed time, UTC), by whom, in which
 * session — is kept in the master table parcel_receipt, with its change,
 * bound to the delivery's location.  A handheld that pulls it says
 * "received before (when, by whom)" for a parcel received on another
 * handheld, as it does for its own (db/parcel-records.c).  A parcel whose
 * every receive was voided is deleted from the table again.
 */
#ifndef TALLY_HUB_PARCEL_RECEIPT_H
#define TALLY_HUB_PARCEL_RECEIPT_H

#include "common/err.h"

#include "hub/hdb.h"
#include <stdint.h>

/* Bring parcel_receipt up to date for the parcels the events with
 * id >= first_event_id name (receives, and voids of receives), inside the
 * caller's transaction. */
int parcel_receipt_after_ingest(struct hdb *db, int64_t first_event_id, struct tally_err *e);

#endif
