/*
 * scope.c — which master rows a device holds, per change (see scope.h).
 *
 * The SQL is written as templates: '$' stands for the prefix of one view
 * of a scope (its CTEs anc, own, circle and its parameters :s scope, :k
 * circle kind), '@' for the location being tested.  Two views side by side
 * ("o" old, "n" new) give a scope change's difference in one statement.
 */
#include "hub/scope.h"
#include "hub/changelog.h"
#include "hub/hub-db.h"
#include "hub/hub-meta.h"
#include "core/master-tables.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The locations at and above $s (anc, with depth), at and below it (own),
 * and at and below the nearest location at or above it of kind $k
 * (circle).  UNION and the depth bound end a loop in a damaged tree. */
static const char view_ctes[] =
    "$anc(id, parent_id, kind, depth) AS (SELECT id, parent_id, kind, 0 FROM location"
    " WHERE id = :$s UNION SELECT l.id, l.parent_id, l.kind, a.depth + 1 FROM location l"
    " JOIN $anc a ON l.id = a.parent_id WHERE a.depth < 64),"
    " $own(id) AS (SELECT :$s WHERE CAST(:$s AS TEXT) IS NOT NULL UNION SELECT l.id FROM location l"
    " JOIN $own o ON l.parent_id = o.id),"
    " $circle(id) AS (SELECT coalesce((SELECT id FROM $anc WHERE kind = :$k"
    " ORDER BY depth LIMIT 1), :$s) WHERE CAST(:$s AS TEXT) IS NOT NULL UNION SELECT l.id"
    " FROM location l JOIN $circle c ON l.parent_id = c.id)";

/* Is a row of table `tbl` bound to @ within the view?  (scope.h says why
 * each table is bound the way it is.) */
static const char view_holds[] =
    "(CAST(:$s AS TEXT) IS NULL OR CASE WHEN tbl IN ('plan', 'plan_line') THEN"
    /* A plan (its key: its id) and its lines (plan id, char(31), article)
     * go where it has a place: a drill counts at those.  A delete goes to
     * every device. */
    " change.op = 'delete' OR EXISTS (SELECT 1 FROM plan_place pp WHERE pp.plan_id ="
    " CASE tbl WHEN 'plan' THEN change.key"
    " ELSE substr(change.key, 1, instr(change.key, char(31)) - 1) END"
    " AND pp.location_id IN (SELECT id FROM $own))"
    " WHEN @ IS NULL THEN TRUE ELSE CASE tbl"
    " WHEN 'location' THEN :$k = 'region' OR @ IN (SELECT id FROM $circle)"
    " OR @ IN (SELECT id FROM $anc)"
    " WHEN 'basis' THEN :$k = 'region' OR @ IN (SELECT id FROM $circle)"
    /* A last count is read through a basis list only ("Hvor kan jeg
     * låne?"): a pharmacy's or an emergency store's stock stays home (its
     * deletes still go out).  A stock change's key is its location,
     * char(31), its article.  OFFSET keeps PostgreSQL from turning the
     * EXISTS into a hash of the whole basis table, built anew for every
     * page (bench-region: 62 ms a page where one look-up per row takes
     * 13 ms); both engines then probe basis's key row by row. */
    " WHEN 'stock' THEN (:$k = 'region' OR @ IN (SELECT id FROM $circle))"
    " AND (change.op = 'delete' OR EXISTS (SELECT 1 FROM basis b WHERE b.location_id = change.loc"
    " AND b.article_id = substr(change.key, length(change.loc) + 2) LIMIT 1 OFFSET 0))"
    " WHEN 'user' THEN @ IN (SELECT id FROM $own) OR @ IN (SELECT id FROM $anc)"
    " ELSE @ IN (SELECT id FROM $own) END END)";

struct sql_buf {
	char s[8192];
	size_t n;
	int overflow;
};

static void put(struct sql_buf *b, const char *text)
{
	size_t len = strlen(text);
	if (b->n + len >= sizeof(b->s)) {
		b->overflow = 1;
		return;
	}
	memcpy(b->s + b->n, text, len + 1);
	b->n += len;
}

