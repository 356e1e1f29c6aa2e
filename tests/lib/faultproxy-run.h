/*
 * faultproxy-run.h — start tests/helpers/faultproxy in front of a server,
 * choose the fault for the next connections, read what it saw, stop it.
 */
#ifndef TALLY_TESTS_FAULTPROXY_RUN_H
#define TALLY_TESTS_FAULTPROXY_RUN_H

#include <sys/types.h>

struct faultproxy {
	pid_t pid;
	int port;      /* where clients connect */
	char *control; /* the control file (faultproxy.c lists the lines) */
	char *log;     /* its stdout: one line per connection event */
	char *dir;
	char *capture; /* where it writes each connection's bytes: ID.up, ID.down */
	int starts;
};

/* Start a proxy to 127.0.0.1:target_port, its files in dir; fails the test
 * when it does not come up within 5 s. */
void faultproxy_start(struct faultproxy *p, int target_port, const char *dir);

/* Stop it and start it again on the same port, now in front of
 * target_port (a restarted server); the log goes on, connection ids start
 * again at 1 and captures go to a new directory. */
void faultproxy_restart(struct faultproxy *p, int target_port);

/* The id of the last connection accepted (0: none yet). */
unsigned faultproxy_last_conn(const struct faultproxy *p);

/* What connection `id` carried one way ("up" client→server, "down"),
 * malloc'd, NUL-terminated; NULL when there is no such capture. */
char *faultproxy_captured(const struct faultproxy *p, unsigned id, const char *way, size_t *len);

/* Replace the control file with `lines` (whole lines, may be ""), atomically. */
void faultproxy_set(struct faultproxy *p, const char *lines);

/* Everything the proxy printed so far (malloc'd). */
char *faultproxy_log(const struct faultproxy *p);

/* Wait up to ms for `needle` to appear in the log after byte `from`;
 * returns 1 when it did. */
int faultproxy_wait_log(const struct faultproxy *p, const char *needle, size_t from, int ms);

/* SIGTERM, wait, free. */
void faultproxy_stop(struct faultproxy *p);

#endif
