/*
 * web-public.h — the pages anyone on the intranet may read without
 * signing in (unless the hub was started with --no-public): where to
 * borrow, the basis lists, the antidote overview.
 */
#ifndef TALLY_HUB_WEB_PUBLIC_H
#define TALLY_HUB_WEB_PUBLIC_H

#include "hub/web-page.h"

#include "hub/hdb.h"

void web_page_home(struct page *p, struct hdb *db);
void web_page_borrow(struct page *p, struct hdb *db);
void web_page_basis(struct page *p, struct hdb *db);
void web_page_antidotes(struct page *p, struct hdb *db);

#endif
