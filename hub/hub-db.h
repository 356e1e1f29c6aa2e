/*
 * hub-db.h — the hub's database (SQLite or PostgreSQL, hub/hdb.h): master data with its change log,
 * enrolled devices, and every event the handhelds pushed.
 *
 * Tables (hub-db.c holds the DDL and says why for each):
 *   article, code, location, basis, plan, plan_line, plan_place, delivery,
 *   delivery_line, user, stock
 *             the master data, its columns written once in
 *             core/master-tables.c, the handheld's the same;
 *             `stock` is written by reconciliation (import takes only
 *             opening balances).
 *   change    cursor INTEGER PRIMARY KEY AUTOINCREMENT, tbl, key, op
 *             ('upsert'|'delete'), row (JSON text), at; UNIQUE(tbl, key):
 *             the latest change of each row, which is what GET /v1/changes
 *             pages through; device_id (NULL: for every device whose scope
 *             holds the row; else one device's own change after its scope
 *             changed, key prefixed with the device id), loc (the location
 *             the row is bound to, NULL: region-wide), was (JSON array of
 *             the locations it was bound to before; see hub/scope.h)
 *   device    id, name, hw_id, db_id, token_hash (SHA-256 hex), enrolled_at,
 *             revoked, last_seen, clock_offset_ms, scope_id (a location;
 *             NULL: the whole region)
 *   enroll_code code_hash (SHA-256 hex), name, created_at, expires_at,
 *             used_at, device_id, scope_id
 *   event     id (ingest order), device_id, db_id, seq, uuid UNIQUE, kind,
 *             device_time, placed_time (device_time + the device's clock
 *             offset), received_at, session, user, location_id, article_id,
 *             code, qty, batch, expiry, serial, data (JSON text), body (the
 *             event as received, canonical JSON: compared on a resend),
 *             flag (NULL | 'unknown-location' | 'unknown-article' |
 *             'out-of-scope');
 *             UNIQUE(device_id, db_id, seq)
 *   onhand    location_id, article_id, qty, last_count, counted_at,
 *             updated_at: reconciliation's result per location × article
 *   meta      key, value
 *   account, web_session, audit
 *             the web front's accounts (hub/account.h), their sessions (a
 *             SHA-256 of the cookie) and the audit log of every change
 */
#ifndef TALLY_SYNC_HUB_HUB_DB_H
#define TALLY_SYNC_HUB_HUB_DB_H

#include "common/err.h"

#include "hub/hdb.h"

#define HUB_SCHEMA_VERSION 11
/* The version the first hub databases on PostgreSQL were made at: from it
 * on, every step runs on both engines (hub-db.c). */
#define HUB_SCHEMA_PG_FIRST 11

/* Open the hub database `where`: a SQLite file (created when `create`)
 * or a PostgreSQL connection string (postgresql://…); its schema made or
 * migrated.  NULL with e set. */
struct hdb *hub_db_open(const char *where, int create, struct tally_err *e);

/* A storage failure as a plain sentence and a sysexits status. */
int hub_db_fail(struct tally_err *e, struct hdb *db, int rc, const char *what);

/* Run SQL without results. */
int hub_db_exec(struct hdb *db, const char *sql, struct tally_err *e);

/* A write transaction (hdb_begin), a read snapshot (hdb_begin_read),
 * and its commit; 0 or a status with e set. */
int hub_db_begin(struct hdb *db, struct tally_err *e);
int hub_db_begin_read(struct hdb *db, struct tally_err *e);
int hub_db_commit(struct hdb *db, struct tally_err *e);

/* The default: $TALLY_HUB_DB, else /var/lib/tally-hub/hub.db. */
const char *hub_db_default_path(void);

/* Now, UTC, "2026-11-23T08:15:02.123Z"; `ms_offset` added. */
void hub_time_now(char out[32], long long ms_offset);

#endif
