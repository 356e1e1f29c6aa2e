/*
 * test-hub-changelog.c — the change log's writer (hub/changelog.h) on a hub
 * database, without HTTP: what is put is written only when flushed, in the
 * order it was put, a row put twice in one transaction keeps its last
 * change, groups of every size go in whole (hundreds of changes, as a
 * reconciliation of a busy ward stages), and a row that moves place
 * remembers where it was, so the devices that held it there are told.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "tests/lib/hub-events.h"
#include "tests/lib/hub-run.h"
#include "tests/lib/testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
	char *dir, *path;
	struct hdb *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->dir = tu_mkdtemp();
	f->path = tu_path(f->dir, "hub.db");
	f->db = hub_test_open(f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hdb_close(f->db);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* How many stock changes the writer's own connection sees. */
static long long stock_changes(struct hdb *db)
{
	struct hdb_stmt *st;
	assert_int_equal(hdb_prepare(db, "SELECT count(*) FROM change WHERE tbl = 'stock'", &st),
	                 HDB_OK);
	assert_int_equal(hdb_step(st), HDB_ROW);
	long long n = hdb_column_int64(st, 0);
	hdb_finalize(st);
	return n;
}

static void put_stock(struct changelog_writer *w, int i, int qty)
{
	struct tally_err e = { 0 };
	char loc[16], art[16], key[40];
	snprintf(loc, sizeof(loc), "W%d", i % 7);
	snprintf(art, sizeof(art), "A%03d", i);
	snprintf(key, sizeof(key), "%s\x1f%s", loc, art);
	json_t *row = json_pack("{s:s,s:s,s:i,s:n}", "location_id", loc, "article_id", art, "qty",
	                        qty, "counted_at");
	assert_int_equal(changelog_writer_put(w, "stock", key, "upsert", row, &e), 0);
	json_decref(row);
}

static void what_is_put_is_written_when_flushed_in_the_order_put(void **state)
{
	struct fixture *f = *state;
	struct tally_err e = { 0 };
	/* 300 changes and one row again: groups of 256, 16, 16, 4, 4, 4 and 1
	 * of distinct rows, the second change of A150 in a group after the
	 * first's. */
	enum { N = 300, AGAIN = 150 };
	assert_int_equal(hub_db_begin(f->db, &e), 0);
	struct changelog_writer *w = changelog_writer_new(f->db, &e);
	assert_non_null(w);
	for (int i = 0; i < N; i++)
		put_stock(w, i, i);
	put_stock(w, AGAIN, 1000);
	assert_int_equal(stock_changes(f->db), 0);
	assert_int_equal(changelog_writer_flush(w, &e), 0);
	changelog_writer_free(w);
	assert_int_equal(hub_db_commit(f->db, &e), 0);

	/* Every row once, in the order put, A150's last change last. */
	char *want = tu_strfmt("%s", "");
	for (int i = 0; i < N; i++) {
		int k = i < AGAIN ? i : i < N - 1 ? i + 1 : AGAIN;
		char *more = tu_strfmt("%sW%d\x1f"
		                       "A%03d|W%d|{\"location_id\":\"W%d\",\"article_id\":"
		                       "\"A%03d\",\"qty\":%d,\"counted_at\":null}\n",
		                       want, k % 7, k, k % 7, k % 7, k, k == AGAIN ? 1000 : k);
		free(want);
		want = more;
	}
	char *got = hub_run_query(f->path, "SELECT key, loc, row FROM change WHERE tbl = 'stock'"
	                                   " ORDER BY cursor");
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void what_is_not_flushed_is_never_written(void **state)
{
	struct fixture *f = *state;
	struct tally_err e = { 0 };
	assert_int_equal(hub_db_begin(f->db, &e), 0);
	struct changelog_writer *w = changelog_writer_new(f->db, &e);
	assert_non_null(w);
	put_stock(w, 1, 5);
	changelog_writer_free(w);
	assert_int_equal(hub_db_commit(f->db, &e), 0);
	assert_int_equal(stock_changes(f->db), 0);
}

/* Put one change of user U1 (home: NULL for region-wide) in a transaction
 * of its own. */
static void put_user(struct hdb *db, const char *op, const char *home)
{
	struct tally_err e = { 0 };
	json_t *row = strcmp(op, "delete") == 0 ? json_pack("{s:s}", "id", "U1")
	                                        : json_pack("{s:s,s:s,s:s?}", "id", "U1", "name",
	                                                    "Kari", "home_id", home);
	assert_int_equal(hub_db_begin(db, &e), 0);
	assert_int_equal(changelog_put(db, "user", "U1", op, row, &e), 0);
	assert_int_equal(hub_db_commit(db, &e), 0);
	json_decref(row);
}

static void a_row_that_moves_remembers_where_it_was(void **state)
{
	struct fixture *f = *state;
	put_user(f->db, "upsert", "W1");
	put_user(f->db, "upsert", "W2");
	put_user(f->db, "upsert", NULL);
	char *got = hub_run_query(f->path, "SELECT op, loc, was FROM change WHERE tbl = 'user'");
	assert_string_equal(got, "upsert||[\"W1\",\"W2\"]\n");
	free(got);
	/* Back home: still told to the devices of the region and of W2. */
	put_user(f->db, "upsert", "W1");
	got = hub_run_query(f->path, "SELECT op, loc, was FROM change WHERE tbl = 'user'");
	assert_string_equal(got, "upsert|W1|[\"W1\",\"W2\",\"*\"]\n");
	free(got);
	/* A delete of keys only is bound where the row was. */
	put_user(f->db, "delete", NULL);
	got = hub_run_query(f->path, "SELECT op, loc, was FROM change WHERE tbl = 'user'");
	assert_string_equal(got, "delete|W1|[\"W1\",\"W2\",\"*\"]\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    what_is_put_is_written_when_flushed_in_the_order_put, setup, teardown),
		cmocka_unit_test_setup_teardown(what_is_not_flushed_is_never_written, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_row_that_moves_remembers_where_it_was, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
