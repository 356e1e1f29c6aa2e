/*
 * hdb.h — the hub's storage interface: one connection to the hub's
 * database and the statements run on it, whatever the engine behind.
 *
 * Two drivers: SQLite (hub/hdb-sqlite.c; `--db FILE`, the default: one
 * file, no server) and PostgreSQL (hub/hdb-pg.c, libpq; `--db
 * postgresql://…` or `postgres://…`).  The verbs are the small part of
 * SQLite's API the hub used, so the hub's code reads as it did; what they
 * promise on both engines:
 *
 *   - SQL is written once, with `?`, `?N` or `:name` parameters; the
 *     PostgreSQL driver numbers them `$n` when it prepares.  Where the two
 *     dialects differ the hub writes SQL both take (ON CONFLICT … DO
 *     UPDATE, RETURNING, CAST, COALESCE); the few SQLite functions the
 *     hub's SQL uses that PostgreSQL lacks (json_extract, json_each,
 *     group_concat) are defined in the PostgreSQL schema under the same
 *     names (hub/hub-schema-pg.c), so no statement needs two spellings.
 *   - Results are read row by row with hdb_step(); a column is read as
 *     text, integer or double whatever the engine stored it as.
 *   - A bound text is copied (hdb_bind_text) or taken over
 *     (hdb_bind_text_owned: freed with free() when no longer needed).
 *   - Result codes are SQLite's primary codes (so the SQLite driver only
 *     forwards), plus HDB_UNAVAILABLE: the database could not be reached
 *     (a PostgreSQL server gone or a standby that cannot write); nothing of
 *     the transaction was committed and the request is worth retrying;
 *     and HDB_CONFIG: hdb_open() was given a connection string that no
 *     retry will make work (hdb_errmsg() says what to correct).
 *   - hdb_begin() starts a write transaction: on SQLite it takes the
 *     write lock at once (BEGIN IMMEDIATE); on PostgreSQL it is READ
 *     COMMITTED, and what must not interleave takes its own lock
 *     (hdb_lock()).
 *
 * A connection is used by one thread at a time.
 */
#ifndef TALLY_HUB_STORE_H
#define TALLY_HUB_STORE_H

#include <stddef.h>
#include <stdint.h>

struct hdb;
struct hdb_stmt;

/* Result codes: SQLite's primary codes, so its driver forwards them. */
enum {
	HDB_OK = 0,
	HDB_ERROR = 1,
	HDB_PERM = 3,
	HDB_BUSY = 5,
	HDB_LOCKED = 6,
	HDB_NOMEM = 7,
	HDB_READONLY = 8,
	HDB_IOERR = 10,
	HDB_CORRUPT = 11,
	HDB_NOTFOUND = 12,
	HDB_FULL = 13,
	HDB_CANTOPEN = 14,
	HDB_CONSTRAINT = 19,
	HDB_MISUSE = 21,
	HDB_RANGE = 25,
	HDB_NOTADB = 26,
	HDB_ROW = 100,
	HDB_DONE = 101,
	HDB_UNAVAILABLE = 200, /* the database server cannot be reached now */
	HDB_CONFIG = 201,      /* the connection string is wrong: unreadable, or
	                        * naming a database, role or password the server
	                        * does not have (hdb_errmsg says what to correct) */
};

/* Column types, as SQLite numbers them. */
enum { HDB_INTEGER = 1, HDB_FLOAT = 2, HDB_TEXT = 3, HDB_BLOB = 4, HDB_NULL = 5 };

enum hdb_engine { HDB_SQLITE, HDB_POSTGRES };

/* 1 when `where` names a PostgreSQL database (postgresql:// or
 * postgres://), 0 when it is a file for SQLite. */
int hdb_is_postgres(const char *where);

/* `where` fit to print: a connection string's password left out (as
 * "user:***@" or "password=***"); a file name as it is. */
void hdb_display_name(const char *where, char *out, size_t size);

/* Open a connection: a SQLite file (created when `create`, mode 0600) or
 * a PostgreSQL connection string.  HDB_OK with *out set, else a code;
 * *out may then still be set for hdb_errmsg(), and must be closed. */
int hdb_open(const char *where, int create, struct hdb **out);
void hdb_close(struct hdb *db);
enum hdb_engine hdb_engine(const struct hdb *db);

/* The last failure's message on this connection (never a password). */
const char *hdb_errmsg(struct hdb *db);
int hdb_errcode(struct hdb *db);

/* Run SQL without results, one or more statements, no parameters. */
int hdb_exec(struct hdb *db, const char *sql);

/* A write transaction, its end, and its undoing (which never fails in a
 * way the caller could act on: a lost connection rolls back too). */
int hdb_begin(struct hdb *db);
/* A read transaction: one snapshot for several statements. */
int hdb_begin_read(struct hdb *db);
int hdb_commit(struct hdb *db);
void hdb_rollback(struct hdb *db);
/* 1 outside a transaction. */
int hdb_autocommit(struct hdb *db);

/* Within a transaction, wait for the lock named `key` until it ends.
 * SQLite's write transaction already excludes every other writer, so
 * there it is nothing; on PostgreSQL it is pg_advisory_xact_lock(key). */
int hdb_lock(struct hdb *db, int64_t key);
/* The same lock shared: any number of transactions hold it shared at
 * once, and none while one holds it (hdb_lock); on PostgreSQL
 * pg_advisory_xact_lock_shared(key).  Whoever takes several locks takes
 * them in one order (hub/place-lock.h says which), so two transactions
 * never wait for each other. */
int hdb_lock_shared(struct hdb *db, int64_t key);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int hdb_changes(struct hdb *db);

int hdb_prepare(struct hdb *db, const char *sql, struct hdb_stmt **out);
int hdb_step(struct hdb_stmt *st);
int hdb_reset(struct hdb_stmt *st);
int hdb_clear_bindings(struct hdb_stmt *st);
void hdb_finalize(struct hdb_stmt *st);

/* Parameters count from 1; a `:name` parameter's number, 0 if none. */
int hdb_bind_parameter_index(struct hdb_stmt *st, const char *name);
int hdb_bind_text(struct hdb_stmt *st, int i, const char *text);
int hdb_bind_textn(struct hdb_stmt *st, int i, const char *text, int n);
int hdb_bind_text_owned(struct hdb_stmt *st, int i, char *text);
int hdb_bind_int(struct hdb_stmt *st, int i, int v);
int hdb_bind_int64(struct hdb_stmt *st, int i, int64_t v);
int hdb_bind_double(struct hdb_stmt *st, int i, double v);
int hdb_bind_null(struct hdb_stmt *st, int i);

/* The current row's columns, counting from 0; text is NULL for NULL and
 * valid until the next step, reset or finalize. */
int hdb_column_count(struct hdb_stmt *st);
int hdb_column_type(struct hdb_stmt *st, int i);
const char *hdb_column_text(struct hdb_stmt *st, int i);
int hdb_column_int(struct hdb_stmt *st, int i);
int64_t hdb_column_int64(struct hdb_stmt *st, int i);
double hdb_column_double(struct hdb_stmt *st, int i);

/* The SQLite handle behind a SQLite connection (for its online backup),
 * NULL on any other engine. */
struct sqlite3 *hdb_sqlite_handle(struct hdb *db);

#endif
