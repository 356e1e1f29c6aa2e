/*
 * master-tables.h — the master tables and their columns, as one list shared
 * by the handheld (applying the change feed, db/master.c) and the hub
 * (importing master data, hub/import.c).
 *
 * Only the names here are ever put into SQL: statements are assembled from
 * these constant names and every value is bound.
 */
#ifndef TALLY_DB_MASTER_TABLES_H
#define TALLY_DB_MASTER_TABLES_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>

struct master_column {
	const char *name;
	char type;        /* 't' text, 'i' integer, 'r' real */
	int key;          /* part of the primary key */
	const char *dflt; /* value when the row omits it; NULL binds NULL */
};

struct master_table {
	const char *name;
	struct master_column cols[9]; /* ends with a column whose name is NULL */
};

extern const struct master_table master_tables[];
extern const size_t master_table_count;

/* The table called name, or NULL. */
const struct master_table *master_table_find(const char *name);

/* The column called name in t, or NULL. */
const struct master_column *master_column_find(const struct master_table *t, const char *name);

/* "INSERT OR REPLACE INTO t(a, b) VALUES(?, ?)" (del 0) or
 * "DELETE FROM t WHERE 1 AND k = ? ..." (del 1): the columns bound in
 * table order (all of them, or only the keys). */
void master_sql_build(const struct master_table *t, int del, char *sql, size_t size);

/* Bind column c's value v (NULL or JSON null: the default) at index i;
 * -1 when the value is missing for a key without a default or of the
 * wrong type. */
int master_bind(sqlite3_stmt *st, int i, const struct master_column *c, json_t *v);

#endif
