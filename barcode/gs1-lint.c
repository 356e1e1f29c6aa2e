/*
 * gs1-lint.c — the content checks ("linters") GS1's Barcode Syntax Dictionary
 * names for a component of an AI's data: check digits and check pairs,
 * company prefixes, dates and times, country and currency codes, IBAN,
 * piece-of-total, enumerations, importer index, CSET 64 padding, coupons.
 * Each failure is one error code (scan.h) with the position of the offending
 * characters and a sentence saying what was expected.
 */
#include "barcode/gs1-lint.h"
#include "barcode/gs1-codes.h"
#include "barcode/scan-internal.h"
#include "common/i18n.h"

#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static unsigned num(const char *s, size_t n)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

/* The alphanumeric check pair of (8013) GMN and (8014) MUDI. */
static int check_pair_ok(const char *d, size_t n)
{
	static const unsigned short primes[] = {
		2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,
		61,  67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139,
		149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233,
		239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337,
		347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439,
		443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
	};
	/* the value of each CSET 82 character: its place in the set, from 0 */
	static const char cset82[] = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	                             "abcdefghijklmnopqrstuvwxyz";
	static const char cset32[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	if (n < 2 || n - 2 > sizeof(primes) / sizeof(primes[0]))
		return 0;
	unsigned sum = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		const char *p = d[i] != '\0' ? strchr(cset82, d[i]) : NULL;
		if (p == NULL)
			return 0;
		sum += (unsigned)(p - cset82) * primes[n - 3 - i];
	}
	sum %= 1021;
	return d[n - 2] == cset32[sum >> 5] && d[n - 1] == cset32[sum & 31];
}

static int iban_ok(const char *d, size_t n)
{
	unsigned sum = 0;
	for (size_t k = 4; k < n + 4; k++) {
		char c = d[k < n ? k : k - n];
		unsigned v;
		if (is_digit(c))
			v = (unsigned)(c - '0');
		else if (c >= 'A' && c <= 'Z')
			v = (unsigned)(c - 'A') + 10;
		else
			return 0;
		sum = (sum * (v < 10 ? 10 : 100) + v) % 97;
	}
	return sum == 1;
}

static int leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Full-year date YYYYMMDD; day 00 allowed when d0. */
static int date8_ok(const char *d, int d0)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y = num(d, 4), m = num(d + 4, 2), day = num(d + 6, 2);
	if (m < 1 || m > 12)
		return 0;
	unsigned last = days[m - 1] + (m == 2 && leap(y));
	return day <= last && (d0 || day > 0);
}

