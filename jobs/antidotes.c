/*
 * antidotes.c — the antidotes this handheld knows, where they are and what
 * the hospital holds against its recommended tier (antidotes.h).
 */
#include "jobs/antidotes.h"
#include "core/antidote-tier.h"
#include "common/i18n.h"

#include <stdlib.h>
#include <string.h>

int antidotes_list(struct store *s, const char *near, struct antidote **out, size_t *n,
                   struct tally_err *e)
{
	struct article *arts;
	size_t na;
	*out = NULL;
	*n = 0;
	if (store_antidotes(s, &arts, &na, e) != 0)
		return e->status;
	struct antidote *list = calloc(na ? na : 1, sizeof(*list));
	if (list == NULL) {
		articles_free(arts, na);
		return err_set(e, EX_OSERR, _("out of memory"));
	}
	for (size_t i = 0; i < na; i++) {
		list[i].article = arts[i]; /* taken over */
		if (store_holdings(s, arts[i].id, near, &list[i].holdings, &list[i].n, e) != 0 ||
		    store_antidote_tier(s, arts[i].id, near, &list[i].tier, e) != 0) {
			for (size_t j = i + 1; j < na; j++)
				article_free(&arts[j]);
			free(arts);
			antidotes_free(list, i + 1);
			return e->status;
		}
	}
	free(arts);
	for (size_t i = 0; i < na; i++) {
		struct antidote *a = &list[i];
		a->asked = a->tier.hospital_known &&
		           antidote_asked_of_hospital(a->tier.tier, a->tier.larger);
		for (size_t j = 0; near != NULL && j < a->n; j++) {
			const struct holding *h = &a->holdings[j];
			if (h->hospital_id == NULL || strcmp(h->hospital_id, near) != 0 ||
			    !h->has_count)
				continue;
			a->held += h->last_count > 0 ? h->last_count : 0;
			a->held_counted = 1;
		}
	}
	*out = list;
	*n = na;
	return 0;
}

int64_t antidote_short(const struct antidote *a)
{
	return a->asked && a->tier.qty > a->held ? a->tier.qty - a->held : 0;
}

json_t *antidotes_json(const struct antidote *a, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *locs = json_array();
		for (size_t j = 0; j < a[i].n; j++) {
			const struct holding *h = &a[i].holdings[j];
			json_array_append_new(
			    locs,
			    json_pack("{s:s,s:s,s:s?,s:I,s:I,s:o,s:s?}", "location_id",
			              h->location_id, "name", h->location_name, "hospital_id",
			              h->hospital_id, "min", (json_int_t)h->min, "max",
			              (json_int_t)h->max, "last_count",
			              h->has_count ? json_integer(h->last_count) : json_null(),
			              "counted_at", h->counted_at));
		}
		const struct antidote *x = &a[i];
		json_t *o =
		    json_pack("{s:s,s:s}", "article_id", x->article.id, "name", x->article.name);
		json_object_set_new(o, "stocking_tier",
		                    x->tier.tier[0] ? json_string(x->tier.tier) : json_null());
		json_object_set_new(o, "hospital_tier",
		                    !x->tier.hospital_known ? json_null()
		                    : x->tier.larger        ? json_string("larger")
		                                            : json_string("other"));
		json_object_set_new(o, "recommended",
		                    x->asked ? json_integer(x->tier.qty) : json_null());
		json_object_set_new(o, "held",
		                    x->held_counted ? json_integer(x->held) : json_null());
		json_object_set_new(o, "short",
		                    x->asked ? json_integer(antidote_short(x)) : json_null());
		json_object_set_new(o, "locations", locs);
		json_array_append_new(arr, o);
	}
	return arr;
}

void antidotes_free(struct antidote *a, size_t n)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		article_free(&a[i].article);
		holdings_free(a[i].holdings, a[i].n);
	}
	free(a);
}
