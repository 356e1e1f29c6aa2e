/*
 * expiry.h — is a pack still good to use, and for how long.
 */
#ifndef TALLY_CLIENT_EXPIRY_H
#define TALLY_CLIENT_EXPIRY_H

enum expiry_state { EXPIRY_UNKNOWN, EXPIRY_OK, EXPIRY_SHORT, EXPIRY_EXPIRED };

/* expiry and today as YYYY-MM-DD; short when it expires within short_days.
 * A pack is usable through its expiry day.  *days_left may be NULL. */
enum expiry_state expiry_check(const char *expiry, const char *today, int short_days,
                               long *days_left);

/* Today (UTC) as YYYY-MM-DD; $TALLY_TODAY overrides it (tests, demo). */
void expiry_today(char out[11]);

#endif
