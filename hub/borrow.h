/*
 * borrow.h — "Hvor kan jeg låne?" at the hub: which wards hold an article
 * on their basis list, with their last count and when (the same figures
 * reconciliation gives the handhelds' `tally where`), and the published
 * basis lists.  JSON out, for the public pages (web-public.c).
 */
#ifndef TALLY_HUB_BORROW_H
#define TALLY_HUB_BORROW_H

#include "common/err.h"

#include <jansson.h>
#include "hub/hdb.h"

#define BORROW_ARTICLES_MAX 25   /* articles a search shows */
#define BASIS_ROWS_MAX      5000 /* basis lines a page shows */

/*
 * Articles whose id or code is `query`, or whose name contains it, each
 * with the wards holding it: {"articles":[{article_id, article_name,
 * wards:[{location_id, location_name, hospital_id, hospital_name, min, max,
 * last_count, counted_at, onhand}]}]}.  Wards of `hospital` (may be NULL)
 * come first; then by hospital and ward name.
 */
json_t *borrow_search(struct hdb *db, const char *query, const char *hospital, struct tally_err *e);

/* The basis lines whose ward (id or name) contains `ward` and whose article
 * (id or name) contains `article` (either may be empty): {"rows":[{
 * location_id, location_name, hospital_name, article_id, article_name, min,
 * max, policy}], "truncated": bool}. */
json_t *basis_search(struct hdb *db, const char *ward, const char *article, struct tally_err *e);

/* The wards with a basis list: [{id, name}], by name. */
json_t *basis_wards(struct hdb *db, struct tally_err *e);

/* The hospitals (locations of kind "hospital"): [{id, name}]. */
json_t *borrow_hospitals(struct hdb *db, struct tally_err *e);

#endif
