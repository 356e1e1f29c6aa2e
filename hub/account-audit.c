/*
 * account-audit.c — the audit log (see account-audit.h).
 */
#include "hub/account-audit.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

int audit_log(sqlite3 *db, const char *actor, const char *action, const char *target,
              const char *detail, const char *client_addr, struct tally_err *e)
{
	char now[32];
	hub_time_now(now, 0);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
	                            "INSERT INTO audit(at, actor, action, target, detail,"
	                            " client_addr) VALUES(?, ?, ?, ?, ?, ?)",
	                            -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, target, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, client_addr, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hub_db_fail(e, db, rc, _("writing the audit log"));
}

json_t *audit_list(sqlite3 *db, int limit, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
	                            "SELECT at, actor, action, target, detail, client_addr"
	                            " FROM audit ORDER BY id DESC LIMIT ?",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK) {
		hub_db_fail(e, db, rc, _("reading the audit log"));
		return NULL;
	}
	sqlite3_bind_int(st, 1, limit);
	json_t *rows = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *r = json_object();
		static const char *const keys[] = { "at",     "actor",  "action",
			                            "target", "detail", "client_addr" };
		for (int i = 0; i < 6; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			json_object_set_new(r, keys[i],
			                    t ? json_string((const char *)t) : json_null());
		}
		json_array_append_new(rows, r);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		hub_db_fail(e, db, rc, _("reading the audit log"));
		return NULL;
	}
	return json_pack("{s:o}", "rows", rows);
}
