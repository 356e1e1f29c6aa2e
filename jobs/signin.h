/*
 * signin.h — who is signed in on the handheld: a badge and PIN checked
 * against the user master data, an idle time-out, and what the user's roles
 * let them do.  Plain logic, no screen: the front ends print the messages.
 */
#ifndef TALLY_CLIENT_SESSION_H
#define TALLY_CLIENT_SESSION_H

#include "common/err.h"
#include "core/pin-hash.h"

#include <stddef.h>
#include <time.h>

struct store;
struct config;

/* Sign-out after this many seconds without a scan or key, unless tally.conf
 * [session] idle_logout_s says otherwise. */
#define SIGNIN_IDLE_DEFAULT_S 300

/* Longest badge / name / roles kept; longer master data is cut. */
#define SIGNIN_FIELD_MAX 128

struct signin {
	char badge[SIGNIN_FIELD_MAX];
	char name[SIGNIN_FIELD_MAX];
	char roles[SIGNIN_FIELD_MAX]; /* comma-separated: "round,receive,drill,admin" */
	time_t started, last_active;
};

/*
 * Look the badge up and check the PIN against its pin_hash.  0 and *s
 * filled when it matches; an unknown badge, a user with no PIN set or a
 * wrong PIN is EX_NOPERM with a plain message (never the PIN or the hash).
 * Wrong PINs are counted per badge in the store (its settings), so the
 * count survives a restart of the UI and holds for `tally login` too: after
 * SESSION_MAX_FAILURES in a row the badge waits SESSION_LOCK_S seconds, and
 * a try while it waits is EX_TEMPFAIL without the PIN being checked.  A
 * wrong PIN that cannot be counted (store not writable) is refused all the
 * same.
 */
int signin_check(struct store *st, const char *badge, const char *pin, time_t now, struct signin *s,
                 struct tally_err *e);

/* A scan or a key press: the idle clock starts again. */
void signin_touch(struct signin *s, time_t now);

/* Has the session been idle for idle_seconds or more?  (idle_seconds <= 0:
 * never expires.) */
int signin_expired(const struct signin *s, time_t now, long idle_seconds);

/* The idle limit from tally.conf [session] idle_logout_s (default
 * SIGNIN_IDLE_DEFAULT_S); -1 with e set (EX_CONFIG) when it is not a number. */
long signin_idle_limit(const struct config *c, struct tally_err *e);

/* May this user do `what` ("round", "receive", "drill", ...)?  "admin" may
 * everything. */
int signin_may(const struct signin *s, const char *what);

/* May a user with these roles (comma-separated) do this job ("round",
 * "receive", "drill", "count", "consume")?  admin may do all; counting
 * and consumption are ward work, so the round role allows them too.  The
 * one rule for the UI's menu and for line mode. */
int signin_may_job(const char *roles, const char *job);

/* After this many wrong PINs in a row, sign-in waits SESSION_LOCK_S
 * seconds before it tries again: a guess per minute, not per second. */
#define SESSION_MAX_FAILURES 5
#define SESSION_LOCK_S       30

struct signin_guard {
	int failures;
	time_t locked_until;
};

/* How many seconds sign-in must still wait (0: go ahead); never more than
 * SESSION_LOCK_S, whatever the clock did. */
long signin_guard_wait(const struct signin_guard *g, time_t now);
/* A refused sign-in: counts towards the lock; the fifth locks. */
void signin_guard_failed(struct signin_guard *g, time_t now);
/* A good sign-in: the count starts again. */
void signin_guard_passed(struct signin_guard *g);

/* Room enough for any hash signin_hash_pin makes. */
#define CRYPT_HASH_MAX PIN_HASH_MAX

/* The shortest PIN that may be set. */
#define SIGNIN_PIN_MIN_DIGITS PIN_MIN_DIGITS

/* Make a pin_hash for master data: core/pin-hash.h's pin_hash (the hub's
 * `tally-hub hash-pin` makes the same). */
int signin_hash_pin(const char *pin, char *hash, size_t size, struct tally_err *e);

#endif
