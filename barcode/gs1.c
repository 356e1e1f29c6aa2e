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
#include "barcode/gs1-lint.h"
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
	unsigned y1 = (unsigned)(s[0] - '0'), y2 = (unsigned)(s[1] - '0');
	unsigned m1 = (unsigned)(s[2] - '0'), m2 = (unsigned)(s[3] - '0');
	unsigned d1 = (unsigned)(s[4] - '0'), d2 = (unsigned)(s[5] - '0');
	if ((y1 > 9) | (y2 > 9) | (m1 > 9) | (m2 > 9) | (d1 > 9) | (d2 > 9))
		return -1; /* not all digits */
	int yy = (int)(y1 * 10 + y2), mm = (int)(m1 * 10 + m2), dd = (int)(d1 * 10 + d2);
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
	unsigned hundreds = (unsigned)(y / 100) % 100; /* 19, 20, 21, ... */
	out[0] = (char)('0' + hundreds / 10);
	out[1] = (char)('0' + hundreds % 10);
	out[2] = s[0];
	out[3] = s[1];
	out[4] = '-';
	out[5] = s[2];
	out[6] = s[3];
	out[7] = '-';
	out[8] = dd == 0 ? (char)('0' + last / 10) : s[4];
	out[9] = dd == 0 ? (char)('0' + last % 10) : s[5];
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

/* Shortest and longest data the AI may have. */
static void ai_lengths(const struct gs1_ai *def, size_t *min, size_t *max)
{
	*min = def->min_len;
	*max = def->max_len;
}

size_t gs1_ai_max_length(const struct gs1_ai *def)
{
	return def->max_len;
}

/* Each component in turn: its length, its characters, its linters. */
static enum scan_error check_components(const struct gs1_ai *def, const char *ai, const char *v,
                                        size_t len, size_t vat, int year, struct scan_failure *fail)
{
	size_t pos = 0;
	struct gs1_lint_ctx ctx = { ai, def->title, vat, year };
	for (unsigned c = 0; c < def->n_comp; c++) {
		const struct gs1_component *k = &def->comp[c];
		if (pos == len && k->optional)
			break;
		size_t take = len - pos < k->max ? len - pos : k->max;
		if (take < k->min) {
			size_t min, max;
			ai_lengths(def, &min, &max);
			if (min == max)
				return scan_fail(fail, SCAN_E_LENGTH, vat, ai,
				                 _("(%s) %s must be %zu characters, not %zu"), ai,
				                 def->title, min, len);
			return scan_fail(fail, SCAN_E_LENGTH, vat, ai,
			                 _("(%s) %s must be %zu to %zu characters, not %zu"), ai,
			                 def->title, min, max, len);
		}
		const char *d = v + pos;
		unsigned char want = (unsigned char)(1u << k->cset);
		for (size_t i = 0; i < take; i++)
			if ((gs1_cset_class[(unsigned char)d[i]] & want) == 0)
				return scan_fail(fail, SCAN_E_CHARSET, vat + pos + i, ai,
				                 _("(%s) %s: character %zu ('%c') is not allowed; "
				                   "expected %s"),
				                 ai, def->title, pos + i + 1,
				                 d[i] >= 32 && d[i] < 127 ? d[i] : '?',
				                 charset_name((enum gs1_charset)k->cset));
		ctx.at = vat + pos;
		if (k->cset == GS1_Z) {
			enum scan_error err = gs1_padding(d, take, &ctx, fail);
			if (err != SCAN_OK)
				return err;
		}
		for (unsigned l = 0; l < 3 && k->lint[l] != GS1_LINT_NONE; l++) {
			/* A numeric key of 5 digits or more holds a company prefix's
			 * 4 digits whatever it says: nothing to check. */
			if ((k->lint[l] == GS1_LINT_GCPPOS1 || k->lint[l] == GS1_LINT_GCPPOS2) &&
			    k->cset == GS1_N && take >= 5)
				continue;
			enum scan_error err =
			    gs1_lint((enum gs1_lint)k->lint[l], d, take, &ctx, fail);
			if (err != SCAN_OK)
				return err;
		}
		pos += take;
	}
	if (pos < len) {
		size_t min, max;
		ai_lengths(def, &min, &max);
		return scan_fail(fail, SCAN_E_LENGTH, vat + pos, ai,
		                 min == max ? _("(%s) %s must be %zu characters, not %zu")
		                            : _("(%s) %s is at most %zu characters, not %zu"),
		                 ai, def->title, max, len);
	}
	return SCAN_OK;
}

