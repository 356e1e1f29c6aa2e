/*
 * hub-db.c — the hub's database: opening it and its schema.
 *
 * The hub is the one place where every handheld's records meet, so it is as
 * careful as the handheld: WAL (the HTTP threads read while one writes),
 * synchronous=FULL (a record is acknowledged to a handheld only once it is
 * on disk: the handheld then forgets it may ever resend it).
 */
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const migrations[] = {
	/* 0 → 1 */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	/* Master data: the handheld's columns (db/store.h), so a change row
	 * is the same on both sides. */
	"CREATE TABLE article(id TEXT PRIMARY KEY, name TEXT NOT NULL, form TEXT, unit TEXT,"
	" antidote INTEGER NOT NULL DEFAULT 0, sterile INTEGER NOT NULL DEFAULT 0,"
	" needs_batch INTEGER NOT NULL DEFAULT 0, min_shelf_days INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE code(code TEXT PRIMARY KEY, article_id TEXT NOT NULL,"
	" multiplier INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE location(id TEXT PRIMARY KEY, code TEXT, name TEXT NOT NULL,"
	" kind TEXT NOT NULL, parent_id TEXT, hospital_id TEXT);"
	"CREATE TABLE basis(location_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" min INTEGER NOT NULL, max INTEGER NOT NULL,"
	" policy TEXT NOT NULL DEFAULT 'top-up-at-min', shelf_order INTEGER NOT NULL DEFAULT 0,"
	" short_days INTEGER NOT NULL DEFAULT 90, PRIMARY KEY(location_id, article_id));"
	"CREATE TABLE plan(id TEXT PRIMARY KEY, name TEXT NOT NULL, patients INTEGER NOT NULL,"
	" days INTEGER NOT NULL);"
	"CREATE TABLE plan_line(plan_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" dose REAL NOT NULL, strength REAL NOT NULL, units_per_pack REAL NOT NULL,"
	" PRIMARY KEY(plan_id, article_id));"
	"CREATE TABLE plan_place(plan_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" location_id TEXT NOT NULL, min REAL NOT NULL DEFAULT 0, max REAL NOT NULL DEFAULT 0,"
	" PRIMARY KEY(plan_id, article_id, location_id));"
	"CREATE TABLE delivery(sscc TEXT PRIMARY KEY, id TEXT, supplier TEXT,"
	" expected_date TEXT, location_id TEXT);"
	"CREATE TABLE delivery_line(sscc TEXT NOT NULL, article_id TEXT NOT NULL,"
	" batch TEXT NOT NULL DEFAULT '', gtin TEXT, expiry TEXT, qty INTEGER NOT NULL,"
	" PRIMARY KEY(sscc, article_id, batch));"
	"CREATE TABLE user(badge TEXT PRIMARY KEY, name TEXT NOT NULL, pin_hash TEXT,"
	" roles TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE stock(location_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" qty INTEGER NOT NULL, counted_at TEXT, PRIMARY KEY(location_id, article_id));"
	/* The latest change of each row.  INSERT OR REPLACE on (tbl, key)
	 * moves a changed row to a new, higher cursor; AUTOINCREMENT never
	 * hands out a cursor twice, even after the newest row is replaced. */
	"CREATE TABLE change(cursor INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL,"
	" key TEXT NOT NULL, op TEXT NOT NULL, row TEXT NOT NULL, at TEXT NOT NULL,"
	" UNIQUE(tbl, key));"
	"CREATE TABLE device(id INTEGER PRIMARY KEY, name TEXT NOT NULL, hw_id TEXT,"
	" db_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, enrolled_at TEXT NOT NULL,"
	" revoked INTEGER NOT NULL DEFAULT 0, last_seen TEXT, clock_offset_ms INTEGER);"
	"CREATE TABLE enroll_code(code_hash TEXT PRIMARY KEY, name TEXT NOT NULL,"
	" created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, device_id INTEGER);"
	"CREATE TABLE event(id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL,"
	" db_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL, device_time TEXT NOT NULL, placed_time TEXT NOT NULL,"
	" received_at TEXT NOT NULL, session TEXT, user TEXT, location_id TEXT,"
	" article_id TEXT, code TEXT, qty INTEGER NOT NULL DEFAULT 0, batch TEXT,"
	" expiry TEXT, serial TEXT, data TEXT NOT NULL DEFAULT '{}', body TEXT NOT NULL,"
	" flag TEXT, UNIQUE(device_id, db_id, seq));"
	/* Reconciliation walks one location × article in time order. */
	"CREATE INDEX event_place ON event(location_id, article_id, placed_time, device_id, seq);"
	/* ... and the loans into a place, which event_place files under the
	 * lending ward. */
	"CREATE INDEX event_transfer_to ON event(json_extract(data, '$.to'), article_id,"
	" placed_time)"
	" WHERE kind = 'transfer';"
	"CREATE INDEX event_session ON event(session);"
	"CREATE INDEX event_kind ON event(kind, placed_time);"
	"CREATE TABLE onhand(location_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" qty INTEGER NOT NULL, last_count INTEGER, counted_at TEXT, updated_at TEXT NOT NULL,"
	" PRIMARY KEY(location_id, article_id));",
	/* 1 → 2: a device's store restored from a backup or copied takes a
	 * new db_id the hub accepts (POST /v1/rebase); the device keeps every
	 * db_id it has had, so a copy still using the old one is not refused. */
	"CREATE TABLE device_store(device_id INTEGER NOT NULL, db_id TEXT NOT NULL,"
	" from_db_id TEXT NOT NULL, device_highest INTEGER NOT NULL,"
	" hub_highest INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY(device_id, db_id));",
};

