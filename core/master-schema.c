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

/*
 * The SQL a column's type is in each dialect.  PostgreSQL's are the ones
 * that take what SQLite's column holds: SQLite's INTEGER is 64 bits
 * (PostgreSQL's INTEGER is 32), its REAL an IEEE double.
 */
static const char *sql_type(char type, enum master_dialect d)
{
	if (type == 't')
		return "TEXT";
	if (type == 'i')
		return d == MASTER_PG ? "BIGINT" : "INTEGER";
	return d == MASTER_PG ? "DOUBLE PRECISION" : "REAL";
}

/*
 * A name as the dialect needs it.  PostgreSQL reserves some of the master
 * tables' names (user), so there every name is quoted; all are lower case,
 * so a quoted name is the same name unquoted (only "user" must be quoted
 * in queries too).  SQLite's schema text stays as it always was: the
 * handheld's stores compare it (test-schema).
 */
static void name_sql(struct sql_text *t, const char *name, enum master_dialect d)
{
	add(t, d == MASTER_PG ? "\"%s\"" : "%s", name);
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
static void column_sql(struct sql_text *t, const struct master_column *c, int keys,
                       enum master_dialect d)
{
	name_sql(t, c->name, d);
	add(t, " %s", sql_type(c->type, d));
	if (c->key && keys == 1)
		add(t, " PRIMARY KEY");
	if ((c->key && keys > 1) || (c->ddl & MASTER_NOT_NULL))
		add(t, " NOT NULL");
	if ((c->ddl & MASTER_SQL_DEFAULT) && c->dflt != NULL) {
		/* A number's default is written as the list has it: "0", "14",
		 * "1" are numbers in either dialect. */
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

static void create_table(struct sql_text *t, const struct master_table *tb, int revision,
                         enum master_dialect d)
{
	int keys = key_count(tb), first = 1;
	add(t, "CREATE TABLE ");
	name_sql(t, tb->name, d);
	add(t, "(");
	for (const struct master_column *c = tb->cols; c->name != NULL; c++) {
		if (column_since(tb, c) > revision)
			continue;
		add(t, "%s", first ? "" : ", ");
		column_sql(t, c, keys, d);
		first = 0;
	}
	if (keys > 1) {
		add(t, ", PRIMARY KEY(");
		first = 1;
		for (const struct master_column *c = tb->cols; c->name != NULL; c++)
			if (c->key) {
				add(t, "%s", first ? "" : ", ");
				name_sql(t, c->name, d);
				first = 0;
			}
		add(t, ")");
	}
	add(t, ");");
}

/* The indexes of side on table: those of revision `revision` only (a
 * migration step), or with `upto`, every one up to it. */
static void create_indexes(struct sql_text *t, const struct master_schema *ms, const char *table,
                           int revision, int upto, enum master_side side, enum master_dialect d)
{
	for (size_t i = 0; i < ms->index_count; i++) {
		const struct master_index *x = &ms->indexes[i];
		if ((x->since == revision || (upto && x->since < revision)) && (x->sides & side) &&
		    strcmp(x->table, table) == 0) {
			add(t, "CREATE INDEX ");
			name_sql(t, x->name, d);
			add(t, " ON ");
			name_sql(t, x->table, d);
			add(t, "(%s);", x->columns);
		}
	}
}

char *master_schema_sql(const struct master_schema *ms, int revision, enum master_side side,
                        enum master_dialect d)
{
	if (revision < 1 || revision > ms->revision)
		return NULL;
	struct sql_text t = { 0 };
	add(&t, "%s", "");
	for (size_t i = 0; i < ms->table_count; i++) {
		const struct master_table *tb = &ms->tables[i];
		if (tb->since == revision) {
			create_table(&t, tb, revision, d);
		} else if (tb->since < revision) {
			/* A column added later: the key cannot change, so it is
			 * never part of it. */
			for (const struct master_column *c = tb->cols; c->name != NULL; c++)
				if (c->since == revision) {
					add(&t, "ALTER TABLE ");
					name_sql(&t, tb->name, d);
					add(&t, " ADD COLUMN ");
					column_sql(&t, c, 0, d);
					add(&t, ";");
				}
		}
		create_indexes(&t, ms, tb->name, revision, 0, side, d);
	}
	if (t.out_of_memory) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

char *master_create_sql(const struct master_schema *ms, enum master_side side,
                        enum master_dialect d)
{
	struct sql_text t = { 0 };
	add(&t, "%s", "");
	for (size_t i = 0; i < ms->table_count; i++) {
		const struct master_table *tb = &ms->tables[i];
		if (tb->since > ms->revision)
			continue;
		create_table(&t, tb, ms->revision, d);
		create_indexes(&t, ms, tb->name, ms->revision, 1, side, d);
	}
	if (t.out_of_memory) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

char *master_migration_sql(const struct master_schema *ms, const char *step, enum master_side side,
                           enum master_dialect d)
{
	size_t plen = strlen(MASTER_TABLES_PREFIX);
	char *master = NULL;
	if (strncmp(step, MASTER_TABLES_PREFIX, plen) == 0) {
		char *end;
		long r = strtol(step + plen, &end, 10);
		if (end == step + plen || r < 1 || r > ms->revision)
			return NULL;
		if ((master = master_schema_sql(ms, (int)r, side, d)) == NULL)
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