/* tmpl with '$' → prefix and '@' → loc. */
static void expand(struct sql_buf *b, const char *tmpl, const char *prefix, const char *loc)
{
	for (const char *p = tmpl; *p; p++) {
		char one[2] = { *p, '\0' };
		put(b, *p == '$' ? prefix : *p == '@' ? loc : one);
	}
}

/* Where a change reaches the device of view prefix: bound inside, or
 * bound inside before (was; '*' for "region-wide before"). */
static void reaches(struct sql_buf *b, const char *prefix)
{
	put(b, "(");
	expand(b, view_holds, prefix, "loc");
	put(b, " OR (was IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(change.was) w WHERE ");
	expand(b, view_holds, prefix, "nullif(w.value, '*')");
	put(b, ")))");
}

static void bind_view(struct hdb_stmt *st, const char *prefix, const char *scope,
                      const char *circle)
{
	char name[8];
	snprintf(name, sizeof(name), ":%ss", prefix);
	int i = hdb_bind_parameter_index(st, name);
	if (i > 0 && scope != NULL)
		hdb_bind_text(st, i, scope);
	else if (i > 0)
		hdb_bind_null(st, i);
	snprintf(name, sizeof(name), ":%sk", prefix);
	if ((i = hdb_bind_parameter_index(st, name)) > 0)
		hdb_bind_text(st, i, circle);
}

static void bind_named_int(struct hdb_stmt *st, const char *name, int64_t v)
{
	int i = hdb_bind_parameter_index(st, name);
	if (i > 0)
		hdb_bind_int64(st, i, v);
}

int scope_circle_valid(const char *kind)
{
	return kind != NULL && (strcmp(kind, "hospital") == 0 || strcmp(kind, "trust") == 0 ||
	                        strcmp(kind, "region") == 0);
}

int scope_circle_get(struct hdb *db, char out[16], struct tally_err *e)
{
	char *v = hub_meta_get(db, SCOPE_CIRCLE_KEY, e);
	if (v == NULL && e->status != 0)
		return e->status;
	snprintf(out, 16, "%s", scope_circle_valid(v) ? v : SCOPE_CIRCLE_DEFAULT);
	free(v);
	return 0;
}

/* A JSON text member of o, or NULL. */
static const char *member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Changes that move to new cursors are staged in change_move, as
 * SQLite's INSERT OR REPLACE ... SELECT from change itself has no
 * counterpart PostgreSQL takes: staged, the old changes deleted, the
 * staged ones inserted (new cursors, after the change log's lock:
 * changelog.h).  Before: the staging table made (per connection) and
 * emptied. */
static int move_begin(struct hdb *db)
{
	int rc = hdb_exec(db, "CREATE TEMP TABLE IF NOT EXISTS change_move(tbl TEXT, key TEXT,"
	                      " op TEXT, row TEXT, at TEXT, loc TEXT, was TEXT, device_id BIGINT)");
	return rc == HDB_OK ? hdb_exec(db, "DELETE FROM change_move") : rc;
}

/* After the staging statement: the staged changes in place of the old
 * ones; *moved, how many. */
static int move_end(struct hdb *db, long *moved)
{
	/* Most puts stage nothing (a new basis line whose pair was never
	 * counted): then there is nothing to move.  Each statement here goes
	 * by change's (tbl, key) index from the few staged rows -- never a
	 * walk of the whole change log per row imported, which made a
	 * region's import quadratic (bench-region: 75,305 rows in 14 min). */
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT 1 FROM change_move LIMIT 1", &st);
	if (rc == HDB_OK)
		rc = hdb_step(st);
	hdb_finalize(st);
	if (rc == HDB_DONE) {
		if (moved != NULL)
			*moved = 0;
		return HDB_OK;
	}
	if (rc != HDB_ROW)
		return rc;
	rc = hdb_lock(db, CHANGELOG_LOCK_KEY);
	if (rc == HDB_OK)
		rc = hdb_exec(db, "DELETE FROM change WHERE (tbl, key) IN"
		                  " (SELECT tbl, key FROM change_move)");
	if (rc == HDB_OK)
		rc = hdb_exec(
		    db, "INSERT INTO change(tbl, key, op, row, at, loc, was, device_id)"
		        " SELECT tbl, key, op, row, at, loc, was, device_id FROM change_move");
	if (rc == HDB_OK && moved != NULL)
		*moved = hdb_changes(db);
	if (rc == HDB_OK)
		rc = hdb_exec(db, "DELETE FROM change_move");
	return rc;
}

