/*
 * test-hub-schema-pg.c — the hub's schema on PostgreSQL (hub/hub-schema-pg.h)
 * is the SQLite hub's at HUB_SCHEMA_VERSION, so the two cannot drift: a
 * fresh database of the run's throwaway cluster takes the generated DDL in
 * one transaction, and then holds every table the SQLite hub holds, and no
 * other, each column in the same place with the same type family, NOT
 * NULL, primary key and DEFAULT; the row ids SQLite hands out are
 * PostgreSQL identities; the same UNIQUEs, foreign keys, named indexes
 * (columns, partial or not) and triggers; the version is recorded.  And
 * what the schema does itself works there as on SQLite: ids handed out,
 * opening balances kept by the triggers on stock, a session gone with its
 * account, "user" usable as a table and a column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hub-db.h"
#include "hub/hub-schema-pg.h"
#include "core/master-schema.h"
#include "tests/lib/pg-db.h"
#include "tests/lib/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One text column per row of `sql` on SQLite, one line each. */
static char *sqlite_lines(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	char *text = tu_strfmt("%s", "");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		char *t = tu_strfmt("%s%s\n", text, v ? v : "NULL");
		free(text);
		text = t;
	}
	sqlite3_finalize(st);
	return text;
}

/* What `sql` prints on PostgreSQL (one line a row); fails on an error. */
static char *pg_lines(const char *conninfo, const char *sql)
{
	struct tu_run r = pg_test_sql(conninfo, sql, 0);
	if (r.status != 0)
		fail_msg("%s\npsql exit %d: %s", sql, r.status, r.err);
	char *out = r.out;
	r.out = NULL;
	tu_run_free(&r);
	return out;
}

/* Fail with the first line that differs, and both texts. */
static void assert_same(const char *what, const char *lite, const char *pg)
{
	if (strcmp(lite, pg) == 0)
		return;
	const char *a = lite, *b = pg;
	while (*a && *a == *b)
		a++, b++;
	while (a > lite && a[-1] != '\n')
		a--, b--;
	fail_msg("%s differ:\n  sqlite:     %.*s\n  postgresql: %.*s\n--- sqlite:\n%s--- "
	         "postgresql:\n%s",
	         what, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b, lite, pg);
}

/*
 * Each catalogue in the same words on both sides.  A column:
 * table|position|name|family|not null|place in the primary key|row id|default.
 * SQLite's "row id" is an INTEGER PRIMARY KEY alone (SQLite hands it out);
 * PostgreSQL's an identity.  A key column is NOT NULL on PostgreSQL
 * whatever it says, so it is on SQLite's side too.  PostgreSQL says a
 * default with its type ('{}'::text).
 */
static const char sqlite_columns[] =
    "SELECT m.name || '|' || p.cid || '|' || p.name || '|' ||"
    " CASE upper(p.type) WHEN 'INTEGER' THEN 'integer' WHEN 'REAL' THEN 'real'"
    " WHEN 'TEXT' THEN 'text' WHEN 'BLOB' THEN 'blob' ELSE 'other ' || p.type END || '|' ||"
    " (p.\"notnull\" OR p.pk > 0) || '|' || p.pk || '|' ||"
    " (upper(p.type) = 'INTEGER' AND p.pk = 1 AND"
    "  (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1) || '|' ||"
    " coalesce(p.dflt_value, '')"
    " FROM sqlite_master m JOIN pragma_table_info(m.name) p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid";
static const char pg_columns[] =
    "SELECT c.table_name || '|' || (c.ordinal_position - 1) || '|' || c.column_name || '|' ||"
    " CASE c.data_type WHEN 'bigint' THEN 'integer' WHEN 'integer' THEN 'integer'"
    " WHEN 'double precision' THEN 'real' WHEN 'text' THEN 'text' WHEN 'bytea' THEN 'blob'"
    " ELSE 'other ' || c.data_type END || '|' ||"
    " (c.is_nullable = 'NO')::int || '|' || coalesce(k.ordinal_position, 0) || '|' ||"
    " (c.is_identity = 'YES')::int || '|' ||"
    " coalesce(regexp_replace(c.column_default, '::[a-z ]+$', ''), '')"
    " FROM information_schema.columns c"
    " LEFT JOIN information_schema.table_constraints t ON t.table_schema = c.table_schema"
    "  AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY'"
    " LEFT JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name"
    "  AND k.table_schema = c.table_schema AND k.column_name = c.column_name"
    " WHERE c.table_schema = 'public'"
    " ORDER BY c.table_name COLLATE \"C\", c.ordinal_position";

