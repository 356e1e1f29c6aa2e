/*
 * device-admin.h — the enrolled handhelds as an administrator sees them
 * (name, when enrolled, last sync, records received, revoked) and
 * revoking one: its token stops working at once (the API answers 401), its
 * records stay.  Used by the devices page (web-devices.c) and by
 * `tally-hub devices` and `tally-hub revoke`.
 */
#ifndef TALLY_HUB_DEVICE_ADMIN_H
#define TALLY_HUB_DEVICE_ADMIN_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stdint.h>

/* {"devices":[{id, name, hw_id, enrolled_at, last_seen, revoked (bool),
 * events (records received), last_event, scope_id (null: the whole
 * region)}]}, by name. */
json_t *device_list(struct hdb *db, struct tally_err *e);

/* Revoke device id; EX_NOUSER when there is no such device, or it is
 * revoked already.  Audited with actor and client_addr. */
int device_revoke(struct hdb *db, int64_t id, const char *actor, const char *client_addr,
                  struct tally_err *e);

#endif