int scope_after_put(struct hdb *db, const char *table, json_t *old, json_t *row,
                    struct tally_err *e)
{
	int is_new = json_is_null(old), location = strcmp(table, "location") == 0;
	const char *sql, *id, *to, *from;
	if (location) {
		id = member(row, "id");
		to = member(row, "parent_id");
		from = is_new ? NULL : member(old, "parent_id");
		/* The rows under it keep their binding; it is the tree above
		 * them that changed. */
		sql = "WITH RECURSIVE sub(id) AS (SELECT :id UNION SELECT l.id FROM location l"
		      " JOIN sub ON l.parent_id = sub.id)"
		      " INSERT INTO change_move(tbl, key, op, row, at, loc, was, device_id)"
		      " SELECT tbl, key, op, row, :now, loc, CASE WHEN CAST(:from AS TEXT) IS NULL "
		      "THEN was"
		      " ELSE json_insert(coalesce(was, '[]'), '$[#]', :from) END, NULL"
		      " FROM change WHERE device_id IS NULL AND loc IN (SELECT id FROM sub)"
		      /* A new place's own change was just written. */
		      " AND NOT (CAST(:from AS TEXT) IS NULL AND tbl = 'location' AND key = :id)";
	} else if (strcmp(table, "delivery") == 0) {
		id = member(row, "sscc");
		to = member(row, "location_id");
		from = is_new ? NULL : member(old, "location_id");
		sql = "INSERT INTO change_move(tbl, key, op, row, at, loc, was, device_id)"
		      " SELECT tbl, key, op, row, :now, :to, CASE WHEN loc IS :to THEN was"
		      " ELSE json_insert(coalesce(was, '[]'), '$[#]', coalesce(loc, '*')) END, NULL"
		      " FROM change WHERE device_id IS NULL AND tbl = 'delivery_line'"
		      " AND json_extract(row, '$.sscc') = :id";
	} else if ((strcmp(table, "basis") == 0 || strcmp(table, "plan_place") == 0) && is_new) {
		/* A new basis line: its pair's last count, which scoped devices
		 * were not sent while no list named it, comes again.  A new plan
		 * place: its plan and the plan's lines come again, for the
		 * devices of that place. */
		int basis = table[0] == 'b';
		char now[32], key[512];
		hub_time_now(now, 0);
		if (basis)
			snprintf(key, sizeof(key), "%s\x1f%s", member(row, "location_id"),
			         member(row, "article_id"));
		else
			snprintf(key, sizeof(key), "%s", member(row, "plan_id"));
		/* Staged as the moves below are: a change must take a new
		 * cursor, which an upsert in place would not give it. */
		struct hdb_stmt *st = NULL;
		int rc = move_begin(db);
		if (rc == HDB_OK)
			rc = hdb_prepare(
			    db,
			    basis ? "INSERT INTO change_move(tbl, key, op, row, at, loc, was, "
			            "device_id)"
			            " SELECT tbl, key, op, row, ?1, loc, was, NULL FROM change"
			            " WHERE tbl = 'stock' AND key = ?2 AND device_id IS NULL"
			            " AND op = 'upsert'"
			          : "INSERT INTO change_move(tbl, key, op, row, at, loc, was, "
			            "device_id)"
			            " SELECT tbl, key, op, row, ?1, loc, was, NULL FROM change"
			            " WHERE device_id IS NULL AND op = 'upsert' AND ((tbl = 'plan'"
			            " AND key = ?2) OR (tbl = 'plan_line' AND key >= ?2 || char(31)"
			            " AND key < ?2 || char(32)))",
			    &st);
		if (rc == HDB_OK) {
			hdb_bind_text(st, 1, now);
			hdb_bind_text(st, 2, key);
			rc = hdb_step(st);
		}
		hdb_finalize(st);
		if (rc == HDB_DONE && (rc = move_end(db, NULL)) == HDB_OK)
			rc = HDB_DONE;
		return rc == HDB_DONE ? 0 : hub_db_fail(e, db, rc, _("writing the change log"));
	} else {
		return 0;
	}
	if (!is_new && same(from, to))
		return 0;
	char now[32];
	hub_time_now(now, 0);
	struct hdb_stmt *st = NULL;
	int rc = move_begin(db);
	if (rc == HDB_OK)
		rc = hdb_prepare(db, sql, &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, hdb_bind_parameter_index(st, ":id"), id);
		hdb_bind_text(st, hdb_bind_parameter_index(st, ":now"), now);
		int i = hdb_bind_parameter_index(st, location ? ":from" : ":to");
		hdb_bind_text(st, i, location ? from : to);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	if (rc == HDB_DONE)
		rc = move_end(db, NULL);
	return rc == HDB_OK ? 0 : hub_db_fail(e, db, rc, _("writing the change log"));
}

