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
};

/* Start a proxy to 127.0.0.1:target_port, its files in dir; fails the test
 * when it does not come up within 5 s. */
void faultproxy_start(struct faultproxy *p, int target_port, const char *dir);

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
