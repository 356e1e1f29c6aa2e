/*
 * ingest.c — events into the hub (see ingest.h).
 *
 * Idempotent twice over: on (device, db_id, seq), compared by the event's
 * canonical JSON, and on the UUID.  A resend after a lost reply is a
 * duplicate; the same seq with other content is a conflict, and the first
 * one stands.  An event naming a location or article the hub does not know
 * is kept and flagged: dropping it would lose a real count from a ward
 * whose master data is late.  So is one for a place outside the device's
 * scope (hub/scope.h), flagged out-of-scope.
 */
#include "hub/ingest.h"
#include "hub/code-attribute.h"
#include "hub/hub-db.h"
#include "hub/hub-time.h"
#include "hub/parcel-receipt.h"
#include "hub/reconcile.h"
#include "hub/scope.h"
#include "core/record-kind.h"
#include "common/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	ST_BY_SEQ,
	ST_BY_UUID,
	ST_INSERT,
	ST_LOCATION,
	ST_ARTICLE,
	ST_DEVICE,
	ST_PREVIOUS,
	ST_COUNT
};

static const char *const sql[ST_COUNT] = {
	"SELECT body FROM event WHERE device_id = ? AND db_id = ? AND seq = ?",
	"SELECT device_id, body FROM event WHERE uuid = ?",
	"INSERT INTO event(device_id, db_id, seq, uuid, kind, device_time, placed_time,"
	" received_at, session, user, location_id, article_id, code, qty, batch, expiry,"
	" serial, data, body, flag) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	/* Exactly once under concurrent deliveries: the unique keys decide,
	 * never a read before the write (see ingest_one). */
	" ON CONFLICT DO NOTHING RETURNING id",
	"SELECT 1 FROM location WHERE id = ?",
	"SELECT 1 FROM article WHERE id = ?",
	"UPDATE device SET last_seen = ?, clock_offset_ms = coalesce(?, clock_offset_ms)"
	" WHERE id = ?",
	"SELECT placed_time FROM event WHERE device_id = ? AND db_id = ? AND seq < ?"
	" ORDER BY seq DESC LIMIT 1",
};

struct ingest {
	struct hdb *db;
	struct hdb_stmt *st[ST_COUNT];
	struct scope_check *scope;
	int64_t device_id;
	const char *db_id;
	long long offset_ms;
	long long now_ms;
	const struct sender_clock *clock;
	char now[32];
	/* What this batch found already, so its records of one place and in
	 * sequence do not ask again: the last place looked up (is it known,
	 * does the device's scope cover it), and the last record stored. */
	char place_id[128];
	int place_looked, place_known, place_covers;
	int64_t stored_seq; /* 0: none stored in this batch yet */
	long long stored_placed_ms;
};

/* When the event happened, by the hub's clock (see ingest_events_at). */
static long long place(struct ingest *in, json_t *ev, json_int_t seq, long long device_ms)
{
	const char *boot = json_string_value(json_object_get(ev, "boot_id"));
	json_t *mono = json_object_get(ev, "mono_ms"), *off = json_object_get(ev, "hub_offset_ms");
	long long placed;
	if (boot != NULL && in->clock != NULL && in->clock->boot_id != NULL &&
	    strcmp(boot, in->clock->boot_id) == 0 && json_is_integer(mono) &&
	    json_integer_value(mono) <= in->clock->mono_ms)
		placed = in->now_ms - (in->clock->mono_ms - json_integer_value(mono));
	else if (json_is_integer(off))
		placed = device_ms + json_integer_value(off);
	else
		placed = device_ms + in->offset_ms;
	if (placed > in->now_ms)
		placed = in->now_ms;
	if (in->stored_seq != 0 && seq == in->stored_seq + 1) {
		/* The record just before it was stored by this batch. */
		return placed < in->stored_placed_ms ? in->stored_placed_ms : placed;
	}
	struct hdb_stmt *st = in->st[ST_PREVIOUS];
	hdb_reset(st);
	hdb_bind_int64(st, 1, in->device_id);
	hdb_bind_text(st, 2, in->db_id);
	hdb_bind_int64(st, 3, seq);
	long long before;
	if (hdb_step(st) == HDB_ROW &&
	    hub_time_parse((const char *)hdb_column_text(st, 0), &before) == 0 && placed < before)
		placed = before;
	return placed;
}

static json_t *result(json_int_t seq, const char *status, const char *key, const char *text)
{
	json_t *r = json_pack("{s:I,s:s}", "seq", seq, "status", status);
	if (key != NULL)
		json_object_set_new(r, key, json_string(text));
	return r;
}

