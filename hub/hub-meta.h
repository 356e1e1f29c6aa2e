/*
 * hub-meta.h — the hub's settings kept in its database (table meta), such
 * as the public URL handed to handhelds in enrolment codes.
 */
#ifndef TALLY_SYNC_HUB_HUB_META_H
#define TALLY_SYNC_HUB_HUB_META_H

#include "common/err.h"

#include "hub/hdb.h"

/* The value of key as a malloc'd string, or NULL when unset or on failure
 * (e set only on failure). */
char *hub_meta_get(struct hdb *db, const char *key, struct tally_err *e);
int hub_meta_set(struct hdb *db, const char *key, const char *value, struct tally_err *e);

#endif
