/*
 * sync-conf.h — the [hub] settings of tally.conf that sync uses, with their
 * documented defaults (tally.conf(5)).  The hub's URL is not among them:
 * it comes from enrolment and lives in the store.
 */
#ifndef TALLY_SYNC_SYNC_CONF_H
#define TALLY_SYNC_SYNC_CONF_H

#include "common/err.h"
#include "sync/http.h"

struct config;

#define SYNC_BATCH_RECORDS 500
#define SYNC_BATCH_BYTES   (512L * 1024L)
#define SYNC_PULL_LIMIT    1000
#define SYNC_INTERVAL_S    60

struct sync_conf {
	struct http_opts http; /* strings point into the config */
	long batch_records;    /* records per POST /v1/events */
	long batch_bytes;      /* bytes of JSON per POST, before compression */
	long pull_limit;       /* changes per GET /v1/changes page */
	long interval_s;       /* the daemon's period when nothing wakes it */
};

/* Fill c from cfg (NULL: all defaults).  EX_CONFIG in e on a bad number. */
int sync_conf_load(const struct config *cfg, struct sync_conf *c, struct tally_err *e);

#endif
