/*
 * hub-meta.h — the hub's settings kept in its database (table meta), such
 * as the public URL handed to handhelds in enrolment codes.
 */
#ifndef TALLY_SYNC_HUB_HUB_META_H
#define TALLY_SYNC_HUB_HUB_META_H

#include "common/err.h"

#include <sqlite3.h>

/* The value of key as a malloc'd string, or NULL when unset or on failure
 * (e set only on failure). */
char *hub_meta_get(sqlite3 *db, const char *key, struct tally_err *e);
int hub_meta_set(sqlite3 *db, const char *key, const char *value, struct tally_err *e);

#endif