void hub_time_now(char out[32], long long ms_offset)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long long ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + ms_offset;
	time_t sec = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&sec, &tm);
	char day[24];
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%s.%03dZ", day, (int)(ms % 1000));
}

const char *hub_db_default_path(void)
{
	const char *env = getenv("TALLY_HUB_DB");
	return env != NULL && *env ? env : "/var/lib/tally-hub/hub.db";
}

/* 1 when PRAGMA quick_check finds the file itself damaged. */
static int hub_db_damaged(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int damaged = 0;
	if (db != NULL &&
	    sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		damaged = v != NULL && strcmp(v, "ok") != 0;
	}
	sqlite3_finalize(st);
	return damaged;
}

int hub_db_fail(struct tally_err *e, sqlite3 *db, int rc, const char *what)
{
	const char *detail = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return err_set(e, EX_IOERR,
		               _("%s failed: the disk holding the hub database is full; nothing "
		                 "was committed. Free space and try again."),
		               what);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return err_set(e, EX_CANTCREAT,
		               _("%s failed: cannot write the hub database (%s). Check its "
		                 "directory and permissions."),
		               what, detail);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, EX_TEMPFAIL, _("%s failed: the hub database is busy; try again."),
		               what);
	case SQLITE_NOTADB:
		return err_set(e, EX_DATAERR,
		               _("%s failed: the file is not a hub database (%s): check --db."),
		               what, detail);
	case SQLITE_CORRUPT:
		/* SQLite's word for a page it could not read: damaged only when
		 * quick_check confirms it, else a storage error to retry. */
		if (hub_db_damaged(db))
			return err_set(
			    e, EX_IOERR,
			    _("%s failed: the hub database is damaged (%s). Stop the hub and "
			      "follow \"When the database is damaged\" in the hub guide: it "
			      "keeps every record newer than the last backup."),
			    what, detail);
		return err_set(e, EX_IOERR,
		               _("%s failed: storage error reading the hub database (%s); nothing "
		                 "was committed. Try again; if it repeats, check the disk."),
		               what, detail);
	case SQLITE_IOERR:
		return err_set(e, EX_IOERR,
		               _("%s failed: storage error on the hub database (%s); nothing was "
		                 "committed. Try again; if it repeats, check the disk."),
		               what, detail);
	default:
		return err_set(e, EX_SOFTWARE, _("%s failed: %s"), what, detail);
	}
}

int hub_db_exec(sqlite3 *db, const char *sql, struct tally_err *e)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : hub_db_fail(e, db, rc, _("the hub database"));
}

static int migrate(sqlite3 *db, struct tally_err *e)
{
	if (hub_db_exec(db, "BEGIN IMMEDIATE", e) != 0)
		return e->status;
	sqlite3_stmt *st = NULL;
	int version = -1, rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 0) {
		hub_db_fail(e, db, rc, _("reading the hub database's version"));
		goto fail;
	}
	if (version > HUB_SCHEMA_VERSION) {
		err_set(e, EX_CONFIG,
		        _("the hub database was written by a newer tally-hub (schema %d; this one "
		          "knows %d): upgrade tally-hub"),
		        version, HUB_SCHEMA_VERSION);
		goto fail;
	}
	for (int v = version; v < HUB_SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof(bump), "PRAGMA user_version=%d", v + 1);
		if (hub_db_exec(db, migrations[v], e) != 0 || hub_db_exec(db, bump, e) != 0)
			goto fail;
	}
	if (hub_db_exec(db, "COMMIT", e) == 0)
		return 0;
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return e->status;
}

sqlite3 *hub_db_open(const char *path, int create, struct tally_err *e)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	mode_t old = umask(077); /* it holds token hashes and who scanned what */
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		if (!create && (rc & 0xff) == SQLITE_CANTOPEN)
			err_set(e, EX_NOINPUT,
			        _("no hub database at %s: run 'tally-hub --db %s init' first"),
			        path, path);
		else
			hub_db_fail(e, db, rc, _("opening the hub database"));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, HUB_BUSY_TIMEOUT_MS);
	if (hub_db_exec(db, "PRAGMA journal_mode=WAL", e) != 0 ||
	    hub_db_exec(db, "PRAGMA synchronous=FULL", e) != 0 ||
	    hub_db_exec(db, "PRAGMA foreign_keys=ON", e) != 0 || migrate(db, e) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}
