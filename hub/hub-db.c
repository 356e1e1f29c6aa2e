/*
 * hub-db.c — the hub's database: opening it (SQLite or PostgreSQL, through
 * hub/hdb.h) and its schema.
 *
 * The hub is the one place where every handheld's records meet, so it is as
 * careful as the handheld: WAL (the HTTP threads read while one writes),
 * synchronous=FULL (a record is acknowledged to a handheld only once it is
 * on disk: the handheld then forgets it may ever resend it).
 *
 * migrations[i] takes the database from version i to i+1 in one
 * transaction.  The master tables are not written here: a step that begins
 * with MASTER_TABLES_AT(r) runs core/'s SQL for master revision r (the same
 * the handheld runs), then its own (see core/master-tables.h).
 *
 * On PostgreSQL a new hub database is made at HUB_SCHEMA_VERSION at once
 * (hub-schema-pg.c): a step added here is added there too, and
 * test-hub-schema-pg fails until the two schemas are the same again.  An
 * existing one is carried forward by these same steps from
 * HUB_SCHEMA_PG_FIRST on, so every step from there is written in SQL both
 * engines take (docs/hub.md, "Writing SQL for both engines"), and
 * test-hub-schema-pg runs each on a PostgreSQL database made at the
 * version before it.
 */
#include "hub/hub-db.h"
#include "hub/hub-schema-pg.h"
#include "hub/hub-schema-sql.h"
#include "core/master-schema.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>

