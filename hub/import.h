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
	/* the code table only: records scanned before their code was known,
	 * now counted for the article, or kept without a count
	 * (hub/code-attribute.h) */
	long counted_in, kept;
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

/* The CSV reader, for other readers of CSV in hub/ (antidote-import.c).
 * csv_record: one RFC 4180 record from *p (advanced past it) into fields
 * (malloc'd each, *fields grown as needed); the count of fields, or -1 on
 * an unclosed quote or no memory.  Lines are counted in *line.
 * csv_separator: ';' when the header line has more semicolons than commas
 * outside quotes (a spreadsheet saved in Norwegian), else ','. */
int csv_record(const char **p, char sep, char ***fields, size_t *cap, long *line);
char csv_separator(const char *p);

#endif