/* UNIQUE constraints: table|columns. */
static const char sqlite_uniques[] = "SELECT m.name || '|' || (SELECT group_concat(name, ',') FROM"
                                     " (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))"
                                     " FROM sqlite_master m JOIN pragma_index_list(m.name) l"
                                     " WHERE m.type = 'table' AND l.origin = 'u' ORDER BY 1";
static const char pg_uniques[] =
    "SELECT l FROM (SELECT t.table_name || '|' ||"
    " string_agg(k.column_name, ',' ORDER BY k.ordinal_position)"
    " FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k"
    " ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema"
    " WHERE t.table_schema = 'public' AND t.constraint_type = 'UNIQUE'"
    " GROUP BY t.table_name, t.constraint_name) q(l) ORDER BY l COLLATE \"C\"";

/* Foreign keys: table|column|table|column|on delete. */
static const char sqlite_fks[] =
    "SELECT m.name || '|' || f.\"from\" || '|' || f.\"table\" || '|' || f.\"to\" || '|' ||"
    " f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table' ORDER BY 1";
static const char pg_fks[] =
    "SELECT l FROM (SELECT k.table_name || '|' || k.column_name || '|' || u.table_name || '|' ||"
    " u.column_name || '|' || r.delete_rule"
    " FROM information_schema.referential_constraints r"
    " JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name"
    " JOIN information_schema.constraint_column_usage u"
    "  ON u.constraint_name = r.unique_constraint_name"
    " WHERE r.constraint_schema = 'public') q(l) ORDER BY l COLLATE \"C\"";

/* Named indexes (not a key's or a UNIQUE's): name|table|unique|partial|columns,
 * an expression's column as (expression). */
static const char sqlite_indexes[] =
    "SELECT m.name || '|' || m.tbl_name || '|' || l.\"unique\" || '|' || l.partial || '|' ||"
    " (SELECT group_concat(coalesce(name, '(expression)'), ',') FROM"
    "  (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno))"
    " FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name"
    " WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name";
static const char pg_indexes[] =
    "SELECT c.relname || '|' || t.relname || '|' || i.indisunique::int || '|' ||"
    " (i.indpred IS NOT NULL)::int || '|' ||"
    " (SELECT string_agg(coalesce(a.attname, '(expression)'), ',' ORDER BY k.n)"
    "  FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)"
    "  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
    "  AND k.attnum > 0)"
    " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace"
    " WHERE s.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint x"
    "  WHERE x.conindid = i.indexrelid)"
    " ORDER BY c.relname COLLATE \"C\"";

/* Triggers: name|table. */
static const char sqlite_triggers[] =
    "SELECT name || '|' || tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name";
static const char pg_triggers[] =
    "SELECT l FROM (SELECT DISTINCT trigger_name || '|' || event_object_table"
    " FROM information_schema.triggers WHERE trigger_schema = 'public') q(l)"
    " ORDER BY l COLLATE \"C\"";

struct fixture {
	char *dir, *pg;
	struct hdb *hub;
	sqlite3 *lite; /* the SQLite handle behind hub */
};

/* The fixture with its SQLite hub made new and an empty PostgreSQL
 * database named after `name`. */
static struct fixture *fixture_new(const char *name)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	char *path = tu_path(f->dir, "hub.db");
	struct tally_err e = { 0 };
	f->hub = hub_db_open(path, 1, &e);
	if (f->hub == NULL)
		fail_msg("hub_db_open: %s", e.msg);
	f->lite = hdb_sqlite_handle(f->hub);
	free(path);
	f->pg = pg_test_db_create(name);
	return f;
}

