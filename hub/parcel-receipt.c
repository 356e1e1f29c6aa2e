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
    "INSERT INTO parcel_receipt(sscc, received_at, user, user_name, session,"
    " location_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(sscc) DO UPDATE SET"
    " received_at = excluded.received_at, user = excluded.user,"
    " user_name = excluded.user_name, session = excluded.session,"
    " location_id = excluded.location_id";

static const char delete_sql[] = "DELETE FROM parcel_receipt WHERE sscc = ?1";

/* Columns 0..4 of a statement as the row's JSON (NULLs left out). */
static json_t *row_of(struct hdb_stmt *st, const char *sscc)
{
	static const char *const names[] = { "received_at", "user", "user_name", "session",
		                             "location_id" };
	json_t *row = json_pack("{s:s}", "sscc", sscc);
	for (int i = 0; i < 5; i++)
		if (hdb_column_type(st, i) != HDB_NULL)
			json_object_set_new(row, names[i],
			                    json_string((const char *)hdb_column_text(st, i)));
	return row;
}

static int one_row(struct hdb_stmt *st, const char *sscc, json_t **row)
{
	hdb_reset(st);
	hdb_bind_text(st, 1, sscc);
	int rc = hdb_step(st);
	*row = rc == HDB_ROW ? row_of(st, sscc) : NULL;
	hdb_reset(st);
	return rc == HDB_ROW || rc == HDB_DONE ? HDB_OK : rc;
}

/* One parcel: the table row made what the events say, its change logged. */
static int update(struct hdb *db, struct hdb_stmt *const st[4], const char *sscc,
                  struct tally_err *e)
{
	json_t *want = NULL, *have = NULL;
	int rc = one_row(st[0], sscc, &want);
	if (rc == HDB_OK)
		rc = one_row(st[1], sscc, &have);
	int status = 0;
	if (rc != HDB_OK) {
		status = hub_db_fail(e, db, rc, _("noting the parcels received"));
	} else if (want != NULL && (have == NULL || !json_equal(want, have))) {
		struct hdb_stmt *put = st[2];
		static const char *const cols[] = { "sscc",      "received_at", "user",
			                            "user_name", "session",     "location_id" };
		hdb_reset(put);
		for (int i = 0; i < 6; i++)
			hdb_bind_text(put, i + 1,
			              json_string_value(json_object_get(want, cols[i])));
		rc = hdb_step(put);
		hdb_reset(put);
		status = rc != HDB_DONE
		             ? hub_db_fail(e, db, rc, _("noting the parcels received"))
		             : changelog_put(db, "parcel_receipt", sscc, "upsert", want, e);
	} else if (want == NULL && have != NULL) {
		/* every receive of it voided: not received after all */
		struct hdb_stmt *del = st[3];
		hdb_reset(del);
		hdb_bind_text(del, 1, sscc);
		rc = hdb_step(del);
		hdb_reset(del);
		status = rc != HDB_DONE
		             ? hub_db_fail(e, db, rc, _("noting the parcels received"))
		             : changelog_put(db, "parcel_receipt", sscc, "delete", have, e);
	}
	json_decref(want);
	json_decref(have);
	return status;
}

int parcel_receipt_after_ingest(struct hdb *db, int64_t first_event_id, struct tally_err *e)
{
	struct hdb_stmt *touched = NULL, *st[4] = { 0 };
	const char *const sql[4] = { first_sql, stored_sql, put_sql, delete_sql };
	int rc = hdb_prepare(db, touched_sql, &touched);
	for (int i = 0; rc == HDB_OK && i < 4; i++)
		rc = hdb_prepare(db, sql[i], &st[i]);
	int status = 0;
	if (rc != HDB_OK) {
		status = hub_db_fail(e, db, rc, _("noting the parcels received"));
		goto out;
	}
	hdb_bind_int64(touched, 1, first_event_id);
	while (status == 0 && (rc = hdb_step(touched)) == HDB_ROW) {
		const char *sscc = (const char *)hdb_column_text(touched, 0);
		if (sscc != NULL && sscc[0] != '\0')
			status = update(db, st, sscc, e);
	}
	if (status == 0 && rc != HDB_DONE)
		status = hub_db_fail(e, db, rc, _("noting the parcels received"));
out:
	hdb_finalize(touched);
	for (int i = 0; i < 4; i++)
		hdb_finalize(st[i]);
	return status;
}
