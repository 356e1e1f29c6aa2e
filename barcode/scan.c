/*
 * scan.c — what kind of scan this is, from its AIM symbology identifier or,
 * when the scanner sent none, from its shape; then the parser for it.
 */
#include "barcode/scan-internal.h"
#include "barcode/gs1-ai.h"
#include "common/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
		"ok",
		"empty",
		"too-long",
		"charset",
		"unknown-ai",
		"length",
		"check-digit",
		"date",
		"separator",
		"repeated-ai",
		"association",
		"exclusive",
		"hibc",
		"uri",
		"check-pair",
		"company-prefix",
		"time",
		"country",
		"currency",
		"iban",
		"piece-of-total",
		"enumeration",
		"zero",
		"importer-index",
		"padding",
		"coupon",
		"coordinate",
		"percent-encoding",
		"sequence",
		"composite",
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

/* The fields every parser may fill, emptied; the AI array is not touched
 * (n_ais says how much of it holds anything), which keeps a parse cheap. */
static void scan_clear(struct scan *out)
{
	out->type = SCAN_UNKNOWN;
	out->symbology[0] = '\0';
	out->gtin[0] = out->sscc[0] = out->batch[0] = out->serial[0] = '\0';
	out->expiry[0] = out->expiry_raw[0] = '\0';
	out->expiry_day_zero = 0;
	out->count = -1;
	out->hibc_lic[0] = out->hibc_product[0] = '\0';
	out->hibc_unit = 0;
	out->id[0] = '\0';
	out->assumed = SCAN_ASSUMED_NONE;
	out->note[0] = '\0';
	out->n_ais = 0;
}

/* http:// or https://, in any case (a URI's scheme is case-insensitive). */
static int is_uri(const char *d, size_t n)
{
	return (n >= 7 && strncasecmp(d, "http://", 7) == 0) ||
	       (n >= 8 && strncasecmp(d, "https://", 8) == 0);
}

/* EAN/UPC primary data, then optionally '|' and a 2D composite
 * component's element string: one message. */
static enum scan_error ean_with_composite(const char *d, size_t n, size_t base, int upce, int year,
                                          struct scan *out, struct scan_failure *fail)
{
	const char *bar = memchr(d, '|', n);
	size_t linear = bar != NULL ? (size_t)(bar - d) : n;
	enum scan_error err = ean_parse(d, linear, base, upce, out, fail);
	if (err != SCAN_OK || bar == NULL)
		return err;
	size_t cc = gs1_composite_start(d, n, linear);
	if (cc >= n)
		return scan_fail(fail, SCAN_E_COMPOSITE, base + linear, "",
		                 _("the composite part after '|' is empty"));
	err = gs1_read_elements(d + cc, n - cc, base + cc, year, out, fail);
	if (err != SCAN_OK)
		return err;
	return gs1_finish(out, fail);
}

/*
 * A bare element string from a scanner that sends no AIM id.  Read as GS1
 * only when it parses fully (every AI, value and pair checked); and, when no
 * separator marks where its last variable-length value ends, only when no
 * other split of that value parses fully too — else it is ambiguous, and
 * said so, not guessed.
 */
