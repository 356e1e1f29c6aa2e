/*
 * test-schema.c — the schema is written once and reaches every database the
 * same way: a new store and a store from tally 0.1 (schema 1) migrated end
 * with the same tables, columns and indexes; the master tables of a new
 * store and of a new hub database (made by the real `tally-hub init`) have
 * the same columns, and those are core/master-tables.c's; a column of a
 * later revision reaches an old database as a forward migration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/store.h"
#include "core/master-schema.h"
#include "tests/lib/fixture.h"
#include "tests/lib/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append every row of `sql` to text, one line per row, columns by '|'. */
static void rows_text(sqlite3 *db, const char *sql, const char *bind, char **text)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (bind != NULL)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			char *t = tu_strfmt("%s%s%s", *text, i ? "|" : "", v ? v : "NULL");
			free(*text);
			*text = t;
		}
		char *t = tu_strfmt("%s\n", *text);
		free(*text);
		*text = t;
	}
	sqlite3_finalize(st);
}

/* The whole schema as SQLite sees it: every table's columns (type, NOT
 * NULL, default, key) and every index's table, uniqueness and columns. */
static char *schema_text(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	char *text = tu_strfmt("%s", "");
	rows_text(db,
	          "SELECT 'table', m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk"
	          " FROM sqlite_master m JOIN pragma_table_info(m.name) p"
	          " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
	          NULL, &text);
	rows_text(db,
	          "SELECT 'index', m.name, m.tbl_name, l.\"unique\", l.partial, i.seqno,"
	          " coalesce(i.name, '(expression)')"
	          " FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name"
	          " JOIN pragma_index_info(m.name) i WHERE m.type = 'index'"
	          " ORDER BY m.name, i.seqno",
	          NULL, &text);
	sqlite3_close(db);
	return text;
}

/* The columns of one table, as schema_text says them. */
static char *table_text(const char *path, const char *table)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	char *text = tu_strfmt("%s", "");
	rows_text(db,
	          "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)"
	          " ORDER BY cid",
	          table, &text);
	sqlite3_close(db);
	return text;
}

/* Fail with the first line that differs, and both texts. */
static void assert_same_text(const char *what, const char *a, const char *an, const char *b,
                             const char *bn)
{
	if (strcmp(a, b) == 0)
		return;
	const char *pa = a, *pb = b;
	int line = 1;
	while (*pa && *pa == *pb) {
		line += *pa == '\n';
		pa++;
		pb++;
	}
	while (pa > a && pa[-1] != '\n')
		pa--, pb--;
	fail_msg("%s differ at line %d:\n  %s: %.*s\n  %s: %.*s\n--- %s:\n%s--- %s:\n%s", what,
	         line, an, (int)strcspn(pa, "\n"), pa, bn, (int)strcspn(pb, "\n"), pb, an, a, bn,
	         b);
}

static void open_store(const char *path)
{
	struct tally_err e = { 0 };
	struct store *s = store_open(path, &e);
	if (s == NULL)
		fail_msg("open %s: %s", path, e.msg);
	assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
	store_close(s);
}

static void new_store_and_migrated_store_have_the_same_schema(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *fresh = tu_path(dir, "new.db"), *old = tu_path(dir, "old.db");
	open_store(fresh);
	fixture_store_v1(old);
	open_store(old);

	char *a = schema_text(fresh), *b = schema_text(old);
	/* Not two empty texts agreeing: the record table and a master
	 * table's index are there. */
	tu_assert_contains(a, "table|record|");
	tu_assert_contains(a, "index|code_article|code|");
	assert_same_text("the schemas of a new store and of a migrated version-1 store", a, "new",
	                 b, "migrated");
	free(a);
	free(b);
	tu_rmtree(dir);
	free(fresh);
	free(old);
	free(dir);
}

static void store_and_hub_have_the_master_tables_of_core(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *store = tu_path(dir, "tally.db"), *hub = tu_path(dir, "hub.db");
	open_store(store);
	char *argv[] = { (char *)tu_hub_bin(), "--db", hub, "init", NULL };
	struct tu_run r = tu_run(argv, NULL, NULL);
	if (r.status != 0)
		fail_msg("tally-hub init: exit %d: %s", r.status, r.err);
	tu_run_free(&r);

	for (size_t i = 0; i < master_table_count; i++) {
		const struct master_table *t = &master_tables[i];
		char *a = table_text(store, t->name), *b = table_text(hub, t->name);
		/* core's columns, in core's order, on both sides */
		char *want = tu_strfmt("%s", "");
		int cid = 0;
		for (const struct master_column *c = t->cols; c->name != NULL; c++, cid++) {
			char *w = tu_strfmt("%s%d|%s|\n", want, cid, c->name);
			free(want);
			want = w;
		}
		char *got = tu_strfmt("%s", "");
		for (const char *p = a; *p;) {
			int n = (int)strcspn(p, "|");
			const char *q = p + n + 1;
			int m = (int)strcspn(q, "|");
			char *g = tu_strfmt("%s%.*s|%.*s|\n", got, n, p, m, q);
			free(got);
			got = g;
			p += strcspn(p, "\n");
			p += *p == '\n';
		}
		char *what = tu_strfmt("the columns of %s in core and in a new store", t->name);
		assert_same_text(what, want, "core", got, "store");
		free(what);
		what =
		    tu_strfmt("the columns of %s in a new store and a new hub database", t->name);
		assert_same_text(what, a, "store", b, "hub");
		free(what);
		free(want);
		free(got);
		free(a);
		free(b);
	}
	tu_rmtree(dir);
	free(store);
	free(hub);
	free(dir);
}