int scope_after_delete(struct hdb *db, const char *table, json_t *old, struct tally_err *e)
{
	if (strcmp(table, "location") != 0)
		return 0;
	/* Moved from its parent to nowhere. */
	json_t *gone = json_pack("{s:O}", "id", json_object_get(old, "id"));
	int rc = scope_after_put(db, table, old, gone, e);
	json_decref(gone);
	return rc;
}

int scope_location_exists(struct hdb *db, const char *id, struct tally_err *e)
{
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT 1 FROM location WHERE id = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, id);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	if (rc == HDB_ROW || rc == HDB_DONE)
		return rc == HDB_ROW;
	hub_db_fail(e, db, rc, _("reading the locations"));
	return -1;
}

int scope_binding(struct hdb *db, const char *table, int is_delete, json_t *row, char **loc,
                  int *known, struct tally_err *e)
{
	*loc = NULL;
	*known = 1;
	const char *column = strcmp(table, "location") == 0 ? "id"
	                     : strcmp(table, "user") == 0   ? "home_id"
	                     : strcmp(table, "basis") == 0 || strcmp(table, "stock") == 0 ||
	                             strcmp(table, "plan_place") == 0 ||
	                             strcmp(table, "delivery") == 0 ||
	                             strcmp(table, "parcel_receipt") == 0
	                         ? "location_id"
	                         : NULL;
	if (column != NULL) {
		const struct master_table *t = master_table_find(table);
		const struct master_column *c = t != NULL ? master_column_find(t, column) : NULL;
		json_t *v = json_object_get(row, column);
		if (v == NULL && is_delete)
			*known = 0; /* a delete of keys only: bound where it was */
		else if (json_is_string(v))
			*loc = strdup(json_string_value(v));
		if (*known && c != NULL && c->key)
			*known = -1;
		return 0;
	}
	if (strcmp(table, "delivery_line") != 0) {
		*known = -1; /* region-wide: articles, codes, plans */
		return 0;
	}
	/* A delivery's lines are where the delivery is. */
	struct hdb_stmt *st = NULL;
	int rc = hdb_prepare(db, "SELECT location_id FROM delivery WHERE sscc = ?", &st);
	if (rc == HDB_OK) {
		hdb_bind_text(st, 1, json_string_value(json_object_get(row, "sscc")));
		rc = hdb_step(st);
		if (rc == HDB_ROW && hdb_column_type(st, 0) != HDB_NULL)
			*loc = strdup((const char *)hdb_column_text(st, 0));
		else if (rc == HDB_DONE)
			*known = 0;
	}
	hdb_finalize(st);
	if (rc == HDB_ROW || rc == HDB_DONE)
		return 0;
	return hub_db_fail(e, db, rc, _("writing the change log"));
}

/* The row with its key columns only, as a delete carries it. */
static json_t *keys_only(const char *table, json_t *row)
{
	const struct master_table *t = master_table_find(table);
	json_t *out = json_object();
	for (const struct master_column *c = t != NULL ? t->cols : NULL; c != NULL && c->name;
	     c++) {
		json_t *v = json_object_get(row, c->name);
		if (c->key && v != NULL)
			json_object_set(out, c->name, v);
	}
	return out;
}

/* One change of a page, as JSON text: the row as the change log keeps it
 * (the hub wrote it with json_dumps), not parsed and written again -- a
 * day's pulls are millions of rows; only a row that goes as a delete is
 * cut down to its keys. */