static enum scan_error bare_element_string(const char *d, size_t n, size_t base, int year,
                                           struct scan *out, struct scan_failure *fail)
{
	enum scan_error err = gs1_parse_element_string(d, n, base, year, out, fail);
	if (memchr(d, GS, n) != NULL) {
		/* separators: certainly meant as GS1, its errors are said */
		if (err == SCAN_OK)
			out->assumed = SCAN_ASSUMED_GS1;
		return err;
	}
	if (err != SCAN_OK) {
		char why[sizeof(fail->msg)];
		snprintf(why, sizeof(why), "%s", fail != NULL ? fail->msg : "");
		scan_clear(out);
		if (fail != NULL)
			memset(fail, 0, sizeof(*fail));
		out->type = SCAN_UNKNOWN;
		snprintf(out->note, sizeof(out->note), _("not read as GS1: %s"), why);
		return SCAN_OK;
	}
	/* The last AI holds all up to the end: could part of it be more AIs? */
	const struct scan_ai *last = &out->ais[out->n_ais - 1];
	size_t vstart = last->at - base + strlen(last->ai), vlen = strlen(last->value);
	const struct gs1_ai *def = gs1_ai_find(last->ai, strlen(last->ai));
	if (def != NULL && !def->predefined && vlen > 1 && n < SCAN_MAX_TEXT) {
		char alt[SCAN_MAX_TEXT + 2];
		struct scan other_scan; /* about 4 KiB: the reading tried instead */
		struct scan *other = &other_scan;
		for (size_t k = 1; k < vlen; k++) {
			size_t split = vstart + k;
			if (gs1_ai_find(d + split, n - split) == NULL)
				continue;
			memcpy(alt, d, split);
			alt[split] = GS;
			memcpy(alt + split + 1, d + split, n - split);
			alt[n + 1] = '\0';
			scan_clear(other);
			other->reference_year = year;
			if (gs1_parse_element_string(alt, n + 1, base, year, other, NULL) ==
			    SCAN_OK) {
				char first[100], second[100];
				snprintf(first, sizeof(first), "(%s)%s", last->ai, last->value);
				snprintf(second, sizeof(second), "(%s)%.*s…", last->ai, (int)k,
				         last->value);
				out->n_ais = 0;
				scan_clear(out);
				out->assumed = SCAN_ASSUMED_AMBIGUOUS;
				snprintf(out->note, sizeof(out->note),
				         _("not read as GS1: without separators %s could also be "
				           "%s and more AIs; set the scanner to send AIM ids and "
				           "separators"),
				         first, second);
				return SCAN_OK;
			}
		}
	}
	out->assumed = SCAN_ASSUMED_GS1;
	return SCAN_OK;
}

enum scan_error scan_parse(const char *text, size_t len, const struct scan_config *cfg,
                           struct scan *out, struct scan_failure *fail)
{
	scan_clear(out);
	out->raw[0] = '\0';
	if (fail != NULL) {
		fail->code = SCAN_OK;
		fail->at = 0;
		fail->ai[0] = '\0';
		fail->msg[0] = '\0';
	}
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
		memcpy(out->symbology, aim, 4);
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
		if ((aim[1] == 'C' && aim[2] == '1') || (aim[1] == 'd' && aim[2] == '2') ||
		    (aim[1] == 'Q' && aim[2] == '3') || (aim[1] == 'e' && aim[2] == '0') ||
		    (aim[1] == 'J' && aim[2] == '1'))
			return gs1_parse_element_string(d, n, base, year, out, fail);
		/* EAN-13 (UPC-A as 13 digits) or UPC-E as 8 under ]E0; EAN-8 under
		 * ]E4; each may carry a composite after '|'. */
		if (strcmp(aim, "]E0") == 0 || strcmp(aim, "]E4") == 0) {
			const char *bar = memchr(d, '|', n);
			size_t linear = bar != NULL ? (size_t)(bar - d) : n;
			int upce = aim[2] == '0' && linear == 8;
			size_t want = aim[2] == '4' ? 8 : 13;
			if (!upce && linear != want)
				return scan_fail(
				    fail, SCAN_E_LENGTH, base, "",
				    aim[2] == '4'
				        ? _("an EAN-8 has 8 digits, not %zu")
				        : _("an EAN-13 or UPC-A has 13 digits (UPC-E 8), not %zu"),
				    linear);
			return ean_with_composite(d, n, base, upce, year, out, fail);
		}
		if ((aim[1] == 'I') && n == 14)
			return ean_parse(d, n, base, 0, out, fail);
		if (d[0] == '+')
			return hibc_parse(d, n, base, year, out, fail);
		if (is_uri(d, n))
			return digital_link_parse(d, n, year, out, fail);
		out->type = SCAN_UNKNOWN;
		return SCAN_OK;
	}

	/* No AIM id (a keyboard scanner with AIM ids off, or typed by hand). */
	if (d[0] == '(')
		return gs1_parse_bracketed(d, n, base, year, out, fail);
	if (d[0] == '+')
		return hibc_parse(d, n, base, year, out, fail);
	if (is_uri(d, n))
		return digital_link_parse(d, n, year, out, fail);
	if (all_digits(d, n) && (n == 8 || n == 12 || n == 13 || n == 14))
		return ean_parse(d, n, base, 0, out, fail);
	if (gs1_ai_find(d, n) != NULL)
		return bare_element_string(d, n, base, year, out, fail);
	out->type = SCAN_UNKNOWN;
	return SCAN_OK;
}
