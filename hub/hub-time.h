/*
 * hub-time.h — the hub's clock and its ISO 8601 UTC times with
 * milliseconds ("2026-11-23T08:15:02.123Z"), as milliseconds since 1970.
 */
#ifndef TALLY_SYNC_HUB_HUB_TIME_H
#define TALLY_SYNC_HUB_HUB_TIME_H

long long hub_time_ms(void);
void hub_time_format(long long ms, char out[32]);

/* "YYYY-MM-DDTHH:MM:SS[.fff]Z" → ms; 0, or -1 when it is not such a time. */
int hub_time_parse(const char *s, long long *ms);

/* Is s a real calendar date, YYYY-MM-DD (2026-02-31 is not)? 1 or 0. */
int hub_date_valid(const char *s);

#endif
