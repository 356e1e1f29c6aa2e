/*
 * pg-db.h — a database of its own for each test, in the run's throwaway
 * PostgreSQL cluster.
 *
 * tests/run-all.sh starts one cluster per run (tests/pg-cluster.sh) and
 * exports its connection string as TALLY_TEST_PG
 * ("postgresql:///postgres?host=DIR&port=N&user=tally": a URI whose path
 * is the maintenance database).  A test asks for a fresh, empty database,
 * uses it through the returned connection string (libpq or psql), and
 * drops it; whatever a failed test leaves behind goes with the cluster at
 * the end of the run.
 *
 * Where PostgreSQL is not installed, run-all.sh sets TALLY_TEST_PG_SKIP
 * instead, and pg_test_skip_reason() returns it: the test prints
 * "skipped: REASON" and skips.  Run by hand without either variable, a
 * test fails (pg_test_db_create) and says how to run it, as a missing cluster there is a
 * mistake, not something this machine lacks.
 *
 * SQL goes through psql (PostgreSQL's client, installed with its server),
 * so the test programs link no libpq of their own.
 */
#ifndef TALLY_TESTS_PG_DB_H
#define TALLY_TESTS_PG_DB_H

#include "tests/lib/testutil.h"

/* Why this machine has no cluster to offer (TALLY_TEST_PG_SKIP: PostgreSQL
 * is not installed), else NULL. */
const char *pg_test_skip_reason(void);

/* A new empty database named after `name` (letters, digits, '_'), unique
 * in the run; returns its malloc'd connection string.  Fails the test
 * when the cluster cannot make it. */
char *pg_test_db_create(const char *name);

/* The database `name` of the run's cluster (letters, digits, '_'),
 * made afresh (dropped first when it exists) when `fresh`; its malloc'd
 * connection string. */
char *pg_test_db_named(const char *name, int fresh);

/* Drop the database of conninfo (made by pg_test_db_create), even while
 * something is still connected to it; fails the test when it cannot. */
void pg_test_db_drop(const char *conninfo);

/* Run `sql` (any number of statements, ON_ERROR_STOP; with single set, in
 * one transaction) on conninfo through psql: rows unaligned, one a line,
 * columns by '|', no headers.  status 0 when every statement succeeded;
 * psql's error is in err. */
struct tu_run pg_test_sql(const char *conninfo, const char *sql, int single);

#endif
