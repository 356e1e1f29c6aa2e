/*
 * store-internal.h — what the store's own files share; not for other modules.
 */
#ifndef TALLY_DB_STORE_INTERNAL_H
#define TALLY_DB_STORE_INTERNAL_H

#include "db/store.h"

#include <sqlite3.h>

struct store {
	sqlite3 *db;
	char *path;
	char db_id[37];
};

/* Map a SQLite failure to a plain message and a sysexits status (sqlite-error.c).
 * `what` says what was being done, e.g. "recording the scan". */
int store_fail(struct tally_err *e, struct store *s, int rc, const char *what);

/* Bring the schema to STORE_SCHEMA_VERSION (schema.c). */
int schema_migrate(struct store *s, struct tally_err *e);

/* A new random UUID v4, as text (records.c). */
int uuid_v4(char out[37]);

/* Column helpers: malloc'd copy of a text column, or NULL. */
char *col_text(sqlite3_stmt *st, int col);

/* Prepare, with the failure mapped; NULL on failure. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct tally_err *e);

/* A record's columns in the order read_row() takes them (records.c). */
#define RECORD_COLUMNS                                                                     \
	"seq, uuid, kind, device_time, session, user, location_id, article_id, code, qty," \
	" batch, expiry, serial, data, state, reason"
void read_row(sqlite3_stmt *st, struct record *r);

#endif
