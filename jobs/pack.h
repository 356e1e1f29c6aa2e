/*
 * pack.h — what every workflow does with a scanned pack: find the article
 * it names, keep a code the handheld does not know as a record, and carry
 * the scan's batch, expiry and serial into the record.
 */
#ifndef TALLY_CLIENT_PACK_H
#define TALLY_CLIENT_PACK_H

#include "common/err.h"
#include "db/store.h"
#include "barcode/scan.h"

/*
 * The article a pack scan names (its GTIN, or HIBC labeler + product) and
 * the code's pack multiplier.  0: found.  EX_DATAERR: the handheld does not
 * know the code (record it with pack_record_unknown).  Anything else: the
 * store failed, e says how — never mistaken for an unknown code.
 */
int pack_article(struct store *s, const struct scan *sc, struct article *a, int *mult,
                 struct tally_err *e);

/* Keep an unknown code as a record with who, where and in which session,
 * to be resolved at the hub.  seq may be NULL. */
int pack_record_unknown(struct store *s, const char *session, const char *user,
                        const char *location_id, const char *text, int64_t qty, int64_t *seq,
                        struct tally_err *e);

/* Batch, expiry and serial from the scan into the record (NULL when absent). */
void pack_fields(struct record_in *in, const struct scan *sc);

#endif
