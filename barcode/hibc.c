/*
 * hibc.c — HIBC LIC (Health Industry Bar Code): primary data (labeler,
 * product, unit of measure), secondary data (quantity, expiry, lot or
 * serial) alone with a link character, or both concatenated with '/'.
 * Every HIBC symbol ends in a mod-43 check character over all before it.
 */
#include "barcode/scan-internal.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char mod43[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

static int value43(char c)
{
	const char *p = c ? strchr(mod43, c) : NULL;
	return p ? (int)(p - mod43) : -1;
}

static int is_alnum_upper(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* Secondary data after the flag characters: dates in several formats. */
static enum scan_error parse_secondary(const char *s, size_t n, size_t base, int year,
                                       struct scan *out, struct scan_failure *fail)
{
	size_t i = 0;
	int serial = 0;
	char date[16] = "";
	char fmt = 0;

	if (n >= 5 && s[0] >= '0' && s[0] <= '9') {
		/* YYJJJ then lot */
		fmt = '5';
	} else if (n >= 1 && s[0] == '$') {
		i = 1;
		if (i < n && s[i] == '$') {
			i++;
			if (i < n && s[i] == '+') {
				serial = 1;
				i++;
			}
			if (i < n && (s[i] == '8' || s[i] == '9')) {
				size_t qlen = s[i] == '8' ? 2 : 5;
				if (i + 1 + qlen > n)
					return scan_fail(fail, SCAN_E_HIBC, base + i, "",
					                 _("HIBC quantity is cut short"));
				char q[6];
				memcpy(q, s + i + 1, qlen);
				q[qlen] = '\0';
				if (strspn(q, "0123456789") != qlen)
					return scan_fail(fail, SCAN_E_HIBC, base + i + 1, "",
					                 _("HIBC quantity must be digits"));
				out->count = strtol(q, NULL, 10);
				i += 1 + qlen;
			}
			if (i < n && (s[i] == '0' || s[i] == '1'))
				fmt = '1'; /* MMYY directly */
			else if (i < n && s[i] >= '2' && s[i] <= '7')
				fmt = s[i++];
			else
				fmt = '7';
		} else if (i < n && s[i] == '+') {
			serial = 1;
			i++;
			fmt = '7';
		} else {
			fmt = '7';
		}
	} else {
		return scan_fail(fail, SCAN_E_HIBC, base, "",
		                 _("HIBC secondary data starts with a date or '$'"));
	}

	static const struct {
		char fmt;
		size_t len;
	} lens[] = { { '1', 4 }, { '2', 6 }, { '3', 6 }, { '4', 8 },
		     { '5', 5 }, { '6', 7 }, { '7', 0 } };
	size_t dlen = 0;
	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++)
		if (lens[k].fmt == fmt)
			dlen = lens[k].len;
	if (i + dlen > n)
		return scan_fail(fail, SCAN_E_HIBC, base + i, "",
		                 _("HIBC expiry date is cut short"));
	memcpy(date, s + i, dlen);
	date[dlen] = '\0';
	if (strspn(date, "0123456789") != dlen)
		return scan_fail(fail, SCAN_E_DATE, base + i, "",
		                 _("HIBC expiry date must be digits"));
	if (dlen > 0) {
		char yymmdd[24];
		int zero;
		switch (fmt) {
		case '1': /* MMYY */
			snprintf(yymmdd, sizeof(yymmdd), "%.2s%.2s00", date + 2, date);
			break;
		case '2': /* MMDDYY */
			snprintf(yymmdd, sizeof(yymmdd), "%.2s%.2s%.2s", date + 4, date, date + 2);
			break;
		case '5':
		case '6': { /* YYJJJ(HH): day of year */
			int yy = (date[0] - '0') * 10 + (date[1] - '0');
			int doy = atoi((char[4]){ date[2], date[3], date[4], 0 });
			int y = 2000 + yy;
			int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			static const int cum[13] = { 0,   31,  59,  90,  120, 151, 181,
				                     212, 243, 273, 304, 334, 365 };
			if (doy < 1 || doy > 365 + leap)
				return scan_fail(
				    fail, SCAN_E_DATE, base + i, "",
				    _("HIBC Julian date day %d is not a day of the year"), doy);
			int m = 0;
			while (m < 11 && doy > cum[m + 1] + (m + 1 >= 2 ? leap : 0))
				m++;
			int d = doy - cum[m] - (m >= 2 ? leap : 0);
			snprintf(yymmdd, sizeof(yymmdd), "%02d%02d%02d", yy % 100, (m + 1) % 100,
			         d % 100);
			yymmdd[6] = '\0';
			break;
		}
		default: /* YYMMDD(HH) */
			snprintf(yymmdd, sizeof(yymmdd), "%.6s", date);
			break;
		}
		if (gs1_date(yymmdd, year, out->expiry, &zero) != 0)
			return scan_fail(fail, SCAN_E_DATE, base + i, "",
			                 _("HIBC expiry %s is not a date"), date);
		out->expiry_day_zero = zero;
		memcpy(out->expiry_raw, yymmdd, 6);
		out->expiry_raw[6] = '\0';
		i += dlen;
	}
	size_t rest = n - i;
	if (rest > 18)
		return scan_fail(fail, SCAN_E_HIBC, base + i, "",
		                 _("HIBC lot or serial is longer than 18 characters"));
	for (size_t k = 0; k < rest; k++)
		if (!is_alnum_upper(s[i + k]))
			return scan_fail(fail, SCAN_E_HIBC, base + i + k, "",
			                 _("HIBC lot or serial holds only A-Z and 0-9"));
	char *dst = serial ? out->serial : out->batch;
	memcpy(dst, s + i, rest);
	dst[rest] = '\0';
	return SCAN_OK;
}

