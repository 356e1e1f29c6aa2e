/*
 * session.h — who is signed in on the handheld: a badge and PIN checked
 * against the user master data, an idle time-out, and what the user's roles
 * let them do.  Plain logic, no screen: the front ends print the messages.
 */
#ifndef TALLY_CLIENT_SESSION_H
#define TALLY_CLIENT_SESSION_H

#include "common/err.h"

#include <stddef.h>
#include <time.h>

struct store;
struct config;

/* Sign-out after this many seconds without a scan or key, unless tally.conf
 * [session] idle_logout_s says otherwise. */
#define SESSION_IDLE_DEFAULT_S 300

/* Longest badge / name / roles kept; longer master data is cut. */
#define SESSION_FIELD_MAX 128

struct session {
	char badge[SESSION_FIELD_MAX];
	char name[SESSION_FIELD_MAX];
	char roles[SESSION_FIELD_MAX]; /* comma-separated: "round,receive,drill,admin" */
	time_t started, last_active;
};

/*
 * Look the badge up and check the PIN against its pin_hash.  0 and *s
 * filled when it matches; an unknown badge, a user with no PIN set or a
 * wrong PIN is EX_NOPERM with a plain message (never the PIN or the hash).
 */
int session_sign_in(struct store *st, const char *badge, const char *pin, time_t now,
                    struct session *s, struct tally_err *e);

/* A scan or a key press: the idle clock starts again. */
void session_touch(struct session *s, time_t now);

/* Has the session been idle for idle_seconds or more?  (idle_seconds <= 0:
 * never expires.) */
int session_expired(const struct session *s, time_t now, long idle_seconds);

/* The idle limit from tally.conf [session] idle_logout_s (default
 * SESSION_IDLE_DEFAULT_S); -1 with e set (EX_CONFIG) when it is not a number. */
long session_idle_limit(const struct config *c, struct tally_err *e);

/* May this user do `what` ("round", "receive", "drill", ...)?  "admin" may
 * everything. */
int session_may(const struct session *s, const char *what);

/* After this many wrong PINs in a row, sign-in waits SESSION_LOCK_S
 * seconds before it tries again: a guess per minute, not per second. */
#define SESSION_MAX_FAILURES 5
#define SESSION_LOCK_S       30

struct session_guard {
	int failures;
	time_t locked_until;
};

/* How many seconds sign-in must still wait (0: go ahead). */
long session_guard_wait(const struct session_guard *g, time_t now);
/* A refused sign-in: counts towards the lock; the fifth locks. */
void session_guard_failed(struct session_guard *g, time_t now);
/* A good sign-in: the count starts again. */
void session_guard_passed(struct session_guard *g);

/* Room enough for any hash session_hash_pin makes. */
#define CRYPT_HASH_MAX 384

/* Make a pin_hash for master data (yescrypt, else bcrypt).  0, or EX_*
 * with e set. */
int session_hash_pin(const char *pin, char *hash, size_t size, struct tally_err *e);

#endif
