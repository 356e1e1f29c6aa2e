/*
 * changelog.c — the latest change of each master row, in cursor order.
 *
 * Why a reader never skips a change: cursors come from AUTOINCREMENT inside
 * the writer's transaction, and SQLite admits one writer at a time, so the
 * transaction holding cursor 11 commits before any transaction can take 12.
 * A reader's snapshot therefore always holds a prefix of the cursors.
 *
 * Each change also says where its row is bound and was bound before
 * (hub/scope.h): a page is what reaches the asking device's scope.
 */
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "hub/scope.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

/* One change put and not yet written. */
struct staged {
	char *table, *key, *op;
	json_t *row;
};

struct changelog_writer {
	struct hdb *db;
	struct hdb_stmt *st, *prev, *del;
	struct staged *staged;
	size_t n, cap;
	char now[32];
};

int changelog_lock(struct hdb *db, struct tally_err *e)
{
	int rc = hdb_lock(db, CHANGELOG_LOCK_KEY);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("writing the change log"));
}

struct changelog_writer *changelog_writer_new(struct hdb *db, struct tally_err *e)
{
	struct changelog_writer *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	w->db = db;
	/* One transaction, one moment. */
	hub_time_now(w->now, 0);
	return w;
}

/* The lock and the statements, once per writer, at its first write. */
static int writer_ready(struct changelog_writer *w, struct tally_err *e)
{
	if (w->st != NULL)
		return 0;
	/* A changed row moves to a new cursor: its old change deleted, the
	 * new one inserted (what SQLite's INSERT OR REPLACE did, in SQL both
	 * engines take); where it was bound before is carried over. */
	if (changelog_lock(w->db, e) != 0)
		return e->status;
	int rc = hdb_prepare(w->db, "DELETE FROM change WHERE tbl = ? AND key = ? RETURNING was",
	                     &w->del);
	if (rc == HDB_OK)
		rc = hdb_prepare(w->db,
		                 "SELECT loc, was FROM change WHERE tbl = ? AND key = ?"
		                 " AND device_id IS NULL",
		                 &w->prev);
	if (rc == HDB_OK)
		rc = hdb_prepare(w->db,
		                 "INSERT INTO change(tbl, key, op, row, at, loc, was)"
		                 " VALUES(?, ?, ?, ?, ?, ?, ?)",
		                 &w->st);
	if (rc == HDB_OK)
		return 0;
	hdb_finalize(w->del);
	hdb_finalize(w->prev);
	hdb_finalize(w->st);
	w->del = w->prev = w->st = NULL;
	return hub_db_fail(e, w->db, rc, _("writing the change log"));
}

/* Where the row is bound now (*loc) and was bound before (*was, a JSON
 * array or NULL): the row's earlier places, '*' for region-wide, so a
 * device that held it there is told to delete it. */
static int binding(struct changelog_writer *w, const char *table, const char *key, const char *op,
                   json_t *row, char **loc, char **was, struct tally_err *e)
{
	int known;
	*was = NULL;
	if (scope_binding(w->db, table, strcmp(op, "delete") == 0, row, loc, &known, e) != 0)
		return e->status;
	if (known < 0)
		return 0; /* bound for good; its former places stay (the INSERT) */
	hdb_reset(w->prev);
	hdb_bind_text(w->prev, 1, table);
	hdb_bind_text(w->prev, 2, key);
	int rc = hdb_step(w->prev);
	if (rc == HDB_ROW) {
		const char *old = (const char *)hdb_column_text(w->prev, 0);
		const char *old_was = (const char *)hdb_column_text(w->prev, 1);
		json_t *places = old_was != NULL ? json_loads(old_was, 0, NULL) : NULL;
		if (!json_is_array(places)) {
			json_decref(places);
			places = json_array();
		}
		if (!known) {
			free(*loc);
			*loc = old != NULL ? strdup(old) : NULL;
		} else if (old == NULL ? *loc != NULL : *loc == NULL || strcmp(old, *loc) != 0) {
			const char *place = old != NULL ? old : "*";
			size_t i;
			json_t *p;
			int seen = 0;
			json_array_foreach(places, i, p) seen |=
			    strcmp(json_string_value(p), place) == 0;
			if (!seen)
				json_array_append_new(places, json_string(place));
		}
		if (json_array_size(places) > 0)
			*was = json_dumps(places, JSON_COMPACT);
		json_decref(places);
	}
	hdb_reset(w->prev);
	if (rc == HDB_ROW || rc == HDB_DONE)
		return 0;
	free(*loc);
	*loc = NULL;
	return hub_db_fail(e, w->db, rc, _("writing the change log"));
}

