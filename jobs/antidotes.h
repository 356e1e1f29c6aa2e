/*
 * antidotes.h — where the antidotes are (`tally antidotes`), offline: every
 * article marked as an antidote, with the locations holding it on a basis
 * list and the last count known to this handheld.
 */
#ifndef TALLY_CLIENT_ANTIDOTES_H
#define TALLY_CLIENT_ANTIDOTES_H

#include "common/err.h"
#include "db/store.h"

#include <jansson.h>

struct antidote {
	struct article article;
	struct holding *holdings;
	size_t n;
};

/* The handheld's own hospital (`near`, may be NULL) first in each list. */
int antidotes_list(struct store *s, const char *near, struct antidote **out, size_t *n,
                   struct tally_err *e);
/* [{"article_id","name","locations":[{"location_id","name","hospital_id",
 *   "min","max","last_count" (null if none),"counted_at"}]}] (new reference) */
json_t *antidotes_json(const struct antidote *a, size_t n);
void antidotes_free(struct antidote *a, size_t n);

#endif