/* Check one value of a known AI and add it to the message. */
static enum scan_error add_ai(struct scan *out, const struct gs1_ai *def, const char *ai,
                              size_t ailen, const char *value, size_t len, size_t at, int year,
                              struct scan_failure *fail)
{
	/* check_components refuses a value longer than the AI allows, and no
	 * AI allows more than a struct scan_ai holds */
	enum scan_error err = check_components(def, ai, value, len, at + ailen, year, fail);
	if (err != SCAN_OK)
		return err;

	/* The same AI twice must say the same thing twice. */
	unsigned char row = (unsigned char)(def - gs1_ai_table + 1);
	for (size_t i = 0; i < out->n_ais; i++) {
		if (out->ais[i].row != row || memcmp(out->ais[i].ai, ai, ailen + 1) != 0)
			continue;
		if (memcmp(out->ais[i].value, value, len) == 0 && out->ais[i].value[len] == '\0')
			return SCAN_OK;
		return scan_fail(fail, SCAN_E_REPEATED_AI, at, ai,
		                 _("(%s) appears twice with different values"), ai);
	}
	if (out->n_ais == SCAN_MAX_AIS)
		return scan_fail(fail, SCAN_E_TOO_LONG, at, ai, _("too many AIs in one scan"));
	struct scan_ai *a = &out->ais[out->n_ais++];
	memcpy(a->ai, ai, ailen + 1);
	a->row = row;
	a->at = (unsigned short)at;
	memcpy(a->value, value, len);
	a->value[len] = '\0';
	return SCAN_OK;
}

enum scan_error gs1_add(struct scan *out, const char *ai, const char *value, size_t len, size_t at,
                        int year, struct scan_failure *fail)
{
	size_t ailen = strlen(ai);
	const struct gs1_ai *def = gs1_ai_find(ai, ailen);
	if (def == NULL || def->ai_len != ailen)
		return scan_fail(fail, SCAN_E_UNKNOWN_AI, at, ai,
		                 _("(%s) is not a GS1 Application Identifier"), ai);
	return add_ai(out, def, ai, ailen, value, len, at, year, fail);
}

enum scan_error gs1_read_elements(const char *data, size_t n, size_t base, int year,
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
		size_t end, full = gs1_ai_max_length(def);
		if (def->predefined) {
			end = i + full;
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
		enum scan_error err =
		    add_ai(out, def, ai, def->ai_len, data + i, end - i, base + at, year, fail);
		if (err != SCAN_OK)
			return err;
		i = end;
		if (i < n && data[i] == GS) {
			i++;
			/* A separator at the very end is harmless and common; two
			 * in a row are not (checked at the top of the loop). */
		} else if (i < n && !def->predefined) {
			return scan_fail(fail, SCAN_E_SEPARATOR, base + i, ai,
			                 _("a separator is needed after (%s)"), ai);
		}
	}
	return SCAN_OK;
}

size_t gs1_composite_start(const char *data, size_t n, size_t bar)
{
	size_t cc = bar + 1;
	if (n - cc >= 3 && memcmp(data + cc, "]e0", 3) == 0)
		cc += 3;
	return cc;
}

enum scan_error gs1_parse_element_string(const char *data, size_t n, size_t base, int year,
                                         struct scan *out, struct scan_failure *fail)
{
	/* A composite symbol: the linear part, '|', the 2D component's
	 * element string; one message. */
	const char *bar = memchr(data, '|', n);
	size_t first = bar != NULL ? (size_t)(bar - data) : n;
	enum scan_error err = gs1_read_elements(data, first, base, year, out, fail);
	if (err == SCAN_OK && bar != NULL) {
		size_t cc = gs1_composite_start(data, n, first);
		if (cc >= n)
			return scan_fail(fail, SCAN_E_COMPOSITE, base + first, "",
			                 _("the composite part after '|' is empty"));
		err = gs1_read_elements(data + cc, n - cc, base + cc, year, out, fail);
	}
	if (err != SCAN_OK)
		return err;
	return gs1_finish(out, fail);
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
	return gs1_finish(out, fail);
}

