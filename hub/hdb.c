/*
 * hdb.c — the storage interface (hdb.h): picks the driver from the
 * database's name and hands every verb to it.
 */
#include "hub/hdb-driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hdb_is_postgres(const char *where)
{
	return where != NULL &&
	       (strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0);
}

void hdb_display_name(const char *where, char *out, size_t size)
{
	size_t n = 0;
	const char *p = where != NULL ? where : "";
	const char *host = hdb_is_postgres(p) ? strstr(p, "://") + 3 : NULL;
	const char *at = host != NULL ? strpbrk(host, "@/?") : NULL;
	const char *colon =
	    at != NULL && *at == '@' ? memchr(host, ':', (size_t)(at - host)) : NULL;
	while (*p && n + 1 < size) {
		if (p == colon) { /* user:secret@ */
			n += (size_t)snprintf(out + n, size - n, ":***");
			p = at;
			continue;
		}
		if (host != NULL && p > where && (p[-1] == '?' || p[-1] == '&') &&
		    strncmp(p, "password=", 9) == 0) {
			n += (size_t)snprintf(out + n, size - n, "password=***");
			p += strcspn(p, "&");
			continue;
		}
		out[n++] = *p++;
	}
	if (n >= size)
		n = size - 1;
	out[n] = '\0';
}

int hdb_open(const char *where, int create, struct hdb **out)
{
	*out = NULL;
	/* A PostgreSQL database is made by its administrator (createdb);
	 * `create` is for a SQLite file. */
	return hdb_is_postgres(where) ? hdb_pg_open(where, out)
	                              : hdb_sqlite_open(where, create, out);
}

void hdb_close(struct hdb *db)
{
	if (db != NULL)
		db->ops->close(db);
}

enum hdb_engine hdb_engine(const struct hdb *db)
{
	return db->ops->engine;
}
const char *hdb_errmsg(struct hdb *db)
{
	return db->ops->errmsg(db);
}
int hdb_errcode(struct hdb *db)
{
	return db->ops->errcode(db);
}
int hdb_exec(struct hdb *db, const char *sql)
{
	return db->ops->exec(db, sql);
}
int hdb_begin(struct hdb *db)
{
	return db->ops->begin(db);
}
int hdb_begin_read(struct hdb *db)
{
	return db->ops->begin_read(db);
}
int hdb_commit(struct hdb *db)
{
	return db->ops->commit(db);
}
int hdb_autocommit(struct hdb *db)
{
	return db->ops->autocommit(db);
}
int hdb_lock(struct hdb *db, int64_t key)
{
	return db->ops->lock(db, key, 0);
}
int hdb_lock_shared(struct hdb *db, int64_t key)
{
	return db->ops->lock(db, key, 1);
}
int hdb_changes(struct hdb *db)
{
	return db->ops->changes(db);
}

void hdb_rollback(struct hdb *db)
{
	if (db != NULL)
		db->ops->rollback(db);
}

int hdb_prepare(struct hdb *db, const char *sql, struct hdb_stmt **out)
{
	*out = NULL;
	return db->ops->prepare(db, sql, out);
}

int hdb_step(struct hdb_stmt *st)
{
	return st->ops->step(st);
}
int hdb_reset(struct hdb_stmt *st)
{
	return st != NULL ? st->ops->reset(st) : HDB_OK;
}
int hdb_clear_bindings(struct hdb_stmt *st)
{
	return st->ops->clear_bindings(st);
}

void hdb_finalize(struct hdb_stmt *st)
{
	if (st != NULL)
		st->ops->finalize(st);
}

int hdb_bind_parameter_index(struct hdb_stmt *st, const char *name)
{
	return st->ops->parameter_index(st, name);
}

int hdb_bind_text(struct hdb_stmt *st, int i, const char *text)
{
	return st->ops->bind_text(st, i, text, -1, 0);
}

int hdb_bind_textn(struct hdb_stmt *st, int i, const char *text, int n)
{
	return st->ops->bind_text(st, i, text, n, 0);
}

int hdb_bind_text_owned(struct hdb_stmt *st, int i, char *text)
{
	return st->ops->bind_text(st, i, text, -1, 1);
}

int hdb_bind_int(struct hdb_stmt *st, int i, int v)
{
	return st->ops->bind_int64(st, i, v);
}
int hdb_bind_int64(struct hdb_stmt *st, int i, int64_t v)
{
	return st->ops->bind_int64(st, i, v);
}
int hdb_bind_double(struct hdb_stmt *st, int i, double v)
{
	return st->ops->bind_double(st, i, v);
}
int hdb_bind_null(struct hdb_stmt *st, int i)
{
	return st->ops->bind_null(st, i);
}
int hdb_column_count(struct hdb_stmt *st)
{
	return st->ops->column_count(st);
}
int hdb_column_type(struct hdb_stmt *st, int i)
{
	return st->ops->column_type(st, i);
}
const char *hdb_column_text(struct hdb_stmt *st, int i)
{
	return st->ops->column_text(st, i);
}
int hdb_column_int(struct hdb_stmt *st, int i)
{
	return (int)st->ops->column_int64(st, i);
}
int64_t hdb_column_int64(struct hdb_stmt *st, int i)
{
	return st->ops->column_int64(st, i);
}
double hdb_column_double(struct hdb_stmt *st, int i)
{
	return st->ops->column_double(st, i);
}

struct sqlite3 *hdb_sqlite_handle(struct hdb *db)
{
	return db != NULL && db->ops->engine == HDB_SQLITE ? hdb_sqlite_raw(db) : NULL;
}
