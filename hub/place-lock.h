/*
 * place-lock.h — which reconciliations may run side by side.
 *
 * Reconciliation walks a place's history and writes its figures.  Two hub
 * processes reconciling the same place at once would each walk without
 * the other's uncommitted records, and the later commit would write a
 * figure that misses the earlier's.  So a transaction locks the places it
 * reconciles before it reads their history, and holds them until it ends:
 * the second walks only after the first committed and (READ COMMITTED:
 * each statement sees what was committed before it) sees its records.
 * Places not shared are reconciled side by side.  A place is a location:
 * its articles go together (a push touches one ward's or bin's articles,
 * a few locks rather than hundreds; PostgreSQL's lock table is finite).
 *
 * The order every transaction takes its locks in, so none waits for
 * another in a circle:
 *
 *   1. the reconciliation lock: shared by a transaction that locks a few
 *      places (place_lock), exclusive by one that reconciles everywhere or
 *      has written changes before it reconciles (place_lock_all: an
 *      import, a code mapped at /unknown, reconcile_all);
 *   2. the places' locks, in ascending order of their keys;
 *   3. the change log's lock (changelog.h), last, until commit.
 *
 * On SQLite the write transaction excludes every other writer, and each
 * of these is nothing.  0, or a status with e set.
 */
#ifndef TALLY_HUB_PLACE_LOCK_H
#define TALLY_HUB_PLACE_LOCK_H

#include "common/err.h"

#include "hub/hdb.h"

#include <stddef.h>

/* More places than this in one transaction take place_lock_all. */
#define PLACE_LOCK_MAX 32

/* The reconciliation lock's key (a namespace of its own beside the change
 * log's and the schema's). */
#define RECONCILE_LOCK_KEY 0x74616c6c797263LL

/* The lock of location `id`: a 64-bit hash of its id, kept apart from the
 * other keys by its top byte.  Two places that share a key are reconciled
 * one after the other, which is only slower. */
int64_t place_lock_key(const char *id);

/* Lock the n locations ids[] (duplicates allowed) for reconciliation, in
 * the order above; more than PLACE_LOCK_MAX distinct: place_lock_all. */
int place_lock(struct hdb *db, const char *const *ids, size_t n, struct tally_err *e);

/* Lock every place at once: the reconciliation lock exclusive.  Taken
 * first, before anything else the transaction locks. */
int place_lock_all(struct hdb *db, struct tally_err *e);

#endif