/* Rows of the AI table present in the message: a bit each. */
struct rows_present {
	unsigned long long bit[4];
};

static int any_present(const struct rows_present *p, unsigned lo, unsigned hi)
{
	for (unsigned r = lo; r <= hi; r++)
		if ((p->bit[r >> 6] >> (r & 63)) & 1)
			return 1;
	return 0;
}

/* "(01), (02), (01)+(21)": the alternatives of a requisite list, for people. */
static void describe_terms(unsigned t, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (;; t++) {
		const struct gs1_ai_term *k = &gs1_ai_terms[t];
		const struct gs1_ai *lo = &gs1_ai_table[k->lo], *hi = &gs1_ai_table[k->hi];
		int w;
		if (k->lo == k->hi && strcmp(lo->first, lo->last) == 0)
			w = snprintf(buf + o, size - o, "(%s)", lo->first);
		else
			w = snprintf(buf + o, size - o, "(%s…%s)", lo->first, hi->last);
		if (w < 0 || (size_t)w >= size - o)
			return;
		o += (size_t)w;
		if (k->end_of_list)
			return;
		w = snprintf(buf + o, size - o, "%s", k->end_of_group ? ", " : "+");
		if (w < 0 || (size_t)w >= size - o)
			return;
		o += (size_t)w;
	}
}

/* Is one alternative of the requisite list starting at term t present? */
static int requisite_met(unsigned t, const struct rows_present *p)
{
	int group_ok = 1;
	for (;; t++) {
		const struct gs1_ai_term *k = &gs1_ai_terms[t];
		if (!any_present(p, k->lo, k->hi))
			group_ok = 0;
		if (k->end_of_group) {
			if (group_ok)
				return 1;
			group_ok = 1;
		}
		if (k->end_of_list)
			return 0;
	}
}

enum scan_error gs1_check_pairs(const struct scan *out, struct scan_failure *fail)
{
	struct rows_present p = { { 0, 0, 0, 0 } }, twice = { { 0, 0, 0, 0 } };
	const struct scan_ai *sig = NULL;
	for (size_t i = 0; i < out->n_ais; i++) {
		unsigned r = out->ais[i].row - 1u;
		if (out->ais[i].row == 0)
			continue;
		const char *ai = out->ais[i].ai;
		if (ai[0] == '8' && ai[1] == '0' && ai[2] == '3' && ai[3] == '0' && ai[4] == '\0')
			sig = &out->ais[i];
		unsigned long long b = 1ULL << (r & 63);
		if (p.bit[r >> 6] & b)
			twice.bit[r >> 6] |= b; /* 3100 and 3102: two AIs of one row */
		p.bit[r >> 6] |= b;
	}
	/* Invalid pairs (ex=): an AI excludes the others its list names. */
	for (size_t i = 0; i < out->n_ais; i++) {
		if (out->ais[i].row == 0)
			continue;
		unsigned own = out->ais[i].row - 1u;
		const struct gs1_ai *def = &gs1_ai_table[own];
		if (!def->has_ex)
			continue;
		for (unsigned t = def->ex;; t++) {
			const struct gs1_ai_term *k = &gs1_ai_terms[t];
			/* the common case: nothing of the range is here */
			int hit = (own >= k->lo && own <= k->hi)
			              ? ((twice.bit[own >> 6] >> (own & 63)) & 1) ||
			                    (k->lo < own && any_present(&p, k->lo, own - 1)) ||
			                    (k->hi > own && any_present(&p, own + 1, k->hi))
			              : any_present(&p, k->lo, k->hi);
			for (size_t j = 0; hit && j < out->n_ais; j++) {
				unsigned r = out->ais[j].row - 1u;
				if (j == i || out->ais[j].row == 0 || r < k->lo || r > k->hi)
					continue;
				if (r == own && strcmp(out->ais[j].ai, out->ais[i].ai) == 0)
					continue; /* an AI is not exclusive of itself */
				/* said where the second of the two is */
				const struct scan_ai *a = &out->ais[i < j ? i : j];
				const struct scan_ai *b = &out->ais[i < j ? j : i];
				return scan_fail(fail, SCAN_E_EXCLUSIVE, b->at, b->ai,
				                 _("(%s) and (%s) must not appear together"), a->ai,
				                 b->ai);
			}
			if (k->end_of_list)
				break;
		}
	}
	/* Mandatory associations (req=): each list needs one alternative. */
	for (size_t i = 0; i < out->n_ais; i++) {
		if (out->ais[i].row == 0)
			continue;
		const struct gs1_ai *def = &gs1_ai_table[out->ais[i].row - 1];
		for (unsigned q = 0; q < def->n_req; q++) {
			if (requisite_met(def->req[q], &p))
				continue;
			char need[160];
			describe_terms(def->req[q], need, sizeof(need));
			return scan_fail(fail, SCAN_E_ASSOCIATION, out->ais[i].at, out->ais[i].ai,
			                 _("(%s) %s only means something together with one of: %s"),
			                 out->ais[i].ai, def->title, need);
		}
	}
	/* (8030) signs a serialised key: a (253), (255) or (8003) beside it
	 * must carry its optional serial component. */
	for (size_t i = 0; sig != NULL && i < out->n_ais; i++) {
		const struct scan_ai *a = &out->ais[i];
		if (strcmp(a->ai, "253") != 0 && strcmp(a->ai, "255") != 0 &&
		    strcmp(a->ai, "8003") != 0)
			continue;
		size_t min, max;
		ai_lengths(&gs1_ai_table[a->row - 1], &min, &max);
		if (strlen(a->value) == min)
			return scan_fail(fail, SCAN_E_ASSOCIATION, sig->at, "8030",
			                 _("(8030) a digital signature signs a serialised key: "
			                   "(%s) needs its serial part"),
			                 a->ai);
	}
	return SCAN_OK;
}

