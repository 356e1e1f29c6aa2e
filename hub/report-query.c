/*
 * report-query.c — what the report builders share: statements on the hub
 * database, columns as JSON values, who a device or a user is.
 */
#include "hub/report-internal.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

json_t *report_shortage(sqlite3 *db, const char *article_id)
{
	sqlite3_stmt *st = NULL;
	json_t *out = json_null();
	if (article_id == NULL ||
	    sqlite3_prepare_v2(db,
	                       "SELECT s.status, s.message, (SELECT group_concat(coalesce(a.name, "
	                       "x.alternative_id)"
	                       "  || coalesce(' (' || x.note || ')', ''), ', ') FROM shortage_alt x"
	                       "  LEFT JOIN article a ON a.id = x.alternative_id WHERE "
	                       "x.article_id = s.article_id)"
	                       " FROM shortage s WHERE s.article_id = ? AND s.status <> 'ended'",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return out;
	}
	sqlite3_bind_text(st, 1, article_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_decref(out);
		out = json_pack("{s:o,s:o,s:o}", "status", report_text(st, 0), "message",
		                report_text(st, 1), "alternatives", report_text(st, 2));
	}
	sqlite3_finalize(st);
	return out;
}

char *report_shortage_mark(const char *name, json_t *sh)
{
	if (sh == NULL || !json_is_object(sh))
		return NULL;
	const char *status = json_string_value(json_object_get(sh, "status"));
	const char *alts = json_string_value(json_object_get(sh, "alternatives"));
	char buf[1024];
	int upcoming = status != NULL && strcmp(status, "upcoming") == 0;
	if (alts != NULL)
		snprintf(buf, sizeof(buf),
		         upcoming ? _("%s — SHORTAGE COMING, alternatives: %s")
		                  : _("%s — SHORTAGE, alternatives: %s"),
		         name, alts);
	else
		snprintf(buf, sizeof(buf),
		         upcoming ? _("%s — SHORTAGE COMING") : _("%s — SHORTAGE"), name);
	return strdup(buf);
}

int report_own_region(sqlite3 *db, char id[128], char name[256], struct tally_err *e)
{
	id[0] = name[0] = '\0';
	sqlite3_stmt *st = report_prep(db,
	                               "SELECT id, coalesce(name, id) FROM location"
	                               " WHERE kind = 'region' ORDER BY id LIMIT 1",
	                               e);
	if (st == NULL)
		return e->status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(id, 128, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(name, 256, "%s", (const char *)sqlite3_column_text(st, 1));
		rc = SQLITE_DONE;
	}
	return report_done(db, st, rc, e);
}
