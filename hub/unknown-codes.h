/*
 * unknown-codes.h — codes the handhelds scanned but did not know (their
 * `unknown-code` records), and resolving one: mapping its article key (the
 * GTIN, or the HIBC labeller and product) to an article makes a `code`
 * master row, written with its change-log entry so every handheld pulls
 * it at its next sync, and counts the records scanned with it before for
 * the article.  Audited.
 */
#ifndef TALLY_HUB_UNKNOWN_CODES_H
#define TALLY_HUB_UNKNOWN_CODES_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"

/* The key a handheld looks a scan up by (jobs/pack.c): the GTIN-14, or
 * HIBC labeller + product; "" when the scan text has neither.  out: 64. */
void unknown_code_key(const char *scan_text, char out[64]);

/* The scanned codes still unknown, most recent first: {"codes":[{key,
 * scan (one scan text of it), times, last_seen, locations}]}; scans with
 * no key (nothing to map) are left out. */
json_t *unknown_codes_list(struct hdb *db, struct tally_err *e);

/* Map key to article_id (which must exist); EX_DATAERR when it does not,
 * or key is not a GTIN-14 or HIBC key.  In the same transaction the
 * records scanned with that code before are counted for the article
 * (hub/code-attribute.h); counted (zeroed by the caller) says how many. */
struct code_attributed;
int unknown_code_map(struct hdb *db, const char *key, const char *article_id, const char *actor,
                     const char *client_addr, struct code_attributed *counted, struct tally_err *e);

#endif