static int setup(void **state)
{
	struct fixture *f = fixture_new("hub_schema");
	char *sql = hub_schema_pg_sql();
	assert_non_null(sql);
	struct tu_run r = pg_test_sql(f->pg, sql, 1);
	if (r.status != 0)
		fail_msg("the PostgreSQL schema did not apply: psql exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	free(sql);
	*state = f;
	return 0;
}

/* The same, but the PostgreSQL database is one an earlier tally-hub made
 * at HUB_SCHEMA_PG_FIRST (its schema as it was then, kept in
 * tests/fixtures/hub-pg-schema-11.sql), opened by this tally-hub: carried
 * forward by hub-db.c's steps, it must be the same as one made new. */
static int setup_carried(void **state)
{
	struct fixture *f = fixture_new("hub_carried");
	struct tally_err e = { 0 };
	char *file = tu_srcfile("tests/fixtures/hub-pg-schema-11.sql");
	char *sql = tu_read_file(file, NULL);
	assert_non_null(sql);
	struct tu_run r = pg_test_sql(f->pg, sql, 1);
	if (r.status != 0)
		fail_msg("the schema of version 11 did not apply: psql exit %d: %s", r.status,
		         r.err);
	tu_run_free(&r);
	free(sql);
	free(file);
	char *v =
	    pg_lines(f->pg, "SELECT value FROM meta WHERE key = '" HUB_SCHEMA_PG_VERSION_KEY "'");
	assert_string_equal(v, "11\n");
	free(v);
	struct hdb *old = hub_db_open(f->pg, 0, &e);
	if (old == NULL)
		fail_msg("tally-hub could not open a database of version 11: %s", e.msg);
	hdb_close(old);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	pg_test_db_drop(f->pg);
	hdb_close(f->hub);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->pg);
	free(f);
	return 0;
}

static void compare(struct fixture *f, const char *what, const char *lite_sql, const char *pg_sql)
{
	char *a = sqlite_lines(f->lite, lite_sql), *b = pg_lines(f->pg, pg_sql);
	assert_true(strlen(a) > 0);
	assert_same(what, a, b);
	free(a);
	free(b);
}

static void same_tables_and_columns(void **state)
{
	compare(*state, "tables and columns", sqlite_columns, pg_columns);
}

static void same_uniques_and_foreign_keys(void **state)
{
	compare(*state, "UNIQUE constraints", sqlite_uniques, pg_uniques);
	compare(*state, "foreign keys", sqlite_fks, pg_fks);
}

static void same_indexes_and_triggers(void **state)
{
	compare(*state, "indexes", sqlite_indexes, pg_indexes);
	compare(*state, "triggers", sqlite_triggers, pg_triggers);
}

static void version_recorded(void **state)
{
	struct fixture *f = *state;
	char *sql = tu_strfmt("SELECT value FROM meta WHERE key = '%s'", HUB_SCHEMA_PG_VERSION_KEY);
	char *v = pg_lines(f->pg, sql), *want = tu_strfmt("%d\n", HUB_SCHEMA_VERSION);
	assert_string_equal(v, want);
	free(want);
	free(v);
	free(sql);
}

/* A PostgreSQL database that says it is older than any tally-hub made
 * there was not made by one: refused, with what to do, and left as it
 * was. */
static void a_version_older_than_any_made_there_is_refused(void **state)
{
	struct fixture *f = *state;
	struct tu_run r = pg_test_sql(
	    f->pg, "UPDATE meta SET value = '5' WHERE key = '" HUB_SCHEMA_PG_VERSION_KEY "'", 1);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *const argv[] = { (char *)tu_hub_bin(), "--db", f->pg, "devices", NULL };
	char *const env[] = { "TALLY_LANG=en", NULL };
	r = tu_run(argv, NULL, env);
	assert_int_equal(r.status, 65); /* EX_DATAERR */
	tu_assert_contains(r.err, "schema 5, older than any tally-hub made there (11)");
	tu_assert_contains(r.err, "give --db an empty database");
	tu_run_free(&r);
	char *v =
	    pg_lines(f->pg, "SELECT value FROM meta WHERE key = '" HUB_SCHEMA_PG_VERSION_KEY "'");
	assert_string_equal(v, "5\n");
	free(v);
}

