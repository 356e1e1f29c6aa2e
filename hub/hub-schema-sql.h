/*
 * hub-schema-sql.h — the hub's DDL that SQLite and PostgreSQL take word for
 * word, written once: hub-db.c's migrations (SQLite) and hub-schema-pg.c
 * (PostgreSQL) both use these.  What the two engines say differently (a
 * table's integer types and row ids, an index on a JSON field, a trigger)
 * each file says its own way, and test-hub-schema-pg compares the result.
 *
 * Each is one statement without its ';'.
 */
#ifndef TALLY_HUB_HUB_SCHEMA_SQL_H
#define TALLY_HUB_HUB_SCHEMA_SQL_H

/* version 1 */
#define HUB_SQL_META "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
#define HUB_SQL_EVENT_PLACE                                                                   \
	"CREATE INDEX event_place ON event(location_id, article_id, placed_time, device_id, " \
	"seq)"
#define HUB_SQL_EVENT_SESSION "CREATE INDEX event_session ON event(session)"
#define HUB_SQL_EVENT_KIND    "CREATE INDEX event_kind ON event(kind, placed_time)"

/* version 5 */
#define HUB_SQL_CHANGE_DEVICE \
	"CREATE INDEX change_device ON change(device_id, cursor) WHERE device_id IS NOT NULL"
#define HUB_SQL_CHANGE_LOC "CREATE INDEX change_loc ON change(loc)"

#endif
