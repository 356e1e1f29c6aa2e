/*
 * master-tables.h — the master tables and their columns, as one list shared
 * by the handheld (applying the change feed, db/master.c) and the hub
 * (importing master data, hub/import.c).
 *
 * Only the names here are ever put into SQL: statements are assembled from
 * these constant names and every value is bound.
 *
 * The schema is written here once.  Each column says its type, whether it
 * is part of the primary key, NOT NULL and its DEFAULT; the handheld's
 * store (db/schema.c) and the hub (hub/hub-db.c) create the master tables
 * from this list (core/master-schema.h), and the store adds its lookup
 * indexes (master_indexes).  Both sides end with the same columns (a change
 * row of the feed fits either), which tests/unit/test-schema.c checks.
 *
 * Revisions.  The master tables have a revision of their own, MASTER_REVISION,
 * apart from each side's schema version (PRAGMA user_version): the store and
 * the hub number their migrations differently, and each reaches a master
 * revision at a step of its own list (MASTER_TABLES_AT in migrations[]).
 * Every table and column says the revision that added it (a column's 0:
 * its table's), so revision r is: CREATE TABLE for the tables of r, ALTER
 * TABLE ... ADD COLUMN for the columns of r in older tables, CREATE INDEX
 * for the indexes of r.  A new store and an old one migrated go through the
 * same steps and so end with the same schema.
 *
 * Adding a column (say article.generic_name, or user.home_id), once:
 *   1. append it to its table below with since = MASTER_REVISION + 1 and
 *      raise MASTER_REVISION;
 *   2. append one step to db/schema.c's migrations[] and one to
 *      hub/hub-db.c's, each `MASTER_TABLES_AT(N)` (N the new revision),
 *      followed by any SQL of that side's own (a backfill, say); raise
 *      STORE_SCHEMA_VERSION and HUB_SCHEMA_VERSION.  A new PostgreSQL hub
 *      database gets the column by itself (master_create_sql); one made
 *      at an older version needs an ALTER step of its own
 *      (hub/hub-schema-pg.h).
 * SQLite adds a column only as NULL-able or with a DEFAULT: a NOT NULL
 * column added later needs MASTER_SQL_DEFAULT.  tests/unit/test-schema.c
 * runs such a revision 2 over a made-up list (struct master_schema).  Columns are never removed
 * or renamed (an older handheld still sends and reads them).
 */
#ifndef TALLY_CORE_MASTER_TABLES_H
#define TALLY_CORE_MASTER_TABLES_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>

/* The master tables' revision this code knows (see "Revisions" above). */
/* Revision 4 (issue 19, preparedness): location.cover_days, plan.scenario,
 * plan_place.tier, article.generic_name, article.antidote_tier and
 * antidote_qty, location.antidote_tier, tables shortage and shortage_alt. */
/* Revision 5 (issue 14): table parcel_receipt, the hub's word that a
 * parcel was received (when, by whom) on any handheld. */
#define MASTER_REVISION 5

/* What a column's CREATE TABLE line says besides its type and key. */
enum master_ddl {
	MASTER_NOT_NULL = 1,    /* NOT NULL */
	MASTER_SQL_DEFAULT = 2, /* DEFAULT dflt */
};

struct master_column {
	const char *name;
	char type;        /* 't' text, 'i' integer, 'r' real */
	int key;          /* part of the primary key */
	const char *dflt; /* value when the row omits it; NULL binds NULL */
	int ddl;          /* enum master_ddl flags */
	int since;        /* the revision that added it; 0: its table's */
};

#define MASTER_MAX_COLUMNS 16

struct master_table {
	const char *name;
	int since; /* the revision that added it */
	/* ends with a column whose name is NULL */
	struct master_column cols[MASTER_MAX_COLUMNS];
};

extern const struct master_table master_tables[];
extern const size_t master_table_count;

/* Which side's schema an index belongs to. */
enum master_side { MASTER_STORE = 1, MASTER_HUB = 2 };

/* An index on a master table: CREATE INDEX name ON table(columns). */
struct master_index {
	const char *name, *table, *columns;
	int sides; /* enum master_side flags */
	int since; /* the revision that added it */
};

extern const struct master_index master_indexes[];
extern const size_t master_index_count;

/* The table called name, or NULL. */
const struct master_table *master_table_find(const char *name);

/* The column called name in t, or NULL. */
const struct master_column *master_column_find(const struct master_table *t, const char *name);

/* The text some columns take (an import checks it): NULL when column c of
 * table t takes any text, else the values with '|' between
 * ("ambulance|emergency|...").  master_value_ok: does it take v (NULL: no
 * value, always taken)? */
const char *master_values(const struct master_table *t, const struct master_column *c);
int master_value_ok(const struct master_table *t, const struct master_column *c, const char *v);

/* "INSERT INTO t(k, b) VALUES(?, ?) ON CONFLICT(k) DO UPDATE SET b =
 * excluded.b" (del 0: an upsert SQLite and PostgreSQL both take) or
 * "DELETE FROM t WHERE 1 = 1 AND k = ? ..." (del 1): the columns bound in
 * table order (all of them, or only the keys).  MASTER_SQL_MAX is enough. */
#define MASTER_SQL_MAX 4096
void master_sql_build(const struct master_table *t, int del, char *sql, size_t size);

/* Column c's value v (NULL or JSON null: the default) as what is bound:
 * type 'n' (NULL), 't' (text), 'i' (integer) or 'd' (double); -1 when the
 * value is missing for a key without a default or of the wrong type.  The
 * text lives as long as v, c and *out. */
struct master_value {
	char type;
	const char *text;
	long long i;
	double d;
	char buf[32];
};
int master_value_of(const struct master_column *c, json_t *v, struct master_value *out);

/* Bind column c's value v (NULL or JSON null: the default) at index i;
 * -1 when the value is missing for a key without a default or of the
 * wrong type. */
int master_bind(sqlite3_stmt *st, int i, const struct master_column *c, json_t *v);

#endif
