/*
 * shortage.h — shortage notices on the handheld, in words: the warning a
 * scan of an article under an ongoing shortage gives (jobs/pack.c, in every
 * job), and the notice with its alternatives for `tally where`, the refill
 * order and `tally status`.  The notices come from the hub with the master
 * data (db: store_shortages).
 */
#ifndef TALLY_JOBS_SHORTAGE_H
#define TALLY_JOBS_SHORTAGE_H

#include "common/err.h"

#include <jansson.h>
#include <stddef.h>

struct store;

/* One notice (an element of store_shortages) in words: "Supply failure
 * (ongoing) for NAME: MESSAGE. Alternatives: NAME (note), NAME." */
void shortage_text(json_t *notice, char *buf, size_t size);

/* The alternatives alone: "NAME (note), NAME"; "" when none. */
void shortage_alternatives_text(json_t *notice, char *buf, size_t size);

/* The warning for a scan of article_id: the text of its ongoing notice,
 * or "" when there is none (an upcoming notice does not warn).  0, or the
 * store's status with e set. */
int shortage_warning(struct store *s, const char *article_id, char *buf, size_t size,
                     struct tally_err *e);

#endif
