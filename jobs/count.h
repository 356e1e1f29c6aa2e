/*
 * count.h — a plain count of a location (`tally count`): scan each
 * pack with TAB and the count on the shelf.  A count is of (article,
 * batch) where the pack carries a batch, and the article's count is the
 * sum of its batches (jobs/batches.h).  1000 packs or more is taken only
 * when confirmed; the last count can be undone.  Unlike a round there is
 * no basis list and no refill.
 *
 * Records: session-start ({"job":"count","location"}), count per scan,
 * unknown-code, void for an undo, session-end ({"job":"count","articles"}).
 */
#ifndef TALLY_JOBS_COUNT_H
#define TALLY_JOBS_COUNT_H

#include "common/err.h"
#include "barcode/scan.h"
#include "jobs/batches.h"
#include "jobs/pack.h"
#include "jobs/session.h"

#include <stdint.h>

struct store;

struct count_line {
	char *article_id, *name;
	int64_t count; /* the sum of its batches */
	struct batches batches;
};

struct count {
	struct store *store;
	char *location_id, *location_name, *user;
	char session[37];
	int64_t start_seq;
	struct pack_job pack;
	struct count_line *lines; /* in the order first counted */
	size_t n, cap;
	size_t unknown;
};

enum count_outcome {
	COUNT_COUNTED,      /* recorded */
	COUNT_RECOUNTED,    /* recorded; replaces the earlier count of the article */
	COUNT_NEED_COUNT,   /* a pack without a count: nothing recorded */
	COUNT_UNKNOWN_CODE, /* recorded as unknown-code */
	COUNT_INVALID,      /* malformed or not a pack: nothing recorded */
	COUNT_IMPLAUSIBLE,  /* 1000 packs or more: nothing recorded, confirm it */
	COUNT_UNDONE,       /* the last count voided */
};

struct count_event {
	enum count_outcome outcome;
	char name[128];
	int64_t count, previous;
	char message[256];
};

int count_start(struct count **out, struct store *s, const char *location, const char *user,
                struct tally_err *e);
/* Go on in a count left open at the location (see session_find_open):
 * its counts are the lines again. */
int count_resume(struct count **out, struct store *s, const char *location, const char *user,
                 const struct open_session *o, struct tally_err *e);
/* count < 0: none was typed.  confirmed: an implausible count is meant. */
int count_scan(struct count *t, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct count_event *ev, struct tally_err *e);
int count_scan_confirmed(struct count *t, const char *text, size_t len, long count,
                         const struct scan_config *cfg, struct count_event *ev,
                         struct tally_err *e);
/* Void the last count or unknown code of the session; the lines as they
 * were (COUNT_UNDONE), or EX_DATAERR when there is nothing to undo. */
int count_undo(struct count *t, struct count_event *ev, struct tally_err *e);
int count_finish(struct count *t, struct tally_err *e);
void count_free(struct count *t);

#endif
