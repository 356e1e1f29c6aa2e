/*
 * web-unknown.h — the unknown codes page: what the handhelds scanned and
 * did not know, and mapping each to an article (a change: CSRF token,
 * audit log) so every handheld knows it after its next sync.
 */
#ifndef TALLY_HUB_WEB_UNKNOWN_H
#define TALLY_HUB_WEB_UNKNOWN_H

#include "hub/web-page.h"

#include "hub/hdb.h"

void web_page_unknown(struct page *p, struct hdb *db); /* GET /unknown */
void web_post_map(struct page *p, struct hdb *db);     /* POST /unknown/map */

#endif