static const char *const migrations[] = {
	/* 0 → 1: master data as core/ says it (the handheld's columns, so a
	 * change row is the same on both sides), then the hub's own tables. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(1)
	/* clang-format on */
	HUB_SQL_META
	";"
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
	" created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, device_id "
	"INTEGER);"
	"CREATE TABLE event(id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL,"
	" db_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL, device_time TEXT NOT NULL, placed_time TEXT NOT NULL,"
	" received_at TEXT NOT NULL, session TEXT, user TEXT, location_id TEXT,"
	" article_id TEXT, code TEXT, qty INTEGER NOT NULL DEFAULT 0, batch TEXT,"
	" expiry TEXT, serial TEXT, data TEXT NOT NULL DEFAULT '{}', body TEXT NOT NULL,"
	" flag TEXT, UNIQUE(device_id, db_id, seq));"
	/* Reconciliation walks one location × article in time order. */
	HUB_SQL_EVENT_PLACE ";"
	/* ... and the loans into a place, which event_place files under the
	 * lending ward. */
	"CREATE INDEX event_transfer_to ON event(json_extract(data, '$.to'), article_id,"
	" placed_time)"
	" WHERE kind = 'transfer';"
	/* (the statements of hub-schema-sql.h are PostgreSQL's too) */
	HUB_SQL_EVENT_SESSION ";" HUB_SQL_EVENT_KIND ";"
	"CREATE TABLE onhand(location_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" qty INTEGER NOT NULL, last_count INTEGER, counted_at TEXT, updated_at TEXT NOT "
	"NULL,"
	" PRIMARY KEY(location_id, article_id));",
	/* 1 → 2: opening balances.  Stock imported for a place the hub has no
	 * on-hand for yet is kept apart as its opening balance, the base of
	 * on-hand until the first count there (reconcile.c).  Reconciliation
	 * writes on-hand before it writes the stock row, so its own stock
	 * rows never land here. */
	"CREATE TABLE opening(location_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" qty INTEGER NOT NULL, at TEXT, PRIMARY KEY(location_id, article_id));"
	"CREATE TRIGGER stock_opening_insert AFTER INSERT ON stock"
	" WHEN NOT EXISTS (SELECT 1 FROM onhand WHERE location_id = NEW.location_id"
	" AND article_id = NEW.article_id) BEGIN"
	" INSERT OR REPLACE INTO opening(location_id, article_id, qty, at)"
	" VALUES(NEW.location_id, NEW.article_id, NEW.qty, NEW.counted_at); END;"
	"CREATE TRIGGER stock_opening_update AFTER UPDATE ON stock"
	" WHEN NOT EXISTS (SELECT 1 FROM onhand WHERE location_id = NEW.location_id"
	" AND article_id = NEW.article_id) BEGIN"
	" INSERT OR REPLACE INTO opening(location_id, article_id, qty, at)"
	" VALUES(NEW.location_id, NEW.article_id, NEW.qty, NEW.counted_at); END;",
	/* 2 → 3: the web front's accounts (hub/account.c), their sessions
	 * (only a SHA-256 of the cookie is kept) and the audit log of every
	 * change made through the pages or the account commands. */
	"CREATE TABLE account(id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, password_hash TEXT NOT NULL, roles TEXT NOT NULL,"
	" created_at TEXT NOT NULL, failed INTEGER NOT NULL DEFAULT 0, locked_until TEXT);"
	"CREATE TABLE web_session(token_hash TEXT PRIMARY KEY, account_id INTEGER NOT NULL"
	" REFERENCES account(id) ON DELETE CASCADE, csrf TEXT NOT NULL,"
	" created_at TEXT NOT NULL, expires_at TEXT NOT NULL);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
	" action TEXT NOT NULL, target TEXT, detail TEXT, client_addr TEXT);",
	/* 3 → 4: a device's store restored from a backup or copied takes a
	 * new db_id the hub accepts (POST /v1/rebase); the device keeps every
	 * db_id it has had, so a copy still using the old one is not refused. */
	"CREATE TABLE device_store(device_id INTEGER NOT NULL, db_id TEXT NOT NULL,"
	" from_db_id TEXT NOT NULL, device_highest INTEGER NOT NULL,"
	" hub_highest INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY(device_id, db_id));",

	/* 4 → 5: scopes (hub/scope.h).  Master revision 2 (user.home_id); a
	 * device and its enrolment code name the location it serves; each
	 * change says where its row is bound, so the feed is filtered per
	 * device, and a device's own changes (after its scope changed) share
	 * the one cursor sequence. */
	/* clang-format off */
	MASTER_TABLES_AT(2)
	/* clang-format on */
	"ALTER TABLE device ADD COLUMN scope_id TEXT;"
	"ALTER TABLE enroll_code ADD COLUMN scope_id TEXT;"
	"ALTER TABLE change ADD COLUMN device_id INTEGER;"
	"ALTER TABLE change ADD COLUMN loc TEXT;"
	"ALTER TABLE change ADD COLUMN was TEXT;"
	"UPDATE change SET loc = json_extract(row, '$.location_id')"
	" WHERE tbl IN ('basis', 'stock', 'plan_place', 'delivery');"
	"UPDATE change SET loc = json_extract(row, '$.id') WHERE tbl = 'location';"
	"UPDATE change SET loc = (SELECT location_id FROM delivery d"
	" WHERE d.sscc = json_extract(change.row, '$.sscc')) WHERE tbl = 'delivery_line';"
	/* the feed of one device, and the rows bound to a place */
	HUB_SQL_CHANGE_DEVICE ";" HUB_SQL_CHANGE_LOC ";",
	/* 5 → 6: master revision 3, user.lang (the handheld's UI language per
	 * user). */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(3)
	/* clang-format on */
	"",
	/* 6 → 7: master revision 4 (preparedness): days of cover per place,
	 * a plan's scenario kind, a plan place's time-criticality tier, the
	 * antidote tiers, generic names and shortage notices. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(4)
	/* clang-format on */
	"",
	/* 7 → 8: whether a record was voided is asked for every record a
	 * reconciliation walks (reconcile.h, HUB_NOT_VOIDED); by session it
	 * read every record of the session each time (10,000 records of one
	 * session: 4 s instead of 0.2 s), by the voids' own key it is one
	 * look-up in the few void records. */
	"CREATE INDEX event_void ON event(device_id, db_id, json_extract(data, '$.seq'))"
	" WHERE kind = 'void';",
	/* 8 → 9: master revision 5: parcel_receipt, which the hub writes as
	 * receipts arrive (hub/parcel-receipt.c), so every handheld knows a
	 * parcel received on another; a parcel's receives found by its SSCC
	 * without reading every receive. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(5)
	/* clang-format on */
	"CREATE INDEX event_sscc ON event(json_extract(data, '$.sscc'))"
	" WHERE kind = 'receive';",
	/* 9 → 10: a record scanned with a code the hub did not know is counted
	 * for the article once the code is mapped (hub/code-attribute.c): the
	 * code it was mapped by and when stay on the record, its body as it
	 * came. */
	"ALTER TABLE event ADD COLUMN mapped_code TEXT;"
	"ALTER TABLE event ADD COLUMN mapped_at TEXT;",
	/* 10 → 11: other regions' antidote holdings, imported from their hubs'
	 * exports (antidote-import.h) for the national roll-up: per region
	 * the export it came from, per region × antidote its figures. */
	"CREATE TABLE region_export(region_id TEXT PRIMARY KEY, region_name TEXT NOT NULL,"
	" exported_at TEXT, imported_at TEXT NOT NULL, file TEXT NOT NULL);"
	"CREATE TABLE region_antidote(region_id TEXT NOT NULL, article_id TEXT NOT NULL,"
	" article_name TEXT, stocking_tier TEXT, recommended INTEGER NOT NULL,"
	" held INTEGER NOT NULL, expired INTEGER NOT NULL, short INTEGER NOT NULL,"
	" PRIMARY KEY(region_id, article_id));",
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