static json_t *rejected(json_int_t seq, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static json_t *rejected(json_int_t seq, const char *fmt, ...)
{
	char reason[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return result(seq, "rejected", "reason", reason);
}

/* A string member, or NULL; *bad set when present but not a string. */
static const char *opt_string(json_t *ev, const char *key, int *bad)
{
	json_t *v = json_object_get(ev, key);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

/* 8-4-4-4-12 hexadecimal digits, as RFC 4122 writes a UUID. */
static int uuid_valid(const char *u)
{
	if (u == NULL || strlen(u) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? u[i] != '-' : strchr("0123456789abcdefABCDEF", u[i]) == NULL || !u[i])
			return 0;
	}
	return 1;
}

static int exists(struct hdb_stmt *st, const char *id, int *rc)
{
	hdb_reset(st);
	hdb_bind_text(st, 1, id);
	*rc = hdb_step(st);
	return *rc == HDB_ROW;
}

static void bind_opt(struct hdb_stmt *st, int i, const char *v)
{
	if (v != NULL)
		hdb_bind_text(st, i, v);
	else
		hdb_bind_null(st, i);
}

/* The result for a record whose seq or UUID is stored already: a
 * duplicate when it is the same record, else a conflict (the first one
 * stands).  NULL when neither is stored (*rc HDB_DONE) or on a database
 * failure (*rc says). */
static json_t *already_there(struct ingest *in, json_int_t seq, const char *uuid, const char *body,
                             int *rc)
{
	struct hdb_stmt *st = in->st[ST_BY_SEQ];
	hdb_reset(st);
	hdb_bind_int64(st, 1, in->device_id);
	hdb_bind_text(st, 2, in->db_id);
	hdb_bind_int64(st, 3, seq);
	if ((*rc = hdb_step(st)) == HDB_ROW) {
		const char *old = (const char *)hdb_column_text(st, 0);
		json_t *res =
		    old != NULL && strcmp(old, body) == 0
		        ? result(seq, "duplicate", NULL, NULL)
		        : rejected(seq, "conflict: seq %lld was received before with other content",
		                   (long long)seq);
		hdb_reset(st);
		return res;
	}
	hdb_reset(st);
	if (*rc != HDB_DONE)
		return NULL;
	st = in->st[ST_BY_UUID];
	hdb_reset(st);
	hdb_bind_text(st, 1, uuid);
	if ((*rc = hdb_step(st)) == HDB_ROW) {
		/* The same record sent again under the store's new db_id (a
		 * restored store that took a new identity) is a duplicate; any
		 * other record with this UUID is a conflict. */
		const char *old = (const char *)hdb_column_text(st, 1);
		json_t *res =
		    hdb_column_int64(st, 0) == in->device_id && old != NULL &&
		            strcmp(old, body) == 0
		        ? result(seq, "duplicate", NULL, NULL)
		        : rejected(seq, "conflict: uuid %s was used before by another record",
		                   uuid);
		hdb_reset(st);
		return res;
	}
	hdb_reset(st);
	return NULL;
}

/* Is location loc known (*known), and does the device's scope cover it
 * (*covers; 1 for an unknown one)?  Looked up once for a run of records
 * at one place.  0, or a status with e set. */
static int look_up_place(struct ingest *in, const char *loc, int *known, int *covers,
                         struct tally_err *e)
{
	if (!in->place_looked || strcmp(in->place_id, loc) != 0) {
		int rc;
		in->place_looked = 0;
		in->place_known = exists(in->st[ST_LOCATION], loc, &rc);
		if (!in->place_known && rc != HDB_DONE)
			return hub_db_fail(e, in->db, rc, _("storing the records"));
		in->place_covers = 1;
		if (in->place_known &&
		    (in->place_covers = scope_check_covers(in->scope, loc, e)) < 0)
			return e->status;
		if (strlen(loc) < sizeof(in->place_id)) {
			memcpy(in->place_id, loc, strlen(loc) + 1);
			in->place_looked = 1;
		}
	}
	*known = in->place_known;
	*covers = in->place_covers;
	return 0;
}

/* One event's result; NULL on a database failure (e set). */
static json_t *ingest_one(struct ingest *in, json_t *ev, int64_t *first_id, struct tally_err *e)
{
	json_t *jseq = json_object_get(ev, "seq");
	json_int_t seq = json_is_integer(jseq) ? json_integer_value(jseq) : 0;
	if (!json_is_object(ev))
		return rejected(0, "invalid: an event is not a JSON object");
	if (seq <= 0)
		return rejected(seq, "invalid: seq is missing or not a positive integer");
	const char *uuid = json_string_value(json_object_get(ev, "uuid"));
	if (!uuid_valid(uuid))
		return rejected(seq,
		                "invalid: uuid is missing or not a UUID (8-4-4-4-12 hex digits)");
	const char *kind = json_string_value(json_object_get(ev, "kind"));
	if (kind == NULL || record_kind_from_name(kind) < 0)
		return rejected(seq, "invalid: kind is missing or unknown");
	const char *dtime = json_string_value(json_object_get(ev, "device_time"));
	long long dms;
	if (dtime == NULL || hub_time_parse(dtime, &dms) != 0)
		return rejected(seq, "invalid: device_time is missing or not an ISO 8601 UTC time");
	int bad = 0;
	const char *session = opt_string(ev, "session", &bad), *user = opt_string(ev, "user", &bad),
	           *loc = opt_string(ev, "location_id", &bad),
	           *art = opt_string(ev, "article_id", &bad), *code = opt_string(ev, "code", &bad),
	           *batch = opt_string(ev, "batch", &bad), *expiry = opt_string(ev, "expiry", &bad),
	           *serial = opt_string(ev, "serial", &bad);
	if (bad)
		return rejected(seq, "invalid: a text field is not a string");
	if (expiry != NULL && !hub_date_valid(expiry))
		return rejected(seq, "invalid: expiry is not a real date (YYYY-MM-DD)");
	json_t *jqty = json_object_get(ev, "qty"), *data = json_object_get(ev, "data");
	if (jqty != NULL && !json_is_integer(jqty))
		return rejected(seq, "invalid: qty is not an integer");
	if (data != NULL && !json_is_object(data) && !json_is_null(data))
		return rejected(seq, "invalid: data is not an object");
	if (strcmp(kind, "void") == 0) {
		/* A correction names the earlier record of this device it
		 * cancels; the reconciliation and the reports leave both out. */
		json_t *target = json_object_get(data, "seq");
		if (!json_is_integer(target) || json_integer_value(target) <= 0 ||
		    json_integer_value(target) >= seq)
			return rejected(seq, "invalid: a void names the earlier seq it cancels "
			                     "in data.seq");
	}

	char *body = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	if (body == NULL) {
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	json_t *res = NULL;
	int rc = HDB_DONE, tries = 0;
	struct hdb_stmt *st;
	/* One flag at most, the first of: unknown-location, unknown-article,
	 * out-of-scope. */
	const char *flag = NULL;
	int known = 1, covers = 1;
	if (loc != NULL && look_up_place(in, loc, &known, &covers, e) != 0) {
		free(body);
		return NULL;
	}
	if (!known)
		flag = "unknown-location";
	if (flag == NULL && art != NULL && !exists(in->st[ST_ARTICLE], art, &rc)) {
		if (rc != HDB_DONE)
			goto fail;
		flag = "unknown-article";
	}
	if (flag == NULL && !covers)
		flag = "out-of-scope";
	if (json_object_get(ev, "mono_ms") != NULL &&
	    !json_is_integer(json_object_get(ev, "mono_ms")))
		goto invalid_clock;
	if (json_object_get(ev, "hub_offset_ms") != NULL &&
	    !json_is_integer(json_object_get(ev, "hub_offset_ms")))
		goto invalid_clock;
	long long placed_ms = place(in, ev, seq, dms);
	char placed[32];
	hub_time_format(placed_ms, placed);
	char *data_text = data != NULL && !json_is_null(data)
	                      ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS)
	                      : strdup("{}");
	/* Exactly once under concurrent deliveries: the insert goes first
	 * and the unique keys decide; only a record already there (a resend,
	 * or another hub process's, just committed) is looked up after. */
insert:
	st = in->st[ST_INSERT];
	hdb_reset(st);
	hdb_clear_bindings(st);
	hdb_bind_int64(st, 1, in->device_id);
	hdb_bind_text(st, 2, in->db_id);
	hdb_bind_int64(st, 3, seq);
	hdb_bind_text(st, 4, uuid);
	hdb_bind_text(st, 5, kind);
	hdb_bind_text(st, 6, dtime);
	hdb_bind_text(st, 7, placed);
	hdb_bind_text(st, 8, in->now);
	bind_opt(st, 9, session);
	bind_opt(st, 10, user);
	bind_opt(st, 11, loc);
	bind_opt(st, 12, art);
	bind_opt(st, 13, code);
	hdb_bind_int64(st, 14, jqty != NULL ? json_integer_value(jqty) : 0);
	bind_opt(st, 15, batch);
	bind_opt(st, 16, expiry);
	bind_opt(st, 17, serial);
	bind_opt(st, 18, data_text);
	hdb_bind_text(st, 19, body);
	bind_opt(st, 20, flag);
	rc = hdb_step(st);
	if (rc == HDB_DONE) {
		hdb_reset(st);
		res = already_there(in, seq, uuid, body, &rc);
		if (res != NULL || rc != HDB_DONE) {
			free(data_text);
			if (res == NULL)
				goto fail;
			goto out;
		}
		/* Neither key found after all: the record that held one was
		 * rolled back meanwhile (another hub process's transaction). */
		if (tries++ == 0)
			goto insert;
		rc = HDB_CONSTRAINT;
	}
	free(data_text);
	if (rc != HDB_ROW)
		goto fail;
	if (*first_id == 0)
		*first_id = hdb_column_int64(st, 0);
	hdb_reset(st);
	in->stored_seq = seq;
	in->stored_placed_ms = placed_ms;
	res = result(seq, "accepted", flag != NULL ? "flag" : NULL, flag);
out:
	free(body);
	return res;
invalid_clock:
	free(body);
	return rejected(seq, "invalid: mono_ms and hub_offset_ms are whole numbers");
fail:
	free(body);
	hub_db_fail(e, in->db, rc, _("storing the records"));
	return NULL;
}

json_t *ingest_events(struct hdb *db, int64_t device_id, const char *db_id, const char *device_time,
                      json_t *events, struct tally_err *e)
{
	struct sender_clock clock = { .device_time = device_time };
	return ingest_events_at(db, device_id, db_id, &clock, events, e);
}

json_t *ingest_events_at(struct hdb *db, int64_t device_id, const char *db_id,
                         const struct sender_clock *clock, json_t *events, struct tally_err *e)
{
	struct ingest in = { .db = db, .device_id = device_id, .db_id = db_id, .clock = clock };
	const char *device_time = clock->device_time;
	long long now = hub_time_ms(), sent;
	in.now_ms = now;
	int have_offset = device_time != NULL && hub_time_parse(device_time, &sent) == 0;
	in.offset_ms = have_offset ? now - sent : 0;
	hub_time_format(now, in.now);
	json_t *results = json_array();
	int64_t first_id = 0;
	int rc = HDB_OK;

	if (hub_db_begin(db, e) != 0) {
		json_decref(results);
		return NULL;
	}
	for (int i = 0; i < ST_COUNT; i++)
		if ((rc = hdb_prepare(db, sql[i], &in.st[i])) != HDB_OK) {
			hub_db_fail(e, db, rc, _("storing the records"));
			goto fail;
		}
	if ((in.scope = scope_check_new(db, device_id, e)) == NULL)
		goto fail;
	size_t i;
	json_t *ev;
	json_array_foreach(events, i, ev)
	{
		json_t *r = ingest_one(&in, ev, &first_id, e);
		if (r == NULL)
			goto fail;
		json_array_append_new(results, r);
	}
	/* A code mapped before its records arrived: they count for the
	 * article at once, and are reconciled with the rest. */
	struct code_attributed counted = { 0 };
	if (first_id != 0 &&
	    (code_attribute(db, first_id, NULL, 0, "sync", NULL, &counted, e) != 0 ||
	     reconcile_after_ingest(db, first_id, e) != 0 ||
	     parcel_receipt_after_ingest(db, first_id, e) != 0))
		goto fail;
	struct hdb_stmt *dev = in.st[ST_DEVICE];
	hdb_bind_text(dev, 1, in.now);
	if (have_offset)
		hdb_bind_int64(dev, 2, in.offset_ms);
	else
		hdb_bind_null(dev, 2);
	hdb_bind_int64(dev, 3, device_id);
	if ((rc = hdb_step(dev)) != HDB_DONE) {
		hub_db_fail(e, db, rc, _("storing the records"));
		goto fail;
	}
	for (int k = 0; k < ST_COUNT; k++)
		hdb_finalize(in.st[k]);
	scope_check_free(in.scope);
	if (hub_db_commit(db, e) != 0) {
		hdb_rollback(db);
		json_decref(results);
		return NULL;
	}
	return results;
fail:
	for (int k = 0; k < ST_COUNT; k++)
		hdb_finalize(in.st[k]);
	scope_check_free(in.scope);
	hdb_rollback(db);
	json_decref(results);
	return NULL;
}

int ingest_highest(struct hdb *db, int64_t device_id, const char *db_id, int64_t *seq,
                   char uuid[37])
{
	struct hdb_stmt *st = NULL;
	*seq = 0;
	uuid[0] = '\0';
	int rc = hdb_prepare(db,
	                     "SELECT seq, uuid FROM event WHERE device_id = ? AND db_id = ?"
	                     " ORDER BY seq DESC LIMIT 1",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_int64(st, 1, device_id);
		hdb_bind_text(st, 2, db_id);
		rc = hdb_step(st);
	}
	if (rc == HDB_ROW) {
		*seq = hdb_column_int64(st, 0);
		snprintf(uuid, 37, "%s", (const char *)hdb_column_text(st, 1));
		rc = HDB_DONE;
	}
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : rc;
}
