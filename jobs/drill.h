/*
 * drill.h — an emergency-preparedness drill (beredskapsøvelse): recount the
 * emergency stock at every storage place of a plan and compare with what the
 * plan requires (core/calc.h).  Only unexpired packs count towards cover.
 * Scans add up, so a serialised pack (GTIN + serial) counts once in a
 * drill: a second scan says "already counted" and records nothing.  The
 * last scan can be undone (a void record).
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
#include "core/tier.h"
#include "jobs/pack.h"

#include <jansson.h>
#include <stdint.h>
#include <time.h>

struct store;

struct drill_place {
	char *location_id;
	double min, max;
	int tier;        /* enum tier (core/tier.h) */
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
	int64_t start_seq;
	struct pack_job pack;
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
	DRILL_INVALID,
	DRILL_ALREADY, /* this serialised pack is counted already: nothing recorded */
	DRILL_UNDONE,  /* the last scan voided */
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
/* Go on in a drill of the plan left open (drill_find_open): its counts,
 * places and serials are read back, and its time runs from its start. */
struct open_session;
int drill_resume(struct drill **out, struct store *s, const char *plan_id, const char *user,
                 const char *today, const struct open_session *o, struct tally_err *e);
/* The newest drill left open within `hours`, when it is of plan_id: 0 with
 * *o, EX_DATAERR when there is none, else the store failed. */
int drill_find_open(struct store *s, const char *plan_id, int hours, struct open_session *o,
                    struct tally_err *e);
/* A location label switches the place; a pack adds qty (-1: one pack). */
int drill_scan(struct drill *d, const char *text, size_t len, long qty,
               const struct scan_config *cfg, struct drill_event *ev, struct tally_err *e);
/* Void the drill's last scan (DRILL_UNDONE), or EX_DATAERR when there is
 * nothing to undo. */
int drill_undo(struct drill *d, struct drill_event *ev, struct tally_err *e);
int drill_finish(struct drill *d, struct tally_err *e);
/* Shortfall of an article: required − counted, never negative. */
int64_t drill_shortfall(const struct drill_article *a);
/* Places of an article below their min. */
size_t drill_places_below_min(const struct drill_article *a);
double drill_duration_s(const struct drill *d);
/* An article's counted packs by the tier of the place they were found at
 * (places the plan does not name: TIER_NONE), for cover within each tier
 * (tier_cover_within, tier_cover_text); present[] only where the plan
 * gives its places a tier. */
void drill_tier_cover(const struct drill_article *a, struct tier_cover *c);
/* The same as JSON: [{tier, counted, within}], empty when the plan names no
 * tiers. */
json_t *drill_tiers_json(const struct drill_article *a);
void drill_free(struct drill *d);

#endif
