/*
 * drill.h — an emergency-preparedness drill (beredskapsøvelse): recount the
 * emergency stock at every storage place of a plan and compare with what the
 * plan requires (core/calc.h).  Only unexpired packs count towards cover.
 *
 * Records: session-start ({"job":"drill","plan"}), one count per scan or
 * typed quantity at the current storage place, unknown-code, and
 * session-end carrying the report, so the hub can merge every device of the
 * drill.
 */
#ifndef TALLY_CLIENT_DRILL_H
#define TALLY_CLIENT_DRILL_H

#include "common/err.h"
#include "barcode/scan.h"

#include <stdint.h>
#include <time.h>

struct store;

struct drill_place {
	char *location_id;
	double min, max;
	int64_t counted; /* unexpired packs counted here */
};

struct drill_article {
	char *article_id, *name;
	int64_t required, counted, expired;
	struct drill_place *places;
	size_t n_places;
};

struct drill {
	struct store *store;
	char *plan_id, *plan_name, *user;
	int64_t patients, days;
	char session[37];
	char today[11];
	char *place; /* the storage place being counted, or NULL */
	struct drill_article *articles;
	size_t n;
	struct timespec started, ended;
};

enum drill_outcome {
	DRILL_COUNTED,
	DRILL_PLACE,
	DRILL_UNKNOWN_CODE,
	DRILL_NOT_IN_PLAN,
	DRILL_NEED_PLACE,
	DRILL_INVALID
};

struct drill_event {
	enum drill_outcome outcome;
	char name[128];
	int64_t qty;
	int expired;
	char message[256];
};

int drill_start(struct drill **out, struct store *s, const char *plan_id, const char *user,
                const char *today, struct tally_err *e);
/* A location label switches the place; a pack adds qty (-1: one pack). */
int drill_scan(struct drill *d, const char *text, size_t len, long qty,
               const struct scan_config *cfg, struct drill_event *ev, struct tally_err *e);
int drill_finish(struct drill *d, struct tally_err *e);
/* Shortfall of an article: required − counted, never negative. */
int64_t drill_shortfall(const struct drill_article *a);
/* Places of an article below their min. */
size_t drill_places_below_min(const struct drill_article *a);
double drill_duration_s(const struct drill *d);
void drill_free(struct drill *d);

#endif
