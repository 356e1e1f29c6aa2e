/*
 * master-tables.c — the master tables' columns (see master-tables.h), the one
 * place they are written: the handheld's schema (db/schema.c) and the
 * hub's (hub/hub-db.c) are generated from this list (core/master-schema.c).
 */
#include "core/master-tables.h"
#include "core/master-schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * NN: NOT NULL; DF: NOT NULL, and the CREATE TABLE says DEFAULT dflt
 * (otherwise dflt is only what an import or a change row that omits the
 * column binds).  Key columns of a composite primary key are NOT NULL by
 * being keys.  A column added after its table says the revision that added
 * it (see master-tables.h, "Adding a column").
 */
#define NN MASTER_NOT_NULL
#define DF (MASTER_NOT_NULL | MASTER_SQL_DEFAULT)

const struct master_table master_tables[] = {
	{ "article",
	  1,
	  { { "id", 't', 1, NULL, 0, 0 },
	    { "name", 't', 0, "", NN, 0 },
	    { "form", 't', 0, NULL, 0, 0 },
	    { "unit", 't', 0, NULL, 0, 0 },
	    { "antidote", 'i', 0, "0", DF, 0 },
	    { "sterile", 'i', 0, "0", DF, 0 },
	    { "needs_batch", 'i', 0, "0", DF, 0 },
	    { "min_shelf_days", 'i', 0, "0", DF, 0 },
	    /* revision 4: the generic name procedures use (virkestoff) */
	    { "generic_name", 't', 0, NULL, 0, 4 },
	    /* revision 4: an antidote's recommended stocking tier (all
	     * hospitals, larger hospitals, at least one per region: all,
	     * larger, region) and the quantity recommended there */
	    { "antidote_tier", 't', 0, NULL, 0, 4 },
	    { "antidote_qty", 'i', 0, "0", DF, 4 } } },
	{ "code",
	  1,
	  { { "code", 't', 1, NULL, 0, 0 },
	    { "article_id", 't', 0, "", NN, 0 },
	    { "multiplier", 'i', 0, "1", DF, 0 } } },
	{ "location",
	  1,
	  { { "id", 't', 1, NULL, 0, 0 },
	    { "code", 't', 0, NULL, 0, 0 },
	    { "name", 't', 0, "", NN, 0 },
	    { "kind", 't', 0, "ward", NN, 0 },
	    { "parent_id", 't', 0, NULL, 0, 0 },
	    { "hospital_id", 't', 0, NULL, 0, 0 },
	    /* revision 4 (preparedness): days of cover below which the cover
	     * report flags an article here (the guideline's 14 days) */
	    { "cover_days", 'i', 0, "14", DF, 4 },
	    /* revision 4: a hospital's antidote tier: larger (holds the
	     * antidotes recommended for larger hospitals too) or NULL */
	    { "antidote_tier", 't', 0, NULL, 0, 4 } } },
	{ "basis",
	  1,
	  { { "location_id", 't', 1, NULL, 0, 0 },
	    { "article_id", 't', 1, NULL, 0, 0 },
	    { "min", 'i', 0, "0", NN, 0 },
	    { "max", 'i', 0, "0", NN, 0 },
	    { "policy", 't', 0, "top-up-at-min", DF, 0 },
	    { "shelf_order", 'i', 0, "0", DF, 0 },
	    { "short_days", 'i', 0, "90", DF, 0 } } },
	{ "plan",
	  1,
	  { { "id", 't', 1, NULL, 0, 0 },
	    { "name", 't', 0, "", NN, 0 },
	    { "patients", 'i', 0, "0", NN, 0 },
	    { "days", 'i', 0, "0", NN, 0 },
	    /* revision 4: the guideline's scenario kind: external-event,
	     * internal-event, prolonged-demand, supply-failure (NULL: not said) */
	    { "scenario", 't', 0, NULL, 0, 4 } } },
	{ "plan_line",
	  1,
	  { { "plan_id", 't', 1, NULL, 0, 0 },
	    { "article_id", 't', 1, NULL, 0, 0 },
	    { "dose", 'r', 0, "0", NN, 0 },
	    { "strength", 'r', 0, "0", NN, 0 },
	    { "units_per_pack", 'r', 0, "0", NN, 0 } } },
	{ "plan_place",
	  1,
	  { { "plan_id", 't', 1, NULL, 0, 0 },
	    { "article_id", 't', 1, NULL, 0, 0 },
	    { "location_id", 't', 1, NULL, 0, 0 },
	    { "min", 'r', 0, "0", DF, 0 },
	    { "max", 'r', 0, "0", DF, 0 },
	    /* revision 4: time-criticality: ambulance, emergency, ward,
	     * pharmacy, wholesaler (NULL: not said, reported after them) */
	    { "tier", 't', 0, NULL, 0, 4 } } },
	{ "delivery",
	  1,
	  { { "sscc", 't', 1, NULL, 0, 0 },
	    { "id", 't', 0, NULL, 0, 0 },
	    { "supplier", 't', 0, NULL, 0, 0 },
	    { "expected_date", 't', 0, NULL, 0, 0 },
	    { "location_id", 't', 0, NULL, 0, 0 } } },
	{ "delivery_line",
	  1,
	  { { "sscc", 't', 1, NULL, 0, 0 },
	    { "article_id", 't', 1, NULL, 0, 0 },
	    { "batch", 't', 1, "", DF, 0 },
	    { "gtin", 't', 0, NULL, 0, 0 },
	    { "expiry", 't', 0, NULL, 0, 0 },
	    { "qty", 'i', 0, "0", NN, 0 } } },
	{ "user",
	  1,
	  { { "badge", 't', 1, NULL, 0, 0 },
	    { "name", 't', 0, "", NN, 0 },
	    { "pin_hash", 't', 0, NULL, 0, 0 },
	    { "roles", 't', 0, "", DF, 0 },
	    /* 2: the trust, hospital or ward the user belongs to; a handheld
	     * receives the users of its scope only (NULL: region-wide). */
	    { "home_id", 't', 0, NULL, 0, 2 },
	    /* revision 3: the language the UI speaks to this user (nb, en);
	     * NULL: the handheld's ([ui] lang in tally.conf). */
	    { "lang", 't', 0, NULL, 0, 3 } } },
	{ "stock",
	  1,
	  { { "location_id", 't', 1, NULL, 0, 0 },
	    { "article_id", 't', 1, NULL, 0, 0 },
	    { "qty", 'i', 0, "0", NN, 0 },
	    { "counted_at", 't', 0, NULL, 0, 0 } } },
	/* revision 4: shortage notices (forsyningssvikt), one per article:
	 * upcoming, ongoing or ended (kommende, pågående, avsluttet), and the
	 * alternatives the pharmacy chose, each with a note. */
	{ "shortage",
	  4,
	  { { "article_id", 't', 1, NULL, 0, 0 },
	    { "status", 't', 0, "ongoing", DF, 0 },
	    { "from_date", 't', 0, NULL, 0, 0 },
	    { "to_date", 't', 0, NULL, 0, 0 },
	    { "message", 't', 0, "", DF, 0 } } },
	{ "shortage_alt",
	  4,
	  { { "article_id", 't', 1, NULL, 0, 0 },
	    { "alternative_id", 't', 1, NULL, 0, 0 },
	    { "note", 't', 0, NULL, 0, 0 } } },
	/* revision 5: a parcel received on some handheld, as the hub knows it
	 * (hub/parcel-receipt.c): its first standing receive — when (placed
	 * time, UTC), by whom (badge and name), in which session — so every
	 * handheld says "received before" for it, not only the one that
	 * received it.  Bound to the delivery's location (NULL: a parcel the
	 * hub expected nowhere, region-wide). */
	{ "parcel_receipt",
	  5,
	  { { "sscc", 't', 1, NULL, 0, 0 },
	    { "received_at", 't', 0, "", NN, 0 },
	    { "user", 't', 0, NULL, 0, 0 },
	    { "user_name", 't', 0, NULL, 0, 0 },
	    { "session", 't', 0, NULL, 0, 0 },
	    { "location_id", 't', 0, NULL, 0, 0 } } },
};

