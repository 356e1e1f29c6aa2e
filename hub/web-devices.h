/*
 * web-devices.h — the handhelds page for administrators: every enrolled
 * handheld, and revoking one (a change: CSRF token, audit log).
 */
#ifndef TALLY_HUB_WEB_DEVICES_H
#define TALLY_HUB_WEB_DEVICES_H

#include "hub/web-page.h"

#include "hub/hdb.h"

void web_page_devices(struct page *p, struct hdb *db); /* GET /devices */
void web_post_revoke(struct page *p, struct hdb *db);  /* POST /devices/revoke */

#endif
