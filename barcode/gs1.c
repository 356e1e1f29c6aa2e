/*
 * gs1.c — GS1 element strings: split into AIs, check each value against the
 * AI table, then check the AIs against each other.
 *
 * The separator rules matter on a medicine pack: without a GS after a
 * variable-length batch, the batch swallows the expiry that follows.  So a
 * variable-length value longer than its AI allows is reported as a missing
 * separator, not truncated into something plausible.
 */
#include "barcode/scan-internal.h"
#include "barcode/gs1-ai.h"
#include "common/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int gs1_date(const char *s, int year, char out[11], int *day_zero)
{
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	int yy = (s[0] - '0') * 10 + (s[1] - '0');
	int mm = (s[2] - '0') * 10 + (s[3] - '0');
	int dd = (s[4] - '0') * 10 + (s[5] - '0');
	/* GS1 General Specifications 7.12: a two-digit year within 49 years
	 * ahead or 50 behind the current year. */
	int cur = year % 100, century = year - cur;
	int diff = yy - cur;
	if (diff >= 51)
		century -= 100;
	else if (diff <= -50)
		century += 100;
	int y = century + yy;
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (mm < 1 || mm > 12)
		return -1;
	int last = days[mm - 1] + (mm == 2 && is_leap(y));
	if (dd > last)
		return -1;
	*day_zero = dd == 0;
	char buf[48];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y % 10000, mm, dd == 0 ? last : dd);
	memcpy(out, buf, 10);
	out[10] = '\0';
	return 0;
}

static const char *charset_name(enum gs1_charset set)
{
	switch (set) {
	case GS1_N:
		return _("digits");
	case GS1_Y:
		return _("GS1 character set 39");
	case GS1_Z:
		return _("GS1 character set 64");
	default:
		return _("GS1 character set 82");
	}
}

enum scan_error gs1_add(struct scan *out, const char *ai, const char *value, size_t len, size_t at,
                        int year, struct scan_failure *fail)
{
	const struct gs1_ai *def = gs1_ai_find(ai, strlen(ai));
	if (def == NULL || def->ai_len != strlen(ai))
		return scan_fail(fail, SCAN_E_UNKNOWN_AI, at, ai,
		                 _("(%s) is not a GS1 Application Identifier"), ai);
	size_t vat = at + strlen(ai);
	size_t min = def->fixed + def->var_min, max = def->fixed + def->var_max;
	if (len < min || len > max) {
		if (min == max)
			return scan_fail(fail, SCAN_E_LENGTH, vat, ai,
			                 _("(%s) %s must be %zu characters, not %zu"), ai,
			                 _(def->title), min, len);
		return scan_fail(fail, SCAN_E_LENGTH, vat, ai,
		                 _("(%s) %s must be %zu to %zu characters, not %zu"), ai,
		                 _(def->title), min, max, len);
	}
	for (size_t i = 0; i < len; i++) {
		enum gs1_charset set = i < def->fixed ? GS1_N : def->var;
		if (!gs1_in_charset(set, (unsigned char)value[i]))
			return scan_fail(fail, SCAN_E_CHARSET, vat + i, ai,
			                 _("(%s) %s: character %zu ('%c') is not allowed; "
			                   "expected %s"),
			                 ai, _(def->title), i + 1,
			                 value[i] >= 32 && value[i] < 127 ? value[i] : '?',
			                 charset_name(set));
	}
	if ((def->flags & GS1_CHECK) &&
	    gs1_check_digit(value, def->fixed - 1) != value[def->fixed - 1] - '0')
		return scan_fail(fail, SCAN_E_CHECK_DIGIT, vat + def->fixed - 1, ai,
		                 _("(%s) %s: the check digit is %c but should be %d — a misread "
		                   "or a wrong number"),
		                 ai, _(def->title), value[def->fixed - 1],
		                 gs1_check_digit(value, def->fixed - 1));
	char date[11];
	int zero;
	if ((def->flags & GS1_DATE) && gs1_date(value, year, date, &zero) != 0)
		return scan_fail(fail, SCAN_E_DATE, vat, ai,
		                 _("(%s) %s: %.6s is not a date (YYMMDD)"), ai, _(def->title),
		                 value);

	/* The same AI twice must say the same thing twice. */
	for (size_t i = 0; i < out->n_ais; i++) {
		if (strcmp(out->ais[i].ai, ai) != 0)
			continue;
		if (strlen(out->ais[i].value) == len && memcmp(out->ais[i].value, value, len) == 0)
			return SCAN_OK;
		return scan_fail(fail, SCAN_E_REPEATED_AI, at, ai,
		                 _("(%s) appears twice with different values"), ai);
	}
	if (out->n_ais == SCAN_MAX_AIS)
		return scan_fail(fail, SCAN_E_TOO_LONG, at, ai, _("too many AIs in one scan"));
	struct scan_ai *a = &out->ais[out->n_ais++];
	snprintf(a->ai, sizeof(a->ai), "%s", ai);
	memcpy(a->value, value, len);
	a->value[len] = '\0';
	return SCAN_OK;
}

