/*
 * test-hub-import.c — tally-hub init and import, run as a hub admin would:
 * JSON and CSV master data land in the change log once; a bad row is
 * refused, named, and nothing of its file is kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tally-hub on the hub database for the file db (tests/lib/hub-run.h says
 * which engine); init makes a PostgreSQL database afresh first. */
static struct tu_run hub(const char *db, const char *a1, const char *a2, const char *a3,
                         const char *a4)
{
	if (hub_run_pg() && strcmp(a1, "init") == 0)
		hub_run_init(db);
	char *where = hub_run_where(db);
	char *argv[] = { (char *)tu_hub_bin(), "--db",     where,      (char *)a1,
		         (char *)a2,           (char *)a3, (char *)a4, NULL };
	char *env[] = { "TALLY_LANG=en", NULL };
	struct tu_run r = tu_run(argv, NULL, env);
	free(where);
	return r;
}

static long long count(const char *db, const char *sql)
{
	return hub_run_count(db, sql);
}

static const char *json_good =
    "{\"article\":[{\"id\":\"A1\",\"name\":\"Paracet\",\"antidote\":false,\"min_shelf_days\":90},"
    "{\"id\":\"A2\",\"name\":\"Nalokson\",\"antidote\":true}],"
    "\"location\":[{\"id\":\"MED1\",\"name\":\"Medisinsk 1\",\"kind\":\"ward\"}],"
    "\"basis\":[{\"location_id\":\"MED1\",\"article_id\":\"A1\",\"min\":2,\"max\":10},"
    "{\"location_id\":\"MED1\",\"article_id\":\"A2\",\"min\":1,\"max\":3}]}";

static void json_import_logs_each_row_once(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db"), *f = tu_path(dir, "m.json");
	struct tu_run r = hub(db, "init", NULL, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	tu_write_file(f, json_good);
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "article");
	tu_assert_contains(r.out, "2 changed");
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT count(*) FROM change"), 5);
	assert_int_equal(count(db, "SELECT max(cursor) FROM change"), 5);

	/* The same file again changes nothing and logs nothing. */
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT max(cursor) FROM change"), 5);

	/* One changed row moves to a new cursor; a deletion replaces its upsert. */
	tu_write_file(f,
	              "{\"article\":[{\"id\":\"A1\",\"name\":\"Paracetamol\"}],"
	              "\"delete\":{\"basis\":[{\"location_id\":\"MED1\",\"article_id\":\"A2\"}]}}");
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "1 deleted");
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT count(*) FROM change"), 5);
	assert_int_equal(count(db, "SELECT cursor FROM change WHERE key = 'A1'"), 6);
	assert_int_equal(count(db, "SELECT count(*) FROM change WHERE op = 'delete' AND "
	                           "key LIKE 'MED1_A2' AND cursor = 7"),
	                 1);
	assert_int_equal(count(db, "SELECT count(*) FROM basis"), 1);
	tu_rmtree(dir);
	free(dir);
	free(db);
	free(f);
}

