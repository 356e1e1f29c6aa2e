/*
 * parcel-records.c — what the store knows of a parcel beyond its expected
 * lines: whether it was received before (when, by whom) — on this handheld,
 * or on another as the hub told it (parcel_receipt) — and
 * which parcel of its order it is ("parcel 2 of 3").  Queries only.
 */
#include "db/store-internal.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

int store_parcel_received(struct store *s, const char *sscc, const char *not_session,
                          struct parcel_receipt *out, struct tally_err *e)
{
	memset(out, 0, sizeof(*out));
	/* A standing receive of the parcel in another session: the first. */
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT r.device_time, r.user, coalesce(u.name, r.user) FROM record AS r"
	    " LEFT JOIN user AS u ON u.badge = r.user"
	    " WHERE r.kind = 'receive' AND json_extract(r.data, '$.sscc') = ?1"
	    " AND r.session IS NOT ?2 AND r.seq NOT IN (SELECT json_extract(data, '$.seq')"
	    " FROM record WHERE kind = 'void' AND session = r.session)"
	    " ORDER BY r.seq LIMIT 1",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_STATIC);
	if (not_session != NULL)
		sqlite3_bind_text(st, 2, not_session, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->when, sizeof(out->when), "%s",
		         (const char *)sqlite3_column_text(st, 0));
		const unsigned char *who = sqlite3_column_text(st, 2);
		snprintf(out->who, sizeof(out->who), "%s", who ? (const char *)who : "");
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(e, s, rc, _("looking up the parcel"));
	/* Received on another handheld, as the hub told it (master table
	 * parcel_receipt); not the session going on here. */
	st = store_prepare(s,
	                   "SELECT received_at, coalesce(user_name, user, '') FROM parcel_receipt"
	                   " WHERE sscc = ?1 AND session IS NOT ?2",
	                   e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_STATIC);
	if (not_session != NULL)
		sqlite3_bind_text(st, 2, not_session, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->when, sizeof(out->when), "%s",
		         (const char *)sqlite3_column_text(st, 0));
		snprintf(out->who, sizeof(out->who), "%s",
		         (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return EX_DATAERR;
	return store_fail(e, s, rc, _("looking up the parcel"));
}

int store_parcel_of_order(struct store *s, const char *sscc, int *index, int *total,
                          struct tally_err *e)
{
	*index = *total = 0;
	sqlite3_stmt *st = store_prepare(
	    s,
	    "SELECT (SELECT count(*) FROM delivery AS o WHERE o.id = d.id AND o.sscc <= d.sscc),"
	    " (SELECT count(*) FROM delivery AS o WHERE o.id = d.id)"
	    " FROM delivery AS d WHERE d.sscc = ?1 AND d.id IS NOT NULL",
	    e);
	if (st == NULL)
		return e->status;
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*index = sqlite3_column_int(st, 0);
		*total = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? 0
	           : store_fail(e, s, rc, _("looking up the parcel"));
}