enum scan_error gs1_parse_element_string(const char *data, size_t n, size_t base, int year,
                                         struct scan *out, struct scan_failure *fail)
{
	size_t i = 0;
	if (n > 0 && data[0] == GS)
		i = 1; /* a leading FNC1 left in by the scanner */
	if (i >= n)
		return scan_fail(fail, SCAN_E_EMPTY, base, "", _("the GS1 symbol holds no data"));
	while (i < n) {
		if (data[i] == GS)
			return scan_fail(fail, SCAN_E_SEPARATOR, base + i, "",
			                 _("two separators in a row at position %zu: an empty "
			                   "element"),
			                 base + i + 1);
		const struct gs1_ai *def = gs1_ai_find(data + i, n - i);
		if (def == NULL) {
			char ai[5] = "";
			size_t k = 0;
			while (k < 4 && i + k < n && data[i + k] >= '0' && data[i + k] <= '9') {
				ai[k] = data[i + k];
				k++;
			}
			ai[k] = '\0';
			return scan_fail(fail, SCAN_E_UNKNOWN_AI, base + i, ai,
			                 _("no GS1 Application Identifier starts at position %zu "
			                   "('%.4s')"),
			                 base + i + 1, data + i);
		}
		char ai[5];
		memcpy(ai, data + i, def->ai_len);
		ai[def->ai_len] = '\0';
		size_t at = i;
		i += def->ai_len;
		size_t end;
		size_t full = def->fixed + def->var_max;
		if (def->var == GS1_NONE) {
			end = i + def->fixed;
			if (end > n)
				end = n; /* gs1_add says it is too short */
			/* a GS found inside the fixed part: too short */
			const char *gs = memchr(data + i, GS, end - i);
			if (gs != NULL)
				end = (size_t)(gs - data);
		} else {
			const char *gs = memchr(data + i, GS, n - i);
			end = gs != NULL ? (size_t)(gs - data) : n;
			if (end - i > full)
				return scan_fail(
				    fail, SCAN_E_SEPARATOR, base + i + full, ai,
				    _("(%s) is longer than %zu characters: a separator "
				      "(GS) is probably missing after it, so it swallowed "
				      "what follows"),
				    ai, full);
		}
		enum scan_error err = gs1_add(out, ai, data + i, end - i, base + at, year, fail);
		if (err != SCAN_OK)
			return err;
		i = end;
		if (i < n && data[i] == GS) {
			i++;
			/* A separator at the very end is harmless and common; two
			 * in a row are not (checked at the top of the loop). */
		} else if (i < n && def->var != GS1_NONE) {
			return scan_fail(fail, SCAN_E_SEPARATOR, base + i, ai,
			                 _("a separator is needed after (%s)"), ai);
		}
	}
	return gs1_finish(out, base + n, fail);
}

enum scan_error gs1_parse_bracketed(const char *data, size_t n, size_t base, int year,
                                    struct scan *out, struct scan_failure *fail)
{
	size_t i = 0;
	while (i < n) {
		if (data[i] != '(')
			return scan_fail(fail, SCAN_E_SEPARATOR, base + i, "",
			                 _("expected '(' and an AI at position %zu"), base + i + 1);
		const char *close = memchr(data + i, ')', n - i);
		size_t ailen = close ? (size_t)(close - data) - i - 1 : 0;
		if (close == NULL || ailen < 2 || ailen > 4)
			return scan_fail(fail, SCAN_E_UNKNOWN_AI, base + i, "",
			                 _("an AI in brackets has 2 to 4 digits, at position %zu"),
			                 base + i + 1);
		char ai[5];
		memcpy(ai, data + i + 1, ailen);
		ai[ailen] = '\0';
		if (strspn(ai, "0123456789") != ailen)
			return scan_fail(fail, SCAN_E_UNKNOWN_AI, base + i, ai,
			                 _("(%s) is not a GS1 Application Identifier"), ai);
		size_t v = (size_t)(close - data) + 1;
		const char *next = memchr(data + v, '(', n - v);
		size_t end = next ? (size_t)(next - data) : n;
		enum scan_error err = gs1_add(out, ai, data + v, end - v, base + i, year, fail);
		if (err != SCAN_OK)
			return err;
		i = end;
	}
	return gs1_finish(out, base + n, fail);
}

