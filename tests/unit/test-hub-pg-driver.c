/*
 * test-hub-pg-driver.c — what the PostgreSQL driver (hub/hdb-pg.c) keeps
 * between statements to save round trips, on a database of the run's
 * throwaway cluster:
 *   - a text run again is bound and run as the statement prepared the first
 *     time (one prepared statement per text and parameter types), with the
 *     right answer for every binding;
 *   - a connection the server dropped is made again and its statements
 *     prepared anew: the next statement still runs (the server forgot the
 *     old ones);
 *   - an advisory lock asked for twice in a transaction is held, and after
 *     that transaction ends, asking in the next one takes it again for
 *     real: another session cannot have it meanwhile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hub/hdb.h"
#include "tests/lib/pg-db.h"
#include "tests/lib/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
	char *conninfo;
	struct hdb *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->conninfo = pg_test_db_create("pg_driver");
	assert_int_equal(hdb_open(f->conninfo, 1, &f->db), HDB_OK);
	assert_int_equal(hdb_exec(f->db, "CREATE TABLE t(id BIGINT PRIMARY KEY, name TEXT)"),
	                 HDB_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hdb_close(f->db);
	pg_test_db_drop(f->conninfo);
	free(f->conninfo);
	free(f);
	return 0;
}

/* The first column of the one row of sql, as text (malloc'd), read through
 * the driver itself. */
static char *one(struct hdb *db, const char *sql)
{
	struct hdb_stmt *st = NULL;
	assert_int_equal(hdb_prepare(db, sql, &st), HDB_OK);
	int rc = hdb_step(st);
	if (rc != HDB_ROW)
		fail_msg("%s: %d %s", sql, rc, hdb_errmsg(db));
	char *v = strdup(hdb_column_text(st, 0) ? hdb_column_text(st, 0) : "NULL");
	hdb_finalize(st);
	return v;
}

