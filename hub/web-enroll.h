/*
 * web-enroll.h — the enrolment page for administrators: make a one-time
 * code for a handheld, shown as text and as a QR image to scan.
 */
#ifndef TALLY_HUB_WEB_ENROLL_H
#define TALLY_HUB_WEB_ENROLL_H

#include "hub/web-page.h"

#include "hub/hdb.h"

void web_page_enroll(struct page *p, struct hdb *db); /* GET /enroll */
void web_post_enroll(struct page *p, struct hdb *db); /* POST /enroll */

#endif
