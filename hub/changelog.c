/*
 * changelog.c — the latest change of each master row, in cursor order.
 *
 * Why a reader never skips a change: cursors come from AUTOINCREMENT inside
 * the writer's transaction, and SQLite admits one writer at a time, so the
 * transaction holding cursor 11 commits before any transaction can take 12.
 * A reader's snapshot therefore always holds a prefix of the cursors.
 */
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "common/i18n.h"

#include <stdlib.h>

struct changelog_writer {
	sqlite3 *db;
	sqlite3_stmt *st;
	char now[32];
};

struct changelog_writer *changelog_writer_new(sqlite3 *db, struct tally_err *e)
{
	struct changelog_writer *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	w->db = db;
	int rc = sqlite3_prepare_v2(db,
	                            "INSERT OR REPLACE INTO change(tbl, key, op, row, at)"
	                            " VALUES(?, ?, ?, ?, ?)",
	                            -1, &w->st, NULL);
	if (rc != SQLITE_OK) {
		hub_db_fail(e, db, rc, _("writing the change log"));
		free(w);
		return NULL;
	}
	/* One transaction, one moment. */
	hub_time_now(w->now, 0);
	return w;
}

int changelog_writer_put(struct changelog_writer *w, const char *table, const char *key,
                         const char *op, json_t *row, struct tally_err *e)
{
	char *text = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	sqlite3_reset(w->st);
	sqlite3_bind_text(w->st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 3, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->st, 5, w->now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(w->st);
	sqlite3_reset(w->st);
	free(text);
	return rc == SQLITE_DONE ? 0 : hub_db_fail(e, w->db, rc, _("writing the change log"));
}

void changelog_writer_free(struct changelog_writer *w)
{
	if (w == NULL)
		return;
	sqlite3_finalize(w->st);
	free(w);
}

int changelog_put(sqlite3 *db, const char *table, const char *key, const char *op, json_t *row,
                  struct tally_err *e)
{
	struct changelog_writer *w = changelog_writer_new(db, e);
	if (w == NULL)
		return e->status;
	int rc = changelog_writer_put(w, table, key, op, row, e);
	changelog_writer_free(w);
	return rc;
}

json_t *changelog_page(sqlite3 *db, int64_t since, int limit, struct tally_err *e)
{
	sqlite3_stmt *st = NULL;
	/* One row more than asked tells whether there is more. */
	int rc = sqlite3_prepare_v2(db,
	                            "SELECT cursor, tbl, op, row FROM change WHERE cursor > ?"
	                            " ORDER BY cursor LIMIT ?",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK) {
		hub_db_fail(e, db, rc, _("reading the change log"));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int(st, 2, limit + 1);
	json_t *changes = json_array();
	int64_t next = since;
	int n = 0, more = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			more = 1;
			continue;
		}
		json_t *row = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
		next = sqlite3_column_int64(st, 0);
		json_array_append_new(changes,
		                      json_pack("{s:I,s:s,s:s,s:o}", "cursor", (json_int_t)next,
		                                "table", (const char *)sqlite3_column_text(st, 1),
		                                "op", (const char *)sqlite3_column_text(st, 2),
		                                "row", row != NULL ? row : json_object()));
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(changes);
		hub_db_fail(e, db, rc, _("reading the change log"));
		return NULL;
	}
	return json_pack("{s:o,s:I,s:b}", "changes", changes, "next", (json_int_t)next, "more",
	                 more);
}
