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

struct hdb_stmt *report_prep(struct hdb *db, const char *sql, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, sql, &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("reading the hub database"));
		return NULL;
	}
	return st;
}

void report_bind_opt(struct hdb_stmt *st, int i, const char *v)
{
	if (v != NULL)
		hdb_bind_text(st, i, v);
	else
		hdb_bind_null(st, i);
}

/* Column i as a JSON string, or null. */
json_t *report_text(struct hdb_stmt *st, int i)
{
	const char *t = hdb_column_text(st, i);
	return t != NULL ? json_string((const char *)t) : json_null();
}

json_t *report_int(struct hdb_stmt *st, int i)
{
	return hdb_column_type(st, i) == HDB_NULL
	           ? json_null()
	           : json_integer((json_int_t)hdb_column_int64(st, i));
}

/* Finish a statement that was stepped to its end (rc the last step). */
int report_done(struct hdb *db, struct hdb_stmt *st, int rc, struct tally_err *e)
{
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("reading the hub database"));
}

json_t *report_new(const char *name)
{
	return json_pack("{s:s}", "report", name);
}

/* {"id", "name"} of a device; {"badge", "name"} of a user. */
json_t *report_device_json(struct hdb *db, int64_t id)
{
	struct hdb_stmt *st = NULL;
	json_t *name = json_null();
	if (hdb_prepare(db, "SELECT name FROM device WHERE id = ?", &st) == HDB_OK) {
		hdb_bind_int64(st, 1, id);
		if (hdb_step(st) == HDB_ROW) {
			json_decref(name);
			name = report_text(st, 0);
		}
	}
	hdb_finalize(st);
	return json_pack("{s:I,s:o}", "id", (json_int_t)id, "name", name);
}

json_t *report_user_json(struct hdb *db, const char *badge)
{
	struct hdb_stmt *st = NULL;
	json_t *name = json_null();
	if (badge != NULL &&
	    hdb_prepare(db, "SELECT name FROM user WHERE badge = ?", &st) == HDB_OK) {
		hdb_bind_text(st, 1, badge);
		if (hdb_step(st) == HDB_ROW) {
			json_decref(name);
			name = report_text(st, 0);
		}
	}
	hdb_finalize(st);
	return json_pack("{s:s?,s:o}", "badge", badge, "name", name);
}

json_t *report_shortage(struct hdb *db, const char *article_id)
{
	struct hdb_stmt *st = NULL;
	json_t *out = json_null();
	if (article_id == NULL ||
	    hdb_prepare(db,
	                "SELECT s.status, s.message, (SELECT group_concat(coalesce(a.name, "
	                "x.alternative_id)"
	                "  || coalesce(' (' || x.note || ')', ''), ', ') FROM shortage_alt x"
	                "  LEFT JOIN article a ON a.id = x.alternative_id WHERE "
	                "x.article_id = s.article_id)"
	                " FROM shortage s WHERE s.article_id = ? AND s.status <> 'ended'",
	                &st) != HDB_OK) {
		hdb_finalize(st);
		return out;
	}
	hdb_bind_text(st, 1, article_id);
	if (hdb_step(st) == HDB_ROW) {
		json_decref(out);
		out = json_pack("{s:o,s:o,s:o}", "status", report_text(st, 0), "message",
		                report_text(st, 1), "alternatives", report_text(st, 2));
	}
	hdb_finalize(st);
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

int report_own_region(struct hdb *db, char id[128], char name[256], struct tally_err *e)
{
	id[0] = name[0] = '\0';
	struct hdb_stmt *st = report_prep(db,
	                                  "SELECT id, coalesce(name, id) FROM location"
	                                  " WHERE kind = 'region' ORDER BY id LIMIT 1",
	                                  e);
	if (st == NULL)
		return e->status;
	int rc = hdb_step(st);
	if (rc == HDB_ROW) {
		snprintf(id, 128, "%s", (const char *)hdb_column_text(st, 0));
		snprintf(name, 256, "%s", (const char *)hdb_column_text(st, 1));
		rc = HDB_DONE;
	}
	return report_done(db, st, rc, e);
}
