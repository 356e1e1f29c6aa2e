/*
 * stocktake.h — a plain count of a location (`tally count`): scan each
 * pack with TAB and the count on the shelf; the last count of an article
 * stands.  Unlike a round there is no basis list and no refill.
 *
 * Records: session-start ({"job":"count","location"}), count per scan,
 * unknown-code, session-end ({"job":"count","articles"}).
 */
#ifndef TALLY_CLIENT_STOCKTAKE_H
#define TALLY_CLIENT_STOCKTAKE_H

#include "common/err.h"
#include "drivers/scan.h"

#include <stdint.h>

struct store;

struct stocktake_line {
	char *article_id, *name;
	int64_t count; /* the last count given */
};

struct stocktake {
	struct store *store;
	char *location_id, *location_name, *user;
	char session[37];
	struct stocktake_line *lines; /* in the order first counted */
	size_t n, cap;
	size_t unknown;
};

enum stocktake_outcome {
	STOCKTAKE_COUNTED,      /* recorded */
	STOCKTAKE_RECOUNTED,    /* recorded; replaces the earlier count of the article */
	STOCKTAKE_NEED_COUNT,   /* a pack without a count: nothing recorded */
	STOCKTAKE_UNKNOWN_CODE, /* recorded as unknown-code */
	STOCKTAKE_INVALID,      /* malformed or not a pack: nothing recorded */
};

struct stocktake_event {
	enum stocktake_outcome outcome;
	char name[128];
	int64_t count, previous;
	char message[256];
};

int stocktake_start(struct stocktake **out, struct store *s, const char *location, const char *user,
                    struct tally_err *e);
/* count < 0: none was typed. */
int stocktake_scan(struct stocktake *t, const char *text, size_t len, long count,
                   const struct scan_config *cfg, struct stocktake_event *ev, struct tally_err *e);
int stocktake_finish(struct stocktake *t, struct tally_err *e);
void stocktake_free(struct stocktake *t);

#endif
