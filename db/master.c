/*
 * master.c — master data: applied from the hub's change feed, read by the
 * workflows.  Works offline from whatever was last pulled.
 *
 * The change feed names tables and columns; only the names in `tables`
 * below are accepted, so no SQL is ever built from data — the statements
 * are assembled from these constant names and every value is bound.
 */
#include "db/store-internal.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct column {
	const char *name;
	char type;        /* 't' text, 'i' integer, 'r' real */
	int key;          /* part of the primary key */
	const char *dflt; /* value when the row omits it; NULL binds NULL */
};

struct table {
	const char *name;
	struct column cols[9];
};

static const struct table tables[] = {
	{ "article",
	  { { "id", 't', 1, NULL },
	    { "name", 't', 0, "" },
	    { "form", 't', 0, NULL },
	    { "unit", 't', 0, NULL },
	    { "antidote", 'i', 0, "0" },
	    { "sterile", 'i', 0, "0" },
	    { "needs_batch", 'i', 0, "0" },
	    { "min_shelf_days", 'i', 0, "0" } } },
	{ "code",
	  { { "code", 't', 1, NULL },
	    { "article_id", 't', 0, "" },
	    { "multiplier", 'i', 0, "1" } } },
	{ "location",
	  { { "id", 't', 1, NULL },
	    { "code", 't', 0, NULL },
	    { "name", 't', 0, "" },
	    { "kind", 't', 0, "ward" },
	    { "parent_id", 't', 0, NULL },
	    { "hospital_id", 't', 0, NULL } } },
	{ "basis",
	  { { "location_id", 't', 1, NULL },
	    { "article_id", 't', 1, NULL },
	    { "min", 'i', 0, "0" },
	    { "max", 'i', 0, "0" },
	    { "policy", 't', 0, "top-up-at-min" },
	    { "shelf_order", 'i', 0, "0" },
	    { "short_days", 'i', 0, "90" } } },
	{ "plan",
	  { { "id", 't', 1, NULL },
	    { "name", 't', 0, "" },
	    { "patients", 'i', 0, "0" },
	    { "days", 'i', 0, "0" } } },
	{ "plan_line",
	  { { "plan_id", 't', 1, NULL },
	    { "article_id", 't', 1, NULL },
	    { "dose", 'r', 0, "0" },
	    { "strength", 'r', 0, "0" },
	    { "units_per_pack", 'r', 0, "0" } } },
	{ "plan_place",
	  { { "plan_id", 't', 1, NULL },
	    { "article_id", 't', 1, NULL },
	    { "location_id", 't', 1, NULL },
	    { "min", 'r', 0, "0" },
	    { "max", 'r', 0, "0" } } },
	{ "delivery",
	  { { "sscc", 't', 1, NULL },
	    { "id", 't', 0, NULL },
	    { "supplier", 't', 0, NULL },
	    { "expected_date", 't', 0, NULL },
	    { "location_id", 't', 0, NULL } } },
	{ "delivery_line",
	  { { "sscc", 't', 1, NULL },
	    { "article_id", 't', 1, NULL },
	    { "batch", 't', 1, "" },
	    { "gtin", 't', 0, NULL },
	    { "expiry", 't', 0, NULL },
	    { "qty", 'i', 0, "0" } } },
	{ "user",
	  { { "badge", 't', 1, NULL },
	    { "name", 't', 0, "" },
	    { "pin_hash", 't', 0, NULL },
	    { "roles", 't', 0, "" } } },
	{ "stock",
	  { { "location_id", 't', 1, NULL },
	    { "article_id", 't', 1, NULL },
	    { "qty", 'i', 0, "0" },
	    { "counted_at", 't', 0, NULL } } },
};

