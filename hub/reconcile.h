/*
 * reconcile.h — what the hub makes of the records: on-hand per location ×
 * article, recomputed as records arrive.
 *
 * on-hand(location, article) = the last count + receipts, refills and
 * transfers in − consumption, discards and transfers out after it, events
 * placed in time (placed_time, then device, then seq).  No count yet: the
 * movements from the opening balance (stock imported before any record),
 * else from zero.  A figure below zero is flagged (more_used): on-hand
 * says 0 to handhelds and the reports ask for a count.  Records cancelled
 * by a void record are left out.
 *
 * Within one session an article's count is the sum of its batches (a
 * recount of a batch replaces that batch; a count without a batch is the
 * whole count).
 *
 * A drill counts pack by pack (jobs/drill.c: one count record per scan,
 * each adding its packs), so the count records of one drill session at one
 * place add up to one count; any other count replaces the figure.
 */
#ifndef TALLY_SYNC_HUB_RECONCILE_H
#define TALLY_SYNC_HUB_RECONCILE_H

#include "common/err.h"

#include "hub/hdb.h"
#include <stddef.h>
#include <stdint.h>

/* SQL: the event aliased `ev` is not cancelled by a void record of its
 * device and store (data {"seq": N}; index event_void).  Reconciliation and every
 * report leave voided records out with it. */
#define HUB_NOT_VOIDED(ev)                                                            \
	" AND NOT EXISTS (SELECT 1 FROM event AS v INDEXED BY event_void"             \
	" WHERE v.kind = 'void' AND v.device_id = " ev ".device_id AND v.db_id = " ev \
	".db_id AND json_extract(v.data, '$.seq') = " ev ".seq)"

/* Recompute every location × article touched by the events with
 * id >= first_event_id (the ones just ingested), inside the caller's
 * transaction: onhand rows, and the stock master rows (with their change
 * log entries) where the figure changed. */
int reconcile_after_ingest(struct hdb *db, int64_t first_event_id, struct tally_err *e);

/* Recompute the n location × article pairs (pairs[2i], pairs[2i+1]) from
 * their history, inside the caller's transaction, as reconcile_after_ingest
 * does (records attributed to an article later, hub/code-attribute.h). */
int reconcile_pairs(struct hdb *db, const char *const *pairs, size_t n, struct tally_err *e);

/* Recompute every location × article from all events; in its own
 * transaction unless the caller holds one. */
int reconcile_all(struct hdb *db, struct tally_err *e);

/* The result for one location × article. */
struct onhand {
	int64_t qty;
	int counted; /* a count exists */
	int64_t last_count;
	char counted_at[32]; /* placed_time of the last count, "" when none */
	int opening;         /* no count: the figure starts from an opening balance */
	int more_used;       /* more was used than was there (below zero): count it */
};

/* One count as the walk meets it: what was expected on the shelf just
 * before (the running on-hand) and what was counted.  For a drill's
 * further scans at the same place `continues` is set and `counted`,
 * `expected` describe the drill's whole count so far. */
struct onhand_count {
	int64_t event_id, device_id;
	const char *placed_time, *user, *session;
	int64_t expected, counted;
	int known; /* anything (a count, a movement) came before: expected means something */
	int continues;
};
typedef void (*onhand_count_fn)(const struct onhand_count *c, void *arg);

/* Walk one location × article through all its events; fn (may be NULL)
 * sees every count. */
int reconcile_pair(struct hdb *db, const char *location_id, const char *article_id,
                   struct onhand *out, onhand_count_fn fn, void *arg, struct tally_err *e);

#endif
