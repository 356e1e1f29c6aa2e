/*
 * antidote-tier.h — what Giftinformasjonen's stocking tiers ask of one
 * hospital: an antidote recommended at *all* hospitals is asked of every
 * hospital, at *larger* hospitals only of those marked larger
 * (location.antidote_tier), at *least one per region* of no hospital in
 * particular (the region as a whole holds it).  The hub's antidote report
 * (hub/report-antidotes.c) and the handheld's `tally antidotes`
 * (jobs/antidotes.c) ask this one rule.
 */
#ifndef TALLY_CORE_ANTIDOTE_TIER_H
#define TALLY_CORE_ANTIDOTE_TIER_H

/* 1 when an antidote of stocking tier `tier` (all|larger|region; NULL or
 * "" none) is recommended at a hospital that is (`larger`) or is not a
 * larger hospital; its quantity is then the article's antidote_qty. */
int antidote_asked_of_hospital(const char *tier, int larger);

/* 1 for the region tier: recommended once for the whole region. */
int antidote_once_per_region(const char *tier);

#endif
