/*
 * web-cover.h — the days-of-cover page: the `tally-hub report cover`
 * figures (hub/report-cover.c) for the pharmacy, each article flagged
 * below its place's days of cover, with the alternatives where it is under
 * a shortage notice; one place (?location=ID) and another window
 * (?weeks=N, ?until=YYYY-MM-DD: the last day) on request; CSV like the
 * other tables.
 */
#ifndef TALLY_HUB_WEB_COVER_H
#define TALLY_HUB_WEB_COVER_H

#include "hub/web-page.h"

#include "hub/hdb.h"

void web_page_cover(struct page *p, struct hdb *db); /* GET /cover */

#endif
