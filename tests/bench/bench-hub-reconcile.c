/*
 * bench-hub-reconcile.c — reconciliation's cost at ingest: 10,000 records
 * (counts, consumption, receipts, loans over 5 wards × 100 articles) pushed
 * as 20 requests of 500, each request's events inserted and reconciled in
 * one transaction as ingest does.  Measured: the time spent reconciling,
 * all 20 requests together (target: under 1 s); baseline: the time spent
 * inserting the same events.
 */
#include "tests/bench/bench.h"
#include "hub/hub-db.h"
#include "hub/reconcile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REQUESTS 20
#define PER_REQ  500

int main(void)
{
	char dir[] = "/tmp/bench-hub-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return 1;
	char path[128];
	snprintf(path, sizeof(path), "%s/hub.db", dir);
	struct tally_err e = { 0 };
	struct hdb *db = hub_db_open(path, 1, &e);
	if (db == NULL)
		return 1;
	struct hdb_stmt *st;
	if (hdb_prepare(db,
	                "INSERT INTO event(device_id, db_id, seq, uuid, kind, device_time,"
	                " placed_time, received_at, location_id, article_id, qty, data, body)"
	                " VALUES(?1, 'db', ?2, 'u-' || ?1 || '-' || ?2, ?3, ?4, ?4, ?4, ?5, ?6,"
	                " ?7, ?8, '{}')",
	                &st) != HDB_OK)
		return 1;
	static const char *const kinds[] = { "count", "consume", "consume", "receive", "transfer" };
	double insert_s = 0, reconcile_s = 0;
	int n = 0;
	for (int r = 0; r < REQUESTS; r++) {
		hdb_begin(db);
		int64_t first = n + 1;
		double t0 = bench_now();
		for (int i = 0; i < PER_REQ; i++, n++) {
			char when[32], loc[16], art[16], to[32];
			/* Two handhelds, the second's records placed a little
			 * earlier: arrivals out of placed order. */
			int dev = 1 + n % 2;
			snprintf(when, sizeof(when), "2026-11-23T%02d:%02d:%02d.000Z", 6 + n / 3600,
			         (n / 60) % 60 - (dev == 2 && (n / 60) % 60 > 0), n % 60);
			snprintf(loc, sizeof(loc), "W%d", n % 5);
			snprintf(art, sizeof(art), "A%03d", (n / 5) % 100);
			snprintf(to, sizeof(to), "{\"to\":\"W%d\"}", (n + 1) % 5);
			const char *kind = kinds[(n / 500) % 5 == 0 ? 0 : n % 5];
			hdb_bind_int(st, 1, dev);
			hdb_bind_int(st, 2, n);
			hdb_bind_text(st, 3, kind);
			hdb_bind_text(st, 4, when);
			hdb_bind_text(st, 5, loc);
			hdb_bind_text(st, 6, art);
			hdb_bind_int(st, 7, 1 + n % 7);
			hdb_bind_text(st, 8, strcmp(kind, "transfer") == 0 ? to : "{}");
			if (hdb_step(st) != HDB_DONE)
				return 1;
			hdb_reset(st);
		}
		double t1 = bench_now();
		if (reconcile_after_ingest(db, first, &e) != 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		double t2 = bench_now();
		hdb_commit(db);
		insert_s += t1 - t0;
		reconcile_s += t2 - t1;
	}
	hdb_finalize(st);
	hdb_close(db);
	char side[160];
	snprintf(side, sizeof(side), "rm -rf %s", dir);
	if (system(side) != 0)
		return 1;
	bench_row("hub reconcile 10k events in 20 requests (s)", reconcile_s, "s", insert_s, "<1s",
	          reconcile_s < 1.0);
	return 0;
}