/* What the schema does by itself, on PostgreSQL as on SQLite (hub-db.c). */
static void schema_behaves_as_on_sqlite(void **state)
{
	struct fixture *f = *state;
	char *out = pg_lines(
	    f->pg,
	    /* row ids handed out, from 1 */
	    "INSERT INTO device(name, db_id, token_hash, enrolled_at) VALUES('a', 'd', 'h1', 't'),"
	    " ('b', 'd', 'h2', 't');"
	    "INSERT INTO change(tbl, key, op, row, at) VALUES('article', 'A', 'upsert', '{}', 't');"
	    "SELECT string_agg(id::text, ',' ORDER BY id) FROM device;"
	    "SELECT cursor FROM change;"
	    /* stock where there is no on-hand yet is its opening balance, and
	     * a later import of it too; once on-hand exists, it is not */
	    "INSERT INTO stock(location_id, article_id, qty, counted_at) VALUES('W', 'A', 5, 't1');"
	    "INSERT INTO stock(location_id, article_id, qty, counted_at) VALUES('W', 'A', 7, 't2')"
	    " ON CONFLICT (location_id, article_id) DO UPDATE SET qty = EXCLUDED.qty,"
	    " counted_at = EXCLUDED.counted_at;"
	    "INSERT INTO onhand(location_id, article_id, qty, updated_at) VALUES('W', 'A', 3, 't');"
	    "UPDATE stock SET qty = 3;"
	    "SELECT qty || ' ' || at FROM opening;"
	    /* a session goes with its account */
	    "INSERT INTO account(login, name, password_hash, roles, created_at)"
	    " VALUES('x', 'X', 'h', 'admin', 't');"
	    "INSERT INTO web_session(token_hash, account_id, csrf, created_at, expires_at)"
	    " SELECT 's', id, 'c', 't', 't' FROM account;"
	    "DELETE FROM account;"
	    "SELECT count(*) FROM web_session;"
	    /* "user", a table and a column; a record's data read as JSON */
	    "INSERT INTO \"user\"(badge, name) VALUES('B1', 'Kari');"
	    "INSERT INTO event(device_id, db_id, seq, uuid, kind, device_time, placed_time,"
	    " received_at, \"user\", data, body) VALUES(1, 'd', 1, 'u', 'transfer', 't', 't', 't',"
	    " 'B1', '{\"to\":\"W2\"}', '{}');"
	    "SELECT \"user\" || ' ' || (data::jsonb ->> 'to') || ' ' || (SELECT name FROM \"user\")"
	    " FROM event;");
	assert_string_equal(out, "1,2\n1\n7 t2\n0\nB1 W2 Kari\n");
	free(out);
}

/* The master tables' PostgreSQL DDL names every table and column quoted
 * and typed as PostgreSQL needs; SQLite's text is as it was. */
static void master_ddl_dialects(void **state)
{
	(void)state;
	char *pg = master_create_sql(&master_schema, MASTER_HUB, MASTER_PG);
	assert_non_null(pg);
	tu_assert_contains(pg, "CREATE TABLE \"user\"(\"badge\" TEXT PRIMARY KEY");
	tu_assert_contains(pg, "\"antidote\" BIGINT NOT NULL DEFAULT 0");
	tu_assert_contains(pg, "\"dose\" DOUBLE PRECISION NOT NULL");
	assert_null(strstr(pg, "INTEGER"));
	assert_null(strstr(pg, "REAL"));
	free(pg);
	/* A later revision's step, as it carries a PostgreSQL database. */
	char *step = master_schema_sql(&master_schema, 2, MASTER_HUB, MASTER_PG);
	assert_non_null(step);
	tu_assert_contains(step, "ALTER TABLE \"user\" ADD COLUMN \"home_id\" TEXT;");
	free(step);
	step = master_schema_sql(&master_schema, 2, MASTER_HUB, MASTER_SQLITE);
	tu_assert_contains(step, "ALTER TABLE user ADD COLUMN home_id TEXT;");
	free(step);
	char *lite = master_create_sql(&master_schema, MASTER_STORE, MASTER_SQLITE);
	tu_assert_contains(lite, "CREATE TABLE user(badge TEXT PRIMARY KEY");
	tu_assert_contains(lite, "CREATE INDEX code_article ON code(article_id);");
	free(lite);
}

int main(void)
{
	const char *why = pg_test_skip_reason();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(same_tables_and_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(same_uniques_and_foreign_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(same_indexes_and_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(version_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(schema_behaves_as_on_sqlite, setup, teardown),
		/* A database of the first version made on PostgreSQL, carried
		 * forward, is the one made new. */
		cmocka_unit_test_setup_teardown(same_tables_and_columns, setup_carried, teardown),
		cmocka_unit_test_setup_teardown(same_uniques_and_foreign_keys, setup_carried,
		                                teardown),
		cmocka_unit_test_setup_teardown(same_indexes_and_triggers, setup_carried, teardown),
		cmocka_unit_test_setup_teardown(version_recorded, setup_carried, teardown),
		cmocka_unit_test_setup_teardown(schema_behaves_as_on_sqlite, setup_carried,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_version_older_than_any_made_there_is_refused,
		                                setup, teardown),
	};
	const struct CMUnitTest offline[] = {
		cmocka_unit_test(master_ddl_dialects),
	};
	int failed = cmocka_run_group_tests(offline, NULL, NULL);
	if (why != NULL) {
		printf("skipped: %s\n", why);
		return failed;
	}
	return failed + cmocka_run_group_tests(tests, NULL, NULL);
}
