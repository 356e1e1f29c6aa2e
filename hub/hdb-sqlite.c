/*
 * hdb-sqlite.c — the storage interface's SQLite driver: one file, WAL,
 * synchronous=FULL (a record is acknowledged to a handheld only once it is
 * on disk), foreign keys on, a busy timeout.  Every verb forwards to
 * SQLite; result codes are its primary codes (hdb.h uses the same
 * numbers), so what the hub said about a failure before stays true.
 */
#include "hub/hdb-driver.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#define SQLITE_BUSY_TIMEOUT_MS 5000

struct lite {
	struct hdb base;
	sqlite3 *db;
};

struct lite_stmt {
	struct hdb_stmt base;
	sqlite3_stmt *st;
};

static const struct hdb_ops lite_ops;

static sqlite3 *raw(struct hdb *db)
{
	return ((struct lite *)db)->db;
}
static sqlite3_stmt *rst(struct hdb_stmt *st)
{
	return ((struct lite_stmt *)st)->st;
}

/* The primary code: the extended ones say more than the hub acts on. */
static int code(int rc)
{
	return rc & 0xff;
}

static void lite_close(struct hdb *db)
{
	sqlite3_close(raw(db));
	free(db);
}

static const char *lite_errmsg(struct hdb *db)
{
	return sqlite3_errmsg(raw(db));
}
static int lite_errcode(struct hdb *db)
{
	return code(sqlite3_errcode(raw(db)));
}

static int lite_exec(struct hdb *db, const char *sql)
{
	return code(sqlite3_exec(raw(db), sql, NULL, NULL, NULL));
}

/* The write lock at once: a transaction that reads and then writes would
 * otherwise fail with SQLITE_BUSY at its first write, past the busy
 * handler's help. */
static int lite_begin(struct hdb *db)
{
	return lite_exec(db, "BEGIN IMMEDIATE");
}
static int lite_begin_read(struct hdb *db)
{
	return lite_exec(db, "BEGIN");
}
static int lite_commit(struct hdb *db)
{
	return lite_exec(db, "COMMIT");
}

static void lite_rollback(struct hdb *db)
{
	if (!sqlite3_get_autocommit(raw(db)))
		sqlite3_exec(raw(db), "ROLLBACK", NULL, NULL, NULL);
}

static int lite_autocommit(struct hdb *db)
{
	return sqlite3_get_autocommit(raw(db));
}

/* One writer at a time is SQLite's own rule: a write transaction holds
 * every lock another could ask for. */
static int lite_lock(struct hdb *db, int64_t key, int shared)
{
	(void)db;
	(void)key;
	(void)shared;
	return HDB_OK;
}

static int lite_changes(struct hdb *db)
{
	return sqlite3_changes(raw(db));
}

static int lite_prepare(struct hdb *db, const char *sql, struct hdb_stmt **out)
{
	struct lite_stmt *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return HDB_NOMEM;
	int rc = sqlite3_prepare_v2(raw(db), sql, -1, &s->st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(s->st);
		free(s);
		return code(rc);
	}
	s->base.ops = &lite_ops;
	*out = &s->base;
	return HDB_OK;
}

static int lite_step(struct hdb_stmt *st)
{
	return code(sqlite3_step(rst(st)));
}
static int lite_reset(struct hdb_stmt *st)
{
	return code(sqlite3_reset(rst(st)));
}
static int lite_clear(struct hdb_stmt *st)
{
	return code(sqlite3_clear_bindings(rst(st)));
}

static void lite_finalize(struct hdb_stmt *st)
{
	sqlite3_finalize(rst(st));
	free(st);
}

static int lite_index(struct hdb_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(rst(st), name);
}

static int lite_bind_text(struct hdb_stmt *st, int i, const char *text, int n, int owned)
{
	if (text == NULL)
		return code(sqlite3_bind_null(rst(st), i));
	return code(sqlite3_bind_text(rst(st), i, text, n, owned ? free : SQLITE_TRANSIENT));
}

static int lite_bind_int64(struct hdb_stmt *st, int i, int64_t v)
{
	return code(sqlite3_bind_int64(rst(st), i, v));
}

static int lite_bind_double(struct hdb_stmt *st, int i, double v)
{
	return code(sqlite3_bind_double(rst(st), i, v));
}

static int lite_bind_null(struct hdb_stmt *st, int i)
{
	return code(sqlite3_bind_null(rst(st), i));
}
static int lite_column_count(struct hdb_stmt *st)
{
	return sqlite3_column_count(rst(st));
}
static int lite_column_type(struct hdb_stmt *st, int i)
{
	return sqlite3_column_type(rst(st), i);
}

static const char *lite_column_text(struct hdb_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(rst(st), i);
}

static int64_t lite_column_int64(struct hdb_stmt *st, int i)
{
	return sqlite3_column_int64(rst(st), i);
}

static double lite_column_double(struct hdb_stmt *st, int i)
{
	return sqlite3_column_double(rst(st), i);
}

static const struct hdb_ops lite_ops = {
	.engine = HDB_SQLITE,
	.close = lite_close,
	.errmsg = lite_errmsg,
	.errcode = lite_errcode,
	.exec = lite_exec,
	.begin = lite_begin,
	.begin_read = lite_begin_read,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.autocommit = lite_autocommit,
	.lock = lite_lock,
	.changes = lite_changes,
	.prepare = lite_prepare,
	.step = lite_step,
	.reset = lite_reset,
	.clear_bindings = lite_clear,
	.finalize = lite_finalize,
	.parameter_index = lite_index,
	.bind_text = lite_bind_text,
	.bind_int64 = lite_bind_int64,
	.bind_double = lite_bind_double,
	.bind_null = lite_bind_null,
	.column_count = lite_column_count,
	.column_type = lite_column_type,
	.column_text = lite_column_text,
	.column_int64 = lite_column_int64,
	.column_double = lite_column_double,
};

struct sqlite3 *hdb_sqlite_raw(struct hdb *db)
{
	return raw(db);
}

int hdb_sqlite_open(const char *path, int create, struct hdb **out)
{
	struct lite *l = calloc(1, sizeof(*l));
	if (l == NULL)
		return HDB_NOMEM;
	l->base.ops = &lite_ops;
	*out = &l->base;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	mode_t old = umask(077); /* it holds token hashes and who scanned what */
	int rc = sqlite3_open_v2(path, &l->db, flags, NULL);
	umask(old);
	if (rc != SQLITE_OK)
		return code(rc);
	sqlite3_extended_result_codes(l->db, 1);
	sqlite3_busy_timeout(l->db, SQLITE_BUSY_TIMEOUT_MS);
	if ((rc = lite_exec(*out, "PRAGMA journal_mode=WAL")) != HDB_OK ||
	    (rc = lite_exec(*out, "PRAGMA synchronous=FULL")) != HDB_OK ||
	    (rc = lite_exec(*out, "PRAGMA foreign_keys=ON")) != HDB_OK)
		return rc;
	return HDB_OK;
}