static const struct table *find_table(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

/* "INSERT OR REPLACE INTO t(a, b) VALUES(?, ?)" or "DELETE FROM t WHERE k = ? AND ...",
 * from the constant names of the table. */
static void build_sql(const struct table *t, int del, char *sql, size_t size)
{
	size_t n = 0;
	if (del) {
		n += (size_t)snprintf(sql + n, size - n, "DELETE FROM \"%s\" WHERE 1", t->name);
		for (const struct column *c = t->cols; c->name != NULL; c++)
			if (c->key)
				n +=
				    (size_t)snprintf(sql + n, size - n, " AND \"%s\" = ?", c->name);
		return;
	}
	n += (size_t)snprintf(sql + n, size - n, "INSERT OR REPLACE INTO \"%s\"(", t->name);
	int cols = 0;
	for (const struct column *c = t->cols; c->name != NULL; c++, cols++)
		n += (size_t)snprintf(sql + n, size - n, "%s\"%s\"", cols ? ", " : "", c->name);
	n += (size_t)snprintf(sql + n, size - n, ") VALUES(");
	for (int i = 0; i < cols; i++)
		n += (size_t)snprintf(sql + n, size - n, "%s?", i ? ", " : "");
	snprintf(sql + n, size - n, ")");
}

/* Bind one column from the row; -1 when the row is unusable. */
static int bind_column(sqlite3_stmt *st, int i, const struct column *c, json_t *v)
{
	if (v == NULL || json_is_null(v)) {
		if (c->key && c->dflt == NULL)
			return -1;
		if (c->dflt == NULL)
			return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
		if (c->type == 't')
			return sqlite3_bind_text(st, i, c->dflt, -1, SQLITE_STATIC);
		if (c->type == 'i')
			return sqlite3_bind_int64(st, i, strtoll(c->dflt, NULL, 10));
		return sqlite3_bind_double(st, i, strtod(c->dflt, NULL));
	}
	switch (c->type) {
	case 't':
		if (json_is_string(v))
			return sqlite3_bind_text(st, i, json_string_value(v), -1, SQLITE_TRANSIENT);
		if (json_is_integer(v)) {
			char buf[32];
			snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
			return sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
		}
		return -1;
	case 'i':
		if (json_is_integer(v))
			return sqlite3_bind_int64(st, i, json_integer_value(v));
		if (json_is_boolean(v))
			return sqlite3_bind_int(st, i, json_is_true(v));
		return -1;
	default:
		if (json_is_number(v))
			return sqlite3_bind_double(st, i, json_number_value(v));
		return -1;
	}
}

static int apply_one(struct store *s, json_t *change, size_t index, struct tally_err *e)
{
	const char *tname = json_string_value(json_object_get(change, "table"));
	const char *op = json_string_value(json_object_get(change, "op"));
	json_t *row = json_object_get(change, "row");
	const struct table *t = find_table(tname);
	if (t == NULL)
		return err_set(e, EX_DATAERR,
		               _("the hub sent a change for an unknown table '%s' (change %zu); "
		                 "nothing of this page was applied: update tally"),
		               tname ? tname : "?", index);
	int del = op != NULL && strcmp(op, "delete") == 0;
	if (!json_is_object(row) || (!del && (op == NULL || strcmp(op, "upsert") != 0)))
		return err_set(e, EX_DATAERR,
		               _("the hub sent a malformed change (change %zu, table %s); nothing "
		                 "of this page was applied"),
		               index, t->name);
	char sql[512];
	build_sql(t, del, sql, sizeof(sql));
	sqlite3_stmt *st = store_prepare(s, sql, e);
	if (st == NULL)
		return e->status;
	int i = 1;
	for (const struct column *c = t->cols; c->name != NULL; c++) {
		if (del && !c->key)
			continue;
		if (bind_column(st, i++, c, json_object_get(row, c->name)) != 0) {
			sqlite3_finalize(st);
			return err_set(e, EX_DATAERR,
			               _("the hub sent a %s row with a missing or wrong '%s' "
			                 "(change %zu); nothing of this page was applied"),
			               t->name, c->name, index);
		}
	}
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(e, s, rc, _("applying master data"));
}

int store_apply_changes(struct store *s, json_t *changes, const char *next_cursor,
                        struct tally_err *e)
{
	if (!json_is_array(changes))
		return err_set(e, EX_DATAERR, _("the hub's changes are not a list"));
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(e, s, rc, _("applying master data"));
	size_t i;
	json_t *c;
	json_array_foreach(changes, i, c)
	{
		if (apply_one(s, c, i, e) != 0)
			goto fail;
	}
	if (next_cursor != NULL && store_meta_set(s, "cursor", next_cursor, e) != 0)
		goto fail;
	rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	store_fail(e, s, rc, _("applying master data"));
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return e->status;
}