/* This session's prepared statements, as "N". */
static char *prepared(struct hdb *db)
{
	return one(db, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'tally%'");
}

static void insert(struct hdb *db, int64_t id, const char *name)
{
	struct hdb_stmt *st = NULL;
	assert_int_equal(hdb_prepare(db, "INSERT INTO t(id, name) VALUES(?, ?)", &st), HDB_OK);
	hdb_bind_int64(st, 1, id);
	hdb_bind_text(st, 2, name);
	assert_int_equal(hdb_step(st), HDB_DONE);
	hdb_finalize(st);
}

static char *name_of(struct hdb *db, int64_t id)
{
	struct hdb_stmt *st = NULL;
	assert_int_equal(hdb_prepare(db, "SELECT name FROM t WHERE id = ?", &st), HDB_OK);
	hdb_bind_int64(st, 1, id);
	char *v = hdb_step(st) == HDB_ROW ? strdup(hdb_column_text(st, 0)) : strdup("none");
	hdb_finalize(st);
	return v;
}

static void a_text_is_prepared_once_and_answers_right(void **state)
{
	struct fixture *f = *state;
	/* The count itself is prepared before it runs: it sees itself. */
	char *n = prepared(f->db);
	assert_string_equal(n, "1");
	free(n);
	for (int i = 1; i <= 20; i++) {
		char name[16];
		snprintf(name, sizeof(name), "row %d", i);
		insert(f->db, i, name);
	}
	for (int i = 1; i <= 20; i++) {
		char want[16];
		snprintf(want, sizeof(want), "row %d", i);
		char *got = name_of(f->db, i);
		assert_string_equal(got, want);
		free(got);
	}
	char *none = name_of(f->db, 99);
	assert_string_equal(none, "none");
	free(none);
	/* The count, the insert and the look-up: one each, however often run. */
	n = prepared(f->db);
	assert_string_equal(n, "3");
	free(n);
	/* The same text with its parameter bound as text, not a number: a
	 * statement of its own, and the right answer. */
	struct hdb_stmt *st = NULL;
	assert_int_equal(hdb_prepare(f->db, "SELECT name FROM t WHERE id = ?", &st), HDB_OK);
	hdb_bind_text(st, 1, "7");
	assert_int_equal(hdb_step(st), HDB_ROW);
	assert_string_equal(hdb_column_text(st, 0), "row 7");
	hdb_finalize(st);
	n = prepared(f->db);
	assert_string_equal(n, "4");
	free(n);
}

static void a_dropped_connection_prepares_again(void **state)
{
	struct fixture *f = *state;
	insert(f->db, 1, "before");
	char *pid = one(f->db, "SELECT pg_backend_pid()");
	/* Another session ends this one, as a restarted server would. */
	char *sql = tu_strfmt("SELECT pg_terminate_backend(%s)", pid);
	struct tu_run r = pg_test_sql(f->conninfo, sql, 0);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	free(sql);
	/* The first statement after may fail (it learns the connection is
	 * gone; a read is retried once on a new one); the next ones run on
	 * the new session, prepared there afresh. */
	char *got = NULL;
	for (int i = 0; i < 3 && got == NULL; i++) {
		struct hdb_stmt *st = NULL;
		assert_int_equal(hdb_prepare(f->db, "SELECT name FROM t WHERE id = ?", &st),
		                 HDB_OK);
		hdb_bind_int64(st, 1, 1);
		if (hdb_step(st) == HDB_ROW)
			got = strdup(hdb_column_text(st, 0));
		hdb_finalize(st);
	}
	assert_non_null(got);
	assert_string_equal(got, "before");
	free(got);
	insert(f->db, 2, "after");
	got = name_of(f->db, 2);
	assert_string_equal(got, "after");
	free(got);
	char *now = one(f->db, "SELECT pg_backend_pid()");
	assert_string_not_equal(now, pid);
	free(now);
	free(pid);
}

/* Can another session take advisory lock key (shared: as a sharer) now?
 * "t" or "f". */
static char *other_session_gets(const char *conninfo, long long key, int shared)
{
	char *sql = tu_strfmt("SELECT pg_try_advisory_lock%s(%lld)", shared ? "_shared" : "", key);
	struct tu_run r = pg_test_sql(conninfo, sql, 0);
	free(sql);
	assert_int_equal(r.status, 0);
	char *out = strndup(r.out, strcspn(r.out, "\n"));
	tu_run_free(&r);
	return out; /* its session ends with psql: the lock goes with it */
}

static char *other_session_takes(const char *conninfo, long long key)
{
	return other_session_gets(conninfo, key, 0);
}

static char *other_session_shares(const char *conninfo, long long key)
{
	return other_session_gets(conninfo, key, 1);
}

static void a_lock_held_is_known_only_within_its_transaction(void **state)
{
	struct fixture *f = *state;
	const long long key = 4242;
	assert_int_equal(hdb_begin(f->db), HDB_OK);
	assert_int_equal(hdb_lock(f->db, key), HDB_OK);
	assert_int_equal(hdb_lock(f->db, key), HDB_OK);
	char *t = other_session_takes(f->conninfo, key);
	assert_string_equal(t, "f");
	free(t);
	assert_int_equal(hdb_commit(f->db), HDB_OK);
	t = other_session_takes(f->conninfo, key);
	assert_string_equal(t, "t");
	free(t);
	/* A new transaction, begun through the driver or as plain SQL: the
	 * lock is taken again, not remembered from the last one. */
	const char *begins[] = { NULL, "BEGIN", "START TRANSACTION" };
	for (int i = 0; i < 3; i++) {
		if (begins[i] == NULL)
			assert_int_equal(hdb_begin(f->db), HDB_OK);
		else
			assert_int_equal(hdb_exec(f->db, begins[i]), HDB_OK);
		assert_int_equal(hdb_lock(f->db, key), HDB_OK);
		t = other_session_takes(f->conninfo, key);
		assert_string_equal(t, "f");
		free(t);
		if (i == 1)
			assert_int_equal(hdb_exec(f->db, "COMMIT"), HDB_OK);
		else
			hdb_rollback(f->db);
		t = other_session_takes(f->conninfo, key);
		assert_string_equal(t, "t");
		free(t);
	}
}

/* A lock held shared is not taken for one held exclusively: asked for
 * exclusively after, it is asked of the server (place-lock.h's
 * reconciliation lock is taken both ways). */
static void a_lock_held_shared_is_not_held_exclusively(void **state)
{
	struct fixture *f = *state;
	const long long key = 4343;
	assert_int_equal(hdb_begin(f->db), HDB_OK);
	assert_int_equal(hdb_lock_shared(f->db, key), HDB_OK);
	char *t = other_session_shares(f->conninfo, key);
	assert_string_equal(t, "t");
	free(t);
	t = other_session_takes(f->conninfo, key);
	assert_string_equal(t, "f");
	free(t);
	assert_int_equal(hdb_lock(f->db, key), HDB_OK);
	t = other_session_shares(f->conninfo, key);
	assert_string_equal(t, "f");
	free(t);
	/* Held exclusively, a shared request is known held. */
	assert_int_equal(hdb_lock_shared(f->db, key), HDB_OK);
	hdb_rollback(f->db);
	t = other_session_takes(f->conninfo, key);
	assert_string_equal(t, "t");
	free(t);
}

int main(void)
{
	const char *why = pg_test_skip_reason();
	if (why != NULL) {
		printf("skipped: %s\n", why);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_text_is_prepared_once_and_answers_right, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_dropped_connection_prepares_again, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_lock_held_shared_is_not_held_exclusively, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(a_lock_held_is_known_only_within_its_transaction,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
