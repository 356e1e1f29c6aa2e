/*
 * store.h — the local store: every acknowledged scan, and the master data
 * the handheld works from, in one SQLite file.
 *
 * The promise this module keeps: when store_append() returns 0, the record is
 * committed and fsync'ed (WAL, synchronous=FULL) and only then may the caller
 * give the good beep.  On any failure nothing is acknowledged and the
 * struct tally_err says, in one plain sentence, what failed and what to do
 * (disk full, read-only, corrupt, locked), with a sysexits.h status.
 *
 * Master data (pulled from the hub, read-mostly):
 *   article   id, name, form, unit, antidote, sterile, needs_batch,
 *             min_shelf_days
 *   code      code (GTIN-14 / NTIN / HIBC LIC+product), article_id, multiplier
 *   location  id, code (its label), name, kind (trust|hospital|ward|room|
 *             cabinet|warehouse-bin|emergency-store|ambulance|pharmacy|
 *             warehouse), parent_id, hospital_id
 *   basis     location_id, article_id, min, max, policy (top-up-at-min|
 *             always-to-max), shelf_order, short_days
 *   plan      id, name, patients, days
 *   plan_line plan_id, article_id, dose, strength, units_per_pack
 *   plan_place plan_id, article_id, location_id, min, max, tier
 *   delivery  sscc, id, supplier, expected_date, location_id
 *   delivery_line sscc, article_id, gtin, batch, expiry, qty
 *   user      badge, name, pin_hash, roles ("round,receive,drill,admin")
 *   stock     location_id, article_id, qty, counted_at (last known, per
 *             location × article, from the hub)
 * A change from the hub (GET /v1/changes) names one of these tables, an op
 * ("upsert" or "delete") and a row whose keys are the column names above.
 *
 * Records (written here, append-only, pushed to the hub): see enum
 * record_kind.  A record is never updated except its sync state.
 */
#ifndef TALLY_DB_STORE_H
#define TALLY_DB_STORE_H

#include "common/err.h"
#include "core/record-kind.h"

#include <jansson.h>
#include <stdint.h>

struct store;

/* The schema version this code writes; older stores migrate on open. */
#define STORE_SCHEMA_VERSION 7

/* How long a writer waits for another process's lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 2000

enum sync_state { SYNC_PENDING, SYNC_SENT, SYNC_REJECTED };

/*
 * What the caller fills to append a record.  Strings may be NULL.  `data` is
 * kind-specific detail (e.g. a deviation's reason, a session's kind and
 * plan); it is stored as JSON text and not stolen.
 */
struct record_in {
	enum record_kind kind;
	const char *session; /* UUID of the session record it belongs to */
	const char *user;    /* badge of the logged-in user */
	const char *location_id;
	const char *article_id;
	const char *code; /* the scanned code, canonical scan text */
	int64_t qty;      /* packs; 0 where it has no meaning */
	const char *batch;
	const char *expiry; /* YYYY-MM-DD */
	const char *serial;
	json_t *data;
};

/* A record as read back. */
struct record {
	int64_t seq;
	char uuid[37];
	enum record_kind kind;
	char device_time[32]; /* UTC, ISO 8601 with milliseconds: 2026-11-23T08:15:02.123Z */
	char *session, *user, *location_id, *article_id, *code, *batch, *expiry, *serial;
	int64_t qty;
	json_t *data; /* never NULL: {} when none */
	enum sync_state state;
	char *reason; /* the hub's reason when rejected */
	/* When it was made, in terms no clock correction changes: the hub's
	 * offset known then (has_hub_offset), the boot ("" when unknown) and
	 * the milliseconds since that boot (CLOCK_BOOTTIME). */
	int has_hub_offset;
	int64_t hub_offset_ms;
	char boot_id[37];
	int64_t mono_ms;
};
void record_free(struct record *r);

/* A record as the JSON object the sync protocol pushes (new reference):
 * {"seq", "uuid", "kind", "device_time", "session", "user", "location_id",
 *  "article_id", "code", "qty", "batch", "expiry", "serial", "data",
 *  "hub_offset_ms", "boot_id", "mono_ms"}; absent ones are omitted.  The hub's master-data import
 * takes the same row shapes as the change feed: {"article": [row, ...], "code": [...], ...}. */
json_t *record_to_json(const struct record *r);

/* --- opening ------------------------------------------------------------ */

/* What store_open_as() does when the file is not there. */
enum store_missing {
	STORE_MUST_EXIST, /* EX_NOINPUT, naming the path and --create */
	STORE_CREATE,     /* make it (and missing directories, 0700) */
};

