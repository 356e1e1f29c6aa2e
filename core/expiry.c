#include "core/expiry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days since 1970-01-01 of a YYYY-MM-DD date (civil calendar); -1 if malformed. */
static long day_number(const char *s)
{
	int y, m, d;
	if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

enum expiry_state expiry_check(const char *expiry, const char *today, int short_days,
                               long *days_left)
{
	long e = day_number(expiry), t = day_number(today);
	if (e < 0 || t < 0)
		return EXPIRY_UNKNOWN;
	if (days_left != NULL)
		*days_left = e - t;
	if (e < t)
		return EXPIRY_EXPIRED;
	return e - t <= short_days ? EXPIRY_SHORT : EXPIRY_OK;
}

void expiry_today(char out[11])
{
	const char *fixed = getenv("TALLY_TODAY");
	if (fixed != NULL && strlen(fixed) == 10 && day_number(fixed) >= 0) {
		memcpy(out, fixed, 11);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
