/*
 * master-schema.h — the master tables' SQL (CREATE TABLE, ALTER TABLE ...
 * ADD COLUMN, CREATE INDEX), generated from their columns in
 * core/master-tables.c, so both the handheld's store and the hub create
 * the same tables from one list.  How a later column reaches both sides is
 * in master-tables.h ("Adding a column").
 *
 * Two dialects.  SQLite (the handheld's store, the hub's default) reaches
 * each revision by a migration step (master_migration_sql).  PostgreSQL
 * (the hub's other engine, hub/hub-schema-pg.h) starts at the latest
 * revision in one go (master_create_sql), and is carried from there by
 * the same steps in its own dialect (a hub database made at one version
 * and opened by a later tally-hub, hub/hub-db.c): its tables hold the same
 * columns in the same order, typed as PostgreSQL needs (INTEGER → BIGINT,
 * REAL → DOUBLE PRECISION, TEXT), with the same keys, NOT NULLs and
 * DEFAULTs.
 */
#ifndef TALLY_CORE_MASTER_SCHEMA_H
#define TALLY_CORE_MASTER_SCHEMA_H

#include "core/master-tables.h"

/*
 * A migration step that brings the master tables to revision r begins with
 * this (a SQL comment, so the step is still plain SQL); the rest of the
 * step is that side's own SQL, run after the master tables' SQL:
 *
 *	static const char *const migrations[] = {
 *		MASTER_TABLES_AT(1) "CREATE TABLE meta(...);",
 *		"ALTER TABLE record ADD COLUMN reason TEXT;",
 *		MASTER_TABLES_AT(2),
 *	};
 */
#define MASTER_TABLES_PREFIX "-- master tables at revision "
#define MASTER_TABLES_AT(r)  MASTER_TABLES_PREFIX #r "\n"

/* A list of tables and indexes up to a revision: core's own
 * (master_schema), or a test's. */
struct master_schema {
	const struct master_table *tables;
	size_t table_count;
	const struct master_index *indexes;
	size_t index_count;
	int revision; /* the latest revision the lists hold */
};

/* The master tables of master-tables.c, at MASTER_REVISION. */
extern const struct master_schema master_schema;

/* The SQL engines the master tables are written for. */
enum master_dialect { MASTER_SQLITE, MASTER_PG };

/* The SQL that takes the master tables of ms from revision r - 1 to r on
 * one side, in dialect d: malloc'd; NULL when memory ran out or r is not
 * in 1..ms->revision. */
char *master_schema_sql(const struct master_schema *ms, int revision, enum master_side side,
                        enum master_dialect d);

/* The master tables of ms at its latest revision, made at once in a new
 * database: CREATE TABLE with every column (in the order a migrated
 * database has them) and CREATE INDEX for side.  In MASTER_PG every name
 * is quoted ("user" is reserved there).  malloc'd; NULL when memory ran
 * out. */
char *master_create_sql(const struct master_schema *ms, enum master_side side,
                        enum master_dialect d);

/* The whole SQL of one migration step: the master tables' SQL when `step`
 * begins with MASTER_TABLES_AT(r), then `step` itself.  malloc'd; NULL when
 * memory ran out or the revision is unknown. */
char *master_migration_sql(const struct master_schema *ms, const char *step, enum master_side side,
                           enum master_dialect d);

#endif