enum scan_error hibc_parse(const char *data, size_t n, size_t base, int year, struct scan *out,
                           struct scan_failure *fail)
{
	if (n < 3 || data[0] != '+')
		return scan_fail(fail, SCAN_E_HIBC, base, "", _("HIBC data starts with '+'"));
	int sum = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		int v = value43(data[i]);
		if (v < 0)
			return scan_fail(fail, SCAN_E_HIBC, base + i, "",
			                 _("'%c' is not an HIBC character"), data[i]);
		sum += v;
	}
	if (mod43[sum % 43] != data[n - 1])
		return scan_fail(fail, SCAN_E_HIBC, base + n - 1, "",
		                 _("the HIBC check character is '%c' but should be '%c' — a "
		                   "misread"),
		                 data[n - 1], mod43[sum % 43]);
	out->type = SCAN_HIBC;
	const char *body = data + 1;
	size_t len = n - 2; /* without '+' and check */

	/* Secondary alone: starts with a digit (YYJJJ) or '$'; the character
	 * before the check is the link to the primary's check character. */
	if (body[0] == '$' || (body[0] >= '0' && body[0] <= '9')) {
		if (len < 2)
			return scan_fail(fail, SCAN_E_HIBC, base + 1, "",
			                 _("HIBC secondary data is empty"));
		return parse_secondary(body, len - 1, base + 1, year, out, fail);
	}

	const char *slash = memchr(body, '/', len);
	size_t plen = slash ? (size_t)(slash - body) : len;
	/* Primary: LIC (4, first alphabetic), product (1-18), unit of measure (1 digit). */
	if (plen < 6 || !(body[0] >= 'A' && body[0] <= 'Z'))
		return scan_fail(fail, SCAN_E_HIBC, base + 1, "",
		                 _("HIBC primary data: a labeler code of 4 (starting with a "
		                   "letter), a product code and a unit-of-measure digit"));
	for (size_t i = 0; i < plen; i++)
		if (!is_alnum_upper(body[i]))
			return scan_fail(fail, SCAN_E_HIBC, base + 1 + i, "",
			                 _("HIBC primary data holds only A-Z and 0-9"));
	if (plen - 5 > 18)
		return scan_fail(fail, SCAN_E_HIBC, base + 5, "",
		                 _("HIBC product code is longer than 18 characters"));
	if (body[plen - 1] < '0' || body[plen - 1] > '9')
		return scan_fail(fail, SCAN_E_HIBC, base + plen, "",
		                 _("HIBC unit of measure is one digit"));
	memcpy(out->hibc_lic, body, 4);
	out->hibc_lic[4] = '\0';
	memcpy(out->hibc_product, body + 4, plen - 5);
	out->hibc_product[plen - 5] = '\0';
	out->hibc_unit = body[plen - 1] - '0';
	if (slash != NULL)
		return parse_secondary(slash + 1, len - plen - 1, base + 2 + plen, year, out, fail);
	return SCAN_OK;
}