/*
 * Open the store at `path`, apply pragmas and migrate forward; a new store
 * gets its db_id.  A new file is made 0660 in a set-group-id directory (the
 * shared store of an installed handheld, read and written by group tally:
 * the UI's staff and the sync service) and 0600 anywhere else, whatever the
 * umask; SQLite gives -wal and -shm the same mode.  A store newer than this
 * code is refused (EX_CONFIG with "upgrade tally").  NULL with e set.
 */
struct store *store_open_as(const char *path, enum store_missing missing, struct tally_err *e);
/* store_open_as(path, STORE_CREATE, e). */
struct store *store_open(const char *path, struct tally_err *e);

/*
 * The store a command works on: `named` (--db or $TALLY_DB) when given, and
 * created only when `create` (tally --create); else the default store,
 * created on first use: tally.conf's [store] path (read from config_path,
 * or the standard files when NULL; /var/lib/tally/tally.db on an installed
 * handheld), else store_default_path().
 */
struct store *store_open_for(const char *named, const char *config_path, int create,
                             struct tally_err *e);
void store_close(struct store *s);

/* A file kept beside the store and named after it, so that two stores in
 * one directory never share one: name "token" → "<store>.token" (the device
 * token), "sync.pid" → "<store>.sync.pid" (the sync daemon's pid),
 * "wake" → "<store>.wake" (the FIFO that wakes the sync daemon),
 * "unsure" → "<store>.unsure" (a scan whose outcome is not yet known).
 * Into buf; returns buf, or NULL when it does not fit. */
const char *store_sidecar_path(const char *store_path, const char *name, char *buf, size_t size);

/* The default path: $XDG_DATA_HOME/tally/tally.db, else
 * ~/.local/share/tally/tally.db.  Writes into buf, returns buf. */
const char *store_default_path(char *buf, size_t size);

/* A sentence the front end must show once the store is open, or NULL: what
 * became of a scan whose outcome was not known when it was made ("was saved
 * after all: do not scan it again" / "was not saved: scan it again"). */
const char *store_notice(const struct store *s);

const char *store_db_id(const struct store *s);

/* This boot's id (/proc/sys/kernel/random/boot_id, "" when unknown) and
 * the milliseconds since boot (CLOCK_BOOTTIME: it counts suspend too, and
 * no one sets it). */
void store_boot_clock(char boot_id[37], int64_t *mono_ms);

/* A new random UUID v4 as text; 0, or -1 without randomness. */
int store_new_uuid(char out[37]);

/* A restored or copied store takes a new identity the hub has accepted:
 * db_id becomes new_db_id, the old one is kept as "previous_db_id" with
 * when ("new_identity_at").  Records keep their seqs; nothing else
 * changes. */
int store_take_identity(struct store *s, const char *new_db_id, struct tally_err *e);
const char *store_path(const struct store *s);
/* Free bytes on the disk holding the store (-1 when unknown), and what
 * tally needs there to record, mark and checkpoint (STORE_SPACE_NEEDED:
 * the reserve and the write-ahead log's limit). */
int64_t store_free_bytes(const struct store *s);
#define STORE_SPACE_NEEDED ((int64_t)(4 * 1024 + 512) * 1024)

/* The file and its write-ahead log, in bytes. */
int64_t store_size_bytes(const struct store *s);
int store_schema_version(struct store *s);

/* Small key/value settings kept with the data: "cursor", "last_sync",
 * "device_id", "hub_url", "clock_offset_ms", ... value malloc'd or NULL. */
char *store_meta_get(struct store *s, const char *key);
int store_meta_set(struct store *s, const char *key, const char *value, struct tally_err *e);

/* --- records ------------------------------------------------------------- */

/* Append one record in its own transaction.  On success fills seq and uuid
 * (either may be NULL) and returns 0; else returns the EX_* status.
 *
 * Three outcomes, never two.  0: recorded (beep).  Non-zero with
 * store_last_outcome() == STORE_NOT_RECORDED: nothing was recorded, the
 * message says so.  Non-zero with STORE_NOT_KNOWN: the commit's durability
 * could not be confirmed (an fsync or write failed) and the store could not
 * find out at once; the message says "may or may not be saved", the
 * record's UUID is kept in the "unsure" sidecar, and the next store_open()
 * finds out and says which in store_notice().  Appending the same scan
 * again after that (same kind, place, article, code, quantity, batch,
 * serial, user) returns the record already there instead of a second one. */
int store_append(struct store *s, const struct record_in *in, int64_t *seq, char uuid[37],
                 struct tally_err *e);