#undef NN
#undef DF

const size_t master_table_count = sizeof(master_tables) / sizeof(master_tables[0]);

/* The handheld looks codes up by article (where, antidotes), places by
 * their scanned label code, and basis lines by article (where to borrow);
 * the hub reads master tables whole or by key. */
const struct master_index master_indexes[] = {
	{ "code_article", "code", "article_id", MASTER_STORE, 1 },
	{ "location_code", "location", "code", MASTER_STORE, 1 },
	{ "basis_article", "basis", "article_id", MASTER_STORE, 1 },
};

const size_t master_index_count = sizeof(master_indexes) / sizeof(master_indexes[0]);

const struct master_schema master_schema = {
	master_tables,   sizeof(master_tables) / sizeof(master_tables[0]),
	master_indexes,  sizeof(master_indexes) / sizeof(master_indexes[0]),
	MASTER_REVISION,
};

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
#define ADD(...)                                                       \
	do {                                                           \
		int k_ = snprintf(sql + n, size - n, __VA_ARGS__);     \
		n += k_ > 0 && (size_t)k_ < size - n ? (size_t)k_ : 0; \
	} while (0)
	if (del) {
		ADD("DELETE FROM \"%s\" WHERE 1 = 1", t->name);
		for (const struct master_column *c = t->cols; c->name != NULL; c++)
			if (c->key)
				ADD(" AND \"%s\" = ?", c->name);
		return;
	}
	/* An upsert both SQLite and PostgreSQL take. */
	ADD("INSERT INTO \"%s\"(", t->name);
	int cols = 0, others = 0;
	for (const struct master_column *c = t->cols; c->name != NULL; c++, cols++)
		ADD("%s\"%s\"", cols ? ", " : "", c->name);
	ADD(") VALUES(");
	for (int i = 0; i < cols; i++)
		ADD("%s?", i ? ", " : "");
	ADD(") ON CONFLICT(");
	int keys = 0;
	for (const struct master_column *c = t->cols; c->name != NULL; c++)
		if (c->key)
			ADD("%s\"%s\"", keys++ ? ", " : "", c->name);
	ADD(") DO ");
	for (const struct master_column *c = t->cols; c->name != NULL; c++)
		if (!c->key)
			ADD("%s\"%s\" = excluded.\"%s\"", others++ ? ", " : "UPDATE SET ", c->name,
			    c->name);
	if (others == 0)
		ADD("NOTHING");