/* 1 when PRAGMA quick_check finds a SQLite file itself damaged. */
static int hub_db_damaged(struct hdb *db)
{
	struct hdb_stmt *st = NULL;
	int damaged = 0;
	if (db != NULL && hdb_engine(db) == HDB_SQLITE &&
	    hdb_prepare(db, "PRAGMA quick_check(1)", &st) == HDB_OK && hdb_step(st) == HDB_ROW) {
		const char *v = hdb_column_text(st, 0);
		damaged = v != NULL && strcmp(v, "ok") != 0;
	}
	hdb_finalize(st);
	return damaged;
}

int hub_db_fail(struct tally_err *e, struct hdb *db, int rc, const char *what)
{
	const char *detail = db != NULL ? hdb_errmsg(db) : rc == HDB_NOMEM ? "out of memory" : "";
	switch (rc) {
	case HDB_UNAVAILABLE:
		return err_set(e, EX_TEMPFAIL,
		               _("%s failed: the hub database cannot be reached (%s); nothing was "
		                 "committed. Try again."),
		               what, detail);
	case HDB_CONFIG:
		return err_set(e, EX_CONFIG, _("%s failed: %s."), what, detail);
	case HDB_FULL:
		return err_set(e, EX_IOERR,
		               _("%s failed: the disk holding the hub database is full; nothing "
		                 "was committed. Free space and try again."),
		               what);
	case HDB_READONLY:
	case HDB_CANTOPEN:
	case HDB_PERM:
		return err_set(e, EX_CANTCREAT,
		               _("%s failed: cannot write the hub database (%s). Check its "
		                 "directory and permissions."),
		               what, detail);
	case HDB_BUSY:
	case HDB_LOCKED:
		return err_set(e, EX_TEMPFAIL, _("%s failed: the hub database is busy; try again."),
		               what);
	case HDB_NOTADB:
		return err_set(e, EX_DATAERR,
		               _("%s failed: the file is not a hub database (%s): check --db."),
		               what, detail);
	case HDB_CORRUPT:
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
	case HDB_IOERR:
		return err_set(e, EX_IOERR,
		               _("%s failed: storage error on the hub database (%s); nothing was "
		                 "committed. Try again; if it repeats, check the disk."),
		               what, detail);
	default:
		return err_set(e, EX_SOFTWARE, _("%s failed: %s"), what, detail);
	}
}

int hub_db_exec(struct hdb *db, const char *sql, struct tally_err *e)
{
	int rc = hdb_exec(db, sql);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("the hub database"));
}

int hub_db_begin(struct hdb *db, struct tally_err *e)
{
	int rc = hdb_begin(db);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("the hub database"));
}

int hub_db_begin_read(struct hdb *db, struct tally_err *e)
{
	int rc = hdb_begin_read(db);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("the hub database"));
}

int hub_db_commit(struct hdb *db, struct tally_err *e)
{
	int rc = hdb_commit(db);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("the hub database"));
}

/* The schema's version: SQLite's user_version; on PostgreSQL the meta
 * row `schema_version` (0 when there is no meta table yet). */
static int schema_version(struct hdb *db, int *version)
{
	int pg = hdb_engine(db) == HDB_POSTGRES;
	struct hdb_stmt *st = NULL;
	*version = 0;
	/* On PostgreSQL, first whether there is a meta table at all (a
	 * query naming a missing table fails as it is planned). */
	int rc = hdb_prepare(
	    db, pg ? "SELECT to_regclass('meta') IS NOT NULL" : "PRAGMA user_version", &st);
	if (rc == HDB_OK && (rc = hdb_step(st)) == HDB_ROW)
		*version = hdb_column_int(st, 0);
	hdb_finalize(st);
	if (pg && rc == HDB_ROW && *version == 1) {
		*version = 0;
		rc = hdb_prepare(db,
		                 "SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
		                 "'" HUB_SCHEMA_PG_VERSION_KEY "'",
		                 &st);
		if (rc == HDB_OK && (rc = hdb_step(st)) == HDB_ROW)
			*version = hdb_column_int(st, 0);
		hdb_finalize(st);
	}
	return rc == HDB_ROW || rc == HDB_DONE ? HDB_OK : rc;
}