enum store_outcome { STORE_RECORDED, STORE_NOT_RECORDED, STORE_NOT_KNOWN };
/* The outcome of the last store_append() on this handle. */
enum store_outcome store_last_outcome(const struct store *s);

/* Read records with seq > after_seq, in seq order, at most `limit`; only
 * pending ones when pending_only.  *out is a malloc'd array of *n records;
 * free with records_free().  Returns 0 or an EX_* status. */
int store_records(struct store *s, int64_t after_seq, int pending_only, int limit,
                  struct record **out, size_t *n, struct tally_err *e);
void records_free(struct record *r, size_t n);

/* One record by seq; 0, or EX_DATAERR when there is none. */
int store_record_get(struct store *s, int64_t seq, struct record *out, struct tally_err *e);

/* --- a session read back (session-records.c) ----------------------------- */

/* The records of a session (records after its session-start, seq >
 * start_seq) that still stand, in seq order: void records and the records
 * they void are left out.  Free with records_free(). */
int store_session_records(struct store *s, const char *session, int64_t start_seq,
                          struct record **out, size_t *n, struct tally_err *e);

/* The last standing record of the session that can be undone (a count, a
 * use, a receipt line, a skip, an unknown code): 0, or EX_DATAERR with
 * "nothing to undo". */
int store_session_last(struct store *s, const char *session, int64_t start_seq, struct record *out,
                       struct tally_err *e);

/* The newest session-start of job ("round", "count", ...) at location_id,
 * made at or after `since` (UTC, as device_time), that has no session-end:
 * 0 with *out, EX_DATAERR when there is none. */
int store_session_open(struct store *s, const char *job, const char *location_id, const char *since,
                       struct record *out, struct tally_err *e);

/* The hub's verdict on one pushed record. */
struct sync_result {
	int64_t seq;
	enum sync_state state; /* SYNC_SENT for accepted and duplicate */
	const char *reason;    /* for SYNC_REJECTED */
};
/* Mark a batch in one transaction. */
int store_mark(struct store *s, const struct sync_result *res, size_t n, struct tally_err *e);

/* The latest jump of the handheld's clock seen between two records made
 * in one boot (someone set the clock): *jump_ms by how much (0: none seen
 * in the last 1000 records), *at_seq the first record after it. */
int store_clock_jump(struct store *s, int64_t *jump_ms, int64_t *at_seq, struct tally_err *e);

struct store_counts {
	int64_t pending, sent, rejected;
};
int store_count_states(struct store *s, struct store_counts *out, struct tally_err *e);

/* --- master data ---------------------------------------------------------- */

/* Apply a page of changes ([{cursor, table, op, row}, ...]) and store
 * next_cursor as "cursor", all in one transaction.  An unknown table or a
 * row missing its key is EX_DATAERR and nothing of the page is applied. */
int store_apply_changes(struct store *s, json_t *changes, const char *next_cursor,
                        struct tally_err *e);

struct article {
	char *id, *name, *form, *unit;
	int antidote, sterile, needs_batch;
	int min_shelf_days;
};
void article_free(struct article *a);

/* code → article and pack multiplier.  Tries the code as given, then as a
 * GTIN-14 (left-padded with zeros).  0 found, EX_DATAERR not found. */
int store_article_by_code(struct store *s, const char *code, struct article *a, int *multiplier,
                          struct tally_err *e);
int store_article_get(struct store *s, const char *id, struct article *a, struct tally_err *e);
/* Articles whose name holds `text` (case-insensitive for ASCII letters),
 * or whose id is `text`: those on `location_id`'s basis list first (when
 * not NULL), then by name; at most `limit`. */
int store_articles_named(struct store *s, const char *text, const char *location_id, size_t limit,
                         struct article **out, size_t *n, struct tally_err *e);
/* Every article marked as an antidote, by name. */
int store_antidotes(struct store *s, struct article **out, size_t *n, struct tally_err *e);
void articles_free(struct article *a, size_t n);

/* An antidote's recommended stocking tier (article.antidote_tier: all,
 * larger or region; "" when none) and quantity, and the hospital's own
 * tier (location.antidote_tier = larger) with its name; hospital_id may be
 * NULL (then hospital_known is 0).  0, EX_DATAERR for an unknown article. */
struct antidote_tier {
	char tier[16];
	int64_t qty;
	int hospital_known, larger;
	char hospital_name[128];
};
int store_antidote_tier(struct store *s, const char *article_id, const char *hospital_id,
                        struct antidote_tier *t, struct tally_err *e);