static void generated_sql_says_what_core_lists(void **state)
{
	(void)state;
	char *sql = master_schema_sql(&master_schema, 1, MASTER_STORE, MASTER_SQLITE);
	assert_non_null(sql);
	/* A composite key, a quoted text default, a store-only index. */
	tu_assert_contains(sql,
	                   "CREATE TABLE basis(location_id TEXT NOT NULL, article_id TEXT NOT "
	                   "NULL, min INTEGER NOT NULL, max INTEGER NOT NULL, policy TEXT NOT "
	                   "NULL DEFAULT 'top-up-at-min', shelf_order INTEGER NOT NULL DEFAULT "
	                   "0, short_days INTEGER NOT NULL DEFAULT 90, PRIMARY "
	                   "KEY(location_id, article_id));");
	tu_assert_contains(sql, "CREATE INDEX basis_article ON basis(article_id);");
	free(sql);
	sql = master_schema_sql(&master_schema, 1, MASTER_HUB, MASTER_SQLITE);
	assert_non_null(sql);
	assert_null(strstr(sql, "CREATE INDEX"));
	free(sql);
	/* A revision this code does not know is refused, not run as nothing. */
	assert_null(
	    master_schema_sql(&master_schema, MASTER_REVISION + 1, MASTER_STORE, MASTER_SQLITE));
	assert_null(master_migration_sql(&master_schema, MASTER_TABLES_PREFIX "99\n", MASTER_STORE,
	                                 MASTER_SQLITE));
	/* A plain step is run as it is. */
	sql = master_migration_sql(&master_schema, "ALTER TABLE record ADD COLUMN x TEXT;",
	                           MASTER_STORE, MASTER_SQLITE);
	assert_string_equal(sql, "ALTER TABLE record ADD COLUMN x TEXT;");
	free(sql);
}

/*
 * A later revision, as a coming issue adds one (article.generic_name): a
 * column with and one without a default added to an existing table, a new
 * table, a store-only index.  The database made at revision 1 and taken to
 * revision 2 keeps its rows, gains the columns with their defaults, and ends
 * with the schema of one made at revision 2 in a single go through the same
 * steps; the hub side gets no index.
 */
static const struct master_table later_tables[] = {
	{ "thing",
	  1,
	  { { "id", 't', 1, NULL, 0, 0 },
	    { "name", 't', 0, "", MASTER_NOT_NULL, 0 },
	    { "generic_name", 't', 0, NULL, 0, 2 },
	    { "home", 't', 0, "none", MASTER_NOT_NULL | MASTER_SQL_DEFAULT, 2 } } },
	{ "other", 2, { { "a", 't', 1, NULL, 0, 0 }, { "b", 'i', 1, NULL, 0, 0 } } },
};
static const struct master_index later_indexes[] = {
	{ "thing_generic", "thing", "generic_name", MASTER_STORE, 2 },
};
static const struct master_schema later = { later_tables, 2, later_indexes, 1, 2 };

static void exec_revision(sqlite3 *db, int revision, enum master_side side)
{
	char *sql = master_schema_sql(&later, revision, side, MASTER_SQLITE);
	assert_non_null(sql);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("revision %d: %s\n%s", revision, msg, sql);
	free(sql);
}

static void a_later_column_reaches_an_old_database_as_a_migration(void **state)
{
	(void)state;
	char *dir = tu_mkdtemp(), *old = tu_path(dir, "old.db"), *fresh = tu_path(dir, "new.db");
	char *hub = tu_path(dir, "hub.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	exec_revision(db, 1, MASTER_STORE);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO thing(id, name) VALUES('A1', 'Paracet')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	exec_revision(db, 2, MASTER_STORE);
	char *row = tu_strfmt("%s", "");
	rows_text(db, "SELECT id, name, generic_name, home FROM thing", NULL, &row);
	assert_string_equal(row, "A1|Paracet|NULL|none\n");
	free(row);
	sqlite3_close(db);

	/* A new database goes through the same two steps. */
	assert_int_equal(sqlite3_open(fresh, &db), SQLITE_OK);
	exec_revision(db, 1, MASTER_STORE);
	exec_revision(db, 2, MASTER_STORE);
	sqlite3_close(db);
	assert_int_equal(sqlite3_open(hub, &db), SQLITE_OK);
	exec_revision(db, 1, MASTER_HUB);
	exec_revision(db, 2, MASTER_HUB);
	sqlite3_close(db);

	char *a = schema_text(old), *b = schema_text(fresh), *h = schema_text(hub);
	tu_assert_contains(a, "table|thing|2|generic_name|TEXT|0|NULL|0\n");
	tu_assert_contains(a, "table|thing|3|home|TEXT|1|'none'|0\n");
	tu_assert_contains(a, "table|other|1|b|INTEGER|1|NULL|2\n");
	tu_assert_contains(a, "index|thing_generic|thing|0|0|0|generic_name\n");
	assert_same_text("a database taken to revision 2 and a new one", a, "migrated", b, "new");
	assert_null(strstr(h, "thing_generic"));
	char *t1 = table_text(old, "thing"), *t2 = table_text(hub, "thing");
	assert_same_text("thing's columns on the store and the hub side", t1, "store", t2, "hub");
	free(t1);
	free(t2);
	free(a);
	free(b);
	free(h);
	tu_rmtree(dir);
	free(old);
	free(fresh);
	free(hub);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_store_and_migrated_store_have_the_same_schema),
		cmocka_unit_test(store_and_hub_have_the_master_tables_of_core),
		cmocka_unit_test(generated_sql_says_what_core_lists),
		cmocka_unit_test(a_later_column_reaches_an_old_database_as_a_migration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