/* A new PostgreSQL hub database is made whole at the newest version
 * (hub-schema-pg.c).  One made by an earlier tally-hub is carried forward
 * by the same steps as a SQLite file, from HUB_SCHEMA_PG_FIRST on: those
 * are written in SQL both engines take, and their master tables come in
 * PostgreSQL's dialect.  Two processes starting together wait for each
 * other (the advisory lock), and the second finds the schema made. */
#define HUB_SCHEMA_LOCK 0x74616c6c

static int record_pg_version(struct hdb *db, int version, struct tally_err *e)
{
	char bump[160];
	snprintf(bump, sizeof(bump),
	         "INSERT INTO meta(key, value) VALUES('" HUB_SCHEMA_PG_VERSION_KEY "', '%d')"
	         " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	         version);
	return hub_db_exec(db, bump, e);
}

static int migrate_pg(struct hdb *db, int version, struct tally_err *e)
{
	if (version == HUB_SCHEMA_VERSION)
		return 0;
	if (version == 0) {
		char *sql = hub_schema_pg_sql();
		if (sql == NULL)
			return hub_db_fail(e, db, HDB_NOMEM, _("making the hub database"));
		int failed = hub_db_exec(db, sql, e) != 0 ||
		             record_pg_version(db, HUB_SCHEMA_VERSION, e) != 0;
		free(sql);
		return failed ? e->status : 0;
	}
	if (version < HUB_SCHEMA_PG_FIRST)
		return err_set(
		    e, EX_DATAERR,
		    _("the hub database on PostgreSQL says it is at schema %d, older than any "
		      "tally-hub made there (%d): it was not made by tally-hub; give --db an "
		      "empty database"),
		    version, HUB_SCHEMA_PG_FIRST);
	for (int v = version; v < HUB_SCHEMA_VERSION; v++) {
		char *sql =
		    master_migration_sql(&master_schema, migrations[v], MASTER_HUB, MASTER_PG);
		if (sql == NULL)
			return hub_db_fail(e, db, HDB_NOMEM, _("upgrading the hub database"));
		int failed = hub_db_exec(db, sql, e) != 0 || record_pg_version(db, v + 1, e) != 0;
		free(sql);
		if (failed)
			return e->status;
	}
	return 0;
}

static int migrate_sqlite(struct hdb *db, int version, struct tally_err *e)
{
	for (int v = version; v < HUB_SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof(bump), "PRAGMA user_version=%d", v + 1);
		char *sql =
		    master_migration_sql(&master_schema, migrations[v], MASTER_HUB, MASTER_SQLITE);
		if (sql == NULL)
			return hub_db_fail(e, db, HDB_NOMEM, _("upgrading the hub database"));
		int failed = hub_db_exec(db, sql, e) != 0 || hub_db_exec(db, bump, e) != 0;
		free(sql);
		if (failed)
			return e->status;
	}
	return 0;
}

static int migrate(struct hdb *db, struct tally_err *e)
{
	if (hub_db_begin(db, e) != 0)
		return e->status;
	int version, rc = hdb_lock(db, HUB_SCHEMA_LOCK);
	if (rc == HDB_OK)
		rc = schema_version(db, &version);
	if (rc != HDB_OK) {
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
	if ((hdb_engine(db) == HDB_POSTGRES ? migrate_pg(db, version, e)
	                                    : migrate_sqlite(db, version, e)) != 0)
		goto fail;
	if (hub_db_commit(db, e) == 0)
		return 0;
fail:
	hdb_rollback(db);
	return e->status;
}

struct hdb *hub_db_open(const char *where, int create, struct tally_err *e)
{
	struct hdb *db = NULL;
	int rc = hdb_open(where, create, &db);
	if (rc != HDB_OK) {
		if (!create && rc == HDB_CANTOPEN)
			err_set(e, EX_NOINPUT,
			        _("no hub database at %s: run 'tally-hub --db %s init' first"),
			        where, where);
		else
			hub_db_fail(e, db, rc, _("opening the hub database"));
		hdb_close(db);
		return NULL;
	}
	if (migrate(db, e) != 0) {
		hdb_close(db);
		return NULL;
	}
	return db;
}