struct location {
	char *id, *code, *name, *kind, *parent_id, *hospital_id;
};
void location_free(struct location *l);
/* By id or by label code; 0 found, EX_DATAERR not found. */
int store_location_get(struct store *s, const char *id_or_code, struct location *l,
                       struct tally_err *e);
/* Every location of a kind (NULL: all), by name. */
int store_locations(struct store *s, const char *kind, struct location **out, size_t *n,
                    struct tally_err *e);
void locations_free(struct location *l, size_t n);

struct basis_line {
	char *article_id, *article_name;
	int64_t min, max;
	char *policy;
	int shelf_order;
	int short_days; /* warn when expiry is within this many days (default 90) */
};
/* A location's basis list in shelf order. */
int store_basis_list(struct store *s, const char *location_id, struct basis_line **out, size_t *n,
                     struct tally_err *e);
void basis_lines_free(struct basis_line *b, size_t n);

struct plan {
	char *id, *name;
	int64_t patients, days;
};
struct plan_line {
	char *article_id, *article_name;
	double dose, strength, units_per_pack;
};
struct plan_place {
	char *article_id, *location_id;
	double min, max;
	char *tier; /* time-criticality (core/tier.h), NULL when not said */
};
int store_plan_get(struct store *s, const char *id, struct plan *p, struct tally_err *e);
void plan_free(struct plan *p);
/* Every emergency plan, by name (to choose one for a drill). */
int store_plans(struct store *s, struct plan **out, size_t *n, struct tally_err *e);
void plans_free(struct plan *p, size_t n);
int store_plan_lines(struct store *s, const char *plan_id, struct plan_line **out, size_t *n,
                     struct tally_err *e);
void plan_lines_free(struct plan_line *l, size_t n);
int store_plan_places(struct store *s, const char *plan_id, struct plan_place **out, size_t *n,
                      struct tally_err *e);
void plan_places_free(struct plan_place *p, size_t n);

struct delivery {
	char *sscc, *id, *supplier, *expected_date, *location_id;
};
struct delivery_line {
	char *article_id, *gtin, *batch, *expiry;
	int64_t qty;
};
/* Expected delivery by SSCC: 0 found, EX_DATAERR not known (receive blind). */
int store_delivery_get(struct store *s, const char *sscc, struct delivery *d, struct tally_err *e);
void delivery_free(struct delivery *d);
int store_delivery_lines(struct store *s, const char *sscc, struct delivery_line **out, size_t *n,
                         struct tally_err *e);
void delivery_lines_free(struct delivery_line *l, size_t n);

/* A parcel received before, in another session than not_session (may be
 * NULL): on this handheld (its first standing receive record), else on
 * another handheld as the hub told it (master table parcel_receipt).  0
 * with when (UTC) and who (the user's name, else badge), EX_DATAERR when
 * it was not (parcel-records.c). */
struct parcel_receipt {
	char when[32];
	char who[128];
};
int store_parcel_received(struct store *s, const char *sscc, const char *not_session,
                          struct parcel_receipt *out, struct tally_err *e);
/* Which parcel of its order (delivery id) an SSCC is, by SSCC order: 2 of
 * 3.  Both 0 when the delivery is not known. */
int store_parcel_of_order(struct store *s, const char *sscc, int *index, int *total,
                          struct tally_err *e);

struct user {
	char *badge, *name, *pin_hash, *roles;
	char *lang; /* the UI's language for this user; NULL: the handheld's */
};
int store_user_get(struct store *s, const char *badge, struct user *u, struct tally_err *e);
void user_free(struct user *u);

/* Where can I borrow?  Locations whose basis list holds the article, with
 * the last known count (hub stock, or this handheld's latest count record if
 * newer) and when; locations in `near_hospital` first, then by name. */
struct holding {
	char *location_id, *location_name, *hospital_id;
	int64_t min, max;
	int has_count;
	int64_t last_count;
	char *counted_at;
};
int store_holdings(struct store *s, const char *article_id, const char *near_hospital,
                   struct holding **out, size_t *n, struct tally_err *e);
void holdings_free(struct holding *h, size_t n);

/* Shortage notices (forsyningssvikt) pulled from the hub, those not ended:
 * the notice of article_id (NULL: every one), ongoing first, as
 * [{article_id, article_name, generic_name, status, from_date, to_date,
 * message, alternatives:[{article_id, article_name, note}]}].  *out is a
 * new reference (an empty array when there is none). */
int store_shortages(struct store *s, const char *article_id, json_t **out, struct tally_err *e);

#endif
