/*
 * report-internal.h — what the report files share, inside hub/ only.
 *
 * A report is a `struct report_kind`: its name, how it is built from the
 * hub database as JSON (the logic), its columns and how its JSON becomes
 * rows of a table (the presentation).  Each report lives in its own file,
 * report-NAME.c, beside its columns; report.c lists them; report-query.c
 * holds the builders' shared SQL helpers; report-print.c prints a table.
 *
 * Adding a report: write report-NAME.c exporting `report_NAME`, declare it
 * here, list it in report.c (report_kinds and report_names).
 */
#ifndef TALLY_HUB_REPORT_INTERNAL_H
#define TALLY_HUB_REPORT_INTERNAL_H

#include "hub/report.h"

#include <stdint.h>

/* Where a column shows. */
enum { REPORT_SHOW_TEXT = 1, REPORT_SHOW_CSV = 2, REPORT_SHOW_BOTH = 3 };

struct report_col {
	const char *key;       /* the CSV header and the row's key */
	const char *head;      /* N_(): translated when printed */
	int right;             /* numbers align right */
	int show;              /* REPORT_SHOW_* */
	int time;              /* UTC in the report; local "2026-11-23 09:15" in text,
	                        * ISO 8601 with the offset in CSV (report-print.c) */
	const char *null_text; /* N_(): text for a null value; "-" when NULL */
};

struct report_table {
	const struct report_col *cols;
	size_t ncol;
	json_t *rows; /* [[heading or null, {key: value}], ...] */
};

struct report_kind {
	const char *name;
	json_t *(*build)(struct hdb *db, const struct report_opts *o, struct tally_err *e);
	const struct report_col *cols;
	size_t ncol;
	/* Flatten a built report into t's rows; `text` when printed for a
	 * person (words), not as CSV (stable codes). */
	void (*table)(json_t *report, struct report_table *t, int text);
};

extern const struct report_kind report_stock, report_refill, report_receipt, report_drill,
    report_variance, report_antidotes, report_cover, report_unknown, report_antidotes_national;

/* The report called `name`, or NULL. */
const struct report_kind *report_kind_find(const char *name);

/* --- report-query.c: for the builders ------------------------------------ */

/* A prepared statement, or NULL with e set. */
struct hdb_stmt *report_prep(struct hdb *db, const char *sql, struct tally_err *e);
/* Bind v, or NULL when v is NULL. */
void report_bind_opt(struct hdb_stmt *st, int i, const char *v);
/* Column i as a JSON string / integer, or null. */
json_t *report_text(struct hdb_stmt *st, int i);
json_t *report_int(struct hdb_stmt *st, int i);
/* Finalize a statement stepped to its end (rc its last step): 0, or e set. */
int report_done(struct hdb *db, struct hdb_stmt *st, int rc, struct tally_err *e);
/* {"report": name}: the start of every report. */
json_t *report_new(const char *name);
/* {"id", "name"} of a device; {"badge", "name"} of a user. */
json_t *report_device_json(struct hdb *db, int64_t id);
json_t *report_user_json(struct hdb *db, const char *badge);

/* The article's shortage notice unless ended: {status, message,
 * alternatives: "Name (note), Name"} (the alternatives in words), or
 * json null. */
json_t *report_shortage(struct hdb *db, const char *article_id);
/* For a text table: "NAME — SHORTAGE, alternatives: ..." (malloc'd), or
 * NULL when sh is null. */
char *report_shortage_mark(const char *name, json_t *sh);

/* The region this hub serves: the root of its tree (the first location
 * of kind `region`), its id and name; both "" when it has none.  0, or e
 * set. */
int report_own_region(struct hdb *db, char id[128], char name[256], struct tally_err *e);

/* --- report-print.c: for the tables -------------------------------------- */

/* Append a row under `heading` (NULL: none); takes the reference to row. */
void report_table_add(struct report_table *t, const char *heading, json_t *row);
/* A UTC time of a report (ISO 8601) in local time for a text heading,
 * "2026-11-23 09:15", in buf; "" when it is not a time. */
const char *report_local_time(const char *utc, char buf[20]);
/* "name (id)", or the id alone: malloc'd. */
char *report_named(json_t *o, const char *name_key, const char *id_key);

#endif