enum scan_error gs1_lint(enum gs1_lint lint, const char *d, size_t n, const struct gs1_lint_ctx *c,
                         struct scan_failure *fail)
{
	const char *ai = c->ai;
	size_t at = c->at;
	switch (lint) {
	case GS1_LINT_NONE:
		return SCAN_OK;
	case GS1_LINT_CSUM: {
		int cd = gs1_check_digit(d, n - 1);
		if (cd != d[n - 1] - '0')
			return scan_fail(fail, SCAN_E_CHECK_DIGIT, at + n - 1, ai,
			                 _("(%s) %s: the check digit is %c but should be %d — a "
			                   "misread or a wrong number"),
			                 ai, c->title, d[n - 1], cd);
		return SCAN_OK;
	}
	case GS1_LINT_CSUMALPHA:
		if (!check_pair_ok(d, n))
			return scan_fail(fail, SCAN_E_CHECK_PAIR, n >= 2 ? at + n - 2 : at, ai,
			                 _("(%s) %s: the two check characters at the end do not "
			                   "match — a misread or a wrong number"),
			                 ai, c->title);
		return SCAN_OK;
	case GS1_LINT_GCPPOS1:
	case GS1_LINT_GCPPOS2: {
		size_t off = lint == GS1_LINT_GCPPOS2 ? 1 : 0;
		for (size_t i = off; i < off + 4; i++)
			if (i >= n || !is_digit(d[i]))
				return scan_fail(fail, SCAN_E_COMPANY_PREFIX, at + (i < n ? i : 0),
				                 ai,
				                 _("(%s) %s must start with a GS1 Company Prefix "
				                   "(at least 4 digits)"),
				                 ai, c->title);
		return SCAN_OK;
	}
	case GS1_LINT_YYMMD0:
	case GS1_LINT_YYMMDD: {
		char iso[11];
		int zero;
		if (n != 6 || gs1_date(d, c->year, iso, &zero) != 0 ||
		    (lint == GS1_LINT_YYMMDD && zero))
			return scan_fail(
			    fail, SCAN_E_DATE, at, ai,
			    lint == GS1_LINT_YYMMDD
			        ? _("(%s) %s: %.6s is not a date (YYMMDD, day 01 to 31)")
			        : _("(%s) %s: %.6s is not a date (YYMMDD)"),
			    ai, c->title, d);
		return SCAN_OK;
	}
	case GS1_LINT_YYYYMMD0:
	case GS1_LINT_YYYYMMDD:
		if (n != 8 || !date8_ok(d, lint == GS1_LINT_YYYYMMD0))
			return scan_fail(fail, SCAN_E_DATE, at, ai,
			                 _("(%s) %s: %.8s is not a date (YYYYMMDD)"), ai, c->title,
			                 d);
		return SCAN_OK;
	case GS1_LINT_HHMI:
		if (n != 4 || num(d, 2) > 23 || num(d + 2, 2) > 59)
			return scan_fail(
			    fail, SCAN_E_TIME, at, ai,
			    _("(%s) %s: %.4s is not a time of day (HHMM, 0000 to 2359)"), ai,
			    c->title, d);
		return SCAN_OK;
	case GS1_LINT_HH:
		if (n != 2 || num(d, 2) > 23)
			return scan_fail(fail, SCAN_E_TIME, at, ai,
			                 _("(%s) %s: the hour %.2s is not 00 to 23"), ai, c->title,
			                 d);
		return SCAN_OK;
	case GS1_LINT_MI:
	case GS1_LINT_SS:
		if (n != 2 || num(d, 2) > 59)
			return scan_fail(fail, SCAN_E_TIME, at, ai,
			                 lint == GS1_LINT_MI
			                     ? _("(%s) %s: the minute %.2s is not 00 to 59")
			                     : _("(%s) %s: the second %.2s is not 00 to 59"),
			                 ai, c->title, d);
		return SCAN_OK;
	case GS1_LINT_ISO3166:
	case GS1_LINT_ISO3166999:
		if (n != 3 || !(gs1_code_country_numeric(num(d, 3)) ||
		                (lint == GS1_LINT_ISO3166999 && num(d, 3) == 999)))
			return scan_fail(fail, SCAN_E_COUNTRY, at, ai,
			                 _("(%s) %s: %.3s is not an ISO 3166 country code "
			                   "(e.g. 578 for Norway)"),
			                 ai, c->title, d);
		return SCAN_OK;
	case GS1_LINT_ISO3166ALPHA2:
		if (n != 2 || !gs1_code_country_alpha2(d))
			return scan_fail(fail, SCAN_E_COUNTRY, at, ai,
			                 _("(%s) %s: %.2s is not an ISO 3166 country code "
			                   "(e.g. NO for Norway)"),
			                 ai, c->title, d);
		return SCAN_OK;
	case GS1_LINT_ISO4217:
		if (n != 3 || !gs1_code_currency(num(d, 3)))
			return scan_fail(fail, SCAN_E_CURRENCY, at, ai,
			                 _("(%s) %s: %.3s is not an ISO 4217 currency code "
			                   "(e.g. 578 for NOK)"),
			                 ai, c->title, d);
		return SCAN_OK;
	case GS1_LINT_IBAN:
		if (n < 5 || n > 34 || !gs1_code_country_alpha2(d))
			return scan_fail(fail, SCAN_E_IBAN, at, ai,
			                 _("(%s) IBAN must start with a country code (e.g. NO) and "
			                   "have 5 to 34 characters"),
			                 ai);
		if (!iban_ok(d, n))
			return scan_fail(
			    fail, SCAN_E_IBAN, at + 2, ai,
			    _("(%s) IBAN: the check characters do not match — a misread "
			      "or a wrong account number"),
			    ai);
		return SCAN_OK;
	case GS1_LINT_PCENC:
		for (size_t i = 0; i < n; i++) {
			if (d[i] != '%')
				continue;
			if (i + 2 >= n || !strchr("0123456789abcdefABCDEF", d[i + 1]) ||
			    !strchr("0123456789abcdefABCDEF", d[i + 2]) || d[i + 1] == '\0' ||
			    d[i + 2] == '\0')
				return scan_fail(
				    fail, SCAN_E_PERCENT, at + i, ai,
				    _("(%s) %s: a %% must be followed by two hex digits"), ai,
				    c->title);
			i += 2;
		}
		return SCAN_OK;
	case GS1_LINT_LATITUDE:
	case GS1_LINT_LONGITUDE: {
		unsigned long long v = 0;
		for (size_t i = 0; i < n; i++)
			v = v * 10 + (unsigned)(d[i] - '0');
		if (n != 10 || v > (lint == GS1_LINT_LATITUDE ? 1800000000ULL : 3600000000ULL))
			return scan_fail(fail, SCAN_E_COORDINATE, at, ai,
			                 lint == GS1_LINT_LATITUDE
			                     ? _("(%s) %s: the latitude is out of range")
			                     : _("(%s) %s: the longitude is out of range"),
			                 ai, c->title);
		return SCAN_OK;
	}
	case GS1_LINT_YESNO:
		if (n != 1 || (d[0] != '0' && d[0] != '1'))
			return scan_fail(fail, SCAN_E_ENUMERATION, at, ai,
			                 _("(%s) %s must be 0 (no) or 1 (yes)"), ai, c->title);
		return SCAN_OK;
	case GS1_LINT_WINDING:
		if (n != 1 || (d[0] != '0' && d[0] != '1' && d[0] != '9'))
			return scan_fail(fail, SCAN_E_ENUMERATION, at, ai,
			                 _("(%s) %s: the winding direction must be 0, 1 or 9"), ai,
			                 c->title);
		return SCAN_OK;
	case GS1_LINT_ISO5218:
		if (n != 1 || !strchr("0129", d[0]) || d[0] == '\0')
			return scan_fail(fail, SCAN_E_ENUMERATION, at, ai,
			                 _("(%s) %s must be 0, 1, 2 or 9 (ISO 5218)"), ai,
			                 c->title);
		return SCAN_OK;
	case GS1_LINT_MEDIATYPE: {
		unsigned v = n == 2 && all_digits(d, 2) ? num(d, 2) : 0;
		if (!((v >= 1 && v <= 10) || (v >= 80 && v <= 99)))
			return scan_fail(fail, SCAN_E_ENUMERATION, at, ai,
			                 _("(%s) %s: %.*s is not an assigned media type"), ai,
			                 c->title, (int)n, d);
		return SCAN_OK;
	}
	case GS1_LINT_PACKAGETYPE:
		if (!gs1_code_package_type(d, n))
			return scan_fail(fail, SCAN_E_ENUMERATION, at, ai,
			                 _("(%s) %s: %.*s is not a package type code"), ai,
			                 c->title, (int)n, d);
		return SCAN_OK;
	case GS1_LINT_HYPHEN:
		for (size_t i = 0; i < n; i++)
			if (d[i] != '-')
				return scan_fail(
				    fail, SCAN_E_ENUMERATION, at + i, ai,
				    _("(%s) %s: only '-' (a negative value) may follow "
				      "the number"),
				    ai, c->title);
		return SCAN_OK;
	case GS1_LINT_ZERO:
		for (size_t i = 0; i < n; i++)
			if (d[i] != '0')
				return scan_fail(fail, SCAN_E_ENUMERATION, at + i, ai,
				                 _("(%s) %s: this digit must be 0"), ai, c->title);
		return SCAN_OK;
	case GS1_LINT_NONZERO:
		for (size_t i = 0; i < n; i++)
			if (d[i] != '0')
				return SCAN_OK;
		return scan_fail(fail, SCAN_E_ZERO, at, ai, _("(%s) %s: %.*s must not be zero"), ai,
		                 c->title, (int)n, d);
	case GS1_LINT_NOZEROPREFIX:
		if (n > 0 && d[0] == '0')
			return scan_fail(fail, SCAN_E_ZERO, at, ai,
			                 _("(%s) %s must not start with 0"), ai, c->title);
		return SCAN_OK;
	case GS1_LINT_PIECEOFTOTAL: {
		size_t h = n / 2;
		unsigned piece = num(d, h), total = num(d + h, h);
		if (n % 2 != 0 || piece == 0 || total == 0 || piece > total)
			return scan_fail(
			    fail, SCAN_E_PIECE, at, ai,
			    _("(%s) %s: piece %.*s of %.*s — the piece must be 1 to the "
			      "total, and the total not 0"),
			    ai, c->title, (int)h, d, (int)h, d + h);
		return SCAN_OK;
	}
	case GS1_LINT_IMPORTERIDX: {
		char ch = n == 1 ? d[0] : '\0';
		if (!(is_digit(ch) || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      ch == '-' || ch == '_'))
			return scan_fail(fail, SCAN_E_IMPORTER, at, ai,
			                 _("(%s) %s: the importer index is one of 0-9, A-Z, a-z, - "
			                   "or _"),
			                 ai, c->title);
		return SCAN_OK;
	}
	case GS1_LINT_POSINSEQSLASH: {
		const char *slash = memchr(d, '/', n);
		size_t p = slash ? (size_t)(slash - d) : 0, e = n - p - 1;
		int ok = slash != NULL && p > 0 && e > 0 && all_digits(d, p) &&
		         all_digits(d + p + 1, e) && d[0] != '0' && d[p + 1] != '0';
		if (ok && (p > e || (p == e && memcmp(d, d + p + 1, p) > 0)))
			ok = 0;
		if (!ok)
			return scan_fail(fail, SCAN_E_SEQUENCE, at, ai,
			                 _("(%s) %s must be a position and a total, e.g. 1/2"), ai,
			                 c->title);
		return SCAN_OK;
	}
	case GS1_LINT_HASNONDIGIT:
		if (all_digits(d, n))
			return scan_fail(fail, SCAN_E_CHARSET, at, ai,
			                 _("(%s) %s must hold at least one character that is not a "
			                   "digit"),
			                 ai, c->title);
		return SCAN_OK;
	case GS1_LINT_COUPONCODE:
	case GS1_LINT_COUPONPOSOFFER:
		return scan_fail(fail, SCAN_E_COUPON, at, ai,
		                 _("(%s) is a retail coupon: tally does not take coupons; scan "
		                   "the pack's own barcode"),
		                 ai);
	}
	return SCAN_OK;
}

enum scan_error gs1_padding(const char *d, size_t n, const struct gs1_lint_ctx *c,
                            struct scan_failure *fail)
{
	size_t pads = 0;
	while (pads < n && d[n - pads - 1] == '=')
		pads++;
	for (size_t i = 0; i < n - pads; i++)
		if (d[i] == '=')
			return scan_fail(fail, SCAN_E_PADDING, c->at + i, c->ai,
			                 _("(%s) %s: '=' may only pad the end"), c->ai, c->title);
	if (pads > 2 || (pads > 0 && n % 3 != 0))
		return scan_fail(fail, SCAN_E_PADDING, c->at + n - pads, c->ai,
		                 _("(%s) %s: wrong '=' padding at the end (at most two, and "
		                   "only to a length divisible by 3)"),
		                 c->ai, c->title);
	return SCAN_OK;
}
