/*
 * report-query.c — what the report builders share: statements on the hub
 * database, columns as JSON values, who a device or a user is.
 */
#include "hub/report-internal.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

sqlite3_stmt *report_prep(sqlite3 *db, const char *sql, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		hub_db_fail(e, db, rc, _("reading the hub database"));
		return NULL;
	}
	return st;
}

void report_bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Column i as a JSON string, or null. */
json_t *report_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t != NULL ? json_string((const char *)t) : json_null();
}

json_t *report_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
	           ? json_null()
	           : json_integer((json_int_t)sqlite3_column_int64(st, i));
}

/* Finish a statement that was stepped to its end (rc the last step). */
int report_done(sqlite3 *db, sqlite3_stmt *st, int rc, struct tally_err *e)
{
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hub_db_fail(e, db, rc, _("reading the hub database"));
}

json_t *report_new(const char *name)
{
	return json_pack("{s:s}", "report", name);
}

/* {"id", "name"} of a device; {"badge", "name"} of a user. */
json_t *report_device_json(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st = NULL;
	json_t *name = json_null();
	if (sqlite3_prepare_v2(db, "SELECT name FROM device WHERE id = ?", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_decref(name);
			name = report_text(st, 0);
		}
	}
	sqlite3_finalize(st);
	return json_pack("{s:I,s:o}", "id", (json_int_t)id, "name", name);
}

json_t *report_user_json(sqlite3 *db, const char *badge)
{
	sqlite3_stmt *st = NULL;
	json_t *name = json_null();
	if (badge != NULL && sqlite3_prepare_v2(db, "SELECT name FROM user WHERE badge = ?", -1,
	                                        &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, badge, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_decref(name);
			name = report_text(st, 0);
		}
	}
	sqlite3_finalize(st);
	return json_pack("{s:s?,s:o}", "badge", badge, "name", name);
}
