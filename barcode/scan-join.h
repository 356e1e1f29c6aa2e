/*
 * scan-join.h — a label printed as two symbols (the product's GTIN in one,
 * its batch, expiry or serial in the other) is one message when its two
 * scans follow each other.  GS1's pair rules (req=, ex=) are checked over the
 * two together; a scan that needs a partner and has none is refused with the
 * rule named, never completed by guessing.
 */
#ifndef TALLY_BARCODE_SCAN_JOIN_H
#define TALLY_BARCODE_SCAN_JOIN_H

#include "barcode/scan.h"

/*
 * `text` (len bytes) is this scan, `prev` (prev_len bytes; NULL or empty when
 * there is none) the scan just before it, as the scanner sent them.
 *
 * - This scan means something alone, and prev is not a half waiting for it:
 *   SCAN_OK, *joined = 0, out is this scan.
 * - One of the two needs a partner (a batch without its GTIN...) that the
 *   other supplies, and together they break no rule: SCAN_OK, *joined = 1,
 *   out is the one message of both (type gs1, the GTIN and the batch ...;
 *   type sscc when it carries an SSCC: a logistic label, as in one symbol).
 * - Otherwise this scan's own verdict: for a lone half,
 *   SCAN_E_ASSOCIATION naming the AI and the partners it needs.
 */
enum scan_error scan_join(const char *prev, size_t prev_len, const char *text, size_t len,
                          const struct scan_config *cfg, struct scan *out,
                          struct scan_failure *fail, int *joined);

#endif
