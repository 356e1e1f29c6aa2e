/*
 * parcel-receipt.c — parcels received, as the hub tells the handhelds (see
 * parcel-receipt.h).
 */
#include "hub/parcel-receipt.h"
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "hub/reconcile.h"
#include "common/i18n.h"

#include <jansson.h>
#include <string.h>

/* The parcels the new events name: received, or a receive of theirs voided. */
static const char touched_sql[] =
    "SELECT json_extract(data, '$.sscc') FROM event WHERE id >= ?1 AND kind = 'receive'"
    " AND json_extract(data, '$.sscc') IS NOT NULL"
    " UNION SELECT json_extract(r.data, '$.sscc') FROM event AS v JOIN event AS r"
    " ON r.device_id = v.device_id AND r.db_id = v.db_id"
    " AND r.seq = json_extract(v.data, '$.seq')"
    " WHERE v.id >= ?1 AND v.kind = 'void' AND r.kind = 'receive'"
    " AND json_extract(r.data, '$.sscc') IS NOT NULL";

/* A parcel's first standing receive, with the user's name and the
 * delivery's place. */
static const char first_sql[] =
    "SELECT ev.placed_time, ev.user, u.name, ev.session, d.location_id"
    " FROM event AS ev INDEXED BY event_sscc"
    " LEFT JOIN user AS u ON u.badge = ev.user LEFT JOIN delivery AS d ON d.sscc = ?1"
    " WHERE ev.kind = 'receive' AND json_extract(ev.data, '$.sscc') = ?1" HUB_NOT_VOIDED(
        "ev") " ORDER BY ev.placed_time, ev.id LIMIT 1";

static const char stored_sql[] =
    "SELECT received_at, user, user_name, session, location_id FROM parcel_receipt"
    " WHERE sscc = ?1";

static const char put_sql[] =
    "INSERT OR REPLACE INTO parcel_receipt(sscc, received_at, user, user_name, session,"
    " location_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";

static const char delete_sql[] = "DELETE FROM parcel_receipt WHERE sscc = ?1";

/* Columns 0..4 of a statement as the row's JSON (NULLs left out). */
static json_t *row_of(sqlite3_stmt *st, const char *sscc)
{
	static const char *const names[] = { "received_at", "user", "user_name", "session",
		                             "location_id" };
	json_t *row = json_pack("{s:s}", "sscc", sscc);
	for (int i = 0; i < 5; i++)
		if (sqlite3_column_type(st, i) != SQLITE_NULL)
			json_object_set_new(row, names[i],
			                    json_string((const char *)sqlite3_column_text(st, i)));
	return row;
}

static int one_row(sqlite3_stmt *st, const char *sscc, json_t **row)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	*row = rc == SQLITE_ROW ? row_of(st, sscc) : NULL;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One parcel: the table row made what the events say, its change logged. */
static int update(sqlite3 *db, sqlite3_stmt *const st[4], const char *sscc, struct tally_err *e)
{
	json_t *want = NULL, *have = NULL;
	int rc = one_row(st[0], sscc, &want);
	if (rc == SQLITE_OK)
		rc = one_row(st[1], sscc, &have);
	int status = 0;
	if (rc != SQLITE_OK) {
		status = hub_db_fail(e, db, rc, _("noting the parcels received"));
	} else if (want != NULL && (have == NULL || !json_equal(want, have))) {
		sqlite3_stmt *put = st[2];
		static const char *const cols[] = { "sscc",      "received_at", "user",
			                            "user_name", "session",     "location_id" };
		sqlite3_reset(put);
		for (int i = 0; i < 6; i++)
			sqlite3_bind_text(put, i + 1,
			                  json_string_value(json_object_get(want, cols[i])), -1,
			                  SQLITE_TRANSIENT);
		rc = sqlite3_step(put);
		sqlite3_reset(put);
		status = rc != SQLITE_DONE
		             ? hub_db_fail(e, db, rc, _("noting the parcels received"))
		             : changelog_put(db, "parcel_receipt", sscc, "upsert", want, e);
	} else if (want == NULL && have != NULL) {
		/* every receive of it voided: not received after all */
		sqlite3_stmt *del = st[3];
		sqlite3_reset(del);
		sqlite3_bind_text(del, 1, sscc, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
		status = rc != SQLITE_DONE
		             ? hub_db_fail(e, db, rc, _("noting the parcels received"))
		             : changelog_put(db, "parcel_receipt", sscc, "delete", have, e);
	}
	json_decref(want);
	json_decref(have);
	return status;
}

int parcel_receipt_after_ingest(sqlite3 *db, int64_t first_event_id, struct tally_err *e)
{
	sqlite3_stmt *touched = NULL, *st[4] = { 0 };
	const char *const sql[4] = { first_sql, stored_sql, put_sql, delete_sql };
	int rc = sqlite3_prepare_v2(db, touched_sql, -1, &touched, NULL);
	for (int i = 0; rc == SQLITE_OK && i < 4; i++)
		rc = sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL);
	int status = 0;
	if (rc != SQLITE_OK) {
		status = hub_db_fail(e, db, rc, _("noting the parcels received"));
		goto out;
	}
	sqlite3_bind_int64(touched, 1, first_event_id);
	while (status == 0 && (rc = sqlite3_step(touched)) == SQLITE_ROW) {
		const char *sscc = (const char *)sqlite3_column_text(touched, 0);
		if (sscc != NULL && sscc[0] != '\0')
			status = update(db, st, sscc, e);
	}
	if (status == 0 && rc != SQLITE_DONE)
		status = hub_db_fail(e, db, rc, _("noting the parcels received"));
out:
	sqlite3_finalize(touched);
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(st[i]);
	return status;
}