static void page_change(FILE *out, int64_t cursor, const char *tbl, const char *row, int gone)
{
	fprintf(out, "{\"cursor\":%lld,\"table\":\"%s\",\"op\":\"%s\",\"row\":", (long long)cursor,
	        tbl, gone ? "delete" : "upsert");
	size_t len = row != NULL ? strlen(row) : 0;
	if (!gone && len >= 2 && row[0] == '{' && row[len - 1] == '}') {
		fputs(row, out);
	} else {
		json_t *whole = row != NULL ? json_loads(row, 0, NULL) : NULL;
		json_t *keys = keys_only(tbl, whole != NULL ? whole : json_object());
		char *text = json_dumps(keys, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fputs(text != NULL ? text : "{}", out);
		free(text);
		json_decref(keys);
		json_decref(whole);
	}
	fputc('}', out);
}

char *scope_page_text(struct hdb *db, int64_t device_id, const char *scope, int64_t since,
                      int limit, struct tally_err *e)
{
	char circle[16];
	if (scope_circle_get(db, circle, e) != 0)
		return NULL;
	struct sql_buf b = { .n = 0 };
	put(&b, "WITH RECURSIVE ");
	expand(&b, view_ctes, "", "");
	/* Gone: a row that reaches the device only through where it was.
	 * Only a row with a `was` can be; CASE spares every other row a
	 * second look at where it is bound (a basis look-up for a stock
	 * row), which the WHERE has just made. */
	put(&b, " SELECT cursor, tbl, op, row, CASE WHEN device_id IS NULL AND was IS NOT NULL"
	        " THEN NOT ");
	expand(&b, view_holds, "", "loc");
	put(&b, " ELSE FALSE END FROM change WHERE cursor > :since AND (device_id = :dev OR"
	        " (device_id IS NULL"
	        " AND ");
	reaches(&b, "");
	put(&b, ")) ORDER BY cursor LIMIT :limit");
	if (b.overflow) {
		err_set(e, EX_SOFTWARE, _("the change feed's query is too long"));
		return NULL;
	}
	/* One snapshot for the page and the newest cursor: a change
	 * committed between the two would otherwise be passed over. */
	if (hub_db_begin_read(db, e) != 0)
		return NULL;
	struct hdb_stmt *st = NULL;
	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	if (out == NULL) {
		hdb_rollback(db);
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	fputs("{\"changes\":[", out);
	int64_t next = since, newest = since;
	int n = 0, more = 0;
	int rc = hdb_prepare(db, b.s, &st);
	if (rc != HDB_OK)
		goto fail;
	bind_view(st, "", scope, circle);
	bind_named_int(st, ":since", since);
	bind_named_int(st, ":dev", device_id);
	/* One row more than asked tells whether there is more. */
	bind_named_int(st, ":limit", (int64_t)limit + 1);
	while ((rc = hdb_step(st)) == HDB_ROW) {
		if (n == limit) {
			more = 1;
			continue;
		}
		const char *op = (const char *)hdb_column_text(st, 2);
		int gone = hdb_column_int(st, 4) || strcmp(op, "delete") == 0;
		next = hdb_column_int64(st, 0);
		if (n > 0)
			fputc(',', out);
		page_change(out, next, (const char *)hdb_column_text(st, 1),
		            (const char *)hdb_column_text(st, 3), gone);
		n++;
	}
	hdb_finalize(st);
	st = NULL;
	if (rc != HDB_DONE)
		goto fail;
	if (!more) {
		/* Everything up to the newest cursor was looked at: what was
		 * passed over is not this device's, and anything that later
		 * becomes its own comes as a new change. */
		rc = hdb_prepare(db, "SELECT coalesce(max(cursor), 0) FROM change", &st);
		if (rc == HDB_OK && (rc = hdb_step(st)) == HDB_ROW)
			newest = hdb_column_int64(st, 0);
		hdb_finalize(st);
		st = NULL;
		if (rc != HDB_ROW)
			goto fail;
		if (newest > next)
			next = newest;
	}
	hdb_commit(db);
	fprintf(out, "],\"next\":%lld,\"more\":%s}", (long long)next, more ? "true" : "false");
	if (fclose(out) != 0) {
		free(text);
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	return text;
fail:
	hub_db_fail(e, db, rc, _("reading the change log"));
	hdb_finalize(st);
	hdb_rollback(db);
	fclose(out);
	free(text);
	return NULL;
}

int scope_resync(struct hdb *db, int64_t device_id, const char *old_scope, const char *old_circle,
                 const char *new_scope, const char *new_circle, long *written, struct tally_err *e)
{
	struct sql_buf b = { .n = 0 };
	put(&b, "WITH RECURSIVE ");
	expand(&b, view_ctes, "o", "");
	put(&b, ", ");
	expand(&b, view_ctes, "n", "");
	put(&b, " INSERT INTO change_move(tbl, key, op, row, at, loc, was, device_id)"
	        " SELECT tbl, :dev || char(30) || key, CASE WHEN n_in THEN 'upsert' ELSE"
	        " 'delete' END, row, :now, loc, NULL, :dev FROM (SELECT tbl, key, row, loc, ");
	expand(&b, view_holds, "n", "loc");
	put(&b, " AS n_in, ");
	expand(&b, view_holds, "o", "loc");
	put(&b, " AS o_in FROM change WHERE device_id IS NULL AND op = 'upsert') AS held"
	        " WHERE n_in != o_in");
	if (b.overflow)
		return err_set(e, EX_SOFTWARE, _("the change feed's query is too long"));
	struct hdb_stmt *st = NULL;
	char now[32];
	hub_time_now(now, 0);
	int rc = move_begin(db);
	if (rc == HDB_OK)
		rc = hdb_prepare(db, b.s, &st);
	if (rc == HDB_OK) {
		bind_view(st, "o", old_scope, old_circle);
		bind_view(st, "n", new_scope, new_circle);
		bind_named_int(st, ":dev", device_id);
		hdb_bind_text(st, hdb_bind_parameter_index(st, ":now"), now);
		rc = hdb_step(st);
	}
	hdb_finalize(st);
	long moved = 0;
	if (rc == HDB_DONE)
		rc = move_end(db, &moved);
	if (rc != HDB_OK)
		return hub_db_fail(e, db, rc, _("changing the device's scope"));
	if (written != NULL)
		*written = moved;
	return 0;
}

struct scope_check {
	struct hdb *db;
	struct hdb_stmt *st; /* NULL: the device is region-wide */
};

struct scope_check *scope_check_new(struct hdb *db, int64_t device_id, struct tally_err *e)
{
	struct scope_check *sc = calloc(1, sizeof(*sc));
	if (sc == NULL) {
		err_set(e, EX_OSERR, _("out of memory"));
		return NULL;
	}
	sc->db = db;
	/* Walk up from the posted place; the device's scope is on the way
	 * when the place is inside it. */
	int rc = hdb_prepare(
	    db,
	    "WITH RECURSIVE up(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM location"
	    " WHERE id = ?1 UNION SELECT l.id, l.parent_id, u.depth + 1 FROM location l"
	    " JOIN up u ON l.id = u.parent_id WHERE u.depth < 64)"
	    " SELECT d.scope_id IS NULL OR EXISTS (SELECT 1 FROM up WHERE up.id = d.scope_id)"
	    " FROM device d WHERE d.id = ?2",
	    &sc->st);
	if (rc != HDB_OK) {
		hub_db_fail(e, db, rc, _("checking the device's scope"));
		free(sc);
		return NULL;
	}
	hdb_bind_int64(sc->st, 2, device_id);
	return sc;
}

int scope_check_covers(struct scope_check *sc, const char *location_id, struct tally_err *e)
{
	hdb_reset(sc->st);
	hdb_bind_text(sc->st, 1, location_id);
	int rc = hdb_step(sc->st);
	int covers = rc == HDB_ROW ? hdb_column_int(sc->st, 0) : rc == HDB_DONE;
	hdb_reset(sc->st);
	if (rc == HDB_ROW || rc == HDB_DONE)
		return covers;
	hub_db_fail(e, sc->db, rc, _("checking the device's scope"));
	return -1;
}

void scope_check_free(struct scope_check *sc)
{
	if (sc == NULL)
		return;
	hdb_finalize(sc->st);
	free(sc);
}
