/*
 * hub-run.h — a real tally-hub for a test: initialised, serving on
 * 127.0.0.1 on a port of its own choosing, stopped afterwards.
 *
 * Include after <cmocka.h> (failures are cmocka failures).
 */
#ifndef TALLY_TESTS_HUB_RUN_H
#define TALLY_TESTS_HUB_RUN_H

#include <sys/types.h>

struct hub_run {
	pid_t pid;
	int port;
	char url[64]; /* "http://127.0.0.1:PORT" (https with TLS) */
	char *db;     /* the hub database's file (SQLite), named for the test */
	char *where;  /* what --db the hub got: db, or a PostgreSQL database */
	char *log;    /* what the hub wrote to stderr: db + ".log" */
	int out_fd;   /* its stdout, kept open while it runs */
};

/* Every DB below is a file name, and the hub runs on SQLite there --
 * unless TALLY_TEST_HUB_ENGINE is "postgresql" (run-all.sh runs each hub
 * test program a second time so, in the run's cluster: tests/lib/pg-db.h),
 * when the hub gets a PostgreSQL database of its own named after DB
 * instead.  hub_run_where(DB): what to give the hub's --db for DB
 * (malloc'd); hub_run_pg(): 1 in the PostgreSQL run. */
char *hub_run_where(const char *db);
int hub_run_pg(void);

/* The rows of `sql` read from the hub's database for DB, whichever the
 * engine: one a line, columns between '|' (malloc'd). */
char *hub_run_query(const char *db, const char *sql);

/* Run `sql` (no rows) on the hub's database for DB, whichever the engine;
 * fails the test when it fails. */
void hub_run_exec(const char *db, const char *sql);

/* The first column of the one row `sql` gives, as a number, read from the
 * hub's database for DB (while the hub runs), whichever the engine. */
long long hub_run_count(const char *db, const char *sql);

/* `tally-hub --db DB init` (exits the test on failure); on PostgreSQL the
 * database is made afresh first. */
void hub_run_init(const char *db);

/* Start `tally-hub --db DB serve --listen 127.0.0.1:0 [extra...]` (extra is
 * NULL-terminated, may be NULL) and wait for its "listening on" line.  The
 * hub is sent SIGTERM when the thread that started it ends (a test that
 * failed before hub_run_stop leaves none behind): start it from the test's
 * own thread. */
void hub_run_start(struct hub_run *h, const char *db, const char *const extra[]);

/* SIGTERM, wait; the hub's exit status (128+signal when killed). */
int hub_run_stop(struct hub_run *h);

/* A fresh enrolment code (XXXX-XXXX-XXXX) for the hub at DB, made with
 * `tally-hub enroll-code NAME --url URL`; malloc'd. */
char *hub_run_code(const char *db, const char *name, const char *url);

/* `tally-hub --db DB import FILE`: its exit status (output to stderr). */
int hub_run_import(const char *db, const char *file);

#endif
