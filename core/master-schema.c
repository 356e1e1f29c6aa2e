/*
 * master-schema.c — the master tables' SQL generated from their columns
 * (see master-schema.h).  Only the constant names of master-tables.c go
 * into it; no value from outside ever does.
 */
#include "core/master-schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sql_text {
	char *s;
	size_t len, cap;
	int out_of_memory;
};

static void add(struct sql_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct sql_text *t, const char *fmt, ...)
{
	if (t->out_of_memory)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->s != NULL ? t->s + t->len : NULL,
		                  t->s != NULL ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->out_of_memory = 1;
			return;
		}
		if (t->s != NULL && (size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = t->cap ? t->cap : 1024;
		while (cap - t->len <= (size_t)n)
			cap *= 2;
		char *s = realloc(t->s, cap);
		if (s == NULL) {
			t->out_of_memory = 1;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
}

static const char *sql_type(char type)
{
	return type == 't' ? "TEXT" : type == 'i' ? "INTEGER" : "REAL";
}

static int key_count(const struct master_table *tb)
{
	int n = 0;
	for (const struct master_column *c = tb->cols; c->name != NULL; c++)
		n += c->key != 0;
	return n;
}

static int column_since(const struct master_table *tb, const struct master_column *c)
{
	return c->since > 0 ? c->since : tb->since;
}

/* "name TYPE [PRIMARY KEY] [NOT NULL] [DEFAULT x]" */
static void column_sql(struct sql_text *t, const struct master_column *c, int keys)
{
	add(t, "%s %s", c->name, sql_type(c->type));
	if (c->key && keys == 1)
		add(t, " PRIMARY KEY");
	if ((c->key && keys > 1) || (c->ddl & MASTER_NOT_NULL))
		add(t, " NOT NULL");
	if ((c->ddl & MASTER_SQL_DEFAULT) && c->dflt != NULL) {
		if (c->type != 't') {
			add(t, " DEFAULT %s", c->dflt);
		} else {
			add(t, " DEFAULT '");
			for (const char *p = c->dflt; *p; p++)
				if (*p == '\'')
					add(t, "''");
				else
					add(t, "%c", *p);
			add(t, "'");
		}
	}
}

static void create_table(struct sql_text *t, const struct master_table *tb, int revision)
{
	int keys = key_count(tb), first = 1;
	add(t, "CREATE TABLE %s(", tb->name);
	for (const struct master_column *c = tb->cols; c->name != NULL; c++) {
		if (column_since(tb, c) > revision)
			continue;
		add(t, "%s", first ? "" : ", ");
		column_sql(t, c, keys);
		first = 0;
	}
	if (keys > 1) {
		add(t, ", PRIMARY KEY(");
		first = 1;
		for (const struct master_column *c = tb->cols; c->name != NULL; c++)
			if (c->key) {
				add(t, "%s%s", first ? "" : ", ", c->name);
				first = 0;
			}
		add(t, ")");
	}
	add(t, ");");
}

static void create_indexes(struct sql_text *t, const struct master_schema *ms, const char *table,
                           int revision, enum master_side side)
{
	for (size_t i = 0; i < ms->index_count; i++) {
		const struct master_index *x = &ms->indexes[i];
		if (x->since == revision && (x->sides & side) && strcmp(x->table, table) == 0)
			add(t, "CREATE INDEX %s ON %s(%s);", x->name, x->table, x->columns);
	}
}

char *master_schema_sql(const struct master_schema *ms, int revision, enum master_side side)
{
	if (revision < 1 || revision > ms->revision)
		return NULL;
	struct sql_text t = { 0 };
	add(&t, "%s", "");
	for (size_t i = 0; i < ms->table_count; i++) {
		const struct master_table *tb = &ms->tables[i];
		if (tb->since == revision) {
			create_table(&t, tb, revision);
		} else if (tb->since < revision) {
			/* A column added later: the key cannot change, so it is
			 * never part of it. */
			for (const struct master_column *c = tb->cols; c->name != NULL; c++)
				if (c->since == revision) {
					add(&t, "ALTER TABLE %s ADD COLUMN ", tb->name);
					column_sql(&t, c, 0);
					add(&t, ";");
				}
		}
		create_indexes(&t, ms, tb->name, revision, side);
	}
	if (t.out_of_memory) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

char *master_migration_sql(const struct master_schema *ms, const char *step, enum master_side side)
{
	size_t plen = strlen(MASTER_TABLES_PREFIX);
	char *master = NULL;
	if (strncmp(step, MASTER_TABLES_PREFIX, plen) == 0) {
		char *end;
		long r = strtol(step + plen, &end, 10);
		if (end == step + plen || r < 1 || r > ms->revision)
			return NULL;
		if ((master = master_schema_sql(ms, (int)r, side)) == NULL)
			return NULL;
	}
	struct sql_text t = { 0 };
	add(&t, "%s%s", master != NULL ? master : "", step);
	free(master);
	if (t.out_of_memory) {
		free(t.s);
		return NULL;
	}
	return t.s;
}
