/*
 * store-internal.h — what the store's own files share; not for other modules.
 */
#ifndef TALLY_DB_STORE_INTERNAL_H
#define TALLY_DB_STORE_INTERNAL_H

#include "db/store.h"

#include <sqlite3.h>
#include <string.h>

struct store {
	sqlite3 *db;
	char *path;
	char db_id[37];
	json_t *unsure; /* the scan whose outcome was not known (outcome.c), or NULL */
	enum store_outcome last_outcome;
	char notice[TALLY_ERR_MSG_MAX]; /* store_notice(), or "" */
	char boot_id[37];               /* this boot's, read once; "" before */
};

/* Map a SQLite failure to a plain message and a sysexits status (sqlite-error.c).
 * `what` says what was being done, e.g. "recording the scan". */
int store_fail(struct tally_err *e, struct store *s, int rc, const char *what);
/* The same with SQLite's own words given (NULL: the connection's last). */
int store_fail_detail(struct tally_err *e, struct store *s, int rc, const char *what,
                      const char *detail);
/* One step of a statement that returns at most one row, tried once more
 * after a read error (a transient one must not become "not found"). */
int store_step_once_more(sqlite3_stmt *st);

/* After a failed commit (outcome.c): find out whether the record with this
 * uuid is in the store, saying which; 0 when it is (seq filled). */
int outcome_after_failed_commit(struct store *s, const char uuid[37], const struct record_in *in,
                                const char *device_time, int rc, int64_t *seq, struct tally_err *e);
/* On open: resolve a scan left unsure by an earlier process (outcome.c). */
void outcome_on_open(struct store *s);
/* Before an append: 1 when `in` repeats the unsure scan and that record is
 * there (seq, uuid filled); 0 to append normally (outcome.c). */
int outcome_rescan(struct store *s, const struct record_in *in, int64_t *seq, char uuid[37]);

/* The space kept for marking and checkpointing on a full disk (space.c). */
#define STORE_RESERVE_BYTES   (512 * 1024)
#define STORE_WAL_LIMIT_BYTES (4 * 1024 * 1024)
/* On open: checkpoint a large log, make the reserve when there is room. */
void space_on_open(struct store *s);
/* Give the reserve back to the disk; 1 when there was one. */
int space_release(struct store *s);

/* Close and open the connection again (store.c): what a new process would
 * see, without what this connection forgot after a failed commit. */
int store_reconnect(struct store *s);

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
	" batch, expiry, serial, data, state, reason, hub_offset_ms, boot_id, mono_ms"
void read_row(sqlite3_stmt *st, struct record *r);

#endif
