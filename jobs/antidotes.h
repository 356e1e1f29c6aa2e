/*
 * antidotes.h — where the antidotes are (`tally antidotes`), offline: every
 * article marked as an antidote, with the locations holding it on a basis
 * list and the last count known to this handheld; and against its
 * recommended stocking tier (core/antidote-tier.h): what is recommended at
 * this handheld's hospital ([device] hospital) and what its places hold by
 * their last counts.
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
	struct antidote_tier tier; /* the stocking tier, and the hospital's */
	int asked;                 /* recommended at this hospital: tier.qty */
	int64_t held;              /* the last counts at the hospital's places (none below 0) */
	int held_counted;          /* at least one of those places was counted */
};

/* The handheld's own hospital (`near`, may be NULL) first in each list. */
int antidotes_list(struct store *s, const char *near, struct antidote **out, size_t *n,
                   struct tally_err *e);
/* Packs short of the recommendation at this hospital (0 when enough or
 * not asked). */
int64_t antidote_short(const struct antidote *a);
/* [{"article_id","name","stocking_tier" (null if none),
 *   "hospital_tier" (larger|other; null when the hospital is not known),
 *   "recommended" (null when not asked of this hospital),"held" (null when
 *   none of its places was counted),"short" (null unless recommended),
 *   "locations":[{"location_id","name","hospital_id","min","max",
 *   "last_count" (null if none),"counted_at"}]}] (new reference) */
json_t *antidotes_json(const struct antidote *a, size_t n);
void antidotes_free(struct antidote *a, size_t n);

#endif
