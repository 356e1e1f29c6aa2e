/*
 * local-time.h — times as staff read them.  Records and the hub keep UTC
 * (ISO 8601, "2026-11-30T05:49:12.000Z"); what the UI and line mode show is
 * local time in the device's zone (tally.conf `[ui] timezone`, default
 * Europe/Oslo), and, where "when" matters more than the date, relative to
 * now: "today 06:49", "yesterday 22:10", "10 days ago".
 */
#ifndef TALLY_COMMON_LOCAL_TIME_H
#define TALLY_COMMON_LOCAL_TIME_H

#include <stddef.h>
#include <time.h>

#define LOCAL_TIME_ZONE_DEFAULT "Europe/Oslo"

/* Show every later local time in `zone` (an IANA name; NULL or "": the
 * default).  Sets TZ for this process: called once, by main's set-up. */
void local_time_zone(const char *zone);

/* 1 when `zone` names a time zone this system knows (an IANA name such
 * as Europe/Oslo, "UTC", or a ":"-prefixed tz file); a name it does not
 * know would silently be UTC. */
int local_time_zone_known(const char *zone);

/* The zone local times are shown in (TZ without a leading ':', else the
 * default), for saying it: "Europe/Oslo". */
const char *local_time_zone_name(void);

/* t in local time, "2026-11-30 06:49" (sorts as text; the hub's reports
 * and pages), in buf. */
const char *local_time_iso(time_t t, char *buf, size_t size);

/* t in local time with its offset from UTC, ISO 8601:
 * "2026-11-30T06:49:12+01:00" (for CSV files), in buf. */
const char *local_time_iso_offset(time_t t, char *buf, size_t size);

/* A UTC time as the store writes it ("YYYY-MM-DDTHH:MM[:SS[.fff]]Z", or
 * with a space for the T) as a time_t.  0, or -1 when it is not one. */
int local_time_parse(const char *utc, time_t *out);

/* t in local time, "30.11.2026 06:49", in buf. */
const char *local_time_full(time_t t, char *buf, size_t size);

/* t relative to now, by local calendar days: "today 06:49",
 * "yesterday 06:49", "N days ago"; a time ahead of now (a clock off) is
 * given in full.  Translated. */
const char *local_time_relative(time_t t, time_t now, char *buf, size_t size);

/* The same for a UTC text; "?" when it is not a time, "never" for NULL. */
const char *local_time_relative_utc(const char *utc, time_t now, char *buf, size_t size);
const char *local_time_full_utc(const char *utc, char *buf, size_t size);

#endif
