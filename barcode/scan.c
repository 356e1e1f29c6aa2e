/*
 * scan.c — what kind of scan this is, from its AIM symbology identifier or,
 * when the scanner sent none, from its shape; then the parser for it.
 */
#include "barcode/scan-internal.h"
#include "common/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *scan_type_name(enum scan_type t)
{
	static const char *const names[] = { "unknown", "gs1",      "gtin", "hibc",
		                             "sscc",    "location", "badge" };
	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "unknown";
}

const char *scan_error_name(enum scan_error e)
{
	static const char *const names[] = {
		"ok",          "empty",       "too-long", "charset",   "unknown-ai",
		"length",      "check-digit", "date",     "separator", "repeated-ai",
		"association", "exclusive",   "hibc",     "uri",
	};
	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

enum scan_error scan_fail(struct scan_failure *fail, enum scan_error code, size_t at,
                          const char *ai, const char *fmt, ...)
{
	if (fail != NULL) {
		fail->code = code;
		fail->at = at;
		snprintf(fail->ai, sizeof(fail->ai), "%s", ai != NULL ? ai : "");
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(fail->msg, sizeof(fail->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
	size_t p = strlen(prefix);
	return p > 0 && n >= p && memcmp(s, prefix, p) == 0;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A label or badge: the id after the prefix, printable, bounded. */
static enum scan_error take_id(const char *s, size_t n, size_t base, enum scan_type type,
                               struct scan *out, struct scan_failure *fail)
{
	if (n == 0 || n >= sizeof(out->id))
		return scan_fail(fail, SCAN_E_LENGTH, base, "",
		                 _("a label or badge id has 1 to %zu characters"),
		                 sizeof(out->id) - 1);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f)
			return scan_fail(
			    fail, SCAN_E_CHARSET, base + i, "",
			    _("a label or badge id has no spaces or control characters"));
	memcpy(out->id, s, n);
	out->id[n] = '\0';
	out->type = type;
	return SCAN_OK;
}

enum scan_error scan_parse(const char *text, size_t len, const struct scan_config *cfg,
                           struct scan *out, struct scan_failure *fail)
{
	memset(out, 0, sizeof(*out));
	out->count = -1;
	if (fail != NULL)
		memset(fail, 0, sizeof(*fail));
	if (len > SCAN_MAX_TEXT)
		return scan_fail(fail, SCAN_E_TOO_LONG, SCAN_MAX_TEXT, "",
		                 _("the scan is longer than %d characters"), SCAN_MAX_TEXT);
	memcpy(out->raw, text, len);
	out->raw[len] = '\0';
	if (memchr(text, '\0', len) != NULL)
		return scan_fail(fail, SCAN_E_CHARSET,
		                 (size_t)((const char *)memchr(text, '\0', len) - text), "",
		                 _("the scan holds a NUL byte"));

	int year = cfg != NULL && cfg->year > 0 ? cfg->year : 0;
	if (year == 0) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		year = tm.tm_year + 1900;
	}
	out->reference_year = year;
	const char *loc = cfg && cfg->location_prefix ? cfg->location_prefix : "LOC:";
	const char *badge = cfg && cfg->badge_prefix ? cfg->badge_prefix : "B:";

	/* Parse the NUL-terminated copy: the input is bytes with a length,
	 * and the parsers below use string functions. */
	const char *d = out->raw;
	size_t n = len, base = 0;
	char aim[4] = "";
	if (n >= 3 && d[0] == ']') {
		memcpy(aim, d, 3);
		snprintf(out->symbology, sizeof(out->symbology), "%s", aim);
		d += 3;
		n -= 3;
		base = 3;
	}
	if (n == 0)
		return scan_fail(fail, SCAN_E_EMPTY, base, "", _("the scan is empty"));

	/* Internal labels first: their prefixes are ours, whatever the symbology. */
	if (starts_with(d, n, loc))
		return take_id(d + strlen(loc), n - strlen(loc), base + strlen(loc), SCAN_LOCATION,
		               out, fail);
	if (starts_with(d, n, badge))
		return take_id(d + strlen(badge), n - strlen(badge), base + strlen(badge),
		               SCAN_BADGE, out, fail);

	if (aim[0] != '\0') {
		/* GS1 symbologies: GS1-128, GS1 DataMatrix, GS1 QR, DataBar, GS1 DotCode... */
		if (strcmp(aim, "]C1") == 0 || strcmp(aim, "]d2") == 0 || strcmp(aim, "]Q3") == 0 ||
		    strcmp(aim, "]e0") == 0 || strcmp(aim, "]J1") == 0)
			return gs1_parse_element_string(d, n, base, year, out, fail);
		if (strcmp(aim, "]E0") == 0)
			return ean_parse(d, n, base, n == 8, out, fail);
		if (strcmp(aim, "]E4") == 0)
			return ean_parse(d, n, base, 0, out, fail);
		if ((aim[1] == 'I') && n == 14)
			return ean_parse(d, n, base, 0, out, fail);
		if (d[0] == '+')
			return hibc_parse(d, n, base, year, out, fail);
		if (starts_with(d, n, "http://") || starts_with(d, n, "https://") ||
		    starts_with(d, n, "HTTP://") || starts_with(d, n, "HTTPS://"))
			return digital_link_parse(d, n, year, out, fail);
		out->type = SCAN_UNKNOWN;
		return SCAN_OK;
	}

	/* No AIM id (a keyboard scanner with AIM ids off, or typed by hand). */
	if (d[0] == '(')
		return gs1_parse_bracketed(d, n, base, year, out, fail);
	if (d[0] == '+')
		return hibc_parse(d, n, base, year, out, fail);
	if (starts_with(d, n, "http://") || starts_with(d, n, "https://") ||
	    starts_with(d, n, "HTTP://") || starts_with(d, n, "HTTPS://"))
		return digital_link_parse(d, n, year, out, fail);
	if (all_digits(d, n) && (n == 8 || n == 12 || n == 13 || n == 14))
		return ean_parse(d, n, base, 0, out, fail);
	if (memchr(d, GS, n) != NULL || (n > 14 && all_digits(d, 2) && d[0] <= '9'))
		return gs1_parse_element_string(d, n, base, year, out, fail);
	out->type = SCAN_UNKNOWN;
	return SCAN_OK;
}