/* Write one change now (the writer ready: the change log's lock held). */
static int write_one(struct changelog_writer *w, const char *table, const char *key, const char *op,
                     json_t *row, struct tally_err *e)
{
	char *loc = NULL, *was = NULL;
	if (binding(w, table, key, op, row, &loc, &was, e) != 0)
		return e->status;
	char *text = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL) {
		free(loc);
		free(was);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	hdb_reset(w->del);
	hdb_bind_text(w->del, 1, table);
	hdb_bind_text(w->del, 2, key);
	int rc = hdb_step(w->del);
	if (rc == HDB_ROW && was == NULL && hdb_column_text(w->del, 0) != NULL)
		was = strdup(hdb_column_text(w->del, 0));
	hdb_reset(w->del);
	if (rc != HDB_ROW && rc != HDB_DONE) {
		free(text);
		free(loc);
		free(was);
		return hub_db_fail(e, w->db, rc, _("writing the change log"));
	}
	hdb_reset(w->st);
	hdb_bind_text(w->st, 1, table);
	hdb_bind_text(w->st, 2, key);
	hdb_bind_text(w->st, 3, op);
	hdb_bind_text(w->st, 4, text);
	hdb_bind_text(w->st, 5, w->now);
	hdb_bind_text(w->st, 6, loc); /* NULL binds NULL */
	hdb_bind_text(w->st, 7, was);
	rc = hdb_step(w->st);
	hdb_reset(w->st);
	free(text);
	free(loc);
	free(was);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, w->db, rc, _("writing the change log"));
}

static void staged_clear(struct changelog_writer *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->staged[i].table);
		free(w->staged[i].key);
		free(w->staged[i].op);
		json_decref(w->staged[i].row);
	}
	w->n = 0;
}

int changelog_writer_put(struct changelog_writer *w, const char *table, const char *key,
                         const char *op, json_t *row, struct tally_err *e)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		struct staged *more = realloc(w->staged, cap * sizeof(*more));
		if (more == NULL)
			return err_set(e, EX_OSERR, _("out of memory"));
		w->staged = more;
		w->cap = cap;
	}
	struct staged *s = &w->staged[w->n];
	s->table = strdup(table);
	s->key = strdup(key);
	s->op = strdup(op);
	s->row = json_incref(row);
	w->n++;
	if (s->table == NULL || s->key == NULL || s->op == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	return 0;
}

int changelog_writer_flush(struct changelog_writer *w, struct tally_err *e)
{
	int status = 0;
	if (w->n > 0)
		status = writer_ready(w, e);
	for (size_t i = 0; status == 0 && i < w->n; i++)
		status = write_one(w, w->staged[i].table, w->staged[i].key, w->staged[i].op,
		                   w->staged[i].row, e);
	staged_clear(w);
	return status;
}

void changelog_writer_free(struct changelog_writer *w)
{
	if (w == NULL)
		return;
	staged_clear(w);
	free(w->staged);
	hdb_finalize(w->st);
	hdb_finalize(w->prev);
	hdb_finalize(w->del);
	free(w);
}

int changelog_put(struct hdb *db, const char *table, const char *key, const char *op, json_t *row,
                  struct tally_err *e)
{
	struct changelog_writer *w = changelog_writer_new(db, e);
	if (w == NULL)
		return e->status;
	int rc = changelog_writer_put(w, table, key, op, row, e);
	if (rc == 0)
		rc = changelog_writer_flush(w, e);
	changelog_writer_free(w);
	return rc;
}

char *changelog_page_text(struct hdb *db, int64_t device_id, const char *scope, int64_t since,
                          int limit, struct tally_err *e)
{
	return scope_page_text(db, device_id, scope, since, limit, e);
}

json_t *changelog_page(struct hdb *db, int64_t device_id, const char *scope, int64_t since,
                       int limit, struct tally_err *e)
{
	char *text = changelog_page_text(db, device_id, scope, since, limit, e);
	if (text == NULL)
		return NULL;
	json_t *page = json_loads(text, 0, NULL);
	free(text);
	if (page == NULL)
		err_set(e, EX_SOFTWARE, _("the change feed's page is not valid JSON"));
	return page;
}
