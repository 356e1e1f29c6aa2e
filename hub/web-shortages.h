/*
 * web-shortages.h — the shortage notices page (forsyningssvikt): the
 * current notices with their alternatives, for the staff who act on them;
 * the pharmacy registers a notice and ends one there (changes: CSRF token,
 * audit log), as `tally-hub shortage add|end` does, and every handheld
 * has it after its next sync.
 */
#ifndef TALLY_HUB_WEB_SHORTAGES_H
#define TALLY_HUB_WEB_SHORTAGES_H

#include "hub/web-page.h"

#include "hub/hdb.h"

void web_page_shortages(struct page *p, struct hdb *db);    /* GET /shortages[?all=1] */
void web_post_shortage_add(struct page *p, struct hdb *db); /* POST /shortages/add */
void web_post_shortage_end(struct page *p, struct hdb *db); /* POST /shortages/end */

#endif
