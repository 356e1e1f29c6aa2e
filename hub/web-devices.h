/*
 * web-devices.h — the handhelds page for administrators: every enrolled
 * handheld, and revoking one (a change: CSRF token, audit log).
 */
#ifndef TALLY_HUB_WEB_DEVICES_H
#define TALLY_HUB_WEB_DEVICES_H

#include "hub/web-page.h"

#include <sqlite3.h>

void web_page_devices(struct page *p, sqlite3 *db); /* GET /devices */
void web_post_revoke(struct page *p, sqlite3 *db);  /* POST /devices/revoke */

#endif
