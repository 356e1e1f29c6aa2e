/*
 * report.h — what the hub tells the pharmacy and the warehouse office,
 * from the records of every handheld (docs/hub-reports.md).
 *
 * Each report is built as JSON (report_build: the logic, one file per
 * report, report-NAME.c, beside its columns) and printed as an aligned text
 * table, as JSON, or as CSV (report_print in report-print.c: the
 * presentation).
 *
 *   stock      on-hand per location × article
 *   refill     pick list per ward: basis lines to top up, by the list's policy
 *   receipt    goods receipts: parcels, lines received vs expected, deviations
 *   drill      emergency-stock drills, every handheld of a drill merged
 *   variance   per count: expected (on-hand just before) vs counted
 *   antidotes  antidote holdings per location, totals, places at zero
 *   cover      days of cover per location × article from the use over a window
 *   unknown    codes scanned but not known, and the mapped ones' earlier records
 */
#ifndef TALLY_SYNC_HUB_REPORT_H
#define TALLY_SYNC_HUB_REPORT_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"
#include <stdio.h>

/* Sessions of one plan that started within this long of the drill's first
 * session belong to the same drill. */
#define REPORT_DRILL_WINDOW_S (12 * 3600)

/* The cover report's window when --weeks is not given, and its bound. */
#define REPORT_COVER_WEEKS     8
#define REPORT_COVER_WEEKS_MAX 520

struct report_opts {
	const char *location; /* only this location (stock, refill, variance, antidotes) */
	const char *plan;     /* only this plan (drill) */
	int all;              /* variance: every count, not only the differing ones; refill: the
	                       * uncounted lines too */
	int weeks;            /* cover: the window in weeks (0: REPORT_COVER_WEEKS) */
	const char *until;    /* cover: the window ends with this day (YYYY-MM-DD; NULL: now) */
};

/* The names report_build knows, NULL-terminated. */
extern const char *const report_names[];

/* Build report `name`; NULL with e set (EX_USAGE for an unknown name). */
json_t *report_build(struct hdb *db, const char *name, const struct report_opts *o,
                     struct tally_err *e);

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV };

/* Print a report built by report_build. */
int report_print(FILE *out, json_t *report, enum report_format f, struct tally_err *e);

#endif