static void copy_field(char *dst, size_t size, const char *v)
{
	size_t n = strlen(v);
	if (n >= size)
		n = size - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

void gs1_fill_fields(struct scan *out)
{
	/* One pass over the AIs for the typed fields. */
	const char *gtin = NULL, *content = NULL, *count = NULL, *varcount = NULL;
	for (size_t i = 0; i < out->n_ais; i++) {
		const char *ai = out->ais[i].ai, *v = out->ais[i].value;
		if (ai[2] != '\0')
			continue;
		switch ((ai[0] - '0') * 10 + (ai[1] - '0')) {
		case 0:
			copy_field(out->sscc, sizeof(out->sscc), v);
			break;
		case 1:
			gtin = v;
			break;
		case 2:
			content = v;
			break;
		case 10:
			copy_field(out->batch, sizeof(out->batch), v);
			break;
		case 17:
			copy_field(out->expiry_raw, sizeof(out->expiry_raw), v);
			/* checked in gs1_add; recomputed here for the typed field */
			gs1_date(v, out->reference_year, out->expiry, &out->expiry_day_zero);
			break;
		case 21:
			copy_field(out->serial, sizeof(out->serial), v);
			break;
		case 30:
			varcount = v;
			break;
		case 37:
			count = v;
			break;
		default:
			break;
		}
	}
	if (gtin != NULL || content != NULL)
		copy_field(out->gtin, sizeof(out->gtin), gtin != NULL ? gtin : content);
	if (varcount != NULL || count != NULL)
		out->count = strtol(varcount != NULL ? varcount : count, NULL, 10);
	if (out->sscc[0])
		out->type = SCAN_SSCC; /* a logistic label, whatever else it says */
	else if (out->n_ais == 1 && gtin != NULL)
		out->type = SCAN_GTIN;
	else
		out->type = SCAN_GS1;
}

enum scan_error gs1_finish(struct scan *out, struct scan_failure *fail)
{
	enum scan_error err = gs1_check_pairs(out, fail);
	if (err != SCAN_OK)
		return err;
	gs1_fill_fields(out);
	return SCAN_OK;
}
