/*
 * schema.c — the store's tables and their history.
 *
 * PRAGMA user_version is the schema version.  migrations[i] takes a store
 * from version i to i+1, inside the same transaction that bumps the
 * version, so a store is never left half-migrated.  Migrations only ever
 * add: a handheld may be upgraded with records still pending, and they must
 * survive (tests/unit/test-store-faults.c opens a version-1 store).
 *
 * The master tables are not written here: a step that begins with
 * MASTER_TABLES_AT(r) runs core/'s SQL for master revision r first (the
 * same that the hub runs), then its own (see core/master-tables.h, "Adding
 * a column").  Appending a plain string appends a plain step.
 *
 * Master tables carry no foreign keys between one another: the hub's change
 * feed pages them in its own order, and a child may arrive a page before its
 * parent.  Records reference nothing either: an unknown code or a blind
 * receipt is recorded exactly because the master data does not know it yet.
 */
#include "db/store-internal.h"
#include "core/master-schema.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const migrations[] = {
	/* 0 → 1: the first schema: the master tables as core/ says them, and
	 * the store's own tables. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(1)
	/* clang-format on */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE record(seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL, device_time TEXT NOT NULL, session TEXT, user TEXT,"
	" location_id TEXT, article_id TEXT, code TEXT, qty INTEGER NOT NULL DEFAULT 0,"
	" batch TEXT, expiry TEXT, serial TEXT, data TEXT NOT NULL DEFAULT '{}',"
	" state TEXT NOT NULL DEFAULT 'pending');",

	/* 1 → 2: the hub's reason for a rejected record is kept with it (the
	 * record is quarantined, visible, not lost), and finding what is still
	 * pending no longer scans every record the handheld ever made. */
	"ALTER TABLE record ADD COLUMN reason TEXT;"
	"CREATE INDEX record_state ON record(state, seq);"
	"CREATE INDEX record_count ON record(location_id, article_id, kind, seq);",

	/* 2 → 3: time that survives clock changes.  The hub's offset known
	 * when the record was made, and the boot it was made in with the
	 * time since that boot: the hub places a record by these, not by a
	 * wall clock that may have been corrected since. */
	"ALTER TABLE record ADD COLUMN hub_offset_ms INTEGER;"
	"ALTER TABLE record ADD COLUMN boot_id TEXT;"
	"ALTER TABLE record ADD COLUMN mono_ms INTEGER;",
	/* 3 → 4: master revision 2: user.home_id (the hub sends a handheld
	 * the users of its scope only). */
	/* clang-format off */
	MASTER_TABLES_AT(2),
	/* clang-format on */
	/* 4 → 5: master revision 3, user.lang: the UI in each user's language. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(3)
	/* clang-format on */
	"",
	/* 5 → 6: master revision 4 (preparedness): days of cover per place,
	 * a plan's scenario kind, a plan place's time-criticality tier, the
	 * antidote tiers, generic names and shortage notices. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(4)
	/* clang-format on */
	"",
	/* 6 → 7: master revision 5: parcel_receipt, a parcel received on any
	 * handheld, as the hub tells it. */
	/* clang-format off: the marker stands on a line of its own */
	MASTER_TABLES_AT(5)
	/* clang-format on */
	"",
};

static int read_version(struct store *s, int *version, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(s, "PRAGMA user_version", e);
	if (st == NULL)
		return e->status;
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_fail(e, s, rc, _("reading the store's version"));
}

/* A SQLite file that is not a tally store (the hub's database, say) is
 * refused before anything is added to it. */
static int is_foreign(struct store *s, int version, struct tally_err *e)
{
	sqlite3_stmt *st = store_prepare(s,
	                                 "SELECT count(*), sum(name IN ('meta', 'record'))"
	                                 " FROM sqlite_master WHERE type = 'table'",
	                                 e);
	if (st == NULL)
		return e->status;
	int rc = sqlite3_step(st);
	int tables = sqlite3_column_int(st, 0), ours = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_fail(e, s, rc, _("reading the store"));
	if ((version == 0 && tables > 0) || (version > 0 && tables > 0 && ours < 2))
		return err_set(e, EX_DATAERR,
		               _("%s is a SQLite database but not a tally store (the hub's "
		                 "database?): give --db the handheld's store."),
		               s->path);
	return 0;
}

int schema_migrate(struct store *s, struct tally_err *e)
{
	int version;
	if (read_version(s, &version, e) != 0)
		return e->status;
	if (is_foreign(s, version, e) != 0)
		return e->status;
	if (version == STORE_SCHEMA_VERSION)
		return 0;

	/* The version is read again under the write lock: another process
	 * opening the same old store may have migrated it meanwhile. */
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(e, s, rc, _("upgrading the store"));
	if (read_version(s, &version, e) != 0)
		goto fail_quiet;
	if (version > STORE_SCHEMA_VERSION) {
		err_set(e, EX_CONFIG,
		        _("the store %s was written by a newer tally (schema %d; this one knows "
		          "%d): upgrade tally on this handheld"),
		        s->path, version, STORE_SCHEMA_VERSION);
		goto fail_quiet;
	}
	for (int v = version; v < STORE_SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof(bump), "PRAGMA user_version=%d", v + 1);
		char *sql = master_migration_sql(&master_schema, migrations[v], MASTER_STORE,
		                                 MASTER_SQLITE);
		rc = sql != NULL ? sqlite3_exec(s->db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
		free(sql);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, bump, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			goto fail;
	}
	rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
fail:
	store_fail(e, s, rc, _("upgrading the store"));
fail_quiet:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return e->status;
}
