/*
 * where.h — "Hvor kan jeg låne?" and search by name: what a user typed or
 * scanned, as the articles it may mean.  An article id, or a pack's code
 * (any scan of it), names one article; typed letters are a name, and every
 * article whose name holds them is a candidate, those on the ward's basis
 * list first.  Typed text is never taken for an unknown code here.
 */
#ifndef TALLY_JOBS_WHERE_H
#define TALLY_JOBS_WHERE_H

#include "db/store.h"

#include <stddef.h>

#define WHERE_MAX_MATCHES 40

/* Does the user's text read as a name typed in (letters first, no label
 * prefix, no AIM symbology id) rather than a scan? */
int where_is_name(const char *text);

/* The articles `what` may mean (see above); `location_id` (may be NULL)
 * puts its basis list first.  0 with *n set (0: nothing matches); else
 * the store's status with e set. */
int where_find(struct store *s, const char *what, const char *location_id, struct article **out,
               size_t *n, struct tally_err *e);

#endif
