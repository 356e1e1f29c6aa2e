/*
 * consume.h — taking packs from a ward's stock (DESIGN §1): each pack scan
 * is recorded as used at the location, with a reason: given to a patient
 * (the default), wasted, or lent to another ward (a transfer, so the
 * borrowing ward's stock can follow it at the hub).
 *
 * A serialised pack (GTIN + serial) is taken once in a session; a second
 * scan says so and records nothing.  An expired pack is never given: for a
 * patient it is refused ("expired — do not give, discard it"); scanned as
 * waste it is recorded as a discard.  The last scan can be undone.
 *
 * Records: session-start ({"job":"consume","location"}), consume per scan
 * (data {"reason": "patient" | "waste"}), discard for an expired pack
 * wasted (data {"reason": "expired"}), transfer for a loan (data
 * {"to": WARD}), unknown-code, void for an undo, session-end.
 */
#ifndef TALLY_CLIENT_CONSUME_H
#define TALLY_CLIENT_CONSUME_H

#include "common/err.h"
#include "barcode/scan.h"
#include "jobs/pack.h"

#include <stdint.h>

struct store;

struct consume {
	struct store *store;
	char *location_id, *location_name, *user;
	char session[37];
	int64_t start_seq;
	char today[11];
	struct pack_job pack;
	int64_t used, wasted, lent; /* packs */
	size_t unknown;
};

enum consume_outcome {
	CONSUME_USED,         /* recorded: given to a patient */
	CONSUME_WASTED,       /* recorded: wasted */
	CONSUME_LENT,         /* recorded as a transfer to another ward */
	CONSUME_UNKNOWN_CODE, /* recorded as unknown-code */
	CONSUME_INVALID,      /* malformed, not a pack, or a bad reason: nothing recorded */
	CONSUME_ALREADY,      /* this serialised pack was taken already: nothing recorded */
	CONSUME_EXPIRED,      /* an expired pack for a patient: refused, discard it */
	CONSUME_DISCARDED,    /* an expired pack wasted: recorded as a discard */
	CONSUME_UNDONE,       /* the last scan voided */
};

struct consume_event {
	enum consume_outcome outcome;
	char name[128];
	char to[128]; /* the borrowing ward's name */
	int64_t qty;
	char message[256];
};

/* `location` is a location id or label code. */
int consume_start(struct consume **out, struct store *s, const char *location, const char *user,
                  struct tally_err *e);
/* qty < 0: the code's own count (1 for a single pack).  reason NULL or ""
 * is "patient"; else "patient", "waste" or "loan:WARD" (WARD an id or label
 * code this handheld knows). */
/* Go on in a consumption left open at the location (see session_find_open):
 * what was used, wasted and lent is added up again, and a serialised pack
 * taken already is refused again. */
struct open_session;
int consume_resume(struct consume **out, struct store *s, const char *location, const char *user,
                   const struct open_session *o, struct tally_err *e);
int consume_scan(struct consume *c, const char *text, size_t len, long qty, const char *reason,
                 const struct scan_config *cfg, struct consume_event *ev, struct tally_err *e);
/* Void the session's last scan (CONSUME_UNDONE), or EX_DATAERR when there
 * is nothing to undo. */
int consume_undo(struct consume *c, struct consume_event *ev, struct tally_err *e);
int consume_finish(struct consume *c, struct tally_err *e);
void consume_free(struct consume *c);

#endif
