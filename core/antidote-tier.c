/*
 * antidote-tier.c — the stocking tiers' rule (see antidote-tier.h).
 */
#include "core/antidote-tier.h"

#include <string.h>

int antidote_asked_of_hospital(const char *tier, int larger)
{
	if (tier == NULL)
		return 0;
	return strcmp(tier, "all") == 0 || (strcmp(tier, "larger") == 0 && larger);
}

int antidote_once_per_region(const char *tier)
{
	return tier != NULL && strcmp(tier, "region") == 0;
}
