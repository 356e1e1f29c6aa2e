/*
 * hub-meta.c — the hub's settings (see hub-meta.h).
 */
#include "hub/hub-meta.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

char *hub_meta_get(sqlite3 *db, const char *key, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL);
	char *out = NULL;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			out = strdup((const char *)sqlite3_column_text(st, 0));
			rc = SQLITE_DONE;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		hub_db_fail(e, db, rc, _("reading the hub's settings"));
	return out;
}

int hub_meta_set(sqlite3 *db, const char *key, const char *value, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1,
	                            &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hub_db_fail(e, db, rc, _("writing the hub's settings"));
}