static const char *find_ai(const struct scan *s, const char *ai)
{
	for (size_t i = 0; i < s->n_ais; i++)
		if (strcmp(s->ais[i].ai, ai) == 0)
			return s->ais[i].value;
	return NULL;
}

static int has_any(const struct scan *s, const char *const *ais)
{
	for (; *ais != NULL; ais++)
		if (find_ai(s, *ais) != NULL)
			return 1;
	return 0;
}

enum scan_error gs1_finish(struct scan *out, size_t at_end, struct scan_failure *fail)
{
	/* Invalid pairs. */
	static const char *const pairs[][2] = { { "01", "02" }, { "01", "03" },  { "02", "03" },
		                                { "01", "37" }, { "21", "235" }, { "30", "37" } };
	for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++)
		if (find_ai(out, pairs[p][0]) != NULL && find_ai(out, pairs[p][1]) != NULL)
			return scan_fail(fail, SCAN_E_EXCLUSIVE, at_end, pairs[p][1],
			                 _("(%s) and (%s) must not appear together"), pairs[p][0],
			                 pairs[p][1]);

	/* Mandatory associations (GS1 General Specifications 4.14). */
	static const char *const trade_item[] = { "01", "02", "03", "8006", "8026", NULL };
	static const char *const needs_item[] = { "10",  "11",   "12",   "13",  "15",  "16",
		                                  "17",  "20",   "21",   "22",  "30",  "235",
		                                  "240", "241",  "242",  "243", "250", "251",
		                                  "254", "7003", "7006", NULL };
	for (const char *const *a = needs_item; *a != NULL; a++)
		if (find_ai(out, *a) != NULL && !has_any(out, trade_item))
			return scan_fail(fail, SCAN_E_ASSOCIATION, at_end, *a,
			                 _("(%s) only means something together with a GTIN (01) "
			                   "or (02)"),
			                 *a);
	for (size_t i = 0; i < out->n_ais; i++) {
		const char *ai = out->ais[i].ai;
		if (ai[0] == '3' && ai[1] >= '1' && ai[1] <= '6' && !has_any(out, trade_item))
			return scan_fail(
			    fail, SCAN_E_ASSOCIATION, at_end, ai,
			    _("(%s) is a measure of a trade item: it needs (01) or (02)"), ai);
	}
	if (find_ai(out, "37") != NULL && find_ai(out, "02") == NULL &&
	    find_ai(out, "8026") == NULL)
		return scan_fail(fail, SCAN_E_ASSOCIATION, at_end, "37",
		                 _("(37) counts trade items in a logistic unit: it needs (02)"));
	if (find_ai(out, "02") != NULL && find_ai(out, "00") == NULL && find_ai(out, "37") == NULL)
		return scan_fail(fail, SCAN_E_ASSOCIATION, at_end, "02",
		                 _("(02) names the content of a logistic unit: it needs (00) or "
		                   "(37)"));
	if (find_ai(out, "250") != NULL && find_ai(out, "21") == NULL)
		return scan_fail(fail, SCAN_E_ASSOCIATION, at_end, "250",
		                 _("(250) secondary serial needs the serial (21)"));

	const char *v;
	if ((v = find_ai(out, "01")) != NULL || (v = find_ai(out, "02")) != NULL)
		snprintf(out->gtin, sizeof(out->gtin), "%s", v);
	if ((v = find_ai(out, "00")) != NULL)
		snprintf(out->sscc, sizeof(out->sscc), "%s", v);
	if ((v = find_ai(out, "10")) != NULL)
		snprintf(out->batch, sizeof(out->batch), "%s", v);
	if ((v = find_ai(out, "21")) != NULL)
		snprintf(out->serial, sizeof(out->serial), "%s", v);
	if ((v = find_ai(out, "30")) != NULL || (v = find_ai(out, "37")) != NULL)
		out->count = strtol(v, NULL, 10);
	if ((v = find_ai(out, "17")) != NULL) {
		snprintf(out->expiry_raw, sizeof(out->expiry_raw), "%s", v);
		/* checked in gs1_add; recomputed here for the typed field */
		gs1_date(v, out->reference_year, out->expiry, &out->expiry_day_zero);
	}
	if (out->sscc[0])
		out->type = SCAN_SSCC; /* a logistic label, whatever else it says */
	else if (out->n_ais == 1 && find_ai(out, "01") != NULL)
		out->type = SCAN_GTIN;
	else
		out->type = SCAN_GS1;
	return SCAN_OK;
}