static void bad_rows_are_named_and_nothing_is_kept(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db"), *f = tu_path(dir, "m.json");
	struct tu_run r = hub(db, "init", NULL, NULL, NULL);
	tu_run_free(&r);
	static const struct {
		const char *json, *says;
	} cases[] = {
		{ "{\"article\":[{\"id\":\"A1\",\"name\":\"x\"},{\"id\":\"A2\",\"colour\":\"red\"}]"
		  "}",
		  "table article, row 2: unknown column 'colour'" },
		{ "{\"article\":[{\"id\":\"A1\",\"name\":\"x\"}],\"basis\":[{\"location_id\":\"M\"}"
		  "]}",
		  "table basis, row 1: the key column 'article_id' is missing" },
		{ "{\"article\":[{\"id\":\"A1\",\"name\":\"x\",\"antidote\":\"yes\"}]}",
		  "table article, row 1: column 'antidote' should be a whole number" },
		{ "{\"article\":[{\"id\":\"A1\",\"name\":\"x\"}],\"plan_place\":[{\"plan_id\":"
		  "\"P\","
		  "\"article_id\":\"A1\",\"location_id\":\"L\",\"tier\":\"basement\"}]}",
		  "table plan_place, row 1: column 'tier' is 'basement': use "
		  "ambulance|emergency|ward|pharmacy|wholesaler" },
		{ "{\"article\":[{\"id\":\"A1\",\"name\":\"x\",\"antidote_tier\":\"some\"}]}",
		  "column 'antidote_tier' is 'some': use all|larger|region" },
		{ "{\"widgets\":[{\"id\":\"A1\"}]}", "unknown table 'widgets'" },
		{ "{\"article\":[{\"id\":\"A1\"", "not valid JSON" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tu_write_file(f, cases[i].json);
		r = hub(db, "import", f, NULL, NULL);
		assert_int_equal(r.status, 65);
		tu_assert_contains(r.err, cases[i].says);
		tu_assert_contains(r.err, "m.json");
		tu_run_free(&r);
		assert_int_equal(count(db, "SELECT count(*) FROM article"), 0);
		assert_int_equal(count(db, "SELECT count(*) FROM change"), 0);
	}
	tu_rmtree(dir);
	free(dir);
	free(db);
	free(f);
}

static void csv_import_with_quoting_and_table_line(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db"), *f = tu_path(dir, "articles.csv"),
	     *g = tu_path(dir, "codes.txt");
	struct tu_run r = hub(db, "init", NULL, NULL, NULL);
	tu_run_free(&r);
	tu_write_file(f, "#table article\r\n"
	                 "id,name,form,antidote,min_shelf_days\r\n"
	                 "A1,\"Paracetamol 500 mg, 20 stk\",tablett,0,180\r\n"
	                 "A2,\"Nalokson \"\"Prenoxad\"\"\",injeksjon,true,\r\n");
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT count(*) FROM article WHERE name = 'Paracetamol 500 mg, "
	                           "20 stk' AND min_shelf_days = 180"),
	                 1);
	assert_int_equal(count(db, "SELECT count(*) FROM article WHERE name = 'Nalokson "
	                           "\"Prenoxad\"' AND antidote = 1 AND min_shelf_days = 0"),
	                 1);

	/* --table names the table of a file without the line; row 2 is bad. */
	tu_write_file(g,
	              "code,article_id,multiplier\n09521234543213,A1,1\n19521234543210,A1,ten\n");
	r = hub(db, "import", g, "--table", "code");
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "codes.txt: table code, row 2 (line 3): column 'multiplier' "
	                          "should be a whole number");
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT count(*) FROM code"), 0);
	tu_write_file(g, "code,article_id,multiplier\n09521234543213,A1,1\n19521234543210,A1,10\n");
	r = hub(db, "import", g, "--table", "code");
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT multiplier FROM code WHERE code = '19521234543210'"),
	                 10);
	assert_int_equal(count(db, "SELECT count(*) FROM change"), 4);

	/* A quoted field may hold a line break and be long; the line numbers
	 * of later rows still count it.  An unclosed quote refuses the file. */
	char longname[3000];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	char *csv =
	    tu_strfmt("#table article\nid,name\nA4,\"Zink\n100 mg\"\nA5,%s\nA6,\"\"\n", longname);
	tu_write_file(f, csv);
	free(csv);
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT count(*) FROM article WHERE id = 'A4' AND name LIKE "
	                           "'Zink_100 mg'"),
	                 1);
	assert_int_equal(count(db, "SELECT length(name) FROM article WHERE id = 'A5'"),
	                 (int)sizeof(longname) - 1);
	assert_int_equal(count(db, "SELECT count(*) FROM article WHERE id = 'A6' AND name = ''"),
	                 1);
	tu_write_file(f, "#table article\nid,name\nA7,\"never closed\n");
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "a quoted field is not closed");
	tu_run_free(&r);
	assert_int_equal(count(db, "SELECT count(*) FROM article WHERE id = 'A7'"), 0);

	/* A CSV without its table is refused with what to do. */
	tu_write_file(f, "id,name\nA3,x\n");
	char *h = tu_path(dir, "x.csv");
	tu_write_file(h, "id,name\nA3,x\n");
	r = hub(db, "import", h, NULL, NULL);
	assert_int_equal(r.status, 65);
	tu_assert_contains(r.err, "--table");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(db);
	free(f);
	free(g);
	free(h);
}

static void region_demo_data_imports(void **state)
{
	char *dir = tu_mkdtemp(), *db = tu_path(dir, "hub.db"),
	     *f = tu_srcfile("tests/demo/region.json");
	struct tu_run r = hub(db, "init", NULL, NULL, NULL);
	tu_run_free(&r);
	r = hub(db, "import", f, NULL, NULL);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_true(count(db, "SELECT count(*) FROM article") > 10);
	assert_int_equal(count(db, "SELECT count(*) FROM change"),
	                 count(db,
	                       "SELECT (SELECT count(*) FROM article) + (SELECT count(*) FROM "
	                       "code) + (SELECT count(*) FROM location) + (SELECT count(*) "
	                       "FROM basis) + (SELECT count(*) FROM \"user\") + (SELECT count(*) "
	                       "FROM plan) + (SELECT count(*) FROM plan_line) + (SELECT "
	                       "count(*) FROM plan_place) + (SELECT count(*) FROM delivery) + "
	                       "(SELECT count(*) FROM delivery_line) + (SELECT count(*) FROM "
	                       "stock)"));
	tu_rmtree(dir);
	free(dir);
	free(db);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_import_logs_each_row_once),
		cmocka_unit_test(bad_rows_are_named_and_nothing_is_kept),
		cmocka_unit_test(csv_import_with_quoting_and_table_line),
		cmocka_unit_test(region_demo_data_imports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
