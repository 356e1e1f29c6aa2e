/*
 * scope.h — a device's scope: which master rows a handheld may hold and
 * which places it posts records for.
 *
 * A scope is a node of the location tree (a trust, a hospital, a ward, the
 * warehouse); NULL is the whole region.  A device of scope S holds:
 *   - article, code: all (region-wide: no place, no person);
 *   - plan, plan_line: the plans with a place (plan_place) in S's subtree,
 *     where a drill of the plan counts;
 *   - location: the subtree of its circle (below), and the path from S up to
 *     the root, so every name it shows resolves;
 *   - basis: those of its circle ("Hvor kan jeg låne?");
 *   - stock: those of its circle that a basis list names (the handheld
 *     reads last counts through basis lists only);
 *   - plan_place, delivery, delivery_line, parcel_receipt: those of S's subtree;
 *   - user: users without a home (region-wide) and users whose home is in
 *     S's subtree or on its path up (a trust's pharmacist signs in on the
 *     trust's ward handhelds); nobody else's PIN hash.
 * The circle is the subtree of the nearest location at or above S of the
 * kind the hub's setting names (`hospital`, `trust`, default `trust`), or
 * the whole region (`region`); S's own subtree when there is no such
 * location above it.
 *
 * Each change in the log says where its row is bound (change.loc: the
 * location the row belongs to, NULL region-wide) and where it was bound
 * before (change.was); which devices a change reaches is decided when a
 * device pulls, against the location tree of that moment.  A row whose
 * binding moved away from a device's scope reaches that device as a
 * delete.  When a device's scope (or the circle setting) changes, the
 * device gets changes of its own (change.device_id) in the same cursor
 * sequence: upserts for the rows now inside, deletes for those now
 * outside.
 *
 * All SQL here is made from constant text; the scope, kinds and cursors
 * are bound.  It is SQLite's dialect (recursive CTEs, json_extract,
 * json_each); a second storage driver writes its own of this file.
 */
#ifndef TALLY_SYNC_HUB_SCOPE_H
#define TALLY_SYNC_HUB_SCOPE_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stdint.h>

/* The meta key of the wider circle, and its default. */
#define SCOPE_CIRCLE_KEY     "borrow_circle"
#define SCOPE_CIRCLE_DEFAULT "trust"

/* Is kind one of "hospital", "trust", "region"? */
int scope_circle_valid(const char *kind);

/* The circle setting into out (a valid kind; the default when unset). */
int scope_circle_get(struct hdb *db, char out[16], struct tally_err *e);

/* The location a row of `table` is bound to, malloc'd into *loc (NULL:
 * region-wide).  *known is 0 when the row does not say (a delete that
 * carries only its keys; a delivery line before its delivery): the binding
 * then stays what it was.  -1 when it can never change (region-wide
 * tables, and tables bound by a key column): no earlier binding to look
 * up. */
int scope_binding(struct hdb *db, const char *table, int is_delete, json_t *row, char **loc,
                  int *known, struct tally_err *e);

/* After import wrote `row` of `table` over `old` (json_null() when new),
 * inside its transaction: a location that is new or moved in the tree has
 * every change bound within it written again at a new cursor, remembering
 * its old parent, so devices that now hold those rows get them and devices
 * that held them through the old parent delete them; a delivery that is
 * new or moved takes its lines along the same way; a new basis line
 * brings its pair's last count again, a new plan place its plan with the
 * plan's lines. */
int scope_after_put(struct hdb *db, const char *table, json_t *old, json_t *row,
                    struct tally_err *e);

/* After import deleted `old`, a row of `table`, inside its transaction: a
 * deleted place is a place moved out of the tree.  Every change bound
 * within it (its own delete, the deletes of what was bound to it, its
 * users) is written again at a new cursor remembering its old parent, so
 * the devices that held those rows through the parent are sent their
 * deletes.  Other tables: nothing to do. */
int scope_after_delete(struct hdb *db, const char *table, json_t *old, struct tally_err *e);

/* Does location `id` exist? 1 yes, 0 no, -1 on failure (e set). */
int scope_location_exists(struct hdb *db, const char *id, struct tally_err *e);

/* The page of GET /v1/changes for device `device_id` of scope `scope`
 * (NULL: region): changes with cursor > since in cursor order, at most
 * limit, as JSON text (malloc'd); NULL with e set.  See changelog_page. */
char *scope_page_text(struct hdb *db, int64_t device_id, const char *scope, int64_t since,
                      int limit, struct tally_err *e);

/* Give device `device_id` its own changes for a move from (old_scope,
 * old_circle) to (new_scope, new_circle), inside the caller's write
 * transaction: upserts of the rows now in its scope that were not,
 * deletes of the rows it may no longer hold.  The number of changes
 * written goes to *written (may be NULL). */
int scope_resync(struct hdb *db, int64_t device_id, const char *old_scope, const char *old_circle,
                 const char *new_scope, const char *new_circle, long *written, struct tally_err *e);

/* The records of a device posting for `location_id`: is the place in the
 * device's own scope?  (A scope of NULL covers everything.)  1 yes, 0 no,
 * -1 on failure. */
struct scope_check;
struct scope_check *scope_check_new(struct hdb *db, int64_t device_id, struct tally_err *e);
int scope_check_covers(struct scope_check *sc, const char *location_id, struct tally_err *e);
void scope_check_free(struct scope_check *sc);

#endif
