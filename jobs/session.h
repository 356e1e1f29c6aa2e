/*
 * session.h — what every job session shares beyond the pack step: undoing
 * its last record with a void record (records stay append-only: the void
 * names the record it cancels by seq, and the hub leaves both out), and a
 * session left open — idle sign-out, a killed screen, a flat battery —
 * found again, to be resumed or closed as abandoned so the hub never waits
 * on it.
 */
#ifndef TALLY_JOBS_SESSION_H
#define TALLY_JOBS_SESSION_H

#include "common/err.h"
#include "db/store.h"

#include <stdint.h>

/* How long a session may lie open and still be offered to resume, unless
 * tally.conf says otherwise ([jobs] resume_hours). */
#define SESSION_RESUME_HOURS 12

struct open_session {
	char session[37];
	int64_t start_seq;
	char started[32]; /* device_time of its session-start, UTC */
	char user[64];
};

/* The newest session of `job` at location_id, started within `hours` of
 * now and never ended: 0, EX_DATAERR when there is none, else the store
 * failed. */
int session_find_open(struct store *s, const char *job, const char *location_id, int hours,
                      struct open_session *out, struct tally_err *e);

/* Close it as abandoned: a session-end {"job", "abandoned": true}. */
int session_abandon(struct store *s, const struct open_session *o, const char *job,
                    const char *location_id, const char *user, struct tally_err *e);

/* Void the session's last standing record (a count, a use, a receipt line,
 * a skip, an unknown code).  *undone is that record (free it with
 * record_free).  EX_DATAERR with "nothing to undo" when there is none. */
int session_undo(struct store *s, const char *session, int64_t start_seq, const char *user,
                 struct record *undone, struct tally_err *e);

/* Void one record of the session (what an undo appends, and what goes with
 * it: a receipt line's deviations). */
int session_void(struct store *s, const char *session, const char *user,
                 const struct record *undone, struct tally_err *e);

/* "HH:MM" local time of a device_time, for "continue the round from 05:02". */
void session_clock(const char *device_time, char out[6]);
/* "23.11. 14:02" local time of a device_time. */
void session_date(const char *device_time, char out[16]);

#endif
