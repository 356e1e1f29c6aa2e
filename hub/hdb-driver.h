/*
 * hdb-driver.h — what a storage driver gives the storage interface
 * (hub/hdb.h): a table of its functions.  A driver's connection and
 * statement begin with `struct hdb` and `struct hdb_stmt`, so the
 * interface can find the table; nothing else outside the drivers sees them.
 */
#ifndef TALLY_HUB_STORE_DRIVER_H
#define TALLY_HUB_STORE_DRIVER_H

#include "hub/hdb.h"

struct hdb_ops;

struct hdb {
	const struct hdb_ops *ops;
};

struct hdb_stmt {
	const struct hdb_ops *ops;
};

struct hdb_ops {
	enum hdb_engine engine;
	void (*close)(struct hdb *db);
	const char *(*errmsg)(struct hdb *db);
	int (*errcode)(struct hdb *db);
	int (*exec)(struct hdb *db, const char *sql);
	int (*begin)(struct hdb *db);
	int (*begin_read)(struct hdb *db);
	int (*commit)(struct hdb *db);
	void (*rollback)(struct hdb *db);
	int (*autocommit)(struct hdb *db);
	int (*lock)(struct hdb *db, int64_t key, int shared);
	int (*changes)(struct hdb *db);
	int (*prepare)(struct hdb *db, const char *sql, struct hdb_stmt **out);
	int (*step)(struct hdb_stmt *st);
	int (*reset)(struct hdb_stmt *st);
	int (*clear_bindings)(struct hdb_stmt *st);
	void (*finalize)(struct hdb_stmt *st);
	int (*parameter_index)(struct hdb_stmt *st, const char *name);
	/* text: NUL-terminated when n < 0; owned: the driver frees it */
	int (*bind_text)(struct hdb_stmt *st, int i, const char *text, int n, int owned);
	int (*bind_int64)(struct hdb_stmt *st, int i, int64_t v);
	int (*bind_double)(struct hdb_stmt *st, int i, double v);
	int (*bind_null)(struct hdb_stmt *st, int i);
	int (*column_count)(struct hdb_stmt *st);
	int (*column_type)(struct hdb_stmt *st, int i);
	const char *(*column_text)(struct hdb_stmt *st, int i);
	int64_t (*column_int64)(struct hdb_stmt *st, int i);
	double (*column_double)(struct hdb_stmt *st, int i);
};

int hdb_sqlite_open(const char *path, int create, struct hdb **out);
struct sqlite3 *hdb_sqlite_raw(struct hdb *db);
int hdb_pg_open(const char *conninfo, struct hdb **out);

#endif
