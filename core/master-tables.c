/*
 * master-tables.c — the master tables' columns (see master-tables.h): the
 * handheld's schema (db/schema.c) and the hub's (hub/hub-db.c) hold
 * the same columns.
 */
#include "core/master-tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct master_table master_tables[] = {
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

const size_t master_table_count = sizeof(master_tables) / sizeof(master_tables[0]);

const struct master_table *master_table_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < master_table_count; i++)
		if (strcmp(master_tables[i].name, name) == 0)
			return &master_tables[i];
	return NULL;
}

void master_sql_build(const struct master_table *t, int del, char *sql, size_t size)
{
	size_t n = 0;
	if (del) {
		n += (size_t)snprintf(sql + n, size - n, "DELETE FROM \"%s\" WHERE 1", t->name);
		for (const struct master_column *c = t->cols; c->name != NULL; c++)
			if (c->key)
				n +=
				    (size_t)snprintf(sql + n, size - n, " AND \"%s\" = ?", c->name);
		return;
	}
	n += (size_t)snprintf(sql + n, size - n, "INSERT OR REPLACE INTO \"%s\"(", t->name);
	int cols = 0;
	for (const struct master_column *c = t->cols; c->name != NULL; c++, cols++)
		n += (size_t)snprintf(sql + n, size - n, "%s\"%s\"", cols ? ", " : "", c->name);
	n += (size_t)snprintf(sql + n, size - n, ") VALUES(");
	for (int i = 0; i < cols; i++)
		n += (size_t)snprintf(sql + n, size - n, "%s?", i ? ", " : "");
	snprintf(sql + n, size - n, ")");
}

int master_bind(sqlite3_stmt *st, int i, const struct master_column *c, json_t *v)
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

const struct master_column *master_column_find(const struct master_table *t, const char *name)
{
	for (const struct master_column *c = t->cols; name != NULL && c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
