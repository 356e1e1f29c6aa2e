/*
 * receive.h — goods receipt in the logistics warehouse (DESIGN §1): scan the
 * parcel's SSCC, then its packs; what arrived is checked against the
 * expected delivery and every deviation is recorded where it is seen.
 *
 * Records: session-start ({"job":"receive","sscc","blind"}), receive per
 * pack scan (qty from the typed quantity, AI (30)/(37), or the code's pack
 * multiplier; data {"sscc","bin"}), deviation ({"type": "unexpected" |
 * "batch-mismatch" | "short-expiry" | "over" | "under" | "damaged", ...}),
 * unknown-code,
 * session-end.  An expired batch is a deviation ("expired N days ago");
 * a parcel received before — on this handheld, or on another as the hub
 * told it (db/parcel-records.c) — is not opened until the user says so; every deviation is kept in
 * words (r->said) for the end.  A delivery the handheld does not know (offline) is received blind
 * and matched at the hub.
 */
#ifndef TALLY_CLIENT_RECEIVE_H
#define TALLY_CLIENT_RECEIVE_H

#include "common/err.h"
#include "barcode/scan.h"
#include "jobs/pack.h"

#include <stdint.h>

struct store;

struct receive_line {
	char *article_id, *name, *batch;
	int64_t expected, received;
	int unexpected;
};

struct receive {
	struct store *store;
	char *user, *bin;
	char sscc[19];
	int blind; /* the delivery is not known here */
	char session[37];
	int64_t start_seq;
	struct pack_job pack;
	char today[11];
	struct receive_line *lines;
	size_t n, cap;
	size_t deviations;
	/* The last pack received, so that it can be reported damaged. */
	char *last_article, *last_code, *last_batch;
	int64_t last_qty;
	char asked_sscc[19]; /* a parcel received before, waiting for "receive again" */
	char **said;         /* every deviation in words, "SSCC  what", for the end */
	size_t n_said, cap_said;
};

enum receive_outcome {
	RECEIVE_PARCEL,          /* an SSCC: this parcel's expected lines loaded (or blind) */
	RECEIVE_BIN,             /* a bin label: put-away location for what follows */
	RECEIVE_RECEIVED,        /* recorded */
	RECEIVE_UNKNOWN_CODE,    /* recorded as unknown-code */
	RECEIVE_NEED_PARCEL,     /* a pack before any SSCC: nothing recorded */
	RECEIVE_INVALID,         /* malformed, or not a pack: nothing recorded */
	RECEIVE_DAMAGED,         /* the last pack recorded as a damaged deviation */
	RECEIVE_NO_PACK,         /* "damaged" before any pack was received: nothing recorded */
	RECEIVE_ALREADY,         /* this serialised pack was received already: nothing recorded */
	RECEIVE_UNDONE,          /* the last pack voided */
	RECEIVE_RECEIVED_BEFORE, /* this parcel was received before: nothing opened; ask, then
	                          * receive_again() */
};

#define RECEIVE_DEV_UNEXPECTED 0x1
#define RECEIVE_DEV_BATCH      0x2
#define RECEIVE_DEV_SHORT      0x4
#define RECEIVE_DEV_EXPIRED    0x8

struct receive_event {
	enum receive_outcome outcome;
	char name[128];
	/* RECEIVE_RECEIVED, RECEIVE_DAMAGED: the pack's article, and its batch
	 * and expiry ("" when the scan carried none) */
	char article_id[64], batch[21], expiry[11];
	int64_t qty;
	int deviations; /* RECEIVE_DEV_* found on this scan */
	int sterile;
	long days_left;
	int parcel, parcels; /* RECEIVE_PARCEL: parcel 2 of 3 of its order (0: not known) */
	char message[256];
};

int receive_start(struct receive **out, struct store *s, const char *user, const char *today,
                  struct tally_err *e);
/* Go on in a receipt left open (session_find_open(.., "receive", NULL, ..)):
 * its last parcel is open again with what was received of it, and the
 * deviations found so far are listed at the end as before. */
struct open_session;
int receive_resume(struct receive **out, struct store *s, const char *user, const char *today,
                   const struct open_session *o, struct tally_err *e);
int receive_scan(struct receive *r, const char *text, size_t len, long qty,
                 const struct scan_config *cfg, struct receive_event *ev, struct tally_err *e);
/* The last pack received arrived damaged: a deviation {"type": "damaged",
 * "code", "batch", "qty"} for it (RECEIVE_DAMAGED), or RECEIVE_NO_PACK
 * with a message when no pack was received in this parcel yet. */
/* Void the receipt's last pack (RECEIVE_UNDONE): its parcel's line counts
 * it no more, and the deviations it caused (unexpected, wrong batch,
 * expired, short expiry, damaged) are voided with it.  EX_DATAERR when
 * there is nothing to undo. */
int receive_undo(struct receive *r, struct receive_event *ev, struct tally_err *e);
/* The parcel said to be received before: receive it again after all. */
int receive_again(struct receive *r, struct receive_event *ev, struct tally_err *e);
int receive_damaged(struct receive *r, struct receive_event *ev, struct tally_err *e);
/* End the receipt: over and under deliveries of the last parcel become
 * deviations (earlier parcels were checked when the next SSCC came). */
int receive_finish(struct receive *r, struct tally_err *e);
void receive_free(struct receive *r);

#endif
