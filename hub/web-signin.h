/*
 * web-signin.h — signing in and out of the staff pages: the form (with a
 * CSRF token of its own, as a cookie and a hidden field), the check
 * (account.h: lock-out; account-limit.h: attempts per address), the
 * session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS).
 */
#ifndef TALLY_HUB_WEB_SIGNIN_H
#define TALLY_HUB_WEB_SIGNIN_H

#include "hub/web-page.h"

#include "hub/hdb.h"

#define WEB_SESSION_COOKIE "tally_session"
#define WEB_SIGNIN_COOKIE  "tally_signin"

void web_page_signin(struct page *p, struct hdb *db);  /* GET /signin */
void web_post_signin(struct page *p, struct hdb *db);  /* POST /signin */
void web_post_signout(struct page *p, struct hdb *db); /* POST /signout */

/* Is path a safe place to go after signing in (a path of this hub)? */
int web_local_path(const char *path);

#endif
