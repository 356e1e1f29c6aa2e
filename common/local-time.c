/*
 * local-time.c — UTC texts to local and relative times (local-time.h).
 */
#define _GNU_SOURCE /* timegm */
#include "common/local-time.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void local_time_zone(const char *zone)
{
	if (zone == NULL || zone[0] == '\0')
		zone = LOCAL_TIME_ZONE_DEFAULT;
	setenv("TZ", zone, 1);
	tzset();
}

int local_time_zone_known(const char *zone)
{
	if (zone == NULL || zone[0] == '\0')
		return 0;
	if (zone[0] == ':')
		zone++;
	if (strcmp(zone, "UTC") == 0 || strcmp(zone, "UTC0") == 0)
		return 1;
	if (zone[0] == '/')
		return access(zone, R_OK) == 0;
	/* An IANA name is a file of the system's tz database: no "..". */
	if (strstr(zone, "..") != NULL || strlen(zone) > 200)
		return 0;
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir != NULL && *dir ? dir : "/usr/share/zoneinfo",
	         zone);
	return access(path, R_OK) == 0;
}

const char *local_time_zone_name(void)
{
	const char *tz = getenv("TZ");
	if (tz == NULL || tz[0] == '\0')
		return LOCAL_TIME_ZONE_DEFAULT;
	return tz[0] == ':' ? tz + 1 : tz;
}

const char *local_time_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0 && size > 0)
		buf[0] = '\0';
	return buf;
}

const char *local_time_iso_offset(time_t t, char *buf, size_t size)
{
	struct tm tm;
	char zone[8];
	localtime_r(&t, &tm);
	/* %z is +0100; ISO 8601's extended form wants +01:00. */
	if (strftime(zone, sizeof(zone), "%z", &tm) != 5 ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	size_t n = strlen(buf);
	snprintf(buf + n, size - n, "%.3s:%.2s", zone, zone + 3);
	return buf;
}

int local_time_parse(const char *utc, time_t *out)
{
	struct tm tm = { 0 };
	char sep = 0;
	int n;
	if (utc == NULL)
		return -1;
	n = sscanf(utc, "%4d-%2d-%2d%c%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	if (n < 6 || (sep != 'T' && sep != ' '))
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

const char *local_time_full(time_t t, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (strftime(buf, size, "%d.%m.%Y %H:%M", &tm) == 0 && size > 0)
		buf[0] = '\0';
	return buf;
}

/* The local calendar day of t, as a day number. */
static long local_day(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	struct tm day = { .tm_year = tm.tm_year, .tm_mon = tm.tm_mon, .tm_mday = tm.tm_mday };
	return (long)(timegm(&day) / 86400);
}

const char *local_time_relative(time_t t, time_t now, char *buf, size_t size)
{
	long days = local_day(now) - local_day(t);
	struct tm tm;
	char hm[8];
	localtime_r(&t, &tm);
	strftime(hm, sizeof(hm), "%H:%M", &tm);
	if (t > now + 300 || days < 0)
		return local_time_full(t, buf, size);
	if (days == 0)
		snprintf(buf, size, _("today %s"), hm);
	else if (days == 1)
		snprintf(buf, size, _("yesterday %s"), hm);
	else
		snprintf(buf, size, ngettext("%ld day ago", "%ld days ago", (unsigned long)days),
		         days);
	return buf;
}

const char *local_time_relative_utc(const char *utc, time_t now, char *buf, size_t size)
{
	time_t t;
	if (utc == NULL)
		snprintf(buf, size, "%s", _("never"));
	else if (local_time_parse(utc, &t) != 0)
		snprintf(buf, size, "?");
	else
		local_time_relative(t, now, buf, size);
	return buf;
}

const char *local_time_full_utc(const char *utc, char *buf, size_t size)
{
	time_t t;
	if (utc == NULL)
		snprintf(buf, size, "%s", _("never"));
	else if (local_time_parse(utc, &t) != 0)
		snprintf(buf, size, "?");
	else
		local_time_full(t, buf, size);
	return buf;
}
