/*
 * master.c — master data: applied from the hub's change feed, read by the
 * workflows.  Works offline from whatever was last pulled.
 *
 * The change feed names tables and columns; only the names in
 * core/master-tables.c are accepted, so no SQL is ever built from data.
 */
#include "db/store-internal.h"
#include "core/master-tables.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One page's statements, prepared on first use: a page of thousands of rows
 * of a few tables would otherwise compile the same SQL for every row. */
#define STMT_CACHE_TABLES 32
struct stmt_cache {
	sqlite3_stmt *st[STMT_CACHE_TABLES][2]; /* [table][delete] */
};

static void stmt_cache_free(struct stmt_cache *sc)
{
	for (size_t i = 0; i < STMT_CACHE_TABLES; i++)
		for (int d = 0; d < 2; d++)
			sqlite3_finalize(sc->st[i][d]);
}

static int apply_one(struct store *s, struct stmt_cache *sc, json_t *change, size_t index,
                     struct tally_err *e)
{
	const char *tname = json_string_value(json_object_get(change, "table"));
	const char *op = json_string_value(json_object_get(change, "op"));
	json_t *row = json_object_get(change, "row");
	const struct master_table *t = master_table_find(tname);
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
	size_t ti = (size_t)(t - master_tables);
	if (ti >= STMT_CACHE_TABLES)
		return err_set(e, EX_SOFTWARE, _("too many master tables for the statement cache"));
	sqlite3_stmt *st = sc->st[ti][del];
	if (st == NULL) {
		char sql[MASTER_SQL_MAX];
		master_sql_build(t, del, sql, sizeof(sql));
		if ((st = sc->st[ti][del] = store_prepare(s, sql, e)) == NULL)
			return e->status;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	int i = 1;
	for (const struct master_column *c = t->cols; c->name != NULL; c++) {
		if (del && !c->key)
			continue;
		if (master_bind(st, i++, c, json_object_get(row, c->name)) != 0) {
			return err_set(e, EX_DATAERR,
			               _("the hub sent a %s row with a missing or wrong '%s' "
			                 "(change %zu); nothing of this page was applied"),
			               t->name, c->name, index);
		}
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		store_fail(e, s, rc, _("applying master data"));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : e->status;
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
	struct stmt_cache sc = { 0 };
	json_array_foreach(changes, i, c)
	{
		if (apply_one(s, &sc, c, i, e) != 0) {
			stmt_cache_free(&sc);
			goto fail;
		}
	}
	stmt_cache_free(&sc);
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
