/*
 * hub-meta.c — the hub's settings (see hub-meta.h).
 */
#include "hub/hub-meta.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

char *hub_meta_get(struct hdb *db, const char *key, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT value FROM meta WHERE key = ?", &st);
	char *out = NULL;
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, key);
		rc = hdb_step(st);
		if (rc == HDB_ROW) {
			out = strdup((const char *)hdb_column_text(st, 0));
			rc = HDB_DONE;
		}
	}
	hdb_finalize(st);
	if (rc != HDB_DONE)
		hub_db_fail(e, db, rc, _("reading the hub's settings"));
	return out;
}

int hub_meta_set(struct hdb *db, const char *key, const char *value, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db,
	                     "INSERT INTO meta(key, value) VALUES(?, ?)"
	                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                     &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, key);
		hdb_bind_text(st, 2, value);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("writing the hub's settings"));
}
