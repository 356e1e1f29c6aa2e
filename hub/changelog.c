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
#include "common/grow.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One change put and not yet written, and what the flush works out for
 * it: where the row is bound (scope_binding) and the change it replaces. */
struct staged {
	char *table, *key, *op;
	json_t *row;
	char *loc;
	int known;
	int had_old;
	char *old_loc, *old_was;
};

/* The flush writes a group of changes with one DELETE and one INSERT; a
 * group has one of these sizes, so each connection prepares at most
 * GROUP_SIZES texts of each (hub/pg-statements.h keeps them). */
static const size_t group_sizes[] = { 256, 64, 16, 4, 1 };
#define GROUP_SIZES (sizeof(group_sizes) / sizeof(group_sizes[0]))

struct changelog_writer {
	struct hdb *db;
	struct hdb_stmt *del[GROUP_SIZES], *ins[GROUP_SIZES];
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

/* "(?, ?), (?, ?)": n rows of k parameters, after head. */
static char *rows_sql(const char *head, size_t n, int k, const char *tail)
{
	size_t size = strlen(head) + strlen(tail) + n * (size_t)(4 * k + 4) + 1;
	char *sql = malloc(size), *p = sql;
	if (sql == NULL)
		return NULL;
	p += sprintf(p, "%s", head);
	for (size_t i = 0; i < n; i++) {
		p += sprintf(p, "%s(?", i ? ", " : "");
		for (int j = 1; j < k; j++)
			p += sprintf(p, ", ?");
		p += sprintf(p, ")");
	}
	sprintf(p, "%s", tail);
	return sql;
}

/* The statements for groups of group_sizes[g] changes, made at first use.
 * A changed row moves to a new cursor: its old change deleted (what it
 * said of where the row was bound read back), the new one inserted (what
 * SQLite's INSERT OR REPLACE did, in SQL both engines take). */
static int group_ready(struct changelog_writer *w, size_t g, struct tally_err *e)
{
	if (w->ins[g] != NULL)
		return 0;
	/* IN (SELECT ... FROM (VALUES ...)), not IN (VALUES ...): SQLite
	 * scans the whole change log for the latter, and finds each row by
	 * its (tbl, key) index for the former (bench-region: a region's
	 * import took 16.5 s instead of 3.8 s); PostgreSQL plans both alike. */
	char *del = group_sizes[g] == 1
	                ? strdup("DELETE FROM change WHERE tbl = ? AND key = ?"
	                         " RETURNING tbl, key, loc, was")
	                : rows_sql("DELETE FROM change WHERE (tbl, key) IN (SELECT column1, column2"
	                           " FROM (VALUES ",
	                           group_sizes[g], 2, ") AS staged) RETURNING tbl, key, loc, was");
	char *ins = rows_sql("INSERT INTO change(tbl, key, op, row, at, loc, was) VALUES ",
	                     group_sizes[g], 7, "");
	int rc = del != NULL && ins != NULL ? hdb_prepare(w->db, del, &w->del[g]) : HDB_NOMEM;
	if (rc == HDB_OK)
		rc = hdb_prepare(w->db, ins, &w->ins[g]);
	free(del);
	free(ins);
	if (rc == HDB_OK)
		return 0;
	hdb_finalize(w->del[g]);
	w->del[g] = NULL;
	return hub_db_fail(e, w->db, rc, _("writing the change log"));
}

/* Where the change is bound now (s->loc) and was bound before (the JSON
 * array it is written with, or NULL): the row's earlier places, '*' for
 * region-wide, so a device that held it there is told to delete it.  A
 * row bound for good keeps its former places. */
static char *former_places(struct staged *s)
{
	char *was = NULL;
	if (s->had_old && s->known >= 0) {
		json_t *places = s->old_was != NULL ? json_loads(s->old_was, 0, NULL) : NULL;
		if (!json_is_array(places)) {
			json_decref(places);
			places = json_array();
		}
		const char *old = s->old_loc;
		if (!s->known) {
			free(s->loc);
			s->loc = old != NULL ? strdup(old) : NULL;
		} else if (old == NULL ? s->loc != NULL
		                       : s->loc == NULL || strcmp(old, s->loc) != 0) {
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
			was = json_dumps(places, JSON_COMPACT);
		json_decref(places);
	}
	if (was == NULL && s->had_old && s->old_was != NULL)
		was = strdup(s->old_was);
	return was;
}

/* Write the n changes at s (distinct keys, n one of group_sizes[g]): one
 * DELETE, one INSERT.  The change log's lock is held. */
static int write_group(struct changelog_writer *w, size_t g, struct staged *s, size_t n,
                       struct tally_err *e)
{
	if (group_ready(w, g, e) != 0)
		return e->status;
	struct hdb_stmt *del = w->del[g], *ins = w->ins[g];
	hdb_reset(del);
	for (size_t i = 0; i < n; i++) {
		hdb_bind_text(del, (int)(2 * i + 1), s[i].table);
		hdb_bind_text(del, (int)(2 * i + 2), s[i].key);
	}
	int rc;
	while ((rc = hdb_step(del)) == HDB_ROW) {
		const char *tbl = (const char *)hdb_column_text(del, 0);
		const char *key = (const char *)hdb_column_text(del, 1);
		for (size_t i = 0; i < n; i++)
			if (strcmp(s[i].table, tbl) == 0 && strcmp(s[i].key, key) == 0) {
				const char *loc = (const char *)hdb_column_text(del, 2);
				const char *was = (const char *)hdb_column_text(del, 3);
				s[i].had_old = 1;
				s[i].old_loc = loc != NULL ? strdup(loc) : NULL;
				s[i].old_was = was != NULL ? strdup(was) : NULL;
				break;
			}
	}
	hdb_reset(del);
	if (rc != HDB_DONE)
		return hub_db_fail(e, w->db, rc, _("writing the change log"));
	hdb_reset(ins);
	for (size_t i = 0; i < n; i++) {
		char *text = json_dumps(s[i].row, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (text == NULL)
			return err_set(e, EX_OSERR, _("out of memory"));
		char *was = former_places(&s[i]);
		int at = (int)(7 * i);
		hdb_bind_text(ins, at + 1, s[i].table);
		hdb_bind_text(ins, at + 2, s[i].key);
		hdb_bind_text(ins, at + 3, s[i].op);
		hdb_bind_text_owned(ins, at + 4, text);
		hdb_bind_text(ins, at + 5, w->now);
		hdb_bind_text(ins, at + 6, s[i].loc); /* NULL binds NULL */
		if (was != NULL)
			hdb_bind_text_owned(ins, at + 7, was);
		else
			hdb_bind_null(ins, at + 7);
	}
	rc = hdb_step(ins);
	hdb_reset(ins);
	return rc == HDB_DONE ? 0 : hub_db_fail(e, w->db, rc, _("writing the change log"));
}

static void staged_clear(struct changelog_writer *w)
{
	for (size_t i = 0; i < w->n; i++) {
		struct staged *s = &w->staged[i];
		free(s->table);
		free(s->key);
		free(s->op);
		json_decref(s->row);
		free(s->loc);
		free(s->old_loc);
		free(s->old_was);
	}
	w->n = 0;
}

int changelog_writer_put(struct changelog_writer *w, const char *table, const char *key,
                         const char *op, json_t *row, struct tally_err *e)
{
	struct staged *more = grow(w->staged, &w->cap, w->n, sizeof(*more));
	if (more == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	w->staged = more;
	struct staged *s = &w->staged[w->n++];
	memset(s, 0, sizeof(*s));
	s->table = strdup(table);
	s->key = strdup(key);
	s->op = strdup(op);
	s->row = json_incref(row);
	if (s->table == NULL || s->key == NULL || s->op == NULL)
		return err_set(e, EX_OSERR, _("out of memory"));
	return 0;
}

/* How many of the n changes at s can go in one group: distinct keys (a
 * row changed twice is written twice, in order), at most the largest
 * group size, then the largest size that fits.  *g: that size's index. */
static size_t next_group(const struct staged *s, size_t n, size_t *g)
{
	size_t run = 0;
	while (run < n && run < group_sizes[0]) {
		size_t j = 0;
		while (j < run &&
		       (strcmp(s[j].key, s[run].key) != 0 || strcmp(s[j].table, s[run].table) != 0))
			j++;
		if (j < run)
			break;
		run++;
	}
	*g = 0;
	while (group_sizes[*g] > run)
		(*g)++;
	return group_sizes[*g];
}

int changelog_writer_flush(struct changelog_writer *w, struct tally_err *e)
{
	int status = 0;
	/* Where each row is bound is read before the lock: only the writing
	 * takes turns with other transactions. */
	for (size_t i = 0; status == 0 && i < w->n; i++) {
		struct staged *s = &w->staged[i];
		status = scope_binding(w->db, s->table, strcmp(s->op, "delete") == 0, s->row,
		                       &s->loc, &s->known, e);
	}
	if (status == 0 && w->n > 0)
		status = changelog_lock(w->db, e);
	for (size_t i = 0, g; status == 0 && i < w->n;) {
		size_t n = next_group(&w->staged[i], w->n - i, &g);
		status = write_group(w, g, &w->staged[i], n, e);
		i += n;
	}
	staged_clear(w);
	return status;
}

void changelog_writer_free(struct changelog_writer *w)
{
	if (w == NULL)
		return;
	staged_clear(w);
	free(w->staged);
	for (size_t g = 0; g < GROUP_SIZES; g++) {
		hdb_finalize(w->del[g]);
		hdb_finalize(w->ins[g]);
	}
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
