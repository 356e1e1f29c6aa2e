/*
 * scan-json.h — a parsed scan as DESIGN §7's JSON and as one line of text,
 * shared by `tally decode` and `tally scan`.
 */
#ifndef TALLY_DRIVERS_SCAN_JSON_H
#define TALLY_DRIVERS_SCAN_JSON_H

#include "barcode/scan.h"

#include <jansson.h>
#include <stdio.h>

/* {"ok":true,"type":...} or {"ok":false,"input":...,"error":...} (new ref). */
json_t *scan_to_json(const struct scan *s, enum scan_error err, const struct scan_failure *f);

/* One line for people: "gs1 ]d2  GTIN 0952... batch AB12 expiry 2027-12-31". */
void scan_print(FILE *out, const struct scan *s, enum scan_error err, const struct scan_failure *f);

#endif
