/*
 * tier.h — time-criticality: how fast a storage place's stock reaches the
 * patient (the preparedness guideline's five tiers, first needed first):
 * ambulance, emergency department, ward, hospital pharmacy, wholesaler
 * (plan_place.tier).  A drill's cover is shown cumulatively by tier: what
 * is counted within the first tier, within the first two, and so on, so the
 * drill leader sees whether the stock is where it is needed first.  Places
 * without a tier, and places the plan does not name, come last.
 *
 * Used by the handheld's drill (jobs/drill.c) and the hub's drill report
 * (hub/report-drill.c), so both say the same figures in the same words.
 */
#ifndef TALLY_CORE_TIER_H
#define TALLY_CORE_TIER_H

#include <stddef.h>
#include <stdint.h>

enum tier {
	TIER_AMBULANCE,
	TIER_EMERGENCY,
	TIER_WARD,
	TIER_PHARMACY,
	TIER_WHOLESALER,
	TIER_NONE, /* no tier said, or a place the plan does not name */
	TIER_COUNT
};

/* The tier a plan_place.tier value names; NULL or "" is TIER_NONE; -1 for
 * anything else. */
int tier_parse(const char *s);

/* The stable key ("ambulance" ... "wholesaler", "none"). */
const char *tier_key(int tier);

/* Cover by tier: counted[t] packs at places of tier t; present[t] set when
 * the plan line has a place of that tier (or packs turned up there). */
struct tier_cover {
	int64_t counted[TIER_COUNT];
	int present[TIER_COUNT];
};

/* What staff call tier t ("ambulances", "emergency department", ...):
 * the untranslated msgid, for a front end that translates per request
 * (the hub's pages); tier_cover_text says the same words. */
const char *tier_words_msgid(int tier);

/* Add packs counted at a place of tier t (a tier out of range: TIER_NONE). */
void tier_cover_add(struct tier_cover *c, int tier, int64_t packs);

/* Packs counted within the tiers up to and including t. */
int64_t tier_cover_within(const struct tier_cover *c, int tier);

/* The cumulative cover in words, for people: "within ambulance: 2 of 60;
 * within emergency department: 14 of 60; ...", the tiers present only
 * (translated). */
void tier_cover_text(const struct tier_cover *c, int64_t required, char *buf, size_t size);

#endif
