/*
 * device-admin.c — listing and revoking handhelds (see device-admin.h).
 */
#include "hub/device-admin.h"
#include "hub/account-audit.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdio.h>

json_t *device_list(struct hdb *db, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(
	    db,
	    "SELECT d.id, d.name, d.hw_id, d.enrolled_at, d.last_seen,"
	    " d.revoked, (SELECT count(*) FROM event v WHERE"
	    " v.device_id = d.id), (SELECT max(received_at) FROM event v"
	    " WHERE v.device_id = d.id), d.scope_id FROM device d ORDER BY d.name, d.id",
	    &st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("reading the handhelds"));
		return NULL;
	}
	json_t *list = json_array();
	while ((rc = hdb_step(st)) == HDB_ROW) {
		json_t *d =
		    json_pack("{s:I,s:b,s:I}", "id", (json_int_t)hdb_column_int64(st, 0), "revoked",
		              hdb_column_int(st, 5), "events", (json_int_t)hdb_column_int64(st, 6));
		static const struct {
			int col;
			const char *key;
		} text[] = { { 1, "name" },      { 2, "hw_id" },      { 3, "enrolled_at" },
			     { 4, "last_seen" }, { 7, "last_event" }, { 8, "scope_id" } };
		for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
			const char *t = hdb_column_text(st, text[i].col);
			json_object_set_new(d, text[i].key,
			                    t ? json_string((const char *)t) : json_null());
		}
		json_array_append_new(list, d);
	}
	hdb_finalize(st);
	if (rc != HDB_DONE) {
		json_decref(list);
		hub_db_fail(e, db, rc, _("reading the handhelds"));
		return NULL;
	}
	return json_pack("{s:o}", "devices", list);
}

int device_revoke(struct hdb *db, int64_t id, const char *actor, const char *client_addr,
                  struct tally_err *e)
{
	if (hub_db_begin(db, e) != 0)
		return e->status;
	struct hdb_stmt *st = NULL;
	char target[160] = "";
	int rc = hdb_prepare(db,
	                     "UPDATE device SET revoked = 1 WHERE id = ? AND revoked = 0"
	                     " RETURNING name",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_int64(st, 1, id);
		rc = hdb_step(st);
		if (rc == HDB_ROW) {
			snprintf(target, sizeof(target), "%lld %s", (long long)id,
			         hdb_column_text(st, 0));
			rc = hdb_step(st);
		} else if (rc == HDB_DONE) {
			rc = HDB_NOTFOUND;
		}
	}
	hdb_finalize(st);
	if (rc == HDB_NOTFOUND) {
		err_set(e, EX_NOUSER, _("there is no handheld %lld that is not revoked already"),
		        (long long)id);
		goto fail;
	}
	if (rc != HDB_DONE) {
		hub_db_fail(e, db, rc, _("revoking a handheld"));
		goto fail;
	}
	if (audit_log(db, actor, "device-revoke", target, NULL, client_addr, e) != 0 ||
	    hub_db_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hdb_rollback(db);
	return e->status;
}
