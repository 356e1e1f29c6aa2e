/*
 * hub-events.h — for the hub's tests: put records into a hub database the
 * way ingest does (the columns of `event`, then reconciliation inside the
 * same transaction), without HTTP in between.
 */
#ifndef TALLY_TESTS_HUB_EVENTS_H
#define TALLY_TESTS_HUB_EVENTS_H

#include "hub/hub-db.h"
#include "hub/reconcile.h"
#include "tests/lib/hub-run.h"

#include "hub/hdb.h"
#include <stdio.h>
#include <stdlib.h>

/* Tables of events leave batch and expiry out where they do not matter. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

struct hub_ev {
	int64_t device;
	int64_t seq;
	const char *kind, *placed, *session, *user, *location, *article;
	int64_t qty;
	const char *data;
	const char *batch, *expiry;
};

/* A new hub database for the file `path`, opened in this process: that
 * file (SQLite), or in the PostgreSQL run a fresh database of the run's
 * cluster named after it (tests/lib/hub-run.h). */
static inline struct hdb *hub_test_open(const char *path)
{
	struct tally_err e = { 0 };
	char *where = NULL;
	if (hub_run_pg()) {
		hub_run_init(path);
		where = hub_run_where(path);
	}
	struct hdb *db = hub_db_open(where != NULL ? where : path, 1, &e);
	if (db == NULL) {
		fprintf(stderr, "hub_test_open: %s\n", e.msg);
		abort();
	}
	free(where);
	return db;
}

/* Insert the events of one request and reconcile them in one transaction,
 * as ingest does; aborts the test program on a failure. */
static inline void hub_ingest(struct hdb *db, const struct hub_ev *ev, size_t n)
{
	struct tally_err e = { 0 };
	struct hdb_stmt *st = NULL;
	int64_t first = 0;
	if (hdb_begin(db) != HDB_OK ||
	    hdb_prepare(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM event", &st) != HDB_OK ||
	    hdb_step(st) != HDB_ROW)
		goto fail;
	first = hdb_column_int64(st, 0);
	hdb_finalize(st);
	if (hdb_prepare(db,
	                "INSERT INTO event(device_id, db_id, seq, uuid, kind, device_time,"
	                " placed_time, received_at, session, user, location_id, article_id,"
	                " qty, batch, expiry, data, body)"
	                " VALUES(?1, 'db-' || ?1, ?2, 'u-' || ?1 || '-' || ?2, ?3, ?4, ?4, ?4,"
	                " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, '{}')",
	                &st) != HDB_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		hdb_reset(st);
		hdb_bind_int64(st, 1, ev[i].device);
		hdb_bind_int64(st, 2, ev[i].seq);
		hdb_bind_text(st, 3, ev[i].kind);
		hdb_bind_text(st, 4, ev[i].placed);
		hdb_bind_text(st, 5, ev[i].session);
		hdb_bind_text(st, 6, ev[i].user);
		hdb_bind_text(st, 7, ev[i].location);
		hdb_bind_text(st, 8, ev[i].article);
		hdb_bind_int64(st, 9, ev[i].qty);
		hdb_bind_text(st, 10, ev[i].batch);
		hdb_bind_text(st, 11, ev[i].expiry);
		hdb_bind_text(st, 12, ev[i].data ? ev[i].data : "{}");
		if (hdb_step(st) != HDB_DONE)
			goto fail;
	}
	hdb_finalize(st);
	st = NULL;
	if (reconcile_after_ingest(db, first, &e) != 0 || hdb_commit(db) != HDB_OK)
		goto fail;
	return;
fail:
	fprintf(stderr, "hub_ingest: %s / %s\n", hdb_errmsg(db), e.msg);
	abort();
}

/* Run SQL (master rows, ...) or abort. */
static inline void hub_sql(struct hdb *db, const char *sql)
{
	if (hdb_exec(db, sql) != HDB_OK) {
		fprintf(stderr, "hub_sql: %s\n%s\n", hdb_errmsg(db), sql);
		abort();
	}
}

/* The first column of the first row as an integer; `missing` when none. */
static inline int64_t hub_int(struct hdb *db, const char *sql, int64_t missing)
{
	struct hdb_stmt *st = NULL;
	int64_t v = missing;
	if (hdb_prepare(db, sql, &st) != HDB_OK) {
		fprintf(stderr, "hub_int: %s\n%s\n", hdb_errmsg(db), sql);
		abort();
	}
	if (hdb_step(st) == HDB_ROW && hdb_column_type(st, 0) != HDB_NULL)
		v = hdb_column_int64(st, 0);
	hdb_finalize(st);
	return v;
}

#endif
