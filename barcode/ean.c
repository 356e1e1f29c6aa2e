/*
 * ean.c — EAN-13, EAN-8, UPC-A, UPC-E and ITF-14: all are GTINs, and tally
 * stores every GTIN as GTIN-14 so that one code table finds them all.
 */
#include "barcode/scan-internal.h"
#include "barcode/gs1-ai.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

/* UPC-E (number system, 6 digits, check) → the UPC-A it stands for. */
static int upce_expand(const char *e, char a[13])
{
	char ns = e[0], d1 = e[1], d2 = e[2], d3 = e[3], d4 = e[4], d5 = e[5], d6 = e[6];
	if (ns != '0' && ns != '1')
		return -1;
	switch (d6) {
	case '0':
	case '1':
	case '2':
		snprintf(a, 13, "%c%c%c%c0000%c%c%c", ns, d1, d2, d6, d3, d4, d5);
		break;
	case '3':
		snprintf(a, 13, "%c%c%c%c00000%c%c", ns, d1, d2, d3, d4, d5);
		break;
	case '4':
		snprintf(a, 13, "%c%c%c%c%c00000%c", ns, d1, d2, d3, d4, d5);
		break;
	default:
		snprintf(a, 13, "%c%c%c%c%c%c0000%c", ns, d1, d2, d3, d4, d5, d6);
		break;
	}
	a[11] = e[7];
	a[12] = '\0';
	return 0;
}

enum scan_error ean_parse(const char *digits, size_t n, size_t base, int upce, struct scan *out,
                          struct scan_failure *fail)
{
	char buf[15];
	size_t check_at = base + n - 1; /* in the input, also for UPC-E */
	if (strspn(digits, "0123456789") < n)
		return scan_fail(fail, SCAN_E_CHARSET, base + strspn(digits, "0123456789"), "",
		                 _("an EAN/UPC code holds only digits"));
	if (upce) {
		if (n != 8 || upce_expand(digits, buf) != 0)
			return scan_fail(fail, SCAN_E_LENGTH, base, "",
			                 _("a UPC-E code has 8 digits starting with 0 or 1"));
		digits = buf;
		n = 12;
	}
	if (n != 8 && n != 12 && n != 13 && n != 14)
		return scan_fail(fail, SCAN_E_LENGTH, base, "",
		                 _("a GTIN has 8, 12, 13 or 14 digits, not %zu"), n);
	int cd = gs1_check_digit(digits, n - 1);
	if (cd != digits[n - 1] - '0')
		return scan_fail(fail, SCAN_E_CHECK_DIGIT, check_at, "",
		                 _("the check digit is %c but should be %d — a misread or a wrong "
		                   "number"),
		                 digits[n - 1], cd);
	memset(out->gtin, '0', 14 - n);
	memcpy(out->gtin + 14 - n, digits, n);
	out->gtin[14] = '\0';
	out->type = SCAN_GTIN;
	/* as (01), so that a composite's AIs are checked against it */
	return gs1_add(out, "01", out->gtin, 14, base, out->reference_year, fail);
}
