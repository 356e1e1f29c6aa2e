/*
 * tier.c — time-criticality tiers and cover counted cumulatively by tier
 * (see tier.h).
 */
#include "core/tier.h"
#include "common/i18n.h"

#include <stdio.h>
#include <string.h>

static const char *const tier_keys[TIER_COUNT] = {
	"ambulance", "emergency", "ward", "pharmacy", "wholesaler", "none",
};

/* What staff call each tier. */
static const char *const tier_words[TIER_COUNT] = {
	N_("ambulances"),        N_("emergency department"), N_("wards"),
	N_("hospital pharmacy"), N_("wholesaler"),           N_("other places"),
};

int tier_parse(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return TIER_NONE;
	for (int t = 0; t < TIER_NONE; t++)
		if (strcmp(s, tier_keys[t]) == 0)
			return t;
	return -1;
}

const char *tier_key(int tier)
{
	return tier >= 0 && tier < TIER_COUNT ? tier_keys[tier] : tier_keys[TIER_NONE];
}

const char *tier_words_msgid(int tier)
{
	return tier_words[tier >= 0 && tier < TIER_COUNT ? tier : TIER_NONE];
}

void tier_cover_add(struct tier_cover *c, int tier, int64_t packs)
{
	if (tier < 0 || tier >= TIER_COUNT)
		tier = TIER_NONE;
	c->counted[tier] += packs;
	c->present[tier] = 1;
}

int64_t tier_cover_within(const struct tier_cover *c, int tier)
{
	int64_t n = 0;
	for (int t = 0; t <= tier && t < TIER_COUNT; t++)
		n += c->counted[t];
	return n;
}

void tier_cover_text(const struct tier_cover *c, int64_t required, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int t = 0; t < TIER_COUNT && len < size; t++) {
		if (!c->present[t])
			continue;
		len += (size_t)snprintf(buf + len, size - len, _("%swithin %s: %lld of %lld"),
		                        len ? "; " : "", _(tier_words[t]),
		                        (long long)tier_cover_within(c, t), (long long)required);
	}
}
