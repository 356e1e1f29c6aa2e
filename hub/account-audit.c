/*
 * account-audit.c — the audit log (see account-audit.h).
 */
#include "hub/account-audit.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

int audit_log(struct hdb *db, const char *actor, const char *action, const char *target,
              const char *detail, const char *client_addr, struct tally_err *e)
{
	char now[32];
	hub_time_now(now, 0);
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "INSERT INTO audit(at, actor, action, target, detail,"
	                     " client_addr) VALUES(?, ?, ?, ?, ?, ?)",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, now);
		hdb_bind_text(st, 2, actor);
		hdb_bind_text(st, 3, action);
		hdb_bind_text(st, 4, target);
		hdb_bind_text(st, 5, detail);
		hdb_bind_text(st, 6, client_addr);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("writing the audit log"));
}

json_t *audit_list(struct hdb *db, int limit, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "SELECT at, actor, action, target, detail, client_addr"
	                     " FROM audit ORDER BY id DESC LIMIT ?",
	                     &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("reading the audit log"));
		return NULL;
	}
	hdb_bind_int(st, 1, limit);
	json_t *rows = json_array();
	while ((rc = hdb_step(st)) == HDB_ROW) {
		json_t *r = json_object();
		static const char *const keys[] = { "at",     "actor",  "action",
			                            "target", "detail", "client_addr" };
		for (int i = 0; i < 6; i++) {
			const char *t = hdb_column_text(st, i);
			json_object_set_new(r, keys[i],
			                    t ? json_string((const char *)t) : json_null());
		}
		json_array_append_new(rows, r);
	}
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		json_decref(rows);
		hub_db_fail(e, db, rc, _("reading the audit log"));
		return NULL;
	}
	return json_pack("{s:o}", "rows", rows);
}
