/*
 * hub-events.h — for the hub's tests: put records into a hub database the
 * way ingest does (the columns of `event`, then reconciliation inside the
 * same transaction), without HTTP in between.
 */
#ifndef TALLY_TESTS_HUB_EVENTS_H
#define TALLY_TESTS_HUB_EVENTS_H

#include "hub/reconcile.h"

#include <sqlite3.h>
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

/* Insert the events of one request and reconcile them in one transaction,
 * as ingest does; aborts the test program on a failure. */
static inline void hub_ingest(sqlite3 *db, const struct hub_ev *ev, size_t n)
{
	struct tally_err e = { 0 };
	sqlite3_stmt *st = NULL;
	int64_t first = 0;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM event", -1, &st, NULL) !=
	        SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	first = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(
	        db,
	        "INSERT INTO event(device_id, db_id, seq, uuid, kind, device_time,"
	        " placed_time, received_at, session, user, location_id, article_id,"
	        " qty, batch, expiry, data, body)"
	        " VALUES(?1, 'db-' || ?1, ?2, 'u-' || ?1 || '-' || ?2, ?3, ?4, ?4, ?4,"
	        " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, '{}')",
	        -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ev[i].device);
		sqlite3_bind_int64(st, 2, ev[i].seq);
		sqlite3_bind_text(st, 3, ev[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, ev[i].placed, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, ev[i].session, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, ev[i].user, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, ev[i].location, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, ev[i].article, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, ev[i].qty);
		sqlite3_bind_text(st, 10, ev[i].batch, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, ev[i].expiry, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, ev[i].data ? ev[i].data : "{}", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (reconcile_after_ingest(db, first, &e) != 0 ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return;
fail:
	fprintf(stderr, "hub_ingest: %s / %s\n", sqlite3_errmsg(db), e.msg);
	abort();
}

/* Run SQL (master rows, ...) or abort. */
static inline void hub_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "hub_sql: %s\n%s\n", msg, sql);
		abort();
	}
}

/* The first column of the first row as an integer; `missing` when none. */
static inline int64_t hub_int(sqlite3 *db, const char *sql, int64_t missing)
{
	sqlite3_stmt *st = NULL;
	int64_t v = missing;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "hub_int: %s\n%s\n", sqlite3_errmsg(db), sql);
		abort();
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

#endif
