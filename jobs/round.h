/*
 * round.h — a restocking round on a ward (DESIGN §1): count each article of
 * the ward's basis list, and the refill order follows from min, max and the
 * list's policy.  Plain logic over the store; the UI and line mode only show
 * what it returns.
 *
 * Records written: session-start (data {"job":"round"}), one count per
 * counted pack, unknown-code for a code the handheld does not know, skip
 * for each basis article left uncounted at the end, and session-end whose
 * data holds the refill order ({"job":"round","refill":[{"article_id",
 * "qty"}],"skipped":[...]}) — the hub builds the pick list from it.
 */
#ifndef TALLY_CLIENT_ROUND_H
#define TALLY_CLIENT_ROUND_H

#include "core/expiry.h"
#include "common/err.h"
#include "barcode/scan.h"

#include <stdint.h>

struct store;

enum round_outcome {
	ROUND_COUNTED,      /* recorded; refill computed */
	ROUND_UNKNOWN_CODE, /* recorded as unknown-code; resolve later */
	ROUND_NOT_A_PACK,   /* a label, badge or pallet: nothing recorded */
	ROUND_INVALID,      /* the scan is malformed: nothing recorded */
	ROUND_NEED_COUNT,   /* a pack, but no count was typed: nothing recorded */
};

struct round_event {
	enum round_outcome outcome;
	char article_id[64], article_name[128];
	int64_t count, refill, min, max;
	int off_list; /* not on this ward's basis list: counted, flagged */
	enum expiry_state expiry;
	long days_left;
	char message[256]; /* for INVALID / NOT_A_PACK / NEED_COUNT */
	int64_t seq;
};

struct round_line {
	char *article_id, *article_name, *policy;
	int64_t min, max, count, refill;
	int counted, off_list, short_days;
	int skipped; /* skipped on purpose during the round (round_skip) */
};

struct round {
	struct store *store;
	char *location_id, *location_name, *user;
	char session[37];
	char today[11];
	struct round_line *lines;
	size_t n, cap;
};

/* Start a round at a location (id or label code) for user (badge). */
int round_start(struct round **out, struct store *s, const char *location, const char *user,
                const char *today, struct tally_err *e);

/* One scan with the count typed for it (-1: none typed). */
int round_scan(struct round *r, const char *text, size_t len, long count,
               const struct scan_config *cfg, struct round_event *ev, struct tally_err *e);

/* Skip line i of the basis list now (the user says it cannot be counted):
 * a skip record at once.  A count scanned later still stands.  EX_DATAERR
 * when i is not an uncounted basis line. */
int round_skip(struct round *r, size_t i, struct tally_err *e);

/* End the round: uncounted basis articles are skipped explicitly, the
 * refill order is recorded.  After this, r->lines is the summary. */
int round_finish(struct round *r, struct tally_err *e);

void round_free(struct round *r);

#endif
