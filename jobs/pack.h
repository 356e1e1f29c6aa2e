/*
 * pack.h — the one pack-scan step every job takes (DESIGN §3): parse the
 * scan, refuse what is not a pack for this job (a badge always; a location
 * label or an SSCC unless the job takes one), find the article (by its
 * code, or by its id when typed without a symbology), keep a code
 * the handheld does not know as a record, refuse a serialised pack counted
 * already in this session, and append the job's record carrying the scan's
 * batch, expiry and serial.  One outcome type for every job; each job keeps
 * only its own step (what a count, a receipt, a use means).
 */
#ifndef TALLY_CLIENT_PACK_H
#define TALLY_CLIENT_PACK_H

#include "common/err.h"
#include "db/store.h"
#include "barcode/scan.h"

#include <stddef.h>

/* What a job takes besides packs (struct pack_job.takes). */
#define PACK_TAKES_LOCATION 0x1 /* a location label: a drill's place, a receipt's bin */
#define PACK_TAKES_SSCC     0x2 /* a parcel's SSCC: goods receipt */
/* Scans add up (drill, receipt, use): the same GTIN + serial counts once
 * in a session.  Jobs where a typed count replaces (round, count) leave it
 * off: scanning the pack again is a recount. */
#define PACK_SERIAL_ONCE 0x4

enum pack_outcome {
	PACK_KNOWN,    /* a pack of a known article: nothing recorded yet */
	PACK_UNKNOWN,  /* a code this handheld does not know: kept as unknown-code */
	PACK_LOCATION, /* a location label, for a job that takes one (scan.id) */
	PACK_SSCC,     /* an SSCC, for a job that takes one (scan.sscc) */
	PACK_REFUSED,  /* a badge, or a label this job does not take: nothing recorded */
	PACK_INVALID,  /* the scan is malformed: nothing recorded */
	PACK_ALREADY,  /* this serialised pack is counted already: nothing recorded */
};

/* One job session's side of the step. */
struct pack_job {
	struct store *store;
	const char *session, *user;
	const char *location_id; /* where unknown codes and records are placed; may change */
	unsigned takes;          /* PACK_TAKES_*, PACK_SERIAL_ONCE */
	const char *hint;        /* what to scan instead, said when a scan is refused */
	char **serials;          /* GTIN + serial counted in this session */
	size_t n_serials, cap_serials;
	/* A label printed as two symbols: the last scan given, the record made
	 * of it, and the scan before it (its partner, when they join). */
	char last[SCAN_MAX_TEXT + 1], partner[SCAN_MAX_TEXT + 1];
	size_t last_len, partner_len;
	int64_t last_seq, partner_seq;
	int last_joined;
	/* The last scan's shortage warning (jobs/shortage.h), "" when none:
	 * a warning beside the job's outcome, never a reason not to record.
	 * The front ends show it after the job's own message. */
	char shortage[512];
	char shortage_article[128]; /* the article it is about, "" when none */
};

struct pack {
	enum pack_outcome outcome;
	struct scan scan;
	struct article article; /* PACK_KNOWN only; pack_done frees it */
	int mult;               /* the code's pack multiplier */
	int64_t seq;            /* PACK_UNKNOWN: the unknown-code record */
	int joined;             /* read together with the scan before it */
	int64_t void_seq;       /* joined: that scan's record, to void before appending */
	char message[256];      /* what the user is told (KNOWN: only when joined) */
	char shortage[512];     /* PACK_KNOWN: the article's ongoing shortage, "" when none */
};

/*
 * The step up to the job's own: fills *p.  A scan completes the one just
 * before it (a GTIN in one symbol, its batch, expiry or serial in the
 * other: barcode/scan-join.h) into one message, p->joined; when that
 * earlier scan was recorded alone, p->void_seq is its record, which the job
 * voids (with its own undo) before appending the joined one, so the pack
 * counts once.  They join only when nothing was recorded between them; a
 * half alone is refused (PACK_INVALID) with the rule named.  The same text
 * given again before anything was recorded of it (the count typed after
 * the scan, a confirmation) is the same scan, joined as before.  qty is the typed quantity
 * (-1: none), kept with an unknown code.  Returns 0 (the outcome says what
 * happened) or, when the store failed, its status with e set — a failing
 * store is never taken for an unknown code.
 */
int pack_scan(struct pack_job *j, const char *text, size_t len, long qty,
              const struct scan_config *cfg, struct pack *p, struct tally_err *e);

/*
 * Append the job's record for a PACK_KNOWN pack: session, user, location
 * (unless in sets one), article, the scanned text and the scan's batch,
 * expiry and serial are filled in; kind, qty and data are the job's.  With
 * PACK_SERIAL_ONCE the pack's serial is remembered.  seq may be NULL.
 */
int pack_append(struct pack_job *j, const struct pack *p, struct record_in *in, int64_t *seq,
                struct tally_err *e);

/* Forget a serial (its record was voided) or remember one (a session
 * resumed); gtin and serial as recorded. */
void pack_serial_forget(struct pack_job *j, const char *gtin, const char *serial);
int pack_serial_remember(struct pack_job *j, const char *gtin, const char *serial);

/* The article a code names, without the rest of the step (a count typed
 * for a line picked on the screen).  0, EX_DATAERR unknown, else the store
 * failed. */
int pack_article(struct store *s, const struct scan *sc, struct article *a, int *mult,
                 struct tally_err *e);

/* The next scan follows no scan (an undo, a count typed for a line): it
 * joins nothing before it. */
void pack_break(struct pack_job *j);

void pack_done(struct pack *p);
void pack_job_free(struct pack_job *j);

#endif
