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
	char *db;     /* the hub database */
	char *log;    /* what the hub wrote to stderr: db + ".log" */
	int out_fd;   /* its stdout, kept open while it runs */
};

/* `tally-hub --db DB init` (exits the test on failure). */
void hub_run_init(const char *db);

/* Start `tally-hub --db DB serve --listen 127.0.0.1:0 [extra...]` (extra is
 * NULL-terminated, may be NULL) and wait for its "listening on" line. */
void hub_run_start(struct hub_run *h, const char *db, const char *const extra[]);

/* SIGTERM, wait; the hub's exit status (128+signal when killed). */
int hub_run_stop(struct hub_run *h);

/* A fresh enrolment code (XXXX-XXXX-XXXX) for the hub at DB, made with
 * `tally-hub enroll-code NAME --url URL`; malloc'd. */
char *hub_run_code(const char *db, const char *name, const char *url);

/* `tally-hub --db DB import FILE`: its exit status (output to stderr). */
int hub_run_import(const char *db, const char *file);

#endif
