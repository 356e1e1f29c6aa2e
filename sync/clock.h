/*
 * clock.h — the protocol's times (UTC, ISO 8601 with milliseconds) and the
 * offset between the hub's clock and the handheld's.
 */
#ifndef TALLY_SYNC_CLOCK_H
#define TALLY_SYNC_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the epoch, now (CLOCK_REALTIME). */
int64_t clock_now_ms(void);
/* "2026-11-23T08:15:02.123Z" into buf (at least 25 bytes). */
char *clock_format_ms(int64_t ms, char *buf, size_t size);
/* Parse that form (fraction optional); 0 ok, -1 not a time. */
int clock_parse_ms(const char *text, int64_t *ms);

#endif
