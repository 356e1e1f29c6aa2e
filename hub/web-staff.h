/*
 * web-staff.h — the pages behind signing in, each the view of one report
 * (report.h) or of the audit log: pick lists, receipt deviations, drills,
 * variance, stock, the audit log.  Which roles may open which page is
 * here too.
 */
#ifndef TALLY_HUB_WEB_STAFF_H
#define TALLY_HUB_WEB_STAFF_H

#include "hub/web-page.h"

#include "hub/hdb.h"

/* May an account with these roles open the staff page at path?  (Paths
 * that are not staff pages: 1.) */
int web_staff_allowed(const char *roles, const char *path);

void web_page_refill(struct page *p, struct hdb *db);
void web_page_receipts(struct page *p, struct hdb *db);
void web_page_drills(struct page *p, struct hdb *db);
void web_page_variance(struct page *p, struct hdb *db);
void web_page_stock(struct page *p, struct hdb *db);
void web_page_audit(struct page *p, struct hdb *db);

#endif
