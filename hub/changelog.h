/*
 * changelog.h — the hub's change log: what GET /v1/changes pages through.
 *
 * Every write to a master table (import, reconciliation's stock snapshots)
 * goes through changelog_put, inside the writer's transaction, so the row
 * and its change commit together.
 */
#ifndef TALLY_SYNC_HUB_CHANGELOG_H
#define TALLY_SYNC_HUB_CHANGELOG_H

#include "common/err.h"

#include "hub/hdb.h"

#include <jansson.h>
#include <stdint.h>

/* Cursors commit in the order they are handed out.  A change row's cursor
 * comes from a sequence (SQLite's AUTOINCREMENT, PostgreSQL's identity
 * column); on PostgreSQL two transactions can draw cursors 10 and 11 and
 * commit 11 first, and a device paging the feed in between would see 11,
 * move its cursor past 10 and never see 10.  So every transaction takes
 * the change log's lock (changelog_lock: pg_advisory_xact_lock of one key,
 * held until it commits or rolls back) before it draws its first cursor:
 * the next writer draws only after this one has committed, so whoever
 * sees cursor N+1 also sees N.  On SQLite the write transaction already
 * excludes every other writer.
 *
 * Only the part of a transaction that writes changes is serialised, and
 * it comes last: a push stores its records and reconciles its places
 * side by side with other hub processes (hub/place-lock.h), staging its
 * stock changes in a writer, and takes this lock only to write them, just
 * before it commits.  The change log's lock is the last lock any
 * transaction takes.  0, or a status with e set. */
#define CHANGELOG_LOCK_KEY 0x74616c6c79636cLL
int changelog_lock(struct hdb *db, struct tally_err *e);

/* Record that `row` of master table `table` was upserted (op "upsert") or
 * deleted (op "delete": row holds at least the key columns).  `key` names
 * the row uniquely within its table (e.g. "MED1\x1fA001").  The row's old
 * change, if any, is replaced: the log keeps the latest change per row. */
int changelog_put(struct hdb *db, const char *table, const char *key, const char *op, json_t *row,
                  struct tally_err *e);

/* The same, for a writer that records many changes in one transaction
 * (reconciliation): changelog_writer_put stages a change in memory (the
 * row is kept, not copied: leave it unchanged), changelog_writer_flush
 * takes the change log's lock and writes what was staged, in the order it
 * was put, through one set of prepared statements.  What is not flushed
 * is never written: changelog_writer_free drops it (a transaction rolled
 * back).  changelog_writer_new returns NULL with e set. */
struct changelog_writer;
struct changelog_writer *changelog_writer_new(struct hdb *db, struct tally_err *e);
int changelog_writer_put(struct changelog_writer *w, const char *table, const char *key,
                         const char *op, json_t *row, struct tally_err *e);
int changelog_writer_flush(struct changelog_writer *w, struct tally_err *e);
void changelog_writer_free(struct changelog_writer *w);

/* The changes that reach device `device_id` of scope `scope` (a location;
 * NULL: the whole region) with cursor > since, at most limit, as the JSON
 * of GET /v1/changes: {"changes":[{cursor, table, op, row}...], "next": N,
 * "more": bool}.  A row that left the device's scope comes as a delete;
 * when there is no more, next is the newest cursor of the log, so a
 * device's cursor only ever goes up (hub/scope.h).  As text (malloc'd),
 * what the hub sends: each row as the log keeps it, never parsed and
 * written again; or parsed.  NULL with e set. */
char *changelog_page_text(struct hdb *db, int64_t device_id, const char *scope, int64_t since,
                          int limit, struct tally_err *e);
json_t *changelog_page(struct hdb *db, int64_t device_id, const char *scope, int64_t since,
                       int limit, struct tally_err *e);

#endif
