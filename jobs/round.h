/*
 * round.h — a restocking round on a ward (DESIGN §1): count each article of
 * the ward's basis list, and the refill order follows from min, max and the
 * list's policy.  Plain logic over the store; the UI and line mode only show
 * what it returns.
 *
 * Counting the way staff count: a count is of (article, batch) where the
 * pack carries a batch, and the article's count is the sum of its batches
 * (recounting a batch replaces that batch only; a count without a batch —
 * a pack without one, or a figure typed for a line picked on the screen,
 * 0 included — is the article's whole count).  Expired packs are counted
 * apart: not usable stock, so the refill tops up for them.  A count far
 * above plausible (over 3 × max, or 1000 packs or more without a max) is
 * only recorded when confirmed.  The last scan or count can be undone (a
 * void record); a round left open can be resumed.
 *
 * Records written: session-start (data {"job":"round"}), count per counted
 * pack or line (data {"expired": true} for expired packs), unknown-code,
 * skip for each basis article left uncounted at the end, void for an undo,
 * discard ({"reason": "expired"}) for expired packs taken off the shelf,
 * and session-end whose data
 * holds the refill order ({"job":"round","refill":[{"article_id","qty"}],
 * "skipped":[...]}) — the hub builds the pick list from it.
 */
#ifndef TALLY_CLIENT_ROUND_H
#define TALLY_CLIENT_ROUND_H

#include "core/expiry.h"
#include "common/err.h"
#include "barcode/scan.h"
#include "jobs/batches.h"
#include "jobs/pack.h"
#include "jobs/session.h"

#include <stdint.h>

struct store;

enum round_outcome {
	ROUND_COUNTED,      /* recorded; refill computed */
	ROUND_UNKNOWN_CODE, /* recorded as unknown-code; resolve later */
	ROUND_NOT_A_PACK,   /* a label, badge or pallet: nothing recorded */
	ROUND_INVALID,      /* the scan is malformed: nothing recorded */
	ROUND_NEED_COUNT,   /* a pack, but no count was typed: nothing recorded;
	                     * article_id, min, max (off_list) say which line */
	ROUND_IMPLAUSIBLE,  /* a count far above plausible: nothing recorded, confirm it */
	ROUND_UNDONE,       /* the last scan or count voided */
	ROUND_DISCARDED,    /* the expired packs of a line recorded as discarded */
};

struct round_event {
	enum round_outcome outcome;
	char article_id[64], article_name[128];
	int64_t count, refill, min, max;
	int off_list; /* not on this ward's basis list: counted, flagged */
	enum expiry_state expiry;
	long days_left;
	char message[256]; /* for every outcome but COUNTED */
	int64_t seq;
};

struct round_line {
	char *article_id, *article_name, *policy;
	int64_t min, max;
	int64_t count;   /* usable packs: the sum of the unexpired batches */
	int64_t expired; /* expired packs counted apart */
	int64_t refill;
	int counted, off_list, short_days;
	int skipped; /* skipped on purpose during the round (round_skip) */
	struct batches batches;
};

struct round {
	struct store *store;
	char *location_id, *location_name, *user;
	char session[37];
	int64_t start_seq;
	char started[32];
	char today[11];
	struct round_line *lines;
	size_t n, cap;
	size_t n_basis; /* lines[0 .. n_basis) are the basis list, the rest off-list */
	struct pack_job pack;
};

/* Start a round at a location (id or label code) for user (badge).  With
 * resume non-NULL, go on in that open session instead (see
 * session_find_open): what was counted is shown again. */
int round_start(struct round **out, struct store *s, const char *location, const char *user,
                const char *today, struct tally_err *e);
int round_resume(struct round **out, struct store *s, const char *location, const char *user,
                 const char *today, const struct open_session *resume, struct tally_err *e);

/* One scan with the count typed for it (-1: none typed).  confirmed: the
 * user has confirmed an implausible count. */
int round_scan(struct round *r, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct round_event *ev, struct tally_err *e);
int round_scan_confirmed(struct round *r, const char *text, size_t len, long count,
                         const struct scan_config *cfg, struct round_event *ev,
                         struct tally_err *e);

/* A count typed for line i without a scan (0: the shelf is empty): the
 * article's whole count. */
int round_count_line(struct round *r, size_t i, long count, int confirmed, struct round_event *ev,
                     struct tally_err *e);

/* Undo the round's last scan, count or skip: a void record, and the lines
 * as they were.  ev says what was undone (ROUND_UNDONE), or EX_DATAERR
 * when there is nothing to undo. */
int round_undo(struct round *r, struct round_event *ev, struct tally_err *e);

/* The expired packs counted on line i leave the shelf: a discard record
 * ({"reason": "expired"}) for them (ROUND_DISCARDED).  EX_DATAERR when
 * the line has no expired packs counted. */
int round_discard_expired(struct round *r, size_t i, struct round_event *ev, struct tally_err *e);

/* Skip line i of the basis list now (the user says it cannot be counted):
 * a skip record at once.  A count scanned later still stands.  EX_DATAERR
 * when i is not an uncounted basis line. */
int round_skip(struct round *r, size_t i, struct tally_err *e);

/* Basis lines neither counted nor skipped: ask before ending the round. */
size_t round_uncounted(const struct round *r);

/* End the round: uncounted basis articles are skipped explicitly, the
 * refill order is recorded.  After this, r->lines is the summary. */
int round_finish(struct round *r, struct tally_err *e);

/* How many lines are counted (for "2 of 40 counted"). */
size_t round_counted(const struct round *r);

void round_free(struct round *r);

#endif