#undef ADD
}

int master_value_of(const struct master_column *c, json_t *v, struct master_value *out)
{
	out->type = 'n';
	if (v == NULL || json_is_null(v)) {
		if (c->key && c->dflt == NULL)
			return -1;
		if (c->dflt == NULL)
			return 0;
		out->type = c->type == 't' ? 't' : c->type == 'i' ? 'i' : 'd';
		out->text = c->dflt;
		out->i = strtoll(c->dflt, NULL, 10);
		out->d = strtod(c->dflt, NULL);
		return 0;
	}
	switch (c->type) {
	case 't':
		out->type = 't';
		if (json_is_string(v)) {
			out->text = json_string_value(v);
			return 0;
		}
		if (json_is_integer(v)) {
			snprintf(out->buf, sizeof(out->buf), "%lld",
			         (long long)json_integer_value(v));
			out->text = out->buf;
			return 0;
		}
		return -1;
	case 'i':
		out->type = 'i';
		if (json_is_integer(v))
			out->i = json_integer_value(v);
		else if (json_is_boolean(v))
			out->i = json_is_true(v);
		else
			return -1;
		return 0;
	default:
		out->type = 'd';
		if (!json_is_number(v))
			return -1;
		out->d = json_number_value(v);
		return 0;
	}
}

int master_bind(sqlite3_stmt *st, int i, const struct master_column *c, json_t *v)
{
	struct master_value m;
	if (master_value_of(c, v, &m) != 0)
		return -1;
	int rc = m.type == 'n'   ? sqlite3_bind_null(st, i)
	         : m.type == 't' ? sqlite3_bind_text(st, i, m.text, -1, SQLITE_TRANSIENT)
	         : m.type == 'i' ? sqlite3_bind_int64(st, i, m.i)
	                         : sqlite3_bind_double(st, i, m.d);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Revision 2's columns that take a word from a list. */
static const struct {
	const char *table, *column, *values;
} value_lists[] = {
	{ "plan_place", "tier", "ambulance|emergency|ward|pharmacy|wholesaler" },
	{ "plan", "scenario", "external-event|internal-event|prolonged-demand|supply-failure" },
	{ "shortage", "status", "upcoming|ongoing|ended" },
	{ "article", "antidote_tier", "all|larger|region" },
	{ "location", "antidote_tier", "larger" },
};

const char *master_values(const struct master_table *t, const struct master_column *c)
{
	for (size_t i = 0; i < sizeof(value_lists) / sizeof(value_lists[0]); i++)
		if (strcmp(value_lists[i].table, t->name) == 0 &&
		    strcmp(value_lists[i].column, c->name) == 0)
			return value_lists[i].values;
	return NULL;
}

int master_value_ok(const struct master_table *t, const struct master_column *c, const char *v)
{
	const char *values = master_values(t, c);
	if (v == NULL || values == NULL)
		return 1;
	size_t n = strlen(v);
	for (const char *p = values; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, v, n) == 0)
			return 1;
		p += len + (bar != NULL);
	}
	return 0;
}

const struct master_column *master_column_find(const struct master_table *t, const char *name)
{
	for (const struct master_column *c = t->cols; name != NULL && c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
