/*
 * import.h — master data into the hub: JSON (every table in one file) or
 * CSV (one table a file), validated whole before anything is kept.
 */
#ifndef TALLY_SYNC_HUB_IMPORT_H
#define TALLY_SYNC_HUB_IMPORT_H

#include "common/err.h"

#include "hub/hdb.h"
#include <stdio.h>

/* Rows seen, rows that changed (written and logged) and rows deleted, per
 * table, in master_tables order. */
struct import_counts {
	long seen, changed, deleted;
};

/*
 * Import `path` (".csv" by its name or when `table` is given, else JSON)
 * in one transaction; `table` names the CSV's table when its first line is
 * not "#table NAME".  counts has master_table_count entries.  On any bad
 * row nothing is imported and e names the file, table and row.
 */
int import_file(struct hdb *db, const char *path, const char *table, struct import_counts *counts,
                struct tally_err *e);

/* The same from text already read (name is only used in messages). */
int import_json_text(struct hdb *db, const char *name, const char *text,
                     struct import_counts *counts, struct tally_err *e);
int import_csv_text(struct hdb *db, const char *name, const char *text, const char *table,
                    struct import_counts *counts, struct tally_err *e);

#endif
